//! Data availability (`pallet-zg-da`): staked signers drawn by stake into a committee each epoch certify blobs of
//! KZG-committed cells; custody challenges slash signers that do not keep them.
//!
//! - **Committee.** [`SLOTS`] = 128 slots, one column each; drawn each DA epoch ([`DA_EPOCH`]) from BABE's
//!   randomness of one epoch ago, weighted by stake among signers holding at least [`MIN_SIGNER_STAKE`].
//! - **Blobs.** Up to 32 MiB (265 rows); a block takes at most [`BLOCK_BYTE_BUDGET`] padded bytes (two
//!   largest blobs) and the base fee aims at half of it, starting at [`MIN_BASE_FEE`] per padded byte (a 32 MiB
//!   blob ≈ 0.01 ZG at the minimum). Attestations count for [`ATTEST_WINDOW`]; blobs are kept for
//!   [`RETENTION`] after it (then `keep` hands them to zg storage).
//! - **Custody.** Each signer is challenged at most once per [`CHALLENGE_PERIOD`] and answers within
//!   [`RESPONSE_WINDOW`] (its off-chain worker does); a miss burns 5 % of its stake and forfeits its unpaid
//!   shares. The challenged cell comes from BABE's randomness of the parent block.

use frame_support::{parameter_types, traits::ConstU32};
use sp_runtime::Perbill;
use zg_primitives::{
	currency::ZG,
	da::{rows_for, DATA_PER_ROW, MAX_BLOB_SIZE},
	Balance, BlockNumber,
};

use crate::{Balances, Runtime, RuntimeHoldReason};
#[cfg(not(feature = "fast-runtime"))]
use crate::configs::consensus::MINUTES;

/// The least stake a DA signer holds to be drawn.
pub const MIN_SIGNER_STAKE: Balance = 1_000 * ZG;
/// Committee slots (one column each).
pub const SLOTS: u32 = 128;
/// The lowest base fee per padded byte.
pub const MIN_BASE_FEE: Balance = 300_000_000;
/// Queued tasks (deadlines, expiries, challenge deadlines) per block.
pub const MAX_DUE_PER_BLOCK: u32 = 16;
/// Padded bytes a block may take: two 32 MiB blobs.
pub const BLOCK_BYTE_BUDGET: u64 = 2 * rows_for(MAX_BLOB_SIZE) as u64 * DATA_PER_ROW as u64;

#[cfg(not(feature = "fast-runtime"))]
mod times {
	use super::*;
	pub const DA_EPOCH: BlockNumber = 60 * MINUTES;
	pub const ATTEST_WINDOW: BlockNumber = 5 * MINUTES;
	pub const RETENTION: BlockNumber = 14 * 24 * 60 * MINUTES;
	pub const CHALLENGE_PERIOD: BlockNumber = 60 * MINUTES;
	pub const RESPONSE_WINDOW: BlockNumber = 5 * MINUTES;
	pub const UNBONDING: BlockNumber = 7 * 24 * 60 * MINUTES;
}
#[cfg(feature = "fast-runtime")]
mod times {
	use super::*;
	pub const DA_EPOCH: BlockNumber = 20;
	pub const ATTEST_WINDOW: BlockNumber = 40;
	pub const RETENTION: BlockNumber = 200;
	pub const CHALLENGE_PERIOD: BlockNumber = 10;
	pub const RESPONSE_WINDOW: BlockNumber = 5;
	pub const UNBONDING: BlockNumber = 20;
}
pub use times::*;

parameter_types! {
	pub const DaMinStake: Balance = MIN_SIGNER_STAKE;
	pub const DaUnbonding: BlockNumber = UNBONDING;
	pub const DaEpoch: BlockNumber = DA_EPOCH;
	pub const MaxBlobSize: u64 = MAX_BLOB_SIZE;
	pub const BlockByteBudget: u64 = BLOCK_BYTE_BUDGET;
	pub const MinBaseFee: Balance = MIN_BASE_FEE;
	pub const AttestWindow: BlockNumber = ATTEST_WINDOW;
	pub const Retention: BlockNumber = RETENTION;
	pub const FailedBlobCost: Perbill = Perbill::from_percent(10);
	pub const ChallengePeriod: BlockNumber = CHALLENGE_PERIOD;
	pub const ResponseWindow: BlockNumber = RESPONSE_WINDOW;
	pub const ChallengeSlash: Perbill = Perbill::from_percent(5);
	pub const LeakSlash: Perbill = Perbill::from_percent(20);
}

impl pallet_zg_da::Config for Runtime {
	type AuthorityId = pallet_zg_da::worker::crypto::SignerAuthId;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type CommitteeRandomness = pallet_babe::RandomnessFromOneEpochAgo<Runtime>;
	type ChallengeRandomness = pallet_babe::ParentBlockRandomness<Runtime>;
	type CellVerifier = pallet_zg_da::HostCells;
	type StoredFiles = super::storage::StoredFiles;
	type MinSignerStake = DaMinStake;
	type UnbondingPeriod = DaUnbonding;
	type EpochLength = DaEpoch;
	type Slots = ConstU32<SLOTS>;
	type MaxSigners = ConstU32<256>;
	type MaxBlobSize = MaxBlobSize;
	type MaxRows = ConstU32<{ rows_for(MAX_BLOB_SIZE) }>;
	type BlockByteBudget = BlockByteBudget;
	type MinBaseFee = MinBaseFee;
	type AttestWindow = AttestWindow;
	type Retention = Retention;
	type FailedBlobCost = FailedBlobCost;
	type ChallengePeriod = ChallengePeriod;
	type ResponseWindow = ResponseWindow;
	type ChallengeSlash = ChallengeSlash;
	type LeakSlash = LeakSlash;
	type ChallengesPerBlock = ConstU32<4>;
	type MaxAttestBatch = ConstU32<16>;
	// An expiry pays up to 128 distinct signers (≈ 26 ms at the measured weights): 16 of them and the rest of the
	// hook stay under the quarter of a block the hook may take. It also caps blobs at about 16 per block.
	type MaxDuePerBlock = ConstU32<MAX_DUE_PER_BLOCK>;
	type MaxPeerIdLen = ConstU32<64>;
	type WeightInfo = pallet_zg_da::weights::SubstrateWeight<Runtime>;
}
