//! Metered inference: what a user's voucher and a provider's response receipt sign, byte for byte, for the runtime
//! (which checks them), the provider's gateway (which checks vouchers and signs receipts) and the user's client
//! (which signs vouchers and checks receipts).
//!
//! - **Vouchers.** A user pays a provider through a channel (funds locked for that provider). With each request
//!   the user's channel key (ed25519) signs [`voucher_message`]: the chain, the channel, the *cumulative* amount
//!   owed to the provider so far and a nonce that grows with every voucher. The provider redeems only the latest
//!   one: it pays the difference to what was redeemed before, so one signature check settles any number of
//!   requests. The amount is the user's own statement: a provider cannot charge more than the user signed.
//! - **Response receipts.** With each response the provider's attestation key (ed25519, registered with its
//!   stake) signs [`receipt_message`] of a [`ResponseReceipt`]: which request (channel, voucher nonce, request
//!   hash) was answered, by which service and model (weights hash), the hashes of the prompt the model read and of
//!   the text it produced, and the token counts charged. A receipt is portable evidence: where its claims can be
//!   checked against the text ([`Tokenizer::count`]) or against the service's registered model, a wrong one
//!   slashes the provider.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_core::H256;

/// A payment channel's number, unique on the chain and never reused (so a voucher or receipt of a closed channel
/// means nothing in a new one).
pub type ChannelId = u64;
/// An inference service's number, unique on the chain and never reused.
pub type ServiceId = u32;

/// What a voucher signature is over: domain, chain, channel, cumulative amount, nonce.
pub const VOUCHER_DOMAIN: &[u8] = b"zg-inference-voucher";
/// What a response receipt signature is over: domain, chain, the SCALE-encoded receipt.
pub const RECEIPT_DOMAIN: &[u8] = b"zg-inference-receipt";

/// How a service counts tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen)]
pub enum Tokenizer {
	/// One token per byte of the UTF-8 text (byte-level models such as zg's built-in one). The chain can count
	/// these, so a receipt whose counts do not match its texts is provably wrong.
	Bytes,
	/// The model's own tokenizer (BPE, SentencePiece…), which the chain does not run: counts are the provider's
	/// word, and only a receipt's model can be disputed.
	Model,
}

impl Tokenizer {
	/// The tokens of `text`, where the chain can count them.
	pub fn count(&self, text: &[u8]) -> Option<u64> {
		match self {
			Tokenizer::Bytes => Some(text.len() as u64),
			Tokenizer::Model => None,
		}
	}
}

/// The 32 bytes a channel key signs for a voucher: blake2-256 of [`VOUCHER_DOMAIN`], the genesis hash, the channel
/// (u64), the cumulative amount (u128) and the nonce (u64), little-endian.
pub fn voucher_message(genesis: &H256, channel: ChannelId, amount: u128, nonce: u64) -> [u8; 32] {
	let mut message = Vec::with_capacity(VOUCHER_DOMAIN.len() + 32 + 8 + 16 + 8);
	message.extend_from_slice(VOUCHER_DOMAIN);
	message.extend_from_slice(genesis.as_bytes());
	message.extend_from_slice(&channel.to_le_bytes());
	message.extend_from_slice(&amount.to_le_bytes());
	message.extend_from_slice(&nonce.to_le_bytes());
	sp_crypto_hashing::blake2_256(&message)
}

/// What a provider's attestation key signs for each response.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen)]
pub struct ResponseReceipt {
	/// The channel the request was paid through.
	pub channel: ChannelId,
	/// The nonce of the request's voucher.
	pub nonce: u64,
	/// The service that answered.
	pub service: ServiceId,
	/// The weights hash of the model that answered.
	pub model: H256,
	/// blake2-256 of the request body as received.
	pub request: H256,
	/// blake2-256 of the prompt text the model read (the chat messages rendered as the service renders them).
	pub prompt: H256,
	/// blake2-256 of the text the model produced.
	pub completion: H256,
	/// Tokens charged for the prompt.
	pub input_tokens: u32,
	/// Tokens charged for the completion.
	pub output_tokens: u32,
}

/// The 32 bytes an attestation key signs for a response: blake2-256 of [`RECEIPT_DOMAIN`], the genesis hash and the
/// SCALE encoding of `receipt` (its fields in order, integers little-endian).
pub fn receipt_message(genesis: &H256, receipt: &ResponseReceipt) -> [u8; 32] {
	let mut message = Vec::with_capacity(RECEIPT_DOMAIN.len() + 32 + ResponseReceipt::max_encoded_len());
	message.extend_from_slice(RECEIPT_DOMAIN);
	message.extend_from_slice(genesis.as_bytes());
	receipt.encode_to(&mut message);
	sp_crypto_hashing::blake2_256(&message)
}

/// Where the provider node's off-chain worker finds the inference gateway's URL (persistent off-chain storage,
/// set by `zg-node --inference-gateway`).
pub const GATEWAY_URL_KEY: &[u8] = b"zg-compute::gateway-url";

/// The latest voucher of each channel, as the gateway lists them for the provider's off-chain worker
/// (`GET /zg/vouchers.scale`): user account (32 bytes), channel, cumulative amount, nonce, signature.
pub type VoucherList = Vec<([u8; 32], ChannelId, u128, u64, [u8; 64])>;

/// The most services one `ComputeApi::services` call returns.
pub const MAX_SERVICES_PER_QUERY: u32 = 256;

/// An inference service as clients read it (`ComputeApi::services`).
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct ServiceView<AccountId, Balance, BlockNumber> {
	pub id: ServiceId,
	pub provider: AccountId,
	/// The model's name, as clients ask for it.
	pub model: Vec<u8>,
	/// The hash of its weights: what receipts must name.
	pub weights: H256,
	pub tokenizer: Tokenizer,
	/// The price of a prompt token now.
	pub input_price: Balance,
	/// The price of a completion token now.
	pub output_price: Balance,
	/// Announced prices `(input, output)` and the block they apply from.
	pub next: Option<(Balance, Balance, BlockNumber)>,
	/// The gateway's URL.
	pub endpoint: Vec<u8>,
	/// The provider's attestation key: what signs the service's response receipts.
	pub attestation_key: [u8; 32],
	/// Whether it is retired (takes no new requests).
	pub retired: bool,
}

/// A payment channel as clients and gateways read it (`ComputeApi::channel`).
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct ChannelView<Balance, BlockNumber> {
	pub id: ChannelId,
	/// The ed25519 key that signs its vouchers.
	pub key: [u8; 32],
	/// All the user has put in.
	pub deposit: Balance,
	/// Paid out to the provider so far (the last redeemed voucher's amount).
	pub redeemed: Balance,
	/// The last redeemed voucher's nonce.
	pub nonce: u64,
	/// Set when a refund was asked for: the provider may redeem until this block.
	pub refund_at: Option<BlockNumber>,
}

/// The price of a response: `input × input_price + output × output_price`, `None` on overflow.
pub fn price(input_tokens: u64, output_tokens: u64, input_price: u128, output_price: u128) -> Option<u128> {
	u128::from(input_tokens)
		.checked_mul(input_price)?
		.checked_add(u128::from(output_tokens).checked_mul(output_price)?)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn vouchers_bind_chain_channel_amount_and_nonce() {
		let genesis = H256::repeat_byte(1);
		let base = voucher_message(&genesis, 7, 1_000, 3);
		assert_ne!(base, voucher_message(&H256::repeat_byte(2), 7, 1_000, 3), "another chain");
		assert_ne!(base, voucher_message(&genesis, 8, 1_000, 3), "another channel");
		assert_ne!(base, voucher_message(&genesis, 7, 1_001, 3), "another amount");
		assert_ne!(base, voucher_message(&genesis, 7, 1_000, 4), "another nonce");
		// The layout clients reproduce: domain ‖ genesis ‖ channel u64 ‖ amount u128 ‖ nonce u64, little-endian.
		let mut bytes = b"zg-inference-voucher".to_vec();
		bytes.extend([1u8; 32]);
		bytes.extend(7u64.to_le_bytes());
		bytes.extend(1_000u128.to_le_bytes());
		bytes.extend(3u64.to_le_bytes());
		assert_eq!(base, sp_crypto_hashing::blake2_256(&bytes));
	}

	#[test]
	fn receipts_bind_every_field() {
		let genesis = H256::repeat_byte(1);
		let receipt = ResponseReceipt {
			channel: 1,
			nonce: 2,
			service: 3,
			model: H256::repeat_byte(4),
			request: H256::repeat_byte(5),
			prompt: H256::repeat_byte(6),
			completion: H256::repeat_byte(7),
			input_tokens: 8,
			output_tokens: 9,
		};
		let base = receipt_message(&genesis, &receipt);
		let variants = [
			ResponseReceipt { channel: 9, ..receipt.clone() },
			ResponseReceipt { nonce: 9, ..receipt.clone() },
			ResponseReceipt { service: 9, ..receipt.clone() },
			ResponseReceipt { model: H256::zero(), ..receipt.clone() },
			ResponseReceipt { request: H256::zero(), ..receipt.clone() },
			ResponseReceipt { prompt: H256::zero(), ..receipt.clone() },
			ResponseReceipt { completion: H256::zero(), ..receipt.clone() },
			ResponseReceipt { input_tokens: 9, ..receipt.clone() },
			ResponseReceipt { output_tokens: 10, ..receipt.clone() },
		];
		for other in variants {
			assert_ne!(base, receipt_message(&genesis, &other), "{other:?}");
		}
		assert_ne!(base, receipt_message(&H256::zero(), &receipt), "another chain");
		assert_eq!(receipt.encode().len(), 8 + 8 + 4 + 32 * 4 + 4 + 4);
	}

	#[test]
	fn byte_tokens_are_counted_and_model_tokens_are_not() {
		assert_eq!(Tokenizer::Bytes.count("héllo".as_bytes()), Some(6));
		assert_eq!(Tokenizer::Bytes.count(b""), Some(0));
		assert_eq!(Tokenizer::Model.count(b"hello"), None);
	}

	#[test]
	fn prices_multiply_and_overflow_is_none() {
		assert_eq!(price(10, 20, 3, 5), Some(130));
		assert_eq!(price(0, 0, u128::MAX, u128::MAX), Some(0));
		assert_eq!(price(2, 0, u128::MAX, 0), None);
		assert_eq!(price(1, 1, u128::MAX, 1), None);
	}
}
