//! Nominated proof-of-stake: validators bond ZG and offer to validate, nominators back the validators they
//! trust with their own bonded ZG, and every era an on-chain sequential-Phragmén election picks the validator
//! set that maximises and evens out backing stake.
//!
//! Era rewards are newly minted following an inflation curve that peaks when half of all ZG is staked; they are
//! paid per validator by era points (blocks authored) and split with its nominators by exposure. Proven
//! offences (BABE or GRANDPA equivocations, reported through `consensus.rs`) slash the offender and its
//! nominators after `SlashDeferDuration` eras, a window in which governance may cancel a wrongful slash.

use frame_election_provider_support::{
	bounds::{ElectionBounds, ElectionBoundsBuilder},
	onchain, SequentialPhragmen, VoteWeight,
};
use frame_support::{
	parameter_types,
	traits::{ConstU32, Nothing},
};
use frame_system::EnsureRoot;
use sp_runtime::{curve::PiecewiseLinear, Perbill};
use sp_staking::{EraIndex, SessionIndex};

use crate::{
	AccountId, Balance, Balances, Runtime, RuntimeEvent, RuntimeHoldReason, Session, Staking,
	Timestamp, VoterList,
};
use crate::configs::governance::TreasuryAccount;
use frame_support::traits::tokens::imbalance::ResolveTo;

// Yearly inflation paid to stakers: 2.5 % when nothing is staked, rising to 10 % at the ideal 50 % staked,
// then falling off so that staking beyond the ideal is not rewarded.
pallet_staking_reward_curve::build! {
	const REWARD_CURVE: PiecewiseLinear<'static> = curve!(
		min_inflation: 0_025_000,
		max_inflation: 0_100_000,
		ideal_stake: 0_500_000,
		falloff: 0_050_000,
		max_piece_count: 40,
		test_precision: 0_005_000,
	);
}

#[cfg(not(feature = "fast-runtime"))]
mod durations {
	use super::*;
	/// 6 sessions of an hour.
	pub const SESSIONS_PER_ERA: SessionIndex = 6;
	/// 28 eras = 7 days until unbonded ZG is free.
	pub const BONDING_DURATION: EraIndex = 28;
	/// Slashes wait 27 eras, one less than bonding, so governance can cancel them before funds leave.
	pub const SLASH_DEFER_DURATION: EraIndex = 27;
}
#[cfg(feature = "fast-runtime")]
mod durations {
	use super::*;
	/// 2 sessions of 30 s: an era per minute.
	pub const SESSIONS_PER_ERA: SessionIndex = 2;
	pub const BONDING_DURATION: EraIndex = 2;
	pub const SLASH_DEFER_DURATION: EraIndex = 1;
}
pub use durations::*;

/// Most validators in one set.
pub const MAX_VALIDATORS: u32 = crate::configs::consensus::MAX_AUTHORITIES;

parameter_types! {
	pub const SessionsPerEra: SessionIndex = SESSIONS_PER_ERA;
	pub const BondingDuration: EraIndex = BONDING_DURATION;
	pub const SlashDeferDuration: EraIndex = SLASH_DEFER_DURATION;
	pub const RewardCurve: &'static PiecewiseLinear<'static> = &REWARD_CURVE;
	/// Nominators rewarded per validator per era page.
	pub const MaxExposurePageSize: u32 = 256;
	pub const HistoryDepth: u32 = 84;
	/// The election reads at most this many voters and candidates, bounding its time in a block.
	pub ElectionBoundsOnChain: ElectionBounds = ElectionBoundsBuilder::default()
		.voters_count(5_000.into())
		.targets_count(1_000.into())
		.build();
}

/// The election run inside a block at the end of each era.
pub struct OnChainSeqPhragmen;
impl onchain::Config for OnChainSeqPhragmen {
	type System = Runtime;
	type Solver = SequentialPhragmen<AccountId, Perbill>;
	type DataProvider = Staking;
	type WeightInfo = frame_election_provider_support::weights::SubstrateWeight<Runtime>;
	type MaxWinnersPerPage = ConstU32<MAX_VALIDATORS>;
	type MaxBackersPerWinner = ConstU32<{ 16 * 1024 }>;
	type Sort = frame_support::traits::ConstBool<true>;
	type Bounds = ElectionBoundsOnChain;
}

/// Sizes used by staking's benchmarks.
pub struct StakingBenchmarkingConfig;
impl pallet_staking::BenchmarkingConfig for StakingBenchmarkingConfig {
	type MaxValidators = ConstU32<1000>;
	type MaxNominators = ConstU32<1000>;
}

impl pallet_staking::Config for Runtime {
	type OldCurrency = Balances;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type CurrencyBalance = Balance;
	type UnixTime = Timestamp;
	type CurrencyToVote = sp_staking::currency_to_vote::U128CurrencyToVote;
	type ElectionProvider = onchain::OnChainExecution<OnChainSeqPhragmen>;
	type GenesisElectionProvider = onchain::OnChainExecution<OnChainSeqPhragmen>;
	type NominationsQuota = pallet_staking::FixedNominationsQuota<16>;
	type HistoryDepth = HistoryDepth;
	/// Inflation above the stakers' share funds the treasury.
	type RewardRemainder = ResolveTo<TreasuryAccount, Balances>;
	type RuntimeEvent = RuntimeEvent;
	/// Slashed ZG goes to the treasury.
	type Slash = ResolveTo<TreasuryAccount, Balances>;
	type Reward = ();
	type SessionsPerEra = SessionsPerEra;
	type BondingDuration = BondingDuration;
	type SlashDeferDuration = SlashDeferDuration;
	type AdminOrigin = EnsureRoot<AccountId>;
	type SessionInterface = Self;
	type EraPayout = pallet_staking::ConvertCurve<RewardCurve>;
	type NextNewSession = Session;
	type MaxExposurePageSize = MaxExposurePageSize;
	type MaxValidatorSet = ConstU32<MAX_VALIDATORS>;
	type VoterList = VoterList;
	type TargetList = pallet_staking::UseValidatorsMap<Self>;
	type MaxUnlockingChunks = ConstU32<32>;
	type MaxControllersInDeprecationBatch = ConstU32<100>;
	type EventListeners = ();
	type Filter = Nothing;
	type BenchmarkingConfig = StakingBenchmarkingConfig;
	type WeightInfo = pallet_staking::weights::SubstrateWeight<Runtime>;
}

/// Vote weight of the existential deposit, roughly, at the genesis issuance: the first bag's upper bound.
const FIRST_BAG_THRESHOLD: VoteWeight = 10_000_000;

parameter_types! {
	pub const BagThresholds: &'static [VoteWeight] = &BAG_THRESHOLDS;
}
const BAG_THRESHOLDS: [VoteWeight; 200] =
	zg_primitives::bags::geometric_thresholds::<200>(FIRST_BAG_THRESHOLD);

type VoterBagsListInstance = pallet_bags_list::Instance1;
impl pallet_bags_list::Config<VoterBagsListInstance> for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = pallet_bags_list::weights::SubstrateWeight<Runtime>;
	type ScoreProvider = Staking;
	type BagThresholds = BagThresholds;
	type MaxAutoRebagPerBlock = ConstU32<5>;
	type Score = VoteWeight;
}
