#!/usr/bin/env bash
# Measures transactions per second on one `zg-node --dev --tmp` with zg-eth-rpc beside it: native balance
# transfers (sr25519, submitted over WebSocket) and ERC-20 transfers (ethers, eth_sendRawTransaction).
# Builds nothing: it runs the binaries scripts/build.sh made ($ZG_NODE, $ZG_ETH_RPC).
#   ZG_BENCH_NATIVE_TXS=2000 ZG_BENCH_ERC20_TXS=1000 scripts/bench-tps.sh
#   scripts/bench-tps.sh --runtime-wasm FILE
# --runtime-wasm runs the node on the development genesis with FILE as its runtime instead of the one the node
# embeds (a chain spec written by `zg-node build-spec --chain dev`, its code replaced): e.g. the runtime real
# networks run, with 6-second blocks, which `cargo build ... --features zg-runtime-network-wasm/build --bin
# zg-runtime-network-wasm` builds and whose path that binary prints (scripts/bench.sh --only tps6 does both).
# See tests/e2e/bench/tps.mjs for the other settings.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

wasm=""
while [ $# -gt 0 ]; do
	case "$1" in
		--runtime-wasm) wasm="${2:?--runtime-wasm needs a wasm file}"; shift 2 ;;
		*) echo "unknown argument: $1" >&2; exit 2 ;;
	esac
done
cd "$ZG_ROOT/tests/e2e"
if [ ! -d node_modules ]; then
	echo "tests/e2e/node_modules is missing: run 'npm ci' in tests/e2e first" >&2
	exit 1
fi
for bin in "$ZG_NODE" "$ZG_ETH_RPC"; do
	if [ ! -x "$bin" ]; then
		echo "$bin not found: build it with scripts/build.sh" >&2
		exit 1
	fi
done
if [ -n "$wasm" ]; then
	[ -f "$wasm" ] || { echo "no runtime wasm at $wasm" >&2; exit 1; }
	spec_dir="$(mktemp -d "${TMPDIR:-/tmp}/zg-bench-spec.XXXXXX")"
	trap 'rm -rf "$spec_dir"' EXIT
	"$ZG_NODE" build-spec --chain dev >"$spec_dir/dev.json" 2>"$spec_dir/build-spec.log" \
		|| { cat "$spec_dir/build-spec.log" >&2; exit 1; }
	python3 "$ZG_ROOT/scripts/bench-state-spec.py" "$spec_dir/dev.json" 0 --code "$wasm" >"$spec_dir/spec.json"
	echo "[bench-tps] the development genesis with the runtime $wasm ($(stat -c %s "$wasm") bytes)"
	export ZG_BENCH_NODE_ARGS="${ZG_BENCH_NODE_ARGS:+$ZG_BENCH_NODE_ARGS }--chain $spec_dir/spec.json"
	node bench/tps.mjs
else
	exec node bench/tps.mjs
fi
