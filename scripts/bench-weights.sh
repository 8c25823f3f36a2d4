#!/usr/bin/env bash
# Measures the weights of zg's own pallets and precompiles with frame-benchmarking and writes them into each pallet's weights.rs
# (template: scripts/weight-template.hbs). Builds a **release** zg-node with `--features runtime-benchmarks` (a
# separate feature set and profile: the first build takes as long as a cold release build, about an hour here),
# then runs `zg-node benchmark pallet` on the dev chain's runtime with wasm execution, as blocks will run it. Weights
# from a debug node would charge the host functions' debug speed (storage, hashing) to every call.
#   ZG_BENCH_STEPS=50 ZG_BENCH_REPEAT=20 scripts/bench-weights.sh     # defaults: 20 steps, 10 repeats
#   scripts/bench-weights.sh pallet_zg_compute zg_precompiles          # only the named pallets
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ZG_ROOT"

# ZG_BENCH_NODE=<a release zg-node built with runtime-benchmarks> skips the build (cargo would rebuild the runtime
# after any change under runtime/, tests included, because the wasm builder watches the whole package).
if [ -n "${ZG_BENCH_NODE:-}" ]; then
	node="$ZG_BENCH_NODE"
else
	cargo build --locked --release -p zg-node --features runtime-benchmarks
	node="$CARGO_TARGET_DIR/release/zg-node"
fi

bench() {
	local pallet="$1" output="$2"
	"$node" benchmark pallet \
		--chain dev \
		--pallet "$pallet" \
		--extrinsic '*' \
		--steps "${ZG_BENCH_STEPS:-20}" \
		--repeat "${ZG_BENCH_REPEAT:-10}" \
		--wasm-execution compiled \
		--heap-pages 4096 \
		--template scripts/weight-template.hbs \
		--header scripts/weight-header.txt \
		--output "$output"
}

declare -A weights=(
	[pallet_zg_storage]=pallets/storage/src/weights.rs
	[pallet_zg_compute]=pallets/compute/src/weights.rs
	[pallet_zg_da]=pallets/da/src/weights.rs
	[zg_precompiles]=runtime/src/precompiles/weights.rs
)
selected=("$@")
[ ${#selected[@]} -gt 0 ] || selected=(pallet_zg_storage pallet_zg_compute pallet_zg_da zg_precompiles)
for pallet in "${selected[@]}"; do
	[ -n "${weights[$pallet]:-}" ] || { echo "unknown pallet $pallet (known: ${!weights[*]})" >&2; exit 2; }
done
for pallet in "${selected[@]}"; do
	bench "$pallet" "${weights[$pallet]}"
done
