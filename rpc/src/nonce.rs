//! `system_accountNextIndex` (alias `account_nextIndex`): the next nonce of an account, counting its transactions
//! in the pool — without the race of polkadot-sdk's own method, which this one replaces.
//!
//! polkadot-sdk's method (`substrate-frame-rpc-system`) reads the account nonce at the best block, then walks the
//! pool's ready transactions from that nonce. When a block that includes the account's pooled transactions is
//! imported between the two reads (the nonce read is a runtime call: milliseconds on a busy node), the pool has
//! dropped them as included while the nonce read predates them, and the answer falls back to the old nonce: every
//! transaction the account has in flight is forgotten for that one answer. A wallet that signs with it reuses a
//! nonce already taken. Seen twice: in CI's end-to-end run, `cast nonce --block pending` through `zg-eth-rpc`
//! answered 0 with 20 transactions pending; polling the method across blocks that each included 20 transactions
//! answered 0 in one of 8 rounds.
//!
//! Here the best block is read again after the pool. A block's transactions leave the pool only after the block
//! became best, so when the best block did not move, each of the account's transactions was either in the pool
//! when it was read or in the nonce read before it: the answer is whole. When the best block moved, both are read
//! again, at most [`MAX_READS`] times (a node importing block after block, e.g. while it syncs, gets the largest of
//! its answers: none of them is above the true next nonce, as each counts only transactions that exist).

use std::sync::Arc;

use codec::Encode;
use jsonrpsee::{
	core::{async_trait, RpcResult},
	proc_macros::rpc,
	types::ErrorObject,
};
use sc_transaction_pool_api::{InPoolTransaction, TransactionPool};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use substrate_frame_rpc_system::AccountNonceApi;
use zg_primitives::{AccountId, Block, Hash, Nonce};

/// Reads of the best block's nonce and the pool per answer, at most.
pub const MAX_READS: usize = 3;
/// The error code of a failed nonce read (polkadot-sdk's method uses the same).
pub const RUNTIME_ERROR: i32 = 1;

/// The RPC methods of this module.
#[rpc(server)]
pub trait NextIndexApi {
	/// The next nonce of `account`: its nonce at the best block, advanced past its transactions in the pool that
	/// follow it without a gap (see the module docs for how the two are read together).
	#[method(name = "system_accountNextIndex", aliases = ["account_nextIndex"])]
	async fn nonce(&self, account: AccountId) -> RpcResult<Nonce>;
}

/// What an answer is read from.
pub trait NonceSource {
	/// The best block's hash.
	fn best(&self) -> Hash;
	/// `account`'s nonce at block `at`.
	fn nonce_at(&self, at: Hash, account: &AccountId) -> Result<Nonce, String>;
	/// `nonce` advanced past `account`'s ready transactions in the pool that follow it without a gap.
	fn past_ready(&self, account: &AccountId, nonce: Nonce) -> Nonce;
}

/// `account`'s next nonce from `source`, read as the module docs say.
pub fn next_index(source: &impl NonceSource, account: &AccountId) -> Result<Nonce, String> {
	let mut answer: Nonce = 0;
	for _ in 0..MAX_READS {
		let best = source.best();
		answer = answer.max(source.past_ready(account, source.nonce_at(best, account)?));
		if source.best() == best {
			break;
		}
	}
	Ok(answer)
}

/// `nonce` advanced past the `ready` transactions (in the pool's order, where a sender's transactions come in nonce
/// order) that are `account`'s next nonces, told by each one's first `provides` tag (`first_tag`): the tag of a
/// signed transaction's nonce check is `(account, nonce)` SCALE-encoded.
pub fn past_ready<R>(
	ready: impl Iterator<Item = R>,
	first_tag: impl Fn(&R) -> Option<&[u8]>,
	account: &AccountId,
	mut nonce: Nonce,
) -> Nonce {
	let mut tag = (account, nonce).encode();
	for tx in ready {
		if first_tag(&tx) == Some(&tag[..]) {
			nonce = nonce.saturating_add(1);
			tag = (account, nonce).encode();
		}
	}
	nonce
}

/// The node's client and pool, as a [`NonceSource`].
pub struct NextIndex<C, P> {
	client: Arc<C>,
	pool: Arc<P>,
}

impl<C, P> NextIndex<C, P> {
	/// Answers from `client`'s best block and `pool`.
	pub fn new(client: Arc<C>, pool: Arc<P>) -> Self {
		Self { client, pool }
	}
}

impl<C, P> NonceSource for NextIndex<C, P>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block>,
	C::Api: AccountNonceApi<Block, AccountId, Nonce>,
	P: TransactionPool<Block = Block>,
{
	fn best(&self) -> Hash {
		self.client.info().best_hash
	}

	fn nonce_at(&self, at: Hash, account: &AccountId) -> Result<Nonce, String> {
		self.client.runtime_api().account_nonce(at, account.clone()).map_err(|e| e.to_string())
	}

	fn past_ready(&self, account: &AccountId, nonce: Nonce) -> Nonce {
		past_ready(self.pool.ready(), |tx| tx.provides().first().map(|t| &t[..]), account, nonce)
	}
}

#[async_trait]
impl<C, P> NextIndexApiServer for NextIndex<C, P>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: AccountNonceApi<Block, AccountId, Nonce>,
	P: TransactionPool<Block = Block> + 'static,
{
	async fn nonce(&self, account: AccountId) -> RpcResult<Nonce> {
		next_index(self, &account)
			.map_err(|e| ErrorObject::owned(RUNTIME_ERROR, "Unable to query nonce.", Some(e)).into())
	}
}

#[cfg(test)]
mod tests {
	use std::{cell::RefCell, collections::BTreeMap};

	use super::*;

	const ALICE: AccountId = AccountId::new([1; 32]);
	const BOB: AccountId = AccountId::new([2; 32]);

	/// A chain of blocks `0..` (hash = number) with Alice's nonce at each, and a pool of Alice's ready nonces;
	/// `imports` says which block is imported (made best, its transactions pruned from the pool) during the n-th
	/// nonce read.
	struct Chain {
		best: RefCell<u8>,
		nonce_at: BTreeMap<u8, Nonce>,
		pool: RefCell<Vec<Nonce>>,
		imports: RefCell<Vec<Option<u8>>>,
		reads: RefCell<usize>,
	}

	impl Chain {
		fn new(nonce_at: &[(u8, Nonce)], pool: std::ops::Range<Nonce>, imports: Vec<Option<u8>>) -> Self {
			Self {
				best: RefCell::new(0),
				nonce_at: nonce_at.iter().copied().collect(),
				pool: RefCell::new(pool.collect()),
				imports: RefCell::new(imports),
				reads: RefCell::new(0),
			}
		}
	}

	impl NonceSource for Chain {
		fn best(&self) -> Hash {
			Hash::repeat_byte(*self.best.borrow())
		}

		fn nonce_at(&self, at: Hash, account: &AccountId) -> Result<Nonce, String> {
			*self.reads.borrow_mut() += 1;
			let answer = if *account == ALICE { self.nonce_at[&at.0[0]] } else { 0 };
			// A block imported while the runtime call ran: best, and its transactions gone from the pool.
			let mut imports = self.imports.borrow_mut();
			if let Some(Some(block)) = (!imports.is_empty()).then(|| imports.remove(0)) {
				*self.best.borrow_mut() = block;
				let included = self.nonce_at[&block];
				self.pool.borrow_mut().retain(|n| *n >= included);
			}
			Ok(answer)
		}

		fn past_ready(&self, account: &AccountId, nonce: Nonce) -> Nonce {
			let tags: Vec<Vec<u8>> = self.pool.borrow().iter().map(|n| (ALICE, *n).encode()).collect();
			past_ready(tags.iter(), |t| Some(&t[..]), account, nonce)
		}
	}

	#[test]
	fn a_block_imported_between_the_reads_does_not_hide_the_pooled_transactions() {
		// Alice has nonces 0..20 in the pool at best block 0; block 1, which includes them all, is imported while
		// her nonce at block 0 is read. Read once, as polkadot-sdk's method does, the answer would be 0.
		let chain = Chain::new(&[(0, 0), (1, 20)], 0..20, vec![Some(1)]);
		assert_eq!(next_index(&chain, &ALICE), Ok(20));
		assert_eq!(*chain.reads.borrow(), 2, "read again once: the best block moved");
		// Half of them included: the rest are still counted.
		let chain = Chain::new(&[(0, 0), (1, 10)], 0..20, vec![Some(1)]);
		assert_eq!(next_index(&chain, &ALICE), Ok(20));
	}

	#[test]
	fn an_unmoving_best_block_is_read_once() {
		let chain = Chain::new(&[(0, 5)], 5..9, vec![]);
		assert_eq!(next_index(&chain, &ALICE), Ok(9));
		assert_eq!(*chain.reads.borrow(), 1);
		// A gap stops the count; another account's transactions are not counted.
		let chain = Chain::new(&[(0, 5)], 6..9, vec![]);
		assert_eq!(next_index(&chain, &ALICE), Ok(5));
		let chain = Chain::new(&[(0, 5)], 5..9, vec![]);
		assert_eq!(next_index(&chain, &BOB), Ok(0));
	}

	#[test]
	fn a_best_block_that_keeps_moving_is_read_a_bounded_number_of_times() {
		// A block imported during every read (a syncing node): MAX_READS reads, the largest answer.
		let chain =
			Chain::new(&[(0, 0), (1, 4), (2, 8), (3, 12), (4, 16)], 0..20, vec![Some(1), Some(2), Some(3), Some(4)]);
		assert_eq!(next_index(&chain, &ALICE), Ok(8), "no answer is above the next nonce; the last read's is largest");
		assert_eq!(*chain.reads.borrow(), MAX_READS);
	}

	#[test]
	fn the_nonce_walk_follows_the_nonce_tags_in_pool_order() {
		let tag = |who: &AccountId, n: Nonce| (who, n).encode();
		// Bob's transactions interleaved, one without a tag, and Alice's in nonce order.
		let tags = [Some(tag(&ALICE, 3)), Some(tag(&BOB, 3)), None, Some(tag(&ALICE, 4)), Some(tag(&ALICE, 6))];
		assert_eq!(past_ready(tags.iter(), |t| t.as_deref(), &ALICE, 3), 5);
		assert_eq!(past_ready(tags.iter(), |t| t.as_deref(), &ALICE, 4), 5);
		assert_eq!(past_ready(tags.iter(), |t| t.as_deref(), &ALICE, 0), 0);
		let last = [Some(tag(&ALICE, Nonce::MAX))];
		assert_eq!(past_ready(last.iter(), |t| t.as_deref(), &ALICE, Nonce::MAX), Nonce::MAX, "no overflow");
	}
}
