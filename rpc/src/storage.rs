//! `zgStorage_*`: upload a file to a node in chunks, download any stored file (the node fetches any k shards from
//! providers over p2p, checks them and rebuilds the file), and read a file's on-chain record.
//!
//! An upload is three calls: `zgStorage_uploadBegin(size)` → an upload id; `zgStorage_uploadChunk(id, offset,
//! bytes)` as many times as needed (chunks of at most [`MAX_CHUNK`] bytes, any order, resumable: the reply is the
//! number of bytes received so far); `zgStorage_uploadFinish(id, root)` checks that the data's Merkle root is
//! `root` and keeps the file. The fee is paid by the owner's `storage.submit_file(root, size, periods)`
//! transaction; the node's storage worker encodes the file once the chain has placed it.

use std::sync::Arc;

use jsonrpsee::{
	core::{async_trait, RpcResult},
	proc_macros::rpc,
	types::error::ErrorObjectOwned,
};
use serde::{Deserialize, Serialize};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::{Bytes, H256};
use zg_primitives::{
	storage::host::{FileStatus, StorageApi},
	AccountId, Balance, Block,
};

/// The most bytes one `uploadChunk` or `download` call carries.
pub const MAX_CHUNK: u64 = 4 * 1024 * 1024;

/// Why a storage call failed. Each kind has its own JSON-RPC error code (see [`StorageError::code`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageError {
	/// The file is larger than the chain or this node accepts.
	TooLarge { size: u64, max: u64 },
	/// Zero bytes.
	Empty,
	/// No upload with this id (never begun, finished, or expired).
	UnknownUpload(u64),
	/// The chunk does not lie within the upload, or is larger than [`MAX_CHUNK`].
	BadRange { offset: u64, len: u64, size: u64 },
	/// `uploadFinish` before every byte arrived.
	Incomplete { received: u64, size: u64 },
	/// The uploaded data's Merkle root is not the root given.
	RootMismatch { expected: H256, actual: H256 },
	/// The chain knows no file with this root.
	UnknownFile(H256),
	/// The file is known but not yet encoded, and this node does not hold it.
	NotYetAvailable(H256),
	/// Fewer than k shards could be fetched and checked.
	NotEnoughShards { have: usize, need: usize },
	/// The node's blob store is full.
	StoreFull { needed: u64, free: u64 },
	/// Anything else (I/O, database).
	Internal(String),
}

impl StorageError {
	/// The JSON-RPC error code.
	pub fn code(&self) -> i32 {
		match self {
			Self::TooLarge { .. } => 7001,
			Self::Empty => 7002,
			Self::UnknownUpload(_) => 7003,
			Self::BadRange { .. } => 7004,
			Self::Incomplete { .. } => 7005,
			Self::RootMismatch { .. } => 7006,
			Self::UnknownFile(_) => 7007,
			Self::NotYetAvailable(_) => 7008,
			Self::NotEnoughShards { .. } => 7009,
			Self::StoreFull { .. } => 7010,
			Self::Internal(_) => 7099,
		}
	}
}

impl core::fmt::Display for StorageError {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		match self {
			Self::TooLarge { size, max } => write!(f, "file of {size} bytes is larger than the {max} accepted"),
			Self::Empty => write!(f, "an empty file cannot be stored"),
			Self::UnknownUpload(id) => write!(f, "no upload with id {id}"),
			Self::BadRange { offset, len, size } => write!(
				f,
				"chunk of {len} bytes at offset {offset} does not fit an upload of {size} bytes (chunks are at most {MAX_CHUNK} bytes)"
			),
			Self::Incomplete { received, size } =>
				write!(f, "upload incomplete: {received} of {size} bytes received"),
			Self::RootMismatch { expected, actual } =>
				write!(f, "the data's Merkle root is {actual:?}, not {expected:?}"),
			Self::UnknownFile(root) => write!(f, "no file with root {root:?} on chain"),
			Self::NotYetAvailable(root) =>
				write!(f, "file {root:?} is not encoded yet and this node does not hold it"),
			Self::NotEnoughShards { have, need } =>
				write!(f, "only {have} of the {need} shards needed could be fetched and verified"),
			Self::StoreFull { needed, free } =>
				write!(f, "blob store full: {needed} bytes needed, {free} free"),
			Self::Internal(e) => write!(f, "internal error: {e}"),
		}
	}
}

impl From<StorageError> for ErrorObjectOwned {
	fn from(e: StorageError) -> Self {
		ErrorObjectOwned::owned(e.code(), e.to_string(), None::<()>)
	}
}

/// What the node does with file data: its blob store and fetch service.
#[async_trait]
pub trait StorageBackend: Send + Sync + 'static {
	/// Starts an upload of `size` bytes (already checked against the chain's limit); returns its id.
	fn upload_begin(&self, size: u64) -> Result<u64, StorageError>;
	/// Stores `data` at `offset` of upload `id`; returns the bytes received so far.
	fn upload_chunk(&self, id: u64, offset: u64, data: &[u8]) -> Result<u64, StorageError>;
	/// Completes upload `id`: checks its Merkle root is `root` and keeps it as a file.
	fn upload_finish(&self, id: u64, root: H256) -> Result<u64, StorageError>;
	/// Bytes `offset .. offset + len` of the file, fetching and rebuilding it first if the node does not hold it.
	/// `layout` is the chain's record of the file.
	async fn download(
		&self,
		layout: zg_primitives::storage::host::FileLayout,
		offset: u64,
		len: u64,
	) -> Result<Vec<u8>, StorageError>;
	/// What this node holds of the file: the whole file, and which shards.
	fn local(&self, root: &H256) -> LocalHolding;
	/// What this node's blob store holds in all.
	fn usage(&self) -> Result<StoreUsage, StorageError>;
}

/// What a node's blob store holds (the reply of `usage`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoreUsage {
	/// Bytes of whole files and shards.
	pub used: u64,
	/// Bytes reserved by uploads in progress.
	pub reserved: u64,
	/// The most the store may hold (`--storage-max-bytes`).
	pub max: u64,
	/// Whole files held.
	pub files: u64,
	/// Shards held.
	pub shards: u64,
}

/// What a node holds of a file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LocalHolding {
	/// The whole file (uploaded here, or rebuilt by a download).
	pub file: bool,
	/// Shards held, checked against their roots.
	pub shards: Vec<u32>,
}

/// The reply of `uploadFinish`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UploadReceipt {
	pub root: H256,
	pub size: u64,
	/// The fee `submit_file(root, size, periods)` will charge for `periods` = 1 (multiply for more).
	pub fee_per_period: Option<String>,
}

/// One shard in `fileInfo`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ShardInfo {
	pub index: u32,
	pub provider: String,
	/// base58 libp2p peer id of the provider's node.
	pub peer_id: String,
	pub root: Option<H256>,
	pub acknowledged: bool,
}

/// The reply of `fileInfo`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FileInfo {
	pub root: H256,
	pub size: u64,
	pub owner: String,
	/// "pending", "encoded" or "stored".
	pub state: String,
	pub encoder: Option<String>,
	pub data_shards: u8,
	pub parity_shards: u8,
	pub shards: Vec<ShardInfo>,
	/// Fees paid and paid out so far, in planck (decimal strings: they exceed JSON's safe integers).
	pub fee: String,
	pub paid_out: String,
	pub start_round: u64,
	pub end_round: u64,
	/// What the node answering holds of it.
	pub local: LocalHolding,
}

/// The `zgStorage` JSON-RPC namespace.
#[rpc(server, namespace = "zgStorage")]
pub trait StorageRpc {
	/// Starts an upload of `size` bytes; returns the upload id.
	#[method(name = "uploadBegin")]
	fn upload_begin(&self, size: u64) -> RpcResult<u64>;

	/// Stores `data` at byte `offset` of upload `id`; returns the bytes received so far.
	#[method(name = "uploadChunk")]
	fn upload_chunk(&self, id: u64, offset: u64, data: Bytes) -> RpcResult<u64>;

	/// Completes upload `id` if its data's Merkle root is `root`.
	#[method(name = "uploadFinish")]
	fn upload_finish(&self, id: u64, root: H256) -> RpcResult<UploadReceipt>;

	/// Bytes `offset .. offset + len` (`len` ≤ 4 MiB) of the stored file `root`.
	#[method(name = "download")]
	async fn download(&self, root: H256, offset: u64, len: u64) -> RpcResult<Bytes>;

	/// The chain's record of file `root`, or `null`.
	#[method(name = "fileInfo")]
	fn file_info(&self, root: H256) -> RpcResult<Option<FileInfo>>;

	/// What this node's blob store holds: bytes used, reserved by uploads and allowed, whole files and shards.
	#[method(name = "usage")]
	fn usage(&self) -> RpcResult<StoreUsage>;
}

/// The server side of `zgStorage`.
pub struct Storage<C, B> {
	client: Arc<C>,
	backend: Arc<B>,
}

impl<C, B> Storage<C, B> {
	pub fn new(client: Arc<C>, backend: Arc<B>) -> Self {
		Self { client, backend }
	}
}

fn ss58(account: &AccountId) -> String {
	use sp_core::crypto::Ss58Codec;
	account.to_ss58check()
}

fn peer_string(bytes: &[u8]) -> String {
	// A libp2p peer id is shown in base58 of its multihash bytes.
	bs58::encode(bytes).into_string()
}

impl<C, B> Storage<C, B>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: StorageApi<Block, AccountId, Balance>,
{
	fn at(&self) -> <Block as sp_runtime::traits::Block>::Hash {
		self.client.info().best_hash
	}

	fn chain_file(
		&self,
		root: H256,
	) -> Result<Option<zg_primitives::storage::host::FileView<AccountId, Balance>>, StorageError> {
		self.client
			.runtime_api()
			.file(self.at(), root)
			.map_err(|e| StorageError::Internal(format!("runtime API: {e}")))
	}
}

#[async_trait]
impl<C, B> StorageRpcServer for Storage<C, B>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: StorageApi<Block, AccountId, Balance>,
	B: StorageBackend,
{
	fn upload_begin(&self, size: u64) -> RpcResult<u64> {
		if size == 0 {
			return Err(StorageError::Empty.into());
		}
		let max = self
			.client
			.runtime_api()
			.max_file_size(self.at())
			.map_err(|e| StorageError::Internal(format!("runtime API: {e}")))?;
		if size > max {
			return Err(StorageError::TooLarge { size, max }.into());
		}
		Ok(self.backend.upload_begin(size)?)
	}

	fn upload_chunk(&self, id: u64, offset: u64, data: Bytes) -> RpcResult<u64> {
		if data.0.len() as u64 > MAX_CHUNK {
			return Err(StorageError::BadRange { offset, len: data.0.len() as u64, size: 0 }.into());
		}
		Ok(self.backend.upload_chunk(id, offset, &data.0)?)
	}

	fn upload_finish(&self, id: u64, root: H256) -> RpcResult<UploadReceipt> {
		let size = self.backend.upload_finish(id, root)?;
		let fee_per_period = self
			.client
			.runtime_api()
			.fee(self.at(), size, 1)
			.ok()
			.flatten()
			.map(|fee| fee.to_string());
		Ok(UploadReceipt { root, size, fee_per_period })
	}

	async fn download(&self, root: H256, offset: u64, len: u64) -> RpcResult<Bytes> {
		if len > MAX_CHUNK {
			return Err(StorageError::BadRange { offset, len, size: 0 }.into());
		}
		let file = self.chain_file(root)?.ok_or(StorageError::UnknownFile(root))?;
		if offset > file.layout.size {
			return Err(StorageError::BadRange { offset, len, size: file.layout.size }.into());
		}
		let len = len.min(file.layout.size - offset);
		Ok(Bytes(self.backend.download(file.layout, offset, len).await?))
	}

	fn file_info(&self, root: H256) -> RpcResult<Option<FileInfo>> {
		let Some(file) = self.chain_file(root)? else { return Ok(None) };
		let shards = file
			.layout
			.shards
			.iter()
			.zip(file.providers.iter())
			.enumerate()
			.map(|(index, (shard, provider))| ShardInfo {
				index: index as u32,
				provider: ss58(provider),
				peer_id: peer_string(&shard.peer_id),
				root: shard.root,
				acknowledged: shard.acknowledged,
			})
			.collect();
		Ok(Some(FileInfo {
			root,
			size: file.layout.size,
			owner: ss58(&file.owner),
			state: match file.state {
				FileStatus::Pending => "pending",
				FileStatus::Encoded => "encoded",
				FileStatus::Stored => "stored",
			}
			.into(),
			encoder: file.encoder.as_ref().map(ss58),
			data_shards: file.layout.params.data_shards,
			parity_shards: file.layout.params.parity_shards,
			shards,
			fee: file.fee.to_string(),
			paid_out: file.paid_out.to_string(),
			start_round: file.start_round,
			end_round: file.end_round,
			local: self.backend.local(&root),
		}))
	}

	fn usage(&self) -> RpcResult<StoreUsage> {
		Ok(self.backend.usage()?)
	}
}
