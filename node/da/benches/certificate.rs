//! What a BLS-aggregated certificate would cost to verify, natively, for the design choice between per-signer
//! attestations and a BLS12-381 aggregate (`cargo bench -p zg-node-da --bench certificate`, or
//! `scripts/bench-da.sh`): aggregating the public keys of a quorum of signers (G1 additions) and the two pairings
//! of the check `e(pk_agg, H(m)) = e(g1, σ_agg)`. Hashing the message to G2 is left out, so this is a lower bound
//! of what the chain would pay per certificate, to set beside the measured weight of the per-signer attestations
//! it replaces (the runtime's block-fit test prints those).

use ark_bls12_381::{Bls12_381, G1Projective, G2Projective};
use ark_ec::{pairing::Pairing, CurveGroup, PrimeGroup};
use ark_std::UniformRand;
use std::time::Instant;

fn main() {
	let mut rng = ark_std::test_rng();
	let quorum = 86; // two thirds of 128 slots, each held by another signer
	let keys: Vec<G1Projective> = (0..quorum).map(|_| G1Projective::rand(&mut rng)).collect();
	let message = G2Projective::rand(&mut rng).into_affine();
	let signature = G2Projective::rand(&mut rng).into_affine();
	let g1 = G1Projective::generator().into_affine();
	let runs = 50;
	let started = Instant::now();
	for _ in 0..runs {
		let aggregate: G1Projective = keys.iter().sum();
		let aggregate = aggregate.into_affine();
		let _ = std::hint::black_box(Bls12_381::multi_pairing([aggregate, -g1], [message, signature]));
	}
	let per = started.elapsed().as_secs_f64() / runs as f64;
	println!(
		"BLS12-381 aggregate certificate of {quorum} signers, native, without hashing to G2: {:.3} ms per certificate",
		per * 1e3
	);
}
