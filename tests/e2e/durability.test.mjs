// Crash durability: what a `--dev` node reported as finalized must survive a SIGKILL and be
// there, unchanged, when the node restarts on the same database.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import {
  ZG, accountAt, bestHead, devAccounts, finalizedHead, freshAccount, signAndWaitFinalized, waitForFinalized,
} from './lib/chain.mjs';
import { TestEnv, secs } from './lib/node.mjs';

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
});
