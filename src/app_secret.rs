//! `APP_SECRET`: from the environment, or generated once and kept in the
//! data folder so sessions and encrypted credentials survive restarts.

use std::io::Write;
use std::path::Path;

use secrecy::SecretString;

const FILE_NAME: &str = "app_secret";

pub fn load_or_create(
    configured: Option<&SecretString>,
    data_dir: &Path,
) -> std::io::Result<SecretString> {
    if let Some(secret) = configured {
        return Ok(secret.clone());
    }
    let path = data_dir.join(FILE_NAME);
    match std::fs::read_to_string(&path) {
        Ok(existing) if existing.trim().len() >= 32 => {
            return Ok(SecretString::from(existing.trim().to_owned()))
        }
        Ok(_) => {
            return Err(std::io::Error::other(format!(
                "{} is too short to be an APP_SECRET",
                path.display()
            )));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    std::fs::create_dir_all(data_dir)?;
    let secret = crate::domain::ids::random_hex(32);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(&path)?.write_all(secret.as_bytes())?;
    tracing::warn!(
        path = %path.display(),
        "APP_SECRET is not set: generated one and saved it. Back this file up; without it saved credentials cannot be decrypted"
    );
    Ok(SecretString::from(secret))
}
