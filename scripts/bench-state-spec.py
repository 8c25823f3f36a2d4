#!/usr/bin/env python3
"""Writes a copy of a zg chain spec (JSON, not raw) for a benchmark: its genesis also funds N accounts with 1 ZG
each, for `zg-node benchmark storage` (scripts/bench-weights.sh), so that database reads and writes are measured on
a trie of realistic depth instead of the dev chain's few hundred keys; with `--code WASM`, its runtime is WASM
instead (scripts/bench-tps.sh --runtime-wasm). The accounts' keys are sha256 of a fixed label and their index (no
one holds them); they are written in SS58 with the generic prefix 42, as the dev spec's own.

    python3 scripts/bench-state-spec.py dev.json 200000 > spec.json
    python3 scripts/bench-state-spec.py dev.json 0 --code runtime.wasm > spec.json
"""
import hashlib
import json
import sys

ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
ONE_ZG = 10**18


def base58(data: bytes) -> str:
    n = int.from_bytes(data, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = ALPHABET[r] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def ss58(public: bytes, prefix: int = 42) -> str:
    body = bytes([prefix]) + public
    return base58(body + hashlib.blake2b(b"SS58PRE" + body, digest_size=64).digest()[:2])


def main() -> None:
    args = sys.argv[1:]
    code = None
    if len(args) == 4 and args[2] == "--code":
        code = args.pop()
        args.pop()
    if len(args) != 2:
        sys.exit(__doc__)
    spec_path, count = args[0], int(args[1])
    # Alice's well-known key: the encoding must give the address every Substrate tool shows.
    alice = bytes.fromhex("d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d")
    assert ss58(alice) == "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"
    with open(spec_path) as f:
        spec = json.load(f)
    genesis = spec["genesis"]["runtimeGenesis"]
    config = genesis.get("patch") or genesis.get("config")
    if config is None:
        sys.exit(f"{spec_path}: not a JSON chain spec with a genesis patch or config (a raw spec?)")
    if count > 0:
        balances = config.setdefault("balances", {}).setdefault("balances", [])
        balances.extend([ss58(hashlib.sha256(b"zg-bench-state-%d" % i).digest()), ONE_ZG] for i in range(count))
        spec["name"] = f"{spec.get('name', 'zg')} with {count} more accounts (storage benchmark)"
    if code is not None:
        with open(code, "rb") as f:
            genesis["code"] = "0x" + f.read().hex()
        spec["name"] = f"{spec.get('name', 'zg')} (runtime {code})"
    json.dump(spec, sys.stdout)


if __name__ == "__main__":
    main()
