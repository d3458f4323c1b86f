//! Dashboard users: the first admin, and `closebot-sms user add`.

use secrecy::ExposeSecret;

use crate::config::Config;
use crate::domain::ids::new_id;
use crate::security::password::{self, MIN_PASSWORD_LEN};
use crate::storage::{Role, Store};

#[derive(Debug, thiserror::Error)]
pub enum UserError {
    #[error("`{0}` is not an email address")]
    BadEmail(String),
    #[error("the password must be at least {MIN_PASSWORD_LEN} characters")]
    ShortPassword,
    #[error("a user with the email {0} already exists")]
    Exists(String),
    #[error(transparent)]
    Store(#[from] crate::storage::StoreError),
}

pub async fn create(
    store: &Store,
    email: &str,
    password_text: &str,
    role: Role,
    now_ms: i64,
) -> Result<String, UserError> {
    let email = email.trim().to_owned();
    let looks_like_email = email.len() <= 254
        && email.split_once('@').is_some_and(|(user, host)| {
            !user.is_empty() && host.contains('.') && !host.starts_with('.')
        })
        && !email.contains(char::is_whitespace);
    if !looks_like_email {
        return Err(UserError::BadEmail(email));
    }
    if password_text.chars().count() < MIN_PASSWORD_LEN {
        return Err(UserError::ShortPassword);
    }
    let password_text = password_text.to_owned();
    let hash = tokio::task::spawn_blocking(move || password::hash(&password_text))
        .await
        .expect("password hashing does not panic");
    let id = new_id();
    let (user_id, address) = (id.clone(), email.clone());
    store
        .write(move |tx| {
            Box::pin(async move {
                tx.insert_user(&user_id, &address, &hash, role, now_ms)
                    .await
            })
        })
        .await
        .map_err(|e| {
            if e.unique_violation().is_some() {
                UserError::Exists(email)
            } else {
                UserError::Store(e)
            }
        })?;
    Ok(id)
}

/// Creates the first admin from `ADMIN_EMAIL`/`ADMIN_PASSWORD` when no user
/// exists; otherwise explains how to create one.
pub async fn ensure_first_admin(store: &Store, config: &Config, now_ms: i64) -> anyhow::Result<()> {
    if store.user_count().await? > 0 {
        return Ok(());
    }
    match (&config.admin_email, &config.admin_password) {
        (Some(email), Some(password)) => {
            create(store, email, password.expose_secret(), Role::Admin, now_ms)
                .await
                .map_err(|e| anyhow::anyhow!("ADMIN_EMAIL/ADMIN_PASSWORD: {e}"))?;
            tracing::info!(email, "created the first admin from ADMIN_EMAIL");
        }
        _ => tracing::warn!(
            "no dashboard user exists yet. Create the first admin with \
             `echo 'a-long-password' | closebot-sms user add --email you@example.com --role admin`, \
             or set ADMIN_EMAIL and ADMIN_PASSWORD and restart"
        ),
    }
    Ok(())
}
