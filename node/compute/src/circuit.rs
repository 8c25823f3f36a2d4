//! The R1CS circuit of proven digits inference: for the model baked into the circuit (so the verifying key
//! itself commits to it), it proves `class = argmax(MLP(model, input))` with public inputs
//! `[job, pack(input), pack(model commitment), pack([class])]` — the chain's statement for a proven job
//! ([`zg_primitives::compute::public_inputs`]).
//!
//! Constraints (about 2,700):
//! - each input byte `x_i` is 8 boolean bits; the packed input public inputs are their little-endian sums;
//! - each hidden pre-activation (a linear combination of the `x_i` with the model's constant weights) equals
//!   `pos - neg` with `pos·neg = 0` and both 23-bit: `pos` is the ReLU; the activation is `pos`'s bits from
//!   `shift` up;
//! - a one-hot selector picks the class, `best = Σ sel_k·logit_k`, and for every `k`,
//!   `best - logit_k - [k < class]` is a 38-bit number: the class is the first index of the largest logit;
//! - the model commitment inputs are the model's constants, and the job id is squared into a witness so it is
//!   bound by the proof (an input used in no constraint would not be).

use crate::model::{Mlp, CLASSES, DIFF_BITS, HIDDEN, INPUTS, PRE_BITS};
use ark_ff::PrimeField;
use ark_relations::{
	lc,
	r1cs::{ConstraintSynthesizer, ConstraintSystemRef, LinearCombination, SynthesisError, Variable},
};
use zg_primitives::compute::{public_inputs, JobId};

/// The digits circuit for one model; `input` and `job` are the statement (zeros for key generation).
#[derive(Clone, Debug)]
pub struct DigitsCircuit {
	/// The model (constants of the circuit).
	pub model: Mlp,
	/// The job the proof is for.
	pub job: JobId,
	/// The image.
	pub input: [u8; INPUTS],
}

/// The public inputs of the statement as field elements (what the verifier checks), with the class.
pub fn statement<F: PrimeField>(model: &Mlp, job: JobId, input: &[u8; INPUTS]) -> (u8, Vec<F>) {
	let class = model.classify(input);
	let inputs = public_inputs(job, input, &model.commitment(), &[class]);
	(class, inputs.iter().map(|e| F::from_le_bytes_mod_order(e)).collect())
}

fn signed<F: PrimeField>(v: i64) -> F {
	if v >= 0 {
		F::from(v as u64)
	} else {
		-F::from(v.unsigned_abs())
	}
}

/// Allocates `n` boolean witness bits of `value` and answers their weighted sum.
fn bits<F: PrimeField>(
	cs: &ConstraintSystemRef<F>,
	value: u64,
	n: usize,
) -> Result<(Vec<Variable>, LinearCombination<F>), SynthesisError> {
	let mut vars = Vec::with_capacity(n);
	let mut sum = lc!();
	let mut weight = F::one();
	for b in 0..n {
		let bit = (value >> b) & 1 == 1;
		let v = cs.new_witness_variable(|| Ok(if bit { F::one() } else { F::zero() }))?;
		cs.enforce_constraint(lc!() + v, lc!() + v - (F::one(), Variable::One), lc!())?;
		sum = sum + (weight, v);
		weight.double_in_place();
		vars.push(v);
	}
	Ok((vars, sum))
}

fn equal<F: PrimeField>(
	cs: &ConstraintSystemRef<F>,
	a: LinearCombination<F>,
	b: LinearCombination<F>,
) -> Result<(), SynthesisError> {
	cs.enforce_constraint(a - b, lc!() + Variable::One, lc!())
}

impl<F: PrimeField> ConstraintSynthesizer<F> for DigitsCircuit {
	fn generate_constraints(self, cs: ConstraintSystemRef<F>) -> Result<(), SynthesisError> {
		let model = &self.model;
		let trace = model.trace(&self.input);
		let (_, publics) = statement::<F>(model, self.job, &self.input);
		let mut publics = publics.into_iter();
		let mut public = || {
			let value = publics.next().ok_or(SynthesisError::AssignmentMissing)?;
			cs.new_input_variable(|| Ok(value))
		};

		// The job id, bound by a constraint.
		let job = public()?;
		let job_sq = cs.new_witness_variable(|| Ok(F::from(self.job) * F::from(self.job)))?;
		cs.enforce_constraint(lc!() + job, lc!() + job, lc!() + job_sq)?;

		// The input: bytes, packed 31 per public input.
		let mut x = Vec::with_capacity(INPUTS);
		for byte in self.input {
			let (_, sum) = bits(&cs, byte as u64, 8)?;
			let v = cs.new_witness_variable(|| Ok(F::from(byte as u64)))?;
			equal(&cs, lc!() + v, sum)?;
			x.push(v);
		}
		for chunk in x.chunks(zg_primitives::compute::CHUNK) {
			let packed = public()?;
			let mut sum = lc!();
			let mut weight = F::one();
			for v in chunk {
				sum = sum + (weight, *v);
				weight *= F::from(256u64);
			}
			equal(&cs, lc!() + packed, sum)?;
		}

		// The model commitment: constants.
		for element in zg_primitives::compute::pack(model.commitment().as_bytes()) {
			let m = public()?;
			equal(&cs, lc!() + m, lc!() + (F::from_le_bytes_mod_order(&element), Variable::One))?;
		}
		let output = public()?;

		// Hidden layer with ReLU and the shift.
		let mut hidden = Vec::with_capacity(HIDDEN);
		for j in 0..HIDDEN {
			let mut pre = lc!() + (signed::<F>(model.b1[j] as i64), Variable::One);
			for (i, xi) in x.iter().enumerate() {
				if model.w1[j][i] != 0 {
					pre = pre + (signed::<F>(model.w1[j][i] as i64), *xi);
				}
			}
			let value = trace.pre[j];
			let (pos_bits, pos) = bits(&cs, value.max(0) as u64, PRE_BITS)?;
			let (_, neg) = bits(&cs, (-value).max(0) as u64, PRE_BITS)?;
			equal(&cs, pre, pos.clone() - &neg)?;
			cs.enforce_constraint(pos, neg, lc!())?;
			let h = cs.new_witness_variable(|| Ok(F::from(trace.hidden[j] as u64)))?;
			let mut shifted = lc!();
			let mut weight = F::one();
			for bit in &pos_bits[model.shift as usize..] {
				shifted = shifted + (weight, *bit);
				weight.double_in_place();
			}
			equal(&cs, lc!() + h, shifted)?;
			hidden.push(h);
		}

		// Logits.
		let logits: Vec<LinearCombination<F>> = (0..CLASSES)
			.map(|k| {
				let mut logit = lc!() + (signed::<F>(model.b2[k] as i64), Variable::One);
				for (j, h) in hidden.iter().enumerate() {
					if model.w2[k][j] != 0 {
						logit = logit + (signed::<F>(model.w2[k][j] as i64), *h);
					}
				}
				logit
			})
			.collect();

		// The class: a one-hot selector, its index is the output, and no logit beats the selected one (earlier
		// indices must be strictly smaller).
		let class = trace.class as usize;
		let mut sel = Vec::with_capacity(CLASSES);
		let mut sel_sum = lc!();
		let mut index = lc!();
		let mut best = lc!();
		for k in 0..CLASSES {
			let s = cs.new_witness_variable(|| Ok(if k == class { F::one() } else { F::zero() }))?;
			cs.enforce_constraint(lc!() + s, lc!() + s - (F::one(), Variable::One), lc!())?;
			let product_value = if k == class { signed::<F>(trace.logits[k]) } else { F::zero() };
			let p = cs.new_witness_variable(|| Ok(product_value))?;
			cs.enforce_constraint(lc!() + s, logits[k].clone(), lc!() + p)?;
			sel_sum = sel_sum + s;
			index = index + (F::from(k as u64), s);
			best = best + p;
			sel.push(s);
		}
		equal(&cs, sel_sum, lc!() + Variable::One)?;
		equal(&cs, lc!() + output, index)?;
		for k in 0..CLASSES {
			let strict = (k < class) as i64;
			let diff_value = trace.logits[class] - trace.logits[k] - strict;
			let (_, diff) = bits(&cs, diff_value.max(0) as u64, DIFF_BITS)?;
			let mut later = lc!();
			for s in &sel[k + 1..] {
				later = later + *s;
			}
			equal(&cs, best.clone() - &logits[k] - later, diff)?;
		}
		Ok(())
	}
}
