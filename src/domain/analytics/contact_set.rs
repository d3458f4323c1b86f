//! The contacts in conversation during a quarter hour on one route: a
//! roaring bitmap of contact rowids, stored as its portable serialisation.

use roaring::RoaringBitmap;

pub fn from_bytes(bytes: Option<&[u8]>) -> RoaringBitmap {
    bytes
        .and_then(|b| RoaringBitmap::deserialize_from(b).ok())
        .unwrap_or_default()
}

pub fn to_bytes(set: &RoaringBitmap) -> Vec<u8> {
    let mut out = Vec::with_capacity(set.serialized_size());
    set.serialize_into(&mut out)
        .expect("writing to a Vec cannot fail");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_a_damaged_blob_is_empty() {
        let set: RoaringBitmap = [1u32, 5, 70_000].into_iter().collect();
        assert_eq!(from_bytes(Some(&to_bytes(&set))), set);
        assert!(from_bytes(Some(&[9, 9, 9])).is_empty());
        assert!(from_bytes(None).is_empty());
    }
}
