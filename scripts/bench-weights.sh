#!/usr/bin/env bash
# Measures zg's weights with frame-benchmarking on this machine and writes them where the runtime reads them. Builds
# a **release** zg-node with `--features runtime-benchmarks` (a separate feature set and profile: the first build
# takes as long as a cold release build, about an hour here), then runs, with wasm execution as blocks run it:
#   - `benchmark pallet` for zg's own pallets and precompiles, into each pallet's weights.rs (template:
#     scripts/weight-template.hbs), and for the FRAME pallets on every transaction's path (`pallet_balances`), into
#     runtime/src/weights/ (polkadot-sdk's own template: `impl pallet_x::WeightInfo for WeightInfo<T>`), and for
#     the transaction extensions every signed transaction runs (`frame_system_extensions`: nonce, weight, era, ...;
#     `pallet_transaction_payment`: charging the fee);
#   - `benchmark overhead`: the cost of an empty block and of the smallest extrinsic (`BlockExecutionWeight`,
#     `ExtrinsicBaseWeight`: block weights and fees are built on them), into runtime/src/weights/; the runtime
#     takes the extensions' measured execution (the two benchmarks above) out of the extrinsic's base, since
#     every signed transaction is charged it through the extensions' own weights (`weights::base_extrinsic`);
#   - `benchmark storage`: one database read and one write (`RocksDbWeight`, charged per key by every call's
#     weight), on a chain whose genesis holds ZG_BENCH_STATE_ACCOUNTS (default 200,000) funded accounts beside the
#     dev accounts (scripts/bench-state-spec.py), so that reads and writes go through a trie of realistic depth
#     rather than the dev chain's few hundred keys.
# Weights from a debug node would charge the host functions' debug speed (storage, hashing) to every call.
#   ZG_BENCH_STEPS=50 ZG_BENCH_REPEAT=20 scripts/bench-weights.sh     # defaults: 20 steps, 10 repeats
#   scripts/bench-weights.sh pallet_zg_compute zg_precompiles          # only the named pallets / parts
#   scripts/bench-weights.sh overhead storage pallet_balances frame_system_extensions pallet_transaction_payment
#                                                                      # the parts every transaction pays
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

weights_dir=runtime/src/weights

bench() {
	local pallet="$1" output="$2"
	local template=()
	# zg's pallets declare their own WeightInfo (scripts/weight-template.hbs); FRAME's get polkadot-sdk's template.
	case "$pallet" in
		pallet_zg_* | zg_*) template=(--template scripts/weight-template.hbs) ;;
	esac
	"$node" benchmark pallet \
		--chain dev \
		--pallet "$pallet" \
		--extrinsic '*' \
		--steps "${ZG_BENCH_STEPS:-20}" \
		--repeat "${ZG_BENCH_REPEAT:-10}" \
		--wasm-execution compiled \
		--heap-pages 4096 \
		"${template[@]}" \
		--header scripts/weight-header.txt \
		--output "$output"
}

overhead() {
	"$node" benchmark overhead --chain dev --wasm-execution compiled --warmup 10 --repeat 100 \
		--header scripts/weight-header.txt --weight-path "$weights_dir"
}

storage() {
	local state="$CARGO_TARGET_DIR/bench-state"
	local accounts="${ZG_BENCH_STATE_ACCOUNTS:-200000}"
	rm -rf "$state"
	mkdir -p "$state"
	"$node" build-spec --chain dev >"$state/dev.json"
	python3 scripts/bench-state-spec.py "$state/dev.json" "$accounts" >"$state/spec.json"
	"$node" benchmark storage --chain "$state/spec.json" --base-path "$state/db" --state-version 1 \
		--header scripts/weight-header.txt --weight-path "$weights_dir"
	rm -rf "$state"
}

declare -A weights=(
	[pallet_zg_storage]=pallets/storage/src/weights.rs
	[pallet_zg_compute]=pallets/compute/src/weights.rs
	[pallet_zg_da]=pallets/da/src/weights.rs
	[zg_precompiles]=runtime/src/precompiles/weights.rs
	[pallet_balances]=$weights_dir/pallet_balances.rs
	[frame_system_extensions]=$weights_dir/frame_system_extensions.rs
	[pallet_transaction_payment]=$weights_dir/pallet_transaction_payment.rs
)
selected=("$@")
[ ${#selected[@]} -gt 0 ] || selected=(pallet_zg_storage pallet_zg_compute pallet_zg_da zg_precompiles pallet_balances frame_system_extensions pallet_transaction_payment overhead storage)
for part in "${selected[@]}"; do
	case "$part" in
		overhead | storage) ;;
		*) [ -n "${weights[$part]:-}" ] || { echo "unknown part $part (known: ${!weights[*]} overhead storage)" >&2; exit 2; } ;;
	esac
done
for part in "${selected[@]}"; do
	case "$part" in
		overhead) overhead ;;
		storage) storage ;;
		*) bench "$part" "${weights[$part]}" ;;
	esac
done
