//! What CloseBot answered, cached per key and forgotten when the credentials
//! in force change (a new API key saved, sandbox mode switched on or off), so
//! one account's figures never show while another is in force.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;

/// Entries of one credentials generation (`CredentialStore::generation`).
pub struct AccountCache<K, V> {
    inner: Mutex<(u64, HashMap<K, V>)>,
}

impl<K, V> Default for AccountCache<K, V> {
    fn default() -> Self {
        Self {
            inner: Mutex::new((0, HashMap::new())),
        }
    }
}

impl<K: Eq + Hash, V: Clone> AccountCache<K, V> {
    /// The entry for `key`, if it was fetched with the credentials of `generation`.
    pub fn get(&self, generation: u64, key: &K) -> Option<V> {
        self.lock(generation).1.get(key).cloned()
    }

    /// Keeps `value`, fetched with the credentials of `generation`; an answer
    /// that arrives after they were replaced is dropped.
    pub fn insert(&self, generation: u64, key: K, value: V) {
        let mut inner = self.inner.lock().expect("cache lock is never poisoned");
        if generation < inner.0 {
            return;
        }
        if generation > inner.0 {
            *inner = (generation, HashMap::new());
        }
        inner.1.insert(key, value);
    }

    /// Once `max` entries are held, drops those `keep` says no to.
    pub fn bound(&self, max: usize, keep: impl FnMut(&K, &mut V) -> bool) {
        let mut inner = self.inner.lock().expect("cache lock is never poisoned");
        if inner.1.len() >= max {
            inner.1.retain(keep);
        }
    }

    fn lock(&self, generation: u64) -> std::sync::MutexGuard<'_, (u64, HashMap<K, V>)> {
        let mut inner = self.inner.lock().expect("cache lock is never poisoned");
        if generation > inner.0 {
            *inner = (generation, HashMap::new());
        }
        inner
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_credentials_forget_what_the_old_ones_fetched() {
        let cache = AccountCache::<&str, i64>::default();
        cache.insert(1, "agency", 7);
        assert_eq!(cache.get(1, &"agency"), Some(7));
        assert_eq!(cache.get(2, &"agency"), None);
        // An answer fetched with the replaced credentials comes in late.
        cache.insert(1, "agency", 7);
        assert_eq!(cache.get(2, &"agency"), None);
        cache.insert(2, "agency", 3);
        assert_eq!(cache.get(2, &"agency"), Some(3));
        cache.bound(1, |_, value| *value > 3);
        assert_eq!(cache.get(2, &"agency"), None);
    }
}
