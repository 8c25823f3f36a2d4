//! Custody challenges: signers prove, cell by cell, that they still hold what they attested, under the custody
//! secrets they committed to (`zg_primitives::da::custody`).

use super::*;
use sp_runtime::traits::CheckedSub;
use zg_primitives::da::{
	columns_of_slot,
	custody::{self, SecretError},
	rows_for, BYTES_PER_CELL,
};

/// Blob ids the round tries per signer before giving up on it for this block.
pub(crate) const TRIES: u32 = 3;

impl<T: Config> Pallet<T> {
	/// A 64-bit draw from the parent block's randomness (unknown before the parent block), mixed with `subject`.
	fn random_u64(random: &[u8; 32], subject: &[u8]) -> u64 {
		let hash = sp_io::hashing::blake2_256(&(random, subject).encode());
		let mut word = [0u8; 8];
		word.copy_from_slice(&hash[..8]);
		u64::from_le_bytes(word)
	}

	/// The challenge round: up to `ChallengesPerBlock` signers, in turn through `SignerList`, each not challenged
	/// in the last `ChallengePeriod` and without an open challenge, get a random cell of a random certified blob
	/// among the slots they attested (a few random blob ids are tried; a signer that attested none of them is
	/// skipped until its next turn).
	pub(crate) fn issue_challenges(now: BlockNumberFor<T>) -> Weight {
		let list = SignerList::<T>::get();
		let (oldest, next) = (OldestBlob::<T>::get(), NextBlobId::<T>::get());
		let base = T::DbWeight::get().reads(3);
		if list.is_empty() || oldest >= next {
			return base;
		}
		// The parent block's randomness; before there is any (the first blocks of a chain, benchmarks), the
		// committee randomness mixed with the block number, which is known earlier.
		let random = match T::ChallengeRandomness::random(b"zg-da/challenge").0 {
			Some(random) => random.encode(),
			None => (T::CommitteeRandomness::random(b"zg-da/challenge").0, now).encode(),
		};
		let random = sp_io::hashing::blake2_256(&random);
		let per_block = T::ChallengesPerBlock::get().min(list.len() as u32);
		let cursor = ChallengeCursor::<T>::get();
		let mut looked = 0u32;
		for k in 0..per_block {
			let index = (cursor.wrapping_add(k) as usize) % list.len();
			let Some(who) = list.get(index) else { continue };
			looked += 1;
			Self::challenge(who, now, &random, oldest, next);
		}
		ChallengeCursor::<T>::put(((cursor as usize + per_block as usize) % list.len()) as u32);
		base.saturating_add(T::WeightInfo::issue_challenge().saturating_mul(looked as u64))
	}

	fn challenge(who: &T::AccountId, now: BlockNumberFor<T>, random: &[u8; 32], oldest: BlobId, next: BlobId) {
		let Some(mut signer) = Signers::<T>::get(who) else { return };
		if now < signer.next_challenge || Challenges::<T>::contains_key(who) {
			return;
		}
		for attempt in 0..TRIES {
			let subject = (who, now, attempt).encode();
			let id = oldest + Self::random_u64(random, &(&subject, b"blob").encode()) % (next - oldest);
			let Some(blob) = Blobs::<T>::get(id) else { continue };
			// Only once the epoch's secrets may be revealed: the answer shows one. Not a blob that expires before
			// the answer is due: the signer may drop its cells once the blob is gone (and should a deadline spill
			// past the expiry, the challenge is void: `answer_due`).
			let answer_by = now.saturating_add(T::ResponseWindow::get());
			if !matches!(blob.status, BlobStatus::Certified { .. }) ||
				now < Self::reveal_at(blob.epoch) ||
				blob.expires_at <= answer_by
			{
				continue;
			}
			let committee = Committees::<T>::get(blob.epoch).unwrap_or_default();
			let mine = Self::slots_of(&committee, who) & blob.attested;
			if mine == 0 {
				continue;
			}
			// A random attested slot, a random column of it, a random row.
			let nth = Self::random_u64(random, &(&subject, b"slot").encode()) % mine.count_ones() as u64;
			let Some(slot) = (0..128u32).filter(|s| mine & (1u128 << s) != 0).nth(nth as usize) else { return };
			let columns: Vec<u8> = columns_of_slot(slot, T::Slots::get()).collect();
			let column_pick = Self::random_u64(random, &(&subject, b"column").encode()) % columns.len().max(1) as u64;
			let Some(column) = columns.get(column_pick as usize).copied() else { return };
			let row = (Self::random_u64(random, &(&subject, b"row").encode()) % rows_for(blob.size) as u64) as u32;
			let Ok(deadline) =
				Self::schedule(now.saturating_add(T::ResponseWindow::get()), DueTask::Answer(who.clone()))
			else {
				return;
			};
			let cell = CellIndex { row, column };
			Challenges::<T>::insert(who, Challenge { blob: id, cell, deadline });
			signer.next_challenge = now.saturating_add(T::ChallengePeriod::get());
			Signers::<T>::insert(who, signer);
			Self::deposit_event(Event::ChallengeIssued { signer: who.clone(), blob: id, cell, deadline });
			return;
		}
	}

	/// A challenge's deadline: unanswered, it slashes and makes the signer forfeit its unpaid shares.
	pub(crate) fn answer_due(who: &T::AccountId, now: BlockNumberFor<T>) {
		let Some(challenge) = Challenges::<T>::get(who) else { return };
		if now < challenge.deadline {
			return;
		}
		Challenges::<T>::remove(who);
		// A blob that expired meanwhile leaves nothing to prove (`answer_challenge` would take no cell either).
		if !Blobs::<T>::contains_key(challenge.blob) {
			Self::deposit_event(Event::ChallengeVoided { signer: who.clone(), blob: challenge.blob });
			return;
		}
		let slashed = Self::slash(who, T::ChallengeSlash::get());
		Signers::<T>::mutate(who, |s| {
			if let Some(s) = s {
				s.failed_at = Some(now);
			}
		});
		Self::deposit_event(Event::ChallengeMissed { signer: who.clone(), blob: challenge.blob, slashed });
	}

	pub(crate) fn do_answer(
		who: T::AccountId,
		cell: Vec<u8>,
		proof: Proof,
		secret: H256,
		path: Vec<H256>,
	) -> DispatchResult {
		let challenge = Challenges::<T>::get(&who).ok_or(Error::<T>::NoChallenge)?;
		ensure!(cell.len() == BYTES_PER_CELL, Error::<T>::BadCell);
		let (Some(blob), Some(commitment)) = (
			Blobs::<T>::get(challenge.blob),
			Commitments::<T>::get(challenge.blob).and_then(|c| c.get(challenge.cell.row as usize).copied()),
		) else {
			// The blob expired meanwhile: nothing left to prove.
			Challenges::<T>::remove(&who);
			return Ok(());
		};
		let CellIndex { row, column } = challenge.cell;
		ensure!(T::CellVerifier::verify(&commitment, column, &cell, &proof), Error::<T>::InvalidCell);

		// The cell under the signer's secret of the blob's epoch is a leaf of the root it attested. Every `attest`
		// records a root, so a signer without one attested before the runtime had custody roots: the cell alone
		// answers, as it did then.
		let Some(root) =
			CustodyRoots::<T>::get(challenge.blob).into_iter().find_map(|(signer, root)| (signer == who).then_some(root))
		else {
			Challenges::<T>::remove(&who);
			Self::deposit_event(Event::ChallengeAnswered { signer: who, blob: challenge.blob });
			return Ok(());
		};
		let anchor = CustodyAnchors::<T>::get(&who).ok_or(Error::<T>::NoCustody)?;
		let revealed = Self::check_secret(&anchor, blob.epoch, &secret)?;
		let committee = Committees::<T>::get(blob.epoch).unwrap_or_default();
		let columns = Self::columns_of(&committee, &who);
		let index = custody::leaf_index(&columns, row, column).ok_or(Error::<T>::CustodyMismatch)?;
		let count = rows_for(blob.size).saturating_mul(columns.len() as u32);
		let leaf = custody::leaf(&secret.0, challenge.blob, row, column, &cell);
		let siblings: Vec<[u8; 32]> = path.into_iter().map(|h| h.0).collect();
		ensure!(custody::verify_path(&root.0, leaf, index, count, &siblings), Error::<T>::CustodyMismatch);

		if let Some(anchor) = revealed {
			CustodyAnchors::<T>::insert(&who, anchor);
		}
		Challenges::<T>::remove(&who);
		Self::deposit_event(Event::ChallengeAnswered { signer: who, blob: challenge.blob });
		Ok(())
	}

	/// The columns of every slot `who` holds in `committee`, ascending: the order of its custody leaves in a row.
	pub fn columns_of(committee: &[T::AccountId], who: &T::AccountId) -> Vec<u8> {
		let slots = T::Slots::get();
		let mine = Self::slots_of(committee, who);
		let mut columns: Vec<u8> =
			(0..slots).filter(|s| mine & (1u128 << s) != 0).flat_map(|s| columns_of_slot(s, slots)).collect();
		columns.sort_unstable();
		columns
	}

	/// Checks `secret` as the signer's secret of `epoch`; the new anchor if it reveals one.
	fn check_secret(anchor: &CustodyAnchor, epoch: EpochIndex, secret: &H256) -> Result<Option<CustodyAnchor>, Error<T>> {
		custody::verify_secret(anchor, epoch, &secret.0).map(|(_, revealed)| revealed).map_err(|e| match e {
			SecretError::TooFar => Error::<T>::CustodyGap,
			SecretError::Wrong => Error::<T>::BadSecret,
		})
	}

	pub(crate) fn do_commit_custody(who: T::AccountId, epoch: EpochIndex, image: H256) -> DispatchResult {
		let signer = Signers::<T>::get(&who).ok_or(Error::<T>::NotSigner)?;
		let now = frame_system::Pallet::<T>::block_number();
		// A new chain only when nothing attested under the old one can still be challenged.
		if CustodyAnchors::<T>::contains_key(&who) {
			ensure!(now > signer.liable_until && !Challenges::<T>::contains_key(&who), Error::<T>::CustodyCommitted);
		}
		let current = Self::epoch_of(now);
		// Not a future epoch (the blobs of the epochs between would be attested under secrets not committed to),
		// and close enough that the first answer stays within the gap.
		ensure!(epoch <= current && current - epoch < custody::MAX_GAP / 2, Error::<T>::CustodyGap);
		CustodyAnchors::<T>::insert(&who, CustodyAnchor { epoch, image: image.0 });
		Self::deposit_event(Event::CustodyCommitted { signer: who, epoch });
		Ok(())
	}

	pub(crate) fn do_reveal(who: T::AccountId, epoch: EpochIndex, secret: H256) -> DispatchResult {
		let anchor = CustodyAnchors::<T>::get(&who).ok_or(Error::<T>::NoCustody)?;
		ensure!(frame_system::Pallet::<T>::block_number() >= Self::reveal_at(epoch), Error::<T>::TooEarly);
		if let Some(anchor) = Self::check_secret(&anchor, epoch, &secret)? {
			CustodyAnchors::<T>::insert(&who, anchor);
			Self::deposit_event(Event::CustodyRevealed { signer: who, epoch });
		}
		Ok(())
	}

	pub(crate) fn do_report_leak(
		reporter: T::AccountId,
		who: T::AccountId,
		epoch: EpochIndex,
		secret: H256,
	) -> DispatchResult {
		let anchor = CustodyAnchors::<T>::get(&who).ok_or(Error::<T>::NoCustody)?;
		ensure!(frame_system::Pallet::<T>::block_number() < Self::reveal_at(epoch), Error::<T>::NotALeak);
		// An already public secret (before the anchor) is no news; a secret at or past it is the signer's.
		let Some(revealed) = Self::check_secret(&anchor, epoch, &secret)? else {
			return Err(Error::<T>::NotALeak.into());
		};
		// Known now: the same leak cannot be reported twice.
		CustodyAnchors::<T>::insert(&who, revealed);
		let stake = Signers::<T>::get(&who).map(|s| s.stake).unwrap_or_else(Zero::zero);
		let total = T::LeakSlash::get().mul_floor(stake);
		let half = total / 2u32.into();
		let reward = T::Currency::transfer_on_hold(
			&HoldReason::SignerStake.into(),
			&who,
			&reporter,
			half,
			Precision::BestEffort,
			Restriction::Free,
			Fortitude::Force,
		)
		.unwrap_or_else(|e| {
			log::error!(target: LOG_TARGET, "leak reward of {half:?} not paid: {e:?}");
			Zero::zero()
		});
		Signers::<T>::mutate(&who, |s| {
			if let Some(s) = s {
				s.stake = s.stake.saturating_sub(reward);
			}
		});
		let rest = total.checked_sub(&reward).unwrap_or_else(Zero::zero);
		let burnt = Self::burn_stake(&who, rest);
		Self::deposit_event(Event::CustodyLeaked {
			signer: who,
			epoch,
			reporter,
			slashed: reward.saturating_add(burnt),
			reward,
		});
		Ok(())
	}
}
