//! Random identifiers for rows and secrets.

use rand::RngCore;

/// 16 hex characters, as the seed schema's `lower(hex(randomblob(8)))`.
pub fn new_id() -> String {
    random_hex(8)
}

/// `bytes` random bytes from the OS generator, hex-encoded.
pub fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rngs::OsRng.fill_bytes(&mut buf);
    buf.iter().map(|b| format!("{b:02x}")).collect()
}
