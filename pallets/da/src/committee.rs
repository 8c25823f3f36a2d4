//! Epochs and their committees.

use super::*;
use sp_runtime::traits::{SaturatedConversion, UniqueSaturatedInto};

impl<T: Config> Pallet<T> {
	/// The epoch of block `n`.
	pub fn epoch_of(n: BlockNumberFor<T>) -> EpochIndex {
		let length: u64 = T::EpochLength::get().unique_saturated_into();
		let n: u64 = n.unique_saturated_into();
		(n / length.max(1)).saturated_into()
	}

	/// The first block of `epoch`.
	pub fn epoch_start(epoch: EpochIndex) -> BlockNumberFor<T> {
		T::EpochLength::get().saturating_mul(epoch.into())
	}

	/// Epochs a committee is kept for after its own: as long as a blob of its epoch may live (deadline, expiry,
	/// the spill of both, and a last challenge).
	pub fn committees_kept() -> EpochIndex {
		let length: u64 = T::EpochLength::get().unique_saturated_into();
		let life: u64 = T::AttestWindow::get()
			.saturating_add(T::Retention::get())
			.saturating_add(T::ResponseWindow::get())
			.unique_saturated_into();
		(life.saturating_add(2 * SPILL as u64) / length.max(1)).saturating_add(2).saturated_into()
	}

	/// Draws the committee of `now`'s epoch if it has none (at the epoch's first block; while no signer has
	/// enough stake, at every block until one has) and forgets the committee that is no longer needed.
	pub(crate) fn ensure_committee(now: BlockNumberFor<T>) -> Weight {
		let epoch = Self::epoch_of(now);
		if Committees::<T>::contains_key(epoch) {
			return T::DbWeight::get().reads(1);
		}
		let candidates = SignerList::<T>::get().len() as u32;
		let drawn = Self::draw(epoch);
		if let Some(old) = epoch.checked_sub(Self::committees_kept()) {
			Committees::<T>::remove(old);
		}
		if let Some(committee) = drawn {
			let mut distinct = committee.clone().into_inner();
			distinct.sort();
			distinct.dedup();
			Committees::<T>::insert(epoch, committee);
			Self::deposit_event(Event::CommitteeDrawn { epoch, signers: distinct.len() as u32 });
		}
		T::WeightInfo::draw_committee(candidates)
	}

	/// The committee of `epoch` drawn from the signers now eligible (registered, not leaving, with at least
	/// `MinSignerStake`), weighted by stake; `None` if none is.
	pub(crate) fn draw(epoch: EpochIndex) -> Option<BoundedVec<T::AccountId, T::Slots>> {
		let min = T::MinSignerStake::get();
		let mut accounts = Vec::new();
		let mut stakes = Vec::new();
		for who in SignerList::<T>::get() {
			let Some(signer) = Signers::<T>::get(&who) else { continue };
			if signer.unbonding_at.is_none() && signer.stake >= min {
				stakes.push(signer.stake.unique_saturated_into());
				accounts.push(who);
			}
		}
		let (random, _) = T::CommitteeRandomness::random(&(b"zg-da/committee", epoch).encode());
		let seed = sp_io::hashing::blake2_256(&random.encode());
		let picks = zg_primitives::da::draw_committee(&seed, &stakes, T::Slots::get());
		if picks.is_empty() {
			return None;
		}
		let committee: Option<Vec<T::AccountId>> =
			picks.into_iter().map(|i| accounts.get(i as usize).cloned()).collect();
		committee?.try_into().ok()
	}

	/// The slots `who` holds in `committee`, as a bitmap.
	pub fn slots_of(committee: &[T::AccountId], who: &T::AccountId) -> u128 {
		committee.iter().enumerate().filter(|(_, s)| *s == who).fold(0u128, |mask, (i, _)| mask | (1u128 << i))
	}

	/// The blob ids the chain keeps: `oldest..next`.
	pub fn window_view() -> (BlobId, BlobId) {
		(OldestBlob::<T>::get(), NextBlobId::<T>::get())
	}

	/// The current epoch and its first block.
	pub fn epoch_view() -> (EpochIndex, BlockNumberFor<T>) {
		let epoch = Self::epoch_of(frame_system::Pallet::<T>::block_number());
		(epoch, Self::epoch_start(epoch))
	}

	/// The committee of `epoch`, while kept.
	pub fn committee_view(epoch: EpochIndex) -> Option<Vec<T::AccountId>> {
		Committees::<T>::get(epoch).map(|c| c.into_inner())
	}

	/// The peer id of each slot's signer in `epoch`'s committee (empty for a signer that has left), while kept:
	/// where a node fetches a blob's columns.
	pub fn committee_peers_view(epoch: EpochIndex) -> Option<Vec<Vec<u8>>> {
		let committee = Committees::<T>::get(epoch)?;
		Some(
			committee
				.iter()
				.map(|who| Signers::<T>::get(who).map(|s| s.peer_id.into_inner()).unwrap_or_default())
				.collect(),
		)
	}
}
