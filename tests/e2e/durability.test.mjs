// Crash durability: what a `--dev` node reported as finalized must survive a SIGKILL and be
// there, unchanged, when the node restarts on the same database; so must what its blob store acknowledged: a
// finished upload is kept, and an upload killed mid-way resumes (or fails with a typed error) and finishes with
// the right root. (node/storage/tests/sigkill.rs kills a writer mid-shard-store and mid-upload at the store level.)

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import {
  ZG, accountAt, bestHead, devAccounts, finalizedHead, freshAccount, signAndWaitFinalized, waitForFinalized,
} from './lib/chain.mjs';
import { TestEnv, secs } from './lib/node.mjs';
import { STORAGE_ERRORS as E, merkleRoot } from './lib/storage.mjs';
import crypto from 'node:crypto';

const hex = (bytes) => `0x${Buffer.from(bytes).toString('hex')}`;

describe('zg-node survives a crash', () => {
  const env = new TestEnv('durability');
  let node;
  let accounts;

  before(env.guard(async () => {
    accounts = await devAccounts();
    // A real base path (not --tmp): the database must outlive the process.
    node = await env.startNode({ name: 'dev', args: ['--dev'] });
  }));

  after(() => env.cleanup());

  it('keeps finalized blocks and state across SIGKILL and restart', env.guard(async () => {
    const sender = accounts.bob;
    const recipient = freshAccount(accounts.keyring, 'durable');
    const amount = 7n * ZG;

    let api = await node.connect();
    const { blockHash: txBlock } = await signAndWaitFinalized(api, api.tx.balances.transferKeepAlive(recipient.address, amount), sender);
    const txBlockNumber = (await api.rpc.chain.getHeader(txBlock)).number.toNumber();
    await waitForFinalized(api, txBlockNumber + 3, { label: node.name });

    const recorded = await finalizedHead(api);
    const recordedBalances = {
      sender: await accountAt(api, recorded.hash, sender.address),
      recipient: await accountAt(api, recorded.hash, recipient.address),
    };
    assert.equal(recordedBalances.recipient.free, amount, 'transfer not reflected at the finalized block');
    console.log(`[e2e] before crash: finalized #${recorded.number} ${recorded.hash}`);

    // The chain lives in RocksDB (zg-node's default database) under the base path.
    const rocksdb = path.join(node.basePath, 'chains', 'zg_dev', 'db', 'full');
    assert.ok(existsSync(path.join(rocksdb, 'CURRENT')), `no RocksDB database at ${rocksdb}`);

    await node.kill();
    const { signal } = await node.exited;
    assert.equal(signal, 'SIGKILL');

    await node.start();
    api = await node.connect();

    const hashAtOldNumber = (await api.rpc.chain.getBlockHash(recorded.number)).toHex();
    assert.equal(hashAtOldNumber, recorded.hash, `block #${recorded.number} changed across the restart`);

    const afterRestart = await finalizedHead(api);
    console.log(`[e2e] after restart: finalized #${afterRestart.number} ${afterRestart.hash}`);
    assert.ok(afterRestart.number >= recorded.number,
      `finality went backwards: #${afterRestart.number} after restart, #${recorded.number} before`);

    const balancesAfter = {
      sender: await accountAt(api, recorded.hash, sender.address),
      recipient: await accountAt(api, recorded.hash, recipient.address),
    };
    assert.deepEqual(balancesAfter, recordedBalances, `state at #${recorded.number} changed across the restart`);

    // The restarted node must author and finalize new blocks on top of the old chain.
    const best = await bestHead(api);
    await waitForFinalized(api, Math.max(best.number, recorded.number) + 2, { timeoutMs: secs(180), label: `${node.name} (restarted)` });
  }));

  it('keeps finished uploads and resumes one interrupted by SIGKILL', env.guard(async () => {
    const call = (method, params) => node.rpc(method, params);
    // A finished upload, acknowledged before the crash.
    const done = crypto.randomBytes(3 * 1024 * 1024 + 17);
    const doneId = await call('zgStorage_uploadBegin', [done.length]);
    for (let at = 0; at < done.length; at += 1024 * 1024) {
      await call('zgStorage_uploadChunk', [doneId, at, hex(done.subarray(at, at + 1024 * 1024))]);
    }
    assert.equal((await call('zgStorage_uploadFinish', [doneId, merkleRoot(done)])).root, merkleRoot(done));
    // An upload killed half-way.
    const data = crypto.randomBytes(8 * 1024 * 1024 + 5);
    const id = await call('zgStorage_uploadBegin', [data.length]);
    const piece = 512 * 1024;
    let acknowledged = 0;
    for (let at = 0; at < data.length / 2; at += piece) {
      acknowledged = await call('zgStorage_uploadChunk', [id, at, hex(data.subarray(at, at + piece))]);
    }
    const usageBefore = await call('zgStorage_usage', []);
    await node.kill();
    await node.start();

    const usage = await call('zgStorage_usage', []);
    console.log(`[e2e] blob store before the kill ${JSON.stringify(usageBefore)}, after ${JSON.stringify(usage)}`);
    assert.equal(usage.files, usageBefore.files, 'the finished upload is kept');
    assert.equal(usage.used, usageBefore.used);
    // The interrupted upload: resumable from what it kept (at least what was acknowledged, chunks are atomic), or
    // gone with a typed error; either way it finishes with the right root.
    let resumeId = id;
    let kept;
    try {
      kept = await call('zgStorage_uploadChunk', [id, 0, hex(data.subarray(0, piece))]);
      assert.ok(kept >= acknowledged, `${kept} bytes kept, ${acknowledged} acknowledged`);
    } catch (error) {
      assert.equal(error.code, E.UnknownUpload, error.message);
      resumeId = await call('zgStorage_uploadBegin', [data.length]);
    }
    console.log(`[e2e] interrupted upload: ${kept === undefined ? 'gone, begun again' : `resumed with ${kept} of ${acknowledged} acknowledged bytes kept`}`);
    for (let at = 0; at < data.length; at += piece) {
      await call('zgStorage_uploadChunk', [resumeId, at, hex(data.subarray(at, at + piece))]);
    }
    const receipt = await call('zgStorage_uploadFinish', [resumeId, merkleRoot(data)]);
    assert.equal(receipt.root, merkleRoot(data));
    assert.equal(receipt.size, data.length);
  }));
});
