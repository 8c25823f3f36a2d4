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

fn main() -> sc_cli::Result<()> {
	return_large_buffers_to_the_system();
	command::run()
}

/// glibc's malloc raises its mmap threshold each time a large block is freed (up to 32 MiB), after which blocks
/// of 1–4 MiB — the storage network's chunks and pieces, RocksDB's memtables — come from its heaps and stay in
/// the process when freed: a node that had moved a 1 GiB file kept hundreds of MiB resident. A fixed threshold of
/// 256 KiB maps every larger block on its own and unmaps it when freed; at most 4 arenas (one per thread by
/// default on many threads) bound the rest.
fn return_large_buffers_to_the_system() {
	#[cfg(all(target_os = "linux", target_env = "gnu"))]
	// SAFETY: mallopt only changes allocator parameters; called before any other thread exists.
	unsafe {
		libc::mallopt(libc::M_MMAP_THRESHOLD, 256 * 1024);
		libc::mallopt(libc::M_ARENA_MAX, 4);
	}
}
