//! Benchmarks of every call and every task of `on_initialize`, each at its worst case within the runtime's bounds:
//! a full signer list, the most rows, the largest batch with every blob of another epoch and certified by the
//! call, a committee of `Slots` distinct signers paid at expiry, the slashing path. The custody answer verifies
//! a real cell (`zg_primitives::da::SAMPLE_CELL`: the runtime cannot compute cells) through the host function.

use super::*;
use crate::Pallet as Da;
use alloc::{vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::traits::{fungible::Mutate, Get};
use frame_system::RawOrigin;
use zg_primitives::da::{custody, rows_for, sample_cell, DATA_PER_ROW};

const SEED: u32 = 0;

fn rich<T: Config>() -> BalanceOf<T> {
	T::MinSignerStake::get().max(T::Currency::minimum_balance()).saturating_mul(1_000_000u32.into())
}

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, SEED);
	T::Currency::set_balance(&who, rich::<T>());
	who
}

fn peer<T: Config>(index: u32) -> BoundedVec<u8, T::MaxPeerIdLen> {
	let mut id = b"bench-peer-".to_vec();
	id.extend_from_slice(&index.to_le_bytes());
	id.resize(T::MaxPeerIdLen::get() as usize, b'x');
	id.try_into().expect("fits exactly")
}

/// Registers `n` signers (0..n) with the minimum stake.
fn signers<T: Config>(n: u32) -> Vec<T::AccountId> {
	(0..n)
		.map(|i| {
			let who = funded::<T>("signer", i);
			Da::<T>::do_register(who.clone(), T::MinSignerStake::get(), peer::<T>(i)).expect("registers");
			who
		})
		.collect()
}

fn committee_of<T: Config>(epoch: EpochIndex, holders: &[T::AccountId]) {
	let slots = T::Slots::get() as usize;
	let committee: Vec<T::AccountId> = (0..slots).map(|s| holders[s % holders.len()].clone()).collect();
	Committees::<T>::insert(epoch, BoundedVec::try_from(committee).expect("Slots entries"));
}

/// A pending blob of `rows` rows in `epoch`, submitted by `submitter` with its fee held.
fn blob<T: Config>(submitter: &T::AccountId, epoch: EpochIndex, rows: u32) -> BlobId {
	let (commitment, ..) = sample_cell();
	let size = ((rows as u64) * DATA_PER_ROW as u64).min(T::MaxBlobSize::get());
	let fee = Da::<T>::fee_for(size).expect("a valid size");
	T::Currency::hold(&HoldReason::BlobFee.into(), submitter, fee).expect("funded");
	let id = NextBlobId::<T>::get();
	NextBlobId::<T>::put(id + 1);
	let now = frame_system::Pallet::<T>::block_number();
	let due = now.saturating_add(T::AttestWindow::get());
	Commitments::<T>::insert(id, BoundedVec::try_from(vec![commitment; rows as usize]).expect("rows fit"));
	Blobs::<T>::insert(
		id,
		BlobInfo {
			submitter: submitter.clone(),
			namespace: 1,
			size,
			data_root: H256::repeat_byte(7),
			epoch,
			submitted_at: now,
			deadline: due,
			expires_at: due.saturating_add(T::Retention::get()),
			fee,
			held: fee,
			status: BlobStatus::Pending,
			attested: 0,
			disperser: peer::<T>(u32::MAX),
		},
	);
	id
}

/// A custody chain for benchmarks: its secret of `epoch` (the chain's top is at epoch `2 · MAX_GAP`).
fn secret(epoch: EpochIndex) -> [u8; 32] {
	custody::secret_of(&[42; 32], 2 * custody::MAX_GAP, epoch).expect("below the top")
}

/// Commits `who` to the benchmark chain with its first secret epoch at `epoch`.
fn anchor<T: Config>(who: &T::AccountId, epoch: EpochIndex) {
	CustodyAnchors::<T>::insert(who, CustodyAnchor { epoch, image: custody::step(&secret(epoch)) });
}

/// The bits of the slots a quorum needs, minus the first.
fn all_but_one_of_quorum<T: Config>() -> u128 {
	let slots = T::Slots::get();
	let quorum = (2 * slots).div_ceil(3);
	let mut mask = 0u128;
	for s in 1..quorum {
		mask |= 1 << s;
	}
	mask
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_signer() {
		signers::<T>(T::MaxSigners::get() - 1);
		let who = funded::<T>("new", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), T::MinSignerStake::get(), peer::<T>(u32::MAX - 1));
		assert!(Signers::<T>::contains_key(&who));
	}

	#[benchmark]
	fn bond_more() {
		let who = signers::<T>(1).remove(0);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), T::MinSignerStake::get());
		assert!(Signers::<T>::get(&who).expect("a signer").stake > T::MinSignerStake::get());
	}

	#[benchmark]
	fn deregister() {
		let who = signers::<T>(1).remove(0);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));
		assert!(Signers::<T>::get(&who).expect("a signer").unbonding_at.is_some());
	}

	#[benchmark]
	fn withdraw_stake() {
		let list = signers::<T>(T::MaxSigners::get());
		let who = list[0].clone();
		Da::<T>::deregister(RawOrigin::Signed(who.clone()).into()).expect("deregisters");
		frame_system::Pallet::<T>::set_block_number(T::UnbondingPeriod::get().saturating_add(1u32.into()));
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));
		assert!(!Signers::<T>::contains_key(&who));
	}

	#[benchmark]
	fn submit_blob(r: Linear<1, { T::MaxRows::get() }>) {
		let list = signers::<T>(1);
		let now = frame_system::Pallet::<T>::block_number();
		committee_of::<T>(Da::<T>::epoch_of(now), &list);
		let who = funded::<T>("submitter", 0);
		let (commitment, ..) = sample_cell();
		let size = (r as u64 - 1) * DATA_PER_ROW as u64 + 1;
		let commitments = BoundedVec::try_from(vec![commitment; r as usize]).expect("rows fit");
		#[extrinsic_call]
		_(RawOrigin::Signed(who), 1, size, H256::repeat_byte(1), commitments, peer::<T>(7));
		assert_eq!(NextBlobId::<T>::get(), 1);
	}

	/// `n` blobs, each of another epoch (a committee read each), each certified by this attestation.
	#[benchmark]
	fn attest(n: Linear<1, { T::MaxAttestBatch::get() }>) {
		let list = signers::<T>(2);
		anchor::<T>(&list[0], 0);
		let submitter = funded::<T>("submitter", 0);
		let ids: Vec<BlobId> = (0..n)
			.map(|epoch| {
				// The caller holds slot 0; the other slots of a quorum have attested.
				let mut holders = vec![list[1].clone(); T::Slots::get() as usize];
				holders[0] = list[0].clone();
				Committees::<T>::insert(epoch, BoundedVec::try_from(holders).expect("Slots entries"));
				let id = blob::<T>(&submitter, epoch, 1);
				Blobs::<T>::mutate(id, |b| {
					if let Some(b) = b {
						b.attested = all_but_one_of_quorum::<T>();
					}
				});
				// Their roots: all but one slot of the list taken.
				let roots: Vec<(T::AccountId, H256)> =
					(1..T::Slots::get()).map(|i| (account("other", i, SEED), H256::repeat_byte(3))).collect();
				CustodyRoots::<T>::insert(id, BoundedVec::truncate_from(roots));
				id
			})
			.collect();
		let batch = BoundedVec::try_from(ids.iter().map(|id| (*id, H256::repeat_byte(3))).collect::<Vec<_>>())
			.expect("batch fits");
		#[extrinsic_call]
		_(RawOrigin::Signed(list[0].clone()), batch);
		for id in ids {
			assert!(matches!(Blobs::<T>::get(id).expect("a blob").status, BlobStatus::Certified { .. }));
		}
	}

	/// The worst answer: the signer holds every slot (the deepest custody tree), its secret is `MAX_GAP` chain
	/// steps from what the chain knows, and the cell is a real one checked through the host function.
	#[benchmark]
	fn answer_challenge() {
		let list = signers::<T>(1);
		let submitter = funded::<T>("submitter", 0);
		let (_, proof, column, cell) = sample_cell();
		let epoch = custody::MAX_GAP;
		committee_of::<T>(epoch, &list);
		let id = blob::<T>(&submitter, epoch, T::MaxRows::get());
		anchor::<T>(&list[0], epoch + 1 - custody::MAX_GAP);
		let columns = Da::<T>::columns_of(&Committees::<T>::get(epoch).expect("drawn"), &list[0]);
		let count = rows_for(Blobs::<T>::get(id).expect("a blob").size) as usize * columns.len();
		let index = custody::leaf_index(&columns, 0, column).expect("held") as usize;
		let mut leaves: Vec<[u8; 32]> = (0..count as u32).map(|i| sp_io::hashing::blake2_256(&i.encode())).collect();
		leaves[index] = custody::leaf(&secret(epoch), id, 0, column, cell);
		// The caller's root last in a full list.
		let mut roots: Vec<(T::AccountId, H256)> =
			(1..T::Slots::get()).map(|i| (account("other", i, SEED), H256::repeat_byte(3))).collect();
		roots.push((list[0].clone(), H256(custody::root(&leaves))));
		CustodyRoots::<T>::insert(id, BoundedVec::truncate_from(roots));
		let path: Vec<H256> = custody::path(&leaves, index).into_iter().map(H256).collect();
		let due = frame_system::Pallet::<T>::block_number().saturating_add(T::ResponseWindow::get());
		Challenges::<T>::insert(&list[0], Challenge { blob: id, cell: CellIndex { row: 0, column }, deadline: due });
		let cell = BoundedVec::try_from(cell.to_vec()).expect("a cell");
		#[extrinsic_call]
		_(RawOrigin::Signed(list[0].clone()), cell, proof, H256(secret(epoch)), path.try_into().expect("fits"));
		assert!(!Challenges::<T>::contains_key(&list[0]));
		assert_eq!(CustodyAnchors::<T>::get(&list[0]).expect("anchored").epoch, epoch + 1);
	}

	#[benchmark]
	fn commit_custody() {
		let who = signers::<T>(1).remove(0);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), 0, H256(custody::step(&secret(0))));
		assert!(CustodyAnchors::<T>::contains_key(&who));
	}

	/// A reveal `MAX_GAP` steps from what the chain knows.
	#[benchmark]
	fn reveal_custody() {
		let who = signers::<T>(1).remove(0);
		anchor::<T>(&who, 0);
		let epoch = custody::MAX_GAP - 1;
		frame_system::Pallet::<T>::set_block_number(Da::<T>::reveal_at(epoch));
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), epoch, H256(secret(epoch)));
		assert_eq!(CustodyAnchors::<T>::get(&who).expect("anchored").epoch, epoch + 1);
	}

	/// A leak `MAX_GAP` steps from what the chain knows: reward paid, the rest burnt.
	#[benchmark]
	fn report_leak() {
		let who = signers::<T>(1).remove(0);
		let reporter = funded::<T>("reporter", 0);
		anchor::<T>(&who, 0);
		let epoch = custody::MAX_GAP - 1;
		#[extrinsic_call]
		_(RawOrigin::Signed(reporter), who.clone(), epoch, H256(secret(epoch)));
		assert!(Signers::<T>::get(&who).expect("a signer").stake < T::MinSignerStake::get());
	}

	#[benchmark]
	fn keep() {
		let list = signers::<T>(1);
		let submitter = funded::<T>("submitter", 0);
		let id = blob::<T>(&submitter, 0, T::MaxRows::get());
		Blobs::<T>::mutate(id, |b| {
			if let Some(b) = b {
				b.status = BlobStatus::Certified { at: Zero::zero() };
			}
		});
		// The storage network's part (`StoredFiles::store`) is charged with its own weight.
		#[block]
		{
			let _ = Da::<T>::do_keep(submitter.clone(), id, 1, list[0].clone());
		}
	}

	/// The committee draw over `n` registered signers.
	#[benchmark]
	fn draw_committee(n: Linear<1, { T::MaxSigners::get() }>) {
		signers::<T>(n);
		let now = frame_system::Pallet::<T>::block_number();
		#[block]
		{
			Da::<T>::ensure_committee(now);
		}
		assert!(Committees::<T>::contains_key(Da::<T>::epoch_of(now)));
	}

	/// The heavier deadline: no certificate (burn, refund, commitments of the most rows pruned).
	#[benchmark]
	fn deadline() {
		let submitter = funded::<T>("submitter", 0);
		let id = blob::<T>(&submitter, 0, T::MaxRows::get());
		let at = Blobs::<T>::get(id).expect("a blob").deadline;
		#[block]
		{
			Da::<T>::deadline(id, at);
		}
		assert_eq!(Blobs::<T>::get(id).expect("a blob").status, BlobStatus::Unavailable);
	}

	/// Expiry of a certified blob whose slots are held by `n` distinct signers, all paid.
	#[benchmark]
	fn expire(n: Linear<1, { T::Slots::get() }>) {
		let list = signers::<T>(n.min(T::MaxSigners::get()));
		committee_of::<T>(0, &list);
		let submitter = funded::<T>("submitter", 0);
		let id = blob::<T>(&submitter, 0, T::MaxRows::get());
		let roots: Vec<_> = list.iter().map(|who| (who.clone(), H256::repeat_byte(3))).collect();
		CustodyRoots::<T>::insert(id, BoundedVec::truncate_from(roots));
		Blobs::<T>::mutate(id, |b| {
			if let Some(b) = b {
				b.status = BlobStatus::Certified { at: Zero::zero() };
				b.attested = u128::MAX >> (128 - T::Slots::get());
			}
		});
		#[block]
		{
			Da::<T>::expire(id);
		}
		assert!(!Blobs::<T>::contains_key(id));
	}

	#[benchmark]
	fn challenge_missed() {
		let list = signers::<T>(1);
		let now = frame_system::Pallet::<T>::block_number();
		Challenges::<T>::insert(&list[0], Challenge { blob: 0, cell: CellIndex { row: 0, column: 0 }, deadline: now });
		#[block]
		{
			Da::<T>::answer_due(&list[0], now);
		}
		assert!(Signers::<T>::get(&list[0]).expect("a signer").failed_at.is_some());
	}

	/// One signer's turn in the challenge round, with a certified blob of the most rows to challenge, its epoch's
	/// secrets revealable.
	#[benchmark]
	fn issue_challenge() {
		let list = signers::<T>(1);
		committee_of::<T>(0, &list);
		let submitter = funded::<T>("submitter", 0);
		let id = blob::<T>(&submitter, 0, T::MaxRows::get());
		Blobs::<T>::mutate(id, |b| {
			if let Some(b) = b {
				b.status = BlobStatus::Certified { at: Zero::zero() };
				b.attested = u128::MAX >> (128 - T::Slots::get());
			}
		});
		let now = Da::<T>::reveal_at(0);
		frame_system::Pallet::<T>::set_block_number(now);
		#[block]
		{
			Da::<T>::issue_challenges(now);
		}
		assert!(Challenges::<T>::contains_key(&list[0]));
	}

	impl_benchmark_test_suite!(Da, crate::mock::new_test_ext(), crate::mock::Test);
}
