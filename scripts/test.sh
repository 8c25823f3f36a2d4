#!/usr/bin/env bash
# Runs every test of zg: Rust unit and runtime integration tests, then the end-to-end tests that start real
# zg-node processes (one node, restarts, a 4-validator network) and drive them with @polkadot/api.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ZG_ROOT"
"$ZG_ROOT/scripts/setup.sh"

echo "== cargo test (workspace, runtime with $ZG_NODE_FEATURES)"
cargo test --locked --no-fail-fast --workspace --features "zg-runtime/$ZG_NODE_FEATURES"

echo "== build zg-node"
"$ZG_ROOT/scripts/build.sh"

echo "== end-to-end tests (real zg-node processes)"
(cd tests/e2e && npm test)

echo "== zombienet: the 4-validator local network"
./zombienet/run-test.sh
