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
