//! Weights of the FRAME machinery every transaction pays for, measured for zg with frame-benchmarking on a
//! release node (`scripts/bench-weights.sh overhead storage pallet_balances frame_system_extensions
//! pallet_transaction_payment`), instead of polkadot-sdk's reference figures for its own machine and state:
//! - [`BlockExecutionWeight`] and [`ExtrinsicBaseWeight`] (`benchmark overhead`): an empty block, and the smallest
//!   extrinsic; the block weight limits and the fee of every transaction start from them;
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
