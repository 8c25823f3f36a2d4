//! `zgDa_*`: data availability as clients read it — a blob's status and certificate, its row commitments (what a
//! sampler checks cells against), an epoch's committee and the fee of a blob now. Blobs are submitted, attested
//! and challenged by signed transactions; dispersal, retrieval and sampling over the network come with the node's
//! DA service.

use std::sync::Arc;

use jsonrpsee::{core::RpcResult, proc_macros::rpc, types::error::ErrorObjectOwned};
use serde::{Deserialize, Serialize};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::{bytes::to_hex, crypto::Ss58Codec, H256};
use zg_primitives::{
	da::{BlobId, DaApi, EpochIndex},
	AccountId, Balance, Block, BlockNumber,
};

/// The error code of a runtime API failure.
pub const RUNTIME_API_ERROR: i32 = 7301;
/// The error code of a blob size the chain does not take.
pub const BAD_SIZE: i32 = 7302;

fn error(code: i32, message: impl Into<String>) -> ErrorObjectOwned {
	ErrorObjectOwned::owned(code, message.into(), None::<()>)
}

fn api_error(e: impl ToString) -> ErrorObjectOwned {
	error(RUNTIME_API_ERROR, e.to_string())
}

/// A blob as the chain records it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BlobStatus {
	pub id: BlobId,
	pub submitter: String,
	pub namespace: u64,
	pub size: u64,
	/// The 256-byte-sector keccak root of the data (zg storage's file root).
	pub data_root: H256,
	pub epoch: EpochIndex,
	pub submitted_at: BlockNumber,
	/// The last block attestations count in.
	pub deadline: BlockNumber,
	/// The block it is paid out and pruned at.
	pub expires_at: BlockNumber,
	/// In planck (decimal string).
	pub fee: String,
	/// "pending", "certified" or "unavailable".
	pub status: String,
	/// The block of the certificate.
	pub certified_at: Option<BlockNumber>,
	pub attested_slots: u32,
	pub slots: u32,
	/// base58 libp2p peer id of the node serving the blob's cells.
	pub disperser: String,
}

/// An epoch's committee.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Committee {
	pub epoch: EpochIndex,
	/// The signer of each slot (slot `s` holds the columns `c` with `c % slots.len() == s`).
	pub slots: Vec<String>,
}

/// The `zgDa` JSON-RPC namespace.
#[rpc(server, namespace = "zgDa")]
pub trait DaRpc {
	/// A blob's status and certificate; `null` if the chain does not know it (never submitted, or pruned).
	#[method(name = "status")]
	fn status(&self, id: BlobId) -> RpcResult<Option<BlobStatus>>;

	/// A blob's row commitments (hex, 48 bytes each); `null` once pruned or found unavailable.
	#[method(name = "commitments")]
	fn commitments(&self, id: BlobId) -> RpcResult<Option<Vec<String>>>;

	/// The committee of `epoch` (the current one if none is given); `null` if the chain no longer keeps it or
	/// has not drawn it.
	#[method(name = "committee")]
	fn committee(&self, epoch: Option<EpochIndex>) -> RpcResult<Option<Committee>>;

	/// The fee of a blob of `size` bytes now, in planck (decimal string).
	#[method(name = "fee")]
	fn fee(&self, size: u64) -> RpcResult<String>;
}

/// The `zgDa` methods over a client.
pub struct Da<C> {
	client: Arc<C>,
}

impl<C> Da<C> {
	/// The methods over `client`.
	pub fn new(client: Arc<C>) -> Self {
		Da { client }
	}
}

impl<C> DaRpcServer for Da<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: DaApi<Block, AccountId, Balance, BlockNumber>,
{
	fn status(&self, id: BlobId) -> RpcResult<Option<BlobStatus>> {
		let at = self.client.info().best_hash;
		let Some(b) = self.client.runtime_api().blob(at, id).map_err(api_error)? else { return Ok(None) };
		Ok(Some(BlobStatus {
			id,
			submitter: b.submitter.to_ss58check(),
			namespace: b.namespace,
			size: b.size,
			data_root: H256(b.data_root),
			epoch: b.epoch,
			submitted_at: b.submitted_at,
			deadline: b.deadline,
			expires_at: b.expires_at,
			fee: b.fee.to_string(),
			status: String::from_utf8_lossy(&b.status).into_owned(),
			certified_at: b.certified_at,
			attested_slots: b.attested_slots,
			slots: b.slots,
			disperser: bs58::encode(&b.disperser).into_string(),
		}))
	}

	fn commitments(&self, id: BlobId) -> RpcResult<Option<Vec<String>>> {
		let at = self.client.info().best_hash;
		let commitments = self.client.runtime_api().commitments(at, id).map_err(api_error)?;
		Ok(commitments.map(|c| c.iter().map(|c| to_hex(c, false)).collect()))
	}

	fn committee(&self, epoch: Option<EpochIndex>) -> RpcResult<Option<Committee>> {
		let at = self.client.info().best_hash;
		let api = self.client.runtime_api();
		let epoch = match epoch {
			Some(epoch) => epoch,
			None => api.epoch(at).map_err(api_error)?.0,
		};
		let slots = api.committee(at, epoch).map_err(api_error)?;
		Ok(slots.map(|slots| Committee { epoch, slots: slots.iter().map(|s| s.to_ss58check()).collect() }))
	}

	fn fee(&self, size: u64) -> RpcResult<String> {
		let at = self.client.info().best_hash;
		match self.client.runtime_api().fee(at, size).map_err(api_error)? {
			Some(fee) => Ok(fee.to_string()),
			None => Err(error(BAD_SIZE, format!("{size} bytes is not a blob size this chain takes (1 byte to its maximum)"))),
		}
	}
}
