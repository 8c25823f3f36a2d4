//! Benchmarks of every call and of the `on_initialize` paths, each at its worst case: full shard lists, as
//! many providers as allowed, challenges to withdraw.
//!
//! Files are one byte long (one segment), so shard trees have `SECTORS_PER_SEGMENT / k` leaves; the cost of a
//! Merkle path grows with the logarithm of that and is small next to the storage accesses measured here.
//! `report_bad_encoding` is measured on the parity path (k sectors recomputed), which needs `m >= 1`.

use super::*;
use crate::Pallet as StoragePallet;
use alloc::{vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{Get, Hooks},
	weights::WeightMeter,
};
use frame_system::RawOrigin;
use sp_runtime::traits::One;
use zg_primitives::storage::{
	merkle_proof, merkle_root_of_leaves, sector_leaf, zero_sector_leaf, SECTOR_SIZE,
};

const SEED: u32 = 0;
/// Every test file is this long: one segment.
const FILE_SIZE: u64 = 1;
/// Capacity of benchmark providers: room for any number of shards.
const CAPACITY: u64 = 1 << 40;

/// The largest value a provider- or shard-count component is measured at: the runtime's bound itself, so the
/// weights need no extrapolation.
const fn bench_max(bound: u32) -> u32 {
	bound
}

fn n<T: Config>() -> u32 {
	T::ErasureParams::get().total_shards()
}

fn stake<T: Config>() -> BalanceOf<T> {
	T::MinProviderStake::get().max(T::Currency::minimum_balance())
}

/// Enough for a stake and any fee the benchmarks charge.
fn rich<T: Config>() -> BalanceOf<T> {
	let fee = StoragePallet::<T>::fee_for(&T::ErasureParams::get(), FILE_SIZE, 1_000).unwrap_or_default();
	stake::<T>()
		.saturating_add(T::Currency::minimum_balance())
		.saturating_mul(1_000u32.into())
		.saturating_add(fee)
}

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, SEED);
	T::Currency::set_balance(&who, rich::<T>());
	who
}

/// A stake that backs `CAPACITY`.
fn backing<T: Config>() -> BalanceOf<T> {
	stake::<T>().max(T::StakePerGiB::get().saturating_mul(((CAPACITY >> 30) as u32 + 1).into()))
}

/// The longest peer id, distinct per index.
fn peer_id<T: Config>(index: u32) -> Vec<u8> {
	let mut peer_id = vec![7u8; T::MaxPeerIdLen::get() as usize];
	peer_id[..4].copy_from_slice(&index.to_le_bytes());
	peer_id
}

/// A registered provider with room for any shard: its stake backs `CAPACITY` and it has a record that lets
/// placement give it all of it.
fn provider<T: Config>(index: u32) -> T::AccountId {
	let who = funded::<T>("provider", index);
	let stake = backing::<T>();
	T::Currency::set_balance(&who, rich::<T>().saturating_add(stake));
	StoragePallet::<T>::register_provider(RawOrigin::Signed(who.clone()).into(), peer_id::<T>(index), CAPACITY, stake)
		.expect("fresh funded provider");
	Providers::<T>::mutate(&who, |info| {
		if let Some(info) = info {
			info.proven = CAPACITY;
		}
	});
	who
}

fn providers<T: Config>(from: u32, count: u32) -> Vec<T::AccountId> {
	(from..from + count).map(provider::<T>).collect()
}

fn root_of(index: u32) -> H256 {
	H256(sp_crypto_hashing::keccak_256(&index.to_le_bytes()))
}

/// The leaves of a shard of a one-byte file: all-zero sectors, except sector 0 = `[b; 256]` if `first` is `Some(b)`.
fn shard_leaves<T: Config>(first: Option<u8>) -> Vec<H256> {
	let sectors = T::ErasureParams::get().shard_sectors(FILE_SIZE);
	(0..sectors)
		.map(|j| match first {
			Some(b) if j == 0 => sector_leaf(&[b; SECTOR_SIZE]),
			_ => zero_sector_leaf(),
		})
		.collect()
}

fn path(leaves: &[H256], index: u64) -> MerklePath {
	merkle_proof(leaves, index).expect("in range").siblings.try_into().expect("short path")
}

/// Writes a file straight into storage, shard `i` on `holders[i]`, with `roots` (if encoded) and every shard
/// acknowledged if `acknowledged`; the pool receives `fee`.
fn insert_file<T: Config>(
	root: H256,
	owner: &T::AccountId,
	holders: &[T::AccountId],
	roots: Option<&[H256]>,
	acknowledged: bool,
	fee: BalanceOf<T>,
) {
	let params = T::ErasureParams::get();
	let mut shards = BoundedVec::<Shard<T::AccountId>, T::MaxShards>::new();
	for (i, who) in holders.iter().enumerate() {
		StoragePallet::<T>::assign_shard(
			who,
			HeldShard {
				file: root,
				shard: i as u32,
				sectors: params.shard_sectors(FILE_SIZE),
				acknowledged,
			},
			params.shard_size(FILE_SIZE),
		)
		.expect("room for the shard");
		shards
			.try_push(Shard {
				provider: who.clone(),
				root: roots.and_then(|r| r.get(i).copied()),
				acknowledged,
			})
			.expect("n <= MaxShards");
	}
	let state = match (roots.is_some(), acknowledged) {
		(false, _) => FileState::Pending,
		(true, false) => FileState::Encoded,
		(true, true) => FileState::Stored,
	};
	let chosen_encoder = holders.first().cloned().expect("n > 0");
	if state == FileState::Pending {
		EncodeDuties::<T>::insert(&chosen_encoder, root, ());
	}
	let deadline = (state != FileState::Stored).then(|| frame_system::Pallet::<T>::block_number());
	let info = FileInfo {
		owner: owner.clone(),
		size: FILE_SIZE,
		params,
		state,
		encoder: roots.and(holders.first().cloned()),
		chosen_encoder,
		deadline,
		shards,
		fee,
		paid_out: Zero::zero(),
		start_round: StoragePallet::<T>::current_round().saturating_add(1),
		periods: 10,
	};
	Expiries::<T>::insert(info.end_round(), root, ());
	Files::<T>::insert(root, info);
	let pool = StoragePallet::<T>::pool_account();
	let balance = T::Currency::balance(&pool);
	T::Currency::set_balance(&pool, balance.saturating_add(fee));
}

/// Fills `who`'s shard list up to `MaxAssignmentsPerProvider - keep` with shards of files that do not exist, so
/// that list scans and writes are at their worst.
fn fill_list<T: Config>(who: &T::AccountId, keep: u32) {
	// Built in memory and written once: pushing through `assign_shard` one by one rereads the whole list each time.
	let max = T::MaxAssignmentsPerProvider::get().saturating_sub(keep);
	let mut list = ProviderShards::<T>::get(who);
	let before = list.len() as u32;
	let mut index = 0u32;
	while (list.len() as u32) < max {
		index += 1;
		let mut salt = who.encode();
		salt.extend_from_slice(&index.to_le_bytes());
		let held = HeldShard {
			file: H256(sp_crypto_hashing::keccak_256(&salt)),
			shard: 0,
			sectors: 1,
			acknowledged: false,
		};
		list.try_push(held).expect("below the maximum");
	}
	let added = list.len() as u32 - before;
	ProviderShards::<T>::insert(who, list);
	Providers::<T>::mutate(who, |info| {
		if let Some(info) = info {
			info.shards = info.shards.saturating_add(added);
		}
	});
}

/// The n roots of an encoding, every one of them the root of `shard_leaves(None)`.
fn zero_roots<T: Config>() -> Vec<H256> {
	vec![merkle_root_of_leaves(shard_leaves::<T>(None)); n::<T>() as usize]
}

fn challenge<T: Config>(who: &T::AccountId, file: H256, shard: u32) {
	let now = frame_system::Pallet::<T>::block_number();
	Challenges::<T>::insert(
		who,
		OpenChallenge {
			round: StoragePallet::<T>::current_round(),
			file,
			shard,
			sector: 0,
			deadline: now.saturating_add(T::ResponseWindow::get()),
		},
	);
	ChallengeDeadline::<T>::put(now.saturating_add(T::ResponseWindow::get()));
}

/// Moves to the first block of round `round`, without running hooks.
fn go_to_round<T: Config>(round: u32) -> BlockNumberFor<T> {
	let block = T::ChallengePeriod::get().saturating_mul(round.into());
	frame_system::Pallet::<T>::set_block_number(block);
	block
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_provider() {
		let caller = funded::<T>("caller", 0);
		let stake = backing::<T>();
		T::Currency::set_balance(&caller, rich::<T>().saturating_add(stake));

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), peer_id::<T>(0), CAPACITY, stake);

		assert!(Providers::<T>::contains_key(&caller));
	}

	#[benchmark]
	fn deregister_provider() {
		// The leaver holds a full list: the call no longer touches it (the hook hands it over).
		let holders = providers::<T>(0, n::<T>());
		let leaver = holders[0].clone();
		let owner = funded::<T>("owner", 0);
		insert_file::<T>(root_of(0), &owner, &holders, Some(&zero_roots::<T>()), true, Zero::zero());
		fill_list::<T>(&leaver, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(leaver.clone()));

		assert!(Evictions::<T>::contains_key(&leaver));
	}

	#[benchmark]
	fn withdraw_stake() {
		let who = provider::<T>(0);
		StoragePallet::<T>::deregister_provider(RawOrigin::Signed(who.clone()).into())
			.expect("holds nothing");
		let until = frame_system::Pallet::<T>::block_number().saturating_add(T::UnbondingPeriod::get());
		frame_system::Pallet::<T>::set_block_number(until);

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));

		assert!(!Providers::<T>::contains_key(&who));
	}

	#[benchmark]
	fn submit_file(p: Linear<{ n::<T>() }, { bench_max(T::MaxProviders::get()) }>) {
		providers::<T>(0, p);
		let owner = funded::<T>("owner", 0);
		let root = root_of(0);

		let encoder: T::AccountId = account("provider", 0, SEED);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), root, FILE_SIZE, 10, encoder);

		assert!(Files::<T>::contains_key(root));
	}

	#[benchmark]
	fn confirm_encoding() {
		let holders = providers::<T>(0, n::<T>());
		let owner = funded::<T>("owner", 0);
		let root = root_of(0);
		insert_file::<T>(root, &owner, &holders, None, false, Zero::zero());
		let roots: BoundedVec<H256, T::MaxShards> = zero_roots::<T>().try_into().expect("n <= MaxShards");

		#[extrinsic_call]
		_(RawOrigin::Signed(holders[0].clone()), root, roots);

		assert_eq!(Files::<T>::get(root).map(|f| f.state), Some(FileState::Encoded));
	}

	#[benchmark]
	fn acknowledge_shard() {
		// The last shard to be acknowledged, at the end of a full list.
		let holders = providers::<T>(0, n::<T>());
		let last = holders[holders.len() - 1].clone();
		fill_list::<T>(&last, 1);
		let owner = funded::<T>("owner", 0);
		let root = root_of(0);
		insert_file::<T>(root, &owner, &holders, Some(&zero_roots::<T>()), false, Zero::zero());
		for (i, who) in holders.iter().enumerate().take(holders.len() - 1) {
			StoragePallet::<T>::acknowledge_shard(RawOrigin::Signed(who.clone()).into(), root, i as u32)
				.expect("assigned");
		}

		#[extrinsic_call]
		_(RawOrigin::Signed(last), root, n::<T>() - 1);

		assert_eq!(Files::<T>::get(root).map(|f| f.state), Some(FileState::Stored));
	}

	#[benchmark]
	fn extend_file() {
		let holders = providers::<T>(0, n::<T>());
		let owner = funded::<T>("owner", 0);
		let root = root_of(0);
		insert_file::<T>(root, &owner, &holders, Some(&zero_roots::<T>()), true, Zero::zero());

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), root, 10);

		assert_eq!(Files::<T>::get(root).map(|f| f.periods), Some(20));
	}

	#[benchmark]
	fn delete_file() {
		let holders = providers::<T>(0, n::<T>());
		for who in &holders {
			fill_list::<T>(who, 1);
		}
		let owner = funded::<T>("owner", 0);
		let root = root_of(0);
		let fee = StoragePallet::<T>::fee_for(&T::ErasureParams::get(), FILE_SIZE, 10).unwrap_or_default();
		insert_file::<T>(root, &owner, &holders, Some(&zero_roots::<T>()), true, fee);
		for (i, who) in holders.iter().enumerate() {
			challenge::<T>(who, root, i as u32);
		}

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), root);

		assert!(!Files::<T>::contains_key(root));
	}

	#[benchmark]
	fn submit_proof(a: Linear<1, { bench_max(T::MaxAssignmentsPerProvider::get()) }>) {
		// The prover holds `a` acknowledged shards, each of a file it is paid for.
		let holders = providers::<T>(0, n::<T>());
		let owner = funded::<T>("owner", 0);
		let fee = StoragePallet::<T>::fee_for(&T::ErasureParams::get(), FILE_SIZE, 10).unwrap_or_default();
		for i in 0..a {
			insert_file::<T>(root_of(i), &owner, &holders, Some(&zero_roots::<T>()), true, fee);
		}
		go_to_round::<T>(1);
		let prover = holders[0].clone();
		challenge::<T>(&prover, root_of(0), 0);
		let data: SectorData = vec![0u8; SECTOR_SIZE].try_into().expect("one sector");
		let proof = path(&shard_leaves::<T>(None), 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(prover.clone()), data, proof);

		assert!(!Challenges::<T>::contains_key(&prover));
	}

	#[benchmark]
	fn report_bad_encoding() -> Result<(), BenchmarkError> {
		let params = T::ErasureParams::get();
		if params.parity_shards == 0 {
			return Err(BenchmarkError::Weightless);
		}
		let k = params.data_shards as usize;
		// Zero data shards, so zero parity — but parity shard k claims a non-zero sector 0.
		let zero = shard_leaves::<T>(None);
		let bad = shard_leaves::<T>(Some(1));
		let mut roots = zero_roots::<T>();
		roots[k] = merkle_root_of_leaves(bad.clone());
		let holders = providers::<T>(0, n::<T>());
		for who in &holders {
			fill_list::<T>(who, 1);
		}
		let owner = funded::<T>("owner", 0);
		let root = root_of(0);
		insert_file::<T>(root, &owner, &holders, Some(&roots), true, Zero::zero());
		for (i, who) in holders.iter().enumerate() {
			challenge::<T>(who, root, i as u32);
		}
		let data: BoundedVec<SectorOpening, T::MaxShards> = (0..k)
			.map(|_| SectorOpening {
				data: vec![0u8; SECTOR_SIZE].try_into().expect("one sector"),
				proof: path(&zero, 0),
			})
			.collect::<Vec<_>>()
			.try_into()
			.expect("k <= MaxShards");
		let fraud = EncodingFraudProof::ParitySector {
			shard: k as u32,
			sector: 0,
			parity_leaf: bad[0],
			parity_proof: path(&bad, 0),
			data,
		};
		let reporter = funded::<T>("reporter", 0);
		let commitment = StoragePallet::<T>::fraud_commitment(&reporter, root, &fraud);
		let now = frame_system::Pallet::<T>::block_number();
		FraudCommitments::<T>::insert(&reporter, (commitment, now));
		frame_system::Pallet::<T>::set_block_number(now.saturating_add(One::one()));

		#[extrinsic_call]
		_(RawOrigin::Signed(reporter), root, fraud);

		assert_eq!(Files::<T>::get(root).map(|f| f.state), Some(FileState::Pending));
		Ok(())
	}

	#[benchmark]
	fn on_initialize_idle() {
		// Not a round start, no deadline pending, expiries up to date.
		let block = go_to_round::<T>(2) + One::one();
		ExpiryCursor::<T>::put(3);

		#[block]
		{
			StoragePallet::<T>::on_initialize(block);
		}
	}

	#[benchmark]
	fn open_round(p: Linear<0, { bench_max(T::MaxProviders::get()) }>) {
		// Every provider holds a full list of acknowledged shards.
		for who in providers::<T>(0, p) {
			fill_list::<T>(&who, 0);
			ProviderShards::<T>::mutate(&who, |list| {
				for h in list.iter_mut() {
					h.acknowledged = true;
				}
			});
		}
		let block = go_to_round::<T>(1);

		#[block]
		{
			StoragePallet::<T>::open_round(block);
		}

		assert_eq!(Challenges::<T>::iter().count() as u32, p);
	}

	#[benchmark]
	fn miss_challenge() {
		let holders = providers::<T>(0, n::<T>());
		let owner = funded::<T>("owner", 0);
		let root = root_of(0);
		insert_file::<T>(root, &owner, &holders, Some(&zero_roots::<T>()), true, Zero::zero());
		go_to_round::<T>(1);
		challenge::<T>(&holders[0], root, 0);

		#[block]
		{
			StoragePallet::<T>::close_challenges(&mut WeightMeter::new());
		}

		assert_eq!(Providers::<T>::get(&holders[0]).map(|p| p.misses), Some(1));
	}

	#[benchmark]
	fn reassign_shard(p: Linear<{ n::<T>() + 1 }, { bench_max(T::MaxProviders::get()) }>) {
		// One step of the repair queue: an evicted provider with a full list hands its first shard to one of
		// `p` providers.
		let all = providers::<T>(0, p);
		let holders = &all[..n::<T>() as usize];
		let from = holders[0].clone();
		let owner = funded::<T>("owner", 0);
		let root = root_of(0);
		insert_file::<T>(root, &owner, holders, Some(&zero_roots::<T>()), true, Zero::zero());
		fill_list::<T>(&from, 0);
		Evictions::<T>::insert(&from, Eviction::Leaving);
		let unit = T::WeightInfo::reassign_shard(T::MaxProviders::get());

		#[block]
		{
			StoragePallet::<T>::run_repairs(&mut WeightMeter::with_limit(unit));
		}

		assert!(Files::<T>::get(root).is_some_and(|f| f.shards[0].provider != from));
	}

	#[benchmark]
	fn expire_files(f: Linear<0, { T::MaxExpiriesPerBlock::get() }>) {
		let holders = providers::<T>(0, n::<T>());
		for who in &holders {
			fill_list::<T>(who, f);
		}
		let owner = funded::<T>("owner", 0);
		let fee = StoragePallet::<T>::fee_for(&T::ErasureParams::get(), FILE_SIZE, 10).unwrap_or_default();
		for i in 0..f {
			insert_file::<T>(root_of(i), &owner, &holders, Some(&zero_roots::<T>()), true, fee);
		}
		// Every file was inserted in round 0 for 10 rounds: it expires when round 11 starts.
		let block = go_to_round::<T>(11);
		ExpiryCursor::<T>::put(11);

		#[block]
		{
			StoragePallet::<T>::expire_due(block, &mut WeightMeter::new());
		}

		assert_eq!(Files::<T>::iter().count(), 0);
	}

	#[benchmark]
	fn skip_expiry_rounds(r: Linear<0, { T::MaxExpiriesPerBlock::get() }>) {
		let round = r + 2;
		let block = go_to_round::<T>(round);
		ExpiryCursor::<T>::put(u64::from(round + 1 - r));

		#[block]
		{
			StoragePallet::<T>::expire_due(block, &mut WeightMeter::new());
		}

		assert_eq!(ExpiryCursor::<T>::get(), Some(u64::from(round) + 1));
	}

	#[benchmark]
	fn commit_fraud_report() {
		let reporter = funded::<T>("reporter", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(reporter.clone()), H256::repeat_byte(1));

		assert!(FraudCommitments::<T>::contains_key(&reporter));
	}

	#[benchmark]
	fn choose_encoder() {
		let holders = providers::<T>(0, n::<T>());
		let owner = funded::<T>("owner", 0);
		let root = root_of(0);
		insert_file::<T>(root, &owner, &holders, None, false, Zero::zero());
		let encoder = holders[1].clone();

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), root, encoder.clone());

		assert!(EncodeDuties::<T>::contains_key(&encoder, root));
	}

	#[benchmark]
	fn challenge_retrieval() {
		let holders = providers::<T>(0, n::<T>());
		let owner = funded::<T>("owner", 0);
		let root = root_of(0);
		insert_file::<T>(root, &owner, &holders, Some(&zero_roots::<T>()), true, Zero::zero());
		let challenger = funded::<T>("challenger", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(challenger), root, 0, 0);

		assert_eq!(Retrievals::<T>::iter_prefix(&holders[0]).count(), 1);
	}

	#[benchmark]
	fn answer_retrieval() {
		let holders = providers::<T>(0, n::<T>());
		let owner = funded::<T>("owner", 0);
		let root = root_of(0);
		insert_file::<T>(root, &owner, &holders, Some(&zero_roots::<T>()), true, Zero::zero());
		let challenger = funded::<T>("challenger", 0);
		StoragePallet::<T>::challenge_retrieval(RawOrigin::Signed(challenger).into(), root, 0, 0)
			.expect("acknowledged shard");
		let key = RetrievalKey { file: root, shard: 0, sector: 0 };
		let data: SectorData = vec![0u8; SECTOR_SIZE].try_into().expect("one sector");
		let proof = path(&shard_leaves::<T>(None), 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(holders[0].clone()), key, data, proof);

		assert!(Retrievals::<T>::get(&holders[0], key).is_none());
	}

	#[benchmark]
	fn file_deadline() {
		// The worst case: an encoded file nobody could take, every holder with a full list — the encoder is
		// slashed and every shard's acknowledgement cleared in its holder's list.
		let holders = providers::<T>(0, n::<T>());
		for who in &holders {
			fill_list::<T>(who, 1);
		}
		let owner = funded::<T>("owner", 0);
		let root = root_of(0);
		insert_file::<T>(root, &owner, &holders, Some(&zero_roots::<T>()), false, Zero::zero());
		let due = frame_system::Pallet::<T>::block_number().saturating_add(One::one());

		#[block]
		{
			StoragePallet::<T>::file_deadline(root, due);
		}

		assert_eq!(Files::<T>::get(root).map(|f| f.state), Some(FileState::Pending));
	}

	#[benchmark]
	fn retrieval_deadline() {
		let holders = providers::<T>(0, n::<T>());
		let owner = funded::<T>("owner", 0);
		let root = root_of(0);
		insert_file::<T>(root, &owner, &holders, Some(&zero_roots::<T>()), true, Zero::zero());
		fill_list::<T>(&holders[0], 0);
		let challenger = funded::<T>("challenger", 0);
		StoragePallet::<T>::challenge_retrieval(RawOrigin::Signed(challenger).into(), root, 0, 0)
			.expect("acknowledged shard");
		let key = RetrievalKey { file: root, shard: 0, sector: 0 };

		#[block]
		{
			StoragePallet::<T>::retrieval_deadline(&holders[0], key);
		}

		assert!(Repairs::<T>::contains_key((root, 0)));
	}

	impl_benchmark_test_suite!(StoragePallet, crate::mock::new_test_ext(), crate::mock::Test);
}
