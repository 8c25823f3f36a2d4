//! A tiny block producer for the runtime: genesis from a preset, blocks with BABE pre-digests and timestamp
//! inherents, and transactions signed with the dev keyring.

use codec::Encode;
use frame_support::assert_ok;
use sp_consensus_babe::{digests::PreDigest, Slot, BABE_ENGINE_ID};
use sp_core::{crypto::Pair, H256};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{
	generic::{Digest, DigestItem, Era},
	traits::Header as _,
	ApplyExtrinsicResult, BuildStorage,
};
use zg_runtime::{
	AccountId, Executive, Header, Runtime, RuntimeCall, RuntimeEvent, RuntimeGenesisConfig,
	SignedPayload, SubstrateExtrinsic, System, UncheckedExtrinsic, SLOT_DURATION,
};

/// Test externalities holding the state of a genesis preset (`development` or `local_testnet`).
pub fn ext_from_preset(preset: &str) -> sp_io::TestExternalities {
	let patch = match preset {
		"development" => zg_runtime::genesis_config_presets::development(),
		"local_testnet" => zg_runtime::genesis_config_presets::local_testnet(),
		other => panic!("no such preset {other}"),
	};
	// Start from the default config and apply the preset, as `GenesisBuilder::build_state` does.
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).unwrap();
	json_merge(&mut config, patch);
	let config: RuntimeGenesisConfig = serde_json::from_value(config).unwrap();
	let storage = config.build_storage().unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.register_extension(sp_keystore::KeystoreExt::new(sp_keystore::testing::MemoryKeystore::new()));
	ext.execute_with(|| {
		// Genesis is block 0 at slot 0; the first block we author is 1.
		start_block(1);
	});
	ext
}

fn json_merge(a: &mut serde_json::Value, b: serde_json::Value) {
	match (a, b) {
		(serde_json::Value::Object(a), serde_json::Value::Object(b)) =>
			for (k, v) in b {
				json_merge(a.entry(k).or_insert(serde_json::Value::Null), v);
			},
		(a, b) => *a = b,
	}
}

/// The slot the current block was authored in.
pub fn current_slot() -> u64 {
	*pallet_babe::CurrentSlot::<Runtime>::get()
}

fn babe_pre_digest(slot: u64) -> Digest {
	// Rotate through the authorities that may author: disabled (slashed) ones must not.
	let authorities = pallet_babe::Authorities::<Runtime>::get().len().max(1) as u32;
	let disabled = pallet_session::DisabledValidators::<Runtime>::get();
	let mut authority_index = (slot % authorities as u64) as u32;
	while disabled.iter().any(|(i, _)| *i == authority_index) {
		authority_index = (authority_index + 1) % authorities;
	}
	let pre = PreDigest::SecondaryPlain(sp_consensus_babe::digests::SecondaryPlainPreDigest {
		authority_index,
		slot: Slot::from(slot),
	});
	Digest { logs: vec![DigestItem::PreRuntime(BABE_ENGINE_ID, pre.encode())] }
}

/// Opens block `number` at the next slot and applies the timestamp inherent, as a block author would.
fn start_block(number: u32) {
	let slot = if number == 1 { 1 } else { current_slot() + 1 };
	let parent_hash = if number == 1 { System::parent_hash() } else { System::block_hash(number - 1) };
	let header = Header::new(number, H256::zero(), H256::zero(), parent_hash, babe_pre_digest(slot));
	Executive::initialize_block(&header);
	let now = slot * SLOT_DURATION;
	let inherent: UncheckedExtrinsic =
		SubstrateExtrinsic::new_bare(RuntimeCall::Timestamp(pallet_timestamp::Call::set { now })).into();
	assert_ok!(Executive::apply_extrinsic(inherent).expect("timestamp inherent is valid"));
}

/// Seals the current block and opens the next one.
pub fn next_block() {
	let header = Executive::finalize_block();
	// Keep the hash of the finalized header so that the next block's parent (and `CheckEra`) see it.
	let number = *header.number();
	frame_system::BlockHash::<Runtime>::insert(number, header.hash());
	start_block(number + 1);
}

/// Authors blocks until `pred` holds, at most `max` of them.
pub fn run_until(max: u32, what: &str, mut pred: impl FnMut() -> bool) {
	for _ in 0..max {
		if pred() {
			return;
		}
		next_block();
	}
	assert!(pred(), "{what} did not happen within {max} blocks");
}

/// Runs until the staking era `era` is active.
pub fn run_to_era(era: u32) {
	let per_era = zg_runtime::EPOCH_DURATION_IN_SLOTS *
		<Runtime as pallet_staking::Config>::SessionsPerEra::get();
	let max = per_era * (era + 2);
	run_until(max, &format!("era {era}"), || {
		pallet_staking::ActiveEra::<Runtime>::get().map(|e| e.index) >= Some(era)
	});
}

/// Every event of the current block.
pub fn events() -> Vec<RuntimeEvent> {
	System::events().into_iter().map(|r| r.event).collect()
}

/// A signed transaction of `call` from `signer`, as a wallet makes it: immortal, with `tip`.
pub fn signed_tx(signer: Sr25519Keyring, call: RuntimeCall, tip: u128) -> UncheckedExtrinsic {
	let nonce = System::account_nonce(signer.to_account_id());
	signed_with(signer, call, zg_runtime::tx_extension(Era::Immortal, nonce, tip))
}

/// `call` signed by `signer` with the extension `tx_ext` (its nonce included).
pub fn signed_with(signer: Sr25519Keyring, call: RuntimeCall, tx_ext: zg_runtime::TxExtension) -> UncheckedExtrinsic {
	let account: AccountId = signer.to_account_id();
	let payload = SignedPayload::new(call, tx_ext).expect("implicit data is available");
	let signature = payload.using_encoded(|p| signer.pair().sign(p));
	let (call, tx_ext, _) = payload.deconstruct();
	SubstrateExtrinsic::new_signed(call, account.into(), signature.into(), tx_ext).into()
}

/// Signs and applies `call` from `signer` in the current block.
pub fn submit(signer: Sr25519Keyring, call: RuntimeCall) -> ApplyExtrinsicResult {
	Executive::apply_extrinsic(signed_tx(signer, call, 0))
}

/// Signs and applies `call`, requiring both the transaction and the dispatch to succeed.
pub fn submit_ok(signer: Sr25519Keyring, call: RuntimeCall) {
	let result = submit(signer, call.clone());
	assert!(matches!(result, Ok(Ok(()))), "{call:?} from {signer:?} failed: {result:?}");
}

/// Every call's declared weight fits its class's `max_extrinsic` (printing each one's share), and `calls` names
/// every call of its pallet (`all_names`: the pallet's `get_call_names`), so a new call must be added to the test.
pub fn assert_calls_fit_the_block<C>(calls: &[C], all_names: &[&str])
where
	C: frame_support::traits::GetCallName + Clone + Into<RuntimeCall>,
{
	use frame_support::dispatch::GetDispatchInfo;
	let limits = <Runtime as frame_system::Config>::BlockWeights::get();
	let names: Vec<&str> = calls.iter().map(|c| c.get_call_name()).collect();
	for name in all_names {
		assert!(names.contains(name), "{name} is not checked");
	}
	for call in calls {
		let info = call.clone().into().get_dispatch_info();
		let max = limits.get(info.class).max_extrinsic.expect("every class has a per-extrinsic limit");
		let total = info.total_weight();
		assert!(
			total.all_lte(max),
			"{} weighs {total:?}, more than {max:?} allowed for {:?}",
			call.get_call_name(),
			info.class,
		);
		println!(
			"{:>22}: {:>6.2} % of its class's max_extrinsic",
			call.get_call_name(),
			100.0 * total.ref_time() as f64 / max.ref_time() as f64
		);
	}
}

/// A hook's worst case (`hook`) leaves the normal class its whole share of the block; prints its share.
pub fn assert_hook_leaves_the_normal_class(label: &str, hook: frame_support::weights::Weight) {
	use frame_support::dispatch::DispatchClass;
	let limits = <Runtime as frame_system::Config>::BlockWeights::get();
	let normal = limits.get(DispatchClass::Normal).max_total.expect("normal class is limited");
	assert!(
		hook.saturating_add(normal).all_lte(limits.max_block),
		"{label}'s worst case ({hook:?}) leaves less than the normal class's {normal:?}"
	);
	println!(
		"{label} worst case: {:.1} % of the block (normal class: {:.0} %)",
		100.0 * hook.ref_time() as f64 / limits.max_block.ref_time() as f64,
		100.0 * normal.ref_time() as f64 / limits.max_block.ref_time() as f64
	);
}
