//! The chain specifications `zg-node` knows by name: `dev` and `local`, built from the runtime's genesis presets.

use sc_service::ChainType;
use zg_primitives::{currency, network};

/// A chain specification of zg: no extensions beyond Substrate's. Genesis is built with zg's host functions
/// available (the compute pallet checks its genesis verifying keys through `zg_compute`).
pub type ChainSpec = sc_service::GenericChainSpec<
	sc_chain_spec::NoExtension,
	(
		zg_primitives::storage::host::storage_host::HostFunctions,
		zg_primitives::compute::host::zg_compute::HostFunctions,
		zg_primitives::da::host::zg_da::HostFunctions,
		zg_primitives::da::host::zg_da_node::HostFunctions,
	),
>;

fn wasm_binary() -> Result<&'static [u8], String> {
	zg_runtime::WASM_BINARY.ok_or_else(|| {
		"The runtime's wasm is not in this binary: it was built with SKIP_WASM_BUILD".to_string()
	})
}

/// What wallets show: ticker, decimals, address format.
fn properties() -> sc_chain_spec::Properties {
	let mut p = sc_chain_spec::Properties::new();
	p.insert("tokenSymbol".into(), currency::SYMBOL.into());
	p.insert("tokenDecimals".into(), currency::DECIMALS.into());
	p.insert("ss58Format".into(), network::SS58_PREFIX.into());
	p
}

/// One validator (Alice), sudo Alice, dev accounts funded.
pub fn development_config() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm_binary()?, None)
		.with_name("zg development")
		.with_id("zg_dev")
		.with_protocol_id("zg-dev")
		.with_chain_type(ChainType::Development)
		.with_genesis_config_preset_name(sp_genesis_builder::DEV_RUNTIME_PRESET)
		.with_properties(properties())
		.build())
}

/// Four validators (Alice, Bob, Charlie, Dave) on one machine or a small lab network.
pub fn local_testnet_config() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm_binary()?, None)
		.with_name("zg local testnet")
		.with_id("zg_local_testnet")
		.with_protocol_id("zg-local")
		.with_chain_type(ChainType::Local)
		.with_genesis_config_preset_name(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET)
		.with_properties(properties())
		.build())
}

/// The chain spec named on the command line: `dev`, `local`, or a path to a JSON spec.
pub fn load(id: &str) -> Result<Box<dyn sc_service::ChainSpec>, String> {
	Ok(match id {
		"dev" => Box::new(development_config()?),
		"" | "local" => Box::new(local_testnet_config()?),
		path => Box::new(ChainSpec::from_json_file(std::path::PathBuf::from(path))?),
	})
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn named_specs_build_their_genesis_and_carry_token_properties() {
		for (id, name) in [("dev", "zg development"), ("local", "zg local testnet")] {
			let spec = load(id).expect("named spec loads");
			assert_eq!(spec.name(), name);
			let props = spec.properties();
			assert_eq!(props["tokenSymbol"], "ZG");
			assert_eq!(props["tokenDecimals"], 18);
			assert_eq!(props["ss58Format"], 4200);
			// The preset must produce a genesis state, emitted as `build-spec --raw` does. (This runs the runtime's
			// genesis builder, which compiles the runtime first: once per spec, not once more for `build_storage`.)
			let raw: serde_json::Value =
				serde_json::from_str(&spec.as_json(true).expect("raw spec serialises")).expect("raw spec is JSON");
			let top = raw["genesis"]["raw"]["top"].as_object().expect("genesis.raw.top");
			let code = sp_core::bytes::to_hex(sp_core::storage::well_known_keys::CODE, false);
			assert!(top.contains_key(&code), "{id}: the runtime under {code}");
			assert!(top.len() > 100, "{id}: {} keys in the genesis state", top.len());
		}
	}

	#[test]
	fn unknown_spec_file_is_an_error_not_a_panic() {
		assert!(load("/nonexistent/zg-spec.json").is_err());
	}
}
