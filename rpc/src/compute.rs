//! `zgCompute_*`: the compute market as clients read it — job kinds, offers (cheapest first), a quote for a job,
//! a job's status and result, inference services with their prices, and a payment channel's state. Read-only:
//! jobs are submitted and settled, and channels funded and redeemed, by signed transactions.

use std::sync::Arc;

use jsonrpsee::{core::RpcResult, proc_macros::rpc, types::error::ErrorObjectOwned};
use serde::{Deserialize, Serialize};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::{bytes::to_hex, crypto::Ss58Codec, H256};
use zg_primitives::{
	compute::{
		inference::{ChannelId, ServiceId, Tokenizer, MAX_SERVICES_PER_QUERY},
		ComputeApi, JobId, KindId,
	},
	AccountId, Balance, Block, BlockNumber,
};

/// The error code of a runtime API failure.
pub const RUNTIME_API_ERROR: i32 = 7201;
/// The error code of a request for a kind the chain does not have.
pub const UNKNOWN_KIND: i32 = 7202;
/// The error code of an address that is not SS58.
pub const BAD_ADDRESS: i32 = 7203;

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

/// An inference service.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceInfo {
	pub id: ServiceId,
	pub provider: String,
	/// The model's name, as OpenAI-style clients ask for it.
	pub model: String,
	/// The hash of its weights: what its response receipts must name.
	pub weights: H256,
	/// "bytes" (one token per byte: counts checkable on chain) or "model" (the model's own tokenizer).
	pub tokenizer: String,
	/// The price of a prompt token now, in planck (decimal string).
	pub input_price: String,
	/// The price of a completion token now, in planck (decimal string).
	pub output_price: String,
	/// Announced prices and the block they apply from.
	pub next: Option<NextPrices>,
	/// The gateway's URL.
	pub endpoint: String,
	/// The provider's ed25519 attestation key (hex): what signs response receipts.
	pub attestation_key: String,
	pub retired: bool,
}

/// Prices announced for a later block.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NextPrices {
	pub input_price: String,
	pub output_price: String,
	pub from: BlockNumber,
}

/// A payment channel.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChannelInfo {
	pub id: ChannelId,
	/// The ed25519 key that signs its vouchers (hex).
	pub key: String,
	/// All the user has put in, in planck (decimal string).
	pub deposit: String,
	/// Paid to the provider so far.
	pub redeemed: String,
	/// What vouchers may still claim: `deposit - redeemed`.
	pub available: String,
	/// The last redeemed voucher's nonce: the next voucher must have a greater one.
	pub nonce: u64,
	/// Set when the user asked for a refund: vouchers are redeemable until this block.
	pub refund_at: Option<BlockNumber>,
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

	/// Inference services with ids from `from` (default 0) on, at most 256, in id order: model, weights hash,
	/// prices now and announced, endpoint and the key that signs their receipts.
	#[method(name = "services")]
	fn services(&self, from: Option<ServiceId>) -> RpcResult<Vec<ServiceInfo>>;

	/// The payment channel of `user` (SS58) to `provider` (SS58); `null` if there is none.
	#[method(name = "channel")]
	fn channel(&self, user: String, provider: String) -> RpcResult<Option<ChannelInfo>>;
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

	fn services(&self, from: Option<ServiceId>) -> RpcResult<Vec<ServiceInfo>> {
		let at = self.client.info().best_hash;
		let services = self
			.client
			.runtime_api()
			.services(at, from.unwrap_or(0), MAX_SERVICES_PER_QUERY)
			.map_err(|e| error(RUNTIME_API_ERROR, e.to_string()))?;
		Ok(services
			.into_iter()
			.map(|s| ServiceInfo {
				id: s.id,
				provider: s.provider.to_ss58check(),
				model: String::from_utf8_lossy(&s.model).into_owned(),
				weights: s.weights,
				tokenizer: match s.tokenizer {
					Tokenizer::Bytes => "bytes",
					Tokenizer::Model => "model",
				}
				.into(),
				input_price: s.input_price.to_string(),
				output_price: s.output_price.to_string(),
				next: s.next.map(|(input, output, from)| NextPrices {
					input_price: input.to_string(),
					output_price: output.to_string(),
					from,
				}),
				endpoint: String::from_utf8_lossy(&s.endpoint).into_owned(),
				attestation_key: to_hex(&s.attestation_key, false),
				retired: s.retired,
			})
			.collect())
	}

	fn channel(&self, user: String, provider: String) -> RpcResult<Option<ChannelInfo>> {
		let account = |s: &str| {
			AccountId::from_ss58check(s).map_err(|e| error(BAD_ADDRESS, format!("{s} is not an SS58 address: {e:?}")))
		};
		let (user, provider) = (account(&user)?, account(&provider)?);
		let at = self.client.info().best_hash;
		let channel = self
			.client
			.runtime_api()
			.channel(at, user, provider)
			.map_err(|e| error(RUNTIME_API_ERROR, e.to_string()))?;
		Ok(channel.map(|c| ChannelInfo {
			id: c.id,
			key: to_hex(&c.key, false),
			deposit: c.deposit.to_string(),
			redeemed: c.redeemed.to_string(),
			available: c.deposit.saturating_sub(c.redeemed).to_string(),
			nonce: c.nonce,
			refund_at: c.refund_at,
		}))
	}
}
