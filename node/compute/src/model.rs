//! The digits classifier: a two-layer MLP with int8 weights and integer activations.
//!
//! `pre_j = b1_j + Σ_i w1_ji·x_i`, `h_j = max(pre_j, 0) >> shift`, `logit_k = b2_k + Σ_j w2_kj·h_j`, and the class
//! is the first index of the largest logit. The bounds below keep every value inside the ranges the circuit
//! range-checks, for any input bytes: `|pre| < 2^23` and `|logit| < 2^36`.

use sp_core::H256;

/// Input pixels (8×8).
pub const INPUTS: usize = 64;
/// Hidden units.
pub const HIDDEN: usize = 32;
/// Classes.
pub const CLASSES: usize = 10;
/// The bound on `|b1|` (so that `|pre| < 64·255·128 + 2^20 < 2^23`).
pub const B1_BOUND: i64 = 1 << 20;
/// The bound on `|b2|`.
pub const B2_BOUND: i64 = 1 << 30;
/// The largest shift (so that a hidden activation stays in `[0, 2^23 >> shift)`).
pub const MAX_SHIFT: u8 = 16;
/// Bits of `pos`/`neg` of a pre-activation in the circuit.
pub const PRE_BITS: usize = 23;
/// Bits of a logit difference in the circuit.
pub const DIFF_BITS: usize = 38;

const MAGIC: &[u8; 6] = b"zgmlp1";
/// The size of an encoded model.
pub const ENCODED_LEN: usize = 6 + 1 + HIDDEN * INPUTS + 4 * HIDDEN + CLASSES * HIDDEN + 4 * CLASSES;

/// A quantized model.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mlp {
	/// Right shift of the hidden activations.
	pub shift: u8,
	/// `w1[j][i]`: hidden unit `j`, input `i`.
	pub w1: [[i8; INPUTS]; HIDDEN],
	/// Hidden biases, `|b1| < B1_BOUND`.
	pub b1: [i32; HIDDEN],
	/// `w2[k][j]`: class `k`, hidden unit `j`.
	pub w2: [[i8; HIDDEN]; CLASSES],
	/// Class biases, `|b2| < B2_BOUND`.
	pub b2: [i32; CLASSES],
}

/// Why model bytes were refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModelError {
	/// Not `ENCODED_LEN` bytes starting with the magic.
	Format,
	/// A bias or the shift is out of its bound.
	Bounds,
}

/// Everything the forward pass computes (the circuit's witness).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trace {
	/// Pre-activations of the hidden layer.
	pub pre: [i64; HIDDEN],
	/// Hidden activations.
	pub hidden: [i64; HIDDEN],
	/// Logits.
	pub logits: [i64; CLASSES],
	/// The class: first index of the largest logit.
	pub class: u8,
}

impl Mlp {
	/// The model's canonical bytes.
	pub fn encode(&self) -> Vec<u8> {
		let mut out = Vec::with_capacity(ENCODED_LEN);
		out.extend_from_slice(MAGIC);
		out.push(self.shift);
		self.w1.iter().flatten().for_each(|w| out.push(*w as u8));
		self.b1.iter().for_each(|b| out.extend_from_slice(&b.to_le_bytes()));
		self.w2.iter().flatten().for_each(|w| out.push(*w as u8));
		self.b2.iter().for_each(|b| out.extend_from_slice(&b.to_le_bytes()));
		out
	}

	/// Decodes and checks a model.
	pub fn decode(bytes: &[u8]) -> Result<Self, ModelError> {
		if bytes.len() != ENCODED_LEN || &bytes[..6] != MAGIC {
			return Err(ModelError::Format);
		}
		let mut at = 6;
		let mut take = |n: usize| {
			let s = &bytes[at..at + n];
			at += n;
			s
		};
		let shift = take(1)[0];
		let mut model = Mlp { shift, w1: [[0; INPUTS]; HIDDEN], b1: [0; HIDDEN], w2: [[0; HIDDEN]; CLASSES], b2: [0; CLASSES] };
		for row in model.w1.iter_mut() {
			row.iter_mut().zip(take(INPUTS)).for_each(|(w, b)| *w = *b as i8);
		}
		for b in model.b1.iter_mut() {
			*b = i32::from_le_bytes(take(4).try_into().expect("4 bytes"));
		}
		for row in model.w2.iter_mut() {
			row.iter_mut().zip(take(HIDDEN)).for_each(|(w, b)| *w = *b as i8);
		}
		for b in model.b2.iter_mut() {
			*b = i32::from_le_bytes(take(4).try_into().expect("4 bytes"));
		}
		model.check()?;
		Ok(model)
	}

	/// Whether the biases and shift are within the bounds the circuit relies on.
	pub fn check(&self) -> Result<(), ModelError> {
		let b1_ok = self.b1.iter().all(|b| (*b as i64).abs() < B1_BOUND);
		let b2_ok = self.b2.iter().all(|b| (*b as i64).abs() < B2_BOUND);
		if !b1_ok || !b2_ok || self.shift > MAX_SHIFT {
			return Err(ModelError::Bounds);
		}
		Ok(())
	}

	/// The model's commitment: blake2-256 of its bytes (the job kind's `model` on chain).
	pub fn commitment(&self) -> H256 {
		H256(sp_crypto_hashing::blake2_256(&self.encode()))
	}

	/// The forward pass with every intermediate value.
	pub fn trace(&self, input: &[u8; INPUTS]) -> Trace {
		let mut pre = [0i64; HIDDEN];
		let mut hidden = [0i64; HIDDEN];
		for j in 0..HIDDEN {
			pre[j] = self.b1[j] as i64 +
				self.w1[j].iter().zip(input).map(|(w, x)| *w as i64 * *x as i64).sum::<i64>();
			hidden[j] = pre[j].max(0) >> self.shift;
		}
		let mut logits = [0i64; CLASSES];
		for k in 0..CLASSES {
			logits[k] = self.b2[k] as i64 +
				self.w2[k].iter().zip(&hidden).map(|(w, h)| *w as i64 * h).sum::<i64>();
		}
		let mut class = 0;
		for k in 1..CLASSES {
			if logits[k] > logits[class] {
				class = k;
			}
		}
		Trace { pre, hidden, logits, class: class as u8 }
	}

	/// The class of `input`.
	pub fn classify(&self, input: &[u8; INPUTS]) -> u8 {
		self.trace(input).class
	}
}

/// The digits classifier the chain ships (trained by [`crate::train::train_shipped`]; the bytes are
/// `zg_primitives::compute::shipped::DIGITS_MODEL`, regenerated and compared by a test).
pub fn shipped() -> Mlp {
	Mlp::decode(zg_primitives::compute::shipped::DIGITS_MODEL).expect("the shipped model is valid")
}
