//! The encoder's work on a file held in a real blob store (`cargo bench -p zg-node-storage --bench shards`, or
//! `scripts/bench.sh --only kernels`): what happens between a file's `submitFile` and its `confirm_encoding`.
//!
//! - `encoder`: [`zg_node_storage::service::encode_held_file`], the encoder's own path: the file read from the
//!   store 4 MiB at a time, erasure-coded into its 4 + 2 shards, every shard chunk hashed for the shard roots and
//!   written into the store, the shards recorded (synced);
//! - its reference: the same coding and shard roots in memory ([`erasure::encode`] and [`erasure::shard_roots`]
//!   over the whole file, the file already in memory, nothing read or written), what the host-function figure of
//!   the `erasure` benchmark measures: the ratio is the share of the coding the store leaves;
//! - for context, the store's part alone: the file read through in the encoder's steps, and as many bytes as the
//!   shards written as shard chunks (no coding, no hashing).
//!
//! The store is opened in the system's temporary directory (as the end-to-end and storage benchmarks' nodes are),
//! with direct I/O where the file system allows it, as a node opens it. Size: `ZG_BENCH_SHARDS_MIB` (default 256).
//! Throughput is file bytes per second; the best of 3 runs. Printed as `ZG-BENCH` lines (tab-separated: figure,
//! value, unit, reference, reference value, goal) for `scripts/bench.sh`.

use std::{path::PathBuf, time::Instant};

use zg_node_storage::{service::encode_held_file, BlobStore, StoreLimits};
use zg_primitives::storage::{erasure, file_root, ErasureParams};

const MIB: usize = 1 << 20;
const STEP: usize = 4 * MIB;
const RUNS: usize = 3;

/// A directory removed when dropped.
struct Dir(PathBuf);

impl Drop for Dir {
	fn drop(&mut self) {
		let _ = std::fs::remove_dir_all(&self.0);
	}
}

fn best(label: &str, mut run: impl FnMut()) -> f64 {
	let mut best = f64::MAX;
	for _ in 0..RUNS {
		let started = Instant::now();
		run();
		best = best.min(started.elapsed().as_secs_f64());
	}
	println!("  {label:<58} best of {RUNS}: {best:.3} s");
	best
}

fn main() {
	let mib: usize = std::env::var("ZG_BENCH_SHARDS_MIB").ok().and_then(|v| v.parse().ok()).unwrap_or(256);
	let size = mib * MIB;
	let params = ErasureParams::DEFAULT;
	let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
	let (k, m) = (params.data_shards, params.parity_shards);
	println!("encoder of a {mib} MiB file held in a blob store, {k}+{m} shards, {threads} cores:");

	let mut file = vec![0u8; size];
	let mut x = 0x9e37_79b9_7f4a_7c15u64;
	for b in file.iter_mut() {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		*b = x as u8;
	}
	let root = file_root(&file);

	let dir = Dir(std::env::temp_dir().join(format!("zg-bench-shards-{}", std::process::id())));
	let max = 4 * (size as u64) + (1 << 30);
	let mut limits = StoreLimits::new(max);
	limits.max_upload_bytes = max;
	let store = BlobStore::open(&dir.0, limits).expect("open the blob store");
	let id = store.begin_upload(size as u64, None).expect("begin the upload");
	for (i, piece) in file.chunks(STEP).enumerate() {
		store.write_chunk(id, (i * STEP) as u64, piece).expect("write the file");
	}
	store.finish_upload(id, root).expect("finish the upload");

	let n = params.total_shards();
	let drop_shards = |store: &BlobStore| {
		for shard in 0..n {
			store.drop_shard(&root, shard).expect("drop a shard");
		}
	};
	let expected = erasure::shard_roots(&erasure::encode(&params, &file).expect("encode"));

	let encoder = best("encoder: read, code, hash, write, record", || {
		drop_shards(&store);
		assert_eq!(encode_held_file(&store, &root, &params), Ok(n as usize));
	});
	for (shard, want) in expected.iter().enumerate() {
		let record = store.shard_record(&root, shard as u32).expect("read a record").expect("a shard recorded");
		assert_eq!(record.root, *want, "shard {shard} stored with the root of the whole-file encoding");
	}
	drop_shards(&store);

	let in_memory = best("the same coding and shard roots in memory", || {
		let shards = erasure::encode(&params, &file).expect("encode");
		assert_eq!(erasure::shard_roots(&shards), expected);
	});

	let reads = best("the store alone: the file read in 4 MiB steps", || {
		for offset in (0..size).step_by(STEP) {
			let bytes = store.read_file_range(&root, offset as u64, STEP as u64).expect("read").expect("held");
			assert_eq!(bytes.len(), STEP.min(size - offset));
		}
	});
	let shard_len = params.shard_size(size as u64);
	let writes = best("the store alone: the shards' bytes written as shard chunks", || {
		drop_shards(&store);
		let shards: Vec<u32> = (0..n).collect();
		store.begin_shards(&root, &shards, shard_len).expect("begin the shards");
		let chunk = vec![7u8; MIB];
		for idx in 0..shard_len.div_ceil(MIB as u64) as u32 {
			for &shard in &shards {
				store.put_shard_chunk(&root, shard, idx, &chunk).expect("write a chunk");
			}
		}
		store.abandon_shards(&root, &shards).expect("abandon the shards");
	});

	let rate = |secs: f64| size as f64 / secs / 1e6;
	let (encoder, in_memory) = (rate(encoder), rate(in_memory));
	println!(
		"  encoder {encoder:.1} MB/s; in memory {in_memory:.1} MB/s ({:.2}×); reads alone {:.1} MB/s, \
		 writes alone {:.1} MB/s",
		encoder / in_memory,
		rate(reads),
		rate(writes)
	);
	println!("ZG-BENCH\tencoder: a file in the blob store coded into its shards, hashed and stored ({mib} MiB)\t{encoder:.1}\tMB/s\tthe same coding and shard roots in memory, same process\t{in_memory:.1}\t");
	println!("ZG-BENCH\tthe blob store alone: the file read, the shards' bytes written ({mib} MiB, context)\t{:.1}\tMB/s\tthe encoder, same store\t{encoder:.1}\t", rate(reads + writes));
}
