//! Groth16 keys and proofs of the digits circuit over BN254.
//!
//! [`dev_setup`] derives the keys from a seed fixed by the model: anyone can rebuild them, which is what a dev or
//! test chain needs and exactly what a production chain must not use — whoever knows the setup randomness can
//! prove anything. A production chain runs a multi-party ceremony and sets the resulting verifying key by
//! governance (`set_kind`).

use crate::{circuit::DigitsCircuit, model::{Mlp, INPUTS}};
use ark_bn254::Bn254;
use ark_groth16::{Groth16, ProvingKey};
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use ark_snark::SNARK;
use ark_std::rand::{rngs::StdRng, SeedableRng};
use zg_primitives::compute::JobId;

/// The keys of one model's circuit.
pub struct Keys {
	/// The proving key (the worker's).
	pub proving: ProvingKey<Bn254>,
	/// The compressed verifying key (the chain's).
	pub verifying: Vec<u8>,
}

/// Why keys or a proof could not be made.
#[derive(Debug)]
pub struct ProveError(pub String);

/// The deterministic dev setup of `model`'s circuit. **Not for production** (see the module docs).
pub fn dev_setup(model: &Mlp) -> Result<Keys, ProveError> {
	let mut seed = [0u8; 32];
	seed.copy_from_slice(&sp_crypto_hashing::blake2_256(
		&[b"zg dev setup: not for production".as_slice(), model.commitment().as_bytes()].concat(),
	));
	let mut rng = StdRng::from_seed(seed);
	let blank = DigitsCircuit { model: model.clone(), job: 0, input: [0; INPUTS] };
	let (proving, vk) =
		Groth16::<Bn254>::circuit_specific_setup(blank, &mut rng).map_err(|e| ProveError(e.to_string()))?;
	let mut verifying = Vec::new();
	vk.serialize_compressed(&mut verifying).map_err(|e| ProveError(e.to_string()))?;
	Ok(Keys { proving, verifying })
}

impl Keys {
	/// The proving key's bytes (for the worker's key file).
	pub fn proving_bytes(&self) -> Vec<u8> {
		let mut out = Vec::new();
		self.proving.serialize_compressed(&mut out).expect("serializing to memory does not fail");
		out
	}

	/// Keys from a proving key's bytes.
	pub fn from_proving_bytes(bytes: &[u8]) -> Result<Self, ProveError> {
		let proving =
			ProvingKey::<Bn254>::deserialize_compressed(bytes).map_err(|e| ProveError(e.to_string()))?;
		let mut verifying = Vec::new();
		proving.vk.serialize_compressed(&mut verifying).map_err(|e| ProveError(e.to_string()))?;
		Ok(Keys { proving, verifying })
	}

	/// Classifies `input` with `model` and proves it for `job`: the class and the compressed proof.
	pub fn prove(&self, model: &Mlp, job: JobId, input: &[u8; INPUTS]) -> Result<(u8, Vec<u8>), ProveError> {
		let class = model.classify(input);
		let mut rng = StdRng::from_entropy();
		let circuit = DigitsCircuit { model: model.clone(), job, input: *input };
		let proof = Groth16::<Bn254>::prove(&self.proving, circuit, &mut rng).map_err(|e| ProveError(e.to_string()))?;
		let mut bytes = Vec::new();
		proof.serialize_compressed(&mut bytes).map_err(|e| ProveError(e.to_string()))?;
		Ok((class, bytes))
	}
}
