// A single `zg-node --dev` node: block production and finality, metadata completeness,
// chain properties, staking state, and a balance transfer with exact fee accounting.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { u8aToHex } from '@polkadot/util';
import { encodeAddress } from '@polkadot/util-crypto';

import {
  SS58_FORMAT, ZG, accountAt, devAccounts, findIncluded, finalizedHead, freshAccount, signAndWaitFinalized, waitForFinalized,
} from './lib/chain.mjs';
import { verifyMetadata } from './lib/metadata.mjs';
import { TestEnv, secs } from './lib/node.mjs';

/** Pallets the runtime must contain, by their metadata name (the bags list is `VoterList`). */
const EXPECTED_PALLETS = [
  'System', 'Timestamp', 'Balances', 'TransactionPayment', 'Utility', 'Proxy', 'Multisig',
  'Babe', 'Grandpa', 'Authorship', 'Session', 'Historical', 'Staking', 'VoterList', 'Offences',
  'AuthorityDiscovery', 'Scheduler', 'Preimage', 'Referenda', 'ConvictionVoting', 'Origins', 'Whitelist',
  'Treasury', 'TechnicalCommittee', 'Revive', 'Sudo',
];

describe('zg-node --dev', () => {
  const env = new TestEnv('dev');
  let node;
  let api;
  let accounts;

  before(env.guard(async () => {
    accounts = await devAccounts();
    node = await env.startNode({ name: 'dev', args: ['--dev'], tmp: true });
    api = await node.connect();
  }));

  after(() => env.cleanup());

  it('produces and finalizes blocks', env.guard(async () => {
    const header = await waitForFinalized(api, 3, { timeoutMs: secs(180), label: node.name });
    assert.ok(header.number.toNumber() >= 3);
  }));

  it('has metadata that @polkadot/api decodes completely', env.guard(async () => {
    const summary = await verifyMetadata(api, EXPECTED_PALLETS);
    console.log(`[e2e] metadata v${summary.version}: ${summary.pallets} pallets, ${summary.types} types, `
      + `${summary.storage} storage entries, ${summary.calls} calls, ${summary.events} events, ${summary.constants} constants`);

    const { balances, babe, staking, system } = api.consts;
    const consts = {
      'balances.existentialDeposit': balances.existentialDeposit,
      'babe.epochDuration': babe.epochDuration,
      'babe.expectedBlockTime': babe.expectedBlockTime,
      'staking.bondingDuration': staking.bondingDuration,
      'staking.sessionsPerEra': staking.sessionsPerEra,
    };
    console.log('[e2e] constants:', Object.entries(consts).map(([k, v]) => `${k}=${v}`).join(', '));
    for (const [name, value] of Object.entries(consts)) assert.ok(value.toBigInt() > 0n, `${name} must be > 0`);
    assert.equal(system.ss58Prefix.toNumber(), SS58_FORMAT, 'system.ss58Prefix');
  }));

  it('reports the ZG chain properties', env.guard(async () => {
    const props = await api.rpc.system.properties();
    assert.deepEqual(props.tokenSymbol.unwrapOrDefault().toJSON(), ['ZG'], 'tokenSymbol');
    assert.deepEqual(props.tokenDecimals.unwrapOrDefault().toJSON(), [18], 'tokenDecimals');
    assert.equal(props.ss58Format.unwrapOrDefault().toNumber(), SS58_FORMAT, 'ss58Format');
    assert.equal(api.registry.chainSS58, SS58_FORMAT);
    assert.deepEqual(api.registry.chainTokens, ['ZG']);
    assert.deepEqual(api.registry.chainDecimals, [18]);
  }));

  it('accepts addresses in the zg SS58 format over RPC', env.guard(async () => {
    // What Polkadot.js sends once it knows the chain's ss58Format (4200): the node must parse it.
    const address = encodeAddress(accounts.alice.publicKey, SS58_FORMAT);
    const viaRpc = await node.rpc('system_accountNextIndex', [address]);
    const onChain = (await api.query.system.account(accounts.alice.address)).nonce.toNumber();
    assert.equal(viaRpc, onChain, `system_accountNextIndex(${address})`);
    // The generic format (42) keeps working too.
    assert.equal(await node.rpc('system_accountNextIndex', [encodeAddress(accounts.alice.publicKey, 42)]), onChain);
  }));

  it('runs NPoS staking with Alice as the only validator', env.guard(async () => {
    // The genesis preset stakes from //Alice itself (stash = controller = //Alice).
    const isAlice = (accountId) => accountId.toHex() === u8aToHex(accounts.alice.publicKey);

    const [validatorCount, validators, activeEra, sessionValidators] = await Promise.all([
      api.query.staking.validatorCount(),
      api.query.staking.validators.entries(),
      api.query.staking.activeEra(),
      api.query.session.validators(),
    ]);
    assert.ok(validatorCount.toNumber() >= 1, `staking.validatorCount is ${validatorCount}`);
    assert.ok(activeEra.isSome, 'staking.activeEra is None');
    console.log(`[e2e] staking: validatorCount=${validatorCount}, activeEra=${activeEra.unwrap().index}, `
      + `candidates=${validators.length}, session validators=${sessionValidators.length}`);

    assert.ok(validators.some(([key]) => isAlice(key.args[0])), 'Alice is not a staking validator candidate');
    assert.equal(sessionValidators.length, 1, 'a --dev chain has exactly one session validator');
    assert.ok(isAlice(sessionValidators[0]), `session validator is ${sessionValidators[0]}, not Alice`);
  }));

  it('transfers balances and charges exactly the fee reported by transactionPayment', env.guard(async () => {
    // Alice authors every --dev block; the accounting is still exact because the runtime burns fees
    // (nothing flows back to the author).
    const sender = accounts.alice;
    const recipient = freshAccount(accounts.keyring, 'recipient');
    const amount = 10n * ZG;
    assert.ok(amount >= api.consts.balances.existentialDeposit.toBigInt(), 'amount below the existential deposit');

    const tx = api.tx.balances.transferKeepAlive(recipient.address, amount);
    const { blockHash, events } = await signAndWaitFinalized(api, tx, sender);
    const { parentHash } = await api.rpc.chain.getHeader(blockHash);

    const feeEvent = events.find(({ event }) => api.events.transactionPayment.TransactionFeePaid.is(event));
    assert.ok(feeEvent, `no TransactionFeePaid event among: ${events.map(({ event }) => `${event.section}.${event.method}`).join(', ')}`);
    const { who, actualFee, tip } = feeEvent.event.data;
    assert.equal(who.toHex(), u8aToHex(sender.publicKey), 'fee paid by someone else');
    const fee = actualFee.toBigInt() + tip.toBigInt();
    assert.ok(fee > 0n, 'fee must be > 0');

    const senderBefore = await accountAt(api, parentHash.toHex(), sender.address);
    const senderAfter = await accountAt(api, blockHash, sender.address);
    const recipientAfter = await accountAt(api, blockHash, recipient.address);
    console.log(`[e2e] transfer of ${amount} planck cost a fee of ${fee} planck`);

    assert.equal(recipientAfter.free, amount, 'recipient balance');
    assert.equal(senderBefore.free - senderAfter.free, amount + fee, 'sender balance decrease (amount + fee)');
    assert.equal(senderAfter.nonce, senderBefore.nonce + 1n, 'sender nonce');
  }));

  // A provider's own transaction can lose its nonce to a duty its worker signs (README, Duties first); here another
  // transaction with the same nonce and a tip takes it. The usurped one must be sent again exactly once: not lost,
  // and not twice (as when a peer had included it all the same: then it is found in a finalized block instead).
  it('signs a usurped transaction again once, and finds one that was included', env.guard(async () => {
    const sender = accounts.bob;
    const senderId = api.createType('AccountId', sender.publicKey).toString();
    const amount = 2n * ZG;
    for (let attempt = 1; ; attempt++) {
      const [mine, theirs] = [freshAccount(accounts.keyring, 'mine'), freshAccount(accounts.keyring, 'theirs')];
      const nonce = (await api.rpc.system.accountNextIndex(sender.address)).toBigInt();
      const sent = signAndWaitFinalized(api, api.tx.balances.transferKeepAlive(mine.address, amount), sender);
      // Once ours is in the pool, the other one replaces it there (a higher priority for the same nonce).
      let pending = false;
      for (let i = 0; i < 100 && !pending; i++) {
        const pool = await api.rpc.author.pendingExtrinsics();
        pending = pool.some((xt) => xt.signer.toString() === senderId && xt.nonce.toBigInt() === nonce);
        if (!pending) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const usurper = api.tx.balances.transferKeepAlive(theirs.address, amount);
      const replaced = pending && await usurper.signAndSend(sender, { nonce, tip: ZG / 100n }).then(() => true, () => false);
      const result = await sent;
      // Ours is sent again only once a finalized block has used the nonce: the other one, if it did replace ours.
      const { hash: at } = await finalizedHead(api);
      const usurped = replaced && (await accountAt(api, at, theirs.address)).free === amount;
      if (!usurped) {
        // Ours reached a block before the other could replace it (which was then refused as stale, or accepted
        // by the pool while ours was in a block being built, and dropped with that block's import): again.
        assert.ok(attempt < 3, 'our transaction was in a block before another could replace it, three times');
        continue;
      }
      assert.equal((await accountAt(api, at, mine.address)).free, amount, 'ours, sent again: landed exactly once');
      assert.ok(result.events.some(({ event }) => api.events.balances.Transfer.is(event)), 'the resent transfer\'s events');

      // The lookup that keeps a usurped transaction from being sent twice finds one in a finalized block.
      const { block } = await api.rpc.chain.getBlock(result.blockHash);
      const xt = block.extrinsics.find((x) => x.isSigned && x.signer.toString() === senderId);
      const number = (await api.rpc.chain.getHeader(result.blockHash)).number.toNumber();
      const found = await findIncluded(api, { hash: xt.hash.toHex(), nonce: xt.nonce.toBigInt() }, sender.address,
        number - 1, 'the resent transfer');
      assert.equal(found?.blockHash, result.blockHash, 'found in its block');
      assert.ok(found.events.some(({ event }) => api.events.balances.Transfer.is(event)), 'with its events');
      console.log(`[e2e] usurped at nonce ${nonce}; sent again once, in #${number}`);
      return;
    }
  }));
});
