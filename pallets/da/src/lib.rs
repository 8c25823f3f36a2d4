//! # Data availability (`pallet-zg-da`)
//!
//! A rollup or app posts a blob; a committee drawn by stake takes custody of its coded cells and attests; once
//! signers holding at least two thirds of the committee's slots have attested, the chain records a
//! **certificate**; signers that attest without storing lose stake in custody challenges.
//!
//! ## Mechanism
//! - **Format** (`zg_primitives::da`): a blob is cut into rows, each an EIP-4844 blob extended to 128 EIP-7594
//!   cells of 2 KiB with KZG proofs against the row's 48-byte commitment (Ethereum's trusted setup); any 64 cells
//!   of a row rebuild it. Cell `c` of every row forms column `c`. The blob also has the 256-byte-sector keccak
//!   root of its data (zg storage's file root), so it can be handed to the storage network unchanged.
//! - **Signers** register with a stake held in their own account (`HoldReason::SignerStake`, at least
//!   `MinSignerStake`) and their node's peer id. Why not the validators: the committee can then be larger than
//!   the validator set, anyone with stake and bandwidth can serve, and a DA fault slashes DA stake without
//!   touching consensus. `deregister` stops new committee seats at once; the stake stays slashable until every
//!   blob the signer attested has expired (`liable_until`) and at least `UnbondingPeriod`.
//! - **Committees.** Time is cut into epochs of `EpochLength` blocks. At an epoch's first block the hook draws
//!   its committee: `Slots` slots, each filled by a signer picked with probability proportional to stake from
//!   the chain's randomness (`zg_primitives::da::draw_committee`, reproducible by anyone). Slot `s` holds the
//!   columns `c` with `c % Slots == s`. Committees are kept while blobs of their epoch live; runtime API
//!   `DaApi::committee`.
//! - **Fees** follow demand as EIP-1559's base fee does: a blob pays `base fee × padded bytes` (its rows ×
//!   126,976: a signer stores whole rows whatever the size); each block may take at most `BlockByteBudget`
//!   padded bytes, and the base fee moves by up to 1/8 per block toward keeping blocks half full, never below
//!   `MinBaseFee`. The fee is held on the submitter until it is settled.
//! - **Certificates.** `submit_blob` records the blob's size, data root and row commitments for the current
//!   epoch's committee. Signers' nodes fetch their columns from the disperser, check every cell's proof, store
//!   them and `attest` (one transaction per signer and block covering many blobs). When attested slots reach two
//!   thirds (`3·attested ≥ 2·Slots`) the blob is certified. Attestations count until the deadline
//!   (`AttestWindow` blocks); then the unattested slots' share of the fee goes back to the submitter, or, without
//!   a certificate, the blob is marked unavailable and the fee refunded minus `FailedBlobCost` (burnt: it paid
//!   for the committee's work, and makes spamming unavailable blobs cost).
//!   Why per-signer attestations rather than a BLS aggregate: a committee has at most `Slots` (128) distinct
//!   signers, each attesting many blobs per transaction, so a blob's certificate costs at most 128 bitmap
//!   updates; an aggregate needs an aggregator the whole committee depends on, proofs of possession against
//!   rogue keys, and two pairings per blob. The figures are in the README.
//! - **Custody challenges.** Each block the hook challenges up to `ChallengesPerBlock` signers in turn (each at
//!   most once per `ChallengePeriod`): a random cell of a random certified blob among the slots the signer
//!   attested, picked with the parent block's randomness. The signer answers with the cell and its KZG proof
//!   (`answer_challenge`), verified natively through the `zg_da` host function against the row's commitment;
//!   a wrong cell is refused. A challenge unanswered after `ResponseWindow` slashes `ChallengeSlash` of the
//!   signer's stake (burnt) and makes it forfeit its share of every blob certified before the miss that pays
//!   out after it: **signing without storing does not pay**. No blob that expires before the answer is due is
//!   challenged, and a challenge whose blob is gone by its deadline is void (`ChallengeVoided`).
//! - **Proof of custody keyed to the signer** (`zg_primitives::da::custody`). A challenge asks for a public cell,
//!   which a signer that never stored could fetch from another signer when challenged. So each signer commits
//!   once to a hash chain of per-epoch secrets (`commit_custody`, its node's worker does it), and every `attest`
//!   carries, per blob, the Merkle root of one leaf per cell it holds, each leaf hashing the cell with the
//!   epoch's secret. An epoch's secret may be revealed only once every attestation of the epoch has closed
//!   (`reveal_at`), and only from then on are the epoch's blobs challenged: the answer adds the secret and the
//!   cell's Merkle path, checked against the committed root. A signer that attested without the cells committed
//!   to leaves it could not compute and misses every challenge, wherever it fetches the cell from. Handing the
//!   secret to someone who has the cells is a leak: anyone who learns a secret before its reveal reports it
//!   (`report_leak`) and the signer loses `LeakSlash` of its stake, half of it to the reporter.
//! - **Expiry.** `Retention` blocks after its deadline a blob expires: each attesting signer is paid its slots'
//!   share (unless forfeited: burnt), and the blob is pruned. Before that, anyone may hand a certified blob to
//!   zg storage for longer retention (`keep`), paying the storage fee; the data root is the file's root.
//! - **Bounded work.** Deadlines, expiries and challenge deadlines are queued per block (`Due`, at most
//!   `MaxDuePerBlock`; a task that finds its block full goes to one of the next few, and a submission that finds
//!   them all full is refused); the committee draw reads at most `MaxSigners` signers once per epoch; the
//!   challenge round looks at `ChallengesPerBlock` signers and a few blobs each.
//! - **Joining a running chain**: [`migrations::Initialize`] sets the base fee on the upgrade that adds the pallet.
//!   Custody roots need no migration: a blob attested before they existed has no root for its signers, and a
//!   challenge on it is answered by the cell alone.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod blobs;
mod committee;
mod custody;
pub mod migrations;
mod types;
pub mod weights;
pub mod worker;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod worker_tests;

pub use types::*;
pub use weights::WeightInfo;
pub use zg_primitives::da::custody::Anchor as CustodyAnchor;

use alloc::vec::Vec;
use codec::{Decode, Encode, MaxEncodedLen};
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::{self, Inspect, InspectHold, MutateHold},
		tokens::{Fortitude, Precision, Restriction},
		Randomness as RandomnessT,
	},
	BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use frame_system::pallet_prelude::*;
use scale_info::TypeInfo;
use sp_core::H256;
use sp_runtime::{
	traits::{Saturating, Zero},
	Perbill,
};
use zg_primitives::{
	da::{BlobId, CellIndex, Commitment, EpochIndex, Namespace, Proof},
	storage::StoredFiles,
};

/// Log target.
pub const LOG_TARGET: &str = "runtime::zg-da";

/// A balance of the pallet's currency.
pub type BalanceOf<T> = <<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// Checks a cell and its KZG proof against a row commitment.
pub trait CellVerifier {
	/// Whether `cell` (2 KiB) is column `column` of the row committed to by `commitment`, with `proof`.
	fn verify(commitment: &Commitment, column: u8, cell: &[u8], proof: &Proof) -> bool;
}

/// The runtime's verifier: c-kzg natively, through the `zg_da` host function.
pub struct HostCells;
impl CellVerifier for HostCells {
	fn verify(commitment: &Commitment, column: u8, cell: &[u8], proof: &Proof) -> bool {
		zg_primitives::da::host::zg_da::verify_cells(
			alloc::vec![*commitment],
			&[column],
			cell,
			alloc::vec![*proof],
		)
		.is_ok()
	}
}

const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

/// The next blocks a queued task may go to when its own block's queue is full.
pub(crate) const SPILL: u32 = 8;

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
		/// The keys signers' off-chain workers sign with (`worker::crypto::SignerAuthId` in a runtime: key type
		/// `zgda`).
		type AuthorityId: frame_system::offchain::AppCrypto<Self::Public, Self::Signature>;

		/// The token fees are paid and stakes held in.
		type Currency: fungible::Inspect<Self::AccountId>
			+ fungible::Mutate<Self::AccountId>
			+ fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;
		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;
		/// Draws committees (known an epoch ahead is fine: signers need time to prepare).
		type CommitteeRandomness: RandomnessT<Self::Hash, BlockNumberFor<Self>>;
		/// Picks challenged cells (the parent block's randomness: unknown until then).
		type ChallengeRandomness: RandomnessT<Option<Self::Hash>, BlockNumberFor<Self>>;
		/// Checks answers to custody challenges (the runtime: [`HostCells`]).
		type CellVerifier: CellVerifier;
		/// zg storage, for keeping certified blobs beyond their retention.
		type StoredFiles: StoredFiles<Self::AccountId, BalanceOf<Self>>;

		/// The least stake a signer holds to be drawn.
		#[pallet::constant]
		type MinSignerStake: Get<BalanceOf<Self>>;
		/// Blocks between deregistering and withdrawing the stake (at least; also until its blobs expire).
		#[pallet::constant]
		type UnbondingPeriod: Get<BlockNumberFor<Self>>;
		/// Blocks per epoch (one committee each).
		#[pallet::constant]
		type EpochLength: Get<BlockNumberFor<Self>>;
		/// Slots per committee, at most 128: slot `s` holds the columns `c` with `c % Slots == s`, and any
		/// quorum of slots must hold at least 64 columns (checked by `integrity_test`; 3, 64 and 128 do).
		#[pallet::constant]
		type Slots: Get<u32>;
		/// Registered signers at most (the committee draw reads them all).
		#[pallet::constant]
		type MaxSigners: Get<u32>;
		/// The largest blob in bytes (at most the format's 32 MiB).
		#[pallet::constant]
		type MaxBlobSize: Get<u64>;
		/// `rows_for(MaxBlobSize)`: the most row commitments of a blob.
		#[pallet::constant]
		type MaxRows: Get<u32>;
		/// Padded bytes a block may take; the base fee aims at half of it.
		#[pallet::constant]
		type BlockByteBudget: Get<u64>;
		/// The lowest base fee per padded byte.
		#[pallet::constant]
		type MinBaseFee: Get<BalanceOf<Self>>;
		/// Blocks after submission in which attestations count.
		#[pallet::constant]
		type AttestWindow: Get<BlockNumberFor<Self>>;
		/// Blocks a blob is kept (and its signers challenged) after its deadline.
		#[pallet::constant]
		type Retention: Get<BlockNumberFor<Self>>;
		/// The part of an unavailable blob's fee that is burnt.
		#[pallet::constant]
		type FailedBlobCost: Get<Perbill>;
		/// A signer is challenged at most once per this many blocks.
		#[pallet::constant]
		type ChallengePeriod: Get<BlockNumberFor<Self>>;
		/// Blocks a signer has to answer a challenge.
		#[pallet::constant]
		type ResponseWindow: Get<BlockNumberFor<Self>>;
		/// The part of its stake a signer loses for a missed challenge.
		#[pallet::constant]
		type ChallengeSlash: Get<Perbill>;
		/// The part of its stake a signer loses when one of its custody secrets is reported before its reveal
		/// (half goes to the reporter, half is burnt).
		#[pallet::constant]
		type LeakSlash: Get<Perbill>;
		/// Signers the hook looks at per block for challenges.
		#[pallet::constant]
		type ChallengesPerBlock: Get<u32>;
		/// Blobs in one `attest`.
		#[pallet::constant]
		type MaxAttestBatch: Get<u32>;
		/// Queued tasks per block.
		#[pallet::constant]
		type MaxDuePerBlock: Get<u32>;
		/// The longest peer id.
		#[pallet::constant]
		type MaxPeerIdLen: Get<u32>;
		/// Weights.
		type WeightInfo: WeightInfo;
	}

	/// Why the pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A signer's stake.
		SignerStake,
		/// A blob's fee, until it is paid out or refunded.
		BlobFee,
	}

	/// Signers.
	#[pallet::storage]
	pub type Signers<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, SignerInfo<T>>;

	/// Every signer (leaving ones too, until they withdraw), in registration order: what the committee draw and
	/// the challenge round go through.
	#[pallet::storage]
	pub type SignerList<T: Config> = StorageValue<_, BoundedVec<T::AccountId, T::MaxSigners>, ValueQuery>;

	/// The signer of each peer id.
	#[pallet::storage]
	pub type PeerIds<T: Config> =
		StorageMap<_, Blake2_128Concat, BoundedVec<u8, T::MaxPeerIdLen>, T::AccountId>;

	/// The committee of each kept epoch: slot `s` is held by entry `s`.
	#[pallet::storage]
	pub type Committees<T: Config> =
		StorageMap<_, Twox64Concat, EpochIndex, BoundedVec<T::AccountId, T::Slots>>;

	/// Blobs, until they expire.
	#[pallet::storage]
	pub type Blobs<T: Config> = StorageMap<_, Twox64Concat, BlobId, BlobInfo<T>>;

	/// The row commitments of each blob (until it expires, or is found unavailable).
	#[pallet::storage]
	pub type Commitments<T: Config> = StorageMap<_, Twox64Concat, BlobId, BoundedVec<Commitment, T::MaxRows>>;

	/// The next blob's id.
	#[pallet::storage]
	pub type NextBlobId<T: Config> = StorageValue<_, BlobId, ValueQuery>;

	/// The oldest blob id that may still be live (challenges draw from here to `NextBlobId`).
	#[pallet::storage]
	pub type OldestBlob<T: Config> = StorageValue<_, BlobId, ValueQuery>;

	/// The base fee per padded byte (zero until set: read through [`Pallet::base_fee`]).
	#[pallet::storage]
	pub type BaseFee<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	/// Padded bytes submitted in this block.
	#[pallet::storage]
	pub type BlockBytes<T: Config> = StorageValue<_, u64, ValueQuery>;

	/// Open custody challenges, one per signer at most.
	#[pallet::storage]
	pub type Challenges<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, Challenge<BlockNumberFor<T>>>;

	/// What the chain knows of each signer's custody secrets (committed once by its node's worker).
	#[pallet::storage]
	pub type CustodyAnchors<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, CustodyAnchor>;

	/// The custody root of each signer that attested a live blob (one entry per blob, so that its expiry removes
	/// them all in one write).
	#[pallet::storage]
	pub type CustodyRoots<T: Config> =
		StorageMap<_, Twox64Concat, BlobId, BoundedVec<(T::AccountId, H256), T::Slots>, ValueQuery>;

	/// Where the challenge round resumes in `SignerList`.
	#[pallet::storage]
	pub type ChallengeCursor<T: Config> = StorageValue<_, u32, ValueQuery>;

	/// Tasks to run at a block.
	#[pallet::storage]
	pub type Due<T: Config> = StorageMap<
		_,
		Twox64Concat,
		BlockNumberFor<T>,
		BoundedVec<DueTask<T::AccountId>, T::MaxDuePerBlock>,
		ValueQuery,
	>;

	/// Genesis: signers a chain starts with (dev and local chains).
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// `(account, stake, peer id)`; the stake is held from the account's genesis balance.
		pub signers: Vec<(T::AccountId, BalanceOf<T>, Vec<u8>)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			BaseFee::<T>::put(T::MinBaseFee::get());
			// Genesis only (never user input): a chain spec with an invalid signer must not build at all.
			for (who, stake, peer_id) in &self.signers {
				let peer_id = peer_id.clone().try_into().expect("genesis peer ids fit MaxPeerIdLen");
				Pallet::<T>::do_register(who.clone(), *stake, peer_id).expect("genesis signers register");
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A signer registered.
		SignerRegistered { signer: T::AccountId, stake: BalanceOf<T> },
		/// A signer added stake.
		StakeBonded { signer: T::AccountId, stake: BalanceOf<T> },
		/// A signer deregistered: no more committee seats; the stake unbonds from `unbonding_at` (and once its
		/// blobs have expired).
		SignerLeaving { signer: T::AccountId, unbonding_at: BlockNumberFor<T> },
		/// A signer's stake was released.
		SignerRemoved { signer: T::AccountId, stake: BalanceOf<T> },
		/// An epoch's committee was drawn: `signers` distinct signers hold its slots.
		CommitteeDrawn { epoch: EpochIndex, signers: u32 },
		/// A blob was submitted.
		BlobSubmitted {
			blob: BlobId,
			submitter: T::AccountId,
			namespace: Namespace,
			size: u64,
			data_root: H256,
			fee: BalanceOf<T>,
			epoch: EpochIndex,
			deadline: BlockNumberFor<T>,
		},
		/// A signer attested a blob for its `slots` slots.
		Attested { blob: BlobId, signer: T::AccountId, slots: u32 },
		/// A blob reached its certificate: `attested` of the committee's slots attested.
		BlobCertified { blob: BlobId, attested: u32 },
		/// A blob's deadline passed without a certificate: `refund` of its fee went back to the submitter, the
		/// rest was burnt.
		BlobUnavailable { blob: BlobId, refund: BalanceOf<T> },
		/// A certified blob's deadline passed: `refund` (the unattested slots' share) went back to the submitter.
		BlobSettled { blob: BlobId, attested: u32, refund: BalanceOf<T> },
		/// A blob expired and was pruned: `paid` to its signers, `forfeited` (by signers that missed a challenge)
		/// burnt.
		BlobExpired { blob: BlobId, paid: BalanceOf<T>, forfeited: BalanceOf<T> },
		/// A certified blob was handed to zg storage for `owner` (`stored` false: storage already had the file).
		BlobKept { blob: BlobId, owner: T::AccountId, data_root: H256, periods: u32, stored: bool },
		/// A custody challenge: `signer` must answer with `cell` of `blob` before `deadline`.
		ChallengeIssued { signer: T::AccountId, blob: BlobId, cell: CellIndex, deadline: BlockNumberFor<T> },
		/// A custody challenge was answered with a valid cell.
		ChallengeAnswered { signer: T::AccountId, blob: BlobId },
		/// A custody challenge was missed: `slashed` of the signer's stake was burnt.
		ChallengeMissed { signer: T::AccountId, blob: BlobId, slashed: BalanceOf<T> },
		/// A custody challenge's blob expired before the challenge was answered: nothing to prove, no slash.
		ChallengeVoided { signer: T::AccountId, blob: BlobId },
		/// A signer committed to its chain of custody secrets: those of `epoch` and later are secret.
		CustodyCommitted { signer: T::AccountId, epoch: EpochIndex },
		/// A signer revealed its custody secrets up to `epoch`.
		CustodyRevealed { signer: T::AccountId, epoch: EpochIndex },
		/// A signer's custody secret of `epoch` was reported before its reveal: `slashed` of its stake was taken,
		/// `reward` of it paid to `reporter`, the rest burnt.
		CustodyLeaked {
			signer: T::AccountId,
			epoch: EpochIndex,
			reporter: T::AccountId,
			slashed: BalanceOf<T>,
			reward: BalanceOf<T>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account is not a signer.
		NotSigner,
		/// The account is already a signer.
		AlreadySigner,
		/// Below `MinSignerStake`.
		StakeTooLow,
		/// `MaxSigners` are registered.
		TooManySigners,
		/// Another signer registered this peer id.
		PeerIdTaken,
		/// An empty peer id.
		BadPeerId,
		/// The signer is deregistering.
		Leaving,
		/// The signer has not deregistered.
		NotLeaving,
		/// The stake is still bonded: the unbonding period, blobs it attested that have not expired, or an open
		/// challenge.
		StillBonded,
		/// Not enough free funds.
		InsufficientFunds,
		/// The size is zero or above `MaxBlobSize`.
		BadSize,
		/// The number of row commitments is not the number of rows of the size.
		BadCommitments,
		/// The current epoch has no committee (no signer with enough stake when it was drawn).
		NoCommittee,
		/// The block's byte budget is spent; the base fee rises until demand fits.
		BlockFull,
		/// The task queue is full for the next blocks; submit again later.
		QueueFull,
		/// No such blob (or it expired).
		UnknownBlob,
		/// The blob's deadline has passed.
		TooLate,
		/// The signer holds no slot of the blob's committee.
		NotInCommittee,
		/// The signer attested this blob already (or the batch repeats it).
		AlreadyAttested,
		/// An empty batch.
		EmptyBatch,
		/// The signer has no open challenge.
		NoChallenge,
		/// The answer is not a 2 KiB cell.
		BadCell,
		/// The cell and proof do not verify against the row's commitment at the challenged column.
		InvalidCell,
		/// The blob is not certified.
		NotCertified,
		/// The arithmetic overflowed.
		Overflow,
		/// The signer has not committed to its custody secrets (`commit_custody`), or its commitment does not
		/// cover the blob's epoch.
		NoCustody,
		/// The signer already committed to custody secrets and may still be challenged on them.
		CustodyCommitted,
		/// The epoch is too far from what the chain knows of the signer's secrets (at most
		/// `custody::MAX_GAP` epochs): reveal an epoch in between first.
		CustodyGap,
		/// Not the signer's custody secret of that epoch.
		BadSecret,
		/// That epoch's attestations may still be open: its secret may not be revealed yet.
		TooEarly,
		/// The epoch's secret may be revealed now, so showing it is no leak.
		NotALeak,
		/// The cell's custody leaf is not under the root the signer committed to when it attested.
		CustodyMismatch,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			let mut weight = Self::adjust_base_fee();
			weight.saturating_accrue(Self::ensure_committee(now));
			weight.saturating_accrue(Self::run_due(now));
			weight.saturating_accrue(Self::issue_challenges(now));
			weight
		}

		fn offchain_worker(now: BlockNumberFor<T>) {
			Self::run_worker(now)
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}

		fn integrity_test() {
			let slots = T::Slots::get();
			assert!(slots >= 1 && slots <= 128, "1 to 128 slots (the u128 bitmap, one column each at least)");
			assert!(
				(2 * slots).div_ceil(3) * (128 / slots) >= 64,
				"the smallest quorum of slots holds enough columns (64) to rebuild every row"
			);
			assert!(T::Retention::get() > SPILL.into(), "a blob's deadline runs before its expiry");
			assert!(T::MaxBlobSize::get() <= zg_primitives::da::MAX_BLOB_SIZE, "the format's largest blob");
			assert_eq!(T::MaxRows::get(), zg_primitives::da::rows_for(T::MaxBlobSize::get()), "MaxRows");
			assert!(
				T::BlockByteBudget::get() >= zg_primitives::da::rows_for(T::MaxBlobSize::get()) as u64 *
					zg_primitives::da::DATA_PER_ROW as u64,
				"the largest blob fits a block"
			);
			assert!(!T::EpochLength::get().is_zero() && !T::AttestWindow::get().is_zero());
			assert!(T::ResponseWindow::get() < T::ChallengePeriod::get(), "one open challenge per signer");
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Registers the caller as a DA signer with `stake` held and its node's `peer_id`. It is drawn into
		/// committees from the next epoch on.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_signer())]
		pub fn register_signer(
			origin: OriginFor<T>,
			stake: BalanceOf<T>,
			peer_id: BoundedVec<u8, T::MaxPeerIdLen>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_register(who, stake, peer_id)
		}

		/// Adds `amount` to the caller's stake.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::bond_more())]
		pub fn bond_more(origin: OriginFor<T>, amount: BalanceOf<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Signers::<T>::try_mutate(&who, |s| -> DispatchResult {
				let s = s.as_mut().ok_or(Error::<T>::NotSigner)?;
				ensure!(s.unbonding_at.is_none(), Error::<T>::Leaving);
				ensure!(!amount.is_zero(), Error::<T>::InsufficientFunds);
				T::Currency::hold(&HoldReason::SignerStake.into(), &who, amount)
					.map_err(|_| Error::<T>::InsufficientFunds)?;
				s.stake = s.stake.checked_add(&amount).ok_or(Error::<T>::Overflow)?;
				Self::deposit_event(Event::StakeBonded { signer: who.clone(), stake: s.stake });
				Ok(())
			})
		}

		/// Stops being drawn into committees. The seats already drawn must still be served; the stake can be
		/// withdrawn after `UnbondingPeriod`, once every blob the signer attested has expired and no challenge
		/// is open.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::deregister())]
		pub fn deregister(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut signer = Signers::<T>::get(&who).ok_or(Error::<T>::NotSigner)?;
			ensure!(signer.unbonding_at.is_none(), Error::<T>::Leaving);
			let at = frame_system::Pallet::<T>::block_number().saturating_add(T::UnbondingPeriod::get());
			signer.unbonding_at = Some(at);
			Signers::<T>::insert(&who, signer);
			Self::deposit_event(Event::SignerLeaving { signer: who, unbonding_at: at });
			Ok(())
		}

		/// Releases a deregistered signer's stake and forgets it.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::withdraw_stake())]
		pub fn withdraw_stake(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let signer = Signers::<T>::get(&who).ok_or(Error::<T>::NotSigner)?;
			let at = signer.unbonding_at.ok_or(Error::<T>::NotLeaving)?;
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(
				now >= at && now > signer.liable_until && !Challenges::<T>::contains_key(&who),
				Error::<T>::StillBonded
			);
			let held = T::Currency::balance_on_hold(&HoldReason::SignerStake.into(), &who);
			T::Currency::release(&HoldReason::SignerStake.into(), &who, held, Precision::BestEffort)?;
			PeerIds::<T>::remove(&signer.peer_id);
			Signers::<T>::remove(&who);
			CustodyAnchors::<T>::remove(&who);
			SignerList::<T>::mutate(|list| list.retain(|s| s != &who));
			Self::deposit_event(Event::SignerRemoved { signer: who, stake: held });
			Ok(())
		}

		/// Submits a blob of `size` bytes for the current epoch's committee: its `data_root` (256-byte-sector
		/// keccak root), one KZG commitment per row, and the peer id of the node serving its cells (the
		/// disperser). Pays the base fee per padded byte, held until the blob is settled.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::submit_blob(commitments.len() as u32))]
		pub fn submit_blob(
			origin: OriginFor<T>,
			namespace: Namespace,
			size: u64,
			data_root: H256,
			commitments: BoundedVec<Commitment, T::MaxRows>,
			disperser: BoundedVec<u8, T::MaxPeerIdLen>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_submit(who, namespace, size, data_root, commitments, disperser).map(|_| ())
		}

		/// Attests, for every slot the caller holds in each blob's committee, that its node holds the blob's
		/// cells of those slots' columns, each checked against its proof. Counts until each blob's deadline.
		/// With each blob, its custody root: the Merkle root of the caller's leaves of the blob's cells it holds
		/// (`zg_primitives::da::custody`) under its secret of the blob's epoch, which must still be secret.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::attest(blobs.len() as u32))]
		pub fn attest(origin: OriginFor<T>, blobs: BoundedVec<(BlobId, H256), T::MaxAttestBatch>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_attest(who, blobs.into_inner())
		}

		/// Answers the caller's open custody challenge with the challenged cell (2 KiB), its KZG proof, the
		/// caller's custody secret of the blob's epoch and the cell's custody path to the root it attested.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::answer_challenge())]
		pub fn answer_challenge(
			origin: OriginFor<T>,
			cell: BoundedVec<u8, ConstU32<{ zg_primitives::da::BYTES_PER_CELL as u32 }>>,
			proof: Proof,
			secret: H256,
			path: BoundedVec<H256, ConstU32<{ zg_primitives::da::custody::MAX_DEPTH }>>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_answer(who, cell.into_inner(), proof, secret, path.into_inner())
		}

		/// Hands a certified blob to zg storage for `periods` storage rounds, paid by the caller, who owns the
		/// file; `encoder` is the storage provider whose node fetches the blob from the committee and encodes it.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::keep().saturating_add(T::StoredFiles::store_weight()))]
		pub fn keep(origin: OriginFor<T>, blob: BlobId, periods: u32, encoder: T::AccountId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_keep(who, blob, periods, encoder)
		}

		/// Commits the caller (a signer) to its chain of custody secrets: `image` is the chain's step of its secret
		/// of `epoch` (at most the current epoch, and not long before it). Once per signer, or again when nothing
		/// it attested can still be challenged (a node that lost its secrets).
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::commit_custody())]
		pub fn commit_custody(origin: OriginFor<T>, epoch: EpochIndex, image: H256) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_commit_custody(who, epoch, image)
		}

		/// Reveals the caller's custody secret of `epoch` (and so of every earlier epoch), once the epoch's
		/// attestations have closed. The worker does it when the chain's knowledge falls behind, so that answers
		/// stay within `custody::MAX_GAP` steps.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::reveal_custody())]
		pub fn reveal_custody(origin: OriginFor<T>, epoch: EpochIndex, secret: H256) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_reveal(who, epoch, secret)
		}

		/// Reports `signer`'s custody secret of `epoch`, shown before the epoch's attestations have closed:
		/// `signer` loses `LeakSlash` of its stake, half of it paid to the caller.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::report_leak())]
		pub fn report_leak(
			origin: OriginFor<T>,
			signer: T::AccountId,
			epoch: EpochIndex,
			secret: H256,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_report_leak(who, signer, epoch, secret)
		}
	}
}

impl<T: Config> Pallet<T> {
	pub(crate) fn do_register(
		who: T::AccountId,
		stake: BalanceOf<T>,
		peer_id: BoundedVec<u8, T::MaxPeerIdLen>,
	) -> DispatchResult {
		ensure!(!Signers::<T>::contains_key(&who), Error::<T>::AlreadySigner);
		ensure!(stake >= T::MinSignerStake::get(), Error::<T>::StakeTooLow);
		ensure!(!peer_id.is_empty(), Error::<T>::BadPeerId);
		ensure!(!PeerIds::<T>::contains_key(&peer_id), Error::<T>::PeerIdTaken);
		SignerList::<T>::try_mutate(|list| list.try_push(who.clone())).map_err(|_| Error::<T>::TooManySigners)?;
		T::Currency::hold(&HoldReason::SignerStake.into(), &who, stake).map_err(|_| Error::<T>::InsufficientFunds)?;
		PeerIds::<T>::insert(&peer_id, &who);
		Signers::<T>::insert(
			&who,
			SignerInfo {
				stake,
				peer_id,
				unbonding_at: None,
				liable_until: Zero::zero(),
				failed_at: None,
				next_challenge: Zero::zero(),
			},
		);
		Self::deposit_event(Event::SignerRegistered { signer: who, stake });
		Ok(())
	}

	/// Queues `task` at `at`, or at one of the next `SPILL` blocks if its queue is full.
	pub(crate) fn schedule(
		at: BlockNumberFor<T>,
		task: DueTask<T::AccountId>,
	) -> Result<BlockNumberFor<T>, Error<T>> {
		for spill in 0..SPILL {
			let block = at.saturating_add(spill.into());
			if Due::<T>::try_mutate(block, |tasks| tasks.try_push(task.clone())).is_ok() {
				return Ok(block);
			}
		}
		Err(Error::<T>::QueueFull)
	}

	pub(crate) fn run_due(now: BlockNumberFor<T>) -> Weight {
		let tasks = Due::<T>::take(now);
		if tasks.is_empty() {
			return T::DbWeight::get().reads(1);
		}
		let mut weight = T::DbWeight::get().reads_writes(1, 1);
		for task in tasks {
			weight.saturating_accrue(match task {
				DueTask::Deadline(blob) => {
					Self::deadline(blob, now);
					T::WeightInfo::deadline()
				},
				DueTask::Expire(blob) => {
					let signers = Self::expire(blob);
					T::WeightInfo::expire(signers)
				},
				DueTask::Answer(signer) => {
					Self::answer_due(&signer, now);
					T::WeightInfo::challenge_missed()
				},
			});
		}
		weight
	}

	/// The first block at which `epoch`'s custody secrets may be revealed: after the last deadline a blob of the
	/// epoch can have (submitted in its last block, its deadline spilled as far as it goes).
	pub fn reveal_at(epoch: EpochIndex) -> BlockNumberFor<T> {
		Self::epoch_start(epoch.saturating_add(1))
			.saturating_add(T::AttestWindow::get())
			.saturating_add(SPILL.into())
	}

	/// Burns `fraction` of a signer's stake; returns what was burnt.
	pub(crate) fn slash(who: &T::AccountId, fraction: Perbill) -> BalanceOf<T> {
		let Some(signer) = Signers::<T>::get(who) else { return Zero::zero() };
		Self::burn_stake(who, fraction.mul_floor(signer.stake))
	}

	/// Burns `amount` of a signer's stake (at most all of it); returns what was burnt.
	pub(crate) fn burn_stake(who: &T::AccountId, amount: BalanceOf<T>) -> BalanceOf<T> {
		let Some(mut signer) = Signers::<T>::get(who) else { return Zero::zero() };
		let burnt = T::Currency::burn_held(
			&HoldReason::SignerStake.into(),
			who,
			amount,
			Precision::BestEffort,
			Fortitude::Force,
		)
		.unwrap_or_else(|e| {
			log::error!(target: LOG_TARGET, "slash of {amount:?} failed: {e:?}");
			Zero::zero()
		});
		signer.stake = signer.stake.saturating_sub(burnt);
		Signers::<T>::insert(who, signer);
		burnt
	}

	/// The pallet's invariants: every signer's hold equals its stake; every submitter's fee hold equals what its
	/// live blobs still hold; committees have `Slots` seats.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::BTreeMap;
		let list = SignerList::<T>::get();
		ensure!(list.len() == Signers::<T>::iter_keys().count(), "the signer list lists every signer");
		for (who, signer) in Signers::<T>::iter() {
			ensure!(list.contains(&who), "a signer missing from the list");
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::SignerStake.into(), &who) == signer.stake,
				"a signer's hold is not its stake"
			);
			ensure!(PeerIds::<T>::get(&signer.peer_id) == Some(who.clone()), "a signer's peer id is not indexed");
		}
		let mut held: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		for (id, blob) in Blobs::<T>::iter() {
			ensure!(id < NextBlobId::<T>::get() && id >= OldestBlob::<T>::get(), "a blob id out of range");
			ensure!(blob.held <= blob.fee, "a blob holds more than its fee");
			let entry = held.entry(blob.submitter.clone()).or_insert_with(Zero::zero);
			*entry = entry.saturating_add(blob.held);
			let rows = Commitments::<T>::get(id).map(|c| c.len() as u32);
			match blob.status {
				BlobStatus::Unavailable => ensure!(rows.is_none(), "an unavailable blob keeps commitments"),
				_ => ensure!(
					rows == Some(zg_primitives::da::rows_for(blob.size)),
					"a live blob's commitments are not one per row"
				),
			}
		}
		for (who, amount) in held {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::BlobFee.into(), &who) == amount,
				"a submitter's fee hold is not what its blobs hold"
			);
		}
		for (_, committee) in Committees::<T>::iter() {
			ensure!(committee.len() as u32 == T::Slots::get(), "a committee without every slot");
		}
		Ok(())
	}
}
