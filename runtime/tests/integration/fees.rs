//! Transfers pay a fee in ZG, computed from weight and length, and the fee is burnt.

use crate::common::*;
use codec::Encode;
use frame_support::traits::fungible::Inspect;
use sp_keyring::Sr25519Keyring::{Alice, Bob, Ferdie};
use sp_runtime::transaction_validity::{InvalidTransaction, TransactionValidityError};
use zg_runtime::{
	currency::ZG, Balances, BalancesCall, RuntimeCall, RuntimeEvent, System,
	TransactionPayment,
};

fn transfer(dest: &zg_runtime::AccountId, value: u128) -> RuntimeCall {
	RuntimeCall::Balances(BalancesCall::transfer_keep_alive { dest: dest.clone().into(), value })
}

#[test]
fn transfer_charges_and_burns_fee() {
	ext_from_preset("development").execute_with(|| {
		let alice = Alice.to_account_id();
		let fresh = sp_keyring::Sr25519Keyring::One.to_account_id();
		let alice_before = Balances::free_balance(&alice);
		let issuance_before = Balances::total_issuance();
		let amount = 10 * ZG;

		let xt = signed_tx(Alice, transfer(&fresh, amount), 0);
		let estimate = TransactionPayment::query_info(xt.clone(), xt.encoded_size() as u32).partial_fee;
		assert!(matches!(zg_runtime::Executive::apply_extrinsic(xt), Ok(Ok(()))));

		let fee = events()
			.into_iter()
			.find_map(|e| match e {
				RuntimeEvent::TransactionPayment(
					pallet_transaction_payment::Event::TransactionFeePaid { who, actual_fee, tip },
				) if who == alice => Some(actual_fee + tip),
				_ => None,
			})
			.expect("TransactionFeePaid event");

		assert!(fee > 0, "a transfer is not free");
		assert!(fee <= estimate, "the actual fee {fee} never exceeds the estimate {estimate}");
		// A transfer costs a fraction of a milli-ZG, far less than what it moves.
		assert!(fee < ZG / 100, "fee {fee} is unreasonably high");
		assert_eq!(Balances::free_balance(&fresh), amount);
		assert_eq!(Balances::free_balance(&alice), alice_before - amount - fee);
		// The fee is burnt: nobody receives it.
		assert_eq!(Balances::total_issuance(), issuance_before - fee);
	});
}

#[test]
fn fee_grows_with_transaction_length() {
	ext_from_preset("development").execute_with(|| {
		let small = signed_tx(
			Alice,
			RuntimeCall::System(frame_system::Call::remark { remark: vec![0; 10] }),
			0,
		);
		let large = signed_tx(
			Alice,
			RuntimeCall::System(frame_system::Call::remark { remark: vec![0; 10_000] }),
			0,
		);
		let fee_small =
			TransactionPayment::query_info(small.clone(), small.encoded_size() as u32).partial_fee;
		let fee_large =
			TransactionPayment::query_info(large.clone(), large.encoded_size() as u32).partial_fee;
		let byte_fee = zg_runtime::configs::monetary::TransactionByteFee::get();
		assert!(fee_large >= fee_small + 9_990 * byte_fee, "{fee_large} vs {fee_small}");
	});
}

#[test]
fn underfunded_transactions_are_rejected_with_typed_errors() {
	ext_from_preset("development").execute_with(|| {
		// An account that does not exist cannot pay the fee: the transaction is invalid, nothing changes.
		let nobody = sp_keyring::Sr25519Keyring::Two;
		let bob = Bob.to_account_id();
		let bob_before = Balances::free_balance(&bob);
		let result = submit(nobody, transfer(&bob, ZG));
		assert_eq!(
			result,
			Err(TransactionValidityError::Invalid(InvalidTransaction::Payment)),
		);
		assert_eq!(Balances::free_balance(&bob), bob_before);

		// A funded account moving more than it has pays the fee, but the transfer fails with a typed error.
		let ferdie = Ferdie.to_account_id();
		let ferdie_before = Balances::free_balance(&ferdie);
		let result = submit(Ferdie, transfer(&bob, ferdie_before * 2));
		let Ok(Err(error)) = result else { panic!("expected a dispatch error, got {result:?}") };
		assert_eq!(
			error,
			sp_runtime::DispatchError::Token(sp_runtime::TokenError::FundsUnavailable),
		);
		assert_eq!(Balances::free_balance(&bob), bob_before);
		assert!(Balances::free_balance(&ferdie) < ferdie_before, "the failed transfer still paid its fee");
		assert_eq!(System::account_nonce(&ferdie), 1);
	});
}

#[test]
fn existential_deposit_is_enforced() {
	ext_from_preset("development").execute_with(|| {
		let ed = <Balances as Inspect<_>>::minimum_balance();
		assert_eq!(ed, zg_runtime::currency::EXISTENTIAL_DEPOSIT);
		let fresh = sp_keyring::Sr25519Keyring::Two.to_account_id();
		let result = submit(Alice, transfer(&fresh, ed - 1));
		assert!(
			matches!(result, Ok(Err(sp_runtime::DispatchError::Token(sp_runtime::TokenError::BelowMinimum)))),
			"{result:?}"
		);
	});
}

/// Blocks and fees are built on zg's measured weights (`zg_runtime::weights`, from `scripts/bench-weights.sh`),
/// not polkadot-sdk's reference machine: the base of every extrinsic, the empty block and a database access. Prints
/// how many balance transfers the normal class of a block holds at those weights.
#[test]
fn blocks_and_fees_use_the_measured_weights() {
	use frame_support::{dispatch::DispatchClass, weights::RuntimeDbWeight};
	use zg_runtime::{weights, Runtime};
	ext_from_preset("development").execute_with(|| {
		let limits = <Runtime as frame_system::Config>::BlockWeights::get();
		assert_eq!(limits.base_block, weights::BlockExecutionWeight::get());
		for class in DispatchClass::all() {
			assert_eq!(limits.get(*class).base_extrinsic, weights::base_extrinsic(), "{class:?}");
		}
		let db: RuntimeDbWeight = <Runtime as frame_system::Config>::DbWeight::get();
		assert_eq!(db, weights::RocksDbWeight::get());
		assert_ne!(db, frame_support::weights::constants::RocksDbWeight::get(), "measured, not the reference");
		// The extensions every signed transaction runs are charged at their measured weights too.
		{
			use frame_system::ExtensionsWeightInfo;
			type Measured = <Runtime as frame_system::Config>::ExtensionsWeightInfo;
			assert_eq!(Measured::check_nonce(), weights::frame_system_extensions::WeightInfo::<Runtime>::check_nonce());
			assert_ne!(Measured::check_nonce(), frame_system::SubstrateExtensionsWeight::<Runtime>::check_nonce());
			use pallet_transaction_payment::WeightInfo;
			type Payment = <Runtime as pallet_transaction_payment::Config>::WeightInfo;
			assert_eq!(
				Payment::charge_transaction_payment(),
				weights::pallet_transaction_payment::WeightInfo::<Runtime>::charge_transaction_payment()
			);
		}

		// The extensions' execution is charged once: through their own weights, not inside the base as well. A
		// signed no-op is still charged at least what `benchmark overhead` measured for it.
		let remark = signed_tx(Alice, RuntimeCall::System(frame_system::Call::remark { remark: vec![] }), 0);
		let remark_info = TransactionPayment::query_info(remark.clone(), remark.encoded_size() as u32);
		let measured = weights::ExtrinsicBaseWeight::get().ref_time();
		let base_only = limits.get(DispatchClass::Normal).base_extrinsic.ref_time();
		assert!(base_only < measured, "the base no longer holds the extensions' execution");
		assert_eq!(base_only + weights::extensions_execution().ref_time(), measured);
		assert!(
			remark_info.weight.ref_time() + base_only >=
				measured + db.reads_writes(weights::EXTENSION_READS_WRITES.0, weights::EXTENSION_READS_WRITES.1).ref_time(),
			"a signed remark is charged {} ps: less than its measured {measured} ps and its database accesses",
			remark_info.weight.ref_time() + base_only
		);

		// A transfer's whole weight as the block counts it: the call and the extensions (what `query_info` reports),
		// plus the base of every extrinsic.
		let xt = signed_tx(Alice, transfer(&Bob.to_account_id(), ZG), 0);
		let info = TransactionPayment::query_info(xt.clone(), xt.encoded_size() as u32);
		let base = limits.get(DispatchClass::Normal).base_extrinsic.ref_time();
		assert!(info.weight.ref_time() > 0);
		let per_transfer = info.weight.ref_time() + base;
		let normal = limits.get(DispatchClass::Normal).max_total.expect("normal transactions have a limit").ref_time();
		println!(
			"a balance transfer weighs {:.1} µs ({:.1} call and extensions, {:.1} base); the normal class of a block \
			 holds {} of them",
			per_transfer as f64 / 1e6,
			info.weight.ref_time() as f64 / 1e6,
			base as f64 / 1e6,
			normal / per_transfer
		);
	});
}
