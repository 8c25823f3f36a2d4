#!/usr/bin/env bash
# Data-availability benchmarks on a release build, in one run (cargo bench -p zg-node-da --bench encode):
#   blobs of 1, 8 and 32 MiB encoded by zg-node-da (commitments, EIP-7594 cells and proofs, rows on every core)
#   beside c-kzg's own `compute_cells_and_kzg_proofs` on the same rows, as cells per second and their ratio; the
#   size of a sample and the time to verify one, alone and in a batch; and (--bench certificate) what verifying a
#   BLS-aggregated certificate would cost, beside the per-signer attestations zg uses (their weights are printed by
#   `cargo test -p zg-runtime --features fast-runtime --test integration every_da_call -- --nocapture`).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ZG_ROOT"
cargo bench --locked -p zg-node-da --bench encode
cargo bench --locked -p zg-node-da --bench certificate
