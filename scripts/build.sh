#!/usr/bin/env bash
# Builds, in one cargo run, everything the dev chain and the tests use: zg-node (debug, with the runtime's wasm),
# the Ethereum JSON-RPC server zg-eth-rpc, the compute worker, and every test of the workspace.
#
# One run on purpose: cargo resolves features per run, and separate runs for the node, the eth-rpc and the tests
# each got a different feature set for the shared client crates, so RocksDB's C++ and the whole client were
# compiled three times on a cold machine. With one resolution every crate is compiled once, and `cargo test`
# afterwards (scripts/test.sh) finds all of it fresh. Extra arguments go to cargo.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ZG_ROOT"
# Resolver 1 (Cargo.toml) lets dev-dependencies' features reach the node's build: refuse a feature set that would
# put benchmarks or try-runtime hooks into the runtime the dev node runs (and into its wasm).
features="$(cargo tree --locked --workspace --features "zg-runtime/$ZG_NODE_FEATURES" -e normal,build,dev -i zg-runtime \
	--depth 0 -f '{f}')"
case ",$features," in
*,runtime-benchmarks,* | *,try-runtime,*)
	echo "build: zg-runtime would be built with features $features; a dev-dependency enables them" >&2
	exit 1
	;;
esac
cargo build --locked --workspace --all-targets --features "zg-runtime/$ZG_NODE_FEATURES" "$@"
for bin in "$ZG_NODE" "$ZG_ETH_RPC" "$ZG_COMPUTE_WORKER"; do echo "built $bin"; done
