// This file is part of zg.
// SPDX-License-Identifier: Apache-2.0

//! Weights for `pallet_zg_storage`
//!
//! PLACEHOLDERS — NOT MEASURED. The numbers below were written by hand from a count of the storage reads and
//! writes of each path (the `r`/`w` below) plus a rough allowance for computation; no benchmark has produced
//! them. They have the shape `frame-benchmarking-cli` generates, so regenerate this file, once the runtime
//! includes the pallet, with:
//!
//!   zg-node benchmark pallet --runtime <zg_runtime.compact.compressed.wasm> --pallet pallet_zg_storage \
//!     --extrinsic '*' --steps 50 --repeat 20 --output pallets/storage/src/weights.rs \
//!     --template <frame-weight-template.hbs>
//!
//! (the node needs `--features runtime-benchmarks`). Until then, treat every value as a guess.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]
#![allow(dead_code)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_zg_storage`.
pub trait WeightInfo {
	fn register_provider() -> Weight;
	fn deregister_provider(a: u32, p: u32, ) -> Weight;
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
}

/// Weights for `pallet_zg_storage` using the Substrate node and recommended hardware.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Storage::Providers` (r:1 w:1), `Storage::CounterForProviders` (r:1 w:1),
	/// `Balances::Holds` (r:1 w:1), `System::Account` (r:1 w:1)
	fn register_provider() -> Weight {
		Weight::from_parts(60_000_000, 4_000)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Storage: `Storage::Providers` (r:1+p w:1+a), `Storage::ProviderShards` (r:1+a w:1+a),
	/// `Storage::Files` (r:a w:a), `Babe::*` randomness (r:1)
	/// The range of component `a` is `[0, 1024]`.
	/// The range of component `p` is `[6, 1024]`.
	fn deregister_provider(a: u32, p: u32, ) -> Weight {
		Weight::from_parts(50_000_000, 4_000)
			.saturating_add(Weight::from_parts(40_000_000, 6_000).saturating_mul(a.into()))
			.saturating_add(Weight::from_parts(3_000_000, 2_600).saturating_mul(p.into()))
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().reads((3_u64).saturating_mul(a.into())))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(p.into())))
			.saturating_add(T::DbWeight::get().writes(1_u64))
			.saturating_add(T::DbWeight::get().writes((4_u64).saturating_mul(a.into())))
	}
	/// Storage: `Storage::Providers` (r:1 w:1), `Storage::CounterForProviders` (r:1 w:1),
	/// `Storage::ProviderShards` (r:1 w:1), `Storage::Challenges` (r:1 w:1), `Balances::Holds` (r:1 w:1),
	/// `System::Account` (r:1 w:1)
	fn withdraw_stake() -> Weight {
		Weight::from_parts(65_000_000, 4_000)
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
	}
	/// Storage: `Storage::Files` (r:1 w:1), `Storage::Providers` (r:p w:n), `Storage::ProviderShards` (r:n w:n),
	/// `Storage::Expiries` (r:0 w:1), `System::Account` (r:2 w:2), randomness (r:1)
	/// The range of component `p` is `[6, 1024]`.
	fn submit_file(p: u32, ) -> Weight {
		Weight::from_parts(120_000_000, 8_000)
			.saturating_add(Weight::from_parts(3_000_000, 2_600).saturating_mul(p.into()))
			.saturating_add(T::DbWeight::get().reads(10_u64))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(p.into())))
			.saturating_add(T::DbWeight::get().writes(16_u64))
	}
	/// Storage: `Storage::Providers` (r:1 w:0), `Storage::Files` (r:1 w:1)
	fn confirm_encoding() -> Weight {
		Weight::from_parts(30_000_000, 3_000)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Storage::Files` (r:1 w:1), `Storage::ProviderShards` (r:1 w:1)
	fn acknowledge_shard() -> Weight {
		Weight::from_parts(35_000_000, 50_000)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `Storage::Files` (r:1 w:1), `Storage::Expiries` (r:0 w:2), `System::Account` (r:2 w:2)
	fn extend_file() -> Weight {
		Weight::from_parts(55_000_000, 4_000)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: `Storage::Files` (r:1 w:1), `Storage::ProviderShards` (r:n w:n), `Storage::Providers` (r:n w:n),
	/// `Storage::Challenges` (r:n w:n), `Storage::Expiries` (r:0 w:1), `System::Account` (r:2 w:2)
	fn delete_file() -> Weight {
		Weight::from_parts(150_000_000, 300_000)
			.saturating_add(T::DbWeight::get().reads(21_u64))
			.saturating_add(T::DbWeight::get().writes(22_u64))
	}
	/// Storage: `Storage::Challenges` (r:1 w:1), `Storage::Files` (r:1+a w:a), `Storage::Providers` (r:1 w:1),
	/// `Storage::ProviderShards` (r:1 w:0), `System::Account` (r:2 w:2)
	/// The range of component `a` is `[1, 1024]`.
	fn submit_proof(a: u32, ) -> Weight {
		Weight::from_parts(70_000_000, 50_000)
			.saturating_add(Weight::from_parts(12_000_000, 2_800).saturating_mul(a.into()))
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(a.into())))
			.saturating_add(T::DbWeight::get().writes(4_u64))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(a.into())))
	}
	/// Storage: `Storage::Files` (r:1 w:1), `Storage::ProviderShards` (r:n w:n), `Storage::Challenges` (r:n w:n),
	/// `Storage::Providers` (r:1 w:1), `Balances::Holds` (r:1 w:1), `System::Account` (r:3 w:3)
	fn report_bad_encoding() -> Weight {
		Weight::from_parts(250_000_000, 300_000)
			.saturating_add(T::DbWeight::get().reads(18_u64))
			.saturating_add(T::DbWeight::get().writes(18_u64))
	}
	/// Storage: `Storage::ChallengeDeadline` (r:1 w:0), `Storage::ExpiryCursor` (r:1 w:1)
	fn on_initialize_idle() -> Weight {
		Weight::from_parts(5_000_000, 1_500)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Storage::Providers` (r:p w:0), `Storage::ProviderShards` (r:p w:0), `Storage::Challenges`
	/// (r:0 w:p), `Storage::ChallengeDeadline` (r:0 w:1), randomness (r:1)
	/// The range of component `p` is `[0, 1024]`.
	fn open_round(p: u32, ) -> Weight {
		Weight::from_parts(20_000_000, 2_000)
			.saturating_add(Weight::from_parts(25_000_000, 50_000).saturating_mul(p.into()))
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(T::DbWeight::get().writes(1_u64))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(p.into())))
	}
	/// Storage: `Storage::Challenges` (r:1 w:1), `Storage::Providers` (r:1 w:1), `Balances::Holds` (r:1 w:1),
	/// `System::Account` (r:2 w:2)
	fn miss_challenge() -> Weight {
		Weight::from_parts(60_000_000, 4_000)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: `Storage::Files` (r:1 w:1), `Storage::ProviderShards` (r:2 w:2), `Storage::Providers`
	/// (r:p w:2), randomness (r:1)
	/// The range of component `p` is `[6, 1024]`.
	fn reassign_shard(p: u32, ) -> Weight {
		Weight::from_parts(45_000_000, 100_000)
			.saturating_add(Weight::from_parts(3_000_000, 2_600).saturating_mul(p.into()))
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(p.into())))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: `Storage::Expiries` (r:f w:f), `Storage::Files` (r:f w:f), `Storage::ProviderShards`
	/// (r:n·f w:n·f), `Storage::Providers` (r:n·f w:n·f), `Storage::Challenges` (r:n·f w:n·f),
	/// `System::Account` (r:2f w:2f)
	/// The range of component `f` is `[0, 64]`.
	fn expire_files(f: u32, ) -> Weight {
		Weight::from_parts(0, 0)
			.saturating_add(Weight::from_parts(150_000_000, 300_000).saturating_mul(f.into()))
			.saturating_add(T::DbWeight::get().reads((22_u64).saturating_mul(f.into())))
			.saturating_add(T::DbWeight::get().writes((22_u64).saturating_mul(f.into())))
	}
	/// Storage: `Storage::Expiries` (r:r w:0)
	/// The range of component `r` is `[0, 64]`.
	fn skip_expiry_rounds(r: u32, ) -> Weight {
		Weight::from_parts(0, 0)
			.saturating_add(Weight::from_parts(3_000_000, 500).saturating_mul(r.into()))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(r.into())))
	}
}

// For backwards compatibility and tests.
impl WeightInfo for () {
	fn register_provider() -> Weight {
		Weight::from_parts(60_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	fn deregister_provider(a: u32, p: u32, ) -> Weight {
		Weight::from_parts(50_000_000, 4_000)
			.saturating_add(Weight::from_parts(40_000_000, 6_000).saturating_mul(a.into()))
			.saturating_add(Weight::from_parts(3_000_000, 2_600).saturating_mul(p.into()))
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().reads((3_u64).saturating_mul(a.into())))
			.saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(p.into())))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
			.saturating_add(RocksDbWeight::get().writes((4_u64).saturating_mul(a.into())))
	}
	fn withdraw_stake() -> Weight {
		Weight::from_parts(65_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().writes(6_u64))
	}
	fn submit_file(p: u32, ) -> Weight {
		Weight::from_parts(120_000_000, 8_000)
			.saturating_add(Weight::from_parts(3_000_000, 2_600).saturating_mul(p.into()))
			.saturating_add(RocksDbWeight::get().reads(10_u64))
			.saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(p.into())))
			.saturating_add(RocksDbWeight::get().writes(16_u64))
	}
	fn confirm_encoding() -> Weight {
		Weight::from_parts(30_000_000, 3_000)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn acknowledge_shard() -> Weight {
		Weight::from_parts(35_000_000, 50_000)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn extend_file() -> Weight {
		Weight::from_parts(55_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	fn delete_file() -> Weight {
		Weight::from_parts(150_000_000, 300_000)
			.saturating_add(RocksDbWeight::get().reads(21_u64))
			.saturating_add(RocksDbWeight::get().writes(22_u64))
	}
	fn submit_proof(a: u32, ) -> Weight {
		Weight::from_parts(70_000_000, 50_000)
			.saturating_add(Weight::from_parts(12_000_000, 2_800).saturating_mul(a.into()))
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(a.into())))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
			.saturating_add(RocksDbWeight::get().writes((1_u64).saturating_mul(a.into())))
	}
	fn report_bad_encoding() -> Weight {
		Weight::from_parts(250_000_000, 300_000)
			.saturating_add(RocksDbWeight::get().reads(18_u64))
			.saturating_add(RocksDbWeight::get().writes(18_u64))
	}
	fn on_initialize_idle() -> Weight {
		Weight::from_parts(5_000_000, 1_500)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn open_round(p: u32, ) -> Weight {
		Weight::from_parts(20_000_000, 2_000)
			.saturating_add(Weight::from_parts(25_000_000, 50_000).saturating_mul(p.into()))
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().reads((2_u64).saturating_mul(p.into())))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
			.saturating_add(RocksDbWeight::get().writes((1_u64).saturating_mul(p.into())))
	}
	fn miss_challenge() -> Weight {
		Weight::from_parts(60_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	fn reassign_shard(p: u32, ) -> Weight {
		Weight::from_parts(45_000_000, 100_000)
			.saturating_add(Weight::from_parts(3_000_000, 2_600).saturating_mul(p.into()))
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(p.into())))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	fn expire_files(f: u32, ) -> Weight {
		Weight::from_parts(0, 0)
			.saturating_add(Weight::from_parts(150_000_000, 300_000).saturating_mul(f.into()))
			.saturating_add(RocksDbWeight::get().reads((22_u64).saturating_mul(f.into())))
			.saturating_add(RocksDbWeight::get().writes((22_u64).saturating_mul(f.into())))
	}
	fn skip_expiry_rounds(r: u32, ) -> Weight {
		Weight::from_parts(0, 0)
			.saturating_add(Weight::from_parts(3_000_000, 500).saturating_mul(r.into()))
			.saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(r.into())))
	}
}
