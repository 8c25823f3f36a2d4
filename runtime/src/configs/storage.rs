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
//! - **Capacity.** A provider may offer [`STAKE_PER_GIB`]'s worth of stake per GiB (1 TiB for 10,240 ZG), and is
//!   given shards only up to [`PROBATION_BYTES`] beyond twice what it has proven to hold: placement cannot be
//!   bought by declaring capacity.
//! - **Deadlines.** A submitted file must be encoded by the provider its owner chose within
//!   [`UPLOAD_DEADLINE`] (else it is dropped, one round charged), and every shard acknowledged within
//!   [`ACK_DEADLINE`] (else the provider — or, with fewer than k shards taken, the encoder — is slashed). An
//!   encoder's stake stays bonded for [`FRAUD_WINDOW`] after its last encoding.
//! - **Retrieval.** A downloader a provider will not serve opens a retrieval challenge for
//!   [`RETRIEVAL_DEPOSIT`]; the provider answers on chain within [`RETRIEVAL_WINDOW`] or loses 5 % of its stake
//!   and the shard.
//! - **Hooks.** Queued work (closing challenges, expiries, deadlines, repairs) takes at most a tenth of a block.

use frame_support::{
	parameter_types,
	traits::{ConstU32, ConstU64, Get},
	weights::Weight,
	PalletId,
};
use sp_core::H256;
use sp_runtime::Perbill;
use zg_primitives::{
	currency::{MICRO_ZG, ZG},
	storage::ErasureParams,
	AccountId, Balance, BlockNumber,
};

use crate::{configs::system::RuntimeBlockWeights, Balances, Runtime, RuntimeHoldReason};
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

/// Stake per GiB of offered capacity.
pub const STAKE_PER_GIB: Balance = 10 * ZG;
/// Bytes a provider is given beyond twice what it has proven.
pub const PROBATION_BYTES: u64 = 1 << 30;
/// What a retrieval challenge costs its opener (paid to the provider when it answers).
pub const RETRIEVAL_DEPOSIT: Balance = ZG / 10;

/// Blocks a pending file has to be encoded.
#[cfg(not(feature = "fast-runtime"))]
pub const UPLOAD_DEADLINE: BlockNumber = 2 * 60 * MINUTES;
#[cfg(feature = "fast-runtime")]
pub const UPLOAD_DEADLINE: BlockNumber = 100;

/// Blocks after the encoding by which every shard must be acknowledged.
#[cfg(not(feature = "fast-runtime"))]
pub const ACK_DEADLINE: BlockNumber = 60 * MINUTES;
#[cfg(feature = "fast-runtime")]
pub const ACK_DEADLINE: BlockNumber = 40;

/// Blocks an encoder's stake stays bonded after its last encoding.
#[cfg(not(feature = "fast-runtime"))]
pub const FRAUD_WINDOW: BlockNumber = 14 * 24 * 60 * MINUTES;
#[cfg(feature = "fast-runtime")]
pub const FRAUD_WINDOW: BlockNumber = 40;

/// Blocks a provider has to answer a retrieval challenge.
#[cfg(not(feature = "fast-runtime"))]
pub const RETRIEVAL_WINDOW: BlockNumber = 10 * MINUTES;
#[cfg(feature = "fast-runtime")]
pub const RETRIEVAL_WINDOW: BlockNumber = 10;

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
	pub const StakePerGiB: Balance = STAKE_PER_GIB;
	pub const RetrievalDeposit: Balance = RETRIEVAL_DEPOSIT;
	pub const RetrievalSlash: Perbill = Perbill::from_percent(5);
	/// A tenth of the block's weight.
	pub MaxStorageHookWeight: Weight = Perbill::from_percent(10) * RuntimeBlockWeights::get().max_block;
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
	type StakePerGiB = StakePerGiB;
	type ProbationBytes = ConstU64<PROBATION_BYTES>;
	type UploadDeadline = ConstU32<UPLOAD_DEADLINE>;
	type AckDeadline = ConstU32<ACK_DEADLINE>;
	type FraudWindow = ConstU32<FRAUD_WINDOW>;
	type MaxUnstoredPerAccount = ConstU32<64>;
	type RetrievalDeposit = RetrievalDeposit;
	type RetrievalWindow = ConstU32<RETRIEVAL_WINDOW>;
	type RetrievalSlash = RetrievalSlash;
	type MaxRetrievalsPerProvider = ConstU32<16>;
	type MaxHookWeight = MaxStorageHookWeight;
	type WeightInfo = pallet_zg_storage::weights::SubstrateWeight<Runtime>;
}

/// zg storage for the other pallets (`zg_primitives::storage::StoredFiles`): the compute market's stored inputs
/// must be fully stored files, and its stored outputs (trained models) are submitted for the job's owner with the
/// provider's node as encoder; data availability hands certified blobs over. A file counts as delivered once
/// encoded.
pub struct StoredFiles;
impl zg_primitives::storage::StoredFiles<AccountId, Balance> for StoredFiles {
	fn stored_size(root: &H256) -> Option<u64> {
		pallet_zg_storage::Files::<Runtime>::get(root)
			.filter(|f| f.state == pallet_zg_storage::FileState::Stored)
			.map(|f| f.size)
	}

	fn encoder_of_peer(peer_id: &[u8]) -> Option<AccountId> {
		let peer: frame_support::BoundedVec<u8, <Runtime as pallet_zg_storage::Config>::MaxPeerIdLen> =
			peer_id.to_vec().try_into().ok()?;
		let who = pallet_zg_storage::PeerIds::<Runtime>::get(&peer)?;
		pallet_zg_storage::Pallet::<Runtime>::ensure_can_encode(&who).is_ok().then_some(who)
	}

	fn fee(size: u64, periods: u32) -> Option<Balance> {
		pallet_zg_storage::Pallet::<Runtime>::fee_for(&StorageErasureParams::get(), size, periods).ok()
	}

	fn store(
		owner: &AccountId,
		root: H256,
		size: u64,
		periods: u32,
		encoder: &AccountId,
	) -> Result<bool, sp_runtime::DispatchError> {
		if pallet_zg_storage::Files::<Runtime>::contains_key(root) {
			return Ok(false);
		}
		pallet_zg_storage::Pallet::<Runtime>::submit_file(
			crate::RuntimeOrigin::signed(owner.clone()),
			root,
			size,
			periods,
			encoder.clone(),
		)
		.map(|_| true)
		.map_err(|e| e.error)
	}

	fn delivery(root: &H256) -> zg_primitives::storage::Delivery {
		use zg_primitives::storage::Delivery;
		use pallet_zg_storage::FileState;
		match pallet_zg_storage::Files::<Runtime>::get(root).map(|f| f.state) {
			Some(FileState::Encoded | FileState::Stored) => Delivery::Delivered,
			Some(FileState::Pending) => Delivery::Waiting,
			None => Delivery::Lost,
		}
	}

	fn store_weight() -> Weight {
		use pallet_zg_storage::WeightInfo;
		<<Runtime as pallet_zg_storage::Config>::WeightInfo as WeightInfo>::submit_file(
			<<Runtime as pallet_zg_storage::Config>::MaxProviders as Get<u32>>::get(),
		)
	}
}
