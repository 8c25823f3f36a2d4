//! zg-node: the zg chain's full node and its command line.

mod altda;
mod benchmarking;
mod chain_spec;
mod cli;
mod client;
mod compute_cli;
mod da_cli;
mod da_prune;
mod command;
mod service;
mod signing;
mod storage_cli;

fn main() -> sc_cli::Result<()> {
	command::run()
}
