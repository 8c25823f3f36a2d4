//! # zg RPC
//!
//! The JSON-RPC methods a zg node serves beyond Substrate's built-in `system`/`chain`/`state`/`author`
//! namespaces: account nonces (`system_accountNextIndex`, read without polkadot-sdk's race: see [`nonce`]), fee
//! estimation (`payment_*`), BABE epoch authorship (`babe_*`), GRANDPA finality proofs and round state
//! (`grandpa_*`).
//! zg's own: `zgStorage_*` (upload, download, file records; see [`storage`]), `zgCompute_*` (job kinds, offers,
//! quotes, jobs; see [`compute`]), `zgDa_*` (blob status and certificates, row commitments, committees, fees;
//! see [`da`]).

pub mod compute;
pub mod da;
pub mod nonce;
pub mod storage;

use std::sync::Arc;

use jsonrpsee::RpcModule;
use sc_client_api::AuxStore;
use sc_consensus_babe::BabeWorkerHandle;
use sc_consensus_grandpa::{
	FinalityProofProvider, GrandpaJustificationStream, SharedAuthoritySet, SharedVoterState,
};
pub use sc_rpc::SubscriptionTaskExecutor;
use sc_transaction_pool_api::TransactionPool;
use sp_api::ProvideRuntimeApi;
use sp_block_builder::BlockBuilder;
use sp_blockchain::{Error as BlockChainError, HeaderBackend, HeaderMetadata};
use sp_consensus::SelectChain;
use sp_consensus_babe::BabeApi;
use sp_keystore::KeystorePtr;
use zg_primitives::{AccountId, Balance, Block, BlockNumber, Hash, Nonce};

/// What the BABE RPC needs.
pub struct BabeDeps {
	/// Answers epoch questions from the running BABE worker.
	pub babe_worker_handle: BabeWorkerHandle<Block>,
	/// The node's keys, to tell which slots it may author.
	pub keystore: KeystorePtr,
}

/// What the GRANDPA RPC needs.
pub struct GrandpaDeps<B: sc_client_api::Backend<Block>> {
	pub shared_voter_state: SharedVoterState,
	pub shared_authority_set: SharedAuthoritySet<Hash, BlockNumber>,
	pub justification_stream: GrandpaJustificationStream<Block>,
	pub subscription_executor: SubscriptionTaskExecutor,
	pub finality_provider: Arc<FinalityProofProvider<B, Block>>,
}

/// Everything the full node's RPC needs.
pub struct FullDeps<C, P, SC, B: sc_client_api::Backend<Block>, S> {
	pub client: Arc<C>,
	pub pool: Arc<P>,
	pub select_chain: SC,
	pub babe: BabeDeps,
	pub grandpa: GrandpaDeps<B>,
	/// The node's blob store and fetch service, behind `zgStorage_*`.
	pub storage: Arc<S>,
	/// The node's disperser and DA column store, behind `zgDa_disperse` and `zgDa_sample`.
	pub da: Arc<zg_node_da::disperse::Disperser>,
	/// The node's DA service: columns fetched from the committee for samplers and readers.
	pub da_service: Arc<zg_node_da::service::DaService>,
	/// This node's libp2p peer id (bytes): the disperser named in the blobs it disperses.
	pub local_peer: Vec<u8>,
}

/// Builds the RPC methods of a full node.
pub fn create_full<C, P, SC, B, S>(
	FullDeps { client, pool, select_chain, babe, grandpa, storage, da, da_service, local_peer }: FullDeps<C, P, SC, B, S>,
) -> Result<RpcModule<()>, Box<dyn std::error::Error + Send + Sync>>
where
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ sc_client_api::BlockchainEvents<Block>
		+ AuxStore
		+ HeaderMetadata<Block, Error = BlockChainError>
		+ Send
		+ Sync
		+ 'static,
	C::Api: substrate_frame_rpc_system::AccountNonceApi<Block, AccountId, Nonce>,
	C::Api: pallet_transaction_payment_rpc::TransactionPaymentRuntimeApi<Block, Balance>,
	C::Api: BabeApi<Block>,
	C::Api: BlockBuilder<Block>,
	C::Api: zg_primitives::storage::host::StorageApi<Block, AccountId, Balance>,
	C::Api: zg_primitives::compute::ComputeApi<Block, AccountId, Balance, BlockNumber>,
	C::Api: zg_primitives::da::DaApi<Block, AccountId, Balance, BlockNumber>,
	P: TransactionPool<Block = Block> + 'static,
	S: storage::StorageBackend,
	SC: SelectChain<Block> + 'static,
	B: sc_client_api::Backend<Block> + Send + Sync + 'static,
{
	use pallet_transaction_payment_rpc::{TransactionPayment, TransactionPaymentApiServer};
	use sc_consensus_babe_rpc::{Babe, BabeApiServer};
	use sc_consensus_grandpa_rpc::{Grandpa, GrandpaApiServer};
	use compute::{Compute, ComputeRpcServer};
	use da::{Da, DaRpcServer};
	use nonce::NextIndexApiServer;
	use storage::{Storage, StorageRpcServer};
	use substrate_frame_rpc_system::{System, SystemApiServer};

	let mut io = RpcModule::new(());

	let BabeDeps { keystore, babe_worker_handle } = babe;
	let GrandpaDeps {
		shared_voter_state,
		shared_authority_set,
		justification_stream,
		subscription_executor,
		finality_provider,
	} = grandpa;

	// polkadot-sdk's `system_dryRun`; its `system_accountNextIndex` is replaced by one without its race ([`nonce`]).
	let mut system = System::new(client.clone(), pool.clone()).into_rpc();
	for method in ["system_accountNextIndex", "account_nextIndex"] {
		system.remove_method(method).ok_or_else(|| format!("substrate-frame-rpc-system no longer serves {method}"))?;
	}
	io.merge(system)?;
	io.merge(nonce::NextIndex::new(client.clone(), pool).into_rpc())?;
	io.merge(Storage::new(client.clone(), storage, Some(keystore.clone())).into_rpc())?;
	io.merge(Compute::new(client.clone()).into_rpc())?;
	io.merge(Da::new(client.clone(), da, da_service, local_peer).into_rpc())?;
	io.merge(TransactionPayment::new(client.clone()).into_rpc())?;
	io.merge(
		Babe::new(client.clone(), babe_worker_handle, keystore, select_chain).into_rpc(),
	)?;
	io.merge(
		Grandpa::new(
			subscription_executor,
			shared_authority_set,
			shared_voter_state,
			justification_stream,
			finality_provider,
		)
		.into_rpc(),
	)?;

	Ok(io)
}
