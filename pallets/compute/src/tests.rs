//! Every test is an attack or an accounting check; `run_test` checks the invariants (ledgers match holds and
//! escrows, stakes match holds, offer index consistent) after each.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok};
use std::sync::OnceLock;
use zg_node_compute::{data, keys::Keys, model};

fn keys() -> &'static Keys {
	static KEYS: OnceLock<Keys> = OnceLock::new();
	KEYS.get_or_init(|| zg_node_compute::keys::dev_setup(&model::shipped()).unwrap())
}

fn image(seed: u64) -> [u8; 64] {
	data::dataset(seed, 1)[0].pixels
}

fn prove(job: JobId, input: &[u8; 64]) -> (u8, Vec<u8>) {
	keys().prove(&model::shipped(), job, input).unwrap()
}

fn bounded<S: Get<u32>>(bytes: &[u8]) -> BoundedVec<u8, S> {
	bytes.to_vec().try_into().unwrap()
}

fn inline(bytes: &[u8]) -> JobInput<<Test as Config>::MaxInlineInput> {
	JobInput::Inline(bounded(bytes))
}

fn fund(who: AccountId, amount: Balance) {
	assert_ok!(Compute::deposit(RuntimeOrigin::signed(who), amount));
}

fn submit(owner: AccountId, kind: KindId, input: &[u8], max_price: Balance) -> JobId {
	let job = NextJobId::<Test>::get();
	assert_ok!(Compute::submit_job(RuntimeOrigin::signed(owner), kind, inline(input), max_price, 10));
	job
}

fn ledger(who: AccountId) -> Ledger<Balance> {
	Ledgers::<Test>::get(who).unwrap_or_default()
}

fn stake(who: AccountId) -> Balance {
	Providers::<Test>::get(who).map(|p| p.stake).unwrap_or(0)
}

fn status(job: JobId) -> Status<Test> {
	Jobs::<Test>::get(job).unwrap().status
}

#[test]
fn a_valid_proof_pays_the_provider_and_refunds_the_rest_without_creating_or_losing_zg() {
	run_test(|| {
		let issuance = Balances::total_issuance();
		provider(10, MIN_STAKE, &[DIGITS], 30, 2);
		fund(1, 1_000);
		let input = image(1);
		let job = submit(1, DIGITS, &input, 100);
		assert_eq!(Jobs::<Test>::get(job).unwrap().provider, 10);
		assert_eq!(ledger(1), Ledger { free: 900, locked: 100 });
		let (class, proof) = prove(job, &input);
		assert_eq!(class, model::shipped().classify(&input));
		let before = Balances::free_balance(10);
		assert_ok!(Compute::submit_proof(RuntimeOrigin::signed(10), job, bounded(&[class]), bounded(&proof)));
		assert_eq!(Balances::free_balance(10), before + 30);
		assert_eq!(ledger(1), Ledger { free: 970, locked: 0 });
		assert_eq!(status(job), Status::Done { output: bounded(&[class]), proven: true });
		assert_eq!(Balances::total_issuance(), issuance);
		// The whole ledger comes back at once.
		assert_ok!(Compute::withdraw(RuntimeOrigin::signed(1), 970));
		assert_eq!(Balances::free_balance(1), INITIAL_BALANCE - 30);
		assert!(Ledgers::<Test>::get(1).is_none());
	});
}

#[test]
fn forged_misdirected_and_malformed_proofs_are_refused() {
	run_test(|| {
		provider(10, MIN_STAKE, &[DIGITS], 30, 4);
		fund(1, 1_000);
		let input = image(2);
		let other_input = image(3);
		let job = submit(1, DIGITS, &input, 100);
		let other_job = submit(1, DIGITS, &other_input, 100);
		let (class, proof) = prove(job, &input);
		let origin = || RuntimeOrigin::signed(10);
		// Garbage, a proof for another job, a proof of another input, a wrong class.
		assert_noop!(
			Compute::submit_proof(origin(), job, bounded(&[class]), bounded(&[7u8; 128])),
			Error::<Test>::MalformedProof
		);
		assert_noop!(
			Compute::submit_proof(origin(), other_job, bounded(&[class]), bounded(&proof)),
			Error::<Test>::InvalidProof
		);
		let (other_class, other_proof) = prove(other_job, &other_input);
		assert_noop!(
			Compute::submit_proof(origin(), job, bounded(&[other_class]), bounded(&other_proof)),
			Error::<Test>::InvalidProof
		);
		assert_noop!(
			Compute::submit_proof(origin(), job, bounded(&[(class + 1) % 10]), bounded(&proof)),
			Error::<Test>::InvalidProof
		);
		assert_noop!(
			Compute::submit_proof(origin(), job, bounded(&[class, 0]), bounded(&proof)),
			Error::<Test>::BadOutput
		);
		// Only the assigned provider, only once, only in time.
		assert_noop!(
			Compute::submit_proof(RuntimeOrigin::signed(11), job, bounded(&[class]), bounded(&proof)),
			Error::<Test>::NotJobProvider
		);
		assert_ok!(Compute::submit_proof(origin(), job, bounded(&[class]), bounded(&proof)));
		assert_noop!(
			Compute::submit_proof(origin(), job, bounded(&[class]), bounded(&proof)),
			Error::<Test>::WrongStatus
		);
		let deadline = Jobs::<Test>::get(other_job).unwrap().deadline;
		System::set_block_number(deadline + 1);
		assert_noop!(
			Compute::submit_proof(origin(), other_job, bounded(&[other_class]), bounded(&other_proof)),
			Error::<Test>::TooLate
		);
	});
}

#[test]
fn a_kind_without_a_fitting_key_is_refused_and_a_removed_key_stops_proofs() {
	run_test(|| {
		let mut kind = digits_kind(Mode::Proven);
		kind.circuit = None;
		assert_noop!(Compute::set_kind(RuntimeOrigin::root(), 9, Some(kind)), Error::<Test>::BadKind);
		let mut kind = digits_kind(Mode::Proven);
		kind.max_input = 100;
		assert_noop!(Compute::set_kind(RuntimeOrigin::root(), 9, Some(kind.clone())), Error::<Test>::BadKind);
		kind.min_input = 100;
		// The key expects 64 input bytes: a 100-byte statement has another number of public inputs.
		assert_noop!(Compute::set_kind(RuntimeOrigin::root(), 9, Some(kind)), Error::<Test>::BadKind);
		let mut kind = digits_kind(Mode::Proven);
		kind.circuit.as_mut().unwrap().vk = bounded(&[1u8; 100]);
		assert_noop!(Compute::set_kind(RuntimeOrigin::root(), 9, Some(kind)), Error::<Test>::BadKind);
		assert_noop!(
			Compute::set_kind(RuntimeOrigin::signed(1), 9, Some(digits_kind(Mode::Proven))),
			sp_runtime::DispatchError::BadOrigin
		);

		// A running job whose kind governance removes cannot be proven; it times out without penalty.
		provider(10, MIN_STAKE, &[DIGITS], 30, 4);
		fund(1, 1_000);
		let input = image(4);
		let job = submit(1, DIGITS, &input, 100);
		assert_ok!(Compute::set_kind(RuntimeOrigin::root(), DIGITS, None));
		let (class, proof) = prove(job, &input);
		assert_noop!(
			Compute::submit_proof(RuntimeOrigin::signed(10), job, bounded(&[class]), bounded(&proof)),
			Error::<Test>::UnknownKind
		);
		run_to_block(Jobs::<Test>::get(job).unwrap().deadline + 1);
		assert_eq!(status(job), Status::Failed(Failure::Timeout));
		assert_eq!(stake(10), MIN_STAKE);
		assert_eq!(ledger(1).free, 1_000);
	});
}

#[test]
fn bad_inputs_deadlines_and_prices_are_refused() {
	run_test(|| {
		provider(10, MIN_STAKE, &[DIGITS, TRAIN], 30, 4);
		fund(1, 1_000);
		let o = || RuntimeOrigin::signed(1);
		assert_noop!(Compute::submit_job(o(), DIGITS, inline(&[0; 63]), 100, 10), Error::<Test>::BadInput);
		assert_noop!(Compute::submit_job(o(), DIGITS, inline(&[0; 65]), 100, 10), Error::<Test>::BadInput);
		assert_noop!(
			Compute::submit_job(o(), DIGITS, JobInput::Stored(H256::zero()), 100, 10),
			Error::<Test>::BadInput
		);
		assert_noop!(
			Compute::submit_job(o(), TRAIN, JobInput::Stored(H256::repeat_byte(1)), 100, 10),
			Error::<Test>::UnknownStoredInput
		);
		assert_noop!(Compute::submit_job(o(), 99, inline(&[0; 64]), 100, 10), Error::<Test>::UnknownKind);
		assert_noop!(Compute::submit_job(o(), DIGITS, inline(&[0; 64]), 100, 1), Error::<Test>::BadDeadline);
		assert_noop!(Compute::submit_job(o(), DIGITS, inline(&[0; 64]), 100, 51), Error::<Test>::BadDeadline);
		assert_noop!(Compute::submit_job(o(), DIGITS, inline(&[0; 64]), 29, 10), Error::<Test>::NoProvider);
		assert_noop!(
			Compute::submit_job(o(), DIGITS, inline(&[0; 64]), 1_001, 10),
			Error::<Test>::InsufficientFunds
		);
		// A stored dataset: units from its size (100 samples per unit).
		STORED.with(|s| s.borrow_mut().insert(H256::repeat_byte(1), 65 * 250));
		// The trained model's storage fee (the largest model: 16 sectors × 2 periods) is reserved on top.
		assert_noop!(
			Compute::submit_job(o(), TRAIN, JobInput::Stored(H256::repeat_byte(1)), 121, 10),
			Error::<Test>::NoProvider
		);
		assert_ok!(Compute::submit_job(o(), TRAIN, JobInput::Stored(H256::repeat_byte(1)), 122, 10));
		assert_eq!(Jobs::<Test>::get(0).unwrap().price, 90, "3 units at 30");
		assert_eq!(Compute::quote(TRAIN, 65 * 250).map(|(p, _)| p), Some(122), "the quote includes the reserve");
		// Nothing is withdrawn that is locked.
		assert_noop!(Compute::withdraw(o(), 1_000), Error::<Test>::InsufficientFunds);
	});
}

#[test]
fn matching_takes_the_cheapest_free_offer_and_draws_ties_at_random() {
	run_test(|| {
		provider(10, MIN_STAKE, &[MATMUL], 50, 2);
		provider(11, MIN_STAKE, &[MATMUL], 40, 1);
		fund(1, 10_000);
		let input = [1u8; 7];
		// The cheaper one first, then (at capacity) the dearer.
		assert_eq!(Jobs::<Test>::get(submit(1, MATMUL, &input, 100)).unwrap().provider, 11);
		assert_eq!(Jobs::<Test>::get(submit(1, MATMUL, &input, 100)).unwrap().provider, 10);
		assert_eq!(Jobs::<Test>::get(submit(1, MATMUL, &input, 100)).unwrap().provider, 10);
		assert_noop!(
			Compute::submit_job(RuntimeOrigin::signed(1), MATMUL, inline(&input), 100, 10),
			Error::<Test>::NoProvider
		);
		// A newcomer at the lowest price shares the work with the incumbents at once, by lot.
		provider(12, MIN_STAKE, &[MATMUL], 30, 16);
		provider(13, MIN_STAKE, &[MATMUL], 30, 16);
		let mut wins = [0u32; 2];
		for _ in 0..24 {
			let p = Jobs::<Test>::get(submit(1, MATMUL, &input, 100)).unwrap().provider;
			wins[(p - 12) as usize] += 1;
			System::set_block_number(System::block_number() + 1);
		}
		assert!(wins[0] >= 4 && wins[1] >= 4, "ties are drawn: {wins:?}");
		// Prices are per unit: a larger input costs more units.
		let job = submit(1, MATMUL, &[1u8; 600], 1_000);
		assert_eq!(Jobs::<Test>::get(job).unwrap().price, 90);
	});
}

#[test]
fn a_false_attestation_disputed_with_a_proof_slashes_the_provider_and_rewards_the_challenger() {
	run_test(|| {
		provider(10, MIN_STAKE, &[DIGITS_ATTESTED], 30, 2);
		fund(1, 1_000);
		let input = image(5);
		let job = submit(1, DIGITS_ATTESTED, &input, 100);
		let (class, proof) = prove(job, &input);
		let lie = (class + 3) % 10;
		// A signature by another key, or over another output, is refused.
		assert_noop!(
			Compute::submit_attestation(RuntimeOrigin::signed(10), job, bounded(&[lie]), attest(11, job, &input, &[lie])),
			Error::<Test>::BadSignature
		);
		assert_noop!(
			Compute::submit_attestation(RuntimeOrigin::signed(10), job, bounded(&[lie]), attest(10, job, &input, &[class])),
			Error::<Test>::BadSignature
		);
		assert_ok!(Compute::submit_attestation(
			RuntimeOrigin::signed(10),
			job,
			bounded(&[lie]),
			attest(10, job, &input, &[lie])
		));
		// The right output with a bad proof, or the attested output, is no dispute.
		assert_noop!(
			Compute::dispute(RuntimeOrigin::signed(2), job, Evidence::Proof { output: vec![class], proof: vec![0; 128] }),
			Error::<Test>::MalformedProof
		);
		assert_noop!(
			Compute::dispute(RuntimeOrigin::signed(2), job, Evidence::Proof { output: vec![lie], proof: proof.clone() }),
			Error::<Test>::NotADispute
		);
		let challenger_before = Balances::free_balance(2);
		let issuance = Balances::total_issuance();
		assert_ok!(Compute::dispute(RuntimeOrigin::signed(2), job, Evidence::Proof { output: vec![class], proof }));
		let slashed = MIN_STAKE / 5;
		assert_eq!(stake(10), MIN_STAKE - slashed);
		assert_eq!(Balances::free_balance(2), challenger_before + slashed / 2);
		assert_eq!(Balances::total_issuance(), issuance - slashed / 2, "the rest of the slash is burnt");
		assert_eq!(ledger(1), Ledger { free: 1_000, locked: 0 }, "the owner pays nothing");
		assert_eq!(status(job), Status::Failed(Failure::Overturned));
		// Below the minimum stake the provider's offers are gone until it bonds more.
		assert!(OffersByKind::<Test>::get(DIGITS_ATTESTED).is_empty());
		// The window closing later changes nothing.
		run_to_block(CHALLENGE_WINDOW + 2);
		assert_eq!(status(job), Status::Failed(Failure::Overturned));
	});
}

/// Three juror candidates (20..23) and provider 10 offering MATMUL; user 1 submits a 1×1 product to provider 10.
/// Answers the job, its input, and the hashes of the right output and of a wrong one.
fn matmul_job_with_jurors() -> (JobId, Vec<u8>, [u8; 32], [u8; 32]) {
	for j in 20..23 {
		provider(j, MIN_STAKE, &[MATMUL], 60, 4);
	}
	provider(10, MIN_STAKE, &[MATMUL], 30, 4);
	fund(1, 1_000);
	let input = zg_node_compute::matmul::encode(1, 1, 1, &[3], &[4]);
	let right = sp_crypto_hashing::blake2_256(&zg_node_compute::matmul::multiply(&input).unwrap());
	let job = submit(1, MATMUL, &input, 100);
	assert_eq!(Jobs::<Test>::get(job).unwrap().provider, 10);
	(job, input, right, [9u8; 32])
}

fn reexecution_dispute(honest_provider: bool) {
	let (job, input, right, wrong) = matmul_job_with_jurors();
	let attested = if honest_provider { right } else { wrong };
	assert_ok!(Compute::submit_attestation(
		RuntimeOrigin::signed(10),
		job,
		bounded(&attested),
		attest(10, job, &input, &attested)
	));
	let claim = if honest_provider { wrong } else { right };
	let challenger_before = Balances::free_balance(2);
	assert_ok!(Compute::dispute(
		RuntimeOrigin::signed(2),
		job,
		Evidence::Reexecute { claim: H256(sp_crypto_hashing::blake2_256(&claim)) }
	));
	assert_eq!(Balances::free_balance(2), challenger_before - BOND);
	let Status::Disputed { jurors, .. } = status(job) else { panic!("disputed") };
	let jurors: Vec<AccountId> = jurors.iter().map(|(j, _)| *j).collect();
	assert_eq!(jurors.len(), 3);
	assert!(jurors.iter().all(|j| (20..23).contains(j)), "neither the accused nor the challenger judges");
	assert_noop!(Compute::vote(RuntimeOrigin::signed(10), job, H256::zero()), Error::<Test>::NotJuror);
	// Two jurors re-execute and vote the true output's hash; the third never votes.
	let truth = H256(sp_crypto_hashing::blake2_256(&right));
	assert_ok!(Compute::vote(RuntimeOrigin::signed(jurors[0]), job, truth));
	assert_noop!(Compute::vote(RuntimeOrigin::signed(jurors[0]), job, truth), Error::<Test>::AlreadyVoted);
	assert_ok!(Compute::vote(RuntimeOrigin::signed(jurors[1]), job, truth));
	// Withdrawal waits for the dispute.
	assert_ok!(Compute::deregister(RuntimeOrigin::signed(10)));
	System::set_block_number(UNBONDING + 2);
	assert_noop!(Compute::withdraw_stake(RuntimeOrigin::signed(10)), Error::<Test>::StillBonded);
	System::set_block_number(1);
	run_to_block(1 + VOTE_WINDOW + 1);
	assert_eq!(stake(jurors[2]), MIN_STAKE - MIN_STAKE / 100, "an absent juror is penalised");
	if honest_provider {
		assert_eq!(status(job), Status::Done { output: bounded(&right), proven: false });
		assert_eq!(stake(10), MIN_STAKE);
		assert_eq!(Balances::free_balance(2), challenger_before - BOND, "the challenger loses its bond");
		assert_eq!(ledger(1).free, 970);
	} else {
		assert_eq!(status(job), Status::Failed(Failure::Overturned));
		assert_eq!(stake(10), MIN_STAKE - MIN_STAKE / 5);
		assert_eq!(Balances::free_balance(2), challenger_before + MIN_STAKE / 10, "bond back plus a share");
		assert_eq!(ledger(1).free, 1_000);
	}
}

#[test]
fn an_honest_attestation_survives_a_reexecution_dispute_and_the_challenger_pays() {
	run_test(|| reexecution_dispute(true));
}

#[test]
fn a_false_attestation_loses_a_reexecution_dispute() {
	run_test(|| reexecution_dispute(false));
}

/// The attack: the provider attests a false result and an account of its own disputes it at once with a made-up
/// claim, so that the owner's dispute is refused (a job is disputed once) and the jurors, voting the true output,
/// back neither side. The jurors' majority against the attested output overturns it all the same.
#[test]
fn a_made_up_claim_cannot_save_a_false_attestation() {
	run_test(|| {
		let (job, input, right, wrong) = matmul_job_with_jurors();
		let signature = attest(10, job, &input, &wrong);
		assert_ok!(Compute::submit_attestation(RuntimeOrigin::signed(10), job, bounded(&wrong), signature));
		let accomplice_before = Balances::free_balance(2);
		assert_ok!(Compute::dispute(RuntimeOrigin::signed(2), job, Evidence::Reexecute { claim: H256::repeat_byte(7) }));
		let truth = H256(sp_crypto_hashing::blake2_256(&right));
		assert_noop!(
			Compute::dispute(RuntimeOrigin::signed(1), job, Evidence::Reexecute { claim: truth }),
			Error::<Test>::WrongStatus
		);
		let Status::Disputed { jurors, .. } = status(job) else { panic!("disputed") };
		for (juror, _) in jurors.iter().take(2) {
			assert_ok!(Compute::vote(RuntimeOrigin::signed(*juror), job, truth));
		}
		run_to_block(1 + VOTE_WINDOW + 1);
		assert_eq!(status(job), Status::Failed(Failure::Overturned));
		assert_eq!(stake(10), MIN_STAKE - MIN_STAKE / 5, "slashed as for any false result");
		assert_eq!(Balances::free_balance(2), accomplice_before, "the bond back, no share of the slash");
		assert_eq!(ledger(1).free, 1_000, "the owner refunded in full");
		assert!(events().contains(&Event::DisputeResolved { job, provider_right: Some(false) }));
	});
}

#[test]
fn an_undisputed_attestation_is_paid_when_its_window_closes_and_disputes_then_are_refused() {
	run_test(|| {
		provider(10, MIN_STAKE, &[MATMUL], 30, 2);
		fund(1, 1_000);
		let input = [1u8; 7];
		let job = submit(1, MATMUL, &input, 100);
		let out = [5u8; 32];
		assert_ok!(Compute::submit_attestation(RuntimeOrigin::signed(10), job, bounded(&out), attest(10, job, &input, &out)));
		assert_noop!(
			Compute::dispute(RuntimeOrigin::signed(10), job, Evidence::Reexecute { claim: H256::zero() }),
			Error::<Test>::NotADispute
		);
		assert_noop!(
			Compute::dispute(RuntimeOrigin::signed(2), job, Evidence::Reexecute { claim: H256::zero() }),
			Error::<Test>::NotEnoughJurors
		);
		let before = Balances::free_balance(10);
		run_to_block(1 + CHALLENGE_WINDOW);
		assert_eq!(Balances::free_balance(10), before + 30);
		assert_eq!(status(job), Status::Done { output: bounded(&out), proven: false });
		assert_noop!(
			Compute::dispute(RuntimeOrigin::signed(2), job, Evidence::Reexecute { claim: H256::zero() }),
			Error::<Test>::WrongStatus
		);
		// Finished jobs are pruned after the retention period.
		let deadline = Jobs::<Test>::get(job).unwrap().deadline;
		run_to_block(deadline + RETENTION);
		assert!(Jobs::<Test>::get(job).is_none());
	});
}

#[test]
fn a_provider_that_never_answers_is_penalised_and_the_user_refunded_in_full() {
	run_test(|| {
		provider(10, MIN_STAKE, &[DIGITS], 30, 2);
		fund(1, 1_000);
		let job = submit(1, DIGITS, &image(6), 100);
		let owner_before = Balances::free_balance(1);
		run_to_block(Jobs::<Test>::get(job).unwrap().deadline + 1);
		assert_eq!(status(job), Status::Failed(Failure::Timeout));
		assert_eq!(ledger(1), Ledger { free: 1_000, locked: 0 });
		assert_eq!(stake(10), MIN_STAKE - MIN_STAKE / 100);
		assert_eq!(Balances::free_balance(1), owner_before + MIN_STAKE / 200, "half the penalty to the owner");
		assert!(matches!(events().last(), Some(Event::Slashed { .. })));
		// Now below the minimum stake: no more work until it bonds more.
		assert!(OffersByKind::<Test>::get(DIGITS).is_empty());
		assert_noop!(
			Compute::set_offer(RuntimeOrigin::signed(10), DIGITS, Hardware::Cpu { cores: 1 }, 30, 1),
			Error::<Test>::StakeTooLow
		);
		assert_ok!(Compute::bond_more(RuntimeOrigin::signed(10), MIN_STAKE / 100));
		assert_ok!(Compute::set_offer(RuntimeOrigin::signed(10), DIGITS, Hardware::Cpu { cores: 1 }, 30, 1));
	});
}

#[test]
fn a_batch_of_proofs_settles_together_and_one_bad_proof_fails_it() {
	run_test(|| {
		provider(10, MIN_STAKE, &[DIGITS], 30, 8);
		fund(1, 1_000);
		let items: Vec<_> = (0..4u64)
			.map(|i| {
				let input = image(20 + i);
				let job = submit(1, DIGITS, &input, 50);
				let (class, proof) = prove(job, &input);
				(job, bounded::<ConstU32<64>>(&[class]), bounded::<ConstU32<256>>(&proof))
			})
			.collect();
		let mut bad = items.clone();
		bad[2].1 = bounded(&[(bad[2].1[0] + 1) % 10]);
		assert_noop!(
			Compute::submit_proofs(RuntimeOrigin::signed(10), bad.try_into().unwrap()),
			Error::<Test>::InvalidProof
		);
		let mut repeated = items.clone();
		repeated[1] = repeated[0].clone();
		assert_noop!(
			Compute::submit_proofs(RuntimeOrigin::signed(10), repeated.try_into().unwrap()),
			Error::<Test>::BadBatch
		);
		assert_ok!(Compute::submit_proofs(RuntimeOrigin::signed(10), items.clone().try_into().unwrap()));
		for (job, ..) in items {
			assert!(matches!(status(job), Status::Done { proven: true, .. }));
		}
		assert_eq!(ledger(1), Ledger { free: 1_000 - 4 * 30, locked: 0 });
	});
}

#[test]
fn providers_register_once_per_peer_and_leave_only_when_nothing_is_owed() {
	run_test(|| {
		let peer = || bounded::<ConstU32<64>>(b"peer-x");
		assert_noop!(
			Compute::register_provider(RuntimeOrigin::signed(10), MIN_STAKE - 1, peer(), [0; 32]),
			Error::<Test>::StakeTooLow
		);
		assert_ok!(Compute::register_provider(RuntimeOrigin::signed(10), MIN_STAKE, peer(), [0; 32]));
		assert_noop!(
			Compute::register_provider(RuntimeOrigin::signed(11), MIN_STAKE, peer(), [0; 32]),
			Error::<Test>::PeerIdTaken
		);
		assert_noop!(
			Compute::set_offer(RuntimeOrigin::signed(10), 99, Hardware::Cpu { cores: 1 }, 1, 1),
			Error::<Test>::UnknownKind
		);
		assert_noop!(
			Compute::set_offer(RuntimeOrigin::signed(10), MATMUL, Hardware::Cpu { cores: 1 }, 0, 1),
			Error::<Test>::BadOffer
		);
		assert_noop!(
			Compute::set_offer(RuntimeOrigin::signed(10), MATMUL, Hardware::Cpu { cores: 1 }, 1, 17),
			Error::<Test>::BadOffer
		);
		assert_ok!(Compute::set_offer(RuntimeOrigin::signed(10), MATMUL, Hardware::Cpu { cores: 1 }, 30, 1));
		fund(1, 1_000);
		let job = NextJobId::<Test>::get();
		assert_ok!(Compute::submit_job(RuntimeOrigin::signed(1), MATMUL, inline(&[1u8; 7]), 100, 50));
		assert_ok!(Compute::deregister(RuntimeOrigin::signed(10)));
		assert!(OffersByKind::<Test>::get(MATMUL).is_empty());
		assert_noop!(
			Compute::submit_job(RuntimeOrigin::signed(1), MATMUL, inline(&[1u8; 7]), 100, 10),
			Error::<Test>::NoProvider
		);
		run_to_block(UNBONDING + 1);
		// Its job is still in flight (and then it times out, penalised).
		assert_noop!(Compute::withdraw_stake(RuntimeOrigin::signed(10)), Error::<Test>::StillBonded);
		run_to_block(52);
		assert_eq!(status(job), Status::Failed(Failure::Timeout));
		let free = Balances::free_balance(10);
		assert_ok!(Compute::withdraw_stake(RuntimeOrigin::signed(10)));
		assert_eq!(Balances::free_balance(10), free + MIN_STAKE - MIN_STAKE / 100);
		assert!(PeerIds::<Test>::get(peer()).is_none());
	});
}

#[test]
fn a_full_task_queue_spills_into_later_blocks_then_refuses() {
	run_test(|| {
		provider(10, MIN_STAKE, &[MATMUL], 1, 16);
		provider(11, MIN_STAKE, &[MATMUL], 1, 16);
		provider(12, MIN_STAKE, &[MATMUL], 1, 16);
		provider(13, MIN_STAKE, &[MATMUL], 1, 16);
		fund(1, 10_000);
		// Each job queues a timeout and a prune: 8 spill blocks × MAX_DUE tasks of each.
		let fits = 8 * MAX_DUE;
		for _ in 0..fits {
			submit(1, MATMUL, &[1u8; 7], 1);
		}
		assert_noop!(
			Compute::submit_job(RuntimeOrigin::signed(1), MATMUL, inline(&[1u8; 7]), 1, 10),
			Error::<Test>::QueueFull
		);
		// Every queued timeout runs.
		run_to_block(1 + 10 + 1 + 8);
		assert!((0..fits as u64).all(|j| status(j) == Status::Failed(Failure::Timeout)));
	});
}

#[test]
fn the_migration_initialises_a_pallet_never_used_and_nothing_else() {
	frame_support::parameter_types! {
		pub InitialKinds: Vec<(KindId, JobKindOf<Test>)> = test_kinds();
	}
	use frame_support::traits::OnRuntimeUpgrade;
	type Init = migrations::InitializeKinds<Test, InitialKinds>;
	new_test_ext().execute_with(|| {
		for (id, _) in test_kinds() {
			Kinds::<Test>::remove(id);
		}
		Init::on_runtime_upgrade();
		assert_eq!(Kinds::<Test>::iter().count(), test_kinds().len());
		// Again: nothing happens (the pallet has kinds).
		Kinds::<Test>::remove(DIGITS);
		Init::on_runtime_upgrade();
		assert!(Kinds::<Test>::get(DIGITS).is_none());
		// A pallet whose kinds governance removed, but that has been used, is not re-initialised either.
		for (id, _) in test_kinds() {
			Kinds::<Test>::remove(id);
		}
		NextJobId::<Test>::put(1);
		Init::on_runtime_upgrade();
		assert_eq!(Kinds::<Test>::iter().count(), 0);
	});
}

/// A training job on a stored dataset: `(job, provider, dataset root)` with provider 10 on node `peer-10`,
/// whose storage provider is 20.
fn training_job(max_price: Balance) -> (JobId, AccountId) {
	provider(10, MIN_STAKE, &[TRAIN], 30, 2);
	STORAGE_PEERS.with(|p| p.borrow_mut().insert(b"peer-10".to_vec(), 20));
	STORED.with(|s| s.borrow_mut().insert(H256::repeat_byte(1), 65 * 250));
	fund(1, 1_000);
	let job = NextJobId::<Test>::get();
	assert_ok!(Compute::submit_job(RuntimeOrigin::signed(1), TRAIN, JobInput::Stored(H256::repeat_byte(1)), max_price, 10));
	(job, 10)
}

fn attest_model(job: JobId, who: AccountId, root: H256, size: u64) -> DispatchResult {
	let output = zg_primitives::compute::stored_output(&root, size);
	let input = H256::repeat_byte(1);
	Compute::submit_attestation(RuntimeOrigin::signed(who), job, bounded(&output), attest(who, job, input.as_bytes(), &output))
}

/// The trained model is stored for the job's owner, its fee paid from the escrow, and the provider is paid only
/// once its node has delivered the file to the storage network; nothing is created or lost on the way.
#[test]
fn a_trained_model_is_stored_for_the_owner_and_paid_only_once_delivered() {
	run_test(|| {
		let issuance = Balances::total_issuance();
		let (job, p) = training_job(200);
		assert_eq!(ledger(1), Ledger { free: 800, locked: 200 });
		let model = H256::repeat_byte(7);
		// 3,000 bytes: 12 sectors × 2 periods = 24.
		assert_ok!(attest_model(job, p, model, 3_000));
		assert!(events().contains(&Event::OutputStored { job, root: model, size: 3_000, fee: 24 }));
		assert_eq!(OUTPUT_FILES.with(|f| f.borrow().get(&model).copied()), Some((1, 3_000, 20, Delivery::Waiting)));
		assert_eq!(Balances::free_balance(STORAGE_POOL), INITIAL_BALANCE + 24);
		assert_eq!(ledger(1), Ledger { free: 800, locked: 176 });
		assert_eq!(Jobs::<Test>::get(job).unwrap().escrow, 176);
		// The window closes with the file not yet encoded: the provider waits, and is paid once it is.
		let until = match status(job) { Status::Attested { until, .. } => until, s => panic!("{s:?}") };
		run_to_block(until);
		assert!(matches!(status(job), Status::Attested { .. }));
		set_delivery(model, Delivery::Delivered);
		let before = Balances::free_balance(p);
		run_to_block(until + CHALLENGE_WINDOW);
		assert!(matches!(status(job), Status::Done { proven: false, .. }));
		assert_eq!(Balances::free_balance(p), before + 90);
		assert_eq!(ledger(1), Ledger { free: 1_000 - 90 - 24, locked: 0 });
		assert_eq!(Balances::total_issuance(), issuance);
	});
}

/// A provider that attests a model its node never hands to the storage network is not paid: when the file is
/// dropped the owner is refunded (the escrow left) and the provider penalised.
#[test]
fn a_model_never_delivered_fails_the_job_and_penalises_the_provider() {
	run_test(|| {
		let (job, p) = training_job(200);
		let model = H256::repeat_byte(8);
		assert_ok!(attest_model(job, p, model, 1_000));
		let until = match status(job) { Status::Attested { until, .. } => until, s => panic!("{s:?}") };
		run_to_block(until);
		set_delivery(model, Delivery::Lost);
		run_to_block(until + CHALLENGE_WINDOW);
		assert_eq!(status(job), Status::Failed(Failure::NotDelivered));
		assert_eq!(stake(p), MIN_STAKE - MIN_STAKE / 100);
		// The storage fee (4 sectors × 2) went to the storage network for the room the file held.
		assert_eq!(ledger(1).locked, 0);
		assert!(ledger(1).free + 8 >= 1_000, "refunded all but the storage fee");
	});
}

/// The attack: a provider attests a model it never hands to the storage network and has an account of its own
/// dispute the result; the delivery check due during the dispute finds the job disputed, and the jurors uphold
/// the result. The provider must still deliver the file to be paid: the check runs again once the dispute ends.
fn disputed_model(delivered: bool) {
	for j in 20..23 {
		provider(j, MIN_STAKE, &[TRAIN], 60, 2);
	}
	let (job, p) = training_job(200);
	let model = H256::repeat_byte(9);
	assert_ok!(attest_model(job, p, model, 1_000));
	let output = zg_primitives::compute::stored_output(&model, 1_000);
	let attested = H256(sp_crypto_hashing::blake2_256(&output));
	assert_ok!(Compute::dispute(RuntimeOrigin::signed(2), job, Evidence::Reexecute { claim: H256::repeat_byte(7) }));
	let Status::Disputed { jurors, .. } = status(job) else { panic!("disputed") };
	for (juror, _) in jurors.iter().take(2) {
		assert_ok!(Compute::vote(RuntimeOrigin::signed(*juror), job, attested));
	}
	// The vote is counted before the challenge window would have closed: the result stands, not yet paid.
	run_to_block(1 + VOTE_WINDOW + 1);
	assert!(events().contains(&Event::DisputeResolved { job, provider_right: Some(true) }));
	assert!(matches!(status(job), Status::Attested { .. }), "{:?}", status(job));
	assert_noop!(
		Compute::dispute(RuntimeOrigin::signed(1), job, Evidence::Reexecute { claim: H256::zero() }),
		Error::<Test>::WindowClosed
	);
	// The check first queued for the window's end finds a later one queued and does nothing.
	run_to_block(1 + CHALLENGE_WINDOW + 1);
	assert!(matches!(status(job), Status::Attested { .. }), "{:?}", status(job));
	set_delivery(model, if delivered { Delivery::Delivered } else { Delivery::Lost });
	let before = Balances::free_balance(p);
	run_to_block(1 + VOTE_WINDOW + CHALLENGE_WINDOW + 1);
	if delivered {
		assert!(matches!(status(job), Status::Done { proven: false, .. }), "{:?}", status(job));
		assert!(Balances::free_balance(p) > before, "paid once delivered");
	} else {
		assert_eq!(status(job), Status::Failed(Failure::NotDelivered));
		assert_eq!(Balances::free_balance(p), before, "not paid");
		assert!(stake(p) < MIN_STAKE, "penalised");
	}
	assert!(!AwaitingDelivery::<Test>::contains_key(job));
}

#[test]
fn a_disputed_model_never_delivered_is_not_paid() {
	run_test(|| disputed_model(false));
}

#[test]
fn a_disputed_model_is_paid_once_delivered() {
	run_test(|| disputed_model(true));
}

/// Stored outputs are refused when they are the provider's fault; a refusal by the storage network for the
/// owner's reasons settles the job without the file (the provider cannot be made to miss by the owner).
#[test]
fn stored_outputs_refuse_bad_files_and_nodes_that_cannot_encode() {
	run_test(|| {
		let (job, p) = training_job(200);
		// Not a (root, size) output; too large a file; empty.
		assert_noop!(
			Compute::submit_attestation(RuntimeOrigin::signed(p), job, bounded(&[1; 32]), attest(p, job, &[1; 32], &[1; 32])),
			Error::<Test>::BadOutput
		);
		assert_noop!(attest_model(job, p, H256::repeat_byte(9), 4_097), Error::<Test>::BadOutput);
		assert_noop!(attest_model(job, p, H256::repeat_byte(9), 0), Error::<Test>::BadOutput);
		// The provider's node is no storage provider.
		STORAGE_PEERS.with(|s| s.borrow_mut().clear());
		assert_noop!(attest_model(job, p, H256::repeat_byte(9), 100), Error::<Test>::NoStorageNode);
		STORAGE_PEERS.with(|s| s.borrow_mut().insert(b"peer-10".to_vec(), 20));
		// The owner's storage is refused: recorded, nothing paid, settled as a plain attestation.
		STORAGE_REFUSES.with(|r| *r.borrow_mut() = true);
		assert_ok!(attest_model(job, p, H256::repeat_byte(9), 100));
		assert!(events().iter().any(|e| matches!(e, Event::OutputNotStored { job: j, .. } if *j == job)));
		assert_eq!(ledger(1), Ledger { free: 800, locked: 200 });
		let until = match status(job) { Status::Attested { until, .. } => until, s => panic!("{s:?}") };
		run_to_block(until);
		assert!(matches!(status(job), Status::Done { .. }));
		assert_eq!(ledger(1), Ledger { free: 910, locked: 0 });
		// A kind with stored outputs must be attested and have (root, size) outputs.
		let mut kind = Kinds::<Test>::get(TRAIN).unwrap();
		kind.max_output = 32;
		assert_noop!(Compute::set_kind(RuntimeOrigin::root(), 77, Some(kind.clone())), Error::<Test>::BadKind);
		kind.max_output = 40;
		kind.stored_output = Some(StoredOutput { max_size: 0, periods: 1 });
		assert_noop!(Compute::set_kind(RuntimeOrigin::root(), 77, Some(kind)), Error::<Test>::BadKind);
	});
}
