#!/usr/bin/env bash
# Builds zg-node and zg-eth-rpc, then starts a one-validator development chain:
#   Substrate RPC (Polkadot.js)        ws://127.0.0.1:9944
#   Ethereum JSON-RPC (ethers, wallets) http://127.0.0.1:8545   (chain id 16420)
# State is thrown away on exit (add `--base-path DIR` to keep the chain; the Ethereum RPC's receipt index is in
# memory and is rebuilt from the chain). Extra arguments go to zg-node. Ctrl-C stops both.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
"$ZG_ROOT/scripts/setup.sh"
"$ZG_ROOT/scripts/build.sh"

"$ZG_NODE" --dev --rpc-port 9944 --rpc-cors all --no-hardware-benchmarks "$@" &
node_pid=$!
eth_pid=
cleanup() {
	[ -n "$eth_pid" ] && kill "$eth_pid" 2>/dev/null || true
	kill "$node_pid" 2>/dev/null || true
	wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

# The eth-rpc server connects to the node's RPC, retrying until it is up.
"$ZG_ETH_RPC" --dev --node-rpc-url ws://127.0.0.1:9944 --rpc-port 8545 --rpc-cors all \
	--eth-pruning 100000 --no-prometheus &
eth_pid=$!

# Whichever exits first ends the session.
wait -n "$node_pid" "$eth_pid"
