//! Pruning the DA column store: columns whose blob the chain no longer keeps go.
//!
//! The store keys columns by `blob_key(data_root, commitments)`, which the chain's records give for every blob it
//! keeps (`DaApi::window` and `blob`/`commitments`). A [`Pruner`] learns the key of each blob id once (a blob's key
//! never changes), at most [`MAX_SCAN`] new ids per run, and forgets ids the chain dropped. Once it has caught up
//! with the chain, every key in the store that is no live blob's is *dead*. The key of a blob the pruner knew and
//! the chain has dropped since (expired after its retention) goes at once; any other dead key goes after
//! [`Pruner::grace`] — long enough for a dispersal to be submitted and included (a dispersed blob's key is dead
//! until then). Nothing is pruned while the pruner is behind the chain: a key it has not learnt yet may be live.
//!
//! A blob found unavailable loses its commitments on chain; its key stays known (learnt earlier) until the blob's
//! record goes, so its columns go then.

use std::{
	collections::{BTreeMap, HashMap, HashSet},
	time::{Duration, Instant},
};

use sp_core::H256;
use zg_node_storage::BlobStore;
use zg_primitives::da::BlobId;

/// New blob ids learnt per run.
pub const MAX_SCAN: u64 = 1_024;
/// The default grace of a dead key.
pub const DEFAULT_GRACE: Duration = Duration::from_secs(3_600);

/// What the pruner reads from the chain (the node implements it over the runtime API at its best block).
pub trait LiveBlobs {
	/// The ids the chain keeps: `oldest..next`.
	fn window(&self) -> Result<(BlobId, BlobId), String>;
	/// The column-store key of blob `id`: `None` if the chain has no record or no commitments for it.
	fn key_of(&self, id: BlobId) -> Result<Option<H256>, String>;
}

/// What one run did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pruned {
	/// Blob ids learnt in this run.
	pub learnt: u64,
	/// Whether the pruner has caught up with the chain (only then does it prune).
	pub caught_up: bool,
	/// Keys whose columns were dropped.
	pub dropped_keys: usize,
	/// Bytes freed.
	pub freed: u64,
}

/// The pruner's memory between runs (see the module docs).
pub struct Pruner {
	known: BTreeMap<BlobId, H256>,
	next: BlobId,
	dead_since: HashMap<H256, Instant>,
	/// How long a dead key stays.
	pub grace: Duration,
}

impl Default for Pruner {
	fn default() -> Self {
		Self { known: BTreeMap::new(), next: 0, dead_since: HashMap::new(), grace: DEFAULT_GRACE }
	}
}

impl Pruner {
	/// A pruner that keeps dead keys for `grace`.
	pub fn new(grace: Duration) -> Self {
		Self { grace, ..Default::default() }
	}

	/// One run at `now` over the chain's view `chain` and the column store `store` (blocking: run it on a blocking
	/// thread).
	pub fn run(&mut self, chain: &impl LiveBlobs, store: &BlobStore, now: Instant) -> Result<Pruned, String> {
		let (oldest, next) = chain.window()?;
		let kept = self.known.split_off(&oldest);
		// Blobs the chain kept once and has dropped since (expired, or never certified and gone): their columns
		// need no grace — unless the same bytes are another live blob (checked below).
		let expired: HashSet<H256> = std::mem::replace(&mut self.known, kept).into_values().collect();
		let from = self.next.max(oldest);
		let to = next.min(from.saturating_add(MAX_SCAN));
		let mut report = Pruned::default();
		for id in from..to {
			if let Some(key) = chain.key_of(id)? {
				self.known.insert(id, key);
			}
			report.learnt += 1;
		}
		self.next = to.max(self.next);
		report.caught_up = self.next >= next;
		if !report.caught_up {
			return Ok(report);
		}
		let live: HashSet<H256> = self.known.values().copied().collect();
		let held = store.inventory().map_err(|e| e.to_string())?;
		self.dead_since.retain(|key, _| held.contains_key(key) && !live.contains(key));
		for (key, holding) in held {
			if live.contains(&key) {
				continue;
			}
			if !expired.contains(&key) {
				let since = *self.dead_since.entry(key).or_insert(now);
				if now.saturating_duration_since(since) < self.grace {
					continue;
				}
			}
			for shard in holding.shards {
				report.freed += store.drop_shard(&key, shard).map_err(|e| e.to_string())?;
			}
			if holding.file {
				report.freed += store.drop_file(&key).map_err(|e| e.to_string())?;
			}
			self.dead_since.remove(&key);
			report.dropped_keys += 1;
		}
		Ok(report)
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::columns::{blob_key, put_columns};
	use parking_lot::Mutex;
	use zg_node_storage::StoreLimits;

	/// A chain whose window and keys the test sets.
	#[derive(Default)]
	struct Chain {
		window: Mutex<(BlobId, BlobId)>,
		keys: Mutex<BTreeMap<BlobId, H256>>,
		asked: Mutex<u64>,
	}

	impl LiveBlobs for Chain {
		fn window(&self) -> Result<(BlobId, BlobId), String> {
			Ok(*self.window.lock())
		}
		fn key_of(&self, id: BlobId) -> Result<Option<H256>, String> {
			*self.asked.lock() += 1;
			Ok(self.keys.lock().get(&id).copied())
		}
	}

	fn temp_store() -> (std::path::PathBuf, BlobStore) {
		let path = std::env::temp_dir().join(format!(
			"zg-da-prune-{}-{}",
			std::process::id(),
			std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0)
		));
		let store = BlobStore::open(&path, StoreLimits::new(64 << 20)).expect("opens");
		(path, store)
	}

	#[test]
	fn expired_blobs_go_at_once_dispersals_never_submitted_after_the_grace_live_ones_stay() {
		let (path, store) = temp_store();
		let blobs: Vec<_> = (0..4u32)
			.map(|i| {
				let data: Vec<u8> = (0..10_000u32).map(|j| (j * 7 + i) as u8).collect();
				crate::encode(&data, 1, 0).expect("encodes")
			})
			.collect();
		let keys: Vec<H256> = blobs.iter().map(|b| blob_key(&b.data_root, &b.commitments)).collect();
		for blob in &blobs {
			put_columns(&store, blob, [1u8, 2]).expect("stored");
		}
		let held = |key: &H256| store.has_shard(key, 1).unwrap() && store.has_shard(key, 2).unwrap();
		let gone = |key: &H256| !store.has_shard(key, 1).unwrap() && !store.has_shard(key, 2).unwrap();
		let chain = Chain::default();
		*chain.window.lock() = (0, 3);
		chain.keys.lock().extend([(0, keys[0]), (1, keys[1]), (2, keys[2])]);
		let mut pruner = Pruner { grace: Duration::from_secs(60), ..Default::default() };
		let t0 = Instant::now();

		// Blob 3 was dispersed but is not submitted yet: dead, but within its grace.
		let report = pruner.run(&chain, &store, t0).unwrap();
		assert_eq!((report.learnt, report.caught_up, report.dropped_keys), (3, true, 0));
		// Blob 0 expires: its record goes, and its columns at once.
		*chain.window.lock() = (1, 3);
		chain.keys.lock().remove(&0);
		let report = pruner.run(&chain, &store, t0 + Duration::from_secs(30)).unwrap();
		assert_eq!(report.dropped_keys, 1);
		assert!(report.freed > 0);
		assert!(gone(&keys[0]));
		assert!(held(&keys[3]), "a dispersal within its grace stays");
		// Blob 3 is never submitted: after the grace its columns go, nobody else's.
		assert_eq!(pruner.run(&chain, &store, t0 + Duration::from_secs(59)).unwrap().dropped_keys, 0);
		assert_eq!(pruner.run(&chain, &store, t0 + Duration::from_secs(61)).unwrap().dropped_keys, 1);
		assert!(gone(&keys[3]));
		assert!(held(&keys[1]) && held(&keys[2]), "live blobs stay");
		// Keys are learnt once.
		assert_eq!(*chain.asked.lock(), 3);
		let _ = std::fs::remove_dir_all(path);
	}

	#[test]
	fn an_expired_blob_whose_bytes_are_another_live_blob_stays() {
		let (path, store) = temp_store();
		let data: Vec<u8> = (0..5_000u32).map(|j| (j * 3) as u8).collect();
		let blob = crate::encode(&data, 1, 0).expect("encodes");
		let key = blob_key(&blob.data_root, &blob.commitments);
		put_columns(&store, &blob, [0u8]).expect("stored");
		let chain = Chain::default();
		*chain.window.lock() = (0, 2);
		chain.keys.lock().extend([(0, key), (1, key)]);
		let mut pruner = Pruner { grace: Duration::ZERO, ..Default::default() };
		let now = Instant::now();
		pruner.run(&chain, &store, now).unwrap();
		*chain.window.lock() = (1, 2);
		chain.keys.lock().remove(&0);
		assert_eq!(pruner.run(&chain, &store, now).unwrap().dropped_keys, 0);
		assert!(store.has_shard(&key, 0).unwrap(), "blob 1 is the same bytes, and live");
		let _ = std::fs::remove_dir_all(path);
	}

	#[test]
	fn nothing_goes_while_the_pruner_is_behind_the_chain() {
		let (path, store) = temp_store();
		let data: Vec<u8> = (0..5_000u32).map(|j| j as u8).collect();
		let blob = crate::encode(&data, 1, 0).expect("encodes");
		let key = blob_key(&blob.data_root, &blob.commitments);
		put_columns(&store, &blob, [0u8]).expect("stored");
		// The blob is the last of 3,000: three runs of MAX_SCAN ids before the pruner knows it.
		let chain = Chain::default();
		*chain.window.lock() = (0, 3_000);
		chain.keys.lock().insert(2_999, key);
		let mut pruner = Pruner { grace: Duration::ZERO, ..Default::default() };
		let now = Instant::now();
		for _ in 0..2 {
			let report = pruner.run(&chain, &store, now).unwrap();
			assert_eq!((report.learnt, report.caught_up, report.dropped_keys), (MAX_SCAN, false, 0));
		}
		let report = pruner.run(&chain, &store, now).unwrap();
		assert!(report.caught_up);
		assert_eq!(report.dropped_keys, 0, "the blob is live");
		assert!(store.has_shard(&key, 0).unwrap());
		let _ = std::fs::remove_dir_all(path);
	}
}
