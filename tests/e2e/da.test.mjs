// Data availability end to end, on the four `--chain local` validators, each a DA signer node (`--da-signer`)
// with one `zgda` key, and a full node ("reader") that is no signer and never had any blob:
//   (a) four signers register (stake, peer id); an epoch's committee of 128 slots is drawn among them by stake;
//   (b) a random blob (32 MiB; ZG_E2E_DA_MIB to change) is submitted with `zg-node da submit` through alice: it
//       is uploaded, encoded into 128 KZG-proven columns (alice is the disperser), `da.submitBlob` is signed, the
//       signers' off-chain workers fetch their slots' columns over p2p, check every cell and attest, and the blob
//       reaches a certificate (at least 2/3 of the slots) before its deadline;
//   (c) the blob is rebuilt byte-identical with `zg-node da get` through the reader, which fetches the columns
//       from the committee over p2p (checking every cell) because it never had any;
//   (d) light sampling through the reader: 16 random columns give ≥ 99 % confidence, 30 give ≥ 1 − 10⁻⁹; the
//       commitments are read with a storage proof against the finalized state root;
//   (e) a forged cell is rejected: through a proxy that flips one byte of every sampled cell, the sampler
//       refuses to claim availability and names the forged cell;
//   (f) the OP Stack Alt-DA server (`zg-node da serve-alt-da`, in front of bob) round-trips a batch: `POST /put`
//       answers a generic commitment (0x01, zg's layer byte 0x7a) once the batch is certified, `GET /get/0x…`
//       returns the same bytes; unknown and malformed commitments get 404 and 400; `zgDa_subscribeStatus`,
//       subscribed before the batch existed, reports it from `null` to `certified`;
//   (g) dave (a signer) is killed: the blob is still rebuilt byte-identical and sampled at ≥ 99 % through a
//       second full node that never had it;
//   (h) charlie's node loses its columns (its DA store is deleted and it restarts): its next custody challenge
//       goes unanswered and it is slashed; the others' challenges are answered;
//   (i) bad input: the RPC refuses it with clear errors and the nodes keep running;
//   (j) alice (the disperser, `--da-prune-grace 60`) prunes the columns of a dispersal that was never submitted
//       (made at the end of (b), so that its grace runs out during (c)–(i)) once its grace is over, not before,
//       and keeps those of the certified blob. (Columns of an expired blob go at once: the pruner's unit tests; the
//       chain's retention is 10 minutes even in the fast runtime.)

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe } from 'node:test';
import { WsProvider } from '@polkadot/api';

import { ZG, expectRpcError } from './lib/chain.mjs';
import { DA_SIGNERS, DaNetwork, sampledConfidence } from './lib/da.mjs';
import { ManagedProcess, NODE_BIN, TestEnv, chainedSteps, freePort, secs, waitUntil } from './lib/node.mjs';
import { findDirs, merkleRoot, sha256, sha256File, writeRandomFile } from './lib/storage.mjs';

const log = (line) => console.log(`[e2e] da: ${line}`);
/**
 * alice's grace for columns of blobs the chain has no record of: a dispersal must be included within it, or its
 * columns go before the signers fetch them and the blob is never certified. The CLI submits at once and a block or
 * two includes it. With 20 s, (b) failed once in CI (another test file beside this one on 2 cores) after 221 s,
 * about the attest window past a slow dispersal, which is what a dispersal included after the grace would do (the
 * error line itself was cut from the report; `runCli` now leads with it). The pruner runs every quarter of the grace, so (j) waits 1 to 1.25 graces.
 */
const PRUNE_GRACE_SECS = 60;
const BLOB_BYTES = Math.round(Number(process.env.ZG_E2E_DA_MIB || 32) * 1024 * 1024);

describe('data availability: dispersal, certificates, retrieval, sampling, custody', { timeout: secs(2400) }, () => {
  const env = new TestEnv('da');
  const dir = path.join(env.root, 'blobs');
  const net = new DaNetwork(env, {
    readers: ['reader', 'george'],
    nodeArgs: { alice: ['--da-prune-grace', String(PRUNE_GRACE_SECS)] },
    log,
    cliLog: path.join(dir, 'cli.log'),
  });
  const { nodes, pairs } = net;
  const blob = {};
  /** The dispersal (j) expects pruned: when it was asked for, and its size. */
  const unsubmitted = {};
  /** alice's prune reports so far: when each was logged (ms; the log has whole seconds) and what it dropped. */
  const prunes = () => [...fs.readFileSync(nodes.alice.logPath, 'utf8')
    .matchAll(/^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)\S* .*pruned the columns of (\d+) blobs the chain no longer keeps \((\d+) bytes\)/gm)]
    .map((m) => ({ at: new Date(m[1]).getTime(), blobs: Number(m[2]), bytes: Number(m[3]) }));
  let api;
  let proxy;
  let altDa;

  const step = chainedSteps({ env, log });
  const httpUrl = (name) => net.httpUrl(name);
  const daCli = (args, timeoutMs) => net.cli(args, timeoutMs);
  const nameOf = (ss58) => net.nameOf(ss58);

  before(async () => {
    fs.mkdirSync(dir, { recursive: true });
    await net.start();
    api = net.api;
  });

  after(async () => {
    proxy?.close();
    await altDa?.stop().catch(() => {});
    await net.stop();
    await env.cleanup();
  });

  step('(a) four signers register; a committee is drawn among them', secs(600), async () => {
    const committee = await net.registerSigners();
    const slots = Object.fromEntries(DA_SIGNERS.map((n) => [n, committee.slots.filter((s) => s === pairs[n].address).length]));
    log(`committee of epoch ${committee.epoch}: ${JSON.stringify(slots)} slots of ${committee.slots.length}`);
    assert.equal(committee.slots.length, 128);
    assert.ok(committee.slots.every((s) => DA_SIGNERS.some((n) => pairs[n].address === s)), 'only registered signers hold slots');
  });

  step(`(b) a ${(BLOB_BYTES / 1048576).toFixed(0)} MiB blob is dispersed and certified`, secs(900), async () => {
    blob.file = path.join(dir, 'blob.bin');
    writeRandomFile(blob.file, BLOB_BYTES);
    blob.sha256 = await sha256File(blob.file);
    const started = Date.now();
    const result = await daCli(['submit', blob.file, '--rpc', httpUrl('alice'), '--suri', '//Alice', '--timeout', '600']);
    blob.id = Number(result.lastLine);
    assert.ok(Number.isInteger(blob.id), `the blob id is the last line of stdout: ${JSON.stringify(result.lastLine)}`);
    // The CLI saw the certificate through alice; bob, another node, may import the block a little later.
    let status;
    await waitUntil(async () => {
      status = await nodes.bob.rpc('zgDa_status', [blob.id]);
      return status?.status === 'certified';
    }, { timeoutMs: secs(60), what: `bob to see blob ${blob.id} certified`, describe: () => JSON.stringify(status) });
    log(`blob ${blob.id}: ${status.status} with ${status.attestedSlots}/${status.slots} slots, `
      + `${((Date.now() - started) / 1000).toFixed(1)} s from upload to certificate; CLI: ${result.stderr.trim().split('\n').slice(-3).join(' | ')}`);
    assert.equal(status.status, 'certified');
    assert.ok(3 * status.attestedSlots >= 2 * status.slots, 'a certificate needs two thirds of the slots');
    assert.equal(status.size, BLOB_BYTES);
    assert.equal(status.disperser, nodes.alice.peerId);

    // A dispersal that is never submitted, for (j): its grace runs out while (c)–(i) run.
    const data = crypto.randomBytes(200 * 1024);
    const root = merkleRoot(data);
    const upload = await nodes.alice.rpc('zgStorage_uploadBegin', [data.length]);
    await nodes.alice.rpc('zgStorage_uploadChunk', [upload, 0, `0x${data.toString('hex')}`]);
    await nodes.alice.rpc('zgStorage_uploadFinish', [upload, root]);
    assert.equal(prunes().length, 0, `nothing of alice's was pruned before: ${JSON.stringify(prunes())}`);
    // The columns exist from some moment during the call (it encodes and stores them before it answers, which took
    // over 5 s on a busy machine), so the grace counts from the call, not from its answer.
    // A debug node took longer than the RPC helper's default 30 s here while other tests' nodes shared the cores.
    unsubmitted.asked = Date.now();
    await nodes.alice.rpc('zgDa_disperse', [root], { timeoutMs: secs(180) });
    unsubmitted.bytes = data.length;
  });

  step('(c) the reader, which never had it, rebuilds it byte-identical from the committee', secs(900), async () => {
    const out = path.join(dir, 'get-reader.bin');
    const started = Date.now();
    await daCli(['get', String(blob.id), '--out', out, '--rpc', httpUrl('reader')]);
    const ms = Date.now() - started;
    assert.equal(await sha256File(out), blob.sha256, 'byte-identical');
    log(`rebuilt through the reader in ${(ms / 1000).toFixed(1)} s (${(BLOB_BYTES / 1e6 / (ms / 1000)).toFixed(1)} MB/s)`);
  });

  step('(d) sampling through the reader: 16 columns ≥ 99 %, 30 columns ≥ 1 − 10⁻⁹', secs(600), async () => {
    for (const [samples, floor] of [[16, 0.99], [30, 1 - 1e-9]]) {
      const result = await daCli(['sample', String(blob.id), '--samples', String(samples), '--rpc', httpUrl('reader')]);
      const confidence = sampledConfidence(result.stdout);
      log(result.stdout.trim());
      assert.ok(confidence >= floor, `${samples} samples: confidence ${confidence} < ${floor}`);
    }
  });

  step('(e) a forged cell is rejected by the sampler', secs(300), async () => {
    const target = httpUrl('reader');
    const port = await freePort();
    proxy = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', async () => {
        try {
          const answer = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
          const json = await answer.json();
          const request = JSON.parse(body);
          if (request.method === 'zgDa_sample' && Array.isArray(json.result) && json.result.length) {
            // Flip one byte of the last cell: everything else is what an honest node sent.
            const last = json.result[json.result.length - 1];
            const byte = parseInt(last.cell.slice(2 + 200, 2 + 202), 16) ^ 0x01;
            last.cell = last.cell.slice(0, 2 + 200) + byte.toString(16).padStart(2, '0') + last.cell.slice(2 + 202);
          }
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(json));
        } catch (e) {
          res.writeHead(502);
          res.end(String(e));
        }
      });
    });
    await new Promise((resolve) => proxy.listen(port, '127.0.0.1', resolve));
    await assert.rejects(
      daCli(['sample', String(blob.id), '--samples', '4', '--rpc', `http://127.0.0.1:${port}`]),
      (e) => {
        assert.match(e.message, /forged cell/);
        assert.match(e.message, /not shown available/);
        return true;
      },
    );
    log('the sampler refused the forged cells and claimed no availability');
  });

  step('(f) the Alt-DA server round-trips a batch', secs(900), async () => {
    const port = await freePort();
    altDa = new ManagedProcess({ name: 'alt-da', dir: path.join(env.root, 'alt-da') });
    altDa.spawnLogged(NODE_BIN, ['da', 'serve-alt-da', '--listen', `127.0.0.1:${port}`, '--rpc', httpUrl('bob'), '--suri', '//Bob', '--namespace', '10']);
    const url = `http://127.0.0.1:${port}`;
    await altDa.waitUntilAnswering(secs(60), port, async () => {
      const r = await fetch(`${url}/health`);
      if (!r.ok) throw new Error(`health ${r.status}`);
    });
    // The batch becomes the next blob: its status is followed from before it exists until its certificate.
    const nextId = blob.id + 1;
    const provider = new WsProvider(nodes.bob.rpcUrl);
    await provider.isReady;
    const statuses = [];
    const subscription = await provider.subscribe('zgDa_blobStatus', 'zgDa_subscribeStatus', [nextId], (error, status) => {
      statuses.push(error ? `error ${error.message}` : (status?.status ?? null));
    });
    // The subscription is closed whatever happens (an open one keeps the test process alive until its timeout).
    let batch;
    let commitment;
    try {
      batch = crypto.randomBytes(300 * 1024);
      const started = Date.now();
      const put = await fetch(`${url}/put`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: batch });
      commitment = Buffer.from(await put.arrayBuffer());
      assert.equal(put.status, 200, `PUT: ${commitment.toString()}`);
      log(`Alt-DA put of ${batch.length} bytes: commitment 0x${commitment.toString('hex')} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
      assert.equal(commitment.length, 43);
      assert.deepEqual([...commitment.subarray(0, 3)], [0x01, 0x7a, 0x00], 'a generic commitment of zg DA, version 0');
      const id = Number(commitment.readBigUInt64BE(3));
      assert.equal(id, nextId);
      // The server answered once bob's best block had the certificate; alice sees it when she imports that block.
      await waitUntil(async () => (await nodes.alice.rpc('zgDa_status', [id]))?.status === 'certified',
        { timeoutMs: secs(60), what: `alice to see blob ${id} certified` });
      await waitUntil(async () => statuses.includes('certified'), { timeoutMs: secs(60), what: 'the subscription to report the certificate', describe: () => JSON.stringify(statuses) });
      log(`zgDa_subscribeStatus(${nextId}) reported ${JSON.stringify(statuses)}`);
      assert.equal(statuses[0], null, 'not submitted yet when subscribed');
      assert.equal(statuses[statuses.length - 1], 'certified');
    } finally {
      await provider.unsubscribe('zgDa_blobStatus', 'zgDa_unsubscribeStatus', subscription).catch(() => {});
      await provider.disconnect().catch(() => {});
    }
    const get = await fetch(`${url}/get/0x${commitment.toString('hex')}`);
    assert.equal(get.status, 200);
    assert.equal(sha256(Buffer.from(await get.arrayBuffer())), sha256(batch), 'GET returns the batch');
    const unknown = Buffer.from(commitment);
    unknown.writeBigUInt64BE(999_999n, 3);
    assert.equal((await fetch(`${url}/get/0x${unknown.toString('hex')}`)).status, 404, 'an unknown blob');
    const otherRoot = Buffer.from(commitment);
    otherRoot[42] ^= 1;
    assert.equal((await fetch(`${url}/get/0x${otherRoot.toString('hex')}`)).status, 404, 'another data root');
    assert.equal((await fetch(`${url}/get/0x00${commitment.toString('hex').slice(2)}`)).status, 400, 'a keccak commitment');
    assert.equal((await fetch(`${url}/get/nothex`)).status, 400);
    assert.equal((await fetch(`${url}/put`, { method: 'POST', body: '' })).status, 400, 'an empty batch');
    assert.equal((await fetch(`${url}/put`)).status, 405);
  });

  step('(g) with dave killed, a node that never had the blob still rebuilds and samples it', secs(900), async () => {
    await nodes.dave.stop();
    const out = path.join(dir, 'get-george.bin');
    await daCli(['get', String(blob.id), '--out', out, '--rpc', httpUrl('george')]);
    assert.equal(await sha256File(out), blob.sha256, 'byte-identical');
    const result = await daCli(['sample', String(blob.id), '--samples', '16', '--rpc', httpUrl('george')]);
    const confidence = sampledConfidence(result.stdout);
    assert.ok(confidence >= 0.99, `confidence ${confidence}`);
    log(`dave down: rebuilt byte-identical and sampled through george (${result.stdout.trim()})`);
  });

  step('(h) charlie deletes its columns and is slashed at its next custody challenge', secs(900), async () => {
    const charlie = nodes.charlie;
    await charlie.stop();
    const stores = findDirs(charlie.basePath, 'zg-da');
    assert.equal(stores.length, 1, `charlie's DA store: ${stores.join(', ')}`);
    fs.rmSync(stores[0], { recursive: true, force: true });
    // Its worker would fetch the lost columns again (repair); --da-forget keeps it from keeping any.
    const args = charlie.args;
    charlie.args = [...args, '--da-forget'];
    await charlie.start();
    charlie.args = args;
    await net.insertKey('charlie');
    const stakeOf = async (name) => (await api.query.da.signers(pairs[name].address)).unwrap().stake.toBigInt();
    const before = await stakeOf('charlie');
    const seen = { answered: new Set(), missed: [], misses: [] };
    const unsub = await api.query.system.events((records) => {
      for (const { event } of records) {
        if (event.section !== 'da') continue;
        const signer = nameOf(event.data.signer?.toHuman?.() ?? '');
        if (event.method === 'ChallengeAnswered') seen.answered.add(signer);
        if (event.method === 'ChallengeMissed') {
          seen.missed.push(signer);
          seen.misses.push({ signer, blob: event.data.blob.toString() });
        }
      }
    });
    try {
      await waitUntil(async () => seen.missed.includes('charlie'), {
        timeoutMs: secs(600), what: 'charlie to miss a custody challenge', describe: () => JSON.stringify({ answered: [...seen.answered], missed: seen.missed }),
      });
    } finally {
      unsub();
    }
    const afterStake = await stakeOf('charlie');
    log(`charlie slashed ${(before - afterStake) / ZG} ZG; answered by ${[...seen.answered].join(', ')}; missed by ${seen.missed.join(', ')}`);
    assert.ok(afterStake < before, 'a missed challenge slashes');
    assert.ok(seen.answered.has('alice') || seen.answered.has('bob'), 'the honest signers answer theirs');
    // A miss by an honest signer: what its worker logged about its challenges says why.
    const workerLines = (name) => fs.readFileSync(nodes[name].logPath, 'utf8').split('\n')
      .filter((l) => /is challenged for cell|answers its challenge|worker: /.test(l)).slice(-20).join('\n');
    const honestMisses = seen.misses.filter((m) => m.signer === 'alice' || m.signer === 'bob');
    assert.ok(honestMisses.length === 0, `the honest signers miss none: ${JSON.stringify(honestMisses)}\n`
      + honestMisses.map((m) => `${m.signer}'s worker:\n${workerLines(m.signer)}`).join('\n'));
  });

  step('(i) bad input gets clear errors; the nodes keep running', secs(300), async () => {
    const reader = nodes.reader;
    const refused = async (method, params, pattern) => {
      const e = await expectRpcError(reader.rpc(method, params), `${method} ${JSON.stringify(params).slice(0, 60)}`);
      assert.match(e.message, pattern);
    };
    await refused('zgDa_sample', [blob.id, [[0, 200]]], /no cell \(0, 200\)/);
    await refused('zgDa_sample', [blob.id, Array.from({ length: 513 }, () => [0, 0])], /at most 512 cells/);
    await refused('zgDa_sample', [blob.id, Array.from({ length: 17 }, (_, i) => [0, i])], /at most 16 distinct columns/);
    await refused('zgDa_sample', [999_999, [[0, 0]]], /no blob 999999/);
    await refused('zgDa_disperse', ['0x' + '11'.repeat(32)], /no finished upload/);
    await refused('zgDa_fee', [0], /not a blob size/);
    assert.ok((await reader.rpc('system_health')).peers >= 1, 'the reader still runs');
    assert.ok((await nodes.alice.rpc('zgDa_status', [blob.id])).status === 'certified');
  });

  step('(j) the disperser prunes the columns of a dispersal never submitted, and keeps the certified blob\'s', secs(300), async () => {
    assert.ok(unsubmitted.asked, 'the dispersal of (b) was made');
    await waitUntil(async () => prunes().length > 0, {
      timeoutMs: secs(180), what: 'alice to prune the dispersal that was never submitted', describe: () => nodes.alice.logTail(5),
    });
    const [pruned, ...more] = prunes();
    const waited = (pruned.at - unsubmitted.asked) / 1000;
    log(`alice pruned ${pruned.blobs} dispersal (${pruned.bytes} bytes) ${waited.toFixed(0)} s after it was asked for (grace ${PRUNE_GRACE_SECS} s)`);
    assert.deepEqual(more, [], 'one prune only');
    assert.equal(pruned.blobs, 1, 'only the dispersal that was never submitted');
    assert.ok(pruned.bytes > unsubmitted.bytes && pruned.bytes < BLOB_BYTES, `the dispersal's 128 columns, not the certified blob's: ${pruned.bytes} bytes`);
    // The log's time is whole seconds, cut: up to a second before the prune.
    assert.ok(waited >= PRUNE_GRACE_SECS - 2, `not before its grace: ${waited.toFixed(1)} s`);
    const result = await daCli(['sample', String(blob.id), '--samples', '16', '--rpc', httpUrl('alice')]);
    assert.ok(sampledConfidence(result.stdout) >= 0.99);
  });
});
