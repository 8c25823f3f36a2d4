//! The storage service: the node side of the storage host functions ([`BlobHost`], for the runtime's off-chain
//! worker) and of the `zgStorage` RPC ([`StorageBackend`]), over the [`BlobStore`] and the storage
//! request-response protocol.
//!
//! - **Encoding**: the node that received an upload erasure-codes the file and keeps every shard.
//! - **Fetching a shard** ([`BlobHost::ensure_shard`], never blocking: the work runs in a spawned task): encode it
//!   locally if this node holds the whole file; otherwise download it from the encoder or from the shard's
//!   assigned provider; otherwise (repair, when the shard's holder lost it) fetch any k other shards, rebuild
//!   the file and re-encode the shard. Everything received is checked against its Merkle root.
//! - **Downloading a file** ([`StorageBackend::download`]): read it locally, or fetch any k shards in parallel,
//!   rebuild the file, check its root and keep it.
//!
//! Encoding, rebuilding and hashing run in the calling task (encoding in the off-chain worker's thread).

use std::{
	collections::HashMap,
	sync::Arc,
	time::{Duration, Instant},
};

use codec::{Decode, Encode};
use futures::{future::BoxFuture, stream::FuturesUnordered, FutureExt, StreamExt};
use parking_lot::Mutex;
use sc_network::{service::traits::NetworkRequest, IfDisconnected, PeerId, ProtocolName};
use sp_core::H256;
use zg_primitives::storage::{
	erasure,
	host::{BlobHost, FileLayout, SectorWithProof, ShardStatus},
	merkle_proof, merkle_root, ErasureParams, SECTOR_SIZE,
};
use zg_rpc::storage::{LocalHolding, StorageBackend, StorageError, StoreUsage};

use super::{
	blob_store::{BlobStore, ShardRecord},
	protocol::{Request, Response, CHUNK_SIZE},
};

const LOG_TARGET: &str = "zg-storage";

/// After a failed attempt to get a shard, [`BlobHost::ensure_shard`] answers [`ShardStatus::Failed`] for this
/// long before it tries again.
pub const RETRY_AFTER: Duration = Duration::from_secs(6);

/// Failed attempts are forgotten after this long (they are retried anyway after [`RETRY_AFTER`]).
const FORGET_FAILURES_AFTER: Duration = Duration::from_secs(600);

/// Shards whose sector leaves are kept in memory for [`BlobHost::sector_proof`].
const LEAF_CACHE_ENTRIES: usize = 16;

/// Runs a background task: given a task name and the task. Build one from the node's task manager with
/// [`spawner`]; tests may run tasks however they like.
pub type Spawner = Arc<dyn Fn(&'static str, BoxFuture<'static, ()>) + Send + Sync>;

/// A [`Spawner`] that spawns on `handle` (the task manager's `spawn_handle()`), in the task group "zg-storage".
pub fn spawner(handle: sc_service::SpawnTaskHandle) -> Spawner {
	Arc::new(move |name: &'static str, task: BoxFuture<'static, ()>| handle.spawn(name, Some("zg-storage"), task))
}

/// Runs CPU-bound `work` (erasure coding, Merkle roots over whole files: seconds for large files) on tokio's
/// blocking pool, so the async workers that drive networking and RPC are never held up by it.
pub(super) async fn off_thread<R: Send + 'static>(work: impl FnOnce() -> Result<R, String> + Send + 'static) -> Result<R, String> {
	tokio::task::spawn_blocking(work).await.map_err(|e| format!("background work failed: {e}"))?
}

/// Where a fetch of a shard stands.
#[derive(Clone, Copy, Debug)]
enum FetchState {
	/// A task is getting it.
	InFlight,
	/// The last attempt failed at this time.
	Failed(Instant),
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
	/// One lock per file being rebuilt by a download, so concurrent downloads rebuild it once.
	rebuilds: Mutex<HashMap<H256, Arc<futures::lock::Mutex<()>>>>,
	/// Sector leaves of recently proven shards: (file root, shard) → (shard record, leaves).
	leaves: Mutex<HashMap<(H256, u32), (ShardRecord, Arc<Vec<H256>>)>>,
}

impl StorageService {
	/// A service over `store`, asking peers through `network` on the storage `protocol` (see
	/// [`super::protocol::protocol_name`]). `local_peer` is this node's peer id (never asked); `spawner` runs
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
				rebuilds: Mutex::new(HashMap::new()),
				leaves: Mutex::new(HashMap::new()),
			}),
		}
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

	/// Sends `request` to `peer` and decodes its answer.
	async fn request(&self, peer: PeerId, request: Request) -> Result<Vec<u8>, String> {
		let (bytes, _) = self
			.network
			.request(peer, self.protocol.clone(), request.encode(), None, IfDisconnected::TryConnect)
			.await
			.map_err(|e| format!("{peer}: {e}"))?;
		let response = Response::decode(&mut &bytes[..]).map_err(|e| format!("{peer}: undecodable response: {e}"))?;
		response.map_err(|e| format!("{peer}: {e}"))
	}

	/// Downloads the `len` bytes of shard `shard` of file `root` from `peer`, [`CHUNK_SIZE`] bytes at a time.
	async fn fetch_from_peer(&self, peer: PeerId, root: H256, shard: u32, len: u64) -> Result<Vec<u8>, String> {
		let capacity = usize::try_from(len).map_err(|_| format!("shard of {len} bytes is too large"))?;
		let mut out = Vec::with_capacity(capacity);
		let mut offset = 0u64;
		while offset < len {
			let want = (len - offset).min(u64::from(CHUNK_SIZE)) as u32;
			let bytes = self.request(peer, Request::ShardRange { root, shard, offset, len: want }).await?;
			if bytes.len() != want as usize {
				return Err(format!("{peer} sent {} bytes for a range of {want}", bytes.len()));
			}
			out.extend_from_slice(&bytes);
			offset += u64::from(want);
		}
		Ok(out)
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

	/// Shard `shard` of `layout`, checked against its root: the local copy if held, else from `peers` in order.
	async fn obtain_shard(&self, layout: &FileLayout, shard: u32, peers: &[PeerId]) -> Result<Vec<u8>, String> {
		let want = layout
			.shards
			.get(shard as usize)
			.and_then(|s| s.root)
			.ok_or_else(|| format!("shard {shard} has no root yet"))?;
		if let Some(bytes) = self.local_shard(&layout.root, shard, &want) {
			return Ok(bytes);
		}
		if peers.is_empty() {
			return Err(format!("no peer to ask for shard {shard}"));
		}
		let len = layout.params.shard_size(layout.size);
		let mut errors = Vec::new();
		for peer in peers {
			match self.fetch_from_peer(*peer, layout.root, shard, len).await {
				Ok(bytes) => {
					let got = merkle_root(&bytes);
					if got == want {
						return Ok(bytes);
					}
					errors.push(format!("{peer}: shard root {got:?}, expected {want:?}"));
				},
				Err(e) => errors.push(e),
			}
		}
		Err(format!("shard {shard}: {}", errors.join("; ")))
	}

	/// [`Self::obtain_shard`] from the shard's provider, then the encoder; tagged with the shard index.
	async fn obtain_indexed(&self, layout: &FileLayout, shard: u32) -> (u32, Result<Vec<u8>, String>) {
		let provider = layout.shards.get(shard as usize).map(|s| s.peer_id.as_slice());
		let peers = self.peers(&[provider, layout.encoder_peer.as_deref()]);
		(shard, self.obtain_shard(layout, shard, &peers).await)
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

	/// Rebuilds the file of `layout` from any k of its shards other than `exclude` and checks its root.
	async fn rebuild_file(&self, layout: &FileLayout, exclude: Option<u32>) -> Result<Vec<u8>, RebuildError> {
		check_layout(layout).map_err(RebuildError::Other)?;
		let shards = self.collect_shards(layout, exclude).await?;
		let (params, size) = (layout.params, layout.size);
		let (file, root) = off_thread(move || {
			let file = erasure::reconstruct(&params, shards, size).map_err(|e| format!("reconstruction failed: {e:?}"))?;
			let root = merkle_root(&file);
			Ok((file, root))
		})
		.await
		.map_err(RebuildError::Other)?;
		if root != layout.root {
			return Err(RebuildError::Other(format!(
				"the rebuilt file has root {root:?}, not {:?}: the shard roots on chain are wrong",
				layout.root
			)));
		}
		Ok(file)
	}

	/// Shard `shard` of `file` encoded with the layout's code, if its root is `want` (computed off the async
	/// workers: a whole file's encoding takes seconds).
	async fn encode_one(layout: &FileLayout, file: Vec<u8>, shard: u32, want: H256) -> Result<Vec<u8>, String> {
		let params = layout.params;
		off_thread(move || {
			let shards = erasure::encode(&params, &file).map_err(|e| format!("encoding failed: {e:?}"))?;
			let bytes = shards.into_iter().nth(shard as usize).ok_or_else(|| format!("no shard {shard}"))?;
			let got = merkle_root(&bytes);
			if got != want {
				return Err(format!("shard {shard} encodes to root {got:?}, not {want:?}"));
			}
			Ok(bytes)
		})
		.await
	}

	/// Gets shard `shard` of `layout` and stores it (see the module docs for the three ways).
	async fn fetch_shard(&self, layout: &FileLayout, shard: u32) -> Result<(), String> {
		check_layout(layout)?;
		let root = layout.root;
		let location = layout.shards.get(shard as usize).ok_or_else(|| format!("no shard {shard}"))?;
		let want = location.root.ok_or_else(|| format!("shard {shard} has no root yet"))?;

		// (a) This node holds the whole file: encode it.
		match self.store.read_file(&root) {
			Ok(Some(file)) => match Self::encode_one(layout, file, shard, want).await {
				Ok(bytes) => {
					self.store.put_shard(&root, shard, &bytes, want).map_err(|e| e.to_string())?;
					log::info!(target: LOG_TARGET, "encoded shard {shard} of {root:?} from the local file");
					return Ok(());
				},
				Err(e) => log::warn!(target: LOG_TARGET, "file {root:?}: {e}"),
			},
			Ok(None) => {},
			Err(e) => log::warn!(target: LOG_TARGET, "{e}"),
		}

		// (b) Download it from the encoder, then from its assigned provider.
		let peers = self.peers(&[layout.encoder_peer.as_deref(), Some(location.peer_id.as_slice())]);
		if !peers.is_empty() {
			log::debug!(target: LOG_TARGET, "fetching shard {shard} of {root:?} from {peers:?}");
			match self.obtain_shard(layout, shard, &peers).await {
				Ok(bytes) => {
					self.store.put_shard(&root, shard, &bytes, want).map_err(|e| e.to_string())?;
					log::info!(target: LOG_TARGET, "fetched shard {shard} of {root:?} ({} bytes)", bytes.len());
					return Ok(());
				},
				Err(e) => log::info!(target: LOG_TARGET, "file {root:?}: {e}; rebuilding it from other shards"),
			}
		}

		// (c) Repair: rebuild the file from k other shards and re-encode this one.
		let file = self.rebuild_file(layout, Some(shard)).await.map_err(|e| e.to_string())?;
		let bytes = Self::encode_one(layout, file, shard, want).await?;
		self.store.put_shard(&root, shard, &bytes, want).map_err(|e| e.to_string())?;
		log::info!(target: LOG_TARGET, "rebuilt shard {shard} of {root:?} from other shards");
		Ok(())
	}

	/// The sector leaves of the held shard described by `record` (cached).
	fn shard_leaves(&self, root: &H256, shard: u32, record: &ShardRecord) -> Option<Arc<Vec<H256>>> {
		let key = (*root, shard);
		if let Some((cached, leaves)) = self.leaves.lock().get(&key) {
			if cached == record {
				return Some(leaves.clone());
			}
		}
		let (current, leaves) = match self.store.shard_leaves(root, shard) {
			Ok(Some(found)) => found,
			Ok(None) => return None,
			Err(e) => {
				log::warn!(target: LOG_TARGET, "{e}");
				return None;
			},
		};
		let leaves = Arc::new(leaves);
		let mut cache = self.leaves.lock();
		if cache.len() >= LEAF_CACHE_ENTRIES && !cache.contains_key(&key) {
			if let Some(evict) = cache.keys().next().copied() {
				cache.remove(&evict);
			}
		}
		cache.insert(key, (current, leaves.clone()));
		(current == *record).then_some(leaves)
	}

	/// Answers a download by rebuilding the file (this task holds the file's rebuild lock).
	async fn rebuild_and_read(&self, layout: &FileLayout, offset: u64, len: u64) -> Result<Vec<u8>, StorageError> {
		let root = layout.root;
		log::info!(target: LOG_TARGET, "rebuilding file {root:?} ({} bytes) for a download", layout.size);
		let file = self.rebuild_file(layout, None).await?;
		match self.store.put_file(&root, &file) {
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

impl BlobHost for StorageService {
	fn file_size(&self, root: &H256) -> Option<u64> {
		self.inner.store.file_size(root).unwrap_or_else(|e| {
			log::warn!(target: LOG_TARGET, "{e}");
			None
		})
	}

	fn encode_file(&self, root: &H256, params: &ErasureParams) -> Result<Vec<H256>, String> {
		params.validate().map_err(|e| format!("invalid erasure parameters: {e:?}"))?;
		let store = &self.inner.store;
		let size =
			store.file_size(root).map_err(|e| e.to_string())?.ok_or_else(|| format!("file {root:?} is not held"))?;
		let n = params.total_shards();
		let shard_len = params.shard_size(size);

		// Already encoded with these parameters: every shard held with the right length.
		let mut roots = Vec::with_capacity(n as usize);
		for shard in 0..n {
			match store.shard_record(root, shard).map_err(|e| e.to_string())? {
				Some(record) if record.len == shard_len => roots.push(record.root),
				_ => break,
			}
		}
		if roots.len() == n as usize && !store.has_shard(root, n).map_err(|e| e.to_string())? {
			return Ok(roots);
		}

		let file =
			store.read_file(root).map_err(|e| e.to_string())?.ok_or_else(|| format!("file {root:?} is not held"))?;
		let shards = erasure::encode(params, &file).map_err(|e| format!("encoding failed: {e:?}"))?;
		let roots = erasure::shard_roots(&shards);
		for (shard, (bytes, shard_root)) in shards.iter().zip(roots.iter()).enumerate() {
			store.put_shard(root, shard as u32, bytes, *shard_root).map_err(|e| e.to_string())?;
		}
		log::info!(
			target: LOG_TARGET,
			"encoded file {root:?} ({size} bytes) into {n} shards of {shard_len} bytes ({}+{})",
			params.data_shards,
			params.parity_shards
		);
		Ok(roots)
	}

	fn ensure_shard(&self, layout: &FileLayout, shard: u32) -> ShardStatus {
		let Some(want) = layout.shards.get(shard as usize).and_then(|s| s.root) else {
			return ShardStatus::Failed;
		};
		let key = (layout.root, shard);
		match self.inner.store.shard_record(&layout.root, shard) {
			Ok(Some(record)) if record.root == want => {
				self.inner.fetches.lock().remove(&key);
				return ShardStatus::Ready;
			},
			Ok(_) => {},
			Err(e) => {
				log::warn!(target: LOG_TARGET, "{e}");
				return ShardStatus::Failed;
			},
		}
		{
			let mut fetches = self.inner.fetches.lock();
			match fetches.get(&key) {
				Some(FetchState::InFlight) => return ShardStatus::Fetching,
				Some(FetchState::Failed(at)) if at.elapsed() < RETRY_AFTER => return ShardStatus::Failed,
				_ => {},
			}
			fetches.retain(|_, state| match state {
				FetchState::Failed(at) => at.elapsed() < FORGET_FAILURES_AFTER,
				FetchState::InFlight => true,
			});
			fetches.insert(key, FetchState::InFlight);
		}
		log::info!(target: LOG_TARGET, "getting shard {shard} of {:?}", layout.root);
		let inner = self.inner.clone();
		let layout = layout.clone();
		let task = async move {
			let root = layout.root;
			match inner.fetch_shard(&layout, shard).await {
				Ok(()) => {
					inner.fetches.lock().remove(&(root, shard));
				},
				Err(e) => {
					log::warn!(target: LOG_TARGET, "cannot get shard {shard} of {root:?}: {e}");
					inner.fetches.lock().insert((root, shard), FetchState::Failed(Instant::now()));
				},
			}
		};
		(self.inner.spawner)("zg-storage-fetch", task.boxed());
		ShardStatus::Fetching
	}

	fn sector_proof(&self, root: &H256, shard: u32, sector: u64) -> Option<SectorWithProof> {
		let store = &self.inner.store;
		let record = match store.shard_record(root, shard) {
			Ok(record) => record?,
			Err(e) => {
				log::warn!(target: LOG_TARGET, "{e}");
				return None;
			},
		};
		if sector >= record.len.div_ceil(SECTOR_SIZE as u64) {
			return None;
		}
		let leaves = self.inner.shard_leaves(root, shard, &record)?;
		let proof = merkle_proof(&leaves, sector)?;
		let offset = sector.checked_mul(SECTOR_SIZE as u64)?;
		let mut data = match store.shard_range(root, shard, offset, SECTOR_SIZE as u64) {
			Ok(data) => data?,
			Err(e) => {
				log::warn!(target: LOG_TARGET, "{e}");
				return None;
			},
		};
		data.resize(SECTOR_SIZE, 0);
		Some(SectorWithProof { data, proof: proof.siblings })
	}

	fn drop_shard(&self, root: &H256, shard: u32) {
		self.inner.leaves.lock().remove(&(*root, shard));
		match self.inner.store.drop_shard(root, shard) {
			Ok(bytes) => log::info!(target: LOG_TARGET, "dropped shard {shard} of {root:?} ({bytes} bytes)"),
			Err(e) => log::warn!(target: LOG_TARGET, "cannot drop shard {shard} of {root:?}: {e}"),
		}
	}
}

#[async_trait::async_trait]
impl StorageBackend for StorageService {
	fn upload_begin(&self, size: u64) -> Result<u64, StorageError> {
		let id = self.inner.store.begin_upload(size)?;
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

	async fn download(&self, layout: FileLayout, offset: u64, len: u64) -> Result<Vec<u8>, StorageError> {
		let inner = &self.inner;
		let root = layout.root;
		if let Some(bytes) = inner.store.read_file_range(&root, offset, len)? {
			return Ok(bytes);
		}
		if layout.shards.iter().all(|s| s.root.is_none()) {
			return Err(StorageError::NotYetAvailable(root));
		}
		let lock = {
			let mut rebuilds = inner.rebuilds.lock();
			rebuilds.entry(root).or_insert_with(|| Arc::new(futures::lock::Mutex::new(()))).clone()
		};
		let guard = lock.lock().await;
		// A download that held the lock before may have rebuilt the file.
		let result = match inner.store.read_file_range(&root, offset, len) {
			Ok(Some(bytes)) => Ok(bytes),
			Ok(None) => inner.rebuild_and_read(&layout, offset, len).await,
			Err(e) => Err(e),
		};
		drop(guard);
		{
			let mut rebuilds = inner.rebuilds.lock();
			// Only the map and this task hold the lock: nobody waits, forget it.
			if rebuilds.get(&root).map_or(false, |m| Arc::ptr_eq(m, &lock) && Arc::strong_count(m) <= 2) {
				rebuilds.remove(&root);
			}
		}
		result
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
