//! Metered inference: services, payment channels, vouchers and response disputes (see the crate docs).

use super::*;
use sp_runtime::{traits::CheckedAdd, SaturatedConversion};
use zg_primitives::compute::inference::{self as proto, ResponseReceipt};

impl<T: Config> Pallet<T> {
	fn genesis() -> H256 {
		H256::from_slice(frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero()).as_ref())
	}

	fn ed25519_ok(signature: &[u8; 64], message: &[u8; 32], key: &[u8; 32]) -> bool {
		sp_io::crypto::ed25519_verify(
			&sp_core::ed25519::Signature::from_raw(*signature),
			message,
			&sp_core::ed25519::Public::from_raw(*key),
		)
	}

	pub(crate) fn do_add_service(
		provider: T::AccountId,
		model: BoundedVec<u8, ConstU32<64>>,
		weights: H256,
		tokenizer: Tokenizer,
		input_price: BalanceOf<T>,
		output_price: BalanceOf<T>,
		endpoint: BoundedVec<u8, ConstU32<256>>,
	) -> DispatchResult {
		let info = Providers::<T>::get(&provider).ok_or(Error::<T>::NotProvider)?;
		ensure!(info.unbonding_at.is_none(), Error::<T>::Leaving);
		ensure!(!model.is_empty() && !endpoint.is_empty(), Error::<T>::BadService);
		let count = ServiceCount::<T>::get(&provider);
		ensure!(count < T::MaxServices::get(), Error::<T>::TooManyServices);
		let id = NextServiceId::<T>::get();
		NextServiceId::<T>::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
		ServiceCount::<T>::insert(&provider, count + 1);
		let now = frame_system::Pallet::<T>::block_number();
		Services::<T>::insert(
			id,
			Service {
				provider: provider.clone(),
				model: model.clone(),
				weights,
				tokenizer,
				input_price,
				output_price,
				endpoint,
				next: None,
				retired_at: None,
			},
		);
		Self::deposit_event(Event::ServiceAdded { service: id, provider, model: model.to_vec(), weights, tokenizer });
		Self::deposit_event(Event::ServicePrices { service: id, input_price, output_price, from: now });
		Ok(())
	}

	pub(crate) fn do_update_service(
		provider: T::AccountId,
		id: ServiceId,
		input_price: BalanceOf<T>,
		output_price: BalanceOf<T>,
		endpoint: BoundedVec<u8, ConstU32<256>>,
	) -> DispatchResult {
		let mut service = Services::<T>::get(id).ok_or(Error::<T>::UnknownService)?;
		ensure!(service.provider == provider, Error::<T>::NotServiceProvider);
		ensure!(service.retired_at.is_none(), Error::<T>::ServiceRetired);
		ensure!(!endpoint.is_empty(), Error::<T>::BadService);
		let now = frame_system::Pallet::<T>::block_number();
		let (current_in, current_out) = service.prices_at(now);
		// A cut applies at once; a raise only after the notice, at the prices in force until then.
		service.input_price = input_price.min(current_in);
		service.output_price = output_price.min(current_out);
		let raised = input_price > current_in || output_price > current_out;
		let from = if raised { now.saturating_add(T::PriceNotice::get()) } else { now };
		service.next = raised.then_some((input_price, output_price, from));
		service.endpoint = endpoint;
		Services::<T>::insert(id, service);
		Self::deposit_event(Event::ServicePrices { service: id, input_price, output_price, from });
		Ok(())
	}

	pub(crate) fn do_retire_service(provider: T::AccountId, id: ServiceId) -> DispatchResult {
		let mut service = Services::<T>::get(id).ok_or(Error::<T>::UnknownService)?;
		ensure!(service.provider == provider, Error::<T>::NotServiceProvider);
		let now = frame_system::Pallet::<T>::block_number();
		match service.retired_at {
			None => {
				service.retired_at = Some(now);
				Services::<T>::insert(id, service);
				Self::deposit_event(Event::ServiceRetired { service: id });
			},
			Some(at) => {
				ensure!(now >= at.saturating_add(T::ServiceRetention::get()), Error::<T>::RetentionRunning);
				Services::<T>::remove(id);
				ServiceCount::<T>::mutate_exists(&provider, |count| {
					*count = count.and_then(|c| c.checked_sub(1)).filter(|c| *c > 0);
				});
				Self::deposit_event(Event::ServiceRemoved { service: id });
			},
		}
		Ok(())
	}

	pub(crate) fn do_fund_channel(
		user: T::AccountId,
		provider: T::AccountId,
		amount: BalanceOf<T>,
		key: [u8; 32],
	) -> DispatchResult {
		ensure!(user != provider, Error::<T>::BadChannel);
		ensure!(Providers::<T>::contains_key(&provider), Error::<T>::NotProvider);
		let mut channel = match Channels::<T>::get(&user, &provider) {
			Some(channel) => {
				ensure!(channel.key == key, Error::<T>::WrongChannelKey);
				channel
			},
			None => {
				ensure!(amount >= T::MinChannelDeposit::get(), Error::<T>::DepositTooLow);
				let id = NextChannelId::<T>::get();
				NextChannelId::<T>::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
				Channel {
					id,
					key,
					deposit: Zero::zero(),
					redeemed: Zero::zero(),
					nonce: 0,
					disputed: 0,
					refund_at: None,
				}
			},
		};
		ensure!(!amount.is_zero(), Error::<T>::DepositTooLow);
		channel.deposit = channel.deposit.checked_add(&amount).ok_or(Error::<T>::Overflow)?;
		T::Currency::hold(&HoldReason::Channel.into(), &user, amount).map_err(|_| Error::<T>::InsufficientFunds)?;
		// Funding again withdraws a refund request.
		channel.refund_at = None;
		let (id, deposit) = (channel.id, channel.deposit);
		Channels::<T>::insert(&user, &provider, channel);
		Self::deposit_event(Event::ChannelFunded { user, provider, channel: id, amount, deposit });
		Ok(())
	}

	/// Redeems `voucher` of `user`'s channel to `provider`: pays the provider what it adds to what was redeemed.
	pub(crate) fn do_redeem(
		provider: &T::AccountId,
		user: &T::AccountId,
		voucher: &Voucher<BalanceOf<T>>,
	) -> Result<BalanceOf<T>, DispatchError> {
		let mut channel = Channels::<T>::get(user, provider).ok_or(Error::<T>::NoChannel)?;
		let now = frame_system::Pallet::<T>::block_number();
		if let Some(at) = channel.refund_at {
			ensure!(now < at, Error::<T>::RefundDue);
		}
		ensure!(voucher.nonce > channel.nonce && voucher.amount >= channel.redeemed, Error::<T>::StaleVoucher);
		ensure!(voucher.amount <= channel.deposit, Error::<T>::VoucherOverDeposit);
		let message =
			proto::voucher_message(&Self::genesis(), channel.id, voucher.amount.saturated_into(), voucher.nonce);
		ensure!(Self::ed25519_ok(&voucher.signature, &message, &channel.key), Error::<T>::BadSignature);
		let paid = voucher.amount.saturating_sub(channel.redeemed);
		if !paid.is_zero() {
			<T::Currency as fungible::MutateHold<T::AccountId>>::transfer_on_hold(
				&HoldReason::Channel.into(),
				user,
				provider,
				paid,
				Precision::Exact,
				Restriction::Free,
				Fortitude::Polite,
			)?;
		}
		channel.redeemed = voucher.amount;
		channel.nonce = voucher.nonce;
		let id = channel.id;
		Channels::<T>::insert(user, provider, channel);
		Self::deposit_event(Event::VoucherRedeemed {
			user: user.clone(),
			provider: provider.clone(),
			channel: id,
			paid,
			redeemed: voucher.amount,
			nonce: voucher.nonce,
		});
		Ok(paid)
	}

	pub(crate) fn do_request_refund(user: T::AccountId, provider: T::AccountId) -> DispatchResult {
		let mut channel = Channels::<T>::get(&user, &provider).ok_or(Error::<T>::NoChannel)?;
		ensure!(channel.refund_at.is_none(), Error::<T>::RefundPending);
		let at = frame_system::Pallet::<T>::block_number().saturating_add(T::RefundDelay::get());
		channel.refund_at = Some(at);
		let id = channel.id;
		Channels::<T>::insert(&user, &provider, channel);
		Self::deposit_event(Event::RefundRequested { user, provider, channel: id, refund_at: at });
		Ok(())
	}

	pub(crate) fn do_close_channel(user: T::AccountId, provider: T::AccountId) -> DispatchResult {
		let channel = Channels::<T>::get(&user, &provider).ok_or(Error::<T>::NoChannel)?;
		let at = channel.refund_at.ok_or(Error::<T>::NoRefund)?;
		ensure!(frame_system::Pallet::<T>::block_number() >= at, Error::<T>::RefundNotDue);
		let rest = channel.deposit.saturating_sub(channel.redeemed);
		let refunded = T::Currency::release(&HoldReason::Channel.into(), &user, rest, Precision::BestEffort)?;
		Channels::<T>::remove(&user, &provider);
		Self::deposit_event(Event::ChannelClosed { user, provider, channel: channel.id, refunded });
		Ok(())
	}

	/// Whether a receipt signed by `provider` is provably wrong, given the prompt and completion it names.
	pub(crate) fn wrong_response(
		provider: &T::AccountId,
		receipt: &ResponseReceipt,
		prompt: &[u8],
		completion: &[u8],
	) -> Result<Option<WrongResponse>, DispatchError> {
		let service = Services::<T>::get(receipt.service).ok_or(Error::<T>::UnknownService)?;
		if service.provider != *provider {
			return Ok(Some(WrongResponse::Service));
		}
		if receipt.model != service.weights {
			return Ok(Some(WrongResponse::Model));
		}
		let matches = sp_io::hashing::blake2_256(prompt) == receipt.prompt.0 &&
			sp_io::hashing::blake2_256(completion) == receipt.completion.0;
		ensure!(matches, Error::<T>::EvidenceMismatch);
		let (Some(input), Some(output)) = (service.tokenizer.count(prompt), service.tokenizer.count(completion))
		else {
			return Ok(None);
		};
		Ok(if input != u64::from(receipt.input_tokens) {
			Some(WrongResponse::InputTokens)
		} else if output != u64::from(receipt.output_tokens) {
			Some(WrongResponse::OutputTokens)
		} else {
			None
		})
	}

	pub(crate) fn do_dispute_response(
		user: T::AccountId,
		provider: T::AccountId,
		receipt: ResponseReceipt,
		signature: [u8; 64],
		prompt: &[u8],
		completion: &[u8],
	) -> DispatchResult {
		let mut channel = Channels::<T>::get(&user, &provider).ok_or(Error::<T>::NoChannel)?;
		ensure!(receipt.channel == channel.id, Error::<T>::BadReceipt);
		ensure!(receipt.nonce > channel.disputed, Error::<T>::AlreadyDisputed);
		let info = Providers::<T>::get(&provider).ok_or(Error::<T>::NotProvider)?;
		let message = proto::receipt_message(&Self::genesis(), &receipt);
		ensure!(Self::ed25519_ok(&signature, &message, &info.attestation_key), Error::<T>::BadSignature);
		let reason = Self::wrong_response(&provider, &receipt, prompt, completion)?
			.ok_or(Error::<T>::ResponseNotWrong)?;
		channel.disputed = receipt.nonce;
		let id = channel.id;
		Channels::<T>::insert(&user, &provider, channel);
		Self::slash(&provider, T::FalseResultSlash::get(), Some((&user, T::ChallengerShare::get())));
		Self::deposit_event(Event::ResponseDisputed { user, provider, channel: id, nonce: receipt.nonce, reason });
		Ok(())
	}

	/// Services with ids from `from` on, at most `max` (capped), for the runtime API.
	pub fn services_view(
		from: ServiceId,
		max: u32,
	) -> Vec<proto::ServiceView<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>> {
		let now = frame_system::Pallet::<T>::block_number();
		let max = max.min(proto::MAX_SERVICES_PER_QUERY);
		let end = NextServiceId::<T>::get();
		let mut out = Vec::new();
		let mut id = from;
		// Removed services leave gaps; each id was created by a paid transaction, so the scan is bounded by them.
		while id < end && (out.len() as u32) < max {
			if let Some(service) = Services::<T>::get(id) {
				let (input_price, output_price) = service.prices_at(now);
				let attestation_key =
					Providers::<T>::get(&service.provider).map(|p| p.attestation_key).unwrap_or_default();
				out.push(proto::ServiceView {
					id,
					provider: service.provider,
					model: service.model.into_inner(),
					weights: service.weights,
					tokenizer: service.tokenizer,
					input_price,
					output_price,
					next: service.next.filter(|(_, _, from)| *from > now),
					endpoint: service.endpoint.into_inner(),
					attestation_key,
					retired: service.retired_at.is_some(),
				});
			}
			id = id.saturating_add(1);
		}
		out
	}

	/// `user`'s channel to `provider`, for the runtime API.
	pub fn channel_view(
		user: &T::AccountId,
		provider: &T::AccountId,
	) -> Option<proto::ChannelView<BalanceOf<T>, BlockNumberFor<T>>> {
		Channels::<T>::get(user, provider).map(|c| proto::ChannelView {
			id: c.id,
			key: c.key,
			deposit: c.deposit,
			redeemed: c.redeemed,
			nonce: c.nonce,
			refund_at: c.refund_at,
		})
	}

	#[cfg(any(feature = "try-runtime", test))]
	/// The channels' invariants: `deposit ≥ redeemed`, and each user's hold for channels is the sum of its
	/// channels' `deposit - redeemed`.
	pub(crate) fn channels_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		let mut held: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut ids = alloc::collections::btree_set::BTreeSet::new();
		for (user, _, channel) in Channels::<T>::iter() {
			ensure!(channel.deposit >= channel.redeemed, "a channel paid out more than its deposit");
			ensure!(channel.id < NextChannelId::<T>::get() && ids.insert(channel.id), "a channel id is reused");
			let h = held.entry(user).or_insert_with(Zero::zero);
			*h = h.saturating_add(channel.deposit.saturating_sub(channel.redeemed));
		}
		for (user, amount) in held {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::Channel.into(), &user) == amount,
				"a user's channel hold does not match its channels"
			);
		}
		let mut counts: BTreeMap<T::AccountId, u32> = BTreeMap::new();
		for (_, service) in Services::<T>::iter() {
			*counts.entry(service.provider).or_default() += 1;
		}
		for (provider, count) in ServiceCount::<T>::iter() {
			ensure!(counts.remove(&provider) == Some(count), "a provider's service count is wrong");
		}
		ensure!(counts.is_empty(), "services without a count");
		Ok(())
	}
}
