//! What the node's CLI clients (`zg-node storage …`, `zg-node compute …`) share: a JSON-RPC client of a running
//! node, the context a signature commits to, the reason a transaction failed, and progress lines.

use std::{
	io::Write,
	time::{Duration, Instant},
};

use codec::Encode;
use jsonrpsee::core::{client::ClientT, params::ArrayParams};
use serde_json::{json, Value};
use sp_core::{bytes::from_hex, bytes::to_hex, H256};
use sp_runtime::{generic::Era, SaturatedConversion};

/// Why extrinsic `xt_hash` failed, from the events of the block that includes it (the best block or one of its
/// 32 ancestors); `None` if it is not found there or did not fail.
pub(crate) async fn failure_reason(rpc: &Rpc, xt_hash: [u8; 32]) -> Option<String> {
	extrinsic_events(rpc, xt_hash).await?.iter().find_map(dispatch_failure)
}

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

/// The events extrinsic `xt_hash` emitted, from the block that includes it (the best block or one of its 32
/// ancestors); `None` if it is not found there.
pub(crate) async fn extrinsic_events(rpc: &Rpc, xt_hash: [u8; 32]) -> Option<Vec<zg_runtime::RuntimeEvent>> {
	let best = rpc.call("chain_getBlockHash", json!([])).await.ok()?.as_str()?.to_string();
	extrinsic_events_from(rpc, best, xt_hash).await
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

/// The account's nonce in the best block's state (not counting the pool).
pub(crate) async fn on_chain_nonce(rpc: &Rpc, who: &zg_primitives::AccountId) -> Result<zg_primitives::Nonce, String> {
	let reply = rpc.call("state_call", json!(["AccountNonceApi_account_nonce", to_hex(&who.encode(), false)])).await?;
	let bytes = from_hex(reply.as_str().unwrap_or_default()).map_err(|e| e.to_string())?;
	<zg_primitives::Nonce as codec::Decode>::decode(&mut &bytes[..]).map_err(|e| format!("bad account nonce: {e}"))
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

/// [`submit_and_watch`], counting the transaction as included when `inclusion` says.
pub(crate) async fn submit_and_wait(
	rpc: &Rpc,
	pair: &sp_core::sr25519::Pair,
	call: zg_runtime::RuntimeCall,
	timeout: Duration,
	inclusion: Inclusion,
) -> Result<Vec<zg_runtime::RuntimeEvent>, String> {
	use sp_core::{crypto::Ss58Codec, Pair};
	let who = zg_primitives::AccountId::from(pair.public());
	let nonce = rpc
		.call("system_accountNextIndex", json!([who.to_ss58check()]))
		.await?
		.as_u64()
		.ok_or("bad nonce")? as zg_primitives::Nonce;
	let context = SigningContext::fetch(rpc).await?;
	let xt = context.sign(pair, call, nonce);
	let xt_hash = xt.using_encoded(sp_io::hashing::blake2_256);
	let encoded = to_hex(&xt.encode(), false);
	rpc.call("author_submitExtrinsic", json!([encoded])).await?;
	let deadline = Instant::now() + timeout;
	let mut polls = 0u32;
	loop {
		tokio::time::sleep(Duration::from_millis(1000)).await;
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
		// A transaction included in a block that was then abandoned for another fork is not always put back
		// into the pool: if it is neither there nor behind the account's on-chain nonce, send it again (the
		// same bytes, so it can be included at most once).
		if polls % 10 == 0 && !in_pool(rpc, &encoded).await && on_chain_nonce(rpc, &who).await? <= nonce {
			eprintln!("the transaction left the pool without being included; sending it again");
			if let Err(e) = rpc.call("author_submitExtrinsic", json!([encoded])).await {
				eprintln!("the node refused it again: {e}");
			}
		}
		if Instant::now() > deadline {
			return Err("timed out waiting for the transaction to be included".into());
		}
	}
}
