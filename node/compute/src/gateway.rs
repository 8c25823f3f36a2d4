//! The inference gateway's request logic, apart from its transport: what an OpenAI-style request asks for, the
//! prompt the model reads, the voucher a request carries and whether it pays for the request.
//!
//! **Paying per request.** A request carries, in the `X-Zg-Voucher` header, a voucher of the user's channel to
//! this provider (JSON: `{"user", "channel", "amount", "nonce", "signature"}`; the signature as
//! `zg_primitives::compute::inference::voucher_message` defines it). Its amount is cumulative: it must cover
//! everything the provider has charged on the channel so far — the price of every earlier response — so the
//! provider always holds a voucher for all it has served except the response in flight ([`Ledger::admit`]). The
//! channel must also still hold the most this request can cost (its prompt tokens and `max_tokens` completion
//! tokens at the service's prices); otherwise the request is refused with HTTP 402 before any work. After the
//! response, its price (tokens × prices) is added to what the next voucher must cover ([`Ledger::charge`]).
//!
//! **Redeeming.** `GET /zg/vouchers` (JSON) and `GET /zg/vouchers.scale` (SCALE,
//! `zg_primitives::compute::inference::VoucherList`) list the latest voucher of every channel. The provider node's
//! off-chain worker (`zg-node --compute-provider --inference-gateway URL`) reads the SCALE list and redeems what
//! the chain has not paid yet with `compute.redeem_batch`.

use sp_core::{ed25519, Pair as _, H256};
use zg_primitives::compute::inference::{price, voucher_message, ChannelId, ChannelView, ServiceId};

use crate::ngram::Sampling;

/// The most completion tokens a request may ask for.
pub const MAX_TOKENS: usize = 4096;
/// Completion tokens when a request does not say.
pub const DEFAULT_MAX_TOKENS: usize = 256;
/// The largest request body.
pub const MAX_BODY: usize = 256 * 1024;
/// The header that carries the voucher.
pub const VOUCHER_HEADER: &str = "x-zg-voucher";

/// An error answered to the client, in OpenAI's shape (`{"error": {"message", "type", "code"}}`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
	/// The HTTP status.
	pub status: u16,
	/// OpenAI's error type (`invalid_request_error`, `insufficient_quota`, …).
	pub kind: &'static str,
	/// What went wrong, for people.
	pub message: String,
}

impl ApiError {
	fn bad_request(message: impl Into<String>) -> Self {
		Self { status: 400, kind: "invalid_request_error", message: message.into() }
	}

	fn payment(message: impl Into<String>) -> Self {
		Self { status: 402, kind: "insufficient_quota", message: message.into() }
	}

	/// The JSON body.
	pub fn body(&self) -> serde_json::Value {
		serde_json::json!({ "error": { "message": self.message, "type": self.kind, "code": self.status } })
	}
}

/// Which endpoint a request came to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Endpoint {
	/// `/v1/chat/completions`.
	Chat,
	/// `/v1/completions`.
	Completion,
}

/// A parsed request.
#[derive(Clone, Debug)]
pub struct Request {
	pub endpoint: Endpoint,
	/// The model asked for.
	pub model: String,
	/// The text the model reads: the prompt, or the chat rendered by [`render_chat`].
	pub prompt: Vec<u8>,
	/// How to generate.
	pub sampling: Sampling,
	/// Whether to answer as server-sent events.
	pub stream: bool,
}

/// The prompt of a chat: each message as `role: content` on its own line, then `assistant:` for the model to
/// continue. This is what receipts hash as the prompt and what prompt tokens count.
pub fn render_chat(messages: &[(String, String)]) -> String {
	let mut prompt = String::new();
	for (role, content) in messages {
		prompt.push_str(role);
		prompt.push_str(": ");
		prompt.push_str(content);
		prompt.push('\n');
	}
	prompt.push_str("assistant:");
	prompt
}

/// Parses a request body for `endpoint`. `seed` seeds the generation when the request gives none (the gateway
/// passes the request's hash, so a request always gets the same text).
pub fn parse(endpoint: Endpoint, body: &[u8], seed: u64) -> Result<Request, ApiError> {
	if body.len() > MAX_BODY {
		return Err(ApiError { status: 413, kind: "invalid_request_error", message: format!("the body is over {MAX_BODY} bytes") });
	}
	let value: serde_json::Value =
		serde_json::from_slice(body).map_err(|e| ApiError::bad_request(format!("the body is not JSON: {e}")))?;
	let model = value["model"].as_str().ok_or_else(|| ApiError::bad_request("`model` is required"))?.to_string();
	let prompt = match endpoint {
		Endpoint::Chat => {
			let messages = value["messages"]
				.as_array()
				.filter(|m| !m.is_empty())
				.ok_or_else(|| ApiError::bad_request("`messages` must be a non-empty array"))?;
			let messages = messages
				.iter()
				.map(|m| {
					let role = m["role"].as_str().ok_or_else(|| ApiError::bad_request("every message needs a `role`"))?;
					if !matches!(role, "system" | "developer" | "user" | "assistant") {
						return Err(ApiError::bad_request(format!("unknown role `{role}`")));
					}
					Ok((role.to_string(), message_text(&m["content"])?))
				})
				.collect::<Result<Vec<_>, _>>()?;
			render_chat(&messages).into_bytes()
		},
		Endpoint::Completion => match &value["prompt"] {
			serde_json::Value::String(s) => s.clone().into_bytes(),
			serde_json::Value::Array(parts) if parts.len() == 1 && parts[0].is_string() =>
				parts[0].as_str().unwrap_or_default().as_bytes().to_vec(),
			_ => return Err(ApiError::bad_request("`prompt` must be a string")),
		},
	};
	let max_tokens = match value.get("max_completion_tokens").or_else(|| value.get("max_tokens")) {
		None | Some(serde_json::Value::Null) => DEFAULT_MAX_TOKENS,
		Some(v) => v
			.as_u64()
			.filter(|n| (1..=MAX_TOKENS as u64).contains(n))
			.ok_or_else(|| ApiError::bad_request(format!("`max_tokens` must be 1..={MAX_TOKENS}")))? as usize,
	};
	let temperature = match &value["temperature"] {
		serde_json::Value::Null => 1.0,
		v => v
			.as_f64()
			.filter(|t| (0.0..=2.0).contains(t))
			.ok_or_else(|| ApiError::bad_request("`temperature` must be 0..=2"))? as f32,
	};
	let seed = match &value["seed"] {
		serde_json::Value::Null => seed,
		v => v.as_i64().ok_or_else(|| ApiError::bad_request("`seed` must be an integer"))? as u64,
	};
	let stop = match &value["stop"] {
		serde_json::Value::Null => Vec::new(),
		serde_json::Value::String(s) => vec![s.clone().into_bytes()],
		serde_json::Value::Array(items) if items.len() <= 4 => items
			.iter()
			.map(|s| s.as_str().map(|s| s.as_bytes().to_vec()).ok_or_else(|| ApiError::bad_request("`stop` holds strings")))
			.collect::<Result<_, _>>()?,
		_ => return Err(ApiError::bad_request("`stop` is a string or up to 4 strings")),
	};
	let stream = match &value["stream"] {
		serde_json::Value::Null => false,
		v => v.as_bool().ok_or_else(|| ApiError::bad_request("`stream` must be a boolean"))?,
	};
	Ok(Request { endpoint, model, prompt, sampling: Sampling { max_tokens, temperature, seed, stop }, stream })
}

/// A message's text: a string, or the text parts of a content array.
fn message_text(content: &serde_json::Value) -> Result<String, ApiError> {
	match content {
		serde_json::Value::String(s) => Ok(s.clone()),
		serde_json::Value::Array(parts) => parts
			.iter()
			.map(|p| match (p["type"].as_str(), p["text"].as_str()) {
				(Some("text"), Some(text)) => Ok(text),
				_ => Err(ApiError::bad_request("only text content parts are supported")),
			})
			.collect::<Result<Vec<_>, _>>()
			.map(|texts| texts.concat()),
		_ => Err(ApiError::bad_request("a message's `content` must be text")),
	}
}

/// A voucher as a request carries it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Voucher {
	/// The user (SS58), whose channel to this provider pays.
	pub user: String,
	pub channel: ChannelId,
	/// Cumulative amount owed, in planck.
	pub amount: u128,
	pub nonce: u64,
	pub signature: [u8; 64],
}

impl Voucher {
	/// Parses the `X-Zg-Voucher` header.
	pub fn parse(header: Option<&str>) -> Result<Self, ApiError> {
		let header = header.ok_or_else(|| {
			ApiError::payment(format!("a voucher is required: send the `{VOUCHER_HEADER}` header (see zgCompute_channel)"))
		})?;
		let bad = |what: &str| ApiError::bad_request(format!("malformed {VOUCHER_HEADER}: {what}"));
		let v: serde_json::Value = serde_json::from_str(header).map_err(|_| bad("not JSON"))?;
		let amount = match &v["amount"] {
			serde_json::Value::String(s) => s.parse::<u128>().map_err(|_| bad("`amount` is not a decimal integer"))?,
			serde_json::Value::Number(n) => n.as_u64().ok_or_else(|| bad("`amount`"))? as u128,
			_ => return Err(bad("`amount` is missing")),
		};
		let signature = v["signature"]
			.as_str()
			.and_then(|s| s.strip_prefix("0x"))
			.and_then(|s| (0..s.len()).step_by(2).map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok()).collect::<Option<Vec<u8>>>())
			.and_then(|bytes| <[u8; 64]>::try_from(bytes).ok())
			.ok_or_else(|| bad("`signature` must be 0x and 64 bytes of hex"))?;
		Ok(Self {
			user: v["user"].as_str().ok_or_else(|| bad("`user` is missing"))?.to_string(),
			channel: v["channel"].as_u64().ok_or_else(|| bad("`channel` is missing"))?,
			amount,
			nonce: v["nonce"].as_u64().ok_or_else(|| bad("`nonce` is missing"))?,
			signature,
		})
	}

	/// Whether the channel's key signed it.
	pub fn verify(&self, genesis: &H256, key: &[u8; 32]) -> bool {
		let message = voucher_message(genesis, self.channel, self.amount, self.nonce);
		ed25519::Pair::verify(&ed25519::Signature::from_raw(self.signature), message, &ed25519::Public::from_raw(*key))
	}
}

/// What the gateway knows of one channel beyond the chain: what it has charged, and the latest voucher.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ledger {
	/// The price of every response served on the channel (what the next voucher must cover).
	pub charged: u128,
	/// The latest voucher accepted (the one to redeem).
	pub latest: Option<Voucher>,
	/// Requests admitted whose responses are not charged yet.
	pub in_flight: u128,
}

/// A service's prices, per token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Prices {
	pub input: u128,
	pub output: u128,
}

impl Ledger {
	/// Admits a request of `prompt_tokens` and at most `max_tokens` completion tokens paid by `voucher` on the
	/// channel `chain` (as the chain has it now), or says why not. On success the request's worst case is
	/// reserved until [`Self::charge`].
	pub fn admit(
		&mut self,
		voucher: &Voucher,
		chain: &ChannelView<u128, u32>,
		genesis: &H256,
		prices: Prices,
		prompt_tokens: u64,
		max_tokens: u64,
	) -> Result<(), ApiError> {
		if voucher.channel != chain.id {
			return Err(ApiError::payment(format!("the voucher is for channel {}, the open channel is {}", voucher.channel, chain.id)));
		}
		if chain.refund_at.is_some() {
			return Err(ApiError::payment("the channel is being refunded: fund it again to use it"));
		}
		let last = self.latest.as_ref().map_or(chain.nonce, |v| v.nonce.max(chain.nonce));
		if voucher.nonce <= last {
			return Err(ApiError::payment(format!("voucher nonce {} is not above the last one, {last}", voucher.nonce)));
		}
		let owed = self.charged.max(chain.redeemed);
		if voucher.amount < owed {
			return Err(ApiError::payment(format!(
				"the voucher owes {} but {owed} has been charged on this channel: sign the cumulative amount",
				voucher.amount
			)));
		}
		let worst = price(prompt_tokens, max_tokens, prices.input, prices.output)
			.ok_or_else(|| ApiError::payment("the request's price overflows"))?;
		let needed = owed.saturating_add(self.in_flight).saturating_add(worst);
		if needed > chain.deposit {
			return Err(ApiError::payment(format!(
				"channel {} is exhausted: it holds {} and this request may cost up to {worst} on top of {} charged or \
				 reserved; fund it (compute.fund_channel) or lower max_tokens",
				chain.id,
				chain.deposit,
				owed.saturating_add(self.in_flight)
			)));
		}
		if voucher.amount > chain.deposit {
			return Err(ApiError::payment(format!("the voucher owes {} but the channel holds only {}", voucher.amount, chain.deposit)));
		}
		if !voucher.verify(genesis, &chain.key) {
			return Err(ApiError::payment("the voucher's signature is not the channel key's"));
		}
		// One request at a time per channel: each voucher must cover every response served before it, so that
		// what the provider has served but holds no voucher for is at most the response in flight. Requests
		// answered side by side would all be admitted on the same voucher amount, and a client that then closes
		// its channel would pay for none of them.
		if self.in_flight > 0 {
			return Err(ApiError {
				status: 429,
				kind: "requests",
				message: format!("a request on channel {} is being answered: send the next when it is done", chain.id),
			});
		}
		self.in_flight = self.in_flight.saturating_add(worst);
		self.latest = Some(voucher.clone());
		Ok(())
	}

	/// Charges a response of `prompt_tokens` and `completion_tokens` admitted with a reservation of `reserved`.
	pub fn charge(&mut self, prices: Prices, prompt_tokens: u64, completion_tokens: u64, reserved: u128) -> u128 {
		let cost = price(prompt_tokens, completion_tokens, prices.input, prices.output).unwrap_or(u128::MAX);
		self.in_flight = self.in_flight.saturating_sub(reserved);
		self.charged = self.charged.saturating_add(cost);
		cost
	}
}

/// What the gateway reads from the chain.
pub trait Chain: Send + Sync {
	/// `user`'s (SS58) channel to this provider.
	fn channel(&self, user: &str) -> Result<Option<ChannelView<u128, u32>>, String>;
	/// The service's prices now.
	fn prices(&self) -> Result<Prices, String>;
}

/// [`Chain`] through a node's JSON-RPC (`zgCompute_channel`, `zgCompute_services`).
pub struct NodeChain {
	/// The node's HTTP JSON-RPC URL.
	pub url: String,
	/// The provider (SS58).
	pub provider: String,
	/// The service this gateway serves.
	pub service: ServiceId,
}

fn decimal(v: &serde_json::Value, what: &str) -> Result<u128, String> {
	v.as_str().and_then(|s| s.parse().ok()).ok_or_else(|| format!("{what}: not a decimal string: {v}"))
}

impl Chain for NodeChain {
	fn channel(&self, user: &str) -> Result<Option<ChannelView<u128, u32>>, String> {
		let c = crate::http::json_rpc(&self.url, "zgCompute_channel", serde_json::json!([user, self.provider]), 1 << 16)?;
		if c.is_null() {
			return Ok(None);
		}
		let key = c["key"]
			.as_str()
			.and_then(|k| sp_core::bytes::from_hex(k).ok())
			.and_then(|k| <[u8; 32]>::try_from(k).ok())
			.ok_or("zgCompute_channel: key")?;
		Ok(Some(ChannelView {
			id: c["id"].as_u64().ok_or("zgCompute_channel: id")?,
			key,
			deposit: decimal(&c["deposit"], "deposit")?,
			redeemed: decimal(&c["redeemed"], "redeemed")?,
			nonce: c["nonce"].as_u64().ok_or("zgCompute_channel: nonce")?,
			refund_at: c["refundAt"].as_u64().map(|b| b as u32),
		}))
	}

	fn prices(&self) -> Result<Prices, String> {
		let services = crate::http::json_rpc(&self.url, "zgCompute_services", serde_json::json!([self.service]), 1 << 20)?;
		let service = services
			.as_array()
			.and_then(|all| all.iter().find(|s| s["id"].as_u64() == Some(u64::from(self.service))))
			.ok_or_else(|| format!("service {} is not on chain", self.service))?;
		if service["retired"].as_bool() == Some(true) {
			return Err(format!("service {} is retired", self.service));
		}
		Ok(Prices { input: decimal(&service["inputPrice"], "inputPrice")?, output: decimal(&service["outputPrice"], "outputPrice")? })
	}
}

/// What answers the requests.
pub enum Backend {
	/// The built-in n-gram model: tokens are bytes (`Tokenizer::Bytes`), so the chain can check counts.
	Builtin(crate::ngram::Model),
	/// An OpenAI-compatible server (llama.cpp's `llama-server`, vLLM, …) at `url` (its base, without `/v1`),
	/// serving `model`. Token counts are its `usage` (the model's own tokenizer: `Tokenizer::Model`); the service's
	/// weights hash is the one given to the gateway (the hash of the weights file the provider registered).
	Upstream {
		url: String,
		model: String,
		weights: H256,
	},
}

/// The most bytes an upstream answer may have.
const MAX_UPSTREAM_ANSWER: usize = 4 << 20;

/// A backend's answer: the text and the token counts charged.
struct Generated {
	text: Vec<u8>,
	prompt_tokens: u64,
	completion_tokens: u64,
}

impl Backend {
	fn weights(&self) -> H256 {
		match self {
			Backend::Builtin(model) => H256(model.weights_hash()),
			Backend::Upstream { weights, .. } => *weights,
		}
	}

	/// Answers `request` (`body`: the client's JSON). Upstream answers are asked for without streaming and with
	/// the request's limits; a failure is a 502.
	fn generate(&self, request: &Request, body: &[u8]) -> Result<Generated, ApiError> {
		match self {
			Backend::Builtin(model) => {
				let text = model.generate(&request.prompt, &request.sampling);
				Ok(Generated { prompt_tokens: request.prompt.len() as u64, completion_tokens: text.len() as u64, text })
			},
			Backend::Upstream { url, model, .. } => {
				let bad = |message: String| ApiError { status: 502, kind: "server_error", message: format!("the model backend: {message}") };
				let mut upstream: serde_json::Value = serde_json::from_slice(body).map_err(|e| bad(e.to_string()))?;
				upstream["model"] = model.clone().into();
				upstream["stream"] = false.into();
				upstream["max_tokens"] = request.sampling.max_tokens.into();
				if let Some(o) = upstream.as_object_mut() {
					o.remove("max_completion_tokens");
					o.remove("stream_options");
				}
				let path = match request.endpoint {
					Endpoint::Chat => "/v1/chat/completions",
					Endpoint::Completion => "/v1/completions",
				};
				let (code, answer) = crate::http::post(
					&format!("{}{path}", url.trim_end_matches('/')),
					"application/json",
					upstream.to_string().as_bytes(),
					MAX_UPSTREAM_ANSWER,
					std::time::Duration::from_secs(600),
				)
				.map_err(bad)?;
				if code != 200 {
					return Err(bad(format!("HTTP {code}: {}", String::from_utf8_lossy(&answer[..answer.len().min(512)]))));
				}
				let answer: serde_json::Value = serde_json::from_slice(&answer).map_err(|e| bad(format!("not JSON: {e}")))?;
				let choice = &answer["choices"][0];
				let text = match request.endpoint {
					Endpoint::Chat => choice["message"]["content"].as_str(),
					Endpoint::Completion => choice["text"].as_str(),
				}
				.ok_or_else(|| bad("no text in its answer".into()))?;
				let usage = &answer["usage"];
				let count = |field: &str| usage[field].as_u64().ok_or_else(|| bad(format!("no usage.{field} in its answer")));
				let completion_tokens = count("completion_tokens")?;
				if completion_tokens > request.sampling.max_tokens as u64 {
					return Err(bad(format!("{completion_tokens} completion tokens, over the request's max_tokens")));
				}
				Ok(Generated { text: text.as_bytes().to_vec(), prompt_tokens: count("prompt_tokens")?, completion_tokens })
			},
		}
	}
}

/// What a gateway serves and signs with.
pub struct Config {
	/// What answers.
	pub model: Backend,
	/// Its name, as clients ask for it.
	pub model_name: String,
	/// The service on chain.
	pub service: ServiceId,
	/// Signs response receipts (the provider's registered attestation key).
	pub attestation: ed25519::Pair,
	/// The chain's genesis hash (what vouchers and receipts are bound to).
	pub genesis: H256,
	/// The chain.
	pub chain: Box<dyn Chain>,
	/// Fault injection for tests: charge and sign one completion token more than produced (a provably wrong
	/// receipt, for dispute tests).
	pub tamper: bool,
}

/// The gateway: the model behind an OpenAI-compatible API, paid by vouchers.
pub struct Gateway {
	config: Config,
	weights: H256,
	ledgers: std::sync::Mutex<std::collections::HashMap<ChannelId, Ledger>>,
}

fn json_reply(code: u16, body: serde_json::Value) -> crate::http::Reply {
	crate::http::Reply {
		code,
		content_type: "application/json",
		headers: Vec::new(),
		body: crate::http::ReplyBody::Full(body.to_string().into_bytes()),
	}
}

fn error_reply(e: ApiError) -> crate::http::Reply {
	json_reply(e.status, e.body())
}

fn hex(bytes: &[u8]) -> String {
	format!("0x{}", bytes.iter().map(|b| format!("{b:02x}")).collect::<String>())
}

impl Gateway {
	pub fn new(config: Config) -> Self {
		let weights = config.model.weights();
		Self { config, weights, ledgers: Default::default() }
	}

	/// The weights hash of the model served (what the service registers).
	pub fn weights(&self) -> H256 {
		self.weights
	}

	/// The latest voucher of every channel that owes more than the chain has redeemed (what the provider redeems).
	pub fn vouchers(&self) -> Vec<Voucher> {
		let ledgers = self.ledgers.lock().unwrap_or_else(|e| e.into_inner());
		ledgers.values().filter_map(|l| l.latest.clone()).filter(|v| v.amount > 0).collect()
	}

	/// Answers one HTTP request.
	pub fn serve(&self, request: crate::http::Request) -> crate::http::Reply {
		let path = request.path.split('?').next().unwrap_or_default().to_string();
		match (request.method.as_str(), path.as_str()) {
			("GET", "/v1/models") => json_reply(
				200,
				serde_json::json!({
					"object": "list",
					"data": [{ "id": self.config.model_name, "object": "model", "created": 0, "owned_by": "zg",
						"zg": { "service": self.config.service, "weights": hex(self.weights.as_bytes()) } }],
				}),
			),
			("GET", "/zg/vouchers") => json_reply(
				200,
				serde_json::Value::Array(
					self.vouchers()
						.into_iter()
						.map(|v| serde_json::json!({ "user": v.user, "channel": v.channel, "amount": v.amount.to_string(), "nonce": v.nonce, "signature": hex(&v.signature) }))
						.collect(),
				),
			),
			("GET", "/zg/vouchers.scale") => {
				use codec::Encode;
				use sp_core::crypto::{AccountId32, Ss58Codec};
				let list: zg_primitives::compute::inference::VoucherList = self
					.vouchers()
					.into_iter()
					.filter_map(|v| {
						// Any SS58 prefix (zg's, 4200, is not in this process's registry).
						let (user, _) = AccountId32::from_ss58check_with_version(&v.user).ok()?;
						Some((*<AccountId32 as AsRef<[u8; 32]>>::as_ref(&user), v.channel, v.amount, v.nonce, v.signature))
					})
					.collect();
				crate::http::Reply {
					code: 200,
					content_type: "application/octet-stream",
					headers: Vec::new(),
					body: crate::http::ReplyBody::Full(list.encode()),
				}
			},
			("POST", "/v1/chat/completions") => self.complete(Endpoint::Chat, &request).unwrap_or_else(error_reply),
			("POST", "/v1/completions") => self.complete(Endpoint::Completion, &request).unwrap_or_else(error_reply),
			(_, "/v1/models" | "/zg/vouchers" | "/zg/vouchers.scale" | "/v1/chat/completions" | "/v1/completions") =>
				error_reply(ApiError { status: 405, kind: "invalid_request_error", message: format!("{} is not allowed here", request.method) }),
			_ => error_reply(ApiError { status: 404, kind: "invalid_request_error", message: format!("no route {path}") }),
		}
	}

	fn complete(&self, endpoint: Endpoint, request: &crate::http::Request) -> Result<crate::http::Reply, ApiError> {
		let request_hash = H256(sp_crypto_hashing::blake2_256(&request.body));
		let seed = u64::from_le_bytes(request_hash.0[..8].try_into().expect("8 bytes"));
		let parsed = parse(endpoint, &request.body, seed)?;
		if parsed.model != self.config.model_name {
			return Err(ApiError {
				status: 404,
				kind: "invalid_request_error",
				message: format!("the model `{}` does not exist here; this gateway serves `{}`", parsed.model, self.config.model_name),
			});
		}
		let voucher = Voucher::parse(request.header(VOUCHER_HEADER))?;
		let unavailable = |e: String| ApiError { status: 503, kind: "server_error", message: format!("the chain cannot be read: {e}") };
		let chain = self
			.config
			.chain
			.channel(&voucher.user)
			.map_err(unavailable)?
			.ok_or_else(|| ApiError::payment(format!("{} has no channel to this provider: open one with compute.fund_channel", voucher.user)))?;
		let prices = self.config.chain.prices().map_err(unavailable)?;
		let prompt_tokens = parsed.prompt.len() as u64;
		let max_tokens = parsed.sampling.max_tokens as u64;
		let reserved = price(prompt_tokens, max_tokens, prices.input, prices.output).unwrap_or(u128::MAX);
		self.ledgers
			.lock()
			.unwrap_or_else(|e| e.into_inner())
			.entry(chain.id)
			.or_default()
			.admit(&voucher, &chain, &self.config.genesis, prices, prompt_tokens, max_tokens)?;
		let charge = |prompt_tokens, completion_tokens| {
			self.ledgers
				.lock()
				.unwrap_or_else(|e| e.into_inner())
				.entry(chain.id)
				.or_default()
				.charge(prices, prompt_tokens, completion_tokens, reserved)
		};
		// A backend that panics must release the reservation too, or the channel would take no request again.
		let model = std::panic::AssertUnwindSafe(|| self.config.model.generate(&parsed, &request.body));
		let generated = std::panic::catch_unwind(model).unwrap_or_else(|_| {
			Err(ApiError { status: 500, kind: "server_error", message: "the model failed on this request".into() })
		});
		let generated = match generated {
			Ok(generated) => generated,
			Err(e) => {
				// Nothing was served: nothing is charged, and the reservation is released.
				charge(0, 0);
				return Err(e);
			},
		};
		// A backend never charges more prompt tokens than the prompt has bytes (the reservation's bound).
		let prompt_tokens = generated.prompt_tokens.min(prompt_tokens);
		let (completion, completion_tokens) = (generated.text, generated.completion_tokens + u64::from(self.config.tamper));
		let cost = charge(prompt_tokens, completion_tokens);
		let receipt = zg_primitives::compute::inference::ResponseReceipt {
			channel: chain.id,
			nonce: voucher.nonce,
			service: self.config.service,
			model: self.weights,
			request: request_hash,
			prompt: H256(sp_crypto_hashing::blake2_256(&parsed.prompt)),
			completion: H256(sp_crypto_hashing::blake2_256(&completion)),
			input_tokens: prompt_tokens as u32,
			output_tokens: completion_tokens as u32,
		};
		let signature = self.config.attestation.sign(&zg_primitives::compute::inference::receipt_message(&self.config.genesis, &receipt));
		let zg = serde_json::json!({
			"receipt": {
				"channel": receipt.channel, "nonce": receipt.nonce, "service": receipt.service,
				"model": hex(receipt.model.as_bytes()), "request": hex(receipt.request.as_bytes()),
				"prompt": hex(receipt.prompt.as_bytes()), "completion": hex(receipt.completion.as_bytes()),
				"inputTokens": receipt.input_tokens, "outputTokens": receipt.output_tokens,
			},
			"signature": hex(&signature.0),
			"cost": cost.to_string(),
			"prices": { "input": prices.input.to_string(), "output": prices.output.to_string() },
		});
		let text = String::from_utf8_lossy(&completion).into_owned();
		let finish = if completion_tokens >= max_tokens { "length" } else { "stop" };
		let usage = serde_json::json!({ "prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens, "total_tokens": prompt_tokens + completion_tokens });
		let id = format!("zg-{}", hex(&request_hash.0[..12]).trim_start_matches("0x"));
		let (object, chunk_object) = match endpoint {
			Endpoint::Chat => ("chat.completion", "chat.completion.chunk"),
			Endpoint::Completion => ("text_completion", "text_completion"),
		};
		let choice = move |text: &str, finish: Option<&str>, delta: bool| match (endpoint, delta) {
			(Endpoint::Chat, false) =>
				serde_json::json!({ "index": 0, "message": { "role": "assistant", "content": text }, "finish_reason": finish }),
			(Endpoint::Chat, true) => serde_json::json!({ "index": 0, "delta": { "content": text }, "finish_reason": finish }),
			(Endpoint::Completion, _) => serde_json::json!({ "index": 0, "text": text, "finish_reason": finish }),
		};
		if !parsed.stream {
			return Ok(json_reply(
				200,
				serde_json::json!({ "id": id, "object": object, "created": 0, "model": parsed.model,
					"choices": [choice(&text, Some(finish), false)], "usage": usage, "zg": zg }),
			));
		}
		// Server-sent events: the text in pieces of whole characters, then the finish with usage and the receipt.
		let model = parsed.model.clone();
		let pieces: Vec<String> = text.chars().collect::<Vec<_>>().chunks(16).map(|c| c.iter().collect()).collect();
		let write = move |sink: &mut crate::http::Sink| {
			let mut send = |value: serde_json::Value| sink(format!("data: {value}\n\n").as_bytes());
			for piece in &pieces {
				let chunk = serde_json::json!({ "id": id, "object": chunk_object, "created": 0, "model": model, "choices": [choice(piece, None, true)] });
				if send(chunk).is_err() {
					return;
				}
			}
			let last = serde_json::json!({ "id": id, "object": chunk_object, "created": 0, "model": model,
				"choices": [choice("", Some(finish), true)], "usage": usage, "zg": zg });
			if send(last).is_ok() {
				let _ = sink(b"data: [DONE]\n\n");
			}
		};
		Ok(crate::http::Reply {
			code: 200,
			content_type: "text/event-stream",
			headers: vec![("cache-control".into(), "no-cache".into())],
			body: crate::http::ReplyBody::Stream(Box::new(write)),
		})
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn chat(body: serde_json::Value) -> Result<Request, ApiError> {
		parse(Endpoint::Chat, body.to_string().as_bytes(), 42)
	}

	#[test]
	fn chats_render_to_one_prompt_and_requests_are_checked() {
		let r = chat(serde_json::json!({
			"model": "zg-ngram-1",
			"messages": [{ "role": "system", "content": "be brief" }, { "role": "user", "content": [{ "type": "text", "text": "hi" }] }],
			"max_tokens": 12, "temperature": 0, "stop": ["\n"], "stream": true
		}))
		.unwrap();
		assert_eq!(r.prompt, b"system: be brief\nuser: hi\nassistant:");
		assert_eq!((r.sampling.max_tokens, r.sampling.temperature, r.sampling.seed), (12, 0.0, 42));
		assert_eq!(r.sampling.stop, vec![b"\n".to_vec()]);
		assert!(r.stream);
		let completion = parse(Endpoint::Completion, br#"{"model":"m","prompt":"once","seed":7}"#, 1).unwrap();
		assert_eq!((completion.prompt.as_slice(), completion.sampling.seed, completion.sampling.max_tokens), (&b"once"[..], 7, DEFAULT_MAX_TOKENS));
		for bad in [
			serde_json::json!({ "messages": [{ "role": "user", "content": "x" }] }),
			serde_json::json!({ "model": "m", "messages": [] }),
			serde_json::json!({ "model": "m", "messages": [{ "role": "robot", "content": "x" }] }),
			serde_json::json!({ "model": "m", "messages": [{ "role": "user", "content": 5 }] }),
			serde_json::json!({ "model": "m", "messages": [{ "role": "user", "content": "x" }], "max_tokens": 0 }),
			serde_json::json!({ "model": "m", "messages": [{ "role": "user", "content": "x" }], "max_tokens": 100000 }),
			serde_json::json!({ "model": "m", "messages": [{ "role": "user", "content": "x" }], "temperature": 9 }),
			serde_json::json!({ "model": "m", "messages": [{ "role": "user", "content": "x" }], "stream": "yes" }),
		] {
			assert_eq!(chat(bad.clone()).unwrap_err().status, 400, "{bad}");
		}
		assert_eq!(parse(Endpoint::Chat, b"{not json", 0).unwrap_err().status, 400);
		assert_eq!(parse(Endpoint::Chat, &vec![b' '; MAX_BODY + 1], 0).unwrap_err().status, 413);
	}

	fn pair() -> ed25519::Pair {
		ed25519::Pair::from_seed(&[9; 32])
	}

	fn voucher(channel: ChannelId, amount: u128, nonce: u64) -> Voucher {
		let message = voucher_message(&H256::zero(), channel, amount, nonce);
		Voucher { user: "5x".into(), channel, amount, nonce, signature: pair().sign(&message).0 }
	}

	fn channel(deposit: u128) -> ChannelView<u128, u32> {
		ChannelView { id: 3, key: pair().public().0, deposit, redeemed: 0, nonce: 0, refund_at: None }
	}

	#[test]
	fn vouchers_parse_from_the_header() {
		let v = voucher(3, 1_000, 2);
		let sig: String = v.signature.iter().map(|b| format!("{b:02x}")).collect();
		let header = format!(r#"{{"user":"5x","channel":3,"amount":"1000","nonce":2,"signature":"0x{sig}"}}"#);
		assert_eq!(Voucher::parse(Some(&header)).unwrap(), v);
		assert!(v.verify(&H256::zero(), &pair().public().0));
		assert!(!v.verify(&H256::repeat_byte(1), &pair().public().0), "another chain");
		assert_eq!(Voucher::parse(None).unwrap_err().status, 402);
		for bad in ["x", r#"{"user":"5x","channel":3,"amount":"ten","nonce":2,"signature":"0x00"}"#, r#"{"channel":3}"#] {
			assert_eq!(Voucher::parse(Some(bad)).unwrap_err().status, 400, "{bad}");
		}
	}

	#[test]
	fn a_voucher_must_cover_what_was_charged_and_the_channel_the_worst_case() {
		let prices = Prices { input: 2, output: 3 };
		let chain = channel(1_000);
		let mut ledger = Ledger::default();
		// First request: 10 prompt tokens, up to 100 completion tokens: at most 320.
		ledger.admit(&voucher(3, 0, 1), &chain, &H256::zero(), prices, 10, 100).unwrap();
		assert_eq!(ledger.charge(prices, 10, 40, 320), 140);
		// The next voucher must owe the 140 charged.
		let short = ledger.admit(&voucher(3, 139, 2), &chain, &H256::zero(), prices, 10, 100).unwrap_err();
		assert_eq!(short.status, 402);
		assert!(short.message.contains("140 has been charged"), "{}", short.message);
		ledger.admit(&voucher(3, 140, 2), &chain, &H256::zero(), prices, 10, 100).unwrap();
		// A replayed nonce, a forged signature, another channel: refused.
		assert_eq!(ledger.admit(&voucher(3, 140, 2), &chain, &H256::zero(), prices, 1, 1).unwrap_err().status, 402);
		let mut forged = voucher(3, 140, 5);
		forged.amount = 150;
		assert!(ledger.admit(&forged, &chain, &H256::zero(), prices, 1, 1).unwrap_err().message.contains("signature"));
		assert!(ledger.admit(&voucher(4, 140, 6), &chain, &H256::zero(), prices, 1, 1).unwrap_err().message.contains("channel 4"));
		// While that request is answered, the next on the channel waits: a valid voucher is refused with 429.
		let busy = ledger.admit(&voucher(3, 140, 3), &chain, &H256::zero(), prices, 1, 1).unwrap_err();
		assert_eq!((busy.status, busy.kind), (429, "requests"), "{}", busy.message);
		// 140 charged + 320 reserved in flight: a request that may cost 600 more does not fit 1,000.
		let full = ledger.admit(&voucher(3, 140, 7), &chain, &H256::zero(), prices, 0, 200).unwrap_err();
		assert!(full.message.contains("exhausted"), "{}", full.message);
		// A channel being refunded takes nothing new.
		let refunding = ChannelView { refund_at: Some(9), ..channel(1_000) };
		assert!(Ledger::default().admit(&voucher(3, 0, 1), &refunding, &H256::zero(), prices, 1, 1).is_err());
		// What the chain has redeemed counts as charged, even for a gateway that restarted.
		let redeemed = ChannelView { redeemed: 500, nonce: 4, ..channel(1_000) };
		assert!(Ledger::default().admit(&voucher(3, 499, 5), &redeemed, &H256::zero(), prices, 1, 1).is_err());
		assert!(Ledger::default().admit(&voucher(3, 500, 4), &redeemed, &H256::zero(), prices, 1, 1).is_err(), "nonce");
		Ledger::default().admit(&voucher(3, 500, 5), &redeemed, &H256::zero(), prices, 1, 1).unwrap();
		// Once the response is charged, the next request is admitted on a voucher that covers it.
		ledger.charge(prices, 10, 0, 320);
		assert_eq!(ledger.admit(&voucher(3, 159, 3), &chain, &H256::zero(), prices, 1, 1).unwrap_err().status, 402);
		ledger.admit(&voucher(3, 160, 8), &chain, &H256::zero(), prices, 1, 1).unwrap();
	}

	#[test]
	fn requests_side_by_side_on_one_channel_cannot_share_a_voucher() {
		// The attack: a channel of 1,000, two requests at once that may cost 500 each, both on vouchers of 0.
		let prices = Prices { input: 0, output: 5 };
		let chain = channel(1_000);
		let mut ledger = Ledger::default();
		ledger.admit(&voucher(3, 0, 1), &chain, &H256::zero(), prices, 0, 100).unwrap();
		let second = ledger.admit(&voucher(3, 0, 2), &chain, &H256::zero(), prices, 0, 100).unwrap_err();
		assert_eq!(second.status, 429);
		assert_eq!(ledger.latest.as_ref().map(|v| v.nonce), Some(1), "the refused voucher is not kept");
		// The first response is charged: the next voucher must pay for it.
		assert_eq!(ledger.charge(prices, 0, 100, 500), 500);
		assert_eq!(ledger.admit(&voucher(3, 0, 2), &chain, &H256::zero(), prices, 0, 100).unwrap_err().status, 402);
		ledger.admit(&voucher(3, 500, 2), &chain, &H256::zero(), prices, 0, 100).unwrap();
	}

	struct FakeChain {
		channel: std::sync::Mutex<Option<ChannelView<u128, u32>>>,
	}

	impl Chain for FakeChain {
		fn channel(&self, user: &str) -> Result<Option<ChannelView<u128, u32>>, String> {
			Ok(if user == "5x" { self.channel.lock().unwrap().clone() } else { None })
		}
		fn prices(&self) -> Result<Prices, String> {
			Ok(Prices { input: 2, output: 3 })
		}
	}

	fn gateway(deposit: u128) -> Gateway {
		Gateway::new(Config {
			model: Backend::Builtin(crate::ngram::Model::train(b"the cat sat on the mat. the cat sat on the hat. the dog sat on the log.")),
			model_name: "zg-ngram-1".into(),
			service: 4,
			attestation: ed25519::Pair::from_seed(&[1; 32]),
			genesis: H256::zero(),
			chain: Box::new(FakeChain { channel: std::sync::Mutex::new(Some(channel(deposit))) }),
			tamper: false,
		})
	}

	fn post(path: &str, body: serde_json::Value, voucher: Option<&Voucher>) -> crate::http::Request {
		let headers = voucher
			.map(|v| {
				let header = serde_json::json!({ "user": v.user, "channel": v.channel, "amount": v.amount.to_string(), "nonce": v.nonce, "signature": hex(&v.signature) });
				vec![(VOUCHER_HEADER.to_string(), header.to_string())]
			})
			.unwrap_or_default();
		crate::http::Request { method: "POST".into(), path: path.into(), headers, body: body.to_string().into_bytes() }
	}

	fn body(reply: crate::http::Reply) -> (u16, serde_json::Value) {
		match reply.body {
			crate::http::ReplyBody::Full(bytes) => (reply.code, serde_json::from_slice(&bytes).unwrap()),
			crate::http::ReplyBody::Stream(_) => panic!("a streamed reply"),
		}
	}

	#[test]
	fn the_gateway_charges_per_token_signs_receipts_and_refuses_what_is_not_paid() {
		let g = gateway(2_000);
		let ask = serde_json::json!({ "model": "zg-ngram-1", "messages": [{ "role": "user", "content": "the cat" }], "max_tokens": 20, "temperature": 0 });
		let (code, first) = body(g.serve(post("/v1/chat/completions", ask.clone(), Some(&voucher(3, 0, 1)))));
		assert_eq!(code, 200, "{first}");
		let text = first["choices"][0]["message"]["content"].as_str().unwrap().to_string();
		let prompt = b"user: the cat\nassistant:";
		assert_eq!(first["usage"]["prompt_tokens"], prompt.len());
		assert_eq!(first["usage"]["completion_tokens"], text.len());
		let cost = 2 * prompt.len() as u128 + 3 * text.len() as u128;
		assert_eq!(first["zg"]["cost"], cost.to_string());
		// The receipt verifies under the attestation key and names the model's weights.
		let r = &first["zg"]["receipt"];
		let receipt = zg_primitives::compute::inference::ResponseReceipt {
			channel: 3,
			nonce: 1,
			service: 4,
			model: g.weights(),
			request: H256(sp_crypto_hashing::blake2_256(ask.to_string().as_bytes())),
			prompt: H256(sp_crypto_hashing::blake2_256(prompt)),
			completion: H256(sp_crypto_hashing::blake2_256(text.as_bytes())),
			input_tokens: prompt.len() as u32,
			output_tokens: text.len() as u32,
		};
		assert_eq!(r["model"], hex(g.weights().as_bytes()));
		let signature: Vec<u8> = sp_core::bytes::from_hex(first["zg"]["signature"].as_str().unwrap()).unwrap();
		assert!(ed25519::Pair::verify(
			&ed25519::Signature::from_raw(signature.try_into().unwrap()),
			zg_primitives::compute::inference::receipt_message(&H256::zero(), &receipt),
			&ed25519::Pair::from_seed(&[1; 32]).public()
		));
		// The next request must carry a voucher for what the first cost.
		let (code, short) = body(g.serve(post("/v1/chat/completions", ask.clone(), Some(&voucher(3, cost - 1, 2)))));
		assert_eq!(code, 402, "{short}");
		let (code, _) = body(g.serve(post("/v1/chat/completions", ask.clone(), Some(&voucher(3, cost, 2)))));
		assert_eq!(code, 200);
		assert_eq!(g.vouchers().iter().map(|v| (v.amount, v.nonce)).collect::<Vec<_>>(), vec![(cost, 2)]);
		// No voucher, an unknown user, another model, a malformed body: clear errors, no panic.
		assert_eq!(body(g.serve(post("/v1/chat/completions", ask.clone(), None))).0, 402);
		let stranger = Voucher { user: "5y".into(), ..voucher(3, cost * 2, 3) };
		let (code, no_channel) = body(g.serve(post("/v1/chat/completions", ask.clone(), Some(&stranger))));
		assert_eq!(code, 402);
		assert!(no_channel["error"]["message"].as_str().unwrap().contains("no channel"));
		let other = serde_json::json!({ "model": "gpt-4", "prompt": "x" });
		assert_eq!(body(g.serve(post("/v1/completions", other, Some(&voucher(3, cost * 2, 3))))).0, 404);
		let garbage = crate::http::Request { method: "POST".into(), path: "/v1/completions".into(), headers: vec![], body: b"\xff\x00".to_vec() };
		assert_eq!(body(g.serve(garbage)).0, 400);
		assert_eq!(body(g.serve(crate::http::Request { method: "GET".into(), path: "/v1/chat/completions".into(), headers: vec![], body: vec![] })).0, 405);
		let (code, models) = body(g.serve(crate::http::Request { method: "GET".into(), path: "/v1/models".into(), headers: vec![], body: vec![] }));
		assert_eq!((code, models["data"][0]["id"].as_str()), (200, Some("zg-ngram-1")));
	}

	#[test]
	fn an_exhausted_channel_gets_402_before_any_work() {
		// 100 planck cannot pay a 25-token prompt and 20 completion tokens (2 × 25 + 3 × 20 = 110).
		let g = gateway(100);
		let ask = serde_json::json!({ "model": "zg-ngram-1", "messages": [{ "role": "user", "content": "the cat" }], "max_tokens": 20 });
		let (code, error) = body(g.serve(post("/v1/chat/completions", ask, Some(&voucher(3, 0, 1)))));
		assert_eq!(code, 402);
		assert_eq!(error["error"]["type"], "insufficient_quota");
		assert!(error["error"]["message"].as_str().unwrap().contains("exhausted"));
	}

	#[test]
	fn streams_are_server_sent_events_ending_with_usage_and_the_receipt() {
		let g = gateway(10_000);
		let ask = serde_json::json!({ "model": "zg-ngram-1", "prompt": "the dog", "max_tokens": 40, "temperature": 0, "stream": true });
		let reply = g.serve(post("/v1/completions", ask, Some(&voucher(3, 0, 1))));
		assert_eq!((reply.code, reply.content_type), (200, "text/event-stream"));
		let crate::http::ReplyBody::Stream(write) = reply.body else { panic!("not streamed") };
		let mut out = Vec::new();
		write(&mut |piece: &[u8]| {
			out.extend_from_slice(piece);
			Ok(())
		});
		let out = String::from_utf8(out).unwrap();
		assert!(out.ends_with("data: [DONE]\n\n"), "{out}");
		let events: Vec<serde_json::Value> = out
			.split("\n\n")
			.filter_map(|e| e.strip_prefix("data: "))
			.filter(|e| *e != "[DONE]")
			.map(|e| serde_json::from_str(e).unwrap())
			.collect();
		let text: String = events.iter().map(|e| e["choices"][0]["text"].as_str().unwrap_or_default()).collect();
		let last = events.last().unwrap();
		assert_eq!(last["usage"]["completion_tokens"], text.len());
		assert!(last["zg"]["signature"].as_str().unwrap().len() == 130);
	}

	#[test]
	fn an_upstream_openai_server_answers_and_its_usage_is_charged() {
		let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
		let url = format!("http://{}", listener.local_addr().unwrap());
		let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
		let log = seen.clone();
		std::thread::spawn(move || {
			crate::http::serve(listener, 1, 1 << 20, move |request| {
				let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
				log.lock().unwrap().push((request.path.clone(), body.clone()));
				let answer = if body["messages"][0]["content"] == "fail" {
					return crate::http::Response { code: 500, content_type: "text/plain", body: b"out of memory".to_vec() };
				} else {
					serde_json::json!({ "choices": [{ "message": { "role": "assistant", "content": "Bonjour !" } }],
						"usage": { "prompt_tokens": 7, "completion_tokens": 3 } })
				};
				crate::http::Response { code: 200, content_type: "application/json", body: answer.to_string().into_bytes() }
			})
		});
		let weights = H256::repeat_byte(0x11);
		let g = Gateway::new(Config {
			model: Backend::Upstream { url, model: "llama-3.2-1b".into(), weights },
			model_name: "llama".into(),
			service: 4,
			attestation: ed25519::Pair::from_seed(&[1; 32]),
			genesis: H256::zero(),
			chain: Box::new(FakeChain { channel: std::sync::Mutex::new(Some(channel(100_000))) }),
			tamper: false,
		});
		let ask = serde_json::json!({ "model": "llama", "messages": [{ "role": "user", "content": "say hello in French" }],
			"max_tokens": 16, "stream": true });
		let reply = g.serve(post("/v1/chat/completions", ask, Some(&voucher(3, 0, 1))));
		assert_eq!(reply.code, 200);
		let crate::http::ReplyBody::Stream(write) = reply.body else { panic!("streamed to the client") };
		let mut out = Vec::new();
		write(&mut |piece: &[u8]| {
			out.extend_from_slice(piece);
			Ok(())
		});
		let out = String::from_utf8(out).unwrap();
		assert!(out.contains("Bonjour !"), "{out}");
		assert!(out.contains(r#""cost":"23""#), "7 × 2 + 3 × 3 = 23: {out}");
		assert!(out.contains(&hex(weights.as_bytes())), "the receipt names the registered weights");
		// The upstream was asked for its own model, without streaming, with the request's limit.
		let (path, sent) = seen.lock().unwrap()[0].clone();
		assert_eq!(path, "/v1/chat/completions");
		assert_eq!((sent["model"].as_str(), sent["stream"].as_bool(), sent["max_tokens"].as_u64()), (Some("llama-3.2-1b"), Some(false), Some(16)));
		// A failing backend is a 502 and charges nothing: the next voucher still owes only the 23.
		let fail = serde_json::json!({ "model": "llama", "messages": [{ "role": "user", "content": "fail" }], "max_tokens": 16 });
		let (code, error) = body(g.serve(post("/v1/chat/completions", fail, Some(&voucher(3, 23, 2)))));
		assert_eq!(code, 502, "{error}");
		let again = serde_json::json!({ "model": "llama", "messages": [{ "role": "user", "content": "hi" }], "max_tokens": 16 });
		assert_eq!(body(g.serve(post("/v1/chat/completions", again, Some(&voucher(3, 23, 3))))).0, 200);
	}
}
