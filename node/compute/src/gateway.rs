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

use sp_core::{ed25519, Pair as _, H256};
use zg_primitives::compute::inference::{price, voucher_message, ChannelId, ChannelView};

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
	}
}
