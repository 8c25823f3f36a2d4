// A training job end to end: its dataset read from zg storage, its model stored back into zg storage for the
// user, on six `--chain local` nodes that are all storage providers (alice … dave, eve, ferdie). alice is also a
// compute provider node (`--compute-provider`, one `zgcp` key) with an honest `zg-compute-worker` that reaches
// the node's storage RPC (`--node-rpc`).
//   (a) six storage providers register; //Eve//stash registers as a compute provider on alice's node (same peer id
//       as alice's storage provider, which will encode what the worker uploads there) and offers `train-digits`;
//   (b) the user generates a digits dataset with `zg-compute-worker dataset` and stores it with
//       `zg-node storage upload` (encoded, every shard acknowledged);
//   (c) the user submits a `train-digits` job on the stored dataset with `zg-node compute submit --stored`: the
//       node's off-chain worker hands it to the worker, which downloads the dataset through the node (rebuilt from
//       shards), trains, and uploads the model to the node; the attestation stores the model in zg storage for
//       the user (paid from the escrow), alice's node encodes it, and the provider is paid once it is delivered;
//   (d) the model downloads from another node byte-identical to the attested root, is exactly what training the
//       same dataset by hand gives (`zg-compute-worker train`: re-execution is bit-exact), and classifies unseen
//       digits; the user's ledger paid the price and the storage fee, nothing more.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe } from 'node:test';
import { u8aToHex } from '@polkadot/util';

import { ZG, signAndWaitFinalized } from './lib/chain.mjs';
import { ComputeWorker, KIND, computeCli, workerTool } from './lib/compute.mjs';
import { TestEnv, chainedSteps, freePort, secs } from './lib/node.mjs';
import {
  StorageNetwork, cliDownload, cliUpload, fileInfo, peerIdBytes, resilientStake, storageConstants,
} from './lib/storage.mjs';

const log = (line) => console.log(`[e2e] training: ${line}`);
const PROVIDERS = ['alice', 'bob', 'charlie', 'dave', 'eve', 'ferdie'];
/** The compute provider account (an endowed dev account that is no storage provider here). */
const COMPUTE_PROVIDER = '//Eve//stash';
/** The user: an endowed dev account with no other role here, so its balance moves only by the job. */
const USER = '//Ferdie//stash';
const SAMPLES = 1_000;

describe('training job: dataset from zg storage, model stored back', { timeout: secs(1800) }, () => {
  const env = new TestEnv('training');
  let worker;
  let net;
  let api;
  let provider;
  let user;
  const dir = path.join(env.root, 'files');
  const dataset = { file: path.join(dir, 'digits.bin') };
  let job;

  const step = chainedSteps({ env, log, onFailure: () => {
    if (worker) console.error(`----- ${worker.name}\n${worker.logTail()}`);
  } });

  before(async () => {
    fs.mkdirSync(dir, { recursive: true });
    worker = new ComputeWorker({ name: 'worker', dir: path.join(env.root, 'worker'), seed: '//TrainingWorker' });
    // The worker's address goes to alice's arguments; the worker gets alice's RPC once alice is up.
    worker.port = await freePort();
    net = new StorageNetwork(env, {
      names: PROVIDERS,
      nodeArgs: { alice: ['--compute-provider', '--compute-worker', worker.url] },
      log,
    });
    await net.start();
    worker.nodeRpc = net.httpUrl('alice');
    await worker.start();
    api = net.api;
    provider = net.keyring.addFromUri(COMPUTE_PROVIDER);
    user = net.keyring.addFromUri(USER);
  });

  after(async () => {
    await worker?.stop().catch(() => {});
    await api?.disconnect().catch(() => {});
    await env.cleanup();
  });

  step('(a) six storage providers; a compute provider on alice\'s node offers train-digits', secs(600), async () => {
    const c = storageConstants(api);
    await net.registerProviders({ stake: resilientStake(c, c.maxMisses) });
    const alice = net.nodes.alice;
    await alice.rpc('author_insertKey', ['zgcp', COMPUTE_PROVIDER, u8aToHex(provider.publicKey)]);
    await signAndWaitFinalized(api, api.tx.utility.batchAll([
      api.tx.compute.registerProvider(2_000n * ZG, u8aToHex(peerIdBytes(net.peerIds.alice)), worker.attestationKey),
      api.tx.compute.setOffer(KIND.TRAIN_DIGITS, { Cpu: { cores: 2 } }, ZG / 2n, 2),
    ]), provider, { label: 'compute provider: register and offer train-digits' });
    const kinds = await alice.rpc('zgCompute_kinds', []);
    const train = kinds.find((k) => k.name === 'train-digits');
    assert.ok(train?.storedInput && train.storedOutput, 'train-digits reads a stored dataset and stores its model');
  });

  step('(b) the dataset is generated and stored', secs(600), async () => {
    await workerTool(['dataset', '--samples', String(SAMPLES), '--seed', '5', '--out', dataset.file]);
    dataset.size = fs.statSync(dataset.file).size;
    assert.equal(dataset.size, SAMPLES * 65);
    const started = Date.now();
    const { root } = await cliUpload({ file: dataset.file, rpcUrl: net.httpUrl('alice'), suri: USER, periods: 50,
      wait: 'stored', timeoutMs: secs(500), logPath: path.join(env.root, 'cli-upload.log') });
    dataset.root = root;
    log(`dataset ${root} (${dataset.size} bytes) stored in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  step('(c) a training job: trained, model stored for the user, provider paid once delivered', secs(900), async () => {
    const providerBefore = (await api.query.system.account(provider.address)).data.free.toBigInt();
    const userBefore = (await api.query.system.account(user.address)).data;
    const started = Date.now();
    const result = await computeCli(['submit', '--rpc', net.httpUrl('alice'), '--suri', USER, '--kind', 'train-digits',
      '--stored', dataset.root, '--max-price', '2', '--deadline', '120', '--timeout', '800'],
    { logPath: path.join(env.root, 'cli-train.log') });
    job = JSON.parse(result.stdout);
    log(`training job ${job.id}: ${job.status}, model ${JSON.stringify(job.outputFile)}, in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    assert.equal(job.status, 'done');
    assert.equal(job.provider, provider.address);
    assert.ok(job.outputFile, 'the output is a stored file');
    const info = await fileInfo(net.nodes.alice, job.outputFile.root);
    assert.ok(info, 'the chain stores the model');
    assert.equal(info.owner, user.address, 'the model belongs to the user');
    assert.equal(info.size, job.outputFile.size);
    assert.ok(['encoded', 'stored'].includes(info.state), `delivered (${info.state})`);
    const providerAfter = (await api.query.system.account(provider.address)).data.free.toBigInt();
    assert.ok(providerAfter >= providerBefore + ZG / 2n - ZG / 100n, 'the provider was paid the price');
    // The user paid the price and the model's storage fee from the ledger (the CLI deposited the maximum price,
    // 2 ZG); nothing is left locked.
    const ledger = (await api.query.compute.ledgers(user.address)).unwrap();
    assert.equal(ledger.locked.toBigInt(), 0n);
    assert.equal(ledger.free.toBigInt(), 2n * ZG - ZG / 2n - BigInt(info.fee), 'ledger: deposit − price − storage fee');
    const spent = userBefore.free.toBigInt() + userBefore.reserved.toBigInt()
      - (await api.query.system.account(user.address)).data.free.toBigInt()
      - (await api.query.system.account(user.address)).data.reserved.toBigInt();
    const fee = BigInt(info.fee);
    log(`user paid ${Number(spent) / 1e18} ZG: price 0.5 ZG + model storage ${Number(fee) / 1e18} ZG + transaction fees`);
    assert.ok(spent >= ZG / 2n + fee && spent < ZG / 2n + fee + ZG / 10n, `spent ${spent}`);
  });

  step('(d) the model downloads byte-identical, matches training by hand, and classifies', secs(600), async () => {
    const downloaded = path.join(dir, 'model.bin');
    await cliDownload({ root: job.outputFile.root, out: downloaded, rpcUrl: net.httpUrl('dave'), timeoutMs: secs(300) });
    const attested = JSON.parse(await workerTool(['evaluate', '--model', downloaded]));
    assert.equal(attested.root, job.outputFile.root);
    assert.equal(attested.size, job.outputFile.size);
    const local = JSON.parse(await workerTool(['train', '--dataset', dataset.file, '--out', path.join(dir, 'local.bin')]));
    assert.equal(local.root, job.outputFile.root, 're-executed training gives the same model, bit for bit');
    log(`model ${attested.root}: ${attested.size} bytes, ${attested.accuracyPermille} ‰ right on unseen digits`);
    assert.ok(attested.accuracyPermille >= 900, `accuracy ${attested.accuracyPermille} ‰`);
  });
});
