//! The inference gateway's overhead beside its backend, in one run (`cargo bench -p zg-node-compute --bench gateway`,
//! or `scripts/bench-compute.sh`). The same chat requests (the built-in `zg-ngram-1`, 64 completion tokens,
//! temperature 0, one client at a time) are answered four ways:
//! - by the model alone, in process (the backend's own cost);
//! - by the gateway in process: request parsing, the voucher's signature and the channel's accounting, the model,
//!   the receipt's hashes and signature, the JSON answer;
//! - by a bare OpenAI-style HTTP server on loopback that only runs the model (the backend as a provider would run it
//!   without zg);
//! - by the gateway on loopback, each request with its voucher header (what a user reaches).
//!
//! Each is the mean time per request of the best of three rounds; the gateway is reported beside the backend of the
//! same transport, as a ratio. The chain is a fixed channel here: the gateway reads it through the node's JSON-RPC,
//! whose cost is the node's (see `zgCompute_channel`), not the gateway's.

use std::{
	net::TcpListener,
	time::{Duration, Instant},
};

use sp_core::{ed25519, Pair as _, H256};
use zg_node_compute::{
	gateway::{self, Backend, Chain, Config, Endpoint, Gateway, Prices, VOUCHER_HEADER},
	http, ngram,
};
use zg_primitives::compute::inference::{voucher_message, ChannelView};

const REQUESTS: usize = 200;
const ROUNDS: usize = 3;
const MAX_TOKENS: usize = 64;
const USER: &str = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
const PRICES: Prices = Prices { input: 1_000, output: 3_000 };

/// One funded channel of `USER`, paid with `key`'s vouchers.
struct OneChannel {
	key: [u8; 32],
}

impl Chain for OneChannel {
	fn channel(&self, user: &str) -> Result<Option<ChannelView<u128, u32>>, String> {
		Ok((user == USER).then(|| ChannelView { id: 1, key: self.key, deposit: u128::MAX >> 8, redeemed: 0, nonce: 0, refund_at: None }))
	}
	fn prices(&self) -> Result<Prices, String> {
		Ok(PRICES)
	}
}

fn body(i: usize) -> Vec<u8> {
	serde_json::json!({
		"model": "zg-ngram-1",
		"messages": [{ "role": "user", "content": format!("question {i}: what does the storage network keep?") }],
		"max_tokens": MAX_TOKENS,
		"temperature": 0,
	})
	.to_string()
	.into_bytes()
}

/// The user's side: signs each request's voucher for everything charged so far.
struct Payer {
	key: ed25519::Pair,
	owed: u128,
	nonce: u64,
}

impl Payer {
	fn header(&mut self) -> String {
		self.nonce += 1;
		let signature = self.key.sign(&voucher_message(&H256::zero(), 1, self.owed, self.nonce));
		let hex: String = signature.0.iter().map(|b| format!("{b:02x}")).collect();
		serde_json::json!({ "user": USER, "channel": 1, "amount": self.owed.to_string(), "nonce": self.nonce, "signature": format!("0x{hex}") })
			.to_string()
	}

	/// Reads the answer's cost (what the next voucher owes) and returns its text's length.
	fn paid(&mut self, code: u16, answer: &[u8]) -> usize {
		assert_eq!(code, 200, "{}", String::from_utf8_lossy(answer));
		let answer: serde_json::Value = serde_json::from_slice(answer).expect("JSON answer");
		self.owed += answer["zg"]["cost"].as_str().and_then(|c| c.parse::<u128>().ok()).expect("cost");
		answer["choices"][0]["message"]["content"].as_str().expect("text").len()
	}
}

/// The mean seconds per request of the best of [`ROUNDS`] rounds of [`REQUESTS`] requests.
fn time(mut answer: impl FnMut(usize) -> usize) -> f64 {
	let mut produced = 0;
	let best = (0..ROUNDS)
		.map(|round| {
			let started = Instant::now();
			for i in 0..REQUESTS {
				produced += std::hint::black_box(answer(round * REQUESTS + i));
			}
			started.elapsed().as_secs_f64() / REQUESTS as f64
		})
		.fold(f64::INFINITY, f64::min);
	assert!(produced > 0, "the model produced text");
	best
}

fn listen(serve: impl Fn(http::Request) -> http::Reply + Send + Sync + 'static) -> String {
	let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
	let url = format!("http://{}", listener.local_addr().expect("address"));
	std::thread::spawn(move || http::serve_replies(listener, 2, gateway::MAX_BODY, serve));
	url
}

fn post(url: &str, headers: &[(&str, &str)], body: &[u8]) -> (u16, Vec<u8>) {
	http::post_with(&format!("{url}/v1/chat/completions"), "application/json", headers, body, 1 << 20, Duration::from_secs(30))
		.expect("loopback request")
}

/// The bare backend: the model behind an OpenAI-style chat endpoint, no vouchers, no receipts.
fn bare(model: &ngram::Model, request: &http::Request) -> http::Reply {
	let parsed = gateway::parse(Endpoint::Chat, &request.body, 0).expect("a valid request");
	let text = model.generate(&parsed.prompt, &parsed.sampling);
	let answer = serde_json::json!({
		"object": "chat.completion", "model": parsed.model,
		"choices": [{ "index": 0, "message": { "role": "assistant", "content": String::from_utf8_lossy(&text) }, "finish_reason": "length" }],
		"usage": { "prompt_tokens": parsed.prompt.len(), "completion_tokens": text.len() },
	});
	http::Reply { code: 200, content_type: "application/json", headers: Vec::new(), body: http::ReplyBody::Full(answer.to_string().into_bytes()) }
}

fn main() {
	let model = ngram::Model::builtin();
	let channel_key = ed25519::Pair::from_seed(&[7; 32]);
	let new_gateway = || {
		Gateway::new(Config {
			model: Backend::Builtin(ngram::Model::builtin()),
			model_name: "zg-ngram-1".into(),
			service: 0,
			attestation: ed25519::Pair::from_seed(&[1; 32]),
			genesis: H256::zero(),
			chain: Box::new(OneChannel { key: channel_key.public().0 }),
			tamper: false,
		})
	};

	// The model alone, on the prompt the gateway renders for the same request.
	let alone = time(|i| {
		let parsed = gateway::parse(Endpoint::Chat, &body(i), 0).expect("request");
		model.generate(&parsed.prompt, &parsed.sampling).len()
	});

	let in_process = new_gateway();
	let mut payer = Payer { key: channel_key.clone(), owed: 0, nonce: 0 };
	let gateway_in_process = time(|i| {
		let request = http::Request {
			method: "POST".into(),
			path: "/v1/chat/completions".into(),
			headers: vec![(VOUCHER_HEADER.into(), payer.header())],
			body: body(i),
		};
		let reply = in_process.serve(request);
		let http::ReplyBody::Full(answer) = reply.body else { panic!("not streamed") };
		payer.paid(reply.code, &answer)
	});

	let bare_url = {
		let model = ngram::Model::builtin();
		listen(move |request| bare(&model, &request))
	};
	let bare_http = time(|i| {
		let (code, answer) = post(&bare_url, &[], &body(i));
		assert_eq!(code, 200);
		answer.len()
	});

	let gateway_url = {
		let gateway = new_gateway();
		listen(move |request| gateway.serve(request))
	};
	let mut payer = Payer { key: channel_key, owed: 0, nonce: 0 };
	let gateway_http = time(|i| {
		let header = payer.header();
		let (code, answer) = post(&gateway_url, &[(VOUCHER_HEADER, &header)], &body(i));
		payer.paid(code, &answer)
	});

	let us = |s: f64| s * 1e6;
	println!("inference gateway, zg-ngram-1, {MAX_TOKENS} completion tokens, {REQUESTS} requests x best of {ROUNDS}, one client:");
	println!("  model alone (in process)      {:>9.1} us/request", us(alone));
	println!(
		"  gateway (in process)          {:>9.1} us/request  {:.2}x the model alone (+{:.1} us: voucher, ledger, receipt)",
		us(gateway_in_process),
		gateway_in_process / alone,
		us(gateway_in_process - alone)
	);
	println!("  bare model server (loopback)  {:>9.1} us/request  {:>8.0} requests/s", us(bare_http), 1.0 / bare_http);
	println!(
		"  gateway (loopback)            {:>9.1} us/request  {:>8.0} requests/s  {:.2}x the bare server",
		us(gateway_http),
		1.0 / gateway_http,
		gateway_http / bare_http
	);
}
