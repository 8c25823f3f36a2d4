//! KZG over Ethereum's trusted setup with `c-kzg` (the library Ethereum clients use): the native side of the
//! [`super::host::zg_da`] host functions, and what the disperser and samplers call directly.
//!
//! The setup is Ethereum's (loaded once per process). Verification never needs precomputation; computing cell
//! proofs is faster with it (`precompute` 0–15: more memory, faster proofs — the disperser picks).

use super::{Commitment, Proof, BYTES_PER_CELL, BYTES_PER_ROW, CELLS_PER_ROW, DATA_CELLS_PER_ROW};
use alloc::{boxed::Box, string::String, vec::Vec};
use c_kzg::{ethereum_kzg_settings, Blob, Bytes48, Cell, KzgSettings};

/// Why a KZG operation failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KzgError {
	/// A row is not [`BYTES_PER_ROW`] bytes, a cell not [`BYTES_PER_CELL`], or lengths disagree.
	Length,
	/// A column index of 128 or more, or the same column twice.
	Column,
	/// Too few cells to rebuild a row.
	TooFewCells,
	/// c-kzg refused the input (a field element not below the modulus, a point not on the curve, …).
	Refused(String),
}

fn refused(e: c_kzg::Error) -> KzgError {
	KzgError::Refused(alloc::format!("{e:?}"))
}

/// Ethereum's KZG settings with `precompute` (see the module docs).
pub fn settings(precompute: u64) -> &'static KzgSettings {
	ethereum_kzg_settings(precompute.min(15))
}

fn blob(row: &[u8]) -> Result<Box<Blob>, KzgError> {
	if row.len() != BYTES_PER_ROW {
		return Err(KzgError::Length);
	}
	Blob::from_bytes(row).map(Box::new).map_err(refused)
}

fn cell(bytes: &[u8]) -> Result<Cell, KzgError> {
	if bytes.len() != BYTES_PER_CELL {
		return Err(KzgError::Length);
	}
	Cell::from_bytes(bytes).map_err(refused)
}

type CellsAndProofs = (Vec<Vec<u8>>, Vec<Proof>);

fn unpack(cells: &[Cell], proofs: &[c_kzg::KzgProof]) -> CellsAndProofs {
	(cells.iter().map(|c| c.to_bytes().to_vec()).collect(), proofs.iter().map(|p| p.to_bytes().into_inner()).collect())
}

/// The commitment of a packed row.
pub fn commit(row: &[u8]) -> Result<Commitment, KzgError> {
	let row = blob(row)?;
	let commitment = settings(0).blob_to_kzg_commitment(&row).map_err(refused)?;
	Ok(commitment.to_bytes().into_inner())
}

/// The 128 cells of a packed row (64 of the row itself, 64 of its extension) and their proofs.
pub fn cells_and_proofs(row: &[u8], precompute: u64) -> Result<CellsAndProofs, KzgError> {
	let row = blob(row)?;
	let (cells, proofs) = settings(precompute).compute_cells_and_kzg_proofs(&row).map_err(refused)?;
	Ok(unpack(&cells[..], &proofs[..]))
}

/// Whether every `cells[i]` is cell `columns[i]` of the row committed to by `commitments[i]`, checked in one
/// batch. `Ok(false)`: a proof does not verify; `Err`: the input is malformed.
pub fn verify_cells(
	commitments: &[Commitment],
	columns: &[u8],
	cells: &[&[u8]],
	proofs: &[Proof],
) -> Result<bool, KzgError> {
	let n = cells.len();
	if commitments.len() != n || columns.len() != n || proofs.len() != n {
		return Err(KzgError::Length);
	}
	if columns.iter().any(|c| *c as usize >= CELLS_PER_ROW) {
		return Err(KzgError::Column);
	}
	if n == 0 {
		return Ok(true);
	}
	let commitments: Vec<Bytes48> = commitments.iter().map(|c| Bytes48::new(*c)).collect();
	let proofs: Vec<Bytes48> = proofs.iter().map(|p| Bytes48::new(*p)).collect();
	let indices: Vec<u64> = columns.iter().map(|c| *c as u64).collect();
	let cells: Vec<Cell> = cells.iter().map(|c| cell(c)).collect::<Result<_, _>>()?;
	settings(0).verify_cell_kzg_proof_batch(&commitments, &indices, &cells, &proofs).map_err(refused)
}

/// Rebuilds a row's 128 cells and proofs from at least 64 of its cells (`columns[i]` is the column of
/// `cells[i]`). The caller checks the cells first ([`verify_cells`]) or the rebuilt row against its commitment.
pub fn recover_row(columns: &[u8], cells: &[&[u8]], precompute: u64) -> Result<CellsAndProofs, KzgError> {
	if columns.len() != cells.len() {
		return Err(KzgError::Length);
	}
	let mut seen = [false; CELLS_PER_ROW];
	for c in columns {
		let slot = seen.get_mut(*c as usize).ok_or(KzgError::Column)?;
		if *slot {
			return Err(KzgError::Column);
		}
		*slot = true;
	}
	if columns.len() < DATA_CELLS_PER_ROW {
		return Err(KzgError::TooFewCells);
	}
	let indices: Vec<u64> = columns.iter().map(|c| *c as u64).collect();
	let cells: Vec<Cell> = cells.iter().map(|c| cell(c)).collect::<Result<_, _>>()?;
	let (cells, proofs) = settings(precompute).recover_cells_and_kzg_proofs(&indices, &cells).map_err(refused)?;
	Ok(unpack(&cells[..], &proofs[..]))
}

/// The packed row that a row's first 64 cells spell (the data half of an extended row is the row itself).
pub fn row_from_cells(cells: &[Vec<u8>]) -> Result<Vec<u8>, KzgError> {
	if cells.len() < DATA_CELLS_PER_ROW || cells.iter().any(|c| c.len() != BYTES_PER_CELL) {
		return Err(KzgError::Length);
	}
	Ok(cells[..DATA_CELLS_PER_ROW].concat())
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::da::{pack_row, unpack_row, DATA_PER_ROW};

	fn data(len: usize, seed: u8) -> Vec<u8> {
		(0..len).map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed)).collect()
	}

	#[test]
	fn cells_verify_rebuild_from_any_half_and_the_data_half_is_the_row() {
		let bytes = data(DATA_PER_ROW - 5, 3);
		let row = pack_row(&bytes, 0);
		let commitment = commit(&row).unwrap();
		let (cells, proofs) = cells_and_proofs(&row, 0).unwrap();
		assert_eq!(cells.len(), CELLS_PER_ROW);
		assert_eq!(row_from_cells(&cells).unwrap(), row, "cells 0–63 are the row itself");
		// Every cell verifies against the commitment, in one batch.
		let columns: Vec<u8> = (0..128).collect();
		let refs: Vec<&[u8]> = cells.iter().map(|c| c.as_slice()).collect();
		assert_eq!(verify_cells(&vec![commitment; 128], &columns, &refs, &proofs), Ok(true));
		// Any 64 cells rebuild the row: the extension half alone, and every other column.
		for pick in [(64..128).collect::<Vec<u8>>(), (0..128).step_by(2).collect()] {
			let chosen: Vec<&[u8]> = pick.iter().map(|c| cells[*c as usize].as_slice()).collect();
			let (rebuilt, rebuilt_proofs) = recover_row(&pick, &chosen, 0).unwrap();
			assert_eq!(rebuilt, cells);
			assert_eq!(rebuilt_proofs, proofs);
		}
		let mut back = unpack_row(&row_from_cells(&cells).unwrap()).unwrap();
		back.truncate(bytes.len());
		assert_eq!(back, bytes);
	}

	#[test]
	fn forged_cells_misplaced_cells_and_malformed_input_are_refused() {
		let row = pack_row(&data(5_000, 9), 0);
		let other = pack_row(&data(5_000, 10), 0);
		let commitment = commit(&row).unwrap();
		let other_commitment = commit(&other).unwrap();
		let (cells, proofs) = cells_and_proofs(&row, 0).unwrap();
		let check = |c: &[u8], column: u8, commitment: Commitment, proof: Proof| {
			verify_cells(&[commitment], &[column], &[c], &[proof])
		};
		assert_eq!(check(&cells[7], 7, commitment, proofs[7]), Ok(true));
		// A flipped byte, the cell at another column, against another row, with another cell's proof.
		let mut forged = cells[7].clone();
		forged[100] ^= 1;
		assert_eq!(check(&forged, 7, commitment, proofs[7]), Ok(false));
		assert_eq!(check(&cells[7], 8, commitment, proofs[7]), Ok(false));
		assert_eq!(check(&cells[7], 7, other_commitment, proofs[7]), Ok(false));
		assert_eq!(check(&cells[7], 7, commitment, proofs[8]), Ok(false));
		// Malformed: lengths, columns, a non-canonical field element, a point off the curve.
		assert_eq!(check(&cells[7][..100], 7, commitment, proofs[7]), Err(KzgError::Length));
		assert_eq!(check(&cells[7], 128, commitment, proofs[7]), Err(KzgError::Column));
		assert!(matches!(check(&[0xff; BYTES_PER_CELL], 7, commitment, proofs[7]), Err(KzgError::Refused(_))));
		assert!(matches!(check(&cells[7], 7, [0x13; 48], proofs[7]), Err(KzgError::Refused(_)) | Ok(false)));
		assert_eq!(verify_cells(&[commitment], &[1, 2], &[&cells[1]], &[proofs[1]]), Err(KzgError::Length));
		assert!(matches!(commit(&[0xff; BYTES_PER_ROW]), Err(KzgError::Refused(_))));
		assert_eq!(commit(&[0; 10]), Err(KzgError::Length));
		// Rebuilding needs 64 distinct columns.
		let few: Vec<&[u8]> = cells[..63].iter().map(|c| c.as_slice()).collect();
		assert_eq!(recover_row(&(0..63).collect::<Vec<u8>>(), &few, 0), Err(KzgError::TooFewCells));
		let twice: Vec<&[u8]> = cells[..64].iter().map(|c| c.as_slice()).collect();
		let mut columns: Vec<u8> = (0..64).collect();
		columns[63] = 0;
		assert_eq!(recover_row(&columns, &twice, 0), Err(KzgError::Column));
	}
}
