//! The storage network's host functions and runtime API: how the runtime's off-chain worker asks the node to do
//! the heavy work (erasure coding, fetching and rebuilding shards, Merkle proofs over stored data) on data the
//! node keeps in its blob store, and how the node reads files' layouts from chain state.
//!
//! - [`storage_host`] is the runtime interface (host functions). The runtime calls it from its off-chain worker;
//!   the node implements it by forwarding to a [`BlobHost`] registered as the [`BlobHostExt`] externalities
//!   extension. Where no such extension is registered (a node that is not a storage provider, or any on-chain
//!   execution) every function answers "unavailable" — nothing panics.
//! - [`StorageApi`] is the runtime API the node reads file layouts and challenges with.
//!
//! A second pallet (data availability) uses the same host functions and blob store unchanged: they speak of
//! files, shards and sectors, not of any pallet's storage.

use alloc::vec::Vec;
use codec::{Decode, Encode};
use scale_info::TypeInfo;
use sp_core::H256;

use super::{ErasureParams, FraudEvidence};

/// The key type of storage providers' keys in a node's keystore: the off-chain worker signs with them.
pub const STORAGE_KEY_TYPE: sp_core::crypto::KeyTypeId = sp_core::crypto::KeyTypeId(*b"zgst");

/// Where a file's shards are and what they must hash to: what a node needs to fetch, check and rebuild them.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct FileLayout {
	/// The file root (Merkle root over the file's sectors).
	pub root: H256,
	/// Bytes.
	pub size: u64,
	/// The erasure code of the file.
	pub params: ErasureParams,
	/// The libp2p peer id (its bytes) of the node that encoded the file, if it is known: it holds every shard.
	pub encoder_peer: Option<Vec<u8>>,
	/// Shard `i`, for `i` in `0..n`.
	pub shards: Vec<ShardLocation>,
}

/// One shard of a [`FileLayout`].
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct ShardLocation {
	/// Its Merkle root, once the encoding is confirmed.
	pub root: Option<H256>,
	/// The libp2p peer id (bytes) of the provider assigned to it.
	pub peer_id: Vec<u8>,
	/// Whether that provider has acknowledged holding it.
	pub acknowledged: bool,
}

/// What the node says of a shard the worker needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum ShardStatus {
	/// Held locally and checked against its root.
	Ready,
	/// Not held yet; the node is fetching it (or rebuilding it from other shards).
	Fetching,
	/// The last attempt to get it failed; the node retries later.
	Failed,
	/// This node keeps no blobs for the worker (not a storage provider).
	Unavailable,
}

/// A sector of a locally held shard with its Merkle path to the shard root.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct SectorWithProof {
	/// The sector's [`super::SECTOR_SIZE`] bytes.
	pub data: Vec<u8>,
	/// Siblings bottom-up.
	pub proof: Vec<H256>,
}

/// A file as the chain records it, for RPC and clients.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct FileView<AccountId, Balance> {
	/// Root, size, code and shard locations.
	pub layout: FileLayout,
	/// Who paid for it.
	pub owner: AccountId,
	/// `Pending`, `Encoded` or `Stored`.
	pub state: FileStatus,
	/// Who confirmed the encoding.
	pub encoder: Option<AccountId>,
	/// The provider of each shard, in shard order.
	pub providers: Vec<AccountId>,
	/// Fees paid for it.
	pub fee: Balance,
	/// Paid out to providers so far.
	pub paid_out: Balance,
	/// First round stored.
	pub start_round: u64,
	/// First round no longer stored.
	pub end_round: u64,
}

/// Where a file is in its life (mirrors the pallet's state).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum FileStatus {
	/// Paid for, waiting for its encoding.
	Pending,
	/// Encoded; providers are fetching their shards.
	Encoded,
	/// Every shard acknowledged.
	Stored,
}

sp_api::decl_runtime_apis! {
	/// What the node reads from the storage pallet. Version 2 adds [`StorageApi::erasure_params`]; a node asks the
	/// runtime's version before calling it, so it runs on a chain whose runtime is not upgraded yet.
	pub trait StorageApi<AccountId, Balance> where AccountId: codec::Codec, Balance: codec::Codec {
		/// The file with this root, if the chain knows it.
		fn file(root: H256) -> Option<FileView<AccountId, Balance>>;
		/// The largest file the chain accepts, in bytes.
		fn max_file_size() -> u64;
		/// The fee for storing `size` bytes for `periods` rounds, if `size` is acceptable.
		fn fee(size: u64, periods: u32) -> Option<Balance>;
		/// The erasure code a file submitted now is given: the node that received an upload encodes it with this
		/// code before the submission lands (the chain's record of the file then names the code it was given).
		#[api_version(2)]
		fn erasure_params() -> ErasureParams;
	}
}

/// Why the node could not do what the off-chain worker asked (version 2 of the host functions).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum HostError {
	/// This node keeps no blobs for the worker (no blob store registered: not a storage provider, or any
	/// on-chain execution).
	Unavailable,
	/// The file or shard is not held by this node.
	NotHeld,
	/// The request cannot be met: invalid erasure parameters, a sector past the end of the shard.
	InvalidRequest,
	/// The data held does not match what the chain says of it (size, roots).
	Mismatch,
	/// The node's blob store failed (I/O, database, full).
	Store,
	/// Encoding failed or was refused; retried later.
	Failed,
}

/// Where the erasure coding of a file stands (the answer of `encode_file`, version 2).
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum EncodeStatus {
	/// Encoded: every shard is stored and synced to disk; these are their roots, in shard order.
	Ready(Vec<H256>),
	/// The node is encoding it in the background (at most one encoding per file at a time); ask again later.
	Encoding,
}

/// The node side of the host functions (implemented by the node's blob store and fetch service). None of them
/// blocks on network or on a whole-file computation: long work runs in the background and is asked about again.
#[cfg(feature = "std")]
pub trait BlobHost: Send + Sync {
	/// The size of the complete file with this root if the node holds it (uploaded to it, or rebuilt).
	fn file_size(&self, root: &H256) -> Result<u64, HostError>;
	/// Erasure-codes the locally held file with `params` in the background and stores its shards; once they are
	/// stored (synced), answers their roots. One encoding per file at a time: asking again while it runs answers
	/// [`EncodeStatus::Encoding`] and starts nothing.
	fn encode_file(&self, root: &H256, params: &ErasureParams) -> Result<EncodeStatus, HostError>;
	/// Whether shard `shard` of the file is held locally (synced to disk) and matches its root in `layout`; if
	/// it is not, the node starts fetching it from the peers in `layout` (or rebuilding it from any k other
	/// shards) and answers [`ShardStatus::Fetching`]. A shard with no root in `layout` (its file's encoding is not
	/// confirmed yet) is never `Ready`: the node may fetch it ahead from `layout.encoder_peer` once that node has
	/// encoded it, so that it is held when the root is known (and fetched again if the root is another); a node
	/// that does not fetch ahead answers [`ShardStatus::Failed`].
	fn ensure_shard(&self, layout: &FileLayout, shard: u32) -> ShardStatus;
	/// Sector `sector` of the locally held shard with its Merkle path.
	fn sector_proof(&self, root: &H256, shard: u32, sector: u64) -> Result<SectorWithProof, HostError>;
	/// The same, to answer a downloader's retrieval challenge on chain (serving, not proving: a node may count
	/// or limit these separately). By default the same as [`BlobHost::sector_proof`].
	fn retrieval_sector(&self, root: &H256, shard: u32, sector: u64) -> Result<SectorWithProof, HostError> {
		self.sector_proof(root, shard, sector)
	}
	/// Forgets the shard.
	fn drop_shard(&self, root: &H256, shard: u32);
	/// Takes the oldest evidence of a wrong encoding the node has found (rebuilding or re-encoding a file whose
	/// shards do not match it) and not yet handed out; each file's once.
	fn take_fraud_evidence(&self) -> Option<(H256, FraudEvidence)> {
		None
	}
}

#[cfg(feature = "std")]
sp_externalities::decl_extension! {
	/// The node's blob store and fetch service, registered for off-chain workers of storage-provider nodes.
	pub struct BlobHostExt(alloc::sync::Arc<dyn BlobHost>);
}

/// Host functions of the storage network (see the module docs).
///
/// Versioned: a runtime built against version 1 (answers as `Option`, a blocking `encode_file`) keeps working
/// on a node that also serves version 2 (typed [`HostError`]s, a non-blocking `encode_file`); the runtime built
/// from this code calls the newest version of each.
#[sp_runtime_interface::runtime_interface]
pub trait StorageHost {
	/// Version 1 of [`BlobHost::file_size`]: `None` for any error.
	fn file_size(
		&mut self,
		root: sp_runtime_interface::pass_by::PassPointerAndReadCopy<H256, 32>,
	) -> sp_runtime_interface::pass_by::AllocateAndReturnByCodec<Option<u64>> {
		use sp_externalities::ExternalitiesExt;
		self.extension::<BlobHostExt>().and_then(|host| host.0.file_size(&root).ok())
	}

	/// See [`BlobHost::file_size`].
	#[version(2)]
	fn file_size(
		&mut self,
		root: sp_runtime_interface::pass_by::PassPointerAndReadCopy<H256, 32>,
	) -> sp_runtime_interface::pass_by::AllocateAndReturnByCodec<Result<u64, HostError>> {
		use sp_externalities::ExternalitiesExt;
		match self.extension::<BlobHostExt>() {
			Some(host) => host.0.file_size(&root),
			None => Err(HostError::Unavailable),
		}
	}

	/// Version 1 of [`BlobHost::encode_file`]: `None` until the background encoding is done, and for any error.
	fn encode_file(
		&mut self,
		root: sp_runtime_interface::pass_by::PassPointerAndReadCopy<H256, 32>,
		params: sp_runtime_interface::pass_by::PassFatPointerAndDecode<ErasureParams>,
	) -> sp_runtime_interface::pass_by::AllocateAndReturnByCodec<Option<Vec<H256>>> {
		use sp_externalities::ExternalitiesExt;
		match self.extension::<BlobHostExt>()?.0.encode_file(&root, &params) {
			Ok(EncodeStatus::Ready(roots)) => Some(roots),
			_ => None,
		}
	}

	/// See [`BlobHost::encode_file`].
	#[version(2)]
	fn encode_file(
		&mut self,
		root: sp_runtime_interface::pass_by::PassPointerAndReadCopy<H256, 32>,
		params: sp_runtime_interface::pass_by::PassFatPointerAndDecode<ErasureParams>,
	) -> sp_runtime_interface::pass_by::AllocateAndReturnByCodec<Result<EncodeStatus, HostError>> {
		use sp_externalities::ExternalitiesExt;
		match self.extension::<BlobHostExt>() {
			Some(host) => host.0.encode_file(&root, &params),
			None => Err(HostError::Unavailable),
		}
	}

	/// See [`BlobHost::ensure_shard`].
	fn ensure_shard(
		&mut self,
		layout: sp_runtime_interface::pass_by::PassFatPointerAndDecode<FileLayout>,
		shard: u32,
	) -> sp_runtime_interface::pass_by::AllocateAndReturnByCodec<ShardStatus> {
		use sp_externalities::ExternalitiesExt;
		match self.extension::<BlobHostExt>() {
			Some(host) => host.0.ensure_shard(&layout, shard),
			None => ShardStatus::Unavailable,
		}
	}

	/// Version 1 of [`BlobHost::sector_proof`]: `None` for any error.
	fn sector_proof(
		&mut self,
		root: sp_runtime_interface::pass_by::PassPointerAndReadCopy<H256, 32>,
		shard: u32,
		sector: u64,
	) -> sp_runtime_interface::pass_by::AllocateAndReturnByCodec<Option<SectorWithProof>> {
		use sp_externalities::ExternalitiesExt;
		self.extension::<BlobHostExt>().and_then(|host| host.0.sector_proof(&root, shard, sector).ok())
	}

	/// See [`BlobHost::sector_proof`].
	#[version(2)]
	fn sector_proof(
		&mut self,
		root: sp_runtime_interface::pass_by::PassPointerAndReadCopy<H256, 32>,
		shard: u32,
		sector: u64,
	) -> sp_runtime_interface::pass_by::AllocateAndReturnByCodec<Result<SectorWithProof, HostError>> {
		use sp_externalities::ExternalitiesExt;
		match self.extension::<BlobHostExt>() {
			Some(host) => host.0.sector_proof(&root, shard, sector),
			None => Err(HostError::Unavailable),
		}
	}

	/// See [`BlobHost::retrieval_sector`]. (Added after version 2 of the others: a runtime that calls it needs a
	/// node that has it, so nodes upgrade before such a runtime is enacted.)
	fn retrieval_sector(
		&mut self,
		root: sp_runtime_interface::pass_by::PassPointerAndReadCopy<H256, 32>,
		shard: u32,
		sector: u64,
	) -> sp_runtime_interface::pass_by::AllocateAndReturnByCodec<Result<SectorWithProof, HostError>> {
		use sp_externalities::ExternalitiesExt;
		match self.extension::<BlobHostExt>() {
			Some(host) => host.0.retrieval_sector(&root, shard, sector),
			None => Err(HostError::Unavailable),
		}
	}

	/// See [`BlobHost::take_fraud_evidence`]. (Added after version 2 of the others, like `retrieval_sector`.)
	fn take_fraud_evidence(
		&mut self,
	) -> sp_runtime_interface::pass_by::AllocateAndReturnByCodec<Option<(H256, FraudEvidence)>> {
		use sp_externalities::ExternalitiesExt;
		self.extension::<BlobHostExt>().and_then(|host| host.0.take_fraud_evidence())
	}

	/// See [`BlobHost::drop_shard`].
	fn drop_shard(
		&mut self,
		root: sp_runtime_interface::pass_by::PassPointerAndReadCopy<H256, 32>,
		shard: u32,
	) {
		use sp_externalities::ExternalitiesExt;
		if let Some(host) = self.extension::<BlobHostExt>() {
			host.0.drop_shard(&root, shard)
		}
	}
}
