#!/usr/bin/env bash
# Storage benchmark, in two parts:
#   (a) erasure coding throughput: `cargo bench -p zg-primitives --bench erasure` (Reed-Solomon encode with
#       reed-solomon-erasure and reed-solomon-simd, and through the storage host function), printed as `…: X MB/s`;
#   (b) a seven-node `--chain local` network on loopback (every node a storage provider): upload MB/s of a random
#       file through zgStorage_upload* calls and the time from storage.submitFile until it is stored, and download
#       MB/s from a node that holds no shard (tests/e2e/bench/storage.mjs).
# Part (b) builds nothing: it runs the zg-node that scripts/build.sh made ($ZG_NODE, with $ZG_NODE_FEATURES).
#   ZG_BENCH_STORAGE_MIB=64 scripts/bench-storage.sh
# ZG_BENCH_SKIP_ERASURE=1 skips (a), ZG_BENCH_SKIP_NETWORK=1 skips (b); see tests/e2e/bench/storage.mjs for the rest.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ZG_ROOT"

if [ ! -d tests/e2e/node_modules ]; then
	echo "tests/e2e/node_modules is missing: run 'npm ci' in tests/e2e first" >&2
	exit 1
fi
if [ "${ZG_BENCH_SKIP_NETWORK:-0}" != 1 ] && [ ! -x "$ZG_NODE" ]; then
	echo "$ZG_NODE not found: build it with scripts/build.sh" >&2
	exit 1
fi

erasure_out="$(mktemp "${TMPDIR:-/tmp}/zg-bench-erasure.XXXXXX")"
trap 'rm -f "$erasure_out"' EXIT
if [ "${ZG_BENCH_SKIP_ERASURE:-0}" != 1 ]; then
	echo "== erasure coding: cargo bench -p zg-primitives --bench erasure"
	# The bench's own lines go to the summary table; cargo's build output is only shown.
	cargo bench --locked -p zg-primitives --bench erasure 2>&1 | tee "$erasure_out"
fi

echo "== storage network: upload and download over loopback (${ZG_BENCH_STORAGE_MIB:-64} MiB)"
cd tests/e2e
ZG_BENCH_ERASURE_OUT="$erasure_out" node bench/storage.mjs "$@"
