//! Benchmarks of the precompiles' views, `--pallet zg_precompiles` (`scripts/bench-weights.sh`).
//!
//! Each view is called as a contract or a wallet calls it, through `pallet_revive`'s `bare_call` to the
//! precompile's address, against the worst record it can read at the runtime's bounds: a file with `MaxShards`
//! shards, a blob with `MaxRows` commitments, a job whose inline input and output are as long as the bounds allow and
//! that is under dispute with every juror drawn. `precompile_call` measures the same call into a precompile that does
//! nothing (the identity precompile with no input): what `pallet-revive` itself charges for entering a precompile.
//! A view charges its own benchmark less `precompile_call`, before it reads and whatever it then finds, so reading
//! an absent or smaller record costs no less and nobody reads state without paying first. Storage items read but
//! absent here (a provider's peer id, for example) are counted at their maximum encoded length in the proof size.
//!
//! The state-changing calls are not benchmarked here: they dispatch the pallets' own calls, which charge their own
//! benchmarked weights (see `dispatch` in the parent module).
//!
//! (`pallet_revive::precompiles::run` would run a view without the call around it, but it needs pallet-revive's own
//! `runtime-benchmarks` feature, which changes the features of half the dependency tree and its build.)

use alloc::{vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::{traits::fungible::Mutate, weights::Weight, BoundedVec};
use pallet_revive::{AddressMapper, ExecConfig, TransactionLimits, H160, U256};
use sp_core::H256;

use super::*;
use crate::{currency::ZG, BlockNumber};

/// The benchmarks' pseudo-pallet (the precompiles are not a pallet; frame-benchmarking needs a type to hang them on).
pub struct Pallet<T: Config>(core::marker::PhantomData<T>);

/// Implemented by the runtime only: the benchmarks run zg's precompiles, which are written for `Runtime`.
pub trait Config: frame_system::Config {}

impl Config for Runtime {}

/// The account that calls the views: funded and mapped to its Ethereum address, as an account that sends a call.
fn caller() -> AccountId {
	let who = funded(0);
	let _ = pallet_revive::Pallet::<Runtime>::map_account(frame_system::RawOrigin::Signed(who.clone()).into());
	who
}

/// Calls `input` at the precompile `P` as `who` would, in a transaction; returns what it returned (or panics: a
/// benchmark of a call that reverts measures nothing useful).
fn call<P: Precompile>(who: &AccountId, input: Vec<u8>) -> Vec<u8> {
	call_at(who, P::MATCHER.base_address(), input)
}

fn call_at(who: &AccountId, address: [u8; 20], input: Vec<u8>) -> Vec<u8> {
	let result = pallet_revive::Pallet::<Runtime>::bare_call(
		frame_system::RawOrigin::Signed(who.clone()).into(),
		H160(address),
		U256::zero(),
		TransactionLimits::WeightAndDeposit {
			weight_limit: Weight::from_parts(500_000_000_000, 10 * 1024 * 1024),
			deposit_limit: ZG,
		},
		input,
		&ExecConfig::new_substrate_tx(),
	);
	let output = result.result.expect("the call runs");
	assert!(!output.did_revert(), "the call reverted: {:?}", output.data);
	output.data
}

fn funded(seed: u32) -> AccountId {
	let who = account::<AccountId>("zg", seed, 0);
	<crate::Balances as Mutate<AccountId>>::set_balance(&who, 1_000_000 * ZG);
	who
}

/// A blob with `MaxRows` commitments, certified, whose every slot attested.
fn worst_blob() -> u64 {
	use pallet_zg_da::{BlobInfo, BlobStatus, Blobs, Commitments};
	let id = 7;
	let max_rows = <<Runtime as pallet_zg_da::Config>::MaxRows as Get<u32>>::get() as usize;
	let max_peer = <<Runtime as pallet_zg_da::Config>::MaxPeerIdLen as Get<u32>>::get() as usize;
	Blobs::<Runtime>::insert(
		id,
		BlobInfo::<Runtime> {
			submitter: funded(1),
			namespace: u64::MAX,
			size: u64::MAX,
			data_root: H256::repeat_byte(1),
			epoch: u32::MAX,
			submitted_at: BlockNumber::MAX,
			deadline: BlockNumber::MAX,
			expires_at: BlockNumber::MAX,
			fee: Balance::MAX,
			held: Balance::MAX,
			status: BlobStatus::Certified { at: BlockNumber::MAX },
			attested: u128::MAX,
			disperser: BoundedVec::truncate_from(vec![1u8; max_peer]),
		},
	);
	Commitments::<Runtime>::insert(id, BoundedVec::truncate_from(vec![[2u8; 48]; max_rows]));
	id
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// A call into the identity precompile with no input: `pallet-revive`'s own cost of a call to a precompile.
	#[benchmark]
	fn precompile_call() {
		let who = caller();
		let result;
		#[block]
		{
			result = call_at(&who, H160::from_low_u64_be(4).0, Vec::new());
		}
		assert!(result.is_empty());
	}

	/// `IZgStorage.fee(size, periods)`.
	#[benchmark]
	fn storage_fee() {
		let who = caller();
		let size = <<Runtime as pallet_zg_storage::Config>::MaxFileSize as Get<u64>>::get();
		let input = IZgStorage::feeCall { size, periods: 1_000 }.abi_encode();
		let result;
		#[block]
		{
			result = call::<StoragePrecompile>(&who, input);
		}
		let fee = IZgStorage::feeCall::abi_decode_returns(&result).expect("decodes");
		assert!(fee > AlloyU256::ZERO);
	}

	/// `IZgStorage.file(root)` of a file with `MaxShards` shards.
	#[benchmark]
	fn storage_file() {
		use pallet_zg_storage::{FileInfo, FileState, Files, Shard};
		let shards = <<Runtime as pallet_zg_storage::Config>::MaxShards as Get<u32>>::get();
		let root = H256::repeat_byte(3);
		Files::<Runtime>::insert(
			root,
			FileInfo::<AccountId, Balance, BlockNumber, <Runtime as pallet_zg_storage::Config>::MaxShards> {
				owner: funded(1),
				size: <<Runtime as pallet_zg_storage::Config>::MaxFileSize as Get<u64>>::get(),
				params: <<Runtime as pallet_zg_storage::Config>::ErasureParams as Get<_>>::get(),
				state: FileState::Stored,
				encoder: Some(funded(2)),
				chosen_encoder: funded(2),
				deadline: None,
				shards: BoundedVec::truncate_from(
					(0..shards)
						.map(|i| Shard { provider: funded(100 + i), root: Some(H256::repeat_byte(4)), acknowledged: true })
						.collect(),
				),
				fee: Balance::MAX,
				paid_out: Balance::MAX,
				start_round: u64::MAX,
				periods: u32::MAX,
			},
		);
		let who = caller();
		let input = IZgStorage::fileCall { root: B32::from(root.0) }.abi_encode();
		let result;
		#[block]
		{
			result = call::<StoragePrecompile>(&who, input);
		}
		let ret = IZgStorage::fileCall::abi_decode_returns(&result).expect("decodes");
		assert_eq!(ret.providers.len(), shards as usize);
	}

	/// `IZgDa.blob(id)` (also what `status` and `isCertified` read).
	#[benchmark]
	fn da_blob() {
		let id = worst_blob();
		let who = caller();
		let input = IZgDa::blobCall { blobId: id }.abi_encode();
		let result;
		#[block]
		{
			result = call::<DaPrecompile>(&who, input);
		}
		let ret = IZgDa::blobCall::abi_decode_returns(&result).expect("decodes");
		assert_eq!(ret.status, 2);
	}

	/// `IZgDa.commitments(id)` of a blob with `MaxRows` commitments.
	#[benchmark]
	fn da_commitments() {
		let id = worst_blob();
		let who = caller();
		let input = IZgDa::commitmentsCall { blobId: id }.abi_encode();
		let result;
		#[block]
		{
			result = call::<DaPrecompile>(&who, input);
		}
		let ret = IZgDa::commitmentsCall::abi_decode_returns(&result).expect("decodes");
		assert_eq!(ret.len(), <<Runtime as pallet_zg_da::Config>::MaxRows as Get<u32>>::get() as usize);
	}

	/// `IZgCompute.ledger(who)`.
	#[benchmark]
	fn compute_ledger() {
		let target = H160::repeat_byte(5);
		let account = <Runtime as pallet_revive::Config>::AddressMapper::to_account_id(&target);
		pallet_zg_compute::Ledgers::<Runtime>::insert(
			&account,
			pallet_zg_compute::Ledger { free: Balance::MAX, locked: Balance::MAX },
		);
		let who = caller();
		let input = IZgCompute::ledgerCall { who: target.0.into() }.abi_encode();
		let result;
		#[block]
		{
			result = call::<ComputePrecompile>(&who, input);
		}
		let ret = IZgCompute::ledgerCall::abi_decode_returns(&result).expect("decodes");
		assert_eq!(ret.free, AlloyU256::from(Balance::MAX));
	}

	/// `IZgCompute.job(id)` of a disputed job with the longest inline input and output, and every juror drawn.
	#[benchmark]
	fn compute_job() {
		use pallet_zg_compute::{JobInfo, JobInput, Jobs, Status};
		let max_input = <<Runtime as pallet_zg_compute::Config>::MaxInlineInput as Get<u32>>::get() as usize;
		let max_output = <<Runtime as pallet_zg_compute::Config>::MaxOutput as Get<u32>>::get() as usize;
		let jurors = <<Runtime as pallet_zg_compute::Config>::Jurors as Get<u32>>::get();
		let id = 9;
		Jobs::<Runtime>::insert(
			id,
			JobInfo::<Runtime> {
				owner: funded(1),
				kind: u32::MAX,
				input: JobInput::Inline(BoundedVec::truncate_from(vec![1u8; max_input])),
				provider: funded(2),
				escrow: Balance::MAX,
				price: Balance::MAX,
				deadline: BlockNumber::MAX,
				status: Status::Disputed {
					output: BoundedVec::truncate_from(vec![2u8; max_output]),
					challenger: funded(3),
					claim: H256::repeat_byte(6),
					jurors: BoundedVec::truncate_from(
						(0..jurors).map(|i| (funded(200 + i), Some(H256::repeat_byte(7)))).collect(),
					),
					until: BlockNumber::MAX,
				},
			},
		);
		let who = caller();
		let input = IZgCompute::jobCall { id }.abi_encode();
		let result;
		#[block]
		{
			result = call::<ComputePrecompile>(&who, input);
		}
		let ret = IZgCompute::jobCall::abi_decode_returns(&result).expect("decodes");
		assert_eq!(ret.output.len(), max_output);
	}

	/// `IZgStaking.bonded(who)` of a bonded account.
	#[benchmark]
	fn staking_bonded() {
		let target = H160::repeat_byte(8);
		let account = <Runtime as pallet_revive::Config>::AddressMapper::to_account_id(&target);
		<crate::Balances as Mutate<AccountId>>::set_balance(&account, 1_000_000 * ZG);
		pallet_staking::Pallet::<Runtime>::bond(
			frame_system::RawOrigin::Signed(account).into(),
			1_000 * ZG,
			pallet_staking::RewardDestination::Stash,
		)
		.expect("bonds");
		let who = caller();
		let input = IZgStaking::bondedCall { who: target.0.into() }.abi_encode();
		let result;
		#[block]
		{
			result = call::<StakingPrecompile>(&who, input);
		}
		let bonded = AlloyU256::abi_decode(&result).expect("decodes");
		assert_eq!(bonded, AlloyU256::from(1_000 * ZG));
	}
}
