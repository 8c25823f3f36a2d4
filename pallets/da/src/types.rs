//! The pallet's stored types.

use super::*;

/// A registered signer.
#[derive(CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, Encode, Decode, TypeInfo, MaxEncodedLen)]
#[scale_info(skip_type_params(T))]
pub struct SignerInfo<T: Config> {
	/// The stake held under `HoldReason::SignerStake`.
	pub stake: BalanceOf<T>,
	/// Its node's libp2p peer id (the committee fetches and serves cells there).
	pub peer_id: BoundedVec<u8, T::MaxPeerIdLen>,
	/// Set by `deregister`: no longer drawn into committees; the stake can be withdrawn from this block on
	/// (and once `liable_until` has passed).
	pub unbonding_at: Option<BlockNumberFor<T>>,
	/// The last block at which a blob it attested may still be challenged (its stake stays bonded until then).
	pub liable_until: BlockNumberFor<T>,
	/// The block of its last missed custody challenge: it forfeits its share of every blob certified at or before
	/// it that pays out afterwards.
	pub failed_at: Option<BlockNumberFor<T>>,
	/// It is not challenged again before this block.
	pub next_challenge: BlockNumberFor<T>,
}

/// Where a blob stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo, MaxEncodedLen)]
pub enum BlobStatus<BlockNumber> {
	/// Waiting for attestations until its deadline.
	Pending,
	/// Signers holding at least two thirds of its committee's slots attested, first at `at`.
	Certified { at: BlockNumber },
	/// The deadline passed without a certificate; the fee was refunded minus `FailedBlobCost`.
	Unavailable,
}

/// A submitted blob (its row commitments are kept apart, in `Commitments`, so that attesting reads little).
#[derive(CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, Encode, Decode, TypeInfo, MaxEncodedLen)]
#[scale_info(skip_type_params(T))]
pub struct BlobInfo<T: Config> {
	/// Who paid.
	pub submitter: T::AccountId,
	/// The submitter's namespace.
	pub namespace: Namespace,
	/// Bytes of data.
	pub size: u64,
	/// The 256-byte-sector keccak root of the data (zg storage's file root).
	pub data_root: H256,
	/// The epoch whose committee holds it.
	pub epoch: EpochIndex,
	/// The block it was submitted in.
	pub submitted_at: BlockNumberFor<T>,
	/// Attestations count up to and including this block; then the certificate (or its absence) is final.
	pub deadline: BlockNumberFor<T>,
	/// The block at which it is paid out and pruned.
	pub expires_at: BlockNumberFor<T>,
	/// The fee paid.
	pub fee: BalanceOf<T>,
	/// What of the fee is still held on the submitter: all of it until the deadline, then the attested slots'
	/// share until expiry.
	pub held: BalanceOf<T>,
	/// Where it stands.
	pub status: BlobStatus<BlockNumberFor<T>>,
	/// The committee slots that attested (bit `s` for slot `s`).
	pub attested: u128,
	/// The peer id of the node that serves its cells to the committee.
	pub disperser: BoundedVec<u8, T::MaxPeerIdLen>,
}

/// An open custody challenge: the signer must answer with `cell` of `blob` and its KZG proof before `deadline`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo, MaxEncodedLen)]
pub struct Challenge<BlockNumber> {
	/// The certified blob.
	pub blob: BlobId,
	/// The cell (a column of one of the signer's attested slots).
	pub cell: CellIndex,
	/// The block at which an unanswered challenge is missed.
	pub deadline: BlockNumber,
}

/// Work the hook does at a block.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo, MaxEncodedLen)]
pub enum DueTask<AccountId> {
	/// A blob's attestation deadline: settle its certificate or mark it unavailable.
	Deadline(BlobId),
	/// A blob's expiry: pay its signers and prune it.
	Expire(BlobId),
	/// A custody challenge's deadline.
	Answer(AccountId),
}
