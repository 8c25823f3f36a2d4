//! Migrations.
//!
//! The pallet joins a running chain by runtime upgrade. FRAME itself gives a pallet that has no storage yet its
//! in-code storage version before any migration runs (`BeforeAllRuntimeMigrations`), so joining is not a
//! version step: [`InitializeKinds`] sets the chain's initial job kinds if the pallet has never been used (no
//! kind, no provider, no job). It is a no-op on chains that started with the pallet or already initialised it,
//! and belongs in the runtime's migrations only for the release that adds the pallet.

use super::*;
use frame_support::traits::OnRuntimeUpgrade;

/// Sets the job kinds `K` gives on a pallet never used (each checked as `set_kind` would; an invalid one is
/// skipped and logged).
pub struct InitializeKinds<T, K>(core::marker::PhantomData<(T, K)>);

impl<T: Config, K: Get<Vec<(KindId, JobKindOf<T>)>>> InitializeKinds<T, K> {
	fn unused() -> bool {
		Kinds::<T>::iter_keys().next().is_none() && Providers::<T>::count() == 0 && NextJobId::<T>::get() == 0
	}
}

impl<T: Config, K: Get<Vec<(KindId, JobKindOf<T>)>>> OnRuntimeUpgrade for InitializeKinds<T, K> {
	fn on_runtime_upgrade() -> Weight {
		if !Self::unused() {
			return T::DbWeight::get().reads(3);
		}
		let mut writes = 0u64;
		for (id, kind) in K::get() {
			match Pallet::<T>::check_kind(&kind) {
				Ok(()) => {
					Kinds::<T>::insert(id, kind);
					writes += 1;
				},
				Err(e) => log::error!(target: LOG_TARGET, "job kind {id} not set: {e:?}"),
			}
		}
		log::info!(target: LOG_TARGET, "compute market initialised with {writes} job kinds");
		// Checking a kind with a circuit decodes its key natively: milliseconds at most.
		T::DbWeight::get()
			.reads_writes(3, writes)
			.saturating_add(Weight::from_parts(writes.saturating_mul(10_000_000_000), 0))
	}

	#[cfg(feature = "try-runtime")]
	fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
		Ok(Self::unused().encode())
	}

	#[cfg(feature = "try-runtime")]
	fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
		let was_unused = bool::decode(&mut &state[..]).map_err(|_| "bad pre-upgrade state")?;
		if was_unused {
			for (id, _) in K::get() {
				ensure!(Kinds::<T>::contains_key(id), "an initial job kind is missing");
			}
		}
		Pallet::<T>::do_try_state()
	}
}
