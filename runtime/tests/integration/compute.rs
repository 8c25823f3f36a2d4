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

		// The hook: a full slot of due tasks, each charged as a vote count and a timeout.
		let due = <<C as pallet_zg_compute::Config>::MaxDuePerBlock as Get<u32>>::get();
		assert_hook_leaves_the_normal_class(
			&format!("the compute hook ({due} due tasks)"),
			Compute::run_due_weight(due),
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

/// What settling metered inference costs (`scripts/bench-compute.sh` prints it): the fee of `redeem` (one channel)
/// and of `redeem_batch` (many channels in one extrinsic), as the runtime's `query_info` computes it from the
/// weights and the transaction's length, beside a plain balance transfer's fee computed the same way; and that fee
/// spread over the requests one voucher covers (1, 100 and 10,000 per settlement window). A voucher covers any
/// number of requests at the same cost: its amount and nonce are fixed-size, so neither the weight nor the length
/// grows with them.
#[test]
fn inference_settlement_cost_per_request() {
	use codec::Encode;
	use sp_keyring::Sr25519Keyring::{Alice, Bob};
	use zg_runtime::{currency::ZG, RuntimeCall, TransactionPayment};

	ext_from_preset("development").execute_with(|| {
		let fee = |call: RuntimeCall| {
			let xt = signed_tx(Alice, call, 0);
			TransactionPayment::query_info(xt.clone(), xt.encoded_size() as u32).partial_fee
		};
		let voucher = |amount: u128, nonce: u64| pallet_zg_compute::Voucher { amount, nonce, signature: [7; 64] };
		let user = |i: u32| -> zg_runtime::AccountId { sp_core::crypto::AccountId32::new(sp_io::hashing::blake2_256(&i.encode())) };
		let redeem = |amount: u128, nonce: u64| fee(ComputeCall::redeem { user: user(0), voucher: voucher(amount, nonce) }.into());
		let batch = |pairs: u32| {
			let vouchers: Vec<_> = (0..pairs).map(|i| (user(i), voucher(ZG, 100))).collect();
			fee(ComputeCall::redeem_batch { vouchers: vouchers.try_into().expect("within MaxVouchers") }.into())
		};
		let transfer = fee(
			pallet_balances::Call::<Runtime>::transfer_keep_alive { dest: Bob.to_account_id().into(), value: ZG }.into(),
		);

		// The cost of a settlement does not depend on how many requests its voucher covers.
		assert_eq!(redeem(1, 1), redeem(u128::MAX, u64::MAX), "a voucher's amount and nonce do not change its fee");
		let single = redeem(ZG, 100);
		let max = <<Runtime as pallet_zg_compute::Config>::MaxVouchers as Get<u32>>::get();
		let sizes = [1, 16, max];
		let per_channel: Vec<f64> = sizes.iter().map(|&n| batch(n) as f64 / n as f64).collect();
		// Batching pays: a channel in a full batch costs less than its own `redeem`.
		assert!(per_channel[2] < single as f64, "{per_channel:?} vs {single}");
		assert!(per_channel[2] < per_channel[1] && per_channel[1] < per_channel[0], "{per_channel:?}");

		let zg = |planck: f64| planck / ZG as f64;
		println!("settling metered inference (fees from query_info, dev runtime, fee multiplier at genesis):");
		println!("  balance transfer (reference)      {:.6} ZG", zg(transfer as f64));
		println!("  redeem, one channel               {:.6} ZG  {:.2}x a transfer", zg(single as f64), single as f64 / transfer as f64);
		for (n, cost) in sizes.iter().zip(&per_channel) {
			println!("  redeem_batch of {n:>3}, per channel  {:.6} ZG  {:.2}x a transfer", zg(*cost), cost / transfer as f64);
		}
		let us = |w: frame_support::weights::Weight| w.ref_time() as f64 / 1e6;
		let single_weight = us(W::redeem());
		let batch_weight = us(W::redeem_batch(max)) / max as f64;
		println!("  weight per redeemed voucher: redeem {single_weight:.1} us, in a batch of {max} {batch_weight:.1} us");
		println!(
			"  weight per request: redeem {:.3} / {:.5} us, in a batch {:.3} / {:.5} us (100 / 10,000 requests a voucher)",
			single_weight / 100.0,
			single_weight / 10_000.0,
			batch_weight / 100.0,
			batch_weight / 10_000.0
		);
		println!("  per request, by requests a voucher covers in one settlement window:");
		println!("    {:<28} {:>14} {:>14} {:>14}", "", "1", "100", "10,000");
		let rows = [("redeem".to_string(), single as f64), (format!("redeem_batch of {max}"), per_channel[2])];
		for (label, cost) in rows {
			println!(
				"    {label:<28} {:>11.3e} ZG {:>11.3e} ZG {:>11.3e} ZG",
				zg(cost),
				zg(cost / 100.0),
				zg(cost / 10_000.0)
			);
		}
	});
}
