//! Placing shards on providers: who may take one, the weighted draw, and moving shards (repair, leaving).

use super::*;

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
	/// Providers that may take new shards: active, staked at least `MinProviderStake`. At most `MaxProviders`.
	pub(crate) fn candidates() -> Vec<Candidate<T::AccountId>> {
		let min = T::MinProviderStake::get();
		Providers::<T>::iter()
			.take(T::MaxProviders::get() as usize)
			.filter(|(_, info)| info.status == ProviderStatus::Active && info.stake >= min)
			.map(|(who, info)| Candidate { free: info.free(), shards: info.shards, who })
			.collect()
	}

	/// `count` distinct candidates (indices) for shards of `size` bytes, weighted by free capacity; those in
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

	/// Records that `who` no longer holds shard `shard` of `root` (`size` bytes). Its open challenge on that
	/// shard is withdrawn if `cancel_challenge` (the file is gone or its roots are void); a provider that
	/// leaves must still answer.
	pub(crate) fn release_shard(who: &T::AccountId, root: FileRoot, shard: u32, size: u64, cancel_challenge: bool) {
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
		if cancel_challenge {
			Self::cancel_challenge_on(who, root, Some(shard));
		}
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
			Self::release_shard(from, root, shard, size, false);
			Self::assign_shard(&to, HeldShard { file: root, shard, sectors, acknowledged: false }, size)
		})?;
		candidate.take(size);
		if let Some(slot) = file.shards.get_mut(shard as usize) {
			slot.provider = to.clone();
			slot.acknowledged = false;
		}
		Files::<T>::insert(root, file);
		Self::deposit_event(Event::ShardReassigned { root, shard, from: from.clone(), to: to.clone() });
		Ok(to)
	}

	/// Moves every shard `who` holds to other providers; returns how many are left (no provider could take
	/// them) and the weight used.
	pub(crate) fn repair(who: &T::AccountId) -> (u32, Weight) {
		let held = ProviderShards::<T>::get(who);
		let mut candidates = Self::candidates();
		let seed = Self::seed(REPAIR_SUBJECT, &who.encode());
		let mut left = 0u32;
		for shard in held.iter() {
			if Self::reassign(shard.file, shard.shard, who, &mut candidates, &seed).is_err() {
				left = left.saturating_add(1);
				Self::deposit_event(Event::RepairFailed {
					root: shard.file,
					shard: shard.shard,
					provider: who.clone(),
				});
			}
		}
		let weight =
			T::WeightInfo::reassign_shard(candidates.len() as u32).saturating_mul(held.len() as u64);
		(left, weight)
	}
}
