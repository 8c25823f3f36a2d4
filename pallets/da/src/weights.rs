// This file is part of zg.
// SPDX-License-Identifier: Apache-2.0


//! Weights for `pallet_zg_da`, measured by `zg-node benchmark pallet` (frame-benchmarking-cli 64.0.0) —
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
// pallet_zg_da
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
// pallets/da/src/weights.rs

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]
#![allow(dead_code)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions of `pallet_zg_da`.
pub trait WeightInfo {
	fn register_signer() -> Weight;
	fn bond_more() -> Weight;
	fn deregister() -> Weight;
	fn withdraw_stake() -> Weight;
	fn submit_blob(r: u32, ) -> Weight;
	fn attest(n: u32, ) -> Weight;
	fn answer_challenge() -> Weight;
	fn keep() -> Weight;
	fn draw_committee(n: u32, ) -> Weight;
	fn deadline() -> Weight;
	fn expire(n: u32, ) -> Weight;
	fn challenge_missed() -> Weight;
	fn issue_challenge() -> Weight;
	fn commit_custody() -> Weight;
	fn reveal_custody() -> Weight;
	fn report_leak() -> Weight;
}

/// The measured weights, with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Da::Signers` (r:1 w:1)
	/// Proof: `Da::Signers` (`max_values`: None, `max_size`: Some(148), added: 2623, mode: `MaxEncodedLen`)
	/// Storage: `Da::PeerIds` (r:1 w:1)
	/// Proof: `Da::PeerIds` (`max_values`: None, `max_size`: Some(114), added: 2589, mode: `MaxEncodedLen`)
	/// Storage: `Da::SignerList` (r:1 w:1)
	/// Proof: `Da::SignerList` (`max_values`: Some(1), `max_size`: Some(8194), added: 8689, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(319), added: 2794, mode: `MaxEncodedLen`)
	fn register_signer() -> Weight {
		// Proof size (bytes): measured `11355`, estimated `9679`.
		// Minimum execution time: 150_064_000 picoseconds.
		Weight::from_parts(189_332_000, 9679)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: `Da::Signers` (r:1 w:1)
	/// Proof: `Da::Signers` (`max_values`: None, `max_size`: Some(148), added: 2623, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(319), added: 2794, mode: `MaxEncodedLen`)
	fn bond_more() -> Weight {
		// Proof size (bytes): measured `557`, estimated `3784`.
		// Minimum execution time: 62_874_000 picoseconds.
		Weight::from_parts(77_756_000, 3784)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `Da::Signers` (r:1 w:1)
	/// Proof: `Da::Signers` (`max_values`: None, `max_size`: Some(148), added: 2623, mode: `MaxEncodedLen`)
	fn deregister() -> Weight {
		// Proof size (bytes): measured `324`, estimated `3613`.
		// Minimum execution time: 14_371_000 picoseconds.
		Weight::from_parts(18_247_000, 3613)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Da::Signers` (r:1 w:1)
	/// Proof: `Da::Signers` (`max_values`: None, `max_size`: Some(148), added: 2623, mode: `MaxEncodedLen`)
	/// Storage: `Da::Challenges` (r:1 w:0)
	/// Proof: `Da::Challenges` (`max_values`: None, `max_size`: Some(65), added: 2540, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(319), added: 2794, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Da::SignerList` (r:1 w:1)
	/// Proof: `Da::SignerList` (`max_values`: Some(1), `max_size`: Some(8194), added: 8689, mode: `MaxEncodedLen`)
	/// Storage: `Da::PeerIds` (r:0 w:1)
	/// Proof: `Da::PeerIds` (`max_values`: None, `max_size`: Some(114), added: 2589, mode: `MaxEncodedLen`)
	fn withdraw_stake() -> Weight {
		// Proof size (bytes): measured `10718`, estimated `9679`.
		// Minimum execution time: 138_927_000 picoseconds.
		Weight::from_parts(197_895_000, 9679)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: `Da::Committees` (r:1 w:0)
	/// Proof: `Da::Committees` (`max_values`: None, `max_size`: Some(4110), added: 6585, mode: `MaxEncodedLen`)
	/// Storage: `Da::BlockBytes` (r:1 w:1)
	/// Proof: `Da::BlockBytes` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Da::BaseFee` (r:1 w:0)
	/// Proof: `Da::BaseFee` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Da::NextBlobId` (r:1 w:1)
	/// Proof: `Da::NextBlobId` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Da::Due` (r:2 w:2)
	/// Proof: `Da::Due` (`max_values`: None, `max_size`: Some(541), added: 3016, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(319), added: 2794, mode: `MaxEncodedLen`)
	/// Storage: `Da::Blobs` (r:0 w:1)
	/// Proof: `Da::Blobs` (`max_values`: None, `max_size`: Some(231), added: 2706, mode: `MaxEncodedLen`)
	/// Storage: `Da::Commitments` (r:0 w:1)
	/// Proof: `Da::Commitments` (`max_values`: None, `max_size`: Some(12738), added: 15213, mode: `MaxEncodedLen`)
	/// The range of component `r` is `[1, 265]`.
	fn submit_blob(r: u32, ) -> Weight {
		// Proof size (bytes): measured `631`, estimated `7575`.
		// Minimum execution time: 81_762_000 picoseconds.
		Weight::from_parts(106_191_745, 7575)
			// Standard error: 2_189
			.saturating_add(Weight::from_parts(29_232, 0).saturating_mul(r.into()))
			.saturating_add(T::DbWeight::get().reads(8_u64))
			.saturating_add(T::DbWeight::get().writes(8_u64))
	}
	/// Storage: `Da::Signers` (r:1 w:1)
	/// Proof: `Da::Signers` (`max_values`: None, `max_size`: Some(148), added: 2623, mode: `MaxEncodedLen`)
	/// Storage: `Da::Blobs` (r:16 w:16)
	/// Proof: `Da::Blobs` (`max_values`: None, `max_size`: Some(231), added: 2706, mode: `MaxEncodedLen`)
	/// Storage: `Da::Committees` (r:16 w:0)
	/// Proof: `Da::Committees` (`max_values`: None, `max_size`: Some(4110), added: 6585, mode: `MaxEncodedLen`)
	/// The range of component `n` is `[1, 16]`.
	fn attest(n: u32, ) -> Weight {
		// Proof size (bytes): measured `4474 + n * (282 ±0)`, estimated `3613 + n * (6585 ±0)`.
		// Minimum execution time: 32_007_000 picoseconds.
		Weight::from_parts(20_873_156, 3613)
			// Standard error: 88_001
			.saturating_add(Weight::from_parts(18_491_961, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(1_u64))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 6585).saturating_mul(n.into()))
	}
	/// Storage: `Da::Challenges` (r:1 w:1)
	/// Proof: `Da::Challenges` (`max_values`: None, `max_size`: Some(65), added: 2540, mode: `MaxEncodedLen`)
	/// Storage: `Da::Commitments` (r:1 w:0)
	/// Proof: `Da::Commitments` (`max_values`: None, `max_size`: Some(12738), added: 15213, mode: `MaxEncodedLen`)
	fn answer_challenge() -> Weight {
		// Proof size (bytes): measured `13077`, estimated `16203`.
		// Minimum execution time: 3_235_922_000 picoseconds.
		Weight::from_parts(3_551_732_000, 16203)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Da::Blobs` (r:1 w:0)
	/// Proof: `Da::Blobs` (`max_values`: None, `max_size`: Some(231), added: 2706, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Files` (r:1 w:0)
	/// Proof: `Storage::Files` (`max_values`: None, `max_size`: Some(2318), added: 4793, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Providers` (r:1 w:0)
	/// Proof: `Storage::Providers` (`max_values`: None, `max_size`: Some(175), added: 2650, mode: `MaxEncodedLen`)
	fn keep() -> Weight {
		// Proof size (bytes): measured `453`, estimated `5783`.
		// Minimum execution time: 15_753_000 picoseconds.
		Weight::from_parts(26_690_000, 5783)
			.saturating_add(T::DbWeight::get().reads(3_u64))
	}
	/// Storage: `Da::Committees` (r:1 w:1)
	/// Proof: `Da::Committees` (`max_values`: None, `max_size`: Some(4110), added: 6585, mode: `MaxEncodedLen`)
	/// Storage: `Da::SignerList` (r:1 w:0)
	/// Proof: `Da::SignerList` (`max_values`: Some(1), `max_size`: Some(8194), added: 8689, mode: `MaxEncodedLen`)
	/// Storage: `Da::Signers` (r:256 w:0)
	/// Proof: `Da::Signers` (`max_values`: None, `max_size`: Some(148), added: 2623, mode: `MaxEncodedLen`)
	/// Storage: `Babe::NextRandomness` (r:1 w:0)
	/// Proof: `Babe::NextRandomness` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Babe::EpochStart` (r:1 w:0)
	/// Proof: `Babe::EpochStart` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// The range of component `n` is `[1, 256]`.
	fn draw_committee(n: u32, ) -> Weight {
		// Proof size (bytes): measured `813 + n * (180 ±0)`, estimated `9679 + n * (2623 ±0)`.
		// Minimum execution time: 182_252_000 picoseconds.
		Weight::from_parts(203_494_706, 9679)
			// Standard error: 113_388
			.saturating_add(Weight::from_parts(7_832_834, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(1_u64))
			.saturating_add(Weight::from_parts(0, 2623).saturating_mul(n.into()))
	}
	/// Storage: `Da::Blobs` (r:1 w:1)
	/// Proof: `Da::Blobs` (`max_values`: None, `max_size`: Some(231), added: 2706, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(319), added: 2794, mode: `MaxEncodedLen`)
	/// Storage: `Da::Commitments` (r:0 w:1)
	/// Proof: `Da::Commitments` (`max_values`: None, `max_size`: Some(12738), added: 15213, mode: `MaxEncodedLen`)
	fn deadline() -> Weight {
		// Proof size (bytes): measured `697`, estimated `3784`.
		// Minimum execution time: 74_832_000 picoseconds.
		Weight::from_parts(114_100_000, 3784)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Storage: `Da::Blobs` (r:1 w:1)
	/// Proof: `Da::Blobs` (`max_values`: None, `max_size`: Some(231), added: 2706, mode: `MaxEncodedLen`)
	/// Storage: `Da::NextBlobId` (r:1 w:0)
	/// Proof: `Da::NextBlobId` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Da::OldestBlob` (r:1 w:1)
	/// Proof: `Da::OldestBlob` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Da::Committees` (r:1 w:0)
	/// Proof: `Da::Committees` (`max_values`: None, `max_size`: Some(4110), added: 6585, mode: `MaxEncodedLen`)
	/// Storage: `Da::Signers` (r:127 w:0)
	/// Proof: `Da::Signers` (`max_values`: None, `max_size`: Some(148), added: 2623, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(319), added: 2794, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:128 w:128)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Da::Commitments` (r:0 w:1)
	/// Proof: `Da::Commitments` (`max_values`: None, `max_size`: Some(12738), added: 15213, mode: `MaxEncodedLen`)
	/// The range of component `n` is `[1, 128]`.
	fn expire(n: u32, ) -> Weight {
		// Proof size (bytes): measured `5418 + n * (234 ±0)`, estimated `7575 + n * (2623 ±0)`.
		// Minimum execution time: 81_661_000 picoseconds.
		Weight::from_parts(92_436_691, 7575)
			// Standard error: 229_110
			.saturating_add(Weight::from_parts(50_809_185, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(5_u64))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2623).saturating_mul(n.into()))
	}
	/// Storage: `Da::Challenges` (r:1 w:1)
	/// Proof: `Da::Challenges` (`max_values`: None, `max_size`: Some(65), added: 2540, mode: `MaxEncodedLen`)
	/// Storage: `Da::Signers` (r:1 w:1)
	/// Proof: `Da::Signers` (`max_values`: None, `max_size`: Some(148), added: 2623, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(319), added: 2794, mode: `MaxEncodedLen`)
	fn challenge_missed() -> Weight {
		// Proof size (bytes): measured `644`, estimated `3784`.
		// Minimum execution time: 46_069_000 picoseconds.
		Weight::from_parts(61_131_000, 3784)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Storage: `Da::SignerList` (r:1 w:0)
	/// Proof: `Da::SignerList` (`max_values`: Some(1), `max_size`: Some(8194), added: 8689, mode: `MaxEncodedLen`)
	/// Storage: `Da::OldestBlob` (r:1 w:0)
	/// Proof: `Da::OldestBlob` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Da::NextBlobId` (r:1 w:0)
	/// Proof: `Da::NextBlobId` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Babe::AuthorVrfRandomness` (r:1 w:0)
	/// Proof: `Babe::AuthorVrfRandomness` (`max_values`: Some(1), `max_size`: Some(33), added: 528, mode: `MaxEncodedLen`)
	/// Storage: `Babe::NextRandomness` (r:1 w:0)
	/// Proof: `Babe::NextRandomness` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Babe::EpochStart` (r:1 w:0)
	/// Proof: `Babe::EpochStart` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `Da::ChallengeCursor` (r:1 w:1)
	/// Proof: `Da::ChallengeCursor` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Da::Signers` (r:1 w:1)
	/// Proof: `Da::Signers` (`max_values`: None, `max_size`: Some(148), added: 2623, mode: `MaxEncodedLen`)
	/// Storage: `Da::Challenges` (r:1 w:1)
	/// Proof: `Da::Challenges` (`max_values`: None, `max_size`: Some(65), added: 2540, mode: `MaxEncodedLen`)
	/// Storage: `Da::Blobs` (r:1 w:0)
	/// Proof: `Da::Blobs` (`max_values`: None, `max_size`: Some(231), added: 2706, mode: `MaxEncodedLen`)
	/// Storage: `Da::Committees` (r:1 w:0)
	/// Proof: `Da::Committees` (`max_values`: None, `max_size`: Some(4110), added: 6585, mode: `MaxEncodedLen`)
	/// Storage: `Da::Due` (r:1 w:1)
	/// Proof: `Da::Due` (`max_values`: None, `max_size`: Some(541), added: 3016, mode: `MaxEncodedLen`)
	fn issue_challenge() -> Weight {
		// Proof size (bytes): measured `4926`, estimated `9679`.
		// Minimum execution time: 49_544_000 picoseconds.
		Weight::from_parts(67_961_000, 9679)
			.saturating_add(T::DbWeight::get().reads(12_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	fn commit_custody() -> Weight {
		Weight::from_parts(67_961_000, 9679)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	fn reveal_custody() -> Weight {
		Weight::from_parts(67_961_000, 9679)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	fn report_leak() -> Weight {
		Weight::from_parts(67_961_000, 9679)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
}

/// The same weights with RocksDB's database weights, for mock runtimes and tests.
impl WeightInfo for () {
	fn register_signer() -> Weight {
		Weight::from_parts(189_332_000, 9679)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	fn bond_more() -> Weight {
		Weight::from_parts(77_756_000, 3784)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	fn deregister() -> Weight {
		Weight::from_parts(18_247_000, 3613)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn withdraw_stake() -> Weight {
		Weight::from_parts(197_895_000, 9679)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	fn submit_blob(r: u32, ) -> Weight {
		Weight::from_parts(106_191_745, 7575)
			.saturating_add(Weight::from_parts(29_232, 0).saturating_mul(r.into()))
			.saturating_add(RocksDbWeight::get().reads(8_u64))
			.saturating_add(RocksDbWeight::get().writes(8_u64))
	}
	fn attest(n: u32, ) -> Weight {
		Weight::from_parts(20_873_156, 3613)
			.saturating_add(Weight::from_parts(18_491_961, 0).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().reads((2_u64).saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
			.saturating_add(RocksDbWeight::get().writes((1_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 6585).saturating_mul(n.into()))
	}
	fn answer_challenge() -> Weight {
		Weight::from_parts(3_551_732_000, 16203)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn keep() -> Weight {
		Weight::from_parts(26_690_000, 5783)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
	}
	fn draw_committee(n: u32, ) -> Weight {
		Weight::from_parts(203_494_706, 9679)
			.saturating_add(Weight::from_parts(7_832_834, 0).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
			.saturating_add(Weight::from_parts(0, 2623).saturating_mul(n.into()))
	}
	fn deadline() -> Weight {
		Weight::from_parts(114_100_000, 3784)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	fn expire(n: u32, ) -> Weight {
		Weight::from_parts(92_436_691, 7575)
			.saturating_add(Weight::from_parts(50_809_185, 0).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().reads((2_u64).saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
			.saturating_add(RocksDbWeight::get().writes((1_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2623).saturating_mul(n.into()))
	}
	fn challenge_missed() -> Weight {
		Weight::from_parts(61_131_000, 3784)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	fn issue_challenge() -> Weight {
		Weight::from_parts(67_961_000, 9679)
			.saturating_add(RocksDbWeight::get().reads(12_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	fn commit_custody() -> Weight {
		Weight::from_parts(67_961_000, 9679)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	fn reveal_custody() -> Weight {
		Weight::from_parts(67_961_000, 9679)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	fn report_leak() -> Weight {
		Weight::from_parts(67_961_000, 9679)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
}
