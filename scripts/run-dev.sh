#!/usr/bin/env bash
# Builds zg-node and starts a one-validator development chain: Substrate RPC at ws://127.0.0.1:9944.
# State is thrown away on exit (add `--base-path DIR` to keep it). Extra arguments go to zg-node.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
"$ZG_ROOT/scripts/setup.sh"
"$ZG_ROOT/scripts/build.sh"
exec "$ZG_NODE" --dev --rpc-port 9944 --rpc-cors all --no-hardware-benchmarks "$@"
