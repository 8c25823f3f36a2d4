//! `zgStorage_*`: upload a file to a node in chunks, download any stored file (the node fetches any k shards from
//! providers over p2p, checks them and rebuilds the file), and read a file's on-chain record.
//!
//! An upload is three calls: `zgStorage_uploadBegin(size)` → an upload id; `zgStorage_uploadChunk(id, offset,
//! bytes)` as many times as needed (chunks of at most [`MAX_CHUNK`] bytes, any order, resumable: the reply is the
//! number of bytes received so far); `zgStorage_uploadFinish(id, root)` checks that the data's Merkle root is
//! `root` and keeps the file. The fee is paid by the owner's `storage.submit_file(root, size, periods)`
//! transaction. A node with a storage provider's key (the receipt names it as the encoder to choose) starts
//! encoding the file as soon as the upload is finished, before the submission lands; its storage worker confirms
//! the encoding once the chain has placed the file.

use std::sync::Arc;

use jsonrpsee::{
	core::{async_trait, RpcResult},
	proc_macros::rpc,
	types::error::ErrorObjectOwned,
	ConnectionId, Extensions,
};
use sc_rpc::DenyUnsafe;
use serde::{Deserialize, Serialize};
use sp_api::{ApiExt, ProvideRuntimeApi};
use sp_blockchain::HeaderBackend;
use sp_core::{Bytes, H256};
use zg_primitives::{
	storage::{
		host::{FileStatus, StorageApi},
		ErasureParams,
	},
	AccountId, Balance, Block,
};
pub use zg_node_storage::{LocalHolding, StorageBackend, StorageError, StoreUsage, MAX_CHUNK};

/// The JSON-RPC error of a storage error: its own code (7001–7013, 7099) and message.
pub fn rpc_error(e: StorageError) -> ErrorObjectOwned {
	ErrorObjectOwned::owned(e.code(), e.to_string(), None::<()>)
}

/// The error of an unsafe method called on a public RPC interface (Substrate's code for it).
fn unsafe_denied() -> ErrorObjectOwned {
	ErrorObjectOwned::owned(-32601, "RPC call is unsafe to be called externally", None::<()>)
}

/// Fails unless the call came through an interface that allows unsafe methods (`--rpc-methods unsafe`, or the
/// default `auto` on a local-only interface). A call without the server's marker (never the case with the
/// node's RPC server) is treated as public.
fn check_unsafe_allowed(ext: &Extensions) -> Result<(), ErrorObjectOwned> {
	match ext.get::<DenyUnsafe>() {
		Some(DenyUnsafe::No) => Ok(()),
		_ => Err(unsafe_denied()),
	}
}

/// The reply of `uploadFinish`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UploadReceipt {
	pub root: H256,
	pub size: u64,
	/// The fee `submit_file(root, size, periods, encoder)` will charge for `periods` = 1 (multiply for more).
	pub fee_per_period: Option<String>,
	/// The storage-provider accounts of this node (its `zgst` keys): name one of them as `encoder` in
	/// `submit_file`, since only this node has the upload. Empty on a node that is no provider.
	pub encoders: Vec<String>,
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

/// The `zgStorage` JSON-RPC namespace. The methods that write or walk the blob store (uploads, `usage`) run on
/// tokio's blocking pool (`blocking`): they take the store's lock and may hash and rewrite a whole upload, and
/// run inline they would hold one of the node's async worker threads — which also run networking and consensus —
/// for as long as they wait.
#[rpc(server, namespace = "zgStorage")]
pub trait StorageRpc {
	/// Starts an upload of `size` bytes; returns the upload id (random, below 2^53: whoever knows it may write
	/// the upload). Bounded: uploads not yet paid for on chain share `--storage-upload-max-bytes`, at most 64 are
	/// in progress (4 per connection), and one with no new chunk for 5 minutes is discarded.
	#[method(name = "uploadBegin", blocking, with_extensions)]
	fn upload_begin(&self, size: u64) -> RpcResult<u64>;

	/// Stores `data` at byte `offset` of upload `id`; returns the bytes received so far.
	#[method(name = "uploadChunk", blocking)]
	fn upload_chunk(&self, id: u64, offset: u64, data: Bytes) -> RpcResult<u64>;

	/// Completes upload `id` if its data's Merkle root is `root`.
	#[method(name = "uploadFinish", blocking)]
	fn upload_finish(&self, id: u64, root: H256) -> RpcResult<UploadReceipt>;

	/// Bytes `offset .. offset + len` (`len` ≤ 4 MiB) of the stored file `root`.
	#[method(name = "download")]
	async fn download(&self, root: H256, offset: u64, len: u64) -> RpcResult<Bytes>;

	/// The chain's record of file `root`, or `null`.
	#[method(name = "fileInfo")]
	fn file_info(&self, root: H256) -> RpcResult<Option<FileInfo>>;

	/// What this node's blob store holds: bytes used, reserved by uploads and allowed, whole files and shards.
	/// Unsafe (it walks the store's records): refused on public interfaces.
	#[method(name = "usage", blocking, with_extensions)]
	fn usage(&self) -> RpcResult<StoreUsage>;
}

/// The server side of `zgStorage`.
pub struct Storage<C, B> {
	client: Arc<C>,
	backend: Arc<B>,
	keystore: Option<sp_keystore::KeystorePtr>,
}

impl<C, B> Storage<C, B> {
	/// `keystore`: the node's keys, whose `zgst` ones `uploadFinish` names as the encoders to choose.
	pub fn new(client: Arc<C>, backend: Arc<B>, keystore: Option<sp_keystore::KeystorePtr>) -> Self {
		Self { client, backend, keystore }
	}

	/// The accounts of this node's storage-provider keys.
	fn encoders(&self) -> Vec<String> {
		let Some(keystore) = &self.keystore else { return Vec::new() };
		keystore
			.sr25519_public_keys(zg_primitives::storage::host::STORAGE_KEY_TYPE)
			.into_iter()
			.map(|key| ss58(&AccountId::from(key)))
			.collect()
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

	/// The answer to a finished upload: its fee per period and this node's encoders.
	fn receipt(&self, root: H256, size: u64) -> UploadReceipt {
		let fee_per_period = self.client.runtime_api().fee(self.at(), size, 1).ok().flatten().map(|fee| fee.to_string());
		UploadReceipt { root, size, fee_per_period, encoders: self.encoders() }
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

/// The chain as the storage node's HTTP endpoint sees it: the same limit, records and receipts as the RPC's.
impl<C, B> zg_node_storage::http::FileDirectory for Storage<C, B>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: StorageApi<Block, AccountId, Balance>,
	B: Send + Sync + 'static,
{
	fn max_file_size(&self) -> Result<u64, StorageError> {
		self.client
			.runtime_api()
			.max_file_size(self.at())
			.map_err(|e| StorageError::Internal(format!("runtime API: {e}")))
	}

	fn layout(&self, root: H256) -> Result<Option<zg_primitives::storage::host::FileLayout>, StorageError> {
		Ok(self.chain_file(root)?.map(|file| file.layout))
	}

	fn receipt(&self, root: H256, size: u64) -> serde_json::Value {
		serde_json::to_value(self.receipt(root, size)).unwrap_or_default()
	}

	fn erasure_params(&self) -> Option<ErasureParams> {
		let keystore = self.keystore.as_ref()?;
		if keystore.sr25519_public_keys(zg_primitives::storage::host::STORAGE_KEY_TYPE).is_empty() {
			return None;
		}
		let (api, at) = (self.client.runtime_api(), self.at());
		// Version 2 of the runtime API has it; a runtime not upgraded yet gets its uploads encoded once submitted.
		match api.api_version::<dyn StorageApi<Block, AccountId, Balance>>(at) {
			Ok(Some(version)) if version >= 2 => api.erasure_params(at).ok(),
			_ => None,
		}
	}
}

#[async_trait]
impl<C, B> StorageRpcServer for Storage<C, B>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: StorageApi<Block, AccountId, Balance>,
	B: StorageBackend,
{
	fn upload_begin(&self, ext: &Extensions, size: u64) -> RpcResult<u64> {
		if size == 0 {
			return Err(rpc_error(StorageError::Empty));
		}
		let max = zg_node_storage::http::FileDirectory::max_file_size(self).map_err(rpc_error)?;
		if size > max {
			return Err(rpc_error(StorageError::TooLarge { size, max }));
		}
		let client = ext.get::<ConnectionId>().map(|id| id.0 as u64);
		self.backend.upload_begin(size, client, None).map_err(rpc_error)
	}

	fn upload_chunk(&self, id: u64, offset: u64, data: Bytes) -> RpcResult<u64> {
		if data.0.len() as u64 > MAX_CHUNK {
			return Err(rpc_error(StorageError::BadRange { offset, len: data.0.len() as u64, size: 0 }));
		}
		self.backend.upload_chunk(id, offset, &data.0).map_err(rpc_error)
	}

	fn upload_finish(&self, id: u64, root: H256) -> RpcResult<UploadReceipt> {
		let size = self.backend.upload_finish(id, root).map_err(rpc_error)?;
		if let Some(params) = zg_node_storage::http::FileDirectory::erasure_params(self) {
			self.backend.encode_ahead(root, params);
		}
		Ok(self.receipt(root, size))
	}

	async fn download(&self, root: H256, offset: u64, len: u64) -> RpcResult<Bytes> {
		if len > MAX_CHUNK {
			return Err(rpc_error(StorageError::BadRange { offset, len, size: 0 }));
		}
		let file = self.chain_file(root).map_err(rpc_error)?.ok_or_else(|| rpc_error(StorageError::UnknownFile(root)))?;
		if offset > file.layout.size {
			return Err(rpc_error(StorageError::BadRange { offset, len, size: file.layout.size }));
		}
		let len = len.min(file.layout.size - offset);
		Ok(Bytes(self.backend.download(file.layout, offset, len).await.map_err(rpc_error)?))
	}

	fn file_info(&self, root: H256) -> RpcResult<Option<FileInfo>> {
		let Some(file) = self.chain_file(root).map_err(rpc_error)? else { return Ok(None) };
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

	fn usage(&self, ext: &Extensions) -> RpcResult<StoreUsage> {
		check_unsafe_allowed(ext)?;
		self.backend.usage().map_err(rpc_error)
	}
}
