// zg's file root is 0G's: `zg-node storage root` (offline, no node running) against 0G's own TypeScript SDK
// (@0gfoundation/0g-ts-sdk, installed in ./interop with the ethers version it pins), for 240 random files of
// random sizes from 1 B to 5 MB — log-uniform, so every tree shape from one sector to 20,000 appears — plus the
// sizes where 0G's flow padding first differs from a plain Merkle tree (257, 4,352, 262,145 and 3,000,001
// bytes), powers of two and their neighbours, and a few all-zero files.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { NODE_BIN } from './lib/node.mjs';

const require = createRequire(path.join(import.meta.dirname, 'interop', 'package.json'));
const sdkPath = require.resolve('@0gfoundation/0g-ts-sdk');
const { ZgFile } = await import(sdkPath);

const log = (line) => console.log(`[e2e] og-root: ${line}`);
const MAX = 5_000_000;
const RANDOM_SIZES = 240;

/** 0G's root of the file at `file`, as its SDK computes it for an upload. */
async function ogRoot(file) {
  const zgFile = await ZgFile.fromFilePath(file);
  try {
    const [tree, error] = await zgFile.merkleTree();
    if (error) throw error;
    return tree.rootHash();
  } finally {
    await zgFile.close();
  }
}

/** `zg-node storage root FILE…`: one root per line. */
function zgRoots(files) {
  const run = spawnSync(NODE_BIN, ['storage', 'root', ...files], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (run.status !== 0) throw new Error(`zg-node storage root exited with ${run.status}: ${run.stderr}`);
  return run.stdout.trim().split('\n');
}

describe('file roots: zg-node storage root = 0G TypeScript SDK', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zg-e2e-og-root-'));
  const files = [];

  before(() => {
    const fixed = [1, 2, 255, 256, 257, 511, 512, 513, 4095, 4096, 4097, 4352, 4608, 65535, 65536, 65537,
      262143, 262144, 262145, 1048575, 1048576, 1048577, 3000001, 4194304, 4194305, MAX];
    const random = Array.from({ length: RANDOM_SIZES }, () => Math.max(1, Math.floor(Math.exp(Math.random() * Math.log(MAX)))));
    for (const [i, size] of [...fixed, ...random].entries()) {
      const file = path.join(dir, `f${i}-${size}`);
      fs.writeFileSync(file, crypto.randomBytes(size));
      files.push({ file, size });
    }
    for (const size of [1, 4352, 262145]) {
      const file = path.join(dir, `zeros-${size}`);
      fs.writeFileSync(file, Buffer.alloc(size));
      files.push({ file, size });
    }
    log(`${files.length} files, ${files.reduce((n, f) => n + f.size, 0)} bytes in all`);
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('agree for every file', async () => {
    const started = Date.now();
    const ours = zgRoots(files.map((f) => f.file));
    log(`zg-node storage root: ${files.length} files in ${Date.now() - started} ms`);
    assert.equal(ours.length, files.length);
    const mismatches = [];
    for (const [i, { file, size }] of files.entries()) {
      const theirs = await ogRoot(file);
      if (ours[i] !== theirs) mismatches.push(`${size} bytes (${path.basename(file)}): zg ${ours[i]}, 0G ${theirs}`);
    }
    assert.deepEqual(mismatches, [], `${mismatches.length} of ${files.length} roots differ`);
    log(`all ${files.length} roots agree, sizes ${Math.min(...files.map((f) => f.size))}–${Math.max(...files.map((f) => f.size))} bytes`);
  });

  it('refuses what has no root, with a message', () => {
    const empty = path.join(dir, 'empty');
    fs.writeFileSync(empty, '');
    for (const args of [[empty], [path.join(dir, 'missing')]]) {
      const run = spawnSync(NODE_BIN, ['storage', 'root', ...args], { encoding: 'utf8' });
      assert.notEqual(run.status, 0, `storage root ${args} must fail`);
      assert.match(run.stderr, /empty file has no root|No such file/, run.stderr);
    }
  });
});
