//! Score thresholds of the staking voter list (`pallet-bags-list`).
//!
//! Voters are kept in bags by vote weight so the election can take the heaviest without sorting every voter.
//! The thresholds form a geometric series from the existential weight up to `u64::MAX`, the same shape that
//! polkadot-sdk's `generate-bags` tool emits; computing it in a `const fn` keeps one definition instead of a
//! generated table that silently drifts when the token's parameters change.

/// `N` thresholds growing geometrically from `first` to `u64::MAX` (the last one is exactly `u64::MAX`).
///
/// Each threshold is the previous one times the constant ratio `(u64::MAX / first)^(1/(N-1))`, rounded up and
/// strictly increasing. `first` must be at least 1 and `N` at least 2.
pub const fn geometric_thresholds<const N: usize>(first: u64) -> [u64; N] {
	let mut out = [u64::MAX; N];
	if N < 2 {
		return out;
	}
	let first = if first == 0 { 1 } else { first };
	// ratio = exp(ln(max/first) / (N-1)); `const` floats have no ln/exp, so use the series below.
	let ratio = const_pow_ratio(u64::MAX as f64 / first as f64, (N - 1) as u32);
	let mut value = first as f64;
	let mut i = 0;
	while i < N - 1 {
		let v = value as u64;
		let prev = if i == 0 { 0 } else { out[i - 1] };
		out[i] = if v > prev { v } else { prev + 1 };
		value *= ratio;
		i += 1;
	}
	out[N - 1] = u64::MAX;
	out
}

/// The `n`-th root of `x` (x ≥ 1) by Newton's method, usable in `const` context.
const fn const_pow_ratio(x: f64, n: u32) -> f64 {
	let mut r = 1.0 + (x - 1.0) / n as f64;
	if r > 2.0 {
		r = 2.0;
	}
	let mut iter = 0;
	while iter < 200 {
		// f(r) = r^n - x;  r' = r - f(r) / (n r^(n-1))
		let mut p = 1.0;
		let mut k = 0;
		while k < n - 1 {
			p *= r;
			k += 1;
		}
		let next = r - (p * r - x) / (n as f64 * p);
		iter += 1;
		if next == r {
			break;
		}
		r = next;
	}
	r
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn thresholds_are_strictly_increasing_and_end_at_max() {
		const T: [u64; 200] = geometric_thresholds::<200>(1_000);
		assert_eq!(T[0], 1_000);
		assert_eq!(T[199], u64::MAX);
		for w in T.windows(2) {
			assert!(w[0] < w[1], "{} !< {}", w[0], w[1]);
		}
		// geometric: consecutive ratios are (almost) constant once values are large enough that rounding to
		// integers no longer shows
		let r1 = T[100] as f64 / T[99] as f64;
		let r2 = T[150] as f64 / T[149] as f64;
		assert!((r1 - r2).abs() < 1e-6, "{r1} vs {r2}");
		// and the series really reaches the top: the step before the last is within one ratio of it
		assert!((u64::MAX as f64 / T[198] as f64 - r1).abs() < 1e-3);
	}

	#[test]
	fn root_is_exact_enough() {
		let r = const_pow_ratio(1024.0, 10);
		assert!((r - 2.0).abs() < 1e-12);
	}
}
