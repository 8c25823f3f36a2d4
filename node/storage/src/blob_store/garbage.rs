//! Garbage collection of the blob files, in bounded steps and only when it pays.
//!
//! Chunks live in blob files (one or more per memtable flush), and a blob file is dropped once every chunk in it
//! is deleted. Chunks written at the same time share blob files, so a file dropped while another written beside
//! it stays (two uploads at once, an upload beside a provider's shard fetch) leaves *garbage*: deleted chunks in
//! blob files that cannot go yet. RocksDB's own blob GC relocates the live chunks of the oldest quarter of the blob
//! files whenever a compaction meets them, which is how it gets rid of such files. Here that is the wrong
//! trade: the keys are few (one per 1 MiB chunk), so a column's keys sit in one or two table files and every
//! compaction meets every key. With RocksDB's GC on, each compaction a write caused rewrote the live chunks of a
//! quarter of the column, garbage or not: the release `shards` benchmark's encoder stored the 1.5 GiB of a 1 GiB
//! file's shards at 220 MB/s (file bytes) with it and 454 MB/s without (2026-12-05), and the cost grows with
//! what the store holds, not with what is written.
//!
//! So the columns run without RocksDB's GC, and [`BlobStore::collect_garbage`] does it in steps: when a column's
//! garbage is at least [`GC_MIN_GARBAGE`] and at least a quarter of its blob files' bytes, one full compaction
//! of the column with GC on relocates the live chunks of its oldest [`GC_STEP_FILES`] blob files (at most that
//! many blob files' worth of writes, and as much space, per step), which drops them with the garbage they held.
//! Relocated chunks go to new files, so the steps work through the files oldest first. A step is taken only while
//! garbage is a quarter of the bytes, so a whole cycle rewrites at most three live bytes for each byte of garbage
//! it gives back; below the thresholds, waste is bounded by them. The node's reclamation pass calls it (see
//! `reclaim`). Blob files whose chunks are all deleted are dropped as before, by the compactions of deleted ranges
//! ([`BlobStore::compact_cleared`]), with no GC at all.

use super::*;
use rocksdb::{BottommostLevelCompaction, CompactOptions};

/// A column's garbage below which no step is taken (four blob files).
pub const GC_MIN_GARBAGE: u64 = 4 * BLOB_FILE_BYTES;
/// The share of a column's blob-file bytes that garbage must reach for a step (a quarter).
const GC_MIN_SHARE: (u64, u64) = (1, 4);
/// Blob files relocated per step, at most (512 MiB).
pub const GC_STEP_FILES: u64 = 8;

/// What a [`BlobStore::collect_garbage`] step found and did, summed over the columns.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GarbageReport {
	/// Columns a step ran on.
	pub steps: u32,
	/// Garbage bytes before, and after.
	pub before: u64,
	pub after: u64,
}

impl BlobStore {
	/// Takes one garbage-collection step on every column whose garbage warrants it (see the module docs).
	/// Blocking (a compaction; seconds per step): run it off the async workers. One at a time: while a step runs,
	/// another call returns at once with nothing done.
	pub fn collect_garbage(&self) -> Result<GarbageReport, StorageError> {
		self.collect_garbage_with(GC_MIN_GARBAGE, GC_STEP_FILES)
	}

	/// [`Self::collect_garbage`] with the thresholds given.
	pub(crate) fn collect_garbage_with(&self, min_garbage: u64, step_files: u64) -> Result<GarbageReport, StorageError> {
		let Some(_running) = self.collecting.try_lock() else { return Ok(GarbageReport::default()) };
		let mut report = GarbageReport::default();
		for col in (0..COLUMNS.len()).filter(|col| *col != COL_META) {
			let cf = self.cf(col)?;
			let garbage = self.blob_property(cf, "rocksdb.live-blob-file-garbage-size")?;
			report.before = report.before.saturating_add(garbage);
			let bytes = self.blob_property(cf, "rocksdb.live-blob-file-size")?;
			let files = self.blob_property(cf, "rocksdb.num-blob-files")?;
			let pays = garbage >= min_garbage.max(1)
				&& u128::from(garbage) * u128::from(GC_MIN_SHARE.1) >= u128::from(bytes) * u128::from(GC_MIN_SHARE.0);
			if pays && files > 0 {
				// Blob files with a number below that of the file at index ⌊cutoff × files⌋ are relocated.
				let cutoff = if step_files >= files { 1.0 } else { (step_files as f64 + 0.5) / files as f64 };
				self.compact_with_gc(cf, cutoff)?;
				report.steps += 1;
			}
			report.after = report.after.saturating_add(self.blob_property(cf, "rocksdb.live-blob-file-garbage-size")?);
		}
		Ok(report)
	}

	fn blob_property(&self, cf: &rocksdb::ColumnFamily, name: &str) -> Result<u64, StorageError> {
		Ok(self.db.property_int_value_cf(cf, name).map_err(internal)?.unwrap_or(0))
	}

	/// One compaction of the whole column `cf`, its bottom level included (where its keys usually all are), with
	/// RocksDB's blob GC on at `cutoff`; GC is off again afterwards, whatever happened.
	fn compact_with_gc(&self, cf: &rocksdb::ColumnFamily, cutoff: f64) -> Result<(), StorageError> {
		let cutoff = format!("{cutoff:.6}");
		self.db
			.set_options_cf(
				cf,
				&[("enable_blob_garbage_collection", "true"), ("blob_garbage_collection_age_cutoff", cutoff.as_str())],
			)
			.map_err(internal)?;
		let mut options = CompactOptions::default();
		options.set_bottommost_level_compaction(BottommostLevelCompaction::Force);
		self.db.compact_range_cf_opt(cf, None::<&[u8]>, None::<&[u8]>, &options);
		self.db.set_options_cf(cf, &[("enable_blob_garbage_collection", "false")]).map_err(internal)
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::blob_store::tests::{blob_file_bytes, data, open_all, TempDir};
	use zg_primitives::storage::file_root;

	/// Two files uploaded at once, chunk for chunk, into blob files they share; the second is then dropped.
	fn two_files_written_together(store: &BlobStore, size: usize) -> (Vec<u8>, H256, H256) {
		let (kept, dropped) = (data(size, 21), data(size, 22));
		let (kept_root, dropped_root) = (file_root(&kept), file_root(&dropped));
		let a = store.begin_upload_into(size as u64, None, kept_root).unwrap();
		let b = store.begin_upload_into(size as u64, None, dropped_root).unwrap();
		for offset in (0..size).step_by(CHUNK_SIZE as usize) {
			let end = (offset + CHUNK_SIZE as usize).min(size);
			store.write_chunk(a, offset as u64, &kept[offset..end]).unwrap();
			store.write_chunk(b, offset as u64, &dropped[offset..end]).unwrap();
		}
		store.finish_upload(a, kept_root).unwrap();
		store.finish_upload(b, dropped_root).unwrap();
		assert_eq!(store.drop_file(&dropped_root).unwrap(), size as u64);
		store.settle();
		(kept, kept_root, dropped_root)
	}

	/// Attack: junk uploaded beside a file that stays, and then dropped, must not hold its disk space for as long
	/// as the file lives. Without GC it does (they share blob files); a step gives it back and leaves the kept
	/// file whole.
	#[test]
	fn garbage_in_shared_blob_files_is_given_back() {
		let dir = TempDir::new();
		let size = 3 * MEMTABLE_BYTES;
		let store = open_all(&dir, 8 * size as u64);
		let (kept, kept_root, dropped_root) = two_files_written_together(&store, size);
		let shared = blob_file_bytes(&dir);
		assert!(shared >= size as u64 * 3 / 2, "{shared} bytes in blob files: the dropped file's chunks are stuck");
		let files = store.blob_property(store.cf(COL_FILES).unwrap(), "rocksdb.num-blob-files").unwrap();

		let report = store.collect_garbage_with(CHUNK_SIZE, files).unwrap();
		store.settle();
		assert_eq!(report.steps, 1, "{report:?}");
		assert!(report.before >= size as u64 / 2 && report.after == 0, "{report:?}");
		let left = blob_file_bytes(&dir);
		assert!(left <= size as u64 + CHUNK_SIZE, "{left} bytes in blob files for one file of {size}");
		assert_eq!(store.read_file(&kept_root).unwrap(), Some(kept));
		assert_eq!(store.read_file(&dropped_root).unwrap(), None);
		// Nothing left to collect: the next call takes no step.
		assert_eq!(store.collect_garbage_with(CHUNK_SIZE, files).unwrap().steps, 0);
	}

	/// A step relocates at most `step_files` blob files, oldest first, and steps taken one after another get
	/// through all of them; below the thresholds no step is taken at all.
	#[test]
	fn steps_are_bounded_and_taken_only_when_they_pay() {
		let dir = TempDir::new();
		let size = 3 * MEMTABLE_BYTES;
		let store = open_all(&dir, 8 * size as u64);
		let (kept, kept_root, _) = two_files_written_together(&store, size);
		let cf = store.cf(COL_FILES).unwrap();
		let files = store.blob_property(cf, "rocksdb.num-blob-files").unwrap();
		assert!(files >= 2, "{files} blob files");
		let garbage = store.blob_property(cf, "rocksdb.live-blob-file-garbage-size").unwrap();
		// Too little garbage for these thresholds: nothing happens.
		assert_eq!(store.collect_garbage_with(garbage + 1, 1).unwrap().steps, 0);
		assert_eq!(store.collect_garbage().unwrap().steps, 0, "{garbage} bytes are below GC_MIN_GARBAGE");
		assert_eq!(store.blob_property(cf, "rocksdb.live-blob-file-garbage-size").unwrap(), garbage);

		let mut steps = 0;
		while store.blob_property(cf, "rocksdb.live-blob-file-garbage-size").unwrap() > 0 {
			let before = store.blob_property(cf, "rocksdb.live-blob-file-garbage-size").unwrap();
			let report = store.collect_garbage_with(1, 1).unwrap();
			if report.steps == 0 {
				// Under a quarter of the bytes left: not worth a step.
				let bytes = store.blob_property(cf, "rocksdb.live-blob-file-size").unwrap();
				assert!(before * 4 < bytes, "{before} of {bytes} bytes are garbage, yet no step");
				break;
			}
			steps += 1;
			assert!(steps <= files, "{steps} one-file steps for {files} blob files");
			assert!(report.after < before, "a step gave nothing back: {report:?}");
		}
		assert!(steps >= 2, "one file at a time took {steps} steps for {files} files");
		store.settle();
		assert_eq!(store.read_file(&kept_root).unwrap(), Some(kept));
	}
}
