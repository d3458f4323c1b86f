//! The command line (CONTRACT §1).

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "closebot-sms",
    version,
    about = "Twilio SMS ⇄ CloseBot AI bots, with a live dashboard"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the server (the default)
    Serve {
        /// Sandbox mode: simulated Twilio and CloseBot inside the app, a
        /// phone simulator in the dashboard; no text reaches a real phone
        /// (also on by itself while no credentials are configured)
        #[arg(long)]
        sandbox: bool,
    },
    /// Apply database migrations and exit
    Migrate,
    /// Manage dashboard users
    User {
        #[command(subcommand)]
        action: UserCommand,
    },
    /// Print the API's OpenAPI description (JSON) and exit
    Openapi,
    /// Write a consistent copy of the database to FILE (safe while the server runs)
    Backup {
        /// Where to write the copy (its folder is created)
        file: std::path::PathBuf,
        /// Replace FILE if it exists
        #[arg(long)]
        force: bool,
    },
    /// Replace the database with the backup FILE (refused while a server runs on it)
    ///
    /// FILE is checked first (SQLite's integrity check, and migrations this
    /// version knows). The replaced database is kept beside it, with its WAL,
    /// as `<database>.before-restore-<time>`, so a restore can be undone.
    Restore {
        /// A file written by `closebot-sms backup` (or a scheduled backup)
        file: std::path::PathBuf,
    },
    /// Write every row of the installation to FILE, a JSON Lines file any
    /// storage backend imports (gzip when FILE ends in .gz; safe while the
    /// server runs)
    ///
    /// Credentials stay encrypted: the database FILE is imported into needs
    /// the same APP_SECRET (the `app_secret` file in the data folder, or the
    /// APP_SECRET variable).
    Export {
        /// Where to write the export, e.g. closebot-sms-export.jsonl.gz
        file: std::path::PathBuf,
        /// Replace FILE if it exists
        #[arg(long)]
        force: bool,
    },
    /// Load an export FILE into the configured database, which must hold no
    /// data (refused while a server runs on it)
    ///
    /// The database is created and migrated first. The import is one
    /// transaction, checked by every table's row count before it commits:
    /// a damaged or truncated file leaves the database empty.
    Import {
        /// A file written by `closebot-sms export`
        file: std::path::PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a user; the password is read from standard input (one line)
    Add {
        #[arg(long)]
        email: String,
        #[arg(long, value_enum)]
        role: RoleArg,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RoleArg {
    Admin,
    Agent,
}
