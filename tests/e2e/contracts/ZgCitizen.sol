// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

import "precompiles/IZgStaking.sol";
import "precompiles/IZgGovernance.sol";
import "precompiles/IZgCompute.sol";
import "precompiles/IZgDa.sol";
import "precompiles/IZgStorage.sol";

/// A contract that stakes and votes with its own balance through zg's precompiles, catches their refusals and
/// reports them.
contract ZgCitizen {
    IZgStaking constant STAKING = IZgStaking(0x000000000000000000000000000000000A040000);
    IZgGovernance constant GOVERNANCE = IZgGovernance(0x000000000000000000000000000000000A050000);
    IZgCompute constant COMPUTE = IZgCompute(0x000000000000000000000000000000000a030000);
    IZgDa constant DA = IZgDa(0x000000000000000000000000000000000A020000);
    IZgStorage constant STORAGE = IZgStorage(0x000000000000000000000000000000000a010000);

    event JobOrdered(uint64 id);

    event Refused(string reason);

    receive() external payable {}

    /// Bonds `value` of this contract's balance and nominates `validators`.
    function stake(uint256 value, bytes32[] calldata validators) external {
        STAKING.bond(value);
        STAKING.nominate(validators);
    }

    /// This contract's active bond, as the precompile reports it.
    function bonded() external view returns (uint256) {
        return STAKING.bonded(address(this));
    }

    /// Votes with this contract's balance.
    function vote(uint32 index, bool aye, uint256 balance, uint8 conviction) external {
        GOVERNANCE.vote(index, aye, balance, conviction);
    }

    /// Tries to bond `value`: a refusal is caught (a revert with a reason, not a trap) and emitted.
    function tryBond(uint256 value) external returns (bool) {
        try STAKING.bond(value) {
            return true;
        } catch Error(string memory reason) {
            emit Refused(reason);
            return false;
        }
    }

    /// Pays for a compute job from this contract's balance: deposits `maxPrice` into its ledger and submits.
    function orderJob(uint32 kind, bytes calldata input, uint256 maxPrice, uint32 deadline) external returns (uint64 id) {
        COMPUTE.deposit(maxPrice);
        id = COMPUTE.submitJob(kind, input, maxPrice, deadline);
        emit JobOrdered(id);
    }

    /// Whether a job of this contract is done, and its output: what a contract acts on.
    function jobResult(uint64 id) external view returns (bool done, bytes memory output) {
        (bool exists, string memory status, bytes memory out,,,,) = COMPUTE.job(id);
        done = exists && keccak256(bytes(status)) == keccak256("done");
        output = out;
    }

    /// Orders storage of a file, paid from this contract's balance; returns the fee the chain took.
    function orderFile(bytes32 root, uint64 size, uint32 periods, bytes32 encoder) external returns (uint256 fee) {
        STORAGE.submitFile(root, size, periods, encoder);
        bool exists;
        (exists,,,,, fee,,) = STORAGE.file(root);
        require(exists, "the file was not recorded");
    }

    /// A blob's DA status (0 unknown, 1 pending, 2 certified, 3 unavailable).
    function blobStatus(uint64 blobId) external view returns (uint8) {
        return DA.status(blobId);
    }

    /// Accepts a rollup's data only once zg DA certified its blob.
    function requireCertified(uint64 blobId) external view returns (bytes32 dataRoot) {
        require(DA.isCertified(blobId), "blob not certified");
        (,,,, dataRoot,,,) = DA.blob(blobId);
    }

    /// Calls `bond` from a static context: the precompile refuses to change state there.
    function staticBond(uint256 value) external view returns (bool ok, bytes memory data) {
        return address(STAKING).staticcall(abi.encodeCall(IZgStaking.bond, (value)));
    }
}
