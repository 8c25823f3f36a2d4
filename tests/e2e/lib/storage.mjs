// Helpers for the storage network's end-to-end tests and benchmark: a seven-node `--chain local` network whose
// nodes all run `--storage-provider` and are registered as providers, the `zg-node storage …` CLI, a log of the
// storage pallet's events read from finalized blocks, `zgStorage_*` calls, and the file Merkle root in JS.

import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { u8aToHex } from '@polkadot/util';
import { base58Decode, blake2AsU8a, decodeAddress, keccakAsU8a } from '@polkadot/util-crypto';

import { ZG, devAccounts, signAndWaitFinalized, waitForFinalized } from './chain.mjs';
import { NODE_BIN, NODE_KEYS, rawChainSpec, secs, trackChild, waitUntil } from './node.mjs';

// ---------------------------------------------------------------------------------------------
// Constants of the storage network (primitives/src/storage.rs, rpc/src/storage.rs)

/** Bytes per sector: the leaf unit of every Merkle root. */
export const SECTOR_SIZE = 256;
/** Bytes per segment: the unit of erasure coding. */
export const SEGMENT_SIZE = 256 * 1024;
/** The most bytes one `zgStorage_uploadChunk` or `zgStorage_download` call carries. */
export const MAX_CHUNK = 4 * 1024 * 1024;

/** JSON-RPC error codes of `zgStorage_*` (`StorageError::code`). */
export const STORAGE_ERRORS = Object.freeze({
  TooLarge: 7001,
  Empty: 7002,
  UnknownUpload: 7003,
  BadRange: 7004,
  Incomplete: 7005,
  RootMismatch: 7006,
  UnknownFile: 7007,
  NotYetAvailable: 7008,
  NotEnoughShards: 7009,
  StoreFull: 7010,
  UploadQuota: 7011,
  TooManyUploads: 7012,
  Busy: 7013,
  Internal: 7099,
});

/** JSON-RPC "invalid params": what jsonrpsee answers when a parameter does not deserialize. */
export const INVALID_PARAMS = -32602;

/** The key type of storage-provider keys (`STORAGE_KEY_TYPE`). */
export const STORAGE_KEY_TYPE = 'zgst';

/** The `id` of the `--chain local` spec (node/src/chain_spec.rs): the directory under `<base>/chains/`. */
export const LOCAL_CHAIN_ID = 'zg_local_testnet';

/** The directory of a node's blob store under `<base>/chains/<chain id>/`. */
export const BLOB_STORE_DIR = 'zg-blobs';

/** The four genesis validators of `--chain local`: all four must run, or GRANDPA (> 2/3 of 4) stalls. */
export const STORAGE_VALIDATORS = ['alice', 'bob', 'charlie', 'dave'];
/** Full nodes (no validator keys): the only ones a test may kill without stopping finality. */
export const STORAGE_FULL_NODES = ['eve', 'ferdie', 'george'];
/** Every node of the storage network, each one a provider with the key `//<Name>`. */
export const STORAGE_NODE_NAMES = [...STORAGE_VALIDATORS, ...STORAGE_FULL_NODES];

/** Fixed libp2p keys of the seven nodes (alice … dave as in node.mjs). */
export const STORAGE_NODE_KEYS = {
  ...NODE_KEYS,
  eve: '0000000000000000000000000000000000000000000000000000000000000005',
  ferdie: '0000000000000000000000000000000000000000000000000000000000000006',
  george: '0000000000000000000000000000000000000000000000000000000000000007',
  reader: '0000000000000000000000000000000000000000000000000000000000000008',
};

/** A full node that is not a storage provider: it never holds a shard, so whatever it serves it fetched. */
export const STORAGE_READER = 'reader';

/** 1 GiB: what every test provider offers. */
export const DEFAULT_CAPACITY = 1024 ** 3;

const capitalize = (name) => name[0].toUpperCase() + name.slice(1);
const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The 32-byte account id (0x hex) of an SS58 address, a hex id or raw bytes. */
export function accountHex(account) {
  if (account instanceof Uint8Array) return u8aToHex(account);
  if (typeof account === 'string' && /^0x[0-9a-fA-F]{64}$/.test(account)) return account.toLowerCase();
  return u8aToHex(decodeAddress(account));
}

/** The bytes a provider registers as its peer id: base58-decoded `system_localPeerId`. */
export function peerIdBytes(peerId) {
  return base58Decode(peerId);
}

/**
 * blake2_128 of the account id: the order in which `Blake2_128Concat` maps (such as the pallet's `Challenges`)
 * iterate, and so the order in which missed challenges are handled within one block.
 */
export function mapOrderKey(account) {
  return u8aToHex(blake2AsU8a(decodeAddress(accountHex(account)), 128));
}

// ---------------------------------------------------------------------------------------------
// Merkle roots (primitives/src/storage.rs: `sector_leaf`, `merkle_root_of_leaves`)

/** keccak-256 of each 256-byte sector of `data`, the last one zero-padded. */
export function sectorLeaves(data) {
  const count = Math.ceil(data.length / SECTOR_SIZE);
  const leaves = new Array(count);
  for (let i = 0; i < count; i += 1) {
    let sector = data.subarray(i * SECTOR_SIZE, Math.min((i + 1) * SECTOR_SIZE, data.length));
    if (sector.length < SECTOR_SIZE) {
      const padded = new Uint8Array(SECTOR_SIZE);
      padded.set(sector);
      sector = padded;
    }
    leaves[i] = keccakAsU8a(sector, 256);
  }
  return leaves;
}

/** Pairs hashed level by level (keccak-256 of left ‖ right); an odd last node moves up unchanged; none → zero. */
export function merkleRootOfLeaves(leaves) {
  if (leaves.length === 0) return new Uint8Array(32);
  let level = leaves;
  while (level.length > 1) {
    const next = [];
    for (let i = 0; i < level.length; i += 2) {
      if (i + 1 < level.length) {
        const pair = new Uint8Array(64);
        pair.set(level[i]);
        pair.set(level[i + 1], 32);
        next.push(keccakAsU8a(pair, 256));
      } else {
        next.push(level[i]);
      }
    }
    level = next;
  }
  return level[0];
}

/**
 * 0G's flow padding (`zg_primitives::storage::padded_sectors`): a sector count that is not a power of two is
 * rounded up to a multiple of max(1, nextPow2 / 16).
 */
export function paddedSectors(sectors) {
  let pow2 = 1;
  while (pow2 < sectors) pow2 *= 2;
  if (pow2 === sectors) return sectors;
  const unit = pow2 >= 16 ? pow2 / 16 : 1;
  return Math.ceil(sectors / unit) * unit;
}

/**
 * The file root of `data` (0x hex), as `zg_primitives::storage::file_root` and 0G's SDKs compute it: the Merkle
 * root over its sector leaves followed by all-zero sectors up to `paddedSectors`.
 */
export function merkleRoot(data) {
  const leaves = sectorLeaves(data);
  const padded = paddedSectors(leaves.length);
  if (padded > leaves.length) {
    const zero = keccakAsU8a(new Uint8Array(SECTOR_SIZE), 256);
    while (leaves.length < padded) leaves.push(zero);
  }
  return u8aToHex(merkleRootOfLeaves(leaves));
}

// ---------------------------------------------------------------------------------------------
// Files

/** Writes `size` random bytes to `file`. */
export function writeRandomFile(file, size) {
  const fd = fs.openSync(file, 'w');
  try {
    for (let written = 0; written < size;) {
      const chunk = crypto.randomBytes(Math.min(1024 * 1024, size - written));
      fs.writeSync(fd, chunk);
      written += chunk.length;
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** sha256 (hex) of a file's contents. */
export function sha256File(file) {
  return new Promise((resolve, reject) => {
    const hash = crypto.createHash('sha256');
    fs.createReadStream(file)
      .on('error', reject)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')));
  });
}

export function sha256(bytes) {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

/** Megabytes (10^6 bytes) per second. */
export function mbPerSec(bytes, ms) {
  return bytes / 1e6 / (ms / 1000);
}

/** Finds directories named `name` under `root`, at most `depth` levels down. */
export function findDirs(root, name, depth = 4) {
  const found = [];
  const walk = (dir, level) => {
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (!entry.isDirectory()) continue;
      const full = path.join(dir, entry.name);
      if (entry.name === name) found.push(full);
      else if (level < depth) walk(full, level + 1);
    }
  };
  walk(root, 0);
  return found;
}

// ---------------------------------------------------------------------------------------------
// Raw JSON-RPC

/**
 * A JSON-RPC call with `paramsJson` sent verbatim (e.g. a u64 beyond JavaScript's safe integers). Errors throw
 * like `ZgNode.rpc`: an Error carrying `code`, `rpcMessage` and `data`.
 */
export function rpcRaw(node, method, paramsJson, opts = {}) {
  return node.rpcRaw(method, paramsJson, opts);
}

/** `zgStorage_fileInfo` on `node`. */
export function fileInfo(node, root) {
  return node.rpc('zgStorage_fileInfo', [root]);
}

/** Polls `zgStorage_fileInfo` on `node` until `check(info)` is truthy; returns the info. */
export async function waitForFileInfo(node, root, check, { timeoutMs, what }) {
  let last;
  await waitUntil(async () => {
    last = await fileInfo(node, root);
    return last && check(last);
  }, {
    timeoutMs,
    intervalMs: 1000,
    what: `${what} (zgStorage_fileInfo on ${node.name})`,
    describe: () => (last ? summarizeFileInfo(last) : 'null'),
  });
  return last;
}

/** One line per file: state and each shard's index, provider and acknowledgement. */
export function summarizeFileInfo(info, nameOfPeer = (p) => p) {
  const shards = info.shards.map((s) => `${s.index}:${nameOfPeer(s.peerId)}${s.acknowledged ? '✓' : '…'}`).join(' ');
  return `state ${info.state}, shards [${shards}], local ${JSON.stringify(info.local)}`;
}

/**
 * Downloads `root` with `zgStorage_download` in chunks of `MAX_CHUNK` bytes (in order); returns the bytes and
 * timings (`firstChunkMs`: the first answer, which includes fetching and rebuilding on a node without the file).
 */
export async function downloadRpc(node, root, size, { chunk = MAX_CHUNK, timeoutMs = secs(600) } = {}) {
  const out = Buffer.alloc(size);
  const started = Date.now();
  let firstChunkMs;
  for (let offset = 0; offset < size; offset += chunk) {
    const len = Math.min(chunk, size - offset);
    const hex = await node.rpc('zgStorage_download', [root, offset, len], { timeoutMs });
    const bytes = Buffer.from(hex.replace(/^0x/, ''), 'hex');
    if (bytes.length !== len) {
      throw new Error(`${node.name}: zgStorage_download(${root}, ${offset}, ${len}) returned ${bytes.length} bytes`);
    }
    bytes.copy(out, offset);
    firstChunkMs ??= Date.now() - started;
  }
  return { bytes: out, ms: Date.now() - started, firstChunkMs };
}

// ---------------------------------------------------------------------------------------------
// The CLI

/**
 * Runs `zg-node <args>` (the binary the nodes use) to completion; resolves with `{ stdout, stderr, ms,
 * lastLine }`, rejects on a non-zero exit, a signal or after `timeoutMs` with the tail of stderr. `logPath`:
 * where to keep the whole stderr (progress bars included).
 */
export function runCli(args, { timeoutMs = secs(600), logPath, label = `zg-node ${args.slice(0, 2).join(' ')}` } = {}) {
  if (!fs.existsSync(NODE_BIN)) {
    return Promise.reject(new Error(`zg-node binary not found at ${NODE_BIN}; build it or set ZG_NODE`));
  }
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(NODE_BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = trackChild(child);
    const log = logPath ? fs.createWriteStream(logPath, { flags: 'a' }) : undefined;
    log?.write(`===== ${new Date().toISOString()} ${NODE_BIN} ${args.join(' ')}\n`);
    let stdout = '';
    // Progress bars redraw with \r: keep only a bounded tail of stderr in memory.
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text) => {
      stdout += text;
      log?.write(text);
    });
    child.stderr.setEncoding('utf8').on('data', (text) => {
      stderr = (stderr + text).slice(-64 * 1024);
      log?.write(text);
    });
    // Progress bars are one line each per redraw: keep the last of a run of them, so that the lines around the
    // error (the last line) are what the tail shows.
    const isProgress = (line) => /\[[# ]+\]\s+\d+%/.test(line);
    const lines = () => stderr.replace(/\r/g, '\n').split('\n').map((l) => l.trimEnd()).filter(Boolean)
      .filter((l, i, all) => !(isProgress(l) && isProgress(all[i + 1] ?? '')));
    const tail = () => lines().slice(-20).join('\n');
    const lastError = () => lines().filter((l) => !isProgress(l)).pop() ?? '(nothing on stderr)';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${label}: no exit after ${(timeoutMs / 1000).toFixed(0)} s (killed); stderr tail:\n${tail()}`));
    }, timeoutMs);
    exited.then(({ code, signal, error }) => {
      clearTimeout(timer);
      log?.end();
      const ms = Date.now() - started;
      if (error) {
        reject(new Error(`${label}: could not run ${NODE_BIN}: ${error.message}`));
      } else if (code !== 0) {
        reject(Object.assign(new Error(`${label}: exited with ${signal ? `signal ${signal}` : `code ${code}`} after `
          + `${(ms / 1000).toFixed(1)} s: ${lastError()}\n(zg-node ${args.join(' ')}); stderr tail:\n${tail()}`),
        { code, stdout, stderr }));
      } else {
        const lines = stdout.split('\n').map((l) => l.trim()).filter(Boolean);
        resolve({ stdout, stderr, ms, lastLine: lines[lines.length - 1] ?? '' });
      }
    });
  });
}

/**
 * `zg-node storage upload` (with `httpUrl`, the file streamed to that storage HTTP endpoint: `--http`); resolves with
 * the file root (the last line of stdout) and the run's timing.
 */
export async function cliUpload({ file, rpcUrl, httpUrl, suri, periods, wait = 'stored', timeoutMs, logPath }) {
  const args = ['storage', 'upload', file, '--rpc', rpcUrl, '--suri', suri, '--periods', String(periods), '--wait', wait];
  if (httpUrl) args.push('--http', httpUrl);
  const result = await runCli(args, { timeoutMs, logPath, label: 'zg-node storage upload' });
  if (!/^0x[0-9a-fA-F]{64}$/.test(result.lastLine)) {
    throw new Error(`zg-node storage upload: the last line of stdout is not a file root: ${JSON.stringify(result.lastLine)}`
      + ` (stdout: ${JSON.stringify(result.stdout.slice(-500))})`);
  }
  return { ...result, root: result.lastLine.toLowerCase() };
}

/** `zg-node storage download ROOT --out FILE --rpc URL [--http URL]`. */
export function cliDownload({ root, out, rpcUrl, httpUrl, timeoutMs, logPath }) {
  const args = ['storage', 'download', root, '--out', out, '--rpc', rpcUrl, ...(httpUrl ? ['--http', httpUrl] : [])];
  return runCli(args, { timeoutMs, logPath, label: 'zg-node storage download' });
}

// ---------------------------------------------------------------------------------------------
// Events

/** A codec of an event field as a plain value: account ids as 0x hex, small integers as numbers, u128 as bigint, enum variants by name. */
function plain(codec) {
  const raw = codec.toRawType?.() ?? '';
  if (/^AccountId(20|32|33)?$/.test(raw)) return u8aToHex(codec.toU8a());
  if (Array.isArray(codec)) return codec.map(plain);
  if (typeof codec.toBigInt === 'function') {
    const value = codec.toBigInt();
    return typeof codec.bitLength === 'function' && codec.bitLength() <= 64 ? Number(value) : value;
  }
  // An enum (SlashReason): its variant's name.
  if (typeof codec.type === 'string' && typeof codec.index === 'number') return codec.type;
  if (typeof codec.toHex === 'function') return codec.toHex();
  return codec.toString();
}

/**
 * Every event of the chosen pallets in finalized blocks from the moment `start()` is called, in chain order,
 * read block by block (a finalized-heads subscription may skip numbers; no block is skipped here). A record is
 * `{ seq, block, hash, section, method, data }` with `data` the event's named fields as plain values.
 */
export class EventLog {
  constructor(api, { sections = ['storage'], label = (v) => v, echo = false } = {}) {
    this.api = api;
    this.sections = new Set(sections);
    this.label = label;
    this.echo = echo;
    this.records = [];
    this.lastBlock = undefined;
    this.lastHash = undefined;
    this.error = undefined;
  }

  async start() {
    const hash = await this.api.rpc.chain.getFinalizedHead();
    this.lastBlock = (await this.api.rpc.chain.getHeader(hash)).number.toNumber();
    this.lastHash = hash.toHex();
    this.target = this.lastBlock;
    this.unsubscribe = await this.api.rpc.chain.subscribeFinalizedHeads((header) => {
      this.target = Math.max(this.target, header.number.toNumber());
      this.pump();
    });
    return this;
  }

  stop() {
    this.stopped = true;
    try {
      this.unsubscribe?.();
    } catch {
      // The api may be disconnected already.
    }
  }

  pump() {
    if (this.pumping || this.stopped) return;
    this.pumping = (async () => {
      while (!this.stopped && this.lastBlock < this.target) {
        const number = this.lastBlock + 1;
        const hash = (await this.api.rpc.chain.getBlockHash(number)).toHex();
        const events = await this.api.query.system.events.at(hash);
        const records = [];
        for (const { event } of events) {
          if (!this.sections.has(event.section)) continue;
          const names = event.meta.fields.map((f, i) => (f.name.isSome ? f.name.unwrap().toString() : String(i)));
          const data = {};
          names.forEach((name, i) => { data[camel(name)] = plain(event.data[i]); });
          records.push({ block: number, hash, section: event.section, method: event.method, data });
        }
        // All of a block's records at once, with lastBlock, so readers never see half a block.
        for (const record of records) {
          record.seq = this.records.length;
          this.records.push(record);
          if (this.echo) console.log(`[e2e] event ${this.format(record)}`);
        }
        this.lastBlock = number;
        this.lastHash = hash;
      }
    })().catch((error) => {
      if (!this.stopped) this.error = error;
    }).finally(() => {
      this.pumping = undefined;
      if (!this.error && this.lastBlock < this.target) this.pump();
    });
  }

  /** The index the next record will have: pass it as `from` to look only at later events. */
  mark() {
    return this.records.length;
  }

  filter(predicate, from = 0) {
    return this.records.slice(from).filter(predicate);
  }

  find(predicate, from = 0) {
    return this.records.slice(from).find(predicate);
  }

  /**
   * Resolves with the first record from `from` on that `predicate` accepts; rejects at once when one that
   * `failIf` accepts comes first (or at all), and after `timeoutMs`.
   */
  async waitFor(predicate, { from = 0, timeoutMs, what, failIf }) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.error) throw new Error(`event log broke while waiting for ${what}: ${this.error.message}`);
      if (this.stopped) throw new Error(`event log stopped while waiting for ${what}`);
      const records = this.records.slice(from);
      for (const record of records) {
        if (failIf?.(record)) {
          throw new Error(`while waiting for ${what}: unexpected event ${this.format(record)}`);
        }
        if (predicate(record)) return record;
      }
      if (Date.now() >= deadline) {
        const recent = this.records.slice(Math.max(from, this.records.length - 15)).map((r) => this.format(r));
        throw new Error(`Timed out after ${(timeoutMs / 1000).toFixed(0)} s waiting for ${what} `
          + `(finalized up to #${this.lastBlock}); last events since the wait began:\n  ${recent.join('\n  ') || '(none)'}`);
      }
      await delay(300);
    }
  }

  format(record) {
    const fields = Object.entries(record.data).map(([k, v]) => `${k}: ${this.show(v)}`).join(', ');
    return `#${record.block} ${record.section}.${record.method} { ${fields} }`;
  }

  show(value) {
    if (Array.isArray(value)) return `[${value.map((v) => this.show(v)).join(', ')}]`;
    if (typeof value === 'bigint') return value.toString();
    if (typeof value === 'string' && /^0x[0-9a-f]{64}$/.test(value)) return this.label(value);
    return String(value);
  }
}

function camel(name) {
  return name.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
}

/** A predicate for `EventLog` records: `method` and every given field equal (account ids compared as hex). */
export function isEvent(method, fields = {}) {
  const expected = Object.entries(fields).map(([k, v]) => [k, normalize(v)]);
  return (record) => record.method === method
    && expected.every(([k, v]) => normalize(record.data[k]) === v);
}

function normalize(value) {
  if (typeof value === 'string') return value.toLowerCase();
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

// ---------------------------------------------------------------------------------------------
// The network

/**
 * Seven `--chain local` nodes, every one started with `--storage-provider`: the four genesis validators
 * (alice … dave, which must all run for GRANDPA to finalize) and three full nodes (eve, ferdie, george). Each
 * node's key `//<Name>` is inserted as a `zgst` key and registered as a provider from that account.
 */
export class StorageNetwork {
  /** `nodeArgs`: extra arguments of single nodes, by name (e.g. a compute provider's `--compute-worker`). */
  constructor(env, { names = STORAGE_NODE_NAMES, readers = [], extraArgs = [], nodeArgs = {}, log = (line) => console.log(`[e2e] storage: ${line}`) } = {}) {
    this.env = env;
    /** The providers. */
    this.names = names;
    /** Full nodes that are not providers (no `--storage-provider`, no key). */
    this.readers = readers;
    this.allNames = [...names, ...readers];
    this.extraArgs = extraArgs;
    this.nodeArgs = nodeArgs;
    this.log = log;
    this.nodes = {};
    this.peerIds = {};
    this.pairs = {};
  }

  /** Node arguments of `name` (alice is the bootnode). */
  args(name) {
    const validator = STORAGE_VALIDATORS.includes(name);
    return [
      '--chain', rawChainSpec('local'),
      ...(validator ? [`--${name}`, '--validator'] : ['--name', name]),
      ...(name === 'alice' ? [] : ['--bootnodes', this.nodes.alice.multiaddr]),
      // Also enables the off-chain worker, which by default runs only on validators.
      ...(this.readers.includes(name) ? [] : ['--storage-provider']),
      // author_insertKey is an unsafe method (allowed anyway on a localhost-only RPC; explicit here).
      '--rpc-methods', 'unsafe',
      ...this.extraArgs,
      ...(this.nodeArgs[name] ?? []),
    ];
  }

  get running() {
    return this.allNames.filter((n) => this.nodes[n].running);
  }

  httpUrl(name) {
    return `http://127.0.0.1:${this.nodes[name].rpcPort}`;
  }

  accountOf(name) {
    return u8aToHex(this.pairs[name].publicKey);
  }

  nameOfAccount(account) {
    const hex = accountHex(account);
    return this.names.find((n) => this.accountOf(n) === hex);
  }

  nameOfPeer(peerId) {
    return this.allNames.find((n) => this.peerIds[n] === peerId);
  }

  /** An account id or peer id as a node name where it is one of ours. */
  label(value) {
    if (typeof value !== 'string') return String(value);
    if (/^0x[0-9a-f]{64}$/i.test(value)) return this.nameOfAccount(value) ?? `${value.slice(0, 10)}…`;
    return this.nameOfPeer(value) ?? value;
  }

  /** Starts every node, connects to alice, waits for the full mesh and block 1 finalized. */
  async start({ timeoutMs = secs(300) } = {}) {
    const accounts = await devAccounts();
    for (const name of this.names) {
      this.pairs[name] = accounts[name] ?? accounts.keyring.addFromUri(`//${capitalize(name)}`, { name: capitalize(name) });
    }
    this.keyring = accounts.keyring;
    for (const name of this.allNames) {
      this.nodes[name] = this.env.node({ name, nodeKey: STORAGE_NODE_KEYS[name], args: [] });
    }
    const started = Date.now();
    rawChainSpec('local');
    // One at a time, each once its RPC answers: on a 2-core machine eight debug nodes starting together compete
    // for the CPU (each compiles the runtime's wasm) and all start late; in turn, each starts in seconds.
    for (const name of this.allNames) {
      this.nodes[name].args = this.args(name);
      await this.nodes[name].start();
    }
    this.log(`start-up to RPC: ${this.allNames.map((n) => `${n} ${(this.nodes[n].startMs / 1000).toFixed(1)} s`).join(', ')}`);
    this.api = await this.nodes.alice.connect();
    for (const name of this.allNames) {
      this.peerIds[name] = await this.nodes[name].rpc('system_localPeerId');
      if (this.peerIds[name] !== this.nodes[name].peerId) {
        throw new Error(`${name}: system_localPeerId ${this.peerIds[name]} is not the peer id of its node key (${this.nodes[name].peerId})`);
      }
    }
    this.log(`${this.allNames.length} nodes up in ${((Date.now() - started) / 1000).toFixed(1)} s (temp dir ${this.env.root})`);
    await waitForFinalized(this.api, 1, { timeoutMs, label: 'alice' });
    await this.waitForMesh({ timeoutMs });
    this.log(`full mesh and block #1 finalized after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return this;
  }

  /** Waits until every running node (or those in `names`) is connected to every other running node. */
  async waitForMesh({ names, timeoutMs = secs(180) } = {}) {
    const running = this.running;
    const targets = (names ?? running).filter((n) => running.includes(n));
    const missing = {};
    await waitUntil(async () => {
      let complete = true;
      for (const name of targets) {
        const peers = new Set((await this.nodes[name].rpc('system_peers')).map((p) => p.peerId));
        missing[name] = running.filter((n) => n !== name && !peers.has(this.peerIds[n]));
        if (missing[name].length) complete = false;
      }
      return complete;
    }, {
      timeoutMs,
      intervalMs: 1000,
      what: `${targets.join(', ')} to connect to every running node`,
      describe: () => Object.entries(missing).filter(([, m]) => m.length).map(([n, m]) => `${n} lacks ${m.join(', ')}`).join('; '),
    });
  }

  /** Inserts `//<Name>` as the node's `zgst` key and checks the keystore has it. */
  async insertKey(name) {
    const node = this.nodes[name];
    const publicKey = this.accountOf(name);
    await node.rpc('author_insertKey', [STORAGE_KEY_TYPE, `//${capitalize(name)}`, publicKey]);
    const has = await node.rpc('author_hasKey', [publicKey, STORAGE_KEY_TYPE]);
    if (has !== true) throw new Error(`${name}: author_hasKey(${publicKey}, ${STORAGE_KEY_TYPE}) is ${JSON.stringify(has)} after author_insertKey`);
  }

  /**
   * Inserts every node's key, funds any account holding less than `stake` + 100 ZG (from //Alice), and registers
   * every node as a provider with its peer id, `capacity` and `stake`; checks the chain's records.
   */
  async registerProviders({ capacity = DEFAULT_CAPACITY, stake }) {
    const { api } = this;
    for (const name of this.names) await this.insertKey(name);

    const needed = stake + 100n * ZG;
    for (const name of this.names) {
      const { data } = await api.query.system.account(this.pairs[name].address);
      if (data.free.toBigInt() < needed) {
        this.log(`funding ${name} (${data.free.toBigInt() / ZG} ZG free) with ${needed / ZG} ZG from alice`);
        await signAndWaitFinalized(api, api.tx.balances.transferKeepAlive(this.pairs[name].address, needed), this.pairs.alice,
          { label: `balances.transferKeepAlive to ${name}` });
      }
    }

    const started = Date.now();
    await Promise.all(this.names.map((name) => signAndWaitFinalized(
      api,
      api.tx.storage.registerProvider(u8aToHex(peerIdBytes(this.peerIds[name])), capacity, stake),
      this.pairs[name],
      { label: `${name}: storage.registerProvider` },
    )));
    for (const name of this.names) {
      const record = await api.query.storage.providers(this.pairs[name].address);
      if (record.isNone) throw new Error(`${name} is not a registered provider after registerProvider`);
      const info = record.unwrap();
      const problems = [];
      if (u8aToHex(info.peerId.toU8a(true)) !== u8aToHex(peerIdBytes(this.peerIds[name]))) problems.push(`peer id ${u8aToHex(info.peerId.toU8a(true))}`);
      if (BigInt(info.capacity.toString()) !== BigInt(capacity)) problems.push(`capacity ${info.capacity}`);
      if (info.stake.toBigInt() !== stake) problems.push(`stake ${info.stake}`);
      if (!info.status.isActive) problems.push(`status ${info.status.type}`);
      if (problems.length) throw new Error(`${name}: provider record disagrees with its registration: ${problems.join(', ')}`);
    }
    this.log(`${this.names.length} providers registered (capacity ${capacity} bytes, stake ${stake / ZG} ZG each) in `
      + `${((Date.now() - started) / 1000).toFixed(1)} s`);
  }

  /** The blob store directory of `name` (must exist). */
  blobStore(name) {
    const base = this.nodes[name].basePath;
    const expected = path.join(base, 'chains', LOCAL_CHAIN_ID, BLOB_STORE_DIR);
    if (fs.existsSync(expected)) return expected;
    const found = findDirs(base, BLOB_STORE_DIR);
    if (found.length === 1) return found[0];
    throw new Error(`${name}: expected its blob store at ${expected}; found ${found.length ? found.join(', ') : 'no zg-blobs directory'} under ${base}`);
  }

  /**
   * Stops (if running) and starts `name` again on its base path, optionally deleting its blob store first;
   * inserts its key again and waits until it is connected to every other running node.
   */
  /** Restarts `name`; `extraArgs` (e.g. `--storage-withhold`) apply to this run only. */
  async restart(name, { wipeBlobs = false, extraArgs = [] } = {}) {
    const node = this.nodes[name];
    if (node.running) await node.stop();
    node.args = [...this.args(name), ...extraArgs];
    if (wipeBlobs) {
      const dir = this.blobStore(name);
      fs.rmSync(dir, { recursive: true, force: true });
      this.log(`${name}: deleted its blob store ${dir}`);
    }
    await node.start();
    await this.insertKey(name);
    await this.waitForMesh({ names: [name] });
    this.log(`${name}: restarted${wipeBlobs ? ' with an empty blob store' : ''}${extraArgs.length ? ` with ${extraArgs.join(' ')}` : ''} `
      + 'and connected to every running node');
  }

  /** Each running node's `zgStorage_fileInfo`, by name. */
  async fileInfos(root) {
    const out = {};
    for (const name of this.running) out[name] = await fileInfo(this.nodes[name], root);
    return out;
  }

  /** The node names of a file's shard holders, in shard order. */
  holders(info) {
    return info.shards.map((s) => {
      const name = this.nameOfPeer(s.peerId);
      if (!name) throw new Error(`shard ${s.index} is on peer ${s.peerId}, which is none of the test's nodes`);
      if (accountHex(s.provider) !== this.accountOf(name)) {
        throw new Error(`shard ${s.index}: provider ${s.provider} is not ${name}'s account although its peer id is ${name}'s`);
      }
      return name;
    });
  }

  /**
   * A running node that does not hold the whole file (so a download makes it fetch and rebuild), preferring
   * those that hold no shard of it, then those holding the fewest; `exclude` never. `undefined` if none.
   */
  async downloaderWithoutFile(root, { exclude = [] } = {}) {
    const infos = await this.fileInfos(root);
    const candidates = Object.entries(infos)
      .filter(([name, info]) => info && !info.local.file && !exclude.includes(name))
      .sort(([, a], [, b]) => a.local.shards.length - b.local.shards.length);
    return candidates[0]?.[0];
  }

  /** Providers' on-chain stakes by name, at block `hash` (default: best). */
  async stakes(names, hash) {
    const api = hash ? await this.api.at(hash) : this.api;
    const out = {};
    for (const name of names) {
      const record = await api.query.storage.providers(this.pairs[name].address);
      out[name] = record.isSome ? record.unwrap().stake.toBigInt() : undefined;
    }
    return out;
  }
}

/** The storage pallet's constants (fast-runtime: 10-block rounds, 6-block window, 2 misses) and the block time. */
export function storageConstants(api) {
  const c = api.consts.storage;
  const blockMs = api.consts.babe.expectedBlockTime.toNumber();
  const challengePeriod = c.challengePeriod.toNumber();
  return {
    blockMs,
    challengePeriod,
    responseWindow: c.responseWindow.toNumber(),
    roundMs: challengePeriod * blockMs,
    maxMisses: c.maxMisses.toNumber(),
    minProviderStake: c.minProviderStake.toBigInt(),
    // Perbill.
    slashFraction: c.slashFraction.toNumber() / 1e9,
    dataShards: c.erasureParams.dataShards.toNumber(),
    parityShards: c.erasureParams.parityShards.toNumber(),
    maxFileSize: Number(c.maxFileSize.toBigInt()),
    retrievalWindow: c.retrievalWindow.toNumber(),
    retrievalDeposit: c.retrievalDeposit.toBigInt(),
    retrievalSlash: c.retrievalSlash.toNumber() / 1e9,
    ackDeadline: c.ackDeadline.toNumber(),
  };
}

/**
 * A stake that stays at or above `MinProviderStake` after `misses` slashes of `slashFraction`, so that a
 * provider slashed for being down can still be given repaired shards: twice the minimum, or more if needed.
 */
export function resilientStake({ minProviderStake, slashFraction }, misses) {
  let stake = 2n * minProviderStake;
  while (Number(stake) * (1 - slashFraction) ** misses < Number(minProviderStake) * 1.01) stake *= 2n;
  return stake;
}
