//! Refusals of `eth_sendRawTransaction` in geth's words.
//!
//! Wallets and libraries recognise a refused transaction by geth's error messages (ethers 6 maps `nonce too low`
//! to `NONCE_EXPIRED`, `insufficient funds` to `INSUFFICIENT_FUNDS`, `replacement transaction underpriced` to
//! `REPLACEMENT_UNDERPRICED`; MetaMask and Foundry show them as they are). zg's pool refuses an Ethereum
//! transaction with a Substrate validity error that `pallet-revive-eth-rpc` passes on without its reason
//! (`1010 Invalid Transaction`), and `pallet-revive` folds several reasons into one (`Payment` is a low fee cap, a
//! low balance or a low gas limit alike). So the front:
//! 1. refuses before submitting what needs only the transaction and the account's nonces ([`precheck`]): a bad
//!    signature, a missing or wrong chain id, a nonce below the account's, a nonce too far ahead of the pool's;
//! 2. submits, and explains a refusal with what the chain says right after ([`explain_refusal`]), in the order the
//!    runtime checks: nonce, fee cap below the base fee, balance below `gas × price + value`, gas limit below
//!    what the transaction needs (`eth_estimateGas`); then the pool's own answers for a nonce it holds (`already
//!    known`, `replacement transaction underpriced`). A refusal none of these explains keeps the pool's error.
//!
//! All of them carry code -32000 as geth's do, and geth's message text (`core/error.go`, `core/txpool/errors.go`).

use jsonrpsee::types::{ErrorObject, ErrorObjectOwned};
use pallet_revive::evm::{GenericTransaction, TransactionSigned, TYPE_EIP4844, TYPE_EIP7702};
use sp_core::{crypto::AccountId32, H160, U256};

/// The JSON-RPC error code geth gives every refused transaction.
pub const GETH_ERROR_CODE: i32 = -32000;
/// How many nonces ahead of the pool's next one a transaction may be and wait in the pool's future queue: geth's
/// per-account queue (`AccountQueue`, 64). Further ahead it is refused (`nonce too high`) instead of sitting there.
pub const MAX_NONCE_AHEAD: u64 = 64;

/// geth's `ErrInvalidSender`.
pub const INVALID_SENDER: &str = "invalid sender";
/// geth's refusal of a transaction without a chain id (`eth_sendRawTransaction` without `--rpc.allow-unprotected-txs`).
pub const UNPROTECTED: &str = "only replay-protected (EIP-155) transactions allowed over RPC";
/// geth's `ErrTxTypeNotSupported`.
pub const TYPE_NOT_SUPPORTED: &str = "transaction type not supported";
/// geth's `ErrReplaceUnderpriced`.
pub const REPLACEMENT_UNDERPRICED: &str = "replacement transaction underpriced";
/// geth's `ErrAlreadyKnown`.
pub const ALREADY_KNOWN: &str = "already known";

/// A JSON-RPC error with geth's code.
pub fn error(message: String) -> ErrorObjectOwned {
	ErrorObject::owned(GETH_ERROR_CODE, message, None::<()>)
}

/// The account an Ethereum transaction of `address` is signed by on zg (pallet-revive's fallback account: the
/// address followed by twelve `0xEE` bytes); its nonce is the one the pool checks.
pub fn fallback_account(address: H160) -> AccountId32 {
	let mut raw = [0xEE; 32];
	raw[..20].copy_from_slice(address.as_bytes());
	AccountId32::new(raw)
}

/// What a decoded transaction says.
pub struct TxFacts {
	/// Who signed it.
	pub signer: H160,
	/// Its fields.
	pub tx: GenericTransaction,
}

impl TxFacts {
	/// The facts of `signed`; `None` if no signer can be recovered from its signature.
	pub fn of(signed: &TransactionSigned) -> Option<Self> {
		let signer = signed.recover_eth_address().ok()?;
		// With no base fee to cap it, the effective gas price is the transaction's own price cap.
		Some(Self { signer, tx: GenericTransaction::from_signed(signed.clone(), U256::MAX, Some(signer)) })
	}

	pub fn nonce(&self) -> U256 {
		self.tx.nonce.unwrap_or_default()
	}

	fn gas(&self) -> U256 {
		self.tx.gas.unwrap_or_default()
	}

	/// The most it pays per gas (its fee cap, or a legacy transaction's gas price).
	fn fee_cap(&self) -> U256 {
		self.tx.max_fee_per_gas.or(self.tx.gas_price).unwrap_or_default()
	}

	fn value(&self) -> U256 {
		self.tx.value.unwrap_or_default()
	}
}

/// What the chain says about the signer.
#[derive(Clone, Debug, Default)]
pub struct Chain {
	/// `eth_chainId`.
	pub chain_id: u64,
	/// The signer's nonce at the best block.
	pub state_nonce: U256,
	/// The signer's next nonce counting the pool (when asked).
	pub pending_nonce: Option<U256>,
	/// The base fee (`eth_gasPrice`).
	pub base_fee: U256,
	/// The signer's balance.
	pub balance: U256,
	/// The gas the transaction needs (`eth_estimateGas`), if the estimate succeeded.
	pub needed_gas: Option<U256>,
}

/// A refusal that needs no submission, or `None` to submit.
pub fn precheck(facts: &TxFacts, chain: &Chain, allow_unprotected_txs: bool) -> Option<String> {
	let tx_type = facts.tx.r#type.as_ref().map(|t| t.0);
	if tx_type == Some(TYPE_EIP4844) || tx_type == Some(TYPE_EIP7702) {
		return Some(TYPE_NOT_SUPPORTED.into());
	}
	match facts.tx.chain_id {
		None if !allow_unprotected_txs => return Some(UNPROTECTED.into()),
		Some(id) if id != U256::from(chain.chain_id) =>
			return Some(format!("invalid chain id for signer: have {id} want {}", chain.chain_id)),
		_ => {},
	}
	if let Some(refusal) = nonce_too_low(facts, chain) {
		return Some(refusal);
	}
	let pending = chain.pending_nonce?;
	(facts.nonce() > pending.saturating_add(MAX_NONCE_AHEAD.into())).then(|| {
		format!(
			"nonce too high: next nonce {pending}, tx nonce {} (at most {MAX_NONCE_AHEAD} ahead wait in the pool)",
			facts.nonce()
		)
	})
}

fn nonce_too_low(facts: &TxFacts, chain: &Chain) -> Option<String> {
	(facts.nonce() < chain.state_nonce)
		.then(|| format!("nonce too low: next nonce {}, tx nonce {}", chain.state_nonce, facts.nonce()))
}

/// The pool refused the transaction with `refused`: the reason in geth's words, found from `chain` (read right
/// after), or `refused` itself if none applies.
pub fn explain_refusal(facts: &TxFacts, chain: &Chain, refused: ErrorObjectOwned) -> ErrorObjectOwned {
	if let Some(refusal) = nonce_too_low(facts, chain) {
		return error(refusal);
	}
	let (signer, fee_cap) = (facts.signer, facts.fee_cap());
	if fee_cap < chain.base_fee {
		return error(format!(
			"max fee per gas less than block base fee: address {signer:?}, maxFeePerGas: {fee_cap}, baseFee: {}",
			chain.base_fee
		));
	}
	let want = facts.gas().saturating_mul(fee_cap).saturating_add(facts.value());
	if chain.balance < want {
		return error(format!(
			"insufficient funds for gas * price + value: address {signer:?} have {} want {want}",
			chain.balance
		));
	}
	if let Some(needed) = chain.needed_gas.filter(|needed| facts.gas() < *needed) {
		return error(format!("intrinsic gas too low: gas {}, minimum needed {needed}", facts.gas()));
	}
	// The pool's own codes (sc-rpc-api's author errors) for a transaction with a nonce it holds. It also answers
	// 1013 for a transaction it refused a moment ago, so these come after the reasons above.
	match refused.code() {
		1013 => error(ALREADY_KNOWN.into()),
		1014 => error(REPLACEMENT_UNDERPRICED.into()),
		_ => refused,
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use pallet_revive::evm::{Account, TransactionLegacyUnsigned, TransactionUnsigned};

	const CHAIN: u64 = 16420;

	fn signed(nonce: u64, chain_id: Option<u64>, gas: u64, gas_price: u64, value: u64) -> (Account, TransactionSigned) {
		let account = Account::default();
		let tx = TransactionLegacyUnsigned {
			chain_id: chain_id.map(U256::from),
			nonce: nonce.into(),
			gas: gas.into(),
			gas_price: gas_price.into(),
			value: value.into(),
			to: Some(H160::repeat_byte(0x42)),
			..Default::default()
		};
		let signed = account.sign_transaction(TransactionUnsigned::TransactionLegacyUnsigned(tx));
		(account, signed)
	}

	fn facts(nonce: u64, chain_id: Option<u64>) -> TxFacts {
		TxFacts::of(&signed(nonce, chain_id, 21_000, 2_000_000_000, 1).1).expect("signed")
	}

	fn chain(state_nonce: u64, pending: u64) -> Chain {
		Chain {
			chain_id: CHAIN,
			state_nonce: state_nonce.into(),
			pending_nonce: Some(pending.into()),
			base_fee: 2_000_000_000u64.into(),
			balance: U256::from(10u64).pow(20.into()),
			needed_gas: Some(21_000u64.into()),
		}
	}

	fn pool_refusal() -> ErrorObjectOwned {
		ErrorObject::owned(1010, "Invalid Transaction", None::<()>)
	}

	#[test]
	fn the_signer_is_recovered_and_its_fallback_account_is_the_address_then_0xee() {
		let (account, tx) = signed(0, Some(CHAIN), 21_000, 1, 0);
		let facts = TxFacts::of(&tx).expect("signed");
		assert_eq!(facts.signer, account.address());
		let fallback: [u8; 32] = fallback_account(facts.signer).into();
		assert_eq!(&fallback[..20], account.address().as_bytes());
		assert_eq!(fallback[20..], [0xEE; 12]);
	}

	#[test]
	fn wrong_or_missing_chain_ids_are_refused_before_submission() {
		assert_eq!(
			precheck(&facts(0, Some(1)), &chain(0, 0), false).as_deref(),
			Some("invalid chain id for signer: have 1 want 16420")
		);
		assert_eq!(precheck(&facts(0, None), &chain(0, 0), false).as_deref(), Some(UNPROTECTED));
		assert_eq!(precheck(&facts(0, None), &chain(0, 0), true), None, "--allow-unprotected-txs");
		assert_eq!(precheck(&facts(0, Some(CHAIN)), &chain(0, 0), false), None);
	}

	#[test]
	fn nonces_below_the_account_are_too_low_and_far_ahead_of_the_pool_too_high() {
		assert_eq!(
			precheck(&facts(3, Some(CHAIN)), &chain(5, 7), false).as_deref(),
			Some("nonce too low: next nonce 5, tx nonce 3")
		);
		// A nonce taken by a transaction in the pool is a replacement: the pool decides.
		assert_eq!(precheck(&facts(5, Some(CHAIN)), &chain(5, 7), false), None);
		// A gap of up to 64 waits in the pool's future queue, as in geth's.
		assert_eq!(precheck(&facts(7 + 64, Some(CHAIN)), &chain(5, 7), false), None);
		let refusal = precheck(&facts(7 + 65, Some(CHAIN)), &chain(5, 7), false).expect("too far ahead");
		assert!(refusal.starts_with("nonce too high: next nonce 7, tx nonce 72"), "{refusal}");
	}

	#[test]
	fn refusals_are_explained_in_the_order_the_runtime_checks() {
		let f = facts(5, Some(CHAIN));
		let explain = |chain: &Chain| explain_refusal(&f, chain, pool_refusal()).message().to_string();
		// The nonce was used meanwhile (a block came between the check and the submission).
		assert_eq!(explain(&chain(6, 6)), "nonce too low: next nonce 6, tx nonce 5");
		// The base fee rose above the fee cap.
		let mut c = chain(5, 5);
		c.base_fee = 3_000_000_000u64.into();
		assert!(explain(&c).starts_with("max fee per gas less than block base fee: address 0x"), "{}", explain(&c));
		// The balance does not cover gas × price + value: 21,000 × 2 gwei + 1 = 42,000,000,000,001.
		let mut c = chain(5, 5);
		c.balance = 42_000_000_000_000u64.into();
		assert!(explain(&c).ends_with("have 42000000000000 want 42000000000001"), "{}", explain(&c));
		assert!(explain(&c).starts_with("insufficient funds for gas * price + value: address 0x"));
		// Enough funds, but the transaction needs more gas than its limit.
		let mut c = chain(5, 5);
		c.needed_gas = Some(76_000u64.into());
		assert_eq!(explain(&c), "intrinsic gas too low: gas 21000, minimum needed 76000");
		// Nothing explains it: the pool's error stays.
		let kept = explain_refusal(&f, &chain(5, 5), pool_refusal());
		assert_eq!((kept.code(), kept.message()), (1010, "Invalid Transaction"));
		let mut c = chain(5, 5);
		c.needed_gas = None;
		assert_eq!(explain_refusal(&f, &c, pool_refusal()).code(), 1010, "no estimate: no claim about gas");
	}

	#[test]
	fn the_pools_replacement_codes_read_as_geths() {
		let f = facts(5, Some(CHAIN));
		for (code, message) in [(1013, ALREADY_KNOWN), (1014, REPLACEMENT_UNDERPRICED)] {
			let e = explain_refusal(&f, &chain(5, 6), ErrorObject::owned(code, "pool", None::<()>));
			assert_eq!((e.code(), e.message()), (GETH_ERROR_CODE, message));
		}
		// The pool also answers 1013 for a transaction it refused a moment ago: the reason comes first.
		let mut poor = chain(5, 5);
		poor.balance = U256::zero();
		let e = explain_refusal(&f, &poor, ErrorObject::owned(1013, "pool", None::<()>));
		assert!(e.message().starts_with("insufficient funds for gas * price + value"), "{}", e.message());
	}

	#[test]
	fn blob_and_set_code_transactions_are_not_supported() {
		let mut f = facts(0, Some(CHAIN));
		for t in [TYPE_EIP4844, TYPE_EIP7702] {
			f.tx.r#type = Some(pallet_revive::evm::Byte(t));
			assert_eq!(precheck(&f, &chain(0, 0), false).as_deref(), Some(TYPE_NOT_SUPPORTED));
		}
	}
}
