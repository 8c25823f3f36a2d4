//! Data availability in the real runtime: signers register with held stake, the next DA epoch's committee is drawn
//! from BABE's randomness, a blob with real KZG commitments is paid from the real fee schedule and certified by
//! attestations, and a custody challenge picked from the parent block's randomness is answered with a real cell
//! verified through the `zg_da` host function — all through signed transactions and every transaction extension.
//! Every call and the hook fit the block at the runtime's bounds.

use crate::common::*;
use frame_support::traits::{fungible::InspectHold, Get, GetCallName, Hooks};
use sp_core::H256;
use sp_keyring::Sr25519Keyring::{self, Alice, Bob, Charlie};
use zg_primitives::da::{self, custody, kzg};
use zg_runtime::{Da, Runtime, RuntimeCall, RuntimeEvent};

type DaCall = pallet_zg_da::Call<Runtime>;
type DaEvent = pallet_zg_da::Event<Runtime>;
type W = <Runtime as pallet_zg_da::Config>::WeightInfo;
type C = Runtime;

fn da_call(call: DaCall) -> RuntimeCall {
	RuntimeCall::Da(call)
}

fn da_events() -> Vec<DaEvent> {
	events().into_iter().filter_map(|e| if let RuntimeEvent::Da(e) = e { Some(e) } else { None }).collect()
}

fn bound<G: Get<u32>>() -> usize {
	G::get() as usize
}

const SIGNERS: [Sr25519Keyring; 3] = [Alice, Bob, Charlie];

/// Signer `i`'s custody secret of `epoch`: a chain of seed `[i; 32]` whose top is at epoch 2,000.
fn secret(i: usize, epoch: u32) -> [u8; 32] {
	custody::secret_of(&[i as u8; 32], 2_000, epoch).expect("below the top")
}

#[test]
fn a_blob_is_certified_by_a_drawn_committee_and_custody_is_proven_with_a_real_cell() {
	ext_from_preset("development").execute_with(|| {
		next_block();
		let stake = zg_runtime::configs::da::MIN_SIGNER_STAKE;
		for (i, who) in SIGNERS.into_iter().enumerate() {
			submit_ok(
				who,
				da_call(DaCall::register_signer {
					stake,
					peer_id: format!("peer-{i}").into_bytes().try_into().expect("short"),
				}),
			);
			assert_eq!(
				zg_runtime::Balances::balance_on_hold(
					&zg_runtime::RuntimeHoldReason::Da(pallet_zg_da::HoldReason::SignerStake),
					&who.to_account_id()
				),
				stake
			);
			// Its node's worker commits to its chain of custody secrets.
			let (epoch, _) = Da::epoch_view();
			submit_ok(who, da_call(DaCall::commit_custody { epoch, image: H256(custody::step(&secret(i, epoch))) }));
		}
		// The committee of the next DA epoch is drawn at its first block, by stake among the three.
		let (epoch, start) = Da::epoch_view();
		let epoch_length = <<C as pallet_zg_da::Config>::EpochLength as Get<u32>>::get();
		assert_eq!(start, epoch * epoch_length);
		run_until(epoch_length + 2, "the next DA epoch", || Da::committee_view(epoch + 1).is_some());
		let committee = Da::committee_view(epoch + 1).expect("drawn");
		assert_eq!(committee.len(), zg_runtime::configs::da::SLOTS as usize);
		for who in SIGNERS {
			assert!(committee.contains(&who.to_account_id()), "each of three equal stakes holds slots");
		}

		// A real blob: two rows, their commitments, the data root.
		let data: Vec<u8> = (0..da::DATA_PER_ROW as u32 + 5_000).map(|i| (i * 7 + 3) as u8).collect();
		let rows: Vec<Vec<u8>> = (0..2).map(|r| da::pack_row(&data, r)).collect();
		let commitments: Vec<da::Commitment> = rows.iter().map(|r| kzg::commit(r).expect("commits")).collect();
		let root = zg_primitives::storage::file_root(&data);
		let fee = Da::fee_for(data.len() as u64).expect("a valid size");
		assert_eq!(fee, 2 * da::DATA_PER_ROW as u128 * zg_runtime::configs::da::MIN_BASE_FEE);
		submit_ok(
			Alice,
			da_call(DaCall::submit_blob {
				namespace: 42,
				size: data.len() as u64,
				data_root: root,
				commitments: commitments.clone().try_into().expect("two rows"),
				disperser: b"peer-0".to_vec().try_into().expect("short"),
			}),
		);
		let blob = 0;
		assert_eq!(Da::blob_view(blob).expect("submitted").status, b"pending".to_vec());
		assert_eq!(Da::commitments_view(blob), Some(commitments));

		// Every signer attests, with the custody root of its cells: the slots of all three are the whole committee.
		let cells: Vec<_> = rows.iter().map(|r| kzg::cells_and_proofs(r, 0).expect("cells")).collect();
		let blob_epoch = Da::blob_view(blob).expect("kept").epoch;
		let leaves = |i: usize, who: Sr25519Keyring| {
			let columns = Da::columns_of(&committee, &who.to_account_id());
			let mut leaves = Vec::new();
			for (row, (row_cells, _)) in cells.iter().enumerate() {
				for c in &columns {
					leaves.push(custody::leaf(&secret(i, blob_epoch), blob, row as u32, *c, &row_cells[*c as usize]));
				}
			}
			(columns, leaves)
		};
		for (i, who) in SIGNERS.into_iter().enumerate() {
			let root = H256(custody::root(&leaves(i, who).1));
			submit_ok(who, da_call(DaCall::attest { blobs: vec![(blob, root)].try_into().expect("one") }));
		}
		let view = Da::blob_view(blob).expect("kept");
		assert_eq!(view.status, b"certified".to_vec());
		assert_eq!(view.attested_slots, view.slots);

		// Custody: once the epoch's secrets may be revealed, wait for a challenge and answer it with the real cell,
		// checked by the host function, the secret and the cell's custody path.
		let mut answered = 0;
		let max_block = <Runtime as frame_system::Config>::BlockWeights::get().max_block;
		let now = frame_system::Pallet::<Runtime>::block_number();
		run_until(Da::reveal_at(blob_epoch) + 3 * epoch_length - now, "a challenge for each signer", || {
			// Blocks that staking's election fills (mandatory weight) take no transactions: answer in the next one.
			let mandatory = *frame_system::Pallet::<Runtime>::block_weight()
				.get(frame_support::dispatch::DispatchClass::Mandatory);
			if mandatory.ref_time() > max_block.ref_time() / 2 {
				return false;
			}
			for (i, who) in SIGNERS.into_iter().enumerate() {
				if let Some(challenge) = pallet_zg_da::Challenges::<Runtime>::get(who.to_account_id()) {
					assert!(frame_system::Pallet::<Runtime>::block_number() >= Da::reveal_at(blob_epoch));
					let (row, column) = (challenge.cell.row as usize, challenge.cell.column as usize);
					let (columns, leaves) = leaves(i, who);
					let index = custody::leaf_index(&columns, row as u32, column as u8).expect("its column");
					let path: Vec<H256> = custody::path(&leaves, index as usize).into_iter().map(H256).collect();
					// A wrong cell is refused first.
					let wrong = (column + 1) % 128;
					let refused = submit(
						who,
						da_call(DaCall::answer_challenge {
							cell: cells[row].0[wrong].clone().try_into().expect("a cell"),
							proof: cells[row].1[wrong],
							secret: H256(secret(i, blob_epoch)),
							path: path.clone().try_into().expect("fits"),
						}),
					);
					assert!(matches!(refused, Ok(Err(_))), "a wrong cell is refused: {refused:?}");
					submit_ok(
						who,
						da_call(DaCall::answer_challenge {
							cell: cells[row].0[column].clone().try_into().expect("a cell"),
							proof: cells[row].1[column],
							secret: H256(secret(i, blob_epoch)),
							path: path.try_into().expect("fits"),
						}),
					);
					assert!(da_events().iter().any(|e| matches!(e, DaEvent::ChallengeAnswered { .. })));
					answered += 1;
				}
			}
			answered >= SIGNERS.len()
		});
		assert!(pallet_zg_da::Challenges::<Runtime>::iter().next().is_none());
	});
}

/// Hooks and calls of a public chain must fit its blocks: each call at the runtime's bounds within its class's
/// `max_extrinsic` (checked against `get_call_names`), and the hook's worst case — the committee draw over the
/// most signers, a full queue of the heaviest task and a challenge round — leaving the whole normal class.
#[test]
fn every_da_call_and_hook_fits_a_block_at_the_runtime_bounds() {
	ext_from_preset("development").execute_with(|| {
		<Da as Hooks<u32>>::integrity_test();
		let calls: Vec<DaCall> = vec![
			DaCall::register_signer {
				stake: u128::MAX,
				peer_id: vec![0; bound::<<C as pallet_zg_da::Config>::MaxPeerIdLen>()].try_into().expect("max"),
			},
			DaCall::bond_more { amount: u128::MAX },
			DaCall::deregister {},
			DaCall::withdraw_stake {},
			DaCall::submit_blob {
				namespace: u64::MAX,
				size: u64::MAX,
				data_root: H256::zero(),
				commitments: vec![[0; 48]; bound::<<C as pallet_zg_da::Config>::MaxRows>()].try_into().expect("max"),
				disperser: vec![0; bound::<<C as pallet_zg_da::Config>::MaxPeerIdLen>()].try_into().expect("max"),
			},
			DaCall::attest {
				blobs: vec![(0, H256::zero()); bound::<<C as pallet_zg_da::Config>::MaxAttestBatch>()]
					.try_into()
					.expect("max"),
			},
			DaCall::answer_challenge {
				cell: vec![0; da::BYTES_PER_CELL].try_into().expect("a cell"),
				proof: [0; 48],
				secret: H256::zero(),
				path: vec![H256::zero(); custody::MAX_DEPTH as usize].try_into().expect("max"),
			},
			DaCall::commit_custody { epoch: u32::MAX, image: H256::zero() },
			DaCall::reveal_custody { epoch: u32::MAX, secret: H256::zero() },
			DaCall::report_leak { signer: Alice.to_account_id(), epoch: u32::MAX, secret: H256::zero() },
			DaCall::keep { blob: 0, periods: u32::MAX, encoder: Alice.to_account_id() },
		];
		assert_calls_fit_the_block(&calls, DaCall::get_call_names());

		use pallet_zg_da::WeightInfo;
		let due = <<C as pallet_zg_da::Config>::MaxDuePerBlock as Get<u32>>::get() as u64;
		let slots = <<C as pallet_zg_da::Config>::Slots as Get<u32>>::get();
		let signers = <<C as pallet_zg_da::Config>::MaxSigners as Get<u32>>::get();
		let per_block = <<C as pallet_zg_da::Config>::ChallengesPerBlock as Get<u32>>::get() as u64;
		let heaviest_task = W::deadline().max(W::expire(slots)).max(W::challenge_missed());
		assert_hook_leaves_the_normal_class(
			&format!("the DA hook (draw over {signers} signers, {due} due tasks, {per_block} challenges)"),
			W::draw_committee(signers)
				.saturating_add(heaviest_task.saturating_mul(due))
				.saturating_add(W::issue_challenge().saturating_mul(per_block)),
		);
		// What a certificate costs: attestations of a full committee of distinct signers, one blob each.
		let certificate = W::attest(1).saturating_mul(slots as u64 * 2 / 3 + 1);
		println!(
			"a certificate by {} distinct signers: {:.2} ms of attestations; per blob in batches of 16: {:.3} ms per signer",
			slots * 2 / 3 + 1,
			certificate.ref_time() as f64 / 1e9,
			W::attest(16).ref_time() as f64 / 16.0 / 1e9,
		);
	});
}
