//! The DA signer's off-chain worker (WIP: wired into the pallet and the node in the next slice).
//!
//! It runs after every imported block on nodes started as DA signers, for every local key of type
//! [`crypto::KEY_TYPE`] (`zgda`) whose account is a registered signer. The node's DA service does the work
//! (`zg_da_node` host functions: fetching, checking and keeping columns, reading cells); the worker decides and
//! signs:
//!
//! 1. **Custody answers** come first: an open challenge is answered with the cell the node keeps
//!    (`answer_challenge`). A node that does not keep it logs the miss loudly; the slash follows on chain.
//! 2. **Attestations**: among the most recent [`MAX_BLOBS_SCAN`] blobs, those still before their deadline whose
//!    committee gives the signer slots it has not attested are handed to the node (`custody`: fetch the slots'
//!    columns from the disperser, check every cell, keep them). The blobs the node reports `Held` are attested in
//!    one `attest` of at most `MaxAttestBatch`.
//!
//! A signer sends at most one transaction per block (they share the account nonce), and none in the block after
//! one it sent.

use super::*;
use frame_system::offchain::{AppCrypto, SendSignedTransaction, Signer};
use sp_runtime::{
	offchain::storage::StorageValueRef,
	traits::{IdentifyAccount, One},
	RuntimeAppPublic,
};
use zg_primitives::da::{
	columns_of_slot,
	host::{zg_da_node, CustodyStatus},
};

/// The DA signer keys of the worker.
pub mod crypto {
	use sp_runtime::{app_crypto::sr25519, MultiSignature, MultiSigner};

	/// The key type of DA-signer keys.
	pub const KEY_TYPE: sp_core::crypto::KeyTypeId = sp_core::crypto::KeyTypeId(*b"zgda");

	sp_runtime::app_crypto::app_crypto!(sr25519, KEY_TYPE);

	/// Signs the worker's transactions with a signer's sr25519 key of type [`KEY_TYPE`].
	pub struct SignerAuthId;

	impl frame_system::offchain::AppCrypto<MultiSigner, MultiSignature> for SignerAuthId {
		type RuntimeAppPublic = Public;
		type GenericPublic = sp_core::sr25519::Public;
		type GenericSignature = sp_core::sr25519::Signature;
	}
}

/// How many of the most recent blobs one run looks at.
pub const MAX_BLOBS_SCAN: u64 = 64;

impl<T: Config> Pallet<T> {
	/// The off-chain worker (see the module docs).
	pub(crate) fn run_worker(now: BlockNumberFor<T>) {
		for (public, who) in Self::local_signers() {
			if Self::sent_recently(&who, now) {
				continue;
			}
			let Some(call) = Self::answer(&who).or_else(|| Self::attestations(&who, now)) else { continue };
			let results = Signer::<T, T::AuthorityId>::all_accounts()
				.with_filter(alloc::vec![public])
				.send_signed_transaction(|_| call.clone());
			for (_, result) in results {
				match result {
					Ok(()) => Self::mark_sent(&who, now),
					Err(()) => log::warn!(target: LOG_TARGET, "worker: could not submit a transaction for {who:?}"),
				}
			}
		}
	}

	/// Local DA-signer keys whose accounts are registered signers.
	fn local_signers() -> Vec<(T::Public, T::AccountId)> {
		<<T::AuthorityId as AppCrypto<T::Public, T::Signature>>::RuntimeAppPublic as RuntimeAppPublic>::all()
			.into_iter()
			.filter_map(|key| {
				let generic: <T::AuthorityId as AppCrypto<T::Public, T::Signature>>::GenericPublic = key.into();
				let public: T::Public = generic.into();
				let who = public.clone().into_account();
				Signers::<T>::contains_key(&who).then_some((public, who))
			})
			.collect()
	}

	/// The answer to the signer's open challenge, if its node keeps the cell.
	fn answer(who: &T::AccountId) -> Option<Call<T>> {
		let challenge = Challenges::<T>::get(who)?;
		let blob = Blobs::<T>::get(challenge.blob)?;
		let commitments = Commitments::<T>::get(challenge.blob)?.into_inner();
		match zg_da_node::cell(blob.data_root, commitments, challenge.cell.row, challenge.cell.column as u32) {
			Some((cell, proof)) => Some(Call::answer_challenge { cell: cell.try_into().ok()?, proof }),
			None => {
				log::error!(
					target: LOG_TARGET,
					"worker: {who:?} is challenged for cell {:?} of blob {} and its node does not keep it",
					challenge.cell,
					challenge.blob
				);
				None
			},
		}
	}

	/// One `attest` of the blobs whose columns the node now keeps.
	fn attestations(who: &T::AccountId, now: BlockNumberFor<T>) -> Option<Call<T>> {
		let next = NextBlobId::<T>::get();
		let first = next.saturating_sub(MAX_BLOBS_SCAN).max(OldestBlob::<T>::get());
		let slots = T::Slots::get();
		let mut ready = Vec::new();
		for id in first..next {
			let Some(blob) = Blobs::<T>::get(id) else { continue };
			if blob.status == BlobStatus::Unavailable {
				continue;
			}
			let committee = Committees::<T>::get(blob.epoch).unwrap_or_default();
			let mine = Self::slots_of(&committee, who);
			if mine == 0 {
				continue;
			}
			let attested = mine & blob.attested == mine;
			// Past its deadline a blob is only kept (repaired), never attested.
			if !attested && now > blob.deadline {
				continue;
			}
			let Some(commitments) = Commitments::<T>::get(id) else { continue };
			let columns: Vec<u8> =
				(0..slots).filter(|s| mine & (1u128 << s) != 0).flat_map(|s| columns_of_slot(s, slots)).collect();
			// For a blob already attested, asking again repairs: the node fetches the columns it lost (custody
			// challenges would slash the signer at every miss otherwise) and answers `Held` at once if it has them.
			let status = zg_da_node::custody(blob.data_root, commitments.into_inner(), columns, blob.disperser.into_inner());
			if attested {
				if let CustodyStatus::Failed(why) = status {
					log::warn!(
						target: LOG_TARGET,
						"worker: blob {id}'s columns, attested by {who:?}, cannot be repaired: {}",
						core::str::from_utf8(&why).unwrap_or("(not UTF-8)")
					);
				}
				continue;
			}
			match status {
				CustodyStatus::Held => ready.push(id),
				CustodyStatus::Fetching => {},
				CustodyStatus::Failed(why) => log::warn!(
					target: LOG_TARGET,
					"worker: blob {id} not attested: {}",
					core::str::from_utf8(&why).unwrap_or("(not UTF-8)")
				),
			}
			if ready.len() as u32 >= T::MaxAttestBatch::get() {
				break;
			}
		}
		(!ready.is_empty()).then(|| Call::attest { blobs: BoundedVec::truncate_from(ready) })
	}

	fn sent_key(who: &T::AccountId) -> Vec<u8> {
		(b"zg-da/sent", who).encode()
	}

	fn sent_recently(who: &T::AccountId, now: BlockNumberFor<T>) -> bool {
		let sent = StorageValueRef::persistent(&Self::sent_key(who)).get::<BlockNumberFor<T>>().ok().flatten();
		sent.is_some_and(|at| now <= at.saturating_add(One::one()))
	}

	fn mark_sent(who: &T::AccountId, now: BlockNumberFor<T>) {
		StorageValueRef::persistent(&Self::sent_key(who)).set(&now);
	}
}
