//! # zg-node-da: data availability in the node
//!
//! The disperser's and the retriever's work on a blob, over [`zg_primitives::da`] (the format and the one copy of
//! the KZG calls):
//!
//! - [`encode`]: cut the blob into rows (EIP-4844 blobs, 31 data bytes per field element), commit to each row,
//!   and extend each to 128 cells with their proofs (EIP-7594), rows spread over `threads` threads — the
//!   expensive part (one cell-proof computation per row, about 0.2 s on one core here) — together with the raw
//!   data's keccak sector root (0G's data root, zg storage's file root).
//! - [`decode`]: rebuild a blob from any cells that hold at least 64 distinct columns of every row, checking every
//!   rebuilt row against its commitment and the data against its root, so cells that were not checked one by one
//!   still cannot produce wrong data.
//!
//! - [`columns`]: columns in a blob store of the node's own (the storage network's, unchanged): what a
//!   disperser serves and a signer keeps, each fetched column checked cell by cell before it is kept.
//! - [`service`]: [`service::DaService`], what a signer's off-chain worker asks of its node through the
//!   `zg_da_node` host functions: custody of its slots' columns (fetched from the disperser, checked, kept) and
//!   cells for custody answers.
//!
//! Built and tested without the node (`cargo test -p zg-node-da`); the node's DA service and the samplers use it.

pub mod columns;
pub mod disperse;
pub mod prune;
pub mod service;

use sp_core::H256;
use std::{
	collections::BTreeMap,
	sync::atomic::{AtomicUsize, Ordering},
};
use zg_primitives::da::{
	kzg::{self, KzgError},
	pack_row, rows_for, unpack_row, CellIndex, Commitment, Proof, DATA_CELLS_PER_ROW, DATA_PER_ROW, MAX_BLOB_SIZE,
};

/// Precomputation used for cell proofs by default: 8 trades some 100 MiB of tables for proofs about twice as
/// fast (c-kzg's measure; see `scripts/bench-da.sh` for this machine's).
pub const DEFAULT_PRECOMPUTE: u64 = 8;

/// Why a blob could not be encoded or rebuilt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DaError {
	/// An empty blob.
	Empty,
	/// More than [`MAX_BLOB_SIZE`] bytes.
	TooLarge(u64),
	/// As many commitments as the size needs rows: not so.
	Commitments { expected: u32, got: usize },
	/// Fewer than 64 distinct columns of this row.
	MissingCells(u32),
	/// The row rebuilt from the cells given does not match its commitment: some cell was wrong.
	WrongRow(u32),
	/// The rebuilt data does not match the data root.
	WrongRoot,
	/// A KZG operation failed.
	Kzg(u32, KzgError),
}

/// One row of an encoded blob: its 128 cells (2 KiB each, columns 0–127) and their proofs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodedRow {
	/// The cells, by column.
	pub cells: Vec<Vec<u8>>,
	/// Their KZG proofs, by column.
	pub proofs: Vec<Proof>,
}

/// A blob as the committee holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodedBlob {
	/// The data's size in bytes.
	pub size: u64,
	/// The keccak sector root of the data (`zg_primitives::storage::file_root`).
	pub data_root: H256,
	/// One KZG commitment per row.
	pub commitments: Vec<Commitment>,
	/// The rows' cells and proofs.
	pub rows: Vec<EncodedRow>,
}

/// Runs `work(row)` for every row on `threads` threads (rows handed out one at a time, so a slow row does not
/// hold the others back) and answers the results in row order.
fn per_row<T: Send>(rows: u32, threads: usize, work: impl Fn(u32) -> T + Sync) -> Vec<T> {
	let next = AtomicUsize::new(0);
	let mut done: Vec<(u32, T)> = std::thread::scope(|scope| {
		let handles: Vec<_> = (0..threads.clamp(1, rows as usize))
			.map(|_| {
				scope.spawn(|| {
					let mut out = Vec::new();
					loop {
						let row = next.fetch_add(1, Ordering::Relaxed);
						if row >= rows as usize {
							break out;
						}
						out.push((row as u32, work(row as u32)));
					}
				})
			})
			.collect();
		handles.into_iter().flat_map(|h| h.join().expect("a row's work does not panic")).collect()
	});
	done.sort_by_key(|(row, _)| *row);
	done.into_iter().map(|(_, t)| t).collect()
}

/// Encodes `data` (see the module docs) on `threads` threads with cell-proof `precompute`.
pub fn encode(data: &[u8], threads: usize, precompute: u64) -> Result<EncodedBlob, DaError> {
	if data.is_empty() {
		return Err(DaError::Empty);
	}
	let size = data.len() as u64;
	if size > MAX_BLOB_SIZE {
		return Err(DaError::TooLarge(size));
	}
	let rows = rows_for(size);
	// Load the settings once before the threads race for them.
	kzg::settings(precompute);
	let encoded = per_row(rows, threads, |row| {
		let packed = pack_row(data, row);
		let commitment = kzg::commit(&packed).map_err(|e| DaError::Kzg(row, e))?;
		let (cells, proofs) = kzg::cells_and_proofs(&packed, precompute).map_err(|e| DaError::Kzg(row, e))?;
		Ok((commitment, EncodedRow { cells, proofs }))
	});
	let mut commitments = Vec::with_capacity(rows as usize);
	let mut out = Vec::with_capacity(rows as usize);
	for row in encoded {
		let (commitment, row) = row?;
		commitments.push(commitment);
		out.push(row);
	}
	Ok(EncodedBlob { size, data_root: zg_primitives::storage::file_root(data), commitments, rows: out })
}

/// Rebuilds a blob of `size` bytes from `cells` (any cells; at least 64 distinct columns per row), checking each
/// row against `commitments` and the data against `data_root`.
pub fn decode(
	size: u64,
	data_root: H256,
	commitments: &[Commitment],
	cells: &BTreeMap<CellIndex, Vec<u8>>,
	threads: usize,
) -> Result<Vec<u8>, DaError> {
	if size == 0 {
		return Err(DaError::Empty);
	}
	if size > MAX_BLOB_SIZE {
		return Err(DaError::TooLarge(size));
	}
	let rows = rows_for(size);
	if commitments.len() != rows as usize {
		return Err(DaError::Commitments { expected: rows, got: commitments.len() });
	}
	let decoded = per_row(rows, threads, |row| -> Result<Vec<u8>, DaError> {
		let held: Vec<(u8, &[u8])> = cells
			.range(CellIndex { row, column: 0 }..=CellIndex { row, column: u8::MAX })
			.map(|(i, c)| (i.column, c.as_slice()))
			.collect();
		if held.len() < DATA_CELLS_PER_ROW {
			return Err(DaError::MissingCells(row));
		}
		let data_half = held.iter().take_while(|(c, _)| (*c as usize) < DATA_CELLS_PER_ROW).count();
		let packed = if data_half == DATA_CELLS_PER_ROW {
			held[..DATA_CELLS_PER_ROW].iter().flat_map(|(_, c)| c.iter().copied()).collect::<Vec<u8>>()
		} else {
			let columns: Vec<u8> = held.iter().map(|(c, _)| *c).collect();
			let bytes: Vec<&[u8]> = held.iter().map(|(_, c)| *c).collect();
			let (rebuilt, _) = kzg::recover_row(&columns, &bytes, 0).map_err(|e| DaError::Kzg(row, e))?;
			kzg::row_from_cells(&rebuilt).map_err(|e| DaError::Kzg(row, e))?
		};
		// Cells taken on trust cannot change the data: the rebuilt row must have the row's commitment.
		if kzg::commit(&packed).ok() != Some(commitments[row as usize]) {
			return Err(DaError::WrongRow(row));
		}
		unpack_row(&packed).map_err(|_| DaError::WrongRow(row))
	});
	let mut data = Vec::with_capacity(rows as usize * DATA_PER_ROW);
	for row in decoded {
		data.extend(row?);
	}
	data.truncate(size as usize);
	if zg_primitives::storage::file_root(&data) != data_root {
		return Err(DaError::WrongRoot);
	}
	Ok(data)
}

#[cfg(test)]
mod tests;
