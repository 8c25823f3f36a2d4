// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

/// @title zg staking for Ethereum accounts and contracts
/// @notice The caller stakes its own native ZG (wei) through pallet-staking: an externally owned account that
/// calls this precompile in a transaction, or a contract for its own balance. Rewards go to the caller's free
/// balance. Every call charges the gas of the pallet call's benchmarked weight; a refused call reverts with
/// `"staking.<call>: <pallet error>"`.
/// @dev Address: 0x000000000000000000000000000000000A040000
interface IZgStaking {
    /// @notice Bonds `value` wei of the caller's free balance (at least the chain's minimum bond).
    function bond(uint256 value) external;

    /// @notice Adds `value` wei to the caller's bond.
    function bondExtra(uint256 value) external;

    /// @notice Starts unbonding `value` wei; it is released after the unbonding period.
    function unbond(uint256 value) external;

    /// @notice Nominates up to 16 validators, by their 32-byte account ids (stash accounts).
    function nominate(bytes32[] calldata validators) external;

    /// @notice Stops nominating (the bond stays).
    function chill() external;

    /// @notice The active bond of `who` (its Ethereum address), in wei; 0 if it has none.
    function bonded(address who) external view returns (uint256);
}
