//! # The compute market (`pallet-zg-compute`)
//!
//! Users pay staked providers for jobs whose results the chain can check.
//!
//! ## Mechanism
//! - **Providers** hold a stake (at least `MinProviderStake`, via a fungible hold), name their node's peer id and
//!   an ed25519 attestation key, and make one offer per job kind: hardware, a price per unit of work and a
//!   capacity (jobs at once). Deregistering stops new work at once; the stake is released after
//!   `UnbondingPeriod`, once nothing is in flight and the last dispute window of its results has closed.
//! - **Users** deposit into a ledger (held in their own account); `submit_job` locks the job's `max_price` in
//!   escrow. Withdrawing free funds is immediate.
//! - **Matching is automatic and by price.** At submission the chain assigns the job to the cheapest offer of
//!   the kind with free capacity whose price × units fits `max_price`; equal prices are drawn at random (chain
//!   randomness). Why not bidding: a bid window delays every job, lets bidders see each other, and favours those
//!   who watch the chain closely. Why it is fair to new providers: nothing but price counts — no age, no
//!   reputation, no first-come tie-break — so a newcomer that matches the lowest price shares the work at once
//!   and one that undercuts takes it. Each offer index entry costs a provider its stake, so flooding ties with
//!   sybils costs stake per sybil.
//! - **Settlement modes** (per kind, set by governance with `set_kind`):
//!   - *proven*: `submit_proof` with a Groth16 proof (BN254 or BLS12-381) against the kind's verifying key. The
//!     public inputs bind the job id, the input, the kind's model commitment and the output
//!     (`zg_primitives::compute::public_inputs`), so a proof for another job, input or output fails. Verified
//!     natively through the `zg_compute` host functions; `submit_proofs` verifies a batch of one kind with a
//!     random linear combination (n + 3 pairings). Pays at once.
//!   - *attested*: `submit_attestation` with the output (≤ `MaxOutput` bytes: a hash or a storage root for big
//!     results) signed by the attestation key. Pays after `ChallengeWindow` unless disputed. `dispute` holds
//!     `DisputeBond` and either proves the right output with the kind's circuit (decided at once) or calls for
//!     re-execution by `Jurors` providers drawn at random among those offering the kind (not the accused, not
//!     the challenger); they vote the hash of the output they computed within `VoteWindow`, and a strict
//!     majority decides. A provider shown wrong loses `FalseResultSlash` of its stake (`ChallengerShare` of it to
//!     the challenger, the rest burnt) and the owner is refunded in full; a challenger shown wrong loses its
//!     bond (to the provider and the jurors who voted with the majority). A majority for another output than
//!     both the attested one and the claim also overturns the result (the challenger gets its bond back, no
//!     share): a job is disputed once, so otherwise an account of the provider's own could save a false result
//!     by disputing it first with a made-up claim. Without a majority the dispute is void: the bond is returned
//!     and the provider is paid. Jurors who do not vote lose `MissSlash` of their stake.
//! - **Stored outputs** (kinds with `stored_output`, e.g. training): the output is a file's root and size
//!   (`zg_primitives::compute::stored_output`). The worker uploads the file to the provider's node; the
//!   attestation submits it to zg storage *for the job's owner*, paid from the escrow (matching reserved the fee
//!   of the kind's largest file on top of the price), with the storage provider of the provider's node (same
//!   peer id) as its encoder — refused (`NoStorageNode`) if that node cannot encode. When the challenge window
//!   closes the provider is paid only if the file was delivered (encoded); while it waits for its encoder the
//!   check repeats every `ChallengeWindow`, and once the storage network drops it (never encoded) the job fails:
//!   the owner gets the escrow back and the provider loses `MissSlash`. A refusal by the storage network for
//!   the owner's reasons is recorded (`OutputNotStored`) and the job settles without the file, so an owner
//!   cannot make an honest provider miss. A disputed file that stands is not paid when the dispute ends but
//!   checked for its delivery then and as before (`AwaitingDelivery` keeps each job's next check).
//! - **Deadlines.** A job without a result by its deadline is refunded in full and its provider loses
//!   `MissSlash` of its stake (half of it to the owner).
//! - **Bounded work.** Timeouts, window closings, vote counts and pruning are queued per block (`Due`, at most
//!   `MaxDuePerBlock` tasks; a task that finds its block full goes to one of the next few) and run in
//!   `on_initialize`; every loop is bounded by a config constant. Finished jobs are pruned after
//!   `ResultRetention`.
//! - **Accounting.** Every ZG of a ledger is held under `HoldReason::Ledger` in its owner's account; the
//!   invariants (`try_state`) check that held = free + locked for every ledger and that locked = the sum of the
//!   escrows of its running jobs.
//! - **Metered inference** (`inference.rs`; signed messages in `zg_primitives::compute::inference`). A provider
//!   lists *services*: a model name, the hash of its weights, how tokens are counted, a price per prompt token and
//!   per completion token, and its gateway's URL. Model, weights and tokenizer are fixed for a service's life (ids
//!   are never reused); a price cut applies at once, a raise only `PriceNotice` later, so a user is never charged
//!   a price it could not have seen. A user pays a provider through a *payment channel*: funds held in the user's
//!   account for that provider, and an ed25519 key of the user's choosing. Each request carries a *voucher*: that
//!   key's signature on the cumulative amount owed so far and a growing nonce. The provider redeems only the
//!   latest voucher, whenever it likes: one signature check and a transfer out of the hold, however many requests
//!   it covers; `redeem_batch` settles up to `MaxVouchers` channels in one extrinsic, each voucher on its own (a
//!   refused one is reported, the rest paid). Replays (a nonce not above the last), a lower amount, an amount above
//!   the deposit and foreign signatures are refused; channel ids are never reused, so a voucher of a closed
//!   channel is worthless. The user gets the rest back with `request_refund` and, `RefundDelay` later,
//!   `close_channel`; until then the provider may still redeem. The provider signs a *receipt* of every response
//!   with its attestation key (the one its stake backs). A receipt that names another provider's service or a
//!   model other than its service's, or whose token counts are not those of the prompt and completion it hashes
//!   (for services whose tokens the chain can count: one per byte), is provably wrong: `dispute_response` slashes
//!   `FalseResultSlash` of the provider's stake, `ChallengerShare` of it to the user, once per receipt nonce.
//!   Overcharging beyond the signed counts is impossible: the voucher amounts are the user's own statements.
//! - **Joining a running chain**: [`migrations::InitializeKinds`] sets the initial kinds on the upgrade that adds
//!   the pallet.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod inference;
mod market;
pub mod migrations;
mod types;
pub mod verify;
pub mod worker;
pub mod weights;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod worker_tests;
#[cfg(test)]
mod inference_tests;

pub use types::*;
pub use zg_primitives::compute::inference::{ChannelId, ResponseReceipt, ServiceId, Tokenizer};
/// What the market needs of zg storage (shared with other pallets that store files for their users).
pub use zg_primitives::storage::{Delivery, StoredFiles};
pub use verify::{HostVerifier, ProofVerifier};
pub use weights::WeightInfo;

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::{self, Inspect, InspectHold, MutateHold},
		tokens::{Fortitude, Precision, Restriction},
		Randomness as RandomnessT,
	},
	BoundedVec, CloneNoBound, EqNoBound, PartialEqNoBound, DebugNoBound,
};
use frame_system::pallet_prelude::*;
use scale_info::TypeInfo;
use sp_core::H256;
use sp_runtime::{
	traits::{One, Saturating, Zero},
	Perbill,
};
use zg_primitives::compute::{JobId, JobView, KindId, KindView, OfferView, ProofSystem, VerifyError};

/// Log target.
pub const LOG_TARGET: &str = "runtime::zg-compute";

/// A balance of the pallet's currency.
pub type BalanceOf<T> = <<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
/// A job kind with the runtime's key bound.
pub type JobKindOf<T> = JobKind<<T as Config>::MaxKeyLen>;
const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config:
		frame_system::Config<RuntimeEvent: From<Event<Self>>>
		+ frame_system::offchain::CreateSignedTransaction<Call<Self>>
	{
		/// The keys the off-chain worker signs providers' transactions with (`worker::crypto::ProviderAuthId`
		/// in a runtime: key type `zgcp`).
		type AuthorityId: frame_system::offchain::AppCrypto<Self::Public, Self::Signature>;

		/// The token jobs are paid and stakes held in.
		type Currency: fungible::Inspect<Self::AccountId>
			+ fungible::Mutate<Self::AccountId>
			+ fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;
		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;
		/// Draws ties between equal offers and the jurors of disputes.
		type Randomness: RandomnessT<Self::Hash, BlockNumberFor<Self>>;
		/// Verifies proofs (the runtime: [`HostVerifier`], native host functions).
		type Verifier: ProofVerifier;
		/// zg storage: sizes of stored inputs, storing output files.
		type StoredFiles: StoredFiles<Self::AccountId, BalanceOf<Self>>;
		/// Who sets job kinds and their verifying keys (governance).
		type KindOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The least stake a provider holds.
		#[pallet::constant]
		type MinProviderStake: Get<BalanceOf<Self>>;
		/// Blocks between deregistering and withdrawing the stake.
		#[pallet::constant]
		type UnbondingPeriod: Get<BlockNumberFor<Self>>;
		/// Blocks an attested result stays open to dispute.
		#[pallet::constant]
		type ChallengeWindow: Get<BlockNumberFor<Self>>;
		/// Blocks jurors have to vote.
		#[pallet::constant]
		type VoteWindow: Get<BlockNumberFor<Self>>;
		/// Jurors drawn for a re-execution dispute.
		#[pallet::constant]
		type Jurors: Get<u32>;
		/// What a challenger holds while its dispute is open.
		#[pallet::constant]
		type DisputeBond: Get<BalanceOf<Self>>;
		/// The part of its stake a provider loses for a result shown false.
		#[pallet::constant]
		type FalseResultSlash: Get<Perbill>;
		/// The part of its stake a provider loses for a missed deadline or vote.
		#[pallet::constant]
		type MissSlash: Get<Perbill>;
		/// The challenger's part of a false result's slash (the rest is burnt).
		#[pallet::constant]
		type ChallengerShare: Get<Perbill>;
		/// The fewest blocks a job may be given.
		#[pallet::constant]
		type MinDeadline: Get<BlockNumberFor<Self>>;
		/// The most blocks a job may be given.
		#[pallet::constant]
		type MaxDeadline: Get<BlockNumberFor<Self>>;
		/// Blocks a finished job stays readable after its deadline.
		#[pallet::constant]
		type ResultRetention: Get<BlockNumberFor<Self>>;
		/// The largest inline input.
		#[pallet::constant]
		type MaxInlineInput: Get<u32>;
		/// The largest output.
		#[pallet::constant]
		type MaxOutput: Get<u32>;
		/// The largest verifying key.
		#[pallet::constant]
		type MaxKeyLen: Get<u32>;
		/// The largest proof.
		#[pallet::constant]
		type MaxProofLen: Get<u32>;
		/// Offers per provider.
		#[pallet::constant]
		type MaxOffers: Get<u32>;
		/// Offers per kind (the matching scan's bound).
		#[pallet::constant]
		type MaxProvidersPerKind: Get<u32>;
		/// Jobs a provider may have in flight per offer.
		#[pallet::constant]
		type MaxCapacity: Get<u32>;
		/// Proofs in one `submit_proofs`.
		#[pallet::constant]
		type MaxBatch: Get<u32>;
		/// Queued tasks per block.
		#[pallet::constant]
		type MaxDuePerBlock: Get<u32>;
		/// The longest peer id.
		#[pallet::constant]
		type MaxPeerIdLen: Get<u32>;
		/// Weights.
		/// Inference services a provider may have (retired ones count until removed).
		#[pallet::constant]
		type MaxServices: Get<u32>;
		/// How long ahead a price raise of an inference service is announced.
		#[pallet::constant]
		type PriceNotice: Get<BlockNumberFor<Self>>;
		/// A retired service stays on chain this long (its receipts can be disputed) before it can be removed.
		#[pallet::constant]
		type ServiceRetention: Get<BlockNumberFor<Self>>;
		/// The least a new payment channel holds.
		#[pallet::constant]
		type MinChannelDeposit: Get<BalanceOf<Self>>;
		/// How long after a refund request the provider may still redeem vouchers, before the user can close the
		/// channel.
		#[pallet::constant]
		type RefundDelay: Get<BlockNumberFor<Self>>;
		/// Vouchers in one `redeem_batch`.
		#[pallet::constant]
		type MaxVouchers: Get<u32>;
		/// The longest prompt or completion a response dispute may carry.
		#[pallet::constant]
		type MaxEvidence: Get<u32>;

		type WeightInfo: WeightInfo;
	}

	/// Why the pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A provider's stake.
		ProviderStake,
		/// A user's ledger (free and escrowed).
		Ledger,
		/// A challenger's dispute bond.
		DisputeBond,
		/// A user's payment channel to an inference provider.
		Channel,
	}

	/// Job kinds.
	#[pallet::storage]
	pub type Kinds<T: Config> = StorageMap<_, Twox64Concat, KindId, JobKindOf<T>>;

	/// Providers.
	#[pallet::storage]
	pub type Providers<T: Config> = CountedStorageMap<_, Blake2_128Concat, T::AccountId, ProviderInfo<T>>;

	/// The provider of each peer id (one account per node).
	#[pallet::storage]
	pub type PeerIds<T: Config> =
		StorageMap<_, Blake2_128Concat, BoundedVec<u8, T::MaxPeerIdLen>, T::AccountId>;

	/// The offers of each kind, cheapest first: `(price per unit, provider)`.
	#[pallet::storage]
	pub type OffersByKind<T: Config> = StorageMap<
		_,
		Twox64Concat,
		KindId,
		BoundedVec<(BalanceOf<T>, T::AccountId), T::MaxProvidersPerKind>,
		ValueQuery,
	>;

	/// Users' ledgers.
	#[pallet::storage]
	pub type Ledgers<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, Ledger<BalanceOf<T>>>;

	/// Jobs, until pruned.
	#[pallet::storage]
	pub type Jobs<T: Config> = StorageMap<_, Twox64Concat, JobId, JobInfo<T>>;

	/// The running jobs (assigned or attested, not yet settled) of each provider: what its off-chain worker
	/// reads. At most the sum of its offers' capacities.
	#[pallet::storage]
	pub type ProviderJobs<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, JobId, (), OptionQuery>;

	/// The open disputes each provider is a juror of.
	#[pallet::storage]
	pub type JurorDuties<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, JobId, (), OptionQuery>;

	/// The next job's id.
	#[pallet::storage]
	pub type NextJobId<T: Config> = StorageValue<_, JobId, ValueQuery>;

	/// Inference services.
	#[pallet::storage]
	pub type Services<T: Config> = StorageMap<_, Twox64Concat, ServiceId, Service<T>>;

	/// How many services each provider has (at most `MaxServices`).
	#[pallet::storage]
	pub type ServiceCount<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

	/// The next service's id.
	#[pallet::storage]
	pub type NextServiceId<T: Config> = StorageValue<_, ServiceId, ValueQuery>;

	/// Payment channels, by user and provider.
	#[pallet::storage]
	pub type Channels<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Blake2_128Concat, T::AccountId, Channel<T>>;

	/// The next channel's id.
	#[pallet::storage]
	pub type NextChannelId<T: Config> = StorageValue<_, ChannelId, ValueQuery>;

	/// Jobs whose attested output file must be delivered before the provider is paid, with the block their next
	/// delivery check is queued for (a check queued for another block is stale and does nothing). At most one per
	/// running job; removed when the job settles or fails.
	#[pallet::storage]
	pub type AwaitingDelivery<T: Config> = StorageMap<_, Twox64Concat, JobId, BlockNumberFor<T>>;

	/// Tasks to run at a block.
	#[pallet::storage]
	pub type Due<T: Config> =
		StorageMap<_, Twox64Concat, BlockNumberFor<T>, BoundedVec<DueTask, T::MaxDuePerBlock>, ValueQuery>;

	/// Genesis: the job kinds a chain starts with.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// `(id, SCALE-encoded JobKind)`.
		pub kinds: Vec<(KindId, Vec<u8>)>,
		#[serde(skip)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			// Genesis only (never user input): a chain spec with an invalid kind must not build at all.
			for (id, kind) in &self.kinds {
				let kind = JobKindOf::<T>::decode(&mut &kind[..]).expect("genesis job kinds decode");
				Pallet::<T>::check_kind(&kind).expect("genesis job kinds are valid");
				Kinds::<T>::insert(id, kind);
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A job kind was set or removed.
		KindSet { kind: KindId, removed: bool },
		/// A provider registered.
		ProviderRegistered { provider: T::AccountId, stake: BalanceOf<T> },
		/// A provider added stake.
		StakeBonded { provider: T::AccountId, stake: BalanceOf<T> },
		/// An offer was made or changed.
		OfferSet { provider: T::AccountId, kind: KindId, price: BalanceOf<T>, capacity: u32 },
		/// An offer was withdrawn (by its provider, or because the provider's stake fell below the minimum).
		OfferRemoved { provider: T::AccountId, kind: KindId },
		/// A provider deregistered; its stake unbonds from `unbonding_at`.
		ProviderLeaving { provider: T::AccountId, unbonding_at: BlockNumberFor<T> },
		/// A provider's stake was released.
		ProviderRemoved { provider: T::AccountId, stake: BalanceOf<T> },
		/// Funds entered a ledger.
		Deposited { who: T::AccountId, amount: BalanceOf<T> },
		/// Funds left a ledger.
		Withdrawn { who: T::AccountId, amount: BalanceOf<T> },
		/// A job was submitted and assigned.
		JobAssigned {
			job: JobId,
			owner: T::AccountId,
			kind: KindId,
			provider: T::AccountId,
			price: BalanceOf<T>,
			deadline: BlockNumberFor<T>,
		},
		/// A proven result was verified; the provider was paid.
		JobProven { job: JobId, output: Vec<u8> },
		/// An attested result was recorded; disputes are open until `until`.
		JobAttested { job: JobId, output: Vec<u8>, until: BlockNumberFor<T> },
		/// A job was settled: `paid` to the provider, `refund` back to the owner's ledger.
		JobSettled { job: JobId, provider: T::AccountId, paid: BalanceOf<T>, refund: BalanceOf<T> },
		/// A job failed; its owner was refunded in full.
		JobFailed { job: JobId, reason: Failure },
		/// A job's output file was submitted to zg storage for its owner, `fee` paid from the job's escrow (zero:
		/// the chain already had it). The provider is paid once the file is delivered.
		OutputStored { job: JobId, root: H256, size: u64, fee: BalanceOf<T> },
		/// A job's output file could not be submitted to zg storage (for a reason not the provider's: too many
		/// unstored files of the owner, too few storage providers); the job settles as if it had no file.
		OutputNotStored { job: JobId, root: H256, error: DispatchError },
		/// An attested result was disputed and jurors were drawn.
		Disputed { job: JobId, challenger: T::AccountId, claim: H256, jurors: Vec<T::AccountId> },
		/// A juror voted.
		Voted { job: JobId, juror: T::AccountId, output_hash: H256 },
		/// A dispute was decided: `provider_right` tells who won (`None`: no majority, void).
		DisputeResolved { job: JobId, provider_right: Option<bool> },
		/// A provider listed an inference service.
		ServiceAdded { service: ServiceId, provider: T::AccountId, model: Vec<u8>, weights: H256, tokenizer: Tokenizer },
		/// A service's prices: they apply from block `from` (a cut at once, a raise after `PriceNotice`).
		ServicePrices { service: ServiceId, input_price: BalanceOf<T>, output_price: BalanceOf<T>, from: BlockNumberFor<T> },
		/// A service takes no more requests.
		ServiceRetired { service: ServiceId },
		/// A retired service was removed.
		ServiceRemoved { service: ServiceId },
		/// A user put `amount` into its channel to a provider (`deposit`: all it has put in).
		ChannelFunded {
			user: T::AccountId,
			provider: T::AccountId,
			channel: ChannelId,
			amount: BalanceOf<T>,
			deposit: BalanceOf<T>,
		},
		/// A voucher was redeemed: `paid` to the provider, `redeemed` in all.
		VoucherRedeemed {
			user: T::AccountId,
			provider: T::AccountId,
			channel: ChannelId,
			paid: BalanceOf<T>,
			redeemed: BalanceOf<T>,
			nonce: u64,
		},
		/// A voucher of a batch was refused (the others were redeemed).
		VoucherRefused { user: T::AccountId, provider: T::AccountId, error: DispatchError },
		/// A user asked for its channel's rest back: the provider may redeem until `refund_at`, then the user may close.
		RefundRequested { user: T::AccountId, provider: T::AccountId, channel: ChannelId, refund_at: BlockNumberFor<T> },
		/// A channel was closed and its rest released to the user.
		ChannelClosed { user: T::AccountId, provider: T::AccountId, channel: ChannelId, refunded: BalanceOf<T> },
		/// A provider-signed response receipt was shown wrong; the provider was slashed.
		ResponseDisputed {
			user: T::AccountId,
			provider: T::AccountId,
			channel: ChannelId,
			nonce: u64,
			reason: WrongResponse,
		},
		/// Stake was slashed: `to_beneficiary` of it went to `beneficiary`, the rest was burnt.
		Slashed {
			who: T::AccountId,
			amount: BalanceOf<T>,
			beneficiary: Option<T::AccountId>,
			to_beneficiary: BalanceOf<T>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No such job kind.
		UnknownKind,
		/// The kind's rules are inconsistent (bounds, mode without circuit, a key that does not decode or
		/// expects another number of public inputs).
		BadKind,
		/// The account is not a provider.
		NotProvider,
		/// The account is already a provider.
		AlreadyProvider,
		/// Below `MinProviderStake`.
		StakeTooLow,
		/// Another provider registered this peer id.
		PeerIdTaken,
		/// Empty or too long a peer id.
		BadPeerId,
		/// The provider has `MaxOffers` offers.
		TooManyOffers,
		/// The provider makes no offer for this kind.
		NoOffer,
		/// The kind has `MaxProvidersPerKind` offers; a cheaper offer than the dearest would be taken.
		KindFull,
		/// A zero price, a zero capacity or one above `MaxCapacity`.
		BadOffer,
		/// The provider is deregistering.
		Leaving,
		/// The provider has not deregistered.
		NotLeaving,
		/// The stake is still bonded (unbonding period, a dispute window, or jobs in flight).
		StillBonded,
		/// Not enough free funds in the ledger (or in the account, to deposit or bond).
		InsufficientFunds,
		/// The input does not fit the kind (size, inline vs stored).
		BadInput,
		/// The stored input is not a stored file of zg storage.
		UnknownStoredInput,
		/// The deadline is outside `MinDeadline..=MaxDeadline`.
		BadDeadline,
		/// No provider with free capacity offers the kind within `max_price`.
		NoProvider,
		/// The task queue is full for the next blocks; try another deadline or later.
		QueueFull,
		/// The kind's output is a stored file, and the provider's node (by peer id) is no storage provider that
		/// may encode it.
		NoStorageNode,
		/// No such job (or it was pruned).
		UnknownJob,
		/// Only the job's provider may do this.
		NotJobProvider,
		/// The job is not in a state that allows this.
		WrongStatus,
		/// The deadline has passed.
		TooLate,
		/// The output is too long (or, for a proven kind, not its exact length).
		BadOutput,
		/// The kind is not settled this way.
		WrongMode,
		/// The kind has no circuit to prove with.
		NoCircuit,
		/// The proof does not prove the statement.
		InvalidProof,
		/// The proof, key or inputs do not decode.
		MalformedProof,
		/// A signature does not verify: an attestation or response receipt not by the provider's attestation key,
		/// or a voucher not by the channel's key.
		BadSignature,
		/// The challenge window has closed.
		WindowClosed,
		/// The claimed output is the attested one.
		NotADispute,
		/// Fewer providers offer the kind than a re-execution needs.
		NotEnoughJurors,
		/// The account is not a juror of this dispute.
		NotJuror,
		/// The juror has voted.
		AlreadyVoted,
		/// An empty batch or more than `MaxBatch`; or one that mixes kinds or repeats a job.
		BadBatch,
		/// The arithmetic overflowed.
		Overflow,
		/// The provider has `MaxServices` services.
		TooManyServices,
		/// No such inference service.
		UnknownService,
		/// The service is another provider's.
		NotServiceProvider,
		/// An empty model name or endpoint.
		BadService,
		/// The service is retired.
		ServiceRetired,
		/// The service was retired less than `ServiceRetention` ago.
		RetentionRunning,
		/// A channel to oneself.
		BadChannel,
		/// No channel between this user and provider.
		NoChannel,
		/// Below `MinChannelDeposit` for a new channel, or a zero amount.
		DepositTooLow,
		/// The channel has another key (close it to change keys).
		WrongChannelKey,
		/// The voucher's nonce is not above the last redeemed one's, or its amount is below what was redeemed.
		StaleVoucher,
		/// The voucher's amount is more than the channel holds.
		VoucherOverDeposit,
		/// The refund delay has passed: the channel is the user's to close.
		RefundDue,
		/// A refund is already requested.
		RefundPending,
		/// No refund was requested.
		NoRefund,
		/// The refund delay has not passed.
		RefundNotDue,
		/// The receipt is not of this channel.
		BadReceipt,
		/// A receipt of this or a later nonce was already disputed.
		AlreadyDisputed,
		/// The prompt or completion is not the one the receipt hashes.
		EvidenceMismatch,
		/// Nothing in the receipt is provably wrong.
		ResponseNotWrong,
		/// An empty batch of vouchers.
		EmptyBatch,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			Self::run_due(now)
		}

		fn offchain_worker(now: BlockNumberFor<T>) {
			Self::run_worker(now)
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}

		fn integrity_test() {
			assert!(T::Jurors::get() >= 1 && T::Jurors::get() % 2 == 1, "an odd number of jurors");
			assert!(T::MaxBatch::get() as usize <= zg_primitives::compute::MAX_BATCH);
			assert!(
				T::ResultRetention::get() > T::ChallengeWindow::get() + T::VoteWindow::get() + 16u32.into(),
				"results outlive their disputes"
			);
			assert!(T::MaxVouchers::get() >= 1, "a batch holds a voucher");
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Registers the caller as a provider with `stake` held, its node's `peer_id` and the ed25519
		/// `attestation_key` that signs its results.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_provider())]
		pub fn register_provider(
			origin: OriginFor<T>,
			stake: BalanceOf<T>,
			peer_id: BoundedVec<u8, T::MaxPeerIdLen>,
			attestation_key: [u8; 32],
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(!Providers::<T>::contains_key(&who), Error::<T>::AlreadyProvider);
			ensure!(stake >= T::MinProviderStake::get(), Error::<T>::StakeTooLow);
			ensure!(!peer_id.is_empty(), Error::<T>::BadPeerId);
			ensure!(!PeerIds::<T>::contains_key(&peer_id), Error::<T>::PeerIdTaken);
			T::Currency::hold(&HoldReason::ProviderStake.into(), &who, stake)
				.map_err(|_| Error::<T>::InsufficientFunds)?;
			PeerIds::<T>::insert(&peer_id, &who);
			Providers::<T>::insert(
				&who,
				ProviderInfo {
					stake,
					peer_id,
					attestation_key,
					offers: BoundedVec::new(),
					unbonding_at: None,
					liable_until: Zero::zero(),
					duties: 0,
				},
			);
			Self::deposit_event(Event::ProviderRegistered { provider: who, stake });
			Ok(())
		}

		/// Adds `amount` to the caller's stake (to get back above the minimum after a slash, for instance).
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::bond_more())]
		pub fn bond_more(origin: OriginFor<T>, amount: BalanceOf<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Providers::<T>::try_mutate(&who, |p| -> DispatchResult {
				let p = p.as_mut().ok_or(Error::<T>::NotProvider)?;
				ensure!(p.unbonding_at.is_none(), Error::<T>::Leaving);
				T::Currency::hold(&HoldReason::ProviderStake.into(), &who, amount)
					.map_err(|_| Error::<T>::InsufficientFunds)?;
				p.stake = p.stake.saturating_add(amount);
				Self::deposit_event(Event::StakeBonded { provider: who.clone(), stake: p.stake });
				Ok(())
			})
		}

		/// Makes or changes the caller's offer for `kind`: its hardware, price per unit and capacity. A price
		/// change applies to jobs submitted from now on.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_offer())]
		pub fn set_offer(
			origin: OriginFor<T>,
			kind: KindId,
			hardware: Hardware,
			price: BalanceOf<T>,
			capacity: u32,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(Kinds::<T>::contains_key(kind), Error::<T>::UnknownKind);
			ensure!(!price.is_zero() && capacity > 0 && capacity <= T::MaxCapacity::get(), Error::<T>::BadOffer);
			let mut provider = Providers::<T>::get(&who).ok_or(Error::<T>::NotProvider)?;
			ensure!(provider.unbonding_at.is_none(), Error::<T>::Leaving);
			ensure!(provider.stake >= T::MinProviderStake::get(), Error::<T>::StakeTooLow);
			match provider.offers.iter_mut().find(|o| o.kind == kind) {
				Some(offer) => {
					offer.hardware = hardware;
					offer.price = price;
					offer.capacity = capacity;
				},
				None => provider
					.offers
					.try_push(Offer { kind, hardware, price, capacity, in_flight: 0 })
					.map_err(|_| Error::<T>::TooManyOffers)?,
			}
			Self::index_offer(kind, &who, price)?;
			Providers::<T>::insert(&who, provider);
			Self::deposit_event(Event::OfferSet { provider: who, kind, price, capacity });
			Ok(())
		}

		/// Withdraws the caller's offer for `kind`; jobs already assigned still have to be delivered.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::remove_offer())]
		pub fn remove_offer(origin: OriginFor<T>, kind: KindId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let provider = Providers::<T>::get(&who).ok_or(Error::<T>::NotProvider)?;
			ensure!(provider.offers.iter().any(|o| o.kind == kind), Error::<T>::NoOffer);
			Self::unindex_offer(kind, &who);
			Providers::<T>::mutate(&who, |p| {
				if let Some(p) = p {
					// Keep the entry while jobs of the kind are in flight (their capacity is counted there).
					p.offers.retain(|o| o.kind != kind || o.in_flight > 0);
					if let Some(o) = p.offers.iter_mut().find(|o| o.kind == kind) {
						o.capacity = 0;
					}
				}
			});
			Self::deposit_event(Event::OfferRemoved { provider: who, kind });
			Ok(())
		}

		/// Stops taking jobs and starts unbonding: the stake can be withdrawn after `UnbondingPeriod`, once
		/// nothing is in flight and every dispute window of the provider's results has closed.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::deregister())]
		pub fn deregister(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut provider = Providers::<T>::get(&who).ok_or(Error::<T>::NotProvider)?;
			ensure!(provider.unbonding_at.is_none(), Error::<T>::Leaving);
			for offer in provider.offers.iter_mut() {
				Self::unindex_offer(offer.kind, &who);
				offer.capacity = 0;
			}
			provider.offers.retain(|o| o.in_flight > 0);
			let at = frame_system::Pallet::<T>::block_number().saturating_add(T::UnbondingPeriod::get());
			provider.unbonding_at = Some(at);
			Providers::<T>::insert(&who, provider);
			Self::deposit_event(Event::ProviderLeaving { provider: who, unbonding_at: at });
			Ok(())
		}

		/// Releases a deregistered provider's stake and forgets it.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::withdraw_stake())]
		pub fn withdraw_stake(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let provider = Providers::<T>::get(&who).ok_or(Error::<T>::NotProvider)?;
			let at = provider.unbonding_at.ok_or(Error::<T>::NotLeaving)?;
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(now >= at && now > provider.liable_until && provider.duties == 0, Error::<T>::StillBonded);
			let held = T::Currency::balance_on_hold(&HoldReason::ProviderStake.into(), &who);
			T::Currency::release(&HoldReason::ProviderStake.into(), &who, held, Precision::BestEffort)?;
			PeerIds::<T>::remove(&provider.peer_id);
			Providers::<T>::remove(&who);
			Self::deposit_event(Event::ProviderRemoved { provider: who, stake: held });
			Ok(())
		}

		/// Moves `amount` from the caller's free balance into its ledger.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::deposit())]
		pub fn deposit(origin: OriginFor<T>, amount: BalanceOf<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(!amount.is_zero(), Error::<T>::InsufficientFunds);
			T::Currency::hold(&HoldReason::Ledger.into(), &who, amount).map_err(|_| Error::<T>::InsufficientFunds)?;
			Ledgers::<T>::mutate(&who, |l| {
				let l = l.get_or_insert_with(Default::default);
				l.free = l.free.saturating_add(amount);
			});
			Self::deposit_event(Event::Deposited { who, amount });
			Ok(())
		}

		/// Moves `amount` of the ledger's free funds back to the caller's free balance, at once.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::withdraw())]
		pub fn withdraw(origin: OriginFor<T>, amount: BalanceOf<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut ledger = Ledgers::<T>::get(&who).ok_or(Error::<T>::InsufficientFunds)?;
			ensure!(!amount.is_zero() && amount <= ledger.free, Error::<T>::InsufficientFunds);
			T::Currency::release(&HoldReason::Ledger.into(), &who, amount, Precision::Exact)?;
			ledger.free -= amount;
			if ledger.free.is_zero() && ledger.locked.is_zero() {
				Ledgers::<T>::remove(&who);
			} else {
				Ledgers::<T>::insert(&who, ledger);
			}
			Self::deposit_event(Event::Withdrawn { who, amount });
			Ok(())
		}

		/// Submits a job of `kind` on `input`, paying at most `max_price` (locked from the ledger until
		/// settlement), with a result due within `deadline` blocks. The chain assigns it at once to the cheapest
		/// offer with free capacity (equal prices drawn at random).
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::submit_job(T::MaxProvidersPerKind::get()))]
		pub fn submit_job(
			origin: OriginFor<T>,
			kind: KindId,
			input: JobInput<T::MaxInlineInput>,
			max_price: BalanceOf<T>,
			deadline: BlockNumberFor<T>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let scanned = Self::do_submit_job(who, kind, input, max_price, deadline)?;
			Ok(Some(T::WeightInfo::submit_job(scanned)).into())
		}

		/// Delivers the result of a proven job with its proof; the provider is paid at once.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::submit_proof())]
		pub fn submit_proof(
			origin: OriginFor<T>,
			job: JobId,
			output: BoundedVec<u8, T::MaxOutput>,
			proof: BoundedVec<u8, T::MaxProofLen>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_submit_proofs(who, alloc::vec![(job, output, proof)])
		}

		/// Delivers the results of many proven jobs of one kind, verified together (n + 3 pairings).
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::submit_proofs(results.len() as u32))]
		pub fn submit_proofs(
			origin: OriginFor<T>,
			results: BoundedVec<
				(JobId, BoundedVec<u8, T::MaxOutput>, BoundedVec<u8, T::MaxProofLen>),
				T::MaxBatch,
			>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_submit_proofs(who, results.into_inner())
		}

		/// Delivers the result of an attested job: the output signed by the provider's attestation key over
		/// `zg_primitives::compute::attestation_message`. Paid when the challenge window closes undisputed.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::submit_attestation().saturating_add(T::StoredFiles::store_weight()))]
		pub fn submit_attestation(
			origin: OriginFor<T>,
			job: JobId,
			output: BoundedVec<u8, T::MaxOutput>,
			signature: [u8; 64],
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_attest(who, job, output, signature)
		}

		/// Disputes an attested result within its challenge window, holding `DisputeBond`: with a proof of the
		/// right output (decided at once), or by calling for re-execution by drawn providers.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::dispute_proof().max(T::WeightInfo::dispute_reexecute(T::MaxProvidersPerKind::get())))]
		pub fn dispute(origin: OriginFor<T>, job: JobId, evidence: Evidence) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_dispute(who, job, evidence)
		}

		/// A juror's vote in a re-execution dispute: the blake2-256 hash of the output it computed. The last vote
		/// counts them (and, when the result stands and is a file, checks its delivery: charged as a timeout).
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::vote().saturating_add(T::WeightInfo::on_initialize(1)))]
		pub fn vote(origin: OriginFor<T>, job: JobId, output_hash: H256) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_vote(who, job, output_hash)
		}

		/// Sets (or with `None` removes) a job kind: its input and output rules, settlement mode and circuit.
		/// Jobs already submitted keep the rules they were submitted under only as far as their kind still
		/// exists; removing a kind lets its running jobs time out (refunded, without penalty).
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::set_kind())]
		pub fn set_kind(origin: OriginFor<T>, id: KindId, kind: Option<JobKindOf<T>>) -> DispatchResult {
			T::KindOrigin::ensure_origin(origin)?;
			match kind {
				Some(kind) => {
					Self::check_kind(&kind)?;
					Kinds::<T>::insert(id, kind);
				},
				None => Kinds::<T>::remove(id),
			}
			Self::deposit_event(Event::KindSet { kind: id, removed: !Kinds::<T>::contains_key(id) });
			Ok(())
		}

		/// Lists an inference service of the calling provider: the `model` name clients ask for, the hash of its
		/// `weights`, how its tokens are counted, the price of a prompt token and of a completion token, and the
		/// gateway's `endpoint`. Its id is the next `NextServiceId`. Model, weights and tokenizer are fixed for the
		/// service's life; list another service to change them.
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::add_service())]
		pub fn add_service(
			origin: OriginFor<T>,
			model: BoundedVec<u8, ConstU32<64>>,
			weights: H256,
			tokenizer: Tokenizer,
			input_price: BalanceOf<T>,
			output_price: BalanceOf<T>,
			endpoint: BoundedVec<u8, ConstU32<256>>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_add_service(who, model, weights, tokenizer, input_price, output_price, endpoint)
		}

		/// Sets a service's prices and endpoint. A lower price applies at once; a higher one from `PriceNotice`
		/// blocks later (event `ServicePrices.from`), so users are never charged a price they could not see.
		#[pallet::call_index(16)]
		#[pallet::weight(T::WeightInfo::update_service())]
		pub fn update_service(
			origin: OriginFor<T>,
			service: ServiceId,
			input_price: BalanceOf<T>,
			output_price: BalanceOf<T>,
			endpoint: BoundedVec<u8, ConstU32<256>>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_update_service(who, service, input_price, output_price, endpoint)
		}

		/// Retires a service (no new requests); called again `ServiceRetention` later, removes it.
		#[pallet::call_index(17)]
		#[pallet::weight(T::WeightInfo::retire_service())]
		pub fn retire_service(origin: OriginFor<T>, service: ServiceId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_retire_service(who, service)
		}

		/// Puts `amount` into the caller's payment channel to `provider` (held in the caller's account), opening it
		/// with the ed25519 `key` that will sign its vouchers (at least `MinChannelDeposit`), or adding to it (the
		/// same key). Funding a channel withdraws a pending refund request.
		#[pallet::call_index(18)]
		#[pallet::weight(T::WeightInfo::fund_channel())]
		pub fn fund_channel(
			origin: OriginFor<T>,
			provider: T::AccountId,
			amount: BalanceOf<T>,
			key: [u8; 32],
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_fund_channel(who, provider, amount, key)
		}

		/// A provider redeems the latest voucher of `user`'s channel: it is paid the voucher's cumulative amount
		/// minus what it redeemed before. One signature check, however many requests the voucher covers.
		#[pallet::call_index(19)]
		#[pallet::weight(T::WeightInfo::redeem())]
		pub fn redeem(origin: OriginFor<T>, user: T::AccountId, voucher: Voucher<BalanceOf<T>>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_redeem(&who, &user, &voucher).map(|_| ())
		}

		/// Redeems the vouchers of many channels in one extrinsic. A voucher that is refused (event
		/// `VoucherRefused`, with the error) leaves the others redeemed.
		#[pallet::call_index(20)]
		#[pallet::weight(T::WeightInfo::redeem_batch(vouchers.len() as u32))]
		pub fn redeem_batch(
			origin: OriginFor<T>,
			vouchers: BoundedVec<(T::AccountId, Voucher<BalanceOf<T>>), T::MaxVouchers>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(!vouchers.is_empty(), Error::<T>::EmptyBatch);
			for (user, voucher) in vouchers {
				let result = frame_support::storage::with_storage_layer(|| Self::do_redeem(&who, &user, &voucher));
				if let Err(error) = result {
					Self::deposit_event(Event::VoucherRefused { user, provider: who.clone(), error });
				}
			}
			Ok(())
		}

		/// Asks for the rest of the caller's channel to `provider` back. The provider may redeem vouchers for
		/// `RefundDelay` more blocks; then `close_channel` releases what is left.
		#[pallet::call_index(21)]
		#[pallet::weight(T::WeightInfo::request_refund())]
		pub fn request_refund(origin: OriginFor<T>, provider: T::AccountId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_request_refund(who, provider)
		}

		/// Closes the caller's channel to `provider` once its refund delay has passed, releasing what vouchers did
		/// not pay out. Its vouchers and receipts mean nothing afterwards (a new channel has a new id).
		#[pallet::call_index(22)]
		#[pallet::weight(T::WeightInfo::close_channel())]
		pub fn close_channel(origin: OriginFor<T>, provider: T::AccountId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_close_channel(who, provider)
		}

		/// Shows that a response receipt `provider` signed (with its attestation key) for the caller's open channel
		/// is wrong: it names another provider's service or a model other than its service's, or (for services
		/// whose tokens the chain can count) its token counts are not those of the `prompt` and `completion` it
		/// hashes. The provider loses `FalseResultSlash` of its stake, `ChallengerShare` of that to the caller.
		/// One dispute per receipt nonce, in increasing order.
		#[pallet::call_index(23)]
		#[pallet::weight(T::WeightInfo::dispute_response(prompt.len() as u32 + completion.len() as u32))]
		pub fn dispute_response(
			origin: OriginFor<T>,
			provider: T::AccountId,
			receipt: ResponseReceipt,
			signature: [u8; 64],
			prompt: BoundedVec<u8, T::MaxEvidence>,
			completion: BoundedVec<u8, T::MaxEvidence>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_dispute_response(who, provider, receipt, signature, &prompt, &completion)
		}
	}
}
