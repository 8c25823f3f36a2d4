//! # Data availability primitives
//!
//! What the DA pallet, the signers' off-chain workers, the disperser and samplers must agree on, byte for byte.
//!
//! - **Format: Ethereum's.** A zg blob's bytes are cut into *rows*: each row is one EIP-4844 blob of 4,096
//!   BLS12-381 field elements (32 bytes each, big endian). Every element carries [`DATA_PER_ELEMENT`] = 31 bytes
//!   of data behind a zero byte, so every element is canonical whatever the data ([`pack_row`]); the last row is
//!   zero-padded. Each row has a 48-byte KZG commitment and is extended to 128 EIP-7594 *cells* of 2 KiB (64
//!   field elements): cells 0–63 are the row itself, cells 64–127 its Reed-Solomon extension, each with a 48-byte
//!   KZG proof against the row's commitment. Any 64 cells of a row rebuild it. Cell `c` of every row forms
//!   *column* `c`; committee slots hold columns.
//! - **Second commitment.** The raw data's 256-byte-sector keccak root ([`crate::storage::file_root`], 0G's data
//!   root, the same as zg storage), so a certified blob can be kept by the storage network without re-hashing.
//! - **Verification** of cells against commitments runs natively through [`host::zg_da`] (c-kzg, the library
//!   Ethereum clients use, with Ethereum's trusted setup): any Ethereum KZG library can check a zg sample.

use alloc::vec::Vec;

pub mod custody;
#[cfg(feature = "std")]
pub mod kzg;
pub mod host;

/// Bytes of a field element.
pub const BYTES_PER_ELEMENT: usize = 32;
/// Data bytes per field element: the first byte of each element is zero, so every element is below the modulus.
pub const DATA_PER_ELEMENT: usize = 31;
/// Field elements per row (an EIP-4844 blob).
pub const ELEMENTS_PER_ROW: usize = 4_096;
/// Bytes of a row (an EIP-4844 blob).
pub const BYTES_PER_ROW: usize = ELEMENTS_PER_ROW * BYTES_PER_ELEMENT;
/// Data bytes per row.
pub const DATA_PER_ROW: usize = ELEMENTS_PER_ROW * DATA_PER_ELEMENT;
/// Cells (columns) of an extended row (EIP-7594).
pub const CELLS_PER_ROW: usize = 128;
/// Cells that carry the row itself; the rest are its extension. Any this many cells rebuild the row.
pub const DATA_CELLS_PER_ROW: usize = 64;
/// Bytes of a cell.
pub const BYTES_PER_CELL: usize = 2_048;
/// Bytes of a KZG commitment (a compressed BLS12-381 G1 point).
pub const COMMITMENT_LEN: usize = 48;
/// Bytes of a KZG proof.
pub const PROOF_LEN: usize = 48;
/// The largest blob: 32 MiB of data.
pub const MAX_BLOB_SIZE: u64 = 32 * 1024 * 1024;
/// The rows of the largest blob.
pub const MAX_ROWS: u32 = rows_for(MAX_BLOB_SIZE);

/// A row's KZG commitment.
pub type Commitment = [u8; COMMITMENT_LEN];
/// A cell's KZG proof.
pub type Proof = [u8; PROOF_LEN];

/// The rows a blob of `size` bytes takes (at least one).
pub const fn rows_for(size: u64) -> u32 {
	let rows = size.div_ceil(DATA_PER_ROW as u64);
	if rows == 0 {
		1
	} else {
		rows as u32
	}
}

/// Row `row` of `data` as an EIP-4844 blob: 31 data bytes behind a zero byte in each element, zeros past the end.
pub fn pack_row(data: &[u8], row: u32) -> Vec<u8> {
	let mut out = alloc::vec![0u8; BYTES_PER_ROW];
	let start = (row as usize).saturating_mul(DATA_PER_ROW);
	let end = start.saturating_add(DATA_PER_ROW).min(data.len());
	if start < end {
		for (element, chunk) in out.chunks_mut(BYTES_PER_ELEMENT).zip(data[start..end].chunks(DATA_PER_ELEMENT)) {
			element[1..1 + chunk.len()].copy_from_slice(chunk);
		}
	}
	out
}

/// Why packed bytes are not a zg row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowError {
	/// Not [`BYTES_PER_ROW`] bytes.
	Length,
	/// An element whose first byte is not zero: not made by [`pack_row`].
	Element(usize),
}

/// The data bytes of a packed row (all [`DATA_PER_ROW`] of them; the caller cuts the blob to its size).
pub fn unpack_row(row: &[u8]) -> Result<Vec<u8>, RowError> {
	if row.len() != BYTES_PER_ROW {
		return Err(RowError::Length);
	}
	let mut out = Vec::with_capacity(DATA_PER_ROW);
	for (i, element) in row.chunks(BYTES_PER_ELEMENT).enumerate() {
		if element[0] != 0 {
			return Err(RowError::Element(i));
		}
		out.extend_from_slice(&element[1..]);
	}
	Ok(out)
}

/// Which column of which row: a cell of a blob.
#[derive(
	Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, codec::Encode, codec::Decode, scale_info::TypeInfo,
	codec::MaxEncodedLen, codec::DecodeWithMemTracking,
)]
pub struct CellIndex {
	/// The row (an EIP-4844 blob of the zg blob).
	pub row: u32,
	/// The column (0–63: data, 64–127: extension).
	pub column: u8,
}

/// The probability that `samples` distinct columns, drawn uniformly at random and each fetched whole (its cell in
/// every row, each checked against its row's commitment), are all available although the blob is **not**
/// recoverable — `1 − confidence`, in parts per 10¹⁸ (integer arithmetic, so the runtime and every client agree).
///
/// A row is lost only if at least `CELLS_PER_ROW − DATA_CELLS_PER_ROW + 1` = 65 of its 128 cells are withheld. A
/// column sample fails if any of its cells is withheld, so hiding a row means the sampler must miss at least 65
/// columns: with `s` samples drawn without replacement the chance is at most
/// `∏_{i<s} (63 − i) / (128 − i)`, whatever the number of rows: 16 samples < 1.2 × 10⁻⁵ (confidence > 99.99 %),
/// 30 samples < 10⁻⁹, 64 samples 0. Sampling single cells instead would not do for blobs of many rows: a withheld
/// row is then 65 cells among `rows × 128`, which a few samples almost always miss. A column costs `rows × 2 KiB`
/// (32 KiB for 16 samples of a one-row blob; 8.3 MiB for 16 samples of a 32 MiB blob, 13 % of its extension).
pub fn miss_probability_ppq(samples: u32) -> u128 {
	const ONE: u128 = 1_000_000_000_000_000_000;
	let columns = CELLS_PER_ROW as u128;
	let safe = (DATA_CELLS_PER_ROW - 1) as u128;
	let mut p = ONE;
	for i in 0..(samples as u128).min(columns) {
		if i >= safe {
			return 0;
		}
		p = p * (safe - i) / (columns - i);
	}
	p
}

/// A blob's id: its place in submission order.
pub type BlobId = u64;
/// A blob's namespace (a rollup's or app's own number; the chain does not interpret it).
pub type Namespace = u64;
/// A DA epoch: `block / epoch_length`. Each epoch has its own committee.
pub type EpochIndex = u32;

/// The slots of a committee that hold `column`: slot `s` of `slots` holds the columns `c` with
/// `c % slots == s` (`slots` divides [`CELLS_PER_ROW`]).
pub const fn slot_of_column(column: u8, slots: u32) -> u32 {
	column as u32 % slots
}

/// The columns slot `slot` of `slots` holds, in order.
pub fn columns_of_slot(slot: u32, slots: u32) -> impl Iterator<Item = u8> {
	(0..CELLS_PER_ROW as u32).filter(move |c| c % slots == slot).map(|c| c as u8)
}

/// Whether `attested` of `slots` slots reach the certificate quorum: at least two thirds, counted exactly
/// (`3 · attested ≥ 2 · slots`).
pub const fn quorum_reached(attested: u32, slots: u32) -> bool {
	slots > 0 && 3 * attested as u64 >= 2 * slots as u64
}

/// Draws a committee: for each of `slots` slots, the index of the candidate holding it, picked with probability
/// proportional to its stake (with replacement, so a candidate with a third of the stake expects a third of the
/// slots). Slot `i`'s draw is `blake2_256(seed ‖ i as u32 LE)` read as a little-endian u128, reduced modulo the
/// total stake, and located among the candidates' cumulative stakes: anyone holding the seed (the chain's
/// randomness) and the stakes reproduces it. Empty when no candidate has stake.
pub fn draw_committee(seed: &[u8; 32], stakes: &[u128], slots: u32) -> Vec<u32> {
	let mut cumulative = Vec::with_capacity(stakes.len());
	let mut total: u128 = 0;
	for stake in stakes {
		total = total.saturating_add(*stake);
		cumulative.push(total);
	}
	if total == 0 {
		return Vec::new();
	}
	(0..slots)
		.map(|slot| {
			let mut input = [0u8; 36];
			input[..32].copy_from_slice(seed);
			input[32..].copy_from_slice(&slot.to_le_bytes());
			let hash = sp_crypto_hashing::blake2_256(&input);
			let mut word = [0u8; 16];
			word.copy_from_slice(&hash[..16]);
			let point = u128::from_le_bytes(word) % total;
			// The first candidate whose cumulative stake exceeds the point (zero stakes are never chosen).
			cumulative.partition_point(|c| *c <= point) as u32
		})
		.collect()
}

/// A blob as the node's RPC shows it.
#[derive(Clone, Debug, PartialEq, Eq, codec::Encode, codec::Decode, scale_info::TypeInfo)]
pub struct BlobView<AccountId, Balance, BlockNumber> {
	/// Who submitted (and paid for) it.
	pub submitter: AccountId,
	/// Its namespace.
	pub namespace: Namespace,
	/// Its size in bytes.
	pub size: u64,
	/// The 256-byte-sector keccak root of its data (zg storage's file root).
	pub data_root: [u8; 32],
	/// The epoch whose committee holds it.
	pub epoch: EpochIndex,
	/// The block it was submitted in.
	pub submitted_at: BlockNumber,
	/// The last block attestations count in.
	pub deadline: BlockNumber,
	/// The block after which it is pruned.
	pub expires_at: BlockNumber,
	/// The fee paid.
	pub fee: Balance,
	/// `pending`, `certified` or `unavailable`.
	pub status: Vec<u8>,
	/// The block of its certificate.
	pub certified_at: Option<BlockNumber>,
	/// The committee slots that attested.
	pub attested_slots: u32,
	/// The committee's slots.
	pub slots: u32,
	/// The peer id of the node that serves its cells to the committee.
	pub disperser: Vec<u8>,
}

/// One real cell for benchmarks and tests that cannot compute cells (the wasm runtime): `commitment (48) ‖ proof
/// (48) ‖ column (1) ‖ cell (2,048)`, column 77 of the one-row blob [`sample_blob_data`] (checked, and rewritten
/// with `ZG_REGENERATE=1`, by this module's tests).
pub const SAMPLE_CELL: &[u8] = include_bytes!("da/sample_cell.bin");

/// The data of the blob [`SAMPLE_CELL`] comes from.
pub fn sample_blob_data() -> Vec<u8> {
	(0..10_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect()
}

/// [`SAMPLE_CELL`] split: commitment, proof, column, cell.
pub fn sample_cell() -> (Commitment, Proof, u8, &'static [u8]) {
	let mut commitment = [0u8; COMMITMENT_LEN];
	let mut proof = [0u8; PROOF_LEN];
	commitment.copy_from_slice(&SAMPLE_CELL[..48]);
	proof.copy_from_slice(&SAMPLE_CELL[48..96]);
	(commitment, proof, SAMPLE_CELL[96], &SAMPLE_CELL[97..])
}

sp_api::decl_runtime_apis! {
	/// What the node (RPC, dispersal, signers, samplers) reads from the DA pallet.
	pub trait DaApi<AccountId, Balance, BlockNumber>
	where
		AccountId: codec::Codec,
		Balance: codec::Codec,
		BlockNumber: codec::Codec,
	{
		/// The blob, until it is pruned.
		fn blob(id: BlobId) -> Option<BlobView<AccountId, Balance, BlockNumber>>;
		/// The blob's row commitments, until it is pruned (or found unavailable).
		fn commitments(id: BlobId) -> Option<Vec<Commitment>>;
		/// The committee of `epoch` (slot `s` held by entry `s`), while the chain keeps it.
		fn committee(epoch: EpochIndex) -> Option<Vec<AccountId>>;
		/// The libp2p peer id of each slot's signer in `epoch`'s committee (empty where the signer has left).
		fn committee_peers(epoch: EpochIndex) -> Option<Vec<Vec<u8>>>;
		/// The blob ids the chain keeps: `oldest..next`.
		fn window() -> (BlobId, BlobId);
		/// The current epoch and the block it started at.
		fn epoch() -> (EpochIndex, BlockNumber);
		/// The fee a blob of `size` bytes pays now (`None`: not a valid size).
		fn fee(size: u64) -> Option<Balance>;
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn rows_pack_and_unpack_every_byte_and_stay_canonical() {
		assert_eq!(rows_for(0), 1);
		assert_eq!(rows_for(DATA_PER_ROW as u64), 1);
		assert_eq!(rows_for(DATA_PER_ROW as u64 + 1), 2);
		assert_eq!(MAX_ROWS, 265);
		let data: Vec<u8> = (0..DATA_PER_ROW + 1_000).map(|i| (i * 7 + 0xff) as u8).collect();
		let mut back = Vec::new();
		for row in 0..rows_for(data.len() as u64) {
			let packed = pack_row(&data, row);
			assert_eq!(packed.len(), BYTES_PER_ROW);
			assert!(packed.chunks(32).all(|e| e[0] == 0), "every element is below the modulus");
			back.extend(unpack_row(&packed).unwrap());
		}
		back.truncate(data.len());
		assert_eq!(back, data);
		// Past the end: zeros; malformed rows refused.
		assert!(pack_row(&data, 5).iter().all(|b| *b == 0));
		assert_eq!(unpack_row(&[0u8; 10]), Err(RowError::Length));
		let mut bad = pack_row(&data, 0);
		bad[64] = 1;
		assert_eq!(unpack_row(&bad), Err(RowError::Element(2)));
	}

	#[test]
	fn sampling_confidence_follows_the_formula() {
		const ONE: f64 = 1e18;
		let p16 = miss_probability_ppq(16) as f64 / ONE;
		let exact: f64 = (0..16).map(|i| (63.0 - i as f64) / (128.0 - i as f64)).product();
		assert!((p16 - exact).abs() < 1e-15, "{p16} vs {exact}");
		assert!(p16 < 1.2e-5, "16 samples: confidence > 99.99 %");
		assert!((miss_probability_ppq(30) as f64 / ONE) < 1e-9);
		assert_eq!(miss_probability_ppq(0), 1_000_000_000_000_000_000);
		assert!(miss_probability_ppq(30) > 0, "no certainty while 65 unsampled columns could all be withheld");
		assert_eq!(miss_probability_ppq(64), 0, "64 available columns leave no room for 65 withheld");
		assert_eq!(miss_probability_ppq(u32::MAX), 0);
	}

	#[test]
	fn committees_are_drawn_by_stake_and_reproducible() {
		let seed = [7u8; 32];
		let stakes = [100u128, 200, 0, 700];
		let a = draw_committee(&seed, &stakes, 128);
		assert_eq!(a, draw_committee(&seed, &stakes, 128), "the same seed and stakes give the same committee");
		assert_ne!(a, draw_committee(&[8u8; 32], &stakes, 128), "another seed gives another committee");
		assert!(a.iter().all(|i| *i != 2), "no stake, no slot");
		assert!(draw_committee(&seed, &[0, 0], 8).is_empty());
		// Over many seeds each candidate's share of slots converges on its share of stake.
		let mut counts = [0u64; 4];
		for round in 0..200u8 {
			for i in draw_committee(&[round; 32], &stakes, 128) {
				counts[i as usize] += 1;
			}
		}
		let total: u64 = counts.iter().sum();
		assert_eq!(total, 200 * 128);
		for (count, stake) in counts.iter().zip(stakes) {
			let expected = total as f64 * stake as f64 / 1000.0;
			assert!((*count as f64 - expected).abs() <= 0.05 * total as f64, "{counts:?}");
		}
	}

	#[test]
	fn quorum_is_two_thirds_of_slots_exactly() {
		assert!(quorum_reached(2, 3));
		assert!(!quorum_reached(1, 3));
		assert!(quorum_reached(86, 128));
		assert!(!quorum_reached(85, 128));
		assert!(!quorum_reached(0, 0));
		assert_eq!(columns_of_slot(3, 32).collect::<Vec<_>>(), [3, 35, 67, 99]);
		assert!(columns_of_slot(3, 32).all(|c| slot_of_column(c, 32) == 3));
	}

	#[test]
	fn the_shipped_sample_cell_is_a_real_cell_of_the_sample_blob() {
		let row = pack_row(&sample_blob_data(), 0);
		let commitment = kzg::commit(&row).unwrap();
		let (cells, proofs) = kzg::cells_and_proofs(&row, 0).unwrap();
		let mut expected = commitment.to_vec();
		expected.extend_from_slice(&proofs[77]);
		expected.push(77);
		expected.extend_from_slice(&cells[77]);
		if std::env::var("ZG_REGENERATE").is_ok() {
			std::fs::write(concat!(env!("CARGO_MANIFEST_DIR"), "/src/da/sample_cell.bin"), &expected).unwrap();
		}
		assert_eq!(SAMPLE_CELL, &expected[..], "regenerate with ZG_REGENERATE=1");
		let (c, p, column, cell) = sample_cell();
		assert!(kzg::verify_cells(&[c], &[column], &[cell], &[p]).unwrap());
		assert_eq!(host::zg_da::verify_cells(vec![c], &[column], cell, vec![p]), Ok(()));
	}
}
