//! Removing files and checking encoding fraud proofs.

use super::*;

impl<T: Config> Pallet<T> {
	/// Removes `file`: frees its shards, withdraws challenges on it, drops its expiry and duties, and refunds
	/// the owner every part of its fees not paid to providers — less, for a file never stored, one round's
	/// fee for the room it held, paid to the providers that held it. Returns (refund, that charge).
	pub(crate) fn remove_file(
		root: FileRoot,
		mut file: FileInfoOf<T>,
	) -> Result<(BalanceOf<T>, BalanceOf<T>), DispatchError> {
		let size = file.shard_size();
		let unstored = file.state != FileState::Stored;
		let mut charged = BalanceOf::<T>::zero();
		if unstored {
			let room = Self::fee_for(&file.params, file.size, 1)
				.unwrap_or_default()
				.min(file.fee.saturating_sub(file.paid_out));
			let shares = BalanceOf::<T>::from(file.shards.len().max(1) as u32);
			let share = room.checked_div(&shares).unwrap_or_default();
			for shard in file.shards.iter() {
				if Self::pay_from_pool(&shard.provider, share).is_ok() {
					charged = charged.saturating_add(share);
				}
			}
			file.paid_out = file.paid_out.saturating_add(charged);
			UnstoredFiles::<T>::mutate_exists(&file.owner, |n| {
				*n = n.and_then(|n| n.checked_sub(1)).filter(|n| *n > 0);
			});
		}
		if file.state == FileState::Pending {
			EncodeDuties::<T>::remove(&file.chosen_encoder, root);
		}
		for (index, shard) in file.shards.iter().enumerate() {
			Self::release_shard(&shard.provider, root, index as u32, size);
		}
		Expiries::<T>::remove(file.end_round(), root);
		Files::<T>::remove(root);
		let refund = file.fee.saturating_sub(file.paid_out);
		Self::pay_from_pool(&file.owner, refund)?;
		Ok((refund, charged))
	}

	/// Checks a fraud proof against the file's roots.
	pub(crate) fn check_fraud(
		root: FileRoot,
		file: &FileInfoOf<T>,
		proof: &EncodingFraudProof<T::MaxShards>,
	) -> DispatchResult {
		let shard_roots: Vec<H256> = file.shards.iter().filter_map(|s| s.root).collect();
		ensure!(shard_roots.len() == file.shards.len(), Error::<T>::NotEncoded);
		let result = match proof {
			EncodingFraudProof::DataSector { shard, sector, shard_leaf, shard_proof, file_leaf, file_proof } => {
				let shard_root = shard_roots.get(*shard as usize).ok_or(Error::<T>::ShardIndexOutOfRange)?;
				check_data_sector_fraud(
					&file.params,
					&root,
					file.size,
					shard_root,
					*shard,
					*sector,
					*shard_leaf,
					shard_proof,
					*file_leaf,
					file_proof,
				)
			},
			EncodingFraudProof::ParitySector { shard, sector, parity_leaf, parity_proof, data } => {
				ensure!((*shard as usize) < shard_roots.len(), Error::<T>::ShardIndexOutOfRange);
				let data: Vec<(&[u8], &[H256])> =
					data.iter().map(|o| (o.data.as_slice(), o.proof.as_slice())).collect();
				check_parity_sector_fraud(
					&file.params,
					file.size,
					&shard_roots,
					*shard,
					*sector,
					*parity_leaf,
					parity_proof,
					&data,
				)
			},
		};
		result.map_err(|e| {
			match e {
				FraudError::WrongShardKind => Error::<T>::WrongShardKind,
				FraudError::SectorOutOfRange => Error::<T>::SectorOutOfRange,
				FraudError::NoMismatch => Error::<T>::NoEncodingMismatch,
				FraudError::ShardRootCount => Error::<T>::NotEncoded,
				FraudError::Params |
				FraudError::BadShardProof |
				FraudError::BadFileProof |
				FraudError::BadDataProof { .. } |
				FraudError::Stripe(_) => Error::<T>::InvalidFraudProof,
			}
			.into()
		})
	}
}
