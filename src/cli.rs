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
