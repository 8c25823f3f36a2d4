//! The command line of `zg-node`: Substrate's standard node flags and subcommands.

/// Subcommands besides running the node.
#[derive(Debug, clap::Subcommand)]
#[allow(clippy::large_enum_variant)]
pub enum Subcommand {
	/// Key management: generate, inspect, insert keys into the keystore.
	#[command(subcommand)]
	Key(sc_cli::KeySubcommand),

	/// Build a chain specification (`--chain dev|local|<file>`; `--raw` for the storage form).
	BuildSpec(sc_cli::BuildSpecCmd),

	/// Validate blocks.
	CheckBlock(sc_cli::CheckBlockCmd),

	/// Export blocks.
	ExportBlocks(sc_cli::ExportBlocksCmd),

	/// Export the state of a given block into a chain spec.
	ExportState(sc_cli::ExportStateCmd),

	/// Import blocks.
	ImportBlocks(sc_cli::ImportBlocksCmd),

	/// Remove the whole chain.
	PurgeChain(sc_cli::PurgeChainCmd),

	/// Revert the chain to a previous state.
	Revert(sc_cli::RevertCmd),

	/// Benchmarks: pallets (weights), storage, block and extrinsic overhead, this machine.
	#[command(subcommand)]
	Benchmark(frame_benchmarking_cli::BenchmarkCmd),

	/// Database meta columns information.
	ChainInfo(sc_cli::ChainInfoCmd),

	/// Compute market client: providers, submit a job, follow it, read its result, dispute it.
	#[command(subcommand)]
	Compute(crate::compute_cli::ComputeCmd),

	/// Storage network client: upload, download and inspect files through a running node's RPC.
	#[command(subcommand)]
	Storage(crate::storage_cli::StorageCmd),

	/// Data availability: submit, status, sample, get.
	#[command(subcommand)]
	Da(crate::da_cli::DaCmd),

	/// Compile a runtime into wasmtime's cache (`--wasmtime-cache`) before nodes need it: the code a runtime
	/// upgrade will set, or this node's own runtime before starting many nodes.
	PrecompileRuntime(crate::precompile::PrecompileRuntimeCmd),
}

/// The node's part in the storage network.
#[derive(Debug, Clone, clap::Args)]
pub struct StorageParams {
	/// Act as a storage provider: the off-chain worker encodes files uploaded here, fetches and keeps the
	/// shards the chain assigns to this node's provider keys (key type `zgst`), and answers their challenges.
	/// Enables the off-chain worker.
	#[arg(long)]
	pub storage_provider: bool,

	/// The most bytes the node's blob store (files uploaded or downloaded here, and shards) may hold.
	#[arg(long, default_value_t = 64 * 1024 * 1024 * 1024)]
	pub storage_max_bytes: u64,

	/// The most bytes uploads not yet paid for on chain (in progress, or finished and not yet seen in a block)
	/// may hold together; the rest of the store stays free for the shards the chain assigns. Default: an eighth
	/// of `--storage-max-bytes`.
	#[arg(long)]
	pub storage_upload_max_bytes: Option<u64>,

	/// The most bytes whole-file copies nobody relies on (downloads' rebuilds, stored uploads) may hold; the
	/// least recently read go first. Default: an eighth of `--storage-max-bytes`.
	#[arg(long)]
	pub storage_cache_max_bytes: Option<u64>,

	/// Serve files over HTTP at this address (`IP:PORT`): `PUT /storage/v1/files/0x<root>` uploads a file as the
	/// request body, `GET` the same path downloads one (with `Range`), both streamed as raw bytes, beside the
	/// `zgStorage` RPC's hex chunks. Off unless given; anyone who reaches it may upload into the quota of unpaid
	/// uploads, so bind it to localhost unless the node takes uploads from others.
	#[arg(long, value_name = "IP:PORT")]
	pub storage_http: Option<std::net::SocketAddr>,

	/// Connections the storage HTTP endpoint serves at a time.
	#[arg(long, default_value_t = 16)]
	pub storage_http_max_connections: usize,

	/// Seconds after which an upload that received no chunk is discarded.
	#[arg(long, default_value_t = 300)]
	pub storage_upload_idle_secs: u64,

	/// Do not encode an upload before its submission lands. By default a provider's node starts erasure-coding a
	/// finished upload at once (only when its encoder is idle, its shards within the quota of unpaid uploads), so
	/// that it confirms the encoding in the block after the submission and the providers find the shards ready;
	/// with this flag it encodes once the chain asks, and the file is stored about a block later.
	#[arg(long)]
	pub storage_no_encode_ahead: bool,

	/// Fault injection for the end-to-end tests: misbehave as a provider that answers its storage challenges but
	/// serves nobody (refuses every p2p shard request, leaves retrieval challenges unanswered) — and is slashed
	/// for it. Hidden: never for a real node.
	#[arg(long, hide = true)]
	pub storage_withhold: bool,
}

impl StorageParams {
	/// The blob store's limits.
	pub fn limits(&self) -> zg_node_storage::StoreLimits {
		let defaults = zg_node_storage::StoreLimits::new(self.storage_max_bytes);
		zg_node_storage::StoreLimits {
			max_upload_bytes: self.storage_upload_max_bytes.unwrap_or(defaults.max_upload_bytes),
			max_cache_bytes: self.storage_cache_max_bytes.unwrap_or(defaults.max_cache_bytes),
			upload_idle_secs: self.storage_upload_idle_secs,
			..defaults
		}
	}
}

/// The node's part in the compute market.
#[derive(Debug, Clone, clap::Args)]
pub struct ComputeParams {
	/// Act as a compute provider: the off-chain worker hands the jobs the chain assigns to this node's compute
	/// keys (key type `zgcp`) to the compute worker at `--compute-worker`, and submits their results and jury
	/// votes. Enables the off-chain worker.
	#[arg(long)]
	pub compute_provider: bool,

	/// The compute worker's URL (`zg-compute-worker serve`; keep it on localhost).
	#[arg(long, default_value = "http://127.0.0.1:8780")]
	pub compute_worker: String,

	/// The provider's inference gateway (`zg-compute-worker gateway`): with `--compute-provider`, the off-chain
	/// worker reads its latest vouchers and redeems them (`compute.redeem_batch`) every few blocks, and at once for
	/// a channel whose user asked for a refund.
	#[arg(long)]
	pub inference_gateway: Option<String>,
}

/// The node's part in data availability.
#[derive(Debug, Clone, clap::Args)]
pub struct DaParams {
	/// Act as a DA signer: the off-chain worker of this node's DA keys (key type `zgda`) fetches, checks and keeps
	/// the columns of the blobs its committee slots hold, attests them, and answers custody challenges. Enables
	/// the off-chain worker.
	#[arg(long)]
	pub da_signer: bool,

	/// The most bytes the DA column store may hold (columns this node disperses or keeps for its slots).
	#[arg(long, default_value_t = 16 << 30)]
	pub da_max_bytes: u64,

	/// Seconds the DA column store keeps the columns of a blob the chain has no record of (a dispersal not
	/// submitted yet, or never); a blob that expired on chain loses its columns at once.
	#[arg(long, default_value_t = 3_600, value_name = "SECS")]
	pub da_prune_grace: u64,

	/// Fault injection for the end-to-end tests: misbehave as a signer that keeps nothing (custody fetches fail,
	/// no cell is ever found, so custody challenges go unanswered) — and is slashed for it. Hidden: never for a
	/// real node.
	#[arg(long, hide = true)]
	pub da_forget: bool,
}

/// The `zg-node` command line.
#[derive(Debug, clap::Parser)]
pub struct Cli {
	#[command(subcommand)]
	pub subcommand: Option<Subcommand>,

	#[clap(flatten)]
	pub run: sc_cli::RunCmd,

	#[clap(flatten)]
	pub storage: StorageParams,

	#[clap(flatten)]
	pub compute: ComputeParams,

	#[clap(flatten)]
	pub da: DaParams,

	/// Skip the hardware benchmark run at start-up.
	#[arg(long)]
	pub no_hardware_benchmarks: bool,

	/// Keep the runtime's compiled native code in this directory (wasmtime's cache, keyed by the code's hash and the
	/// compiler's settings) and load it from there when the same runtime was compiled before, by this node or by
	/// any other given the same directory: a restart, or several nodes on one machine, then skip compiling the
	/// runtime (seconds per start in a debug build). Off unless given.
	#[arg(long, value_name = "DIR", env = "ZG_WASMTIME_CACHE", global = true)]
	pub wasmtime_cache: Option<std::path::PathBuf>,
}
