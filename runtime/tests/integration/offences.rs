//! A validator that signs two different blocks for the same BABE slot is reported, disabled and slashed.

use crate::common::*;
use codec::Encode;
use frame_support::traits::KeyOwnerProofSystem;
use sp_consensus_babe::{digests::CompatibleDigestItem, AuthorityId as BabeId};
use sp_core::{crypto::Pair, H256};
use sp_keyring::Sr25519Keyring::{Alice, Bob};
use sp_runtime::{
	generic::{Digest, DigestItem},
	traits::Header as _,
	Perbill,
};
use zg_runtime::{
	genesis_config_presets::VALIDATOR_BOND, Babe, Header, Historical, Runtime, RuntimeEvent,
	RuntimeOrigin, Session,
};

/// Two different headers for the same slot, both sealed by `offender`: the proof of a BABE equivocation.
fn equivocation(
	offender: sp_keyring::Sr25519Keyring,
	authority_index: u32,
) -> sp_consensus_babe::EquivocationProof<Header> {
	let slot = sp_consensus_babe::Slot::from(current_slot());
	let pair = sp_consensus_babe::AuthorityPair::from(offender.pair());
	let header = |extrinsics_root: H256| {
		let pre = sp_consensus_babe::digests::PreDigest::SecondaryPlain(
			sp_consensus_babe::digests::SecondaryPlainPreDigest { authority_index, slot },
		);
		let mut h = Header::new(
			zg_runtime::System::block_number(),
			extrinsics_root,
			H256::zero(),
			zg_runtime::System::parent_hash(),
			Digest { logs: vec![DigestItem::PreRuntime(sp_consensus_babe::BABE_ENGINE_ID, pre.encode())] },
		);
		let seal = <DigestItem as CompatibleDigestItem>::babe_seal(pair.sign(h.hash().as_ref()));
		h.digest_mut().push(seal);
		h
	};
	sp_consensus_babe::EquivocationProof {
		offender: pair.public(),
		slot,
		first_header: header(H256::repeat_byte(1)),
		second_header: header(H256::repeat_byte(2)),
	}
}

#[test]
fn babe_equivocation_is_slashed() {
	ext_from_preset("local_testnet").execute_with(|| {
		// Let an era pass so that the session history has a root to prove keys against.
		let start = pallet_staking::ActiveEra::<Runtime>::get().map(|e| e.index).unwrap_or(0);
		run_to_era(start + 1);

		let bob = Bob.to_account_id();
		let validators = Session::validators();
		assert_eq!(validators.len(), 4);
		let index = validators.iter().position(|v| *v == bob).expect("Bob validates") as u32;
		let bob_babe: BabeId = Bob.public().into();
		let key_owner_proof =
			Historical::prove((sp_consensus_babe::KEY_TYPE, bob_babe)).expect("Bob's key is provable");

		let stake_before = pallet_staking::Ledger::<Runtime>::get(&bob).unwrap().active;
		assert_eq!(stake_before, VALIDATOR_BOND);

		// A forged report (headers not signed by the offender) is refused with a typed error.
		let mut forged = equivocation(Bob, index);
		forged.second_header = equivocation(Alice, index).second_header;
		assert_eq!(
			Babe::report_equivocation_unsigned(
				RuntimeOrigin::none(),
				Box::new(forged),
				key_owner_proof.clone(),
			)
			.map_err(|e| e.error),
			Err(pallet_babe::Error::<Runtime>::InvalidEquivocationProof.into()),
		);

		// The genuine report is accepted as an offence. (Report it in a block Bob did not author: a block whose
		// author is disabled while it is being built is invalid.)
		run_until(4, "a block not authored by Bob", || current_slot() % validators.len() as u64 != index as u64);
		frame_support::assert_ok!(Babe::report_equivocation_unsigned(
			RuntimeOrigin::none(),
			Box::new(equivocation(Bob, index)),
			key_owner_proof.clone(),
		));
		assert!(events().iter().any(|e| matches!(e, RuntimeEvent::Offences(pallet_offences::Event::Offence { .. }))));
		// The same offence cannot be reported twice.
		assert!(Babe::report_equivocation_unsigned(
			RuntimeOrigin::none(),
			Box::new(equivocation(Bob, index)),
			key_owner_proof,
		)
		.is_err());
		// Bob stops authoring right away.
		assert!(pallet_session::DisabledValidators::<Runtime>::get().iter().any(|(i, _)| *i == index));

		// The slash is deferred `SlashDeferDuration` eras (so governance could cancel it), then applied.
		let defer = <Runtime as pallet_staking::Config>::SlashDeferDuration::get();
		let reported_in = pallet_staking::ActiveEra::<Runtime>::get().unwrap().index;
		let mut slashed = 0u128;
		let per_era = zg_runtime::EPOCH_DURATION_IN_SLOTS *
			<Runtime as pallet_staking::Config>::SessionsPerEra::get();
		run_until(per_era * (defer + 3), "the deferred slash", || {
			slashed += events()
				.iter()
				.filter_map(|e| match e {
					RuntimeEvent::Staking(pallet_staking::Event::Slashed { staker, amount })
						if *staker == bob => Some(*amount),
					_ => None,
				})
				.sum::<u128>();
			slashed > 0
		});
		let applied_in = pallet_staking::ActiveEra::<Runtime>::get().unwrap().index;
		assert!(applied_in >= reported_in + defer, "slash applied in era {applied_in}, reported in {reported_in}");

		// One offender among four validators: BABE slashes min((3k/n)², 1) = (3/4)² of the exposed stake (the
		// exposure passed through u64 vote weight, hence the tolerance).
		let expected = Perbill::from_rational(9u32, 16u32) * VALIDATOR_BOND;
		assert!(slashed.abs_diff(expected) <= expected / 1_000_000_000, "slashed {slashed}, expected {expected}");
		assert_eq!(pallet_staking::Ledger::<Runtime>::get(&bob).unwrap().active, VALIDATOR_BOND - slashed);
		// The other validators are untouched.
		for v in validators.iter().filter(|v| **v != bob) {
			assert_eq!(pallet_staking::Ledger::<Runtime>::get(v).unwrap().active, VALIDATOR_BOND);
		}
	});
}
