// Known-answer vectors for the Ethereum precompiles, computed off chain, that evm.test.mjs compares
// with what contracts on zg get from the precompiles.

import crypto from 'node:crypto';

import { getBytes, hexlify, keccak256, ripemd160, toUtf8Bytes } from 'ethers';

// ---------------------------------------------------------------------------------------------
// BN254 (alt_bn128, EIP-196/197)

/** The base field modulus p of BN254. */
export const BN254_P = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;

/** The order r of BN254's G1 and G2. */
export const BN254_R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

/** The G1 generator. */
export const G1 = [1n, 2n];

/** The G2 generator of EIP-197 in the precompile's order: (x_imag, x_real, y_imag, y_real). */
export const G2 = [
  11559732032986387107991004021392285783925812861821192530917403151452391805634n,
  10857046999023057135944570762232829481370756359578518086990519993285655852781n,
  4082367875863433681332203403145435568316851327593401208105741076214120093531n,
  8495653923123431417604973247489272438418190587263600148770280649306958101930n,
];

export const G1_NEG = [1n, BN254_P - 2n];

/** 2·G1 and 3·G1. */
export const G1_DOUBLE = [
  1368015179489954701390400359078579693043519447331113978918064868415326638035n,
  9918110051302171585080402603319702774565515993150576347155970296011118125764n,
];
export const G1_TRIPLE = [
  3353031288059533942658390886683067124040920775575537747144343083137631628272n,
  19321533766552368860946552437480515441416830039777911637913418824951667761761n,
];

/**
 * A non-trivial pairing equation, computed with @noble/curves' bn254 (a = 12345678901234567890,
 * b = 98765432109876543210): A = a·G1, B = b·G2 (precompile order), C = -(a·b)·G1, so
 * e(A, B) · e(C, G2) = 1; C_WRONG = -(a·b + 1)·G1 makes the same product ≠ 1.
 */
export const PAIRING = {
  A: [
    9446588876024888184624540717998613301683471481746338949439543130085922027125n,
    6073322166562111481347570502987929177859029295120842570062250051139695930673n,
  ],
  B: [
    14088248565199010883292352535746484818916983334238576577626243862483759732487n,
    16467774958069064081073389143330030676046775138885409654498276817594598248953n,
    21165903390451603064241755366391775543832363645138874855698574995479298074751n,
    16379291780550355085851732441965554139401888015870244065791744070438682761170n,
  ],
  C: [
    9842129818718241237180338535575342708359786981857934153504054971858112869921n,
    457488324624172443704671733424781635441376591019688034100261074239376717814n,
  ],
  C_WRONG: [
    5479618888141976509127843903522534911266546702028647620852418189017216165861n,
    5530916203306334411678068421264238947421948030692810701930440493196170982466n,
  ],
};

// ---------------------------------------------------------------------------------------------
// Hashes

export const sha256Hex = (bytes) => `0x${crypto.createHash('sha256').update(getBytes(bytes)).digest('hex')}`;

/** RIPEMD-160 (ethers' implementation, independent of the OpenSSL build). */
export const ripemd160Hex = (bytes) => ripemd160(getBytes(bytes));

// ---------------------------------------------------------------------------------------------
// blake2f (EIP-152)

/** BLAKE2b's initialisation vector. */
const BLAKE2B_IV = [
  0x6a09e667f3bcc908n, 0xbb67ae8584caa73bn, 0x3c6ef372fe94f82bn, 0xa54ff53a5f1d36f1n,
  0x510e527fade682d1n, 0x9b05688c2b3e6c1fn, 0x1f83d9abfb41bd6bn, 0x5be0cd19137e2179n,
];

const le64 = (x) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(x);
  return b;
};

/**
 * The 213-byte blake2f input `rounds (4, BE) || h (64) || m (128) || t (16) || f (1)` for hashing a
 * single block `message` (≤ 128 bytes) with BLAKE2b-512, unkeyed.
 */
export function blake2fInput(message, rounds = 12) {
  const msg = Buffer.from(getBytes(message));
  if (msg.length > 128) throw new Error('one block only');
  const rounds4 = Buffer.alloc(4);
  rounds4.writeUInt32BE(rounds);
  // Parameter block: digest length 64, no key, fanout 1, depth 1.
  const h = BLAKE2B_IV.map((v, i) => le64(i === 0 ? v ^ 0x01010040n : v));
  const m = Buffer.concat([msg, Buffer.alloc(128 - msg.length)]);
  const t = Buffer.concat([le64(BigInt(msg.length)), le64(0n)]);
  return hexlify(Buffer.concat([rounds4, ...h, m, t, Buffer.from([1])]));
}

/** EIP-152 test vector 5: BLAKE2b-512 of "abc" with 12 rounds, final block. */
export const BLAKE2F_VECTOR_5 = {
  input: '0x0000000c48c9bdf267e6096a3ba7ca8485ae67bb2bf894fe72f36e3cf1361d5f3af54fa5d182e6ad7f520e511f6c3e2b8c68059b6bbd41fbabd9831f79217e1319cde05b'
    + '6162630000000000000000000000000000000000000000000000000000000000'
    + '0000000000000000000000000000000000000000000000000000000000000000'
    + '0000000000000000000000000000000000000000000000000000000000000000'
    + '0000000000000000000000000000000000000000000000000000000000000000'
    + '0300000000000000000000000000000001',
  output: '0xba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923',
};

/** BLAKE2b-512 of `message` as computed by OpenSSL: what blake2f over `blake2fInput(message)` must return. */
export const blake2b512Hex = (message) => `0x${crypto.createHash('blake2b512').update(getBytes(message)).digest('hex')}`;

// ---------------------------------------------------------------------------------------------
// modexp (EIP-198)

export function modPow(base, exponent, modulus) {
  if (modulus === 0n) return 0n;
  let result = 1n % modulus;
  let b = base % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}

const toBytes32 = (x) => `0x${x.toString(16).padStart(64, '0')}`;

/**
 * modexp cases: `base`, `exponent`, `modulus` as 0x hex (their byte lengths are part of the input) and the
 * expected output (as many bytes as the modulus).
 */
export function modexpCases() {
  const secp256k1P = 2n ** 256n - 2n ** 32n - 977n;
  const p25519 = 2n ** 255n - 19n;
  const base = BigInt(keccak256(toUtf8Bytes('zg modexp')));
  return [
    {
      what: "Fermat: 3^(p-1) mod p = 1 (EIP-198's first example)",
      base: toBytes32(3n), exponent: toBytes32(secp256k1P - 1n), modulus: toBytes32(secp256k1P),
      expected: toBytes32(1n),
    },
    {
      what: 'keccak("zg modexp")^65537 mod 2^255-19',
      base: toBytes32(base), exponent: '0x010001', modulus: toBytes32(p25519),
      expected: toBytes32(modPow(base, 65537n, p25519)),
    },
    {
      what: '7^(2^64+1) mod 1000000007 (a 4-byte modulus, a 9-byte exponent)',
      base: '0x07', exponent: '0x010000000000000001', modulus: '0x3b9aca07',
      expected: `0x${modPow(7n, 2n ** 64n + 1n, 1000000007n).toString(16).padStart(8, '0')}`,
    },
  ];
}
