// Transactions-per-second benchmark of a single `zg-node --dev --tmp` (plus zg-eth-rpc), in one run:
//   (a) native transfers: N `balances.transferKeepAlive` pre-signed by ZG_BENCH_SENDERS sr25519 accounts (funded
//       first) and submitted over WebSocket (`author_submitExtrinsic`), each sender's in nonce order and many
//       senders at once, as wallets send them;
//   (b) ERC-20 transfers: N `ZgToken.transfer` pre-signed with ethers by the Ethereum dev keys and
//       ZG_BENCH_ERC20_SENDERS derived keys (funded first), submitted with `eth_sendRawTransaction` in the same way;
//   (c) the reference for (b), in the same run: the same client, contract and transfers against `anvil` (Foundry's
//       single-process EVM without consensus, from npm: the practical ceiling of an EVM node), mining a block of
//       every pending transfer each second (see `anvilPhase`); counted from the first submission until every
//       sender's nonce shows its last transfer.
// Throughput is counted from the blocks: transactions included, divided by the block time they took
// (timestamp of the last block that includes any of them minus that of the parent of the first one); beside it,
// the rate sustained under a backlog (every block but the last, which takes whatever is left) and the blocks'
// capacity by weight (the normal class's limit over the weight a transaction used in the phase's fullest block).
// The native and ERC-20 phases start where no session rotation falls within them (see `clearOfSessionRotation`).
// Then, with the node stopped, every block that carried a phase's transactions is executed again from the node's
// database (`zg-node benchmark block`) and its execution time set beside the weight it was charged: where a block
// takes longer than its weight, users pay for less time than their transactions take, and a validator importing
// full blocks of them falls behind its slots (see `reexecuteBlocks`).
// A benchmark, not a test: it prints numbers and checks only that the work was done.
//
//   scripts/bench-tps.sh            (or: cd tests/e2e && node bench/tps.mjs)
//
// Environment: ZG_NODE, ZG_ETH_RPC (binaries), ZG_BENCH_NATIVE_TXS (default 10000), ZG_BENCH_SENDERS (200),
// ZG_BENCH_ERC20_TXS (4000), ZG_BENCH_ERC20_SENDERS (150), ZG_BENCH_ANVIL (the anvil binary; default the npm
// package's; `none` skips (c)), ZG_BENCH_ANVIL_MAX_MIB (anvil is stopped and (c) skipped past this resident memory,
// default 4096), ZG_BENCH_CONCURRENCY (requests in flight while submitting, default 256 over
// WebSocket and 90 over HTTP), ZG_BENCH_TIMEOUT_S (per phase, default 600), ZG_BENCH_NODE_ARGS (more zg-node
// arguments, e.g. `-ltxpool=debug`), ZG_BENCH_BLOCK_REPEAT (how often each block is executed again, default 5; 0
// skips it and runs the node on `--tmp`), ZG_E2E_KEEP_TMP=1 (keep logs and the database).

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { ContractFactory, Contract, JsonRpcProvider, Wallet, keccak256, toUtf8Bytes } from 'ethers';

import { ZG, clearOfSessionRotation, devAccounts, signAndWaitFinalized, waitForFinalized } from '../lib/chain.mjs';
import { ETH_DEV_KEYS, EVM_CHAIN_ID, compileContracts, ethRpc, ethRpcOk, startDevWithEthRpc, waitMined } from '../lib/eth.mjs';
import { NODE_BIN, TestEnv, freePort, secs } from '../lib/node.mjs';

const N_NATIVE = Number(process.env.ZG_BENCH_NATIVE_TXS ?? 10000);
const N_ERC20 = Number(process.env.ZG_BENCH_ERC20_TXS ?? 4000);
/** Native senders: accounts derived from a fixed seed and funded before the measurement. */
const N_SENDERS = Number(process.env.ZG_BENCH_SENDERS ?? 200);
/** ERC-20 senders beyond the ten Ethereum dev keys: keys derived from a fixed seed, funded before the measurement. */
const N_ERC20_SENDERS = Number(process.env.ZG_BENCH_ERC20_SENDERS ?? 150);
const WS_CONCURRENCY = Number(process.env.ZG_BENCH_CONCURRENCY ?? 256);
/**
 * HTTP requests in flight: below zg-eth-rpc's connection limit (`--rpc-max-connections`, 100 by default), past which
 * it answers 429 and a sender's later transfers wait behind a nonce gap for good (tried with 256: 1,742 of 4,000
 * refused). Submitted per second: 278 from 50 senders at 64 in flight, 300 from 200 at 96, 265 from 160 at 90 (run 12;
 * this machine's noise is about as large as those differences); 784-952 from 160 at 90 once zg-eth-rpc submitted
 * transactions itself (runs 13-15).
 */
const HTTP_CONCURRENCY = Number(process.env.ZG_BENCH_CONCURRENCY ?? 90);
const PHASE_TIMEOUT_MS = secs(Number(process.env.ZG_BENCH_TIMEOUT_S ?? 600));
/** More zg-node arguments, split on spaces (e.g. `-ltxpool=debug` to see what the pool does with each transaction). */
const EXTRA_NODE_ARGS = (process.env.ZG_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
/** anvil is stopped (and the ERC-20 reference skipped) if its resident memory passes this many MiB. */
const ANVIL_MAX_MIB = Number(process.env.ZG_BENCH_ANVIL_MAX_MIB ?? 4096);
/** Once everything is submitted, stop waiting after this many blocks that include none of the transactions. */
const IDLE_BLOCKS = 10;
/** How often `zg-node benchmark block` executes each block of a phase again (the average is taken); 0: not at all. */
const BLOCK_REPEAT = Number(process.env.ZG_BENCH_BLOCK_REPEAT ?? 5);
/** The node keeps every block's state for that, and `benchmark block` opens its database in the same mode. */
const KEEP_STATE = ['--state-pruning', 'archive-canonical'];

const log = (line) => console.log(`[bench] ${line}`);
const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (ms) => (ms / 1000).toFixed(1);

/** Runs `fn` over `items` with at most `limit` calls in flight; returns the settled results in order. */
async function mapConcurrent(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      try {
        results[i] = { ok: true, value: await fn(items[i], i) };
      } catch (error) {
        results[i] = { ok: false, error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function timestampOf(block) {
  const set = block.extrinsics.find((ex) => ex.method.section === 'timestamp' && ex.method.method === 'set');
  if (!set) throw new Error(`block #${block.header.number} has no timestamp.set`);
  return Number(set.method.args[0].toString());
}

/**
 * Follows the best chain from block `after + 1` and counts the extrinsics `match` accepts, until
 * `expected` are seen, or `IDLE_BLOCKS` blocks pass without one after `submitted()` became true, or the
 * phase times out. Returns per-block counts and timestamps.
 */
async function countInclusions(api, { after, expected, match, submitted, label }) {
  const deadline = Date.now() + PHASE_TIMEOUT_MS;
  const blocks = [];
  const parent = (await api.rpc.chain.getBlock(await api.rpc.chain.getBlockHash(after))).block;
  const startTimestamp = timestampOf(parent);
  let total = 0;
  let idle = 0;
  let next = after + 1;
  /** The block that includes the most of the phase's transactions, for their weight (see `weightCapacity`). */
  let sample = null;
  for (;;) {
    const best = (await api.rpc.chain.getHeader()).number.toNumber();
    for (; next <= best; next++) {
      const { block } = await api.rpc.chain.getBlock(await api.rpc.chain.getBlockHash(next));
      const count = block.extrinsics.filter(match).length;
      if (count > 0 && (!sample || count > sample.count)) sample = { hash: block.header.hash.toHex(), count };
      blocks.push({ number: next, count, timestamp: timestampOf(block), seenAt: Date.now() });
      total += count;
      if (count > 0) {
        idle = 0;
        log(`${label}: block #${next} includes ${count} (total ${total}/${expected})`);
      } else if (submitted()) {
        idle += 1;
      }
    }
    if (total >= expected) break;
    if (submitted() && idle >= IDLE_BLOCKS) {
      log(`${label}: ${IDLE_BLOCKS} blocks without any of the remaining ${expected - total}; giving up on them`);
      break;
    }
    if (Date.now() > deadline) {
      log(`${label}: timed out after ${seconds(PHASE_TIMEOUT_MS)} s with ${total}/${expected} included`);
      break;
    }
    await delay(200);
  }
  return { blocks, total, startTimestamp, capacity: sample ? await weightCapacity(api, sample) : null };
}

/**
 * How many of the phase's transactions fit one block by weight: the normal class's limit divided by what the
 * block `sample` used of it (`System::BlockWeight`, after execution: the weight a transaction was charged, its
 * extensions and the base of every extrinsic included) per transaction it holds. (The weight declared before
 * execution is no measure for an Ethereum transaction: it is its whole gas limit's.)
 */
async function weightCapacity(api, sample) {
  const used = (await (await api.at(sample.hash)).query.system.blockWeight()).normal.refTime.toBigInt();
  const perTx = used / BigInt(sample.count);
  const limit = api.consts.system.blockWeights.perClass.normal.maxTotal.unwrap().refTime.toBigInt();
  return perTx > 0n ? { perTxUs: Number(perTx) / 1e6, perBlock: Number(limit / perTx) } : null;
}

/** Throughput from the blocks that carry the transactions. */
function summarize(label, { blocks, total, startTimestamp, capacity }, firstSubmitAt) {
  const carrying = blocks.filter((b) => b.count > 0);
  if (carrying.length === 0) return { label, total: 0, text: `${label}: nothing included` };
  const first = carrying[0];
  const last = carrying[carrying.length - 1];
  const parentTimestamp = first.number === blocks[0].number
    ? startTimestamp
    : blocks[blocks.indexOf(first) - 1].timestamp;
  const chainMs = last.timestamp - parentTimestamp;
  const wallMs = last.seenAt - firstSubmitAt;
  const span = last.number - first.number + 1;
  const tps = total / (chainMs / 1000);
  // Sustained: the blocks built while more of the phase's transactions were waiting, i.e. all but the last one,
  // which took what was left (however few): what the chain does under a backlog, free of where the fixed number of
  // transactions happens to end. The first block is counted (it includes the client's submitting).
  const spanned = blocks.filter((b) => b.number >= first.number && b.number <= last.number);
  const backlog = spanned.slice(0, -1);
  const sustained = backlog.length > 0
    ? backlog.reduce((n, b) => n + b.count, 0) / ((backlog[backlog.length - 1].timestamp - parentTimestamp) / 1000)
    : null;
  const capacityTps = capacity ? capacity.perBlock / (chainMs / span / 1000) : null;
  return {
    label,
    total,
    tps,
    first: first.number,
    last: last.number,
    sustained,
    capacity,
    capacityTps,
    wallTps: total / (wallMs / 1000),
    text: `${label}: ${tps.toFixed(1)} tx/s (${total} in ${span} blocks, ${seconds(chainMs)} s)`,
    detail: `${label}: blocks #${first.number}..#${last.number}, per block [${spanned.map((b) => b.count).join(', ')}], `
      + `max ${Math.max(...carrying.map((b) => b.count))}/block; wall time from first submission to the last block seen: ${seconds(wallMs)} s `
      + `(${(total / (wallMs / 1000)).toFixed(1)} tx/s)`
      + (sustained ? `; sustained (every block but the last, which took the remainder): ${sustained.toFixed(1)} tx/s` : '')
      + (capacity ? `; the weight limit fits ${capacity.perBlock} a block (${capacity.perTxUs.toFixed(0)} µs each):`
        + ` ${capacityTps.toFixed(1)} tx/s` : ''),
  };
}

/**
 * `ZG_BENCH_SENDERS` accounts derived from a fixed seed (`//Bench//0` …), each given 10 ZG by Alice in
 * `utility.batchAll` calls of at most 250 transfers.
 */
async function fundNativeSenders(api, accounts) {
  const { keyring } = accounts;
  const senders = Array.from({ length: N_SENDERS }, (_, i) => keyring.addFromUri(`//Bench//${i}`));
  const start = Date.now();
  for (let i = 0; i < senders.length; i += 250) {
    const calls = senders.slice(i, i + 250).map((s) => api.tx.balances.transferKeepAlive(s.address, 10n * ZG));
    await signAndWaitFinalized(api, api.tx.utility.batchAll(calls), accounts.alice, { label: 'funding the bench senders' });
  }
  log(`native: funded ${senders.length} senders in ${seconds(Date.now() - start)} s`);
  return senders;
}

/**
 * Submits `chains` (one array of transactions per sender, in nonce order) with at most `limit` requests in
 * flight: each sender's transactions one after another, as a wallet sends them, and many senders at once.
 * A transaction reaches the pool after the one before it, so none waits in the pool's future queue for a gap
 * (whose size is bounded: under a burst out of order, the pool drops transactions it already accepted).
 */
async function submitChains(chains, limit, submit) {
  const results = [];
  await mapConcurrent(chains, limit, async (chain) => {
    for (const tx of chain) {
      try {
        results.push({ ok: true, value: await submit(tx) });
      } catch (error) {
        results.push({ ok: false, error });
      }
    }
  });
  return results;
}

/** Slots a phase may take, from its first submission to the idle blocks that end it (4-6 blocks carry its
 *  transactions, then `IDLE_BLOCKS`), with room to spare. */
const PHASE_SLOTS = 40;

async function nativePhase(api, senders) {
  const nonces = await Promise.all(senders.map(async (s) => (await api.rpc.system.accountNextIndex(s.address)).toNumber()));
  const amount = ZG / 1000n;

  log(`native: signing ${N_NATIVE} balances.transferKeepAlive from ${senders.length} accounts`);
  const signStart = Date.now();
  const chains = senders.map(() => []);
  for (let i = 0; i < N_NATIVE; i++) {
    const s = i % senders.length;
    const tx = api.tx.balances.transferKeepAlive(senders[(s + 1) % senders.length].address, amount);
    // Immortal, explicit nonce: signing needs no RPC round trip.
    await tx.signAsync(senders[s], { nonce: nonces[s]++, era: 0 });
    chains[s].push(tx);
  }
  const clear = await clearOfSessionRotation(api, PHASE_SLOTS);
  log(`native: signed in ${seconds(Date.now() - signStart)} s; ${clear.text}; `
    + `submitting over WebSocket (${WS_CONCURRENCY} in flight, each sender in nonce order)`);

  const after = (await api.rpc.chain.getHeader()).number.toNumber();
  let submitted = false;
  const firstSubmitAt = Date.now();
  const submission = submitChains(chains, WS_CONCURRENCY, (tx) => api.rpc.author.submitExtrinsic(tx))
    .finally(() => { submitted = true; });
  const counting = countInclusions(api, {
    after,
    expected: N_NATIVE,
    match: (ex) => ex.isSigned && ex.method.section === 'balances' && ex.method.method === 'transferKeepAlive',
    submitted: () => submitted,
    label: 'native',
  });
  const results = await submission;
  const rejected = results.filter((r) => !r.ok);
  log(`native: submitted ${results.length - rejected.length}/${N_NATIVE} in ${seconds(Date.now() - firstSubmitAt)} s`
    + (rejected.length ? `; ${rejected.length} rejected, e.g. ${rejected[0].error.message}` : ''));
  const summary = summarize('native transfers', await counting, firstSubmitAt);
  summary.rejected = rejected.length;
  // Accepted but never included: still in the pool, or gone from it (lost).
  const missing = N_NATIVE - rejected.length - summary.total;
  if (missing > 0) {
    const pending = (await api.rpc.author.pendingExtrinsics()).length;
    log(`native: ${missing} accepted transfers not included; ${pending} transactions still in the pool`);
    summary.lost = Math.max(0, missing - pending);
  }
  return summary;
}

/**
 * Deploys `ZgToken` from the first Ethereum dev key and gives every sender (the other dev keys and
 * `ZG_BENCH_ERC20_SENDERS` keys derived from a fixed seed) tokens, and the derived ones 10 ZG for fees.
 */
async function erc20Setup(provider, url) {
  const artifacts = await compileContracts();
  const derived = Array.from({ length: N_ERC20_SENDERS }, (_, i) => new Wallet(keccak256(toUtf8Bytes(`zg-bench-erc20-${i}`)), provider));
  const wallets = [...ETH_DEV_KEYS.map((k) => new Wallet(k.privateKey, provider)), ...derived];
  const [owner, ...holders] = wallets;
  const supply = 10n ** 30n;
  const factory = new ContractFactory(artifacts.ZgToken.abi, artifacts.ZgToken.bytecode, owner);
  const deployed = await factory.deploy('ZG Bench Token', 'ZGB', supply);
  const deployment = await waitMined(provider, deployed.deploymentTransaction().hash, { what: 'the ZgToken deployment' });
  if (deployment.status !== 1) throw new Error('ZgToken deployment failed');
  const token = new Contract(deployment.contractAddress, artifacts.ZgToken.abi, owner);
  log(`erc20: ZgToken at ${deployment.contractAddress} (deployment gasUsed ${deployment.gasUsed})`);

  // Every sender gets tokens, so that the measured transfers only move balances between existing holders.
  const fee = await provider.getFeeData();
  const fees = fee.maxFeePerGas == null ? { type: 0, gasPrice: fee.gasPrice }
    : { type: 2, maxFeePerGas: fee.maxFeePerGas, maxPriorityFeePerGas: fee.maxPriorityFeePerGas ?? 0n };
  const share = supply / BigInt(2 * wallets.length);
  const gasLimit = (await token.transfer.estimateGas(holders[0].address, share)) * 2n;
  const value = 10n * 10n ** 18n;
  const valueGas = (await provider.estimateGas({ from: owner.address, to: derived[0]?.address ?? holders[0].address, value })) * 2n;
  const raws = [];
  let nonce = await provider.getTransactionCount(owner.address, 'latest');
  for (const holder of holders) {
    const { to, data } = await token.transfer.populateTransaction(holder.address, share);
    raws.push(await owner.signTransaction({ to, data, nonce: nonce++, gasLimit, chainId: EVM_CHAIN_ID, ...fees }));
  }
  for (const wallet of derived) {
    raws.push(await owner.signTransaction({ to: wallet.address, value, nonce: nonce++, gasLimit: valueGas, chainId: EVM_CHAIN_ID, ...fees }));
  }
  // In waves that stay within how far ahead of its on-chain nonce zg-eth-rpc accepts a sender's transactions (64).
  for (let i = 0; i < raws.length; i += 48) {
    const hashes = [];
    for (const raw of raws.slice(i, i + 48)) hashes.push(await ethRpcOk(url, 'eth_sendRawTransaction', [raw]));
    for (const hash of hashes) {
      const receipt = await waitMined(provider, hash, { what: 'a token or value distribution transfer' });
      if (receipt.status !== 1) throw new Error(`distribution transfer ${hash} failed`);
    }
  }
  return { token, wallets };
}

/** `N_ERC20` token transfers signed round-robin by `wallets`, each to the next wallet, from their current nonces,
 *  as one chain per sender; also the senders' nonces after the last one. */
async function signTransfers(provider, url, { token, wallets }) {
  const tokenAddress = await token.getAddress();
  const estimate = await token.connect(wallets[1]).transfer.estimateGas(wallets[2].address, 1n);
  const gasLimit = (estimate * 12n + 9n) / 10n;
  const gasPrice = BigInt(await ethRpcOk(url, 'eth_gasPrice'));
  // Headroom for the fee multiplier to rise while the batch is in the pool; only the base fee is charged.
  const fees = { type: 2, maxFeePerGas: gasPrice * 10n, maxPriorityFeePerGas: 0n };
  const nonces = await Promise.all(wallets.map((w) => provider.getTransactionCount(w.address, 'latest')));
  log(`erc20: signing ${N_ERC20} transfers from ${wallets.length} keys (gasLimit ${gasLimit} = estimate ${estimate} × 1.2)`);
  const chains = wallets.map(() => []);
  for (let i = 0; i < N_ERC20; i++) {
    const s = i % wallets.length;
    const data = token.interface.encodeFunctionData('transfer', [wallets[(s + 1) % wallets.length].address, 1n]);
    chains[s].push(await wallets[s].signTransaction({
      to: tokenAddress, data, nonce: nonces[s]++, gasLimit, chainId: EVM_CHAIN_ID, ...fees,
    }));
  }
  return { chains, nonces };
}

async function erc20Phase(api, provider, url, erc20) {
  const signStart = Date.now();
  const { chains } = await signTransfers(provider, url, erc20);
  const clear = await clearOfSessionRotation(api, PHASE_SLOTS);
  log(`erc20: signed in ${seconds(Date.now() - signStart)} s; ${clear.text}; `
    + `submitting with eth_sendRawTransaction (${HTTP_CONCURRENCY} in flight, each sender in nonce order)`);

  const after = (await api.rpc.chain.getHeader()).number.toNumber();
  let submitted = false;
  const firstSubmitAt = Date.now();
  const submission = submitChains(chains, HTTP_CONCURRENCY, async (raw) => {
    const { result, error } = await ethRpc(url, 'eth_sendRawTransaction', [raw], { timeoutMs: secs(60) });
    if (error) throw new Error(`${error.code}: ${error.message}`);
    return result;
  }).finally(() => { submitted = true; });
  const counting = countInclusions(api, {
    after,
    expected: N_ERC20,
    match: (ex) => ex.method.section === 'revive' && ex.method.method === 'ethTransact',
    submitted: () => submitted,
    label: 'erc20',
  });
  const results = await submission;
  const rejected = results.filter((r) => !r.ok);
  log(`erc20: submitted ${results.length - rejected.length}/${N_ERC20} in ${seconds(Date.now() - firstSubmitAt)} s`
    + (rejected.length ? `; ${rejected.length} rejected, e.g. ${rejected[0].error.message}` : ''));
  const summary = summarize('ERC-20 transfers', await counting, firstSubmitAt);
  summary.rejected = rejected.length;

  // Sanity: the included transfers succeeded (receipts with status 1).
  // zg-eth-rpc indexes a block's receipts after the block is announced: the last block's may come a moment later.
  const hashes = results.filter((r) => r.ok).map((r) => r.value);
  const receipt = (hash) => ethRpcOk(url, 'eth_getTransactionReceipt', [hash]);
  let receipts = await mapConcurrent(hashes, HTTP_CONCURRENCY, receipt);
  for (let wait = 0; wait < 30 && receipts.some((r) => !(r.ok && r.value)); wait++) {
    await delay(1000);
    const previous = receipts;
    receipts = await mapConcurrent(hashes, HTTP_CONCURRENCY,
      async (hash, i) => (previous[i].ok && previous[i].value ? previous[i].value : receipt(hash)));
  }
  const statuses = receipts.map((r) => (r.ok && r.value ? Number(r.value.status) : undefined));
  summary.receipts = {
    ok: statuses.filter((s) => s === 1).length,
    failed: statuses.filter((s) => s === 0).length,
    missing: statuses.filter((s) => s === undefined).length,
  };
  log(`erc20: receipts: ${summary.receipts.ok} succeeded, ${summary.receipts.failed} failed, ${summary.receipts.missing} missing; `
    + `gasUsed of one transfer ${BigInt(receipts.find((r) => r.ok && r.value)?.value.gasUsed ?? 0)}`);
  return summary;
}

/** The anvil binary: $ZG_BENCH_ANVIL, else the one npm installed (`@foundry-rs/anvil-linux-amd64`); null if none. */
function anvilBinary() {
  if (process.env.ZG_BENCH_ANVIL === 'none') return null;
  if (process.env.ZG_BENCH_ANVIL) return process.env.ZG_BENCH_ANVIL;
  const here = path.dirname(fileURLToPath(import.meta.url));
  const bin = path.join(here, '..', 'node_modules', '@foundry-rs', 'anvil-linux-amd64', 'bin', 'anvil');
  return fs.existsSync(bin) ? bin : null;
}

/** (c): the ERC-20 phase's client and transfers against anvil; throughput by wall clock, client included. */
async function anvilPhase(env, bin) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logPath = path.join(env.root, 'anvil.log');
  // Blocks every second with room for every pending transaction (a 1,000 M gas limit): with automine (a block per
  // transaction) anvil 1.7.1 mined 964 of the 4,310 transactions the setup and the phase sent it at 90 in flight and
  // then sat with the rest in its pool, growing ~25 MB/s until the watchdog stopped it (runs 12-14).
  const args = ['--port', String(port), '--chain-id', String(EVM_CHAIN_ID), '--accounts', '10',
    '--block-time', '1', '--gas-limit', '1000000000'];
  const child = spawn(bin, args, {
    stdio: ['ignore', fs.openSync(logPath, 'a'), fs.openSync(logPath, 'a')],
  });
  const provider = new JsonRpcProvider(url, Number(EVM_CHAIN_ID), { staticNetwork: true });
  // anvil twice sat at 100 % CPU growing ~45 MB/s (to 19 GiB) before mining the transfers: kill it long before it
  // takes the machine, and say so instead of the reference.
  let overgrown = null;
  const watchdog = setInterval(() => {
    const rss = residentMiB(child.pid);
    if (rss > ANVIL_MAX_MIB) {
      overgrown = `anvil's memory grew past ${ANVIL_MAX_MIB} MiB (${rss} MiB resident); stopped, see ${logPath}`;
      child.kill('SIGKILL');
    }
  }, 1000);
  try {
    const deadline = Date.now() + secs(60);
    for (;;) {
      const { result } = await ethRpc(url, 'eth_chainId').catch(() => ({}));
      if (result) break;
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`anvil did not start; see ${logPath}`);
      await delay(200);
    }
    // zg's dev keys beyond anvil's own (Alith … Ethan) get the same balance anvil gives its accounts.
    for (const { address } of ETH_DEV_KEYS) await ethRpcOk(url, 'anvil_setBalance', [address, `0x${(10n ** 22n).toString(16)}`]);
    const erc20 = await erc20Setup(provider, url);
    const { wallets } = erc20;
    const { chains, nonces } = await signTransfers(provider, url, erc20);
    const firstSubmitAt = Date.now();
    const results = await submitChains(chains, HTTP_CONCURRENCY, async (raw) => ethRpcOk(url, 'eth_sendRawTransaction', [raw], { timeoutMs: secs(60) }));
    const failures = results.filter((r) => !r.ok);
    const rejected = failures.length;
    if (rejected) log(`anvil: ${rejected} transfers rejected, e.g. ${failures[0].error.message}`);
    // Done once every sender's nonce on the latest block shows its last transfer. Only senders not yet done are
    // asked, every 100 ms: asking all 50 every 20 ms (2,500 requests a second) halved what anvil mined.
    let pending = wallets.map((w, i) => i);
    const reached = [...nonces];
    while (pending.length && Date.now() - firstSubmitAt <= PHASE_TIMEOUT_MS) {
      const now = await Promise.all(pending.map((i) => provider.getTransactionCount(wallets[i].address, 'latest')));
      pending.forEach((i, j) => { reached[i] = now[j]; });
      pending = pending.filter((i, j) => now[j] < nonces[i]);
      if (pending.length) await delay(100);
    }
    const wallMs = Date.now() - firstSubmitAt;
    if (pending.length) {
      // Run 10: anvil accepted all 2,000, then sat idle without mining them; a rate from the transfers sent
      // would be a made-up reference.
      const mined = chains.reduce((sum, chain, i) => sum + Math.max(0, chain.length - (nonces[i] - reached[i])), 0);
      throw new Error(`anvil mined ${mined} of the ${N_ERC20 - rejected} transfers it accepted in ${seconds(wallMs)} s `
        + `(${pending.length} senders short); no reference, see ${logPath}`);
    }
    const total = N_ERC20 - rejected;
    const tps = total / (wallMs / 1000);
    log(`anvil: ${total} ERC-20 transfers mined in ${seconds(wallMs)} s (${tps.toFixed(1)} tx/s)${rejected ? `; ${rejected} rejected` : ''}`);
    return { label: 'ERC-20 transfers on anvil', total, tps, text: `ERC-20 transfers on anvil (reference): ${tps.toFixed(1)} tx/s (${total} in ${seconds(wallMs)} s, wall clock)` };
  } catch (error) {
    throw overgrown ? new Error(overgrown) : error;
  } finally {
    clearInterval(watchdog);
    provider.destroy();
    child.kill('SIGKILL');
  }
}

/** The resident memory of process `pid` in MiB (0 once it has exited). */
function residentMiB(pid) {
  try {
    const kib = Number(fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
    return Math.round(kib / 1024);
  } catch {
    return 0;
  }
}

/**
 * Executes blocks `from`..`to` again from the stopped node's database, `BLOCK_REPEAT` times each
 * (`zg-node benchmark block`: the runtime's `execute_block` on the parent's state, the trie cache off, so every read
 * goes to the database as the weights assume), and returns, per block, the average execution time beside the
 * weight the block consumed (`System::BlockWeight` after it: every class, the block's own base and its inherents
 * included). `chainArgs` are those the node ran with, for the same database path and genesis.
 */
function reexecuteBlocks(basePath, chainArgs, { from, to }) {
  const args = ['benchmark', 'block', ...chainArgs, '--base-path', basePath, ...KEEP_STATE,
    '--from', String(from), '--to', String(to), '--repeat', String(BLOCK_REPEAT)];
  const run = spawnSync(NODE_BIN, args, { encoding: 'utf8', timeout: secs(600), maxBuffer: 16 << 20 });
  const output = `${run.stdout ?? ''}${run.stderr ?? ''}`;
  const tail = () => output.trim().split('\n').slice(-5).join(' | ');
  if (run.error || run.status !== 0) {
    throw new Error(`zg-node ${args.join(' ')} failed (${run.error?.message ?? `exit ${run.status}`}): ${tail()}`);
  }
  // "Block 12 with  3495 tx used  41.27% of its weight (   644,020,151 of  1,560,543,296 ns)"
  const line = /Block (\d+) with\s+(\d+) tx used\s+[\d.]+% of its weight \(\s*([\d,]+) of\s+([\d,]+) ns\)/g;
  const blocks = [...output.matchAll(line)].map((m) => ({
    number: Number(m[1]),
    extrinsics: Number(m[2]),
    tookNs: Number(m[3].replaceAll(',', '')),
    weightNs: Number(m[4].replaceAll(',', '')),
  }));
  if (blocks.length !== to - from + 1) {
    throw new Error(`zg-node benchmark block reported ${blocks.length} of the ${to - from + 1} blocks #${from}..#${to}: `
      + tail());
  }
  return blocks;
}

/** The chain arguments the bench's node ran with: `--chain FILE` from ZG_BENCH_NODE_ARGS (the 6 s runtime), else
 *  `--dev`. */
function benchChainArgs() {
  const i = EXTRA_NODE_ARGS.indexOf('--chain');
  return i >= 0 && EXTRA_NODE_ARGS[i + 1] ? ['--chain', EXTRA_NODE_ARGS[i + 1]] : ['--dev'];
}

async function main() {
  const env = new TestEnv('bench-tps');
  let provider;
  let failed = false;
  try {
    const accounts = await devAccounts();
    // A pool big enough for both batches.
    const poolLimit = Math.max(8192, 2 * (N_NATIVE + N_ERC20));
    // Re-executing the phases' blocks afterwards needs the node's database, with the state of every block kept.
    const keepDb = BLOCK_REPEAT > 0;
    const started = await startDevWithEthRpc(env, {
      nodeArgs: ['--pool-limit', String(poolLimit), '--pool-kbytes', String(Math.max(20480, poolLimit)),
        ...(keepDb ? KEEP_STATE : []), ...EXTRA_NODE_ARGS],
      tmp: !keepDb,
    });
    const { node, api, eth } = started;
    provider = started.provider;
    await waitForFinalized(api, 1, { timeoutMs: secs(180), label: node.name });
    log(`zg-node --dev (${api.consts.babe.expectedBlockTime.toNumber() / 1000} s blocks), zg-eth-rpc at ${eth.url}; `
      + `temp dir ${env.root}`);

    const erc20 = await erc20Setup(provider, eth.url);
    const native = await nativePhase(api, await fundNativeSenders(api, accounts));
    const evm = await erc20Phase(api, provider, eth.url, erc20);
    // zg's own figures first: the reference below runs another program, which must not cost them.
    const blockS = api.consts.babe.expectedBlockTime.toNumber() / 1000;
    console.log('');
    console.log(`== TPS, one zg-node --dev with zg-eth-rpc (${blockS} s blocks)`);
    for (const s of [native, evm]) {
      console.log(s.text);
      if (s.detail) console.log(`   ${s.detail}`);
    }
    // Sanity: most of the work got done.
    for (const [s, n] of [[native, N_NATIVE], [evm, N_ERC20]]) {
      if (s.total < n) {
        console.log(`   WARNING: ${s.label}: only ${s.total} of ${n} included (${s.rejected} rejected at submission`
          + `${s.lost ? `, ${s.lost} accepted and then lost by the pool` : ''})`);
        if (s.total === 0) failed = true;
      }
    }
    if (evm.receipts && evm.receipts.failed > 0) console.log(`   WARNING: ${evm.receipts.failed} ERC-20 transfers failed on chain`);
    // For scripts/bench.sh: figure, value, unit, reference, reference value, goal (tab-separated).
    const bench = (...fields) => console.log(['ZG-BENCH', ...fields].join('\t'));
    if (native.tps) bench(`native transfers, one dev node, ${blockS} s blocks, client included`, native.tps.toFixed(1), 'tx/s', "0G's published figure (context)", 769, 'value>=1000');
    // Accepted by the pool and then neither included nor still pending: lost (nothing may be).
    bench(`native transfers accepted by the pool and lost (of ${N_NATIVE}), ${blockS} s blocks`, String(native.lost ?? 0), 'tx', '', '', 'value<=0');
    if (evm.tps) bench(`ERC-20 transfers through zg-eth-rpc, ${blockS} s blocks`, evm.tps.toFixed(1), 'tx/s', "0G's published figure (context)", 369, 'value>=400');
    // The same, sustained under a backlog (the last, partial block left out), beside what the blocks' weight limit
    // allows: how close the block builder comes to the limit within its deadline on this machine.
    for (const [s, what] of [[native, 'native transfers'], [evm, 'ERC-20 transfers']]) {
      if (s.sustained && s.capacityTps) {
        bench(`${what}, sustained under a backlog, ${blockS} s blocks`, s.sustained.toFixed(1), 'tx/s',
          `the block weight limit (${s.capacity.perBlock} a block)`, s.capacityTps.toFixed(1), '');
      }
    }

    // (c) The reference, on a machine without zg running: a failing or runaway anvil loses only its own line.
    provider.destroy();
    provider = null;
    await eth.stop();
    await node.stop();

    // The blocks that carried each phase's transactions, executed again: does the weight they were charged cover
    // the time they take? The figure is the block whose time comes closest to (or past) its weight.
    if (keepDb) {
      for (const [s, what] of [[native, 'native transfers'], [evm, 'ERC-20 transfers']]) {
        if (!s.total) continue;
        let blocks;
        try {
          blocks = reexecuteBlocks(node.basePath, benchChainArgs(), { from: s.first, to: s.last });
        } catch (error) {
          log(`${what}: blocks not executed again: ${error.message}`);
          continue;
        }
        const share = (b) => b.tookNs / b.weightNs;
        const worst = blocks.reduce((a, b) => (share(b) > share(a) ? b : a));
        const ms = (ns) => (ns / 1e6).toFixed(1);
        console.log(`   ${what}: blocks #${s.first}..#${s.last} executed again (${BLOCK_REPEAT} times each, trie cache off): `
          + blocks.map((b) => `#${b.number} ${ms(b.tookNs)} of ${ms(b.weightNs)} ms (${(100 * share(b)).toFixed(0)} %)`).join(', ')
          + (blocks.some((b) => share(b) > 1) ? ' - OVER WEIGHT: the weights charge less than the time taken' : ''));
        bench(`${what}: execution time of the block nearest its weight, against that weight, ${blockS} s blocks`, ms(worst.tookNs),
          'ms', `the weight that block was charged (${worst.extrinsics} extrinsics)`, ms(worst.weightNs), 'ratio>=1');
      }
    }
    const anvil = anvilBinary();
    if (process.env.ZG_BENCH_ANVIL === 'none') log('anvil: ZG_BENCH_ANVIL=none; the ERC-20 reference is skipped');
    else if (!anvil) log('anvil: not installed (npm ci in tests/e2e installs it); the ERC-20 reference is skipped');
    const reference = anvil ? await anvilPhase(env, anvil).catch((error) => {
      log(`anvil: no reference this run: ${error.message}`);
      return null;
    }) : null;
    if (reference) {
      console.log(reference.text);
      if (evm.tps) bench(`ERC-20 transfers through zg-eth-rpc beside anvil, wall clock, client included`, evm.wallTps.toFixed(1), 'tx/s', 'the same client and transfers on anvil', reference.tps.toFixed(1), '');
    }
  } catch (error) {
    env.dumpLogs();
    throw error;
  } finally {
    provider?.destroy();
    await env.cleanup();
  }
  if (failed) process.exitCode = 1;
}

await main();
process.exit(process.exitCode ?? 0);
