//! The DA signer's off-chain worker (WIP: wired into the pallet and the node in the next slice).
//!
//! It runs after every imported block on nodes started as DA signers, for every local key of type
//! [`crypto::KEY_TYPE`] (`zgda`) whose account is a registered signer. The node's DA service does the work
//! (`zg_da_node` host functions: fetching, checking and keeping columns, reading cells); the worker decides and
//! signs:
//!
//! 1. **Custody answers** come first: an open challenge is answered with the cell the node keeps, the custody
//!    secret of the blob's epoch and the cell's path in the custody tree of the signer's cells of the blob
//!    (`answer_challenge`). A node that does not keep them logs the miss loudly; the slash follows on chain.
//! 2. **Custody secrets**: a signer without a commitment on chain commits to the hash chain whose seed the worker
//!    keeps in the node's persistent off-chain storage (`commit_custody`; a new seed if it has none, or if the
//!    chain's commitment is not its own and nothing it attested is still liable). When the chain's knowledge of
//!    the secrets falls [`REVEAL_LAG`] epochs behind what may be revealed, the worker reveals (`reveal_custody`).
//! 3. **Attestations**: among the most recent [`MAX_BLOBS_SCAN`] blobs and as many older live ones, taken in turn
//!    from where the last run left off (so that every live blob is looked at however many are submitted after it),
//!    those still before their deadline whose committee gives the signer slots it has not attested are handed to the
//!    node (`custody`: fetch the slots' columns from the disperser, check every cell, keep them); those it attested
//!    are handed over again, which repairs columns the node lost. The blobs the node reports `Held` are attested in
//!    one `attest` of at most `MaxAttestBatch`, each with the custody root of the cells the node keeps.
//!
//! A signer sends at most one transaction per block (they share the account nonce), and none while the last one
//! it sent may still be waiting for a block ([`zg_primitives::offchain::LastSent`]: in the block after one it
//! sent, only if that one is in it).

use super::*;
use frame_system::offchain::{AppCrypto, SendSignedTransaction, Signer};
use sp_runtime::{
	offchain::{
		storage::StorageValueRef,
		storage_lock::{StorageLock, Time},
		Duration,
	},
	traits::IdentifyAccount,
	RuntimeAppPublic,
};
use zg_primitives::{
	da::{
		columns_of_slot, custody,
		host::{zg_da_node, CustodyStatus},
		rows_for,
	},
	offchain::LastSent,
};

/// The DA signer keys of the worker.
pub mod crypto {
	use sp_runtime::{app_crypto::sr25519, MultiSignature, MultiSigner};

	/// The key type of DA-signer keys.
	pub const KEY_TYPE: sp_core::crypto::KeyTypeId = sp_core::crypto::KeyTypeId(*b"zgda");

	sp_runtime::app_crypto::app_crypto!(sr25519, KEY_TYPE);

	/// Signs the worker's transactions with a signer's sr25519 key of type [`KEY_TYPE`].
	pub struct SignerAuthId;

	impl frame_system::offchain::AppCrypto<MultiSigner, MultiSignature> for SignerAuthId {
		type RuntimeAppPublic = Public;
		type GenericPublic = sp_core::sr25519::Public;
		type GenericSignature = sp_core::sr25519::Signature;
	}
}

/// How many of the most recent blobs one run looks at, and how many older live ones besides (in turn).
pub const MAX_BLOBS_SCAN: u64 = 64;

/// Epochs the chain's knowledge of a signer's custody secrets may lag behind what may be revealed before the
/// worker reveals.
pub const REVEAL_LAG: u32 = custody::MAX_GAP / 4;

/// The off-chain storage key of the lock that keeps one run at a time.
pub(crate) const WORKER_LOCK: &[u8] = b"zg-da/worker-lock";

/// How long a run may hold the lock before another may take it: bounds the wait after a node was killed mid-run
/// (well inside the production runtime's 5-minute answer window).
const WORKER_LOCK_MS: u64 = 30_000;

/// A signer's custody chain as its node keeps it: the seed and the epoch whose secret the seed is.
#[derive(Clone, Copy, Encode, Decode)]
struct Chain {
	seed: [u8; 32],
	top: EpochIndex,
}

impl Chain {
	fn secret(&self, epoch: EpochIndex) -> Option<[u8; 32]> {
		custody::secret_of(&self.seed, self.top, epoch)
	}

	/// Whether the chain's commitment on chain is this chain's.
	fn matches(&self, anchor: &CustodyAnchor) -> bool {
		self.secret(anchor.epoch).is_some_and(|x| custody::step(&x) == anchor.image)
	}
}

impl<T: Config> Pallet<T> {
	/// The off-chain worker (see the module docs).
	pub(crate) fn run_worker(now: BlockNumberFor<T>) {
		// One run at a time: the runs of consecutive blocks would otherwise overlap on a loaded node, each doing
		// the same work and slowing the one whose answer is due. A run that dies holds the lock until its deadline.
		let mut lock = StorageLock::<Time>::with_deadline(WORKER_LOCK, Duration::from_millis(WORKER_LOCK_MS));
		let Ok(_guard) = lock.try_lock() else {
			log::debug!(target: LOG_TARGET, "worker: the run of an earlier block is still going; #{now:?} skipped");
			return;
		};
		for (public, who) in Self::local_signers() {
			let last = Self::last_sent(&who);
			let nonce = frame_system::Pallet::<T>::account_nonce(&who);
			if last.may_be_waiting(now, nonce) {
				continue;
			}
			let Some(call) = Self::answer(&who)
				.or_else(|| Self::custody_upkeep(&who, now))
				.or_else(|| Self::attestations(&who, now))
			else {
				continue;
			};
			let results = Signer::<T, T::AuthorityId>::all_accounts()
				.with_filter(alloc::vec![public])
				.send_signed_transaction(|_| call.clone());
			for (_, result) in results {
				match result {
					Ok(()) => last.record(now, nonce),
					Err(()) => log::warn!(target: LOG_TARGET, "worker: could not submit a transaction for {who:?}"),
				}
			}
		}
	}

	/// Local DA-signer keys whose accounts are registered signers.
	fn local_signers() -> Vec<(T::Public, T::AccountId)> {
		<<T::AuthorityId as AppCrypto<T::Public, T::Signature>>::RuntimeAppPublic as RuntimeAppPublic>::all()
			.into_iter()
			.filter_map(|key| {
				let generic: <T::AuthorityId as AppCrypto<T::Public, T::Signature>>::GenericPublic = key.into();
				let public: T::Public = generic.into();
				let who = public.clone().into_account();
				Signers::<T>::contains_key(&who).then_some((public, who))
			})
			.collect()
	}

	/// The answer to the signer's open challenge, if its node keeps the blob's cells and the custody secret.
	fn answer(who: &T::AccountId) -> Option<Call<T>> {
		let challenge = Challenges::<T>::get(who)?;
		let blob = Blobs::<T>::get(challenge.blob)?;
		let commitments = Commitments::<T>::get(challenge.blob)?.into_inner();
		let missing = |what: &str| {
			log::error!(
				target: LOG_TARGET,
				"worker: {who:?} is challenged for cell {:?} of blob {} and {what}",
				challenge.cell,
				challenge.blob
			);
		};
		let CellIndex { row, column } = challenge.cell;
		let Some((cell, proof)) = zg_da_node::cell(blob.data_root, commitments.clone(), row, column as u32) else {
			missing("its node does not keep it");
			return None;
		};
		// Attested before the runtime had custody roots: the cell alone answers.
		if !CustodyRoots::<T>::get(challenge.blob).iter().any(|(signer, _)| signer == who) {
			return Some(Call::answer_challenge {
				cell: cell.try_into().ok()?,
				proof,
				secret: H256::zero(),
				path: Default::default(),
			});
		}
		let Some(secret) = Self::chain(who).and_then(|c| c.secret(blob.epoch)) else {
			missing("its node does not keep the custody secret of the blob's epoch");
			return None;
		};
		let committee = Committees::<T>::get(blob.epoch).unwrap_or_default();
		let columns = Self::columns_of(&committee, who);
		let Some(leaves) = Self::custody_leaves(challenge.blob, &blob, &commitments, &columns, &secret) else {
			missing("its node does not keep every cell of its columns");
			return None;
		};
		let started = sp_io::offchain::timestamp();
		let index = custody::leaf_index(&columns, row, column)?;
		let path = custody::path(&leaves, index as usize).into_iter().map(H256).collect::<Vec<_>>();
		log::info!(
			target: LOG_TARGET,
			"worker: {who:?} answers its challenge for cell {:?} of blob {} ({} leaves, path made in {} ms)",
			challenge.cell,
			challenge.blob,
			leaves.len(),
			sp_io::offchain::timestamp().diff(&started).millis()
		);
		Some(Call::answer_challenge {
			cell: cell.try_into().ok()?,
			proof,
			secret: H256(secret),
			path: path.try_into().ok()?,
		})
	}

	/// The signer's custody leaves of a blob (rows in order, its columns ascending), if the node keeps every cell:
	/// one host call, which reads each column once.
	fn custody_leaves(
		id: BlobId,
		blob: &BlobInfo<T>,
		commitments: &[Commitment],
		columns: &[u8],
		secret: &[u8; 32],
	) -> Option<Vec<[u8; 32]>> {
		let leaves = zg_da_node::custody_leaves(blob.data_root, commitments.to_vec(), id, columns.to_vec(), *secret)?;
		(leaves.len() == rows_for(blob.size) as usize * columns.len()).then_some(leaves)
	}

	fn chain_key(who: &T::AccountId) -> Vec<u8> {
		(b"zg-da/custody-chain", who).encode()
	}

	/// The custody chain the node keeps for `who`.
	fn chain(who: &T::AccountId) -> Option<Chain> {
		StorageValueRef::persistent(&Self::chain_key(who)).get::<Chain>().ok().flatten()
	}

	/// Commits the signer's custody chain if the chain knows none of its own, or reveals when the chain's knowledge
	/// lags.
	fn custody_upkeep(who: &T::AccountId, now: BlockNumberFor<T>) -> Option<Call<T>> {
		let current = Self::epoch_of(now);
		let kept = Self::chain(who);
		match (CustodyAnchors::<T>::get(who), kept) {
			(Some(anchor), Some(chain)) if chain.matches(&anchor) => {
				// The latest epoch whose secret may be revealed.
				let mut latest = current;
				while now < Self::reveal_at(latest) {
					latest = latest.checked_sub(1)?;
				}
				if latest < anchor.epoch.saturating_add(REVEAL_LAG) {
					return None;
				}
				let epoch = latest.min(anchor.epoch.saturating_add(custody::MAX_GAP - 1));
				Some(Call::reveal_custody { epoch, secret: H256(chain.secret(epoch)?) })
			},
			(anchor, kept) => {
				if anchor.is_some() {
					let signer = Signers::<T>::get(who)?;
					if now <= signer.liable_until || Challenges::<T>::contains_key(who) {
						log::error!(
							target: LOG_TARGET,
							"worker: {who:?}'s custody commitment on chain is not the chain this node keeps; it \
							 cannot commit a new one until what it attested expires"
						);
						return None;
					}
				}
				// Keep a chain that is not on chain yet (a commitment in flight); otherwise a new seed.
				let chain = match kept {
					Some(chain) if anchor.is_none() && chain.secret(current).is_some() => chain,
					_ => {
						let chain = Chain {
							seed: sp_io::offchain::random_seed(),
							top: current.saturating_add(custody::CHAIN_LENGTH - 1),
						};
						StorageValueRef::persistent(&Self::chain_key(who)).set(&chain);
						chain
					},
				};
				let image = custody::step(&chain.secret(current)?);
				Some(Call::commit_custody { epoch: current, image: H256(image) })
			},
		}
	}

	/// One `attest` of the blobs whose columns the node now keeps.
	fn attestations(who: &T::AccountId, now: BlockNumberFor<T>) -> Option<Call<T>> {
		let slots = T::Slots::get();
		let mut ready = Vec::new();
		// Attested under the custody chain on chain only.
		let chain = Self::chain(who).filter(|c| CustodyAnchors::<T>::get(who).is_some_and(|a| c.matches(&a)))?;
		for id in Self::blobs_to_scan(who) {
			let Some(blob) = Blobs::<T>::get(id) else { continue };
			if blob.status == BlobStatus::Unavailable {
				continue;
			}
			let committee = Committees::<T>::get(blob.epoch).unwrap_or_default();
			let mine = Self::slots_of(&committee, who);
			if mine == 0 {
				continue;
			}
			let attested = mine & blob.attested == mine;
			// Past its deadline a blob is only kept (repaired), never attested.
			if !attested && now > blob.deadline {
				continue;
			}
			let Some(commitments) = Commitments::<T>::get(id) else { continue };
			let commitments = commitments.into_inner();
			let columns: Vec<u8> =
				(0..slots).filter(|s| mine & (1u128 << s) != 0).flat_map(|s| columns_of_slot(s, slots)).collect();
			// For a blob already attested, asking again repairs: the node fetches the columns it lost (custody
			// challenges would slash the signer at every miss otherwise) and answers `Held` at once if it has them.
			let status =
				zg_da_node::custody(blob.data_root, commitments.clone(), columns, blob.disperser.clone().into_inner());
			if attested {
				if let CustodyStatus::Failed(why) = status {
					log::warn!(
						target: LOG_TARGET,
						"worker: blob {id}'s columns, attested by {who:?}, cannot be repaired: {}",
						core::str::from_utf8(&why).unwrap_or("(not UTF-8)")
					);
				}
				continue;
			}
			match status {
				CustodyStatus::Held => {
					let columns = Self::columns_of(&committee, who);
					let leaves = chain.secret(blob.epoch).and_then(|secret| {
						Self::custody_leaves(id, &blob, &commitments, &columns, &secret)
					});
					match leaves {
						Some(leaves) => ready.push((id, H256(custody::root(&leaves)))),
						None => log::warn!(target: LOG_TARGET, "worker: blob {id} held but its custody leaves not made"),
					}
				},
				CustodyStatus::Fetching => {},
				CustodyStatus::Failed(why) => log::warn!(
					target: LOG_TARGET,
					"worker: blob {id} not attested: {}",
					core::str::from_utf8(&why).unwrap_or("(not UTF-8)")
				),
			}
			if ready.len() as u32 >= T::MaxAttestBatch::get() {
				break;
			}
		}
		(!ready.is_empty()).then(|| Call::attest { blobs: BoundedVec::truncate_from(ready) })
	}

	/// The blobs one run looks at: [`MAX_BLOBS_SCAN`] of the older live ones, from where the last run for `who`
	/// left off (back to the oldest once it reaches the recent ones), then the most recent [`MAX_BLOBS_SCAN`].
	/// Looking at the recent ones alone, a blob would be lost from sight once as many were submitted after it —
	/// before its deadline under load, or by anyone submitting cheap blobs — and never attested, nor repaired.
	fn blobs_to_scan(who: &T::AccountId) -> impl Iterator<Item = BlobId> {
		let (oldest, next) = (OldestBlob::<T>::get(), NextBlobId::<T>::get());
		let recent = next.saturating_sub(MAX_BLOBS_SCAN).max(oldest);
		let key = (b"zg-da/scan-cursor", who).encode();
		let cursor = StorageValueRef::persistent(&key);
		let from = cursor.get::<BlobId>().ok().flatten().filter(|c| (oldest..recent).contains(c)).unwrap_or(oldest);
		let to = from.saturating_add(MAX_BLOBS_SCAN).min(recent);
		cursor.set(&to);
		(from..to).chain(recent..next)
	}

	/// The last transaction the worker sent for `who`.
	fn last_sent(who: &T::AccountId) -> LastSent {
		LastSent::new((b"zg-da/sent", who).encode())
	}
}
