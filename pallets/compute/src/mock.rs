//! A test runtime: system, balances and this pallet, with deterministic randomness, the real native Groth16
//! verifier and the shipped digits kind with its dev verifying key.

use crate::{self as pallet_zg_compute, *};
use core::cell::RefCell;
use frame_support::{derive_impl, parameter_types, traits::ConstU32};
use sp_core::{ed25519, Pair};
use sp_runtime::{
	testing::{TestSignature, UintAuthorityId},
	BuildStorage,
};
use zg_primitives::compute::shipped;

pub type AccountId = u64;
pub type Balance = u64;
type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Compute: pallet_zg_compute,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

pub const MIN_STAKE: Balance = 10_000;
pub const UNBONDING: u64 = 20;
pub const CHALLENGE_WINDOW: u64 = 10;
pub const VOTE_WINDOW: u64 = 5;
pub const BOND: Balance = 500;
pub const RETENTION: u64 = 100;
pub const PRICE_NOTICE: u64 = 5;
pub const REFUND_DELAY: u64 = 10;
pub const SERVICE_RETENTION: u64 = 20;
pub const MIN_CHANNEL: Balance = 100;
pub const INITIAL_BALANCE: Balance = 1_000_000;
pub const MAX_DUE: u32 = 6;

/// The kinds of the tests.
pub const DIGITS: KindId = 1;
pub const MATMUL: KindId = 2;
pub const DIGITS_ATTESTED: KindId = 3;
pub const TRAIN: KindId = 4;

parameter_types! {
	pub static RandomSeed: u64 = 0;
	pub const FalseSlash: Perbill = Perbill::from_percent(20);
	pub const MissSlash: Perbill = Perbill::from_percent(1);
	pub const ChallengerShare: Perbill = Perbill::from_percent(50);
}

thread_local! {
	pub static STORED: RefCell<alloc::collections::BTreeMap<H256, u64>> = RefCell::new(Default::default());
	/// Storage providers' nodes: peer id → the storage provider that may encode there.
	pub static STORAGE_PEERS: RefCell<alloc::collections::BTreeMap<Vec<u8>, AccountId>> = RefCell::new(Default::default());
	/// Output files submitted through the market: root → (owner, size, encoder, delivery).
	pub static OUTPUT_FILES: RefCell<alloc::collections::BTreeMap<H256, (AccountId, u64, AccountId, Delivery)>> =
		RefCell::new(Default::default());
	/// When set, the mock storage network refuses new files (as if the owner had too many unstored ones).
	pub static STORAGE_REFUSES: RefCell<bool> = RefCell::new(false);
}

/// Where the mock storage network's fees go.
pub const STORAGE_POOL: AccountId = 40;

/// Files the mock storage network holds: a fee of one unit per started 256 bytes per period, paid to
/// [`STORAGE_POOL`].
pub struct MockFiles;
impl StoredFiles<AccountId, Balance> for MockFiles {
	fn stored_size(root: &H256) -> Option<u64> {
		STORED.with(|s| s.borrow().get(root).copied())
	}
	fn encoder_of_peer(peer_id: &[u8]) -> Option<AccountId> {
		STORAGE_PEERS.with(|p| p.borrow().get(peer_id).copied())
	}
	fn fee(size: u64, periods: u32) -> Option<Balance> {
		size.div_ceil(256).checked_mul(periods as u64)
	}
	fn store(owner: &AccountId, root: H256, size: u64, periods: u32, encoder: &AccountId) -> Result<bool, DispatchError> {
		use frame_support::traits::{fungible::Mutate, tokens::Preservation};
		if OUTPUT_FILES.with(|f| f.borrow().contains_key(&root)) {
			return Ok(false);
		}
		if STORAGE_REFUSES.with(|r| *r.borrow()) {
			return Err(DispatchError::Other("too many unstored files"));
		}
		let fee = Self::fee(size, periods).ok_or(DispatchError::Other("overflow"))?;
		<Balances as Mutate<AccountId>>::transfer(owner, &STORAGE_POOL, fee, Preservation::Preserve)?;
		OUTPUT_FILES.with(|f| f.borrow_mut().insert(root, (*owner, size, *encoder, Delivery::Waiting)));
		Ok(true)
	}
	fn delivery(root: &H256) -> Delivery {
		OUTPUT_FILES.with(|f| f.borrow().get(root).map(|(.., d)| *d).unwrap_or(Delivery::Lost))
	}
	fn store_weight() -> Weight {
		Weight::zero()
	}
}

/// Sets what the mock storage network says of an output file (`Lost` forgets it).
pub fn set_delivery(root: H256, delivery: Delivery) {
	OUTPUT_FILES.with(|f| {
		let mut files = f.borrow_mut();
		if delivery == Delivery::Lost {
			files.remove(&root);
		} else if let Some(file) = files.get_mut(&root) {
			file.3 = delivery;
		}
	});
}

/// Randomness that depends only on the subject, the block and [`RandomSeed`].
pub struct TestRandomness;
impl frame_support::traits::Randomness<H256, u64> for TestRandomness {
	fn random(subject: &[u8]) -> (H256, u64) {
		let block = System::block_number();
		(H256(sp_crypto_hashing::keccak_256(&(subject, block, RandomSeed::get()).encode())), block)
	}
}

/// The worker's transactions in tests: unchecked, with the signer's account and nonce.
pub type Extrinsic = sp_runtime::testing::TestXt<RuntimeCall, ()>;

impl frame_system::offchain::SigningTypes for Test {
	type Public = UintAuthorityId;
	type Signature = TestSignature;
}

impl<C> frame_system::offchain::CreateTransactionBase<C> for Test
where
	RuntimeCall: From<C>,
{
	type RuntimeCall = RuntimeCall;
	type Extrinsic = Extrinsic;
}

impl<C> frame_system::offchain::CreateSignedTransaction<C> for Test
where
	RuntimeCall: From<C>,
{
	fn create_signed_transaction<A: frame_system::offchain::AppCrypto<Self::Public, Self::Signature>>(
		call: RuntimeCall,
		_public: UintAuthorityId,
		account: AccountId,
		_nonce: <Test as frame_system::Config>::Nonce,
	) -> Option<Extrinsic> {
		Some(Extrinsic::new_signed(call, account, (), ()))
	}
}

/// Test keys: `UintAuthorityId(n)` signs for account `n`.
pub struct TestAuthId;
impl frame_system::offchain::AppCrypto<UintAuthorityId, TestSignature> for TestAuthId {
	type RuntimeAppPublic = UintAuthorityId;
	type GenericPublic = UintAuthorityId;
	type GenericSignature = TestSignature;
}

impl pallet_zg_compute::Config for Test {
	type AuthorityId = TestAuthId;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Randomness = TestRandomness;
	type Verifier = HostVerifier;
	type StoredFiles = MockFiles;
	type KindOrigin = frame_system::EnsureRoot<AccountId>;
	type MinProviderStake = frame_support::traits::ConstU64<MIN_STAKE>;
	type UnbondingPeriod = frame_support::traits::ConstU64<UNBONDING>;
	type ChallengeWindow = frame_support::traits::ConstU64<CHALLENGE_WINDOW>;
	type VoteWindow = frame_support::traits::ConstU64<VOTE_WINDOW>;
	type Jurors = ConstU32<3>;
	type DisputeBond = frame_support::traits::ConstU64<BOND>;
	type FalseResultSlash = FalseSlash;
	type MissSlash = MissSlash;
	type ChallengerShare = ChallengerShare;
	type MinDeadline = frame_support::traits::ConstU64<2>;
	type MaxDeadline = frame_support::traits::ConstU64<50>;
	type ResultRetention = frame_support::traits::ConstU64<RETENTION>;
	type MaxInlineInput = ConstU32<4096>;
	type MaxOutput = ConstU32<64>;
	type MaxKeyLen = ConstU32<2048>;
	type MaxProofLen = ConstU32<256>;
	type MaxOffers = ConstU32<4>;
	type MaxProvidersPerKind = ConstU32<8>;
	type MaxCapacity = ConstU32<16>;
	type MaxBatch = ConstU32<8>;
	type MaxDuePerBlock = ConstU32<MAX_DUE>;
	type MaxPeerIdLen = ConstU32<64>;
	type MaxServices = ConstU32<3>;
	type PriceNotice = frame_support::traits::ConstU64<PRICE_NOTICE>;
	type ServiceRetention = frame_support::traits::ConstU64<SERVICE_RETENTION>;
	type MinChannelDeposit = frame_support::traits::ConstU64<MIN_CHANNEL>;
	type RefundDelay = frame_support::traits::ConstU64<REFUND_DELAY>;
	type MaxVouchers = ConstU32<64>;
	type MaxEvidence = ConstU32<4096>;
	type WeightInfo = ();
}

/// The digits model's commitment.
pub fn digits_model() -> H256 {
	H256(sp_crypto_hashing::blake2_256(shipped::DIGITS_MODEL))
}

fn digits_circuit() -> Circuit<ConstU32<2048>> {
	Circuit { system: ProofSystem::Groth16Bn254, vk: shipped::DIGITS_DEV_VK.to_vec().try_into().unwrap() }
}

/// The proven digits kind (as the chain ships it).
pub fn digits_kind(mode: Mode) -> JobKindOf<Test> {
	JobKind {
		name: b"digits-mlp".to_vec().try_into().unwrap(),
		model: digits_model(),
		stored_input: false,
		min_input: 64,
		max_input: 64,
		unit_bytes: 64,
		max_output: 1,
		mode,
		circuit: Some(digits_circuit()),
		stored_output: None,
	}
}

pub fn test_kinds() -> Vec<(KindId, JobKindOf<Test>)> {
	vec![
		(DIGITS, digits_kind(Mode::Proven)),
		(
			MATMUL,
			JobKind {
				name: b"matmul-i8".to_vec().try_into().unwrap(),
				model: H256::zero(),
				stored_input: false,
				min_input: 7,
				max_input: 4096,
				unit_bytes: 256,
				max_output: 32,
				mode: Mode::Attested,
				circuit: None,
				stored_output: None,
			},
		),
		(DIGITS_ATTESTED, digits_kind(Mode::Attested)),
		(
			TRAIN,
			JobKind {
				name: b"train-digits".to_vec().try_into().unwrap(),
				model: digits_model(),
				stored_input: true,
				min_input: 65,
				max_input: 1 << 20,
				unit_bytes: 65 * 100,
				max_output: zg_primitives::compute::STORED_OUTPUT_LEN as u32,
				mode: Mode::Attested,
				circuit: None,
				stored_output: Some(StoredOutput { max_size: 4096, periods: 2 }),
			},
		),
	]
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().expect("valid genesis");
	pallet_balances::GenesisConfig::<Test> {
		balances: (1..=40).map(|who| (who, INITIAL_BALANCE)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.expect("valid balances genesis");
	pallet_zg_compute::GenesisConfig::<Test> { kinds: test_kinds().into_iter().map(|(id, k)| (id, k.encode())).collect(), ..Default::default() }
		.assimilate_storage(&mut storage)
		.expect("valid compute genesis");
	let mut ext = sp_io::TestExternalities::new(storage);
	// Benchmarks sign attestations with a key generated in the keystore.
	ext.register_extension(sp_keystore::KeystoreExt::new(sp_keystore::testing::MemoryKeystore::new()));
	ext.execute_with(|| System::set_block_number(1));
	STORED.with(|s| s.borrow_mut().clear());
	STORAGE_PEERS.with(|s| s.borrow_mut().clear());
	OUTPUT_FILES.with(|s| s.borrow_mut().clear());
	STORAGE_REFUSES.with(|s| *s.borrow_mut() = false);
	ext
}

/// Runs `test` on a fresh chain and checks the invariants afterwards.
pub fn run_test(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Compute::do_try_state().expect("invariants hold");
	});
}

/// Advances to block `n`, running every pallet's hooks.
pub fn run_to_block(n: u64) {
	System::run_to_block::<AllPalletsWithSystem>(n);
}

/// A provider's attestation key.
pub fn attestation_pair(who: AccountId) -> ed25519::Pair {
	ed25519::Pair::from_seed(&[who as u8; 32])
}

/// Registers `who` with `stake` and an offer for each of `kinds` at `price` with `capacity`.
pub fn provider(who: AccountId, stake: Balance, kinds: &[KindId], price: Balance, capacity: u32) {
	Compute::register_provider(
		RuntimeOrigin::signed(who),
		stake,
		format!("peer-{who}").into_bytes().try_into().unwrap(),
		attestation_pair(who).public().0,
	)
	.unwrap();
	for kind in kinds {
		Compute::set_offer(RuntimeOrigin::signed(who), *kind, Hardware::Cpu { cores: 2 }, price, capacity).unwrap();
	}
}

/// The attestation signature of `who` over a result.
pub fn attest(who: AccountId, job: JobId, input: &[u8], output: &[u8]) -> [u8; 64] {
	let genesis = System::block_hash(0);
	attestation_pair(who)
		.sign(&zg_primitives::compute::attestation_message(&genesis, job, input, output))
		.0
}

pub fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| if let RuntimeEvent::Compute(e) = r.event { Some(e) } else { None })
		.collect()
}
