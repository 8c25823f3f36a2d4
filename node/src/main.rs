//! zg-node: the zg chain's full node and its command line.

mod altda;
mod benchmarking;
mod chain_spec;
mod cli;
mod client;
mod compute_cli;
mod da_cli;
mod da_prune;
#[cfg(test)]
mod duty_pool_tests;
mod command;
mod precompile;
mod service;
mod signing;
mod storage_cli;

/// The node's allocator on Linux: jemalloc (as reth and Foundry use), for the whole process. The storage and DA paths
/// allocate and free buffers of 1–4 MiB at a high rate: chunks, pieces and shard parts in Rust, and in RocksDB's C++
/// the write batches and memtable entries that hold each 1 MiB chunk. jemalloc reuses freed extents and returns them
/// to the system once they have stayed unused for a while (its decay, 10 s). It is built unprefixed
/// (`node/Cargo.toml`), so its `malloc`, `free`, … replace glibc's for the C and C++ code linked in as well. glibc
/// either keeps freed blocks of that size in its per-thread heaps (nodes of the `storage-large` e2e that had moved a
/// 256 MiB file kept 55–110 MiB they no longer used, and the encoder's peak grew by up to 143 MiB), or, with a fixed
/// mmap threshold (what zg-node set until run 18), maps each one afresh and unmaps it when freed, every page faulted
/// in and zeroed by the kernel again: run 18b measured that as a quarter to two fifths of the storage path's
/// throughput. jemalloc's options come from `MALLOC_CONF` (e.g. `dirty_decay_ms:0` returns freed memory at once).
#[cfg(all(target_os = "linux", not(target_env = "msvc")))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> sc_cli::Result<()> {
	command::run()
}
