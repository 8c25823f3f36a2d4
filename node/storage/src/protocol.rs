//! The storage request-response protocol, `/zg/<genesis hash hex>/storage/1`: a node asks a peer for a range
//! of a shard or of a complete file the peer holds, at most [`CHUNK_SIZE`] bytes at a time.
//!
//! Requests and responses are SCALE encoded: a [`Request`], answered by a [`Response`] (`Ok(bytes)` or
//! `Err(reason)`). The answer to a range past the end of the data is clamped to its end. Whoever asks checks
//! what it receives against the shard or file root: a peer's answer is never trusted as is.
//!
//! A storage shard is fetched checked as it arrives ([`fetch_shard_checked`]): first its chunk roots (the Merkle
//! roots of its 1 MiB chunks, which are the nodes of level 12 of its sector tree, so their own Merkle root must
//! be the shard root the chain holds), then [`PIPELINE`] chunks at a time, each checked against its root on
//! arrival. A peer that sends one wrong byte is found at that chunk, not after the whole shard.
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

use futures::{stream::FuturesOrdered, StreamExt};
use zg_primitives::storage::{merkle_root_of_leaves, subtree_roots};

use crate::{
	blob_store::{chunk_roots, root_of_chunk_roots, BlobStore, CHUNK_HEIGHT},
	service::off_thread,
};

/// The most bytes one request asks for (1 MiB).
pub const CHUNK_SIZE: u32 = 1024 * 1024;
// A shard fetched chunk by chunk is written chunk by chunk: a request's chunk is one of the store's.
const _: () = assert!(CHUNK_SIZE as u64 == crate::blob_store::CHUNK_SIZE);
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
	/// The roots of the [`CHUNK_SIZE`] chunks of shard `shard` of file `root`
	/// ([`crate::blob_store::chunk_roots`]), answered as the SCALE encoding of a `Vec<H256>`, or
	/// [`NO_CHUNK_ROOTS`] if the shard is held without them.
	ShardChunkRoots {
		/// The file root.
		root: H256,
		/// The shard index.
		shard: u32,
	},
}

/// The answer to [`Request::ShardChunkRoots`] for a shard held without chunk roots (stored by an earlier version, or
/// a data-availability column): the shard is then fetched whole and checked at the end.
pub const NO_CHUNK_ROOTS: &str = "no chunk roots held";

/// The answer to a request for data the node does not hold (or is still writing).
pub const NOT_HELD: &str = "not held";

/// Chunk requests in flight to one peer while fetching a shard: as many as the server answers of one peer at a
/// time ([`MAX_PER_PEER`]), so the next chunk is already on its way while one is checked.
pub const PIPELINE: usize = MAX_PER_PEER;

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
	Ok(request_received(network, protocol, peer, request).await?.into_bytes())
}

/// [`request`], the answer's bytes left where they came ([`Received`]).
pub async fn request_received(
	network: &(dyn sc_network::service::traits::NetworkRequest + Send + Sync),
	protocol: &ProtocolName,
	peer: PeerId,
	request: Request,
) -> Result<Received, String> {
	// The network's own timeout starts once the request is sent; a peer that cannot be reached (a dial that
	// never completes) is bounded here.
	let sent = network.request(peer, protocol.clone(), request.encode(), None, sc_network::IfDisconnected::TryConnect);
	let (bytes, _) = tokio::time::timeout(REQUEST_DEADLINE, sent)
		.await
		.map_err(|_| format!("{peer}: no answer within {} s", REQUEST_DEADLINE.as_secs()))?
		.map_err(|e| format!("{peer}: {e}"))?;
	let response = decode_in_place(bytes).map_err(|e| format!("{peer}: undecodable response: {e}"))?;
	response.map_err(|e| format!("{peer}: {e}"))
}

/// The bytes of an `Ok` answer where they came, after the answer's header in its message: moving them down over
/// the header (a copy of every byte) is left to whoever wants them as a `Vec` of their own
/// ([`Received::into_bytes`]); whoever copies them on anyway reads them where they are ([`Received::bytes`]).
pub struct Received {
	message: Vec<u8>,
	start: usize,
}

impl Received {
	/// The answer's bytes.
	pub fn bytes(&self) -> &[u8] {
		self.message.get(self.start..).unwrap_or_default()
	}

	/// The answer's bytes, moved down over the header.
	pub fn into_bytes(mut self) -> Vec<u8> {
		self.message.drain(..self.start.min(self.message.len()));
		self.message
	}
}

/// `bytes` decoded as a [`Response`], the bytes of an `Ok` being those of the message itself, moved down over its
/// header (a byte and a compact length) and nothing after them. SCALE's own decoding of a `Vec<u8>` grows it from
/// 16 KiB by doubling, so that a length from the wire cannot make it allocate more than the message holds: for a
/// 1 MiB chunk, seven reallocations, each copying into fresh pages, on top of copying the bytes themselves (a
/// profile of the release cold download: a sixth of the reader's time in page faults of such copies).
pub fn decode_response(bytes: Vec<u8>) -> Result<Response, codec::Error> {
	Ok(decode_in_place(bytes)?.map(Received::into_bytes))
}

/// [`decode_response`], the bytes of an `Ok` left where they are in the message ([`Received`]).
fn decode_in_place(bytes: Vec<u8>) -> Result<Result<Received, String>, codec::Error> {
	if bytes.first() != Some(&0) {
		return Ok(Err(Response::decode(&mut &bytes[..])?.err().ok_or("an Ok that is not an Ok")?));
	}
	let mut rest = &bytes[1..];
	let len = codec::Compact::<u32>::decode(&mut rest)?.0;
	if rest.len() as u64 != u64::from(len) {
		return Err("the length of the answer's bytes is not what follows it".into());
	}
	let start = bytes.len() - rest.len();
	Ok(Ok(Received { message: bytes, start }))
}

/// Peers that failed a request or answered later than others, and when: callers ask them after the others for
/// a while. Bounded: past [`LaggingPeers::MAX`] peers the expired are forgotten, then all. Shared by the storage
/// service's ranged reads and data availability's column retrievals.
pub struct LaggingPeers {
	peers: parking_lot::Mutex<std::collections::HashMap<PeerId, std::time::Instant>>,
	lasts: Duration,
}

impl LaggingPeers {
	/// Peers remembered at most.
	pub const MAX: usize = 1024;

	/// Peers marked are lagging for `lasts`.
	pub fn new(lasts: Duration) -> Self {
		Self { peers: Default::default(), lasts }
	}

	/// Remembers `peer` as lagging from now.
	pub fn mark(&self, peer: PeerId) {
		let mut peers = self.peers.lock();
		if peers.len() >= Self::MAX {
			peers.retain(|_, since| since.elapsed() < self.lasts);
			if peers.len() >= Self::MAX {
				peers.clear();
			}
		}
		peers.insert(peer, std::time::Instant::now());
	}

	/// Whether `peer` was marked less than the lasting time ago.
	pub fn contains(&self, peer: &PeerId) -> bool {
		self.peers.lock().get(peer).map_or(false, |since| since.elapsed() < self.lasts)
	}
}

/// Network access for fetching, shared by the storage service and data availability.
pub type Network = dyn sc_network::service::traits::NetworkRequest + Send + Sync;

/// Downloads the `len` bytes of shard `shard` of `root` from `peer`, [`CHUNK_SIZE`] bytes at a time with
/// [`PIPELINE`] requests in flight. With `roots`, each chunk is checked against its root as it arrives (off the
/// async workers) and the fetch stops at the first wrong one; without, the caller checks the bytes: a peer's
/// answer is never trusted as is.
pub async fn fetch_shard(
	network: &Network,
	protocol: &ProtocolName,
	peer: PeerId,
	root: H256,
	shard: u32,
	len: u64,
	roots: Option<&[H256]>,
) -> Result<Vec<u8>, String> {
	let chunks = 0..len.div_ceil(u64::from(CHUNK_SIZE));
	let check = roots.map(|roots| (roots, CHUNK_HEIGHT));
	Ok(fetch_shard_chunks(network, protocol, peer, (root, shard, len), chunks, check).await?.0)
}

/// Chunks `chunks` (indices of [`CHUNK_SIZE`]-byte chunks) of shard `shard` of `root`, which is `len` bytes
/// long, from `peer`, as [`fetch_shard`] fetches them; answers their bytes, in order. With `check = (roots,
/// height)` (`roots` the roots of every chunk of the shard), each chunk is checked as it arrives and the roots of
/// the bytes' aligned runs of 2^`height` sectors (`height` ≤ [`CHUNK_HEIGHT`]: the nodes of that level of the
/// chunks' trees, which the check computes on its way to their roots) are answered beside the bytes, in order;
/// without, no roots.
pub async fn fetch_shard_chunks(
	network: &Network,
	protocol: &ProtocolName,
	peer: PeerId,
	key: (H256, u32, u64),
	chunks: core::ops::Range<u64>,
	check: Option<(&[H256], u32)>,
) -> Result<(Vec<u8>, Vec<H256>), String> {
	let chunk = u64::from(CHUNK_SIZE);
	let len = key.2;
	let bytes = chunks.end.saturating_mul(chunk).min(len).saturating_sub(chunks.start.saturating_mul(chunk).min(len));
	let capacity = usize::try_from(bytes).map_err(|_| format!("{bytes} bytes are too many"))?;
	let (mut out, mut run_roots) = (Vec::with_capacity(capacity), Vec::new());
	fetch_shard_chunks_each(network, protocol, peer, key, chunks, check, |received, roots| {
		run_roots.extend(roots);
		if out.is_empty() && received.bytes().len() == capacity {
			// One chunk asked for (a download's 4 MiB piece takes one chunk of each of four shards): no copy
			// but the move over the header.
			out = received.into_bytes();
		} else {
			out.extend_from_slice(received.bytes());
		}
	})
	.await?;
	Ok((out, run_roots))
}

/// [`fetch_shard_chunks`], each chunk handed to `each` as it came ([`Received`], with the roots of its runs), in
/// order, instead of copied into one buffer: for a caller that writes chunk by chunk.
pub async fn fetch_shard_chunks_each(
	network: &Network,
	protocol: &ProtocolName,
	peer: PeerId,
	(root, shard, len): (H256, u32, u64),
	chunks: core::ops::Range<u64>,
	check: Option<(&[H256], u32)>,
	mut each: impl FnMut(Received, Vec<H256>),
) -> Result<(), String> {
	let chunk = u64::from(CHUNK_SIZE);
	if chunks.end > len.div_ceil(chunk) || chunks.start > chunks.end {
		return Err(format!("chunks {chunks:?} of a shard of {len} bytes"));
	}
	let (roots, height) = match check {
		Some((_, height)) if height > CHUNK_HEIGHT => return Err(format!("runs of 2^{height} sectors span chunks")),
		Some((roots, height)) => (Some(roots), height),
		None => (None, CHUNK_HEIGHT),
	};
	let mut requested = chunks.start;
	let mut in_flight = FuturesOrdered::new();
	loop {
		while in_flight.len() < PIPELINE && requested < chunks.end {
			let offset = requested * chunk;
			let want = (len - offset).min(chunk) as u32;
			let expected = match roots {
				Some(roots) => Some(*roots.get(requested as usize).ok_or("fewer chunk roots than chunks")?),
				None => None,
			};
			in_flight.push_back(fetch_chunk(network, protocol, peer, (root, shard, requested), want, expected, height));
			requested += 1;
		}
		let Some(fetched) = in_flight.next().await else { break };
		let (received, roots) = fetched?;
		each(received, roots);
	}
	Ok(())
}

/// The chunk roots of shard `shard` of `root` (`len` bytes, Merkle root `want`) as `peer` answers them, checked:
/// one per chunk, and together they give `want` (whatever root they give if `want` is not known yet: the shard of a
/// file whose encoding is not confirmed, fetched ahead). `Ok(None)` if the peer holds the shard without them.
pub async fn fetch_chunk_roots(
	network: &Network,
	protocol: &ProtocolName,
	peer: PeerId,
	(root, shard, len): (H256, u32, u64),
	want: Option<H256>,
) -> Result<Option<Vec<H256>>, String> {
	let chunks = len.div_ceil(u64::from(CHUNK_SIZE));
	match request(network, protocol, peer, Request::ShardChunkRoots { root, shard }).await {
		Ok(encoded) => Vec::<H256>::decode(&mut &encoded[..])
			.ok()
			.filter(|roots| {
				roots.len() as u64 == chunks && want.is_none_or(|want| root_of_chunk_roots(roots) == want)
			})
			.map(Some)
			.ok_or_else(|| format!("{peer}: chunk roots of shard {shard} that do not give its root {want:?}")),
		Err(e) if e.ends_with(NO_CHUNK_ROOTS) => Ok(None),
		Err(e) => Err(e),
	}
}

/// Times a request answered [`BUSY`] is sent again, [`BUSY_BACKOFF`] times its number later (5.25 s in all): the
/// peer is serving this node's other requests (another shard it holds), so it will have a slot soon.
const BUSY_RETRIES: u32 = 20;
/// See [`BUSY_RETRIES`].
const BUSY_BACKOFF: Duration = Duration::from_millis(25);

/// Chunk `index` of shard `shard` of `root`, which must be `want` bytes long and, if `expected` is given, have that
/// Merkle root (hashed on the blocking pool), with the roots of its runs of 2^`height` sectors from which that root
/// was computed (none if not checked).
async fn fetch_chunk(
	network: &Network,
	protocol: &ProtocolName,
	peer: PeerId,
	(root, shard, index): (H256, u32, u64),
	want: u32,
	expected: Option<H256>,
	height: u32,
) -> Result<(Received, Vec<H256>), String> {
	let request = Request::ShardRange { root, shard, offset: index * u64::from(CHUNK_SIZE), len: want };
	let mut attempt = 0;
	let received = loop {
		match request_received(network, protocol, peer, request.clone()).await {
			Err(e) if e.ends_with(BUSY) && attempt < BUSY_RETRIES => {
				attempt += 1;
				tokio::time::sleep(BUSY_BACKOFF * attempt).await;
			},
			result => break result?,
		}
	};
	let got = received.bytes().len();
	if got != want as usize {
		return Err(format!("{peer} sent {got} bytes for a range of {want}"));
	}
	let Some(expected) = expected else { return Ok((received, Vec::new())) };
	let (received, runs, got) = off_thread(move || {
		let runs = subtree_roots(received.bytes(), height);
		let got = merkle_root_of_leaves(runs.clone());
		Ok((received, runs, got))
	})
	.await?;
	if got != expected {
		return Err(format!("{peer}: chunk {index} of shard {shard} has root {got:?}, not the one its chunk roots give"));
	}
	Ok((received, runs))
}

/// Downloads shard `shard` of `root` (`len` bytes, Merkle root `want`) from `peer`, checked as it arrives (see
/// the module docs); answers the shard and its chunk roots. From a peer that holds the shard without chunk roots
/// ([`NO_CHUNK_ROOTS`]), the shard is fetched whole and checked at the end.
pub async fn fetch_shard_checked(
	network: &Network,
	protocol: &ProtocolName,
	peer: PeerId,
	root: H256,
	shard: u32,
	len: u64,
	want: H256,
) -> Result<(Vec<u8>, Vec<H256>), String> {
	match fetch_chunk_roots(network, protocol, peer, (root, shard, len), Some(want)).await? {
		Some(roots) => {
			let bytes = fetch_shard(network, protocol, peer, root, shard, len, Some(&roots)).await?;
			Ok((bytes, roots))
		},
		None => {
			let bytes = fetch_shard(network, protocol, peer, root, shard, len, None).await?;
			let (bytes, roots) = off_thread(move || {
				let roots = chunk_roots(&bytes);
				Ok((bytes, roots))
			})
			.await?;
			let got = root_of_chunk_roots(&roots);
			if got != want {
				return Err(format!("{peer}: shard {shard} has root {got:?}, expected {want:?}"));
			}
			Ok((bytes, roots))
		},
	}
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

/// The answer to `request` from `store` ([`answer_encoded`], decoded).
pub fn answer(store: &BlobStore, request: &Request) -> Response {
	decode_response(answer_encoded(store, request)).unwrap_or_else(|e| Err(format!("internal error: {e}")))
}

/// The SCALE encoding of the answer to `request` from `store`, as the server sends it. A range is read from the
/// store straight after the header of its `Ok`, so that its bytes are copied once on their way into the message.
pub fn answer_encoded(store: &BlobStore, request: &Request) -> Vec<u8> {
	let read = match *request {
		Request::ShardRange { len, .. } | Request::FileRange { len, .. } if len > CHUNK_SIZE => {
			return Response::Err(format!("at most {CHUNK_SIZE} bytes per request")).encode();
		},
		// The peer checks every chunk against the shard root (see `shard_range_for_peer`).
		Request::ShardRange { root, shard, offset, len } => {
			store.shard_range_for_peer_after(&root, shard, offset, u64::from(len), ok_header)
		},
		Request::FileRange { root, offset, len } => {
			store.read_file_range_after(&root, offset, u64::from(len), ok_header)
		},
		Request::ShardChunkRoots { root, shard } => {
			let response: Response = match store.shard_chunk_roots(&root, shard) {
				// 32 bytes per MiB of shard: a shard of up to 32 GiB fits a response.
				Ok(Some(roots)) if roots.len() * 32 <= CHUNK_SIZE as usize => Ok(roots.encode()),
				Ok(Some(_)) => Err("too many chunk roots for one response".into()),
				Ok(None) if matches!(store.has_shard(&root, shard), Ok(true)) => Err(NO_CHUNK_ROOTS.into()),
				Ok(None) => Err(NOT_HELD.into()),
				Err(e) => Err(e.to_string()),
			};
			return response.encode();
		},
	};
	match read {
		Ok(Some(encoded)) => encoded,
		Ok(None) => Response::Err(NOT_HELD.into()).encode(),
		Err(e) => Response::Err(e.to_string()).encode(),
	}
}

/// The beginning of the SCALE encoding of `Ok(bytes)` for `len` bytes: the variant and the compact length, with
/// room for the bytes after them.
fn ok_header(len: usize) -> Vec<u8> {
	// A range is at most `CHUNK_SIZE` bytes, so its length fits the `u32` of a `Vec`'s compact length.
	let compact = codec::Compact(len as u32);
	let mut out = Vec::with_capacity(1 + compact.encoded_size() + len);
	out.push(0);
	compact.encode_to(&mut out);
	out
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
	send_encoded(pending, response.encode());
}

/// Sends an answer already encoded ([`answer_encoded`]).
fn send_encoded(pending: futures::channel::oneshot::Sender<OutgoingResponse>, encoded: Vec<u8>) {
	// The requester may have gone; nothing to do then.
	let _ = pending.send(OutgoingResponse { result: Ok(encoded), reputation_changes: Vec::new(), sent_feedback: None });
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
			let encoded = tokio::task::spawn_blocking(move || answer_encoded(&store, &request))
				.await
				.unwrap_or_else(|e| Response::Err(format!("internal error: {e}")).encode());
			send_encoded(pending_response, encoded);
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

	/// Responses decode as SCALE decodes them, for bytes of every length class of the compact header; a length
	/// that does not match what follows, a cut message, garbage or nothing is an error, never a panic.
	#[test]
	fn responses_decode_as_scale_does() {
		for len in [0usize, 1, 63, 64, 16_383, 16_384, 16_385, 1 << 20, (1 << 20) + 3] {
			let ok: Response = Ok((0..len).map(|i| (i % 251) as u8).collect());
			let encoded = ok.encode();
			assert_eq!(decode_response(encoded.clone()), Ok(ok.clone()), "{len} bytes");
			assert!(decode_response(encoded[..encoded.len() - 1].to_vec()).is_err(), "{len} bytes cut");
			let mut longer = encoded.clone();
			longer.push(0);
			assert!(decode_response(longer).is_err(), "{len} bytes and one more");
		}
		let err: Response = Err("busy".into());
		assert_eq!(decode_response(err.encode()), Ok(err));
		let garbage: [Vec<u8>; 6] =
			[vec![], vec![0], vec![0, 0xff], vec![2, 1, 2], vec![0, 0xfe, 0xff, 0xff, 0xff], vec![1, 8, 0xff]];
		for garbage in garbage {
			assert!(decode_response(garbage.clone()).is_err(), "{garbage:?}");
		}
	}

	/// Fetching from a peer that lies or is busy: the fake network's one peer, its answers changed by a tamper
	/// hook that sees each request and how many came before it.
	mod fetch {
		use super::super::*;
		use zg_primitives::storage::merkle_root;
		use crate::{
			blob_store::tests::{data, open_all, TempDir},
			testing::{FakeNetwork, Tamper},
		};

		/// The fake network of one peer, which answers from `store` through `tamper`, and that peer.
		fn scripted(store: Arc<BlobStore>, tamper: Tamper) -> (FakeNetwork, PeerId) {
			let peer = PeerId::random();
			(FakeNetwork::one_peer(peer, store, tamper), peer)
		}

		/// Requests the network answered.
		fn calls(network: &FakeNetwork) -> usize {
			network.asked.lock().len()
		}

		const CHUNKS: usize = 12;
		const ROOT: H256 = H256::repeat_byte(4);

		/// A store holding shard 0 of [`ROOT`]: 11.5 chunks, with its chunk roots if `with_roots`.
		fn held(with_roots: bool) -> (TempDir, Arc<BlobStore>, Vec<u8>) {
			let dir = TempDir::new();
			let store = Arc::new(open_all(&dir, 1 << 30));
			let shard = data(CHUNKS * CHUNK_SIZE as usize - CHUNK_SIZE as usize / 2, 3);
			if with_roots {
				store.put_shard_with_chunk_roots(&ROOT, 0, &shard, merkle_root(&shard), &chunk_roots(&shard)).unwrap();
			} else {
				store.put_shard(&ROOT, 0, &shard, merkle_root(&shard)).unwrap();
			}
			(dir, store, shard)
		}

		async fn fetch((network, peer): &(FakeNetwork, PeerId), shard: &[u8]) -> Result<(Vec<u8>, Vec<H256>), String> {
			let protocol = ProtocolName::from("/test");
			fetch_shard_checked(network, &protocol, *peer, ROOT, 0, shard.len() as u64, merkle_root(shard)).await
		}

		fn corrupt(response: &mut Response) {
			if let Ok(bytes) = response {
				bytes[100] ^= 1;
			}
		}

		#[tokio::test]
		async fn an_honest_peer_gives_the_shard_and_its_chunk_roots() {
			for with_roots in [true, false] {
				let (_dir, store, shard) = held(with_roots);
				let network = scripted(store, Box::new(|_, _, _| {}));
				assert_eq!(fetch(&network, &shard).await, Ok((shard.clone(), chunk_roots(&shard))));
				// The chunk roots, then one request per chunk.
				assert_eq!(calls(&network.0), 1 + CHUNKS);
			}
		}

		/// One wrong byte in chunk 2 is found at chunk 2: the fetch stops with at most [`PIPELINE`] chunks asked
		/// beyond it, not after all twelve.
		#[tokio::test]
		async fn a_wrong_chunk_is_refused_when_it_arrives() {
			let (_dir, store, shard) = held(true);
			let tamper: Tamper = Box::new(|request, _, response| {
				if matches!(request, Request::ShardRange { offset, .. } if *offset == 2 * u64::from(CHUNK_SIZE)) {
					corrupt(response);
				}
			});
			let network = scripted(store, tamper);
			let error = fetch(&network, &shard).await.unwrap_err();
			assert!(error.contains("chunk 2 of shard 0"), "{error}");
			let calls = calls(&network.0);
			assert!(calls <= 1 + 3 + PIPELINE, "{calls} requests");
		}

		/// Chunk roots that do not give the shard root are refused before any chunk is asked for; from a peer
		/// without chunk roots, a wrong shard is refused once whole.
		#[tokio::test]
		async fn lying_chunk_roots_and_unchecked_shards_are_refused() {
			let (_dir, store, shard) = held(true);
			let tamper: Tamper = Box::new(|request, _, response| {
				if let (Request::ShardChunkRoots { .. }, Ok(encoded)) = (request, response) {
					let mut roots = Vec::<H256>::decode(&mut &encoded[..]).unwrap();
					roots[5] = H256::repeat_byte(1);
					*encoded = roots.encode();
				}
			});
			let network = scripted(store, tamper);
			let error = fetch(&network, &shard).await.unwrap_err();
			assert!(error.contains("chunk roots of shard 0 that do not give its root"), "{error}");
			assert_eq!(calls(&network.0), 1);

			let (_dir, store, shard) = held(false);
			let tamper: Tamper = Box::new(|request, _, response| {
				if matches!(request, Request::ShardRange { offset: 0, .. }) {
					corrupt(response);
				}
			});
			let network = scripted(store, tamper);
			let error = fetch(&network, &shard).await.unwrap_err();
			assert!(error.contains("expected"), "{error}");
		}

		/// A peer busy with this node's other requests answers "busy" now and then: the fetch waits and asks
		/// again instead of failing.
		#[tokio::test]
		async fn busy_answers_are_asked_again() {
			let (_dir, store, shard) = held(true);
			let tamper: Tamper = Box::new(|request, call, response| {
				if matches!(request, Request::ShardRange { .. }) && call % 3 == 0 {
					*response = Err(BUSY.into());
				}
			});
			let network = scripted(store, tamper);
			assert_eq!(fetch(&network, &shard).await, Ok((shard.clone(), chunk_roots(&shard))));
		}

		/// The server's answers, read from the store straight after their header, are what SCALE encodes for the
		/// ranges asked: whole and partial chunks, a range cut at the end, an empty one at the end, none past it,
		/// one longer than a request may ask, a shard or file not held; for shards and for complete files.
		#[test]
		fn encoded_answers_are_scale_encoded_ranges() {
			let (_dir, store, shard) = held(true);
			let file = data(3 * CHUNK_SIZE as usize + 777, 9);
			let file_root = zg_primitives::storage::file_root(&file);
			store.put_cached_file(&file_root, &file).unwrap();
			let chunk = u64::from(CHUNK_SIZE);
			for (bytes, id) in [(&shard, Some(0u32)), (&file, None)] {
				let len = bytes.len() as u64;
				let ask = |offset: u64, want: u32| match id {
					Some(shard) => Request::ShardRange { root: ROOT, shard, offset, len: want },
					None => Request::FileRange { root: file_root, offset, len: want },
				};
				let ranges = [(0, CHUNK_SIZE), (chunk, CHUNK_SIZE), (5, 1000), (len - 10, CHUNK_SIZE), (len, 4), (0, 0)];
				for (offset, want) in ranges {
					let end = (offset + u64::from(want)).min(len);
					let expected: Response = Ok(bytes[offset as usize..end as usize].to_vec());
					let encoded = answer_encoded(&store, &ask(offset, want));
					assert_eq!(encoded, expected.encode(), "{id:?} {offset}+{want}");
					let received = decode_in_place(encoded).unwrap().unwrap();
					assert_eq!(received.bytes(), &expected.clone().unwrap()[..]);
					assert_eq!(received.into_bytes(), expected.unwrap());
				}
				let past = answer(&store, &ask(len + 1, 4)).unwrap_err();
				assert!(past.contains("outside"), "{past}");
				let long = ask(0, CHUNK_SIZE + 1);
				let refused: Response = Err(format!("at most {CHUNK_SIZE} bytes per request"));
				assert_eq!(answer_encoded(&store, &long), refused.encode());
			}
			let absent = [
				Request::ShardRange { root: ROOT, shard: 1, offset: 0, len: 8 },
				Request::FileRange { root: ROOT, offset: 0, len: 8 },
			];
			for request in absent {
				assert_eq!(answer_encoded(&store, &request), Response::Err("not held".into()).encode());
			}
		}

		/// A shard not held, and one held without chunk roots, each get their reason.
		#[test]
		fn chunk_roots_answers() {
			let (_dir, store, _) = held(false);
			assert_eq!(answer(&store, &Request::ShardChunkRoots { root: ROOT, shard: 0 }), Err(NO_CHUNK_ROOTS.into()));
			assert_eq!(answer(&store, &Request::ShardChunkRoots { root: ROOT, shard: 1 }), Err("not held".into()));
		}
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
