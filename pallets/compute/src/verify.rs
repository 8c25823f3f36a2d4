//! Proof verification, pluggable: the pallet asks a [`ProofVerifier`] (one implementation per set of proof
//! systems); the runtime uses [`HostVerifier`], which runs arkworks natively through the `zg_compute` host
//! functions. A chain team adding a proof system adds a [`ProofSystem`] variant and its host function.

use alloc::vec::Vec;
use zg_primitives::compute::{host::zg_compute, ProofSystem, PublicInput, VerifyError};

/// Verifies proofs against verifying keys.
pub trait ProofVerifier {
	/// One proof.
	fn verify(system: ProofSystem, vk: &[u8], proof: &[u8], inputs: Vec<PublicInput>) -> Result<(), VerifyError>;
	/// Many proofs against one key, in one check.
	fn verify_batch(
		system: ProofSystem,
		vk: &[u8],
		items: Vec<(Vec<u8>, Vec<PublicInput>)>,
	) -> Result<(), VerifyError>;
	/// How many public inputs the key expects.
	fn key_inputs(system: ProofSystem, vk: &[u8]) -> Result<u32, VerifyError>;
}

/// Native verification through the node's host functions.
pub struct HostVerifier;

impl ProofVerifier for HostVerifier {
	fn verify(system: ProofSystem, vk: &[u8], proof: &[u8], inputs: Vec<PublicInput>) -> Result<(), VerifyError> {
		zg_compute::groth16_verify(system, vk, proof, inputs)
	}

	fn verify_batch(
		system: ProofSystem,
		vk: &[u8],
		items: Vec<(Vec<u8>, Vec<PublicInput>)>,
	) -> Result<(), VerifyError> {
		zg_compute::groth16_verify_batch(system, vk, items)
	}

	fn key_inputs(system: ProofSystem, vk: &[u8]) -> Result<u32, VerifyError> {
		zg_compute::groth16_key_inputs(system, vk)
	}
}
