// Runs the end-to-end test files (`npm test`): each file in its own `node --test` process, two at a time, but
// never two files that start a network of nodes at once. A network file runs up to seven debug nodes; two of them
// on a 2-core machine starve each other's block production until timeouts fire, while a file with one dev node
// beside a network costs the network little. Files are taken longest first (the minutes below were measured with
// one file at a time), so the long network files are not left for the end.
//
//   node run.mjs                       # every *.test.mjs
//   node run.mjs da.test.mjs dev.test.mjs
//   ZG_E2E_JOBS=1 node run.mjs         # one file at a time
//
// Each file's output is printed in one piece when it finishes (the lines of two files never interleave), with a
// line when it starts; at the end, a table of every file's result and wall time. Exits 1 if any file failed.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/**
 * Whether a file starts a network of nodes, and about how long it takes (minutes, for the order only; measured
 * 2026-12-01 on 2 cores, two files at a time).
 */
const FILES = {
  'storage.test.mjs': { network: true, minutes: 10 },
  'da.test.mjs': { network: true, minutes: 7.5 },
  'storage-large.test.mjs': { network: true, minutes: 6 },
  'compute.test.mjs': { network: true, minutes: 3.5 },
  'upgrade.test.mjs': { network: true, minutes: 3.5 },
  'training.test.mjs': { network: true, minutes: 3.2 },
  'multinode.test.mjs': { network: true, minutes: 2.7 },
  'inference.test.mjs': { network: false, minutes: 3.4 },
  'precompiles.test.mjs': { network: false, minutes: 3.3 },
  'durability.test.mjs': { network: false, minutes: 2.7 },
  'storage-rpc.test.mjs': { network: false, minutes: 2.4 },
  'evm.test.mjs': { network: false, minutes: 2.4 },
  'bad-input.test.mjs': { network: false, minutes: 1.3 },
  'dev.test.mjs': { network: false, minutes: 1.3 },
  'og-root.test.mjs': { network: false, minutes: 0.5 },
};

const jobs = Math.max(1, Number(process.env.ZG_E2E_JOBS ?? 2));
const all = fs.readdirSync(HERE).filter((f) => f.endsWith('.test.mjs')).sort();
const unknown = all.filter((f) => !FILES[f]);
if (unknown.length) {
  console.error(`run.mjs: ${unknown.join(', ')} not in its FILES table: add each with whether it starts a network`);
  process.exit(2);
}
const asked = process.argv.slice(2).map((f) => path.basename(f));
for (const f of asked) {
  if (!all.includes(f)) {
    console.error(`run.mjs: no test file ${f}`);
    process.exit(2);
  }
}
const queue = (asked.length ? asked : all).sort((a, b) => FILES[b].minutes - FILES[a].minutes);

const t0 = Date.now();
const since = (t) => ((Date.now() - t) / 1000).toFixed(1);
const results = [];
let networkRunning = false;

/** Runs one file; resolves with its result once its process exits. */
function runFile(file) {
  const started = Date.now();
  console.log(`[run] t+${since(t0)} s: ${file} started`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath,
      ['--test', '--test-concurrency=1', '--test-timeout=900000', file],
      { cwd: HERE, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks = [];
    child.stdout.on('data', (c) => chunks.push(c));
    child.stderr.on('data', (c) => chunks.push(c));
    child.on('close', (code, signal) => {
      const ok = code === 0;
      process.stdout.write(`\n===== ${file} (${ok ? 'passed' : `FAILED: exit ${code ?? signal}`}, ${since(started)} s) =====\n`);
      process.stdout.write(Buffer.concat(chunks));
      process.stdout.write(`===== end of ${file} =====\n`);
      resolve({ file, ok, seconds: Number(since(started)) });
    });
  });
}

/** The next file that may start now: a network file only while no other network file runs. */
function takeNext() {
  const i = queue.findIndex((f) => !(FILES[f].network && networkRunning));
  return i < 0 ? undefined : queue.splice(i, 1)[0];
}

const running = new Set();
await new Promise((done) => {
  const fill = () => {
    while (running.size < jobs) {
      const file = takeNext();
      if (!file) break;
      if (FILES[file].network) networkRunning = true;
      const p = runFile(file).then((result) => {
        results.push(result);
        running.delete(p);
        if (FILES[file].network) networkRunning = false;
        fill();
      });
      running.add(p);
    }
    if (running.size === 0 && queue.length === 0) done();
  };
  fill();
});

console.log(`\n[run] ${results.length} files in ${since(t0)} s, ${jobs} at a time:`);
for (const r of results.sort((a, b) => b.seconds - a.seconds)) {
  console.log(`[run]   ${r.ok ? 'pass' : 'FAIL'} ${r.file.padEnd(22)} ${r.seconds.toFixed(1).padStart(7)} s`);
}
const failed = results.filter((r) => !r.ok);
if (failed.length) {
  console.log(`[run] FAILED: ${failed.map((r) => r.file).join(', ')}`);
  process.exit(1);
}
