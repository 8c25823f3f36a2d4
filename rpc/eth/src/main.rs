//! `zg-eth-rpc`: the Ethereum JSON-RPC server for a zg node.
//!
//! It is polkadot-sdk's `pallet-revive-eth-rpc` server, compiled from the crate at the version this
//! workspace pins (so it speaks the same `pallet-revive` as `zg-runtime`). It connects to a node's
//! WebSocket RPC (`--node-rpc-url`, default `ws://127.0.0.1:9944`) and serves `eth_*`, `net_*` and
//! `web3_*` on `--rpc-port` (default 8545). `scripts/run-dev.sh` starts it beside the dev node.

fn main() -> anyhow::Result<()> {
	let cmd = pallet_revive_eth_rpc::cli::CliCommand::parse_cli()?;
	pallet_revive_eth_rpc::cli::run(cmd)
}
