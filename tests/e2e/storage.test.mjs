// The storage network end to end, on seven `--chain local` nodes that are all storage providers (the four genesis
// validators alice … dave and the full nodes eve, ferdie and george):
//   (a) every node's `//<Name>` key is inserted as a `zgst` key and registered as a provider with its peer id;
//   (b) a 10 MiB random file is uploaded with `zg-node storage upload` through alice (the encoder) and stored:
//       six shards (4 data + 2 parity), each acknowledged by a different provider;
//   (c) a full node that is no provider (it never had the file or a shard) downloads it with
//       `zg-node storage download`: byte-identical;
//   (d) honest challenge rounds: every shard holder's proofs are accepted in two rounds, and paid; nobody slashed;
//   (e) two shard-holding full nodes are killed; the file still downloads, byte-identical, through a node that
//       has to rebuild it from the four shards left;
//   (f) one of the two comes back with its blob store deleted: both are slashed for missed challenges, after
//       MaxMisses their shards are reassigned, the new holders rebuild and acknowledge them, the file is fully
//       redundant again on running nodes, and it downloads once more byte-identical;
//   (g) a shard-holding full node restarted with `--storage-withhold` keeps proving its challenges but serves
//       nobody: an honest holder answers a retrieval challenge on chain (the sector is in the event, the deposit
//       pays it), the withholder leaves one unanswered — it is slashed, the challenger compensated, its shard moved,
//       rebuilt and acknowledged by another provider, and the file downloads byte-identical;
//   (h) encoding by a party the owner did not choose is refused: the pool rejects bob's confirmEncoding of a file
//       whose owner named alice, and the chain's record is untouched;
//   (i) the owner deletes the file: every node drops its shards (whole copies stay for the grace period).
// After (d), every node holds exactly the shards assigned to it: the encoder drops the others once acknowledged.
// Validators are never killed: GRANDPA needs three of the four.
//
// Which two are killed is chosen so that repair converges with seven providers: missed challenges are handled
// in the order of the `Challenges` map (blake2_128 of the account), so the one handled first ("first") is the
// one restarted. Its shard goes to the only provider holding none; the other's shard then goes to "first",
// which is running again (it stays a candidate: stakes are twice MinProviderStake, so two slashes leave enough).
// Should a shard still land on the node that stays down, that node is restarted so it can rebuild it (logged).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe } from 'node:test';

import {
  DEFAULT_CAPACITY, EventLog, SEGMENT_SIZE, STORAGE_FULL_NODES, STORAGE_READER, StorageNetwork, accountHex, cliDownload, cliUpload, fileInfo,
  isEvent, mapOrderKey, mbPerSec, merkleRoot, resilientStake, sha256, sha256File, storageConstants,
  summarizeFileInfo, waitForFileInfo, writeRandomFile,
} from './lib/storage.mjs';
import { ZG, signAndWaitFinalized } from './lib/chain.mjs';
import { TestEnv, chainedSteps, freePort, secs, waitUntil } from './lib/node.mjs';

const FILE_BYTES = Math.round(Number(process.env.ZG_E2E_STORAGE_MIB || 10) * 1024 * 1024);
const PERIODS = 50;
/** The reader's and alice's storage HTTP endpoints (`--storage-http`). */
const READER_HTTP_PORT = await freePort();
const ALICE_HTTP_PORT = await freePort();

const log = (line) => console.log(`[e2e] storage: ${line}`);
const seconds = (ms) => (ms / 1000).toFixed(1);

describe('storage network: upload, download, challenges, loss and repair', { timeout: secs(3600) }, () => {
  const env = new TestEnv('storage');
  const net = new StorageNetwork(env, {
    readers: [STORAGE_READER],
    nodeArgs: {
      [STORAGE_READER]: ['--storage-http', `127.0.0.1:${READER_HTTP_PORT}`],
      alice: ['--storage-http', `127.0.0.1:${ALICE_HTTP_PORT}`],
    },
    log,
  });
  let events;
  let c;
  let stake;
  const file = {};
  const dir = path.join(env.root, 'files');
  const t0 = Date.now();
  const elapsed = () => `t+${seconds(Date.now() - t0)} s`;

  // Each step needs the ones before it: once one fails, the rest are skipped instead of failing in its wake.
  const step = chainedSteps({
    env,
    log,
    onFailure: () => {
      if (events) console.error(`[e2e] storage events so far:\n  ${events.records.map((r) => events.format(r)).join('\n  ')}`);
    },
  });

  /** Timeouts in challenge rounds (plus slack), scaled like every other timeout; only once `c` is known. */
  const rounds = (n, slackS = 60) => secs((n * c.roundMs) / 1000 + slackS);
  const who = (account) => net.label(accountHex(account));
  const peerName = (peerId) => net.nameOfPeer(peerId) ?? peerId;

  async function downloadAndCompare(from, what) {
    const out = path.join(dir, `download-${Object.keys(file.downloads ?? {}).length + 1}-${from}.bin`);
    const before = await fileInfo(net.nodes[from], file.root);
    const { ms } = await cliDownload({
      root: file.root, out, rpcUrl: net.httpUrl(from), timeoutMs: secs(600), logPath: path.join(dir, 'cli.log'),
    });
    const size = fs.statSync(out).size;
    assert.equal(size, FILE_BYTES, `${what}: downloaded file size`);
    assert.equal(await sha256File(out), file.sha256, `${what}: the download from ${from} differs from the original`);
    log(`${what}: ${from} (held before: ${JSON.stringify(before.local)}) served ${FILE_BYTES} bytes in ${seconds(ms)} s `
      + `(${mbPerSec(FILE_BYTES, ms).toFixed(1)} MB/s, CLI run included); sha256 matches`);
    file.downloads = { ...(file.downloads ?? {}), [out]: from };
    fs.rmSync(out);
    return before;
  }

  before(env.guard(async () => {
    fs.mkdirSync(dir, { recursive: true });
    await net.start();
    c = storageConstants(net.api);
    stake = resilientStake(c, c.maxMisses);
    log(`constants: ${c.dataShards}+${c.parityShards} shards, ${c.challengePeriod}-block rounds of ${c.blockMs} ms blocks `
      + `(${seconds(c.roundMs)} s), response window ${c.responseWindow} blocks, MaxMisses ${c.maxMisses}, `
      + `slash ${(c.slashFraction * 100).toFixed(2)} %, MinProviderStake ${c.minProviderStake / ZG} ZG → stake ${stake / ZG} ZG`);
    events = await new EventLog(net.api, { label: (v) => net.label(v) }).start();
  }), { timeout: secs(900) });

  after(async () => {
    events?.stop();
    await env.cleanup();
  });

  step('(a) registers every node as a storage provider', secs(600), async () => {
    assert.equal(c.dataShards, 4, 'data shards');
    assert.equal(c.parityShards, 2, 'parity shards');
    assert.ok(net.names.length > c.dataShards + c.parityShards, 'one provider more than shards, for repair');
    const from = events.mark();
    await net.registerProviders({ capacity: DEFAULT_CAPACITY, stake });
    for (const n of net.names) {
      await events.waitFor(isEvent('ProviderRegistered', { provider: net.accountOf(n) }), {
        from, timeoutMs: secs(60), what: `ProviderRegistered for ${n}`,
      });
    }
    const count = (await net.api.query.storage.providers.entries()).length;
    assert.equal(count, net.names.length, 'registered providers');
  });

  step('(b) uploads a 10 MiB file through alice and stores it on six providers', secs(900), async () => {
    const src = path.join(dir, 'original.bin');
    writeRandomFile(src, FILE_BYTES);
    file.src = src;
    file.sha256 = await sha256File(src);
    const expectedRoot = merkleRoot(fs.readFileSync(src));
    const from = events.mark();

    // Streamed to alice's storage HTTP endpoint (`--http`); the JSON-RPC upload is the CLI's in training.test.mjs.
    const upload = await cliUpload({
      file: src, rpcUrl: net.httpUrl('alice'), httpUrl: `http://127.0.0.1:${ALICE_HTTP_PORT}`, suri: '//Alice',
      periods: PERIODS, wait: 'stored', timeoutMs: secs(900), logPath: path.join(dir, 'cli.log'),
    });
    file.root = upload.root;
    log(`uploaded ${FILE_BYTES} bytes, root ${file.root}, stored after ${seconds(upload.ms)} s (CLI run, --http, --wait stored)`);
    assert.equal(file.root, expectedRoot, 'the CLI\'s file root is not the Merkle root of the file\'s 256-byte sectors');

    const info = await fileInfo(net.nodes.alice, file.root);
    assert.ok(info, 'zgStorage_fileInfo returned null for the uploaded root');
    log(`fileInfo: ${summarizeFileInfo(info, peerName)}`);
    assert.equal(info.root.toLowerCase(), file.root);
    assert.equal(info.state, 'stored');
    assert.equal(info.size, FILE_BYTES);
    assert.equal(info.dataShards, 4);
    assert.equal(info.parityShards, 2);
    assert.equal(info.shards.length, 6);
    assert.deepEqual(info.shards.map((s) => s.index), [0, 1, 2, 3, 4, 5]);
    for (const s of info.shards) {
      assert.equal(s.acknowledged, true, `shard ${s.index} not acknowledged`);
      assert.match(s.root ?? '', /^0x[0-9a-fA-F]{64}$/, `shard ${s.index} has no root`);
    }
    const holders = net.holders(info);
    assert.equal(new Set(holders).size, 6, `shards are not on six distinct providers: ${holders.join(', ')}`);
    assert.equal(accountHex(info.owner), net.accountOf('alice'), 'owner');
    assert.equal(accountHex(info.encoder), net.accountOf('alice'), 'encoder (the node uploaded to)');
    assert.equal(info.endRound - info.startRound, PERIODS, 'rounds paid for');
    assert.ok(BigInt(info.fee) > 0n, 'fee');
    assert.equal(info.local.file, true, 'alice, which received the upload, holds the whole file');
    file.info = info;
    file.holders = holders;
    file.fee = BigInt(info.fee);

    // The same story in finalized events, in order.
    const stored = await events.waitFor(isEvent('FileStored', { root: file.root }), { from, timeoutMs: secs(120), what: 'FileStored' });
    const submitted = events.find(isEvent('FileSubmitted', { root: file.root }), from);
    assert.ok(submitted, 'no FileSubmitted event');
    assert.equal(submitted.data.owner, net.accountOf('alice'));
    assert.equal(Number(submitted.data.size), FILE_BYTES);
    assert.deepEqual(submitted.data.providers.map((p) => net.nameOfAccount(p)), holders, 'FileSubmitted providers = fileInfo shards');
    const encoded = events.find(isEvent('FileEncoded', { root: file.root }), from);
    assert.ok(encoded && encoded.seq > submitted.seq, 'no FileEncoded event after FileSubmitted');
    assert.equal(encoded.data.encoder, net.accountOf('alice'));
    for (const s of info.shards) {
      const ack = events.find(isEvent('ShardAcknowledged', { root: file.root, shard: s.index, provider: accountHex(s.provider) }), from);
      assert.ok(ack && ack.seq > encoded.seq && ack.seq <= stored.seq, `no ShardAcknowledged for shard ${s.index} by ${holders[s.index]}`);
    }
    file.storedSeq = stored.seq;
    log(`events: FileSubmitted #${submitted.block}, FileEncoded #${encoded.block}, FileStored #${stored.block} `
      + `(${stored.block - submitted.block} blocks from submission to stored)`);
  });

  step('(c) downloads it byte-identical through a node that never had it', secs(900), async () => {
    const nonHolders = net.names.filter((n) => !file.holders.includes(n));
    assert.equal(nonHolders.length, 1, `expected exactly one provider without a shard, got ${nonHolders.join(', ')}`);
    const [spare] = nonHolders;
    file.spare = spare;
    log(`shard holders: ${file.holders.map((n, i) => `${i}:${n}`).join(' ')}; provider with no shard: ${spare}`);

    // The reader is no provider: it never held the file or any shard, so it must fetch k shards and rebuild.
    const reader = STORAGE_READER;
    // First over the reader's HTTP endpoint: streamed, each piece rebuilt from the chunks of four shards that
    // hold it (the whole file also checked against its root), and nothing kept.
    const original = fs.readFileSync(file.src);
    const url = `http://127.0.0.1:${READER_HTTP_PORT}/storage/v1/files/${file.root}`;
    const whole = await fetch(url);
    assert.equal(whole.status, 200, `GET ${url}`);
    assert.equal(Number(whole.headers.get('content-length')), FILE_BYTES);
    assert.equal(sha256(Buffer.from(await whole.arrayBuffer())), sha256(original), 'the whole file over HTTP');
    const ranged = await fetch(url, { headers: { Range: 'bytes=3000001-4000000' } });
    assert.equal(ranged.status, 206, 'a ranged GET');
    assert.equal(ranged.headers.get('content-range'), `bytes 3000001-4000000/${FILE_BYTES}`);
    assert.equal(sha256(Buffer.from(await ranged.arrayBuffer())), sha256(original.subarray(3_000_001, 4_000_001)), 'bytes 3000001..4000001 over HTTP');
    // The CLI over the same endpoint (`--http`): streamed into the output file, checked against the root there.
    const viaHttp = path.join(dir, 'download-http.bin');
    const cli = await cliDownload({
      root: file.root, out: viaHttp, rpcUrl: net.httpUrl(reader), httpUrl: `http://127.0.0.1:${READER_HTTP_PORT}`,
      timeoutMs: secs(600), logPath: path.join(dir, 'cli.log'),
    });
    assert.equal(await sha256File(viaHttp), sha256(original), 'the CLI\'s download over HTTP');
    assert.ok(!fs.existsSync(`${viaHttp}.part`), 'the checked download was moved into place');
    log(`(c) zg-node storage download --http from ${reader}: ${seconds(cli.ms)} s, sha256 matches`);
    fs.rmSync(viaHttp);
    // A root the chain does not know: refused before anything is written.
    const unknown = `0x${'ab'.repeat(32)}`;
    await assert.rejects(cliDownload({
      root: unknown, out: viaHttp, rpcUrl: net.httpUrl(reader), httpUrl: `http://127.0.0.1:${READER_HTTP_PORT}`,
      timeoutMs: secs(120), logPath: path.join(dir, 'cli.log'),
    }), /no file with root/);
    assert.ok(!fs.existsSync(viaHttp) && !fs.existsSync(`${viaHttp}.part`), 'nothing written for an unknown root');

    const before = await downloadAndCompare(reader, '(c) download through a node that never had the file');
    assert.deepEqual(before.local, { file: false, shards: [] }, `${reader} held part of the file before downloading it`);
    const afterwards = await fileInfo(net.nodes[reader], file.root);
    assert.equal(afterwards.local.file, true, `${reader} keeps the rebuilt file`);

    // Ranges through the RPC from the same node: one in the middle, one clamped at the end.
    const middle = await net.nodes[reader].rpc('zgStorage_download', [file.root, 3_000_001, 1_000_000]);
    assert.equal(sha256(Buffer.from(middle.slice(2), 'hex')), sha256(original.subarray(3_000_001, 4_000_001)), 'bytes 3000001..4000001');
    const end = await net.nodes[reader].rpc('zgStorage_download', [file.root, FILE_BYTES - 100, 1000]);
    assert.equal(end.slice(2), original.subarray(FILE_BYTES - 100).toString('hex'), 'a range past the end is clamped to the last 100 bytes');

    // A shard holder without the whole file rebuilds it too.
    const other = await net.downloaderWithoutFile(file.root, { exclude: [reader] });
    assert.ok(other, 'no running node without the whole file to download through');
    await downloadAndCompare(other, '(c) download through a shard holder without the file');
  });

  step('(d) accepts every holder\'s proofs over two challenge rounds and slashes nobody', secs(900), async () => {
    const holders = file.holders.map((n) => net.accountOf(n));
    const proven = () => Object.fromEntries(holders.map((h) => [h,
      new Set(events.filter(isEvent('ProofAccepted', { provider: h }), file.storedSeq + 1).map((r) => r.data.round))]));
    await waitUntil(() => Object.values(proven()).every((set) => set.size >= 2), {
      timeoutMs: rounds(5, 60),
      intervalMs: 1000,
      what: 'a ProofAccepted in two rounds for every shard holder',
      describe: () => Object.entries(proven()).map(([h, set]) => `${who(h)}: rounds [${[...set].join(', ')}]`).join('; '),
    });
    for (const [h, set] of Object.entries(proven())) log(`${who(h)}: proofs accepted in rounds ${[...set].join(', ')}`);

    const bad = events.filter((r) => r.method === 'ProviderSlashed' || r.method === 'ChallengeMissed' || r.method === 'RepairFailed');
    assert.deepEqual(bad.map((r) => events.format(r)), [], 'no provider may miss a challenge or be slashed while all are honest');

    // Every round opened after the file was stored challenges exactly its six holders (nobody else holds anything).
    const opened = events.filter((r) => r.method === 'ChallengeRoundOpened', file.storedSeq + 1);
    assert.ok(opened.length >= 2, 'fewer than two ChallengeRoundOpened after FileStored');
    for (const r of opened) assert.equal(Number(r.data.challenges), 6, `round ${r.data.round}: challenges issued`);

    // Each proof in a round the file is paid for earns one shard's share: fee / (n × periods).
    const share = file.fee / BigInt(6 * PERIODS);
    const accepted = events.filter((r) => r.method === 'ProofAccepted');
    for (const r of accepted) {
      const live = r.data.round >= file.info.startRound && r.data.round < file.info.endRound;
      assert.equal(BigInt(r.data.reward), live ? share : 0n, `reward of ${events.format(r)}`);
    }
    // The pool paid out exactly the rewards, as the file's record at a finalized block shows.
    const { lastBlock, lastHash } = events;
    const paid = accepted.filter((r) => r.block <= lastBlock).reduce((sum, r) => sum + BigInt(r.data.reward), 0n);
    const record = await (await net.api.at(lastHash)).query.storage.files(file.root);
    assert.equal(record.unwrap().paidOut.toBigInt(), paid, `paidOut at #${lastBlock} = the sum of ProofAccepted rewards`);
    log(`paid out ${paid} planck for ${accepted.length} accepted proofs (share ${share} per shard per round)`);

    // Every node now keeps only the shard assigned to it: alice, the encoder, made all six and dropped the others
    // once their holders had acknowledged them; nobody else ever held one. Whole copies of the file stay.
    const assigned = (n) => file.holders.flatMap((h, i) => (h === n ? [i] : []));
    const everyone = [...net.names, STORAGE_READER];
    const holdings = async () => Object.fromEntries(await Promise.all(everyone.map(async (n) =>
      [n, (await fileInfo(net.nodes[n], file.root)).local])));
    await waitUntil(async () => Object.entries(await holdings())
      .every(([n, local]) => JSON.stringify(local.shards) === JSON.stringify(assigned(n))), {
      timeoutMs: rounds(2), intervalMs: 2000, what: 'every node to hold exactly the shards assigned to it',
      describe: async () => JSON.stringify(await holdings()),
    });
    const held = await holdings();
    assert.equal(held.alice.file, true, 'alice keeps the whole file it was uploaded');
    const usage = await net.nodes.alice.rpc('zgStorage_usage', []);
    const shardBytes = (Math.ceil(FILE_BYTES / SEGMENT_SIZE) * SEGMENT_SIZE) / c.dataShards;
    assert.equal(usage.shards, assigned('alice').length, 'alice\'s shards in zgStorage_usage');
    assert.equal(usage.used, FILE_BYTES * usage.files + shardBytes * usage.shards, 'alice\'s bytes in zgStorage_usage');
    log(`every node holds only its own shard; alice: ${JSON.stringify(usage)}`);
  });

  step('(e) still downloads byte-identical with two shard holders killed', secs(900), async () => {
    const candidates = file.holders.filter((n) => STORAGE_FULL_NODES.includes(n));
    assert.ok(candidates.length >= 2, `need two shard-holding full nodes, have ${candidates.join(', ')}`);
    // The one whose missed challenges are handled first is restarted in (f), so it can take the other's shard.
    const order = (n) => mapOrderKey(net.accountOf(n));
    const [first, second] = candidates.sort((a, b) => (order(a) < order(b) ? -1 : 1));
    file.killed = { first, second };
    file.killedShards = { [first]: file.holders.indexOf(first), [second]: file.holders.indexOf(second) };
    file.stakesBefore = await net.stakes([first, second]);

    file.killSeq = events.mark();
    await Promise.all([net.nodes[first].kill(), net.nodes[second].kill()]);
    log(`killed ${first} (shard ${file.killedShards[first]}) and ${second} (shard ${file.killedShards[second]}) at ${elapsed()}`);

    const downloader = await net.downloaderWithoutFile(file.root);
    assert.ok(downloader, 'no running node without the whole file to download through');
    await downloadAndCompare(downloader, '(e) download with two holders down');
  });

  step('(f) slashes and repairs both, with one back on an empty blob store; fully redundant again', secs(1800), async () => {
    const { first, second } = file.killed;
    const root = file.root;
    const from = file.killSeq;

    // Delete first's blob store and start it again: it is online but holds nothing, so it cannot answer.
    await net.restart(first, { wipeBlobs: true });
    const restartBlock = (await net.api.rpc.chain.getHeader()).number.toNumber();
    const afterRestart = await fileInfo(net.nodes[first], root);
    assert.equal(afterRestart.local.file, false, `${first} holds the file after its blob store was deleted`);
    assert.ok(!afterRestart.local.shards.includes(file.killedShards[first]),
      `${first} still holds its shard ${file.killedShards[first]} after its blob store was deleted: ${JSON.stringify(afterRestart.local)}`);

    // A repair that finds no provider, or a proof from first for the shard whose data it lost, ends the test.
    const firstAccount = net.accountOf(first);
    const failIf = (r) => (r.method === 'RepairFailed' && r.data.root === root)
      || (r.method === 'ProofAccepted' && r.data.provider === firstAccount && r.block > restartBlock + 1
        && !events.find((m) => m.seq < r.seq && isEvent('ShardReassigned', { root, from: firstAccount })(m), from));
    const repairs = {};
    const repairOf = async (killed) => {
      const account = net.accountOf(killed);
      const slashed = await events.waitFor(isEvent('ProviderSlashed', { provider: account, reason: 'MissedChallenge' }), {
        from, timeoutMs: rounds(c.maxMisses + 3), failIf, what: `ProviderSlashed (MissedChallenge) for ${killed}`,
      });
      log(`${killed}: ${events.format(slashed)}`);
      const moved = await events.waitFor(isEvent('ShardReassigned', { root, from: account }), {
        from, timeoutMs: rounds(c.maxMisses + 4), failIf, what: `ShardReassigned of ${killed}'s shard`,
      });
      log(`${killed}: ${events.format(moved)}`);
      assert.equal(Number(moved.data.shard), file.killedShards[killed], `the shard moved away from ${killed}`);
      const misses = events.filter(isEvent('ChallengeMissed', { provider: account }), from);
      const trigger = misses.find((r) => r.block === moved.block && r.seq < moved.seq);
      assert.ok(trigger && Number(trigger.data.misses) >= c.maxMisses,
        `${killed}'s shard was moved without MaxMisses (${c.maxMisses}) misses in that block: ${misses.map((r) => events.format(r)).join('; ')}`);
      repairs[killed] = { moved, to: net.nameOfAccount(moved.data.to), shard: Number(moved.data.shard) };
    };
    await Promise.all([repairOf(first), repairOf(second)]);

    for (const killed of [first, second]) {
      const { moved, to, shard } = repairs[killed];
      assert.ok(to, `shard ${shard} went to an account that is none of our providers`);
      assert.notEqual(to, killed);
      if (!net.nodes[to].running) {
        // Only if the repair order was not the one the kill choice counted on.
        log(`shard ${shard} was given to ${to}, which is down: restarting ${to} so it can rebuild it`);
        await net.restart(to);
      }
      const ack = await events.waitFor(isEvent('ShardAcknowledged', { root, shard, provider: net.accountOf(to) }), {
        from: moved.seq + 1, timeoutMs: rounds(4, 120), what: `${to}'s ShardAcknowledged for the rebuilt shard ${shard}`,
      });
      log(`${to} rebuilt and acknowledged shard ${shard} at #${ack.block}, ${ack.block - moved.block} blocks after the reassignment`);
      const local = (await fileInfo(net.nodes[to], root)).local;
      assert.ok(local.shards.includes(shard), `${to} acknowledged shard ${shard} but its fileInfo.local is ${JSON.stringify(local)}`);
    }

    const info = await waitForFileInfo(net.nodes.alice, root, (i) => i.state === 'stored'
      && i.shards.every((s) => s.acknowledged && net.nodes[net.nameOfPeer(s.peerId)]?.running), {
      timeoutMs: rounds(2, 60), what: 'all six shards acknowledged by running providers',
    });
    const holders = net.holders(info);
    log(`fully redundant again: ${summarizeFileInfo(info, peerName)}`);
    assert.equal(new Set(holders).size, 6, `shards not on six distinct providers: ${holders.join(', ')}`);
    for (const killed of [first, second]) {
      assert.equal(holders[file.killedShards[killed]], repairs[killed].to, `shard ${file.killedShards[killed]} is on its new provider`);
    }
    assert.ok(!holders.includes(second) || net.nodes[second].running, `${second} is down but holds a shard`);

    // Each slash took SlashFraction of the held stake, and the provider record shows what is left.
    const { lastBlock, lastHash } = events;
    const stakes = await net.stakes([first, second], lastHash);
    for (const killed of [first, second]) {
      const slashed = events.filter(isEvent('ProviderSlashed', { provider: net.accountOf(killed) }), from)
        .filter((r) => r.block <= lastBlock);
      const total = slashed.reduce((sum, r) => sum + BigInt(r.data.amount), 0n);
      assert.ok(slashed.every((r) => r.data.reason === 'MissedChallenge'), `${killed}: slash reasons`);
      assert.ok(slashed.length >= c.maxMisses, `${killed}: ${slashed.length} slashes, expected at least ${c.maxMisses}`);
      assert.equal(stakes[killed], file.stakesBefore[killed] - total, `${killed}: stake after slashes`);
      log(`${killed}: slashed ${slashed.length}× for ${total / ZG} ZG in all; stake ${file.stakesBefore[killed] / ZG} → ${stakes[killed] / ZG} ZG`);
    }

    const downloader = await net.downloaderWithoutFile(root) ?? first;
    await downloadAndCompare(downloader, '(f) download after repair');
  });

  step('(g) a provider that proves but withholds loses the retrieval challenge; its shard is repaired', secs(1200), async () => {
    const root = file.root;
    const info = await waitForFileInfo(net.nodes.alice, root, (i) => i.shards.every((s) => s.acknowledged), {
      timeoutMs: rounds(2), what: 'every shard acknowledged',
    });
    const holders = net.holders(info);
    const withholder = holders.find((n) => STORAGE_FULL_NODES.includes(n) && net.nodes[n].running);
    assert.ok(withholder, `no running full node holds a shard: ${holders.join(', ')}`);
    const honest = holders.find((n) => n !== withholder && net.nodes[n].running);
    const withheldShard = holders.indexOf(withholder);
    const honestShard = holders.indexOf(honest);
    const withholderAccount = net.accountOf(withholder);
    // A `RetrievalKey { file, shard, sector }` as the event log shows it: its SCALE encoding in hex.
    const le = (value, bytes) => Buffer.from(BigInt(value).toString(16).padStart(bytes * 2, '0'), 'hex').reverse().toString('hex');
    const keyIs = (k, shard, sector) => String(k).toLowerCase() === `${root}${le(shard, 4)}${le(sector, 8)}`;

    // The provider that stayed down after (f) holds no shard of the file: running again, it can take the withheld
    // shard when it moves and rebuild it at once (started after the move, it took 17 blocks).
    for (const name of net.allNames.filter((n) => !net.nodes[n].running)) await net.restart(name);
    await net.restart(withholder, { extraArgs: ['--storage-withhold'] });
    const from = events.mark();
    // It still proves its storage challenges: proving is not serving.
    const proof = await events.waitFor(isEvent('ProofAccepted', { provider: withholderAccount }), {
      from, timeoutMs: rounds(3), what: `a ProofAccepted for ${withholder} while it withholds`,
    });
    log(`${withholder} (shard ${withheldShard}) withholds and still proves: ${events.format(proof)}`);

    // Two retrieval challenges in one transaction, from an endowed account no node signs with (the providers'
    // workers use their own accounts' nonces): an honest holder answers its one on chain with the sector; the
    // withholder leaves its one unanswered — it is slashed, the challenger paid, the shard moved.
    const challenger = net.keyring.addFromUri('//Ferdie//stash');
    const honestKey = { shard: honestShard, sector: 3 };
    const stakeBefore = (await net.stakes([withholder]))[withholder];
    const missedFrom = events.mark();
    await signAndWaitFinalized(net.api, net.api.tx.utility.batchAll([
      net.api.tx.storage.challengeRetrieval(root, honestShard, 3),
      net.api.tx.storage.challengeRetrieval(root, withheldShard, 5),
    ]), challenger);
    const window = secs((c.retrievalWindow * c.blockMs) / 1000 + 60);
    const [answered, missed] = await Promise.all([
      events.waitFor((r) => r.method === 'RetrievalAnswered' && keyIs(r.data.key, honestShard, 3), {
        from: missedFrom, timeoutMs: window, what: `${honest}'s RetrievalAnswered`,
        failIf: (r) => r.method === 'RetrievalMissed' && keyIs(r.data.key, honestShard, 3),
      }),
      events.waitFor((r) => r.method === 'RetrievalMissed' && keyIs(r.data.key, withheldShard, 5), {
        from: missedFrom, timeoutMs: window, what: `${withholder}'s RetrievalMissed`,
        failIf: (r) => r.method === 'RetrievalAnswered' && keyIs(r.data.key, withheldShard, 5),
      }),
    ]);
    assert.equal(accountHex(answered.data.provider), net.accountOf(honest));
    const sector = typeof answered.data.data === 'string' ? answered.data.data : `0x${Buffer.from(answered.data.data).toString('hex')}`;
    assert.equal((sector.length - 2) / 2, 256, 'the answer carries one 256-byte sector');
    log(`${honest} answered ${JSON.stringify(honestKey)} on chain at #${answered.block}`);
    log(events.format(missed));
    assert.equal(accountHex(missed.data.provider), withholderAccount);
    assert.ok(BigInt(missed.data.slashed) > 0n && BigInt(missed.data.reward) > 0n, 'slashed, and the challenger rewarded');
    const slash = events.find(isEvent('ProviderSlashed', { provider: withholderAccount, reason: 'Withheld' }), missedFrom);
    assert.ok(slash, 'no ProviderSlashed (Withheld)');
    const moved = await events.waitFor(isEvent('ShardReassigned', { root, shard: withheldShard, from: withholderAccount }), {
      from: missedFrom, timeoutMs: secs(120), what: `the withheld shard ${withheldShard} moved`,
    });
    const to = net.nameOfAccount(moved.data.to);
    assert.ok(to && to !== withholder, `moved to ${moved.data.to}`);
    if (!net.nodes[to].running) await net.restart(to);
    const ack = await events.waitFor(isEvent('ShardAcknowledged', { root, shard: withheldShard, provider: net.accountOf(to) }), {
      from: moved.seq + 1, timeoutMs: rounds(4, 120), what: `${to}'s ShardAcknowledged for the withheld shard`,
    });
    log(`${to} rebuilt and acknowledged shard ${withheldShard} at #${ack.block}, ${ack.block - moved.block} blocks after the move`);
    const stakeAfter = (await net.stakes([withholder], events.lastHash))[withholder];
    assert.ok(stakeAfter < stakeBefore, `${withholder}'s stake ${stakeBefore} → ${stakeAfter}`);
    log(`${withholder}: stake ${stakeBefore / ZG} → ${stakeAfter / ZG} ZG; retrieval costs its challenger ${c.retrievalDeposit} planck, `
      + `refunded with ${missed.data.reward} planck`);

    await net.restart(withholder);
    const downloader = await net.downloaderWithoutFile(root) ?? STORAGE_READER;
    await downloadAndCompare(downloader, '(g) download after the withheld shard was repaired');
  });

  step('(h) refuses an encoding by a provider the owner did not choose', secs(300), async () => {
    const root = `0x${'ab'.repeat(32)}`;
    const owner = net.keyring.addFromUri('//Alice//stash');
    await signAndWaitFinalized(net.api, net.api.tx.storage.submitFile(root, 1000, 2, net.accountOf('alice')), owner);
    const pending = await fileInfo(net.nodes.alice, root);
    assert.equal(pending.state, 'pending');
    const roots = Array.from({ length: 6 }, () => `0x${'11'.repeat(32)}`);
    // Bob is a provider (its worker may be using its nonce at the same moment: a nonce clash is retried).
    let refusal;
    for (let attempt = 1; attempt <= 5 && !refusal; attempt += 1) {
      const error = await signAndWaitFinalized(net.api, net.api.tx.storage.confirmEncoding(root, roots), net.pairs.bob)
        .then(() => undefined, (e) => e);
      assert.ok(error, 'bob\'s confirmEncoding of a file whose owner chose alice was accepted');
      if (/Custom error: 4/.test(error.message)) refusal = error;
      else log(`attempt ${attempt}: ${error.message.split('\n')[0]}; retrying`);
    }
    assert.ok(refusal, 'the pool never refused bob\'s confirmEncoding as NotChosenEncoder (custom error 4)');
    log(`bob's confirmEncoding refused by the pool: ${refusal.message.split('\n')[0]}`);
    const after = await fileInfo(net.nodes.alice, root);
    assert.equal(after.state, 'pending', 'the file is still pending');
    assert.equal(after.encoder, null, 'nobody became its encoder');
    await signAndWaitFinalized(net.api, net.api.tx.storage.deleteFile(root), owner);
  });

  step('(i) deleting the file frees its shards on every node; whole copies stay for the grace period', secs(600), async () => {
    const root = file.root;
    const running = [...net.names, STORAGE_READER].filter((n) => net.nodes[n].running);
    const usage = async () => Object.fromEntries(await Promise.all(running.map(async (n) =>
      [n, await net.nodes[n].rpc('zgStorage_usage', [])])));
    const before = await usage();
    assert.ok(Object.values(before).some((u) => u.shards > 0), `no node holds a shard: ${JSON.stringify(before)}`);

    const from = events.mark();
    await signAndWaitFinalized(net.api, net.api.tx.storage.deleteFile(root), net.pairs.alice);
    const deleted = await events.waitFor(isEvent('FileDeleted', { root }), { from, timeoutMs: secs(60), what: 'FileDeleted' });
    log(`${events.format(deleted)}`);
    assert.equal(await fileInfo(net.nodes.alice, root), null, 'fileInfo of a deleted file');

    await waitUntil(async () => Object.values(await usage()).every((u) => u.shards === 0), {
      timeoutMs: secs(120), intervalMs: 2000, what: 'every running node to drop the deleted file\'s shards',
      describe: async () => JSON.stringify(await usage()),
    });
    const afterwards = await usage();
    for (const n of running) {
      const [was, now] = [before[n], afterwards[n]];
      assert.equal(now.files, was.files, `${n}: whole copies stay for the grace period`);
      assert.equal(now.used, FILE_BYTES * now.files, `${n}: bytes used = its whole copies`);
      if (was.shards > 0) log(`${n}: ${was.shards} shard(s) reclaimed, ${was.used - now.used} bytes freed`);
    }
  });
});
