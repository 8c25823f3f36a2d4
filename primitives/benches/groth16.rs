//! Groth16 verification cost, in one run (`cargo bench -p zg-primitives --bench groth16`, or
//! `scripts/bench-compute.sh`), on the shipped digits circuit's dev key and the committed benchmark proofs:
//!
//! - `native verify`: `compute::groth16::verify` (ark-groth16 over BN254), one proof at a time;
//! - `host function verify`: `zg_compute::groth16_verify` through the runtime interface (natively dispatched: the
//!   SCALE encoding of the arguments and the result on top of the native work; inside the wasm runtime the
//!   pallet benchmark `submit_proof` measures the whole call);
//! - `native batch of N`: `compute::groth16::verify_batch` (one random linear combination, N + 3 pairings), per proof;
//!
//! and what fits in half of a 2-second block (the runtime's compute budget per block) at each rate.

use codec::Decode;
use std::time::Instant;
use zg_primitives::compute::{
	groth16, host::zg_compute, public_inputs, shipped, JobId, ProofSystem, PublicInput,
};

type Fixture = Vec<(JobId, [u8; 64], u8, Vec<u8>)>;

fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> f64 {
	(0..runs)
		.map(|_| {
			let started = Instant::now();
			std::hint::black_box(f());
			started.elapsed().as_secs_f64()
		})
		.fold(f64::INFINITY, f64::min)
}

fn main() {
	let fixture = Fixture::decode(&mut &shipped::DIGITS_BENCH_PROOFS[..]).expect("benchmark proofs");
	let model = sp_core::H256(sp_crypto_hashing::blake2_256(shipped::DIGITS_MODEL));
	let items: Vec<(Vec<u8>, Vec<PublicInput>)> = fixture
		.iter()
		.map(|(job, input, class, proof)| (proof.clone(), public_inputs(*job, input, &model, &[*class])))
		.collect();
	let vk = shipped::DIGITS_DEV_VK;
	let sys = ProofSystem::Groth16Bn254;
	let n = items.len();

	let native = best_of(3, || {
		for (proof, inputs) in &items {
			groth16::verify(sys, vk, proof, inputs).expect("valid");
		}
	}) / n as f64;
	let mut ext = sp_io::TestExternalities::default();
	let host = ext.execute_with(|| {
		best_of(3, || {
			for (proof, inputs) in &items {
				zg_compute::groth16_verify(sys, vk, proof, inputs.clone()).expect("valid");
			}
		})
	}) / n as f64;
	println!("groth16 (BN254, {} public inputs), best of 3 over {n} proofs:", items[0].1.len());
	println!("  native verify          {:>8.3} ms/proof", native * 1e3);
	println!("  host function verify   {:>8.3} ms/proof   ({:.2}x native)", host * 1e3, host / native);
	println!(
		"ZG-BENCH\tGroth16 verify through the host function (BN254)\t{:.1}\tproofs/s\tarkworks verify, native, same process\t{:.1}\t",
		1.0 / host,
		1.0 / native
	);
	for batch in [8usize, 32] {
		let chunks: Vec<_> = items.chunks(batch).filter(|c| c.len() == batch).collect();
		let per = best_of(3, || {
			for chunk in &chunks {
				groth16::verify_batch(sys, vk, chunk).expect("valid batch");
			}
		}) / (chunks.len() * batch) as f64;
		println!("  native batch of {batch:<3}    {:>8.3} ms/proof   ({:.2}x single)", per * 1e3, per / native);
		if batch == 32 {
			println!("  proofs per block at 50 % of 2 s: {:.0} single, {:.0} batched", 1.0 / native, 1.0 / per);
		}
	}
}
