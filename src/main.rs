use std::io::BufRead;
use std::path::Path;
use std::process::ExitCode;

use clap::Parser;
use closebot_sms::cli::{Cli, Command, RoleArg, UserCommand};
use closebot_sms::config::{Config, DatabaseLocation};
use closebot_sms::startup::{open_store, shutdown_signal, Application, Options};
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

async fn backup(config: &Config, file: &Path, force: bool) -> anyhow::Result<()> {
    let DatabaseLocation::Sqlite(database) = &config.database;
    let size = closebot_sms::backup::take(database, file, force).await?;
    println!(
        "backed up {} to {} ({size} bytes)",
        database.display(),
        file.display()
    );
    Ok(())
}

async fn restore(config: &Config, file: &Path) -> anyhow::Result<()> {
    let DatabaseLocation::Sqlite(database) = &config.database;
    let restored = closebot_sms::backup::restore(database, file, chrono::Utc::now()).await?;
    println!("restored {} into {}", file.display(), database.display());
    if let Some(before) = restored.replaced {
        println!("the database it replaced is kept as {}", before.display());
    }
    Ok(())
}

/// The error and its causes on one line.
fn one_line(error: &anyhow::Error) -> String {
    error
        .chain()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(": ")
}
