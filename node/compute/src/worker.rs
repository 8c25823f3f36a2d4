//! The compute worker: runs the jobs the provider node's off-chain worker hands it and answers with outputs,
//! proofs and attestations.
//!
//! Requests arrive as `POST /work` with a SCALE-encoded [`WorkRequest`] and are idempotent: the first queues the
//! job, later ones answer how it stands ([`WorkStatus`]). Jobs run one at a time per executor thread; at most
//! [`MAX_TRACKED`] jobs are remembered (the oldest finished are forgotten first; a full table of unfinished jobs
//! answers `503`). Every result is signed by the attestation key over
//! [`zg_primitives::compute::attestation_message`]; proven kinds also get a Groth16 proof.
//!
//! Kinds by name: `digits-mlp` (classify an 8×8 image with the shipped model; prove it), `matmul-i8` (the int8
//! product, on the GPU when one is present — see [`crate::cuda`] — else on the CPU; the output is the product's
//! blake2-256), `train-digits` (download the dataset from zg storage through the node, train with
//! [`crate::train::DEFAULT_CONFIG`], upload the model to the node, which encodes it for the storage network; the
//! output is [`zg_primitives::compute::stored_output`]: the model's root and size).

use crate::{cuda, data, keys::Keys, matmul, model::Mlp, train};
use codec::{Decode, Encode};
use sp_core::{ed25519, Pair, H256};
use std::{
	collections::{HashMap, VecDeque},
	sync::{mpsc, Arc, Mutex},
};
use zg_primitives::compute::{attestation_message, JobId, WorkInput, WorkRequest, WorkResult, WorkStatus};

/// Jobs remembered at once.
pub const MAX_TRACKED: usize = 4096;
/// Bytes of a download or upload chunk through the node's RPC.
const CHUNK: u64 = 1 << 20;
/// The largest dataset a training job reads.
pub const MAX_DATASET: u64 = 64 << 20;

/// What the worker needs to run jobs.
pub struct Config {
	/// Signs every result.
	pub attestation: ed25519::Pair,
	/// The digits classifier (proven and attested inference, and what training must produce the shape of).
	pub model: Mlp,
	/// Its proving keys.
	pub keys: Arc<Keys>,
	/// The provider node's JSON-RPC URL (stored inputs and outputs), if any.
	pub node_rpc: Option<String>,
	/// The GPU, if one was found and not disabled.
	pub gpu: Option<cuda::Gpu>,
	/// Fault injection for tests: attest wrong outputs (flip the first byte) of attested kinds.
	pub tamper: bool,
}

type Key = (H256, JobId);

struct Table {
	status: HashMap<Key, WorkStatus>,
	order: VecDeque<Key>,
}

/// The worker: a job table and executor threads.
pub struct Worker {
	config: Arc<Config>,
	table: Arc<Mutex<Table>>,
	queue: Mutex<mpsc::Sender<WorkRequest>>,
}

impl Worker {
	/// Starts `threads` executor threads.
	pub fn start(config: Config, threads: usize) -> Arc<Self> {
		let (tx, rx) = mpsc::channel::<WorkRequest>();
		let rx = Arc::new(Mutex::new(rx));
		let config = Arc::new(config);
		let table = Arc::new(Mutex::new(Table { status: HashMap::new(), order: VecDeque::new() }));
		for _ in 0..threads.max(1) {
			let (rx, config, table) = (rx.clone(), config.clone(), table.clone());
			std::thread::spawn(move || loop {
				let Ok(request) = rx.lock().expect("queue lock").recv() else { return };
				let key = (request.genesis, request.job);
				table.lock().expect("table lock").status.insert(key, WorkStatus::Running);
				let started = std::time::Instant::now();
				let status = match run(&config, &request) {
					Ok(result) => {
						log::info!(
							"job {} ({}) done on {} in {:?}",
							request.job,
							String::from_utf8_lossy(&request.kind.name),
							String::from_utf8_lossy(&result.device),
							started.elapsed()
						);
						WorkStatus::Done(result)
					},
					Err(why) => {
						log::warn!("job {} failed: {why}", request.job);
						WorkStatus::Failed(why.into_bytes())
					},
				};
				table.lock().expect("table lock").status.insert(key, status);
			});
		}
		Arc::new(Worker { config, table, queue: Mutex::new(tx) })
	}

	/// The attestation key's public key (what the provider registers on chain).
	pub fn attestation_key(&self) -> [u8; 32] {
		self.config.attestation.public().0
	}

	/// Queues the job if it is new; answers how it stands. `None`: the table is full of unfinished jobs.
	pub fn request(&self, request: WorkRequest) -> Option<WorkStatus> {
		let key = (request.genesis, request.job);
		let mut table = self.table.lock().expect("table lock");
		if let Some(status) = table.status.get(&key) {
			return Some(status.clone());
		}
		if table.status.len() >= MAX_TRACKED {
			// Forget the oldest finished job.
			let finished = table.order.iter().position(|k| {
				matches!(table.status.get(k), Some(WorkStatus::Done(_) | WorkStatus::Failed(_)) | None)
			})?;
			let old = table.order.remove(finished).expect("position is in range");
			table.status.remove(&old);
		}
		table.status.insert(key, WorkStatus::Queued);
		table.order.push_back(key);
		drop(table);
		if self.queue.lock().expect("queue lock").send(request).is_err() {
			return Some(WorkStatus::Failed(b"the worker is shutting down".to_vec()));
		}
		Some(WorkStatus::Queued)
	}

	/// The HTTP handler: `POST /work`.
	pub fn serve(&self, request: crate::http::Request) -> crate::http::Response {
		use crate::http::Response;
		let reply = |code, body: Vec<u8>| Response { code, content_type: "application/octet-stream", body };
		if request.path != "/work" {
			return reply(404, b"POST /work".to_vec());
		}
		if request.method != "POST" {
			return reply(405, b"POST /work".to_vec());
		}
		let Ok(work) = WorkRequest::decode(&mut &request.body[..]) else {
			return reply(400, b"not a SCALE-encoded WorkRequest".to_vec());
		};
		match self.request(work) {
			Some(status) => reply(200, status.encode()),
			None => reply(503, b"too many unfinished jobs".to_vec()),
		}
	}
}

/// Runs one job.
pub fn run(config: &Config, request: &WorkRequest) -> Result<WorkResult, String> {
	let statement_bytes: Vec<u8> = match &request.input {
		WorkInput::Inline(bytes) => bytes.clone(),
		WorkInput::Stored(root) => root.as_bytes().to_vec(),
	};
	let mut device = b"cpu".to_vec();
	let (output, proof) = match &request.kind.name[..] {
		b"digits-mlp" => {
			if request.kind.model != config.model.commitment() {
				return Err("the kind's model is not this worker's digits model".into());
			}
			let WorkInput::Inline(bytes) = &request.input else { return Err("digits-mlp takes inline input".into()) };
			let input: [u8; 64] = bytes.as_slice().try_into().map_err(|_| "digits-mlp takes 64 bytes".to_string())?;
			if request.kind.proven {
				let (class, proof) =
					config.keys.prove(&config.model, request.job, &input).map_err(|e| format!("proving: {}", e.0))?;
				(vec![class], Some(proof))
			} else {
				(vec![config.model.classify(&input)], None)
			}
		},
		b"matmul-i8" => {
			let WorkInput::Inline(bytes) = &request.input else { return Err("matmul-i8 takes inline input".into()) };
			let product = match &config.gpu {
				Some(gpu) => {
					device = gpu.name().into_bytes();
					gpu.matmul_i8(bytes).map_err(|e| format!("GPU: {e}"))?
				},
				None => matmul::multiply(bytes).map_err(|e| format!("{e:?}"))?,
			};
			(sp_crypto_hashing::blake2_256(&product).to_vec(), None)
		},
		b"train-digits" => {
			let WorkInput::Stored(root) = &request.input else { return Err("train-digits takes a stored dataset".into()) };
			let rpc = config.node_rpc.as_deref().ok_or("no --node-rpc to fetch the dataset from")?;
			let bytes = download(rpc, root)?;
			let samples = data::decode(&bytes).map_err(|e| format!("dataset: {e:?}"))?;
			let model = train::train(&samples, &train::DEFAULT_CONFIG).export().encode();
			let root = upload(rpc, &model)?;
			(zg_primitives::compute::stored_output(&root, model.len() as u64).to_vec(), None)
		},
		other => return Err(format!("unknown job kind {}", String::from_utf8_lossy(other))),
	};
	let mut output = output;
	if config.tamper && proof.is_none() {
		if let Some(first) = output.first_mut() {
			*first ^= 0xff;
		}
	}
	let message = attestation_message(&request.genesis, request.job, &statement_bytes, &output);
	Ok(WorkResult { signature: config.attestation.sign(&message).0, output, proof, device })
}

/// Downloads a stored file through the node's `zgStorage_download` and checks its root.
pub fn download(rpc: &str, root: &H256) -> Result<Vec<u8>, String> {
	let info = crate::http::json_rpc(rpc, "zgStorage_fileInfo", serde_json::json!([root]), 1 << 20)?;
	let size = info.get("size").and_then(|s| s.as_u64()).ok_or("the dataset is not a file the chain knows")?;
	if size > MAX_DATASET {
		return Err(format!("the dataset has {size} bytes; the most is {MAX_DATASET}"));
	}
	let mut out = Vec::with_capacity(size as usize);
	while (out.len() as u64) < size {
		let len = CHUNK.min(size - out.len() as u64);
		let chunk = crate::http::json_rpc(
			rpc,
			"zgStorage_download",
			serde_json::json!([root, out.len() as u64, len]),
			4 * CHUNK as usize,
		)?;
		let hex = chunk.as_str().ok_or("download: not bytes")?;
		let bytes = sp_core::bytes::from_hex(hex).map_err(|e| format!("download: {e:?}"))?;
		if bytes.is_empty() {
			return Err("download: empty chunk".into());
		}
		out.extend_from_slice(&bytes);
	}
	if zg_primitives::storage::file_root(&out) != *root {
		return Err("the downloaded dataset does not match its root".into());
	}
	Ok(out)
}

/// Uploads bytes to the node's blob store (`zgStorage_uploadBegin/Chunk/Finish`); answers their root.
pub fn upload(rpc: &str, bytes: &[u8]) -> Result<H256, String> {
	let root = zg_primitives::storage::file_root(bytes);
	let id = crate::http::json_rpc(rpc, "zgStorage_uploadBegin", serde_json::json!([bytes.len() as u64]), 1 << 20)?;
	for (i, chunk) in bytes.chunks(CHUNK as usize).enumerate() {
		crate::http::json_rpc(
			rpc,
			"zgStorage_uploadChunk",
			serde_json::json!([id, i as u64 * CHUNK, sp_core::bytes::to_hex(chunk, false)]),
			1 << 20,
		)?;
	}
	crate::http::json_rpc(rpc, "zgStorage_uploadFinish", serde_json::json!([id, root]), 1 << 20)?;
	Ok(root)
}
