//! `zg-compute-worker`: runs compute jobs for a provider node (see `zg_node_compute::worker`), and makes the
//! Groth16 keys of the digits circuit (`setup`), digits datasets (`dataset`), and trains and scores models by
//! hand as `train-digits` jobs do (`train`, `evaluate`: re-execution anyone can run).
//!
//! ```text
//! zg-compute-worker serve --listen 127.0.0.1:8780 --attestation-seed //Provider1 --node-rpc http://127.0.0.1:9944
//! zg-compute-worker setup --dev --out keys/   # deterministic dev keys: NOT for production
//! zg-compute-worker dataset --samples 1000 --seed 1 --out digits.bin
//! zg-compute-worker train --dataset digits.bin --out model.bin   # {"root":…,"size":…,"accuracyPermille":…}
//! ```

use clap::{Parser, Subcommand};
use sp_core::{ed25519, Pair};
use std::{net::TcpListener, sync::Arc};
use zg_node_compute::{cuda, data, keys, model, train, worker};

#[derive(Parser)]
#[command(name = "zg-compute-worker", version, about = "Runs zg compute jobs for a provider node")]
struct Cli {
	#[command(subcommand)]
	command: Command,
}

#[derive(Subcommand)]
enum Command {
	/// Serve `POST /work` to the provider node's off-chain worker.
	Serve {
		/// Where to listen (keep it on localhost: the node's off-chain worker is the only client).
		#[arg(long, default_value = "127.0.0.1:8780")]
		listen: String,
		/// The attestation key: a secret URI (`//Name`, a mnemonic) or 32 hex bytes. Its public key is what the
		/// provider registers on chain (printed at start).
		#[arg(long)]
		attestation_seed: String,
		/// The provider node's JSON-RPC URL (for datasets in zg storage and trained models).
		#[arg(long)]
		node_rpc: Option<String>,
		/// `auto` (a GPU if the CUDA driver finds one, else the CPU), `cpu` or `cuda` (fail without a GPU).
		#[arg(long, default_value = "auto")]
		device: String,
		/// Jobs run at once.
		#[arg(long, default_value_t = 1)]
		threads: usize,
		/// A proving key file from `setup`; default: the deterministic dev keys, made at start.
		#[arg(long)]
		proving_key: Option<std::path::PathBuf>,
		/// Fault injection for tests: attest wrong outputs.
		#[arg(long, hide = true)]
		tamper: bool,
	},
	/// Make the Groth16 keys of the shipped digits circuit.
	Setup {
		/// The deterministic dev setup (the only one this tool makes: anyone can rebuild its secrets, so it is
		/// for dev and test chains only; production keys come from a multi-party ceremony).
		#[arg(long)]
		dev: bool,
		/// The directory to write `digits.pk` and `digits.vk` to.
		#[arg(long)]
		out: std::path::PathBuf,
	},
	/// Write a generated digits dataset (the `train-digits` input format: 65 bytes per sample).
	Dataset {
		/// Samples (digits in turn).
		#[arg(long, default_value_t = 1_000)]
		samples: usize,
		/// The generator's seed: the same seed makes the same dataset.
		#[arg(long, default_value_t = 1)]
		seed: u64,
		/// Where to write it.
		#[arg(long)]
		out: std::path::PathBuf,
	},
	/// Train the digits MLP on a dataset file as a `train-digits` job does, write the model, and print its
	/// storage root, its size and its accuracy on 1,000 digits it did not see (re-execution by hand).
	Train {
		/// The dataset file.
		#[arg(long)]
		dataset: std::path::PathBuf,
		/// Where to write the model.
		#[arg(long)]
		out: std::path::PathBuf,
	},
	/// Serve the built-in inference model (`zg-ngram-1`) as an OpenAI-compatible API (`/v1/models`,
	/// `/v1/chat/completions`, `/v1/completions`, streaming or not) for an inference service on chain: each request
	/// must carry a voucher of the user's payment channel (header `x-zg-voucher`), each response carries a receipt
	/// signed with the attestation key; `GET /zg/vouchers` lists the latest voucher of every channel to redeem.
	Gateway {
		/// Where to listen.
		#[arg(long, default_value = "127.0.0.1:8080")]
		listen: String,
		/// The provider's attestation key (as for `serve`): what signs response receipts.
		#[arg(long)]
		attestation_seed: String,
		/// A node's HTTP JSON-RPC URL (channels, prices, genesis hash).
		#[arg(long)]
		node_rpc: String,
		/// The provider's account (SS58): whose channels pay.
		#[arg(long)]
		provider: String,
		/// The service's id on chain (`compute.add_service` with the weights hash `ngram-info` prints).
		#[arg(long)]
		service: u32,
		/// Requests served at once (each holds a thread while it streams).
		#[arg(long, default_value_t = 4)]
		threads: usize,
		/// A UTF-8 text file to train the model on instead of zg's README (another model, another weights hash).
		#[arg(long)]
		corpus: Option<std::path::PathBuf>,
		/// Serve an OpenAI-compatible server at this base URL (llama.cpp's `llama-server`, vLLM) instead of the
		/// built-in model; token counts are its `usage`. Needs `--upstream-model`, `--model-name` and `--weights`.
		#[arg(long, requires_all = ["upstream_model", "model_name", "weights"])]
		upstream: Option<String>,
		/// The model name the upstream server knows.
		#[arg(long)]
		upstream_model: Option<String>,
		/// The model name clients ask for (the service's on chain).
		#[arg(long)]
		model_name: Option<String>,
		/// The weights hash the service registered (0x + 64 hex), for `--upstream`.
		#[arg(long)]
		weights: Option<String>,
		/// Fault injection for tests: sign receipts with one completion token too many.
		#[arg(long, hide = true)]
		tamper: bool,
	},
	/// Print the built-in inference model's name, weights hash (what `compute.add_service` registers) and size.
	NgramInfo {
		/// As for `gateway`.
		#[arg(long)]
		corpus: Option<std::path::PathBuf>,
	},
	/// Print a model file's storage root, size and accuracy on 1,000 digits from a seed it was not trained on.
	Evaluate {
		/// The model file (as `train` writes it, or as downloaded from zg storage).
		#[arg(long)]
		model: std::path::PathBuf,
	},
}

/// The digits a model is scored on: a seed no training set in the tools uses.
const EVALUATION_SEED: u64 = 0xe7a1;

fn model_summary(bytes: &[u8]) -> Result<String, String> {
	let model = model::Mlp::decode(bytes).map_err(|e| format!("not a digits model: {e:?}"))?;
	let unseen = data::dataset(EVALUATION_SEED, 1_000);
	Ok(serde_json::json!({
		"root": format!("{:?}", zg_primitives::storage::file_root(bytes)),
		"size": bytes.len(),
		"accuracyPermille": train::accuracy_permille(&model, &unseen),
	})
	.to_string())
}

fn ngram_model(corpus: Option<&std::path::Path>) -> Result<zg_node_compute::ngram::Model, String> {
	Ok(match corpus {
		Some(path) => zg_node_compute::ngram::Model::train(&std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?),
		None => zg_node_compute::ngram::Model::builtin(),
	})
}

fn attestation_pair(seed: &str) -> Result<ed25519::Pair, String> {
	if let Ok(bytes) = sp_core::bytes::from_hex(seed) {
		if let Ok(seed) = <[u8; 32]>::try_from(bytes.as_slice()) {
			return Ok(ed25519::Pair::from_seed(&seed));
		}
	}
	ed25519::Pair::from_string(seed, None).map_err(|e| format!("--attestation-seed: {e:?}"))
}

fn main() {
	let _ = simple_logger();
	if let Err(e) = run(Cli::parse()) {
		eprintln!("zg-compute-worker: {e}");
		std::process::exit(1);
	}
}

fn simple_logger() -> Result<(), log::SetLoggerError> {
	struct Stderr;
	impl log::Log for Stderr {
		fn enabled(&self, m: &log::Metadata) -> bool {
			m.level() <= log::Level::Info
		}
		fn log(&self, r: &log::Record) {
			if self.enabled(r.metadata()) {
				eprintln!("{} {}", r.level(), r.args());
			}
		}
		fn flush(&self) {}
	}
	log::set_logger(&Stderr).map(|_| log::set_max_level(log::LevelFilter::Info))
}

fn run(cli: Cli) -> Result<(), String> {
	let model = model::shipped();
	match cli.command {
		Command::Setup { dev, out } => {
			if !dev {
				return Err("only the deterministic dev setup is built in (--dev); production keys come from a \
				            multi-party ceremony"
					.into());
			}
			let keys = keys::dev_setup(&model).map_err(|e| e.0)?;
			std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
			std::fs::write(out.join("digits.pk"), keys.proving_bytes()).map_err(|e| e.to_string())?;
			std::fs::write(out.join("digits.vk"), &keys.verifying).map_err(|e| e.to_string())?;
			println!("wrote {0}/digits.pk and {0}/digits.vk (dev setup: NOT for production)", out.display());
			Ok(())
		},
		Command::Dataset { samples, seed, out } => {
			if samples == 0 {
				return Err("--samples must be at least 1".into());
			}
			let bytes = data::encode(&data::dataset(seed, samples));
			std::fs::write(&out, &bytes).map_err(|e| format!("{}: {e}", out.display()))?;
			println!("{}", out.display());
			Ok(())
		},
		Command::Train { dataset, out } => {
			let bytes = std::fs::read(&dataset).map_err(|e| format!("{}: {e}", dataset.display()))?;
			let samples = data::decode(&bytes).map_err(|e| format!("{}: {e:?}", dataset.display()))?;
			let model = train::train(&samples, &train::DEFAULT_CONFIG).export().encode();
			std::fs::write(&out, &model).map_err(|e| format!("{}: {e}", out.display()))?;
			println!("{}", model_summary(&model)?);
			Ok(())
		},
		Command::NgramInfo { corpus } => {
			let model = ngram_model(corpus.as_deref())?;
			println!(
				"{}",
				serde_json::json!({
					"model": zg_node_compute::ngram::NAME,
					"weights": format!("0x{}", model.weights_hash().iter().map(|b| format!("{b:02x}")).collect::<String>()),
					"contexts": model.contexts(),
					"tokenizer": "bytes",
				})
			);
			Ok(())
		},
		Command::Gateway {
			listen,
			attestation_seed,
			node_rpc,
			provider,
			service,
			threads,
			corpus,
			upstream,
			upstream_model,
			model_name,
			weights,
			tamper,
		} => {
			let attestation = attestation_pair(&attestation_seed)?;
			let (model, model_name) = match upstream {
				Some(url) => {
					let weights = weights
						.as_deref()
						.and_then(|w| sp_core::bytes::from_hex(w).ok())
						.filter(|b| b.len() == 32)
						.map(|b| sp_core::H256::from_slice(&b))
						.ok_or("--weights: 0x and 32 bytes of hex")?;
					let model = upstream_model.ok_or("--upstream-model")?;
					(zg_node_compute::gateway::Backend::Upstream { url, model, weights }, model_name.ok_or("--model-name")?)
				},
				None => (
					zg_node_compute::gateway::Backend::Builtin(ngram_model(corpus.as_deref())?),
					model_name.unwrap_or_else(|| zg_node_compute::ngram::NAME.into()),
				),
			};
			let genesis = zg_node_compute::http::json_rpc(&node_rpc, "chain_getBlockHash", serde_json::json!([0]), 1 << 12)?;
			let genesis = genesis
				.as_str()
				.and_then(|h| sp_core::bytes::from_hex(h).ok())
				.filter(|b| b.len() == 32)
				.map(|b| sp_core::H256::from_slice(&b))
				.ok_or_else(|| format!("{node_rpc}: no genesis hash"))?;
			let gateway = zg_node_compute::gateway::Gateway::new(zg_node_compute::gateway::Config {
				model,
				model_name: model_name.clone(),
				service,
				attestation,
				genesis,
				chain: Box::new(zg_node_compute::gateway::NodeChain { url: node_rpc, provider, service }),
				tamper,
			});
			if tamper {
				log::warn!("--tamper: signing WRONG token counts (fault injection for tests)");
			}
			let listener = TcpListener::bind(&listen).map_err(|e| format!("{listen}: {e}"))?;
			log::info!("gateway for service {service} ({model_name}, weights {:?}) on http://{listen}", gateway.weights());
			let gateway = Arc::new(gateway);
			zg_node_compute::http::serve_replies(listener, threads, zg_node_compute::gateway::MAX_BODY, move |r| gateway.serve(r));
			Ok(())
		},
		Command::Evaluate { model } => {
			let bytes = std::fs::read(&model).map_err(|e| format!("{}: {e}", model.display()))?;
			println!("{}", model_summary(&bytes)?);
			Ok(())
		},
		Command::Serve { listen, attestation_seed, node_rpc, device, threads, proving_key, tamper } => {
			let attestation = attestation_pair(&attestation_seed)?;
			let keys = match proving_key {
				Some(path) => keys::Keys::from_proving_bytes(
					&std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?,
				)
				.map_err(|e| e.0)?,
				None => keys::dev_setup(&model).map_err(|e| e.0)?,
			};
			let gpu = match device.as_str() {
				"cpu" => None,
				"auto" => cuda::Gpu::detect().map_err(|why| log::info!("no GPU ({why}): jobs run on the CPU")).ok(),
				"cuda" => Some(cuda::Gpu::detect()?),
				other => return Err(format!("--device {other}: auto, cpu or cuda")),
			};
			if let Some(gpu) = &gpu {
				log::info!("GPU: {}", gpu.name());
			}
			let listener = TcpListener::bind(&listen).map_err(|e| format!("{listen}: {e}"))?;
			let worker = worker::Worker::start(
				worker::Config { attestation, model, keys: Arc::new(keys), node_rpc, gpu, tamper },
				threads,
			);
			if tamper {
				log::warn!("--tamper: attesting WRONG outputs (fault injection for tests)");
			}
			// The line tests and operators read: where it listens and the key to register.
			println!(
				"zg-compute-worker listening on {} attestation-key 0x{}",
				listener.local_addr().map_err(|e| e.to_string())?,
				sp_core::hexdisplay::HexDisplay::from(&worker.attestation_key())
			);
			zg_node_compute::http::serve(listener, 4, 64 * 1024, move |request| worker.serve(request));
			Ok(())
		},
	}
}
