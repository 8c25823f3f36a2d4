//! # zg runtime
//!
//! The state transition function of the zg chain. This file only composes: it declares the runtime's types and
//! versions and lists its pallets; each pallet group is configured in `configs/<area>.rs`, the runtime APIs the
//! node calls are in `apis.rs` and the genesis presets in `genesis_config_presets.rs`.
//!
//! One token, ZG (18 decimals), pays every fee, is staked by validators and nominators (NPoS), secures
//! block production (BABE) and finality (GRANDPA), and votes in referenda (OpenGov) that decide what root
//! may do — including upgrading this runtime without a fork.

#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime` expands to deep types.
#![recursion_limit = "512"]

#[cfg(all(feature = "std", not(feature = "next-release")))]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));
// The next release's wasm has its own name (build.rs): building it never replaces the current runtime's file.
#[cfg(all(feature = "std", feature = "next-release"))]
include!(concat!(env!("OUT_DIR"), "/zg_runtime_next"));

extern crate alloc;

// Before `apis`: the `list_benchmarks!`/`add_benchmarks!` macros it defines are in scope from here on.
#[cfg(feature = "runtime-benchmarks")]
#[macro_use]
mod benches {
	// Paths are absolute: the macros expand inside `apis.rs`.
	frame_benchmarking::define_benchmarks!(
		[frame_benchmarking, frame_benchmarking::baseline::Pallet::<crate::Runtime>]
		[frame_system, frame_system_benchmarking::Pallet::<crate::Runtime>]
		[frame_system_extensions, frame_system_benchmarking::extensions::Pallet::<crate::Runtime>]
		[pallet_transaction_payment, crate::TransactionPayment]
		[pallet_balances, crate::Balances]
		[pallet_timestamp, crate::Timestamp]
		[pallet_utility, crate::Utility]
		[pallet_proxy, crate::Proxy]
		[pallet_multisig, crate::Multisig]
		[pallet_sudo, crate::Sudo]
		[pallet_zg_storage, crate::Storage]
		[pallet_zg_compute, crate::Compute]
		[pallet_zg_da, crate::Da]
		[zg_precompiles, crate::precompiles::benchmarking::Pallet::<crate::Runtime>]
	);

	impl frame_system_benchmarking::Config for crate::Runtime {}
	impl pallet_transaction_payment::BenchmarkConfig for crate::Runtime {}
	impl frame_benchmarking::baseline::Config for crate::Runtime {}
}
pub mod apis;
pub mod configs;
pub mod genesis_config_presets;
pub mod migrations;
pub mod precompiles;
pub mod weights;

// The macros below expand to code that names `Vec` unqualified.
use alloc::vec::Vec;
use sp_runtime::{generic, impl_opaque_keys};
use sp_version::{runtime_version, RuntimeVersion};

pub use zg_primitives::{
	currency, AccountId, Balance, BlockNumber, Hash, Header, Moment, Nonce, Signature,
};

pub use apis::RuntimeApi;
pub use configs::consensus::{EPOCH_DURATION_IN_SLOTS, MILLISECS_PER_BLOCK, SLOT_DURATION};
pub use frame_system::Call as SystemCall;
pub use pallet_balances::Call as BalancesCall;

/// The runtime's identity. `spec_version` must grow with every upgrade that changes behaviour: 100 is the first
/// release; the `next-release` feature builds the one being prepared (101), see `migrations.rs`.
/// (`runtime_version` reads the fields as literals, hence one declaration per version.)
#[cfg(not(feature = "next-release"))]
#[runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("zg"),
	impl_name: alloc::borrow::Cow::Borrowed("zg-node"),
	authoring_version: 1,
	spec_version: 100,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 1,
	system_version: 1,
};

#[cfg(feature = "next-release")]
#[runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("zg"),
	impl_name: alloc::borrow::Cow::Borrowed("zg-node"),
	authoring_version: 1,
	spec_version: 101,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 1,
	system_version: 1,
};

impl_opaque_keys! {
	/// The keys a validator registers with `session.set_keys`: one per consensus role.
	pub struct SessionKeys {
		pub babe: Babe,
		pub grandpa: Grandpa,
		pub authority_discovery: AuthorityDiscovery,
	}
}

/// Types the node uses without knowing the runtime's calls.
pub mod opaque {
	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;
	pub use zg_primitives::Block;
	pub use super::SessionKeys;
}

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	// Core.
	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;
	#[runtime::pallet_index(2)]
	pub type Utility = pallet_utility;
	#[runtime::pallet_index(3)]
	pub type Proxy = pallet_proxy;
	#[runtime::pallet_index(4)]
	pub type Multisig = pallet_multisig;

	// The ZG token and fees.
	#[runtime::pallet_index(10)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(11)]
	pub type TransactionPayment = pallet_transaction_payment;

	// Consensus and its security. BABE must come before Session so epoch changes are seen first; Authorship
	// before Session and Staking so the block's author is known when they run.
	#[runtime::pallet_index(20)]
	pub type Babe = pallet_babe;
	#[runtime::pallet_index(21)]
	pub type Authorship = pallet_authorship;
	#[runtime::pallet_index(22)]
	pub type Staking = pallet_staking;
	#[runtime::pallet_index(23)]
	pub type Offences = pallet_offences;
	#[runtime::pallet_index(24)]
	pub type Historical = pallet_session::historical;
	#[runtime::pallet_index(25)]
	pub type Session = pallet_session;
	#[runtime::pallet_index(26)]
	pub type Grandpa = pallet_grandpa;
	#[runtime::pallet_index(27)]
	pub type AuthorityDiscovery = pallet_authority_discovery;
	#[runtime::pallet_index(28)]
	pub type VoterList = pallet_bags_list<Instance1>;

	// Governance: referenda decide what root may do, including upgrading this runtime.
	#[runtime::pallet_index(30)]
	pub type Scheduler = pallet_scheduler;
	#[runtime::pallet_index(31)]
	pub type Preimage = pallet_preimage;
	#[runtime::pallet_index(32)]
	pub type Referenda = pallet_referenda;
	#[runtime::pallet_index(33)]
	pub type ConvictionVoting = pallet_conviction_voting;
	#[runtime::pallet_index(34)]
	pub type Origins = configs::governance::origins::pallet_custom_origins;
	#[runtime::pallet_index(35)]
	pub type Whitelist = pallet_whitelist;
	#[runtime::pallet_index(36)]
	pub type Treasury = pallet_treasury;
	#[runtime::pallet_index(37)]
	pub type TechnicalCommittee = pallet_collective<Instance1>;

	// Smart contracts: Solidity/EVM bytecode, driven from Ethereum tools through the eth-rpc server.
	#[runtime::pallet_index(40)]
	pub type Revive = pallet_revive;

	// The storage network: staked providers, erasure-coded files, proofs of random access, repair.
	#[runtime::pallet_index(50)]
	pub type Storage = pallet_zg_storage;
	#[runtime::pallet_index(51)]
	pub type Compute = pallet_zg_compute;
	// Data availability: staked signer committees certify blobs of KZG-committed cells; custody challenges.
	#[runtime::pallet_index(52)]
	pub type Da = pallet_zg_da;

	// Development and bootstrap only: governance replaces it on public networks.
	#[runtime::pallet_index(255)]
	pub type Sudo = pallet_sudo;
}

/// The address format for describing accounts.
pub type Address = sp_runtime::MultiAddress<AccountId, ()>;
/// Block type as expected by this runtime.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;

/// The checks every signed transaction goes through, in order. Ethereum transactions go through the same ones
/// (see `configs::evm::EthExtraImpl`); `EthSetOrigin` turns their origin into the Ethereum signer's account.
pub type TxExtension = (
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	frame_metadata_hash_extension::CheckMetadataHash<Runtime>,
	pallet_revive::evm::tx_extension::SetOrigin<Runtime>,
	frame_system::WeightReclaim<Runtime>,
	pallet_zg_storage::PrioritizeDuties<Runtime>,
);

/// The transaction extensions of a signed transaction from an account at `nonce`, valid during `era`, with `tip`;
/// the metadata-hash check is off (signers that carry a metadata proof set it themselves). One definition for
/// off-chain workers, the node's benchmark extrinsics and tests.
pub fn tx_extension(era: generic::Era, nonce: Nonce, tip: Balance) -> TxExtension {
	extensions(era, nonce, tip, Default::default())
}

/// [`tx_extension`] with the EVM origin setting chosen by the caller (only Ethereum transactions set it).
pub(crate) fn extensions(
	era: generic::Era,
	nonce: Nonce,
	tip: Balance,
	set_origin: pallet_revive::evm::tx_extension::SetOrigin<Runtime>,
) -> TxExtension {
	(
		frame_system::CheckNonZeroSender::<Runtime>::new(),
		frame_system::CheckSpecVersion::<Runtime>::new(),
		frame_system::CheckTxVersion::<Runtime>::new(),
		frame_system::CheckGenesis::<Runtime>::new(),
		frame_system::CheckEra::<Runtime>::from(era),
		frame_system::CheckNonce::<Runtime>::from(nonce),
		frame_system::CheckWeight::<Runtime>::new(),
		pallet_transaction_payment::ChargeTransactionPayment::<Runtime>::from(tip),
		frame_metadata_hash_extension::CheckMetadataHash::<Runtime>::new(false),
		set_origin,
		frame_system::WeightReclaim::<Runtime>::new(),
		pallet_zg_storage::PrioritizeDuties::<Runtime>::new(),
	)
}

/// A transaction as it is encoded in blocks: Substrate's format, plus unsigned `revive.eth_transact` calls that
/// carry a signed Ethereum transaction and are checked as signed by its sender.
pub type UncheckedExtrinsic =
	pallet_revive::evm::runtime::UncheckedExtrinsic<Address, Signature, configs::evm::EthExtraImpl>;
/// A Substrate transaction in [`UncheckedExtrinsic`] (what signers build; it converts with `.into()`).
pub type SubstrateExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;
/// The payload being signed in transactions.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

pub use migrations::Migrations;


/// Dispatches blocks and transactions to the pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;
