//! The storage network's data model, shared by the runtime (which verifies) and the node (which encodes, stores
//! and proves).
//!
//! - A file is cut into **sectors** of [`SECTOR_SIZE`] bytes (the last one zero-padded). Its id, the **file root**,
//!   is the keccak-256 Merkle root over its sectors followed by all-zero sectors up to [`padded_sectors`] (0G's
//!   "flow padding"), exactly as 0G's storage node and SDKs compute it ([`file_root`]): a file has the same root
//!   on zg as on 0G. File proofs are checked against [`file_leaf_count`] leaves.
//! - For erasure coding the file is cut into **segments** of [`SEGMENT_SIZE`] bytes (1024 sectors, the last one
//!   zero-padded). Each segment is split into `k` data pieces and `m` parity pieces are computed from them
//!   ([`ErasureParams`]); **shard** `i` is piece `i` of every segment, concatenated. Any `k` shards rebuild the
//!   file. Each shard has its own Merkle root over its sectors, the **shard root**, against which providers prove
//!   possession sector by sector.
//! - Proofs of access: every challenge round, [`derive_challenge`] turns chain randomness, a provider and the
//!   round into the sector the provider must produce with its Merkle proof ([`verify_merkle_proof`]).
//! - Checkable encoding: Reed-Solomon works byte by byte, so sector `j` of every shard forms a **stripe** that is
//!   a codeword on its own. A wrong encoding is therefore provable with a handful of sectors: a data-shard sector
//!   that is not the file sector it must hold ([`file_sector_of`], [`check_data_sector_fraud`]), or a parity
//!   sector that differs from the one recomputed from its stripe's data sectors ([`parity_stripe`],
//!   [`check_parity_sector_fraud`]).
//!
//! Everything outside [`erasure`] is `no_std` (the runtime runs it); [`erasure`] encodes and rebuilds whole files
//! and exists only natively. Natively, the leaves and nodes of a tree level are hashed several at once on the
//! CPU's vector units (`lanes`), and large trees on every core: the same hashes, so the same roots.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use reed_solomon_erasure::galois_8::ReedSolomon;
use scale_info::TypeInfo;
use sp_core::H256;
use sp_crypto_hashing::keccak_256;

pub mod host;
mod lanes;
pub use lanes::width as keccak_lanes;
#[cfg(test)]
mod tests;

/// Whether a file handed to the storage network (by a pallet, for one of its users) has reached it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delivery {
	/// Encoded (its encoder had the data) or fully stored.
	Delivered,
	/// On chain, waiting for its encoder to encode it.
	Waiting,
	/// Not on chain (never submitted, or dropped because it was never encoded).
	Lost,
}

/// What other pallets need of zg storage: the sizes of stored files, and storing files for their users (a compute
/// job's trained model, a certified DA blob kept beyond its retention). Pallets reach the storage pallet only
/// through this trait, which the runtime implements; a runtime without storage uses `()` (no stored files; every
/// `store` is refused).
pub trait StoredFiles<AccountId, Balance> {
	/// The size in bytes of the stored (fully acknowledged) file with this root.
	fn stored_size(root: &H256) -> Option<u64>;
	/// The storage provider whose node has `peer_id`, if it may encode files now.
	fn encoder_of_peer(peer_id: &[u8]) -> Option<AccountId>;
	/// The fee for storing `size` bytes for `periods` rounds.
	fn fee(size: u64, periods: u32) -> Option<Balance>;
	/// Submits the file for `owner`, who pays `fee(size, periods)` from its free balance, encoded by
	/// `encoder`. `Ok(false)`: the chain already has the file, nothing was paid.
	fn store(
		owner: &AccountId,
		root: H256,
		size: u64,
		periods: u32,
		encoder: &AccountId,
	) -> Result<bool, sp_runtime::DispatchError>;
	/// Whether the file reached the storage network.
	fn delivery(root: &H256) -> Delivery;
	/// The weight of `store` at its bounds.
	fn store_weight() -> sp_runtime::Weight;
}

impl<AccountId, Balance> StoredFiles<AccountId, Balance> for () {
	fn stored_size(_: &H256) -> Option<u64> {
		None
	}
	fn encoder_of_peer(_: &[u8]) -> Option<AccountId> {
		None
	}
	fn fee(_: u64, _: u32) -> Option<Balance> {
		None
	}
	fn store(_: &AccountId, _: H256, _: u64, _: u32, _: &AccountId) -> Result<bool, sp_runtime::DispatchError> {
		Err(sp_runtime::DispatchError::Other("no storage network"))
	}
	fn delivery(_: &H256) -> Delivery {
		Delivery::Lost
	}
	fn store_weight() -> sp_runtime::Weight {
		sp_runtime::Weight::zero()
	}
}

/// Bytes per sector: the unit a proof of access reveals.
pub const SECTOR_SIZE: usize = 256;
/// Sectors per segment.
pub const SECTORS_PER_SEGMENT: usize = 1024;
/// Bytes per segment (256 KiB): the unit of erasure coding and of upload.
pub const SEGMENT_SIZE: usize = SECTOR_SIZE * SECTORS_PER_SEGMENT;
/// The longest Merkle proof any tree of `u64` leaves can need; longer proofs are invalid.
pub const MAX_PROOF_LEN: usize = 64;

/// Number of sectors `size` bytes occupy (the last one possibly partial).
pub const fn sectors_for(size: u64) -> u64 {
	size.div_ceil(SECTOR_SIZE as u64)
}

/// Number of segments `size` bytes occupy (the last one possibly partial).
pub const fn segments_for(size: u64) -> u64 {
	size.div_ceil(SEGMENT_SIZE as u64)
}

/// How a file is erasure coded: `data_shards` (k) pieces per segment plus `parity_shards` (m) computed ones; any
/// k of the n = k + m shards rebuild the file, so losing any m providers loses nothing.
#[derive(
	Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct ErasureParams {
	/// k: pieces of the file itself per segment.
	pub data_shards: u8,
	/// m: pieces computed from the k data pieces.
	pub parity_shards: u8,
}

/// Why erasure parameters are unusable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErasureParamsError {
	/// k must be at least 1.
	NoDataShards,
	/// The segment must split into whole sectors: k must divide [`SECTORS_PER_SEGMENT`].
	SegmentNotDivisible,
	/// Reed-Solomon over GF(2^8) supports at most 256 shards in total.
	TooManyShards,
}

impl ErasureParams {
	/// The default: 4 data + 2 parity shards over 6 providers — any third of them may be lost, for 1.5× the
	/// raw size (0G's replication would need 3× for the same tolerance).
	pub const DEFAULT: Self = Self { data_shards: 4, parity_shards: 2 };

	/// Checks that the parameters describe a valid code over whole sectors.
	pub const fn validate(&self) -> Result<(), ErasureParamsError> {
		if self.data_shards == 0 {
			return Err(ErasureParamsError::NoDataShards);
		}
		if SECTORS_PER_SEGMENT % self.data_shards as usize != 0 {
			return Err(ErasureParamsError::SegmentNotDivisible);
		}
		if self.data_shards as usize + self.parity_shards as usize > 256 {
			return Err(ErasureParamsError::TooManyShards);
		}
		Ok(())
	}

	/// k + m.
	pub const fn total_shards(&self) -> u32 {
		self.data_shards as u32 + self.parity_shards as u32
	}

	/// Sectors of one shard per segment. Zero for invalid parameters (k = 0).
	pub const fn piece_sectors(&self) -> u64 {
		if self.data_shards == 0 {
			return 0;
		}
		(SECTORS_PER_SEGMENT / self.data_shards as usize) as u64
	}

	/// Bytes of one shard per segment.
	pub const fn piece_size(&self) -> usize {
		self.piece_sectors() as usize * SECTOR_SIZE
	}

	/// Bytes of a whole shard of a file of `size` bytes.
	pub const fn shard_size(&self, size: u64) -> u64 {
		segments_for(size) * self.piece_size() as u64
	}

	/// Sectors of a whole shard of a file of `size` bytes: the leaf count of every shard root.
	pub const fn shard_sectors(&self, size: u64) -> u64 {
		segments_for(size) * self.piece_sectors()
	}
}

impl Default for ErasureParams {
	fn default() -> Self {
		Self::DEFAULT
	}
}

/// The Merkle leaf of one sector: keccak-256 of its [`SECTOR_SIZE`] bytes (zero-padded if the data is shorter;
/// bytes past [`SECTOR_SIZE`] are ignored).
pub fn sector_leaf(sector: &[u8]) -> H256 {
	if sector.len() == SECTOR_SIZE {
		H256(keccak_256(sector))
	} else {
		let mut padded = [0u8; SECTOR_SIZE];
		let n = sector.len().min(SECTOR_SIZE);
		padded[..n].copy_from_slice(&sector[..n]);
		H256(keccak_256(&padded))
	}
}

/// The leaf of an all-zero sector: what every shard sector past the end of the file holds.
pub fn zero_sector_leaf() -> H256 {
	H256(keccak_256(&[0u8; SECTOR_SIZE]))
}

/// The parent of two nodes.
fn node(left: &H256, right: &H256) -> H256 {
	let mut buf = [0u8; 64];
	buf[..32].copy_from_slice(left.as_bytes());
	buf[32..].copy_from_slice(right.as_bytes());
	H256(keccak_256(&buf))
}

/// One level up: pairs hashed, an odd last node moved up unchanged.
fn parent_level(level: &[H256]) -> Vec<H256> {
	let mut up = Vec::with_capacity(level.len().div_ceil(2));
	let (pairs, odd) = level.split_at(level.len() / 2 * 2);
	lanes::hash_pairs(pairs, &mut up);
	up.extend_from_slice(odd);
	up
}

/// The Merkle root of `leaves`: pairs are hashed level by level; a level's odd last node moves up unchanged.
/// No leaves give the zero hash. The leaf count is part of what a proof is checked against, so trees of
/// different sizes cannot be confused.
pub fn merkle_root_of_leaves(level: Vec<H256>) -> H256 {
	#[cfg(feature = "std")]
	if level.len() >= parallel::MIN_LEAVES {
		return parallel::root_of_leaves(level, parallel::threads());
	}
	root_in_turn(level)
}

/// [`merkle_root_of_leaves`] on the calling thread.
fn root_in_turn(mut level: Vec<H256>) -> H256 {
	while level.len() > 1 {
		level = parent_level(&level);
	}
	level.first().copied().unwrap_or_else(H256::zero)
}

/// Sector leaves of `data` appended to `out` (a short last sector zero-padded).
fn push_sector_leaves(out: &mut Vec<H256>, data: &[u8]) {
	#[cfg(feature = "std")]
	if data.len() >= parallel::MIN_BYTES {
		return parallel::push_sector_leaves(out, data, parallel::threads());
	}
	push_sector_leaves_in_turn(out, data);
}

/// [`push_sector_leaves`] on the calling thread.
fn push_sector_leaves_in_turn(out: &mut Vec<H256>, data: &[u8]) {
	let (whole, short) = data.split_at(data.len() / SECTOR_SIZE * SECTOR_SIZE);
	lanes::hash_sectors(whole, out);
	if !short.is_empty() {
		out.push(sector_leaf(short));
	}
}

/// The leaves of the sectors of `data`, in order (a short last sector zero-padded): the leaves of its
/// [`merkle_root`].
pub fn sector_leaves(data: &[u8]) -> Vec<H256> {
	let mut leaves = Vec::with_capacity(data.len().div_ceil(SECTOR_SIZE));
	push_sector_leaves(&mut leaves, data);
	leaves
}

/// Hashing on every core in native builds (the node, its tools and tests): the same hashes in the same tree, so
/// the same roots as the wasm runtime computes on one thread. The parts run on rayon's pool of one thread per core,
/// started once: a node hashes every 1 MiB chunk it stores, sends or checks, and a new OS thread per part (what this
/// did before) cost more than the hashing it shared on a busy 2-core machine (a profile of the release benchmark's
/// cold download: thousands of threads a second, their stacks mapped and unmapped, every core interrupted to flush
/// its TLB; 13 % of the time no core busy).
#[cfg(feature = "std")]
mod parallel {
	use super::*;
	use rayon::prelude::*;

	/// Below these sizes a part costs more than it saves.
	pub const MIN_BYTES: usize = 1 << 20;
	pub const MIN_LEAVES: usize = MIN_BYTES / SECTOR_SIZE;

	/// How many parts to split work into: one per thread of the pool.
	pub fn threads() -> usize {
		rayon::current_num_threads()
	}

	/// `data` split in one run of whole sectors per part, hashed apart, appended in order.
	pub fn push_sector_leaves(out: &mut Vec<H256>, data: &[u8], threads: usize) {
		if threads < 2 {
			return push_sector_leaves_in_turn(out, data);
		}
		let per = data.len().div_ceil(threads).next_multiple_of(SECTOR_SIZE).max(SECTOR_SIZE);
		let parts: Vec<Vec<H256>> = data
			.par_chunks(per)
			.map(|part| {
				let mut leaves = Vec::with_capacity(part.len().div_ceil(SECTOR_SIZE));
				push_sector_leaves_in_turn(&mut leaves, part);
				leaves
			})
			.collect();
		out.reserve(data.len().div_ceil(SECTOR_SIZE));
		for part in parts {
			out.extend(part);
		}
	}

	/// [`super::subtree_roots`]: runs of `per` bytes hashed apart, or, when there are fewer runs than threads, each
	/// run on every thread.
	pub fn subtree_roots(data: &[u8], per: usize, threads: usize) -> Vec<H256> {
		if data.len().div_ceil(per) < threads {
			return data.chunks(per).map(merkle_root).collect();
		}
		data.par_chunks(per).map(|run| root_in_turn(run_leaves(run))).collect()
	}

	/// The tree split into aligned subtrees of `2^k` leaves, hashed apart. Pairing starts at the left and an odd
	/// last node moves up unchanged, so the root of the subtree of leaves `[i·2^k, (i+1)·2^k)` (the last one
	/// possibly shorter) is node `i` of level `k` of the whole tree; the tree above is built from those nodes.
	pub fn root_of_leaves(leaves: Vec<H256>, threads: usize) -> H256 {
		if leaves.len() < 2 || threads < 2 {
			return root_in_turn(leaves);
		}
		let per = leaves.len().div_ceil(threads);
		// The largest power of two not above `per`.
		let per = 1usize << (usize::BITS - 1 - per.leading_zeros());
		let level: Vec<H256> = leaves.par_chunks(per).map(|part| root_in_turn(part.to_vec())).collect();
		root_in_turn(level)
	}
}

/// The Merkle root over the sectors of `data`, unpadded: a **shard root**. (A file's root is [`file_root`].)
pub fn merkle_root(data: &[u8]) -> H256 {
	merkle_root_of_leaves(sector_leaves(data))
}

/// Bytes in an aligned run of 2^`height` sectors (`usize::MAX` past what a `usize` counts).
fn subtree_bytes(height: u32) -> usize {
	1usize.checked_shl(height).and_then(|n| n.checked_mul(SECTOR_SIZE)).unwrap_or(usize::MAX)
}

/// The nodes of level `height` of the sector tree of `data`: the Merkle roots of its aligned runs of
/// 2^`height` sectors, in order, the last possibly shorter. Pairs are hashed from the left and an odd node moves
/// up unchanged, so a level of the tree is the leaves of the tree above it: their [`merkle_root_of_leaves`] is the
/// [`merkle_root`] of `data`, for the same work. A node checking a shard chunk by its root keeps these on the way
/// (a data shard's piece of a segment is such a run, and the same run of the file's tree: see
/// [`FileRootBuilder::update_with_roots`]).
pub fn subtree_roots(data: &[u8], height: u32) -> Vec<H256> {
	let per = subtree_bytes(height);
	#[cfg(feature = "std")]
	if data.len() >= parallel::MIN_BYTES {
		return parallel::subtree_roots(data, per, parallel::threads());
	}
	data.chunks(per).map(|run| root_in_turn(run_leaves(run))).collect()
}

/// The sector leaves of `run`, on the calling thread.
fn run_leaves(run: &[u8]) -> Vec<H256> {
	let mut leaves = Vec::with_capacity(run.len().div_ceil(SECTOR_SIZE));
	push_sector_leaves_in_turn(&mut leaves, run);
	leaves
}

/// The smallest power of two `>= n` (1 for 0), saturating at `2^63`.
const fn next_pow2(n: u64) -> u64 {
	if n <= 1 {
		return 1;
	}
	match n.checked_next_power_of_two() {
		Some(p) => p,
		None => 1 << 63,
	}
}

/// The number of leaves of the tree of a file of `sectors` sectors: 0G's flow padding. A power of two stays as
/// it is; otherwise the count is rounded up to a multiple of `max(1, next_pow2(sectors) / 16)` with all-zero
/// sectors (as `computePaddedSize` in 0G's SDKs and `0g-storage-node`), so that the file's tree is made of at most
/// 16 aligned subtrees of equal height in 0G's flow.
pub const fn padded_sectors(sectors: u64) -> u64 {
	let pow2 = next_pow2(sectors);
	if pow2 == sectors {
		return sectors;
	}
	let unit = if pow2 >= 16 { pow2 / 16 } else { 1 };
	sectors.div_ceil(unit).saturating_mul(unit)
}

/// The leaf count of the tree of a file of `size` bytes: its sectors plus the flow padding.
pub const fn file_leaf_count(size: u64) -> u64 {
	padded_sectors(sectors_for(size))
}

/// Appends to a file's sector leaves the leaves of the all-zero sectors of its flow padding: the leaves of the
/// file's tree, against which [`merkle_proof`] makes file proofs.
pub fn pad_file_leaves(mut leaves: Vec<H256>) -> Vec<H256> {
	let padded = padded_sectors(leaves.len() as u64) as usize;
	if padded > leaves.len() {
		leaves.resize(padded, zero_sector_leaf());
	}
	leaves
}

/// The leaves of the tree of file `data` (its sector leaves and the padding's).
pub fn file_leaves(data: &[u8]) -> Vec<H256> {
	let mut leaves = Vec::with_capacity(data.len().div_ceil(SECTOR_SIZE));
	push_sector_leaves(&mut leaves, data);
	pad_file_leaves(leaves)
}

/// The file root of a file whose sector leaves are `leaves` (the padding is added here).
pub fn file_root_of_leaves(leaves: Vec<H256>) -> H256 {
	merkle_root_of_leaves(pad_file_leaves(leaves))
}

/// The **file root** of `data`, identical to 0G's (see the module docs). No data gives the zero hash.
pub fn file_root(data: &[u8]) -> H256 {
	merkle_root_of_leaves(file_leaves(data))
}

/// [`merkle_root_of_leaves`] fed a leaf, or an aligned complete subtree, at a time, in O(log n) memory. Pairs
/// are hashed from the left and an odd node moves up, so the root of n leaves is the roots of the complete
/// subtrees of n's binary decomposition (largest, leftmost first) folded from the right: 6 = 4 + 2 leaves give
/// `node(root(0..4), root(4..6))`, 7 give `node(root(0..4), node(root(4..6), leaf 6))`. The stream keeps those
/// roots as a binary counter does.
#[derive(Clone, Debug, Default)]
pub struct MerkleStream {
	/// (height, root) of the complete subtrees so far, heights strictly decreasing.
	stack: Vec<(u32, H256)>,
	count: u64,
}

impl MerkleStream {
	/// An empty stream.
	pub fn new() -> Self {
		Self::default()
	}

	/// Appends one leaf.
	pub fn push(&mut self, leaf: H256) {
		self.push_subtree(0, leaf);
	}

	/// Appends 2^`height` leaves whose Merkle root is `root`. Only where such a subtree starts in the whole tree:
	/// the leaves so far must be a multiple of 2^`height`; `false` (and nothing appended) otherwise.
	pub fn push_subtree(&mut self, height: u32, root: H256) -> bool {
		if height >= 63 || self.count % (1u64 << height) != 0 {
			return false;
		}
		let mut top = (height, root);
		while let Some(&(h, left)) = self.stack.last() {
			if h != top.0 {
				break;
			}
			self.stack.pop();
			top = (h + 1, node(&left, &top.1));
		}
		self.stack.push(top);
		self.count = self.count.saturating_add(1u64 << height);
		true
	}

	/// Leaves appended so far.
	pub fn count(&self) -> u64 {
		self.count
	}

	/// The Merkle root of everything appended ([`merkle_root_of_leaves`] of the leaves).
	pub fn finish(self) -> H256 {
		let mut subtrees = self.stack.into_iter().rev();
		let Some((_, mut root)) = subtrees.next() else { return H256::zero() };
		for (_, left) in subtrees {
			root = node(&left, &root);
		}
		root
	}
}

/// Leaves per aligned subtree [`FileRootBuilder`] hashes at once (a 1 MiB chunk's sectors, on every core).
const BUILDER_SUBTREE_HEIGHT: u32 = 12;
/// The largest subtree [`FileRootBuilder::update_with_roots`] takes by its root (2^40 sectors: 256 TiB).
const BUILDER_MAX_HEIGHT: u32 = 40;

/// Appends `leaves` to `stream` as the largest complete aligned subtrees that fit (at most
/// 2^[`BUILDER_SUBTREE_HEIGHT`] leaves each), each hashed at once.
fn push_leaves(stream: &mut MerkleStream, mut leaves: &[H256]) {
	while !leaves.is_empty() {
		let count = stream.count();
		let mut height = 0u32;
		while height < BUILDER_SUBTREE_HEIGHT &&
			count % (1u64 << (height + 1)) == 0 &&
			(1usize << (height + 1)) <= leaves.len()
		{
			height += 1;
		}
		let (subtree, rest) = leaves.split_at(1usize << height);
		stream.push_subtree(height, merkle_root_of_leaves(subtree.to_vec()));
		leaves = rest;
	}
}

/// Incremental [`file_root`]: feed the file in pieces of any size, then [`FileRootBuilder::finish`]. Keeps at most
/// one 1 MiB chunk's sector leaves (128 KiB) and O(log n) subtree roots, never the data nor all its leaves.
#[derive(Clone, Debug, Default)]
pub struct FileRootBuilder {
	stream: MerkleStream,
	/// Leaves after the last complete aligned subtree (fewer than 2^[`BUILDER_SUBTREE_HEIGHT`] once folded).
	leaves: Vec<H256>,
	partial: Vec<u8>,
	size: u64,
}

impl FileRootBuilder {
	/// An empty builder.
	pub fn new() -> Self {
		Self::default()
	}

	/// Appends `bytes` to the file.
	pub fn update(&mut self, mut bytes: &[u8]) {
		self.size = self.size.saturating_add(bytes.len() as u64);
		if !self.partial.is_empty() {
			let take = (SECTOR_SIZE - self.partial.len()).min(bytes.len());
			self.partial.extend_from_slice(&bytes[..take]);
			bytes = &bytes[take..];
			if self.partial.len() < SECTOR_SIZE {
				return;
			}
			self.leaves.push(sector_leaf(&self.partial));
			self.partial.clear();
		}
		let whole = bytes.len() / SECTOR_SIZE * SECTOR_SIZE;
		push_sector_leaves(&mut self.leaves, &bytes[..whole]);
		self.partial.extend_from_slice(&bytes[whole..]);
		self.fold();
	}

	/// [`Self::update`] for `bytes` of which some aligned runs of 2^`height` sectors have known Merkle roots: run `j`
	/// (bytes `j × 2^height × SECTOR_SIZE ..`, whole) has root `roots[j]` where that is `Some`. A known root is
	/// taken instead of hashing the run's bytes where the run is also an aligned subtree of the file's tree (the
	/// bytes fed before it fill whole subtrees of its size), so a file root costs no second hashing of what a
	/// node hashed already to check it; the other runs, a short last run and the bytes past `roots` are hashed.
	/// A root is trusted as it is: only roots computed from these very bytes may be given.
	pub fn update_with_roots(&mut self, bytes: &[u8], height: u32, roots: &[Option<H256>]) {
		let per = subtree_bytes(height);
		// Bytes up to `from` are fed.
		let mut from = 0;
		for (j, (run, root)) in bytes.chunks_exact(per).zip(roots).enumerate() {
			let Some(root) = root else { continue };
			let start = j * per;
			self.update(&bytes[from..start]);
			if !self.push_subtree(height, *root) {
				self.update(run);
			}
			from = start + per;
		}
		self.update(&bytes[from..]);
	}

	/// Appends 2^`height` sectors whose Merkle root is `root`, if they start an aligned subtree of the file's tree
	/// here; `false` (and nothing appended) otherwise.
	fn push_subtree(&mut self, height: u32, root: H256) -> bool {
		let sectors = self.stream.count().saturating_add(self.leaves.len() as u64);
		if !self.partial.is_empty() || height > BUILDER_MAX_HEIGHT || sectors % (1u64 << height) != 0 {
			return false;
		}
		push_leaves(&mut self.stream, &core::mem::take(&mut self.leaves));
		let pushed = self.stream.push_subtree(height, root);
		if pushed {
			self.size = self.size.saturating_add((SECTOR_SIZE as u64) << height);
		}
		pushed
	}

	/// Hashes the leaves held into the stream, as complete aligned subtrees, up to the last multiple of
	/// 2^[`BUILDER_SUBTREE_HEIGHT`] leaves of the whole tree.
	fn fold(&mut self) {
		let per = 1usize << BUILDER_SUBTREE_HEIGHT;
		if self.leaves.len() < per {
			return;
		}
		let after = (self.stream.count() % per as u64) as usize + self.leaves.len();
		let rest = self.leaves.split_off(self.leaves.len() - after % per);
		push_leaves(&mut self.stream, &self.leaves);
		self.leaves = rest;
	}

	/// Bytes fed so far.
	pub fn size(&self) -> u64 {
		self.size
	}

	/// The file root of everything fed.
	pub fn finish(mut self) -> H256 {
		if !self.partial.is_empty() {
			self.leaves.push(sector_leaf(&self.partial));
		}
		let sectors = self.stream.count().saturating_add(self.leaves.len() as u64);
		push_leaves(&mut self.stream, &core::mem::take(&mut self.leaves));
		// The flow padding's all-zero sectors, as the largest aligned all-zero subtrees that fit.
		let mut zeros = padded_sectors(sectors) - sectors;
		let mut zero_roots = alloc::vec![zero_sector_leaf()];
		while zeros > 0 {
			let count = self.stream.count();
			let mut height = 0u32;
			while height < 62 && count % (1u64 << (height + 1)) == 0 && (1u64 << (height + 1)) <= zeros {
				height += 1;
			}
			while zero_roots.len() <= height as usize {
				let last = zero_roots[zero_roots.len() - 1];
				zero_roots.push(node(&last, &last));
			}
			self.stream.push_subtree(height, zero_roots[height as usize]);
			zeros -= 1u64 << height;
		}
		self.stream.finish()
	}
}

/// The sibling hashes from a leaf up to the root. Levels where the path node has no sibling (an odd last node)
/// contribute nothing, so the proof's length is determined by the leaf's index and the leaf count.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct MerkleProof {
	/// Bottom-up.
	pub siblings: Vec<H256>,
}

/// The proof for leaf `index` of `leaves`; `None` if there is no such leaf.
pub fn merkle_proof(leaves: &[H256], index: u64) -> Option<MerkleProof> {
	let mut idx = usize::try_from(index).ok()?;
	if idx >= leaves.len() {
		return None;
	}
	let mut siblings = Vec::new();
	let mut level = leaves.to_vec();
	while level.len() > 1 {
		if let Some(s) = level.get(idx ^ 1) {
			siblings.push(*s);
		}
		level = parent_level(&level);
		idx /= 2;
	}
	Some(MerkleProof { siblings })
}

/// [`merkle_proof`] for leaf `index` of a tree whose leaves fall in aligned subtrees of `2^height` leaves each
/// (the last possibly shorter), from the leaves of the one subtree that holds it and the roots of all subtrees:
/// the same proof, with one subtree's leaves in memory instead of the whole tree's. Pairing starts at the left
/// and an odd last node moves up unchanged, so the levels below `height` pair only leaves of one subtree, and
/// subtree `i`'s root is node `i` of level `height`. (A storage node keeps the roots of each 1 MiB chunk of a
/// shard, 2^12 sectors, and proves a sector from one chunk.) `None` if `index` is past the last subtree, or the
/// leaves given cannot be that subtree's (none, more than `2^height`, or fewer while not the last).
pub fn merkle_proof_in_subtree(
	subtree_leaves: &[H256],
	subtree_roots: &[H256],
	height: u32,
	index: u64,
) -> Option<MerkleProof> {
	let per = 1u64.checked_shl(height)?;
	let subtree = index / per;
	let last = (subtree_roots.len() as u64).checked_sub(1)?;
	let count = subtree_leaves.len() as u64;
	if subtree > last || count == 0 || count > per || (subtree < last && count != per) {
		return None;
	}
	let mut proof = merkle_proof(subtree_leaves, index % per)?;
	proof.siblings.extend(merkle_proof(subtree_roots, subtree)?.siblings);
	Some(proof)
}

/// Whether `proof` shows that `leaf` is leaf number `index` of a tree of `leaf_count` leaves with root `root`.
/// Never panics: malformed proofs (wrong length, index out of range) are simply invalid.
pub fn verify_merkle_proof(
	root: &H256,
	leaf: H256,
	index: u64,
	leaf_count: u64,
	proof: &MerkleProof,
) -> bool {
	verify_merkle_path(root, leaf, index, leaf_count, &proof.siblings)
}

/// [`verify_merkle_proof`] with the siblings as a slice (as the runtime receives them, in a bounded vector).
pub fn verify_merkle_path(root: &H256, leaf: H256, index: u64, leaf_count: u64, siblings: &[H256]) -> bool {
	if index >= leaf_count || siblings.len() > MAX_PROOF_LEN {
		return false;
	}
	let mut hash = leaf;
	let mut idx = index;
	let mut width = leaf_count;
	let mut siblings = siblings.iter();
	while width > 1 {
		let is_right = idx % 2 == 1;
		let has_sibling = is_right || idx + 1 < width;
		if has_sibling {
			let Some(sibling) = siblings.next() else { return false };
			hash = if is_right { node(sibling, &hash) } else { node(&hash, sibling) };
		}
		idx /= 2;
		width = width.div_ceil(2);
	}
	siblings.next().is_none() && hash == *root
}

/// What a provider must prove in a challenge round: sector `sector` of its `assignment`-th challengeable shard
/// (an index into the list the pallet keeps, reduced modulo its length).
#[derive(
	Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct Challenge {
	/// Which of the provider's challengeable shards (index into its list).
	pub assignment: u32,
	/// Which sector of that shard.
	pub sector: u64,
}

/// The first eight bytes of `digest` from `at` as a little-endian integer.
fn word(digest: &[u8; 32], at: usize) -> u64 {
	let mut w = [0u8; 8];
	if let Some(bytes) = digest.get(at..at + 8) {
		w.copy_from_slice(bytes);
	}
	u64::from_le_bytes(w)
}

/// The challenge for `provider` in `round`, from the round's chain `randomness`, given how many shards the
/// provider holds and a function giving each one's sector count. Deterministic: the runtime and the provider's
/// node compute the same one; unpredictable before the randomness is known. `None` if it holds nothing.
pub fn derive_challenge(
	randomness: &[u8; 32],
	provider: &[u8],
	round: u64,
	assignments: u32,
	sectors_of: impl Fn(u32) -> u64,
) -> Option<Challenge> {
	if assignments == 0 {
		return None;
	}
	let mut seed = Vec::with_capacity(20 + 32 + provider.len() + 8);
	seed.extend_from_slice(b"zg/storage/challenge");
	seed.extend_from_slice(randomness);
	seed.extend_from_slice(provider);
	seed.extend_from_slice(&round.to_le_bytes());
	let digest = keccak_256(&seed);
	let assignment = (word(&digest, 0) % u64::from(assignments)) as u32;
	let sectors = sectors_of(assignment);
	if sectors == 0 {
		return None;
	}
	Some(Challenge { assignment, sector: word(&digest, 8) % sectors })
}

/// Picks `count` distinct indices into `weights`; each draw takes a not-yet-drawn index with probability
/// proportional to its weight (zero weights are never drawn). Deterministic in `seed`. `None` if fewer than
/// `count` weights are positive. Used to place shards on providers in proportion to their free capacity.
pub fn select_weighted(seed: &[u8; 32], weights: &[u64], count: usize) -> Option<Vec<usize>> {
	let mut remaining: Vec<(usize, u64)> =
		weights.iter().copied().enumerate().filter(|(_, w)| *w > 0).collect();
	if remaining.len() < count {
		return None;
	}
	let mut picked = Vec::with_capacity(count);
	for draw in 0..count as u64 {
		let total: u128 = remaining.iter().map(|(_, w)| u128::from(*w)).sum();
		let mut input = [0u8; 40];
		input[..32].copy_from_slice(seed);
		input[32..].copy_from_slice(&draw.to_le_bytes());
		let digest = keccak_256(&input);
		let mut x = (u128::from(word(&digest, 0)) << 64 | u128::from(word(&digest, 8))) % total.max(1);
		let pos = remaining.iter().position(|(_, w)| {
			let w = u128::from(*w);
			if x < w {
				true
			} else {
				x -= w;
				false
			}
		})?;
		picked.push(remaining.remove(pos).0);
	}
	Some(picked)
}

/// The file sector that sector `shard_sector` of data shard `data_shard` holds, or `None` if `data_shard` is not a
/// data shard (`>= k`) or the parameters are invalid. The result may lie past the file's last sector: those shard
/// sectors are zero padding.
pub fn file_sector_of(params: &ErasureParams, data_shard: u32, shard_sector: u64) -> Option<u64> {
	if params.validate().is_err() || data_shard >= u32::from(params.data_shards) {
		return None;
	}
	let piece = params.piece_sectors();
	(shard_sector / piece)
		.checked_mul(SECTORS_PER_SEGMENT as u64)?
		.checked_add(u64::from(data_shard) * piece)?
		.checked_add(shard_sector % piece)
}

/// Why a stripe could not be recomputed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum StripeError {
	/// The parameters are unusable.
	Params(ErasureParamsError),
	/// Exactly k data sectors are needed.
	DataSectorCount { have: usize, need: usize },
	/// Every data sector must be exactly [`SECTOR_SIZE`] bytes.
	SectorLength { index: usize, len: usize },
	/// The Reed-Solomon library refused the input.
	Codec(reed_solomon_erasure::Error),
}

/// The Reed-Solomon code of `params` (with at least one parity shard: the library needs one; when m = 0 it is
/// computed and dropped).
fn reed_solomon(params: &ErasureParams) -> Result<ReedSolomon, StripeError> {
	reed_solomon_with(params, StripeError::Params, StripeError::Codec)
}

/// [`reed_solomon`] with the caller's error type.
fn reed_solomon_with<E>(
	params: &ErasureParams,
	params_error: fn(ErasureParamsError) -> E,
	codec_error: fn(reed_solomon_erasure::Error) -> E,
) -> Result<ReedSolomon, E> {
	params.validate().map_err(params_error)?;
	ReedSolomon::new(params.data_shards as usize, params.parity_shards.max(1) as usize).map_err(codec_error)
}

/// The m parity sectors of one stripe, recomputed from its k data sectors (sector `j` of data shards `0..k`, in
/// order). Reed-Solomon works byte by byte, so these equal sector `j` of parity shards `k..n` of an honest
/// encoding. `no_std`: the runtime runs it to check fraud proofs; [`erasure::encode`] uses the same code.
pub fn parity_stripe<S: AsRef<[u8]>>(
	params: &ErasureParams,
	data: &[S],
) -> Result<Vec<[u8; SECTOR_SIZE]>, StripeError> {
	let rs = reed_solomon(params)?;
	let k = params.data_shards as usize;
	if data.len() != k {
		return Err(StripeError::DataSectorCount { have: data.len(), need: k });
	}
	if let Some((index, s)) = data.iter().enumerate().find(|(_, s)| s.as_ref().len() != SECTOR_SIZE) {
		return Err(StripeError::SectorLength { index, len: s.as_ref().len() });
	}
	let mut parity = alloc::vec![[0u8; SECTOR_SIZE]; params.parity_shards.max(1) as usize];
	rs.encode_sep(data, &mut parity).map_err(StripeError::Codec)?;
	parity.truncate(params.parity_shards as usize);
	Ok(parity)
}

/// Why an encoding fraud proof does not prove fraud.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FraudError {
	/// The erasure parameters are unusable.
	Params,
	/// The shard index is not a data shard (data-sector fraud) or not a parity shard (parity-sector fraud).
	WrongShardKind,
	/// The number of shard roots is not n.
	ShardRootCount,
	/// The sector lies past the end of the shard.
	SectorOutOfRange,
	/// The shard sector's Merkle proof does not verify against its shard root.
	BadShardProof,
	/// The file sector's Merkle proof does not verify against the file root.
	BadFileProof,
	/// Data sector `index` of the stripe does not verify against its shard root.
	BadDataProof { index: u32 },
	/// The stripe could not be recomputed (wrong number or size of data sectors).
	Stripe(StripeError),
	/// Everything verifies and agrees: the encoding is correct here.
	NoMismatch,
}

/// Checks the proof that data shard `shard` of a file is wrong at `sector`: `shard_leaf` is that sector's leaf
/// under `shard_root`, `file_leaf` the leaf of the file sector it must hold under `file_root` (ignored, with
/// `file_proof`, when that sector lies past the end of the file: then the shard sector must be all zeros). The
/// file proof is a path in the file's padded tree of [`file_leaf_count`] leaves.
/// `Ok(())` means fraud is proven: both proofs verify and the leaves differ.
#[allow(clippy::too_many_arguments)]
pub fn check_data_sector_fraud(
	params: &ErasureParams,
	file_root: &H256,
	file_size: u64,
	shard_root: &H256,
	shard: u32,
	sector: u64,
	shard_leaf: H256,
	shard_proof: &[H256],
	file_leaf: H256,
	file_proof: &[H256],
) -> Result<(), FraudError> {
	params.validate().map_err(|_| FraudError::Params)?;
	let file_sector = file_sector_of(params, shard, sector).ok_or(FraudError::WrongShardKind)?;
	let shard_sectors = params.shard_sectors(file_size);
	if sector >= shard_sectors {
		return Err(FraudError::SectorOutOfRange);
	}
	if !verify_merkle_path(shard_root, shard_leaf, sector, shard_sectors, shard_proof) {
		return Err(FraudError::BadShardProof);
	}
	let file_sectors = sectors_for(file_size);
	let expected = if file_sector < file_sectors {
		if !verify_merkle_path(file_root, file_leaf, file_sector, file_leaf_count(file_size), file_proof) {
			return Err(FraudError::BadFileProof);
		}
		file_leaf
	} else {
		zero_sector_leaf()
	};
	if expected == shard_leaf {
		return Err(FraudError::NoMismatch);
	}
	Ok(())
}

/// Checks the proof that parity shard `shard` (`k <= shard < n`) of a file is wrong at `sector`: `parity_leaf`
/// is that sector's leaf under its shard root, and `data` holds sector `sector` of each data shard `0..k` with its
/// Merkle proof. `Ok(())` means fraud is proven: every proof verifies and the parity sector recomputed from the
/// data sectors differs from `parity_leaf`.
pub fn check_parity_sector_fraud(
	params: &ErasureParams,
	file_size: u64,
	shard_roots: &[H256],
	shard: u32,
	sector: u64,
	parity_leaf: H256,
	parity_proof: &[H256],
	data: &[(&[u8], &[H256])],
) -> Result<(), FraudError> {
	params.validate().map_err(|_| FraudError::Params)?;
	if shard_roots.len() != params.total_shards() as usize {
		return Err(FraudError::ShardRootCount);
	}
	let k = u32::from(params.data_shards);
	if shard < k || shard >= params.total_shards() {
		return Err(FraudError::WrongShardKind);
	}
	let shard_sectors = params.shard_sectors(file_size);
	if sector >= shard_sectors {
		return Err(FraudError::SectorOutOfRange);
	}
	let parity_root = shard_roots.get(shard as usize).ok_or(FraudError::WrongShardKind)?;
	if !verify_merkle_path(parity_root, parity_leaf, sector, shard_sectors, parity_proof) {
		return Err(FraudError::BadShardProof);
	}
	if data.len() != k as usize {
		return Err(FraudError::Stripe(StripeError::DataSectorCount { have: data.len(), need: k as usize }));
	}
	for (index, ((bytes, proof), root)) in data.iter().zip(shard_roots).enumerate() {
		if bytes.len() != SECTOR_SIZE ||
			!verify_merkle_path(root, sector_leaf(bytes), sector, shard_sectors, proof)
		{
			return Err(FraudError::BadDataProof { index: index as u32 });
		}
	}
	let sectors: Vec<&[u8]> = data.iter().map(|(bytes, _)| *bytes).collect();
	let parity = parity_stripe(params, &sectors).map_err(FraudError::Stripe)?;
	let recomputed = parity.get((shard - k) as usize).ok_or(FraudError::WrongShardKind)?;
	if sector_leaf(recomputed) == parity_leaf {
		return Err(FraudError::NoMismatch);
	}
	Ok(())
}

/// Erasure coding of whole files into shards and back (native only: the node runs it). Reed-Solomon over
/// GF(2^8) (`reed-solomon-erasure`), the same code as [`parity_stripe`].
#[cfg(feature = "std")]
pub mod erasure {
	use super::*;

	/// The instruction-set extensions that `-march=haswell`, which reed-solomon-erasure's SIMD kernels are compiled
	/// with on x86-64, lets the C compiler use.
	#[cfg(target_arch = "x86_64")]
	const HASWELL: [(&str, fn() -> bool); 8] = [
		("avx2", || std::is_x86_feature_detected!("avx2")),
		("bmi1", || std::is_x86_feature_detected!("bmi1")),
		("bmi2", || std::is_x86_feature_detected!("bmi2")),
		("fma", || std::is_x86_feature_detected!("fma")),
		("lzcnt", || std::is_x86_feature_detected!("lzcnt")),
		("movbe", || std::is_x86_feature_detected!("movbe")),
		("popcnt", || std::is_x86_feature_detected!("popcnt")),
		("f16c", || std::is_x86_feature_detected!("f16c")),
	];

	/// Whether this CPU runs the erasure code's SIMD kernels: on x86-64 they are built for Haswell (2013) and later
	/// (AVX2). The node checks this when it starts, so that a CPU without them is told so at once rather than
	/// stopped by an illegal instruction at its first encoding, or at a fraud check that the rest of the network
	/// computes. Other architectures have no requirement beyond their baseline (aarch64: NEON).
	pub fn check_cpu() -> Result<(), String> {
		#[cfg(target_arch = "x86_64")]
		{
			let missing: Vec<&str> =
				HASWELL.iter().filter(|(_, present)| !present()).map(|(name, _)| *name).collect();
			if !missing.is_empty() {
				return Err(format!(
					"this CPU lacks {}, which zg's erasure code is built for (x86-64 Haswell or later); build the \
					 node with RUST_REED_SOLOMON_ERASURE_ARCH=x86-64-v2 in the environment (after `cargo clean -p \
					 reed-solomon-erasure`) to run it here",
					missing.join(", ")
				));
			}
		}
		Ok(())
	}

	/// Why encoding or reconstruction failed.
	#[derive(Clone, Debug, PartialEq)]
	pub enum ErasureError {
		/// The parameters are unusable.
		Params(ErasureParamsError),
		/// Fewer than k shards were given.
		TooFewShards { have: usize, need: usize },
		/// A shard does not have the length the file size implies.
		ShardLength { index: usize, len: usize, expected: u64 },
		/// More shards than the parameters have.
		TooManyShards { have: usize, max: usize },
		/// The Reed-Solomon library refused the input.
		Codec(reed_solomon_erasure::Error),
	}

	fn codec(params: &ErasureParams) -> Result<ReedSolomon, ErasureError> {
		reed_solomon_with(params, ErasureError::Params, ErasureError::Codec)
	}

	/// Splits `data` into the n = k + m shards of `params` (see the module docs for the layout).
	pub fn encode(params: &ErasureParams, data: &[u8]) -> Result<Vec<Vec<u8>>, ErasureError> {
		let len = params.shard_size(data.len() as u64) as usize;
		// One allocation each (`vec![vec![0; len]; n]` would copy the first into the others).
		let mut shards: Vec<Vec<u8>> = (0..params.total_shards()).map(|_| vec![0u8; len]).collect();
		let mut outputs: Vec<&mut [u8]> = shards.iter_mut().map(|shard| shard.as_mut_slice()).collect();
		encode_into(params, data, &mut outputs)?;
		Ok(shards)
	}

	/// [`encode`] into `shards`, one slice per shard of [`ErasureParams::shard_size`] bytes for `data`, each
	/// written whole: the data pieces copied straight from `data` and the parity pieces coded in place, with no
	/// shard built up piece by piece (the encoder codes a file a few segments at a time into its chunks this way).
	pub fn encode_into(params: &ErasureParams, data: &[u8], shards: &mut [&mut [u8]]) -> Result<(), ErasureError> {
		let rs = codec(params)?;
		let k = params.data_shards as usize;
		let n = params.total_shards() as usize;
		let piece = params.piece_size();
		let expected = params.shard_size(data.len() as u64);
		if shards.len() < n {
			return Err(ErasureError::TooFewShards { have: shards.len(), need: n });
		}
		if shards.len() > n {
			return Err(ErasureError::TooManyShards { have: shards.len(), max: n });
		}
		if let Some(index) = shards.iter().position(|shard| shard.len() as u64 != expected) {
			return Err(ErasureError::ShardLength { index, len: shards[index].len(), expected });
		}
		for (s, segment) in data.chunks(SEGMENT_SIZE).enumerate() {
			let at = s * piece..(s + 1) * piece;
			let mut pieces: Vec<&mut [u8]> = shards.iter_mut().map(|shard| &mut shard[at.clone()]).collect();
			for (i, p) in pieces.iter_mut().take(k).enumerate() {
				let start = (i * piece).min(segment.len());
				let end = ((i + 1) * piece).min(segment.len());
				p[..end - start].copy_from_slice(&segment[start..end]);
				p[end - start..].fill(0);
			}
			// Without parity shards (m = 0) the shards are the data pieces alone.
			if n > k {
				rs.encode(&mut pieces).map_err(ErasureError::Codec)?;
			}
		}
		Ok(())
	}

	/// The shard roots of `shards`, in order.
	pub fn shard_roots(shards: &[Vec<u8>]) -> Vec<H256> {
		shards.iter().map(|s| merkle_root(s)).collect()
	}

	/// Rebuilds the `size`-byte file from any k of its shards (`None` for the missing ones).
	pub fn reconstruct(
		params: &ErasureParams,
		mut shards: Vec<Option<Vec<u8>>>,
		size: u64,
	) -> Result<Vec<u8>, ErasureError> {
		let rs = codec(params)?;
		let k = params.data_shards as usize;
		let n = params.total_shards() as usize;
		if shards.len() > n {
			return Err(ErasureError::TooManyShards { have: shards.len(), max: n });
		}
		shards.resize(k + params.parity_shards.max(1) as usize, None);
		let expected = params.shard_size(size);
		for (index, shard) in shards.iter().enumerate() {
			if let Some(s) = shard {
				if s.len() as u64 != expected {
					return Err(ErasureError::ShardLength { index, len: s.len(), expected });
				}
			}
		}
		let have = shards.iter().filter(|s| s.is_some()).count();
		if have < k {
			return Err(ErasureError::TooFewShards { have, need: k });
		}
		let piece = params.piece_size();
		let segments = segments_for(size) as usize;
		let mut out = Vec::with_capacity(segments * SEGMENT_SIZE);
		if shards[..k].iter().all(Option::is_some) {
			// The k data shards (the code is systematic): their pieces side by side, nothing to decode.
			let data: Vec<&[u8]> = shards[..k].iter().flatten().map(Vec::as_slice).collect();
			for s in 0..segments {
				for shard in &data {
					out.extend_from_slice(&shard[s * piece..(s + 1) * piece]);
				}
			}
			out.truncate(size as usize);
			return Ok(out);
		}
		for s in 0..segments {
			let mut pieces: Vec<Option<Vec<u8>>> = shards
				.iter()
				.map(|shard| shard.as_ref().map(|b| b[s * piece..(s + 1) * piece].to_vec()))
				.collect();
			rs.reconstruct_data(&mut pieces).map_err(ErasureError::Codec)?;
			for p in pieces.into_iter().take(k) {
				out.extend_from_slice(&p.ok_or(ErasureError::TooFewShards { have, need: k })?);
			}
		}
		out.truncate(size as usize);
		Ok(out)
	}
}

/// Evidence that an encoding is wrong, as a node finds it: what an encoding fraud proof on chain carries (the
/// pallet's `EncodingFraudProof`, with plain vectors instead of bounded ones). See [`check_data_sector_fraud`] and
/// [`check_parity_sector_fraud`] for what each variant proves.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub enum FraudEvidence {
	/// Sector `sector` of data shard `shard` is not the file sector it must hold.
	DataSector {
		shard: u32,
		sector: u64,
		shard_leaf: H256,
		shard_proof: Vec<H256>,
		/// Zero with an empty proof when the file sector lies past the end of the file.
		file_leaf: H256,
		file_proof: Vec<H256>,
	},
	/// Sector `sector` of parity shard `shard` is not the one recomputed from the stripe's data sectors, which
	/// are given (bytes and path) for data shards `0..k` in order.
	ParitySector { shard: u32, sector: u64, parity_leaf: H256, parity_proof: Vec<H256>, data: Vec<(Vec<u8>, Vec<H256>)> },
}

/// Finding wrong encodings in shards a node holds (native only).
#[cfg(feature = "std")]
pub mod fraud {
	use super::*;

	fn sector(shard: &[u8], j: usize) -> Vec<u8> {
		let mut bytes = shard.get(j * SECTOR_SIZE..).unwrap_or_default().iter().take(SECTOR_SIZE).copied().collect::<Vec<_>>();
		bytes.resize(SECTOR_SIZE, 0);
		bytes
	}

	/// The first stripe where a parity shard differs from the parity recomputed from the data shards, as
	/// evidence. Needs every data shard (`shards[0..k]`) and looks at the parity shards given; `None` when they
	/// agree (or data shards are missing).
	pub fn find_parity_fraud(params: &ErasureParams, shards: &[Option<Vec<u8>>]) -> Option<FraudEvidence> {
		let k = params.data_shards as usize;
		let n = params.total_shards() as usize;
		let data: Vec<&Vec<u8>> = shards.iter().take(k).map(|s| s.as_ref()).collect::<Option<_>>()?;
		if data.len() != k {
			return None;
		}
		let sectors = data.iter().map(|d| d.len().div_ceil(SECTOR_SIZE)).max().unwrap_or(0);
		for j in 0..sectors {
			let stripe: Vec<Vec<u8>> = data.iter().map(|d| sector(d, j)).collect();
			let parity = parity_stripe(params, &stripe).ok()?;
			for p in k..n {
				let Some(Some(shard)) = shards.get(p) else { continue };
				let have = sector(shard, j);
				if parity.get(p - k).is_some_and(|want| want[..] != have[..]) {
					let parity_proof = merkle_proof(&sector_leaves(shard), j as u64)?.siblings;
					let data = data
						.iter()
						.zip(stripe)
						.map(|(d, bytes)| Some((bytes, merkle_proof(&sector_leaves(d), j as u64)?.siblings)))
						.collect::<Option<Vec<_>>>()?;
					return Some(FraudEvidence::ParitySector {
						shard: p as u32,
						sector: j as u64,
						parity_leaf: sector_leaf(&have),
						parity_proof,
						data,
					});
				}
			}
		}
		None
	}

	/// The first sector of a data shard given in `shards` that is not the sector of `file` it must hold, as
	/// evidence (with its path in the file's padded tree). `file` must be the file (its root checked).
	pub fn find_data_fraud(params: &ErasureParams, file: &[u8], shards: &[Option<Vec<u8>>]) -> Option<FraudEvidence> {
		let k = params.data_shards as u32;
		let size = file.len() as u64;
		let file_leaves = file_leaves(file);
		let file_sectors = sectors_for(size);
		for (i, shard) in shards.iter().enumerate().take(k as usize) {
			let Some(shard) = shard else { continue };
			let shard_leaves = sector_leaves(shard);
			for (j, shard_leaf) in shard_leaves.iter().enumerate() {
				let f = file_sector_of(params, i as u32, j as u64)?;
				let (want, file_leaf, file_proof) = if f < file_sectors {
					let leaf = *file_leaves.get(f as usize)?;
					(leaf, leaf, merkle_proof(&file_leaves, f)?.siblings)
				} else {
					(zero_sector_leaf(), H256::zero(), Vec::new())
				};
				if want != *shard_leaf {
					return Some(FraudEvidence::DataSector {
						shard: i as u32,
						sector: j as u64,
						shard_leaf: *shard_leaf,
						shard_proof: merkle_proof(&shard_leaves, j as u64)?.siblings,
						file_leaf,
						file_proof,
					});
				}
			}
		}
		None
	}

	#[cfg(test)]
	mod tests {
		use super::*;

		fn file() -> Vec<u8> {
			(0..300_000u32).map(|i| (i.wrapping_mul(2654435761) >> 11) as u8).collect()
		}

		#[test]
		fn an_honest_encoding_shows_no_fraud() {
			let params = ErasureParams::DEFAULT;
			let data = file();
			let shards: Vec<Option<Vec<u8>>> = erasure::encode(&params, &data).unwrap().into_iter().map(Some).collect();
			assert_eq!(find_parity_fraud(&params, &shards), None);
			assert_eq!(find_data_fraud(&params, &data, &shards), None);
		}

		#[test]
		fn a_wrong_parity_sector_is_found_and_the_evidence_checks() {
			let params = ErasureParams::DEFAULT;
			let data = file();
			let mut shards = erasure::encode(&params, &data).unwrap();
			shards[5][7 * SECTOR_SIZE + 9] ^= 0x40;
			let roots = erasure::shard_roots(&shards);
			let given: Vec<Option<Vec<u8>>> = shards.into_iter().map(Some).collect();
			let Some(FraudEvidence::ParitySector { shard, sector, parity_leaf, parity_proof, data: stripe }) =
				find_parity_fraud(&params, &given)
			else {
				panic!("no parity fraud found")
			};
			assert_eq!((shard, sector), (5, 7));
			let openings: Vec<(&[u8], &[H256])> = stripe.iter().map(|(b, p)| (b.as_slice(), p.as_slice())).collect();
			assert_eq!(
				check_parity_sector_fraud(&params, data.len() as u64, &roots, shard, sector, parity_leaf, &parity_proof, &openings),
				Ok(())
			);
		}

		#[test]
		fn a_wrong_data_sector_is_found_against_the_file_and_the_evidence_checks() {
			let params = ErasureParams::DEFAULT;
			let data = file();
			let mut shards = erasure::encode(&params, &data).unwrap();
			shards[2][300 * SECTOR_SIZE] ^= 1;
			let roots = erasure::shard_roots(&shards);
			let given: Vec<Option<Vec<u8>>> = shards.into_iter().map(Some).collect();
			let Some(FraudEvidence::DataSector { shard, sector, shard_leaf, shard_proof, file_leaf, file_proof }) =
				find_data_fraud(&params, &data, &given)
			else {
				panic!("no data fraud found")
			};
			assert_eq!((shard, sector), (2, 300));
			assert_eq!(
				check_data_sector_fraud(
					&params, &file_root(&data), data.len() as u64, &roots[2], shard, sector, shard_leaf, &shard_proof,
					file_leaf, &file_proof
				),
				Ok(())
			);
		}
	}
}
