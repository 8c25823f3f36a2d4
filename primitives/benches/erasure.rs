//! Erasure-coding throughput, in one run (`cargo bench -p zg-primitives --bench erasure`, or
//! `scripts/bench-storage.sh`):
//!
//! - `reed-solomon-erasure encode`: `zg_primitives::storage::erasure::encode` (GF(2^8), what the chain's fraud
//!   proofs recompute), 4 + 2 shards per 256 KiB segment;
//! - `reed-solomon-simd encode`: `reed_solomon_simd::encode` called directly on the same segments (a different
//!   code, over GF(2^16): parity it produces cannot be checked by `parity_stripe` in the runtime);
//! - `encode + shard roots, direct`: the same work as the host function below, called directly (the reference of
//!   the host function's figure: the code alone skips hashing 1.5× the file into shard roots);
//! - `host function encode`: `storage_host::encode_file` as the off-chain worker calls it, through the runtime
//!   interface and the `BlobHostExt` extension, with an in-memory blob host (encode + shard roots, the shards
//!   kept; the file shared, not copied);
//! - `merkle root`: the keccak sector tree over the file (what upload, download and shard checks pay), beside its
//!   reference: raw keccak-256 over the same bytes, one stream per core (no tree, no sectors);
//! - `sector leaves`: the tree's leaves alone (`sector_leaves`: 8 or 4 sectors per permutation on AVX-512 or AVX2,
//!   on every core), beside one `keccak_256` call per sector on the same cores, as the tree hashed them before.
//!
//! Size: `ZG_BENCH_ERASURE_MIB` (default 64). Throughput is input bytes per second; the best of 3 runs. Each figure
//! with its reference is also printed as a `ZG-BENCH` line (tab-separated: figure, value, unit, reference,
//! reference value, goal) for `scripts/bench.sh`.

use std::{
	collections::BTreeMap,
	sync::{Arc, Mutex},
	time::Instant,
};

use sp_core::H256;
use zg_primitives::storage::{
	erasure,
	host::{storage_host, BlobHost, BlobHostExt, EncodeStatus, FileLayout, HostError, SectorWithProof, ShardStatus},
	file_root, keccak_lanes, sector_leaves, ErasureParams, SECTOR_SIZE, SEGMENT_SIZE,
};

/// A blob host that keeps files and shards in memory (files shared, not copied for each encoding: the node's
/// host reads them from its store a few steps at a time).
#[derive(Default)]
struct MemoryHost {
	files: Mutex<BTreeMap<H256, Arc<Vec<u8>>>>,
	shards: Mutex<BTreeMap<(H256, u32), Vec<u8>>>,
}

impl BlobHost for MemoryHost {
	fn file_size(&self, root: &H256) -> Result<u64, HostError> {
		let files = self.files.lock().map_err(|_| HostError::Store)?;
		files.get(root).map(|f| f.len() as u64).ok_or(HostError::NotHeld)
	}

	/// Encodes in the calling thread (the node does it in the background; this measures the work itself).
	fn encode_file(&self, root: &H256, params: &ErasureParams) -> Result<EncodeStatus, HostError> {
		let data = self.files.lock().map_err(|_| HostError::Store)?.get(root).cloned().ok_or(HostError::NotHeld)?;
		let shards = erasure::encode(params, &data).map_err(|_| HostError::InvalidRequest)?;
		let roots = erasure::shard_roots(&shards);
		let mut held = self.shards.lock().map_err(|_| HostError::Store)?;
		for (i, shard) in shards.into_iter().enumerate() {
			held.insert((*root, i as u32), shard);
		}
		Ok(EncodeStatus::Ready(roots))
	}

	fn ensure_shard(&self, _: &FileLayout, _: u32) -> ShardStatus {
		ShardStatus::Unavailable
	}

	fn sector_proof(&self, _: &H256, _: u32, _: u64) -> Result<SectorWithProof, HostError> {
		Err(HostError::NotHeld)
	}

	fn drop_shard(&self, _: &H256, _: u32) {}
}

fn best_of<F: FnMut()>(runs: usize, mut f: F) -> f64 {
	(0..runs)
		.map(|_| {
			let start = Instant::now();
			f();
			start.elapsed().as_secs_f64()
		})
		.fold(f64::MAX, f64::min)
}

/// Prints the figure; returns it in MB/s.
fn report(label: &str, bytes: usize, secs: f64) -> f64 {
	let rate = bytes as f64 / secs / 1e6;
	println!("{label:<32} {rate:>9.1} MB/s  ({secs:.3} s for {} MiB)", bytes >> 20);
	rate
}

fn main() {
	// `cargo bench` passes `--bench`; nothing else is expected.
	let mib: usize = std::env::var("ZG_BENCH_ERASURE_MIB").ok().and_then(|v| v.parse().ok()).unwrap_or(64);
	let size = mib << 20;
	let mut data = vec![0u8; size];
	let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
	for byte in data.iter_mut() {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		*byte = x as u8;
	}
	let params = ErasureParams::DEFAULT;
	let k = params.data_shards as usize;
	let m = params.parity_shards as usize;
	println!("erasure coding {mib} MiB, {k} data + {m} parity shards per {} KiB segment", SEGMENT_SIZE >> 10);

	let secs = best_of(3, || {
		let shards = erasure::encode(&params, &data).expect("valid parameters");
		assert_eq!(shards.len(), k + m);
	});
	let raw_rs = report("reed-solomon-erasure encode:", size, secs);

	let piece = SEGMENT_SIZE / k;
	let secs = best_of(3, || {
		let mut parity = 0usize;
		for segment in data.chunks(SEGMENT_SIZE) {
			let mut padded;
			let segment = if segment.len() == SEGMENT_SIZE {
				segment
			} else {
				padded = segment.to_vec();
				padded.resize(SEGMENT_SIZE, 0);
				&padded[..]
			};
			let recovery =
				reed_solomon_simd::encode(k, m, segment.chunks(piece)).expect("supported shard counts");
			parity += recovery.len();
		}
		assert!(parity > 0);
	});
	let simd = report("reed-solomon-simd encode:", size, secs);

	// What the host function does besides the code itself: every shard's root (1.5× the file hashed).
	let secs = best_of(3, || {
		let shards = erasure::encode(&params, &data).expect("valid parameters");
		assert_eq!(erasure::shard_roots(&shards).len(), k + m);
	});
	let raw_encode_roots = report("encode + shard roots, direct:", size, secs);

	let root = file_root(&data);
	let host = Arc::new(MemoryHost::default());
	host.files.lock().expect("not poisoned").insert(root, Arc::new(data.clone()));
	let mut ext = sp_io::TestExternalities::default();
	ext.register_extension(BlobHostExt(host));
	let secs = best_of(3, || {
		let status = ext.execute_with(|| storage_host::encode_file(root, params));
		assert!(matches!(status, Ok(EncodeStatus::Ready(roots)) if roots.len() == k + m));
	});
	let host = report("host function encode:", size, secs);

	let secs = best_of(3, || {
		assert_eq!(file_root(&data), root);
	});
	let tree = report("merkle root (keccak sectors):", size, secs);

	let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
	let per = size.div_ceil(threads);
	let secs = best_of(3, || {
		std::thread::scope(|scope| {
			for part in data.chunks(per) {
				scope.spawn(move || std::hint::black_box(sp_crypto_hashing::keccak_256(part)));
			}
		});
	});
	let raw_keccak = report(&format!("raw keccak-256, {threads} streams:"), size, secs);

	let secs = best_of(3, || {
		std::hint::black_box(sector_leaves(&data));
	});
	let lanes = keccak_lanes();
	let leaves = report(&format!("sector leaves, {lanes} per permutation:"), size, secs);
	let secs = best_of(3, || {
		std::thread::scope(|scope| {
			for part in data.chunks(per.next_multiple_of(SECTOR_SIZE)) {
				scope.spawn(move || {
					std::hint::black_box(
						part.chunks(SECTOR_SIZE).map(sp_crypto_hashing::keccak_256).collect::<Vec<_>>(),
					)
				});
			}
		});
	});
	let leaves_one_by_one = report(&format!("sector leaves, one keccak-256 each, {threads} threads:"), size, secs);

	// The host function encodes and roots every shard: its reference is the same work called directly, in the
	// same process; the code alone is shown beside it.
	println!("ZG-BENCH\terasure encode + shard roots through the host function ({mib} MiB)\t{host:.1}\tMB/s\tthe same encode + shard roots called directly, same process\t{raw_encode_roots:.1}\tratio>=0.8");
	println!("ZG-BENCH\treed-solomon-erasure encode alone, no shard roots ({mib} MiB)\t{raw_rs:.1}\tMB/s\tencode + shard roots through the host function\t{host:.1}\t");
	println!("ZG-BENCH\tfile root: keccak tree over 256-byte sectors ({mib} MiB)\t{tree:.1}\tMB/s\traw keccak-256 of the same bytes on {threads} cores\t{raw_keccak:.1}\tratio>=0.8");
	println!("ZG-BENCH\tsector leaves, {lanes} per permutation on this CPU ({mib} MiB)\t{leaves:.1}\tMB/s\tone keccak-256 call per sector on {threads} cores\t{leaves_one_by_one:.1}\t");
	println!("ZG-BENCH\treed-solomon-simd encode, GF(2^16): not checkable by the runtime ({mib} MiB)\t{simd:.1}\tMB/s\treed-solomon-erasure encode, same process\t{raw_rs:.1}\t");
}
