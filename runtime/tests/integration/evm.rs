//! The EVM (`pallet-revive`) from the Substrate side: genesis funds and maps the dev accounts, EVM bytecode is
//! deployed and runs with zg's chain id, value moves 1:1 between ZG and wei, and gas costs the same as fees.

use crate::common::*;
use frame_support::{
	traits::{
		fungible::Inspect,
		tokens::{Fortitude, Preservation},
		Get,
	},
	weights::Weight,
};
use pallet_revive::AddressMapper;
use sp_core::{H160, U256};
use sp_keyring::Sr25519Keyring::{Alice, Bob};
use zg_primitives::network::EVM_CHAIN_ID;
use zg_runtime::{
	currency::{EXISTENTIAL_DEPOSIT, ZG},
	genesis_config_presets::{eth_account, ENDOWMENT, ETH_DEV_ACCOUNTS},
	Balances, Revive, Runtime, RuntimeCall, RuntimeEvent,
};

type Mapper = <Runtime as pallet_revive::Config>::AddressMapper;

/// Runtime code: `CHAINID PUSH1 0 MSTORE PUSH1 32 PUSH1 0 LOG0 STOP` — emits the chain id as a 32-byte event.
const LOG_CHAIN_ID: [u8; 10] = [0x46, 0x60, 0x00, 0x52, 0x60, 0x20, 0x60, 0x00, 0xa0, 0x00];

/// Init code that returns [`LOG_CHAIN_ID`] as the contract's code:
/// `PUSH1 10 PUSH1 12 PUSH1 0 CODECOPY PUSH1 10 PUSH1 0 RETURN`, followed by the runtime code.
fn deploy_code() -> Vec<u8> {
	let mut code = vec![0x60, 0x0a, 0x60, 0x0c, 0x60, 0x00, 0x39, 0x60, 0x0a, 0x60, 0x00, 0xf3];
	code.extend_from_slice(&LOG_CHAIN_ID);
	code
}

/// Generous limits for calls from the Substrate side (the unused part is refunded).
const WEIGHT_LIMIT: Weight = Weight::from_parts(500_000_000_000, 10 * 1024 * 1024);
const DEPOSIT_LIMIT: u128 = ZG;

#[test]
fn genesis_funds_eth_dev_keys_and_maps_substrate_accounts() {
	ext_from_preset("development").execute_with(|| {
		for address in ETH_DEV_ACCOUNTS {
			let account = eth_account(address);
			assert_eq!(Balances::free_balance(&account), ENDOWMENT);
			// What eth_getBalance reports: the spendable balance (all but the existential deposit), in wei.
			assert_eq!(Revive::evm_balance(&H160(address)), U256::from(ENDOWMENT - EXISTENTIAL_DEPOSIT));
			assert_eq!(Mapper::to_address(&account), H160(address));
			assert!(Mapper::is_mapped(&account));
		}
		for key in [Alice, Bob] {
			let account = key.to_account_id();
			assert!(Mapper::is_mapped(&account), "{key:?} is mapped at genesis");
			let address = Mapper::to_address(&account);
			assert_eq!(Mapper::to_account_id(&address), account, "the mapping of {key:?} goes both ways");
			assert_eq!(
				Revive::evm_balance(&address),
				U256::from(Balances::reducible_balance(&account, Preservation::Preserve, Fortitude::Polite))
			);
		}
	});
}

#[test]
fn evm_bytecode_deploys_and_runs_with_zg_chain_id() {
	ext_from_preset("development").execute_with(|| {
		next_block();
		submit_ok(
			Alice,
			RuntimeCall::Revive(pallet_revive::Call::instantiate_with_code {
				value: 0,
				weight_limit: WEIGHT_LIMIT,
				storage_deposit_limit: DEPOSIT_LIMIT,
				code: deploy_code(),
				data: vec![],
				salt: None,
			}),
		);
		let contract = events()
			.into_iter()
			.find_map(|e| match e {
				RuntimeEvent::Revive(pallet_revive::Event::Instantiated { contract, .. }) => Some(contract),
				_ => None,
			})
			.expect("Instantiated event");

		next_block();
		submit_ok(
			Bob,
			RuntimeCall::Revive(pallet_revive::Call::call {
				dest: contract,
				value: 0,
				weight_limit: WEIGHT_LIMIT,
				storage_deposit_limit: DEPOSIT_LIMIT,
				data: vec![],
			}),
		);
		let emitted = events()
			.into_iter()
			.find_map(|e| match e {
				RuntimeEvent::Revive(pallet_revive::Event::ContractEmitted { contract: c, data, .. })
					if c == contract =>
					Some(data),
				_ => None,
			})
			.expect("ContractEmitted event");
		assert_eq!(U256::from_big_endian(&emitted), U256::from(EVM_CHAIN_ID));
	});
}

#[test]
fn value_sent_to_a_new_eth_address_arrives_one_to_one() {
	ext_from_preset("development").execute_with(|| {
		next_block();
		let address = H160([0x42; 20]);
		let value = 3 * ZG + 7;
		submit_ok(
			Alice,
			RuntimeCall::Revive(pallet_revive::Call::call {
				dest: address,
				value,
				weight_limit: WEIGHT_LIMIT,
				storage_deposit_limit: DEPOSIT_LIMIT,
				data: vec![],
			}),
		);
		// The new account can spend exactly `value`: the sender also pays its existential deposit.
		assert_eq!(Revive::evm_balance(&address), U256::from(value));
		assert_eq!(Balances::free_balance(&eth_account(address.0)), value + EXISTENTIAL_DEPOSIT);
	});
}

#[test]
fn gas_is_priced_in_wei_at_two_gwei() {
	ext_from_preset("development").execute_with(|| {
		// ZG and ether have the same decimals; at fee multiplier 1 the gas price is `GasScale` wei (2 gwei).
		assert_eq!(<<Runtime as pallet_revive::Config>::NativeToEthRatio as Get<u32>>::get(), 1);
		assert_eq!(Revive::evm_base_fee(), U256::from(2_000_000_000u64));
		// A block holds enough gas for a few hundred ERC-20 transfers (≈ 50k gas on Ethereum).
		assert!(Revive::evm_block_gas_limit() > U256::from(10_000_000u64), "{}", Revive::evm_block_gas_limit());
	});
}

/// Init code that deploys `runtime` as the contract's code: `PUSH1 len PUSH1 12 PUSH1 0 CODECOPY PUSH1 len PUSH1 0
/// RETURN`, followed by `runtime` (at most 255 bytes).
fn deploy(runtime: &[u8]) -> Vec<u8> {
	let len = u8::try_from(runtime.len()).expect("short runtime code");
	let mut code = vec![0x60, len, 0x60, 0x0c, 0x60, 0x00, 0x39, 0x60, len, 0x60, 0x00, 0xf3];
	code.extend_from_slice(runtime);
	code
}

/// Applies a signed `call` of `signer` in the current block and records its encoding at its index in `block`
/// (what `EvmApi::contract_calls` is given: the block's extrinsics).
fn apply(block: &mut Vec<Vec<u8>>, signer: sp_keyring::Sr25519Keyring, call: RuntimeCall) {
	use codec::Encode;
	let index = frame_system::Pallet::<Runtime>::extrinsic_index().expect("in a block") as usize;
	let xt = signed_tx(signer, call, 0);
	block.resize(index + 1, Vec::new());
	block[index] = xt.encode();
	let result = zg_runtime::Executive::apply_extrinsic(xt);
	assert!(matches!(result, Ok(_)), "{result:?}");
}

/// What the Ethereum RPC's receipts of Substrate extrinsics come from: the contract calls of a block, with payer,
/// target, created contract, result and fee; plain transfers and Ethereum transactions are not among them.
#[test]
fn contract_calls_of_a_block_have_payer_target_result_and_fee() {
	ext_from_preset("development").execute_with(|| {
		next_block();
		let mut block = vec![Vec::new()]; // the timestamp inherent
		let instantiate = |code: Vec<u8>| {
			RuntimeCall::Revive(pallet_revive::Call::instantiate_with_code {
				value: 0,
				weight_limit: WEIGHT_LIMIT,
				storage_deposit_limit: DEPOSIT_LIMIT,
				code,
				data: vec![],
				salt: None,
			})
		};
		let call = |dest| {
			RuntimeCall::Revive(pallet_revive::Call::call {
				dest,
				value: 0,
				weight_limit: WEIGHT_LIMIT,
				storage_deposit_limit: DEPOSIT_LIMIT,
				data: vec![],
			})
		};
		apply(&mut block, Alice, instantiate(deploy_code()));
		// Runtime code `PUSH1 0 PUSH1 0 REVERT`.
		apply(&mut block, Alice, instantiate(deploy(&[0x60, 0x00, 0x60, 0x00, 0xfd])));
		let created: Vec<H160> = events()
			.into_iter()
			.filter_map(|e| match e {
				RuntimeEvent::Revive(pallet_revive::Event::Instantiated { contract, .. }) => Some(contract),
				_ => None,
			})
			.collect();
		let [logger, reverter] = created[..] else { panic!("two contracts: {created:?}") };
		apply(&mut block, Bob, call(logger));
		apply(
			&mut block,
			Bob,
			RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive { dest: Alice.to_account_id().into(), value: ZG }),
		);
		apply(&mut block, Bob, call(reverter));
		// Undecodable bytes where a fee was paid are skipped, not a panic.
		let mut garbled = block.clone();
		garbled[3] = vec![0xff; 7];

		let fees: Vec<(sp_runtime::AccountId32, u128)> = events()
			.into_iter()
			.filter_map(|e| match e {
				RuntimeEvent::TransactionPayment(pallet_transaction_payment::Event::TransactionFeePaid {
					who,
					actual_fee,
					..
				}) => Some((who, actual_fee)),
				_ => None,
			})
			.collect();
		assert_eq!(fees.len(), 5);
		let calls = zg_runtime::configs::evm::contract_calls(&block);
		let (alice, bob) = (Mapper::to_address(&Alice.to_account_id()), Mapper::to_address(&Bob.to_account_id()));
		let expected = |extrinsic: u32, from, to, contract_address, success| zg_primitives::evm::ContractCall {
			extrinsic,
			from,
			to,
			contract_address,
			success,
			fee: fees[extrinsic as usize - 1].1,
		};
		assert_eq!(
			calls,
			vec![
				expected(1, alice, None, Some(logger), true),
				expected(2, alice, None, Some(reverter), true),
				expected(3, bob, Some(logger), None, true),
				// The transfer (4) called no contract.
				expected(5, bob, Some(reverter), None, false),
			]
		);
		assert!(calls.iter().all(|c| c.fee > 0));
		let without_3: Vec<u32> =
			zg_runtime::configs::evm::contract_calls(&garbled).iter().map(|c| c.extrinsic).collect();
		assert_eq!(without_3, vec![1, 2, 5]);
		// Fewer extrinsics than events: the rest are not there to report.
		assert_eq!(zg_runtime::configs::evm::contract_calls(&block[..2]).len(), 1);
	});
}
