//! Keccak-256 of many short inputs at once: the sector leaves and inner nodes of every storage tree.
//!
//! A file root hashes every 256-byte sector (two Keccak-f[1600] permutations each: 136 bytes absorbed, then 120
//! and the padding) and every pair of child nodes (one permutation of 64 bytes). Each permutation of a single
//! input is a chain of 24 dependent rounds on 25 64-bit lanes, which keeps one core's vector units mostly idle.
//! The inputs of a tree level are independent, so here 8 of them (AVX-512: one input per 64-bit element of a
//! 512-bit register) or 4 (AVX2) go through one permutation together, each element running the standard
//! permutation on its own input. The hashes are byte for byte those of [`sp_crypto_hashing::keccak_256`], which the
//! runtime (wasm, one input at a time) and the tests compare them with.
//!
//! Native builds pick the widest unit the CPU has at run time; other builds, and inputs left over after the last
//! whole group, go through [`keccak_256`] one at a time.

use super::SECTOR_SIZE;
use alloc::vec::Vec;
use sp_core::H256;
use sp_crypto_hashing::keccak_256;

/// The round constants of Keccak-f[1600] (iota), round 0 first.
#[cfg_attr(not(all(feature = "std", target_arch = "x86_64")), allow(dead_code))]
const RC: [u64; 24] = [
	0x0000_0000_0000_0001,
	0x0000_0000_0000_8082,
	0x8000_0000_0000_808A,
	0x8000_0000_8000_8000,
	0x0000_0000_0000_808B,
	0x0000_0000_8000_0001,
	0x8000_0000_8000_8081,
	0x8000_0000_0000_8009,
	0x0000_0000_0000_008A,
	0x0000_0000_0000_0088,
	0x0000_0000_8000_8009,
	0x0000_0000_8000_000A,
	0x0000_0000_8000_808B,
	0x8000_0000_0000_008B,
	0x8000_0000_0000_8089,
	0x8000_0000_0000_8003,
	0x8000_0000_0000_8002,
	0x8000_0000_0000_0080,
	0x0000_0000_0000_800A,
	0x8000_0000_8000_000A,
	0x8000_0000_8000_8081,
	0x8000_0000_0000_8080,
	0x0000_0000_8000_0001,
	0x8000_0000_8000_8008,
];

/// Keccak-f[1600] on `$a: [V; 25]` (lane `x + 5y` at index `x + 5y`), whatever `V` holds per lane: `$xor` and
/// `$xor5` combine lanes, `$rol!(v, n)` rotates each 64-bit element left by the literal `n`, `$chi(a, b, c)` is
/// `a ^ (!b & c)`, `$splat(u64)` puts a round constant in every element. Theta is folded into rho and pi: each
/// lane is combined with its column's parity term as it is rotated into place.
macro_rules! keccak_f1600 {
	($a:ident, $xor:ident, $xor5:ident, $rol:ident, $chi:ident, $splat:ident) => {
		for rc in RC {
			let c0 = $xor5($a[0], $a[5], $a[10], $a[15], $a[20]);
			let c1 = $xor5($a[1], $a[6], $a[11], $a[16], $a[21]);
			let c2 = $xor5($a[2], $a[7], $a[12], $a[17], $a[22]);
			let c3 = $xor5($a[3], $a[8], $a[13], $a[18], $a[23]);
			let c4 = $xor5($a[4], $a[9], $a[14], $a[19], $a[24]);
			let d0 = $xor(c4, $rol!(c1, 1));
			let d1 = $xor(c0, $rol!(c2, 1));
			let d2 = $xor(c1, $rol!(c3, 1));
			let d3 = $xor(c2, $rol!(c4, 1));
			let d4 = $xor(c3, $rol!(c0, 1));
			// rho and pi: lane (x, y) moves to (y, 2x + 3y), rotated by its offset.
			let b0 = $xor($a[0], d0);
			let b1 = $rol!($xor($a[6], d1), 44);
			let b2 = $rol!($xor($a[12], d2), 43);
			let b3 = $rol!($xor($a[18], d3), 21);
			let b4 = $rol!($xor($a[24], d4), 14);
			let b5 = $rol!($xor($a[3], d3), 28);
			let b6 = $rol!($xor($a[9], d4), 20);
			let b7 = $rol!($xor($a[10], d0), 3);
			let b8 = $rol!($xor($a[16], d1), 45);
			let b9 = $rol!($xor($a[22], d2), 61);
			let b10 = $rol!($xor($a[1], d1), 1);
			let b11 = $rol!($xor($a[7], d2), 6);
			let b12 = $rol!($xor($a[13], d3), 25);
			let b13 = $rol!($xor($a[19], d4), 8);
			let b14 = $rol!($xor($a[20], d0), 18);
			let b15 = $rol!($xor($a[4], d4), 27);
			let b16 = $rol!($xor($a[5], d0), 36);
			let b17 = $rol!($xor($a[11], d1), 10);
			let b18 = $rol!($xor($a[17], d2), 15);
			let b19 = $rol!($xor($a[23], d3), 56);
			let b20 = $rol!($xor($a[2], d2), 62);
			let b21 = $rol!($xor($a[8], d3), 55);
			let b22 = $rol!($xor($a[14], d4), 39);
			let b23 = $rol!($xor($a[15], d0), 41);
			let b24 = $rol!($xor($a[21], d1), 2);
			// chi, then iota on lane 0.
			$a[0] = $xor($chi(b0, b1, b2), $splat(rc));
			$a[1] = $chi(b1, b2, b3);
			$a[2] = $chi(b2, b3, b4);
			$a[3] = $chi(b3, b4, b0);
			$a[4] = $chi(b4, b0, b1);
			$a[5] = $chi(b5, b6, b7);
			$a[6] = $chi(b6, b7, b8);
			$a[7] = $chi(b7, b8, b9);
			$a[8] = $chi(b8, b9, b5);
			$a[9] = $chi(b9, b5, b6);
			$a[10] = $chi(b10, b11, b12);
			$a[11] = $chi(b11, b12, b13);
			$a[12] = $chi(b12, b13, b14);
			$a[13] = $chi(b13, b14, b10);
			$a[14] = $chi(b14, b10, b11);
			$a[15] = $chi(b15, b16, b17);
			$a[16] = $chi(b16, b17, b18);
			$a[17] = $chi(b17, b18, b19);
			$a[18] = $chi(b18, b19, b15);
			$a[19] = $chi(b19, b15, b16);
			$a[20] = $chi(b20, b21, b22);
			$a[21] = $chi(b21, b22, b23);
			$a[22] = $chi(b22, b23, b24);
			$a[23] = $chi(b23, b24, b20);
			$a[24] = $chi(b24, b20, b21);
		}
	};
}

/// Keccak-256's rate in 64-bit lanes (136 bytes).
const RATE_LANES: usize = 17;
/// Lanes of a sector: the first block's 17, then 15 more.
const SECTOR_LANES: usize = SECTOR_SIZE / 8;
/// The padding of keccak-256 (the original Keccak's `0x01`, not SHA-3's `0x06`) when the message ends at byte
/// `8 * lane` of a block: `0x01` there, `0x80` in the block's last byte.
const PAD_FIRST: u64 = 0x01;
const PAD_LAST: u64 = 0x80 << 56;

/// How many inputs one permutation hashes on this CPU: 8 (AVX-512), 4 (AVX2) or 1.
pub fn width() -> usize {
	#[cfg(all(feature = "std", target_arch = "x86_64"))]
	{
		if std::is_x86_feature_detected!("avx512f") {
			return 8;
		}
		if std::is_x86_feature_detected!("avx2") {
			return 4;
		}
	}
	1
}

/// Appends keccak-256 of each 256-byte sector of `data` (whose length is a multiple of [`SECTOR_SIZE`]) to `out`.
pub(super) fn hash_sectors(data: &[u8], out: &mut Vec<H256>) {
	out.reserve(data.len() / SECTOR_SIZE);
	#[allow(unused_mut)]
	let mut rest = data;
	#[cfg(all(feature = "std", target_arch = "x86_64"))]
	{
		rest = x86::hash_sectors(rest, out);
	}
	out.extend(rest.chunks_exact(SECTOR_SIZE).map(|sector| H256(keccak_256(sector))));
}

/// Appends keccak-256(`pairs[2i]` ‖ `pairs[2i + 1]`) for each whole pair of `pairs` to `out`: the parents of a
/// tree level (an odd last node is the caller's).
pub(super) fn hash_pairs(pairs: &[H256], out: &mut Vec<H256>) {
	out.reserve(pairs.len() / 2);
	#[allow(unused_mut)]
	let mut rest = pairs;
	#[cfg(all(feature = "std", target_arch = "x86_64"))]
	{
		rest = x86::hash_pairs(rest, out);
	}
	out.extend(rest.chunks_exact(2).map(|pair| super::node(&pair[0], &pair[1])));
}

/// The vector units, picked at run time.
#[cfg(all(feature = "std", target_arch = "x86_64"))]
mod x86 {
	use super::*;
	use core::arch::x86_64::*;

	/// Whole groups of 8 (AVX-512) or 4 (AVX2) sectors of `data` hashed into `out`; returns what is left.
	pub fn hash_sectors<'a>(data: &'a [u8], out: &mut Vec<H256>) -> &'a [u8] {
		if std::is_x86_feature_detected!("avx512f") {
			let (groups, rest) = data.as_chunks::<{ 8 * SECTOR_SIZE }>();
			for group in groups {
				// SAFETY: the CPU has AVX-512F (checked above).
				out.extend(unsafe { sectors_x8(group) });
			}
			rest
		} else if std::is_x86_feature_detected!("avx2") {
			let (groups, rest) = data.as_chunks::<{ 4 * SECTOR_SIZE }>();
			for group in groups {
				// SAFETY: the CPU has AVX2 (checked above).
				out.extend(unsafe { sectors_x4(group) });
			}
			rest
		} else {
			data
		}
	}

	/// Whole groups of 8 or 4 pairs of `pairs` hashed into `out`; returns what is left.
	pub fn hash_pairs<'a>(pairs: &'a [H256], out: &mut Vec<H256>) -> &'a [H256] {
		if std::is_x86_feature_detected!("avx512f") {
			let (groups, rest) = pairs.as_chunks::<16>();
			for group in groups {
				// SAFETY: the CPU has AVX-512F (checked above).
				out.extend(unsafe { pairs_x8(group) });
			}
			rest
		} else if std::is_x86_feature_detected!("avx2") {
			let (groups, rest) = pairs.as_chunks::<8>();
			for group in groups {
				// SAFETY: the CPU has AVX2 (checked above).
				out.extend(unsafe { pairs_x4(group) });
			}
			rest
		} else {
			pairs
		}
	}

	/// The first 32 bytes of each element's state (lanes 0..4, little-endian): the digests.
	fn digests<const N: usize>(lanes: [[u64; N]; 4]) -> [H256; N] {
		core::array::from_fn(|i| {
			let mut digest = [0u8; 32];
			for (word, lane) in digest.chunks_exact_mut(8).zip(&lanes) {
				word.copy_from_slice(&lane[i].to_le_bytes());
			}
			H256(digest)
		})
	}

	macro_rules! rol512 {
		($v:expr, $n:literal) => {
			_mm512_rol_epi64::<$n>($v)
		};
	}

	#[inline]
	#[target_feature(enable = "avx512f")]
	fn xor512(a: __m512i, b: __m512i) -> __m512i {
		_mm512_xor_si512(a, b)
	}

	#[inline]
	#[target_feature(enable = "avx512f")]
	fn xor5_512(a: __m512i, b: __m512i, c: __m512i, d: __m512i, e: __m512i) -> __m512i {
		// 0x96: a ^ b ^ c.
		_mm512_ternarylogic_epi64::<0x96>(_mm512_ternarylogic_epi64::<0x96>(a, b, c), d, e)
	}

	#[inline]
	#[target_feature(enable = "avx512f")]
	fn chi512(a: __m512i, b: __m512i, c: __m512i) -> __m512i {
		// 0xD2: a ^ (!b & c).
		_mm512_ternarylogic_epi64::<0xD2>(a, b, c)
	}

	#[inline]
	#[target_feature(enable = "avx512f")]
	fn splat512(v: u64) -> __m512i {
		_mm512_set1_epi64(v as i64)
	}

	/// Keccak-f[1600] on 8 states at once, one per 64-bit element.
	#[target_feature(enable = "avx512f")]
	fn f1600_x8(a: &mut [__m512i; 25]) {
		keccak_f1600!(a, xor512, xor5_512, rol512, chi512, splat512);
	}

	/// The 4 digest lanes of 8 states.
	#[target_feature(enable = "avx512f")]
	fn digest_lanes_x8(a: &[__m512i; 25]) -> [[u64; 8]; 4] {
		let mut lanes = [[0u64; 8]; 4];
		for (lane, v) in lanes.iter_mut().zip(a) {
			// SAFETY: `lane` is 64 writable bytes; the store is unaligned.
			unsafe { _mm512_storeu_si512(lane.as_mut_ptr().cast(), *v) };
		}
		lanes
	}

	/// Keccak-256 of 8 consecutive sectors. Lane `w` of element `s` is the `w`-th little-endian word of sector
	/// `s`, gathered 256 bytes apart.
	///
	/// # Safety
	/// The CPU must have AVX-512F.
	#[target_feature(enable = "avx512f")]
	unsafe fn sectors_x8(group: &[u8; 8 * SECTOR_SIZE]) -> [H256; 8] {
		let stride = SECTOR_LANES as i64;
		let offsets = _mm512_setr_epi64(0, stride, 2 * stride, 3 * stride, 4 * stride, 5 * stride, 6 * stride, 7 * stride);
		let base = group.as_ptr().cast::<i64>();
		// SAFETY (both loops): word `w < SECTOR_LANES` of sector `s < 8` lies inside `group`; gathers need no
		// alignment.
		let mut a = [_mm512_setzero_si512(); 25];
		for w in 0..RATE_LANES {
			a[w] = unsafe { _mm512_i64gather_epi64::<8>(offsets, base.add(w)) };
		}
		f1600_x8(&mut a);
		for w in RATE_LANES..SECTOR_LANES {
			let word = unsafe { _mm512_i64gather_epi64::<8>(offsets, base.add(w)) };
			a[w - RATE_LANES] = xor512(a[w - RATE_LANES], word);
		}
		a[SECTOR_LANES - RATE_LANES] = xor512(a[SECTOR_LANES - RATE_LANES], splat512(PAD_FIRST));
		a[RATE_LANES - 1] = xor512(a[RATE_LANES - 1], splat512(PAD_LAST));
		f1600_x8(&mut a);
		digests(digest_lanes_x8(&a))
	}

	/// Keccak-256 of 8 pairs of nodes (`group[2i]` ‖ `group[2i + 1]`).
	///
	/// # Safety
	/// The CPU must have AVX-512F.
	#[target_feature(enable = "avx512f")]
	unsafe fn pairs_x8(group: &[H256; 16]) -> [H256; 8] {
		let offsets = _mm512_setr_epi64(0, 8, 16, 24, 32, 40, 48, 56);
		let base = group.as_ptr().cast::<i64>();
		let mut a = [_mm512_setzero_si512(); 25];
		for (w, lane) in a.iter_mut().take(8).enumerate() {
			// SAFETY: word `w < 8` of pair `p < 8` (64 bytes each) lies inside `group`.
			*lane = unsafe { _mm512_i64gather_epi64::<8>(offsets, base.add(w)) };
		}
		a[8] = splat512(PAD_FIRST);
		a[RATE_LANES - 1] = splat512(PAD_LAST);
		f1600_x8(&mut a);
		digests(digest_lanes_x8(&a))
	}

	macro_rules! rol256 {
		($v:expr, $n:literal) => {{
			let v = $v;
			_mm256_or_si256(_mm256_slli_epi64::<$n>(v), _mm256_srli_epi64::<{ 64 - $n }>(v))
		}};
	}

	#[inline]
	#[target_feature(enable = "avx2")]
	fn xor256(a: __m256i, b: __m256i) -> __m256i {
		_mm256_xor_si256(a, b)
	}

	#[inline]
	#[target_feature(enable = "avx2")]
	fn xor5_256(a: __m256i, b: __m256i, c: __m256i, d: __m256i, e: __m256i) -> __m256i {
		xor256(xor256(xor256(a, b), xor256(c, d)), e)
	}

	#[inline]
	#[target_feature(enable = "avx2")]
	fn chi256(a: __m256i, b: __m256i, c: __m256i) -> __m256i {
		// andnot(b, c) = !b & c.
		_mm256_xor_si256(a, _mm256_andnot_si256(b, c))
	}

	#[inline]
	#[target_feature(enable = "avx2")]
	fn splat256(v: u64) -> __m256i {
		_mm256_set1_epi64x(v as i64)
	}

	/// Keccak-f[1600] on 4 states at once.
	#[target_feature(enable = "avx2")]
	fn f1600_x4(a: &mut [__m256i; 25]) {
		keccak_f1600!(a, xor256, xor5_256, rol256, chi256, splat256);
	}

	#[target_feature(enable = "avx2")]
	fn digest_lanes_x4(a: &[__m256i; 25]) -> [[u64; 4]; 4] {
		let mut lanes = [[0u64; 4]; 4];
		for (lane, v) in lanes.iter_mut().zip(a) {
			// SAFETY: `lane` is 32 writable bytes; the store is unaligned.
			unsafe { _mm256_storeu_si256(lane.as_mut_ptr().cast(), *v) };
		}
		lanes
	}

	/// Keccak-256 of 4 consecutive sectors.
	///
	/// # Safety
	/// The CPU must have AVX2.
	#[target_feature(enable = "avx2")]
	unsafe fn sectors_x4(group: &[u8; 4 * SECTOR_SIZE]) -> [H256; 4] {
		let stride = SECTOR_LANES as i64;
		let offsets = _mm256_setr_epi64x(0, stride, 2 * stride, 3 * stride);
		let base = group.as_ptr().cast::<i64>();
		// SAFETY (both loops): word `w < SECTOR_LANES` of sector `s < 4` lies inside `group`.
		let mut a = [_mm256_setzero_si256(); 25];
		for w in 0..RATE_LANES {
			a[w] = unsafe { _mm256_i64gather_epi64::<8>(base.add(w), offsets) };
		}
		f1600_x4(&mut a);
		for w in RATE_LANES..SECTOR_LANES {
			let word = unsafe { _mm256_i64gather_epi64::<8>(base.add(w), offsets) };
			a[w - RATE_LANES] = xor256(a[w - RATE_LANES], word);
		}
		a[SECTOR_LANES - RATE_LANES] = xor256(a[SECTOR_LANES - RATE_LANES], splat256(PAD_FIRST));
		a[RATE_LANES - 1] = xor256(a[RATE_LANES - 1], splat256(PAD_LAST));
		f1600_x4(&mut a);
		digests(digest_lanes_x4(&a))
	}

	/// Keccak-256 of 4 pairs of nodes.
	///
	/// # Safety
	/// The CPU must have AVX2.
	#[target_feature(enable = "avx2")]
	unsafe fn pairs_x4(group: &[H256; 8]) -> [H256; 4] {
		let offsets = _mm256_setr_epi64x(0, 8, 16, 24);
		let base = group.as_ptr().cast::<i64>();
		let mut a = [_mm256_setzero_si256(); 25];
		for (w, lane) in a.iter_mut().take(8).enumerate() {
			// SAFETY: word `w < 8` of pair `p < 4` lies inside `group`.
			*lane = unsafe { _mm256_i64gather_epi64::<8>(base.add(w), offsets) };
		}
		a[8] = splat256(PAD_FIRST);
		a[RATE_LANES - 1] = splat256(PAD_LAST);
		f1600_x4(&mut a);
		digests(digest_lanes_x4(&a))
	}

	#[cfg(test)]
	mod tests {
		use super::*;

		fn bytes(len: usize, seed: u8) -> Vec<u8> {
			(0..len).map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed) ^ (i >> 8) as u8).collect()
		}

		#[test]
		fn every_vector_unit_gives_keccak_256() {
			let data = bytes(8 * SECTOR_SIZE, 7);
			let want: Vec<H256> = data.chunks(SECTOR_SIZE).map(|s| H256(keccak_256(s))).collect();
			let nodes: Vec<H256> = data.chunks(32).take(16).map(H256::from_slice).collect();
			let want_pairs: Vec<H256> = nodes.chunks(2).map(|p| super::super::super::node(&p[0], &p[1])).collect();
			if std::is_x86_feature_detected!("avx512f") {
				let group: &[u8; 8 * SECTOR_SIZE] = data.as_slice().try_into().unwrap();
				assert_eq!(unsafe { sectors_x8(group) }.to_vec(), want);
				let pairs: &[H256; 16] = nodes.as_slice().try_into().unwrap();
				assert_eq!(unsafe { pairs_x8(pairs) }.to_vec(), want_pairs);
			}
			if std::is_x86_feature_detected!("avx2") {
				for half in 0..2 {
					let group: &[u8; 4 * SECTOR_SIZE] =
						data[half * 4 * SECTOR_SIZE..][..4 * SECTOR_SIZE].try_into().unwrap();
					assert_eq!(unsafe { sectors_x4(group) }.to_vec(), want[half * 4..][..4]);
					let pairs: &[H256; 8] = nodes[half * 8..][..8].try_into().unwrap();
					assert_eq!(unsafe { pairs_x4(pairs) }.to_vec(), want_pairs[half * 4..][..4]);
				}
			}
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	/// The permutation macro on plain `u64`s, one state at a time: checks the round itself, apart from any vector
	/// unit.
	fn f1600(a: &mut [u64; 25]) {
		fn xor(a: u64, b: u64) -> u64 {
			a ^ b
		}
		fn xor5(a: u64, b: u64, c: u64, d: u64, e: u64) -> u64 {
			a ^ b ^ c ^ d ^ e
		}
		fn chi(a: u64, b: u64, c: u64) -> u64 {
			a ^ (!b & c)
		}
		fn splat(v: u64) -> u64 {
			v
		}
		macro_rules! rol {
			($v:expr, $n:literal) => {
				u64::rotate_left($v, $n)
			};
		}
		keccak_f1600!(a, xor, xor5, rol, chi, splat);
	}

	fn keccak_256_of_sector(sector: &[u8]) -> [u8; 32] {
		let word = |w: usize| u64::from_le_bytes(sector[8 * w..][..8].try_into().unwrap());
		let mut a = [0u64; 25];
		for w in 0..RATE_LANES {
			a[w] = word(w);
		}
		f1600(&mut a);
		for w in RATE_LANES..SECTOR_LANES {
			a[w - RATE_LANES] ^= word(w);
		}
		a[SECTOR_LANES - RATE_LANES] ^= PAD_FIRST;
		a[RATE_LANES - 1] ^= PAD_LAST;
		f1600(&mut a);
		let mut out = [0u8; 32];
		for (chunk, lane) in out.chunks_exact_mut(8).zip(a) {
			chunk.copy_from_slice(&lane.to_le_bytes());
		}
		out
	}

	#[test]
	fn the_round_gives_keccak_256() {
		for seed in 0..4u8 {
			let sector: Vec<u8> = (0..SECTOR_SIZE).map(|i| (i as u8) ^ seed.wrapping_mul(77)).collect();
			assert_eq!(keccak_256_of_sector(&sector), keccak_256(&sector));
		}
	}

	#[test]
	fn batches_and_leftovers_give_keccak_256_in_order() {
		// 0..=19 sectors: groups of 8 and 4 and what is left over, in every combination.
		for sectors in 0..=19usize {
			let data: Vec<u8> = (0..sectors * SECTOR_SIZE).map(|i| (i % 251) as u8 ^ (i / 4096) as u8).collect();
			let mut got = Vec::new();
			hash_sectors(&data, &mut got);
			let want: Vec<H256> = data.chunks(SECTOR_SIZE).map(|s| H256(keccak_256(s))).collect();
			assert_eq!(got, want, "{sectors} sectors");

			let nodes: Vec<H256> = want.iter().map(|h| H256(keccak_256(h.as_bytes()))).collect();
			let mut got = Vec::new();
			hash_pairs(&nodes, &mut got);
			let want: Vec<H256> = nodes.chunks_exact(2).map(|p| super::super::node(&p[0], &p[1])).collect();
			assert_eq!(got, want, "{} nodes", nodes.len());
		}
	}
}
