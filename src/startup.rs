//! Builds the application from configuration and runs it: the HTTP server
//! and one supervised delivery worker per provider, side by side, with a
//! graceful stop.

use std::future::Future;
use std::net::SocketAddr;

use anyhow::Context;
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::app_state::{AppState, Parts};
use crate::backup::lock::{DatabaseLock, LockError};
use crate::clock::Clock;
use crate::config::{Config, DatabaseLocation};
use crate::providers::credentials::CredentialStore;
use crate::queue::{alert_watch, supervisor, RetryPolicy};
use crate::security::keyring::Keyring;
use crate::storage::{JobKind, Provider, Store};
use crate::{app_secret, backup, preferences, users};

/// Knobs tests and benchmarks turn; production uses the defaults.
#[derive(Clone)]
pub struct Options {
    pub clock: Clock,
    pub retry: RetryPolicy,
    /// Longest any call to a provider may take.
    pub http_timeout: std::time::Duration,
    /// Longest a webhook waits for its write before answering 503.
    pub webhook_write_timeout: std::time::Duration,
    /// `serve --sandbox`: sandbox mode whatever the credentials.
    pub sandbox: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            clock: Clock::system(),
            retry: RetryPolicy::default(),
            http_timeout: crate::providers::TOTAL_TIMEOUT,
            // Under Twilio's 15 s, so its retry (or fallback URL) still happens.
            webhook_write_timeout: std::time::Duration::from_secs(10),
            sandbox: false,
        }
    }
}

pub struct Application {
    listener: TcpListener,
    state: AppState,
    /// Held while the server runs on an SQLite file: a restore refuses to
    /// replace the database under it. (Postgres is shared by design.)
    lock: Option<DatabaseLock>,
}

pub async fn open_store(config: &Config) -> anyhow::Result<Store> {
    let store = match &config.database {
        DatabaseLocation::Sqlite(path) => Store::open_sqlite(path)
            .await
            .with_context(|| format!("could not open the database at {}", path.display()))?,
        DatabaseLocation::Postgres(url) => Store::open_postgres(url.expose())
            .await
            .with_context(|| format!("could not connect to the database at {url}"))?,
    };
    store
        .migrate()
        .await
        .context("could not migrate the database")?;
    Ok(store)
}

impl Application {
    pub async fn build(config: Config, mut options: Options) -> anyhow::Result<Self> {
        if let Some(lease) = config.job_lease {
            options.retry.lease = lease;
        }
        let lock = match &config.database {
            DatabaseLocation::Sqlite(path) => {
                Some(DatabaseLock::acquire(path).map_err(|e| match e {
                    LockError::Held { .. } => anyhow::anyhow!(
                        "{e}: a server already runs on it, or a restore is under way"
                    ),
                    other => other.into(),
                })?)
            }
            DatabaseLocation::Postgres(_) => None,
        };
        let secret = app_secret::load_or_create(config.app_secret.as_ref(), config.data_dir())
            .context("could not read or create the APP_SECRET file")?;
        let store = open_store(&config).await?;
        let keys = Keyring::from_secret(&secret);
        let now = options.clock.now_ms();
        let loaded = preferences::load(&store, &keys, &config, now).await?;
        users::ensure_first_admin(&store, &config, now).await?;
        let (requeued, _) = store
            .write(move |tx| {
                Box::pin(async move {
                    tx.ensure_standing_job(JobKind::CheckStatus, now, now)
                        .await?;
                    tx.ensure_standing_job(JobKind::SurveySweep, now, now)
                        .await?;
                    tx.requeue_abandoned_jobs(now).await
                })
            })
            .await?;
        if requeued > 0 {
            tracing::warn!(
                jobs = requeued,
                "resuming work that was running when the app last stopped"
            );
        }
        if !config.validate_twilio_signatures {
            tracing::warn!("TWILIO_VALIDATE_SIGNATURES=false: anyone can post fake Twilio webhooks. Use only for local experiments");
        }
        let listener = TcpListener::bind((config.host, config.port))
            .await
            .with_context(|| format!("could not listen on {}:{}", config.host, config.port))?;
        let alert_window = config.alert_batch_window;
        let loopback =
            crate::sandbox::loopback::Loopback::new(&config.app_url, listener.local_addr()?);
        let state = AppState::new(Parts {
            sandbox: crate::sandbox::Sandbox::new(loopback, options.sandbox),
            config,
            store,
            clock: options.clock,
            keys,
            credentials: CredentialStore::new(loaded.credentials, loaded.from_env),
            messaging: loaded.messaging,
            business: loaded.business,
            alerts: loaded.alerts,
            response_token: loaded.response_token,
            previous_response_token: loaded.previous_response_token,
            retry: options.retry,
            http_timeout: options.http_timeout,
            webhook_write_timeout: options.webhook_write_timeout,
            alert_window,
        });
        crate::sandbox::mode::at_start(&state).await?;
        Ok(Self {
            listener,
            state,
            lock,
        })
    }

    pub fn port(&self) -> u16 {
        self.listener
            .local_addr()
            .map(|a| a.port())
            .unwrap_or_default()
    }

    pub fn state(&self) -> AppState {
        self.state.clone()
    }

    /// Serves until `shutdown` resolves, then finishes running jobs and
    /// closes the database.
    pub async fn run_until_stopped(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let Self {
            listener,
            state,
            lock,
        } = self;
        tracing::info!(
            address = %listener.local_addr()?,
            app_url = %state.config.app_url,
            "CloseBot SMS is listening"
        );
        let (stop, stopped) = watch::channel(false);
        let workers = Provider::ALL.map(|provider| {
            let outbox = state.outbox.clone();
            tokio::spawn(supervisor::supervise(outbox, provider, stopped.clone()))
        });
        let alerts = tokio::spawn(alert_watch::run(state.outbox.clone(), stopped.clone()));
        let backups = state.config.backups.clone().map(|schedule| {
            tokio::spawn(backup::schedule::run(
                state.store.clone(),
                schedule,
                stopped.clone(),
            ))
        });
        let backfill = tokio::spawn(crate::insights::analytics::backfill::run(
            state.store.clone(),
            state.clock.clone(),
        ));
        let metrics_upkeep = tokio::spawn(crate::monitoring::upkeep(state.store.metrics().clone()));
        let settings = tokio::spawn(crate::settings_sync::follow(state.clone()));
        let stalled_imports = tokio::spawn(state.imports.clone().adopt_stalled());
        match state.imports.resume_all().await {
            Ok(0) => {}
            Ok(n) => tracing::info!(imports = n, "resumed the imports a restart had interrupted"),
            Err(e) => tracing::error!(error = %e, "could not look for imports to resume"),
        }
        let router = crate::http::router(state.clone());
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await
        .context("the HTTP server failed")?;
        let _ = stop.send(true);
        for worker in workers {
            let _ = worker.await;
        }
        let _ = alerts.await;
        if let Some(backups) = backups {
            let _ = backups.await;
        }
        // A chunk being written finishes in the writer; the rest resumes at the next start.
        backfill.abort();
        metrics_upkeep.abort();
        settings.abort();
        stalled_imports.abort();
        state.store.close().await;
        drop(lock);
        tracing::info!("stopped");
        Ok(())
    }
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = terminate => {}
    }
    tracing::info!("shutting down: finishing running work");
}
