//! Native host functions of the compute market: Groth16 verification at native speed inside the runtime.
//!
//! A pairing check compiled to wasm runs several times slower than natively (see `scripts/bench-compute.sh`), so
//! the runtime asks the node: the node's executor registers these functions ([`zg_compute::HostFunctions`]) and
//! runs [`super::groth16`]. The work is bounded by the caller: the verifying key and proofs are bounded by the
//! pallet's storage and call bounds, a batch by [`super::MAX_BATCH`], and both are paid for by weights that the
//! benchmarks measure through these very functions.

use super::{ProofSystem, PublicInput, VerifyError};
use alloc::vec::Vec;

/// Host functions of the compute market (see the module docs).
#[sp_runtime_interface::runtime_interface]
pub trait ZgCompute {
	/// Verifies one Groth16 proof of `inputs` against the compressed verifying key `vk`.
	fn groth16_verify(
		system: sp_runtime_interface::pass_by::PassFatPointerAndDecode<ProofSystem>,
		vk: sp_runtime_interface::pass_by::PassFatPointerAndRead<&[u8]>,
		proof: sp_runtime_interface::pass_by::PassFatPointerAndRead<&[u8]>,
		inputs: sp_runtime_interface::pass_by::PassFatPointerAndDecode<Vec<PublicInput>>,
	) -> sp_runtime_interface::pass_by::AllocateAndReturnByCodec<Result<(), VerifyError>> {
		crate::compute::groth16::verify(system, vk, proof, &inputs)
	}

	/// Verifies many Groth16 proofs (each with its public inputs) against one verifying key in a single check:
	/// a random linear combination of the proofs' equations, `n + 3` pairings instead of `3n` (and one final
	/// exponentiation). Succeeds only if every proof is valid, except with probability 2^-128.
	fn groth16_verify_batch(
		system: sp_runtime_interface::pass_by::PassFatPointerAndDecode<ProofSystem>,
		vk: sp_runtime_interface::pass_by::PassFatPointerAndRead<&[u8]>,
		items: sp_runtime_interface::pass_by::PassFatPointerAndDecode<Vec<(Vec<u8>, Vec<PublicInput>)>>,
	) -> sp_runtime_interface::pass_by::AllocateAndReturnByCodec<Result<(), VerifyError>> {
		crate::compute::groth16::verify_batch(system, vk, &items)
	}

	/// The number of public inputs a compressed verifying key expects (and whether it decodes at all).
	fn groth16_key_inputs(
		system: sp_runtime_interface::pass_by::PassFatPointerAndDecode<ProofSystem>,
		vk: sp_runtime_interface::pass_by::PassFatPointerAndRead<&[u8]>,
	) -> sp_runtime_interface::pass_by::AllocateAndReturnByCodec<Result<u32, VerifyError>> {
		crate::compute::groth16::key_inputs(system, vk).map(|n| n as u32)
	}
}
