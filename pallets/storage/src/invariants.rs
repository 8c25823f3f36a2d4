//! The pallet's invariants, checked by `try_state` and after every test.

use super::*;

impl<T: Config> Pallet<T> {
	/// Checks the pallet's invariants: providers' shard lists, counts and used capacity agree with the files;
	/// every file's shards are held by their providers; the pool covers every unpaid fee.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use sp_runtime::TryRuntimeError;
		ensure!(
			Providers::<T>::count() <= T::MaxProviders::get(),
			TryRuntimeError::Other("more providers than MaxProviders")
		);
		for (who, info) in Providers::<T>::iter() {
			let held = ProviderShards::<T>::get(&who);
			ensure!(held.len() as u32 == info.shards, TryRuntimeError::Other("shard count mismatch"));
			let mut used = 0u64;
			for h in held.iter() {
				let file = Files::<T>::get(h.file).ok_or(TryRuntimeError::Other("held shard of no file"))?;
				let slot = file.shards.get(h.shard as usize).ok_or(TryRuntimeError::Other("bad shard index"))?;
				ensure!(slot.provider == who, TryRuntimeError::Other("held shard assigned elsewhere"));
				ensure!(slot.acknowledged == h.acknowledged, TryRuntimeError::Other("ack mismatch"));
				used = used.saturating_add(file.shard_size());
			}
			ensure!(used == info.used, TryRuntimeError::Other("used capacity mismatch"));
		}
		let mut owed = BalanceOf::<T>::zero();
		for (root, file) in Files::<T>::iter() {
			ensure!(
				file.shards.len() as u32 == file.params.total_shards(),
				TryRuntimeError::Other("file has the wrong number of shards")
			);
			ensure!(file.paid_out <= file.fee, TryRuntimeError::Other("paid out more than the fee"));
			ensure!(
				Expiries::<T>::contains_key(file.end_round(), root),
				TryRuntimeError::Other("file without expiry")
			);
			let encoded = file.shards.iter().all(|s| s.root.is_some());
			ensure!(
				(file.state == FileState::Pending) == (file.encoder.is_none()) &&
					(file.state != FileState::Pending) == encoded,
				TryRuntimeError::Other("file state does not match its roots")
			);
			for (index, shard) in file.shards.iter().enumerate() {
				ensure!(
					ProviderShards::<T>::get(&shard.provider)
						.iter()
						.any(|h| h.file == root && h.shard == index as u32),
					TryRuntimeError::Other("shard not in its provider's list")
				);
				ensure!(
					shard.root.is_some() || !shard.acknowledged,
					TryRuntimeError::Other("unencoded shard acknowledged")
				);
			}
			owed = owed.saturating_add(file.fee.saturating_sub(file.paid_out));
		}
		ensure!(
			T::Currency::balance(&Self::pool_account()) >= owed,
			TryRuntimeError::Other("pool cannot cover the unpaid fees")
		);
		for (who, _) in Challenges::<T>::iter() {
			ensure!(Providers::<T>::contains_key(&who), TryRuntimeError::Other("challenge of no provider"));
		}
		Ok(())
	}
}
