#!/usr/bin/env bash
# Measures transactions per second on one `zg-node --dev --tmp` with zg-eth-rpc beside it: native balance
# transfers (sr25519, submitted over WebSocket) and ERC-20 transfers (ethers, eth_sendRawTransaction).
# Builds nothing: it runs the binaries scripts/build.sh made ($ZG_NODE, $ZG_ETH_RPC).
#   ZG_BENCH_NATIVE_TXS=2000 ZG_BENCH_ERC20_TXS=1000 scripts/bench-tps.sh
# See tests/e2e/bench/tps.mjs for the other settings.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ZG_ROOT/tests/e2e"
if [ ! -d node_modules ]; then
	echo "tests/e2e/node_modules is missing: run 'npm ci' in tests/e2e first" >&2
	exit 1
fi
for bin in "$ZG_NODE" "$ZG_ETH_RPC"; do
	if [ ! -x "$bin" ]; then
		echo "$bin not found: build it with scripts/build.sh" >&2
		exit 1
	fi
done
exec node bench/tps.mjs "$@"
