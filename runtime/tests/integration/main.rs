//! Runtime integration tests: the real `zg-runtime` driven block by block through `Executive`, with signed
//! transactions that go through every transaction extension, starting from the real genesis presets.

mod common;
mod compute;
mod da;
mod evm;
mod fees;
mod governance;
mod offences;
mod precompiles;
mod staking;
mod storage;
