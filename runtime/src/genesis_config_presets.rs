//! Genesis presets: the initial state of the `development` chain (one validator, Alice) and of the
//! `local_testnet` chain (four validators: Alice, Bob, Charlie, Dave), both with the well-known dev accounts
//! funded, Alice, Bob and Charlie on the technical committee, and Alice as the sudo key. The default genesis
//! (no preset) has no sudo key: there root comes from governance alone.

use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use serde_json::Value;
use sp_consensus_babe::AuthorityId as BabeId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{self, PresetId};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};
use sp_staking::StakerStatus;

use crate::{
	configs::consensus::BABE_GENESIS_EPOCH_CONFIG,
	currency::ZG,
	AccountId, BabeConfig, Balance, BalancesConfig, RuntimeGenesisConfig, SessionConfig,
	SessionKeys, StakingConfig, SudoConfig, TechnicalCommitteeConfig,
};

/// What each endowed dev account holds at genesis.
pub const ENDOWMENT: Balance = 1_000_000 * ZG;
/// What each genesis validator bonds.
pub const VALIDATOR_BOND: Balance = 100_000 * ZG;

/// A genesis validator: its account (stash) and the session keys its node signs with.
pub struct Authority {
	pub stash: AccountId,
	pub keys: SessionKeys,
}

/// The genesis validator of a dev keyring identity: sr25519 for BABE and discovery, ed25519 for GRANDPA,
/// all from the same `//Name` seed that `zg-node --name` style flags (`--alice`) insert into the keystore.
pub fn dev_authority(sr: Sr25519Keyring, ed: Ed25519Keyring) -> Authority {
	Authority {
		stash: sr.to_account_id(),
		keys: SessionKeys {
			babe: BabeId::from(sr.public()),
			grandpa: GrandpaId::from(ed.public()),
			authority_discovery: sp_authority_discovery::AuthorityId::from(sr.public()),
		},
	}
}

/// The genesis state for `authorities` (each bonding [`VALIDATOR_BOND`] and validating), `endowed` accounts
/// (each holding [`ENDOWMENT`]) and an optional sudo key.
pub fn genesis(
	authorities: Vec<Authority>,
	endowed: Vec<AccountId>,
	technical_committee: Vec<AccountId>,
	sudo: Option<AccountId>,
) -> Value {
	let validator_count = authorities.len() as u32;
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: endowed.iter().cloned().map(|a| (a, ENDOWMENT)).collect::<Vec<_>>(),
		},
		babe: BabeConfig { epoch_config: BABE_GENESIS_EPOCH_CONFIG },
		session: SessionConfig {
			keys: authorities
				.iter()
				.map(|a| (a.stash.clone(), a.stash.clone(), a.keys.clone()))
				.collect::<Vec<_>>(),
		},
		staking: StakingConfig {
			// Room for validators who join after genesis.
			validator_count: validator_count.max(10),
			minimum_validator_count: 1,
			stakers: authorities
				.iter()
				.map(|a| (a.stash.clone(), a.stash.clone(), VALIDATOR_BOND, StakerStatus::Validator))
				.collect::<Vec<_>>(),
		},
		technical_committee: TechnicalCommitteeConfig { members: technical_committee },
		sudo: SudoConfig { key: sudo },
	})
}

/// Alice, Bob and Charlie whitelist urgent calls on dev and local chains.
fn technical_committee() -> Vec<AccountId> {
	[Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie]
		.into_iter()
		.map(|k| k.to_account_id())
		.collect()
}

fn dev_accounts() -> Vec<AccountId> {
	Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect()
}

/// One validator (Alice): blocks from the first slot, finality with one voter.
pub fn development() -> Value {
	genesis(
		vec![dev_authority(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
		dev_accounts(),
		technical_committee(),
		Some(Sr25519Keyring::Alice.to_account_id()),
	)
}

/// Four validators (Alice, Bob, Charlie, Dave): finality survives one of them going down.
pub fn local_testnet() -> Value {
	genesis(
		vec![
			dev_authority(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
			dev_authority(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
			dev_authority(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
			dev_authority(Sr25519Keyring::Dave, Ed25519Keyring::Dave),
		],
		dev_accounts(),
		technical_committee(),
		Some(Sr25519Keyring::Alice.to_account_id()),
	)
}

/// The JSON of the named preset.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development(),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_testnet(),
		_ => return None,
	};
	serde_json::to_vec(&patch).ok()
}

/// The presets this runtime offers.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
	]
}
