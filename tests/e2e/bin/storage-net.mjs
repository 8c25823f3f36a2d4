// Starts a local storage network and keeps it running until Ctrl-C: seven `--chain local` nodes (validators alice …
// dave, full nodes eve, ferdie, george), every one a storage provider whose `//<Name>` key is in its keystore and
// registered on chain with its peer id. Prints each node's RPC endpoint and an upload/download example.
// Used by scripts/run-storage-net.sh; the node processes and their data live in a temp dir removed on exit
// (ZG_E2E_KEEP=1 keeps it, as for the tests).

import { StorageNetwork, resilientStake, storageConstants } from '../lib/storage.mjs';
import { TestEnv } from '../lib/node.mjs';

const log = (line) => console.log(`[storage-net] ${line}`);
const env = new TestEnv('storage-net');
const net = new StorageNetwork(env, { log });

let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  log('stopping the network…');
  try {
    net.api?.disconnect();
    await env.cleanup();
  } finally {
    process.exit(code);
  }
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

try {
  await net.start();
  const constants = await storageConstants(net.api);
  await net.registerProviders({ stake: resilientStake(constants, constants.maxMisses) });
  for (const name of net.names) log(`${name.padEnd(8)} ${net.httpUrl(name)}  (peer ${net.peerIds[name]})`);
  log('ready. Try:');
  log(`  zg-node storage upload ./some-file --rpc ${net.httpUrl('alice')} --suri //Alice --periods 24`);
  log(`  zg-node storage download <root> --out ./copy --rpc ${net.httpUrl('george')}`);
  log('Ctrl-C stops every node.');
} catch (error) {
  console.error(error);
  env.dumpLogs?.();
  await stop(1);
}
