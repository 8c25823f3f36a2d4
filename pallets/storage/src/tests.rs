//! Tests on the mock runtime, with real files encoded by `zg_primitives::storage::erasure` and real Merkle proofs.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok, traits::Hooks};
use sp_runtime::{DispatchError, TokenError};
use zg_primitives::storage::{file_sector_of, sector_leaf, SECTOR_SIZE, SEGMENT_SIZE};

const MIB: u64 = 1 << 20;
/// The owner of the files in these tests (not a provider).
const OWNER: AccountId = 30;
/// A bystander: not a provider, owns nothing.
const ANYONE: AccountId = 31;
/// An account without funds.
const PAUPER: AccountId = 99;

/// A one-segment file: shards of 256 sectors (64 KiB); 1,536 units per round at price 1.
fn small_file(seed: u8) -> TestFile {
	TestFile::new(1000 + seed as usize, seed)
}

fn fee_per_round(file: &TestFile) -> Balance {
	ErasureParams::DEFAULT.shard_sectors(file.size()) * 6 * Price::get()
}

fn file(root: H256) -> FileInfoOf<Test> {
	Files::<Test>::get(root).expect("file exists")
}

fn provider(who: AccountId) -> ProviderInfoOf<Test> {
	Providers::<Test>::get(who).expect("registered")
}

fn held(who: AccountId) -> Vec<HeldShard> {
	ProviderShards::<Test>::get(who).into_inner()
}

fn has_event(event: Event<Test>) -> bool {
	events().contains(&event)
}

// ---- providers ---------------------------------------------------------------------------------------------

#[test]
fn registering_holds_the_stake() {
	run_test(|| {
		assert_ok!(Storage::register_provider(RuntimeOrigin::signed(1), b"peer".to_vec(), MIB, 5_000));
		assert_eq!(held_stake(1), 5_000);
		assert_eq!(free_balance(1), INITIAL_BALANCE - 5_000);
		let info = provider(1);
		assert_eq!(info.peer_id.as_slice(), b"peer");
		assert_eq!((info.capacity, info.used, info.shards, info.stake), (MIB, 0, 0, 5_000));
		assert_eq!(info.status, ProviderStatus::Active);
		assert!(has_event(Event::ProviderRegistered { provider: 1, capacity: MIB, stake: 5_000 }));
		assert_eq!(Providers::<Test>::count(), 1);
	});
}

#[test]
fn registration_refuses_bad_input() {
	run_test(|| {
		let signed = RuntimeOrigin::signed;
		assert_ok!(Storage::register_provider(signed(1), b"peer".to_vec(), MIB, MIN_STAKE));
		assert_noop!(
			Storage::register_provider(signed(1), b"peer".to_vec(), MIB, MIN_STAKE),
			Error::<Test>::AlreadyRegistered
		);
		// Hole 2: one node, one account — a second account cannot register the same peer id…
		assert_noop!(
			Storage::register_provider(signed(2), b"peer".to_vec(), MIB, MIN_STAKE),
			Error::<Test>::PeerIdTaken
		);
		// …and capacity must be backed by stake: MIN_STAKE backs one GiB.
		assert_noop!(
			Storage::register_provider(signed(2), b"peer2".to_vec(), (1 << 30) + 1, MIN_STAKE),
			Error::<Test>::CapacityNotBacked
		);
		assert_noop!(
			Storage::register_provider(signed(2), b"peer2".to_vec(), u64::MAX, MIN_STAKE * 1000),
			Error::<Test>::CapacityNotBacked
		);
		assert_noop!(
			Storage::register_provider(signed(2), b"peer2".to_vec(), MIB, MIN_STAKE - 1),
			Error::<Test>::StakeTooLow
		);
		assert_noop!(
			Storage::register_provider(signed(2), vec![7; 65], MIB, MIN_STAKE),
			Error::<Test>::PeerIdTooLong
		);
		assert_noop!(
			Storage::register_provider(signed(2), b"peer2".to_vec(), 0, MIN_STAKE),
			Error::<Test>::ZeroCapacity
		);
		assert_noop!(
			Storage::register_provider(signed(PAUPER), b"peer2".to_vec(), MIB, MIN_STAKE),
			TokenError::FundsUnavailable
		);
		register(2..=16, MIB);
		assert_eq!(Providers::<Test>::count(), 16);
		assert_noop!(
			Storage::register_provider(signed(17), b"peer17".to_vec(), MIB, MIN_STAKE),
			Error::<Test>::TooManyProviders
		);
	});
}

#[test]
fn deregistration_hands_shards_over_in_the_hook_and_withdrawal_waits_for_unbonding() {
	run_test(|| {
		register(1..=7, MIB);
		let f = small_file(1);
		store(&f, OWNER, 10, 1);
		let leaving = providers_of(f.root)[2];
		let spare = (1..=7).find(|p| !providers_of(f.root).contains(p)).expect("one spare");

		assert_noop!(Storage::withdraw_stake(RuntimeOrigin::signed(leaving)), Error::<Test>::NotUnbonding);
		assert_ok!(Storage::deregister_provider(RuntimeOrigin::signed(leaving)));
		let until = 1 + UNBONDING;
		assert!(has_event(Event::ProviderDeregistered { provider: leaving, unbonding_until: until }));
		assert!(has_event(Event::EvictionStarted { provider: leaving, reason: Eviction::Leaving }));
		assert_eq!(provider(leaving).status, ProviderStatus::Unbonding { until });
		// The call itself moves nothing (its weight does not depend on what the provider holds)…
		assert_eq!(held(leaving).len(), 1);
		// …the next block's hook does.
		run_to_block(2);
		assert!(has_event(Event::ShardReassigned { root: f.root, shard: 2, from: leaving, to: spare }));
		assert!(has_event(Event::EvictionFinished { provider: leaving }));
		assert!(held(leaving).is_empty());
		assert_eq!(provider(leaving).used, 0);
		assert_eq!(providers_of(f.root)[2], spare);
		assert!(!file(f.root).shards[2].acknowledged);
		assert_eq!(file(f.root).state, FileState::Stored);
		assert_eq!(held(spare), vec![HeldShard { file: f.root, shard: 2, sectors: 256, acknowledged: false }]);
		// The new holder rebuilds the shard and acknowledges it.
		assert_ok!(Storage::acknowledge_shard(RuntimeOrigin::signed(spare), f.root, 2));

		assert_noop!(
			Storage::deregister_provider(RuntimeOrigin::signed(leaving)),
			Error::<Test>::AlreadyUnbonding
		);
		assert_noop!(Storage::withdraw_stake(RuntimeOrigin::signed(leaving)), Error::<Test>::StillUnbonding);
		System::set_block_number(until);
		assert_ok!(Storage::withdraw_stake(RuntimeOrigin::signed(leaving)));
		assert!(has_event(Event::StakeWithdrawn { provider: leaving, amount: MIN_STAKE * 10 }));
		assert_eq!(held_stake(leaving), 0);
		assert_eq!(free_balance(leaving), INITIAL_BALANCE);
		assert!(Providers::<Test>::get(leaving).is_none());
		assert_noop!(Storage::withdraw_stake(RuntimeOrigin::signed(leaving)), Error::<Test>::NotProvider);
		assert_noop!(Storage::deregister_provider(RuntimeOrigin::signed(ANYONE)), Error::<Test>::NotProvider);
	});
}

#[test]
fn a_leaving_provider_keeps_shards_that_have_nowhere_to_go() {
	run_test(|| {
		register(1..=6, MIB);
		let f = small_file(1);
		store(&f, OWNER, 10, 1);
		assert_ok!(Storage::deregister_provider(RuntimeOrigin::signed(3)));
		run_to_block(2);
		assert!(has_event(Event::RepairFailed { root: f.root, shard: 2, provider: 3 }) ||
			events().iter().any(|e| matches!(e, Event::RepairFailed { provider: 3, .. })));
		assert_eq!(held(3).len(), 1, "kept until someone can take it");
		System::set_block_number(1 + UNBONDING);
		assert_noop!(Storage::withdraw_stake(RuntimeOrigin::signed(3)), Error::<Test>::StillHoldsShards);
		// A provider joins: the shard is handed over in the next block.
		register([7], MIB);
		run_to_block(2 + UNBONDING);
		assert!(held(3).is_empty());
		assert!(providers_of(f.root).contains(&7));
		assert_ok!(Storage::withdraw_stake(RuntimeOrigin::signed(3)));
		// A provider without shards may always leave.
		register([8], MIB);
		assert_ok!(Storage::deregister_provider(RuntimeOrigin::signed(8)));
	});
}

/// Hole 5: deregistering was one call that moved every shard at once; at the runtime's bounds (2,000 shards)
/// its weight exceeded a block, so a large provider could never leave. Now the call is constant-weight and the
/// hook moves as many shards per block as `MaxHookWeight` allows.
#[test]
fn deregistering_costs_the_same_however_many_shards_are_held_and_the_hook_stays_within_its_budget() {
	run_test(|| {
		register(1..=12, 64 * MIB);
		let files: Vec<TestFile> = (0..4u8).map(small_file).collect();
		for f in &files {
			store(f, OWNER, 10, 1);
		}
		let leaving = (1..=12).max_by_key(|p| held(*p).len()).expect("providers");
		let before = held(leaving).len();
		assert!(before >= 2);
		assert_ok!(Storage::deregister_provider(RuntimeOrigin::signed(leaving)));
		// A budget of one shard move per block: one shard moves per block.
		let unit = <() as WeightInfo>::reassign_shard(16);
		HookWeight::set(unit);
		for block in 2..2 + before as u64 {
			System::set_block_number(block);
			let used = on_initialize(block);
			assert!(used.all_lte(<() as WeightInfo>::on_initialize_idle() + unit), "the hook keeps to its budget");
			assert_eq!(held(leaving).len(), before - (block - 1) as usize);
		}
	});
}

#[test]
fn leaving_does_not_dodge_an_open_challenge() {
	run_test(|| {
		register(1..=7, MIB);
		let f = small_file(1);
		store(&f, OWNER, 10, 1);
		run_to_round(1);
		let leaving = providers_of(f.root)[0];
		assert!(Challenges::<Test>::contains_key(leaving));
		assert_ok!(Storage::deregister_provider(RuntimeOrigin::signed(leaving)));
		// Still open: it may still answer from what it holds…
		assert!(Challenges::<Test>::contains_key(leaving));
		close_current_round();
		// …and, having not, it is slashed.
		assert!(has_event(Event::ChallengeMissed { provider: leaving, round: 1, misses: 1 }));
		assert_eq!(held_stake(leaving), MIN_STAKE * 9);
	});
}

// ---- files: fees, placement, encoding ------------------------------------------------------------------------

#[test]
fn submitting_charges_the_fee_into_the_pool_and_places_every_shard() {
	run_test(|| {
		register(1..=8, MIB);
		let f = TestFile::new(SEGMENT_SIZE + 1000, 3);
		let pool_before = free_balance(pool());
		assert_ok!(Storage::submit_file(RuntimeOrigin::signed(OWNER), f.root, f.size(), 10, 1));
		// Two segments: shards of 512 sectors; 512 × 6 × 10 rounds × price 1.
		let fee = 512 * 6 * 10;
		assert_eq!(free_balance(OWNER), INITIAL_BALANCE - fee);
		assert_eq!(free_balance(pool()), pool_before + fee);
		let info = file(f.root);
		assert_eq!((info.owner, info.size, info.fee, info.paid_out), (OWNER, f.size(), fee, 0));
		assert_eq!((info.start_round, info.periods, info.end_round()), (1, 10, 11));
		assert_eq!(info.state, FileState::Pending);
		let providers = providers_of(f.root);
		assert_eq!(providers.len(), 6);
		let distinct: std::collections::BTreeSet<_> = providers.iter().collect();
		assert_eq!(distinct.len(), 6);
		for (shard, p) in providers.iter().enumerate() {
			assert_eq!(provider(*p).used, 2 * 64 * 1024);
			assert_eq!(provider(*p).shards, 1);
			assert_eq!(
				held(*p),
				vec![HeldShard { file: f.root, shard: shard as u32, sectors: 512, acknowledged: false }]
			);
		}
		assert!(Expiries::<Test>::contains_key(11, f.root));
		assert!(has_event(Event::FileSubmitted {
			root: f.root,
			owner: OWNER,
			size: f.size(),
			fee,
			end_round: 11,
			providers: providers.try_into().expect("six"),
			encoder: 1,
			encode_by: 1 + UPLOAD_DEADLINE,
		}));
		assert!(EncodeDuties::<Test>::contains_key(1, f.root));
		assert_eq!(UnstoredFiles::<Test>::get(OWNER), 1);
	});
}

#[test]
fn submission_refuses_bad_input() {
	run_test(|| {
		let signed = RuntimeOrigin::signed;
		let f = small_file(1);
		register(1..=5, MIB);
		assert_noop!(Storage::submit_file(signed(OWNER), f.root, f.size(), 10, 1), Error::<Test>::NotEnoughProviders);
		register([6], MIB);
		assert_noop!(Storage::submit_file(signed(OWNER), f.root, 0, 10, 1), Error::<Test>::ZeroSize);
		assert_noop!(
			Storage::submit_file(signed(OWNER), f.root, 4 * SEGMENT_SIZE as u64 + 1, 10, 1),
			Error::<Test>::FileTooLarge
		);
		assert_noop!(Storage::submit_file(signed(OWNER), f.root, f.size(), 0, 1), Error::<Test>::ZeroLifetime);
		assert_noop!(
			Storage::submit_file(signed(PAUPER), f.root, f.size(), 10, 1),
			TokenError::FundsUnavailable
		);
		Price::set(Balance::MAX / 1000);
		assert_noop!(Storage::submit_file(signed(OWNER), f.root, f.size(), 10, 1), Error::<Test>::FeeOverflow);
		Price::set(1);
		assert_ok!(Storage::submit_file(signed(OWNER), f.root, f.size(), 10, 1));
		assert_noop!(Storage::submit_file(signed(ANYONE), f.root, f.size(), 10, 1), Error::<Test>::FileExists);
	});
}

/// The placements of ten files submitted one per block, under randomness seed `seed`.
fn placements(seed: u64) -> Vec<Vec<AccountId>> {
	let mut out = Vec::new();
	new_test_ext().execute_with(|| {
		RandomSeed::set(seed);
		register(1..=6, 4 * MIB);
		register([7], 1000); // less than one shard (64 KiB): never chosen
		register([8], 16 * MIB);
		for i in 0..8u8 {
			let f = small_file(i);
			assert_ok!(Storage::submit_file(RuntimeOrigin::signed(20 + i as u64), f.root, f.size(), 5, 1));
			out.push(providers_of(f.root));
			run_to_block(System::block_number() + 1);
		}
		Storage::do_try_state().expect("invariants hold");
	});
	out
}

#[test]
fn placement_is_deterministic_and_respects_capacity() {
	let a = placements(1);
	assert_eq!(a, placements(1), "same randomness, same placement");
	assert_ne!(a, placements(2), "other randomness, other placement");
	for providers in &a {
		assert!(!providers.contains(&7), "provider 7 has no room for a shard");
	}
	// Provider 8 has the most free capacity, so it is placed on most often.
	let count = |p| a.iter().filter(|ps| ps.contains(&p)).count();
	assert!(count(8) >= count(1), "{a:?}");
}

#[test]
fn full_providers_are_not_given_more() {
	run_test(|| {
		// Room for exactly two one-segment shards each.
		register(1..=6, 2 * 64 * 1024);
		for i in 0..2u8 {
			let f = small_file(i);
			assert_ok!(Storage::submit_file(RuntimeOrigin::signed(20 + i as u64), f.root, f.size(), 5, 1));
		}
		for p in 1..=6 {
			assert_eq!(provider(p).free(), 0);
		}
		let f = small_file(9);
		assert_noop!(
			Storage::submit_file(RuntimeOrigin::signed(OWNER), f.root, f.size(), 5, 1),
			Error::<Test>::NotEnoughProviders
		);
		// A provider whose slots (MaxAssignmentsPerProvider = 8) are full is skipped too.
		register(7..=12, 64 * MIB);
		for i in 10..18u8 {
			let f = small_file(i);
			assert_ok!(Storage::submit_file(RuntimeOrigin::signed(10 + i as u64), f.root, f.size(), 5, 1));
		}
		for p in 7..=12 {
			assert_eq!(provider(p).shards, 8);
		}
		let f = small_file(20);
		assert_noop!(
			Storage::submit_file(RuntimeOrigin::signed(OWNER), f.root, f.size(), 5, 1),
			Error::<Test>::NotEnoughProviders
		);
	});
}

#[test]
fn encoding_and_acknowledgement_lead_to_stored() {
	run_test(|| {
		register(1..=7, MIB);
		let f = small_file(1);
		assert_ok!(Storage::submit_file(RuntimeOrigin::signed(OWNER), f.root, f.size(), 10, 7));
		assert_ok!(Storage::confirm_encoding(RuntimeOrigin::signed(7), f.root, f.roots()));
		assert!(has_event(Event::FileEncoded { root: f.root, encoder: 7 }));
		assert_eq!(file(f.root).deadline, Some(1 + ACK_DEADLINE));
		assert_eq!(provider(7).bonded_until, 1 + FRAUD_WINDOW);
		let info = file(f.root);
		assert_eq!(info.state, FileState::Encoded);
		assert_eq!(info.encoder, Some(7));
		assert_eq!(info.shards.iter().map(|s| s.root.expect("set")).collect::<Vec<_>>(), f.shard_roots);
		let providers = providers_of(f.root);
		for (shard, p) in providers.iter().enumerate() {
			assert_ok!(Storage::acknowledge_shard(RuntimeOrigin::signed(*p), f.root, shard as u32));
			assert!(has_event(Event::ShardAcknowledged { root: f.root, shard: shard as u32, provider: *p }));
			assert!(held(*p)[0].acknowledged);
			assert_eq!(file(f.root).state == FileState::Stored, shard == 5);
		}
		assert!(has_event(Event::FileStored { root: f.root }));
		assert_eq!(file(f.root).deadline, None);
		assert_eq!(UnstoredFiles::<Test>::get(OWNER), 0);
	});
}

#[test]
fn encoding_and_acknowledgement_refuse_bad_input() {
	run_test(|| {
		let signed = RuntimeOrigin::signed;
		register(1..=7, MIB);
		let f = small_file(1);
		let unknown = small_file(2);
		assert_ok!(Storage::submit_file(signed(OWNER), f.root, f.size(), 10, 7));
		let providers = providers_of(f.root);
		let outsider = (1..=7).find(|p| !providers.contains(p)).expect("one spare");

		assert_noop!(Storage::acknowledge_shard(signed(providers[0]), f.root, 0), Error::<Test>::NotEncoded);
		assert_noop!(Storage::confirm_encoding(signed(ANYONE), f.root, f.roots()), Error::<Test>::NotProvider);
		assert_noop!(
			Storage::confirm_encoding(signed(7), unknown.root, unknown.roots()),
			Error::<Test>::UnknownFile
		);
		let five: BoundedVec<H256, _> = f.shard_roots[..5].to_vec().try_into().expect("fits");
		assert_noop!(Storage::confirm_encoding(signed(7), f.root, five), Error::<Test>::WrongShardCount);
		assert_noop!(Storage::confirm_encoding(signed(1), f.root, f.roots()), Error::<Test>::NotChosenEncoder);
		assert_ok!(Storage::confirm_encoding(signed(7), f.root, f.roots()));
		assert_noop!(Storage::confirm_encoding(signed(7), f.root, f.roots()), Error::<Test>::NotPending);

		assert_noop!(
			Storage::acknowledge_shard(signed(providers[0]), unknown.root, 0),
			Error::<Test>::UnknownFile
		);
		assert_noop!(
			Storage::acknowledge_shard(signed(providers[0]), f.root, 6),
			Error::<Test>::ShardIndexOutOfRange
		);
		assert_noop!(
			Storage::acknowledge_shard(signed(providers[1]), f.root, 0),
			Error::<Test>::NotAssignedProvider
		);
		assert_noop!(Storage::acknowledge_shard(signed(outsider), f.root, 0), Error::<Test>::NotAssignedProvider);
		assert_ok!(Storage::acknowledge_shard(signed(providers[0]), f.root, 0));
		assert_noop!(
			Storage::acknowledge_shard(signed(providers[0]), f.root, 0),
			Error::<Test>::AlreadyAcknowledged
		);
	});
}

/// The attack: files submitted and never uploaded, kept pending by choosing an encoder again before each
/// deadline, would hold their shards' room and six providers' assignment slots for their whole paid life at the
/// price of one round. Choosing again leaves the deadline where it is.
#[test]
fn choosing_another_encoder_does_not_move_the_upload_deadline() {
	run_test(|| {
		register(1..=7, MIB);
		let f = small_file(1);
		assert_ok!(submit(&f, OWNER, 10, 7));
		let deadline = 1 + UPLOAD_DEADLINE;
		assert_eq!(file(f.root).deadline, Some(deadline));
		for (block, encoder) in [(10, 1), (20, 2), (deadline, 3)] {
			run_to_block(block);
			assert_ok!(Storage::choose_encoder(RuntimeOrigin::signed(OWNER), f.root, encoder));
			assert!(has_event(Event::EncoderChosen { root: f.root, encoder, encode_by: deadline }));
			assert_eq!(file(f.root).deadline, Some(deadline));
		}
		run_to_block(deadline + 2);
		assert!(Files::<Test>::get(f.root).is_none(), "abandoned at the first deadline");
		assert!(events().iter().any(|e| matches!(e, Event::FileAbandoned { root, .. } if *root == f.root)));
	});
}

#[test]
fn an_unbonding_provider_may_not_encode() {
	run_test(|| {
		register(1..=7, MIB);
		assert_ok!(Storage::deregister_provider(RuntimeOrigin::signed(7)));
		let f = small_file(1);
		assert_noop!(
			Storage::submit_file(RuntimeOrigin::signed(OWNER), f.root, f.size(), 10, 7),
			Error::<Test>::EncoderNotActive
		);
		assert_ok!(Storage::submit_file(RuntimeOrigin::signed(OWNER), f.root, f.size(), 10, 1));
		assert!(!providers_of(f.root).contains(&7), "unbonding providers get no shards");
		assert_noop!(
			Storage::choose_encoder(RuntimeOrigin::signed(OWNER), f.root, 7),
			Error::<Test>::EncoderNotActive
		);
		assert_noop!(
			Storage::confirm_encoding(RuntimeOrigin::signed(7), f.root, f.roots()),
			Error::<Test>::NotActiveProvider
		);
	});
}

// ---- challenges ----------------------------------------------------------------------------------------------

#[test]
fn only_acknowledged_shards_are_challenged() {
	run_test(|| {
		register(1..=6, MIB);
		let f = small_file(1);
		assert_ok!(Storage::submit_file(RuntimeOrigin::signed(OWNER), f.root, f.size(), 10, 1));
		assert_ok!(Storage::confirm_encoding(RuntimeOrigin::signed(1), f.root, f.roots()));
		let first = providers_of(f.root)[0];
		assert_ok!(Storage::acknowledge_shard(RuntimeOrigin::signed(first), f.root, 0));
		run_to_round(1);
		assert!(has_event(Event::ChallengeRoundOpened { round: 1, challenges: 1 }));
		let challenge = Challenges::<Test>::get(first).expect("challenged");
		assert_eq!((challenge.round, challenge.file, challenge.shard), (1, f.root, 0));
		assert!(challenge.sector < 256);
		assert_eq!(challenge.deadline, CHALLENGE_PERIOD + RESPONSE_WINDOW);
		assert_eq!(ChallengeDeadline::<Test>::get(), Some(CHALLENGE_PERIOD + RESPONSE_WINDOW));
	});
}

#[test]
fn honest_answers_are_paid_from_the_pool() {
	run_test(|| {
		register(1..=6, MIB);
		let f = small_file(1);
		store(&f, OWNER, 5, 1);
		let fee = fee_per_round(&f) * 5;
		assert_eq!(file(f.root).fee, fee);
		let pool_before = free_balance(pool());

		run_to_round(1);
		assert!(has_event(Event::ChallengeRoundOpened { round: 1, challenges: 6 }));
		let per_shard = fee / (6 * 5);
		assert_eq!(per_shard, 256);
		for p in providers_of(f.root) {
			let before = free_balance(p);
			assert_ok!(answer(p, &[&f]));
			assert_eq!(free_balance(p), before + per_shard);
			assert!(has_event(Event::ProofAccepted { provider: p, round: 1, reward: per_shard }));
			assert!(!Challenges::<Test>::contains_key(p));
			assert_eq!(provider(p).misses, 0);
		}
		assert_eq!(free_balance(pool()), pool_before - 6 * per_shard);
		assert_eq!(file(f.root).paid_out, 6 * per_shard);
		close_current_round();
		assert!(!events().iter().any(|e| matches!(e, Event::ChallengeMissed { .. })));
		for p in providers_of(f.root) {
			assert_eq!(held_stake(p), MIN_STAKE * 10, "nobody slashed");
		}
	});
}

#[test]
fn a_provider_is_paid_for_every_acknowledged_shard_it_holds() {
	run_test(|| {
		register(1..=6, MIB);
		let files: Vec<TestFile> = (0..3u8).map(small_file).collect();
		for f in &files {
			store(f, OWNER, 4, 1);
		}
		run_to_round(1);
		// With six providers every provider holds one shard of each of the three files.
		let before = free_balance(1);
		assert_ok!(answer(1, &files.iter().collect::<Vec<_>>()));
		let per_shard: Balance = files.iter().map(|f| fee_per_round(f) * 4 / (6 * 4)).sum();
		assert_eq!(free_balance(1), before + per_shard);
	});
}

#[test]
fn a_missed_challenge_is_slashed_into_the_pool() {
	run_test(|| {
		register(1..=6, MIB);
		let f = small_file(1);
		store(&f, OWNER, 5, 1);
		run_to_round(1);
		let lazy = providers_of(f.root)[4];
		for p in providers_of(f.root).into_iter().filter(|p| *p != lazy) {
			assert_ok!(answer(p, &[&f]));
		}
		let pool_before = free_balance(pool());
		close_current_round();
		let slashed = MIN_STAKE; // 10 % of 10 × MIN_STAKE
		assert!(has_event(Event::ChallengeMissed { provider: lazy, round: 1, misses: 1 }));
		assert!(has_event(Event::ProviderSlashed {
			provider: lazy,
			amount: slashed,
			reason: SlashReason::MissedChallenge
		}));
		assert_eq!(held_stake(lazy), MIN_STAKE * 10 - slashed);
		assert_eq!(provider(lazy).stake, MIN_STAKE * 10 - slashed);
		assert_eq!(provider(lazy).misses, 1);
		assert_eq!(free_balance(pool()), pool_before + slashed);
		assert!(!Challenges::<Test>::contains_key(lazy));
		assert_eq!(ChallengeDeadline::<Test>::get(), None);

		// Answering the next round clears the count.
		run_to_round(2);
		assert_ok!(answer(lazy, &[&f]));
		assert_eq!(provider(lazy).misses, 0);
	});
}

#[test]
fn a_forged_proof_is_refused_and_later_slashed_as_missed() {
	run_test(|| {
		register(1..=6, MIB);
		// Nearly a whole segment: every shard holds distinct sectors.
		let f = TestFile::new(SEGMENT_SIZE - 100, 5);
		store(&f, OWNER, 5, 1);
		run_to_round(1);
		let cheat = providers_of(f.root)[1];
		let challenge = Challenges::<Test>::get(cheat).expect("challenged");
		let (data, path) = f.open(challenge.shard as usize, challenge.sector);
		let signed = RuntimeOrigin::signed;

		// Made-up bytes with the honest path.
		let forged: SectorData = vec![0xAB; SECTOR_SIZE].try_into().expect("one sector");
		assert_noop!(Storage::submit_proof(signed(cheat), forged, path.clone()), Error::<Test>::InvalidProof);
		// A real sector, but not the challenged one.
		let other = (challenge.sector + 1) % 256;
		let (other_data, other_path) = f.open(challenge.shard as usize, other);
		assert_noop!(Storage::submit_proof(signed(cheat), other_data, other_path), Error::<Test>::InvalidProof);
		// The right sector of another shard.
		let wrong_shard = (challenge.shard as usize + 1) % 6;
		let (wrong_data, wrong_path) = f.open(wrong_shard, challenge.sector);
		assert_noop!(Storage::submit_proof(signed(cheat), wrong_data, wrong_path), Error::<Test>::InvalidProof);
		// The right bytes with a broken path.
		let mut broken = path.clone();
		broken.pop();
		assert_noop!(Storage::submit_proof(signed(cheat), data.clone(), broken), Error::<Test>::InvalidProof);
		let empty: MerklePath = Default::default();
		assert_noop!(Storage::submit_proof(signed(cheat), data, empty), Error::<Test>::InvalidProof);

		assert!(Challenges::<Test>::contains_key(cheat), "the challenge stays open");
		close_current_round();
		assert!(has_event(Event::ChallengeMissed { provider: cheat, round: 1, misses: 1 }));
		assert_eq!(held_stake(cheat), MIN_STAKE * 9);
	});
}

#[test]
fn proofs_need_an_open_challenge_within_its_window() {
	run_test(|| {
		register(1..=6, MIB);
		let f = small_file(1);
		store(&f, OWNER, 5, 1);
		let p = providers_of(f.root)[0];
		let (data, path) = f.open(0, 0);
		assert_noop!(
			Storage::submit_proof(RuntimeOrigin::signed(p), data.clone(), path.clone()),
			Error::<Test>::NoOpenChallenge
		);
		run_to_round(1);
		// Past the deadline but before the hook has closed the round.
		System::set_block_number(CHALLENGE_PERIOD + RESPONSE_WINDOW + 1);
		assert_noop!(answer(p, &[&f]), Error::<Test>::ChallengeExpired);
		System::set_block_number(CHALLENGE_PERIOD + RESPONSE_WINDOW);
		assert_ok!(answer(p, &[&f]));
		assert_noop!(answer_again(p, data, path), Error::<Test>::NoOpenChallenge);
	});
}

fn answer_again(who: AccountId, data: SectorData, path: MerklePath) -> DispatchResultWithPostInfo {
	Storage::submit_proof(RuntimeOrigin::signed(who), data, path)
}

#[test]
fn repeated_misses_move_the_shards_to_another_provider() {
	run_test(|| {
		register(1..=8, MIB);
		let f = small_file(1);
		store(&f, OWNER, 10, 1);
		let faulty = providers_of(f.root)[3];
		let spares: Vec<AccountId> = (1..=8).filter(|p| !providers_of(f.root).contains(p)).collect();
		for round in 1..=MAX_MISSES as u64 {
			run_to_round(round);
			for p in providers_of(f.root).into_iter().filter(|p| *p != faulty) {
				assert_ok!(answer(p, &[&f]));
			}
			close_current_round();
			assert!(has_event(Event::ChallengeMissed { provider: faulty, round, misses: round as u32 }));
		}
		let to = providers_of(f.root)[3];
		assert!(spares.contains(&to), "moved to a provider without a shard of the file");
		assert!(has_event(Event::ShardReassigned { root: f.root, shard: 3, from: faulty, to }));
		assert!(held(faulty).is_empty());
		assert_eq!(provider(faulty).used, 0);
		assert_eq!(provider(faulty).misses, 0, "reset once nothing is left to lose");
		assert_eq!(held_stake(faulty), 7_290, "10 % three times");
		assert!(!file(f.root).shards[3].acknowledged);
		assert_eq!(file(f.root).state, FileState::Stored);
		assert_eq!(provider(to).used, 64 * 1024);

		// The new provider rebuilds the shard from four others and acknowledges; it is challenged from then on.
		let rebuilt = zg_primitives::storage::erasure::reconstruct(
			&ErasureParams::DEFAULT,
			(0..6).map(|i| (i != 3 && i != 0).then(|| f.shards[i].clone())).collect(),
			f.size(),
		)
		.expect("four shards suffice");
		assert_eq!(rebuilt, f.data);
		assert_ok!(Storage::acknowledge_shard(RuntimeOrigin::signed(to), f.root, 3));
		run_to_round(MAX_MISSES as u64 + 1);
		assert!(Challenges::<Test>::contains_key(to));
		assert!(!Challenges::<Test>::contains_key(faulty));
		assert_ok!(answer(to, &[&f]));
	});
}

#[test]
fn repair_without_a_spare_provider_keeps_the_shard_and_retries() {
	run_test(|| {
		register(1..=6, MIB);
		let f = small_file(1);
		store(&f, OWNER, 10, 1);
		let faulty = providers_of(f.root)[0];
		let play_round = |round: u64| {
			run_to_round(round);
			for p in providers_of(f.root).into_iter().filter(|p| *p != faulty) {
				assert_ok!(answer(p, &[&f]));
			}
			close_current_round();
		};
		for round in 1..=MAX_MISSES as u64 {
			play_round(round);
		}
		assert!(has_event(Event::RepairFailed { root: f.root, shard: 0, provider: faulty }));
		assert_eq!(providers_of(f.root)[0], faulty);
		assert_eq!(provider(faulty).misses, MAX_MISSES);
		// A provider joins; the next block's hook moves the shard.
		register([7], MIB);
		let now = System::block_number();
		run_to_block(now + 1);
		assert!(has_event(Event::ShardReassigned { root: f.root, shard: 0, from: faulty, to: 7 }));
	});
}

// ---- lifetime: extend, delete, expire --------------------------------------------------------------------

#[test]
fn a_file_expires_and_the_unpaid_fees_go_back_to_its_owner() {
	run_test(|| {
		register(1..=6, MIB);
		let f = small_file(1);
		store(&f, OWNER, 2, 1);
		let fee = fee_per_round(&f) * 2;
		assert_eq!(file(f.root).end_round(), 3);
		run_to_round(1);
		for p in providers_of(f.root) {
			assert_ok!(answer(p, &[&f]));
		}
		// In round 2 only two providers answer: four shares stay unpaid.
		run_to_round(2);
		for p in providers_of(f.root).into_iter().take(2) {
			assert_ok!(answer(p, &[&f]));
		}
		let paid = 8 * (fee / 12);
		assert_eq!(file(f.root).paid_out, paid);
		let owner_before = free_balance(OWNER);
		let providers = providers_of(f.root);
		run_to_round(3);
		assert!(has_event(Event::FileExpired { root: f.root, refund: fee - paid }));
		assert_eq!(free_balance(OWNER), owner_before + fee - paid);
		assert!(Files::<Test>::get(f.root).is_none());
		assert!(!Expiries::<Test>::contains_key(3, f.root));
		for p in providers {
			assert_eq!(provider(p).used, 0);
			assert!(held(p).is_empty());
		}
		assert!(has_event(Event::ChallengeRoundOpened { round: 3, challenges: 0 }));
		// Pool: the existential deposit plus the four slashes of round 2.
		assert_eq!(free_balance(pool()), 1 + 4 * MIN_STAKE);
	});
}

#[test]
fn expiries_beyond_the_per_block_budget_wait_for_the_next_block() {
	run_test(|| {
		register(1..=6, 64 * MIB);
		let files: Vec<TestFile> = (0..6u8).map(small_file).collect();
		for (i, f) in files.iter().enumerate() {
			assert_ok!(Storage::submit_file(RuntimeOrigin::signed(20 + i as u64), f.root, f.size(), 1, 1));
		}
		run_to_round(2);
		// MaxExpiriesPerBlock = 4.
		assert_eq!(files.iter().filter(|f| Files::<Test>::get(f.root).is_none()).count(), 4);
		run_to_block(2 * CHALLENGE_PERIOD + 1);
		assert!(files.iter().all(|f| Files::<Test>::get(f.root).is_none()));
		assert_eq!(ExpiryCursor::<Test>::get(), Some(3));
	});
}

#[test]
fn extending_pays_for_more_rounds_and_moves_the_expiry() {
	run_test(|| {
		register(1..=6, MIB);
		let f = small_file(1);
		store(&f, OWNER, 2, 1);
		let before = free_balance(OWNER);
		assert_ok!(Storage::extend_file(RuntimeOrigin::signed(OWNER), f.root, 3));
		let extra = fee_per_round(&f) * 3;
		assert_eq!(free_balance(OWNER), before - extra);
		assert_eq!(file(f.root).fee, fee_per_round(&f) * 5);
		assert_eq!(file(f.root).end_round(), 6);
		assert!(has_event(Event::FileExtended { root: f.root, periods: 3, fee: extra, end_round: 6 }));
		assert!(!Expiries::<Test>::contains_key(3, f.root));
		assert!(Expiries::<Test>::contains_key(6, f.root));
		run_to_round(5);
		assert!(Files::<Test>::get(f.root).is_some());
		run_to_round(6);
		assert!(Files::<Test>::get(f.root).is_none());
	});
}

#[test]
fn extension_refuses_bad_input() {
	run_test(|| {
		register(1..=6, MIB);
		let f = small_file(1);
		store(&f, OWNER, 2, 1);
		let signed = RuntimeOrigin::signed;
		assert_noop!(Storage::extend_file(signed(ANYONE), f.root, 1), Error::<Test>::NotOwner);
		assert_noop!(Storage::extend_file(signed(OWNER), f.root, 0), Error::<Test>::ZeroLifetime);
		assert_noop!(Storage::extend_file(signed(OWNER), small_file(2).root, 1), Error::<Test>::UnknownFile);
		assert_noop!(Storage::extend_file(signed(OWNER), f.root, u32::MAX), Error::<Test>::LifetimeOverflow);
		// The last round has started but the expiry has not been handled yet.
		System::set_block_number(3 * CHALLENGE_PERIOD);
		assert_noop!(Storage::extend_file(signed(OWNER), f.root, 1), Error::<Test>::AlreadyExpired);
	});
}

#[test]
fn deleting_refunds_what_was_not_paid_out_and_frees_the_shards() {
	run_test(|| {
		register(1..=6, MIB);
		let f = small_file(1);
		store(&f, OWNER, 10, 1);
		let fee = fee_per_round(&f) * 10;
		run_to_round(1);
		for p in providers_of(f.root) {
			assert_ok!(answer(p, &[&f]));
		}
		run_to_round(2);
		let providers = providers_of(f.root);
		assert!(providers.iter().all(|p| Challenges::<Test>::contains_key(p)));
		let before = free_balance(OWNER);
		assert_noop!(Storage::delete_file(RuntimeOrigin::signed(ANYONE), f.root), Error::<Test>::NotOwner);
		assert_ok!(Storage::delete_file(RuntimeOrigin::signed(OWNER), f.root));
		let refund = fee - fee / 10;
		assert!(has_event(Event::FileDeleted { root: f.root, refund }));
		assert_eq!(free_balance(OWNER), before + refund);
		assert_eq!(free_balance(pool()), 1, "only the existential deposit is left");
		for p in &providers {
			assert!(held(*p).is_empty());
			assert_eq!(provider(*p).used, 0);
			assert!(!Challenges::<Test>::contains_key(p), "challenges on a deleted file are withdrawn");
		}
		close_current_round();
		assert!(!events().iter().any(|e| matches!(e, Event::ChallengeMissed { .. })));
		assert!(!Expiries::<Test>::contains_key(11, f.root));
		assert_noop!(Storage::delete_file(RuntimeOrigin::signed(OWNER), f.root), Error::<Test>::UnknownFile);
	});
}

#[test]
fn a_pending_file_deleted_pays_one_round_for_the_room_it_held() {
	run_test(|| {
		register(1..=6, MIB);
		let f = small_file(1);
		assert_ok!(Storage::submit_file(RuntimeOrigin::signed(OWNER), f.root, f.size(), 3, 1));
		assert_ok!(Storage::delete_file(RuntimeOrigin::signed(OWNER), f.root));
		let room = fee_per_round(&f);
		assert_eq!(free_balance(OWNER), INITIAL_BALANCE - room);
		assert!(has_event(Event::FileDeleted { root: f.root, refund: 2 * room }));
		// Each of the six providers that reserved room is paid a sixth of it.
		for p in 1..=6 {
			assert_eq!(free_balance(p), INITIAL_BALANCE - MIN_STAKE * 10 + room / 6);
		}
		assert!(!EncodeDuties::<Test>::contains_key(1, f.root));
		assert_eq!(UnstoredFiles::<Test>::get(OWNER), 0);
	});
}

// ---- encoding fraud ----------------------------------------------------------------------------------------

/// Commits `who` to revealing `proof` against `root` and moves to the next block (without running hooks), where
/// it may reveal it.
fn committed(who: AccountId, root: H256, proof: EncodingFraudProof<ConstU32<8>>) -> EncodingFraudProof<ConstU32<8>> {
	let commitment = Storage::fraud_commitment(&who, root, &proof);
	assert_ok!(Storage::commit_fraud_report(RuntimeOrigin::signed(who), commitment));
	System::set_block_number(System::block_number() + 1);
	proof
}

/// Stores `f` with its encoding confirmed by provider 7 (which holds no shard of it) and acknowledged.
fn stored_with_encoder(f: &TestFile) -> AccountId {
	register(1..=7, MIB);
	assert_ok!(Storage::submit_file(RuntimeOrigin::signed(OWNER), f.root, f.size(), 10, 1));
	let encoder = (1..=7).find(|p| !providers_of(f.root).contains(p)).expect("one spare");
	assert_ok!(Storage::choose_encoder(RuntimeOrigin::signed(OWNER), f.root, encoder));
	assert_ok!(Storage::confirm_encoding(RuntimeOrigin::signed(encoder), f.root, f.roots()));
	for (shard, p) in providers_of(f.root).into_iter().enumerate() {
		assert_ok!(Storage::acknowledge_shard(RuntimeOrigin::signed(p), f.root, shard as u32));
	}
	encoder
}

/// A data-sector fraud proof for sector `sector` of data shard `shard` (`shard` < k) or, for `shard >= k`, one
/// opened like a data shard's (which the chain must refuse).
fn data_fraud(f: &TestFile, shard: u32, sector: u64) -> EncodingFraudProof<ConstU32<8>> {
	let (data, shard_proof) = f.open(shard as usize, sector);
	let file_sector = file_sector_of(&ErasureParams::DEFAULT, shard % 4, sector).expect("data shard");
	let (file_leaf, file_proof) = if file_sector < zg_primitives::storage::sectors_for(f.size()) {
		f.open_file(file_sector)
	} else {
		(H256::zero(), Default::default())
	};
	EncodingFraudProof::DataSector {
		shard,
		sector,
		shard_leaf: sector_leaf(&data),
		shard_proof,
		file_leaf,
		file_proof,
	}
}

fn parity_fraud(f: &TestFile, shard: u32, sector: u64) -> EncodingFraudProof<ConstU32<8>> {
	let (parity, parity_proof) = f.open(shard as usize, sector);
	let data = (0..4)
		.map(|i| {
			let (data, proof) = f.open(i, sector);
			SectorOpening { data, proof }
		})
		.collect::<Vec<_>>()
		.try_into()
		.expect("k openings");
	EncodingFraudProof::ParitySector { shard, sector, parity_leaf: sector_leaf(&parity), parity_proof, data }
}

fn assert_encoder_punished(f: &TestFile, encoder: AccountId) {
	let slashed = MIN_STAKE * 10 / 2;
	let reward = slashed / 5;
	assert!(has_event(Event::BadEncodingProven {
		root: f.root,
		encoder,
		reporter: ANYONE,
		slashed,
		reward
	}));
	assert!(has_event(Event::ProviderSlashed {
		provider: encoder,
		amount: slashed,
		reason: SlashReason::BadEncoding
	}));
	assert_eq!(held_stake(encoder), MIN_STAKE * 10 - slashed);
	assert_eq!(provider(encoder).stake, MIN_STAKE * 10 - slashed);
	assert_eq!(free_balance(ANYONE), INITIAL_BALANCE + reward);
	let info = file(f.root);
	assert_eq!(info.state, FileState::Pending);
	assert_eq!(info.encoder, None);
	assert!(info.shards.iter().all(|s| s.root.is_none() && !s.acknowledged));
	for p in providers_of(f.root) {
		assert!(held(p).iter().all(|h| !h.acknowledged));
	}
}

#[test]
fn a_wrong_data_shard_is_proven_and_the_encoder_slashed() {
	run_test(|| {
		// Two segments: data shard 1, sector 10 holds file sector 266.
		let honest = TestFile::new(SEGMENT_SIZE + 1000, 4);
		let mut shards = honest.shards.clone();
		shards[1][10 * SECTOR_SIZE + 5] ^= 0xFF;
		let bad = TestFile::from_parts(honest.data.clone(), shards);
		let encoder = stored_with_encoder(&bad);
		let pool_before = free_balance(pool());
		run_to_round(1);
		assert_ok!(Storage::report_bad_encoding(RuntimeOrigin::signed(ANYONE), bad.root, committed(ANYONE, bad.root, data_fraud(&bad, 1, 10))));
		assert_encoder_punished(&bad, encoder);
		assert_eq!(free_balance(pool()), pool_before + 4_000);
		// Challenges on the void roots are withdrawn; the file is encoded again, correctly this time.
		assert_eq!(Challenges::<Test>::iter().count(), 0);
		{
			let proof = committed(ANYONE, bad.root, data_fraud(&bad, 1, 10));
			assert_noop!(Storage::report_bad_encoding(RuntimeOrigin::signed(ANYONE), bad.root, proof), Error::<Test>::NotEncoded);
		}
		let other = providers_of(honest.root)[0];
		assert_ok!(Storage::choose_encoder(RuntimeOrigin::signed(OWNER), honest.root, other));
		assert_ok!(Storage::confirm_encoding(RuntimeOrigin::signed(other), honest.root, honest.roots()));
		{
			let proof = committed(ANYONE, honest.root, data_fraud(&honest, 1, 10));
			assert_noop!(Storage::report_bad_encoding(RuntimeOrigin::signed(ANYONE), honest.root, proof), Error::<Test>::NoEncodingMismatch);
		}
	});
}

#[test]
fn non_zero_padding_is_proven() {
	run_test(|| {
		// One segment, 1,001 bytes: file sectors 0..=3; data shard 2 holds only padding.
		let honest = small_file(1);
		let mut shards = honest.shards.clone();
		shards[2][7 * SECTOR_SIZE] = 1;
		let bad = TestFile::from_parts(honest.data.clone(), shards);
		let encoder = stored_with_encoder(&bad);
		{
			let proof = committed(ANYONE, bad.root, data_fraud(&bad, 2, 6));
			assert_noop!(Storage::report_bad_encoding(RuntimeOrigin::signed(ANYONE), bad.root, proof), Error::<Test>::NoEncodingMismatch);
		}
		assert_ok!(Storage::report_bad_encoding(RuntimeOrigin::signed(ANYONE), bad.root, committed(ANYONE, bad.root, data_fraud(&bad, 2, 7))));
		assert_encoder_punished(&bad, encoder);
	});
}

#[test]
fn a_wrong_parity_shard_is_proven_and_the_encoder_slashed() {
	run_test(|| {
		let honest = small_file(1);
		let mut shards = honest.shards.clone();
		shards[5][3 * SECTOR_SIZE] ^= 1;
		let bad = TestFile::from_parts(honest.data.clone(), shards);
		let encoder = stored_with_encoder(&bad);
		{
			let proof = committed(ANYONE, bad.root, parity_fraud(&bad, 4, 3));
			assert_noop!(Storage::report_bad_encoding(RuntimeOrigin::signed(ANYONE), bad.root, proof), Error::<Test>::NoEncodingMismatch);
		}
		assert_ok!(Storage::report_bad_encoding(RuntimeOrigin::signed(ANYONE), bad.root, committed(ANYONE, bad.root, parity_fraud(&bad, 5, 3))));
		assert_encoder_punished(&bad, encoder);
	});
}

#[test]
fn invalid_fraud_proofs_are_refused() {
	run_test(|| {
		let f = small_file(1);
		let encoder = stored_with_encoder(&f);
		let signed = RuntimeOrigin::signed;
		let report = |proof| Storage::report_bad_encoding(signed(ANYONE), f.root, proof);

		// The encoding is right: nothing to prove.
		{
			let proof = committed(ANYONE, f.root, data_fraud(&f, 0, 3));
			assert_noop!(report(proof), Error::<Test>::NoEncodingMismatch);
		}
		{
			let proof = committed(ANYONE, f.root, parity_fraud(&f, 4, 200));
			assert_noop!(report(proof), Error::<Test>::NoEncodingMismatch);
		}
		// A made-up leaf does not verify against the shard root.
		let EncodingFraudProof::DataSector { shard_proof, file_leaf, file_proof, .. } = data_fraud(&f, 0, 3) else {
			unreachable!()
		};
		let forged = EncodingFraudProof::DataSector {
			shard: 0,
			sector: 3,
			shard_leaf: H256::repeat_byte(9),
			shard_proof,
			file_leaf,
			file_proof,
		};
		{
			let proof = committed(ANYONE, f.root, forged);
			assert_noop!(report(proof), Error::<Test>::InvalidFraudProof);
		}
		// A made-up data sector in a parity proof.
		let EncodingFraudProof::ParitySector { parity_leaf, parity_proof, mut data, .. } = parity_fraud(&f, 4, 9)
		else {
			unreachable!()
		};
		if let Some(opening) = data.get_mut(2) {
			opening.data = vec![1; SECTOR_SIZE].try_into().expect("one sector");
		}
		let forged = EncodingFraudProof::ParitySector { shard: 4, sector: 9, parity_leaf, parity_proof, data };
		{
			let proof = committed(ANYONE, f.root, forged);
			assert_noop!(report(proof), Error::<Test>::InvalidFraudProof);
		}
		// Shard kinds and ranges.
		{
			let proof = committed(ANYONE, f.root, data_fraud(&f, 4, 3));
			assert_noop!(report(proof), Error::<Test>::WrongShardKind);
		}
		{
			let proof = committed(ANYONE, f.root, parity_fraud(&f, 1, 3));
			assert_noop!(report(proof), Error::<Test>::WrongShardKind);
		}
		let EncodingFraudProof::DataSector { shard_leaf, shard_proof, file_leaf, file_proof, .. } =
			data_fraud(&f, 0, 3)
		else {
			unreachable!()
		};
		let past_the_end =
			EncodingFraudProof::DataSector { shard: 0, sector: 256, shard_leaf, shard_proof, file_leaf, file_proof };
		{
			let proof = committed(ANYONE, f.root, past_the_end.clone());
			assert_noop!(report(proof), Error::<Test>::SectorOutOfRange);
		}
		let EncodingFraudProof::DataSector { sector, shard_leaf, shard_proof, file_leaf, file_proof, .. } =
			past_the_end
		else {
			unreachable!()
		};
		let no_such_shard =
			EncodingFraudProof::DataSector { shard: 9, sector, shard_leaf, shard_proof, file_leaf, file_proof };
		{
			let proof = committed(ANYONE, f.root, no_such_shard);
			assert_noop!(report(proof), Error::<Test>::ShardIndexOutOfRange);
		}
		// Unknown and not-yet-encoded files.
		{
			let proof = committed(ANYONE, small_file(2).root, data_fraud(&f, 0, 3));
			assert_noop!(Storage::report_bad_encoding(RuntimeOrigin::signed(ANYONE), small_file(2).root, proof), Error::<Test>::UnknownFile);
		}
		let g = small_file(3);
		assert_ok!(Storage::submit_file(signed(OWNER), g.root, g.size(), 10, 1));
		{
			let proof = committed(ANYONE, g.root, data_fraud(&g, 0, 3));
			assert_noop!(Storage::report_bad_encoding(RuntimeOrigin::signed(ANYONE), g.root, proof), Error::<Test>::NotEncoded);
		}
		assert_eq!(held_stake(encoder), MIN_STAKE * 10, "nobody was slashed");
	});
}

// ---- hooks and accounting ----------------------------------------------------------------------------------

#[test]
fn the_pool_always_covers_the_unpaid_fees() {
	run_test(|| {
		register(1..=8, 4 * MIB);
		let files: Vec<TestFile> = (0..4u8).map(|i| TestFile::new(1000 + i as usize * 70_000, i)).collect();
		for (i, f) in files.iter().enumerate() {
			store(f, OWNER, 2 + i as u32, 1);
		}
		let refs: Vec<&TestFile> = files.iter().collect();
		for round in 1..=6u64 {
			run_to_round(round);
			// Providers 1..=5 answer, the rest miss.
			for p in 1..=5 {
				if Challenges::<Test>::contains_key(p) {
					assert_ok!(answer(p, &refs));
				}
			}
			Storage::do_try_state().expect("invariants hold");
		}
		assert!(files.iter().all(|f| Files::<Test>::get(f.root).is_none()), "all expired");
		// Everything paid in was paid out, refunded, or is a slash (plus the existential deposit).
		let slashed: Balance = events()
			.iter()
			.filter_map(|e| if let Event::ProviderSlashed { amount, .. } = e { Some(*amount) } else { None })
			.sum();
		assert_eq!(free_balance(pool()), 1 + slashed);
	});
}

#[test]
fn on_initialize_charges_for_what_it_touches() {
	run_test(|| {
		register(1..=6, MIB);
		let f = small_file(1);
		store(&f, OWNER, 5, 1);
		run_to_block(CHALLENGE_PERIOD - 1);
		let idle = on_initialize(CHALLENGE_PERIOD - 1);
		assert_eq!(idle, <() as WeightInfo>::on_initialize_idle());
		System::set_block_number(CHALLENGE_PERIOD);
		let round_start = on_initialize(CHALLENGE_PERIOD);
		assert!(round_start.all_gte(idle + <() as WeightInfo>::open_round(6)));
		System::set_block_number(CHALLENGE_PERIOD + RESPONSE_WINDOW + 1);
		let close = on_initialize(CHALLENGE_PERIOD + RESPONSE_WINDOW + 1);
		assert!(close.all_gte(idle + <() as WeightInfo>::miss_challenge().saturating_mul(6)));
	});
}

#[test]
fn integrity_test_passes() {
	new_test_ext().execute_with(|| <Storage as Hooks<u64>>::integrity_test());
}

#[test]
fn genesis_endows_the_pool() {
	run_test(|| {
		assert_eq!(free_balance(pool()), 1);
		assert_ne!(pool(), OWNER);
		assert!(matches!(
			Storage::submit_proof(RuntimeOrigin::none(), Default::default(), Default::default()),
			Err(e) if e.error == DispatchError::BadOrigin
		));
	});
}

// ---- attacks: each reproduces an economic hole of the earlier design and shows it closed ------------------------

/// Hole 1: any active provider could confirm any pending file with any roots, for free, and become its
/// encoder. Now only the provider the owner chose may, and a refused confirmation pays its fee.
#[test]
fn encoding_by_a_party_the_owner_did_not_choose_is_refused_and_pays() {
	run_test(|| {
		register(1..=7, MIB);
		let f = small_file(1);
		assert_ok!(submit(&f, OWNER, 10, 2));
		let garbage: BoundedVec<H256, ConstU32<8>> = vec![H256::repeat_byte(1); 6].try_into().expect("six");
		let refused = Storage::confirm_encoding(RuntimeOrigin::signed(5), f.root, garbage.clone())
			.expect_err("not the chosen encoder");
		assert_eq!(refused.error, Error::<Test>::NotChosenEncoder.into());
		assert_eq!(refused.post_info.pays_fee, frame_support::dispatch::Pays::Yes, "a failed confirmation pays");
		assert_eq!(file(f.root).state, FileState::Pending);
		assert_eq!(file(f.root).encoder, None);
		// The chosen one may, and its confirmation is free.
		let accepted = Storage::confirm_encoding(RuntimeOrigin::signed(2), f.root, f.roots()).expect("chosen");
		assert_eq!(accepted.pays_fee, frame_support::dispatch::Pays::No);
		// Confirming is a duty the owner asked for: the owner may re-choose only while the file is pending.
		assert_noop!(Storage::choose_encoder(RuntimeOrigin::signed(OWNER), f.root, 5), Error::<Test>::NotPending);
		assert_noop!(Storage::choose_encoder(RuntimeOrigin::signed(ANYONE), f.root, 5), Error::<Test>::NotOwner);
	});
}

/// Hole 1: an encoder's stake must stay slashable while its encodings can still be proven wrong.
#[test]
fn an_encoder_cannot_withdraw_before_its_fraud_window_ends() {
	run_test(|| {
		register(1..=7, MIB);
		let f = small_file(1);
		store(&f, OWNER, 10, 7);
		assert_ok!(Storage::deregister_provider(RuntimeOrigin::signed(7)));
		run_to_block(2);
		System::set_block_number(1 + UNBONDING);
		assert_noop!(Storage::withdraw_stake(RuntimeOrigin::signed(7)), Error::<Test>::EncoderBonded);
		System::set_block_number(1 + FRAUD_WINDOW);
		assert_ok!(Storage::withdraw_stake(RuntimeOrigin::signed(7)));
	});
}

/// Hole 1: a shard not acknowledged in time. With at least k shards acknowledged the data was there to take:
/// the providers that did not are slashed and their shards move.
#[test]
fn providers_that_do_not_take_available_shards_are_slashed_and_replaced() {
	run_test(|| {
		register(1..=8, MIB);
		let f = small_file(1);
		assert_ok!(submit(&f, OWNER, 10, 1));
		assert_ok!(Storage::confirm_encoding(RuntimeOrigin::signed(1), f.root, f.roots()));
		let providers = providers_of(f.root);
		for (shard, p) in providers.iter().enumerate().take(4) {
			assert_ok!(Storage::acknowledge_shard(RuntimeOrigin::signed(*p), f.root, shard as u32));
		}
		run_to_block(2 + ACK_DEADLINE);
		for (shard, p) in providers.iter().enumerate().skip(4) {
			assert!(has_event(Event::ProviderSlashed {
				provider: *p,
				amount: MIN_STAKE,
				reason: SlashReason::ShardNotTaken
			}));
			assert!(has_event(Event::ShardQueuedForRepair { root: f.root, shard: shard as u32, provider: *p }));
			assert_ne!(providers_of(f.root)[shard], *p, "moved");
		}
		assert!(
			!events().iter().any(|e| matches!(e, Event::ProviderSlashed { reason: SlashReason::EncodingNotServed, .. })),
			"the encoder served: not blamed"
		);
		assert_eq!(file(f.root).state, FileState::Encoded);
		assert_eq!(file(f.root).deadline, Some(2 + ACK_DEADLINE + ACK_DEADLINE));
	});
}

/// Hole 1: with fewer than k shards acknowledged, the encoder did not serve what it confirmed (roots that decode
/// to nothing, or data it never handed out): it is slashed and the file is pending again, for its owner to
/// choose another encoder. Nothing stays stuck.
#[test]
fn an_encoder_whose_shards_nobody_could_fetch_is_slashed_and_the_file_requeued() {
	run_test(|| {
		register(1..=7, MIB);
		let f = small_file(1);
		assert_ok!(submit(&f, OWNER, 10, 7));
		let garbage: BoundedVec<H256, ConstU32<8>> = vec![H256::repeat_byte(1); 6].try_into().expect("six");
		assert_ok!(Storage::confirm_encoding(RuntimeOrigin::signed(7), f.root, garbage));
		let first = providers_of(f.root)[0];
		run_to_block(2 + ACK_DEADLINE);
		assert!(has_event(Event::EncodingNotServed { root: f.root, encoder: 7, acknowledged: 0 }));
		assert!(has_event(Event::ProviderSlashed {
			provider: 7,
			amount: MIN_STAKE,
			reason: SlashReason::EncodingNotServed
		}));
		assert_eq!(held_stake(first), MIN_STAKE * 10, "providers are not blamed when fewer than k could fetch");
		let info = file(f.root);
		assert_eq!(info.state, FileState::Pending);
		assert!(info.shards.iter().all(|s| s.root.is_none()));
		assert!(EncodeDuties::<Test>::contains_key(7, f.root));
		// The owner picks another encoder, which does the job.
		assert_ok!(Storage::choose_encoder(RuntimeOrigin::signed(OWNER), f.root, 1));
		assert!(!EncodeDuties::<Test>::contains_key(7, f.root));
		assert_ok!(Storage::confirm_encoding(RuntimeOrigin::signed(1), f.root, f.roots()));
	});
}

/// Hole 2: three cheap accounts declaring a huge capacity took most shards. Capacity must now be backed by stake
/// and placement gives a provider only `ProbationBytes` beyond twice what it has proven to hold.
#[test]
fn declared_capacity_buys_no_placement_beyond_stake_and_proven_storage() {
	run_test(|| {
		// Probation: room for two one-segment shards.
		Probation::set(2 * 64 * 1024);
		register(1..=6, 64 * MIB);
		// The six honest providers have a record: each has proven 64 MiB.
		for p in 1..=6 {
			Providers::<Test>::mutate(p, |info| info.as_mut().expect("registered").proven = 64 * MIB);
		}
		// Each sybil stakes for 1,000 GiB and claims it all.
		for sybil in 7..=9 {
			assert_ok!(Storage::register_provider(
				RuntimeOrigin::signed(sybil),
				format!("sybil-{sybil}").into_bytes(),
				1_000 << 30,
				MIN_STAKE * 1_000,
			));
		}
		let mut placed = 0;
		for i in 0..4u8 {
			let f = small_file(i);
			assert_ok!(submit(&f, 20 + i as u64, 5, 1));
			placed += providers_of(f.root).iter().filter(|p| **p >= 7).count();
		}
		// Without a proven byte, each sybil gets at most two shards (six of the 24), not the 99 % its declared
		// capacity would weigh.
		assert!(placed <= 6, "sybils took {placed} of 24 shards");
		for sybil in 7..=9 {
			assert!(provider(sybil).used <= 2 * 64 * 1024);
		}
	});
}

/// Hole 2: a provider grows as it proves what it holds.
#[test]
fn proving_storage_raises_what_placement_gives() {
	run_test(|| {
		Probation::set(64 * 1024);
		register(1..=6, 64 * MIB);
		assert_eq!(provider(1).placeable(Storage::backed_capacity(MIN_STAKE * 10), 64 * 1024), 64 * 1024);
		let f = small_file(1);
		store(&f, OWNER, 10, 1);
		run_to_round(1);
		assert_ok!(answer(1, &[&f]));
		assert_eq!(provider(1).proven, 64 * 1024);
		// Holding one shard (64 KiB) and having proven it: room for 64 KiB + 2 × 64 KiB − 64 KiB.
		assert_eq!(provider(1).placeable(Storage::backed_capacity(MIN_STAKE * 10), 64 * 1024), 2 * 64 * 1024);
	});
}

/// Hole 3: a provider that answered challenges but refused to serve downloads lost nothing. A downloader now
/// opens a retrieval challenge; a withholding provider is slashed, the challenger compensated and the shard
/// moved to another provider.
#[test]
fn a_withholding_provider_loses_the_retrieval_challenge_and_its_shard_is_repaired() {
	run_test(|| {
		register(1..=7, MIB);
		let f = small_file(1);
		store(&f, OWNER, 10, 1);
		let withholder = providers_of(f.root)[2];
		let challenger = ANYONE;
		let before = free_balance(challenger);
		assert_ok!(Storage::challenge_retrieval(RuntimeOrigin::signed(challenger), f.root, 2, 17));
		let key = RetrievalKey { file: f.root, shard: 2, sector: 17 };
		assert!(has_event(Event::RetrievalChallenged {
			provider: withholder,
			challenger,
			key,
			deadline: 1 + RETRIEVAL_WINDOW
		}));
		assert_eq!(free_balance(challenger), before - RETRIEVAL_DEPOSIT);
		assert_eq!(provider(withholder).retrievals, 1);
		// It does not answer.
		run_to_block(2 + RETRIEVAL_WINDOW);
		let slashed = MIN_STAKE; // 10 % of 10 × MIN_STAKE
		let reward = slashed / 5;
		assert!(has_event(Event::RetrievalMissed { provider: withholder, challenger, key, slashed, reward }));
		assert!(has_event(Event::ProviderSlashed {
			provider: withholder,
			amount: slashed,
			reason: SlashReason::Withheld
		}));
		assert_eq!(free_balance(challenger), before + reward, "deposit back, plus a share of the slash");
		assert_ne!(providers_of(f.root)[2], withholder, "the shard moved");
		assert!(held(withholder).is_empty());
		assert_eq!(provider(withholder).retrievals, 0);
		// It counts as a miss: the withholder is given no data (least of all that shard back) until it proves.
		assert_eq!(provider(withholder).misses, 1);
		assert!(!Storage::candidates().iter().any(|c| c.who == withholder));
		// Its successor gets the whole acknowledgement deadline.
		assert_eq!(file(f.root).deadline, Some(System::block_number() + ACK_DEADLINE));
	});
}

/// The attack: an owner that is also its file's encoder serves its shards to fewer than k providers, has those
/// that acknowledged challenged to retrieve sectors just before the acknowledgement deadline, and lets the encoding
/// be reset (its encoder slashed 10 %): the shard roots are gone, nobody can answer, and each missed challenge
/// would have slashed an honest provider 10 % and paid the challenger a fifth of it. The challenges are void.
#[test]
fn retrieval_challenges_of_an_encoding_that_was_reset_are_void() {
	run_test(|| {
		register(1..=7, MIB);
		let f = small_file(1);
		assert_ok!(submit(&f, OWNER, 10, 7));
		assert_ok!(Storage::confirm_encoding(RuntimeOrigin::signed(7), f.root, f.roots()));
		let holders = providers_of(f.root);
		for shard in 0..3u32 {
			assert_ok!(Storage::acknowledge_shard(RuntimeOrigin::signed(holders[shard as usize]), f.root, shard));
		}
		run_to_block(ACK_DEADLINE);
		let before = free_balance(ANYONE);
		for shard in 0..3u32 {
			assert_ok!(Storage::challenge_retrieval(RuntimeOrigin::signed(ANYONE), f.root, shard, 5));
		}
		run_to_block(2 + ACK_DEADLINE);
		assert!(has_event(Event::EncodingNotServed { root: f.root, encoder: 7, acknowledged: 3 }));
		let key = |shard| RetrievalKey { file: f.root, shard, sector: 5 };
		let (data, path) = f.open(0, 5);
		assert_noop!(
			Storage::answer_retrieval(RuntimeOrigin::signed(holders[0]), key(0), data, path),
			Error::<Test>::NotEncoded
		);
		run_to_block(2 + ACK_DEADLINE + RETRIEVAL_WINDOW);
		for shard in 0..3u32 {
			let holder = holders[shard as usize];
			assert!(has_event(Event::RetrievalVoided { provider: holder, key: key(shard) }));
			assert_eq!(provider(holder).retrievals, 0);
		}
		// (They were slashed meanwhile for the storage rounds' proof challenges, which this test answers for
		// nobody; not for the retrievals.)
		assert!(!events().iter().any(|e| matches!(
			e,
			Event::RetrievalMissed { .. } | Event::ProviderSlashed { reason: SlashReason::Withheld, .. }
		)));
		assert_eq!(free_balance(ANYONE), before, "the challenger's deposits back, nothing more");
	});
}

/// A challenged provider cannot get out of a retrieval challenge by leaving: its shards are moved, but the sector
/// is still provable under the same root, and the miss is slashed.
#[test]
fn leaving_does_not_void_a_retrieval_challenge() {
	run_test(|| {
		register(1..=7, MIB);
		let f = small_file(1);
		store(&f, OWNER, 10, 1);
		let withholder = providers_of(f.root)[2];
		assert_ok!(Storage::challenge_retrieval(RuntimeOrigin::signed(ANYONE), f.root, 2, 17));
		assert_ok!(Storage::deregister_provider(RuntimeOrigin::signed(withholder)));
		run_to_block(2 + RETRIEVAL_WINDOW);
		let key = RetrievalKey { file: f.root, shard: 2, sector: 17 };
		let missed = |e: &Event<Test>| {
			matches!(e, Event::RetrievalMissed { provider, key: k, .. } if *provider == withholder && *k == key)
		};
		assert!(events().iter().any(missed));
		assert!(!events().iter().any(|e| matches!(e, Event::RetrievalVoided { .. })));
	});
}

/// Hole 3: an honest provider answers on chain; the sector is published for the downloader, and the deposit
/// pays the provider for the trouble, so challenges cannot be used to grief for free.
#[test]
fn an_answered_retrieval_publishes_the_sector_and_pays_the_provider() {
	run_test(|| {
		register(1..=7, MIB);
		let f = small_file(1);
		store(&f, OWNER, 10, 1);
		let holder = providers_of(f.root)[4];
		assert_ok!(Storage::challenge_retrieval(RuntimeOrigin::signed(ANYONE), f.root, 4, 3));
		let key = RetrievalKey { file: f.root, shard: 4, sector: 3 };
		let (data, path) = f.open(4, 3);
		let (wrong, _) = f.open(4, 4);
		assert_noop!(
			Storage::answer_retrieval(RuntimeOrigin::signed(holder), key, wrong, path.clone()),
			Error::<Test>::InvalidProof
		);
		assert_noop!(
			Storage::answer_retrieval(RuntimeOrigin::signed(ANYONE), key, data.clone(), path.clone()),
			Error::<Test>::NoRetrievalChallenge
		);
		let before = free_balance(holder);
		let post = Storage::answer_retrieval(RuntimeOrigin::signed(holder), key, data.clone(), path).expect("valid");
		assert_eq!(post.pays_fee, frame_support::dispatch::Pays::No);
		assert!(has_event(Event::RetrievalAnswered { provider: holder, key, data }));
		assert_eq!(free_balance(holder), before + RETRIEVAL_DEPOSIT);
		run_to_block(2 + RETRIEVAL_WINDOW);
		assert_eq!(held_stake(holder), MIN_STAKE * 10);
		assert!(!events().iter().any(|e| matches!(e, Event::RetrievalMissed { .. })));
	});
}

#[test]
fn retrieval_challenges_refuse_bad_input_and_are_bounded_per_provider() {
	run_test(|| {
		let signed = RuntimeOrigin::signed;
		register(1..=7, MIB);
		let f = small_file(1);
		assert_ok!(submit(&f, OWNER, 10, 1));
		assert_noop!(Storage::challenge_retrieval(signed(ANYONE), f.root, 0, 0), Error::<Test>::ShardNotAcknowledged);
		assert_ok!(Storage::confirm_encoding(signed(1), f.root, f.roots()));
		for (shard, p) in providers_of(f.root).into_iter().enumerate() {
			assert_ok!(Storage::acknowledge_shard(signed(p), f.root, shard as u32));
		}
		assert_noop!(
			Storage::challenge_retrieval(signed(ANYONE), small_file(2).root, 0, 0),
			Error::<Test>::UnknownFile
		);
		assert_noop!(Storage::challenge_retrieval(signed(ANYONE), f.root, 6, 0), Error::<Test>::ShardIndexOutOfRange);
		assert_noop!(Storage::challenge_retrieval(signed(ANYONE), f.root, 0, 256), Error::<Test>::SectorOutOfRange);
		assert_noop!(Storage::challenge_retrieval(signed(PAUPER), f.root, 0, 0), TokenError::FundsUnavailable);
		assert_ok!(Storage::challenge_retrieval(signed(ANYONE), f.root, 0, 0));
		assert_noop!(Storage::challenge_retrieval(signed(OWNER), f.root, 0, 0), Error::<Test>::RetrievalAlreadyOpen);
		assert_ok!(Storage::challenge_retrieval(signed(OWNER), f.root, 0, 1));
		// MaxRetrievalsPerProvider = 2.
		assert_noop!(Storage::challenge_retrieval(signed(OWNER), f.root, 0, 2), Error::<Test>::TooManyRetrievals);
		// A provider with open retrieval challenges cannot withdraw.
		let p = providers_of(f.root)[0];
		assert_ok!(Storage::deregister_provider(signed(p)));
		assert_eq!(provider(p).retrievals, 2);
	});
}

/// Hole 4: when many providers failed at once, one block reassigned every shard of every one of them. Now the
/// repairs wait in a queue and each block moves only what `MaxHookWeight` allows.
#[test]
fn a_mass_failure_is_repaired_within_the_hook_budget_over_several_blocks() {
	run_test(|| {
		register(1..=12, 64 * MIB);
		let files: Vec<TestFile> = (0..6u8).map(small_file).collect();
		for (i, f) in files.iter().enumerate() {
			store(f, 20 + i as u64, 20, 1);
		}
		let refs: Vec<&TestFile> = files.iter().collect();
		// Providers 1..=4 never answer.
		let failing = [1u64, 2, 3, 4];
		let shards_to_move: usize = failing.iter().map(|p| held(*p).len()).sum();
		assert!(shards_to_move >= 8, "{shards_to_move}");
		for round in 1..MAX_MISSES as u64 {
			run_to_round(round);
			for p in 5..=12 {
				if Challenges::<Test>::contains_key(p) {
					assert_ok!(answer(p, &refs));
				}
			}
			close_current_round();
		}
		run_to_round(MAX_MISSES as u64);
		for p in 5..=12 {
			if Challenges::<Test>::contains_key(p) {
				assert_ok!(answer(p, &refs));
			}
		}
		// Two shard moves' worth of budget per block (plus closing the round's misses, which must fit first).
		let unit = <() as WeightInfo>::reassign_shard(16);
		HookWeight::set(unit.saturating_mul(2).saturating_add(<() as WeightInfo>::miss_challenge().saturating_mul(4)));
		let close = MAX_MISSES as u64 * CHALLENGE_PERIOD + RESPONSE_WINDOW + 1;
		run_to_block(close);
		for p in failing {
			assert!(Evictions::<Test>::contains_key(p), "provider {p} is being evicted");
		}
		let moved_from_failing = || {
			events()
				.iter()
				.filter(|e| matches!(e, Event::ShardReassigned { from, .. } if failing.contains(from)))
				.count()
		};
		let mut blocks = 0;
		while failing.iter().any(|p| Evictions::<Test>::contains_key(p)) {
			let now = System::block_number() + 1;
			System::reset_events();
			System::set_block_number(now);
			let used = on_initialize(now);
			assert!(moved_from_failing() <= 2, "at most two moves per block");
			if now % CHALLENGE_PERIOD != 0 {
				// (Opening a round is charged on top of the budget.)
				assert!(used.all_lte(<() as WeightInfo>::on_initialize_idle() + HookWeight::get()));
			}
			blocks += 1;
			assert!(blocks < 100, "repairs make progress");
		}
		assert!(failing.iter().all(|p| !Evictions::<Test>::contains_key(p)), "every eviction finished");
		assert!(blocks >= shards_to_move as u64 / 2, "spread over blocks: {blocks}");
		HookWeight::set(frame_support::weights::Weight::from_parts(u64::MAX / 4, u64::MAX / 4));
	});
}

/// Hole 7: pending files held capacity and placement slots for free (refunded in full) and without limit. Now
/// an account has at most `MaxUnstoredPerAccount` of them, each expires if not encoded in time, and the owner
/// pays one round for the room it held.
#[test]
fn pending_files_are_bounded_per_account_expire_and_pay_for_the_room_they_held() {
	run_test(|| {
		register(1..=6, 64 * MIB);
		let files: Vec<TestFile> = (0..=MAX_UNSTORED as u8).map(small_file).collect();
		for f in files.iter().take(MAX_UNSTORED as usize) {
			assert_ok!(submit(f, OWNER, 10, 1));
		}
		let extra = &files[MAX_UNSTORED as usize];
		assert_noop!(submit(extra, OWNER, 10, 1), Error::<Test>::TooManyUnstoredFiles);
		let used_before = provider(1).used;
		assert!(used_before > 0);
		let owner_before = free_balance(OWNER);
		// Nobody uploads: past the deadline every one is dropped.
		run_to_block(2 + UPLOAD_DEADLINE);
		let room = fee_per_round(&files[0]);
		for f in files.iter().take(MAX_UNSTORED as usize) {
			assert!(Files::<Test>::get(f.root).is_none());
			assert!(events().iter().any(|e| matches!(e, Event::FileAbandoned { root, .. } if *root == f.root)));
		}
		assert_eq!(provider(1).used, 0, "the room is free again");
		assert_eq!(UnstoredFiles::<Test>::get(OWNER), 0);
		let refunded = free_balance(OWNER) - owner_before;
		let paid: Balance = files.iter().take(MAX_UNSTORED as usize).map(|f| fee_per_round(f) * 10).sum();
		assert!(refunded + MAX_UNSTORED as u64 * room >= paid - 6 * MAX_UNSTORED as u64, "{refunded} {paid}");
		assert!(refunded < paid, "the room was paid for");
		// And the account may submit again.
		assert_ok!(submit(extra, OWNER, 10, 1));
	});
}

/// Hole 9: a fraud report in the pool could be copied by the encoder's own account and included first, taking
/// the reporter's share. Now a report must reveal a commitment its sender made in an earlier block.
#[test]
fn a_fraud_report_copied_from_the_pool_is_refused() {
	run_test(|| {
		let honest = small_file(1);
		let mut shards = honest.shards.clone();
		shards[5][3 * SECTOR_SIZE] ^= 1;
		let bad = TestFile::from_parts(honest.data.clone(), shards);
		let encoder = stored_with_encoder(&bad);
		let proof = parity_fraud(&bad, 5, 3);
		let commitment = Storage::fraud_commitment(&ANYONE, bad.root, &proof);
		assert_ok!(Storage::commit_fraud_report(RuntimeOrigin::signed(ANYONE), commitment));
		// The front-runner sees the commitment (it reveals nothing) and then the reveal in the pool.
		let front_runner = 32;
		assert_noop!(
			Storage::report_bad_encoding(RuntimeOrigin::signed(front_runner), bad.root, proof.clone()),
			Error::<Test>::NoCommitment
		);
		// Copying the reporter's commitment does not help: it binds the reporter's account.
		assert_ok!(Storage::commit_fraud_report(RuntimeOrigin::signed(front_runner), commitment));
		System::set_block_number(System::block_number() + 1);
		assert_noop!(
			Storage::report_bad_encoding(RuntimeOrigin::signed(front_runner), bad.root, proof.clone()),
			Error::<Test>::NoCommitment
		);
		// Committing to the copied proof in the reveal's block is too late.
		let own = Storage::fraud_commitment(&front_runner, bad.root, &proof);
		assert_ok!(Storage::commit_fraud_report(RuntimeOrigin::signed(front_runner), own));
		assert_noop!(
			Storage::report_bad_encoding(RuntimeOrigin::signed(front_runner), bad.root, proof.clone()),
			Error::<Test>::CommitmentTooRecent
		);
		assert_ok!(Storage::report_bad_encoding(RuntimeOrigin::signed(ANYONE), bad.root, proof));
		assert_encoder_punished(&bad, encoder);
		assert!(FraudCommitments::<Test>::get(ANYONE).is_none(), "a commitment is used once");
	});
}

/// Hole 10: a leaving provider's shards were handed over at once, but its open challenge on one of them stayed:
/// its node dropped the shard it no longer held, and it was slashed. Now the challenged shard stays with it
/// until the challenge is answered; the rest are handed over meanwhile.
#[test]
fn a_leaving_provider_keeps_its_challenged_shard_until_it_answers_and_is_not_slashed() {
	run_test(|| {
		register(1..=8, 64 * MIB);
		let files: Vec<TestFile> = (0..3u8).map(small_file).collect();
		for (i, f) in files.iter().enumerate() {
			store(f, 20 + i as u64, 10, 1);
		}
		let refs: Vec<&TestFile> = files.iter().collect();
		run_to_round(1);
		let leaving = (1..=8).filter(|p| held(*p).len() >= 2).find(|p| Challenges::<Test>::contains_key(p));
		let leaving = leaving.expect("a challenged provider with two shards");
		let challenge = Challenges::<Test>::get(leaving).expect("challenged");
		assert_ok!(Storage::deregister_provider(RuntimeOrigin::signed(leaving)));
		run_to_block(CHALLENGE_PERIOD + 1);
		// Everything but the challenged shard moved; that one it still holds — and must prove.
		assert_eq!(held(leaving).iter().map(|h| (h.file, h.shard)).collect::<Vec<_>>(), vec![(
			challenge.file,
			challenge.shard
		)]);
		assert_ok!(answer(leaving, &refs));
		run_to_block(CHALLENGE_PERIOD + 2);
		assert!(held(leaving).is_empty(), "handed over once answered");
		close_current_round();
		assert!(!events().iter().any(|e| matches!(e, Event::ChallengeMissed { provider, .. } if *provider == leaving)));
		assert_eq!(held_stake(leaving), MIN_STAKE * 10, "not slashed");
	});
}

/// Hole 6: duties due now are ordered first in the pool; duties that are not due never enter it, but for the
/// acknowledgement of the sender's shard of a file not encoded yet, which a pool keeps and a block refuses.
#[test]
fn due_duties_get_top_priority_and_undue_ones_are_refused_from_the_pool() {
	use sp_runtime::{
		traits::DispatchTransaction,
		transaction_validity::{
			InvalidTransaction,
			TransactionSource::{External, InBlock},
			TransactionValidityError,
		},
	};
	run_test(|| {
		register(1..=6, MIB);
		let f = small_file(1);
		store(&f, OWNER, 10, 1);
		run_to_round(1);
		let ext = PrioritizeDuties::<Test>::new();
		let validate = |who: AccountId, call: Call<Test>| {
			let call = RuntimeCall::Storage(call);
			let info = frame_support::dispatch::GetDispatchInfo::get_dispatch_info(&call);
			ext.validate_only(Some(who).into(), &call, &info, 0, External, 0).map(|(v, ..)| v.priority)
		};
		let challenged = providers_of(f.root)[0];
		let (data, path) = f.open(0, Challenges::<Test>::get(challenged).expect("open").sector);
		let proof = Call::submit_proof { sector_data: data, proof: path };
		assert_eq!(validate(challenged, proof.clone()), Ok(DUTY_PRIORITY));
		// A due duty lives two blocks in a pool, so that the worker's resend is not refused behind a stale copy.
		let call = RuntimeCall::Storage(proof.clone());
		let info = frame_support::dispatch::GetDispatchInfo::get_dispatch_info(&call);
		let longevity = ext.validate_only(Some(challenged).into(), &call, &info, 0, External, 0).map(|(v, ..)| v.longevity);
		assert_eq!(longevity, Ok(DUTY_LONGEVITY));
		assert_eq!(DUTY_LONGEVITY, 2);
		assert_eq!(
			validate(ANYONE, proof.clone()),
			Err(TransactionValidityError::Invalid(InvalidTransaction::Custom(DutyRefusal::NoOpenChallenge as u8)))
		);
		assert_eq!(
			validate(ANYONE, Call::acknowledge_shard { root: f.root, shard: 0 }),
			Err(TransactionValidityError::Invalid(InvalidTransaction::Custom(DutyRefusal::NotAssignedShard as u8)))
		);
		assert_eq!(
			validate(1, Call::confirm_encoding { root: f.root, shard_roots: f.roots() }),
			Err(TransactionValidityError::Invalid(InvalidTransaction::Custom(DutyRefusal::NotChosenEncoder as u8)))
		);
		// Anything else passes through untouched.
		assert_eq!(validate(ANYONE, Call::commit_fraud_report { commitment: H256::zero() }), Ok(0));
		// A provider acknowledging its shard of a file whose confirmation this node has not imported yet: kept in
		// the pool (valid once the block is imported), refused from a block; someone else's shard is refused.
		let pending = small_file(2);
		assert_ok!(submit(&pending, OWNER, 10, 1));
		let holder = providers_of(pending.root)[3];
		let ack = Call::acknowledge_shard { root: pending.root, shard: 3 };
		assert_eq!(validate(holder, ack.clone()), Ok(DUTY_PRIORITY));
		let not_holder = providers_of(pending.root)[4];
		assert_eq!(
			validate(not_holder, ack.clone()),
			Err(TransactionValidityError::Invalid(InvalidTransaction::Custom(DutyRefusal::NotAssignedShard as u8)))
		);
		let call = RuntimeCall::Storage(ack);
		let info = frame_support::dispatch::GetDispatchInfo::get_dispatch_info(&call);
		let in_block = ext.validate_only(Some(holder).into(), &call, &info, 0, InBlock, 0).map(|(v, ..)| v.priority);
		assert_eq!(
			in_block,
			Err(TransactionValidityError::Invalid(InvalidTransaction::Custom(DutyRefusal::NotAssignedShard as u8)))
		);
		// Past the response window the proof is no longer a due duty.
		close_current_round();
		assert!(validate(challenged, proof).is_err());
	});
}

/// A chain that ran v0 keeps its providers and files: the records are rewritten with the new fields, indexes
/// built, unstored files given fresh deadlines — and a second run changes nothing.
#[test]
fn the_v1_migration_keeps_every_provider_and_file() {
	use crate::migrations::{v0, MigrateToV1};
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	run_test(|| {
		register(1..=7, MIB);
		let stored = small_file(1);
		store(&stored, OWNER, 10, 7);
		let pending = small_file(2);
		assert_ok!(submit(&pending, ANYONE, 10, 1));
		// Rewrite everything as v0 left it.
		for (who, info) in Providers::<Test>::iter().collect::<Vec<_>>() {
			let old = v0::ProviderInfo {
				peer_id: info.peer_id.to_vec(),
				capacity: info.capacity,
				used: info.used,
				shards: info.shards,
				stake: info.stake,
				status: info.status,
				misses: info.misses,
			};
			frame_support::storage::unhashed::put(&Providers::<Test>::hashed_key_for(who), &old);
		}
		for (root, info) in Files::<Test>::iter().collect::<Vec<_>>() {
			let old = v0::FileInfo {
				owner: info.owner,
				size: info.size,
				params: info.params,
				state: info.state,
				encoder: info.encoder,
				shards: info.shards.to_vec(),
				fee: info.fee,
				paid_out: info.paid_out,
				start_round: info.start_round,
				periods: info.periods,
			};
			frame_support::storage::unhashed::put(&Files::<Test>::hashed_key_for(root), &old);
		}
		let _ = PeerIds::<Test>::clear(u32::MAX, None);
		let _ = EncodeDuties::<Test>::clear(u32::MAX, None);
		let _ = UnstoredFiles::<Test>::clear(u32::MAX, None);
		let _ = Tasks::<Test>::clear(u32::MAX, None);
		StorageVersion::new(0).put::<Storage>();

		System::set_block_number(50);
		MigrateToV1::<Test>::on_runtime_upgrade();
		assert_eq!(Storage::on_chain_storage_version(), 1);
		assert_eq!(Providers::<Test>::iter().count(), 7);
		assert_eq!(provider(7).bonded_until, 50 + FRAUD_WINDOW, "an encoder is bonded from the upgrade");
		assert_eq!(provider(1).bonded_until, 0);
		assert_eq!(file(stored.root).chosen_encoder, 7);
		assert_eq!(file(stored.root).deadline, None);
		assert_eq!(file(pending.root).chosen_encoder, providers_of(pending.root)[0]);
		assert_eq!(file(pending.root).deadline, Some(50 + UPLOAD_DEADLINE));
		assert_eq!(UnstoredFiles::<Test>::get(ANYONE), 1);
		Storage::do_try_state().expect("v1 invariants hold");
		let root = sp_io::storage::root(sp_runtime::StateVersion::V1);
		MigrateToV1::<Test>::on_runtime_upgrade();
		assert_eq!(sp_io::storage::root(sp_runtime::StateVersion::V1), root, "a second run changes nothing");
	});
}
