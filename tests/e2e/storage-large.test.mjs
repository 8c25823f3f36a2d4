// A large file through the storage network with the memory of every node watched, on six `--chain local` nodes
// that are storage providers (alice … dave, eve, ferdie: one per shard) and a reader that is none:
//   (a) a 256 MiB random file (ZG_E2E_STORAGE_LARGE_MIB) is uploaded to alice with one streamed HTTP PUT, paid
//       for with storage.submitFile (alice its encoder), encoded and stored: six shards of 64 MiB, each fetched
//       and acknowledged by its provider;
//   (b) the reader, which never had it, streams it back over HTTP (each piece rebuilt from the chunks of four
//       shards): byte-identical, its first byte within seconds;
//   (c) `zg-node storage download` through the reader (JSON-RPC; the node rebuilds the whole file into its
//       cache, span by span): byte-identical;
// and through all of it no node's resident set grows by half the file's size: encoding, fetching shards,
// rebuilding and serving are streamed, never a whole file (or a whole shard) in memory. Before they were, the
// encoder alone grew by about 2.5 times the file; measured now (debug nodes, 256 MiB, two runs), at most 56 MiB. Each phase's peak (the kernel's high-water mark, reset between phases) is
// compared with the resident set the node had when the phase began.

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe } from 'node:test';

import { signAndWaitFinalized } from './lib/chain.mjs';
import {
  DEFAULT_CAPACITY, STORAGE_READER, STORAGE_VALIDATORS, StorageNetwork, cliDownload, resilientStake, runCli, sha256File,
  storageConstants, summarizeFileInfo, waitForFileInfo, writeRandomFile,
} from './lib/storage.mjs';
import { TestEnv, chainedSteps, freePort, resetPeakRss, secs, vmMib } from './lib/node.mjs';

const MIB = Number(process.env.ZG_E2E_STORAGE_LARGE_MIB || 256);
const FILE_BYTES = MIB * 1024 * 1024;
const PERIODS = 20;
const NAMES = [...STORAGE_VALIDATORS, 'eve', 'ferdie'];
/** How much a node's resident set may grow in a phase: half the file, so no node holds it (or a shard) whole. */
const GROWTH_BOUND_MIB = MIB / 2;

// The nodes' jemalloc (their only allocator, RocksDB's C++ included: see node/src/main.rs) returns freed memory at
// once instead of after its 10 s decay: a phase's growth is then what the node holds, not how much of what it freed
// before the phase jemalloc happened to have returned when the phase began (a node's resident set at rest was 190 or
// 290 MiB depending on that, so the growth bound measured luck).
process.env.MALLOC_CONF = 'dirty_decay_ms:0,muzzy_decay_ms:0';
const log = (line) => console.log(`[e2e] storage-large: ${line}`);
const seconds = (ms) => (ms / 1000).toFixed(1);

describe(`storage network: a ${MIB} MiB file with bounded node memory`, { timeout: secs(3600) }, () => {
  const env = new TestEnv('storage-large');
  const ports = {};
  const net = new StorageNetwork(env, { names: NAMES, readers: [STORAGE_READER], nodeArgs: {}, log });
  const file = {};
  const url = (name) => `http://127.0.0.1:${ports[name]}/storage/v1/files/${file.root}`;
  const step = chainedSteps({ env, log });

  /** Node name → { pid, start: RSS when the phase began }: the phase's peaks are reset at its start. */
  let phase;
  const beginPhase = () => {
    phase = {};
    for (const name of net.allNames) {
      const pid = net.nodes[name].child?.pid;
      assert.ok(resetPeakRss(pid), `cannot reset ${name}'s peak resident set`);
      phase[name] = { pid, start: vmMib(pid, 'RSS') };
    }
  };
  const endPhase = (what) => {
    const rows = net.allNames.map((name) => {
      const { pid, start } = phase[name];
      const peak = vmMib(pid, 'HWM');
      return { name, start, peak, growth: peak - start };
    });
    log(`${what}: resident set (MiB) at its start → its peak: `
      + rows.map((r) => `${r.name} ${r.start.toFixed(0)} → ${r.peak.toFixed(0)} (+${r.growth.toFixed(0)})`).join(', '));
    for (const r of rows) {
      assert.ok(r.growth < GROWTH_BOUND_MIB,
        `${what}: ${r.name}'s resident set grew by ${r.growth.toFixed(0)} MiB, not less than ${GROWTH_BOUND_MIB} MiB (half the file)`);
    }
  };

  before(env.guard(async () => {
    for (const name of [...NAMES, STORAGE_READER]) {
      ports[name] = await freePort();
      net.nodeArgs[name] = ['--storage-http', `127.0.0.1:${ports[name]}`];
    }
    await net.start();
    const c = storageConstants(net.api);
    assert.equal(c.dataShards + c.parityShards, NAMES.length, 'one provider per shard');
    await net.registerProviders({ capacity: Math.max(DEFAULT_CAPACITY, 2 * FILE_BYTES), stake: resilientStake(c, c.maxMisses) });
  }), { timeout: secs(900) });

  after(async () => {
    await env.cleanup();
  });

  step(`(a) a ${MIB} MiB file is uploaded over HTTP, encoded and stored on six providers`, secs(1200), async () => {
    file.src = path.join(env.root, 'large.bin');
    writeRandomFile(file.src, FILE_BYTES);
    file.sha256 = await sha256File(file.src);
    file.root = (await runCli(['storage', 'root', file.src], { label: 'zg-node storage root' })).lastLine.toLowerCase();
    beginPhase();
    const started = Date.now();
    const receipt = await new Promise((resolve, reject) => {
      execFile('curl', ['-sS', '--fail-with-body', '-X', 'PUT', '--upload-file', file.src, url('alice')], { maxBuffer: 1 << 20 },
        (error, stdout) => (error ? reject(new Error(`curl PUT: ${error.message}; ${stdout}`)) : resolve(JSON.parse(stdout))));
    });
    assert.equal(receipt.root.toLowerCase(), file.root, 'the upload receipt names the file root');
    assert.equal(receipt.size, FILE_BYTES);
    log(`uploaded in ${seconds(Date.now() - started)} s`);
    await signAndWaitFinalized(net.api, net.api.tx.storage.submitFile(file.root, FILE_BYTES, PERIODS, net.accountOf('alice')),
      net.pairs.alice, { label: 'storage.submitFile' });
    const info = await waitForFileInfo(net.nodes.alice, file.root, (i) => i.state === 'stored',
      { timeoutMs: secs(1100), what: 'the large file stored' });
    log(`stored ${seconds(Date.now() - started)} s after the upload began: ${summarizeFileInfo(info)}`);
    assert.equal(new Set(info.shards.map((s) => s.peerId)).size, NAMES.length, 'six providers');
    endPhase('upload, encoding and storing');
  });

  step('(b) the reader streams it back over HTTP, byte-identical', secs(1200), async () => {
    beginPhase();
    const started = Date.now();
    const response = await fetch(url(STORAGE_READER));
    assert.equal(response.status, 200);
    assert.equal(Number(response.headers.get('content-length')), FILE_BYTES);
    const hash = crypto.createHash('sha256');
    let bytes = 0;
    let firstByteMs;
    for await (const piece of response.body) {
      firstByteMs ??= Date.now() - started;
      hash.update(piece);
      bytes += piece.length;
    }
    log(`streamed ${bytes} bytes in ${seconds(Date.now() - started)} s, the first after ${seconds(firstByteMs)} s`);
    assert.equal(bytes, FILE_BYTES);
    assert.equal(hash.digest('hex'), file.sha256, 'the streamed file differs from the original');
    const local = (await net.nodes[STORAGE_READER].rpc('zgStorage_fileInfo', [file.root])).local;
    assert.deepEqual(local, { file: false, shards: [] }, 'a streamed download keeps nothing');
    endPhase('cold HTTP download');
  });

  step('(c) the CLI downloads it through the reader, which rebuilds it into its cache', secs(1500), async () => {
    beginPhase();
    const out = path.join(env.root, 'large-back.bin');
    const result = await cliDownload({ root: file.root, out, rpcUrl: net.httpUrl(STORAGE_READER), timeoutMs: secs(1400),
      logPath: path.join(env.root, 'cli-download.log') });
    log(`zg-node storage download: ${seconds(result.ms)} s`);
    assert.equal(await sha256File(out), file.sha256, 'the CLI download differs from the original');
    fs.rmSync(out);
    const local = (await net.nodes[STORAGE_READER].rpc('zgStorage_fileInfo', [file.root])).local;
    assert.equal(local.file, true, 'the reader keeps the rebuilt file');
    endPhase('cold JSON-RPC download');
  });
});
