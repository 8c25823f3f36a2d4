//! The storage service: the node side of the storage host functions ([`BlobHost`], for the runtime's off-chain
//! worker) and of the `zgStorage` RPC ([`StorageBackend`]), over the [`BlobStore`] and the storage
//! request-response protocol.
//!
//! - **Encoding**: the node that received an upload erasure-codes the file and keeps every shard.
//! - **Fetching a shard** ([`BlobHost::ensure_shard`], never blocking: the work runs in a spawned task): encode it
//!   locally if this node holds the whole file; otherwise download it from the encoder or from the shard's
//!   assigned provider; otherwise (repair, when the shard's holder lost it) rebuild the file from the chunks of
//!   any k other shards into the cache, a span at a time with its file root checked, encode the shard from it
//!   streamed, and forget the file. Everything received is checked against its Merkle root, chunk by chunk as
//!   it arrives ([`crate::protocol::fetch_shard_checked`]), and each shard is kept with its chunk roots so that
//!   the next node can fetch it the same way. A shard of a file whose encoding is not confirmed yet is fetched
//!   *ahead* from the encoder its owner chose, once that node has encoded ([`Inner::fetch_ahead`]): it is held when
//!   the confirmation lands, checked then against the chain's root (and fetched again if that is another), so the
//!   provider acknowledges it in the next block instead of fetching only then.
//! - **Downloading a file** ([`StorageBackend::download`]): read it locally, or rebuild it a span at a time into
//!   the store's cache from the chunks of any k shards, checking its file root as the spans arrive
//!   ([`ranged`]; whole shards and the file in memory only for providers that cannot serve checkable chunks). **Reading a range** ([`StorageBackend::read_range`], the HTTP
//!   endpoint's streamed downloads): rebuild only the segments it covers from the chunks of k shards that hold
//!   them ([`ranged`]), never the whole file.
//!
//! Nothing here blocks the caller on the network or on a whole-file computation: encoding (at most
//! [`MAX_ENCODINGS`] files at a time, one encoding per file), fetching and rebuilding run in background tasks,
//! CPU-bound work on tokio's blocking pool. Downloads that must rebuild a file are limited to
//! [`MAX_REBUILDS`] at a time. Encoding and rebuilding are streamed ([`encode`], [`ranged`]): a node holds a few
//! MiB of a file at a time, never the file (only for providers that serve no chunk roots, older nodes, or a file
//! larger than the cache is a file rebuilt whole in memory).

use std::{
	collections::HashMap,
	sync::Arc,
	time::{Duration, Instant},
};

use futures::{future::BoxFuture, stream::FuturesUnordered, FutureExt, StreamExt};
use parking_lot::Mutex;
use sc_network::{service::traits::NetworkRequest, PeerId, ProtocolName};
use sp_core::H256;
use tokio::sync::Semaphore;
use zg_primitives::storage::{
	erasure, file_root,
	host::{BlobHost, EncodeStatus, FileLayout, HostError, SectorWithProof, ShardStatus},
	merkle_proof_in_subtree, sector_leaf, sector_leaves, verify_merkle_path, ErasureParams, SECTOR_SIZE,
};

mod encode;
mod ranged;

pub use encode::encode_held_file;

use crate::{
	blob_store::{chunk_roots, root_of_chunk_roots, BlobStore, FileKind, ShardRecord, CHUNK_HEIGHT, CHUNK_SIZE},
	error::{LocalHolding, StorageError, StoreUsage},
	RangeRead, StorageBackend,
};

const LOG_TARGET: &str = "zg-storage";

/// A checked shard, with its chunk roots if it came from a peer (`None`: it was held already).
type Obtained = (Vec<u8>, Option<Vec<H256>>);

/// After a failed attempt to get a shard, [`BlobHost::ensure_shard`] answers [`ShardStatus::Failed`] for this
/// long before it tries again.
pub const RETRY_AFTER: Duration = Duration::from_secs(6);

/// Failed attempts are forgotten after this long (they are retried anyway after [`RETRY_AFTER`]).
const FORGET_FAILURES_AFTER: Duration = Duration::from_secs(600);

/// How often a provider fetching a shard ahead of its file's encoding confirmation asks the encoder whether it has
/// encoded yet (a [`crate::protocol::Request::ShardChunkRoots`] of a few dozen bytes, answered from the store's
/// index).
const AHEAD_POLL: Duration = Duration::from_millis(if cfg!(test) { 50 } else { 100 });

/// How long a fetch ahead waits for the encoder to have encoded before it gives up (the shard is fetched as usual
/// once its root is on chain).
const AHEAD_PATIENCE: Duration = Duration::from_millis(if cfg!(test) { 1_000 } else { 12_000 });

/// After a fetch ahead failed or gave up, the shard is not fetched ahead again for this long: an encoder that never
/// gets its upload is asked about it for at most [`AHEAD_PATIENCE`] of every minute.
const AHEAD_RETRY_AFTER: Duration = Duration::from_secs(60);

/// Shards fetched ahead at the same time; others wait for their roots to be on chain.
const MAX_AHEAD: usize = 8;

/// Shards whose chunk roots are kept in memory for [`BlobHost::sector_proof`] (32 bytes per MiB of shard: 8 KiB
/// for a 256 MiB shard).
const CHUNK_ROOTS_CACHE_ENTRIES: usize = 256;

/// Files erasure-coded at the same time (each streamed: a few MiB in memory, see `encode`).
pub const MAX_ENCODINGS: usize = 1;

/// A file encoded ahead of its submission ([`StorageService::encode_ahead`]): the code it was encoded with, the
/// bytes of its shards, and when.
#[derive(Clone, Copy, Debug)]
struct EncodedAhead {
	params: ErasureParams,
	bytes: u64,
	at: Instant,
}

/// How long past the quota's time for unpaid uploads a file encoded ahead still counts against the bound of
/// [`StorageService::encode_ahead`] if the chain never asks this node for its encoding (its owner named another
/// encoder): the chain asks in the block after the submission, which lands before the upload is discarded.
const AHEAD_COUNTED_PAST_UNPAID: Duration = Duration::from_secs(10 * 60);

/// Shard chunks fetched and written per step when a provider streams its shard into the store (16 MiB; two in
/// tests, so that small shards take several steps).
const STREAM_WINDOW: u64 = if cfg!(test) { 2 } else { 16 };

/// Files rebuilt for downloads at the same time (each holds two spans of k shard chunks in memory).
pub const MAX_REBUILDS: usize = 2;

/// How long a download waits for a rebuild slot before it answers [`StorageError::Busy`].
pub const REBUILD_WAIT: Duration = Duration::from_secs(60);

/// Runs a background task: given a task name and the task. The node builds one from its task manager; tests
/// may run tasks however they like.
pub type Spawner = Arc<dyn Fn(&'static str, BoxFuture<'static, ()>) + Send + Sync>;

/// Runs CPU-bound `work` (erasure coding, Merkle roots over whole files: seconds for large files) on tokio's
/// blocking pool, so the async workers that drive networking and RPC are never held up by it.
pub async fn off_thread<R: Send + 'static>(
	work: impl FnOnce() -> Result<R, String> + Send + 'static,
) -> Result<R, String> {
	start_off_thread(work).await
}

/// [`off_thread`], started at once rather than when first polled: the work runs while the caller does something
/// else, and the returned future gives its result.
pub(crate) fn start_off_thread<R: Send + 'static>(
	work: impl FnOnce() -> Result<R, String> + Send + 'static,
) -> impl std::future::Future<Output = Result<R, String>> + Send {
	let work = tokio::task::spawn_blocking(work);
	async move { work.await.map_err(|e| format!("background work failed: {e}"))? }
}

/// Where a fetch of a shard stands.
#[derive(Clone, Copy, Debug)]
enum FetchState {
	/// A task is getting it.
	InFlight,
	/// The last attempt failed at this time.
	Failed(Instant),
	/// A task is getting it ahead of its file's encoding confirmation ([`Inner::fetch_ahead`]).
	Ahead,
	/// The last attempt to get it ahead failed (or gave up waiting for the encoder) at this time.
	AheadFailed(Instant),
}

impl FetchState {
	fn in_flight(&self) -> bool {
		matches!(self, FetchState::InFlight | FetchState::Ahead)
	}

	/// Whether the entry is still worth keeping: in flight, or a failure younger than [`FORGET_FAILURES_AFTER`].
	fn kept(&self) -> bool {
		match self {
			FetchState::Failed(at) | FetchState::AheadFailed(at) => at.elapsed() < FORGET_FAILURES_AFTER,
			FetchState::InFlight | FetchState::Ahead => true,
		}
	}
}

/// Why a file could not be rebuilt.
#[derive(Debug)]
enum RebuildError {
	/// Fewer than k shards could be fetched and checked.
	NotEnough { have: usize, need: usize },
	/// Anything else.
	Other(String),
}

impl core::fmt::Display for RebuildError {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		match self {
			Self::NotEnough { have, need } => {
				write!(f, "only {have} of the {need} shards needed could be fetched and verified")
			},
			Self::Other(e) => f.write_str(e),
		}
	}
}

impl From<RebuildError> for StorageError {
	fn from(e: RebuildError) -> Self {
		match e {
			RebuildError::NotEnough { have, need } => StorageError::NotEnoughShards { have, need },
			RebuildError::Other(e) => StorageError::Internal(e),
		}
	}
}

/// The node's storage service (see the module docs). Cheap to clone.
#[derive(Clone)]
pub struct StorageService {
	inner: Arc<Inner>,
}

struct Inner {
	store: Arc<BlobStore>,
	network: Arc<dyn NetworkRequest + Send + Sync>,
	local_peer: PeerId,
	protocol: ProtocolName,
	spawner: Spawner,
	/// Shard fetches in flight or recently failed, by (file root, shard).
	fetches: Mutex<HashMap<(H256, u32), FetchState>>,
	/// Encodings in flight or recently failed, by file root.
	encodings: Mutex<HashMap<H256, FetchState>>,
	/// Uploads encoded ahead of their submission and not yet encoded for the chain, by file root: at most
	/// [`StoreLimits::max_upload_bytes`](crate::StoreLimits) of shards in all.
	ahead: Mutex<HashMap<H256, EncodedAhead>>,
	/// Limits encodings running at once.
	encode_slots: Arc<Semaphore>,
	/// Limits rebuilds of whole files (downloads and repairs) running at once.
	rebuild_slots: Arc<Semaphore>,
	/// One lock per file being rebuilt by a download or a repair, so that it is rebuilt once ([`RebuildTurn`]).
	rebuilds: Mutex<HashMap<H256, Arc<futures::lock::Mutex<()>>>>,
	/// Chunk roots of recently proven shards held here: (file root, shard) → (shard record, chunk roots).
	held_chunk_roots: Mutex<HashMap<(H256, u32), (ShardRecord, Arc<Vec<H256>>)>>,
	/// Shards repaired without the file in memory (for tests).
	#[cfg(test)]
	streamed_repairs: std::sync::atomic::AtomicUsize,
	/// Fault injection for tests (`--storage-withhold`): answer challenges, serve nothing.
	withhold: bool,
	/// Whether finished uploads are encoded ahead of their submission ([`StorageService::encode_ahead`]).
	encode_ahead: bool,
	/// Wrong encodings found, for the off-chain worker to report.
	fraud: Mutex<FraudFindings>,
	/// Checked chunk roots of shards, for ranged reads: (file root, shard, shard root) → roots.
	chunk_roots: Mutex<HashMap<(H256, u32, H256), Arc<Vec<H256>>>>,
	/// Providers whose chunks a ranged read could not get, or got later than k others, and when: asked last for
	/// a while (see `ranged`).
	lagging: crate::protocol::LaggingPeers,
	/// Signalled when an encoding or a shard fetch that the off-chain worker waits for has finished.
	work_done: crate::WorkDone,
}

/// The most pieces of fraud evidence kept for the worker, and files remembered as investigated.
const MAX_FRAUD_EVIDENCE: usize = 8;
const MAX_INVESTIGATED: usize = 1024;

/// Evidence of wrong encodings found and not yet handed to the worker, and the files already investigated (each
/// once: investigating fetches every shard).
#[derive(Default)]
struct FraudFindings {
	evidence: std::collections::VecDeque<(H256, zg_primitives::storage::FraudEvidence)>,
	investigated: std::collections::VecDeque<H256>,
}

impl StorageService {
	/// A service over `store`, asking peers through `network` on the storage `protocol` (see
	/// [`crate::protocol::protocol_name`]). `local_peer` is this node's peer id (never asked); `spawner` runs
	/// the background fetches [`BlobHost::ensure_shard`] starts.
	pub fn new(
		store: Arc<BlobStore>,
		network: Arc<dyn NetworkRequest + Send + Sync>,
		local_peer: PeerId,
		protocol: ProtocolName,
		spawner: Spawner,
	) -> Self {
		Self {
			inner: Arc::new(Inner {
				store,
				network,
				local_peer,
				protocol,
				spawner,
				fetches: Mutex::new(HashMap::new()),
				encodings: Mutex::new(HashMap::new()),
				ahead: Mutex::new(HashMap::new()),
				encode_slots: Arc::new(Semaphore::new(MAX_ENCODINGS)),
				rebuild_slots: Arc::new(Semaphore::new(MAX_REBUILDS)),
				rebuilds: Mutex::new(HashMap::new()),
				held_chunk_roots: Mutex::new(HashMap::new()),
				#[cfg(test)]
				streamed_repairs: Default::default(),
				withhold: false,
				encode_ahead: true,
				fraud: Mutex::new(FraudFindings::default()),
				chunk_roots: Mutex::new(HashMap::new()),
				lagging: crate::protocol::LaggingPeers::new(ranged::LAGGING_FOR),
				work_done: Default::default(),
			}),
		}
	}

	/// Erasure-codes `root`, an upload that has just finished and that the chain has not seen paid for, with
	/// `params` (the code the chain gives a file submitted now), in the background: its submission names this
	/// node's provider as the encoder, so by the time it lands the encoding is done or under way, and the
	/// confirmation, and the providers' fetches of their shards, no longer wait for it. The chain's own ask
	/// ([`BlobHost::encode_file`]) then finds the shards, or, if the chain gave the file another code, drops them
	/// and encodes it again.
	///
	/// Best effort and bounded, as the upload is not paid for: nothing is done unless an encoding slot is free at
	/// once (nothing queues: an encoding the chain asks for meanwhile waits for this one file's at most), and the
	/// shards of files encoded ahead that the chain has not yet asked for stay within the quota of unpaid uploads
	/// ([`StoreLimits::max_upload_bytes`](crate::StoreLimits)). Those shards stay while their upload is unpaid, and
	/// go with it ([`crate::reclaim`]). Answers whether an encoding was started.
	pub fn encode_ahead(&self, root: H256, params: ErasureParams) -> bool {
		let inner = &self.inner;
		if !inner.encode_ahead || params.validate().is_err() {
			return false;
		}
		let size = match inner.store.file_record(&root) {
			Ok(Some(record)) if record.kind == FileKind::Unpaid => record.size,
			_ => return false,
		};
		let bytes = params.shard_size(size).saturating_mul(u64::from(params.total_shards()));
		let mut ahead = inner.ahead.lock();
		// An entry stays until the chain asks for its encoding (`encode_file`), its upload goes (never paid for: its
		// shards are reclaimed), the chain has stored the file (its copy is a cache copy then), or it is too old for
		// the chain to ask this node (another encoder was named).
		let counted = Duration::from_secs(inner.store.limits().unpaid_ttl_secs) + AHEAD_COUNTED_PAST_UNPAID;
		ahead.retain(|root, a| {
			a.at.elapsed() < counted
				&& matches!(inner.store.file_record(root), Ok(Some(record)) if record.kind != FileKind::Cached)
		});
		let held = ahead.values().fold(0u64, |sum, a| sum.saturating_add(a.bytes));
		if ahead.contains_key(&root) || held.saturating_add(bytes) > inner.store.limits().max_upload_bytes {
			log::debug!(target: LOG_TARGET, "not encoding {root:?} ahead: {held} bytes of shards encoded ahead held");
			return false;
		}
		let Ok(slot) = inner.encode_slots.clone().try_acquire_owned() else {
			log::debug!(target: LOG_TARGET, "not encoding {root:?} ahead: the encoder is busy");
			return false;
		};
		{
			let mut encodings = inner.encodings.lock();
			if encodings.get(&root).is_some_and(FetchState::in_flight) {
				return false;
			}
			encodings.insert(root, FetchState::InFlight);
		}
		ahead.insert(root, EncodedAhead { params, bytes, at: Instant::now() });
		drop(ahead);
		log::info!(target: LOG_TARGET, "encoding file {root:?} ({size} bytes) ahead of its submission");
		Inner::spawn_encoding(inner, root, params, Some(slot));
		true
	}

	/// The same service, but misbehaving as a provider that proves its challenges and serves nobody: retrieval
	/// challenges go unanswered (and the p2p server, started with [`crate::protocol::serve`]'s `withhold`, refuses
	/// every request). Fault injection for the end-to-end tests of the retrieval challenge; never for a real node.
	pub fn withholding(self, withhold: bool) -> Self {
		let inner = Arc::try_unwrap(self.inner).unwrap_or_else(|_| unreachable!("called right after new"));
		Self { inner: Arc::new(Inner { withhold, ..inner }) }
	}

	/// The same service, encoding finished uploads ahead of their submission ([`Self::encode_ahead`]) or not (the
	/// default: it does). Call right after [`Self::new`].
	pub fn encoding_ahead(self, encode_ahead: bool) -> Self {
		let inner = Arc::try_unwrap(self.inner).unwrap_or_else(|_| unreachable!("called right after new"));
		Self { inner: Arc::new(Inner { encode_ahead, ..inner }) }
	}

	/// The same service, signalling `done` whenever an encoding or a shard fetch started by the off-chain worker
	/// finishes well, for [`crate::wake::Reruns`] to run the worker again at once. Call right after [`Self::new`].
	pub fn signalling(self, done: crate::WorkDone) -> Self {
		let inner = Arc::try_unwrap(self.inner).unwrap_or_else(|_| unreachable!("called right after new"));
		Self { inner: Arc::new(Inner { work_done: done, ..inner }) }
	}
}

/// Checks that `layout` describes a usable code with one location per shard.
fn check_layout(layout: &FileLayout) -> Result<(), String> {
	layout.params.validate().map_err(|e| format!("invalid erasure parameters: {e:?}"))?;
	if layout.size == 0 {
		return Err("the file is empty".into());
	}
	let n = layout.params.total_shards() as usize;
	if layout.shards.len() != n {
		return Err(format!("the layout lists {} shards, the code has {n}", layout.shards.len()));
	}
	Ok(())
}

impl Inner {
	/// The peers among `candidates` (peer id bytes) that parse, are not this node, and are listed once, in order.
	fn peers(&self, candidates: &[Option<&[u8]>]) -> Vec<PeerId> {
		let mut peers = Vec::new();
		for bytes in candidates.iter().flatten() {
			match PeerId::from_bytes(bytes) {
				Ok(peer) if peer != self.local_peer && !peers.contains(&peer) => peers.push(peer),
				Ok(_) => {},
				Err(e) => log::debug!(target: LOG_TARGET, "skipping an invalid peer id: {e}"),
			}
		}
		peers
	}

	/// The locally held copy of shard `shard` if it matches `want`.
	fn local_shard(&self, root: &H256, shard: u32, want: &H256) -> Option<Vec<u8>> {
		match self.store.shard_record(root, shard) {
			Ok(Some(record)) if record.root == *want => {},
			Ok(_) => return None,
			Err(e) => {
				log::warn!(target: LOG_TARGET, "{e}");
				return None;
			},
		}
		match self.store.shard(root, shard) {
			Ok(bytes) => bytes,
			Err(e) => {
				log::warn!(target: LOG_TARGET, "{e}");
				None
			},
		}
	}

	/// Shard `shard` of `layout`, checked against its root: the local copy if held, else from `peers` in order
	/// (then with its chunk roots, for storing).
	async fn obtain_shard(&self, layout: &FileLayout, shard: u32, peers: &[PeerId]) -> Result<Obtained, String> {
		let want = layout
			.shards
			.get(shard as usize)
			.and_then(|s| s.root)
			.ok_or_else(|| format!("shard {shard} has no root yet"))?;
		if let Some(bytes) = self.local_shard(&layout.root, shard, &want) {
			return Ok((bytes, None));
		}
		if peers.is_empty() {
			return Err(format!("no peer to ask for shard {shard}"));
		}
		let len = layout.params.shard_size(layout.size);
		let mut errors = Vec::new();
		for peer in peers {
			// Each chunk checked as it arrives, against the shard root on chain.
			let fetched =
				crate::protocol::fetch_shard_checked(&*self.network, &self.protocol, *peer, layout.root, shard, len, want);
			match fetched.await {
				Ok((bytes, roots)) => return Ok((bytes, Some(roots))),
				Err(e) => errors.push(e),
			}
		}
		Err(format!("shard {shard}: {}", errors.join("; ")))
	}

	/// [`Self::obtain_shard`] from the shard's provider, then the encoder; tagged with the shard index.
	async fn obtain_indexed(&self, layout: &FileLayout, shard: u32) -> (u32, Result<Vec<u8>, String>) {
		let provider = layout.shards.get(shard as usize).map(|s| s.peer_id.as_slice());
		let peers = self.peers(&[provider, layout.encoder_peer.as_deref()]);
		(shard, self.obtain_shard(layout, shard, &peers).await.map(|(bytes, _)| bytes))
	}

	/// Whether shard `shard` is held locally with the root `layout` gives it.
	fn holds_checked(&self, layout: &FileLayout, shard: u32) -> bool {
		let want = layout.shards.get(shard as usize).and_then(|s| s.root);
		match (want, self.store.shard_record(&layout.root, shard)) {
			(Some(want), Ok(Some(record))) => record.root == want,
			_ => false,
		}
	}

	/// Any k checked shards of `layout` other than `exclude` (held ones first, the rest fetched in parallel, k
	/// at a time, another tried whenever one fails), as `erasure::reconstruct` takes them.
	async fn collect_shards(
		&self,
		layout: &FileLayout,
		exclude: Option<u32>,
	) -> Result<Vec<Option<Vec<u8>>>, RebuildError> {
		let k = layout.params.data_shards as usize;
		let n = layout.params.total_shards();
		let mut candidates: Vec<u32> = (0..n)
			.filter(|i| Some(*i) != exclude)
			.filter(|i| layout.shards.get(*i as usize).map_or(false, |s| s.root.is_some()))
			.collect();
		if candidates.len() < k {
			return Err(RebuildError::NotEnough { have: candidates.len(), need: k });
		}
		// Held shards first (`false` sorts before `true`).
		candidates.sort_by_key(|i| !self.holds_checked(layout, *i));

		let mut shards: Vec<Option<Vec<u8>>> = vec![None; n as usize];
		let mut have = 0usize;
		let mut pending = candidates.into_iter();
		let mut running = FuturesUnordered::new();
		for shard in pending.by_ref().take(k) {
			running.push(self.obtain_indexed(layout, shard));
		}
		while let Some((shard, result)) = running.next().await {
			match result {
				Ok(bytes) => {
					if let Some(slot) = shards.get_mut(shard as usize) {
						*slot = Some(bytes);
						have += 1;
					}
					if have >= k {
						break;
					}
				},
				Err(e) => {
					log::debug!(target: LOG_TARGET, "file {:?}: {e}", layout.root);
					if let Some(next) = pending.next() {
						running.push(self.obtain_indexed(layout, next));
					}
				},
			}
		}
		if have < k {
			return Err(RebuildError::NotEnough { have, need: k });
		}
		Ok(shards)
	}

	/// Whether `root` should be investigated for a wrong encoding now (once per file).
	fn start_investigation(&self, root: H256) -> bool {
		let mut fraud = self.fraud.lock();
		if fraud.investigated.contains(&root) {
			return false;
		}
		if fraud.investigated.len() >= MAX_INVESTIGATED {
			fraud.investigated.pop_front();
		}
		fraud.investigated.push_back(root);
		true
	}

	/// The shards of `layout` wrong with respect to each other (a parity sector that is not the one its stripe's
	/// data sectors give) or to `file` (the file itself, its root checked), as evidence for the worker to report.
	/// Fetches every shard it can (each checked against its root): a wrong encoding is consistent with its own
	/// roots, so only comparing shards, or shards with the file, shows it.
	async fn investigate(&self, layout: &FileLayout, file: Option<Vec<u8>>) {
		let root = layout.root;
		if !self.start_investigation(root) {
			return;
		}
		log::warn!(target: LOG_TARGET, "file {root:?}: its shards do not give the file; looking for the wrong sector");
		let n = layout.params.total_shards();
		let mut shards: Vec<Option<Vec<u8>>> = vec![None; n as usize];
		let mut fetches: FuturesUnordered<_> = (0..n).map(|i| self.obtain_indexed(layout, i)).collect();
		while let Some((i, result)) = fetches.next().await {
			match result {
				Ok(bytes) => shards[i as usize] = Some(bytes),
				Err(e) => log::debug!(target: LOG_TARGET, "file {root:?}: investigating without shard {i}: {e}"),
			}
		}
		let params = layout.params;
		let found = off_thread(move || {
			Ok(file
				.as_deref()
				.and_then(|file| zg_primitives::storage::fraud::find_data_fraud(&params, file, &shards))
				.or_else(|| zg_primitives::storage::fraud::find_parity_fraud(&params, &shards)))
		})
		.await
		.unwrap_or(None);
		match found {
			Some(evidence) => {
				log::warn!(target: LOG_TARGET, "file {root:?}: the encoding is wrong; evidence handed to the worker: {evidence:?}");
				let mut fraud = self.fraud.lock();
				if fraud.evidence.len() >= MAX_FRAUD_EVIDENCE {
					fraud.evidence.pop_front();
				}
				fraud.evidence.push_back((root, evidence));
			},
			None => log::warn!(
				target: LOG_TARGET,
				"file {root:?}: the shards agree with each other but not with the file root; only someone holding the \
				 file can prove it (a data-sector fraud proof)"
			),
		}
	}

	/// Rebuilds the file of `layout` from any k of its shards other than `exclude` and checks its root.
	async fn rebuild_file(&self, layout: &FileLayout, exclude: Option<u32>) -> Result<Vec<u8>, RebuildError> {
		check_layout(layout).map_err(RebuildError::Other)?;
		let shards = self.collect_shards(layout, exclude).await?;
		let (params, size) = (layout.params, layout.size);
		let (file, root) = off_thread(move || {
			let file = erasure::reconstruct(&params, shards, size).map_err(|e| format!("reconstruction failed: {e:?}"))?;
			let root = file_root(&file);
			Ok((file, root))
		})
		.await
		.map_err(RebuildError::Other)?;
		if root != layout.root {
			self.investigate(layout, None).await;
			return Err(RebuildError::Other(format!(
				"the rebuilt file has root {root:?}, not {:?}: the shard roots on chain are wrong",
				layout.root
			)));
		}
		Ok(file)
	}

	/// Shard `shard` of `file` encoded with the layout's code and its chunk roots, if its root is `want`
	/// (computed off the async workers: a whole file's encoding takes seconds).
	async fn encode_one(layout: &FileLayout, file: Vec<u8>, shard: u32, want: H256) -> Result<(Vec<u8>, Vec<H256>), String> {
		let params = layout.params;
		off_thread(move || {
			let shards = erasure::encode(&params, &file).map_err(|e| format!("encoding failed: {e:?}"))?;
			let bytes = shards.into_iter().nth(shard as usize).ok_or_else(|| format!("no shard {shard}"))?;
			let roots = chunk_roots(&bytes);
			let got = root_of_chunk_roots(&roots);
			if got != want {
				return Err(format!("shard {shard} encodes to root {got:?}, not {want:?}"));
			}
			Ok((bytes, roots))
		})
		.await
	}

	/// The range from the node's own copy of the file, if it holds one; [`StorageError::NotYetAvailable`] if not
	/// and no shard has a root yet (nothing to rebuild from); `None` if it must be rebuilt.
	fn held_range(&self, layout: &FileLayout, offset: u64, len: u64) -> Result<Option<Vec<u8>>, StorageError> {
		if let Some(bytes) = self.store.read_file_range(&layout.root, offset, len)? {
			return Ok(Some(bytes));
		}
		if layout.shards.iter().all(|s| s.root.is_none()) {
			return Err(StorageError::NotYetAvailable(layout.root));
		}
		Ok(None)
	}

	/// Stores a checked shard (root `want`, chunk roots `roots`), synced to disk, off the async workers.
	async fn store_shard(&self, root: H256, shard: u32, (bytes, roots): (Vec<u8>, Vec<H256>), want: H256) -> Result<(), String> {
		let store = self.store.clone();
		off_thread(move || store.put_shard_with_chunk_roots(&root, shard, &bytes, want, &roots).map_err(|e| e.to_string()))
			.await
	}

	/// Gets shard `shard` of `layout` and stores it (see the module docs for the three ways).
	async fn fetch_shard(&self, layout: &FileLayout, shard: u32) -> Result<(), String> {
		check_layout(layout)?;
		let root = layout.root;
		let location = layout.shards.get(shard as usize).ok_or_else(|| format!("no shard {shard}"))?;
		let want = location.root.ok_or_else(|| format!("shard {shard} has no root yet"))?;

		// (a) This node holds the whole file: encode the shard from it, streamed.
		let (store, params, size) = (self.store.clone(), layout.params, layout.size);
		let held = self.store.file_size(&root).map_err(|e| e.to_string())? == Some(size);
		if held {
			let encoded = off_thread(move || encode::encode_own_shard(&store, &root, &params, size, shard, want, false));
			match encoded.await {
				Ok(_) => {
					log::info!(target: LOG_TARGET, "encoded shard {shard} of {root:?} from the local file");
					return Ok(());
				},
				Err(e) => {
					// The file is the file (its root was checked when it was stored): the chain's shard
					// roots are not its encoding. Finding the wrong sector takes the whole file (rare: fraud).
					log::warn!(target: LOG_TARGET, "file {root:?}: {e}");
					let store = self.store.clone();
					match off_thread(move || store.read_file(&root).map_err(|e| e.to_string())).await {
						Ok(Some(file)) => self.investigate(layout, Some(file)).await,
						Ok(None) => {},
						Err(e) => log::warn!(target: LOG_TARGET, "{e}"),
					}
				},
			}
		}

		// (b) Download it from the encoder, then from its assigned provider: streamed into the store from a peer
		// that serves chunk roots, whole (checked at the end) from one that does not.
		let peers = self.peers(&[layout.encoder_peer.as_deref(), Some(location.peer_id.as_slice())]);
		if !peers.is_empty() {
			log::debug!(target: LOG_TARGET, "fetching shard {shard} of {root:?} from {peers:?}");
			if self.holds_checked(layout, shard) {
				return Ok(());
			}
			// Peers that hold the shard without chunk roots are asked for it whole, after the others.
			let mut whole = Vec::new();
			for peer in &peers {
				match self.stream_shard(layout, shard, *peer, want).await {
					Ok(true) => {
						log::info!(target: LOG_TARGET, "fetched shard {shard} of {root:?} from {peer}, streamed");
						return Ok(());
					},
					Ok(false) => whole.push(*peer),
					Err(e) => log::info!(target: LOG_TARGET, "file {root:?}: {e}"),
				}
			}
			match self.obtain_shard(layout, shard, &whole).await {
				Ok((bytes, roots)) => {
					let len = bytes.len();
					// Held already (checked) if no roots came with it: nothing to store.
					if let Some(roots) = roots {
						self.store_shard(root, shard, (bytes, roots), want).await?;
					}
					log::info!(target: LOG_TARGET, "fetched shard {shard} of {root:?} ({len} bytes)");
					return Ok(());
				},
				Err(e) => log::info!(target: LOG_TARGET, "file {root:?}: {e}; rebuilding it from other shards"),
			}
		}

		// (c) Repair: rebuild the file from the chunks of k other shards into the cache and encode this shard from
		// it, both streamed; the file rebuilt whole in memory only if the providers serve no chunk roots (older
		// nodes) or the cache cannot take it.
		match self.repair_streamed(layout, shard, want).await {
			Ok(()) => {
				log::info!(target: LOG_TARGET, "rebuilt shard {shard} of {root:?} from other shards, streamed");
				#[cfg(test)]
				self.streamed_repairs.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
				return Ok(());
			},
			Err(
				e @ (StorageError::StoreFull { .. } |
				StorageError::NotEnoughShards { .. } |
				StorageError::BeingWritten(_)),
			) => {
				log::info!(target: LOG_TARGET, "file {root:?}: {e}; rebuilding shard {shard} with the file in memory")
			},
			Err(e) => return Err(e.to_string()),
		}
		let file = self.rebuild_file(layout, Some(shard)).await.map_err(|e| e.to_string())?;
		let encoded = Self::encode_one(layout, file, shard, want).await?;
		self.store_shard(root, shard, encoded, want).await?;
		log::info!(target: LOG_TARGET, "rebuilt shard {shard} of {root:?} from other shards");
		Ok(())
	}

	/// Fetches shard `shard` of `layout`, a file whose encoding is not confirmed yet (no shard root on chain), ahead
	/// of the confirmation: from the encoder its owner chose (`layout.encoder_peer`), asked every [`AHEAD_POLL`]
	/// until it has encoded (for [`AHEAD_PATIENCE`] at most), streamed into the store as [`Self::stream_shard`]
	/// does, each chunk checked against the chunk roots the encoder gives, and kept with the root those give.
	/// Nothing is trusted from it: [`BlobHost::ensure_shard`] answers [`ShardStatus::Ready`] only once the chain's
	/// root for the shard is that one, and fetches the shard again otherwise.
	async fn fetch_ahead(&self, layout: &FileLayout, shard: u32) -> Result<(), String> {
		check_layout(layout)?;
		let root = layout.root;
		let Some(&peer) = self.peers(&[layout.encoder_peer.as_deref()]).first() else {
			return Err("no other node to fetch it from ahead of its encoding".into());
		};
		let key = (root, shard, layout.params.shard_size(layout.size));
		let since = Instant::now();
		let roots = loop {
			match crate::protocol::fetch_chunk_roots(&*self.network, &self.protocol, peer, key, None).await {
				Ok(Some(roots)) => break roots,
				Ok(None) => return Err(format!("{peer} holds it without chunk roots: fetched once its root is known")),
				Err(e) if e.ends_with(crate::protocol::NOT_HELD) && since.elapsed() < AHEAD_PATIENCE => {
					tokio::time::sleep(AHEAD_POLL).await
				},
				Err(e) => return Err(e),
			}
		};
		let want = root_of_chunk_roots(&roots);
		self.stream_chunks(layout, shard, peer, want, roots).await?;
		log::info!(target: LOG_TARGET, "fetched shard {shard} of {root:?} from {peer} ahead of its confirmation");
		Ok(())
	}

	/// Repairs shard `shard` (root `want`) of `layout` without the file in memory: the file is rebuilt into the
	/// cache from the chunks of k other shards ([`Self::rebuild_into_cache`], its root checked), the shard encoded
	/// from it as a provider holding the file would ([`encode::encode_own_shard`]), and the file forgotten again
	/// unless it was held before. Takes the file's rebuild turn and a rebuild slot, as a download does.
	async fn repair_streamed(&self, layout: &FileLayout, shard: u32, want: H256) -> Result<(), StorageError> {
		let (root, size, params) = (layout.root, layout.size, layout.params);
		// The lost shard is not asked for again (its holders failed just now).
		let mut others = layout.clone();
		if let Some(location) = others.shards.get_mut(shard as usize) {
			location.root = None;
		}
		let _turn = self.rebuild_turn(root).await;
		let held = self.store.file_size(&root)? == Some(size);
		if !held {
			let _slot = tokio::time::timeout(REBUILD_WAIT, self.rebuild_slots.clone().acquire_owned())
				.await
				.map_err(|_| StorageError::Busy)?
				.map_err(|_| StorageError::Busy)?;
			log::info!(target: LOG_TARGET, "rebuilding file {root:?} ({size} bytes) to repair shard {shard}");
			self.rebuild_into_cache(&others).await?;
		}
		let store = self.store.clone();
		let encoded = off_thread(move || encode::encode_own_shard(&store, &root, &params, size, shard, want, !held)).await;
		encoded.map_err(StorageError::Internal)
	}

	/// Waits for file `root`'s rebuild turn: downloads and repairs that would write the file into the cache take
	/// turns, so that the first writes it and the next finds it held.
	async fn rebuild_turn(&self, root: H256) -> RebuildTurn<'_> {
		let lock = self.rebuilds.lock().entry(root).or_insert_with(|| Arc::new(futures::lock::Mutex::new(()))).clone();
		let guard = lock.clone().lock_owned().await;
		RebuildTurn { inner: self, root, lock, guard: Some(guard) }
	}

	/// Fetches shard `shard` (root `want`) from `peer` straight into the store, [`STREAM_WINDOW`] checked chunks
	/// at a time (each window written while the next is fetched), as a pending write of the blob store;
	/// `Ok(false)` if the peer holds it without chunk roots (nothing is written then). A wrong chunk or a failure
	/// leaves nothing behind.
	async fn stream_shard(&self, layout: &FileLayout, shard: u32, peer: PeerId, want: H256) -> Result<bool, String> {
		let key = (layout.root, shard, layout.params.shard_size(layout.size));
		let fetched = crate::protocol::fetch_chunk_roots(&*self.network, &self.protocol, peer, key, Some(want)).await?;
		let Some(roots) = fetched else { return Ok(false) };
		self.stream_chunks(layout, shard, peer, want, roots).await?;
		Ok(true)
	}

	/// Fetches the chunks of shard `shard` (root `want`, whose chunk roots `roots` give it) from `peer` into the
	/// store, as [`Self::stream_shard`] does.
	async fn stream_chunks(
		&self,
		layout: &FileLayout,
		shard: u32,
		peer: PeerId,
		want: H256,
		roots: Vec<H256>,
	) -> Result<(), String> {
		let (root, len) = (layout.root, layout.params.shard_size(layout.size));
		let key = (root, shard, len);
		let store = self.store.clone();
		off_thread(move || store.begin_shards(&root, &[shard], len).map_err(|e| e.to_string())).await?;
		let chunk = u64::from(crate::blob_store::CHUNK_SIZE);
		let chunks = len.div_ceil(chunk);
		// Each window is written on the blocking pool while the next one is fetched: at most two windows in memory.
		let mut writing = None;
		let result: Result<(), String> = async {
			for first in (0..chunks).step_by(STREAM_WINDOW as usize) {
				let window = first..(first + STREAM_WINDOW).min(chunks);
				let check = Some((roots.as_slice(), CHUNK_HEIGHT));
				let (network, protocol) = (&*self.network, &self.protocol);
				// The window's chunks as they came, each written from its message: not copied into one buffer.
				let mut parts = Vec::with_capacity(STREAM_WINDOW as usize);
				let keep = |part, _| parts.push(part);
				let fetched =
					crate::protocol::fetch_shard_chunks_each(network, protocol, peer, key, window, check, keep).await;
				if let Some(write) = writing.take() {
					write.await?;
				}
				fetched?;
				let store = self.store.clone();
				writing = Some(start_off_thread(move || {
					for (i, part) in parts.iter().enumerate() {
						let idx = u32::try_from(first + i as u64).map_err(|_| "a shard with too many chunks".to_string())?;
						store.put_shard_chunk(&root, shard, idx, part.bytes()).map_err(|e| e.to_string())?;
					}
					Ok(())
				}));
			}
			Ok(())
		}
		.await;
		// The last window's write, or, after an error, the one in flight (before its shard is abandoned).
		let result = match writing.take() {
			Some(write) => {
				let written = write.await;
				result.and(written)
			},
			None => result,
		};
		let store = self.store.clone();
		match result {
			Ok(()) => {
				off_thread(move || store.finish_shards(&root, len, &[(shard, want, roots)]).map_err(|e| e.to_string()))
					.await
			},
			Err(e) => {
				off_thread(move || store.abandon_shards(&root, &[shard]).map_err(|e| e.to_string())).await?;
				Err(e)
			},
		}
	}

	/// The chunk roots of the held shard described by `record` (cached).
	fn shard_chunk_roots(&self, root: &H256, shard: u32, record: &ShardRecord) -> Option<Arc<Vec<H256>>> {
		let key = (*root, shard);
		if let Some((cached, roots)) = self.held_chunk_roots.lock().get(&key) {
			if cached == record {
				return Some(roots.clone());
			}
		}
		let (current, roots) = match self.store.shard_chunk_roots_or_hashed(root, shard) {
			Ok(Some(found)) => found,
			Ok(None) => return None,
			Err(e) => {
				log::warn!(target: LOG_TARGET, "{e}");
				return None;
			},
		};
		if root_of_chunk_roots(&roots) != current.root {
			log::error!(target: LOG_TARGET, "shard {shard} of {root:?} does not give its root: the store is damaged");
			return None;
		}
		let roots = Arc::new(roots);
		let mut cache = self.held_chunk_roots.lock();
		if cache.len() >= CHUNK_ROOTS_CACHE_ENTRIES && !cache.contains_key(&key) {
			if let Some(evict) = cache.keys().next().copied() {
				cache.remove(&evict);
			}
		}
		cache.insert(key, (current, roots.clone()));
		(current == *record).then_some(roots)
	}

	/// Answers a download by rebuilding the file (this task holds the file's rebuild lock), once one of the
	/// [`MAX_REBUILDS`] rebuild slots is free (within [`REBUILD_WAIT`], else [`StorageError::Busy`]). The file is
	/// rebuilt a span at a time into the store's bounded cache ([`Self::rebuild_into_cache`]) and the range read
	/// from there. A file the cache cannot take is answered by a ranged read; one whose providers cannot serve
	/// checkable chunks (older nodes) is rebuilt whole in memory, as before.
	async fn rebuild_and_read(&self, layout: &FileLayout, offset: u64, len: u64) -> Result<Vec<u8>, StorageError> {
		let root = layout.root;
		let _slot = tokio::time::timeout(REBUILD_WAIT, self.rebuild_slots.clone().acquire_owned())
			.await
			.map_err(|_| StorageError::Busy)?
			.map_err(|_| StorageError::Busy)?;
		log::info!(target: LOG_TARGET, "rebuilding file {root:?} ({} bytes) for a download", layout.size);
		match self.rebuild_into_cache(layout).await {
			Ok(()) => {
				log::info!(target: LOG_TARGET, "rebuilt file {root:?} and kept it");
				match self.store.read_file_range(&root, offset, len)? {
					Some(bytes) => Ok(bytes),
					// Evicted at once by something larger: answer this range without it.
					None => self.read_range(layout, offset, len).await,
				}
			},
			Err(StorageError::StoreFull { needed, free }) => {
				log::warn!(target: LOG_TARGET, "cannot keep file {root:?} ({needed} bytes, {free} free): reading the range");
				self.read_range(layout, offset, len).await
			},
			Err(StorageError::NotEnoughShards { have, need }) => {
				log::info!(
					target: LOG_TARGET,
					"file {root:?}: {have} of {need} shards with checkable chunks; rebuilding it whole in memory"
				);
				self.rebuild_whole_and_read(layout, offset, len).await
			},
			// Someone is uploading the same root to this node (anyone may begin an upload of any root): the
			// range is answered from shards, so that an upload never finished cannot block downloads.
			Err(StorageError::BeingWritten(_)) => {
				log::info!(target: LOG_TARGET, "file {root:?} is being uploaded here: reading the range from shards");
				self.read_range(layout, offset, len).await
			},
			Err(e) => Err(e),
		}
	}

	/// Rebuilds the whole file of `layout` into the store's cache, span by span (the segments of one shard chunk,
	/// [`Self::read_range`], two spans in flight), checking its file root as the spans arrive: the node holds two
	/// spans and one chunk of the file's sector leaves (`FileRootBuilder`), never the file. A wrong root discards
	/// it and looks for the wrong sector.
	async fn rebuild_into_cache(&self, layout: &FileLayout) -> Result<(), StorageError> {
		let (root, size) = (layout.root, layout.size);
		// Begun here, not on the blocking pool (one small unsynced write), so that no point where this future can
		// be dropped lies between the reservation and the guard that releases it: a download given up half way
		// (its future dropped) abandons what was written.
		if !self.store.begin_cached_file(&root, size)? {
			return Ok(());
		}
		let mut pending = PendingFile { store: self.store.clone(), root, settled: false };
		let result = self.rebuild_spans(layout).await;
		let store = self.store.clone();
		let kept = match result {
			Ok(true) => off_thread(move || store.finish_cached_file(&root).map_err(|e| e.to_string())).await,
			Ok(false) | Err(_) => off_thread(move || store.abandon_file(&root).map_err(|e| e.to_string())).await,
		};
		pending.settled = true;
		match result {
			Ok(true) => kept.map_err(StorageError::Internal),
			Ok(false) => {
				self.investigate(layout, None).await;
				Err(StorageError::Internal(format!(
					"the file rebuilt from its shards does not have root {root:?}: the shard roots on chain are wrong"
				)))
			},
			Err(e) => Err(e),
		}
	}

	/// Writes the spans of the file begun in the cache; whether its file root is right.
	async fn rebuild_spans(&self, layout: &FileLayout) -> Result<bool, StorageError> {
		check_layout(layout).map_err(StorageError::Internal)?;
		let (root, size) = (layout.root, layout.size);
		let chunk = crate::blob_store::CHUNK_SIZE;
		let piece = layout.params.piece_size() as u64;
		// The segments of one shard chunk, in whole file chunks.
		let span = (chunk / piece.max(1)).max(1) * zg_primitives::storage::SEGMENT_SIZE as u64;
		let span = span.div_ceil(chunk) * chunk;
		let mut spans = futures::stream::iter((0..size.div_ceil(span)).map(|i| {
			let offset = i * span;
			async move { (offset, self.read_range_with_roots(layout, offset, span).await) }
		}))
		.buffered(2);
		let mut builder = Some(zg_primitives::storage::FileRootBuilder::new());
		while let Some((offset, read)) = spans.next().await {
			let RangeRead { bytes, run_height, run_roots } = read?;
			let (store, mut b) = (self.store.clone(), builder.take().unwrap_or_default());
			builder = Some(
				off_thread(move || {
					b.update_with_roots(&bytes, run_height, &run_roots);
					for (i, part) in bytes.chunks(chunk as usize).enumerate() {
						let idx = u32::try_from(offset / chunk + i as u64).map_err(|_| "file too large".to_string())?;
						store.put_file_chunk(&root, idx, part).map_err(|e| e.to_string())?;
					}
					Ok(b)
				})
				.await
				.map_err(StorageError::Internal)?,
			);
		}
		let builder = builder.unwrap_or_default();
		if builder.size() != size {
			return Err(StorageError::Internal(format!("rebuilt {} of the {size} bytes of {root:?}", builder.size())));
		}
		Ok(off_thread(move || Ok(builder.finish())).await.map_err(StorageError::Internal)? == root)
	}

	/// The old way, for providers that cannot serve checkable chunks: the whole file rebuilt in memory from k
	/// shards, kept in the cache, the range cut from it.
	async fn rebuild_whole_and_read(&self, layout: &FileLayout, offset: u64, len: u64) -> Result<Vec<u8>, StorageError> {
		let root = layout.root;
		let file = self.rebuild_file(layout, None).await?;
		let store = self.store.clone();
		let (file, kept) = off_thread(move || {
			let result = store.put_cached_file(&root, &file).map_err(|e| e.to_string());
			Ok((file, result))
		})
		.await
		.map_err(StorageError::Internal)?;
		match kept {
			Ok(()) => log::info!(target: LOG_TARGET, "rebuilt file {root:?} and kept it"),
			Err(e) => log::warn!(target: LOG_TARGET, "rebuilt file {root:?} but cannot keep it: {e}"),
		}
		let size = file.len() as u64;
		if offset > size {
			return Err(StorageError::BadRange { offset, len, size });
		}
		let end = offset.saturating_add(len).min(size);
		file.get(offset as usize..end as usize).map(|bytes| bytes.to_vec()).ok_or(StorageError::BadRange {
			offset,
			len,
			size,
		})
	}
}

/// A file being rebuilt into the cache ([`Inner::rebuild_into_cache`]): abandoned if dropped unsettled, so that a
/// rebuild whose future is dropped (a download given up) releases its reservation and its chunks at once; the
/// store refuses its chunk writes still on their way.
struct PendingFile {
	store: Arc<BlobStore>,
	root: H256,
	settled: bool,
}

impl Drop for PendingFile {
	fn drop(&mut self) {
		if !self.settled {
			if let Err(e) = self.store.abandon_file(&self.root) {
				log::warn!(target: LOG_TARGET, "cannot discard the rebuild of {:?} given up: {e}", self.root);
			}
		}
	}
}

/// A file's rebuild turn ([`Inner::rebuild_turn`]); the lock is forgotten when the last one waiting for it is done.
struct RebuildTurn<'a> {
	inner: &'a Inner,
	root: H256,
	lock: Arc<futures::lock::Mutex<()>>,
	guard: Option<futures::lock::OwnedMutexGuard<()>>,
}

impl Drop for RebuildTurn<'_> {
	fn drop(&mut self) {
		self.guard = None;
		let mut rebuilds = self.inner.rebuilds.lock();
		// Only the map and this turn hold the lock: nobody waits, forget it.
		if rebuilds.get(&self.root).map_or(false, |m| Arc::ptr_eq(m, &self.lock) && Arc::strong_count(m) <= 2) {
			rebuilds.remove(&self.root);
		}
	}
}

/// Logs a blob-store failure and answers [`HostError::Store`].
fn store_error(e: StorageError) -> HostError {
	log::warn!(target: LOG_TARGET, "{e}");
	HostError::Store
}

impl Inner {
	/// The shard roots of `root` if every shard of an encoding with `params` is held with its length.
	fn encoded_roots(&self, root: &H256, params: &ErasureParams, size: u64) -> Result<Option<Vec<H256>>, StorageError> {
		let n = params.total_shards();
		let shard_len = params.shard_size(size);
		let mut roots = Vec::with_capacity(n as usize);
		for shard in 0..n {
			match self.store.shard_record(root, shard)? {
				Some(record) if record.len == shard_len => roots.push(record.root),
				_ => return Ok(None),
			}
		}
		if self.store.has_shard(root, n)? {
			return Ok(None);
		}
		Ok(Some(roots))
	}

	/// Runs [`Self::encode`] in a background task once it has an encoding slot (`slot`, if taken already), the file
	/// marked [`FetchState::InFlight`] in `encodings` by the caller. A failed encoding for the chain is not started
	/// again for [`RETRY_AFTER`]; a failed encoding ahead ([`StorageService::encode_ahead`]) leaves nothing behind,
	/// so that the chain's asks start one at once.
	fn spawn_encoding(
		inner: &Arc<Self>,
		root: H256,
		params: ErasureParams,
		slot: Option<tokio::sync::OwnedSemaphorePermit>,
	) {
		let (spawner, inner) = (inner.spawner.clone(), inner.clone());
		let task = async move {
			let slot = match slot {
				Some(slot) => Ok(slot),
				None => inner.encode_slots.clone().acquire_owned().await,
			};
			let result = match slot {
				Ok(_slot) => inner.encode(root, params).await,
				Err(_) => Err("the encoder is shutting down".into()),
			};
			match result {
				Ok(()) => {
					inner.encodings.lock().remove(&root);
					inner.work_done.notify();
				},
				Err(e) => {
					log::warn!(target: LOG_TARGET, "cannot encode {root:?}: {e}");
					let ahead = inner.ahead.lock().remove(&root).is_some();
					let mut encodings = inner.encodings.lock();
					if ahead {
						encodings.remove(&root);
					} else {
						encodings.insert(root, FetchState::Failed(Instant::now()));
					}
				},
			}
		};
		spawner("zg-storage-encode", task.boxed());
	}

	/// Encodes the held file `root` with `params` and stores (synced) every shard it does not hold, streamed
	/// ([`encode::encode_held_file`]); runs on the blocking pool.
	async fn encode(&self, root: H256, params: ErasureParams) -> Result<(), String> {
		let store = self.store.clone();
		off_thread(move || {
			let started = Instant::now();
			let written = encode::encode_held_file(&store, &root, &params)?;
			log::info!(
				target: LOG_TARGET,
				"encoded file {root:?} into {} shards ({}+{}), {written} of them new, in {:.2} s",
				params.total_shards(),
				params.data_shards,
				params.parity_shards,
				started.elapsed().as_secs_f64(),
			);
			Ok(())
		})
		.await
	}
}

impl BlobHost for StorageService {
	fn file_size(&self, root: &H256) -> Result<u64, HostError> {
		self.inner.store.file_size(root).map_err(store_error)?.ok_or(HostError::NotHeld)
	}

	fn encode_file(&self, root: &H256, params: &ErasureParams) -> Result<EncodeStatus, HostError> {
		params.validate().map_err(|_| HostError::InvalidRequest)?;
		let inner = &self.inner;
		let size = inner.store.file_size(root).map_err(store_error)?.ok_or(HostError::NotHeld)?;
		// Encoded ahead of its submission: with the chain's code, its shards are the chain's now; with another
		// (a runtime upgrade between the upload and the submission), they go first, or they would be taken for
		// this encoding's wherever their lengths agree.
		let stale = {
			let mut ahead = inner.ahead.lock();
			match ahead.get(root) {
				Some(_) if inner.encodings.lock().get(root).is_some_and(FetchState::in_flight) => {
					return Ok(EncodeStatus::Encoding)
				},
				Some(&earlier) => ahead.remove(root).filter(|_| earlier.params != *params),
				None => None,
			}
		};
		if let Some(stale) = stale {
			log::info!(
				target: LOG_TARGET,
				"file {root:?} was encoded ahead with {:?}, not {params:?}: encoding it again",
				stale.params
			);
			for shard in 0..stale.params.total_shards().max(params.total_shards()) {
				inner.store.drop_shard(root, shard).map_err(store_error)?;
			}
		}
		if let Some(roots) = inner.encoded_roots(root, params, size).map_err(store_error)? {
			inner.encodings.lock().remove(root);
			return Ok(EncodeStatus::Ready(roots));
		}
		{
			let mut encodings = inner.encodings.lock();
			match encodings.get(root) {
				Some(FetchState::InFlight) => return Ok(EncodeStatus::Encoding),
				Some(FetchState::Failed(at)) if at.elapsed() < RETRY_AFTER => return Err(HostError::Failed),
				_ => {},
			}
			encodings.retain(|_, state| state.kept());
			encodings.insert(*root, FetchState::InFlight);
		}
		log::info!(target: LOG_TARGET, "encoding file {root:?} ({size} bytes) in the background");
		Inner::spawn_encoding(&self.inner, *root, *params, None);
		Ok(EncodeStatus::Encoding)
	}

	fn ensure_shard(&self, layout: &FileLayout, shard: u32) -> ShardStatus {
		let Some(location) = layout.shards.get(shard as usize) else {
			return ShardStatus::Failed;
		};
		// No root yet: the file's encoding is not confirmed, the shard is fetched ahead from its encoder.
		let want = location.root;
		let key = (layout.root, shard);
		match self.inner.store.shard_record(&layout.root, shard) {
			Ok(Some(record)) if want == Some(record.root) => {
				self.inner.fetches.lock().remove(&key);
				return ShardStatus::Ready;
			},
			// Held, fetched ahead (or from an encoding since proven wrong): checked once its root is known.
			Ok(Some(_)) if want.is_none() => return ShardStatus::Fetching,
			Ok(_) => {},
			Err(e) => {
				log::warn!(target: LOG_TARGET, "{e}");
				return ShardStatus::Failed;
			},
		}
		if want.is_none() && layout.encoder_peer.is_none() {
			return ShardStatus::Failed;
		}
		{
			let mut fetches = self.inner.fetches.lock();
			match fetches.get(&key) {
				Some(state) if state.in_flight() => return ShardStatus::Fetching,
				Some(FetchState::Failed(at)) if at.elapsed() < RETRY_AFTER => return ShardStatus::Failed,
				Some(FetchState::AheadFailed(at)) if want.is_none() && at.elapsed() < AHEAD_RETRY_AFTER => {
					return ShardStatus::Failed
				},
				_ => {},
			}
			fetches.retain(|_, state| state.kept());
			if want.is_none() && fetches.values().filter(|s| matches!(s, FetchState::Ahead)).count() >= MAX_AHEAD {
				return ShardStatus::Failed;
			}
			fetches.insert(key, if want.is_some() { FetchState::InFlight } else { FetchState::Ahead });
		}
		let ahead = if want.is_some() { "" } else { " ahead of its encoding's confirmation" };
		log::info!(target: LOG_TARGET, "getting shard {shard} of {:?}{ahead}", layout.root);
		let inner = self.inner.clone();
		let layout = layout.clone();
		let task = async move {
			let root = layout.root;
			let fetched = match want {
				Some(_) => inner.fetch_shard(&layout, shard).await,
				None => inner.fetch_ahead(&layout, shard).await,
			};
			match fetched {
				Ok(()) => {
					inner.fetches.lock().remove(&(root, shard));
					inner.work_done.notify();
				},
				Err(e) => {
					log::warn!(target: LOG_TARGET, "cannot get shard {shard} of {root:?}{ahead}: {e}");
					let at = Instant::now();
					let failed = if want.is_some() { FetchState::Failed(at) } else { FetchState::AheadFailed(at) };
					inner.fetches.lock().insert((root, shard), failed);
				},
			}
		};
		(self.inner.spawner)("zg-storage-fetch", task.boxed());
		ShardStatus::Fetching
	}

	fn sector_proof(&self, root: &H256, shard: u32, sector: u64) -> Result<SectorWithProof, HostError> {
		let store = &self.inner.store;
		let record = store.shard_record(root, shard).map_err(store_error)?.ok_or(HostError::NotHeld)?;
		let sectors = record.len.div_ceil(SECTOR_SIZE as u64);
		if sector >= sectors {
			return Err(HostError::InvalidRequest);
		}
		// The proof from the shard's chunk roots and the one 1 MiB chunk holding the sector, hashed here.
		let roots = self.inner.shard_chunk_roots(root, shard, &record).ok_or(HostError::NotHeld)?;
		let chunk = sector >> CHUNK_HEIGHT;
		let start = chunk * CHUNK_SIZE;
		let bytes = store.shard_range(root, shard, start, CHUNK_SIZE).map_err(store_error)?.ok_or(HostError::NotHeld)?;
		let leaves = sector_leaves(&bytes);
		let proof = merkle_proof_in_subtree(&leaves, &roots, CHUNK_HEIGHT, sector).ok_or(HostError::InvalidRequest)?;
		let within = (sector - (chunk << CHUNK_HEIGHT)) as usize * SECTOR_SIZE;
		let end = (within + SECTOR_SIZE).min(bytes.len());
		let mut data = bytes.get(within..end).ok_or(HostError::InvalidRequest)?.to_vec();
		data.resize(SECTOR_SIZE, 0);
		// The siblings cover every other leaf of the chunk, so a damaged chunk gives a proof that fails here.
		if !verify_merkle_path(&record.root, sector_leaf(&data), sector, sectors, &proof.siblings) {
			log::error!(
				target: LOG_TARGET,
				"chunk {chunk} of shard {shard} of {root:?} does not give the shard's root: the store is damaged"
			);
			self.inner.held_chunk_roots.lock().remove(&(*root, shard));
			return Err(HostError::NotHeld);
		}
		Ok(SectorWithProof { data, proof: proof.siblings })
	}

	fn take_fraud_evidence(&self) -> Option<(H256, zg_primitives::storage::FraudEvidence)> {
		self.inner.fraud.lock().evidence.pop_front()
	}

	fn retrieval_sector(&self, root: &H256, shard: u32, sector: u64) -> Result<SectorWithProof, HostError> {
		if self.inner.withhold {
			log::warn!(target: LOG_TARGET, "withholding sector {sector} of shard {shard} of {root:?} (--storage-withhold)");
			return Err(HostError::NotHeld);
		}
		log::info!(target: LOG_TARGET, "answering a retrieval challenge for sector {sector} of shard {shard} of {root:?}");
		self.sector_proof(root, shard, sector)
	}

	fn drop_shard(&self, root: &H256, shard: u32) {
		self.inner.held_chunk_roots.lock().remove(&(*root, shard));
		match self.inner.store.drop_shard(root, shard) {
			Ok(bytes) => log::info!(target: LOG_TARGET, "dropped shard {shard} of {root:?} ({bytes} bytes)"),
			Err(e) => log::warn!(target: LOG_TARGET, "cannot drop shard {shard} of {root:?}: {e}"),
		}
	}
}

#[async_trait::async_trait]
impl StorageBackend for StorageService {
	fn upload_begin(&self, size: u64, client: Option<u64>, root: Option<H256>) -> Result<u64, StorageError> {
		let store = &self.inner.store;
		let id = match root {
			Some(root) => store.begin_upload_into(size, client, root)?,
			None => store.begin_upload(size, client)?,
		};
		log::debug!(target: LOG_TARGET, "upload {id} of {size} bytes begun");
		Ok(id)
	}

	fn upload_chunk(&self, id: u64, offset: u64, data: &[u8]) -> Result<u64, StorageError> {
		self.inner.store.write_chunk(id, offset, data)
	}

	fn upload_finish(&self, id: u64, root: H256) -> Result<u64, StorageError> {
		let size = self.inner.store.finish_upload(id, root)?;
		log::info!(target: LOG_TARGET, "upload {id} finished: file {root:?} of {size} bytes");
		Ok(size)
	}

	fn upload_abort(&self, id: u64) -> Result<(), StorageError> {
		self.inner.store.abort_upload(id)
	}

	fn encode_ahead(&self, root: H256, params: ErasureParams) {
		StorageService::encode_ahead(self, root, params);
	}

	async fn download(&self, layout: FileLayout, offset: u64, len: u64) -> Result<Vec<u8>, StorageError> {
		let inner = &self.inner;
		let root = layout.root;
		if let Some(bytes) = inner.held_range(&layout, offset, len)? {
			return Ok(bytes);
		}
		let _turn = inner.rebuild_turn(root).await;
		// A download that had the turn before may have rebuilt the file.
		match inner.store.read_file_range(&root, offset, len) {
			Ok(Some(bytes)) => Ok(bytes),
			Ok(None) => inner.rebuild_and_read(&layout, offset, len).await,
			Err(e) => Err(e),
		}
	}

	async fn read_range(&self, layout: FileLayout, offset: u64, len: u64) -> Result<Vec<u8>, StorageError> {
		Ok(self.read_range_with_roots(layout, offset, len).await?.bytes)
	}

	async fn read_range_with_roots(
		&self,
		layout: FileLayout,
		offset: u64,
		len: u64,
	) -> Result<RangeRead, StorageError> {
		let root = layout.root;
		if let Some(bytes) = self.inner.held_range(&layout, offset, len)? {
			return Ok(RangeRead { bytes, ..Default::default() });
		}
		match self.inner.read_range_with_roots(&layout, offset, len).await {
			Err(StorageError::NotEnoughShards { have, need }) => {
				// Providers without chunk roots (older nodes) cannot serve checked chunks: fetch whole shards.
				log::info!(
					target: LOG_TARGET,
					"ranged read of {root:?} found {have} of {need} shards with checkable chunks; rebuilding the whole file"
				);
				Ok(RangeRead { bytes: self.download(layout, offset, len).await?, ..Default::default() })
			},
			result => result,
		}
	}

	fn local(&self, root: &H256) -> LocalHolding {
		let store = &self.inner.store;
		let file = match store.file_size(root) {
			Ok(size) => size.is_some(),
			Err(e) => {
				log::warn!(target: LOG_TARGET, "{e}");
				false
			},
		};
		let shards = store.shards_of(root).unwrap_or_else(|e| {
			log::warn!(target: LOG_TARGET, "{e}");
			Vec::new()
		});
		LocalHolding { file, shards }
	}

	fn usage(&self) -> Result<StoreUsage, StorageError> {
		self.inner.store.usage()
	}
}

#[cfg(test)]
mod tests {
	//! The service against fake peers (each a blob store behind the real request handler), some of which send
	//! corrupt bytes: nothing unchecked is ever stored or served.
	use super::*;
	use crate::{
		blob_store::tests::{data, open_all, TempDir},
		testing::FakeNetwork,
	};
	use zg_primitives::storage::{host::ShardLocation, merkle_root};

	/// A 4+2-coded file of three segments and change, its shards, and six peers, peer `i` holding shard `i`.
	struct World {
		_dirs: Vec<TempDir>,
		network: Arc<FakeNetwork>,
		file: Vec<u8>,
		shards: Vec<Vec<u8>>,
		layout: FileLayout,
		peers: Vec<PeerId>,
	}

	fn world(liars: &[usize]) -> World {
		world_with(liars, |_| {})
	}

	/// [`world`] with the encoding changed by `tamper` before the shard roots are taken (an encoder's fraud).
	fn world_with(liars: &[usize], tamper: impl FnOnce(&mut Vec<Vec<u8>>)) -> World {
		world_of(data(3 * zg_primitives::storage::SEGMENT_SIZE + 12_345, 77), liars, tamper)
	}

	/// [`world_with`] for `file`.
	fn world_of(file: Vec<u8>, liars: &[usize], tamper: impl FnOnce(&mut Vec<Vec<u8>>)) -> World {
		let params = ErasureParams::DEFAULT;
		let mut shards = erasure::encode(&params, &file).unwrap();
		tamper(&mut shards);
		let roots = erasure::shard_roots(&shards);
		let network = Arc::new(FakeNetwork::default());
		let (mut dirs, mut peers) = (Vec::new(), Vec::new());
		for (i, shard) in shards.iter().enumerate() {
			let dir = TempDir::new();
			let store = Arc::new(open_all(&dir, 1 << 30));
			store.put_shard_with_chunk_roots(&file_root(&file), i as u32, shard, roots[i], &chunk_roots(shard)).unwrap();
			let peer = PeerId::random();
			network.peers.lock().insert(peer, (store, liars.contains(&i)));
			dirs.push(dir);
			peers.push(peer);
		}
		let layout = FileLayout {
			root: file_root(&file),
			size: file.len() as u64,
			params,
			encoder_peer: None,
			shards: roots
				.iter()
				.zip(&peers)
				.map(|(root, peer)| ShardLocation { root: Some(*root), peer_id: peer.to_bytes(), acknowledged: true })
				.collect(),
		};
		World { _dirs: dirs, network, file, shards, layout, peers }
	}

	/// A service over a fresh empty store of its own.
	fn service(network: Arc<FakeNetwork>) -> (StorageService, Arc<BlobStore>, TempDir) {
		let dir = TempDir::new();
		let store = Arc::new(open_all(&dir, 1 << 30));
		let spawner: Spawner = Arc::new(|_, task| {
			tokio::spawn(task);
		});
		let service = StorageService::new(store.clone(), network, PeerId::random(), "/test".into(), spawner);
		(service, store, dir)
	}

	async fn until_ready(service: &StorageService, layout: &FileLayout, shard: u32) -> ShardStatus {
		for _ in 0..400 {
			match service.ensure_shard(layout, shard) {
				ShardStatus::Fetching => tokio::time::sleep(Duration::from_millis(25)).await,
				status => return status,
			}
		}
		ShardStatus::Fetching
	}

	#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
	async fn a_shard_from_a_lying_peer_is_refused_and_fetched_from_an_honest_one() {
		let mut w = world(&[]);
		// The encoder (asked first) lies; the shard's provider is honest.
		let liar = PeerId::random();
		let dir = TempDir::new();
		let liar_store = Arc::new(open_all(&dir, 1 << 30));
		liar_store.put_shard(&w.layout.root, 2, &w.shards[2], merkle_root(&w.shards[2])).unwrap();
		w.network.peers.lock().insert(liar, (liar_store, true));
		w.layout.encoder_peer = Some(liar.to_bytes());
		let (service, store, _dir) = service(w.network.clone());
		assert_eq!(until_ready(&service, &w.layout, 2).await, ShardStatus::Ready);
		assert_eq!(store.shard(&w.layout.root, 2).unwrap().unwrap(), w.shards[2]);
		// Kept with its chunk roots, for the next node that fetches it from here.
		assert_eq!(store.shard_chunk_roots(&w.layout.root, 2).unwrap(), Some(chunk_roots(&w.shards[2])));
		let asked = w.network.asked.lock().clone();
		assert_eq!(asked.first(), Some(&liar), "the encoder was asked first");
		assert!(asked.contains(&w.peers[2]));
	}

	/// A provider streams its shard into its store a few chunks at a time. The encoder (asked first) gives the
	/// right chunk roots but a wrong fourth chunk: what was written from it is discarded, and the shard comes whole
	/// and right from the honest provider, counted once.
	#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
	async fn a_shard_is_streamed_into_the_store_and_a_wrong_chunk_discards_it() {
		let w = world_of(data(20 * 1024 * 1024 + 99, 24), &[], |_| {});
		let cheat = w.peers[0];
		// The first answer for that chunk is the encoder's (asked first); the provider's comes right.
		let tampered = std::sync::atomic::AtomicBool::new(false);
		let tamper: crate::testing::Tamper = Box::new(move |request, _, response| {
			if let crate::protocol::Request::ShardRange { shard: 1, offset, .. } = request {
				if *offset == 3 * crate::blob_store::CHUNK_SIZE && !tampered.swap(true, std::sync::atomic::Ordering::SeqCst) {
					if let Ok(bytes) = response {
						bytes[7] ^= 1;
					}
				}
			}
		});
		// Peer 0 also holds shard 1 and serves it as the encoder; only its answers are tampered with.
		let cheat_store = w.network.peers.lock()[&cheat].0.clone();
		cheat_store.put_shard_with_chunk_roots(&w.layout.root, 1, &w.shards[1], expected_root(&w, 1), &chunk_roots(&w.shards[1])).unwrap();
		let honest = FakeNetwork::default();
		*honest.peers.lock() = w.network.peers.lock().clone();
		honest.peers.lock().remove(&cheat);
		let network = Arc::new(FakeNetwork { tamper: Some(tamper), ..FakeNetwork::default() });
		network.peers.lock().insert(cheat, (cheat_store, false));
		network.peers.lock().insert(w.peers[1], honest.peers.lock()[&w.peers[1]].clone());
		let mut layout = w.layout.clone();
		layout.encoder_peer = Some(cheat.to_bytes());
		let (service, store, _dir) = service(network.clone());
		assert_eq!(until_ready(&service, &layout, 1).await, ShardStatus::Ready);
		assert_eq!(store.shard(&layout.root, 1).unwrap().unwrap(), w.shards[1]);
		assert_eq!(store.shard_chunk_roots(&layout.root, 1).unwrap(), Some(chunk_roots(&w.shards[1])));
		assert_eq!(store.used(), w.shards[1].len() as u64);
		let asked = network.asked.lock().clone();
		assert_eq!(asked.first(), Some(&cheat), "the encoder was asked first");
		assert!(asked.contains(&w.peers[1]));
	}

	#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
	async fn a_shard_only_liars_hold_is_rebuilt_from_k_others() {
		// Shard 0's provider lies; shard 5's too: the rebuild uses shards 1–4.
		let w = world(&[0, 5]);
		let (service, store, _dir) = service(w.network.clone());
		assert_eq!(until_ready(&service, &w.layout, 0).await, ShardStatus::Ready);
		assert_eq!(store.shard(&w.layout.root, 0).unwrap().unwrap(), w.shards[0]);
		// The rebuilt file was only a means: not kept.
		assert_eq!(store.file_size(&w.layout.root).unwrap(), None);
	}

	/// A lost shard of a file of several chunks per shard is repaired without the file in memory: the file is
	/// rebuilt into the cache from the chunks of k other shards (one of them lies), the shard encoded from it and
	/// kept with its chunk roots, the file forgotten. With providers that serve no chunk roots (older nodes) it
	/// is repaired the old way, the file rebuilt whole in memory.
	#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
	async fn a_lost_shard_is_repaired_streamed() {
		for older in [false, true] {
			let w = world_of(data(9 * 1024 * 1024 + 4321, 31), &[3], |_| {});
			if older {
				for (i, peer) in w.peers.iter().enumerate() {
					let store = w.network.peers.lock()[peer].0.clone();
					store.put_shard(&w.layout.root, i as u32, &w.shards[i], expected_root(&w, i)).unwrap();
					assert_eq!(store.shard_chunk_roots(&w.layout.root, i as u32).unwrap(), None);
				}
			}
			// Shard 0's provider is gone.
			w.network.peers.lock().remove(&w.peers[0]);
			let (service, store, _dir) = service(w.network.clone());
			assert_eq!(until_ready(&service, &w.layout, 0).await, ShardStatus::Ready, "older: {older}");
			assert_eq!(store.shard(&w.layout.root, 0).unwrap().unwrap(), w.shards[0]);
			assert_eq!(store.shard_chunk_roots(&w.layout.root, 0).unwrap(), Some(chunk_roots(&w.shards[0])));
			assert_eq!(store.file_size(&w.layout.root).unwrap(), None);
			assert_eq!(store.used(), w.shards[0].len() as u64);
			let streamed = service.inner.streamed_repairs.load(std::sync::atomic::Ordering::SeqCst);
			assert_eq!(streamed, usize::from(!older), "older: {older}");
			assert!(service.inner.rebuilds.lock().is_empty());
		}
	}

	#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
	async fn a_download_rebuilds_around_liars_and_caches_the_file() {
		let w = world(&[1, 3]);
		let (service, store, _dir) = service(w.network.clone());
		let size = w.file.len() as u64;
		let bytes = service.download(w.layout.clone(), 1000, 5000).await.unwrap();
		assert_eq!(bytes, w.file[1000..6000]);
		assert_eq!(store.read_file(&w.layout.root).unwrap().unwrap(), w.file);
		assert_eq!(store.file_record(&w.layout.root).unwrap().unwrap().kind, crate::blob_store::FileKind::Cached);
		assert!(service.local(&w.layout.root).file);
		// Past the end: a typed error.
		assert_eq!(
			service.download(w.layout.clone(), size + 1, 10).await,
			Err(StorageError::BadRange { offset: size + 1, len: 10, size })
		);
	}

	/// The attack: anyone may begin an upload of any root, and an upload in place marks the file as being
	/// written; a download that must rebuild that file then could not cache it. It is answered from shards.
	#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
	async fn an_upload_begun_of_the_same_root_does_not_block_its_download() {
		let w = world(&[]);
		let (service, store, _dir) = service(w.network.clone());
		store.begin_upload_into(w.file.len() as u64, None, w.layout.root).unwrap();
		let bytes = service.download(w.layout.clone(), 1000, 5000).await.unwrap();
		assert_eq!(bytes, w.file[1000..6000]);
	}

	/// A file of several spans is rebuilt into the cache a span at a time around two liars: the range asked for
	/// is exact, the whole file is kept and counted once, and nothing is left pending.
	#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
	async fn a_large_download_is_rebuilt_span_by_span_into_the_cache() {
		let w = world_of(data(9 * 1024 * 1024 + 4_321, 21), &[0, 4], |_| {});
		let (service, store, _dir) = service(w.network.clone());
		let size = w.file.len() as u64;
		let offset = 5 * 1024 * 1024 - 10;
		let bytes = service.download(w.layout.clone(), offset, 1_000).await.unwrap();
		assert_eq!(bytes, w.file[offset as usize..offset as usize + 1_000]);
		assert_eq!(store.read_file(&w.layout.root).unwrap().unwrap(), w.file);
		assert_eq!(store.used(), size);
		assert_eq!(store.usage().unwrap().cached, size);
		// The next download reads the kept copy.
		assert_eq!(service.download(w.layout.clone(), size - 5, 100).await.unwrap(), w.file[size as usize - 5..]);
	}

	/// The encoder streams a file of several chunks per shard: the same shards, chunk roots and roots as
	/// encoding the whole file at once, and a shard held already is kept as it is.
	#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
	async fn encoding_is_streamed_and_keeps_held_shards() {
		let w = world_of(data(10 * 1024 * 1024 + 777, 22), &[], |_| {});
		let (service, store, _dir) = service(w.network.clone());
		let root = w.layout.root;
		let id = store.begin_upload(w.file.len() as u64, None).unwrap();
		for (i, piece) in w.file.chunks(4 << 20).enumerate() {
			store.write_chunk(id, (i as u64) << 22, piece).unwrap();
		}
		store.finish_upload(id, root).unwrap();
		store.put_shard_with_chunk_roots(&root, 2, &w.shards[2], expected_root(&w, 2), &chunk_roots(&w.shards[2])).unwrap();
		let params = ErasureParams::DEFAULT;
		let mut status = service.encode_file(&root, &params).unwrap();
		for _ in 0..400 {
			if matches!(status, EncodeStatus::Ready(_)) {
				break;
			}
			tokio::time::sleep(Duration::from_millis(10)).await;
			status = service.encode_file(&root, &params).unwrap();
		}
		let expected: Vec<H256> = w.layout.shards.iter().map(|s| s.root.unwrap()).collect();
		assert_eq!(status, EncodeStatus::Ready(expected));
		let shard_len = params.shard_size(w.file.len() as u64);
		assert!(shard_len > 2 * crate::blob_store::CHUNK_SIZE, "several chunks per shard");
		for (i, shard) in w.shards.iter().enumerate() {
			assert_eq!(store.shard(&root, i as u32).unwrap().as_ref(), Some(shard));
			assert_eq!(store.shard_chunk_roots(&root, i as u32).unwrap(), Some(chunk_roots(shard)));
		}
		assert_eq!(store.used(), w.file.len() as u64 + 6 * shard_len);
	}

	/// The encoder's reader, coder and writer stop together when one fails part way, and nothing of the shards
	/// stays: here the reader, asked for a file longer than the one held, fails once several steps' chunks are
	/// written; and a file no longer held fails at once. The store is as before either try, and a later encoding works.
	#[test]
	fn an_encoding_that_fails_part_way_keeps_nothing() {
		let dir = TempDir::new();
		let store = open_all(&dir, 1 << 30);
		let file = data(10 * 1024 * 1024 + 777, 31);
		let root = file_root(&file);
		let id = store.begin_upload(file.len() as u64, None).unwrap();
		for (i, piece) in file.chunks(4 << 20).enumerate() {
			store.write_chunk(id, (i as u64) << 22, piece).unwrap();
		}
		store.finish_upload(id, root).unwrap();
		let params = ErasureParams::DEFAULT;
		let used = store.used();
		let all: Vec<u32> = (0..6).collect();

		let too_long = 4 * file.len() as u64;
		let failed = encode::encode_streamed(&store, &root, &params, too_long, &all, |_, _| Ok(())).unwrap_err();
		assert!(failed.contains("outside"), "the reader's error is returned: {failed}");
		let unknown = H256::repeat_byte(9);
		let failed = encode::encode_streamed(&store, &unknown, &params, 1 << 20, &all, |_, _| Ok(())).unwrap_err();
		assert_eq!(failed, "the file is no longer held");
		for shard in 0..6 {
			assert_eq!(store.shard_record(&root, shard).unwrap(), None);
			assert_eq!(store.shard_record(&unknown, shard).unwrap(), None);
		}
		assert_eq!(store.used(), used, "every byte begun for the shards released");

		assert_eq!(encode::encode_held_file(&store, &root, &params), Ok(6));
		let shards = erasure::encode(&params, &file).unwrap();
		for (i, shard) in shards.iter().enumerate() {
			assert_eq!(store.shard(&root, i as u32).unwrap().as_ref(), Some(shard));
		}
		assert_eq!(encode::encode_held_file(&store, &root, &params), Ok(0), "held shards are kept, not encoded again");
	}

	/// A provider that holds the whole file makes its own shard from it, streamed, and only that shard.
	#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
	async fn a_provider_holding_the_file_encodes_its_shard() {
		let w = world_of(data(3 * 1024 * 1024 + 5, 23), &[], |_| {});
		// Nobody to fetch from: the shard can only come from the local file.
		let (service, store, _dir) = service(Arc::new(FakeNetwork::default()));
		let id = store.begin_upload(w.file.len() as u64, None).unwrap();
		store.write_chunk(id, 0, &w.file).unwrap();
		store.finish_upload(id, w.layout.root).unwrap();
		assert_eq!(until_ready(&service, &w.layout, 5).await, ShardStatus::Ready);
		assert_eq!(store.shard(&w.layout.root, 5).unwrap().as_ref(), Some(&w.shards[5]));
		assert_eq!(store.shards_of(&w.layout.root).unwrap(), vec![5]);
		assert_eq!(store.used(), w.file.len() as u64 + w.shards[5].len() as u64);
	}

	/// Hole 9: a download that finds the shards do not give the file fetches them all, finds the stripe where
	/// parity and data disagree, and hands the evidence to the worker — a proof the chain accepts.
	#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
	async fn a_wrong_encoding_found_by_a_download_becomes_fraud_evidence() {
		let w = world_with(&[], |shards| shards[1][5 * zg_primitives::storage::SECTOR_SIZE + 3] ^= 0x20);
		let (service, store, _dir) = service(w.network.clone());
		assert!(service.download(w.layout.clone(), 0, 10).await.is_err(), "the rebuilt file does not match its root");
		assert_eq!((store.file_size(&w.layout.root).unwrap(), store.used()), (None, 0), "nothing of it is kept");
		let (root, evidence) = service.take_fraud_evidence().expect("evidence");
		assert_eq!(root, w.layout.root);
		let zg_primitives::storage::FraudEvidence::ParitySector { shard, sector, parity_leaf, parity_proof, data } =
			evidence
		else {
			panic!("parity evidence expected, got {evidence:?}")
		};
		assert_eq!(sector, 5);
		let roots: Vec<H256> = w.layout.shards.iter().map(|s| s.root.unwrap()).collect();
		let openings: Vec<(&[u8], &[H256])> = data.iter().map(|(b, p)| (b.as_slice(), p.as_slice())).collect();
		assert_eq!(
			zg_primitives::storage::check_parity_sector_fraud(
				&ErasureParams::DEFAULT, w.file.len() as u64, &roots, shard, sector, parity_leaf, &parity_proof, &openings
			),
			Ok(())
		);
		// Each file is investigated once.
		assert!(service.download(w.layout.clone(), 0, 10).await.is_err());
		assert_eq!(service.take_fraud_evidence(), None);
	}

	#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
	async fn too_many_liars_fail_cleanly() {
		let w = world(&[0, 1, 2]);
		let (service, store, _dir) = service(w.network.clone());
		assert_eq!(service.download(w.layout.clone(), 0, 10).await, Err(StorageError::NotEnoughShards { have: 3, need: 4 }));
		assert_eq!(until_ready(&service, &w.layout, 0).await, ShardStatus::Failed);
		assert_eq!(store.inventory().unwrap().len(), 0, "nothing unchecked was kept");
	}

	/// The off-chain worker is run again when its work is done ([`crate::wake`]): a finished encoding and a
	/// finished shard fetch signal it, and the next ask finds them done at once; a failed fetch signals nothing.
	#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
	async fn finished_work_and_only_that_is_signalled() {
		let signalled = |done: &crate::WorkDone| {
			let done = done.clone();
			async move { tokio::time::timeout(Duration::from_secs(10), done.wait()).await.is_ok() }
		};
		let w = world(&[0, 1, 2]);
		let params = ErasureParams::DEFAULT;
		let (encoder, store, _dir) = service(Arc::new(FakeNetwork::default()));
		let done = crate::WorkDone::default();
		let encoder = encoder.signalling(done.clone());
		let id = store.begin_upload(w.file.len() as u64, None).unwrap();
		store.write_chunk(id, 0, &w.file).unwrap();
		store.finish_upload(id, w.layout.root).unwrap();
		assert_eq!(encoder.encode_file(&w.layout.root, &params), Ok(EncodeStatus::Encoding));
		assert!(signalled(&done).await, "a finished encoding is signalled");
		assert!(matches!(encoder.encode_file(&w.layout.root, &params), Ok(EncodeStatus::Ready(_))));

		let (provider, _store, _dir) = service(w.network.clone());
		let done = crate::WorkDone::default();
		let provider = provider.signalling(done.clone());
		assert_eq!(provider.ensure_shard(&w.layout, 4), ShardStatus::Fetching);
		assert!(signalled(&done).await, "a finished fetch is signalled");
		assert_eq!(provider.ensure_shard(&w.layout, 4), ShardStatus::Ready);
		// Only liars hold shard 0 and too few honest peers are left to rebuild it: the fetch fails, unsignalled.
		assert_eq!(provider.ensure_shard(&w.layout, 0), ShardStatus::Fetching);
		assert_eq!(until_ready(&provider, &w.layout, 0).await, ShardStatus::Failed);
		assert!(!signalled(&done).await, "a failed fetch is not signalled");
	}

	/// `w`'s file while its encoding is not confirmed: no shard roots yet, encoded by a node of its own (`encoder`,
	/// added to the network with an empty store, returned).
	fn pending(w: &World) -> (FileLayout, Arc<BlobStore>, PeerId, TempDir) {
		let dir = TempDir::new();
		let store = Arc::new(open_all(&dir, 1 << 30));
		let encoder = PeerId::random();
		w.network.peers.lock().insert(encoder, (store.clone(), false));
		let mut layout = w.layout.clone();
		layout.encoder_peer = Some(encoder.to_bytes());
		for location in &mut layout.shards {
			(location.root, location.acknowledged) = (None, false);
		}
		(layout, store, encoder, dir)
	}

	/// A provider fetches its shard of a pending file ahead, from the encoder, as soon as that has encoded it: never
	/// `Ready` while the root is unknown, `Ready` at once when the root the chain records is the one fetched.
	#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
	async fn a_shard_is_fetched_ahead_from_the_encoder_and_ready_once_its_root_is_confirmed() {
		let w = world_of(data(6 * 1024 * 1024 + 5, 31), &[], |_| {});
		let (ahead, encoder_store, encoder, _encoder_dir) = pending(&w);
		let (provider, store, _dir) = service(w.network.clone());
		let done = crate::WorkDone::default();
		let provider = provider.signalling(done.clone());
		assert_eq!(provider.ensure_shard(&ahead, 3), ShardStatus::Fetching);
		// The encoder has not encoded yet: asked again and again, nothing fetched.
		let asked_encoder = || w.network.asked.lock().iter().filter(|p| **p == encoder).count();
		for _ in 0..100 {
			if asked_encoder() >= 3 {
				break;
			}
			tokio::time::sleep(AHEAD_POLL).await;
		}
		assert!(asked_encoder() >= 3);
		assert_eq!(provider.ensure_shard(&ahead, 3), ShardStatus::Fetching, "one fetch ahead at a time");
		assert_eq!(store.shard_record(&w.layout.root, 3).unwrap(), None);
		// It encodes: the provider's fetch follows, checked against the chunk roots the encoder gives.
		let (bytes, shard_root) = (&w.shards[3], expected_root(&w, 3));
		encoder_store.put_shard_with_chunk_roots(&w.layout.root, 3, bytes, shard_root, &chunk_roots(bytes)).unwrap();
		assert!(tokio::time::timeout(Duration::from_secs(10), done.wait()).await.is_ok(), "a fetch ahead is signalled");
		assert_eq!(store.shard(&w.layout.root, 3).unwrap().as_ref(), Some(&w.shards[3]));
		assert_eq!(provider.ensure_shard(&ahead, 3), ShardStatus::Fetching, "not ready without the chain's root");
		// The confirmation lands with that root: ready at once, nothing asked of anyone again.
		let asked = w.network.asked.lock().len();
		assert_eq!(provider.ensure_shard(&w.layout, 3), ShardStatus::Ready);
		assert_eq!(w.network.asked.lock().len(), asked);
		assert!(!w.network.asked.lock().contains(&w.peers[3]), "only the encoder was asked");
	}

	/// An encoder that serves one encoding ahead and confirms another on chain gains nothing: the shard fetched
	/// ahead does not give the chain's root, so it is fetched again (from the shard's provider here) and replaced.
	#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
	async fn a_shard_fetched_ahead_that_the_chain_does_not_confirm_is_fetched_again() {
		let w = world_of(data(5 * 1024 * 1024 + 77, 32), &[], |_| {});
		let (ahead, encoder_store, _encoder, _encoder_dir) = pending(&w);
		let mut other = w.shards[2].clone();
		other[100] ^= 1;
		let other_root = merkle_root(&other);
		encoder_store.put_shard_with_chunk_roots(&w.layout.root, 2, &other, other_root, &chunk_roots(&other)).unwrap();
		let (provider, store, _dir) = service(w.network.clone());
		let done = crate::WorkDone::default();
		let provider = provider.signalling(done.clone());
		assert_eq!(provider.ensure_shard(&ahead, 2), ShardStatus::Fetching);
		assert!(tokio::time::timeout(Duration::from_secs(10), done.wait()).await.is_ok());
		assert_eq!(store.shard(&w.layout.root, 2).unwrap(), Some(other), "held as the encoder gave it, unconfirmed");
		assert_eq!(provider.ensure_shard(&ahead, 2), ShardStatus::Fetching);
		// The chain's root is the honest one; the encoder still serves the other shard.
		let mut confirmed = w.layout.clone();
		confirmed.encoder_peer = ahead.encoder_peer.clone();
		assert_eq!(until_ready(&provider, &confirmed, 2).await, ShardStatus::Ready);
		assert_eq!(store.shard(&w.layout.root, 2).unwrap().as_ref(), Some(&w.shards[2]));
		assert!(w.network.asked.lock().contains(&w.peers[2]));
	}

	/// Fetching ahead is bounded: an encoder that never encodes is asked for [`AHEAD_PATIENCE`], then not again
	/// for [`AHEAD_RETRY_AFTER`] (while the usual fetch, once the root is known, is not held back), and at most
	/// [`MAX_AHEAD`] shards are fetched ahead at a time. A layout without an encoder fetches nothing ahead.
	#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
	async fn fetching_ahead_gives_up_on_an_encoder_that_never_encodes_and_is_bounded() {
		let w = world(&[]);
		let (ahead, _encoder_store, encoder, _encoder_dir) = pending(&w);
		let (provider, store, _dir) = service(w.network.clone());
		let mut anonymous = ahead.clone();
		anonymous.encoder_peer = None;
		assert_eq!(provider.ensure_shard(&anonymous, 1), ShardStatus::Failed);
		assert!(w.network.asked.lock().is_empty());

		let started = Instant::now();
		assert_eq!(until_ready(&provider, &ahead, 1).await, ShardStatus::Failed);
		assert!(started.elapsed() >= AHEAD_PATIENCE);
		let asked = w.network.asked.lock().iter().filter(|p| **p == encoder).count();
		assert!(asked >= 2 && asked as u128 <= AHEAD_PATIENCE.as_millis() / AHEAD_POLL.as_millis() + 1, "{asked}");
		tokio::time::sleep(AHEAD_POLL * 3).await;
		assert_eq!(provider.ensure_shard(&ahead, 1), ShardStatus::Failed, "not fetched ahead again so soon");
		assert_eq!(w.network.asked.lock().len(), asked);
		// Its root on chain: fetched at once, from the shard's provider.
		assert_eq!(until_ready(&provider, &w.layout, 1).await, ShardStatus::Ready);
		assert_eq!(store.shard(&w.layout.root, 1).unwrap().as_ref(), Some(&w.shards[1]));

		// Shards of other pending files: MAX_AHEAD fetched ahead at once, the next refused.
		let files: Vec<FileLayout> = (0..=MAX_AHEAD as u8)
			.map(|i| FileLayout { root: H256::repeat_byte(0xa0 + i), ..ahead.clone() })
			.collect();
		for layout in &files[..MAX_AHEAD] {
			assert_eq!(provider.ensure_shard(layout, 0), ShardStatus::Fetching);
		}
		assert_eq!(provider.ensure_shard(&files[MAX_AHEAD], 0), ShardStatus::Failed);
	}

	/// Uploads `file` into `store` (an unpaid upload) and answers its root.
	fn uploaded(store: &BlobStore, file: &[u8]) -> H256 {
		let root = file_root(file);
		let id = store.begin_upload(file.len() as u64, None).unwrap();
		store.write_chunk(id, 0, file).unwrap();
		store.finish_upload(id, root).unwrap();
		root
	}

	/// Waits until no encoding is in flight.
	async fn encodings_done(service: &StorageService) {
		for _ in 0..400 {
			if !service.inner.encodings.lock().values().any(FetchState::in_flight) {
				return;
			}
			tokio::time::sleep(Duration::from_millis(10)).await;
		}
		panic!("an encoding never finished");
	}

	/// The background tasks of a [`held_service`]: while held, they wait until released.
	#[derive(Clone, Default)]
	struct Held {
		tasks: Arc<Mutex<Vec<BoxFuture<'static, ()>>>>,
		hold: Arc<std::sync::atomic::AtomicBool>,
	}

	impl Held {
		fn hold(&self, hold: bool) {
			self.hold.store(hold, std::sync::atomic::Ordering::SeqCst);
		}

		fn release(&self) {
			for task in self.tasks.lock().drain(..) {
				tokio::spawn(task);
			}
		}
	}

	/// A service over a fresh store with `limits`, whose background tasks can be held ([`Held`]).
	fn held_service(
		network: Arc<FakeNetwork>,
		limits: crate::StoreLimits,
	) -> (StorageService, Arc<BlobStore>, TempDir, Held) {
		let dir = TempDir::new();
		let store = Arc::new(BlobStore::open(&dir.0, limits).unwrap());
		let held = Held::default();
		let tasks = held.clone();
		let spawner: Spawner = Arc::new(move |_, task| {
			if tasks.hold.load(std::sync::atomic::Ordering::SeqCst) {
				tasks.tasks.lock().push(task);
			} else {
				tokio::spawn(task);
			}
		});
		let service = StorageService::new(store.clone(), network, PeerId::random(), "/test".into(), spawner);
		(service, store, dir, held)
	}

	/// An upload is encoded ahead of its submission: an ask of the chain while that runs starts no second
	/// encoding, and the chain's next ask finds the roots. Encoded ahead with another code than the one the chain
	/// gives the file (a runtime upgrade in between; here 4+3 against 4+2, whose shards have the same lengths),
	/// its shards go and the file is encoded again with the chain's code: no shard of the other code is taken.
	#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
	async fn an_upload_encoded_ahead_of_its_submission_is_ready_when_the_chain_asks() {
		let w = world(&[]);
		let (service, store, _dir, held) = held_service(w.network.clone(), crate::StoreLimits::new(1 << 30));
		let (root, params) = (w.layout.root, ErasureParams::DEFAULT);
		let expected: Vec<H256> = w.layout.shards.iter().map(|s| s.root.unwrap()).collect();
		assert!(!service.encode_ahead(root, params), "not held: nothing to encode");
		uploaded(&store, &w.file);
		assert!(!service.encode_ahead(root, ErasureParams { data_shards: 0, parity_shards: 2 }), "an invalid code");
		held.hold(true);
		assert!(service.encode_ahead(root, params));
		assert!(!service.encode_ahead(root, params), "one encoding of a file at a time");
		assert_eq!(service.encode_file(&root, &params), Ok(EncodeStatus::Encoding), "the one under way");
		assert_eq!(held.tasks.lock().len(), 1, "no second encoding");
		held.hold(false);
		held.release();
		encodings_done(&service).await;
		assert_eq!(service.encode_file(&root, &params), Ok(EncodeStatus::Ready(expected.clone())));
		assert!(service.inner.ahead.lock().is_empty(), "the chain's now");
		for (i, shard) in w.shards.iter().enumerate() {
			assert_eq!(store.shard(&root, i as u32).unwrap().as_ref(), Some(shard));
		}

		// Another code ahead of the chain's.
		let (service, store, _dir2, _) = held_service(w.network.clone(), crate::StoreLimits::new(1 << 30));
		uploaded(&store, &w.file);
		let other = ErasureParams { data_shards: 4, parity_shards: 3 };
		assert_eq!(other.shard_size(w.file.len() as u64), params.shard_size(w.file.len() as u64));
		assert!(service.encode_ahead(root, other));
		encodings_done(&service).await;
		assert!(store.has_shard(&root, 6).unwrap());
		assert_eq!(service.encode_file(&root, &params), Ok(EncodeStatus::Encoding));
		encodings_done(&service).await;
		assert_eq!(service.encode_file(&root, &params), Ok(EncodeStatus::Ready(expected)));
		assert!(!store.has_shard(&root, 6).unwrap(), "the other code's seventh shard is gone");
		for (i, shard) in w.shards.iter().enumerate() {
			assert_eq!(store.shard(&root, i as u32).unwrap().as_ref(), Some(shard));
		}
	}

	/// Encoding ahead is bounded, the uploads not being paid for: only an unpaid upload, only when an encoding
	/// slot is free at once (nothing queues), and the shards of files encoded ahead and not yet asked for by the
	/// chain within the quota of unpaid uploads. An encoding ahead that fails leaves nothing behind that would
	/// delay the chain's.
	#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
	async fn encoding_ahead_is_bounded() {
		let w = world(&[]);
		let params = ErasureParams::DEFAULT;
		let size = w.file.len() as u64;
		let shards = params.shard_size(size) * u64::from(params.total_shards());
		// Room for two unpaid uploads, and for the shards of one of them (1.5 times its size), not of two.
		let limits = crate::StoreLimits { max_upload_bytes: 2 * size + 4000, ..crate::StoreLimits::new(1 << 30) };
		assert!(shards < limits.max_upload_bytes && 2 * shards > limits.max_upload_bytes);
		let (service, store, _dir, held) = held_service(w.network.clone(), limits);
		let first = uploaded(&store, &w.file);
		let second = uploaded(&store, &data(w.file.len(), 78));

		// A node started with `--storage-no-encode-ahead` encodes nothing ahead.
		let (off, off_store, _off_dir) = self::service(w.network.clone());
		let off = off.encoding_ahead(false);
		uploaded(&off_store, &w.file);
		assert!(!off.encode_ahead(first, params));

		// The encoder busy (the chain's encoding of another file): nothing is queued.
		let busy = service.inner.encode_slots.clone().try_acquire_owned().unwrap();
		assert!(!service.encode_ahead(first, params));
		drop(busy);
		assert!(service.encode_ahead(first, params));
		encodings_done(&service).await;
		// The first one's shards are within the bound; with the second's they would not be.
		assert!(!service.encode_ahead(second, params));
		assert!(!store.has_shard(&second, 0).unwrap());
		// Once the chain asks for the first one's encoding, its shards no longer count.
		assert!(matches!(service.encode_file(&first, &params), Ok(EncodeStatus::Ready(_))));
		assert!(service.encode_ahead(second, params));
		encodings_done(&service).await;
		assert!(store.has_shard(&second, 5).unwrap());

		// A file the chain has already (pinned) is the chain's to encode.
		let third = uploaded(&store, &data(1000, 79));
		store.set_file_kind(&third, FileKind::Pinned).unwrap();
		assert!(!service.encode_ahead(third, params));
		assert!(service.inner.encodings.lock().get(&third).is_none());

		// An encoding ahead that fails (its upload discarded before it ran) leaves no failure behind: the chain's
		// ask, were the file uploaded again, would start one at once. (The second upload discarded first, never
		// paid for: its shards no longer count.)
		store.drop_file(&second).unwrap();
		let fourth = uploaded(&store, &data(1000, 80));
		held.hold(true);
		assert!(service.encode_ahead(fourth, params));
		store.drop_file(&fourth).unwrap();
		held.hold(false);
		held.release();
		encodings_done(&service).await;
		assert!(service.inner.encodings.lock().get(&fourth).is_none(), "no failure remembered");
		assert!(service.inner.ahead.lock().get(&fourth).is_none());
		assert!(!store.has_shard(&fourth, 0).unwrap());

		// Paid for naming another encoder, a file encoded ahead is never asked for by the chain here: past the time
		// the chain would have asked, its shards no longer count.
		let fifth = uploaded(&store, &data(w.file.len(), 81));
		let sixth = uploaded(&store, &data(1000, 82));
		assert!(service.encode_ahead(fifth, params));
		encodings_done(&service).await;
		assert!(!service.encode_ahead(sixth, params));
		store.set_file_kind(&fifth, FileKind::Pinned).unwrap();
		assert!(!service.encode_ahead(sixth, params), "paid for a moment ago: the chain may still ask");
		let counted = Duration::from_secs(store.limits().unpaid_ttl_secs) + AHEAD_COUNTED_PAST_UNPAID;
		if let Some(long_ago) = Instant::now().checked_sub(counted) {
			service.inner.ahead.lock().get_mut(&fifth).unwrap().at = long_ago;
			assert!(service.encode_ahead(sixth, params));
			encodings_done(&service).await;
		}
	}

	#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
	async fn encoding_runs_once_in_the_background() {
		let w = world(&[]);
		let (service, store, _dir) = service(w.network.clone());
		let params = ErasureParams::DEFAULT;
		assert_eq!(service.encode_file(&w.layout.root, &params), Err(HostError::NotHeld));
		let id = store.begin_upload(w.file.len() as u64, None).unwrap();
		store.write_chunk(id, 0, &w.file).unwrap();
		store.finish_upload(id, w.layout.root).unwrap();
		assert_eq!(service.encode_file(&w.layout.root, &ErasureParams { data_shards: 0, parity_shards: 2 }), Err(HostError::InvalidRequest));
		// Asked every "block" while it runs: one encoding, the same answer, then the roots.
		let mut answers = Vec::new();
		for _ in 0..400 {
			let status = service.encode_file(&w.layout.root, &params).unwrap();
			let done = matches!(status, EncodeStatus::Ready(_));
			answers.push(status);
			if done {
				break;
			}
			tokio::time::sleep(Duration::from_millis(5)).await;
		}
		assert_eq!(answers.first(), Some(&EncodeStatus::Encoding));
		let expected: Vec<H256> = w.layout.shards.iter().map(|s| s.root.unwrap()).collect();
		assert_eq!(answers.last(), Some(&EncodeStatus::Ready(expected)));
		assert_eq!(service.inner.encodings.lock().len(), 0);
		for (i, shard) in w.shards.iter().enumerate() {
			assert_eq!(store.shard(&w.layout.root, i as u32).unwrap().as_ref(), Some(shard));
			// The encoder serves its shards chunk-checked.
			assert_eq!(store.shard_chunk_roots(&w.layout.root, i as u32).unwrap(), Some(chunk_roots(shard)));
		}
		// A sector proof of a held shard verifies; a sector past its end is a typed error.
		let proof = service.sector_proof(&w.layout.root, 4, 100).unwrap();
		let leaf = zg_primitives::storage::sector_leaf(&proof.data);
		let sectors = params.shard_sectors(w.file.len() as u64);
		assert!(zg_primitives::storage::verify_merkle_path(&expected_root(&w, 4), leaf, 100, sectors, &proof.proof));
		assert_eq!(service.sector_proof(&w.layout.root, 4, sectors), Err(HostError::InvalidRequest));
		assert_eq!(service.sector_proof(&H256::zero(), 4, 0), Err(HostError::NotHeld));
	}

	/// Sector proofs come from the shard's chunk roots and the one chunk holding the sector (never every leaf of
	/// the shard): for shards of several chunks, stored with chunk roots or without, each proof is the one all
	/// leaves give and verifies; a damaged chunk or shard proves nothing (it is reported, not answered wrongly).
	#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
	async fn sector_proofs_are_made_from_one_chunk() {
		let w = world(&[]);
		let (service, store, _dir) = service(w.network.clone());
		let root = H256::repeat_byte(5);
		let chunk = CHUNK_SIZE as usize;
		let shard = data(3 * chunk + 1000, 4);
		let shard_root = merkle_root(&shard);
		let leaves: Vec<H256> = shard.chunks(SECTOR_SIZE).map(sector_leaf).collect();
		let sectors = leaves.len() as u64;
		store.put_shard_with_chunk_roots(&root, 0, &shard, shard_root, &chunk_roots(&shard)).unwrap();
		store.put_shard(&root, 1, &shard, shard_root).unwrap();
		let per_chunk = 1u64 << CHUNK_HEIGHT;
		for index in 0..2 {
			for sector in [0, 1, per_chunk - 1, per_chunk, 2 * per_chunk + 77, 3 * per_chunk, sectors - 1] {
				let proof = service.sector_proof(&root, index, sector).unwrap();
				let at = sector as usize * SECTOR_SIZE;
				let mut expected = shard[at..(at + SECTOR_SIZE).min(shard.len())].to_vec();
				expected.resize(SECTOR_SIZE, 0);
				assert_eq!(proof.data, expected, "shard {index}, sector {sector}");
				assert_eq!(proof.proof, zg_primitives::storage::merkle_proof(&leaves, sector).unwrap().siblings);
				assert!(zg_primitives::storage::verify_merkle_path(&shard_root, sector_leaf(&proof.data), sector, sectors, &proof.proof));
			}
			assert_eq!(service.sector_proof(&root, index, sectors), Err(HostError::InvalidRequest));
		}
		// Only chunk roots are cached: 4 per shard.
		assert!(service.inner.held_chunk_roots.lock().values().all(|(_, roots)| roots.len() == 4));
		// A chunk whose bytes no longer give its stored root, and a shard (without chunk roots) whose bytes no
		// longer give its root.
		let mut damaged = shard.clone();
		damaged[chunk + 5] ^= 1;
		store.put_shard_with_chunk_roots(&root, 2, &damaged, shard_root, &chunk_roots(&shard)).unwrap();
		assert!(service.sector_proof(&root, 2, 0).is_ok());
		assert_eq!(service.sector_proof(&root, 2, per_chunk), Err(HostError::NotHeld));
		store.put_shard(&root, 3, &damaged, shard_root).unwrap();
		assert_eq!(service.sector_proof(&root, 3, 0), Err(HostError::NotHeld));
	}

	fn expected_root(w: &World, shard: usize) -> H256 {
		w.layout.shards[shard].root.unwrap()
	}

	/// Ranged reads of a file held nowhere here: every range (within a segment, across segments and across the
	/// shards' 1 MiB chunks, the first and last bytes) comes back exact, with two of six providers lying, and
	/// the node keeps neither the file nor a shard.
	#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
	async fn ranged_reads_rebuild_only_what_they_cover() {
		let segment = zg_primitives::storage::SEGMENT_SIZE;
		// 20 segments and change: each shard spans two 1 MiB chunks.
		let w = world_of(data(20 * segment + 777, 5), &[0, 4], |_| {});
		let (service, store, _dir) = service(w.network.clone());
		let size = w.file.len();
		let chunk_of_file = 4 * crate::blob_store::CHUNK_SIZE as usize;
		for (offset, len) in [
			(0, 1),
			(1000, 5000),
			(segment - 10, 20),
			(3 * segment + 5, 4 * segment),
			(chunk_of_file - 100, 200),
			(0, size),
			(size - 1, 1),
			(size - 10, 100),
		] {
			let bytes = service.read_range(w.layout.clone(), offset as u64, len as u64).await.unwrap();
			assert!(bytes == w.file[offset..(offset + len).min(size)], "bytes {offset}+{len}");
		}
		assert_eq!(service.read_range(w.layout.clone(), size as u64, 10).await, Ok(Vec::new()));
		assert_eq!(
			service.read_range(w.layout.clone(), size as u64 + 1, 10).await,
			Err(StorageError::BadRange { offset: size as u64 + 1, len: 10, size: size as u64 })
		);
		assert_eq!(store.file_size(&w.layout.root).unwrap(), None);
		assert!(store.shards_of(&w.layout.root).unwrap().is_empty());
	}

	/// A ranged read answers the roots of the data shards' pieces it checked, each that of its run of the bytes
	/// answered; none for a piece of a liar's shard (rebuilt from parity) nor for a read that does not start at a
	/// piece's edge; and a file-root check fed them gets the file root while hashing only the other pieces.
	#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
	async fn ranged_reads_answer_the_roots_of_the_pieces_they_checked() {
		use zg_primitives::storage::{file_root, merkle_root, FileRootBuilder, SECTOR_SIZE, SEGMENT_SIZE};
		let segment = SEGMENT_SIZE;
		for liars in [&[][..], &[0, 4][..]] {
			let w = world_of(data(20 * segment + 777, 6), liars, |_| {});
			let (service, _store, _dir) = service(w.network.clone());
			let size = w.file.len();
			let piece = w.layout.params.piece_size();
			let k = w.layout.params.data_shards as usize;
			let reads = [(0, size), (segment, 4 * segment), (3 * segment + piece, 5 * piece + 9), (1000, segment)];
			for (offset, len) in reads {
				let read = service.read_range_with_roots(w.layout.clone(), offset as u64, len as u64).await.unwrap();
				let end = (offset + len).min(size);
				assert!(read.bytes == w.file[offset..end], "bytes {offset}+{len}");
				assert_eq!(SECTOR_SIZE << read.run_height, piece);
				if offset % piece != 0 {
					assert!(read.run_roots.iter().all(Option::is_none), "{offset}+{len}: no run starts at the read");
					continue;
				}
				assert_eq!(read.run_roots.len(), (end - offset) / piece, "{offset}+{len}: one per whole piece");
				for (j, root) in read.run_roots.iter().enumerate() {
					let shard = (offset / piece + j) % k;
					let run = &read.bytes[j * piece..(j + 1) * piece];
					match root {
						Some(root) => assert_eq!(*root, merkle_root(run), "{offset}+{len}: run {j}"),
						None => assert!(liars.contains(&shard), "{offset}+{len}: run {j} of honest shard {shard}"),
					}
					if liars.contains(&shard) {
						assert_eq!(*root, None, "{offset}+{len}: run {j} was rebuilt from parity");
					}
				}
			}
			let whole = service.read_range_with_roots(w.layout.clone(), 0, size as u64).await.unwrap();
			let mut builder = FileRootBuilder::new();
			builder.update_with_roots(&whole.bytes, whole.run_height, &whole.run_roots);
			let got = builder.finish();
			assert_eq!(got, file_root(&w.file));
			assert_eq!(got, w.layout.root);
		}
	}

	/// With too few honest providers, a ranged read falls back to the whole-file rebuild, which finds the same:
	/// a typed error, not wrong bytes.
	#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
	async fn ranged_reads_never_serve_unchecked_bytes() {
		let w = world(&[0, 1, 2]);
		let (service, _store, _dir) = service(w.network.clone());
		assert_eq!(
			service.read_range(w.layout.clone(), 0, 10).await,
			Err(StorageError::NotEnoughShards { have: 3, need: 4 })
		);
	}

	/// A provider that is down without its connection known closed (its requests are never answered) costs a
	/// ranged read [`ranged::HEDGE_AFTER`], not the request deadline: another provider is asked beside it and the
	/// first k answers are kept. The reads after it do not ask it again while k others answer.
	#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
	async fn a_silent_provider_is_overtaken_not_waited_for() {
		let w = world(&[]);
		// Shard 0's provider: a data shard, asked first.
		w.network.silent.lock().insert(w.peers[0]);
		let (service, _store, _dir) = service(w.network.clone());
		let asked_silent = || w.network.asked.lock().iter().filter(|peer| **peer == w.peers[0]).count();
		let whole = service.read_range(w.layout.clone(), 0, w.file.len() as u64);
		let bytes = tokio::time::timeout(crate::protocol::REQUEST_DEADLINE / 2, whole)
			.await
			.expect("the read waited for the silent provider's deadline")
			.unwrap();
		assert!(bytes == w.file);
		assert_eq!(asked_silent(), 1);
		for (offset, len) in [(10, 1000), (zg_primitives::storage::SEGMENT_SIZE - 5, 10)] {
			let bytes = service.read_range(w.layout.clone(), offset as u64, len as u64).await.unwrap();
			assert!(bytes == w.file[offset..offset + len]);
		}
		assert_eq!(asked_silent(), 1, "a lagging provider is asked last");
		assert!(service.inner.lagging.contains(&w.peers[0]));
	}
}
