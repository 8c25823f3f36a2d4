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

/// The node's allocator on Linux: jemalloc (as reth and Foundry use). The storage and DA paths allocate and free
/// buffers of 1–4 MiB at a high rate (chunks, pieces, shard parts). glibc either keeps such blocks in its heaps
/// once freed — a node that had moved a 1 GiB file kept hundreds of MiB resident — or, with a fixed mmap threshold
/// (what zg-node set before), maps each one afresh and unmaps it when freed: every page of every buffer is then
/// faulted in and zeroed by the kernel again (28 % of the whole machine's CPU samples during a cold download, in a
/// profile of the release benchmark). jemalloc reuses freed extents and returns them to the system once they have
/// stayed unused for a while (its decay, 10 s). C and C++ libraries still use glibc's malloc: see
/// [`tune_glibc_malloc`].
#[cfg(all(target_os = "linux", not(target_env = "msvc")))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> sc_cli::Result<()> {
	tune_glibc_malloc();
	command::run()
}

/// RocksDB's C++ (the blob store's memtables and write batches, which hold 1 MiB chunks) allocates through glibc's
/// malloc, not through the allocator above. glibc raises its mmap threshold to the largest block freed, after which
/// such blocks come from its heaps and stay resident once freed, one heap per thread that wrote: nodes of the
/// `storage-large` e2e that had moved a 256 MiB file kept 55–110 MiB more than they needed (measured with jemalloc
/// returning everything at once, so that what stayed was glibc's), the encoder's peak grew by up to 143 MiB against
/// 55 with this. A fixed threshold of 256 KiB maps every larger block and unmaps it when freed, and 4 arenas bound
/// what the smaller ones keep.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn tune_glibc_malloc() {
	// SAFETY: `mallopt` only sets glibc's malloc parameters; nothing else runs yet (no thread has started).
	unsafe {
		libc::mallopt(libc::M_MMAP_THRESHOLD, 256 * 1024);
		libc::mallopt(libc::M_ARENA_MAX, 4);
	}
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn tune_glibc_malloc() {}
