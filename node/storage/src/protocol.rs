//! The storage request-response protocol, `/zg/<genesis hash hex>/storage/1`: a node asks a peer for a range
//! of a shard or of a complete file the peer holds, at most [`CHUNK_SIZE`] bytes at a time.
//!
//! Requests and responses are SCALE encoded: a [`Request`], answered by a [`Response`] (`Ok(bytes)` or
//! `Err(reason)`). The answer to a range past the end of the data is clamped to its end. Whoever asks checks
//! what it receives against the shard or file root: a peer's answer is never trusted as is.
//!
//! The server ([`serve`]) answers up to [`MAX_CONCURRENT`] requests at a time, each read from the store on
//! tokio's blocking pool, and at most [`MAX_PER_PEER`] of any one peer: a further request of a peer that has
//! that many in progress is answered "busy" at once, so no peer can hold the server for the others. Nothing a
//! peer sends sizes an allocation before it is checked: requests are fixed-size, a range is at most
//! [`CHUNK_SIZE`] and clamped to the data held.

use std::{
	collections::HashMap,
	sync::Arc,
	time::Duration,
};

use codec::{Decode, Encode};
use parking_lot::Mutex;
use sc_network::{
	request_responses::{IncomingRequest, OutgoingResponse},
	NetworkBackend, PeerId, ProtocolName, ReputationChange,
};
use sp_core::H256;
use tokio::sync::Semaphore;
use zg_primitives::{Block, Hash};

use crate::blob_store::BlobStore;

/// The most bytes one request asks for (1 MiB).
pub const CHUNK_SIZE: u32 = 1024 * 1024;
/// The largest request accepted.
pub const MAX_REQUEST_SIZE: u64 = 1024;
/// The largest response accepted: a chunk plus its encoding.
pub const MAX_RESPONSE_SIZE: u64 = CHUNK_SIZE as u64 + 1024;
/// How long a request may take before it fails.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);
/// The most a request may take from the call, dialling the peer included.
pub const REQUEST_DEADLINE: Duration = Duration::from_secs(30);
/// Incoming requests queued for the server before the network refuses more.
const INBOUND_QUEUE: usize = 64;
/// Requests answered at the same time.
pub const MAX_CONCURRENT: usize = 16;
/// Requests of one peer answered at the same time; more are answered "busy".
pub const MAX_PER_PEER: usize = 4;
/// The answer to a request beyond [`MAX_PER_PEER`].
pub const BUSY: &str = "busy: too many requests from this peer in progress";

/// Lowers the reputation of a peer whose request does not decode.
const BAD_REQUEST: ReputationChange = ReputationChange::new(-(1 << 10), "zg-storage: undecodable request");

/// What a peer asks for.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub enum Request {
	/// Bytes `offset .. offset + len` of shard `shard` of file `root`.
	ShardRange {
		/// The file root.
		root: H256,
		/// The shard index.
		shard: u32,
		/// First byte.
		offset: u64,
		/// Bytes (at most [`CHUNK_SIZE`]).
		len: u32,
	},
	/// Bytes `offset .. offset + len` of the complete file `root`.
	FileRange {
		/// The file root.
		root: H256,
		/// First byte.
		offset: u64,
		/// Bytes (at most [`CHUNK_SIZE`]).
		len: u32,
	},
}

/// The answer: the bytes, or why there are none.
pub type Response = Result<Vec<u8>, String>;

/// Sends `request` to `peer` on `protocol` and decodes its answer (the client side, shared by the storage service
/// and data availability, which serves its columns with this protocol under its own name).
pub async fn request(
	network: &(dyn sc_network::service::traits::NetworkRequest + Send + Sync),
	protocol: &ProtocolName,
	peer: PeerId,
	request: Request,
) -> Result<Vec<u8>, String> {
	// The network's own timeout starts once the request is sent; a peer that cannot be reached (a dial that
	// never completes) is bounded here.
	let sent = network.request(peer, protocol.clone(), request.encode(), None, sc_network::IfDisconnected::TryConnect);
	let (bytes, _) = tokio::time::timeout(REQUEST_DEADLINE, sent)
		.await
		.map_err(|_| format!("{peer}: no answer within {} s", REQUEST_DEADLINE.as_secs()))?
		.map_err(|e| format!("{peer}: {e}"))?;
	let response = Response::decode(&mut &bytes[..]).map_err(|e| format!("{peer}: undecodable response: {e}"))?;
	response.map_err(|e| format!("{peer}: {e}"))
}

/// Downloads the `len` bytes of shard `shard` of `root` from `peer`, [`CHUNK_SIZE`] bytes at a time. The caller
/// checks them: a peer's answer is never trusted as is.
pub async fn fetch_shard(
	network: &(dyn sc_network::service::traits::NetworkRequest + Send + Sync),
	protocol: &ProtocolName,
	peer: PeerId,
	root: H256,
	shard: u32,
	len: u64,
) -> Result<Vec<u8>, String> {
	let capacity = usize::try_from(len).map_err(|_| format!("shard of {len} bytes is too large"))?;
	let mut out = Vec::with_capacity(capacity);
	let mut offset = 0u64;
	while offset < len {
		let want = (len - offset).min(u64::from(CHUNK_SIZE)) as u32;
		let bytes = request(network, protocol, peer, Request::ShardRange { root, shard, offset, len: want }).await?;
		if bytes.len() != want as usize {
			return Err(format!("{peer} sent {} bytes for a range of {want}", bytes.len()));
		}
		out.extend_from_slice(&bytes);
		offset += u64::from(want);
	}
	Ok(out)
}

/// The protocol's name on the chain with genesis hash `genesis_hash`.
pub fn protocol_name(genesis_hash: &H256) -> ProtocolName {
	named(genesis_hash, "storage")
}

/// The same protocol under data availability's name, `/zg/<genesis hash hex>/da/1`: DA's column store is a blob
/// store of its own, served by [`serve`] unchanged.
pub fn da_protocol_name(genesis_hash: &H256) -> ProtocolName {
	named(genesis_hash, "da")
}

fn named(genesis_hash: &H256, name: &str) -> ProtocolName {
	let hex: String = genesis_hash.as_bytes().iter().map(|b| format!("{b:02x}")).collect();
	format!("/zg/{hex}/{name}/1").into()
}

/// The protocol's configuration for the network backend `N`, and the receiver of incoming requests to hand to
/// [`serve`].
pub fn config<N: NetworkBackend<Block, Hash>>(
	genesis_hash: &H256,
) -> (N::RequestResponseProtocolConfig, async_channel::Receiver<IncomingRequest>) {
	config_named::<N>(protocol_name(genesis_hash))
}

/// [`config`] for the protocol under `name` (e.g. [`da_protocol_name`]).
pub fn config_named<N: NetworkBackend<Block, Hash>>(
	name: ProtocolName,
) -> (N::RequestResponseProtocolConfig, async_channel::Receiver<IncomingRequest>) {
	let (tx, rx) = async_channel::bounded(INBOUND_QUEUE);
	let config =
		N::request_response_config(name, Vec::new(), MAX_REQUEST_SIZE, MAX_RESPONSE_SIZE, REQUEST_TIMEOUT, Some(tx));
	(config, rx)
}

/// The answer to `request` from `store`.
pub fn answer(store: &BlobStore, request: &Request) -> Response {
	match *request {
		Request::ShardRange { root, shard, offset, len } => {
			if len > CHUNK_SIZE {
				return Err(format!("at most {CHUNK_SIZE} bytes per request"));
			}
			match store.shard_range(&root, shard, offset, u64::from(len)) {
				Ok(Some(bytes)) => Ok(bytes),
				Ok(None) => Err("not held".into()),
				Err(e) => Err(e.to_string()),
			}
		},
		Request::FileRange { root, offset, len } => {
			if len > CHUNK_SIZE {
				return Err(format!("at most {CHUNK_SIZE} bytes per request"));
			}
			match store.read_file_range(&root, offset, u64::from(len)) {
				Ok(Some(bytes)) => Ok(bytes),
				Ok(None) => Err("not held".into()),
				Err(e) => Err(e.to_string()),
			}
		},
	}
}

/// Requests in progress per peer.
#[derive(Default)]
struct PerPeer(Mutex<HashMap<PeerId, usize>>);

/// One request of a peer counted in [`PerPeer`] until dropped.
struct PeerSlot {
	counts: Arc<PerPeer>,
	peer: PeerId,
}

impl PerPeer {
	/// Counts a request of `peer`, unless it has [`MAX_PER_PEER`] in progress.
	fn enter(self: &Arc<Self>, peer: PeerId) -> Option<PeerSlot> {
		let mut counts = self.0.lock();
		let n = counts.entry(peer).or_default();
		if *n >= MAX_PER_PEER {
			return None;
		}
		*n += 1;
		Some(PeerSlot { counts: self.clone(), peer })
	}
}

impl Drop for PeerSlot {
	fn drop(&mut self) {
		let mut counts = self.counts.0.lock();
		if let Some(n) = counts.get_mut(&self.peer) {
			*n = n.saturating_sub(1);
			if *n == 0 {
				counts.remove(&self.peer);
			}
		}
	}
}

fn respond(pending: futures::channel::oneshot::Sender<OutgoingResponse>, response: &Response) {
	// The requester may have gone; nothing to do then.
	let _ = pending.send(OutgoingResponse {
		result: Ok(response.encode()),
		reputation_changes: Vec::new(),
		sent_feedback: None,
	});
}

/// Answers incoming storage requests from `store` until the network closes the channel (see the module docs for
/// the limits). Spawn it once, on a tokio runtime. With `withhold` (fault injection for tests:
/// `--storage-withhold`) it refuses every request, as a provider that keeps its data to itself would.
pub async fn serve(store: Arc<BlobStore>, requests: async_channel::Receiver<IncomingRequest>, withhold: bool) {
	let slots = Arc::new(Semaphore::new(MAX_CONCURRENT));
	let per_peer = Arc::new(PerPeer::default());
	while let Ok(IncomingRequest { peer, payload, pending_response }) = requests.recv().await {
		let request = match Request::decode(&mut &payload[..]) {
			Ok(request) => request,
			Err(e) => {
				log::debug!(target: "zg-storage", "undecodable storage request from {peer}: {e}");
				let _ = pending_response.send(OutgoingResponse {
					result: Err(()),
					reputation_changes: vec![BAD_REQUEST],
					sent_feedback: None,
				});
				continue;
			},
		};
		if withhold {
			log::debug!(target: "zg-storage", "withholding {request:?} from {peer} (--storage-withhold)");
			respond(pending_response, &Err("withheld".into()));
			continue;
		}
		let Some(peer_slot) = per_peer.enter(peer) else {
			log::debug!(target: "zg-storage", "{peer} has {MAX_PER_PEER} storage requests in progress; busy");
			respond(pending_response, &Err(BUSY.into()));
			continue;
		};
		let Ok(slot) = slots.clone().acquire_owned().await else { break };
		log::trace!(target: "zg-storage", "{peer} asks for {request:?}");
		let store = store.clone();
		tokio::spawn(async move {
			let response = tokio::task::spawn_blocking(move || answer(&store, &request))
				.await
				.unwrap_or_else(|e| Err(format!("internal error: {e}")));
			respond(pending_response, &response);
			drop((slot, peer_slot));
		});
	}
	log::debug!(target: "zg-storage", "storage request server stopped");
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn protocol_name_is_hex_of_genesis() {
		let name = protocol_name(&H256::repeat_byte(0xab));
		assert_eq!(&*name, format!("/zg/{}/storage/1", "ab".repeat(32)).as_str());
	}

	#[test]
	fn requests_fit_the_limit() {
		let request = Request::ShardRange { root: H256::zero(), shard: u32::MAX, offset: u64::MAX, len: CHUNK_SIZE };
		assert!(request.encode().len() as u64 <= MAX_REQUEST_SIZE);
		let response: Response = Ok(vec![0u8; CHUNK_SIZE as usize]);
		assert!(response.encode().len() as u64 <= MAX_RESPONSE_SIZE);
	}

	mod server {
		use super::super::*;
		use crate::blob_store::tests::{data, open_all, TempDir};
		use futures::channel::oneshot;
		use zg_primitives::storage::merkle_root;

		fn incoming(peer: PeerId, request: &Request) -> (IncomingRequest, oneshot::Receiver<OutgoingResponse>) {
			let (tx, rx) = oneshot::channel();
			(IncomingRequest { peer, payload: request.encode(), pending_response: tx }, rx)
		}

		fn decode(response: OutgoingResponse) -> Response {
			Response::decode(&mut &response.result.expect("answered")[..]).expect("decodes")
		}

		/// Many peers at once get their ranges; one flooding peer gets "busy" beyond its share, never blocks
		/// the others, and a garbage request costs its sender reputation.
		#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
		async fn serves_peers_concurrently_and_bounds_each() {
			let dir = TempDir::new();
			let store = Arc::new(open_all(&dir, 1 << 30));
			let root = H256::repeat_byte(5);
			let shard = data(3 * CHUNK_SIZE as usize, 9);
			store.put_shard(&root, 1, &shard, merkle_root(&shard)).unwrap();
			let (tx, rx) = async_channel::bounded(256);
			let server = tokio::spawn(serve(store.clone(), rx, false));

			// A flood of 64 requests from one peer, queued before the server sees any.
			let flooder = PeerId::random();
			let mut flood = Vec::new();
			for i in 0..64u64 {
				let request = Request::ShardRange { root, shard: 1, offset: (i % 3) * u64::from(CHUNK_SIZE), len: CHUNK_SIZE };
				let (req, rx) = incoming(flooder, &request);
				tx.send(req).await.unwrap();
				flood.push((i, rx));
			}
			// Eight honest peers, each asking for one range.
			let mut honest = Vec::new();
			for i in 0..8u64 {
				let request = Request::ShardRange { root, shard: 1, offset: (i % 3) * u64::from(CHUNK_SIZE) + 7, len: 1000 };
				let (req, rx) = incoming(PeerId::random(), &request);
				tx.send(req).await.unwrap();
				honest.push((i, rx));
			}
			let garbage = PeerId::random();
			let (tx_bad, rx_bad) = oneshot::channel();
			tx.send(IncomingRequest { peer: garbage, payload: vec![9, 9, 9], pending_response: tx_bad }).await.unwrap();

			let (mut ok, mut busy) = (0, 0);
			for (i, rx) in flood {
				match decode(rx.await.unwrap()) {
					Ok(bytes) => {
						let at = ((i % 3) * u64::from(CHUNK_SIZE)) as usize;
						assert_eq!(bytes, shard[at..at + CHUNK_SIZE as usize]);
						ok += 1;
					},
					Err(e) => {
						assert_eq!(e, BUSY);
						busy += 1;
					},
				}
			}
			assert!(ok >= MAX_PER_PEER, "the flooder gets its share: {ok}");
			assert!(busy > 0, "and no more than its share at a time");
			for (i, rx) in honest {
				let at = ((i % 3) * u64::from(CHUNK_SIZE) + 7) as usize;
				assert_eq!(decode(rx.await.unwrap()), Ok(shard[at..at + 1000].to_vec()), "every honest peer is served");
			}
			let bad = rx_bad.await.unwrap();
			assert!(bad.result.is_err());
			assert_eq!(bad.reputation_changes, vec![BAD_REQUEST]);

			// Oversized and unknown ranges get reasons, not data.
			let (req, rx) = incoming(PeerId::random(), &Request::FileRange { root, offset: 0, len: CHUNK_SIZE + 1 });
			tx.send(req).await.unwrap();
			assert!(decode(rx.await.unwrap()).unwrap_err().contains("at most"));
			let (req, rx) = incoming(PeerId::random(), &Request::ShardRange { root, shard: 2, offset: 0, len: 10 });
			tx.send(req).await.unwrap();
			assert_eq!(decode(rx.await.unwrap()), Err("not held".into()));
			drop(tx);
			server.await.unwrap();
		}
	}
}
