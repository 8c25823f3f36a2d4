//! Groth16 verification over BN254 and BLS12-381 with arkworks: the native side of the
//! [`super::host::zg_compute`] host functions, also used directly by the node, tools and tests.
//!
//! Encodings are arkworks' compressed canonical serialization (which validates curve and subgroup membership);
//! trailing bytes are refused, so every proof and key has exactly one accepted encoding. Public inputs are
//! 32-byte little-endian field elements and must be canonical (below the modulus).

use super::{ProofSystem, PublicInput, VerifyError, MAX_BATCH};
use alloc::vec::Vec;
use ark_ec::{pairing::Pairing, AffineRepr, CurveGroup, VariableBaseMSM};
use ark_ff::{BigInteger, One, PrimeField, Zero};
use ark_groth16::{Groth16, Proof, VerifyingKey};
use ark_serialize::CanonicalDeserialize;

/// Verifies one proof of `inputs` against `vk`.
pub fn verify(system: ProofSystem, vk: &[u8], proof: &[u8], inputs: &[PublicInput]) -> Result<(), VerifyError> {
	match system {
		ProofSystem::Groth16Bn254 => verify_on::<ark_bn254::Bn254>(vk, proof, inputs),
		ProofSystem::Groth16Bls12_381 => verify_on::<ark_bls12_381::Bls12_381>(vk, proof, inputs),
	}
}

/// Verifies every `(proof, inputs)` of `items` against `vk` in one random-linear-combination check.
pub fn verify_batch(
	system: ProofSystem,
	vk: &[u8],
	items: &[(Vec<u8>, Vec<PublicInput>)],
) -> Result<(), VerifyError> {
	match system {
		ProofSystem::Groth16Bn254 => verify_batch_on::<ark_bn254::Bn254>(vk, items),
		ProofSystem::Groth16Bls12_381 => verify_batch_on::<ark_bls12_381::Bls12_381>(vk, items),
	}
}

/// Decodes a verifying key, refusing trailing bytes.
pub fn decode_key<E: Pairing>(mut vk: &[u8]) -> Result<VerifyingKey<E>, VerifyError> {
	let key = VerifyingKey::<E>::deserialize_compressed(&mut vk).map_err(|_| VerifyError::BadKey)?;
	if !vk.is_empty() || key.gamma_abc_g1.is_empty() {
		return Err(VerifyError::BadKey);
	}
	Ok(key)
}

/// The number of public inputs a verifying key expects, if it decodes.
pub fn key_inputs(system: ProofSystem, vk: &[u8]) -> Result<usize, VerifyError> {
	match system {
		ProofSystem::Groth16Bn254 => decode_key::<ark_bn254::Bn254>(vk).map(|k| k.gamma_abc_g1.len() - 1),
		ProofSystem::Groth16Bls12_381 =>
			decode_key::<ark_bls12_381::Bls12_381>(vk).map(|k| k.gamma_abc_g1.len() - 1),
	}
}

fn decode_proof<E: Pairing>(mut proof: &[u8]) -> Result<Proof<E>, VerifyError> {
	let decoded = Proof::<E>::deserialize_compressed(&mut proof).map_err(|_| VerifyError::BadProof)?;
	if !proof.is_empty() {
		return Err(VerifyError::BadProof);
	}
	Ok(decoded)
}

/// A public input as a field element, refusing non-canonical encodings (`x + p` must not pass for `x`).
pub fn decode_inputs<F: PrimeField>(inputs: &[PublicInput]) -> Result<Vec<F>, VerifyError> {
	inputs
		.iter()
		.map(|bytes| {
			let element = F::from_le_bytes_mod_order(bytes);
			let canonical = element.into_bigint().to_bytes_le();
			if canonical.len() < 32 || canonical[..32] != bytes[..] || canonical[32..].iter().any(|b| *b != 0) {
				return Err(VerifyError::BadInput);
			}
			Ok(element)
		})
		.collect()
}

fn verify_on<E: Pairing>(vk: &[u8], proof: &[u8], inputs: &[PublicInput]) -> Result<(), VerifyError> {
	let vk = decode_key::<E>(vk)?;
	let proof = decode_proof::<E>(proof)?;
	let inputs = decode_inputs::<E::ScalarField>(inputs)?;
	if inputs.len() + 1 != vk.gamma_abc_g1.len() {
		return Err(VerifyError::InputCount);
	}
	let pvk = ark_groth16::prepare_verifying_key(&vk);
	match Groth16::<E>::verify_proof(&pvk, &proof, &inputs) {
		Ok(true) => Ok(()),
		Ok(false) => Err(VerifyError::Invalid),
		Err(_) => Err(VerifyError::InputCount),
	}
}

/// The batch check: with `r_0 = 1` and 128-bit `r_i` drawn from a hash of the key and every proof and input
/// (the prover cannot choose them after seeing them),
/// `Π e(r_i·A_i, B_i) · e(-(Σ r_i)·α, β) · e(-Σ r_i·IC(x_i), γ) · e(-Σ r_i·C_i, δ) = 1`.
fn verify_batch_on<E: Pairing>(vk_bytes: &[u8], items: &[(Vec<u8>, Vec<PublicInput>)]) -> Result<(), VerifyError> {
	if items.is_empty() || items.len() > MAX_BATCH {
		return Err(VerifyError::BatchSize);
	}
	let vk = decode_key::<E>(vk_bytes)?;
	let n_inputs = vk.gamma_abc_g1.len() - 1;
	let mut transcript = Vec::with_capacity(vk_bytes.len() + items.len() * 256);
	transcript.extend_from_slice(b"zg-groth16-batch");
	transcript.extend_from_slice(vk_bytes);
	let mut proofs = Vec::with_capacity(items.len());
	let mut statements = Vec::with_capacity(items.len());
	for (proof, inputs) in items {
		proofs.push(decode_proof::<E>(proof)?);
		let decoded = decode_inputs::<E::ScalarField>(inputs)?;
		if decoded.len() != n_inputs {
			return Err(VerifyError::InputCount);
		}
		statements.push(decoded);
		transcript.extend_from_slice(proof);
		for input in inputs {
			transcript.extend_from_slice(input);
		}
	}
	let seed = sp_crypto_hashing::blake2_256(&transcript);
	let challenges: Vec<E::ScalarField> = (0..items.len())
		.map(|i| {
			if i == 0 {
				return E::ScalarField::one();
			}
			let mut preimage = [0u8; 40];
			preimage[..32].copy_from_slice(&seed);
			preimage[32..].copy_from_slice(&(i as u64).to_le_bytes());
			let r = sp_crypto_hashing::blake2_256(&preimage);
			E::ScalarField::from_le_bytes_mod_order(&r[..16])
		})
		.collect();

	// Σ r_i·IC(x_i) = (Σ r_i)·IC_0 + Σ_j (Σ_i r_i·x_ij)·IC_j: one multi-scalar multiplication over the key.
	let mut ic_scalars = alloc::vec![E::ScalarField::zero(); n_inputs + 1];
	for (r, statement) in challenges.iter().zip(&statements) {
		ic_scalars[0] += r;
		for (j, x) in statement.iter().enumerate() {
			ic_scalars[j + 1] += *r * x;
		}
	}
	let r_sum = ic_scalars[0];
	let ic = E::G1::msm(&vk.gamma_abc_g1, &ic_scalars).map_err(|_| VerifyError::BadKey)?;
	let cs: Vec<E::G1Affine> = proofs.iter().map(|p| p.c).collect();
	let c = E::G1::msm(&cs, &challenges).map_err(|_| VerifyError::BadProof)?;

	let mut g1: Vec<E::G1Prepared> = Vec::with_capacity(items.len() + 3);
	let mut g2: Vec<E::G2Prepared> = Vec::with_capacity(items.len() + 3);
	for (proof, r) in proofs.iter().zip(&challenges) {
		g1.push((proof.a.into_group() * r).into_affine().into());
		g2.push(proof.b.into());
	}
	g1.push((-(vk.alpha_g1.into_group() * r_sum)).into_affine().into());
	g2.push(vk.beta_g2.into());
	g1.push((-ic).into_affine().into());
	g2.push(vk.gamma_g2.into());
	g1.push((-c).into_affine().into());
	g2.push(vk.delta_g2.into());
	if E::multi_pairing(g1, g2).is_zero() {
		Ok(())
	} else {
		Err(VerifyError::Invalid)
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use ark_relations::{
		lc,
		r1cs::{ConstraintSynthesizer, ConstraintSystemRef, SynthesisError},
	};
	use ark_serialize::CanonicalSerialize;
	use ark_snark::SNARK;
	use ark_std::rand::{rngs::StdRng, SeedableRng};

	/// Knows `x` with `x³ + x + 5 = y` for public `y`, and binds a second public input `tag` (as a job id is).
	#[derive(Clone)]
	struct Cube<F: PrimeField> {
		x: Option<F>,
		tag: F,
	}

	impl<F: PrimeField> ConstraintSynthesizer<F> for Cube<F> {
		fn generate_constraints(self, cs: ConstraintSystemRef<F>) -> Result<(), SynthesisError> {
			let x_val = self.x;
			let x = cs.new_witness_variable(|| x_val.ok_or(SynthesisError::AssignmentMissing))?;
			let x2_val = x_val.map(|x| x * x);
			let x2 = cs.new_witness_variable(|| x2_val.ok_or(SynthesisError::AssignmentMissing))?;
			let x3_val = x2_val.zip(x_val).map(|(a, b)| a * b);
			let x3 = cs.new_witness_variable(|| x3_val.ok_or(SynthesisError::AssignmentMissing))?;
			let y_val = x3_val.zip(x_val).map(|(a, b)| a + b + F::from(5u64));
			let y = cs.new_input_variable(|| y_val.ok_or(SynthesisError::AssignmentMissing))?;
			let tag = cs.new_input_variable(|| Ok(self.tag))?;
			let tag2 = cs.new_witness_variable(|| Ok(self.tag * self.tag))?;
			cs.enforce_constraint(lc!() + x, lc!() + x, lc!() + x2)?;
			cs.enforce_constraint(lc!() + x2, lc!() + x, lc!() + x3)?;
			cs.enforce_constraint(
				lc!() + x3 + x + (F::from(5u64), ark_relations::r1cs::Variable::One),
				lc!() + ark_relations::r1cs::Variable::One,
				lc!() + y,
			)?;
			cs.enforce_constraint(lc!() + tag, lc!() + tag, lc!() + tag2)?;
			Ok(())
		}
	}

	fn element(v: u64) -> PublicInput {
		let mut e = [0u8; 32];
		e[..8].copy_from_slice(&v.to_le_bytes());
		e
	}

	fn setup<E: Pairing>(rng: &mut StdRng) -> (ark_groth16::ProvingKey<E>, Vec<u8>) {
		let blank = Cube::<E::ScalarField> { x: None, tag: E::ScalarField::zero() };
		let (pk, vk) = Groth16::<E>::circuit_specific_setup(blank, rng).unwrap();
		let mut bytes = Vec::new();
		vk.serialize_compressed(&mut bytes).unwrap();
		(pk, bytes)
	}

	fn prove<E: Pairing>(pk: &ark_groth16::ProvingKey<E>, x: u64, tag: u64, rng: &mut StdRng) -> Vec<u8> {
		let circuit = Cube { x: Some(E::ScalarField::from(x)), tag: E::ScalarField::from(tag) };
		let proof = Groth16::<E>::prove(pk, circuit, rng).unwrap();
		let mut bytes = Vec::new();
		proof.serialize_compressed(&mut bytes).unwrap();
		bytes
	}

	fn checks<E: Pairing>(system: ProofSystem) {
		let mut rng = StdRng::seed_from_u64(7);
		let (pk, vk) = setup::<E>(&mut rng);
		assert_eq!(key_inputs(system, &vk), Ok(2));
		let proof = prove(&pk, 3, 42, &mut rng);
		assert_eq!(proof.len(), system.proof_len());
		let good = [element(35), element(42)];
		assert_eq!(verify(system, &vk, &proof, &good), Ok(()));
		// Another statement: another output, or the same proof presented for another job.
		assert_eq!(verify(system, &vk, &proof, &[element(36), element(42)]), Err(VerifyError::Invalid));
		assert_eq!(verify(system, &vk, &proof, &[element(35), element(43)]), Err(VerifyError::Invalid));
		assert_eq!(verify(system, &vk, &proof, &[element(35)]), Err(VerifyError::InputCount));
		// Encodings: trailing bytes, garbage, a non-canonical input.
		let mut long = proof.clone();
		long.push(0);
		assert_eq!(verify(system, &vk, &long, &good), Err(VerifyError::BadProof));
		assert_eq!(verify(system, &vk, &[1u8; 64], &good), Err(VerifyError::BadProof));
		assert_eq!(verify(system, &vk[1..], &proof, &good), Err(VerifyError::BadKey));
		assert_eq!(verify(system, &vk, &proof, &[[0xff; 32], element(42)]), Err(VerifyError::BadInput));

		// Batches: all good passes; one bad proof anywhere fails the batch.
		let items: Vec<(Vec<u8>, Vec<PublicInput>)> = (0..5u64)
			.map(|i| {
				let x = i + 1;
				(prove(&pk, x, 100 + i, &mut rng), alloc::vec![element(x * x * x + x + 5), element(100 + i)])
			})
			.collect();
		assert_eq!(verify_batch(system, &vk, &items), Ok(()));
		for bad in 0..items.len() {
			let mut tampered = items.clone();
			tampered[bad].1[1] = element(999);
			assert_eq!(verify_batch(system, &vk, &tampered), Err(VerifyError::Invalid), "item {bad}");
		}
		let mut swapped = items.clone();
		swapped.swap(0, 1);
		swapped[0].1 = items[0].1.clone();
		assert_eq!(verify_batch(system, &vk, &swapped), Err(VerifyError::Invalid));
		assert_eq!(verify_batch(system, &vk, &[]), Err(VerifyError::BatchSize));
	}

	#[test]
	fn groth16_bn254_accepts_exactly_the_proven_statement() {
		checks::<ark_bn254::Bn254>(ProofSystem::Groth16Bn254);
	}

	#[test]
	fn groth16_bls12_381_accepts_exactly_the_proven_statement() {
		checks::<ark_bls12_381::Bls12_381>(ProofSystem::Groth16Bls12_381);
	}
}
