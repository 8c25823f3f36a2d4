//! Streamed erasure coding of a file this node holds: the encoder's shards of a new file
//! ([`BlobHost::encode_file`]), or one shard a provider that holds the whole file makes for itself.
//!
//! Shard `i` is piece `i` of every segment in turn, so encoding the file a few segments at a time and appending
//! each step's pieces to their shards gives exactly the shards of [`erasure::encode`] over the whole file. Each
//! shard's [`CHUNK_SIZE`] chunks are hashed (their chunk roots give the shard root) and written as they fill, as
//! a pending write of the blob store: the node holds one step of the file and one chunk per shard in memory,
//! never the file, and a stop half way leaves nothing behind.

use super::*;
use crate::blob_store::CHUNK_SIZE;
use zg_primitives::storage::{segments_for, SEGMENT_SIZE};

/// File segments encoded per step (4 MiB of the file).
const STEP_SEGMENTS: u64 = 16;

/// What each shard written has: the bytes of its next chunk, and the roots of the chunks before.
struct ShardOut {
	shard: u32,
	next: Vec<u8>,
	roots: Vec<H256>,
}

impl ShardOut {
	/// Writes the chunk that `next` holds (full, or the shard's last) and notes its root.
	fn flush(&mut self, store: &BlobStore, root: &H256, len: usize) -> Result<(), String> {
		let chunk: Vec<u8> = self.next.drain(..len).collect();
		let idx = u32::try_from(self.roots.len()).map_err(|_| "a shard with too many chunks".to_string())?;
		store.put_shard_chunk(root, self.shard, idx, &chunk).map_err(|e| e.to_string())?;
		self.roots.push(zg_primitives::storage::merkle_root(&chunk));
		Ok(())
	}
}

/// Encodes the held file `root` (`size` bytes) with `params` and stores shards `shards` of it, each checked by
/// `accept(shard, shard root)` before it is recorded; returns each one's index, root and chunk roots. Blocking
/// (seconds per GiB): run it off the async workers. On any failure nothing of the shards is kept.
pub(super) fn encode_streamed(
	store: &BlobStore,
	root: &H256,
	params: &ErasureParams,
	size: u64,
	shards: &[u32],
	accept: impl Fn(u32, &H256) -> Result<(), String>,
) -> Result<Vec<(u32, H256, Vec<H256>)>, String> {
	params.validate().map_err(|e| format!("unusable erasure parameters: {e:?}"))?;
	let shard_len = params.shard_size(size);
	store.begin_shards(root, shards, shard_len).map_err(|e| e.to_string())?;
	let result = encode_into(store, root, params, size, shards).and_then(|written| {
		for (shard, shard_root, _) in &written {
			accept(*shard, shard_root)?;
		}
		store.finish_shards(root, shard_len, &written).map_err(|e| e.to_string())?;
		Ok(written)
	});
	if result.is_err() {
		if let Err(e) = store.abandon_shards(root, shards) {
			log::warn!(target: LOG_TARGET, "cannot discard the shards of {root:?} being encoded: {e}");
		}
	}
	result
}

/// Encodes and stores the one shard `shard` of the held file `root`, recorded only if its root is `want` (a
/// provider that holds the file, or has just rebuilt it for a repair). With `forget_file`, the file is dropped
/// once it has been read, before the shard is recorded (so that nobody sees the shard held and the file still
/// there), or on failure. Blocking, like [`encode_streamed`].
pub(super) fn encode_own_shard(
	store: &BlobStore,
	root: &H256,
	params: &ErasureParams,
	size: u64,
	shard: u32,
	want: H256,
	forget_file: bool,
) -> Result<(), String> {
	let forget = || {
		if forget_file {
			if let Err(e) = store.drop_file(root) {
				log::warn!(target: LOG_TARGET, "cannot forget file {root:?} rebuilt for a repair: {e}");
			}
		}
	};
	let result = encode_streamed(store, root, params, size, &[shard], |_, got| {
		forget();
		(*got == want).then_some(()).ok_or_else(|| format!("shard {shard} encodes to root {got:?}, not {want:?}"))
	});
	if result.is_err() {
		forget();
	}
	result.map(|_| ())
}

fn encode_into(
	store: &BlobStore,
	root: &H256,
	params: &ErasureParams,
	size: u64,
	shards: &[u32],
) -> Result<Vec<(u32, H256, Vec<H256>)>, String> {
	let chunk = CHUNK_SIZE as usize;
	let mut outs: Vec<ShardOut> =
		shards.iter().map(|&shard| ShardOut { shard, next: Vec::with_capacity(2 * chunk), roots: Vec::new() }).collect();
	let segments = segments_for(size);
	let step = STEP_SEGMENTS * SEGMENT_SIZE as u64;
	for first in (0..segments).step_by(STEP_SEGMENTS as usize) {
		let offset = first * SEGMENT_SIZE as u64;
		let bytes = store
			.read_file_range(root, offset, step)
			.map_err(|e| e.to_string())?
			.ok_or("the file is no longer held")?;
		let pieces = erasure::encode(params, &bytes).map_err(|e| format!("encoding failed: {e:?}"))?;
		for out in &mut outs {
			let piece = pieces.get(out.shard as usize).ok_or_else(|| format!("no shard {}", out.shard))?;
			out.next.extend_from_slice(piece);
			while out.next.len() >= chunk {
				out.flush(store, root, chunk)?;
			}
		}
	}
	let mut written = Vec::with_capacity(outs.len());
	for mut out in outs {
		if !out.next.is_empty() {
			let len = out.next.len();
			out.flush(store, root, len)?;
		}
		written.push((out.shard, root_of_chunk_roots(&out.roots), out.roots));
	}
	Ok(written)
}
