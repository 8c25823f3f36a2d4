//! Logs of contracts called by Substrate extrinsics, for `eth_getLogs`.
//!
//! `pallet-revive-eth-rpc` indexes the logs of Ethereum transactions only. A contract called by any other extrinsic
//! (`revive.call` from Polkadot.js, a batch, a proxy) emits `Revive.ContractEmitted` events that it never shows.
//! The front adds them: for each block of the query it reads the block's contract events through the runtime API
//! `EvmApi_contract_events` (`zg_primitives::evm`), drops those of Ethereum transactions (extrinsics whose call
//! starts with `EvmApi_eth_transact_prefix`: the crate has their logs already), and gives the rest the fields of
//! an Ethereum log:
//! - `transactionHash`: the extrinsic's hash (blake2-256 of its bytes, as Polkadot.js shows it);
//! - `transactionIndex`: the extrinsic's index in the block;
//! - `logIndex`: after the block's Ethereum logs, in the order the events were emitted.
//!
//! A query spans at most [`MAX_BLOCKS`] blocks (each block is one runtime call, more when it has such events);
//! a longer one is refused with the error many Ethereum RPC providers give (`-32005`).

use serde_json::{json, Value};
use sp_core::{H160, H256};

/// The most blocks one `eth_getLogs` may span.
pub const MAX_BLOCKS: u64 = 2_048;
/// The error code of a query over too many blocks (EIP-1474's "limit exceeded").
pub const LIMIT_EXCEEDED: i32 = -32005;

/// One contract event of a block, as `EvmApi_contract_events` encodes it (`zg_primitives::evm::ContractEvent`:
/// extrinsic index, contract, topics, data).
pub type ContractEvent = (u32, H160, Vec<H256>, Vec<u8>);

/// An `eth_getLogs` filter's address and topic conditions.
#[derive(Debug, Default, PartialEq)]
pub struct Filter {
	/// Any of these addresses (none: any address).
	pub addresses: Vec<H160>,
	/// Per position, any of these topics (`None`: any topic there).
	pub topics: Vec<Option<Vec<H256>>>,
}

impl Filter {
	/// The address and topic conditions of a filter object; `Err` for a malformed one.
	pub fn parse(filter: &Value) -> Result<Self, String> {
		let one_or_many = |v: &Value| -> Result<Vec<Value>, String> {
			match v {
				Value::Null => Ok(Vec::new()),
				Value::Array(items) => Ok(items.clone()),
				other => Ok(vec![other.clone()]),
			}
		};
		let addresses = one_or_many(filter.get("address").unwrap_or(&Value::Null))?
			.into_iter()
			.map(|a| serde_json::from_value::<H160>(a).map_err(|e| format!("address: {e}")))
			.collect::<Result<_, _>>()?;
		let topics = match filter.get("topics").unwrap_or(&Value::Null) {
			Value::Null => Vec::new(),
			Value::Array(positions) => positions
				.iter()
				.map(|position| match position {
					Value::Null => Ok(None),
					other => one_or_many(other)?
						.into_iter()
						.map(|t| serde_json::from_value::<H256>(t).map_err(|e| format!("topic: {e}")))
						.collect::<Result<Vec<_>, _>>()
						.map(Some),
				})
				.collect::<Result<_, String>>()?,
			_ => return Err("topics: not an array".into()),
		};
		Ok(Self { addresses, topics })
	}

	/// Whether a log of `address` with `topics` passes.
	pub fn matches(&self, address: &H160, topics: &[H256]) -> bool {
		if !self.addresses.is_empty() && !self.addresses.contains(address) {
			return false;
		}
		self.topics.iter().enumerate().all(|(i, wanted)| match wanted {
			None => true,
			Some(any) => any.is_empty() || topics.get(i).is_some_and(|t| any.contains(t)),
		})
	}
}

/// Whether an extrinsic (its bytes, with their length prefix) is an Ethereum transaction: a bare extrinsic (version
/// 4 or 5 without the signed bit) whose call starts with `prefix` (`Revive.eth_transact`).
pub fn is_eth_transact(extrinsic: &[u8], prefix: [u8; 2]) -> bool {
	let Some(body) = skip_compact(extrinsic) else { return false };
	match body {
		[version, rest @ ..] if *version == 0x04 || *version == 0x05 => rest.starts_with(&prefix),
		_ => false,
	}
}

/// The bytes after a SCALE compact length prefix.
pub(crate) fn skip_compact(bytes: &[u8]) -> Option<&[u8]> {
	let first = *bytes.first()?;
	let len = match first & 0b11 {
		0 => 1,
		1 => 2,
		2 => 4,
		_ => 1 + usize::from(first >> 2) + 4,
	};
	bytes.get(len..)
}

/// The Ethereum logs of a block's contract events that no Ethereum transaction caused and that pass `filter`.
/// `extrinsics` are the block's extrinsics; `first_log_index` is the number of the block's Ethereum logs.
pub fn substrate_logs(
	events: &[ContractEvent],
	extrinsics: &[Vec<u8>],
	prefix: [u8; 2],
	block_number: u64,
	block_hash: H256,
	first_log_index: u64,
	filter: &Filter,
) -> Vec<Value> {
	let mut index = first_log_index;
	let mut logs = Vec::new();
	for (extrinsic, contract, topics, data) in events {
		let Some(bytes) = extrinsics.get(*extrinsic as usize) else { continue };
		if is_eth_transact(bytes, prefix) {
			continue;
		}
		let log_index = index;
		index += 1;
		if !filter.matches(contract, topics) {
			continue;
		}
		logs.push(json!({
			"address": contract,
			"topics": topics,
			"data": format!("0x{}", hex(data)),
			"blockNumber": format!("0x{block_number:x}"),
			"blockHash": block_hash,
			"transactionHash": H256(sp_crypto_hashing::blake2_256(bytes)),
			"transactionIndex": format!("0x{extrinsic:x}"),
			"logIndex": format!("0x{log_index:x}"),
			"removed": false,
		}));
	}
	logs
}

fn hex(bytes: &[u8]) -> String {
	bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
	use super::*;

	const PREFIX: [u8; 2] = [40, 0];

	fn extrinsic(version: u8, call: &[u8]) -> Vec<u8> {
		let body: Vec<u8> = [&[version][..], call].concat();
		let mut bytes = vec![(body.len() as u8) << 2];
		bytes.extend(body);
		bytes
	}

	#[test]
	fn ethereum_transactions_are_bare_extrinsics_of_revive_eth_transact() {
		assert!(is_eth_transact(&extrinsic(0x04, &[40, 0, 8, 1, 2]), PREFIX));
		assert!(is_eth_transact(&extrinsic(0x05, &[40, 0]), PREFIX));
		assert!(!is_eth_transact(&extrinsic(0x84, &[40, 0]), PREFIX), "a signed extrinsic");
		assert!(!is_eth_transact(&extrinsic(0x04, &[40, 1]), PREFIX), "another Revive call");
		assert!(!is_eth_transact(&extrinsic(0x04, &[10, 0]), PREFIX), "another pallet");
		assert!(!is_eth_transact(&[], PREFIX));
		// A two-byte compact length.
		let long: Vec<u8> = [&[0x04, 40, 0][..], &[7u8; 100]].concat();
		let mut bytes = (((long.len() as u16) << 2) | 1).to_le_bytes().to_vec();
		bytes.extend(&long);
		assert!(is_eth_transact(&bytes, PREFIX));
	}

	#[test]
	fn filters_match_addresses_and_topic_positions() {
		let (a, b) = (H160::repeat_byte(1), H160::repeat_byte(2));
		let (t1, t2, t3) = (H256::repeat_byte(1), H256::repeat_byte(2), H256::repeat_byte(3));
		let filter = Filter::parse(&json!({ "address": [a], "topics": [t1, null, [t2, t3]] })).unwrap();
		assert!(filter.matches(&a, &[t1, t1, t3]));
		assert!(!filter.matches(&b, &[t1, t1, t3]), "another address");
		assert!(!filter.matches(&a, &[t2, t1, t3]), "another first topic");
		assert!(!filter.matches(&a, &[t1, t1]), "too few topics");
		let any = Filter::parse(&json!({})).unwrap();
		assert!(any.matches(&b, &[]));
		let single = Filter::parse(&json!({ "address": a, "topics": [[t2]] })).unwrap();
		assert_eq!(single.addresses, vec![a]);
		assert!(single.matches(&a, &[t2]));
		assert!(Filter::parse(&json!({ "address": "0x12" })).is_err());
		assert!(Filter::parse(&json!({ "topics": "0x12" })).is_err());
	}

	#[test]
	fn only_events_of_non_ethereum_extrinsics_become_logs_after_the_blocks_ethereum_logs() {
		let contract = H160::repeat_byte(9);
		let topic = H256::repeat_byte(7);
		let extrinsics = vec![
			extrinsic(0x04, &[0, 0]),    // an inherent
			extrinsic(0x04, &[40, 0]),   // an Ethereum transaction
			extrinsic(0x84, &[40, 6]),   // revive.call, signed
		];
		let events = vec![(1, contract, vec![topic], vec![1]), (2, contract, vec![topic], vec![2, 3]), (2, contract, vec![], vec![])];
		let hash = H256::repeat_byte(5);
		let logs = substrate_logs(&events, &extrinsics, PREFIX, 10, hash, 4, &Filter::default());
		assert_eq!(logs.len(), 2, "the Ethereum transaction's event is the crate's");
		assert_eq!(logs[0]["data"], "0x0203");
		assert_eq!(logs[0]["logIndex"], "0x4");
		assert_eq!(logs[1]["logIndex"], "0x5");
		assert_eq!(logs[0]["transactionIndex"], "0x2");
		assert_eq!(logs[0]["blockNumber"], "0xa");
		assert_eq!(logs[0]["transactionHash"], json!(H256(sp_crypto_hashing::blake2_256(&extrinsics[2]))));
		// A filter keeps the log indices of the unfiltered block.
		let only_topic = Filter::parse(&json!({ "topics": [topic] })).unwrap();
		let filtered = substrate_logs(&events, &extrinsics, PREFIX, 10, hash, 4, &only_topic);
		assert_eq!(filtered.len(), 1);
		assert_eq!(filtered[0]["logIndex"], "0x4");
	}
}
