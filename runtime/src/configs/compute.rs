//! The compute market (`pallet-zg-compute`): staked providers sell job kinds; results are proven (Groth16,
//! verified natively through host functions) or attested and disputable.
//!
//! - **Stake.** Providers hold at least [`MIN_PROVIDER_STAKE`]; a result shown false costs 20 % of it (half to the
//!   challenger), a missed deadline or jury vote 1 %.
//! - **Time.** Attested results are open to dispute for [`CHALLENGE_WINDOW`]; jurors vote within
//!   [`VOTE_WINDOW`]; jobs are given at most [`MAX_DEADLINE`]; finished jobs stay readable for
//!   [`RESULT_RETENTION`] after their deadline.
//! - **Kinds.** [`DIGITS_MLP`] (proven inference of the shipped digits classifier: only on dev and local chains,
//!   whose verifying key comes from the deterministic **dev** setup — anyone can forge proofs against it),
//!   [`MATMUL_I8`] (attested, GPU or CPU, exact integer results) and [`TRAIN_DIGITS`] (attested fixed-point
//!   training on a dataset in zg storage; the output is the trained model's storage root). A production chain
//!   adds proven kinds by governance (`set_kind`) with keys from a multi-party setup.

use frame_support::{parameter_types, traits::ConstU32};
use pallet_zg_compute::{Circuit, JobKind, JobKindOf, Mode, StoredOutput};
use sp_core::H256;
use sp_runtime::Perbill;
use zg_primitives::{
	compute::{shipped, KindId, ProofSystem, STORED_OUTPUT_LEN},
	currency::ZG,
	Balance, BlockNumber,
};

use crate::{Balances, Runtime, RuntimeHoldReason};
#[cfg(not(feature = "fast-runtime"))]
use crate::configs::consensus::MINUTES;

/// Proven digits inference (dev and local chains).
pub const DIGITS_MLP: KindId = 1;
/// Attested int8 matrix multiplication.
pub const MATMUL_I8: KindId = 2;
/// Attested training of the digits MLP on a stored dataset.
pub const TRAIN_DIGITS: KindId = 3;

/// The least stake a compute provider holds.
pub const MIN_PROVIDER_STAKE: Balance = 1_000 * ZG;
/// The largest trained model a `train-digits` job may store (the digits MLP takes about 2.6 KB).
pub const MAX_MODEL_BYTES: u64 = 64 * 1024;
/// The storage rounds a trained model is paid for: 30 days of hourly rounds.
pub const MODEL_PERIODS: u32 = 30 * 24;
/// What a challenger holds while its dispute is open.
pub const DISPUTE_BOND: Balance = 10 * ZG;

#[cfg(not(feature = "fast-runtime"))]
mod times {
	use super::*;
	pub const CHALLENGE_WINDOW: BlockNumber = 60 * MINUTES;
	pub const VOTE_WINDOW: BlockNumber = 30 * MINUTES;
	pub const MAX_DEADLINE: BlockNumber = 24 * 60 * MINUTES;
	pub const RESULT_RETENTION: BlockNumber = 2 * 24 * 60 * MINUTES;
	pub const UNBONDING: BlockNumber = 7 * 24 * 60 * MINUTES;
	/// A price raise of an inference service is announced 10 minutes ahead.
	pub const PRICE_NOTICE: BlockNumber = 10 * MINUTES;
	/// A provider may redeem vouchers for 30 minutes after the user asks for a refund (0G: 24 hours).
	pub const REFUND_DELAY: BlockNumber = 30 * MINUTES;
	/// A retired service (and its receipts' disputes) stays a week.
	pub const SERVICE_RETENTION: BlockNumber = 7 * 24 * 60 * MINUTES;
}
#[cfg(feature = "fast-runtime")]
mod times {
	use super::*;
	pub const CHALLENGE_WINDOW: BlockNumber = 10;
	pub const VOTE_WINDOW: BlockNumber = 10;
	pub const MAX_DEADLINE: BlockNumber = 200;
	pub const RESULT_RETENTION: BlockNumber = 300;
	pub const UNBONDING: BlockNumber = 20;
	pub const PRICE_NOTICE: BlockNumber = 5;
	pub const REFUND_DELAY: BlockNumber = 10;
	pub const SERVICE_RETENTION: BlockNumber = 20;
}
pub use times::*;

parameter_types! {
	pub const ComputeMinStake: Balance = MIN_PROVIDER_STAKE;
	pub const ComputeUnbonding: BlockNumber = UNBONDING;
	pub const ChallengeWindow: BlockNumber = CHALLENGE_WINDOW;
	pub const VoteWindow: BlockNumber = VOTE_WINDOW;
	pub const DisputeBond: Balance = DISPUTE_BOND;
	pub const FalseResultSlash: Perbill = Perbill::from_percent(20);
	pub const MissSlash: Perbill = Perbill::from_percent(1);
	pub const ChallengerShare: Perbill = Perbill::from_percent(50);
	pub const MinDeadline: BlockNumber = 2;
	pub const MaxDeadline: BlockNumber = MAX_DEADLINE;
	pub const ResultRetention: BlockNumber = RESULT_RETENTION;
	pub const PriceNotice: BlockNumber = PRICE_NOTICE;
	pub const RefundDelay: BlockNumber = REFUND_DELAY;
	pub const ServiceRetention: BlockNumber = SERVICE_RETENTION;
	/// A payment channel holds at least 0.01 ZG (its storage costs about that as a deposit elsewhere).
	pub const MinChannelDeposit: Balance = ZG / 100;
	/// The kinds a running chain gains with the pallet (no dev keys).
	pub InitialComputeKinds: alloc::vec::Vec<(KindId, JobKindOf<Runtime>)> = compute_kinds(false);
}

fn name(s: &str) -> frame_support::BoundedVec<u8, ConstU32<32>> {
	s.as_bytes().to_vec().try_into().expect("short names")
}

/// The job kinds the chain ships; with `dev`, also the proven digits kind with its dev verifying key.
pub fn compute_kinds(dev: bool) -> alloc::vec::Vec<(KindId, JobKindOf<Runtime>)> {
	let digits_model = H256(sp_io::hashing::blake2_256(shipped::DIGITS_MODEL));
	let mut kinds = alloc::vec![
		(
			MATMUL_I8,
			JobKind {
				name: name("matmul-i8"),
				model: H256::zero(),
				stored_input: false,
				min_input: 7,
				max_input: 4096,
				unit_bytes: 256,
				// blake2-256 of the product.
				max_output: 32,
				mode: Mode::Attested,
				circuit: None,
				stored_output: None,
			},
		),
		(
			TRAIN_DIGITS,
			JobKind {
				name: name("train-digits"),
				model: digits_model,
				stored_input: true,
				min_input: 65,
				max_input: 64 << 20,
				// 1,000 samples per unit.
				unit_bytes: 65_000,
				// The trained model, stored in zg storage for the job's owner: its root and size.
				max_output: STORED_OUTPUT_LEN as u32,
				mode: Mode::Attested,
				circuit: None,
				stored_output: Some(StoredOutput { max_size: MAX_MODEL_BYTES, periods: MODEL_PERIODS }),
			},
		),
	];
	if dev {
		kinds.push((
			DIGITS_MLP,
			JobKind {
				name: name("digits-mlp"),
				model: digits_model,
				stored_input: false,
				min_input: 64,
				max_input: 64,
				unit_bytes: 64,
				max_output: 1,
				mode: Mode::Proven,
				circuit: Some(Circuit {
					system: ProofSystem::Groth16Bn254,
					vk: shipped::DIGITS_DEV_VK.to_vec().try_into().expect("the dev key fits"),
				}),
				stored_output: None,
			},
		));
	}
	kinds
}

impl pallet_zg_compute::Config for Runtime {
	type AuthorityId = pallet_zg_compute::worker::crypto::ProviderAuthId;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Randomness = pallet_babe::RandomnessFromOneEpochAgo<Runtime>;
	type Verifier = pallet_zg_compute::HostVerifier;
	type StoredFiles = super::storage::StoredFiles;
	type KindOrigin = frame_system::EnsureRoot<zg_primitives::AccountId>;
	type MinProviderStake = ComputeMinStake;
	type UnbondingPeriod = ComputeUnbonding;
	type ChallengeWindow = ChallengeWindow;
	type VoteWindow = VoteWindow;
	type Jurors = ConstU32<3>;
	type DisputeBond = DisputeBond;
	type FalseResultSlash = FalseResultSlash;
	type MissSlash = MissSlash;
	type ChallengerShare = ChallengerShare;
	type MinDeadline = MinDeadline;
	type MaxDeadline = MaxDeadline;
	type ResultRetention = ResultRetention;
	type MaxInlineInput = ConstU32<4096>;
	type MaxOutput = ConstU32<64>;
	type MaxKeyLen = ConstU32<4096>;
	type MaxProofLen = ConstU32<256>;
	type MaxOffers = ConstU32<8>;
	type MaxProvidersPerKind = ConstU32<64>;
	type MaxCapacity = ConstU32<64>;
	type MaxBatch = ConstU32<32>;
	type MaxDuePerBlock = ConstU32<64>;
	type MaxPeerIdLen = ConstU32<64>;
	type MaxServices = ConstU32<8>;
	type PriceNotice = PriceNotice;
	type ServiceRetention = ServiceRetention;
	type MinChannelDeposit = MinChannelDeposit;
	type RefundDelay = RefundDelay;
	type MaxVouchers = ConstU32<256>;
	/// 64 KiB of prompt and of completion: far more than a response of the built-in model.
	type MaxEvidence = ConstU32<{ 64 * 1024 }>;
	type WeightInfo = pallet_zg_compute::weights::SubstrateWeight<Runtime>;
}
