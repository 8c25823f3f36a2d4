//! The storage network (`pallet-zg-storage`): staked providers keep erasure-coded shards of files and prove, on
//! random challenges drawn from BABE randomness, that they still hold them.
//!
//! - **Code.** 4 data + 2 parity shards per 256 KiB segment (`ErasureParams::DEFAULT`): a file survives the loss of
//!   any two of its six providers, at 1.5× its size.
//! - **Price.** [`PRICE_PER_SECTOR_PER_PERIOD`] per 256-byte shard sector per challenge round: storing 1 GiB (6 ×
//!   1 Mi sectors of shards) for one round costs about 0.6 ZG, for a day of one-hour rounds about 15 ZG.
//! - **Stake.** Providers hold at least [`MIN_PROVIDER_STAKE`]; a missed or wrong answer costs 1 % of it, a proven
//!   bad encoding 20 % (a quarter of that to the reporter). After [`MAX_MISSES`] misses in a row the provider's
//!   shards are moved to other providers, which rebuild them from the other shards.
//! - **Time.** A challenge round every hour (every 10 blocks = 30 s with `fast-runtime`); answers are due within
//!   half a round.

use frame_support::{parameter_types, traits::ConstU32, PalletId};
use sp_runtime::Perbill;
use zg_primitives::{
	currency::{MICRO_ZG, ZG},
	storage::ErasureParams,
	Balance, BlockNumber,
};

use crate::{Balances, Runtime, RuntimeHoldReason};
#[cfg(not(feature = "fast-runtime"))]
use crate::configs::consensus::MINUTES;

/// Price of one shard sector (256 bytes) for one challenge round.
pub const PRICE_PER_SECTOR_PER_PERIOD: Balance = MICRO_ZG / 10;
/// The least stake a provider holds.
pub const MIN_PROVIDER_STAKE: Balance = 1_000 * ZG;
/// Consecutive misses after which a provider's shards are reassigned.
pub const MAX_MISSES: u32 = 2;

/// Blocks per challenge round.
#[cfg(not(feature = "fast-runtime"))]
pub const CHALLENGE_PERIOD: BlockNumber = 60 * MINUTES;
#[cfg(feature = "fast-runtime")]
pub const CHALLENGE_PERIOD: BlockNumber = 10;

/// Blocks a provider has to answer.
pub const RESPONSE_WINDOW: BlockNumber = CHALLENGE_PERIOD * 6 / 10;

/// Blocks between deregistering and withdrawing the stake.
#[cfg(not(feature = "fast-runtime"))]
pub const UNBONDING_PERIOD: BlockNumber = 7 * 24 * 60 * MINUTES;
#[cfg(feature = "fast-runtime")]
pub const UNBONDING_PERIOD: BlockNumber = 20;

parameter_types! {
	pub const StoragePalletId: PalletId = PalletId(*b"zg/store");
	pub const StorageErasureParams: ErasureParams = ErasureParams::DEFAULT;
	pub const MinProviderStake: Balance = MIN_PROVIDER_STAKE;
	pub const UnbondingPeriod: BlockNumber = UNBONDING_PERIOD;
	pub const PricePerSectorPerPeriod: Balance = PRICE_PER_SECTOR_PER_PERIOD;
	pub const ChallengePeriod: BlockNumber = CHALLENGE_PERIOD;
	pub const ResponseWindow: BlockNumber = RESPONSE_WINDOW;
	pub const StorageSlash: Perbill = Perbill::from_percent(1);
	pub const EncodingSlash: Perbill = Perbill::from_percent(20);
	pub const ReporterShare: Perbill = Perbill::from_percent(25);
	/// 1 GiB: uploads and downloads go through a node's memory whole.
	pub const MaxFileSize: u64 = 1 << 30;
}

impl pallet_zg_storage::Config for Runtime {
	type AuthorityId = pallet_zg_storage::worker::crypto::ProviderAuthId;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type PalletId = StoragePalletId;
	type Randomness = pallet_babe::RandomnessFromOneEpochAgo<Runtime>;
	type ErasureParams = StorageErasureParams;
	type MinProviderStake = MinProviderStake;
	type UnbondingPeriod = UnbondingPeriod;
	type PricePerSectorPerPeriod = PricePerSectorPerPeriod;
	type ChallengePeriod = ChallengePeriod;
	type ResponseWindow = ResponseWindow;
	type SlashFraction = StorageSlash;
	type EncodingSlash = EncodingSlash;
	type ReporterShare = ReporterShare;
	type MaxMisses = ConstU32<MAX_MISSES>;
	type MaxFileSize = MaxFileSize;
	type MaxProviders = ConstU32<256>;
	type MaxAssignmentsPerProvider = ConstU32<2_000>;
	type MaxPeerIdLen = ConstU32<64>;
	type MaxShards = ConstU32<32>;
	type MaxExpiriesPerBlock = ConstU32<50>;
	type WeightInfo = pallet_zg_storage::weights::SubstrateWeight<Runtime>;
}
