// The Ethereum side of the end-to-end tests: the zg-eth-rpc process next to a zg-node, an ethers
// provider for it, raw JSON-RPC calls that return errors instead of throwing, the dev Ethereum keys,
// and the Solidity contracts of tests/e2e/contracts compiled with solc-js.

import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { JsonRpcProvider, Network, dataSlice, getAddress, keccak256 } from 'ethers';
import { u8aToHex } from '@polkadot/util';

import { ManagedProcess, freePort, secs } from './node.mjs';

/** The Ethereum JSON-RPC server under test: `$ZG_ETH_RPC`, else the debug build in the cargo target dir. */
export const ETH_RPC_BIN = process.env.ZG_ETH_RPC
  || path.join(process.env.CARGO_TARGET_DIR || path.join(os.homedir(), '.cache/zg/target'), 'debug/zg-eth-rpc');

/** Foundry's `cast` (npm `@foundry-rs/cast-linux-amd64`, a prebuilt binary): `$ZG_CAST`, else the one in node_modules. */
export const CAST_BIN = process.env.ZG_CAST
  || path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', '@foundry-rs', 'cast-linux-amd64', 'bin', 'cast');

/**
 * Runs `cast ARGS…` and resolves with its stdout, trimmed; a failure rejects with cast's stderr in the message
 * (and `stderr` on the error), as a user would read it.
 */
export function cast(args, { timeoutMs = secs(120) } = {}) {
  return new Promise((resolve, reject) => {
    execFile(CAST_BIN, args, { timeout: timeoutMs, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      if (error) {
        reject(Object.assign(new Error(`cast ${args.slice(0, 2).join(' ')} failed: ${stderr.trim() || error.message}`), { stderr }));
      } else {
        resolve(stdout.trim());
      }
    });
  });
}

/** zg's EIP-155 chain id (`EVM_CHAIN_ID` in primitives). */
export const EVM_CHAIN_ID = 16420n;


/**
 * The Ethereum dev keys funded in the dev and local genesis (1,000,000 ZG each): Hardhat/Anvil accounts
 * 0–4 (mnemonic "test test … junk") and Alith … Ethan (the keys `zg-eth-rpc --dev` signs with).
 */
export const ETH_DEV_KEYS = [
  { name: 'hardhat0', address: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266', privateKey: '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80' },
  { name: 'hardhat1', address: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', privateKey: '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d' },
  { name: 'hardhat2', address: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC', privateKey: '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a' },
  { name: 'hardhat3', address: '0x90F79bf6EB2c4f870365E785982E1f101E93b906', privateKey: '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6' },
  { name: 'hardhat4', address: '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65', privateKey: '0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a' },
  { name: 'alith', address: '0xf24FF3a9CF04c71Dbc94D0b566f7A27B94566cac', privateKey: '0x5fb92d6e98884f76de468fa3f6278f8807c48bebc13595d45af5bdc4da702133' },
  { name: 'baltathar', address: '0x3Cd0A705a2DC65e5b1E1205896BaA2be8A07c6e0', privateKey: '0x8075991ce870b93a8870eca0c0f91913d12f47948ca0fd25b49c6fa7cdbeee8b' },
  { name: 'charleth', address: '0x798d4Ba9baf0064Ec19eB4F0a1a45785ae9D6DFc', privateKey: '0x0b6e18cafb6ed99687ec547bd28139cafdd2bffe70e6b688025de6b445aa5c5b' },
  { name: 'dorothy', address: '0x773539d4Ac0e786233D90A233654ccEE26a613D9', privateKey: '0x39539ab1876910bbf3a223d84a29e28f1cb4e2e456503e7e91ed39b2e7223d68' },
  { name: 'ethan', address: '0xFf64d3F6efE2317EE2807d223a0Bdc4c0c49dfDB', privateKey: '0x7dce9bc8babb68fec1409be38c8e1a52650206a7ed90ff956ae8a6d15eeaaef4' },
];

/**
 * pallet-revive's transaction extension, for `ApiPromise.create({ signedExtensions })`. It encodes to
 * nothing (its only field is `#[codec(skip)]`), which is also what @polkadot/api assumes for an unknown one;
 * naming it keeps the api from warning about it.
 */
export const ETH_SIGNED_EXTENSIONS = { EthSetOrigin: { extrinsic: {}, payload: {} } };

// ---------------------------------------------------------------------------------------------
// Address mapping (pallet-revive's AccountId32Mapper)

/** The 32-byte zg account of an Ethereum address: the address followed by twelve 0xEE bytes. */
export function accountIdOfEthAddress(address) {
  return `${getAddress(address).toLowerCase()}${'ee'.repeat(12)}`;
}

/** The EVM address of a Substrate account id (32 bytes, hex or bytes): the last 20 bytes of its keccak-256. */
export function ethAddressOfAccountId(accountId) {
  const hex = typeof accountId === 'string' ? accountId : u8aToHex(accountId);
  return getAddress(dataSlice(keccak256(hex), 12));
}

/**
 * What `eth_getBalance` reports for an account with these balances: pallet-revive returns the reducible
 * balance (`Preservation::Preserve`, `Fortitude::Polite`), i.e. free minus what must stay: the larger of the
 * existential deposit and the part of the freezes not covered by holds.
 */
export function expectedEthBalance({ free, reserved, frozen }, existentialDeposit) {
  const frozenPart = frozen > reserved ? frozen - reserved : 0n;
  const untouchable = frozenPart > existentialDeposit ? frozenPart : existentialDeposit;
  return free > untouchable ? free - untouchable : 0n;
}

// ---------------------------------------------------------------------------------------------
// JSON-RPC

/**
 * One JSON-RPC call over HTTP. Never throws for a JSON-RPC error: returns `{ result }` or
 * `{ error: { code, message, data } }`. Throws only when there is no JSON-RPC answer at all.
 */
export async function ethRpc(url, method, params = [], { timeoutMs = secs(30) } = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${method}: HTTP ${res.status}, not a JSON-RPC answer: ${text.slice(0, 500)}`);
  }
  if (json.error) return { error: json.error };
  if (!('result' in json)) throw new Error(`${method}: JSON-RPC answer without result or error: ${text.slice(0, 500)}`);
  return { result: json.result };
}

/** Like `ethRpc`, but throws (with the JSON-RPC code on the error) when the server answers with an error. */
export async function ethRpcOk(url, method, params = [], opts = {}) {
  const { result, error } = await ethRpc(url, method, params, opts);
  if (error) {
    throw Object.assign(new Error(`${method}: RPC error ${error.code}: ${error.message}`
      + `${error.data === undefined ? '' : ` (${JSON.stringify(error.data)})`}`), { code: error.code, rpcMessage: error.message, data: error.data });
  }
  return result;
}

/** An ethers provider for zg's eth-rpc: fixed chain id (no network detection), 500 ms polling, no batching or caching. */
export function ethProvider(url) {
  const network = new Network('zg', EVM_CHAIN_ID);
  return new JsonRpcProvider(url, network, {
    staticNetwork: network,
    pollingInterval: 500,
    batchMaxCount: 1,
    cacheTimeout: -1,
  });
}

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the server has a receipt for `hash` and its `latest` block has caught up with the block
 * of that receipt (the eth-rpc server stores a block's receipts before it moves `latest` on, so a
 * nonce or balance read right after the receipt appears could still see the previous block).
 * Returns the ethers `TransactionReceipt` (status is not checked here).
 */
export async function waitMined(provider, hash, { timeoutMs = secs(120), what = `transaction ${hash}` } = {}) {
  const deadline = Date.now() + timeoutMs;
  let receipt = null;
  for (;;) {
    receipt ??= await provider.getTransactionReceipt(hash);
    if (receipt && await provider.getBlockNumber() >= receipt.blockNumber) return receipt;
    if (Date.now() >= deadline) {
      throw new Error(`Timed out after ${(timeoutMs / 1000).toFixed(0)} s waiting for ${what} to be mined`
        + (receipt ? ` (receipt in block ${receipt.blockNumber}, but eth_blockNumber is behind)` : ' (no receipt)'));
    }
    await delay(500);
  }
}

// ---------------------------------------------------------------------------------------------
// The eth-rpc process

/** One zg-eth-rpc process serving the Ethereum JSON-RPC for a running ZgNode. */
export class EthRpc extends ManagedProcess {
  /**
   * @param {object} opts
   * @param {string} opts.name            label used in logs and messages
   * @param {string} opts.dir             directory for its log (and `--dev`'s temp base path)
   * @param {import('./node.mjs').ZgNode} opts.node  the node it connects to (must be running at start())
   * @param {string[]} [opts.args]        extra arguments, e.g. ['-l', 'eth-rpc=debug']
   */
  constructor({ name, dir, node, args = [] }) {
    super({ name, dir });
    this.node = node;
    this.args = args;
  }

  get url() {
    return `http://127.0.0.1:${this.rpcPort}`;
  }

  /** Spawns the server and waits until `eth_chainId` answers over HTTP. */
  async start({ rpcTimeoutMs = secs(120) } = {}) {
    if (this.running) throw new Error(`${this.name}: already running`);
    if (!fs.existsSync(ETH_RPC_BIN)) {
      throw new Error(`zg-eth-rpc binary not found at ${ETH_RPC_BIN}; build it (scripts/build.sh) or set ZG_ETH_RPC`);
    }
    if (!this.node.running) throw new Error(`${this.name}: node ${this.node.name} is not running`);
    this.rpcPort = await freePort();
    const args = [
      // --dev: eth_accounts/eth_sendTransaction with the Alith… keys, and eth_estimateGas on the pending block.
      '--dev',
      '--node-rpc-url', this.node.rpcUrl,
      '--rpc-port', String(this.rpcPort),
      '--rpc-cors', 'all',
      '--no-prometheus',
      // In-memory receipt index of the latest blocks: no database on disk, nothing to sync backwards.
      '--eth-pruning', '100000',
      ...this.args,
    ];
    // The temp base path that --dev creates lands in this process's dir (TMPDIR).
    this.spawnLogged(ETH_RPC_BIN, args);

    await this.waitForRpc(rpcTimeoutMs);
    return this;
  }

  /** Polls `eth_chainId` until the server answers it. */
  waitForRpc(timeoutMs) {
    return this.waitUntilAnswering(timeoutMs, this.rpcPort, async () => {
      const { error } = await ethRpc(this.url, 'eth_chainId', [], { timeoutMs: 2000 });
      if (error) throw new Error(`RPC error ${error.code}: ${error.message}`);
    });
  }
}

/**
 * Creates and starts a zg-eth-rpc for `node` under `env` (a TestEnv): its log is dumped with the
 * nodes' on failure and it is stopped by `env.cleanup()`.
 */
export async function startEthRpc(env, node, { name = `${node.name}-eth-rpc`, args = [] } = {}) {
  const eth = new EthRpc({ name, dir: path.join(env.root, name), node, args });
  // Stopped first at cleanup (cleanup stops everything at once; order only matters for log noise).
  env.nodes.unshift(eth);
  return eth.start();
}

/**
 * Starts `zg-node --dev --tmp` and a zg-eth-rpc beside it; returns the node, a connected @polkadot/api
 * (knowing the EthSetOrigin extension), the eth-rpc process and an ethers provider for it. `tmp: false` keeps the
 * node's database in a base path under the environment's directory (`node.basePath`) instead.
 */
export async function startDevWithEthRpc(env, { nodeArgs = [], ethArgs = [], tmp = true } = {}) {
  const node = await env.startNode({ name: 'dev', args: ['--dev', ...nodeArgs], tmp });
  const api = await node.connect({ signedExtensions: ETH_SIGNED_EXTENSIONS });
  const eth = await startEthRpc(env, node, { args: ethArgs });
  const provider = ethProvider(eth.url);
  return { node, api, eth, provider };
}

// ---------------------------------------------------------------------------------------------
// Contracts

/** tests/e2e/contracts */
export const CONTRACTS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'contracts');
/** The Solidity interfaces of zg's precompiles (`runtime/precompiles`). */
export const PRECOMPILES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'runtime', 'precompiles');
/** Where zg's precompiles are (`runtime/src/precompiles.rs`). */
export const PRECOMPILE = Object.freeze({
  storage: '0x000000000000000000000000000000000a010000',
  da: '0x000000000000000000000000000000000A020000',
  compute: '0x000000000000000000000000000000000a030000',
  staking: '0x000000000000000000000000000000000A040000',
  governance: '0x000000000000000000000000000000000A050000',
});

let compiled;

/**
 * Compiles every .sol file in tests/e2e/contracts with solc-js (standard JSON, optimizer on, EVM
 * version cancun). Returns `{ [contractName]: { abi, bytecode, deployedBytecode } }` (0x-prefixed hex).
 * Compiler errors throw with solc's formatted messages. The result is cached per process.
 */
export async function compileContracts() {
  compiled ??= (async () => {
    const { default: solc } = await import('solc');
    const sources = {};
    for (const file of fs.readdirSync(CONTRACTS_DIR).filter((f) => f.endsWith('.sol')).sort()) {
      sources[file] = { content: fs.readFileSync(path.join(CONTRACTS_DIR, file), 'utf8') };
    }
    if (Object.keys(sources).length === 0) throw new Error(`no .sol files in ${CONTRACTS_DIR}`);
    // zg's precompile interfaces, as contracts import them: `import "precompiles/IZgStaking.sol";`.
    for (const file of fs.readdirSync(PRECOMPILES_DIR).filter((f) => f.endsWith('.sol')).sort()) {
      sources[`precompiles/${file}`] = { content: fs.readFileSync(path.join(PRECOMPILES_DIR, file), 'utf8') };
    }
    const input = {
      language: 'Solidity',
      sources,
      settings: {
        optimizer: { enabled: true, runs: 200 },
        evmVersion: 'cancun',
        outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
      },
    };
    const output = JSON.parse(solc.compile(JSON.stringify(input)));
    const problems = output.errors ?? [];
    const errors = problems.filter((e) => e.severity === 'error');
    if (errors.length) {
      throw new Error(`solc ${solc.version()} failed to compile ${CONTRACTS_DIR}:\n`
        + errors.map((e) => e.formattedMessage ?? e.message).join('\n'));
    }
    const result = {};
    for (const [file, contracts] of Object.entries(output.contracts ?? {})) {
      for (const [name, { abi, evm }] of Object.entries(contracts)) {
        if (result[name]) throw new Error(`contract ${name} is defined twice (again in ${file})`);
        result[name] = {
          abi,
          bytecode: `0x${evm.bytecode.object}`,
          deployedBytecode: `0x${evm.deployedBytecode.object}`,
        };
      }
    }
    return result;
  })();
  // A failed compilation is not cached, so a fixed contract compiles on the next call.
  return compiled.catch((error) => {
    compiled = undefined;
    throw error;
  });
}
