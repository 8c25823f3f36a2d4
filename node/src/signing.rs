//! Signing extrinsics the way a wallet does: used by the storage CLI (a client of a running node) and by the
//! benchmarks. Depends on the runtime's types only, never on the node's service.

use codec::Encode;
use sp_core::Pair;
use sp_runtime::generic::Era;
use zg_primitives::Nonce;
use zg_runtime::RuntimeCall;

/// `call` signed by `sender` at `nonce`, mortal over `era` starting at block `era_start_hash`, for the chain with
/// `genesis_hash` running the given runtime versions: the payload a wallet signs (metadata-hash check off, no tip).
#[allow(clippy::too_many_arguments)]
pub fn sign_extrinsic(
	sender: &sp_core::sr25519::Pair,
	call: RuntimeCall,
	nonce: Nonce,
	era: Era,
	era_start_hash: zg_primitives::Hash,
	genesis_hash: zg_primitives::Hash,
	spec_version: u32,
	transaction_version: u32,
) -> zg_runtime::UncheckedExtrinsic {
	let tx_ext = zg_runtime::tx_extension(era, nonce, 0);
	let raw_payload = zg_runtime::SignedPayload::from_raw(
		call.clone(),
		tx_ext.clone(),
		(
			(),
			spec_version,
			transaction_version,
			genesis_hash,
			era_start_hash,
			(),
			(),
			(),
			None,
			(),
			(),
			(),
		),
	);
	let signature = raw_payload.using_encoded(|e| sender.sign(e));

	zg_runtime::SubstrateExtrinsic::new_signed(
		call,
		sp_runtime::AccountId32::from(sender.public()).into(),
		zg_runtime::Signature::Sr25519(signature),
		tx_ext,
	)
	.into()
}

