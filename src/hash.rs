//! Stable hashing: the keys and stamps that tell, from one run to the next, whether something
//! changed. Every cache and the output folder's manifest hash with this, never with std's
//! randomly seeded hasher.

use std::hash::{BuildHasher, Hash, Hasher};
use std::io::{self, Write};

use serde::Serialize;

/// The hasher for every key and stamp: fast on long inputs (whole source files), and seeded with
/// a constant so that keys are the same from one run to the next.
pub fn hasher() -> impl Hasher {
    foldhash::quality::FixedState::with_seed(0x696e_6b73_746f_6e65).build_hasher()
}

/// Hashes anything serializable, through its JSON form, without building the string.
pub fn hash_serialized<T: Serialize + ?Sized>(value: &T) -> u64 {
    let mut writer = HashWriter(hasher());
    // Writing to a hasher cannot fail; a value that cannot serialize hashes as what was written.
    let _ = serde_json::to_writer(&mut writer, value);
    writer.0.finish()
}

pub fn hash_of<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut hasher = hasher();
    value.hash(&mut hasher);
    hasher.finish()
}

struct HashWriter<H>(H);

impl<H: Hasher> Write for HashWriter<H> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Identifies the running binary: a rebuilt inkstone must not trust a cache written by another.
pub fn binary_identity() -> u64 {
    let exe = std::env::current_exe()
        .and_then(std::fs::metadata)
        .ok()
        .map(|m| (m.len(), m.modified().ok()));
    hash_of(&(env!("CARGO_PKG_VERSION"), format!("{exe:?}")))
}
