//! Ranged reads of a file this node does not hold ([`StorageBackend::read_range`]): only the segments that
//! cover the range are rebuilt, from the matching chunks of any k shards, each chunk checked against its
//! shard's root on chain through the shard's chunk roots.
//!
//! Shard `i` is piece `i` of every segment in turn, so segments `s0..s1` of the file are bytes
//! `s0 × piece .. s1 × piece` of every shard, and the [`CHUNK_SIZE`]-byte chunks that hold those bytes are all
//! that is fetched: with k = 4, a 4 MiB read fetches about 1 MiB from each of four providers, in parallel. Those
//! slices are the shards of a file of `s1 - s0` segments, which [`erasure::reconstruct`] turns back into the
//! segments (with the k data shards, by laying their pieces side by side). Held shards are read first, then data
//! shards, then parity ones, another tried whenever one fails. Nothing of the file is kept, and a read holds
//! only its own chunks in memory.
//!
//! A provider that is down is often not known to be: its connection looks open and a request to it ends only at
//! the request deadline (30 s). So a read does not wait on k providers alone: whenever none of its fetches has
//! finished for [`HEDGE_AFTER`], it asks the next provider too and keeps the first k that answer (at most n − k
//! extra requests). A provider that failed, or was overtaken, is asked last by the reads of the next
//! [`LAGGING_FOR`], so the rest of a download does not wait on it again.
//!
//! What a ranged read checks: every byte comes from a shard whose root the chain records (the encoder's staked
//! commitment, which an encoding fraud proof slashes). Only a read of the whole file can also be checked
//! against the file root; the HTTP endpoint does that for whole-file downloads.

use super::*;
use crate::{blob_store::CHUNK_SIZE, protocol};
use zg_primitives::storage::SEGMENT_SIZE;

/// Chunk roots of shards kept between the ranged reads of a download; past this many, the map starts afresh.
const MAX_CACHED_CHUNK_ROOTS: usize = 256;

/// How long a ranged read waits for any of its fetches to finish before it asks one more provider.
pub const HEDGE_AFTER: Duration = Duration::from_secs(2);

/// How long a provider that failed or was overtaken is asked after the others.
pub const LAGGING_FOR: Duration = Duration::from_secs(60);

impl Inner {
	/// Bytes `offset .. offset + len` (cut at the end of the file) of `layout`'s file, rebuilt from the chunks of
	/// k shards that hold them (see the module docs).
	pub(super) async fn read_range(&self, layout: &FileLayout, offset: u64, len: u64) -> Result<Vec<u8>, StorageError> {
		Ok(self.read_range_with_roots(layout, offset, len).await?.bytes)
	}

	/// [`Self::read_range`] with the roots of the data shards' pieces it checked: piece `i` of a segment is an
	/// aligned run of 2^h sectors of both its shard's tree and the file's tree, and checking a fetched chunk
	/// against its root computes the roots of its pieces on the way ([`protocol::fetch_shard_chunks`]). So a
	/// download that checks the file root too hashes those bytes once, not twice. Pieces of held shards (read
	/// from the store, unhashed) and those rebuilt from parity have none.
	pub(super) async fn read_range_with_roots(
		&self,
		layout: &FileLayout,
		offset: u64,
		len: u64,
	) -> Result<RangeRead, StorageError> {
		check_layout(layout).map_err(StorageError::Internal)?;
		let size = layout.size;
		if offset > size {
			return Err(StorageError::BadRange { offset, len, size });
		}
		let end = offset.saturating_add(len).min(size);
		if end == offset {
			return Ok(RangeRead::default());
		}
		let params = layout.params;
		let k = params.data_shards as usize;
		let piece = params.piece_size() as u64;
		let segment = SEGMENT_SIZE as u64;
		let chunk = u64::from(CHUNK_SIZE);
		let (s0, s1) = (offset / segment, end.div_ceil(segment));
		let shard_len = params.shard_size(size);
		let chunks = (s0 * piece / chunk)..(s1 * piece).div_ceil(chunk).min(shard_len.div_ceil(chunk));

		let mut candidates: Vec<u32> = (0..params.total_shards())
			.filter(|i| layout.shards.get(*i as usize).map_or(false, |s| s.root.is_some()))
			.collect();
		if candidates.len() < k {
			return Err(StorageError::NotEnoughShards { have: candidates.len(), need: k });
		}
		// Held shards first, then those of providers not lagging, then data shards (`false` sorts first).
		let lagging = self.lagging_providers(layout);
		candidates.sort_by_key(|i| (!self.holds_checked(layout, *i), lagging.contains(i), *i as usize >= k));
		let mut parts: Vec<Option<Vec<u8>>> = vec![None; params.total_shards() as usize];
		let mut part_roots: Vec<Vec<H256>> = vec![Vec::new(); params.total_shards() as usize];
		let mut have = 0usize;
		let mut errors = Vec::new();
		{
			let mut pending = candidates.into_iter();
			let mut running = FuturesUnordered::new();
			let mut asked = Vec::new();
			let mut finished = Vec::new();
			for shard in pending.by_ref().take(k) {
				asked.push(shard);
				running.push(self.indexed_shard_chunks(layout, shard, chunks.clone()));
			}
			while have < k {
				let (shard, result) = match tokio::time::timeout(HEDGE_AFTER, running.next()).await {
					Ok(Some(done)) => done,
					Ok(None) => break,
					// Nothing finished for a while: one more provider beside the slow ones.
					Err(_) => {
						if let Some(next) = pending.next() {
							asked.push(next);
							running.push(self.indexed_shard_chunks(layout, next, chunks.clone()));
						}
						continue;
					},
				};
				finished.push(shard);
				match result {
					Ok((bytes, roots)) => {
						parts[shard as usize] = Some(bytes);
						part_roots[shard as usize] = roots;
						have += 1;
					},
					Err(e) => {
						errors.push(e);
						self.mark_lagging(layout, shard);
						if let Some(next) = pending.next() {
							asked.push(next);
							running.push(self.indexed_shard_chunks(layout, next, chunks.clone()));
						}
					},
				}
			}
			// Fetches still running were overtaken by k others (dropping `running` cancels them).
			for shard in asked.into_iter().filter(|shard| !finished.contains(shard)) {
				self.mark_lagging(layout, shard);
			}
		}
		if have < k {
			log::debug!(target: LOG_TARGET, "ranged read of {:?}: {}", layout.root, errors.join("; "));
			return Err(StorageError::NotEnoughShards { have, need: k });
		}
		// Segments s0..s1 lie at these bytes of every part.
		let base = chunks.start * chunk;
		let (from, to) = ((s0 * piece - base) as usize, (s1 * piece - base) as usize);
		let (skip, take) = ((offset - s0 * segment) as usize, (end - offset) as usize);
		// The read's whole pieces in file order (segment by segment, shard by shard), if it starts at a piece's edge:
		// those of data shards fetched and checked have roots, and the data shards' bytes are the file's as they
		// are. (A short last piece is the start of a zero-padded one, whose root is not that of the bytes read.)
		let run_height = params.piece_sectors().trailing_zeros();
		let mut run_roots = Vec::new();
		if skip as u64 % piece == 0 {
			let first = skip as u64 / piece;
			let (from_run, pieces) = (from as u64 / piece, (s1 - s0) * k as u64);
			for q in first..(first + take as u64 / piece).min(pieces) {
				let (t, i) = (q / k as u64, (q % k as u64) as usize);
				run_roots.push(part_roots[i].get((from_run + t) as usize).copied());
			}
		}
		let bytes = off_thread(move || {
			let mut sub = Vec::with_capacity(parts.len());
			for part in parts {
				sub.push(match part {
					// Cut in place: the bytes before `from` and after `to` belong to segments not asked for.
					Some(mut bytes) if bytes.len() >= to => {
						bytes.truncate(to);
						bytes.drain(..from);
						Some(bytes)
					},
					Some(_) => return Err("a part shorter than its chunks".into()),
					None => None,
				});
			}
			let mut segments = erasure::reconstruct(&params, sub, (s1 - s0) * segment)
				.map_err(|e| format!("reconstruction failed: {e:?}"))?;
			if segments.len() < skip + take {
				return Err("rebuilt fewer bytes than asked".into());
			}
			// Cut in place, as the parts above (a read from a segment's start moves nothing).
			segments.truncate(skip + take);
			segments.drain(..skip);
			Ok(segments)
		})
		.await
		.map_err(StorageError::Internal)?;
		Ok(RangeRead { bytes, run_height, run_roots })
	}

	/// The shards of `layout` whose providers are lagging (see the module docs).
	fn lagging_providers(&self, layout: &FileLayout) -> Vec<u32> {
		(0..layout.shards.len() as u32)
			.filter(|i| {
				let peer = PeerId::from_bytes(&layout.shards[*i as usize].peer_id).ok();
				peer.map_or(false, |peer| self.lagging.contains(&peer))
			})
			.collect()
	}

	/// Remembers the provider of shard `shard` as lagging.
	fn mark_lagging(&self, layout: &FileLayout, shard: u32) {
		if let Some(peer) = layout.shards.get(shard as usize).and_then(|s| PeerId::from_bytes(&s.peer_id).ok()) {
			self.lagging.mark(peer);
		}
	}

	/// [`Self::shard_chunks`] with the shard's index (one future type for every shard).
	async fn indexed_shard_chunks(
		&self,
		layout: &FileLayout,
		shard: u32,
		chunks: core::ops::Range<u64>,
	) -> (u32, Result<(Vec<u8>, Vec<H256>), String>) {
		(shard, self.shard_chunks(layout, shard, chunks).await)
	}

	/// Chunks `chunks` of shard `shard` of `layout`: from the store if held, else from the shard's provider or
	/// the encoder, each chunk checked against the shard's chunk roots; with the roots of their pieces
	/// (runs of [`zg_primitives::storage::ErasureParams::piece_sectors`]) where they were checked (none when held).
	async fn shard_chunks(
		&self,
		layout: &FileLayout,
		shard: u32,
		chunks: core::ops::Range<u64>,
	) -> Result<(Vec<u8>, Vec<H256>), String> {
		let location = layout.shards.get(shard as usize).ok_or_else(|| format!("no shard {shard}"))?;
		let want = location.root.ok_or_else(|| format!("shard {shard} has no root yet"))?;
		let len = layout.params.shard_size(layout.size);
		let chunk = u64::from(CHUNK_SIZE);
		let (from, to) = (chunks.start * chunk, (chunks.end * chunk).min(len));
		if self.holds_checked(layout, shard) {
			let (store, root) = (self.store.clone(), layout.root);
			let held = off_thread(move || store.shard_range(&root, shard, from, to - from).map_err(|e| e.to_string())).await;
			match held {
				Ok(Some(bytes)) if bytes.len() as u64 == to - from => return Ok((bytes, Vec::new())),
				Ok(_) => {},
				Err(e) => log::warn!(target: LOG_TARGET, "{e}"),
			}
		}
		let peers = self.peers(&[Some(location.peer_id.as_slice()), layout.encoder_peer.as_deref()]);
		if peers.is_empty() {
			return Err(format!("no peer to ask for shard {shard}"));
		}
		let mut errors = Vec::new();
		for peer in peers {
			let roots = match self.chunk_roots_from(layout, shard, peer, want).await {
				Ok(roots) => roots,
				Err(e) => {
					errors.push(e);
					continue;
				},
			};
			let fetched = protocol::fetch_shard_chunks(
				&*self.network,
				&self.protocol,
				peer,
				(layout.root, shard, len),
				chunks.clone(),
				Some((&roots, layout.params.piece_sectors().trailing_zeros())),
			);
			match fetched.await {
				Ok(bytes) => return Ok(bytes),
				Err(e) => errors.push(e),
			}
		}
		Err(format!("shard {shard}: {}", errors.join("; ")))
	}

	/// The chunk roots of shard `shard` (root `want`), as `peer` answers them (checked), or as answered before.
	async fn chunk_roots_from(&self, layout: &FileLayout, shard: u32, peer: PeerId, want: H256) -> Result<Arc<Vec<H256>>, String> {
		let key = (layout.root, shard, want);
		if let Some(roots) = self.chunk_roots.lock().get(&key) {
			return Ok(roots.clone());
		}
		let len = layout.params.shard_size(layout.size);
		let shard_key = (layout.root, shard, len);
		let roots = protocol::fetch_chunk_roots(&*self.network, &self.protocol, peer, shard_key, Some(want))
			.await?
			.ok_or_else(|| format!("{peer} holds shard {shard} without its chunk roots"))?;
		let roots = Arc::new(roots);
		let mut cache = self.chunk_roots.lock();
		if cache.len() >= MAX_CACHED_CHUNK_ROOTS {
			cache.clear();
		}
		cache.insert(key, roots.clone());
		Ok(roots)
	}
}
