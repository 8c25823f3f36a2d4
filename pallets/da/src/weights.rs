//! Weights for `pallet_zg_da`: PROVISIONAL (not yet measured) until `scripts/bench-weights.sh pallet_zg_da`
//! regenerates this file from a release node.

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
}

/// The measured weights, with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn register_signer() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn bond_more() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn deregister() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn withdraw_stake() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn submit_blob(r: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(10, 10)).saturating_add(Weight::from_parts(10_000_000, 1_000).saturating_mul(r.into())).saturating_add(T::DbWeight::get().reads_writes(2, 2).saturating_mul(r.into()))
	}
	fn attest(n: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(10, 10)).saturating_add(Weight::from_parts(10_000_000, 1_000).saturating_mul(n.into())).saturating_add(T::DbWeight::get().reads_writes(2, 2).saturating_mul(n.into()))
	}
	fn answer_challenge() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn keep() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn draw_committee(n: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(10, 10)).saturating_add(Weight::from_parts(10_000_000, 1_000).saturating_mul(n.into())).saturating_add(T::DbWeight::get().reads_writes(2, 2).saturating_mul(n.into()))
	}
	fn deadline() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn expire(n: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(10, 10)).saturating_add(Weight::from_parts(10_000_000, 1_000).saturating_mul(n.into())).saturating_add(T::DbWeight::get().reads_writes(2, 2).saturating_mul(n.into()))
	}
	fn challenge_missed() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
	fn issue_challenge() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(10, 10))
	}
}

impl WeightInfo for () {
	fn register_signer() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(10, 10))
	}
	fn bond_more() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(10, 10))
	}
	fn deregister() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(10, 10))
	}
	fn withdraw_stake() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(10, 10))
	}
	fn submit_blob(r: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(10, 10)).saturating_add(Weight::from_parts(10_000_000, 1_000).saturating_mul(r.into())).saturating_add(RocksDbWeight::get().reads_writes(2, 2).saturating_mul(r.into()))
	}
	fn attest(n: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(10, 10)).saturating_add(Weight::from_parts(10_000_000, 1_000).saturating_mul(n.into())).saturating_add(RocksDbWeight::get().reads_writes(2, 2).saturating_mul(n.into()))
	}
	fn answer_challenge() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(10, 10))
	}
	fn keep() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(10, 10))
	}
	fn draw_committee(n: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(10, 10)).saturating_add(Weight::from_parts(10_000_000, 1_000).saturating_mul(n.into())).saturating_add(RocksDbWeight::get().reads_writes(2, 2).saturating_mul(n.into()))
	}
	fn deadline() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(10, 10))
	}
	fn expire(n: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(10, 10)).saturating_add(Weight::from_parts(10_000_000, 1_000).saturating_mul(n.into())).saturating_add(RocksDbWeight::get().reads_writes(2, 2).saturating_mul(n.into()))
	}
	fn challenge_missed() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(10, 10))
	}
	fn issue_challenge() -> Weight {
		Weight::from_parts(100_000_000, 10_000).saturating_add(RocksDbWeight::get().reads_writes(10, 10))
	}
}
