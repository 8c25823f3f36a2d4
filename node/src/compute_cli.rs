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
	/// Chat with an inference service: open (or top up) a payment channel to its provider when needed, send the
	/// prompt with a voucher for everything charged so far, check the response's receipt against the provider's
	/// attestation key on chain (model, token counts, price) and keep it. Prints the answer.
	Chat(ChatCmd),
	/// Dispute a response `chat` kept whose receipt is provably wrong (another model or service, or token counts
	/// that are not its texts'): `compute.dispute_response` slashes the provider, part of it to you.
	DisputeResponse(DisputeResponseCmd),
}

/// `zg-node compute dispute-response`.
#[derive(Debug, clap::Parser)]
pub struct DisputeResponseCmd {
	/// RPC endpoint of a node.
	#[arg(long, default_value = "http://127.0.0.1:9944")]
	pub rpc: String,
	/// The user's secret URI (the channel's owner).
	#[arg(long)]
	pub suri: String,
	/// The directory `chat` keeps receipts in.
	#[arg(long, default_value = "zg-inference")]
	pub state: PathBuf,
	/// The channel.
	#[arg(long)]
	pub channel: u64,
	/// The receipt's nonce (its request's voucher nonce).
	#[arg(long)]
	pub nonce: u64,
}

/// `zg-node compute chat`.
#[derive(Debug, clap::Parser)]
pub struct ChatCmd {
	/// RPC endpoint of a node.
	#[arg(long, default_value = "http://127.0.0.1:9944")]
	pub rpc: String,
	/// The user's secret URI; its channel key is the ed25519 key of `SURI//zg-inference`.
	#[arg(long)]
	pub suri: String,
	/// The service id (`zgCompute_services`).
	#[arg(long)]
	pub service: u32,
	/// What to ask.
	#[arg(long)]
	pub prompt: String,
	/// The most completion tokens.
	#[arg(long, default_value_t = 128)]
	pub max_tokens: u32,
	/// What to put into the channel, in ZG, when it is missing or cannot pay this request.
	#[arg(long, default_value = "0.1")]
	pub fund: String,
	/// The gateway's base URL (default: the service's endpoint on chain).
	#[arg(long)]
	pub endpoint: Option<String>,
	/// Where the client keeps what it was charged and every receipt (`channel-<id>.json`,
	/// `receipts-<id>.jsonl`): the evidence for `compute.dispute_response`.
	#[arg(long, default_value = "zg-inference")]
	pub state: PathBuf,
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
				ComputeCmd::Chat(cmd) => cmd.run().await,
				ComputeCmd::DisputeResponse(cmd) => cmd.run().await,
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

impl ChatCmd {
	async fn run(&self) -> Result<(), String> {
		use zg_primitives::compute::inference::{price, receipt_message, voucher_message};
		let rpc = Rpc::new(&self.rpc).await?;
		let pair = sp_core::sr25519::Pair::from_string(&self.suri, None).map_err(|e| format!("invalid --suri: {e:?}"))?;
		let channel_key = sp_core::ed25519::Pair::from_string(&format!("{}//zg-inference", self.suri), None)
			.map_err(|e| format!("invalid --suri: {e:?}"))?;
		let user = AccountId::from(pair.public()).to_ss58check();
		let services = rpc.call("zgCompute_services", json!([self.service])).await?;
		let service = services
			.as_array()
			.and_then(|all| all.iter().find(|s| s["id"].as_u64() == Some(u64::from(self.service))))
			.cloned()
			.ok_or_else(|| format!("no service {} on chain (see zgCompute_services)", self.service))?;
		if service["retired"].as_bool() == Some(true) {
			return Err(format!("service {} is retired", self.service));
		}
		let text = |v: &Value, what: &str| v.as_str().map(str::to_string).ok_or_else(|| format!("service {what}"));
		let provider = text(&service["provider"], "provider")?;
		let decimal = |v: &Value, what: &str| -> Result<u128, String> {
			v.as_str().and_then(|s| s.parse().ok()).ok_or_else(|| format!("{what}: not a decimal: {v}"))
		};
		let (input_price, output_price) = (decimal(&service["inputPrice"], "inputPrice")?, decimal(&service["outputPrice"], "outputPrice")?);
		let genesis: H256 = serde_json::from_value(rpc.call("chain_getBlockHash", json!([0])).await?).map_err(|e| e.to_string())?;
		let prompt = format!("user: {}\nassistant:", self.prompt);
		let worst = price(prompt.len() as u64, u64::from(self.max_tokens), input_price, output_price).ok_or("the price overflows")?;

		// The channel: funded enough for this request on top of what was charged.
		std::fs::create_dir_all(&self.state).map_err(|e| format!("{}: {e}", self.state.display()))?;
		let read_channel = || async { rpc.call("zgCompute_channel", json!([user, provider])).await };
		let mut chain = read_channel().await?;
		let local = |id: u64| self.state.join(format!("channel-{id}.json"));
		let charged_here = |chain: &Value| -> u128 {
			chain["id"]
				.as_u64()
				.and_then(|id| std::fs::read(local(id)).ok())
				.and_then(|b| serde_json::from_slice::<Value>(&b).ok())
				.and_then(|v| v["charged"].as_str().and_then(|c| c.parse().ok()))
				.unwrap_or(0)
		};
		let needed = |chain: &Value| -> Result<u128, String> {
			let redeemed = if chain.is_null() { 0 } else { decimal(&chain["redeemed"], "redeemed")? };
			Ok(charged_here(chain).max(redeemed).saturating_add(worst))
		};
		let deposit = if chain.is_null() { 0 } else { decimal(&chain["deposit"], "deposit")? };
		if chain.is_null() || needed(&chain)? > deposit || !chain["refundAt"].is_null() {
			let amount = parse_zg(&self.fund)?.max(needed(&chain)?.saturating_sub(deposit));
			eprintln!("funding the channel of {user} to {provider} with {amount} planck");
			let call = zg_runtime::RuntimeCall::Compute(pallet_zg_compute::Call::fund_channel {
				provider: AccountId::from_ss58check(&provider).map_err(|e| format!("{provider}: {e:?}"))?,
				amount,
				key: channel_key.public().0,
			});
			submit_and_wait(&rpc, &pair, call, Duration::from_secs(120), Inclusion::Best).await?;
			chain = read_channel().await?;
		}
		let id = chain["id"].as_u64().ok_or("the channel did not open")?;
		let redeemed = decimal(&chain["redeemed"], "redeemed")?;
		let saved: Value = std::fs::read(local(id)).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or(Value::Null);
		let owed = charged_here(&chain).max(redeemed);
		let nonce = saved["nonce"].as_u64().unwrap_or(0).max(chain["nonce"].as_u64().unwrap_or(0)) + 1;

		// The request, paid by a voucher for everything charged before it.
		let signature = channel_key.sign(&voucher_message(&genesis, id, owed, nonce));
		let voucher = json!({ "user": user, "channel": id, "amount": owed.to_string(), "nonce": nonce,
			"signature": sp_core::bytes::to_hex(&signature.0, false) });
		let body = json!({ "model": service["model"], "messages": [{ "role": "user", "content": self.prompt }],
			"max_tokens": self.max_tokens })
		.to_string();
		let endpoint = match &self.endpoint {
			Some(e) => e.clone(),
			None => text(&service["endpoint"], "endpoint")?,
		};
		let url = format!("{}/v1/chat/completions", endpoint.trim_end_matches('/'));
		let voucher = voucher.to_string();
		let (code, answer) = tokio::task::spawn_blocking({
			let (url, body) = (url.clone(), body.clone());
			move || {
				zg_node_compute::http::post_with(&url, "application/json", &[("x-zg-voucher", &voucher)], body.as_bytes(), 1 << 20, Duration::from_secs(300))
			}
		})
		.await
		.map_err(|e| e.to_string())??;
		let answer: Value = serde_json::from_slice(&answer).map_err(|e| format!("{url}: HTTP {code}, not JSON: {e}"))?;
		if code != 200 {
			return Err(format!("{url}: HTTP {code}: {}", answer["error"]["message"].as_str().unwrap_or("no message")));
		}

		// The receipt: signed by the provider's attestation key, for this request, model, text and counts.
		let completion = answer["choices"][0]["message"]["content"].as_str().ok_or("no completion in the answer")?.to_string();
		let (receipt, signature) = receipt_of(&answer["zg"]["receipt"], &answer["zg"]["signature"])?;
		let key = from_hex(&text(&service["attestationKey"], "attestationKey")?).ok().and_then(|b| <[u8; 32]>::try_from(b).ok()).ok_or("attestation key")?;
		let verified = sp_core::ed25519::Pair::verify(
			&sp_core::ed25519::Signature::from_raw(signature),
			receipt_message(&genesis, &receipt),
			&sp_core::ed25519::Public::from_raw(key),
		);
		let weights: H256 = serde_json::from_value(service["weights"].clone()).map_err(|e| e.to_string())?;
		let mut problems = Vec::new();
		if !verified {
			problems.push("the receipt's signature is not the provider's attestation key's".to_string());
		}
		if (receipt.channel, receipt.nonce, receipt.service) != (id, nonce, self.service) {
			problems.push("the receipt is for another request".into());
		}
		if receipt.model != weights {
			problems.push(format!("the receipt names model {:?}, the service lists {weights:?}", receipt.model));
		}
		if receipt.request != H256(sp_io::hashing::blake2_256(body.as_bytes())) ||
			receipt.prompt != H256(sp_io::hashing::blake2_256(prompt.as_bytes())) ||
			receipt.completion != H256(sp_io::hashing::blake2_256(completion.as_bytes()))
		{
			problems.push("the receipt hashes another request, prompt or text".into());
		}
		if service["tokenizer"] == "bytes" &&
			(receipt.input_tokens as usize != prompt.len() || receipt.output_tokens as usize != completion.len())
		{
			problems.push(format!(
				"token counts {}+{} are not the texts' {}+{}: provably wrong (compute.dispute_response)",
				receipt.input_tokens,
				receipt.output_tokens,
				prompt.len(),
				completion.len()
			));
		}
		let cost = price(receipt.input_tokens.into(), receipt.output_tokens.into(), input_price, output_price).ok_or("the price overflows")?;
		// Keep it: what was charged, and the receipt with its texts (the evidence a dispute needs).
		let record = json!({ "receipt": answer["zg"]["receipt"], "signature": answer["zg"]["signature"], "prompt": prompt,
			"completion": completion, "cost": cost.to_string(), "problems": problems });
		let mut receipts = std::fs::OpenOptions::new()
			.create(true)
			.append(true)
			.open(self.state.join(format!("receipts-{id}.jsonl")))
			.map_err(|e| e.to_string())?;
		std::io::Write::write_all(&mut receipts, format!("{record}\n").as_bytes()).map_err(|e| e.to_string())?;
		let charged = owed.saturating_add(cost);
		std::fs::write(local(id), json!({ "charged": charged.to_string(), "nonce": nonce }).to_string()).map_err(|e| e.to_string())?;
		eprintln!(
			"channel {id}: {} prompt + {} completion tokens, {cost} planck (charged {charged} in all); receipt {}",
			receipt.input_tokens,
			receipt.output_tokens,
			if problems.is_empty() { "verified".to_string() } else { format!("WRONG: {}", problems.join("; ")) }
		);
		println!("{completion}");
		if problems.is_empty() {
			Ok(())
		} else {
			Err("the response's receipt does not check out (kept with the receipts for a dispute)".into())
		}
	}
}

impl DisputeResponseCmd {
	async fn run(&self) -> Result<(), String> {
		let rpc = Rpc::new(&self.rpc).await?;
		let pair = sp_core::sr25519::Pair::from_string(&self.suri, None).map_err(|e| format!("invalid --suri: {e:?}"))?;
		let path = self.state.join(format!("receipts-{}.jsonl", self.channel));
		let kept = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
		let record: Value = kept
			.lines()
			.filter_map(|l| serde_json::from_str::<Value>(l).ok())
			.find(|r| r["receipt"]["nonce"].as_u64() == Some(self.nonce))
			.ok_or_else(|| format!("no receipt of nonce {} in {}", self.nonce, path.display()))?;
		let (receipt, signature) = receipt_of(&record["receipt"], &record["signature"])?;
		let services = rpc.call("zgCompute_services", json!([receipt.service])).await?;
		let provider = services
			.as_array()
			.and_then(|all| all.iter().find(|s| s["id"].as_u64() == Some(u64::from(receipt.service))))
			.and_then(|s| s["provider"].as_str())
			.ok_or_else(|| format!("service {} is not on chain", receipt.service))?;
		let text = |field: &str| -> Result<Vec<u8>, String> {
			Ok(record[field].as_str().ok_or(format!("kept {field}"))?.as_bytes().to_vec())
		};
		let call = zg_runtime::RuntimeCall::Compute(pallet_zg_compute::Call::dispute_response {
			provider: AccountId::from_ss58check(provider).map_err(|e| format!("{provider}: {e:?}"))?,
			receipt,
			signature,
			prompt: text("prompt")?.try_into().map_err(|_| "the prompt is longer than a dispute carries")?,
			completion: text("completion")?.try_into().map_err(|_| "the completion is longer than a dispute carries")?,
		});
		let events = submit_and_wait(&rpc, &pair, call, Duration::from_secs(120), Inclusion::Best).await?;
		for event in events {
			match event {
				zg_runtime::RuntimeEvent::Compute(pallet_zg_compute::Event::ResponseDisputed { reason, .. }) =>
					eprintln!("the receipt is wrong ({reason:?})"),
				zg_runtime::RuntimeEvent::Compute(pallet_zg_compute::Event::Slashed { who, amount, to_beneficiary, .. }) =>
					println!("{}", json!({ "slashed": who.to_ss58check(), "amount": amount.to_string(), "toYou": to_beneficiary.to_string() })),
				_ => {},
			}
		}
		Ok(())
	}
}

/// A response receipt and its signature, as the gateway answers them (`zg.receipt`, `zg.signature`).
fn receipt_of(r: &Value, signature: &Value) -> Result<(zg_primitives::compute::inference::ResponseReceipt, [u8; 64]), String> {
	let hash = |field: &str| -> Result<H256, String> {
		r[field].as_str().and_then(|h| from_hex(h).ok()).filter(|b| b.len() == 32).map(|b| H256::from_slice(&b)).ok_or(format!("receipt {field}"))
	};
	let number = |field: &str| r[field].as_u64().ok_or(format!("receipt {field}"));
	let receipt = zg_primitives::compute::inference::ResponseReceipt {
		channel: number("channel")?,
		nonce: number("nonce")?,
		service: number("service")? as u32,
		model: hash("model")?,
		request: hash("request")?,
		prompt: hash("prompt")?,
		completion: hash("completion")?,
		input_tokens: number("inputTokens")? as u32,
		output_tokens: number("outputTokens")? as u32,
	};
	let signature = signature
		.as_str()
		.and_then(|s| from_hex(s).ok())
		.and_then(|b| <[u8; 64]>::try_from(b).ok())
		.ok_or("receipt signature")?;
	Ok((receipt, signature))
}
