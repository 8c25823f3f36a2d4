//! What zg-node's transaction pool (sc-transaction-pool's single-state pool, whose maintenance calls
//! `Pool::prune` for every new best block) does with an off-chain worker's transaction that the network never
//! put in a block, and with the worker's resend of it two blocks later.
//!
//! The attack on an honest provider needs no attacker: the worker answers a challenge in the block that opened
//! it, peers that have not imported that block yet refuse the proof (no challenge there), and the provider's node
//! never offers them that transaction again. The resend is signed afresh (a new transaction) under the same
//! nonce, at the same highest priority, so the provider's own pool refuses it while it holds the first copy: the
//! provider missed its deadline and was slashed (CI, storage.test.mjs (d)). The runtime now gives due duties a
//! two-block life and every worker transaction a four-block era, two blocks in a pool (checked through `Executive`
//! in runtime/tests/integration/storage.rs); here the real pool shows what those lifetimes do.

use std::{
	collections::HashMap,
	sync::{Arc, Mutex},
};

use async_trait::async_trait;
use codec::Encode;
use sc_transaction_pool::{ChainApi, Options, Pool, TimedTransactionSource, ValidateTransactionPriority};
use sc_transaction_pool_api::error::Error as PoolError;
use sp_blockchain::HashAndNumber;
use sp_core::H256;
use sp_runtime::{
	generic::BlockId,
	traits::{Block as BlockT, NumberFor},
	transaction_validity::{TransactionLongevity, TransactionSource, TransactionValidity, ValidTransaction},
	OpaqueExtrinsic,
};
use zg_primitives::Block;

/// A chain whose runtime answers, for each transaction, the validity the test gave it; block `n`'s hash is `n`.
#[derive(Default)]
struct Chain {
	validity: Mutex<HashMap<H256, ValidTransaction>>,
}

fn block(n: u32) -> HashAndNumber<Block> {
	HashAndNumber { hash: H256::from_low_u64_be(n.into()), number: n }
}

#[async_trait]
impl ChainApi for Chain {
	type Block = Block;
	type Error = PoolError;

	async fn validate_transaction(
		&self,
		at: H256,
		source: TransactionSource,
		uxt: Arc<OpaqueExtrinsic>,
		_: ValidateTransactionPriority,
	) -> Result<TransactionValidity, Self::Error> {
		self.validate_transaction_blocking(at, source, uxt)
	}

	fn validate_transaction_blocking(
		&self,
		_at: H256,
		_: TransactionSource,
		uxt: Arc<OpaqueExtrinsic>,
	) -> Result<TransactionValidity, Self::Error> {
		let hash = self.hash_and_length(&uxt).0;
		Ok(Ok(self.validity.lock().expect("not poisoned").get(&hash).cloned().expect("the test set its validity")))
	}

	fn block_id_to_number(&self, at: &BlockId<Block>) -> Result<Option<NumberFor<Block>>, Self::Error> {
		Ok(match at {
			BlockId::Number(n) => Some(*n),
			BlockId::Hash(h) => Some(h.to_low_u64_be() as u32),
		})
	}

	fn block_id_to_hash(&self, at: &BlockId<Block>) -> Result<Option<H256>, Self::Error> {
		Ok(match at {
			BlockId::Number(n) => Some(block(*n).hash),
			BlockId::Hash(h) => Some(*h),
		})
	}

	fn hash_and_length(&self, uxt: &OpaqueExtrinsic) -> (H256, usize) {
		let encoded = uxt.encode();
		(sp_io::hashing::blake2_256(&encoded).into(), encoded.len())
	}

	async fn block_body(&self, _: H256) -> Result<Option<Vec<OpaqueExtrinsic>>, Self::Error> {
		Ok(Some(Vec::new()))
	}

	fn block_header(&self, _: H256) -> Result<Option<<Block as BlockT>::Header>, Self::Error> {
		Ok(None)
	}

	/// Unused by `Pool` (only the pools' maintenance asks for routes between blocks).
	fn tree_route(&self, from: H256, _: H256) -> Result<sp_blockchain::TreeRoute<Block>, Self::Error> {
		Err(PoolError::InvalidBlockId(format!("no routes in this chain: {from:?}")))
	}
}

/// The provider's node: its pool, and the worker's transactions as the runtime validates them.
struct ProviderNode {
	chain: Arc<Chain>,
	pool: Pool<Chain, ()>,
	signed: u8,
}

impl ProviderNode {
	fn new() -> Self {
		let chain = Arc::new(Chain::default());
		let pool = Pool::new_with_staticly_sized_rotator(Options::default(), true.into(), chain.clone());
		Self { chain, pool, signed: 0 }
	}

	/// The worker signs its answer (a new signature: a new transaction each time) under the account's next nonce
	/// and submits it at best block `at`, where the runtime gives it `longevity`.
	fn worker_sends(&mut self, at: u32, longevity: TransactionLongevity) -> Result<H256, PoolError> {
		self.signed += 1;
		let xt = OpaqueExtrinsic::from_blob(vec![b'p', b'r', b'o', b'o', b'f', self.signed]);
		let hash = self.chain.hash_and_length(&xt).0;
		let validity = ValidTransaction {
			priority: pallet_zg_storage::DUTY_PRIORITY,
			requires: Vec::new(),
			// `CheckNonce`'s tag: the provider's account and the nonce both copies carry.
			provides: vec![(b"provider", 7u32).encode()],
			longevity,
			propagate: true,
		};
		self.chain.validity.lock().expect("not poisoned").insert(hash, validity);
		futures::executor::block_on(self.pool.submit_one(
			&block(at),
			TimedTransactionSource::new_local(false),
			Arc::new(xt),
		))
		.map(|outcome| outcome.hash())
	}

	/// Block `n` is imported without the provider's transaction (the peers had refused it); the pool's
	/// maintenance runs as for every new best block.
	fn imports_block_without_it(&self, n: u32) {
		futures::executor::block_on(self.pool.prune(&block(n), block(n - 1).hash, &[], None));
	}

	fn holds(&self, hash: H256) -> bool {
		self.pool.validated_pool().ready_by_hash(&hash).is_some()
	}
}

/// The worker answers at block 30 (the first copy, which every peer refused) and, as the workers do, again two
/// blocks after a send the pool took and in the next block after one it refused; the challenge's deadline is 36.
/// The node runs the worker and the pool's maintenance of each new block concurrently: `worker_first` takes the
/// worse order. Returns the block at which a resend first entered the provider's pool, if one did.
fn resend_gets_in(longevity: TransactionLongevity, worker_first: bool) -> Option<u32> {
	let mut node = ProviderNode::new();
	let first = node.worker_sends(30, longevity).expect("the first copy enters the pool");
	assert!(node.holds(first));
	// While the first copy is held, a resend is refused: same nonce, no higher priority.
	assert!(
		matches!(node.worker_sends(30, longevity), Err(PoolError::TooLowPriority { .. })),
		"a replacement at the same priority is refused"
	);
	let mut next_try = 32;
	for n in 31..=36 {
		if !worker_first {
			node.imports_block_without_it(n);
		}
		if n >= next_try {
			match node.worker_sends(n, longevity) {
				Ok(resend) => {
					assert!(!node.holds(first), "the first copy made way");
					assert!(node.holds(resend));
					return Some(n);
				},
				Err(PoolError::TooLowPriority { .. }) => next_try = n + 1,
				Err(e) => panic!("unexpected refusal at #{n}: {e:?}"),
			}
		}
		if worker_first {
			node.imports_block_without_it(n);
		}
	}
	None
}

#[test]
fn a_duty_the_peers_refused_makes_way_for_the_workers_resend() {
	for worker_first in [false, true] {
		// Before: a worker transaction lived out its 256-block era in the pool (validated at #30 with its era
		// anchored at #29: 254 blocks), and every resend before the deadline was refused: the honest provider was
		// slashed.
		assert_eq!(resend_gets_in(254, worker_first), None);
		// Now a due storage duty, like any worker transaction (a four-block era from the parent of the block the
		// worker ran on), lives two blocks: validated at #30, dropped when #32 is imported. The resend at #32 gets
		// in, or the one at #33 when the worker ran before the pool dropped the first copy.
		let expected = Some(if worker_first { 33 } else { 32 });
		assert_eq!(resend_gets_in(pallet_zg_storage::DUTY_LONGEVITY, worker_first), expected);
		let worker = zg_runtime::configs::offchain::WORKER_MORTALITY - 2;
		assert_eq!(resend_gets_in(worker, worker_first), expected);
	}
}

#[test]
fn the_first_copy_can_still_go_into_the_providers_own_next_two_blocks() {
	// When nobody else took it, the provider's own block can: #31 and #32 are built before #32 is imported.
	let mut node = ProviderNode::new();
	let first = node.worker_sends(30, pallet_zg_storage::DUTY_LONGEVITY).expect("enters the pool");
	node.imports_block_without_it(31);
	assert!(node.holds(first), "ready for the author of #32");
	node.imports_block_without_it(32);
	assert!(!node.holds(first), "gone once #32 is imported");
}
