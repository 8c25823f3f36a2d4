//! What `on_initialize` does: closing a round's challenges (misses, slashes, repair), expiring files and
//! opening the next round.

use super::*;

impl<T: Config> Pallet<T> {
	pub(crate) fn on_block(now: BlockNumberFor<T>) -> Weight {
		let mut weight = T::WeightInfo::on_initialize_idle();
		if ChallengeDeadline::<T>::get().is_some_and(|deadline| now > deadline) {
			weight.saturating_accrue(Self::close_challenges());
		}
		weight.saturating_accrue(Self::expire_due(now));
		let period = T::ChallengePeriod::get();
		if !period.is_zero() && (now % period).is_zero() {
			weight.saturating_accrue(Self::open_round(now));
		}
		weight
	}

	/// Every challenge still open after its deadline is a miss: slash, count, and repair at `MaxMisses`.
	pub(crate) fn close_challenges() -> Weight {
		ChallengeDeadline::<T>::kill();
		let missed: Vec<_> = Challenges::<T>::drain().take(T::MaxProviders::get() as usize).collect();
		let mut weight = Weight::zero();
		for (who, challenge) in missed {
			weight.saturating_accrue(T::WeightInfo::miss_challenge());
			let Some(info) = Providers::<T>::get(&who) else { continue };
			let misses = info.misses.saturating_add(1);
			Providers::<T>::mutate(&who, |info| {
				if let Some(info) = info {
					info.misses = misses;
				}
			});
			Self::deposit_event(Event::ChallengeMissed {
				provider: who.clone(),
				round: challenge.round,
				misses,
			});
			Self::slash(&who, T::SlashFraction::get(), SlashReason::MissedChallenge);
			if misses >= T::MaxMisses::get() {
				let (left, repair_weight) = Self::repair(&who);
				weight.saturating_accrue(repair_weight);
				if left == 0 {
					Providers::<T>::mutate(&who, |info| {
						if let Some(info) = info {
							info.misses = 0;
						}
					});
				}
			}
		}
		weight
	}

	/// Expires the files whose last round has ended, at most `MaxExpiriesPerBlock` per block.
	pub(crate) fn expire_due(now: BlockNumberFor<T>) -> Weight {
		let round = Self::round_at(now);
		let mut cursor = ExpiryCursor::<T>::get().unwrap_or(round);
		if cursor > round {
			return Weight::zero();
		}
		let mut budget = T::MaxExpiriesPerBlock::get();
		let (mut expired, mut skipped) = (0u32, 0u32);
		while cursor <= round && budget > 0 {
			budget -= 1;
			match Expiries::<T>::iter_key_prefix(cursor).next() {
				Some(root) => {
					Expiries::<T>::remove(cursor, root);
					if let Some(file) = Files::<T>::get(root) {
						match Self::remove_file(root, file) {
							Ok(refund) => Self::deposit_event(Event::FileExpired { root, refund }),
							Err(e) => log::error!(target: LOG_TARGET, "expiry refund failed: {e:?}"),
						}
					}
					expired += 1;
				},
				None => {
					cursor = cursor.saturating_add(1);
					skipped += 1;
				},
			}
		}
		ExpiryCursor::<T>::put(cursor);
		T::WeightInfo::expire_files(expired).saturating_add(T::WeightInfo::skip_expiry_rounds(skipped))
	}

	/// Starts the round beginning at `now`: one challenge per provider holding acknowledged shards.
	pub(crate) fn open_round(now: BlockNumberFor<T>) -> Weight {
		let round = Self::round_at(now);
		let randomness = Self::seed(CHALLENGE_SUBJECT, &[]);
		let deadline = now.saturating_add(T::ResponseWindow::get());
		let (mut considered, mut issued) = (0u32, 0u32);
		for (who, _) in Providers::<T>::iter().take(T::MaxProviders::get() as usize) {
			considered += 1;
			let held = ProviderShards::<T>::get(&who);
			let acknowledged: Vec<&HeldShard> = held.iter().filter(|h| h.acknowledged).collect();
			let Some(challenge) = derive_challenge(
				&randomness,
				&who.encode(),
				round,
				acknowledged.len() as u32,
				|i| acknowledged.get(i as usize).map_or(0, |h| h.sectors),
			) else {
				continue;
			};
			let Some(target) = acknowledged.get(challenge.assignment as usize) else { continue };
			Challenges::<T>::insert(
				&who,
				OpenChallenge {
					round,
					file: target.file,
					shard: target.shard,
					sector: challenge.sector,
					deadline,
				},
			);
			issued += 1;
		}
		if issued > 0 {
			ChallengeDeadline::<T>::put(deadline);
		}
		Self::deposit_event(Event::ChallengeRoundOpened { round, challenges: issued });
		T::WeightInfo::open_round(considered)
	}
}
