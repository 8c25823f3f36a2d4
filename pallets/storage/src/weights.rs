// This file is part of zg.
// SPDX-License-Identifier: Apache-2.0


//! Weights for `pallet_zg_storage`, measured by `zg-node benchmark pallet` (frame-benchmarking-cli 64.0.0) —
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
// pallet_zg_storage
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
// pallets/storage/src/weights.rs

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]
#![allow(dead_code)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions of `pallet_zg_storage`.
pub trait WeightInfo {
	fn register_provider() -> Weight;
	fn deregister_provider() -> Weight;
	fn withdraw_stake() -> Weight;
	fn submit_file(p: u32, ) -> Weight;
	fn confirm_encoding() -> Weight;
	fn acknowledge_shard() -> Weight;
	fn extend_file() -> Weight;
	fn delete_file() -> Weight;
	fn submit_proof(a: u32, ) -> Weight;
	fn report_bad_encoding() -> Weight;
	fn on_initialize_idle() -> Weight;
	fn open_round(p: u32, ) -> Weight;
	fn miss_challenge() -> Weight;
	fn reassign_shard(p: u32, ) -> Weight;
	fn expire_files(f: u32, ) -> Weight;
	fn skip_expiry_rounds(r: u32, ) -> Weight;
	fn commit_fraud_report() -> Weight;
	fn choose_encoder() -> Weight;
	fn challenge_retrieval() -> Weight;
	fn answer_retrieval() -> Weight;
	fn file_deadline() -> Weight;
	fn retrieval_deadline() -> Weight;
}

/// The measured weights, with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Storage::Providers` (r:1 w:1)
	/// Proof: `Storage::Providers` (`max_values`: None, `max_size`: Some(175), added: 2650, mode: `MaxEncodedLen`)
	/// Storage: `Storage::PeerIds` (r:1 w:1)
	/// Proof: `Storage::PeerIds` (`max_values`: None, `max_size`: Some(114), added: 2589, mode: `MaxEncodedLen`)
	/// Storage: `Storage::CounterForProviders` (r:1 w:1)
	/// Proof: `Storage::CounterForProviders` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(319), added: 2794, mode: `MaxEncodedLen`)
	fn register_provider() -> Weight {
		// Proof size (bytes): measured `201`, estimated `3784`.
		// Minimum execution time: 67_641_000 picoseconds.
		Weight::from_parts(72_488_000, 3784)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: `Storage::Providers` (r:1 w:1)
	/// Proof: `Storage::Providers` (`max_values`: None, `max_size`: Some(175), added: 2650, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Evictions` (r:1 w:1)
	/// Proof: `Storage::Evictions` (`max_values`: None, `max_size`: Some(49), added: 2524, mode: `MaxEncodedLen`)
	/// Storage: `Storage::CounterForEvictions` (r:1 w:1)
	/// Proof: `Storage::CounterForEvictions` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	fn deregister_provider() -> Weight {
		// Proof size (bytes): measured `536`, estimated `3640`.
		// Minimum execution time: 33_940_000 picoseconds.
		Weight::from_parts(41_001_000, 3640)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `Storage::Providers` (r:1 w:1)
	/// Proof: `Storage::Providers` (`max_values`: None, `max_size`: Some(175), added: 2650, mode: `MaxEncodedLen`)
	/// Storage: `Storage::ProviderShards` (r:1 w:1)
	/// Proof: `Storage::ProviderShards` (`max_values`: None, `max_size`: Some(90050), added: 92525, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Evictions` (r:1 w:0)
	/// Proof: `Storage::Evictions` (`max_values`: None, `max_size`: Some(49), added: 2524, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Challenges` (r:1 w:0)
	/// Proof: `Storage::Challenges` (`max_values`: None, `max_size`: Some(104), added: 2579, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(319), added: 2794, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Storage::CounterForProviders` (r:1 w:1)
	/// Proof: `Storage::CounterForProviders` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Storage::PeerIds` (r:0 w:1)
	/// Proof: `Storage::PeerIds` (`max_values`: None, `max_size`: Some(114), added: 2589, mode: `MaxEncodedLen`)
	fn withdraw_stake() -> Weight {
		// Proof size (bytes): measured `571`, estimated `93515`.
		// Minimum execution time: 75_312_000 picoseconds.
		Weight::from_parts(80_770_000, 93515)
			.saturating_add(T::DbWeight::get().reads(7_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
	}
	/// Storage: `Storage::Files` (r:1 w:1)
	/// Proof: `Storage::Files` (`max_values`: None, `max_size`: Some(2318), added: 4793, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Providers` (r:257 w:6)
	/// Proof: `Storage::Providers` (`max_values`: None, `max_size`: Some(175), added: 2650, mode: `MaxEncodedLen`)
	/// Storage: `Storage::UnstoredFiles` (r:1 w:1)
	/// Proof: `Storage::UnstoredFiles` (`max_values`: None, `max_size`: Some(52), added: 2527, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Evictions` (r:256 w:0)
	/// Proof: `Storage::Evictions` (`max_values`: None, `max_size`: Some(49), added: 2524, mode: `MaxEncodedLen`)
	/// Storage: `Babe::NextRandomness` (r:1 w:0)
	/// Proof: `Babe::NextRandomness` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Babe::EpochStart` (r:1 w:0)
	/// Proof: `Babe::EpochStart` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `System::ParentHash` (r:1 w:0)
	/// Proof: `System::ParentHash` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Storage::ProviderShards` (r:6 w:6)
	/// Proof: `Storage::ProviderShards` (`max_values`: None, `max_size`: Some(90050), added: 92525, mode: `MaxEncodedLen`)
	/// Storage: `Storage::EncodeDuties` (r:0 w:1)
	/// Proof: `Storage::EncodeDuties` (`max_values`: None, `max_size`: Some(96), added: 2571, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Expiries` (r:0 w:1)
	/// Proof: `Storage::Expiries` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Tasks` (r:0 w:1)
	/// Proof: `Storage::Tasks` (`max_values`: None, `max_size`: Some(105), added: 2580, mode: `MaxEncodedLen`)
	/// The range of component `p` is `[6, 256]`.
	fn submit_file(p: u32, ) -> Weight {
		// Proof size (bytes): measured `1076 + p * (184 ±0)`, estimated `556140 + p * (2650 ±0)`.
		// Minimum execution time: 179_918_000 picoseconds.
		Weight::from_parts(163_613_884, 556140)
			// Standard error: 47_401
			.saturating_add(Weight::from_parts(7_651_667, 0).saturating_mul(p.into()))
			.saturating_add(T::DbWeight::get().reads(14_u64))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(T::DbWeight::get().writes(19_u64))
			.saturating_add(Weight::from_parts(0, 2650).saturating_mul(p.into()))
	}
	/// Storage: `Storage::Providers` (r:1 w:1)
	/// Proof: `Storage::Providers` (`max_values`: None, `max_size`: Some(175), added: 2650, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Files` (r:1 w:1)
	/// Proof: `Storage::Files` (`max_values`: None, `max_size`: Some(2318), added: 4793, mode: `MaxEncodedLen`)
	/// Storage: `Storage::EncodeDuties` (r:0 w:1)
	/// Proof: `Storage::EncodeDuties` (`max_values`: None, `max_size`: Some(96), added: 2571, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Tasks` (r:0 w:1)
	/// Proof: `Storage::Tasks` (`max_values`: None, `max_size`: Some(105), added: 2580, mode: `MaxEncodedLen`)
	fn confirm_encoding() -> Weight {
		// Proof size (bytes): measured `882`, estimated `5783`.
		// Minimum execution time: 32_728_000 picoseconds.
		Weight::from_parts(39_800_000, 5783)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Storage: `Storage::Files` (r:1 w:1)
	/// Proof: `Storage::Files` (`max_values`: None, `max_size`: Some(2318), added: 4793, mode: `MaxEncodedLen`)
	/// Storage: `Storage::ProviderShards` (r:1 w:1)
	/// Proof: `Storage::ProviderShards` (`max_values`: None, `max_size`: Some(90050), added: 92525, mode: `MaxEncodedLen`)
	/// Storage: `Storage::UnstoredFiles` (r:1 w:1)
	/// Proof: `Storage::UnstoredFiles` (`max_values`: None, `max_size`: Some(52), added: 2527, mode: `MaxEncodedLen`)
	fn acknowledge_shard() -> Weight {
		// Proof size (bytes): measured `91009`, estimated `93515`.
		// Minimum execution time: 361_048_000 picoseconds.
		Weight::from_parts(377_633_000, 93515)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `Storage::Files` (r:1 w:1)
	/// Proof: `Storage::Files` (`max_values`: None, `max_size`: Some(2318), added: 4793, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Expiries` (r:0 w:2)
	/// Proof: `Storage::Expiries` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	fn extend_file() -> Weight {
		// Proof size (bytes): measured `1046`, estimated `6196`.
		// Minimum execution time: 70_525_000 picoseconds.
		Weight::from_parts(77_375_000, 6196)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: `Storage::Files` (r:1 w:1)
	/// Proof: `Storage::Files` (`max_values`: None, `max_size`: Some(2318), added: 4793, mode: `MaxEncodedLen`)
	/// Storage: `Storage::ProviderShards` (r:6 w:6)
	/// Proof: `Storage::ProviderShards` (`max_values`: None, `max_size`: Some(90050), added: 92525, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Providers` (r:6 w:6)
	/// Proof: `Storage::Providers` (`max_values`: None, `max_size`: Some(175), added: 2650, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Challenges` (r:6 w:6)
	/// Proof: `Storage::Challenges` (`max_values`: None, `max_size`: Some(104), added: 2579, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Expiries` (r:0 w:1)
	/// Proof: `Storage::Expiries` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	fn delete_file() -> Weight {
		// Proof size (bytes): measured `543229`, estimated `556140`.
		// Minimum execution time: 2_291_024_000 picoseconds.
		Weight::from_parts(2_433_426_000, 556140)
			.saturating_add(T::DbWeight::get().reads(21_u64))
			.saturating_add(T::DbWeight::get().writes(22_u64))
	}
	/// Storage: `Storage::Challenges` (r:1 w:1)
	/// Proof: `Storage::Challenges` (`max_values`: None, `max_size`: Some(104), added: 2579, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Files` (r:2000 w:2000)
	/// Proof: `Storage::Files` (`max_values`: None, `max_size`: Some(2318), added: 4793, mode: `MaxEncodedLen`)
	/// Storage: `Storage::ProviderShards` (r:1 w:0)
	/// Proof: `Storage::ProviderShards` (`max_values`: None, `max_size`: Some(90050), added: 92525, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Providers` (r:1 w:1)
	/// Proof: `Storage::Providers` (`max_values`: None, `max_size`: Some(175), added: 2650, mode: `MaxEncodedLen`)
	/// The range of component `a` is `[1, 2000]`.
	fn submit_proof(a: u32, ) -> Weight {
		// Proof size (bytes): measured `2208 + a * (130 ±0)`, estimated `93515 + a * (4793 ±0)`.
		// Minimum execution time: 115_271_000 picoseconds.
		Weight::from_parts(195_335_174, 93515)
			// Standard error: 351_438
			.saturating_add(Weight::from_parts(12_507_389, 0).saturating_mul(a.into()))
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(a.into())))
			.saturating_add(T::DbWeight::get().writes(4_u64))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(a.into())))
			.saturating_add(Weight::from_parts(0, 4793).saturating_mul(a.into()))
	}
	/// Storage: `Storage::FraudCommitments` (r:1 w:1)
	/// Proof: `Storage::FraudCommitments` (`max_values`: None, `max_size`: Some(84), added: 2559, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Files` (r:1 w:1)
	/// Proof: `Storage::Files` (`max_values`: None, `max_size`: Some(2318), added: 4793, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(319), added: 2794, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:3 w:3)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Providers` (r:1 w:1)
	/// Proof: `Storage::Providers` (`max_values`: None, `max_size`: Some(175), added: 2650, mode: `MaxEncodedLen`)
	/// Storage: `Storage::ProviderShards` (r:6 w:6)
	/// Proof: `Storage::ProviderShards` (`max_values`: None, `max_size`: Some(90050), added: 92525, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Challenges` (r:6 w:6)
	/// Proof: `Storage::Challenges` (`max_values`: None, `max_size`: Some(104), added: 2579, mode: `MaxEncodedLen`)
	/// Storage: `Storage::UnstoredFiles` (r:1 w:1)
	/// Proof: `Storage::UnstoredFiles` (`max_values`: None, `max_size`: Some(52), added: 2527, mode: `MaxEncodedLen`)
	/// Storage: `Storage::EncodeDuties` (r:0 w:1)
	/// Proof: `Storage::EncodeDuties` (`max_values`: None, `max_size`: Some(96), added: 2571, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Tasks` (r:0 w:1)
	/// Proof: `Storage::Tasks` (`max_values`: None, `max_size`: Some(105), added: 2580, mode: `MaxEncodedLen`)
	fn report_bad_encoding() -> Weight {
		// Proof size (bytes): measured `543116`, estimated `556140`.
		// Minimum execution time: 2_393_426_000 picoseconds.
		Weight::from_parts(2_599_183_000, 556140)
			.saturating_add(T::DbWeight::get().reads(20_u64))
			.saturating_add(T::DbWeight::get().writes(22_u64))
	}
	/// Storage: `Storage::ChallengeDeadline` (r:1 w:0)
	/// Proof: `Storage::ChallengeDeadline` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Storage::ExpiryCursor` (r:1 w:0)
	/// Proof: `Storage::ExpiryCursor` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Storage::TaskCursor` (r:1 w:1)
	/// Proof: `Storage::TaskCursor` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Tasks` (r:1 w:0)
	/// Proof: `Storage::Tasks` (`max_values`: None, `max_size`: Some(105), added: 2580, mode: `MaxEncodedLen`)
	/// Storage: `Babe::NextRandomness` (r:1 w:0)
	/// Proof: `Babe::NextRandomness` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Babe::EpochStart` (r:1 w:0)
	/// Proof: `Babe::EpochStart` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `System::ParentHash` (r:1 w:0)
	/// Proof: `System::ParentHash` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Repairs` (r:1 w:0)
	/// Proof: `Storage::Repairs` (`max_values`: None, `max_size`: Some(52), added: 2527, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Evictions` (r:1 w:0)
	/// Proof: `Storage::Evictions` (`max_values`: None, `max_size`: Some(49), added: 2524, mode: `MaxEncodedLen`)
	fn on_initialize_idle() -> Weight {
		// Proof size (bytes): measured `246`, estimated `3570`.
		// Minimum execution time: 20_160_000 picoseconds.
		Weight::from_parts(23_125_000, 3570)
			.saturating_add(T::DbWeight::get().reads(9_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Babe::NextRandomness` (r:1 w:0)
	/// Proof: `Babe::NextRandomness` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Babe::EpochStart` (r:1 w:0)
	/// Proof: `Babe::EpochStart` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `System::ParentHash` (r:1 w:0)
	/// Proof: `System::ParentHash` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Providers` (r:257 w:0)
	/// Proof: `Storage::Providers` (`max_values`: None, `max_size`: Some(175), added: 2650, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Challenges` (r:256 w:256)
	/// Proof: `Storage::Challenges` (`max_values`: None, `max_size`: Some(104), added: 2579, mode: `MaxEncodedLen`)
	/// Storage: `Storage::ProviderShards` (r:256 w:0)
	/// Proof: `Storage::ProviderShards` (`max_values`: None, `max_size`: Some(90050), added: 92525, mode: `MaxEncodedLen`)
	/// Storage: `Storage::ChallengeDeadline` (r:0 w:1)
	/// Proof: `Storage::ChallengeDeadline` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// The range of component `p` is `[0, 256]`.
	fn open_round(p: u32, ) -> Weight {
		// Proof size (bytes): measured `781 + p * (90242 ±0)`, estimated `3640 + p * (92525 ±0)`.
		// Minimum execution time: 13_110_000 picoseconds.
		Weight::from_parts(14_231_000, 3640)
			// Standard error: 1_406_650
			.saturating_add(Weight::from_parts(102_748_389, 0).saturating_mul(p.into()))
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().reads((3_u64).saturating_mul(p.into())))
			.saturating_add(T::DbWeight::get().writes(1_u64))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(p.into())))
			.saturating_add(Weight::from_parts(0, 92525).saturating_mul(p.into()))
	}
	/// Storage: `Storage::Challenges` (r:2 w:1)
	/// Proof: `Storage::Challenges` (`max_values`: None, `max_size`: Some(104), added: 2579, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Providers` (r:1 w:1)
	/// Proof: `Storage::Providers` (`max_values`: None, `max_size`: Some(175), added: 2650, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(319), added: 2794, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Storage::ChallengeDeadline` (r:0 w:1)
	/// Proof: `Storage::ChallengeDeadline` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	fn miss_challenge() -> Weight {
		// Proof size (bytes): measured `1342`, estimated `6196`.
		// Minimum execution time: 88_882_000 picoseconds.
		Weight::from_parts(150_444_000, 6196)
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
	}
	/// Storage: `Babe::NextRandomness` (r:1 w:0)
	/// Proof: `Babe::NextRandomness` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Babe::EpochStart` (r:1 w:0)
	/// Proof: `Babe::EpochStart` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `System::ParentHash` (r:1 w:0)
	/// Proof: `System::ParentHash` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Repairs` (r:1 w:0)
	/// Proof: `Storage::Repairs` (`max_values`: None, `max_size`: Some(52), added: 2527, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Evictions` (r:257 w:0)
	/// Proof: `Storage::Evictions` (`max_values`: None, `max_size`: Some(49), added: 2524, mode: `MaxEncodedLen`)
	/// Storage: `Storage::ProviderShards` (r:2 w:2)
	/// Proof: `Storage::ProviderShards` (`max_values`: None, `max_size`: Some(90050), added: 92525, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Challenges` (r:1 w:1)
	/// Proof: `Storage::Challenges` (`max_values`: None, `max_size`: Some(104), added: 2579, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Providers` (r:257 w:2)
	/// Proof: `Storage::Providers` (`max_values`: None, `max_size`: Some(175), added: 2650, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Files` (r:1 w:1)
	/// Proof: `Storage::Files` (`max_values`: None, `max_size`: Some(2318), added: 4793, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Tasks` (r:0 w:1)
	/// Proof: `Storage::Tasks` (`max_values`: None, `max_size`: Some(105), added: 2580, mode: `MaxEncodedLen`)
	/// The range of component `p` is `[7, 256]`.
	fn reassign_shard(p: u32, ) -> Weight {
		// Proof size (bytes): measured `91817 + p * (182 ±0)`, estimated `186040 + p * (2650 ±0)`.
		// Minimum execution time: 503_470_000 picoseconds.
		Weight::from_parts(468_640_123, 186040)
			// Standard error: 281_989
			.saturating_add(Weight::from_parts(10_316_646, 0).saturating_mul(p.into()))
			.saturating_add(T::DbWeight::get().reads(10_u64))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(T::DbWeight::get().writes(7_u64))
			.saturating_add(Weight::from_parts(0, 2650).saturating_mul(p.into()))
	}
	/// Storage: `Storage::ExpiryCursor` (r:1 w:1)
	/// Proof: `Storage::ExpiryCursor` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Expiries` (r:50 w:50)
	/// Proof: `Storage::Expiries` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Files` (r:50 w:50)
	/// Proof: `Storage::Files` (`max_values`: None, `max_size`: Some(2318), added: 4793, mode: `MaxEncodedLen`)
	/// Storage: `Storage::ProviderShards` (r:6 w:6)
	/// Proof: `Storage::ProviderShards` (`max_values`: None, `max_size`: Some(90050), added: 92525, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Providers` (r:6 w:6)
	/// Proof: `Storage::Providers` (`max_values`: None, `max_size`: Some(175), added: 2650, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Challenges` (r:6 w:6)
	/// Proof: `Storage::Challenges` (`max_values`: None, `max_size`: Some(104), added: 2579, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// The range of component `f` is `[0, 50]`.
	fn expire_files(f: u32, ) -> Weight {
		// Proof size (bytes): measured `542454 + f * (140 ±0)`, estimated `556140 + f * (4793 ±7)`.
		// Minimum execution time: 22_384_000 picoseconds.
		Weight::from_parts(512_070_099, 556140)
			// Standard error: 50_132_742
			.saturating_add(Weight::from_parts(2_517_258_964, 0).saturating_mul(f.into()))
			.saturating_add(T::DbWeight::get().reads(18_u64))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(f.into())))
			.saturating_add(T::DbWeight::get().writes(17_u64))
			.saturating_add(T::DbWeight::get().writes((2_u64).saturating_mul(f.into())))
			.saturating_add(Weight::from_parts(0, 4793).saturating_mul(f.into()))
	}
	/// Storage: `Storage::ExpiryCursor` (r:1 w:1)
	/// Proof: `Storage::ExpiryCursor` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Expiries` (r:50 w:0)
	/// Proof: `Storage::Expiries` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// The range of component `r` is `[0, 50]`.
	fn skip_expiry_rounds(r: u32, ) -> Weight {
		// Proof size (bytes): measured `37`, estimated `1493 + r * (2539 ±0)`.
		// Minimum execution time: 2_684_000 picoseconds.
		Weight::from_parts(4_380_103, 1493)
			// Standard error: 777
			.saturating_add(Weight::from_parts(3_237_162, 0).saturating_mul(r.into()))
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(r.into())))
			.saturating_add(T::DbWeight::get().writes(1_u64))
			.saturating_add(Weight::from_parts(0, 2539).saturating_mul(r.into()))
	}
	/// Storage: `Storage::FraudCommitments` (r:0 w:1)
	/// Proof: `Storage::FraudCommitments` (`max_values`: None, `max_size`: Some(84), added: 2559, mode: `MaxEncodedLen`)
	fn commit_fraud_report() -> Weight {
		// Proof size (bytes): measured `0`, estimated `0`.
		// Minimum execution time: 8_993_000 picoseconds.
		Weight::from_parts(12_058_000, 0)
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Storage::Files` (r:1 w:1)
	/// Proof: `Storage::Files` (`max_values`: None, `max_size`: Some(2318), added: 4793, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Providers` (r:1 w:0)
	/// Proof: `Storage::Providers` (`max_values`: None, `max_size`: Some(175), added: 2650, mode: `MaxEncodedLen`)
	/// Storage: `Storage::EncodeDuties` (r:0 w:2)
	/// Proof: `Storage::EncodeDuties` (`max_values`: None, `max_size`: Some(96), added: 2571, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Tasks` (r:0 w:1)
	/// Proof: `Storage::Tasks` (`max_values`: None, `max_size`: Some(105), added: 2580, mode: `MaxEncodedLen`)
	fn choose_encoder() -> Weight {
		// Proof size (bytes): measured `882`, estimated `5783`.
		// Minimum execution time: 31_066_000 picoseconds.
		Weight::from_parts(43_965_000, 5783)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Storage: `Storage::Files` (r:1 w:0)
	/// Proof: `Storage::Files` (`max_values`: None, `max_size`: Some(2318), added: 4793, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Retrievals` (r:1 w:1)
	/// Proof: `Storage::Retrievals` (`max_values`: None, `max_size`: Some(160), added: 2635, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Providers` (r:1 w:1)
	/// Proof: `Storage::Providers` (`max_values`: None, `max_size`: Some(175), added: 2650, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Tasks` (r:0 w:1)
	/// Proof: `Storage::Tasks` (`max_values`: None, `max_size`: Some(105), added: 2580, mode: `MaxEncodedLen`)
	fn challenge_retrieval() -> Weight {
		// Proof size (bytes): measured `1342`, estimated `6196`.
		// Minimum execution time: 82_754_000 picoseconds.
		Weight::from_parts(130_975_000, 6196)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: `Storage::Retrievals` (r:1 w:1)
	/// Proof: `Storage::Retrievals` (`max_values`: None, `max_size`: Some(160), added: 2635, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Files` (r:1 w:0)
	/// Proof: `Storage::Files` (`max_values`: None, `max_size`: Some(2318), added: 4793, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Providers` (r:1 w:1)
	/// Proof: `Storage::Providers` (`max_values`: None, `max_size`: Some(175), added: 2650, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	fn answer_retrieval() -> Weight {
		// Proof size (bytes): measured `1668`, estimated `6196`.
		// Minimum execution time: 90_976_000 picoseconds.
		Weight::from_parts(108_932_000, 6196)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Storage: `Storage::Files` (r:1 w:1)
	/// Proof: `Storage::Files` (`max_values`: None, `max_size`: Some(2318), added: 4793, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(319), added: 2794, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Providers` (r:1 w:1)
	/// Proof: `Storage::Providers` (`max_values`: None, `max_size`: Some(175), added: 2650, mode: `MaxEncodedLen`)
	/// Storage: `Storage::ProviderShards` (r:6 w:6)
	/// Proof: `Storage::ProviderShards` (`max_values`: None, `max_size`: Some(90050), added: 92525, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Challenges` (r:6 w:6)
	/// Proof: `Storage::Challenges` (`max_values`: None, `max_size`: Some(104), added: 2579, mode: `MaxEncodedLen`)
	/// Storage: `Storage::EncodeDuties` (r:0 w:1)
	/// Proof: `Storage::EncodeDuties` (`max_values`: None, `max_size`: Some(96), added: 2571, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Tasks` (r:0 w:1)
	/// Proof: `Storage::Tasks` (`max_values`: None, `max_size`: Some(105), added: 2580, mode: `MaxEncodedLen`)
	fn file_deadline() -> Weight {
		// Proof size (bytes): measured `542121`, estimated `556140`.
		// Minimum execution time: 2_207_319_000 picoseconds.
		Weight::from_parts(2_331_504_000, 556140)
			.saturating_add(T::DbWeight::get().reads(17_u64))
			.saturating_add(T::DbWeight::get().writes(19_u64))
	}
	/// Storage: `Storage::Retrievals` (r:1 w:1)
	/// Proof: `Storage::Retrievals` (`max_values`: None, `max_size`: Some(160), added: 2635, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Providers` (r:1 w:1)
	/// Proof: `Storage::Providers` (`max_values`: None, `max_size`: Some(175), added: 2650, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:3 w:3)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Files` (r:1 w:0)
	/// Proof: `Storage::Files` (`max_values`: None, `max_size`: Some(2318), added: 4793, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(319), added: 2794, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Repairs` (r:1 w:1)
	/// Proof: `Storage::Repairs` (`max_values`: None, `max_size`: Some(52), added: 2527, mode: `MaxEncodedLen`)
	/// Storage: `Storage::CounterForRepairs` (r:1 w:1)
	/// Proof: `Storage::CounterForRepairs` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	fn retrieval_deadline() -> Weight {
		// Proof size (bytes): measured `2091`, estimated `8799`.
		// Minimum execution time: 177_975_000 picoseconds.
		Weight::from_parts(202_041_000, 8799)
			.saturating_add(T::DbWeight::get().reads(9_u64))
			.saturating_add(T::DbWeight::get().writes(8_u64))
	}
}

/// The same weights with RocksDB's database weights, for mock runtimes and tests.
impl WeightInfo for () {
	fn register_provider() -> Weight {
		Weight::from_parts(72_488_000, 3784)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	fn deregister_provider() -> Weight {
		Weight::from_parts(41_001_000, 3640)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	fn withdraw_stake() -> Weight {
		Weight::from_parts(80_770_000, 93515)
			.saturating_add(RocksDbWeight::get().reads(7_u64))
			.saturating_add(RocksDbWeight::get().writes(6_u64))
	}
	fn submit_file(p: u32, ) -> Weight {
		Weight::from_parts(163_613_884, 556140)
			.saturating_add(Weight::from_parts(7_651_667, 0).saturating_mul(p.into()))
			.saturating_add(RocksDbWeight::get().reads(14_u64))
			.saturating_add(RocksDbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(RocksDbWeight::get().writes(19_u64))
			.saturating_add(Weight::from_parts(0, 2650).saturating_mul(p.into()))
	}
	fn confirm_encoding() -> Weight {
		Weight::from_parts(39_800_000, 5783)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	fn acknowledge_shard() -> Weight {
		Weight::from_parts(377_633_000, 93515)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	fn extend_file() -> Weight {
		Weight::from_parts(77_375_000, 6196)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	fn delete_file() -> Weight {
		Weight::from_parts(2_433_426_000, 556140)
			.saturating_add(RocksDbWeight::get().reads(21_u64))
			.saturating_add(RocksDbWeight::get().writes(22_u64))
	}
	fn submit_proof(a: u32, ) -> Weight {
		Weight::from_parts(195_335_174, 93515)
			.saturating_add(Weight::from_parts(12_507_389, 0).saturating_mul(a.into()))
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(a.into())))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
			.saturating_add(RocksDbWeight::get().writes((1_u64).saturating_mul(a.into())))
			.saturating_add(Weight::from_parts(0, 4793).saturating_mul(a.into()))
	}
	fn report_bad_encoding() -> Weight {
		Weight::from_parts(2_599_183_000, 556140)
			.saturating_add(RocksDbWeight::get().reads(20_u64))
			.saturating_add(RocksDbWeight::get().writes(22_u64))
	}
	fn on_initialize_idle() -> Weight {
		Weight::from_parts(23_125_000, 3570)
			.saturating_add(RocksDbWeight::get().reads(9_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn open_round(p: u32, ) -> Weight {
		Weight::from_parts(14_231_000, 3640)
			.saturating_add(Weight::from_parts(102_748_389, 0).saturating_mul(p.into()))
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().reads((3_u64).saturating_mul(p.into())))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
			.saturating_add(RocksDbWeight::get().writes((1_u64).saturating_mul(p.into())))
			.saturating_add(Weight::from_parts(0, 92525).saturating_mul(p.into()))
	}
	fn miss_challenge() -> Weight {
		Weight::from_parts(150_444_000, 6196)
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().writes(6_u64))
	}
	fn reassign_shard(p: u32, ) -> Weight {
		Weight::from_parts(468_640_123, 186040)
			.saturating_add(Weight::from_parts(10_316_646, 0).saturating_mul(p.into()))
			.saturating_add(RocksDbWeight::get().reads(10_u64))
			.saturating_add(RocksDbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(RocksDbWeight::get().writes(7_u64))
			.saturating_add(Weight::from_parts(0, 2650).saturating_mul(p.into()))
	}
	fn expire_files(f: u32, ) -> Weight {
		Weight::from_parts(512_070_099, 556140)
			.saturating_add(Weight::from_parts(2_517_258_964, 0).saturating_mul(f.into()))
			.saturating_add(RocksDbWeight::get().reads(18_u64))
			.saturating_add(RocksDbWeight::get().reads((2_u64).saturating_mul(f.into())))
			.saturating_add(RocksDbWeight::get().writes(17_u64))
			.saturating_add(RocksDbWeight::get().writes((2_u64).saturating_mul(f.into())))
			.saturating_add(Weight::from_parts(0, 4793).saturating_mul(f.into()))
	}
	fn skip_expiry_rounds(r: u32, ) -> Weight {
		Weight::from_parts(4_380_103, 1493)
			.saturating_add(Weight::from_parts(3_237_162, 0).saturating_mul(r.into()))
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(r.into())))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
			.saturating_add(Weight::from_parts(0, 2539).saturating_mul(r.into()))
	}
	fn commit_fraud_report() -> Weight {
		Weight::from_parts(12_058_000, 0)
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn choose_encoder() -> Weight {
		Weight::from_parts(43_965_000, 5783)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	fn challenge_retrieval() -> Weight {
		Weight::from_parts(130_975_000, 6196)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	fn answer_retrieval() -> Weight {
		Weight::from_parts(108_932_000, 6196)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	fn file_deadline() -> Weight {
		Weight::from_parts(2_331_504_000, 556140)
			.saturating_add(RocksDbWeight::get().reads(17_u64))
			.saturating_add(RocksDbWeight::get().writes(19_u64))
	}
	fn retrieval_deadline() -> Weight {
		Weight::from_parts(202_041_000, 8799)
			.saturating_add(RocksDbWeight::get().reads(9_u64))
			.saturating_add(RocksDbWeight::get().writes(8_u64))
	}
}
