//! # zg primitives
//!
//! The types, constants and algorithms that the zg runtime and the zg node must agree on. Everything here is
//! `no_std` so the runtime compiles it to wasm, and plain Rust so the node, the CLI and tests use the same copy.
//!
//! - [`currency`]: the ZG token — 18 decimals, like ether, so one ZG maps 1:1 onto wei for EVM tools.
//! - [`network`]: identifiers that tell zg apart from other chains (SS58 address prefix, EVM chain id).
//! - [`bags`]: the score thresholds of the staking voter list.
//! - [`compute`]: the compute market's proof statements, attestations and Groth16 host functions.
//! - [`da`]: data availability's blob format (EIP-4844 rows, EIP-7594 cells), sampling confidence and KZG host
//!   functions.
//! - [`storage`]: the storage network's sectors, Merkle proofs, erasure coding, challenges and fraud proofs.
//! - [`offchain`]: what the pallets' off-chain workers share (one transaction of an account waiting at a time).

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod bags;
pub mod compute;
pub mod da;
pub mod evm;
pub mod offchain;
pub mod storage;

use sp_runtime::{
	generic,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiSignature,
};

/// An index to a block.
pub type BlockNumber = u32;
/// A transaction signature: sr25519, ed25519 or ecdsa, as users choose.
pub type Signature = MultiSignature;
/// An account: the 32-byte public key (or its hash, for ecdsa) of the transaction-signing key.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;
/// An amount of ZG in its smallest unit (10^-18 ZG).
pub type Balance = u128;
/// The number of transactions an account has sent.
pub type Nonce = u32;
/// A hash of block data (and the type of block hashes).
pub type Hash = sp_core::H256;
/// Milliseconds since the unix epoch.
pub type Moment = u64;
/// The block header, identical for runtime and node.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// A block as the node sees it: header plus extrinsics it does not decode. The node, RPC and tools use this;
/// only the runtime knows the concrete extrinsic type.
pub type Block = generic::Block<Header, sp_runtime::OpaqueExtrinsic>;

/// The ZG token.
pub mod currency {
	use super::Balance;

	/// Decimals of ZG: the same as ether, so EVM tools see balances in wei unchanged.
	pub const DECIMALS: u8 = 18;
	/// The ticker shown by wallets.
	pub const SYMBOL: &str = "ZG";
	/// One ZG in its smallest unit.
	pub const ZG: Balance = 1_000_000_000_000_000_000;
	/// 10^-3 ZG.
	pub const MILLI_ZG: Balance = ZG / 1_000;
	/// 10^-6 ZG.
	pub const MICRO_ZG: Balance = MILLI_ZG / 1_000;

	/// The least balance an account must hold to exist: small enough for any user, large enough that creating
	/// accounts to bloat state costs real money.
	pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_ZG;

	/// A deposit for `items` storage items taking `bytes` bytes, used by pallets that reserve for stored data.
	pub const fn deposit(items: u32, bytes: u32) -> Balance {
		items as Balance * 20 * MILLI_ZG + bytes as Balance * 100 * MICRO_ZG
	}
}

/// Identifiers that set zg apart from other chains.
pub mod network {
	/// The SS58 address prefix of zg accounts.
	pub const SS58_PREFIX: u16 = 4200;
	/// The EIP-155 chain id of zg's EVM (`eth_chainId` = `0x4024`): every Ethereum transaction must be signed
	/// for it, so transactions signed for other chains cannot be replayed here.
	pub const EVM_CHAIN_ID: u64 = 16_420;
}

#[cfg(test)]
mod tests {
	use super::currency::*;

	#[test]
	fn token_units_are_consistent() {
		assert_eq!(ZG, 10u128.pow(DECIMALS as u32));
		assert_eq!(MILLI_ZG * 1_000, ZG);
		assert_eq!(MICRO_ZG * 1_000_000, ZG);
		assert!(EXISTENTIAL_DEPOSIT > 0 && EXISTENTIAL_DEPOSIT < ZG);
	}

	#[test]
	fn deposit_grows_with_items_and_bytes() {
		assert_eq!(deposit(0, 0), 0);
		assert!(deposit(1, 0) < deposit(2, 0));
		assert!(deposit(1, 10) < deposit(1, 11));
	}
}
