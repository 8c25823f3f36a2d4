//! Storage migrations of the pallet.
//!
//! **v0 → v1** (the economic-safety release): providers gain what they have proven to hold, the block their
//! encoder bond ends and their open retrieval challenges; files gain the encoder their owner chose and their
//! deadline. Peer ids, encoding duties, unstored-file counts and deadlines get indexes of their own.
//!
//! A v0 file's chosen encoder is its confirmed encoder, or — while it is pending — the first provider of its
//! shards (its owner can choose another); a file not yet stored gets fresh deadlines from the upgrade block, so no
//! one is slashed for time that passed under rules that had no deadline. Encoders that confirmed files get the
//! full fraud window from the upgrade block.
//!
//! The migration reads every provider (at most `MaxProviders`) and every file in the upgrade's block. That suits
//! the networks that ran v0 (test networks); its weight is reported and, should a chain with more files than a
//! block can take ever need it, it must run as a multi-block migration instead.

use super::*;
use frame_support::{migrations::VersionedMigration, traits::UncheckedOnRuntimeUpgrade};

/// The v0 records.
pub mod v0 {
	use super::*;

	/// A provider as v0 stored it.
	#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
	pub struct ProviderInfo<Balance, BlockNumber> {
		pub peer_id: Vec<u8>,
		pub capacity: u64,
		pub used: u64,
		pub shards: u32,
		pub stake: Balance,
		pub status: ProviderStatus<BlockNumber>,
		pub misses: u32,
	}

	/// A file as v0 stored it.
	#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
	pub struct FileInfo<AccountId, Balance> {
		pub owner: AccountId,
		pub size: u64,
		pub params: ErasureParams,
		pub state: FileState,
		pub encoder: Option<AccountId>,
		pub shards: Vec<Shard<AccountId>>,
		pub fee: Balance,
		pub paid_out: Balance,
		pub start_round: Round,
		pub periods: u32,
	}
}

/// v0 → v1, run once: [`MigrateToV1`].
pub struct InnerMigrateToV1<T>(core::marker::PhantomData<T>);

impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateToV1<T> {
	fn on_runtime_upgrade() -> Weight {
		let (mut reads, mut writes) = (0u64, 0u64);
		let now = frame_system::Pallet::<T>::block_number();
		let bonded_until = now.saturating_add(T::FraudWindow::get());

		let mut encoders = alloc::collections::BTreeSet::new();
		Files::<T>::translate_values::<v0::FileInfo<T::AccountId, BalanceOf<T>>, _>(|old| {
				let shards: BoundedVec<_, T::MaxShards> = old.shards.try_into().ok()?;
				let chosen_encoder = old.encoder.clone().or_else(|| shards.first().map(|s| s.provider.clone()))?;
				Some(FileInfo {
					owner: old.owner,
					size: old.size,
					params: old.params,
					state: old.state,
					encoder: old.encoder,
					chosen_encoder,
					deadline: None,
					shards,
					fee: old.fee,
					paid_out: old.paid_out,
					start_round: old.start_round,
					periods: old.periods,
				})
		});
		let files: Vec<(FileRoot, FileInfoOf<T>)> = Files::<T>::iter().collect();
		for (root, mut file) in files {
			reads += 1;
			writes += 1;
			if let Some(encoder) = &file.encoder {
				encoders.insert(encoder.clone());
			}
			if file.state != FileState::Stored {
				let deadline = now.saturating_add(if file.state == FileState::Pending {
					T::UploadDeadline::get()
				} else {
					T::AckDeadline::get()
				});
				file.deadline = Some(deadline);
				Pallet::<T>::schedule(deadline, Due::File(root));
				UnstoredFiles::<T>::mutate(&file.owner, |n| *n = n.saturating_add(1));
				writes += 2;
			}
			if file.state == FileState::Pending {
				EncodeDuties::<T>::insert(&file.chosen_encoder, root, ());
				writes += 1;
			}
			Files::<T>::insert(root, file);
		}

		Providers::<T>::translate::<v0::ProviderInfo<BalanceOf<T>, BlockNumberFor<T>>, _>(|who, old| {
			reads += 1;
			writes += 2;
			let peer_id: BoundedVec<u8, T::MaxPeerIdLen> = old.peer_id.try_into().ok()?;
			PeerIds::<T>::insert(&peer_id, &who);
			Some(ProviderInfo {
				peer_id,
				capacity: old.capacity,
				used: old.used,
				shards: old.shards,
				stake: old.stake,
				status: old.status,
				misses: old.misses,
				proven: 0,
				bonded_until: if encoders.contains(&who) { bonded_until } else { Zero::zero() },
				retrievals: 0,
			})
		});
		log::info!(target: LOG_TARGET, "migrated to v1: {reads} records read, {writes} written");
		T::DbWeight::get().reads_writes(reads.saturating_add(1), writes.saturating_add(1))
	}

	#[cfg(feature = "try-runtime")]
	fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
		Ok((Providers::<T>::count(), Files::<T>::iter_keys().count() as u32).encode())
	}

	#[cfg(feature = "try-runtime")]
	fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
		let (providers, files): (u32, u32) =
			codec::Decode::decode(&mut &state[..]).map_err(|_| sp_runtime::TryRuntimeError::Other("bad pre-upgrade state"))?;
		ensure!(Providers::<T>::iter().count() as u32 == providers, "a provider record did not migrate");
		ensure!(Files::<T>::iter().count() as u32 == files, "a file record did not migrate");
		Pallet::<T>::do_try_state()
	}
}

/// v0 → v1, guarded by the pallet's storage version (a second run does nothing).
pub type MigrateToV1<T> = VersionedMigration<
	0,
	1,
	InnerMigrateToV1<T>,
	Pallet<T>,
	<T as frame_system::Config>::DbWeight,
>;
