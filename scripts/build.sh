#!/usr/bin/env bash
# Builds zg-node (debug, with the runtime's wasm) the way every other script and test uses it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ZG_ROOT"
cargo build --locked -p zg-node --features "$ZG_NODE_FEATURES" "$@"
echo "built $ZG_NODE"
