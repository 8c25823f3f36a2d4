//! The pallet's tests: each attack or rule as a test, on the mock runtime with real KZG cells.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold};
use std::sync::OnceLock;
use zg_primitives::da::{self, custody, kzg};

/// A real one-row blob: its data, root, commitment, and its 128 cells with proofs.
pub(crate) struct Fixture {
	pub size: u64,
	pub root: H256,
	pub commitment: Commitment,
	pub cells: Vec<Vec<u8>>,
	pub proofs: Vec<Proof>,
}

pub(crate) fn fixture() -> &'static Fixture {
	static FIXTURE: OnceLock<Fixture> = OnceLock::new();
	FIXTURE.get_or_init(|| {
		let data: Vec<u8> = (0..5_000u32).map(|i| (i * 31 + 7) as u8).collect();
		let row = da::pack_row(&data, 0);
		let commitment = kzg::commit(&row).unwrap();
		let (cells, proofs) = kzg::cells_and_proofs(&row, 0).unwrap();
		Fixture { size: data.len() as u64, root: H256([9; 32]), commitment, cells, proofs }
	})
}

fn peer(s: &str) -> BoundedVec<u8, ConstU32<32>> {
	s.as_bytes().to_vec().try_into().unwrap()
}

fn commitments(n: usize) -> BoundedVec<Commitment, ConstU32<2>> {
	vec![fixture().commitment; n].try_into().unwrap()
}

/// Submits the fixture blob from `who`.
pub(crate) fn submit(who: AccountId) -> BlobId {
	let f = fixture();
	let id = NextBlobId::<Test>::get();
	assert_ok!(Da::submit_blob(RuntimeOrigin::signed(who), 7, f.size, f.root, commitments(1), peer("disperser")));
	id
}

/// Sets the current epoch's committee by hand (slot `s` held by `committee[s]`).
pub(crate) fn set_committee(committee: [AccountId; 3]) {
	let epoch = Da::epoch_of(System::block_number());
	Committees::<Test>::insert(epoch, BoundedVec::truncate_from(committee.to_vec()));
}

/// `who`'s custody leaves of a blob of the fixture (its columns in its committee), under its secret.
fn custody_leaves(who: AccountId, blob: BlobId) -> (Vec<u8>, Vec<[u8; 32]>) {
	let f = fixture();
	let epoch = Blobs::<Test>::get(blob).map(|b| b.epoch).unwrap_or_default();
	let columns = Da::columns_of(&Committees::<Test>::get(epoch).unwrap_or_default(), &who);
	let secret = custody_secret(who, epoch);
	let leaves = columns.iter().map(|c| custody::leaf(&secret, blob, 0, *c, &f.cells[*c as usize])).collect();
	(columns, leaves)
}

/// Attests `blobs` with honest custody roots (the signer holds the cells).
pub(crate) fn attest(who: AccountId, blobs: &[BlobId]) -> DispatchResult {
	let batch: Vec<(BlobId, H256)> =
		blobs.iter().map(|b| (*b, H256(custody::root(&custody_leaves(who, *b).1)))).collect();
	Da::attest(RuntimeOrigin::signed(who), batch.try_into().unwrap())
}

/// Answers `who`'s open challenge with `cell` and `proof`, its secret and the honest custody path.
pub(crate) fn answer(who: AccountId, cell: Vec<u8>, proof: Proof) -> DispatchResult {
	let challenge = Challenges::<Test>::get(who).expect("challenged");
	let epoch = Blobs::<Test>::get(challenge.blob).map(|b| b.epoch).unwrap_or_default();
	let (columns, leaves) = custody_leaves(who, challenge.blob);
	let index = custody::leaf_index(&columns, 0, challenge.cell.column).unwrap();
	let path: Vec<H256> = custody::path(&leaves, index as usize).into_iter().map(H256).collect();
	Da::answer_challenge(
		RuntimeOrigin::signed(who),
		cell.try_into().unwrap(),
		proof,
		H256(custody_secret(who, epoch)),
		path.try_into().unwrap(),
	)
}

fn held_fee(who: AccountId) -> Balance {
	Balances::balance_on_hold(&HoldReason::BlobFee.into(), &who)
}

fn stake_of(who: AccountId) -> Balance {
	Signers::<Test>::get(who).unwrap().stake
}

/// Three signers in a fixed committee and one certified blob of submitter 10, at block 2.
fn certified_blob() -> BlobId {
	for who in 1..=3 {
		signer(who, MIN_STAKE * 10);
	}
	run_to_block(2);
	set_committee([1, 2, 3]);
	let blob = submit(10);
	for who in 1..=3 {
		assert_ok!(attest(who, &[blob]));
	}
	blob
}

#[test]
fn committees_are_drawn_by_stake_each_epoch_and_anyone_can_reproduce_them() {
	test(|| {
		signer(1, MIN_STAKE);
		signer(2, MIN_STAKE * 3);
		signer(3, MIN_STAKE * 6);
		signer(4, MIN_STAKE);
		assert_ok!(Da::deregister(RuntimeOrigin::signed(4)));
		let mut counts = [0u32; 5];
		for epoch in 1..=120u32 {
			run_to_block(epoch as u64 * EPOCH);
			let committee = Committees::<Test>::get(epoch).expect("drawn at the epoch's first block");
			// Reproducible from the randomness and the stakes alone.
			let (random, _) = <TestRandomness as frame_support::traits::Randomness<H256, u64>>::random(
				&(b"zg-da/committee", epoch).encode(),
			);
			let seed = sp_io::hashing::blake2_256(&random.encode());
			let picks = da::draw_committee(&seed, &[MIN_STAKE as u128, 3 * MIN_STAKE as u128, 6 * MIN_STAKE as u128], SLOTS);
			assert_eq!(committee.to_vec(), picks.iter().map(|i| *i as u64 + 1).collect::<Vec<_>>());
			for who in committee {
				counts[who as usize] += 1;
			}
		}
		assert_eq!(counts[4], 0, "a leaving signer is not drawn");
		let total = 120 * SLOTS;
		for (who, share) in [(1, 0.1), (2, 0.3), (3, 0.6)] {
			let got = counts[who] as f64 / total as f64;
			assert!((got - share).abs() < 0.08, "signer {who}: {got} of the slots for {share} of the stake");
		}
		// Old committees are forgotten once no blob of theirs can live.
		assert!(Committees::<Test>::get(1).is_none());
		assert!(Committees::<Test>::get(120 - Da::committees_kept() + 1).is_some());
	});
}

#[test]
fn signers_register_with_held_stake_and_bad_registrations_are_refused() {
	test(|| {
		let o = RuntimeOrigin::signed;
		assert_noop!(Da::register_signer(o(1), MIN_STAKE - 1, peer("a")), Error::<Test>::StakeTooLow);
		assert_noop!(Da::register_signer(o(1), MIN_STAKE, peer("")), Error::<Test>::BadPeerId);
		assert_noop!(Da::register_signer(o(1), INITIAL_BALANCE * 2, peer("a")), Error::<Test>::InsufficientFunds);
		assert_ok!(Da::register_signer(o(1), MIN_STAKE, peer("a")));
		assert_eq!(Balances::balance_on_hold(&HoldReason::SignerStake.into(), &1), MIN_STAKE);
		assert_noop!(Da::register_signer(o(1), MIN_STAKE, peer("b")), Error::<Test>::AlreadySigner);
		assert_noop!(Da::register_signer(o(2), MIN_STAKE, peer("a")), Error::<Test>::PeerIdTaken);
		for who in 2..=8 {
			signer(who, MIN_STAKE);
		}
		assert_noop!(Da::register_signer(o(9), MIN_STAKE, peer("z")), Error::<Test>::TooManySigners);
		assert_ok!(Da::bond_more(o(1), 5));
		assert_eq!(stake_of(1), MIN_STAKE + 5);
		assert_noop!(Da::bond_more(o(9), 5), Error::<Test>::NotSigner);
		assert_noop!(Da::withdraw_stake(o(1)), Error::<Test>::NotLeaving);
		assert_ok!(Da::deregister(o(1)));
		assert_noop!(Da::deregister(o(1)), Error::<Test>::Leaving);
		assert_noop!(Da::bond_more(o(1), 5), Error::<Test>::Leaving);
		assert_noop!(Da::withdraw_stake(o(1)), Error::<Test>::StillBonded);
		run_to_block(1 + UNBONDING);
		assert_ok!(Da::withdraw_stake(o(1)));
		assert_eq!(Balances::balance_on_hold(&HoldReason::SignerStake.into(), &1), 0);
		assert!(!SignerList::<Test>::get().contains(&1));
		// The peer id is free again.
		assert_ok!(Da::register_signer(o(9), MIN_STAKE, peer("a")));
	});
}

#[test]
fn submissions_pay_by_padded_bytes_and_bad_blobs_get_typed_errors() {
	test(|| {
		let f = fixture();
		let o = RuntimeOrigin::signed;
		let submit_with = |size: u64, rows: usize, disperser: &str| {
			Da::submit_blob(o(10), 0, size, f.root, commitments(rows), peer(disperser))
		};
		assert_noop!(submit_with(100, 1, "d"), Error::<Test>::NoCommittee);
		signer(1, MIN_STAKE);
		run_to_block(2);
		assert_noop!(submit_with(0, 1, "d"), Error::<Test>::BadSize);
		assert_noop!(submit_with(2 * ROW + 1, 2, "d"), Error::<Test>::BadSize);
		assert_noop!(submit_with(100, 2, "d"), Error::<Test>::BadCommitments);
		assert_noop!(submit_with(ROW + 1, 1, "d"), Error::<Test>::BadCommitments);
		assert_noop!(submit_with(100, 1, ""), Error::<Test>::BadPeerId);
		assert_noop!(
			Da::submit_blob(o(99), 0, 100, f.root, commitments(1), peer("d")),
			Error::<Test>::InsufficientFunds
		);
		// One byte pays a whole row: the committee stores whole rows.
		assert_eq!(Da::fee_for(1), Some(ROW));
		assert_eq!(Da::fee_for(ROW + 1), Some(2 * ROW));
		assert_ok!(submit_with(1, 1, "d"));
		assert_eq!(held_fee(10), ROW);
		let blob = Blobs::<Test>::get(0).unwrap();
		assert_eq!((blob.status, blob.deadline, blob.expires_at), (BlobStatus::Pending, 2 + ATTEST_WINDOW, 2 + ATTEST_WINDOW + RETENTION));
		// The block budget is 4 rows: 1 + 2 fit, 2 more do not.
		assert_ok!(submit_with(ROW + 1, 2, "d"));
		assert_noop!(submit_with(ROW + 1, 2, "d"), Error::<Test>::BlockFull);
		assert_ok!(submit_with(1, 1, "d"));
	});
}

#[test]
fn a_full_queue_refuses_submissions_without_leaving_anything_behind() {
	test(|| {
		signer(1, MIN_STAKE);
		run_to_block(2);
		let f = fixture();
		// Fill every deadline slot the next submission could use.
		let at = 2 + ATTEST_WINDOW;
		for block in at..at + SPILL as u64 {
			Due::<Test>::insert(block, BoundedVec::truncate_from(vec![DueTask::Answer(99); MAX_DUE as usize]));
		}
		assert_noop!(
			Da::submit_blob(RuntimeOrigin::signed(10), 0, 1, f.root, commitments(1), peer("d")),
			Error::<Test>::QueueFull
		);
		// Deadlines fit but expiries do not: the deadline is taken back.
		for block in at..at + SPILL as u64 {
			Due::<Test>::remove(block);
		}
		for block in at + RETENTION..at + RETENTION + SPILL as u64 {
			Due::<Test>::insert(block, BoundedVec::truncate_from(vec![DueTask::Answer(99); MAX_DUE as usize]));
		}
		assert_noop!(
			Da::submit_blob(RuntimeOrigin::signed(10), 0, 1, f.root, commitments(1), peer("d")),
			Error::<Test>::QueueFull
		);
	});
}

#[test]
fn the_base_fee_follows_demand_by_an_eighth_per_block_and_never_below_the_minimum() {
	test(|| {
		signer(1, MIN_STAKE);
		run_to_block(2);
		BaseFee::<Test>::put(800);
		let f = fixture();
		// A full block (4 rows, twice the target) raises the fee by 1/8.
		for _ in 0..2 {
			assert_ok!(Da::submit_blob(RuntimeOrigin::signed(10), 0, ROW + 1, f.root, commitments(2), peer("d")));
		}
		assert_eq!(held_fee(10), 2 * 2 * ROW * 800);
		run_to_block(3);
		assert_eq!(Da::base_fee(), 900);
		// A block at the target keeps it.
		assert_ok!(Da::submit_blob(RuntimeOrigin::signed(10), 0, ROW + 1, f.root, commitments(2), peer("d")));
		run_to_block(4);
		assert_eq!(Da::base_fee(), 900);
		// An empty block lowers it by 1/8; a run of them takes it down to the minimum, not below.
		run_to_block(5);
		assert_eq!(Da::base_fee(), 900 - 900 / 8);
		run_to_block(200);
		assert_eq!(Da::base_fee(), 1);
	});
}

#[test]
fn a_certificate_needs_exactly_two_thirds_of_the_slots() {
	test(|| {
		for who in 1..=3 {
			signer(who, MIN_STAKE);
		}
		run_to_block(2);
		set_committee([1, 2, 3]);
		let blob = submit(10);
		assert_ok!(attest(1, &[blob]));
		assert_eq!(Blobs::<Test>::get(blob).unwrap().status, BlobStatus::Pending, "1 of 3 slots");
		assert_ok!(attest(2, &[blob]));
		assert_eq!(Blobs::<Test>::get(blob).unwrap().status, BlobStatus::Certified { at: 2 }, "2 of 3: exactly 2/3");
		assert!(events().contains(&Event::BlobCertified { blob, attested: 2 }));
		// The last signer still attests (and will be paid and challenged) until the deadline.
		assert_ok!(attest(3, &[blob]));
		assert_eq!(Da::blob_view(blob).unwrap().attested_slots, 3);

		// A signer holding two slots certifies alone.
		set_committee([1, 1, 2]);
		let blob = submit(10);
		assert_ok!(attest(1, &[blob]));
		assert_eq!(Blobs::<Test>::get(blob).unwrap().status, BlobStatus::Certified { at: 2 });
		assert!(events().contains(&Event::Attested { blob, signer: 1, slots: 2 }));
	});
}

#[test]
fn bad_attestations_get_typed_errors() {
	test(|| {
		for who in 1..=4 {
			signer(who, MIN_STAKE);
		}
		run_to_block(2);
		set_committee([1, 2, 3]);
		let blob = submit(10);
		assert_noop!(attest(11, &[blob]), Error::<Test>::NotSigner);
		assert_noop!(attest(4, &[blob]), Error::<Test>::NotInCommittee);
		assert_noop!(attest(1, &[99]), Error::<Test>::UnknownBlob);
		assert_noop!(attest(1, &[]), Error::<Test>::EmptyBatch);
		assert_noop!(attest(1, &[blob, blob]), Error::<Test>::AlreadyAttested);
		assert_ok!(attest(1, &[blob]));
		assert_noop!(attest(1, &[blob]), Error::<Test>::AlreadyAttested);
		run_to_block(2 + ATTEST_WINDOW + 1);
		assert_noop!(attest(2, &[blob]), Error::<Test>::TooLate);
	});
}

#[test]
fn a_certified_blob_refunds_the_unattested_share_at_its_deadline_and_pays_signers_at_expiry() {
	test(|| {
		for who in 1..=3 {
			signer(who, MIN_STAKE);
		}
		run_to_block(2);
		set_committee([1, 2, 3]);
		let blob = submit(10);
		let fee = ROW;
		assert_ok!(attest(1, &[blob]));
		assert_ok!(attest(2, &[blob]));
		let before = Balances::free_balance(10);
		let (one, two) = (Balances::free_balance(1), Balances::free_balance(2));
		// Challenges come meanwhile; the signers answer them all honestly.
		let refund = fee - Perbill::from_rational(2u32, 3).mul_floor(fee);
		for n in 3..=2 + ATTEST_WINDOW + RETENTION {
			run_to_block(n);
			answer_all_honestly();
			if n == 2 + ATTEST_WINDOW {
				// Slot 3 did not attest: its third goes back at the deadline.
				assert_eq!(Balances::free_balance(10), before + refund);
				assert_eq!(held_fee(10), fee - refund);
				assert_eq!(Signers::<Test>::get(1).unwrap().liable_until, 2 + ATTEST_WINDOW + RETENTION);
			}
		}
		assert!(events().iter().any(|e| matches!(e, Event::ChallengeAnswered { .. })));
		assert!(events().iter().all(|e| !matches!(e, Event::ChallengeMissed { .. })));
		assert!(Blobs::<Test>::get(blob).is_none() && Commitments::<Test>::get(blob).is_none(), "pruned");
		assert_eq!(OldestBlob::<Test>::get(), 1);
		let share = fee - refund;
		assert_eq!(Balances::free_balance(1) + Balances::free_balance(2) - one - two, share);
		assert!(Balances::free_balance(1) > one && Balances::free_balance(2) > two);
		assert_eq!(held_fee(10), 0);
		assert!(events().contains(&Event::BlobExpired { blob, paid: share, forfeited: 0 }));
	});
}

#[test]
fn a_blob_without_a_certificate_is_unavailable_and_refunded_minus_its_cost() {
	test(|| {
		for who in 1..=3 {
			signer(who, MIN_STAKE);
		}
		run_to_block(2);
		set_committee([1, 2, 3]);
		let blob = submit(10);
		assert_ok!(attest(1, &[blob]));
		let before = Balances::free_balance(10);
		let issuance = Balances::total_issuance();
		run_to_block(2 + ATTEST_WINDOW);
		let cost = ROW / 10;
		assert_eq!(Balances::free_balance(10), before + ROW - cost);
		assert_eq!(Balances::total_issuance(), issuance - cost, "the cost is burnt");
		assert_eq!(Blobs::<Test>::get(blob).unwrap().status, BlobStatus::Unavailable);
		assert_eq!(Da::blob_view(blob).unwrap().status, b"unavailable".to_vec());
		assert!(Commitments::<Test>::get(blob).is_none());
		assert_noop!(attest(2, &[blob]), Error::<Test>::TooLate);
		assert_noop!(
			Da::keep(RuntimeOrigin::signed(10), blob, 5, 20),
			Error::<Test>::NotCertified
		);
		run_to_block(2 + ATTEST_WINDOW + RETENTION);
		assert!(Blobs::<Test>::get(blob).is_none());
	});
}

/// Answers every open challenge with the right cell of the fixture.
fn answer_all_honestly() {
	let f = fixture();
	for (who, challenge) in Challenges::<Test>::iter().collect::<Vec<_>>() {
		let column = challenge.cell.column as usize;
		assert_ok!(answer(who, f.cells[column].clone(), f.proofs[column]));
	}
}

#[test]
fn custody_challenges_pay_the_honest_refuse_wrong_cells_and_slash_the_missing() {
	test(|| {
		let f = fixture();
		let blob = certified_blob();
		let issuance = Balances::total_issuance();
		let mut answered = 0;
		let mut missed = 0;
		let mut refused = 0;
		let deadline_of_blob = 2 + ATTEST_WINDOW + RETENTION;
		// Signer 2 deleted its cells: it answers with another column's cell (refused) and then misses.
		for n in 3..deadline_of_blob {
			run_to_block(n);
			for (who, challenge) in Challenges::<Test>::iter().collect::<Vec<_>>() {
				let column = challenge.cell.column as usize;
				assert_eq!(da::slot_of_column(challenge.cell.column, SLOTS), who as u32 - 1, "a cell of its own slot");
				if who == 2 {
					let wrong = (column + 1) % 128;
					if refused == 0 {
						assert_noop!(
							answer(2, f.cells[wrong].clone(), f.proofs[wrong]),
							Error::<Test>::InvalidCell
						);
						assert_noop!(
							answer(2, f.cells[column].clone(), f.proofs[wrong]),
							Error::<Test>::InvalidCell
						);
						assert_noop!(
							answer(2, vec![0u8; 100], f.proofs[column]),
							Error::<Test>::BadCell
						);
						refused += 1;
					}
					continue;
				}
				assert_ok!(answer(who, f.cells[column].clone(), f.proofs[column]));
				answered += 1;
			}
			missed = events().iter().filter(|e| matches!(e, Event::ChallengeMissed { signer: 2, .. })).count();
		}
		assert!(answered >= 4, "honest signers were challenged and answered: {answered}");
		assert!(missed >= 1 && refused == 1, "signer 2 was challenged and missed");
		assert_noop!(
			Da::answer_challenge(
				RuntimeOrigin::signed(5),
				f.cells[0].clone().try_into().unwrap(),
				f.proofs[0],
				H256::zero(),
				Default::default()
			),
			Error::<Test>::NoChallenge
		);
		// Each miss burnt 10 % of signer 2's stake.
		let mut stake = MIN_STAKE * 10;
		for _ in 0..missed {
			stake -= stake / 10;
		}
		assert_eq!(stake_of(2), stake);
		assert_eq!(stake_of(1), MIN_STAKE * 10);
		assert!(events().iter().all(|e| !matches!(e, Event::ChallengeMissed { signer: 1 | 3, .. })));

		// At expiry the honest are paid their third each; signer 2 forfeits its third (burnt).
		let (one, two) = (Balances::free_balance(1), Balances::free_balance(2));
		let issuance_before_expiry = Balances::total_issuance();
		run_to_block(deadline_of_blob);
		answer_all_honestly();
		let third = Perbill::from_rational(1u32, 3).mul_floor(ROW);
		assert_eq!(Balances::free_balance(1), one + third);
		assert_eq!(Balances::free_balance(2), two, "signing without storing does not pay");
		assert!(events().contains(&Event::BlobExpired { blob, paid: 2 * third, forfeited: third }));
		assert_eq!(Balances::total_issuance(), issuance_before_expiry - third);
		assert!(Balances::total_issuance() < issuance);
		// Its challenge round is over with the blob: no cell left to ask for.
		run_to_block(deadline_of_blob + 2 * CHALLENGE_PERIOD);
		assert!(Challenges::<Test>::iter().next().is_none());
	});
}

#[test]
fn a_leaving_signer_stays_liable_until_its_blobs_expire() {
	test(|| {
		let blob = certified_blob();
		assert_ok!(Da::deregister(RuntimeOrigin::signed(1)));
		run_to_block(2 + UNBONDING);
		assert_noop!(Da::withdraw_stake(RuntimeOrigin::signed(1)), Error::<Test>::StillBonded);
		// Still challenged while it is liable.
		let mut challenged = false;
		for n in 3 + UNBONDING..=2 + ATTEST_WINDOW + RETENTION {
			run_to_block(n);
			challenged |= Challenges::<Test>::contains_key(1);
			answer_all_honestly();
		}
		assert!(challenged, "a leaving signer is still challenged");
		assert!(Blobs::<Test>::get(blob).is_none());
		run_to_block(3 + ATTEST_WINDOW + RETENTION);
		assert_ok!(Da::withdraw_stake(RuntimeOrigin::signed(1)));
		// Not drawn again.
		run_to_block(3 * EPOCH);
		assert!(!Committees::<Test>::get(2).unwrap().contains(&1));
	});
}

#[test]
fn a_certified_blob_can_be_handed_to_storage_by_anyone_who_pays() {
	test(|| {
		let f = fixture();
		for who in 1..=3 {
			signer(who, MIN_STAKE);
		}
		run_to_block(2);
		set_committee([1, 2, 3]);
		let blob = submit(10);
		assert_noop!(Da::keep(RuntimeOrigin::signed(11), blob, 5, 20), Error::<Test>::NotCertified);
		assert_ok!(attest(1, &[blob]));
		assert_ok!(attest(2, &[blob]));
		assert_noop!(Da::keep(RuntimeOrigin::signed(11), 99, 5, 20), Error::<Test>::UnknownBlob);
		let before = Balances::free_balance(11);
		assert_ok!(Da::keep(RuntimeOrigin::signed(11), blob, 5, 20));
		assert_eq!(KEPT.with(|k| k.borrow().clone()), vec![(11, f.root, f.size, 5, 20)]);
		assert_eq!(Balances::free_balance(11), before - f.size * 5);
		assert_ok!(Da::keep(RuntimeOrigin::signed(12), blob, 5, 20));
		assert!(events().contains(&Event::BlobKept { blob, owner: 12, data_root: f.root, periods: 5, stored: false }));
	});
}

#[test]
fn the_views_show_what_the_node_needs() {
	test(|| {
		let f = fixture();
		let blob = certified_blob();
		let view = Da::blob_view(blob).unwrap();
		assert_eq!(view.status, b"certified".to_vec());
		assert_eq!((view.size, view.data_root, view.attested_slots, view.slots), (f.size, f.root.0, 3, SLOTS));
		assert_eq!(view.disperser, b"disperser".to_vec());
		assert_eq!(Da::commitments_view(blob), Some(vec![f.commitment]));
		assert_eq!(Da::committee_view(0), Some(vec![1, 2, 3]));
		let peers = Da::committee_peers_view(0).unwrap();
		assert_eq!(peers, vec![b"peer-1".to_vec(), b"peer-2".to_vec(), b"peer-3".to_vec()]);
		assert_eq!(Da::committee_peers_view(5), None);
		assert_eq!(Da::epoch_view(), (0, 0));
		run_to_block(EPOCH + 1);
		assert_eq!(Da::epoch_view(), (1, EPOCH));
		assert_eq!(Da::blob_view(99), None);
	});
}

#[test]
fn integrity_holds_for_the_mock() {
	new_test_ext().execute_with(|| <Da as Hooks<u64>>::integrity_test());
}

/// The hole custody roots close: a signer that attested without its cells fetches the challenged cell (with its
/// valid KZG proof) from another signer when challenged. The cell is right, but its leaf is not under the root it
/// committed to, so the answer is refused and the signer is slashed and forfeits its share.
#[test]
fn a_signer_that_attested_without_its_cells_fails_custody_even_with_a_fetched_cell() {
	test(|| {
		let f = fixture();
		for who in 1..=3 {
			signer(who, MIN_STAKE * 10);
		}
		run_to_block(2);
		set_committee([1, 2, 3]);
		let blob = submit(10);
		assert_ok!(attest(1, &[blob]));
		assert_ok!(attest(3, &[blob]));
		// Signer 2 never downloaded: it cannot make its leaves, so it commits to a root of its own making.
		let fake: Vec<[u8; 32]> = (0..43u8).map(|i| [i; 32]).collect();
		assert_ok!(Da::attest(RuntimeOrigin::signed(2), vec![(blob, H256(custody::root(&fake)))].try_into().unwrap()));
		assert!(matches!(Blobs::<Test>::get(blob).unwrap().status, BlobStatus::Certified { .. }));

		let expiry = Blobs::<Test>::get(blob).unwrap().expires_at;
		let mut refused = 0;
		for n in 3..expiry {
			run_to_block(n);
			for (who, challenge) in Challenges::<Test>::iter().collect::<Vec<_>>() {
				let column = challenge.cell.column as usize;
				if who != 2 {
					assert_ok!(answer(who, f.cells[column].clone(), f.proofs[column]));
					continue;
				}
				// The right cell and proof, as fetched from signer 1 or the disperser, and its real secret, with a
				// path in its fake tree or in the honest one: neither leads to its root.
				let secret = H256(custody_secret(2, 0));
				let (columns, honest) = custody_leaves(2, blob);
				let index = custody::leaf_index(&columns, 0, challenge.cell.column).unwrap() as usize;
				for leaves in [&fake, &honest] {
					let path: Vec<H256> = custody::path(leaves, index).into_iter().map(H256).collect();
					assert_noop!(
						Da::answer_challenge(
							RuntimeOrigin::signed(2),
							f.cells[column].clone().try_into().unwrap(),
							f.proofs[column],
							secret,
							path.try_into().unwrap()
						),
						Error::<Test>::CustodyMismatch
					);
				}
				// Another secret than its epoch's does not help either.
				assert_noop!(
					Da::answer_challenge(
						RuntimeOrigin::signed(2),
						f.cells[column].clone().try_into().unwrap(),
						f.proofs[column],
						H256(custody_secret(2, 1)),
						Default::default()
					),
					Error::<Test>::BadSecret
				);
				refused += 1;
			}
		}
		let missed = events().iter().filter(|e| matches!(e, Event::ChallengeMissed { signer: 2, .. })).count();
		assert!(refused >= 1 && missed >= 1, "signer 2 was challenged ({refused}) and missed ({missed})");
		assert!(stake_of(2) < MIN_STAKE * 10);
		let before = Balances::free_balance(2);
		run_to_block(expiry);
		assert_eq!(Balances::free_balance(2), before, "signing without storing does not pay");
		assert!(!CustodyRoots::<Test>::contains_key(blob), "roots pruned with the blob");
	});
}

/// A challenge whose blob is gone by its deadline (expired, its cells dropped) is void, not missed: an honest
/// signer is not slashed for a cell nobody may ask for any more. And no challenge picks a blob that may expire
/// before its answer is due.
#[test]
fn a_challenge_of_a_blob_gone_by_its_deadline_is_void() {
	test(|| {
		let blob = certified_blob();
		let reveal = Da::reveal_at(0);
		run_to_block(reveal);
		while Challenges::<Test>::iter().next().is_none() {
			run_to_block(System::block_number() + 1);
		}
		let (who, challenge) = Challenges::<Test>::iter().next().expect("challenged");
		// The blob is gone before the answer (as at its expiry).
		Blobs::<Test>::remove(challenge.blob);
		Commitments::<Test>::remove(challenge.blob);
		let stake = stake_of(who);
		run_to_block(challenge.deadline + 1);
		assert!(events().contains(&Event::ChallengeVoided { signer: who, blob }));
		assert!(!events().iter().any(|e| matches!(e, Event::ChallengeMissed { .. })));
		assert_eq!(stake_of(who), stake);
		assert!(Signers::<Test>::get(who).expect("signer").failed_at.is_none(), "no forfeit either");
	});
}

#[test]
fn no_challenge_picks_a_blob_that_may_expire_before_the_answer_is_due() {
	test(|| {
		let blob = certified_blob();
		let expires_at = Blobs::<Test>::get(blob).expect("blob").expires_at;
		run_to_block(expires_at);
		let late: Vec<u64> = events()
			.into_iter()
			.filter_map(|e| if let Event::ChallengeIssued { deadline, .. } = e { Some(deadline) } else { None })
			.filter(|deadline| *deadline >= expires_at)
			.collect();
		assert!(late.is_empty(), "challenges due after the blob may expire: {late:?}");
	});
}

/// Challenges show the epoch's secret, so they wait until every attestation of the epoch has closed.
#[test]
fn no_challenge_comes_before_the_epochs_secrets_may_be_revealed() {
	test(|| {
		certified_blob();
		let reveal = Da::reveal_at(0);
		assert!(reveal > 2 + ATTEST_WINDOW + SPILL as u64, "after the latest deadline of the epoch's blobs");
		run_to_block(reveal + 2 * CHALLENGE_PERIOD);
		// A challenge issued at block n has its deadline at n + RESPONSE_WINDOW (or a spill block after it).
		let deadlines: Vec<u64> = events()
			.into_iter()
			.filter_map(|e| if let Event::ChallengeIssued { deadline, .. } = e { Some(deadline) } else { None })
			.collect();
		assert!(!deadlines.is_empty(), "challenged once the secrets may be revealed");
		assert!(deadlines.iter().all(|d| *d >= reveal + RESPONSE_WINDOW), "{deadlines:?}");
	});
}

#[test]
fn attesting_needs_a_custody_commitment_that_covers_the_epoch() {
	test(|| {
		let f = fixture();
		assert_ok!(Da::register_signer(RuntimeOrigin::signed(4), MIN_STAKE, peer("p4")));
		for who in 1..=2 {
			signer(who, MIN_STAKE * 10);
		}
		run_to_block(2);
		set_committee([1, 2, 4]);
		let blob = submit(10);
		let root = vec![(blob, H256::zero())].try_into().unwrap();
		assert_noop!(Da::attest(RuntimeOrigin::signed(4), root), Error::<Test>::NoCustody);
		// Not for a future epoch, not by a non-signer.
		let image = H256(custody::step(&custody_secret(4, 1)));
		assert_noop!(Da::commit_custody(RuntimeOrigin::signed(4), 1, image), Error::<Test>::CustodyGap);
		assert_noop!(Da::commit_custody(RuntimeOrigin::signed(11), 0, image), Error::<Test>::NotSigner);
		// A commitment from a later epoch than the blob's does not cover it (its secret may be public by then).
		CustodyAnchors::<Test>::insert(4, CustodyAnchor { epoch: 1, image: image.0 });
		assert_noop!(
			Da::attest(RuntimeOrigin::signed(4), vec![(blob, H256::zero())].try_into().unwrap()),
			Error::<Test>::NoCustody
		);
		CustodyAnchors::<Test>::remove(4);
		assert_ok!(Da::commit_custody(RuntimeOrigin::signed(4), 0, H256(custody::step(&custody_secret(4, 0)))));
		assert_ok!(attest(4, &[blob]));
		// Liable now: no new chain until what it attested expires.
		assert_noop!(Da::commit_custody(RuntimeOrigin::signed(4), 0, image), Error::<Test>::CustodyCommitted);
		let expiry = Blobs::<Test>::get(blob).unwrap().expires_at;
		for n in 3..=expiry {
			run_to_block(n);
			for (who, challenge) in Challenges::<Test>::iter().collect::<Vec<_>>() {
				let column = challenge.cell.column as usize;
				assert_ok!(answer(who, f.cells[column].clone(), f.proofs[column]));
			}
		}
		run_to_block(expiry + 1);
		assert_ok!(Da::commit_custody(RuntimeOrigin::signed(4), Da::epoch_of(expiry + 1), image));
	});
}

#[test]
fn secrets_are_revealed_after_their_epoch_and_a_secret_shown_before_is_a_slashable_leak() {
	test(|| {
		signer(1, MIN_STAKE * 10);
		let secret = |e| H256(custody_secret(1, e));
		// Too early to reveal epoch 0's secret; a wrong one is refused whatever the time.
		assert_noop!(Da::reveal_custody(RuntimeOrigin::signed(1), 0, secret(0)), Error::<Test>::TooEarly);
		assert_noop!(Da::report_leak(RuntimeOrigin::signed(9), 1, 2, secret(3)), Error::<Test>::BadSecret);
		assert_noop!(Da::report_leak(RuntimeOrigin::signed(9), 5, 2, secret(3)), Error::<Test>::NoCustody);
		assert_noop!(
			Da::report_leak(RuntimeOrigin::signed(9), 1, custody::MAX_GAP, secret(custody::MAX_GAP)),
			Error::<Test>::CustodyGap
		);
		// The public image (what the chain knows) is no leak of any epoch, however far.
		let image = H256(CustodyAnchors::<Test>::get(1).unwrap().image);
		assert_noop!(Da::report_leak(RuntimeOrigin::signed(9), 1, u32::MAX, image), Error::<Test>::CustodyGap);

		// Someone was shown epoch 2's secret (say, to compute leaves for the signer): a leak. Half of 10 % of the
		// stake goes to the reporter, half is burnt.
		let (free, issuance) = (Balances::free_balance(9), Balances::total_issuance());
		assert_ok!(Da::report_leak(RuntimeOrigin::signed(9), 1, 2, secret(2)));
		let slashed = MIN_STAKE;
		assert_eq!(stake_of(1), MIN_STAKE * 10 - slashed);
		assert_eq!(Balances::free_balance(9), free + slashed / 2);
		assert_eq!(Balances::total_issuance(), issuance - slashed / 2);
		assert!(events().contains(&Event::CustodyLeaked {
			signer: 1,
			epoch: 2,
			reporter: 9,
			slashed,
			reward: slashed / 2
		}));
		// Known now: not again, nor an earlier epoch's secret.
		assert_noop!(Da::report_leak(RuntimeOrigin::signed(9), 1, 2, secret(2)), Error::<Test>::NotALeak);
		assert_noop!(Da::report_leak(RuntimeOrigin::signed(9), 1, 1, secret(1)), Error::<Test>::NotALeak);

		// Once epoch 3 may be revealed, showing its secret is no leak, and the signer reveals it.
		run_to_block(Da::reveal_at(3));
		assert_noop!(Da::report_leak(RuntimeOrigin::signed(9), 1, 3, secret(3)), Error::<Test>::NotALeak);
		assert_ok!(Da::reveal_custody(RuntimeOrigin::signed(1), 3, secret(3)));
		assert_eq!(CustodyAnchors::<Test>::get(1).unwrap().epoch, 4);
		assert!(events().contains(&Event::CustodyRevealed { signer: 1, epoch: 3 }));
	});
}

/// Blobs attested before the runtime had custody roots (a running chain upgraded) have no root for their signers:
/// a challenge on one is answered by the cell alone, so honest signers are not slashed by the upgrade.
#[test]
fn a_blob_attested_before_custody_roots_existed_is_answered_by_the_cell_alone() {
	test(|| {
		let f = fixture();
		let blob = certified_blob();
		CustodyRoots::<Test>::remove(blob);
		CustodyAnchors::<Test>::remove(2);
		let mut answered = 0;
		for n in 3..Da::reveal_at(0) + 2 * CHALLENGE_PERIOD {
			run_to_block(n);
			for (who, challenge) in Challenges::<Test>::iter().collect::<Vec<_>>() {
				let column = challenge.cell.column as usize;
				let wrong = (column + 1) % 128;
				let answer = |c: usize, p: usize| {
					Da::answer_challenge(
						RuntimeOrigin::signed(who),
						f.cells[c].clone().try_into().unwrap(),
						f.proofs[p],
						H256::zero(),
						Default::default(),
					)
				};
				assert_noop!(answer(wrong, wrong), Error::<Test>::InvalidCell);
				assert_ok!(answer(column, column));
				answered += 1;
			}
		}
		assert!(answered >= 3, "{answered}");
		assert!(events().iter().all(|e| !matches!(e, Event::ChallengeMissed { .. })));
	});
}
