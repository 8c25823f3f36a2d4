//! The node's DA column store pruner: `zg_node_da::prune::Pruner` every [`PRUNE_EVERY`] (or a quarter of the
//! grace, if shorter, and at least every 5 s), reading the chain through the runtime API at the best block. A dead
//! key is first seen by one run and dropped by the first run a grace later, so it goes between one grace and a
//! grace and a quarter after its dispersal (when the runs followed the grace itself, between one and two graces).

use std::{sync::Arc, time::Duration};

use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::H256;
use zg_node_da::{
	columns::blob_key,
	prune::{LiveBlobs, Pruner},
};
use zg_primitives::{
	da::{BlobId, DaApi},
	AccountId, Balance, Block, BlockNumber,
};

/// How often the store is pruned.
pub const PRUNE_EVERY: Duration = Duration::from_secs(60);

struct Chain<C> {
	client: Arc<C>,
	at: <Block as sp_runtime::traits::Block>::Hash,
}

impl<C> LiveBlobs for Chain<C>
where
	C: ProvideRuntimeApi<Block>,
	C::Api: DaApi<Block, AccountId, Balance, BlockNumber>,
{
	fn window(&self) -> Result<(BlobId, BlobId), String> {
		self.client.runtime_api().window(self.at).map_err(|e| e.to_string())
	}

	fn key_of(&self, id: BlobId) -> Result<Option<H256>, String> {
		let api = self.client.runtime_api();
		let Some(blob) = api.blob(self.at, id).map_err(|e| e.to_string())? else { return Ok(None) };
		let Some(commitments) = api.commitments(self.at, id).map_err(|e| e.to_string())? else { return Ok(None) };
		Ok(Some(blob_key(&H256(blob.data_root), &commitments)))
	}
}

/// Prunes `store` forever, keeping the columns of blobs the chain has no record of for `grace`. Each run reads the
/// store's records and the runtime on a blocking thread; between runs the task only sleeps, so the node's shutdown
/// never waits for it.
pub async fn run<C>(client: Arc<C>, store: Arc<zg_node_storage::BlobStore>, grace: Duration)
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: DaApi<Block, AccountId, Balance, BlockNumber>,
{
	let every = (grace / 4).clamp(Duration::from_secs(5), PRUNE_EVERY);
	let mut pruner = Pruner::new(grace);
	loop {
		tokio::time::sleep(every).await;
		let (client, store) = (client.clone(), store.clone());
		let run = tokio::task::spawn_blocking(move || {
			let chain = Chain { at: client.info().best_hash, client };
			let report = pruner.run(&chain, &store, std::time::Instant::now());
			(pruner, report)
		});
		let report;
		(pruner, report) = match run.await {
			Ok(done) => done,
			Err(e) => {
				log::error!(target: "zg-da", "the DA column store pruner stopped: {e}");
				return;
			},
		};
		match report {
			Ok(report) if report.dropped_keys > 0 => log::info!(
				target: "zg-da",
				"pruned the columns of {} blobs the chain no longer keeps ({} bytes)",
				report.dropped_keys,
				report.freed
			),
			Ok(_) => {},
			Err(e) => log::warn!(target: "zg-da", "pruning the DA column store failed: {e}"),
		}
	}
}
