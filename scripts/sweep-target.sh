#!/usr/bin/env bash
# Shrinks the shared target directory to what `scripts/test.sh` builds, without rebuilding anything.
#
# Every dependency bump, feature set and one-off build (benchmarks, release) leaves its artifacts behind, and a
# Substrate target directory grows by gigabytes a day; CI runs on the same disk. This asks cargo, with the exact
# commands and environment of the test suite, which units those builds consist of (`--message-format=json`
# reports fresh units too), then removes every other unit's files from `deps/`, `build/` and `.fingerprint/`,
# and the incremental caches (rustc recreates them on the next change of a workspace crate).
#
#   scripts/sweep-target.sh            # sweep; prints the size before and after
#   scripts/sweep-target.sh --dry-run  # only list what would go
#
# If a unit is missing (the tree changed since the last build), the query builds it first, as the tests would.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ZG_ROOT"
dry_run=0
[ "${1:-}" = "--dry-run" ] && dry_run=1

host="$(rustc -vV | sed -n 's/^host: //p')"
keep="$(mktemp)"
trap 'rm -f "$keep"' EXIT

# The units of each build, as the paths cargo reports for them (artifacts, executables, build-script outputs).
units() {
	"$@" --message-format=json |
		jq -r 'select(.reason == "compiler-artifact" or .reason == "build-script-executed")
			| (.filenames // [])[], (.executable // empty), (.out_dir // empty)' >>"$keep"
}
echo "sweep: asking cargo which units the test suite uses" >&2
units cargo build --locked --workspace --all-targets --features "zg-runtime/$ZG_NODE_FEATURES"
SKIP_WASM_BUILD=1 units cargo test --locked --no-run --workspace --test upgrade \
	--features "zg-runtime/$ZG_NODE_FEATURES,zg-runtime-tests/next-release,zg-runtime-tests/try-runtime"
units cargo test --locked --no-run --workspace --test upgrade \
	--features "zg-runtime/$ZG_NODE_FEATURES,zg-runtime/next-release"

# A unit's hash is the 16 hex digits after the last dash of its file or directory name.
declare -A used=()
while IFS= read -r hash; do used[$hash]=1; done < <(grep -oE -- '-[0-9a-f]{16}(/|\.|$)' "$keep" | cut -c2-17)
[ "${#used[@]}" -gt 100 ] || { echo "sweep: cargo reported too few units; nothing removed" >&2; exit 1; }

before="$(du -sh "$CARGO_TARGET_DIR" | cut -f1)"
removed=0
for profile in "$CARGO_TARGET_DIR/debug"; do
	[ -d "$profile" ] || continue
	for dir in deps build .fingerprint; do
		[ -d "$profile/$dir" ] || continue
		while IFS= read -r entry; do
			# Entries without a unit hash (rustc's temporary dirs left by an interrupted build) have none to match.
			hash="$(basename "$entry" | { grep -oE -- '-[0-9a-f]{16}' || true; } | tail -1 | cut -c2-)"
			[ -n "$hash" ] || continue
			[ -n "${used[$hash]:-}" ] && continue
			removed=$((removed + 1))
			if [ "$dry_run" = 1 ]; then echo "$entry"; else rm -rf "$entry"; fi
		done < <(find "$profile/$dir" -mindepth 1 -maxdepth 1)
	done
	[ "$dry_run" = 1 ] || rm -rf "$profile/incremental"
done
# Release artifacts and builds for an explicit --target (scripts/build-runtime.sh's release): the test suite builds
# none.
for extra in "$CARGO_TARGET_DIR/release" "$CARGO_TARGET_DIR/$host"; do
	[ -e "$extra" ] || continue
	removed=$((removed + 1))
	if [ "$dry_run" = 1 ]; then echo "$extra"; else rm -rf "$extra"; fi
done
if [ "$dry_run" = 1 ]; then
	echo "sweep: $removed entries would go" >&2
else
	echo "sweep: removed $removed entries; $before -> $(du -sh "$CARGO_TARGET_DIR" | cut -f1)" >&2
fi
