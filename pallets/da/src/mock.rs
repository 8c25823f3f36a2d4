//! A test runtime: system, balances and this pallet, with deterministic randomness, the real native KZG cell
//! verifier (c-kzg, Ethereum's setup) and a recording zg storage.

use crate::{self as pallet_zg_da, *};
use core::cell::RefCell;
use frame_support::{derive_impl, parameter_types, traits::ConstU32};
use sp_runtime::BuildStorage;
use zg_primitives::da::DATA_PER_ROW;

pub type AccountId = u64;
pub type Balance = u64;
type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Da: pallet_zg_da,
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
pub const UNBONDING: u64 = 10;
pub const EPOCH: u64 = 10;
pub const SLOTS: u32 = 3;
pub const ATTEST_WINDOW: u64 = 5;
pub const RETENTION: u64 = 30;
pub const CHALLENGE_PERIOD: u64 = 6;
pub const RESPONSE_WINDOW: u64 = 3;
pub const INITIAL_BALANCE: Balance = 1_000_000_000_000;
pub const MAX_DUE: u32 = 4;
pub const ROW: u64 = DATA_PER_ROW as u64;

parameter_types! {
	pub static RandomSeed: u64 = 0;
	pub const FailedBlobCost: Perbill = Perbill::from_percent(10);
	pub const ChallengeSlash: Perbill = Perbill::from_percent(10);
	pub const LeakSlash: Perbill = Perbill::from_percent(10);
}

/// Randomness that depends only on the subject, the block and [`RandomSeed`].
pub struct TestRandomness;
impl frame_support::traits::Randomness<H256, u64> for TestRandomness {
	fn random(subject: &[u8]) -> (H256, u64) {
		let block = System::block_number();
		(H256(sp_io::hashing::keccak_256(&(subject, block, RandomSeed::get()).encode())), block)
	}
}
impl frame_support::traits::Randomness<Option<H256>, u64> for TestRandomness {
	fn random(subject: &[u8]) -> (Option<H256>, u64) {
		let (r, b) = <Self as frame_support::traits::Randomness<H256, u64>>::random(subject);
		(Some(r), b)
	}
}

thread_local! {
	/// Files handed to zg storage: (owner, root, size, periods, encoder).
	pub static KEPT: RefCell<Vec<(AccountId, H256, u64, u32, AccountId)>> = RefCell::new(Vec::new());
}

/// A zg storage that records what it is asked to store, charging 1 per byte and period.
pub struct MockFiles;
impl StoredFiles<AccountId, Balance> for MockFiles {
	fn stored_size(_: &H256) -> Option<u64> {
		None
	}
	fn encoder_of_peer(_: &[u8]) -> Option<AccountId> {
		None
	}
	fn fee(size: u64, periods: u32) -> Option<Balance> {
		size.checked_mul(periods as u64)
	}
	fn store(owner: &AccountId, root: H256, size: u64, periods: u32, encoder: &AccountId) -> Result<bool, DispatchError> {
		if KEPT.with(|k| k.borrow().iter().any(|f| f.1 == root)) {
			return Ok(false);
		}
		let fee = size * periods as u64;
		<Balances as fungible::Mutate<AccountId>>::burn_from(owner, fee, frame_support::traits::tokens::Preservation::Preserve, Precision::Exact, Fortitude::Polite)?;
		KEPT.with(|k| k.borrow_mut().push((*owner, root, size, periods, *encoder)));
		Ok(true)
	}
	fn delivery(_: &H256) -> zg_primitives::storage::Delivery {
		zg_primitives::storage::Delivery::Lost
	}
	fn store_weight() -> Weight {
		Weight::zero()
	}
}

/// The worker's transactions in tests: unchecked, with the signer's account.
pub type Extrinsic = sp_runtime::testing::TestXt<RuntimeCall, ()>;

impl frame_system::offchain::SigningTypes for Test {
	type Public = sp_runtime::testing::UintAuthorityId;
	type Signature = sp_runtime::testing::TestSignature;
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
		_public: sp_runtime::testing::UintAuthorityId,
		account: AccountId,
		_nonce: <Test as frame_system::Config>::Nonce,
	) -> Option<Extrinsic> {
		Some(Extrinsic::new_signed(call, account, (), ()))
	}
}

/// Test keys: `UintAuthorityId(n)` signs for account `n`.
pub struct TestAuthId;
impl frame_system::offchain::AppCrypto<sp_runtime::testing::UintAuthorityId, sp_runtime::testing::TestSignature>
	for TestAuthId
{
	type RuntimeAppPublic = sp_runtime::testing::UintAuthorityId;
	type GenericPublic = sp_runtime::testing::UintAuthorityId;
	type GenericSignature = sp_runtime::testing::TestSignature;
}

impl pallet_zg_da::Config for Test {
	type AuthorityId = TestAuthId;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type CommitteeRandomness = TestRandomness;
	type ChallengeRandomness = TestRandomness;
	type CellVerifier = HostCells;
	type StoredFiles = MockFiles;
	type MinSignerStake = frame_support::traits::ConstU64<MIN_STAKE>;
	type UnbondingPeriod = frame_support::traits::ConstU64<UNBONDING>;
	type EpochLength = frame_support::traits::ConstU64<EPOCH>;
	type Slots = ConstU32<SLOTS>;
	type MaxSigners = ConstU32<8>;
	type MaxBlobSize = frame_support::traits::ConstU64<{ 2 * ROW }>;
	type MaxRows = ConstU32<2>;
	type BlockByteBudget = frame_support::traits::ConstU64<{ 4 * ROW }>;
	type MinBaseFee = frame_support::traits::ConstU64<1>;
	type AttestWindow = frame_support::traits::ConstU64<ATTEST_WINDOW>;
	type Retention = frame_support::traits::ConstU64<RETENTION>;
	type FailedBlobCost = FailedBlobCost;
	type ChallengePeriod = frame_support::traits::ConstU64<CHALLENGE_PERIOD>;
	type ResponseWindow = frame_support::traits::ConstU64<RESPONSE_WINDOW>;
	type ChallengeSlash = ChallengeSlash;
	type LeakSlash = LeakSlash;
	type ChallengesPerBlock = ConstU32<2>;
	type MaxAttestBatch = ConstU32<4>;
	type MaxDuePerBlock = ConstU32<MAX_DUE>;
	type MaxPeerIdLen = ConstU32<32>;
	type WeightInfo = ();
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().expect("valid genesis");
	pallet_balances::GenesisConfig::<Test> {
		balances: (1..=40).map(|who| (who, INITIAL_BALANCE)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.expect("valid balances genesis");
	pallet_zg_da::GenesisConfig::<Test>::default()
		.assimilate_storage(&mut storage)
		.expect("valid DA genesis");
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	KEPT.with(|k| k.borrow_mut().clear());
	RandomSeed::set(0);
	ext
}

/// Runs the test and then the pallet's invariants.
pub fn test(f: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		f();
		Da::do_try_state().expect("invariants hold");
	});
}

pub fn run_to_block(n: u64) {
	System::run_to_block::<AllPalletsWithSystem>(n);
}

/// Registers `who` as a signer with `stake` and commits it to its custody chain ([`custody_secret`]).
pub fn signer(who: AccountId, stake: Balance) {
	Da::register_signer(RuntimeOrigin::signed(who), stake, format!("peer-{who}").into_bytes().try_into().unwrap())
		.unwrap();
	let epoch = Da::epoch_of(System::block_number());
	Da::commit_custody(RuntimeOrigin::signed(who), epoch, H256(zg_primitives::da::custody::step(&custody_secret(who, epoch))))
		.unwrap();
}

/// Signer `who`'s custody secret of `epoch` in tests: a chain of seed `[who; 32]` whose top is at epoch 4,000.
pub fn custody_secret(who: AccountId, epoch: EpochIndex) -> [u8; 32] {
	zg_primitives::da::custody::secret_of(&[who as u8; 32], 4_000, epoch).unwrap()
}

pub fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| if let RuntimeEvent::Da(e) = r.event { Some(e) } else { None })
		.collect()
}
