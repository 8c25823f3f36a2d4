#!/usr/bin/env bash
# Spawns the 4-validator local network of local.toml with zombienet's native provider and runs the
# assertions of local.zndsl against it (or another .zndsl given as the first argument).
#
#   zombienet/run-test.sh [test.zndsl]
#
# ZG_NODE: the zg-node binary (default: ${CARGO_TARGET_DIR:-~/.cache/zg/target}/debug/zg-node; build it with
# scripts/build.sh); ZG_ETH_RPC: the zg-eth-rpc binary eth-rpc.js starts (default: beside ZG_NODE). ZG_ZOMBIENET_DIR: where zombienet puts chain spec, node data and logs (default: a new
# temp dir, removed after a passing run, kept after a failing one). Nothing is downloaded at run time:
# zombienet comes from node_modules (installed from package-lock.json when missing), zg-node is local, and
# the network spec uses no URLs, images or DB snapshots.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

ZG_NODE="${ZG_NODE:-${CARGO_TARGET_DIR:-$HOME/.cache/zg/target}/debug/zg-node}"
if [ ! -x "$ZG_NODE" ]; then
	echo "run-test: no zg-node at $ZG_NODE (set ZG_NODE, or build it with scripts/build.sh)" >&2
	exit 1
fi
ZG_NODE="$(cd "$(dirname "$ZG_NODE")" && pwd)/$(basename "$ZG_NODE")"
# eth-rpc.js starts the Ethereum JSON-RPC server against the network.
ZG_ETH_RPC="${ZG_ETH_RPC:-$(dirname "$ZG_NODE")/zg-eth-rpc}"
if [ ! -x "$ZG_ETH_RPC" ]; then
	echo "run-test: no zg-eth-rpc at $ZG_ETH_RPC (set ZG_ETH_RPC, or build it with scripts/build.sh)" >&2
	exit 1
fi
export ZG_ETH_RPC

if [ ! -x node_modules/.bin/zombienet ]; then
	echo "run-test: installing zombienet (npm ci) from package-lock.json"
	npm ci --no-audit --no-fund --loglevel=error
fi

test_file="${1:-local.zndsl}"

keep_dir=1
if [ -z "${ZG_ZOMBIENET_DIR:-}" ]; then
	ZG_ZOMBIENET_DIR="$(mktemp -d "${TMPDIR:-/tmp}/zg-zombienet.XXXXXX")"
	keep_dir=0
fi
mkdir -p "$ZG_ZOMBIENET_DIR"
ZG_ZOMBIENET_DIR="$(cd "$ZG_ZOMBIENET_DIR" && pwd)"
export ZG_ZOMBIENET_DIR

# local.toml names the command `zg-node`: put exactly $ZG_NODE first on PATH under that name.
bin_dir="$ZG_ZOMBIENET_DIR/bin"
mkdir -p "$bin_dir"
ln -sf "$ZG_NODE" "$bin_dir/zg-node"
export PATH="$bin_dir:$PATH"

# Every node loads the runtime's compiled code from the tests' shared cache (zg-node reads ZG_WASMTIME_CACHE
# as --wasmtime-cache) instead of compiling it again: nodes inherit zombienet's environment.
export ZG_WASMTIME_CACHE="${ZG_WASMTIME_CACHE:-$HOME/.cache/zg/wasmtime}"

# Nodes still running after zombienet is gone (it kills its nodes on exit, but not if it is SIGKILLed):
# only processes whose command line names this run's own directory.
cleanup() {
	local pids
	pids="$(pgrep -f -- "--base-path $ZG_ZOMBIENET_DIR/" || true)"
	if [ -n "$pids" ]; then
		echo "run-test: stopping leftover nodes: $pids"
		# shellcheck disable=SC2086
		kill -9 $pids 2>/dev/null || true
	fi
}
trap cleanup EXIT

echo "run-test: $("$ZG_NODE" --version)"
echo "run-test: zombienet $(node_modules/.bin/zombienet version), network dir $ZG_ZOMBIENET_DIR"

# -p native: plain local processes; -d/-f: our directory (it exists already, -f skips the prompt);
# -l text: plain log lines instead of tables.
status=0
out="$ZG_ZOMBIENET_DIR/zombienet.out"
node_modules/.bin/zombienet -p native -l text -d "$ZG_ZOMBIENET_DIR" -f test "$test_file" 2>&1 | tee "$out" ||
	status=$?
# zombienet closes with "Result: <passed>/<total>" once the assertions ran; restate it in the usual form.
result="$(sed 's/\x1b\[[0-9;]*m//g' "$out" | grep -Eo 'Result: [0-9]+/[0-9]+' | tail -n1 || true)"
if [ -n "$result" ]; then
	passed="${result#Result: }" && total="${passed#*/}" && passed="${passed%/*}"
	echo "$passed passed, $((total - passed)) failed"
fi

if [ "$status" -eq 0 ]; then
	echo "run-test: PASSED"
	cleanup
	if [ "$keep_dir" -eq 0 ]; then rm -rf "$ZG_ZOMBIENET_DIR"; fi
else
	echo "run-test: FAILED (exit $status); node logs: $ZG_ZOMBIENET_DIR/logs/ and $ZG_ZOMBIENET_DIR/*.log" >&2
fi
exit "$status"
