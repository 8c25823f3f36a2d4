//! Shards and files written chunk by chunk, outside one write batch, so that nothing the size of a file is ever
//! in memory: the encoder streams every shard of a file, a download's rebuild streams the file into the cache,
//! and a finished upload is copied from staging in bounded batches.
//!
//! **Crash safety.** Before the first chunk, one batch records a *pending* marker in the meta column
//! (`'p' ++ column ++ chunk prefix`, valued with the bytes reserved for it in the `used` counter, and for a
//! cached file in the `cached` one too; an upload's copy reserves nothing, its bytes are still staged). The chunks
//! follow, unsynced and outside the write-ahead log ([`BlobStore::commit_unlogged`]: written to disk once, when
//! their memtable is flushed); the batch that records the shard or file (its record, counters) deletes the marker
//! and is synced, after the column is flushed ([`BlobStore::flush`]). A flush syncs the closed write-ahead logs
//! first (RocksDB does whenever a database has several columns), so chunks on disk imply their marker is. On open, every marker still there belongs to a write that never finished: its chunks are deleted
//! unless a record for them exists (another path stored the same data meanwhile), and its reservation is
//! released. Until then, what is being written is not held: nobody reads it, peers are told it is missing.

use super::*;
use zg_primitives::storage::FileRootBuilder;

const TAG_PENDING: u8 = b'p';

/// Chunks written per unsynced batch when a finished upload is copied out of staging.
const COPY_BATCH_CHUNKS: u64 = 16;

pub(super) fn pending_key(col: usize, prefix: &[u8]) -> Vec<u8> {
	let mut k = Vec::with_capacity(prefix.len() + 2);
	k.push(TAG_PENDING);
	k.push(col as u8);
	k.extend_from_slice(prefix);
	k
}

/// The record key of the data under chunk prefix `prefix` (file `'c' ++ root` → `'r' ++ root`, shard
/// `'c' ++ root ++ shard` → `'r' ++ root ++ shard`).
fn record_key_of(prefix: &[u8]) -> Vec<u8> {
	let mut k = prefix.to_vec();
	if let Some(first) = k.first_mut() {
		*first = TAG_RECORD;
	}
	k
}

impl BlobStore {
	/// Finishes, at open, the writes a crash interrupted (see the module docs); returns how many there were.
	pub(super) fn recover_pending(&self) -> Result<usize, StorageError> {
		let _guard = self.writing();
		let pending = self.scan(COL_META, &[TAG_PENDING])?;
		if pending.is_empty() {
			return Ok(0);
		}
		let mut batch = self.batch();
		let (mut released, mut cached) = (0u64, 0u64);
		for (key, value) in &pending {
			let (Some(&col), Some(prefix)) = (key.get(1), key.get(2..)) else { continue };
			let col = usize::from(col);
			if col != COL_FILES && col != COL_SHARDS {
				batch.delete(COL_META, key)?;
				continue;
			}
			if self.get(col, &record_key_of(prefix))?.is_none() {
				batch.delete_prefix(col, prefix)?;
			}
			let reserved = u64::decode(&mut &value[..]).unwrap_or(0);
			released = released.saturating_add(reserved);
			// Files reserve only as cached copies (an upload's copy reserves nothing: it is staged).
			if col == COL_FILES {
				cached = cached.saturating_add(reserved);
			}
			batch.delete(COL_META, key)?;
		}
		batch.put_meta(KEY_USED, self.meta(KEY_USED)?.saturating_sub(released))?;
		batch.put_meta(KEY_CACHED, self.meta(KEY_CACHED)?.saturating_sub(cached))?;
		self.commit(batch, true)?;
		log::info!(target: "zg-storage", "discarded {} writes a stop interrupted ({released} bytes reserved)", pending.len());
		Ok(pending.len())
	}

	/// The bytes reserved by the pending write under `prefix`, if there is one.
	pub(super) fn pending(&self, col: usize, prefix: &[u8]) -> Result<Option<u64>, StorageError> {
		self.get_decoded::<u64>(COL_META, &pending_key(col, prefix))
	}

	// ---- Shards ----

	/// Starts writing shards `shards` of file `root`, `len` bytes each, chunk by chunk
	/// ([`Self::put_shard_chunk`], then [`Self::finish_shards`] or [`Self::abandon_shards`]). Any copy held is
	/// dropped first, and the bytes are reserved now (cached files are evicted to make room): until the write
	/// finishes, none of these shards is held.
	pub fn begin_shards(&self, root: &H256, shards: &[u32], len: u64) -> Result<(), StorageError> {
		let _guard = self.writing();
		let mut freed = 0u64;
		for &shard in shards {
			if self.pending(COL_SHARDS, &shard_chunk_prefix(root, shard))?.is_some() {
				return Err(internal(format!("shard {shard} of {root:?} is being written already")));
			}
			freed = freed.saturating_add(self.shard_record(root, shard)?.map_or(0, |r| r.len));
		}
		let needed = len.saturating_mul(shards.len() as u64);
		self.make_room(needed.saturating_sub(freed), None)?;
		let mut batch = self.batch();
		for &shard in shards {
			let prefix = shard_chunk_prefix(root, shard);
			batch.delete(COL_SHARDS, &shard_record_key(root, shard))?;
			batch.delete_prefix(COL_SHARDS, &prefix)?;
			batch.put(COL_META, &pending_key(COL_SHARDS, &prefix), &len.encode())?;
		}
		batch.put_meta(KEY_USED, self.meta(KEY_USED)?.saturating_sub(freed).saturating_add(needed))?;
		self.commit(batch, false)
	}

	/// Writes chunk `idx` of a shard begun with [`Self::begin_shards`] (unlogged; [`Self::finish_shards`] flushes).
	/// Refused once the shard is finished or abandoned.
	pub fn put_shard_chunk(&self, root: &H256, shard: u32, idx: u32, bytes: &[u8]) -> Result<(), StorageError> {
		if bytes.len() as u64 > CHUNK_SIZE {
			return Err(internal("a shard chunk larger than a chunk"));
		}
		let _guard = self.writing();
		if self.pending(COL_SHARDS, &shard_chunk_prefix(root, shard))?.is_none() {
			return Err(internal(format!("shard {shard} of {root:?} is not being written")));
		}
		let mut batch = self.batch();
		batch.put(COL_SHARDS, &shard_chunk_key(root, shard, idx), bytes)?;
		self.commit_unlogged(batch)
	}

	/// Records the shards of `root` written since [`Self::begin_shards`] as held, synced: each `(shard, shard
	/// root, chunk roots)`, whose chunk roots must give the shard root and count the chunks of `len` bytes.
	pub fn finish_shards(&self, root: &H256, len: u64, shards: &[(u32, H256, Vec<H256>)]) -> Result<(), StorageError> {
		let _guard = self.writing();
		let mut batch = self.batch();
		let mut used = self.meta(KEY_USED)?;
		for (shard, shard_root, chunk_roots) in shards {
			let prefix = shard_chunk_prefix(root, *shard);
			if self.pending(COL_SHARDS, &prefix)? != Some(len) {
				return Err(internal(format!("shard {shard} of {root:?} was not begun with {len} bytes")));
			}
			if chunk_roots.len() as u64 != len.div_ceil(CHUNK_SIZE) || root_of_chunk_roots(chunk_roots) != *shard_root {
				return Err(internal(format!("shard {shard} of {root:?}: chunk roots that do not give its root")));
			}
			// Stored by another path meanwhile (the same bytes: both were checked against the same root).
			if let Some(record) = self.shard_record(root, *shard)? {
				used = used.saturating_sub(record.len);
			}
			batch.put(COL_SHARDS, &shard_chunk_key(root, *shard, CHUNK_ROOTS_INDEX), &chunk_roots.encode())?;
			batch.put(COL_SHARDS, &shard_record_key(root, *shard), &ShardRecord { len, root: *shard_root }.encode())?;
			batch.delete(COL_META, &pending_key(COL_SHARDS, &prefix))?;
		}
		batch.put_meta(KEY_USED, used)?;
		self.flush(COL_SHARDS)?;
		self.commit(batch, true)
	}

	/// Gives up shards begun with [`Self::begin_shards`]: their chunks are deleted and their bytes released.
	pub fn abandon_shards(&self, root: &H256, shards: &[u32]) -> Result<(), StorageError> {
		let _guard = self.writing();
		let mut batch = self.batch();
		let mut released = 0u64;
		for &shard in shards {
			let prefix = shard_chunk_prefix(root, shard);
			let Some(reserved) = self.pending(COL_SHARDS, &prefix)? else { continue };
			if self.shard_record(root, shard)?.is_none() {
				batch.delete_prefix(COL_SHARDS, &prefix)?;
			}
			batch.delete(COL_META, &pending_key(COL_SHARDS, &prefix))?;
			released = released.saturating_add(reserved);
		}
		batch.put_meta(KEY_USED, self.meta(KEY_USED)?.saturating_sub(released))?;
		self.commit(batch, false)
	}

	// ---- Cached files ----

	/// Starts writing file `root` of `size` bytes into the cache chunk by chunk ([`Self::put_file_chunk`], then
	/// [`Self::finish_cached_file`] or [`Self::abandon_file`]); `false` if the file is held already (nothing to
	/// write). The bytes are reserved now, within the cache's bound and the store's (older cached files are
	/// evicted); a file larger than the cache is refused ([`StorageError::StoreFull`]).
	pub fn begin_cached_file(&self, root: &H256, size: u64) -> Result<bool, StorageError> {
		if size == 0 {
			return Err(StorageError::Empty);
		}
		let _guard = self.writing();
		if self.file_record(root)?.is_some() {
			return Ok(false);
		}
		let prefix = file_chunk_prefix(root);
		if self.pending(COL_FILES, &prefix)?.is_some() {
			return Err(StorageError::BeingWritten(*root));
		}
		self.make_cache_room(root, size)?;
		let mut batch = self.batch();
		batch.delete_prefix(COL_FILES, &prefix)?;
		batch.put(COL_META, &pending_key(COL_FILES, &prefix), &size.encode())?;
		// Counted as cached from now on, so that the cache's bound holds while it is written.
		batch.put_meta(KEY_USED, self.meta(KEY_USED)?.saturating_add(size))?;
		batch.put_meta(KEY_CACHED, self.meta(KEY_CACHED)?.saturating_add(size))?;
		self.commit(batch, false)?;
		Ok(true)
	}

	/// Writes chunk `idx` of a file begun with [`Self::begin_cached_file`] (unlogged). Refused once the file is
	/// finished or abandoned, so that a write still on its way when a rebuild is given up leaves nothing behind.
	pub fn put_file_chunk(&self, root: &H256, idx: u32, bytes: &[u8]) -> Result<(), StorageError> {
		if bytes.len() as u64 > CHUNK_SIZE {
			return Err(internal("a file chunk larger than a chunk"));
		}
		let _guard = self.writing();
		if self.pending(COL_FILES, &file_chunk_prefix(root))?.is_none() {
			return Err(internal(format!("file {root:?} is not being written")));
		}
		let mut batch = self.batch();
		batch.put(COL_FILES, &file_chunk_key(root, idx), bytes)?;
		self.commit_unlogged(batch)
	}

	/// Records the file begun with [`Self::begin_cached_file`] as a cached copy, synced (the caller has checked
	/// its root).
	pub fn finish_cached_file(&self, root: &H256) -> Result<(), StorageError> {
		let _guard = self.writing();
		let prefix = file_chunk_prefix(root);
		let size = self.pending(COL_FILES, &prefix)?.ok_or_else(|| internal(format!("file {root:?} was not begun")))?;
		let mut batch = self.batch();
		batch.delete(COL_META, &pending_key(COL_FILES, &prefix))?;
		if self.file_record(root)?.is_some() {
			// Stored by another path meanwhile (an upload of the same file): keep that one's record.
			batch.put_meta(KEY_USED, self.meta(KEY_USED)?.saturating_sub(size))?;
			batch.put_meta(KEY_CACHED, self.meta(KEY_CACHED)?.saturating_sub(size))?;
		} else {
			let record = FileRecord { size, kind: FileKind::Cached, since: now_secs() };
			batch.put(COL_FILES, &file_record_key(root), &record.encode())?;
		}
		self.flush(COL_FILES)?;
		self.commit(batch, true)
	}

	/// Gives up a file begun with [`Self::begin_cached_file`]: its chunks are deleted and its bytes released.
	pub fn abandon_file(&self, root: &H256) -> Result<(), StorageError> {
		let _guard = self.writing();
		let prefix = file_chunk_prefix(root);
		let Some(size) = self.pending(COL_FILES, &prefix)? else { return Ok(()) };
		let mut batch = self.batch();
		if self.file_record(root)?.is_none() {
			batch.delete_prefix(COL_FILES, &prefix)?;
		}
		batch.delete(COL_META, &pending_key(COL_FILES, &prefix))?;
		batch.put_meta(KEY_USED, self.meta(KEY_USED)?.saturating_sub(size))?;
		batch.put_meta(KEY_CACHED, self.meta(KEY_CACHED)?.saturating_sub(size))?;
		self.commit(batch, false)
	}

	// ---- Finished uploads ----

	/// Copies the `size` bytes of upload `id` into the files column under `root`, [`COPY_BATCH_CHUNKS`] chunks per
	/// unlogged batch (a pending write: the caller flushes the column and records the file, deleting the marker, or calls
	/// [`Self::discard_copy`]); returns the file root of the bytes copied. With `copy` false, only hashes them.
	/// The caller holds the write lock.
	pub(super) fn copy_upload_locked(&self, id: u64, size: u64, root: &H256, copy: bool) -> Result<H256, StorageError> {
		let prefix = file_chunk_prefix(root);
		if copy {
			let mut marker = self.batch();
			marker.put(COL_META, &pending_key(COL_FILES, &prefix), &0u64.encode())?;
			self.commit(marker, false)?;
		}
		let mut batch = self.batch();
		// Hashed on every core a chunk at a time, holding O(log n) subtree roots, not a leaf per sector.
		let mut builder = FileRootBuilder::new();
		for idx in 0..size.div_ceil(CHUNK_SIZE) {
			let mut chunk = self
				.get(COL_STAGING, &upload_chunk_key(id, chunk_index(idx)?))?
				.ok_or_else(|| internal(format!("upload {id}: a staged chunk is missing")))?;
			chunk.truncate((size - idx * CHUNK_SIZE).min(CHUNK_SIZE) as usize);
			builder.update(&chunk);
			if copy {
				batch.put(COL_FILES, &file_chunk_key(root, chunk_index(idx)?), &chunk)?;
				if (idx + 1) % COPY_BATCH_CHUNKS == 0 {
					self.commit_unlogged(std::mem::replace(&mut batch, self.batch()))?;
				}
			}
		}
		self.commit_unlogged(batch)?;
		Ok(builder.finish())
	}

	/// Deletes what [`Self::copy_upload_locked`] wrote under `root` (its root was wrong); the caller holds the
	/// write lock and has checked that no file `root` is recorded.
	pub(super) fn discard_copy(&self, batch: &mut Batch<'_>, root: &H256) -> Result<(), StorageError> {
		let prefix = file_chunk_prefix(root);
		batch.delete_prefix(COL_FILES, &prefix)?;
		batch.delete(COL_META, &pending_key(COL_FILES, &prefix))
	}

	/// Deletes the pending marker of a copy that is being recorded (in the caller's batch).
	pub(super) fn end_copy(&self, batch: &mut Batch<'_>, root: &H256) -> Result<(), StorageError> {
		batch.delete(COL_META, &pending_key(COL_FILES, &file_chunk_prefix(root)))
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::blob_store::tests::{data, open_all, TempDir};

	/// Every key of `col`.
	fn keys(store: &BlobStore, col: usize) -> Vec<Box<[u8]>> {
		store.scan(col, &[]).unwrap().into_iter().map(|(k, _)| k).collect()
	}

	fn write_shard(store: &BlobStore, root: &H256, shard: u32, bytes: &[u8]) -> (H256, Vec<H256>) {
		for (i, chunk) in bytes.chunks(CHUNK_SIZE as usize).enumerate() {
			store.put_shard_chunk(root, shard, i as u32, chunk).unwrap();
		}
		let roots = chunk_roots(bytes);
		(root_of_chunk_roots(&roots), roots)
	}

	/// A shard written chunk by chunk is not held (nor served) until it is finished, its bytes are reserved from
	/// the start, and finishing checks its chunk roots; abandoning it leaves nothing and releases the bytes.
	#[test]
	fn streamed_shards_are_held_once_finished_and_leave_nothing_when_abandoned() {
		let dir = TempDir::new();
		let store = open_all(&dir, 64 << 20);
		let root = H256::repeat_byte(7);
		let (a, b) = (data(2 * CHUNK_SIZE as usize + 1_000, 1), data(2 * CHUNK_SIZE as usize + 1_000, 2));
		let len = a.len() as u64;
		store.put_shard(&root, 1, b"an older copy", merkle_root(b"an older copy")).unwrap();
		store.begin_shards(&root, &[0, 1], len).unwrap();
		assert_eq!(store.used(), 2 * len, "reserved at once, the older copy dropped");
		assert!(!store.has_shard(&root, 1).unwrap());
		assert!(store.begin_shards(&root, &[1], len).is_err(), "one write per shard at a time");
		let (root_a, roots_a) = write_shard(&store, &root, 0, &a);
		let (root_b, roots_b) = write_shard(&store, &root, 1, &b);
		assert_eq!(store.shard(&root, 0).unwrap(), None, "not served before it is finished");
		// Chunk roots that do not give the root are refused, and nothing is recorded.
		assert!(store.finish_shards(&root, len, &[(0, root_b, roots_a.clone())]).is_err());
		assert!(!store.has_shard(&root, 0).unwrap());
		store.finish_shards(&root, len, &[(0, root_a, roots_a.clone()), (1, root_b, roots_b)]).unwrap();
		assert_eq!(store.shard(&root, 0).unwrap(), Some(a.clone()));
		assert_eq!(store.shard(&root, 1).unwrap(), Some(b));
		assert_eq!(store.shard_chunk_roots(&root, 0).unwrap(), Some(roots_a));
		assert_eq!(store.shard_record(&root, 0).unwrap(), Some(ShardRecord { len, root: root_a }));
		assert_eq!(store.used(), 2 * len);

		let other = H256::repeat_byte(8);
		store.begin_shards(&other, &[3], len).unwrap();
		write_shard(&store, &other, 3, &a);
		store.abandon_shards(&other, &[3]).unwrap();
		assert_eq!(store.used(), 2 * len);
		assert!(keys(&store, COL_SHARDS).iter().all(|k| !k.starts_with(&shard_chunk_prefix(&other, 3))));
		assert!(keys(&store, COL_META).iter().all(|k| k.first() != Some(&TAG_PENDING)));
		// More than the store can hold is refused before any chunk is written.
		assert!(matches!(store.begin_shards(&other, &[0, 1], 40 << 20), Err(StorageError::StoreFull { .. })));
	}

	/// What a stop interrupted (a streamed shard, a streamed cached file, an upload's copy) is gone when the store
	/// opens again, and the counters are as before; a shard another path recorded meanwhile stays.
	#[test]
	fn writes_a_stop_interrupted_are_discarded_on_open() {
		let dir = TempDir::new();
		let root = H256::repeat_byte(9);
		let shard = data(CHUNK_SIZE as usize + 5, 3);
		let file = data(3 * CHUNK_SIZE as usize + 7, 4);
		let file_root = zg_primitives::storage::file_root(&file);
		let (used, staged, cached) = {
			let store = open_all(&dir, 64 << 20);
			let id = store.begin_upload(file.len() as u64, None).unwrap();
			store.write_chunk(id, 0, &file[..(2 << 20)]).unwrap();
			store.write_chunk(id, 2 << 20, &file[(2 << 20)..]).unwrap();
			let before = (store.used(), store.staged(), store.meta(KEY_CACHED).unwrap());
			store.begin_shards(&root, &[0, 1], shard.len() as u64).unwrap();
			write_shard(&store, &root, 0, &shard);
			// Shard 1 is stored whole by another path while the stream runs.
			let (root_1, roots_1) = write_shard(&store, &root, 1, &shard);
			store.put_shard_with_chunk_roots(&root, 1, &shard, root_1, &roots_1).unwrap();
			assert!(store.begin_cached_file(&H256::repeat_byte(10), 2 << 20).unwrap());
			store.put_file_chunk(&H256::repeat_byte(10), 0, &file[..CHUNK_SIZE as usize]).unwrap();
			{
				let _guard = store.writing();
				assert_eq!(store.copy_upload_locked(id, file.len() as u64, &file_root, true).unwrap(), file_root);
			}
			(before.0 + shard.len() as u64, before.1, before.2)
		};
		let store = open_all(&dir, 64 << 20);
		assert_eq!((store.used(), store.staged(), store.meta(KEY_CACHED).unwrap()), (used, staged, cached));
		assert!(keys(&store, COL_META).iter().all(|k| k.first() != Some(&TAG_PENDING)));
		assert!(!store.has_shard(&root, 0).unwrap());
		assert!(keys(&store, COL_SHARDS).iter().all(|k| !k.starts_with(&shard_chunk_prefix(&root, 0))));
		assert_eq!(store.shard(&root, 1).unwrap(), Some(shard));
		assert!(keys(&store, COL_FILES).is_empty(), "neither the cached file nor the upload's copy is left");
		// The upload is still staged, and finishing it now keeps the file.
		let id = store.uploads().unwrap()[0].0;
		assert_eq!(store.finish_upload(id, file_root).unwrap(), file.len() as u64);
		assert_eq!(store.read_file(&file_root).unwrap(), Some(file));
	}

	/// A cached file written chunk by chunk counts against the cache from the start, is readable once finished,
	/// and an upload of the same file meanwhile is told to retry rather than write over it.
	#[test]
	fn streamed_cached_files() {
		let dir = TempDir::new();
		let store = open_all(&dir, 64 << 20);
		let file = data(2 * CHUNK_SIZE as usize + 99, 5);
		let root = zg_primitives::storage::file_root(&file);
		let id = store.begin_upload(file.len() as u64, None).unwrap();
		store.write_chunk(id, 0, &file).unwrap();
		assert!(store.begin_cached_file(&root, file.len() as u64).unwrap());
		assert_eq!(store.meta(KEY_CACHED).unwrap(), file.len() as u64);
		assert_eq!(store.finish_upload(id, root), Err(StorageError::Busy));
		assert_eq!(store.read_file(&root).unwrap(), None);
		for (i, chunk) in file.chunks(CHUNK_SIZE as usize).enumerate() {
			store.put_file_chunk(&root, i as u32, chunk).unwrap();
		}
		store.finish_cached_file(&root).unwrap();
		assert_eq!(store.read_file(&root).unwrap(), Some(file.clone()));
		assert!(!store.begin_cached_file(&root, file.len() as u64).unwrap(), "held: nothing to write");
		// The upload finishes now as a duplicate of the held file.
		assert_eq!(store.finish_upload(id, root).unwrap(), file.len() as u64);
		assert_eq!(store.used(), file.len() as u64);
		// Abandoned: nothing left, nothing counted.
		let other = H256::repeat_byte(1);
		assert!(store.begin_cached_file(&other, 5).unwrap());
		store.put_file_chunk(&other, 0, b"12345").unwrap();
		store.abandon_file(&other).unwrap();
		assert_eq!((store.used(), store.meta(KEY_CACHED).unwrap()), (file.len() as u64, file.len() as u64));
		assert_eq!(store.read_file(&other).unwrap(), None);
		// A write still on its way when the file was given up is refused and leaves nothing; so is one after a
		// file is finished.
		assert!(store.put_file_chunk(&other, 0, b"12345").is_err());
		assert!(keys(&store, COL_FILES).iter().all(|k| !k.starts_with(&file_chunk_prefix(&other))));
		assert!(store.put_file_chunk(&root, 0, b"12345").is_err());
		assert_eq!(store.read_file(&root).unwrap(), Some(file));
	}
}
