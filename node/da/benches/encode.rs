//! Encoding throughput in one run (`cargo bench -p zg-node-da --bench encode`, or `scripts/bench-da.sh`): blobs of
//! 1, 8 and 32 MiB through [`zg_node_da::encode`] (commitments, cells and proofs, rows on both cores), beside the
//! reference — c-kzg's own `compute_cells_and_kzg_proofs` called row after row on the same rows — as cells per
//! second and their ratio; and what one cell sample costs to send and to check.

use std::time::Instant;
use zg_node_da::{encode, DEFAULT_PRECOMPUTE};
use zg_primitives::da::{kzg, pack_row, rows_for, CELLS_PER_ROW, COMMITMENT_LEN, PROOF_LEN};

fn random(len: usize) -> Vec<u8> {
	let mut x = 0x9e37_79b9_7f4a_7c15u64;
	(0..len)
		.map(|_| {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			x as u8
		})
		.collect()
}

fn main() {
	let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
	let started = Instant::now();
	let settings = c_kzg::ethereum_kzg_settings(DEFAULT_PRECOMPUTE);
	// The settings without precomputation too (commitments and verification use them): loaded once per process.
	kzg::settings(0);
	println!("trusted setup loaded (precompute 0 and {DEFAULT_PRECOMPUTE}) in {:.2} s; {threads} threads", started.elapsed().as_secs_f64());
	for mib in [1usize, 8, 32] {
		let data = random(mib << 20);
		let rows = rows_for(data.len() as u64);
		let cells = rows as f64 * CELLS_PER_ROW as f64;
		// The reference: c-kzg's own call, one row after another.
		let packed: Vec<Vec<u8>> = (0..rows).map(|r| pack_row(&data, r)).collect();
		let started = Instant::now();
		for row in &packed {
			let blob = c_kzg::Blob::from_bytes(row).expect("canonical");
			std::hint::black_box(settings.compute_cells_and_kzg_proofs(&blob).expect("encodes"));
		}
		let reference = started.elapsed().as_secs_f64();
		// Ours: packing, commitments, cells and proofs, the data root; rows on every thread.
		let started = Instant::now();
		let blob = encode(&data, threads, DEFAULT_PRECOMPUTE).expect("encodes");
		let ours = started.elapsed().as_secs_f64();
		assert_eq!(blob.rows.len(), rows as usize);
		println!(
			"{mib:>2} MiB ({rows} rows, {cells:.0} cells): zg encode {ours:.2} s = {:.0} cells/s; c-kzg compute_cells_and_kzg_proofs {reference:.2} s = {:.0} cells/s; ratio {:.2}",
			cells / ours,
			cells / reference,
			reference / ours,
		);
		println!(
			"ZG-BENCH\tDA encode+prove, {mib} MiB blob (zg-node-da, {threads} threads)\t{:.0}\tcells/s\tc-kzg compute_cells_and_kzg_proofs, row by row\t{:.0}\tratio>=0.9",
			cells / ours,
			cells / reference
		);
	}
	// One sample: a cell with its proof, checked against its row's commitment.
	let data = random(100_000);
	let blob = encode(&data, 1, 0).expect("encodes");
	let row = &blob.rows[0];
	let runs = 200;
	let started = Instant::now();
	for i in 0..runs {
		let c = i % CELLS_PER_ROW;
		assert_eq!(kzg::verify_cells(&[blob.commitments[0]], &[c as u8], &[&row.cells[c]], &[row.proofs[c]]), Ok(true));
	}
	let one = started.elapsed().as_secs_f64() / runs as f64;
	let columns: Vec<u8> = (0..128).collect();
	let refs: Vec<&[u8]> = row.cells.iter().map(|c| c.as_slice()).collect();
	let started = Instant::now();
	assert_eq!(kzg::verify_cells(&vec![blob.commitments[0]; 128], &columns, &refs, &row.proofs), Ok(true));
	let batch = started.elapsed().as_secs_f64() / 128.0;
	println!(
		"a sample: {} bytes (cell {} + proof {PROOF_LEN}; commitment {COMMITMENT_LEN} read once per row); verify {:.2} ms alone, {:.3} ms each in a batch of 128",
		row.cells[0].len() + PROOF_LEN,
		row.cells[0].len(),
		one * 1e3,
		batch * 1e3
	);
}
