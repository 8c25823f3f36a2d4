//! The compute provider's off-chain worker.
//!
//! It runs after every imported block on nodes started with `--compute-provider --compute-worker URL`, for every
//! local key of type [`crypto::KEY_TYPE`] (`zgcp`) whose account is a registered compute provider. It
//! orchestrates; the compute worker (`zg-compute-worker`, a separate process on the same machine) runs the jobs:
//!
//! 1. **Jobs**: for each job assigned to the provider and still open (the [`ProviderJobs`] index, at most
//!    [`MAX_JOBS_SCAN`] per block), it posts a [`WorkRequest`] to the worker over localhost HTTP (`POST
//!    {url}/work`, SCALE body; idempotent: the first post queues the job, later ones ask how it stands). When the
//!    worker answers [`WorkStatus::Done`], it submits the result: `submit_proof` for proven kinds — or
//!    `submit_proofs` when several proofs of one kind are ready, verified together in one random linear
//!    combination — and `submit_attestation` (the worker signs with the attestation key) for attested ones.
//! 2. **Jury duty**: for each open dispute the provider was drawn for ([`JurorDuties`]), it has the worker
//!    re-execute the job the same way and votes the blake2-256 hash of the output.
//!
//! 3. **Redeeming vouchers** (nodes also started with `--inference-gateway URL`): when it has nothing else to send,
//!    it reads the latest voucher of every channel from the gateway (`GET {url}/zg/vouchers.scale`) and redeems,
//!    in one `redeem_batch`, those that pay more than the chain has redeemed — every [`REDEEM_EVERY`] blocks, and
//!    at once for a channel whose user asked for a refund (the provider can redeem only until the refund is due).
//!
//! A provider sends at most one transaction per block (they share the account nonce), and none while the last
//! one it sent may still be waiting for a block ([`zg_primitives::offchain::LastSent`]: in the block after one it
//! sent, only if that one is in it). Each HTTP call has a two-second deadline: a slow or absent worker delays
//! nothing else.

use super::*;
use frame_system::offchain::{AppCrypto, SendSignedTransaction, Signer};
use sp_runtime::{
	offchain::{http, storage::StorageValueRef, Duration},
	traits::IdentifyAccount,
	RuntimeAppPublic,
};
use zg_primitives::{
	compute::{WorkInput, WorkKind, WorkRequest, WorkStatus, WORKER_URL_KEY},
	offchain::LastSent,
};

/// The compute provider keys of the worker.
pub mod crypto {
	use sp_runtime::{app_crypto::sr25519, MultiSignature, MultiSigner};

	/// The key type of compute-provider keys.
	pub const KEY_TYPE: sp_core::crypto::KeyTypeId = sp_core::crypto::KeyTypeId(*b"zgcp");

	sp_runtime::app_crypto::app_crypto!(sr25519, KEY_TYPE);

	/// Signs the worker's transactions with a provider's sr25519 key of type [`KEY_TYPE`].
	pub struct ProviderAuthId;

	impl frame_system::offchain::AppCrypto<MultiSigner, MultiSignature> for ProviderAuthId {
		type RuntimeAppPublic = Public;
		type GenericPublic = sp_core::sr25519::Public;
		type GenericSignature = sp_core::sr25519::Signature;
	}
}

/// Blocks between two redemptions of a provider's vouchers (a channel with a pending refund does not wait).
pub const REDEEM_EVERY: u32 = 10;

/// How many of its jobs (and, separately, jury duties) one run looks at.
pub const MAX_JOBS_SCAN: usize = 64;

/// A proven result: job, output, proof.
type ProvenResult<T> = (JobId, BoundedVec<u8, <T as Config>::MaxOutput>, BoundedVec<u8, <T as Config>::MaxProofLen>);

/// What the worker does for a provider in this block.
enum Action<T: Config> {
	/// Proven results of one kind: one `submit_proof`, or one `submit_proofs` verified as a batch.
	Prove(Vec<ProvenResult<T>>),
	Attest { job: JobId, output: BoundedVec<u8, T::MaxOutput>, signature: [u8; 64] },
	Vote { job: JobId, hash: H256 },
	Redeem(BoundedVec<(T::AccountId, Voucher<BalanceOf<T>>), T::MaxVouchers>),
}

impl<T: Config> Action<T> {
	fn call(&self) -> Call<T> {
		match self {
			Action::Prove(results) => match &results[..] {
				[(job, output, proof)] =>
					Call::submit_proof { job: *job, output: output.clone(), proof: proof.clone() },
				_ => Call::submit_proofs {
					results: BoundedVec::truncate_from(results.clone()),
				},
			},
			Action::Attest { job, output, signature } =>
				Call::submit_attestation { job: *job, output: output.clone(), signature: *signature },
			Action::Vote { job, hash } => Call::vote { job: *job, output_hash: *hash },
			Action::Redeem(vouchers) => Call::redeem_batch { vouchers: vouchers.clone() },
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The off-chain worker (see the module docs).
	pub(crate) fn run_worker(now: BlockNumberFor<T>) {
		let locals = Self::local_providers();
		if locals.is_empty() {
			return;
		}
		let Ok(Some(url)) = StorageValueRef::persistent(WORKER_URL_KEY).get::<Vec<u8>>() else {
			log::warn!(target: LOG_TARGET, "worker: a compute-provider key but no --compute-worker URL");
			return;
		};
		let Ok(url) = core::str::from_utf8(&url) else { return };
		let endpoint = alloc::format!("{}/work", url.trim_end_matches('/'));
		let gateway = StorageValueRef::persistent(zg_primitives::compute::inference::GATEWAY_URL_KEY)
			.get::<Vec<u8>>()
			.ok()
			.flatten()
			.and_then(|url| core::str::from_utf8(&url).ok().map(|u| alloc::format!("{}/zg/vouchers.scale", u.trim_end_matches('/'))));
		for (public, who) in locals {
			let last = Self::last_sent(&who);
			let nonce = frame_system::Pallet::<T>::account_nonce(&who);
			if last.may_be_waiting(now, nonce) {
				continue;
			}
			let action = Self::next_action(&who, &endpoint, now)
				.or_else(|| gateway.as_deref().and_then(|g| Self::redemption(&who, g, now)));
			let Some(action) = action else { continue };
			let results = Signer::<T, T::AuthorityId>::all_accounts()
				.with_filter(alloc::vec![public])
				.send_signed_transaction(|_| action.call());
			for (_, result) in results {
				match result {
					Ok(()) => last.record(now, nonce),
					Err(()) => log::warn!(target: LOG_TARGET, "worker: could not submit a transaction for {who:?}"),
				}
			}
		}
	}

	/// Local compute-provider keys whose accounts are registered providers.
	fn local_providers() -> Vec<(T::Public, T::AccountId)> {
		<<T::AuthorityId as AppCrypto<T::Public, T::Signature>>::RuntimeAppPublic as RuntimeAppPublic>::all()
			.into_iter()
			.filter_map(|key| {
				let generic: <T::AuthorityId as AppCrypto<T::Public, T::Signature>>::GenericPublic =
					key.into();
				let public: T::Public = generic.into();
				let who = public.clone().into_account();
				Providers::<T>::contains_key(&who).then_some((public, who))
			})
			.collect()
	}

	/// The request that has the worker run `job`.
	pub fn work_request(job: JobId, info: &JobInfo<T>) -> Option<WorkRequest> {
		let kind = Kinds::<T>::get(info.kind)?;
		let genesis = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero());
		Some(WorkRequest {
			genesis: H256::from_slice(genesis.as_ref()),
			job,
			kind: WorkKind {
				id: info.kind,
				name: kind.name.to_vec(),
				model: kind.model,
				proven: kind.mode == Mode::Proven,
			},
			input: match &info.input {
				JobInput::Inline(bytes) => WorkInput::Inline(bytes.to_vec()),
				JobInput::Stored(root) => WorkInput::Stored(*root),
			},
		})
	}

	/// Posts a request to the worker and decodes its answer; `None` if it cannot be reached in time.
	fn ask_worker(endpoint: &str, request: &WorkRequest) -> Option<WorkStatus> {
		let deadline = sp_io::offchain::timestamp().add(Duration::from_millis(2_000));
		let pending = http::Request::post(endpoint, alloc::vec![request.encode()])
			.add_header("content-type", "application/octet-stream")
			.deadline(deadline)
			.send()
			.ok()?;
		let response = pending.try_wait(deadline).ok()?.ok()?;
		if response.code != 200 {
			log::warn!(target: LOG_TARGET, "worker: {endpoint} answered {}", response.code);
			return None;
		}
		let body: Vec<u8> = response.body().collect();
		WorkStatus::decode(&mut &body[..]).ok()
	}

	/// The provider's next transaction: the first ready result of its jobs — with every other ready proven result
	/// of the same kind, up to `MaxBatch`, verified together — else its first ready jury vote.
	fn next_action(who: &T::AccountId, endpoint: &str, now: BlockNumberFor<T>) -> Option<Action<T>> {
		let mut proven: Vec<ProvenResult<T>> = Vec::new();
		let mut batch_kind = None;
		for (job, ()) in ProviderJobs::<T>::iter_prefix(who).take(MAX_JOBS_SCAN) {
			if proven.len() >= T::MaxBatch::get() as usize {
				break;
			}
			let Some(info) = Jobs::<T>::get(job) else { continue };
			if !matches!(info.status, Status::Assigned) || now > info.deadline {
				continue;
			}
			if batch_kind.is_some_and(|kind| kind != info.kind) {
				continue;
			}
			let Some(request) = Self::work_request(job, &info) else { continue };
			let Some(status) = Self::ask_worker(endpoint, &request) else { break };
			match status {
				WorkStatus::Done(result) => {
					let Ok(output) = BoundedVec::try_from(result.output) else {
						log::warn!(target: LOG_TARGET, "worker: job {job}: output too long");
						continue;
					};
					match result.proof {
						Some(proof) if request.kind.proven => {
							let Ok(proof) = BoundedVec::try_from(proof) else {
								log::warn!(target: LOG_TARGET, "worker: job {job}: proof too long");
								continue;
							};
							batch_kind = Some(info.kind);
							proven.push((job, output, proof));
						},
						// An attested result goes alone, unless proofs are being gathered (then next block).
						_ if proven.is_empty() =>
							return Some(Action::Attest { job, output, signature: result.signature }),
						_ => {},
					}
				},
				WorkStatus::Failed(why) => log::warn!(
					target: LOG_TARGET,
					"worker: job {job} failed: {}",
					core::str::from_utf8(&why).unwrap_or("?")
				),
				WorkStatus::Queued | WorkStatus::Running => {},
			}
		}
		if !proven.is_empty() {
			return Some(Action::Prove(proven));
		}
		for (job, ()) in JurorDuties::<T>::iter_prefix(who).take(MAX_JOBS_SCAN) {
			let Some(info) = Jobs::<T>::get(job) else { continue };
			let Status::Disputed { jurors, until, .. } = &info.status else { continue };
			if now > *until || jurors.iter().any(|(j, v)| j == who && v.is_some()) {
				continue;
			}
			let Some(request) = Self::work_request(job, &info) else { continue };
			if let WorkStatus::Done(result) = Self::ask_worker(endpoint, &request)? {
				return Some(Action::Vote { job, hash: H256(sp_io::hashing::blake2_256(&result.output)) });
			}
		}
		None
	}

	/// The vouchers of `who`'s gateway worth redeeming now (see the module docs), as one `redeem_batch`.
	fn redemption(who: &T::AccountId, endpoint: &str, now: BlockNumberFor<T>) -> Option<Action<T>> {
		let key = (b"zg-compute::redeemed", who).encode();
		let last = StorageValueRef::persistent(&key).get::<BlockNumberFor<T>>().ok().flatten();
		let due = last.is_none_or(|at| now >= at.saturating_add(REDEEM_EVERY.into()));
		let deadline = sp_io::offchain::timestamp().add(Duration::from_millis(2_000));
		let pending = http::Request::get(endpoint).deadline(deadline).send().ok()?;
		let response = pending.try_wait(deadline).ok()?.ok()?;
		if response.code != 200 {
			log::warn!(target: LOG_TARGET, "worker: {endpoint} answered {}", response.code);
			return None;
		}
		let body: Vec<u8> = response.body().collect();
		let list = zg_primitives::compute::inference::VoucherList::decode(&mut &body[..]).ok()?;
		let mut batch = Vec::new();
		for (user, channel, amount, nonce, signature) in list {
			let Ok(user) = T::AccountId::decode(&mut &user[..]) else { continue };
			let Some(state) = Channels::<T>::get(&user, who) else { continue };
			let Ok(amount) = BalanceOf::<T>::try_from(amount) else { continue };
			let refunding = state.refund_at.is_some_and(|at| now < at);
			let worth = state.id == channel && nonce > state.nonce && amount > state.redeemed;
			if worth && (due || refunding) && state.refund_at.is_none_or(|at| now < at) {
				batch.push((user, Voucher { amount, nonce, signature }));
			}
			if batch.len() >= T::MaxVouchers::get() as usize {
				break;
			}
		}
		if batch.is_empty() {
			return None;
		}
		StorageValueRef::persistent(&key).set(&now);
		Some(Action::Redeem(BoundedVec::truncate_from(batch)))
	}

	/// The last transaction the worker sent for `who`.
	fn last_sent(who: &T::AccountId) -> LastSent {
		LastSent::new((b"zg-compute::sent", who).encode())
	}
}
