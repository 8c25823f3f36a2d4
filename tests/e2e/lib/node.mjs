// Process management for end-to-end tests: spawn real zg-node processes, wait for their RPC,
// connect @polkadot/api, stop them, and clean up their temp directories.

import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { it } from 'node:test';

import { ApiPromise, WsProvider } from '@polkadot/api';
import { base58Encode, cryptoWaitReady, ed25519PairFromSeed } from '@polkadot/util-crypto';
import { hexToU8a, u8aConcat } from '@polkadot/util';

/** The node binary under test: `$ZG_NODE`, else the debug build in the cargo target dir. */
export const NODE_BIN = process.env.ZG_NODE
  || path.join(process.env.CARGO_TARGET_DIR || path.join(os.homedir(), '.cache/zg/target'), 'debug/zg-node');

/**
 * Where every node of the tests keeps the runtime's compiled code (`--wasmtime-cache`, wasmtime's cache keyed by
 * the code's hash): only the first node to start a given runtime compiles it, every other start loads it (a debug
 * node starts in about 2 s instead of 10). `ZG_WASMTIME_CACHE` to move it.
 */
export const WASMTIME_CACHE = process.env.ZG_WASMTIME_CACHE || path.join(os.homedir(), '.cache/zg/wasmtime');

/** Multiplies every timeout; raise it on slow machines (`ZG_E2E_TIMEOUT_SCALE=2`). */
const TIMEOUT_SCALE = Number(process.env.ZG_E2E_TIMEOUT_SCALE || 1);

/** Keep the temp dirs (chain databases, logs) after the run, for debugging. */
const KEEP_TMP = process.env.ZG_E2E_KEEP_TMP === '1';

/** Lines of each node's log printed when a test fails. */
const LOG_TAIL_LINES = Number(process.env.ZG_E2E_LOG_TAIL || 80);

/** `Vm<field>` of process `pid` in MiB from /proc (`RSS`: resident now; `HWM`: its peak), or undefined. */
export function vmMib(pid, field) {
  if (!pid) return undefined;
  try {
    const kb = new RegExp(`^Vm${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return kb ? Number(kb[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Starts the peak resident set (`VmHWM`) of process `pid` afresh from its current one (writing 5 to its
 *  `clear_refs`), so that a phase's peak is its own; false if the kernel refused. */
export function resetPeakRss(pid) {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** Seconds → milliseconds, scaled by ZG_E2E_TIMEOUT_SCALE. */
export function secs(s) {
  return Math.round(s * 1000 * TIMEOUT_SCALE);
}

/** Fixed libp2p node keys (ed25519 seeds), so peer ids are known before a node starts. */
export const NODE_KEYS = {
  alice: '0000000000000000000000000000000000000000000000000000000000000001',
  bob: '0000000000000000000000000000000000000000000000000000000000000002',
  charlie: '0000000000000000000000000000000000000000000000000000000000000003',
  dave: '0000000000000000000000000000000000000000000000000000000000000004',
};

/**
 * The libp2p peer id of an ed25519 node key: base58 of the identity multihash of the
 * protobuf-encoded public key (KeyType = Ed25519, Data = 32 bytes).
 */
export function peerIdFromNodeKey(hexSeed) {
  const { publicKey } = ed25519PairFromSeed(hexToU8a(`0x${hexSeed.replace(/^0x/, '')}`));
  const protobuf = u8aConcat([0x08, 0x01, 0x12, 0x20], publicKey);
  return base58Encode(u8aConcat([0x00, protobuf.length], protobuf));
}

// ---------------------------------------------------------------------------------------------
// Waiting

/** Rejects with `message` (a string or a function returning one) if `promise` does not settle within `ms`. */
export async function withTimeout(promise, ms, message) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => {
      // `message` may be a function, so it can describe the state at the moment of the timeout.
      const text = typeof message === 'function' ? message() : message;
      reject(new Error(`Timed out after ${(ms / 1000).toFixed(0)} s: ${text}`));
    }, ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `check` until it returns a truthy value, which is returned. Only for conditions that no
 * subscription reports (peer sets, comparisons across nodes). `describe` renders the last observed
 * state for the timeout message.
 */
export async function waitUntil(check, { timeoutMs, intervalMs = 500, what, describe = () => '' }) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const state = await Promise.resolve(describe()).catch(() => '');
      throw new Error(`Timed out after ${(timeoutMs / 1000).toFixed(0)} s waiting for ${what}`
        + (state ? `; last state: ${state}` : '')
        + (lastError ? `; last error: ${lastError.message}` : ''));
    }
    await delay(intervalMs);
  }
}

// ---------------------------------------------------------------------------------------------
// Ports

const handedOut = new Set();

/** A TCP port that is free now on all interfaces; never hands out the same port twice per run. */
export async function freePort() {
  for (;;) {
    const port = await new Promise((resolve, reject) => {
      const server = net.createServer();
      server.unref();
      server.on('error', reject);
      server.listen({ port: 0, host: '0.0.0.0', exclusive: true }, () => {
        const { port: p } = server.address();
        server.close(() => resolve(p));
      });
    });
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Chain specs

const rawSpecs = new Map();

/**
 * Where raw chain specs are kept between test processes, one per node binary and chain: `zg-node build-spec --raw`
 * runs the runtime's genesis builder in a freshly compiled wasm (about 35 s for a debug node on a busy 2-core
 * machine), and every network test file needs the same `local` spec. `ZG_E2E_SPEC_CACHE` to move it.
 */
export const SPEC_CACHE = process.env.ZG_E2E_SPEC_CACHE || path.join(os.homedir(), '.cache/zg/e2e-specs');

/**
 * The raw chain spec of `chain` (`zg-node build-spec --chain <chain> --raw`), built once per node binary and
 * shared by every node started with it: a node given a raw spec reads the genesis storage instead of running the
 * runtime's genesis builder (which compiles the runtime's wasm once more in every node at start-up). The file is
 * named after the binary's path, size and modification time, so a rebuilt node never gets an older node's
 * genesis; it is written under a temporary name and renamed, so test files running side by side never read half
 * a spec. Specs unused for a day are removed (a spec in use is touched each time a process takes it).
 */
export function rawChainSpec(chain) {
  if (rawSpecs.has(chain)) return rawSpecs.get(chain);
  const bin = fs.statSync(NODE_BIN);
  const key = createHash('sha256')
    .update(`${fs.realpathSync(NODE_BIN)}\0${bin.size}\0${bin.mtimeMs}\0${chain}`).digest('hex').slice(0, 16);
  const file = path.join(SPEC_CACHE, `${chain}-raw-${key}.json`);
  if (fs.existsSync(file)) {
    const now = new Date();
    fs.utimesSync(file, now, now);
    rawSpecs.set(chain, file);
    return file;
  }
  const started = Date.now();
  const run = spawnSync(NODE_BIN, ['build-spec', '--chain', chain, '--raw', '--disable-default-bootnode'],
    { maxBuffer: 1 << 28, encoding: 'buffer' });
  if (run.status !== 0) throw new Error(`zg-node build-spec --chain ${chain} --raw: ${run.stderr}`);
  fs.mkdirSync(SPEC_CACHE, { recursive: true });
  const partial = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(partial, run.stdout);
  fs.renameSync(partial, file);
  for (const name of fs.readdirSync(SPEC_CACHE)) {
    const old = path.join(SPEC_CACHE, name);
    if (Date.now() - fs.statSync(old, { throwIfNoEntry: false })?.mtimeMs > 24 * 3600e3) fs.rmSync(old, { force: true });
  }
  console.log(`[e2e] raw chain spec of ${chain} built in ${((Date.now() - started) / 1000).toFixed(1)} s (kept in ${SPEC_CACHE})`);
  rawSpecs.set(chain, file);
  return file;
}

// ---------------------------------------------------------------------------------------------
// Nodes

/** Every child still running, so a test process that dies or is interrupted leaves no nodes behind. */
const liveChildren = new Set();
process.on('exit', () => {
  for (const child of liveChildren) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => process.exit(128 + os.constants.signals[signal]));
}

/**
 * Registers a spawned process so that it is killed when
 * the test process exits. Returns a promise of its exit: `{ code, signal }`, or `{ error }` if it could
 * not be spawned.
 */
export function trackChild(child) {
  liveChildren.add(child);
  return new Promise((resolve) => {
    const done = (info) => {
      liveChildren.delete(child);
      resolve(info);
    };
    child.once('exit', (code, signal) => done({ code, signal }));
    child.once('error', (error) => done({ code: null, signal: null, error }));
  });
}

/**
 * A child process of a test (a zg-node, a zg-eth-rpc): spawned with its output appended to `<dir>/<name>.log`,
 * killed when the test process exits, stopped with SIGTERM escalating to SIGKILL, and waited for until its
 * RPC answers. Subclasses say how to spawn it and how to probe its RPC.
 */
export class ManagedProcess {
  constructor({ name, dir }) {
    this.name = name;
    this.dir = dir;
    this.logPath = path.join(dir, `${name}.log`);
    this.child = undefined;
    fs.mkdirSync(dir, { recursive: true });
  }

  get running() {
    return this.child !== undefined && this.exitInfo === undefined;
  }

  /** Spawns `bin args` with stdout and stderr appended to the log and `TMPDIR` set to this process's dir. */
  spawnLogged(bin, args) {
    const log = fs.openSync(this.logPath, 'a');
    fs.writeSync(log, `\n===== ${new Date().toISOString()} ${bin} ${args.join(' ')}\n`);
    // TMPDIR: temp databases and base paths land in our temp dir, so they are removed even after a SIGKILL.
    const child = spawn(bin, args, { stdio: ['ignore', log, log], env: { ...process.env, TMPDIR: this.dir } });
    fs.closeSync(log);
    this.child = child;
    this.exitInfo = undefined;
    this.exited = trackChild(child).then((info) => {
      this.exitInfo ??= info;
      return this.exitInfo;
    });
  }

  /** Calls `probe()` until it resolves; fails early if the process dies, and after `timeoutMs`. */
  async waitUntilAnswering(timeoutMs, port, probe) {
    const deadline = Date.now() + timeoutMs;
    let lastError = 'no answer yet';
    for (;;) {
      if (!this.running) {
        const e = await this.exited;
        throw new Error(`${this.name} exited before its RPC came up (code ${e.code}, signal ${e.signal}`
          + `${e.error ? `, ${e.error.message}` : ''}); see ${this.logPath}`);
      }
      try {
        await probe();
        return;
      } catch (error) {
        lastError = error.cause?.code ?? error.message;
      }
      if (Date.now() >= deadline) {
        throw new Error(`Timed out after ${(timeoutMs / 1000).toFixed(0)} s waiting for ${this.name} RPC`
          + ` on port ${port} (last error: ${lastError}); see ${this.logPath}`);
      }
      await delay(250);
    }
  }

  /** Called before a stop signal is sent. */
  async beforeStop() {}

  /** Sends `signal` and awaits the exit; SIGTERM escalates to SIGKILL after `graceMs`. */
  async stop(signal = 'SIGTERM', { graceMs = secs(30) } = {}) {
    await this.beforeStop();
    if (!this.running) return this.exited;
    this.child.kill(signal);
    try {
      return await withTimeout(this.exited, graceMs, `${this.name} to exit after ${signal}`);
    } catch (error) {
      if (signal === 'SIGKILL') throw error;
      console.error(`[e2e] ${this.name} ignored ${signal} for ${graceMs} ms; sending SIGKILL`);
      this.child.kill('SIGKILL');
      return withTimeout(this.exited, secs(30), `${this.name} to exit after SIGKILL`);
    }
  }

  /** Simulates a crash. */
  kill() {
    return this.stop('SIGKILL');
  }

  logTail(lines = LOG_TAIL_LINES) {
    try {
      return fs.readFileSync(this.logPath, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch (error) {
      return `(no log: ${error.message})`;
    }
  }
}

/** One zg-node process (possibly restarted several times on the same base path). */
export class ZgNode extends ManagedProcess {
  /**
   * @param {object} opts
   * @param {string} opts.name       label used in logs and messages
   * @param {string} opts.dir        directory for this node's log (and base path, unless `tmp`)
   * @param {string[]} opts.args     chain/role arguments, e.g. ['--dev'] or ['--chain', 'local', '--alice', ...]
   * @param {boolean} [opts.tmp]     use `--tmp` instead of a base path under `dir`
   * @param {string} [opts.nodeKey]  fixed libp2p key (hex seed)
   */
  constructor({ name, dir, args, tmp = false, nodeKey }) {
    super({ name, dir });
    this.args = args;
    this.tmp = tmp;
    this.nodeKey = nodeKey;
    this.basePath = tmp ? undefined : path.join(dir, 'base');
    this.peerId = nodeKey ? peerIdFromNodeKey(nodeKey) : undefined;
    this.apis = new Set();
  }

  get rpcUrl() {
    return `ws://127.0.0.1:${this.rpcPort}`;
  }

  /** Bootnode address of this node; needs a fixed node key. */
  get multiaddr() {
    if (!this.peerId) throw new Error(`${this.name}: no fixed node key, so no known peer id`);
    return `/ip4/127.0.0.1/tcp/${this.p2pPort}/p2p/${this.peerId}`;
  }

  /**
   * Spawns the node and waits until its RPC answers. Ports are picked afresh on every start so a
   * restart never races the kernel for the ports of the killed process.
   */
  async start({ rpcTimeoutMs = secs(180) } = {}) {
    if (this.running) throw new Error(`${this.name}: already running`);
    if (!fs.existsSync(NODE_BIN)) {
      throw new Error(`zg-node binary not found at ${NODE_BIN}; build it or set ZG_NODE`);
    }
    this.rpcPort = await freePort();
    this.p2pPort = await freePort();

    const args = [
      ...this.args,
      ...(this.tmp ? ['--tmp'] : ['--base-path', this.basePath]),
      '--port', String(this.p2pPort),
      '--rpc-port', String(this.rpcPort),
      '--rpc-cors', 'all',
      '--no-prometheus',
      '--no-telemetry',
      '--no-mdns',
      // The start-up hardware benchmark only costs CPU that the other nodes on the machine need.
      '--no-hardware-benchmarks',
      '--wasmtime-cache', WASMTIME_CACHE,
      ...(this.nodeKey ? ['--node-key', this.nodeKey] : []),
    ];
    const started = Date.now();
    this.spawnLogged(NODE_BIN, args);

    await this.waitForRpc(rpcTimeoutMs);
    /** Milliseconds from spawn to an answering RPC, for start-up measurements. */
    this.startMs = Date.now() - started;
    return this;
  }

  /**
   * One JSON-RPC call over HTTP (same port as WS), independent of @polkadot/api: used to poll for
   * readiness and to send requests the api would refuse to encode. An error response throws an
   * Error carrying the JSON-RPC `code` and `data`.
   */
  async rpc(method, params = [], opts = {}) {
    return this.rpcRaw(method, JSON.stringify(params), opts);
  }

  /** [`rpc`] with the params sent verbatim as `paramsJson` (e.g. a u64 beyond JavaScript's safe integers). */
  async rpcRaw(method, paramsJson, { timeoutMs = secs(30) } = {}) {
    const res = await fetch(`http://127.0.0.1:${this.rpcPort}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"jsonrpc":"2.0","id":1,"method":${JSON.stringify(method)},"params":${paramsJson}}`,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const json = await res.json();
    if (json.error) {
      const { code, message, data } = json.error;
      throw Object.assign(new Error(`${method}: RPC error ${code}: ${message}${data === undefined ? '' : ` (${JSON.stringify(data)})`}`),
        { code, rpcMessage: message, data });
    }
    return json.result;
  }

  /** Polls `system_health` until the RPC server answers; fails early if the process dies. */
  waitForRpc(timeoutMs) {
    return this.waitUntilAnswering(timeoutMs, this.rpcPort, () => this.rpc('system_health', [], { timeoutMs: 2000 }));
  }

  /**
   * Connects a fresh ApiPromise; it is disconnected by `stop()`/`kill()`. `signedExtensions`: extra
   * transaction extension definitions for @polkadot/api (e.g. `ETH_SIGNED_EXTENSIONS` of lib/eth.mjs).
   */
  async connect({ timeoutMs = secs(60), signedExtensions } = {}) {
    if (!this.running) throw new Error(`${this.name}: cannot connect, the node is not running`);
    await cryptoWaitReady();
    // The provider's auto-reconnect would spam errors once a node is gone; stop() and kill()
    // therefore disconnect the node's apis before signalling the process.
    const provider = new WsProvider(this.rpcUrl);
    const api = await withTimeout(
      ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true, ...(signedExtensions ? { signedExtensions } : {}) }),
      timeoutMs,
      `${this.name}: @polkadot/api connecting to ${this.rpcUrl}`,
    ).catch(async (error) => {
      await provider.disconnect().catch(() => {});
      throw error;
    });
    this.apis.add(api);
    return api;
  }

  async disconnectApis() {
    const apis = [...this.apis];
    this.apis.clear();
    await Promise.all(apis.map((api) => api.disconnect().catch(() => {})));
  }

  beforeStop() {
    // The provider's auto-reconnect would spam errors once the node is gone.
    return this.disconnectApis();
  }
}

/**
 * Owns the nodes and temp dir of one test file. Wrap test bodies and hooks with `guard()` so a
 * failure prints every node's log tail; call `cleanup()` in `after()`.
 */
export class TestEnv {
  constructor(label) {
    this.label = label;
    this.root = fs.mkdtempSync(path.join(os.tmpdir(), `zg-e2e-${label}-`));
    this.nodes = [];
  }

  /** Creates (does not start) a node whose files live under this env's temp dir. */
  node({ name, ...opts }) {
    const node = new ZgNode({ name, dir: path.join(this.root, name), ...opts });
    this.nodes.push(node);
    return node;
  }

  /** Creates and starts a node. */
  async startNode(opts) {
    return this.node(opts).start();
  }

  /** Wraps a test/hook body: on failure, dump the node logs before rethrowing. */
  guard(fn) {
    return async (...args) => {
      try {
        return await fn(...args);
      } catch (error) {
        this.dumpLogs();
        throw error;
      }
    };
  }

  dumpLogs() {
    for (const node of this.nodes) {
      console.error(`\n----- ${node.name} (${node.running ? 'running' : 'not running'}), last lines of ${node.logPath} -----`);
      console.error(node.logTail());
    }
    console.error(`----- end of node logs (temp dir ${this.root}${KEEP_TMP ? ', kept' : ''}) -----\n`);
  }

  async cleanup() {
    // SIGTERM: a clean shutdown is part of what a node must do; stop() escalates to SIGKILL.
    await Promise.all(this.nodes.map((node) => node.stop('SIGTERM', { graceMs: secs(20) }).catch((error) => {
      console.error(`[e2e] cleanup: stopping ${node.name}: ${error.message}`);
    })));
    if (KEEP_TMP) {
      // A storage run keeps its nodes' blob stores too: about 5 GiB for the 1 GiB benchmark, enough to fill a disk
      // after a few runs.
      const size = spawnSync('du', ['-sh', this.root], { encoding: 'utf8' }).stdout?.split('\t')[0] || '?';
      console.log(`[e2e] kept temp dir ${this.root} (${size} on disk: remove it once read)`);
    } else {
      fs.rmSync(this.root, { recursive: true, force: true });
    }
  }
}

/**
 * A step function for tests whose steps each need the ones before: `step(name, timeoutMs, fn)` is an `it` that is
 * skipped once an earlier step failed (instead of failing in its wake). Each step is logged with the time since
 * the steps began and how long it took; a failing one dumps the nodes' logs and calls `onFailure` (the test's own
 * diagnostics).
 */
export function chainedSteps({ env, log, onFailure = () => {} }) {
  const t0 = Date.now();
  const seconds = (ms) => (ms / 1000).toFixed(1);
  let failed;
  return (name, timeoutMs, fn) => it(name, { timeout: timeoutMs }, async (t) => {
    if (failed) {
      t.skip(`skipped: "${failed}" failed`);
      return;
    }
    const started = Date.now();
    log(`── ${name} (t+${seconds(started - t0)} s)`);
    try {
      await fn();
      log(`── done in ${seconds(Date.now() - started)} s: ${name}`);
    } catch (error) {
      failed = name;
      env.dumpLogs();
      onFailure();
      throw error;
    }
  });
}
