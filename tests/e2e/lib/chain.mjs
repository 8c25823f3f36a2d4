// Chain-level helpers for end-to-end tests: dev accounts, waiting for heads, submitting
// extrinsics, reading balances at a block, and raw RPC calls.

import { Keyring } from '@polkadot/api';
import { cryptoWaitReady } from '@polkadot/util-crypto';

import { secs, waitUntil, withTimeout } from './node.mjs';

/** 1 ZG in planck (18 decimals). */
export const ZG = 10n ** 18n;

/** The runtime's SS58 address format. */
export const SS58_FORMAT = 4200;

/** The sr25519 dev accounts (//Alice …), encoded for the zg chain, and their keyring. */
export async function devAccounts() {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519', ss58Format: SS58_FORMAT });
  const accounts = { keyring };
  for (const name of ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie']) {
    accounts[name.toLowerCase()] = keyring.addFromUri(`//${name}`, { name });
  }
  return accounts;
}

/** A new random account that has never been on chain. */
export function freshAccount(keyring, name = 'fresh') {
  return keyring.addFromUri(`//e2e-${name}-${Date.now()}-${Math.random().toString(16).slice(2)}`);
}

/**
 * Resolves with the first header (best or finalized, per `kind`) whose number is ≥ `target`.
 * `label` names the node in the timeout message.
 */
async function waitForHead(api, kind, target, { timeoutMs, label }) {
  let last;
  let onHeader;
  const reached = new Promise((resolve) => {
    onHeader = (header) => {
      last = header.number.toNumber();
      if (last >= target) resolve(header);
    };
  });
  const subscription = api.rpc.chain[kind === 'finalized' ? 'subscribeFinalizedHeads' : 'subscribeNewHeads'](onHeader);
  try {
    return await withTimeout(
      // A subscription that fails to start rejects at once instead of running into the timeout.
      Promise.race([reached, subscription.then(() => reached)]),
      timeoutMs,
      () => `${label}: ${kind} head to reach #${target} (last seen: ${last === undefined ? 'none' : `#${last}`})`,
    );
  } finally {
    subscription.then((unsubscribe) => unsubscribe(), () => {});
  }
}

export function waitForFinalized(api, target, { timeoutMs = secs(120), label = 'node' } = {}) {
  return waitForHead(api, 'finalized', target, { timeoutMs, label });
}

export function waitForBest(api, target, { timeoutMs = secs(120), label = 'node' } = {}) {
  return waitForHead(api, 'best', target, { timeoutMs, label });
}

export async function finalizedHead(api) {
  const hash = await api.rpc.chain.getFinalizedHead();
  const header = await api.rpc.chain.getHeader(hash);
  return { hash: hash.toHex(), number: header.number.toNumber() };
}

export async function bestHead(api) {
  const header = await api.rpc.chain.getHeader();
  return { hash: header.hash.toHex(), number: header.number.toNumber() };
}

/** `system.account` of `address` at block `hash`, as bigints. */
export async function accountAt(api, hash, address) {
  const apiAt = await api.at(hash);
  const { nonce, data } = await apiAt.query.system.account(address);
  return {
    nonce: nonce.toBigInt(),
    free: data.free.toBigInt(),
    reserved: data.reserved.toBigInt(),
    frozen: data.frozen.toBigInt(),
  };
}

/** Human-readable form of a DispatchError (module errors by pallet and name). */
export function describeDispatchError(api, dispatchError) {
  if (dispatchError.isModule) {
    const { section, name, docs } = api.registry.findMetaError(dispatchError.asModule);
    return `${section}.${name}: ${docs.join(' ')}`;
  }
  return dispatchError.toString();
}

/**
 * Signs and submits `tx`, resolving once it is in a finalized block and dispatched successfully.
 * Returns the block hash and this extrinsic's events.
 *
 * An account that is also a node's off-chain-worker key (a storage provider, a compute provider) shares its nonces
 * with that worker: when the worker's transaction takes the nonce first, the node refuses ours (1014, priority too
 * low) or replaces it (usurped). Then it is signed again with the next free nonce, a few times. A transaction
 * usurped in the node we sent it to may still have reached other nodes' pools first and be included by one of them;
 * so before signing again we wait until a finalized block has used its nonce and look for it there: were it found,
 * signing again would do the same thing twice (a second `deleteFile` of the file the first one deleted).
 */
export async function signAndWaitFinalized(api, tx, signer, opts = {}) {
  for (let attempt = 1; ; attempt++) {
    const { number: finalizedBefore } = await finalizedHead(api);
    try {
      return await signAndWaitFinalizedOnce(api, tx, signer, opts);
    } catch (e) {
      const nonceTaken = e?.code === 1014 || /Priority is too low|Usurped/.test(String(e?.message ?? e));
      if (!nonceTaken || attempt >= 5) throw e;
      if (e.usurped) {
        const landed = await findIncluded(api, e.usurped, signer.address, finalizedBefore, e.label);
        if (landed) return landed;
      } else {
        await new Promise((resolve) => setTimeout(resolve, 3000));
      }
    }
  }
}

/**
 * The finalized inclusion of a transaction the pool reported usurped (`hash`, signed with `nonce`), waiting until a
 * finalized block has used that nonce: its result as `signAndWaitFinalized` gives it (rejecting if its dispatch
 * failed), or null when another transaction took the nonce. Looks at the blocks after #`after`.
 */
export async function findIncluded(api, { hash, nonce }, address, after, label) {
  let finalized;
  await waitUntil(async () => {
    finalized = await finalizedHead(api);
    const { nonce: next } = await accountAt(api, finalized.hash, address);
    return next > nonce;
  }, { timeoutMs: secs(120), intervalMs: 1000, what: `${label}: a finalized block to use nonce ${nonce}` });
  for (let number = after + 1; number <= finalized.number; number++) {
    const blockHash = (await api.rpc.chain.getBlockHash(number)).toHex();
    const { block } = await api.rpc.chain.getBlock(blockHash);
    const index = block.extrinsics.findIndex((xt) => xt.hash.toHex() === hash);
    if (index < 0) continue;
    const records = await (await api.at(blockHash)).query.system.events();
    const events = records.filter(({ phase }) => phase.isApplyExtrinsic && phase.asApplyExtrinsic.toNumber() === index);
    const failed = events.find(({ event }) => api.events.system.ExtrinsicFailed.is(event));
    if (failed) {
      throw new Error(`${label}: dispatch failed: ${describeDispatchError(api, failed.event.data[0])}`);
    }
    return { blockHash, events };
  }
  return null;
}

async function signAndWaitFinalizedOnce(api, tx, signer, { timeoutMs = secs(180), label = `${tx.method.section}.${tx.method.method}` } = {}) {
  let lastStatus = 'not submitted';
  let onResult;
  const finalized = new Promise((resolve, reject) => {
    onResult = (result) => {
      const { status, dispatchError, events } = result;
      lastStatus = status.type;
      if (status.isInvalid || status.isDropped || status.isUsurped || status.isFinalityTimeout) {
        const error = new Error(`${label}: transaction ${status.type}`);
        error.label = label;
        // Signed by now: what `signAndWaitFinalized` needs to find it should it be included elsewhere all the same.
        if (status.isUsurped) error.usurped = { hash: tx.hash.toHex(), nonce: tx.nonce.toBigInt() };
        reject(error);
      } else if (status.isFinalized) {
        if (dispatchError) {
          reject(new Error(`${label}: dispatch failed: ${describeDispatchError(api, dispatchError)}`));
        } else {
          resolve({ blockHash: status.asFinalized.toHex(), events });
        }
      }
    };
  });
  const subscription = tx.signAndSend(signer, onResult);
  try {
    return await withTimeout(
      Promise.race([finalized, subscription.then(() => finalized)]),
      timeoutMs,
      () => `${label} to be finalized (last status: ${lastStatus})`,
    );
  } finally {
    subscription.then((unsubscribe) => unsubscribe(), () => {});
  }
}

/** Awaits `promise`, which must reject with an RPC error; returns that error. */
export async function expectRpcError(promise, what) {
  let result;
  try {
    result = await promise;
  } catch (error) {
    // ZgNode.rpc errors carry the JSON-RPC code; anything else (e.g. a network failure) is not the answer we want.
    if (typeof error.code !== 'number') {
      throw new Error(`${what}: expected a JSON-RPC error, got: ${error.stack ?? error}`);
    }
    return error;
  }
  throw new Error(`${what}: expected an RPC error, but the node accepted it (result ${JSON.stringify(result)})`);
}

/**
 * Returns once no session rotation is due within the next `slots` slots: at once where the next one is farther
 * away, else right after it (the block that starts the session). `pallet_session` charges a whole block's weight in
 * the block where it rotates (its `on_initialize` returns `max_block`), so that block carries no transaction. The
 * production runtime (6 s blocks) rotates once an hour, 1 block in 600, so a measurement almost always starts at
 * once; the fast runtime rotates every 10 blocks, which put such a block into most windows of a few blocks, so the
 * benchmarks start right after a rotation and measure what the chain does in the other blocks. Answers
 * `{ text }` saying which.
 */
export async function clearOfSessionRotation(api, slots) {
  const at = await api.at(await api.rpc.chain.getBlockHash());
  const { babe } = at.query;
  const [epoch, genesisSlot, slot, session] = await Promise.all(
    [babe.epochIndex(), babe.genesisSlot(), babe.currentSlot(), at.query.session.currentIndex()],
  );
  const epochSlots = api.consts.babe.epochDuration.toBigInt();
  const left = Number(genesisSlot.toBigInt() + (epoch.toBigInt() + 1n) * epochSlots - slot.toBigInt());
  if (left > slots) return { text: `session ${session.toNumber()} rotates in ${left} slots` };
  const slotMs = api.consts.babe.expectedBlockTime.toNumber();
  const rotated = await sessionJustStarted(api, Math.max(0, left) * slotMs + secs(60));
  return { text: `session ${rotated.session} started at #${rotated.number}` };
}

/** Waits (at most `timeoutMs`) for the next block that starts a session. */
async function sessionJustStarted(api, timeoutMs) {
  const before = (await api.query.session.currentIndex()).toNumber();
  return new Promise((resolve, reject) => {
    let unsubscribe;
    let done = false;
    const finish = (settle, value) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      unsubscribe?.();
      settle(value);
    };
    const timer = setTimeout(
      () => finish(reject, new Error(`no new session within ${(timeoutMs / 1000).toFixed(0)} s`)), timeoutMs);
    api.rpc.chain.subscribeNewHeads(async (header) => {
      if (done) return;
      const session = (await (await api.at(header.hash)).query.session.currentIndex()).toNumber();
      if (session > before) finish(resolve, { session, number: header.number.toNumber() });
    }).then((u) => { unsubscribe = u; if (done) u(); }, (e) => finish(reject, e));
  });
}
