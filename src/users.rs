//! Dashboard users: creating them (the first admin, `closebot-sms user add`,
//! the Team page), their passwords.

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

/// Creates a user; `must_change_password` when someone else chose the password.
pub async fn create(
    store: &Store,
    email: &str,
    password_text: &str,
    role: Role,
    must_change_password: bool,
    now_ms: i64,
) -> Result<String, UserError> {
    let email = checked_email(email)?;
    let hash = hash_password(password_text).await?;
    let id = new_id();
    let (user_id, address) = (id.clone(), email.clone());
    store
        .write(move |tx| {
            Box::pin(async move {
                tx.insert_user(
                    &user_id,
                    &address,
                    &hash,
                    role,
                    must_change_password,
                    now_ms,
                )
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

fn checked_email(email: &str) -> Result<String, UserError> {
    let email = email.trim().to_owned();
    let looks_like_email = email.len() <= 254
        && email.split_once('@').is_some_and(|(user, host)| {
            !user.is_empty() && host.contains('.') && !host.starts_with('.')
        })
        && !email.contains(char::is_whitespace);
    if looks_like_email {
        Ok(email)
    } else {
        Err(UserError::BadEmail(email))
    }
}

/// Checks a new password's length and hashes it (off the async threads:
/// argon2 is slow on purpose).
pub async fn hash_password(password_text: &str) -> Result<String, UserError> {
    if password_text.chars().count() < MIN_PASSWORD_LEN {
        return Err(UserError::ShortPassword);
    }
    let password_text = password_text.to_owned();
    Ok(
        tokio::task::spawn_blocking(move || password::hash(&password_text))
            .await
            .expect("password hashing does not panic"),
    )
}

/// A password for someone else to use once: 20 letters and digits (about
/// 119 bits), without look-alikes (0/O, 1/l/I).
pub fn one_time_password() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rngs::OsRng;
    (0..20)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect()
}

/// Creates the first admin from `ADMIN_EMAIL`/`ADMIN_PASSWORD` when no user
/// exists; otherwise explains how to create one.
pub async fn ensure_first_admin(store: &Store, config: &Config, now_ms: i64) -> anyhow::Result<()> {
    if store.user_count().await? > 0 {
        return Ok(());
    }
    match (&config.admin_email, &config.admin_password) {
        (Some(email), Some(password)) => {
            let created =
                create(store, email, password.expose_secret(), Role::Admin, false, now_ms).await;
            match created {
                Ok(_) => tracing::info!(email, "created the first admin from ADMIN_EMAIL"),
                // Another instance starting beside this one created it first.
                Err(_) if store.user_count().await? > 0 => {}
                Err(e) => anyhow::bail!("ADMIN_EMAIL/ADMIN_PASSWORD: {e}"),
            }
        }
        _ => tracing::warn!(
            "no dashboard user exists yet. Create the first admin with \
             `echo 'a-long-password' | closebot-sms user add --email you@example.com --role admin`, \
             or set ADMIN_EMAIL and ADMIN_PASSWORD and restart"
        ),
    }
    Ok(())
}
