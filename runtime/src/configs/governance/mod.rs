//! On-chain governance (OpenGov): ZG holders decide everything root can do — above all runtime upgrades —
//! by conviction-weighted referenda on tracks (`tracks.rs`) whose origins (`origins.rs`) grant exactly the
//! power of the track.
//!
//! A proposal's call is noted as a preimage (`pallet-preimage`, deposit held), submitted as a referendum on a
//! track with a submission deposit, and given a decision deposit. After the track's prepare period it is
//! decided: ZG holders vote aye or nay with a conviction (0.1× … 6×, locking their ZG for longer the more
//! weight they want, `pallet-conviction-voting`). When approval and support stay above the track's curves for
//! the confirm period the referendum passes, and `pallet-scheduler` dispatches the call with the track's origin
//! after the enactment period. A technical committee (`pallet-collective`) can whitelist a call
//! (`pallet-whitelist`) so it may run from the faster whitelisted-caller track. The treasury
//! (`pallet-treasury`) holds era-reward remainders and slashes and pays out what spender tracks approve.
//!
//! A runtime upgrade is a root referendum on `system.authorize_upgrade(code_hash)`; once enacted anyone may
//! submit the code with `system.apply_authorized_upgrade(code)` (README: "Upgrading a running chain").

pub mod origins;
pub mod tracks;

use frame_support::{
	parameter_types,
	traits::{
		fungible::HoldConsideration, tokens::{PayFromAccount, UnityAssetBalanceConversion},
		ConstU32, EitherOf, EitherOfDiverse, EqualPrivilegeOnly, LinearStoragePrice,
	},
	weights::Weight,
	PalletId,
};
use frame_system::{EnsureRoot, EnsureSigned, EnsureWithSuccess};
use sp_runtime::{traits::AccountIdConversion, Perbill, Permill};

use crate::{
	configs::system::RuntimeBlockWeights,
	currency::{deposit, ZG},
	AccountId, Balance, Balances, BlockNumber, OriginCaller, Preimage, Referenda, Runtime,
	RuntimeCall, RuntimeEvent, RuntimeHoldReason, RuntimeOrigin, Scheduler, System,
	Treasury,
};

#[cfg(not(feature = "fast-runtime"))]
mod durations {
	use crate::configs::consensus::HOURS;
	use crate::BlockNumber;
	pub const DAYS: BlockNumber = HOURS * 24;
	pub const VOTE_LOCKING_PERIOD: BlockNumber = 7 * DAYS;
	pub const UNDECIDING_TIMEOUT: BlockNumber = 14 * DAYS;
	pub const MOTION_DURATION: BlockNumber = 3 * DAYS;
	pub const SPEND_PERIOD: BlockNumber = 6 * DAYS;
	pub const PAYOUT_PERIOD: BlockNumber = 30 * DAYS;
}
#[cfg(feature = "fast-runtime")]
mod durations {
	use crate::BlockNumber;
	pub const VOTE_LOCKING_PERIOD: BlockNumber = 10;
	pub const UNDECIDING_TIMEOUT: BlockNumber = 100;
	pub const MOTION_DURATION: BlockNumber = 20;
	pub const SPEND_PERIOD: BlockNumber = 20;
	pub const PAYOUT_PERIOD: BlockNumber = 100;
}
pub use durations::*;

parameter_types! {
	pub MaximumSchedulerWeight: Weight = Perbill::from_percent(80) * RuntimeBlockWeights::get().max_block;
}

impl pallet_scheduler::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeOrigin = RuntimeOrigin;
	type PalletsOrigin = OriginCaller;
	type RuntimeCall = RuntimeCall;
	type MaximumWeight = MaximumSchedulerWeight;
	/// Only referenda (through root or their track origins via the referenda pallet itself) schedule.
	type ScheduleOrigin = EnsureRoot<AccountId>;
	type OriginPrivilegeCmp = EqualPrivilegeOnly;
	type MaxScheduledPerBlock = ConstU32<50>;
	type WeightInfo = pallet_scheduler::weights::SubstrateWeight<Runtime>;
	type Preimages = Preimage;
	type BlockNumberProvider = System;
}

parameter_types! {
	pub const PreimageBaseDeposit: Balance = deposit(2, 64);
	pub const PreimageByteDeposit: Balance = deposit(0, 1);
	pub const PreimageHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::Preimage(pallet_preimage::HoldReason::Preimage);
}

impl pallet_preimage::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = pallet_preimage::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	type ManagerOrigin = EnsureRoot<AccountId>;
	/// Noting a preimage holds a deposit that grows with its size, released when it is no longer needed.
	type Consideration = HoldConsideration<
		AccountId,
		Balances,
		PreimageHoldReason,
		LinearStoragePrice<PreimageBaseDeposit, PreimageByteDeposit, Balance>,
	>;
}

parameter_types! {
	pub const VoteLockingPeriod: BlockNumber = VOTE_LOCKING_PERIOD;
}

impl pallet_conviction_voting::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = pallet_conviction_voting::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	type Polls = Referenda;
	/// Support is measured against all ZG in circulation.
	type MaxTurnout =
		frame_support::traits::tokens::currency::ActiveIssuanceOf<Balances, Self::AccountId>;
	type MaxVotes = ConstU32<512>;
	type VoteLockingPeriod = VoteLockingPeriod;
	type BlockNumberProvider = System;
	type VotingHooks = ();
}

parameter_types! {
	pub const AlarmInterval: BlockNumber = 1;
	pub const SubmissionDeposit: Balance = 10 * ZG;
	pub const UndecidingTimeout: BlockNumber = UNDECIDING_TIMEOUT;
}

impl origins::pallet_custom_origins::Config for Runtime {}

impl pallet_referenda::Config for Runtime {
	type RuntimeCall = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = pallet_referenda::weights::SubstrateWeight<Runtime>;
	type Scheduler = Scheduler;
	type Currency = Balances;
	/// Any account may propose (the submission deposit keeps spam costly).
	type SubmitOrigin = EnsureSigned<AccountId>;
	type CancelOrigin = EitherOf<EnsureRoot<AccountId>, origins::ReferendumCanceller>;
	type KillOrigin = EitherOf<EnsureRoot<AccountId>, origins::ReferendumKiller>;
	/// Deposits of killed referenda go to the treasury.
	type Slash = Treasury;
	type Votes = pallet_conviction_voting::VotesOf<Runtime>;
	type Tally = pallet_conviction_voting::TallyOf<Runtime>;
	type SubmissionDeposit = SubmissionDeposit;
	type MaxQueued = ConstU32<100>;
	type UndecidingTimeout = UndecidingTimeout;
	type AlarmInterval = AlarmInterval;
	type Tracks = tracks::TracksInfo;
	type Preimages = Preimage;
	type BlockNumberProvider = System;
}

parameter_types! {
	pub const MotionDuration: BlockNumber = MOTION_DURATION;
	pub MaxCollectivesProposalWeight: Weight = Perbill::from_percent(50) * RuntimeBlockWeights::get().max_block;
}

/// The technical committee: experts who can whitelist urgent calls for the fast track.
pub type TechnicalCollective = pallet_collective::Instance1;
impl pallet_collective::Config<TechnicalCollective> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = MotionDuration;
	type MaxProposals = ConstU32<100>;
	type MaxMembers = ConstU32<100>;
	type DefaultVote = pallet_collective::PrimeDefaultVote;
	type WeightInfo = pallet_collective::weights::SubstrateWeight<Runtime>;
	/// Membership changes by referendum only.
	type SetMembersOrigin = EnsureRoot<AccountId>;
	type MaxProposalWeight = MaxCollectivesProposalWeight;
	type DisapproveOrigin = EnsureRoot<AccountId>;
	type KillOrigin = EnsureRoot<AccountId>;
	type Consideration = ();
}

/// Two thirds of the technical committee.
pub type TechnicalTwoThirds =
	pallet_collective::EnsureProportionAtLeast<AccountId, TechnicalCollective, 2, 3>;

impl pallet_whitelist::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WhitelistOrigin = EitherOfDiverse<EnsureRoot<AccountId>, TechnicalTwoThirds>;
	type DispatchWhitelistedOrigin = EitherOf<EnsureRoot<AccountId>, origins::WhitelistedCaller>;
	type Preimages = Preimage;
	type DeferredDispatchExpiration = ConstU32<{ 100 * 1024 }>;
	type BlockNumberProvider = System;
	type WeightInfo = pallet_whitelist::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	pub const TreasuryPalletId: PalletId = PalletId(*b"zg/trsry");
	pub TreasuryAccount: AccountId = TreasuryPalletId::get().into_account_truncating();
	pub const SpendPeriod: BlockNumber = SPEND_PERIOD;
	pub const PayoutPeriod: BlockNumber = PAYOUT_PERIOD;
	/// Unspent funds are kept, not burnt: the treasury is the chain's long-term budget.
	pub const Burn: Permill = Permill::zero();
	pub const MaxBalance: Balance = Balance::MAX;
}

impl pallet_treasury::Config for Runtime {
	type Currency = Balances;
	type RejectOrigin = EitherOf<EnsureRoot<AccountId>, origins::Treasurer>;
	type RuntimeEvent = RuntimeEvent;
	type SpendPeriod = SpendPeriod;
	type Burn = Burn;
	type PalletId = TreasuryPalletId;
	type BurnDestination = ();
	type WeightInfo = pallet_treasury::weights::SubstrateWeight<Runtime>;
	type SpendFunds = ();
	type MaxApprovals = ConstU32<100>;
	type SpendOrigin = EitherOf<EnsureWithSuccess<EnsureRoot<AccountId>, AccountId, MaxBalance>, origins::Spender>;
	type AssetKind = ();
	type Beneficiary = AccountId;
	type BeneficiaryLookup = sp_runtime::traits::IdentityLookup<AccountId>;
	type Paymaster = PayFromAccount<Balances, TreasuryAccount>;
	type BalanceConverter = UnityAssetBalanceConversion;
	type PayoutPeriod = PayoutPeriod;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ();
	type BlockNumberProvider = System;
}
