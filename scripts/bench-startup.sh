#!/usr/bin/env bash
# Where a zg-node's start-up time goes, on this machine, with the binary the tests use ($ZG_NODE, default the debug
# build): loading the binary, building the `local` genesis (which runs the runtime's genesis builder in wasm),
# and a node's spawn-to-RPC time with the named spec, with a raw spec built once, and N nodes started at once
# against N started one after another (each once the previous answers RPC); then the same with the runtime's native
# code already in a `--wasmtime-cache` directory, as the tests run their nodes. Prints one line per figure.
#
#   scripts/bench-startup.sh [N]      # N nodes for the last two figures (default 8)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
n="${1:-8}"
tmp="$(mktemp -d)"
pids=()
cleanup() {
	for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
	rm -rf "$tmp"
}
trap cleanup EXIT
now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc -l | xargs printf '%.1f'; }

t0=$(now); "$ZG_NODE" --version >/dev/null; t1=$(now)
echo "load the binary ($(du -h "$ZG_NODE" | cut -f1)) and print its version: $(secs "$t0" "$t1") s"

t0=$(now); "$ZG_NODE" build-spec --chain local --raw --disable-default-bootnode >"$tmp/raw.json" 2>/dev/null; t1=$(now)
echo "build the local genesis (build-spec --raw): $(secs "$t0" "$t1") s"

# Starts node $1 with chain $2 on ports from $3; prints spawn-to-RPC seconds once it answers.
start() {
	local name=$1 chain=$2 port=$3
	shift 3
	"$ZG_NODE" --chain "$chain" --base-path "$tmp/$name" --port $((port + 1)) --rpc-port "$port" --no-prometheus \
		--no-telemetry --no-mdns --no-hardware-benchmarks --name "$name" "$@" >"$tmp/$name.log" 2>&1 &
	pids+=($!)
}
wait_rpc() {
	local port=$1
	until curl -s -m 2 -H 'content-type: application/json' -d '{"jsonrpc":"2.0","id":1,"method":"system_health","params":[]}' \
		"http://127.0.0.1:$port" 2>/dev/null | grep -q result; do sleep 0.2; done
}
stop_all() {
	for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
	wait 2>/dev/null || true
	pids=()
	rm -rf "${tmp:?}"/node-*
}

t0=$(now); start node-a local 39100; wait_rpc 39100; t1=$(now); stop_all
echo "one node, --chain local (genesis built at start): $(secs "$t0" "$t1") s to RPC"
t0=$(now); start node-b "$tmp/raw.json" 39110; wait_rpc 39110; t1=$(now); stop_all
raw_one=$(secs "$t0" "$t1")
echo "one node, raw spec: $raw_one s to RPC"
# --wasmtime-cache: the first start compiles the runtime and stores its native code, the next loads it.
cache="$tmp/wasmtime-cache"
start node-c "$tmp/raw.json" 39120 --wasmtime-cache "$cache"; wait_rpc 39120; stop_all
# (the compiled code is stored as the runtime is compiled, before the node answers RPC)
[ -n "$(find "$cache" -type f | head -1)" ] || { echo "no compiled runtime in $cache" >&2; exit 1; }
t0=$(now); start node-d "$tmp/raw.json" 39130 --wasmtime-cache "$cache"; wait_rpc 39130; t1=$(now); stop_all
cached_one=$(secs "$t0" "$t1")
echo "one node, raw spec, runtime already compiled (--wasmtime-cache): $cached_one s to RPC"

t0=$(now)
for i in $(seq 1 "$n"); do start "node-p$i" local $((39200 + 10 * i)); done
for i in $(seq 1 "$n"); do wait_rpc $((39200 + 10 * i)); done
t1=$(now); stop_all
echo "$n nodes at once, --chain local: $(secs "$t0" "$t1") s until all answer RPC"

t0=$(now)
for i in $(seq 1 "$n"); do start "node-s$i" "$tmp/raw.json" $((39400 + 10 * i)); wait_rpc $((39400 + 10 * i)); done
t1=$(now); stop_all
in_turn=$(secs "$t0" "$t1")
echo "$n nodes one after another, raw spec: $in_turn s until all answer RPC"

t0=$(now)
for i in $(seq 1 "$n"); do start "node-w$i" "$tmp/raw.json" $((39600 + 10 * i)) --wasmtime-cache "$cache"; done
for i in $(seq 1 "$n"); do wait_rpc $((39600 + 10 * i)); done
t1=$(now); stop_all
cached_all=$(secs "$t0" "$t1")
echo "$n nodes at once, raw spec, runtime already compiled (--wasmtime-cache): $cached_all s until all answer RPC"
# For scripts/bench.sh: figure, value, unit, reference, reference value, goal (tab-separated; seconds: lower wins).
kind=$(basename "$(dirname "$ZG_NODE")")
printf 'ZG-BENCH\t%s\t%s\ts\t%s\t%s\t\n' "node start to RPC, raw spec, --wasmtime-cache ($kind zg-node)" "$cached_one" \
	"the same start compiling the runtime" "$raw_one"
printf 'ZG-BENCH\t%s\t%s\ts\t%s\t%s\t\n' "$n nodes started at once until all answer RPC, --wasmtime-cache ($kind zg-node)" \
	"$cached_all" "$n nodes one after another, compiling" "$in_turn"
