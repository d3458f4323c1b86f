// The web UI in `web/dist` is embedded at compile time, so the binary must be
// rebuilt whenever the UI build changes — including when `web/dist` first
// appears after a `cargo build` that ran without it (a missing path keeps
// this build script, and so the crate, rebuilding until it exists).
fn main() {
    println!("cargo:rerun-if-changed=web/dist");
    println!("cargo:rerun-if-changed=build.rs");
    // The migrations are embedded too (`sqlx::migrate!`), both folders.
    println!("cargo:rerun-if-changed=migrations");
}
