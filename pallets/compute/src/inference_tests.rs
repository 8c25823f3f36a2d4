//! Metered inference on the mock runtime: services, channels, vouchers, refunds and response disputes. Each test is
//! an attack or an accounting check; `run_test` checks the invariants (each user's channel hold is the sum of its
//! channels' unredeemed deposits) after each.

use crate::{mock::*, *};
use frame_support::{
	assert_noop, assert_ok,
	traits::fungible::{Inspect, InspectHold},
};
use sp_core::{ed25519, Pair};
use zg_primitives::compute::inference::{receipt_message, voucher_message};

const PROVIDER: AccountId = 1;
const USER: AccountId = 2;
const WEIGHTS: H256 = H256::repeat_byte(0x77);
const IN_PRICE: Balance = 2;
const OUT_PRICE: Balance = 3;

fn bounded<S: Get<u32>>(bytes: &[u8]) -> BoundedVec<u8, S> {
	bytes.to_vec().try_into().unwrap()
}

/// The key that signs `user`'s vouchers.
fn channel_pair(user: AccountId) -> ed25519::Pair {
	ed25519::Pair::from_seed(&[100 + user as u8; 32])
}

fn add_service(provider: AccountId, tokenizer: Tokenizer) -> ServiceId {
	let id = NextServiceId::<Test>::get();
	assert_ok!(Compute::add_service(
		RuntimeOrigin::signed(provider),
		bounded(b"zg-ngram-1"),
		WEIGHTS,
		tokenizer,
		IN_PRICE,
		OUT_PRICE,
		bounded(b"http://127.0.0.1:8080"),
	));
	id
}

fn open(user: AccountId, provider: AccountId, amount: Balance) -> ChannelId {
	assert_ok!(Compute::fund_channel(RuntimeOrigin::signed(user), provider, amount, channel_pair(user).public().0));
	Channels::<Test>::get(user, provider).unwrap().id
}

fn voucher_by(pair: &ed25519::Pair, channel: ChannelId, amount: Balance, nonce: u64) -> Voucher<Balance> {
	let message = voucher_message(&System::block_hash(0), channel, amount.into(), nonce);
	Voucher { amount, nonce, signature: pair.sign(&message).0 }
}

fn voucher(user: AccountId, provider: AccountId, amount: Balance, nonce: u64) -> Voucher<Balance> {
	let channel = Channels::<Test>::get(user, provider).unwrap().id;
	voucher_by(&channel_pair(user), channel, amount, nonce)
}

fn redeem(provider: AccountId, user: AccountId, v: Voucher<Balance>) -> DispatchResult {
	Compute::redeem(RuntimeOrigin::signed(provider), user, v)
}

fn held(user: AccountId) -> Balance {
	Balances::balance_on_hold(&HoldReason::Channel.into(), &user)
}

fn free(who: AccountId) -> Balance {
	Balances::balance(&who)
}

fn hash(bytes: &[u8]) -> H256 {
	H256(sp_io::hashing::blake2_256(bytes))
}

/// A receipt for `prompt` → `completion` with honest byte counts.
fn receipt(channel: ChannelId, nonce: u64, service: ServiceId, prompt: &[u8], completion: &[u8]) -> ResponseReceipt {
	ResponseReceipt {
		channel,
		nonce,
		service,
		model: WEIGHTS,
		request: hash(b"{\"model\":\"zg-ngram-1\"}"),
		prompt: hash(prompt),
		completion: hash(completion),
		input_tokens: prompt.len() as u32,
		output_tokens: completion.len() as u32,
	}
}

fn sign_receipt(provider: AccountId, receipt: &ResponseReceipt) -> [u8; 64] {
	attestation_pair(provider).sign(&receipt_message(&System::block_hash(0), receipt)).0
}

fn dispute(user: AccountId, receipt: &ResponseReceipt, signature: [u8; 64], prompt: &[u8], completion: &[u8]) -> DispatchResult {
	Compute::dispute_response(
		RuntimeOrigin::signed(user),
		PROVIDER,
		receipt.clone(),
		signature,
		bounded(prompt),
		bounded(completion),
	)
}

#[test]
fn services_are_listed_by_staked_providers_within_bounds() {
	run_test(|| {
		let add = |who, model: &[u8], endpoint: &[u8]| {
			Compute::add_service(RuntimeOrigin::signed(who), bounded(model), WEIGHTS, Tokenizer::Bytes, 1, 1, bounded(endpoint))
		};
		assert_noop!(add(PROVIDER, b"m", b"http://x"), Error::<Test>::NotProvider);
		provider(PROVIDER, MIN_STAKE, &[], 1, 1);
		assert_noop!(add(PROVIDER, b"", b"http://x"), Error::<Test>::BadService);
		assert_noop!(add(PROVIDER, b"m", b""), Error::<Test>::BadService);
		let ids: Vec<ServiceId> = (0..3).map(|_| add_service(PROVIDER, Tokenizer::Bytes)).collect();
		assert_eq!(ids, vec![0, 1, 2]);
		assert_noop!(add(PROVIDER, b"m", b"http://x"), Error::<Test>::TooManyServices);
		let service = Services::<Test>::get(1).unwrap();
		assert_eq!((service.provider, service.weights, service.input_price, service.output_price), (PROVIDER, WEIGHTS, 2, 3));
		assert!(events().contains(&Event::ServiceAdded {
			service: 2,
			provider: PROVIDER,
			model: b"zg-ngram-1".to_vec(),
			weights: WEIGHTS,
			tokenizer: Tokenizer::Bytes,
		}));
		// A leaving provider lists nothing new.
		provider(3, MIN_STAKE, &[], 1, 1);
		assert_ok!(Compute::deregister(RuntimeOrigin::signed(3)));
		assert_noop!(add(3, b"m", b"http://x"), Error::<Test>::Leaving);
	});
}

#[test]
fn price_raises_wait_for_the_notice_and_cuts_apply_at_once() {
	run_test(|| {
		provider(PROVIDER, MIN_STAKE, &[], 1, 1);
		let id = add_service(PROVIDER, Tokenizer::Bytes);
		let update = |who, input, output| {
			Compute::update_service(RuntimeOrigin::signed(who), id, input, output, bounded(b"http://new"))
		};
		let prices = |at| Services::<Test>::get(id).unwrap().prices_at(at);
		assert_noop!(update(3, 1, 1), Error::<Test>::NotServiceProvider);
		assert_noop!(
			Compute::update_service(RuntimeOrigin::signed(PROVIDER), 99, 1, 1, bounded(b"http://x")),
			Error::<Test>::UnknownService
		);
		// A raise: the old prices until the notice has passed.
		assert_ok!(update(PROVIDER, 4, 6));
		assert!(events().contains(&Event::ServicePrices { service: id, input_price: 4, output_price: 6, from: 1 + PRICE_NOTICE }));
		assert_eq!(prices(1), (2, 3));
		assert_eq!(prices(PRICE_NOTICE), (2, 3));
		assert_eq!(prices(1 + PRICE_NOTICE), (4, 6));
		assert_eq!(Services::<Test>::get(id).unwrap().endpoint.to_vec(), b"http://new".to_vec(), "the endpoint at once");
		// A cut: at once, and it replaces the announced raise.
		assert_ok!(update(PROVIDER, 1, 3));
		assert_eq!(prices(1), (1, 3));
		assert_eq!(prices(100), (1, 3));
		// A raise of one price and a cut of the other: the cut now, the raise after the notice.
		run_to_block(3);
		assert_ok!(update(PROVIDER, 5, 2));
		assert_eq!(prices(3), (1, 2));
		assert_eq!(prices(3 + PRICE_NOTICE), (5, 2));
		// Raising again before the notice ends cannot shorten it: the new notice starts now.
		run_to_block(4);
		assert_ok!(update(PROVIDER, 9, 9));
		assert_eq!(prices(3 + PRICE_NOTICE), (1, 2));
		assert_eq!(prices(4 + PRICE_NOTICE), (9, 9));
		// After the notice, the raised prices are the base a later change is measured against.
		run_to_block(4 + PRICE_NOTICE);
		assert_ok!(update(PROVIDER, 9, 8));
		assert_eq!(prices(4 + PRICE_NOTICE), (9, 8), "a cut from the raised prices");
	});
}

#[test]
fn retired_services_take_no_updates_and_go_only_after_retention() {
	run_test(|| {
		provider(PROVIDER, MIN_STAKE, &[], 1, 1);
		let ids: Vec<ServiceId> = (0..3).map(|_| add_service(PROVIDER, Tokenizer::Bytes)).collect();
		assert_noop!(Compute::retire_service(RuntimeOrigin::signed(3), ids[0]), Error::<Test>::NotServiceProvider);
		assert_ok!(Compute::retire_service(RuntimeOrigin::signed(PROVIDER), ids[0]));
		assert_noop!(
			Compute::update_service(RuntimeOrigin::signed(PROVIDER), ids[0], 1, 1, bounded(b"http://x")),
			Error::<Test>::ServiceRetired
		);
		run_to_block(SERVICE_RETENTION);
		assert_noop!(Compute::retire_service(RuntimeOrigin::signed(PROVIDER), ids[0]), Error::<Test>::RetentionRunning);
		run_to_block(1 + SERVICE_RETENTION);
		assert_ok!(Compute::retire_service(RuntimeOrigin::signed(PROVIDER), ids[0]));
		assert!(Services::<Test>::get(ids[0]).is_none());
		assert_eq!(ServiceCount::<Test>::get(PROVIDER), 2);
		// Its slot is free again, under a new id: ids are never reused.
		assert_eq!(add_service(PROVIDER, Tokenizer::Bytes), 3);
	});
}

#[test]
fn channels_open_with_a_key_and_a_minimum_and_keep_it() {
	run_test(|| {
		provider(PROVIDER, MIN_STAKE, &[], 1, 1);
		let key = channel_pair(USER).public().0;
		let fund = |who, to, amount, key| Compute::fund_channel(RuntimeOrigin::signed(who), to, amount, key);
		assert_noop!(fund(USER, 9, 1_000, key), Error::<Test>::NotProvider);
		assert_noop!(fund(PROVIDER, PROVIDER, 1_000, key), Error::<Test>::BadChannel);
		assert_noop!(fund(USER, PROVIDER, MIN_CHANNEL - 1, key), Error::<Test>::DepositTooLow);
		assert_noop!(fund(USER, PROVIDER, INITIAL_BALANCE * 2, key), Error::<Test>::InsufficientFunds);
		let first = open(USER, PROVIDER, 1_000);
		assert_eq!(held(USER), 1_000);
		// Adding to it: any amount but zero, with the same key.
		assert_ok!(fund(USER, PROVIDER, 1, key));
		assert_noop!(fund(USER, PROVIDER, 0, key), Error::<Test>::DepositTooLow);
		assert_noop!(fund(USER, PROVIDER, 10, channel_pair(9).public().0), Error::<Test>::WrongChannelKey);
		assert_eq!(Channels::<Test>::get(USER, PROVIDER).unwrap().deposit, 1_001);
		assert!(events().contains(&Event::ChannelFunded { user: USER, provider: PROVIDER, channel: first, amount: 1, deposit: 1_001 }));
		// Each channel has its own id.
		assert_ne!(open(3, PROVIDER, 500), first);
	});
}

#[test]
fn channel_accounting_conserves_zg() {
	run_test(|| {
		provider(PROVIDER, MIN_STAKE, &[], 1, 1);
		let issuance = Balances::total_issuance();
		let (user_before, provider_before) = (free(USER), free(PROVIDER));
		open(USER, PROVIDER, 1_000);
		assert_eq!(free(USER), user_before - 1_000);
		assert_ok!(redeem(PROVIDER, USER, voucher(USER, PROVIDER, 300, 1)));
		assert_eq!((free(PROVIDER), held(USER)), (provider_before + 300, 700));
		assert_ok!(redeem(PROVIDER, USER, voucher(USER, PROVIDER, 520, 7)));
		assert_eq!((free(PROVIDER), held(USER)), (provider_before + 520, 480));
		assert!(events().contains(&Event::VoucherRedeemed {
			user: USER,
			provider: PROVIDER,
			channel: 0,
			paid: 220,
			redeemed: 520,
			nonce: 7,
		}));
		assert_ok!(Compute::request_refund(RuntimeOrigin::signed(USER), PROVIDER));
		run_to_block(1 + REFUND_DELAY);
		assert_ok!(Compute::close_channel(RuntimeOrigin::signed(USER), PROVIDER));
		assert_eq!((free(USER), held(USER)), (user_before - 520, 0));
		assert_eq!(free(PROVIDER), provider_before + 520);
		assert_eq!(Balances::total_issuance(), issuance, "no ZG made or lost");
		assert!(events().contains(&Event::ChannelClosed { user: USER, provider: PROVIDER, channel: 0, refunded: 480 }));
	});
}

#[test]
fn the_latest_voucher_wins_and_replays_are_refused() {
	run_test(|| {
		provider(PROVIDER, MIN_STAKE, &[], 1, 1);
		open(USER, PROVIDER, 1_000);
		let older = voucher(USER, PROVIDER, 300, 3);
		let latest = voucher(USER, PROVIDER, 400, 5);
		// Only the latest needs redeeming: it covers every request before it.
		assert_ok!(redeem(PROVIDER, USER, latest.clone()));
		assert_eq!(held(USER), 600);
		assert_noop!(redeem(PROVIDER, USER, latest), Error::<Test>::StaleVoucher);
		assert_noop!(redeem(PROVIDER, USER, older), Error::<Test>::StaleVoucher);
		// A newer nonce cannot lower what is owed.
		assert_noop!(redeem(PROVIDER, USER, voucher(USER, PROVIDER, 399, 6)), Error::<Test>::StaleVoucher);
		// The same amount under a newer nonce pays nothing more.
		assert_ok!(redeem(PROVIDER, USER, voucher(USER, PROVIDER, 400, 6)));
		assert_eq!(held(USER), 600);
	});
}

#[test]
fn forged_oversized_and_foreign_vouchers_are_refused() {
	run_test(|| {
		provider(PROVIDER, MIN_STAKE, &[], 1, 1);
		provider(4, MIN_STAKE, &[], 1, 1);
		let channel = open(USER, PROVIDER, 1_000);
		// Signed by another key (the provider forging the user's voucher).
		let forged = voucher_by(&channel_pair(PROVIDER), channel, 500, 1);
		assert_noop!(redeem(PROVIDER, USER, forged), Error::<Test>::BadSignature);
		// A right signature over another amount.
		let mut altered = voucher(USER, PROVIDER, 100, 1);
		altered.amount = 900;
		assert_noop!(redeem(PROVIDER, USER, altered), Error::<Test>::BadSignature);
		assert_noop!(redeem(PROVIDER, USER, voucher(USER, PROVIDER, 1_001, 1)), Error::<Test>::VoucherOverDeposit);
		// A voucher of this channel presented by another provider of the same user, with its own channel.
		let other = open(USER, 4, 1_000);
		assert_ne!(other, channel);
		assert_noop!(redeem(4, USER, voucher_by(&channel_pair(USER), channel, 500, 1)), Error::<Test>::BadSignature);
		assert_noop!(redeem(3, USER, voucher(USER, PROVIDER, 500, 1)), Error::<Test>::NoChannel);
		// A voucher of a closed channel means nothing in the next one between the same two.
		let old = voucher(USER, PROVIDER, 800, 1);
		assert_ok!(Compute::request_refund(RuntimeOrigin::signed(USER), PROVIDER));
		run_to_block(1 + REFUND_DELAY);
		assert_ok!(Compute::close_channel(RuntimeOrigin::signed(USER), PROVIDER));
		open(USER, PROVIDER, 1_000);
		assert_noop!(redeem(PROVIDER, USER, old), Error::<Test>::BadSignature);
		assert_eq!(held(USER), 2_000);
	});
}

#[test]
fn refunds_wait_for_the_lock_during_which_the_provider_may_redeem() {
	run_test(|| {
		provider(PROVIDER, MIN_STAKE, &[], 1, 1);
		open(USER, PROVIDER, 1_000);
		let refund = || Compute::request_refund(RuntimeOrigin::signed(USER), PROVIDER);
		let close = || Compute::close_channel(RuntimeOrigin::signed(USER), PROVIDER);
		assert_noop!(close(), Error::<Test>::NoRefund);
		assert_ok!(refund());
		assert!(events().contains(&Event::RefundRequested { user: USER, provider: PROVIDER, channel: 0, refund_at: 1 + REFUND_DELAY }));
		assert_noop!(refund(), Error::<Test>::RefundPending);
		assert_noop!(close(), Error::<Test>::RefundNotDue);
		// The provider redeems first, within the lock.
		run_to_block(REFUND_DELAY);
		assert_ok!(redeem(PROVIDER, USER, voucher(USER, PROVIDER, 250, 1)));
		// Once it has passed, vouchers are too late and the rest is the user's.
		run_to_block(1 + REFUND_DELAY);
		assert_noop!(redeem(PROVIDER, USER, voucher(USER, PROVIDER, 400, 2)), Error::<Test>::RefundDue);
		let before = free(USER);
		assert_ok!(close());
		assert_eq!(free(USER), before + 750);
		assert_noop!(redeem(PROVIDER, USER, voucher_by(&channel_pair(USER), 0, 400, 2)), Error::<Test>::NoChannel);
		// Funding again withdraws a refund request.
		open(USER, PROVIDER, 500);
		assert_ok!(refund());
		assert_ok!(Compute::fund_channel(RuntimeOrigin::signed(USER), PROVIDER, 10, channel_pair(USER).public().0));
		assert_eq!(Channels::<Test>::get(USER, PROVIDER).unwrap().refund_at, None);
		run_to_block(5 + REFUND_DELAY);
		assert_noop!(close(), Error::<Test>::NoRefund);
	});
}

#[test]
fn a_batch_settles_many_channels_and_reports_the_vouchers_it_refuses() {
	run_test(|| {
		provider(PROVIDER, MIN_STAKE, &[], 1, 1);
		let users: Vec<AccountId> = (10..30).collect();
		for user in &users {
			open(*user, PROVIDER, 1_000);
		}
		let before = free(PROVIDER);
		let mut batch: Vec<(AccountId, Voucher<Balance>)> =
			users.iter().map(|u| (*u, voucher(*u, PROVIDER, 10 * *u as Balance, 1))).collect();
		batch[3].1.amount += 1; // no longer what was signed
		batch[7].1 = voucher(users[7], PROVIDER, 5_000, 1); // above the deposit
		assert_ok!(Compute::redeem_batch(RuntimeOrigin::signed(PROVIDER), batch.try_into().unwrap()));
		let paid: Balance = users.iter().enumerate().filter(|(i, _)| *i != 3 && *i != 7).map(|(_, u)| 10 * *u as Balance).sum();
		assert_eq!(free(PROVIDER), before + paid);
		let refused: Vec<(AccountId, DispatchError)> = events()
			.into_iter()
			.filter_map(|e| match e {
				Event::VoucherRefused { user, error, .. } => Some((user, error)),
				_ => None,
			})
			.collect();
		assert_eq!(
			refused,
			vec![(users[3], Error::<Test>::BadSignature.into()), (users[7], Error::<Test>::VoucherOverDeposit.into())]
		);
		assert_eq!(held(users[3]), 1_000, "a refused voucher changes nothing");
		assert_noop!(
			Compute::redeem_batch(RuntimeOrigin::signed(PROVIDER), Default::default()),
			Error::<Test>::EmptyBatch
		);
	});
}

#[test]
fn provably_wrong_responses_slash_the_provider_once() {
	run_test(|| {
		provider(PROVIDER, MIN_STAKE, &[], 1, 1);
		let service = add_service(PROVIDER, Tokenizer::Bytes);
		let channel = open(USER, PROVIDER, 1_000);
		let (prompt, completion) = (b"user: hello\nassistant:".as_slice(), b" hi there".as_slice());

		// An honest receipt is no dispute.
		let honest = receipt(channel, 1, service, prompt, completion);
		assert_noop!(dispute(USER, &honest, sign_receipt(PROVIDER, &honest), prompt, completion), Error::<Test>::ResponseNotWrong);
		// Evidence that is not what the receipt hashes proves nothing.
		assert_noop!(
			dispute(USER, &honest, sign_receipt(PROVIDER, &honest), prompt, b" hi"),
			Error::<Test>::EvidenceMismatch
		);
		// A receipt the user made up does not carry the provider's signature.
		let overcount = ResponseReceipt { output_tokens: 50, ..honest.clone() };
		assert_noop!(dispute(USER, &overcount, attestation_pair(USER).sign(&[0u8; 32]).0, prompt, completion), Error::<Test>::BadSignature);

		// The provider charged 50 completion tokens for 9 bytes: slashed, half of it to the user.
		let (stake, user_free) = (Providers::<Test>::get(PROVIDER).unwrap().stake, free(USER));
		assert_ok!(dispute(USER, &overcount, sign_receipt(PROVIDER, &overcount), prompt, completion));
		let slash = FalseSlash::get() * stake;
		assert_eq!(Providers::<Test>::get(PROVIDER).unwrap().stake, stake - slash);
		assert_eq!(free(USER), user_free + ChallengerShare::get() * slash);
		assert!(events().contains(&Event::ResponseDisputed {
			user: USER,
			provider: PROVIDER,
			channel,
			nonce: 1,
			reason: WrongResponse::OutputTokens,
		}));
		// The same receipt (or an older one) cannot be used again.
		assert_noop!(dispute(USER, &overcount, sign_receipt(PROVIDER, &overcount), prompt, completion), Error::<Test>::AlreadyDisputed);

		// Wrong prompt count, wrong model, another provider's service: each provably wrong.
		let cases = [
			(ResponseReceipt { nonce: 2, input_tokens: 1, ..honest.clone() }, WrongResponse::InputTokens),
			(ResponseReceipt { nonce: 3, model: H256::repeat_byte(1), ..honest.clone() }, WrongResponse::Model),
		];
		for (wrong, reason) in cases {
			assert_ok!(dispute(USER, &wrong, sign_receipt(PROVIDER, &wrong), prompt, completion));
			assert_eq!(events().last(), Some(&Event::ResponseDisputed { user: USER, provider: PROVIDER, channel, nonce: wrong.nonce, reason }));
		}
		provider(5, MIN_STAKE, &[], 1, 1);
		let foreign = add_service(5, Tokenizer::Bytes);
		let claimed = ResponseReceipt { nonce: 4, service: foreign, ..honest.clone() };
		assert_ok!(dispute(USER, &claimed, sign_receipt(PROVIDER, &claimed), prompt, completion));
		assert_eq!(
			events().last(),
			Some(&Event::ResponseDisputed { user: USER, provider: PROVIDER, channel, nonce: 4, reason: WrongResponse::Service })
		);

		// A receipt of another channel, or of a service that does not exist, is refused.
		let elsewhere = ResponseReceipt { channel: channel + 1, nonce: 9, ..overcount.clone() };
		assert_noop!(dispute(USER, &elsewhere, sign_receipt(PROVIDER, &elsewhere), prompt, completion), Error::<Test>::BadReceipt);
		let nowhere = ResponseReceipt { nonce: 9, service: 77, ..overcount.clone() };
		assert_noop!(dispute(USER, &nowhere, sign_receipt(PROVIDER, &nowhere), prompt, completion), Error::<Test>::UnknownService);
	});
}

#[test]
fn counts_of_a_model_tokenizer_are_not_disputable_but_its_model_is() {
	run_test(|| {
		provider(PROVIDER, MIN_STAKE, &[], 1, 1);
		let service = add_service(PROVIDER, Tokenizer::Model);
		let channel = open(USER, PROVIDER, 1_000);
		let (prompt, completion) = (b"hello".as_slice(), b"world".as_slice());
		let counts = ResponseReceipt { output_tokens: 1_000, ..receipt(channel, 1, service, prompt, completion) };
		assert_noop!(dispute(USER, &counts, sign_receipt(PROVIDER, &counts), prompt, completion), Error::<Test>::ResponseNotWrong);
		let model = ResponseReceipt { model: H256::zero(), ..counts.clone() };
		assert_ok!(dispute(USER, &model, sign_receipt(PROVIDER, &model), prompt, completion));
	});
}

#[test]
fn nobody_but_the_channels_user_disputes_its_receipts() {
	run_test(|| {
		provider(PROVIDER, MIN_STAKE, &[], 1, 1);
		let service = add_service(PROVIDER, Tokenizer::Bytes);
		let channel = open(USER, PROVIDER, 1_000);
		let wrong = ResponseReceipt { output_tokens: 99, ..receipt(channel, 1, service, b"a", b"b") };
		// Another user with a channel of its own to the same provider cannot use this channel's receipt.
		open(3, PROVIDER, 1_000);
		assert_noop!(dispute(3, &wrong, sign_receipt(PROVIDER, &wrong), b"a", b"b"), Error::<Test>::BadReceipt);
		assert_noop!(dispute(4, &wrong, sign_receipt(PROVIDER, &wrong), b"a", b"b"), Error::<Test>::NoChannel);
	});
}
