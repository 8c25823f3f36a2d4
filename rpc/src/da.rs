//! `zgDa_*`: data availability as clients read it — a blob's status and certificate, its row commitments (what a
//! sampler checks cells against), an epoch's committee and the fee of a blob now. Blobs are submitted, attested
//! and challenged by signed transactions; dispersal, retrieval and sampling over the network come with the node's
//! DA service.

use std::sync::{
	atomic::{AtomicUsize, Ordering},
	Arc,
};

use futures::StreamExt;
use jsonrpsee::{
	core::{RpcResult, SubscriptionResult},
	proc_macros::rpc,
	types::error::ErrorObjectOwned,
	PendingSubscriptionSink, SubscriptionMessage,
};
use sc_client_api::BlockchainEvents;
use serde::{Deserialize, Serialize};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::{bytes::to_hex, crypto::Ss58Codec, H256};
use zg_primitives::{
	da::{BlobId, DaApi, EpochIndex},
	AccountId, Balance, Block, BlockNumber,
};

/// The error code of a runtime API failure.
pub const RUNTIME_API_ERROR: i32 = 7301;
/// The error code of a blob size the chain does not take.
pub const BAD_SIZE: i32 = 7302;

fn error(code: i32, message: impl Into<String>) -> ErrorObjectOwned {
	ErrorObjectOwned::owned(code, message.into(), None::<()>)
}

fn api_error(e: impl ToString) -> ErrorObjectOwned {
	error(RUNTIME_API_ERROR, e.to_string())
}

/// A blob as the chain records it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BlobStatus {
	pub id: BlobId,
	pub submitter: String,
	pub namespace: u64,
	pub size: u64,
	/// The 256-byte-sector keccak root of the data (zg storage's file root).
	pub data_root: H256,
	pub epoch: EpochIndex,
	pub submitted_at: BlockNumber,
	/// The last block attestations count in.
	pub deadline: BlockNumber,
	/// The block it is paid out and pruned at.
	pub expires_at: BlockNumber,
	/// In planck (decimal string).
	pub fee: String,
	/// "pending", "certified" or "unavailable".
	pub status: String,
	/// The block of the certificate.
	pub certified_at: Option<BlockNumber>,
	pub attested_slots: u32,
	pub slots: u32,
	/// base58 libp2p peer id of the node serving the blob's cells.
	pub disperser: String,
}

/// An epoch's committee.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Committee {
	pub epoch: EpochIndex,
	/// The signer of each slot (slot `s` holds the columns `c` with `c % slots.len() == s`).
	pub slots: Vec<String>,
}

/// What `zgDa_disperse` answers: the arguments of `da.submitBlob` (with this node's peer id as the disperser).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Dispersal {
	pub size: u64,
	pub data_root: H256,
	/// Hex, 48 bytes each, one per row.
	pub commitments: Vec<String>,
	/// base58 libp2p peer id of this node (the `disperser` argument).
	pub disperser: String,
}

/// A sampled cell with its proof.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Sample {
	pub row: u32,
	pub column: u8,
	/// Hex, 2,048 bytes.
	pub cell: String,
	/// Hex, 48 bytes.
	pub proof: String,
}

/// The most cells one `zgDa_sample` returns (a column of a 32 MiB blob is 265).
pub const MAX_SAMPLE_CELLS: usize = 512;
/// The error code of a dispersal or sample that failed (unknown upload, busy, too many cells).
pub const DISPERSE_ERROR: i32 = 7303;
/// The most `zgDa_subscribeStatus` subscriptions a node serves at a time.
pub const MAX_STATUS_SUBSCRIPTIONS: usize = 256;
/// The most blocks a `zgDa_subscribeStatus` subscription lasts.
pub const MAX_SUBSCRIPTION_BLOCKS: u32 = 1_200;
/// The error code of a subscription refused because the node serves as many as it may.
pub const TOO_MANY_SUBSCRIPTIONS: i32 = 7305;

/// The most distinct columns one `zgDa_sample` touches (each may have to be fetched from the committee).
pub const MAX_SAMPLE_COLUMNS: usize = 16;
/// The error code of a sample of a blob whose cells this node neither keeps nor could fetch.
pub const NOT_HELD: i32 = 7304;

/// The `zgDa` JSON-RPC namespace.
#[rpc(server, namespace = "zgDa")]
pub trait DaRpc {
	/// Encodes the file uploaded to this node with `zgStorage_upload*` under `root` into the 128 columns of a blob,
	/// keeps them for the committee, and answers what `da.submitBlob` needs. One dispersal at a time per node.
	#[method(name = "disperse")]
	async fn disperse(&self, root: H256) -> RpcResult<Dispersal>;

	/// The cells of blob `id` at `cells` (`[row, column]` pairs, at most 512 cells in at most 16 columns) with
	/// their proofs. Columns this node does not keep are first fetched from the committee over p2p (every cell
	/// checked) and kept; check the answer against `zgDa_commitments` anyway (any Ethereum KZG library can).
	#[method(name = "sample")]
	async fn sample(&self, id: BlobId, cells: Vec<(u32, u8)>) -> RpcResult<Vec<Sample>>;

	/// A blob's status and certificate; `null` if the chain does not know it (never submitted, or pruned).
	#[method(name = "status")]
	fn status(&self, id: BlobId) -> RpcResult<Option<BlobStatus>>;

	/// `zgDa_status(id)` now and at every new best block where it changed, until the blob is certified or found
	/// unavailable (the last notification), it is pruned, or [`MAX_SUBSCRIPTION_BLOCKS`] blocks have passed. At
	/// most [`MAX_STATUS_SUBSCRIPTIONS`] run on a node at a time (each costs a runtime call per block).
	#[subscription(name = "subscribeStatus" => "blobStatus", unsubscribe = "unsubscribeStatus", item = Option<BlobStatus>)]
	async fn subscribe_status(&self, id: BlobId) -> SubscriptionResult;

	/// A blob's row commitments (hex, 48 bytes each); `null` once pruned or found unavailable.
	#[method(name = "commitments")]
	fn commitments(&self, id: BlobId) -> RpcResult<Option<Vec<String>>>;

	/// The committee of `epoch` (the current one if none is given); `null` if the chain no longer keeps it or
	/// has not drawn it.
	#[method(name = "committee")]
	fn committee(&self, epoch: Option<EpochIndex>) -> RpcResult<Option<Committee>>;

	/// The fee of a blob of `size` bytes now, in planck (decimal string).
	#[method(name = "fee")]
	fn fee(&self, size: u64) -> RpcResult<String>;
}

/// The `zgDa` methods over a client, the node's disperser and its column store.
pub struct Da<C> {
	client: Arc<C>,
	disperser: Arc<zg_node_da::disperse::Disperser>,
	service: Arc<zg_node_da::service::DaService>,
	local_peer: Vec<u8>,
	subscriptions: Arc<AtomicUsize>,
}

/// Counts a running subscription; uncounts it when dropped.
struct Counted(Arc<AtomicUsize>);

impl Drop for Counted {
	fn drop(&mut self) {
		self.0.fetch_sub(1, Ordering::SeqCst);
	}
}

impl<C> Da<C> {
	/// The methods over `client`, dispersing with `disperser`, serving and fetching columns with `service`;
	/// `local_peer` is this node's peer id (bytes).
	pub fn new(
		client: Arc<C>,
		disperser: Arc<zg_node_da::disperse::Disperser>,
		service: Arc<zg_node_da::service::DaService>,
		local_peer: Vec<u8>,
	) -> Self {
		Da { client, disperser, service, local_peer, subscriptions: Arc::new(AtomicUsize::new(0)) }
	}
}

#[jsonrpsee::core::async_trait]
impl<C> DaRpcServer for Da<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + BlockchainEvents<Block> + Send + Sync + 'static,
	C::Api: DaApi<Block, AccountId, Balance, BlockNumber>,
{
	async fn subscribe_status(&self, pending: PendingSubscriptionSink, id: BlobId) -> SubscriptionResult {
		if self.subscriptions.fetch_add(1, Ordering::SeqCst) >= MAX_STATUS_SUBSCRIPTIONS {
			self.subscriptions.fetch_sub(1, Ordering::SeqCst);
			pending
				.reject(error(TOO_MANY_SUBSCRIPTIONS, format!("this node serves {MAX_STATUS_SUBSCRIPTIONS} status subscriptions already")))
				.await;
			return Ok(());
		}
		let _counted = Counted(self.subscriptions.clone());
		let mut blocks = self.client.import_notification_stream().filter(|b| futures::future::ready(b.is_new_best));
		let sink = pending.accept().await?;
		let mut last: Option<Option<BlobStatus>> = None;
		let mut seen = false;
		for _ in 0..=MAX_SUBSCRIPTION_BLOCKS {
			let now = DaRpcServer::status(self, id)?;
			if last.as_ref() != Some(&now) {
				sink.send(SubscriptionMessage::from_json(&now)?).await?;
			}
			let done = match &now {
				Some(s) => s.status != "pending",
				// Seen before and gone: pruned.
				None => seen,
			};
			seen |= now.is_some();
			last = Some(now);
			if done {
				break;
			}
			tokio::select! {
				_ = sink.closed() => break,
				block = blocks.next() => if block.is_none() { break },
			}
		}
		Ok(())
	}

	fn status(&self, id: BlobId) -> RpcResult<Option<BlobStatus>> {
		let at = self.client.info().best_hash;
		let Some(b) = self.client.runtime_api().blob(at, id).map_err(api_error)? else { return Ok(None) };
		Ok(Some(BlobStatus {
			id,
			submitter: b.submitter.to_ss58check(),
			namespace: b.namespace,
			size: b.size,
			data_root: H256(b.data_root),
			epoch: b.epoch,
			submitted_at: b.submitted_at,
			deadline: b.deadline,
			expires_at: b.expires_at,
			fee: b.fee.to_string(),
			status: String::from_utf8_lossy(&b.status).into_owned(),
			certified_at: b.certified_at,
			attested_slots: b.attested_slots,
			slots: b.slots,
			disperser: bs58::encode(&b.disperser).into_string(),
		}))
	}

	fn commitments(&self, id: BlobId) -> RpcResult<Option<Vec<String>>> {
		let at = self.client.info().best_hash;
		let commitments = self.client.runtime_api().commitments(at, id).map_err(api_error)?;
		Ok(commitments.map(|c| c.iter().map(|c| to_hex(c, false)).collect()))
	}

	fn committee(&self, epoch: Option<EpochIndex>) -> RpcResult<Option<Committee>> {
		let at = self.client.info().best_hash;
		let api = self.client.runtime_api();
		let epoch = match epoch {
			Some(epoch) => epoch,
			None => api.epoch(at).map_err(api_error)?.0,
		};
		let slots = api.committee(at, epoch).map_err(api_error)?;
		Ok(slots.map(|slots| Committee { epoch, slots: slots.iter().map(|s| s.to_ss58check()).collect() }))
	}

	fn fee(&self, size: u64) -> RpcResult<String> {
		let at = self.client.info().best_hash;
		match self.client.runtime_api().fee(at, size).map_err(api_error)? {
			Some(fee) => Ok(fee.to_string()),
			None => Err(error(BAD_SIZE, format!("{size} bytes is not a blob size this chain takes (1 byte to its maximum)"))),
		}
	}

	async fn disperse(&self, root: H256) -> RpcResult<Dispersal> {
		use zg_node_da::disperse::DisperseError;
		let d = self.disperser.disperse(root).await.map_err(|e| match e {
			DisperseError::UnknownFile => error(DISPERSE_ERROR, format!("no finished upload {root:?} on this node")),
			DisperseError::TooLarge(size) => error(BAD_SIZE, format!("{size} bytes is more than a blob may hold")),
			DisperseError::Busy => error(DISPERSE_ERROR, "busy: another dispersal is running; retry shortly"),
			DisperseError::Internal(e) => error(DISPERSE_ERROR, e),
		})?;
		Ok(Dispersal {
			size: d.size,
			data_root: d.data_root,
			commitments: d.commitments.iter().map(|c| to_hex(c, false)).collect(),
			disperser: bs58::encode(&self.local_peer).into_string(),
		})
	}

	async fn sample(&self, id: BlobId, cells: Vec<(u32, u8)>) -> RpcResult<Vec<Sample>> {
		if cells.len() > MAX_SAMPLE_CELLS {
			return Err(error(DISPERSE_ERROR, format!("at most {MAX_SAMPLE_CELLS} cells per call")));
		}
		let (blob, commitments, peers) = {
			let at = self.client.info().best_hash;
			let api = self.client.runtime_api();
			let blob = api.blob(at, id).map_err(api_error)?.ok_or_else(|| error(NOT_HELD, format!("no blob {id}")))?;
			let commitments = api
				.commitments(at, id)
				.map_err(api_error)?
				.ok_or_else(|| error(NOT_HELD, format!("blob {id} has no cells (unavailable or pruned)")))?;
			let peers = api.committee_peers(at, blob.epoch).map_err(api_error)?.unwrap_or_default();
			(blob, commitments, peers)
		};
		let mut columns = std::collections::BTreeSet::new();
		for &(row, column) in &cells {
			if row as usize >= commitments.len() || column as usize >= zg_primitives::da::CELLS_PER_ROW {
				return Err(error(DISPERSE_ERROR, format!("no cell ({row}, {column}) in blob {id}")));
			}
			columns.insert(column);
		}
		if columns.len() > MAX_SAMPLE_COLUMNS {
			return Err(error(DISPERSE_ERROR, format!("at most {MAX_SAMPLE_COLUMNS} distinct columns per call")));
		}
		let data_root = H256(blob.data_root);
		let key = zg_node_da::columns::blob_key(&data_root, &commitments);
		let store = self.service.store();
		let missing: Vec<u8> =
			columns.into_iter().filter(|c| !store.has_shard(&key, *c as u32).unwrap_or(false)).collect();
		if !missing.is_empty() {
			let wanted = missing.into_iter().map(|c| (c, self.sources(c, &peers, &blob.disperser))).collect();
			let failed = self.service.retrieve(data_root, &commitments, wanted).await;
			if !failed.is_empty() {
				let why: Vec<String> = failed.into_iter().map(|(c, why)| format!("column {c}: {why}")).collect();
				return Err(error(NOT_HELD, format!("blob {id}: {}", why.join("; "))));
			}
		}
		// Each column is read once, for all the cells asked of it.
		let mut rows_of: std::collections::BTreeMap<u8, Vec<u32>> = Default::default();
		for &(row, column) in &cells {
			rows_of.entry(column).or_default().push(row);
		}
		let mut read = std::collections::BTreeMap::new();
		for (column, rows) in rows_of {
			let held = zg_node_da::columns::cells(store, &key, column, &rows)
				.map_err(|e| error(DISPERSE_ERROR, e.to_string()))?
				.ok_or_else(|| error(NOT_HELD, format!("this node does not keep column {column} of blob {id}")))?;
			read.insert(column, held.into_iter());
		}
		let mut out = Vec::with_capacity(cells.len());
		for (row, column) in cells {
			let (cell, proof) = read
				.get_mut(&column)
				.and_then(Iterator::next)
				.ok_or_else(|| error(DISPERSE_ERROR, format!("cell ({row}, {column}) of blob {id} was not read")))?;
			out.push(Sample { row, column, cell: to_hex(&cell, false), proof: to_hex(&proof, false) });
		}
		Ok(out)
	}
}

impl<C> Da<C> {
	/// The peers to fetch `column` from, in order: the signer of its committee slot, the disperser, then the rest
	/// of the committee (each once, never this node).
	fn sources(&self, column: u8, committee: &[Vec<u8>], disperser: &[u8]) -> Vec<Vec<u8>> {
		let mut out: Vec<Vec<u8>> = Vec::new();
		let first = committee.get(zg_primitives::da::slot_of_column(column, committee.len().max(1) as u32) as usize);
		for peer in first.into_iter().chain(core::iter::once(&disperser.to_vec())).chain(committee.iter()) {
			if !peer.is_empty() && *peer != self.local_peer && !out.contains(peer) {
				out.push(peer.clone());
			}
		}
		out
	}
}
