//! The front server: zg's Ethereum JSON-RPC endpoint, in front of `pallet-revive-eth-rpc`'s server.
//!
//! It is polkadot-sdk's own RPC server (`sc-rpc-server`: the same HTTP + WebSocket endpoint, CORS, host filter, rate
//! limit, batch and size limits a zg node's RPC has), started on the addresses of the command line. Its methods are
//! the crate server's (read from its `rpc_methods` at start), each forwarded unchanged over one WebSocket
//! connection to that server on loopback — except the ones Ethereum tools need done differently:
//! - `eth_getTransactionCount(address, "pending")`: the larger of the crate's count and the node's pool-aware next
//!   nonce (`system_accountNextIndex`) of the account an Ethereum transaction of `address` is signed by (its
//!   fallback account: the address followed by twelve `0xEE` bytes);
//! - `eth_sendRawTransaction`: checked first (against the sender's nonces as last read, [`crate::nonces`]), submitted
//!   to the node's pool itself as `Revive.eth_transact` (one call instead of the crate's subscription), and a refusal
//!   explained as geth would ([`crate::geth`]);
//! - `eth_getLogs`: the crate's logs, and those of contracts called by Substrate extrinsics ([`crate::logs`]);
//! - `eth_getTransactionReceipt`: the crate's receipt, or else that of a Substrate extrinsic that called a contract
//!   ([`crate::receipts`], from an index of recent blocks that a background task keeps);
//! - `eth_subscribe`: a subscription of the crate's server, forwarded notification by notification.

use std::{
	collections::HashSet,
	net::{Ipv4Addr, TcpListener},
	sync::Arc,
	time::{Duration, Instant},
};

use anyhow::Context as _;
use jsonrpsee::{
	core::{
		client::{ClientT, Error as ClientError, SubscriptionClientT},
		traits::ToRpcParams,
		SubscriptionResult,
	},
	rpc_params,
	types::{ErrorObject, ErrorObjectOwned, Params},
	ws_client::{WsClient, WsClientBuilder},
	PendingSubscriptionSink, RpcModule, SubscriptionMessage,
};
use pallet_revive::evm::{GenericTransaction, TransactionSigned};
use pallet_revive_eth_rpc::cli::CliCommand;
use serde_json::{value::RawValue, Value};
use futures::{StreamExt, TryStreamExt};
use sp_core::{crypto::Ss58Codec, H160, H256, U256};
use tokio::sync::{Mutex, OnceCell};

use crate::{
	geth::{self, Chain, TxFacts},
	logs::{self, ContractEvent, Filter},
	nonces::Nonces,
	receipts::{self, ContractCall, Index, Location},
};

/// The port Ethereum JSON-RPC servers listen on by default.
pub const DEFAULT_PORT: u16 = 8545;
/// How long one forwarded call may take (tracing a block can take long).
const UPSTREAM_TIMEOUT: Duration = Duration::from_secs(300);
/// Calls in flight to the crate's server at once, for all clients together.
const UPSTREAM_CONCURRENCY: usize = 4_096;
/// The crate's methods the front serves itself.
const OWN_METHODS: [&str; 6] = [
	"eth_getLogs",
	"eth_getTransactionCount",
	"eth_getTransactionReceipt",
	"eth_sendRawTransaction",
	"eth_subscribe",
	"eth_unsubscribe",
];
/// How often the receipt index looks for new blocks.
const INDEX_INTERVAL: Duration = Duration::from_millis(500);
/// Blocks of an `eth_getLogs` read at once.
const LOG_BLOCKS_PARALLEL: usize = 16;

/// What the front serves, taken from the command line (which is then pointed at the crate's loopback server).
pub struct FrontConfig {
	/// Where the front listens, with the limits of the command line.
	pub endpoints: Vec<sc_rpc_server::RpcEndpoint>,
	/// The crate's server's loopback port.
	pub upstream_port: u16,
	/// The node's WebSocket RPC.
	pub node_rpc_url: String,
	/// `--allow-unprotected-txs`.
	pub allow_unprotected_txs: bool,
}

impl FrontConfig {
	/// Takes the RPC endpoints of `cmd` for the front, and points `cmd`'s own server at a free loopback port.
	pub fn take_from(cmd: &mut CliCommand) -> anyhow::Result<Self> {
		let endpoints: Vec<sc_rpc_server::RpcEndpoint> = cmd
			.rpc_params
			.rpc_addr(cmd.shared_params.dev, false, DEFAULT_PORT)?
			.unwrap_or_default()
			.into_iter()
			.map(Into::into)
			.collect();
		anyhow::ensure!(!endpoints.is_empty(), "no RPC endpoint to serve");
		let upstream_port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
			.and_then(|l| l.local_addr())
			.context("finding a free loopback port for the eth-rpc server")?
			.port();
		let connections: u32 = endpoints.iter().map(|e| e.max_connections).sum();
		let subscriptions: u32 = endpoints.iter().map(|e| e.max_subscriptions_per_connection).max().unwrap_or(1024);
		let p = &mut cmd.rpc_params;
		p.experimental_rpc_endpoint.clear();
		p.rpc_external = false;
		p.unsafe_rpc_external = false;
		p.rpc_port = Some(upstream_port);
		// Limits apply at the front, per client; behind it, every client shares the front's one connection.
		p.rpc_rate_limit = None;
		p.rpc_max_connections = 16;
		p.rpc_max_subscriptions_per_connection = connections.saturating_mul(subscriptions).max(1024);
		p.rpc_message_buffer_capacity_per_connection = p.rpc_message_buffer_capacity_per_connection.saturating_mul(64);
		p.rpc_disable_batch_requests = false;
		p.rpc_max_batch_request_len = None;
		Ok(Self {
			endpoints,
			upstream_port,
			node_rpc_url: cmd.node_rpc_url.clone(),
			allow_unprotected_txs: cmd.allow_unprotected_txs,
		})
	}
}

/// Connects to the crate's server (waiting for it to start) and serves the front until the process ends.
pub fn run(config: FrontConfig, upstream_url: String) -> anyhow::Result<()> {
	let runtime = tokio::runtime::Builder::new_multi_thread()
		.worker_threads(2)
		.thread_name("zg-eth-front")
		.enable_all()
		.build()?;
	let max_connections = config.endpoints.iter().map(|e| e.max_connections).sum();
	let rpc_runtime = sc_rpc_server::create_rpc_runtime(max_connections)?;
	runtime.block_on(async move {
		let index = Arc::new(std::sync::Mutex::new(Index::new(receipts::MAX_INDEXED)));
		tokio::spawn(follow(Upstream::new(config.node_rpc_url.clone()), index.clone()));
		let front = Arc::new(Front {
			upstream: Upstream::new(upstream_url),
			node: Upstream::new(config.node_rpc_url.clone()),
			chain_id: OnceCell::new(),
			eth_transact_prefix: OnceCell::new(),
			allow_unprotected_txs: config.allow_unprotected_txs,
			index,
			nonces: std::sync::Mutex::new(Nonces::default()),
		});
		// The crate's server starts after it has reached the node: wait for it (as long as it takes).
		let methods = loop {
			match front.upstream.client().await {
				Ok(client) => match client.request::<Value, _>("rpc_methods", rpc_params![]).await {
					Ok(v) => break v,
					Err(e) => log::debug!(target: "zg-eth-rpc", "rpc_methods: {e}"),
				},
				Err(e) => log::debug!(target: "zg-eth-rpc", "waiting for the eth-rpc server: {}", e.message()),
			}
			tokio::time::sleep(Duration::from_millis(250)).await;
		};
		let methods: Vec<String> = serde_json::from_value(methods["methods"].clone())
			.context("the eth-rpc server's rpc_methods")?;
		let module = rpc_module(front, &methods)?;
		let server = sc_rpc_server::start_server(sc_rpc_server::Config {
			endpoints: config.endpoints,
			metrics: None,
			rpc_api: module,
			id_provider: None,
			request_logger_limit: 1024,
			rpc_runtime,
		})
		.await
		.map_err(|e| anyhow::anyhow!("starting the Ethereum JSON-RPC server: {e}"))?;
		log::info!(target: "zg-eth-rpc", "Ethereum JSON-RPC on {:?}", server.listen_addrs());
		server.handle().clone().stopped().await;
		Ok(())
	})
}

/// A WebSocket JSON-RPC connection, made again when it has dropped.
struct Upstream {
	url: String,
	client: Mutex<Option<Arc<WsClient>>>,
}

impl Upstream {
	fn new(url: String) -> Self {
		Self { url, client: Mutex::new(None) }
	}

	async fn client(&self) -> Result<Arc<WsClient>, ErrorObjectOwned> {
		let mut slot = self.client.lock().await;
		if let Some(client) = slot.as_ref().filter(|c| c.is_connected()) {
			return Ok(client.clone());
		}
		let client = WsClientBuilder::default()
			.max_request_size(u32::MAX)
			.max_response_size(u32::MAX)
			.max_concurrent_requests(UPSTREAM_CONCURRENCY)
			.request_timeout(UPSTREAM_TIMEOUT)
			.build(&self.url)
			.await
			.map_err(|e| internal(format!("{} is unreachable: {e}", self.url)))?;
		let client = Arc::new(client);
		*slot = Some(client.clone());
		Ok(client)
	}

	async fn call<R: serde::de::DeserializeOwned>(&self, method: &str, params: impl ToRpcParams + Send) -> Result<R, ErrorObjectOwned> {
		self.client().await?.request(method, params).await.map_err(client_error)
	}
}

/// A server error (-32603) of the front itself.
fn internal(message: String) -> ErrorObjectOwned {
	ErrorObject::owned(jsonrpsee::types::error::INTERNAL_ERROR_CODE, format!("zg-eth-rpc: {message}"), None::<()>)
}

/// An error answer of the server behind stays what it was; a transport failure is an internal error.
fn client_error(e: ClientError) -> ErrorObjectOwned {
	match e {
		ClientError::Call(e) => e,
		other => internal(format!("the eth-rpc server failed: {other}")),
	}
}

/// Parameters forwarded as they came.
struct Raw(Option<String>);

impl ToRpcParams for Raw {
	fn to_rpc_params(self) -> Result<Option<Box<RawValue>>, serde_json::Error> {
		self.0.map(RawValue::from_string).transpose()
	}
}

fn raw(params: &Params) -> Raw {
	Raw(params.as_str().map(str::to_owned))
}

/// The front's state.
struct Front {
	/// The crate's server.
	upstream: Upstream,
	/// The node.
	node: Upstream,
	chain_id: OnceCell<u64>,
	/// The first two bytes of `Revive.eth_transact` calls (read from the runtime once).
	eth_transact_prefix: OnceCell<[u8; 2]>,
	allow_unprotected_txs: bool,
	/// Signed extrinsics of recent blocks, for receipts of Substrate contract calls.
	index: Arc<std::sync::Mutex<Index>>,
	/// Senders' nonces as last read, for [`Self::send_raw_transaction`]'s checks.
	nonces: std::sync::Mutex<Nonces>,
}

impl Front {
	async fn chain_id(&self) -> Result<u64, ErrorObjectOwned> {
		self.chain_id
			.get_or_try_init(|| async {
				let id: U256 = self.upstream.call("eth_chainId", rpc_params![]).await?;
				u64::try_from(id).map_err(|_| internal(format!("chain id {id} is too large")))
			})
			.await
			.copied()
	}

	/// The nonce at the best block.
	async fn state_nonce(&self, address: H160) -> Result<U256, ErrorObjectOwned> {
		self.upstream.call("eth_getTransactionCount", rpc_params![address, "latest"]).await
	}

	/// The next nonce counting the pool: at least the best block's.
	async fn pending_nonce(&self, address: H160) -> Result<U256, ErrorObjectOwned> {
		let state = self.state_nonce(address).await?;
		self.pending_nonce_from(address, state).await
	}

	/// The next nonce counting the pool, given the best block's (`state`).
	async fn pending_nonce_from(&self, address: H160, state: U256) -> Result<U256, ErrorObjectOwned> {
		let ss58 = geth::fallback_account(address).to_ss58check_with_version(42u16.into());
		let pool: u64 = self.node.call("system_accountNextIndex", rpc_params![ss58]).await?;
		Ok(state.max(U256::from(pool)))
	}

	/// What the chain says about `signer` now, for [`geth::explain_refusal`].
	async fn chain(&self, signer: H160, tx: &GenericTransaction) -> Result<Chain, ErrorObjectOwned> {
		let base_fee: U256 = self.upstream.call("eth_gasPrice", rpc_params![]).await?;
		let balance: U256 = self.upstream.call("eth_getBalance", rpc_params![signer, "latest"]).await?;
		let state_nonce = self.state_nonce(signer).await?;
		// The least gas the call needs now (as a call from the signer, without the fee fields it was refused for).
		let mut call = serde_json::json!({ "from": signer, "input": tx.input.clone().to_bytes() });
		if let Some(to) = tx.to {
			call["to"] = serde_json::json!(to);
		}
		if let Some(value) = tx.value {
			call["value"] = serde_json::json!(value);
		}
		let needed_gas = self.upstream.call::<U256>("eth_estimateGas", rpc_params![call]).await.ok();
		Ok(Chain { chain_id: self.chain_id().await?, base_fee, balance, state_nonce, pending_nonce: None, needed_gas })
	}

	/// `eth_getLogs`: the crate's logs, and those of contracts called by Substrate extrinsics in the blocks queried.
	async fn get_logs(&self, params: Params<'static>) -> Result<Box<RawValue>, ErrorObjectOwned> {
		// What is not one filter object is the crate's to answer (or refuse).
		let Ok((query,)) = params.parse::<(Value,)>() else {
			return self.upstream.call("eth_getLogs", raw(&params)).await;
		};
		let filter = Filter::parse(&query).map_err(|e| {
			ErrorObject::owned(jsonrpsee::types::error::INVALID_PARAMS_CODE, format!("invalid filter: {e}"), None::<()>)
		})?;
		let (from, to) = self.log_range(&query).await?;
		if to >= from && to - from >= logs::MAX_BLOCKS {
			return Err(ErrorObject::owned(
				logs::LIMIT_EXCEEDED,
				format!("query exceeds max block range {}", logs::MAX_BLOCKS),
				None::<()>,
			));
		}
		let mut found: Vec<Value> = self.upstream.call("eth_getLogs", raw(&params)).await?;
		let blocks: Vec<Vec<Value>> = futures::stream::iter(from..=to)
			.map(|n| self.block_substrate_logs(n, &filter))
			.buffered(LOG_BLOCKS_PARALLEL)
			.try_collect()
			.await?;
		found.extend(blocks.into_iter().flatten());
		let number = |log: &Value, field: &str| hex_number(&log[field]).unwrap_or(0);
		found.sort_by_key(|log| (number(log, "blockNumber"), number(log, "logIndex")));
		serde_json::value::to_raw_value(&found).map_err(|e| internal(e.to_string()))
	}

	/// The block numbers an `eth_getLogs` query spans (`from > to`: none).
	async fn log_range(&self, query: &Value) -> Result<(u64, u64), ErrorObjectOwned> {
		if let Some(hash) = query.get("blockHash").filter(|h| !h.is_null()) {
			let block: Value = self.upstream.call("eth_getBlockByHash", rpc_params![hash, false]).await?;
			return Ok(match hex_number(&block["number"]) {
				Some(n) => (n, n),
				None => (1, 0),
			});
		}
		let from = self.block_number(query.get("fromBlock")).await?;
		let to = self.block_number(query.get("toBlock")).await?;
		Ok((from, to))
	}

	/// A block tag or number of a log query (absent: `latest`).
	async fn block_number(&self, tag: Option<&Value>) -> Result<u64, ErrorObjectOwned> {
		let tag = tag.filter(|t| !t.is_null()).cloned().unwrap_or(Value::from("latest"));
		if let Some(n) = hex_number(&tag) {
			return Ok(n);
		}
		match tag.as_str() {
			Some("earliest") => Ok(0),
			Some("latest") | Some("pending") => {
				let n: Value = self.upstream.call("eth_blockNumber", rpc_params![]).await?;
				hex_number(&n).ok_or_else(|| internal("eth_blockNumber is not a number".into()))
			},
			Some(other) => {
				let block: Value = self.upstream.call("eth_getBlockByNumber", rpc_params![other, false]).await?;
				hex_number(&block["number"]).ok_or_else(|| internal(format!("no {other} block")))
			},
			None => Err(ErrorObject::owned(
				jsonrpsee::types::error::INVALID_PARAMS_CODE,
				format!("invalid block: {tag}"),
				None::<()>,
			)),
		}
	}

	/// The logs of block `n`'s contract events that no Ethereum transaction caused, passing `filter`.
	async fn block_substrate_logs(&self, n: u64, filter: &Filter) -> Result<Vec<Value>, ErrorObjectOwned> {
		let Some(hash) = self.node.call::<Option<H256>>("chain_getBlockHash", rpc_params![n]).await? else {
			return Ok(Vec::new());
		};
		let events = self.contract_events(n, hash).await?;
		if events.is_empty() {
			return Ok(Vec::new());
		}
		let prefix = self.eth_transact_prefix(hash).await?;
		let extrinsics = self.extrinsics(hash).await?;
		let Some(eth_block) = self.eth_block(n).await? else {
			// The eth-rpc server has not indexed this block yet: its logs come with it.
			return Ok(Vec::new());
		};
		let eth_logs = self.eth_log_count(eth_block.eth_hash).await?;
		Ok(logs::substrate_logs(&events, &extrinsics, prefix, n, eth_block.eth_hash, eth_logs, filter))
	}

	/// Block `hash`'s contract events (none for a runtime without the API).
	async fn contract_events(&self, n: u64, hash: H256) -> Result<Vec<ContractEvent>, ErrorObjectOwned> {
		Ok(match self.node.call::<String>("state_call", rpc_params!["EvmApi_contract_events", "0x", hash]).await {
			Ok(encoded) => decode_hex(&encoded).and_then(|bytes| codec::Decode::decode(&mut &bytes[..]).ok()).unwrap_or_default(),
			// A block of a runtime without the API has no events to add.
			Err(e) => {
				log::debug!(target: "zg-eth-rpc", "EvmApi_contract_events at #{n}: {}", e.message());
				Vec::new()
			},
		})
	}

	/// Block `hash`'s extrinsics, each as encoded in the block.
	async fn extrinsics(&self, hash: H256) -> Result<Vec<Vec<u8>>, ErrorObjectOwned> {
		block_extrinsics(&self.node, hash).await
	}

	/// The crate's Ethereum block `n`: its hash, base fee and gas used (`None` before the crate has indexed it).
	async fn eth_block(&self, n: u64) -> Result<Option<receipts::BlockFacts>, ErrorObjectOwned> {
		let block: Value = self.upstream.call("eth_getBlockByNumber", rpc_params![format!("0x{n:x}"), false]).await?;
		let Some(eth_hash) = block["hash"].as_str().and_then(|h| h.parse::<H256>().ok()) else { return Ok(None) };
		let quantity = |field: &str| serde_json::from_value::<U256>(block[field].clone()).unwrap_or_default();
		Ok(Some(receipts::BlockFacts {
			eth_hash,
			number: n,
			base_fee: quantity("baseFeePerGas"),
			eth_gas_used: quantity("gasUsed"),
		}))
	}

	/// How many logs the crate has for the Ethereum block `eth_hash` (its Ethereum transactions' logs).
	async fn eth_log_count(&self, eth_hash: H256) -> Result<u64, ErrorObjectOwned> {
		let logs: Vec<Value> = self.upstream.call("eth_getLogs", rpc_params![serde_json::json!({ "blockHash": eth_hash })]).await?;
		Ok(logs.len() as u64)
	}

	/// `eth_getTransactionReceipt`: the crate's receipt, or that of a Substrate extrinsic that called a contract.
	async fn transaction_receipt(&self, params: Params<'static>) -> Result<Box<RawValue>, ErrorObjectOwned> {
		let answer: Box<RawValue> = self.upstream.call("eth_getTransactionReceipt", raw(&params)).await?;
		if answer.get() != "null" {
			return Ok(answer);
		}
		let located = params
			.parse::<(H256,)>()
			.ok()
			.and_then(|(hash,)| Some((hash, self.index.lock().ok()?.get(&hash)?)));
		let receipt = match located {
			Some((hash, at)) => self.substrate_receipt(hash, at).await?,
			None => None,
		};
		serde_json::value::to_raw_value(&receipt).map_err(|e| internal(e.to_string()))
	}

	/// The receipt of extrinsic `hash` at `at`, if that block is still the chain's and the extrinsic called a
	/// contract.
	async fn substrate_receipt(&self, hash: H256, at: Location) -> Result<Option<Value>, ErrorObjectOwned> {
		let canonical: Option<H256> = self.node.call("chain_getBlockHash", rpc_params![at.number]).await?;
		if canonical != Some(at.block) {
			return Ok(None);
		}
		let extrinsics = self.extrinsics(at.block).await?;
		let argument = format!("0x{}", hex(&codec::Encode::encode(&extrinsics)));
		let calls: Vec<ContractCall> =
			match self.node.call::<String>("state_call", rpc_params!["EvmApi_contract_calls", argument, at.block]).await {
				Ok(encoded) => decode_hex(&encoded)
					.and_then(|bytes| codec::Decode::decode(&mut &bytes[..]).ok())
					.ok_or_else(|| internal(format!("EvmApi_contract_calls at #{}: undecodable answer", at.number)))?,
				// A runtime without the method (older than this API): no receipts of Substrate extrinsics there.
				Err(e) => {
					log::debug!(target: "zg-eth-rpc", "EvmApi_contract_calls at #{}: {}", at.number, e.message());
					return Ok(None);
				},
			};
		let Some(position) = calls.iter().position(|call| call.0 == at.index) else { return Ok(None) };
		let Some(block) = self.eth_block(at.number).await? else { return Ok(None) };
		let events = self.contract_events(at.number, at.block).await?;
		let prefix = self.eth_transact_prefix(at.block).await?;
		let eth_logs = self.eth_log_count(block.eth_hash).await?;
		let index = format!("0x{:x}", at.index);
		let logs: Vec<Value> =
			logs::substrate_logs(&events, &extrinsics, prefix, at.number, block.eth_hash, eth_logs, &Filter::default())
				.into_iter()
				.filter(|log| log["transactionIndex"] == index.as_str())
				.collect();
		Ok(receipts::receipt(&calls, position, hash, &block, logs))
	}

	async fn eth_transact_prefix(&self, at: H256) -> Result<[u8; 2], ErrorObjectOwned> {
		self.eth_transact_prefix
			.get_or_try_init(|| async {
				let encoded: String = self.node.call("state_call", rpc_params!["EvmApi_eth_transact_prefix", "0x", at]).await?;
				decode_hex(&encoded)
					.and_then(|b| <[u8; 2]>::try_from(b.as_slice()).ok())
					.ok_or_else(|| internal(format!("EvmApi_eth_transact_prefix: {encoded}")))
			})
			.await
			.copied()
	}

	async fn send_raw_transaction(&self, params: Params<'static>) -> Result<Box<RawValue>, ErrorObjectOwned> {
		let forward = || self.upstream.call::<Box<RawValue>>("eth_sendRawTransaction", raw(&params));
		let Ok((bytes,)) = params.parse::<(pallet_revive::evm::Bytes,)>() else { return forward().await };
		// What does not decode is the crate's to refuse, in its words.
		let Ok(signed) = TransactionSigned::decode(&bytes.0) else { return forward().await };
		let Some(facts) = TxFacts::of(&signed) else { return Err(geth::error(geth::INVALID_SENDER.into())) };
		let (signer, nonce) = (facts.signer, facts.nonce());
		let known = self.nonces().admits(signer, nonce, Instant::now());
		let read = match known {
			Some(read) => read,
			None => {
				let state = self.state_nonce(signer).await?;
				let pending = self.pending_nonce_from(signer, state).await?;
				self.nonces().read(signer, state, pending, Instant::now())
			},
		};
		let chain = Chain {
			chain_id: self.chain_id().await?,
			state_nonce: read.state,
			pending_nonce: Some(read.pending),
			..Default::default()
		};
		if let Some(refusal) = geth::precheck(&facts, &chain, self.allow_unprotected_txs) {
			return Err(geth::error(refusal));
		}
		match self.submit(&bytes.0).await {
			Ok(()) => {
				self.nonces().submitted(signer, nonce);
				serde_json::value::to_raw_value(&H256(sp_crypto_hashing::keccak_256(&bytes.0)))
					.map_err(|e| internal(e.to_string()))
			},
			Err(refused) => {
				let chain = self.chain(signer, &facts.tx).await?;
				Err(geth::explain_refusal(&facts, &chain, refused))
			},
		}
	}

	/// Submits the Ethereum transaction `payload` to the node's pool as the extrinsic `Revive.eth_transact(payload)`,
	/// answering once the pool has validated it (`author_submitExtrinsic`). The crate's server would do the same
	/// through a subscription to the transaction's status, one more hop and one more call into the node each time.
	async fn submit(&self, payload: &[u8]) -> Result<(), ErrorObjectOwned> {
		let prefix = self.eth_transact_prefix_now().await?;
		let extrinsic = eth_transact_extrinsic(prefix, payload);
		let _hash: H256 = self.node.call("author_submitExtrinsic", rpc_params![format!("0x{}", hex(&extrinsic))]).await?;
		Ok(())
	}

	/// The senders' nonces as last read. Nothing that holds the lock can panic; were it poisoned anyway, the map is
	/// still a map of reads, which only serve checks the pool repeats, so it is used as it is.
	fn nonces(&self) -> std::sync::MutexGuard<'_, Nonces> {
		self.nonces.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
	}

	/// [`Self::eth_transact_prefix`], read at the best block the first time.
	async fn eth_transact_prefix_now(&self) -> Result<[u8; 2], ErrorObjectOwned> {
		if let Some(prefix) = self.eth_transact_prefix.get() {
			return Ok(*prefix);
		}
		let best: H256 = self.node.call("chain_getBlockHash", rpc_params![]).await?;
		self.eth_transact_prefix(best).await
	}
}

/// The bare extrinsic (version 4, unsigned) calling `Revive.eth_transact(payload)`, whose call starts with
/// `prefix` (the pallet's and the call's index), as it goes into a block: the runtime recovers the signer from the
/// Ethereum signature inside.
fn eth_transact_extrinsic(prefix: [u8; 2], payload: &[u8]) -> Vec<u8> {
	use codec::{Compact, Encode};
	const BARE_V4: u8 = 4;
	let mut body = Vec::with_capacity(payload.len() + 8);
	body.push(BARE_V4);
	body.extend_from_slice(&prefix);
	Compact(payload.len() as u32).encode_to(&mut body);
	body.extend_from_slice(payload);
	let mut extrinsic = Compact(body.len() as u32).encode();
	extrinsic.extend(body);
	extrinsic
}

fn rpc_module(front: Arc<Front>, upstream_methods: &[String]) -> anyhow::Result<RpcModule<Front>> {
	let front = Arc::try_unwrap(front).map_err(|_| anyhow::anyhow!("the front is shared before it serves"))?;
	let mut module = RpcModule::new(front);
	let own: HashSet<&str> = OWN_METHODS.into_iter().collect();
	for method in upstream_methods {
		// rpc_methods is the server's own (it lists the front's methods).
		if own.contains(method.as_str()) || method == "rpc_methods" {
			continue;
		}
		let name: &'static str = Box::leak(method.clone().into_boxed_str());
		module.register_async_method(name, move |params, front, _| async move {
			front.upstream.call::<Box<RawValue>>(name, raw(&params)).await
		})?;
	}
	module.register_async_method("eth_getTransactionCount", |params, front, _| async move {
		let pending = params
			.parse::<(H160, Value)>()
			.ok()
			.filter(|(_, block)| block.as_str() == Some("pending"))
			.map(|(address, _)| address);
		match pending {
			Some(address) => serde_json::value::to_raw_value(&front.pending_nonce(address).await?)
				.map_err(|e| internal(e.to_string())),
			None => front.upstream.call::<Box<RawValue>>("eth_getTransactionCount", raw(&params)).await,
		}
	})?;
	module.register_async_method("eth_getLogs", |params, front, _| async move { front.get_logs(params).await })?;
	module.register_async_method("eth_getTransactionReceipt", |params, front, _| async move {
		front.transaction_receipt(params).await
	})?;
	module.register_async_method("eth_sendRawTransaction", |params, front, _| async move {
		front.send_raw_transaction(params).await
	})?;
	module.register_subscription("eth_subscribe", "eth_subscription", "eth_unsubscribe", forward_subscription)?;
	Ok(module)
}

/// `eth_subscribe`: the same subscription of the crate's server, forwarded until either side ends it.
async fn forward_subscription(
	params: Params<'static>,
	pending: PendingSubscriptionSink,
	front: Arc<Front>,
	_: jsonrpsee::Extensions,
) -> SubscriptionResult {
	let upstream = match front.upstream.client().await {
		Ok(client) => client,
		Err(e) => {
			pending.reject(e).await;
			return Ok(());
		},
	};
	let mut subscription =
		match upstream.subscribe::<Box<RawValue>, _>("eth_subscribe", raw(&params), "eth_unsubscribe").await {
			Ok(s) => s,
			Err(e) => {
				pending.reject(client_error(e)).await;
				return Ok(());
			},
		};
	let sink = pending.accept().await?;
	loop {
		tokio::select! {
			_ = sink.closed() => break,
			item = subscription.next() => match item {
				Some(Ok(item)) => sink.send(SubscriptionMessage::from_json(&item)?).await?,
				Some(Err(e)) => return Err(format!("the eth-rpc server's subscription failed: {e}").into()),
				None => break,
			},
		}
	}
	Ok(())
}

/// Block `hash`'s extrinsics, each as encoded in the block.
async fn block_extrinsics(node: &Upstream, hash: H256) -> Result<Vec<Vec<u8>>, ErrorObjectOwned> {
	let block: Value = node.call("chain_getBlock", rpc_params![hash]).await?;
	Ok(block["block"]["extrinsics"]
		.as_array()
		.map(|all| all.iter().filter_map(|x| x.as_str().and_then(decode_hex)).collect())
		.unwrap_or_default())
}

/// Keeps `index` up to date with the node's best chain: the [`receipts::BACKFILL_BLOCKS`] blocks before the best
/// one at start, then each new block (again from the fork point when the best chain changed under it).
async fn follow(node: Upstream, index: Arc<std::sync::Mutex<Index>>) {
	loop {
		if let Err(e) = index_new_blocks(&node, &index).await {
			log::debug!(target: "zg-eth-rpc", "receipt index: {}", e.message());
		}
		tokio::time::sleep(INDEX_INTERVAL).await;
	}
}

/// One round of [`follow`]: at most [`receipts::BLOCKS_PER_ROUND`] blocks.
async fn index_new_blocks(node: &Upstream, index: &std::sync::Mutex<Index>) -> Result<(), ErrorObjectOwned> {
	let header: Value = node.call("chain_getHeader", rpc_params![]).await?;
	let best = hex_number(&header["number"]).ok_or_else(|| internal("chain_getHeader: no number".into()))?;
	let head = index.lock().map_err(|_| internal("the receipt index is poisoned".into()))?.head;
	let mut next = match head {
		None => best.saturating_sub(receipts::BACKFILL_BLOCKS),
		Some((number, hash)) => {
			if node.call::<Option<H256>>("chain_getBlockHash", rpc_params![number]).await? == Some(hash) {
				number + 1
			} else {
				// A re-organisation replaced the last block indexed: index the new branch again from below it
				// (inserting an extrinsic again only moves it to its new block).
				number.saturating_sub(receipts::REORG_DEPTH)
			}
		},
	};
	let last = best.min(next.saturating_add(receipts::BLOCKS_PER_ROUND - 1));
	while next <= last {
		let Some(hash) = node.call::<Option<H256>>("chain_getBlockHash", rpc_params![next]).await? else { break };
		let extrinsics = block_extrinsics(node, hash).await?;
		let mut index = index.lock().map_err(|_| internal("the receipt index is poisoned".into()))?;
		for (i, extrinsic) in extrinsics.iter().enumerate() {
			if receipts::is_signed(extrinsic) {
				let location = Location { block: hash, number: next, index: i as u32 };
				index.insert(H256(sp_crypto_hashing::blake2_256(extrinsic)), location);
			}
		}
		index.head = Some((next, hash));
		next += 1;
	}
	Ok(())
}

fn hex(bytes: &[u8]) -> String {
	bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A `0x`-hex quantity.
fn hex_number(v: &Value) -> Option<u64> {
	u64::from_str_radix(v.as_str()?.strip_prefix("0x")?, 16).ok()
}

/// `0x`-hex bytes.
fn decode_hex(s: &str) -> Option<Vec<u8>> {
	let s = s.strip_prefix("0x")?;
	(s.len() % 2 == 0).then_some(())?;
	(0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).ok()).collect()
}

#[cfg(test)]
mod tests {
	use super::*;
	use codec::{Decode, DecodeWithMemTracking, Encode};
	use sp_runtime::generic::{Preamble, UncheckedExtrinsic};

	/// A call as the runtime lays out `Revive.eth_transact`: pallet index, call index, the payload's bytes.
	#[derive(Encode, Decode, DecodeWithMemTracking, Clone, Debug, PartialEq, Eq)]
	struct EthTransact {
		pallet: u8,
		call: u8,
		payload: Vec<u8>,
	}

	#[test]
	fn the_submitted_extrinsic_is_a_bare_eth_transact_of_the_payload() {
		// Lengths on both sides of each SCALE compact boundary.
		for len in [0usize, 1, 63, 64, 110, 16_383, 16_384, 70_000] {
			let payload: Vec<u8> = (0..len).map(|i| i as u8).collect();
			let encoded = eth_transact_extrinsic([40, 7], &payload);
			let xt = UncheckedExtrinsic::<(), EthTransact, (), ()>::decode(&mut &encoded[..])
				.unwrap_or_else(|e| panic!("a {len}-byte payload: {e:?}"));
			assert_eq!(xt.preamble, Preamble::Bare(4));
			assert_eq!(xt.function, EthTransact { pallet: 40, call: 7, payload });
			assert_eq!(xt.encode(), encoded, "the runtime's own encoding");
		}
	}
}
