//! Deterministic fixed-point SGD of the digits MLP.
//!
//! Master parameters are integers in Q12 (4096 = 1.0); inputs are read as Q4 (pixel / 16). The loss is the
//! squared error of the logits against one-hot targets, so every gradient is a product of integers and a
//! shift: no floating point, no transcendental functions, the same bits on every machine. After training the
//! master model is quantized to the int8 [`Mlp`] that inference, the circuit and the chain use.

use crate::{
	data::{Rng, Sample},
	model::{Mlp, B1_BOUND, B2_BOUND, CLASSES, HIDDEN, INPUTS},
};

/// Q12: 1.0.
const ONE: i64 = 1 << 12;
/// The shift of hidden activations in the exported model.
const EXPORT_SHIFT: u8 = 4;

/// How to train.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TrainConfig {
	/// Passes over the data.
	pub epochs: u32,
	/// The learning rate is `2^-lr_shift`.
	pub lr_shift: u32,
	/// Seeds the initial weights and the order of samples in each epoch.
	pub seed: u64,
}

/// What the shipped model was trained with (also what attested training jobs use).
pub const DEFAULT_CONFIG: TrainConfig = TrainConfig { epochs: 4, lr_shift: 4, seed: 0x7a67 };

/// The master (unquantized) model.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Master {
	w1: Vec<[i64; INPUTS]>,
	b1: [i64; HIDDEN],
	w2: Vec<[i64; HIDDEN]>,
	b2: [i64; CLASSES],
}

impl Master {
	/// Small random initial weights (±0.25).
	pub fn init(seed: u64) -> Self {
		let mut rng = Rng(seed);
		let mut small = || rng.below(ONE as u64 / 2) as i64 - ONE / 4;
		let w1 = (0..HIDDEN).map(|_| core::array::from_fn(|_| small())).collect();
		let w2 = (0..CLASSES).map(|_| core::array::from_fn(|_| small())).collect();
		Master { w1, b1: [0; HIDDEN], w2, b2: [0; CLASSES] }
	}

	fn forward(&self, x: &[u8; INPUTS]) -> ([i64; HIDDEN], [i64; HIDDEN], [i64; CLASSES]) {
		let mut pre = [0i64; HIDDEN];
		let mut h = [0i64; HIDDEN];
		for j in 0..HIDDEN {
			pre[j] = (self.w1[j].iter().zip(x).map(|(w, x)| w * *x as i64).sum::<i64>() >> 4) + self.b1[j];
			h[j] = pre[j].max(0);
		}
		let mut logits = [0i64; CLASSES];
		for k in 0..CLASSES {
			logits[k] = (self.w2[k].iter().zip(&h).map(|(w, h)| w * h).sum::<i64>() >> 12) + self.b2[k];
		}
		(pre, h, logits)
	}

	/// The class the master model gives `x` (before quantization).
	pub fn classify(&self, x: &[u8; INPUTS]) -> u8 {
		let (_, _, logits) = self.forward(x);
		let mut best = 0;
		for k in 1..CLASSES {
			if logits[k] > logits[best] {
				best = k;
			}
		}
		best as u8
	}

	/// One SGD step on one sample.
	fn step(&mut self, sample: &Sample, lr_shift: u32) {
		let (pre, h, logits) = self.forward(&sample.pixels);
		// Clamp errors to ±4.0 so that one outlier cannot blow the weights up.
		let err: [i64; CLASSES] = core::array::from_fn(|k| {
			let target = if k == sample.label as usize { ONE } else { 0 };
			(logits[k] - target).clamp(-4 * ONE, 4 * ONE)
		});
		let mut dh = [0i64; HIDDEN];
		for j in 0..HIDDEN {
			if pre[j] > 0 {
				dh[j] = round_shift((0..CLASSES).map(|k| err[k] * self.w2[k][j]).sum::<i64>(), 12);
			}
		}
		for k in 0..CLASSES {
			for j in 0..HIDDEN {
				self.w2[k][j] -= round_shift(err[k] * h[j], 12 + lr_shift);
			}
			self.b2[k] -= round_shift(err[k], lr_shift);
		}
		for j in 0..HIDDEN {
			if dh[j] == 0 {
				continue;
			}
			for i in 0..INPUTS {
				self.w1[j][i] -= round_shift(dh[j] * sample.pixels[i] as i64, 4 + lr_shift);
			}
			self.b1[j] -= round_shift(dh[j], lr_shift);
		}
	}

	/// The int8 model: weights scaled into ±127 by a power of two per layer, biases scaled to match.
	pub fn export(&self) -> Mlp {
		let scale = |max: i64| (64 - max.unsigned_abs().leading_zeros()).saturating_sub(7);
		let a = scale(self.w1.iter().flatten().map(|w| w.abs()).max().unwrap_or(0));
		let c = scale(self.w2.iter().flatten().map(|w| w.abs()).max().unwrap_or(0));
		let q = |w: i64, s: u32| (w >> s).clamp(-127, 127) as i8;
		let mut model = Mlp {
			shift: EXPORT_SHIFT,
			w1: [[0; INPUTS]; HIDDEN],
			b1: [0; HIDDEN],
			w2: [[0; HIDDEN]; CLASSES],
			b2: [0; CLASSES],
		};
		for j in 0..HIDDEN {
			for i in 0..INPUTS {
				model.w1[j][i] = q(self.w1[j][i], a);
			}
			// pre_q = Σ w1_q·x + b1_q ≈ pre · 2^(4 - a)
			model.b1[j] = shift(self.b1[j], 4 - a as i64).clamp(1 - B1_BOUND, B1_BOUND - 1) as i32;
		}
		// h_q = relu(pre_q) >> 4 ≈ h · 2^-a;  logit_q = Σ w2_q·h_q + b2_q ≈ (logit - b2) · 2^(12 - a - c)
		for k in 0..CLASSES {
			for j in 0..HIDDEN {
				model.w2[k][j] = q(self.w2[k][j], c);
			}
			model.b2[k] =
				shift(self.b2[k], 12 - a as i64 - c as i64).clamp(1 - B2_BOUND, B2_BOUND - 1) as i32;
		}
		model
	}
}

/// `v / 2^by` rounded to the nearest integer (an arithmetic shift alone rounds every small update down, which
/// drifts the weights).
fn round_shift(v: i64, by: u32) -> i64 {
	if by == 0 {
		v
	} else {
		(v + (1 << (by - 1))) >> by
	}
}

/// `v · 2^by` with an arithmetic shift either way.
fn shift(v: i64, by: i64) -> i64 {
	if by >= 0 {
		v << by.min(40)
	} else {
		v >> (-by).min(63)
	}
}

/// Trains from the initial weights of `config.seed`; each epoch visits the samples in a seeded random order.
pub fn train(samples: &[Sample], config: &TrainConfig) -> Master {
	let mut master = Master::init(config.seed);
	let mut order: Vec<usize> = (0..samples.len()).collect();
	for epoch in 0..config.epochs {
		let mut rng = Rng(config.seed ^ ((epoch as u64 + 1) << 32));
		for i in (1..order.len()).rev() {
			order.swap(i, rng.below(i as u64 + 1) as usize);
		}
		for &i in &order {
			master.step(&samples[i], config.lr_shift);
		}
	}
	master
}

/// The fraction of `samples` the model classifies right, in per mille.
pub fn accuracy_permille(model: &Mlp, samples: &[Sample]) -> u32 {
	let right = samples.iter().filter(|s| model.classify(&s.pixels) == s.label).count();
	(right * 1000 / samples.len().max(1)) as u32
}

/// The training set of the shipped model.
pub fn shipped_training_set() -> Vec<Sample> {
	crate::data::dataset(1, 2000)
}

/// Trains the shipped model (what `model.bin` holds).
pub fn train_shipped() -> Mlp {
	train(&shipped_training_set(), &DEFAULT_CONFIG).export()
}
