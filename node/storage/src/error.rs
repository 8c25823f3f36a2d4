//! What the storage layer answers: its typed errors (each with a stable JSON-RPC error code, which the RPC
//! crate passes on unchanged) and the summaries it reports of a node's blob store.

use serde::{Deserialize, Serialize};
use sp_core::H256;

/// The most bytes one `uploadChunk` or `download` call carries (4 MiB).
pub const MAX_CHUNK: u64 = 4 * 1024 * 1024;

/// Why a storage operation failed. Each kind has its own JSON-RPC error code (see [`StorageError::code`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageError {
	/// The file is larger than the chain or this node accepts.
	TooLarge { size: u64, max: u64 },
	/// Zero bytes.
	Empty,
	/// No upload with this id (never begun, finished, expired or discarded).
	UnknownUpload(u64),
	/// The chunk does not lie within the upload, or is larger than [`MAX_CHUNK`].
	BadRange { offset: u64, len: u64, size: u64 },
	/// `uploadFinish` before every byte arrived.
	Incomplete { received: u64, size: u64 },
	/// The uploaded data's file root is not the root given.
	RootMismatch { expected: H256, actual: H256 },
	/// The chain knows no file with this root.
	UnknownFile(H256),
	/// The file is known but not yet encoded, and this node does not hold it.
	NotYetAvailable(H256),
	/// Fewer than k shards could be fetched and checked.
	NotEnoughShards { have: usize, need: usize },
	/// The node's blob store is full.
	StoreFull { needed: u64, free: u64 },
	/// Uploads not yet paid for on chain may hold at most `--storage-upload-max-bytes` together; this one does
	/// not fit until others finish, are paid for or expire.
	UploadQuota { needed: u64, free: u64 },
	/// Too many uploads in progress: on the node, or begun by this connection.
	TooManyUploads { max: u32 },
	/// The node cannot do this now (too many downloads being rebuilt at once, another write of the same file under
	/// way, or a file dropped while an upload of it was only hashed); try again shortly.
	Busy,
	/// This node is writing the file itself (an upload of it is in progress), so it cannot also rebuild it into
	/// its cache: downloads and repairs read it from shards meanwhile.
	BeingWritten(H256),
	/// Anything else (I/O, database).
	Internal(String),
}

impl StorageError {
	/// The JSON-RPC error code.
	pub fn code(&self) -> i32 {
		match self {
			Self::TooLarge { .. } => 7001,
			Self::Empty => 7002,
			Self::UnknownUpload(_) => 7003,
			Self::BadRange { .. } => 7004,
			Self::Incomplete { .. } => 7005,
			Self::RootMismatch { .. } => 7006,
			Self::UnknownFile(_) => 7007,
			Self::NotYetAvailable(_) => 7008,
			Self::NotEnoughShards { .. } => 7009,
			Self::StoreFull { .. } => 7010,
			Self::UploadQuota { .. } => 7011,
			Self::TooManyUploads { .. } => 7012,
			Self::Busy => 7013,
			Self::BeingWritten(_) => 7014,
			Self::Internal(_) => 7099,
		}
	}
}

impl core::fmt::Display for StorageError {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		match self {
			Self::TooLarge { size, max } => write!(f, "file of {size} bytes is larger than the {max} accepted"),
			Self::Empty => write!(f, "an empty file cannot be stored"),
			Self::UnknownUpload(id) => write!(f, "no upload with id {id}"),
			Self::BadRange { offset, len, .. } if *len > MAX_CHUNK =>
				write!(f, "{len} bytes at offset {offset}: a call carries at most {MAX_CHUNK} bytes"),
			Self::BadRange { offset, len, size } =>
				write!(f, "{len} bytes at offset {offset} lie outside the {size} bytes of the data"),
			Self::Incomplete { received, size } =>
				write!(f, "upload incomplete: {received} of {size} bytes received"),
			Self::RootMismatch { expected, actual } =>
				write!(f, "the data's file root is {actual:?}, not {expected:?}"),
			Self::UnknownFile(root) => write!(f, "no file with root {root:?} on chain"),
			Self::NotYetAvailable(root) =>
				write!(f, "file {root:?} is not encoded yet and this node does not hold it"),
			Self::NotEnoughShards { have, need } =>
				write!(f, "only {have} of the {need} shards needed could be fetched and verified"),
			Self::StoreFull { needed, free } =>
				write!(f, "blob store full: {needed} bytes needed, {free} free"),
			Self::UploadQuota { needed, free } => write!(
				f,
				"upload quota exhausted: {needed} bytes needed, {free} free for uploads not yet paid for on chain"
			),
			Self::TooManyUploads { max } => write!(f, "too many uploads in progress (at most {max})"),
			Self::Busy => write!(f, "the node is busy rebuilding other files; try again shortly"),
			Self::BeingWritten(root) => write!(f, "file {root:?} is being uploaded to this node"),
			Self::Internal(e) => write!(f, "internal error: {e}"),
		}
	}
}

impl std::error::Error for StorageError {}

/// What a node's blob store holds (the reply of `zgStorage_usage`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoreUsage {
	/// Bytes of whole files and shards.
	pub used: u64,
	/// Bytes reserved by uploads in progress.
	pub reserved: u64,
	/// The most the store may hold (`--storage-max-bytes`).
	pub max: u64,
	/// Whole files held.
	pub files: u64,
	/// Shards held.
	pub shards: u64,
	/// Bytes of finished uploads the chain has not seen paid for yet (they count against the upload quota).
	pub unpaid: u64,
	/// Bytes of whole-file copies kept as a cache (downloads, stored uploads): evicted first when space is needed.
	pub cached: u64,
	/// Uploads in progress.
	pub uploads: u64,
}

/// What a node holds of a file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LocalHolding {
	/// The whole file (uploaded here, or rebuilt by a download).
	pub file: bool,
	/// Shards held, checked against their roots.
	pub shards: Vec<u32>,
}
