//! The compute pallet in the real runtime: every call's declared weight at the runtime's bounds fits a block, and
//! the hook's worst case leaves the normal class its whole share.

use crate::common::*;
use frame_support::traits::{Get, GetCallName, Hooks};
use pallet_zg_compute::{Circuit, Evidence, Hardware, JobInput, JobKind, Mode, WeightInfo};
use sp_core::H256;
use zg_primitives::compute::ProofSystem;
use zg_runtime::{Compute, Runtime};

type ComputeCall = pallet_zg_compute::Call<Runtime>;
type W = <Runtime as pallet_zg_compute::Config>::WeightInfo;

fn bound<G: Get<u32>>() -> usize {
	G::get() as usize
}

/// Hooks and calls of a public chain must fit its blocks: each call's weight at the runtime's bounds within its
/// class's `max_extrinsic` (checked against `get_call_names`, so a new call must be added here), and the
/// hook's worst case (a full `Due` slot of the heaviest task) leaving the whole normal-class share of the block.
#[test]
fn every_compute_call_and_hook_fits_a_block_at_the_runtime_bounds() {
	type C = Runtime;
	ext_from_preset("development").execute_with(|| {
		<Compute as Hooks<u32>>::integrity_test();
		let limits = <Runtime as frame_system::Config>::BlockWeights::get();
		let max_output = bound::<<C as pallet_zg_compute::Config>::MaxOutput>();
		let max_proof = bound::<<C as pallet_zg_compute::Config>::MaxProofLen>();
		let output = || vec![0u8; max_output].try_into().expect("max output");
		let proof = || vec![0u8; max_proof].try_into().expect("max proof");
		let kind = JobKind {
			name: vec![b'k'; 32].try_into().expect("max name"),
			model: H256::zero(),
			stored_input: false,
			min_input: 1,
			max_input: 1,
			unit_bytes: 1,
			max_output: 1,
			mode: Mode::Proven,
			circuit: Some(Circuit {
				system: ProofSystem::Groth16Bls12_381,
				vk: vec![0u8; bound::<<C as pallet_zg_compute::Config>::MaxKeyLen>()].try_into().expect("max key"),
			}),
			stored_output: None,
		};
		let voucher = || pallet_zg_compute::Voucher { amount: u128::MAX, nonce: u64::MAX, signature: [0; 64] };
		let evidence =
			|| vec![0u8; bound::<<C as pallet_zg_compute::Config>::MaxEvidence>()].try_into().expect("max evidence");
		let calls: Vec<ComputeCall> = vec![
			ComputeCall::register_provider {
				stake: u128::MAX,
				peer_id: vec![0; bound::<<C as pallet_zg_compute::Config>::MaxPeerIdLen>()].try_into().expect("max"),
				attestation_key: [0; 32],
			},
			ComputeCall::bond_more { amount: u128::MAX },
			ComputeCall::set_offer {
				kind: 1,
				hardware: Hardware::Gpu { model: vec![b'g'; 32].try_into().expect("max"), memory_gib: u16::MAX },
				price: u128::MAX,
				capacity: u32::MAX,
			},
			ComputeCall::remove_offer { kind: 1 },
			ComputeCall::deregister {},
			ComputeCall::withdraw_stake {},
			ComputeCall::deposit { amount: u128::MAX },
			ComputeCall::withdraw { amount: u128::MAX },
			ComputeCall::submit_job {
				kind: 1,
				input: JobInput::Inline(
					vec![0; bound::<<C as pallet_zg_compute::Config>::MaxInlineInput>()].try_into().expect("max"),
				),
				max_price: u128::MAX,
				deadline: u32::MAX,
			},
			ComputeCall::submit_proof { job: 0, output: output(), proof: proof() },
			ComputeCall::submit_proofs {
				results: vec![(0, output(), proof()); bound::<<C as pallet_zg_compute::Config>::MaxBatch>()]
					.try_into()
					.expect("max batch"),
			},
			ComputeCall::submit_attestation { job: 0, output: output(), signature: [0; 64] },
			ComputeCall::dispute { job: 0, evidence: Evidence::Proof { output: vec![0; max_output], proof: vec![0; max_proof] } },
			ComputeCall::dispute { job: 0, evidence: Evidence::Reexecute { claim: H256::zero() } },
			ComputeCall::vote { job: 0, output_hash: H256::zero() },
			ComputeCall::set_kind { id: 1, kind: Some(kind) },
			ComputeCall::add_service {
				model: vec![b'm'; 64].try_into().expect("max"),
				weights: H256::zero(),
				tokenizer: pallet_zg_compute::Tokenizer::Bytes,
				input_price: u128::MAX,
				output_price: u128::MAX,
				endpoint: vec![b'e'; 256].try_into().expect("max"),
			},
			ComputeCall::update_service {
				service: 0,
				input_price: u128::MAX,
				output_price: u128::MAX,
				endpoint: vec![b'e'; 256].try_into().expect("max"),
			},
			ComputeCall::retire_service { service: 0 },
			ComputeCall::fund_channel { provider: [0u8; 32].into(), amount: u128::MAX, key: [0; 32] },
			ComputeCall::redeem { user: [0u8; 32].into(), voucher: voucher() },
			ComputeCall::redeem_batch {
				vouchers: vec![([0u8; 32].into(), voucher()); bound::<<C as pallet_zg_compute::Config>::MaxVouchers>()]
					.try_into()
					.expect("max batch"),
			},
			ComputeCall::request_refund { provider: [0u8; 32].into() },
			ComputeCall::close_channel { provider: [0u8; 32].into() },
			ComputeCall::dispute_response {
				provider: [0u8; 32].into(),
				receipt: pallet_zg_compute::ResponseReceipt {
					channel: 0,
					nonce: 1,
					service: 0,
					model: H256::zero(),
					request: H256::zero(),
					prompt: H256::zero(),
					completion: H256::zero(),
					input_tokens: 0,
					output_tokens: 0,
				},
				signature: [0; 64],
				prompt: evidence(),
				completion: evidence(),
			},
		];
		assert_calls_fit_the_block(&calls, ComputeCall::get_call_names());

		// The hook: a full slot of due tasks, each charged as the heavier of a timeout and a vote count.
		let due = <<C as pallet_zg_compute::Config>::MaxDuePerBlock as Get<u32>>::get();
		assert_hook_leaves_the_normal_class(
			&format!("the compute hook ({due} due tasks)"),
			W::on_initialize(due).max(W::on_initialize_disputes(due)),
		);
		// Proofs per block: the largest batch, and how many such batches fit half a block.
		let batch = <<C as pallet_zg_compute::Config>::MaxBatch as Get<u32>>::get();
		let per_batch = W::submit_proofs(batch).ref_time();
		println!(
			"submit_proofs({batch}): {:.2} ms, {:.0} proofs per half block",
			per_batch as f64 / 1e9,
			batch as f64 * (limits.max_block.ref_time() / 2) as f64 / per_batch as f64
		);
	});
}
