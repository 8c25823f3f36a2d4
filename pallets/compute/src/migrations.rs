//! Migrations. The pallet joins a running chain by runtime upgrade: [`MigrateToV1`] moves it from storage
//! version 0 (nothing stored) to 1 and sets the chain's initial job kinds. A chain whose genesis already has the
//! pallet starts at version 1 and skips it.

use super::*;
use frame_support::{migrations::VersionedMigration, traits::UncheckedOnRuntimeUpgrade};

/// Sets the job kinds `K` gives (each checked as `set_kind` would; an invalid one is skipped and logged).
pub struct InitializeKinds<T, K>(core::marker::PhantomData<(T, K)>);

impl<T: Config, K: Get<Vec<(KindId, JobKindOf<T>)>>> UncheckedOnRuntimeUpgrade for InitializeKinds<T, K> {
	fn on_runtime_upgrade() -> Weight {
		let kinds = K::get();
		let mut writes = 0u64;
		for (id, kind) in kinds {
			match Pallet::<T>::check_kind(&kind) {
				Ok(()) => {
					Kinds::<T>::insert(id, kind);
					writes += 1;
				},
				Err(e) => log::error!(target: LOG_TARGET, "job kind {id} not set: {e:?}"),
			}
		}
		log::info!(target: LOG_TARGET, "compute market initialised with {writes} job kinds");
		// Checking a kind decodes its key natively: a few milliseconds each at most.
		T::DbWeight::get().reads_writes(writes + 1, writes + 1).saturating_add(Weight::from_parts(
			writes * 10_000_000_000,
			0,
		))
	}

	#[cfg(feature = "try-runtime")]
	fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
		ensure!(Kinds::<T>::iter().next().is_none(), "the compute pallet is new: no kinds yet");
		Ok(Vec::new())
	}

	#[cfg(feature = "try-runtime")]
	fn post_upgrade(_: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
		for (id, _) in K::get() {
			ensure!(Kinds::<T>::contains_key(id), "an initial job kind is missing");
		}
		Pallet::<T>::do_try_state()
	}
}

/// Version 0 → 1: initialise the pallet with the kinds `K` gives.
pub type MigrateToV1<T, K> =
	VersionedMigration<0, 1, InitializeKinds<T, K>, Pallet<T>, <T as frame_system::Config>::DbWeight>;
