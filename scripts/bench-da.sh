#!/usr/bin/env bash
# Data-availability benchmarks, in two parts:
#   (a) on a release build, in one run (cargo bench -p zg-node-da --bench encode): blobs of 1, 8 and 32 MiB
#       encoded by zg-node-da (commitments, EIP-7594 cells and proofs, rows on every core) beside c-kzg's own
#       `compute_cells_and_kzg_proofs` on the same rows, as cells per second and their ratio; the size of a sample
#       and the time to verify one, alone and in a batch; and (--bench certificate) what verifying a BLS-aggregated
#       certificate would cost, beside the per-signer attestations zg uses (their weights are printed by
#       `cargo test -p zg-runtime-tests --features zg-runtime/fast-runtime --test integration every_da_call -- --nocapture`);
#   (b) a four-signer `--chain local` network (tests/e2e/bench/da.mjs): for each blob size, upload, encoding and
#       dispersal, time to certificate, rebuild through a node that never had the blob, and 16 samples. It builds
#       nothing: it runs $ZG_NODE (scripts/build.sh's debug node unless pointed at a release one).
#   ZG_BENCH_DA_MIB=1,8,32 scripts/bench-da.sh
# ZG_BENCH_SKIP_ENCODE=1 skips (a), ZG_BENCH_SKIP_NETWORK=1 skips (b).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ZG_ROOT"
if [ "${ZG_BENCH_SKIP_ENCODE:-0}" != 1 ]; then
	cargo bench --locked -p zg-node-da --bench encode
	cargo bench --locked -p zg-node-da --bench certificate
fi
if [ "${ZG_BENCH_SKIP_NETWORK:-0}" != 1 ]; then
	if [ ! -x "$ZG_NODE" ]; then
		echo "$ZG_NODE not found: build it with scripts/build.sh" >&2
		exit 1
	fi
	cd tests/e2e
	node bench/da.mjs
fi
