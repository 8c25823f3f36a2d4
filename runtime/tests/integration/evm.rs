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
