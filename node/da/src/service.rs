//! The node's DA service: what a signer's off-chain worker asks of its node (`zg_da_node` host functions).
//!
//! - [`DaNode::custody`]: the columns of a blob the signer's slots hold are fetched from the disperser over the
//!   storage protocol under DA's name (`zg_node_storage::protocol::fetch_shard`, reused as it is), every cell
//!   checked against its row's commitment in one batch before the column is kept ([`crate::columns`]). The fetch
//!   runs in the background; the worker polls. At most [`MAX_FETCHES`] blobs are fetched at once; a blob whose
//!   fetch failed is not tried again for [`RETRY_AFTER`] (the worker asks every block).
//! - [`DaNode::cell`]: a kept cell and its proof (custody answers, samples).
//! - [`DaService::retrieve`]: for samplers and readers (`zgDa_sample` on any node), the columns this node does not
//!   keep are fetched from the peers that should (each column's committee signer, then the disperser, then the
//!   rest of the committee), [`RETRIEVE_PARALLEL`] at a time across all callers, checked, and kept: a node that
//!   never had a blob serves it.

use std::{
	collections::HashMap,
	sync::Arc,
	time::{Duration, Instant},
};

use parking_lot::Mutex;
use sc_network::{service::traits::NetworkRequest, PeerId, ProtocolName};
use sp_core::H256;
use zg_node_storage::{protocol::fetch_shard, service::Spawner, BlobStore};
use zg_primitives::da::{
	host::{CustodyStatus, DaNode},
	Commitment, Proof,
};

use crate::columns::{self, blob_key, ColumnError, CELL_WITH_PROOF};

/// Blobs fetched at the same time.
pub const MAX_FETCHES: usize = 8;
/// How long a failed fetch is remembered before it is tried again.
pub const RETRY_AFTER: Duration = Duration::from_secs(30);
/// Columns fetched at the same time for readers, across all of them.
pub const RETRIEVE_PARALLEL: usize = 8;

enum State {
	Fetching,
	Failed(String, Instant),
}

/// The DA service (see the module docs). Cheap to clone.
#[derive(Clone)]
pub struct DaService {
	inner: Arc<Inner>,
}

struct Inner {
	store: Arc<BlobStore>,
	network: Arc<dyn NetworkRequest + Send + Sync>,
	protocol: ProtocolName,
	spawner: Spawner,
	fetches: Mutex<HashMap<H256, State>>,
	retrievals: tokio::sync::Semaphore,
}

impl DaService {
	/// A service over the DA column `store`, asking peers through `network` on DA's `protocol`.
	pub fn new(
		store: Arc<BlobStore>,
		network: Arc<dyn NetworkRequest + Send + Sync>,
		protocol: ProtocolName,
		spawner: Spawner,
	) -> Self {
		let retrievals = tokio::sync::Semaphore::new(RETRIEVE_PARALLEL);
		Self { inner: Arc::new(Inner { store, network, protocol, spawner, fetches: Mutex::new(HashMap::new()), retrievals }) }
	}

	/// The column store.
	pub fn store(&self) -> &Arc<BlobStore> {
		&self.inner.store
	}

	/// Makes sure this node keeps each of `wanted`'s columns of the blob (`data_root`, `commitments`): a column
	/// not kept is fetched from its peers (peer id bytes, asked in order until one serves a column whose every cell
	/// verifies), the columns in parallel. Answers the columns that could not be had, with the reasons.
	pub async fn retrieve(
		&self,
		data_root: H256,
		commitments: &[Commitment],
		wanted: Vec<(u8, Vec<Vec<u8>>)>,
	) -> Vec<(u8, String)> {
		let key = blob_key(&data_root, commitments);
		let jobs = wanted.into_iter().filter(|(c, _)| !self.inner.store.has_shard(&key, *c as u32).unwrap_or(false));
		let jobs = jobs.map(|(column, peers)| {
			let inner = self.inner.clone();
			let commitments = commitments.to_vec();
			async move {
				let _permit = inner.retrievals.acquire().await.map_err(|e| (column, e.to_string()))?;
				let mut why = Vec::new();
				for bytes in peers {
					let Ok(peer) = PeerId::from_bytes(&bytes) else { continue };
					// Another caller may have fetched it while this one waited.
					if inner.store.has_shard(&key, column as u32).unwrap_or(false) {
						return Ok(());
					}
					match inner.fetch(key, peer, commitments.clone(), vec![column]).await {
						Ok(()) => return Ok(()),
						Err(e) => why.push(format!("{peer}: {e}")),
					}
				}
				if why.is_empty() {
					why.push("no peer to ask".into());
				}
				Err((column, why.join("; ")))
			}
		});
		futures::future::join_all(jobs).await.into_iter().filter_map(Result::err).collect()
	}
}

impl Inner {
	async fn fetch(
		&self,
		key: H256,
		peer: PeerId,
		commitments: Vec<Commitment>,
		columns: Vec<u8>,
	) -> Result<(), String> {
		let len = commitments.len() as u64 * CELL_WITH_PROOF as u64;
		for column in columns {
			if self.store.has_shard(&key, column as u32).map_err(|e| e.to_string())? {
				continue;
			}
			let bytes = fetch_shard(&*self.network, &self.protocol, peer, key, column as u32, len).await?;
			let store = self.store.clone();
			let commitments = commitments.clone();
			tokio::task::spawn_blocking(move || {
				columns::put_verified_column(&store, &key, &commitments, column, &bytes).map_err(|e| match e {
					ColumnError::Invalid(e) => format!("{peer} served column {column} that does not verify: {e:?}"),
					ColumnError::Store(e) => e.to_string(),
				})
			})
			.await
			.map_err(|e| format!("background work failed: {e}"))??;
		}
		Ok(())
	}
}

impl DaNode for DaService {
	fn custody(
		&self,
		data_root: H256,
		commitments: Vec<Commitment>,
		columns: Vec<u8>,
		disperser: Vec<u8>,
	) -> CustodyStatus {
		let key = blob_key(&data_root, &commitments);
		let missing: Vec<u8> = columns
			.into_iter()
			.filter(|c| !self.inner.store.has_shard(&key, *c as u32).unwrap_or(false))
			.collect();
		if missing.is_empty() {
			return CustodyStatus::Held;
		}
		let mut fetches = self.inner.fetches.lock();
		match fetches.get(&key) {
			Some(State::Fetching) => return CustodyStatus::Fetching,
			Some(State::Failed(why, at)) if at.elapsed() < RETRY_AFTER =>
				return CustodyStatus::Failed(why.clone().into_bytes()),
			_ => {},
		}
		let Ok(peer) = PeerId::from_bytes(&disperser) else {
			return CustodyStatus::Failed(b"the disperser's peer id does not parse".to_vec());
		};
		if commitments.is_empty() {
			return CustodyStatus::Failed(b"a blob without rows".to_vec());
		}
		let running = fetches.values().filter(|s| matches!(s, State::Fetching)).count();
		if running >= MAX_FETCHES {
			return CustodyStatus::Fetching;
		}
		fetches.insert(key, State::Fetching);
		drop(fetches);
		let inner = self.inner.clone();
		(self.inner.spawner)(
			"zg-da-custody",
			Box::pin(async move {
				let result = inner.fetch(key, peer, commitments, missing).await;
				let mut fetches = inner.fetches.lock();
				match result {
					Ok(()) => {
						fetches.remove(&key);
					},
					Err(why) => {
						log::warn!(target: "zg-da", "custody of {key:?}: {why}");
						fetches.insert(key, State::Failed(why, Instant::now()));
					},
				}
			}),
		);
		CustodyStatus::Fetching
	}

	fn cell(&self, data_root: H256, commitments: Vec<Commitment>, row: u32, column: u8) -> Option<(Vec<u8>, Proof)> {
		let key = blob_key(&data_root, &commitments);
		columns::cell(&self.inner.store, &key, row, column).ok().flatten()
	}
}
