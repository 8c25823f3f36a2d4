//! The EVM: `pallet-revive` running unchanged Solidity (EVM bytecode), reachable from Ethereum tools through the
//! `zg-eth-rpc` server and from Substrate tools through `revive.call` / `revive.instantiate_with_code`.
//!
//! - **Units.** ZG has 18 decimals, like ether, so one ZG is 10^18 wei with no conversion (`NativeToEthRatio` = 1):
//!   `eth_getBalance` of an account is exactly its free ZG balance.
//! - **Chain id.** [`EVM_CHAIN_ID`] (16420, `0x4024`). Ethereum transactions signed for any other chain id are refused.
//! - **Addresses** (`AccountId32Mapper`). An Ethereum key's account on zg is its 20-byte address followed by
//!   twelve `0xEE` bytes; that is the account Substrate tools see and fund. A Substrate (sr25519/ed25519)
//!   account's EVM address is the last 20 bytes of the keccak-256 hash of its 32-byte id. Accounts are mapped
//!   when they are created (`AutoMap`), so calls and transfers to that EVM address reach the Substrate account
//!   without `revive.map_account`; the genesis presets map every endowed Substrate account.
//! - **Gas.** The gas price is `GasScale` wei (2 gwei) times the transaction-payment fee multiplier, and a
//!   transaction's gas is its Substrate fee plus storage deposit divided by that price, so an Ethereum transaction
//!   pays exactly what the same work costs as a Substrate extrinsic.
//! - **Precompiles.** The standard ones at their usual addresses: ecrecover (0x01), sha256 (0x02), ripemd160
//!   (0x03), identity (0x04), modexp (0x05), bn128 add/mul/pairing (0x06–0x08), blake2f (0x09).

use frame_support::{
	parameter_types,
	traits::{ConstBool, ConstU32, ConstU64},
};
use frame_system::EnsureSigned;
use pallet_revive::evm::runtime::EthExtra;
use sp_runtime::{FixedU128, Perbill};
use zg_primitives::{
	currency::{deposit, MICRO_ZG},
	network::EVM_CHAIN_ID,
};

use crate::{
	Address, Balance, Balances, Runtime, RuntimeCall, RuntimeEvent, RuntimeHoldReason,
	RuntimeOrigin, Signature, Timestamp, TxExtension,
};

parameter_types! {
	/// A contract account or code blob: as much as any other storage item.
	pub const DepositPerItem: Balance = deposit(1, 0);
	/// Every byte of contract code and storage; cheaper than pallet storage so that deploying a contract costs
	/// cents, not dollars.
	pub const DepositPerByte: Balance = 10 * MICRO_ZG;
	/// A contract storage slot (a Solidity variable or mapping entry).
	pub const DepositPerChildTrieItem: Balance = deposit(1, 0) / 20;
	/// Instantiating a contract locks this share of its code's deposit, so code in use cannot be removed.
	pub CodeHashLockupDepositPercent: Perbill = Perbill::from_percent(30);
	/// An Ethereum transaction may use up to this share of a block's normal-class weight.
	pub MaxEthExtrinsicWeight: FixedU128 = FixedU128::from_rational(9, 10);
}

/// The gas price, in wei, at a fee multiplier of 1: 2 gwei (a value transfer then uses about 76,000 gas).
pub const GAS_SCALE: u32 = 2_000_000_000;

impl pallet_revive::Config for Runtime {
	type Time = Timestamp;
	type Balance = Balance;
	type Currency = Balances;
	/// The rounding remainder of gas charges is burnt, like every other fee.
	type OnBurn = ();
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type RuntimeOrigin = RuntimeOrigin;
	type RuntimeHoldReason = RuntimeHoldReason;
	type WeightInfo = pallet_revive::weights::SubstrateWeight<Self>;
	/// Only the standard Ethereum precompiles (built into the pallet) for now.
	/// zg's own precompiles (staking, governance): `crate::precompiles`.
	type Precompiles = crate::precompiles::ZgPrecompiles;
	type FindAuthor = <Runtime as pallet_authorship::Config>::FindAuthor;
	type DepositPerByte = DepositPerByte;
	type DepositPerItem = DepositPerItem;
	type DepositPerChildTrieItem = DepositPerChildTrieItem;
	type CodeHashLockupDepositPercent = CodeHashLockupDepositPercent;
	type AddressMapper = pallet_revive::AccountId32Mapper<Self>;
	/// Solidity compiled by `solc` runs as is.
	type AllowEVMBytecode = ConstBool<true>;
	type UploadOrigin = EnsureSigned<Self::AccountId>;
	type InstantiateOrigin = EnsureSigned<Self::AccountId>;
	/// What a zg node gives the runtime (the executor's default heap) and what a block may need at most.
	type RuntimeMemory = ConstU32<{ 128 * 1024 * 1024 }>;
	type PVFMemory = ConstU32<{ 512 * 1024 * 1024 }>;
	type ChainId = ConstU64<EVM_CHAIN_ID>;
	/// ZG and ether both have 18 decimals.
	type NativeToEthRatio = ConstU32<1>;
	type FeeInfo = pallet_revive::evm::fees::Info<Address, Signature, EthExtraImpl>;
	type Deposit = ();
	type MaxEthExtrinsicWeight = MaxEthExtrinsicWeight;
	/// No unlimited contract sizes or other debug settings on any zg network.
	type DebugEnabled = ConstBool<false>;
	/// Every account gets its EVM address mapping when it is created.
	type AutoMap = ConstBool<true>;
	type GasScale = ConstU32<GAS_SCALE>;
}

/// How an Ethereum transaction (`revive.eth_transact`, built by the eth-rpc server from a signed Ethereum
/// transaction) passes through the same transaction extensions as a Substrate one.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct EthExtraImpl;

impl EthExtra for EthExtraImpl {
	type Config = Runtime;
	type ExtensionV0 = TxExtension;
	type ExtensionOtherVersions = sp_runtime::traits::InvalidVersion;

	fn get_eth_extension(nonce: u32, tip: Balance) -> TxExtension {
		crate::extensions(
			sp_runtime::generic::Era::Immortal,
			nonce,
			tip,
			pallet_revive::evm::tx_extension::SetOrigin::<Runtime>::new_from_eth_transaction(),
		)
	}
}

/// The contract events of the current block (`zg_primitives::evm::EvmApi::contract_events`): every
/// `Revive.ContractEmitted` deposited while an extrinsic was applied, with that extrinsic's index.
pub fn contract_events() -> alloc::vec::Vec<zg_primitives::evm::ContractEvent> {
	frame_system::Pallet::<Runtime>::read_events_no_consensus()
		.filter_map(|record| match (record.phase, record.event) {
			(
				frame_system::Phase::ApplyExtrinsic(extrinsic),
				crate::RuntimeEvent::Revive(pallet_revive::Event::ContractEmitted { contract, data, topics }),
			) => Some(zg_primitives::evm::ContractEvent { extrinsic, contract, topics, data }),
			_ => None,
		})
		.collect()
}

/// The first two bytes of every `Revive.eth_transact` call (its pallet's and its call's index).
pub fn eth_transact_prefix() -> [u8; 2] {
	use codec::Encode;
	let call = RuntimeCall::Revive(pallet_revive::Call::eth_transact { payload: alloc::vec::Vec::new() }).encode();
	[call[0], call[1]]
}

/// The contract calls of the current block among its `extrinsics` (`zg_primitives::evm::EvmApi::contract_calls`):
/// each signed extrinsic whose top-level call is a `Revive` call or during which a contract emitted an event or was
/// instantiated, with its payer, target, result and fee read from the block's events.
pub fn contract_calls(extrinsics: &[alloc::vec::Vec<u8>]) -> alloc::vec::Vec<zg_primitives::evm::ContractCall> {
	use alloc::collections::btree_map::BTreeMap;
	use codec::DecodeLimit;
	use pallet_revive::AddressMapper;
	use zg_primitives::evm::ContractCall;

	#[derive(Default)]
	struct Seen {
		payer: Option<(crate::AccountId, Balance)>,
		success: bool,
		touched: bool,
		created: Option<sp_core::H160>,
	}
	let mut seen: BTreeMap<u32, Seen> = BTreeMap::new();
	for record in frame_system::Pallet::<Runtime>::read_events_no_consensus() {
		let frame_system::Phase::ApplyExtrinsic(index) = record.phase else { continue };
		let entry = seen.entry(index).or_default();
		match record.event {
			RuntimeEvent::TransactionPayment(pallet_transaction_payment::Event::TransactionFeePaid {
				who,
				actual_fee,
				..
			}) => entry.payer = Some((who, actual_fee)),
			RuntimeEvent::System(frame_system::Event::ExtrinsicSuccess { .. }) => entry.success = true,
			RuntimeEvent::Revive(pallet_revive::Event::ContractEmitted { .. }) => entry.touched = true,
			RuntimeEvent::Revive(pallet_revive::Event::Instantiated { contract, .. }) => {
				entry.touched = true;
				entry.created.get_or_insert(contract);
			},
			_ => {},
		}
	}
	extrinsics
		.iter()
		.enumerate()
		.filter_map(|(index, bytes)| {
			let index = u32::try_from(index).ok()?;
			let seen = seen.get(&index)?;
			// Only signed extrinsics pay a fee; an Ethereum transaction's receipt is the eth-rpc's own.
			let (payer, fee) = seen.payer.clone()?;
			let xt = crate::UncheckedExtrinsic::decode_all_with_depth_limit(
				frame_support::MAX_EXTRINSIC_DEPTH,
				&mut &bytes[..],
			)
			.ok()?;
			let (to, revive_call) = match &xt.0.function {
				RuntimeCall::Revive(pallet_revive::Call::eth_transact { .. }) => return None,
				RuntimeCall::Revive(pallet_revive::Call::call { dest, .. }) => (Some(*dest), true),
				RuntimeCall::Revive(
					pallet_revive::Call::instantiate { .. } | pallet_revive::Call::instantiate_with_code { .. },
				) => (None, true),
				_ => (None, false),
			};
			(revive_call || seen.touched).then(|| ContractCall {
				extrinsic: index,
				from: <Runtime as pallet_revive::Config>::AddressMapper::to_address(&payer),
				to,
				contract_address: seen.created,
				success: seen.success,
				fee,
			})
		})
		.collect()
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn the_eth_transact_prefix_is_revives_pallet_and_call_index() {
		use codec::Encode;
		let call = RuntimeCall::Revive(pallet_revive::Call::eth_transact { payload: alloc::vec![1, 2, 3] }).encode();
		assert_eq!(call[..2], eth_transact_prefix());
		assert_eq!(eth_transact_prefix()[0], 40, "Revive is pallet 40");
		let other = RuntimeCall::Revive(pallet_revive::Call::call {
			dest: sp_core::H160::zero(),
			value: 0u32.into(),
			weight_limit: Default::default(),
			storage_deposit_limit: 0,
			data: alloc::vec::Vec::new(),
		})
		.encode();
		assert_ne!(other[..2], eth_transact_prefix());
	}
}
