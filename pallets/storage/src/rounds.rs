//! What `on_initialize` does: opening a round's challenges, and — within `MaxHookWeight` per block — closing
//! them (misses, slashes, evictions), expiring files, acting on deadlines (encoding, acknowledgement, retrieval)
//! and moving queued shards. Work that does not fit waits in its queue for the next block, so no block is
//! ever filled by the hook, however many providers fail or files expire at once.

use super::*;
use frame_support::weights::WeightMeter;

impl<T: Config> Pallet<T> {
	pub(crate) fn on_block(now: BlockNumberFor<T>) -> Weight {
		let mut weight = T::WeightInfo::on_initialize_idle();
		let mut meter = WeightMeter::with_limit(T::MaxHookWeight::get());
		if ChallengeDeadline::<T>::get().is_some_and(|deadline| now > deadline) {
			Self::close_challenges(&mut meter);
		}
		Self::expire_due(now, &mut meter);
		let period = T::ChallengePeriod::get();
		if !period.is_zero() && (now % period).is_zero() {
			weight.saturating_accrue(Self::open_round(now));
		}
		Self::run_tasks(now, &mut meter);
		Self::run_repairs(&mut meter);
		weight.saturating_add(meter.consumed())
	}

	/// The heaviest single unit of queued work: `MaxHookWeight` must fit it.
	pub(crate) fn max_hook_unit() -> Weight {
		let p = T::MaxProviders::get();
		T::WeightInfo::miss_challenge()
			.max(T::WeightInfo::expire_files(1))
			.max(T::WeightInfo::file_deadline())
			.max(T::WeightInfo::retrieval_deadline())
			.max(T::WeightInfo::reassign_shard(p))
			.max(T::WeightInfo::skip_expiry_rounds(1))
	}

	/// Every challenge still open after its deadline is a miss: slash, count, and evict at `MaxMisses`. As
	/// many as `meter` allows; the rest in the next blocks (they can no longer be answered).
	pub(crate) fn close_challenges(meter: &mut WeightMeter) {
		let unit = T::WeightInfo::miss_challenge();
		while meter.can_consume(unit) {
			let Some((who, challenge)) = Challenges::<T>::iter().next() else {
				ChallengeDeadline::<T>::kill();
				return;
			};
			meter.consume(unit);
			Self::miss(&who, challenge);
		}
	}

	/// `who` missed `challenge`.
	fn miss(who: &T::AccountId, challenge: OpenChallenge<BlockNumberFor<T>>) {
		Challenges::<T>::remove(who);
		let Some(info) = Providers::<T>::get(who) else { return };
		let misses = info.misses.saturating_add(1);
		Providers::<T>::mutate(who, |info| {
			if let Some(info) = info {
				info.misses = misses;
			}
		});
		Self::deposit_event(Event::ChallengeMissed { provider: who.clone(), round: challenge.round, misses });
		Self::slash(who, T::SlashFraction::get(), SlashReason::MissedChallenge);
		if misses >= T::MaxMisses::get() {
			Self::evict(who, Eviction::Failed);
		}
	}

	/// Expires the files whose last round has ended, at most `MaxExpiriesPerBlock` per block and as many as
	/// `meter` allows.
	pub(crate) fn expire_due(now: BlockNumberFor<T>, meter: &mut WeightMeter) {
		let round = Self::round_at(now);
		let mut cursor = ExpiryCursor::<T>::get().unwrap_or(round);
		if cursor > round {
			return;
		}
		let (file_unit, skip_unit) = (T::WeightInfo::expire_files(1), T::WeightInfo::skip_expiry_rounds(1));
		let mut budget = T::MaxExpiriesPerBlock::get();
		while cursor <= round && budget > 0 && meter.can_consume(file_unit.max(skip_unit)) {
			budget -= 1;
			match Expiries::<T>::iter_key_prefix(cursor).next() {
				Some(root) => {
					meter.consume(file_unit);
					Expiries::<T>::remove(cursor, root);
					if let Some(file) = Files::<T>::get(root) {
						match Self::remove_file(root, file) {
							Ok((refund, _)) => Self::deposit_event(Event::FileExpired { root, refund }),
							Err(e) => log::error!(target: LOG_TARGET, "expiry refund failed: {e:?}"),
						}
					}
				},
				None => {
					meter.consume(skip_unit);
					cursor = cursor.saturating_add(1);
				},
			}
		}
		ExpiryCursor::<T>::put(cursor);
	}

	/// Acts on the deadlines due by `now`, as many as `meter` allows.
	pub(crate) fn run_tasks(now: BlockNumberFor<T>, meter: &mut WeightMeter) {
		let mut cursor = TaskCursor::<T>::get().unwrap_or(now);
		let skip_unit = T::WeightInfo::skip_expiry_rounds(1);
		let unit = T::WeightInfo::file_deadline().max(T::WeightInfo::retrieval_deadline());
		while cursor <= now && meter.can_consume(unit.max(skip_unit)) {
			match Tasks::<T>::iter_key_prefix(cursor).next() {
				Some(task) => {
					Tasks::<T>::remove(cursor, &task);
					match task {
						Due::File(root) => {
							meter.consume(T::WeightInfo::file_deadline());
							Self::file_deadline(root, cursor);
						},
						Due::Retrieval { provider, key } => {
							meter.consume(T::WeightInfo::retrieval_deadline());
							Self::retrieval_deadline(&provider, key);
						},
					}
				},
				None => {
					meter.consume(skip_unit);
					cursor = cursor.saturating_add(One::one());
				},
			}
		}
		TaskCursor::<T>::put(cursor);
	}

	/// File `root`'s deadline was the block before `due` (ignored if the file has moved on since).
	///
	/// - Still pending: nobody encoded it. It is dropped; the owner pays one round for the room it held.
	/// - Encoded (or stored with a shard moved to a new provider), not every shard acknowledged: with at least
	///   k shards acknowledged the data was there to fetch or rebuild, so each provider that did not take its
	///   shard is at fault — slashed, its shard moved, a new deadline set. With fewer before the file was ever
	///   stored, the encoder did not serve what it confirmed — slashed, and the file is pending again.
	pub(crate) fn file_deadline(root: FileRoot, due: BlockNumberFor<T>) {
		let Some(mut file) = Files::<T>::get(root) else { return };
		if file.deadline.map(|d| d.saturating_add(One::one())) != Some(due) {
			return;
		}
		if file.state == FileState::Pending {
			match Self::remove_file(root, file) {
				Ok((refund, charged)) => Self::deposit_event(Event::FileAbandoned { root, refund, charged }),
				Err(e) => log::error!(target: LOG_TARGET, "refund of an abandoned file failed: {e:?}"),
			}
			return;
		}
		let acknowledged = file.shards.iter().filter(|s| s.acknowledged).count() as u32;
		if acknowledged == file.shards.len() as u32 {
			file.deadline = None;
		} else if acknowledged >= u32::from(file.params.data_shards) || file.state == FileState::Stored {
			for (index, shard) in file.shards.iter().enumerate().filter(|(_, s)| !s.acknowledged) {
				Self::slash(&shard.provider, T::SlashFraction::get(), SlashReason::ShardNotTaken);
				Repairs::<T>::insert((root, index as u32), ());
				Self::deposit_event(Event::ShardQueuedForRepair {
					root,
					shard: index as u32,
					provider: shard.provider.clone(),
				});
			}
			let ack_by = Self::deadline_in(T::AckDeadline::get());
			file.deadline = Some(ack_by);
			Self::schedule(ack_by, Due::File(root));
		} else {
			let encoder = file.encoder.clone().unwrap_or_else(|| file.chosen_encoder.clone());
			Self::slash(&encoder, T::SlashFraction::get(), SlashReason::EncodingNotServed);
			Self::reset_encoding(root, &mut file);
			Self::deposit_event(Event::EncodingNotServed { root, encoder, acknowledged });
		}
		Files::<T>::insert(root, file);
	}

	/// A retrieval challenge against `provider` is due. Unanswered: the provider is slashed
	/// `RetrievalSlash` (`ReporterShare` of it to the challenger, who also gets its deposit back), it counts as a
	/// miss, and the shard is queued for repair. If the file is gone meanwhile, the challenger only gets its deposit back.
	pub(crate) fn retrieval_deadline(provider: &T::AccountId, key: RetrievalKey) {
		let Some(challenge) = Retrievals::<T>::take(provider, key) else { return };
		Self::note_retrieval_closed(provider);
		if let Err(e) = Self::pay_from_pool(&challenge.challenger, challenge.deposit) {
			log::error!(target: LOG_TARGET, "retrieval deposit could not be returned: {e:?}");
		}
		let Some(file) = Files::<T>::get(key.file) else { return };
		// A challenge the provider could not answer is void, not missed: the shard's root is gone (the encoding was
		// reset: fewer than k acknowledgements, a fraud proof), or it is another encoding's that the provider has
		// not acknowledged yet. Otherwise an owner that is also its file's encoder could challenge the providers
		// that acknowledged and then have the encoding reset, to collect a share of their slashes for answers
		// nobody could give. A shard moved to another provider meanwhile (the challenged one left, or was
		// evicted) is still answerable under the same root by the one challenged: no way out of a challenge.
		let answerable = file
			.shards
			.get(key.shard as usize)
			.is_some_and(|s| s.root.is_some() && (s.acknowledged || &s.provider != provider));
		if !answerable {
			Self::deposit_event(Event::RetrievalVoided { provider: provider.clone(), key });
			return;
		}
		let (slashed, reward) = Self::slash_sharing(
			provider,
			T::RetrievalSlash::get(),
			&challenge.challenger,
			T::ReporterShare::get(),
			SlashReason::Withheld,
		);
		// Withholding counts as a miss: no new data until it proves again, eviction at `MaxMisses`.
		let misses = Providers::<T>::mutate(provider, |info| {
			info.as_mut().map(|info| {
				info.misses = info.misses.saturating_add(1);
				info.misses
			})
		});
		if misses.is_some_and(|m| m >= T::MaxMisses::get()) {
			Self::evict(provider, Eviction::Failed);
		}
		if file.shards.get(key.shard as usize).is_some_and(|s| &s.provider == provider) {
			Repairs::<T>::insert((key.file, key.shard), ());
			Self::deposit_event(Event::ShardQueuedForRepair {
				root: key.file,
				shard: key.shard,
				provider: provider.clone(),
			});
		}
		Self::deposit_event(Event::RetrievalMissed {
			provider: provider.clone(),
			challenger: challenge.challenger,
			key,
			slashed,
			reward,
		});
	}

	/// Starts the round beginning at `now`: one challenge per provider holding acknowledged shards. A provider
	/// whose challenge of an earlier round is still waiting to be closed (the hook's budget did not reach it) is
	/// not challenged again: that challenge stays a miss, closed with this round's.
	pub(crate) fn open_round(now: BlockNumberFor<T>) -> Weight {
		let round = Self::round_at(now);
		let randomness = Self::seed(CHALLENGE_SUBJECT, &[]);
		let deadline = now.saturating_add(T::ResponseWindow::get());
		let (mut considered, mut issued, mut waiting) = (0u32, 0u32, 0u32);
		for (who, _) in Providers::<T>::iter().take(T::MaxProviders::get() as usize) {
			considered += 1;
			if Challenges::<T>::contains_key(&who) {
				waiting += 1;
				continue;
			}
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
		if issued > 0 || waiting > 0 {
			ChallengeDeadline::<T>::put(deadline);
		} else {
			ChallengeDeadline::<T>::kill();
		}
		Self::deposit_event(Event::ChallengeRoundOpened { round, challenges: issued });
		T::WeightInfo::open_round(considered)
	}
}
