//! `zg-node storage upload|download|info`: a client of a running node's `zgStorage_*` and Substrate RPC.
//!
//! `upload` computes the file root (the same `zg_primitives::storage::merkle_root` the chain and the node use),
//! sends the file to a storage-provider node in chunks, pays with a signed `storage.submit_file(root, size,
//! periods)` and waits until the file is encoded or stored. `download` reads a file from any node (which fetches
//! and rebuilds it from providers) and checks its root before writing it. Progress goes to stderr; the result
//! (the root, the path written, the file record) to stdout.

use std::{
	io::{Read, Write},
	net::TcpStream,
	path::PathBuf,
	time::{Duration, Instant},
};

use codec::Encode;
use serde_json::{json, Value};
use sp_core::{bytes::from_hex, bytes::to_hex, crypto::Ss58Codec, Pair, H256};
use sp_runtime::{generic::Era, SaturatedConversion};
use zg_primitives::{storage::merkle_root, AccountId};

/// Bytes per upload and download call.
const CHUNK: usize = 1024 * 1024;

/// When `upload` returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum WaitFor {
	/// As soon as the fee transaction is in the pool.
	None,
	/// Once a provider has encoded the file and confirmed its shard roots.
	Encoded,
	/// Once every provider has acknowledged its shard.
	Stored,
}

/// The storage client.
#[derive(Debug, clap::Subcommand)]
pub enum StorageCmd {
	/// Upload a file to a storage-provider node and pay for storing it.
	Upload(UploadCmd),
	/// Download a stored file from any node.
	Download(DownloadCmd),
	/// Show a file's on-chain record.
	Info(InfoCmd),
}

/// `zg-node storage upload`.
#[derive(Debug, clap::Parser)]
pub struct UploadCmd {
	/// The file to store.
	pub file: PathBuf,
	/// RPC endpoint of a storage-provider node (http:// or ws://).
	#[arg(long, default_value = "http://127.0.0.1:9944")]
	pub rpc: String,
	/// Secret URI of the paying account (e.g. `//Alice` or a mnemonic).
	#[arg(long, default_value = "//Alice")]
	pub suri: String,
	/// Challenge rounds to pay for.
	#[arg(long, default_value_t = 24)]
	pub periods: u32,
	/// What to wait for before returning.
	#[arg(long, value_enum, default_value_t = WaitFor::Stored)]
	pub wait: WaitFor,
	/// Seconds to wait at most.
	#[arg(long, default_value_t = 600)]
	pub timeout: u64,
}

/// `zg-node storage download`.
#[derive(Debug, clap::Parser)]
pub struct DownloadCmd {
	/// The file root (0x… hex).
	pub root: H256,
	/// Where to write the file.
	#[arg(long)]
	pub out: PathBuf,
	/// RPC endpoint of any node (http:// or ws://).
	#[arg(long, default_value = "http://127.0.0.1:9944")]
	pub rpc: String,
}

/// `zg-node storage info`.
#[derive(Debug, clap::Parser)]
pub struct InfoCmd {
	/// The file root (0x… hex).
	pub root: H256,
	/// RPC endpoint of any node (http:// or ws://).
	#[arg(long, default_value = "http://127.0.0.1:9944")]
	pub rpc: String,
}

impl StorageCmd {
	/// Runs the command.
	pub fn run(&self) -> Result<(), String> {
		match self {
			StorageCmd::Upload(cmd) => cmd.run(),
			StorageCmd::Download(cmd) => cmd.run(),
			StorageCmd::Info(cmd) => {
				let rpc = Rpc::new(&cmd.rpc)?;
				let info = rpc.call("zgStorage_fileInfo", json!([cmd.root]))?;
				if info.is_null() {
					return Err(format!("no file with root {:?} on chain", cmd.root));
				}
				println!("{}", serde_json::to_string_pretty(&info).map_err(|e| e.to_string())?);
				Ok(())
			},
		}
	}
}

impl UploadCmd {
	fn run(&self) -> Result<(), String> {
		let rpc = Rpc::new(&self.rpc)?;
		let pair = sp_core::sr25519::Pair::from_string(&self.suri, None)
			.map_err(|e| format!("invalid --suri: {e:?}"))?;
		let who = AccountId::from(pair.public());
		let data = std::fs::read(&self.file).map_err(|e| format!("{}: {e}", self.file.display()))?;
		let size = data.len() as u64;
		eprintln!("{}: {} bytes", self.file.display(), size);
		let started = Instant::now();
		let root = merkle_root(&data);
		eprintln!("root {root:?} (hashed in {:.1} s)", started.elapsed().as_secs_f64());

		let existing = rpc.call("zgStorage_fileInfo", json!([root]))?;
		let id = rpc.call("zgStorage_uploadBegin", json!([size]))?.as_u64().ok_or("bad upload id")?;
		let started = Instant::now();
		let mut sent = 0usize;
		for chunk in data.chunks(CHUNK) {
			rpc.call("zgStorage_uploadChunk", json!([id, sent, to_hex(chunk, false)]))?;
			sent += chunk.len();
			progress("upload", sent as u64, size, started);
		}
		eprintln!();
		let receipt = rpc.call("zgStorage_uploadFinish", json!([id, root]))?;
		eprintln!(
			"uploaded in {:.1} s; fee per round {} planck",
			started.elapsed().as_secs_f64(),
			receipt.get("feePerPeriod").and_then(Value::as_str).unwrap_or("?")
		);

		if existing.is_null() {
			let nonce = rpc
				.call("system_accountNextIndex", json!([who.to_ss58check()]))?
				.as_u64()
				.ok_or("bad nonce")? as zg_primitives::Nonce;
			let call = zg_runtime::RuntimeCall::Storage(pallet_zg_storage::Call::submit_file {
				root,
				size,
				periods: self.periods,
			});
			let context = SigningContext::fetch(&rpc)?;
			let xt = context.sign(&pair, call, nonce);
			let hash = rpc.call("author_submitExtrinsic", json!([to_hex(&xt.encode(), false)]))?;
			eprintln!("submit_file sent: {hash}");
			let xt_hash = xt.using_encoded(sp_io::hashing::blake2_256);
			self.wait_on_chain(&rpc, root, &who, nonce).map_err(|e| match failure_reason(&rpc, xt_hash) {
				Some(reason) => format!("{e}: {reason}"),
				None => e,
			})?;
		} else {
			eprintln!("the chain already knows this file; not paying again");
		}
		println!("{root:?}");
		Ok(())
	}

	fn wait_on_chain(&self, rpc: &Rpc, root: H256, who: &AccountId, nonce: u32) -> Result<(), String> {
		let deadline = Instant::now() + Duration::from_secs(self.timeout);
		let mut last_state = String::new();
		// Consecutive polls that saw the transaction included but no file.
		let mut missing = 0;
		loop {
			// The nonce in the best block's state (not the pool's next index): past ours means the transaction
			// was included. It is read before the file, so the file is read at that block or a later one.
			let reply =
				rpc.call("state_call", json!(["AccountNonceApi_account_nonce", to_hex(&who.encode(), false)]))?;
			let bytes = from_hex(reply.as_str().unwrap_or_default()).map_err(|e| e.to_string())?;
			let included = <zg_primitives::Nonce as codec::Decode>::decode(&mut &bytes[..])
				.map_err(|e| format!("bad account nonce: {e}"))? >
				nonce;
			let info = rpc.call("zgStorage_fileInfo", json!([root]))?;
			if info.is_null() {
				// Twice in a row, so a switch between forks in between cannot fool it.
				missing = if included { missing + 1 } else { 0 };
				if missing >= 2 {
					return Err("submit_file was included but failed: the chain did not store the file".into());
				}
			} else {
				missing = 0;
				let state = info.get("state").and_then(Value::as_str).unwrap_or_default().to_string();
				let acked = info
					.get("shards")
					.and_then(Value::as_array)
					.map(|s| s.iter().filter(|s| s["acknowledged"].as_bool() == Some(true)).count())
					.unwrap_or_default();
				let total = info.get("shards").and_then(Value::as_array).map(Vec::len).unwrap_or_default();
				let line = format!("{state} ({acked}/{total} shards acknowledged)");
				if line != last_state {
					eprintln!("file {line}");
					last_state = line;
				}
				let done = match self.wait {
					WaitFor::None => true,
					WaitFor::Encoded => state == "encoded" || state == "stored",
					WaitFor::Stored => state == "stored",
				};
				if done {
					return Ok(());
				}
			}
			if self.wait == WaitFor::None && !info.is_null() {
				return Ok(());
			}
			if Instant::now() > deadline {
				return Err(format!("timed out waiting for the file to be {:?}", self.wait));
			}
			std::thread::sleep(Duration::from_millis(1000));
		}
	}
}

/// Why extrinsic `xt_hash` failed, from the events of the block that includes it (the best block or one of its
/// 32 ancestors); `None` if it is not found there or did not fail.
fn failure_reason(rpc: &Rpc, xt_hash: [u8; 32]) -> Option<String> {
	use codec::Decode;
	type Events = Vec<frame_system::EventRecord<zg_runtime::RuntimeEvent, H256>>;
	let events_key = [sp_io::hashing::twox_128(b"System"), sp_io::hashing::twox_128(b"Events")].concat();
	let mut hash = rpc.call("chain_getBlockHash", json!([])).ok()?.as_str()?.to_string();
	for _ in 0..33 {
		let block = rpc.call("chain_getBlock", json!([hash])).ok()?;
		let extrinsics = block["block"]["extrinsics"].as_array()?;
		let index = extrinsics.iter().position(|xt| {
			xt.as_str().and_then(|hex| from_hex(hex).ok()).is_some_and(|bytes| sp_io::hashing::blake2_256(&bytes) == xt_hash)
		});
		if let Some(index) = index {
			let raw = rpc.call("state_getStorage", json!([to_hex(&events_key, false), hash])).ok()?;
			let events = Events::decode(&mut &from_hex(raw.as_str()?).ok()?[..]).ok()?;
			return events.into_iter().find_map(|record| match (record.phase, record.event) {
				(
					frame_system::Phase::ApplyExtrinsic(i),
					zg_runtime::RuntimeEvent::System(frame_system::Event::ExtrinsicFailed { dispatch_error, .. }),
				) if i as usize == index => Some(match zg_runtime::RuntimeError::from_dispatch_error(dispatch_error) {
					Some(error) => format!("{error:?}"),
					None => format!("{dispatch_error:?}"),
				}),
				_ => None,
			});
		}
		hash = block["block"]["header"]["parentHash"].as_str()?.to_string();
	}
	None
}

impl DownloadCmd {
	fn run(&self) -> Result<(), String> {
		let rpc = Rpc::new(&self.rpc)?;
		let info = rpc.call("zgStorage_fileInfo", json!([self.root]))?;
		if info.is_null() {
			return Err(format!("no file with root {:?} on chain", self.root));
		}
		let size = info.get("size").and_then(Value::as_u64).ok_or("bad fileInfo")?;
		let started = Instant::now();
		let mut data = Vec::with_capacity(size as usize);
		while (data.len() as u64) < size {
			let bytes = rpc.call("zgStorage_download", json!([self.root, data.len(), CHUNK]))?;
			let bytes = from_hex(bytes.as_str().ok_or("bad download reply")?).map_err(|e| e.to_string())?;
			if bytes.is_empty() {
				return Err("the node returned no data".into());
			}
			data.extend_from_slice(&bytes);
			progress("download", data.len() as u64, size, started);
		}
		eprintln!();
		let root = merkle_root(&data);
		if root != self.root {
			return Err(format!("downloaded data has root {root:?}, not {:?}", self.root));
		}
		std::fs::write(&self.out, &data).map_err(|e| format!("{}: {e}", self.out.display()))?;
		eprintln!("verified root; {} bytes in {:.1} s", size, started.elapsed().as_secs_f64());
		println!("{}", self.out.display());
		Ok(())
	}
}

/// What a signature commits to besides the call: the chain's genesis, runtime version and current block.
struct SigningContext {
	genesis: H256,
	best_hash: H256,
	best_number: u32,
	spec_version: u32,
	transaction_version: u32,
}

impl SigningContext {
	fn fetch(rpc: &Rpc) -> Result<Self, String> {
		let hash = |v: Value| -> Result<H256, String> {
			let s = v.as_str().ok_or("bad hash")?;
			let bytes = from_hex(s).map_err(|e| e.to_string())?;
			if bytes.len() != 32 {
				return Err("bad hash length".into());
			}
			Ok(H256::from_slice(&bytes))
		};
		let genesis = hash(rpc.call("chain_getBlockHash", json!([0]))?)?;
		let header = rpc.call("chain_getHeader", json!([]))?;
		let best_number = header
			.get("number")
			.and_then(Value::as_str)
			.and_then(|n| u32::from_str_radix(n.trim_start_matches("0x"), 16).ok())
			.ok_or("bad header")?;
		let best_hash = hash(rpc.call("chain_getBlockHash", json!([best_number]))?)?;
		let version = rpc.call("state_getRuntimeVersion", json!([]))?;
		let number = |key: &str| version.get(key).and_then(Value::as_u64).map(|v| v as u32);
		Ok(Self {
			genesis,
			best_hash,
			best_number,
			spec_version: number("specVersion").ok_or("bad runtime version")?,
			transaction_version: number("transactionVersion").ok_or("bad runtime version")?,
		})
	}

	fn sign(
		&self,
		pair: &sp_core::sr25519::Pair,
		call: zg_runtime::RuntimeCall,
		nonce: zg_primitives::Nonce,
	) -> zg_runtime::UncheckedExtrinsic {
		crate::benchmarking::sign_extrinsic(
			pair,
			call,
			nonce,
			Era::mortal(256, self.best_number.saturated_into()),
			self.best_hash,
			self.genesis,
			self.spec_version,
			self.transaction_version,
		)
	}
}

fn progress(label: &str, done: u64, total: u64, started: Instant) {
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

/// A minimal JSON-RPC-over-HTTP/1.1 client (one connection per call) for the node's RPC port.
struct Rpc {
	host: String,
	path: String,
}

impl Rpc {
	fn new(url: &str) -> Result<Self, String> {
		let rest = url
			.strip_prefix("http://")
			.or_else(|| url.strip_prefix("ws://"))
			.ok_or_else(|| format!("{url}: only http:// and ws:// endpoints are supported"))?;
		let (host, path) = match rest.find('/') {
			Some(i) => (&rest[..i], &rest[i..]),
			None => (rest, "/"),
		};
		Ok(Self { host: host.to_string(), path: path.to_string() })
	}

	fn call(&self, method: &str, params: Value) -> Result<Value, String> {
		let body = json!({ "jsonrpc": "2.0", "id": 1, "method": method, "params": params }).to_string();
		let mut stream =
			TcpStream::connect(&self.host).map_err(|e| format!("cannot reach {}: {e}", self.host))?;
		let request = format!(
			"POST {} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
			self.path,
			self.host,
			body.len()
		);
		stream
			.write_all(request.as_bytes())
			.and_then(|_| stream.write_all(body.as_bytes()))
			.map_err(|e| format!("{method}: {e}"))?;
		let mut response = Vec::new();
		stream.read_to_end(&mut response).map_err(|e| format!("{method}: {e}"))?;
		let split = response
			.windows(4)
			.position(|w| w == b"\r\n\r\n")
			.ok_or_else(|| format!("{method}: malformed HTTP response"))?;
		let head = String::from_utf8_lossy(&response[..split]).to_ascii_lowercase();
		let mut body = response[split + 4..].to_vec();
		if head.contains("transfer-encoding: chunked") {
			body = dechunk(&body).ok_or_else(|| format!("{method}: malformed chunked body"))?;
		}
		let reply: Value = serde_json::from_slice(&body)
			.map_err(|e| format!("{method}: not JSON ({e}): {}", String::from_utf8_lossy(&body)))?;
		if let Some(error) = reply.get("error") {
			return Err(format!(
				"{method}: {} (code {})",
				error.get("message").and_then(Value::as_str).unwrap_or("error"),
				error.get("code").map(|c| c.to_string()).unwrap_or_default()
			));
		}
		reply.get("result").cloned().ok_or_else(|| format!("{method}: reply without result"))
	}
}

fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
	let mut out = Vec::new();
	loop {
		let line_end = body.windows(2).position(|w| w == b"\r\n")?;
		let len_hex = std::str::from_utf8(&body[..line_end]).ok()?;
		let len = usize::from_str_radix(len_hex.split(';').next()?.trim(), 16).ok()?;
		body = body.get(line_end + 2..)?;
		if len == 0 {
			return Some(out);
		}
		out.extend_from_slice(body.get(..len)?);
		body = body.get(len + 2..)?;
	}
}
