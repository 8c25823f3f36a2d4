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
mod service;
mod signing;
mod storage_cli;

/// The node's allocator on Linux: jemalloc (as reth and Foundry use). The storage and DA paths allocate and free
/// buffers of 1–4 MiB at a high rate (chunks, pieces, shard parts). glibc either keeps such blocks in its heaps
/// once freed — a node that had moved a 1 GiB file kept hundreds of MiB resident — or, with a fixed mmap threshold
/// (what zg-node set before), maps each one afresh and unmaps it when freed: every page of every buffer is then
/// faulted in and zeroed by the kernel again (28 % of the whole machine's CPU samples during a cold download, in a
/// profile of the release benchmark). jemalloc reuses freed extents and returns them to the system once they have
/// stayed unused for a while (its decay, 10 s).
#[cfg(all(target_os = "linux", not(target_env = "msvc")))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> sc_cli::Result<()> {
	command::run()
}
