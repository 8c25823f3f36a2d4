//! Configuration of every pallet in the runtime, one file per area.

pub mod compute;
pub mod consensus;
pub mod da;
pub mod evm;
pub mod governance;
pub mod monetary;
pub mod offchain;
pub mod staking;
pub mod storage;
pub mod system;
