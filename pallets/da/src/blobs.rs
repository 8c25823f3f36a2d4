//! Blobs: the fee market, submission, attestations and certificates, deadlines, expiry and hand-over to storage.

use super::*;
use alloc::collections::BTreeMap;
use sp_runtime::traits::{CheckedMul, SaturatedConversion};
use zg_primitives::da::{quorum_reached, rows_for, BlobView, DATA_PER_ROW};

impl<T: Config> Pallet<T> {
	/// The base fee per padded byte now.
	pub fn base_fee() -> BalanceOf<T> {
		BaseFee::<T>::get().max(T::MinBaseFee::get())
	}

	/// The bytes a blob of `size` is charged for and counted against the block budget: whole rows.
	pub fn padded_bytes(size: u64) -> u64 {
		rows_for(size) as u64 * DATA_PER_ROW as u64
	}

	/// The fee of a blob of `size` bytes now (`None`: not a valid size, or overflow).
	pub fn fee_for(size: u64) -> Option<BalanceOf<T>> {
		if size == 0 || size > T::MaxBlobSize::get() {
			return None;
		}
		Self::base_fee().checked_mul(&Self::padded_bytes(size).saturated_into())
	}

	/// EIP-1559's rule on last block's padded bytes: the base fee moves toward keeping blocks at half the budget,
	/// by at most 1/8 per block, never below `MinBaseFee`.
	pub(crate) fn adjust_base_fee() -> Weight {
		let used = BlockBytes::<T>::take();
		let target = (T::BlockByteBudget::get() / 2).max(1);
		let base = Self::base_fee();
		let next = if used > target {
			let step = Perbill::from_rational(used - target, target.saturating_mul(8)).mul_ceil(base);
			base.saturating_add(step.max(One::one()))
		} else {
			let step = Perbill::from_rational(target - used, target.saturating_mul(8)).mul_floor(base);
			// At least one unit below target, so that small fees do not stick above the minimum.
			let step = if used < target { step.max(One::one()) } else { step };
			base.saturating_sub(step).max(T::MinBaseFee::get())
		};
		BaseFee::<T>::put(next);
		T::DbWeight::get().reads_writes(2, 2)
	}

	pub(crate) fn do_submit(
		who: T::AccountId,
		namespace: Namespace,
		size: u64,
		data_root: H256,
		commitments: BoundedVec<Commitment, T::MaxRows>,
		disperser: BoundedVec<u8, T::MaxPeerIdLen>,
	) -> Result<BlobId, DispatchError> {
		ensure!(size > 0 && size <= T::MaxBlobSize::get(), Error::<T>::BadSize);
		ensure!(commitments.len() as u32 == rows_for(size), Error::<T>::BadCommitments);
		ensure!(!disperser.is_empty(), Error::<T>::BadPeerId);
		let now = frame_system::Pallet::<T>::block_number();
		let epoch = Self::epoch_of(now);
		ensure!(Committees::<T>::contains_key(epoch), Error::<T>::NoCommittee);
		let padded = Self::padded_bytes(size);
		let used = BlockBytes::<T>::get().saturating_add(padded);
		ensure!(used <= T::BlockByteBudget::get(), Error::<T>::BlockFull);
		let fee = Self::fee_for(size).ok_or(Error::<T>::Overflow)?;

		let id = NextBlobId::<T>::get();
		let deadline = Self::schedule(now.saturating_add(T::AttestWindow::get()), DueTask::Deadline(id))?;
		let expires_at = match Self::schedule(deadline.saturating_add(T::Retention::get()), DueTask::Expire(id)) {
			Ok(at) => at,
			Err(e) => {
				// Undo the deadline so the queues hold nothing of a refused submission.
				Due::<T>::mutate(deadline, |tasks| tasks.retain(|t| t != &DueTask::Deadline(id)));
				return Err(e.into());
			},
		};
		T::Currency::hold(&HoldReason::BlobFee.into(), &who, fee).map_err(|_| Error::<T>::InsufficientFunds)?;

		NextBlobId::<T>::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
		BlockBytes::<T>::put(used);
		Commitments::<T>::insert(id, commitments);
		Blobs::<T>::insert(
			id,
			BlobInfo {
				submitter: who.clone(),
				namespace,
				size,
				data_root,
				epoch,
				submitted_at: now,
				deadline,
				expires_at,
				fee,
				held: fee,
				status: BlobStatus::Pending,
				attested: 0,
				disperser,
			},
		);
		Self::deposit_event(Event::BlobSubmitted {
			blob: id,
			submitter: who,
			namespace,
			size,
			data_root,
			fee,
			epoch,
			deadline,
		});
		Ok(id)
	}

	pub(crate) fn do_attest(who: T::AccountId, blobs: Vec<(BlobId, H256)>) -> DispatchResult {
		ensure!(!blobs.is_empty(), Error::<T>::EmptyBatch);
		let mut signer = Signers::<T>::get(&who).ok_or(Error::<T>::NotSigner)?;
		let anchor = CustodyAnchors::<T>::get(&who).ok_or(Error::<T>::NoCustody)?;
		let now = frame_system::Pallet::<T>::block_number();
		let slots = T::Slots::get();
		// Committees read once per epoch of the batch.
		let mut masks: BTreeMap<EpochIndex, u128> = BTreeMap::new();
		for (id, custody_root) in blobs {
			let mut blob = Blobs::<T>::get(id).ok_or(Error::<T>::UnknownBlob)?;
			ensure!(now <= blob.deadline && blob.status != BlobStatus::Unavailable, Error::<T>::TooLate);
			// The secret the root was made with must still be secret (the chain commitment covers the epoch).
			ensure!(blob.epoch >= anchor.epoch, Error::<T>::NoCustody);
			let mask = match masks.get(&blob.epoch) {
				Some(mask) => *mask,
				None => {
					let committee = Committees::<T>::get(blob.epoch).unwrap_or_default();
					let mask = Self::slots_of(&committee, &who);
					masks.insert(blob.epoch, mask);
					mask
				},
			};
			ensure!(mask != 0, Error::<T>::NotInCommittee);
			ensure!(blob.attested & mask == 0, Error::<T>::AlreadyAttested);
			blob.attested |= mask;
			let attested = blob.attested.count_ones();
			Self::deposit_event(Event::Attested { blob: id, signer: who.clone(), slots: mask.count_ones() });
			if blob.status == BlobStatus::Pending && quorum_reached(attested, slots) {
				blob.status = BlobStatus::Certified { at: now };
				Self::deposit_event(Event::BlobCertified { blob: id, attested });
			}
			signer.liable_until = signer.liable_until.max(blob.expires_at);
			// A signer attests a blob once and holds at most `Slots` slots: the list always has room.
			CustodyRoots::<T>::try_mutate(id, |roots| roots.try_push((who.clone(), custody_root)))
				.map_err(|_| Error::<T>::AlreadyAttested)?;
			Blobs::<T>::insert(id, blob);
		}
		Signers::<T>::insert(&who, signer);
		Ok(())
	}

	/// A blob's deadline: the unattested slots' share of a certified blob's fee goes back to its submitter; a
	/// blob without a certificate is unavailable: refunded minus `FailedBlobCost` (burnt), its commitments pruned.
	pub(crate) fn deadline(id: BlobId, now: BlockNumberFor<T>) {
		let Some(mut blob) = Blobs::<T>::get(id) else { return };
		if blob.status == BlobStatus::Unavailable || now < blob.deadline {
			return;
		}
		let reason: T::RuntimeHoldReason = HoldReason::BlobFee.into();
		let slots = T::Slots::get();
		match blob.status {
			BlobStatus::Certified { .. } => {
				let attested = blob.attested.count_ones();
				let keep = Perbill::from_rational(attested, slots).mul_floor(blob.fee);
				let refund = blob.held.saturating_sub(keep);
				let refunded = Self::release(&reason, &blob.submitter, refund);
				blob.held = blob.held.saturating_sub(refunded);
				Self::deposit_event(Event::BlobSettled { blob: id, attested, refund: refunded });
			},
			_ => {
				let cost = T::FailedBlobCost::get().mul_floor(blob.held);
				let burnt =
					T::Currency::burn_held(&reason, &blob.submitter, cost, Precision::BestEffort, Fortitude::Force)
						.unwrap_or_else(|e| {
							log::error!(target: LOG_TARGET, "blob {id}: cost not burnt: {e:?}");
							Zero::zero()
						});
				let refunded = Self::release(&reason, &blob.submitter, blob.held.saturating_sub(burnt));
				blob.held = blob.held.saturating_sub(burnt).saturating_sub(refunded);
				blob.status = BlobStatus::Unavailable;
				Commitments::<T>::remove(id);
				Self::deposit_event(Event::BlobUnavailable { blob: id, refund: refunded });
			},
		}
		Blobs::<T>::insert(id, blob);
	}

	fn release(reason: &T::RuntimeHoldReason, who: &T::AccountId, amount: BalanceOf<T>) -> BalanceOf<T> {
		if amount.is_zero() {
			return amount;
		}
		T::Currency::release(reason, who, amount, Precision::BestEffort).unwrap_or_else(|e| {
			log::error!(target: LOG_TARGET, "release of {amount:?} failed: {e:?}");
			Zero::zero()
		})
	}

	/// A blob's expiry: each attesting signer is paid its slots' share of what the blob still holds, unless it
	/// missed a challenge since the certificate (then its share is burnt); the rounding rest goes back to the
	/// submitter; the blob is pruned. Returns the distinct signers paid (the weight's parameter).
	pub(crate) fn expire(id: BlobId) -> u32 {
		let Some(blob) = Blobs::<T>::take(id) else { return 0 };
		Commitments::<T>::remove(id);
		CustodyRoots::<T>::remove(id);
		Self::advance_oldest();
		let reason: T::RuntimeHoldReason = HoldReason::BlobFee.into();
		let attested = blob.attested.count_ones();
		let (mut paid, mut forfeited): (BalanceOf<T>, BalanceOf<T>) = (Zero::zero(), Zero::zero());
		let mut distinct = 0u32;
		if let (BlobStatus::Certified { at }, false) = (blob.status, attested == 0) {
			let committee = Committees::<T>::get(blob.epoch).unwrap_or_default();
			let mut shares: BTreeMap<T::AccountId, u32> = BTreeMap::new();
			for (slot, who) in committee.iter().enumerate() {
				if blob.attested & (1u128 << slot) != 0 {
					*shares.entry(who.clone()).or_default() += 1;
				}
			}
			distinct = shares.len() as u32;
			for (who, count) in shares {
				let amount = Perbill::from_rational(count, attested).mul_floor(blob.held);
				let failed = Signers::<T>::get(&who).and_then(|s| s.failed_at).is_some_and(|f| f >= at);
				if failed {
					let burnt = T::Currency::burn_held(
						&reason,
						&blob.submitter,
						amount,
						Precision::BestEffort,
						Fortitude::Force,
					)
					.unwrap_or_else(|_| Zero::zero());
					forfeited = forfeited.saturating_add(burnt);
				} else {
					let moved = T::Currency::transfer_on_hold(
						&reason,
						&blob.submitter,
						&who,
						amount,
						Precision::BestEffort,
						Restriction::Free,
						Fortitude::Force,
					)
					.unwrap_or_else(|e| {
						log::error!(target: LOG_TARGET, "blob {id}: signer not paid: {e:?}");
						Zero::zero()
					});
					paid = paid.saturating_add(moved);
				}
			}
		}
		let rest = blob.held.saturating_sub(paid).saturating_sub(forfeited);
		Self::release(&reason, &blob.submitter, rest);
		Self::deposit_event(Event::BlobExpired { blob: id, paid, forfeited });
		distinct
	}

	/// Moves `OldestBlob` past pruned blobs (a few at a time; expiries come almost in id order).
	fn advance_oldest() {
		let next = NextBlobId::<T>::get();
		let mut oldest = OldestBlob::<T>::get();
		for _ in 0..SPILL {
			if oldest >= next || Blobs::<T>::contains_key(oldest) {
				break;
			}
			oldest += 1;
		}
		OldestBlob::<T>::put(oldest);
	}

	pub(crate) fn do_keep(who: T::AccountId, id: BlobId, periods: u32, encoder: T::AccountId) -> DispatchResult {
		let blob = Blobs::<T>::get(id).ok_or(Error::<T>::UnknownBlob)?;
		ensure!(matches!(blob.status, BlobStatus::Certified { .. }), Error::<T>::NotCertified);
		let stored = T::StoredFiles::store(&who, blob.data_root, blob.size, periods, &encoder)?;
		Self::deposit_event(Event::BlobKept { blob: id, owner: who, data_root: blob.data_root, periods, stored });
		Ok(())
	}

	/// The blob as the RPC shows it.
	pub fn blob_view(id: BlobId) -> Option<BlobView<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>> {
		let blob = Blobs::<T>::get(id)?;
		let (status, certified_at): (&[u8], _) = match blob.status {
			BlobStatus::Pending => (b"pending", None),
			BlobStatus::Certified { at } => (b"certified", Some(at)),
			BlobStatus::Unavailable => (b"unavailable", None),
		};
		Some(BlobView {
			submitter: blob.submitter,
			namespace: blob.namespace,
			size: blob.size,
			data_root: blob.data_root.0,
			epoch: blob.epoch,
			submitted_at: blob.submitted_at,
			deadline: blob.deadline,
			expires_at: blob.expires_at,
			fee: blob.fee,
			status: status.to_vec(),
			certified_at,
			attested_slots: blob.attested.count_ones(),
			slots: T::Slots::get(),
			disperser: blob.disperser.into_inner(),
		})
	}

	/// The blob's row commitments.
	pub fn commitments_view(id: BlobId) -> Option<Vec<Commitment>> {
		Commitments::<T>::get(id).map(|c| c.into_inner())
	}
}
