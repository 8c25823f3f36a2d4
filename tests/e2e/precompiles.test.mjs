// zg's precompiles (runtime/src/precompiles.rs) as Solidity and Ethereum tools reach them, on a dev chain: storage
// (IZgStorage at 0x…0A010000), data availability (IZgDa, 0x…0A020000), compute (IZgCompute, 0x…0A030000),
// staking (IZgStaking, 0x…0A040000) and governance (IZgGovernance, 0x…0A050000), called by an externally owned
// account in transactions (ethers) and by a contract compiled with solc-js (ZgCitizen). A storage provider, a DA
// signer and a compute provider are registered through @polkadot/api first. For each: the happy path,
// seen from both sides (the precompile's views and the pallets' storage through @polkadot/api); bad input, which
// reverts with a reason a Solidity try/catch can read (never a trap); and the gas it charges (at least the pallet
// call's benchmarked weight, priced as the fee of any extrinsic).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import crypto from 'node:crypto';

import { Contract, ContractFactory, Interface, Wallet, hexlify } from 'ethers';
import { u8aToHex } from '@polkadot/util';

import { ZG, devAccounts, signAndWaitFinalized, waitForFinalized } from './lib/chain.mjs';
import {
  ETH_DEV_KEYS, PRECOMPILE, accountIdOfEthAddress, compileContracts, ethRpc, startDevWithEthRpc, waitMined,
} from './lib/eth.mjs';
import { KIND } from './lib/compute.mjs';
import { TestEnv, peerIdFromNodeKey, secs, waitUntil } from './lib/node.mjs';
import { STORAGE_NODE_KEYS, peerIdBytes } from './lib/storage.mjs';

/** 48 random bytes per row of a blob of `size` bytes (the chain checks their count, signers check the cells). */
const DATA_PER_ROW = 4096 * 31;
const randomHex = (n) => hexlify(crypto.randomBytes(n));

describe('precompiles: storage, DA, compute, staking and governance from Solidity', () => {
  const env = new TestEnv('precompiles');
  let api;
  let node;
  let eth;
  let provider;
  let artifacts;
  let accounts;
  let staker; // an externally owned account that calls the precompiles directly
  let staking;
  let governance;
  let citizen; // ZgCitizen, deployed by `staker`
  let validator; // the dev chain's validator (stash), as bytes32
  let referendum;

  /** The revert reason of an eth_call (ethers' `error.reason`), or a failure if the call succeeds. */
  async function revertReason(promise, what) {
    try {
      await promise;
    } catch (e) {
      assert.equal(e.code, 'CALL_EXCEPTION', `${what}: ${e.code} ${e.message}`);
      console.log(`[e2e] ${what}: reverted with "${e.reason}"`);
      return e.reason;
    }
    assert.fail(`${what}: did not revert`);
  }

  /** The least gas a pallet call's weight costs: its weight's fee at the current multiplier over the gas price. */
  async function weightGas(tx, who) {
    const { weight } = await tx.paymentInfo(who);
    const fee = (await api.call.transactionPaymentApi.queryWeightToFee(weight)).toBigInt();
    const price = (await provider.getFeeData()).gasPrice;
    return fee / price;
  }

  /**
   * The least gas of a pallet call whose weight is refunded after it runs: the same call sent from Polkadot.js by
   * `who`, its actual weight (its ExtrinsicSuccess event) priced as above.
   */
  async function actualWeightGas(tx, who) {
    const { events } = await signAndWaitFinalized(api, tx, who);
    const success = events.find(({ event }) => event.section === 'system' && event.method === 'ExtrinsicSuccess');
    const weight = success.event.data.dispatchInfo.weight;
    const fee = (await api.call.transactionPaymentApi.queryWeightToFee(weight)).toBigInt();
    return fee / (await provider.getFeeData()).gasPrice;
  }

  before(env.guard(async () => {
    artifacts = await compileContracts();
    accounts = await devAccounts();
    ({ node, api, eth, provider } = await startDevWithEthRpc(env));
    staker = new Wallet(ETH_DEV_KEYS[0].privateKey, provider);
    staking = new Contract(PRECOMPILE.staking, artifacts.IZgStaking.abi, staker);
    governance = new Contract(PRECOMPILE.governance, artifacts.IZgGovernance.abi, staker);
    await waitForFinalized(api, 1, { timeoutMs: secs(180), label: 'dev' });
    await waitUntil(async () => await provider.getBlockNumber() >= 1, { timeoutMs: secs(60), what: 'eth_blockNumber ≥ 1' });
    const validators = await api.query.session.validators();
    assert.ok(validators.length >= 1, 'the dev chain has a validator');
    validator = u8aToHex(validators[0].toU8a());
  }));

  after(async () => {
    provider?.destroy();
    await env.cleanup();
  });

  it('an account bonds and nominates through IZgStaking, as pallet-staking records', env.guard(async () => {
    const stash = accountIdOfEthAddress(staker.address);
    const value = 1_000n * ZG;
    assert.equal(await staking.bonded(staker.address), 0n);
    const bond = await (await staking.bond(value)).wait();
    assert.equal(bond.status, 1);
    assert.equal(await staking.bonded(staker.address), value, 'IZgStaking.bonded');
    const ledger = (await api.query.staking.ledger(stash)).unwrap();
    assert.equal(ledger.active.toBigInt(), value, 'staking.ledger(stash).active');
    const nominate = await (await staking.nominate([validator])).wait();
    assert.equal(nominate.status, 1);
    const nominations = (await api.query.staking.nominators(stash)).unwrap();
    assert.deepEqual(nominations.targets.map((t) => u8aToHex(t.toU8a())), [validator], 'staking.nominators(stash)');

    // Gas: at least the pallet call's weight, priced as any extrinsic's.
    const least = await weightGas(api.tx.staking.bond(value, 'Stash'), accounts.alice.address);
    console.log(`[e2e] gas: bond ${bond.gasUsed} (its weight alone ${least}), nominate ${nominate.gasUsed}`);
    assert.ok(bond.gasUsed >= least, `bond used ${bond.gasUsed} gas, less than its weight's ${least}`);
    const leastNominate = await weightGas(api.tx.staking.nominate([validator]), accounts.alice.address);
    assert.ok(nominate.gasUsed >= leastNominate, `nominate used ${nominate.gasUsed} gas, less than its weight's ${leastNominate}`);
  }));

  it('refuses bad staking input with a reason, in calls and in transactions', env.guard(async () => {
    assert.match(await revertReason(staking.bond.staticCall(1n * ZG), 'a second bond'), /^staking\.bond: AlreadyBonded$/);
    assert.match(await revertReason(staking.nominate.staticCall([]), 'no validators'), /^staking\.nominate: 1 to 16 validators, not 0$/);
    assert.match(await revertReason(staking.nominate.staticCall(Array.from({ length: 17 }, () => validator)), '17 validators'),
      /^staking\.nominate: 1 to 16 validators, not 17$/);
    assert.match(await revertReason(staking.bond.staticCall(1n << 200n), 'more than a balance'), /^staking\.bond: \d+ wei is more than a balance holds$/);
    const fresh = new Contract(PRECOMPILE.staking, artifacts.IZgStaking.abi, new Wallet(ETH_DEV_KEYS[1].privateKey, provider));
    assert.match(await revertReason(fresh.unbond.staticCall(1n), 'unbonding without a bond'), /^staking\.unbond: NotController$/);
    assert.match(await revertReason(fresh.nominate.staticCall([validator]), 'nominating without a bond'), /^staking\.nominate: NotController$/);
    assert.match(await revertReason(fresh.bond.staticCall(1n), 'a bond below the existential deposit'), /^staking\.bond: InsufficientBond$/);

    // Sent anyway (gas limit set by hand): mined, reverted, the fee paid, nothing bonded.
    const nonce = await provider.getTransactionCount(staker.address, 'latest');
    const tx = await staking.bond(1n * ZG, { gasLimit: 5_000_000n, nonce });
    const receipt = await waitMined(provider, tx.hash, { what: 'a refused bond' });
    assert.equal(receipt.status, 0, 'a refused call reverts the transaction');
    assert.ok(receipt.gasUsed > 0n);
    assert.equal(await staking.bonded(staker.address), 1_000n * ZG, 'the bond did not change');

    // Input that is not the interface's (an unknown selector): refused by pallet-revive, also a revert, no trap.
    const { error } = await ethRpc(eth.url, 'eth_call', [{ from: staker.address, to: PRECOMPILE.staking, data: '0xdeadbeef' }, 'latest']);
    assert.ok(error, 'an unknown selector is refused');
    assert.equal(error.code, 3, 'as a revert (execution reverted), with a Solidity panic');
    console.log(`[e2e] unknown selector: ${error.code} ${error.message}`);
  }));

  it('a contract stakes its own balance, catches a refusal with try/catch, and cannot bond from a static call', env.guard(async () => {
    const factory = new ContractFactory(artifacts.ZgCitizen.abi, artifacts.ZgCitizen.bytecode, staker);
    citizen = await factory.deploy();
    await citizen.waitForDeployment();
    const address = await citizen.getAddress();
    await (await staker.sendTransaction({ to: address, value: 5_000n * ZG })).wait();
    const value = 2_000n * ZG;
    assert.equal((await (await citizen.stake(value, [validator])).wait()).status, 1);
    assert.equal(await citizen.bonded(), value, 'ZgCitizen.bonded()');
    const ledger = (await api.query.staking.ledger(accountIdOfEthAddress(address))).unwrap();
    assert.equal(ledger.active.toBigInt(), value, "the contract's account bonded in pallet-staking");

    const receipt = await (await citizen.tryBond(1n * ZG)).wait();
    assert.equal(receipt.status, 1, 'the refusal was caught');
    const refused = receipt.logs.map((l) => citizen.interface.parseLog(l)).find((l) => l?.name === 'Refused');
    assert.equal(refused?.args.reason, 'staking.bond: AlreadyBonded', 'the reason reached Solidity');

    const [ok, data] = await citizen.staticBond(1n * ZG);
    assert.equal(ok, false, 'bond from a static context fails');
    const [reason] = new Interface(['function Error(string)']).decodeFunctionData('Error', data);
    assert.equal(reason, 'staking.bond: not in a static call');
  }));

  it('accounts and contracts vote on a referendum through IZgGovernance, as pallet-conviction-voting records', env.guard(async () => {
    const remark = api.tx.system.remark('0x7a67').method.toHex();
    await signAndWaitFinalized(api, api.tx.referenda.submit({ system: 'Root' }, { Inline: remark }, { After: 10 }), accounts.alice,
      { label: 'referenda.submit' });
    referendum = (await api.query.referenda.referendumCount()).toNumber() - 1;
    const info = (await api.query.referenda.referendumInfoFor(referendum)).unwrap();
    assert.ok(info.isOngoing, `referendum ${referendum} is ongoing`);
    const track = info.asOngoing.track.toNumber();

    const balance = 100n * ZG;
    const vote = await (await governance.vote(referendum, true, balance, 1)).wait();
    assert.equal(vote.status, 1);
    const voting = await api.query.convictionVoting.votingFor(accountIdOfEthAddress(staker.address), track);
    const votes = voting.asCasting.votes.map(([index, v]) => [index.toNumber(), v.asStandard.balance.toBigInt(), v.asStandard.vote.isAye]);
    assert.deepEqual(votes, [[referendum, balance, true]], 'convictionVoting.votingFor(account, track)');
    const tally = (await api.query.referenda.referendumInfoFor(referendum)).unwrap().asOngoing.tally;
    assert.equal(tally.ayes.toBigInt(), balance, 'a 1x vote counts its balance');
    const least = await weightGas(api.tx.convictionVoting.vote(referendum, { Standard: { vote: { aye: true, conviction: 'Locked1x' }, balance } }), accounts.alice.address);
    console.log(`[e2e] gas: vote ${vote.gasUsed} (its weight alone ${least})`);
    assert.ok(vote.gasUsed >= least, `vote used ${vote.gasUsed} gas, less than its weight's ${least}`);

    // The contract votes nay with its own balance.
    assert.equal((await (await citizen.vote(referendum, false, 50n * ZG, 0)).wait()).status, 1);
    const afterContract = (await api.query.referenda.referendumInfoFor(referendum)).unwrap().asOngoing.tally;
    assert.equal(afterContract.nays.toBigInt(), 5n * ZG, 'a 0.1x (no conviction) vote counts a tenth');

    // Bad input.
    assert.match(await revertReason(governance.vote.staticCall(referendum, true, balance, 7), 'conviction 7'),
      /^convictionVoting\.vote: conviction 7 is not 0 to 6$/);
    assert.match(await revertReason(governance.vote.staticCall(9_999, true, balance, 1), 'an unknown referendum'),
      /^convictionVoting\.vote: NotOngoing$/);
    assert.match(await revertReason(governance.vote.staticCall(referendum, true, 1n << 200n, 1), 'more than a balance'),
      /^convictionVoting\.vote: \d+ wei is more than a balance holds$/);

    // The vote is removed.
    assert.equal((await (await governance.removeVote(referendum)).wait()).status, 1);
    const removed = await api.query.convictionVoting.votingFor(accountIdOfEthAddress(staker.address), track);
    assert.equal(removed.asCasting.votes.length, 0, 'the vote is gone');
    assert.equal((await api.query.referenda.referendumInfoFor(referendum)).unwrap().asOngoing.tally.ayes.toBigInt(), 0n);
  }));

  it('storage, DA and compute through IZgStorage, IZgDa and IZgCompute, from an account and a contract', env.guard(async () => {
    const { bob, charlie, alice } = accounts;
    const peerOf = (name) => u8aToHex(peerIdBytes(peerIdFromNodeKey(STORAGE_NODE_KEYS[name])));
    const peer = peerOf('bob');
    const providerStake = 2n * api.consts.storage.minProviderStake.toBigInt();
    const registerStorage = (name) => api.tx.storage.registerProvider(peerOf(name), 1n << 30n, providerStake);
    // Six storage providers (a file's 4 + 2 shards go to six); bob also a DA signer, charlie also a compute
    // provider with a matmul offer.
    await Promise.all([
      signAndWaitFinalized(api, api.tx.utility.batchAll([registerStorage('bob'), api.tx.da.registerSigner(2_000n * ZG, peer)]),
        bob, { label: 'bob: storage provider and DA signer' }),
      signAndWaitFinalized(api, api.tx.utility.batchAll([
        registerStorage('charlie'),
        api.tx.compute.registerProvider(2_000n * ZG, peer, randomHex(32)),
        api.tx.compute.setOffer(KIND.MATMUL_I8, { Cpu: { cores: 2 } }, ZG / 100n, 4),
      ]), charlie, { label: 'charlie: storage and compute provider' }),
      ...['alice', 'dave', 'eve', 'ferdie'].map((name) => signAndWaitFinalized(api, registerStorage(name), accounts[name],
        { label: `${name}: storage provider` })),
    ]);
    const contract = (address, name) => new Contract(address, artifacts[name].abi, staker);
    const storage = contract(PRECOMPILE.storage, 'IZgStorage');
    const da = contract(PRECOMPILE.da, 'IZgDa');
    const compute = contract(PRECOMPILE.compute, 'IZgCompute');
    const me = accountIdOfEthAddress(staker.address);

    // Storage: the quote, an order paid by the account, the record read back; refusals.
    const size = 1n << 20n;
    const quoted = (await api.call.storageApi.fee(size, 4)).unwrap().toBigInt();
    assert.equal(await storage.fee(size, 4), quoted, 'IZgStorage.fee = StorageApi_fee');
    assert.match(await revertReason(storage.fee.staticCall(0, 4), 'the fee of 0 bytes'), /^storage\.fee: the chain takes no file of 0 bytes$/);
    const root = randomHex(32);
    const bobId = u8aToHex(bob.publicKey);
    const order = await (await storage.submitFile(root, size, 4, bobId)).wait();
    assert.equal(order.status, 1);
    const file = await storage.file(root);
    assert.deepEqual([file.exists, Number(file.state), file.size, file.owner, file.fee], [true, 0, size, me, quoted], 'IZgStorage.file');
    assert.ok((await api.query.storage.files(root)).isSome, 'storage.files(root) on chain');
    assert.match(await revertReason(storage.submitFile.staticCall(root, size, 4, bobId), 'the same file again'), /^storage\.submitFile: FileExists$/);
    assert.match(await revertReason(storage.submitFile.staticCall(randomHex(32), 0, 4, bobId), 'an empty file'), /^storage\.submitFile: ZeroSize$/);
    assert.match(await revertReason(storage.submitFile.staticCall(randomHex(32), size, 4, randomHex(32)), 'an encoder that is no provider'), /^storage\.submitFile: \w+$/);
    assert.equal((await storage.file(randomHex(32))).exists, false);
    const leastSubmit = await actualWeightGas(api.tx.storage.submitFile(randomHex(32), size, 4, bobId), accounts.dave);
    console.log(`[e2e] gas: storage.submitFile ${order.gasUsed} (its weight alone ${leastSubmit})`);
    assert.ok(order.gasUsed >= leastSubmit, `submitFile used ${order.gasUsed} gas, less than its weight's ${leastSubmit}`);

    // DA: unknown blobs; a blob submitted from Polkadot.js read back (pending: no signer node attests here).
    assert.deepEqual([Number(await da.status(999_999)), await da.isCertified(999_999), (await da.blob(999_999)).exists, (await da.commitments(999_999)).length],
      [0, false, false, 0], 'an unknown blob');
    let committee;
    await waitUntil(async () => {
      committee = await node.rpc('zgDa_committee', [null]);
      return committee?.slots?.includes(bob.address);
    }, { timeoutMs: secs(180), what: 'a DA committee with bob', describe: () => JSON.stringify(committee)?.slice(0, 200) });
    const blobSize = DATA_PER_ROW + 1000;
    const commitments = [randomHex(48), randomHex(48)];
    const dataRoot = randomHex(32);
    const blobId = (await api.query.da.nextBlobId()).toNumber();
    await signAndWaitFinalized(api, api.tx.da.submitBlob(7, blobSize, dataRoot, commitments, peer), alice, { label: 'da.submitBlob' });
    const blob = await da.blob(blobId);
    assert.deepEqual([blob.exists, Number(blob.status), blob.namespace, blob.size, blob.dataRoot, Number(blob.attestedSlots), Number(blob.slots)],
      [true, 1, 7n, BigInt(blobSize), dataRoot, 0, 128], 'IZgDa.blob');
    assert.ok(Number(blob.expiresAt) > 0);
    assert.equal(Number(await da.status(blobId)), 1, 'pending');
    assert.equal(await da.isCertified(blobId), false);
    assert.deepEqual(Array.from(await da.commitments(blobId)), commitments, 'IZgDa.commitments');

    // Compute: the account deposits and submits a job (assigned to charlie's offer), reads it back; refusals.
    await (await compute.deposit(1n * ZG)).wait();
    assert.deepEqual(Array.from(await compute.ledger(staker.address)), [1n * ZG, 0n], 'IZgCompute.ledger after deposit');
    const input = randomHex(64);
    const jobId = await compute.submitJob.staticCall(KIND.MATMUL_I8, input, ZG / 10n, 50);
    const submitted = await (await compute.submitJob(KIND.MATMUL_I8, input, ZG / 10n, 50)).wait();
    assert.equal(submitted.status, 1);
    const job = await compute.job(jobId);
    const onChain = (await api.query.compute.jobs(jobId)).unwrap();
    assert.deepEqual([job.exists, job.status, job.provider, job.price], [true, 'assigned', u8aToHex(charlie.publicKey), onChain.price.toBigInt()], 'IZgCompute.job');
    assert.ok(job.price > 0n && job.price <= ZG / 10n, `price ${job.price} within maxPrice`);
    assert.equal(onChain.owner.toHex(), me, "the job is the account's");
    const [free, locked] = await compute.ledger(staker.address);
    assert.ok(locked > 0n && free + locked === 1n * ZG, `escrow locked: free ${free}, locked ${locked}`);
    await signAndWaitFinalized(api, api.tx.compute.deposit(1n * ZG), accounts.eve);
    const leastJob = await actualWeightGas(api.tx.compute.submitJob(KIND.MATMUL_I8, { Inline: input }, ZG / 10n, 50), accounts.eve);
    console.log(`[e2e] gas: compute.submitJob ${submitted.gasUsed} (its weight alone ${leastJob}); job ${jobId} ${job.status} to charlie at ${job.price} wei`);
    assert.ok(submitted.gasUsed >= leastJob, `submitJob used ${submitted.gasUsed} gas, less than its weight's ${leastJob}`);
    assert.match(await revertReason(compute.submitJob.staticCall(99, input, ZG / 10n, 50), 'an unknown kind'), /^compute\.submitJob: UnknownKind$/);
    assert.match(await revertReason(compute.submitJob.staticCall(KIND.MATMUL_I8, randomHex(4097), ZG / 10n, 50), 'an input too long'),
      /^compute\.submitJob: an inline input of 4097 bytes is longer than 4096$/);
    assert.match(await revertReason(compute.submitJob.staticCall(KIND.MATMUL_I8, input, 10n * ZG, 50), 'more than the ledger holds'),
      /^compute\.submitJob: InsufficientFunds$/);
    assert.equal((await compute.job(999_999)).exists, false);

    // A contract pays for a job from its own balance and reads whether it is done; it gates on DA certificates.
    const ordered = await (await citizen.orderJob(KIND.MATMUL_I8, input, ZG / 10n, 50)).wait();
    const orderedId = ordered.logs.map((l) => citizen.interface.parseLog(l)).find((l) => l?.name === 'JobOrdered').args.id;
    assert.equal((await compute.job(orderedId)).status, 'assigned');
    assert.equal((await api.query.compute.jobs(orderedId)).unwrap().owner.toHex(), accountIdOfEthAddress(await citizen.getAddress()), "the contract's job");
    assert.deepEqual(Array.from(await citizen.jobResult(orderedId)), [false, '0x'], 'not done yet');
    assert.match(await revertReason(citizen.requireCertified.staticCall(blobId), 'a pending blob'), /^blob not certified$/);
    assert.equal(Number(await citizen.blobStatus(blobId)), 1, 'the contract reads the blob as pending');
    assert.equal(Number(await citizen.blobStatus(999_999)), 0, 'and an unknown blob as unknown');

    // The contract orders a file with its own balance.
    const citizenAddress = await citizen.getAddress();
    const contractRoot = randomHex(32);
    const balanceBefore = await provider.getBalance(citizenAddress);
    const feeTaken = await citizen.orderFile.staticCall(contractRoot, size, 4, bobId);
    assert.equal(feeTaken, quoted, 'the fee the contract reads back');
    assert.equal((await (await citizen.orderFile(contractRoot, size, 4, bobId)).wait()).status, 1);
    const contractFile = await storage.file(contractRoot);
    assert.equal(contractFile.owner, accountIdOfEthAddress(citizenAddress), "the file is the contract's");
    assert.equal(balanceBefore - await provider.getBalance(citizenAddress), quoted, 'the contract paid the fee');
    assert.match(await revertReason(citizen.orderFile.staticCall(contractRoot, size, 4, bobId), 'the contract orders it again'),
      /^storage\.submitFile: FileExists$/);
  }));
});
