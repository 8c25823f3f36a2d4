// zombienet `js-script` assertion: the network's Ethereum JSON-RPC. Starts zg-eth-rpc ($ZG_ETH_RPC; its log goes
// to $ZG_ZOMBIENET_DIR/eth-rpc.log) against the node named in the .zndsl line, checks it, stops it, and returns
// how many of the four checks passed: eth_chainId is zg's (0x4024); eth_blockNumber follows the chain; a genesis
// Ethereum dev key (Hardhat #0) is funded; and eth_getTransactionCount(…, "pending"), which zg's front answers from
// the node's pool, equals "latest" on an idle pool.
const { spawn } = require("child_process");
const fs = require("fs");
const net = require("net");
const path = require("path");

const HARDHAT0 = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function call(url, method, params = []) {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    signal: AbortSignal.timeout(10_000),
  });
  const json = await res.json();
  if (json.error) throw new Error(`${method}: ${json.error.code} ${json.error.message}`);
  return json.result;
}

async function until(what, probe, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`${what}: ${e.message}`);
    }
    if (Date.now() > deadline) throw new Error(`${what}: timed out`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function run(nodeName, networkInfo) {
  const { wsUri } = networkInfo.nodesByName[nodeName];
  const bin = process.env.ZG_ETH_RPC;
  if (!bin || !fs.existsSync(bin)) throw new Error(`no zg-eth-rpc at ${bin} (set ZG_ETH_RPC)`);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const log = fs.openSync(path.join(process.env.ZG_ZOMBIENET_DIR || ".", "eth-rpc.log"), "a");
  const child = spawn(bin, ["--node-rpc-url", wsUri, "--rpc-port", String(port), "--no-prometheus", "--eth-pruning", "1000"],
    { stdio: ["ignore", log, log] });
  let passed = 0;
  try {
    const chainId = await until("eth_chainId", () => call(url, "eth_chainId"), 90_000);
    console.log(`${nodeName}: zg-eth-rpc on ${url}: eth_chainId ${chainId}`);
    if (chainId === "0x4024") passed++;
    const height = await until("eth_blockNumber ≥ 1", async () => Number(await call(url, "eth_blockNumber")) >= 1 && call(url, "eth_blockNumber"), 60_000);
    console.log(`${nodeName}: eth_blockNumber ${Number(height)}`);
    passed++;
    const balance = BigInt(await call(url, "eth_getBalance", [HARDHAT0, "latest"]));
    console.log(`${nodeName}: eth_getBalance(Hardhat #0) ${balance}`);
    if (balance > 0n) passed++;
    const [pending, latest] = await Promise.all([
      call(url, "eth_getTransactionCount", [HARDHAT0, "pending"]),
      call(url, "eth_getTransactionCount", [HARDHAT0, "latest"]),
    ]);
    console.log(`${nodeName}: eth_getTransactionCount pending ${pending}, latest ${latest}`);
    if (/^0x[0-9a-f]+$/.test(pending) && pending === latest) passed++;
  } finally {
    child.kill("SIGTERM");
    fs.closeSync(log);
  }
  return passed;
}

module.exports = { run };
