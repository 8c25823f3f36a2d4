//! What the Ethereum RPC reads from the runtime beyond `pallet-revive`'s own API.
//!
//! `pallet-revive-eth-rpc` builds logs and receipts from Ethereum transactions (`Revive.eth_transact`) only; a
//! contract called by any other extrinsic (`revive.call` from Polkadot.js, a utility batch, a proxy…) emits
//! `Revive.ContractEmitted` events that never become Ethereum logs. [`EvmApi::contract_events`] lists a block's
//! contract events with the extrinsic that caused them, and [`EvmApi::eth_transact_prefix`] lets the RPC tell which
//! of those extrinsics were Ethereum transactions (whose logs it already has). [`EvmApi::contract_calls`] gives
//! what an Ethereum receipt of such an extrinsic needs beyond its logs: who paid, which contract it called or
//! created, whether it succeeded and the fee it paid.

use alloc::vec::Vec;
use codec::{Decode, Encode};
use scale_info::TypeInfo;
use sp_core::{H160, H256};

/// A contract event of a block, from `Revive.ContractEmitted`.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct ContractEvent {
	/// The index of the extrinsic that caused it.
	pub extrinsic: u32,
	/// The contract that emitted it.
	pub contract: H160,
	/// Its topics (the first is the event's signature hash, for a non-anonymous Solidity event).
	pub topics: Vec<H256>,
	/// Its data.
	pub data: Vec<u8>,
}

/// An extrinsic of a block, other than an Ethereum transaction, that called or created a contract: a signed
/// `Revive.call`/`instantiate`/`instantiate_with_code`, or any signed extrinsic during which a contract emitted an
/// event or was instantiated (a batch, a proxy, a zg precompile's caller…).
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct ContractCall {
	/// Its index in the block.
	pub extrinsic: u32,
	/// The EVM address of the account that paid its fee (`TransactionFeePaid.who`, mapped as `pallet-revive` maps
	/// accounts).
	pub from: H160,
	/// The contract a top-level `Revive.call` called.
	pub to: Option<H160>,
	/// The first contract it instantiated.
	pub contract_address: Option<H160>,
	/// Whether it succeeded (`System.ExtrinsicSuccess`).
	pub success: bool,
	/// The fee it paid, tip included, in the native unit (planck = wei on zg).
	pub fee: u128,
}

sp_api::decl_runtime_apis! {
	/// The Ethereum RPC's extra view of the runtime (see the module docs).
	pub trait EvmApi {
		/// The contract events of the block this is called at, in the order they were emitted.
		fn contract_events() -> Vec<ContractEvent>;
		/// The first two bytes of every `Revive.eth_transact` call: its pallet's and its call's index.
		fn eth_transact_prefix() -> [u8; 2];
		/// The contract calls among `extrinsics` (the block's extrinsics, each SCALE-encoded as in the block),
		/// called at that block: what their receipts need beyond their logs. Extrinsics that do not decode, are not
		/// signed, or are Ethereum transactions are left out.
		fn contract_calls(extrinsics: Vec<Vec<u8>>) -> Vec<ContractCall>;
	}
}
