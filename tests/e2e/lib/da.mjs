// A data-availability network for tests and benchmarks: the four `--chain local` validators, each a DA signer
// node (`--da-signer`) with one `zgda` key of an endowed account that is not a validator, plus full nodes that
// are no signers ("readers"), and the `zg-node da …` command line.

import path from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';

import { ZG, signAndWaitFinalized } from './chain.mjs';
import { rawChainSpec, secs, waitUntil } from './node.mjs';
import { STORAGE_NODE_KEYS, peerIdBytes, runCli } from './storage.mjs';

export const DA_SIGNERS = ['alice', 'bob', 'charlie', 'dave'];
/** The DA-signer key of each signer node. */
export const DA_SIGNER_KEY = { alice: '//Eve', bob: '//Ferdie', charlie: '//Eve//stash', dave: '//Ferdie//stash' };
export const DA_STAKE = 2_000n * ZG;

export class DaNetwork {
  /**
   * `readers`: names of full nodes that are no signers (among STORAGE_NODE_KEYS' names); `nodeArgs`: more
   * command-line arguments of some nodes, by name.
   */
  constructor(env, { readers = [], nodeArgs = {}, log = (line) => console.log(`[e2e] da: ${line}`), cliLog } = {}) {
    this.env = env;
    this.readers = readers;
    this.nodeArgs = nodeArgs;
    this.log = log;
    this.cliLog = cliLog ?? path.join(env.root, 'da-cli.log');
    this.nodes = {};
    this.pairs = {};
  }

  httpUrl(name) {
    return `http://127.0.0.1:${this.nodes[name].rpcPort}`;
  }

  /** The signer node whose account is `ss58`, or `ss58` itself. */
  nameOf(ss58) {
    return DA_SIGNERS.find((n) => this.pairs[n].address === ss58) ?? ss58;
  }

  /** `zg-node da ARGS…`, logged to the CLI log. */
  cli(args, timeoutMs = secs(900)) {
    return runCli(['da', ...args], { timeoutMs, logPath: this.cliLog, label: `zg-node da ${args[0]}` });
  }

  /** Starts the nodes one at a time (debug nodes starting together on two cores all start late). */
  async start() {
    await cryptoWaitReady();
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 4200 });
    for (const name of DA_SIGNERS) this.pairs[name] = keyring.addFromUri(DA_SIGNER_KEY[name]);
    const spec = rawChainSpec('local');
    for (const name of [...DA_SIGNERS, ...this.readers]) {
      const signer = DA_SIGNERS.includes(name);
      this.nodes[name] = this.env.node({
        name,
        nodeKey: STORAGE_NODE_KEYS[name],
        args: [
          '--chain', spec,
          ...(signer ? [`--${name}`, '--validator', '--da-signer'] : ['--name', name]),
          ...(name === 'alice' ? [] : ['--bootnodes', this.nodes.alice.multiaddr]),
          // author_insertKey is an unsafe method (allowed anyway on a localhost-only RPC; explicit here).
          '--rpc-methods', 'unsafe',
          ...(this.nodeArgs[name] ?? []),
        ],
      });
      await this.nodes[name].start();
    }
    this.api = await this.nodes.alice.connect();
    return this;
  }

  /** Inserts `name`'s `zgda` key into its node. */
  insertKey(name) {
    return this.nodes[name].rpc('author_insertKey', ['zgda', DA_SIGNER_KEY[name], u8aToHex(this.pairs[name].publicKey)]);
  }

  /** Every signer inserts its key and registers; resolves with the first committee that seats all of them. */
  async registerSigners() {
    for (const name of DA_SIGNERS) await this.insertKey(name);
    await Promise.all(DA_SIGNERS.map((name) => signAndWaitFinalized(
      this.api,
      this.api.tx.da.registerSigner(DA_STAKE, u8aToHex(peerIdBytes(this.nodes[name].peerId))),
      this.pairs[name],
      { label: `${name}: da.registerSigner` },
    )));
    let committee;
    await waitUntil(async () => {
      committee = await this.nodes.alice.rpc('zgDa_committee', [null]);
      return committee && DA_SIGNERS.every((n) => committee.slots.includes(this.pairs[n].address));
    }, {
      timeoutMs: secs(300),
      what: 'a committee drawn among the four signers',
      describe: () => JSON.stringify(committee)?.slice(0, 300),
    });
    return committee;
  }

  /** Stops and disconnects everything. */
  async stop() {
    await this.api?.disconnect().catch(() => {});
  }
}

/** The confidence `zg-node da sample` printed. */
export function sampledConfidence(stdout) {
  return Number(/confidence ([0-9.]+)/.exec(stdout)?.[1]);
}
