//! `zg-node compute providers|submit|status|result|dispute|sample`: the compute market's client, over a running
//! node's `zgCompute_*` and Substrate RPC (the same client code as the storage CLI's, [`crate::client`]).
//!
//! `submit` tops the ledger up to the job's maximum price if needed (`compute.deposit`), sends
//! `compute.submit_job`, reads the assignment from the transaction's events and follows the job until it is
//! settled (or `--wait` says otherwise), printing progress to stderr and the job's record (JSON) to stdout.

use std::{
	path::PathBuf,
	time::{Duration, Instant},
};

use crate::client::{submit_and_wait, submit_and_watch, Inclusion, Rpc};
use codec::Decode;
use serde_json::{json, Value};
use sp_core::{bytes::from_hex, crypto::Ss58Codec, Pair, H256};
use zg_primitives::{compute::JobId, currency::ZG, AccountId, Balance};

/// When `submit` returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum WaitFor {
	/// Once the job is assigned.
	Assigned,
	/// Once there is a result (an attested one may still be disputed).
	Result,
	/// Once the job is settled or failed.
	Final,
}

/// The compute client.
#[derive(Debug, clap::Subcommand)]
pub enum ComputeCmd {
	/// List the job kinds and the offers of each, cheapest first.
	Providers(ProvidersCmd),
	/// Submit a job and follow it.
	Submit(SubmitCmd),
	/// Show a job's record (JSON).
	Status(JobCmd),
	/// Print a job's output (hex; for `digits-mlp` also the class) once it has one.
	Result(JobCmd),
	/// Dispute an attested result: with a proof of the right output, or by re-execution.
	Dispute(DisputeCmd),
	/// Write an 8×8 digit image (64 bytes, values 0..=16) from the chain's generated dataset: an input for
	/// `digits-mlp`.
	Sample(SampleCmd),
}

/// `zg-node compute providers`.
#[derive(Debug, clap::Parser)]
pub struct ProvidersCmd {
	/// RPC endpoint of a node (http:// or ws://).
	#[arg(long, default_value = "http://127.0.0.1:9944")]
	pub rpc: String,
}

/// `zg-node compute submit`.
#[derive(Debug, clap::Parser)]
pub struct SubmitCmd {
	/// RPC endpoint of a node.
	#[arg(long, default_value = "http://127.0.0.1:9944")]
	pub rpc: String,
	/// The paying account's secret URI (e.g. `//Alice`).
	#[arg(long)]
	pub suri: String,
	/// The job kind: its name (`digits-mlp`) or id.
	#[arg(long)]
	pub kind: String,
	/// A file whose bytes are the inline input.
	#[arg(long, conflicts_with_all = ["input_hex", "stored"])]
	pub input: Option<PathBuf>,
	/// The inline input as hex.
	#[arg(long, conflicts_with = "stored")]
	pub input_hex: Option<String>,
	/// The root of a file in zg storage as the input (kinds with stored inputs).
	#[arg(long)]
	pub stored: Option<H256>,
	/// The most to pay, in ZG (decimals allowed).
	#[arg(long)]
	pub max_price: String,
	/// Blocks the provider has for the result.
	#[arg(long, default_value_t = 50)]
	pub deadline: u32,
	/// When to return.
	#[arg(long, value_enum, default_value_t = WaitFor::Final)]
	pub wait: WaitFor,
	/// Seconds to wait in all.
	#[arg(long, default_value_t = 600)]
	pub timeout: u64,
}

/// `zg-node compute status|result`.
#[derive(Debug, clap::Parser)]
pub struct JobCmd {
	/// RPC endpoint of a node.
	#[arg(long, default_value = "http://127.0.0.1:9944")]
	pub rpc: String,
	/// The job id.
	#[arg(long)]
	pub job: JobId,
}

/// `zg-node compute dispute`.
#[derive(Debug, clap::Parser)]
pub struct DisputeCmd {
	/// RPC endpoint of a node.
	#[arg(long, default_value = "http://127.0.0.1:9944")]
	pub rpc: String,
	/// The challenger's secret URI.
	#[arg(long)]
	pub suri: String,
	/// The job id.
	#[arg(long)]
	pub job: JobId,
	/// The right output (hex). With `--proof`: proven against the kind's circuit; without: re-execution by drawn
	/// providers, claiming this output.
	#[arg(long)]
	pub output: String,
	/// A file with the proof of `--output`.
	#[arg(long)]
	pub proof: Option<PathBuf>,
	/// Seconds to wait for inclusion.
	#[arg(long, default_value_t = 120)]
	pub timeout: u64,
}

/// `zg-node compute sample`.
#[derive(Debug, clap::Parser)]
pub struct SampleCmd {
	/// The digit.
	#[arg(long, value_parser = clap::value_parser!(u8).range(0..=9))]
	pub digit: u8,
	/// Which drawing of it.
	#[arg(long, default_value_t = 0)]
	pub seed: u64,
	/// Where to write the 64 bytes.
	#[arg(long)]
	pub out: PathBuf,
}

impl ComputeCmd {
	/// Runs the command.
	pub fn run(&self) -> Result<(), String> {
		if let ComputeCmd::Sample(cmd) = self {
			let mut rng = zg_node_compute::data::Rng(cmd.seed ^ 0x5a6d);
			let pixels = zg_node_compute::data::draw(cmd.digit, &mut rng);
			std::fs::write(&cmd.out, pixels).map_err(|e| format!("{}: {e}", cmd.out.display()))?;
			println!("{}", cmd.out.display());
			return Ok(());
		}
		let runtime = tokio::runtime::Builder::new_current_thread()
			.enable_all()
			.build()
			.map_err(|e| format!("cannot start the client's runtime: {e}"))?;
		runtime.block_on(async {
			match self {
				ComputeCmd::Providers(cmd) => providers(cmd).await,
				ComputeCmd::Submit(cmd) => cmd.run().await,
				ComputeCmd::Status(cmd) => {
					let job = job(&Rpc::new(&cmd.rpc).await?, cmd.job).await?;
					println!("{}", serde_json::to_string_pretty(&job).map_err(|e| e.to_string())?);
					Ok(())
				},
				ComputeCmd::Result(cmd) => result(cmd).await,
				ComputeCmd::Dispute(cmd) => cmd.run().await,
				ComputeCmd::Sample(_) => unreachable!("handled above"),
			}
		})
	}
}

/// Parses a ZG amount (`1`, `0.25`) into planck.
pub fn parse_zg(amount: &str) -> Result<Balance, String> {
	let bad = || format!("{amount}: not an amount of ZG");
	let (whole, frac) = amount.trim().split_once('.').unwrap_or((amount.trim(), ""));
	if frac.len() > 18 || (whole.is_empty() && frac.is_empty()) {
		return Err(bad());
	}
	let whole: Balance = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| bad())? };
	let frac_value: Balance =
		if frac.is_empty() { 0 } else { format!("{frac:0<18}").parse().map_err(|_| bad())? };
	whole.checked_mul(ZG).and_then(|w| w.checked_add(frac_value)).ok_or_else(bad)
}

async fn job(rpc: &Rpc, id: JobId) -> Result<Value, String> {
	let job = rpc.call("zgCompute_job", json!([id])).await?;
	if job.is_null() {
		return Err(format!("no job {id} on chain (never submitted, or pruned after its retention)"));
	}
	Ok(job)
}

async fn providers(cmd: &ProvidersCmd) -> Result<(), String> {
	let rpc = Rpc::new(&cmd.rpc).await?;
	let kinds = rpc.call("zgCompute_kinds", json!([])).await?;
	let offers = rpc.call("zgCompute_offers", json!([])).await?;
	println!("{}", serde_json::to_string_pretty(&json!({ "kinds": kinds, "offers": offers })).map_err(|e| e.to_string())?);
	Ok(())
}

async fn result(cmd: &JobCmd) -> Result<(), String> {
	let rpc = Rpc::new(&cmd.rpc).await?;
	let job = job(&rpc, cmd.job).await?;
	let output = job["output"].as_str().ok_or_else(|| {
		format!("job {} has no output yet (status {})", cmd.job, job["status"].as_str().unwrap_or("?"))
	})?;
	println!("{output}");
	if job["kind"].as_u64() == Some(1) {
		if let Ok(bytes) = from_hex(output) {
			eprintln!("class {}", bytes.first().copied().unwrap_or_default());
		}
	}
	Ok(())
}

/// The ledger of `who` (free, locked), read from state.
async fn ledger(rpc: &Rpc, who: &AccountId) -> Result<(Balance, Balance), String> {
	use codec::Encode;
	let key = [
		sp_io::hashing::twox_128(b"Compute").to_vec(),
		sp_io::hashing::twox_128(b"Ledgers").to_vec(),
		sp_io::hashing::blake2_128(&who.encode()).to_vec(),
		who.encode(),
	]
	.concat();
	let raw = rpc.call("state_getStorage", json!([sp_core::bytes::to_hex(&key, false)])).await?;
	let Some(hex) = raw.as_str() else { return Ok((0, 0)) };
	let bytes = from_hex(hex).map_err(|e| e.to_string())?;
	let ledger = pallet_zg_compute::Ledger::<Balance>::decode(&mut &bytes[..]).map_err(|e| e.to_string())?;
	Ok((ledger.free, ledger.locked))
}

impl SubmitCmd {
	async fn run(&self) -> Result<(), String> {
		let rpc = Rpc::new(&self.rpc).await?;
		let pair = sp_core::sr25519::Pair::from_string(&self.suri, None).map_err(|e| format!("invalid --suri: {e:?}"))?;
		let who = AccountId::from(pair.public());
		let kinds = rpc.call("zgCompute_kinds", json!([])).await?;
		let kind = kinds
			.as_array()
			.and_then(|ks| {
				ks.iter().find(|k| k["name"].as_str() == Some(&self.kind) || k["id"].to_string() == self.kind)
			})
			.ok_or_else(|| format!("no job kind {} (see `zg-node compute providers`)", self.kind))?;
		let kind_id = kind["id"].as_u64().ok_or("bad kind")? as u32;
		let input = match (&self.input, &self.input_hex, &self.stored) {
			(Some(path), None, None) => pallet_zg_compute::JobInput::Inline(
				std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?.try_into().map_err(|_| {
					"the input is longer than the chain takes inline; store it and use --stored".to_string()
				})?,
			),
			(None, Some(hex), None) => pallet_zg_compute::JobInput::Inline(
				from_hex(hex).map_err(|e| format!("--input-hex: {e:?}"))?.try_into().map_err(|_| {
					"the input is longer than the chain takes inline; store it and use --stored".to_string()
				})?,
			),
			(None, None, Some(root)) => pallet_zg_compute::JobInput::Stored(*root),
			_ => return Err("give the input: --input FILE, --input-hex HEX or --stored ROOT".into()),
		};
		let max_price = parse_zg(&self.max_price)?;
		let timeout = Duration::from_secs(self.timeout);
		let started = Instant::now();

		let (free, _) = ledger(&rpc, &who).await?;
		if free < max_price {
			let amount = max_price - free;
			eprintln!("depositing {amount} planck into the compute ledger of {}", who.to_ss58check());
			let call = zg_runtime::RuntimeCall::Compute(pallet_zg_compute::Call::deposit { amount });
			submit_and_watch(&rpc, &pair, call, timeout).await?;
		}
		let call = zg_runtime::RuntimeCall::Compute(pallet_zg_compute::Call::submit_job {
			kind: kind_id,
			input,
			max_price,
			deadline: self.deadline,
		});
		// The job id comes from the events: only a finalized block's are final (see `Inclusion`).
		let events = submit_and_wait(&rpc, &pair, call, timeout, Inclusion::Finalized).await?;
		let (id, provider, price, deadline) = events
			.iter()
			.find_map(|e| match e {
				zg_runtime::RuntimeEvent::Compute(pallet_zg_compute::Event::JobAssigned {
					job, provider, price, deadline, ..
				}) => Some((*job, provider.clone(), *price, *deadline)),
				_ => None,
			})
			.ok_or("submit_job was included but assigned no job")?;
		eprintln!("job {id} assigned to {} for {price} planck; result due by block {deadline}", provider.to_ss58check());
		if self.wait == WaitFor::Assigned {
			println!("{}", serde_json::to_string_pretty(&job(&rpc, id).await?).map_err(|e| e.to_string())?);
			return Ok(());
		}
		let mut last = String::new();
		loop {
			let record = job(&rpc, id).await?;
			let status = record["status"].as_str().unwrap_or_default().to_string();
			if status != last {
				eprintln!("job {id}: {status} ({:.0} s)", started.elapsed().as_secs_f64());
				last = status.clone();
			}
			let done = match self.wait {
				WaitFor::Assigned => true,
				WaitFor::Result => status != "assigned",
				WaitFor::Final => status == "done" || status.starts_with("failed"),
			};
			if done {
				println!("{}", serde_json::to_string_pretty(&record).map_err(|e| e.to_string())?);
				if status.starts_with("failed") {
					return Err(format!("job {id} {status}: refunded in full"));
				}
				return Ok(());
			}
			if started.elapsed() > timeout {
				return Err(format!("timed out with job {id} {status}"));
			}
			tokio::time::sleep(Duration::from_secs(2)).await;
		}
	}
}

impl DisputeCmd {
	async fn run(&self) -> Result<(), String> {
		let rpc = Rpc::new(&self.rpc).await?;
		let pair = sp_core::sr25519::Pair::from_string(&self.suri, None).map_err(|e| format!("invalid --suri: {e:?}"))?;
		let output = from_hex(&self.output).map_err(|e| format!("--output: {e:?}"))?;
		let evidence = match &self.proof {
			Some(path) => pallet_zg_compute::Evidence::Proof {
				output,
				proof: std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?,
			},
			None => pallet_zg_compute::Evidence::Reexecute { claim: H256(sp_io::hashing::blake2_256(&output)) },
		};
		let call = zg_runtime::RuntimeCall::Compute(pallet_zg_compute::Call::dispute { job: self.job, evidence });
		let events = submit_and_watch(&rpc, &pair, call, Duration::from_secs(self.timeout)).await?;
		for event in events {
			if let zg_runtime::RuntimeEvent::Compute(e) = event {
				eprintln!("{e:?}");
			}
		}
		println!("{}", serde_json::to_string_pretty(&job(&rpc, self.job).await?).map_err(|e| e.to_string())?);
		Ok(())
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn zg_amounts_parse_exactly_and_refuse_garbage() {
		assert_eq!(parse_zg("1"), Ok(ZG));
		assert_eq!(parse_zg("0.25"), Ok(ZG / 4));
		assert_eq!(parse_zg(".5"), Ok(ZG / 2));
		assert_eq!(parse_zg("0.000000000000000001"), Ok(1));
		assert!(parse_zg("0.0000000000000000001").is_err());
		assert!(parse_zg("abc").is_err());
		assert!(parse_zg("").is_err());
		assert!(parse_zg("1e3").is_err());
	}
}
