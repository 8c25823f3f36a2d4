// Metered inference end to end on a dev chain, with the official `openai` npm client:
//   (a) a compute provider (//Ferdie) registers with the gateway's attestation key and lists the built-in model
//       (`zg-ngram-1`, its weights hash from `zg-compute-worker ngram-info`) at a price per prompt and per
//       completion token; `zg-compute-worker gateway` serves it;
//   (b) a user (//Charlie) opens a payment channel with an ed25519 key of its own and sends 100 chat requests
//       through `openai` (5 of them streamed), each with a voucher for everything charged before it; every
//       response's receipt verifies against the attestation key on chain and names the listed model, its token
//       counts are the byte lengths of prompt and text, and its cost is those counts at the chain's prices;
//   (c) the provider's node (`--compute-provider --inference-gateway`, //Ferdie's `zgcp` key) redeems the gateway's
//       latest voucher on its own (and any earlier one it found listed on its way) and is paid, in all, exactly the
//       price × tokens of the responses the latest covers; a replay of
//       that voucher is refused; the user asks for a refund, and after the lock closes the channel and gets the
//       rest back;
//   (d) `zg-node compute chat` (the user's CLI) opens a channel for //Eve, pays two requests with vouchers, checks
//       their receipts and keeps them; a channel too small for a request gets HTTP 402 (`openai`'s APIError) with a clear message, and so does a
//       request after the channel was closed; malformed requests get 400s; the gateway keeps serving.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe } from 'node:test';
import OpenAI from 'openai';
import { u8aToHex, hexToU8a } from '@polkadot/util';
import { blake2AsHex, ed25519PairFromSeed, ed25519Verify } from '@polkadot/util-crypto';

import { ZG, devAccounts, signAndWaitFinalized } from './lib/chain.mjs';
import { InferenceGateway, computeCli, ngramInfo, receiptMessage, voucherHeader } from './lib/compute.mjs';
import { TestEnv, chainedSteps, freePort, secs, waitUntil } from './lib/node.mjs';

const log = (line) => console.log(`[e2e] inference: ${line}`);
const INPUT_PRICE = 1_000_000_000_000n; // planck per prompt token
const OUTPUT_PRICE = 5_000_000_000_000n; // planck per completion token
const DEPOSIT = 5n * ZG / 100n;
const REQUESTS = 100;
const MAX_TOKENS = 24;
const ATTESTATION_SEED = new Uint8Array(32).fill(0x5a);
const CHANNEL_SEED = new Uint8Array(32).fill(0x33);

describe('metered inference: services, channels, vouchers, signed receipts, redemption and refunds', { timeout: secs(1200) }, () => {
  const env = new TestEnv('inference');
  const step = chainedSteps({ env, log, onFailure: () => gateway && console.error(`----- gateway\n${gateway.logTail()}`) });
  let node;
  let api;
  let accounts;
  let gateway;
  let client;
  let genesis;
  let service;
  let channel;
  const attestation = ed25519PairFromSeed(ATTESTATION_SEED);
  const channelKey = ed25519PairFromSeed(CHANNEL_SEED);
  /** What the user has been charged, response by response (cost, by its own count). */
  const costs = [];
  let lastVoucher;

  const events = (result, section, method) =>
    result.events.filter(({ event }) => event.section === section && event.method === method).map(({ event }) => event);

  before(async () => {
    accounts = await devAccounts();
    // The gateway's port is chosen first: the provider's node redeems the vouchers the gateway lists.
    gateway = new InferenceGateway({ name: 'gateway', dir: path.join(env.root, 'gateway'), seed: u8aToHex(ATTESTATION_SEED),
      provider: accounts.ferdie.address });
    gateway.port = await freePort();
    node = await env.startNode({ name: 'dev', args: ['--dev', '--compute-provider', '--inference-gateway', gateway.url,
      '--rpc-methods', 'unsafe'], tmp: true });
    api = await node.connect();
    genesis = api.genesisHash.toHex();
    gateway.nodeRpc = `http://127.0.0.1:${node.rpcPort}`;
  });

  after(async () => {
    await gateway?.stop('SIGTERM', { graceMs: secs(5) }).catch(() => {});
    await env.cleanup();
  });

  step('(a) a provider lists the built-in model and its gateway serves it', secs(300), async () => {
    const { ferdie } = accounts;
    const info = await ngramInfo();
    log(`built-in model ${info.model}, weights ${info.weights}, ${info.contexts} contexts`);
    await signAndWaitFinalized(api, api.tx.compute.registerProvider(2_000n * ZG, '0x' + Buffer.from('gateway-peer').toString('hex'),
      u8aToHex(attestation.publicKey)), ferdie);
    const added = await signAndWaitFinalized(api, api.tx.compute.addService(info.model, info.weights, 'Bytes', INPUT_PRICE,
      OUTPUT_PRICE, gateway.url), ferdie);
    service = events(added, 'compute', 'ServiceAdded')[0].data.service.toNumber();
    const listed = (await node.rpc('zgCompute_services', [])).find((s) => s.id === service);
    assert.deepEqual([listed.model, listed.weights, listed.tokenizer, listed.inputPrice, listed.outputPrice, listed.attestationKey],
      [info.model, info.weights, 'bytes', INPUT_PRICE.toString(), OUTPUT_PRICE.toString(), u8aToHex(attestation.publicKey)]);
    gateway.service = service;
    await gateway.start();
    // The provider's key in its node's keystore: its off-chain worker signs the redemptions.
    await node.rpc('author_insertKey', ['zgcp', '//Ferdie', u8aToHex(ferdie.publicKey)]);
    client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused: requests are paid by vouchers', maxRetries: 0 });
    const models = await client.models.list();
    assert.deepEqual(models.data.map((m) => m.id), ['zg-ngram-1']);
  });

  step('(b) 100 chat requests through the openai client, each paid by a voucher and answered with a signed receipt', secs(600), async () => {
    const { charlie, ferdie } = accounts;
    const funded = await signAndWaitFinalized(api, api.tx.compute.fundChannel(ferdie.address, DEPOSIT, u8aToHex(channelKey.publicKey)), charlie);
    channel = events(funded, 'compute', 'ChannelFunded')[0].data.channel.toNumber();
    const state = await node.rpc('zgCompute_channel', [charlie.address, ferdie.address]);
    assert.equal(state.deposit, DEPOSIT.toString());
    const weights = (await node.rpc('zgCompute_services', [])).find((s) => s.id === service).weights;
    const questions = ['what is zg', 'how is a file stored', 'who pays the fees', 'what does a validator do', 'explain the data availability layer'];
    const started = Date.now();
    for (let n = 1; n <= REQUESTS; n++) {
      const owed = costs.reduce((a, b) => a + b, 0n);
      lastVoucher = { user: charlie.address, channel, amount: owed, nonce: n };
      const headers = { 'x-zg-voucher': voucherHeader({ ...lastVoucher, pair: channelKey, genesis }) };
      const content = `${questions[n % questions.length]} (${n})`;
      const body = { model: 'zg-ngram-1', messages: [{ role: 'user', content }], max_tokens: MAX_TOKENS, temperature: 0.8 };
      let text;
      let usage;
      let zg;
      if (n % 20 === 0) {
        const stream = await client.chat.completions.create({ ...body, stream: true }, { headers });
        text = '';
        for await (const chunk of stream) {
          text += chunk.choices[0]?.delta?.content ?? '';
          if (chunk.zg) ({ usage, zg } = chunk);
        }
      } else {
        const completion = await client.chat.completions.create(body, { headers });
        text = completion.choices[0].message.content;
        ({ usage, zg } = completion);
      }
      const prompt = `user: ${content}\nassistant:`;
      const { receipt } = zg;
      assert.ok(ed25519Verify(receiptMessage(genesis, receipt), hexToU8a(zg.signature), attestation.publicKey), `receipt ${n} verifies`);
      assert.equal(receipt.model, weights, 'the listed model answered');
      assert.deepEqual([receipt.channel, receipt.nonce, receipt.service], [channel, n, service]);
      assert.equal(receipt.prompt, blake2AsHex(prompt, 256));
      assert.equal(receipt.completion, blake2AsHex(text, 256));
      const bytes = (s) => Buffer.byteLength(s, 'utf8');
      assert.deepEqual([receipt.inputTokens, receipt.outputTokens, usage.prompt_tokens, usage.completion_tokens],
        [bytes(prompt), bytes(text), bytes(prompt), bytes(text)], 'tokens are bytes');
      assert.ok(receipt.outputTokens <= MAX_TOKENS);
      const cost = BigInt(receipt.inputTokens) * INPUT_PRICE + BigInt(receipt.outputTokens) * OUTPUT_PRICE;
      assert.equal(BigInt(zg.cost), cost, 'the gateway charges tokens × the chain\'s prices');
      costs.push(cost);
      if (n === 1) log(`first answer: ${JSON.stringify(text)}`);
    }
    log(`${REQUESTS} requests in ${((Date.now() - started) / 1000).toFixed(1)} s, ${costs.reduce((a, b) => a + b, 0n)} planck charged`);
  });

  step('(c) the provider redeems one voucher for exactly what it covers; the user refunds the rest', secs(300), async () => {
    const { charlie, ferdie } = accounts;
    const pending = await (await fetch(`${gateway.url}/zg/vouchers`)).json();
    assert.equal(pending.length, 1, 'one channel, one latest voucher');
    const [latest] = pending;
    assert.deepEqual([latest.channel, BigInt(latest.amount), latest.nonce], [channel, lastVoucher.amount, REQUESTS]);
    const covered = costs.slice(0, REQUESTS - 1).reduce((a, b) => a + b, 0n);
    assert.equal(BigInt(latest.amount), covered, 'the latest voucher covers every response before it');
    // The provider's node redeems by itself every REDEEM_EVERY blocks, whatever the gateway lists then: a slow run
    // of (b) can span a redemption, which pays an earlier voucher first. Wait until the latest voucher is redeemed,
    // then add up every VoucherRedeemed of the channel in the chain: together they pay what it covers.
    await waitUntil(async () => (await node.rpc('zgCompute_channel', [charlie.address, ferdie.address])).nonce === REQUESTS,
      { timeoutMs: secs(120), what: `the provider node redeeming the voucher of nonce ${REQUESTS}` });
    const head = (await api.rpc.chain.getHeader()).number.toNumber();
    const redemptions = [];
    for (let n = 1; n <= head; n++) {
      const at = await api.at(await api.rpc.chain.getBlockHash(n));
      for (const { event } of await at.query.system.events()) {
        if (event.section === 'compute' && event.method === 'VoucherRedeemed' && event.data.channel.toString() === String(channel)) {
          redemptions.push({ paid: event.data.paid.toBigInt(), nonce: event.data.nonce.toNumber(), block: n });
        }
      }
    }
    log(`redemptions: ${redemptions.map((r) => `${r.paid} planck for nonce ${r.nonce} at #${r.block}`).join('; ')}`);
    assert.equal(redemptions.at(-1)?.nonce, REQUESTS, 'the last redemption is of the latest voucher');
    assert.equal(redemptions.reduce((a, r) => a + r.paid, 0n), covered, 'paid exactly price × tokens, in one or more redemptions');
    const state = await node.rpc('zgCompute_channel', [charlie.address, ferdie.address]);
    assert.deepEqual([BigInt(state.redeemed), BigInt(state.available), state.nonce], [covered, DEPOSIT - covered, REQUESTS]);
    // Replaying it is refused by the chain.
    await assert.rejects(signAndWaitFinalized(api, api.tx.compute.redeem(charlie.address,
      { amount: latest.amount, nonce: latest.nonce, signature: latest.signature }), ferdie), /StaleVoucher/);

    const asked = await signAndWaitFinalized(api, api.tx.compute.requestRefund(ferdie.address), charlie);
    const at = events(asked, 'compute', 'RefundRequested')[0].data.refundAt.toNumber();
    await waitUntil(async () => (await api.rpc.chain.getHeader()).number.toNumber() >= at, { timeoutMs: secs(120), what: `block #${at}` });
    const closed = await signAndWaitFinalized(api, api.tx.compute.closeChannel(ferdie.address), charlie);
    const refunded = events(closed, 'compute', 'ChannelClosed')[0].data.refunded.toBigInt();
    assert.equal(refunded, DEPOSIT - covered, 'the rest came back');
    assert.equal(await node.rpc('zgCompute_channel', [charlie.address, ferdie.address]), null);
  });

  step('(d) an exhausted or closed channel gets 402, malformed requests 400, and the gateway keeps serving', secs(300), async () => {
    const { dave, ferdie } = accounts;
    const small = await signAndWaitFinalized(api, api.tx.compute.fundChannel(ferdie.address, ZG / 100n, u8aToHex(channelKey.publicKey)), dave);
    const daveChannel = events(small, 'compute', 'ChannelFunded')[0].data.channel.toNumber();
    const ask = (maxTokens) => ({ model: 'zg-ngram-1', messages: [{ role: 'user', content: 'hello' }], max_tokens: maxTokens });
    const daveVoucher = (nonce) => ({ headers: { 'x-zg-voucher': voucherHeader({ user: dave.address, channel: daveChannel, amount: 0n, nonce, pair: channelKey, genesis }) } });
    // 4,096 completion tokens at 5e12 planck are more than the 0.01 ZG the channel holds.
    const exhausted = await client.chat.completions.create(ask(4096), daveVoucher(1)).then(() => undefined, (e) => e);
    assert.ok(exhausted instanceof OpenAI.APIError, `an APIError: ${exhausted}`);
    assert.equal(exhausted.status, 402);
    assert.match(exhausted.message, /exhausted/);
    log(`exhausted channel: ${exhausted.message}`);
    const closed = await client.chat.completions.create(ask(8),
      { headers: { 'x-zg-voucher': voucherHeader({ ...lastVoucher, nonce: REQUESTS + 1, pair: channelKey, genesis }) } }).then(() => undefined, (e) => e);
    assert.equal(closed?.status, 402, `a closed channel: ${closed}`);
    assert.match(closed.message, /no channel/);
    // Malformed requests: not JSON, no messages, no voucher, an unknown model, a wrong method.
    const post = (body, headers = {}) => fetch(`${gateway.url}/v1/chat/completions`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
    assert.equal((await post('{"model": ')).status, 400);
    assert.equal((await post(JSON.stringify({ model: 'zg-ngram-1', messages: [] }))).status, 400);
    assert.equal((await post(JSON.stringify(ask(8)))).status, 402);
    assert.equal((await post(JSON.stringify({ ...ask(8), model: 'gpt-4o' }), daveVoucher(2).headers)).status, 404);
    assert.equal((await fetch(`${gateway.url}/v1/chat/completions`)).status, 405);
    const badVoucher = await post(JSON.stringify(ask(8)), { 'x-zg-voucher': '{"user": 1}' });
    assert.equal(badVoucher.status, 400);
    assert.match((await badVoucher.json()).error.message, /malformed/);
    // Still serving: a small request on the small channel.
    const ok = await client.chat.completions.create(ask(8), daveVoucher(3));
    assert.ok(ok.zg.receipt.outputTokens <= 8);
    assert.ok(gateway.running, 'the gateway is still running');

    // The user's CLI: opens //Eve's channel (key //Eve//zg-inference), then two requests, receipts verified and kept.
    const state = path.join(env.root, 'eve-inference');
    const chat = (prompt) => computeCli(['chat', '--rpc', `http://127.0.0.1:${node.rpcPort}`, '--suri', '//Eve', '--service', String(service),
      '--prompt', prompt, '--max-tokens', '16', '--fund', '0.02', '--state', state], { timeoutMs: secs(180) });
    const first = await chat('what is zg');
    const second = await chat('and the storage network');
    log(`zg-node compute chat: ${JSON.stringify(first.stdout.trim())}, ${JSON.stringify(second.stdout.trim())}; ${second.stderr.trim().split('\n').pop()}`);
    assert.match(second.stderr, /receipt verified/);
    const eveChannel = await node.rpc('zgCompute_channel', [accounts.eve.address, ferdie.address]);
    assert.equal(eveChannel.deposit, (2n * ZG / 100n).toString());
    const kept = fs.readFileSync(path.join(state, `receipts-${eveChannel.id}.jsonl`), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(kept.length, 2);
    assert.deepEqual(kept.map((r) => r.problems), [[], []]);
    assert.equal(kept[1].receipt.nonce, 2);
    const charged = JSON.parse(fs.readFileSync(path.join(state, `channel-${eveChannel.id}.json`), 'utf8'));
    assert.equal(BigInt(charged.charged), kept.reduce((sum, r) => sum + BigInt(r.cost), 0n));
  });

  step('(e) a provably wrong receipt is disputed with the kept evidence and the provider slashed', secs(300), async () => {
    const { eve, ferdie } = accounts;
    const tamper = new InferenceGateway({ name: 'gateway-tamper', dir: path.join(env.root, 'gateway-tamper'), seed: u8aToHex(ATTESTATION_SEED),
      provider: ferdie.address, nodeRpc: gateway.nodeRpc, service, tamper: true });
    try {
      await tamper.start();
      const state = path.join(env.root, 'eve-inference');
      const wrong = await computeCli(['chat', '--rpc', `http://127.0.0.1:${node.rpcPort}`, '--suri', '//Eve', '--service', String(service),
        '--prompt', 'tell me more', '--max-tokens', '16', '--state', state, '--endpoint', tamper.url], { timeoutMs: secs(180) }).then(() => undefined, (e) => e);
      assert.ok(wrong, 'the CLI refuses a wrong receipt');
      assert.match(wrong.stderr, /provably wrong/);
      const eveChannel = await node.rpc('zgCompute_channel', [eve.address, ferdie.address]);
      const stakeOf = async () => (await api.query.compute.providers(ferdie.address)).unwrap().stake.toBigInt();
      const stake = await stakeOf();
      const eveBefore = (await api.query.system.account(eve.address)).data.free.toBigInt();
      const disputed = await computeCli(['dispute-response', '--rpc', `http://127.0.0.1:${node.rpcPort}`, '--suri', '//Eve', '--state', state,
        '--channel', String(eveChannel.id), '--nonce', '3'], { timeoutMs: secs(180) });
      log(`dispute-response: ${disputed.stdout.trim()} (${disputed.stderr.trim().split('\n').pop()})`);
      const slashed = JSON.parse(disputed.lastLine);
      assert.equal(BigInt(slashed.amount), stake / 5n, '20 % of the stake');
      assert.equal(BigInt(slashed.toYou), stake / 10n, 'half of it to the user');
      assert.equal(await stakeOf(), stake - stake / 5n);
      const eveAfter = (await api.query.system.account(eve.address)).data.free.toBigInt();
      assert.ok(eveAfter > eveBefore, 'the user gained (its share less the fee)');
      // The same evidence cannot slash twice.
      await assert.rejects(computeCli(['dispute-response', '--rpc', `http://127.0.0.1:${node.rpcPort}`, '--suri', '//Eve', '--state', state,
        '--channel', String(eveChannel.id), '--nonce', '3'], { timeoutMs: secs(180) }), /AlreadyDisputed/);
    } finally {
      await tamper.stop('SIGTERM', { graceMs: secs(5) }).catch(() => {});
    }
  });
});
