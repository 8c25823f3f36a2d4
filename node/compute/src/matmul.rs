//! Deterministic integer matrix multiplication: the attested GPU job kind's reference implementation.
//!
//! Input: `n`, `k`, `m` (u16 little-endian each), then `A` (`n×k` int8, row-major) and `B` (`k×m` int8).
//! Output: `C = A·B` as `n×m` little-endian i32 — exact (`|c| ≤ k·128² < 2^31` for `k ≤ 65,535`), so a GPU and
//! a CPU agree bit for bit and a dispute by re-execution is decidable.

/// Why an input was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MatmulError {
	/// Shorter than its header says, longer, or a zero dimension.
	Format,
}

/// The dimensions and operands of an input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matmul<'a> {
	/// Rows of `A`.
	pub n: usize,
	/// Columns of `A`, rows of `B`.
	pub k: usize,
	/// Columns of `B`.
	pub m: usize,
	/// `A`, row-major.
	pub a: &'a [u8],
	/// `B`, row-major.
	pub b: &'a [u8],
}

/// Parses an input.
pub fn parse(input: &[u8]) -> Result<Matmul<'_>, MatmulError> {
	if input.len() < 6 {
		return Err(MatmulError::Format);
	}
	let dim = |i: usize| u16::from_le_bytes([input[i], input[i + 1]]) as usize;
	let (n, k, m) = (dim(0), dim(2), dim(4));
	if n == 0 || k == 0 || m == 0 || input.len() != 6 + n * k + k * m {
		return Err(MatmulError::Format);
	}
	Ok(Matmul { n, k, m, a: &input[6..6 + n * k], b: &input[6 + n * k..] })
}

/// Encodes an input.
pub fn encode(n: u16, k: u16, m: u16, a: &[i8], b: &[i8]) -> Vec<u8> {
	let mut out = Vec::with_capacity(6 + a.len() + b.len());
	for d in [n, k, m] {
		out.extend_from_slice(&d.to_le_bytes());
	}
	out.extend(a.iter().map(|v| *v as u8));
	out.extend(b.iter().map(|v| *v as u8));
	out
}

/// `C = A·B` on the CPU, as output bytes.
pub fn multiply(input: &[u8]) -> Result<Vec<u8>, MatmulError> {
	let mm = parse(input)?;
	let mut c = vec![0i32; mm.n * mm.m];
	for i in 0..mm.n {
		let row = &mut c[i * mm.m..(i + 1) * mm.m];
		for p in 0..mm.k {
			let a = mm.a[i * mm.k + p] as i8 as i32;
			if a == 0 {
				continue;
			}
			let b_row = &mm.b[p * mm.m..(p + 1) * mm.m];
			for (c, b) in row.iter_mut().zip(b_row) {
				*c += a * (*b as i8 as i32);
			}
		}
	}
	Ok(c.iter().flat_map(|v| v.to_le_bytes()).collect())
}
