//! Block production (BABE), finality (GRANDPA) and the session machinery that hands both their validator set
//! from staking, plus the pieces that make misbehaviour costly: historical sessions (to prove who held a key
//! when), offences (to turn a proven equivocation into a slash) and authority discovery (so validators find
//! each other on the network).
//!
//! Time: a slot is [`SLOT_DURATION`]; an epoch (BABE randomness and authority-set change) is
//! [`EPOCH_DURATION_IN_SLOTS`]; a session equals an epoch; an era is `SessionsPerEra` sessions (see
//! `staking.rs`). With the `fast-runtime` feature all of these are short enough for tests and local networks.

use frame_support::{
	parameter_types,
	traits::{ConstU32, ConstU64, KeyOwnerProofSystem},
};
use sp_core::crypto::KeyTypeId;
use sp_runtime::traits::OpaqueKeys;

use crate::{
	AccountId, Babe, Balances, BlockNumber, Historical, Moment, Offences, Runtime, RuntimeEvent,
	Session, SessionKeys, Staking,
};

/// Target block time. 6 s on real networks; 3 s with `fast-runtime`, where tests wait on blocks.
#[cfg(not(feature = "fast-runtime"))]
pub const MILLISECS_PER_BLOCK: Moment = 6_000;
#[cfg(feature = "fast-runtime")]
pub const MILLISECS_PER_BLOCK: Moment = 3_000;

/// BABE slots are block times (BABE may leave slots empty; the expected block time is one slot).
pub const SLOT_DURATION: Moment = MILLISECS_PER_BLOCK;

pub const MINUTES: BlockNumber = 60_000 / (MILLISECS_PER_BLOCK as BlockNumber);
pub const HOURS: BlockNumber = MINUTES * 60;

/// An epoch (= a session) lasts an hour on real networks, 10 slots (30 s) with `fast-runtime`.
#[cfg(not(feature = "fast-runtime"))]
pub const EPOCH_DURATION_IN_SLOTS: BlockNumber = HOURS;
#[cfg(feature = "fast-runtime")]
pub const EPOCH_DURATION_IN_SLOTS: BlockNumber = 10;

/// The BABE slot-claiming probability `c`: a primary slot is won with probability about 1/4 per validator;
/// otherwise a secondary (VRF) author keeps the chain at one block per slot.
pub const PRIMARY_PROBABILITY: (u64, u64) = (1, 4);

/// The BABE configuration at genesis.
pub const BABE_GENESIS_EPOCH_CONFIG: sp_consensus_babe::BabeEpochConfiguration =
	sp_consensus_babe::BabeEpochConfiguration {
		c: PRIMARY_PROBABILITY,
		allowed_slots: sp_consensus_babe::AllowedSlots::PrimaryAndSecondaryVRFSlots,
	};

/// The most validators the chain can run with; bounds every per-authority storage item.
pub const MAX_AUTHORITIES: u32 = 100;

parameter_types! {
	pub const EpochDuration: u64 = EPOCH_DURATION_IN_SLOTS as u64;
	pub const ExpectedBlockTime: Moment = MILLISECS_PER_BLOCK;
	/// Equivocation reports are accepted for as long as the offender's stake can still be slashed.
	pub ReportLongevity: u64 = <Runtime as pallet_staking::Config>::BondingDuration::get() as u64 *
		<Runtime as pallet_staking::Config>::SessionsPerEra::get() as u64 *
		EpochDuration::get();
}

impl pallet_babe::Config for Runtime {
	type EpochDuration = EpochDuration;
	type ExpectedBlockTime = ExpectedBlockTime;
	/// Epochs change when sessions do (Session asks BABE, see `ShouldEndSession` below).
	type EpochChangeTrigger = pallet_babe::ExternalTrigger;
	type DisabledValidators = Session;
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<MAX_AUTHORITIES>;
	type MaxNominators = <Runtime as pallet_staking::Config>::MaxExposurePageSize;
	type KeyOwnerProof = sp_session::MembershipProof;
	type EquivocationReportSystem =
		pallet_babe::EquivocationReportSystem<Self, Offences, Historical, ReportLongevity>;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<MAX_AUTHORITIES>;
	type MaxNominators = <Runtime as pallet_staking::Config>::MaxExposurePageSize;
	/// Keep set-id → session mappings for as long as reports are accepted.
	type MaxSetIdSessionEntries = ConstU64<{ 28 * 6 }>;
	type KeyOwnerProof = <Historical as KeyOwnerProofSystem<(KeyTypeId, pallet_grandpa::AuthorityId)>>::Proof;
	type EquivocationReportSystem =
		pallet_grandpa::EquivocationReportSystem<Self, Offences, Historical, ReportLongevity>;
}

impl pallet_authorship::Config for Runtime {
	type FindAuthor = pallet_session::FindAccountFromAuthorIndex<Self, Babe>;
	/// Staking gives era points to block authors; they decide each validator's share of the era reward.
	type EventHandler = Staking;
}

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = AccountId;
	type ValidatorIdOf = sp_runtime::traits::ConvertInto;
	type ShouldEndSession = Babe;
	type NextSessionRotation = Babe;
	/// Staking elects each new set; historical keeps a root of every set so old keys stay provable.
	type SessionManager = pallet_session::historical::NoteHistoricalRoot<Self, Staking>;
	type SessionHandler = <SessionKeys as OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	/// A slashed validator stops authoring, up to a third of the set, re-enabling the least-slashed if needed.
	type DisablingStrategy = pallet_session::disabling::UpToLimitWithReEnablingDisablingStrategy;
	type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	type KeyDeposit = ();
}

impl pallet_session::historical::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type FullIdentification = ();
	type FullIdentificationOf = pallet_staking::UnitIdentificationOf<Self>;
}

impl pallet_offences::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type IdentificationTuple = pallet_session::historical::IdentificationTuple<Self>;
	/// Staking turns offences into (deferred) slashes of the offender and its nominators.
	type OnOffenceHandler = Staking;
}

impl pallet_authority_discovery::Config for Runtime {
	type MaxAuthorities = ConstU32<MAX_AUTHORITIES>;
}
