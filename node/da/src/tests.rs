use super::*;
use zg_primitives::da::{BYTES_PER_CELL, CELLS_PER_ROW};

fn random(len: usize, seed: u64) -> Vec<u8> {
	let mut x = seed;
	(0..len)
		.map(|_| {
			x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
			(x >> 33) as u8
		})
		.collect()
}

fn all_cells(blob: &EncodedBlob) -> BTreeMap<CellIndex, Vec<u8>> {
	let mut cells = BTreeMap::new();
	for (row, r) in blob.rows.iter().enumerate() {
		for (column, cell) in r.cells.iter().enumerate() {
			cells.insert(CellIndex { row: row as u32, column: column as u8 }, cell.clone());
		}
	}
	cells
}

#[test]
fn a_blob_is_encoded_on_two_threads_as_on_one_and_every_cell_verifies() {
	let data = random(2 * DATA_PER_ROW + 12_345, 1);
	let blob = encode(&data, 2, 0).unwrap();
	assert_eq!(blob.rows.len(), 3);
	assert_eq!(blob.commitments.len(), 3);
	assert_eq!(blob.data_root, zg_primitives::storage::file_root(&data));
	assert_eq!(encode(&data, 1, 0).unwrap(), blob, "threads change nothing");
	for (row, r) in blob.rows.iter().enumerate() {
		assert_eq!(r.cells.len(), CELLS_PER_ROW);
		assert!(r.cells.iter().all(|c| c.len() == BYTES_PER_CELL));
		let columns: Vec<u8> = (0..128).collect();
		let refs: Vec<&[u8]> = r.cells.iter().map(|c| c.as_slice()).collect();
		assert_eq!(kzg::verify_cells(&vec![blob.commitments[row]; 128], &columns, &refs, &r.proofs), Ok(true));
	}
}

#[test]
fn any_half_of_each_rows_cells_rebuilds_the_blob_and_wrong_cells_cannot_change_it() {
	let data = random(DATA_PER_ROW + 777, 2);
	let blob = encode(&data, 2, 0).unwrap();
	let cells = all_cells(&blob);
	// Every cell; the data half only; the extension half only; a different half per row.
	assert_eq!(decode(blob.size, blob.data_root, &blob.commitments, &cells, 2).unwrap(), data);
	let halves: [fn(u8, u32) -> bool; 3] = [|c, _| c < 64, |c, _| c >= 64, |c, r| (c as u32 + r) % 2 == 0];
	for keep in halves {
		let some: BTreeMap<_, _> = cells.iter().filter(|(i, _)| keep(i.column, i.row)).map(|(i, c)| (*i, c.clone())).collect();
		assert_eq!(decode(blob.size, blob.data_root, &blob.commitments, &some, 2).unwrap(), data);
	}
	// One cell short of a row.
	let short: BTreeMap<_, _> =
		cells.iter().filter(|(i, _)| i.row == 0 || i.column < 64).filter(|(i, _)| !(i.row == 1 && i.column == 0)).map(|(i, c)| (*i, c.clone())).collect();
	assert_eq!(decode(blob.size, blob.data_root, &blob.commitments, &short, 2), Err(DaError::MissingCells(1)));
	// A wrong cell among those used: the rebuilt row misses its commitment.
	let mut forged = cells.clone();
	forged.get_mut(&CellIndex { row: 1, column: 3 }).unwrap()[40] ^= 1;
	assert_eq!(decode(blob.size, blob.data_root, &blob.commitments, &forged, 2), Err(DaError::WrongRow(1)));
	let mut forged_ext: BTreeMap<_, _> = cells.iter().filter(|(i, _)| i.column >= 64).map(|(i, c)| (*i, c.clone())).collect();
	forged_ext.get_mut(&CellIndex { row: 0, column: 100 }).unwrap()[9] ^= 1;
	assert!(matches!(
		decode(blob.size, blob.data_root, &blob.commitments, &forged_ext, 2),
		Err(DaError::WrongRow(0) | DaError::Kzg(0, _))
	));
	// Wrong commitments, root or size.
	let mut other = blob.commitments.clone();
	other.swap(0, 1);
	assert_eq!(decode(blob.size, blob.data_root, &other, &cells, 2), Err(DaError::WrongRow(0)));
	assert_eq!(decode(blob.size, H256::zero(), &blob.commitments, &cells, 2), Err(DaError::WrongRoot));
	assert_eq!(
		decode(blob.size + DATA_PER_ROW as u64, blob.data_root, &blob.commitments, &cells, 2),
		Err(DaError::Commitments { expected: 3, got: 2 })
	);
}

#[test]
fn empty_and_oversize_blobs_are_refused() {
	assert_eq!(encode(&[], 2, 0), Err(DaError::Empty));
	assert_eq!(
		encode(&vec![0u8; MAX_BLOB_SIZE as usize + 1], 2, 0),
		Err(DaError::TooLarge(MAX_BLOB_SIZE + 1))
	);
	assert_eq!(decode(0, H256::zero(), &[], &BTreeMap::new(), 2), Err(DaError::Empty));
	assert_eq!(decode(u64::MAX, H256::zero(), &[], &BTreeMap::new(), 2), Err(DaError::TooLarge(u64::MAX)));
}
