// Storage benchmark on a seven-node `--chain local` network on loopback (lib/storage.mjs: four validators and
// three full nodes, every one a registered storage provider), with a random file of ZG_BENCH_STORAGE_MIB MiB:
//   - upload: one HTTP PUT of the file to alice's storage endpoint (`--storage-http`, curl streaming it from disk),
//     timed on its own (started where no session rotation falls before the file is stored, as the TPS phases are),
//     then storage.submitFile signed by //Alice (alice, which holds the upload, as its encoder) and the time until the
//     file is encoded and until it is stored (every one of its six shards fetched, checked and acknowledged by its
//     provider); MB/s for the upload alone and for upload + submit until stored;
//   - download: HTTP GET (curl) from a node that holds no shard and not the file, which streams it, each piece
//     rebuilt from the chunks of k shards and the whole hashed on the way ("cold"; the time to the first byte
//     reported apart): once to /dev/null, the plain GET reference's sink, and again to a file (nothing is kept,
//     so it is cold again), whose bytes are compared; the
//     same through zgStorage_download (4 MiB JSON-RPC calls, in order), which rebuilds the whole file into the
//     node's cache (span by span) first; both again from that node, which now holds the file ("warm"); and `zg-node storage download` (the CLI,
//     process start and Merkle check included) from another node without the file, if there is one: over its HTTP endpoint
//     (`--http`), then over JSON-RPC.
// Every other download is compared with the original (sha256). References measured in the same run on the same bytes:
// a plain HTTP transfer on loopback (curl to and from a node:http server that keeps the file in memory),
// `sha256sum` of the file, and the file copied and synced on the same disk (`dd conv=fdatasync`, with direct I/O
// as the blob store writes and through the page cache: an upload is answered once it is on disk); each figure with its reference is also printed as a `ZG-BENCH` line for
// scripts/bench.sh. With ZG_BENCH_ERASURE_OUT naming the output of
// `cargo bench -p zg-primitives --bench erasure` (scripts/bench-storage.sh sets it), its `…: X MB/s` lines head
// the summary table. A benchmark, not a test: it asserts only that the work was done and the bytes are right.
//
//   scripts/bench-storage.sh        (or: cd tests/e2e && node bench/storage.mjs)
//
// Environment: ZG_NODE, ZG_BENCH_STORAGE_MIB (default 64), ZG_BENCH_STORAGE_PERIODS (rounds paid for, default 100),
// ZG_BENCH_STORAGE_PHASES (uploads until stored, each of its own file and started i/n of a slot after a block import;
// the figures are their medians, each printed; default 3; the downloads are of the last file), ZG_BENCH_TIMEOUT_S (per phase, default
// 900), ZG_BENCH_ERASURE_OUT, ZG_BENCH_SKIP_NETWORK=1 (print the erasure table only), ZG_E2E_KEEP_TMP=1,
// ZG_BENCH_PERF_COLD=FILE (records the whole machine with `perf record -a -g` during the first cold download, into
// FILE: read it with `perf report -i FILE --sort pid,sym`, as the README says), ZG_BENCH_PERF_UPLOAD=FILE (the same
// during the HTTP upload), ZG_BENCH_PERF_STORED=FILE (from submitFile until stored: the encoding, the providers'
// fetches), ZG_BENCH_NODE_ARGS (more zg-node arguments for every node, split at spaces: `--detailed-log-output`
// gives the logs kept with ZG_E2E_KEEP_TMP=1 times to the millisecond).
// MB are 10^6 bytes.

import { execFile, execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

import { bestHead, clearOfSessionRotation, signAndWaitFinalized, waitForBest } from '../lib/chain.mjs';
import {
  DEFAULT_CAPACITY, MAX_CHUNK, STORAGE_NODE_NAMES, StorageNetwork, cliDownload, downloadRpc, fileInfo, mbPerSec, merkleRoot,
  resilientStake, sha256, sha256File, storageConstants,
} from '../lib/storage.mjs';
import { TestEnv, freePort, resetPeakRss, secs, vmMib } from '../lib/node.mjs';

/** Runs `work` with `perf record -a -g` recording the whole machine into `file` (if given) meanwhile. */
async function profiled(file, work) {
  if (!file) return work();
  const perf = spawn('perf', ['record', '-a', '-g', '-F', '499', '-o', file], { stdio: ['ignore', 'inherit', 'inherit'] });
  const exited = new Promise((resolve) => perf.on('exit', resolve).on('error', (e) => resolve(e)));
  await new Promise((resolve) => setTimeout(resolve, 1000));
  try {
    return await work();
  } finally {
    perf.kill('SIGINT');
    const code = await exited;
    log(`perf record → ${file} (${code instanceof Error ? code.message : `exit ${code}`})`);
  }
}

const MIB = Number(process.env.ZG_BENCH_STORAGE_MIB ?? 64);
const SIZE = Math.round(MIB * 1024 * 1024);
const PERIODS = Number(process.env.ZG_BENCH_STORAGE_PERIODS ?? 100);
const PHASE_TIMEOUT_MS = secs(Number(process.env.ZG_BENCH_TIMEOUT_S ?? 900));
/** Slots the upload and its submission until stored take (a 1 GiB upload about 1, stored three to five blocks after
 *  the submission): they start where no session rotation falls within them, as the TPS phases do. */
const STORED_SLOTS = 7;
/** Uploads, each a file of its own, started at as many points spread over a slot (`i / n` of a slot after a block
 *  import): where an upload ends within the slot decides how many blocks it waits for, so one sample says little. */
const STORED_PHASES = Math.max(1, Number(process.env.ZG_BENCH_STORAGE_PHASES ?? 3));
const ERASURE_OUT = process.env.ZG_BENCH_ERASURE_OUT;
/** More zg-node arguments for every node (ZG_BENCH_NODE_ARGS, split at spaces). */
const NODE_ARGS = (process.env.ZG_BENCH_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== '');
const SKIP_NETWORK = process.env.ZG_BENCH_SKIP_NETWORK === '1';

const log = (line) => console.log(`[bench] ${line}`);
const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (ms) => (ms / 1000).toFixed(2);
const rate = (bytes, ms) => `${mbPerSec(bytes, ms).toFixed(1)} MB/s`;

/** Seconds for `cmd args` (a child process; its output discarded). */
function timed(cmd, args) {
  const started = process.hrtime.bigint();
  execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'], maxBuffer: 1 << 20 });
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** Runs curl on `url` in the background (execFileSync would block this process's own HTTP server); resolves with
 *  the milliseconds it took and its stdout. */
function curl(args, url) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    execFile('curl', ['-sS', '--fail-with-body', ...args, url], { maxBuffer: 1 << 20 }, (error, stdout) => {
      if (error) reject(new Error(`curl ${args.join(' ')} ${url}: ${error.message}; ${stdout}`));
      else resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, stdout });
    });
  });
}

/** Milliseconds to move `file` through plain HTTP on loopback with curl (GET from and POST to a node:http server
 *  holding it in memory), for `sha256sum` to read and hash it, and for `dd` to copy it and sync the copy. */
async function references(file, data) {
  const server = http.createServer((req, res) => {
    if (req.method === 'POST') {
      let n = 0;
      req.on('data', (chunk) => { n += chunk.length; });
      req.on('end', () => res.end(String(n)));
      return;
    }
    res.writeHead(200, { 'content-length': data.length });
    res.end(data);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/`;
  try {
    const get = await curl(['-o', '/dev/null'], url);
    // --upload-file streams the file (--data-binary @file would read all of it into memory first).
    const post = await curl(['-H', 'content-type: application/octet-stream', '-X', 'POST', '--upload-file', file], url);
    if (Number(post.stdout) !== data.length) throw new Error(`the plain HTTP POST moved ${post.stdout} bytes, not ${data.length}`);
    // The disk's limit for an upload, which the node answers only once it is on disk: the same bytes copied to
    // a new file on the same file system and synced, with direct I/O as the blob store writes (where the file
    // system takes it) and through the page cache.
    const copy = `${file}.dd`;
    const dd = (...flags) => {
      try {
        return timed('dd', [`if=${file}`, `of=${copy}`, 'bs=4M', 'conv=fdatasync', 'status=none', ...flags]);
      } catch {
        return undefined; // no O_DIRECT on this file system
      } finally {
        fs.rmSync(copy, { force: true });
      }
    };
    const ddDirectMs = dd('oflag=direct');
    const ddMs = dd();
    return { getMs: get.ms, postMs: post.ms, sha256sumMs: timed('sha256sum', [file]), ddMs, ddDirectMs };
  } finally {
    server.close();
  }
}

/** The `name: X MB/s` lines of the erasure bench's output (compiler noise and other lines ignored). */
function erasureRows() {
  if (!ERASURE_OUT) return [];
  let text;
  try {
    text = fs.readFileSync(ERASURE_OUT, 'utf8');
  } catch (error) {
    return [[`erasure bench output (${ERASURE_OUT})`, `unreadable: ${error.message}`]];
  }
  const rows = [];
  for (const line of text.split('\n')) {
    const m = line.trim().match(/^(.+?):\s*([0-9][0-9.,]*\s*(?:[kMGT]i?B|B)\/s.*)$/);
    if (m) rows.push([m[1].trim(), m[2].trim()]);
  }
  if (rows.length === 0) rows.push(['erasure bench', `no "…: X MB/s" lines in ${ERASURE_OUT}`]);
  return rows;
}

function printTable(title, rows) {
  const width = Math.max(...rows.map(([k]) => k.length), 10);
  console.log('');
  console.log(`== ${title}`);
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
}

/** Polls fileInfo until `state` is reached; returns when (ms since epoch) it was first seen. */
async function waitForState(node, root, states, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await fileInfo(node, root);
    if (last && states.includes(last.state)) return { at: Date.now(), info: last };
    if (Date.now() > deadline) throw new Error(`file ${root} not ${states.join('/')} after ${seconds(timeoutMs)} s (state ${last?.state})`);
    await delay(250);
  }
}

async function main() {
  const rows = erasureRows();
  if (SKIP_NETWORK) {
    printTable('Storage benchmark: erasure coding', rows.length ? rows : [['erasure bench', 'not run']]);
    return;
  }

  const env = new TestEnv('bench-storage');
  // Room for the upload, the whole file and every shard on one node, whatever the default cap is.
  const storeMax = Math.max(4 * 1024 ** 3, 16 * SIZE);
  // Every node serves files over HTTP (`--storage-http`), the path this benchmark measures.
  const httpPorts = {};
  for (const name of STORAGE_NODE_NAMES) httpPorts[name] = await freePort();
  const nodeArgs = Object.fromEntries(STORAGE_NODE_NAMES.map((name) => [name, ['--storage-http', `127.0.0.1:${httpPorts[name]}`]]));
  const filesUrl = (name, root) => `http://127.0.0.1:${httpPorts[name]}/storage/v1/files/${root}`;
  const extraArgs = ['--storage-max-bytes', String(storeMax), ...NODE_ARGS];
  const net = new StorageNetwork(env, { extraArgs, nodeArgs, log: (line) => log(line) });
  try {
    await net.start();
    const c = storageConstants(net.api);
    await net.registerProviders({ capacity: Math.max(DEFAULT_CAPACITY, 4 * SIZE), stake: resilientStake(c, c.maxMisses) });
    const { api } = net;
    const alice = net.nodes.alice;
    // Memory: each node's resident set once started, then the peak of each phase on its own.
    const pids = Object.fromEntries(net.names.map((name) => [name, net.nodes[name].child?.pid]));
    const baseline = Object.fromEntries(net.names.map((name) => [name, vmMib(pids[name], 'RSS')]));
    log(`resident set once started (MiB): ${net.names.map((n) => `${n} ${baseline[n]?.toFixed(0)}`).join(', ')}`);
    const phases = [];
    const perPhase = net.names.every((name) => resetPeakRss(pids[name]));
    const endPhase = (what) => {
      const peaks = net.names.map((name) => ({ name, mib: vmMib(pids[name], 'HWM') })).filter((p) => p.mib !== undefined)
        .sort((a, b) => b.mib - a.mib);
      if (peaks.length === 0) return;
      phases.push({ what, top: peaks[0] });
      log(`peak resident set, ${what} (MiB): ${peaks.map((p) => `${p.name} ${p.mib.toFixed(0)}`).join(', ')}`);
      if (perPhase) for (const name of net.names) resetPeakRss(pids[name]);
    };

    log(`generating ${MIB} MiB of random data and its Merkle root`);
    const data = crypto.randomBytes(SIZE);
    const hashStart = Date.now();
    let root = merkleRoot(data);
    const jsRootMs = Date.now() - hashStart;
    let digest = sha256(data);
    log(`root ${root} (${seconds(jsRootMs)} s in JS)`);

    const file = path.join(env.root, 'file.bin');
    fs.writeFileSync(file, data);

    // Upload: one streamed HTTP PUT to alice, by curl from the file on disk (as the reference POST), where no session
    // rotation falls between it and the file stored (`clearOfSessionRotation`: a block that rotates the session takes
    // no transaction; with the fast runtime every tenth block, with the production runtime one an hour). Then
    // submitFile and the wait for encoded and stored (best blocks, polled every 250 ms). Once per phase: the upload
    // starts `i / STORED_PHASES` of a slot after a block import, each a file of its own (the same bytes but the first
    // four, so its root differs).
    const slotMs = c.blockMs;
    const runs = [];
    let stored;
    for (let i = 0; i < STORED_PHASES; i++) {
      if (i > 0) {
        data.writeUInt32BE(i, 0);
        root = merkleRoot(data);
        digest = sha256(data);
        fs.writeFileSync(file, data);
      }
      const clear = (await clearOfSessionRotation(api, STORED_SLOTS)).text;
      const head = await bestHead(api);
      await waitForBest(api, head.number + 1, { label: 'bench' });
      const offsetMs = Math.round((i * slotMs) / STORED_PHASES);
      await delay(offsetMs);
      log(`upload ${i + 1} of ${STORED_PHASES}, ${seconds(offsetMs)} s after the import of #${head.number + 1} (${clear})`);
      const put = await profiled(i === 0 ? process.env.ZG_BENCH_PERF_UPLOAD : undefined, () => curl(['-X', 'PUT', '-H', 'content-type: application/octet-stream', '--upload-file', file], filesUrl('alice', root)));
      const receipt = JSON.parse(put.stdout);
      if (receipt.root.toLowerCase() !== root) throw new Error(`the upload answered root ${receipt.root}, not ${root}`);
      log(`upload (HTTP PUT): ${seconds(put.ms)} s (${rate(SIZE, put.ms)})`);

      let submitStart;
      const result = await profiled(i === 0 ? process.env.ZG_BENCH_PERF_STORED : undefined, async () => {
        submitStart = Date.now();
        const submitted = signAndWaitFinalized(api, api.tx.storage.submitFile(root, SIZE, PERIODS, net.accountOf('alice')), net.pairs.alice,
          { timeoutMs: PHASE_TIMEOUT_MS, label: 'storage.submitFile' });
        submitted.catch(() => {});
        const encoded = await waitForState(alice, root, ['encoded', 'stored'], PHASE_TIMEOUT_MS);
        log(`encoded after ${seconds(encoded.at - submitStart)} s`);
        const stored = await waitForState(alice, root, ['stored'], PHASE_TIMEOUT_MS);
        await submitted;
        return { encoded, stored };
      });
      stored = result.stored;
      const run = { offsetMs, uploadMs: put.ms, encodedMs: result.encoded.at - submitStart, storedMs: stored.at - submitStart };
      runs.push(run);
      log(`stored after ${seconds(run.storedMs)} s (upload + stored: ${rate(SIZE, run.uploadMs + run.storedMs)})`);
    }
    endPhase(`${STORED_PHASES} uploads, encodings and storings`);
    const median = (values) => {
      const sorted = [...values].sort((a, b) => a - b);
      const mid = Math.floor(sorted.length / 2);
      return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    };
    const uploadMs = median(runs.map((r) => r.uploadMs));
    const totalMs = median(runs.map((r) => r.uploadMs + r.storedMs));
    const storedMs = median(runs.map((r) => r.storedMs));
    const encodedMs = median(runs.map((r) => r.encodedMs));

    const holders = net.holders(stored.info);
    const spare = net.names.find((n) => !holders.includes(n));
    // Cold download: a node without the file, preferably the one without a shard (it must fetch four).
    const infos = await net.fileInfos(root);
    const coldNode = [spare, ...net.names].find((n) => n && infos[n] && !infos[n].local.file);
    if (!coldNode) throw new Error('no node without the file to download from');
    const coldShards = infos[coldNode].local.shards.length;
    log(`downloading from ${coldNode} (holds ${coldShards} shard${coldShards === 1 ? '' : 's'}, not the file)`);
    // Downloads by curl: time to the first byte and in all. To a file, the bytes are then checked (sha256); to
    // /dev/null, the sink of the plain GET reference, only their count, and that the node ended the body cleanly:
    // a whole file rebuilt from shards is hashed as it goes and cut off before its end if its root is wrong.
    const out = path.join(env.root, 'download.bin');
    const download = async (name, what, toFile = true) => {
      const got = await curl(['-o', toFile ? out : '/dev/null', '-w', '%{time_starttransfer} %{size_download}'], filesUrl(name, root));
      const [firstByte, bytes] = got.stdout.trim().split(' ').map(Number);
      if (bytes !== SIZE) throw new Error(`the ${what} download from ${name} gave ${bytes} bytes, not ${SIZE}`);
      if (toFile) {
        if (await sha256File(out) !== digest) throw new Error(`the ${what} download from ${name} differs from the original`);
        fs.rmSync(out);
      }
      const result = { ms: got.ms, firstByteMs: firstByte * 1000 };
      log(`${what} download (HTTP GET from ${name}${toFile ? '' : ' to /dev/null'}): ${seconds(result.ms)} s (${rate(SIZE, result.ms)}), first byte after ${seconds(result.firstByteMs)} s`);
      return result;
    };
    // Cold over HTTP: streamed, each piece rebuilt from the chunks of k shards, nothing kept (so the second is
    // cold too): first to /dev/null like the reference, then to a file whose bytes are compared.
    const cold = await profiled(process.env.ZG_BENCH_PERF_COLD, () => download(coldNode, 'cold', false));
    const coldFile = await download(coldNode, 'cold');
    endPhase('cold HTTP downloads');
    // Cold over JSON-RPC: the whole file rebuilt into the cache (span by span) before the first chunk is answered.
    const coldRpc = await downloadRpc(net.nodes[coldNode], root, SIZE, { timeoutMs: PHASE_TIMEOUT_MS });
    log(`cold download over JSON-RPC: ${seconds(coldRpc.ms)} s (${rate(SIZE, coldRpc.ms)}), first chunk after ${seconds(coldRpc.firstChunkMs)} s`);
    if (sha256(coldRpc.bytes) !== digest) throw new Error(`the cold RPC download from ${coldNode} differs from the original`);
    coldRpc.bytes = undefined;
    endPhase('cold JSON-RPC download (rebuilt into the cache)');
    // Warm: the node now holds the file.
    const warm = await download(coldNode, 'warm');
    const warmRpc = await downloadRpc(net.nodes[coldNode], root, SIZE, { timeoutMs: PHASE_TIMEOUT_MS });
    log(`warm download over JSON-RPC: ${seconds(warmRpc.ms)} s (${rate(SIZE, warmRpc.ms)})`);
    if (sha256(warmRpc.bytes) !== digest) throw new Error(`the warm RPC download from ${coldNode} differs from the original`);
    warmRpc.bytes = undefined;

    // The CLI from another node without the file: first over its HTTP endpoint (`--http`: streamed to the file and
    // checked there; the node keeps nothing), then over JSON-RPC (the node rebuilds the file into its cache first).
    const after = await net.fileInfos(root);
    const cliNode = net.names.find((n) => n !== coldNode && after[n] && !after[n].local.file);
    let cli;
    let cliHttp;
    if (cliNode) {
      const out = path.join(env.root, 'cli-download.bin');
      const httpUrl = `http://127.0.0.1:${httpPorts[cliNode]}`;
      const viaHttp = await cliDownload({ root, out, rpcUrl: net.httpUrl(cliNode), httpUrl, timeoutMs: PHASE_TIMEOUT_MS, logPath: path.join(env.root, 'cli.log') });
      if (await sha256File(out) !== digest) throw new Error(`the CLI download over HTTP from ${cliNode} differs from the original`);
      cliHttp = { ms: viaHttp.ms };
      log(`CLI download over HTTP from ${cliNode}: ${seconds(cliHttp.ms)} s (${rate(SIZE, cliHttp.ms)})`);
      fs.rmSync(out);
      const result = await cliDownload({ root, out, rpcUrl: net.httpUrl(cliNode), timeoutMs: PHASE_TIMEOUT_MS, logPath: path.join(env.root, 'cli.log') });
      if (await sha256File(out) !== digest) throw new Error(`the CLI download from ${cliNode} differs from the original`);
      cli = { node: cliNode, ms: result.ms, shards: after[cliNode].local.shards.length };
      log(`CLI download from ${cliNode}: ${seconds(cli.ms)} s (${rate(SIZE, cli.ms)})`);
      fs.rmSync(out);
    }

    endPhase('warm downloads and the CLI download');
    // Peak resident memory of every node (the kernel's high-water mark, phase by phase where it can be reset),
    // the goal being that no node holds a whole file in memory: <= 512 MiB for a 1 GiB file.
    const worst = phases.reduce((a, b) => (b.top.mib > (a?.top.mib ?? -1) ? b : a), undefined);

    const ref = await references(file, data);
    fs.rmSync(file);
    const mb = (ms) => mbPerSec(SIZE, ms).toFixed(1);
    const bench = (...fields) => console.log(['ZG-BENCH', ...fields].join('\t'));
    const plainGet = `plain HTTP GET on loopback (curl), same ${MIB} MiB`;
    const ofRuns = STORED_PHASES > 1 ? `, the median of ${STORED_PHASES}` : '';
    bench(`storage upload to one node, HTTP PUT (${MIB} MiB${ofRuns})`, mb(uploadMs), 'MB/s', `plain HTTP POST on loopback (curl), same ${MIB} MiB`, mb(ref.postMs), 'value>=200');
    if (ref.ddDirectMs !== undefined) {
      bench(`storage upload to one node, HTTP PUT, beside the disk (${MIB} MiB)`, mb(uploadMs), 'MB/s', `the same bytes written with direct I/O and synced on the same disk (dd oflag=direct conv=fdatasync)`, mb(ref.ddDirectMs), '');
    }
    bench(`the same bytes written through the page cache and synced (dd conv=fdatasync, ${MIB} MiB, context)`, mb(ref.ddMs), 'MB/s', '', '', '');
    bench(`storage upload + submitFile until stored on ${net.names.length} nodes (${MIB} MiB${ofRuns}, started over a slot)`, mb(totalMs), 'MB/s', `plain HTTP POST on loopback (curl), same ${MIB} MiB`, mb(ref.postMs), 'value>=200');
    if (STORED_PHASES > 1) {
      for (const run of runs) {
        bench(`  the same, the upload started ${seconds(run.offsetMs)} s after a block import (stored ${seconds(run.storedMs)} s after submitFile)`, mb(run.uploadMs + run.storedMs), 'MB/s', '', '', '');
      }
    }
    bench(`storage download, cold: rebuilt from shards, HTTP GET (${MIB} MiB)`, mb(cold.ms), 'MB/s', plainGet, mb(ref.getMs), 'value>=200');
    bench(`storage download, cold, HTTP GET to a file, bytes compared after (${MIB} MiB)`, mb(coldFile.ms), 'MB/s', plainGet, mb(ref.getMs), '');
    bench(`storage download, warm, HTTP GET (${MIB} MiB)`, mb(warm.ms), 'MB/s', plainGet, mb(ref.getMs), 'value>=200');
    bench(`storage download, cold: whole file rebuilt into the cache, JSON-RPC 4 MiB calls (${MIB} MiB)`, mb(coldRpc.ms), 'MB/s', plainGet, mb(ref.getMs), '');
    bench(`storage download, warm, JSON-RPC 4 MiB calls (${MIB} MiB)`, mb(warmRpc.ms), 'MB/s', plainGet, mb(ref.getMs), '');
    if (cliHttp) {
      bench(`storage download, cold, the CLI over HTTP (zg-node storage download --http: to a file, root checked; ${MIB} MiB)`, mb(cliHttp.ms), 'MB/s', plainGet, mb(ref.getMs), '');
    }
    bench(`storage download, cold: first byte after`, (cold.firstByteMs / 1000).toFixed(2), 's', '', '', 'value<=1');
    if (worst) {
      const started = Math.max(...Object.values(baseline).filter((v) => v !== undefined));
      bench(`storage node peak RSS, the largest of ${net.names.length} nodes (upload, encoding, downloads of ${MIB} MiB)`, worst.top.mib.toFixed(0), 'MiB', '', '', 'value<=512');
      bench(`storage node RSS once started, before any file (the largest of ${net.names.length} nodes, context)`, started.toFixed(0), 'MiB', '', '', '');
      for (const phase of phases) {
        bench(`storage node peak RSS, ${phase.what} (${MIB} MiB; ${phase.top.name})`, phase.top.mib.toFixed(0), 'MiB', '', '', '');
      }
    }
    bench(`sha256sum of the file (${MIB} MiB, context)`, mb(ref.sha256sumMs), 'MB/s', '', '', '');
    rows.push(
      [`plain HTTP on loopback (curl, the same bytes)`, `GET ${mb(ref.getMs)} MB/s, POST ${mb(ref.postMs)} MB/s`],
      [`sha256sum of the file`, `${mb(ref.sha256sumMs)} MB/s`],
      [`the file copied and synced on the same disk (dd conv=fdatasync; with oflag=direct)`,
        `${mb(ref.ddMs)} MB/s; ${ref.ddDirectMs === undefined ? 'no O_DIRECT here' : `${mb(ref.ddDirectMs)} MB/s`}`],
      [`upload (one HTTP PUT to alice, curl${ofRuns})`, `${rate(SIZE, uploadMs)} (${seconds(uploadMs)} s)`],
      [`submitFile → encoded${ofRuns}`, `${seconds(encodedMs)} s`],
      [`submitFile → stored (6 shards acknowledged${ofRuns})`, `${seconds(storedMs)} s`],
      [`upload + submit until stored${ofRuns}`, `${rate(SIZE, totalMs)} (${seconds(totalMs)} s)`],
      ...runs.map((run, i) => [`  upload ${i + 1}, started ${seconds(run.offsetMs)} s after a block import`,
        `upload ${seconds(run.uploadMs)} s, encoded ${seconds(run.encodedMs)} s and stored ${seconds(run.storedMs)} s after submitFile: ${rate(SIZE, run.uploadMs + run.storedMs)}`]),
      [`download cold (HTTP GET from ${coldNode}, ${coldShards} shard${coldShards === 1 ? '' : 's'} held)`,
        `${rate(SIZE, cold.ms)} (${seconds(cold.ms)} s; first byte after ${seconds(cold.firstByteMs)} s)`],
      [`download cold again, to a file (bytes compared)`, `${rate(SIZE, coldFile.ms)} (${seconds(coldFile.ms)} s)`],
      [`download warm (HTTP GET from ${coldNode} again)`, `${rate(SIZE, warm.ms)} (${seconds(warm.ms)} s)`],
      [`download cold (JSON-RPC, 4 MiB calls, from ${coldNode}: whole file rebuilt and kept first)`,
        `${rate(SIZE, coldRpc.ms)} (${seconds(coldRpc.ms)} s; first 4 MiB after ${seconds(coldRpc.firstChunkMs)} s)`],
      [`download warm (JSON-RPC, 4 MiB calls, from ${coldNode})`, `${rate(SIZE, warmRpc.ms)} (${seconds(warmRpc.ms)} s)`],
      cli
        ? [`download CLI --http (zg-node storage download from ${cli.node}, ${cli.shards} shard${cli.shards === 1 ? '' : 's'} held)`,
          `${rate(SIZE, cliHttp.ms)} (${seconds(cliHttp.ms)} s)`]
        : ['download CLI --http', 'skipped: every node holds the file'],
      cli
        ? [`download CLI, JSON-RPC (the same node after: whole file rebuilt and kept first)`, `${rate(SIZE, cli.ms)} (${seconds(cli.ms)} s)`]
        : ['download CLI, JSON-RPC', 'skipped: every node holds the file'],
      ['Merkle root in JS (keccak, 256-byte sectors)', `${rate(SIZE, jsRootMs)} (${seconds(jsRootMs)} s)`],
    );
    printTable(`Storage benchmark: ${MIB} MiB, ${c.dataShards}+${c.parityShards} shards, ${net.names.length}-node --chain local `
      + `on loopback (${c.blockMs / 1000} s blocks; MB = 10^6 bytes)`, rows);
  } catch (error) {
    env.dumpLogs();
    throw error;
  } finally {
    await env.cleanup();
  }
}

await main();
process.exit(process.exitCode ?? 0);
