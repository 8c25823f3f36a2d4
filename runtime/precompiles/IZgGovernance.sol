// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

/// @title zg governance (OpenGov) for Ethereum accounts and contracts
/// @notice The caller votes on referenda with its own native ZG (wei) through pallet-conviction-voting: an
/// externally owned account that calls this precompile in a transaction, or a contract with its own balance.
/// Every call charges the gas of the pallet call's benchmarked weight; a refused call reverts with
/// `"convictionVoting.<call>: <pallet error>"`.
/// @dev Address: 0x000000000000000000000000000000000A050000
interface IZgGovernance {
    /// @notice Votes aye or nay on referendum `index` with `balance` wei, locked for `conviction`
    /// (0: no lock, 0.1× votes; 1..6: 1×..6× votes, locked 1, 2, 4, 8, 16, 32 enactment periods).
    function vote(uint32 index, bool aye, uint256 balance, uint8 conviction) external;

    /// @notice Removes the caller's vote on referendum `index` (its lock stays until it expires).
    function removeVote(uint32 index) external;
}
