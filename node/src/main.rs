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
static ALLOCATOR: Allocator = Allocator;

/// jemalloc ([`tikv_jemallocator::Jemalloc`]), except that a zeroed block of up to [`Allocator::ZERO_BY_WRITING`]
/// bytes is zeroed by writing zeros. jemalloc zeroes a reused block of 16 KiB or more by handing its pages back to
/// the kernel (`madvise`) so that they fault in again as zero pages, and the p2p transport (yamux, under litep2p)
/// allocates every frame it receives zeroed: a release profile of the storage benchmark's cold download found 8 % of
/// the reader's time in that `madvise` and 17 % in the page faults after it. Writing zeros over memory the process
/// used a moment ago costs far less. Larger blocks keep jemalloc's way (their pages are faulted in only where used).
#[cfg(all(target_os = "linux", not(target_env = "msvc")))]
struct Allocator;

#[cfg(all(target_os = "linux", not(target_env = "msvc")))]
impl Allocator {
	/// The largest zeroed block zeroed by writing.
	const ZERO_BY_WRITING: usize = 4 << 20;
}

#[cfg(all(target_os = "linux", not(target_env = "msvc")))]
unsafe impl std::alloc::GlobalAlloc for Allocator {
	unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
		unsafe { tikv_jemallocator::Jemalloc.alloc(layout) }
	}

	unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
		if layout.size() > Self::ZERO_BY_WRITING {
			return unsafe { tikv_jemallocator::Jemalloc.alloc_zeroed(layout) };
		}
		// Hidden from the optimiser, which would otherwise fold `malloc` and the zeroing below back into `calloc`.
		let ptr = std::hint::black_box(unsafe { tikv_jemallocator::Jemalloc.alloc(layout) });
		if !ptr.is_null() {
			unsafe { std::ptr::write_bytes(ptr, 0, layout.size()) };
		}
		ptr
	}

	unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
		unsafe { tikv_jemallocator::Jemalloc.dealloc(ptr, layout) }
	}

	unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, new_size: usize) -> *mut u8 {
		unsafe { tikv_jemallocator::Jemalloc.realloc(ptr, layout, new_size) }
	}
}

/// A zeroed block is all zeros however dirty the memory it reuses, on both sides of
/// [`Allocator::ZERO_BY_WRITING`], and the other calls keep what was written.
#[cfg(all(test, target_os = "linux", not(target_env = "msvc")))]
#[test]
fn zeroed_blocks_are_zero_after_reuse() {
	use std::alloc::{GlobalAlloc, Layout};
	for size in [1usize, 4096, 16 << 10, 256 << 10, Allocator::ZERO_BY_WRITING, Allocator::ZERO_BY_WRITING + 4096] {
		let layout = Layout::from_size_align(size, 64).unwrap();
		for _ in 0..3 {
			let dirty = unsafe { ALLOCATOR.alloc(layout) };
			assert!(!dirty.is_null());
			unsafe { std::ptr::write_bytes(dirty, 0xa5, size) };
			let grown = unsafe { ALLOCATOR.realloc(dirty, layout, size * 2) };
			assert!(unsafe { std::slice::from_raw_parts(grown, size) }.iter().all(|b| *b == 0xa5), "{size}: realloc");
			unsafe { ALLOCATOR.dealloc(grown, Layout::from_size_align(size * 2, 64).unwrap()) };
			let zeroed = unsafe { ALLOCATOR.alloc_zeroed(layout) };
			assert!(!zeroed.is_null());
			assert!(unsafe { std::slice::from_raw_parts(zeroed, size) }.iter().all(|b| *b == 0), "{size} bytes");
			unsafe { std::ptr::write_bytes(zeroed, 0x5a, size) };
			unsafe { ALLOCATOR.dealloc(zeroed, layout) };
		}
	}
}

fn main() -> sc_cli::Result<()> {
	command::run()
}
