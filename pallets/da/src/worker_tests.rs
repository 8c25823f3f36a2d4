//! The DA signer's off-chain worker against a fake DA node: the test offchain database and transaction pool, the
//! test keystore (`UintAuthorityId(n)` signs for account `n`) and a [`DaNode`] that keeps the fixture's cells and
//! counts how the worker reads them.

use crate::{mock::*, tests::*, *};
use codec::Decode;
use frame_support::assert_ok;
use sp_core::offchain::{testing, OffchainDbExt, OffchainWorkerExt, TransactionPoolExt};
use sp_runtime::{
	offchain::{
		storage_lock::{StorageLock, Time},
		Duration,
	},
	testing::UintAuthorityId,
	traits::Dispatchable,
};
use std::sync::{
	atomic::{AtomicU32, Ordering},
	Arc,
};
use zg_primitives::da::{
	custody,
	host::{CustodyStatus, DaNode, DaNodeExt},
};

/// A signer's node that keeps every cell of the fixture's blobs and counts the reads.
#[derive(Default)]
struct FakeNode {
	cell_reads: AtomicU32,
	leaves_reads: AtomicU32,
}

impl DaNode for FakeNode {
	fn custody(&self, _: H256, _: Vec<Commitment>, _: Vec<u8>, _: Vec<u8>) -> CustodyStatus {
		CustodyStatus::Held
	}

	fn cell(&self, _: H256, _: Vec<Commitment>, row: u32, column: u8) -> Option<(Vec<u8>, Proof)> {
		self.cell_reads.fetch_add(1, Ordering::Relaxed);
		let f = fixture();
		(row == 0).then(|| (f.cells[column as usize].clone(), f.proofs[column as usize]))
	}

	fn custody_leaves(
		&self,
		_: H256,
		commitments: Vec<Commitment>,
		blob: u64,
		columns: Vec<u8>,
		secret: [u8; 32],
	) -> Option<Vec<[u8; 32]>> {
		self.leaves_reads.fetch_add(1, Ordering::Relaxed);
		let f = fixture();
		(commitments.len() == 1)
			.then(|| columns.iter().map(|c| custody::leaf(&secret, blob, 0, *c, &f.cells[*c as usize])).collect())
	}
}

/// Runs `test` with the worker's extensions (off-chain storage, a transaction pool, `node` as the node's DA
/// service) and key 1. `run(n)` runs the worker at block `n` on the block's state as a node runs it — what it
/// changes there (the signer's nonce among it) is thrown away — and answers the DA calls it sent, each checked to
/// be signed by key 1; a transaction is included by dispatching it and spending the nonce (`dispatch`).
fn with_worker(node: Arc<FakeNode>, test: impl FnOnce(&dyn Fn(u64) -> Vec<Call<Test>>)) {
	let mut ext = new_test_ext();
	let (offchain, _) = testing::TestOffchainExt::new();
	let (pool, pool_state) = testing::TestTransactionPoolExt::new();
	ext.register_extension(OffchainWorkerExt::new(offchain.clone()));
	ext.register_extension(OffchainDbExt::new(offchain));
	ext.register_extension(TransactionPoolExt::new(pool));
	let shared: Arc<dyn DaNode> = node;
	ext.register_extension(DaNodeExt(shared));
	UintAuthorityId::set_all_keys(vec![1u64]);
	let run = |n: u64| -> Vec<Call<Test>> {
		let _: Result<(), sp_runtime::DispatchError> = frame_support::storage::with_transaction(|| {
			Da::offchain_worker(n);
			sp_runtime::TransactionOutcome::Rollback(Ok(()))
		});
		core::mem::take(&mut pool_state.write().transactions)
			.into_iter()
			.map(|tx| {
				let xt = Extrinsic::decode(&mut &tx[..]).expect("the worker submits valid extrinsics");
				let sp_runtime::generic::Preamble::Signed(who, ..) = xt.preamble else { panic!("signed") };
				assert_eq!(who, 1, "the worker signs for its own key");
				let RuntimeCall::Da(call) = xt.function else { panic!("a DA call") };
				call
			})
			.collect()
	};
	ext.execute_with(|| test(&run));
}

/// Includes `call` as signer 1's transaction.
fn dispatch(call: Call<Test>) -> frame_support::dispatch::DispatchResultWithPostInfo {
	RuntimeCall::Da(call).dispatch(RuntimeOrigin::signed(1)).map(|info| {
		System::inc_account_nonce(1);
		info
	})
}

/// The worker signs for signer 1, every call it sends is dispatched: it commits its own custody chain, attests a
/// blob with the custody root of leaves its node made in one read, and answers every challenge of that blob with
/// its secret and a path the chain accepts, one cell read each. A run that finds an earlier one still holding the
/// lock sends nothing.
#[test]
fn the_worker_commits_attests_and_answers_from_one_read_per_blob_one_run_at_a_time() {
	let node = Arc::new(FakeNode::default());
	with_worker(node.clone(), |run| {
		for who in 1..=3 {
			signer(who, MIN_STAKE * 10);
		}
		run_to_block(2);
		set_committee([1, 2, 3]);
		let mock_anchor = CustodyAnchors::<Test>::get(1).unwrap();

		// The chain's commitment is not one the node keeps, and nothing is liable: it commits its own.
		let commit = run(2);
		assert!(matches!(&commit[..], [Call::commit_custody { .. }]), "{commit:?}");

		let blob = submit(10);
		for who in 2..=3 {
			assert_ok!(attest(who, &[blob]));
		}
		// Nothing while the commitment may still be waiting for a block (another transaction would reuse its
		// nonce); in the block that includes it, the attestation.
		run_to_block(3);
		assert!(run(3).is_empty(), "nothing while its last transaction is not in a block");
		assert_ok!(dispatch(commit[0].clone()));
		assert_ne!(CustodyAnchors::<Test>::get(1).unwrap(), mock_anchor);
		let sent = run(3);
		assert!(matches!(&sent[..], [Call::attest { blobs }] if blobs.len() == 1 && blobs[0].0 == blob), "{sent:?}");
		assert_ok!(dispatch(sent[0].clone()));
		assert!(matches!(Blobs::<Test>::get(blob).unwrap().status, BlobStatus::Certified { .. }));
		assert_eq!((node.leaves_reads.load(Ordering::Relaxed), node.cell_reads.load(Ordering::Relaxed)), (1, 0));

		let mut answers = 0;
		let mut blocked = false;
		for n in 4..2 + ATTEST_WINDOW + RETENTION {
			run_to_block(n);
			for (who, challenge) in Challenges::<Test>::iter().collect::<Vec<_>>() {
				if who != 1 {
					let f = fixture();
					let column = challenge.cell.column as usize;
					assert_ok!(answer(who, f.cells[column].clone(), f.proofs[column]));
					continue;
				}
				if !blocked {
					let mut lock = StorageLock::<Time>::with_deadline(worker::WORKER_LOCK, Duration::from_millis(60_000));
					let guard = lock.try_lock().expect("free between runs");
					assert!(run(n).is_empty(), "a run while another holds the lock does nothing");
					drop(guard);
					blocked = true;
				}
				let sent = run(n);
				assert!(matches!(&sent[..], [Call::answer_challenge { .. }]), "{sent:?}");
				assert_ok!(dispatch(sent[0].clone()));
				answers += 1;
			}
		}
		assert!(answers >= 2, "signer 1 was challenged and answered: {answers}");
		assert!(events().iter().all(|e| !matches!(e, Event::ChallengeMissed { .. })));
		assert_eq!(node.cell_reads.load(Ordering::Relaxed), answers, "one cell read per answer");
		assert_eq!(node.leaves_reads.load(Ordering::Relaxed), 1 + answers, "one leaves read per root or path");
		Da::do_try_state().expect("invariants hold");
	});
}

/// The attack (or just load): a blob followed by more submissions than one run looks at among the recent ones
/// before its deadline. The worker still finds it among the older live blobs it looks at in turn.
#[test]
fn a_blob_pushed_out_of_the_recent_ones_is_still_attested() {
	with_worker(Arc::new(FakeNode::default()), |run| {
		for who in 1..=3 {
			signer(who, MIN_STAKE * 10);
		}
		run_to_block(2);
		set_committee([1, 2, 3]);
		let commit = run(2);
		assert!(matches!(&commit[..], [Call::commit_custody { .. }]), "{commit:?}");
		assert_ok!(dispatch(commit[0].clone()));
		let blob = submit(10);
		// As if more than a run's worth of blobs had been submitted since (their records pruned or not).
		NextBlobId::<Test>::put(blob + 3 * worker::MAX_BLOBS_SCAN);
		run_to_block(4);
		let sent = run(4);
		let [Call::attest { blobs }] = &sent[..] else { panic!("{sent:?}") };
		assert_eq!(blobs.iter().map(|(id, _)| *id).collect::<Vec<_>>(), vec![blob]);
	});
}
