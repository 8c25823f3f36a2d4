//! The provider's off-chain worker against a fake compute worker: the test offchain HTTP answers the worker's
//! `POST /work` requests in the order the worker sends them, the test keystore (`UintAuthorityId(n)` signs for
//! account `n`) and the test transaction pool.

use crate::{mock::*, *};
use codec::{Decode, Encode};
use frame_support::assert_ok;
use parking_lot::RwLock;
use sp_core::offchain::{testing, OffchainDbExt, OffchainWorkerExt, TransactionPoolExt};
use sp_runtime::{offchain::storage::StorageValueRef, testing::UintAuthorityId, traits::Dispatchable};
use std::sync::Arc;
use zg_node_compute::{keys::Keys, model};
use zg_primitives::compute::{WorkResult, WorkStatus, WORKER_URL_KEY};

const WORKER: &str = "http://127.0.0.1:8780";

type Shared<S> = Arc<RwLock<S>>;

fn keys() -> &'static Keys {
	static KEYS: std::sync::OnceLock<Keys> = std::sync::OnceLock::new();
	KEYS.get_or_init(|| zg_node_compute::keys::dev_setup(&model::shipped()).unwrap())
}

/// A chain with the worker's extensions and `keys` in the keystore; the worker's URL in offchain storage.
fn worker_ext(keys: Vec<u64>) -> (sp_io::TestExternalities, Shared<testing::OffchainState>, Shared<testing::PoolState>) {
	let mut ext = new_test_ext();
	let (offchain, state) = testing::TestOffchainExt::new();
	let (pool, pool_state) = testing::TestTransactionPoolExt::new();
	ext.register_extension(OffchainWorkerExt::new(offchain.clone()));
	ext.register_extension(OffchainDbExt::new(offchain));
	ext.register_extension(TransactionPoolExt::new(pool));
	UintAuthorityId::set_all_keys(keys);
	ext.execute_with(|| StorageValueRef::persistent(WORKER_URL_KEY).set(&WORKER.as_bytes().to_vec()));
	(ext, state, pool_state)
}

/// The worker will answer `request` with `status`.
fn expect_work(state: &Shared<testing::OffchainState>, request: &zg_primitives::compute::WorkRequest, status: WorkStatus) {
	state.write().expect_request(testing::PendingRequest {
		method: "POST".into(),
		uri: format!("{WORKER}/work"),
		headers: vec![("content-type".into(), "application/octet-stream".into())],
		body: request.encode(),
		response: Some(status.encode()),
		sent: true,
		..Default::default()
	});
}

/// The calls in the pool with their signers, emptying it.
fn drain(pool: &Shared<testing::PoolState>) -> Vec<(u64, Call<Test>)> {
	core::mem::take(&mut pool.write().transactions)
		.into_iter()
		.map(|tx| {
			let xt = Extrinsic::decode(&mut &tx[..]).expect("the worker submits valid extrinsics");
			let sp_runtime::generic::Preamble::Signed(who, ..) = xt.preamble else { panic!("signed") };
			let RuntimeCall::Compute(call) = xt.function else { panic!("a compute call") };
			(who, call)
		})
		.collect()
}

fn digits_job(owner: AccountId, seed: u64) -> (JobId, [u8; 64]) {
	let input = zg_node_compute::data::dataset(seed, 1)[0].pixels;
	let job = NextJobId::<Test>::get();
	assert_ok!(Compute::submit_job(
		RuntimeOrigin::signed(owner),
		DIGITS,
		JobInput::Inline(input.to_vec().try_into().unwrap()),
		100,
		10
	));
	(job, input)
}

/// Runs the off-chain worker for block `now` as a node does: every change it makes to the state (the signer's
/// nonce among them) thrown away afterwards.
fn offchain_worker(now: u64) {
	let _: Result<(), sp_runtime::DispatchError> = frame_support::storage::with_transaction(|| {
		Compute::offchain_worker(now);
		sp_runtime::TransactionOutcome::Rollback(Ok(()))
	});
}

/// Includes a transaction the worker sent: dispatches it and spends the signer's nonce, as a block would.
fn include(who: u64, call: Call<Test>) {
	assert_ok!(RuntimeCall::Compute(call).dispatch(RuntimeOrigin::signed(who)));
	System::inc_account_nonce(who);
}

/// Three proofs ready at once go in one `submit_proofs` (one batch verification) that settles all three; a
/// job still running waits for a later block, and then goes alone as `submit_proof`.
#[test]
fn the_worker_sends_ready_proofs_of_a_kind_as_one_batch() {
	let (mut ext, state, pool) = worker_ext(vec![10]);
	ext.execute_with(|| {
		provider(10, MIN_STAKE, &[DIGITS], 30, 8);
		assert_ok!(Compute::deposit(RuntimeOrigin::signed(1), 1_000));
		let jobs: Vec<(JobId, [u8; 64])> = (0..4).map(|i| digits_job(1, 40 + i)).collect();
		let running = jobs[2].0;
		// The worker answers in the order the off-chain worker asks (the provider's job index order).
		let order: Vec<JobId> = ProviderJobs::<Test>::iter_prefix(10).map(|(j, ())| j).collect();
		for job in &order {
			let info = Jobs::<Test>::get(job).unwrap();
			let request = Compute::work_request(*job, &info).unwrap();
			let status = if *job == running {
				WorkStatus::Running
			} else {
				let input = jobs.iter().find(|(j, _)| j == job).unwrap().1;
				let (class, proof) = keys().prove(&model::shipped(), *job, &input).unwrap();
				WorkStatus::Done(WorkResult { output: vec![class], proof: Some(proof), signature: [0; 64], device: b"cpu".to_vec() })
			};
			expect_work(&state, &request, status);
		}
		offchain_worker(System::block_number());
		let sent = drain(&pool);
		assert_eq!(sent.len(), 1, "one transaction per block");
		let (who, call) = sent.into_iter().next().unwrap();
		assert_eq!(who, 10);
		let Call::submit_proofs { results } = &call else { panic!("a batch, not {call:?}") };
		let mut batched: Vec<JobId> = results.iter().map(|(j, ..)| *j).collect();
		batched.sort();
		assert_eq!(batched, jobs.iter().map(|(j, _)| *j).filter(|j| *j != running).collect::<Vec<_>>());
		include(who, call);
		for (job, _) in &jobs {
			let done = matches!(Jobs::<Test>::get(job).unwrap().status, Status::Done { proven: true, .. });
			assert_eq!(done, *job != running, "job {job}");
		}

		// The next block, which included the batch, finds the last one ready: alone, `submit_proof`.
		System::set_block_number(System::block_number() + 1);
		let info = Jobs::<Test>::get(running).unwrap();
		let input = jobs.iter().find(|(j, _)| *j == running).unwrap().1;
		let (class, proof) = keys().prove(&model::shipped(), running, &input).unwrap();
		expect_work(
			&state,
			&Compute::work_request(running, &info).unwrap(),
			WorkStatus::Done(WorkResult { output: vec![class], proof: Some(proof), signature: [0; 64], device: b"cpu".to_vec() }),
		);
		offchain_worker(System::block_number());
		let sent = drain(&pool);
		assert!(matches!(&sent[..], [(10, Call::submit_proof { job, .. })] if *job == running), "{sent:?}");
		let (who, call) = sent.into_iter().next().unwrap();
		include(who, call);
		Compute::do_try_state().expect("invariants hold");
	});
}
