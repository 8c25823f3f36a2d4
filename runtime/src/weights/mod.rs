//! Weights of the FRAME machinery every transaction pays for, measured for zg with frame-benchmarking on a
//! release node (`scripts/bench-weights.sh overhead storage pallet_balances frame_system_extensions
//! pallet_transaction_payment`), instead of polkadot-sdk's reference figures for its own machine and state:
//! - [`BlockExecutionWeight`] and [`ExtrinsicBaseWeight`] (`benchmark overhead`): an empty block, and the smallest
//!   extrinsic (a signed `remark`, its transaction extensions run); the block weight limits and the fee of every
//!   transaction start from them, the extrinsic's base as [`base_extrinsic`] (see there);
//! - [`RocksDbWeight`] (`benchmark storage`): one read and one write of the database, on a state of 200,000
//!   accounts; every call's weight charges them per key it touches;
//! - [`pallet_balances`]: the transfers and the rest of the token's calls;
//! - [`frame_system_extensions`] and [`pallet_transaction_payment`]: the transaction extensions every signed
//!   transaction runs (genesis, era, nonce and weight checks, weight reclaim; charging the fee), added to each
//!   transaction's weight on top of the call's.
//!
//! The files are generated; rerun the script on the reference machine rather than editing them.

pub mod block_weights;
pub mod extrinsic_weights;
pub mod frame_system_extensions;
pub mod pallet_balances;
pub mod pallet_transaction_payment;
// The generated file documents the fields of a struct expression, which rustdoc ignores.
#[allow(unused_doc_comments)]
pub mod rocksdb_weights;

pub use block_weights::BlockExecutionWeight;
pub use extrinsic_weights::ExtrinsicBaseWeight;
pub use rocksdb_weights::constants::RocksDbWeight;

use crate::{Runtime, RuntimeCall};
use frame_support::weights::Weight;
use sp_runtime::{generic::Era, traits::TransactionExtension};

/// The database accesses that the transaction extensions' weights charge for a signed transaction: `CheckNonce`
/// and `ChargeTransactionPayment` each read and write the sender's `System::Account` (the `r:1 w:1` of their
/// generated weights); the other extensions touch no storage. A test reads the generated files to keep this true.
pub const EXTENSION_READS_WRITES: (u64, u64) = (2, 2);

/// The measured execution time of the transaction extensions a signed no-op runs, without their database
/// accesses: what the extension benchmarks measured (`frame_system_extensions`, `pallet_transaction_payment`).
pub fn extensions_execution() -> Weight {
	let remark = RuntimeCall::System(frame_system::Call::remark { remark: Default::default() });
	// A mortal transaction's era check is the cheaper of the two: subtracting it leaves the base the larger.
	let extensions = crate::tx_extension(Era::mortal(256, 0), 0, 0);
	let (reads, writes) = EXTENSION_READS_WRITES;
	let database = <Runtime as frame_system::Config>::DbWeight::get().reads_writes(reads, writes);
	extensions.weight(&remark).saturating_sub(database)
}

/// The `base_extrinsic` of every dispatch class: what each extrinsic is charged beyond its call and its
/// transaction extensions. [`ExtrinsicBaseWeight`] is measured on a signed `remark`, so it already contains the
/// extensions' execution, which every signed transaction is charged again through the extensions' own weights
/// (polkadot-sdk counts it twice: paritytech/polkadot-sdk#9981). The base is the measurement less
/// [`extensions_execution`]: signature check, decoding and dispatch. A signed no-op is then charged at least what
/// was measured for it (base + extensions' execution), plus the extensions' database accesses priced cold.
pub fn base_extrinsic() -> Weight {
	ExtrinsicBaseWeight::get().saturating_sub(extensions_execution())
}

#[cfg(test)]
mod tests {
	use super::*;

	/// The execution time (the first `Weight::from_parts` term) and the `reads(n)`/`writes(n)` of the generated
	/// weight function `name` in `source`.
	fn generated(source: &str, name: &str) -> (u64, u64, u64) {
		let start = source.find(&format!("fn {name}() -> Weight {{")).unwrap_or_else(|| panic!("no fn {name}"));
		let body = &source[start..];
		let body = &body[..body.find("\n\t}").expect("the function ends")];
		let number = |after: &str| -> u64 {
			body.find(after).map_or(0, |at| {
				let digits: String = body[at + after.len()..]
					.chars()
					.take_while(|c| c.is_ascii_digit() || *c == '_')
					.filter(|c| *c != '_')
					.collect();
				digits.parse().expect("a number")
			})
		};
		(number("Weight::from_parts("), number(".reads("), number(".writes("))
	}

	/// The base is the signed no-op's measurement less exactly the execution times the extension benchmarks wrote
	/// into the generated files, and the database accesses taken out are exactly those the files charge: regenerated
	/// weights that change either fail here instead of silently changing the base.
	#[test]
	fn base_extrinsic_is_the_measurement_less_the_generated_extension_times() {
		let system = include_str!("frame_system_extensions.rs");
		let payment = include_str!("pallet_transaction_payment.rs");
		let mut sum = (0, 0, 0);
		for (source, name) in [
			(system, "check_non_zero_sender"),
			(system, "check_spec_version"),
			(system, "check_tx_version"),
			(system, "check_genesis"),
			(system, "check_mortality_mortal_transaction"),
			(system, "check_nonce"),
			(system, "check_weight"),
			(system, "weight_reclaim"),
			(payment, "charge_transaction_payment"),
		] {
			let (time, reads, writes) = generated(source, name);
			assert!(time > 0, "{name} has no measured time");
			sum = (sum.0 + time, sum.1 + reads, sum.2 + writes);
		}
		assert_eq!((sum.1, sum.2), EXTENSION_READS_WRITES, "the extensions' database accesses");
		assert_eq!(extensions_execution().ref_time(), sum.0, "the extensions' measured execution");
		assert!(sum.0 < ExtrinsicBaseWeight::get().ref_time(), "the extensions ran inside the measured no-op");
		assert_eq!(base_extrinsic().ref_time(), ExtrinsicBaseWeight::get().ref_time() - sum.0);
	}
}
