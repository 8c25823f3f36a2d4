// This file is part of zg.
// SPDX-License-Identifier: Apache-2.0


//! Weights for `pallet_zg_storage`, measured by `zg-node benchmark pallet` (frame-benchmarking-cli 64.0.0) —
//! regenerate with `scripts/bench-weights.sh`, never edit by hand.
//!
//! Measured 2026-11-25 on `vm` (AMD EPYC): 8 steps, 3 repeats,
//! `Compiled` wasm execution, chain `Some("dev")`.
//!
//! PROVISIONAL (2026-11-30): `deregister_provider`, `commit_fraud_report`, `choose_encoder`,
//! `challenge_retrieval`, `answer_retrieval`, `file_deadline` and `retrieval_deadline` are estimates from the
//! measured weights of similar calls until this file is regenerated from a release build.

// Command:
// /root/.cache/zg/target/debug/zg-node
// benchmark
// pallet
// --chain
// dev
// --pallet
// pallet_zg_storage
// --extrinsic
// *
// --steps
// 8
// --repeat
// 3
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
	/// Proof: `Storage::Providers` (`max_values`: None, `max_size`: Some(159), added: 2634, mode: `MaxEncodedLen`)
	/// Storage: `Storage::CounterForProviders` (r:1 w:1)
	/// Proof: `Storage::CounterForProviders` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(211), added: 2686, mode: `MaxEncodedLen`)
	fn register_provider() -> Weight {
		// Proof size (bytes): measured `201`, estimated `3676`.
		// Minimum execution time: 1_262_201_000 picoseconds.
		Weight::from_parts(1_384_022_000, 3676)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Storage: `Storage::Providers` (r:129 w:86)
	/// Proof: `Storage::Providers` (`max_values`: None, `max_size`: Some(159), added: 2634, mode: `MaxEncodedLen`)
	/// Storage: `Storage::ProviderShards` (r:86 w:86)
	/// Proof: `Storage::ProviderShards` (`max_values`: None, `max_size`: Some(90050), added: 92525, mode: `MaxEncodedLen`)
	/// Storage: `Babe::NextRandomness` (r:1 w:0)
	/// Proof: `Babe::NextRandomness` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Babe::EpochStart` (r:1 w:0)
	/// Proof: `Babe::EpochStart` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `System::ParentHash` (r:1 w:0)
	/// Proof: `System::ParentHash` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Files` (r:128 w:128)
	/// Proof: `Storage::Files` (`max_values`: None, `max_size`: Some(2281), added: 4756, mode: `MaxEncodedLen`)
	/// The range of component `a` is `[0, 128]`.
	/// The range of component `p` is `[7, 128]`.
	fn deregister_provider() -> Weight {
		Weight::from_parts(1_443_220_000, 6196)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	fn withdraw_stake() -> Weight {
		// Proof size (bytes): measured `522`, estimated `93515`.
		// Minimum execution time: 1_346_306_000 picoseconds.
		Weight::from_parts(1_443_220_000, 93515)
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
	}
	/// Storage: `Storage::Files` (r:1 w:1)
	/// Proof: `Storage::Files` (`max_values`: None, `max_size`: Some(2281), added: 4756, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Providers` (r:129 w:6)
	/// Proof: `Storage::Providers` (`max_values`: None, `max_size`: Some(159), added: 2634, mode: `MaxEncodedLen`)
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
	/// Storage: `Storage::Expiries` (r:0 w:1)
	/// Proof: `Storage::Expiries` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// The range of component `p` is `[6, 128]`.
	fn submit_file(p: u32, ) -> Weight {
		// Proof size (bytes): measured `597 + p * (88 ±0)`, estimated `556140 + p * (2634 ±0)`.
		// Minimum execution time: 2_807_552_000 picoseconds.
		Weight::from_parts(2_497_138_470, 556140)
			// Standard error: 1_073_757
			.saturating_add(Weight::from_parts(97_284_979, 0).saturating_mul(p.into()))
			.saturating_add(T::DbWeight::get().reads(13_u64))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(p.into())))
			.saturating_add(T::DbWeight::get().writes(16_u64))
			.saturating_add(Weight::from_parts(0, 2634).saturating_mul(p.into()))
	}
	/// Storage: `Storage::Providers` (r:1 w:0)
	/// Proof: `Storage::Providers` (`max_values`: None, `max_size`: Some(159), added: 2634, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Files` (r:1 w:1)
	/// Proof: `Storage::Files` (`max_values`: None, `max_size`: Some(2281), added: 4756, mode: `MaxEncodedLen`)
	fn confirm_encoding() -> Weight {
		// Proof size (bytes): measured `759`, estimated `5746`.
		// Minimum execution time: 384_020_000 picoseconds.
		Weight::from_parts(431_500_000, 5746)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Storage::Files` (r:1 w:1)
	/// Proof: `Storage::Files` (`max_values`: None, `max_size`: Some(2281), added: 4756, mode: `MaxEncodedLen`)
	/// Storage: `Storage::ProviderShards` (r:1 w:1)
	/// Proof: `Storage::ProviderShards` (`max_values`: None, `max_size`: Some(90050), added: 92525, mode: `MaxEncodedLen`)
	fn acknowledge_shard() -> Weight {
		// Proof size (bytes): measured `90939`, estimated `93515`.
		// Minimum execution time: 8_461_113_000 picoseconds.
		Weight::from_parts(8_700_197_000, 93515)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `Storage::Files` (r:1 w:1)
	/// Proof: `Storage::Files` (`max_values`: None, `max_size`: Some(2281), added: 4756, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Expiries` (r:0 w:2)
	/// Proof: `Storage::Expiries` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	fn extend_file() -> Weight {
		// Proof size (bytes): measured `980`, estimated `6196`.
		// Minimum execution time: 1_311_744_000 picoseconds.
		Weight::from_parts(1_403_380_000, 6196)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: `Storage::Files` (r:1 w:1)
	/// Proof: `Storage::Files` (`max_values`: None, `max_size`: Some(2281), added: 4756, mode: `MaxEncodedLen`)
	/// Storage: `Storage::ProviderShards` (r:6 w:6)
	/// Proof: `Storage::ProviderShards` (`max_values`: None, `max_size`: Some(90050), added: 92525, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Providers` (r:6 w:6)
	/// Proof: `Storage::Providers` (`max_values`: None, `max_size`: Some(159), added: 2634, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Challenges` (r:6 w:6)
	/// Proof: `Storage::Challenges` (`max_values`: None, `max_size`: Some(104), added: 2579, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Expiries` (r:0 w:1)
	/// Proof: `Storage::Expiries` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	fn delete_file() -> Weight {
		// Proof size (bytes): measured `542675`, estimated `556140`.
		// Minimum execution time: 50_587_239_000 picoseconds.
		Weight::from_parts(51_346_104_000, 556140)
			.saturating_add(T::DbWeight::get().reads(21_u64))
			.saturating_add(T::DbWeight::get().writes(22_u64))
	}
	/// Storage: `Storage::Challenges` (r:1 w:1)
	/// Proof: `Storage::Challenges` (`max_values`: None, `max_size`: Some(104), added: 2579, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Files` (r:128 w:128)
	/// Proof: `Storage::Files` (`max_values`: None, `max_size`: Some(2281), added: 4756, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Providers` (r:1 w:1)
	/// Proof: `Storage::Providers` (`max_values`: None, `max_size`: Some(159), added: 2634, mode: `MaxEncodedLen`)
	/// Storage: `Storage::ProviderShards` (r:1 w:0)
	/// Proof: `Storage::ProviderShards` (`max_values`: None, `max_size`: Some(90050), added: 92525, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// The range of component `a` is `[1, 128]`.
	fn submit_proof(a: u32, ) -> Weight {
		// Proof size (bytes): measured `1718 + a * (130 ±0)`, estimated `93515 + a * (4756 ±0)`.
		// Minimum execution time: 1_742_903_000 picoseconds.
		Weight::from_parts(1_789_218_068, 93515)
			// Standard error: 610_350
			.saturating_add(Weight::from_parts(137_434_853, 0).saturating_mul(a.into()))
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(a.into())))
			.saturating_add(T::DbWeight::get().writes(4_u64))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(a.into())))
			.saturating_add(Weight::from_parts(0, 4756).saturating_mul(a.into()))
	}
	/// Storage: `Storage::Files` (r:1 w:1)
	/// Proof: `Storage::Files` (`max_values`: None, `max_size`: Some(2281), added: 4756, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(211), added: 2686, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:3 w:3)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Providers` (r:1 w:1)
	/// Proof: `Storage::Providers` (`max_values`: None, `max_size`: Some(159), added: 2634, mode: `MaxEncodedLen`)
	/// Storage: `Storage::ProviderShards` (r:6 w:6)
	/// Proof: `Storage::ProviderShards` (`max_values`: None, `max_size`: Some(90050), added: 92525, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Challenges` (r:6 w:6)
	/// Proof: `Storage::Challenges` (`max_values`: None, `max_size`: Some(104), added: 2579, mode: `MaxEncodedLen`)
	fn report_bad_encoding() -> Weight {
		// Proof size (bytes): measured `542922`, estimated `556140`.
		// Minimum execution time: 50_967_883_000 picoseconds.
		Weight::from_parts(51_483_508_000, 556140)
			.saturating_add(T::DbWeight::get().reads(18_u64))
			.saturating_add(T::DbWeight::get().writes(18_u64))
	}
	/// Storage: `Storage::ChallengeDeadline` (r:1 w:0)
	/// Proof: `Storage::ChallengeDeadline` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Storage::ExpiryCursor` (r:1 w:0)
	/// Proof: `Storage::ExpiryCursor` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	fn on_initialize_idle() -> Weight {
		// Proof size (bytes): measured `37`, estimated `1493`.
		// Minimum execution time: 78_296_000 picoseconds.
		Weight::from_parts(83_964_000, 1493)
			.saturating_add(T::DbWeight::get().reads(2_u64))
	}
	/// Storage: `Babe::NextRandomness` (r:1 w:0)
	/// Proof: `Babe::NextRandomness` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Babe::EpochStart` (r:1 w:0)
	/// Proof: `Babe::EpochStart` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `System::ParentHash` (r:1 w:0)
	/// Proof: `System::ParentHash` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Providers` (r:129 w:0)
	/// Proof: `Storage::Providers` (`max_values`: None, `max_size`: Some(159), added: 2634, mode: `MaxEncodedLen`)
	/// Storage: `Storage::ProviderShards` (r:128 w:0)
	/// Proof: `Storage::ProviderShards` (`max_values`: None, `max_size`: Some(90050), added: 92525, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Challenges` (r:0 w:128)
	/// Proof: `Storage::Challenges` (`max_values`: None, `max_size`: Some(104), added: 2579, mode: `MaxEncodedLen`)
	/// Storage: `Storage::ChallengeDeadline` (r:0 w:1)
	/// Proof: `Storage::ChallengeDeadline` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// The range of component `p` is `[0, 128]`.
	fn open_round(p: u32, ) -> Weight {
		// Proof size (bytes): measured `332 + p * (90145 ±0)`, estimated `3624 + p * (92525 ±0)`.
		// Minimum execution time: 237_252_000 picoseconds.
		Weight::from_parts(292_181_683, 3624)
			// Standard error: 11_347_725
			.saturating_add(Weight::from_parts(397_856_992, 0).saturating_mul(p.into()))
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(T::DbWeight::get().writes(1_u64))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(p.into())))
			.saturating_add(Weight::from_parts(0, 92525).saturating_mul(p.into()))
	}
	/// Storage: `Storage::Challenges` (r:2 w:1)
	/// Proof: `Storage::Challenges` (`max_values`: None, `max_size`: Some(104), added: 2579, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Providers` (r:1 w:1)
	/// Proof: `Storage::Providers` (`max_values`: None, `max_size`: Some(159), added: 2634, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(211), added: 2686, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Storage::ChallengeDeadline` (r:0 w:1)
	/// Proof: `Storage::ChallengeDeadline` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	fn miss_challenge() -> Weight {
		// Proof size (bytes): measured `1293`, estimated `6196`.
		// Minimum execution time: 1_544_679_000 picoseconds.
		Weight::from_parts(1_617_728_000, 6196)
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
	}
	/// Storage: `Storage::Providers` (r:129 w:2)
	/// Proof: `Storage::Providers` (`max_values`: None, `max_size`: Some(159), added: 2634, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Files` (r:1 w:1)
	/// Proof: `Storage::Files` (`max_values`: None, `max_size`: Some(2281), added: 4756, mode: `MaxEncodedLen`)
	/// Storage: `Storage::ProviderShards` (r:2 w:2)
	/// Proof: `Storage::ProviderShards` (`max_values`: None, `max_size`: Some(90050), added: 92525, mode: `MaxEncodedLen`)
	/// The range of component `p` is `[7, 128]`.
	fn reassign_shard(p: u32, ) -> Weight {
		// Proof size (bytes): measured `91214 + p * (85 ±0)`, estimated `186040 + p * (2634 ±0)`.
		// Minimum execution time: 9_432_843_000 picoseconds.
		Weight::from_parts(8_841_863_907, 186040)
			// Standard error: 573_496
			.saturating_add(Weight::from_parts(91_953_315, 0).saturating_mul(p.into()))
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(p.into())))
			.saturating_add(T::DbWeight::get().writes(5_u64))
			.saturating_add(Weight::from_parts(0, 2634).saturating_mul(p.into()))
	}
	/// Storage: `Storage::ExpiryCursor` (r:1 w:1)
	/// Proof: `Storage::ExpiryCursor` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Expiries` (r:50 w:50)
	/// Proof: `Storage::Expiries` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Files` (r:50 w:50)
	/// Proof: `Storage::Files` (`max_values`: None, `max_size`: Some(2281), added: 4756, mode: `MaxEncodedLen`)
	/// Storage: `Storage::ProviderShards` (r:6 w:6)
	/// Proof: `Storage::ProviderShards` (`max_values`: None, `max_size`: Some(90050), added: 92525, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Providers` (r:6 w:6)
	/// Proof: `Storage::Providers` (`max_values`: None, `max_size`: Some(159), added: 2634, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Challenges` (r:6 w:6)
	/// Proof: `Storage::Challenges` (`max_values`: None, `max_size`: Some(104), added: 2579, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// The range of component `f` is `[0, 50]`.
	fn expire_files(f: u32, ) -> Weight {
		// Proof size (bytes): measured `541893 + f * (140 ±0)`, estimated `556140 + f * (4756 ±0)`.
		// Minimum execution time: 215_500_000 picoseconds.
		Weight::from_parts(215_500_000, 556140)
			// Standard error: 46_949_695
			.saturating_add(Weight::from_parts(49_759_922_375, 0).saturating_mul(f.into()))
			.saturating_add(T::DbWeight::get().reads(14_u64))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(f.into())))
			.saturating_add(T::DbWeight::get().writes(13_u64))
			.saturating_add(T::DbWeight::get().writes((2_u64).saturating_mul(f.into())))
			.saturating_add(Weight::from_parts(0, 4756).saturating_mul(f.into()))
	}
	/// Storage: `Storage::ExpiryCursor` (r:1 w:1)
	/// Proof: `Storage::ExpiryCursor` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Expiries` (r:50 w:0)
	/// Proof: `Storage::Expiries` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// The range of component `r` is `[0, 50]`.
	fn skip_expiry_rounds(r: u32, ) -> Weight {
		// Proof size (bytes): measured `37`, estimated `1493 + r * (2539 ±0)`.
		// Minimum execution time: 65_597_000 picoseconds.
		Weight::from_parts(91_997_858, 1493)
			// Standard error: 39_238
			.saturating_add(Weight::from_parts(60_243_506, 0).saturating_mul(r.into()))
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(r.into())))
			.saturating_add(T::DbWeight::get().writes(1_u64))
			.saturating_add(Weight::from_parts(0, 2539).saturating_mul(r.into()))
	}
	fn commit_fraud_report() -> Weight {
		Weight::from_parts(431_500_000, 3600)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	fn choose_encoder() -> Weight {
		Weight::from_parts(1_403_380_000, 6196)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	fn challenge_retrieval() -> Weight {
		Weight::from_parts(2_000_000_000, 8000)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
	}
	fn answer_retrieval() -> Weight {
		Weight::from_parts(2_000_000_000, 8000)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	fn file_deadline() -> Weight {
		Weight::from_parts(55_000_000_000, 561000)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	fn retrieval_deadline() -> Weight {
		Weight::from_parts(3_000_000_000, 8000)
			.saturating_add(T::DbWeight::get().reads(7_u64))
			.saturating_add(T::DbWeight::get().writes(8_u64))
	}
}

/// The same weights with RocksDB's database weights, for mock runtimes and tests.
impl WeightInfo for () {
	fn register_provider() -> Weight {
		Weight::from_parts(1_384_022_000, 3676)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	fn deregister_provider() -> Weight {
		Weight::from_parts(1_443_220_000, 6196)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	fn withdraw_stake() -> Weight {
		Weight::from_parts(1_443_220_000, 93515)
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().writes(6_u64))
	}
	fn submit_file(p: u32, ) -> Weight {
		Weight::from_parts(2_497_138_470, 556140)
			.saturating_add(Weight::from_parts(97_284_979, 0).saturating_mul(p.into()))
			.saturating_add(RocksDbWeight::get().reads(13_u64))
			.saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(p.into())))
			.saturating_add(RocksDbWeight::get().writes(16_u64))
			.saturating_add(Weight::from_parts(0, 2634).saturating_mul(p.into()))
	}
	fn confirm_encoding() -> Weight {
		Weight::from_parts(431_500_000, 5746)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn acknowledge_shard() -> Weight {
		Weight::from_parts(8_700_197_000, 93515)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn extend_file() -> Weight {
		Weight::from_parts(1_403_380_000, 6196)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	fn delete_file() -> Weight {
		Weight::from_parts(51_346_104_000, 556140)
			.saturating_add(RocksDbWeight::get().reads(21_u64))
			.saturating_add(RocksDbWeight::get().writes(22_u64))
	}
	fn submit_proof(a: u32, ) -> Weight {
		Weight::from_parts(1_789_218_068, 93515)
			.saturating_add(Weight::from_parts(137_434_853, 0).saturating_mul(a.into()))
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(a.into())))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
			.saturating_add(RocksDbWeight::get().writes((1_u64).saturating_mul(a.into())))
			.saturating_add(Weight::from_parts(0, 4756).saturating_mul(a.into()))
	}
	fn report_bad_encoding() -> Weight {
		Weight::from_parts(51_483_508_000, 556140)
			.saturating_add(RocksDbWeight::get().reads(18_u64))
			.saturating_add(RocksDbWeight::get().writes(18_u64))
	}
	fn on_initialize_idle() -> Weight {
		Weight::from_parts(83_964_000, 1493)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
	}
	fn open_round(p: u32, ) -> Weight {
		Weight::from_parts(292_181_683, 3624)
			.saturating_add(Weight::from_parts(397_856_992, 0).saturating_mul(p.into()))
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
			.saturating_add(RocksDbWeight::get().writes((1_u64).saturating_mul(p.into())))
			.saturating_add(Weight::from_parts(0, 92525).saturating_mul(p.into()))
	}
	fn miss_challenge() -> Weight {
		Weight::from_parts(1_617_728_000, 6196)
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().writes(6_u64))
	}
	fn reassign_shard(p: u32, ) -> Weight {
		Weight::from_parts(8_841_863_907, 186040)
			.saturating_add(Weight::from_parts(91_953_315, 0).saturating_mul(p.into()))
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(p.into())))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
			.saturating_add(Weight::from_parts(0, 2634).saturating_mul(p.into()))
	}
	fn expire_files(f: u32, ) -> Weight {
		Weight::from_parts(215_500_000, 556140)
			.saturating_add(Weight::from_parts(49_759_922_375, 0).saturating_mul(f.into()))
			.saturating_add(RocksDbWeight::get().reads(14_u64))
			.saturating_add(RocksDbWeight::get().reads((2_u64).saturating_mul(f.into())))
			.saturating_add(RocksDbWeight::get().writes(13_u64))
			.saturating_add(RocksDbWeight::get().writes((2_u64).saturating_mul(f.into())))
			.saturating_add(Weight::from_parts(0, 4756).saturating_mul(f.into()))
	}
	fn skip_expiry_rounds(r: u32, ) -> Weight {
		Weight::from_parts(91_997_858, 1493)
			.saturating_add(Weight::from_parts(60_243_506, 0).saturating_mul(r.into()))
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(r.into())))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
			.saturating_add(Weight::from_parts(0, 2539).saturating_mul(r.into()))
	}
	fn commit_fraud_report() -> Weight {
		Weight::from_parts(431_500_000, 3600)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn choose_encoder() -> Weight {
		Weight::from_parts(1_403_380_000, 6196)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	fn challenge_retrieval() -> Weight {
		Weight::from_parts(2_000_000_000, 8000)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(6_u64))
	}
	fn answer_retrieval() -> Weight {
		Weight::from_parts(2_000_000_000, 8000)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	fn file_deadline() -> Weight {
		Weight::from_parts(55_000_000_000, 561000)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	fn retrieval_deadline() -> Weight {
		Weight::from_parts(3_000_000_000, 8000)
			.saturating_add(RocksDbWeight::get().reads(7_u64))
			.saturating_add(RocksDbWeight::get().writes(8_u64))
	}
}
