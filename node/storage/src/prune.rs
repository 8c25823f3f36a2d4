//! Discards, every [`PRUNE_INTERVAL`], what nobody keeps alive: uploads with no new chunk for
//! `upload_idle_secs`, and finished uploads the chain has not seen paid for within `unpaid_ttl_secs`
//! (see [`crate::blob_store::StoreLimits`]). Abandoned uploads are thus gone within minutes, whether or not
//! anyone begins another.

use std::{sync::Arc, time::Duration};

use crate::{
	blob_store::{now_secs, BlobStore, Pruned},
	service::off_thread,
};

/// Time between two passes.
pub const PRUNE_INTERVAL: Duration = Duration::from_secs(10);

/// Prunes `store` every [`PRUNE_INTERVAL`]. Spawn it once.
pub async fn run(store: Arc<BlobStore>) {
	loop {
		tokio::time::sleep(PRUNE_INTERVAL).await;
		let store = store.clone();
		match off_thread(move || store.prune(now_secs()).map_err(|e| e.to_string())).await {
			Ok(pruned) if pruned != Pruned::default() => log::info!(
				target: "zg-storage",
				"pruned {} idle uploads and {} unpaid files ({} bytes)",
				pruned.uploads,
				pruned.files,
				pruned.bytes
			),
			Ok(_) => {},
			Err(e) => log::warn!(target: "zg-storage", "prune: {e}"),
		}
	}
}
