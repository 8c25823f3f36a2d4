//! What the off-chain workers of every pallet share: one transaction of an account waiting for a block at a time.
//!
//! A worker signs with the account nonce it reads from the state of the block it runs for. While a transaction it
//! sent is not in a block, the next one would get the same nonce, and the pool would refuse it or let it replace
//! the first. So a worker records, in the node's persistent off-chain storage, the block and the nonce of the last
//! transaction it sent for an account ([`LastSent::record`]) and sends the next only once that one cannot be
//! waiting any more ([`LastSent::may_be_waiting`]): in a later block whose state shows the account's nonce past the
//! one it used (the transaction is in a block, so the next can be in the block after it), or two blocks later (a
//! duty's transaction lives two blocks in the pools, so one that reached no block is gone and is sent again,
//! signed afresh, while it is still due).

use alloc::vec::Vec;
use codec::{Decode, Encode};
use sp_runtime::{offchain::storage::StorageValueRef, traits::AtLeast32BitUnsigned};

/// The last transaction an off-chain worker sent for one account, kept under one key of the node's persistent
/// off-chain storage.
pub struct LastSent {
	key: Vec<u8>,
}

impl LastSent {
	/// The record under `key` (a worker's prefix and the account, SCALE-encoded).
	pub fn new(key: Vec<u8>) -> Self {
		Self { key }
	}

	/// Whether the last transaction sent may still be waiting for a block, seen from block `now`, where the
	/// account's nonce is `nonce`: it was sent in this block or the previous one, and the nonce has not passed the
	/// one it used. A record that does not decode (written by another version) counts as none: at worst one
	/// transaction more, which the pool refuses for its nonce.
	pub fn may_be_waiting<B, N>(&self, now: B, nonce: N) -> bool
	where
		B: AtLeast32BitUnsigned + Encode + Decode + Copy,
		N: PartialOrd + Encode + Decode,
	{
		let record = StorageValueRef::persistent(&self.key).get::<(B, N)>().ok().flatten();
		matches!(record, Some((at, used)) if at <= now && now <= at.saturating_add(B::one()) && nonce <= used)
	}

	/// Records a transaction sent in block `now`, signed with the account's nonce `nonce` (read before sending).
	pub fn record<B: Encode, N: Encode>(&self, now: B, nonce: N) {
		StorageValueRef::persistent(&self.key).set(&(now, nonce));
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_core::offchain::{testing::TestOffchainExt, OffchainDbExt, OffchainWorkerExt};

	fn with_offchain(test: impl FnOnce()) {
		let (offchain, _) = TestOffchainExt::new();
		let mut ext = sp_io::TestExternalities::default();
		ext.register_extension(OffchainWorkerExt::new(offchain.clone()));
		ext.register_extension(OffchainDbExt::new(offchain));
		ext.execute_with(test);
	}

	#[test]
	fn a_transaction_waits_until_its_nonce_is_spent_or_two_blocks_have_passed() {
		with_offchain(|| {
			let last = LastSent::new(b"test::sent".to_vec());
			assert!(!last.may_be_waiting(10u32, 4u32), "nothing sent yet");
			last.record(10u32, 4u32);
			// Another run for the same block, and the next block while the nonce is unspent: wait.
			assert!(last.may_be_waiting(10u32, 4u32));
			assert!(last.may_be_waiting(11u32, 4u32));
			// The next block included it: the next transaction may go in the block after it.
			assert!(!last.may_be_waiting(11u32, 5u32));
			// Two blocks later it is gone from the pools, in a block or not.
			assert!(!last.may_be_waiting(12u32, 4u32));
			// A run for an earlier block (another fork) is not held back by a later one's.
			assert!(!last.may_be_waiting(9u32, 4u32));
			// Another account's record is another key.
			assert!(!LastSent::new(b"test::sent2".to_vec()).may_be_waiting(10u32, 4u32));
		});
	}

	#[test]
	fn a_record_of_another_shape_counts_as_none() {
		with_offchain(|| {
			StorageValueRef::persistent(b"test::old").set(&10u32);
			let last = LastSent::new(b"test::old".to_vec());
			assert!(!last.may_be_waiting(10u32, 4u32));
			last.record(10u32, 4u32);
			assert!(last.may_be_waiting(10u32, 4u32));
		});
	}
}
