//! Proof of custody keyed to the signer: what makes a signature on a blob worthless without its cells.
//!
//! A custody challenge asks for one public cell, so a signer that never downloaded its columns could fetch that one
//! cell from another signer when challenged. Custody roots close that hole:
//!
//! - **Secrets.** Each signer has one secret per epoch, from a hash chain its node keeps: `x_e = step(x_{e+1})`
//!   ([`step`]), so revealing `x_e` reveals every earlier epoch's secret and no later one. On chain the signer
//!   commits once to the *image* of its first epoch's secret; [`verify_secret`] checks any epoch's secret against
//!   the latest image known, in at most [`MAX_GAP`] steps.
//! - **Roots.** When it attests a blob of epoch `e`, the signer commits to the Merkle root ([`root`]) of one leaf
//!   per cell it holds ([`leaf`]: the cell's bytes hashed with `x_e`, the blob id and the cell's place), rows in
//!   order, its columns ascending within each row. Nobody can compute those leaves without the cells and `x_e`.
//! - **Checks.** `x_e` may be revealed only after every attestation of epoch `e` has closed. From then on a custody
//!   challenge is answered with the cell, its KZG proof, `x_e` and the cell's Merkle path to the committed root: a
//!   signer that signed without the cells committed to leaves it could not compute, and fails every challenge even
//!   if it fetches the challenged cell from someone else.
//! - **Outsourcing.** Someone else holding the cells could compute the leaves for the signer, but only with `x_e`.
//!   A secret shown to anyone before its epoch's reveal is a leak that anyone can report on chain with the secret
//!   itself, and the report slashes the signer.
//!
//! The chain and the leaves hash with BLAKE2b-256 and a domain tag per use; the tree over the leaves is zg storage's
//! (keccak), one copy of the algorithm.

use crate::storage;
use alloc::vec::Vec;
use sp_core::H256;
use sp_crypto_hashing::blake2_256;

/// Epochs one committed chain covers (a node computes a secret in at most this many steps).
pub const CHAIN_LENGTH: u32 = 1 << 14;

/// The most chain steps the runtime takes to check one secret against the latest image it knows.
pub const MAX_GAP: u32 = 1_024;

/// The most levels of a custody tree (`rows × columns` leaves: 265 × 128 < 2^16).
pub const MAX_DEPTH: u32 = 16;

/// One step down the chain: `x_e = step(x_{e+1})`.
pub fn step(secret: &[u8; 32]) -> [u8; 32] {
	let mut input = [0u8; 51];
	input[..19].copy_from_slice(b"zg-da/custody-chain");
	input[19..].copy_from_slice(secret);
	blake2_256(&input)
}

/// `steps` steps down the chain from `secret`.
pub fn walk(secret: &[u8; 32], steps: u32) -> [u8; 32] {
	let mut x = *secret;
	for _ in 0..steps {
		x = step(&x);
	}
	x
}

/// The secret of `epoch` of the chain whose top (the node's seed) is at epoch `top`; `None` past the top.
pub fn secret_of(seed: &[u8; 32], top: u32, epoch: u32) -> Option<[u8; 32]> {
	top.checked_sub(epoch).map(|steps| walk(seed, steps))
}

/// What the chain knows of a signer's secrets: the secrets of epochs from `epoch` on are unrevealed, and `image`
/// is `step(x_epoch)` (the secret of `epoch - 1`, public).
#[derive(Clone, Copy, Debug, PartialEq, Eq, codec::Encode, codec::Decode, scale_info::TypeInfo, codec::MaxEncodedLen)]
pub struct Anchor {
	/// The first epoch whose secret is not known on chain.
	pub epoch: u32,
	/// `step` of that epoch's secret.
	pub image: [u8; 32],
}

/// Why a secret was not accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecretError {
	/// The secret is more than [`MAX_GAP`] epochs from the anchor.
	TooFar,
	/// The secret is not that epoch's secret of the committed chain.
	Wrong,
}

/// Checks that `secret` is epoch `epoch`'s secret of the chain anchored at `anchor`. Returns the steps taken (the
/// weight's parameter) and, for a secret at or past the anchor, the new anchor it reveals.
pub fn verify_secret(anchor: &Anchor, epoch: u32, secret: &[u8; 32]) -> Result<(u32, Option<Anchor>), SecretError> {
	if epoch >= anchor.epoch {
		// Checked: a wrapped count of steps would let the public image pass for the secret of a far epoch.
		let steps = (epoch - anchor.epoch).checked_add(1).filter(|s| *s <= MAX_GAP).ok_or(SecretError::TooFar)?;
		let next = epoch.checked_add(1).ok_or(SecretError::TooFar)?;
		if walk(secret, steps) != anchor.image {
			return Err(SecretError::Wrong);
		}
		Ok((steps, Some(Anchor { epoch: next, image: *secret })))
	} else {
		// Already public: recompute it from the image.
		let steps = anchor.epoch - 1 - epoch;
		if steps > MAX_GAP {
			return Err(SecretError::TooFar);
		}
		if walk(&anchor.image, steps) != *secret {
			return Err(SecretError::Wrong);
		}
		Ok((steps, None))
	}
}

/// The leaf of one cell: `blake2_256("zg-da/custody-leaf" ‖ secret ‖ blob LE ‖ row LE ‖ column ‖ cell)`.
pub fn leaf(secret: &[u8; 32], blob: u64, row: u32, column: u8, cell: &[u8]) -> [u8; 32] {
	let mut input = Vec::with_capacity(18 + 32 + 8 + 4 + 1 + cell.len());
	input.extend_from_slice(b"zg-da/custody-leaf");
	input.extend_from_slice(secret);
	input.extend_from_slice(&blob.to_le_bytes());
	input.extend_from_slice(&row.to_le_bytes());
	input.push(column);
	input.extend_from_slice(cell);
	blake2_256(&input)
}

/// The index of the leaf of `(row, column)` among a signer's leaves: rows in order, within a row the signer's
/// `columns` (ascending) in order. `None` if `column` is not one of them.
pub fn leaf_index(columns: &[u8], row: u32, column: u8) -> Option<u32> {
	let position = columns.iter().position(|c| *c == column)? as u32;
	row.checked_mul(columns.len() as u32)?.checked_add(position)
}

/// The Merkle root of `leaves`: zg storage's tree ([`storage::merkle_root_of_leaves`]: keccak pairs, an odd
/// last node carried up unchanged); the root of no leaves is zero.
pub fn root(leaves: &[[u8; 32]]) -> [u8; 32] {
	storage::merkle_root_of_leaves(leaves.iter().copied().map(H256).collect()).0
}

/// The siblings from leaf `index` up to the root of `leaves` ([`storage::merkle_proof`]; none where a node is
/// carried up, nothing if there is no such leaf).
pub fn path(leaves: &[[u8; 32]], index: usize) -> Vec<[u8; 32]> {
	let leaves: Vec<H256> = leaves.iter().copied().map(H256).collect();
	storage::merkle_proof(&leaves, index as u64)
		.map(|proof| proof.siblings.into_iter().map(|h| h.0).collect())
		.unwrap_or_default()
}

/// Whether `leaf` is leaf `index` of `count` under `root`, by `siblings` (as [`path`] gives them, all used):
/// [`storage::verify_merkle_path`].
pub fn verify_path(root_hash: &[u8; 32], leaf_hash: [u8; 32], index: u32, count: u32, siblings: &[[u8; 32]]) -> bool {
	let siblings: Vec<H256> = siblings.iter().copied().map(H256).collect();
	storage::verify_merkle_path(&H256(*root_hash), H256(leaf_hash), index as u64, count as u64, &siblings)
}

#[cfg(test)]
mod tests {
	use super::*;

	fn leaves(n: usize) -> Vec<[u8; 32]> {
		(0..n).map(|i| leaf(&[1; 32], 7, i as u32, 3, &[i as u8; 64])).collect()
	}

	#[test]
	fn every_leaf_of_every_tree_size_proves_and_no_other_does() {
		for n in 1..=37usize {
			let leaves = leaves(n);
			let r = root(&leaves);
			for i in 0..n {
				let p = path(&leaves, i);
				assert!(verify_path(&r, leaves[i], i as u32, n as u32, &p), "leaf {i} of {n}");
				// Another leaf at this index, this leaf at another index, a wrong count, a truncated path.
				assert!(!verify_path(&r, leaves[(i + 1) % n], i as u32, n as u32, &p) || n == 1);
				if n > 1 {
					assert!(!verify_path(&r, leaves[i], ((i + 1) % n) as u32, n as u32, &p));
					assert!(!verify_path(&r, leaves[i], i as u32, n as u32, &p[..p.len() - 1]));
				}
				assert!(!verify_path(&r, leaves[i], n as u32, n as u32, &p));
			}
		}
	}

	#[test]
	fn a_chain_reveals_earlier_secrets_and_never_later_ones() {
		let seed = [9u8; 32];
		let top = 100;
		let x = |e| secret_of(&seed, top, e).unwrap();
		assert_eq!(step(&x(41)), x(40));
		let anchor = Anchor { epoch: 10, image: x(9) };
		// At and past the anchor: the secret reveals a new anchor.
		assert_eq!(verify_secret(&anchor, 10, &x(10)), Ok((1, Some(Anchor { epoch: 11, image: x(10) }))));
		assert_eq!(verify_secret(&anchor, 40, &x(40)), Ok((31, Some(Anchor { epoch: 41, image: x(40) }))));
		// Before it: recomputed from the image.
		assert_eq!(verify_secret(&anchor, 9, &x(9)), Ok((0, None)));
		assert_eq!(verify_secret(&anchor, 2, &x(2)), Ok((7, None)));
		// Another epoch's secret, or no secret of this chain.
		assert_eq!(verify_secret(&anchor, 40, &x(41)), Err(SecretError::Wrong));
		assert_eq!(verify_secret(&anchor, 2, &x(3)), Err(SecretError::Wrong));
		assert_eq!(verify_secret(&anchor, 12, &[0; 32]), Err(SecretError::Wrong));
		assert_eq!(verify_secret(&anchor, 10 + MAX_GAP, &[0; 32]), Err(SecretError::TooFar));
		// The public image never passes for a far epoch's secret, however far (no wrapping count of steps).
		let genesis = Anchor { epoch: 0, image: x(0) };
		assert_eq!(verify_secret(&genesis, u32::MAX, &genesis.image), Err(SecretError::TooFar));
		assert_eq!(verify_secret(&anchor, u32::MAX, &anchor.image), Err(SecretError::TooFar));
		assert_eq!(secret_of(&seed, top, top + 1), None);
	}

	#[test]
	fn leaf_indices_go_row_by_row_through_the_signers_columns() {
		let columns = [5u8, 9, 100];
		assert_eq!(leaf_index(&columns, 0, 5), Some(0));
		assert_eq!(leaf_index(&columns, 0, 100), Some(2));
		assert_eq!(leaf_index(&columns, 2, 9), Some(7));
		assert_eq!(leaf_index(&columns, 2, 6), None);
	}
}
