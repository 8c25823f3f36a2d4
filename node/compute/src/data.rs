//! A deterministic dataset of 8×8 digit images, so that the repo trains its own model and any provider can
//! rebuild the exact training set from a seed. Each sample is a 5×7 glyph of its digit, drawn at a random
//! offset with random stroke intensity (10..=16), some strokes dropped and background noise added — values in
//! `0..=16`, like the UCI handwritten digits set.

use crate::model::INPUTS;

/// 5×7 glyphs of the digits, one row per byte (bit 4 = leftmost column).
const GLYPHS: [[u8; 7]; 10] = [
	[0x0e, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0e],
	[0x04, 0x0c, 0x04, 0x04, 0x04, 0x04, 0x0e],
	[0x0e, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1f],
	[0x1f, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0e],
	[0x02, 0x06, 0x0a, 0x12, 0x1f, 0x02, 0x02],
	[0x1f, 0x10, 0x1e, 0x01, 0x01, 0x11, 0x0e],
	[0x06, 0x08, 0x10, 0x1e, 0x11, 0x11, 0x0e],
	[0x1f, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08],
	[0x0e, 0x11, 0x11, 0x0e, 0x11, 0x11, 0x0e],
	[0x0e, 0x11, 0x11, 0x0f, 0x01, 0x02, 0x0c],
];

/// SplitMix64: a small deterministic generator (the same sequence on every machine).
#[derive(Clone, Debug)]
pub struct Rng(pub u64);

impl Rng {
	/// The next 64 random bits.
	pub fn next_u64(&mut self) -> u64 {
		self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
		let mut z = self.0;
		z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
		z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
		z ^ (z >> 31)
	}

	/// A number in `0..n`.
	pub fn below(&mut self, n: u64) -> u64 {
		self.next_u64() % n
	}
}

/// One labelled image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sample {
	/// Pixels, row by row, values `0..=16`.
	pub pixels: [u8; INPUTS],
	/// The digit.
	pub label: u8,
}

/// Draws `digit` with the generator's randomness.
pub fn draw(digit: u8, rng: &mut Rng) -> [u8; INPUTS] {
	let mut pixels = [0u8; INPUTS];
	let dx = rng.below(4) as usize;
	let dy = rng.below(2) as usize;
	let intensity = 10 + rng.below(7) as u8;
	for (row, bits) in GLYPHS[digit as usize % 10].iter().enumerate() {
		for col in 0..5 {
			if bits & (0x10 >> col) != 0 && rng.below(12) != 0 {
				let v = intensity.saturating_sub(rng.below(4) as u8);
				pixels[(row + dy) * 8 + col + dx] = v;
			}
		}
	}
	for p in pixels.iter_mut() {
		if rng.below(8) == 0 {
			*p = (*p + rng.below(5) as u8).min(16);
		}
	}
	pixels
}

/// `n` samples from `seed`, digits in turn.
pub fn dataset(seed: u64, n: usize) -> Vec<Sample> {
	let mut rng = Rng(seed);
	(0..n)
		.map(|i| {
			let label = (i % 10) as u8;
			Sample { pixels: draw(label, &mut rng), label }
		})
		.collect()
}

/// A dataset as bytes (what a training job stores in zg storage): per sample its label, then 64 pixels.
pub fn encode(samples: &[Sample]) -> Vec<u8> {
	let mut out = Vec::with_capacity(samples.len() * (INPUTS + 1));
	for s in samples {
		out.push(s.label);
		out.extend_from_slice(&s.pixels);
	}
	out
}

/// Why dataset bytes were refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataError {
	/// Empty, or not a whole number of samples.
	Length,
	/// A label above 9.
	Label,
}

/// Decodes [`encode`]'s bytes.
pub fn decode(bytes: &[u8]) -> Result<Vec<Sample>, DataError> {
	if bytes.is_empty() || bytes.len() % (INPUTS + 1) != 0 {
		return Err(DataError::Length);
	}
	bytes
		.chunks(INPUTS + 1)
		.map(|c| {
			if c[0] > 9 {
				return Err(DataError::Label);
			}
			Ok(Sample { label: c[0], pixels: c[1..].try_into().expect("64 bytes") })
		})
		.collect()
}
