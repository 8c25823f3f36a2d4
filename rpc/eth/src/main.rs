//! `zg-eth-rpc`: the Ethereum JSON-RPC server for a zg node.
//!
//! Two servers in one process:
//! - polkadot-sdk's `pallet-revive-eth-rpc` server, compiled from the crate at the version this workspace pins (so
//!   it speaks the same `pallet-revive` as `zg-runtime`). It connects to a node's WebSocket RPC (`--node-rpc-url`,
//!   default `ws://127.0.0.1:9944`), indexes receipts and serves `eth_*`, `net_*`, `web3_*`, `debug_*` and
//!   `polkadot_*` — here on a loopback port of its own that nothing else uses.
//! - zg's front ([`front`]), on the address the command line asks for (`--rpc-port`, default 8545, and
//!   `--rpc-external`/`--rpc-cors`/`--rpc-max-*` as usual), over HTTP and WebSocket. It forwards every call to the
//!   server above, unchanged, except where Ethereum tools need what that server does not do:
//!   - `eth_getTransactionCount(address, "pending")` counts the sender's transactions waiting in the node's pool
//!     (the crate answers the best block's count, so a wallet that sends twice without waiting reused a nonce);
//!   - `eth_getLogs` also returns the logs of contracts called by Substrate extrinsics (`revive.call`), which the
//!     crate never indexes ([`logs`]);
//!   - `eth_getTransactionReceipt` also has receipts of those extrinsics, by the hash Polkadot.js shows
//!     ([`receipts`]);
//!   - `eth_sendRawTransaction` refuses a bad transaction with the error geth gives (`nonce too low`, `insufficient
//!     funds for gas * price + value`, `invalid chain id for signer`, …) instead of `1010 Invalid Transaction`
//!     ([`geth`]), and submits the rest to the node's pool itself, checking a sender's nonces against what it last
//!     read of them ([`nonces`]) instead of reading them again for every transaction.
//!
//! `scripts/run-dev.sh` starts it beside the dev node.

mod front;
mod geth;
mod logs;
mod nonces;
mod receipts;

fn main() -> anyhow::Result<()> {
	let mut cmd = pallet_revive_eth_rpc::cli::CliCommand::parse_cli()?;
	let front = front::FrontConfig::take_from(&mut cmd)?;
	let upstream = format!("ws://127.0.0.1:{}", front.upstream_port);
	let handle = std::thread::Builder::new().name("zg-eth-front".into()).spawn(move || {
		if let Err(e) = front::run(front, upstream) {
			eprintln!("zg-eth-rpc: the front server stopped: {e}");
			std::process::exit(1);
		}
	})?;
	// The crate's server runs until SIGINT/SIGTERM; the front goes with the process.
	let result = pallet_revive_eth_rpc::cli::run(cmd);
	drop(handle);
	result
}
