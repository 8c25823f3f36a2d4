// A four-validator `--chain local` network: peering, block production and finality on every node,
// measured block time and finality lag, tolerance of one crashed validator, and catch-up after
// that validator restarts.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { u8aToHex } from '@polkadot/util';

import { bestHead, devAccounts, finalizedHead, waitForBest, waitForFinalized } from './lib/chain.mjs';
import { NODE_KEYS, TestEnv, rawChainSpec, secs, waitUntil, withTimeout } from './lib/node.mjs';

const VALIDATORS = ['alice', 'bob', 'charlie', 'dave'];

/** Blocks over which block time and finality lag are measured. */
const MEASURE_BLOCKS = Number(process.env.ZG_E2E_MEASURE_BLOCKS || 20);

/** How often the finality lag is sampled. */
const LAG_SAMPLE_MS = 500;

/**
 * Follows a node's best and finalized head numbers through subscriptions; resolves once both are
 * known. `stop()` ends the subscriptions.
 */
async function trackHeads(api, label) {
  const heads = { best: undefined, finalized: undefined };
  let ready;
  const known = new Promise((resolve) => { ready = resolve; });
  const update = (kind) => (header) => {
    heads[kind] = header.number.toNumber();
    if (heads.best !== undefined && heads.finalized !== undefined) ready();
  };
  const subscriptions = [
    api.rpc.chain.subscribeNewHeads(update('best')),
    api.rpc.chain.subscribeFinalizedHeads(update('finalized')),
  ];
  heads.stop = () => subscriptions.forEach((s) => s.then((unsubscribe) => unsubscribe(), () => {}));
  await withTimeout(known, secs(30), `${label}: first best and finalized heads`);
  return heads;
}

async function timestampAt(api, hash) {
  return (await (await api.at(hash)).query.timestamp.now()).toNumber();
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('four-validator local network', () => {
  const env = new TestEnv('multinode');
  const nodes = {};
  const apis = {};
  let accounts;

  const others = (name) => VALIDATORS.filter((n) => n !== name);
  const nodeFor = (name) => env.node({
    name,
    nodeKey: NODE_KEYS[name],
    args: ['--chain', rawChainSpec('local'), `--${name}`, '--validator',
      // Alice is the bootnode; the others find each other through her (Kademlia), not through mDNS.
      ...(name === 'alice' ? [] : ['--bootnodes', nodes.alice.multiaddr])],
  });

  /** Waits until `name` is connected to all the other validators (by their fixed peer ids). */
  async function waitForFullMesh(name) {
    const expected = others(name).map((n) => nodes[n].peerId);
    let seen = [];
    await waitUntil(async () => {
      seen = (await apis[name].rpc.system.peers()).map((p) => p.peerId.toString());
      return expected.every((id) => seen.includes(id));
    }, {
      timeoutMs: secs(180),
      what: `${name} to connect to ${others(name).join(', ')}`,
      describe: () => `connected to [${seen.map((id) => VALIDATORS.find((n) => nodes[n].peerId === id) ?? id).join(', ')}]`,
    });
  }

  before(env.guard(async () => {
    accounts = await devAccounts();
    nodes.alice = await nodeFor('alice').start();
    await Promise.all(others('alice').map(async (name) => { nodes[name] = await nodeFor(name).start(); }));
    for (const name of VALIDATORS) apis[name] = await nodes[name].connect();
  }));

  after(() => env.cleanup());

  it('connects every validator to every other one', env.guard(async () => {
    await Promise.all(VALIDATORS.map((name) => waitForFullMesh(name)));

    // All four are in the active validator set; the genesis preset stakes from //Alice … //Dave themselves.
    const byAccount = Object.fromEntries(VALIDATORS.map((n) => [u8aToHex(accounts[n].publicKey), n]));
    const session = (await apis.alice.query.session.validators()).map((id) => byAccount[id.toHex()] ?? id.toString());
    assert.deepEqual([...session].sort(), [...VALIDATORS].sort(), 'session validators');
  }));

  it('produces and finalizes blocks on every node', env.guard(async () => {
    await Promise.all(VALIDATORS.map((name) => waitForFinalized(apis[name], 3, { timeoutMs: secs(240), label: name })));
  }));

  it('measures block time and finality lag', env.guard(async () => {
    const heads = {};
    for (const name of VALIDATORS) heads[name] = await trackHeads(apis[name], name);
    const lags = Object.fromEntries(VALIDATORS.map((name) => [name, []]));
    const sampler = setInterval(() => {
      for (const name of VALIDATORS) lags[name].push(heads[name].best - heads[name].finalized);
    }, LAG_SAMPLE_MS);

    try {
      const start = await finalizedHead(apis.alice);
      const startBest = heads.alice.best;
      const startWall = Date.now();
      await waitForBest(apis.alice, startBest + MEASURE_BLOCKS, { timeoutMs: secs(MEASURE_BLOCKS * 3 * 4), label: 'alice' });
      const wallMs = Date.now() - startWall;
      const endBest = heads.alice.best;
      const end = await finalizedHead(apis.alice);
      clearInterval(sampler);

      assert.ok(end.number > start.number, `finality did not advance while measuring (#${start.number})`);
      const chainMs = (await timestampAt(apis.alice, end.hash)) - (await timestampAt(apis.alice, start.hash));
      const blockTime = chainMs / (end.number - start.number) / 1000;
      const wallBlockTime = wallMs / (endBest - startBest) / 1000;

      const all = Object.values(lags).flat();
      const perNode = VALIDATORS.map((n) => `${n} ${mean(lags[n]).toFixed(2)}`).join(', ');
      console.log(`[e2e] METRIC 4-validator network: average block time ${blockTime.toFixed(2)} s `
        + `(on-chain timestamps, finalized #${start.number}..#${end.number}); `
        + `${wallBlockTime.toFixed(2)} s by wall clock over ${endBest - startBest} new best blocks`);
      console.log(`[e2e] METRIC 4-validator network: average finality lag ${mean(all).toFixed(2)} blocks `
        + `(best - finalized, sampled every ${LAG_SAMPLE_MS} ms on each node, ${all.length} samples, max ${Math.max(...all)}; `
        + `per node: ${perNode})`);
    } finally {
      clearInterval(sampler);
      for (const name of VALIDATORS) heads[name].stop();
    }
  }));

  it('keeps producing and finalizing blocks with one validator down', env.guard(async () => {
    const survivors = others('dave');
    const { number: finalizedAtKill } = await finalizedHead(apis.alice);
    await nodes.dave.kill();

    // 3 of 4 GRANDPA voters are a supermajority, so finality must not stall.
    await Promise.all(survivors.map((name) => waitForFinalized(apis[name], finalizedAtKill + 3,
      { timeoutMs: secs(180), label: `${name} (dave down)` })));
  }));

  it('catches up when the crashed validator restarts', env.guard(async () => {
    const { number: finalizedBefore } = await finalizedHead(apis.alice);
    await nodes.dave.start();
    apis.dave = await nodes.dave.connect();

    let last = {};
    await waitUntil(async () => {
      const [dave, alice] = await Promise.all([finalizedHead(apis.dave), finalizedHead(apis.alice)]);
      last = { dave: dave.number, alice: alice.number };
      return dave.number > finalizedBefore && dave.number >= alice.number - 2;
    }, {
      timeoutMs: secs(300),
      what: `dave to catch up to within 2 blocks of alice's finalized head (was #${finalizedBefore} at restart)`,
      describe: () => `dave finalized #${last.dave}, alice finalized #${last.alice}`,
    });

    // Same chain, not just the same height.
    const daveFinal = await finalizedHead(apis.dave);
    const aliceHash = (await apis.alice.rpc.chain.getBlockHash(daveFinal.number)).toHex();
    assert.equal(daveFinal.hash, aliceHash, `dave and alice disagree on block #${daveFinal.number}`);

    await waitForFullMesh('dave');
    const { number: best } = await bestHead(apis.alice);
    await Promise.all(VALIDATORS.map((name) => waitForFinalized(apis[name], best + 1,
      { timeoutMs: secs(180), label: `${name} (dave back)` })));
  }));
});
