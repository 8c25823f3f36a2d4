//! `zg-node da serve-alt-da`: an OP Stack Alt-DA server in front of zg DA, so that an OP Stack rollup's batcher
//! and nodes (`op-alt-da`'s `DAClient` with generic commitments) post and read their batches on zg unchanged.
//!
//! - `POST /put` (or `/put/`) with the batch as the body (1 byte to 32 MiB): the batch is submitted as a zg blob
//!   through the node (`zg-node da submit`'s path: upload, dispersal, `da.submitBlob` signed with `--suri`, wait
//!   for the certificate), and the answer is the commitment ([`encode_commitment`]): `0x01` (a generic
//!   commitment) ‖ [`DA_LAYER`] ‖ version `0x00` ‖ the blob id (8 bytes, big-endian) ‖ the data root (32 bytes).
//!   The batcher posts it on L1.
//! - `GET /get/0x<hex of the commitment>`: the blob rebuilt from 64 of its columns (each cell checked against
//!   the row commitments read with a storage proof from a finalized header), checked against the data root in
//!   the commitment; `404` if the chain has no such blob or it no longer has its cells.
//!
//! Bounds: bodies of at most 32 MiB, [`THREADS`] connections served at a time, one submission at a time (they
//! share the account's nonce). The server signs with its operator's key: listen on localhost (the default) or
//! behind the operator's own access control.

use std::{
	net::TcpListener,
	sync::{Arc, Mutex},
	time::Duration,
};

use sp_core::{Pair, H256};
use zg_node_compute::http::{serve, Request, Response};
use zg_primitives::da::{BlobId, MAX_BLOB_SIZE};

use crate::{client::Rpc, da_cli};

/// The DA layer byte of zg's generic commitments (`op-alt-da` leaves the byte to each DA layer).
pub const DA_LAYER: u8 = 0x7a;
/// The commitment's version.
pub const VERSION: u8 = 0;
/// A commitment's length: type, layer, version, blob id, data root.
pub const COMMITMENT_LEN: usize = 3 + 8 + 32;
/// Connections served at a time.
pub const THREADS: usize = 4;

/// `zg-node da serve-alt-da`.
#[derive(Debug, clap::Args)]
pub struct ServeAltDaCmd {
	/// Where to listen.
	#[arg(long, default_value = "127.0.0.1:3100")]
	pub listen: String,
	/// The node to submit through and read the chain from.
	#[arg(long, default_value = "http://127.0.0.1:9944")]
	pub rpc: String,
	/// The secret URI of the account that pays for the blobs.
	#[arg(long)]
	pub suri: String,
	/// The namespace of the rollup's blobs.
	#[arg(long, default_value_t = 0)]
	pub namespace: u64,
	/// Seconds a submission may take, certificate included.
	#[arg(long, default_value_t = 600)]
	pub timeout: u64,
}

/// The commitment of blob `id` with data root `root`.
pub fn encode_commitment(id: BlobId, root: H256) -> Vec<u8> {
	let mut out = Vec::with_capacity(COMMITMENT_LEN);
	out.extend_from_slice(&[0x01, DA_LAYER, VERSION]);
	out.extend_from_slice(&id.to_be_bytes());
	out.extend_from_slice(root.as_bytes());
	out
}

/// The blob id and data root of a commitment; `None` if it is not a zg commitment.
pub fn decode_commitment(bytes: &[u8]) -> Option<(BlobId, H256)> {
	if bytes.len() != COMMITMENT_LEN || bytes[..3] != [0x01, DA_LAYER, VERSION] {
		return None;
	}
	let id = BlobId::from_be_bytes(bytes[3..11].try_into().ok()?);
	Some((id, H256::from_slice(&bytes[11..])))
}

fn text(code: u16, message: impl Into<String>) -> Response {
	Response { code, content_type: "text/plain", body: message.into().into_bytes() }
}

struct Server {
	rpc: String,
	pair: sp_core::sr25519::Pair,
	namespace: u64,
	timeout: Duration,
	/// One submission at a time: they share the account's nonce.
	submitting: Mutex<()>,
}

impl Server {
	fn block_on<T>(&self, work: impl std::future::Future<Output = Result<T, String>>) -> Result<T, String> {
		tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| e.to_string())?.block_on(work)
	}

	fn put(&self, body: &[u8]) -> Response {
		if body.is_empty() {
			return text(400, "an empty batch");
		}
		let _one = self.submitting.lock().unwrap_or_else(|e| e.into_inner());
		let result = self.block_on(async {
			let rpc = Rpc::new(&self.rpc).await?;
			da_cli::submit_blob(&rpc, &self.pair, body, self.namespace, self.timeout).await
		});
		match result {
			Ok((id, root)) => {
				log::info!(target: "zg-alt-da", "put: {} bytes as blob {id}, certified", body.len());
				Response { code: 200, content_type: "application/octet-stream", body: encode_commitment(id, root) }
			},
			Err(e) => {
				log::warn!(target: "zg-alt-da", "put of {} bytes failed: {e}", body.len());
				text(503, format!("the batch could not be made available: {e}"))
			},
		}
	}

	fn get(&self, hex: &str) -> Response {
		let Some(bytes) = hex.strip_prefix("0x").and_then(|h| sp_core::bytes::from_hex(h).ok()) else {
			return text(400, "the commitment is not 0x-prefixed hex");
		};
		let Some((id, root)) = decode_commitment(&bytes) else {
			return text(400, format!("not a zg DA commitment (0x01, 0x{DA_LAYER:02x}, version {VERSION}, {COMMITMENT_LEN} bytes)"));
		};
		let result = self.block_on(async {
			let rpc = Rpc::new(&self.rpc).await?;
			da_cli::get_blob(std::slice::from_ref(&rpc), id).await
		});
		match result {
			Ok((data, stored_root)) if stored_root == root =>
				Response { code: 200, content_type: "application/octet-stream", body: data },
			Ok(_) => text(404, format!("blob {id} has another data root than the commitment's")),
			Err(e) if e.contains("no blob") || e.contains("no commitments") => text(404, e),
			Err(e) => {
				log::warn!(target: "zg-alt-da", "get of blob {id} failed: {e}");
				text(503, format!("blob {id} could not be retrieved: {e}"))
			},
		}
	}

	fn handle(&self, request: Request) -> Response {
		match (request.method.as_str(), request.path.as_str()) {
			("POST", "/put" | "/put/") => self.put(&request.body),
			("GET", path) if path.starts_with("/get/") => self.get(&path["/get/".len()..]),
			("GET", "/health") => text(200, "ok"),
			(_, "/put" | "/put/") => text(405, "POST a batch to /put"),
			_ => text(404, "the Alt-DA API is POST /put and GET /get/0x<commitment>"),
		}
	}
}

impl ServeAltDaCmd {
	pub fn run(&self) -> Result<(), String> {
		let pair = sp_core::sr25519::Pair::from_string(&self.suri, None).map_err(|e| format!("invalid --suri: {e:?}"))?;
		let listener = TcpListener::bind(&self.listen).map_err(|e| format!("cannot listen on {}: {e}", self.listen))?;
		let address = listener.local_addr().map_err(|e| e.to_string())?;
		let server = Arc::new(Server {
			rpc: self.rpc.clone(),
			pair,
			namespace: self.namespace,
			timeout: Duration::from_secs(self.timeout),
			submitting: Mutex::new(()),
		});
		// The address on stdout, for whoever started the server (tests pass port 0).
		println!("zg Alt-DA server listening on http://{address}");
		serve(listener, THREADS, MAX_BLOB_SIZE as usize, move |request| server.handle(request));
		Ok(())
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn commitments_round_trip_and_foreign_ones_are_refused() {
		let root = H256::repeat_byte(0xab);
		let c = encode_commitment(0x0102_0304_0506_0708, root);
		assert_eq!(c.len(), COMMITMENT_LEN);
		assert_eq!(&c[..3], &[0x01, DA_LAYER, 0]);
		assert_eq!(&c[3..11], &[1, 2, 3, 4, 5, 6, 7, 8]);
		assert_eq!(decode_commitment(&c), Some((0x0102_0304_0506_0708, root)));
		// A keccak commitment, another layer, another version, a cut one: not ours.
		let mut keccak = c.clone();
		keccak[0] = 0x00;
		let mut layer = c.clone();
		layer[1] = 0x0c;
		let mut version = c.clone();
		version[2] = 1;
		for bad in [keccak, layer, version, c[..COMMITMENT_LEN - 1].to_vec(), [c.clone(), vec![0]].concat()] {
			assert_eq!(decode_commitment(&bad), None);
		}
	}
}
