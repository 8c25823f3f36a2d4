// This file is part of zg.
// SPDX-License-Identifier: Apache-2.0


//! Weights for `zg_precompiles`, measured by `zg-node benchmark pallet` (frame-benchmarking-cli 64.0.0) —
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
// zg_precompiles
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
// runtime/src/precompiles/weights.rs

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]
#![allow(dead_code)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions of `zg_precompiles`.
pub trait WeightInfo {
	fn precompile_call() -> Weight;
	fn storage_fee() -> Weight;
	fn storage_file() -> Weight;
	fn da_blob() -> Weight;
	fn da_commitments() -> Weight;
	fn compute_ledger() -> Weight;
	fn compute_job() -> Weight;
	fn staking_bonded() -> Weight;
}

/// The measured weights, with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Revive::OriginalAccount` (r:2 w:0)
	/// Proof: `Revive::OriginalAccount` (`max_values`: None, `max_size`: Some(52), added: 2527, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	fn precompile_call() -> Weight {
		// Proof size (bytes): measured `588`, estimated `6044`.
		// Minimum execution time: 19_088_000 picoseconds.
		Weight::from_parts(34_561_000, 6044)
			.saturating_add(T::DbWeight::get().reads(3_u64))
	}
	/// Storage: `Revive::OriginalAccount` (r:2 w:0)
	/// Proof: `Revive::OriginalAccount` (`max_values`: None, `max_size`: Some(52), added: 2527, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	fn storage_fee() -> Weight {
		// Proof size (bytes): measured `588`, estimated `6044`.
		// Minimum execution time: 19_740_000 picoseconds.
		Weight::from_parts(34_462_000, 6044)
			.saturating_add(T::DbWeight::get().reads(3_u64))
	}
	/// Storage: `Revive::OriginalAccount` (r:2 w:0)
	/// Proof: `Revive::OriginalAccount` (`max_values`: None, `max_size`: Some(52), added: 2527, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Files` (r:1 w:0)
	/// Proof: `Storage::Files` (`max_values`: None, `max_size`: Some(2318), added: 4793, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Providers` (r:33 w:0)
	/// Proof: `Storage::Providers` (`max_values`: None, `max_size`: Some(175), added: 2650, mode: `MaxEncodedLen`)
	fn storage_file() -> Weight {
		// Proof size (bytes): measured `3144`, estimated `88440`.
		// Minimum execution time: 104_305_000 picoseconds.
		Weight::from_parts(145_386_000, 88440)
			.saturating_add(T::DbWeight::get().reads(37_u64))
	}
	/// Storage: `Revive::OriginalAccount` (r:2 w:0)
	/// Proof: `Revive::OriginalAccount` (`max_values`: None, `max_size`: Some(52), added: 2527, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Da::Blobs` (r:1 w:0)
	/// Proof: `Da::Blobs` (`max_values`: None, `max_size`: Some(231), added: 2706, mode: `MaxEncodedLen`)
	fn da_blob() -> Weight {
		// Proof size (bytes): measured `957`, estimated `6044`.
		// Minimum execution time: 28_402_000 picoseconds.
		Weight::from_parts(41_722_000, 6044)
			.saturating_add(T::DbWeight::get().reads(4_u64))
	}
	/// Storage: `Revive::OriginalAccount` (r:2 w:0)
	/// Proof: `Revive::OriginalAccount` (`max_values`: None, `max_size`: Some(52), added: 2527, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Da::Commitments` (r:1 w:0)
	/// Proof: `Da::Commitments` (`max_values`: None, `max_size`: Some(12738), added: 15213, mode: `MaxEncodedLen`)
	fn da_commitments() -> Weight {
		// Proof size (bytes): measured `13500`, estimated `16203`.
		// Minimum execution time: 75_633_000 picoseconds.
		Weight::from_parts(116_634_000, 16203)
			.saturating_add(T::DbWeight::get().reads(4_u64))
	}
	/// Storage: `Revive::OriginalAccount` (r:3 w:0)
	/// Proof: `Revive::OriginalAccount` (`max_values`: None, `max_size`: Some(52), added: 2527, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Compute::Ledgers` (r:1 w:0)
	/// Proof: `Compute::Ledgers` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	fn compute_ledger() -> Weight {
		// Proof size (bytes): measured `731`, estimated `8571`.
		// Minimum execution time: 26_629_000 picoseconds.
		Weight::from_parts(32_538_000, 8571)
			.saturating_add(T::DbWeight::get().reads(5_u64))
	}
	/// Storage: `Revive::OriginalAccount` (r:2 w:0)
	/// Proof: `Revive::OriginalAccount` (`max_values`: None, `max_size`: Some(52), added: 2527, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Compute::Jobs` (r:1 w:0)
	/// Proof: `Compute::Jobs` (`max_values`: None, `max_size`: Some(4550), added: 7025, mode: `MaxEncodedLen`)
	fn compute_job() -> Weight {
		// Proof size (bytes): measured `5269`, estimated `8015`.
		// Minimum execution time: 29_794_000 picoseconds.
		Weight::from_parts(41_201_000, 8015)
			.saturating_add(T::DbWeight::get().reads(4_u64))
	}
	/// Storage: `Revive::OriginalAccount` (r:3 w:0)
	/// Proof: `Revive::OriginalAccount` (`max_values`: None, `max_size`: Some(52), added: 2527, mode: `MaxEncodedLen`)
	/// Storage: `Timestamp::Now` (r:1 w:0)
	/// Proof: `Timestamp::Now` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Staking::Bonded` (r:1 w:0)
	/// Proof: `Staking::Bonded` (`max_values`: None, `max_size`: Some(72), added: 2547, mode: `MaxEncodedLen`)
	/// Storage: `Staking::Ledger` (r:1 w:0)
	/// Proof: `Staking::Ledger` (`max_values`: None, `max_size`: Some(1091), added: 3566, mode: `MaxEncodedLen`)
	fn staking_bonded() -> Weight {
		// Proof size (bytes): measured `1379`, estimated `8571`.
		// Minimum execution time: 41_672_000 picoseconds.
		Weight::from_parts(50_415_000, 8571)
			.saturating_add(T::DbWeight::get().reads(6_u64))
	}
}

/// The same weights with RocksDB's database weights, for mock runtimes and tests.
impl WeightInfo for () {
	fn precompile_call() -> Weight {
		Weight::from_parts(34_561_000, 6044)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
	}
	fn storage_fee() -> Weight {
		Weight::from_parts(34_462_000, 6044)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
	}
	fn storage_file() -> Weight {
		Weight::from_parts(145_386_000, 88440)
			.saturating_add(RocksDbWeight::get().reads(37_u64))
	}
	fn da_blob() -> Weight {
		Weight::from_parts(41_722_000, 6044)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
	}
	fn da_commitments() -> Weight {
		Weight::from_parts(116_634_000, 16203)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
	}
	fn compute_ledger() -> Weight {
		Weight::from_parts(32_538_000, 8571)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
	}
	fn compute_job() -> Weight {
		Weight::from_parts(41_201_000, 8015)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
	}
	fn staking_bonded() -> Weight {
		Weight::from_parts(50_415_000, 8571)
			.saturating_add(RocksDbWeight::get().reads(6_u64))
	}
}
