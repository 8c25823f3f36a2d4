#!/usr/bin/env bash
# Runs every test of zg: Rust unit and runtime integration tests, the try-runtime check of the next release's
# migrations, then the end-to-end tests that start real zg-node processes (one node, restarts, a 4-validator
# network, a runtime upgrade by referendum) and drive them with @polkadot/api, and the zombienet network test.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ZG_ROOT"
"$ZG_ROOT/scripts/setup.sh"

# The builds below need several GiB on top of a warm target directory (the workspace's crates, incremental caches,
# the node's databases in the tests). A full disk fails them half-way with "No space left on device", so check
# first, and drop the incremental caches (rebuilt on demand, never needed for correctness) when space is short.
free_kib() { df -Pk "$(dirname "$CARGO_TARGET_DIR")" | awk 'NR == 2 { print $4 }'; }
mkdir -p "$CARGO_TARGET_DIR"
if [ "$(free_kib)" -lt $((12 * 1024 * 1024)) ]; then
	echo "test: less than 12 GiB free; removing incremental caches under $CARGO_TARGET_DIR" >&2
	find "$CARGO_TARGET_DIR" -maxdepth 3 -type d -name incremental -prune -exec rm -rf {} +
	echo "test: $(($(free_kib) / 1024 / 1024)) GiB free now (scripts/sweep-target.sh removes stale artifacts)" >&2
fi

# Each phase's wall time, printed at the end (also when a phase fails): the figures the build-time goals are about.
phase_times=()
phase_name=""
phase_start=$SECONDS
mmss() { printf '%d:%02d' $(($1 / 60)) $(($1 % 60)); }
phase() {
	[ -n "$phase_name" ] && phase_times+=("$(mmss $((SECONDS - phase_start)))  $phase_name")
	phase_name="$1"
	phase_start=$SECONDS
	echo "== $1"
}
summary() {
	local rc=$?
	[ -n "$phase_name" ] && phase_times+=("$(mmss $((SECONDS - phase_start)))  $phase_name$([ "$rc" = 0 ] || echo " (failed)")")
	echo "== time per phase (min:s)"
	printf '  %s\n' "${phase_times[@]}"
	echo "  $(mmss "$SECONDS")  in all"
}
trap summary EXIT

phase "build zg-node, zg-eth-rpc, the compute worker and every test (one cargo run: scripts/build.sh)"
"$ZG_ROOT/scripts/build.sh"

phase "cargo test (workspace, runtime with $ZG_NODE_FEATURES)"
cargo test --locked --no-fail-fast --workspace --features "zg-runtime/$ZG_NODE_FEATURES"

phase "try-runtime: the next release's migrations (runtime/tests/upgrade.rs)"
# Native only: the wasm of this feature set is never used, and skipping it leaves every other wasm untouched. Over
# the whole workspace so that features resolve as in the build above: only the crates try-runtime changes compile.
SKIP_WASM_BUILD=1 cargo test --locked --workspace --test upgrade \
	--features "zg-runtime/$ZG_NODE_FEATURES,zg-runtime-tests/next-release,zg-runtime-tests/try-runtime"

phase "build the next runtime release (for the upgrade rehearsal)"
ZG_NEXT_RUNTIME_WASM="$("$ZG_ROOT/scripts/build-runtime.sh" --next)"
export ZG_NEXT_RUNTIME_WASM

phase "end-to-end tests (real zg-node processes)"
(cd tests/e2e && npm test)

phase "zombienet: the 4-validator local network"
./zombienet/run-test.sh
