#!/usr/bin/env bash
# Builds zg-node if needed and starts a local storage network: seven `--chain local` nodes on loopback, all of them
# storage providers registered on chain (tests/e2e/bin/storage-net.mjs). A single dev node cannot store files: a
# file needs six distinct providers (4 data + 2 parity shards). Ctrl-C stops it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ZG_ROOT"
[ -x "$ZG_NODE" ] || "$ZG_ROOT/scripts/build.sh"
[ -d tests/e2e/node_modules ] || (cd tests/e2e && npm ci --no-audit --no-fund)
cd tests/e2e
exec node bin/storage-net.mjs
