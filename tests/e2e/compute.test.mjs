// The compute market end to end, on the four `--chain local` validators, each a compute provider node
// (`--compute-provider`) with one `zgcp` key, and two `zg-compute-worker` processes: an honest one serving
// alice, charlie and dave, and one that attests wrong outputs (`--tamper`) serving bob.
//   (a) four providers register (stake, peer id, the worker's attestation key) and offer `matmul-i8`; eve (on
//       alice) also offers `digits-mlp`; bob's provider is the cheapest for matmul;
//   (b) a user submits a proven digits job with `zg-node compute submit`: alice's worker classifies the image and
//       proves it, the node's off-chain worker submits the proof, the chain verifies it (Groth16 through the host
//       function) and pays the provider; the class is the image's digit;
//   (c) a matmul job goes to bob's tampering provider, which attests a wrong output; a challenger disputes with
//       `zg-node compute dispute` by re-execution; the three other providers are drawn as jurors, their nodes
//       re-execute and vote the true output's hash; the tamperer is slashed, the challenger rewarded, the user
//       refunded in full;
//   (d) bob's worker stops; the next matmul job (still the cheapest offer) is never answered: at its deadline the
//       provider is penalised and the user refunded in full;
//   (e) bad input: the CLI and RPC refuse it with clear errors, and the nodes keep running.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe } from 'node:test';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';

import { ZG, expectRpcError, signAndWaitFinalized } from './lib/chain.mjs';
import { ComputeWorker, KIND, computeCli, matmulJob } from './lib/compute.mjs';
import { NODE_KEYS, TestEnv, chainedSteps, peerIdFromNodeKey, rawChainSpec, secs, waitUntil } from './lib/node.mjs';
import { peerIdBytes } from './lib/storage.mjs';

const log = (line) => console.log(`[e2e] compute: ${line}`);
const NODES = ['alice', 'bob', 'charlie', 'dave'];
/** The compute-provider key of each node (endowed dev accounts that are not validators). */
const PROVIDER = { alice: '//Eve', bob: '//Ferdie', charlie: '//Eve//stash', dave: '//Ferdie//stash' };
const STAKE = 2_000n * ZG;

describe('compute market: proven jobs, attested jobs, disputes and timeouts', { timeout: secs(1800) }, () => {
  const env = new TestEnv('compute');
  const nodes = {};
  const workers = {};
  const pairs = {};
  let api;
  let keyring;

  const step = chainedSteps({ env, log, onFailure: () => {
    for (const w of Object.values(workers)) console.error(`----- ${w.name}\n${w.logTail()}`);
  } });

  const httpUrl = (name) => `http://127.0.0.1:${nodes[name].rpcPort}`;
  const job = (id) => nodes.alice.rpc('zgCompute_job', [id]);
  const stakeOf = async (who) => (await api.query.compute.providers(pairs[who].address)).unwrap().stake.toBigInt();
  const ledgerOf = async (suri) => {
    const l = await api.query.compute.ledgers(keyring.addFromUri(suri).address);
    return l.isSome ? { free: l.unwrap().free.toBigInt(), locked: l.unwrap().locked.toBigInt() } : { free: 0n, locked: 0n };
  };

  before(async () => {
    await cryptoWaitReady();
    keyring = new Keyring({ type: 'sr25519', ss58Format: 4200 });
    for (const name of NODES) pairs[name] = keyring.addFromUri(PROVIDER[name]);
    workers.honest = new ComputeWorker({ name: 'worker-honest', dir: path.join(env.root, 'worker-honest'), seed: '//HonestWorker' });
    workers.tamper = new ComputeWorker({ name: 'worker-tamper', dir: path.join(env.root, 'worker-tamper'), seed: '//TamperingWorker', tamper: true });
    await workers.honest.start();
    await workers.tamper.start();
    const spec = rawChainSpec('local');
    for (const name of NODES) {
      const worker = name === 'bob' ? workers.tamper : workers.honest;
      nodes[name] = env.node({
        name,
        nodeKey: NODE_KEYS[name],
        args: [
          '--chain', spec, `--${name}`, '--validator',
          ...(name === 'alice' ? [] : ['--bootnodes', nodes.alice.multiaddr]),
          '--compute-provider', '--compute-worker', worker.url,
          '--rpc-methods', 'unsafe',
        ],
      });
      await nodes[name].start();
    }
    api = await nodes.alice.connect();
  });

  after(async () => {
    await api?.disconnect().catch(() => {});
    for (const w of Object.values(workers)) await w.stop().catch(() => {});
    await env.cleanup();
  });

  step('(a) four providers register and offer; bob is the cheapest for matmul', secs(600), async () => {
    for (const name of NODES) {
      await nodes[name].rpc('author_insertKey', ['zgcp', PROVIDER[name], u8aToHex(pairs[name].publicKey)]);
      const worker = name === 'bob' ? workers.tamper : workers.honest;
      const peer = u8aToHex(peerIdBytes(peerIdFromNodeKey(NODE_KEYS[name])));
      const matmulPrice = name === 'bob' ? ZG / 100n : ZG / 10n;
      const calls = [
        api.tx.compute.registerProvider(STAKE, peer, worker.attestationKey),
        api.tx.compute.setOffer(KIND.MATMUL_I8, { Cpu: { cores: 2 } }, matmulPrice, 4),
      ];
      if (name === 'alice') calls.push(api.tx.compute.setOffer(KIND.DIGITS_MLP, { Cpu: { cores: 2 } }, ZG / 10n, 4));
      await signAndWaitFinalized(api, api.tx.utility.batchAll(calls), pairs[name], { label: `${name}: register and offer` });
    }
    const providers = JSON.parse((await computeCli(['providers', '--rpc', httpUrl('alice')])).stdout);
    const matmul = providers.offers.filter((o) => o.kind === KIND.MATMUL_I8);
    assert.equal(matmul.length, 4);
    assert.equal(matmul[0].provider, pairs.bob.address, 'the cheapest offer first');
    assert.ok(providers.kinds.some((k) => k.name === 'digits-mlp' && k.mode === 'proven'));
  });

  step('(b) a proven digits job: classified, proven, verified on chain, paid', secs(600), async () => {
    const image = path.join(env.root, 'seven.bin');
    await computeCli(['sample', '--digit', '7', '--seed', '1', '--out', image]);
    const before = (await api.query.system.account(pairs.alice.address)).data.free.toBigInt();
    const started = Date.now();
    const result = await computeCli(['submit', '--rpc', httpUrl('alice'), '--suri', '//Alice', '--kind', 'digits-mlp',
      '--input', image, '--max-price', '1', '--deadline', '40', '--timeout', '400']);
    const record = JSON.parse(result.stdout);
    log(`digits job ${record.id}: ${record.status}, output ${record.output}, proven ${record.proven}, in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    assert.equal(record.status, 'done');
    assert.equal(record.proven, true);
    assert.equal(record.output, '0x07', 'the class is the digit drawn');
    assert.equal(record.provider, pairs.alice.address);
    const after = (await api.query.system.account(pairs.alice.address)).data.free.toBigInt();
    assert.ok(after >= before + ZG / 10n - ZG / 100n, 'the provider was paid (less its own fees)');
    const ledger = await ledgerOf('//Alice');
    assert.equal(ledger.locked, 0n);
  });

  step('(c) a tampered attestation is disputed by re-execution and slashed', secs(900), async () => {
    const { input, output } = matmulJob(8, 16, 8, 7);
    const tampererStake = await stakeOf('bob');
    const challenger = keyring.addFromUri('//Bob');
    const challengerBefore = (await api.query.system.account(challenger.address)).data.free.toBigInt();
    const submitted = await computeCli(['submit', '--rpc', httpUrl('alice'), '--suri', '//Alice', '--kind', 'matmul-i8',
      '--input-hex', input, '--max-price', '1', '--deadline', '40', '--wait', 'result', '--timeout', '400']);
    const record = JSON.parse(submitted.stdout);
    assert.equal(record.provider, pairs.bob.address, 'the cheapest provider got it');
    assert.equal(record.status, 'attested');
    assert.notEqual(record.output, output, 'the tampering worker attested a wrong output');
    const disputed = await computeCli(['dispute', '--rpc', httpUrl('alice'), '--suri', '//Bob', '--job', String(record.id),
      '--output', output]);
    assert.equal(JSON.parse(disputed.stdout).status, 'disputed');
    await waitUntil(async () => (await job(record.id))?.status === 'failed-overturned', {
      timeoutMs: secs(300), what: `job ${record.id} overturned by the jurors`,
      describe: async () => JSON.stringify(await job(record.id)),
    });
    const slashed = tampererStake - (await stakeOf('bob'));
    assert.equal(slashed, tampererStake / 5n, 'the tamperer loses 20 % of its stake');
    const challengerAfter = (await api.query.system.account(challenger.address)).data.free.toBigInt();
    assert.ok(challengerAfter > challengerBefore + slashed / 2n - ZG / 10n, 'the challenger got half the slash');
    assert.equal((await ledgerOf('//Alice')).locked, 0n, 'the user was refunded in full');
    log(`tamperer slashed ${slashed / ZG} ZG; challenger +${(challengerAfter - challengerBefore) / ZG} ZG`);
  });

  step('(d) a provider that never answers is penalised and the user refunded', secs(600), async () => {
    await workers.tamper.stop();
    const stakeBefore = await stakeOf('bob');
    const ledgerBefore = await ledgerOf('//Alice');
    const { input } = matmulJob(2, 2, 2, 9);
    const result = await computeCli(['submit', '--rpc', httpUrl('alice'), '--suri', '//Alice', '--kind', 'matmul-i8',
      '--input-hex', input, '--max-price', '1', '--deadline', '6', '--timeout', '300']).catch((e) => e);
    assert.match(String(result.message ?? result), /failed-timeout: refunded in full/);
    assert.equal(await stakeOf('bob'), stakeBefore - stakeBefore / 100n, '1 % penalty');
    const ledgerAfter = await ledgerOf('//Alice');
    assert.ok(ledgerAfter.free >= ledgerBefore.free, 'nothing was paid');
    assert.equal(ledgerAfter.locked, 0n);
  });

  step('(e) bad input gets clear errors and the nodes keep running', secs(300), async () => {
    const cliLog = path.join(env.root, 'cli-bad-input.log');
    const wrongLength = await computeCli(['submit', '--rpc', httpUrl('alice'), '--suri', '//Alice', '--kind', 'digits-mlp',
      '--input-hex', '0x0102', '--max-price', '1', '--timeout', '120'], { logPath: cliLog }).catch((e) => e);
    assert.match(String(wrongLength.message), /BadInput/);
    const unknownKind = await computeCli(['submit', '--rpc', httpUrl('alice'), '--suri', '//Alice', '--kind', 'no-such-kind',
      '--input-hex', '0x01', '--max-price', '1']).catch((e) => e);
    assert.match(String(unknownKind.message), /no job kind no-such-kind/);
    const badPrice = await computeCli(['submit', '--rpc', httpUrl('alice'), '--suri', '//Alice', '--kind', 'matmul-i8',
      '--input-hex', '0x01', '--max-price', 'lots']).catch((e) => e);
    assert.match(String(badPrice.message), /not an amount of ZG/);
    const noJob = await computeCli(['status', '--rpc', httpUrl('alice'), '--job', '999999']).catch((e) => e);
    assert.match(String(noJob.message), /no job 999999/);
    await expectRpcError(nodes.alice.rpc('zgCompute_offers', [424242]), 'offers of an unknown kind');
    assert.equal(await nodes.alice.rpc('zgCompute_job', [2 ** 53]), null);
    for (const name of NODES) assert.ok(nodes[name].running, `${name} still runs`);
    await nodes.alice.rpc('system_health');
  });
});
