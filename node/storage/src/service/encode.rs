//! Streamed erasure coding of a file this node holds: the encoder's shards of a new file
//! ([`BlobHost::encode_file`], [`encode_held_file`]), or one shard a provider that holds the whole file makes for
//! itself.
//!
//! Shard `i` is piece `i` of every segment in turn, so encoding the file a few segments at a time and appending
//! each step's pieces to their shards gives exactly the shards of [`erasure::encode`] over the whole file. Each
//! shard's [`CHUNK_SIZE`] chunks are hashed (their chunk roots give the shard root) and written as they fill, as
//! a pending write of the blob store: the node holds a few steps of the file and of its chunks in memory, never
//! the file, and a stop half way leaves nothing behind.
//!
//! The work is a pipeline of three threads, so that the store's reads and writes overlap the coding instead of
//! taking turns with it: a reader reads the step after the one being coded ([`READ_AHEAD`]), the calling thread
//! codes each step (its two halves at once, on rayon's pool, straight into the step's pieces: a full step's piece
//! of a shard is one whole chunk, passed on without a copy) and hashes the chunks that filled (on rayon's pool
//! too), and a writer puts them into the store ([`WRITE_QUEUE`] steps behind at most). Step after step in one
//! thread, a 1 GiB file took 5.5–5.9 s in the release `shards` benchmark; in this pipeline 3.9–4.9 s, the store's
//! writes the most of it (the shards' bytes written alone 4.1–4.5 s); 2.3–2.9 s once RocksDB's blob GC no longer
//! rewrote what they had written (see `blob_store`'s `garbage`; the writes alone 1.7–2.5 s); and 2.0–2.7 s coded
//! straight into the pieces, three copies of every shard byte fewer.

use super::*;
use crate::blob_store::CHUNK_SIZE;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use zg_primitives::storage::{segments_for, SEGMENT_SIZE};

/// File segments encoded per step (4 MiB of the file).
const STEP_SEGMENTS: u64 = 16;

/// Steps the reader reads ahead of the one being coded.
const READ_AHEAD: usize = 1;

/// Steps' chunks coded but not yet written, at most (besides the one the writer is writing).
const WRITE_QUEUE: usize = 2;

/// One step's filled chunks, for the writer: `(shard, chunk index, bytes)`.
type ChunkBatch = Vec<(u32, u32, Vec<u8>)>;

/// Encodes the held file `root` with `params` and stores every shard of it the store does not hold at the
/// length the file implies, streamed; shards held already (a provider's, acknowledged on chain) stay as they
/// are, never missing. Returns how many shards were written. Blocking (seconds per GiB): run it off the async
/// workers. The encoder's path ([`BlobHost::encode_file`]) and the storage benchmark's (`benches/shards.rs`).
pub fn encode_held_file(store: &BlobStore, root: &H256, params: &ErasureParams) -> Result<usize, String> {
	let size = store.file_size(root).map_err(|e| e.to_string())?.ok_or("the file is no longer held")?;
	let shard_len = params.shard_size(size);
	let mut missing = Vec::new();
	for shard in 0..params.total_shards() {
		let record = store.shard_record(root, shard).map_err(|e| e.to_string())?;
		if record.map_or(true, |r| r.len != shard_len) {
			missing.push(shard);
		}
	}
	if missing.is_empty() {
		return Ok(0);
	}
	encode_streamed(store, root, params, size, &missing, |_, _| Ok(()))?;
	Ok(missing.len())
}

/// What each shard written has: the bytes of its next chunk, and the roots of the chunks before.
struct ShardOut {
	shard: u32,
	next: Vec<u8>,
	roots: Vec<H256>,
}

impl ShardOut {
	/// Appends `piece` (this shard's piece of a step) and moves every chunk that filled to `filled`, with `out`
	/// (this shard's place among the outputs). A piece that is a whole chunk by itself, as a full step's is, is
	/// moved, not copied.
	fn push(&mut self, out: usize, piece: Vec<u8>, filled: &mut Vec<(usize, Vec<u8>)>) {
		let chunk = CHUNK_SIZE as usize;
		if self.next.is_empty() && piece.len() == chunk {
			filled.push((out, piece));
			return;
		}
		self.next.extend_from_slice(&piece);
		while self.next.len() >= chunk {
			let rest = self.next.split_off(chunk);
			filled.push((out, std::mem::replace(&mut self.next, rest)));
		}
	}
}

/// Hashes the chunks in `filled` (on rayon's pool), notes each one's root in its shard's output, and answers them
/// for the writer, in order: `(shard, chunk index, bytes)`.
fn hashed(outs: &mut [ShardOut], filled: Vec<(usize, Vec<u8>)>) -> Result<ChunkBatch, String> {
	use rayon::prelude::*;
	let roots: Vec<H256> = filled.par_iter().map(|(_, bytes)| zg_primitives::storage::merkle_root(bytes)).collect();
	let mut batch = ChunkBatch::with_capacity(filled.len());
	for ((out, bytes), root) in filled.into_iter().zip(roots) {
		let out = outs.get_mut(out).ok_or("no such shard output")?;
		let idx = u32::try_from(out.roots.len()).map_err(|_| "a shard with too many chunks".to_string())?;
		out.roots.push(root);
		batch.push((out.shard, idx, bytes));
	}
	Ok(batch)
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

/// The shards `shards` of the held file `root`, coded a step at a time by the calling thread between a reader and
/// a writer thread (see the module docs); each shard's index, root and chunk roots. On an error in any of the
/// three, all stop and the first error is returned (the writer's before the coder's, which then only sees it
/// gone).
fn encode_into(
	store: &BlobStore,
	root: &H256,
	params: &ErasureParams,
	size: u64,
	shards: &[u32],
) -> Result<Vec<(u32, H256, Vec<H256>)>, String> {
	let segments = segments_for(size);
	let steps = segments.div_ceil(STEP_SEGMENTS);
	let step = STEP_SEGMENTS * SEGMENT_SIZE as u64;
	std::thread::scope(|scope| {
		let (read_tx, read_rx) = sync_channel::<Result<Vec<u8>, String>>(READ_AHEAD);
		let (write_tx, write_rx) = sync_channel::<ChunkBatch>(WRITE_QUEUE);
		let reader = std::thread::Builder::new()
			.name("zg-encode-read".into())
			.spawn_scoped(scope, move || {
				for n in 0..steps {
					let bytes = store
						.read_file_range(root, n * step, step)
						.map_err(|e| e.to_string())
						.and_then(|bytes| bytes.ok_or_else(|| "the file is no longer held".to_string()));
					let failed = bytes.is_err();
					// A send fails only once the coder has stopped.
					if read_tx.send(bytes).is_err() || failed {
						return;
					}
				}
			})
			.map_err(|e| format!("cannot start the encoder's reader: {e}"))?;
		let writer = std::thread::Builder::new()
			.name("zg-encode-write".into())
			.spawn_scoped(scope, move || -> Result<(), String> {
				for batch in write_rx {
					for (shard, idx, chunk) in batch {
						store.put_shard_chunk(root, shard, idx, &chunk).map_err(|e| e.to_string())?;
					}
				}
				Ok(())
			});
		let writer = match writer {
			Ok(writer) => writer,
			Err(e) => {
				// The reader stops at its next send, the receiver gone.
				drop(read_rx);
				let _ = reader.join();
				return Err(format!("cannot start the encoder's writer: {e}"));
			},
		};
		let coded = code_steps(params, shards, steps, read_rx, write_tx);
		let written = writer.join().unwrap_or_else(|_| Err("the encoder's writer panicked".into()));
		let read = reader.join().map_err(|_| "the encoder's reader panicked".to_string());
		written?;
		read?;
		coded
	})
}

/// The coder of [`encode_into`]: `steps` steps of the file from `read`, each coded, its filled chunks hashed and
/// sent to `write`. Returns when the steps end or anything fails (a reader that stopped early is an error, never
/// a short shard).
fn code_steps(
	params: &ErasureParams,
	shards: &[u32],
	steps: u64,
	read: Receiver<Result<Vec<u8>, String>>,
	write: SyncSender<ChunkBatch>,
) -> Result<Vec<(u32, H256, Vec<H256>)>, String> {
	let mut distinct = shards.to_vec();
	distinct.sort_unstable();
	distinct.dedup();
	if distinct.len() != shards.len() {
		return Err(format!("shards {shards:?} named twice"));
	}
	let mut outs: Vec<ShardOut> = shards
		.iter()
		.map(|&shard| ShardOut { shard, next: Vec::new(), roots: Vec::new() })
		.collect();
	let send = |batch: ChunkBatch| write.send(batch).map_err(|_| "the encoder's writer stopped".to_string());
	for _ in 0..steps {
		let bytes = read.recv().map_err(|_| "the encoder's reader stopped".to_string())??;
		let mut pieces = code_step(params, &bytes)?;
		let mut filled = Vec::with_capacity(outs.len());
		for (out, shard_out) in outs.iter_mut().enumerate() {
			let piece = pieces.get_mut(shard_out.shard as usize).ok_or_else(|| format!("no shard {}", shard_out.shard))?;
			shard_out.push(out, std::mem::take(piece), &mut filled);
		}
		send(hashed(&mut outs, filled)?)?;
	}
	let tails = outs
		.iter_mut()
		.enumerate()
		.filter(|(_, out)| !out.next.is_empty())
		.map(|(i, out)| (i, std::mem::take(&mut out.next)))
		.collect();
	send(hashed(&mut outs, tails)?)?;
	Ok(outs.into_iter().map(|out| (out.shard, root_of_chunk_roots(&out.roots), out.roots)).collect())
}

/// One step's pieces, as [`erasure::encode`] gives them, coded straight into them ([`erasure::encode_into`]): its
/// segments split in two runs coded at once, each into its half of every piece.
fn code_step(params: &ErasureParams, bytes: &[u8]) -> Result<Vec<Vec<u8>>, String> {
	let failed = |e: erasure::ErasureError| format!("encoding failed: {e:?}");
	let len = usize::try_from(params.shard_size(bytes.len() as u64)).map_err(|_| "a step too large".to_string())?;
	// One allocation each (`vec![vec![0; len]; n]` would copy the first into the others).
	let mut pieces: Vec<Vec<u8>> = (0..params.total_shards()).map(|_| vec![0u8; len]).collect();
	let segments = bytes.len().div_ceil(SEGMENT_SIZE);
	if segments < 2 {
		let mut outputs: Vec<&mut [u8]> = pieces.iter_mut().map(|piece| piece.as_mut_slice()).collect();
		erasure::encode_into(params, bytes, &mut outputs).map_err(failed)?;
		return Ok(pieces);
	}
	let half = segments / 2;
	let (first, second) = bytes.split_at(half * SEGMENT_SIZE);
	let (mut firsts, mut seconds): (Vec<&mut [u8]>, Vec<&mut [u8]>) =
		pieces.iter_mut().map(|piece| piece.split_at_mut(half * params.piece_size())).unzip();
	let (first, second) = rayon::join(
		|| erasure::encode_into(params, first, &mut firsts),
		|| erasure::encode_into(params, second, &mut seconds),
	);
	first.map_err(failed)?;
	second.map_err(failed)?;
	Ok(pieces)
}
