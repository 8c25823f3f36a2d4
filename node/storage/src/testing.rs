//! Test support (the `test-support` feature): a fake network of peers, each answering the storage protocol from
//! its own blob store with the real request handler, some of them liars. Used by this crate's service tests and by
//! data availability's (`zg-node-da`), which serves its columns with the same protocol.

use std::{collections::HashMap, sync::Arc};

use codec::{Decode, Encode};
use parking_lot::Mutex;
use sc_network::{
	request_responses::RequestFailure, service::traits::NetworkRequest, IfDisconnected, PeerId, ProtocolName,
};

use crate::{
	protocol::{answer, Request, Response},
	BlobStore,
};

/// Changes an answer: given the request, how many requests came before it, and the answer.
pub type Tamper = Box<dyn Fn(&Request, usize, &mut Response) + Send + Sync>;

/// Peers: each answers from its own store, corrupting every answer (its first byte) if it is a liar, and every
/// answer goes through `tamper` if set. A peer not listed is not connected; a silent one never answers (a node
/// that died without its connection being known closed: only the caller's deadline ends the request).
#[derive(Default)]
pub struct FakeNetwork {
	/// The peers, their stores and whether they lie.
	pub peers: Mutex<HashMap<PeerId, (Arc<BlobStore>, bool)>>,
	/// Peers whose requests are never answered.
	pub silent: Mutex<std::collections::HashSet<PeerId>>,
	/// Every peer asked, in order.
	pub asked: Mutex<Vec<PeerId>>,
	/// A change to every answer, for tests of one kind of lie.
	pub tamper: Option<Tamper>,
}

impl FakeNetwork {
	/// A network of one honest peer holding `store`, whose answers go through `tamper`.
	pub fn one_peer(peer: PeerId, store: Arc<BlobStore>, tamper: Tamper) -> Self {
		let network = Self { tamper: Some(tamper), ..Self::default() };
		network.peers.lock().insert(peer, (store, false));
		network
	}
}

#[async_trait::async_trait]
impl NetworkRequest for FakeNetwork {
	async fn request(
		&self,
		target: PeerId,
		_: ProtocolName,
		request: Vec<u8>,
		_: Option<(Vec<u8>, ProtocolName)>,
		_: IfDisconnected,
	) -> Result<(Vec<u8>, ProtocolName), RequestFailure> {
		let before = {
			let mut asked = self.asked.lock();
			asked.push(target);
			asked.len() - 1
		};
		if self.silent.lock().contains(&target) {
			return futures::future::pending().await;
		}
		let (store, liar) = self.peers.lock().get(&target).cloned().ok_or(RequestFailure::NotConnected)?;
		let request = Request::decode(&mut &request[..]).map_err(|_| RequestFailure::InvalidRequest)?;
		let mut response = answer(&store, &request);
		if let Some(tamper) = &self.tamper {
			tamper(&request, before, &mut response);
		}
		if liar {
			if let Ok(bytes) = &mut response {
				if let Some(b) = bytes.first_mut() {
					*b ^= 0xff;
				}
			}
		}
		Ok((response.encode(), ProtocolName::from("/test")))
	}

	fn start_request(
		&self,
		_: PeerId,
		_: ProtocolName,
		_: Vec<u8>,
		_: Option<(Vec<u8>, ProtocolName)>,
		tx: futures::channel::oneshot::Sender<Result<(Vec<u8>, ProtocolName), RequestFailure>>,
		_: IfDisconnected,
	) {
		let _ = tx.send(Err(RequestFailure::NotConnected));
	}
}
