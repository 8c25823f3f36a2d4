// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

/// @title zg data availability for contracts
/// @notice Reads blobs of zg's data-availability layer (pallet-zg-da): whether a blob is certified (signers holding
/// at least two thirds of its committee's slots attested that they keep their columns), and its commitments (one
/// 48-byte KZG commitment per row of 4,096 field elements, EIP-4844's format; any Ethereum KZG library checks a
/// sampled cell against them).
/// @dev Address: 0x000000000000000000000000000000000A020000
interface IZgDa {
    /// @notice 0: unknown (never submitted, or expired), 1: pending, 2: certified, 3: unavailable.
    function status(uint64 blobId) external view returns (uint8);

    /// @notice Whether the blob is certified and not expired.
    function isCertified(uint64 blobId) external view returns (bool);

    /// @notice A blob's record; `exists` is false for an unknown blob.
    function blob(uint64 blobId)
        external
        view
        returns (
            bool exists,
            uint8 status,
            uint64 namespace,
            uint64 size,
            bytes32 dataRoot,
            uint32 attestedSlots,
            uint32 slots,
            uint32 expiresAt
        );

    /// @notice The blob's row commitments (48 bytes each); empty for an unknown blob.
    function commitments(uint64 blobId) external view returns (bytes[] memory);
}
