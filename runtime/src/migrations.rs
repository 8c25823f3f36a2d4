//! Storage migrations of the zg runtime beyond those the pallets bring with them.
//!
//! A migration is code that rewrites stored data when a runtime upgrade is enacted, in the first block that
//! runs the new code (`frame_executive` calls every pallet's and this file's `on_runtime_upgrade`). Each one here:
//! - is guarded so that it changes nothing when it has nothing to do (re-running an upgrade, or a chain whose
//!   genesis already has the new layout), and reports the weight it used;
//! - has `pre_upgrade`/`post_upgrade` checks, run by try-runtime before the upgrade is voted (README,
//!   "Upgrading a running chain") and by `runtime/tests/upgrade.rs`;
//! - leaves every pallet's on-chain storage version equal to its in-code version (checked by the same test).
//!
//! Migrations of the release being prepared are written first under the `next-release` feature, which also
//! raises `spec_version`: that wasm is what the upgrade is rehearsed with on a live local network
//! (`tests/e2e/upgrade.test.mjs`) before a release moves them into [`Migrations`] for good.

use frame_support::{traits::OnRuntimeUpgrade, weights::Weight};
#[cfg(feature = "try-runtime")]
use sp_runtime::TryRuntimeError;

use crate::{currency::ZG, Balance, Runtime};

/// The migrations the next runtime upgrade runs.
#[cfg(not(feature = "next-release"))]
pub type Migrations = (EnsureStoragePool, StorageV1, ComputeV1, DaV1);
#[cfg(feature = "next-release")]
pub type Migrations = (EnsureStoragePool, StorageV1, ComputeV1, DaV1, SetStakingMinimums);

/// The storage pallet's v1 layout (chosen encoders, deadlines, bonds, retrieval challenges); a no-op on chains
/// that started with it.
pub type StorageV1 = pallet_zg_storage::migrations::MigrateToV1<Runtime>;

/// The compute market joins a chain that ran without it: the shipped kinds (no dev keys) on a pallet never used;
/// a no-op on chains that started with it.
pub type ComputeV1 =
	pallet_zg_compute::migrations::InitializeKinds<Runtime, crate::configs::compute::InitialComputeKinds>;

/// Data availability joins a chain that ran without it: its base fee starts at the minimum; a no-op on chains that
/// started with it.
pub type DaV1 = pallet_zg_da::migrations::Initialize<Runtime>;

/// The storage pallet's pool account exists (chains that gain the pallet by upgrade); a no-op otherwise.
pub type EnsureStoragePool = pallet_zg_storage::EnsurePool<Runtime>;

/// Validators must bond at least this much to validate (a seat should not be cheap to take).
pub const MIN_VALIDATOR_BOND: Balance = 10_000 * ZG;
/// Nominators must bond at least this much to nominate (keeps the voter list within what an election reads).
pub const MIN_NOMINATOR_BOND: Balance = 100 * ZG;

/// Introduces minimum bonds for validators and nominators on a chain that started without them.
///
/// Guarded by the stored values: it only writes where no minimum was set (zero), so governance-chosen values
/// are never overwritten and a second run is a no-op.
pub struct SetStakingMinimums;

impl OnRuntimeUpgrade for SetStakingMinimums {
	fn on_runtime_upgrade() -> Weight {
		let db = <Runtime as frame_system::Config>::DbWeight::get();
		let mut writes = 0;
		if pallet_staking::MinValidatorBond::<Runtime>::get() == 0 {
			pallet_staking::MinValidatorBond::<Runtime>::put(MIN_VALIDATOR_BOND);
			writes += 1;
		}
		if pallet_staking::MinNominatorBond::<Runtime>::get() == 0 {
			pallet_staking::MinNominatorBond::<Runtime>::put(MIN_NOMINATOR_BOND);
			writes += 1;
		}
		log::info!(target: "runtime::migrations", "SetStakingMinimums: {writes} minimum(s) set");
		db.reads_writes(2, writes)
	}

	#[cfg(feature = "try-runtime")]
	fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, TryRuntimeError> {
		use codec::Encode;
		let before = (
			pallet_staking::MinValidatorBond::<Runtime>::get(),
			pallet_staking::MinNominatorBond::<Runtime>::get(),
		);
		Ok(before.encode())
	}

	#[cfg(feature = "try-runtime")]
	fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), TryRuntimeError> {
		use codec::Decode;
		let (validator_before, nominator_before) = <(Balance, Balance)>::decode(&mut &state[..])
			.map_err(|_| TryRuntimeError::Other("pre_upgrade state does not decode"))?;
		let expect = |before: Balance, default: Balance| if before == 0 { default } else { before };
		frame_support::ensure!(
			pallet_staking::MinValidatorBond::<Runtime>::get() ==
				expect(validator_before, MIN_VALIDATOR_BOND),
			"minimum validator bond not as expected"
		);
		frame_support::ensure!(
			pallet_staking::MinNominatorBond::<Runtime>::get() ==
				expect(nominator_before, MIN_NOMINATOR_BOND),
			"minimum nominator bond not as expected"
		);
		Ok(())
	}
}
