//! A test runtime: system, balances and this pallet, with deterministic randomness and real files encoded by
//! `zg_primitives::storage::erasure`.

use crate::{self as pallet_zg_storage, *};
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64, Hooks},
	PalletId,
};
use sp_runtime::{
	testing::{TestSignature, UintAuthorityId},
	BuildStorage, Perbill,
};
use zg_primitives::storage::{erasure, file_leaves, file_root, merkle_proof, sector_leaf, SECTOR_SIZE, SEGMENT_SIZE};

pub type AccountId = u64;
pub type Balance = u64;
type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Storage: pallet_zg_storage,
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

parameter_types! {
	pub const StoragePalletId: PalletId = PalletId(*b"zg/store");
	pub const Erasure: ErasureParams = ErasureParams::DEFAULT;
	pub static Price: Balance = 1;
	pub static RandomSeed: u64 = 0;
	pub const Slash: Perbill = Perbill::from_percent(10);
	pub const BadEncodingSlash: Perbill = Perbill::from_percent(50);
	pub const Reporter: Perbill = Perbill::from_percent(20);
	/// Ten of the providers' stakes (`MIN_STAKE * 10`) back 10 GiB.
	pub static StakePerGiB: Balance = MIN_STAKE;
	/// Room for every test file while a provider has proven nothing.
	pub static Probation: u64 = 1 << 30;
	/// The hook's budget per block: ample unless a test sets it.
	pub static HookWeight: frame_support::weights::Weight = frame_support::weights::Weight::from_parts(u64::MAX / 4, u64::MAX / 4);
}

/// Randomness that depends only on the subject, the block and [`RandomSeed`]: tests are reproducible.
pub struct TestRandomness;
impl frame_support::traits::Randomness<H256, u64> for TestRandomness {
	fn random(subject: &[u8]) -> (H256, u64) {
		let block = System::block_number();
		let input = (subject, block, RandomSeed::get()).encode();
		(H256(sp_crypto_hashing::keccak_256(&input)), block)
	}
}

pub const MIN_STAKE: Balance = 1_000;
pub const CHALLENGE_PERIOD: u64 = 10;
pub const RESPONSE_WINDOW: u64 = 5;
pub const UNBONDING: u64 = 20;
pub const MAX_MISSES: u32 = 3;
pub const INITIAL_BALANCE: Balance = 10_000_000;
pub const UPLOAD_DEADLINE: u64 = 30;
pub const ACK_DEADLINE: u64 = 15;
pub const FRAUD_WINDOW: u64 = 100;
pub const MAX_UNSTORED: u32 = 4;
pub const RETRIEVAL_DEPOSIT: Balance = 50;
pub const RETRIEVAL_WINDOW: u64 = 4;

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

impl Config for Test {
	type AuthorityId = TestAuthId;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type PalletId = StoragePalletId;
	type Randomness = TestRandomness;
	type ErasureParams = Erasure;
	type MinProviderStake = ConstU64<MIN_STAKE>;
	type UnbondingPeriod = ConstU64<UNBONDING>;
	type PricePerSectorPerPeriod = Price;
	type ChallengePeriod = ConstU64<CHALLENGE_PERIOD>;
	type ResponseWindow = ConstU64<RESPONSE_WINDOW>;
	type SlashFraction = Slash;
	type EncodingSlash = BadEncodingSlash;
	type ReporterShare = Reporter;
	type MaxMisses = ConstU32<MAX_MISSES>;
	type MaxFileSize = ConstU64<{ 4 * SEGMENT_SIZE as u64 }>;
	type MaxProviders = ConstU32<16>;
	type MaxAssignmentsPerProvider = ConstU32<8>;
	type MaxPeerIdLen = ConstU32<64>;
	type MaxShards = ConstU32<8>;
	type MaxExpiriesPerBlock = ConstU32<4>;
	type StakePerGiB = StakePerGiB;
	type ProbationBytes = Probation;
	type UploadDeadline = ConstU64<UPLOAD_DEADLINE>;
	type AckDeadline = ConstU64<ACK_DEADLINE>;
	type FraudWindow = ConstU64<FRAUD_WINDOW>;
	type MaxUnstoredPerAccount = ConstU32<MAX_UNSTORED>;
	type RetrievalDeposit = ConstU64<RETRIEVAL_DEPOSIT>;
	type RetrievalWindow = ConstU64<RETRIEVAL_WINDOW>;
	type RetrievalSlash = Slash;
	type MaxRetrievalsPerProvider = ConstU32<2>;
	type MaxHookWeight = HookWeight;
	type WeightInfo = ();
}

/// Accounts 1..=40 start with [`INITIAL_BALANCE`]; the pool is endowed by the pallet's genesis.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().expect("valid genesis");
	pallet_balances::GenesisConfig::<Test> {
		balances: (1..=40).map(|who| (who, INITIAL_BALANCE)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.expect("valid balances genesis");
	pallet_zg_storage::GenesisConfig::<Test>::default()
		.assimilate_storage(&mut storage)
		.expect("valid storage genesis");
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs `test` on a fresh chain and checks the pallet's invariants afterwards.
pub fn run_test(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Storage::do_try_state().expect("invariants hold");
	});
}

/// Advances to block `n`, running every pallet's hooks.
pub fn run_to_block(n: u64) {
	System::run_to_block::<AllPalletsWithSystem>(n);
}

/// Advances to the first block of round `round`.
pub fn run_to_round(round: u64) {
	run_to_block(round * CHALLENGE_PERIOD);
}

/// Advances past the current round's response window (its open challenges become misses).
pub fn close_current_round() {
	run_to_block(Storage::current_round() * CHALLENGE_PERIOD + RESPONSE_WINDOW + 1);
}

pub fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| if let RuntimeEvent::Storage(e) = r.event { Some(e) } else { None })
		.collect()
}

pub fn held_stake(who: AccountId) -> Balance {
	use frame_support::traits::fungible::InspectHold;
	Balances::balance_on_hold(&HoldReason::ProviderStake.into(), &who)
}

pub fn free_balance(who: AccountId) -> Balance {
	Balances::free_balance(who)
}

pub fn pool() -> AccountId {
	Storage::pool_account()
}

/// A real file, its shards and roots.
#[derive(Clone)]
pub struct TestFile {
	pub data: Vec<u8>,
	pub root: H256,
	pub shards: Vec<Vec<u8>>,
	pub shard_roots: Vec<H256>,
}

impl TestFile {
	/// `len` bytes derived from `seed`, encoded with the default parameters.
	pub fn new(len: usize, seed: u8) -> Self {
		let data: Vec<u8> =
			(0..len).map(|i| (i as u8).wrapping_mul(seed | 1).wrapping_add(seed) ^ (i / 251) as u8).collect();
		let shards = erasure::encode(&ErasureParams::DEFAULT, &data).expect("valid params");
		Self::from_parts(data, shards)
	}

	/// A file whose shards are given (possibly tampered with).
	pub fn from_parts(data: Vec<u8>, shards: Vec<Vec<u8>>) -> Self {
		let root = file_root(&data);
		let shard_roots = erasure::shard_roots(&shards);
		Self { data, root, shards, shard_roots }
	}

	pub fn size(&self) -> u64 {
		self.data.len() as u64
	}

	pub fn roots(&self) -> BoundedVec<H256, ConstU32<8>> {
		self.shard_roots.clone().try_into().expect("n <= MaxShards")
	}

	/// Sector `j` of shard `shard` and its Merkle path to the shard root.
	pub fn open(&self, shard: usize, j: u64) -> (SectorData, MerklePath) {
		let bytes = &self.shards[shard];
		let leaves: Vec<H256> = bytes.chunks(SECTOR_SIZE).map(sector_leaf).collect();
		let start = j as usize * SECTOR_SIZE;
		let data = bytes[start..start + SECTOR_SIZE].to_vec().try_into().expect("one sector");
		let path = merkle_proof(&leaves, j).expect("in range").siblings.try_into().expect("short path");
		(data, path)
	}

	/// The leaf of file sector `f` and its path to the file root (in the file's padded tree).
	pub fn open_file(&self, f: u64) -> (H256, MerklePath) {
		let leaves = file_leaves(&self.data);
		let path = merkle_proof(&leaves, f).expect("in range").siblings.try_into().expect("short path");
		(leaves[f as usize], path)
	}
}

/// Registers providers `whos` with `capacity` bytes each and the minimum stake.
pub fn register(whos: impl IntoIterator<Item = AccountId>, capacity: u64) {
	for who in whos {
		frame_support::assert_ok!(Storage::register_provider(
			RuntimeOrigin::signed(who),
			format!("peer-{who}").into_bytes(),
			capacity,
			MIN_STAKE * 10,
		));
	}
}

/// The providers of `root`'s shards, in shard order.
pub fn providers_of(root: H256) -> Vec<AccountId> {
	Files::<Test>::get(root).expect("file exists").shards.iter().map(|s| s.provider).collect()
}

/// Submits `file` from `owner` for `periods` rounds naming `encoder`.
pub fn submit(file: &TestFile, owner: AccountId, periods: u32, encoder: AccountId) -> frame_support::dispatch::DispatchResultWithPostInfo {
	Storage::submit_file(RuntimeOrigin::signed(owner), file.root, file.size(), periods, encoder)
}

/// Submits `file` from `owner` for `periods` rounds, confirms its encoding by `encoder` and has every provider
/// acknowledge its shard.
pub fn store(file: &TestFile, owner: AccountId, periods: u32, encoder: AccountId) {
	use frame_support::assert_ok;
	assert_ok!(submit(file, owner, periods, encoder));
	assert_ok!(Storage::confirm_encoding(RuntimeOrigin::signed(encoder), file.root, file.roots()));
	for (shard, provider) in providers_of(file.root).into_iter().enumerate() {
		assert_ok!(Storage::acknowledge_shard(RuntimeOrigin::signed(provider), file.root, shard as u32));
	}
}

/// Answers `who`'s open challenge honestly from `files`.
pub fn answer(who: AccountId, files: &[&TestFile]) -> frame_support::dispatch::DispatchResultWithPostInfo {
	let challenge = Challenges::<Test>::get(who).expect("challenged");
	let file = files.iter().find(|f| f.root == challenge.file).expect("a known file");
	let (data, path) = file.open(challenge.shard as usize, challenge.sector);
	Storage::submit_proof(RuntimeOrigin::signed(who), data, path)
}

/// Runs `on_initialize` of the pallet directly (for weight checks).
pub fn on_initialize(n: u64) -> frame_support::weights::Weight {
	<Storage as Hooks<u64>>::on_initialize(n)
}
