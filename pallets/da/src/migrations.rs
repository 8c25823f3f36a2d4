//! Migrations.
//!
//! The pallet joins a running chain by runtime upgrade. FRAME gives a pallet without storage its in-code storage
//! version before any migration runs, so joining is not a version step: [`Initialize`] sets the base fee (to
//! `MinBaseFee`) on a pallet never used. It is a no-op on chains that started with the pallet (genesis sets the
//! fee) and belongs in the runtime's migrations only for the release that adds the pallet.

use super::*;
use frame_support::traits::OnRuntimeUpgrade;

/// Initialises a pallet that has never been used.
pub struct Initialize<T>(core::marker::PhantomData<T>);

impl<T: Config> Initialize<T> {
	fn unused() -> bool {
		BaseFee::<T>::get().is_zero() && NextBlobId::<T>::get() == 0 && SignerList::<T>::get().is_empty()
	}
}

impl<T: Config> OnRuntimeUpgrade for Initialize<T> {
	fn on_runtime_upgrade() -> Weight {
		if !Self::unused() {
			return T::DbWeight::get().reads(3);
		}
		BaseFee::<T>::put(T::MinBaseFee::get());
		log::info!(target: LOG_TARGET, "data availability initialised: base fee {:?} per byte", T::MinBaseFee::get());
		T::DbWeight::get().reads_writes(3, 1)
	}

	#[cfg(feature = "try-runtime")]
	fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
		Ok(Self::unused().encode())
	}

	#[cfg(feature = "try-runtime")]
	fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
		let was_unused = bool::decode(&mut &state[..]).map_err(|_| "bad pre-upgrade state")?;
		if was_unused {
			ensure!(BaseFee::<T>::get() == T::MinBaseFee::get(), "the base fee is not initialised");
		}
		Pallet::<T>::do_try_state()
	}
}
