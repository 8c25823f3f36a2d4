// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

/// @title zg storage for Ethereum accounts and contracts
/// @notice Orders and reads files of zg's storage network (pallet-zg-storage). A file is uploaded to a provider's
/// node first (`zg-node storage upload`, or the node's `zgStorage_upload*` RPC); `submitFile` then pays for it from
/// the caller's balance. A refused call reverts with `"storage.<call>: <pallet error>"`.
/// @dev Address: 0x000000000000000000000000000000000a010000
interface IZgStorage {
    /// @notice Orders storage of the file with 0G file root `root` and `size` bytes for `periods` rounds, encoded by
    /// the provider `encoder` (its 32-byte account id). The fee (`fee(size, periods)`) is held from the caller.
    function submitFile(bytes32 root, uint64 size, uint32 periods, bytes32 encoder) external;

    /// @notice The fee of storing `size` bytes for `periods` rounds, in wei. Reverts for a size the chain does not take.
    function fee(uint64 size, uint32 periods) external view returns (uint256);

    /// @notice The chain's record of a file: `exists` is false for a root it does not know. `state`: 0 pending
    /// (ordered, not yet encoded), 1 encoded, 2 stored (every shard acknowledged). `providers`: the account ids of
    /// the providers holding its shards. Rounds `[startRound, endRound)` are paid for.
    function file(bytes32 root)
        external
        view
        returns (
            bool exists,
            uint8 state,
            uint64 size,
            bytes32 owner,
            bytes32[] memory providers,
            uint256 fee,
            uint64 startRound,
            uint64 endRound
        );
}
