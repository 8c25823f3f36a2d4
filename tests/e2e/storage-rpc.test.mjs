// Bad input and abuse at the zgStorage JSON-RPC boundary of one `--dev --storage-provider` node: every refusal
// comes with its own error code (7001–7013, node/storage/src/error.rs) or JSON-RPC's -32602 for parameters that
// do not parse; uploads whose data matches the root given are accepted (the root computed here in JS, over
// 256-byte sectors with 0G's flow padding, as primitives/src/storage.rs does); anonymous uploads are held to the
// upload quota, to 4 per connection, and discarded when idle; `zgStorage_usage` is refused on a public
// interface; the node keeps producing blocks throughout.
//
// The blob store is capped with --storage-max-bytes, and unpaid uploads with --storage-upload-max-bytes, so that
// the limits can be provoked with small uploads.

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';

import { u8aToHex } from '@polkadot/util';

import { bestHead, expectRpcError, waitForFinalized } from './lib/chain.mjs';
import { INVALID_PARAMS, MAX_CHUNK, STORAGE_ERRORS as E, merkleRoot, rpcRaw, storageConstants } from './lib/storage.mjs';
import { TestEnv, freePort, secs } from './lib/node.mjs';
import { WsProvider } from '@polkadot/api';

/** The blob store cap: small, so that a 32 MiB upload does not fit while it is far below MaxFileSize. */
const STORE_MAX_BYTES = 16 * 1024 * 1024;
/** What unpaid uploads may hold together. */
const UPLOAD_MAX_BYTES = 8 * 1024 * 1024;
/** Seconds after which an idle upload goes (the node prunes every 10 s). */
const UPLOAD_IDLE_SECS = 15;
/** The node's storage HTTP endpoint (`--storage-http`). */
const HTTP_PORT = await freePort();
const FILES_URL = `http://127.0.0.1:${HTTP_PORT}/storage/v1/files`;

const log = (line) => console.log(`[e2e] storage-rpc: ${line}`);
const hex = (bytes) => `0x${Buffer.from(bytes).toString('hex')}`;
const UNKNOWN_ROOT = `0x${'ab'.repeat(32)}`;

/** `root` with its last bit flipped. */
function wrongRoot(root) {
  const last = parseInt(root.slice(-1), 16) ^ 1;
  return `${root.slice(0, -1)}${last.toString(16)}`;
}

describe('zgStorage RPC refuses bad input', () => {
  const env = new TestEnv('storage-rpc');
  let node;
  let api;
  let maxFileSize;

  const call = (method, params) => node.rpc(method, params);
  async function expectCode(promise, code, what) {
    const error = await expectRpcError(promise, what);
    log(`${what}: ${error.code} ${error.rpcMessage}`);
    assert.equal(error.code, code, `${what}: expected error ${code}, got ${error.code} (${error.rpcMessage})`);
    assert.ok(error.rpcMessage.length > 0, `${what}: error without a message`);
    return error;
  }

  /** Uploads `data` in `chunks` ([offset, end] pairs, any order) and checks each reply (bytes received so far). */
  async function uploadChunks(data, chunks = [[0, data.length]]) {
    const id = await call('zgStorage_uploadBegin', [data.length]);
    assert.equal(typeof id, 'number', 'upload id');
    let received = 0;
    for (const [start, end] of chunks) {
      received += end - start;
      const reply = await call('zgStorage_uploadChunk', [id, start, hex(data.subarray(start, end))]);
      assert.equal(reply, received, `bytes received after the chunk ${start}..${end}`);
    }
    return id;
  }

  before(env.guard(async () => {
    node = await env.startNode({
      name: 'dev',
      args: ['--dev', '--storage-provider', '--storage-max-bytes', String(STORE_MAX_BYTES),
        '--storage-upload-max-bytes', String(UPLOAD_MAX_BYTES), '--storage-upload-idle-secs', String(UPLOAD_IDLE_SECS),
        '--storage-http', `127.0.0.1:${HTTP_PORT}`],
      tmp: true,
    });
    api = await node.connect();
    await waitForFinalized(api, 1, { timeoutMs: secs(180), label: node.name });
    ({ maxFileSize } = storageConstants(api));
    log(`MaxFileSize ${maxFileSize} bytes, blob store capped at ${STORE_MAX_BYTES}`);
  }));

  after(() => env.cleanup());

  it('refuses empty, too large and unstorable uploads', env.guard(async () => {
    await expectCode(call('zgStorage_uploadBegin', [0]), E.Empty, 'uploadBegin(0)');
    assert.ok(maxFileSize < Number.MAX_SAFE_INTEGER, 'MaxFileSize fits a JSON number');
    await expectCode(call('zgStorage_uploadBegin', [maxFileSize + 1]), E.TooLarge, 'uploadBegin(MaxFileSize + 1)');
    if (2 ** 40 > maxFileSize) await expectCode(call('zgStorage_uploadBegin', [2 ** 40]), E.TooLarge, 'uploadBegin(2^40)');
    await expectCode(rpcRaw(node, 'zgStorage_uploadBegin', '[18446744073709551615]'), E.TooLarge, 'uploadBegin(u64::MAX)');

    // Within MaxFileSize but beyond what unpaid uploads may hold.
    const big = 2 * STORE_MAX_BYTES;
    assert.ok(big <= maxFileSize, 'the quota case needs MaxFileSize ≥ 32 MiB');
    const quota = await expectCode(call('zgStorage_uploadBegin', [big]), E.UploadQuota, `uploadBegin(${big}) with an ${UPLOAD_MAX_BYTES}-byte upload quota`);
    assert.match(quota.rpcMessage, /quota/i);
  }));

  it('holds anonymous uploads to the quota and to 4 per connection, and discards idle ones', env.guard(async () => {
    // The attack: many uploadBegin calls of large sizes that never send data.
    const before = await call('zgStorage_usage', []);
    const size = 1024 * 1024;
    const outcomes = await Promise.all(Array.from({ length: 64 }, () => call('zgStorage_uploadBegin', [size]).then(
      (id) => ({ id }), (error) => ({ code: error.code }))));
    const begun = outcomes.filter((o) => o.id !== undefined);
    const refused = outcomes.filter((o) => o.code !== undefined);
    log(`64 × uploadBegin(1 MiB): ${begun.length} begun, refusals ${JSON.stringify(refused.map((o) => o.code))}`);
    assert.ok(refused.every((o) => o.code === E.UploadQuota || o.code === E.TooManyUploads), 'typed refusals only');
    const usage = await call('zgStorage_usage', []);
    assert.ok(usage.reserved + usage.unpaid <= UPLOAD_MAX_BYTES, `unpaid uploads stay within the quota: ${JSON.stringify(usage)}`);
    assert.ok(begun.length <= UPLOAD_MAX_BYTES / size, `${begun.length} begun`);
    assert.ok(usage.max - usage.used - usage.reserved >= STORE_MAX_BYTES - UPLOAD_MAX_BYTES - before.used,
      'the rest of the store stays free for shards');

    // Idle uploads are discarded within a prune interval of their idle time, releasing the space.
    await new Promise((resolve) => setTimeout(resolve, (UPLOAD_IDLE_SECS + 15) * 1000));
    const after = await call('zgStorage_usage', []);
    assert.equal(after.reserved, 0, `idle uploads released: ${JSON.stringify(after)}`);
    assert.equal(after.uploads, 0);
    await expectCode(call('zgStorage_uploadChunk', [begun[0].id, 0, '0x00']), E.UnknownUpload, 'a chunk for a discarded upload');

    // One WebSocket connection may have 4 uploads in progress; a fifth is refused; other connections still may.
    const provider = new WsProvider(node.rpcUrl);
    await provider.isReady;
    try {
      for (let i = 0; i < 4; i += 1) await provider.send('zgStorage_uploadBegin', [1000]);
      const fifth = await provider.send('zgStorage_uploadBegin', [1000]).then(() => null, (error) => error);
      assert.ok(fifth, 'a fifth upload on one connection is refused');
      assert.match(String(fifth.message), /7012|too many uploads/i, String(fifth.message));
      assert.equal(typeof await call('zgStorage_uploadBegin', [1000]), 'number', 'another connection still may upload');
    } finally {
      await provider.disconnect();
    }
  }));

  it('refuses chunks of unknown uploads and chunks outside the upload', env.guard(async () => {
    await expectCode(call('zgStorage_uploadChunk', [987654321, 0, '0x00']), E.UnknownUpload, 'uploadChunk to an unknown id');
    await expectCode(call('zgStorage_uploadFinish', [987654321, UNKNOWN_ROOT]), E.UnknownUpload, 'uploadFinish of an unknown id');

    const id = await call('zgStorage_uploadBegin', [1000]);
    await expectCode(call('zgStorage_uploadChunk', [id, 990, hex(Buffer.alloc(20, 1))]), E.BadRange, 'chunk 990..1010 of 1000 bytes');
    await expectCode(call('zgStorage_uploadChunk', [id, 1000, '0x01']), E.BadRange, 'chunk at offset 1000 of 1000 bytes');
    await expectCode(rpcRaw(node, 'zgStorage_uploadChunk', `[${id},18446744073709551615,"0x0102"]`), E.BadRange, 'chunk at offset u64::MAX');
    const tooBig = `0x${'00'.repeat(MAX_CHUNK + 1)}`;
    await expectCode(call('zgStorage_uploadChunk', [id, 0, tooBig]), E.BadRange, `chunk of ${MAX_CHUNK + 1} bytes`);

    // A refused chunk leaves the upload as it was: a valid one is still counted from zero.
    assert.equal(await call('zgStorage_uploadChunk', [id, 0, hex(Buffer.alloc(100, 7))]), 100, 'bytes received after a valid chunk');
  }));

  it('refuses to finish an upload before every byte arrived', env.guard(async () => {
    const data = crypto.randomBytes(1000);
    const id = await uploadChunks(data, [[0, 500]]);
    const error = await expectCode(call('zgStorage_uploadFinish', [id, merkleRoot(data)]), E.Incomplete, 'uploadFinish after 500 of 1000 bytes');
    assert.match(error.rpcMessage, /500/);
    // The upload is kept: the rest arrives and it finishes.
    assert.equal(await call('zgStorage_uploadChunk', [id, 500, hex(data.subarray(500))]), 1000);
    const receipt = await call('zgStorage_uploadFinish', [id, merkleRoot(data)]);
    assert.equal(receipt.root, merkleRoot(data));
  }));

  it('checks the Merkle root when an upload finishes', env.guard(async () => {
    // 5 sectors and a partial one, sent out of order.
    const data = crypto.randomBytes(5 * 256 + 100);
    const root = merkleRoot(data);
    const id = await uploadChunks(data, [[600, data.length], [0, 300], [300, 600]]);
    const mismatch = await expectCode(call('zgStorage_uploadFinish', [id, wrongRoot(root)]), E.RootMismatch, 'uploadFinish with a wrong root');
    // The message names the data's actual root: the node's Merkle root agrees with the one computed here.
    const named = (mismatch.rpcMessage.match(/0x[0-9a-fA-F]{64}/g) ?? []).map((h) => h.toLowerCase());
    if (named.length) assert.ok(named.includes(root), `the node computed the root ${named.join(' / ')}, this test ${root}`);

    // A mismatched upload may be discarded (then its id is unknown): upload the same data again.
    let receipt;
    try {
      receipt = await call('zgStorage_uploadFinish', [id, root]);
      log('the upload survived the root mismatch and finished with the right root');
    } catch (error) {
      assert.equal(error.code, E.UnknownUpload, `finishing again after a mismatch: ${error.message}`);
      log('the upload was discarded on the root mismatch; uploading the data again');
      receipt = await call('zgStorage_uploadFinish', [await uploadChunks(data), root]);
    }
    assert.equal(receipt.root, root);
    assert.equal(receipt.size, data.length);
    assert.ok(receipt.feePerPeriod === null || /^[0-9]+$/.test(receipt.feePerPeriod), `feePerPeriod ${receipt.feePerPeriod}`);
    if (receipt.feePerPeriod !== null) assert.ok(BigInt(receipt.feePerPeriod) > 0n, 'a positive fee per period');
  }));

  it('accepts the Merkle roots computed here for sizes around sector and chunk boundaries', env.guard(async () => {
    // One byte; one sector; one more; three (odd count, promotion); 2^k + 1 sectors; over a 1 MiB store chunk.
    for (const size of [1, 256, 257, 768, 17 * 256, 1024 * 1024 + 123]) {
      const data = crypto.randomBytes(size);
      const root = merkleRoot(data);
      const receipt = await call('zgStorage_uploadFinish', [await uploadChunks(data), root]);
      assert.equal(receipt.root, root, `size ${size}`);
      assert.equal(receipt.size, size, `size ${size}`);
    }
    // All zeros: a root that is not the zero hash.
    const zeros = Buffer.alloc(300);
    assert.notEqual(merkleRoot(zeros), u8aToHex(new Uint8Array(32)));
    assert.equal((await call('zgStorage_uploadFinish', [await uploadChunks(zeros), merkleRoot(zeros)])).root, merkleRoot(zeros));
  }));

  it('takes uploads over HTTP with the same checks and error codes', env.guard(async () => {
    const put = (root, body, headers = {}) => fetch(`${FILES_URL}/${root}`, { method: 'PUT', body, headers });
    // Within the upload quota the tests before left (the node's own tests cover bodies of several write pieces).
    const data = crypto.randomBytes(1024 * 1024 + 4321);
    const root = merkleRoot(data);
    const ok = await put(root, data);
    assert.equal(ok.status, 200, `PUT of ${data.length} bytes`);
    const receipt = await ok.json();
    assert.equal(receipt.root, root);
    assert.equal(receipt.size, data.length);
    // The same receipt as zgStorage_uploadFinish's: the fee per period and this node's encoder accounts.
    assert.ok(/^[0-9]+$/.test(receipt.feePerPeriod) && BigInt(receipt.feePerPeriod) > 0n, `feePerPeriod ${receipt.feePerPeriod}`);
    assert.ok(Array.isArray(receipt.encoders), 'the receipt lists the encoders');

    const expectHttp = async (response, status, code, what) => {
      const body = await response.json();
      log(`${what}: HTTP ${response.status} ${body.code} ${body.message}`);
      assert.equal(response.status, status, what);
      assert.equal(body.code, code, what);
    };
    const reservedBefore = (await call('zgStorage_usage', [])).reserved;
    await expectHttp(await put(wrongRoot(root), data), 422, E.RootMismatch, 'PUT with a wrong root');
    await expectHttp(await put(root, Buffer.alloc(0)), 400, E.Empty, 'PUT of nothing');
    await expectHttp(await fetch(`${FILES_URL}/${UNKNOWN_ROOT}`), 404, E.UnknownFile, 'GET of a file the chain does not know');
    assert.equal((await fetch(`${FILES_URL}/0x1234`)).status, 400, 'GET of a malformed root');
    // The failed upload was discarded at once: it reserves nothing (older idle uploads may have expired meanwhile).
    const reservedAfter = (await call('zgStorage_usage', [])).reserved;
    assert.ok(reservedAfter <= reservedBefore, `reserved ${reservedBefore} → ${reservedAfter} bytes after a refused upload`);
  }));

  it('reports what the blob store holds (zgStorage_usage)', env.guard(async () => {
    const start = await call('zgStorage_usage', []);
    log(`usage: ${JSON.stringify(start)}`);
    assert.equal(start.max, STORE_MAX_BYTES, 'max = --storage-max-bytes');
    assert.equal(start.shards, 0, 'a dev node stores no file, so it holds no shard');
    const data = crypto.randomBytes(3000);
    const id = await call('zgStorage_uploadBegin', [data.length]);
    assert.deepEqual(await call('zgStorage_usage', []), { ...start, reserved: start.reserved + 3000, uploads: start.uploads + 1 },
      'an upload reserves its size');
    await call('zgStorage_uploadChunk', [id, 0, hex(data)]);
    await call('zgStorage_uploadFinish', [id, merkleRoot(data)]);
    assert.deepEqual(await call('zgStorage_usage', []),
      { ...start, used: start.used + 3000, files: start.files + 1, unpaid: start.unpaid + 3000 },
      'a finished upload is an unpaid file: its bytes move from reserved to used');
  }));

  it('knows nothing of files the chain has not recorded', env.guard(async () => {
    assert.equal(await call('zgStorage_fileInfo', [UNKNOWN_ROOT]), null, 'fileInfo of an unknown root');
    await expectCode(call('zgStorage_download', [UNKNOWN_ROOT, 0, 100]), E.UnknownFile, 'download of an unknown root');
    await expectCode(call('zgStorage_download', [UNKNOWN_ROOT, 0, MAX_CHUNK + 1]), E.BadRange, `download of ${MAX_CHUNK + 1} bytes`);

    // Uploaded to this node, but never paid for with storage.submitFile: the chain does not know it.
    const data = crypto.randomBytes(2000);
    const root = merkleRoot(data);
    await call('zgStorage_uploadFinish', [await uploadChunks(data), root]);
    assert.equal(await call('zgStorage_fileInfo', [root]), null, 'fileInfo of an uploaded but unsubmitted file');
    await expectCode(call('zgStorage_download', [root, 0, 10]), E.UnknownFile, 'download of an uploaded but unsubmitted file');
  }));

  it('answers malformed parameters with invalid params (-32602)', env.guard(async () => {
    const id = await call('zgStorage_uploadBegin', [512]);
    const cases = [
      ['zgStorage_uploadBegin', '["abc"]'],
      ['zgStorage_uploadBegin', '[-1]'],
      ['zgStorage_uploadBegin', '[1.5]'],
      ['zgStorage_uploadBegin', '[18446744073709551616]'],
      ['zgStorage_uploadBegin', '[]'],
      ['zgStorage_uploadChunk', `[${id},0,"0xzz"]`],
      ['zgStorage_uploadChunk', `[${id},0,"hello"]`],
      ['zgStorage_uploadChunk', `[${id},0,12345]`],
      ['zgStorage_uploadChunk', '["one",0,"0x00"]'],
      ['zgStorage_uploadChunk', `[${id},0]`],
      ['zgStorage_uploadFinish', `[${id},"0x1234"]`],
      ['zgStorage_uploadFinish', `[${id},"not a hash"]`],
      ['zgStorage_download', `["${UNKNOWN_ROOT}","zero",10]`],
      ['zgStorage_download', `["${UNKNOWN_ROOT}",0,-5]`],
      ['zgStorage_fileInfo', '["0x00"]'],
      ['zgStorage_fileInfo', '[42]'],
      ['zgStorage_fileInfo', `[{"root":"${UNKNOWN_ROOT}","extra":1}]`],
    ];
    for (const [method, params] of cases) {
      await expectCode(rpcRaw(node, method, params), INVALID_PARAMS, `${method}(${params.length > 60 ? `${params.slice(0, 60)}…` : params})`);
    }
  }));

  it('keeps producing blocks and answering RPC afterwards', env.guard(async () => {
    const health = await node.rpc('system_health');
    assert.equal(health.isSyncing, false);
    const best = await bestHead(api);
    await waitForFinalized(api, best.number + 2, { timeoutMs: secs(120), label: node.name });
    assert.equal(node.running, true);
    // And the storage RPC still works.
    assert.equal(await call('zgStorage_fileInfo', [UNKNOWN_ROOT]), null);
  }));

  it('refuses zgStorage_usage on a public interface; uploads stay public', env.guard(async () => {
    await node.stop();
    node.args = [...node.args, '--rpc-methods', 'safe'];
    await node.start();
    const denied = await expectRpcError(call('zgStorage_usage', []), 'zgStorage_usage with --rpc-methods safe');
    log(`usage on a safe interface: ${denied.code} ${denied.rpcMessage}`);
    assert.equal(denied.code, -32601);
    assert.equal(typeof await call('zgStorage_uploadBegin', [1000]), 'number', 'uploadBegin is public');
    assert.equal(await call('zgStorage_fileInfo', [UNKNOWN_ROOT]), null, 'fileInfo is public');
  }));
});
