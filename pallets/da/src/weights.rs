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
	fn commit_custody() -> Weight;
	fn reveal_custody() -> Weight;
	fn report_leak() -> Weight;
	fn keep() -> Weight;
	fn draw_committee(n: u32, ) -> Weight;
	fn deadline() -> Weight;
	fn expire(n: u32, ) -> Weight;
	fn challenge_missed() -> Weight;
	fn issue_challenge() -> Weight;
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
		// Minimum execution time: 138_876_000 picoseconds.
		Weight::from_parts(189_743_000, 9679)
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
		// Minimum execution time: 63_435_000 picoseconds.
		Weight::from_parts(83_354_000, 3784)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `Da::Signers` (r:1 w:1)
	/// Proof: `Da::Signers` (`max_values`: None, `max_size`: Some(148), added: 2623, mode: `MaxEncodedLen`)
	fn deregister() -> Weight {
		// Proof size (bytes): measured `324`, estimated `3613`.
		// Minimum execution time: 14_662_000 picoseconds.
		Weight::from_parts(27_551_000, 3613)
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
	/// Storage: `Da::CustodyAnchors` (r:0 w:1)
	/// Proof: `Da::CustodyAnchors` (`max_values`: None, `max_size`: Some(84), added: 2559, mode: `MaxEncodedLen`)
	fn withdraw_stake() -> Weight {
		// Proof size (bytes): measured `10718`, estimated `9679`.
		// Minimum execution time: 155_191_000 picoseconds.
		Weight::from_parts(216_322_000, 9679)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
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
		// Minimum execution time: 82_202_000 picoseconds.
		Weight::from_parts(129_937_810, 7575)
			// Standard error: 1_862
			.saturating_add(Weight::from_parts(25_439, 0).saturating_mul(r.into()))
			.saturating_add(T::DbWeight::get().reads(8_u64))
			.saturating_add(T::DbWeight::get().writes(8_u64))
	}
	/// Storage: `Da::Signers` (r:1 w:1)
	/// Proof: `Da::Signers` (`max_values`: None, `max_size`: Some(148), added: 2623, mode: `MaxEncodedLen`)
	/// Storage: `Da::CustodyAnchors` (r:1 w:0)
	/// Proof: `Da::CustodyAnchors` (`max_values`: None, `max_size`: Some(84), added: 2559, mode: `MaxEncodedLen`)
	/// Storage: `Da::Blobs` (r:16 w:16)
	/// Proof: `Da::Blobs` (`max_values`: None, `max_size`: Some(231), added: 2706, mode: `MaxEncodedLen`)
	/// Storage: `Da::Committees` (r:16 w:0)
	/// Proof: `Da::Committees` (`max_values`: None, `max_size`: Some(4110), added: 6585, mode: `MaxEncodedLen`)
	/// Storage: `Da::CustodyRoots` (r:16 w:16)
	/// Proof: `Da::CustodyRoots` (`max_values`: None, `max_size`: Some(8210), added: 10685, mode: `MaxEncodedLen`)
	/// The range of component `n` is `[1, 16]`.
	fn attest(n: u32, ) -> Weight {
		// Proof size (bytes): measured `12707 + n * (334 ±0)`, estimated `3613 + n * (10685 ±0)`.
		// Minimum execution time: 78_417_000 picoseconds.
		Weight::from_parts(42_688_127, 3613)
			// Standard error: 326_573
			.saturating_add(Weight::from_parts(65_672_761, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().reads((3_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(1_u64))
			.saturating_add(T::DbWeight::get().writes((2_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 10685).saturating_mul(n.into()))
	}
	/// Storage: `Da::Challenges` (r:1 w:1)
	/// Proof: `Da::Challenges` (`max_values`: None, `max_size`: Some(65), added: 2540, mode: `MaxEncodedLen`)
	/// Storage: `Da::Blobs` (r:1 w:0)
	/// Proof: `Da::Blobs` (`max_values`: None, `max_size`: Some(231), added: 2706, mode: `MaxEncodedLen`)
	/// Storage: `Da::Commitments` (r:1 w:0)
	/// Proof: `Da::Commitments` (`max_values`: None, `max_size`: Some(12738), added: 15213, mode: `MaxEncodedLen`)
	/// Storage: `Da::CustodyAnchors` (r:1 w:1)
	/// Proof: `Da::CustodyAnchors` (`max_values`: None, `max_size`: Some(84), added: 2559, mode: `MaxEncodedLen`)
	/// Storage: `Da::CustodyRoots` (r:1 w:0)
	/// Proof: `Da::CustodyRoots` (`max_values`: None, `max_size`: Some(8210), added: 10685, mode: `MaxEncodedLen`)
	/// Storage: `Da::Committees` (r:1 w:0)
	/// Proof: `Da::Committees` (`max_values`: None, `max_size`: Some(4110), added: 6585, mode: `MaxEncodedLen`)
	fn answer_challenge() -> Weight {
		// Proof size (bytes): measured `25779`, estimated `16203`.
		// Minimum execution time: 4_599_923_000 picoseconds.
		Weight::from_parts(6_162_571_000, 16203)
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `Da::Signers` (r:1 w:0)
	/// Proof: `Da::Signers` (`max_values`: None, `max_size`: Some(148), added: 2623, mode: `MaxEncodedLen`)
	/// Storage: `Da::CustodyAnchors` (r:1 w:1)
	/// Proof: `Da::CustodyAnchors` (`max_values`: None, `max_size`: Some(84), added: 2559, mode: `MaxEncodedLen`)
	fn commit_custody() -> Weight {
		// Proof size (bytes): measured `324`, estimated `3613`.
		// Minimum execution time: 20_521_000 picoseconds.
		Weight::from_parts(59_609_000, 3613)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Da::CustodyAnchors` (r:1 w:1)
	/// Proof: `Da::CustodyAnchors` (`max_values`: None, `max_size`: Some(84), added: 2559, mode: `MaxEncodedLen`)
	fn reveal_custody() -> Weight {
		// Proof size (bytes): measured `304`, estimated `3549`.
		// Minimum execution time: 1_035_834_000 picoseconds.
		Weight::from_parts(1_232_326_000, 3549)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Da::CustodyAnchors` (r:1 w:1)
	/// Proof: `Da::CustodyAnchors` (`max_values`: None, `max_size`: Some(84), added: 2559, mode: `MaxEncodedLen`)
	/// Storage: `Da::Signers` (r:1 w:1)
	/// Proof: `Da::Signers` (`max_values`: None, `max_size`: Some(148), added: 2623, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(319), added: 2794, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	fn report_leak() -> Weight {
		// Proof size (bytes): measured `842`, estimated `6196`.
		// Minimum execution time: 1_128_551_000 picoseconds.
		Weight::from_parts(1_432_484_000, 6196)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: `Da::Blobs` (r:1 w:0)
	/// Proof: `Da::Blobs` (`max_values`: None, `max_size`: Some(231), added: 2706, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Files` (r:1 w:0)
	/// Proof: `Storage::Files` (`max_values`: None, `max_size`: Some(2318), added: 4793, mode: `MaxEncodedLen`)
	/// Storage: `Storage::Providers` (r:1 w:0)
	/// Proof: `Storage::Providers` (`max_values`: None, `max_size`: Some(175), added: 2650, mode: `MaxEncodedLen`)
	fn keep() -> Weight {
		// Proof size (bytes): measured `453`, estimated `5783`.
		// Minimum execution time: 15_743_000 picoseconds.
		Weight::from_parts(29_314_000, 5783)
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
		// Minimum execution time: 165_136_000 picoseconds.
		Weight::from_parts(161_617_830, 9679)
			// Standard error: 95_164
			.saturating_add(Weight::from_parts(6_461_315, 0).saturating_mul(n.into()))
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
		// Minimum execution time: 74_992_000 picoseconds.
		Weight::from_parts(101_311_000, 3784)
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
	/// Storage: `Da::CustodyRoots` (r:0 w:1)
	/// Proof: `Da::CustodyRoots` (`max_values`: None, `max_size`: Some(8210), added: 10685, mode: `MaxEncodedLen`)
	/// Storage: `Da::Commitments` (r:0 w:1)
	/// Proof: `Da::Commitments` (`max_values`: None, `max_size`: Some(12738), added: 15213, mode: `MaxEncodedLen`)
	/// The range of component `n` is `[1, 128]`.
	fn expire(n: u32, ) -> Weight {
		// Proof size (bytes): measured `5451 + n * (234 ±0)`, estimated `7575 + n * (2623 ±0)`.
		// Minimum execution time: 85_047_000 picoseconds.
		Weight::from_parts(88_271_000, 7575)
			// Standard error: 530_051
			.saturating_add(Weight::from_parts(64_879_761, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(6_u64))
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
		// Minimum execution time: 48_893_000 picoseconds.
		Weight::from_parts(76_064_000, 3784)
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
		// Minimum execution time: 49_774_000 picoseconds.
		Weight::from_parts(75_262_000, 9679)
			.saturating_add(T::DbWeight::get().reads(12_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
}

/// The same weights with RocksDB's database weights, for mock runtimes and tests.
impl WeightInfo for () {
	fn register_signer() -> Weight {
		Weight::from_parts(189_743_000, 9679)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	fn bond_more() -> Weight {
		Weight::from_parts(83_354_000, 3784)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	fn deregister() -> Weight {
		Weight::from_parts(27_551_000, 3613)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn withdraw_stake() -> Weight {
		Weight::from_parts(216_322_000, 9679)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(6_u64))
	}
	fn submit_blob(r: u32, ) -> Weight {
		Weight::from_parts(129_937_810, 7575)
			.saturating_add(Weight::from_parts(25_439, 0).saturating_mul(r.into()))
			.saturating_add(RocksDbWeight::get().reads(8_u64))
			.saturating_add(RocksDbWeight::get().writes(8_u64))
	}
	fn attest(n: u32, ) -> Weight {
		Weight::from_parts(42_688_127, 3613)
			.saturating_add(Weight::from_parts(65_672_761, 0).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().reads((3_u64).saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
			.saturating_add(RocksDbWeight::get().writes((2_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 10685).saturating_mul(n.into()))
	}
	fn answer_challenge() -> Weight {
		Weight::from_parts(6_162_571_000, 16203)
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn commit_custody() -> Weight {
		Weight::from_parts(59_609_000, 3613)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn reveal_custody() -> Weight {
		Weight::from_parts(1_232_326_000, 3549)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn report_leak() -> Weight {
		Weight::from_parts(1_432_484_000, 6196)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	fn keep() -> Weight {
		Weight::from_parts(29_314_000, 5783)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
	}
	fn draw_committee(n: u32, ) -> Weight {
		Weight::from_parts(161_617_830, 9679)
			.saturating_add(Weight::from_parts(6_461_315, 0).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
			.saturating_add(Weight::from_parts(0, 2623).saturating_mul(n.into()))
	}
	fn deadline() -> Weight {
		Weight::from_parts(101_311_000, 3784)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	fn expire(n: u32, ) -> Weight {
		Weight::from_parts(88_271_000, 7575)
			.saturating_add(Weight::from_parts(64_879_761, 0).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().reads((2_u64).saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().writes(6_u64))
			.saturating_add(RocksDbWeight::get().writes((1_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2623).saturating_mul(n.into()))
	}
	fn challenge_missed() -> Weight {
		Weight::from_parts(76_064_000, 3784)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	fn issue_challenge() -> Weight {
		Weight::from_parts(75_262_000, 9679)
			.saturating_add(RocksDbWeight::get().reads(12_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
}
