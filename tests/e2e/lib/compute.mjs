// Helpers of the compute-market end-to-end test: the compute worker process and the compute CLI.

import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { blake2AsU8a, ed25519Sign } from '@polkadot/util-crypto';
import { hexToU8a, u8aToHex } from '@polkadot/util';

import { ManagedProcess, freePort, secs } from './node.mjs';
import { runCli } from './storage.mjs';

/** The compute worker binary under test: `$ZG_COMPUTE_WORKER`, else the debug build next to zg-node. */
export const WORKER_BIN = process.env.ZG_COMPUTE_WORKER
  ?? path.join(process.env.CARGO_TARGET_DIR ?? path.join(process.env.HOME, '.cache/zg/target'), 'debug', 'zg-compute-worker');

/** The job kinds of dev and local chains (runtime/src/configs/compute.rs). */
export const KIND = { DIGITS_MLP: 1, MATMUL_I8: 2, TRAIN_DIGITS: 3 };

/** One `zg-compute-worker serve` process. */
export class ComputeWorker extends ManagedProcess {
  /** `nodeRpc`: the provider node's RPC URL (stored datasets in, trained models out). */
  constructor({ name, dir, seed, tamper = false, nodeRpc }) {
    super({ name, dir });
    this.seed = seed;
    this.tamper = tamper;
    this.nodeRpc = nodeRpc;
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts it and reads its attestation key from its first stdout line. */
  async start({ timeoutMs = secs(120) } = {}) {
    if (!fs.existsSync(WORKER_BIN)) throw new Error(`zg-compute-worker not found at ${WORKER_BIN}; run scripts/build.sh`);
    this.port ??= await freePort();
    this.spawnLogged(WORKER_BIN, [
      'serve', '--listen', `127.0.0.1:${this.port}`, '--attestation-seed', this.seed, '--device', 'auto',
      ...(this.tamper ? ['--tamper'] : []),
      ...(this.nodeRpc ? ['--node-rpc', this.nodeRpc] : []),
    ]);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = /attestation-key (0x[0-9a-f]{64})/.exec(fs.readFileSync(this.logPath, 'utf8'));
      if (match) {
        this.attestationKey = match[1];
        return this;
      }
      if (!this.running) throw new Error(`${this.name} exited; see ${this.logPath}`);
      if (Date.now() > deadline) throw new Error(`${this.name} did not start in time; see ${this.logPath}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** `zg-node compute …` with the node's RPC. */
export function computeCli(args, { timeoutMs = secs(600), logPath } = {}) {
  return runCli(['compute', ...args], { timeoutMs, logPath, label: `zg-node compute ${args[0]}` });
}

/** The `matmul-i8` input of int8 matrices `a` (n×k) and `b` (k×m), and its true output (blake2-256 of C). */
export function matmulJob(n, k, m, seed) {
  let x = seed;
  const next = () => {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    return ((x >> 8) & 0xff) - 128;
  };
  const a = Array.from({ length: n * k }, next);
  const b = Array.from({ length: k * m }, next);
  const input = new Uint8Array(6 + n * k + k * m);
  const view = new DataView(input.buffer);
  view.setUint16(0, n, true);
  view.setUint16(2, k, true);
  view.setUint16(4, m, true);
  a.forEach((v, i) => { input[6 + i] = v & 0xff; });
  b.forEach((v, i) => { input[6 + n * k + i] = v & 0xff; });
  const c = new Uint8Array(n * m * 4);
  const cv = new DataView(c.buffer);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) sum += a[i * k + p] * b[p * m + j];
      cv.setInt32((i * m + j) * 4, sum, true);
    }
  }
  return { input: u8aToHex(input), output: u8aToHex(blake2AsU8a(c, 256)) };
}

/** `zg-compute-worker ARGS…` run to completion (dataset, train, evaluate); resolves with its stdout. */
export function workerTool(args, { timeoutMs = secs(300) } = {}) {
  return new Promise((resolve, reject) => {
    execFile(WORKER_BIN, args, { timeout: timeoutMs, maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`zg-compute-worker ${args[0]} failed: ${error.message}\n${stderr}`));
      else resolve(stdout.trim());
    });
  });
}

/** One `zg-compute-worker gateway` process: the built-in model behind an OpenAI-compatible API. */
export class InferenceGateway extends ManagedProcess {
  /** `seed`: the attestation key's 32-byte seed (hex); `nodeRpc`: a node's HTTP RPC; `provider`: SS58. */
  constructor({ name, dir, seed, nodeRpc, provider, service, tamper = false }) {
    super({ name, dir });
    Object.assign(this, { seed, nodeRpc, provider, service, tamper });
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  async start({ timeoutMs = secs(120) } = {}) {
    if (!fs.existsSync(WORKER_BIN)) throw new Error(`zg-compute-worker not found at ${WORKER_BIN}; run scripts/build.sh`);
    this.port ??= await freePort();
    this.spawnLogged(WORKER_BIN, [
      'gateway', '--listen', `127.0.0.1:${this.port}`, '--attestation-seed', this.seed, '--node-rpc', this.nodeRpc,
      '--provider', this.provider, '--service', String(this.service), ...(this.tamper ? ['--tamper'] : []),
    ]);
    await this.waitUntilAnswering(timeoutMs, this.port, async () => {
      const answer = await fetch(`${this.url}/v1/models`);
      if (!answer.ok) throw new Error(`HTTP ${answer.status}`);
    });
    return this;
  }
}

/** `zg-compute-worker ngram-info`: the built-in model's name and weights hash. */
export async function ngramInfo() {
  return JSON.parse(await workerTool(['ngram-info']));
}

const VOUCHER_DOMAIN = new TextEncoder().encode('zg-inference-voucher');
const RECEIPT_DOMAIN = new TextEncoder().encode('zg-inference-receipt');

function le(value, bytes) {
  const out = new Uint8Array(bytes);
  let v = BigInt(value);
  for (let i = 0; i < bytes; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The 32 bytes a channel key signs for a voucher (`zg_primitives::compute::inference::voucher_message`). */
export function voucherMessage(genesis, channel, amount, nonce) {
  return blake2AsU8a(concat(VOUCHER_DOMAIN, hexToU8a(genesis), le(channel, 8), le(amount, 16), le(nonce, 8)), 256);
}

/** The 32 bytes an attestation key signs for a response (`receipt_message`), from the receipt as the gateway
 * returns it (`zg.receipt`). */
export function receiptMessage(genesis, r) {
  const encoded = concat(le(r.channel, 8), le(r.nonce, 8), le(r.service, 4), hexToU8a(r.model), hexToU8a(r.request),
    hexToU8a(r.prompt), hexToU8a(r.completion), le(r.inputTokens, 4), le(r.outputTokens, 4));
  return blake2AsU8a(concat(RECEIPT_DOMAIN, hexToU8a(genesis), encoded), 256);
}

/** A voucher of `channel` signed by the ed25519 `pair`, as the `x-zg-voucher` header carries it. */
export function voucherHeader({ user, channel, amount, nonce, pair, genesis }) {
  const signature = ed25519Sign(voucherMessage(genesis, channel, amount, nonce), pair);
  return JSON.stringify({ user, channel, amount: amount.toString(), nonce, signature: u8aToHex(signature) });
}
