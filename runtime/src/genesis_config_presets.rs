//! Genesis presets: the initial state of the `development` chain (one validator, Alice) and of the
//! `local_testnet` chain (four validators: Alice, Bob, Charlie, Dave), both with the well-known dev accounts
//! funded (Substrate's `//Alice`… and the Ethereum dev keys of [`ETH_DEV_ACCOUNTS`]), Alice, Bob and Charlie on the technical committee, and Alice as the sudo key. The default genesis
//! (no preset) has no sudo key: there root comes from governance alone.

use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use hex_literal::hex;
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
	ComputeConfig, SessionKeys, StakingConfig, SudoConfig, TechnicalCommitteeConfig,
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
		// Dev and local chains only: the proven digits kind's key is from the public dev setup.
		compute: ComputeConfig {
			kinds: crate::configs::compute::compute_kinds(true)
				.into_iter()
				.map(|(id, kind)| (id, codec::Encode::encode(&kind)))
				.collect::<Vec<_>>(),
		},
	})
}

/// Alice, Bob and Charlie whitelist urgent calls on dev and local chains.
fn technical_committee() -> Vec<AccountId> {
	[Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie]
		.into_iter()
		.map(|k| k.to_account_id())
		.collect()
}

/// Ethereum dev keys funded on dev and local chains, as 20-byte addresses. Their private keys are public
/// knowledge (README, "Use MetaMask / ethers / Foundry"): never use them on a network with value.
/// The first five are Hardhat's and Anvil's accounts 0–4 (mnemonic `test test … junk`, `m/44'/60'/0'/0/i`);
/// the last five are Alith, Baltathar, Charleth, Dorothy and Ethan, as `subxt-signer` and polkadot-sdk's
/// revive tooling name them.
pub const ETH_DEV_ACCOUNTS: [[u8; 20]; 10] = [
	hex!("f39fd6e51aad88f6f4ce6ab8827279cfffb92266"),
	hex!("70997970c51812dc3a010c7d01b50e0d17dc79c8"),
	hex!("3c44cdddb6a900fa2b585dd299e03d12fa4293bc"),
	hex!("90f79bf6eb2c4f870365e785982e1f101e93b906"),
	hex!("15d34aaf54267db7d7c367839aaf71a00a2c6a65"),
	hex!("f24ff3a9cf04c71dbc94d0b566f7a27b94566cac"),
	hex!("3cd0a705a2dc65e5b1e1205896baa2be8a07c6e0"),
	hex!("798d4ba9baf0064ec19eb4f0a1a45785ae9d6dfc"),
	hex!("773539d4ac0e786233d90a233654ccee26a613d9"),
	hex!("ff64d3f6efe2317ee2807d223a0bdc4c0c49dfdb"),
];

/// The zg account of an Ethereum address: the address followed by twelve `0xEE` bytes (see `configs/evm.rs`).
pub fn eth_account(address: [u8; 20]) -> AccountId {
	let mut id = [0xEE; 32];
	id[..20].copy_from_slice(&address);
	AccountId::from(id)
}

/// Every funded dev account: the Substrate keyring's and the Ethereum dev keys'.
fn dev_accounts() -> Vec<AccountId> {
	Sr25519Keyring::well_known()
		.map(|k| k.to_account_id())
		.chain(ETH_DEV_ACCOUNTS.into_iter().map(eth_account))
		.collect()
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
