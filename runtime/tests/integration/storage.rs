//! The storage pallet in the real runtime: providers register with a held stake, a file is paid for from the real
//! fee schedule and placed on six of them, its encoding confirmed with real shard roots, acknowledged, and a BABE-
//! driven challenge round answered with real sector proofs and paid from the pool — all through signed
//! transactions and every transaction extension. The `StorageApi` view agrees.

use crate::common::*;
use frame_support::traits::fungible::{Inspect, InspectHold};
use codec::Encode;
use frame_support::traits::Get;
use sp_core::H256;
use sp_keyring::Sr25519Keyring::{self, Alice, Bob, Charlie, Dave, Eve, Ferdie};
use zg_primitives::storage::{
	erasure, file_root,
	host::{runtime_decl_for_storage_api::StorageApiV2, FileStatus},
	merkle_proof, sector_leaf, ErasureParams, SECTOR_SIZE,
};
use zg_runtime::{currency::ZG, AccountId, Balance, Balances, Runtime, RuntimeCall, RuntimeEvent, Storage, System};

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
		submit_ok(Alice, storage(StorageCall::submit_file { root, size, periods, encoder: Bob.to_account_id() }));
		assert_eq!(Balances::balance(&pool), pool_before + fee, "the fee is in the pool");

		let view = Storage::file_view(root).expect("the runtime API sees the file");
		assert_eq!(view.state, FileStatus::Pending);
		assert_eq!(view.fee, fee);
		assert_eq!(view.layout.size, size);
		assert_eq!(view.layout.params, ErasureParams::DEFAULT);
		// What the node that received the upload encodes it with before the submission lands: the same code.
		let ahead = <Runtime as StorageApiV2<zg_runtime::Block, AccountId, Balance>>::erasure_params();
		assert_eq!(ahead, view.layout.params);
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

/// Hole 5: some calls could never be included (their weight at the runtime's bounds exceeded a block) and the
/// hook could fill a block with mandatory work. Every call's declared weight at the runtime's bounds must fit
/// its class's `max_extrinsic`, and the hook's worst case must leave the whole normal-class share of the block.
#[test]
fn every_storage_call_and_hook_fits_a_block_at_the_runtime_bounds() {
	use frame_support::traits::{GetCallName, Hooks};
	use pallet_zg_storage::{EncodingFraudProof, RetrievalKey, SectorOpening, WeightInfo};
	type Config = Runtime;
	type W = <Runtime as pallet_zg_storage::Config>::WeightInfo;
	ext_from_preset("development").execute_with(|| {
		<Storage as Hooks<u32>>::integrity_test();
		let k = ErasureParams::DEFAULT.data_shards as usize;
		let sector = || -> pallet_zg_storage::SectorData { vec![0u8; SECTOR_SIZE].try_into().expect("one sector") };
		let path = || -> pallet_zg_storage::MerklePath {
			vec![H256::zero(); zg_primitives::storage::MAX_PROOF_LEN].try_into().expect("max path")
		};
		let max_shards = <<Config as pallet_zg_storage::Config>::MaxShards as Get<u32>>::get() as usize;
		let calls: Vec<StorageCall> = vec![
			StorageCall::register_provider { peer_id: vec![0; 64], capacity: u64::MAX, stake: u128::MAX },
			StorageCall::deregister_provider {},
			StorageCall::withdraw_stake {},
			StorageCall::submit_file { root: H256::zero(), size: u64::MAX, periods: u32::MAX, encoder: Alice.to_account_id() },
			StorageCall::confirm_encoding { root: H256::zero(), shard_roots: vec![H256::zero(); max_shards].try_into().expect("max") },
			StorageCall::acknowledge_shard { root: H256::zero(), shard: 0 },
			StorageCall::extend_file { root: H256::zero(), periods: u32::MAX },
			StorageCall::delete_file { root: H256::zero() },
			StorageCall::submit_proof { sector_data: sector(), proof: path() },
			StorageCall::report_bad_encoding {
				root: H256::zero(),
				fraud_proof: EncodingFraudProof::ParitySector {
					shard: k as u32,
					sector: 0,
					parity_leaf: H256::zero(),
					parity_proof: path(),
					data: vec![SectorOpening { data: sector(), proof: path() }; max_shards].try_into().expect("max"),
				},
			},
			StorageCall::commit_fraud_report { commitment: H256::zero() },
			StorageCall::choose_encoder { root: H256::zero(), encoder: Alice.to_account_id() },
			StorageCall::challenge_retrieval { root: H256::zero(), shard: 0, sector: 0 },
			StorageCall::answer_retrieval {
				key: RetrievalKey { file: H256::zero(), shard: 0, sector: 0 },
				sector_data: sector(),
				proof: path(),
			},
		];
		// Every call of the pallet is checked: a new one must be added here.
		assert_calls_fit_the_block(&calls, StorageCall::get_call_names());

		// The hook: idle + opening a round over every provider, + the budget for queued work.
		let providers = <<Config as pallet_zg_storage::Config>::MaxProviders as Get<u32>>::get();
		let hook = W::on_initialize_idle()
			.saturating_add(W::open_round(providers))
			.saturating_add(<<Config as pallet_zg_storage::Config>::MaxHookWeight as Get<frame_support::weights::Weight>>::get());
		assert_hook_leaves_the_normal_class("the storage hook", hook);
	});
}

/// Hole 6: `submit_proof` was a normal-class call without a tip, so on a busy chain it ranked about 1/3,000
/// of a transfer and honest providers missed challenges. Providers' duties are now operational: in a pool full
/// of transfers that each tip their whole fee, a proof (and an acknowledgement, a confirmation, a retrieval
/// answer) still ranks first, and has block room the normal class cannot take.
#[test]
fn storage_duties_outrank_a_pool_full_of_tipping_transfers() {
	use frame_support::dispatch::{DispatchClass, GetDispatchInfo};
	use sp_runtime::transaction_validity::TransactionSource;
	ext_from_preset("development").execute_with(|| {
		next_block();
		let parent = System::parent_hash();
		let validate = |xt| {
			zg_runtime::Executive::validate_transaction(TransactionSource::External, xt, parent)
				.expect("valid in the pool")
				.priority
		};
		let transfer = |tip| {
			RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive { dest: Bob.to_account_id().into(), value: ZG })
				.pipe(|call| signed_tx(Alice, call, tip))
		};
		let transfer_fee = pallet_transaction_payment::Pallet::<Runtime>::query_info(transfer(0), transfer(0).encoded_size() as u32).partial_fee;
		// The pool: transfers tipping from nothing up to their whole fee, and ten times it.
		let best_transfer = [0, transfer_fee / 10, transfer_fee, 10 * transfer_fee]
			.into_iter()
			.map(|tip| validate(transfer(tip)))
			.max()
			.expect("transfers");
		let proof = storage(StorageCall::submit_proof {
			sector_data: vec![0u8; SECTOR_SIZE].try_into().expect("one sector"),
			proof: Default::default(),
		});
		assert_eq!(proof.get_dispatch_info().class, DispatchClass::Operational);
		// A duty that is not due is refused from the pool outright: Charlie has no challenge yet.
		let refused = zg_runtime::Executive::validate_transaction(
			TransactionSource::External,
			signed_tx(Charlie, proof.clone(), 0),
			parent,
		);
		assert_eq!(
			refused,
			Err(sp_runtime::transaction_validity::InvalidTransaction::Custom(
				pallet_zg_storage::DutyRefusal::NoOpenChallenge as u8
			)
			.into())
		);
		// Make each duty due for Charlie: an open challenge, a shard of an encoded file assigned to it, a pending
		// file whose owner chose it as encoder.
		let charlie = Charlie.to_account_id();
		let now = System::block_number();
		pallet_zg_storage::Challenges::<Runtime>::insert(
			&charlie,
			pallet_zg_storage::OpenChallenge { round: 0, file: H256::zero(), shard: 0, sector: 0, deadline: now + 5 },
		);
		let file = |state, root: Option<H256>| pallet_zg_storage::FileInfo {
			owner: Alice.to_account_id(),
			size: 1,
			params: ErasureParams::DEFAULT,
			state,
			encoder: root.map(|_| charlie.clone()),
			chosen_encoder: charlie.clone(),
			deadline: Some(now + 5),
			shards: vec![pallet_zg_storage::Shard { provider: charlie.clone(), root, acknowledged: false }]
				.try_into()
				.expect("one shard"),
			fee: 0,
			paid_out: 0,
			start_round: 1,
			periods: 1,
		};
		pallet_zg_storage::Files::<Runtime>::insert(H256::repeat_byte(1), file(pallet_zg_storage::FileState::Encoded, Some(H256::zero())));
		pallet_zg_storage::Files::<Runtime>::insert(H256::repeat_byte(2), file(pallet_zg_storage::FileState::Pending, None));
		let duties = [
			proof,
			storage(StorageCall::acknowledge_shard { root: H256::repeat_byte(1), shard: 0 }),
			storage(StorageCall::confirm_encoding { root: H256::repeat_byte(2), shard_roots: Default::default() }),
		];
		for duty in duties {
			let priority = validate(signed_tx(Charlie, duty.clone(), 0));
			assert!(
				priority > best_transfer,
				"{duty:?}: priority {priority} does not beat a transfer tipping 10× its fee ({best_transfer})"
			);
			assert_eq!(priority, u64::MAX, "a due duty has the highest priority there is");
			println!("duty/best transfer priority ratio: {:.1}", priority as f64 / best_transfer as f64);
		}
		// Priorities saturate: the tip at which a transfer ties with a duty (arrival order then decides).
		let saturating_tip = (0..40u32)
			.map(|e| 10u128.pow(e))
			.find(|tip| validate(transfer(*tip)) == u64::MAX)
			.expect("a tip saturates");
		println!(
			"a transfer ties with a duty from a tip of {saturating_tip} planck ({:.4} ZG, {:.0}× its fee)",
			saturating_tip as f64 / ZG as f64,
			saturating_tip as f64 / transfer_fee as f64
		);
	});
}

/// Signs `call` from `signer` as an off-chain worker does (the runtime's `worker_tx_extension`).
fn worker_signed(signer: Sr25519Keyring, call: RuntimeCall) -> zg_runtime::UncheckedExtrinsic {
	let nonce = System::account_nonce(signer.to_account_id());
	signed_with(signer, call, zg_runtime::configs::offchain::worker_tx_extension(nonce))
}

/// The CI failure of storage.test.mjs (d): two honest providers missed a challenge and were slashed. Their
/// first proofs reached no block (a fork at the round's first block; peers that validated them late or refused
/// them), and the workers' resends two and four blocks later were refused by their own pools, which still held
/// the first copies under the same nonce at the same, highest priority, for the 256 blocks of a worker
/// transaction's era. What the pool does with these lifetimes is shown
/// with sc-transaction-pool itself in zg-node (`duty_pool_tests`); this checks the lifetimes the runtime gives: a
/// due storage duty, and any other worker transaction, lives two blocks in a pool.
#[test]
fn worker_transactions_leave_the_pools_soon_so_that_their_resends_get_in() {
	use sp_runtime::transaction_validity::TransactionSource;
	ext_from_preset("development").execute_with(|| {
		for _ in 0..3 {
			next_block();
		}
		let parent = System::parent_hash();
		let validate = |xt| {
			zg_runtime::Executive::validate_transaction(TransactionSource::Local, xt, parent).expect("valid in the pool")
		};
		let charlie = Charlie.to_account_id();
		let now = System::block_number();
		pallet_zg_storage::Challenges::<Runtime>::insert(
			&charlie,
			pallet_zg_storage::OpenChallenge { round: 0, file: H256::zero(), shard: 0, sector: 0, deadline: now + 6 },
		);
		let proof = storage(StorageCall::submit_proof {
			sector_data: vec![0u8; SECTOR_SIZE].try_into().expect("one sector"),
			proof: Default::default(),
		});
		let due = validate(worker_signed(Charlie, proof.clone()));
		assert_eq!(due.priority, pallet_zg_storage::DUTY_PRIORITY);
		assert_eq!(due.longevity, pallet_zg_storage::DUTY_LONGEVITY);
		assert_eq!(due.longevity, 2, "a due duty is dropped from a pool two blocks after it was validated");
		// The same duty from a user's immortal transaction lives two blocks too: it is the duty that is short-lived.
		assert_eq!(validate(signed_tx(Charlie, proof, 0)).longevity, 2);
		// Any other transaction of a worker: its era, four blocks from the parent of the block the worker ran on,
		// leaves it two once validated for the next block (it can be in either of the next two blocks).
		let remark = RuntimeCall::System(frame_system::Call::remark { remark: vec![1] });
		assert_eq!(validate(worker_signed(Charlie, remark.clone())).longevity, 2);
		assert_eq!(zg_runtime::configs::offchain::WORKER_MORTALITY, 4);
		// A user's transaction keeps the era it chose (here immortal: it lives until the last block number).
		// (Each validation initializes the block after the current one, as the pool's does.)
		let validated_for = u64::from(System::block_number() + 1);
		assert_eq!(validate(signed_tx(Charlie, remark, 0)).longevity, u64::MAX - validated_for);
	});
}

trait Pipe: Sized {
	fn pipe<R>(self, f: impl FnOnce(Self) -> R) -> R {
		f(self)
	}
}
impl<T> Pipe for T {}
