// The EVM (pallet-revive) as Ethereum tools see it through zg-eth-rpc, and as Substrate tools see it
// through @polkadot/api: chain id and balances, an ERC-20 deployed and used with ethers, nonces, logs,
// gas estimation, revert reasons, exact fee accounting, the standard precompiles (BN254 pairing
// included), a contract call from a Substrate account, and malformed or invalid Ethereum transactions.

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';

import {
  AbiCoder, Contract, ContractFactory, Interface, Signature, Transaction, Wallet, formatEther, getAddress,
  getCreateAddress, hexlify, id, keccak256, toUtf8Bytes, zeroPadValue,
} from 'ethers';
import { u8aToHex } from '@polkadot/util';

import { ZG, accountAt, bestHead, devAccounts, signAndWaitFinalized, waitForFinalized } from './lib/chain.mjs';
import {
  ETH_DEV_KEYS, EVM_CHAIN_ID, accountIdOfEthAddress, cast, compileContracts, ethAddressOfAccountId, ethRpc, ethRpcOk,
  expectedEthBalance, startDevWithEthRpc, waitMined,
} from './lib/eth.mjs';
import * as V from './lib/evm-vectors.mjs';
import { TestEnv, secs, waitUntil } from './lib/node.mjs';

/** What every dev account, Ethereum keys included, holds at genesis. */
const ENDOWMENT = 1_000_000n * ZG;

// JSON-RPC error codes.
/** geth's code for a refused transaction; zg-eth-rpc's front gives it with geth's message. */
const GETH_REFUSED = -32000;
/** sc-rpc author API: the transaction pool refused the transaction (`author_submitAndWatchExtrinsic`). */
const POOL_INVALID_TX = 1010;
/** sc-rpc author API: the pool refuses a transaction it recently included or found invalid. */
const POOL_TEMPORARILY_BANNED = 1012;
/** sc-rpc author API: the pool already holds this transaction. */
const POOL_ALREADY_IMPORTED = 1013;
/** eth-rpc: geth's "execution failed" code, used for transactions it refuses itself (e.g. undecodable). */
const CALL_EXECUTION_FAILED = -32000;
/** jsonrpsee: the parameters do not parse (e.g. not hex). */
const INVALID_PARAMS = -32602;
/** eth-rpc (like geth): a reverted eth_call/eth_estimateGas; `data` carries the revert data. */
const EXECUTION_REVERTED = 3;

const TRANSFER_TOPIC = id('Transfer(address,address,uint256)');
const OVERDRAFT_REASON = 'ERC20: transfer amount exceeds balance';
const TOKEN_SUPPLY = 1_000_000_000n * 10n ** 18n;
/** 1 ZGT (the token has 18 decimals). */
const ZGT = 10n ** 18n;

const abi = AbiCoder.defaultAbiCoder();
/** The address in an indexed address topic. */
const dataSliceTopic = (topic) => `0x${topic.slice(26)}`;

describe('EVM through zg-eth-rpc', () => {
  const env = new TestEnv('evm');
  let node;
  let api;
  let eth;
  let provider;
  let accounts;
  let artifacts;
  let wallets;
  let existentialDeposit;
  /** ZgToken, connected to its deployer (wallets[0]). */
  let token;
  let tokenAddress;
  /** Receipts and hashes of the back-to-back transfers, for the log queries. */
  let burst;

  // Each Ethereum key has one job, so no test's transactions disturb another's nonces or balances.
  const deployer = () => wallets[0]; // ZgToken: deployment, transfers, tokens for Alice
  const valueSender = () => wallets[1];
  const valueRecipient = () => wallets[2];
  const precompileDeployer = () => wallets[3];
  const substrateRecipient = () => wallets[4]; // receives ZgToken from //Alice's revive.call
  const tokenless = () => wallets[6]; // holds no ZgToken: overdraft revert
  const badSender = () => wallets[7]; // invalid transactions
  const lowGasSender = () => wallets[8];
  const walletUser = () => wallets[5]; // sends as wallets and Foundry do: nonces from the server, no waiting

  /** EIP-1559 fee fields from the server's fee data (legacy gasPrice if it reports no base fee). */
  async function feeFields() {
    const fee = await provider.getFeeData();
    if (fee.maxFeePerGas == null) return { type: 0, gasPrice: fee.gasPrice };
    return { type: 2, maxFeePerGas: fee.maxFeePerGas, maxPriorityFeePerGas: fee.maxPriorityFeePerGas ?? 0n };
  }

  /** Asserts that an `ethRpc` answer is a JSON-RPC error, logs it, and returns the error object. */
  function expectRpcError({ result, error }, what) {
    assert.ok(error, `${what}: expected a JSON-RPC error, but the server answered ${JSON.stringify(result)}`);
    console.log(`[e2e] ${what}: JSON-RPC error ${error.code}: ${error.message}`
      + `${error.data === undefined ? '' : ` (data ${JSON.stringify(error.data)})`}`);
    assert.equal(typeof error.code, 'number', `${what}: error code ${JSON.stringify(error.code)} is not a number`);
    assert.equal(typeof error.message, 'string', `${what}: error without a message`);
    return error;
  }

  /** `eth_getBalance` at `blockNumber` must equal the Substrate account's reducible balance at the same block. */
  async function assertBalanceViewsAgree(label, ethAddress, accountId, blockNumber) {
    const hash = (await api.rpc.chain.getBlockHash(blockNumber)).toHex();
    const [ethBalance, account] = await Promise.all([
      provider.getBalance(ethAddress, blockNumber),
      accountAt(api, hash, accountId),
    ]);
    const expected = expectedEthBalance(account, existentialDeposit);
    assert.equal(ethBalance, expected, `${label}: eth_getBalance(${ethAddress}, #${blockNumber}) = ${ethBalance}, but `
      + `system.account(${accountId}) has free ${account.free}, reserved ${account.reserved}, frozen ${account.frozen} `
      + `(reducible ${expected})`);
    return { ethBalance, account };
  }

  const requireToken = () => assert.ok(token, 'ZgToken is not deployed (see the deployment test)');

  before(env.guard(async () => {
    // Compile first: a Solidity error should fail before any process starts.
    artifacts = await compileContracts();
    accounts = await devAccounts();
    ({ node, api, eth, provider } = await startDevWithEthRpc(env, { ethArgs: ['-l', 'eth-rpc=debug'] }));
    wallets = ETH_DEV_KEYS.map((key) => new Wallet(key.privateKey, provider));
    existentialDeposit = api.consts.balances.existentialDeposit.toBigInt();
    await waitForFinalized(api, 1, { timeoutMs: secs(180), label: node.name });
    await waitUntil(async () => await provider.getBlockNumber() >= 1,
      { timeoutMs: secs(60), what: 'the eth-rpc server to follow the chain (eth_blockNumber ≥ 1)' });
  }));

  after(async () => {
    provider?.destroy();
    await env.cleanup();
  });

  it('answers chain id, net_version and dev accounts, and shows genesis balances as Substrate does', env.guard(async () => {
    assert.equal(await ethRpcOk(eth.url, 'eth_chainId'), '0x4024', 'eth_chainId');
    assert.equal(await ethRpcOk(eth.url, 'net_version'), '16420', 'net_version');
    assert.equal((await provider.getNetwork()).chainId, EVM_CHAIN_ID);

    // --dev: the server holds Alith … Ethan.
    const devAddresses = await ethRpcOk(eth.url, 'eth_accounts');
    assert.deepEqual(devAddresses.map((a) => getAddress(a)), ETH_DEV_KEYS.slice(5).map((k) => k.address), 'eth_accounts');

    const gasPrice = BigInt(await ethRpcOk(eth.url, 'eth_gasPrice'));
    const priorityFee = BigInt(await ethRpcOk(eth.url, 'eth_maxPriorityFeePerGas'));
    console.log(`[e2e] eth_gasPrice = ${gasPrice} wei, eth_maxPriorityFeePerGas = ${priorityFee}`);
    assert.ok(gasPrice > 0n, 'eth_gasPrice must be > 0');
    assert.equal(priorityFee, 0n, 'pallet-revive takes no tips, so the suggested priority fee is 0');

    const blockNumber = await provider.getBlockNumber();
    for (const key of ETH_DEV_KEYS) {
      const accountId = accountIdOfEthAddress(key.address);
      const { ethBalance, account } = await assertBalanceViewsAgree(key.name, key.address, accountId, blockNumber);
      assert.equal(account.free, ENDOWMENT, `${key.name}: genesis free balance of ${accountId}`);
      assert.equal(account.nonce, 0n, `${key.name}: Substrate nonce`);
      // The reducible balance: what the account can spend and stay alive.
      assert.equal(ethBalance, ENDOWMENT - existentialDeposit,
        `${key.name}: eth_getBalance must be 1,000,000 ZG minus the existential deposit`);
      assert.equal(await provider.getTransactionCount(key.address, blockNumber), 0, `${key.name}: eth_getTransactionCount`);
    }
  }));

  it('deploys an ERC-20 with ethers ContractFactory', env.guard(async () => {
    const { abi: tokenAbi, bytecode, deployedBytecode } = artifacts.ZgToken;
    const from = deployer();
    const nonce = await provider.getTransactionCount(from.address, 'latest');
    const contract = await new ContractFactory(tokenAbi, bytecode, from).deploy('ZG Test Token', 'ZGT', TOKEN_SUPPLY);
    const deployment = contract.deploymentTransaction();
    assert.equal(deployment.nonce, nonce, 'deployment nonce');

    const receipt = await waitMined(provider, deployment.hash, { what: 'the ZgToken deployment' });
    assert.equal(receipt.status, 1, `deployment failed: ${JSON.stringify(receipt.toJSON())}`);
    const expectedAddress = getCreateAddress({ from: from.address, nonce });
    assert.equal(receipt.contractAddress, expectedAddress, 'contractAddress is CREATE(deployer, nonce)');
    assert.equal(receipt.to, null, 'a deployment has no `to`');
    assert.equal(receipt.from, from.address, 'receipt.from');
    assert.equal(await contract.getAddress(), expectedAddress);
    // pallet-revive stores the runtime code the constructor returned, byte for byte.
    assert.equal(await provider.getCode(expectedAddress), deployedBytecode, 'eth_getCode must be the deployed bytecode');
    assert.equal(await provider.getCode(expectedAddress, receipt.blockNumber - 1), '0x', 'no code before the deployment block');

    tokenAddress = expectedAddress;
    token = new Contract(tokenAddress, tokenAbi, from);
    assert.equal(await token.name(), 'ZG Test Token');
    assert.equal(await token.symbol(), 'ZGT');
    assert.equal(await token.decimals(), 18n);
    assert.equal(await token.totalSupply(), TOKEN_SUPPLY);
    assert.equal(await token.balanceOf(from.address), TOKEN_SUPPLY);

    // The constructor's mint event is in the deployment receipt.
    assert.equal(receipt.logs.length, 1, 'the deployment emits one Transfer');
    const mint = token.interface.parseLog(receipt.logs[0]);
    assert.equal(mint.name, 'Transfer');
    assert.deepEqual([mint.args.from, mint.args.to, mint.args.value], [getAddress('0x' + '00'.repeat(20)), from.address, TOKEN_SUPPLY]);
    assert.equal(receipt.logs[0].address, tokenAddress);

    console.log(`[e2e] METRIC evm: ZgToken deployment gasUsed=${receipt.gasUsed} fee=${formatEther(receipt.fee)} ZG `
      + `(code ${(deployedBytecode.length - 2) / 2} bytes, effectiveGasPrice ${receipt.gasPrice} wei)`);
  }));

  it('mines back-to-back transfers from one key with locally incremented nonces', env.guard(async () => {
    requireToken();
    const from = deployer();
    const count = 5;
    const recipients = Array.from({ length: count }, () => Wallet.createRandom().address);
    const amounts = recipients.map((_, i) => BigInt(i + 1) * ZGT);

    const start = await provider.getTransactionCount(from.address, 'pending');
    const fees = await feeFields();
    // Each transfer creates a new holder (a new storage slot), like the first one estimated here.
    const gasLimit = (await token.transfer.estimateGas(recipients[0], amounts[0])) * 3n / 2n;
    const tokensBefore = await token.balanceOf(from.address);

    const raws = [];
    for (let i = 0; i < count; i++) {
      const { to, data } = await token.transfer.populateTransaction(recipients[i], amounts[i]);
      raws.push(await from.signTransaction({ to, data, nonce: start + i, gasLimit, chainId: EVM_CHAIN_ID, ...fees }));
    }
    // Submitted one after the other without waiting for inclusion: each call returns once the pool took it.
    const hashes = [];
    for (const raw of raws) hashes.push(await ethRpcOk(eth.url, 'eth_sendRawTransaction', [raw]));
    assert.deepEqual(hashes, raws.map((raw) => keccak256(raw)), 'eth_sendRawTransaction returns keccak256 of the raw transaction');

    const receipts = await Promise.all(hashes.map((hash, i) => waitMined(provider, hash, { what: `transfer #${i} (nonce ${start + i})` })));
    receipts.forEach((receipt, i) => assert.equal(receipt.status, 1, `transfer #${i} failed`));
    console.log(`[e2e] ${count} back-to-back transfers mined in blocks ${receipts.map((r) => r.blockNumber).join(', ')}`);

    assert.equal(await provider.getTransactionCount(from.address, 'latest'), start + count, 'the nonce advanced by exactly the number of transactions');
    for (let i = 0; i < count; i++) {
      assert.equal(await token.balanceOf(recipients[i]), amounts[i], `balanceOf(recipient #${i})`);
      const tx = await provider.getTransaction(hashes[i]);
      assert.equal(tx.nonce, start + i, `eth_getTransactionByHash(#${i}).nonce`);
      assert.equal(tx.from, from.address, `eth_getTransactionByHash(#${i}).from`);
    }
    const sent = amounts.reduce((a, b) => a + b, 0n);
    assert.equal(await token.balanceOf(from.address), tokensBefore - sent, 'sender balance');

    burst = { receipts, hashes, raws, recipients, amounts, from: from.address };
    const sample = receipts[0];
    console.log(`[e2e] METRIC evm: ERC-20 transfer to a new holder gasUsed=${sample.gasUsed} fee=${formatEther(sample.fee)} ZG`);
  }));

  it('returns the Transfer logs through eth_getLogs and in the receipts', env.guard(async () => {
    assert.ok(burst, 'no back-to-back transfers (see the previous test)');
    const { receipts, hashes, recipients, amounts, from } = burst;
    const fromBlock = Math.min(...receipts.map((r) => r.blockNumber));
    const toBlock = Math.max(...receipts.map((r) => r.blockNumber));

    const logs = await provider.getLogs({ address: tokenAddress, topics: [TRANSFER_TOPIC], fromBlock, toBlock });
    assert.equal(logs.length, receipts.length, `eth_getLogs over #${fromBlock}..#${toBlock}: ${JSON.stringify(logs)}`);
    const ordered = [...logs].sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index);
    ordered.forEach((log, i) => {
      const parsed = token.interface.parseLog(log);
      assert.equal(parsed.name, 'Transfer');
      assert.deepEqual([parsed.args.from, parsed.args.to, parsed.args.value], [from, recipients[i], amounts[i]], `log #${i} decoded`);
      assert.equal(log.address, tokenAddress);
      assert.equal(log.transactionHash, hashes[i], `log #${i} belongs to transfer #${i}`);
      assert.equal(log.blockNumber, receipts[i].blockNumber);
      assert.equal(log.removed, false);

      // The receipt carries the same log.
      assert.equal(receipts[i].logs.length, 1, `receipt #${i} logs`);
      const fromReceipt = receipts[i].logs[0];
      for (const field of ['address', 'data', 'blockNumber', 'blockHash', 'transactionHash', 'transactionIndex', 'index']) {
        assert.equal(fromReceipt[field], log[field], `receipt #${i} log ${field}`);
      }
      assert.deepEqual([...fromReceipt.topics], [...log.topics], `receipt #${i} log topics`);
    });

    // Filtering on an indexed argument (the recipient, topic 2).
    const one = await provider.getLogs({ address: tokenAddress, topics: [TRANSFER_TOPIC, null, zeroPadValue(recipients[2], 32)], fromBlock, toBlock });
    assert.equal(one.length, 1, 'eth_getLogs filtered by recipient');
    assert.equal(one[0].transactionHash, hashes[2]);

    // Another address has no logs there.
    const none = await provider.getLogs({ address: Wallet.createRandom().address, fromBlock, toBlock });
    assert.equal(none.length, 0, 'eth_getLogs for an address without events');
  }));

  it('estimates enough gas, and surfaces revert reasons and failed receipts', env.guard(async () => {
    requireToken();
    const from = deployer();
    const to = Wallet.createRandom().address;
    const amount = 7n * ZGT;

    // A transaction with exactly the estimate as its gas limit goes through.
    const estimate = await token.transfer.estimateGas(to, amount);
    assert.ok(estimate > 0n, `eth_estimateGas = ${estimate}`);
    const sent = await token.transfer(to, amount, { gasLimit: estimate });
    const receipt = await waitMined(provider, sent.hash, { what: 'the transfer with gasLimit = estimate' });
    assert.equal(receipt.status, 1, `a transfer with gasLimit = eth_estimateGas (${estimate}) failed`);
    assert.ok(receipt.gasUsed <= estimate, `gasUsed ${receipt.gasUsed} exceeds the estimate ${estimate}`);
    assert.equal(await token.balanceOf(to), amount);
    console.log(`[e2e] METRIC evm: ERC-20 transfer eth_estimateGas=${estimate} gasUsed=${receipt.gasUsed} fee=${formatEther(receipt.fee)} ZG`);

    // eth_call of an overdraft: ethers reports the Solidity revert reason.
    const poor = tokenless();
    assert.equal(await token.balanceOf(poor.address), 0n);
    await assert.rejects(token.connect(poor).transfer.staticCall(to, 1n), (error) => {
      assert.equal(error.code, 'CALL_EXCEPTION', `expected CALL_EXCEPTION, got ${error.code}: ${error.message}`);
      assert.equal(error.reason, OVERDRAFT_REASON);
      return true;
    });

    // The raw answers: code 3, "execution reverted: revert: <reason>" (pallet-revive prefixes the decoded
    // Error(string) with "revert: "), and the ABI-encoded Error(string) as data.
    const data = token.interface.encodeFunctionData('transfer', [to, 1n]);
    const revertData = new Interface(['error Error(string)']).encodeErrorResult('Error', [OVERDRAFT_REASON]);
    for (const method of ['eth_call', 'eth_estimateGas']) {
      const params = method === 'eth_call'
        ? [{ from: poor.address, to: tokenAddress, data }, 'latest']
        : [{ from: poor.address, to: tokenAddress, data }];
      const error = expectRpcError(await ethRpc(eth.url, method, params), `${method} of an overdraft`);
      assert.equal(error.code, EXECUTION_REVERTED, `${method}: error code`);
      assert.equal(error.message, `execution reverted: revert: ${OVERDRAFT_REASON}`, `${method}: error message`);
      assert.equal(error.data, revertData, `${method}: revert data`);
    }

    // Sent anyway, with a gas limit set by hand so no estimate stops it: mined, with status 0 and no logs.
    const nonce = await provider.getTransactionCount(poor.address, 'latest');
    const raw = await poor.signTransaction({
      to: tokenAddress, data, nonce, gasLimit: estimate * 2n, chainId: EVM_CHAIN_ID, ...(await feeFields()),
    });
    const hash = await ethRpcOk(eth.url, 'eth_sendRawTransaction', [raw]);
    const failed = await waitMined(provider, hash, { what: 'the reverting transfer' });
    console.log(`[e2e] reverting transfer: status ${failed.status}, gasUsed ${failed.gasUsed}, block #${failed.blockNumber}`);
    assert.equal(failed.status, 0, 'a reverted transaction has a receipt with status 0');
    assert.equal(failed.logs.length, 0, 'a reverted transaction has no logs');
    assert.ok(failed.gasUsed > 0n, 'a reverted transaction still uses gas');
    assert.equal(await provider.getTransactionCount(poor.address, 'latest'), nonce + 1, 'a reverted transaction uses its nonce');
    assert.equal(await token.balanceOf(poor.address), 0n);
    assert.equal(await token.balanceOf(to), amount, 'the reverted transfer changed no token balance');

    // It pays its fee: gasUsed is that fee in gas, rounded up (the round-up is only charged for successful
    // transactions, since it is burnt inside the call that a revert rolls back).
    const [before, afterwards] = await Promise.all([
      provider.getBalance(poor.address, failed.blockNumber - 1),
      provider.getBalance(poor.address, failed.blockNumber),
    ]);
    const paid = before - afterwards;
    const price = failed.gasPrice;
    assert.ok(paid > (failed.gasUsed - 1n) * price && paid <= failed.gasUsed * price,
      `a reverted transaction paid ${paid} wei, expected gasUsed × price = ${failed.gasUsed * price} (within one gas)`);
  }));

  it('charges a value transfer exactly value + gasUsed × effectiveGasPrice', env.guard(async () => {
    const sender = valueSender();
    const recipient = valueRecipient();
    const value = 12_345n * 10n ** 15n; // 12.345 ZG

    const sent = await sender.sendTransaction({ to: recipient.address, value });
    const receipt = await waitMined(provider, sent.hash, { what: 'the value transfer' });
    assert.equal(receipt.status, 1, 'value transfer failed');
    const n = receipt.blockNumber;
    const [senderBefore, senderAfter, recipientBefore, recipientAfter] = await Promise.all([
      provider.getBalance(sender.address, n - 1),
      provider.getBalance(sender.address, n),
      provider.getBalance(recipient.address, n - 1),
      provider.getBalance(recipient.address, n),
    ]);
    const fee = receipt.gasUsed * receipt.gasPrice;
    assert.equal(receipt.fee, fee);
    assert.equal(recipientAfter - recipientBefore, value, 'the recipient gains exactly the value');
    assert.equal(senderBefore - senderAfter, value + fee,
      `the sender pays value + gasUsed × effectiveGasPrice (${receipt.gasUsed} × ${receipt.gasPrice}); it paid ${senderBefore - senderAfter - value} on top of the value`);

    // Substrate sees the same balances.
    await assertBalanceViewsAgree('value sender', sender.address, accountIdOfEthAddress(sender.address), n);
    await assertBalanceViewsAgree('value recipient', recipient.address, accountIdOfEthAddress(recipient.address), n);

    console.log(`[e2e] METRIC evm: value transfer gasUsed=${receipt.gasUsed} effectiveGasPrice=${receipt.gasPrice} wei `
      + `fee=${formatEther(fee)} ZG`);
  }));

  it('runs the BN254 pairing and the other standard precompiles', env.guard(async () => {
    const from = precompileDeployer();
    const deploy = async (name) => {
      const contract = await new ContractFactory(artifacts[name].abi, artifacts[name].bytecode, from).deploy();
      const receipt = await waitMined(provider, contract.deploymentTransaction().hash, { what: `the ${name} deployment` });
      assert.equal(receipt.status, 1, `${name} deployment failed`);
      return contract;
    };
    const pairing = await deploy('PairingCheck');
    const pre = await deploy('Precompiles');
    const pair = (x) => x.toArray();

    // BN254: ecAdd (0x06), ecMul (0x07), ecPairing (0x08).
    assert.equal(await pairing.checkKnownPairing(), true, 'e(G1, G2) · e(-G1, G2) == 1');
    assert.equal(await pairing.checkWrongPairing(), false, 'e(G1, G2) · e(G1, G2) != 1');
    assert.equal(await pairing.checkPairingOfSums(), true, 'e(2·G1, G2) · e(-G1 - G1, G2) == 1');
    assert.equal(await pairing.checkAddMulConsistency(), true, 'ecAdd and ecMul agree');
    assert.deepEqual(pair(await pairing.ecAdd(V.G1, V.G1)), V.G1_DOUBLE, 'G + G');
    assert.deepEqual(pair(await pairing.ecMul(V.G1, 2n)), V.G1_DOUBLE, '2·G');
    assert.deepEqual(pair(await pairing.ecMul(V.G1, 3n)), V.G1_TRIPLE, '3·G');
    assert.deepEqual(pair(await pairing.ecMul(V.G1, V.BN254_R)), [0n, 0n], 'r·G is the point at infinity');
    assert.equal(await pairing.verifyPairing(V.PAIRING.A, V.PAIRING.B, V.PAIRING.C, V.G2), true, 'e(a·G1, b·G2) · e(-(ab)·G1, G2) == 1');
    assert.equal(await pairing.verifyPairing(V.PAIRING.A, V.PAIRING.B, V.PAIRING.C_WRONG, V.G2), false, 'e(a·G1, b·G2) · e(-(ab+1)·G1, G2) != 1');
    // A point off the curve makes the precompile fail; the contract turns that into a revert reason.
    await assert.rejects(pairing.ecAdd([1n, 3n], V.G1), (error) => {
      assert.equal(error.code, 'CALL_EXCEPTION', `ecAdd off the curve: ${error.code}: ${error.message}`);
      assert.equal(error.reason, 'ecAdd failed');
      return true;
    });
    const pairingGas = await pairing.checkKnownPairing.estimateGas();
    console.log(`[e2e] METRIC evm: ecPairing with 2 pairs (checkKnownPairing) eth_estimateGas=${pairingGas}`);

    // sha256 (0x02), ripemd160 (0x03), identity (0x04).
    const abc = toUtf8Bytes('abc');
    assert.equal(await pre.sha256Of(abc), V.sha256Hex(abc), 'sha256("abc")');
    assert.equal(await pre.sha256Of(abc), '0xba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', 'sha256("abc"), FIPS 180-2');
    assert.equal(await pre.ripemd160Of(abc), V.ripemd160Hex(abc), 'ripemd160("abc")');
    assert.equal(await pre.ripemd160Of(abc), '0x8eb208f7e05d987a9b044a8e98c6b087f15a0bfc', 'ripemd160("abc"), reference value');
    const builtins = await pre.builtins(abc);
    assert.deepEqual([builtins.sha, builtins.ripemd], [V.sha256Hex(abc), V.ripemd160Hex(abc)], "Solidity's sha256/ripemd160 builtins");
    const blob = hexlify(crypto.randomBytes(100));
    assert.equal(await pre.identity(blob), blob, 'identity');

    // modexp (0x05).
    for (const c of V.modexpCases()) {
      assert.equal(await pre.modexp(c.base, c.exponent, c.modulus), c.expected, `modexp: ${c.what}`);
    }

    // blake2f (0x09): EIP-152 vector 5, and another single-block message against OpenSSL's BLAKE2b-512.
    assert.equal(V.blake2fInput(abc), V.BLAKE2F_VECTOR_5.input, 'the blake2f input builder reproduces EIP-152 vector 5');
    assert.equal(V.blake2b512Hex(abc), V.BLAKE2F_VECTOR_5.output, 'EIP-152 vector 5 is BLAKE2b-512("abc")');
    assert.equal(await pre.blake2f(V.BLAKE2F_VECTOR_5.input), V.BLAKE2F_VECTOR_5.output, 'blake2f: EIP-152 vector 5');
    const message = toUtf8Bytes('zg: one BLAKE2b block through the blake2f precompile');
    assert.equal(await pre.blake2f(V.blake2fInput(message)), V.blake2b512Hex(message), 'blake2f of another message');

    // ecrecover (0x01).
    const signer = wallets[9];
    const digest = keccak256(toUtf8Bytes('signed for the ecrecover precompile'));
    const sig = signer.signingKey.sign(digest);
    assert.equal(await pre.recover(digest, sig.v, sig.r, sig.s), signer.address, 'ecrecover of a valid signature');
    assert.equal(await pre.recover(digest, 29, sig.r, sig.s), getAddress('0x' + '00'.repeat(20)), 'ecrecover with v = 29 gives nothing');
    const other = keccak256(toUtf8Bytes('another message'));
    assert.notEqual(await pre.recover(other, sig.v, sig.r, sig.s), signer.address, 'ecrecover of another digest');
  }));

  it('lets a Substrate account call the ERC-20 with revive.call, and both views agree', env.guard(async () => {
    requireToken();
    const alice = accounts.alice;
    const aliceAccountId = u8aToHex(alice.publicKey);
    const aliceEvm = ethAddressOfAccountId(alice.publicKey);
    const recipient = substrateRecipient().address;
    console.log(`[e2e] //Alice's EVM address: ${aliceEvm}`);

    // Alice's tokens come from an Ethereum transaction to her EVM address.
    const funding = 1_000n * ZGT;
    const fund = await token.transfer(aliceEvm, funding);
    assert.equal((await waitMined(provider, fund.hash, { what: 'tokens for Alice' })).status, 1, 'funding Alice failed');
    assert.equal(await token.balanceOf(aliceEvm), funding);

    const amount = 250n * ZGT;
    const input = token.interface.encodeFunctionData('transfer', [recipient, amount]);
    const callMeta = api.tx.revive.call.meta;
    console.log(`[e2e] revive.call(${callMeta.args.map((a) => `${a.name}: ${a.typeName}`).join(', ')})`);

    // Weight and deposit limits from a dry run (ReviveApi_call), with headroom; generous fixed ones without it.
    let weightLimit = { refTime: 50_000_000_000n, proofSize: 10n * 1024n * 1024n };
    let storageDepositLimit = 1n * ZG;
    const dry = api.call.reviveApi?.call
      ? await api.call.reviveApi.call(aliceAccountId, tokenAddress, 0, null, null, input).catch((error) => {
        console.log(`[e2e] ReviveApi_call dry run failed (${error.message}); using fixed limits`);
        return undefined;
      })
      : undefined;
    if (dry) {
      const { weightRequired, storageDeposit, result } = dry;
      console.log(`[e2e] ReviveApi_call dry run: ${JSON.stringify(dry.toHuman())}`);
      assert.ok(result.isOk, `dry run of transfer() failed: ${result.toString()}`);
      const flags = result.asOk.flags.toJSON();
      const bits = typeof flags === 'number' ? flags : flags.bits;
      assert.equal(bits & 1, 0, 'the dry run of transfer() reverted');
      weightLimit = { refTime: weightRequired.refTime.toBigInt() * 2n, proofSize: weightRequired.proofSize.toBigInt() * 2n };
      const charge = storageDeposit.isCharge ? storageDeposit.asCharge.toBigInt() : 0n;
      if (charge * 2n > storageDepositLimit) storageDepositLimit = charge * 2n;
    } else if (!api.call.reviveApi?.call) {
      console.log('[e2e] no ReviveApi_call in the metadata; using fixed limits');
    }

    // The call is built from the metadata's argument names, so a renamed or reordered argument fails loudly.
    const values = {
      dest: tokenAddress,
      value: 0,
      weightLimit,
      storageDepositLimit,
      data: input,
    };
    const args = callMeta.args.map(({ name }) => {
      const key = name.toString();
      assert.ok(key in values, `revive.call has an argument "${key}" that this test does not know`);
      return values[key];
    });
    const tokensBefore = await token.balanceOf(recipient);
    const { blockHash, events } = await signAndWaitFinalized(api, api.tx.revive.call(...args), alice);
    const blockNumber = (await api.rpc.chain.getHeader(blockHash)).number.toNumber();

    // The contract's event, as Substrate reports it.
    const emitted = events.filter(({ event }) => api.events.revive.ContractEmitted.is(event)).map(({ event }) => event.data);
    assert.equal(emitted.length, 1, `revive.ContractEmitted events: ${emitted.length}`);
    const { contract, data, topics } = emitted[0];
    assert.equal(getAddress(contract.toHex()), tokenAddress, 'emitting contract');
    assert.deepEqual(topics.map((t) => t.toHex()), [TRANSFER_TOPIC, zeroPadValue(aliceEvm, 32), zeroPadValue(recipient, 32)],
      'Transfer(from = Alice, to = recipient) topics');
    assert.equal(data.toHex(), abi.encode(['uint256'], [amount]), 'Transfer value');

    // The Ethereum view of the same block.
    await waitUntil(async () => await provider.getBlockNumber() >= blockNumber,
      { timeoutMs: secs(60), what: `eth_blockNumber to reach #${blockNumber}` });
    assert.equal(await token.balanceOf(recipient), tokensBefore + amount, 'recipient tokens (eth_call)');
    assert.equal(await token.balanceOf(aliceEvm), funding - amount, 'Alice tokens (eth_call)');

    // eth_getLogs shows the event of the contract called by a Substrate extrinsic too (zg-eth-rpc's front adds
    // it: the eth-rpc server indexes Ethereum transactions only), with the extrinsic's hash and index.
    const logs = await provider.getLogs({ address: tokenAddress, fromBlock: blockNumber, toBlock: blockNumber });
    console.log(`[e2e] eth_getLogs for block #${blockNumber} (Alice's revive.call): ${JSON.stringify(logs.map((l) => l.toJSON()))}`);
    assert.equal(logs.length, 1, 'the Transfer log of the revive.call');
    const [log] = logs;
    assert.deepEqual([log.address, [...log.topics], log.data], [tokenAddress, topics.map((t) => t.toHex()), data.toHex()], 'the log is the event');
    const block = await api.rpc.chain.getBlock(blockHash);
    const index = block.block.extrinsics.findIndex((x) => x.method.section === 'revive' && x.method.method === 'call');
    assert.equal(log.transactionIndex, index, 'transactionIndex: the extrinsic\'s index');
    assert.equal(log.transactionHash, block.block.extrinsics[index].hash.toHex(), 'transactionHash: the extrinsic\'s hash');
    assert.equal(log.blockHash, (await provider.getBlock(blockNumber)).hash, 'blockHash: the Ethereum block\'s');
    const byTopic = await provider.getLogs({ topics: [TRANSFER_TOPIC, zeroPadValue(aliceEvm, 32)], fromBlock: blockNumber, toBlock: blockNumber });
    assert.equal(byTopic.length, 1, 'found by its topics');
    const other = await provider.getLogs({ topics: [TRANSFER_TOPIC, zeroPadValue(recipient, 32)], fromBlock: blockNumber, toBlock: blockNumber });
    assert.equal(other.length, 0, 'a topic filter that does not match');

    // eth_getTransactionReceipt of the extrinsic's hash (ethers and cast): the same log, Alice's EVM address as
    // `from`, the token as `to`, status 1, and gasUsed × effectiveGasPrice = the fee the extrinsic paid, rounded up
    // to whole gas.
    const xtHash = block.block.extrinsics[index].hash.toHex();
    const feePaid = events.filter(({ event }) => api.events.transactionPayment.TransactionFeePaid.is(event))
      .map(({ event }) => event.data.actualFee.toBigInt());
    assert.equal(feePaid.length, 1, 'one TransactionFeePaid event');
    const receipt = await waitUntil(() => provider.getTransactionReceipt(xtHash),
      { timeoutMs: secs(60), what: `a receipt of the revive.call extrinsic ${xtHash}` });
    console.log(`[e2e] receipt of Alice's revive.call ${xtHash}: ${JSON.stringify(receipt.toJSON())}`);
    assert.equal(receipt.status, 1, 'status');
    assert.equal(receipt.from, getAddress(aliceEvm), 'from: Alice\'s EVM address');
    assert.equal(receipt.to, tokenAddress, 'to: the token');
    assert.equal(receipt.contractAddress, null, 'no contract created');
    assert.equal(receipt.blockNumber, blockNumber);
    assert.equal(receipt.blockHash, log.blockHash);
    assert.equal(receipt.index, index);
    assert.deepEqual(receipt.logs.map((l) => [l.address, [...l.topics], l.data, l.index]),
      [[log.address, [...log.topics], log.data, log.index]], 'the receipt has the eth_getLogs log');
    const price = receipt.gasPrice;
    assert.ok(price > 0n, `effectiveGasPrice ${price}`);
    assert.equal(receipt.gasUsed, (feePaid[0] + price - 1n) / price, `gasUsed = fee ${feePaid[0]} / gas price ${price}, rounded up`);
    assert.ok(receipt.cumulativeGasUsed >= receipt.gasUsed, 'cumulativeGasUsed');
    assert.ok(receipt.logsBloom !== '0x' + '00'.repeat(256), 'logsBloom has the log');
    const castReceipt = JSON.parse(await cast(['receipt', '--json', '--rpc-url', eth.url, xtHash]));
    assert.equal(BigInt(castReceipt.status), 1n, `cast receipt: ${JSON.stringify(castReceipt)}`);
    assert.equal(getAddress(castReceipt.to), tokenAddress, 'cast receipt: to');
    assert.equal(castReceipt.logs.length, 1, 'cast receipt: the log');
    // An unknown hash has no receipt (null), as on Ethereum.
    assert.equal(await provider.getTransactionReceipt('0x' + '11'.repeat(32)), null, 'no receipt for an unknown hash');

    const tooMany = await ethRpc(eth.url, 'eth_getLogs', [{ fromBlock: '0x0', toBlock: `0x${(5000).toString(16)}` }]);
    assert.equal(tooMany.error?.code, -32005, `a range of 5,001 blocks: ${JSON.stringify(tooMany)}`);

    // ZG balances: eth_getBalance and system.account agree for both accounts at that block.
    await assertBalanceViewsAgree('Alice', aliceEvm, aliceAccountId, blockNumber);
    await assertBalanceViewsAgree('token recipient', recipient, accountIdOfEthAddress(recipient), blockNumber);
  }));

  it('refuses bad transactions with geth\'s errors, which ethers recognises', env.guard(async () => {
    const sender = badSender();
    const to = wallets[9].address;
    const value = 1n * ZG;
    const fees = await feeFields();
    const nonce = await provider.getTransactionCount(sender.address, 'latest');
    const gasLimit = (await provider.estimateGas({ from: sender.address, to, value })) * 2n;
    const good = { to, value, nonce, gasLimit, chainId: EVM_CHAIN_ID, ...fees };
    const send = (raw) => ethRpc(eth.url, 'eth_sendRawTransaction', [raw]);
    /** Sends `raw`; expects geth's code and a message matching `pattern`. */
    const refused = async (raw, pattern, what) => {
      const error = expectRpcError(await send(raw), what);
      assert.equal(error.code, GETH_REFUSED, `${what}: code`);
      assert.match(error.message, pattern, what);
      return error;
    };
    /** What ethers makes of the refusal (its own error codes, from geth's messages). */
    const ethersCode = async (raw) => {
      try {
        await provider.broadcastTransaction(raw);
      } catch (e) {
        console.log(`[e2e] ethers: ${e.code} (${e.shortMessage ?? e.message}; server: ${e.error?.message ?? e.info?.error?.message ?? '-'})`);
        return e.code;
      }
      assert.fail('ethers: the transaction was accepted');
    };

    // Signed for another chain, or for none (pre-EIP-155): refused before submission.
    await refused(await sender.signTransaction({ ...good, chainId: 1n }), /^invalid chain id for signer: have 1 want 16420$/, 'transaction for chain id 1');
    const unprotected = await sender.signTransaction({ to, value, nonce, gasLimit, type: 0, gasPrice: fees.maxFeePerGas ?? fees.gasPrice, chainId: 0n });
    assert.equal(Transaction.from(unprotected).chainId, 0n, 'ethers signed an unprotected transaction');
    await refused(unprotected, /^only replay-protected \(EIP-155\) transactions allowed over RPC$/, 'transaction without chain id');

    // A corrupted signature. Flipping a bit of s still recovers *an* address, just not the sender's: one without
    // funds, as geth would find too. An r that is not a valid scalar recovers nothing: invalid sender.
    const signed = Transaction.from(await sender.signTransaction(good));
    const { r, s, yParity } = signed.signature;
    const withSignature = (signature) => {
      const tx = Transaction.from(signed.serialized);
      tx.signature = Signature.from(signature);
      return tx.serialized;
    };
    const flippedS = withSignature({ r, s: `0x${(BigInt(s) ^ 1n).toString(16).padStart(64, '0')}`, yParity });
    const other = Transaction.from(flippedS).from;
    assert.notEqual(other, sender.address, 'the tampered signature recovers another address');
    await refused(flippedS, new RegExp(`^insufficient funds for gas \\* price \\+ value: address ${other.toLowerCase()} have 0 want \\d+$`),
      'transaction with a flipped bit in s');
    await refused(withSignature({ r: `0x${'ff'.repeat(32)}`, s, yParity }), /^invalid sender$/, 'transaction with r = 2^256 - 1');

    // Gas limits below what the transaction needs; a fee cap below the base fee.
    const lowGas = lowGasSender();
    const lowNonce = await provider.getTransactionCount(lowGas.address, 'latest');
    const deployData = artifacts.ZgToken.bytecode
      + new Interface(artifacts.ZgToken.abi).encodeDeploy(['Low Gas', 'LOW', 1n]).slice(2);
    const deployGas = await provider.estimateGas({ from: lowGas.address, data: deployData });
    await refused(await lowGas.signTransaction({ data: deployData, nonce: lowNonce, gasLimit: 21_000n, chainId: EVM_CHAIN_ID, ...fees }),
      /^intrinsic gas too low: gas 21000, minimum needed \d+$/, 'deployment with gasLimit 21000');
    const transferGas = await provider.estimateGas({ from: lowGas.address, to, value });
    const error = await refused(await lowGas.signTransaction({ to, value, nonce: lowNonce, gasLimit: 1n, chainId: EVM_CHAIN_ID, ...fees }),
      /^intrinsic gas too low: gas 1, minimum needed \d+$/, 'value transfer with gasLimit 1');
    const needed = BigInt(/minimum needed (\d+)/.exec(error.message)[1]);
    assert.ok(needed >= transferGas * 98n / 100n && needed <= transferGas * 102n / 100n, `minimum needed ${needed} vs eth_estimateGas ${transferGas}`);
    console.log(`[e2e] gas: a deployment needs ${deployGas}, a value transfer ${transferGas}`);
    if (fees.type === 2) {
      await refused(await lowGas.signTransaction({ to, value, nonce: lowNonce, gasLimit: transferGas, chainId: EVM_CHAIN_ID, type: 2, maxFeePerGas: 1n, maxPriorityFeePerGas: 0n }),
        /^max fee per gas less than block base fee: address 0x[0-9a-f]{40}, maxFeePerGas: 1, baseFee: \d+$/, 'fee cap of 1 wei');
    }
    assert.equal(await provider.getTransactionCount(lowGas.address, 'latest'), lowNonce, 'refused transactions must not use the nonce');

    // A key without funds, as ethers reports it.
    const poor = Wallet.createRandom();
    const poorTx = await poor.signTransaction({ to, value, nonce: 0, gasLimit: transferGas, chainId: EVM_CHAIN_ID, ...fees });
    await refused(poorTx, /^insufficient funds for gas \* price \+ value: address 0x[0-9a-f]{40} have 0 want \d+$/, 'a key without funds');
    assert.equal(await ethersCode(poorTx), 'INSUFFICIENT_FUNDS');

    // Nonces: a replay of a mined transaction is too low; far ahead of the pool is too high.
    assert.ok(burst, 'no earlier transfers to replay (see the back-to-back test)');
    await refused(burst.raws[0], /^nonce too low: next nonce \d+, tx nonce \d+$/, 'replay of a mined transaction');
    assert.equal(await ethersCode(burst.raws[0]), 'NONCE_EXPIRED');
    await refused(await sender.signTransaction({ ...good, nonce: nonce + 65 }), new RegExp(`^nonce too high: next nonce ${nonce}, tx nonce ${nonce + 65} `),
      'a nonce 65 ahead');

    // Not a transaction at all: the eth-rpc server's own refusals.
    let garbage = expectRpcError(await send('0xzz'), 'eth_sendRawTransaction("0xzz")');
    assert.equal(garbage.code, INVALID_PARAMS);
    for (const bytes of ['0xdeadbeef', '0x']) {
      garbage = expectRpcError(await send(bytes), `eth_sendRawTransaction("${bytes}")`);
      assert.equal(garbage.code, CALL_EXECUTION_FAILED);
      assert.equal(garbage.message, 'Invalid transaction');
    }
    assert.equal(await provider.getTransactionCount(sender.address, 'latest'), nonce, 'the refused transactions must not use the sender\'s nonce');

    // The very transaction all of the above were variants of is fine. Sent again, it is already known; another
    // with its nonce and fee does not replace it (unless a block took the first in between: then its nonce is used).
    const goodRaw = await sender.signTransaction(good);
    const hash = await ethRpcOk(eth.url, 'eth_sendRawTransaction', [goodRaw]);
    const again = expectRpcError(await send(goodRaw), 'the same transaction again');
    assert.equal(again.code, GETH_REFUSED);
    assert.match(again.message, /^(already known|nonce too low: .*)$/);
    const rival = await sender.signTransaction({ ...good, value: value + 1n });
    const code = await ethersCode(rival);
    assert.ok(['REPLACEMENT_UNDERPRICED', 'NONCE_EXPIRED'].includes(code), `a same-fee replacement: ethers says ${code}`);
    const receipt = await waitMined(provider, hash, { what: 'the valid transaction after the invalid ones' });
    assert.equal(receipt.status, 1, 'the valid transaction after the invalid ones failed');
    assert.equal(await provider.getTransactionCount(sender.address, 'latest'), nonce + 1);
  }));

  it('sends back to back without waiting, as wallets do: 20 with ethers, 5 with cast send --async, mined in nonce order', env.guard(async () => {
    const user = walletUser();
    const key = ETH_DEV_KEYS[5].privateKey;
    const to = Wallet.createRandom().address;
    const start = await provider.getTransactionCount(user.address, 'latest');
    // ethers takes each nonce from eth_getTransactionCount(…, "pending"): the pool's transactions count.
    const sent = [];
    for (let i = 0; i < 20; i++) sent.push(await user.sendTransaction({ to, value: BigInt(i + 1) }));
    assert.deepEqual(sent.map((t) => t.nonce), Array.from({ length: 20 }, (_, i) => start + i), 'ethers\' nonces');
    assert.equal(await provider.getTransactionCount(user.address, 'pending'), start + 20, 'pending counts the pool');
    // The attack on the wallets' nonces: while the blocks that include these transactions are imported, the next
    // nonce is asked for again and again, of the node (system_accountNextIndex) and of the Ethereum RPC ("pending").
    // No answer may forget a transaction sent before it was asked (polkadot-sdk's method read the pool and the
    // chain apart, and a block imported in between made it answer the old nonce: cast sent 0 after 20).
    const nodeHttp = `http://127.0.0.1:${node.rpcPort}`;
    const substrate = api.createType('AccountId', accountIdOfEthAddress(user.address)).toString();
    let polling = true;
    let submitted = start + 20;
    const low = [];
    let asked = 0;
    const poll = async (what, ask) => {
      while (polling) {
        const before = submitted;
        try {
          const answer = Number(await ask());
          asked++;
          if (!(answer >= before)) low.push(`${what} answered ${answer} with ${before} sent`);
        } catch (error) {
          low.push(`${what} failed: ${error.message}`);
        }
      }
    };
    const pollers = [
      poll('system_accountNextIndex', () => ethRpcOk(nodeHttp, 'system_accountNextIndex', [substrate])),
      poll('system_accountNextIndex', () => ethRpcOk(nodeHttp, 'system_accountNextIndex', [substrate])),
      poll('eth_getTransactionCount(pending)', () => ethRpcOk(eth.url, 'eth_getTransactionCount', [user.address, 'pending'])),
    ];
    // cast 1.7.1 reads the nonce at "latest" (on any chain, a second --async send before the first is mined reuses
    // it); with `cast nonce --block pending` it sends as many as it likes.
    const hashes = sent.map((t) => t.hash);
    try {
      for (let i = 0; i < 5; i++) {
        const next = await cast(['nonce', '--block', 'pending', '--rpc-url', eth.url, user.address]);
        assert.match(next, /^\d+$/, `cast nonce --block pending before cast send #${i}: its output`);
        assert.equal(Number(next), start + 20 + i, `cast nonce --block pending before cast send #${i}`);
        hashes.push(await cast(['send', '--async', '--private-key', key, '--rpc-url', eth.url, '--nonce', next, to, '--value', '1000']));
        submitted++;
      }
      assert.ok(hashes.every((h) => /^0x[0-9a-f]{64}$/.test(h)), `transaction hashes: ${hashes.join(', ')}`);
      const receipts = await Promise.all(hashes.map((h, i) => waitMined(provider, h, { what: `back-to-back transfer #${i}` })));
      assert.ok(receipts.every((r) => r.status === 1), 'all succeeded');
      const txs = await Promise.all(hashes.map((h) => provider.getTransaction(h)));
      const order = receipts.map((r, i) => ({ block: r.blockNumber, index: r.index, nonce: txs[i].nonce }))
        .sort((a, b) => a.block - b.block || a.index - b.index);
      assert.deepEqual(order.map((o) => o.nonce), Array.from({ length: 25 }, (_, i) => start + i), 'mined in nonce order');
      assert.equal(await provider.getTransactionCount(user.address, 'latest'), start + 25);
      assert.equal(await provider.getBalance(to), 210n + 5000n, 'every value arrived');
      console.log(`[e2e] 25 back-to-back transfers mined in blocks ${[...new Set(order.map((o) => o.block))].join(', ')}; `
        + `the next nonce asked ${asked} times meanwhile`);
    } finally {
      polling = false;
      await Promise.allSettled(pollers);
    }
    assert.deepEqual(low, [], 'the next nonce went back while the transactions were mined');
    assert.ok(asked > 0, 'the next nonce was asked for while the transactions were mined');
  }));

  it('works with Foundry\'s cast: send --create, call, send, receipt, logs', env.guard(async () => {
    const user = walletUser();
    const key = ETH_DEV_KEYS[5].privateKey;
    const url = ['--rpc-url', eth.url];
    const deployed = JSON.parse(await cast(['send', '--json', '--private-key', key, ...url,
      '--create', artifacts.ZgToken.bytecode, 'constructor(string,string,uint256)', 'Cast Token', 'CST', '1000']));
    assert.equal(deployed.status, '0x1', `deployment receipt: ${JSON.stringify(deployed).slice(0, 300)}`);
    const address = getAddress(deployed.contractAddress);
    const deployTx = await provider.getTransaction(deployed.transactionHash);
    assert.equal(address, getCreateAddress({ from: user.address, nonce: deployTx.nonce }), 'CREATE address of the deployer\'s nonce');
    const balanceOf = async (who) => BigInt((await cast(['call', ...url, address, 'balanceOf(address)(uint256)', who])).split(' ')[0]);
    assert.equal(await balanceOf(user.address), 1000n, 'cast call balanceOf(deployer): the whole supply');
    const to = Wallet.createRandom().address;
    const sentReceipt = JSON.parse(await cast(['send', '--json', '--private-key', key, ...url, address, 'transfer(address,uint256)', to, '5']));
    assert.equal(sentReceipt.status, '0x1');
    assert.equal(await balanceOf(to), 5n, 'cast call balanceOf(recipient)');
    const receipt = JSON.parse(await cast(['receipt', '--json', ...url, sentReceipt.transactionHash]));
    assert.equal(receipt.status, '0x1');
    assert.equal(receipt.transactionHash, sentReceipt.transactionHash);
    assert.equal(receipt.logs.length, 1, 'one Transfer log in cast receipt');
    const block = Number(receipt.blockNumber);
    const logs = JSON.parse(await cast(['logs', '--json', ...url, '--from-block', String(block), '--to-block', String(block),
      '--address', address, 'Transfer(address,address,uint256)']));
    assert.equal(logs.length, 1, `cast logs: ${JSON.stringify(logs).slice(0, 300)}`);
    assert.equal(logs[0].topics[0], TRANSFER_TOPIC);
    assert.equal(getAddress(dataSliceTopic(logs[0].topics[2])), to);
    assert.equal(BigInt(logs[0].data), 5n);
    console.log(`[e2e] cast: deployed ${address}, transferred 5 in block ${block}, read it back with call, receipt and logs`);
  }));

  it('keeps producing, finalizing and serving Ethereum RPC afterwards', env.guard(async () => {
    const ethBlock = await provider.getBlockNumber();
    await waitUntil(async () => await provider.getBlockNumber() >= ethBlock + 2,
      { timeoutMs: secs(120), what: `eth_blockNumber to advance from ${ethBlock} by 2`, describe: async () => `eth_blockNumber ${await provider.getBlockNumber()}` });
    const best = await bestHead(api);
    await waitForFinalized(api, best.number + 2, { timeoutMs: secs(120), label: node.name });
    assert.equal(node.running, true, 'zg-node is still running');
    assert.equal(eth.running, true, 'zg-eth-rpc is still running');
    assert.equal(await ethRpcOk(eth.url, 'eth_chainId'), '0x4024');
    const pending = await api.rpc.author.pendingExtrinsics();
    assert.equal(pending.length, 0, 'refused transactions must not linger in the pool');
  }));
});
