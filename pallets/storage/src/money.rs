//! Fees, rewards, refunds and slashes: every movement of funds between owners, providers and the pool.

use super::*;

impl<T: Config> Pallet<T> {
	/// Pays `amount` from the pool to `to`, keeping the pool alive.
	pub(crate) fn pay_from_pool(to: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		T::Currency::transfer(&Self::pool_account(), to, amount, Preservation::Preserve).map(|_| ())
	}

	/// Pays `who` for every acknowledged shard it holds of a file stored in `round`; returns the reward, how
	/// many shards it holds and the bytes of those it has acknowledged.
	pub(crate) fn pay_round(who: &T::AccountId, round: Round) -> (BalanceOf<T>, u32, u64) {
		let held = ProviderShards::<T>::get(who);
		let mut reward = BalanceOf::<T>::zero();
		let mut paid = Vec::new();
		let mut acknowledged_bytes = 0u64;
		for shard in held.iter().filter(|h| h.acknowledged) {
			acknowledged_bytes =
				acknowledged_bytes.saturating_add(shard.sectors.saturating_mul(zg_primitives::storage::SECTOR_SIZE as u64));
			let Some(mut file) = Files::<T>::get(shard.file) else { continue };
			if !file.is_live_in(round) {
				continue;
			}
			let share = Self::shard_reward(&file).min(file.fee.saturating_sub(file.paid_out));
			if share.is_zero() {
				continue;
			}
			file.paid_out = file.paid_out.saturating_add(share);
			reward = reward.saturating_add(share);
			paid.push((shard.file, file));
		}
		match Self::pay_from_pool(who, reward) {
			Ok(()) => {
				for (root, file) in paid {
					Files::<T>::insert(root, file);
				}
			},
			Err(e) => {
				log::error!(target: LOG_TARGET, "pool could not pay a proven round: {e:?}");
				reward = Zero::zero();
			},
		}
		(reward, held.len() as u32, acknowledged_bytes)
	}

	/// Moves `fraction` of `who`'s held stake to `dest`; returns the amount moved.
	pub(crate) fn slash_to(who: &T::AccountId, dest: &T::AccountId, amount: BalanceOf<T>) -> BalanceOf<T> {
		if amount.is_zero() {
			return Zero::zero();
		}
		T::Currency::transfer_on_hold(
			&HoldReason::ProviderStake.into(),
			who,
			dest,
			amount,
			Precision::BestEffort,
			Restriction::Free,
			Fortitude::Force,
		)
		.unwrap_or_else(|e| {
			log::error!(target: LOG_TARGET, "slash could not be moved: {e:?}");
			Zero::zero()
		})
	}

	/// Slashes `fraction` of `who`'s held stake: `share` of it to `beneficiary`, the rest to the pool. Returns
	/// (slashed, the beneficiary's part).
	pub(crate) fn slash_sharing(
		who: &T::AccountId,
		fraction: Perbill,
		beneficiary: &T::AccountId,
		share: Perbill,
		reason: SlashReason,
	) -> (BalanceOf<T>, BalanceOf<T>) {
		let held = T::Currency::balance_on_hold(&HoldReason::ProviderStake.into(), who);
		let total = fraction.mul_floor(held);
		let reward = Self::slash_to(who, beneficiary, share.mul_floor(total));
		let rest = Self::slash_to(who, &Self::pool_account(), total.saturating_sub(reward));
		let slashed = reward.saturating_add(rest);
		Self::note_slash(who, slashed, reason);
		(slashed, reward)
	}

	/// Slashes `fraction` of `who`'s held stake into the pool and updates its recorded stake.
	pub(crate) fn slash(who: &T::AccountId, fraction: Perbill, reason: SlashReason) -> BalanceOf<T> {
		let held = T::Currency::balance_on_hold(&HoldReason::ProviderStake.into(), who);
		let amount = Self::slash_to(who, &Self::pool_account(), fraction.mul_floor(held));
		Self::note_slash(who, amount, reason);
		amount
	}

	pub(crate) fn note_slash(who: &T::AccountId, amount: BalanceOf<T>, reason: SlashReason) {
		Providers::<T>::mutate(who, |info| {
			if let Some(info) = info {
				info.stake = info.stake.saturating_sub(amount);
			}
		});
		Self::deposit_event(Event::ProviderSlashed { provider: who.clone(), amount, reason });
	}

	/// Slashes the encoder `EncodingSlash` of its held stake: `ReporterShare` of it to `reporter`, the rest to
	/// the pool. Returns (slashed, reporter's reward).
	pub(crate) fn slash_encoder(encoder: &T::AccountId, reporter: &T::AccountId) -> (BalanceOf<T>, BalanceOf<T>) {
		Self::slash_sharing(encoder, T::EncodingSlash::get(), reporter, T::ReporterShare::get(), SlashReason::BadEncoding)
	}
}
