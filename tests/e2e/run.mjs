// Runs the end-to-end test files (`npm test`): each file in its own `node --test` process, three at a time, heavy
// ones first and otherwise longest first, within two limits that keep the files from starving each other on a
// 2-core machine:
// - the **heavy** files running at once weigh at most 2 together. A heavy file keeps cores busy for a minute at a
//   stretch or holds a chain to deadlines, and weighs what it takes of the machine at those times: DA 2 (its KZG
//   encoding uses both cores), storage-large 1.5 (a 256 MiB upload encoded on one core, beside its six nodes),
//   upgrade 1 (every node compiles the new runtime at once, and finality must not stall for a minute: beside DA's
//   encoding it stalled 68 s), storage 0.5 (0.4 cores on average; its providers must answer challenges within a
//   few blocks). So DA runs alone among them, and storage beside upgrade, then beside storage-large;
// - at most two **networks** (files that start several debug nodes); a single dev node costs a network little.
// Most of a file's time is spent waiting for blocks (3 s each), so three files use about half of the two cores on
// average: measured with two at a time (2026-12-03), the files' processes used 1,070 CPU seconds in 1,375 s.
//
//   node run.mjs                       # every *.test.mjs
//   node run.mjs da.test.mjs dev.test.mjs
//   ZG_E2E_JOBS=1 node run.mjs         # one file at a time
//
// Before the files start, the runtime built into zg-node is compiled once into the nodes' shared wasmtime cache
// (`zg-node precompile-runtime`), so that no node compiles it at start: without it, the nodes of the first files,
// starting at once, each compiled it (about ten debug nodes in the first minute, every run after zg-node was
// relinked). The `local` chain's raw spec is built at the same time (two network files starting at once each
// built it: 66 s of both cores, twice).
//
// Each file's output is printed in one piece when it finishes (the lines of two files never interleave), with a
// line when it starts; at the end, a table of every file's result, wall time and CPU time. Exits 1 if any file
// failed.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { NODE_BIN, WASMTIME_CACHE } from './lib/node.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/**
 * What each file runs (`heavy`: its weight, `network`: see above) and about how long it takes (minutes, for the
 * order only; measured 2026-12-03, two files at a time). The heavy ones used 0.4 (storage) to 1.0 (storage-large)
 * cores on average, the others 0.2 to 0.5 except the short single-node durability and og-root (about one).
 */
const FILES = {
  'da.test.mjs': { heavy: 2, network: true, minutes: 6.7 },
  'storage.test.mjs': { heavy: 0.5, network: true, minutes: 6.7 },
  'upgrade.test.mjs': { heavy: 1, network: true, minutes: 2.2 },
  'storage-large.test.mjs': { heavy: 1.5, network: true, minutes: 1.5 },
  'compute.test.mjs': { network: true, minutes: 2.4 },
  'multinode.test.mjs': { network: true, minutes: 1.8 },
  'training.test.mjs': { network: true, minutes: 1.6 },
  'precompiles.test.mjs': { minutes: 2.3 },
  'inference.test.mjs': { minutes: 2.2 },
  'storage-rpc.test.mjs': { minutes: 1.8 },
  'evm.test.mjs': { minutes: 1.6 },
  'durability.test.mjs': { minutes: 1.3 },
  'bad-input.test.mjs': { minutes: 0.8 },
  'dev.test.mjs': { minutes: 0.7 },
  'og-root.test.mjs': { minutes: 0.1 },
};
const MAX_HEAVY = 2;
const MAX_NETWORKS = 2;

const jobs = Math.max(1, Number(process.env.ZG_E2E_JOBS ?? 3));
const all = fs.readdirSync(HERE).filter((f) => f.endsWith('.test.mjs')).sort();
const unknown = all.filter((f) => !FILES[f]);
if (unknown.length) {
  console.error(`run.mjs: ${unknown.join(', ')} not in its FILES table: add each with whether it is heavy and starts a network`);
  process.exit(2);
}
const asked = process.argv.slice(2).map((f) => path.basename(f));
for (const f of asked) {
  if (!all.includes(f)) {
    console.error(`run.mjs: no test file ${f}`);
    process.exit(2);
  }
}
// Heavy files first: they run one after another, so together they are the longest path through the run.
const queue = (asked.length ? asked : all)
  .sort((a, b) => Number(!!FILES[b].heavy) - Number(!!FILES[a].heavy) || FILES[b].minutes - FILES[a].minutes);

const t0 = Date.now();
const since = (t) => ((Date.now() - t) / 1000).toFixed(1);
const results = [];
const running = new Map();

/** User + system seconds of the children in bash's `times` output (its second line: `0m1.5s 0m0.25s`). */
function cpuSeconds(text) {
  const line = text.trim().split('\n')[1] ?? '';
  return [...line.matchAll(/(\d+)m([\d.]+)s/g)].reduce((sum, m) => sum + Number(m[1]) * 60 + Number(m[2]), 0);
}

/** Runs one file; resolves with its result once its process exits. */
function runFile(file) {
  const started = Date.now();
  console.log(`[run] t+${since(t0)} s: ${file} started`);
  return new Promise((resolve) => {
    // Through bash, whose `times` then reports the CPU time of the file's whole process tree (the test process and
    // every node it started and reaped), written to a fourth pipe.
    const child = spawn('bash',
      ['-c', '"$0" --test --test-concurrency=1 --test-timeout=900000 "$1"; rc=$?; times >&3; exit $rc', process.execPath, file],
      { cwd: HERE, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
    const chunks = [];
    const times = [];
    child.stdout.on('data', (c) => chunks.push(c));
    child.stderr.on('data', (c) => chunks.push(c));
    child.stdio[3].on('data', (c) => times.push(c));
    child.on('close', (code, signal) => {
      const ok = code === 0;
      const cpu = cpuSeconds(Buffer.concat(times).toString());
      process.stdout.write(`\n===== ${file} (${ok ? 'passed' : `FAILED: exit ${code ?? signal}`}, ${since(started)} s, CPU ${cpu.toFixed(1)} s) =====\n`);
      process.stdout.write(Buffer.concat(chunks));
      process.stdout.write(`===== end of ${file} =====\n`);
      resolve({ file, ok, seconds: Number(since(started)), cpu });
    });
  });
}

/**
 * Runs `command args` to completion; resolves with whether it succeeded, printing its last line (its last 20 if it
 * failed). A failure fails no file by itself: the files then do the same work themselves.
 */
function prepare(label, command, args) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: HERE, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => out.push(c));
    child.on('error', (e) => out.push(Buffer.from(String(e))));
    child.on('close', (code) => {
      const text = Buffer.concat(out).toString().trim();
      const lines = text.split('\n').slice(code === 0 ? -1 : -20);
      console.log(`[run] ${label}: ${code === 0 ? 'done' : `FAILED (exit ${code})`} in ${since(started)} s: ${lines.join('\n')}`);
      resolve(code === 0);
    });
  });
}

/** The next file that may start now: the longest one that keeps the running files within both limits. */
function takeNext() {
  const files = [...running.values()];
  const heavy = files.reduce((sum, f) => sum + (FILES[f].heavy ?? 0), 0);
  const networks = files.filter((f) => FILES[f].network).length;
  const i = queue.findIndex((f) => heavy + (FILES[f].heavy ?? 0) <= MAX_HEAVY && !(FILES[f].network && networks >= MAX_NETWORKS));
  return i < 0 ? undefined : queue.splice(i, 1)[0];
}

// Both at once, on a machine otherwise idle (built beside two starting files, the spec took 65 s).
await Promise.all([
  prepare('the runtime compiled into the nodes\' wasmtime cache', NODE_BIN,
    ['precompile-runtime', '--wasmtime-cache', WASMTIME_CACHE]),
  queue.some((f) => FILES[f].network) && prepare('raw chain spec of local', process.execPath,
    ['--input-type=module', '-e', "(await import('./lib/node.mjs')).rawChainSpec('local')"]),
]);

await new Promise((done) => {
  const fill = () => {
    while (running.size < jobs) {
      const file = takeNext();
      if (!file) break;
      const p = runFile(file).then((result) => {
        results.push(result);
        running.delete(p);
        fill();
      });
      running.set(p, file);
    }
    if (running.size === 0 && queue.length === 0) done();
  };
  fill();
});

console.log(`\n[run] ${results.length} files in ${since(t0)} s, ${jobs} at a time:`);
for (const r of results.sort((a, b) => b.seconds - a.seconds)) {
  console.log(`[run]   ${r.ok ? 'pass' : 'FAIL'} ${r.file.padEnd(22)} ${r.seconds.toFixed(1).padStart(7)} s, CPU ${r.cpu.toFixed(1).padStart(7)} s`);
}
const failed = results.filter((r) => !r.ok);
if (failed.length) {
  console.log(`[run] FAILED: ${failed.map((r) => r.file).join(', ')}`);
  process.exit(1);
}
