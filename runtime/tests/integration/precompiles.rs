//! zg's precompiles, called as a wallet or a contract calls them: each view charges its benchmarked weight on top of
//! what `pallet-revive` charges for any call into a precompile, the same whether the record it reads is there or not.

use crate::common::*;
use frame_support::weights::Weight;
use pallet_revive::{AddressMapper as _, ExecConfig, TransactionLimits, WeightInfo as _};
use sp_core::{H160, U256};
use sp_keyring::Sr25519Keyring::Alice;
use zg_runtime::{
	currency::ZG,
	precompiles::{self, view_weight, weights::WeightInfo, ViewWeights},
	Revive, Runtime, RuntimeOrigin,
};

/// `selector(signature) ++ args`, each argument a 32-byte word (the ABI of static arguments).
fn abi(signature: &str, args: &[[u8; 32]]) -> Vec<u8> {
	let mut input = sp_io::hashing::keccak_256(signature.as_bytes())[..4].to_vec();
	args.iter().for_each(|a| input.extend_from_slice(a));
	input
}

fn word(value: u64) -> [u8; 32] {
	U256::from(value).to_big_endian()
}

fn address_word(address: H160) -> [u8; 32] {
	let mut w = [0u8; 32];
	w[12..].copy_from_slice(address.as_bytes());
	w
}

fn at(matcher: u16) -> H160 {
	H160::from_low_u64_be(u64::from(matcher) << 16)
}

/// Calls `input` at `dest` from Alice's account, as `revive.call` would; returns the weight it consumed and its
/// output. A revert fails the test.
fn call(dest: H160, input: Vec<u8>) -> (Weight, Vec<u8>) {
	let result = Revive::bare_call(
		RuntimeOrigin::signed(Alice.to_account_id()),
		dest,
		U256::zero(),
		TransactionLimits::WeightAndDeposit {
			weight_limit: Weight::from_parts(500_000_000_000, 10 * 1024 * 1024),
			deposit_limit: ZG,
		},
		input,
		&ExecConfig::new_substrate_tx(),
	);
	let output = result.result.expect("the call runs");
	assert!(!output.did_revert(), "{dest:?} reverted: {:?}", output.data);
	(result.weight_consumed, output.data)
}

#[test]
fn each_view_charges_its_benchmark_above_the_cost_of_any_precompile_call() {
	ext_from_preset("development").execute_with(|| {
		next_block();
		// A call into the identity precompile with no input consumes what identity charges, and no more: pallet-revive
		// charges the rest of a call to the transaction, so what a view consumes here is what it charges itself.
		let (identity, _) = call(H160::from_low_u64_be(4), Vec::new());
		let overhead = identity.saturating_sub(<Runtime as pallet_revive::Config>::WeightInfo::identity(0));
		println!("a call into a precompile that does nothing consumes {overhead:?} over identity's own weight");
		let who = address_word(H160::repeat_byte(0x55));
		let views = [
			("storage.fee", at(precompiles::STORAGE), abi("fee(uint64,uint32)", &[word(1 << 20), word(10)]), ViewWeights::storage_fee()),
			("storage.file", at(precompiles::STORAGE), abi("file(bytes32)", &[[7; 32]]), ViewWeights::storage_file()),
			("da.status", at(precompiles::DA), abi("status(uint64)", &[word(3)]), ViewWeights::da_blob()),
			("da.isCertified", at(precompiles::DA), abi("isCertified(uint64)", &[word(3)]), ViewWeights::da_blob()),
			("da.blob", at(precompiles::DA), abi("blob(uint64)", &[word(3)]), ViewWeights::da_blob()),
			("da.commitments", at(precompiles::DA), abi("commitments(uint64)", &[word(3)]), ViewWeights::da_commitments()),
			("compute.ledger", at(precompiles::COMPUTE), abi("ledger(address)", &[who]), ViewWeights::compute_ledger()),
			("compute.job", at(precompiles::COMPUTE), abi("job(uint64)", &[word(3)]), ViewWeights::compute_job()),
			("staking.bonded", at(precompiles::STAKING), abi("bonded(address)", &[who]), ViewWeights::staking_bonded()),
		];
		let max = <Runtime as frame_system::Config>::BlockWeights::get()
			.get(frame_support::dispatch::DispatchClass::Normal)
			.max_extrinsic
			.expect("a per-extrinsic limit");
		for (name, dest, input, benchmark) in views {
			let charged = view_weight(benchmark);
			// `fee` reads nothing and multiplies a few numbers: its benchmark is a bare precompile call's, within
			// the noise, so it adds nothing to what pallet-revive charges. Every other view reads state.
			if name != "storage.fee" {
				assert!(charged.ref_time() > 0, "{name} charges nothing: weights.rs is not a measured file");
			}
			let (consumed, _) = call(dest, input);
			assert!(
				consumed.saturating_sub(overhead).all_gte(charged),
				"{name} consumed {consumed:?}: less than pallet-revive's {overhead:?} and the view's own {charged:?}"
			);
			assert!(charged.all_lte(max));
			println!(
				"{name:>16}: charges {:>7.2} µs and {:>6} proof bytes ({:.2} % of max_extrinsic)",
				charged.ref_time() as f64 / 1e6,
				charged.proof_size(),
				100.0 * charged.ref_time() as f64 / max.ref_time() as f64
			);
		}
	});
}

#[test]
fn a_view_costs_the_same_whether_its_record_is_there_or_not() {
	ext_from_preset("development").execute_with(|| {
		next_block();
		let who = H160::repeat_byte(0x66);
		let input = abi("ledger(address)", &[address_word(who)]);
		let (absent, output) = call(at(precompiles::COMPUTE), input.clone());
		assert_eq!(output, [[0u8; 32], [0u8; 32]].concat());
		let account = <Runtime as pallet_revive::Config>::AddressMapper::to_account_id(&who);
		pallet_zg_compute::Ledgers::<Runtime>::insert(&account, pallet_zg_compute::Ledger { free: 5, locked: 6 });
		let (present, output) = call(at(precompiles::COMPUTE), input);
		assert_eq!(output, [word(5), word(6)].concat());
		assert_eq!(absent, present, "reading an absent ledger costs less: a contract can probe state cheaply");
	});
}
