//! Columns in a blob store: what a disperser serves and a signer keeps.
//!
//! A node keeps DA columns in a [`BlobStore`] of its own — zg-node-storage's store, unchanged, in its own RocksDB
//! directory, so that the storage network's reclaimer (which drops shards of files the chain does not know) never
//! sees them, and DA has its own quota. Column `c` of a blob is stored as shard `c` of the blob's [`blob_key`]:
//! for each row in order, the cell (2 KiB) followed by its KZG proof (48 bytes), [`CELL_WITH_PROOF`] bytes per row.
//! Peers fetch ranges of columns with the storage protocol's `ShardRange` requests (under DA's own protocol name),
//! and a cell is one range read. Nothing a peer sends is kept before every cell of it is checked against its row's
//! commitment ([`put_verified_column`]).

use sp_core::H256;
use zg_node_storage::{BlobStore, StorageError};
use zg_primitives::da::{custody, kzg, Commitment, Proof, BYTES_PER_CELL, CELLS_PER_ROW, PROOF_LEN};

use crate::{DaError, EncodedBlob};

/// Bytes of one row's entry in a column: the cell and its proof.
pub const CELL_WITH_PROOF: usize = BYTES_PER_CELL + PROOF_LEN;

/// The key a blob's columns are stored under: `blake2_256("zg-da" ‖ data root ‖ commitments)`, the same for
/// every node that holds the blob, known before the blob has an id on chain.
pub fn blob_key(data_root: &H256, commitments: &[Commitment]) -> H256 {
	let mut input = Vec::with_capacity(5 + 32 + commitments.len() * 48);
	input.extend_from_slice(b"zg-da");
	input.extend_from_slice(data_root.as_bytes());
	for c in commitments {
		input.extend_from_slice(c);
	}
	H256(sp_crypto_hashing::blake2_256(&input))
}

/// Column `column` of an encoded blob, as stored.
pub fn column_bytes(blob: &EncodedBlob, column: u8) -> Vec<u8> {
	let mut out = Vec::with_capacity(blob.rows.len() * CELL_WITH_PROOF);
	for row in &blob.rows {
		out.extend_from_slice(&row.cells[column as usize]);
		out.extend_from_slice(&row.proofs[column as usize]);
	}
	out
}

/// A stored column split into its `(cell, proof)` per row; `None` if it is not `rows` entries long.
pub fn split_column(bytes: &[u8], rows: usize) -> Option<Vec<(&[u8], Proof)>> {
	if bytes.len() != rows * CELL_WITH_PROOF {
		return None;
	}
	Some(
		bytes
			.chunks_exact(CELL_WITH_PROOF)
			.map(|entry| {
				let mut proof = [0u8; PROOF_LEN];
				proof.copy_from_slice(&entry[BYTES_PER_CELL..]);
				(&entry[..BYTES_PER_CELL], proof)
			})
			.collect(),
	)
}

/// Checks every cell of a column against its row's commitment, in one batch.
pub fn verify_column(commitments: &[Commitment], column: u8, bytes: &[u8]) -> Result<(), DaError> {
	if column as usize >= CELLS_PER_ROW {
		return Err(DaError::Kzg(0, kzg::KzgError::Column));
	}
	let entries = split_column(bytes, commitments.len())
		.ok_or(DaError::Commitments { expected: (bytes.len() / CELL_WITH_PROOF) as u32, got: commitments.len() })?;
	let cells: Vec<&[u8]> = entries.iter().map(|(c, _)| *c).collect();
	let proofs: Vec<Proof> = entries.iter().map(|(_, p)| *p).collect();
	let columns = vec![column; entries.len()];
	match kzg::verify_cells(commitments, &columns, &cells, &proofs) {
		Ok(true) => Ok(()),
		// A batch failure does not say which row; the first row is reported.
		Ok(false) => Err(DaError::WrongRow(0)),
		Err(e) => Err(DaError::Kzg(0, e)),
	}
}

/// Why columns could not be kept.
#[derive(Debug)]
pub enum ColumnError {
	/// The column does not verify against the commitments.
	Invalid(DaError),
	/// The store failed (full, I/O).
	Store(StorageError),
}

/// Stores the given columns of a blob this node encoded (a disperser: they are its own, not checked again).
pub fn put_columns(
	store: &BlobStore,
	blob: &EncodedBlob,
	columns: impl IntoIterator<Item = u8>,
) -> Result<H256, StorageError> {
	let key = blob_key(&blob.data_root, &blob.commitments);
	for column in columns {
		let bytes = column_bytes(blob, column);
		let digest = H256(sp_crypto_hashing::blake2_256(&bytes));
		store.put_shard(&key, column as u32, &bytes, digest)?;
	}
	Ok(key)
}

/// Checks a column fetched from a peer against the blob's commitments and keeps it.
pub fn put_verified_column(
	store: &BlobStore,
	key: &H256,
	commitments: &[Commitment],
	column: u8,
	bytes: &[u8],
) -> Result<(), ColumnError> {
	verify_column(commitments, column, bytes).map_err(ColumnError::Invalid)?;
	let digest = H256(sp_crypto_hashing::blake2_256(bytes));
	store.put_shard(key, column as u32, bytes, digest).map_err(ColumnError::Store)
}

/// The cell at `row` of `column` and its proof, if the column is held: what a custody answer and a sample carry.
pub fn cell(store: &BlobStore, key: &H256, row: u32, column: u8) -> Result<Option<(Vec<u8>, Proof)>, StorageError> {
	Ok(cells(store, key, column, &[row])?.and_then(|mut read| read.pop()))
}

/// The cells at `rows` of `column` (in that order, repeats allowed) and their proofs, if the column is held and
/// has every row. The column is read once, from the lowest row to the highest: a read per cell would fetch the
/// column's whole chunk once per cell (`zg-node da get` asks for every row of a column at once: for a 32 MiB blob,
/// 256 reads of its 0.5 MiB chunk, 128 MiB per column, where this reads 0.5 MiB).
pub fn cells(
	store: &BlobStore,
	key: &H256,
	column: u8,
	rows: &[u32],
) -> Result<Option<Vec<(Vec<u8>, Proof)>>, StorageError> {
	let (Some(&low), Some(&high)) = (rows.iter().min(), rows.iter().max()) else { return Ok(Some(Vec::new())) };
	let offset = u64::from(low) * CELL_WITH_PROOF as u64;
	let len = (u64::from(high - low) + 1) * CELL_WITH_PROOF as u64;
	let Some(span) = store.shard_range(key, column as u32, offset, len)? else { return Ok(None) };
	Ok(rows
		.iter()
		.map(|&row| {
			let at = (row - low) as usize * CELL_WITH_PROOF;
			let entry = span.get(at..at + CELL_WITH_PROOF)?;
			let mut proof = [0u8; PROOF_LEN];
			proof.copy_from_slice(&entry[BYTES_PER_CELL..]);
			Some((entry[..BYTES_PER_CELL].to_vec(), proof))
		})
		.collect())
}

/// The custody leaves of a signer's `columns` of a blob of `rows` rows under `secret`
/// ([`custody::leaf`], rows in order, within a row `columns` in the order given), if every column is held
/// whole. Each column is read once (a cell-by-cell read would fetch the column's whole chunk once per cell).
pub fn custody_leaves(
	store: &BlobStore,
	key: &H256,
	blob: u64,
	rows: usize,
	columns: &[u8],
	secret: &[u8; 32],
) -> Result<Option<Vec<[u8; 32]>>, StorageError> {
	let len = (rows * CELL_WITH_PROOF) as u64;
	let mut held = Vec::with_capacity(columns.len());
	for &column in columns {
		match store.shard_range(key, column as u32, 0, len)? {
			Some(bytes) if bytes.len() as u64 == len => held.push(bytes),
			_ => return Ok(None),
		}
	}
	let mut leaves = Vec::with_capacity(rows * columns.len());
	for row in 0..rows {
		let at = row * CELL_WITH_PROOF;
		for (&column, bytes) in columns.iter().zip(&held) {
			leaves.push(custody::leaf(secret, blob, row as u32, column, &bytes[at..at + BYTES_PER_CELL]));
		}
	}
	Ok(Some(leaves))
}

#[cfg(test)]
mod tests {
	use super::*;
	use zg_node_storage::StoreLimits;

	fn temp_store() -> (std::path::PathBuf, BlobStore) {
		let path = std::env::temp_dir().join(format!(
			"zg-da-columns-{}-{}",
			std::process::id(),
			std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0)
		));
		let store = BlobStore::open(&path, StoreLimits::new(64 << 20)).expect("opens");
		(path, store)
	}

	#[test]
	fn columns_round_trip_through_a_store_and_forged_ones_are_not_kept() {
		let data: Vec<u8> = (0..200_000u32).map(|i| (i * 13 + 5) as u8).collect();
		let blob = crate::encode(&data, 2, 0).expect("encodes");
		let (path, store) = temp_store();
		let key = put_columns(&store, &blob, [3u8, 100]).expect("stored");
		assert_eq!(key, blob_key(&blob.data_root, &blob.commitments));
		for (row, encoded) in blob.rows.iter().enumerate() {
			let (cell_bytes, proof) = cell(&store, &key, row as u32, 100).expect("reads").expect("held");
			assert_eq!((cell_bytes, proof), (encoded.cells[100].clone(), encoded.proofs[100]));
		}
		assert_eq!(cell(&store, &key, 0, 4).expect("reads"), None, "a column not held");
		assert!(blob.rows.len() >= 2);
		assert_eq!(cell(&store, &key, blob.rows.len() as u32, 100).expect("reads"), None, "past the last row");

		// Many cells of a column in one read: in the order asked, repeats included, each as read alone.
		let last = blob.rows.len() as u32 - 1;
		let rows = [last, 0, last / 2, last / 2, last];
		let read = cells(&store, &key, 100, &rows).expect("reads").expect("held");
		let alone: Vec<_> = rows.iter().map(|&r| cell(&store, &key, r, 100).expect("reads").expect("held")).collect();
		assert_eq!(read, alone);
		assert_eq!(read[0], (blob.rows[last as usize].cells[100].clone(), blob.rows[last as usize].proofs[100]));
		assert_eq!(cells(&store, &key, 100, &[]).expect("reads"), Some(Vec::new()));
		assert_eq!(cells(&store, &key, 100, &[0, last + 1]).expect("reads"), None, "a row past the last");
		assert_eq!(cells(&store, &key, 4, &[0, 1]).expect("reads"), None, "a column not held");

		// Custody leaves read column by column are the leaves of the cells read one by one.
		let secret = [9u8; 32];
		let rows = blob.rows.len();
		let leaves = custody_leaves(&store, &key, 5, rows, &[100, 3], &secret).expect("reads").expect("held");
		assert_eq!(leaves.len(), rows * 2);
		for row in 0..rows as u32 {
			for (i, column) in [100u8, 3].into_iter().enumerate() {
				let (c, _) = cell(&store, &key, row, column).expect("reads").expect("held");
				assert_eq!(leaves[row as usize * 2 + i], custody::leaf(&secret, 5, row, column, &c), "row {row} column {column}");
			}
		}
		assert_eq!(custody_leaves(&store, &key, 5, rows, &[3, 4], &secret).expect("reads"), None, "column 4 not held");
		assert_eq!(custody_leaves(&store, &key, 5, rows + 1, &[3], &secret).expect("reads"), None, "a shorter column");

		// A signer keeps a fetched column only if every cell checks.
		let good = column_bytes(&blob, 7);
		put_verified_column(&store, &key, &blob.commitments, 7, &good).expect("kept");
		let mut forged = column_bytes(&blob, 8);
		forged[CELL_WITH_PROOF + 10] ^= 1;
		assert!(matches!(
			put_verified_column(&store, &key, &blob.commitments, 8, &forged),
			Err(ColumnError::Invalid(_))
		));
		assert!(matches!(
			put_verified_column(&store, &key, &blob.commitments, 9, &good),
			Err(ColumnError::Invalid(_))
		), "column 7's cells are not column 9's");
		assert!(matches!(
			put_verified_column(&store, &key, &blob.commitments, 7, &good[..100]),
			Err(ColumnError::Invalid(_))
		));
		assert!(!store.has_shard(&key, 8).expect("reads") && !store.has_shard(&key, 9).expect("reads"));
		drop(store);
		let _ = std::fs::remove_dir_all(path);
	}
}
