use std::io::BufRead;
use std::path::Path;
use std::process::ExitCode;

use clap::Parser;
use closebot_sms::backup::portable;
use closebot_sms::cli::{Cli, Command, RoleArg, UserCommand};
use closebot_sms::config::{Config, DatabaseLocation};
use closebot_sms::startup::{open_store, shutdown_signal, Application, Options};
use closebot_sms::storage::portable::Database;
use closebot_sms::storage::Role;

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(Command::Openapi) = cli.command {
        let doc = closebot_sms::http::openapi::document();
        println!(
            "{}",
            doc.to_pretty_json()
                .expect("the OpenAPI document serialises")
        );
        return ExitCode::SUCCESS;
    }
    let config = match Config::from_process_env() {
        Ok(config) => config,
        Err(e) => {
            eprintln!("closebot-sms: {e}");
            return ExitCode::from(2);
        }
    };
    closebot_sms::telemetry::init(config.log_format);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("the tokio runtime starts");
    let result = runtime.block_on(async move {
        match cli.command.unwrap_or(Command::Serve { sandbox: false }) {
            Command::Serve { sandbox } => {
                let options = Options {
                    sandbox,
                    ..Options::default()
                };
                let app = Application::build(config, options).await?;
                app.run_until_stopped(shutdown_signal()).await
            }
            Command::Migrate => {
                let store = open_store(&config).await?;
                store.close().await;
                println!("migrations applied");
                Ok(())
            }
            Command::User {
                action: UserCommand::Add { email, role },
            } => add_user(&config, &email, role).await,
            Command::Openapi => Ok(()),
            Command::Backup { file, force } => backup(&config, &file, force).await,
            Command::Restore { file } => restore(&config, &file).await,
            Command::Export { file, force } => export(&config, &file, force).await,
            Command::Import { file } => import(&config, &file).await,
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("closebot-sms: {}", one_line(&e));
            ExitCode::FAILURE
        }
    }
}

async fn add_user(config: &Config, email: &str, role: RoleArg) -> anyhow::Result<()> {
    let mut password = String::new();
    std::io::stdin().lock().read_line(&mut password)?;
    let password = password.trim_end_matches(['\r', '\n']);
    let store = open_store(config).await?;
    let role = match role {
        RoleArg::Admin => Role::Admin,
        RoleArg::Agent => Role::Agent,
    };
    let created = closebot_sms::users::create(
        &store,
        email,
        password,
        role,
        false,
        chrono::Utc::now().timestamp_millis(),
    )
    .await;
    store.close().await;
    created?;
    println!("created {} user {email}", role.as_str());
    Ok(())
}

/// The SQLite file a file-level command works on; on Postgres, `instead`
/// says what does that job there.
fn sqlite_file<'a>(config: &'a Config, command: &str, instead: &str) -> anyhow::Result<&'a Path> {
    match &config.database {
        DatabaseLocation::Sqlite(path) => Ok(path),
        DatabaseLocation::Postgres(_) => Err(anyhow::anyhow!(
            "`closebot-sms {command}` works on an SQLite database file; on Postgres {instead}"
        )),
    }
}

const PG_DUMP: &str = "use pg_dump and pg_restore (or your provider's snapshots)";

async fn backup(config: &Config, file: &Path, force: bool) -> anyhow::Result<()> {
    let database = sqlite_file(config, "backup", PG_DUMP)?;
    let size = closebot_sms::backup::take(database, file, force).await?;
    println!(
        "backed up {} to {} ({size} bytes)",
        database.display(),
        file.display()
    );
    Ok(())
}

async fn restore(config: &Config, file: &Path) -> anyhow::Result<()> {
    let database = sqlite_file(config, "restore", PG_DUMP)?;
    let restored = closebot_sms::backup::restore(database, file, chrono::Utc::now()).await?;
    println!("restored {} into {}", file.display(), database.display());
    if let Some(before) = restored.replaced {
        println!("the database it replaced is kept as {}", before.display());
    }
    Ok(())
}

/// The database `export` and `import` work on (either engine), and its
/// name for the operator (a Postgres URL without its password).
fn portable_database(config: &Config) -> (Database<'_>, String) {
    match &config.database {
        DatabaseLocation::Sqlite(path) => (Database::Sqlite(path), path.display().to_string()),
        DatabaseLocation::Postgres(url) => (Database::Postgres(url.expose()), url.to_string()),
    }
}

async fn export(config: &Config, file: &Path, force: bool) -> anyhow::Result<()> {
    let (database, name) = portable_database(config);
    let now = chrono::Utc::now().timestamp_millis();
    let mut counter = Counter::new("exported");
    let exported = portable::export(database, file, force, now, &mut |done, total| {
        counter.show(done, total)
    })
    .await;
    counter.end();
    let exported = exported?;
    println!(
        "exported {} rows of {name} to {} ({} bytes)",
        exported.header.total_rows(),
        file.display(),
        exported.size
    );
    let secret = match database {
        Database::Sqlite(_) => format!(
            "the app_secret file in {}, or the APP_SECRET variable",
            config.data_dir().display()
        ),
        Database::Postgres(_) => "the APP_SECRET variable".to_owned(),
    };
    println!("credentials in it stay encrypted: import it where APP_SECRET is the same ({secret})");
    Ok(())
}

async fn import(config: &Config, file: &Path) -> anyhow::Result<()> {
    let (database, name) = portable_database(config);
    let mut counter = Counter::new("imported");
    let imported =
        portable::import(database, file, &mut |done, total| counter.show(done, total)).await;
    counter.end();
    let imported = imported?;
    let header = &imported.header;
    println!(
        "imported {} into {name} (exported by closebot-sms {}, schema {})",
        file.display(),
        header.app,
        header.schema
    );
    println!("{:<24} {:>12} {:>12}", "table", "in the file", "imported");
    for count in &imported.counts {
        println!(
            "{:<24} {:>12} {:>12}",
            count.table, count.expected, count.found
        );
    }
    println!(
        "every table's rows match the file ({} rows)",
        header.total_rows()
    );
    Ok(())
}

/// A live "rows done / rows in all" line on stderr, when it is a terminal
/// (scripts and logs get the summary only), redrawn at most 10 times a second.
struct Counter {
    verb: &'static str,
    shown: Option<std::time::Instant>,
    live: bool,
}

impl Counter {
    fn new(verb: &'static str) -> Self {
        use std::io::IsTerminal;
        let live = std::io::stderr().is_terminal();
        Self {
            verb,
            shown: None,
            live,
        }
    }

    fn show(&mut self, done: u64, total: u64) {
        let due = self
            .shown
            .is_none_or(|at| at.elapsed() >= std::time::Duration::from_millis(100));
        if self.live && (due || done == total) {
            eprint!("\r{} {done} / {total} rows", self.verb);
            self.shown = Some(std::time::Instant::now());
        }
    }

    fn end(&self) {
        if self.shown.is_some() {
            eprintln!();
        }
    }
}

/// The error and its causes on one line.
fn one_line(error: &anyhow::Error) -> String {
    error
        .chain()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(": ")
}
