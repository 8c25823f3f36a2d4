//! try-runtime check of the next release's migrations on a chain left by the current release: every
//! migration's `pre_upgrade`/`post_upgrade` passes, every pallet's storage version matches its code, the
//! pallets' state invariants (`try_state`) hold, and a second run changes nothing.
//!
//! Runs with `-p zg-runtime-tests --features next-release,try-runtime` (scripts/test.sh does); otherwise it
//! compiles to nothing.
#![cfg(all(feature = "next-release", feature = "try-runtime"))]

// Shared with the integration tests, which use more of it.
#[allow(dead_code)]
#[path = "integration/common/mod.rs"]
mod common;

use frame_try_runtime::UpgradeCheckSelect;
use zg_runtime::{migrations, Executive, Runtime};

/// Makes the state look as the previous release (spec 100) left it, so `Executive` sees an upgrade.
fn as_left_by_previous_release() {
	frame_system::LastRuntimeUpgrade::<Runtime>::put(frame_system::LastRuntimeUpgradeInfo {
		spec_version: codec::Compact(100),
		spec_name: "zg".into(),
	});
}

#[test]
fn next_release_migrations_pass_try_runtime() {
	common::ext_from_preset("local_testnet").execute_with(|| {
		as_left_by_previous_release();
		assert_eq!(pallet_staking::MinValidatorBond::<Runtime>::get(), 0);

		Executive::try_runtime_upgrade(UpgradeCheckSelect::All)
			.expect("migrations pass their pre/post checks, storage versions and try_state");

		assert_eq!(pallet_staking::MinValidatorBond::<Runtime>::get(), migrations::MIN_VALIDATOR_BOND);
		assert_eq!(pallet_staking::MinNominatorBond::<Runtime>::get(), migrations::MIN_NOMINATOR_BOND);
	});
}

#[test]
fn migrations_are_idempotent_and_respect_governance_values() {
	common::ext_from_preset("local_testnet").execute_with(|| {
		// Governance already set a validator minimum: the migration keeps it and fills in only the other.
		pallet_staking::MinValidatorBond::<Runtime>::put(42);
		as_left_by_previous_release();
		Executive::try_runtime_upgrade(UpgradeCheckSelect::PreAndPost).expect("first run");
		assert_eq!(pallet_staking::MinValidatorBond::<Runtime>::get(), 42);
		assert_eq!(pallet_staking::MinNominatorBond::<Runtime>::get(), migrations::MIN_NOMINATOR_BOND);

		let root = sp_io::storage::root(sp_runtime::StateVersion::V1);
		as_left_by_previous_release();
		Executive::try_runtime_upgrade(UpgradeCheckSelect::PreAndPost).expect("second run");
		assert_eq!(sp_io::storage::root(sp_runtime::StateVersion::V1), root, "a second run changes nothing");
	});
}

#[test]
fn the_compute_market_joins_a_chain_that_ran_without_it() {
	common::ext_from_preset("local_testnet").execute_with(|| {
		// The previous release had no compute pallet: nothing under its prefix (not even a storage version).
		let prefix = sp_io::hashing::twox_128(b"Compute");
		let _ = frame_support::storage::unhashed::clear_prefix(&prefix, None, None);
		assert!(sp_io::storage::next_key(&prefix).is_none_or(|k| !k.starts_with(&prefix)));
		as_left_by_previous_release();
		Executive::try_runtime_upgrade(UpgradeCheckSelect::All)
			.expect("the compute migration passes its checks, storage versions and try_state");
		// A running chain gains the shipped attested kinds, and no dev verifying key.
		use zg_runtime::configs::compute::{DIGITS_MLP, MATMUL_I8, TRAIN_DIGITS};
		assert!(pallet_zg_compute::Kinds::<Runtime>::get(MATMUL_I8).is_some());
		assert!(pallet_zg_compute::Kinds::<Runtime>::get(TRAIN_DIGITS).is_some());
		assert!(pallet_zg_compute::Kinds::<Runtime>::get(DIGITS_MLP).is_none());
		assert_eq!(
			frame_support::traits::StorageVersion::get::<zg_runtime::Compute>(),
			frame_support::traits::StorageVersion::new(1),
			"FRAME gives the new pallet its in-code storage version"
		);
	});
}

#[test]
fn data_availability_joins_a_chain_that_ran_without_it() {
	common::ext_from_preset("local_testnet").execute_with(|| {
		// The previous release had no DA pallet: nothing under its prefix (not even a storage version).
		let prefix = sp_io::hashing::twox_128(b"Da");
		let _ = frame_support::storage::unhashed::clear_prefix(&prefix, None, None);
		assert!(sp_io::storage::next_key(&prefix).is_none_or(|k| !k.starts_with(&prefix)));
		assert_eq!(pallet_zg_da::BaseFee::<Runtime>::get(), 0);
		as_left_by_previous_release();
		Executive::try_runtime_upgrade(UpgradeCheckSelect::All)
			.expect("the DA migration passes its checks, storage versions and try_state");
		assert_eq!(pallet_zg_da::BaseFee::<Runtime>::get(), zg_runtime::configs::da::MIN_BASE_FEE);
		assert_eq!(
			frame_support::traits::StorageVersion::get::<zg_runtime::Da>(),
			frame_support::traits::StorageVersion::new(1),
			"FRAME gives the new pallet its in-code storage version"
		);
	});
}
