//! Providers' duties in the transaction pool.
//!
//! A provider that misses a challenge because its proof waited behind paying traffic is slashed for the
//! chain's congestion. [`PrioritizeDuties`], a transaction extension of the runtime, looks at every storage call
//! a transaction makes and, for a provider's duty that is due now — a proof of its open challenge, an answer
//! to an open retrieval challenge against it, the acknowledgement of a shard assigned to it, the confirmation of
//! an encoding its owner chose it for — adds [`DUTY_PRIORITY`] to the transaction's priority, so that it is
//! ordered ahead of tipping transfers (ties only with tips so large that their priority saturates too), and the
//! calls are operational, so they have the quarter of the block the normal class cannot take. A duty that is not due (no such challenge, someone else's shard, a file not pending) is
//! refused from the pool outright: it costs the chain one validation and never a block's space. Every other
//! call passes through unchanged.
//!
//! One exception, in the pool only: the acknowledgement of a shard assigned to the sender of a file whose encoding
//! is not confirmed yet is kept, as if due (a block refuses it still). A provider that fetched its shard ahead of
//! the confirmation acknowledges it as soon as it imports the block with the confirmation; peers that have not
//! imported that block yet would refuse it (and ban it for as long as a pool bans an invalid transaction), and the
//! next block's author among them would leave it out. Kept, it is valid once they import the block.
//!
//! A due duty also lives only [`DUTY_LONGEVITY`] blocks in a pool. The provider's worker sends it again, signed
//! afresh, two blocks later while it is still due; without a short life that resend could never enter the
//! provider's own pool, which still held the first copy under the same nonce and the same (highest) priority
//! ("too low priority"), while the first copy reached no block: the peers had refused it (a peer that had not yet
//! imported the block that opened the challenge finds no challenge, and is never offered that transaction
//! again), its block was retracted, or it reached the authors too late (on a loaded machine a peer validated
//! network transactions seconds after they arrived). The honest provider was slashed at its deadline. Now the
//! first copy can go into either of the next two blocks (the provider's own among them) and then leaves every
//! pool, and the resend, a new transaction, reaches every peer.

use super::*;
use frame_support::{
	pallet_prelude::TransactionSource, traits::{IsSubType, OriginTrait}, CloneNoBound, DefaultNoBound,
	EqNoBound, PartialEqNoBound,
};
use sp_runtime::{
	impl_tx_ext_default,
	traits::{DispatchInfoOf, TransactionExtension},
	transaction_validity::{InvalidTransaction, TransactionLongevity, TransactionPriority, ValidTransaction},
};

/// What a due duty adds to a transaction's priority: all there is (priorities add up and saturate), so a duty
/// ranks with the highest-priority transaction there can be. Only a tip so large that its priority saturates
/// too (about 0.01 ZG, a hundred times a transfer's fee) ties with it, and then arrival order decides.
pub const DUTY_PRIORITY: TransactionPriority = TransactionPriority::MAX;

/// How many blocks a due duty stays in a transaction pool: two, as every worker transaction (its four-block
/// era). Validated at block `n`, it can go into `n + 1` or `n + 2` and is dropped when `n + 2` is imported; the
/// worker's resend, sent at `n + 2` (or at `n + 3` when the worker ran before the pool dropped the first copy),
/// takes its place (see the module docs).
pub const DUTY_LONGEVITY: TransactionLongevity = 2;

/// Why a storage duty was refused from the pool (`InvalidTransaction::Custom`).
#[repr(u8)]
pub enum DutyRefusal {
	/// No open, unexpired challenge for the sender.
	NoOpenChallenge = 1,
	/// No open, unexpired retrieval challenge for that sector against the sender.
	NoRetrievalChallenge = 2,
	/// The shard is not the sender's to acknowledge (or is acknowledged, or the file is not encoded: in a block;
	/// a pool keeps the acknowledgement of the sender's shard of a file not encoded yet, see the module docs).
	NotAssignedShard = 3,
	/// The file is not pending with the sender as its chosen encoder.
	NotChosenEncoder = 4,
}

/// The transaction extension that orders due storage duties first and refuses duties that are not due (see
/// the module docs).
#[derive(
	Encode, Decode, DecodeWithMemTracking, DefaultNoBound, CloneNoBound, EqNoBound, PartialEqNoBound, TypeInfo,
)]
#[scale_info(skip_type_params(T))]
pub struct PrioritizeDuties<T>(core::marker::PhantomData<T>);

impl<T> PrioritizeDuties<T> {
	/// The extension (it carries no data).
	pub fn new() -> Self {
		Self(core::marker::PhantomData)
	}
}

impl<T> core::fmt::Debug for PrioritizeDuties<T> {
	fn fmt(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
		write!(f, "PrioritizeStorageDuties")
	}
}

impl<T: Config> Pallet<T> {
	/// `None` if `call` is not a duty; else whether it is due for `who` now, for a transaction from `source` (a pool
	/// keeps the acknowledgement of the sender's shard of a file not encoded yet, see the module docs).
	pub fn duty_due(who: &T::AccountId, call: &Call<T>, source: TransactionSource) -> Option<Result<(), DutyRefusal>> {
		let now = frame_system::Pallet::<T>::block_number();
		Some(match call {
			Call::submit_proof { .. } => Challenges::<T>::get(who)
				.filter(|c| now <= c.deadline)
				.map(|_| ())
				.ok_or(DutyRefusal::NoOpenChallenge),
			Call::answer_retrieval { key, .. } => Retrievals::<T>::get(who, key)
				.filter(|c| now <= c.deadline)
				.map(|_| ())
				.ok_or(DutyRefusal::NoRetrievalChallenge),
			Call::acknowledge_shard { root, shard } => Files::<T>::get(root)
				.filter(|f| f.state != FileState::Pending || source != TransactionSource::InBlock)
				.and_then(|f| f.shards.get(*shard as usize).cloned())
				.filter(|s| &s.provider == who && !s.acknowledged)
				.map(|_| ())
				.ok_or(DutyRefusal::NotAssignedShard),
			Call::confirm_encoding { root, .. } => Files::<T>::get(root)
				.filter(|f| f.state == FileState::Pending && &f.chosen_encoder == who)
				.map(|_| ())
				.ok_or(DutyRefusal::NotChosenEncoder),
			_ => return None,
		})
	}
}

impl<T: Config + Send + Sync> TransactionExtension<<T as frame_system::Config>::RuntimeCall> for PrioritizeDuties<T>
where
	<T as frame_system::Config>::RuntimeCall: IsSubType<Call<T>>,
{
	const IDENTIFIER: &'static str = "PrioritizeStorageDuties";
	type Implicit = ();
	type Val = ();
	type Pre = ();

	fn weight(&self, call: &<T as frame_system::Config>::RuntimeCall) -> Weight {
		match call.is_sub_type() {
			Some(Call::submit_proof { .. }) |
			Some(Call::answer_retrieval { .. }) |
			Some(Call::acknowledge_shard { .. }) |
			Some(Call::confirm_encoding { .. }) => T::DbWeight::get().reads(2),
			_ => Weight::zero(),
		}
	}

	fn validate(
		&self,
		origin: <T as frame_system::Config>::RuntimeOrigin,
		call: &<T as frame_system::Config>::RuntimeCall,
		_info: &DispatchInfoOf<<T as frame_system::Config>::RuntimeCall>,
		_len: usize,
		_self_implicit: Self::Implicit,
		_inherited_implication: &impl Encode,
		source: TransactionSource,
	) -> sp_runtime::traits::ValidateResult<Self::Val, <T as frame_system::Config>::RuntimeCall> {
		let due = match (origin.as_signer(), call.is_sub_type()) {
			(Some(who), Some(call)) => Pallet::<T>::duty_due(who, call, source),
			_ => None,
		};
		match due {
			None => Ok((ValidTransaction::default(), (), origin)),
			Some(Ok(())) => Ok((
				ValidTransaction { priority: DUTY_PRIORITY, longevity: DUTY_LONGEVITY, ..Default::default() },
				(),
				origin,
			)),
			Some(Err(refusal)) => Err(InvalidTransaction::Custom(refusal as u8).into()),
		}
	}

	impl_tx_ext_default!(<T as frame_system::Config>::RuntimeCall; prepare);
}
