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
use zg_node_storage::{
	protocol::{fetch_shard, LaggingPeers},
	service::{off_thread, Spawner},
	BlobStore, WorkDone,
};
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
	/// Peers that failed a retrieval, and when: asked last for [`RETRY_AFTER`].
	failed_peers: LaggingPeers,
	/// Fault injection: keep nothing, find no cell (see [`DaService::forgetting`]).
	forget: bool,
	/// Signalled when a custody fetch finishes well (see [`DaService::signalling`]).
	work_done: WorkDone,
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
		let failed_peers = LaggingPeers::new(RETRY_AFTER);
		let fetches = Mutex::new(HashMap::new());
		let (forget, work_done) = (false, WorkDone::default());
		let inner = Inner { store, network, protocol, spawner, fetches, retrievals, failed_peers, forget, work_done };
		Self { inner: Arc::new(inner) }
	}

	/// The column store.
	pub fn store(&self) -> &Arc<BlobStore> {
		&self.inner.store
	}

	/// Fault injection for the end-to-end tests (`--da-forget`): a signer's node that keeps nothing — custody
	/// fails and no cell is found, so its custody challenges go unanswered. Call right after [`DaService::new`].
	pub fn forgetting(self, forget: bool) -> Self {
		match Arc::try_unwrap(self.inner) {
			Ok(inner) => Self { inner: Arc::new(Inner { forget, ..inner }) },
			// Already shared: leave it as it is (only the node's start-up calls this).
			Err(inner) => Self { inner },
		}
	}

	/// The same service, signalling `done` whenever a custody fetch finishes well, for
	/// `zg_node_storage::wake::Reruns` to run the signer's worker again at once (its attestation then lands a block
	/// sooner). Call right after [`DaService::new`].
	pub fn signalling(self, done: WorkDone) -> Self {
		match Arc::try_unwrap(self.inner) {
			Ok(inner) => Self { inner: Arc::new(Inner { work_done: done, ..inner }) },
			Err(inner) => Self { inner },
		}
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
				let mut peers: Vec<PeerId> = peers.iter().filter_map(|b| PeerId::from_bytes(b).ok()).collect();
				// Peers that failed recently go last (stable: the caller's order otherwise).
				peers.sort_by_key(|p| inner.failed_peers.contains(p));
				for peer in peers {
					// Another caller may have fetched it while this one waited.
					if inner.store.has_shard(&key, column as u32).unwrap_or(false) {
						return Ok(());
					}
					match inner.fetch(key, peer, commitments.clone(), vec![column]).await {
						Ok(()) => return Ok(()),
						Err(e) => {
							inner.failed_peers.mark(peer);
							// The error names the peer.
							why.push(e);
						},
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
			let bytes = fetch_shard(&*self.network, &self.protocol, peer, key, column as u32, len, None).await?;
			let store = self.store.clone();
			let commitments = commitments.clone();
			off_thread(move || {
				columns::put_verified_column(&store, &key, &commitments, column, &bytes).map_err(|e| match e {
					ColumnError::Invalid(e) => format!("{peer} served column {column} that does not verify: {e:?}"),
					ColumnError::Store(e) => e.to_string(),
				})
			})
			.await?;
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
		if self.inner.forget {
			return CustodyStatus::Failed(b"this node keeps nothing (--da-forget)".to_vec());
		}
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
						inner.work_done.notify();
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
		if self.inner.forget {
			return None;
		}
		let key = blob_key(&data_root, &commitments);
		columns::cell(&self.inner.store, &key, row, column).ok().flatten()
	}

	fn custody_leaves(
		&self,
		data_root: H256,
		commitments: Vec<Commitment>,
		blob: u64,
		columns: Vec<u8>,
		secret: [u8; 32],
	) -> Option<Vec<[u8; 32]>> {
		if self.inner.forget {
			return None;
		}
		let key = blob_key(&data_root, &commitments);
		columns::custody_leaves(&self.inner.store, &key, blob, commitments.len(), &columns, &secret).ok().flatten()
	}
}

#[cfg(test)]
mod tests {
	//! The service against fake peers (`zg_node_storage::testing`), each serving its own column store over the
	//! real request handler: a liar (every answer corrupted) and a peer that is not connected. Nothing unchecked
	//! is kept.
	use super::*;
	use zg_node_storage::{testing::FakeNetwork, StoreLimits};

	struct TempStore(std::path::PathBuf, Arc<BlobStore>);

	impl Drop for TempStore {
		fn drop(&mut self) {
			let _ = std::fs::remove_dir_all(&self.0);
		}
	}

	fn temp_store(name: &str) -> TempStore {
		let path = std::env::temp_dir().join(format!(
			"zg-da-service-{name}-{}-{}",
			std::process::id(),
			std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0)
		));
		let store = BlobStore::open(&path, StoreLimits::new(64 << 20)).expect("opens");
		TempStore(path, Arc::new(store))
	}

	/// A two-row blob; an honest peer and a liar holding every column; a peer that is not connected; and the
	/// service under test with an empty store.
	struct World {
		blob: crate::EncodedBlob,
		network: Arc<FakeNetwork>,
		service: DaService,
		/// What `service` signals.
		done: WorkDone,
		honest: PeerId,
		liar: PeerId,
		absent: PeerId,
		_stores: Vec<TempStore>,
	}

	fn world() -> World {
		let data: Vec<u8> = (0..150_000u32).map(|i| (i * 31 + 7) as u8).collect();
		let blob = crate::encode(&data, 2, 0).expect("encodes");
		let (honest_store, liar_store, own) = (temp_store("honest"), temp_store("liar"), temp_store("own"));
		columns::put_columns(&honest_store.1, &blob, 0..128).expect("stored");
		columns::put_columns(&liar_store.1, &blob, 0..128).expect("stored");
		let network = Arc::new(FakeNetwork::default());
		let (honest, liar, absent) = (PeerId::random(), PeerId::random(), PeerId::random());
		network.peers.lock().insert(honest, (honest_store.1.clone(), false));
		network.peers.lock().insert(liar, (liar_store.1.clone(), true));
		let handle = tokio::runtime::Handle::current();
		let spawner: Spawner = Arc::new(move |_, task| {
			handle.spawn(task);
		});
		let done = WorkDone::default();
		let service =
			DaService::new(own.1.clone(), network.clone(), ProtocolName::from("/da"), spawner).signalling(done.clone());
		World { blob, network, service, done, honest, liar, absent, _stores: vec![honest_store, liar_store, own] }
	}

	#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
	async fn readers_keep_only_checked_columns_and_ask_failed_peers_last() {
		let w = world();
		let key = blob_key(&w.blob.data_root, &w.blob.commitments);
		let order = vec![w.absent.to_bytes(), w.liar.to_bytes(), w.honest.to_bytes()];
		let failed = w.service.retrieve(w.blob.data_root, &w.blob.commitments, vec![(5, order.clone()), (70, order.clone())]).await;
		assert!(failed.is_empty(), "{failed:?}");
		for column in [5u8, 70] {
			for (row, encoded) in w.blob.rows.iter().enumerate() {
				let kept = columns::cell(w.service.store(), &key, row as u32, column).unwrap().expect("kept");
				assert_eq!(kept, (encoded.cells[column as usize].clone(), encoded.proofs[column as usize]));
			}
		}
		// The absent peer and the liar failed: for the next column the honest peer is asked first.
		w.network.asked.lock().clear();
		let failed = w.service.retrieve(w.blob.data_root, &w.blob.commitments, vec![(9, order.clone())]).await;
		assert!(failed.is_empty(), "{failed:?}");
		assert_eq!(w.network.asked.lock().first(), Some(&w.honest));
		// A column kept already is not fetched again.
		w.network.asked.lock().clear();
		assert!(w.service.retrieve(w.blob.data_root, &w.blob.commitments, vec![(9, order)]).await.is_empty());
		assert!(w.network.asked.lock().is_empty());
		// Only liars and absent peers: nothing kept, and the reasons name both.
		let failed = w
			.service
			.retrieve(w.blob.data_root, &w.blob.commitments, vec![(11, vec![w.liar.to_bytes(), w.absent.to_bytes()])])
			.await;
		assert_eq!(failed.len(), 1);
		assert!(failed[0].1.contains("does not verify") && failed[0].1.contains("not currently connected"), "{failed:?}");
		assert_eq!(columns::cell(w.service.store(), &key, 0, 11).unwrap(), None);
	}

	#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
	async fn custody_fetches_in_the_background_and_a_lying_disperser_fails_it() {
		let w = world();
		let columns: Vec<u8> = vec![3, 35, 67, 99];
		let custody = |disperser: PeerId| {
			w.service.custody(w.blob.data_root, w.blob.commitments.clone(), columns.clone(), disperser.to_bytes())
		};
		assert_eq!(custody(w.liar), CustodyStatus::Fetching);
		let status = loop {
			match custody(w.liar) {
				CustodyStatus::Fetching => tokio::time::sleep(Duration::from_millis(20)).await,
				other => break other,
			}
		};
		let CustodyStatus::Failed(why) = status else { panic!("a lying disperser's columns were kept: {status:?}") };
		assert!(String::from_utf8_lossy(&why).contains("does not verify"));
		let signalled = |done: &WorkDone| {
			let done = done.clone();
			async move { tokio::time::timeout(Duration::from_secs(2), done.wait()).await.is_ok() }
		};
		assert!(!signalled(&w.done).await, "a failed fetch does not run the worker again");
		// The failure is remembered (no fetch storm), whoever is named.
		assert!(matches!(custody(w.honest), CustodyStatus::Failed(_)));
		assert!(matches!(
			w.service.custody(w.blob.data_root, w.blob.commitments.clone(), columns.clone(), b"not a peer id".to_vec()),
			CustodyStatus::Failed(_)
		));

		// Another blob (same data, other layout key) from the honest disperser is fetched and held.
		let w = world();
		let custody = || w.service.custody(w.blob.data_root, w.blob.commitments.clone(), columns.clone(), w.honest.to_bytes());
		let status = loop {
			match custody() {
				CustodyStatus::Fetching => tokio::time::sleep(Duration::from_millis(20)).await,
				other => break other,
			}
		};
		assert_eq!(status, CustodyStatus::Held);
		assert!(signalled(&w.done).await, "a finished fetch runs the worker again");
		let key = blob_key(&w.blob.data_root, &w.blob.commitments);
		assert!(w.service.cell(w.blob.data_root, w.blob.commitments.clone(), 1, 99).is_some());
		assert_eq!(w.service.cell(w.blob.data_root, w.blob.commitments.clone(), 1, 98), None);
		assert!(columns::cell(w.service.store(), &key, 0, 3).unwrap().is_some());
	}
}
