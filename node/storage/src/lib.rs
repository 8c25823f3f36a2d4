//! # zg-node-storage: the node side of the storage network
//!
//! A library of its own, so that its tests build without the node and the data-availability layer reuses it
//! unchanged. It knows files, shards and sectors, never a pallet; the node talks to the runtime only through
//! the storage host functions and the `StorageApi` runtime API of `zg_primitives::storage::host`.
//!
//! - [`blob_store`]: a RocksDB database of its own holding complete files, erasure-coded shards and uploads in
//!   progress: crash-safe (atomic batches; synced before anything relies on them) and bounded (a quota for
//!   uploads nobody has paid for yet, a bounded cache of whole-file copies, the rest for shards).
//! - [`protocol`]: the request-response protocol `/zg/<genesis hash>/storage/1` over which nodes fetch ranges of
//!   shards and files from each other, and its server: concurrent, with per-peer limits, reading the store on
//!   the blocking pool.
//! - [`service`]: [`StorageService`], which the runtime's off-chain worker reaches through the storage host
//!   functions ([`zg_primitives::storage::host::BlobHost`]: encode in the background, fetch or rebuild shards,
//!   prove sectors) and the `zgStorage` RPC through [`StorageBackend`] (upload, download with rebuilding from
//!   any k shards).
//! - [`http`]: the HTTP endpoint that takes uploads and serves downloads as raw byte streams (a file's bytes
//!   cross JSON-RPC as hex, in bounded calls), over the same [`StorageBackend`].
//! - [`reclaim`]: frees the space of shards held elsewhere and of files gone from the chain, and moves uploads
//!   from *unpaid* to *pinned* to *cached* as the chain pays for and stores them.
//! - [`wake`]: [`WorkDone`], which the service signals when an encoding or a shard fetch finishes, and
//!   [`wake::Reruns`], which then runs the off-chain workers again at the best block, so that they send the
//!   transaction at once.
//! - [`error`]: [`StorageError`] (each kind with its JSON-RPC code) and the usage summaries.
//!
//! Wiring, in the node's service: open the [`BlobStore`] with [`StoreLimits`], add the protocol's
//! [`protocol::config`] to the network configuration before the network is built, spawn [`protocol::serve`]
//! with the store and the receiver, build the [`StorageService`] with the network service, the local peer id,
//! [`protocol::protocol_name`] and a [`service::Spawner`], register it as the `BlobHostExt` extension and the
//! RPC backend, and spawn [`reclaim::run`] and [`prune::run`].

pub mod blob_store;
pub mod error;
pub mod http;
pub mod protocol;
pub mod prune;
pub mod reclaim;
pub mod service;
#[cfg(any(test, feature = "test-support"))]
pub mod testing;
pub mod wake;

pub use blob_store::{BlobStore, GarbageReport, StoreLimits};
pub use error::{LocalHolding, StorageError, StoreUsage, MAX_CHUNK};
pub use service::StorageService;
pub use wake::WorkDone;

use sp_core::H256;
use zg_primitives::storage::{host::FileLayout, ErasureParams};

/// Bytes of a file read by [`StorageBackend::read_range_with_roots`], and the Merkle roots of some of their runs,
/// learnt on the way.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RangeRead {
	/// The bytes read.
	pub bytes: Vec<u8>,
	/// The runs are of 2^`run_height` sectors, counted from the first byte read.
	pub run_height: u32,
	/// `run_roots[j]`: the Merkle root of run `j` (the bytes from `j × 2^run_height × SECTOR_SIZE`), where the read
	/// computed it from these very bytes; `None` (or past the end) where it did not.
	pub run_roots: Vec<Option<H256>>,
}

/// What the node does with file data for the `zgStorage` RPC: its blob store and fetch service.
#[async_trait::async_trait]
pub trait StorageBackend: Send + Sync + 'static {
	/// Starts an upload of `size` bytes (already checked against the chain's limit) for `client` (an RPC
	/// connection id, if known); returns its id. With the file's `root` known now and the bytes sent in order
	/// (the HTTP endpoint), the node writes them in place, hashed as they arrive, instead of staging them.
	fn upload_begin(&self, size: u64, client: Option<u64>, root: Option<H256>) -> Result<u64, StorageError>;
	/// Stores `data` at `offset` of upload `id`; returns the bytes received so far.
	fn upload_chunk(&self, id: u64, offset: u64, data: &[u8]) -> Result<u64, StorageError>;
	/// Completes upload `id`: checks its file root is `root` and keeps it as a file.
	fn upload_finish(&self, id: u64, root: H256) -> Result<u64, StorageError>;
	/// Discards upload `id` and frees its share of the quota (an upload that failed part-way).
	fn upload_abort(&self, id: u64) -> Result<(), StorageError>;
	/// Erasure-codes the file `root`, an upload that has just finished and that nobody has paid for yet, with
	/// `params` (the code the chain gives a file submitted now) in the background, so that the encoding is done or
	/// under way when the file's submission lands naming this node's provider its encoder. Best effort and
	/// bounded (see [`StorageService::encode_ahead`]); by default nothing.
	fn encode_ahead(&self, _root: H256, _params: ErasureParams) {}
	/// Bytes `offset .. offset + len` of the file, fetching and rebuilding it first if the node does not hold it.
	/// `layout` is the chain's record of the file.
	async fn download(&self, layout: FileLayout, offset: u64, len: u64) -> Result<Vec<u8>, StorageError>;
	/// Bytes `offset .. offset + len` of the file without keeping it: from the local copy if held, else rebuilt
	/// from the parts of k shards that hold them, each chunk checked against its shard root (never the whole
	/// file in memory; see `service::ranged`).
	async fn read_range(&self, layout: FileLayout, offset: u64, len: u64) -> Result<Vec<u8>, StorageError>;
	/// [`Self::read_range`], with the Merkle roots of the runs of the bytes that the read hashed anyway (checking
	/// the shard chunks that held them), so that a download checking its file root need not hash them again
	/// ([`zg_primitives::storage::FileRootBuilder::update_with_roots`]). By default, none.
	async fn read_range_with_roots(
		&self,
		layout: FileLayout,
		offset: u64,
		len: u64,
	) -> Result<RangeRead, StorageError> {
		Ok(RangeRead { bytes: self.read_range(layout, offset, len).await?, ..Default::default() })
	}
	/// What this node holds of the file: the whole file, and which shards.
	fn local(&self, root: &H256) -> LocalHolding;
	/// What this node's blob store holds in all.
	fn usage(&self) -> Result<StoreUsage, StorageError>;
}
