//! Dispersal: a blob uploaded to this node is encoded into its 128 columns and served to the committee.
//!
//! Large bodies come in through the storage network's chunked upload (`zgStorage_uploadBegin/Chunk/Finish`:
//! resumable chunks of at most 4 MiB, bounded by the node's quota of unpaid uploads); `zgDa_disperse(root)` then
//! encodes the uploaded file (every core, c-kzg) and keeps all of its columns in the DA column store, where the
//! committee fetches them. The client signs `da.submitBlob` with the commitments, the data root and this node's
//! peer id as the disperser. One dispersal runs at a time; a blob already dispersed is answered from the store
//! without encoding again (the last 64 are remembered).

use std::sync::Arc;

use sp_core::H256;
use tokio::sync::Semaphore;
use zg_node_storage::BlobStore;
use zg_primitives::da::{Commitment, CELLS_PER_ROW, MAX_BLOB_SIZE};

use crate::columns::{blob_key, put_columns};

/// What a dispersal gives the client to sign `submitBlob` with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dispersed {
	/// Bytes of data.
	pub size: u64,
	/// The data root (the uploaded file's root).
	pub data_root: H256,
	/// One KZG commitment per row.
	pub commitments: Vec<Commitment>,
	/// The key the columns are stored and served under.
	pub key: H256,
}

/// Why a dispersal failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DisperseError {
	/// No finished upload (or stored file) with this root on this node.
	UnknownFile,
	/// Larger than a blob may be.
	TooLarge(u64),
	/// Another dispersal is running; retry shortly.
	Busy,
	/// Encoding or the store failed.
	Internal(String),
}

/// The node's disperser.
pub struct Disperser {
	files: Arc<BlobStore>,
	columns: Arc<BlobStore>,
	threads: usize,
	running: Semaphore,
	/// The last dispersals, by upload root: a repeated call is answered without encoding again (the last 64 are remembered).
	recent: parking_lot::Mutex<std::collections::VecDeque<(H256, Dispersed)>>,
}

/// Dispersals remembered.
const RECENT: usize = 64;

impl Disperser {
	/// A disperser reading uploads from the storage blob store `files` and keeping columns in `columns`.
	pub fn new(files: Arc<BlobStore>, columns: Arc<BlobStore>) -> Self {
		let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
		Self { files, columns, threads, running: Semaphore::new(1), recent: Default::default() }
	}

	/// The column store.
	pub fn columns(&self) -> &BlobStore {
		&self.columns
	}

	/// Encodes the uploaded file `root` and keeps its columns (see the module docs).
	pub async fn disperse(&self, root: H256) -> Result<Dispersed, DisperseError> {
		if let Some((_, done)) = self.recent.lock().iter().find(|(r, _)| *r == root) {
			return Ok(done.clone());
		}
		let size = self.files.file_size(&root).map_err(|e| DisperseError::Internal(e.to_string()))?;
		let size = size.ok_or(DisperseError::UnknownFile)?;
		if size > MAX_BLOB_SIZE {
			return Err(DisperseError::TooLarge(size));
		}
		let _slot = self.running.try_acquire().map_err(|_| DisperseError::Busy)?;
		let (files, columns, threads) = (self.files.clone(), self.columns.clone(), self.threads);
		let dispersed = tokio::task::spawn_blocking(move || -> Result<Dispersed, DisperseError> {
			let data = files
				.read_file(&root)
				.map_err(|e| DisperseError::Internal(e.to_string()))?
				.ok_or(DisperseError::UnknownFile)?;
			let blob = crate::encode(&data, threads, crate::DEFAULT_PRECOMPUTE)
				.map_err(|e| DisperseError::Internal(format!("{e:?}")))?;
			let key = blob_key(&blob.data_root, &blob.commitments);
			let held = (0..CELLS_PER_ROW as u32).all(|c| columns.has_shard(&key, c).unwrap_or(false));
			if !held {
				put_columns(&columns, &blob, 0..CELLS_PER_ROW as u8)
					.map_err(|e| DisperseError::Internal(e.to_string()))?;
			}
			Ok(Dispersed { size: blob.size, data_root: blob.data_root, commitments: blob.commitments, key })
		})
		.await
		.map_err(|e| DisperseError::Internal(format!("background work failed: {e}")))??;
		let mut recent = self.recent.lock();
		if recent.len() == RECENT {
			recent.pop_front();
		}
		recent.push_back((root, dispersed.clone()));
		Ok(dispersed)
	}
}
