// A runtime upgrade through OpenGov on a live four-validator `--chain local` network, with the tooling a chain
// team uses (scripts/governance/upgrade.mjs): a root-track referendum authorizes the next runtime's code hash,
// five accounts vote it through, the code is applied with system.applyAuthorizedUpgrade, and then every node must
// run spec_version 101, the release's storage migration must have run, blocks must keep being produced and
// finalized everywhere (finality never stalls across the upgrade), and a transfer signed against the new
// metadata must be finalized. No node is restarted: the running nodes switch to the new code on chain.
//
// The next runtime is built by `scripts/build-runtime.sh --next`; ZG_NEXT_RUNTIME_WASM overrides its path.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import {
  applyAuthorizedUpgrade, proposeRuntimeUpgrade, referendumStatus, waitForUpgradeAuthorized,
} from '../../scripts/governance/upgrade.mjs';
import { ZG, accountAt, devAccounts, finalizedHead, freshAccount, signAndWaitFinalized, waitForFinalized } from './lib/chain.mjs';
import { NODE_KEYS, TestEnv, WASMTIME_CACHE, rawChainSpec, secs, waitUntil, withTimeout } from './lib/node.mjs';
import { runCli } from './lib/storage.mjs';

const NEXT_RUNTIME_WASM = process.env.ZG_NEXT_RUNTIME_WASM
  || path.join(process.env.CARGO_TARGET_DIR || path.join(os.homedir(), '.cache/zg/target'),
    'debug/wbuild/zg-runtime/zg_runtime_next.compressed.wasm');

const VALIDATORS = ['alice', 'bob', 'charlie', 'dave'];
const VOTERS = ['alice', 'bob', 'charlie', 'dave', 'eve'];

const SPEC_BEFORE = 100;
const SPEC_AFTER = 101;

/** Each voter's aye (Locked1x), capped at what the voter has free: validators' bonds and deposits are held. */
const VOTE = 800_000n * ZG;
/** Left free by a capped vote (the lock itself costs nothing, but keep the arithmetic away from the edge). */
const VOTE_MARGIN = 10n * ZG;

/** What the next release's migration (runtime/src/migrations.rs, SetStakingMinimums) stores. */
const MIN_VALIDATOR_BOND = 10_000n * ZG;
const MIN_NOMINATOR_BOND = 100n * ZG;

/** Finalized heads must advance at least this far past the upgrade block on every node. */
const BLOCKS_AFTER_UPGRADE = 3;

/**
 * Longest allowed wait between two advances of a node's finalized head while the upgrade goes through. Without the
 * precompiled runtime (the step before the vote), the first block on the new runtime waited for the debug
 * validators to compile it, all four at once beside the other tests' networks: that block took 60 s to build and
 * finality stalled 80–100 s in three runs on 2026-12-04 (2 cores), so a stall past this limit also shows that the
 * nodes did not find the precompiled code. An upgrade that breaks finality stalls it for good.
 */
const FINALITY_STALL_LIMIT_MS = secs(Number(process.env.ZG_E2E_UPGRADE_STALL_S || 60));

const log = (text) => console.log(`[e2e] upgrade: ${text}`);
const fmtZg = (planck) => `${(planck / ZG).toLocaleString('en-US')} ZG`;
const seconds = (ms) => (ms / 1000).toFixed(1);

/**
 * Records every advance of a node's finalized head with the wall-clock time it was reported, from now until
 * `stop()`; `maxGap(fromMs, toMs)` is the longest time within that window without an advance.
 */
function trackFinality(api, label) {
  const samples = [];
  const subscription = api.rpc.chain.subscribeFinalizedHeads((header) => {
    const number = header.number.toNumber();
    if (samples.length === 0 || number > samples[samples.length - 1].number) samples.push({ t: Date.now(), number });
  });
  return {
    label,
    samples,
    ready: subscription,
    stop: () => subscription.then((unsubscribe) => unsubscribe(), () => {}),
    maxGap(fromMs, toMs) {
      const times = [fromMs, ...samples.filter((s) => s.t > fromMs && s.t < toMs).map((s) => s.t), toMs];
      let gap = 0;
      let at = fromMs;
      for (let i = 1; i < times.length; i += 1) {
        if (times[i] - times[i - 1] > gap) {
          gap = times[i] - times[i - 1];
          at = times[i - 1];
        }
      }
      const before = samples.filter((s) => s.t <= at).pop();
      return { gapMs: gap, afterBlock: before?.number };
    },
  };
}

/**
 * A little-endian unsigned storage value at block `hash`, read untyped: once the api has swapped to the new
 * metadata, `api.at(oldBlock)` may decode with the wrong types when it cached a registry for that block before the
 * upgrade (see scripts/governance/upgrade.mjs). Absent values read as 0.
 */
async function storageUintAt(api, entry, hash) {
  const hex = await api.rpc.state.getStorage.raw(entry.key(), hash);
  return hex ? BigInt(`0x${Buffer.from(hex.slice(2), 'hex').reverse().toString('hex') || '0'}`) : 0n;
}

const timestampAt = (api, hash) => storageUintAt(api, api.query.timestamp.now, hash);

async function blockHash(api, number) {
  return (await api.rpc.chain.getBlockHash(number)).toHex();
}

describe('runtime upgrade through a root referendum on a four-validator network', () => {
  const env = new TestEnv('upgrade');
  const nodes = {};
  const apis = {};
  const finality = {};
  let accounts;
  let wasm;

  // Shared between the steps, in order.
  let windowStartMs;
  let proposal;
  let proposeStartMs;
  let authorized;
  let authorizedSeenMs;
  let applied;
  let appliedSeenMs;

  const nodeFor = (name) => env.node({
    name,
    nodeKey: NODE_KEYS[name],
    args: ['--chain', rawChainSpec('local'), `--${name}`, '--validator',
      ...(name === 'alice' ? [] : ['--bootnodes', nodes.alice.multiaddr])],
  });

  before(async () => {
    // Checked before any node starts: without the wasm there is nothing to test.
    if (!fs.existsSync(NEXT_RUNTIME_WASM)) {
      throw new Error(`the next runtime's wasm is missing: ${NEXT_RUNTIME_WASM}. Build it with `
        + '`scripts/build-runtime.sh --next` (it prints the path), or point ZG_NEXT_RUNTIME_WASM at it');
    }
    wasm = new Uint8Array(fs.readFileSync(NEXT_RUNTIME_WASM));
    log(`next runtime: ${NEXT_RUNTIME_WASM} (${wasm.length.toLocaleString('en-US')} bytes)`);
    await startNetwork();
  });

  const startNetwork = env.guard(async () => {
    accounts = await devAccounts();
    nodes.alice = await nodeFor('alice').start();
    await Promise.all(VALIDATORS.slice(1).map(async (name) => { nodes[name] = await nodeFor(name).start(); }));
    for (const name of VALIDATORS) apis[name] = await nodes[name].connect();
    await Promise.all(VALIDATORS.map((name) => waitForFinalized(apis[name], 1, { timeoutMs: secs(300), label: name })));
    for (const name of VALIDATORS) {
      finality[name] = trackFinality(apis[name], name);
      await withTimeout(finality[name].ready, secs(30), `${name}: finalized-heads subscription`);
    }
  });

  after(async () => {
    for (const tracker of Object.values(finality)) tracker.stop();
    await env.cleanup();
  });

  it('runs spec_version 100 without staking minimums before the upgrade', env.guard(async () => {
    for (const name of VALIDATORS) {
      const version = await apis[name].rpc.state.getRuntimeVersion();
      assert.equal(version.specVersion.toNumber(), SPEC_BEFORE, `${name}: spec_version before the upgrade`);
    }
    assert.equal((await apis.alice.query.staking.minValidatorBond()).toBigInt(), 0n, 'staking.minValidatorBond before the upgrade');
    assert.equal((await apis.alice.query.staking.minNominatorBond()).toBigInt(), 0n, 'staking.minNominatorBond before the upgrade');
  }));

  it('puts the upgrade to a vote on the root track', env.guard(async () => {
    windowStartMs = Date.now();
    proposeStartMs = Date.now();
    proposal = await proposeRuntimeUpgrade(apis.alice, accounts.alice, wasm, { timeoutMs: secs(300), log });
    log(`referendum #${proposal.referendumIndex} for code hash ${proposal.codeHash} submitted in block #${proposal.submittedAtBlock}`);

    assert.equal(proposal.codeHash, apis.alice.registry.hash(wasm).toHex(), 'code hash is blake2-256 of the wasm');
    const { status, ongoing } = await referendumStatus(apis.alice, proposal.referendumIndex);
    assert.equal(status, 'Ongoing', `referendum #${proposal.referendumIndex} status`);
    assert.equal(ongoing.track.toNumber(), 0, 'the referendum is on the root track');
    assert.ok(ongoing.decisionDeposit.isSome, 'the decision deposit is placed');
    assert.ok(ongoing.origin.isSystem && ongoing.origin.asSystem.isRoot, 'the referendum dispatches as Root');
  }));

  it('is compiled by the validators before it is enacted (zg-node precompile-runtime)', env.guard(async () => {
    // What each validator's operator does once the proposal is public: compile the code it would set into the
    // node's wasmtime cache (the four nodes here share one), so that no node compiles it when it is enacted.
    const pre = await runCli(['precompile-runtime', '--wasmtime-cache', WASMTIME_CACHE, NEXT_RUNTIME_WASM],
      { timeoutMs: secs(300), label: 'zg-node precompile-runtime' });
    log(`precompiled: ${pre.stdout.trim()}`);
    assert.match(pre.stdout, new RegExp(`^zg version ${SPEC_AFTER} \\(code ${proposal.codeHash}\\) is in `, 'm'),
      'the proposed code, by the hash the referendum authorizes');
  }));

  it('is voted through by five accounts', env.guard(async () => {
    const amounts = {};
    for (const name of VOTERS) {
      const { data } = await apis.alice.query.system.account(accounts[name].address);
      const free = data.free.toBigInt();
      const capped = free - VOTE_MARGIN < VOTE ? ((free - VOTE_MARGIN) / ZG) * ZG : VOTE;
      assert.ok(capped > 0n, `${name} has nothing free to vote with (free ${fmtZg(free)})`);
      amounts[name] = capped;
    }
    log(`voting aye (Locked1x): ${VOTERS.map((n) => `${n} ${fmtZg(amounts[n])}`).join(', ')}`);
    await Promise.all(VOTERS.map((name) => signAndWaitFinalized(apis.alice,
      apis.alice.tx.convictionVoting.vote(proposal.referendumIndex,
        { Standard: { vote: { aye: true, conviction: 'Locked1x' }, balance: amounts[name] } }),
      accounts[name], { timeoutMs: secs(300), label: `${name}'s vote` })));

    const total = Object.values(amounts).reduce((a, b) => a + b, 0n);
    const { status, ongoing } = await referendumStatus(apis.alice, proposal.referendumIndex);
    // The referendum may already be approved if the votes were finalized slowly; then the tally is gone.
    if (status === 'Ongoing') {
      assert.equal(ongoing.tally.ayes.toBigInt(), total, 'ayes (Locked1x counts each ZG once)');
      assert.equal(ongoing.tally.support.toBigInt(), total, 'support');
      assert.equal(ongoing.tally.nays.toBigInt(), 0n, 'nays');
    } else {
      assert.equal(status, 'Approved', `referendum #${proposal.referendumIndex} status after the votes`);
    }
  }));

  it('is approved and enacts system.authorizeUpgrade', env.guard(async () => {
    authorized = await waitForUpgradeAuthorized(apis.alice, {
      referendumIndex: proposal.referendumIndex,
      codeHash: proposal.codeHash,
      fromBlock: proposal.submittedAtBlock,
      timeoutMs: secs(600),
      onProgress: log,
    });
    authorizedSeenMs = Date.now();
    assert.equal(authorized.checkVersion, true, 'the upgrade is authorized with version checks');

    const { status } = await referendumStatus(apis.alice, proposal.referendumIndex);
    assert.equal(status, 'Approved', `referendum #${proposal.referendumIndex} final status`);
    const pending = await apis.alice.query.system.authorizedUpgrade();
    assert.ok(pending.isSome, 'system.authorizedUpgrade is set');
    assert.equal(pending.unwrap().codeHash.toHex(), proposal.codeHash, 'authorized code hash');

    const { steps } = authorized;
    const [t0, t1] = await Promise.all([
      timestampAt(apis.alice, proposal.submittedAtBlockHash), timestampAt(apis.alice, authorized.blockHash)]);
    console.log(`[e2e] METRIC upgrade: referendum #${proposal.referendumIndex} submission (block #${proposal.submittedAtBlock}) `
      + `to enactment of authorize_upgrade (block #${authorized.blockNumber}): ${authorized.blockNumber - proposal.submittedAtBlock} blocks, `
      + `${seconds(Number(t1 - t0))} s by on-chain timestamps, ${seconds(authorizedSeenMs - proposeStartMs)} s wall clock from the propose call `
      + `(decision started #${steps.DecisionStarted}, confirming from #${steps.ConfirmStarted}, approved #${steps.Confirmed}, `
      + `enacted #${steps.Enacted})`);
  }));

  it('applies the authorized code', env.guard(async () => {
    applied = await applyAuthorizedUpgrade(apis.alice, accounts.alice, wasm, { timeoutMs: secs(600) });
    appliedSeenMs = Date.now();
    log(`system.CodeUpdated in finalized block #${applied.blockNumber}`);
    assert.equal(applied.specVersionBefore, SPEC_BEFORE, 'spec_version when the code was applied');
    assert.equal((await apis.alice.query.system.authorizedUpgrade()).isNone, true, 'the authorization is used up');

    const [t0, t1] = await Promise.all([
      timestampAt(apis.alice, proposal.submittedAtBlockHash), timestampAt(apis.alice, applied.blockHash)]);
    console.log(`[e2e] METRIC upgrade: referendum #${proposal.referendumIndex} submission (block #${proposal.submittedAtBlock}) `
      + `to system.CodeUpdated (block #${applied.blockNumber}): ${applied.blockNumber - proposal.submittedAtBlock} blocks, `
      + `${seconds(Number(t1 - t0))} s by on-chain timestamps, ${seconds(appliedSeenMs - proposeStartMs)} s wall clock from the propose call`);
  }));

  it('keeps producing and finalizing blocks on every node, on the same chain', env.guard(async () => {
    const target = applied.blockNumber + BLOCKS_AFTER_UPGRADE;
    await Promise.all(VALIDATORS.map((name) => waitForFinalized(apis[name], target,
      { timeoutMs: secs(300), label: `${name} (after the upgrade in #${applied.blockNumber})` })));
    const windowEndMs = Date.now();

    for (const name of VALIDATORS) {
      assert.equal(await blockHash(apis[name], applied.blockNumber), applied.blockHash, `${name}: hash of the upgrade block`);
      assert.equal(await blockHash(apis[name], target), await blockHash(apis.alice, target), `${name}: hash of block #${target}`);
    }

    const gaps = Object.fromEntries(VALIDATORS.map((name) => [name, finality[name].maxGap(windowStartMs, windowEndMs)]));
    const worst = VALIDATORS.reduce((a, b) => (gaps[b].gapMs > gaps[a].gapMs ? b : a));
    console.log(`[e2e] METRIC upgrade: longest wait between finalized-head advances from the proposal to #${target} `
      + `(upgrade in #${applied.blockNumber}): ${seconds(gaps[worst].gapMs)} s on ${worst} (after #${gaps[worst].afterBlock}); `
      + `per node: ${VALIDATORS.map((n) => `${n} ${seconds(gaps[n].gapMs)} s`).join(', ')}`);
    for (const name of VALIDATORS) {
      assert.ok(gaps[name].gapMs <= FINALITY_STALL_LIMIT_MS, `${name}: finality stalled for ${seconds(gaps[name].gapMs)} s `
        + `after finalizing #${gaps[name].afterBlock} (limit ${seconds(FINALITY_STALL_LIMIT_MS)} s; ZG_E2E_UPGRADE_STALL_S raises it)`);
    }
  }));

  it('runs spec_version 101 on every node', env.guard(async () => {
    const parentOfUpgrade = await blockHash(apis.alice, applied.blockNumber - 1);
    for (const name of VALIDATORS) {
      const api = apis[name];
      let seen;
      await waitUntil(async () => {
        seen = (await api.rpc.state.getRuntimeVersion()).specVersion.toNumber();
        return seen === SPEC_AFTER;
      }, { timeoutMs: secs(120), what: `${name} to report spec_version ${SPEC_AFTER}`, describe: () => `spec_version ${seen}` });

      const { hash: finalized } = await finalizedHead(api);
      assert.equal((await api.rpc.state.getRuntimeVersion(finalized)).specVersion.toNumber(), SPEC_AFTER, `${name}: spec_version at its finalized head`);
      // The block that stored the code still ran the old one; its parent's state holds the old code.
      assert.equal((await api.rpc.state.getRuntimeVersion(parentOfUpgrade)).specVersion.toNumber(), SPEC_BEFORE, `${name}: spec_version before the upgrade block`);
    }
  }));

  it('ran the release migration in the first block of the new runtime', env.guard(async () => {
    const upgradeBlock = applied.blockHash;
    const firstNewBlock = await blockHash(apis.alice, applied.blockNumber + 1);
    const bonds = async (api, hash) => [
      await storageUintAt(api, api.query.staking.minValidatorBond, hash),
      await storageUintAt(api, api.query.staking.minNominatorBond, hash),
    ];
    assert.deepEqual(await bonds(apis.alice, upgradeBlock), [0n, 0n], 'staking minimums in the upgrade block (old code)');
    assert.deepEqual(await bonds(apis.alice, firstNewBlock), [MIN_VALIDATOR_BOND, MIN_NOMINATOR_BOND],
      `staking minimums after block #${applied.blockNumber + 1}, the first on the new code`);
    for (const name of VALIDATORS) {
      const { hash } = await finalizedHead(apis[name]);
      assert.deepEqual(await bonds(apis[name], hash), [MIN_VALIDATOR_BOND, MIN_NOMINATOR_BOND], `${name}: staking minimums at its finalized head`);
    }
    log(`staking.minValidatorBond = ${fmtZg(MIN_VALIDATOR_BOND)}, staking.minNominatorBond = ${fmtZg(MIN_NOMINATOR_BOND)} on every node`);
  }));

  it('finalizes a transfer signed against the new runtime', env.guard(async () => {
    // @polkadot/api notices the runtime version change and reloads the metadata by itself; sign only after that.
    await waitUntil(() => apis.alice.runtimeVersion.specVersion.toNumber() === SPEC_AFTER, {
      timeoutMs: secs(120),
      what: `@polkadot/api (alice) to load the metadata of spec_version ${SPEC_AFTER}`,
      describe: () => `api.runtimeVersion.specVersion ${apis.alice.runtimeVersion.specVersion.toNumber()}`,
    });
    const dest = freshAccount(accounts.keyring, 'after-upgrade');
    const amount = 1n * ZG;
    const { blockHash: inBlock } = await signAndWaitFinalized(apis.alice,
      apis.alice.tx.balances.transferKeepAlive(dest.address, amount), accounts.ferdie, { timeoutMs: secs(300) });
    const number = (await apis.alice.rpc.chain.getHeader(inBlock)).number.toNumber();
    assert.ok(number > applied.blockNumber, `the transfer is in block #${number}, after the upgrade in #${applied.blockNumber}`);

    // Every node agrees once it has finalized that block.
    for (const name of VALIDATORS) {
      await waitForFinalized(apis[name], number, { timeoutMs: secs(180), label: name });
      assert.equal((await accountAt(apis[name], inBlock, dest.address)).free, amount, `${name}: the recipient's balance`);
    }
    log(`transfer of ${fmtZg(amount)} finalized in block #${number}`);
  }));
});
