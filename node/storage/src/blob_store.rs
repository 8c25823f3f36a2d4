//! The node's blob store: complete files, erasure-coded shards and uploads in progress, in a RocksDB database
//! of its own (the node opens it at `<base path>/chains/<chain id>/zg-blobs`).
//!
//! Columns (named `col0`…`col3`, as earlier versions of the store named them):
//! - **meta**: byte counters (files and shards, reserved by uploads, unpaid files, cached files).
//! - **files**: complete files by root, in [`CHUNK_SIZE`] chunks (`'c' ++ root ++ chunk index (u32 BE)`), and a
//!   [`FileRecord`] per file (`'r' ++ root`): size, and whether it is an unpaid upload, pinned, or a cache copy.
//! - **shards**: shards by file root and shard index, in [`CHUNK_SIZE`] chunks (`'c' ++ root ++ shard (u32 BE) ++
//!   chunk index (u32 BE)`), and a [`ShardRecord`] per shard (`'r' ++ root ++ shard`) with its length and its
//!   checked shard root.
//! - **staging**: uploads in progress, in [`CHUNK_SIZE`] chunks (`'c' ++ id (u64 BE) ++ chunk index`), and an
//!   upload record (`'r' ++ id`) with the size, the byte ranges received and when it was last written to.
//!
//! **Crash safety.** Every change that touches more than one key is one RocksDB write batch, applied atomically:
//! a crash never leaves a file or a shard half recorded, or the counters out of step with what is stored. Writes
//! that something outside the node relies on — a finished upload (the uploader is told it is kept), a stored
//! shard (the provider acknowledges it on chain next), a kept file — are **synced** to disk before they return.
//! Upload chunks are not synced: after a crash an upload holds a prefix of what was acknowledged for it (the
//! record and the data of one chunk are one batch) and the uploader resends or starts again.
//!
//! **Space.** The store holds at most `max_bytes`. Within it:
//! - **Uploads** not yet paid for on chain (in progress, and finished but not yet seen on chain: *unpaid*
//!   files) hold at most `max_upload_bytes` together, and at most `max_uploads` are in progress (fewer per
//!   client): anonymous uploads can never take the space the node's assigned shards need. An upload with no new
//!   chunk for `upload_idle_secs` is discarded, and an unpaid file after `unpaid_ttl_secs`.
//! - **Cache**: whole-file copies nobody relies on (rebuilt for downloads; uploads once the chain stores them)
//!   hold at most `max_cache_bytes` and are evicted, least recently read first, whenever anything needs room.
//! - **Shards** and **pinned** files (paid for, not yet stored) take the rest.
//!
//! Writers are serialized by a lock, so counters and records are read and updated consistently.

use std::{
	collections::{hash_map::RandomState, BTreeMap, HashMap},
	hash::BuildHasher,
	path::Path,
	time::{SystemTime, UNIX_EPOCH},
};

use codec::{Decode, Encode};
use parking_lot::Mutex;
use rocksdb::{ColumnFamilyDescriptor, Direction, IteratorMode, Options, WriteBatch, WriteOptions, DB};
use sp_core::H256;
use zg_primitives::storage::{merkle_root, merkle_root_of_leaves, sector_leaves, SECTOR_SIZE};

use crate::error::{LocalHolding, StorageError, StoreUsage, MAX_CHUNK};

mod direct;
mod garbage;
mod streamed;

pub use garbage::{GarbageReport, GC_MIN_GARBAGE, GC_STEP_FILES};

/// Bytes per stored chunk of a file, shard or upload (1 MiB; a multiple of [`SECTOR_SIZE`]).
pub const CHUNK_SIZE: u64 = 1024 * 1024;

/// A chunk is `2^CHUNK_HEIGHT` sectors: its root is a node of that level of the sector tree ([`chunk_roots`]).
pub const CHUNK_HEIGHT: u32 = 12;
const _: () = assert!(1u64 << CHUNK_HEIGHT == CHUNK_SIZE / SECTOR_SIZE as u64);

/// Bytes of one column's memtable, and of all memtables together (see [`BlobStore::open`]).
const MEMTABLE_BYTES: usize = 16 << 20;
const MEMTABLES_BYTES: usize = 64 << 20;
/// Values from this size up (chunks, not records) are kept in blob files rather than in the LSM tree.
const BLOB_MIN_BYTES: u64 = 4 << 10;
/// The size of a blob file: space is reclaimed a whole blob file at a time.
const BLOB_FILE_BYTES: u64 = 64 << 20;

/// The most disjoint received ranges one upload may have (chunks sent in order keep it at one).
pub const MAX_RECEIVED_RANGES: usize = 4096;

/// Upload ids are random below 2^53, so JavaScript clients carry them exactly and nobody guesses another's.
const UPLOAD_ID_MASK: u64 = (1 << 53) - 1;

const COLUMNS: [&str; 4] = ["col0", "col1", "col2", "col3"];
const COL_META: usize = 0;
const COL_FILES: usize = 1;
const COL_SHARDS: usize = 2;
const COL_STAGING: usize = 3;

const KEY_USED: &[u8] = b"used";
const KEY_STAGED: &[u8] = b"staged";
const KEY_UNPAID: &[u8] = b"unpaid";
const KEY_CACHED: &[u8] = b"cached";

const TAG_RECORD: u8 = b'r';
const TAG_CHUNK: u8 = b'c';

/// The chunk index under which a shard's chunk roots are kept: beside its chunks, so that whatever deletes the
/// chunks deletes them too (no shard has 2^32 - 1 chunks of 1 MiB).
const CHUNK_ROOTS_INDEX: u32 = u32::MAX;

/// How much a store may hold, and for how long it keeps what nobody paid for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StoreLimits {
	/// Everything together: files, shards and reserved uploads.
	pub max_bytes: u64,
	/// Uploads in progress and finished uploads not yet paid for on chain, together.
	pub max_upload_bytes: u64,
	/// Uploads in progress on the node.
	pub max_uploads: u32,
	/// Uploads in progress begun by one client (an RPC connection).
	pub max_uploads_per_client: u32,
	/// Whole-file copies kept as a cache.
	pub max_cache_bytes: u64,
	/// An upload with no new chunk for this long is discarded.
	pub upload_idle_secs: u64,
	/// A finished upload the chain has not seen paid for within this long is discarded.
	pub unpaid_ttl_secs: u64,
}

impl StoreLimits {
	/// The defaults for a store of `max_bytes`: an eighth each for unpaid uploads and for the cache, 64 uploads in
	/// progress (4 per client), idle uploads dropped after 5 minutes and unpaid files after 15.
	pub fn new(max_bytes: u64) -> Self {
		Self {
			max_bytes,
			max_upload_bytes: max_bytes / 8,
			max_uploads: 64,
			max_uploads_per_client: 4,
			max_cache_bytes: max_bytes / 8,
			upload_idle_secs: 5 * 60,
			unpaid_ttl_secs: 15 * 60,
		}
	}
}

/// What the store records of a held shard.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode)]
pub struct ShardRecord {
	/// Bytes.
	pub len: u64,
	/// The shard's Merkle root, checked before it was stored.
	pub root: H256,
}

/// Why a whole file is kept, which decides when it may go.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode)]
pub enum FileKind {
	/// Uploaded here, not yet seen paid for on chain: counts against the upload quota, expires.
	Unpaid,
	/// On chain and not yet stored by its providers (this node may be its encoder): kept.
	Pinned,
	/// A copy nobody relies on (a download's rebuild; an upload the chain has stored): evictable.
	Cached,
}

/// What the store records of a held file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode)]
pub struct FileRecord {
	/// Bytes.
	pub size: u64,
	/// Why it is kept.
	pub kind: FileKind,
	/// Unix time (seconds) it became `kind`.
	pub since: u64,
}

/// What the store records of an upload in progress.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
struct UploadRecord {
	/// Bytes announced by `begin_upload` (reserved in the store).
	size: u64,
	/// Unix time (seconds) the upload began.
	created: u64,
	/// Unix time (seconds) of its last chunk.
	touched: u64,
	/// Who began it (an RPC connection), if known.
	client: Option<u64>,
	/// Byte ranges `[start, end)` received so far: sorted, disjoint, not adjacent.
	received: Vec<(u64, u64)>,
}

impl UploadRecord {
	fn received_total(&self) -> u64 {
		self.received.iter().map(|(s, e)| e - s).sum()
	}
}

/// What one [`BlobStore::prune`] removed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pruned {
	/// Uploads idle too long.
	pub uploads: u64,
	/// Unpaid files past their time.
	pub files: u64,
	/// Bytes freed or released.
	pub bytes: u64,
}

/// Adds `[start, end)` to sorted, merged `ranges`, keeping them sorted and merged.
fn add_range(ranges: &mut Vec<(u64, u64)>, start: u64, end: u64) {
	if start >= end {
		return;
	}
	ranges.push((start, end));
	ranges.sort_unstable();
	let mut merged: Vec<(u64, u64)> = Vec::with_capacity(ranges.len());
	for &(s, e) in ranges.iter() {
		match merged.last_mut() {
			Some(last) if s <= last.1 => last.1 = last.1.max(e),
			_ => merged.push((s, e)),
		}
	}
	*ranges = merged;
}

fn internal(e: impl core::fmt::Display) -> StorageError {
	StorageError::Internal(format!("blob store: {e}"))
}

/// Unix time in seconds.
pub fn now_secs() -> u64 {
	SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

fn chunk_index(idx: u64) -> Result<u32, StorageError> {
	u32::try_from(idx).map_err(|_| internal("data too large for the chunk index"))
}

fn file_record_key(root: &H256) -> Vec<u8> {
	let mut k = Vec::with_capacity(33);
	k.push(TAG_RECORD);
	k.extend_from_slice(root.as_bytes());
	k
}

fn file_chunk_prefix(root: &H256) -> Vec<u8> {
	let mut k = Vec::with_capacity(37);
	k.push(TAG_CHUNK);
	k.extend_from_slice(root.as_bytes());
	k
}

fn file_chunk_key(root: &H256, idx: u32) -> Vec<u8> {
	let mut k = file_chunk_prefix(root);
	k.extend_from_slice(&idx.to_be_bytes());
	k
}

fn shard_record_prefix(root: &H256) -> Vec<u8> {
	file_record_key(root)
}

fn shard_record_key(root: &H256, shard: u32) -> Vec<u8> {
	let mut k = shard_record_prefix(root);
	k.extend_from_slice(&shard.to_be_bytes());
	k
}

fn shard_chunk_prefix(root: &H256, shard: u32) -> Vec<u8> {
	let mut k = file_chunk_prefix(root);
	k.extend_from_slice(&shard.to_be_bytes());
	k
}

fn shard_chunk_key(root: &H256, shard: u32, idx: u32) -> Vec<u8> {
	let mut k = shard_chunk_prefix(root, shard);
	k.extend_from_slice(&idx.to_be_bytes());
	k
}

fn upload_record_key(id: u64) -> Vec<u8> {
	let mut k = Vec::with_capacity(9);
	k.push(TAG_RECORD);
	k.extend_from_slice(&id.to_be_bytes());
	k
}

fn upload_chunk_prefix(id: u64) -> Vec<u8> {
	let mut k = Vec::with_capacity(13);
	k.push(TAG_CHUNK);
	k.extend_from_slice(&id.to_be_bytes());
	k
}

fn upload_chunk_key(id: u64, idx: u32) -> Vec<u8> {
	let mut k = upload_chunk_prefix(id);
	k.extend_from_slice(&idx.to_be_bytes());
	k
}

/// The Merkle roots of the [`CHUNK_SIZE`] chunks of `bytes`, in order. A chunk is 2^12 sectors, so chunk i's root
/// is node i of level 12 of the sector tree of `bytes` (pairs from the left, an odd node carried up unchanged):
/// the Merkle root of the chunk roots is the Merkle root of `bytes` ([`root_of_chunk_roots`]). That lets a node
/// check a shard chunk by chunk as it arrives, against the shard root the chain holds.
pub fn chunk_roots(bytes: &[u8]) -> Vec<H256> {
	bytes.chunks(CHUNK_SIZE as usize).map(merkle_root).collect()
}

/// The Merkle root of the data whose [`chunk_roots`] are `roots`.
pub fn root_of_chunk_roots(roots: &[H256]) -> H256 {
	merkle_root_of_leaves(roots.to_vec())
}

/// The first key after every key that starts with `prefix` (`None` if there is none: all bytes 0xff).
fn prefix_end(prefix: &[u8]) -> Option<Vec<u8>> {
	let mut end = prefix.to_vec();
	while let Some(last) = end.pop() {
		if last < u8::MAX {
			end.push(last + 1);
			return Some(end);
		}
	}
	None
}

/// A file record; one written by earlier versions (a bare size) reads as pinned.
fn decode_file_record(bytes: &[u8]) -> Result<FileRecord, StorageError> {
	if let Ok(record) = FileRecord::decode(&mut &bytes[..]) {
		return Ok(record);
	}
	let size = u64::decode(&mut &bytes[..]).map_err(internal)?;
	Ok(FileRecord { size, kind: FileKind::Pinned, since: now_secs() })
}

/// Whether the file system under `dir` takes `O_DIRECT` writes. Some do not (tmpfs before Linux 6.6), and RocksDB
/// would find that out at its first flush, leaving the store read-only: so one aligned block is written first.
#[cfg(target_os = "linux")]
fn direct_io_works(dir: &Path) -> bool {
	use std::{io::Write, os::unix::fs::OpenOptionsExt};
	const BLOCK: usize = 4096;
	let probe = dir.join("direct-io-probe");
	let written = std::fs::OpenOptions::new()
		.write(true)
		.create(true)
		.truncate(true)
		.custom_flags(libc::O_DIRECT)
		.open(&probe)
		.and_then(|mut file| {
			// O_DIRECT wants the buffer, the offset and the length aligned to the device's blocks.
			let buffer = vec![0u8; 2 * BLOCK];
			let start = buffer.as_ptr().align_offset(BLOCK);
			file.write_all(&buffer[start..start + BLOCK])
		});
	let _ = std::fs::remove_file(&probe);
	written.is_ok()
}

#[cfg(not(target_os = "linux"))]
fn direct_io_works(_dir: &Path) -> bool {
	false
}

/// A write batch against the store's columns.
struct Batch<'a> {
	store: &'a BlobStore,
	batch: WriteBatch,
	/// Key ranges deleted by this batch, compacted once it is written (see [`BlobStore::commit`]).
	cleared: Vec<(usize, Vec<u8>, Vec<u8>)>,
}

impl Batch<'_> {
	fn put(&mut self, col: usize, key: &[u8], value: &[u8]) -> Result<(), StorageError> {
		let cf = self.store.cf(col)?;
		self.batch.put_cf(cf, key, value);
		Ok(())
	}

	fn delete(&mut self, col: usize, key: &[u8]) -> Result<(), StorageError> {
		let cf = self.store.cf(col)?;
		self.batch.delete_cf(cf, key);
		Ok(())
	}

	fn delete_prefix(&mut self, col: usize, prefix: &[u8]) -> Result<(), StorageError> {
		let end = prefix_end(prefix).ok_or_else(|| internal("unbounded prefix"))?;
		let cf = self.store.cf(col)?;
		self.batch.delete_range_cf(cf, prefix, &end);
		self.cleared.push((col, prefix.to_vec(), end));
		Ok(())
	}

	fn put_meta(&mut self, key: &[u8], value: u64) -> Result<(), StorageError> {
		self.put(COL_META, key, &value.encode())
	}

	/// Adds the chunks of `data` under `key(index)`.
	fn put_chunked(&mut self, col: usize, key: impl Fn(u32) -> Vec<u8>, data: &[u8]) -> Result<(), StorageError> {
		for (idx, chunk) in data.chunks(CHUNK_SIZE as usize).enumerate() {
			self.put(col, &key(chunk_index(idx as u64)?), chunk)?;
		}
		Ok(())
	}
}

/// A writer's hold on the store: its write lock and, once that is released, the compaction of the ranges the writer
/// deleted, so that other writers do not wait behind it (with blob GC a compaction may also move live chunks).
struct Writing<'a> {
	store: &'a BlobStore,
	lock: Option<parking_lot::MutexGuard<'a, ()>>,
}

impl Drop for Writing<'_> {
	fn drop(&mut self) {
		drop(self.lock.take());
		self.store.compact_cleared();
	}
}

/// Files, shards and uploads in progress, persisted in RocksDB (see the module docs).
pub struct BlobStore {
	db: DB,
	limits: StoreLimits,
	/// Serializes writers, so counters and records are read and updated consistently. Taken through
	/// [`BlobStore::writing`].
	write_lock: Mutex<()>,
	/// Key ranges deleted by committed batches and not compacted yet (see [`BlobStore::commit`]).
	cleared: Mutex<Vec<(usize, Vec<u8>, Vec<u8>)>>,
	/// Last read of each cached file (unix seconds), for eviction; files never read since start-up count from
	/// when they became cached.
	last_read: Mutex<HashMap<H256, u64>>,
	/// Keys for upload ids, and a counter hashed with them.
	ids: RandomState,
	next_id: std::sync::atomic::AtomicU64,
	/// What each upload written in place has hashed (see `direct`).
	direct: Mutex<HashMap<u64, direct::Slot>>,
	/// Held while a garbage-collection step runs (see `garbage`).
	collecting: Mutex<()>,
}

impl BlobStore {
	/// Opens (creating if needed) the store at `path` with `limits`.
	pub fn open(path: &Path, limits: StoreLimits) -> Result<Self, StorageError> {
		std::fs::create_dir_all(path).map_err(|e| internal(format!("cannot create {}: {e}", path.display())))?;
		let mut options = Options::default();
		options.create_if_missing(true);
		options.create_missing_column_families(true);
		// Memtables: every value is a 1 MiB chunk, written once, so large memtables buy nothing but memory
		// (RocksDB's default, 64 MiB twice per column, let a node that moved a 1 GiB file hold 384 MiB of them).
		// 16 MiB each, 64 MiB for all columns together; a flush starts when either is reached.
		options.set_db_write_buffer_size(MEMTABLES_BYTES);
		// Flushes and compactions write their files, and reads read them, with direct I/O where the file system
		// allows it: the data bypasses the page cache, which nothing here benefits from (every chunk is read
		// once or twice, and then at disk speed). On this project's 2-core VM a 1 GiB file synced by `dd`
		// through the page cache went at 226 MB/s and with O_DIRECT at 2.7 GB/s: its page cache is slow to hand
		// out fresh pages. A profile of a release upload showed RocksDB's flush thread copying into the page
		// cache as 39 % of all samples, the upload waiting on it.
		let direct = direct_io_works(path);
		options.set_use_direct_io_for_flush_and_compaction(direct);
		options.set_use_direct_reads(direct);
		if !direct {
			log::info!(target: "zg-storage", "{}: no direct I/O on this file system; the blob store goes through the page cache", path.display());
		}
		let column = |col: usize| {
			let mut cf = Options::default();
			cf.set_write_buffer_size(MEMTABLE_BYTES);
			cf.set_max_write_buffer_number(2);
			if col != COL_META {
				// Chunks go to blob files when their memtable is flushed, and compactions move only the keys that
				// point at them: in SST files every chunk was rewritten by each compaction that reached it (run 7's
				// upload profile: a quarter of the node's samples in compaction threads). Blob files whose chunks
				// were all deleted are dropped. RocksDB's blob GC stays off: it made every compaction rewrite the
				// live chunks of a quarter of the column; `garbage` collects in bounded steps instead.
				cf.set_enable_blob_files(true);
				cf.set_min_blob_size(BLOB_MIN_BYTES);
				cf.set_blob_file_size(BLOB_FILE_BYTES);
				cf.set_enable_blob_gc(false);
			}
			cf
		};
		let columns = COLUMNS.iter().enumerate().map(|(col, name)| ColumnFamilyDescriptor::new(*name, column(col)));
		let db = DB::open_cf_descriptors(&options, path, columns)
			.map_err(|e| internal(format!("cannot open {}: {e}", path.display())))?;
		let store = Self {
			db,
			limits,
			write_lock: Mutex::new(()),
			cleared: Mutex::new(Vec::new()),
			last_read: Mutex::new(HashMap::new()),
			ids: RandomState::new(),
			next_id: std::sync::atomic::AtomicU64::new(0),
			direct: Mutex::new(HashMap::new()),
			collecting: Mutex::new(()),
		};
		store.recover_pending()?;
		store.recover_direct()?;
		store.compact_cleared();
		Ok(store)
	}

	fn cf(&self, col: usize) -> Result<&rocksdb::ColumnFamily, StorageError> {
		let name = COLUMNS.get(col).ok_or_else(|| internal("no such column"))?;
		self.db.cf_handle(name).ok_or_else(|| internal(format!("column {name} missing")))
	}

	fn batch(&self) -> Batch<'_> {
		Batch { store: self, batch: WriteBatch::default(), cleared: Vec::new() }
	}

	/// The write lock; once released, the ranges the writes deleted are compacted (see [`Writing`]).
	fn writing(&self) -> Writing<'_> {
		Writing { store: self, lock: Some(self.write_lock.lock()) }
	}

	/// Applies `batch`; with `sync`, returns only once it is on disk. The ranges it deleted are compacted when the
	/// writer releases the lock ([`Writing`]): their chunks live in blob files, which are dropped only once
	/// compactions have dropped every key pointing into them, and the keys alone are too few for RocksDB to start
	/// those compactions by itself soon.
	fn commit(&self, batch: Batch<'_>, sync: bool) -> Result<(), StorageError> {
		let mut options = WriteOptions::default();
		options.set_sync(sync);
		self.db.write_opt(batch.batch, &options).map_err(internal)?;
		if !batch.cleared.is_empty() {
			self.cleared.lock().extend(batch.cleared);
		}
		Ok(())
	}

	/// Applies `batch` without writing it to the write-ahead log: for the chunks of a pending write (see
	/// `streamed`), which a crash discards whether they reached the disk or not. That halves what a stored byte
	/// costs the disk (once in the log, once more when its memtable is flushed to a blob file). They are durable
	/// only once their memtable is flushed, so whatever records them calls [`Self::flush`] first.
	fn commit_unlogged(&self, batch: Batch<'_>) -> Result<(), StorageError> {
		let mut options = WriteOptions::default();
		options.disable_wal(true);
		self.db.write_opt(batch.batch, &options).map_err(internal)?;
		if !batch.cleared.is_empty() {
			self.cleared.lock().extend(batch.cleared);
		}
		Ok(())
	}

	/// Writes `col`'s memtables to disk (blob and table files, synced) and returns once they are there: what
	/// [`Self::commit_unlogged`] wrote before is then durable.
	fn flush(&self, col: usize) -> Result<(), StorageError> {
		self.db.flush_cf(self.cf(col)?).map_err(internal)
	}

	/// Compacts the ranges deleted since the last call (a failed compaction only leaves the space for RocksDB to
	/// reclaim later).
	fn compact_cleared(&self) {
		let cleared = std::mem::take(&mut *self.cleared.lock());
		for (col, start, end) in cleared {
			if let Ok(cf) = self.cf(col) {
				self.db.compact_range_cf(cf, Some(&start), Some(&end));
			}
		}
	}

	/// Waits until RocksDB's background flushes and compactions are done, and with them the deletion of the files
	/// they made obsolete. A manual compaction can return before its background thread has deleted the blob files
	/// it emptied (the thread deletes them after signalling, and another job's signal may wake the caller first), so
	/// tests that look at the disk wait for this first.
	#[cfg(test)]
	fn settle(&self) {
		self.db.wait_for_compact(&rocksdb::WaitForCompactOptions::default()).expect("background work settles");
	}

	fn get(&self, col: usize, key: &[u8]) -> Result<Option<Vec<u8>>, StorageError> {
		self.db.get_cf(self.cf(col)?, key).map_err(internal)
	}

	fn get_decoded<T: Decode>(&self, col: usize, key: &[u8]) -> Result<Option<T>, StorageError> {
		match self.get(col, key)? {
			Some(bytes) => T::decode(&mut &bytes[..]).map(Some).map_err(internal),
			None => Ok(None),
		}
	}

	/// Every (key, value) of `col` whose key starts with `prefix`, in key order.
	fn scan(&self, col: usize, prefix: &[u8]) -> Result<Vec<(Box<[u8]>, Box<[u8]>)>, StorageError> {
		let mut out = Vec::new();
		for item in self.db.iterator_cf(self.cf(col)?, IteratorMode::From(prefix, Direction::Forward)) {
			let (key, value) = item.map_err(internal)?;
			if !key.starts_with(prefix) {
				break;
			}
			out.push((key, value));
		}
		Ok(out)
	}

	fn meta(&self, key: &[u8]) -> Result<u64, StorageError> {
		Ok(self.get_decoded::<u64>(COL_META, key)?.unwrap_or(0))
	}

	fn meta_or_zero(&self, key: &[u8]) -> u64 {
		self.meta(key).unwrap_or_else(|e| {
			log::warn!(target: "zg-storage", "{e}");
			0
		})
	}

	/// Bytes held by files and shards.
	pub fn used(&self) -> u64 {
		self.meta_or_zero(KEY_USED)
	}

	/// Bytes reserved by uploads in progress.
	pub fn staged(&self) -> u64 {
		self.meta_or_zero(KEY_STAGED)
	}

	/// The store's limits.
	pub fn limits(&self) -> &StoreLimits {
		&self.limits
	}

	/// The most bytes the store holds (files, shards and reserved uploads together).
	pub fn max(&self) -> u64 {
		self.limits.max_bytes
	}

	/// Makes room for `needed` more bytes, evicting cached files (least recently read first) if it must; fails
	/// with [`StorageError::StoreFull`] if even that is not enough. `keep` is never evicted.
	fn make_room(&self, needed: u64, keep: Option<&H256>) -> Result<(), StorageError> {
		loop {
			let taken = self.meta(KEY_USED)?.saturating_add(self.meta(KEY_STAGED)?);
			if taken.saturating_add(needed) <= self.limits.max_bytes {
				return Ok(());
			}
			let free = self.limits.max_bytes.saturating_sub(taken);
			let cached = self.meta(KEY_CACHED)?;
			if free.saturating_add(cached) < needed {
				return Err(StorageError::StoreFull { needed, free });
			}
			match self.least_recently_read(keep)? {
				Some(victim) => {
					let bytes = self.drop_file_locked(&victim)?;
					log::info!(target: "zg-storage", "evicted cached file {victim:?} ({bytes} bytes) to make room");
				},
				None => return Err(StorageError::StoreFull { needed, free }),
			}
		}
	}

	/// The cached file read least recently, other than `keep`.
	fn least_recently_read(&self, keep: Option<&H256>) -> Result<Option<H256>, StorageError> {
		let records = self.file_records()?;
		let last_read = self.last_read.lock();
		let mut best: Option<(u64, H256)> = None;
		for (root, record) in records {
			if Some(&root) == keep || record.kind != FileKind::Cached {
				continue;
			}
			let at = last_read.get(&root).copied().unwrap_or(record.since).max(record.since);
			if best.map_or(true, |(t, _)| at < t) {
				best = Some((at, root));
			}
		}
		Ok(best.map(|(_, root)| root))
	}

	/// Reads `[start, end)` of data stored in [`CHUNK_SIZE`] chunks under `key(index)`.
	fn read_chunked(
		&self,
		col: usize,
		key: impl Fn(u32) -> Vec<u8>,
		start: u64,
		end: u64,
	) -> Result<Vec<u8>, StorageError> {
		self.read_chunked_with(col, key, start, end, true, Vec::with_capacity)
	}

	/// [`Self::read_chunked`], with or without RocksDB's checksums (`verify`), the bytes appended to what
	/// `begin(n)` answers for their number `n` (a message's header, with room for them: they are copied once).
	fn read_chunked_with(
		&self,
		col: usize,
		key: impl Fn(u32) -> Vec<u8>,
		start: u64,
		end: u64,
		verify: bool,
		begin: impl FnOnce(usize) -> Vec<u8>,
	) -> Result<Vec<u8>, StorageError> {
		let mut options = rocksdb::ReadOptions::default();
		options.set_verify_checksums(verify);
		let cf = self.cf(col)?;
		if start >= end {
			return Ok(begin(0));
		}
		let cap = usize::try_from(end - start).map_err(internal)?;
		let mut out = begin(cap);
		for idx in start / CHUNK_SIZE..=(end - 1) / CHUNK_SIZE {
			let chunk = self.db.get_pinned_cf_opt(cf, key(chunk_index(idx)?), &options).map_err(internal)?;
			let chunk = chunk.ok_or_else(|| internal("a stored chunk is missing"))?;
			let chunk_start = idx * CHUNK_SIZE;
			let from = (start.max(chunk_start) - chunk_start) as usize;
			let to = (end.min(chunk_start + CHUNK_SIZE) - chunk_start) as usize;
			let bytes = chunk.get(from..to).ok_or_else(|| internal("a stored chunk is too short"))?;
			out.extend_from_slice(bytes);
		}
		Ok(out)
	}

	/// The sector leaves of `len` bytes stored in [`CHUNK_SIZE`] chunks under `key(index)`, read chunk by chunk.
	fn leaves_chunked(&self, col: usize, key: impl Fn(u32) -> Vec<u8>, len: u64) -> Result<Vec<H256>, StorageError> {
		let sectors = usize::try_from(len.div_ceil(SECTOR_SIZE as u64)).map_err(internal)?;
		let mut leaves = Vec::with_capacity(sectors);
		for idx in 0..len.div_ceil(CHUNK_SIZE) {
			let chunk = self.get(col, &key(chunk_index(idx)?))?.ok_or_else(|| internal("a stored chunk is missing"))?;
			let want = (len - idx * CHUNK_SIZE).min(CHUNK_SIZE) as usize;
			let bytes = chunk.get(..want).ok_or_else(|| internal("a stored chunk is too short"))?;
			leaves.extend(sector_leaves(bytes));
		}
		Ok(leaves)
	}

	// ---- Uploads ----

	/// Every upload in progress, by id.
	fn uploads(&self) -> Result<Vec<(u64, Option<UploadRecord>)>, StorageError> {
		let mut out = Vec::new();
		for (key, value) in self.scan(COL_STAGING, &[TAG_RECORD])? {
			let Some(id_bytes) = key.get(1..9) else { continue };
			let mut id = [0u8; 8];
			id.copy_from_slice(id_bytes);
			out.push((u64::from_be_bytes(id), UploadRecord::decode(&mut &value[..]).ok()));
		}
		Ok(out)
	}

	/// Discards what has outlived its time at unix time `now`: uploads with no chunk for `upload_idle_secs`
	/// and unpaid files older than `unpaid_ttl_secs`. The node runs it every few seconds; `begin_upload` too.
	pub fn prune(&self, now: u64) -> Result<Pruned, StorageError> {
		let _guard = self.writing();
		self.prune_locked(now)
	}

	fn prune_locked(&self, now: u64) -> Result<Pruned, StorageError> {
		let mut pruned = Pruned::default();
		let mut batch = self.batch();
		let mut released = 0u64;
		for (id, record) in self.uploads()? {
			let expired = match &record {
				Some(r) => now.saturating_sub(r.touched.max(r.created)) > self.limits.upload_idle_secs,
				None => {
					log::warn!(target: "zg-storage", "discarding upload {id}: its record does not decode");
					true
				},
			};
			if expired {
				log::info!(target: "zg-storage", "discarding upload {id}: no data for {} s", self.limits.upload_idle_secs);
				self.discard_direct(&mut batch, id)?;
				batch.delete(COL_STAGING, &upload_record_key(id))?;
				batch.delete_prefix(COL_STAGING, &upload_chunk_prefix(id))?;
				let size = record.map_or(0, |r| r.size);
				released = released.saturating_add(size);
				pruned.uploads += 1;
			}
		}
		if pruned.uploads > 0 {
			batch.put_meta(KEY_STAGED, self.meta(KEY_STAGED)?.saturating_sub(released))?;
			self.commit(batch, false)?;
			pruned.bytes = released;
		}
		for (root, record) in self.file_records()? {
			if record.kind == FileKind::Unpaid && now.saturating_sub(record.since) > self.limits.unpaid_ttl_secs {
				let bytes = self.drop_file_locked(&root)?;
				log::info!(
					target: "zg-storage",
					"discarding uploaded file {root:?} ({bytes} bytes): not paid for on chain within {} s",
					self.limits.unpaid_ttl_secs
				);
				pruned.files += 1;
				pruned.bytes = pruned.bytes.saturating_add(bytes);
			}
		}
		Ok(pruned)
	}

	/// A fresh random upload id.
	fn new_upload_id(&self) -> Result<u64, StorageError> {
		for _ in 0..16 {
			let n = self.next_id.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
			let id = self.ids.hash_one((n, now_secs(), std::process::id())) & UPLOAD_ID_MASK;
			if id != 0 && self.get(COL_STAGING, &upload_record_key(id))?.is_none() {
				return Ok(id);
			}
		}
		Err(internal("no free upload id"))
	}

	/// Starts an upload of `size` bytes for `client` (an RPC connection, if known), reserving them within the
	/// upload quota; returns its id (random, below 2^53). Expired uploads and unpaid files are pruned first.
	pub fn begin_upload(&self, size: u64, client: Option<u64>) -> Result<u64, StorageError> {
		let _guard = self.writing();
		let (id, batch) = self.reserve_upload_locked(size, client)?;
		self.commit(batch, false)?;
		Ok(id)
	}

	/// What [`Self::begin_upload`] checks and writes: the new upload's id, and a batch with its record and its
	/// reservation for the caller to commit. The caller holds the write lock.
	fn reserve_upload_locked(&self, size: u64, client: Option<u64>) -> Result<(u64, Batch<'_>), StorageError> {
		if size == 0 {
			return Err(StorageError::Empty);
		}
		let now = now_secs();
		self.prune_locked(now)?;
		let uploads = self.uploads()?;
		if uploads.len() as u64 >= u64::from(self.limits.max_uploads) {
			return Err(StorageError::TooManyUploads { max: self.limits.max_uploads });
		}
		if let Some(client) = client {
			let mine = uploads.iter().filter(|(_, r)| r.as_ref().is_some_and(|r| r.client == Some(client))).count();
			if mine as u64 >= u64::from(self.limits.max_uploads_per_client) {
				return Err(StorageError::TooManyUploads { max: self.limits.max_uploads_per_client });
			}
		}
		let staged = self.meta(KEY_STAGED)?;
		let quota_used = staged.saturating_add(self.meta(KEY_UNPAID)?);
		if quota_used.saturating_add(size) > self.limits.max_upload_bytes {
			return Err(StorageError::UploadQuota {
				needed: size,
				free: self.limits.max_upload_bytes.saturating_sub(quota_used),
			});
		}
		self.make_room(size, None)?;
		let id = self.new_upload_id()?;
		let mut batch = self.batch();
		batch.put_meta(KEY_STAGED, self.meta(KEY_STAGED)?.saturating_add(size))?;
		let record = UploadRecord { size, created: now, touched: now, client, received: Vec::new() };
		batch.put(COL_STAGING, &upload_record_key(id), &record.encode())?;
		Ok((id, batch))
	}

	fn upload_record(&self, id: u64) -> Result<UploadRecord, StorageError> {
		self.get_decoded::<UploadRecord>(COL_STAGING, &upload_record_key(id))?.ok_or(StorageError::UnknownUpload(id))
	}

	/// Stores `data` at byte `offset` of upload `id` (any order; rewriting a range is fine); returns the bytes
	/// received so far.
	pub fn write_chunk(&self, id: u64, offset: u64, data: &[u8]) -> Result<u64, StorageError> {
		if let Some(state) = self.take_direct(id)? {
			return self.write_direct(id, state, offset, data);
		}
		let _guard = self.writing();
		let mut record = self.upload_record(id)?;
		let len = data.len() as u64;
		let bad_range = StorageError::BadRange { offset, len, size: record.size };
		let end = offset.checked_add(len).ok_or_else(|| bad_range.clone())?;
		if end > record.size || len > MAX_CHUNK {
			return Err(bad_range);
		}
		if data.is_empty() {
			return Ok(record.received_total());
		}
		add_range(&mut record.received, offset, end);
		if record.received.len() > MAX_RECEIVED_RANGES {
			return Err(StorageError::Internal(format!(
				"upload {id} has more than {MAX_RECEIVED_RANGES} disjoint received ranges; send chunks in order"
			)));
		}
		record.touched = now_secs();
		let mut batch = self.batch();
		self.put_range(&mut batch, COL_STAGING, |idx| upload_chunk_key(id, idx), record.size, offset, data)?;
		let received = record.received_total();
		batch.put(COL_STAGING, &upload_record_key(id), &record.encode())?;
		self.commit(batch, false)?;
		Ok(received)
	}

	/// Adds to `batch` bytes `offset .. offset + data.len()` of data of `size` bytes stored in [`CHUNK_SIZE`]
	/// chunks under `key(index)` of `col`: whole chunks as they are, a partial one merged into what is stored.
	fn put_range(
		&self,
		batch: &mut Batch<'_>,
		col: usize,
		key: impl Fn(u32) -> Vec<u8>,
		size: u64,
		offset: u64,
		data: &[u8],
	) -> Result<(), StorageError> {
		let end = offset.checked_add(data.len() as u64).filter(|&end| end <= size).ok_or_else(|| internal("range"))?;
		if data.is_empty() {
			return Ok(());
		}
		for idx in offset / CHUNK_SIZE..=(end - 1) / CHUNK_SIZE {
			let key = key(chunk_index(idx)?);
			let chunk_start = idx * CHUNK_SIZE;
			let chunk_len = (size - chunk_start).min(CHUNK_SIZE);
			let from = offset.max(chunk_start);
			let to = end.min(chunk_start + CHUNK_SIZE);
			let src = data
				.get((from - offset) as usize..(to - offset) as usize)
				.ok_or_else(|| internal("upload data range"))?;
			if from == chunk_start && to == chunk_start + chunk_len {
				batch.put(col, &key, src)?;
				continue;
			}
			let mut chunk = self.get(col, &key)?.unwrap_or_default();
			chunk.resize(chunk_len as usize, 0);
			let dst = chunk
				.get_mut((from - chunk_start) as usize..(to - chunk_start) as usize)
				.ok_or_else(|| internal("staged chunk range"))?;
			dst.copy_from_slice(src);
			batch.put(col, &key, &chunk)?;
		}
		Ok(())
	}

	/// Completes upload `id`: if every byte arrived and the data's file root is `expected_root`, keeps it as an
	/// unpaid file with that root (synced to disk) and returns its size. On a root mismatch the upload is
	/// discarded; while bytes are missing it is kept ([`StorageError::Incomplete`]).
	pub fn finish_upload(&self, id: u64, expected_root: H256) -> Result<u64, StorageError> {
		if let Some(state) = self.take_direct(id)? {
			return self.finish_direct(id, state, expected_root);
		}
		let _guard = self.writing();
		let record = self.upload_record(id)?;
		let size = record.size;
		let received = record.received_total();
		if received < size {
			return Err(StorageError::Incomplete { received, size });
		}
		// Each chunk is hashed and copied as it is read, a few at a time (a pending write: a crash leaves nothing
		// behind). The copy is under the expected root and recorded only if it is right.
		let duplicate = self.file_record(&expected_root)?.is_some();
		if !duplicate && self.pending(COL_FILES, &file_chunk_prefix(&expected_root))?.is_some() {
			// A download is writing the same file into the cache right now; finishing again soon succeeds.
			return Err(StorageError::Busy);
		}
		let actual = match self.copy_upload_locked(id, size, &expected_root, !duplicate) {
			Ok(actual) => actual,
			Err(e) => {
				if !duplicate {
					let mut undo = self.batch();
					self.discard_copy(&mut undo, &expected_root)?;
					self.commit(undo, false)?;
				}
				return Err(e);
			},
		};

		let mut batch = self.batch();
		if !duplicate {
			if actual == expected_root {
				self.end_copy(&mut batch, &expected_root)?;
			} else {
				self.discard_copy(&mut batch, &expected_root)?;
			}
		}
		batch.delete(COL_STAGING, &upload_record_key(id))?;
		batch.delete_prefix(COL_STAGING, &upload_chunk_prefix(id))?;
		self.end_upload(batch, size, expected_root, actual, !duplicate, true)
	}

	/// Commits a finished upload of `size` bytes, whose removal (and its copy's end or discard) `batch` holds: its
	/// reservation released and, if its root is the one expected, the file recorded as unpaid when `new` (synced;
	/// the files column flushed first when `flush`, as the copy's chunks skipped the write-ahead log).
	fn end_upload(
		&self,
		mut batch: Batch<'_>,
		size: u64,
		expected: H256,
		actual: H256,
		new: bool,
		flush: bool,
	) -> Result<u64, StorageError> {
		batch.put_meta(KEY_STAGED, self.meta(KEY_STAGED)?.saturating_sub(size))?;
		if actual != expected {
			self.commit(batch, false)?;
			return Err(StorageError::RootMismatch { expected, actual });
		}
		if new {
			let file = FileRecord { size, kind: FileKind::Unpaid, since: now_secs() };
			batch.put(COL_FILES, &file_record_key(&actual), &file.encode())?;
			batch.put_meta(KEY_USED, self.meta(KEY_USED)?.saturating_add(size))?;
			batch.put_meta(KEY_UNPAID, self.meta(KEY_UNPAID)?.saturating_add(size))?;
			if flush {
				self.flush(COL_FILES)?;
			}
		}
		self.commit(batch, true)?;
		Ok(size)
	}

	/// Discards upload `id` and releases its reservation.
	pub fn abort_upload(&self, id: u64) -> Result<(), StorageError> {
		let _guard = self.writing();
		let record = self.upload_record(id)?;
		let mut batch = self.batch();
		self.discard_direct(&mut batch, id)?;
		batch.delete(COL_STAGING, &upload_record_key(id))?;
		batch.delete_prefix(COL_STAGING, &upload_chunk_prefix(id))?;
		batch.put_meta(KEY_STAGED, self.meta(KEY_STAGED)?.saturating_sub(record.size))?;
		self.commit(batch, false)
	}

	// ---- Files ----

	/// The record of the complete file with this root, if held. Records written by earlier versions (a bare
	/// size) read as pinned.
	pub fn file_record(&self, root: &H256) -> Result<Option<FileRecord>, StorageError> {
		self.get(COL_FILES, &file_record_key(root))?.map(|bytes| decode_file_record(&bytes)).transpose()
	}

	/// Every held file's record, decoded from one scan of the records.
	fn file_records(&self) -> Result<Vec<(H256, FileRecord)>, StorageError> {
		let mut out = Vec::new();
		for (key, value) in self.scan(COL_FILES, &[TAG_RECORD])? {
			let Some(root) = key.get(1..33).map(H256::from_slice) else { continue };
			out.push((root, decode_file_record(&value)?));
		}
		Ok(out)
	}

	/// The size of the complete file with this root, if held.
	pub fn file_size(&self, root: &H256) -> Result<Option<u64>, StorageError> {
		Ok(self.file_record(root)?.map(|r| r.size))
	}

	fn note_read(&self, root: &H256, record: &FileRecord) {
		if record.kind == FileKind::Cached {
			self.last_read.lock().insert(*root, now_secs());
		}
	}

	/// Bytes `offset .. offset + len` of the file (clamped to its end), or `None` if the file is not held.
	pub fn read_file_range(&self, root: &H256, offset: u64, len: u64) -> Result<Option<Vec<u8>>, StorageError> {
		self.read_file_range_after(root, offset, len, Vec::with_capacity)
	}

	/// [`Self::read_file_range`], the bytes appended to what `begin(n)` answers for their number `n` (as
	/// [`Self::shard_range_for_peer_after`]).
	pub fn read_file_range_after(
		&self,
		root: &H256,
		offset: u64,
		len: u64,
		begin: impl FnOnce(usize) -> Vec<u8>,
	) -> Result<Option<Vec<u8>>, StorageError> {
		let Some(record) = self.file_record(root)? else { return Ok(None) };
		let size = record.size;
		if offset > size {
			return Err(StorageError::BadRange { offset, len, size });
		}
		self.note_read(root, &record);
		let end = offset.saturating_add(len).min(size);
		self.read_chunked_with(COL_FILES, |idx| file_chunk_key(root, idx), offset, end, true, begin).map(Some)
	}

	/// The whole file, or `None` if it is not held.
	pub fn read_file(&self, root: &H256) -> Result<Option<Vec<u8>>, StorageError> {
		let Some(record) = self.file_record(root)? else { return Ok(None) };
		self.note_read(root, &record);
		self.read_chunked(COL_FILES, |idx| file_chunk_key(root, idx), 0, record.size).map(Some)
	}

	/// Stores a complete file under `root` as a cache copy (the caller has checked that `root` is its file root,
	/// e.g. after rebuilding it from shards), synced. Nothing changes if the file is already held. A file larger
	/// than the cache is not kept ([`StorageError::StoreFull`]); older cached files are evicted to make room. While
	/// an upload of the file is being written in place, [`StorageError::Busy`].
	pub fn put_cached_file(&self, root: &H256, bytes: &[u8]) -> Result<(), StorageError> {
		if bytes.is_empty() {
			return Err(StorageError::Empty);
		}
		let _guard = self.writing();
		if self.file_record(root)?.is_some() {
			return Ok(());
		}
		if self.pending(COL_FILES, &file_chunk_prefix(root))?.is_some() {
			// An upload is being written in place under this root, unchecked until it finishes: writing over its
			// chunks now would let it overwrite these.
			return Err(StorageError::Busy);
		}
		let len = bytes.len() as u64;
		self.make_cache_room(root, len)?;
		let mut batch = self.batch();
		batch.put_chunked(COL_FILES, |idx| file_chunk_key(root, idx), bytes)?;
		let record = FileRecord { size: len, kind: FileKind::Cached, since: now_secs() };
		batch.put(COL_FILES, &file_record_key(root), &record.encode())?;
		batch.put_meta(KEY_USED, self.meta(KEY_USED)?.saturating_add(len))?;
		batch.put_meta(KEY_CACHED, self.meta(KEY_CACHED)?.saturating_add(len))?;
		self.commit(batch, true)
	}

	/// Makes room for a cached copy of `len` bytes of `root`: within the cache's own bound first (evicting the
	/// cached files read least recently), then within the store's. The caller holds the write lock.
	fn make_cache_room(&self, root: &H256, len: u64) -> Result<(), StorageError> {
		if len > self.limits.max_cache_bytes {
			return Err(StorageError::StoreFull { needed: len, free: self.limits.max_cache_bytes });
		}
		while self.meta(KEY_CACHED)?.saturating_add(len) > self.limits.max_cache_bytes {
			let Some(victim) = self.least_recently_read(Some(root))? else { break };
			self.drop_file_locked(&victim)?;
		}
		self.make_room(len, Some(root))
	}

	/// Changes why the held file `root` is kept (the reclaimer: unpaid → pinned once the chain has it, pinned →
	/// cached once it is stored); the counters follow. Returns whether the file is held.
	pub fn set_file_kind(&self, root: &H256, kind: FileKind) -> Result<bool, StorageError> {
		let _guard = self.writing();
		let Some(record) = self.file_record(root)? else { return Ok(false) };
		if record.kind == kind {
			return Ok(true);
		}
		let mut batch = self.batch();
		self.count_kind(&mut batch, record.kind, record.size, false)?;
		self.count_kind(&mut batch, kind, record.size, true)?;
		batch.put(COL_FILES, &file_record_key(root), &FileRecord { kind, since: now_secs(), ..record }.encode())?;
		self.commit(batch, true)?;
		Ok(true)
	}

	/// Adds to (or, `add = false`, takes from) the counter of files of `kind`.
	fn count_kind(&self, batch: &mut Batch<'_>, kind: FileKind, size: u64, add: bool) -> Result<(), StorageError> {
		let key = match kind {
			FileKind::Unpaid => KEY_UNPAID,
			FileKind::Cached => KEY_CACHED,
			FileKind::Pinned => return Ok(()),
		};
		let now = self.meta(key)?;
		batch.put_meta(key, if add { now.saturating_add(size) } else { now.saturating_sub(size) })
	}

	/// The sector leaves of the held file, or `None`.
	pub fn file_leaves(&self, root: &H256) -> Result<Option<Vec<H256>>, StorageError> {
		let Some(size) = self.file_size(root)? else { return Ok(None) };
		self.leaves_chunked(COL_FILES, |idx| file_chunk_key(root, idx), size).map(Some)
	}

	// ---- Shards ----

	/// Stores shard `shard` of file `root` with its checked Merkle root `shard_root`, replacing any copy held,
	/// synced to disk before it returns (the provider acknowledges it on chain next). Cached files are evicted
	/// to make room if needed; the upload quota never limits shards.
	pub fn put_shard(&self, root: &H256, shard: u32, bytes: &[u8], shard_root: H256) -> Result<(), StorageError> {
		self.put_shard_with(root, shard, bytes, shard_root, None)
	}

	/// [`Self::put_shard`] for a shard whose root is the Merkle root of its sectors, keeping `chunk_roots` (the
	/// root of each [`CHUNK_SIZE`] chunk, [`chunk_roots`]) beside it, so that peers can check every chunk they
	/// fetch as it arrives ([`Self::shard_chunk_roots`]). The chunk roots must give `shard_root`
	/// ([`root_of_chunk_roots`]).
	pub fn put_shard_with_chunk_roots(
		&self,
		root: &H256,
		shard: u32,
		bytes: &[u8],
		shard_root: H256,
		chunk_roots: &[H256],
	) -> Result<(), StorageError> {
		if chunk_roots.len() as u64 != (bytes.len() as u64).div_ceil(CHUNK_SIZE) ||
			root_of_chunk_roots(chunk_roots) != shard_root
		{
			return Err(internal(format!("shard {shard} of {root:?}: chunk roots that do not give its root")));
		}
		self.put_shard_with(root, shard, bytes, shard_root, Some(chunk_roots))
	}

	fn put_shard_with(
		&self,
		root: &H256,
		shard: u32,
		bytes: &[u8],
		shard_root: H256,
		chunk_roots: Option<&[H256]>,
	) -> Result<(), StorageError> {
		let _guard = self.writing();
		let old_len = self.shard_record(root, shard)?.map(|r| r.len).unwrap_or(0);
		let len = bytes.len() as u64;
		self.make_room(len.saturating_sub(old_len), None)?;
		let mut batch = self.batch();
		batch.delete_prefix(COL_SHARDS, &shard_chunk_prefix(root, shard))?;
		batch.put_chunked(COL_SHARDS, |idx| shard_chunk_key(root, shard, idx), bytes)?;
		if let Some(roots) = chunk_roots {
			batch.put(COL_SHARDS, &shard_chunk_key(root, shard, CHUNK_ROOTS_INDEX), &roots.encode())?;
		}
		batch.put(COL_SHARDS, &shard_record_key(root, shard), &ShardRecord { len, root: shard_root }.encode())?;
		batch.put_meta(KEY_USED, self.meta(KEY_USED)?.saturating_sub(old_len).saturating_add(len))?;
		self.commit(batch, true)
	}

	/// The record of shard `shard` of file `root`, if held.
	pub fn shard_record(&self, root: &H256, shard: u32) -> Result<Option<ShardRecord>, StorageError> {
		self.get_decoded::<ShardRecord>(COL_SHARDS, &shard_record_key(root, shard))
	}

	/// The roots of the [`CHUNK_SIZE`] chunks of shard `shard` of file `root`, if it is held and was stored with
	/// them ([`Self::put_shard_with_chunk_roots`]). Never computed here: a peer's request costs a read, not a hash.
	pub fn shard_chunk_roots(&self, root: &H256, shard: u32) -> Result<Option<Vec<H256>>, StorageError> {
		if self.shard_record(root, shard)?.is_none() {
			return Ok(None);
		}
		self.get_decoded::<Vec<H256>>(COL_SHARDS, &shard_chunk_key(root, shard, CHUNK_ROOTS_INDEX))
	}

	/// Whether shard `shard` of file `root` is held.
	pub fn has_shard(&self, root: &H256, shard: u32) -> Result<bool, StorageError> {
		Ok(self.shard_record(root, shard)?.is_some())
	}

	/// The whole shard, if held.
	pub fn shard(&self, root: &H256, shard: u32) -> Result<Option<Vec<u8>>, StorageError> {
		let Some(record) = self.shard_record(root, shard)? else { return Ok(None) };
		self.read_chunked(COL_SHARDS, |idx| shard_chunk_key(root, shard, idx), 0, record.len).map(Some)
	}

	/// Bytes `offset .. offset + len` of the shard (clamped to its end), or `None` if it is not held.
	pub fn shard_range(&self, root: &H256, shard: u32, offset: u64, len: u64) -> Result<Option<Vec<u8>>, StorageError> {
		self.shard_range_with(root, shard, offset, len, true, Vec::with_capacity)
	}

	/// [`Self::shard_range`] for a peer, which checks every chunk it gets against the shard's root on chain: read
	/// without RocksDB's checksums, whose CRC32C over every byte (in software: RocksDB is built without SSE 4.2)
	/// was 5 % of all the machine's samples in a profile of a cold download. The node's own reads keep them.
	pub fn shard_range_for_peer(
		&self,
		root: &H256,
		shard: u32,
		offset: u64,
		len: u64,
	) -> Result<Option<Vec<u8>>, StorageError> {
		self.shard_range_with(root, shard, offset, len, false, Vec::with_capacity)
	}

	/// [`Self::shard_range_for_peer`], the bytes appended to what `begin(n)` answers for their number `n`: the
	/// server writes its answer's header first and the bytes after it, so that they are copied once, not read
	/// into a buffer of their own and copied again into the message.
	pub fn shard_range_for_peer_after(
		&self,
		root: &H256,
		shard: u32,
		offset: u64,
		len: u64,
		begin: impl FnOnce(usize) -> Vec<u8>,
	) -> Result<Option<Vec<u8>>, StorageError> {
		self.shard_range_with(root, shard, offset, len, false, begin)
	}

	fn shard_range_with(
		&self,
		root: &H256,
		shard: u32,
		offset: u64,
		len: u64,
		verify: bool,
		begin: impl FnOnce(usize) -> Vec<u8>,
	) -> Result<Option<Vec<u8>>, StorageError> {
		let Some(record) = self.shard_record(root, shard)? else { return Ok(None) };
		if offset > record.len {
			return Err(StorageError::BadRange { offset, len, size: record.len });
		}
		let end = offset.saturating_add(len).min(record.len);
		let key = |idx| shard_chunk_key(root, shard, idx);
		self.read_chunked_with(COL_SHARDS, key, offset, end, verify, begin).map(Some)
	}

	/// The shard's record and the roots of its chunks ([`chunk_roots`]), if held: those stored beside it, or, for
	/// a shard stored without them (or with a list of the wrong length), hashed here a chunk at a time. With one
	/// chunk's bytes they prove any of its sectors (`merkle_proof_in_subtree`), so a proof never needs the
	/// shard's leaves in memory (32 bytes per sector: 32 MiB for a 256 MiB shard).
	pub fn shard_chunk_roots_or_hashed(
		&self,
		root: &H256,
		shard: u32,
	) -> Result<Option<(ShardRecord, Vec<H256>)>, StorageError> {
		let Some(record) = self.shard_record(root, shard)? else { return Ok(None) };
		let chunks = record.len.div_ceil(CHUNK_SIZE);
		if let Some(roots) = self.get_decoded::<Vec<H256>>(COL_SHARDS, &shard_chunk_key(root, shard, CHUNK_ROOTS_INDEX))? {
			if roots.len() as u64 == chunks {
				return Ok(Some((record, roots)));
			}
		}
		let mut roots = Vec::with_capacity(usize::try_from(chunks).map_err(internal)?);
		for idx in 0..chunks {
			let start = idx * CHUNK_SIZE;
			let bytes = self.read_chunked(
				COL_SHARDS,
				|i| shard_chunk_key(root, shard, i),
				start,
				(start + CHUNK_SIZE).min(record.len),
			)?;
			roots.push(merkle_root(&bytes));
		}
		Ok(Some((record, roots)))
	}

	/// The indices of the shards of file `root` held, ascending.
	pub fn shards_of(&self, root: &H256) -> Result<Vec<u32>, StorageError> {
		let mut shards = Vec::new();
		for (key, _) in self.scan(COL_SHARDS, &shard_record_prefix(root))? {
			if let Some(bytes) = key.get(33..37) {
				let mut index = [0u8; 4];
				index.copy_from_slice(bytes);
				shards.push(u32::from_be_bytes(index));
			}
		}
		shards.sort_unstable();
		Ok(shards)
	}

	/// Forgets shard `shard` of file `root`; returns the bytes freed (0 if it was not held).
	pub fn drop_shard(&self, root: &H256, shard: u32) -> Result<u64, StorageError> {
		let _guard = self.writing();
		let Some(record) = self.shard_record(root, shard)? else { return Ok(0) };
		let mut batch = self.batch();
		batch.delete(COL_SHARDS, &shard_record_key(root, shard))?;
		batch.delete_prefix(COL_SHARDS, &shard_chunk_prefix(root, shard))?;
		batch.put_meta(KEY_USED, self.meta(KEY_USED)?.saturating_sub(record.len))?;
		self.commit(batch, true)?;
		Ok(record.len)
	}

	/// Forgets the whole file `root` (its shards stay); returns the bytes freed (0 if it was not held).
	pub fn drop_file(&self, root: &H256) -> Result<u64, StorageError> {
		let _guard = self.writing();
		self.drop_file_locked(root)
	}

	fn drop_file_locked(&self, root: &H256) -> Result<u64, StorageError> {
		let Some(record) = self.file_record(root)? else { return Ok(0) };
		let mut batch = self.batch();
		batch.delete(COL_FILES, &file_record_key(root))?;
		batch.delete_prefix(COL_FILES, &file_chunk_prefix(root))?;
		batch.put_meta(KEY_USED, self.meta(KEY_USED)?.saturating_sub(record.size))?;
		self.count_kind(&mut batch, record.kind, record.size, false)?;
		self.commit(batch, true)?;
		self.last_read.lock().remove(root);
		Ok(record.size)
	}

	// ---- Inventory ----

	/// Every file of which the store holds the whole file or a shard, with what it holds of each (shards
	/// ascending). Reads the records only, never the data.
	pub fn inventory(&self) -> Result<BTreeMap<H256, LocalHolding>, StorageError> {
		let mut held: BTreeMap<H256, LocalHolding> = BTreeMap::new();
		for (key, _) in self.scan(COL_FILES, &[TAG_RECORD])? {
			if let Some(root) = key.get(1..33) {
				held.entry(H256::from_slice(root)).or_default().file = true;
			}
		}
		for (key, _) in self.scan(COL_SHARDS, &[TAG_RECORD])? {
			if let (Some(root), Some(index)) = (key.get(1..33), key.get(33..37)) {
				let mut shard = [0u8; 4];
				shard.copy_from_slice(index);
				held.entry(H256::from_slice(root)).or_default().shards.push(u32::from_be_bytes(shard));
			}
		}
		Ok(held)
	}

	/// What the store holds, in bytes and in files, shards and uploads.
	pub fn usage(&self) -> Result<StoreUsage, StorageError> {
		let inventory = self.inventory()?;
		Ok(StoreUsage {
			used: self.meta(KEY_USED)?,
			reserved: self.meta(KEY_STAGED)?,
			max: self.limits.max_bytes,
			files: inventory.values().filter(|h| h.file).count() as u64,
			shards: inventory.values().map(|h| h.shards.len() as u64).sum(),
			unpaid: self.meta(KEY_UNPAID)?,
			cached: self.meta(KEY_CACHED)?,
			uploads: self.uploads()?.len() as u64,
		})
	}
}

#[cfg(test)]
pub(crate) mod tests {
	use super::*;
	use std::{
		path::PathBuf,
		sync::atomic::{AtomicU64, Ordering},
	};
	use zg_primitives::storage::{file_root, file_root_of_leaves, merkle_root};

	static COUNTER: AtomicU64 = AtomicU64::new(0);

	/// A fresh directory under the system temp dir, removed when dropped.
	pub(crate) struct TempDir(pub(crate) PathBuf);

	impl TempDir {
		pub(crate) fn new() -> Self {
			let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
			let path = std::env::temp_dir().join(format!(
				"zg-blob-store-test-{}-{}-{}",
				std::process::id(),
				COUNTER.fetch_add(1, Ordering::SeqCst),
				nanos
			));
			Self(path)
		}
	}

	impl Drop for TempDir {
		fn drop(&mut self) {
			let _ = std::fs::remove_dir_all(&self.0);
		}
	}

	/// The root of a shard's chunk roots is its Merkle root at every size around the chunk boundaries (sector
	/// counts odd and even, a partial last sector), so a chunk checked against its root is part of the shard.
	#[test]
	fn chunk_roots_give_the_merkle_root() {
		let chunk = CHUNK_SIZE as usize;
		for len in [1, 255, 256, 257, chunk - 256, chunk - 1, chunk, chunk + 1, chunk + 256, 2 * chunk, 3 * chunk + 768 + 5] {
			let bytes = data(len, (len % 251) as u8);
			let roots = chunk_roots(&bytes);
			assert_eq!(roots.len(), len.div_ceil(chunk), "{len} bytes");
			assert_eq!(root_of_chunk_roots(&roots), merkle_root(&bytes), "{len} bytes");
		}
	}

	/// Chunk roots are kept with the shard they describe: refused if they do not give its root, read back while
	/// it is held, gone with it, replaced (or dropped) with it; a shard stored without them has none to serve.
	#[test]
	fn chunk_roots_live_and_die_with_their_shard() {
		let dir = TempDir::new();
		let store = open_all(&dir, 1 << 30);
		let root = H256::repeat_byte(3);
		let shard = data(2 * CHUNK_SIZE as usize + 4096, 7);
		let roots = chunk_roots(&shard);
		let shard_root = merkle_root(&shard);
		let mut wrong = roots.clone();
		wrong[1] = H256::repeat_byte(9);
		assert!(matches!(
			store.put_shard_with_chunk_roots(&root, 0, &shard, shard_root, &wrong),
			Err(StorageError::Internal(_))
		));
		assert!(matches!(
			store.put_shard_with_chunk_roots(&root, 0, &shard, shard_root, &roots[..2]),
			Err(StorageError::Internal(_))
		));
		assert!(!store.has_shard(&root, 0).unwrap());

		store.put_shard_with_chunk_roots(&root, 0, &shard, shard_root, &roots).unwrap();
		assert_eq!(store.shard_chunk_roots(&root, 0).unwrap(), Some(roots.clone()));
		assert_eq!(store.shard(&root, 0).unwrap(), Some(shard.clone()), "the roots are not part of the shard");
		assert_eq!(store.shards_of(&root).unwrap(), vec![0]);
		// Replaced by a copy stored without roots: the old roots go.
		store.put_shard(&root, 0, &shard, shard_root).unwrap();
		assert_eq!(store.shard_chunk_roots(&root, 0).unwrap(), None);
		store.put_shard_with_chunk_roots(&root, 0, &shard, shard_root, &roots).unwrap();
		store.drop_shard(&root, 0).unwrap();
		assert_eq!(store.shard_chunk_roots(&root, 0).unwrap(), None);
		assert_eq!(store.shard_chunk_roots(&root, 1).unwrap(), None, "never held");
	}

	/// Limits where uploads may use the whole store (as the older tests assume).
	pub(crate) fn open_all(dir: &TempDir, max_bytes: u64) -> BlobStore {
		let limits = StoreLimits { max_upload_bytes: max_bytes, max_cache_bytes: max_bytes, ..StoreLimits::new(max_bytes) };
		BlobStore::open(&dir.0, limits).unwrap()
	}

	/// `len` pseudo-random bytes (xorshift), different for each `seed`.
	pub(crate) fn data(len: usize, seed: u8) -> Vec<u8> {
		let mut x = 0x9e37_79b9_7f4a_7c15u64 ^ u64::from(seed);
		(0..len)
			.map(|_| {
				x ^= x << 13;
				x ^= x >> 7;
				x ^= x << 17;
				(x >> 24) as u8
			})
			.collect()
	}

	#[test]
	fn upload_in_any_order_and_finish() {
		let dir = TempDir::new();
		let store = open_all(&dir, 64 * CHUNK_SIZE);
		let file = data(2 * CHUNK_SIZE as usize + 1000, 7);
		let root = file_root(&file);
		let id = store.begin_upload(file.len() as u64, None).unwrap();
		assert_eq!(store.staged(), file.len() as u64);

		// Second half first, then the first half in two overlapping pieces.
		let mid = 1_500_000usize;
		assert_eq!(store.write_chunk(id, mid as u64, &file[mid..]).unwrap(), (file.len() - mid) as u64);
		assert_eq!(
			store.finish_upload(id, root),
			Err(StorageError::Incomplete { received: (file.len() - mid) as u64, size: file.len() as u64 })
		);
		store.write_chunk(id, 0, &file[..600_000]).unwrap();
		assert_eq!(store.write_chunk(id, 500_000, &file[500_000..mid]).unwrap(), file.len() as u64);
		// Rewriting a range changes nothing.
		assert_eq!(store.write_chunk(id, 10, &file[10..20]).unwrap(), file.len() as u64);

		assert_eq!(store.finish_upload(id, root).unwrap(), file.len() as u64);
		assert_eq!(store.staged(), 0);
		assert_eq!(store.used(), file.len() as u64);
		assert_eq!(store.file_size(&root).unwrap(), Some(file.len() as u64));
		assert_eq!(store.read_file(&root).unwrap().unwrap(), file);
		let range = store.read_file_range(&root, CHUNK_SIZE - 5, 10).unwrap().unwrap();
		assert_eq!(range, file[CHUNK_SIZE as usize - 5..CHUNK_SIZE as usize + 5]);
		let tail = store.read_file_range(&root, file.len() as u64 - 3, 100).unwrap().unwrap();
		assert_eq!(tail, file[file.len() - 3..]);
		assert_eq!(store.file_leaves(&root).unwrap().map(file_root_of_leaves), Some(root));
		// The upload is gone.
		assert_eq!(store.write_chunk(id, 0, &file[..1]), Err(StorageError::UnknownUpload(id)));
	}

	/// Bytes in the store's blob files (where chunks live once their memtable is flushed).
	pub(crate) fn blob_file_bytes(dir: &TempDir) -> u64 {
		std::fs::read_dir(&dir.0)
			.unwrap()
			.filter_map(|entry| entry.ok())
			.filter(|entry| entry.path().extension().is_some_and(|ext| ext == "blob"))
			.map(|entry| entry.metadata().unwrap().len())
			.sum()
	}

	/// Deleted chunks give their disk space back: a store that keeps taking uploads and dropping files must not
	/// grow without end because RocksDB never got round to compacting the few keys that point into its blob files.
	#[test]
	fn deleted_chunks_leave_the_disk() {
		let dir = TempDir::new();
		let size = 3 * MEMTABLE_BYTES + 1000;
		let store = open_all(&dir, 4 * size as u64);
		let file = data(size, 11);
		let root = file_root(&file);
		let id = store.begin_upload(size as u64, None).unwrap();
		for (i, piece) in file.chunks(CHUNK_SIZE as usize).enumerate() {
			store.write_chunk(id, i as u64 * CHUNK_SIZE, piece).unwrap();
		}
		// The memtables overflowed: most of the upload is in blob files.
		store.settle();
		let staged = blob_file_bytes(&dir);
		assert!(staged >= size as u64 / 2, "{staged} bytes in blob files after staging {size}");
		store.finish_upload(id, root).unwrap();
		// The staged copy is gone from the disk; the file's copy (partly still in memtables) is at most its size.
		store.settle();
		let finished = blob_file_bytes(&dir);
		assert!(finished <= size as u64 + CHUNK_SIZE, "{finished} bytes in blob files for one file of {size}");
		assert_eq!(store.drop_file(&root).unwrap(), size as u64);
		store.settle();
		let dropped = blob_file_bytes(&dir);
		assert!(dropped < CHUNK_SIZE, "{dropped} bytes still in blob files once the file was dropped");
		assert_eq!(store.read_file_range(&root, 0, 1).unwrap(), None);
	}

	#[test]
	fn upload_with_wrong_root_is_discarded() {
		let dir = TempDir::new();
		let store = open_all(&dir, 64 * CHUNK_SIZE);
		let file = data(5000, 3);
		let actual = file_root(&file);
		let wrong = H256::repeat_byte(9);
		let id = store.begin_upload(file.len() as u64, None).unwrap();
		store.write_chunk(id, 0, &file).unwrap();
		assert_eq!(store.finish_upload(id, wrong), Err(StorageError::RootMismatch { expected: wrong, actual }));
		assert_eq!(store.finish_upload(id, actual), Err(StorageError::UnknownUpload(id)));
		assert_eq!(store.file_size(&actual).unwrap(), None);
		assert_eq!(store.file_size(&wrong).unwrap(), None);
		assert_eq!(store.staged(), 0);
		assert_eq!(store.used(), 0);
	}

	#[test]
	fn out_of_range_chunks_are_refused() {
		let dir = TempDir::new();
		let store = open_all(&dir, 64 * CHUNK_SIZE);
		let id = store.begin_upload(100, None).unwrap();
		assert_eq!(
			store.write_chunk(id, 90, &[0u8; 11]),
			Err(StorageError::BadRange { offset: 90, len: 11, size: 100 })
		);
		assert_eq!(
			store.write_chunk(id, u64::MAX, &[0u8; 2]),
			Err(StorageError::BadRange { offset: u64::MAX, len: 2, size: 100 })
		);
		assert_eq!(store.write_chunk(id, 90, &[0u8; 10]).unwrap(), 10);
		assert_eq!(store.begin_upload(0, None), Err(StorageError::Empty));
		assert_eq!(store.write_chunk(id ^ 1, 0, &[1]), Err(StorageError::UnknownUpload(id ^ 1)));
	}

	#[test]
	fn size_limit_is_enforced() {
		let dir = TempDir::new();
		let store = open_all(&dir, 10_000);
		let id = store.begin_upload(6000, None).unwrap();
		// The first upload reserves its size.
		assert_eq!(store.begin_upload(5000, None), Err(StorageError::UploadQuota { needed: 5000, free: 4000 }));
		let file = data(6000, 1);
		store.write_chunk(id, 0, &file).unwrap();
		store.finish_upload(id, file_root(&file)).unwrap();
		assert_eq!(store.used(), 6000);
		let shard = data(5000, 2);
		assert_eq!(
			store.put_shard(&H256::repeat_byte(1), 0, &shard, merkle_root(&shard)),
			Err(StorageError::StoreFull { needed: 5000, free: 4000 })
		);
		assert_eq!(
			store.put_cached_file(&H256::repeat_byte(2), &shard),
			Err(StorageError::StoreFull { needed: 5000, free: 4000 })
		);
		store.put_shard(&H256::repeat_byte(1), 0, &shard[..4000], merkle_root(&shard[..4000])).unwrap();
		assert_eq!(store.used(), 10_000);
		// Replacing a shard counts only the difference.
		store.put_shard(&H256::repeat_byte(1), 0, &shard[..3000], merkle_root(&shard[..3000])).unwrap();
		assert_eq!(store.used(), 9000);
		store.drop_shard(&H256::repeat_byte(1), 0).unwrap();
		assert_eq!(store.used(), 6000);
		// Aborting releases a reservation.
		let id = store.begin_upload(4000, None).unwrap();
		assert!(store.begin_upload(1, None).is_err());
		store.abort_upload(id).unwrap();
		assert_eq!(store.staged(), 0);
	}

	#[test]
	fn shards_persist_across_reopen() {
		let dir = TempDir::new();
		let root = H256::repeat_byte(0xab);
		let big = data(CHUNK_SIZE as usize * 2 + 512, 5);
		let small = data(1024, 6);
		let upload_id;
		{
			let store = open_all(&dir, 64 * CHUNK_SIZE);
			store.put_shard(&root, 3, &big, merkle_root(&big)).unwrap();
			store.put_shard(&root, 1, &small, merkle_root(&small)).unwrap();
			store.put_cached_file(&root, &small).unwrap();
			upload_id = store.begin_upload(300, None).unwrap();
			store.write_chunk(upload_id, 0, &small[..100]).unwrap();
			assert!(store.has_shard(&root, 3).unwrap());
			assert!(!store.has_shard(&root, 2).unwrap());
		}
		let store = open_all(&dir, 64 * CHUNK_SIZE);
		assert_eq!(store.used(), (big.len() + 2 * small.len()) as u64);
		assert_eq!(store.staged(), 300);
		assert_eq!(store.shards_of(&root).unwrap(), vec![1, 3]);
		assert_eq!(store.shards_of(&H256::repeat_byte(1)).unwrap(), Vec::<u32>::new());
		assert_eq!(store.shard(&root, 3).unwrap().unwrap(), big);
		assert_eq!(
			store.shard_record(&root, 3).unwrap(),
			Some(ShardRecord { len: big.len() as u64, root: merkle_root(&big) })
		);
		let range = store.shard_range(&root, 3, CHUNK_SIZE - 1, CHUNK_SIZE + 2).unwrap().unwrap();
		assert_eq!(range, big[CHUNK_SIZE as usize - 1..2 * CHUNK_SIZE as usize + 1]);
		// Stored without chunk roots: hashed a chunk at a time, and they give the shard's root.
		let (record, roots) = store.shard_chunk_roots_or_hashed(&root, 3).unwrap().unwrap();
		assert_eq!(roots, chunk_roots(&big));
		assert_eq!(root_of_chunk_roots(&roots), record.root);
		assert_eq!(store.shard_chunk_roots_or_hashed(&root, 2).unwrap(), None);
		assert_eq!(store.read_file(&root).unwrap().unwrap(), small);
		// The upload survived too and continues.
		assert_eq!(store.write_chunk(upload_id, 100, &small[100..300]).unwrap(), 300);
		assert_eq!(store.finish_upload(upload_id, file_root(&small[..300])).unwrap(), 300);
		// A new upload gets a new id.
		assert_ne!(store.begin_upload(10, None).unwrap(), upload_id);

		store.drop_shard(&root, 3).unwrap();
		assert_eq!(store.shard(&root, 3).unwrap(), None);
		assert_eq!(store.shards_of(&root).unwrap(), vec![1]);
		drop(store);
		let store = open_all(&dir, 64 * CHUNK_SIZE);
		assert_eq!(store.shards_of(&root).unwrap(), vec![1]);
		assert_eq!(store.shard(&root, 1).unwrap().unwrap(), small);
	}

	/// A store of 10 MB where unpaid uploads may hold 2 MB and the cache 3 MB, 2 uploads at a time (1 per client).
	fn bounded(dir: &TempDir) -> BlobStore {
		let limits = StoreLimits {
			max_bytes: 10_000_000,
			max_upload_bytes: 2_000_000,
			max_uploads: 2,
			max_uploads_per_client: 1,
			max_cache_bytes: 3_000_000,
			upload_idle_secs: 300,
			unpaid_ttl_secs: 900,
		};
		BlobStore::open(&dir.0, limits).unwrap()
	}

	/// The attack of the issue: anonymous clients reserve huge uploads and send nothing. They are held to the
	/// upload quota and count; the space for shards stays free; idle uploads go within minutes.
	#[test]
	fn anonymous_uploads_cannot_take_the_space_of_shards() {
		let dir = TempDir::new();
		let store = bounded(&dir);
		let a = store.begin_upload(1_500_000, Some(1)).unwrap();
		assert_eq!(store.begin_upload(600_000, Some(2)), Err(StorageError::UploadQuota { needed: 600_000, free: 500_000 }));
		// One per client, two in all.
		assert_eq!(store.begin_upload(100, Some(1)), Err(StorageError::TooManyUploads { max: 1 }));
		let b = store.begin_upload(100, Some(3)).unwrap();
		assert_eq!(store.begin_upload(100, Some(4)), Err(StorageError::TooManyUploads { max: 2 }));
		assert!(a != b && a < (1 << 53) && b < (1 << 53));
		// The rest of the store still takes the node's shards.
		let shard = data(7_000_000, 1);
		store.put_shard(&H256::repeat_byte(1), 0, &shard, merkle_root(&shard)).unwrap();
		// Idle uploads are discarded after upload_idle_secs, releasing their reservations.
		let now = now_secs();
		assert_eq!(store.prune(now + 100).unwrap(), Pruned::default());
		assert_eq!(store.prune(now + 301).unwrap(), Pruned { uploads: 2, files: 0, bytes: 1_500_100 });
		assert_eq!(store.staged(), 0);
		assert_eq!(store.write_chunk(a, 0, &[1]), Err(StorageError::UnknownUpload(a)));
		store.begin_upload(2_000_000, Some(1)).unwrap();
	}

	/// Finished but never paid for: counts against the quota until the chain has it, and goes after its time.
	#[test]
	fn unpaid_files_count_against_the_quota_and_expire() {
		let dir = TempDir::new();
		let store = bounded(&dir);
		let file = data(1_200_000, 4);
		let id = store.begin_upload(file.len() as u64, None).unwrap();
		store.write_chunk(id, 0, &file).unwrap();
		let root = file_root(&file);
		store.finish_upload(id, root).unwrap();
		assert_eq!(store.file_record(&root).unwrap().map(|r| r.kind), Some(FileKind::Unpaid));
		assert_eq!(store.usage().unwrap().unpaid, 1_200_000);
		assert!(matches!(store.begin_upload(900_000, None), Err(StorageError::UploadQuota { .. })));
		// Seen on chain (the reclaimer marks it): no longer counted, never expires.
		assert!(store.set_file_kind(&root, FileKind::Pinned).unwrap());
		store.begin_upload(900_000, None).unwrap();
		let pruned = store.prune(now_secs() + 10_000).unwrap();
		assert_eq!((pruned.uploads, pruned.files), (1, 0), "the idle upload goes, the pinned file stays");
		assert!(store.file_size(&root).unwrap().is_some());
		// An unpaid one is dropped after unpaid_ttl_secs.
		store.set_file_kind(&root, FileKind::Unpaid).unwrap();
		assert_eq!(store.prune(now_secs() + 100).unwrap(), Pruned::default());
		let pruned = store.prune(now_secs() + 901).unwrap();
		assert_eq!((pruned.uploads, pruned.files), (0, 1));
		assert_eq!(store.file_size(&root).unwrap(), None);
		assert_eq!(store.usage().unwrap(), StoreUsage { max: 10_000_000, ..Default::default() });
	}

	/// Downloads' copies live in a bounded cache, least recently read out first; shards evict them too.
	#[test]
	fn cached_copies_are_bounded_and_evicted_first() {
		let dir = TempDir::new();
		let store = bounded(&dir);
		let files: Vec<Vec<u8>> = (0..3).map(|i| data(1_000_000, 10 + i)).collect();
		let roots: Vec<H256> = files.iter().map(|f| file_root(f)).collect();
		for (root, file) in roots.iter().zip(&files) {
			store.put_cached_file(root, file).unwrap();
		}
		assert_eq!(store.usage().unwrap().cached, 3_000_000);
		// Larger than the whole cache: not kept.
		let huge = data(3_000_001, 20);
		assert!(matches!(store.put_cached_file(&file_root(&huge), &huge), Err(StorageError::StoreFull { .. })));
		// Reading file 0 makes file 1 the least recently read: a fourth copy evicts file 1.
		store.last_read.lock().insert(roots[0], now_secs() + 5);
		store.last_read.lock().insert(roots[2], now_secs() + 4);
		let fourth = data(1_000_000, 30);
		store.put_cached_file(&file_root(&fourth), &fourth).unwrap();
		assert_eq!(store.file_size(&roots[1]).unwrap(), None);
		assert!(store.file_size(&roots[0]).unwrap().is_some());
		assert_eq!(store.usage().unwrap().cached, 3_000_000);
		// A shard that needs the space evicts cached copies; pinned files and shards are never evicted.
		let pinned = data(500_000, 40);
		let id = store.begin_upload(pinned.len() as u64, None).unwrap();
		store.write_chunk(id, 0, &pinned).unwrap();
		store.finish_upload(id, file_root(&pinned)).unwrap();
		store.set_file_kind(&file_root(&pinned), FileKind::Pinned).unwrap();
		let shard = data(8_000_000, 41);
		store.put_shard(&H256::repeat_byte(7), 0, &shard, merkle_root(&shard)).unwrap();
		assert!(store.usage().unwrap().cached <= 1_500_000);
		assert!(store.file_size(&file_root(&pinned)).unwrap().is_some());
		let more = data(2_000_000, 42);
		assert!(matches!(
			store.put_shard(&H256::repeat_byte(8), 0, &more, merkle_root(&more)),
			Err(StorageError::StoreFull { .. })
		));
	}

	/// Legacy file records (a bare size) read as pinned files.
	#[test]
	fn legacy_file_records_read_as_pinned() {
		let dir = TempDir::new();
		let store = open_all(&dir, 1 << 20);
		let root = H256::repeat_byte(3);
		let mut batch = store.batch();
		batch.put(COL_FILES, &file_record_key(&root), &5u64.encode()).unwrap();
		batch.put(COL_FILES, &file_chunk_key(&root, 0), b"hello").unwrap();
		store.commit(batch, true).unwrap();
		let record = store.file_record(&root).unwrap().unwrap();
		assert_eq!((record.size, record.kind), (5, FileKind::Pinned));
		assert_eq!(store.read_file(&root).unwrap().unwrap(), b"hello");
	}

	#[test]
	fn add_range_merges() {
		let mut r = Vec::new();
		add_range(&mut r, 10, 20);
		add_range(&mut r, 30, 40);
		assert_eq!(r, vec![(10, 20), (30, 40)]);
		add_range(&mut r, 20, 30);
		assert_eq!(r, vec![(10, 40)]);
		add_range(&mut r, 0, 5);
		add_range(&mut r, 12, 15);
		assert_eq!(r, vec![(0, 5), (10, 40)]);
	}
}
