//! `zg-node storage root|upload|download|info`: the storage network's client. `root` works offline; the others
//! are clients of a running node's `zgStorage_*` and Substrate RPC, over jsonrpsee's HTTP or WebSocket client.
//!
//! `root` prints a file's root as 0G's storage client computes it (`zg_primitives::storage::file_root`, the
//! same function the chain and the node use). `upload` computes the file root,
//! sends the file to a storage-provider node in chunks, pays with a signed `storage.submit_file(root, size,
//! periods, encoder)` — naming that node's provider account as the one that must encode it — and waits until the
//! file is encoded or stored. `download` reads a file from any node (which fetches
//! and rebuilds it from providers) and checks its root before writing it. Progress goes to stderr; the result
//! (the root, the path written, the file record) to stdout.

mod http;

use crate::client::{progress, submit_and_watch, Rpc};
use std::{
	io::{Read, Write},
	path::{Path, PathBuf},
	time::{Duration, Instant},
};

use serde_json::{json, Value};
use sp_core::{bytes::from_hex, bytes::to_hex, crypto::Ss58Codec, Pair, H256};
use zg_primitives::{
	storage::FileRootBuilder,
	AccountId,
};

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
	/// Print a file's root (0G's file root: keccak-256 Merkle root over its 256-byte sectors with 0G's flow
	/// padding), offline.
	Root(RootCmd),
	/// Upload a file to a storage-provider node and pay for storing it.
	Upload(UploadCmd),
	/// Download a stored file from any node.
	Download(DownloadCmd),
	/// Show a file's on-chain record.
	Info(InfoCmd),
}

/// `zg-node storage root`.
#[derive(Debug, clap::Parser)]
pub struct RootCmd {
	/// The files: each one's root is printed on a line of its own, in order.
	#[arg(required = true)]
	pub files: Vec<PathBuf>,
}

impl RootCmd {
	/// Reads each file in 1 MiB pieces (only its sector leaves are kept) and prints its `0x…` root.
	fn run(&self) -> Result<(), String> {
		let mut buf = vec![0u8; CHUNK];
		let mut out = std::io::stdout().lock();
		for path in &self.files {
			let mut file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
			let mut builder = FileRootBuilder::new();
			loop {
				let n = file.read(&mut buf).map_err(|e| format!("{}: {e}", path.display()))?;
				if n == 0 {
					break;
				}
				builder.update(&buf[..n]);
			}
			if builder.size() == 0 {
				return Err(format!("{}: an empty file has no root", path.display()));
			}
			writeln!(out, "{:?}", builder.finish()).map_err(|e| e.to_string())?;
		}
		Ok(())
	}
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
	/// The provider account (SS58) that must encode the file: only it may confirm the encoding. Default: the
	/// storage-provider account of the node uploaded to (its upload receipt names it).
	#[arg(long)]
	pub encoder: Option<String>,
	/// The node's storage HTTP endpoint (its `--storage-http` address, e.g. `http://127.0.0.1:8090`): the file is
	/// streamed from disk as one upload, instead of hex in 1 MiB JSON-RPC calls with the file in memory.
	#[arg(long)]
	pub http: Option<String>,
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
	/// The node's storage HTTP endpoint (its `--storage-http` address, e.g. `http://127.0.0.1:8090`): the file is
	/// streamed, instead of hex in 1 MiB JSON-RPC calls.
	#[arg(long)]
	pub http: Option<String>,
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
		if let StorageCmd::Root(cmd) = self {
			return cmd.run();
		}
		let runtime = tokio::runtime::Builder::new_current_thread()
			.enable_all()
			.build()
			.map_err(|e| format!("cannot start the client's runtime: {e}"))?;
		runtime.block_on(async {
			match self {
				StorageCmd::Root(cmd) => cmd.run(),
				StorageCmd::Upload(cmd) => cmd.run().await,
				StorageCmd::Download(cmd) => cmd.run().await,
				StorageCmd::Info(cmd) => info(cmd).await,
			}
		})
	}
}

async fn info(cmd: &InfoCmd) -> Result<(), String> {
	let rpc = Rpc::new(&cmd.rpc).await?;
	let info = rpc.call("zgStorage_fileInfo", json!([cmd.root])).await?;
	if info.is_null() {
		return Err(format!("no file with root {:?} on chain", cmd.root));
	}
	println!("{}", serde_json::to_string_pretty(&info).map_err(|e| e.to_string())?);
	Ok(())
}

/// Uploads `data` (whose file root is `root`) to the node in chunks and answers its receipt
/// (`zgStorage_uploadFinish`). Shared by storage uploads and DA dispersal.
pub(crate) async fn upload(rpc: &Rpc, data: &[u8], root: H256) -> Result<Value, String> {
	upload_from(rpc, data, data.len() as u64, root).await
}

/// [`upload`] of the `size` bytes `source` reads, [`CHUNK`] bytes at a time: a file is never held in memory.
async fn upload_from(rpc: &Rpc, mut source: impl Read, size: u64, root: H256) -> Result<Value, String> {
	let id = rpc.call("zgStorage_uploadBegin", json!([size])).await?.as_u64().ok_or("bad upload id")?;
	let started = Instant::now();
	let mut sent = 0u64;
	let mut chunk = vec![0u8; CHUNK];
	while sent < size {
		let want = (size - sent).min(CHUNK as u64) as usize;
		source.read_exact(&mut chunk[..want]).map_err(|e| format!("reading the file at byte {sent}: {e}"))?;
		rpc.call("zgStorage_uploadChunk", json!([id, sent, to_hex(&chunk[..want], false)])).await?;
		sent += want as u64;
		progress("upload", sent, size, started);
	}
	eprintln!();
	let receipt = rpc.call("zgStorage_uploadFinish", json!([id, root])).await?;
	eprintln!("uploaded in {:.1} s", started.elapsed().as_secs_f64());
	Ok(receipt)
}

impl UploadCmd {
	async fn run(&self) -> Result<(), String> {
		let rpc = Rpc::new(&self.rpc).await?;
		let pair = sp_core::sr25519::Pair::from_string(&self.suri, None)
			.map_err(|e| format!("invalid --suri: {e:?}"))?;
		let size = std::fs::metadata(&self.file).map_err(|e| format!("{}: {e}", self.file.display()))?.len();
		eprintln!("{}: {} bytes", self.file.display(), size);
		let started = Instant::now();
		let root = http::file_root_of(&self.file)?;
		eprintln!("root {root:?} (hashed in {:.1} s)", started.elapsed().as_secs_f64());

		let existing = rpc.call("zgStorage_fileInfo", json!([root])).await?;
		let receipt = match &self.http {
			Some(base) => http::upload(base, &self.file, root, size).await?,
			None => {
				let file = std::fs::File::open(&self.file).map_err(|e| format!("{}: {e}", self.file.display()))?;
				upload_from(&rpc, file, size, root).await?
			},
		};
		eprintln!("fee per round {} planck", receipt.get("feePerPeriod").and_then(Value::as_str).unwrap_or("?"));

		if existing.is_null() {
			let encoder = match &self.encoder {
				Some(encoder) => encoder.clone(),
				None => receipt
					.get("encoders")
					.and_then(Value::as_array)
					.and_then(|e| e.first())
					.and_then(Value::as_str)
					.map(str::to_string)
					.ok_or("the node uploaded to has no storage-provider key to encode the file: upload to a \
						provider node, or name the encoding provider with --encoder")?,
			};
			let encoder = AccountId::from_ss58check(&encoder).map_err(|e| format!("bad encoder {encoder}: {e:?}"))?;
			eprintln!("encoder: {}", encoder.to_ss58check());
			let call = zg_runtime::RuntimeCall::Storage(pallet_zg_storage::Call::submit_file {
				root,
				size,
				periods: self.periods,
				encoder,
			});
			let deadline = Instant::now() + Duration::from_secs(self.timeout);
			submit_and_watch(&rpc, &pair, call, Duration::from_secs(self.timeout)).await?;
			eprintln!("submit_file included");
			self.wait_on_chain(&rpc, root, deadline).await?;
		} else {
			eprintln!("the chain already knows this file; not paying again");
		}
		println!("{root:?}");
		Ok(())
	}

	/// Follows file `root`, whose `submit_file` a best block includes, until it is as far as `--wait` says, or
	/// until `deadline`.
	async fn wait_on_chain(&self, rpc: &Rpc, root: H256, deadline: Instant) -> Result<(), String> {
		let mut last_state = String::new();
		// Consecutive polls that found no file.
		let mut missing = 0;
		loop {
			let info = rpc.call("zgStorage_fileInfo", json!([root])).await?;
			if info.is_null() {
				// Twice in a row, so a switch between forks in between (the pool includes it again) cannot fool it.
				missing += 1;
				if missing >= 2 {
					return Err("submit_file was included, but the chain no longer has the file".into());
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
			tokio::time::sleep(Duration::from_millis(1000)).await;
		}
	}
}

impl DownloadCmd {
	async fn run(&self) -> Result<(), String> {
		let rpc = Rpc::new(&self.rpc).await?;
		let info = rpc.call("zgStorage_fileInfo", json!([self.root])).await?;
		if info.is_null() {
			return Err(format!("no file with root {:?} on chain", self.root));
		}
		let size = info.get("size").and_then(Value::as_u64).ok_or("bad fileInfo")?;
		let started = Instant::now();
		if let Some(base) = &self.http {
			http::download(base, self.root, size, &self.out).await?;
		} else {
			self.download_rpc(&rpc, size).await?;
		}
		eprintln!("verified root; {} bytes in {:.1} s", size, started.elapsed().as_secs_f64());
		println!("{}", self.out.display());
		Ok(())
	}

	/// The file, `size` bytes, through `zgStorage_download` [`CHUNK`] bytes a call, into [`Self::out`].
	async fn download_rpc(&self, rpc: &Rpc, size: u64) -> Result<(), String> {
		let mut file = CheckedFile::create(&self.out, self.root, size)?;
		while file.written() < size {
			let mut attempts = 0;
			let bytes = loop {
				match rpc.call("zgStorage_download", json!([self.root, file.written(), CHUNK])).await {
					// The node is rebuilding other files; wait for a slot.
					Err(e) if e.contains("(code 7013)") && attempts < 60 => {
						attempts += 1;
						tokio::time::sleep(Duration::from_secs(2)).await;
					},
					other => break other?,
				}
			};
			let bytes = from_hex(bytes.as_str().ok_or("bad download reply")?).map_err(|e| e.to_string())?;
			if bytes.is_empty() {
				return Err("the node returned no data".into());
			}
			file.write(&bytes)?;
		}
		file.finish()
	}
}

/// `out` with `.part` appended: where a download is written until it is checked.
fn part_path(out: &Path) -> PathBuf {
	let mut part = out.as_os_str().to_owned();
	part.push(".part");
	PathBuf::from(part)
}

/// A download written to `<out>.part` as it arrives and hashed on the way; renamed to `out` by
/// [`CheckedFile::finish`] only if it has its size and root. Dropped unfinished (an error, a wrong root), the
/// part is removed: nothing unchecked is left behind, and the file is never held in memory.
struct CheckedFile {
	file: std::fs::File,
	part: PathBuf,
	out: PathBuf,
	root: H256,
	size: u64,
	written: u64,
	hasher: FileRootBuilder,
	started: Instant,
	shown: u64,
	/// Moved to `out`.
	kept: bool,
}

impl CheckedFile {
	/// Starts the download of file `root` of `size` bytes into `out`.
	fn create(out: &Path, root: H256, size: u64) -> Result<Self, String> {
		let part = part_path(out);
		let file = std::fs::File::create(&part).map_err(|e| format!("{}: {e}", part.display()))?;
		let (out, hasher, started) = (out.to_path_buf(), FileRootBuilder::new(), Instant::now());
		Ok(Self { file, part, out, root, size, written: 0, hasher, started, shown: 0, kept: false })
	}

	/// Bytes written so far.
	fn written(&self) -> u64 {
		self.written
	}

	/// Appends the next `bytes` of the file.
	fn write(&mut self, bytes: &[u8]) -> Result<(), String> {
		if bytes.len() as u64 > self.size - self.written {
			return Err(format!("the node sent more than the file's {} bytes", self.size));
		}
		self.hasher.update(bytes);
		self.file.write_all(bytes).map_err(|e| format!("{}: {e}", self.part.display()))?;
		self.written += bytes.len() as u64;
		if self.written - self.shown >= CHUNK as u64 || self.written == self.size {
			self.shown = self.written;
			progress("download", self.written, self.size, self.started);
		}
		Ok(())
	}

	/// Checks the whole file's size and root, syncs it and moves it to its place.
	fn finish(mut self) -> Result<(), String> {
		eprintln!();
		if self.written != self.size {
			return Err(format!("the download broke off after {} of {} bytes", self.written, self.size));
		}
		let root = std::mem::take(&mut self.hasher).finish();
		if root != self.root {
			return Err(format!("downloaded data has root {root:?}, not {:?}", self.root));
		}
		self.file.sync_all().map_err(|e| format!("{}: {e}", self.part.display()))?;
		std::fs::rename(&self.part, &self.out).map_err(|e| format!("{}: {e}", self.out.display()))?;
		self.kept = true;
		Ok(())
	}
}

impl Drop for CheckedFile {
	fn drop(&mut self) {
		if !self.kept {
			let _ = std::fs::remove_file(&self.part);
		}
	}
}
