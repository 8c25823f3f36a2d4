//! zg's precompiles: Solidity reaches the runtime's pallets at fixed addresses (Moonbeam's shape).
//!
//! | address | interface | pallet |
//! |---|---|---|
//! | `0x000000000000000000000000000000000a010000` | `runtime/precompiles/IZgStorage.sol` | pallet-zg-storage |
//! | `0x000000000000000000000000000000000A020000` | `runtime/precompiles/IZgDa.sol` | pallet-zg-da |
//! | `0x000000000000000000000000000000000a030000` | `runtime/precompiles/IZgCompute.sol` | pallet-zg-compute |
//! | `0x000000000000000000000000000000000A040000` | `runtime/precompiles/IZgStaking.sol` | pallet-staking |
//! | `0x000000000000000000000000000000000A050000` | `runtime/precompiles/IZgGovernance.sol` | pallet-conviction-voting |
//!
//! (`pallet-revive` places an `AddressMatcher::Fixed(n)` precompile at `n << 16`; zg's are `0x0A01…`.)
//!
//! A state-changing call is the pallet's own call, dispatched with the caller as its signed origin: the account of
//! an externally owned address that sends a transaction to the precompile, or the calling contract's account. So
//! the pallet's checks, events and limits apply unchanged. Before dispatching, the precompile charges the call's
//! benchmarked weight (its `DispatchInfo`), and after, refunds what the call's post-dispatch weight says it did not
//! use, as any extrinsic pays. A refused call reverts with the reason `"<pallet>.<call>: <error>"` (a Solidity
//! `Error(string)`), never traps; a call from a static context or through `delegatecall` reverts too. Input that
//! does not decode against the interface is refused by `pallet-revive` before it gets here.
//!
//! A view charges its benchmarked weight (`weights.rs`, measured by `benchmarking.rs` against the largest record it
//! can read at the runtime's bounds, less the time `pallet-revive` charges itself for any call into a precompile) before
//! it reads anything, and whatever it then finds: reading costs the same whether the record is there or not, so a
//! contract cannot probe state for less.

#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarking;
pub mod weights;

use alloc::{format, vec::Vec};
use core::num::NonZero;

use alloy_core::sol_types::{SolCall, SolValue};
use frame_support::{
	dispatch::{GetDispatchInfo, PostDispatchInfo},
	traits::Get,
};
use pallet_revive::precompiles::{AddressMatcher, Error, Ext, Precompile, RuntimeCosts, H160};
use sp_runtime::{traits::Dispatchable, DispatchError, MultiAddress};

use crate::{AccountId, Balance, Runtime, RuntimeCall};
use weights::WeightInfo as _;

alloy_core::sol!("precompiles/IZgStorage.sol");
alloy_core::sol!("precompiles/IZgDa.sol");
alloy_core::sol!("precompiles/IZgCompute.sol");
alloy_core::sol!("precompiles/IZgStaking.sol");
alloy_core::sol!("precompiles/IZgGovernance.sol");

/// `IZgStorage`'s matcher.
pub const STORAGE: u16 = 0x0A01;
/// `IZgDa`'s matcher.
pub const DA: u16 = 0x0A02;
/// `IZgCompute`'s matcher.
pub const COMPUTE: u16 = 0x0A03;
/// `IZgStaking`'s matcher.
pub const STAKING: u16 = 0x0A04;
/// `IZgGovernance`'s matcher.
pub const GOVERNANCE: u16 = 0x0A05;

type AlloyU256 = alloy_core::primitives::U256;
type B32 = alloy_core::primitives::FixedBytes<32>;

/// The views' measured weights.
pub type ViewWeights = weights::SubstrateWeight<Runtime>;

/// What a view charges: its benchmark (a whole call into the precompile) less the time of the same call into a
/// precompile that does nothing, which `pallet-revive` charges already. The proof size is the benchmark's whole
/// estimate: the benchmarking CLI's estimates are not additive (a view that reads one more item can estimate the
/// same as the bare call), and over-counting proof bytes only makes a call look larger than it is.
pub fn view_weight(benchmark: frame_support::weights::Weight) -> frame_support::weights::Weight {
	frame_support::weights::Weight::from_parts(
		benchmark.ref_time().saturating_sub(ViewWeights::precompile_call().ref_time()),
		benchmark.proof_size(),
	)
}

/// Charges a view's weight (see [`view_weight`]), before it reads.
fn charge_view(env: &mut impl Ext<T = Runtime>, benchmark: frame_support::weights::Weight) -> Result<(), Error> {
	env.frame_meter_mut().charge_weight_token(RuntimeCosts::Precompile(view_weight(benchmark)))?;
	Ok(())
}

fn account_bytes(account: &AccountId) -> B32 {
	B32::from(*<AccountId as AsRef<[u8; 32]>>::as_ref(account))
}

fn revert(message: alloc::string::String) -> Error {
	Error::Revert(message.into())
}

/// An amount of wei as a balance, or a revert naming `what`.
fn balance(value: &alloy_core::primitives::U256, what: &str) -> Result<Balance, Error> {
	Balance::try_from(*value).map_err(|_| revert(format!("{what}: {value} wei is more than a balance holds")))
}

/// The caller's account, if the call may change state.
fn mutable_caller(env: &impl Ext<T = Runtime>, what: &str) -> Result<AccountId, Error> {
	if env.is_read_only() {
		return Err(revert(format!("{what}: not in a static call")));
	}
	if env.is_delegate_call() {
		return Err(revert(format!("{what}: not through delegatecall")));
	}
	env.caller().account_id().cloned().map_err(|_| revert(format!("{what}: the caller has no account")))
}

/// Dispatches `call` with the caller's signed origin, charging its weight first and refunding what it did not use.
fn dispatch(env: &mut impl Ext<T = Runtime>, what: &str, call: RuntimeCall) -> Result<Vec<u8>, Error> {
	let info = call.get_dispatch_info();
	let charged = env.charge(info.call_weight)?;
	let who = mutable_caller(env, what)?;
	let result = call.dispatch(frame_system::RawOrigin::Signed(who).into());
	let post: PostDispatchInfo = match &result {
		Ok(post) => *post,
		Err(e) => e.post_info,
	};
	env.adjust_gas(charged, post.calc_actual_weight(&info));
	match result {
		Ok(_) => Ok(Vec::new()),
		Err(e) => Err(revert(format!("{what}: {}", reason(e.error)))),
	}
}

/// A dispatch error as a pallet error's name where it has one.
fn reason(error: DispatchError) -> &'static str {
	match error {
		DispatchError::Module(module) => module.message.unwrap_or("a pallet error"),
		other => other.into(),
	}
}

/// `IZgStaking` (see the module docs).
pub struct StakingPrecompile;

impl Precompile for StakingPrecompile {
	type T = Runtime;
	type Interface = IZgStaking::IZgStakingCalls;
	const MATCHER: AddressMatcher = AddressMatcher::Fixed(NonZero::new(STAKING).unwrap());
	const HAS_CONTRACT_INFO: bool = false;

	fn call(_: &[u8; 20], input: &Self::Interface, env: &mut impl Ext<T = Runtime>) -> Result<Vec<u8>, Error> {
		use pallet_staking::{Call, RewardDestination};
		use IZgStaking::IZgStakingCalls as C;
		match input {
			C::bond(c) => {
				let value = balance(&c.value, "staking.bond")?;
				dispatch(env, "staking.bond", Call::bond { value, payee: RewardDestination::Stash }.into())
			},
			C::bondExtra(c) => {
				let max_additional = balance(&c.value, "staking.bondExtra")?;
				dispatch(env, "staking.bondExtra", Call::bond_extra { max_additional }.into())
			},
			C::unbond(c) => {
				let value = balance(&c.value, "staking.unbond")?;
				dispatch(env, "staking.unbond", Call::unbond { value }.into())
			},
			C::nominate(c) => {
				let quota = <<Runtime as pallet_staking::Config>::NominationsQuota as pallet_staking::NominationsQuota<
					Balance,
				>>::get_quota(Balance::MAX) as usize;
				if c.validators.is_empty() || c.validators.len() > quota {
					return Err(revert(format!("staking.nominate: 1 to {quota} validators, not {}", c.validators.len())));
				}
				let targets = c.validators.iter().map(|v| MultiAddress::Id(AccountId::new(v.0))).collect();
				dispatch(env, "staking.nominate", Call::nominate { targets }.into())
			},
			C::chill(_) => dispatch(env, "staking.chill", Call::chill {}.into()),
			C::bonded(c) => {
				charge_view(env, ViewWeights::staking_bonded())?;
				let who = env.to_account_id(&H160::from_slice(c.who.as_slice()));
				let active = <pallet_staking::Pallet<Runtime> as sp_staking::StakingInterface>::stake(&who)
					.map(|stake| stake.active)
					.unwrap_or_default();
				Ok(alloy_core::primitives::U256::from(active).abi_encode())
			},
		}
	}
}

/// `IZgGovernance` (see the module docs).
pub struct GovernancePrecompile;

impl Precompile for GovernancePrecompile {
	type T = Runtime;
	type Interface = IZgGovernance::IZgGovernanceCalls;
	const MATCHER: AddressMatcher = AddressMatcher::Fixed(NonZero::new(GOVERNANCE).unwrap());
	const HAS_CONTRACT_INFO: bool = false;

	fn call(_: &[u8; 20], input: &Self::Interface, env: &mut impl Ext<T = Runtime>) -> Result<Vec<u8>, Error> {
		use pallet_conviction_voting::{AccountVote, Call, Conviction, Vote};
		use IZgGovernance::IZgGovernanceCalls as C;
		match input {
			C::vote(c) => {
				let conviction = Conviction::try_from(c.conviction)
					.map_err(|_| revert(format!("convictionVoting.vote: conviction {} is not 0 to 6", c.conviction)))?;
				let balance = balance(&c.balance, "convictionVoting.vote")?;
				let vote = AccountVote::Standard { vote: Vote { aye: c.aye, conviction }, balance };
				dispatch(env, "convictionVoting.vote", Call::vote { poll_index: c.index, vote }.into())
			},
			C::removeVote(c) => dispatch(
				env,
				"convictionVoting.removeVote",
				Call::remove_vote { class: None, index: c.index }.into(),
			),
		}
	}
}

/// `IZgStorage` (see the module docs).
pub struct StoragePrecompile;

impl Precompile for StoragePrecompile {
	type T = Runtime;
	type Interface = IZgStorage::IZgStorageCalls;
	const MATCHER: AddressMatcher = AddressMatcher::Fixed(NonZero::new(STORAGE).unwrap());
	const HAS_CONTRACT_INFO: bool = false;

	fn call(_: &[u8; 20], input: &Self::Interface, env: &mut impl Ext<T = Runtime>) -> Result<Vec<u8>, Error> {
		use zg_primitives::storage::host::FileStatus;
		use IZgStorage::IZgStorageCalls as C;
		match input {
			C::submitFile(c) => dispatch(
				env,
				"storage.submitFile",
				pallet_zg_storage::Call::submit_file {
					root: sp_core::H256(c.root.0),
					size: c.size,
					periods: c.periods,
					encoder: AccountId::new(c.encoder.0),
				}
				.into(),
			),
			C::fee(c) => {
				charge_view(env, ViewWeights::storage_fee())?;
				let fee = crate::Storage::quote(c.size, c.periods)
					.ok_or_else(|| revert(format!("storage.fee: the chain takes no file of {} bytes", c.size)))?;
				Ok(IZgStorage::feeCall::abi_encode_returns(&AlloyU256::from(fee)))
			},
			C::file(c) => {
				charge_view(env, ViewWeights::storage_file())?;
				let view = crate::Storage::file_view(sp_core::H256(c.root.0));
				let ret = match view {
					None => IZgStorage::fileReturn {
						exists: false,
						state: 0,
						size: 0,
						owner: B32::ZERO,
						providers: Vec::new(),
						fee: AlloyU256::ZERO,
						startRound: 0,
						endRound: 0,
					},
					Some(f) => IZgStorage::fileReturn {
						exists: true,
						state: match f.state {
							FileStatus::Pending => 0,
							FileStatus::Encoded => 1,
							FileStatus::Stored => 2,
						},
						size: f.layout.size,
						owner: account_bytes(&f.owner),
						providers: f.providers.iter().map(account_bytes).collect(),
						fee: AlloyU256::from(f.fee),
						startRound: f.start_round,
						endRound: f.end_round,
					},
				};
				Ok(IZgStorage::fileCall::abi_encode_returns(&ret))
			},
		}
	}
}

/// `IZgDa` (see the module docs).
pub struct DaPrecompile;

impl DaPrecompile {
	/// 0 unknown, 1 pending, 2 certified, 3 unavailable.
	fn status_code(status: &[u8]) -> u8 {
		match status {
			b"pending" => 1,
			b"certified" => 2,
			b"unavailable" => 3,
			_ => 0,
		}
	}
}

impl Precompile for DaPrecompile {
	type T = Runtime;
	type Interface = IZgDa::IZgDaCalls;
	const MATCHER: AddressMatcher = AddressMatcher::Fixed(NonZero::new(DA).unwrap());
	const HAS_CONTRACT_INFO: bool = false;

	fn call(_: &[u8; 20], input: &Self::Interface, env: &mut impl Ext<T = Runtime>) -> Result<Vec<u8>, Error> {
		use IZgDa::IZgDaCalls as C;
		match input {
			C::status(c) => {
				charge_view(env, ViewWeights::da_blob())?;
				let code = crate::Da::blob_view(c.blobId).map_or(0, |b| Self::status_code(&b.status));
				Ok(IZgDa::statusCall::abi_encode_returns(&code))
			},
			C::isCertified(c) => {
				charge_view(env, ViewWeights::da_blob())?;
				let certified = crate::Da::blob_view(c.blobId).is_some_and(|b| Self::status_code(&b.status) == 2);
				Ok(IZgDa::isCertifiedCall::abi_encode_returns(&certified))
			},
			C::blob(c) => {
				charge_view(env, ViewWeights::da_blob())?;
				let ret = match crate::Da::blob_view(c.blobId) {
					None => IZgDa::blobReturn {
						exists: false,
						status: 0,
						namespace: 0,
						size: 0,
						dataRoot: B32::ZERO,
						attestedSlots: 0,
						slots: 0,
						expiresAt: 0,
					},
					Some(b) => IZgDa::blobReturn {
						exists: true,
						status: Self::status_code(&b.status),
						namespace: b.namespace,
						size: b.size,
						dataRoot: B32::from(b.data_root),
						attestedSlots: b.attested_slots,
						slots: b.slots,
						expiresAt: b.expires_at,
					},
				};
				Ok(IZgDa::blobCall::abi_encode_returns(&ret))
			},
			C::commitments(c) => {
				charge_view(env, ViewWeights::da_commitments())?;
				let commitments = crate::Da::commitments_view(c.blobId).unwrap_or_default();
				let ret: Vec<alloy_core::primitives::Bytes> =
					commitments.iter().map(|c| alloy_core::primitives::Bytes::copy_from_slice(&c[..])).collect();
				Ok(IZgDa::commitmentsCall::abi_encode_returns(&ret))
			},
		}
	}
}

/// `IZgCompute` (see the module docs).
pub struct ComputePrecompile;

impl ComputePrecompile {
	fn submit(
		env: &mut impl Ext<T = Runtime>,
		what: &str,
		kind: u32,
		input: pallet_zg_compute::JobInput<<Runtime as pallet_zg_compute::Config>::MaxInlineInput>,
		max_price: &AlloyU256,
		deadline: u32,
	) -> Result<Vec<u8>, Error> {
		let max_price = balance(max_price, what)?;
		let id = pallet_zg_compute::NextJobId::<Runtime>::get();
		dispatch(env, what, pallet_zg_compute::Call::submit_job { kind, input, max_price, deadline }.into())?;
		Ok(IZgCompute::submitJobCall::abi_encode_returns(&id))
	}
}

impl Precompile for ComputePrecompile {
	type T = Runtime;
	type Interface = IZgCompute::IZgComputeCalls;
	const MATCHER: AddressMatcher = AddressMatcher::Fixed(NonZero::new(COMPUTE).unwrap());
	const HAS_CONTRACT_INFO: bool = false;

	fn call(_: &[u8; 20], input: &Self::Interface, env: &mut impl Ext<T = Runtime>) -> Result<Vec<u8>, Error> {
		use pallet_zg_compute::JobInput;
		use IZgCompute::IZgComputeCalls as C;
		match input {
			C::deposit(c) => {
				let amount = balance(&c.amount, "compute.deposit")?;
				dispatch(env, "compute.deposit", pallet_zg_compute::Call::deposit { amount }.into())
			},
			C::withdraw(c) => {
				let amount = balance(&c.amount, "compute.withdraw")?;
				dispatch(env, "compute.withdraw", pallet_zg_compute::Call::withdraw { amount }.into())
			},
			C::ledger(c) => {
				charge_view(env, ViewWeights::compute_ledger())?;
				let who = env.to_account_id(&H160::from_slice(c.who.as_slice()));
				let ledger = pallet_zg_compute::Ledgers::<Runtime>::get(&who).unwrap_or_default();
				Ok(IZgCompute::ledgerCall::abi_encode_returns(&IZgCompute::ledgerReturn {
					free: AlloyU256::from(ledger.free),
					locked: AlloyU256::from(ledger.locked),
				}))
			},
			C::submitJob(c) => {
				let bytes = frame_support::BoundedVec::try_from(c.input.to_vec()).map_err(|_| {
					revert(format!(
						"compute.submitJob: an inline input of {} bytes is longer than {}",
						c.input.len(),
						<<Runtime as pallet_zg_compute::Config>::MaxInlineInput as Get<u32>>::get()
					))
				})?;
				Self::submit(env, "compute.submitJob", c.kind, JobInput::Inline(bytes), &c.maxPrice, c.deadline)
			},
			C::submitStoredJob(c) => Self::submit(
				env,
				"compute.submitStoredJob",
				c.kind,
				JobInput::Stored(sp_core::H256(c.inputRoot.0)),
				&c.maxPrice,
				c.deadline,
			),
			C::job(c) => {
				charge_view(env, ViewWeights::compute_job())?;
				let view = crate::Compute::job_view(c.id);
				let ret = match view {
					None => IZgCompute::jobReturn {
						exists: false,
						status: Default::default(),
						output: Default::default(),
						proven: false,
						provider: B32::ZERO,
						price: AlloyU256::ZERO,
						deadline: 0,
					},
					Some(j) => IZgCompute::jobReturn {
						exists: true,
						status: alloc::string::String::from_utf8_lossy(&j.status).into_owned(),
						output: j.output.unwrap_or_default().into(),
						proven: j.proven,
						provider: account_bytes(&j.provider),
						price: AlloyU256::from(j.price),
						deadline: j.deadline,
					},
				};
				Ok(IZgCompute::jobCall::abi_encode_returns(&ret))
			},
		}
	}
}

/// The precompiles `pallet_revive::Config::Precompiles` lists.
pub type ZgPrecompiles =
	(StoragePrecompile, DaPrecompile, ComputePrecompile, StakingPrecompile, GovernancePrecompile);

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn the_documented_addresses_are_where_pallet_revive_places_them() {
		assert_eq!(
			StakingPrecompile::MATCHER.base_address(),
			hex_literal::hex!("000000000000000000000000000000000A040000")
		);
		assert_eq!(
			GovernancePrecompile::MATCHER.base_address(),
			hex_literal::hex!("000000000000000000000000000000000A050000")
		);
		assert_eq!(StoragePrecompile::MATCHER.base_address(), hex_literal::hex!("000000000000000000000000000000000A010000"));
		assert_eq!(DaPrecompile::MATCHER.base_address(), hex_literal::hex!("000000000000000000000000000000000A020000"));
		assert_eq!(ComputePrecompile::MATCHER.base_address(), hex_literal::hex!("000000000000000000000000000000000A030000"));
	}
}
