#!/usr/bin/env bash
# Compute-market benchmarks on release builds, in one run:
#   (a) Groth16 verification: native, through the host function, and batched (cargo bench -p zg-primitives
#       --bench groth16), with the proofs that fit in half a block;
#   (b) the same verification inside the wasm runtime (frame-benchmarking on a release `zg-node` built with
#       `runtime-benchmarks`, wasm compiled as blocks run it): through the `zg_compute` host functions, and by
#       arkworks compiled into the runtime (pure wasm), single and batch of 32, each beside the native figure of (a);
#   (c) the worker: digits setup and prove time, int8 matmul on the CPU (and the GPU when a CUDA driver finds one,
#       beside the CPU figure), digits training (cargo bench -p zg-node-compute --bench compute);
#   (d) metered inference: the gateway's time per request beside its backend alone, in process and on loopback
#       (cargo bench -p zg-node-compute --bench gateway), and what settling a channel's window costs per request
#       at 1, 100 and 10,000 requests per window, from the runtime's fees for `redeem` and `redeem_batch`
#       (the runtime test `inference_settlement_cost_per_request`, with --nocapture; fees follow the weights
#       that scripts/bench-weights.sh measured).
# The weights of the calls themselves (`submit_proof(s)`, …) come from scripts/bench-weights.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ZG_ROOT"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

echo "== (a) Groth16 verification, native (release build of zg-primitives' bench)"
cargo bench --locked -p zg-primitives --bench groth16 | tee "$out/native.txt"

echo "== (b) Groth16 verification inside the wasm runtime (frame-benchmarking, release node)"
cargo build --locked --release -p zg-node --features runtime-benchmarks
"$CARGO_TARGET_DIR/release/zg-node" benchmark pallet \
	--chain dev \
	--pallet pallet_zg_compute \
	--extrinsic verify_host_single,verify_host_batch,verify_wasm_single,verify_wasm_batch \
	--steps "${ZG_BENCH_STEPS:-2}" \
	--repeat "${ZG_BENCH_REPEAT:-5}" \
	--wasm-execution compiled \
	--heap-pages 4096 \
	--quiet \
	--json-file "$out/runtime.json"
python3 - "$out/native.txt" "$out/runtime.json" <<'PY'
import json, re, statistics, sys
native_text = open(sys.argv[1]).read()
def native(label):
    m = re.search(re.escape(label) + r"\s+([0-9.]+) ms/proof", native_text)
    return float(m.group(1)) if m else None
single, batch32 = native("native verify"), native("native batch of 32")
runs = {}
for batch in json.load(open(sys.argv[2])):
    name = batch["benchmark"] if isinstance(batch["benchmark"], str) else bytes(batch["benchmark"]).decode()
    for r in batch["time_results"]:
        n = dict((c[0], c[1]) for c in r["components"]).get("n", 1)
        runs.setdefault((name, n), []).append(r["extrinsic_time"])
def per_proof(name, n):
    times = runs.get((name, n))
    return statistics.median(times) / n / 1e6 if times else None
rows = [
    ("host function, 1 proof", per_proof("verify_host_single", 1), single),
    ("pure wasm arkworks, 1 proof", per_proof("verify_wasm_single", 1), single),
    ("host function, batch of 32", per_proof("verify_host_batch", 32), batch32),
    ("pure wasm arkworks, batch of 32", per_proof("verify_wasm_batch", 32), batch32),
]
print("inside the wasm runtime (median of the repeats), per proof, beside native from (a) in this run:")
for label, ms, ref in rows:
    if ms is None:
        print(f"  {label:<34} (not measured)")
        continue
    ratio = f"{ms / ref:.2f}x native ({ref:.3f} ms)" if ref else "no native figure"
    print(f"  {label:<34} {ms:>9.3f} ms/proof   {ratio}")
host32 = per_proof("verify_host_batch", 32)
host1 = per_proof("verify_host_single", 1)
if host1 and host32:
    print(f"  proofs verified in 50 % of a 2 s block inside the runtime: {1000 / host1:.0f} one by one, {1000 / host32:.0f} batched")
PY

echo "== (c) the compute worker's work (release build of zg-node-compute's bench)"
cargo bench --locked -p zg-node-compute --bench compute

echo "== (d) metered inference: the gateway beside its backend (release), and settlement cost per request"
cargo bench --locked -p zg-node-compute --bench gateway
# The workspace-wide feature set of scripts/build.sh (a `-p zg-runtime` or `--test` selection resolves features
# anew and recompiles most of the runtime's dependencies).
cargo test --locked --workspace --features "zg-runtime/$ZG_NODE_FEATURES" inference_settlement -- --nocapture
