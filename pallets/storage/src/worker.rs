//! The storage provider's off-chain worker.
//!
//! It runs after every imported block on nodes started with `--storage-provider`, for every local key of type
//! [`crypto::KEY_TYPE`] whose account is a registered provider. It orchestrates; the node does the heavy work
//! through the host functions of `zg_primitives::storage::host` on the data in its blob store:
//!
//! 1. **Challenge**: if the provider has an open challenge, it reads the challenged sector and its Merkle path
//!    ([`storage_host::sector_proof`]) and answers with `submit_proof`.
//! 2. **Retrievals**: if a downloader opened a retrieval challenge against the provider, it answers it with the
//!    sector and its Merkle path (`answer_retrieval`), which publishes the sector on chain.
//! 3. **Shards**: for every shard assigned to the provider and not yet acknowledged, it asks the node to make sure
//!    the shard is held ([`storage_host::ensure_shard`]: the node fetches it over p2p — or rebuilds it from k
//!    other shards after a reassignment — and checks it against its shard root). Once it is, `acknowledge_shard`.
//!    A shard of a file still pending has no root yet: the node is asked anyway, with the layout naming the
//!    encoder the owner chose, and fetches the shard ahead from it once it has encoded (checked against the root
//!    the chain later records, and fetched again if that differs), so that the shard is held by the time the
//!    confirmation lands and the acknowledgement can be in the next block.
//! 4. **Fraud**: evidence of a wrong encoding the node found (rebuilding or re-encoding a file whose shards do
//!    not match it, [`storage_host::take_fraud_evidence`]) is checked against the chain's roots, committed with
//!    `commit_fraud_report` and revealed with `report_bad_encoding` in a later block (the pending report is kept
//!    in the node's off-chain storage meanwhile): the reporter's share goes to this provider, and nobody can copy
//!    the report from the pool.
//! 5. **Encoding**: for a pending file whose owner chose this provider as encoder (the `EncodeDuties` index:
//!    the worker reads only its own duties, [`MAX_DUTIES_SCAN`] per block, continuing where the last run
//!    stopped, so every duty is seen however many there are) and whose data was uploaded to this node, it asks
//!    the node to erasure-code it ([`storage_host::encode_file`]: the node encodes in the background, one
//!    encoding per file at a time, and answers `Encoding` until the shards are stored) and then confirms the
//!    shard roots with `confirm_encoding`.
//!
//! No host function blocks on the network or on a whole-file computation, so a long encoding or fetch never
//! delays the answer to a challenge in a later block.
//!
//! A provider sends at most one transaction per block (they share the account nonce, which the worker reads
//! from state), in that order of urgency, and none while the last one it sent may still be waiting for a block
//! ([`zg_primitives::offchain::LastSent`]): in the block after one it sent it sends the next only if the first is
//! in that block, so an encoder's acknowledgement of its own shard can be in the block after its confirmation,
//! beside everybody else's. A transaction that reached no block is sent again (signed afresh) while it is still
//! due: a due duty lives two blocks in the pools ([`DUTY_LONGEVITY`]), so the resend never waits behind a stale
//! copy of itself.

use super::*;
use frame_system::offchain::{AppCrypto, SendSignedTransaction, Signer};
use sp_runtime::{
	offchain::storage::StorageValueRef,
	traits::IdentifyAccount,
	RuntimeAppPublic,
};
use sp_runtime::traits::UniqueSaturatedInto;
use zg_primitives::{
	offchain::LastSent,
	storage::{
		host::{storage_host, EncodeStatus, FileLayout, FileStatus, FileView, ShardStatus},
		FraudEvidence,
	},
};

/// The provider keys of the worker.
pub mod crypto {
	use sp_runtime::{app_crypto::sr25519, MultiSignature, MultiSigner};
	pub use zg_primitives::storage::host::STORAGE_KEY_TYPE as KEY_TYPE;

	sp_runtime::app_crypto::app_crypto!(sr25519, KEY_TYPE);

	/// Signs the worker's transactions with a provider's sr25519 key of type [`KEY_TYPE`].
	pub struct ProviderAuthId;

	impl frame_system::offchain::AppCrypto<MultiSigner, MultiSignature> for ProviderAuthId {
		type RuntimeAppPublic = Public;
		type GenericPublic = sp_core::sr25519::Public;
		type GenericSignature = sp_core::sr25519::Signature;
	}
}

/// How many of its encoding duties one run looks at for uploads it could encode.
pub const MAX_DUTIES_SCAN: usize = 256;

/// What the worker does for a provider in this block.
enum Action<T: Config> {
	Prove { sector_data: SectorData, proof: MerklePath },
	Acknowledge { root: FileRoot, shard: u32 },
	Confirm { root: FileRoot, shard_roots: BoundedVec<H256, T::MaxShards> },
	Retrieve { key: RetrievalKey, sector_data: SectorData, proof: MerklePath },
	Commit { commitment: H256 },
	Reveal { root: FileRoot, fraud_proof: EncodingFraudProof<T::MaxShards> },
}

/// A fraud report being committed and revealed (in the worker's off-chain storage).
#[derive(Encode, Decode)]
struct PendingReport<MaxShards: Get<u32>> {
	root: FileRoot,
	proof: EncodingFraudProof<MaxShards>,
	/// The block its commitment was sent in, once sent.
	committed_at: Option<u32>,
}

/// Blocks after which a commitment that did not reach the chain is sent again.
const COMMIT_PATIENCE: u32 = 20;

impl<T: Config> Action<T> {
	fn call(&self) -> Call<T> {
		match self {
			Action::Prove { sector_data, proof } =>
				Call::submit_proof { sector_data: sector_data.clone(), proof: proof.clone() },
			Action::Acknowledge { root, shard } => Call::acknowledge_shard { root: *root, shard: *shard },
			Action::Confirm { root, shard_roots } =>
				Call::confirm_encoding { root: *root, shard_roots: shard_roots.clone() },
			Action::Retrieve { key, sector_data, proof } =>
				Call::answer_retrieval { key: *key, sector_data: sector_data.clone(), proof: proof.clone() },
			Action::Commit { commitment } => Call::commit_fraud_report { commitment: *commitment },
			Action::Reveal { root, fraud_proof } =>
				Call::report_bad_encoding { root: *root, fraud_proof: fraud_proof.clone() },
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The layout of file `root` as the node needs it to fetch, check and rebuild shards.
	pub fn layout(root: FileRoot) -> Option<FileLayout> {
		let file = Files::<T>::get(root)?;
		Some(Self::layout_of(root, &file))
	}

	fn peer_of(who: &T::AccountId) -> Vec<u8> {
		Providers::<T>::get(who).map(|p| p.peer_id.into_inner()).unwrap_or_default()
	}

	pub(crate) fn layout_of(root: FileRoot, file: &FileInfoOf<T>) -> FileLayout {
		FileLayout {
			root,
			size: file.size,
			params: file.params,
			encoder_peer: file.encoder.as_ref().map(Self::peer_of).filter(|p| !p.is_empty()),
			shards: file
				.shards
				.iter()
				.map(|s| zg_primitives::storage::host::ShardLocation {
					root: s.root,
					peer_id: Self::peer_of(&s.provider),
					acknowledged: s.acknowledged,
				})
				.collect(),
		}
	}

	/// File `root` as clients see it (the `StorageApi` runtime API).
	pub fn file_view(root: FileRoot) -> Option<FileView<T::AccountId, BalanceOf<T>>> {
		let file = Files::<T>::get(root)?;
		Some(FileView {
			layout: Self::layout_of(root, &file),
			state: match file.state {
				FileState::Pending => FileStatus::Pending,
				FileState::Encoded => FileStatus::Encoded,
				FileState::Stored => FileStatus::Stored,
			},
			encoder: file.encoder.clone(),
			providers: file.shards.iter().map(|s| s.provider.clone()).collect(),
			fee: file.fee,
			paid_out: file.paid_out,
			start_round: file.start_round,
			end_round: file.end_round(),
			owner: file.owner,
		})
	}

	/// The fee of storing `size` bytes for `periods` rounds with the current code, if the chain would accept it.
	pub fn quote(size: u64, periods: u32) -> Option<BalanceOf<T>> {
		if size == 0 || size > T::MaxFileSize::get() || periods == 0 {
			return None;
		}
		Self::fee_for(&T::ErasureParams::get(), size, periods).ok()
	}

	/// The off-chain worker (see the module docs).
	pub(crate) fn run_worker(now: BlockNumberFor<T>) {
		let locals = Self::local_providers();
		if locals.is_empty() {
			return;
		}
		let mut encoding_claimed = false;
		for (public, who) in locals {
			let Some(action) = Self::next_action(&who, now, &mut encoding_claimed) else { continue };
			let last = Self::last_sent(&who);
			let nonce = frame_system::Pallet::<T>::account_nonce(&who);
			if last.may_be_waiting(now, nonce) {
				continue;
			}
			let results = Signer::<T, T::AuthorityId>::all_accounts()
				.with_filter(alloc::vec![public])
				.send_signed_transaction(|_| action.call());
			for (_, result) in results {
				match result {
					Ok(()) => {
						last.record(now, nonce);
						Self::note_sent(&who, &action, now);
					},
					Err(()) => log::warn!(target: LOG_TARGET, "worker: could not submit a transaction for {who:?}"),
				}
			}
		}
	}

	/// Local provider keys whose accounts are registered providers.
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

	/// The most urgent thing `who` has to do now, if any. Also starts the node's fetches of every shard it
	/// still needs, so they proceed in parallel.
	fn next_action(
		who: &T::AccountId,
		now: BlockNumberFor<T>,
		encoding_claimed: &mut bool,
	) -> Option<Action<T>> {
		let mut action = None;

		if let Some(challenge) = Challenges::<T>::get(who) {
			if now <= challenge.deadline {
				match storage_host::sector_proof(challenge.file, challenge.shard, challenge.sector) {
					Ok(answer) => {
						let sector_data: Option<SectorData> = answer.data.try_into().ok();
						let proof: Option<MerklePath> = answer.proof.try_into().ok();
						if let (Some(sector_data), Some(proof)) = (sector_data, proof) {
							action = Some(Action::Prove { sector_data, proof });
						}
					},
					Err(e) => log::error!(
						target: LOG_TARGET,
						"worker: {who:?} cannot answer its challenge for shard {} of {:?}: {e:?}",
						challenge.shard,
						challenge.file,
					),
				}
			}
		}

		if action.is_none() {
			let now_block = frame_system::Pallet::<T>::block_number();
			for (key, challenge) in Retrievals::<T>::iter_prefix(who) {
				if now_block > challenge.deadline {
					continue;
				}
				match storage_host::retrieval_sector(key.file, key.shard, key.sector) {
					Ok(answer) => {
						let sector_data: Option<SectorData> = answer.data.try_into().ok();
						let proof: Option<MerklePath> = answer.proof.try_into().ok();
						if let (Some(sector_data), Some(proof)) = (sector_data, proof) {
							action = Some(Action::Retrieve { key, sector_data, proof });
							break;
						}
					},
					Err(e) => log::error!(
						target: LOG_TARGET,
						"worker: {who:?} cannot answer a retrieval challenge for shard {} of {:?}: {e:?}",
						key.shard,
						key.file,
					),
				}
			}
		}

		for held in ProviderShards::<T>::get(who).iter().filter(|h| !h.acknowledged) {
			let Some(file) = Files::<T>::get(held.file) else { continue };
			let mut layout = Self::layout_of(held.file, &file);
			let Some(slot) = layout.shards.get(held.shard as usize) else { continue };
			if slot.root.is_none() {
				// Pending: the node fetches the shard ahead from the encoder the owner chose, once it has encoded,
				// so that it is held when the confirmation lands. Nothing is sent for it before then.
				if file.state != FileState::Pending || file.chosen_encoder == *who {
					continue;
				}
				layout.encoder_peer = Some(Self::peer_of(&file.chosen_encoder)).filter(|p| !p.is_empty());
				if layout.encoder_peer.is_some() &&
					storage_host::ensure_shard(layout, held.shard) == ShardStatus::Unavailable
				{
					return action;
				}
				continue;
			}
			match storage_host::ensure_shard(layout.clone(), held.shard) {
				ShardStatus::Ready if action.is_none() =>
					action = Some(Action::Acknowledge { root: held.file, shard: held.shard }),
				ShardStatus::Unavailable => return action,
				_ => {},
			}
		}

		if action.is_none() {
			action = Self::fraud_action(who, now);
		}

		if action.is_none() && !*encoding_claimed {
			for root in Self::duties_to_scan(who) {
				let Some(file) = Files::<T>::get(root) else { continue };
				if file.state != FileState::Pending || storage_host::file_size(root) != Ok(file.size) {
					continue;
				}
				match storage_host::encode_file(root, file.params) {
					Ok(EncodeStatus::Ready(roots)) => {
						let Ok(shard_roots) = BoundedVec::<H256, T::MaxShards>::try_from(roots) else { continue };
						*encoding_claimed = true;
						action = Some(Action::Confirm { root, shard_roots });
						break;
					},
					// Running in the background; look at other files meanwhile.
					Ok(EncodeStatus::Encoding) => {},
					Err(e) => log::debug!(target: LOG_TARGET, "worker: cannot encode {root:?}: {e:?}"),
				}
			}
		}
		action
	}

	fn report_key(who: &T::AccountId) -> Vec<u8> {
		(b"zg-storage::worker::report", who).encode()
	}

	/// The evidence as the chain's fraud proof, if it fits the bounds.
	pub(crate) fn fraud_proof_of(evidence: FraudEvidence) -> Option<EncodingFraudProof<T::MaxShards>> {
		Some(match evidence {
			FraudEvidence::DataSector { shard, sector, shard_leaf, shard_proof, file_leaf, file_proof } =>
				EncodingFraudProof::DataSector {
					shard,
					sector,
					shard_leaf,
					shard_proof: shard_proof.try_into().ok()?,
					file_leaf,
					file_proof: file_proof.try_into().ok()?,
				},
			FraudEvidence::ParitySector { shard, sector, parity_leaf, parity_proof, data } =>
				EncodingFraudProof::ParitySector {
					shard,
					sector,
					parity_leaf,
					parity_proof: parity_proof.try_into().ok()?,
					data: data
						.into_iter()
						.map(|(data, proof)| Some(SectorOpening { data: data.try_into().ok()?, proof: proof.try_into().ok()? }))
						.collect::<Option<Vec<_>>>()?
						.try_into()
						.ok()?,
				},
		})
	}

	/// Reveals `who`'s committed report once its commitment is on chain (in an earlier block), or commits to
	/// new evidence from the node (checked against the chain first: only a proof the chain will accept is
	/// committed to). What was sent is recorded by [`Self::note_sent`].
	fn fraud_action(who: &T::AccountId, now: BlockNumberFor<T>) -> Option<Action<T>> {
		let key = Self::report_key(who);
		let mut stored = StorageValueRef::persistent(&key);
		let now_number: u32 = now.unique_saturated_into();
		if let Ok(Some(report)) = stored.get::<PendingReport<T::MaxShards>>() {
			let commitment = Self::fraud_commitment(who, report.root, &report.proof);
			let encoded = Files::<T>::get(report.root).is_some_and(|f| f.state != FileState::Pending);
			if encoded {
				return match (FraudCommitments::<T>::get(who), report.committed_at) {
					(Some((c, at)), _) if c == commitment =>
						(at < frame_system::Pallet::<T>::block_number())
							.then(|| Action::Reveal { root: report.root, fraud_proof: report.proof }),
					(_, Some(sent)) if now_number <= sent.saturating_add(COMMIT_PATIENCE) => None,
					_ => Some(Action::Commit { commitment }),
				};
			}
			// Proven by someone else meanwhile, or deleted.
			stored.clear();
		}
		let (root, evidence) = storage_host::take_fraud_evidence()?;
		let file = Files::<T>::get(root)?;
		let proof = Self::fraud_proof_of(evidence)?;
		if let Err(e) = Self::check_fraud(root, &file, &proof) {
			log::warn!(target: LOG_TARGET, "worker: the node's fraud evidence for {root:?} does not hold on chain: {e:?}");
			return None;
		}
		log::info!(target: LOG_TARGET, "worker: {who:?} reports the wrong encoding of {root:?} (commit, then reveal)");
		let commitment = Self::fraud_commitment(who, root, &proof);
		stored.set(&PendingReport::<T::MaxShards> { root, proof, committed_at: None });
		Some(Action::Commit { commitment })
	}

	/// Records that `action` was sent for `who`: a commitment's block, or the end of a revealed report.
	fn note_sent(who: &T::AccountId, action: &Action<T>, now: BlockNumberFor<T>) {
		let key = Self::report_key(who);
		let mut stored = StorageValueRef::persistent(&key);
		match action {
			Action::Commit { .. } =>
				if let Ok(Some(mut report)) = stored.get::<PendingReport<T::MaxShards>>() {
					report.committed_at = Some(now.unique_saturated_into());
					stored.set(&report);
				},
			Action::Reveal { .. } => stored.clear(),
			_ => {},
		}
	}

	fn duties_cursor_key(who: &T::AccountId) -> Vec<u8> {
		(b"zg-storage::worker::duties", who).encode()
	}

	/// Up to [`MAX_DUTIES_SCAN`] of `who`'s encoding duties, continuing after the last one the previous run
	/// looked at and wrapping around, so that every duty is looked at within `duties / MAX_DUTIES_SCAN` runs.
	pub(crate) fn duties_to_scan(who: &T::AccountId) -> Vec<FileRoot> {
		let cursor_key = Self::duties_cursor_key(who);
		let mut cursor = StorageValueRef::persistent(&cursor_key);
		let last = cursor.get::<FileRoot>().ok().flatten();
		let mut roots: Vec<FileRoot> = match last {
			Some(last) => EncodeDuties::<T>::iter_key_prefix_from(
				who,
				EncodeDuties::<T>::hashed_key_for(who, last),
			)
			.take(MAX_DUTIES_SCAN)
			.collect(),
			None => Vec::new(),
		};
		if roots.len() < MAX_DUTIES_SCAN {
			for root in EncodeDuties::<T>::iter_key_prefix(who).take(MAX_DUTIES_SCAN - roots.len()) {
				if roots.contains(&root) {
					break;
				}
				roots.push(root);
			}
		}
		match roots.last() {
			Some(last) => cursor.set(last),
			None => cursor.clear(),
		}
		roots
	}

	/// The last transaction the worker sent for `who`.
	fn last_sent(who: &T::AccountId) -> LastSent {
		LastSent::new((b"zg-storage::worker::sent", who).encode())
	}
}
