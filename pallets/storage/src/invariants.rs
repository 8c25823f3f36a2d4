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
			ensure!(
				PeerIds::<T>::get(&info.peer_id).as_ref() == Some(&who),
				TryRuntimeError::Other("provider's peer id not indexed")
			);
			ensure!(
				Retrievals::<T>::iter_prefix(&who).count() as u32 == info.retrievals,
				TryRuntimeError::Other("retrieval count mismatch")
			);
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
		let mut unstored = alloc::collections::btree_map::BTreeMap::<T::AccountId, u32>::new();
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
			ensure!(
				(file.state == FileState::Pending) == EncodeDuties::<T>::contains_key(&file.chosen_encoder, root),
				TryRuntimeError::Other("encoding duty does not match the file")
			);
			if file.state != FileState::Stored {
				*unstored.entry(file.owner.clone()).or_insert(0u32) += 1;
			}
			if let Some(deadline) = file.deadline {
				ensure!(
					Tasks::<T>::contains_key(deadline.saturating_add(One::one()), Due::File(root)) ||
						TaskCursor::<T>::get().is_some_and(|c| c > deadline.saturating_add(One::one())),
					TryRuntimeError::Other("file deadline not scheduled")
				);
			} else {
				ensure!(file.state == FileState::Stored, TryRuntimeError::Other("unstored file without deadline"));
			}
		}
		for (who, count) in UnstoredFiles::<T>::iter() {
			ensure!(
				unstored.get(&who).copied().unwrap_or(0) == count,
				TryRuntimeError::Other("unstored file count mismatch")
			);
		}
		ensure!(
			unstored.len() == UnstoredFiles::<T>::iter().count(),
			TryRuntimeError::Other("unstored files not counted")
		);
		for (who, root) in EncodeDuties::<T>::iter_keys() {
			ensure!(
				Files::<T>::get(root).is_some_and(|f| f.chosen_encoder == who && f.state == FileState::Pending),
				TryRuntimeError::Other("encoding duty of no pending file")
			);
		}
		for (peer, who) in PeerIds::<T>::iter() {
			ensure!(
				Providers::<T>::get(&who).is_some_and(|p| p.peer_id == peer),
				TryRuntimeError::Other("peer id of no provider")
			);
		}
		for (who, _, challenge) in Retrievals::<T>::iter() {
			ensure!(Providers::<T>::contains_key(&who), TryRuntimeError::Other("retrieval of no provider"));
			owed = owed.saturating_add(challenge.deposit);
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
