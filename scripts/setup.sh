#!/usr/bin/env bash
# Installs what building and testing zg needs on a fresh Debian machine. Idempotent: run it as often as you like.
#
#  * Debian packages: clang/libclang (RocksDB, bindgen), protobuf-compiler (libp2p), Node.js test clients.
#  * The wasm32v1-none target for the runtime: `rustup target add` where rustup can download; otherwise
#    (offline machines) a sysroot built from Debian's Rust and its std sources, linked as toolchain `zg-wasm`.
#  * npm packages of the end-to-end tests.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_install() {
	local missing=()
	for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p"); done
	[ ${#missing[@]} -eq 0 ] && return 0
	echo "setup: installing ${missing[*]}"
	as_root apt-get update -qq
	DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}"
}

apt_install clang libclang-dev protobuf-compiler make zstd

wasm_target_ready() {
	rustup target list --installed 2>/dev/null | grep -qx wasm32v1-none && return 0
	rustup toolchain list 2>/dev/null | grep -q '^zg-wasm' &&
		ls /usr/lib/rustlib/wasm32v1-none/lib/libcore-*.rlib >/dev/null 2>&1
}

if ! wasm_target_ready; then
	if timeout 120 rustup target add wasm32v1-none >/dev/null 2>&1; then
		echo "setup: wasm32v1-none added through rustup"
	else
		echo "setup: rustup cannot download wasm32v1-none; building a sysroot from Debian's Rust"
		apt_install rustc-web cargo-web rust-web-src rust-web-llvm lld-22
		if ! ls /usr/lib/rustlib/wasm32v1-none/lib/libcore-*.rlib >/dev/null 2>&1; then
			d=$(mktemp -d)
			mkdir -p "$d/src"
			printf '[package]\nname="sysroot-probe"\nversion="0.0.0"\nedition="2021"\n[lib]\ncrate-type=["rlib"]\n[workspace]\n' >"$d/Cargo.toml"
			printf '#![no_std]\n' >"$d/src/lib.rs"
			# Bitcode is embedded because the runtime build links with LTO.
			(cd "$d" && env -u CARGO_TARGET_DIR -u RUSTUP_TOOLCHAIN PATH=/usr/bin:$PATH RUSTC_BOOTSTRAP=1 \
				RUSTFLAGS=-Cembed-bitcode=yes /usr/bin/cargo build -q --release --target wasm32v1-none -Zbuild-std=core,alloc)
			as_root mkdir -p /usr/lib/rustlib/wasm32v1-none/lib
			as_root cp "$d"/target/wasm32v1-none/release/deps/lib{core,alloc,compiler_builtins}-*.rlib \
				/usr/lib/rustlib/wasm32v1-none/lib/
			rm -rf "$d"
		fi
		rustup toolchain list | grep -q '^zg-wasm' || rustup toolchain link zg-wasm /usr
		echo "setup: toolchain zg-wasm ($(rustup run zg-wasm rustc --version)) builds the runtime"
	fi
fi

if ! command -v node >/dev/null 2>&1; then
	apt_install nodejs npm
fi
for dir in tests/e2e tests/e2e/interop zombienet scripts/governance; do
	# Installed once, and again when the lock file changed since (npm writes node_modules/.package-lock.json).
	lock="$ZG_ROOT/$dir/package-lock.json"
	if [ -f "$lock" ] && { [ ! -d "$ZG_ROOT/$dir/node_modules" ] || [ "$lock" -nt "$ZG_ROOT/$dir/node_modules/.package-lock.json" ]; }; then
		echo "setup: npm ci in $dir"
		(cd "$ZG_ROOT/$dir" && npm ci --no-audit --no-fund --loglevel=error)
	fi
done
echo "setup: done"
