//! Native host functions of data availability: KZG cell verification at native speed inside the runtime (custody
//! challenges). The node's executor registers [`zg_da::HostFunctions`]; the work is bounded by the caller (the
//! pallet verifies the cells of one answer at a time, each paid for by a benchmarked weight).

use super::{Commitment, Proof};
use alloc::vec::Vec;

/// Why cells were not accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, codec::Encode, codec::Decode, scale_info::TypeInfo)]
pub enum CellError {
	/// Lengths disagree, a cell is not 2 KiB, a column is out of range, or c-kzg refused the encoding.
	Malformed,
	/// A proof does not verify.
	Invalid,
}

/// Host functions of data availability (see the module docs).
#[sp_runtime_interface::runtime_interface]
pub trait ZgDa {
	/// Checks that `cells` (concatenated, 2 KiB each) are the cells at `columns` of the rows committed to by
	/// `commitments`, with `proofs`: one batch verification.
	fn verify_cells(
		commitments: sp_runtime_interface::pass_by::PassFatPointerAndDecode<Vec<Commitment>>,
		columns: sp_runtime_interface::pass_by::PassFatPointerAndRead<&[u8]>,
		cells: sp_runtime_interface::pass_by::PassFatPointerAndRead<&[u8]>,
		proofs: sp_runtime_interface::pass_by::PassFatPointerAndDecode<Vec<Proof>>,
	) -> sp_runtime_interface::pass_by::AllocateAndReturnByCodec<Result<(), CellError>> {
		if cells.len() % crate::da::BYTES_PER_CELL != 0 {
			return Err(CellError::Malformed);
		}
		let cells: Vec<&[u8]> = cells.chunks(crate::da::BYTES_PER_CELL).collect();
		match crate::da::kzg::verify_cells(&commitments, columns, &cells, &proofs) {
			Ok(true) => Ok(()),
			Ok(false) => Err(CellError::Invalid),
			Err(_) => Err(CellError::Malformed),
		}
	}
}

/// What a signer's node reports about the columns it keeps of a blob.
#[derive(Clone, Debug, PartialEq, Eq, codec::Encode, codec::Decode, scale_info::TypeInfo)]
pub enum CustodyStatus {
	/// Every asked column is stored, each cell checked against its row's commitment: the signer may attest.
	Held,
	/// Fetching from the disperser (or another holder) and checking is under way; ask again next block.
	Fetching,
	/// The columns could not be had (the disperser does not answer, or served cells that do not verify): the
	/// signer must not attest. The reason, for the log.
	Failed(Vec<u8>),
}

/// The node's DA column store and fetch service, as a signer's off-chain worker uses it. Work is started in the
/// background and polled: no call blocks the worker on the network.
pub trait DaNode: Send + Sync {
	/// Makes sure the node keeps `columns` of the blob with `commitments` and `data_root`, fetching them from the
	/// node with libp2p peer id `disperser` if it does not (every cell checked before it is kept).
	fn custody(&self, data_root: H256, commitments: Vec<Commitment>, columns: Vec<u8>, disperser: Vec<u8>)
		-> CustodyStatus;
	/// The cell at `row` of `column` of that blob and its proof, if the node keeps the column.
	fn cell(&self, data_root: H256, commitments: Vec<Commitment>, row: u32, column: u8) -> Option<(Vec<u8>, Proof)>;
	/// The signer's custody leaves of blob `blob` ([`super::custody::leaf`] of every cell of `columns`, rows in
	/// order, within a row `columns` in the order given) under `secret`, if the node keeps every cell of them.
	/// One read per column: the worker asks once per blob, not once per cell.
	fn custody_leaves(
		&self,
		data_root: H256,
		commitments: Vec<Commitment>,
		blob: u64,
		columns: Vec<u8>,
		secret: [u8; 32],
	) -> Option<Vec<[u8; 32]>>;
}

use sp_core::H256;

sp_externalities::decl_extension! {
	/// The node's DA service, registered for the off-chain workers of DA-signer nodes.
	pub struct DaNodeExt(alloc::sync::Arc<dyn DaNode>);
}

/// Host functions of a DA signer's node (off-chain workers only; without the extension every call answers as if
/// the node kept nothing).
#[sp_runtime_interface::runtime_interface]
pub trait ZgDaNode {
	/// See [`DaNode::custody`].
	fn custody(
		&mut self,
		data_root: sp_runtime_interface::pass_by::PassPointerAndReadCopy<H256, 32>,
		commitments: sp_runtime_interface::pass_by::PassFatPointerAndDecode<Vec<Commitment>>,
		columns: sp_runtime_interface::pass_by::PassFatPointerAndDecode<Vec<u8>>,
		disperser: sp_runtime_interface::pass_by::PassFatPointerAndDecode<Vec<u8>>,
	) -> sp_runtime_interface::pass_by::AllocateAndReturnByCodec<CustodyStatus> {
		use sp_externalities::ExternalitiesExt;
		match self.extension::<DaNodeExt>() {
			Some(node) => node.0.custody(data_root, commitments, columns, disperser),
			None => CustodyStatus::Failed(b"this node runs no DA service".to_vec()),
		}
	}

	/// See [`DaNode::cell`].
	fn cell(
		&mut self,
		data_root: sp_runtime_interface::pass_by::PassPointerAndReadCopy<H256, 32>,
		commitments: sp_runtime_interface::pass_by::PassFatPointerAndDecode<Vec<Commitment>>,
		row: u32,
		column: u32,
	) -> sp_runtime_interface::pass_by::AllocateAndReturnByCodec<Option<(Vec<u8>, Proof)>> {
		use sp_externalities::ExternalitiesExt;
		let column = u8::try_from(column).ok()?;
		self.extension::<DaNodeExt>().and_then(|node| node.0.cell(data_root, commitments, row, column))
	}

	/// See [`DaNode::custody_leaves`].
	fn custody_leaves(
		&mut self,
		data_root: sp_runtime_interface::pass_by::PassPointerAndReadCopy<H256, 32>,
		commitments: sp_runtime_interface::pass_by::PassFatPointerAndDecode<Vec<Commitment>>,
		blob: u64,
		columns: sp_runtime_interface::pass_by::PassFatPointerAndDecode<Vec<u8>>,
		secret: sp_runtime_interface::pass_by::PassPointerAndReadCopy<[u8; 32], 32>,
	) -> sp_runtime_interface::pass_by::AllocateAndReturnByCodec<Option<Vec<[u8; 32]>>> {
		use sp_externalities::ExternalitiesExt;
		self.extension::<DaNodeExt>()
			.and_then(|node| node.0.custody_leaves(data_root, commitments, blob, columns, secret))
	}
}
