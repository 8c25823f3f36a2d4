//! zg's precompiles: Solidity reaches the runtime's pallets at fixed addresses (Moonbeam's shape).
//!
//! | address | interface | pallet |
//! |---|---|---|
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

use alloc::{format, vec::Vec};
use core::num::NonZero;

use alloy_core::sol_types::SolValue;
use frame_support::dispatch::{GetDispatchInfo, PostDispatchInfo};
use pallet_revive::precompiles::{AddressMatcher, Error, Ext, Precompile, RuntimeCosts, H160};
use sp_runtime::{traits::Dispatchable, DispatchError, MultiAddress};

use crate::{AccountId, Balance, Runtime, RuntimeCall};

alloy_core::sol!("precompiles/IZgStaking.sol");
alloy_core::sol!("precompiles/IZgGovernance.sol");

/// `IZgStaking`'s matcher.
pub const STAKING: u16 = 0x0A04;
/// `IZgGovernance`'s matcher.
pub const GOVERNANCE: u16 = 0x0A05;

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
				env.frame_meter_mut()
					.charge_weight_token(RuntimeCosts::Precompile(<Runtime as frame_system::Config>::DbWeight::get().reads(3)))?;
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

/// The precompiles `pallet_revive::Config::Precompiles` lists.
pub type ZgPrecompiles = (StakingPrecompile, GovernancePrecompile);

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
	}
}
