use super::*;
use alloc::collections::BTreeSet;

fn data(len: usize, seed: u8) -> Vec<u8> {
	(0..len).map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed) ^ (i / 251) as u8).collect()
}

fn leaves_of(bytes: &[u8]) -> Vec<H256> {
	bytes.chunks(SECTOR_SIZE).map(sector_leaf).collect()
}

#[test]
fn default_params_tolerate_a_third() {
	let p = ErasureParams::DEFAULT;
	assert_eq!(p.validate(), Ok(()));
	assert_eq!(p.total_shards(), 6);
	assert!(p.parity_shards as u32 * 3 >= p.total_shards());
	assert_eq!(p.piece_size() % SECTOR_SIZE, 0);
	assert_eq!(p.piece_sectors(), 256);
	assert_eq!(
		ErasureParams { data_shards: 3, parity_shards: 1 }.validate(),
		Err(ErasureParamsError::SegmentNotDivisible)
	);
	assert_eq!(
		ErasureParams { data_shards: 0, parity_shards: 1 }.validate(),
		Err(ErasureParamsError::NoDataShards)
	);
	assert_eq!(ErasureParams { data_shards: 0, parity_shards: 1 }.piece_sectors(), 0);
	assert_eq!(
		ErasureParams { data_shards: 128, parity_shards: 200 }.validate(),
		Err(ErasureParamsError::TooManyShards)
	);
}

#[test]
fn sizes() {
	assert_eq!(sectors_for(0), 0);
	assert_eq!(sectors_for(1), 1);
	assert_eq!(sectors_for(256), 1);
	assert_eq!(sectors_for(257), 2);
	assert_eq!(segments_for(SEGMENT_SIZE as u64), 1);
	assert_eq!(segments_for(SEGMENT_SIZE as u64 + 1), 2);
	let p = ErasureParams::DEFAULT;
	assert_eq!(p.shard_size(10 * 1024 * 1024), 40 * 64 * 1024);
	assert_eq!(p.shard_sectors(1), 256);
	assert_eq!(p.shard_sectors(SEGMENT_SIZE as u64 + 1), 512);
}

/// `0x…` hex of a root.
fn hex(root: &H256) -> alloc::string::String {
	use core::fmt::Write;
	let mut s = alloc::string::String::from("0x");
	for b in root.as_bytes() {
		let _ = write!(s, "{b:02x}");
	}
	s
}

/// File roots computed by 0G's TypeScript SDK (`@0gfoundation/0g-ts-sdk` 1.2.8, `new MemData(bytes).merkleTree()`)
/// for `bytes[i] = (i * 7 + (i >> 8)) & 0xff`: zg's file root is 0G's, padding included.
#[test]
fn file_roots_are_0g_roots() {
	let pattern = |n: usize| -> Vec<u8> { (0..n).map(|i| ((i * 7 + (i >> 8)) & 0xff) as u8).collect() };
	let vectors = [
		(1, "0xd397b3b043d87fcd6fad1291ff0bfd16401c274896d8c63a923727f077b8e0b5"),
		(256, "0x2fc9996ec6a3e6c722c0df79aadcad32da963f1f2b38a151d7825363b2ff4ae7"),
		(257, "0xc3d815cf9012b1f7e5f6e57669eaf8c285315701e0990f6cd6fafeac3b8d8e7a"),
		(4096, "0xaf9ed173860121b7324a75f0bcf477d3143a4ac7b16af2993839e06d82b13a47"),
		(4352, "0xedb9e98370f8889e32bbf22ce71ae6a43586ad7eb7c3731cfb2c2b6bee2ce42f"),
		(65792, "0xa72d64962a3a47fa533b1e67a6192f989660125f1e032dbd8b968de7fbff1c6a"),
		(262144, "0x8e857aa3bdab28cd599d6c81220a7fde876287df5689bd44af1610de81990199"),
		(262145, "0x3aa066e57f0df2411a9d0e359e69d2b7b9028c944e9bd44fafcd64c827983c60"),
		(1048577, "0xd26ddb73a86e63c2aabb0b048182499cac3e7eddfe6a2f406c8d794ca0b6638e"),
		(3000001, "0x9f03c37f17f6689bad99292ab4dfce320e8d9d79094ceac4a0cce1c660f6bfc9"),
	];
	for (size, expected) in vectors {
		let bytes = pattern(size);
		assert_eq!(hex(&file_root(&bytes)), expected, "{size} bytes");
		// Fed in uneven pieces, the incremental builder agrees.
		let mut builder = FileRootBuilder::new();
		for piece in bytes.chunks(1000) {
			builder.update(piece);
		}
		assert_eq!(builder.size(), size as u64);
		assert_eq!(builder.finish(), file_root(&bytes), "{size} bytes, incremental");
	}
}

#[test]
fn flow_padding() {
	// Powers of two and anything under 16 sectors are not padded.
	for n in [0u64, 1, 2, 3, 5, 15, 16, 32, 1024, 1 << 20] {
		assert_eq!(padded_sectors(n), n, "{n}");
	}
	// Otherwise: a multiple of next_pow2 / 16.
	assert_eq!(padded_sectors(17), 18);
	assert_eq!(padded_sectors(1025), 1152);
	assert_eq!(padded_sectors(11719), 12288);
	assert_eq!(file_leaf_count(4352), 18);
	assert_eq!(file_leaf_count(262_145), 1152);
	for n in 1..5000u64 {
		let p = padded_sectors(n);
		assert!(p >= n && p - n < n.next_power_of_two() / 16 + 1, "{n} → {p}");
		assert!(p <= n.next_power_of_two());
	}
	assert_eq!(padded_sectors(u64::MAX), u64::MAX);
	// A padded file's root is the plain root of the file followed by zero sectors.
	let bytes = data(17 * SECTOR_SIZE - 3, 9);
	let mut padded = bytes.clone();
	padded.resize(18 * SECTOR_SIZE, 0);
	assert_eq!(file_root(&bytes), merkle_root(&padded));
	assert_ne!(file_root(&bytes), merkle_root(&bytes));
}

#[test]
fn every_leaf_proves_and_nothing_else_does() {
	for count in [1usize, 2, 3, 5, 8, 13, 64, 100] {
		let bytes = data(count * SECTOR_SIZE - 7, count as u8);
		let leaves = leaves_of(&bytes);
		let root = merkle_root(&bytes);
		assert_eq!(root, merkle_root_of_leaves(leaves.clone()));
		for (i, leaf) in leaves.iter().enumerate() {
			let i64 = i as u64;
			let n = count as u64;
			let proof = merkle_proof(&leaves, i64).expect("leaf exists");
			assert!(verify_merkle_proof(&root, *leaf, i64, n, &proof), "{count}/{i}");
			assert!(verify_merkle_path(&root, *leaf, i64, n, &proof.siblings));
			// The same proof for another index, another leaf, another root or another size fails.
			if count > 1 {
				let other = (i + 1) % count;
				assert!(!verify_merkle_proof(&root, *leaf, other as u64, n, &proof));
				assert!(!verify_merkle_proof(&root, leaves[other], i64, n, &proof));
			}
			assert!(!verify_merkle_proof(&H256::repeat_byte(1), *leaf, i64, n, &proof));
			assert!(!verify_merkle_proof(&root, *leaf, n, n, &proof));
			assert!(!verify_merkle_proof(&root, *leaf, i64, 0, &proof));
			let mut longer = proof.clone();
			longer.siblings.push(H256::zero());
			assert!(!verify_merkle_proof(&root, *leaf, i64, n, &longer));
			if !proof.siblings.is_empty() {
				let mut shorter = proof.clone();
				shorter.siblings.pop();
				assert!(!verify_merkle_proof(&root, *leaf, i64, n, &shorter));
			}
		}
		assert!(merkle_proof(&leaves, count as u64).is_none());
	}
}

/// A proof made from one aligned subtree's leaves and every subtree's root is the proof made from all leaves,
/// for every leaf of trees of 1 to 70 leaves cut in subtrees of 1 to 16; leaves that cannot be the subtree are
/// refused.
#[test]
fn a_proof_from_one_subtree_is_the_proof_from_all_leaves() {
	for count in 1usize..=70 {
		let leaves = leaves_of(&data(count * SECTOR_SIZE, count as u8));
		for height in 0u32..=4 {
			let per = 1usize << height;
			let roots: Vec<H256> = leaves.chunks(per).map(|part| merkle_root_of_leaves(part.to_vec())).collect();
			assert_eq!(merkle_root_of_leaves(roots.clone()), merkle_root_of_leaves(leaves.clone()));
			for index in 0..count {
				let subtree = &leaves[index / per * per..((index / per + 1) * per).min(count)];
				assert_eq!(
					merkle_proof_in_subtree(subtree, &roots, height, index as u64),
					merkle_proof(&leaves, index as u64),
					"{count} leaves, subtrees of {per}, leaf {index}"
				);
			}
			assert_eq!(merkle_proof_in_subtree(&leaves[..1], &roots, height, count.next_multiple_of(per) as u64), None);
		}
	}
	let leaves = leaves_of(&data(10 * SECTOR_SIZE, 9));
	let roots: Vec<H256> = leaves.chunks(4).map(|part| merkle_root_of_leaves(part.to_vec())).collect();
	// Too few for a subtree that is not the last, too many, none, no roots, a height past u64.
	assert_eq!(merkle_proof_in_subtree(&leaves[..3], &roots, 2, 1), None);
	assert_eq!(merkle_proof_in_subtree(&leaves[..5], &roots, 2, 1), None);
	assert_eq!(merkle_proof_in_subtree(&[], &roots, 2, 9), None);
	assert_eq!(merkle_proof_in_subtree(&leaves[8..], &[], 2, 9), None);
	assert_eq!(merkle_proof_in_subtree(&leaves[8..], &roots, 64, 9), None);
	assert!(merkle_proof_in_subtree(&leaves[8..], &roots, 2, 9).is_some());
}

#[test]
fn a_leaf_count_that_changes_the_path_is_rejected() {
	// With 5 leaves, leaf 4 is promoted twice and proves with one sibling; claiming 8 leaves needs three.
	let bytes = data(5 * SECTOR_SIZE, 3);
	let leaves = leaves_of(&bytes);
	let root = merkle_root(&bytes);
	let proof = merkle_proof(&leaves, 4).expect("leaf exists");
	assert_eq!(proof.siblings.len(), 1);
	assert!(verify_merkle_proof(&root, leaves[4], 4, 5, &proof));
	assert!(!verify_merkle_proof(&root, leaves[4], 4, 8, &proof));
	assert!(!verify_merkle_path(&root, leaves[4], 4, 5, &[H256::zero(); MAX_PROOF_LEN + 1]));
}

#[test]
fn empty_and_short_inputs() {
	assert_eq!(merkle_root(&[]), H256::zero());
	assert_eq!(merkle_root_of_leaves(Vec::new()), H256::zero());
	assert!(merkle_proof(&[], 0).is_none());
	// A short sector is its zero-padded self; extra bytes past a sector are ignored.
	let mut padded = [0u8; SECTOR_SIZE];
	padded[..3].copy_from_slice(&[1, 2, 3]);
	assert_eq!(sector_leaf(&[1, 2, 3]), sector_leaf(&padded));
	assert_eq!(sector_leaf(&[0u8; SECTOR_SIZE]), zero_sector_leaf());
	assert_eq!(sector_leaf(&[0u8; SECTOR_SIZE + 5]), zero_sector_leaf());
}

#[test]
fn tampering_with_a_sector_changes_the_root() {
	let mut bytes = data(10 * SECTOR_SIZE, 9);
	let root = merkle_root(&bytes);
	bytes[5 * SECTOR_SIZE + 3] ^= 1;
	assert_ne!(root, merkle_root(&bytes));
}

#[test]
fn challenges_are_deterministic_and_in_range() {
	let r = [7u8; 32];
	let a = derive_challenge(&r, b"provider-a", 3, 5, |i| 100 + i as u64).expect("has shards");
	assert_eq!(Some(a), derive_challenge(&r, b"provider-a", 3, 5, |i| 100 + i as u64));
	assert!(a.assignment < 5 && a.sector < 100 + a.assignment as u64);
	assert_eq!(derive_challenge(&r, b"provider-a", 3, 0, |_| 1), None);
	assert_eq!(derive_challenge(&r, b"provider-a", 3, 4, |_| 0), None);
	// Rounds spread over the sectors, providers and randomness give different challenges.
	let picks: BTreeSet<u64> = (0..64u64)
		.filter_map(|round| derive_challenge(&r, b"provider-a", round, 1, |_| 1 << 20))
		.map(|c| c.sector)
		.collect();
	assert!(picks.len() > 60);
	let by_provider: BTreeSet<u64> = (0..32u8)
		.filter_map(|p| derive_challenge(&r, &[p], 1, 1, |_| 1 << 20))
		.map(|c| c.sector)
		.collect();
	assert!(by_provider.len() > 28);
	assert_ne!(
		derive_challenge(&[1; 32], b"p", 1, 1, |_| 1 << 40),
		derive_challenge(&[2; 32], b"p", 1, 1, |_| 1 << 40)
	);
}

#[test]
fn weighted_selection_is_distinct_deterministic_and_skips_zero_weights() {
	let seed = [9u8; 32];
	let weights = [5u64, 0, 7, 1, 0, 3, 100];
	let picked = select_weighted(&seed, &weights, 5).expect("five positive weights");
	assert_eq!(picked.len(), 5);
	assert_eq!(picked.iter().collect::<BTreeSet<_>>().len(), 5);
	assert!(!picked.contains(&1) && !picked.contains(&4));
	assert_eq!(Some(picked), select_weighted(&seed, &weights, 5));
	assert_eq!(select_weighted(&seed, &weights, 6), None);
	assert_eq!(select_weighted(&seed, &[], 0), Some(Vec::new()));
	// Heavier weights are drawn first more often.
	let heavy_first = (0..200u8)
		.filter(|s| select_weighted(&[*s; 32], &[1, 99], 1) == Some(vec![1]))
		.count();
	assert!(heavy_first > 180, "{heavy_first}");
	// Enormous weights do not overflow.
	assert!(select_weighted(&seed, &[u64::MAX; 4], 4).is_some());
}

#[test]
fn data_shard_sectors_map_onto_file_sectors() {
	let p = ErasureParams::DEFAULT;
	assert_eq!(file_sector_of(&p, 0, 0), Some(0));
	assert_eq!(file_sector_of(&p, 1, 0), Some(256));
	assert_eq!(file_sector_of(&p, 3, 255), Some(1023));
	assert_eq!(file_sector_of(&p, 0, 256), Some(1024));
	assert_eq!(file_sector_of(&p, 2, 300), Some(1024 + 512 + 44));
	assert_eq!(file_sector_of(&p, 4, 0), None, "shard 4 is parity");
	assert_eq!(file_sector_of(&ErasureParams { data_shards: 0, parity_shards: 2 }, 0, 0), None);
	assert_eq!(file_sector_of(&p, 0, u64::MAX), None, "overflow is refused, not wrapped");
}

#[test]
fn parity_stripe_refuses_bad_input() {
	let p = ErasureParams::DEFAULT;
	let sector = [1u8; SECTOR_SIZE];
	assert_eq!(
		parity_stripe(&p, &[sector; 3]),
		Err(StripeError::DataSectorCount { have: 3, need: 4 })
	);
	assert_eq!(
		parity_stripe(&p, &[&sector[..], &sector[..], &sector[..10], &sector[..]]),
		Err(StripeError::SectorLength { index: 2, len: 10 })
	);
	assert_eq!(
		parity_stripe(&ErasureParams { data_shards: 3, parity_shards: 1 }, &[sector; 3]),
		Err(StripeError::Params(ErasureParamsError::SegmentNotDivisible))
	);
	assert_eq!(parity_stripe(&ErasureParams { data_shards: 4, parity_shards: 0 }, &[sector; 4]), Ok(vec![]));
	// The code is linear: zero data gives zero parity.
	assert_eq!(parity_stripe(&p, &[[0u8; SECTOR_SIZE]; 4]), Ok(vec![[0u8; SECTOR_SIZE]; 2]));
}

#[cfg(feature = "std")]
mod with_erasure {
	use super::*;
	use crate::storage::erasure::*;
	use proptest::prelude::*;

	fn subsets(n: usize, k: usize) -> Vec<Vec<usize>> {
		(0u32..1 << n)
			.filter(|m| m.count_ones() as usize == k)
			.map(|m| (0..n).filter(|i| m & (1 << i) != 0).collect())
			.collect()
	}

	fn sector(bytes: &[u8], j: u64) -> &[u8] {
		&bytes[j as usize * SECTOR_SIZE..(j as usize + 1) * SECTOR_SIZE]
	}

	/// A file of two and a bit segments, its shards and their roots.
	struct Encoded {
		params: ErasureParams,
		file: Vec<u8>,
		shards: Vec<Vec<u8>>,
		roots: Vec<H256>,
	}

	fn encoded() -> Encoded {
		let params = ErasureParams::DEFAULT;
		let file = data(SEGMENT_SIZE * 2 + 12_345, 5);
		let shards = encode(&params, &file).expect("valid params");
		let roots = shard_roots(&shards);
		Encoded { params, file, shards, roots }
	}

	#[test]
	fn any_k_of_n_rebuild_and_fewer_do_not() {
		let Encoded { params, file, shards, .. } = encoded();
		assert_eq!(shards.len(), 6);
		assert!(shards.iter().all(|s| s.len() as u64 == params.shard_size(file.len() as u64)));
		for keep in subsets(6, 4) {
			let given = (0..6).map(|i| keep.contains(&i).then(|| shards[i].clone())).collect();
			assert_eq!(reconstruct(&params, given, file.len() as u64).expect("k shards"), file, "{keep:?}");
		}
		let given = (0..6).map(|i| (i < 3).then(|| shards[i].clone())).collect();
		assert_eq!(
			reconstruct(&params, given, file.len() as u64),
			Err(ErasureError::TooFewShards { have: 3, need: 4 })
		);
		let mut short = shards.iter().cloned().map(Some).collect::<Vec<_>>();
		short[1].as_mut().expect("present").pop();
		assert!(matches!(
			reconstruct(&params, short, file.len() as u64),
			Err(ErasureError::ShardLength { index: 1, .. })
		));
		assert_eq!(
			reconstruct(&params, vec![None; 7], 1),
			Err(ErasureError::TooManyShards { have: 7, max: 6 })
		);
	}

	/// Shards given to `encode_into` must be as many as the code has, each of the length the data implies.
	#[test]
	fn encode_into_refuses_shards_of_the_wrong_number_or_length() {
		let Encoded { params, file, shards, .. } = encoded();
		let len = shards[0].len();
		let mut buffers = vec![vec![0u8; len]; 7];
		let mut outputs: Vec<&mut [u8]> = buffers.iter_mut().map(|b| b.as_mut_slice()).collect();
		assert_eq!(encode_into(&params, &file, &mut outputs), Err(ErasureError::TooManyShards { have: 7, max: 6 }));
		assert_eq!(
			encode_into(&params, &file, &mut outputs[..5]),
			Err(ErasureError::TooFewShards { have: 5, need: 6 })
		);
		outputs[3] = &mut [];
		assert!(matches!(
			encode_into(&params, &file, &mut outputs[..6]),
			Err(ErasureError::ShardLength { index: 3, len: 0, .. })
		));
	}

	#[test]
	fn data_shards_hold_the_file_sectors_the_map_names() {
		let Encoded { params, file, shards, .. } = encoded();
		let file_sectors = sectors_for(file.len() as u64);
		let zero = [0u8; SECTOR_SIZE];
		for (i, shard) in shards.iter().take(params.data_shards as usize).enumerate() {
			for j in 0..params.shard_sectors(file.len() as u64) {
				let f = file_sector_of(&params, i as u32, j).expect("data shard");
				let held = sector(shard, j);
				if f < file_sectors {
					let start = f as usize * SECTOR_SIZE;
					let end = (start + SECTOR_SIZE).min(file.len());
					assert_eq!(&held[..end - start], &file[start..end], "shard {i} sector {j}");
					assert!(held[end - start..].iter().all(|b| *b == 0));
				} else {
					assert_eq!(held, &zero[..], "shard {i} sector {j} is padding");
				}
			}
		}
	}

	#[test]
	fn every_parity_stripe_recomputes_from_its_data_sectors() {
		let Encoded { params, file, shards, .. } = encoded();
		let k = params.data_shards as usize;
		for j in 0..params.shard_sectors(file.len() as u64) {
			let data: Vec<&[u8]> = shards[..k].iter().map(|s| sector(s, j)).collect();
			let parity = parity_stripe(&params, &data).expect("k full sectors");
			for (p, recomputed) in parity.iter().enumerate() {
				assert_eq!(&recomputed[..], sector(&shards[k + p], j), "stripe {j} parity {p}");
			}
		}
	}

	/// Proof pieces for sector `j` of `shard`.
	fn opening(shard: &[u8], j: u64) -> (H256, Vec<H256>) {
		let leaves = leaves_of(shard);
		(leaves[j as usize], merkle_proof(&leaves, j).expect("in range").siblings)
	}

	#[test]
	fn honest_encoding_admits_no_data_fraud_and_a_wrong_sector_is_proven() {
		let Encoded { params, file, mut shards, roots } = encoded();
		let size = file.len() as u64;
		let file_root = file_root(&file);
		let file_leaves = file_leaves(&file);
		assert!(file_leaves.len() as u64 > sectors_for(size), "the test file has flow padding");
		let check = |shards: &[Vec<u8>], roots: &[H256], shard: u32, j: u64| {
			let (shard_leaf, shard_proof) = opening(&shards[shard as usize], j);
			let f = file_sector_of(&params, shard, j).expect("data shard");
			let (file_leaf, file_proof) = match merkle_proof(&file_leaves, f) {
				Some(p) => (file_leaves[f as usize], p.siblings),
				None => (H256::zero(), Vec::new()),
			};
			check_data_sector_fraud(
				&params, &file_root, size, &roots[shard as usize], shard, j, shard_leaf, &shard_proof,
				file_leaf, &file_proof,
			)
		};
		// Within the file, at its last partial sector and in the padding.
		let last = sectors_for(size) - 1;
		for (shard, j) in [(0, 0), (3, 255), (1, 300), (0, 512 + (last % 1024) % 256), (3, 767)] {
			assert_eq!(check(&shards, &roots, shard, j), Err(FraudError::NoMismatch), "{shard}/{j}");
		}
		// A bad encoder flips a byte of data shard 2, sector 10, and commits to the flipped shard.
		shards[2][10 * SECTOR_SIZE + 1] ^= 0x80;
		let bad_roots = shard_roots(&shards);
		assert_eq!(check(&shards, &bad_roots, 2, 10), Ok(()));
		assert_eq!(check(&shards, &bad_roots, 2, 11), Err(FraudError::NoMismatch));
		// …or writes non-zero padding past the end of the file.
		let pad = 767u64;
		shards[3][pad as usize * SECTOR_SIZE] = 1;
		let bad_roots = shard_roots(&shards);
		assert_eq!(check(&shards, &bad_roots, 3, pad), Ok(()));

		// Malformed fraud proofs are refused with the reason.
		let (leaf, proof) = opening(&shards[2], 10);
		let (file_leaf, file_proof) =
			(file_leaves[2 * 256 + 10], merkle_proof(&file_leaves, 2 * 256 + 10).expect("in range").siblings);
		let bad_roots = shard_roots(&shards);
		let call = |shard: u32, j: u64, leaf: H256, proof: &[H256], fl: H256, fp: &[H256]| {
			check_data_sector_fraud(&params, &file_root, size, &bad_roots[2], shard, j, leaf, proof, fl, fp)
		};
		assert_eq!(call(2, 10, leaf, &proof, file_leaf, &file_proof), Ok(()));
		assert_eq!(call(4, 10, leaf, &proof, file_leaf, &file_proof), Err(FraudError::WrongShardKind));
		assert_eq!(call(2, 768, leaf, &proof, file_leaf, &file_proof), Err(FraudError::SectorOutOfRange));
		assert_eq!(call(2, 11, leaf, &proof, file_leaf, &file_proof), Err(FraudError::BadShardProof));
		assert_eq!(call(2, 10, leaf, &proof, H256::zero(), &file_proof), Err(FraudError::BadFileProof));
		assert_eq!(call(2, 10, leaf, &proof, file_leaf, &[]), Err(FraudError::BadFileProof));
		assert_eq!(
			check_data_sector_fraud(
				&ErasureParams { data_shards: 0, parity_shards: 1 }, &file_root, size, &bad_roots[2], 2, 10,
				leaf, &proof, file_leaf, &file_proof,
			),
			Err(FraudError::Params)
		);
	}

	#[test]
	fn honest_encoding_admits_no_parity_fraud_and_a_wrong_parity_sector_is_proven() {
		let Encoded { params, file, mut shards, roots } = encoded();
		let size = file.len() as u64;
		let k = params.data_shards as usize;
		let check = |shards: &[Vec<u8>], roots: &[H256], shard: u32, j: u64| {
			let (leaf, proof) = opening(&shards[shard as usize], j);
			let openings: Vec<(Vec<u8>, Vec<H256>)> =
				shards[..k].iter().map(|s| (sector(s, j).to_vec(), opening(s, j).1)).collect();
			let data: Vec<(&[u8], &[H256])> =
				openings.iter().map(|(b, p)| (b.as_slice(), p.as_slice())).collect();
			check_parity_sector_fraud(&params, size, roots, shard, j, leaf, &proof, &data)
		};
		for (shard, j) in [(4, 0), (5, 0), (4, 400), (5, 767)] {
			assert_eq!(check(&shards, &roots, shard, j), Err(FraudError::NoMismatch), "{shard}/{j}");
		}
		shards[5][42 * SECTOR_SIZE + 7] ^= 1;
		let bad_roots = shard_roots(&shards);
		assert_eq!(check(&shards, &bad_roots, 5, 42), Ok(()));
		assert_eq!(check(&shards, &bad_roots, 4, 42), Err(FraudError::NoMismatch));
		assert_eq!(check(&shards, &bad_roots, 1, 42), Err(FraudError::WrongShardKind));
		assert_eq!(check(&shards, &bad_roots[..5], 5, 42), Err(FraudError::ShardRootCount));

		// Wrong openings of the data sectors or of the parity sector are refused.
		let (leaf, proof) = opening(&shards[5], 42);
		let openings: Vec<(Vec<u8>, Vec<H256>)> =
			shards[..k].iter().map(|s| (sector(s, 42).to_vec(), opening(s, 42).1)).collect();
		let mut data: Vec<(&[u8], &[H256])> = openings.iter().map(|(b, p)| (b.as_slice(), p.as_slice())).collect();
		let fraud = |data: &[(&[u8], &[H256])], leaf: H256, j: u64| {
			check_parity_sector_fraud(&params, size, &bad_roots, 5, j, leaf, &proof, data)
		};
		assert_eq!(fraud(&data, leaf, 42), Ok(()));
		assert_eq!(fraud(&data, H256::zero(), 42), Err(FraudError::BadShardProof));
		assert_eq!(fraud(&data, leaf, 768), Err(FraudError::SectorOutOfRange));
		let forged = [0u8; SECTOR_SIZE];
		data[1].0 = &forged[..];
		assert_eq!(fraud(&data, leaf, 42), Err(FraudError::BadDataProof { index: 1 }));
		data[1].0 = &forged[..100];
		assert_eq!(fraud(&data, leaf, 42), Err(FraudError::BadDataProof { index: 1 }));
		data.pop();
		assert!(matches!(fraud(&data, leaf, 42), Err(FraudError::Stripe(StripeError::DataSectorCount { .. }))));
	}

	proptest! {
		#![proptest_config(ProptestConfig::with_cases(24))]
		#[test]
		fn any_k_of_n_shards_rebuild_random_files(
			len in 1usize..(3 * SEGMENT_SIZE),
			seed in any::<u8>(),
			k in prop::sample::select(vec![1u8, 2, 4, 8]),
			m in 1u8..5,
			lost_seed in any::<u64>(),
		) {
			let params = ErasureParams { data_shards: k, parity_shards: m };
			let file = data(len, seed);
			let shards = encode(&params, &file).expect("valid params");
			let n = params.total_shards() as usize;
			// Lose m shards, chosen from the seed.
			let mut lost = BTreeSet::new();
			let mut x = lost_seed;
			while lost.len() < m as usize {
				lost.insert((x % n as u64) as usize);
				x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
			}
			let given = (0..n).map(|i| (!lost.contains(&i)).then(|| shards[i].clone())).collect();
			prop_assert_eq!(reconstruct(&params, given, len as u64).expect("k shards"), file);
		}

		/// The encoder codes a file a few segments at a time straight into its chunks (`encode_into` on each run's
		/// part of every shard): the shards are the whole file's, parity-less codes included, and bytes left in the
		/// buffers from before never show through the padding.
		#[test]
		fn shards_coded_in_runs_of_segments_are_the_whole_files(
			len in 1usize..(5 * SEGMENT_SIZE),
			seed in any::<u8>(),
			k in prop::sample::select(vec![1u8, 2, 4, 8]),
			m in 0u8..4,
			cut in any::<prop::sample::Index>(),
		) {
			let params = ErasureParams { data_shards: k, parity_shards: m };
			let file = data(len, seed);
			let whole = encode(&params, &file).expect("valid params");
			let segments = segments_for(len as u64) as usize;
			let cut = if segments > 1 { 1 + cut.index(segments - 1) } else { segments };
			let (first, second) = file.split_at((cut * SEGMENT_SIZE).min(len));
			let mut shards = vec![vec![0xa5u8; params.shard_size(len as u64) as usize]; params.total_shards() as usize];
			let (mut firsts, mut seconds): (Vec<&mut [u8]>, Vec<&mut [u8]>) =
				shards.iter_mut().map(|shard| shard.split_at_mut(cut * params.piece_size())).unzip();
			encode_into(&params, first, &mut firsts).expect("the first run");
			if !second.is_empty() {
				encode_into(&params, second, &mut seconds).expect("the second run");
			}
			prop_assert_eq!(shards, whole);
		}

		#[test]
		fn a_proof_never_verifies_for_another_sector_or_root(
			len in 1usize..(64 * SECTOR_SIZE),
			index in any::<u64>(),
			other in any::<u64>(),
			flip in any::<u8>(),
		) {
			let bytes: Vec<u8> = (0..len).map(|i| (i * 13) as u8 ^ flip ^ (i / SECTOR_SIZE) as u8).collect();
			let leaves = leaves_of(&bytes);
			let count = leaves.len() as u64;
			let root = merkle_root(&bytes);
			let i = index % count;
			let proof = merkle_proof(&leaves, i).expect("in range");
			prop_assert!(verify_merkle_proof(&root, leaves[i as usize], i, count, &proof));
			let j = other % count;
			if leaves[j as usize] != leaves[i as usize] {
				prop_assert!(!verify_merkle_proof(&root, leaves[j as usize], i, count, &proof));
			}
			if j != i {
				prop_assert!(!verify_merkle_proof(&root, leaves[i as usize], j, count, &proof));
			}
			let mut wrong_root = root;
			wrong_root.0[(flip % 32) as usize] ^= 1;
			prop_assert!(!verify_merkle_proof(&wrong_root, leaves[i as usize], i, count, &proof));
		}

		#[test]
		fn random_proofs_never_verify_and_never_panic(
			root in any::<[u8; 32]>(),
			leaf in any::<[u8; 32]>(),
			index in any::<u64>(),
			leaf_count in any::<u64>(),
			siblings in prop::collection::vec(any::<[u8; 32]>(), 0..70),
		) {
			let siblings: Vec<H256> = siblings.into_iter().map(H256).collect();
			prop_assert!(!verify_merkle_path(&H256(root), H256(leaf), index, leaf_count, &siblings));
		}
	}
}

/// The tree hashed on several threads (aligned subtrees, then the tree above them) has the root of the tree
/// hashed in turn, for every leaf count and thread count, and so do the sector leaves hashed on several threads.
#[test]
fn hashing_on_several_threads_gives_the_same_roots_and_leaves() {
	let leaf = |i: usize| H256(sp_crypto_hashing::keccak_256(&i.to_le_bytes()));
	for n in (0..=130).chain([255, 256, 257, 1000, 4095, 4096, 4097]) {
		let leaves: Vec<H256> = (0..n).map(leaf).collect();
		let expected = root_in_turn(leaves.clone());
		for threads in 1..=5 {
			assert_eq!(parallel::root_of_leaves(leaves.clone(), threads), expected, "{n} leaves on {threads} threads");
		}
	}
	let data: Vec<u8> = (0..SECTOR_SIZE * 37 + 100).map(|i| (i * 7 + 3) as u8).collect();
	for len in [0, 1, SECTOR_SIZE - 1, SECTOR_SIZE, SECTOR_SIZE + 1, SECTOR_SIZE * 5, data.len()] {
		let expected: Vec<H256> = data[..len].chunks(SECTOR_SIZE).map(sector_leaf).collect();
		for threads in 1..=4 {
			let mut leaves = vec![H256::repeat_byte(1)];
			parallel::push_sector_leaves(&mut leaves, &data[..len], threads);
			assert_eq!(&leaves[1..], &expected[..], "{len} bytes on {threads} threads");
		}
	}
	// Above the size where the public functions go parallel: the same root as in turn.
	let big: Vec<u8> = (0..parallel::MIN_BYTES * 3 + 12_345).map(|i| (i % 251) as u8).collect();
	let in_turn = root_in_turn(pad_file_leaves(big.chunks(SECTOR_SIZE).map(sector_leaf).collect()));
	assert_eq!(file_root(&big), in_turn);
	let mut builder = FileRootBuilder::new();
	for piece in big.chunks(parallel::MIN_BYTES + 77) {
		builder.update(piece);
	}
	assert_eq!(builder.finish(), in_turn);
}

/// The streamed root is the tree's root for every leaf count around the powers of two, and an aligned subtree
/// pushed whole counts as its leaves; a misaligned one is refused.
#[test]
fn merkle_stream_gives_the_roots_of_the_tree() {
	let leaf = |i: u64| H256(keccak_256(&i.to_le_bytes()));
	for n in (0u64..=300).chain([511, 512, 513, 1023, 1024, 1025, 4095, 4096, 4097, 12_289]) {
		let leaves: Vec<H256> = (0..n).map(leaf).collect();
		let mut stream = MerkleStream::new();
		for l in &leaves {
			stream.push(*l);
		}
		assert_eq!(stream.count(), n);
		assert_eq!(stream.finish(), root_in_turn(leaves.clone()), "{n} leaves");
		// The first 256 as one subtree, the rest one by one.
		if n >= 256 {
			let mut stream = MerkleStream::new();
			assert!(stream.push_subtree(8, root_in_turn(leaves[..256].to_vec())));
			for l in &leaves[256..] {
				stream.push(*l);
			}
			assert_eq!(stream.finish(), root_in_turn(leaves), "{n} leaves, a subtree first");
		}
	}
	let mut stream = MerkleStream::new();
	stream.push(leaf(0));
	assert!(!stream.push_subtree(1, leaf(1)), "a subtree of two cannot start at leaf 1");
	assert_eq!(stream.count(), 1);
}

/// The builder keeps a bounded number of leaves however large the file, and its roots (flow padding included)
/// are the file roots for sizes across its 1 MiB subtrees.
#[test]
fn file_root_builder_is_bounded_and_exact() {
	for size in [(1 << 20) - 1, 1 << 20, (1 << 20) + 1, (1 << 20) + 257 * 256, 5 * (1 << 20) + 3, (17 << 20) + 999] {
		let bytes: Vec<u8> = (0..size).map(|i| (i % 253) as u8 ^ (i >> 16) as u8).collect();
		let mut builder = FileRootBuilder::new();
		for piece in bytes.chunks(300_001) {
			builder.update(piece);
			assert!(builder.leaves.len() < 2 * 4096 + 300_001 / SECTOR_SIZE, "{size} bytes: leaves held");
		}
		assert_eq!(builder.finish(), file_root(&bytes), "{size} bytes");
	}
}

/// The node encodes with reed-solomon-erasure's SIMD kernels (`simd-accel`, native builds), the runtime checks
/// fraud proofs with its portable Rust (wasm): both must give the same bytes. The reference here multiplies byte by
/// byte with the field's scalar tables (`galois_8::mul`), using the code's parity matrix read off 1-byte
/// encodings (below the 16 bytes the SIMD kernels start at, so computed by the portable code).
#[test]
fn simd_encoding_equals_the_scalar_field_arithmetic() {
	use reed_solomon_erasure::galois_8::{mul, ReedSolomon};
	for (k, m) in [(4usize, 2usize), (10, 4), (3, 1)] {
		let rs = ReedSolomon::new(k, m).expect("valid");
		// Column i of the parity matrix: the parity of data e_i.
		let matrix: Vec<Vec<u8>> = (0..k)
			.map(|i| {
				let mut shards: Vec<Vec<u8>> = (0..k + m).map(|j| vec![u8::from(j == i)]).collect();
				rs.encode(&mut shards).expect("encodes");
				shards[k..].iter().map(|p| p[0]).collect()
			})
			.collect();
		// Lengths around the kernels' 16- and 32-byte blocks, and a long one.
		for len in [16usize, 31, 33, 64 + 7, 4096, 65_536 + 5] {
			let mut shards: Vec<Vec<u8>> = (0..k + m)
				.map(|j| if j < k { data(len, (j * 37 + len) as u8) } else { vec![0; len] })
				.collect();
			rs.encode(&mut shards).expect("encodes");
			for p in 0..m {
				let reference: Vec<u8> = (0..len)
					.map(|x| (0..k).fold(0u8, |acc, i| acc ^ mul(matrix[i][p], shards[i][x])))
					.collect();
				assert!(reference == shards[k + p], "k={k} m={m} len={len} parity {p}");
			}
		}
	}
}

/// A level of the sector tree is the leaves of the tree above it, in turn and on several threads.
#[test]
fn subtree_roots_are_a_level_of_the_tree() {
	let data: Vec<u8> = (0..parallel::MIN_BYTES * 2 + 70_001).map(|i| (i % 249) as u8 ^ (i >> 12) as u8).collect();
	for len in [0, 1, 255, 256, 257, 65_535, 65_536, 65_537, 300_000, parallel::MIN_BYTES, data.len()] {
		let data = &data[..len];
		for height in [0, 1, 8, 12, 13, 63, 64, u32::MAX] {
			let roots = subtree_roots(data, height);
			let per = subtree_bytes(height);
			assert_eq!(roots.len(), len.div_ceil(per), "{len} bytes, height {height}");
			assert_eq!(merkle_root_of_leaves(roots.clone()), merkle_root(data), "{len} bytes, height {height}");
			if let Some(first) = roots.first() {
				assert_eq!(*first, merkle_root(&data[..per.min(len)]), "{len} bytes, height {height}");
			}
			for threads in 1..=3 {
				assert_eq!(parallel::subtree_roots(data, per, threads), roots, "{len} bytes, height {height}");
			}
		}
	}
}

/// Known roots of aligned runs replace the hashing of their bytes and give the file root; a run that is not an
/// aligned subtree of the file's tree (after an odd start) is hashed instead; a wrong known root gives a wrong file
/// root, so the roots are used, not ignored.
#[test]
fn file_root_builder_takes_known_roots_of_aligned_runs() {
	let height = 8u32;
	let per = SECTOR_SIZE << height;
	for size in [0, 1, per - 1, per, per + 1, 5 * per + 77, (1 << 20) + per, 17 * per - 256, (3 << 20) + 5] {
		let bytes: Vec<u8> = (0..size).map(|i| (i % 241) as u8 ^ (i >> 9) as u8).collect();
		let expected = file_root(&bytes);
		let known: Vec<Option<H256>> = bytes
			.chunks(per)
			.enumerate()
			.map(|(j, run)| (j % 3 != 1).then(|| merkle_root(run)))
			.collect();
		// Every way of cutting the file: whole, at a run's edge (the roots of the second part counted from there),
		// and off an edge (its runs are not aligned in the file: hashed).
		for cut in [0, per, 2 * per, per / 2, 3 * SECTOR_SIZE + 5] {
			let cut = cut.min(size);
			let mut builder = FileRootBuilder::new();
			let (head, tail) = bytes.split_at(cut);
			builder.update_with_roots(head, height, &known);
			let tail_roots: Vec<Option<H256>> = tail.chunks(per).map(|run| Some(merkle_root(run))).collect();
			builder.update_with_roots(tail, height, &tail_roots);
			assert_eq!(builder.size(), size as u64);
			assert_eq!(builder.finish(), expected, "{size} bytes cut at {cut}");
		}
		// Rolling pieces through the 1 MiB folds between known runs keeps the count aligned.
		let mut builder = FileRootBuilder::new();
		for (j, run) in bytes.chunks(per).enumerate() {
			match j % 5 {
				0 | 3 => builder.update_with_roots(run, height, &[Some(merkle_root(run))]),
				_ => builder.update(run),
			}
		}
		assert_eq!(builder.finish(), expected, "{size} bytes run by run");
		if size >= 2 * per {
			let mut wrong = known.clone();
			wrong[0] = Some(H256::repeat_byte(7));
			let mut builder = FileRootBuilder::new();
			builder.update_with_roots(&bytes, height, &wrong);
			assert_ne!(builder.finish(), expected, "{size} bytes: the known root was used");
		}
	}
}
