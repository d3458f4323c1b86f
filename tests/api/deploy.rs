//! What can be checked of the deployment files without Docker or a server:
//! the systemd unit parses cleanly and stays hardened, and the image keeps
//! its promises (a volume for /data, the app as a non-root user, the
//! database on the volume, a health check on the real endpoint).

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn read(path: &str) -> String {
    std::fs::read_to_string(repo(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The unit with its ExecStart pointed at the binary just built, since
/// `systemd-analyze verify` checks that the program exists.
fn unit_for_this_build(dir: &Path) -> PathBuf {
    let unit = read("deploy/closebot-sms.service").replace(
        "ExecStart=/usr/local/bin/closebot-sms",
        &format!("ExecStart={}", env!("CARGO_BIN_EXE_closebot-sms")),
    );
    let path = dir.join("closebot-sms.service");
    std::fs::write(&path, unit).unwrap();
    path
}

fn systemd_analyze(args: &[&str]) -> Option<std::process::Output> {
    Command::new("systemd-analyze").args(args).output().ok()
}

#[test]
fn the_systemd_unit_parses_without_a_warning_and_stays_hardened() {
    let dir = tempfile::tempdir().unwrap();
    let unit = unit_for_this_build(dir.path());
    let unit = unit.to_str().unwrap();
    let Some(verified) = systemd_analyze(&["verify", unit]) else {
        eprintln!("systemd-analyze is not installed: skipping the unit check");
        return;
    };
    // verify exits 0 on an unknown key or a bad value, but says so.
    let said = String::from_utf8_lossy(&verified.stderr);
    let about_ours: Vec<&str> = said
        .lines()
        .filter(|l| l.contains("closebot-sms.service"))
        .collect();
    assert!(verified.status.success() && about_ours.is_empty(), "{said}");

    let Some(security) = systemd_analyze(&["security", "--offline=yes", unit]) else {
        return;
    };
    let report = String::from_utf8_lossy(&security.stdout);
    let Some(level) = report.lines().find_map(|l| {
        l.split("Overall exposure level for closebot-sms.service: ")
            .nth(1)
    }) else {
        eprintln!("this systemd-analyze has no offline security report: skipping");
        return;
    };
    let exposure: f64 = level.split_whitespace().next().unwrap().parse().unwrap();
    assert!(exposure <= 2.0, "exposure {exposure}: {report}");
}

#[test]
fn the_image_runs_as_a_non_root_user_with_the_database_on_its_volume() {
    let dockerfile = read("Dockerfile");
    let runtime = dockerfile
        .rsplit("\nFROM ")
        .next()
        .expect("a runtime stage");
    assert!(runtime.starts_with("debian:bookworm-slim"), "{runtime}");
    assert!(runtime.contains("\nVOLUME /data\n"));
    assert!(runtime.contains("DATABASE_URL=sqlite:///data/"));
    assert!(runtime.contains("/api/health"));
    assert!(runtime.contains("EXPOSE 3000"));

    // No `USER` switch: the entrypoint drops root itself (hosted volumes
    // are root's), and must hand over to the unprivileged user every time.
    let entrypoint = read("deploy/docker-entrypoint.sh");
    let runs: Vec<&str> = entrypoint
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("exec "))
        .collect();
    assert_eq!(
        runs,
        [
            "exec setpriv --reuid=closebot --regid=closebot --init-groups --no-new-privs -- \"$@\"",
            "exec \"$@\""
        ]
    );
    assert!(runtime.contains("useradd --system --uid 10001"));
}

#[test]
fn everything_the_image_copies_from_the_repository_exists_and_secrets_stay_out() {
    let dockerfile = read("Dockerfile");
    for line in dockerfile.lines().filter(|l| l.starts_with("COPY ")) {
        if line.contains("--from=") {
            continue;
        }
        let words: Vec<&str> = line
            .split_whitespace()
            .filter(|w| !w.starts_with("--"))
            .collect();
        for source in &words[1..words.len() - 1] {
            assert!(repo(source).exists(), "{line}: {source} is missing");
        }
    }
    let ignored = read(".dockerignore");
    for secret in [".env", "data", "target", "web/node_modules"] {
        assert!(
            ignored.lines().any(|l| l == secret),
            "{secret} reaches the image"
        );
    }
    // The compose file and the Fly.io example mount what the image expects.
    let compose = read("docker-compose.yml");
    assert!(compose.contains("- closebot-data:/data"));
    assert!(compose.contains("./deploy/Caddyfile:/etc/caddy/Caddyfile"));
    assert!(repo("deploy/Caddyfile").exists());
    let fly = read("deploy/fly.toml");
    assert!(fly.contains("destination = \"/data\""));
    assert!(fly.contains("internal_port = 3000"));
}
