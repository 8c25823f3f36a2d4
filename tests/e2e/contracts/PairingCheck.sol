// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

/// @title PairingCheck: exercises the BN254 (alt_bn128) precompiles of EIP-196 and EIP-197.
/// @notice ecAdd (0x06), ecMul (0x07) and ecPairing (0x08) through `staticcall`, as zk-SNARK verifiers
///         (Groth16, PLONK) use them. G1 points are (x, y); G2 points are given in the precompile's order
///         (x_imag, x_real, y_imag, y_real). A failing precompile call (e.g. a point not on the curve)
///         reverts with a reason naming the precompile.
contract PairingCheck {
    /// The BN254 base field modulus p.
    uint256 internal constant P = 21888242871839275222246405745257275088696311157297823662689037894645226208583;

    // The G2 generator of EIP-197, in precompile order.
    uint256 internal constant G2_X_IMAG = 11559732032986387107991004021392285783925812861821192530917403151452391805634;
    uint256 internal constant G2_X_REAL = 10857046999023057135944570762232829481370756359578518086990519993285655852781;
    uint256 internal constant G2_Y_IMAG = 4082367875863433681332203403145435568316851327593401208105741076214120093531;
    uint256 internal constant G2_Y_REAL = 8495653923123431417604973247489272438418190587263600148770280649306958101930;

    /// a + b on G1 (precompile 0x06).
    function ecAdd(uint256[2] memory a, uint256[2] memory b) public view returns (uint256[2] memory r) {
        uint256[4] memory input = [a[0], a[1], b[0], b[1]];
        bool ok;
        assembly {
            ok := staticcall(gas(), 0x06, input, 0x80, r, 0x40)
        }
        require(ok, "ecAdd failed");
    }

    /// s * p on G1 (precompile 0x07).
    function ecMul(uint256[2] memory p, uint256 s) public view returns (uint256[2] memory r) {
        uint256[3] memory input = [p[0], p[1], s];
        bool ok;
        assembly {
            ok := staticcall(gas(), 0x07, input, 0x60, r, 0x40)
        }
        require(ok, "ecMul failed");
    }

    /// Whether e(a1, b1) * e(a2, b2) == 1 (precompile 0x08).
    function verifyPairing(uint256[2] memory a1, uint256[4] memory b1, uint256[2] memory a2, uint256[4] memory b2)
        public
        view
        returns (bool)
    {
        uint256[12] memory input =
            [a1[0], a1[1], b1[0], b1[1], b1[2], b1[3], a2[0], a2[1], b2[0], b2[1], b2[2], b2[3]];
        uint256[1] memory out;
        bool ok;
        assembly {
            ok := staticcall(gas(), 0x08, input, 0x180, out, 0x20)
        }
        require(ok, "ecPairing failed");
        return out[0] == 1;
    }

    function g1() public pure returns (uint256[2] memory) {
        return [uint256(1), uint256(2)];
    }

    function g2() public pure returns (uint256[4] memory) {
        return [G2_X_IMAG, G2_X_REAL, G2_Y_IMAG, G2_Y_REAL];
    }

    function negate(uint256[2] memory p) public pure returns (uint256[2] memory) {
        if (p[0] == 0 && p[1] == 0) return p;
        return [p[0], P - (p[1] % P)];
    }

    /// e(G1, G2) * e(-G1, G2) == 1: must be true.
    function checkKnownPairing() external view returns (bool) {
        return verifyPairing(g1(), g2(), negate(g1()), g2());
    }

    /// e(G1, G2) * e(G1, G2) = e(G1, G2)^2 != 1: must be false.
    function checkWrongPairing() external view returns (bool) {
        return verifyPairing(g1(), g2(), g1(), g2());
    }

    /// e(2·G1, G2) * e(-G1 - G1, G2) == 1, with both doublings done by the precompiles: must be true.
    function checkPairingOfSums() external view returns (bool) {
        uint256[2] memory twoG = ecMul(g1(), 2);
        uint256[2] memory minusTwoG = ecAdd(negate(g1()), negate(g1()));
        return verifyPairing(twoG, g2(), minusTwoG, g2());
    }

    /// ecAdd and ecMul agree: 2·G == G + G, 3·G == (G + G) + G, G + (-G) == O and r·G == O (r the group order).
    function checkAddMulConsistency() external view returns (bool) {
        uint256[2] memory g = g1();
        uint256[2] memory doubled = ecAdd(g, g);
        uint256[2] memory twice = ecMul(g, 2);
        uint256[2] memory tripled = ecAdd(doubled, g);
        uint256[2] memory thrice = ecMul(g, 3);
        uint256[2] memory zero = ecAdd(g, negate(g));
        uint256[2] memory order = ecMul(g, 21888242871839275222246405745257275088548364400416034343698204186575808495617);
        return doubled[0] == twice[0] && doubled[1] == twice[1] && tripled[0] == thrice[0] && tripled[1] == thrice[1]
            && zero[0] == 0 && zero[1] == 0 && order[0] == 0 && order[1] == 0 && !(twice[0] == 1 && twice[1] == 2);
    }
}
