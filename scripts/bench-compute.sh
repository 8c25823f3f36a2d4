#!/usr/bin/env bash
# Compute-market benchmarks on release builds, in one run:
#   (a) Groth16 verification: native, through the host function, and batched (cargo bench -p zg-primitives
#       --bench groth16), with the proofs that fit in half a block;
#   (b) the worker: digits setup and prove time, int8 matmul on the CPU (and the GPU when a CUDA driver finds one,
#       beside the CPU figure), digits training (cargo bench -p zg-node-compute --bench compute).
# The weight of `submit_proof`/`submit_proofs` inside the wasm runtime comes from scripts/bench-weights.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ZG_ROOT"
echo "== Groth16 verification (release build of zg-primitives' bench)"
cargo bench --locked -p zg-primitives --bench groth16
echo "== the compute worker's work (release build of zg-node-compute's bench)"
cargo bench --locked -p zg-node-compute --bench compute
