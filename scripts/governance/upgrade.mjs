#!/usr/bin/env node
// Puts a zg runtime upgrade to an OpenGov vote, and applies it once the vote has authorized it.
//
// The flow on chain:
//   1. propose: note the preimage of `system.authorizeUpgrade(blake2_256(wasm))`, submit it as a referendum on
//      the root track (`referenda.submit({System: 'Root'}, {Lookup: {hash, len}}, {After: 0})`) and place the
//      track's decision deposit.
//   2. token holders vote (`convictionVoting.vote`); once the referendum is approved and its enactment period has
//      passed, the scheduler dispatches `system.authorizeUpgrade` and the chain emits `system.UpgradeAuthorized`.
//   3. apply: anyone submits the wasm itself with `system.applyAuthorizedUpgrade(code)`; the chain checks that it
//      hashes to the authorized hash and that its spec_version is higher, stores it (`system.CodeUpdated`), and
//      the next block runs the new runtime, including its storage migrations.
//
// As a library (every function takes a connected ApiPromise and, where it signs, a KeyringPair):
//   notePreimage(api, signer, call)                 → { hash, len, alreadyNoted, blockNumber?, blockHash? }
//   proposeRuntimeUpgrade(api, signer, wasmBytes)   → { referendumIndex, codeHash, submittedAtBlock, ... }
//   waitForUpgradeAuthorized(api, { referendumIndex, codeHash, fromBlock })
//                                                   → { blockNumber, blockHash, approvedAtBlock, ... }
//   applyAuthorizedUpgrade(api, signer, wasmBytes)  → { blockNumber, blockHash, codeHash, ... }
// Transaction waits throw a readable error (`section.Name: docs`) when the dispatch fails, and every wait has a
// timeout (`timeoutMs` option). The library part imports nothing from @polkadot/*: it works with the ApiPromise
// it is given, whichever copy of @polkadot/api created it (so tests/e2e can import this file directly).
//
// As a command line tool (run `--help` for the options):
//   node scripts/governance/upgrade.mjs propose --url ws://127.0.0.1:9944 --wasm zg_runtime.compact.compressed.wasm --suri //Alice
//   node scripts/governance/upgrade.mjs apply   --url ws://127.0.0.1:9944 --wasm zg_runtime.compact.compressed.wasm --suri //Alice

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Default limit for one transaction to be finalized. */
export const DEFAULT_TX_TIMEOUT_MS = 5 * 60_000;

/** Default limit for a referendum to go from submission to enactment (the root track's fast-runtime periods are
 * ~50 blocks at most; production periods are weeks: pass a larger `timeoutMs` there). */
export const DEFAULT_ENACTMENT_TIMEOUT_MS = 15 * 60_000;

/** The root track; runtime upgrades need the Root origin. */
export const ROOT_TRACK_ID = 0;

/** `:code`, the storage key of the runtime wasm. */
const CODE_KEY = '0x3a636f6465';

/** Prefix of a zstd-compressed runtime blob (sp-maybe-compressed-blob) and the magic of a plain wasm module. */
const ZSTD_PREFIX = [0x52, 0xbc, 0x53, 0x76, 0x46, 0xdb, 0x8e, 0x05];
const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];

/** A transaction or wait that did not reach its goal; `message` says why in words. */
export class UpgradeError extends Error {
  constructor(message, details = {}) {
    super(message);
    this.name = 'UpgradeError';
    Object.assign(this, details);
  }
}

// ---------------------------------------------------------------------------------------------
// Small helpers

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Rejects with an UpgradeError if `promise` does not settle within `ms`; `message` may be a function. */
export async function withTimeout(promise, ms, message) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => {
      const text = typeof message === 'function' ? message() : message;
      reject(new UpgradeError(`Timed out after ${Math.round(ms / 1000)} s: ${text}`, { timedOut: true }));
    }, ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// Byte arguments go to @polkadot/api as hex: it reads a Uint8Array for `Bytes` as already SCALE-encoded
// (length-prefixed), a hex string as the raw bytes.
const toHex = (u8a) => `0x${Buffer.from(u8a.buffer, u8a.byteOffset, u8a.byteLength).toString('hex')}`;

/** A plain Uint8Array view of a Buffer / Uint8Array / 0x-hex string. */
function asBytes(data, what) {
  if (typeof data === 'string' && /^0x([0-9a-f]{2})*$/i.test(data)) return Uint8Array.from(Buffer.from(data.slice(2), 'hex'));
  if (data instanceof Uint8Array) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  throw new UpgradeError(`${what} must be a Uint8Array, a Buffer or a 0x-prefixed hex string`);
}

/** Throws unless `bytes` look like a runtime: a zstd-compressed blob or a wasm module. */
export function checkRuntimeBlob(bytes, what = 'runtime wasm') {
  const startsWith = (prefix) => bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
  if (bytes.length === 0) throw new UpgradeError(`${what} is empty`);
  if (!startsWith(ZSTD_PREFIX) && !startsWith(WASM_MAGIC)) {
    throw new UpgradeError(`${what} is neither a wasm module nor a compressed runtime blob (it starts with `
      + `${toHex(bytes.subarray(0, 8))}); use the *.compact.compressed.wasm that scripts/build-runtime.sh prints`);
  }
}

/** blake2-256 with the chain's hasher (what frame_system compares authorized code hashes against). */
export function codeHashOf(api, wasmBytes) {
  return api.registry.hash(asBytes(wasmBytes, 'wasm')).toHex();
}

/** `amount` planck as a decimal number of tokens, e.g. `100,000 ZG`. */
export function formatBalance(api, amount) {
  const decimals = api.registry.chainDecimals?.[0] ?? 18;
  const symbol = api.registry.chainTokens?.[0] ?? 'units';
  const value = BigInt(amount.toString());
  const unit = 10n ** BigInt(decimals);
  const whole = (value / unit).toLocaleString('en-US');
  const frac = (value % unit).toString().padStart(decimals, '0').replace(/0+$/, '').slice(0, 4);
  return `${whole}${frac ? `.${frac}` : ''} ${symbol}`;
}

function requireCalls(api, names) {
  const missing = names.filter((name) => {
    const [section, method] = name.split('.');
    return !api.tx[section]?.[method];
  });
  if (missing.length) {
    throw new UpgradeError(`the chain's runtime (${api.runtimeVersion.specName} spec_version `
      + `${api.runtimeVersion.specVersion}) has no ${missing.join(', ')}: is this a zg chain with OpenGov?`);
  }
}

/** `section.Name: docs` for a DispatchError (module errors decoded through the metadata). */
export function describeDispatchError(api, dispatchError) {
  try {
    if (dispatchError.isModule) {
      // The error's own registry: the metadata of the runtime that produced it.
      const { section, name, docs } = (dispatchError.registry ?? api.registry).findMetaError(dispatchError.asModule);
      return `${section}.${name}: ${docs.join(' ').trim() || '(no docs)'}`;
    }
    if (dispatchError.isToken) return `Token.${dispatchError.asToken.type}: a balance or asset rule was broken`;
    if (dispatchError.isArithmetic) return `Arithmetic.${dispatchError.asArithmetic.type}`;
    if (dispatchError.isTransactional) return `Transactional.${dispatchError.asTransactional.type}`;
    if (dispatchError.isBadOrigin) return 'BadOrigin: the call was dispatched from an origin that may not make it';
    return dispatchError.type ?? dispatchError.toString();
  } catch {
    return dispatchError.toString();
  }
}

const eventIs = (record, section, method) => record.event.section === section && record.event.method === method;

/** The first event record `section.method` in `records` (optionally also passing `where`). */
function findEvent(records, section, method, where = () => true) {
  return records.find((record) => eventIs(record, section, method) && where(record.event));
}

/** Encoded bytes of a call: a SubmittableExtrinsic (its call), a Call, bytes or a hex string. */
function encodeCall(call) {
  if (call?.method && typeof call.method.toU8a === 'function') return call.method.toU8a();
  if (call && typeof call.toU8a === 'function' && !(call instanceof Uint8Array)) return call.toU8a();
  return asBytes(call, 'call');
}

// ---------------------------------------------------------------------------------------------
// Transactions

/** The position of extrinsic `txHash` in block `blockHash`, from the raw block (no metadata involved). */
async function extrinsicIndex(api, blockHash, txHash) {
  const { block } = await api.rpc.chain.getBlock.raw(blockHash);
  const index = block.extrinsics.findIndex((hex) => api.registry.hash(Uint8Array.from(Buffer.from(hex.slice(2), 'hex'))).toHex() === txHash);
  if (index < 0) throw new UpgradeError(`extrinsic ${txHash} is not in block ${blockHash}`);
  return index;
}

/** All event records of block `blockHash`, decoded with the metadata of the runtime that executed it. */
async function eventsAt(api, blockHash) {
  return (await api.at(blockHash)).query.system.events();
}

/**
 * Signs and submits `tx` and waits until it is in a finalized block (`until: 'finalized'`, the default) or in a
 * best block (`until: 'inBlock'`). Throws an UpgradeError when the pool rejects it, it is dropped, its dispatch
 * fails (decoded `section.Name: docs`), or `timeoutMs` passes. Returns the block and this extrinsic's events.
 *
 * It watches the raw transaction status and reads the events itself, once, when the wait is over, instead of
 * letting `signAndSend` decode events at every status: around a runtime upgrade @polkadot/api swaps its default
 * registry to the new metadata in place, and a registry it cached for the upgrade block would then decode that
 * block's events (written by the old runtime) with the new types.
 */
export async function submitAndWait(api, tx, signer, {
  label = `${tx.method.section}.${tx.method.method}`,
  timeoutMs = DEFAULT_TX_TIMEOUT_MS,
  until = 'finalized',
  signOptions = {},
  beforeEvents = async () => {},
} = {}) {
  const deadline = Date.now() + timeoutMs;
  const left = () => Math.max(deadline - Date.now(), 1);
  let lastStatus = 'not yet submitted';
  let settle;
  const done = new Promise((resolve, reject) => { settle = { resolve, reject }; });
  const signed = await withTimeout(tx.signAsync(signer, signOptions), left(), `${label}: signing (nonce lookup)`);
  const txHash = signed.hash.toHex();
  const subscription = api.rpc.author.submitAndWatchExtrinsic(signed, (status) => {
    lastStatus = status.type;
    if (status.isInvalid || status.isDropped || status.isUsurped || status.isFinalityTimeout) {
      settle.reject(new UpgradeError(`${label}: the transaction pool reports the transaction ${status.type}`
        + (status.isInvalid ? ' (a stale nonce, or the signer cannot pay the fees)' : '')));
    } else if (status.isFinalized) {
      settle.resolve({ blockHash: status.asFinalized.toHex(), finalized: true });
    } else if (status.isInBlock && until === 'inBlock') {
      settle.resolve({ blockHash: status.asInBlock.toHex(), finalized: false });
    }
  });
  subscription.catch((error) => settle.reject(new UpgradeError(`${label}: the node refused the transaction: ${error.message}`)));
  let blockHash;
  try {
    ({ blockHash } = await withTimeout(done, left(),
      () => `${label} to be ${until === 'inBlock' ? 'included in a block' : 'finalized'} (last status: ${lastStatus})`));
  } finally {
    subscription.then((unsubscribe) => unsubscribe(), () => {});
  }
  return withTimeout((async () => {
    // Untyped (`.raw`) RPC until the events are read: a typed call at `blockHash` would make @polkadot/api pick
    // (and cache) a registry for that block, possibly before an upgrade's registry swap (see above).
    const blockNumber = Number.parseInt((await api.rpc.chain.getHeader.raw(blockHash)).number, 16);
    const index = await extrinsicIndex(api, blockHash, txHash);
    await beforeEvents(blockHash, blockNumber);
    const records = await eventsAt(api, blockHash);
    const events = records.filter(({ phase }) => phase.isApplyExtrinsic && phase.asApplyExtrinsic.toNumber() === index);
    const failed = findEvent(events, 'system', 'ExtrinsicFailed');
    if (failed) {
      const dispatchError = failed.event.data[0];
      throw new UpgradeError(`${label} failed in block #${blockNumber}: ${describeDispatchError(api, dispatchError)}`,
        { dispatchError, blockHash, blockNumber });
    }
    return { blockHash, blockNumber, txHash, index, events, allEvents: records, finalized: until !== 'inBlock' };
  })(), left(), `${label}: reading the events of its block ${blockHash}`);
}

/**
 * Notes the preimage of `call` (a SubmittableExtrinsic such as `api.tx.system.authorizeUpgrade(hash)`, a Call, or
 * its encoded bytes) unless it is already noted. Returns its blake2-256 `hash` and byte length `len`, as a
 * referendum's `{Lookup: {hash, len}}` needs them.
 */
export async function notePreimage(api, signer, call, { timeoutMs = DEFAULT_TX_TIMEOUT_MS } = {}) {
  requireCalls(api, ['preimage.notePreimage']);
  const bytes = encodeCall(call);
  const hash = api.registry.hash(bytes).toHex();
  const len = bytes.length;
  if ((await api.query.preimage.preimageFor([hash, len])).isSome) {
    return { hash, len, alreadyNoted: true };
  }
  const { blockHash, blockNumber, events } = await submitAndWait(api, api.tx.preimage.notePreimage(toHex(bytes)), signer,
    { label: 'preimage.notePreimage', timeoutMs });
  if (!findEvent(events, 'preimage', 'Noted', (event) => event.data[0].toHex() === hash)) {
    throw new UpgradeError(`preimage.notePreimage was finalized in block #${blockNumber} without a preimage.Noted event for ${hash}`);
  }
  return { hash, len, alreadyNoted: false, blockNumber, blockHash };
}

/** The track `trackId` from the runtime's constants, with plain numbers and bigints. */
export function trackInfo(api, trackId = ROOT_TRACK_ID) {
  const entry = api.consts.referenda.tracks.find(([id]) => id.toNumber() === trackId);
  if (!entry) throw new UpgradeError(`the runtime has no referendum track ${trackId}`);
  const info = entry[1];
  return {
    id: trackId,
    // `StringLike` in the metadata is a string; older runtimes expose the raw byte array.
    name: (info.name.toRawType?.() === 'Text' ? info.name.toString() : Buffer.from(info.name.toU8a(true)).toString('utf8'))
      .replace(/\0+$/, ''),
    maxDeciding: info.maxDeciding.toNumber(),
    decisionDeposit: info.decisionDeposit.toBigInt(),
    preparePeriod: info.preparePeriod.toNumber(),
    decisionPeriod: info.decisionPeriod.toNumber(),
    confirmPeriod: info.confirmPeriod.toNumber(),
    minEnactmentPeriod: info.minEnactmentPeriod.toNumber(),
  };
}

/** What `who` can still put under a hold: free balance less the part of its freezes that holds do not cover. */
async function holdableBalance(api, who) {
  const { data } = await api.query.system.account(who);
  const free = data.free.toBigInt();
  const frozen = (data.frozen ?? data.miscFrozen).toBigInt();
  const reserved = data.reserved.toBigInt();
  const untouchable = frozen > reserved ? frozen - reserved : 0n;
  return free > untouchable ? free - untouchable : 0n;
}

/**
 * Puts `wasmBytes` (the compressed runtime) to a vote on the root track: notes the preimage of
 * `system.authorizeUpgrade(blake2_256(wasm))`, submits the referendum (enactment `{After: enactmentAfter}`, which
 * the track's minimum enactment period overrides when shorter) and places its decision deposit.
 *
 * Returns { referendumIndex, codeHash, submittedAtBlock, submittedAtBlockHash, decisionDepositAtBlock,
 * preimage: {hash, len, alreadyNoted}, track }.
 */
export async function proposeRuntimeUpgrade(api, signer, wasmBytes, { timeoutMs = DEFAULT_TX_TIMEOUT_MS, enactmentAfter = 0, log = () => {} } = {}) {
  const code = asBytes(wasmBytes, 'wasm');
  checkRuntimeBlob(code);
  requireCalls(api, ['preimage.notePreimage', 'referenda.submit', 'referenda.placeDecisionDeposit', 'system.authorizeUpgrade']);
  const codeHash = codeHashOf(api, code);

  const running = (await api.rpc.state.getStorageHash(CODE_KEY)).toHex();
  if (running === codeHash) {
    throw new UpgradeError(`this wasm (code hash ${codeHash}) is the runtime the chain already runs; nothing to upgrade`);
  }
  const authorized = await api.query.system.authorizedUpgrade();
  if (authorized.isSome && authorized.unwrap().codeHash.toHex() === codeHash) {
    throw new UpgradeError(`an upgrade to this wasm (code hash ${codeHash}) is already authorized; run \`apply\` instead`);
  }

  // Fail before noting anything if the deposits cannot be paid.
  const track = trackInfo(api, ROOT_TRACK_ID);
  const call = api.tx.system.authorizeUpgrade(codeHash);
  const needed = api.consts.referenda.submissionDeposit.toBigInt() + track.decisionDeposit;
  const holdable = await holdableBalance(api, signer.address);
  if (holdable < needed) {
    throw new UpgradeError(`${signer.address} can put ${formatBalance(api, holdable)} under holds, but the root track needs `
      + `${formatBalance(api, needed)} (submission deposit ${formatBalance(api, api.consts.referenda.submissionDeposit)}`
      + ` + decision deposit ${formatBalance(api, track.decisionDeposit)}) plus the preimage deposit and fees`);
  }

  log(`noting the preimage of system.authorizeUpgrade(${codeHash})`);
  const preimage = await notePreimage(api, signer, call, { timeoutMs });
  log(preimage.alreadyNoted
    ? `preimage ${preimage.hash} (${preimage.len} bytes) was already noted`
    : `preimage ${preimage.hash} (${preimage.len} bytes) noted in block #${preimage.blockNumber}`);

  log('submitting the referendum on the root track');
  const submitted = await submitAndWait(api,
    api.tx.referenda.submit({ System: 'Root' }, { Lookup: { hash: preimage.hash, len: preimage.len } }, { After: enactmentAfter }),
    signer, { label: 'referenda.submit', timeoutMs });
  const event = findEvent(submitted.events, 'referenda', 'Submitted');
  if (!event) throw new UpgradeError(`referenda.submit was finalized in block #${submitted.blockNumber} without a referenda.Submitted event`);
  const referendumIndex = event.event.data[0].toNumber();
  const trackId = event.event.data[1].toNumber();
  if (trackId !== ROOT_TRACK_ID) {
    throw new UpgradeError(`referendum #${referendumIndex} landed on track ${trackId}, not the root track ${ROOT_TRACK_ID}`);
  }
  log(`referendum #${referendumIndex} submitted in block #${submitted.blockNumber}`);

  log(`placing the decision deposit (${formatBalance(api, track.decisionDeposit)})`);
  const deposit = await submitAndWait(api, api.tx.referenda.placeDecisionDeposit(referendumIndex), signer,
    { label: 'referenda.placeDecisionDeposit', timeoutMs });
  if (!findEvent(deposit.events, 'referenda', 'DecisionDepositPlaced', (e) => e.data[0].toNumber() === referendumIndex)) {
    throw new UpgradeError(`referenda.placeDecisionDeposit was finalized in block #${deposit.blockNumber} without a referenda.DecisionDepositPlaced event`);
  }
  log(`decision deposit placed in block #${deposit.blockNumber}`);

  return {
    referendumIndex,
    codeHash,
    submittedAtBlock: submitted.blockNumber,
    submittedAtBlockHash: submitted.blockHash,
    decisionDepositAtBlock: deposit.blockNumber,
    preimage: { hash: preimage.hash, len: preimage.len, alreadyNoted: preimage.alreadyNoted },
    track,
  };
}

// ---------------------------------------------------------------------------------------------
// Following the referendum

/**
 * Calls `visit(blockNumber, blockHash, eventRecords)` for every finalized block from `fromBlock` on, in order,
 * until it returns something other than undefined (which is returned) or throws. Finalized-head notifications may
 * skip numbers; every block in between is visited.
 */
export async function scanFinalizedEvents(api, fromBlock, visit, { timeoutMs, what = 'the awaited event' }) {
  let next = fromBlock;
  let finalized;
  let stopped = false;
  let busy = false;
  let settle;
  const done = new Promise((resolve, reject) => { settle = { resolve, reject }; });
  const pump = async () => {
    if (busy || stopped) return;
    busy = true;
    try {
      while (!stopped && finalized !== undefined && next <= finalized) {
        const hash = (await api.rpc.chain.getBlockHash(next)).toHex();
        // api.at decodes with the metadata of the runtime that executed the block (its parent's code).
        const records = await (await api.at(hash)).query.system.events();
        const found = await visit(next, hash, records);
        next += 1;
        if (found !== undefined) {
          stopped = true;
          settle.resolve(found);
        }
      }
    } catch (error) {
      stopped = true;
      settle.reject(error);
    } finally {
      busy = false;
    }
    if (!stopped && finalized !== undefined && next <= finalized) pump();
  };
  const subscription = api.rpc.chain.subscribeFinalizedHeads((header) => {
    finalized = header.number.toNumber();
    pump();
  });
  subscription.catch((error) => settle.reject(error));
  try {
    return await withTimeout(done, timeoutMs, () => `${what} (scanned finalized blocks #${fromBlock}..#${next - 1})`);
  } finally {
    stopped = true;
    subscription.then((unsubscribe) => unsubscribe(), () => {});
  }
}

/** The scheduler task name under which pallet-referenda enacts referendum `index`:
 * blake2_256(("assembly", "enactment", index).encode()). */
export function enactmentTaskName(api, index) {
  const idx = Buffer.alloc(4);
  idx.writeUInt32LE(index);
  const encoded = Buffer.concat([Buffer.from('assembly'), Buffer.from([9 << 2]), Buffer.from('enactment'), idx]);
  return api.registry.hash(Uint8Array.from(encoded)).toHex();
}

const REFERENDUM_FAILED = ['Rejected', 'TimedOut', 'Cancelled', 'Killed'];
const REFERENDUM_PROGRESS = ['DecisionStarted', 'ConfirmStarted', 'ConfirmAborted', 'Confirmed', 'Approved'];

/**
 * Follows referendum `referendumIndex` through finalized blocks from `fromBlock` (its submission block) until its
 * enactment emits `system.UpgradeAuthorized` for `codeHash`. Throws as soon as the referendum is rejected, times
 * out, is cancelled or killed, or its enactment fails. `onProgress(text)` hears each step.
 *
 * Returns { blockNumber, blockHash, checkVersion, steps }: `steps` maps DecisionStarted, ConfirmStarted, Confirmed
 * (= approved; this pallet version emits no separate Approved event) and Enacted to their block numbers.
 */
export async function waitForUpgradeAuthorized(api, { referendumIndex, codeHash, fromBlock, timeoutMs = DEFAULT_ENACTMENT_TIMEOUT_MS, onProgress = () => {} }) {
  const taskName = enactmentTaskName(api, referendumIndex);
  const steps = {};
  const start = fromBlock ?? (await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead())).number.toNumber();
  return scanFinalizedEvents(api, start, (number, hash, records) => {
    let authorized;
    for (const { event } of records) {
      if (event.section === 'referenda' && event.data[0]?.toNumber?.() === referendumIndex) {
        if (REFERENDUM_FAILED.includes(event.method)) {
          throw new UpgradeError(`referendum #${referendumIndex} was ${event.method} in block #${number}`
            + `${event.data.tally ? ` (tally ${JSON.stringify(event.data.tally.toHuman())})` : ''}`);
        }
        if (REFERENDUM_PROGRESS.includes(event.method)) {
          steps[event.method] ??= number;
          onProgress(`referendum #${referendumIndex}: ${event.method} in block #${number}`);
        }
      } else if (event.section === 'scheduler' && ['Dispatched', 'CallUnavailable', 'PermanentlyOverweight'].includes(event.method)
        && event.data.id?.isSome && event.data.id.unwrap().toHex() === taskName) {
        if (event.method !== 'Dispatched') {
          throw new UpgradeError(`the enactment of referendum #${referendumIndex} failed in block #${number}: scheduler.${event.method}`
            + (event.method === 'CallUnavailable' ? ' (its preimage is no longer available)' : ''));
        }
        if (event.data.result.isErr) {
          throw new UpgradeError(`the enactment of referendum #${referendumIndex} failed in block #${number}: `
            + describeDispatchError(api, event.data.result.asErr));
        }
        steps.Enacted ??= number;
      } else if (event.section === 'system' && event.method === 'UpgradeAuthorized' && event.data[0].toHex() === codeHash) {
        authorized = { blockNumber: number, blockHash: hash, checkVersion: event.data[1].isTrue, steps };
      }
    }
    if (authorized) onProgress(`system.UpgradeAuthorized(${codeHash}) in block #${number}`);
    return authorized;
  }, { timeoutMs, what: `referendum #${referendumIndex} to be enacted and emit system.UpgradeAuthorized(${codeHash})` });
}

/** Status of a referendum: { status: 'Ongoing' | 'Approved' | 'Rejected' | ... | 'None', ongoing? }. */
export async function referendumStatus(api, referendumIndex) {
  const info = await api.query.referenda.referendumInfoFor(referendumIndex);
  if (info.isNone) return { status: 'None' };
  const value = info.unwrap();
  return { status: value.type, ongoing: value.isOngoing ? value.asOngoing : undefined };
}

// ---------------------------------------------------------------------------------------------
// Applying

/**
 * Submits `wasmBytes` with `system.applyAuthorizedUpgrade` (signed by `signer`; a valid upgrade pays no fee) and
 * waits until `system.CodeUpdated` is in a finalized block. Checks first that exactly this code is authorized.
 * The call succeeds even when it rejects the code (then the chain emits `system.RejectedInvalidAuthorizedUpgrade`
 * and drops the authorization); that is reported as an error too.
 *
 * Returns { blockNumber, blockHash, codeHash, txHash, specVersionBefore }: the new runtime runs from block
 * `blockNumber + 1`.
 */
export async function applyAuthorizedUpgrade(api, signer, wasmBytes, { timeoutMs = DEFAULT_TX_TIMEOUT_MS } = {}) {
  const code = asBytes(wasmBytes, 'wasm');
  checkRuntimeBlob(code);
  requireCalls(api, ['system.applyAuthorizedUpgrade']);
  const codeHash = codeHashOf(api, code);

  const authorized = await api.query.system.authorizedUpgrade();
  if (authorized.isNone) {
    throw new UpgradeError('no runtime upgrade is authorized on chain: the referendum must be approved and enacted first '
      + '(its enactment emits system.UpgradeAuthorized), or the upgrade was applied already');
  }
  const authorizedHash = authorized.unwrap().codeHash.toHex();
  if (authorizedHash !== codeHash) {
    throw new UpgradeError(`the chain authorized code hash ${authorizedHash}, but this wasm hashes to ${codeHash}: wrong file?`);
  }
  const specVersionBefore = (await api.rpc.state.getRuntimeVersion()).specVersion.toNumber();

  // Once the block with the new code is the node's best, @polkadot/api reloads the metadata and swaps its default
  // registry in place. The events of that block must be read after the swap (then the api builds a registry for
  // the old runtime, which wrote them), not during it: wait for it whenever the code did change.
  let codeChanged = false;
  const beforeEvents = async (blockHash) => {
    codeChanged = (await api.rpc.state.getStorageHash.raw(CODE_KEY, blockHash)) === codeHash;
    if (!codeChanged) return;
    const deadline = Date.now() + 60_000;
    while (api.runtimeVersion.specVersion.toNumber() === specVersionBefore && Date.now() < deadline) await delay(250);
  };
  const { blockHash, blockNumber, txHash, allEvents: records } = await submitAndWait(api,
    api.tx.system.applyAuthorizedUpgrade(toHex(code)), signer, { label: 'system.applyAuthorizedUpgrade', timeoutMs, beforeEvents });
  const rejected = findEvent(records, 'system', 'RejectedInvalidAuthorizedUpgrade');
  if (rejected) {
    throw new UpgradeError(`the chain rejected the authorized code in block #${blockNumber} and dropped the authorization: `
      + `${describeDispatchError(api, rejected.event.data[1])} (a new runtime must have a higher spec_version and the same spec_name)`);
  }
  // CodeUpdated is deposited while the extrinsic runs.
  const updated = findEvent(records, 'system', 'CodeUpdated');
  if (!updated || !codeChanged) {
    throw new UpgradeError(`system.applyAuthorizedUpgrade was finalized in block #${blockNumber} without `
      + (updated ? 'changing the stored code' : 'a system.CodeUpdated event'));
  }
  if (updated.event.data[0].toHex() !== codeHash) {
    throw new UpgradeError(`system.CodeUpdated in block #${blockNumber} reports code hash ${updated.event.data[0].toHex()}, not ${codeHash}`);
  }
  return { blockNumber, blockHash, codeHash, txHash, specVersionBefore };
}

/**
 * Waits until the node's best block runs a runtime whose spec_version is `specVersion` (or passes it, when it is a
 * function); returns that spec_version. Polled: no subscription reports it.
 */
export async function waitForSpecVersion(api, specVersion, { timeoutMs = DEFAULT_TX_TIMEOUT_MS, intervalMs = 1000 } = {}) {
  const matches = typeof specVersion === 'function' ? specVersion : (v) => v === specVersion;
  const deadline = Date.now() + timeoutMs;
  let seen;
  for (;;) {
    seen = (await api.rpc.state.getRuntimeVersion()).specVersion.toNumber();
    if (matches(seen)) return seen;
    if (Date.now() >= deadline) {
      throw new UpgradeError(`Timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${typeof specVersion === 'function' ? 'a new' : ''} `
        + `spec_version${typeof specVersion === 'function' ? '' : ` ${specVersion}`} (the node reports ${seen})`, { timedOut: true });
    }
    await delay(intervalMs);
  }
}

// ---------------------------------------------------------------------------------------------
// Command line

const USAGE = `Usage: node scripts/governance/upgrade.mjs <command> [options]

Put a zg runtime upgrade to an OpenGov vote on the root track, then apply it once the vote has authorized it.

Commands:
  propose   Note the preimage of system.authorizeUpgrade(blake2_256(wasm)), submit it as a referendum on the
            root track ({After: 0}; the track's minimum enactment period applies) and place the decision deposit.
            Prints the referendum index and code hash. Token holders then vote with convictionVoting.vote.
  apply     After the referendum has been enacted (the chain emitted system.UpgradeAuthorized), submit the wasm
            with system.applyAuthorizedUpgrade and wait until system.CodeUpdated is in a finalized block.

Options:
  --url <ws-url>    RPC endpoint of a node (default ws://127.0.0.1:9944)
  --wasm <path>     the runtime to upgrade to: the *.compact.compressed.wasm that scripts/build-runtime.sh prints
  --suri <suri>     secret URI of the sr25519 signing account: a mnemonic, a hex seed or a dev URI like //Alice
                    (default: $ZG_SURI; prefer the environment variable for real keys, the command line is visible
                    to other users of the machine)
  --wait            propose: also follow the referendum until it is enacted (system.UpgradeAuthorized)
  --timeout <s>     limit for each transaction, and for --wait (default 300; --wait: 900)
  --json            print the result as JSON on stdout (progress goes to stderr)
  -h, --help        print this help

Examples:
  node scripts/governance/upgrade.mjs propose --url ws://127.0.0.1:9944 --wasm "$(scripts/build-runtime.sh | tail -1)" --suri //Alice
  node scripts/governance/upgrade.mjs apply --url ws://127.0.0.1:9944 --wasm "$CARGO_TARGET_DIR/release/wbuild/zg-runtime/zg_runtime.compact.compressed.wasm" --suri //Alice
`;

class UsageError extends Error {}

/** Parses `argv` (after the script) into { command, options }; no dependencies. */
export function parseArgs(argv) {
  const options = { url: 'ws://127.0.0.1:9944', wait: false, json: false, help: false };
  const valued = { '--url': 'url', '--wasm': 'wasm', '--suri': 'suri', '--timeout': 'timeout' };
  let command;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag === '-h' || flag === '--help') {
      options.help = true;
    } else if (flag === '--wait' || flag === '--json') {
      options[flag.slice(2)] = true;
    } else if (valued[flag]) {
      const value = inline ?? argv[++i];
      if (value === undefined || (inline === undefined && value.startsWith('--'))) throw new UsageError(`${flag} needs a value`);
      options[valued[flag]] = value;
    } else if (flag.startsWith('-')) {
      throw new UsageError(`unknown option ${flag}`);
    } else if (command === undefined) {
      command = flag;
    } else {
      throw new UsageError(`unexpected argument ${flag}`);
    }
  }
  if (options.timeout !== undefined) {
    const seconds = Number(options.timeout);
    if (!Number.isFinite(seconds) || seconds <= 0) throw new UsageError(`--timeout must be a positive number of seconds, not ${options.timeout}`);
    options.timeoutMs = seconds * 1000;
  }
  return { command, options };
}

function readWasm(file) {
  if (!file) throw new UsageError('--wasm <path> is required');
  let stat;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    if (error.code === 'ENOENT') {
      throw new UpgradeError(`wasm file not found: ${file} (build it with scripts/build-runtime.sh, which prints its path)`);
    }
    throw new UpgradeError(`cannot read the wasm file ${file}: ${error.message}`);
  }
  if (!stat.isFile()) throw new UpgradeError(`${file} is not a file`);
  const bytes = new Uint8Array(fs.readFileSync(file));
  checkRuntimeBlob(bytes, file);
  return bytes;
}

/** Connects to `url`, failing with a readable error (not endless reconnects) when no node answers. */
async function connect(url, timeoutMs) {
  if (!/^wss?:\/\//.test(url)) throw new UsageError(`--url must be a ws:// or wss:// URL, not ${url}`);
  const { ApiPromise, WsProvider } = await import('@polkadot/api');
  const provider = new WsProvider(url, false);
  const fail = async (reason) => {
    await provider.disconnect().catch(() => {});
    return new UpgradeError(`cannot reach a node at ${url}: ${reason}. Is zg-node running, with its RPC on that port `
      + '(--rpc-port; add --rpc-external for another machine)?');
  };
  try {
    const opened = new Promise((resolve, reject) => {
      const offConnected = provider.on('connected', () => { offConnected(); offError(); resolve(); });
      const offError = provider.on('error', (error) => { offConnected(); offError(); reject(error); });
    });
    await provider.connect();
    await withTimeout(opened, Math.min(timeoutMs, 30_000), 'no answer');
  } catch (error) {
    throw await fail(error?.message || error?.type || String(error) || 'connection failed');
  }
  try {
    return await withTimeout(ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true }), timeoutMs, 'reading the chain metadata');
  } catch (error) {
    throw await fail(error.message);
  }
}

async function signerFrom(api, suri) {
  if (!suri) throw new UsageError('--suri <secret URI> (or $ZG_SURI) is required to sign');
  const { Keyring } = await import('@polkadot/api');
  const { cryptoWaitReady } = await import('@polkadot/util-crypto');
  await cryptoWaitReady();
  try {
    return new Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 }).addFromUri(suri);
  } catch (error) {
    throw new UpgradeError(`--suri is not a valid secret URI: ${error.message}`);
  }
}

async function main(argv) {
  const { command, options } = parseArgs(argv);
  if (options.help || command === undefined || command === 'help') {
    process.stdout.write(USAGE);
    if (command === undefined && !options.help) process.exitCode = 2;
    return;
  }
  if (!['propose', 'apply'].includes(command)) throw new UsageError(`unknown command ${command}`);
  const suri = options.suri ?? process.env.ZG_SURI;
  if (!suri) throw new UsageError('--suri <secret URI> (or $ZG_SURI) is required to sign');
  const wasm = readWasm(options.wasm);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TX_TIMEOUT_MS;
  const say = (text) => (options.json ? process.stderr : process.stdout).write(`${text}\n`);

  const api = await connect(options.url, timeoutMs);
  try {
    const signer = await signerFrom(api, suri);
    const { specName, specVersion } = api.runtimeVersion;
    const codeHash = codeHashOf(api, wasm);
    say(`Connected to ${options.url}: ${(await api.rpc.system.chain()).toString()}, runtime ${specName} spec_version ${specVersion}`);
    say(`Runtime wasm: ${path.resolve(options.wasm)} (${wasm.length.toLocaleString('en-US')} bytes), code hash ${codeHash}`);
    say(`Signer: ${signer.address}`);

    if (command === 'propose') {
      const result = await proposeRuntimeUpgrade(api, signer, wasm, { timeoutMs, log: (text) => say(`  ${text}`) });
      const { track } = result;
      let enacted;
      if (options.wait) {
        say('Waiting for the vote and the enactment (--wait)...');
        enacted = await waitForUpgradeAuthorized(api, {
          referendumIndex: result.referendumIndex, codeHash, fromBlock: result.submittedAtBlock,
          timeoutMs: options.timeoutMs ?? DEFAULT_ENACTMENT_TIMEOUT_MS, onProgress: (text) => say(`  ${text}`),
        });
      }
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ ...result, track: { ...track, decisionDeposit: track.decisionDeposit.toString() }, enacted }, null, 2)}\n`);
        return;
      }
      const args = `--url ${options.url} --wasm ${options.wasm}${options.suri ? ' --suri <suri>' : ''}`;
      say('');
      say(`Referendum index: ${result.referendumIndex}`);
      say(`Code hash:        ${codeHash}`);
      say(`Submitted:        block #${result.submittedAtBlock} (decision deposit in block #${result.decisionDepositAtBlock})`);
      say('');
      if (enacted) {
        say(`The upgrade was authorized in block #${enacted.blockNumber}. Next, apply it:`);
        say(`  node scripts/governance/upgrade.mjs apply ${args}`);
        return;
      }
      say('Next:');
      say(`  1. Vote. The ${track.name} track prepares for ${track.preparePeriod} blocks, then decides for up to ${track.decisionPeriod} blocks;`);
      say(`     once approval and support stay above the track's curves for ${track.confirmPeriod} blocks the referendum is approved.`);
      say(`     Vote aye with convictionVoting.vote(${result.referendumIndex}, {Standard: {vote: {aye: true, conviction: 'Locked1x'}, balance}}),`);
      say('     e.g. in polkadot.js apps (Governance > Referenda).');
      say(`  2. At least ${track.minEnactmentPeriod} blocks after approval the chain enacts system.authorizeUpgrade and emits`);
      say(`     system.UpgradeAuthorized(${codeHash}).`);
      say('  3. Then anyone can submit the code (a valid upgrade pays no fee):');
      say(`     node scripts/governance/upgrade.mjs apply ${args}`);
    } else {
      say('Submitting system.applyAuthorizedUpgrade...');
      const result = await applyAuthorizedUpgrade(api, signer, wasm, { timeoutMs });
      let specVersionAfter;
      try {
        specVersionAfter = await waitForSpecVersion(api, (v) => v !== result.specVersionBefore, { timeoutMs: Math.min(timeoutMs, 120_000) });
      } catch {
        specVersionAfter = (await api.rpc.state.getRuntimeVersion()).specVersion.toNumber();
      }
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ ...result, specVersionAfter }, null, 2)}\n`);
        return;
      }
      say(`system.CodeUpdated in finalized block #${result.blockNumber} (${result.blockHash}).`);
      say(`The new runtime runs from block #${result.blockNumber + 1}: spec_version ${result.specVersionBefore} -> ${specVersionAfter}.`);
      if (specVersionAfter === result.specVersionBefore) {
        say(`Warning: the node still reports spec_version ${specVersionAfter}: either no block has been built on the new code yet`
          + ' (check that blocks are being produced), or the code was authorized without version checks and kept its spec_version.');
      }
    }
  } finally {
    await api.disconnect().catch(() => {});
  }
}

const invokedPath = process.argv[1] ? (() => { try { return fs.realpathSync(process.argv[1]); } catch { return process.argv[1]; } })() : undefined;
if (invokedPath && pathToFileURL(invokedPath).href === pathToFileURL(fs.realpathSync(fileURLToPath(import.meta.url))).href) {
  main(process.argv.slice(2)).then(() => {
    // @polkadot/api may keep timers alive for a moment after disconnecting.
    process.exit(process.exitCode ?? 0);
  }, (error) => {
    if (error instanceof UsageError) {
      process.stderr.write(`error: ${error.message}\n\n${USAGE}`);
      process.exit(2);
    }
    process.stderr.write(`error: ${error instanceof UpgradeError ? error.message : (error?.stack ?? error)}\n`);
    process.exit(1);
  });
}
