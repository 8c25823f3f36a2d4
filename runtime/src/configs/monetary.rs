//! The ZG token (`pallet-balances`) and transaction fees (`pallet-transaction-payment`).
//!
//! A fee is `base + length_fee + multiplier × weight_fee (+ tip)`. The multiplier follows block fullness
//! (`TargetedFeeAdjustment`, as on Polkadot): above a quarter-full block it grows, below it decays towards 1,
//! so a sustained spam attack becomes more expensive block by block.
//!
//! The weight fee is linear in `ref_time` (`pallet_revive`'s `BlockRatioFee`, which its gas model requires):
//! the base weight of an extrinsic costs [`BASE_EXTRINSIC_FEE`]. Ethereum transactions pay the same fee, expressed
//! in gas at the price `configs::evm` sets.

use frame_support::{
	parameter_types,
	traits::{ConstU32, VariantCountOf},
	weights::ConstantMultiplier,
};
use pallet_transaction_payment::{FungibleAdapter, Multiplier, TargetedFeeAdjustment};
use pallet_revive::evm::fees::BlockRatioFee;
use sp_runtime::{
	traits::{Bounded, One},
	FixedPointNumber, Perquintill,
};

use crate::{
	weights::ExtrinsicBaseWeight,
	currency::{EXISTENTIAL_DEPOSIT, MICRO_ZG},
	Balance, Balances, Runtime, RuntimeEvent, RuntimeFreezeReason, RuntimeHoldReason, System,
};

parameter_types! {
	pub const ExistentialDeposit: Balance = EXISTENTIAL_DEPOSIT;
}

impl pallet_balances::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type WeightInfo = crate::weights::pallet_balances::WeightInfo<Runtime>;
	type Balance = Balance;
	type DustRemoval = ();
	type ExistentialDeposit = ExistentialDeposit;
	type AccountStore = System;
	type ReserveIdentifier = [u8; 8];
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ConstU32<50>;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type DoneSlashHandler = ();
}

/// What the measured execution of the smallest possible transaction ([`ExtrinsicBaseWeight`], a signed no-op)
/// costs at multiplier 1: ten micro-ZG. (The transaction itself is charged more: its extensions' database accesses
/// too, see `crate::weights::base_extrinsic`.)
pub const BASE_EXTRINSIC_FEE: Balance = 10 * MICRO_ZG;
/// The `ref_time` of [`ExtrinsicBaseWeight`], the denominator of the weight-to-fee ratio.
const BASE_EXTRINSIC_REF_TIME: Balance = ExtrinsicBaseWeight::get().ref_time() as Balance;

/// Converts weight into ZG: `ref_time × BASE_EXTRINSIC_FEE / ExtrinsicBaseWeight` (proof size is charged at the
/// same share of the block, which on a solo chain with unlimited proof size is negligible).
pub type WeightToFee = BlockRatioFee<BASE_EXTRINSIC_FEE, BASE_EXTRINSIC_REF_TIME, Runtime, Balance>;

parameter_types! {
	/// Each byte of a transaction costs a tenth of a micro-ZG: large transactions pay for bandwidth and storage.
	pub const TransactionByteFee: Balance = MICRO_ZG / 10;
	/// Operational transactions (e.g. equivocation reports) get priority as if they tipped this many times.
	pub const OperationalFeeMultiplier: u8 = 5;
	/// Blocks a quarter full keep the fee multiplier steady.
	pub const TargetBlockFullness: Perquintill = Perquintill::from_percent(25);
	/// How fast the multiplier reacts: doubles in about a day of full blocks, as on Polkadot.
	pub AdjustmentVariable: Multiplier = Multiplier::saturating_from_rational(75, 1_000_000);
	/// Fees never fall below their nominal value.
	pub MinimumMultiplier: Multiplier = Multiplier::one();
	pub MaximumMultiplier: Multiplier = Bounded::max_value();
}

/// The fee multiplier update used on zg.
pub type SlowAdjustingFeeUpdate<R> = TargetedFeeAdjustment<
	R,
	TargetBlockFullness,
	AdjustmentVariable,
	MinimumMultiplier,
	MaximumMultiplier,
>;

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	/// Fees are burnt: validators are paid by era inflation, so no one gains from stuffing blocks.
	type OnChargeTransaction = FungibleAdapter<Balances, ()>;
	type OperationalFeeMultiplier = OperationalFeeMultiplier;
	type WeightToFee = WeightToFee;
	type LengthToFee = ConstantMultiplier<Balance, TransactionByteFee>;
	type FeeMultiplierUpdate = SlowAdjustingFeeUpdate<Self>;
	type WeightInfo = crate::weights::pallet_transaction_payment::WeightInfo<Runtime>;
}
