#!/usr/bin/env bash
# Builds zg-node (debug, with the runtime's wasm) and the Ethereum JSON-RPC server zg-eth-rpc, the way every other
# script and test uses them. Extra arguments go to the zg-node build.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ZG_ROOT"
cargo build --locked -p zg-node --features "$ZG_NODE_FEATURES" "$@"
echo "built $ZG_NODE"
# pallet-revive-eth-rpc's build script compiles polkadot-sdk's revive dev runtime natively to read its metadata;
# its wasm is never used, hence SKIP_WASM_BUILD (a separate cargo run, so zg-node's wasm is unaffected).
SKIP_WASM_BUILD=1 cargo build --locked -p zg-eth-rpc
echo "built $ZG_ETH_RPC"
SKIP_WASM_BUILD=1 cargo build --locked -p zg-node-compute --bin zg-compute-worker
echo "built $ZG_COMPUTE_WORKER"
