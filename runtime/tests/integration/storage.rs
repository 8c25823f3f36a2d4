//! The storage pallet in the real runtime: providers register with a held stake, a file is paid for from the real
//! fee schedule and placed on six of them, its encoding confirmed with real shard roots, acknowledged, and a BABE-
//! driven challenge round answered with real sector proofs and paid from the pool — all through signed
//! transactions and every transaction extension. The `StorageApi` view agrees.

use crate::common::*;
use frame_support::traits::fungible::{Inspect, InspectHold};
use sp_core::H256;
use sp_keyring::Sr25519Keyring::{self, Alice, Bob, Charlie, Dave, Eve, Ferdie};
use zg_primitives::storage::{
	erasure, file_root, host::FileStatus, merkle_proof, sector_leaf, ErasureParams, SECTOR_SIZE,
};
use zg_runtime::{currency::ZG, Balances, Runtime, RuntimeCall, RuntimeEvent, Storage, System};

type StorageCall = pallet_zg_storage::Call<Runtime>;
type StorageEvent = pallet_zg_storage::Event<Runtime>;

const PROVIDERS: [Sr25519Keyring; 6] = [Alice, Bob, Charlie, Dave, Eve, Ferdie];

fn storage(call: StorageCall) -> RuntimeCall {
	RuntimeCall::Storage(call)
}

fn storage_events() -> Vec<StorageEvent> {
	events()
		.into_iter()
		.filter_map(|e| if let RuntimeEvent::Storage(e) = e { Some(e) } else { None })
		.collect()
}

fn keyring_of(who: &zg_runtime::AccountId) -> Sr25519Keyring {
	PROVIDERS.into_iter().find(|k| &k.to_account_id() == who).expect("a provider")
}

#[test]
fn a_file_is_paid_placed_encoded_stored_and_proven() {
	ext_from_preset("development").execute_with(|| {
		next_block();
		let stake = 2_000 * ZG;
		for (i, who) in PROVIDERS.into_iter().enumerate() {
			submit_ok(
				who,
				storage(StorageCall::register_provider {
					peer_id: format!("peer-{i}").into_bytes(),
					capacity: 1 << 30,
					stake,
				}),
			);
			assert_eq!(
				Balances::balance_on_hold(
					&zg_runtime::RuntimeHoldReason::Storage(pallet_zg_storage::HoldReason::ProviderStake),
					&who.to_account_id()
				),
				stake
			);
		}

		// A real 300 KiB file: two segments.
		let data: Vec<u8> = (0..300 * 1024u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
		let root = file_root(&data);
		let size = data.len() as u64;
		let periods = 5;
		let fee = Storage::quote(size, periods).expect("an acceptable file");
		let pool = Storage::pool_account();
		let pool_before = Balances::balance(&pool);
		submit_ok(Alice, storage(StorageCall::submit_file { root, size, periods }));
		assert_eq!(Balances::balance(&pool), pool_before + fee, "the fee is in the pool");

		let view = Storage::file_view(root).expect("the runtime API sees the file");
		assert_eq!(view.state, FileStatus::Pending);
		assert_eq!(view.fee, fee);
		assert_eq!(view.layout.size, size);
		assert_eq!(view.layout.params, ErasureParams::DEFAULT);
		let mut placed = view.providers.clone();
		placed.sort();
		placed.dedup();
		assert_eq!(placed.len(), 6, "six distinct providers");

		let shards = erasure::encode(&ErasureParams::DEFAULT, &data).expect("encodes");
		let roots = erasure::shard_roots(&shards);
		submit_ok(
			Bob,
			storage(StorageCall::confirm_encoding { root, shard_roots: roots.clone().try_into().expect("6 ≤ 32") }),
		);
		for (index, provider) in view.providers.iter().enumerate() {
			submit_ok(keyring_of(provider), storage(StorageCall::acknowledge_shard { root, shard: index as u32 }));
		}
		assert!(storage_events().contains(&StorageEvent::FileStored { root }));
		let view = Storage::file_view(root).expect("still there");
		assert_eq!(view.state, FileStatus::Stored);
		assert_eq!(view.layout.shards.iter().map(|s| s.root).collect::<Vec<_>>(), roots.into_iter().map(Some).collect::<Vec<_>>());
		assert_eq!(view.layout.encoder_peer, Some(b"peer-1".to_vec()));

		// The next round opens a challenge for every provider; each answers with the real sector and its path.
		let round = Storage::current_round() + 1;
		run_until(2 * zg_runtime::configs::storage::CHALLENGE_PERIOD, "the next challenge round", || {
			Storage::current_round() == round && pallet_zg_storage::Challenges::<Runtime>::iter().count() == 6
		});
		let reward = fee / (6 * periods as u128);
		for (who, challenge) in pallet_zg_storage::Challenges::<Runtime>::iter().collect::<Vec<_>>() {
			let shard = &shards[challenge.shard as usize];
			let leaves: Vec<H256> = shard.chunks(SECTOR_SIZE).map(sector_leaf).collect();
			let start = challenge.sector as usize * SECTOR_SIZE;
			let sector_data = shard[start..start + SECTOR_SIZE].to_vec().try_into().expect("one sector");
			let proof = merkle_proof(&leaves, challenge.sector).expect("in range").siblings.try_into().expect("short");
			let before = Balances::balance(&who);
			let signer = keyring_of(&who);
			let result = submit(signer, storage(StorageCall::submit_proof { sector_data, proof }));
			assert!(matches!(result, Ok(Ok(()))), "{who:?}'s proof: {result:?}");
			assert!(storage_events().contains(&StorageEvent::ProofAccepted { provider: who.clone(), round, reward }));
			assert!(Balances::balance(&who) > before, "the reward exceeds the transaction fee");
		}
		assert_eq!(Storage::file_view(root).expect("stored").paid_out, 6 * reward);

		// A forged answer is refused with a typed error, and nothing else changes.
		System::reset_events();
		let round = round + 1;
		run_until(2 * zg_runtime::configs::storage::CHALLENGE_PERIOD, "another challenge round", || {
			Storage::current_round() == round && pallet_zg_storage::Challenges::<Runtime>::iter().count() == 6
		});
		let (who, _) = pallet_zg_storage::Challenges::<Runtime>::iter().next().expect("challenged");
		let result = submit(
			keyring_of(&who),
			storage(StorageCall::submit_proof {
				sector_data: vec![0u8; SECTOR_SIZE].try_into().expect("one sector"),
				proof: Default::default(),
			}),
		);
		assert!(
			matches!(result, Ok(Err(e)) if e == pallet_zg_storage::Error::<Runtime>::InvalidProof.into()),
			"{result:?}"
		);
		assert!(pallet_zg_storage::Challenges::<Runtime>::contains_key(&who));
	});
}
