// Data-availability benchmark on the four-signer `--chain local` network of lib/da.mjs, with one full node that
// is no signer ("reader"): for each blob size (ZG_BENCH_DA_MIB, default "1,8,32"), a random blob is submitted with
// `zg-node da submit` through alice and the CLI's own timings are read back — upload, dispersal (encoding: rows,
// commitments, cells and proofs, and keeping the 128 columns), and the time from the end of the dispersal to the
// certificate (the transaction, the signers fetching and checking their columns over p2p, their attestations);
// then it is rebuilt through the reader (`zg-node da get`: 64 columns fetched from the committee and checked) and
// sampled there (`zg-node da sample --samples 16`). Every rebuild is compared with the original (sha256).
//
//   scripts/bench-da.sh                 (or: cd tests/e2e && node bench/da.mjs)
//
// The figures are those of the node binary run (ZG_NODE: a debug build unless pointed at a release one, which
// the table says); the same run's encoding reference is `cargo bench -p zg-node-da --bench encode` (bench-da.sh
// runs it first). A benchmark, not a test: it asserts only that the work was done and the bytes are right.

import fs from 'node:fs';
import path from 'node:path';

import { DaNetwork, sampledConfidence } from '../lib/da.mjs';
import { NODE_BIN, TestEnv } from '../lib/node.mjs';
import { sha256File, writeRandomFile } from '../lib/storage.mjs';

const SIZES = (process.env.ZG_BENCH_DA_MIB ?? '1,8,32').split(',').map(Number).filter((n) => n > 0);
const log = (line) => console.log(`[bench] da: ${line}`);

/** The seconds in the CLI's "<what> in X s" stderr line. */
function secondsOf(stderr, pattern) {
  const m = new RegExp(`${pattern} in ([0-9.]+) s`).exec(stderr);
  return m ? Number(m[1]) : NaN;
}

async function main() {
  const profile = /\/debug\//.test(NODE_BIN) ? 'debug' : 'release';
  const env = new TestEnv('bench-da');
  const dir = path.join(env.root, 'blobs');
  fs.mkdirSync(dir, { recursive: true });
  const net = new DaNetwork(env, { readers: ['reader'], log, cliLog: path.join(dir, 'cli.log') });
  const rows = [];
  try {
    await net.start();
    const committee = await net.registerSigners();
    log(`committee of epoch ${committee.epoch} drawn among the four signers`);
    for (const mib of SIZES) {
      const file = path.join(dir, `blob-${mib}.bin`);
      const bytes = Math.round(mib * 1024 * 1024);
      writeRandomFile(file, bytes);
      const digest = await sha256File(file);
      const submit = await net.cli(['submit', file, '--rpc', net.httpUrl('alice'), '--suri', '//Alice', '--timeout', '900']);
      const id = submit.lastLine;
      const upload = secondsOf(submit.stderr, 'uploaded');
      const disperse = secondsOf(submit.stderr, 'dispersed \\(encoded, 128 columns kept\\)');
      const certified = secondsOf(submit.stderr, 'certified') - disperse;
      const out = path.join(dir, `get-${mib}.bin`);
      const get = await net.cli(['get', id, '--out', out, '--rpc', net.httpUrl('reader')]);
      if (await sha256File(out) !== digest) throw new Error(`blob ${id} (${mib} MiB) did not come back byte-identical`);
      const sample = await net.cli(['sample', id, '--samples', '16', '--rpc', net.httpUrl('reader')]);
      const confidence = sampledConfidence(sample.stdout);
      const row = {
        mib, id, upload, disperse, certified, rebuild: get.ms / 1000, sample: sample.ms / 1000, confidence,
        encodeMBps: bytes / 1e6 / disperse,
      };
      log(JSON.stringify(row));
      rows.push(row);
      fs.rmSync(file, { force: true });
      fs.rmSync(out, { force: true });
    }
  } finally {
    await net.stop();
    await env.cleanup();
  }
  console.log('');
  console.log(`== DA on a 4-signer local network (${profile} zg-node: ${NODE_BIN}); seconds`);
  console.log('size    upload  encode+keep  to certificate  rebuild via reader  16 samples  confidence');
  for (const r of rows) {
    console.log(`${`${r.mib} MiB`.padEnd(8)}${r.upload.toFixed(1).padStart(6)}  ${r.disperse.toFixed(1).padStart(11)}  `
      + `${r.certified.toFixed(1).padStart(14)}  ${r.rebuild.toFixed(1).padStart(18)}  ${r.sample.toFixed(1).padStart(10)}  ${r.confidence}`);
  }
  // For scripts/bench.sh: figure, value, unit, reference, reference value, goal (tab-separated).
  for (const r of rows) {
    console.log(['ZG-BENCH', `DA ${r.mib} MiB blob: dispersal to certificate, 4 signers`, r.certified.toFixed(1), 's',
      "EigenDA V2's published average (context)", 5, ''].join('\t'));
    console.log(['ZG-BENCH', `DA ${r.mib} MiB blob: encode+keep in the node`, r.encodeMBps.toFixed(1), 'MB/s', '', '', ''].join('\t'));
  }
  if (profile === 'debug') console.log('(a debug node: compare shapes, not speeds; release figures need ZG_NODE=<release zg-node built with --features fast-runtime>)');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
