//! # Storage pallet
//!
//! zg's storage network on chain: who stores which erasure-coded shard of which file, what it is paid, how it
//! proves it still holds the data, and what happens when it does not — or when a file was encoded wrongly. The
//! data itself never touches the chain; the node keeps it in its blob store and moves it over p2p. Every
//! algorithm (sectors, Merkle trees, erasure coding, challenge derivation, fraud checks) is the one in
//! [`zg_primitives::storage`], shared with the node.
//!
//! ## A storage provider's life
//!
//! A provider registers ([`Pallet::register_provider`]) with its node's peer id, the bytes it offers and a stake
//! of at least `MinProviderStake`, which is put on hold (`HoldReason::ProviderStake`). While `Active` it is
//! given shards in proportion to its free capacity, answers a challenge every round for the shards it holds,
//! and earns for every round it answers. Missed (or wrongly answered) challenges cost it `SlashFraction` of
//! its held stake each; after `MaxMisses` in a row its shards are moved to other providers (*repair*). Encoding
//! a file it cannot encode correctly costs it `EncodingSlash`. It leaves with [`Pallet::deregister_provider`]:
//! its shards are moved to others at once, it takes no new ones, and after `UnbondingPeriod` blocks — while its
//! stake can still be slashed for an encoding proven wrong — [`Pallet::withdraw_stake`] releases the stake and
//! removes it.
//!
//! ## A file's life
//!
//! The file's id is its **root**, the Merkle root over its 256-byte sectors. Its owner calls
//! [`Pallet::submit_file`] with the root, the size and the number of rounds (*periods*) to store it, and pays
//! `PricePerSectorPerPeriod × shard_sectors × n × periods` into the pool account (`PalletId`). The pallet picks
//! n = k + m distinct active providers (from chain randomness, weighted by free capacity; each needs a
//! shard's worth free) and the file is **Pending**. The owner uploads the file to any provider's node, which
//! erasure-codes it and calls [`Pallet::confirm_encoding`] with the n shard roots: it becomes the file's
//! *encoder*, accountable for the encoding, and the file is **Encoded**. Each assigned provider's node fetches
//! its shard, checks it against its root and calls [`Pallet::acknowledge_shard`]; when all n have, the file is
//! **Stored**. The owner may [`Pallet::extend_file`] (paying for more rounds) or [`Pallet::delete_file`].
//! When its last paid round ends it **expires**: its shards are freed. On deletion and on expiry the owner gets
//! back every part of its fees the pool has not paid to providers — the rounds not yet stored, and the rounds a
//! provider failed to prove — so an owner pays only for proven storage.
//!
//! ## A challenge's life (proof of random access)
//!
//! Round `r` starts at block `r × ChallengePeriod`. Then, for every provider holding acknowledged shards,
//! [`zg_primitives::storage::derive_challenge`] turns the round's randomness (`Randomness` for
//! `b"zg/storage/challenge"` mixed with the parent block hash), the provider and `r` into one sector of one of
//! its shards. The provider has `ResponseWindow` blocks to [`Pallet::submit_proof`] that sector with its Merkle
//! path to the shard root. A valid proof pays it, from the pool, `fee / (n × periods)` for every acknowledged
//! shard it holds of a file stored in round `r`. A wrong proof is refused (`InvalidProof`) and changes nothing,
//! so the challenge stays open; once the window has passed, every challenge still open is a miss and slashed.
//!
//! ## Checkable encoding
//!
//! Reed-Solomon works byte by byte, so an encoding error shows in a single stripe. Anyone who finds that the
//! shards do not decode to the file proves it with [`Pallet::report_bad_encoding`]: either a data-shard sector
//! that differs from the file sector it must hold, or a parity sector that differs from the one recomputed
//! from the k data sectors of its stripe — each sector with its Merkle path. A valid proof slashes the encoder
//! `EncodingSlash` of its stake (`ReporterShare` of it to the reporter, the rest to the pool) and sends the file
//! back to **Pending** to be encoded again.
//!
//! ## Money
//!
//! The pool account holds every fee until it is paid to providers (per proven round) or refunded to the owner
//! (on deletion or expiry). Slashed stake goes to the pool too (the reporter's share of an encoding slash
//! excepted), so the pool's balance is the unpaid fees plus a surplus of slashes and rounding dust. The
//! genesis config endows the pool with the existential deposit so that it can never be reaped; a chain that
//! adds this pallet by runtime upgrade must do the same in its migration.
//!
//! ## Bounds
//!
//! Providers are capped by `MaxProviders`, the shards of one provider by `MaxAssignmentsPerProvider`, a file's
//! shards by `MaxShards`, and expiries handled per block by `MaxExpiriesPerBlock` (the rest wait for the next
//! block). Every loop runs over one of these, and `on_initialize` charges `WeightInfo` per provider and file it
//! touches.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod worker_tests;
mod duty;
mod files;
pub mod migrations;
#[cfg(any(feature = "try-runtime", test))]
mod invariants;
mod money;
mod placement;
mod rounds;
pub mod types;
pub mod weights;
pub mod worker;

pub use duty::{DutyRefusal, PrioritizeDuties, DUTY_LONGEVITY, DUTY_PRIORITY};
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use codec::Encode;
use frame_support::{
	dispatch::DispatchClass,
	pallet_prelude::*,
	storage::with_storage_layer,
	traits::{
		fungible::{Inspect, InspectHold, Mutate, MutateHold},
		tokens::{Fortitude, Precision, Preservation, Restriction},
		Randomness as RandomnessT,
	},
	PalletId,
};
use frame_system::pallet_prelude::*;
use sp_core::H256;
use sp_crypto_hashing::keccak_256;
use sp_runtime::{
	traits::{
		AccountIdConversion, CheckedAdd, CheckedDiv, CheckedMul, One, Saturating, UniqueSaturatedInto, Zero,
	},
	Perbill,
};
use zg_primitives::storage::{
	check_data_sector_fraud, check_parity_sector_fraud, derive_challenge, sector_leaf, select_weighted,
	verify_merkle_path, ErasureParams, FraudError,
};

const LOG_TARGET: &str = "runtime::zg-storage";
/// The randomness subject of challenge rounds.
pub const CHALLENGE_SUBJECT: &[u8] = b"zg/storage/challenge";
/// The randomness subject of shard placement.
pub const ASSIGN_SUBJECT: &[u8] = b"zg/storage/assign";
/// The randomness subject of repair placement.
pub const REPAIR_SUBJECT: &[u8] = b"zg/storage/repair";

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::traits::fungible;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config:
		frame_system::Config<RuntimeEvent: From<Event<Self>>>
		+ frame_system::offchain::CreateSignedTransaction<Call<Self>>
	{
		/// The keys the off-chain worker signs providers' transactions with (`worker::crypto::ProviderAuthId`
		/// in a runtime).
		type AuthorityId: frame_system::offchain::AppCrypto<Self::Public, Self::Signature>;

		/// The token fees are paid, stakes held and rewards paid in.
		type Currency: fungible::Inspect<Self::AccountId>
			+ fungible::Mutate<Self::AccountId>
			+ fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ fungible::Balanced<Self::AccountId>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// The pool account that holds fees until they are paid out or refunded.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// Chain randomness for placement and challenges (BABE's in the runtime).
		type Randomness: RandomnessT<Self::Hash, BlockNumberFor<Self>>;

		/// The erasure code new files are placed with: k data + m parity shards.
		#[pallet::constant]
		type ErasureParams: Get<ErasureParams>;

		/// The least stake a provider must hold to register (and to be given new shards).
		#[pallet::constant]
		type MinProviderStake: Get<BalanceOf<Self>>;

		/// Blocks between deregistering and withdrawing the stake.
		#[pallet::constant]
		type UnbondingPeriod: Get<BlockNumberFor<Self>>;

		/// The price of storing one shard sector for one round.
		#[pallet::constant]
		type PricePerSectorPerPeriod: Get<BalanceOf<Self>>;

		/// Blocks per challenge round: the storage period that fees are counted in.
		#[pallet::constant]
		type ChallengePeriod: Get<BlockNumberFor<Self>>;

		/// Blocks a provider has to answer its challenge; less than `ChallengePeriod`.
		#[pallet::constant]
		type ResponseWindow: Get<BlockNumberFor<Self>>;

		/// The part of its held stake a provider loses per missed challenge.
		#[pallet::constant]
		type SlashFraction: Get<Perbill>;

		/// The part of its held stake an encoder loses when its encoding is proven wrong.
		#[pallet::constant]
		type EncodingSlash: Get<Perbill>;

		/// The part of an encoding slash paid to the reporter (the rest goes to the pool).
		#[pallet::constant]
		type ReporterShare: Get<Perbill>;

		/// Consecutive misses after which a provider's shards are moved to other providers.
		#[pallet::constant]
		type MaxMisses: Get<u32>;

		/// The largest file, in bytes.
		#[pallet::constant]
		type MaxFileSize: Get<u64>;

		/// The most providers that may be registered.
		#[pallet::constant]
		type MaxProviders: Get<u32>;

		/// The most shards one provider may hold.
		#[pallet::constant]
		type MaxAssignmentsPerProvider: Get<u32>;

		/// The longest peer id.
		#[pallet::constant]
		type MaxPeerIdLen: Get<u32>;

		/// The most shards a file may have; at least `ErasureParams::total_shards()`.
		#[pallet::constant]
		type MaxShards: Get<u32>;

		/// The most files expired in one block; more wait for the following blocks.
		#[pallet::constant]
		type MaxExpiriesPerBlock: Get<u32>;

		/// The stake that backs one GiB of offered capacity: a provider may offer at most
		/// `stake / StakePerGiB` GiB, and is given shards only within what its (possibly slashed) stake backs.
		#[pallet::constant]
		type StakePerGiB: Get<BalanceOf<Self>>;

		/// Bytes a provider may be given beyond twice what it has proven to hold (see `ProviderInfo::proven`):
		/// a new provider starts with this much and grows as it answers challenges.
		#[pallet::constant]
		type ProbationBytes: Get<u64>;

		/// Blocks a pending file has to be encoded; it is then dropped (its reservation charged).
		#[pallet::constant]
		type UploadDeadline: Get<BlockNumberFor<Self>>;

		/// Blocks after the encoding by which every provider must acknowledge its shard.
		#[pallet::constant]
		type AckDeadline: Get<BlockNumberFor<Self>>;

		/// Blocks an encoder's stake stays bonded (slashable for a proven bad encoding) after its last
		/// confirmation.
		#[pallet::constant]
		type FraudWindow: Get<BlockNumberFor<Self>>;

		/// The most files an account may have that are not yet stored (pending or encoded).
		#[pallet::constant]
		type MaxUnstoredPerAccount: Get<u32>;

		/// What opening a retrieval challenge costs: paid to the provider when it answers, returned (with a
		/// share of the slash) when it does not.
		#[pallet::constant]
		type RetrievalDeposit: Get<BalanceOf<Self>>;

		/// Blocks a provider has to answer a retrieval challenge.
		#[pallet::constant]
		type RetrievalWindow: Get<BlockNumberFor<Self>>;

		/// The part of its held stake a provider loses for an unanswered retrieval challenge.
		#[pallet::constant]
		type RetrievalSlash: Get<Perbill>;

		/// The most retrieval challenges open against one provider at a time.
		#[pallet::constant]
		type MaxRetrievalsPerProvider: Get<u32>;

		/// The most weight `on_initialize` spends per block on queued work (closing challenges, expiries,
		/// deadlines, repairs); the rest waits for the next block. Opening a round is charged on top.
		#[pallet::constant]
		type MaxHookWeight: Get<Weight>;

		/// Weights of this pallet's calls and hooks.
		type WeightInfo: WeightInfo;
	}

	/// Why the pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A storage provider's stake.
		ProviderStake,
	}

	/// Registered providers.
	#[pallet::storage]
	pub type Providers<T: Config> = CountedStorageMap<_, Blake2_128Concat, T::AccountId, ProviderInfoOf<T>>;

	/// The shards each provider holds; challenges index into the acknowledged ones.
	#[pallet::storage]
	pub type ProviderShards<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, HeldShardsOf<T>, ValueQuery>;

	/// Files, by root.
	#[pallet::storage]
	pub type Files<T: Config> = StorageMap<_, Blake2_128Concat, FileRoot, FileInfoOf<T>>;

	/// Files by the round they expire at.
	#[pallet::storage]
	pub type Expiries<T: Config> =
		StorageDoubleMap<_, Twox64Concat, Round, Blake2_128Concat, FileRoot, (), OptionQuery>;

	/// The earliest round whose expiries may not all have been handled.
	#[pallet::storage]
	pub type ExpiryCursor<T: Config> = StorageValue<_, Round, OptionQuery>;

	/// The open challenge of each provider.
	#[pallet::storage]
	pub type Challenges<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, OpenChallenge<BlockNumberFor<T>>>;

	/// The deadline of the current round's challenges, until they are closed.
	#[pallet::storage]
	pub type ChallengeDeadline<T: Config> = StorageValue<_, BlockNumberFor<T>, OptionQuery>;

	/// The provider account of each registered peer id: one account per node.
	#[pallet::storage]
	pub type PeerIds<T: Config> =
		StorageMap<_, Blake2_128Concat, BoundedVec<u8, T::MaxPeerIdLen>, T::AccountId, OptionQuery>;

	/// Pending files by the provider chosen to encode them: the worker of that provider reads only its own.
	#[pallet::storage]
	pub type EncodeDuties<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Blake2_128Concat, FileRoot, (), OptionQuery>;

	/// How many files each account has that are not stored yet (bounded by `MaxUnstoredPerAccount`).
	#[pallet::storage]
	pub type UnstoredFiles<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

	/// Deadlines, by the block they are acted on in.
	#[pallet::storage]
	pub type Tasks<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		BlockNumberFor<T>,
		Blake2_128Concat,
		Due<T::AccountId>,
		(),
		OptionQuery,
	>;

	/// The earliest block whose tasks may not all have been handled.
	#[pallet::storage]
	pub type TaskCursor<T: Config> = StorageValue<_, BlockNumberFor<T>, OptionQuery>;

	/// Providers whose shards are being moved away, a bounded number per block.
	#[pallet::storage]
	pub type Evictions<T: Config> = CountedStorageMap<_, Blake2_128Concat, T::AccountId, Eviction>;

	/// Single shards to move to another provider (not acknowledged in time, or withheld).
	#[pallet::storage]
	pub type Repairs<T: Config> = CountedStorageMap<_, Blake2_128Concat, (FileRoot, u32), ()>;

	/// Open retrieval challenges, by provider.
	#[pallet::storage]
	pub type Retrievals<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		RetrievalKey,
		RetrievalChallengeOf<T>,
		OptionQuery,
	>;

	/// Each reporter's commitment to an encoding fraud proof and the block it was made in.
	#[pallet::storage]
	pub type FraudCommitments<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, (H256, BlockNumberFor<T>), OptionQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		#[serde(skip)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			Pallet::<T>::ensure_pool_exists();
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A provider registered and its stake was put on hold.
		ProviderRegistered { provider: T::AccountId, capacity: u64, stake: BalanceOf<T> },
		/// A provider left; its shards were moved and its stake is released after `unbonding_until`.
		ProviderDeregistered { provider: T::AccountId, unbonding_until: BlockNumberFor<T> },
		/// An unbonded provider took back its stake and was removed.
		StakeWithdrawn { provider: T::AccountId, amount: BalanceOf<T> },
		/// A file was paid for and placed on `providers` (shard `i` on `providers[i]`); `encoder` must encode it
		/// by block `encode_by`.
		FileSubmitted {
			root: FileRoot,
			owner: T::AccountId,
			size: u64,
			fee: BalanceOf<T>,
			end_round: Round,
			providers: BoundedVec<T::AccountId, T::MaxShards>,
			encoder: T::AccountId,
			encode_by: BlockNumberFor<T>,
		},
		/// The owner chose another provider to encode its pending file.
		EncoderChosen { root: FileRoot, encoder: T::AccountId, encode_by: BlockNumberFor<T> },
		/// A pending file was not encoded by its deadline and was dropped: the providers that reserved room for
		/// it were paid `charged`, the owner got `refund` back.
		FileAbandoned { root: FileRoot, refund: BalanceOf<T>, charged: BalanceOf<T> },
		/// Fewer than k providers acknowledged their shards by the deadline: the encoder is held at fault and the
		/// file is pending again.
		EncodingNotServed { root: FileRoot, encoder: T::AccountId, acknowledged: u32 },
		/// A shard will be moved to another provider (its provider did not take it in time, or withheld it).
		ShardQueuedForRepair { root: FileRoot, shard: u32, provider: T::AccountId },
		/// A provider's shards are being moved away, a bounded number per block.
		EvictionStarted { provider: T::AccountId, reason: Eviction },
		/// Every shard of an evicted provider has been moved.
		EvictionFinished { provider: T::AccountId },
		/// `challenger` claims `provider` would not serve a sector; it must answer on chain by `deadline`.
		RetrievalChallenged {
			provider: T::AccountId,
			challenger: T::AccountId,
			key: RetrievalKey,
			deadline: BlockNumberFor<T>,
		},
		/// The provider answered a retrieval challenge with the sector (checked against the shard root) and was
		/// paid the deposit.
		RetrievalAnswered { provider: T::AccountId, key: RetrievalKey, data: SectorData },
		/// The provider did not answer a retrieval challenge: slashed `slashed`, of which the challenger got
		/// `reward` (and its deposit back); the shard is queued for repair.
		RetrievalMissed {
			provider: T::AccountId,
			challenger: T::AccountId,
			key: RetrievalKey,
			slashed: BalanceOf<T>,
			reward: BalanceOf<T>,
		},
		/// A retrieval challenge the provider could not answer when it expired (the file's encoding was reset, so
		/// the shard's root is gone or is a new encoding's it has not acknowledged): nobody is slashed and the
		/// challenger got its deposit back.
		RetrievalVoided { provider: T::AccountId, key: RetrievalKey },
		/// A reporter committed to an encoding fraud proof it will reveal in a later block.
		FraudReportCommitted { reporter: T::AccountId, commitment: H256 },
		/// `encoder` confirmed the file's shard roots.
		FileEncoded { root: FileRoot, encoder: T::AccountId },
		/// A provider acknowledged that it holds its shard.
		ShardAcknowledged { root: FileRoot, shard: u32, provider: T::AccountId },
		/// Every shard of the file has been acknowledged.
		FileStored { root: FileRoot },
		/// The owner paid `fee` for `periods` more rounds; the file now expires at `end_round`.
		FileExtended { root: FileRoot, periods: u32, fee: BalanceOf<T>, end_round: Round },
		/// The owner deleted the file and got `refund` back.
		FileDeleted { root: FileRoot, refund: BalanceOf<T> },
		/// The file's paid rounds ended; the owner got `refund` (the fees not paid to providers) back.
		FileExpired { root: FileRoot, refund: BalanceOf<T> },
		/// A challenge round started with `challenges` providers challenged.
		ChallengeRoundOpened { round: Round, challenges: u32 },
		/// A provider proved its challenged sector and was paid `reward`.
		ProofAccepted { provider: T::AccountId, round: Round, reward: BalanceOf<T> },
		/// A provider did not prove its challenge in time; `misses` in a row now.
		ChallengeMissed { provider: T::AccountId, round: Round, misses: u32 },
		/// A provider's held stake was slashed.
		ProviderSlashed { provider: T::AccountId, amount: BalanceOf<T>, reason: SlashReason },
		/// A shard was moved from `from` to `to`, which must rebuild and acknowledge it.
		ShardReassigned { root: FileRoot, shard: u32, from: T::AccountId, to: T::AccountId },
		/// No provider could take over a shard; it stays where it is and is tried again later.
		RepairFailed { root: FileRoot, shard: u32, provider: T::AccountId },
		/// A fraud proof showed the file's encoding wrong: `encoder` lost `slashed`, of which `reporter` got
		/// `reward`; the file is pending again.
		BadEncodingProven {
			root: FileRoot,
			encoder: T::AccountId,
			reporter: T::AccountId,
			slashed: BalanceOf<T>,
			reward: BalanceOf<T>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account is already a registered provider.
		AlreadyRegistered,
		/// The account is not a registered provider.
		NotProvider,
		/// The provider is unbonding and may not take this action.
		NotActiveProvider,
		/// The stake is below `MinProviderStake`.
		StakeTooLow,
		/// The peer id is longer than `MaxPeerIdLen`.
		PeerIdTooLong,
		/// A provider must offer some capacity.
		ZeroCapacity,
		/// `MaxProviders` are registered already.
		TooManyProviders,
		/// The provider is unbonding already.
		AlreadyUnbonding,
		/// The provider has not deregistered.
		NotUnbonding,
		/// The unbonding period has not passed yet.
		StillUnbonding,
		/// The provider still holds shards.
		StillHoldsShards,
		/// The provider must first answer (or miss) its open challenge.
		ChallengeOpen,
		/// A provider would hold more than `MaxAssignmentsPerProvider` shards.
		TooManyAssignments,
		/// Capacity arithmetic overflowed.
		CapacityOverflow,
		/// A file must have at least one byte.
		ZeroSize,
		/// The file is larger than `MaxFileSize`.
		FileTooLarge,
		/// A file with this root is stored already.
		FileExists,
		/// A file must be stored (or extended) for at least one round.
		ZeroLifetime,
		/// The lifetime does not fit the round counter.
		LifetimeOverflow,
		/// The fee overflows the balance type.
		FeeOverflow,
		/// Too few active providers with enough free capacity to place every shard.
		NotEnoughProviders,
		/// No file with this root.
		UnknownFile,
		/// Only the file's owner may do this.
		NotOwner,
		/// The file is not pending encoding.
		NotPending,
		/// The file has no confirmed encoding.
		NotEncoded,
		/// The number of shard roots is not n.
		WrongShardCount,
		/// The file has no shard with this index.
		ShardIndexOutOfRange,
		/// The caller is not the provider assigned to this shard.
		NotAssignedProvider,
		/// The shard has been acknowledged already.
		AlreadyAcknowledged,
		/// The file's paid rounds have ended.
		AlreadyExpired,
		/// The caller has no open challenge.
		NoOpenChallenge,
		/// The challenge's response window has passed.
		ChallengeExpired,
		/// The sector and Merkle path do not prove the challenged sector.
		InvalidProof,
		/// A Merkle path in the fraud proof does not verify.
		InvalidFraudProof,
		/// The fraud proof names a parity shard as data or a data shard as parity.
		WrongShardKind,
		/// The fraud proof's sector lies past the end of the shards.
		SectorOutOfRange,
		/// Every opened sector agrees with the encoding: no fraud.
		NoEncodingMismatch,
		/// Another provider registered this peer id: one account per node.
		PeerIdTaken,
		/// The stake does not back the offered capacity (`StakePerGiB` per GiB).
		CapacityNotBacked,
		/// Only the provider the owner chose may confirm the file's encoding.
		NotChosenEncoder,
		/// The chosen encoder is not an active provider.
		EncoderNotActive,
		/// The account has `MaxUnstoredPerAccount` files not yet stored.
		TooManyUnstoredFiles,
		/// The provider's confirmed encodings are still within the fraud window.
		EncoderBonded,
		/// The provider must first answer (or miss) its open retrieval challenges.
		RetrievalsOpen,
		/// The reporter has not committed to this fraud proof in an earlier block (`commit_fraud_report`).
		NoCommitment,
		/// The commitment was made in this block: reveal in a later one.
		CommitmentTooRecent,
		/// The shard is not acknowledged by its provider: nobody is bound to serve it yet.
		ShardNotAcknowledged,
		/// A retrieval challenge for this sector is open already.
		RetrievalAlreadyOpen,
		/// The provider has `MaxRetrievalsPerProvider` retrieval challenges open.
		TooManyRetrievals,
		/// No retrieval challenge for this sector is open against the caller.
		NoRetrievalChallenge,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			Self::on_block(now)
		}

		fn offchain_worker(now: BlockNumberFor<T>) {
			Self::run_worker(now)
		}

		fn integrity_test() {
			let params = T::ErasureParams::get();
			assert!(params.validate().is_ok(), "ErasureParams must be a valid code over whole sectors");
			assert!(params.total_shards() <= T::MaxShards::get(), "MaxShards must be at least k + m");
			assert!(!T::ChallengePeriod::get().is_zero(), "ChallengePeriod must be positive");
			assert!(
				T::ResponseWindow::get() < T::ChallengePeriod::get(),
				"ResponseWindow must end before the next round"
			);
			assert!(T::MaxMisses::get() > 0, "MaxMisses must be positive");
			assert!(T::MaxExpiriesPerBlock::get() > 0, "MaxExpiriesPerBlock must be positive");
			assert!(T::MaxProviders::get() >= params.total_shards(), "MaxProviders must allow n providers");
			assert!(!T::StakePerGiB::get().is_zero(), "StakePerGiB must be positive");
			assert!(!T::UploadDeadline::get().is_zero(), "UploadDeadline must be positive");
			assert!(!T::AckDeadline::get().is_zero(), "AckDeadline must be positive");
			assert!(!T::RetrievalWindow::get().is_zero(), "RetrievalWindow must be positive");
			assert!(T::MaxUnstoredPerAccount::get() > 0, "MaxUnstoredPerAccount must be positive");
			let unit = Self::max_hook_unit();
			assert!(
				unit.all_lte(T::MaxHookWeight::get()),
				"MaxHookWeight must fit the heaviest unit of queued work, or the queues never move"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Registers the caller as a storage provider offering `capacity` bytes, reachable at libp2p `peer_id`,
		/// and puts `stake` on hold. The stake must be at least `MinProviderStake` and back the capacity
		/// (`StakePerGiB` per GiB); the peer id must not be another provider's.
		///
		/// Any signed account not yet registered, while fewer than `MaxProviders` are. Emits
		/// `ProviderRegistered`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_provider())]
		pub fn register_provider(
			origin: OriginFor<T>,
			peer_id: Vec<u8>,
			capacity: u64,
			stake: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(!Providers::<T>::contains_key(&who), Error::<T>::AlreadyRegistered);
			let peer_id: BoundedVec<u8, T::MaxPeerIdLen> =
				peer_id.try_into().map_err(|_| Error::<T>::PeerIdTooLong)?;
			ensure!(!PeerIds::<T>::contains_key(&peer_id), Error::<T>::PeerIdTaken);
			ensure!(capacity > 0, Error::<T>::ZeroCapacity);
			ensure!(stake >= T::MinProviderStake::get(), Error::<T>::StakeTooLow);
			ensure!(capacity <= Self::backed_capacity(stake), Error::<T>::CapacityNotBacked);
			ensure!(Providers::<T>::count() < T::MaxProviders::get(), Error::<T>::TooManyProviders);
			T::Currency::hold(&HoldReason::ProviderStake.into(), &who, stake)?;
			PeerIds::<T>::insert(&peer_id, &who);
			Providers::<T>::insert(
				&who,
				ProviderInfo {
					peer_id,
					capacity,
					used: 0,
					shards: 0,
					stake,
					status: ProviderStatus::Active,
					misses: 0,
					proven: 0,
					bonded_until: Zero::zero(),
					retrievals: 0,
				},
			);
			Self::deposit_event(Event::ProviderRegistered { provider: who, capacity, stake });
			Ok(())
		}

		/// Starts the caller's unbonding: it takes no new shards and its shards are handed over to other
		/// providers, a bounded number per block (`on_initialize`); a shard under an open challenge only once
		/// the challenge is answered or missed. Its stake stays held — and slashable — for `UnbondingPeriod`
		/// blocks and as long as its encodings are within the fraud window.
		///
		/// An active provider. Emits `ProviderDeregistered` and `EvictionStarted`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::deregister_provider())]
		pub fn deregister_provider(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut info = Providers::<T>::get(&who).ok_or(Error::<T>::NotProvider)?;
			ensure!(info.status == ProviderStatus::Active, Error::<T>::AlreadyUnbonding);
			let unbonding_until =
				frame_system::Pallet::<T>::block_number().saturating_add(T::UnbondingPeriod::get());
			info.status = ProviderStatus::Unbonding { until: unbonding_until };
			let holds = info.shards > 0;
			Providers::<T>::insert(&who, info);
			if holds {
				Self::evict(&who, Eviction::Leaving);
			}
			Self::deposit_event(Event::ProviderDeregistered { provider: who, unbonding_until });
			Ok(())
		}

		/// Releases the caller's stake and removes it, once its unbonding period has passed, every shard has
		/// been handed over, its challenges are closed and its encodings are past the fraud window.
		///
		/// A deregistered provider. Emits `StakeWithdrawn`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::withdraw_stake())]
		pub fn withdraw_stake(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let info = Providers::<T>::get(&who).ok_or(Error::<T>::NotProvider)?;
			let ProviderStatus::Unbonding { until } = info.status else {
				return Err(Error::<T>::NotUnbonding.into());
			};
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(now >= until, Error::<T>::StillUnbonding);
			ensure!(now >= info.bonded_until, Error::<T>::EncoderBonded);
			ensure!(
				ProviderShards::<T>::get(&who).is_empty() && !Evictions::<T>::contains_key(&who),
				Error::<T>::StillHoldsShards
			);
			ensure!(!Challenges::<T>::contains_key(&who), Error::<T>::ChallengeOpen);
			ensure!(info.retrievals == 0, Error::<T>::RetrievalsOpen);
			let amount =
				T::Currency::release_all(&HoldReason::ProviderStake.into(), &who, Precision::BestEffort)?;
			PeerIds::<T>::remove(&info.peer_id);
			Providers::<T>::remove(&who);
			ProviderShards::<T>::remove(&who);
			let _ = EncodeDuties::<T>::clear_prefix(&who, u32::MAX, None);
			Self::deposit_event(Event::StakeWithdrawn { provider: who, amount });
			Ok(())
		}

		/// Pays for storing the `size`-byte file with root `root` for `periods` rounds, places its n = k + m
		/// shards on distinct active providers and names `encoder` — the provider whose node the owner uploads
		/// to — as the only one that may encode it. The fee,
		/// `PricePerSectorPerPeriod × shard_sectors × n × periods`, is transferred to the pool account. If the
		/// file is not encoded within `UploadDeadline` blocks it is dropped and the owner pays one round for the
		/// room it held.
		///
		/// Any signed account with fewer than `MaxUnstoredPerAccount` files not yet stored. Emits
		/// `FileSubmitted`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::submit_file(T::MaxProviders::get()))]
		pub fn submit_file(
			origin: OriginFor<T>,
			root: FileRoot,
			size: u64,
			periods: u32,
			encoder: T::AccountId,
		) -> DispatchResultWithPostInfo {
			let owner = ensure_signed(origin)?;
			ensure!(size > 0, Error::<T>::ZeroSize);
			ensure!(size <= T::MaxFileSize::get(), Error::<T>::FileTooLarge);
			ensure!(periods > 0, Error::<T>::ZeroLifetime);
			ensure!(!Files::<T>::contains_key(root), Error::<T>::FileExists);
			Self::ensure_can_encode(&encoder)?;
			let unstored = UnstoredFiles::<T>::get(&owner);
			ensure!(unstored < T::MaxUnstoredPerAccount::get(), Error::<T>::TooManyUnstoredFiles);
			let params = T::ErasureParams::get();
			let fee = Self::fee_for(&params, size, periods)?;
			let start_round = Self::current_round().checked_add(1).ok_or(Error::<T>::LifetimeOverflow)?;
			let end_round =
				start_round.checked_add(u64::from(periods)).ok_or(Error::<T>::LifetimeOverflow)?;

			let shard_size = params.shard_size(size);
			let mut candidates = Self::candidates();
			let seed = Self::seed(ASSIGN_SUBJECT, root.as_bytes());
			let picks = Self::pick(&candidates, shard_size, &[], &seed, params.total_shards() as usize)
				.ok_or(Error::<T>::NotEnoughProviders)?;

			T::Currency::transfer(&owner, &Self::pool_account(), fee, Preservation::Preserve)?;

			let mut shards = BoundedVec::<Shard<T::AccountId>, T::MaxShards>::new();
			let mut providers = BoundedVec::<T::AccountId, T::MaxShards>::new();
			for (index, pick) in picks.into_iter().enumerate() {
				let candidate = candidates.get_mut(pick).ok_or(Error::<T>::NotEnoughProviders)?;
				let held = HeldShard {
					file: root,
					shard: index as u32,
					sectors: params.shard_sectors(size),
					acknowledged: false,
				};
				Self::assign_shard(&candidate.who, held, shard_size)?;
				candidate.take(shard_size);
				shards
					.try_push(Shard { provider: candidate.who.clone(), root: None, acknowledged: false })
					.map_err(|_| Error::<T>::WrongShardCount)?;
				providers.try_push(candidate.who.clone()).map_err(|_| Error::<T>::WrongShardCount)?;
			}
			let encode_by = Self::deadline_in(T::UploadDeadline::get());
			Files::<T>::insert(
				root,
				FileInfo {
					owner: owner.clone(),
					size,
					params,
					state: FileState::Pending,
					encoder: None,
					chosen_encoder: encoder.clone(),
					deadline: Some(encode_by),
					shards,
					fee,
					paid_out: Zero::zero(),
					start_round,
					periods,
				},
			);
			UnstoredFiles::<T>::insert(&owner, unstored.saturating_add(1));
			EncodeDuties::<T>::insert(&encoder, root, ());
			Self::schedule(encode_by, Due::File(root));
			Expiries::<T>::insert(end_round, root, ());
			Self::deposit_event(Event::FileSubmitted {
				root,
				owner,
				size,
				fee,
				end_round,
				providers,
				encoder,
				encode_by,
			});
			Ok(Some(T::WeightInfo::submit_file(candidates.len() as u32)).into())
		}

		/// Confirms the encoding of a pending file: `shard_roots[i]` is the Merkle root of shard `i`. The caller
		/// must be the encoder the owner chose; it becomes accountable for the encoding — slashed
		/// `EncodingSlash` if a fraud proof shows it wrong, its stake bonded for `FraudWindow` blocks — and for
		/// serving the shards: if fewer than k providers acknowledge theirs within `AckDeadline` blocks it is
		/// slashed and the file is pending again.
		///
		/// The chosen encoder, an active provider. Emits `FileEncoded`. Operational class (a duty that must get
		/// in on a busy chain); free when it succeeds, a failed call pays its fee.
		#[pallet::call_index(4)]
		#[pallet::weight((T::WeightInfo::confirm_encoding(), DispatchClass::Operational))]
		pub fn confirm_encoding(
			origin: OriginFor<T>,
			root: FileRoot,
			shard_roots: BoundedVec<H256, T::MaxShards>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let provider = Providers::<T>::get(&who).ok_or(Error::<T>::NotProvider)?;
			ensure!(provider.status == ProviderStatus::Active, Error::<T>::NotActiveProvider);
			let ack_by = Self::deadline_in(T::AckDeadline::get());
			Files::<T>::try_mutate(root, |file| {
				let file = file.as_mut().ok_or(Error::<T>::UnknownFile)?;
				ensure!(file.state == FileState::Pending, Error::<T>::NotPending);
				ensure!(file.chosen_encoder == who, Error::<T>::NotChosenEncoder);
				ensure!(shard_roots.len() == file.shards.len(), Error::<T>::WrongShardCount);
				for (shard, shard_root) in file.shards.iter_mut().zip(shard_roots.iter()) {
					shard.root = Some(*shard_root);
					shard.acknowledged = false;
				}
				file.state = FileState::Encoded;
				file.encoder = Some(who.clone());
				file.deadline = Some(ack_by);
				Ok::<_, DispatchError>(())
			})?;
			let bonded_until = Self::deadline_in(T::FraudWindow::get());
			Providers::<T>::mutate(&who, |info| {
				if let Some(info) = info {
					info.bonded_until = info.bonded_until.max(bonded_until);
				}
			});
			EncodeDuties::<T>::remove(&who, root);
			Self::schedule(ack_by, Due::File(root));
			Self::deposit_event(Event::FileEncoded { root, encoder: who });
			Ok(Pays::No.into())
		}

		/// Acknowledges that the caller's node has fetched shard `shard` of the file and checked it against its
		/// root: from now on the shard is challenged and earns. When every shard is acknowledged the file is
		/// stored.
		///
		/// The provider assigned to that shard. Emits `ShardAcknowledged`, and `FileStored` for the last one.
		/// Operational class; free when it succeeds (once per shard assignment), a failed call pays its fee.
		#[pallet::call_index(5)]
		#[pallet::weight((T::WeightInfo::acknowledge_shard(), DispatchClass::Operational))]
		pub fn acknowledge_shard(
			origin: OriginFor<T>,
			root: FileRoot,
			shard: u32,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let (stored, owner) = Files::<T>::try_mutate(root, |file| {
				let file = file.as_mut().ok_or(Error::<T>::UnknownFile)?;
				ensure!(file.state != FileState::Pending, Error::<T>::NotEncoded);
				let slot = file.shards.get_mut(shard as usize).ok_or(Error::<T>::ShardIndexOutOfRange)?;
				ensure!(slot.provider == who, Error::<T>::NotAssignedProvider);
				ensure!(!slot.acknowledged, Error::<T>::AlreadyAcknowledged);
				slot.acknowledged = true;
				let now_stored =
					file.state == FileState::Encoded && file.shards.iter().all(|s| s.acknowledged);
				if now_stored {
					file.state = FileState::Stored;
					file.deadline = None;
				}
				Ok::<_, DispatchError>((now_stored, file.owner.clone()))
			})?;
			ProviderShards::<T>::mutate(&who, |held| {
				if let Some(h) = held.iter_mut().find(|h| h.file == root && h.shard == shard) {
					h.acknowledged = true;
				}
			});
			Self::deposit_event(Event::ShardAcknowledged { root, shard, provider: who });
			if stored {
				UnstoredFiles::<T>::mutate_exists(&owner, |n| {
					*n = n.and_then(|n| n.checked_sub(1)).filter(|n| *n > 0);
				});
				Self::deposit_event(Event::FileStored { root });
			}
			Ok(Pays::No.into())
		}

		/// Pays for `periods` more rounds of the file, at the current price, into the pool.
		///
		/// The file's owner, before it expires. Emits `FileExtended`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::extend_file())]
		pub fn extend_file(origin: OriginFor<T>, root: FileRoot, periods: u32) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(periods > 0, Error::<T>::ZeroLifetime);
			let mut file = Files::<T>::get(root).ok_or(Error::<T>::UnknownFile)?;
			ensure!(file.owner == who, Error::<T>::NotOwner);
			let old_end = file.end_round();
			ensure!(old_end > Self::current_round(), Error::<T>::AlreadyExpired);
			let fee = Self::fee_for(&file.params, file.size, periods)?;
			file.periods = file.periods.checked_add(periods).ok_or(Error::<T>::LifetimeOverflow)?;
			file.start_round
				.checked_add(u64::from(file.periods))
				.ok_or(Error::<T>::LifetimeOverflow)?;
			file.fee = file.fee.checked_add(&fee).ok_or(Error::<T>::FeeOverflow)?;
			T::Currency::transfer(&who, &Self::pool_account(), fee, Preservation::Preserve)?;
			let end_round = file.end_round();
			Expiries::<T>::remove(old_end, root);
			Expiries::<T>::insert(end_round, root, ());
			Files::<T>::insert(root, file);
			Self::deposit_event(Event::FileExtended { root, periods, fee, end_round });
			Ok(())
		}

		/// Deletes the file: its shards are freed and every part of its fees not yet paid to providers is
		/// refunded from the pool — less one round for the room it held if it was never stored.
		///
		/// The file's owner. Emits `FileDeleted`.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::delete_file())]
		pub fn delete_file(origin: OriginFor<T>, root: FileRoot) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let file = Files::<T>::get(root).ok_or(Error::<T>::UnknownFile)?;
			ensure!(file.owner == who, Error::<T>::NotOwner);
			let (refund, _) = Self::remove_file(root, file)?;
			Self::deposit_event(Event::FileDeleted { root, refund });
			Ok(())
		}

		/// Answers the caller's open challenge with the challenged sector's bytes and its Merkle path to the
		/// shard root. A valid answer closes the challenge, clears the provider's misses, records what it has
		/// proven to hold and pays it, from the pool, `fee / (n × periods)` for every acknowledged shard it holds
		/// of a file stored in the challenge's round. A wrong answer fails with `InvalidProof` and leaves the
		/// challenge open.
		///
		/// A provider with an open challenge, within the response window. Emits `ProofAccepted`. Operational
		/// class, so that proofs are not crowded out by transfers on a busy chain; free when it succeeds (once
		/// per provider and round), a wrong answer pays its fee.
		#[pallet::call_index(8)]
		#[pallet::weight((
			T::WeightInfo::submit_proof(T::MaxAssignmentsPerProvider::get()),
			DispatchClass::Operational,
		))]
		pub fn submit_proof(
			origin: OriginFor<T>,
			sector_data: SectorData,
			proof: MerklePath,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let challenge = Challenges::<T>::get(&who).ok_or(Error::<T>::NoOpenChallenge)?;
			ensure!(
				frame_system::Pallet::<T>::block_number() <= challenge.deadline,
				Error::<T>::ChallengeExpired
			);
			let file = Files::<T>::get(challenge.file).ok_or(Error::<T>::NoOpenChallenge)?;
			let shard_root = file
				.shards
				.get(challenge.shard as usize)
				.and_then(|s| s.root)
				.ok_or(Error::<T>::NoOpenChallenge)?;
			ensure!(
				verify_merkle_path(
					&shard_root,
					sector_leaf(&sector_data),
					challenge.sector,
					file.shard_sectors(),
					&proof,
				),
				Error::<T>::InvalidProof
			);
			Challenges::<T>::remove(&who);
			let (reward, held, acknowledged_bytes) = Self::pay_round(&who, challenge.round);
			Providers::<T>::mutate(&who, |info| {
				if let Some(info) = info {
					info.misses = 0;
					info.proven = info.proven.max(acknowledged_bytes);
				}
			});
			Self::deposit_event(Event::ProofAccepted { provider: who, round: challenge.round, reward });
			Ok(frame_support::dispatch::PostDispatchInfo {
				actual_weight: Some(T::WeightInfo::submit_proof(held)),
				pays_fee: Pays::No,
			})
		}

		/// Reveals an encoding fraud proof the caller committed to in an earlier block (see
		/// [`Pallet::commit_fraud_report`]), proving the file's confirmed encoding wrong at one stripe. The
		/// encoder is slashed `EncodingSlash` of its held stake, `ReporterShare` of which goes to the caller and
		/// the rest to the pool; the file's shard roots and acknowledgements are cleared and it is pending
		/// again (for the same chosen encoder unless the owner chooses another). An invalid proof fails with the
		/// reason and changes nothing. Nobody can take the reward by copying the proof from the pool: the copy
		/// has no earlier commitment.
		///
		/// Any signed account with a matching commitment. Emits `ProviderSlashed` and `BadEncodingProven`.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::report_bad_encoding())]
		pub fn report_bad_encoding(
			origin: OriginFor<T>,
			root: FileRoot,
			fraud_proof: EncodingFraudProof<T::MaxShards>,
		) -> DispatchResult {
			let reporter = ensure_signed(origin)?;
			let (commitment, at) = FraudCommitments::<T>::get(&reporter).ok_or(Error::<T>::NoCommitment)?;
			ensure!(
				commitment == Self::fraud_commitment(&reporter, root, &fraud_proof),
				Error::<T>::NoCommitment
			);
			ensure!(at < frame_system::Pallet::<T>::block_number(), Error::<T>::CommitmentTooRecent);
			let mut file = Files::<T>::get(root).ok_or(Error::<T>::UnknownFile)?;
			ensure!(file.state != FileState::Pending, Error::<T>::NotEncoded);
			let encoder = file.encoder.clone().ok_or(Error::<T>::NotEncoded)?;
			Self::check_fraud(root, &file, &fraud_proof)?;

			FraudCommitments::<T>::remove(&reporter);
			let (slashed, reward) = Self::slash_encoder(&encoder, &reporter);
			let was_stored = file.state == FileState::Stored;
			Self::reset_encoding(root, &mut file);
			if was_stored {
				UnstoredFiles::<T>::mutate(&file.owner, |n| *n = n.saturating_add(1));
			}
			Files::<T>::insert(root, file);
			Self::deposit_event(Event::BadEncodingProven { root, encoder, reporter, slashed, reward });
			Ok(())
		}

		/// Commits to an encoding fraud proof without revealing it: `commitment` is
		/// [`Pallet::fraud_commitment`] of the caller, the file root and the proof. Reveal it with
		/// [`Pallet::report_bad_encoding`] in a later block. A new commitment replaces the caller's previous one.
		///
		/// Any signed account. Emits `FraudReportCommitted`.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::commit_fraud_report())]
		pub fn commit_fraud_report(origin: OriginFor<T>, commitment: H256) -> DispatchResult {
			let reporter = ensure_signed(origin)?;
			FraudCommitments::<T>::insert(&reporter, (commitment, frame_system::Pallet::<T>::block_number()));
			Self::deposit_event(Event::FraudReportCommitted { reporter, commitment });
			Ok(())
		}

		/// Names another provider to encode the caller's pending file (the first one did not, or the owner
		/// uploads elsewhere). The upload deadline stays where it is (set when the file was submitted or its
		/// encoding last reset): a file never uploaded holds its shards' room and its providers' assignment slots
		/// while it waits, and pays one round for that when it is abandoned, so choosing again must not keep it
		/// waiting past that deadline.
		///
		/// The file's owner, while the file is pending. Emits `EncoderChosen`.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::choose_encoder())]
		pub fn choose_encoder(origin: OriginFor<T>, root: FileRoot, encoder: T::AccountId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut file = Files::<T>::get(root).ok_or(Error::<T>::UnknownFile)?;
			ensure!(file.owner == who, Error::<T>::NotOwner);
			ensure!(file.state == FileState::Pending, Error::<T>::NotPending);
			Self::ensure_can_encode(&encoder)?;
			EncodeDuties::<T>::remove(&file.chosen_encoder, root);
			EncodeDuties::<T>::insert(&encoder, root, ());
			file.chosen_encoder = encoder.clone();
			// A pending file always has its deadline (and its task); only a record without one gets a new one.
			let encode_by = match file.deadline {
				Some(deadline) => deadline,
				None => {
					let deadline = Self::deadline_in(T::UploadDeadline::get());
					file.deadline = Some(deadline);
					Self::schedule(deadline, Due::File(root));
					deadline
				},
			};
			Files::<T>::insert(root, file);
			Self::deposit_event(Event::EncoderChosen { root, encoder, encode_by });
			Ok(())
		}

		/// Claims that the provider of shard `shard` of the file would not serve sector `sector` of it. The
		/// caller pays `RetrievalDeposit` into the pool. The provider must answer on chain with the sector and
		/// its Merkle path within `RetrievalWindow` blocks ([`Pallet::answer_retrieval`]): then it is paid the
		/// deposit and the sector is in the answer's event for the caller to read. If it does not, it is
		/// slashed `RetrievalSlash`, the caller gets its deposit back and `ReporterShare` of the slash, and the
		/// shard is moved to another provider. A challenge it could not answer by then (the encoding was reset) is
		/// void: the deposit back, nobody slashed (`RetrievalVoided`).
		///
		/// Any signed account; the shard must be acknowledged, the provider below `MaxRetrievalsPerProvider`
		/// open challenges. Emits `RetrievalChallenged`.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::challenge_retrieval())]
		pub fn challenge_retrieval(
			origin: OriginFor<T>,
			root: FileRoot,
			shard: u32,
			sector: u64,
		) -> DispatchResult {
			let challenger = ensure_signed(origin)?;
			let file = Files::<T>::get(root).ok_or(Error::<T>::UnknownFile)?;
			let slot = file.shards.get(shard as usize).ok_or(Error::<T>::ShardIndexOutOfRange)?;
			ensure!(slot.acknowledged, Error::<T>::ShardNotAcknowledged);
			ensure!(sector < file.shard_sectors(), Error::<T>::SectorOutOfRange);
			let provider = slot.provider.clone();
			let key = RetrievalKey { file: root, shard, sector };
			ensure!(!Retrievals::<T>::contains_key(&provider, key), Error::<T>::RetrievalAlreadyOpen);
			let mut info = Providers::<T>::get(&provider).ok_or(Error::<T>::NotProvider)?;
			ensure!(info.retrievals < T::MaxRetrievalsPerProvider::get(), Error::<T>::TooManyRetrievals);
			let deposit = T::RetrievalDeposit::get();
			T::Currency::transfer(&challenger, &Self::pool_account(), deposit, Preservation::Preserve)?;
			let deadline = Self::deadline_in(T::RetrievalWindow::get());
			info.retrievals = info.retrievals.saturating_add(1);
			Providers::<T>::insert(&provider, info);
			Retrievals::<T>::insert(
				&provider,
				key,
				RetrievalChallenge { challenger: challenger.clone(), deposit, deadline },
			);
			Self::schedule(deadline, Due::Retrieval { provider: provider.clone(), key });
			Self::deposit_event(Event::RetrievalChallenged { provider, challenger, key, deadline });
			Ok(())
		}

		/// Answers a retrieval challenge against the caller with the sector's bytes and its Merkle path to the
		/// shard root: the caller is paid the challenger's deposit and the bytes are published in
		/// `RetrievalAnswered`. A wrong answer fails with `InvalidProof` and leaves the challenge open.
		///
		/// The challenged provider, by the deadline. Operational class; free when it succeeds, a failed call
		/// pays its fee.
		#[pallet::call_index(13)]
		#[pallet::weight((T::WeightInfo::answer_retrieval(), DispatchClass::Operational))]
		pub fn answer_retrieval(
			origin: OriginFor<T>,
			key: RetrievalKey,
			sector_data: SectorData,
			proof: MerklePath,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let challenge = Retrievals::<T>::get(&who, key).ok_or(Error::<T>::NoRetrievalChallenge)?;
			ensure!(
				frame_system::Pallet::<T>::block_number() <= challenge.deadline,
				Error::<T>::ChallengeExpired
			);
			let file = Files::<T>::get(key.file).ok_or(Error::<T>::UnknownFile)?;
			let shard_root =
				file.shards.get(key.shard as usize).and_then(|s| s.root).ok_or(Error::<T>::NotEncoded)?;
			ensure!(
				verify_merkle_path(&shard_root, sector_leaf(&sector_data), key.sector, file.shard_sectors(), &proof),
				Error::<T>::InvalidProof
			);
			Retrievals::<T>::remove(&who, key);
			Self::note_retrieval_closed(&who);
			Self::pay_from_pool(&who, challenge.deposit)?;
			Self::deposit_event(Event::RetrievalAnswered { provider: who, key, data: sector_data });
			Ok(Pays::No.into())
		}
	}
}
/// Migration for a chain that adds the pallet by a runtime upgrade: gives the pool account its existential
/// deposit (the genesis build does it for new chains). A no-op when the pool exists.
pub struct EnsurePool<T>(core::marker::PhantomData<T>);

impl<T: Config> frame_support::traits::OnRuntimeUpgrade for EnsurePool<T> {
	fn on_runtime_upgrade() -> Weight {
		Pallet::<T>::ensure_pool_exists();
		T::DbWeight::get().reads_writes(2, 2)
	}
}

impl<T: Config> Pallet<T> {
	/// The pool account: it holds fees until they are paid to providers or refunded.
	pub fn pool_account() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	/// The current challenge round: round `r` starts at block `r × ChallengePeriod`.
	pub fn current_round() -> Round {
		Self::round_at(frame_system::Pallet::<T>::block_number())
	}

	fn round_at(block: BlockNumberFor<T>) -> Round {
		let period = T::ChallengePeriod::get();
		if period.is_zero() {
			return 0;
		}
		(block / period).unique_saturated_into()
	}

	/// The fee of storing a `size`-byte file for `periods` rounds.
	pub fn fee_for(params: &ErasureParams, size: u64, periods: u32) -> Result<BalanceOf<T>, Error<T>> {
		let units = u128::from(params.shard_sectors(size))
			.checked_mul(u128::from(params.total_shards()))
			.ok_or(Error::<T>::FeeOverflow)?;
		let units = BalanceOf::<T>::try_from(units).map_err(|_| Error::<T>::FeeOverflow)?;
		T::PricePerSectorPerPeriod::get()
			.checked_mul(&units)
			.and_then(|fee| fee.checked_mul(&BalanceOf::<T>::from(periods)))
			.ok_or(Error::<T>::FeeOverflow)
	}

	/// What one shard of `file` earns per proven round: `fee / (n × periods)`.
	pub fn shard_reward(file: &FileInfoOf<T>) -> BalanceOf<T> {
		let shares = u64::from(file.periods).saturating_mul(file.shards.len() as u64);
		BalanceOf::<T>::try_from(shares)
			.ok()
			.and_then(|shares| file.fee.checked_div(&shares))
			.unwrap_or_else(Zero::zero)
	}

	/// Gives the pool account the existential deposit if it has less, so it is never reaped.
	pub fn ensure_pool_exists() {
		let pool = Self::pool_account();
		let min = T::Currency::minimum_balance();
		let have = T::Currency::balance(&pool);
		if have < min {
			if let Err(e) = T::Currency::mint_into(&pool, min.saturating_sub(have)) {
				log::error!(target: LOG_TARGET, "could not endow the pool account: {e:?}");
			}
		}
	}

	/// Bytes of capacity `stake` backs: `stake / StakePerGiB` GiB (saturating).
	pub fn backed_capacity(stake: BalanceOf<T>) -> u64 {
		let per_gib = T::StakePerGiB::get();
		if per_gib.is_zero() {
			return 0;
		}
		let gib: u128 = (stake / per_gib).unique_saturated_into();
		u64::try_from(gib.saturating_mul(1 << 30)).unwrap_or(u64::MAX)
	}

	/// The commitment `commit_fraud_report` takes for `reporter` revealing `proof` against file `root`.
	pub fn fraud_commitment(
		reporter: &T::AccountId,
		root: FileRoot,
		proof: &EncodingFraudProof<T::MaxShards>,
	) -> H256 {
		H256(sp_crypto_hashing::blake2_256(&(b"zg/storage/fraud", reporter, root, proof).encode()))
	}

	/// The block `blocks` from now.
	pub(crate) fn deadline_in(blocks: BlockNumberFor<T>) -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number().saturating_add(blocks)
	}

	/// Acts on `task` in the first block after `deadline`.
	pub(crate) fn schedule(deadline: BlockNumberFor<T>, task: Due<T::AccountId>) {
		Tasks::<T>::insert(deadline.saturating_add(One::one()), task, ());
	}

	/// A provider the owner may name as encoder: registered, active and staked.
	pub fn ensure_can_encode(encoder: &T::AccountId) -> DispatchResult {
		let info = Providers::<T>::get(encoder).ok_or(Error::<T>::EncoderNotActive)?;
		ensure!(
			info.status == ProviderStatus::Active && info.stake >= T::MinProviderStake::get(),
			Error::<T>::EncoderNotActive
		);
		Ok(())
	}

	/// Queues `who`'s shards to be moved away (once; a leaving provider that was failing stays `Failed`).
	pub(crate) fn evict(who: &T::AccountId, reason: Eviction) {
		if !Evictions::<T>::contains_key(who) {
			Evictions::<T>::insert(who, reason);
			Self::deposit_event(Event::EvictionStarted { provider: who.clone(), reason });
		}
	}

	/// Clears the file's encoding (roots, acknowledgements, encoder) and makes it pending again for its chosen
	/// encoder, with a new upload deadline.
	pub(crate) fn reset_encoding(root: FileRoot, file: &mut FileInfoOf<T>) {
		for (index, shard) in file.shards.iter_mut().enumerate() {
			shard.root = None;
			shard.acknowledged = false;
			Self::unacknowledge(&shard.provider, root, index as u32);
		}
		file.state = FileState::Pending;
		file.encoder = None;
		let encode_by = Self::deadline_in(T::UploadDeadline::get());
		file.deadline = Some(encode_by);
		EncodeDuties::<T>::insert(&file.chosen_encoder, root, ());
		Self::schedule(encode_by, Due::File(root));
	}

	/// One retrieval challenge against `who` is closed.
	pub(crate) fn note_retrieval_closed(who: &T::AccountId) {
		Providers::<T>::mutate(who, |info| {
			if let Some(info) = info {
				info.retrievals = info.retrievals.saturating_sub(1);
			}
		});
	}

	/// 32 random bytes for `subject`: the chain's randomness mixed with the parent block hash (so nobody knows
	/// them before the block's parent exists) and `salt`.
	fn seed(subject: &[u8], salt: &[u8]) -> [u8; 32] {
		let (random, _) = T::Randomness::random(subject);
		let parent = frame_system::Pallet::<T>::parent_hash();
		let mut input = Vec::with_capacity(subject.len() + 64 + salt.len());
		input.extend_from_slice(subject);
		input.extend_from_slice(random.as_ref());
		input.extend_from_slice(parent.as_ref());
		input.extend_from_slice(salt);
		keccak_256(&input)
	}
}
