#!/usr/bin/env bash
# One command for zg's performance figures. It builds release binaries once (cargo profile `production`: release
# with thin LTO across crates), then runs each benchmark against them and prints one table: every figure beside
# its reference measured in the same run on this machine (a raw library, plain HTTP on loopback, sha256sum, c-kzg,
# a published peer figure for context), their ratio and the goal. The same figures go to a JSON file, compared
# with the previous run's. Works offline once `tests/e2e/node_modules` is installed (npm ci).
#
#   scripts/bench.sh [--only LIST] [--no-build] [--storage-mib N]
#
# LIST (comma-separated; default all, in this order):
#   kernels  erasure code through the host function vs the raw library; the encoder on a real blob store vs the
#            same coding in memory; file root vs raw keccak on every core;
#            Groth16 through the host function vs native; DA encode+prove vs c-kzg (cargo benches)
#   tps      native and ERC-20 transfers per second on one dev node with zg-eth-rpc (tests/e2e/bench/tps.mjs)
#   tps6     the same on the runtime real networks run (6 s blocks; the node's own is the fast one, 3 s blocks): its
#            wasm built beside the node's (runtime/network-wasm: only the runtime crate compiled again) and run on
#            the development genesis (scripts/bench-tps.sh --runtime-wasm); no anvil reference (tps has it)
#   storage  upload and download on a 7-node loopback network vs plain HTTP and sha256sum (bench/storage.mjs,
#            1,024 MiB unless --storage-mib)
#   da       DA dispersal to certificate, 1/8/32 MiB, 4 signers (bench/da.mjs)
#   startup  node start-up with and without --wasmtime-cache (scripts/bench-startup.sh)
#
# Results: $ZG_BENCH_RESULTS (default ~/.cache/zg/bench)/<UTC time>/ holds each benchmark's log and result.json;
# builds.tsv there records every build's time, which the next run quotes as its estimate.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ZG_ROOT"

only="kernels,tps,tps6,storage,da,startup"
build=1
storage_mib=1024
while [ $# -gt 0 ]; do
	case "$1" in
		--only) only="$2"; shift 2 ;;
		--no-build) build=0; shift ;;
		--storage-mib) storage_mib="$2"; shift 2 ;;
		-h | --help) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
		*) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
	esac
done
wants() { [[ ",$only," == *",$1,"* ]]; }
for name in ${only//,/ }; do
	case "$name" in kernels | tps | tps6 | storage | da | startup) ;; *) echo "unknown benchmark: $name (see --help)" >&2; exit 2 ;; esac
done

profile="${ZG_BENCH_PROFILE:-production}"
bin_dir="$CARGO_TARGET_DIR/$profile"
[ "$profile" = dev ] && bin_dir="$CARGO_TARGET_DIR/debug"
features="zg-runtime/$ZG_NODE_FEATURES"
cargo_args=(--locked --offline --profile "$profile" --workspace --features "$features")
results="${ZG_BENCH_RESULTS:-$HOME/.cache/zg/bench}"
run_id="$(date -u +%Y%m%dT%H%M%SZ)"
run_dir="$results/$run_id"
mkdir -p "$run_dir"
history="$results/builds.tsv"
minutes() { awk -v s="$1" 'BEGIN { printf "%.1f", s / 60 }'; }

# Everything a run needs that cannot be fetched offline.
for tool in curl sha256sum python3 node; do
	command -v "$tool" >/dev/null || { echo "bench.sh needs $tool" >&2; exit 1; }
done
if { wants tps || wants tps6 || wants storage || wants da; } && [ ! -d tests/e2e/node_modules ]; then
	echo "tests/e2e/node_modules is missing: run 'npm ci' in tests/e2e once while online" >&2
	exit 1
fi

# The previous run's durations, for the estimates.
previous=""
if [ -d "$results" ]; then
	previous="$(find "$results" -mindepth 2 -maxdepth 2 -name result.json -printf '%h\n' | sort | grep -v "$run_id" | tail -1 || true)"
fi
last_took() {
	[ -n "$previous" ] && [ -f "$previous/durations.tsv" ] && awk -F'\t' -v n="$1" '$1 == n { printf "%.1f min", $2 / 60 }' "$previous/durations.tsv"
}

if [ "$build" = 1 ]; then
	kind=cold
	if [ -x "$bin_dir/zg-node" ]; then
		kind=incremental
	elif [ -n "$(ls -A "$bin_dir/deps" 2>/dev/null)" ]; then
		kind=partial # an earlier build was stopped: its time is neither cold nor incremental
	fi
	last="$( [ -f "$history" ] && awk -F'\t' -v p="$profile" -v k="$kind" '$2 == p && $3 == k { t = $4 } END { print t }' "$history" || true)"
	crates="$(grep -c '^name = ' Cargo.lock)"
	case "$kind" in
		cold) why="nothing built in $bin_dir yet" ;;
		partial) why="an earlier build of it was stopped part-way" ;;
		*) why="binaries from an earlier build" ;;
	esac
	echo "== build: profile $profile, features $features, $(nproc) cores ($kind: $why)"
	if [ -n "$last" ]; then
		echo "   the last $kind build of this profile here took $(minutes "$last") min"
	else
		echo "   no $kind build of this profile recorded on this machine yet ($crates crates in Cargo.lock); this one will be."
		[ "$kind" = cold ] && echo "   For scale: a cold release build of zg-node alone took 49 min on a 2-core machine (README, Benchmarks)."
	fi
	started=$(date +%s)
	cargo build "${cargo_args[@]}" --bins --benches
	took=$(( $(date +%s) - started ))
	printf '%s\t%s\t%s\t%s\t%s\n' "$run_id" "$profile" "$kind" "$took" "$(git rev-parse --short HEAD)" >>"$history"
	echo "   built in $(minutes "$took") min"
	if wants tps6; then
		# A cargo run of its own, never beside the node's: both build scripts write the runtime's one wasm project.
		echo "== build: the runtime without fast-runtime (6 s blocks), for tps6"
		started=$(date +%s)
		cargo build "${cargo_args[@]}" --features zg-runtime-network-wasm/build --bin zg-runtime-network-wasm
		echo "   built in $(minutes $(( $(date +%s) - started ))) min"
	fi
fi

export ZG_NODE="$bin_dir/zg-node" ZG_ETH_RPC="$bin_dir/zg-eth-rpc" ZG_COMPUTE_WORKER="$bin_dir/zg-compute-worker"
for bin in "$ZG_NODE" "$ZG_ETH_RPC"; do
	[ -x "$bin" ] || { echo "$bin not found: run without --no-build" >&2; exit 1; }
done

steps=()
for name in kernels tps tps6 storage da startup; do wants "$name" && steps+=("$name"); done
failed=()
i=0
for name in "${steps[@]}"; do
	i=$((i + 1))
	estimate="$(last_took "$name" || true)"
	echo
	echo "== [$i/${#steps[@]}] $name$([ -n "$estimate" ] && echo " (last run: $estimate)") — log: $run_dir/$name.log"
	started=$(date +%s)
	set +e
	case "$name" in
		kernels)
			# The benchmark executables the build made (not `cargo bench`: it selects other targets, so cargo would
			# unify other features and compile much of the workspace again).
			for bench in erasure shards groth16 encode; do
				exe="$(find "$bin_dir/deps" -maxdepth 1 -type f -executable -regex ".*/$bench-[0-9a-f]+" -printf '%T@ %p\n' | sort -n | tail -1 | cut -d' ' -f2)"
				if [ -z "$exe" ]; then echo "no $bench benchmark in $bin_dir/deps: run without --no-build"; exit 1; fi
				echo "-- $bench ($exe)"
				"$exe" --bench || exit 1
			done 2>&1 | tee "$run_dir/$name.log"
			;;
		tps)
			# tps.mjs's defaults: 10,000 native transfers from 200 funded senders, 2,000 ERC-20 from 50, each sender's
			# in nonce order (anvil's memory grew past 7 GiB at 4,000 ERC-20 transfers).
			(cd tests/e2e && node bench/tps.mjs) 2>&1 | tee "$run_dir/$name.log"
			;;
		tps6)
			{
				wasm="$("$bin_dir/zg-runtime-network-wasm")" || exit 1
				ZG_BENCH_ANVIL=none "$ZG_ROOT/scripts/bench-tps.sh" --runtime-wasm "$wasm"
			} 2>&1 | tee "$run_dir/$name.log"
			;;
		storage)
			(cd tests/e2e && ZG_BENCH_STORAGE_MIB="$storage_mib" node bench/storage.mjs) 2>&1 | tee "$run_dir/$name.log"
			;;
		da)
			(cd tests/e2e && node bench/da.mjs) 2>&1 | tee "$run_dir/$name.log"
			;;
		startup)
			"$ZG_ROOT/scripts/bench-startup.sh" 8 2>&1 | tee "$run_dir/$name.log"
			;;
	esac
	status=${PIPESTATUS[0]}
	set -e
	took=$(( $(date +%s) - started ))
	printf '%s\t%s\t%s\n' "$name" "$took" "$status" >>"$run_dir/durations.tsv"
	[ "$status" = 0 ] || { failed+=("$name"); echo "!! $name failed (exit $status) after $took s; the others still run"; }
done

echo
echo "== results (run $run_id)"
logs=()
for name in "${steps[@]}"; do logs+=("$run_dir/$name.log"); done
python3 "$ZG_ROOT/scripts/bench-report.py" --out "$run_dir/result.json" \
	${previous:+--previous "$previous/result.json"} \
	--meta "run=$run_id" --meta "commit=$(git rev-parse --short HEAD)" --meta "profile=$profile" \
	--meta "features=$features" --meta "cores=$(nproc)" \
	--meta "cpu=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo | tr ' ' '_')" \
	"${logs[@]}"
ln -sfn "$run_dir" "$results/latest"
if [ "${#failed[@]}" -gt 0 ]; then
	echo "failed: ${failed[*]}" >&2
	exit 1
fi
