//! Placing shards on providers: who may take one, the weighted draw, and moving shards (repair, leaving).

use super::*;
use frame_support::weights::WeightMeter;

/// A provider that may be given a shard, as placement sees it.
#[derive(Clone, Debug)]
pub(crate) struct Candidate<AccountId> {
	pub who: AccountId,
	/// Free bytes.
	pub free: u64,
	/// Shards held.
	pub shards: u32,
}

impl<AccountId> Candidate<AccountId> {
	pub(crate) fn take(&mut self, size: u64) {
		self.free = self.free.saturating_sub(size);
		self.shards = self.shards.saturating_add(1);
	}
}

impl<T: Config> Pallet<T> {
	/// Providers that may take new shards: active, staked at least `MinProviderStake`, not being evicted, and
	/// without a miss since their last accepted proof (a provider that just missed a challenge or withheld a
	/// sector is not handed data — least of all the shard it just lost; an evicted one starts over). At
	/// most `MaxProviders`. Each is offered only what its stake backs and it has proven it can hold
	/// ([`ProviderInfo::placeable`]), so declaring a huge capacity buys no placement.
	pub(crate) fn candidates() -> Vec<Candidate<T::AccountId>> {
		let min = T::MinProviderStake::get();
		let probation = T::ProbationBytes::get();
		Providers::<T>::iter()
			.take(T::MaxProviders::get() as usize)
			.filter(|(_, info)| info.status == ProviderStatus::Active && info.stake >= min && info.misses == 0)
			.filter(|(who, _)| !Evictions::<T>::contains_key(who))
			.map(|(who, info)| Candidate {
				free: info.placeable(Self::backed_capacity(info.stake), probation),
				shards: info.shards,
				who,
			})
			.collect()
	}

	/// `count` distinct candidates (indices) for shards of `size` bytes, weighted by placeable capacity; those in
	/// `exclude`, without `size` free or at `MaxAssignmentsPerProvider` never.
	pub(crate) fn pick(
		candidates: &[Candidate<T::AccountId>],
		size: u64,
		exclude: &[T::AccountId],
		seed: &[u8; 32],
		count: usize,
	) -> Option<Vec<usize>> {
		let max_shards = T::MaxAssignmentsPerProvider::get();
		let weights: Vec<u64> = candidates
			.iter()
			.map(|c| {
				let fits = c.free >= size && c.shards < max_shards && !exclude.contains(&c.who);
				if fits {
					c.free.max(1)
				} else {
					0
				}
			})
			.collect();
		select_weighted(seed, &weights, count)
	}

	/// Records that `who` holds `held` (`size` bytes).
	pub(crate) fn assign_shard(who: &T::AccountId, held: HeldShard, size: u64) -> DispatchResult {
		ProviderShards::<T>::try_mutate(who, |list| list.try_push(held))
			.map_err(|_| Error::<T>::TooManyAssignments)?;
		Providers::<T>::try_mutate(who, |info| -> DispatchResult {
			let info = info.as_mut().ok_or(Error::<T>::NotProvider)?;
			info.used = info.used.checked_add(size).ok_or(Error::<T>::CapacityOverflow)?;
			info.shards = info.shards.saturating_add(1);
			Ok(())
		})
	}

	/// Records that `who` no longer holds shard `shard` of `root` (`size` bytes) and withdraws its open
	/// challenge on that shard: nobody is asked to prove a shard the chain let it drop. (A leaving provider's
	/// challenged shard is not handed over before the challenge closes, so leaving dodges nothing.)
	pub(crate) fn release_shard(who: &T::AccountId, root: FileRoot, shard: u32, size: u64) {
		let mut removed = false;
		ProviderShards::<T>::mutate(who, |list| {
			let before = list.len();
			list.retain(|h| !(h.file == root && h.shard == shard));
			removed = list.len() < before;
		});
		if removed {
			Providers::<T>::mutate(who, |info| {
				if let Some(info) = info {
					info.used = info.used.saturating_sub(size);
					info.shards = info.shards.saturating_sub(1);
				}
			});
		}
		Self::cancel_challenge_on(who, root, Some(shard));
	}

	/// Withdraws `who`'s open challenge if it targets `root` (and `shard`, if given).
	pub(crate) fn cancel_challenge_on(who: &T::AccountId, root: FileRoot, shard: Option<u32>) {
		Challenges::<T>::mutate_exists(who, |challenge| {
			if challenge.is_some_and(|c| c.file == root && shard.is_none_or(|s| s == c.shard)) {
				*challenge = None;
			}
		});
	}

	/// Marks `who`'s copy of shard `shard` of `root` unacknowledged and withdraws its challenge on it.
	pub(crate) fn unacknowledge(who: &T::AccountId, root: FileRoot, shard: u32) {
		ProviderShards::<T>::mutate(who, |list| {
			if let Some(h) = list.iter_mut().find(|h| h.file == root && h.shard == shard) {
				h.acknowledged = false;
			}
		});
		Self::cancel_challenge_on(who, root, Some(shard));
	}

	/// Moves shard `shard` of `root` from `from` to a provider picked from `candidates` (none already holding a
	/// shard of the file). Atomic: on error nothing changed.
	pub(crate) fn reassign(
		root: FileRoot,
		shard: u32,
		from: &T::AccountId,
		candidates: &mut [Candidate<T::AccountId>],
		seed: &[u8; 32],
	) -> Result<T::AccountId, DispatchError> {
		let mut file = Files::<T>::get(root).ok_or(Error::<T>::UnknownFile)?;
		let (size, sectors) = (file.shard_size(), file.shard_sectors());
		let exclude: Vec<T::AccountId> = file.shards.iter().map(|s| s.provider.clone()).collect();
		ensure!(exclude.get(shard as usize) == Some(from), Error::<T>::NotAssignedProvider);
		let mut salt = root.encode();
		salt.extend_from_slice(&shard.to_le_bytes());
		let shard_seed = keccak_256(&[&seed[..], &salt[..]].concat());
		let pick = Self::pick(candidates, size, &exclude, &shard_seed, 1)
			.and_then(|p| p.first().copied())
			.ok_or(Error::<T>::NotEnoughProviders)?;
		let candidate = candidates.get_mut(pick).ok_or(Error::<T>::NotEnoughProviders)?;
		let to = candidate.who.clone();
		with_storage_layer(|| {
			Self::release_shard(from, root, shard, size);
			Self::assign_shard(&to, HeldShard { file: root, shard, sectors, acknowledged: false }, size)
		})?;
		candidate.take(size);
		if let Some(slot) = file.shards.get_mut(shard as usize) {
			slot.provider = to.clone();
			slot.acknowledged = false;
		}
		// The new provider must take the shard in time, and gets the whole `AckDeadline` for it (a pending file
		// has its own deadline).
		if file.state != FileState::Pending {
			let ack_by = Self::deadline_in(T::AckDeadline::get());
			file.deadline = Some(ack_by);
			Self::schedule(ack_by, Due::File(root));
		}
		Files::<T>::insert(root, file);
		Self::deposit_event(Event::ShardReassigned { root, shard, from: from.clone(), to: to.clone() });
		Ok(to)
	}

	/// Moves queued shards to other providers while `meter` allows: first single shards (`Repairs`), then
	/// the shards of evicted providers (`Evictions`), one at a time. Stops for this block at the first shard
	/// that no provider can take (it is tried again in the next block).
	pub(crate) fn run_repairs(meter: &mut WeightMeter) {
		let unit = T::WeightInfo::reassign_shard(T::MaxProviders::get());
		let mut candidates: Option<Vec<Candidate<T::AccountId>>> = None;
		let seed = Self::seed(REPAIR_SUBJECT, &[]);
		while meter.can_consume(unit) {
			let Some(((root, shard), from, queued)) = Self::next_repair() else { return };
			meter.consume(unit);
			let Some(from) = from else {
				// An eviction finished: that provider may take shards again.
				candidates = None;
				continue;
			};
			let candidates = candidates.get_or_insert_with(Self::candidates);
			if Self::reassign(root, shard, &from, candidates, &seed).is_err() {
				Self::deposit_event(Event::RepairFailed { root, shard, provider: from.clone() });
				if queued {
					Repairs::<T>::insert((root, shard), ());
				}
				return;
			}
		}
	}

	/// The next shard to move, its current provider (`None`: nothing to do for it any more) and whether it
	/// came from `Repairs` (taken off that queue; an evicted provider's shards stay in its list until moved);
	/// `None` when both queues are empty (or only wait for open challenges).
	fn next_repair() -> Option<((FileRoot, u32), Option<T::AccountId>, bool)> {
		if let Some((root, shard)) = Repairs::<T>::iter_keys().next() {
			Repairs::<T>::remove((root, shard));
			let from = Files::<T>::get(root)
				.and_then(|f| f.shards.get(shard as usize).map(|s| s.provider.clone()));
			return Some(((root, shard), from, true));
		}
		for (who, reason) in Evictions::<T>::iter() {
			let held = ProviderShards::<T>::get(&who);
			let challenged = Challenges::<T>::get(&who).map(|c| (c.file, c.shard));
			// A leaving provider keeps a challenged shard until it answers (or misses): it cannot leave to
			// dodge a challenge, and is never asked to prove a shard it already handed over.
			let next = held
				.iter()
				.find(|h| reason == Eviction::Failed || challenged != Some((h.file, h.shard)))
				.map(|h| (h.file, h.shard));
			match next {
				Some(key) => return Some((key, Some(who), false)),
				None if held.is_empty() => {
					Evictions::<T>::remove(&who);
					// Slashed and emptied: it starts over (and may be given shards again while its stake allows).
					Providers::<T>::mutate(&who, |info| {
						if let Some(info) = info {
							info.misses = 0;
						}
					});
					Self::deposit_event(Event::EvictionFinished { provider: who });
					return Some(((FileRoot::zero(), 0), None, false));
				},
				None => continue,
			}
		}
		None
	}
}
