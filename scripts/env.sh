# Sourced by the other scripts: one place for the paths and toolchain choices every build uses.
ZG_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ZG_ROOT
# The target directory lives outside the work tree so it survives fresh clones (CI uses the same default).
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/zg/target}"
# Where rustup's stable cannot provide wasm32v1-none, scripts/setup.sh links Debian's Rust as `zg-wasm`.
if [ -z "${WASM_BUILD_TOOLCHAIN:-}" ] && ! rustup target list --installed 2>/dev/null | grep -qx wasm32v1-none; then
	if rustup toolchain list 2>/dev/null | grep -q '^zg-wasm'; then
		export WASM_BUILD_TOOLCHAIN=zg-wasm
	fi
fi
# pallet-revive-eth-rpc's build script links polkadot-sdk's revive dev runtime natively to read its metadata; that
# runtime's wasm is never used, so skip only it (zg-runtime's wasm, built in the same cargo run, is needed).
export SKIP_REVIVE_DEV_RUNTIME_WASM_BUILD=1
# Cargo features of the node every script builds and tests: short epochs/eras so tests see payouts in minutes.
export ZG_NODE_FEATURES="${ZG_NODE_FEATURES:-fast-runtime}"
export ZG_NODE="${ZG_NODE:-$CARGO_TARGET_DIR/debug/zg-node}"
export ZG_ETH_RPC="${ZG_ETH_RPC:-$CARGO_TARGET_DIR/debug/zg-eth-rpc}"
export ZG_COMPUTE_WORKER="${ZG_COMPUTE_WORKER:-$CARGO_TARGET_DIR/debug/zg-compute-worker}"
# RocksDB (the chain's database, the storage and DA blob stores) checksums every block and blob it writes, compacts
# and reads with CRC32C, in hardware only if its C++ is compiled with SSE 4.2 and PCLMUL, which its build script
# enables only from Rust target features this workspace leaves at the x86-64 baseline. In software it was 10 % of
# the machine's samples in a release 1 GiB upload (RocksDB's flush thread) and 14 % of the disperser's in the DA
# e2e test. The flags reach every C++ library built for this target (RocksDB, Binaryen), and only where this CPU has
# both instructions: a zg-node built here then needs an x86-64 CPU from 2010 on. ZG_PORTABLE=1 builds without (an
# empty value, which also overrides the same flags in .cargo/config.toml, there for plain `cargo` runs).
if [ -z "${CXXFLAGS_x86_64_unknown_linux_gnu+set}" ]; then
	if [ "${ZG_PORTABLE:-0}" != 1 ] && [ "$(uname -m)" = x86_64 ] && grep -qw sse4_2 /proc/cpuinfo \
		&& grep -qw pclmulqdq /proc/cpuinfo; then
		export CXXFLAGS_x86_64_unknown_linux_gnu="-msse4.2 -mpclmul"
	else
		export CXXFLAGS_x86_64_unknown_linux_gnu=""
	fi
fi
