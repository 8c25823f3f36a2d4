//! The off-chain workers run again as soon as the node-side work they wait for has finished.
//!
//! Substrate runs the off-chain workers once per imported best block. The storage and DA workers start long jobs
//! through host functions that answer "in progress" at once (an encoding, a shard fetch, a custody fetch) and send
//! their transaction (`confirm_encoding`, `acknowledge_shard`, a custody attestation) from the first run that finds
//! the job done: the run at the next import. A job that finishes just after an import so waits a whole block time
//! for its transaction to be sent, and the transaction lands a block later than it could.
//!
//! [`Reruns`] stands between the client and `sc_offchain::OffchainWorkers::run`: it passes every block import
//! through and, once a job has signalled [`WorkDone::notify`], hands the workers the best block again, so they
//! send at once and the transaction is in the next block. Bounded whatever the jobs (or peers that make them end)
//! do: at most one extra run per best block, signals in between coalesce into it. A second run at the same block
//! is safe by the workers' own rule: each sends at most one transaction per account in a block and none in the
//! block after it (they share the account nonce they read from state), so a run that finds nothing new to do,
//! or that its sibling at the same block already did, sends nothing.

use std::sync::Arc;

use futures::{Stream, StreamExt};
use sc_client_api::{
	BlockchainEvents, FinalityNotifications, ImportNotifications, StorageEventStream, StorageKey,
};
use sp_runtime::traits::Block as BlockT;
use tokio::sync::Notify;

use crate::service::Spawner;

/// The signal of finished node-side work that an off-chain worker waits for. Cheap to clone; signals given while
/// nobody waits are kept (one at most) for the next wait.
#[derive(Clone, Default)]
pub struct WorkDone(Arc<Notify>);

impl WorkDone {
	/// Signals that work an off-chain worker waits for has finished.
	pub fn notify(&self) {
		self.0.notify_one();
	}

	/// Resolves at the next signal (at once if one came while nobody waited).
	pub async fn wait(&self) {
		self.0.notified().await
	}
}

/// The client's block events, with the best block's import notification given again after [`WorkDone`] (see the
/// module docs). Only [`BlockchainEvents::import_notification_stream`] differs from the client's.
pub struct Reruns<C> {
	client: Arc<C>,
	done: WorkDone,
	spawner: Spawner,
}

impl<C> Reruns<C> {
	/// `client`'s events, with reruns after each `done` signal, forwarded by a task that `spawner` runs.
	pub fn new(client: Arc<C>, done: WorkDone, spawner: Spawner) -> Self {
		Self { client, done, spawner }
	}
}

impl<Block: BlockT, C: BlockchainEvents<Block>> BlockchainEvents<Block> for Reruns<C> {
	fn import_notification_stream(&self) -> ImportNotifications<Block> {
		let (tx, rx) = sc_utils::mpsc::tracing_unbounded("mpsc_zg_offchain_reruns", 100_000);
		let imports = self.client.import_notification_stream();
		let forward = with_reruns(imports, self.done.clone(), |n| n.is_new_best.then_some(n.hash), move |n| {
			tx.unbounded_send(n).is_ok()
		});
		(self.spawner)("zg-offchain-reruns", Box::pin(forward));
		rx
	}

	fn every_import_notification_stream(&self) -> ImportNotifications<Block> {
		self.client.every_import_notification_stream()
	}

	fn finality_notification_stream(&self) -> FinalityNotifications<Block> {
		self.client.finality_notification_stream()
	}

	fn storage_changes_notification_stream(
		&self,
		filter_keys: Option<&[StorageKey]>,
		child_filter_keys: Option<&[(StorageKey, Option<Vec<StorageKey>>)]>,
	) -> sp_blockchain::Result<StorageEventStream<Block::Hash>> {
		self.client.storage_changes_notification_stream(filter_keys, child_filter_keys)
	}
}

/// Hands every item of `imports` to `send`, and after each `done` signal the last item that `best` gives a key,
/// again, unless that key was given again already. Ends when `imports` ends or `send` answers false (its receiver
/// is gone).
pub async fn with_reruns<T: Clone, K: Clone + PartialEq>(
	mut imports: impl Stream<Item = T> + Unpin,
	done: WorkDone,
	best: impl Fn(&T) -> Option<K>,
	mut send: impl FnMut(T) -> bool,
) {
	let mut last_best: Option<(K, T)> = None;
	let mut rerun: Option<K> = None;
	loop {
		tokio::select! {
			biased;
			item = imports.next() => {
				let Some(item) = item else { return };
				if let Some(key) = best(&item) {
					last_best = Some((key, item.clone()));
				}
				if !send(item) {
					return;
				}
			},
			() = done.wait() => {
				let Some((key, item)) = &last_best else { continue };
				if rerun.as_ref() == Some(key) {
					continue;
				}
				rerun = Some(key.clone());
				if !send(item.clone()) {
					return;
				}
			},
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use futures::channel::mpsc;
	use std::time::Duration;

	/// An import: (block, whether it is the new best).
	type Import = (u32, bool);

	struct Harness {
		imports: mpsc::UnboundedSender<Import>,
		done: WorkDone,
		out: mpsc::UnboundedReceiver<Import>,
		task: tokio::task::JoinHandle<()>,
	}

	fn harness() -> Harness {
		let (imports, rx) = mpsc::unbounded();
		let (tx, out) = mpsc::unbounded();
		let done = WorkDone::default();
		let task = tokio::spawn(with_reruns(rx, done.clone(), |&(n, best): &Import| best.then_some(n), move |i| {
			tx.unbounded_send(i).is_ok()
		}));
		Harness { imports, done, out, task }
	}

	/// What the workers were handed until nothing comes for a while.
	async fn handed(out: &mut mpsc::UnboundedReceiver<Import>) -> Vec<Import> {
		let mut got = Vec::new();
		while let Ok(Some(i)) = tokio::time::timeout(Duration::from_millis(100), out.next()).await {
			got.push(i);
		}
		got
	}

	#[tokio::test]
	async fn imports_pass_through_and_work_done_reruns_the_best_block_once() {
		let mut h = harness();
		h.imports.unbounded_send((1, true)).unwrap();
		h.imports.unbounded_send((2, false)).unwrap();
		assert_eq!(handed(&mut h.out).await, vec![(1, true), (2, false)]);
		// Work done: the best block (1, not the side block 2) again.
		h.done.notify();
		assert_eq!(handed(&mut h.out).await, vec![(1, true)]);
		// Finished jobs flooding in while block 1 is still the best: no second rerun of it.
		for _ in 0..100 {
			h.done.notify();
			tokio::task::yield_now().await;
		}
		assert_eq!(handed(&mut h.out).await, vec![]);
		// A new best block, then work done: one rerun of it.
		h.imports.unbounded_send((3, true)).unwrap();
		assert_eq!(handed(&mut h.out).await, vec![(3, true)]);
		h.done.notify();
		h.done.notify();
		assert_eq!(handed(&mut h.out).await, vec![(3, true)]);
	}

	#[tokio::test]
	async fn work_done_before_any_best_block_reruns_nothing_and_the_forwarder_ends_with_its_ends() {
		let mut h = harness();
		h.done.notify();
		assert_eq!(handed(&mut h.out).await, vec![]);
		h.imports.unbounded_send((1, true)).unwrap();
		assert_eq!(handed(&mut h.out).await, vec![(1, true)]);
		// The workers gone: the forwarder stops at the next item it would hand them.
		drop(h.out);
		h.done.notify();
		tokio::time::timeout(Duration::from_secs(5), h.task).await.expect("stops").unwrap();
		// The imports gone: it stops too.
		let h = harness();
		drop(h.imports);
		tokio::time::timeout(Duration::from_secs(5), h.task).await.expect("stops").unwrap();
	}
}
