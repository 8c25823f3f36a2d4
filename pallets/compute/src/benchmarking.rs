//! Benchmarks of every call and of `on_initialize`, each at its worst case within the runtime's bounds: full
//! offer indexes, the longest matching scan, the largest batch, the slashing paths. Proofs come from
//! `zg_primitives::compute::shipped::DIGITS_BENCH_PROOFS` (the runtime cannot prove), so the Groth16
//! verification measured is the real one, through the host functions.

use super::*;
use crate::Pallet as Compute;
use alloc::{vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::traits::{fungible::Mutate, Get, Hooks};
use frame_system::RawOrigin;
use zg_primitives::compute::{attestation_message, host::zg_compute, public_inputs, shipped, JobId, ProofSystem};

const SEED: u32 = 0;
const DIGITS: KindId = 1_001;
const DIGITS_ATTESTED: KindId = 1_002;
const MATMUL: KindId = 1_003;
const ATTESTATION_KEY: sp_core::crypto::KeyTypeId = sp_core::crypto::KeyTypeId(*b"zgat");
const CHANNEL_KEY: sp_core::crypto::KeyTypeId = sp_core::crypto::KeyTypeId(*b"zgch");

type Fixture = Vec<(JobId, [u8; 64], u8, Vec<u8>)>;

fn fixture() -> Fixture {
	Fixture::decode(&mut &shipped::DIGITS_BENCH_PROOFS[..]).expect("the benchmark proofs decode")
}

fn rich<T: Config>() -> BalanceOf<T> {
	T::MinProviderStake::get().max(T::Currency::minimum_balance()).saturating_mul(1_000u32.into())
}

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, SEED);
	T::Currency::set_balance(&who, rich::<T>());
	who
}

fn digits_kind<T: Config>(mode: Mode) -> JobKindOf<T> {
	JobKind {
		name: b"digits-mlp".to_vec().try_into().expect("short"),
		model: H256(sp_io::hashing::blake2_256(shipped::DIGITS_MODEL)),
		stored_input: false,
		min_input: 64,
		max_input: 64,
		unit_bytes: 64,
		max_output: 1,
		mode,
		circuit: Some(Circuit {
			system: ProofSystem::Groth16Bn254,
			vk: shipped::DIGITS_DEV_VK.to_vec().try_into().expect("the dev key fits"),
		}),
		stored_output: None,
	}
}

fn matmul_kind<T: Config>() -> JobKindOf<T> {
	JobKind {
		name: b"matmul-i8".to_vec().try_into().expect("short"),
		model: H256::zero(),
		stored_input: false,
		min_input: 1,
		max_input: T::MaxInlineInput::get() as u64,
		unit_bytes: 256,
		max_output: 32.min(T::MaxOutput::get()),
		mode: Mode::Attested,
		circuit: None,
		stored_output: None,
	}
}

fn set_kinds<T: Config>() {
	Kinds::<T>::insert(DIGITS, digits_kind::<T>(Mode::Proven));
	Kinds::<T>::insert(DIGITS_ATTESTED, digits_kind::<T>(Mode::Attested));
	Kinds::<T>::insert(MATMUL, matmul_kind::<T>());
}

fn peer<T: Config>(index: u32) -> BoundedVec<u8, T::MaxPeerIdLen> {
	let mut id = b"bench-peer-".to_vec();
	id.extend_from_slice(&index.to_le_bytes());
	id.try_into().expect("short peer id")
}

fn attestation_key() -> sp_core::ed25519::Public {
	sp_io::crypto::ed25519_generate(ATTESTATION_KEY, None)
}

fn signed<T: Config>(who: &T::AccountId) -> T::RuntimeOrigin {
	RawOrigin::Signed(who.clone()).into()
}

/// A registered provider offering `kinds` at `price` per unit with `capacity`.
fn provider<T: Config>(index: u32, kinds: &[KindId], price: u32, capacity: u32) -> T::AccountId {
	let who = funded::<T>("provider", index);
	Compute::<T>::register_provider(signed::<T>(&who), T::MinProviderStake::get(), peer::<T>(index), attestation_key().0)
		.expect("registers");
	for kind in kinds {
		Compute::<T>::set_offer(signed::<T>(&who), *kind, Hardware::Cpu { cores: 1 }, price.into(), capacity)
			.expect("offers");
	}
	who
}

fn user<T: Config>(index: u32) -> T::AccountId {
	let who = funded::<T>("user", index);
	Compute::<T>::deposit(signed::<T>(&who), rich::<T>() / 2u32.into()).expect("deposits");
	who
}

/// What benchmark jobs may cost: far above any benchmark price, and 500 of them fit a user's deposit.
fn max_price<T: Config>() -> BalanceOf<T> {
	rich::<T>() / 1_000u32.into()
}

fn submit<T: Config>(owner: &T::AccountId, kind: KindId, input: Vec<u8>, deadline: BlockNumberFor<T>) -> JobId {
	let job = NextJobId::<T>::get();
	Compute::<T>::submit_job(
		signed::<T>(owner),
		kind,
		JobInput::Inline(input.try_into().expect("input fits")),
		max_price::<T>(),
		deadline,
	)
	.expect("submits");
	job
}

fn attest<T: Config>(provider: &T::AccountId, job: JobId, output: Vec<u8>) {
	let info = Jobs::<T>::get(job).expect("the job exists");
	let key = sp_core::ed25519::Public::from_raw(Providers::<T>::get(provider).expect("provider").attestation_key);
	let genesis = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero());
	let message =
		attestation_message(&H256::from_slice(genesis.as_ref()), job, info.input.statement_bytes(), &output);
	let signature = sp_io::crypto::ed25519_sign(ATTESTATION_KEY, &key, &message).expect("the key is in the keystore");
	Compute::<T>::submit_attestation(signed::<T>(provider), job, output.try_into().expect("output fits"), signature.0)
		.expect("attests");
}

/// A service of `provider` whose tokens the chain counts (the dearer dispute path).
fn service<T: Config>(provider: &T::AccountId) -> ServiceId {
	let id = NextServiceId::<T>::get();
	Compute::<T>::add_service(
		signed::<T>(provider),
		b"zg-ngram-1".to_vec().try_into().expect("short"),
		H256::repeat_byte(7),
		Tokenizer::Bytes,
		1u32.into(),
		2u32.into(),
		b"http://127.0.0.1:8080".to_vec().try_into().expect("short"),
	)
	.expect("adds a service");
	id
}

/// `user`'s channel to `provider`, funded with `rich / 4`, and its key (in the keystore).
fn channel<T: Config>(user: &T::AccountId, provider: &T::AccountId) -> (ChannelId, sp_core::ed25519::Public) {
	let key = sp_io::crypto::ed25519_generate(CHANNEL_KEY, None);
	Compute::<T>::fund_channel(signed::<T>(user), provider.clone(), rich::<T>() / 4u32.into(), key.0).expect("funds");
	(Channels::<T>::get(user, provider).expect("the channel").id, key)
}

fn voucher<T: Config>(
	channel: ChannelId,
	key: &sp_core::ed25519::Public,
	amount: BalanceOf<T>,
	nonce: u64,
) -> Voucher<BalanceOf<T>> {
	use sp_runtime::SaturatedConversion;
	let genesis = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero());
	let message = zg_primitives::compute::inference::voucher_message(
		&H256::from_slice(genesis.as_ref()),
		channel,
		amount.saturated_into(),
		nonce,
	);
	let signature = sp_io::crypto::ed25519_sign(CHANNEL_KEY, key, &message).expect("the key is in the keystore");
	Voucher { amount, nonce, signature: signature.0 }
}

/// Providers 1..=count offering MATMUL, dearer than provider 0.
fn others<T: Config>(count: u32) -> Vec<T::AccountId> {
	(1..=count).map(|i| provider::<T>(i, &[MATMUL], 10 + i, 4)).collect()
}

/// A proven kind whose verifying key is as long as `MaxKeyLen` allows: the digits key's first points repeated
/// (each is decoded and checked like any other), and an inline input as long as that many public inputs need.
fn largest_proven_kind<T: Config>() -> JobKindOf<T> {
	use zg_primitives::compute::CHUNK;
	// Compressed BN254 key: alpha (G1), beta, gamma, delta (G2), then a u64 count of 32-byte G1 points.
	const HEAD: usize = 32 + 3 * 64;
	let points_room = (T::MaxKeyLen::get() as usize).saturating_sub(HEAD + 8) / 32;
	// Public inputs: the job, the packed input, the model (two), the one-element output.
	let input_chunks = points_room.saturating_sub(1 + 1 + 2 + 1).max(1);
	let points = 1 + 1 + input_chunks + 2 + 1;
	let dev = shipped::DIGITS_DEV_VK;
	let dev_points: Vec<&[u8]> = dev[HEAD + 8..].chunks(32).collect();
	let mut vk = dev[..HEAD].to_vec();
	vk.extend_from_slice(&(points as u64).to_le_bytes());
	for i in 0..points {
		vk.extend_from_slice(dev_points[i % dev_points.len()]);
	}
	let input = (input_chunks * CHUNK) as u64;
	JobKind {
		min_input: input,
		max_input: input,
		unit_bytes: input,
		circuit: Some(Circuit { system: ProofSystem::Groth16Bn254, vk: vk.try_into().expect("within MaxKeyLen") }),
		..digits_kind::<T>(Mode::Proven)
	}
}

/// The largest batch of the reference verification benchmarks.
const REFERENCE_BATCH: u32 = 32;

/// The first `n` benchmark proofs with their public inputs, as the pallet builds them for a digits job.
fn verification_items(n: u32) -> Vec<(Vec<u8>, Vec<zg_primitives::compute::PublicInput>)> {
	let model = H256(sp_io::hashing::blake2_256(shipped::DIGITS_MODEL));
	fixture()
		.into_iter()
		.take(n as usize)
		.map(|(job, input, class, proof)| (proof, public_inputs(job, &input, &model, &[class])))
		.collect()
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_provider() {
		let who = funded::<T>("provider", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), T::MinProviderStake::get(), peer::<T>(0), [7u8; 32]);
		assert!(Providers::<T>::contains_key(&who));
	}

	#[benchmark]
	fn bond_more() {
		let who = provider::<T>(0, &[], 1, 1);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), T::MinProviderStake::get());
	}

	#[benchmark]
	fn set_offer() {
		set_kinds::<T>();
		others::<T>(T::MaxProvidersPerKind::get() - 1);
		let who = provider::<T>(0, &[], 1, 1);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), MATMUL, Hardware::Cpu { cores: 1 }, 5u32.into(), 1);
		assert_eq!(OffersByKind::<T>::get(MATMUL).len() as u32, T::MaxProvidersPerKind::get());
	}

	#[benchmark]
	fn remove_offer() {
		set_kinds::<T>();
		others::<T>(T::MaxProvidersPerKind::get() - 1);
		let who = provider::<T>(0, &[MATMUL], 5, 1);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), MATMUL);
	}

	#[benchmark]
	fn deregister() {
		let kinds: Vec<KindId> = (0..T::MaxOffers::get()).map(|i| 2_000 + i).collect();
		for kind in &kinds {
			Kinds::<T>::insert(kind, matmul_kind::<T>());
		}
		let who = provider::<T>(0, &kinds, 5, 1);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));
		assert!(Providers::<T>::get(&who).expect("provider").unbonding_at.is_some());
	}

	#[benchmark]
	fn withdraw_stake() {
		let who = provider::<T>(0, &[], 1, 1);
		Compute::<T>::deregister(signed::<T>(&who)).expect("deregisters");
		frame_system::Pallet::<T>::set_block_number(
			frame_system::Pallet::<T>::block_number() + T::UnbondingPeriod::get() + One::one(),
		);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));
		assert!(!Providers::<T>::contains_key(&who));
	}

	#[benchmark]
	fn deposit() {
		let who = funded::<T>("user", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), T::MinProviderStake::get());
	}

	#[benchmark]
	fn withdraw() {
		let who = user::<T>(0);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), T::MinProviderStake::get());
	}

	/// The matching scan passes `n - 1` busy offers before the free one.
	#[benchmark]
	fn submit_job(n: Linear<1, { T::MaxProvidersPerKind::get() }>) {
		set_kinds::<T>();
		for i in 0..n {
			provider::<T>(i, &[MATMUL], 10 + i, 1);
		}
		let owner = user::<T>(0);
		for _ in 1..n {
			submit::<T>(&owner, MATMUL, vec![1; 7], T::MaxDeadline::get());
		}
		let input: BoundedVec<u8, T::MaxInlineInput> = vec![1u8; T::MaxInlineInput::get() as usize].try_into().expect("fits");
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), MATMUL, JobInput::Inline(input), max_price::<T>(), T::MaxDeadline::get());
		assert_eq!(NextJobId::<T>::get(), n as u64);
	}

	#[benchmark]
	fn submit_proof() {
		set_kinds::<T>();
		let who = provider::<T>(0, &[DIGITS], 1, 1);
		let owner = user::<T>(0);
		let fixture = fixture();
		let job = submit::<T>(&owner, DIGITS, fixture[0].1.to_vec(), T::MaxDeadline::get());
		let (_, _, class, proof) = fixture[job as usize].clone();
		#[extrinsic_call]
		_(RawOrigin::Signed(who), job, vec![class].try_into().expect("fits"), proof.try_into().expect("fits"));
		assert!(matches!(Jobs::<T>::get(job).expect("job").status, Status::Done { proven: true, .. }));
	}

	#[benchmark]
	fn submit_proofs(n: Linear<1, { T::MaxBatch::get() }>) {
		set_kinds::<T>();
		let who = provider::<T>(0, &[DIGITS], 1, T::MaxCapacity::get());
		let owner = user::<T>(0);
		let fixture = fixture();
		let results: Vec<_> = (0..n)
			.map(|_| {
				let job = submit::<T>(&owner, DIGITS, fixture[0].1.to_vec(), T::MaxDeadline::get());
				let (_, _, class, proof) = fixture[job as usize].clone();
				(job, vec![class].try_into().expect("fits"), proof.try_into().expect("fits"))
			})
			.collect();
		#[extrinsic_call]
		_(RawOrigin::Signed(who), results.try_into().expect("within MaxBatch"));
	}

	#[benchmark]
	fn submit_attestation() {
		set_kinds::<T>();
		let who = provider::<T>(0, &[MATMUL], 1, 1);
		let owner = user::<T>(0);
		let input = vec![1u8; T::MaxInlineInput::get() as usize];
		let job = submit::<T>(&owner, MATMUL, input.clone(), T::MaxDeadline::get());
		let output = vec![9u8; 32];
		let key = sp_core::ed25519::Public::from_raw(Providers::<T>::get(&who).expect("provider").attestation_key);
		let genesis = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero());
		let message = attestation_message(&H256::from_slice(genesis.as_ref()), job, &input, &output);
		let signature = sp_io::crypto::ed25519_sign(ATTESTATION_KEY, &key, &message).expect("signs");
		#[extrinsic_call]
		_(RawOrigin::Signed(who), job, output.try_into().expect("fits"), signature.0);
	}

	/// A false digits attestation overturned by the challenger's proof (the provider slashed, the owner refunded).
	#[benchmark]
	fn dispute_proof() {
		set_kinds::<T>();
		let who = provider::<T>(0, &[DIGITS_ATTESTED], 1, 1);
		let owner = user::<T>(0);
		let fixture = fixture();
		let job = submit::<T>(&owner, DIGITS_ATTESTED, fixture[0].1.to_vec(), T::MaxDeadline::get());
		let (_, _, class, proof) = fixture[job as usize].clone();
		attest::<T>(&who, job, vec![(class + 1) % 10]);
		let challenger = funded::<T>("challenger", 0);
		#[extrinsic_call]
		dispute(RawOrigin::Signed(challenger), job, Evidence::Proof { output: vec![class], proof });
		assert!(matches!(Jobs::<T>::get(job).expect("job").status, Status::Failed(Failure::Overturned)));
	}

	/// Jurors drawn from `n` providers of the kind besides the accused.
	#[benchmark]
	fn dispute_reexecute(n: Linear<{ T::Jurors::get() }, { T::MaxProvidersPerKind::get() - 1 }>) {
		set_kinds::<T>();
		let accused = provider::<T>(0, &[MATMUL], 1, 1);
		others::<T>(n);
		let owner = user::<T>(0);
		let job = submit::<T>(&owner, MATMUL, vec![1; 7], T::MaxDeadline::get());
		attest::<T>(&accused, job, vec![9u8; 32]);
		let challenger = funded::<T>("challenger", 0);
		#[extrinsic_call]
		dispute(RawOrigin::Signed(challenger), job, Evidence::Reexecute { claim: H256::repeat_byte(1) });
		assert!(matches!(Jobs::<T>::get(job).expect("job").status, Status::Disputed { .. }));
	}

	/// The last juror's vote, which resolves the dispute against the provider.
	#[benchmark]
	fn vote() {
		set_kinds::<T>();
		let accused = provider::<T>(0, &[MATMUL], 1, 1);
		others::<T>(T::Jurors::get());
		let owner = user::<T>(0);
		let job = submit::<T>(&owner, MATMUL, vec![1; 7], T::MaxDeadline::get());
		attest::<T>(&accused, job, vec![9u8; 32]);
		let challenger = funded::<T>("challenger", 0);
		let claim = H256::repeat_byte(1);
		Compute::<T>::dispute(signed::<T>(&challenger), job, Evidence::Reexecute { claim }).expect("disputes");
		let Status::Disputed { jurors, .. } = Jobs::<T>::get(job).expect("job").status else { panic!("disputed") };
		let jurors: Vec<T::AccountId> = jurors.into_iter().map(|(j, _)| j).collect();
		for juror in &jurors[1..] {
			Compute::<T>::vote(signed::<T>(juror), job, claim).expect("votes");
		}
		#[extrinsic_call]
		_(RawOrigin::Signed(jurors[0].clone()), job, claim);
		assert!(matches!(Jobs::<T>::get(job).expect("job").status, Status::Failed(Failure::Overturned)));
	}

	/// A proven kind with the largest verifying key `MaxKeyLen` allows (every point decoded and checked).
	#[benchmark]
	fn set_kind() {
		let kind = largest_proven_kind::<T>();
		#[extrinsic_call]
		_(RawOrigin::Root, DIGITS, Some(kind));
		assert!(Kinds::<T>::contains_key(DIGITS));
	}

	/// `n` jobs time out in one block: each refunded and its provider slashed.
	#[benchmark]
	fn on_initialize(n: Linear<0, { T::MaxDuePerBlock::get().min(T::MaxCapacity::get()) }>) {
		set_kinds::<T>();
		let _who = provider::<T>(0, &[MATMUL], 1, T::MaxCapacity::get());
		let owner = user::<T>(0);
		for _ in 0..n {
			submit::<T>(&owner, MATMUL, vec![1; 7], T::MinDeadline::get());
		}
		let at = frame_system::Pallet::<T>::block_number() + T::MinDeadline::get() + One::one();
		#[block]
		{
			Compute::<T>::on_initialize(at);
		}
		assert!((0..n as u64).all(|j| matches!(Jobs::<T>::get(j).map(|i| i.status), Some(Status::Failed(_)))));
	}

	/// `n` re-execution disputes counted in one block, none of their jurors having voted: each of the three
	/// jurors slashed, the bond released and the attested result settled (the heaviest task the hook runs).
	#[benchmark]
	fn on_initialize_disputes(n: Linear<0, { T::MaxDuePerBlock::get().min(T::MaxCapacity::get()) }>) {
		set_kinds::<T>();
		let accused = provider::<T>(0, &[MATMUL], 1, T::MaxCapacity::get());
		others::<T>(T::Jurors::get());
		let owner = user::<T>(0);
		let challenger = funded::<T>("challenger", 0);
		let jobs: Vec<JobId> = (0..n)
			.map(|_| {
				let job = submit::<T>(&owner, MATMUL, vec![1; 7], T::MaxDeadline::get());
				attest::<T>(&accused, job, vec![9u8; 32]);
				job
			})
			.collect();
		let mut at = None;
		for job in &jobs {
			Compute::<T>::dispute(signed::<T>(&challenger), *job, Evidence::Reexecute { claim: H256::repeat_byte(1) })
				.expect("disputes");
			let Status::Disputed { until, .. } = Jobs::<T>::get(job).expect("job").status else { panic!("disputed") };
			assert!(at.is_none_or(|at| at == until), "every count falls in one block");
			at = Some(until);
		}
		let at = at.unwrap_or_else(|| frame_system::Pallet::<T>::block_number() + One::one());
		// Only the counts run in that block (finalisations of the disputed results would return at once).
		Due::<T>::mutate(at, |tasks| tasks.retain(|t| matches!(t, DueTask::Resolve(_))));
		assert_eq!(Due::<T>::get(at).len() as u32, n);
		#[block]
		{
			Compute::<T>::on_initialize(at);
		}
		assert!(jobs.iter().all(|j| matches!(Jobs::<T>::get(j).map(|i| i.status), Some(Status::Done { .. }))));
	}

	// Reference measurements, charged to no call: Groth16 verification alone inside the runtime, through the
	// `zg_compute` host functions and in pure wasm (arkworks compiled into the benchmark runtime), for
	// `scripts/bench-compute.sh` to set beside the native figure. `submit_proof(s)` above are what is charged.

	/// One digits proof verified through the `groth16_verify` host function.
	#[benchmark]
	fn verify_host_single() {
		let items = verification_items(1);
		#[block]
		{
			let (proof, inputs) = &items[0];
			zg_compute::groth16_verify(ProofSystem::Groth16Bn254, shipped::DIGITS_DEV_VK, proof, inputs.clone())
				.expect("the benchmark proof verifies");
		}
	}

	/// `n` digits proofs verified in one `groth16_verify_batch` host call.
	#[benchmark]
	fn verify_host_batch(n: Linear<1, REFERENCE_BATCH>) {
		let items = verification_items(n);
		#[block]
		{
			zg_compute::groth16_verify_batch(ProofSystem::Groth16Bn254, shipped::DIGITS_DEV_VK, items.clone())
				.expect("the benchmark proofs verify");
		}
	}

	/// One digits proof verified by arkworks running in the runtime's wasm.
	#[benchmark]
	fn verify_wasm_single() {
		let items = verification_items(1);
		#[block]
		{
			let (proof, inputs) = &items[0];
			zg_primitives::compute::groth16::verify(ProofSystem::Groth16Bn254, shipped::DIGITS_DEV_VK, proof, inputs)
				.expect("the benchmark proof verifies");
		}
	}

	/// `n` digits proofs verified in one random linear combination by arkworks running in the runtime's wasm.
	#[benchmark]
	fn verify_wasm_batch(n: Linear<1, REFERENCE_BATCH>) {
		let items = verification_items(n);
		#[block]
		{
			zg_primitives::compute::groth16::verify_batch(ProofSystem::Groth16Bn254, shipped::DIGITS_DEV_VK, &items)
				.expect("the benchmark proofs verify");
		}
	}

	/// A provider lists a service.
	#[benchmark]
	fn add_service() {
		let who = provider::<T>(0, &[], 1, 1);
		for _ in 1..T::MaxServices::get() {
			service::<T>(&who);
		}
		#[extrinsic_call]
		_(
			RawOrigin::Signed(who),
			vec![b'm'; 64].try_into().expect("64 bytes"),
			H256::repeat_byte(1),
			Tokenizer::Bytes,
			1u32.into(),
			1u32.into(),
			vec![b'h'; 256].try_into().expect("256 bytes"),
		);
	}

	/// A price raise (announced) and a new endpoint.
	#[benchmark]
	fn update_service() {
		let who = provider::<T>(0, &[], 1, 1);
		let id = service::<T>(&who);
		#[extrinsic_call]
		_(RawOrigin::Signed(who), id, 5u32.into(), 5u32.into(), vec![b'h'; 256].try_into().expect("256 bytes"));
		assert!(Services::<T>::get(id).expect("service").next.is_some());
	}

	/// Removing a retired service (the dearer of its two steps).
	#[benchmark]
	fn retire_service() {
		let who = provider::<T>(0, &[], 1, 1);
		let id = service::<T>(&who);
		Compute::<T>::retire_service(signed::<T>(&who), id).expect("retires");
		let now = frame_system::Pallet::<T>::block_number();
		frame_system::Pallet::<T>::set_block_number(now.saturating_add(T::ServiceRetention::get()));
		#[extrinsic_call]
		_(RawOrigin::Signed(who), id);
		assert!(Services::<T>::get(id).is_none());
	}

	/// Opening a channel.
	#[benchmark]
	fn fund_channel() {
		let provider = provider::<T>(0, &[], 1, 1);
		let user = funded::<T>("user", 0);
		let key = sp_io::crypto::ed25519_generate(CHANNEL_KEY, None);
		#[extrinsic_call]
		_(RawOrigin::Signed(user.clone()), provider.clone(), T::MinChannelDeposit::get().max(1u32.into()), key.0);
		assert!(Channels::<T>::contains_key(&user, &provider));
	}

	/// One voucher redeemed (a signature check and a transfer from the hold).
	#[benchmark]
	fn redeem() {
		let provider = provider::<T>(0, &[], 1, 1);
		let user = funded::<T>("user", 0);
		let (id, key) = channel::<T>(&user, &provider);
		let v = voucher::<T>(id, &key, 1_000u32.into(), 1);
		#[extrinsic_call]
		_(RawOrigin::Signed(provider), user.clone(), v);
	}

	/// `n` vouchers of `n` channels redeemed in one batch.
	#[benchmark]
	fn redeem_batch(n: Linear<1, { T::MaxVouchers::get() }>) {
		let provider = provider::<T>(0, &[], 1, 1);
		let vouchers: Vec<(T::AccountId, Voucher<BalanceOf<T>>)> = (0..n)
			.map(|i| {
				let user = funded::<T>("user", i);
				let (id, key) = channel::<T>(&user, &provider);
				let v = voucher::<T>(id, &key, 1_000u32.into(), 1);
				(user, v)
			})
			.collect();
		let first = vouchers[0].0.clone();
		#[extrinsic_call]
		_(RawOrigin::Signed(provider.clone()), vouchers.try_into().expect("within MaxVouchers"));
		assert_eq!(Channels::<T>::get(&first, &provider).expect("channel").nonce, 1);
	}

	#[benchmark]
	fn request_refund() {
		let provider = provider::<T>(0, &[], 1, 1);
		let user = funded::<T>("user", 0);
		channel::<T>(&user, &provider);
		#[extrinsic_call]
		_(RawOrigin::Signed(user), provider);
	}

	#[benchmark]
	fn close_channel() {
		let provider = provider::<T>(0, &[], 1, 1);
		let user = funded::<T>("user", 0);
		let (id, key) = channel::<T>(&user, &provider);
		Compute::<T>::redeem(signed::<T>(&provider), user.clone(), voucher::<T>(id, &key, 1_000u32.into(), 1))
			.expect("redeems");
		Compute::<T>::request_refund(signed::<T>(&user), provider.clone()).expect("asks");
		let now = frame_system::Pallet::<T>::block_number();
		frame_system::Pallet::<T>::set_block_number(now.saturating_add(T::RefundDelay::get()));
		#[extrinsic_call]
		_(RawOrigin::Signed(user.clone()), provider.clone());
		assert!(!Channels::<T>::contains_key(&user, &provider));
	}

	/// A receipt with a wrong completion count, with `b` bytes of prompt and completion to hash.
	#[benchmark]
	fn dispute_response(b: Linear<0, { 2 * T::MaxEvidence::get() }>) {
		let provider = provider::<T>(0, &[], 1, 1);
		let id = service::<T>(&provider);
		let user = funded::<T>("user", 0);
		let (channel, _) = channel::<T>(&user, &provider);
		let prompt = vec![b'p'; (b / 2) as usize];
		let completion = vec![b'c'; (b - b / 2) as usize];
		let receipt = ResponseReceipt {
			channel,
			nonce: 1,
			service: id,
			model: H256::repeat_byte(7),
			request: H256::zero(),
			prompt: H256(sp_io::hashing::blake2_256(&prompt)),
			completion: H256(sp_io::hashing::blake2_256(&completion)),
			input_tokens: prompt.len() as u32,
			output_tokens: completion.len() as u32 + 1,
		};
		let key = sp_core::ed25519::Public::from_raw(Providers::<T>::get(&provider).expect("provider").attestation_key);
		let genesis = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero());
		let message = zg_primitives::compute::inference::receipt_message(&H256::from_slice(genesis.as_ref()), &receipt);
		let signature = sp_io::crypto::ed25519_sign(ATTESTATION_KEY, &key, &message).expect("signs");
		#[extrinsic_call]
		_(
			RawOrigin::Signed(user.clone()),
			provider.clone(),
			receipt,
			signature.0,
			prompt.try_into().expect("within MaxEvidence"),
			completion.try_into().expect("within MaxEvidence"),
		);
		assert_eq!(Channels::<T>::get(&user, &provider).expect("channel").disputed, 1);
	}

	impl_benchmark_test_suite!(Compute, crate::mock::new_test_ext(), crate::mock::Test);
}
