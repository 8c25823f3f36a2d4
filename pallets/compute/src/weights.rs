// This file is part of zg.
// SPDX-License-Identifier: Apache-2.0


//! Weights for `pallet_zg_compute`, measured by `zg-node benchmark pallet` (frame-benchmarking-cli 64.0.0) —
//! regenerate with `scripts/bench-weights.sh`, never edit by hand.
//!
//! Measured 2026-11-30 on `vm` (Intel(R) Xeon(R) Processor): 20 steps, 10 repeats,
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
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(265), added: 2740, mode: `MaxEncodedLen`)
	/// Storage: `Compute::CounterForProviders` (r:1 w:1)
	/// Proof: `Compute::CounterForProviders` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	fn register_provider() -> Weight {
		// Proof size (bytes): measured `308`, estimated `4153`.
		// Minimum execution time: 56_037_000 picoseconds.
		Weight::from_parts(79_145_000, 4153)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: `Compute::Providers` (r:1 w:1)
	/// Proof: `Compute::Providers` (`max_values`: None, `max_size`: Some(688), added: 3163, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(265), added: 2740, mode: `MaxEncodedLen`)
	fn bond_more() -> Weight {
		// Proof size (bytes): measured `549`, estimated `4153`.
		// Minimum execution time: 58_946_000 picoseconds.
		Weight::from_parts(73_219_000, 4153)
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
		// Minimum execution time: 78_619_000 picoseconds.
		Weight::from_parts(90_830_000, 7685)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `Compute::Providers` (r:1 w:1)
	/// Proof: `Compute::Providers` (`max_values`: None, `max_size`: Some(688), added: 3163, mode: `MaxEncodedLen`)
	/// Storage: `Compute::OffersByKind` (r:1 w:1)
	/// Proof: `Compute::OffersByKind` (`max_values`: None, `max_size`: Some(3086), added: 5561, mode: `MaxEncodedLen`)
	fn remove_offer() -> Weight {
		// Proof size (bytes): measured `3931`, estimated `6551`.
		// Minimum execution time: 65_687_000 picoseconds.
		Weight::from_parts(82_430_000, 6551)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `Compute::Providers` (r:1 w:1)
	/// Proof: `Compute::Providers` (`max_values`: None, `max_size`: Some(688), added: 3163, mode: `MaxEncodedLen`)
	/// Storage: `Compute::OffersByKind` (r:8 w:8)
	/// Proof: `Compute::OffersByKind` (`max_values`: None, `max_size`: Some(3086), added: 5561, mode: `MaxEncodedLen`)
	fn deregister() -> Weight {
		// Proof size (bytes): measured `919`, estimated `45478`.
		// Minimum execution time: 51_266_000 picoseconds.
		Weight::from_parts(65_707_000, 45478)
			.saturating_add(T::DbWeight::get().reads(9_u64))
			.saturating_add(T::DbWeight::get().writes(9_u64))
	}
	/// Storage: `Compute::Providers` (r:1 w:1)
	/// Proof: `Compute::Providers` (`max_values`: None, `max_size`: Some(688), added: 3163, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(265), added: 2740, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Compute::CounterForProviders` (r:1 w:1)
	/// Proof: `Compute::CounterForProviders` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Compute::PeerIds` (r:0 w:1)
	/// Proof: `Compute::PeerIds` (`max_values`: None, `max_size`: Some(114), added: 2589, mode: `MaxEncodedLen`)
	fn withdraw_stake() -> Weight {
		// Proof size (bytes): measured `553`, estimated `4153`.
		// Minimum execution time: 55_721_000 picoseconds.
		Weight::from_parts(74_243_000, 4153)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(265), added: 2740, mode: `MaxEncodedLen`)
	/// Storage: `Compute::Ledgers` (r:1 w:1)
	/// Proof: `Compute::Ledgers` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	fn deposit() -> Weight {
		// Proof size (bytes): measured `303`, estimated `3730`.
		// Minimum execution time: 53_332_000 picoseconds.
		Weight::from_parts(67_484_000, 3730)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `Compute::Ledgers` (r:1 w:1)
	/// Proof: `Compute::Ledgers` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(265), added: 2740, mode: `MaxEncodedLen`)
	fn withdraw() -> Weight {
		// Proof size (bytes): measured `443`, estimated `3730`.
		// Minimum execution time: 50_299_000 picoseconds.
		Weight::from_parts(62_992_000, 3730)
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
		// Proof size (bytes): measured `830 + n * (209 ±0)`, estimated `7685 + n * (3163 ±0)`.
		// Minimum execution time: 63_088_000 picoseconds.
		Weight::from_parts(65_786_497, 7685)
			// Standard error: 135_067
			.saturating_add(Weight::from_parts(6_869_803, 0).saturating_mul(n.into()))
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
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(265), added: 2740, mode: `MaxEncodedLen`)
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
		// Minimum execution time: 2_699_185_000 picoseconds.
		Weight::from_parts(3_017_211_000, 8015)
			.saturating_add(T::DbWeight::get().reads(7_u64))
			.saturating_add(T::DbWeight::get().writes(7_u64))
	}
	/// Storage: `Compute::Jobs` (r:32 w:32)
	/// Proof: `Compute::Jobs` (`max_values`: None, `max_size`: Some(4550), added: 7025, mode: `MaxEncodedLen`)
	/// Storage: `Compute::Kinds` (r:1 w:0)
	/// Proof: `Compute::Kinds` (`max_values`: None, `max_size`: Some(4220), added: 6695, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(265), added: 2740, mode: `MaxEncodedLen`)
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
		// Minimum execution time: 2_858_492_000 picoseconds.
		Weight::from_parts(2_237_212_336, 7685)
			// Standard error: 697_039
			.saturating_add(Weight::from_parts(535_940_156, 0).saturating_mul(n.into()))
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
		// Minimum execution time: 89_444_000 picoseconds.
		Weight::from_parts(123_279_000, 8015)
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
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(265), added: 2740, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Compute::OffersByKind` (r:1 w:1)
	/// Proof: `Compute::OffersByKind` (`max_values`: None, `max_size`: Some(3086), added: 5561, mode: `MaxEncodedLen`)
	/// Storage: `Compute::ProviderJobs` (r:0 w:1)
	/// Proof: `Compute::ProviderJobs` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	fn dispute_proof() -> Weight {
		// Proof size (bytes): measured `1962`, estimated `8015`.
		// Minimum execution time: 2_885_945_000 picoseconds.
		Weight::from_parts(3_099_292_000, 8015)
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
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(265), added: 2740, mode: `MaxEncodedLen`)
	/// Storage: `Compute::Due` (r:1 w:1)
	/// Proof: `Compute::Due` (`max_values`: None, `max_size`: Some(590), added: 3065, mode: `MaxEncodedLen`)
	/// Storage: `Compute::JurorDuties` (r:0 w:3)
	/// Proof: `Compute::JurorDuties` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// The range of component `n` is `[3, 63]`.
	fn dispute_reexecute(n: u32, ) -> Weight {
		// Proof size (bytes): measured `1438 + n * (213 ±0)`, estimated `8015 + n * (3163 ±0)`.
		// Minimum execution time: 159_303_000 picoseconds.
		Weight::from_parts(182_851_028, 8015)
			// Standard error: 235_570
			.saturating_add(Weight::from_parts(8_058_202, 0).saturating_mul(n.into()))
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
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(265), added: 2740, mode: `MaxEncodedLen`)
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
		// Minimum execution time: 213_518_000 picoseconds.
		Weight::from_parts(252_215_000, 13642)
			.saturating_add(T::DbWeight::get().reads(11_u64))
			.saturating_add(T::DbWeight::get().writes(15_u64))
	}
	/// Storage: `Compute::Kinds` (r:0 w:1)
	/// Proof: `Compute::Kinds` (`max_values`: None, `max_size`: Some(4220), added: 6695, mode: `MaxEncodedLen`)
	fn set_kind() -> Weight {
		// Proof size (bytes): measured `0`, estimated `0`.
		// Minimum execution time: 1_124_736_000 picoseconds.
		Weight::from_parts(1_162_639_000, 0)
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
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(265), added: 2740, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Compute::OffersByKind` (r:1 w:1)
	/// Proof: `Compute::OffersByKind` (`max_values`: None, `max_size`: Some(3086), added: 5561, mode: `MaxEncodedLen`)
	/// Storage: `Compute::ProviderJobs` (r:0 w:64)
	/// Proof: `Compute::ProviderJobs` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// The range of component `n` is `[0, 64]`.
	fn on_initialize(n: u32, ) -> Weight {
		// Proof size (bytes): measured `1422 + n * (60 ±0)`, estimated `7685 + n * (7025 ±0)`.
		// Minimum execution time: 5_565_000 picoseconds.
		Weight::from_parts(64_154_247, 7685)
			// Standard error: 86_380
			.saturating_add(Weight::from_parts(81_764_099, 0).saturating_mul(n.into()))
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
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(265), added: 2740, mode: `MaxEncodedLen`)
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
		// Minimum execution time: 9_024_000 picoseconds.
		Weight::from_parts(163_779_854, 16608)
			// Standard error: 569_888
			.saturating_add(Weight::from_parts(182_426_209, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(15_u64))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(15_u64))
			.saturating_add(T::DbWeight::get().writes((5_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 7025).saturating_mul(n.into()))
	}
	fn verify_host_single() -> Weight {
		// Proof size (bytes): measured `0`, estimated `0`.
		// Minimum execution time: 2_629_806_000 picoseconds.
		Weight::from_parts(2_755_337_000, 0)
	}
	/// The range of component `n` is `[1, 32]`.
	fn verify_host_batch(n: u32, ) -> Weight {
		// Proof size (bytes): measured `0`, estimated `0`.
		// Minimum execution time: 2_135_982_000 picoseconds.
		Weight::from_parts(1_927_371_141, 0)
			// Standard error: 469_578
			.saturating_add(Weight::from_parts(468_601_249, 0).saturating_mul(n.into()))
	}
	fn verify_wasm_single() -> Weight {
		// Proof size (bytes): measured `0`, estimated `0`.
		// Minimum execution time: 9_033_731_000 picoseconds.
		Weight::from_parts(9_639_266_000, 0)
	}
	/// The range of component `n` is `[1, 32]`.
	fn verify_wasm_batch(n: u32, ) -> Weight {
		// Proof size (bytes): measured `0`, estimated `0`.
		// Minimum execution time: 7_949_585_000 picoseconds.
		Weight::from_parts(7_324_810_316, 0)
			// Standard error: 2_415_112
			.saturating_add(Weight::from_parts(1_767_284_981, 0).saturating_mul(n.into()))
	}
	// NOT MEASURED YET. The inference calls below (issue 15) have benchmarks in `benchmarking.rs` but were added
	// after the last release-build run of `scripts/bench-weights.sh pallet_zg_compute`, which replaces this block.
	// Until then each is the measured weight of this pallet's closest call (named), plus its storage accesses,
	// with the largest proof sizes of the items it touches (`MaxEncodedLen`).
	fn add_service() -> Weight {
		// register_provider's time; Providers, ServiceCount, NextServiceId, Services.
		Weight::from_parts(79_145_000, 4153)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	fn update_service() -> Weight {
		// remove_offer's time; Services.
		Weight::from_parts(82_430_000, 3000)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn retire_service() -> Weight {
		// remove_offer's time; Services, ServiceCount.
		Weight::from_parts(82_430_000, 5600)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	fn fund_channel() -> Weight {
		// deposit's time; Providers, Channels, NextChannelId, Balances::Holds, System::Account.
		Weight::from_parts(67_484_000, 11_000)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	fn redeem() -> Weight {
		// submit_attestation's time (one ed25519 verification); Channels, System::BlockHash, Balances::Holds,
		// System::Account (user and provider).
		Weight::from_parts(123_279_000, 11_000)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	fn redeem_batch(n: u32, ) -> Weight {
		Weight::from_parts(20_000_000, 0)
			.saturating_add(Weight::from_parts(123_279_000, 11_000).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads((5_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes((4_u64).saturating_mul(n.into())))
	}
	fn request_refund() -> Weight {
		// withdraw's time; Channels.
		Weight::from_parts(62_992_000, 2700)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn close_channel() -> Weight {
		// withdraw's time; Channels, Balances::Holds, System::Account.
		Weight::from_parts(62_992_000, 8100)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	fn dispute_response(b: u32, ) -> Weight {
		// vote's time (a slash, one ed25519 verification), blake2-256 of the evidence at 10 ns a byte;
		// Channels, Providers, Services, System::BlockHash, Balances::Holds, System::Account (two).
		Weight::from_parts(252_215_000, 16_000)
			.saturating_add(Weight::from_parts(10_000, 0).saturating_mul(b.into()))
			.saturating_add(T::DbWeight::get().reads(7_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
	}
}

/// The same weights with RocksDB's database weights, for mock runtimes and tests.
impl WeightInfo for () {
	fn register_provider() -> Weight {
		Weight::from_parts(79_145_000, 4153)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	fn bond_more() -> Weight {
		Weight::from_parts(73_219_000, 4153)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	fn set_offer() -> Weight {
		Weight::from_parts(90_830_000, 7685)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn remove_offer() -> Weight {
		Weight::from_parts(82_430_000, 6551)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn deregister() -> Weight {
		Weight::from_parts(65_707_000, 45478)
			.saturating_add(RocksDbWeight::get().reads(9_u64))
			.saturating_add(RocksDbWeight::get().writes(9_u64))
	}
	fn withdraw_stake() -> Weight {
		Weight::from_parts(74_243_000, 4153)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	fn deposit() -> Weight {
		Weight::from_parts(67_484_000, 3730)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	fn withdraw() -> Weight {
		Weight::from_parts(62_992_000, 3730)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	fn submit_job(n: u32, ) -> Weight {
		Weight::from_parts(65_786_497, 7685)
			.saturating_add(Weight::from_parts(6_869_803, 0).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(8_u64))
			.saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().writes(7_u64))
			.saturating_add(Weight::from_parts(0, 3163).saturating_mul(n.into()))
	}
	fn submit_proof() -> Weight {
		Weight::from_parts(3_017_211_000, 8015)
			.saturating_add(RocksDbWeight::get().reads(7_u64))
			.saturating_add(RocksDbWeight::get().writes(7_u64))
	}
	fn submit_proofs(n: u32, ) -> Weight {
		Weight::from_parts(2_237_212_336, 7685)
			.saturating_add(Weight::from_parts(535_940_156, 0).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
			.saturating_add(RocksDbWeight::get().writes((2_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 7025).saturating_mul(n.into()))
	}
	fn submit_attestation() -> Weight {
		Weight::from_parts(123_279_000, 8015)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	fn dispute_proof() -> Weight {
		Weight::from_parts(3_099_292_000, 8015)
			.saturating_add(RocksDbWeight::get().reads(8_u64))
			.saturating_add(RocksDbWeight::get().writes(8_u64))
	}
	fn dispute_reexecute(n: u32, ) -> Weight {
		Weight::from_parts(182_851_028, 8015)
			.saturating_add(Weight::from_parts(8_058_202, 0).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(9_u64))
			.saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().writes(11_u64))
			.saturating_add(Weight::from_parts(0, 3163).saturating_mul(n.into()))
	}
	fn vote() -> Weight {
		Weight::from_parts(252_215_000, 13642)
			.saturating_add(RocksDbWeight::get().reads(11_u64))
			.saturating_add(RocksDbWeight::get().writes(15_u64))
	}
	fn set_kind() -> Weight {
		Weight::from_parts(1_162_639_000, 0)
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn on_initialize(n: u32, ) -> Weight {
		Weight::from_parts(64_154_247, 7685)
			.saturating_add(Weight::from_parts(81_764_099, 0).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(7_u64))
			.saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().writes(6_u64))
			.saturating_add(RocksDbWeight::get().writes((2_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 7025).saturating_mul(n.into()))
	}
	fn on_initialize_disputes(n: u32, ) -> Weight {
		Weight::from_parts(163_779_854, 16608)
			.saturating_add(Weight::from_parts(182_426_209, 0).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(15_u64))
			.saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().writes(15_u64))
			.saturating_add(RocksDbWeight::get().writes((5_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 7025).saturating_mul(n.into()))
	}
	fn verify_host_single() -> Weight {
		Weight::from_parts(2_755_337_000, 0)
	}
	fn verify_host_batch(n: u32, ) -> Weight {
		Weight::from_parts(1_927_371_141, 0)
			.saturating_add(Weight::from_parts(468_601_249, 0).saturating_mul(n.into()))
	}
	fn verify_wasm_single() -> Weight {
		Weight::from_parts(9_639_266_000, 0)
	}
	fn verify_wasm_batch(n: u32, ) -> Weight {
		Weight::from_parts(7_324_810_316, 0)
			.saturating_add(Weight::from_parts(1_767_284_981, 0).saturating_mul(n.into()))
	}
	// NOT MEASURED YET. The inference calls below (issue 15) have benchmarks in `benchmarking.rs` but were added
	// after the last release-build run of `scripts/bench-weights.sh pallet_zg_compute`, which replaces this block.
	// Until then each is the measured weight of this pallet's closest call (named), plus its storage accesses,
	// with the largest proof sizes of the items it touches (`MaxEncodedLen`).
	fn add_service() -> Weight {
		// register_provider's time; Providers, ServiceCount, NextServiceId, Services.
		Weight::from_parts(79_145_000, 4153)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	fn update_service() -> Weight {
		// remove_offer's time; Services.
		Weight::from_parts(82_430_000, 3000)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn retire_service() -> Weight {
		// remove_offer's time; Services, ServiceCount.
		Weight::from_parts(82_430_000, 5600)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn fund_channel() -> Weight {
		// deposit's time; Providers, Channels, NextChannelId, Balances::Holds, System::Account.
		Weight::from_parts(67_484_000, 11_000)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	fn redeem() -> Weight {
		// submit_attestation's time (one ed25519 verification); Channels, System::BlockHash, Balances::Holds,
		// System::Account (user and provider).
		Weight::from_parts(123_279_000, 11_000)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	fn redeem_batch(n: u32, ) -> Weight {
		Weight::from_parts(20_000_000, 0)
			.saturating_add(Weight::from_parts(123_279_000, 11_000).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads((5_u64).saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().writes((4_u64).saturating_mul(n.into())))
	}
	fn request_refund() -> Weight {
		// withdraw's time; Channels.
		Weight::from_parts(62_992_000, 2700)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn close_channel() -> Weight {
		// withdraw's time; Channels, Balances::Holds, System::Account.
		Weight::from_parts(62_992_000, 8100)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	fn dispute_response(b: u32, ) -> Weight {
		// vote's time (a slash, one ed25519 verification), blake2-256 of the evidence at 10 ns a byte;
		// Channels, Providers, Services, System::BlockHash, Balances::Holds, System::Account (two).
		Weight::from_parts(252_215_000, 16_000)
			.saturating_add(Weight::from_parts(10_000, 0).saturating_mul(b.into()))
			.saturating_add(RocksDbWeight::get().reads(7_u64))
			.saturating_add(RocksDbWeight::get().writes(6_u64))
	}
}
