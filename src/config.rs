//! Typed configuration from the environment (and `.env`), per CONTRACT §2.
//! This is the only module that reads environment variables.

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use secrecy::SecretString;

pub use crate::backup::settings::BackupSchedule;

#[derive(Debug, Clone)]
pub struct Config {
    pub host: IpAddr,
    pub port: u16,
    /// Public base URL without a trailing slash.
    pub app_url: String,
    pub database: DatabaseLocation,
    pub app_secret: Option<SecretString>,
    pub twilio_account_sid: Option<String>,
    pub twilio_auth_token: Option<SecretString>,
    pub closebot_api_key: Option<SecretString>,
    pub twilio_api_base: String,
    pub closebot_api_base: String,
    pub validate_twilio_signatures: bool,
    pub admin_email: Option<String>,
    pub admin_password: Option<SecretString>,
    pub log_format: LogFormat,
    /// How long alerts gather before they go out as one digest (at most two minutes).
    pub alert_batch_window: std::time::Duration,
    /// `JOB_LEASE_SECONDS`: how long a claimed job is its instance's before
    /// another may take it over (`None`: the queue's default).
    pub job_lease: Option<std::time::Duration>,
    /// Scheduled backups (`BACKUP_DIR`, `BACKUP_EVERY`, `BACKUP_KEEP`); off when unset.
    pub backups: Option<BackupSchedule>,
    /// Bearer token for `GET /metrics`; unset, the endpoint does not exist.
    pub metrics_token: Option<SecretString>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseLocation {
    Sqlite(PathBuf),
    /// A PostgreSQL database shared by any number of instances.
    Postgres(PostgresUrl),
}

/// A `postgres://` URL; its password never reaches a log.
#[derive(Clone, PartialEq, Eq)]
pub struct PostgresUrl(String);

impl PostgresUrl {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for PostgresUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_string())
    }
}

impl std::fmt::Display for PostgresUrl {
    /// The URL with its password masked.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match url::Url::parse(&self.0) {
            Ok(mut url) if url.password().is_some() => {
                let _ = url.set_password(Some("****"));
                f.write_str(url.as_str())
            }
            Ok(url) => f.write_str(url.as_str()),
            Err(_) => f.write_str("postgres://…"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Pretty,
    Json,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("configuration error: {0}")]
pub struct ConfigError(pub String);

const DEFAULT_DATABASE: &str = "sqlite://./data/closebot-sms.db";
const MIN_SECRET_LEN: usize = 32;
const MIN_METRICS_TOKEN_LEN: usize = 16;

impl Config {
    /// Reads the process environment, after loading `.env` if present.
    pub fn from_process_env() -> Result<Self, ConfigError> {
        // A missing .env is normal; a malformed one is a configuration error.
        match dotenvy::dotenv() {
            Ok(_) => {}
            Err(e) if e.not_found() => {}
            Err(e) => return Err(ConfigError(format!(".env could not be read: {e}"))),
        }
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |name: &str| {
            lookup(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let secret = |name: &str| get(name).map(SecretString::from);

        let host = match get("HOST") {
            Some(raw) => raw.parse().map_err(|_| {
                ConfigError(format!(
                    "HOST `{raw}` is not an IP address (for example 0.0.0.0)"
                ))
            })?,
            None => IpAddr::from([0, 0, 0, 0]),
        };
        let port = match get("PORT") {
            Some(raw) => raw
                .parse()
                .map_err(|_| ConfigError(format!("PORT `{raw}` is not a port number (0-65535)")))?,
            None => 3000,
        };
        let app_url =
            parse_app_url(get("APP_URL").unwrap_or_else(|| format!("http://localhost:{port}")))?;
        let database = match (get("DATABASE_URL"), get("DATABASE_PATH")) {
            (Some(url), _) => parse_database_url(&url)?,
            (None, Some(path)) => DatabaseLocation::Sqlite(PathBuf::from(path)),
            (None, None) => parse_database_url(DEFAULT_DATABASE)?,
        };
        let app_secret = secret("APP_SECRET");
        if let Some(s) = &app_secret {
            use secrecy::ExposeSecret;
            if s.expose_secret().len() < MIN_SECRET_LEN {
                return Err(ConfigError(format!(
                    "APP_SECRET must be at least {MIN_SECRET_LEN} characters"
                )));
            }
        }
        let on_postgres = matches!(database, DatabaseLocation::Postgres(_));
        if on_postgres && app_secret.is_none() {
            // A generated secret would differ per instance: credentials one
            // encrypted, sessions one signed, would be unreadable to the others.
            return Err(ConfigError(
                "APP_SECRET must be set with a postgres:// DATABASE_URL: every instance shares it"
                    .into(),
            ));
        }
        let twilio_account_sid = get("TWILIO_ACCOUNT_SID");
        if let Some(sid) = &twilio_account_sid {
            validate_account_sid(sid).map_err(ConfigError)?;
        }
        let validate_twilio_signatures = match get("TWILIO_VALIDATE_SIGNATURES") {
            Some(raw) => parse_bool(&raw).ok_or_else(|| {
                ConfigError(format!(
                    "TWILIO_VALIDATE_SIGNATURES `{raw}` must be true or false"
                ))
            })?,
            None => true,
        };
        let log_format = match get("LOG_FORMAT").as_deref() {
            None | Some("pretty") => LogFormat::Pretty,
            Some("json") => LogFormat::Json,
            Some(other) => {
                return Err(ConfigError(format!(
                    "LOG_FORMAT `{other}` must be pretty or json"
                )))
            }
        };
        let alert_batch_window =
            seconds_in("ALERT_BATCH_SECONDS", get("ALERT_BATCH_SECONDS"), 1..=120)?
                .unwrap_or(std::time::Duration::from_secs(60));
        let job_lease = seconds_in("JOB_LEASE_SECONDS", get("JOB_LEASE_SECONDS"), 5..=600)?;
        let backups =
            BackupSchedule::parse(get("BACKUP_DIR"), get("BACKUP_EVERY"), get("BACKUP_KEEP"))
                .map_err(ConfigError)?;
        if on_postgres && backups.is_some() {
            return Err(ConfigError(
                "BACKUP_DIR copies an SQLite database; on Postgres take backups with pg_dump (or your provider's snapshots)".into(),
            ));
        }
        let metrics_token = secret("METRICS_TOKEN");
        if let Some(token) = &metrics_token {
            use secrecy::ExposeSecret;
            let token = token.expose_secret();
            if token.len() < MIN_METRICS_TOKEN_LEN || token.contains(char::is_whitespace) {
                return Err(ConfigError(format!(
                    "METRICS_TOKEN must be at least {MIN_METRICS_TOKEN_LEN} characters, without spaces"
                )));
            }
        }
        let admin_email = get("ADMIN_EMAIL");
        let admin_password = secret("ADMIN_PASSWORD");
        Ok(Self {
            host,
            port,
            app_url,
            database,
            app_secret,
            twilio_account_sid,
            twilio_auth_token: secret("TWILIO_AUTH_TOKEN"),
            closebot_api_key: secret("CLOSEBOT_API_KEY"),
            twilio_api_base: parse_origin(
                "TWILIO_API_BASE",
                get("TWILIO_API_BASE"),
                "https://api.twilio.com",
            )?,
            closebot_api_base: parse_origin(
                "CLOSEBOT_API_BASE",
                get("CLOSEBOT_API_BASE"),
                "https://api.closebot.com",
            )?,
            validate_twilio_signatures,
            admin_email,
            admin_password,
            log_format,
            alert_batch_window,
            job_lease,
            backups,
            metrics_token,
        })
    }

    /// Folder for the generated secret and other local state: the database's.
    pub fn data_dir(&self) -> &Path {
        match &self.database {
            DatabaseLocation::Sqlite(path) => path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new(".")),
            DatabaseLocation::Postgres(_) => Path::new("./data"),
        }
    }

    pub fn secure_cookies(&self) -> bool {
        self.app_url.starts_with("https://")
    }
}

pub fn validate_account_sid(sid: &str) -> Result<(), String> {
    let ok =
        sid.len() == 34 && sid.starts_with("AC") && sid[2..].bytes().all(|b| b.is_ascii_hexdigit());
    if ok {
        Ok(())
    } else {
        Err(format!(
            "Twilio Account SID `{sid}` must be AC followed by 32 hex characters"
        ))
    }
}

fn parse_app_url(raw: String) -> Result<String, ConfigError> {
    let url =
        url::Url::parse(&raw).map_err(|_| ConfigError(format!("APP_URL `{raw}` is not a URL")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(ConfigError(format!(
            "APP_URL `{raw}` must be an http(s) URL with a host"
        )));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(ConfigError(format!(
            "APP_URL `{raw}` must not have a query or fragment"
        )));
    }
    Ok(raw.trim_end_matches('/').to_owned())
}

fn parse_origin(name: &str, raw: Option<String>, default: &str) -> Result<String, ConfigError> {
    let raw = raw.unwrap_or_else(|| default.to_owned());
    match url::Url::parse(&raw) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => {
            Ok(raw.trim_end_matches('/').to_owned())
        }
        _ => Err(ConfigError(format!(
            "{name} `{raw}` must be an http(s) URL"
        ))),
    }
}

fn parse_database_url(raw: &str) -> Result<DatabaseLocation, ConfigError> {
    if let Some(path) = raw
        .strip_prefix("sqlite://")
        .or_else(|| raw.strip_prefix("sqlite:"))
    {
        let path = path.split('?').next().unwrap_or_default();
        if path.is_empty() || path == ":memory:" {
            return Err(ConfigError(format!(
                "DATABASE_URL `{raw}` must name a database file"
            )));
        }
        return Ok(DatabaseLocation::Sqlite(PathBuf::from(path)));
    }
    if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
        return match url::Url::parse(raw) {
            Ok(url) if url.host().is_some() => Ok(DatabaseLocation::Postgres(PostgresUrl(raw.to_owned()))),
            _ => Err(ConfigError(
                "DATABASE_URL: a postgres:// URL must name a host (postgres://USER:PASSWORD@HOST:PORT/DATABASE)".into(),
            )),
        };
    }
    Err(ConfigError(format!(
        "DATABASE_URL `{raw}` must start with sqlite:// or postgres://"
    )))
}

/// A whole number of seconds within `range`, when the variable is set.
fn seconds_in(
    name: &str,
    raw: Option<String>,
    range: std::ops::RangeInclusive<u64>,
) -> Result<Option<std::time::Duration>, ConfigError> {
    let Some(raw) = raw else {
        return Ok(None);
    };
    match raw.trim().parse::<u64>() {
        Ok(seconds) if range.contains(&seconds) => {
            Ok(Some(std::time::Duration::from_secs(seconds)))
        }
        _ => Err(ConfigError(format!(
            "{name} `{raw}` must be a whole number of seconds from {} to {}",
            range.start(),
            range.end()
        ))),
    }
}

fn parse_bool(raw: &str) -> Option<bool> {
    match raw.to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "on" => Some(true),
        "false" | "0" | "no" | "off" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|name| map.get(name).cloned())
    }

    #[test]
    fn defaults_follow_the_contract() {
        let c = config(&[]).unwrap();
        assert_eq!(c.port, 3000);
        assert_eq!(c.app_url, "http://localhost:3000");
        assert_eq!(
            c.database,
            DatabaseLocation::Sqlite("./data/closebot-sms.db".into())
        );
        assert_eq!(c.data_dir(), Path::new("./data"));
        assert_eq!(c.twilio_api_base, "https://api.twilio.com");
        assert!(c.validate_twilio_signatures);
        assert_eq!(c.log_format, LogFormat::Pretty);
        assert!(c.metrics_token.is_none(), "metrics are off by default");
    }

    #[test]
    fn app_url_follows_port_and_loses_trailing_slash() {
        assert_eq!(
            config(&[("PORT", "8080")]).unwrap().app_url,
            "http://localhost:8080"
        );
        assert_eq!(
            config(&[("APP_URL", "https://sms.example.com/")])
                .unwrap()
                .app_url,
            "https://sms.example.com"
        );
    }

    #[test]
    fn database_forms() {
        let abs = config(&[("DATABASE_URL", "sqlite:///var/lib/x.db")]).unwrap();
        assert_eq!(
            abs.database,
            DatabaseLocation::Sqlite("/var/lib/x.db".into())
        );
        let short = config(&[("DATABASE_PATH", "./db/y.db")]).unwrap();
        assert_eq!(short.database, DatabaseLocation::Sqlite("./db/y.db".into()));
    }

    #[test]
    fn postgres_needs_a_shared_secret_and_no_file_backups() {
        let url = (
            "DATABASE_URL",
            "postgres://app:hunter2@db.internal:5432/closebot",
        );
        let secret = ("APP_SECRET", "a-secret-shared-by-every-instance-0123456789");
        let c = config(&[url, secret]).unwrap();
        let DatabaseLocation::Postgres(pg) = &c.database else {
            panic!("{:?}", c.database)
        };
        assert_eq!(pg.expose(), url.1);
        assert!(
            !format!("{c:?}").contains("hunter2"),
            "the password stays out of logs"
        );
        assert!(config(&[url])
            .unwrap_err()
            .to_string()
            .contains("APP_SECRET"));
        let backups = config(&[url, secret, ("BACKUP_DIR", "b")]).unwrap_err();
        assert!(backups.to_string().contains("pg_dump"), "{backups}");
        assert!(config(&[("DATABASE_URL", "postgres:///nohost"), secret]).is_err());
    }

    #[test]
    fn bad_values_are_one_line_errors() {
        for vars in [
            vec![("PORT", "70000")],
            vec![("HOST", "localhost:3")],
            vec![("APP_URL", "ftp://x")],
            vec![("DATABASE_URL", "mysql://x")],
            vec![("APP_SECRET", "short")],
            vec![("TWILIO_VALIDATE_SIGNATURES", "maybe")],
            vec![("LOG_FORMAT", "xml")],
            vec![("ALERT_BATCH_SECONDS", "0")],
            vec![("ALERT_BATCH_SECONDS", "121")],
            vec![("JOB_LEASE_SECONDS", "4")],
            vec![("JOB_LEASE_SECONDS", "soon")],
            vec![("TWILIO_ACCOUNT_SID", "AC123")],
            vec![("BACKUP_EVERY", "6h")],
            vec![("BACKUP_DIR", "b"), ("BACKUP_EVERY", "often")],
            vec![("METRICS_TOKEN", "short")],
            vec![("METRICS_TOKEN", "a token with spaces in it")],
        ] {
            let err = config(&vars).unwrap_err();
            assert!(!err.to_string().contains('\n'), "{err}");
        }
    }
}
