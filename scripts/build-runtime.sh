#!/usr/bin/env bash
# Builds a zg runtime wasm to upgrade a running chain with, and prints the path of the file to propose.
#
#   scripts/build-runtime.sh          # the runtime of this checkout, optimised: what a chain team ships
#   scripts/build-runtime.sh --next   # the release being prepared (`next-release`: spec_version + 1 and its
#                                     # migrations) with fast-runtime, for rehearsals on a local network and tests
#
# The release build is for an explicit `--target`, which gives it its own artifact directory. The next release is
# built beside the node's own runtime (target/debug/wbuild/zg-runtime) under its own file name (runtime/build.rs),
# so the two share every compiled wasm dependency and the node's runtime is never replaced.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ZG_ROOT"

host="$(rustc -vV | sed -n 's/^host: //p')"
if [ "${1:-}" = "--next" ]; then
	# The build script of zg-runtime with `next-release` builds the wasm. Selected as the (empty without
	# try-runtime) upgrade test over the whole workspace, so that cargo resolves the features exactly as
	# scripts/build.sh does: every dependency, host and wasm, is then the one already compiled, and only zg-runtime
	# itself and its wasm are built (`-p zg-runtime` alone resolves other features and compiles hundreds of crates).
	cargo test --locked --no-run --workspace --features "zg-runtime/$ZG_NODE_FEATURES,zg-runtime/next-release" \
		--test upgrade >&2
	# Debug outer builds are neither compacted nor compressed: compress here, in the format the node accepts
	# (sp-maybe-compressed-blob: an 8-byte magic prefix, then zstd), so the upgrade extrinsic is ~4x smaller.
	bloaty="$CARGO_TARGET_DIR/debug/wbuild/zg-runtime/zg_runtime_next.wasm"
	[ -f "$bloaty" ] || { echo "build-runtime: no wasm at $bloaty" >&2; exit 1; }
	wasm="${bloaty%.wasm}.compressed.wasm"
	if [ ! -f "$wasm" ] || [ "$bloaty" -nt "$wasm" ]; then
		{ printf '\x52\xbc\x53\x76\x46\xdb\x8e\x05'; zstd -q -c -10 "$bloaty"; } >"$wasm.tmp"
		mv "$wasm.tmp" "$wasm"
	fi
else
	cargo build --locked --release --target "$host" -p zg-runtime ${ZG_RUNTIME_FEATURES:+--features "$ZG_RUNTIME_FEATURES"} >&2
	wasm="$CARGO_TARGET_DIR/$host/release/wbuild/zg-runtime/zg_runtime.compact.compressed.wasm"
fi
[ -f "$wasm" ] || { echo "build-runtime: no wasm at $wasm" >&2; exit 1; }
echo "$wasm"
