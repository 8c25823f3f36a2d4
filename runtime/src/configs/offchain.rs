//! What off-chain workers need to put transactions on chain: unsigned ("bare") ones such as equivocation
//! reports, and signed ones that later pallets (storage proofs, compute attestations) submit from a node key.

use codec::Encode;
use sp_runtime::{generic::Era, traits, SaturatedConversion};

use crate::{
	AccountId, Nonce, Runtime, RuntimeCall, Signature, SignedPayload, SubstrateExtrinsic, System,
	TxExtension, UncheckedExtrinsic,
};

impl frame_system::offchain::SigningTypes for Runtime {
	type Public = <Signature as traits::Verify>::Signer;
	type Signature = Signature;
}

impl<C> frame_system::offchain::CreateTransactionBase<C> for Runtime
where
	RuntimeCall: From<C>,
{
	type Extrinsic = UncheckedExtrinsic;
	type RuntimeCall = RuntimeCall;
}

impl<C> frame_system::offchain::CreateBare<C> for Runtime
where
	RuntimeCall: From<C>,
{
	fn create_bare(call: RuntimeCall) -> UncheckedExtrinsic {
		SubstrateExtrinsic::new_bare(call).into()
	}
}

impl<C> frame_system::offchain::CreateTransaction<C> for Runtime
where
	RuntimeCall: From<C>,
{
	type Extension = TxExtension;

	fn create_transaction(call: RuntimeCall, extension: TxExtension) -> UncheckedExtrinsic {
		SubstrateExtrinsic::new_transaction(call, extension).into()
	}
}

/// The era of an off-chain worker's transactions, in blocks: the shortest there is. Workers send a transaction
/// that is not on chain yet again two blocks later, under the same nonce (read from state) and at the same
/// priority; a pool refuses such a replacement ("too low priority") while it still holds the first copy, which
/// reaches no block when the peers refused it (it arrived before the block that made it valid) or its block was
/// retracted. With a mortality of 256 blocks the worker was stuck that long, past any deadline (a storage proof,
/// a DA custody answer, a compute result); with 4 (from the parent of the block the worker ran on), the first
/// copy can be in either of the next two blocks and then leaves the pools, and the next attempt takes its place.
/// (Due storage duties, whoever signed them, live as long: `PrioritizeDuties`.)
pub const WORKER_MORTALITY: u64 = 4;

/// The extension of an off-chain worker's transaction: mortal for [`WORKER_MORTALITY`] blocks from the parent of
/// the block the worker runs on, and no tip.
pub fn worker_tx_extension(nonce: Nonce) -> TxExtension {
	const MORTALITY: u64 = WORKER_MORTALITY;
	let current = System::block_number().saturated_into::<u64>();
	// The era is anchored at the parent block, whose hash `CheckEra` looks up.
	crate::tx_extension(Era::mortal(MORTALITY, current.saturating_sub(1)), nonce, 0)
}

impl<C> frame_system::offchain::CreateSignedTransaction<C> for Runtime
where
	RuntimeCall: From<C>,
{
	fn create_signed_transaction<
		A: frame_system::offchain::AppCrypto<Self::Public, Self::Signature>,
	>(
		call: RuntimeCall,
		public: <Signature as traits::Verify>::Signer,
		account: AccountId,
		nonce: Nonce,
	) -> Option<UncheckedExtrinsic> {
		let tx_ext = worker_tx_extension(nonce);
		let raw_payload = SignedPayload::new(call, tx_ext)
			.map_err(|e| log::warn!(target: "runtime::offchain", "unable to create signed payload: {e:?}"))
			.ok()?;
		let signature = raw_payload.using_encoded(|payload| A::sign(payload, public))?;
		let address = sp_runtime::MultiAddress::Id(account);
		let (call, tx_ext, _) = raw_payload.deconstruct();
		Some(SubstrateExtrinsic::new_signed(call, address, signature, tx_ext).into())
	}
}
