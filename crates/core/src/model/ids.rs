//! Record ids are UUID v7: time-ordered, so records sorted by id are sorted by
//! creation, which keeps segments stable and merges cheap.

use uuid::{Builder, Uuid};

/// A new v7 id from a Unix time in milliseconds and 10 random bytes. The
/// caller supplies both so the model stays deterministic and testable.
pub fn new_id(unix_ms: u64, random: [u8; 10]) -> Uuid {
    Builder::from_unix_timestamp_millis(unix_ms, &random).into_uuid()
}

/// An id every device computes the same from `parts`, at `at` (a v7 id:
/// its time is `at`, its random bits a hash of `parts`). What one rule
/// firing makes gets such ids, so two devices that ran the same firing
/// while offline converge on one task, not two.
pub fn derived_id(parts: &[&[u8]], at: chrono::DateTime<chrono::Utc>) -> Uuid {
    use sha2::Digest;
    let mut h = sha2::Sha256::new();
    for p in parts {
        // Lengths first: ("ab", "c") and ("a", "bc") are different parts.
        h.update((p.len() as u64).to_le_bytes());
        h.update(p);
    }
    let digest = h.finalize();
    let mut random = [0u8; 10];
    random.copy_from_slice(&digest[..10]);
    new_id(at.timestamp_millis().max(0) as u64, random)
}

/// A small deterministic generator (SplitMix64) for demo and benchmark data.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub fn bytes10(&mut self) -> [u8; 10] {
        let a = self.next_u64().to_le_bytes();
        let b = self.next_u64().to_le_bytes();
        [a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], b[0], b[1]]
    }
}

/// A hasher for record ids. UUID v7 ends in 74 random bits, so folding the
/// two halves and one multiply spreads them well; SipHash's protection
/// against chosen keys buys nothing for ids we generate, and costs a lot
/// at 100,000 lookups per keystroke.
#[derive(Default, Clone, Copy)]
pub struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut buf = [0u8; 8];
            buf[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(23) ^ u64::from_le_bytes(buf)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_usize(&mut self, _len: usize) {
        // Only the length prefix of the id's bytes: carries no information.
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

pub type IdMap<V> = std::collections::HashMap<uuid::Uuid, V, std::hash::BuildHasherDefault<IdHasher>>;
pub type IdSet = std::collections::HashSet<uuid::Uuid, std::hash::BuildHasherDefault<IdHasher>>;
