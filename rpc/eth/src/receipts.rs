//! Receipts of extrinsics that called contracts without being Ethereum transactions, for
//! `eth_getTransactionReceipt`.
//!
//! `pallet-revive-eth-rpc` has receipts of Ethereum transactions only. A `revive.call` from Polkadot.js (or a batch,
//! a proxy, any extrinsic during which a contract ran) is as much a contract call, and `cast receipt`, ethers'
//! `getTransactionReceipt` and block explorers should find it by the hash Polkadot.js shows (blake2-256 of the
//! extrinsic). The front therefore keeps an [`Index`] of the signed extrinsics of recent blocks (hash → block and
//! position, two node calls per new block and no runtime call), and when the crate has no receipt for a hash
//! that the index knows, builds one from:
//! - the runtime API `EvmApi_contract_calls` at that block (payer, target, created contract, result, fee): an
//!   extrinsic that called no contract has no receipt;
//! - the block's contract events, as `eth_getLogs` shows them ([`crate::logs`]);
//! - the Ethereum block the crate built for it (its hash and base fee).
//!
//! Gas: a Substrate extrinsic pays a fee, not gas. Its `gasUsed` is that fee divided by the block's gas price
//! (`baseFeePerGas`), rounded up, so `gasUsed × effectiveGasPrice` is what it paid, as for an Ethereum
//! transaction on zg. `cumulativeGasUsed` counts the block's Ethereum transactions first, then the Substrate
//! contract calls in block order (the order their logs are numbered in).
//!
//! Bounds: the index holds at most [`MAX_INDEXED`] extrinsics (the oldest go first); a new eth-rpc process indexes
//! the [`BACKFILL_BLOCKS`] blocks before the best one, then every new block; after a re-organisation it indexes
//! the last [`REORG_DEPTH`] blocks again, and a receipt is given only while its block is still the chain's.

use std::collections::{HashMap, VecDeque};

use serde_json::{json, Value};
use sp_core::{H160, H256, U256};

/// The most extrinsics the index remembers.
pub const MAX_INDEXED: usize = 262_144;
/// Blocks indexed when the process starts, before the best block.
pub const BACKFILL_BLOCKS: u64 = 4_096;
/// When the last block indexed is no longer the chain's, the blocks below it indexed again.
pub const REORG_DEPTH: u64 = 64;
/// Blocks indexed per round at most (the rest in the next rounds).
pub const BLOCKS_PER_ROUND: u64 = 256;

/// A contract call of a block, as `EvmApi_contract_calls` encodes it (`zg_primitives::evm::ContractCall`:
/// extrinsic index, from, to, contract address, success, fee).
pub type ContractCall = (u32, H160, Option<H160>, Option<H160>, bool, u128);

/// Where an extrinsic is: its block (hash and number) and its index there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Location {
	pub block: H256,
	pub number: u64,
	pub index: u32,
}

/// Signed extrinsics of recent blocks by hash, at most `cap` of them.
#[derive(Debug)]
pub struct Index {
	at: HashMap<H256, Location>,
	order: VecDeque<H256>,
	cap: usize,
	/// The last block indexed.
	pub head: Option<(u64, H256)>,
}

impl Index {
	pub fn new(cap: usize) -> Self {
		Self { at: HashMap::new(), order: VecDeque::new(), cap, head: None }
	}

	/// Records `hash` at `location` (a later block's inclusion replaces an earlier one: a re-organisation).
	pub fn insert(&mut self, hash: H256, location: Location) {
		if self.at.insert(hash, location).is_none() {
			self.order.push_back(hash);
		}
		while self.order.len() > self.cap {
			if let Some(old) = self.order.pop_front() {
				self.at.remove(&old);
			}
		}
	}

	pub fn get(&self, hash: &H256) -> Option<Location> {
		self.at.get(hash).copied()
	}

	#[cfg(test)]
	pub fn len(&self) -> usize {
		self.at.len()
	}
}

/// Whether an extrinsic (with its length prefix) is signed: a version-4 or -5 extrinsic with the signed bit, or
/// a version-5 general one. Inherents and Ethereum transactions are bare, and are not indexed.
pub fn is_signed(extrinsic: &[u8]) -> bool {
	match crate::logs::skip_compact(extrinsic).and_then(|body| body.first()) {
		Some(version) => matches!(version, 0x84 | 0x85 | 0x45),
		None => false,
	}
}

/// The gas an extrinsic that paid `fee` used at gas price `price`: the fee in gas, rounded up.
pub fn gas_used(fee: u128, price: U256) -> U256 {
	if price.is_zero() {
		return U256::zero();
	}
	let fee = U256::from(fee);
	let (gas, rest) = fee.div_mod(price);
	if rest.is_zero() {
		gas
	} else {
		gas.saturating_add(U256::one())
	}
}

/// The 2,048-bit bloom filter of logs (Ethereum's `logsBloom`): for the address and each topic of each log, three
/// bits chosen by the first six bytes of its keccak-256 hash.
pub fn bloom(logs: &[Value]) -> [u8; 256] {
	let mut bloom = [0u8; 256];
	let mut add = |bytes: &[u8]| {
		let hash = sp_crypto_hashing::keccak_256(bytes);
		for i in 0..3 {
			let bit = ((usize::from(hash[2 * i]) << 8) | usize::from(hash[2 * i + 1])) & 2047;
			bloom[255 - bit / 8] |= 1 << (bit % 8);
		}
	};
	for log in logs {
		if let Ok(address) = serde_json::from_value::<H160>(log["address"].clone()) {
			add(address.as_bytes());
		}
		for topic in log["topics"].as_array().into_iter().flatten() {
			if let Ok(topic) = serde_json::from_value::<H256>(topic.clone()) {
				add(topic.as_bytes());
			}
		}
	}
	bloom
}

/// What a receipt needs from the block beyond the call.
pub struct BlockFacts {
	/// The Ethereum block's hash (the crate's).
	pub eth_hash: H256,
	pub number: u64,
	/// Its base fee: the gas price of the block.
	pub base_fee: U256,
	/// The gas its Ethereum transactions used.
	pub eth_gas_used: U256,
}

/// The receipt of `calls[position]` (the block's contract calls, in block order), with `logs` (its logs as
/// `eth_getLogs` gives them) and `hash` (the extrinsic's).
pub fn receipt(calls: &[ContractCall], position: usize, hash: H256, block: &BlockFacts, logs: Vec<Value>) -> Option<Value> {
	let &(index, from, to, contract_address, success, fee) = calls.get(position)?;
	let gas = gas_used(fee, block.base_fee);
	let cumulative = calls[..=position]
		.iter()
		.fold(block.eth_gas_used, |sum, call| sum.saturating_add(gas_used(call.5, block.base_fee)));
	let bloom = bloom(&logs);
	Some(json!({
		"transactionHash": hash,
		"transactionIndex": format!("0x{index:x}"),
		"blockHash": block.eth_hash,
		"blockNumber": format!("0x{:x}", block.number),
		"from": from,
		"to": to,
		"contractAddress": contract_address,
		"gasUsed": gas,
		"cumulativeGasUsed": cumulative,
		"effectiveGasPrice": block.base_fee,
		"logs": logs,
		"logsBloom": format!("0x{}", bloom.iter().map(|b| format!("{b:02x}")).collect::<String>()),
		"status": if success { "0x1" } else { "0x0" },
		"type": "0x0",
	}))
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn the_index_keeps_the_newest_extrinsics_up_to_its_cap() {
		let mut index = Index::new(2);
		let at = |n: u64| Location { block: H256::repeat_byte(n as u8), number: n, index: 1 };
		let (a, b, c) = (H256::repeat_byte(0xa), H256::repeat_byte(0xb), H256::repeat_byte(0xc));
		index.insert(a, at(1));
		index.insert(b, at(2));
		// Included again after a re-organisation: the newer place, and still one entry.
		index.insert(a, at(3));
		assert_eq!(index.get(&a), Some(at(3)));
		assert_eq!(index.len(), 2);
		index.insert(c, at(4));
		assert_eq!(index.len(), 2);
		assert_eq!(index.get(&a), None, "the oldest goes first");
		assert_eq!(index.get(&b), Some(at(2)));
		assert_eq!(index.get(&c), Some(at(4)));
	}

	#[test]
	fn only_signed_extrinsics_are_indexed() {
		let with_prefix = |body: &[u8]| [&[(body.len() as u8) << 2][..], body].concat();
		assert!(is_signed(&with_prefix(&[0x84, 0, 1])));
		assert!(is_signed(&with_prefix(&[0x85, 0, 1])));
		assert!(is_signed(&with_prefix(&[0x45, 0, 1])), "a general (version 5) transaction");
		assert!(!is_signed(&with_prefix(&[0x04, 3, 0])), "an inherent or an Ethereum transaction");
		assert!(!is_signed(&with_prefix(&[0x05, 3, 0])));
		assert!(!is_signed(&[]));
		assert!(!is_signed(&[0]));
	}

	#[test]
	fn gas_is_the_fee_at_the_gas_price_rounded_up() {
		let price = U256::from(2_000_000_000u64);
		assert_eq!(gas_used(152_000_000_000_000, price), U256::from(76_000));
		assert_eq!(gas_used(152_000_000_000_001, price), U256::from(76_001));
		assert_eq!(gas_used(1, price), U256::one());
		assert_eq!(gas_used(0, price), U256::zero());
		assert_eq!(gas_used(5, U256::zero()), U256::zero(), "no gas price: no division by zero");
		assert_eq!(gas_used(u128::MAX, U256::one()), U256::from(u128::MAX));
	}

	#[test]
	fn the_bloom_has_the_bits_of_address_and_topics() {
		// Ethereum's bloom of address 0x0…01 alone: bits from keccak-256 of its 20 bytes.
		let address = H160::from_low_u64_be(1);
		let log = json!({ "address": address, "topics": [] });
		let bloom = bloom(&[log]);
		let hash = sp_crypto_hashing::keccak_256(address.as_bytes());
		let mut expected = [0u8; 256];
		for i in 0..3 {
			let bit = ((hash[2 * i] as usize) << 8 | hash[2 * i + 1] as usize) & 2047;
			expected[255 - bit / 8] |= 1 << (bit % 8);
		}
		assert_eq!(bloom, expected);
		assert!((1..=3).contains(&bloom.iter().map(|b| b.count_ones()).sum::<u32>()));
		let topic = H256::repeat_byte(7);
		let with_topic = super::bloom(&[json!({ "address": address, "topics": [topic] })]);
		assert!(with_topic.iter().zip(&bloom).all(|(w, b)| w & b == *b), "a superset of the address's bits");
		assert_eq!(super::bloom(&[]), [0u8; 256]);
	}

	#[test]
	fn a_receipt_has_the_call_its_logs_and_its_gas() {
		let price = U256::from(1_000u64);
		let (alice, token) = (H160::repeat_byte(1), H160::repeat_byte(2));
		let calls: Vec<ContractCall> =
			vec![(2, alice, Some(token), None, true, 10_500), (4, alice, None, Some(H160::repeat_byte(3)), false, 3_000)];
		let block = BlockFacts { eth_hash: H256::repeat_byte(9), number: 16, base_fee: price, eth_gas_used: U256::from(100) };
		let log = json!({ "address": token, "topics": [H256::repeat_byte(4)], "logIndex": "0x0" });
		let first = receipt(&calls, 0, H256::repeat_byte(5), &block, vec![log.clone()]).unwrap();
		assert_eq!(first["status"], "0x1");
		assert_eq!(first["transactionIndex"], "0x2");
		assert_eq!(first["blockNumber"], "0x10");
		assert_eq!(first["from"], json!(alice));
		assert_eq!(first["to"], json!(token));
		assert_eq!(first["contractAddress"], Value::Null);
		assert_eq!(first["gasUsed"], json!(U256::from(11)), "10,500 at 1,000 a gas: 11 gas");
		assert_eq!(first["cumulativeGasUsed"], json!(U256::from(111)));
		assert_eq!(first["logs"], json!([log]));
		assert_ne!(first["logsBloom"], format!("0x{}", "00".repeat(256)));
		let second = receipt(&calls, 1, H256::repeat_byte(6), &block, vec![]).unwrap();
		assert_eq!(second["status"], "0x0");
		assert_eq!(second["to"], Value::Null);
		assert_eq!(second["contractAddress"], json!(H160::repeat_byte(3)));
		assert_eq!(second["cumulativeGasUsed"], json!(U256::from(114)));
		assert_eq!(second["logsBloom"], format!("0x{}", "00".repeat(256)));
		assert!(receipt(&calls, 2, H256::zero(), &block, vec![]).is_none());
	}
}
