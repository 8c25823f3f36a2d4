// This file is part of zg.
// SPDX-License-Identifier: Apache-2.0


//! Weights for `pallet_zg_compute`, measured by `zg-node benchmark pallet` (frame-benchmarking-cli 64.0.0) —
//! regenerate with `scripts/bench-weights.sh`, never edit by hand.
//!
//! Measured 2026-12-01 on `vm` (AMD EPYC): 20 steps, 10 repeats,
//! `Compiled` wasm execution, chain `Some("dev")`.

// Command:
// /root/.cache/zg/target/release/zg-node
// benchmark
// pallet
// --chain
// dev
// --pallet
// pallet_zg_compute
// --extrinsic
// *
// --steps
// 20
// --repeat
// 10
// --wasm-execution
// compiled
// --heap-pages
// 4096
// --template
// scripts/weight-template.hbs
// --header
// scripts/weight-header.txt
// --output
// pallets/compute/src/weights.rs

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]
#![allow(dead_code)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions of `pallet_zg_compute`.
pub trait WeightInfo {
	fn register_provider() -> Weight;
	fn bond_more() -> Weight;
	fn set_offer() -> Weight;
	fn remove_offer() -> Weight;
	fn deregister() -> Weight;
	fn withdraw_stake() -> Weight;
	fn deposit() -> Weight;
	fn withdraw() -> Weight;
	fn submit_job(n: u32, ) -> Weight;
	fn submit_proof() -> Weight;
	fn submit_proofs(n: u32, ) -> Weight;
	fn submit_attestation() -> Weight;
	fn dispute_proof() -> Weight;
	fn dispute_reexecute(n: u32, ) -> Weight;
	fn vote() -> Weight;
	fn set_kind() -> Weight;
	fn on_initialize(n: u32, ) -> Weight;
	fn on_initialize_disputes(n: u32, ) -> Weight;
	fn verify_host_single() -> Weight;
	fn verify_host_batch(n: u32, ) -> Weight;
	fn verify_wasm_single() -> Weight;
	fn verify_wasm_batch(n: u32, ) -> Weight;
	fn add_service() -> Weight;
	fn update_service() -> Weight;
	fn retire_service() -> Weight;
	fn fund_channel() -> Weight;
	fn redeem() -> Weight;
	fn redeem_batch(n: u32, ) -> Weight;
	fn request_refund() -> Weight;
	fn close_channel() -> Weight;
	fn dispute_response(b: u32, ) -> Weight;
}

/// The measured weights, with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Compute::Providers` (r:1 w:1)
	/// Proof: `Compute::Providers` (`max_values`: None, `max_size`: Some(688), added: 3163, mode: `MaxEncodedLen`)
	/// Storage: `Compute::PeerIds` (r:1 w:1)
	/// Proof: `Compute::PeerIds` (`max_values`: None, `max_size`: Some(114), added: 2589, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(319), added: 2794, mode: `MaxEncodedLen`)
	/// Storage: `Compute::CounterForProviders` (r:1 w:1)
	/// Proof: `Compute::CounterForProviders` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	fn register_provider() -> Weight {
		// Proof size (bytes): measured `308`, estimated `4153`.
		// Minimum execution time: 68_623_000 picoseconds.
		Weight::from_parts(93_419_000, 4153)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: `Compute::Providers` (r:1 w:1)
	/// Proof: `Compute::Providers` (`max_values`: None, `max_size`: Some(688), added: 3163, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(319), added: 2794, mode: `MaxEncodedLen`)
	fn bond_more() -> Weight {
		// Proof size (bytes): measured `549`, estimated `4153`.
		// Minimum execution time: 68_182_000 picoseconds.
		Weight::from_parts(115_282_000, 4153)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `Compute::Kinds` (r:1 w:0)
	/// Proof: `Compute::Kinds` (`max_values`: None, `max_size`: Some(4220), added: 6695, mode: `MaxEncodedLen`)
	/// Storage: `Compute::Providers` (r:1 w:1)
	/// Proof: `Compute::Providers` (`max_values`: None, `max_size`: Some(688), added: 3163, mode: `MaxEncodedLen`)
	/// Storage: `Compute::OffersByKind` (r:1 w:1)
	/// Proof: `Compute::OffersByKind` (`max_values`: None, `max_size`: Some(3086), added: 5561, mode: `MaxEncodedLen`)
	fn set_offer() -> Weight {
		// Proof size (bytes): measured `4019`, estimated `7685`.
		// Minimum execution time: 59_528_000 picoseconds.
		Weight::from_parts(68_552_000, 7685)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `Compute::Providers` (r:1 w:1)
	/// Proof: `Compute::Providers` (`max_values`: None, `max_size`: Some(688), added: 3163, mode: `MaxEncodedLen`)
	/// Storage: `Compute::OffersByKind` (r:1 w:1)
	/// Proof: `Compute::OffersByKind` (`max_values`: None, `max_size`: Some(3086), added: 5561, mode: `MaxEncodedLen`)
	fn remove_offer() -> Weight {
		// Proof size (bytes): measured `3931`, estimated `6551`.
		// Minimum execution time: 51_617_000 picoseconds.
		Weight::from_parts(63_524_000, 6551)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `Compute::Providers` (r:1 w:1)
	/// Proof: `Compute::Providers` (`max_values`: None, `max_size`: Some(688), added: 3163, mode: `MaxEncodedLen`)
	/// Storage: `Compute::OffersByKind` (r:8 w:8)
	/// Proof: `Compute::OffersByKind` (`max_values`: None, `max_size`: Some(3086), added: 5561, mode: `MaxEncodedLen`)
	fn deregister() -> Weight {
		// Proof size (bytes): measured `919`, estimated `45478`.
		// Minimum execution time: 54_882_000 picoseconds.
		Weight::from_parts(60_360_000, 45478)
			.saturating_add(T::DbWeight::get().reads(9_u64))
			.saturating_add(T::DbWeight::get().writes(9_u64))
	}
	/// Storage: `Compute::Providers` (r:1 w:1)
	/// Proof: `Compute::Providers` (`max_values`: None, `max_size`: Some(688), added: 3163, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(319), added: 2794, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Compute::CounterForProviders` (r:1 w:1)
	/// Proof: `Compute::CounterForProviders` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Compute::PeerIds` (r:0 w:1)
	/// Proof: `Compute::PeerIds` (`max_values`: None, `max_size`: Some(114), added: 2589, mode: `MaxEncodedLen`)
	fn withdraw_stake() -> Weight {
		// Proof size (bytes): measured `553`, estimated `4153`.
		// Minimum execution time: 65_037_000 picoseconds.
		Weight::from_parts(71_327_000, 4153)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(319), added: 2794, mode: `MaxEncodedLen`)
	/// Storage: `Compute::Ledgers` (r:1 w:1)
	/// Proof: `Compute::Ledgers` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	fn deposit() -> Weight {
		// Proof size (bytes): measured `303`, estimated `3784`.
		// Minimum execution time: 59_358_000 picoseconds.
		Weight::from_parts(62_644_000, 3784)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `Compute::Ledgers` (r:1 w:1)
	/// Proof: `Compute::Ledgers` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(319), added: 2794, mode: `MaxEncodedLen`)
	fn withdraw() -> Weight {
		// Proof size (bytes): measured `443`, estimated `3784`.
		// Minimum execution time: 55_032_000 picoseconds.
		Weight::from_parts(59_198_000, 3784)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `Compute::Kinds` (r:1 w:0)
	/// Proof: `Compute::Kinds` (`max_values`: None, `max_size`: Some(4220), added: 6695, mode: `MaxEncodedLen`)
	/// Storage: `Compute::Ledgers` (r:1 w:1)
	/// Proof: `Compute::Ledgers` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `Compute::NextJobId` (r:1 w:1)
	/// Proof: `Compute::NextJobId` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Compute::OffersByKind` (r:1 w:0)
	/// Proof: `Compute::OffersByKind` (`max_values`: None, `max_size`: Some(3086), added: 5561, mode: `MaxEncodedLen`)
	/// Storage: `Compute::Providers` (r:64 w:1)
	/// Proof: `Compute::Providers` (`max_values`: None, `max_size`: Some(688), added: 3163, mode: `MaxEncodedLen`)
	/// Storage: `Babe::NextRandomness` (r:1 w:0)
	/// Proof: `Babe::NextRandomness` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Babe::EpochStart` (r:1 w:0)
	/// Proof: `Babe::EpochStart` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Compute::Due` (r:2 w:2)
	/// Proof: `Compute::Due` (`max_values`: None, `max_size`: Some(590), added: 3065, mode: `MaxEncodedLen`)
	/// Storage: `Compute::Jobs` (r:0 w:1)
	/// Proof: `Compute::Jobs` (`max_values`: None, `max_size`: Some(4550), added: 7025, mode: `MaxEncodedLen`)
	/// Storage: `Compute::ProviderJobs` (r:0 w:1)
	/// Proof: `Compute::ProviderJobs` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// The range of component `n` is `[1, 64]`.
	fn submit_job(n: u32, ) -> Weight {
		// Proof size (bytes): measured `864 + n * (209 ±0)`, estimated `7685 + n * (3163 ±0)`.
		// Minimum execution time: 96_204_000 picoseconds.
		Weight::from_parts(100_058_187, 7685)
			// Standard error: 196_102
			.saturating_add(Weight::from_parts(5_140_958, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(8_u64))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(7_u64))
			.saturating_add(Weight::from_parts(0, 3163).saturating_mul(n.into()))
	}
	/// Storage: `Compute::Jobs` (r:1 w:1)
	/// Proof: `Compute::Jobs` (`max_values`: None, `max_size`: Some(4550), added: 7025, mode: `MaxEncodedLen`)
	/// Storage: `Compute::Kinds` (r:1 w:0)
	/// Proof: `Compute::Kinds` (`max_values`: None, `max_size`: Some(4220), added: 6695, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(319), added: 2794, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Compute::Ledgers` (r:1 w:1)
	/// Proof: `Compute::Ledgers` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `Compute::Providers` (r:1 w:1)
	/// Proof: `Compute::Providers` (`max_values`: None, `max_size`: Some(688), added: 3163, mode: `MaxEncodedLen`)
	/// Storage: `Compute::ProviderJobs` (r:0 w:1)
	/// Proof: `Compute::ProviderJobs` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	fn submit_proof() -> Weight {
		// Proof size (bytes): measured `1974`, estimated `8015`.
		// Minimum execution time: 3_116_163_000 picoseconds.
		Weight::from_parts(3_289_531_000, 8015)
			.saturating_add(T::DbWeight::get().reads(7_u64))
			.saturating_add(T::DbWeight::get().writes(7_u64))
	}
	/// Storage: `Compute::Jobs` (r:32 w:32)
	/// Proof: `Compute::Jobs` (`max_values`: None, `max_size`: Some(4550), added: 7025, mode: `MaxEncodedLen`)
	/// Storage: `Compute::Kinds` (r:1 w:0)
	/// Proof: `Compute::Kinds` (`max_values`: None, `max_size`: Some(4220), added: 6695, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(319), added: 2794, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Compute::Ledgers` (r:1 w:1)
	/// Proof: `Compute::Ledgers` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `Compute::Providers` (r:1 w:1)
	/// Proof: `Compute::Providers` (`max_values`: None, `max_size`: Some(688), added: 3163, mode: `MaxEncodedLen`)
	/// Storage: `Compute::ProviderJobs` (r:0 w:32)
	/// Proof: `Compute::ProviderJobs` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// The range of component `n` is `[1, 32]`.
	fn submit_proofs(n: u32, ) -> Weight {
		// Proof size (bytes): measured `1926 + n * (52 ±0)`, estimated `7685 + n * (7025 ±0)`.
		// Minimum execution time: 3_240_769_000 picoseconds.
		Weight::from_parts(2_115_381_557, 7685)
			// Standard error: 7_521_854
			.saturating_add(Weight::from_parts(733_593_928, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(5_u64))
			.saturating_add(T::DbWeight::get().writes((2_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 7025).saturating_mul(n.into()))
	}
	/// Storage: `Compute::Jobs` (r:1 w:1)
	/// Proof: `Compute::Jobs` (`max_values`: None, `max_size`: Some(4550), added: 7025, mode: `MaxEncodedLen`)
	/// Storage: `Compute::Kinds` (r:1 w:0)
	/// Proof: `Compute::Kinds` (`max_values`: None, `max_size`: Some(4220), added: 6695, mode: `MaxEncodedLen`)
	/// Storage: `Compute::Providers` (r:1 w:1)
	/// Proof: `Compute::Providers` (`max_values`: None, `max_size`: Some(688), added: 3163, mode: `MaxEncodedLen`)
	/// Storage: `System::BlockHash` (r:1 w:0)
	/// Proof: `System::BlockHash` (`max_values`: None, `max_size`: Some(44), added: 2519, mode: `MaxEncodedLen`)
	/// Storage: `Compute::Due` (r:1 w:1)
	/// Proof: `Compute::Due` (`max_values`: None, `max_size`: Some(590), added: 3065, mode: `MaxEncodedLen`)
	fn submit_attestation() -> Weight {
		// Proof size (bytes): measured `4991`, estimated `8015`.
		// Minimum execution time: 125_727_000 picoseconds.
		Weight::from_parts(180_859_000, 8015)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `Compute::Jobs` (r:1 w:1)
	/// Proof: `Compute::Jobs` (`max_values`: None, `max_size`: Some(4550), added: 7025, mode: `MaxEncodedLen`)
	/// Storage: `Compute::Kinds` (r:1 w:0)
	/// Proof: `Compute::Kinds` (`max_values`: None, `max_size`: Some(4220), added: 6695, mode: `MaxEncodedLen`)
	/// Storage: `Compute::Ledgers` (r:1 w:1)
	/// Proof: `Compute::Ledgers` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `Compute::Providers` (r:1 w:1)
	/// Proof: `Compute::Providers` (`max_values`: None, `max_size`: Some(688), added: 3163, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(319), added: 2794, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Compute::OffersByKind` (r:1 w:1)
	/// Proof: `Compute::OffersByKind` (`max_values`: None, `max_size`: Some(3086), added: 5561, mode: `MaxEncodedLen`)
	/// Storage: `Compute::ProviderJobs` (r:0 w:1)
	/// Proof: `Compute::ProviderJobs` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	fn dispute_proof() -> Weight {
		// Proof size (bytes): measured `1962`, estimated `8015`.
		// Minimum execution time: 3_194_690_000 picoseconds.
		Weight::from_parts(4_337_864_000, 8015)
			.saturating_add(T::DbWeight::get().reads(8_u64))
			.saturating_add(T::DbWeight::get().writes(8_u64))
	}
	/// Storage: `Compute::Jobs` (r:1 w:1)
	/// Proof: `Compute::Jobs` (`max_values`: None, `max_size`: Some(4550), added: 7025, mode: `MaxEncodedLen`)
	/// Storage: `Compute::Kinds` (r:1 w:0)
	/// Proof: `Compute::Kinds` (`max_values`: None, `max_size`: Some(4220), added: 6695, mode: `MaxEncodedLen`)
	/// Storage: `Compute::OffersByKind` (r:1 w:0)
	/// Proof: `Compute::OffersByKind` (`max_values`: None, `max_size`: Some(3086), added: 5561, mode: `MaxEncodedLen`)
	/// Storage: `Compute::Providers` (r:64 w:4)
	/// Proof: `Compute::Providers` (`max_values`: None, `max_size`: Some(688), added: 3163, mode: `MaxEncodedLen`)
	/// Storage: `Babe::NextRandomness` (r:1 w:0)
	/// Proof: `Babe::NextRandomness` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Babe::EpochStart` (r:1 w:0)
	/// Proof: `Babe::EpochStart` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(319), added: 2794, mode: `MaxEncodedLen`)
	/// Storage: `Compute::Due` (r:1 w:1)
	/// Proof: `Compute::Due` (`max_values`: None, `max_size`: Some(590), added: 3065, mode: `MaxEncodedLen`)
	/// Storage: `Compute::JurorDuties` (r:0 w:3)
	/// Proof: `Compute::JurorDuties` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// The range of component `n` is `[3, 63]`.
	fn dispute_reexecute(n: u32, ) -> Weight {
		// Proof size (bytes): measured `1472 + n * (213 ±0)`, estimated `8015 + n * (3163 ±0)`.
		// Minimum execution time: 216_042_000 picoseconds.
		Weight::from_parts(241_670_452, 8015)
			// Standard error: 405_786
			.saturating_add(Weight::from_parts(4_905_160, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(9_u64))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(11_u64))
			.saturating_add(Weight::from_parts(0, 3163).saturating_mul(n.into()))
	}
	/// Storage: `Compute::Jobs` (r:1 w:1)
	/// Proof: `Compute::Jobs` (`max_values`: None, `max_size`: Some(4550), added: 7025, mode: `MaxEncodedLen`)
	/// Storage: `Compute::Providers` (r:4 w:4)
	/// Proof: `Compute::Providers` (`max_values`: None, `max_size`: Some(688), added: 3163, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:2 w:2)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(319), added: 2794, mode: `MaxEncodedLen`)
	/// Storage: `Compute::Ledgers` (r:1 w:1)
	/// Proof: `Compute::Ledgers` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `Compute::OffersByKind` (r:1 w:1)
	/// Proof: `Compute::OffersByKind` (`max_values`: None, `max_size`: Some(3086), added: 5561, mode: `MaxEncodedLen`)
	/// Storage: `Compute::JurorDuties` (r:0 w:3)
	/// Proof: `Compute::JurorDuties` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// Storage: `Compute::ProviderJobs` (r:0 w:1)
	/// Proof: `Compute::ProviderJobs` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	fn vote() -> Weight {
		// Proof size (bytes): measured `2204`, estimated `13642`.
		// Minimum execution time: 204_805_000 picoseconds.
		Weight::from_parts(234_870_000, 13642)
			.saturating_add(T::DbWeight::get().reads(11_u64))
			.saturating_add(T::DbWeight::get().writes(15_u64))
	}
	/// Storage: `Compute::Kinds` (r:0 w:1)
	/// Proof: `Compute::Kinds` (`max_values`: None, `max_size`: Some(4220), added: 6695, mode: `MaxEncodedLen`)
	fn set_kind() -> Weight {
		// Proof size (bytes): measured `0`, estimated `0`.
		// Minimum execution time: 1_350_111_000 picoseconds.
		Weight::from_parts(1_425_384_000, 0)
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Compute::Due` (r:1 w:1)
	/// Proof: `Compute::Due` (`max_values`: None, `max_size`: Some(590), added: 3065, mode: `MaxEncodedLen`)
	/// Storage: `Compute::Jobs` (r:64 w:64)
	/// Proof: `Compute::Jobs` (`max_values`: None, `max_size`: Some(4550), added: 7025, mode: `MaxEncodedLen`)
	/// Storage: `Compute::Kinds` (r:1 w:0)
	/// Proof: `Compute::Kinds` (`max_values`: None, `max_size`: Some(4220), added: 6695, mode: `MaxEncodedLen`)
	/// Storage: `Compute::Ledgers` (r:1 w:1)
	/// Proof: `Compute::Ledgers` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `Compute::Providers` (r:1 w:1)
	/// Proof: `Compute::Providers` (`max_values`: None, `max_size`: Some(688), added: 3163, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(319), added: 2794, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Compute::OffersByKind` (r:1 w:1)
	/// Proof: `Compute::OffersByKind` (`max_values`: None, `max_size`: Some(3086), added: 5561, mode: `MaxEncodedLen`)
	/// Storage: `Compute::ProviderJobs` (r:0 w:64)
	/// Proof: `Compute::ProviderJobs` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// The range of component `n` is `[0, 64]`.
	fn on_initialize(n: u32, ) -> Weight {
		// Proof size (bytes): measured `1422 + n * (60 ±0)`, estimated `7685 + n * (7025 ±0)`.
		// Minimum execution time: 5_579_000 picoseconds.
		Weight::from_parts(41_964_533, 7685)
			// Standard error: 118_671
			.saturating_add(Weight::from_parts(86_715_717, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(7_u64))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(6_u64))
			.saturating_add(T::DbWeight::get().writes((2_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 7025).saturating_mul(n.into()))
	}
	/// Storage: `Compute::Due` (r:1 w:1)
	/// Proof: `Compute::Due` (`max_values`: None, `max_size`: Some(590), added: 3065, mode: `MaxEncodedLen`)
	/// Storage: `Compute::Jobs` (r:64 w:64)
	/// Proof: `Compute::Jobs` (`max_values`: None, `max_size`: Some(4550), added: 7025, mode: `MaxEncodedLen`)
	/// Storage: `Compute::Providers` (r:4 w:4)
	/// Proof: `Compute::Providers` (`max_values`: None, `max_size`: Some(688), added: 3163, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:6 w:6)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:5 w:5)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(319), added: 2794, mode: `MaxEncodedLen`)
	/// Storage: `Compute::OffersByKind` (r:1 w:1)
	/// Proof: `Compute::OffersByKind` (`max_values`: None, `max_size`: Some(3086), added: 5561, mode: `MaxEncodedLen`)
	/// Storage: `Compute::Ledgers` (r:1 w:1)
	/// Proof: `Compute::Ledgers` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `Compute::JurorDuties` (r:0 w:192)
	/// Proof: `Compute::JurorDuties` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// Storage: `Compute::ProviderJobs` (r:0 w:64)
	/// Proof: `Compute::ProviderJobs` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// The range of component `n` is `[0, 64]`.
	fn on_initialize_disputes(n: u32, ) -> Weight {
		// Proof size (bytes): measured `4160 + n * (61 ±0)`, estimated `16608 + n * (7025 ±0)`.
		// Minimum execution time: 8_322_000 picoseconds.
		Weight::from_parts(11_397_000, 16608)
			// Standard error: 2_202_086
			.saturating_add(Weight::from_parts(216_764_251, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(15_u64))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(15_u64))
			.saturating_add(T::DbWeight::get().writes((5_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 7025).saturating_mul(n.into()))
	}
	fn verify_host_single() -> Weight {
		// Proof size (bytes): measured `0`, estimated `0`.
		// Minimum execution time: 2_962_965_000 picoseconds.
		Weight::from_parts(3_955_534_000, 0)
	}
	/// The range of component `n` is `[1, 32]`.
	fn verify_host_batch(n: u32, ) -> Weight {
		// Proof size (bytes): measured `0`, estimated `0`.
		// Minimum execution time: 2_385_454_000 picoseconds.
		Weight::from_parts(2_184_105_166, 0)
			// Standard error: 6_600_078
			.saturating_add(Weight::from_parts(593_981_481, 0).saturating_mul(n.into()))
	}
	fn verify_wasm_single() -> Weight {
		// Proof size (bytes): measured `0`, estimated `0`.
		// Minimum execution time: 12_246_056_000 picoseconds.
		Weight::from_parts(14_777_238_000, 0)
	}
	/// The range of component `n` is `[1, 32]`.
	fn verify_wasm_batch(n: u32, ) -> Weight {
		// Proof size (bytes): measured `0`, estimated `0`.
		// Minimum execution time: 11_702_736_000 picoseconds.
		Weight::from_parts(13_971_848_670, 0)
			// Standard error: 30_279_640
			.saturating_add(Weight::from_parts(2_150_772_310, 0).saturating_mul(n.into()))
	}
	/// Storage: `Compute::Providers` (r:1 w:0)
	/// Proof: `Compute::Providers` (`max_values`: None, `max_size`: Some(688), added: 3163, mode: `MaxEncodedLen`)
	/// Storage: `Compute::ServiceCount` (r:1 w:1)
	/// Proof: `Compute::ServiceCount` (`max_values`: None, `max_size`: Some(52), added: 2527, mode: `MaxEncodedLen`)
	/// Storage: `Compute::NextServiceId` (r:1 w:1)
	/// Proof: `Compute::NextServiceId` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Compute::Services` (r:0 w:1)
	/// Proof: `Compute::Services` (`max_values`: None, `max_size`: Some(475), added: 2950, mode: `MaxEncodedLen`)
	fn add_service() -> Weight {
		// Proof size (bytes): measured `377`, estimated `4153`.
		// Minimum execution time: 28_733_000 picoseconds.
		Weight::from_parts(31_947_000, 4153)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `Compute::Services` (r:1 w:1)
	/// Proof: `Compute::Services` (`max_values`: None, `max_size`: Some(475), added: 2950, mode: `MaxEncodedLen`)
	fn update_service() -> Weight {
		// Proof size (bytes): measured `297`, estimated `3940`.
		// Minimum execution time: 16_855_000 picoseconds.
		Weight::from_parts(19_950_000, 3940)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Compute::Services` (r:1 w:1)
	/// Proof: `Compute::Services` (`max_values`: None, `max_size`: Some(475), added: 2950, mode: `MaxEncodedLen`)
	/// Storage: `Compute::ServiceCount` (r:1 w:1)
	/// Proof: `Compute::ServiceCount` (`max_values`: None, `max_size`: Some(52), added: 2527, mode: `MaxEncodedLen`)
	fn retire_service() -> Weight {
		// Proof size (bytes): measured `401`, estimated `3940`.
		// Minimum execution time: 20_971_000 picoseconds.
		Weight::from_parts(26_800_000, 3940)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `Compute::Providers` (r:1 w:0)
	/// Proof: `Compute::Providers` (`max_values`: None, `max_size`: Some(688), added: 3163, mode: `MaxEncodedLen`)
	/// Storage: `Compute::Channels` (r:1 w:1)
	/// Proof: `Compute::Channels` (`max_values`: None, `max_size`: Some(189), added: 2664, mode: `MaxEncodedLen`)
	/// Storage: `Compute::NextChannelId` (r:1 w:1)
	/// Proof: `Compute::NextChannelId` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(319), added: 2794, mode: `MaxEncodedLen`)
	fn fund_channel() -> Weight {
		// Proof size (bytes): measured `459`, estimated `4153`.
		// Minimum execution time: 71_266_000 picoseconds.
		Weight::from_parts(84_606_000, 4153)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Storage: `Compute::Channels` (r:1 w:1)
	/// Proof: `Compute::Channels` (`max_values`: None, `max_size`: Some(189), added: 2664, mode: `MaxEncodedLen`)
	/// Storage: `System::BlockHash` (r:1 w:0)
	/// Proof: `System::BlockHash` (`max_values`: None, `max_size`: Some(44), added: 2519, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(319), added: 2794, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	fn redeem() -> Weight {
		// Proof size (bytes): measured `967`, estimated `6196`.
		// Minimum execution time: 131_466_000 picoseconds.
		Weight::from_parts(166_067_000, 6196)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Storage: `Compute::Channels` (r:256 w:256)
	/// Proof: `Compute::Channels` (`max_values`: None, `max_size`: Some(189), added: 2664, mode: `MaxEncodedLen`)
	/// Storage: `System::BlockHash` (r:1 w:0)
	/// Proof: `System::BlockHash` (`max_values`: None, `max_size`: Some(44), added: 2519, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:256 w:256)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(319), added: 2794, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:257 w:257)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// The range of component `n` is `[1, 256]`.
	fn redeem_batch(n: u32, ) -> Weight {
		// Proof size (bytes): measured `762 + n * (352 ±0)`, estimated `3593 + n * (2794 ±0)`.
		// Minimum execution time: 221_059_000 picoseconds.
		Weight::from_parts(226_647_000, 3593)
			// Standard error: 946_925
			.saturating_add(Weight::from_parts(120_190_456, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().reads((3_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(1_u64))
			.saturating_add(T::DbWeight::get().writes((3_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2794).saturating_mul(n.into()))
	}
	/// Storage: `Compute::Channels` (r:1 w:1)
	/// Proof: `Compute::Channels` (`max_values`: None, `max_size`: Some(189), added: 2664, mode: `MaxEncodedLen`)
	fn request_refund() -> Weight {
		// Proof size (bytes): measured `367`, estimated `3654`.
		// Minimum execution time: 19_168_000 picoseconds.
		Weight::from_parts(24_166_000, 3654)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Compute::Channels` (r:1 w:1)
	/// Proof: `Compute::Channels` (`max_values`: None, `max_size`: Some(189), added: 2664, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(319), added: 2794, mode: `MaxEncodedLen`)
	fn close_channel() -> Weight {
		// Proof size (bytes): measured `705`, estimated `3784`.
		// Minimum execution time: 65_317_000 picoseconds.
		Weight::from_parts(74_992_000, 3784)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `Compute::Channels` (r:1 w:1)
	/// Proof: `Compute::Channels` (`max_values`: None, `max_size`: Some(189), added: 2664, mode: `MaxEncodedLen`)
	/// Storage: `Compute::Providers` (r:1 w:1)
	/// Proof: `Compute::Providers` (`max_values`: None, `max_size`: Some(688), added: 3163, mode: `MaxEncodedLen`)
	/// Storage: `System::BlockHash` (r:1 w:0)
	/// Proof: `System::BlockHash` (`max_values`: None, `max_size`: Some(44), added: 2519, mode: `MaxEncodedLen`)
	/// Storage: `Compute::Services` (r:1 w:0)
	/// Proof: `Compute::Services` (`max_values`: None, `max_size`: Some(475), added: 2950, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(319), added: 2794, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// The range of component `b` is `[0, 131072]`.
	fn dispute_response(b: u32, ) -> Weight {
		// Proof size (bytes): measured `1248`, estimated `6196`.
		// Minimum execution time: 175_311_000 picoseconds.
		Weight::from_parts(184_822_901, 6196)
			// Standard error: 5
			.saturating_add(Weight::from_parts(1_387, 0).saturating_mul(b.into()))
			.saturating_add(T::DbWeight::get().reads(7_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
}

/// The same weights with RocksDB's database weights, for mock runtimes and tests.
impl WeightInfo for () {
	fn register_provider() -> Weight {
		Weight::from_parts(93_419_000, 4153)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	fn bond_more() -> Weight {
		Weight::from_parts(115_282_000, 4153)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	fn set_offer() -> Weight {
		Weight::from_parts(68_552_000, 7685)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn remove_offer() -> Weight {
		Weight::from_parts(63_524_000, 6551)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn deregister() -> Weight {
		Weight::from_parts(60_360_000, 45478)
			.saturating_add(RocksDbWeight::get().reads(9_u64))
			.saturating_add(RocksDbWeight::get().writes(9_u64))
	}
	fn withdraw_stake() -> Weight {
		Weight::from_parts(71_327_000, 4153)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	fn deposit() -> Weight {
		Weight::from_parts(62_644_000, 3784)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	fn withdraw() -> Weight {
		Weight::from_parts(59_198_000, 3784)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	fn submit_job(n: u32, ) -> Weight {
		Weight::from_parts(100_058_187, 7685)
			.saturating_add(Weight::from_parts(5_140_958, 0).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(8_u64))
			.saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().writes(7_u64))
			.saturating_add(Weight::from_parts(0, 3163).saturating_mul(n.into()))
	}
	fn submit_proof() -> Weight {
		Weight::from_parts(3_289_531_000, 8015)
			.saturating_add(RocksDbWeight::get().reads(7_u64))
			.saturating_add(RocksDbWeight::get().writes(7_u64))
	}
	fn submit_proofs(n: u32, ) -> Weight {
		Weight::from_parts(2_115_381_557, 7685)
			.saturating_add(Weight::from_parts(733_593_928, 0).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
			.saturating_add(RocksDbWeight::get().writes((2_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 7025).saturating_mul(n.into()))
	}
	fn submit_attestation() -> Weight {
		Weight::from_parts(180_859_000, 8015)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	fn dispute_proof() -> Weight {
		Weight::from_parts(4_337_864_000, 8015)
			.saturating_add(RocksDbWeight::get().reads(8_u64))
			.saturating_add(RocksDbWeight::get().writes(8_u64))
	}
	fn dispute_reexecute(n: u32, ) -> Weight {
		Weight::from_parts(241_670_452, 8015)
			.saturating_add(Weight::from_parts(4_905_160, 0).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(9_u64))
			.saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().writes(11_u64))
			.saturating_add(Weight::from_parts(0, 3163).saturating_mul(n.into()))
	}
	fn vote() -> Weight {
		Weight::from_parts(234_870_000, 13642)
			.saturating_add(RocksDbWeight::get().reads(11_u64))
			.saturating_add(RocksDbWeight::get().writes(15_u64))
	}
	fn set_kind() -> Weight {
		Weight::from_parts(1_425_384_000, 0)
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn on_initialize(n: u32, ) -> Weight {
		Weight::from_parts(41_964_533, 7685)
			.saturating_add(Weight::from_parts(86_715_717, 0).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(7_u64))
			.saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().writes(6_u64))
			.saturating_add(RocksDbWeight::get().writes((2_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 7025).saturating_mul(n.into()))
	}
	fn on_initialize_disputes(n: u32, ) -> Weight {
		Weight::from_parts(11_397_000, 16608)
			.saturating_add(Weight::from_parts(216_764_251, 0).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(15_u64))
			.saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().writes(15_u64))
			.saturating_add(RocksDbWeight::get().writes((5_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 7025).saturating_mul(n.into()))
	}
	fn verify_host_single() -> Weight {
		Weight::from_parts(3_955_534_000, 0)
	}
	fn verify_host_batch(n: u32, ) -> Weight {
		Weight::from_parts(2_184_105_166, 0)
			.saturating_add(Weight::from_parts(593_981_481, 0).saturating_mul(n.into()))
	}
	fn verify_wasm_single() -> Weight {
		Weight::from_parts(14_777_238_000, 0)
	}
	fn verify_wasm_batch(n: u32, ) -> Weight {
		Weight::from_parts(13_971_848_670, 0)
			.saturating_add(Weight::from_parts(2_150_772_310, 0).saturating_mul(n.into()))
	}
	fn add_service() -> Weight {
		Weight::from_parts(31_947_000, 4153)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	fn update_service() -> Weight {
		Weight::from_parts(19_950_000, 3940)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn retire_service() -> Weight {
		Weight::from_parts(26_800_000, 3940)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn fund_channel() -> Weight {
		Weight::from_parts(84_606_000, 4153)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	fn redeem() -> Weight {
		Weight::from_parts(166_067_000, 6196)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	fn redeem_batch(n: u32, ) -> Weight {
		Weight::from_parts(226_647_000, 3593)
			.saturating_add(Weight::from_parts(120_190_456, 0).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().reads((3_u64).saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
			.saturating_add(RocksDbWeight::get().writes((3_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2794).saturating_mul(n.into()))
	}
	fn request_refund() -> Weight {
		Weight::from_parts(24_166_000, 3654)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn close_channel() -> Weight {
		Weight::from_parts(74_992_000, 3784)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	fn dispute_response(b: u32, ) -> Weight {
		Weight::from_parts(184_822_901, 6196)
			.saturating_add(Weight::from_parts(1_387, 0).saturating_mul(b.into()))
			.saturating_add(RocksDbWeight::get().reads(7_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
}
