//! What the Ethereum RPC reads from the runtime beyond `pallet-revive`'s own API.
//!
//! `pallet-revive-eth-rpc` builds logs and receipts from Ethereum transactions (`Revive.eth_transact`) only; a
//! contract called by any other extrinsic (`revive.call` from Polkadot.js, a utility batch, a proxy…) emits
//! `Revive.ContractEmitted` events that never become Ethereum logs. [`EvmApi::contract_events`] lists a block's
//! contract events with the extrinsic that caused them, and [`EvmApi::eth_transact_prefix`] lets the RPC tell which
//! of those extrinsics were Ethereum transactions (whose logs it already has).

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

sp_api::decl_runtime_apis! {
	/// The Ethereum RPC's extra view of the runtime (see the module docs).
	pub trait EvmApi {
		/// The contract events of the block this is called at, in the order they were emitted.
		fn contract_events() -> Vec<ContractEvent>;
		/// The first two bytes of every `Revive.eth_transact` call: its pallet's and its call's index.
		fn eth_transact_prefix() -> [u8; 2];
	}
}
