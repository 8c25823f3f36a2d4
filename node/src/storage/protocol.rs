//! The storage request-response protocol, `/zg/<genesis hash hex>/storage/1`: a node asks a peer for a range
//! of a shard or of a complete file the peer holds, at most [`CHUNK_SIZE`] bytes at a time.
//!
//! Requests and responses are SCALE encoded: a [`Request`], answered by a [`Response`] (`Ok(bytes)` or
//! `Err(reason)`). The answer to a range past the end of the data is clamped to its end. Whoever asks checks
//! what it receives against the shard or file root: a peer's answer is never trusted as is.

use std::{sync::Arc, time::Duration};

use codec::{Decode, Encode};
use sc_network::{
	request_responses::{IncomingRequest, OutgoingResponse},
	NetworkBackend, ProtocolName, ReputationChange,
};
use sp_core::H256;
use zg_primitives::{Block, Hash};

use super::blob_store::BlobStore;

/// The most bytes one request asks for (1 MiB).
pub const CHUNK_SIZE: u32 = 1024 * 1024;
/// The largest request accepted.
pub const MAX_REQUEST_SIZE: u64 = 1024;
/// The largest response accepted: a chunk plus its encoding.
pub const MAX_RESPONSE_SIZE: u64 = CHUNK_SIZE as u64 + 1024;
/// How long a request may take before it fails.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);
/// Incoming requests queued for the server before the network refuses more.
const INBOUND_QUEUE: usize = 64;

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

/// The protocol's name on the chain with genesis hash `genesis_hash`.
pub fn protocol_name(genesis_hash: &H256) -> ProtocolName {
	let hex: String = genesis_hash.as_bytes().iter().map(|b| format!("{b:02x}")).collect();
	format!("/zg/{hex}/storage/1").into()
}

/// The protocol's configuration for the network backend `N`, and the receiver of incoming requests to hand to
/// [`serve`].
pub fn config<N: NetworkBackend<Block, Hash>>(
	genesis_hash: &H256,
) -> (N::RequestResponseProtocolConfig, async_channel::Receiver<IncomingRequest>) {
	let (tx, rx) = async_channel::bounded(INBOUND_QUEUE);
	let config = N::request_response_config(
		protocol_name(genesis_hash),
		Vec::new(),
		MAX_REQUEST_SIZE,
		MAX_RESPONSE_SIZE,
		REQUEST_TIMEOUT,
		Some(tx),
	);
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

/// Answers incoming storage requests from `store` until the network closes the channel. Spawn it once.
pub async fn serve(store: Arc<BlobStore>, requests: async_channel::Receiver<IncomingRequest>) {
	while let Ok(IncomingRequest { peer, payload, pending_response }) = requests.recv().await {
		let response = match Request::decode(&mut &payload[..]) {
			Ok(request) => {
				log::trace!(target: "zg-storage", "{peer} asks for {request:?}");
				OutgoingResponse {
					result: Ok(answer(&store, &request).encode()),
					reputation_changes: Vec::new(),
					sent_feedback: None,
				}
			},
			Err(e) => {
				log::debug!(target: "zg-storage", "undecodable storage request from {peer}: {e}");
				OutgoingResponse { result: Err(()), reputation_changes: vec![BAD_REQUEST], sent_feedback: None }
			},
		};
		// The requester may have gone; nothing to do then.
		let _ = pending_response.send(response);
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
}
