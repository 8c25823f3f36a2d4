//! What the node's CLI clients (`zg-node storage …`, `zg-node compute …`) share: a JSON-RPC client of a running
//! node, the context a signature commits to, submitting a transaction and following it into a block, and progress
//! lines.

use std::{
	io::Write,
	time::{Duration, Instant},
};

use codec::Encode;
use jsonrpsee::core::{client::ClientT, params::ArrayParams};
use serde_json::{json, Value};
use sp_core::{bytes::from_hex, bytes::to_hex, H256};
use sp_runtime::{generic::Era, SaturatedConversion};

/// The dispatch error an `ExtrinsicFailed` event carries, by name where the runtime knows it.
fn dispatch_failure(event: &zg_runtime::RuntimeEvent) -> Option<String> {
	match event {
		zg_runtime::RuntimeEvent::System(frame_system::Event::ExtrinsicFailed { dispatch_error, .. }) =>
			Some(match zg_runtime::RuntimeError::from_dispatch_error(*dispatch_error) {
				Some(error) => format!("{error:?}"),
				None => format!("{dispatch_error:?}"),
			}),
		_ => None,
	}
}

/// What a signature commits to besides the call: the chain's genesis, runtime version and mortality checkpoint.
pub(crate) struct SigningContext {
	genesis: H256,
	checkpoint_hash: H256,
	checkpoint_number: u32,
	spec_version: u32,
	transaction_version: u32,
}

/// Blocks a signed transaction stays valid for after its checkpoint.
const MORTALITY: u32 = 256;

impl SigningContext {
	pub(crate) async fn fetch(rpc: &Rpc) -> Result<Self, String> {
		let hash = |v: Value| -> Result<H256, String> {
			let s = v.as_str().ok_or("bad hash")?;
			let bytes = from_hex(s).map_err(|e| e.to_string())?;
			if bytes.len() != 32 {
				return Err("bad hash length".into());
			}
			Ok(H256::from_slice(&bytes))
		};
		let genesis = hash(rpc.call("chain_getBlockHash", json!([0])).await?)?;
		// The mortality checkpoint is the last finalized block: a best block can be abandoned for another fork,
		// and a transaction born in an abandoned block is invalid on every other fork, forever. Should finality
		// lag by half the mortality period, the best block serves (the transaction must live long enough).
		let number_of = |header: &Value| {
			header
				.get("number")
				.and_then(Value::as_str)
				.and_then(|n| u32::from_str_radix(n.trim_start_matches("0x"), 16).ok())
				.ok_or_else(|| "bad header".to_string())
		};
		let finalized = hash(rpc.call("chain_getFinalizedHead", json!([])).await?)?;
		let finalized_number = number_of(&rpc.call("chain_getHeader", json!([finalized])).await?)?;
		let best_number = number_of(&rpc.call("chain_getHeader", json!([])).await?)?;
		let (checkpoint_hash, checkpoint_number) = if best_number.saturating_sub(finalized_number) < MORTALITY / 2 {
			(finalized, finalized_number)
		} else {
			(hash(rpc.call("chain_getBlockHash", json!([best_number])).await?)?, best_number)
		};
		let version = rpc.call("state_getRuntimeVersion", json!([])).await?;
		let number = |key: &str| version.get(key).and_then(Value::as_u64).map(|v| v as u32);
		Ok(Self {
			genesis,
			checkpoint_hash,
			checkpoint_number,
			spec_version: number("specVersion").ok_or("bad runtime version")?,
			transaction_version: number("transactionVersion").ok_or("bad runtime version")?,
		})
	}

	pub(crate) fn sign(
		&self,
		pair: &sp_core::sr25519::Pair,
		call: zg_runtime::RuntimeCall,
		nonce: zg_primitives::Nonce,
	) -> zg_runtime::UncheckedExtrinsic {
		crate::signing::sign_extrinsic(
			pair,
			call,
			nonce,
			Era::mortal(MORTALITY as u64, self.checkpoint_number.saturated_into()),
			self.checkpoint_hash,
			self.genesis,
			self.spec_version,
			self.transaction_version,
		)
	}
}

pub(crate) fn progress(label: &str, done: u64, total: u64, started: Instant) {
	const WIDTH: u64 = 30;
	let filled = (done * WIDTH).checked_div(total).unwrap_or(WIDTH);
	let secs = started.elapsed().as_secs_f64().max(1e-3);
	eprint!(
		"\r{label:>8} [{}{}] {:>3}% {:.1}/{:.1} MiB {:.1} MB/s",
		"#".repeat(filled as usize),
		" ".repeat((WIDTH - filled.min(WIDTH)) as usize),
		(done * 100).checked_div(total).unwrap_or(100),
		done as f64 / 1048576.0,
		total as f64 / 1048576.0,
		done as f64 / secs / 1e6,
	);
	let _ = std::io::stderr().flush();
}

/// A JSON-RPC client of the node: jsonrpsee's HTTP client for `http(s)://` endpoints, its WebSocket client for
/// `ws(s)://` ones. Downloads retry while the node answers "busy" (7013).
pub(crate) enum Rpc {
	Http(jsonrpsee::http_client::HttpClient),
	Ws(jsonrpsee::ws_client::WsClient),
}

/// Room for a 1 MiB chunk as hex, and then some.
const MAX_MESSAGE: u32 = 16 * 1024 * 1024;
/// How long one call may take (a download may rebuild a file from its shards first).
const CALL_TIMEOUT: Duration = Duration::from_secs(600);

impl Rpc {
	pub(crate) async fn new(url: &str) -> Result<Self, String> {
		if url.starts_with("http://") || url.starts_with("https://") {
			let client = jsonrpsee::http_client::HttpClientBuilder::default()
				.max_request_size(MAX_MESSAGE)
				.max_response_size(MAX_MESSAGE)
				.request_timeout(CALL_TIMEOUT)
				.build(url)
				.map_err(|e| format!("{url}: {e}"))?;
			Ok(Self::Http(client))
		} else if url.starts_with("ws://") || url.starts_with("wss://") {
			let client = jsonrpsee::ws_client::WsClientBuilder::default()
				.max_request_size(MAX_MESSAGE)
				.max_response_size(MAX_MESSAGE)
				.request_timeout(CALL_TIMEOUT)
				.build(url)
				.await
				.map_err(|e| format!("cannot reach {url}: {e}"))?;
			Ok(Self::Ws(client))
		} else {
			Err(format!("{url}: only http(s):// and ws(s):// endpoints are supported"))
		}
	}

	/// Calls `method` with the elements of the JSON array `params`; an error reply reads `method: message (code
	/// N)`.
	pub(crate) async fn call(&self, method: &str, params: Value) -> Result<Value, String> {
		let mut array = ArrayParams::new();
		for param in params.as_array().cloned().unwrap_or_default() {
			array.insert(param).map_err(|e| format!("{method}: {e}"))?;
		}
		let result: Result<Value, jsonrpsee::core::ClientError> = match self {
			Self::Http(client) => client.request(method, array).await,
			Self::Ws(client) => client.request(method, array).await,
		};
		result.map_err(|e| match e {
			jsonrpsee::core::ClientError::Call(error) => format!("{method}: {} (code {})", error.message(), error.code()),
			other => format!("{method}: {other}"),
		})
	}
}

/// The events extrinsic `xt_hash` emitted, from the block that includes it (`head` or one of its 32 ancestors);
/// `None` if it is not found there.
async fn extrinsic_events_from(rpc: &Rpc, head: String, xt_hash: [u8; 32]) -> Option<Vec<zg_runtime::RuntimeEvent>> {
	use codec::Decode;
	type Events = Vec<frame_system::EventRecord<zg_runtime::RuntimeEvent, H256>>;
	let events_key = [sp_io::hashing::twox_128(b"System"), sp_io::hashing::twox_128(b"Events")].concat();
	let mut hash = head;
	for _ in 0..33 {
		let block = rpc.call("chain_getBlock", json!([hash])).await.ok()?;
		let extrinsics = block["block"]["extrinsics"].as_array()?;
		let index = extrinsics.iter().position(|xt| {
			xt.as_str().and_then(|hex| from_hex(hex).ok()).is_some_and(|bytes| sp_io::hashing::blake2_256(&bytes) == xt_hash)
		});
		if let Some(index) = index {
			let raw = rpc.call("state_getStorage", json!([to_hex(&events_key, false), hash])).await.ok()?;
			let events = Events::decode(&mut &from_hex(raw.as_str()?).ok()?[..]).ok()?;
			return Some(
				events
					.into_iter()
					.filter(|r| r.phase == frame_system::Phase::ApplyExtrinsic(index as u32))
					.map(|r| r.event)
					.collect(),
			);
		}
		hash = block["block"]["header"]["parentHash"].as_str()?.to_string();
	}
	None
}

/// Whether the node's pool holds the extrinsic (hex).
async fn in_pool(rpc: &Rpc, encoded: &str) -> bool {
	rpc.call("author_pendingExtrinsics", json!([]))
		.await
		.ok()
		.and_then(|pending| pending.as_array().map(|xts| xts.iter().any(|xt| xt.as_str() == Some(encoded))))
		.unwrap_or(true)
}

/// The account's nonce in the state of block `at` (the best block if `None`), not counting the pool.
async fn on_chain_nonce(
	rpc: &Rpc,
	who: &zg_primitives::AccountId,
	at: Option<&str>,
) -> Result<zg_primitives::Nonce, String> {
	let data = to_hex(&who.encode(), false);
	let params = match at {
		Some(at) => json!(["AccountNonceApi_account_nonce", data, at]),
		None => json!(["AccountNonceApi_account_nonce", data]),
	};
	let reply = rpc.call("state_call", params).await?;
	let bytes = from_hex(reply.as_str().unwrap_or_default()).map_err(|e| e.to_string())?;
	<zg_primitives::Nonce as codec::Decode>::decode(&mut &bytes[..]).map_err(|e| format!("bad account nonce: {e}"))
}

/// What became of a transaction that is no longer in the node's pool and not yet found in the chain.
enum Fate {
	/// The best block's state has not used its nonce: it was dropped (e.g. with a block abandoned for another
	/// fork) and may be sent again as it is.
	Dropped,
	/// A best block used its nonce, a finalized one not yet: wait.
	Unsettled,
	/// A finalized block used its nonce and holds it (or one of the 32 before it).
	Included,
	/// A finalized block used its nonce, and it is not there: another transaction of the account took the nonce
	/// (a node's off-chain worker signing with the same key, a wallet), so it will never be included as signed.
	Taken,
}

/// The [`Fate`] of transaction `xt_hash` of `who`, signed with `nonce`, that has left the pool.
async fn fate(
	rpc: &Rpc,
	who: &zg_primitives::AccountId,
	nonce: zg_primitives::Nonce,
	xt_hash: [u8; 32],
) -> Result<Fate, String> {
	if on_chain_nonce(rpc, who, None).await? <= nonce {
		return Ok(Fate::Dropped);
	}
	let finalized = rpc.call("chain_getFinalizedHead", json!([])).await?;
	let finalized = finalized.as_str().ok_or("bad block hash")?.to_string();
	if on_chain_nonce(rpc, who, Some(&finalized)).await? <= nonce {
		return Ok(Fate::Unsettled);
	}
	Ok(match extrinsic_events_from(rpc, finalized, xt_hash).await {
		Some(_) => Fate::Included,
		None => Fate::Taken,
	})
}

/// When a transaction counts as included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Inclusion {
	/// In the best block: soonest, for actions that race a window (a dispute, an answer). The block may still be
	/// abandoned for another fork; the pool then includes the transaction again elsewhere.
	Best,
	/// In a finalized block: for transactions whose events name what they created (a job id, a blob id), which
	/// the same transaction may not get again when it is included elsewhere after a reorganisation.
	Finalized,
}

/// Times a transaction whose nonce another transaction of the account took is signed again with the next one.
const RESIGNS: u32 = 5;
/// How often [`submit_and_wait`] looks for the transaction in the chain (a block is 3 or 6 s).
const POLL: Duration = Duration::from_millis(if cfg!(test) { 50 } else { 1000 });
/// Polls between looks at the fate of a transaction no longer in the pool.
const FATE_EVERY: u32 = 5;

/// Signs `call` with `pair` at the account's next nonce, submits it, waits (up to `timeout`) until a best block
/// includes it and answers its events; an error names the dispatch error if it failed.
pub(crate) async fn submit_and_watch(
	rpc: &Rpc,
	pair: &sp_core::sr25519::Pair,
	call: zg_runtime::RuntimeCall,
	timeout: Duration,
) -> Result<Vec<zg_runtime::RuntimeEvent>, String> {
	submit_and_wait(rpc, pair, call, timeout, Inclusion::Best).await
}

/// `call` signed by `pair` at the account's next nonce (the pool's, `system_accountNextIndex`): the nonce, the
/// extrinsic's hash and its hex.
async fn sign_next(
	rpc: &Rpc,
	context: &SigningContext,
	pair: &sp_core::sr25519::Pair,
	call: zg_runtime::RuntimeCall,
) -> Result<(zg_primitives::Nonce, [u8; 32], String), String> {
	use sp_core::{crypto::Ss58Codec, Pair};
	let who = zg_primitives::AccountId::from(pair.public());
	let nonce = rpc
		.call("system_accountNextIndex", json!([who.to_ss58check()]))
		.await?
		.as_u64()
		.ok_or("bad nonce")? as zg_primitives::Nonce;
	let xt = context.sign(pair, call, nonce);
	Ok((nonce, xt.using_encoded(sp_io::hashing::blake2_256), to_hex(&xt.encode(), false)))
}

/// [`submit_and_watch`], counting the transaction as included when `inclusion` says.
///
/// Once the transaction has left the node's pool without being found in the chain, what became of it decides
/// ([`Fate`]): dropped, it is sent again as it is (the same bytes, so it can be included at most once); its
/// nonce taken by another transaction of the account, as a finalized block shows, it is signed again with the
/// next nonce (at most [`RESIGNS`] times): the node's pool had replaced it, e.g. with a duty its worker signed
/// with the same key, and it would otherwise be waited for until the timeout. Only a finalized block settles
/// that, so a transaction is never sent twice under two nonces.
pub(crate) async fn submit_and_wait(
	rpc: &Rpc,
	pair: &sp_core::sr25519::Pair,
	call: zg_runtime::RuntimeCall,
	timeout: Duration,
	inclusion: Inclusion,
) -> Result<Vec<zg_runtime::RuntimeEvent>, String> {
	use sp_core::Pair;
	let who = zg_primitives::AccountId::from(pair.public());
	let context = SigningContext::fetch(rpc).await?;
	let (mut nonce, mut xt_hash, mut encoded) = sign_next(rpc, &context, pair, call.clone()).await?;
	rpc.call("author_submitExtrinsic", json!([encoded])).await?;
	let deadline = Instant::now() + timeout;
	let (mut polls, mut resigned) = (0u32, 0u32);
	loop {
		tokio::time::sleep(POLL).await;
		let head = match inclusion {
			Inclusion::Best => rpc.call("chain_getBlockHash", json!([])).await?,
			Inclusion::Finalized => rpc.call("chain_getFinalizedHead", json!([])).await?,
		};
		let head = head.as_str().ok_or("bad block hash")?.to_string();
		if let Some(events) = extrinsic_events_from(rpc, head, xt_hash).await {
			if let Some(reason) = events.iter().find_map(dispatch_failure) {
				return Err(format!("the transaction failed: {reason}"));
			}
			return Ok(events);
		}
		polls += 1;
		if polls % FATE_EVERY == 0 && !in_pool(rpc, &encoded).await {
			match fate(rpc, &who, nonce, xt_hash).await? {
				Fate::Dropped => {
					eprintln!("the transaction left the pool without being included; sending it again");
					if let Err(e) = rpc.call("author_submitExtrinsic", json!([encoded])).await {
						eprintln!("the node refused it again: {e}");
					}
				},
				Fate::Taken if resigned < RESIGNS => {
					resigned += 1;
					let taken = nonce;
					(nonce, xt_hash, encoded) = sign_next(rpc, &context, pair, call.clone()).await?;
					eprintln!(
						"another transaction of {} took nonce {taken} (a node's worker signing with the same key?); \
						 signed again with nonce {nonce}",
						sp_core::crypto::Ss58Codec::to_ss58check(&who)
					);
					rpc.call("author_submitExtrinsic", json!([encoded])).await?;
				},
				Fate::Taken => {
					return Err(format!("other transactions of the account took its nonce {} times", RESIGNS + 1))
				},
				Fate::Unsettled | Fate::Included => {},
			}
		}
		if Instant::now() > deadline {
			return Err("timed out waiting for the transaction to be included".into());
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use jsonrpsee::{server::Server, types::ErrorObjectOwned, RpcModule};
	use std::sync::{Arc, Mutex};

	/// What the fake node does with each transaction submitted to it.
	#[derive(Clone, Copy)]
	enum Then {
		/// Includes it in a new block, finalized at once.
		Include,
		/// Replaces it in its pool with another transaction of the account (a worker's duty with the same nonce),
		/// which a new block includes; that block is finalized only after `finalized_after` asks for the
		/// finalized head.
		Usurp { finalized_after: u32 },
		/// Drops it from its pool (a block abandoned for another fork that took it along).
		Drop,
	}

	struct Block {
		hash: H256,
		parent: H256,
		extrinsics: Vec<String>,
		/// The account's nonce after the block.
		nonce: u32,
	}

	/// A node as far as [`submit_and_wait`] sees one: a chain of blocks of one account's transactions, a pool, a
	/// finalized head that may lag.
	struct Chain {
		blocks: Vec<Block>,
		finalized: usize,
		/// Asks for the finalized head before the last block is finalized.
		finalize_in: u32,
		pool: Vec<String>,
		plan: Vec<Then>,
		/// Every submission: its hex and the nonce finalized when it came.
		submitted: Vec<(String, u32)>,
	}

	impl Chain {
		fn push(&mut self, extrinsic: String, finalized_after: u32) {
			let parent = self.blocks.last().unwrap();
			let hash = H256::repeat_byte(self.blocks.len() as u8 + 1);
			let block = Block { hash, parent: parent.hash, extrinsics: vec![extrinsic], nonce: parent.nonce + 1 };
			self.blocks.push(block);
			self.finalize_in = finalized_after;
			if finalized_after == 0 {
				self.finalized = self.blocks.len() - 1;
			}
		}

		fn block(&self, hash: &H256) -> Option<&Block> {
			self.blocks.iter().find(|b| &b.hash == hash)
		}
	}

	fn hash_param(params: &jsonrpsee::types::Params, at: usize) -> Option<H256> {
		let values: Vec<Value> = params.parse().ok()?;
		let bytes = from_hex(values.get(at)?.as_str()?).ok()?;
		(bytes.len() == 32).then(|| H256::from_slice(&bytes))
	}

	/// Serves `chain` over JSON-RPC on loopback; answers its URL (and the server's handle, which stops it when
	/// dropped).
	async fn serve(chain: Arc<Mutex<Chain>>) -> (String, jsonrpsee::server::ServerHandle) {
		let server = Server::builder().build("127.0.0.1:0").await.unwrap();
		let url = format!("http://{}", server.local_addr().unwrap());
		let mut module = RpcModule::new(chain);
		fn err(message: &str) -> ErrorObjectOwned {
			ErrorObjectOwned::owned(-32000, message.to_string(), None::<()>)
		}
		module
			.register_method("chain_getBlockHash", |params, chain, _| {
				let chain = chain.lock().unwrap();
				let values: Vec<Value> = params.parse().unwrap_or_default();
				let block = match values.first().and_then(Value::as_u64) {
					Some(n) => &chain.blocks[n as usize],
					None => chain.blocks.last().unwrap(),
				};
				Ok::<_, ErrorObjectOwned>(json!(format!("{:?}", block.hash)))
			})
			.unwrap();
		module
			.register_method("chain_getFinalizedHead", |_, chain, _| {
				let mut chain = chain.lock().unwrap();
				if chain.finalize_in > 0 {
					chain.finalize_in -= 1;
					if chain.finalize_in == 0 {
						chain.finalized = chain.blocks.len() - 1;
					}
				}
				Ok::<_, ErrorObjectOwned>(json!(format!("{:?}", chain.blocks[chain.finalized].hash)))
			})
			.unwrap();
		module
			.register_method("chain_getHeader", |params, chain, _| {
				let chain = chain.lock().unwrap();
				let number = match hash_param(&params, 0) {
					Some(hash) => chain.blocks.iter().position(|b| b.hash == hash).unwrap_or(0),
					None => chain.blocks.len() - 1,
				};
				Ok::<_, ErrorObjectOwned>(json!({ "number": format!("0x{number:x}") }))
			})
			.unwrap();
		module
			.register_method("state_getRuntimeVersion", |_, _, _| {
				Ok::<_, ErrorObjectOwned>(json!({ "specVersion": 100, "transactionVersion": 1 }))
			})
			.unwrap();
		module
			.register_method("system_accountNextIndex", |_, chain, _| {
				let chain = chain.lock().unwrap();
				Ok::<_, ErrorObjectOwned>(json!(chain.blocks.last().unwrap().nonce + chain.pool.len() as u32))
			})
			.unwrap();
		module
			.register_method("author_pendingExtrinsics", |_, chain, _| {
				Ok::<_, ErrorObjectOwned>(json!(chain.lock().unwrap().pool.clone()))
			})
			.unwrap();
		module
			.register_method("author_submitExtrinsic", |params, chain, _| {
				let mut chain = chain.lock().unwrap();
				let values: Vec<Value> = params.parse().unwrap_or_default();
				let xt = values.first().and_then(Value::as_str).unwrap_or_default().to_string();
				let finalized_nonce = chain.blocks[chain.finalized].nonce;
				chain.submitted.push((xt.clone(), finalized_nonce));
				let then = if chain.plan.is_empty() { Then::Include } else { chain.plan.remove(0) };
				match then {
					Then::Include => chain.push(xt, 0),
					Then::Usurp { finalized_after } => chain.push("0x0badd0".into(), finalized_after),
					Then::Drop => {},
				}
				Ok::<_, ErrorObjectOwned>(json!(format!("{:?}", H256::zero())))
			})
			.unwrap();
		module
			.register_method("state_call", |params, chain, _| {
				let chain = chain.lock().unwrap();
				let block = match hash_param(&params, 2) {
					Some(hash) => chain.block(&hash).ok_or_else(|| err("unknown block"))?,
					None => chain.blocks.last().unwrap(),
				};
				Ok::<_, ErrorObjectOwned>(json!(to_hex(&block.nonce.encode(), false)))
			})
			.unwrap();
		module
			.register_method("chain_getBlock", |params, chain, _| {
				let chain = chain.lock().unwrap();
				let block = hash_param(&params, 0).and_then(|h| chain.block(&h)).ok_or_else(|| err("unknown block"))?;
				let header = json!({ "parentHash": format!("{:?}", block.parent) });
				Ok::<_, ErrorObjectOwned>(json!({ "block": { "header": header, "extrinsics": block.extrinsics } }))
			})
			.unwrap();
		module
			.register_method("state_getStorage", |_, _, _| {
				let success = frame_system::Event::<zg_runtime::Runtime>::ExtrinsicSuccess {
					dispatch_info: Default::default(),
				};
				let events = vec![frame_system::EventRecord {
					phase: frame_system::Phase::ApplyExtrinsic(0),
					event: zg_runtime::RuntimeEvent::System(success),
					topics: Vec::<H256>::new(),
				}];
				Ok::<_, ErrorObjectOwned>(json!(to_hex(&events.encode(), false)))
			})
			.unwrap();
		(url, server.start(module))
	}

	fn fake(plan: Vec<Then>) -> Arc<Mutex<Chain>> {
		let genesis = Block { hash: H256::repeat_byte(0xee), parent: H256::zero(), extrinsics: vec![], nonce: 0 };
		Arc::new(Mutex::new(Chain {
			blocks: vec![genesis],
			finalized: 0,
			finalize_in: 0,
			pool: vec![],
			plan,
			submitted: vec![],
		}))
	}

	async fn submit(url: &str, timeout: Duration) -> Result<Vec<zg_runtime::RuntimeEvent>, String> {
		use sp_core::Pair;
		let rpc = Rpc::new(url).await.unwrap();
		let pair = sp_core::sr25519::Pair::from_string("//Alice", None).unwrap();
		let call = zg_runtime::RuntimeCall::System(frame_system::Call::remark { remark: vec![1, 2, 3] });
		submit_and_wait(&rpc, &pair, call, timeout, Inclusion::Finalized).await
	}

	/// A transaction whose nonce a worker's duty took (usurped in the pool, the duty in a block) is signed again
	/// with the next nonce, but only once a finalized block shows the nonce used without it; and it lands.
	#[tokio::test(flavor = "current_thread")]
	async fn a_transaction_whose_nonce_was_taken_is_signed_again_once_that_is_final() {
		let chain = fake(vec![Then::Usurp { finalized_after: 12 }]);
		let (url, _server) = serve(chain.clone()).await;
		let events = submit(&url, Duration::from_secs(30)).await.unwrap();
		assert!(matches!(events[..], [zg_runtime::RuntimeEvent::System(frame_system::Event::ExtrinsicSuccess { .. })]));
		let chain = chain.lock().unwrap();
		assert_eq!(chain.submitted.len(), 2, "sent once, signed again once");
		let (first, second) = (&chain.submitted[0], &chain.submitted[1]);
		assert_ne!(first.0, second.0, "signed again (with the next nonce), not the same bytes");
		assert_eq!(second.1, 1, "only once a finalized block had used the first nonce");
		assert_eq!(chain.blocks.last().unwrap().extrinsics, vec![second.0.clone()]);
	}

	/// A transaction that left the pool with its nonce unused is sent again as it is: the same bytes, which can
	/// be included once at most.
	#[tokio::test(flavor = "current_thread")]
	async fn a_dropped_transaction_is_sent_again_as_it_is() {
		let chain = fake(vec![Then::Drop]);
		let (url, _server) = serve(chain.clone()).await;
		submit(&url, Duration::from_secs(30)).await.unwrap();
		let chain = chain.lock().unwrap();
		assert_eq!(chain.submitted.len(), 2);
		assert_eq!(chain.submitted[0].0, chain.submitted[1].0, "the same bytes");
	}

	/// An account whose nonces are always taken: signed again a bounded number of times, then an error.
	#[tokio::test(flavor = "current_thread")]
	async fn signing_again_is_bounded() {
		let chain = fake(vec![Then::Usurp { finalized_after: 0 }; 10]);
		let (url, _server) = serve(chain.clone()).await;
		let e = submit(&url, Duration::from_secs(30)).await.unwrap_err();
		assert!(e.contains("took its nonce 6 times"), "{e}");
		assert_eq!(chain.lock().unwrap().submitted.len(), 1 + RESIGNS as usize);
	}
}
