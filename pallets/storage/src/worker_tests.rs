//! The off-chain worker against a fake node: an in-memory [`BlobHost`] holding real erasure-coded files, the
//! test keystore (`UintAuthorityId(n)` signs for account `n`) and the test transaction pool.

use crate::{mock::*, *};
use codec::Decode;
use parking_lot::Mutex;
use sp_core::offchain::{testing, OffchainDbExt, OffchainWorkerExt, TransactionPoolExt};
use sp_runtime::testing::UintAuthorityId;
use std::{collections::BTreeMap, sync::Arc};
use zg_primitives::storage::{
	erasure,
	host::{BlobHost, BlobHostExt, EncodeStatus, FileLayout, HostError, SectorWithProof, ShardStatus},
	merkle_proof, sector_leaf, SECTOR_SIZE, SEGMENT_SIZE,
};

/// A node's blob store: whole files (uploads) and shards, with the fetches and encodings the worker asked for.
/// Like the real node, it encodes in the background: `encode_file` answers `Encoding` (starting the encoding once)
/// until the test lets the encodings finish ([`FakeNode::finish_encodings`]), then the roots.
#[derive(Default)]
struct FakeNode {
	files: Mutex<BTreeMap<H256, Vec<u8>>>,
	shards: Mutex<BTreeMap<(H256, u32), Vec<u8>>>,
	fetches: Mutex<Vec<(H256, u32)>>,
	/// The shards asked for while their file was pending (no root yet), with the encoder the layout named.
	ahead: Mutex<Vec<(H256, u32, Option<Vec<u8>>)>>,
	/// Files whose encoding started.
	encodings: Mutex<Vec<H256>>,
	/// Whether started encodings are done.
	finished: Mutex<bool>,
	/// Evidence of a wrong encoding the node found.
	evidence: Mutex<Option<(H256, zg_primitives::storage::FraudEvidence)>>,
}

impl FakeNode {
	fn finish_encodings(&self) {
		*self.finished.lock() = true;
	}
}

impl BlobHost for FakeNode {
	fn file_size(&self, root: &H256) -> Result<u64, HostError> {
		self.files.lock().get(root).map(|d| d.len() as u64).ok_or(HostError::NotHeld)
	}

	fn encode_file(&self, root: &H256, params: &ErasureParams) -> Result<EncodeStatus, HostError> {
		let data = self.files.lock().get(root).cloned().ok_or(HostError::NotHeld)?;
		if !self.encodings.lock().contains(root) {
			self.encodings.lock().push(*root);
			return Ok(EncodeStatus::Encoding);
		}
		if !*self.finished.lock() {
			return Ok(EncodeStatus::Encoding);
		}
		let shards = erasure::encode(params, &data).map_err(|_| HostError::InvalidRequest)?;
		let roots = erasure::shard_roots(&shards);
		for (i, shard) in shards.into_iter().enumerate() {
			self.shards.lock().insert((*root, i as u32), shard);
		}
		Ok(EncodeStatus::Ready(roots))
	}

	fn ensure_shard(&self, layout: &FileLayout, shard: u32) -> ShardStatus {
		if layout.shards[shard as usize].root.is_none() {
			self.ahead.lock().push((layout.root, shard, layout.encoder_peer.clone()));
			return ShardStatus::Fetching;
		}
		let held = self.shards.lock().get(&(layout.root, shard)).cloned();
		match held {
			Some(bytes)
				if Some(zg_primitives::storage::merkle_root(&bytes)) ==
					layout.shards[shard as usize].root =>
				ShardStatus::Ready,
			_ => {
				self.fetches.lock().push((layout.root, shard));
				ShardStatus::Fetching
			},
		}
	}

	fn sector_proof(&self, root: &H256, shard: u32, sector: u64) -> Result<SectorWithProof, HostError> {
		let bytes = self.shards.lock().get(&(*root, shard)).cloned().ok_or(HostError::NotHeld)?;
		let leaves: Vec<H256> = bytes.chunks(SECTOR_SIZE).map(sector_leaf).collect();
		let proof = merkle_proof(&leaves, sector).ok_or(HostError::InvalidRequest)?;
		let start = sector as usize * SECTOR_SIZE;
		let data = bytes.get(start..start + SECTOR_SIZE).ok_or(HostError::InvalidRequest)?.to_vec();
		Ok(SectorWithProof { data, proof: proof.siblings })
	}

	fn drop_shard(&self, root: &H256, shard: u32) {
		self.shards.lock().remove(&(*root, shard));
	}

	fn take_fraud_evidence(&self) -> Option<(H256, zg_primitives::storage::FraudEvidence)> {
		self.evidence.lock().take()
	}
}

/// A chain with the worker's extensions: `keys` in the keystore, `node` as the blob host (if any).
fn worker_ext(
	keys: Vec<u64>,
	node: Option<Arc<FakeNode>>,
) -> (sp_io::TestExternalities, Arc<parking_lot::RwLock<testing::PoolState>>) {
	let mut ext = new_test_ext();
	let (offchain, _) = testing::TestOffchainExt::new();
	let (pool, pool_state) = testing::TestTransactionPoolExt::new();
	ext.register_extension(OffchainWorkerExt::new(offchain.clone()));
	ext.register_extension(OffchainDbExt::new(offchain));
	ext.register_extension(TransactionPoolExt::new(pool));
	if let Some(node) = node {
		ext.register_extension(BlobHostExt(node));
	}
	UintAuthorityId::set_all_keys(keys);
	(ext, pool_state)
}

/// The calls in the pool, with their signers, and empties it.
fn drain(pool: &Arc<parking_lot::RwLock<testing::PoolState>>) -> Vec<(u64, Call<Test>)> {
	let txs = core::mem::take(&mut pool.write().transactions);
	txs.into_iter()
		.map(|tx| {
			let xt = Extrinsic::decode(&mut &tx[..]).expect("the worker submits valid extrinsics");
			let signer = match xt.preamble {
				sp_runtime::generic::Preamble::Signed(who, ..) => who,
				_ => panic!("the worker signs its transactions"),
			};
			match xt.function {
				RuntimeCall::Storage(call) => (signer, call),
				other => panic!("unexpected call {other:?}"),
			}
		})
		.collect()
}

/// Runs the off-chain worker for block `now` as a node does: on that block's state, every change it makes to the
/// state (the signer's nonce among them) thrown away afterwards.
fn offchain_worker(now: u64) {
	let _: Result<(), sp_runtime::DispatchError> = frame_support::storage::with_transaction(|| {
		Storage::offchain_worker(now);
		sp_runtime::TransactionOutcome::Rollback(Ok(()))
	});
}

/// Includes a transaction the worker sent: dispatches it and spends the signer's nonce, as a block would.
fn apply(signer: u64, call: Call<Test>) {
	frame_support::assert_ok!(RuntimeCall::Storage(call).dispatch(RuntimeOrigin::signed(signer)));
	System::inc_account_nonce(signer);
}

use sp_runtime::traits::Dispatchable as _;

#[test]
fn worker_encodes_an_uploaded_file_then_providers_fetch_acknowledge_and_prove() {
	let node = Arc::new(FakeNode::default());
	let (mut ext, pool) = worker_ext((1..=6).collect(), Some(node.clone()));
	ext.execute_with(|| {
		register(1..=6, 1 << 30);
		let file = TestFile::new(3 * SEGMENT_SIZE + 1000, 7);
		node.files.lock().insert(file.root, file.data.clone());
		frame_support::assert_ok!(Storage::submit_file(RuntimeOrigin::signed(20), file.root, file.size(), 5, 1));

		// The node holding the upload starts encoding it in the background: nothing to send yet.
		offchain_worker(System::block_number());
		assert!(drain(&pool).is_empty());
		assert_eq!(*node.encodings.lock(), vec![file.root]);
		// Once it is encoded, exactly one provider confirms.
		node.finish_encodings();
		run_to_block(System::block_number() + 1);
		offchain_worker(System::block_number());
		let sent = drain(&pool);
		assert_eq!(sent.len(), 1, "one confirmation: {sent:?}");
		let (encoder, call) = sent[0].clone();
		assert_eq!(call, Call::confirm_encoding { root: file.root, shard_roots: file.roots() });
		apply(encoder, call);

		// Next block, which included the confirmation: every provider acknowledges its shard (the fake node holds
		// them all after encoding), the encoder too, and the file is stored.
		run_to_block(System::block_number() + 1);
		offchain_worker(System::block_number());
		let sent = drain(&pool);
		assert_eq!(sent.len(), 6, "{sent:?}");
		assert!(sent.iter().any(|(who, _)| *who == encoder));
		for (who, call) in sent {
			assert!(matches!(call, Call::acknowledge_shard { root, .. } if root == file.root));
			apply(who, call);
		}
		assert_eq!(Files::<Test>::get(file.root).expect("stored").state, FileState::Stored);

		// A challenge round: each provider answers with a proof the runtime accepts.
		let round = Storage::current_round() + 1;
		run_to_round(round);
		let challenged: Vec<u64> = (1..=6).filter(|p| Challenges::<Test>::contains_key(p)).collect();
		assert_eq!(challenged.len(), 6);
		offchain_worker(System::block_number());
		let sent = drain(&pool);
		assert_eq!(sent.len(), 6);
		for (who, call) in sent {
			assert!(matches!(call, Call::submit_proof { .. }));
			apply(who, call);
		}
		assert!((1..=6).all(|p| !Challenges::<Test>::contains_key(p)));
		assert_eq!(
			events().iter().filter(|e| matches!(e, Event::ProofAccepted { round: r, .. } if *r == round)).count(),
			6
		);
	});
}

#[test]
fn worker_fetches_missing_shards_and_cannot_answer_for_lost_ones() {
	let node = Arc::new(FakeNode::default());
	let (mut ext, pool) = worker_ext(vec![1, 2, 3, 4, 5, 6], Some(node.clone()));
	ext.execute_with(|| {
		register(1..=6, 1 << 30);
		let file = TestFile::new(SEGMENT_SIZE, 3);
		frame_support::assert_ok!(Storage::submit_file(RuntimeOrigin::signed(20), file.root, file.size(), 5, 1));
		frame_support::assert_ok!(Storage::confirm_encoding(RuntimeOrigin::signed(1), file.root, file.roots()));

		// Nothing held locally: every provider's shard is requested from the network, nothing is sent.
		offchain_worker(System::block_number());
		assert!(drain(&pool).is_empty());
		assert_eq!(node.fetches.lock().len(), 6);

		// A shard that arrives corrupted is not acknowledged.
		let mut bad = file.shards[0].clone();
		bad[5] ^= 1;
		node.shards.lock().insert((file.root, 0), bad);
		run_to_block(System::block_number() + 2);
		offchain_worker(System::block_number());
		assert!(drain(&pool).is_empty());

		// Good shards are acknowledged.
		for (i, shard) in file.shards.iter().enumerate() {
			node.shards.lock().insert((file.root, i as u32), shard.clone());
		}
		run_to_block(System::block_number() + 2);
		offchain_worker(System::block_number());
		for (who, call) in drain(&pool) {
			apply(who, call);
		}
		assert_eq!(Files::<Test>::get(file.root).expect("stored").state, FileState::Stored);

		// Shard data lost on disk: the challenged provider cannot answer and sends nothing.
		node.shards.lock().clear();
		run_to_round(Storage::current_round() + 1);
		offchain_worker(System::block_number());
		assert!(drain(&pool).is_empty());
	});
}

/// While a file is pending, every provider of one of its shards but the chosen encoder asks its node for the shard
/// with no root and the chosen encoder named in the layout (the node fetches it ahead from that node); nothing is
/// sent for it before the confirmation, which lets all of them acknowledge in the block after it.
#[test]
fn providers_ask_for_their_shards_ahead_while_the_file_is_pending() {
	let node = Arc::new(FakeNode::default());
	let (mut ext, pool) = worker_ext((1..=6).collect(), Some(node.clone()));
	ext.execute_with(|| {
		register(1..=6, 1 << 30);
		let file = TestFile::new(SEGMENT_SIZE, 9);
		frame_support::assert_ok!(Storage::submit_file(RuntimeOrigin::signed(20), file.root, file.size(), 5, 2));
		for (i, shard) in file.shards.iter().enumerate() {
			node.shards.lock().insert((file.root, i as u32), shard.clone());
		}
		offchain_worker(System::block_number());
		assert!(drain(&pool).is_empty(), "nothing is acknowledged while pending");
		let providers = providers_of(file.root);
		let mut asked = node.ahead.lock().clone();
		asked.sort();
		let expected: Vec<_> = (0..providers.len() as u32)
			.filter(|&i| providers[i as usize] != 2)
			.map(|i| (file.root, i, Some(b"peer-2".to_vec())))
			.collect();
		assert_eq!(expected.len(), providers.len() - 1, "the encoder holds a shard too and is not asked");
		assert_eq!(asked, expected);
		assert!(node.fetches.lock().is_empty());

		// Confirmed: the shards held are acknowledged at the next run, every one of them.
		frame_support::assert_ok!(Storage::confirm_encoding(RuntimeOrigin::signed(2), file.root, file.roots()));
		run_to_block(System::block_number() + 1);
		offchain_worker(System::block_number());
		let sent = drain(&pool);
		assert_eq!(sent.len(), providers.len());
		for (who, call) in sent {
			assert!(matches!(call, Call::acknowledge_shard { root, .. } if root == file.root));
			apply(who, call);
		}
		assert_eq!(Files::<Test>::get(file.root).expect("stored").state, FileState::Stored);
		assert_eq!(node.ahead.lock().len(), expected.len(), "no more asks ahead once confirmed");
	});
}

#[test]
fn worker_does_nothing_without_a_blob_store_or_provider_keys() {
	let (mut ext, pool) = worker_ext(vec![1, 2, 3, 4, 5, 6], None);
	ext.execute_with(|| {
		register(1..=6, 1 << 30);
		let file = TestFile::new(SEGMENT_SIZE, 9);
		frame_support::assert_ok!(Storage::submit_file(RuntimeOrigin::signed(20), file.root, file.size(), 5, 1));
		frame_support::assert_ok!(Storage::confirm_encoding(RuntimeOrigin::signed(1), file.root, file.roots()));
		offchain_worker(System::block_number());
		assert!(drain(&pool).is_empty());
	});
	// Keys of accounts that are not providers are ignored.
	let node = Arc::new(FakeNode::default());
	let (mut ext, pool) = worker_ext(vec![30, 31], Some(node.clone()));
	ext.execute_with(|| {
		register(1..=6, 1 << 30);
		let file = TestFile::new(SEGMENT_SIZE, 4);
		node.files.lock().insert(file.root, file.data.clone());
		frame_support::assert_ok!(Storage::submit_file(RuntimeOrigin::signed(20), file.root, file.size(), 5, 1));
		offchain_worker(System::block_number());
		assert!(drain(&pool).is_empty());
	});
}

#[test]
fn an_encoding_in_progress_never_delays_a_challenge_answer() {
	let node = Arc::new(FakeNode::default());
	let (mut ext, pool) = worker_ext((1..=6).collect(), Some(node.clone()));
	ext.execute_with(|| {
		register(1..=6, 1 << 30);
		// A stored file every provider holds a shard of.
		let stored = TestFile::new(SEGMENT_SIZE, 11);
		frame_support::assert_ok!(Storage::submit_file(RuntimeOrigin::signed(20), stored.root, stored.size(), 5, 1));
		frame_support::assert_ok!(Storage::confirm_encoding(RuntimeOrigin::signed(1), stored.root, stored.roots()));
		for (i, shard) in stored.shards.iter().enumerate() {
			node.shards.lock().insert((stored.root, i as u32), shard.clone());
		}
		for (p, shard) in providers_of(stored.root).into_iter().zip(0u32..) {
			frame_support::assert_ok!(Storage::acknowledge_shard(RuntimeOrigin::signed(p), stored.root, shard));
		}
		// A large upload is pending on this node; its encoding never finishes within the test.
		let big = TestFile::new(SEGMENT_SIZE + 5, 12);
		node.files.lock().insert(big.root, big.data.clone());
		frame_support::assert_ok!(Storage::submit_file(RuntimeOrigin::signed(21), big.root, big.size(), 5, 1));
		// The worker starts its encoding (in the background) and sends nothing for it yet.
		offchain_worker(System::block_number());
		assert!(drain(&pool).is_empty());
		assert_eq!(*node.encodings.lock(), vec![big.root]);

		// A challenge round opens while the encoding runs: every challenged provider answers in the first block.
		run_to_round(Storage::current_round() + 1);
		let challenged: Vec<u64> = (1..=6).filter(|p| Challenges::<Test>::contains_key(p)).collect();
		assert!(!challenged.is_empty());
		offchain_worker(System::block_number());
		let sent = drain(&pool);
		for p in &challenged {
			assert!(
				sent.iter().any(|(who, call)| who == p && matches!(call, Call::submit_proof { .. })),
				"{p} answers its challenge: {sent:?}"
			);
		}
		for (who, call) in sent {
			apply(who, call);
		}
		assert!(challenged.iter().all(|p| !Challenges::<Test>::contains_key(p)));
		// The encoding was started once, never restarted.
		assert_eq!(node.encodings.lock().iter().filter(|r| **r == big.root).count(), 1);
	});
}

/// Hole 8: the worker scanned `Files` in hash order and stopped after 1,000, so with more pending files most
/// uploads were never encoded. It now reads only the duties the owners gave its provider (`EncodeDuties`),
/// a bounded number per run, continuing where the last run stopped.
#[test]
fn the_worker_finds_its_upload_among_5000_pending_files_of_others_and_600_of_its_own() {
	let node = Arc::new(FakeNode::default());
	let (mut ext, pool) = worker_ext(vec![1], Some(node.clone()));
	ext.execute_with(|| {
		register(1..=6, 1 << 30);
		let pending = |owner: u64, encoder: u64, seed: u32| {
			let root = H256(sp_crypto_hashing::keccak_256(&seed.to_le_bytes()));
			let shards = (1..=6u64)
				.map(|p| Shard { provider: p, root: None, acknowledged: false })
				.collect::<Vec<_>>()
				.try_into()
				.expect("six");
			Files::<Test>::insert(
				root,
				FileInfo {
					owner,
					size: 1,
					params: ErasureParams::DEFAULT,
					state: FileState::Pending,
					encoder: None,
					chosen_encoder: encoder,
					deadline: Some(1_000),
					shards,
					fee: 0,
					paid_out: 0,
					start_round: 1,
					periods: 1,
				},
			);
			EncodeDuties::<Test>::insert(encoder, root, ());
			root
		};
		// 5,000 pending files other providers must encode, and 600 that provider 1 must but never received.
		for seed in 0..5_000 {
			pending(20, 2 + seed as u64 % 5, seed);
		}
		for seed in 5_000..5_600 {
			pending(21, 1, seed);
		}
		// The one upload provider 1 received: the last of its duties in iteration order, and past the first
		// 1,000 files of `Files` (where the old worker stopped looking).
		let file = TestFile::new(SEGMENT_SIZE, 42);
		node.files.lock().insert(file.root, file.data.clone());
		frame_support::assert_ok!(Storage::submit_file(RuntimeOrigin::signed(22), file.root, file.size(), 5, 1));
		let position = Files::<Test>::iter_keys().position(|r| r == file.root).expect("stored");
		let duty_position = EncodeDuties::<Test>::iter_key_prefix(1).position(|r| r == file.root).expect("a duty");
		assert_eq!(Files::<Test>::iter_keys().count(), 5_601);
		assert!(position >= 1_000 || duty_position >= worker::MAX_DUTIES_SCAN, "{position} {duty_position}");

		// Within ⌈601 / 256⌉ runs the worker has looked at every duty, including the upload, and starts it.
		let mut runs = 0;
		while node.encodings.lock().is_empty() {
			offchain_worker(System::block_number());
			runs += 1;
			assert!(runs <= 3, "every duty is looked at within three runs");
		}
		assert_eq!(*node.encodings.lock(), vec![file.root]);
		node.finish_encodings();
		let mut sent = Vec::new();
		for _ in 0..3 {
			run_to_block(System::block_number() + 2);
			offchain_worker(System::block_number());
			sent.extend(drain(&pool));
			if !sent.is_empty() {
				break;
			}
		}
		assert_eq!(sent, vec![(1, Call::confirm_encoding { root: file.root, shard_roots: file.roots() })]);
	});
}

/// Hole 3: the worker answers a retrieval challenge against its provider from the shard it holds.
#[test]
fn the_worker_answers_retrieval_challenges() {
	let node = Arc::new(FakeNode::default());
	let (mut ext, pool) = worker_ext(vec![1, 2, 3, 4, 5, 6], Some(node.clone()));
	ext.execute_with(|| {
		register(1..=6, 1 << 30);
		let file = TestFile::new(SEGMENT_SIZE, 9);
		for (i, shard) in file.shards.iter().enumerate() {
			node.shards.lock().insert((file.root, i as u32), shard.clone());
		}
		store(&file, 20, 5, 1);
		let holder = providers_of(file.root)[3];
		frame_support::assert_ok!(Storage::challenge_retrieval(RuntimeOrigin::signed(31), file.root, 3, 5));
		offchain_worker(System::block_number());
		let sent = drain(&pool);
		let key = RetrievalKey { file: file.root, shard: 3, sector: 5 };
		let answer = sent.iter().find(|(who, _)| *who == holder).expect("the holder answers").clone();
		assert!(matches!(&answer.1, Call::answer_retrieval { key: k, .. } if *k == key));
		apply(answer.0, answer.1);
		assert!(Retrievals::<Test>::get(holder, key).is_none());
	});
}

/// A provider's worker sends nothing while its last transaction may still be waiting for a block (another would
/// reuse its nonce): in the block after one it sent, only if that one is in it; otherwise it sends again a block
/// later, signed afresh.
#[test]
fn the_worker_waits_for_its_last_transaction_only_while_it_is_not_in_a_block() {
	let node = Arc::new(FakeNode::default());
	let (mut ext, pool) = worker_ext(vec![1], Some(node.clone()));
	ext.execute_with(|| {
		register(1..=6, 1 << 30);
		let file = TestFile::new(SEGMENT_SIZE, 9);
		node.files.lock().insert(file.root, file.data.clone());
		frame_support::assert_ok!(Storage::submit_file(RuntimeOrigin::signed(20), file.root, file.size(), 5, 1));
		offchain_worker(System::block_number());
		node.finish_encodings();
		run_to_block(System::block_number() + 1);
		let confirmed_at = System::block_number();
		offchain_worker(confirmed_at);
		let confirm = Call::confirm_encoding { root: file.root, shard_roots: file.roots() };
		assert_eq!(drain(&pool), vec![(1, confirm.clone())]);

		// The next block does not include it: nothing is sent (the confirmation is still in the pool), however
		// often the worker runs for that block.
		run_to_block(confirmed_at + 1);
		offchain_worker(confirmed_at + 1);
		offchain_worker(confirmed_at + 1);
		let sent = drain(&pool);
		assert!(sent.is_empty(), "nothing while the confirmation may still be waiting: {sent:?}");
		// A block later it is still due and sent again.
		run_to_block(confirmed_at + 2);
		offchain_worker(confirmed_at + 2);
		assert_eq!(drain(&pool), vec![(1, confirm.clone())]);
		// Included in the next block: the acknowledgement of the encoder's own shard is sent in that block.
		apply(1, confirm);
		run_to_block(confirmed_at + 3);
		offchain_worker(confirmed_at + 3);
		let sent = drain(&pool);
		assert_eq!(sent.len(), 1, "{sent:?}");
		assert!(matches!(sent[0], (1, Call::acknowledge_shard { root, .. }) if root == file.root));
		// Once sent for a block, nothing more for that block, included or not.
		apply(1, sent[0].1.clone());
		offchain_worker(confirmed_at + 3);
		assert!(drain(&pool).is_empty());
	});
}

/// Hole 9: nothing produced fraud proofs. A provider's node that finds a wrong encoding hands the evidence to the
/// worker, which commits to it, reveals it in a later block and collects the reporter's share.
#[test]
fn the_worker_commits_and_reveals_the_nodes_fraud_evidence() {
	let node = Arc::new(FakeNode::default());
	let (mut ext, pool) = worker_ext(vec![7], Some(node.clone()));
	ext.execute_with(|| {
		register(1..=7, 1 << 30);
		let honest = TestFile::new(SEGMENT_SIZE, 5);
		let mut shards = honest.shards.clone();
		shards[4][11 * SECTOR_SIZE] ^= 0x80;
		let bad = TestFile::from_parts(honest.data.clone(), shards.clone());
		store(&bad, 20, 5, 1);
		let encoder = Files::<Test>::get(bad.root).and_then(|f| f.encoder).expect("encoded");
		let given: Vec<Option<Vec<u8>>> = shards.into_iter().map(Some).collect();
		let evidence = zg_primitives::storage::fraud::find_parity_fraud(&ErasureParams::DEFAULT, &given).expect("found");
		*node.evidence.lock() = Some((bad.root, evidence));

		// Provider 7's worker commits…
		run_to_block(System::block_number() + 1);
		offchain_worker(System::block_number());
		let sent = drain(&pool);
		assert_eq!(sent.len(), 1, "{sent:?}");
		assert!(matches!(sent[0].1, Call::commit_fraud_report { .. }));
		apply(sent[0].0, sent[0].1.clone());
		// …and reveals in a later block.
		let mut revealed = None;
		for _ in 0..4 {
			run_to_block(System::block_number() + 1);
			offchain_worker(System::block_number());
			if let Some(tx) = drain(&pool).into_iter().next() {
				revealed = Some(tx);
				break;
			}
		}
		let (who, call) = revealed.expect("revealed");
		assert_eq!(who, 7);
		assert!(matches!(call, Call::report_bad_encoding { root, .. } if root == bad.root));
		apply(who, call);
		assert!(events().iter().any(|e| matches!(
			e,
			Event::BadEncodingProven { root, encoder: e, reporter: 7, .. } if *root == bad.root && *e == encoder
		)));
		assert_eq!(Files::<Test>::get(bad.root).expect("still there").state, FileState::Pending);
	});
}
