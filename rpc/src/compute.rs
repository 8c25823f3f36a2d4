//! `zgCompute_*`: the compute market as clients read it — job kinds, offers (cheapest first), a quote for a job,
//! and a job's status and result. Read-only: jobs are submitted and settled by signed transactions.

use std::sync::Arc;

use jsonrpsee::{core::RpcResult, proc_macros::rpc, types::error::ErrorObjectOwned};
use serde::{Deserialize, Serialize};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::{bytes::to_hex, crypto::Ss58Codec, H256};
use zg_primitives::{
	compute::{ComputeApi, JobId, KindId},
	AccountId, Balance, Block, BlockNumber,
};

/// The error code of a runtime API failure.
pub const RUNTIME_API_ERROR: i32 = 7201;
/// The error code of a request for a kind the chain does not have.
pub const UNKNOWN_KIND: i32 = 7202;

fn error(code: i32, message: impl Into<String>) -> ErrorObjectOwned {
	ErrorObjectOwned::owned(code, message.into(), None::<()>)
}

/// A job kind.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KindInfo {
	pub id: KindId,
	pub name: String,
	/// "proven" or "attested".
	pub mode: String,
	pub stored_input: bool,
	pub min_input: u64,
	pub max_input: u64,
	pub unit_bytes: u64,
	/// Whether disputes can be decided by a proof.
	pub has_circuit: bool,
	pub model: H256,
	/// Whether the output is a file stored in zg storage for the job's owner (see `JobInfo::output_file`).
	pub stored_output: bool,
}

/// An offer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OfferInfo {
	pub provider: String,
	/// base58 libp2p peer id of the provider's node.
	pub peer_id: String,
	pub kind: KindId,
	pub hardware: String,
	/// Per unit of work, in planck (decimal string).
	pub price: String,
	pub capacity: u32,
	pub in_flight: u32,
	pub stake: String,
}

/// A quote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Quote {
	/// The price of the job, in planck (decimal string).
	pub price: String,
	/// The provider it would go to now (equal prices are drawn at submission).
	pub provider: String,
}

/// A job.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JobInfo {
	pub id: JobId,
	pub owner: String,
	pub kind: KindId,
	pub provider: String,
	pub escrow: String,
	pub price: String,
	pub deadline: BlockNumber,
	/// "assigned", "attested", "disputed", "done", "failed-timeout", "failed-overturned" or
	/// "failed-not-delivered" (a stored output never reached the storage network).
	pub status: String,
	/// The output (hex), once there is one.
	pub output: Option<String>,
	/// For kinds whose output is a stored file: that file (download it with `zgStorage_download`).
	pub output_file: Option<OutputFile>,
	/// Whether the output was proven on chain.
	pub proven: bool,
	/// Until when an attested result can be disputed (or a dispute's votes are counted).
	pub open_until: Option<BlockNumber>,
}

/// A job's output file in zg storage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OutputFile {
	pub root: H256,
	pub size: u64,
}

/// The `zgCompute` JSON-RPC namespace.
#[rpc(server, namespace = "zgCompute")]
pub trait ComputeRpc {
	/// The job kinds the chain sells.
	#[method(name = "kinds")]
	fn kinds(&self) -> RpcResult<Vec<KindInfo>>;

	/// The offers of a kind (every kind if none is given), cheapest first.
	#[method(name = "offers")]
	fn offers(&self, kind: Option<KindId>) -> RpcResult<Vec<OfferInfo>>;

	/// The price of a job of `kind` on `size` input bytes now, and its provider; `null` if no provider is free.
	#[method(name = "quote")]
	fn quote(&self, kind: KindId, size: u64) -> RpcResult<Option<Quote>>;

	/// A job's status and result; `null` if the chain does not know it (never submitted, or pruned).
	#[method(name = "job")]
	fn job(&self, id: JobId) -> RpcResult<Option<JobInfo>>;
}

/// The `zgCompute` methods over a client.
pub struct Compute<C> {
	client: Arc<C>,
}

impl<C> Compute<C> {
	/// The methods over `client`.
	pub fn new(client: Arc<C>) -> Self {
		Compute { client }
	}
}

fn peer_string(bytes: &[u8]) -> String {
	bs58::encode(bytes).into_string()
}

impl<C> ComputeRpcServer for Compute<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: ComputeApi<Block, AccountId, Balance, BlockNumber>,
{
	fn kinds(&self) -> RpcResult<Vec<KindInfo>> {
		let at = self.client.info().best_hash;
		let kinds = self.client.runtime_api().kinds(at).map_err(|e| error(RUNTIME_API_ERROR, e.to_string()))?;
		Ok(kinds
			.into_iter()
			.map(|k| KindInfo {
				id: k.id,
				name: String::from_utf8_lossy(&k.name).into_owned(),
				mode: if k.proven { "proven" } else { "attested" }.into(),
				stored_input: k.stored_input,
				min_input: k.min_input,
				max_input: k.max_input,
				unit_bytes: k.unit_bytes,
				has_circuit: k.has_circuit,
				model: k.model,
				stored_output: k.stored_output,
			})
			.collect())
	}

	fn offers(&self, kind: Option<KindId>) -> RpcResult<Vec<OfferInfo>> {
		let at = self.client.info().best_hash;
		let api = self.client.runtime_api();
		let kinds: Vec<KindId> = match kind {
			Some(kind) => {
				let known = api.kinds(at).map_err(|e| error(RUNTIME_API_ERROR, e.to_string()))?;
				if !known.iter().any(|k| k.id == kind) {
					return Err(error(UNKNOWN_KIND, format!("no job kind {kind}")));
				}
				vec![kind]
			},
			None => api
				.kinds(at)
				.map_err(|e| error(RUNTIME_API_ERROR, e.to_string()))?
				.into_iter()
				.map(|k| k.id)
				.collect(),
		};
		let mut out = Vec::new();
		for kind in kinds {
			for o in api.offers(at, kind).map_err(|e| error(RUNTIME_API_ERROR, e.to_string()))? {
				out.push(OfferInfo {
					provider: o.provider.to_ss58check(),
					peer_id: peer_string(&o.peer_id),
					kind: o.kind,
					hardware: String::from_utf8_lossy(&o.hardware).into_owned(),
					price: o.price.to_string(),
					capacity: o.capacity,
					in_flight: o.in_flight,
					stake: o.stake.to_string(),
				});
			}
		}
		Ok(out)
	}

	fn quote(&self, kind: KindId, size: u64) -> RpcResult<Option<Quote>> {
		let at = self.client.info().best_hash;
		let quote = self.client.runtime_api().quote(at, kind, size).map_err(|e| error(RUNTIME_API_ERROR, e.to_string()))?;
		Ok(quote.map(|(price, provider)| Quote { price: price.to_string(), provider: provider.to_ss58check() }))
	}

	fn job(&self, id: JobId) -> RpcResult<Option<JobInfo>> {
		let at = self.client.info().best_hash;
		let api = self.client.runtime_api();
		let Some(j) = api.job(at, id).map_err(|e| error(RUNTIME_API_ERROR, e.to_string()))? else { return Ok(None) };
		let stored_output = match &j.output {
			Some(_) => api
				.kinds(at)
				.map_err(|e| error(RUNTIME_API_ERROR, e.to_string()))?
				.iter()
				.any(|k| k.id == j.kind && k.stored_output),
			None => false,
		};
		let output_file = j
			.output
			.as_deref()
			.filter(|_| stored_output)
			.and_then(zg_primitives::compute::parse_stored_output)
			.map(|(root, size)| OutputFile { root, size });
		Ok(Some(JobInfo {
			id,
			owner: j.owner.to_ss58check(),
			kind: j.kind,
			provider: j.provider.to_ss58check(),
			escrow: j.escrow.to_string(),
			price: j.price.to_string(),
			deadline: j.deadline,
			status: String::from_utf8_lossy(&j.status).into_owned(),
			output: j.output.map(|o| to_hex(&o, false)),
			output_file,
			proven: j.proven,
			open_until: j.open_until,
		}))
	}
}
