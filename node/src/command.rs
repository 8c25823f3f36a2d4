//! Dispatches `zg-node`'s command line: run the node, or one of the maintenance and benchmark subcommands.

use frame_benchmarking_cli::{BenchmarkCmd, ExtrinsicFactory, SUBSTRATE_REFERENCE_HARDWARE};
use sc_cli::SubstrateCli;
use sc_service::PartialComponents;
use sp_keyring::Sr25519Keyring;
use zg_primitives::{currency::EXISTENTIAL_DEPOSIT, Block};

use crate::{
	benchmarking::{inherent_benchmark_data, RemarkBuilder, TransferKeepAliveBuilder},
	chain_spec,
	cli::{Cli, Subcommand},
	service,
};

impl SubstrateCli for Cli {
	fn impl_name() -> String {
		"zg node".into()
	}

	fn impl_version() -> String {
		env!("SUBSTRATE_CLI_IMPL_VERSION").into()
	}

	fn description() -> String {
		env!("CARGO_PKG_DESCRIPTION").into()
	}

	fn author() -> String {
		env!("CARGO_PKG_AUTHORS").into()
	}

	fn support_url() -> String {
		"https://example.invalid/zg/issues".into()
	}

	fn copyright_start_year() -> i32 {
		2026
	}

	fn load_spec(&self, id: &str) -> Result<Box<dyn sc_service::ChainSpec>, String> {
		chain_spec::load(id)
	}
}

/// The transaction pool zg-node runs unless `--pool-type` is given: the single-state pool. sc-cli's default, the
/// fork-aware pool (sc-transaction-pool 48), lost transactions it had accepted under bursts of submissions: 2,400
/// to 3,100 of 10,000 in three of nine runs of `tests/e2e/bench/tps.mjs`, none in the single-state pool's runs.
/// How, from reading its code (not yet seen in a log): a new view is built from its parent while submissions go
/// on, and the transactions that missed it are then submitted to it from the mempool, up to 7,000, in hash-map
/// order; out of nonce order, many wait in the view's future queue, which holds a tenth of `--pool-limit`, and
/// those evicted from it are removed from the mempool as dropped. A chain whose operators want the fork-aware pool (e.g. for its handling of forks of
/// many blocks) passes `--pool-type fork-aware`.
fn default_to_single_state_pool(cli: &mut Cli, args: impl Iterator<Item = std::ffi::OsString>) {
	let explicit = args.into_iter().any(|arg| {
		arg.to_str().is_some_and(|arg| arg == "--pool-type" || arg.starts_with("--pool-type="))
	});
	if !explicit {
		cli.run.pool_config.pool_type = sc_cli::TransactionPoolType::SingleState;
	}
}

/// Parses the command line and runs what it asks for.
pub fn run() -> sc_cli::Result<()> {
	let mut cli = Cli::from_args();
	zg_primitives::storage::erasure::check_cpu().map_err(sc_cli::Error::Input)?;
	default_to_single_state_pool(&mut cli, std::env::args_os());
	if let Some(dir) = cli.wasmtime_cache.clone() {
		service::set_wasmtime_cache(dir);
	}
	// Addresses in zg's own SS58 format (what Polkadot.js shows once it reads the chain properties) must be
	// accepted by RPCs such as `system_accountNextIndex` and printed by `key` commands.
	sp_core::crypto::set_default_ss58_version(sp_core::crypto::Ss58AddressFormat::custom(
		zg_primitives::network::SS58_PREFIX,
	));

	match &cli.subcommand {
		Some(Subcommand::Key(cmd)) => cmd.run(&cli),
		Some(Subcommand::BuildSpec(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run(config.chain_spec, config.network))
		},
		Some(Subcommand::CheckBlock(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, import_queue, .. } =
					service::new_partial(&config)?;
				Ok((cmd.run(client, import_queue), task_manager))
			})
		},
		Some(Subcommand::ExportBlocks(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, .. } = service::new_partial(&config)?;
				Ok((cmd.run(client, config.database), task_manager))
			})
		},
		Some(Subcommand::ExportState(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, .. } = service::new_partial(&config)?;
				Ok((cmd.run(client, config.chain_spec), task_manager))
			})
		},
		Some(Subcommand::ImportBlocks(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, import_queue, .. } =
					service::new_partial(&config)?;
				Ok((cmd.run(client, import_queue), task_manager))
			})
		},
		Some(Subcommand::PurgeChain(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run(config.database))
		},
		Some(Subcommand::Revert(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, backend, .. } =
					service::new_partial(&config)?;
				// BABE's epoch data and GRANDPA's authority-set data must be reverted with the blocks.
				let aux_revert = Box::new(|client: std::sync::Arc<service::FullClient>, backend, blocks| {
					sc_consensus_babe::revert(client.clone(), backend, blocks)?;
					sc_consensus_grandpa::revert(client, blocks)?;
					Ok(())
				});
				Ok((cmd.run(client, backend, Some(aux_revert)), task_manager))
			})
		},
		Some(Subcommand::Benchmark(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| match cmd {
				BenchmarkCmd::Pallet(cmd) => {
					if !cfg!(feature = "runtime-benchmarks") {
						return Err("Pallet benchmarks need a node built with \
							`--features runtime-benchmarks`."
							.into());
					}
					cmd.run_with_spec::<sp_runtime::traits::HashingFor<Block>, service::HostFunctions>(
						Some(config.chain_spec),
					)
				},
				BenchmarkCmd::Block(cmd) => {
					let PartialComponents { client, .. } = service::new_partial(&config)?;
					cmd.run(client)
				},
				#[cfg(not(feature = "runtime-benchmarks"))]
				BenchmarkCmd::Storage(_) => Err("Storage benchmarks need a node built with \
					`--features runtime-benchmarks`."
					.into()),
				#[cfg(feature = "runtime-benchmarks")]
				BenchmarkCmd::Storage(cmd) => {
					let PartialComponents { client, backend, .. } = service::new_partial(&config)?;
					let db = backend.expose_db();
					let storage = backend.expose_storage();
					let shared_cache = backend.expose_shared_trie_cache();
					cmd.run(config, client, db, storage, shared_cache)
				},
				BenchmarkCmd::Overhead(cmd) => cmd
					.run_with_default_builder_and_spec::<Block, service::HostFunctions>(Some(
						config.chain_spec,
					)),
				BenchmarkCmd::Extrinsic(cmd) => {
					let PartialComponents { client, .. } = service::new_partial(&config)?;
					let ext_factory = ExtrinsicFactory(vec![
						Box::new(RemarkBuilder::new(client.clone())),
						Box::new(TransferKeepAliveBuilder::new(
							client.clone(),
							Sr25519Keyring::Alice.to_account_id(),
							EXISTENTIAL_DEPOSIT,
						)),
					]);
					cmd.run(client, inherent_benchmark_data()?, Vec::new(), &ext_factory)
				},
				BenchmarkCmd::Machine(cmd) =>
					cmd.run(&config, SUBSTRATE_REFERENCE_HARDWARE.clone()),
			})
		},
		Some(Subcommand::Storage(cmd)) => cmd.run().map_err(sc_cli::Error::Input),
		Some(Subcommand::Compute(cmd)) => cmd.run().map_err(sc_cli::Error::Input),
		Some(Subcommand::Da(cmd)) => cmd.run().map_err(sc_cli::Error::Input),
		Some(Subcommand::PrecompileRuntime(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			let cache = cli.wasmtime_cache.clone();
			runner.sync_run(|config| {
				let done = cmd.run(&config, cache.as_ref()).map_err(sc_cli::Error::Input)?;
				println!(
					"{} version {} (code 0x{}) is in {} ({:.1} s)",
					done.spec_name,
					done.spec_version,
					sp_core::hexdisplay::HexDisplay::from(&done.code_hash),
					cache.as_ref().map_or(String::new(), |dir| dir.display().to_string()),
					done.secs,
				);
				Ok(())
			})
		},
		Some(Subcommand::ChainInfo(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run::<Block>(&config))
		},
		None => {
			let runner = cli.create_runner(&cli.run)?;
			let no_hwbench = cli.no_hardware_benchmarks;
			let storage = cli.storage.clone();
			let compute = cli.compute.clone();
			let da = cli.da.clone();
			runner.run_node_until_exit(|mut config| async move {
				// zg's storage and DA pallets index data from extrinsics for their off-chain workers.
				config.offchain_worker.indexing_enabled = true;
				// A storage provider's work is done by its off-chain worker, validator or not.
				if storage.storage_provider || compute.compute_provider || da.da_signer {
					config.offchain_worker.enabled = true;
				}
				match config.network.network_backend {
					sc_network::config::NetworkBackendType::Libp2p => service::new_full::<
						sc_network::NetworkWorker<Block, <Block as sp_runtime::traits::Block>::Hash>,
					>(config, no_hwbench, storage, compute, da),
					sc_network::config::NetworkBackendType::Litep2p =>
						service::new_full::<sc_network::Litep2pNetworkBackend>(config, no_hwbench, storage, compute, da),
				}
				.map_err(sc_cli::Error::Service)
			})
		},
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use clap::Parser;

	/// The single-state pool unless `--pool-type` names one, in either spelling.
	#[test]
	fn the_pool_is_single_state_unless_one_is_named() {
		let cases: [(&[&str], bool); 4] = [
			(&["zg-node", "--dev"], true),
			(&["zg-node", "--dev", "--pool-type", "fork-aware"], false),
			(&["zg-node", "--pool-type=fork-aware"], false),
			(&["zg-node", "--pool-type", "single-state"], true),
		];
		for (args, single) in cases {
			let mut cli = Cli::try_parse_from(args).expect("arguments parse");
			default_to_single_state_pool(&mut cli, args.iter().map(std::ffi::OsString::from));
			let pool = cli.run.pool_config.pool_type;
			assert_eq!(matches!(pool, sc_cli::TransactionPoolType::SingleState), single, "{args:?}: {pool:?}");
		}
	}
}
