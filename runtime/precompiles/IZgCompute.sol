// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

/// @title zg compute market for Ethereum accounts and contracts
/// @notice Submits jobs to zg's GPU compute market (pallet-zg-compute) and reads their results. The caller pays from
/// its compute ledger (`deposit` first): a job's price is locked in escrow until its result is accepted. A refused
/// call reverts with `"compute.<call>: <pallet error>"`.
/// @dev Address: 0x000000000000000000000000000000000a030000
interface IZgCompute {
    /// @notice Moves `amount` wei of the caller's balance into its compute ledger (held), which pays for its jobs.
    function deposit(uint256 amount) external;

    /// @notice Moves `amount` wei of the ledger's free part back to the caller's balance.
    function withdraw(uint256 amount) external;

    /// @notice The compute ledger of `who` (its Ethereum address): free for new jobs, and locked in running jobs' escrow.
    function ledger(address who) external view returns (uint256 free, uint256 locked);

    /// @notice Submits a job of `kind` with `input` inline (at most 4,096 bytes), paying at most `maxPrice` wei from
    /// the caller's ledger, due within `deadline` blocks. Returns the job's id.
    function submitJob(uint32 kind, bytes calldata input, uint256 maxPrice, uint32 deadline) external returns (uint64);

    /// @notice As `submitJob`, with the input a file in zg storage (its root).
    function submitStoredJob(uint32 kind, bytes32 inputRoot, uint256 maxPrice, uint32 deadline)
        external
        returns (uint64);

    /// @notice A job: `status` is "assigned", "attested", "disputed", "done" or "failed-…"; `output` is its result
    /// once attested; `proven` is true when a proof of the output was verified on chain. `exists` is false for an
    /// unknown job.
    function job(uint64 id)
        external
        view
        returns (
            bool exists,
            string memory status,
            bytes memory output,
            bool proven,
            bytes32 provider,
            uint256 price,
            uint32 deadline
        );
}
