//! Weights of `pallet-zg-compute`.
//!
//! PROVISIONAL: estimated by hand from the storage pallet's measured weights of similar calls and zkVerify's
//! published Groth16 figures, until `scripts/bench-weights.sh` has run this pallet's benchmarks on a release node
//! (the next step of the compute issue). Verification dominates: ~3 ms + 0.1 ms per public input natively.

#![allow(unused_parens, unused_imports, missing_docs)]

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::{constants::RocksDbWeight, Weight}};

/// The weights of the pallet's calls and hooks.
pub trait WeightInfo {
	fn register_provider() -> Weight;
	fn bond_more() -> Weight;
	fn set_offer() -> Weight;
	fn remove_offer() -> Weight;
	fn deregister() -> Weight;
	fn withdraw_stake() -> Weight;
	fn deposit() -> Weight;
	fn withdraw() -> Weight;
	fn submit_job(n: u32) -> Weight;
	fn submit_proof() -> Weight;
	fn submit_proofs(n: u32) -> Weight;
	fn submit_attestation() -> Weight;
	fn dispute_proof() -> Weight;
	fn dispute_reexecute(n: u32) -> Weight;
	fn vote() -> Weight;
	fn set_kind() -> Weight;
	fn on_initialize(n: u32) -> Weight;
	fn on_initialize_disputes(n: u32) -> Weight;
	fn verify_host_single() -> Weight;
	fn verify_host_batch(n: u32) -> Weight;
	fn verify_wasm_single() -> Weight;
	fn verify_wasm_batch(n: u32) -> Weight;
}

/// Weights on the reference machine.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn register_provider() -> Weight { Weight::from_parts(60_000_000, 4_000).saturating_add(T::DbWeight::get().reads_writes(4, 4)) }
	fn bond_more() -> Weight { Weight::from_parts(50_000_000, 4_000).saturating_add(T::DbWeight::get().reads_writes(3, 3)) }
	fn set_offer() -> Weight { Weight::from_parts(60_000_000, 12_000).saturating_add(T::DbWeight::get().reads_writes(3, 2)) }
	fn remove_offer() -> Weight { Weight::from_parts(50_000_000, 12_000).saturating_add(T::DbWeight::get().reads_writes(2, 2)) }
	fn deregister() -> Weight { Weight::from_parts(200_000_000, 40_000).saturating_add(T::DbWeight::get().reads_writes(10, 10)) }
	fn withdraw_stake() -> Weight { Weight::from_parts(60_000_000, 4_000).saturating_add(T::DbWeight::get().reads_writes(3, 4)) }
	fn deposit() -> Weight { Weight::from_parts(50_000_000, 4_000).saturating_add(T::DbWeight::get().reads_writes(3, 3)) }
	fn withdraw() -> Weight { Weight::from_parts(50_000_000, 4_000).saturating_add(T::DbWeight::get().reads_writes(3, 3)) }
	fn submit_job(n: u32) -> Weight {
		Weight::from_parts(80_000_000, 12_000)
			.saturating_add(Weight::from_parts(10_000_000, 3_000).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads_writes(6, 6))
			.saturating_add(T::DbWeight::get().reads(n.into()))
	}
	fn submit_proof() -> Weight { Weight::from_parts(4_000_000_000, 8_000).saturating_add(T::DbWeight::get().reads_writes(6, 5)) }
	fn submit_proofs(n: u32) -> Weight {
		Weight::from_parts(3_000_000_000, 8_000)
			.saturating_add(Weight::from_parts(1_000_000_000, 4_000).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads_writes(2, 0))
			.saturating_add(T::DbWeight::get().reads_writes(4, 5).saturating_mul(n.into()))
	}
	fn submit_attestation() -> Weight { Weight::from_parts(120_000_000, 8_000).saturating_add(T::DbWeight::get().reads_writes(5, 3)) }
	fn dispute_proof() -> Weight { Weight::from_parts(4_200_000_000, 8_000).saturating_add(T::DbWeight::get().reads_writes(8, 8)) }
	fn dispute_reexecute(n: u32) -> Weight {
		Weight::from_parts(120_000_000, 12_000)
			.saturating_add(Weight::from_parts(10_000_000, 3_000).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads_writes(6, 10))
			.saturating_add(T::DbWeight::get().reads(n.into()))
	}
	fn vote() -> Weight { Weight::from_parts(400_000_000, 12_000).saturating_add(T::DbWeight::get().reads_writes(12, 14)) }
	fn set_kind() -> Weight { Weight::from_parts(20_000_000_000, 2_000).saturating_add(T::DbWeight::get().reads_writes(0, 1)) }
	fn on_initialize(n: u32) -> Weight {
		Weight::from_parts(10_000_000, 2_000)
			.saturating_add(Weight::from_parts(400_000_000, 12_000).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads_writes(1, 1))
			.saturating_add(T::DbWeight::get().reads_writes(12, 14).saturating_mul(n.into()))
	}
	fn on_initialize_disputes(n: u32) -> Weight {
		Weight::from_parts(10_000_000, 2_000)
			.saturating_add(Weight::from_parts(800_000_000, 20_000).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads_writes(20, 20).saturating_mul(n.into()))
	}
	fn verify_host_single() -> Weight { Weight::from_parts(3_500_000_000, 0) }
	fn verify_host_batch(n: u32) -> Weight { Weight::from_parts(3_000_000_000, 0).saturating_add(Weight::from_parts(700_000_000, 0).saturating_mul(n.into())) }
	fn verify_wasm_single() -> Weight { Weight::from_parts(50_000_000_000, 0) }
	fn verify_wasm_batch(n: u32) -> Weight { Weight::from_parts(50_000_000_000, 0).saturating_mul(n.into()) }
}

impl WeightInfo for () {
	fn register_provider() -> Weight { Weight::zero() }
	fn bond_more() -> Weight { Weight::zero() }
	fn set_offer() -> Weight { Weight::zero() }
	fn remove_offer() -> Weight { Weight::zero() }
	fn deregister() -> Weight { Weight::zero() }
	fn withdraw_stake() -> Weight { Weight::zero() }
	fn deposit() -> Weight { Weight::zero() }
	fn withdraw() -> Weight { Weight::zero() }
	fn submit_job(_: u32) -> Weight { Weight::zero() }
	fn submit_proof() -> Weight { Weight::zero() }
	fn submit_proofs(_: u32) -> Weight { Weight::zero() }
	fn submit_attestation() -> Weight { Weight::zero() }
	fn dispute_proof() -> Weight { Weight::zero() }
	fn dispute_reexecute(_: u32) -> Weight { Weight::zero() }
	fn vote() -> Weight { Weight::zero() }
	fn set_kind() -> Weight { Weight::zero() }
	fn on_initialize(_: u32) -> Weight { Weight::zero() }
	fn on_initialize_disputes(_: u32) -> Weight { Weight::zero() }
	fn verify_host_single() -> Weight { Weight::zero() }
	fn verify_host_batch(_: u32) -> Weight { Weight::zero() }
	fn verify_wasm_single() -> Weight { Weight::zero() }
	fn verify_wasm_batch(_: u32) -> Weight { Weight::zero() }
}
