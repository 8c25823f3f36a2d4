//! The data the pallet keeps: providers, the shards they hold, files and challenges.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	traits::{fungible, Get},
	BoundedVec, CloneNoBound, EqNoBound, PartialEqNoBound, DebugNoBound,
};
use scale_info::TypeInfo;
use sp_core::{ConstU32, H256};
use zg_primitives::storage::{ErasureParams, MAX_PROOF_LEN, SECTOR_SIZE};

pub(crate) type AccountIdOf<T> = <T as frame_system::Config>::AccountId;
/// The balance type of the pallet's currency.
pub type BalanceOf<T> = <<T as crate::Config>::Currency as fungible::Inspect<AccountIdOf<T>>>::Balance;
pub(crate) type BlockNumberOf<T> = frame_system::pallet_prelude::BlockNumberFor<T>;
pub(crate) type ProviderInfoOf<T> =
	ProviderInfo<BalanceOf<T>, BlockNumberOf<T>, <T as crate::Config>::MaxPeerIdLen>;
pub(crate) type FileInfoOf<T> =
	FileInfo<AccountIdOf<T>, BalanceOf<T>, BlockNumberOf<T>, <T as crate::Config>::MaxShards>;
pub(crate) type RetrievalChallengeOf<T> = RetrievalChallenge<AccountIdOf<T>, BalanceOf<T>, BlockNumberOf<T>>;
pub(crate) type HeldShardsOf<T> = BoundedVec<HeldShard, <T as crate::Config>::MaxAssignmentsPerProvider>;

/// A file's id: the keccak-256 Merkle root over its sectors (`zg_primitives::storage::merkle_root`).
pub type FileRoot = H256;
/// A challenge round: round `r` starts at block `r × ChallengePeriod`.
pub type Round = u64;
/// One sector's bytes, as a provider reveals it.
pub type SectorData = BoundedVec<u8, ConstU32<{ SECTOR_SIZE as u32 }>>;
/// The siblings of a Merkle path, bottom-up.
pub type MerklePath = BoundedVec<H256, ConstU32<{ MAX_PROOF_LEN as u32 }>>;

/// Where a provider is in its life.
#[derive(
	Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug,
)]
pub enum ProviderStatus<BlockNumber> {
	/// Takes new shards and answers challenges.
	Active,
	/// Left: takes no new shards; its stake stays held (and slashable) until `until`.
	Unbonding { until: BlockNumber },
}

/// A registered storage provider.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	DebugNoBound,
)]
#[scale_info(skip_type_params(MaxPeerIdLen))]
#[codec(mel_bound(Balance: MaxEncodedLen, BlockNumber: MaxEncodedLen))]
pub struct ProviderInfo<Balance, BlockNumber, MaxPeerIdLen>
where
	Balance: Clone + PartialEq + Eq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxPeerIdLen: Get<u32>,
{
	/// The libp2p peer id of the provider's node, where clients and other providers fetch shards.
	pub peer_id: BoundedVec<u8, MaxPeerIdLen>,
	/// Bytes the provider offers.
	pub capacity: u64,
	/// Bytes of the shards assigned to it.
	pub used: u64,
	/// How many shards it holds: the length of its `ProviderShards` list, kept here so that placement reads
	/// one record per provider.
	pub shards: u32,
	/// The stake currently held (it shrinks when slashed).
	pub stake: Balance,
	/// Active or unbonding.
	pub status: ProviderStatus<BlockNumber>,
	/// Challenges missed (or answered wrongly) in a row.
	pub misses: u32,
	/// The most bytes of acknowledged shards it held when it answered a challenge: what it has shown it can
	/// hold. Placement lets it grow to `ProbationBytes` beyond twice this, no further.
	pub proven: u64,
	/// The encodings it confirmed stay slashable until this block: it may not withdraw its stake earlier.
	pub bonded_until: BlockNumber,
	/// Retrieval challenges open against it.
	pub retrievals: u32,
}

impl<Balance, BlockNumber, MaxPeerIdLen> ProviderInfo<Balance, BlockNumber, MaxPeerIdLen>
where
	Balance: Clone + PartialEq + Eq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxPeerIdLen: Get<u32>,
{
	/// Bytes still free of what it declared.
	pub fn free(&self) -> u64 {
		self.capacity.saturating_sub(self.used)
	}

	/// Bytes placement may still give it: what it declared, bounded by what its stake backs (`backed`) and by
	/// what it has proven (`probation` beyond twice `proven`), less what it holds.
	pub fn placeable(&self, backed: u64, probation: u64) -> u64 {
		self.capacity
			.min(backed)
			.min(probation.saturating_add(self.proven.saturating_mul(2)))
			.saturating_sub(self.used)
	}
}

/// A shard as its provider's list records it.
#[derive(
	Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug,
)]
pub struct HeldShard {
	/// The file.
	pub file: FileRoot,
	/// Which of its shards.
	pub shard: u32,
	/// The shard's sector count (the leaf count of its root), kept here so that opening a round reads no files.
	pub sectors: u64,
	/// Whether the provider has fetched, verified and acknowledged it: only acknowledged shards are challenged
	/// and earn.
	pub acknowledged: bool,
}

/// One shard of a file.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug,
)]
pub struct Shard<AccountId> {
	/// The provider assigned to store it.
	pub provider: AccountId,
	/// Its Merkle root, once the encoder has confirmed the encoding.
	pub root: Option<H256>,
	/// Whether the provider has acknowledged it.
	pub acknowledged: bool,
}

/// Where a file is in its life.
#[derive(
	Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug,
)]
pub enum FileState {
	/// Paid for and placed; waiting for the encoder its owner chose to encode it and confirm the shard roots.
	Pending,
	/// Shard roots known; providers are fetching and acknowledging their shards.
	Encoded,
	/// Every shard has been acknowledged at least once. (A shard reassigned later is acknowledged again by its
	/// new provider; the file stays `Stored` meanwhile, rebuildable from the other shards.)
	Stored,
}

/// A stored (or to-be-stored) file.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
	DebugNoBound,
)]
#[scale_info(skip_type_params(MaxShards))]
#[codec(mel_bound(AccountId: MaxEncodedLen, Balance: MaxEncodedLen, BlockNumber: MaxEncodedLen))]
pub struct FileInfo<AccountId, Balance, BlockNumber, MaxShards>
where
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	Balance: Clone + PartialEq + Eq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxShards: Get<u32>,
{
	/// Who paid and may extend or delete it.
	pub owner: AccountId,
	/// Bytes.
	pub size: u64,
	/// The erasure code it was placed with (kept per file, so a runtime upgrade that changes the default does not
	/// reinterpret existing files).
	pub params: ErasureParams,
	/// Pending, encoded or stored.
	pub state: FileState,
	/// The provider that confirmed the encoding and is slashed if it is proven wrong.
	pub encoder: Option<AccountId>,
	/// The provider the owner chose to encode it (the node it uploads to): the only account that may confirm.
	pub chosen_encoder: AccountId,
	/// While pending: the block by which it must be encoded; while encoded: the block by which every shard
	/// must be acknowledged. `None` once stored.
	pub deadline: Option<BlockNumber>,
	/// Shard `i` and its provider, for `i` in `0..n`.
	pub shards: BoundedVec<Shard<AccountId>, MaxShards>,
	/// Every fee paid for it (submission and extensions), held in the pool account.
	pub fee: Balance,
	/// What the pool has paid providers for it so far.
	pub paid_out: Balance,
	/// The first round it is stored in.
	pub start_round: Round,
	/// Rounds paid for: it is stored in rounds `start_round .. start_round + periods`.
	pub periods: u32,
}

impl<AccountId, Balance, BlockNumber, MaxShards> FileInfo<AccountId, Balance, BlockNumber, MaxShards>
where
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	Balance: Clone + PartialEq + Eq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
	MaxShards: Get<u32>,
{
	/// The first round it is no longer stored in: it expires when that round starts.
	pub fn end_round(&self) -> Round {
		self.start_round.saturating_add(u64::from(self.periods))
	}

	/// Whether round `round` is one it was paid for.
	pub fn is_live_in(&self, round: Round) -> bool {
		self.start_round <= round && round < self.end_round()
	}

	/// Bytes of each shard.
	pub fn shard_size(&self) -> u64 {
		self.params.shard_size(self.size)
	}

	/// Sectors of each shard: the leaf count of every shard root.
	pub fn shard_sectors(&self) -> u64 {
		self.params.shard_sectors(self.size)
	}
}

/// A proof-of-access challenge a provider must answer before `deadline`.
#[derive(
	Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug,
)]
pub struct OpenChallenge<BlockNumber> {
	/// The round it belongs to.
	pub round: Round,
	/// The file whose shard is challenged.
	pub file: FileRoot,
	/// Which shard.
	pub shard: u32,
	/// Which sector of it.
	pub sector: u64,
	/// The last block in which the answer is accepted.
	pub deadline: BlockNumber,
}

/// Why a provider was slashed.
#[derive(
	Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug,
)]
pub enum SlashReason {
	/// It did not answer its challenge in time (a wrong answer is rejected and so also ends here).
	MissedChallenge,
	/// A fraud proof showed the encoding it confirmed is wrong.
	BadEncoding,
	/// It did not acknowledge its shard by the deadline although at least k other providers had theirs, so the
	/// data was there to fetch or rebuild.
	ShardNotTaken,
	/// As the encoder, it confirmed roots that fewer than k providers could fetch shards for by the deadline.
	EncodingNotServed,
	/// It did not answer a retrieval challenge in time: it withheld data it is paid to serve.
	Withheld,
}

/// Why a provider's shards are being moved away, a bounded number per block.
#[derive(
	Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug,
)]
pub enum Eviction {
	/// It deregistered: its shards are handed over (a shard under an open challenge only once that closes).
	Leaving,
	/// It missed `MaxMisses` challenges in a row.
	Failed,
}

/// A deadline the chain acts on when it passes (see `Tasks`).
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug,
)]
pub enum Due<AccountId> {
	/// The file's deadline (`FileInfo::deadline`) is due: to encode it, or to acknowledge every shard.
	File(FileRoot),
	/// A retrieval challenge against `provider` is due.
	Retrieval { provider: AccountId, key: RetrievalKey },
}

/// Which sector a retrieval challenge asks for: shard `shard` of file `file`, sector `sector`.
#[derive(
	Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug,
)]
pub struct RetrievalKey {
	/// The file.
	pub file: FileRoot,
	/// Which of its shards.
	pub shard: u32,
	/// Which sector of it.
	pub sector: u64,
}

/// A downloader's claim that a provider would not serve a sector it is paid to keep.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug,
)]
pub struct RetrievalChallenge<AccountId, Balance, BlockNumber> {
	/// Who opened it; its deposit is held by the pool.
	pub challenger: AccountId,
	/// The deposit: the provider's if it answers, back to the challenger (with a share of the slash) if not.
	pub deposit: Balance,
	/// The last block in which the answer is accepted.
	pub deadline: BlockNumber,
}

/// A sector with its Merkle path, as a fraud proof opens it.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen, Debug,
)]
pub struct SectorOpening {
	/// The sector's bytes.
	pub data: SectorData,
	/// Its path to its shard root.
	pub proof: MerklePath,
}

/// Proof that the encoding an encoder confirmed is wrong (see `zg_primitives::storage` for why one stripe
/// suffices).
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	DebugNoBound,
)]
#[scale_info(skip_type_params(MaxShards))]
pub enum EncodingFraudProof<MaxShards: Get<u32>> {
	/// Sector `sector` of data shard `shard` is not the file sector it must hold.
	DataSector {
		/// A data shard (`< k`).
		shard: u32,
		/// The sector within the shard.
		sector: u64,
		/// The leaf of that shard sector, and its path to the shard root.
		shard_leaf: H256,
		shard_proof: MerklePath,
		/// The leaf of the file sector it must equal and its path to the file root; ignored when that file
		/// sector lies past the end of the file (the shard sector must then be zeros).
		file_leaf: H256,
		file_proof: MerklePath,
	},
	/// Sector `sector` of parity shard `shard` differs from the one recomputed from the data shards' sectors.
	ParitySector {
		/// A parity shard (`k ≤ shard < n`).
		shard: u32,
		/// The sector within the shards.
		sector: u64,
		/// The leaf of the parity sector and its path to its shard root.
		parity_leaf: H256,
		parity_proof: MerklePath,
		/// Sector `sector` of every data shard `0..k`, in order, each with its path.
		data: BoundedVec<SectorOpening, MaxShards>,
	},
}
