//! Reclaiming blob-store space the chain no longer needs.
//!
//! Without it a node only ever grows: the encoder keeps all n shards it made, a provider keeps a shard after it
//! was reassigned away, and nobody forgets a file that was deleted or expired. Every few finalized blocks the
//! node lists what its store holds and asks the runtime (`StorageApi::file`) about each file, at the finalized
//! block and at the best block:
//!
//! - **Shards** are dropped when, at both blocks, the shard is assigned to a provider whose key is not in this
//!   node's keystore *and* that provider has acknowledged holding it, or the file is gone at both. A shard
//!   assigned to one of this node's providers is never dropped, and neither is one whose new holder has not yet
//!   acknowledged it (this node may be the source it fetches from). Asking both blocks keeps a reassignment *to*
//!   this node, which the best block shows first, from being mistaken for one away from it. The shards of an
//!   upload encoded ahead of its submission (`StorageService::encode_ahead`) stay while the upload is *unpaid*,
//!   and go at the first pass after it (never paid for) is discarded.
//! - **Whole files** (uploads, and files rebuilt by downloads) are kept while the file is on chain, as the fast
//!   path for downloads and repairs. An upload the chain has (at either block) is marked *pinned*: no longer
//!   counted against the quota of unpaid uploads (the blob store drops unpaid ones after their time); once the
//!   file is stored at the finalized block it becomes a *cache* copy, evictable when space is needed. Once a file
//!   is gone at both blocks — deleted or expired — it is dropped after a grace period ([`GONE_GRACE`]). The
//!   clock starts when this node first sees it gone.
//!
//! Nothing runs while the node is major-syncing: its state is old, and files submitted since would look gone.
//!
//! After each pass the blob store takes a step of garbage collection when the chunks deleted so far warrant one
//! ([`BlobStore::collect_garbage`]): space of dropped chunks that shared blob files with chunks still held.

use std::{
	collections::HashMap,
	sync::Arc,
	time::{Duration, Instant},
};

use futures::StreamExt;
use sc_client_api::BlockchainEvents;
use sp_api::ProvideRuntimeApi;
use sp_consensus::SyncOracle;
use sp_core::H256;
use sp_keystore::KeystorePtr;
use sp_runtime::traits::Header as _;
use zg_primitives::{
	storage::host::{FileStatus, StorageApi, STORAGE_KEY_TYPE},
	AccountId, Balance, Block,
};

use crate::{
	blob_store::{BlobStore, FileKind},
	error::StorageError,
	service::off_thread,
};

const LOG_TARGET: &str = "zg-storage";

/// Finalized blocks between two passes.
pub const RECLAIM_INTERVAL: u32 = 5;

/// How long a whole copy of a file gone from the chain is kept (a reorg may bring it back).
pub const GONE_GRACE: Duration = Duration::from_secs(24 * 60 * 60);

/// What one block's state says of a file's shards: each shard's provider and whether it acknowledged holding it.
pub type ShardOwners = Vec<(AccountId, bool)>;

/// What the chain says of a file, at the finalized block and at the best block (`None`: no such file there).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OnChain {
	pub finalized: Option<ShardOwners>,
	pub best: Option<ShardOwners>,
	/// Whether every shard is acknowledged (the file is stored) at the finalized block.
	pub stored: bool,
}

/// What one pass freed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Reclaimed {
	pub shards: u64,
	pub files: u64,
	pub bytes: u64,
}

/// The reclamation policy (see the module docs), with the time each whole file was first seen gone.
pub struct Reclaimer {
	grace: Duration,
	gone_since: HashMap<H256, Instant>,
}

/// Whether, by `owners`, shard `shard` is safe to drop for a node whose providers are `locals`.
fn held_elsewhere(owners: &ShardOwners, shard: u32, locals: &[AccountId]) -> bool {
	match owners.get(shard as usize) {
		Some((provider, acknowledged)) => *acknowledged && !locals.contains(provider),
		// The file has no such shard.
		None => true,
	}
}

impl Reclaimer {
	/// A reclaimer that drops whole files gone from the chain for `grace`.
	pub fn new(grace: Duration) -> Self {
		Self { grace, gone_since: HashMap::new() }
	}

	/// One pass over `store` at time `now` for a node whose providers are `locals`; `lookup` tells what the chain
	/// says of a root (a file it cannot tell is left alone).
	pub fn run(
		&mut self,
		store: &BlobStore,
		locals: &[AccountId],
		now: Instant,
		mut lookup: impl FnMut(&H256) -> Result<OnChain, String>,
	) -> Result<Reclaimed, StorageError> {
		let inventory = store.inventory()?;
		self.gone_since.retain(|root, _| inventory.get(root).is_some_and(|held| held.file));
		let mut freed = Reclaimed::default();
		for (root, held) in inventory {
			let chain = match lookup(&root) {
				Ok(chain) => chain,
				Err(e) => {
					log::warn!(target: LOG_TARGET, "reclaim: cannot look up file {root:?}: {e}");
					continue;
				},
			};
			let gone = chain.finalized.is_none() && chain.best.is_none();
			let kind = if held.file { store.file_record(&root)?.map(|r| r.kind) } else { None };
			// Shards encoded ahead of the file's submission stay while its upload waits to be paid for.
			let awaited = gone && kind == Some(FileKind::Unpaid);
			for shard in held.shards {
				let drop = (gone && !awaited)
					|| match (&chain.finalized, &chain.best) {
						(Some(finalized), Some(best)) =>
							held_elsewhere(finalized, shard, locals) && held_elsewhere(best, shard, locals),
						_ => false,
					};
				if drop {
					let bytes = store.drop_shard(&root, shard)?;
					log::info!(
						target: LOG_TARGET,
						"reclaimed shard {shard} of {root:?} ({bytes} bytes): {}",
						if gone { "the file is gone from the chain" } else { "its provider holds it" }
					);
					freed.shards += 1;
					freed.bytes = freed.bytes.saturating_add(bytes);
				}
			}
			if !held.file {
				continue;
			}
			if !gone {
				self.gone_since.remove(&root);
				let next = match kind {
					Some(FileKind::Unpaid) if chain.stored => Some(FileKind::Cached),
					Some(FileKind::Unpaid) => Some(FileKind::Pinned),
					Some(FileKind::Pinned) if chain.stored => Some(FileKind::Cached),
					_ => None,
				};
				if let Some(next) = next {
					store.set_file_kind(&root, next)?;
					log::debug!(target: LOG_TARGET, "file {root:?} is now {next:?}");
				}
				continue;
			}
			let since = *self.gone_since.entry(root).or_insert(now);
			if now.saturating_duration_since(since) >= self.grace {
				let bytes = store.drop_file(&root)?;
				log::info!(
					target: LOG_TARGET,
					"reclaimed file {root:?} ({bytes} bytes): not on chain for {} s",
					self.grace.as_secs()
				);
				self.gone_since.remove(&root);
				freed.files += 1;
				freed.bytes = freed.bytes.saturating_add(bytes);
			}
		}
		Ok(freed)
	}
}

/// The shard owners of file `root` in the state of block `at`, if the file exists there, and whether it is
/// stored there.
fn owners_at<C>(client: &C, at: H256, root: H256) -> Result<(Option<ShardOwners>, bool), String>
where
	C: ProvideRuntimeApi<Block>,
	C::Api: StorageApi<Block, AccountId, Balance>,
{
	let view = client.runtime_api().file(at, root).map_err(|e| e.to_string())?;
	let stored = view.as_ref().is_some_and(|v| v.state == FileStatus::Stored);
	let owners =
		view.map(|view| view.providers.into_iter().zip(view.layout.shards.iter().map(|s| s.acknowledged)).collect());
	Ok((owners, stored))
}

/// Runs a [`Reclaimer`] over `store` every [`RECLAIM_INTERVAL`] finalized blocks, with this node's storage
/// providers read from `keystore` each time. Spawn it once.
pub async fn run<C>(client: Arc<C>, sync: Arc<dyn SyncOracle + Send + Sync>, keystore: KeystorePtr, store: Arc<BlobStore>)
where
	C: ProvideRuntimeApi<Block> + BlockchainEvents<Block> + sp_blockchain::HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: StorageApi<Block, AccountId, Balance>,
{
	let mut reclaimer = Some(Reclaimer::new(GONE_GRACE));
	let mut finality = client.finality_notification_stream();
	let mut last = 0u32;
	while let Some(notification) = finality.next().await {
		let number = *notification.header.number();
		if number < last.saturating_add(RECLAIM_INTERVAL) || sync.is_major_syncing() {
			continue;
		}
		last = number;
		let Some(mut this) = reclaimer.take() else { return };
		let finalized = notification.hash;
		let locals: Vec<AccountId> =
			keystore.sr25519_public_keys(STORAGE_KEY_TYPE).into_iter().map(AccountId::from).collect();
		let (client, store) = (client.clone(), store.clone());
		let pass = off_thread(move || {
			let best = client.info().best_hash;
			let result = this.run(&store, &locals, Instant::now(), |root| {
				let (at_finalized, stored) = owners_at(&*client, finalized, *root)?;
				let at_best =
					if best == finalized { at_finalized.clone() } else { owners_at(&*client, best, *root)?.0 };
				Ok(OnChain { finalized: at_finalized, best: at_best, stored })
			});
			// Then a step of blob-file garbage collection, if the garbage of what was dropped warrants one.
			let garbage = store.collect_garbage();
			Ok((this, result, garbage))
		})
		.await;
		match pass {
			Ok((this, result, garbage)) => {
				reclaimer = Some(this);
				match garbage {
					Ok(report) if report.steps > 0 => log::info!(
						target: LOG_TARGET,
						"blob files: {} garbage-collection steps at #{number}, garbage {} → {} bytes",
						report.steps,
						report.before,
						report.after
					),
					Ok(_) => {},
					Err(e) => log::warn!(target: LOG_TARGET, "blob garbage collection at #{number}: {e}"),
				}
				match result {
					Ok(freed) if freed != Reclaimed::default() => log::info!(
						target: LOG_TARGET,
						"reclaimed {} shards and {} files ({} bytes) at #{number}",
						freed.shards,
						freed.files,
						freed.bytes
					),
					Ok(_) => {},
					Err(e) => log::warn!(target: LOG_TARGET, "reclaim at #{number}: {e}"),
				}
			},
			Err(e) => {
				log::error!(target: LOG_TARGET, "reclaim stopped: {e}");
				return;
			},
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::blob_store::{tests::{open_all, TempDir}, FileKind};
	use zg_primitives::storage::{file_root, merkle_root};

	const ME: [u8; 32] = [1; 32];
	const OTHER: [u8; 32] = [2; 32];

	fn account(bytes: [u8; 32]) -> AccountId {
		AccountId::from(bytes)
	}

	/// A store holding shards 0, 1 and 2 of `root` (1 KiB each) and the whole file (4 KiB).
	fn store_with_file(dir: &TempDir) -> (BlobStore, H256) {
		let store = open_all(dir, 1 << 30);
		let file = vec![7u8; 4096];
		let root = file_root(&file);
		let id = store.begin_upload(file.len() as u64, None).unwrap();
		store.write_chunk(id, 0, &file).unwrap();
		store.finish_upload(id, root).unwrap();
		for shard in 0..3u32 {
			let bytes = vec![shard as u8; 1024];
			store.put_shard(&root, shard, &bytes, merkle_root(&bytes)).unwrap();
		}
		(store, root)
	}

	fn owners(list: &[([u8; 32], bool)]) -> Option<ShardOwners> {
		Some(list.iter().map(|(who, ack)| (account(*who), *ack)).collect())
	}

	#[test]
	fn keeps_own_and_unacknowledged_shards_and_drops_those_held_elsewhere() {
		let dir = TempDir::new();
		let (store, root) = store_with_file(&dir);
		let view = owners(&[(ME, true), (OTHER, false), (OTHER, true)]);
		let mut reclaimer = Reclaimer::new(Duration::from_secs(60));
		let freed = reclaimer
			.run(&store, &[account(ME)], Instant::now(), |_| Ok(OnChain { finalized: view.clone(), best: view.clone(), stored: false }))
			.unwrap();
		assert_eq!(freed, Reclaimed { shards: 1, files: 0, bytes: 1024 });
		let held = store.inventory().unwrap();
		assert_eq!(held[&root].shards, vec![0, 1], "own shard and the one not yet acknowledged stay");
		assert!(held[&root].file, "a file on chain keeps its whole copy");
		assert_eq!(store.used(), 4096 + 2 * 1024);
	}

	#[test]
	fn a_shard_reassigned_to_this_node_at_the_best_block_is_kept() {
		let dir = TempDir::new();
		let (store, root) = store_with_file(&dir);
		// Finalized: shard 2 is another's and acknowledged. Best: it was reassigned to this node.
		let finalized = owners(&[(ME, true), (OTHER, true), (OTHER, true)]);
		let best = owners(&[(ME, true), (OTHER, true), (ME, false)]);
		let mut reclaimer = Reclaimer::new(Duration::from_secs(60));
		reclaimer
			.run(&store, &[account(ME)], Instant::now(), |_| Ok(OnChain { finalized: finalized.clone(), best: best.clone(), stored: false }))
			.unwrap();
		assert_eq!(store.inventory().unwrap()[&root].shards, vec![0, 2]);
		// Submitted at the best block only: nothing goes.
		let dir2 = TempDir::new();
		let (store2, root2) = store_with_file(&dir2);
		reclaimer
			.run(&store2, &[], Instant::now(), |_| Ok(OnChain { finalized: None, best: best.clone(), stored: false }))
			.unwrap();
		assert_eq!(store2.inventory().unwrap()[&root2].shards, vec![0, 1, 2]);
		assert!(store2.inventory().unwrap()[&root2].file);
	}

	#[test]
	fn a_gone_file_loses_its_shards_at_once_and_its_copy_after_the_grace_period() {
		let dir = TempDir::new();
		let (store, root) = store_with_file(&dir);
		// Paid for once (the chain had it), then deleted or expired.
		store.set_file_kind(&root, FileKind::Pinned).unwrap();
		let grace = Duration::from_secs(60);
		let mut reclaimer = Reclaimer::new(grace);
		let gone = |_: &H256| Ok(OnChain::default());
		let t0 = Instant::now();
		let freed = reclaimer.run(&store, &[account(ME)], t0, gone).unwrap();
		assert_eq!(freed, Reclaimed { shards: 3, files: 0, bytes: 3 * 1024 });
		assert_eq!(store.inventory().unwrap()[&root].shards, Vec::<u32>::new());
		// Within the grace period the whole file stays; seen on chain again, its clock restarts.
		assert_eq!(reclaimer.run(&store, &[], t0 + grace / 2, gone).unwrap(), Reclaimed::default());
		let back = owners(&[(ME, true)]);
		reclaimer.run(&store, &[], t0 + grace, |_| Ok(OnChain { finalized: back.clone(), best: back.clone(), stored: false })).unwrap();
		assert_eq!(reclaimer.run(&store, &[], t0 + grace + grace / 2, gone).unwrap(), Reclaimed::default());
		assert!(store.inventory().unwrap()[&root].file);
		let freed = reclaimer.run(&store, &[], t0 + 2 * grace + grace / 2, gone).unwrap();
		assert_eq!(freed, Reclaimed { shards: 0, files: 1, bytes: 4096 });
		assert!(store.inventory().unwrap().is_empty());
		assert_eq!(store.used(), 0);
		assert_eq!(store.read_file(&root).unwrap(), None);
	}

	/// An upload encoded ahead of its submission keeps its shards while the chain has not seen it and it waits to
	/// be paid for; once the store discards it, never paid for, the next pass drops them.
	#[test]
	fn the_shards_of_an_upload_not_yet_paid_for_stay_until_it_is_discarded() {
		let dir = TempDir::new();
		let (store, root) = store_with_file(&dir);
		let mut reclaimer = Reclaimer::new(Duration::from_secs(60));
		let gone = |_: &H256| Ok(OnChain::default());
		assert_eq!(reclaimer.run(&store, &[account(ME)], Instant::now(), gone).unwrap(), Reclaimed::default());
		assert_eq!(store.inventory().unwrap()[&root].shards, vec![0, 1, 2]);
		let expired = crate::blob_store::now_secs() + store.limits().unpaid_ttl_secs + 1;
		assert_eq!(store.prune(expired).unwrap().files, 1);
		let freed = reclaimer.run(&store, &[account(ME)], Instant::now(), gone).unwrap();
		assert_eq!(freed, Reclaimed { shards: 3, files: 0, bytes: 3 * 1024 });
		assert!(store.inventory().unwrap().is_empty());
		assert_eq!(store.used(), 0);
	}

	#[test]
	fn a_file_the_chain_cannot_tell_about_is_left_alone() {
		let dir = TempDir::new();
		let (store, root) = store_with_file(&dir);
		let mut reclaimer = Reclaimer::new(Duration::ZERO);
		let freed = reclaimer.run(&store, &[], Instant::now(), |_| Err("runtime API failed".into())).unwrap();
		assert_eq!(freed, Reclaimed::default());
		let held = store.inventory().unwrap();
		assert_eq!(held[&root].shards, vec![0, 1, 2]);
		assert!(held[&root].file);
	}

	#[test]
	fn uploads_the_chain_has_are_pinned_then_cached_once_stored() {
		let dir = TempDir::new();
		let (store, root) = store_with_file(&dir);
		let kind = |store: &BlobStore| store.file_record(&root).unwrap().map(|r| r.kind);
		assert_eq!(kind(&store), Some(FileKind::Unpaid));
		let view = owners(&[(ME, true), (OTHER, false), (OTHER, false)]);
		let mut reclaimer = Reclaimer::new(Duration::from_secs(60));
		// Submitted (at the best block only is enough): pinned, out of the unpaid quota.
		reclaimer
			.run(&store, &[account(ME)], Instant::now(), |_| Ok(OnChain { finalized: None, best: view.clone(), stored: false }))
			.unwrap();
		assert_eq!(kind(&store), Some(FileKind::Pinned));
		assert_eq!(store.usage().unwrap().unpaid, 0);
		// Stored at the finalized block: a cache copy.
		reclaimer
			.run(&store, &[account(ME)], Instant::now(), |_| Ok(OnChain { finalized: view.clone(), best: view.clone(), stored: true }))
			.unwrap();
		assert_eq!(kind(&store), Some(FileKind::Cached));
		assert_eq!(store.usage().unwrap().cached, 4096);
	}
}
