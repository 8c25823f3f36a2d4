//! `zg-node da …`: data availability from the command line (WIP).
//!
//! - `submit FILE`: uploads the blob to a node (the storage network's chunked upload), has it dispersed
//!   (`zgDa_disperse`: encoded, its columns kept for the committee), signs `da.submitBlob` with the commitments
//!   and that node as disperser, and waits for the certificate. Prints the blob id.
//! - `status ID`: the chain's record of the blob.
//! - `sample ID --samples N`: the light sampling client. It reads the blob's record and row commitments with a
//!   storage proof against the state root of the last finalized header (trusting the node for which header is
//!   finalized, not for the state), picks `N` distinct random columns, fetches each whole column — its cell in
//!   every row — from the nodes given (`--rpc`, in turn), checks every cell against its row's commitment, and
//!   prints the confidence that the blob is available: `1 − ∏_{i<N} (63 − i)/(128 − i)`
//!   (`zg_primitives::da::miss_probability_ppq`): ≥ 99.99 % from 16 columns, ≥ 1 − 10⁻⁹ from 30. A column that
//!   cannot be had or does not verify is reported, and no confidence is claimed.
//! - `get ID --out FILE`: fetches 64 columns (the data half first, then any others), rebuilds every row, checks it
//!   against its commitment and the data against the data root, and writes the file.

use std::{
	collections::BTreeMap,
	path::PathBuf,
	time::{Duration, Instant},
};

use crate::client::{submit_and_wait, Inclusion, Rpc};
use codec::{Decode, Encode};
use serde_json::{json, Value};
use sp_core::{bytes::from_hex, Pair, H256};
use zg_primitives::da::{kzg, miss_probability_ppq, BlobId, CellIndex, Commitment, Proof, CELLS_PER_ROW};

/// `zg-node da …`.
#[derive(Debug, clap::Subcommand)]
pub enum DaCmd {
	/// Upload, disperse and submit a blob; wait for its certificate.
	Submit(SubmitCmd),
	/// The chain's record of a blob.
	Status(StatusCmd),
	/// Sample a blob's columns and print the confidence that it is available.
	Sample(SampleCmd),
	/// Rebuild a blob from its columns.
	Get(GetCmd),
	/// Serve the OP Stack Alt-DA API (`POST /put`, `GET /get/0x<commitment>`) over zg DA.
	ServeAltDa(crate::altda::ServeAltDaCmd),
}

#[derive(Debug, clap::Args)]
pub struct SubmitCmd {
	/// The blob's data.
	pub file: PathBuf,
	/// The node to upload to and disperse from.
	#[arg(long, default_value = "http://127.0.0.1:9944")]
	pub rpc: String,
	/// The paying account's secret URI.
	#[arg(long, default_value = "//Alice")]
	pub suri: String,
	/// The blob's namespace.
	#[arg(long, default_value_t = 0)]
	pub namespace: u64,
	/// Seconds to wait for the certificate.
	#[arg(long, default_value_t = 600)]
	pub timeout: u64,
}

#[derive(Debug, clap::Args)]
pub struct StatusCmd {
	pub id: BlobId,
	#[arg(long, default_value = "http://127.0.0.1:9944")]
	pub rpc: String,
}

#[derive(Debug, clap::Args)]
pub struct SampleCmd {
	pub id: BlobId,
	/// Distinct random columns to sample.
	#[arg(long, default_value_t = 16)]
	pub samples: u32,
	/// Nodes to read the chain from (the first) and fetch cells from (in turn). Repeat for several.
	#[arg(long, default_value = "http://127.0.0.1:9944")]
	pub rpc: Vec<String>,
}

#[derive(Debug, clap::Args)]
pub struct GetCmd {
	pub id: BlobId,
	/// Where to write the data.
	#[arg(long)]
	pub out: PathBuf,
	/// Nodes to read the chain from (the first) and fetch cells from (in turn). Repeat for several.
	#[arg(long, default_value = "http://127.0.0.1:9944")]
	pub rpc: Vec<String>,
}

impl DaCmd {
	pub fn run(&self) -> Result<(), String> {
		if let DaCmd::ServeAltDa(cmd) = self {
			// Serves on threads of its own, each request on a runtime of its own.
			return cmd.run();
		}
		let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| e.to_string())?;
		runtime.block_on(async {
			match self {
				DaCmd::Submit(cmd) => cmd.run().await,
				DaCmd::Status(cmd) => {
					let rpc = Rpc::new(&cmd.rpc).await?;
					let status = rpc.call("zgDa_status", json!([cmd.id])).await?;
					if status.is_null() {
						return Err(format!("no blob {} on chain", cmd.id));
					}
					println!("{}", serde_json::to_string_pretty(&status).map_err(|e| e.to_string())?);
					Ok(())
				},
				DaCmd::Sample(cmd) => cmd.run().await,
				DaCmd::Get(cmd) => cmd.run().await,
				DaCmd::ServeAltDa(_) => Err("the Alt-DA server runs outside this runtime".into()),
			}
		})
	}
}

fn hex_array<const N: usize>(v: &Value) -> Result<[u8; N], String> {
	let bytes = from_hex(v.as_str().ok_or("not a hex string")?).map_err(|e| e.to_string())?;
	bytes.try_into().map_err(|_| format!("not {N} bytes"))
}

impl SubmitCmd {
	async fn run(&self) -> Result<(), String> {
		let rpc = Rpc::new(&self.rpc).await?;
		let pair = sp_core::sr25519::Pair::from_string(&self.suri, None).map_err(|e| format!("invalid --suri: {e:?}"))?;
		let data = std::fs::read(&self.file).map_err(|e| format!("{}: {e}", self.file.display()))?;
		let (id, _) = submit_blob(&rpc, &pair, &data, self.namespace, Duration::from_secs(self.timeout)).await?;
		println!("{id}");
		Ok(())
	}
}

/// Uploads `data` through `rpc`'s node, has it dispersed there, signs `da.submitBlob` with `pair`, and waits (up
/// to `timeout`) for the certificate. Answers the blob id and its data root.
pub(crate) async fn submit_blob(
	rpc: &Rpc,
	pair: &sp_core::sr25519::Pair,
	data: &[u8],
	namespace: u64,
	timeout: Duration,
) -> Result<(BlobId, H256), String> {
	if data.is_empty() || data.len() as u64 > zg_primitives::da::MAX_BLOB_SIZE {
		return Err(format!(
			"a blob holds 1 to {} bytes; this one has {}",
			zg_primitives::da::MAX_BLOB_SIZE,
			data.len()
		));
	}
	let root = zg_primitives::storage::file_root(data);
	crate::storage_cli::upload(rpc, data, root).await?;
	let started = Instant::now();
	let dispersal = loop {
		match rpc.call("zgDa_disperse", json!([root])).await {
			// One dispersal at a time per node: wait for the one running.
			Err(e) if e.contains("busy") && started.elapsed() < timeout => {
				tokio::time::sleep(Duration::from_millis(500)).await;
			},
			other => break other?,
		}
	};
	eprintln!("dispersed (encoded, 128 columns kept) in {:.1} s", started.elapsed().as_secs_f64());
	let commitments: Vec<Commitment> = dispersal["commitments"]
		.as_array()
		.ok_or("bad dispersal")?
		.iter()
		.map(hex_array::<48>)
		.collect::<Result<_, _>>()?;
	let disperser = dispersal["disperser"].as_str().ok_or("bad dispersal")?;
	let disperser = bs58::decode(disperser).into_vec().map_err(|e| format!("bad peer id: {e}"))?;
	let call = zg_runtime::RuntimeCall::Da(pallet_zg_da::Call::submit_blob {
		namespace,
		size: data.len() as u64,
		data_root: root,
		commitments: commitments.try_into().map_err(|_| "more rows than a blob may have")?,
		disperser: disperser.try_into().map_err(|_| "peer id too long")?,
	});
	// The blob id comes from the events: only a finalized block's are final (see `Inclusion`).
	let events = submit_and_wait(rpc, pair, call, Duration::from_secs(120), Inclusion::Finalized).await?;
	let id = events
		.iter()
		.find_map(|e| match e {
			zg_runtime::RuntimeEvent::Da(pallet_zg_da::Event::BlobSubmitted { blob, fee, .. }) => {
				eprintln!("blob {blob} submitted, fee {fee} planck");
				Some(*blob)
			},
			_ => None,
		})
		.ok_or("submitBlob was included but no BlobSubmitted event")?;
	let deadline = Instant::now() + timeout;
	loop {
		let status = rpc.call("zgDa_status", json!([id])).await?;
		match status["status"].as_str() {
			Some("certified") => {
				eprintln!("certified in {:.1} s after dispersal", started.elapsed().as_secs_f64());
				return Ok((id, root));
			},
			Some("unavailable") => return Err(format!("blob {id} was not certified by its deadline")),
			_ => {},
		}
		if Instant::now() > deadline {
			return Err(format!("timed out waiting for blob {id}'s certificate"));
		}
		tokio::time::sleep(Duration::from_millis(1000)).await;
	}
}

/// The blob's record and commitments, read with a storage proof against the last finalized state root.
async fn proven_blob(
	rpc: &Rpc,
	id: BlobId,
) -> Result<(pallet_zg_da::BlobInfo<zg_runtime::Runtime>, Vec<Commitment>), String> {
	let finalized = rpc.call("chain_getFinalizedHead", json!([])).await?;
	let header = rpc.call("chain_getHeader", json!([finalized])).await?;
	let state_root = H256(hex_array::<32>(&header["stateRoot"])?);
	let blob_key = pallet_zg_da::Blobs::<zg_runtime::Runtime>::hashed_key_for(id);
	let commitments_key = pallet_zg_da::Commitments::<zg_runtime::Runtime>::hashed_key_for(id);
	let keys = json!([[sp_core::bytes::to_hex(&blob_key, false), sp_core::bytes::to_hex(&commitments_key, false)], finalized]);
	let proof = rpc.call("state_getReadProof", keys).await?;
	let nodes: Vec<Vec<u8>> = proof["proof"]
		.as_array()
		.ok_or("bad read proof")?
		.iter()
		.map(|n| from_hex(n.as_str().unwrap_or_default()).map_err(|e| e.to_string()))
		.collect::<Result<_, _>>()?;
	// Every value is read through the trie from the finalized state root: a node that sends a wrong value or
	// leaves a node out fails here.
	let db = sp_trie::StorageProof::new(nodes).into_memory_db::<sp_runtime::traits::BlakeTwo256>();
	let read = |key: &[u8]| {
		sp_trie::read_trie_value::<sp_trie::LayoutV1<sp_runtime::traits::BlakeTwo256>, _>(&db, &state_root, key, None, None)
			.map_err(|e| format!("the node's storage proof does not check against the finalized state root: {e:?}"))
	};
	let blob = read(&blob_key)?.ok_or_else(|| format!("no blob {id} in the finalized state"))?;
	let blob = pallet_zg_da::BlobInfo::<zg_runtime::Runtime>::decode(&mut &blob[..]).map_err(|e| e.to_string())?;
	let commitments =
		read(&commitments_key)?.ok_or_else(|| format!("blob {id} has no commitments (unavailable or pruned)"))?;
	let commitments = Vec::<Commitment>::decode(&mut &commitments[..]).map_err(|e| e.to_string())?;
	Ok((blob, commitments))
}

/// Column `column` of blob `id` from the first node that has it and whose cells all verify.
async fn fetch_column(
	nodes: &[Rpc],
	id: BlobId,
	commitments: &[Commitment],
	column: u8,
) -> Result<Vec<(Vec<u8>, Proof)>, String> {
	let cells: Vec<(u32, u8)> = (0..commitments.len() as u32).map(|row| (row, column)).collect();
	let mut why = Vec::new();
	for node in nodes {
		let answer = match node.call("zgDa_sample", json!([id, cells])).await {
			Ok(answer) => answer,
			Err(e) => {
				why.push(e);
				continue;
			},
		};
		let parsed: Result<Vec<(Vec<u8>, Proof)>, String> = answer
			.as_array()
			.ok_or("bad sample")?
			.iter()
			.map(|s| Ok((from_hex(s["cell"].as_str().unwrap_or_default()).map_err(|e| e.to_string())?, hex_array::<48>(&s["proof"])?)))
			.collect();
		let Ok(parsed) = parsed else { continue };
		if parsed.len() != commitments.len() {
			why.push("a short answer".into());
			continue;
		}
		let columns = vec![column; parsed.len()];
		let cells: Vec<&[u8]> = parsed.iter().map(|(c, _)| c.as_slice()).collect();
		let proofs: Vec<Proof> = parsed.iter().map(|(_, p)| *p).collect();
		match kzg::verify_cells(commitments, &columns, &cells, &proofs) {
			Ok(true) => return Ok(parsed),
			_ => why.push("cells that do not verify (a forged cell)".into()),
		}
	}
	Err(why.join("; "))
}

/// `n` distinct columns, drawn from the OS's randomness.
fn random_columns(n: u32) -> Vec<u8> {
	let mut seed = [0u8; 32];
	let _ = std::fs::File::open("/dev/urandom").and_then(|mut f| std::io::Read::read_exact(&mut f, &mut seed));
	let mut columns: Vec<u8> = (0..CELLS_PER_ROW as u8).collect();
	// Fisher–Yates with blake2 of (seed, i) as the source.
	for i in (1..columns.len()).rev() {
		let h = sp_io::hashing::blake2_256(&(seed, i as u32).encode());
		let j = u64::from_le_bytes(h[..8].try_into().unwrap_or_default()) as usize % (i + 1);
		columns.swap(i, j);
	}
	columns.truncate(n.min(CELLS_PER_ROW as u32) as usize);
	columns
}

impl SampleCmd {
	async fn run(&self) -> Result<(), String> {
		let mut nodes = Vec::new();
		for url in &self.rpc {
			nodes.push(Rpc::new(url).await?);
		}
		let (blob, commitments) = proven_blob(&nodes[0], self.id).await?;
		if !matches!(blob.status, pallet_zg_da::BlobStatus::Certified { .. }) {
			eprintln!("note: blob {} has no certificate in the finalized state", self.id);
		}
		let started = Instant::now();
		let mut failed = Vec::new();
		for batch in random_columns(self.samples).chunks(GET_PARALLEL) {
			let fetched =
				futures::future::join_all(batch.iter().map(|&c| fetch_column(&nodes, self.id, &commitments, c))).await;
			for (column, result) in batch.iter().zip(fetched) {
				if let Err(e) = result {
					failed.push(format!("column {column}: {e}"));
				}
			}
		}
		if !failed.is_empty() {
			return Err(format!("not shown available: {}", failed.join("; ")));
		}
		let miss = miss_probability_ppq(self.samples);
		let confidence = 1.0 - miss as f64 / 1e18;
		println!(
			"{} columns of {} rows verified in {:.1} s: available with confidence {:.12} (miss probability {} × 10⁻¹⁸)",
			self.samples,
			commitments.len(),
			started.elapsed().as_secs_f64(),
			confidence,
			miss
		);
		Ok(())
	}
}

impl GetCmd {
	async fn run(&self) -> Result<(), String> {
		let mut nodes = Vec::new();
		for url in &self.rpc {
			nodes.push(Rpc::new(url).await?);
		}
		let (data, _) = get_blob(&nodes, self.id).await?;
		std::fs::write(&self.out, &data).map_err(|e| format!("{}: {e}", self.out.display()))?;
		eprintln!("{} bytes written to {}", data.len(), self.out.display());
		Ok(())
	}
}

/// Columns a rebuild fetches at the same time.
const GET_PARALLEL: usize = 8;

/// Blob `id` rebuilt from 64 of its columns fetched from `nodes` (the data half first, then any others), every
/// row checked against its commitment (read with a storage proof from `nodes[0]`) and the data against the data
/// root. Answers the data and its root.
pub(crate) async fn get_blob(nodes: &[Rpc], id: BlobId) -> Result<(Vec<u8>, H256), String> {
	let first = nodes.first().ok_or("no node to ask")?;
	let (blob, commitments) = proven_blob(first, id).await?;
	let mut cells = BTreeMap::new();
	let mut have = 0;
	let mut why = Vec::new();
	// The data half first (a rebuild without erasure decoding when it is all there), then the others;
	// GET_PARALLEL columns in flight, never more than are still needed.
	let mut next = (0..CELLS_PER_ROW as u8).peekable();
	while have < zg_primitives::da::DATA_CELLS_PER_ROW && next.peek().is_some() {
		let wanted = (zg_primitives::da::DATA_CELLS_PER_ROW - have).min(GET_PARALLEL);
		let batch: Vec<u8> = next.by_ref().take(wanted).collect();
		let fetched =
			futures::future::join_all(batch.iter().map(|&column| fetch_column(nodes, id, &commitments, column))).await;
		for (column, result) in batch.into_iter().zip(fetched) {
			match result {
				Ok(fetched) => {
					for (row, (cell, _)) in fetched.into_iter().enumerate() {
						cells.insert(CellIndex { row: row as u32, column }, cell);
					}
					have += 1;
				},
				Err(e) => why.push(format!("column {column}: {e}")),
			}
		}
	}
	if have < zg_primitives::da::DATA_CELLS_PER_ROW {
		return Err(format!("only {have} of blob {id}'s columns could be had: {}", why.join("; ")));
	}
	let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
	let data = zg_node_da::decode(blob.size, blob.data_root, &commitments, &cells, threads)
		.map_err(|e| format!("could not rebuild blob {id}: {e:?}"))?;
	Ok((data, blob.data_root))
}
