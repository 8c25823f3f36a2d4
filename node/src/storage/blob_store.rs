//! The node's blob store: complete files, erasure-coded shards and uploads in progress, in a RocksDB database
//! of its own (the node opens it at `<base path>/chains/<chain id>/zg-blobs`).
//!
//! Columns:
//! - **meta**: bytes used by files and shards, bytes reserved by uploads in progress, the next upload id.
//! - **files**: complete files by root, in [`CHUNK_SIZE`] chunks (`'c' ++ root ++ chunk index (u32 BE)`), and a
//!   size record per file (`'r' ++ root`).
//! - **shards**: shards by file root and shard index, in [`CHUNK_SIZE`] chunks (`'c' ++ root ++ shard (u32 BE) ++
//!   chunk index (u32 BE)`), and a [`ShardRecord`] per shard (`'r' ++ root ++ shard`) with its length and its
//!   checked shard root.
//! - **staging**: uploads in progress, in [`CHUNK_SIZE`] chunks (`'c' ++ id (u64 BE) ++ chunk index`), and an
//!   upload record (`'r' ++ id`) with the size and the byte ranges received, so a restarted node keeps them.
//!
//! Every change that touches more than one key (finishing an upload, writing or dropping a shard, storing a
//! file) is one [`DBTransaction`], written atomically: a crash never leaves a file or a shard half recorded or
//! the usage counters out of step with what is stored. Writers are serialized by a lock so the counters are
//! read and updated consistently.
//!
//! The store holds at most `max_bytes` (files, shards, and the full size of every upload in progress, reserved
//! when the upload begins); writes beyond it fail with [`StorageError::StoreFull`].

use std::{
	collections::BTreeMap,
	path::Path,
	time::{SystemTime, UNIX_EPOCH},
};

use codec::{Decode, Encode};
use kvdb::{DBTransaction, KeyValueDB};
use kvdb_rocksdb::{Database, DatabaseConfig};
use parking_lot::Mutex;
use sp_core::H256;
use zg_primitives::storage::{merkle_root_of_leaves, sector_leaf, SECTOR_SIZE};
use zg_rpc::storage::{LocalHolding, StorageError, StoreUsage, MAX_CHUNK};

/// Bytes per stored chunk of a file, shard or upload (1 MiB; a multiple of [`SECTOR_SIZE`]).
pub const CHUNK_SIZE: u64 = 1024 * 1024;

/// Uploads not finished this many seconds after they began are discarded (when the next upload begins).
pub const UPLOAD_TTL_SECS: u64 = 24 * 60 * 60;

/// The most disjoint received ranges one upload may have (chunks sent in order keep it at one).
pub const MAX_RECEIVED_RANGES: usize = 4096;

const COL_META: u32 = 0;
const COL_FILES: u32 = 1;
const COL_SHARDS: u32 = 2;
const COL_STAGING: u32 = 3;
const NUM_COLUMNS: u32 = 4;

const KEY_USED: &[u8] = b"used";
const KEY_STAGED: &[u8] = b"staged";
const KEY_NEXT_UPLOAD: &[u8] = b"next_upload";

const TAG_RECORD: u8 = b'r';
const TAG_CHUNK: u8 = b'c';

/// What the store records of a held shard.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode)]
pub struct ShardRecord {
	/// Bytes.
	pub len: u64,
	/// The shard's Merkle root, checked before it was stored.
	pub root: H256,
}

/// What the store records of an upload in progress.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
struct UploadRecord {
	/// Bytes announced by `begin_upload` (reserved in the store).
	size: u64,
	/// Unix time (seconds) the upload began.
	created: u64,
	/// Byte ranges `[start, end)` received so far: sorted, disjoint, not adjacent.
	received: Vec<(u64, u64)>,
}

impl UploadRecord {
	fn received_total(&self) -> u64 {
		self.received.iter().map(|(s, e)| e - s).sum()
	}
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

fn now_secs() -> u64 {
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
	let mut k = Vec::with_capacity(41);
	k.push(TAG_CHUNK);
	k.extend_from_slice(root.as_bytes());
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

/// Files, shards and uploads in progress, persisted in RocksDB (see the module docs).
pub struct BlobStore {
	db: Database,
	max_bytes: u64,
	/// Serializes writers, so usage counters and records are read and updated consistently.
	write_lock: Mutex<()>,
}

impl BlobStore {
	/// Opens (creating if needed) the store at `path`, holding at most `max_bytes`.
	pub fn open(path: &Path, max_bytes: u64) -> Result<Self, StorageError> {
		std::fs::create_dir_all(path).map_err(|e| internal(format!("cannot create {}: {e}", path.display())))?;
		let config = DatabaseConfig::with_columns(NUM_COLUMNS);
		let db = Database::open(&config, path).map_err(|e| internal(format!("cannot open {}: {e}", path.display())))?;
		Ok(Self { db, max_bytes, write_lock: Mutex::new(()) })
	}

	fn get(&self, col: u32, key: &[u8]) -> Result<Option<Vec<u8>>, StorageError> {
		self.db.get(col, key).map_err(internal)
	}

	fn write(&self, tx: DBTransaction) -> Result<(), StorageError> {
		self.db.write(tx).map_err(internal)
	}

	fn get_decoded<T: Decode>(&self, col: u32, key: &[u8]) -> Result<Option<T>, StorageError> {
		match self.get(col, key)? {
			Some(bytes) => T::decode(&mut &bytes[..]).map(Some).map_err(internal),
			None => Ok(None),
		}
	}

	fn meta(&self, key: &[u8]) -> Result<u64, StorageError> {
		Ok(self.get_decoded::<u64>(COL_META, key)?.unwrap_or(0))
	}

	/// Bytes held by files and shards.
	pub fn used(&self) -> u64 {
		self.meta(KEY_USED).unwrap_or_else(|e| {
			log::warn!(target: "zg-storage", "{e}");
			0
		})
	}

	/// Bytes reserved by uploads in progress.
	pub fn staged(&self) -> u64 {
		self.meta(KEY_STAGED).unwrap_or_else(|e| {
			log::warn!(target: "zg-storage", "{e}");
			0
		})
	}

	/// The most bytes the store holds (files, shards and reserved uploads together).
	pub fn max(&self) -> u64 {
		self.max_bytes
	}

	/// Fails with [`StorageError::StoreFull`] unless `needed` more bytes fit beside `used` and `staged`.
	fn check_space(&self, used: u64, staged: u64, needed: u64) -> Result<(), StorageError> {
		let taken = used.saturating_add(staged);
		if taken.saturating_add(needed) > self.max_bytes {
			return Err(StorageError::StoreFull { needed, free: self.max_bytes.saturating_sub(taken) });
		}
		Ok(())
	}

	/// Reads `[start, end)` of data stored in [`CHUNK_SIZE`] chunks under `key(index)`.
	fn read_chunked(
		&self,
		col: u32,
		key: impl Fn(u32) -> Vec<u8>,
		start: u64,
		end: u64,
	) -> Result<Vec<u8>, StorageError> {
		if start >= end {
			return Ok(Vec::new());
		}
		let cap = usize::try_from(end - start).map_err(internal)?;
		let mut out = Vec::with_capacity(cap);
		for idx in start / CHUNK_SIZE..=(end - 1) / CHUNK_SIZE {
			let chunk = self.get(col, &key(chunk_index(idx)?))?.ok_or_else(|| internal("a stored chunk is missing"))?;
			let chunk_start = idx * CHUNK_SIZE;
			let from = (start.max(chunk_start) - chunk_start) as usize;
			let to = (end.min(chunk_start + CHUNK_SIZE) - chunk_start) as usize;
			let bytes = chunk.get(from..to).ok_or_else(|| internal("a stored chunk is too short"))?;
			out.extend_from_slice(bytes);
		}
		Ok(out)
	}

	/// The sector leaves of `len` bytes stored in [`CHUNK_SIZE`] chunks under `key(index)`, read chunk by chunk.
	fn leaves_chunked(&self, col: u32, key: impl Fn(u32) -> Vec<u8>, len: u64) -> Result<Vec<H256>, StorageError> {
		let sectors = usize::try_from(len.div_ceil(SECTOR_SIZE as u64)).map_err(internal)?;
		let mut leaves = Vec::with_capacity(sectors);
		for idx in 0..len.div_ceil(CHUNK_SIZE) {
			let chunk = self.get(col, &key(chunk_index(idx)?))?.ok_or_else(|| internal("a stored chunk is missing"))?;
			let want = (len - idx * CHUNK_SIZE).min(CHUNK_SIZE) as usize;
			let bytes = chunk.get(..want).ok_or_else(|| internal("a stored chunk is too short"))?;
			leaves.extend(bytes.chunks(SECTOR_SIZE).map(sector_leaf));
		}
		Ok(leaves)
	}

	/// Adds to `tx` the chunks of `data` under `key(index)`.
	fn put_chunked(
		tx: &mut DBTransaction,
		col: u32,
		key: impl Fn(u32) -> Vec<u8>,
		data: &[u8],
	) -> Result<(), StorageError> {
		for (idx, chunk) in data.chunks(CHUNK_SIZE as usize).enumerate() {
			tx.put(col, &key(chunk_index(idx as u64)?), chunk);
		}
		Ok(())
	}

	// ---- Uploads ----

	/// Adds to `tx` the removal of every upload older than [`UPLOAD_TTL_SECS`]; returns the bytes they reserved.
	fn prune_expired(&self, tx: &mut DBTransaction, now: u64) -> Result<u64, StorageError> {
		let mut freed = 0u64;
		let prefix = [TAG_RECORD];
		for item in KeyValueDB::iter_with_prefix(&self.db, COL_STAGING, &prefix) {
			let (key, value) = item.map_err(internal)?;
			let Some(id_bytes) = key.get(1..9) else { continue };
			let mut id = [0u8; 8];
			id.copy_from_slice(id_bytes);
			let id = u64::from_be_bytes(id);
			let Ok(record) = UploadRecord::decode(&mut &value[..]) else {
				log::warn!(target: "zg-storage", "discarding upload {id}: its record does not decode");
				tx.delete(COL_STAGING, &key);
				tx.delete_prefix(COL_STAGING, &upload_chunk_prefix(id));
				continue;
			};
			if now.saturating_sub(record.created) > UPLOAD_TTL_SECS {
				log::info!(target: "zg-storage", "discarding upload {id}: not finished within {UPLOAD_TTL_SECS} s");
				tx.delete(COL_STAGING, &key);
				tx.delete_prefix(COL_STAGING, &upload_chunk_prefix(id));
				freed = freed.saturating_add(record.size);
			}
		}
		Ok(freed)
	}

	/// Starts an upload of `size` bytes, reserving them in the store; returns its id. Uploads not finished
	/// within [`UPLOAD_TTL_SECS`] are discarded here.
	pub fn begin_upload(&self, size: u64) -> Result<u64, StorageError> {
		if size == 0 {
			return Err(StorageError::Empty);
		}
		let _guard = self.write_lock.lock();
		let mut tx = DBTransaction::new();
		let now = now_secs();
		let freed = self.prune_expired(&mut tx, now)?;
		let used = self.meta(KEY_USED)?;
		let staged = self.meta(KEY_STAGED)?.saturating_sub(freed);
		if let Err(e) = self.check_space(used, staged, size) {
			// Still drop the expired uploads.
			if freed > 0 {
				tx.put(COL_META, KEY_STAGED, &staged.encode());
				self.write(tx)?;
			}
			return Err(e);
		}
		let id = self.meta(KEY_NEXT_UPLOAD)?;
		let next = id.checked_add(1).ok_or_else(|| internal("upload ids exhausted"))?;
		tx.put(COL_META, KEY_NEXT_UPLOAD, &next.encode());
		tx.put(COL_META, KEY_STAGED, &(staged + size).encode());
		tx.put(
			COL_STAGING,
			&upload_record_key(id),
			&UploadRecord { size, created: now, received: Vec::new() }.encode(),
		);
		self.write(tx)?;
		Ok(id)
	}

	fn upload_record(&self, id: u64) -> Result<UploadRecord, StorageError> {
		self.get_decoded::<UploadRecord>(COL_STAGING, &upload_record_key(id))?.ok_or(StorageError::UnknownUpload(id))
	}

	/// Stores `data` at byte `offset` of upload `id` (any order; rewriting a range is fine); returns the bytes
	/// received so far.
	pub fn write_chunk(&self, id: u64, offset: u64, data: &[u8]) -> Result<u64, StorageError> {
		let _guard = self.write_lock.lock();
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
		let mut tx = DBTransaction::new();
		for idx in offset / CHUNK_SIZE..=(end - 1) / CHUNK_SIZE {
			let key = upload_chunk_key(id, chunk_index(idx)?);
			let chunk_start = idx * CHUNK_SIZE;
			let chunk_len = (record.size - chunk_start).min(CHUNK_SIZE) as usize;
			let mut chunk = self.get(COL_STAGING, &key)?.unwrap_or_default();
			chunk.resize(chunk_len, 0);
			let from = offset.max(chunk_start);
			let to = end.min(chunk_start + CHUNK_SIZE);
			let dst = chunk
				.get_mut((from - chunk_start) as usize..(to - chunk_start) as usize)
				.ok_or_else(|| internal("staged chunk range"))?;
			let src = data
				.get((from - offset) as usize..(to - offset) as usize)
				.ok_or_else(|| internal("upload data range"))?;
			dst.copy_from_slice(src);
			tx.put_vec(COL_STAGING, &key, chunk);
		}
		let received = record.received_total();
		tx.put(COL_STAGING, &upload_record_key(id), &record.encode());
		self.write(tx)?;
		Ok(received)
	}

	/// Completes upload `id`: if every byte arrived and the data's Merkle root is `expected_root`, keeps it as the
	/// file with that root and returns its size. On a root mismatch the upload is discarded; while bytes are
	/// missing it is kept ([`StorageError::Incomplete`]).
	pub fn finish_upload(&self, id: u64, expected_root: H256) -> Result<u64, StorageError> {
		let _guard = self.write_lock.lock();
		let record = self.upload_record(id)?;
		let size = record.size;
		let received = record.received_total();
		if received < size {
			return Err(StorageError::Incomplete { received, size });
		}
		let mut chunks = Vec::new();
		let mut leaves = Vec::with_capacity(usize::try_from(size.div_ceil(SECTOR_SIZE as u64)).map_err(internal)?);
		for idx in 0..size.div_ceil(CHUNK_SIZE) {
			let mut chunk = self
				.get(COL_STAGING, &upload_chunk_key(id, chunk_index(idx)?))?
				.ok_or_else(|| internal(format!("upload {id}: a staged chunk is missing")))?;
			chunk.truncate((size - idx * CHUNK_SIZE).min(CHUNK_SIZE) as usize);
			leaves.extend(chunk.chunks(SECTOR_SIZE).map(sector_leaf));
			chunks.push(chunk);
		}
		let actual = merkle_root_of_leaves(leaves);

		let mut tx = DBTransaction::new();
		tx.delete(COL_STAGING, &upload_record_key(id));
		tx.delete_prefix(COL_STAGING, &upload_chunk_prefix(id));
		let staged = self.meta(KEY_STAGED)?.saturating_sub(size);
		tx.put(COL_META, KEY_STAGED, &staged.encode());
		if actual != expected_root {
			self.write(tx)?;
			return Err(StorageError::RootMismatch { expected: expected_root, actual });
		}
		if self.get(COL_FILES, &file_record_key(&actual))?.is_none() {
			for (idx, chunk) in chunks.into_iter().enumerate() {
				tx.put_vec(COL_FILES, &file_chunk_key(&actual, chunk_index(idx as u64)?), chunk);
			}
			tx.put(COL_FILES, &file_record_key(&actual), &size.encode());
			let used = self.meta(KEY_USED)?.saturating_add(size);
			tx.put(COL_META, KEY_USED, &used.encode());
		}
		self.write(tx)?;
		Ok(size)
	}

	/// Discards upload `id` and releases its reservation.
	#[cfg(test)]
	pub fn abort_upload(&self, id: u64) -> Result<(), StorageError> {
		let _guard = self.write_lock.lock();
		let record = self.upload_record(id)?;
		let mut tx = DBTransaction::new();
		tx.delete(COL_STAGING, &upload_record_key(id));
		tx.delete_prefix(COL_STAGING, &upload_chunk_prefix(id));
		let staged = self.meta(KEY_STAGED)?.saturating_sub(record.size);
		tx.put(COL_META, KEY_STAGED, &staged.encode());
		self.write(tx)
	}

	// ---- Files ----

	/// The size of the complete file with this root, if held.
	pub fn file_size(&self, root: &H256) -> Result<Option<u64>, StorageError> {
		self.get_decoded::<u64>(COL_FILES, &file_record_key(root))
	}

	/// Bytes `offset .. offset + len` of the file (clamped to its end), or `None` if the file is not held.
	pub fn read_file_range(&self, root: &H256, offset: u64, len: u64) -> Result<Option<Vec<u8>>, StorageError> {
		let Some(size) = self.file_size(root)? else { return Ok(None) };
		if offset > size {
			return Err(StorageError::BadRange { offset, len, size });
		}
		let end = offset.saturating_add(len).min(size);
		self.read_chunked(COL_FILES, |idx| file_chunk_key(root, idx), offset, end).map(Some)
	}

	/// The whole file, or `None` if it is not held.
	pub fn read_file(&self, root: &H256) -> Result<Option<Vec<u8>>, StorageError> {
		let Some(size) = self.file_size(root)? else { return Ok(None) };
		self.read_chunked(COL_FILES, |idx| file_chunk_key(root, idx), 0, size).map(Some)
	}

	/// Stores a complete file under `root` (the caller has checked that `root` is its Merkle root, e.g. after
	/// rebuilding it from shards). Nothing changes if the file is already held.
	pub fn put_file(&self, root: &H256, bytes: &[u8]) -> Result<(), StorageError> {
		if bytes.is_empty() {
			return Err(StorageError::Empty);
		}
		let _guard = self.write_lock.lock();
		if self.file_size(root)?.is_some() {
			return Ok(());
		}
		let len = bytes.len() as u64;
		let used = self.meta(KEY_USED)?;
		self.check_space(used, self.meta(KEY_STAGED)?, len)?;
		let mut tx = DBTransaction::new();
		Self::put_chunked(&mut tx, COL_FILES, |idx| file_chunk_key(root, idx), bytes)?;
		tx.put(COL_FILES, &file_record_key(root), &len.encode());
		tx.put(COL_META, KEY_USED, &used.saturating_add(len).encode());
		self.write(tx)
	}

	/// The sector leaves of the held file, or `None`.
	#[cfg(test)]
	pub fn file_leaves(&self, root: &H256) -> Result<Option<Vec<H256>>, StorageError> {
		let Some(size) = self.file_size(root)? else { return Ok(None) };
		self.leaves_chunked(COL_FILES, |idx| file_chunk_key(root, idx), size).map(Some)
	}

	// ---- Shards ----

	/// Stores shard `shard` of file `root` with its checked Merkle root `shard_root`, replacing any copy held.
	pub fn put_shard(&self, root: &H256, shard: u32, bytes: &[u8], shard_root: H256) -> Result<(), StorageError> {
		let _guard = self.write_lock.lock();
		let old = self.shard_record(root, shard)?;
		let old_len = old.map(|r| r.len).unwrap_or(0);
		let len = bytes.len() as u64;
		let used = self.meta(KEY_USED)?.saturating_sub(old_len);
		self.check_space(used, self.meta(KEY_STAGED)?, len)?;
		let mut tx = DBTransaction::new();
		tx.delete_prefix(COL_SHARDS, &shard_chunk_prefix(root, shard));
		Self::put_chunked(&mut tx, COL_SHARDS, |idx| shard_chunk_key(root, shard, idx), bytes)?;
		tx.put(COL_SHARDS, &shard_record_key(root, shard), &ShardRecord { len, root: shard_root }.encode());
		tx.put(COL_META, KEY_USED, &used.saturating_add(len).encode());
		self.write(tx)
	}

	/// The record of shard `shard` of file `root`, if held.
	pub fn shard_record(&self, root: &H256, shard: u32) -> Result<Option<ShardRecord>, StorageError> {
		self.get_decoded::<ShardRecord>(COL_SHARDS, &shard_record_key(root, shard))
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
		let Some(record) = self.shard_record(root, shard)? else { return Ok(None) };
		if offset > record.len {
			return Err(StorageError::BadRange { offset, len, size: record.len });
		}
		let end = offset.saturating_add(len).min(record.len);
		self.read_chunked(COL_SHARDS, |idx| shard_chunk_key(root, shard, idx), offset, end).map(Some)
	}

	/// The shard's record and sector leaves (read chunk by chunk), if held.
	pub fn shard_leaves(&self, root: &H256, shard: u32) -> Result<Option<(ShardRecord, Vec<H256>)>, StorageError> {
		let Some(record) = self.shard_record(root, shard)? else { return Ok(None) };
		let leaves = self.leaves_chunked(COL_SHARDS, |idx| shard_chunk_key(root, shard, idx), record.len)?;
		Ok(Some((record, leaves)))
	}

	/// The indices of the shards of file `root` held, ascending.
	pub fn shards_of(&self, root: &H256) -> Result<Vec<u32>, StorageError> {
		let prefix = shard_record_prefix(root);
		let mut shards = Vec::new();
		for item in KeyValueDB::iter_with_prefix(&self.db, COL_SHARDS, &prefix) {
			let (key, _) = item.map_err(internal)?;
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
		let _guard = self.write_lock.lock();
		let Some(record) = self.shard_record(root, shard)? else { return Ok(0) };
		let mut tx = DBTransaction::new();
		tx.delete(COL_SHARDS, &shard_record_key(root, shard));
		tx.delete_prefix(COL_SHARDS, &shard_chunk_prefix(root, shard));
		tx.put(COL_META, KEY_USED, &self.meta(KEY_USED)?.saturating_sub(record.len).encode());
		self.write(tx)?;
		Ok(record.len)
	}

	/// Forgets the whole file `root` (its shards stay); returns the bytes freed (0 if it was not held).
	pub fn drop_file(&self, root: &H256) -> Result<u64, StorageError> {
		let _guard = self.write_lock.lock();
		let Some(size) = self.file_size(root)? else { return Ok(0) };
		let mut tx = DBTransaction::new();
		tx.delete(COL_FILES, &file_record_key(root));
		tx.delete_prefix(COL_FILES, &file_chunk_prefix(root));
		tx.put(COL_META, KEY_USED, &self.meta(KEY_USED)?.saturating_sub(size).encode());
		self.write(tx)?;
		Ok(size)
	}

	// ---- Inventory ----

	/// Every file of which the store holds the whole file or a shard, with what it holds of each (shards
	/// ascending). Reads the records only, never the data.
	pub fn inventory(&self) -> Result<BTreeMap<H256, LocalHolding>, StorageError> {
		let mut held: BTreeMap<H256, LocalHolding> = BTreeMap::new();
		for item in KeyValueDB::iter_with_prefix(&self.db, COL_FILES, &[TAG_RECORD]) {
			let (key, _) = item.map_err(internal)?;
			if let Some(root) = key.get(1..33) {
				held.entry(H256::from_slice(root)).or_default().file = true;
			}
		}
		for item in KeyValueDB::iter_with_prefix(&self.db, COL_SHARDS, &[TAG_RECORD]) {
			let (key, _) = item.map_err(internal)?;
			if let (Some(root), Some(index)) = (key.get(1..33), key.get(33..37)) {
				let mut shard = [0u8; 4];
				shard.copy_from_slice(index);
				held.entry(H256::from_slice(root)).or_default().shards.push(u32::from_be_bytes(shard));
			}
		}
		Ok(held)
	}

	/// What the store holds, in bytes and in files and shards.
	pub fn usage(&self) -> Result<StoreUsage, StorageError> {
		let inventory = self.inventory()?;
		Ok(StoreUsage {
			used: self.meta(KEY_USED)?,
			reserved: self.meta(KEY_STAGED)?,
			max: self.max_bytes,
			files: inventory.values().filter(|h| h.file).count() as u64,
			shards: inventory.values().map(|h| h.shards.len() as u64).sum(),
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
	use zg_primitives::storage::merkle_root;

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

	/// `len` pseudo-random bytes (xorshift), different for each `seed`.
	fn data(len: usize, seed: u8) -> Vec<u8> {
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
		let store = BlobStore::open(&dir.0, 64 * CHUNK_SIZE).unwrap();
		let file = data(2 * CHUNK_SIZE as usize + 1000, 7);
		let root = merkle_root(&file);
		let id = store.begin_upload(file.len() as u64).unwrap();
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
		assert_eq!(store.file_leaves(&root).unwrap().map(merkle_root_of_leaves), Some(root));
		// The upload is gone.
		assert_eq!(store.write_chunk(id, 0, &file[..1]), Err(StorageError::UnknownUpload(id)));
	}

	#[test]
	fn upload_with_wrong_root_is_discarded() {
		let dir = TempDir::new();
		let store = BlobStore::open(&dir.0, 64 * CHUNK_SIZE).unwrap();
		let file = data(5000, 3);
		let actual = merkle_root(&file);
		let wrong = H256::repeat_byte(9);
		let id = store.begin_upload(file.len() as u64).unwrap();
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
		let store = BlobStore::open(&dir.0, 64 * CHUNK_SIZE).unwrap();
		let id = store.begin_upload(100).unwrap();
		assert_eq!(
			store.write_chunk(id, 90, &[0u8; 11]),
			Err(StorageError::BadRange { offset: 90, len: 11, size: 100 })
		);
		assert_eq!(
			store.write_chunk(id, u64::MAX, &[0u8; 2]),
			Err(StorageError::BadRange { offset: u64::MAX, len: 2, size: 100 })
		);
		assert_eq!(store.write_chunk(id, 90, &[0u8; 10]).unwrap(), 10);
		assert_eq!(store.begin_upload(0), Err(StorageError::Empty));
		assert_eq!(store.write_chunk(id + 1, 0, &[1]), Err(StorageError::UnknownUpload(id + 1)));
	}

	#[test]
	fn size_limit_is_enforced() {
		let dir = TempDir::new();
		let store = BlobStore::open(&dir.0, 10_000).unwrap();
		let id = store.begin_upload(6000).unwrap();
		// The first upload reserves its size.
		assert_eq!(store.begin_upload(5000), Err(StorageError::StoreFull { needed: 5000, free: 4000 }));
		let file = data(6000, 1);
		store.write_chunk(id, 0, &file).unwrap();
		store.finish_upload(id, merkle_root(&file)).unwrap();
		assert_eq!(store.used(), 6000);
		let shard = data(5000, 2);
		assert_eq!(
			store.put_shard(&H256::repeat_byte(1), 0, &shard, merkle_root(&shard)),
			Err(StorageError::StoreFull { needed: 5000, free: 4000 })
		);
		assert_eq!(
			store.put_file(&H256::repeat_byte(2), &shard),
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
		let id = store.begin_upload(4000).unwrap();
		assert!(store.begin_upload(1).is_err());
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
			let store = BlobStore::open(&dir.0, 64 * CHUNK_SIZE).unwrap();
			store.put_shard(&root, 3, &big, merkle_root(&big)).unwrap();
			store.put_shard(&root, 1, &small, merkle_root(&small)).unwrap();
			store.put_file(&root, &small).unwrap();
			upload_id = store.begin_upload(300).unwrap();
			store.write_chunk(upload_id, 0, &small[..100]).unwrap();
			assert!(store.has_shard(&root, 3).unwrap());
			assert!(!store.has_shard(&root, 2).unwrap());
		}
		let store = BlobStore::open(&dir.0, 64 * CHUNK_SIZE).unwrap();
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
		let (record, leaves) = store.shard_leaves(&root, 3).unwrap().unwrap();
		assert_eq!(merkle_root_of_leaves(leaves), record.root);
		assert_eq!(store.read_file(&root).unwrap().unwrap(), small);
		// The upload survived too and continues.
		assert_eq!(store.write_chunk(upload_id, 100, &small[100..300]).unwrap(), 300);
		assert_eq!(store.finish_upload(upload_id, merkle_root(&small[..300])).unwrap(), 300);
		// A new upload gets a new id.
		assert!(store.begin_upload(10).unwrap() > upload_id);

		store.drop_shard(&root, 3).unwrap();
		assert_eq!(store.shard(&root, 3).unwrap(), None);
		assert_eq!(store.shards_of(&root).unwrap(), vec![1]);
		drop(store);
		let store = BlobStore::open(&dir.0, 64 * CHUNK_SIZE).unwrap();
		assert_eq!(store.shards_of(&root).unwrap(), vec![1]);
		assert_eq!(store.shard(&root, 1).unwrap().unwrap(), small);
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
