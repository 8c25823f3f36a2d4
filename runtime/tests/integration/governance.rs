//! OpenGov: a root referendum with enough conviction-weighted support passes and enacts its call; one without
//! support is rejected and changes nothing; nothing but root (that is, a passed referendum) can set code.

use crate::common::*;
use codec::Encode;
use frame_support::traits::Bounded;
use pallet_conviction_voting::{AccountVote, Conviction, Vote};
use pallet_referenda::{ReferendumInfo, ReferendumInfoFor, TracksInfo as _};
use sp_keyring::Sr25519Keyring::{self, Alice, Bob, Charlie, Dave, Eve, Ferdie};
use sp_runtime::traits::Hash;
use zg_runtime::{
	configs::governance::tracks::{ids, TracksInfo},
	currency::ZG,
	Balances, OriginCaller, Runtime, RuntimeCall,
};

/// A root-only call whose effect is easy to see: give One exactly 42 ZG.
fn proposal() -> RuntimeCall {
	RuntimeCall::Balances(pallet_balances::Call::force_set_balance {
		who: Sr25519Keyring::One.to_account_id().into(),
		new_free: 42 * ZG,
	})
}

/// Notes the proposal's preimage and opens a root referendum on it, as a proposer's wallet would.
fn open_root_referendum(proposer: Sr25519Keyring, call: RuntimeCall) -> u32 {
	let encoded = call.encode();
	let hash = <Runtime as frame_system::Config>::Hashing::hash(&encoded);
	submit_ok(proposer, RuntimeCall::Preimage(pallet_preimage::Call::note_preimage { bytes: encoded.clone() }));
	let index = pallet_referenda::ReferendumCount::<Runtime>::get();
	submit_ok(
		proposer,
		RuntimeCall::Referenda(pallet_referenda::Call::submit {
			proposal_origin: Box::new(OriginCaller::system(frame_system::RawOrigin::Root)),
			proposal: Bounded::Lookup { hash, len: encoded.len() as u32 },
			enactment_moment: frame_support::traits::schedule::DispatchTime::After(0),
		}),
	);
	submit_ok(proposer, RuntimeCall::Referenda(pallet_referenda::Call::place_decision_deposit { index }));
	index
}

fn vote(who: Sr25519Keyring, index: u32, aye: bool, balance: u128) {
	submit_ok(
		who,
		RuntimeCall::ConvictionVoting(pallet_conviction_voting::Call::vote {
			poll_index: index,
			vote: AccountVote::Standard { vote: Vote { aye, conviction: Conviction::Locked1x }, balance },
		}),
	);
}

/// Blocks from submission until a root referendum can have been decided and enacted, at the latest.
fn root_track_lifetime() -> u32 {
	let info = TracksInfo::info(ids::ROOT).expect("root track");
	info.prepare_period + info.decision_period + info.confirm_period + info.min_enactment_period + 10
}

#[test]
fn root_referendum_with_support_passes_and_enacts() {
	ext_from_preset("development").execute_with(|| {
		let one = Sr25519Keyring::One.to_account_id();
		assert_eq!(Balances::free_balance(&one), 0);
		let index = open_root_referendum(Alice, proposal());

		// Five holders lock 900k ZG each for one vote period: 4.5M of 12M ZG is ample support.
		for who in [Alice, Bob, Charlie, Dave, Eve] {
			vote(who, index, true, 900_000 * ZG);
		}
		vote(Ferdie, index, false, 100_000 * ZG);

		run_until(root_track_lifetime(), "the referendum to be approved", || {
			matches!(ReferendumInfoFor::<Runtime>::get(index), Some(ReferendumInfo::Approved(..)))
		});
		run_until(root_track_lifetime(), "the approved call to be enacted", || {
			Balances::free_balance(&one) == 42 * ZG
		});
		// Voters' ZG stays locked for the conviction period after the vote.
		assert!(pallet_balances::Locks::<Runtime>::get(Bob.to_account_id()).iter().any(|l| l.amount == 900_000 * ZG));
	});
}

#[test]
fn referendum_without_support_is_rejected_and_changes_nothing() {
	ext_from_preset("development").execute_with(|| {
		let one = Sr25519Keyring::One.to_account_id();
		let index = open_root_referendum(Alice, proposal());
		// A single small aye: far below the root track's support curve.
		vote(Bob, index, true, 10 * ZG);
		run_until(root_track_lifetime(), "the referendum to be rejected", || {
			matches!(ReferendumInfoFor::<Runtime>::get(index), Some(ReferendumInfo::Rejected(..)))
		});
		assert_eq!(Balances::free_balance(&one), 0, "a rejected proposal is never enacted");
	});
}

#[test]
fn only_root_can_set_or_authorize_code() {
	ext_from_preset("development").execute_with(|| {
		let code_before = sp_io::storage::get(sp_core::storage::well_known_keys::CODE);
		let authorize = RuntimeCall::System(frame_system::Call::authorize_upgrade {
			code_hash: sp_core::H256::repeat_byte(7),
		});
		let set_code = RuntimeCall::System(frame_system::Call::set_code { code: vec![0u8; 64] });
		for call in [authorize, set_code] {
			let result = submit(Bob, call.clone());
			assert_eq!(result, Ok(Err(sp_runtime::DispatchError::BadOrigin)), "{call:?}");
		}
		assert!(frame_system::Pallet::<Runtime>::authorized_upgrade().is_none());
		assert_eq!(sp_io::storage::get(sp_core::storage::well_known_keys::CODE), code_before);
	});
}
