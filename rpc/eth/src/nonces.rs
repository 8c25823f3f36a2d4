//! What the front last read of each sender's nonces, so that a sender's transactions in nonce order are checked
//! without asking the chain twice per transaction.
//!
//! Before it submits a transaction, the front refuses one whose nonce is below the sender's account nonce (`nonce too
//! low`, as geth says it) or more than [`MAX_NONCE_AHEAD`] past the next nonce the pool expects (the bound on what
//! one sender may park in the pool). Reading both for every transaction cost two calls into the node — one of them
//! walks the whole ready pool — and made the front the bottleneck of a busy sender. Here the two nonces, once read,
//! serve that sender's next transactions for [`FRESH`]:
//! - a transaction they admit is submitted without a new read, and the next nonce the pool expects moves past it
//!   when it was that nonce;
//! - a transaction they would refuse is checked against a new read, so every refusal the front gives is from the
//!   chain as it is.
//!
//! A read can only lag: the account nonce only grows, so a stale one lets a transaction that is really too low
//! reach the pool, which refuses it as outdated (and the front explains it from a new read); the pool's next
//! nonce moves forward with this sender's own transactions, which the front counts, and back only when the pool
//! drops them, after which for at most [`FRESH`] a sender may park up to that many more transactions.

use std::{
	collections::HashMap,
	time::{Duration, Instant},
};

use sp_core::{H160, U256};

use crate::geth::MAX_NONCE_AHEAD;

/// How long a read serves (two 3-second blocks).
pub const FRESH: Duration = Duration::from_secs(6);
/// Senders remembered at once; past this, reads older than [`FRESH`] go, then all of them.
pub const CAPACITY: usize = 65_536;

/// One sender's nonces as last read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Read {
	/// The account nonce at the best block.
	pub state: U256,
	/// The next nonce the pool expects (at least `state`).
	pub pending: U256,
	at: Instant,
}

/// The senders' last reads (see the module docs).
pub struct Nonces {
	reads: HashMap<H160, Read>,
	capacity: usize,
}

impl Default for Nonces {
	fn default() -> Self {
		Self::with_capacity(CAPACITY)
	}
}

impl Nonces {
	/// At most `capacity` senders remembered.
	pub fn with_capacity(capacity: usize) -> Self {
		Self { reads: HashMap::new(), capacity: capacity.max(1) }
	}

	/// `signer`'s last read, if it is fresh at `now` and admits a transaction of `nonce`.
	pub fn admits(&self, signer: H160, nonce: U256, now: Instant) -> Option<Read> {
		let read = self.reads.get(&signer).filter(|r| now.saturating_duration_since(r.at) < FRESH)?;
		(nonce >= read.state && nonce <= read.pending.saturating_add(MAX_NONCE_AHEAD.into())).then_some(*read)
	}

	/// Records what was read of `signer` at `now`.
	pub fn read(&mut self, signer: H160, state: U256, pending: U256, now: Instant) -> Read {
		if self.reads.len() >= self.capacity && !self.reads.contains_key(&signer) {
			self.reads.retain(|_, r| now.saturating_duration_since(r.at) < FRESH);
			if self.reads.len() >= self.capacity {
				self.reads.clear();
			}
		}
		let read = Read { state, pending: pending.max(state), at: now };
		self.reads.insert(signer, read);
		read
	}

	/// A transaction of `signer` with `nonce` entered the pool: if it was the next nonce the pool expected, the
	/// next one is.
	pub fn submitted(&mut self, signer: H160, nonce: U256) {
		if let Some(read) = self.reads.get_mut(&signer) {
			if read.pending == nonce {
				read.pending = nonce.saturating_add(U256::one());
			}
		}
	}

	/// How many senders are remembered.
	#[cfg(test)]
	fn len(&self) -> usize {
		self.reads.len()
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	const ALICE: H160 = H160::repeat_byte(1);
	const BOB: H160 = H160::repeat_byte(2);

	#[test]
	fn a_sender_in_nonce_order_is_read_once_per_freshness() {
		let t0 = Instant::now();
		let mut nonces = Nonces::default();
		assert_eq!(nonces.admits(ALICE, 5.into(), t0), None, "nothing read yet");
		nonces.read(ALICE, 5.into(), 5.into(), t0);
		for n in 5u64..200 {
			let now = t0 + Duration::from_millis(n);
			assert!(nonces.admits(ALICE, n.into(), now).is_some(), "nonce {n} in order");
			nonces.submitted(ALICE, n.into());
		}
		assert_eq!(nonces.admits(ALICE, 200.into(), t0 + FRESH), None, "a read serves only while fresh");
		assert_eq!(nonces.admits(BOB, 0.into(), t0), None, "reads are per sender");
	}

	#[test]
	fn what_a_read_would_refuse_is_read_again() {
		let t0 = Instant::now();
		let mut nonces = Nonces::default();
		nonces.read(ALICE, 10.into(), 12.into(), t0);
		assert_eq!(nonces.admits(ALICE, 9.into(), t0), None, "below the account nonce");
		assert!(nonces.admits(ALICE, (12 + MAX_NONCE_AHEAD).into(), t0).is_some());
		assert_eq!(nonces.admits(ALICE, (13 + MAX_NONCE_AHEAD).into(), t0), None, "past the bound");
		// A future transaction does not move the pool's next nonce; only the one the pool expects does.
		nonces.submitted(ALICE, 20.into());
		assert_eq!(nonces.admits(ALICE, (13 + MAX_NONCE_AHEAD).into(), t0), None);
		nonces.submitted(ALICE, 12.into());
		assert!(nonces.admits(ALICE, (13 + MAX_NONCE_AHEAD).into(), t0).is_some());
		// The pool's next nonce is never below the account's.
		let read = nonces.read(BOB, 7.into(), 3.into(), t0);
		assert_eq!(read.pending, 7.into());
	}

	#[test]
	fn the_remembered_senders_are_bounded() {
		let t0 = Instant::now();
		let mut nonces = Nonces::with_capacity(4);
		for i in 0..4u8 {
			nonces.read(H160::repeat_byte(i), 0.into(), 0.into(), t0);
		}
		// Full of fresh reads: a new sender's read replaces them all.
		nonces.read(H160::repeat_byte(9), 0.into(), 0.into(), t0);
		assert_eq!(nonces.len(), 1);
		for i in 0..3u8 {
			nonces.read(H160::repeat_byte(i), 0.into(), 0.into(), t0);
		}
		// Full again, the older reads stale: only they go.
		let later = t0 + FRESH;
		nonces.read(H160::repeat_byte(3), 0.into(), 0.into(), later);
		nonces.read(H160::repeat_byte(4), 0.into(), 0.into(), later);
		assert_eq!(nonces.len(), 2);
		// A sender already remembered never evicts anyone.
		nonces.read(H160::repeat_byte(4), 1.into(), 1.into(), later);
		assert_eq!(nonces.len(), 2);
	}
}
