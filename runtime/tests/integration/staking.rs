//! NPoS end to end: a new validator bonds and validates, a nominator backs it, the election seats it, an era
//! passes and its reward is paid out.

use crate::common::*;
use codec::Encode;
use frame_support::traits::fungible::Inspect;
use pallet_staking::{ActiveEra, ErasStakersOverview, ErasValidatorReward, RewardDestination, ValidatorPrefs};
use sp_core::crypto::ByteArray;
use sp_keyring::Sr25519Keyring::{Alice, Bob, Dave, Eve};
use sp_runtime::Perbill;
use zg_runtime::{currency::ZG, Balances, Runtime, RuntimeCall, RuntimeEvent, Session, SessionKeys};

fn staking(call: pallet_staking::Call<Runtime>) -> RuntimeCall {
	RuntimeCall::Staking(call)
}

/// Session keys for `who`, generated in the test keystore, with the proof that `who` owns them.
fn session_keys_with_proof(who: sp_keyring::Sr25519Keyring) -> (SessionKeys, Vec<u8>) {
	let seed = format!("//{who:?}//session");
	let mut keys = SessionKeys {
		babe: sp_io::crypto::sr25519_generate(sp_consensus_babe::KEY_TYPE, Some(seed.clone().into_bytes()))
			.into(),
		grandpa: sp_io::crypto::ed25519_generate(
			sp_consensus_grandpa::KEY_TYPE,
			Some(seed.clone().into_bytes()),
		)
		.into(),
		authority_discovery: sp_io::crypto::sr25519_generate(
			sp_core::crypto::key_types::AUTHORITY_DISCOVERY,
			Some(seed.into_bytes()),
		)
		.into(),
	};
	let proof = keys.create_ownership_proof(&who.to_account_id().encode()).expect("keys are in the keystore");
	(keys, proof.encode())
}

#[test]
fn bond_validate_nominate_and_get_elected() {
	ext_from_preset("development").execute_with(|| {
		let dave = Dave.to_account_id();
		let eve = Eve.to_account_id();
		let (keys, proof) = session_keys_with_proof(Dave);

		submit_ok(
			Dave,
			staking(pallet_staking::Call::bond { value: 50_000 * ZG, payee: RewardDestination::Stash }),
		);
		submit_ok(Dave, RuntimeCall::Session(pallet_session::Call::set_keys { keys: keys.clone(), proof }));
		submit_ok(
			Dave,
			staking(pallet_staking::Call::validate {
				prefs: ValidatorPrefs { commission: Perbill::from_percent(10), blocked: false },
			}),
		);
		submit_ok(
			Eve,
			staking(pallet_staking::Call::bond { value: 20_000 * ZG, payee: RewardDestination::Staked }),
		);
		submit_ok(Eve, staking(pallet_staking::Call::nominate { targets: vec![dave.clone().into()] }));

		// Wrong inputs get typed errors and change nothing.
		let again = submit(Dave, staking(pallet_staking::Call::bond { value: ZG, payee: RewardDestination::Stash }));
		assert!(
			matches!(again, Ok(Err(e)) if e == pallet_staking::Error::<Runtime>::AlreadyBonded.into()),
			"{again:?}"
		);

		// The next election includes Dave, backed by his own bond and Eve's.
		let era = ActiveEra::<Runtime>::get().map(|e| e.index).unwrap_or(0);
		run_to_era(era + 2);
		let active = ActiveEra::<Runtime>::get().unwrap().index;
		assert!(Session::validators().contains(&dave), "Dave was elected");
		let overview = ErasStakersOverview::<Runtime>::get(active, &dave).expect("Dave has an exposure");
		// Exposures pass through vote weight (u64), so they match the bonds up to that precision.
		let close = |a: u128, b: u128| a.abs_diff(b) <= b / 1_000_000_000;
		assert!(close(overview.own, 50_000 * ZG), "own {}", overview.own);
		assert!(close(overview.total, 70_000 * ZG), "total {}", overview.total);
		assert!(pallet_staking::Nominators::<Runtime>::get(&eve).unwrap().targets.contains(&dave));
		// Dave's BABE key is now an authority.
		let babe = pallet_babe::Authorities::<Runtime>::get();
		assert!(babe.iter().any(|(id, _)| id.as_slice() == keys.babe.as_slice()));
	});
}

#[test]
fn an_era_passes_and_rewards_are_paid() {
	ext_from_preset("development").execute_with(|| {
		let alice = Alice.to_account_id();
		let start = ActiveEra::<Runtime>::get().map(|e| e.index).unwrap_or(0);
		run_to_era(start + 1);

		// Era `start` is over: its validators earned points and a reward was set aside for them.
		let reward = ErasValidatorReward::<Runtime>::get(start).expect("era reward computed");
		assert!(reward > 0, "the era minted a reward");
		let points = pallet_staking::ErasRewardPoints::<Runtime>::get(start);
		assert!(points.individual.get(&alice).copied().unwrap_or(0) > 0, "Alice authored blocks");

		// Anyone may trigger the payout; Alice (the only validator) gets the whole era reward. (The era's
		// election filled the block that started the new era, so pay in the next one.)
		next_block();
		let before = Balances::free_balance(&alice);
		submit_ok(
			Bob,
			staking(pallet_staking::Call::payout_stakers { validator_stash: alice.clone(), era: start }),
		);
		let paid: u128 = events()
			.into_iter()
			.filter_map(|e| match e {
				RuntimeEvent::Staking(pallet_staking::Event::Rewarded { stash, amount, .. })
					if stash == alice => Some(amount),
				_ => None,
			})
			.sum();
		assert!(paid > 0);
		// The single validator receives the era reward, up to rounding in the per-point split.
		assert!(reward - paid <= 1_000, "paid {paid} of {reward}");
		// Rewards go to the stash and are re-staked (the genesis default payee is `Staked`).
		assert!(Balances::total_balance(&alice) >= before + paid - 1_000);

		// A second payout of the same era is refused with a typed error.
		let twice = submit(
			Bob,
			staking(pallet_staking::Call::payout_stakers { validator_stash: alice, era: start }),
		);
		assert!(
			matches!(twice, Ok(Err(e)) if e == pallet_staking::Error::<Runtime>::AlreadyClaimed.into()),
			"{twice:?}"
		);
	});
}
