//! Uploads written in place. An upload whose file root is known when it begins (the HTTP endpoint's
//! `PUT /storage/v1/files/<root>`) and whose bytes arrive in order is written straight into the files column
//! under that root, as a pending write (see `streamed`), and hashed as it arrives. Finishing it compares the root
//! and records the file. A staged upload is written to staging, read back, hashed and written again; this one
//! reaches the disk once (its chunks skip the write-ahead log, and the column is flushed before the record is
//! synced).
//!
//! Such an upload has the same record in staging as any other: its size counts against the upload quota, it
//! counts among the uploads in progress, and it is discarded when idle. Beside the record, a marker
//! `'d' ++ id` names its root and says whether its chunks are written. They are not when the file is held
//! already: then they are only hashed. What it has hashed lives in memory, so a restart discards it
//! ([`BlobStore::recover_direct`]). While it runs, its pending marker keeps every other write of that file out
//! (a download's cache copy, a staged upload's copy), so nothing checked is ever written over by bytes that are
//! not checked yet.

use super::*;
use super::streamed::pending_key;
use zg_primitives::storage::FileRootBuilder;

const TAG_DIRECT: u8 = b'd';

fn direct_key(id: u64) -> Vec<u8> {
	let mut k = Vec::with_capacity(9);
	k.push(TAG_DIRECT);
	k.extend_from_slice(&id.to_be_bytes());
	k
}

/// The marker of an upload written in place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode)]
struct DirectMarker {
	/// The file root it was begun for, under which its chunks go.
	root: H256,
	/// Whether its chunks are written (the file was not held when it began).
	copy: bool,
}

/// What an upload written in place has hashed so far.
#[derive(Default)]
pub(super) struct State {
	builder: FileRootBuilder,
	/// Bytes received, from the start.
	written: u64,
}

/// An upload's [`State`], or `None` while a call is using it.
pub(super) type Slot = Option<Box<State>>;

impl BlobStore {
	/// Starts an upload of `size` bytes of file `root` for `client`, written in place (see the module docs), within
	/// the same bounds as [`Self::begin_upload`]. While another write of that file is under way (a download
	/// filling the cache, another upload written in place), the upload is staged like any other.
	pub fn begin_upload_into(&self, size: u64, client: Option<u64>, root: H256) -> Result<u64, StorageError> {
		let _guard = self.writing();
		let (id, mut batch) = self.reserve_upload_locked(size, client)?;
		let prefix = file_chunk_prefix(&root);
		if self.pending(COL_FILES, &prefix)?.is_some() {
			self.commit(batch, false)?;
			return Ok(id);
		}
		let copy = self.file_record(&root)?.is_none();
		if copy {
			// Reserves nothing in `used`: the upload's bytes are reserved as staged until it finishes.
			batch.put(COL_META, &pending_key(COL_FILES, &prefix), &0u64.encode())?;
		}
		batch.put(COL_STAGING, &direct_key(id), &DirectMarker { root, copy }.encode())?;
		self.commit(batch, false)?;
		self.direct.lock().insert(id, Some(Box::default()));
		Ok(id)
	}

	/// The state of upload `id` if it is written in place, taken out of the map until the caller puts it back
	/// ([`Self::put_back`]); [`StorageError::Busy`] while another call has it.
	pub(super) fn take_direct(&self, id: u64) -> Result<Option<Box<State>>, StorageError> {
		match self.direct.lock().get_mut(&id) {
			None => Ok(None),
			Some(slot) => slot.take().map(Some).ok_or(StorageError::Busy),
		}
	}

	/// Returns `state` to upload `id`'s slot, unless the upload was discarded meanwhile.
	fn put_back(&self, id: u64, state: Box<State>) {
		if let Some(slot) = self.direct.lock().get_mut(&id) {
			*slot = Some(state);
		}
	}

	fn direct_marker(&self, id: u64) -> Result<Option<DirectMarker>, StorageError> {
		self.get_decoded::<DirectMarker>(COL_STAGING, &direct_key(id))
	}

	/// [`Self::write_chunk`] for an upload written in place: the bytes must continue where the last ones ended.
	/// They are hashed before the write lock is taken, so other writers do not wait for the hashing.
	pub(super) fn write_direct(
		&self,
		id: u64,
		mut state: Box<State>,
		offset: u64,
		data: &[u8],
	) -> Result<u64, StorageError> {
		let result = (|| {
			let size = self.upload_record(id)?.size;
			let len = data.len() as u64;
			let end = offset.checked_add(len).filter(|&end| end <= size && len <= MAX_CHUNK);
			let Some(end) = end.filter(|_| offset == state.written) else {
				return Err(StorageError::BadRange { offset, len, size });
			};
			if data.is_empty() {
				return Ok(end);
			}
			let mut hashed = state.builder.clone();
			hashed.update(data);
			let _guard = self.writing();
			// Discarded meanwhile (aborted, idle too long): nothing may be written under its root any more.
			let marker = self.direct_marker(id)?.ok_or(StorageError::UnknownUpload(id))?;
			let mut record = self.upload_record(id)?;
			add_range(&mut record.received, offset, end);
			record.touched = now_secs();
			let mut batch = self.batch();
			if marker.copy {
				self.put_range(&mut batch, COL_FILES, |idx| file_chunk_key(&marker.root, idx), size, offset, data)?;
			}
			batch.put(COL_STAGING, &upload_record_key(id), &record.encode())?;
			self.commit_unlogged(batch)?;
			state.builder = hashed;
			state.written = end;
			Ok(end)
		})();
		self.put_back(id, state);
		result
	}

	/// [`Self::finish_upload`] for an upload written in place: its root compared, the column flushed and the file
	/// recorded (synced), or what it wrote deleted.
	pub(super) fn finish_direct(&self, id: u64, state: Box<State>, expected_root: H256) -> Result<u64, StorageError> {
		let _guard = self.writing();
		let (record, marker) = match (self.upload_record(id), self.direct_marker(id)) {
			(Ok(record), Ok(Some(marker))) => (record, marker),
			(Err(e), _) | (_, Err(e)) => {
				self.put_back(id, state);
				return Err(e);
			},
			(Ok(_), Ok(None)) => return Err(StorageError::UnknownUpload(id)),
		};
		let size = record.size;
		if state.written < size {
			let received = state.written;
			self.put_back(id, state);
			return Err(StorageError::Incomplete { received, size });
		}
		self.direct.lock().remove(&id);
		let root = marker.root;
		// Finished with another root than it began with, it is the root it began with (and wrote under) that is not
		// the one expected, whatever its bytes.
		let actual = if root == expected_root { state.builder.finish() } else { root };
		let right = actual == expected_root;
		// Nothing else writes a file under a pending marker, so a record can only be there if the upload began
		// when the file was held (and wrote nothing).
		let duplicate = self.file_record(&root)?.is_some();
		let mut batch = self.batch();
		if marker.copy {
			if right || duplicate {
				self.end_copy(&mut batch, &root)?;
			} else {
				self.discard_copy(&mut batch, &root)?;
			}
		}
		batch.delete(COL_STAGING, &direct_key(id))?;
		batch.delete(COL_STAGING, &upload_record_key(id))?;
		if right && !marker.copy && !duplicate {
			// Only hashed, because the file was held when it began, and dropped since (evicted, expired, gone from
			// the chain): nothing of it is here to record. Sent again, it is written.
			batch.put_meta(KEY_STAGED, self.meta(KEY_STAGED)?.saturating_sub(size))?;
			self.commit(batch, false)?;
			return Err(StorageError::Busy);
		}
		self.end_upload(batch, size, expected_root, actual, !duplicate, marker.copy)
	}

	/// Adds to `batch` the removal of upload `id`'s marker and, if it was written in place, of what it wrote; the
	/// caller holds the write lock and removes the upload's record.
	pub(super) fn discard_direct(&self, batch: &mut Batch<'_>, id: u64) -> Result<(), StorageError> {
		self.direct.lock().remove(&id);
		let Some(marker) = self.direct_marker(id)? else { return Ok(()) };
		batch.delete(COL_STAGING, &direct_key(id))?;
		if marker.copy {
			if self.file_record(&marker.root)?.is_none() {
				self.discard_copy(batch, &marker.root)?;
			} else {
				self.end_copy(batch, &marker.root)?;
			}
		}
		Ok(())
	}

	/// Discards, at open, the uploads written in place that a stop interrupted (what they hashed is gone); their
	/// chunks went with their pending markers ([`Self::recover_pending`]). Returns how many there were.
	pub(super) fn recover_direct(&self) -> Result<usize, StorageError> {
		let _guard = self.writing();
		let markers = self.scan(COL_STAGING, &[TAG_DIRECT])?;
		if markers.is_empty() {
			return Ok(0);
		}
		let mut batch = self.batch();
		let mut released = 0u64;
		for (key, _) in &markers {
			let Some(id) = key.get(1..9).and_then(|b| <[u8; 8]>::try_from(b).ok()).map(u64::from_be_bytes) else {
				batch.delete(COL_STAGING, key)?;
				continue;
			};
			if let Ok(record) = self.upload_record(id) {
				released = released.saturating_add(record.size);
				batch.delete(COL_STAGING, &upload_record_key(id))?;
			}
			batch.delete(COL_STAGING, key)?;
		}
		batch.put_meta(KEY_STAGED, self.meta(KEY_STAGED)?.saturating_sub(released))?;
		self.commit(batch, true)?;
		log::info!(target: "zg-storage", "discarded {} uploads a stop interrupted ({released} bytes)", markers.len());
		Ok(markers.len())
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::blob_store::tests::{blob_file_bytes, data, open_all, TempDir};
	use zg_primitives::storage::file_root;

	fn keys(store: &BlobStore, col: usize, prefix: &[u8]) -> usize {
		store.scan(col, prefix).unwrap().len()
	}

	/// Bytes in the store's write-ahead logs.
	fn wal_bytes(dir: &TempDir) -> u64 {
		std::fs::read_dir(&dir.0)
			.unwrap()
			.filter_map(|entry| entry.ok())
			.filter(|entry| entry.path().extension().is_some_and(|ext| ext == "log"))
			.map(|entry| entry.metadata().unwrap().len())
			.sum()
	}

	/// Sends `file` to upload `id` in order, in pieces of `piece` bytes.
	fn send(store: &BlobStore, id: u64, file: &[u8], piece: usize) {
		for (i, part) in file.chunks(piece).enumerate() {
			store.write_chunk(id, (i * piece) as u64, part).unwrap();
		}
	}

	/// An upload written in place never touches staging nor the write-ahead log, is not held before it finishes,
	/// and is on disk (flushed into blob files) once it is; pieces that straddle chunks are merged.
	#[test]
	fn an_upload_in_place_is_written_once_and_kept_once_checked() {
		let dir = TempDir::new();
		let store = open_all(&dir, 64 << 20);
		let file = data(3 * CHUNK_SIZE as usize + 1_000, 1);
		let root = file_root(&file);
		let id = store.begin_upload_into(file.len() as u64, None, root).unwrap();
		assert_eq!(store.staged(), file.len() as u64);
		let wal = wal_bytes(&dir);
		send(&store, id, &file, 700_000);
		assert_eq!(keys(&store, COL_STAGING, &[TAG_CHUNK]), 0, "nothing staged");
		assert!(wal_bytes(&dir) < wal + 64 * 1024, "the chunks skipped the write-ahead log");
		assert_eq!(store.file_size(&root).unwrap(), None, "not held before it is finished");
		assert_eq!(store.read_file_range(&root, 0, 1).unwrap(), None);
		assert_eq!(blob_file_bytes(&dir), 0, "still in the memtable");

		assert_eq!(store.finish_upload(id, root).unwrap(), file.len() as u64);
		// The whole chunks are in blob files (the 1,000-byte tail is small enough to live in a table file).
		assert!(blob_file_bytes(&dir) >= 3 * CHUNK_SIZE, "flushed to disk before it was recorded");
		assert_eq!((store.staged(), store.used(), store.meta(KEY_UNPAID).unwrap()), (0, file.len() as u64, file.len() as u64));
		assert_eq!(store.file_record(&root).unwrap().map(|r| r.kind), Some(FileKind::Unpaid));
		assert_eq!(store.read_file(&root).unwrap(), Some(file.clone()));
		assert_eq!(keys(&store, COL_STAGING, &[]), 0, "record and marker gone");
		assert_eq!(keys(&store, COL_META, &[b'p']), 0, "pending marker gone");
		assert!(store.direct.lock().is_empty());
		drop(store);
		let store = open_all(&dir, 64 << 20);
		assert_eq!(store.read_file(&root).unwrap(), Some(file));
	}

	/// Attack: bytes out of order, gaps, rewrites and oversized pieces are refused (the hash runs in order), and
	/// the upload goes on from where it was.
	#[test]
	fn bytes_must_come_in_order() {
		let dir = TempDir::new();
		let store = open_all(&dir, 64 << 20);
		let file = data(2 * CHUNK_SIZE as usize, 2);
		let root = file_root(&file);
		let size = file.len() as u64;
		let id = store.begin_upload_into(size, None, root).unwrap();
		store.write_chunk(id, 0, &file[..1000]).unwrap();
		let refused = |offset: u64, len: u64| Err(StorageError::BadRange { offset, len, size });
		assert_eq!(store.write_chunk(id, 2000, &file[2000..3000]), refused(2000, 1000), "a gap");
		assert_eq!(store.write_chunk(id, 0, &file[..1000]), refused(0, 1000), "a rewrite");
		assert_eq!(store.write_chunk(id, 500, &file[500..1500]), refused(500, 1000), "an overlap");
		assert_eq!(store.write_chunk(id, 1000, &vec![0; MAX_CHUNK as usize + 1]), refused(1000, MAX_CHUNK + 1));
		assert_eq!(store.write_chunk(id, size - 1, &[0, 0]), refused(size - 1, 2), "past the end");
		assert_eq!(
			store.finish_upload(id, root),
			Err(StorageError::Incomplete { received: 1000, size }),
			"and finishing early keeps it"
		);
		assert_eq!(store.write_chunk(id, 1000, &file[1000..]).unwrap(), size);
		assert_eq!(store.finish_upload(id, root).unwrap(), size);
		assert_eq!(store.read_file(&root).unwrap(), Some(file));
	}

	/// Attack: an uploader who sends other bytes than the root it named leaves nothing (no file, no chunks, no
	/// quota), and one who names a file the node holds cannot change a byte of it, whatever it sends.
	#[test]
	fn wrong_bytes_are_discarded_and_never_overwrite_a_held_file() {
		let dir = TempDir::new();
		let store = open_all(&dir, 64 << 20);
		let file = data(CHUNK_SIZE as usize + 10, 3);
		let root = file_root(&file);
		let forged = data(file.len(), 4);
		let id = store.begin_upload_into(file.len() as u64, None, root).unwrap();
		send(&store, id, &forged, CHUNK_SIZE as usize);
		assert_eq!(
			store.finish_upload(id, root),
			Err(StorageError::RootMismatch { expected: root, actual: file_root(&forged) })
		);
		assert_eq!(store.finish_upload(id, root), Err(StorageError::UnknownUpload(id)));
		assert_eq!((store.staged(), store.used()), (0, 0));
		assert_eq!(keys(&store, COL_FILES, &[]), 0, "the forged chunks are gone");
		assert_eq!(keys(&store, COL_STAGING, &[]) + keys(&store, COL_META, &[b'p']), 0);

		// The real file, then the forgery again: the held file is untouched and not counted twice.
		let id = store.begin_upload_into(file.len() as u64, None, root).unwrap();
		send(&store, id, &file, CHUNK_SIZE as usize);
		store.finish_upload(id, root).unwrap();
		let id = store.begin_upload_into(file.len() as u64, None, root).unwrap();
		send(&store, id, &forged, CHUNK_SIZE as usize);
		assert!(matches!(store.finish_upload(id, root), Err(StorageError::RootMismatch { .. })));
		assert_eq!(store.read_file(&root).unwrap(), Some(file.clone()));
		let id = store.begin_upload_into(file.len() as u64, None, root).unwrap();
		send(&store, id, &file, CHUNK_SIZE as usize);
		assert_eq!(store.finish_upload(id, root).unwrap(), file.len() as u64, "a duplicate is fine");
		assert_eq!((store.staged(), store.used()), (0, file.len() as u64));
		// A root that is not the one it began with is refused too.
		let id = store.begin_upload_into(file.len() as u64, None, H256::repeat_byte(5)).unwrap();
		send(&store, id, &file, CHUNK_SIZE as usize);
		assert!(matches!(store.finish_upload(id, root), Err(StorageError::RootMismatch { .. })));
		assert_eq!(store.file_size(&H256::repeat_byte(5)).unwrap(), None);
		assert_eq!(keys(&store, COL_FILES, &file_chunk_prefix(&H256::repeat_byte(5))), 0);
	}

	/// Attack, or bad luck: the node held the file when an upload of it began, so the upload was only hashed, and
	/// the file is dropped (evicted, expired, gone from the chain) before the upload finishes. No record may claim
	/// bytes the store does not have: the client is told to try again, and the upload sent again is written.
	#[test]
	fn a_held_file_dropped_under_a_hashed_upload_is_not_recorded_without_its_bytes() {
		let dir = TempDir::new();
		let store = open_all(&dir, 64 << 20);
		let file = data(CHUNK_SIZE as usize + 10, 7);
		let root = file_root(&file);
		let size = file.len() as u64;
		let id = store.begin_upload_into(size, None, root).unwrap();
		send(&store, id, &file, CHUNK_SIZE as usize);
		store.finish_upload(id, root).unwrap();
		let hashed = store.begin_upload_into(size, None, root).unwrap();
		send(&store, hashed, &file, CHUNK_SIZE as usize);
		assert_eq!(store.drop_file(&root).unwrap(), size);
		assert_eq!(store.finish_upload(hashed, root), Err(StorageError::Busy));
		assert_eq!(store.file_record(&root).unwrap(), None, "no record without its bytes");
		assert_eq!((store.staged(), store.used(), store.meta(KEY_UNPAID).unwrap()), (0, 0, 0));
		assert_eq!(keys(&store, COL_STAGING, &[]) + keys(&store, COL_FILES, &[]), 0);
		let again = store.begin_upload_into(size, None, root).unwrap();
		send(&store, again, &file, CHUNK_SIZE as usize);
		assert_eq!(store.finish_upload(again, root).unwrap(), size);
		assert_eq!(store.read_file(&root).unwrap(), Some(file));
	}

	/// While an upload is written in place under a root, every other write of that file waits or goes elsewhere:
	/// a second upload of it is staged (and told to retry if it finishes first), a whole cached copy and a
	/// streamed one are refused. Nothing checked is ever written over by bytes not checked yet.
	#[test]
	fn one_write_per_file_at_a_time() {
		let dir = TempDir::new();
		let store = open_all(&dir, 64 << 20);
		let file = data(2 * CHUNK_SIZE as usize + 5, 5);
		let root = file_root(&file);
		let size = file.len() as u64;
		let first = store.begin_upload_into(size, None, root).unwrap();
		send(&store, first, &file[..CHUNK_SIZE as usize], CHUNK_SIZE as usize);
		let second = store.begin_upload_into(size, None, root).unwrap();
		assert!(!store.direct.lock().contains_key(&second), "staged");
		store.write_chunk(second, 0, &file).unwrap();
		assert_eq!(keys(&store, COL_STAGING, &[TAG_CHUNK]), 3);
		assert_eq!(store.finish_upload(second, root), Err(StorageError::Busy));
		assert_eq!(store.put_cached_file(&root, &file), Err(StorageError::Busy));
		assert!(store.begin_cached_file(&root, size).is_err());
		store.write_chunk(first, CHUNK_SIZE, &file[CHUNK_SIZE as usize..]).unwrap();
		assert_eq!(store.finish_upload(first, root).unwrap(), size);
		assert_eq!(store.finish_upload(second, root).unwrap(), size, "a duplicate now");
		assert_eq!((store.staged(), store.used()), (0, size));
		assert_eq!(store.read_file(&root).unwrap(), Some(file));
	}

	/// Aborted, idle too long, or interrupted by a stop: an upload in place leaves nothing and gives its quota
	/// back, and a chunk sent afterwards is refused rather than written under the root.
	#[test]
	fn given_up_uploads_leave_nothing() {
		let dir = TempDir::new();
		let file = data(2 * CHUNK_SIZE as usize, 6);
		let root = file_root(&file);
		let size = file.len() as u64;
		{
			let store = open_all(&dir, 64 << 20);
			let aborted = store.begin_upload_into(size, None, root).unwrap();
			store.write_chunk(aborted, 0, &file[..1000]).unwrap();
			store.abort_upload(aborted).unwrap();
			assert_eq!(store.write_chunk(aborted, 1000, &file[1000..2000]), Err(StorageError::UnknownUpload(aborted)));
			assert_eq!((store.staged(), keys(&store, COL_FILES, &[])), (0, 0));

			let idle = store.begin_upload_into(size, None, root).unwrap();
			store.write_chunk(idle, 0, &file[..CHUNK_SIZE as usize]).unwrap();
			let pruned = store.prune(now_secs() + store.limits.upload_idle_secs + 1).unwrap();
			assert_eq!((pruned.uploads, pruned.bytes), (1, size));
			assert_eq!(store.write_chunk(idle, CHUNK_SIZE, &file[CHUNK_SIZE as usize..]), Err(StorageError::UnknownUpload(idle)));
			assert_eq!((store.staged(), keys(&store, COL_FILES, &[])), (0, 0));
			assert!(store.direct.lock().is_empty());

			let interrupted = store.begin_upload_into(size, None, root).unwrap();
			store.write_chunk(interrupted, 0, &file[..CHUNK_SIZE as usize]).unwrap();
			store.flush(COL_FILES).unwrap();
		}
		let store = open_all(&dir, 64 << 20);
		assert_eq!(store.staged(), 0);
		assert_eq!(keys(&store, COL_FILES, &[]) + keys(&store, COL_STAGING, &[]) + keys(&store, COL_META, &[b'p']), 0);
		assert!(store.uploads().unwrap().is_empty());
		// The file can be uploaded again from the start.
		let id = store.begin_upload_into(size, None, root).unwrap();
		send(&store, id, &file, MAX_CHUNK as usize);
		assert_eq!(store.finish_upload(id, root).unwrap(), size);
	}
}
