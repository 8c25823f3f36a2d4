// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

/// @title Precompiles: calls the standard Ethereum precompiles through `staticcall` and returns their output,
///        so the tests can compare it with values computed off chain.
contract Precompiles {
    /// Calls precompile `addr` with `input`; reverts with `what` if the call fails.
    function _call(address addr, bytes memory input, string memory what) private view returns (bytes memory) {
        (bool ok, bytes memory out) = addr.staticcall(input);
        require(ok, what);
        return out;
    }

    /// ecrecover (0x01): the signer of `hash`, or the zero address if the signature is invalid.
    function recover(bytes32 hash, uint8 v, bytes32 r, bytes32 s) external view returns (address) {
        bytes memory out = _call(address(0x01), abi.encode(hash, uint256(v), r, s), "ecrecover failed");
        if (out.length == 0) return address(0);
        return abi.decode(out, (address));
    }

    /// sha256 (0x02).
    function sha256Of(bytes calldata data) external view returns (bytes32) {
        return abi.decode(_call(address(0x02), data, "sha256 failed"), (bytes32));
    }

    /// ripemd160 (0x03): the 20-byte hash (the precompile left-pads it to 32 bytes).
    function ripemd160Of(bytes calldata data) external view returns (bytes20) {
        bytes32 word = abi.decode(_call(address(0x03), data, "ripemd160 failed"), (bytes32));
        return bytes20(uint160(uint256(word)));
    }

    /// identity (0x04): returns `data` unchanged.
    function identity(bytes calldata data) external view returns (bytes memory) {
        return _call(address(0x04), data, "identity failed");
    }

    /// modexp (0x05, EIP-198): base^exponent mod modulus, as many bytes as the modulus has.
    function modexp(bytes calldata base, bytes calldata exponent, bytes calldata modulus)
        external
        view
        returns (bytes memory)
    {
        bytes memory input =
            abi.encodePacked(uint256(base.length), uint256(exponent.length), uint256(modulus.length), base, exponent, modulus);
        return _call(address(0x05), input, "modexp failed");
    }

    /// blake2f (0x09, EIP-152): `input` is the 213-byte rounds || h || m || t || f encoding; returns the new h.
    function blake2f(bytes calldata input) external view returns (bytes memory) {
        return _call(address(0x09), input, "blake2f failed");
    }

    /// Solidity's own builtins, which compile to the same precompile calls: they must agree with the above.
    function builtins(bytes calldata data) external pure returns (bytes32 sha, bytes20 ripemd) {
        return (sha256(data), ripemd160(data));
    }
}
