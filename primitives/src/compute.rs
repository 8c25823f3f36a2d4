//! # Compute market primitives
//!
//! What the compute pallet, the provider's off-chain worker and the compute worker must agree on, byte for byte:
//!
//! - **The statement a proof proves.** A proven job kind has a circuit whose public inputs are, in order: the job
//!   id, the job's input, the kind's model commitment and the output, each as little-endian field elements of at
//!   most [`CHUNK`] bytes ([`public_inputs`]). 31 bytes are below the scalar modulus of both BN254 and
//!   BLS12-381, so the packing is injective on both curves: a proof for one job, input, model or output is not a
//!   proof for any other. The input is the inline input's bytes, or the 32-byte root of a stored input.
//! - **The attestation a provider signs.** For attested kinds the provider's attestation key (ed25519) signs
//!   [`attestation_message`]: chain, job, a hash of the input and a hash of the output. A signed attestation is
//!   portable evidence: whoever holds it can show what the provider claimed.
//! - **Proof verification.** [`host::zg_compute`] exposes Groth16 verification (one proof, or many against one
//!   verifying key in a single random-linear-combination check) as native host functions; [`groth16`] is the
//!   native implementation (arkworks), used by the node for the runtime and by tests and tools directly.
//! - **Metered inference** ([`inference`]): the vouchers users sign to pay a provider per request and the receipts
//!   providers sign for each response.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_core::H256;

#[cfg(feature = "groth16")]
pub mod groth16;
pub mod host;
pub mod inference;

/// A job's number, unique on the chain.
pub type JobId = u64;
/// A job kind's number, set by governance.
pub type KindId = u32;

/// Bytes per public-input field element: below both curves' scalar moduli, so every chunk is canonical.
pub const CHUNK: usize = 31;

/// The proof systems the chain can verify. Each has its own verifying-key and proof encoding (arkworks'
/// compressed canonical serialization, which checks that points are on the curve and in the prime subgroup).
#[derive(
	Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub enum ProofSystem {
	/// Groth16 over BN254 (alt_bn128, the curve of Ethereum's pairing precompile): 128-byte proofs.
	Groth16Bn254,
	/// Groth16 over BLS12-381: 192-byte proofs.
	Groth16Bls12_381,
}

impl ProofSystem {
	/// The size of a compressed proof.
	pub const fn proof_len(self) -> usize {
		match self {
			ProofSystem::Groth16Bn254 => 128,
			ProofSystem::Groth16Bls12_381 => 192,
		}
	}
}

/// Why a proof was not accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub enum VerifyError {
	/// The verifying key does not decode (or a point is off the curve or outside the subgroup).
	BadKey,
	/// The proof does not decode.
	BadProof,
	/// A public input is not a canonical field element.
	BadInput,
	/// The number of public inputs does not match the verifying key.
	InputCount,
	/// The pairing check failed: the proof does not prove this statement.
	Invalid,
	/// A batch was empty or larger than [`MAX_BATCH`].
	BatchSize,
}

/// The most proofs a batch verification takes.
pub const MAX_BATCH: usize = 256;

/// One public input: a field element as 32 little-endian bytes.
pub type PublicInput = [u8; 32];

/// Packs bytes into field elements of [`CHUNK`] little-endian bytes each (the last may be shorter). Empty bytes
/// pack to one zero element, so every part of the statement has at least one element.
pub fn pack(bytes: &[u8]) -> Vec<PublicInput> {
	if bytes.is_empty() {
		return alloc::vec![[0u8; 32]];
	}
	bytes
		.chunks(CHUNK)
		.map(|chunk| {
			let mut element = [0u8; 32];
			element[..chunk.len()].copy_from_slice(chunk);
			element
		})
		.collect()
}

/// How many field elements [`pack`] makes of `len` bytes.
pub const fn packed_len(len: usize) -> usize {
	if len == 0 {
		1
	} else {
		len.div_ceil(CHUNK)
	}
}

/// The public inputs of a proven job: `[job] ++ pack(input) ++ pack(model) ++ pack(output)`.
pub fn public_inputs(job: JobId, input: &[u8], model: &H256, output: &[u8]) -> Vec<PublicInput> {
	let mut inputs = Vec::with_capacity(1 + packed_len(input.len()) + 2 + packed_len(output.len()));
	let mut id = [0u8; 32];
	id[..8].copy_from_slice(&job.to_le_bytes());
	inputs.push(id);
	inputs.extend(pack(input));
	inputs.extend(pack(model.as_bytes()));
	inputs.extend(pack(output));
	inputs
}

/// What an attestation key signs for a job's result: the chain (genesis hash), the job, a hash of its input and
/// a hash of the output.
pub fn attestation_message(genesis: &H256, job: JobId, input: &[u8], output: &[u8]) -> [u8; 32] {
	let mut message = Vec::with_capacity(17 + 32 + 8 + 64);
	message.extend_from_slice(b"zg-compute-result");
	message.extend_from_slice(genesis.as_bytes());
	message.extend_from_slice(&job.to_le_bytes());
	message.extend_from_slice(&sp_crypto_hashing::blake2_256(input));
	message.extend_from_slice(&sp_crypto_hashing::blake2_256(output));
	sp_crypto_hashing::blake2_256(&message)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn packing_is_injective_and_canonical() {
		assert_eq!(pack(&[]), alloc::vec![[0u8; 32]]);
		let bytes: Vec<u8> = (0..64u8).collect();
		let packed = pack(&bytes);
		assert_eq!(packed.len(), 3);
		assert_eq!(packed.len(), packed_len(64));
		assert!(packed.iter().all(|e| e[31] == 0), "the top byte stays zero: below both moduli");
		assert_eq!(&packed[2][..2], &[62, 63]);
		// A different statement part splits differently: the inputs differ.
		let a = public_inputs(1, &[1, 2], &H256::repeat_byte(7), &[3]);
		let b = public_inputs(2, &[1, 2], &H256::repeat_byte(7), &[3]);
		let c = public_inputs(1, &[1, 2], &H256::repeat_byte(7), &[4]);
		assert_ne!(a, b);
		assert_ne!(a, c);
		assert_eq!(a.len(), 1 + 1 + 2 + 1);
	}

	#[test]
	fn attestations_bind_chain_job_input_and_output() {
		let g = H256::repeat_byte(1);
		let m = attestation_message(&g, 5, b"in", b"out");
		assert_ne!(m, attestation_message(&H256::repeat_byte(2), 5, b"in", b"out"));
		assert_ne!(m, attestation_message(&g, 6, b"in", b"out"));
		assert_ne!(m, attestation_message(&g, 5, b"in2", b"out"));
		assert_ne!(m, attestation_message(&g, 5, b"in", b"out2"));
	}
}

/// The artifacts of the job kinds the chain ships, made by `zg-node-compute` (its tests regenerate them and
/// fail if they differ from these files).
pub mod shipped {
	/// The digits classifier (`zg_node_compute::model::Mlp` bytes), trained by the repo's fixed-point SGD on
	/// its own generated dataset.
	pub const DIGITS_MODEL: &[u8] = include_bytes!("../res/digits-model.bin");
	/// The compressed BN254 verifying key of the digits circuit for [`DIGITS_MODEL`], from the deterministic
	/// **dev** setup: anyone can prove anything against it; for dev and test chains only.
	pub const DIGITS_DEV_VK: &[u8] = include_bytes!("../res/digits-dev.vk");
	/// Proofs against [`DIGITS_DEV_VK`] for the benchmarks (which cannot prove inside the runtime): the
	/// SCALE-encoded `Vec<(JobId, [u8; 64], u8, Vec<u8>)>` of (job, image, class, proof) for jobs 0, 1, 2, …
	/// of one image.
	pub const DIGITS_BENCH_PROOFS: &[u8] = include_bytes!("../res/digits-bench-proofs.scale");
}

/// The key in the node's persistent off-chain storage under which a compute-provider node keeps its worker's
/// URL (`zg-node --compute-provider --compute-worker URL` writes it; the off-chain worker reads it).
pub const WORKER_URL_KEY: &[u8] = b"zg-compute::worker-url";

/// A job kind as the off-chain worker hands it to the compute worker.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct WorkKind {
	/// The kind's id.
	pub id: KindId,
	/// Its name (`digits-mlp`, `matmul-i8`, `train-digits`): what the worker runs.
	pub name: Vec<u8>,
	/// The model commitment.
	pub model: H256,
	/// Whether a proof is wanted.
	pub proven: bool,
}

/// A job's input as the worker gets it.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum WorkInput {
	/// The inline bytes.
	Inline(Vec<u8>),
	/// A zg storage root: the worker fetches the file through its node.
	Stored(H256),
}

/// What the off-chain worker asks the compute worker (HTTP `POST /work`, SCALE-encoded body).
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct WorkRequest {
	/// The chain's genesis hash (part of attestations).
	pub genesis: H256,
	/// The job.
	pub job: JobId,
	/// Its kind.
	pub kind: WorkKind,
	/// Its input.
	pub input: WorkInput,
}

/// A finished job.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct WorkResult {
	/// The output (what goes on chain: the class, a hash of a product, a storage root).
	pub output: Vec<u8>,
	/// The proof, for proven kinds.
	pub proof: Option<Vec<u8>>,
	/// The attestation key's signature over [`attestation_message`].
	pub signature: [u8; 64],
	/// Where it ran (`cpu`, or the GPU's name).
	pub device: Vec<u8>,
}

/// The compute worker's answer to `POST /work` (SCALE-encoded).
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum WorkStatus {
	/// Accepted or waiting its turn.
	Queued,
	/// Running.
	Running,
	/// Done.
	Done(WorkResult),
	/// It cannot be done (the input is invalid for the kind, an unknown kind, a fetch failed).
	Failed(Vec<u8>),
}

/// A job as the node's RPC shows it.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct JobView<AccountId, Balance, BlockNumber> {
	/// Who pays.
	pub owner: AccountId,
	/// The kind.
	pub kind: KindId,
	/// The provider.
	pub provider: AccountId,
	/// Locked from the owner's ledger.
	pub escrow: Balance,
	/// The agreed price.
	pub price: Balance,
	/// The deadline (block).
	pub deadline: BlockNumber,
	/// `assigned`, `attested`, `disputed`, `done`, `failed-timeout`, `failed-overturned`.
	pub status: Vec<u8>,
	/// The output, once there is one.
	pub output: Option<Vec<u8>>,
	/// Whether the output was proven.
	pub proven: bool,
	/// The block until which an attested result can be disputed (or a dispute's votes are counted).
	pub open_until: Option<BlockNumber>,
}

/// An offer as the node's RPC shows it.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct OfferView<AccountId, Balance> {
	/// The provider.
	pub provider: AccountId,
	/// Its node's peer id.
	pub peer_id: Vec<u8>,
	/// The kind.
	pub kind: KindId,
	/// `cpu:<cores>` or `gpu:<model>:<GiB>`.
	pub hardware: Vec<u8>,
	/// Price per unit of work.
	pub price: Balance,
	/// Jobs at once.
	pub capacity: u32,
	/// Jobs in flight.
	pub in_flight: u32,
	/// The provider's stake.
	pub stake: Balance,
}

/// A job kind as the node's RPC shows it.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct KindView {
	/// Its id.
	pub id: KindId,
	/// Its name.
	pub name: Vec<u8>,
	/// Whether results are proven (else attested).
	pub proven: bool,
	/// Whether its input is a storage root.
	pub stored_input: bool,
	/// Input bounds in bytes.
	pub min_input: u64,
	/// See `min_input`.
	pub max_input: u64,
	/// Bytes per unit of work.
	pub unit_bytes: u64,
	/// Whether disputes can be decided by a proof.
	pub has_circuit: bool,
	/// The model commitment.
	pub model: H256,
	/// Whether the output is a stored file ([`stored_output`]).
	pub stored_output: bool,
}

/// The length of a stored output: the file's root and its size.
pub const STORED_OUTPUT_LEN: usize = 40;

/// The output of a job whose result is a file in zg storage: its root, then its size (u64, little endian).
pub fn stored_output(root: &H256, size: u64) -> [u8; STORED_OUTPUT_LEN] {
	let mut out = [0u8; STORED_OUTPUT_LEN];
	out[..32].copy_from_slice(root.as_bytes());
	out[32..].copy_from_slice(&size.to_le_bytes());
	out
}

/// The root and size of a stored output, if `output` is one.
pub fn parse_stored_output(output: &[u8]) -> Option<(H256, u64)> {
	let output: &[u8; STORED_OUTPUT_LEN] = output.try_into().ok()?;
	let mut size = [0u8; 8];
	size.copy_from_slice(&output[32..]);
	Some((H256::from_slice(&output[..32]), u64::from_le_bytes(size)))
}

sp_api::decl_runtime_apis! {
	/// What the node reads from the compute pallet.
	pub trait ComputeApi<AccountId, Balance, BlockNumber>
	where
		AccountId: codec::Codec,
		Balance: codec::Codec,
		BlockNumber: codec::Codec,
	{
		/// The job, if the chain still keeps it.
		fn job(job: JobId) -> Option<JobView<AccountId, Balance, BlockNumber>>;
		/// The job kinds.
		fn kinds() -> Vec<KindView>;
		/// The offers of a kind, cheapest first.
		fn offers(kind: KindId) -> Vec<OfferView<AccountId, Balance>>;
		/// What a job of `kind` on `size` input bytes would cost now, and which provider it would go to (ties
		/// are drawn at submission).
		fn quote(kind: KindId, size: u64) -> Option<(Balance, AccountId)>;
		/// Inference services with ids from `from` on, at most `max` (and at most
		/// `inference::MAX_SERVICES_PER_QUERY`) of them, in id order.
		fn services(from: inference::ServiceId, max: u32) -> Vec<inference::ServiceView<AccountId, Balance, BlockNumber>>;
		/// The payment channel of `user` to `provider`.
		fn channel(user: AccountId, provider: AccountId) -> Option<inference::ChannelView<Balance, BlockNumber>>;
	}
}
