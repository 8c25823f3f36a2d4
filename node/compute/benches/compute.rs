//! The compute worker's own costs, in one run (`cargo bench -p zg-node-compute --bench compute`, or
//! `scripts/bench-compute.sh`): Groth16 setup and proving of the digits circuit, int8 matmul on the CPU (and on the
//! GPU when the CUDA driver finds one, with the CPU figure beside it), and training the digits MLP.

use std::time::Instant;
use zg_node_compute::{cuda, data, keys, matmul, model, train};

fn main() {
	let model = model::shipped();
	let started = Instant::now();
	let keys = keys::dev_setup(&model).expect("setup");
	let setup = started.elapsed().as_secs_f64();
	let images = data::dataset(3, 8);
	let started = Instant::now();
	for (job, sample) in images.iter().enumerate() {
		keys.prove(&model, job as u64, &sample.pixels).expect("prove");
	}
	let prove = started.elapsed().as_secs_f64() / images.len() as f64;
	println!("digits circuit: setup {:.2} s, prove {:.1} ms/proof (CPU)", setup, prove * 1e3);

	let (n, k, m) = (256u16, 256u16, 256u16);
	let mut rng = data::Rng(1);
	let a: Vec<i8> = (0..n as usize * k as usize).map(|_| rng.next_u64() as i8).collect();
	let b: Vec<i8> = (0..k as usize * m as usize).map(|_| rng.next_u64() as i8).collect();
	let input = matmul::encode(n, k, m, &a, &b);
	let macs = n as f64 * k as f64 * m as f64;
	let best = |f: &dyn Fn() -> Vec<u8>| {
		(0..3)
			.map(|_| {
				let started = Instant::now();
				std::hint::black_box(f());
				started.elapsed().as_secs_f64()
			})
			.fold(f64::INFINITY, f64::min)
	};
	let cpu = best(&|| matmul::multiply(&input).expect("matmul"));
	println!("matmul-i8 {n}x{k}x{m}: CPU {:.2} GMAC/s ({:.1} ms)", macs / cpu / 1e9, cpu * 1e3);
	match cuda::Gpu::detect() {
		Ok(gpu) => {
			let gpu_time = best(&|| gpu.matmul_i8(&input).expect("gpu matmul"));
			assert_eq!(gpu.matmul_i8(&input).expect("gpu"), matmul::multiply(&input).expect("cpu"), "same bits");
			println!(
				"matmul-i8 {n}x{k}x{m}: {} {:.2} GMAC/s ({:.1} ms), {:.1}x the CPU",
				gpu.name(),
				macs / gpu_time / 1e9,
				gpu_time * 1e3,
				cpu / gpu_time
			);
		},
		Err(why) => println!("matmul-i8: no GPU ({why})"),
	}

	let samples = train::shipped_training_set();
	let started = Instant::now();
	let trained = train::train(&samples, &train::DEFAULT_CONFIG).export();
	println!(
		"train-digits: {} samples x {} epochs in {:.2} s, {}‰ right on unseen digits",
		samples.len(),
		train::DEFAULT_CONFIG.epochs,
		started.elapsed().as_secs_f64(),
		train::accuracy_permille(&trained, &data::dataset(99, 1000))
	);
}
