//! Matching, settlement, disputes, slashing and the per-block task queue.

use super::*;
use zg_primitives::compute::{packed_len, parse_stored_output, public_inputs, STORED_OUTPUT_LEN};

/// How many consecutive blocks a task may spill into when its block's queue is full.
const SPILL: u32 = 8;

impl<T: Config> Pallet<T> {
	/// Checks a kind's rules (bounds, and a circuit whose key decodes and fits the statement).
	pub(crate) fn check_kind(kind: &JobKindOf<T>) -> DispatchResult {
		let bounds_ok = kind.min_input <= kind.max_input &&
			kind.unit_bytes > 0 &&
			kind.max_output > 0 &&
			kind.max_output <= T::MaxOutput::get() &&
			(kind.stored_input || kind.max_input <= T::MaxInlineInput::get() as u64);
		ensure!(bounds_ok, Error::<T>::BadKind);
		ensure!(kind.mode == Mode::Attested || kind.circuit.is_some(), Error::<T>::BadKind);
		if let Some(file) = &kind.stored_output {
			// The output is the file's root and size; the chain checks delivery, so only attested kinds.
			ensure!(
				kind.mode == Mode::Attested &&
					kind.max_output as usize == STORED_OUTPUT_LEN &&
					file.max_size > 0 && file.periods > 0,
				Error::<T>::BadKind
			);
		}
		if let Some(circuit) = &kind.circuit {
			// A circuit has a fixed statement: an exact input length (or a root) and an exact output length.
			let input_len = if kind.stored_input {
				32
			} else {
				ensure!(kind.min_input == kind.max_input, Error::<T>::BadKind);
				kind.max_input as usize
			};
			let expected = 1 + packed_len(input_len) + 2 + packed_len(kind.max_output as usize);
			let inputs = T::Verifier::key_inputs(circuit.system, &circuit.vk).map_err(|_| Error::<T>::BadKind)?;
			ensure!(inputs as usize == expected, Error::<T>::BadKind);
		}
		Ok(())
	}

	/// Puts `who`'s offer for `kind` at its price's place in the kind's index.
	pub(crate) fn index_offer(kind: KindId, who: &T::AccountId, price: BalanceOf<T>) -> DispatchResult {
		OffersByKind::<T>::try_mutate(kind, |offers| {
			offers.retain(|(_, a)| a != who);
			let at = offers.partition_point(|(p, _)| *p <= price);
			offers.try_insert(at, (price, who.clone())).map_err(|_| Error::<T>::KindFull.into())
		})
	}

	/// Takes `who` out of the kind's index.
	pub(crate) fn unindex_offer(kind: KindId, who: &T::AccountId) {
		OffersByKind::<T>::mutate(kind, |offers| offers.retain(|(_, a)| a != who));
	}

	fn random_u32(subject: &[u8]) -> u32 {
		let (seed, _) = T::Randomness::random(subject);
		let bytes = seed.encode();
		let mut word = [0u8; 4];
		for (i, b) in bytes.iter().enumerate() {
			word[i % 4] ^= *b;
		}
		u32::from_le_bytes(word)
	}

	/// Queues `task` at `at` or, if that block is full, one of the next few. Answers the block.
	pub(crate) fn schedule(at: BlockNumberFor<T>, task: DueTask) -> Result<BlockNumberFor<T>, Error<T>> {
		for spill in 0..SPILL {
			let block = at.saturating_add(spill.into());
			if Due::<T>::try_mutate(block, |tasks| tasks.try_push(task)).is_ok() {
				return Ok(block);
			}
		}
		Err(Error::<T>::QueueFull)
	}

	pub(crate) fn do_submit_job(
		owner: T::AccountId,
		kind_id: KindId,
		input: JobInput<T::MaxInlineInput>,
		max_price: BalanceOf<T>,
		deadline: BlockNumberFor<T>,
	) -> Result<u32, DispatchError> {
		let kind = Kinds::<T>::get(kind_id).ok_or(Error::<T>::UnknownKind)?;
		let size = match &input {
			JobInput::Inline(bytes) if !kind.stored_input => bytes.len() as u64,
			JobInput::Stored(root) if kind.stored_input =>
				T::StoredFiles::stored_size(root).ok_or(Error::<T>::UnknownStoredInput)?,
			_ => return Err(Error::<T>::BadInput.into()),
		};
		ensure!(size >= kind.min_input && size <= kind.max_input, Error::<T>::BadInput);
		ensure!(
			deadline >= T::MinDeadline::get() && deadline <= T::MaxDeadline::get(),
			Error::<T>::BadDeadline
		);
		let mut ledger = Ledgers::<T>::get(&owner).unwrap_or_default();
		ensure!(max_price <= ledger.free, Error::<T>::InsufficientFunds);
		let units: BalanceOf<T> = (size.div_ceil(kind.unit_bytes).max(1) as u128)
			.try_into()
			.map_err(|_| Error::<T>::Overflow)?;
		// A stored output's storage fee is paid from the escrow: the price must leave room for the largest file.
		let reserve = Self::output_reserve(&kind)?;

		let job = NextJobId::<T>::get();
		// Cheapest offers first; collect every one at the lowest price with free capacity.
		let offers = OffersByKind::<T>::get(kind_id);
		let mut scanned = 0u32;
		let mut best: Option<BalanceOf<T>> = None;
		let mut candidates: Vec<T::AccountId> = Vec::new();
		for (price, who) in offers.iter() {
			scanned += 1;
			if best.is_some_and(|b| *price > b) {
				break;
			}
			let Some(cost) = price.checked_mul(&units).and_then(|c| c.checked_add(&reserve)) else { break };
			if cost > max_price {
				break;
			}
			let Some(provider) = Providers::<T>::get(who) else { continue };
			let free = provider.unbonding_at.is_none() &&
				provider.stake >= T::MinProviderStake::get() &&
				provider.offers.iter().any(|o| o.kind == kind_id && o.in_flight < o.capacity);
			if free {
				best = Some(*price);
				candidates.push(who.clone());
			}
		}
		let (Some(unit_price), false) = (best, candidates.is_empty()) else {
			return Err(Error::<T>::NoProvider.into());
		};
		let pick = Self::random_u32(&(b"zg-compute/match", job).encode()) as usize % candidates.len();
		let provider = candidates.swap_remove(pick);
		let price = unit_price.saturating_mul(units);

		let now = frame_system::Pallet::<T>::block_number();
		let deadline = now.saturating_add(deadline);
		Self::schedule(deadline.saturating_add(1u32.into()), DueTask::Timeout(job))?;
		Self::schedule(deadline.saturating_add(T::ResultRetention::get()), DueTask::Prune(job))?;

		ledger.free -= max_price;
		ledger.locked = ledger.locked.saturating_add(max_price);
		Ledgers::<T>::insert(&owner, ledger);
		Providers::<T>::mutate(&provider, |p| {
			if let Some(p) = p {
				p.duties += 1;
				if let Some(o) = p.offers.iter_mut().find(|o| o.kind == kind_id) {
					o.in_flight += 1;
				}
			}
		});
		ProviderJobs::<T>::insert(&provider, job, ());
		Jobs::<T>::insert(
			job,
			JobInfo {
				owner: owner.clone(),
				kind: kind_id,
				input,
				provider: provider.clone(),
				escrow: max_price,
				price,
				deadline,
				status: Status::Assigned,
			},
		);
		NextJobId::<T>::put(job.saturating_add(1));
		Self::deposit_event(Event::JobAssigned { job, owner, kind: kind_id, provider, price, deadline });
		Ok(scanned)
	}

	/// The job, checked to be assigned to `who`, still running and before its deadline.
	fn running_job(who: &T::AccountId, job: JobId) -> Result<JobInfo<T>, DispatchError> {
		let info = Jobs::<T>::get(job).ok_or(Error::<T>::UnknownJob)?;
		ensure!(&info.provider == who, Error::<T>::NotJobProvider);
		ensure!(matches!(info.status, Status::Assigned), Error::<T>::WrongStatus);
		ensure!(frame_system::Pallet::<T>::block_number() <= info.deadline, Error::<T>::TooLate);
		Ok(info)
	}

	fn verify_error(e: VerifyError) -> Error<T> {
		match e {
			VerifyError::Invalid => Error::<T>::InvalidProof,
			_ => Error::<T>::MalformedProof,
		}
	}

	pub(crate) fn do_submit_proofs(
		who: T::AccountId,
		results: Vec<(JobId, BoundedVec<u8, T::MaxOutput>, BoundedVec<u8, T::MaxProofLen>)>,
	) -> DispatchResult {
		ensure!(!results.is_empty() && results.len() <= T::MaxBatch::get() as usize, Error::<T>::BadBatch);
		let mut kind_id = None;
		let mut jobs = Vec::with_capacity(results.len());
		let mut items = Vec::with_capacity(results.len());
		for (job, output, proof) in &results {
			ensure!(!jobs.iter().any(|(j, _)| j == job), Error::<T>::BadBatch);
			let info = Self::running_job(&who, *job)?;
			ensure!(kind_id.is_none_or(|k| k == info.kind), Error::<T>::BadBatch);
			kind_id = Some(info.kind);
			let kind = Kinds::<T>::get(info.kind).ok_or(Error::<T>::UnknownKind)?;
			ensure!(kind.mode == Mode::Proven, Error::<T>::WrongMode);
			ensure!(output.len() == kind.max_output as usize, Error::<T>::BadOutput);
			items.push((proof.to_vec(), public_inputs(*job, info.input.statement_bytes(), &kind.model, output)));
			jobs.push((*job, info));
		}
		let kind_id = kind_id.ok_or(Error::<T>::BadBatch)?;
		let circuit = Kinds::<T>::get(kind_id).ok_or(Error::<T>::UnknownKind)?.circuit.ok_or(Error::<T>::NoCircuit)?;
		match <[_; 1]>::try_from(items) {
			Ok([(proof, inputs)]) => T::Verifier::verify(circuit.system, &circuit.vk, &proof, inputs),
			Err(items) => T::Verifier::verify_batch(circuit.system, &circuit.vk, items),
		}
		.map_err(Self::verify_error)?;
		for ((job, info), (_, output, _)) in jobs.into_iter().zip(results) {
			Self::deposit_event(Event::JobProven { job, output: output.to_vec() });
			Self::settle(job, info, output, true)?;
		}
		Ok(())
	}

	/// Pays the provider the agreed price from the owner's escrow, refunds the rest to the owner's ledger and
	/// records the output.
	pub(crate) fn settle(
		job: JobId,
		mut info: JobInfo<T>,
		output: BoundedVec<u8, T::MaxOutput>,
		proven: bool,
	) -> DispatchResult {
		T::Currency::transfer_on_hold(
			&HoldReason::Ledger.into(),
			&info.owner,
			&info.provider,
			info.price,
			Precision::Exact,
			Restriction::Free,
			Fortitude::Polite,
		)?;
		let refund = info.escrow.saturating_sub(info.price);
		Self::release_escrow(&info.owner, info.escrow, refund);
		AwaitingDelivery::<T>::remove(job);
		Self::end_duty(&info.provider, Some(info.kind));
		ProviderJobs::<T>::remove(&info.provider, job);
		Self::deposit_event(Event::JobSettled {
			job,
			provider: info.provider.clone(),
			paid: info.price,
			refund,
		});
		info.status = Status::Done { output, proven };
		Jobs::<T>::insert(job, info);
		Ok(())
	}

	/// Unlocks `escrow` from the owner's ledger, `back` of it to the free part (the rest was paid out).
	fn release_escrow(owner: &T::AccountId, escrow: BalanceOf<T>, back: BalanceOf<T>) {
		Ledgers::<T>::mutate(owner, |l| {
			let l = l.get_or_insert_with(Default::default);
			l.locked = l.locked.saturating_sub(escrow);
			l.free = l.free.saturating_add(back);
		});
		if Ledgers::<T>::get(owner).is_some_and(|l| l.free.is_zero() && l.locked.is_zero()) {
			Ledgers::<T>::remove(owner);
		}
	}

	/// A job (of `kind`) or a juror duty of the provider ended.
	fn end_duty(provider: &T::AccountId, kind: Option<KindId>) {
		Providers::<T>::mutate(provider, |p| {
			if let Some(p) = p {
				p.duties = p.duties.saturating_sub(1);
				if let Some(kind) = kind {
					if let Some(o) = p.offers.iter_mut().find(|o| o.kind == kind) {
						o.in_flight = o.in_flight.saturating_sub(1);
					}
					// A withdrawn offer was kept only for its jobs in flight.
					p.offers.retain(|o| o.capacity > 0 || o.in_flight > 0);
				}
			}
		});
	}

	/// Refunds a failed job in full.
	fn fail(job: JobId, mut info: JobInfo<T>, reason: Failure) {
		Self::release_escrow(&info.owner, info.escrow, info.escrow);
		AwaitingDelivery::<T>::remove(job);
		Self::end_duty(&info.provider, Some(info.kind));
		ProviderJobs::<T>::remove(&info.provider, job);
		info.status = Status::Failed(reason);
		Jobs::<T>::insert(job, info);
		Self::deposit_event(Event::JobFailed { job, reason });
	}

	pub(crate) fn do_attest(
		who: T::AccountId,
		job: JobId,
		output: BoundedVec<u8, T::MaxOutput>,
		signature: [u8; 64],
	) -> DispatchResult {
		let mut info = Self::running_job(&who, job)?;
		let kind = Kinds::<T>::get(info.kind).ok_or(Error::<T>::UnknownKind)?;
		ensure!(kind.mode == Mode::Attested, Error::<T>::WrongMode);
		ensure!(!output.is_empty() && output.len() <= kind.max_output as usize, Error::<T>::BadOutput);
		let provider = Providers::<T>::get(&who).ok_or(Error::<T>::NotProvider)?;
		let genesis = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero());
		let message = zg_primitives::compute::attestation_message(
			&H256::from_slice(genesis.as_ref()),
			job,
			info.input.statement_bytes(),
			&output,
		);
		let valid = sp_io::crypto::ed25519_verify(
			&sp_core::ed25519::Signature::from_raw(signature),
			&message,
			&sp_core::ed25519::Public::from_raw(provider.attestation_key),
		);
		ensure!(valid, Error::<T>::BadSignature);
		let mut task = DueTask::Finalize(job);
		if let Some(file) = &kind.stored_output {
			if Self::store_output(job, &mut info, &provider.peer_id, file, &output)? {
				task = DueTask::Deliver(job);
			}
		}
		let now = frame_system::Pallet::<T>::block_number();
		let awaits_delivery = matches!(task, DueTask::Deliver(_));
		let until = Self::schedule(now.saturating_add(T::ChallengeWindow::get()), task)?;
		if awaits_delivery {
			AwaitingDelivery::<T>::insert(job, until);
		}
		Providers::<T>::mutate(&who, |p| {
			if let Some(p) = p {
				p.liable_until = p.liable_until.max(until.saturating_add(T::VoteWindow::get()));
			}
		});
		info.status = Status::Attested { output: output.clone(), until };
		Jobs::<T>::insert(job, info);
		Self::deposit_event(Event::JobAttested { job, output: output.to_vec(), until });
		Ok(())
	}

	/// The storage fee reserved in a job's escrow for its output file: the fee of the largest one.
	pub(crate) fn output_reserve(kind: &JobKindOf<T>) -> Result<BalanceOf<T>, Error<T>> {
		match &kind.stored_output {
			Some(file) => T::StoredFiles::fee(file.max_size, file.periods).ok_or(Error::<T>::Overflow),
			None => Ok(Zero::zero()),
		}
	}

	/// Submits an attested output file to zg storage for the job's owner, its fee paid from the escrow, and
	/// answers whether the provider's pay now waits for its delivery. Refused (the attestation with it) if the
	/// output is no file of the kind's bounds or the provider's node cannot encode it: both are the
	/// provider's doing. A refusal by the storage network for the owner's reasons (too many unstored files) or
	/// nobody's (too few storage providers) is recorded and the job settles without the file.
	fn store_output(
		job: JobId,
		info: &mut JobInfo<T>,
		peer_id: &[u8],
		file: &StoredOutput,
		output: &[u8],
	) -> Result<bool, DispatchError> {
		let (root, size) = parse_stored_output(output).ok_or(Error::<T>::BadOutput)?;
		ensure!(size > 0 && size <= file.max_size, Error::<T>::BadOutput);
		let encoder = T::StoredFiles::encoder_of_peer(peer_id).ok_or(Error::<T>::NoStorageNode)?;
		let fee = T::StoredFiles::fee(size, file.periods).ok_or(Error::<T>::Overflow)?;
		// The matching reserved the fee of the largest file on top of the price.
		ensure!(info.price.saturating_add(fee) <= info.escrow, Error::<T>::Overflow);
		let owner = info.owner.clone();
		let stored = frame_support::storage::with_transaction(|| {
			let result = T::Currency::release(&HoldReason::Ledger.into(), &owner, fee, Precision::Exact)
				.and_then(|_| T::StoredFiles::store(&owner, root, size, file.periods, &encoder));
			match result {
				Ok(true) => sp_runtime::TransactionOutcome::Commit(Ok(true)),
				// Already on chain: nothing was spent, the fee stays under the hold.
				other => sp_runtime::TransactionOutcome::Rollback(other),
			}
		});
		match stored {
			Ok(paid) => {
				let fee = if paid { fee } else { Zero::zero() };
				info.escrow = info.escrow.saturating_sub(fee);
				Ledgers::<T>::mutate(&owner, |l| {
					if let Some(l) = l {
						l.locked = l.locked.saturating_sub(fee);
					}
				});
				Self::deposit_event(Event::OutputStored { job, root, size, fee });
				Ok(true)
			},
			Err(error) => {
				Self::deposit_event(Event::OutputNotStored { job, root, error });
				Ok(false)
			},
		}
	}

	pub(crate) fn do_dispute(challenger: T::AccountId, job: JobId, evidence: Evidence) -> DispatchResult {
		let info = Jobs::<T>::get(job).ok_or(Error::<T>::UnknownJob)?;
		let Status::Attested { output, until } = info.status.clone() else {
			return Err(Error::<T>::WrongStatus.into())
		};
		let now = frame_system::Pallet::<T>::block_number();
		ensure!(now <= until, Error::<T>::WindowClosed);
		ensure!(challenger != info.provider, Error::<T>::NotADispute);
		let kind = Kinds::<T>::get(info.kind).ok_or(Error::<T>::UnknownKind)?;
		match evidence {
			Evidence::Proof { output: right, proof } => {
				let circuit = kind.circuit.ok_or(Error::<T>::NoCircuit)?;
				ensure!(right.len() == kind.max_output as usize, Error::<T>::BadOutput);
				ensure!(right[..] != output[..], Error::<T>::NotADispute);
				ensure!(proof.len() <= T::MaxProofLen::get() as usize, Error::<T>::MalformedProof);
				let inputs = public_inputs(job, info.input.statement_bytes(), &kind.model, &right);
				T::Verifier::verify(circuit.system, &circuit.vk, &proof, inputs).map_err(Self::verify_error)?;
				Self::deposit_event(Event::DisputeResolved { job, provider_right: Some(false) });
				Self::overturn(job, info, &challenger);
			},
			Evidence::Reexecute { claim } => {
				ensure!(claim.0 != sp_crypto_hashing::blake2_256(&output), Error::<T>::NotADispute);
				let jurors = Self::draw_jurors(job, info.kind, &[&info.provider, &challenger])?;
				T::Currency::hold(&HoldReason::DisputeBond.into(), &challenger, T::DisputeBond::get())
					.map_err(|_| Error::<T>::InsufficientFunds)?;
				let vote_until = Self::schedule(now.saturating_add(T::VoteWindow::get()), DueTask::Resolve(job))?;
				for juror in &jurors {
					JurorDuties::<T>::insert(juror, job, ());
					Providers::<T>::mutate(juror, |p| {
						if let Some(p) = p {
							p.duties += 1;
							p.liable_until = p.liable_until.max(vote_until);
						}
					});
				}
				Providers::<T>::mutate(&info.provider, |p| {
					if let Some(p) = p {
						p.liable_until = p.liable_until.max(vote_until);
					}
				});
				let mut info = info;
				info.status = Status::Disputed {
					output,
					challenger: challenger.clone(),
					claim,
					jurors: jurors
						.iter()
						.map(|j| (j.clone(), None))
						.collect::<Vec<_>>()
						.try_into()
						.map_err(|_| Error::<T>::NotEnoughJurors)?,
					until: vote_until,
				};
				Jobs::<T>::insert(job, info);
				Self::deposit_event(Event::Disputed { job, challenger, claim, jurors });
			},
		}
		Ok(())
	}

	/// Draws `Jurors` distinct providers offering `kind` (active, staked), none of `exclude`.
	fn draw_jurors(job: JobId, kind: KindId, exclude: &[&T::AccountId]) -> Result<Vec<T::AccountId>, DispatchError> {
		let mut eligible: Vec<T::AccountId> = OffersByKind::<T>::get(kind)
			.into_iter()
			.map(|(_, who)| who)
			.filter(|who| !exclude.contains(&who))
			.filter(|who| {
				Providers::<T>::get(who)
					.is_some_and(|p| p.unbonding_at.is_none() && p.stake >= T::MinProviderStake::get())
			})
			.collect();
		let n = T::Jurors::get() as usize;
		ensure!(eligible.len() >= n, Error::<T>::NotEnoughJurors);
		let mut jurors = Vec::with_capacity(n);
		for i in 0..n {
			let r = Self::random_u32(&(b"zg-compute/jurors", job, i as u32).encode()) as usize;
			jurors.push(eligible.swap_remove(r % eligible.len()));
		}
		Ok(jurors)
	}

	/// The attested result was shown wrong: the provider is slashed (the challenger gets its share), the owner
	/// refunded in full.
	fn overturn(job: JobId, info: JobInfo<T>, challenger: &T::AccountId) {
		let provider = info.provider.clone();
		Self::fail(job, info, Failure::Overturned);
		Self::slash(&provider, T::FalseResultSlash::get(), Some((challenger, T::ChallengerShare::get())));
	}

	pub(crate) fn do_vote(who: T::AccountId, job: JobId, hash: H256) -> DispatchResult {
		let mut info = Jobs::<T>::get(job).ok_or(Error::<T>::UnknownJob)?;
		let Status::Disputed { jurors, until, .. } = &mut info.status else {
			return Err(Error::<T>::WrongStatus.into())
		};
		ensure!(frame_system::Pallet::<T>::block_number() <= *until, Error::<T>::WindowClosed);
		let slot = jurors.iter_mut().find(|(j, _)| *j == who).ok_or(Error::<T>::NotJuror)?;
		ensure!(slot.1.is_none(), Error::<T>::AlreadyVoted);
		slot.1 = Some(hash);
		let all_voted = jurors.iter().all(|(_, v)| v.is_some());
		Jobs::<T>::insert(job, info);
		Self::deposit_event(Event::Voted { job, juror: who, output_hash: hash });
		if all_voted {
			Self::resolve(job);
		}
		Ok(())
	}

	/// Counts a dispute's votes and settles it.
	pub(crate) fn resolve(job: JobId) {
		let Some(info) = Jobs::<T>::get(job) else { return };
		let Status::Disputed { output, challenger, claim, jurors, .. } = info.status.clone() else { return };
		let attested = H256(sp_crypto_hashing::blake2_256(&output));
		let majority = jurors.len() / 2 + 1;
		let for_provider = jurors.iter().filter(|(_, v)| *v == Some(attested)).count();
		let for_claim = jurors.iter().filter(|(_, v)| *v == Some(claim)).count();
		// The most votes one output other than the attested one got: jurors who agree the provider is wrong need
		// not agree with the challenger, or an account of the provider's own could save a false result by
		// disputing it first with a made-up claim (a job is disputed once).
		let against = jurors
			.iter()
			.filter_map(|(_, v)| v.filter(|v| *v != attested))
			.map(|v| jurors.iter().filter(|(_, w)| *w == Some(v)).count())
			.max()
			.unwrap_or(0);
		for (juror, vote) in &jurors {
			Self::end_duty(juror, None);
			JurorDuties::<T>::remove(juror, job);
			if vote.is_none() {
				Self::slash(juror, T::MissSlash::get(), None);
			}
		}
		let bond = T::DisputeBond::get();
		if for_claim >= majority {
			Self::deposit_event(Event::DisputeResolved { job, provider_right: Some(false) });
			let _ = T::Currency::release(&HoldReason::DisputeBond.into(), &challenger, bond, Precision::BestEffort);
			Self::overturn(job, info, &challenger);
		} else if against >= majority {
			// The attested result is wrong, and so was the claim: the provider is slashed and the owner refunded
			// as for any false result; the challenger gets its bond back but no share of the slash.
			Self::deposit_event(Event::DisputeResolved { job, provider_right: Some(false) });
			let _ = T::Currency::release(&HoldReason::DisputeBond.into(), &challenger, bond, Precision::BestEffort);
			let provider = info.provider.clone();
			Self::fail(job, info, Failure::Overturned);
			Self::slash(&provider, T::FalseResultSlash::get(), None);
		} else if for_provider >= majority {
			Self::deposit_event(Event::DisputeResolved { job, provider_right: Some(true) });
			// The bond goes half to the jurors who voted right, the rest to the provider.
			let right: Vec<&T::AccountId> =
				jurors.iter().filter(|(_, v)| *v == Some(attested)).map(|(j, _)| j).collect();
			let each = Perbill::from_percent(50).mul_floor(bond) / (right.len() as u32).into();
			for juror in &right {
				Self::move_bond(&challenger, juror, each);
			}
			Self::move_bond(&challenger, &info.provider, bond.saturating_sub(each.saturating_mul((right.len() as u32).into())));
			Self::settle_or_deliver(job, info, output);
		} else {
			Self::deposit_event(Event::DisputeResolved { job, provider_right: None });
			let _ = T::Currency::release(&HoldReason::DisputeBond.into(), &challenger, bond, Precision::BestEffort);
			Self::settle_or_deliver(job, info, output);
		}
	}

	/// A disputed result that stands: paid, or, if it is a file still to be delivered, attested again (its window
	/// closed) and its delivery checked now and then as any other's. The check due while the job was disputed
	/// found it disputed and did nothing: without this a provider (or an account of its own disputing) would be
	/// paid for a file it never handed to the storage network.
	fn settle_or_deliver(job: JobId, mut info: JobInfo<T>, output: BoundedVec<u8, T::MaxOutput>) {
		if !AwaitingDelivery::<T>::contains_key(job) {
			return Self::settle_or_log(job, info, output);
		}
		let now = frame_system::Pallet::<T>::block_number();
		info.status = Status::Attested { output, until: now.saturating_sub(One::one()) };
		Jobs::<T>::insert(job, info);
		AwaitingDelivery::<T>::insert(job, now);
		Self::deliver(job, now);
	}

	fn move_bond(from: &T::AccountId, to: &T::AccountId, amount: BalanceOf<T>) {
		if amount.is_zero() {
			return;
		}
		if let Err(e) = T::Currency::transfer_on_hold(
			&HoldReason::DisputeBond.into(),
			from,
			to,
			amount,
			Precision::BestEffort,
			Restriction::Free,
			Fortitude::Force,
		) {
			log::error!(target: LOG_TARGET, "dispute bond could not be moved: {e:?}");
		}
	}

	fn settle_or_log(job: JobId, info: JobInfo<T>, output: BoundedVec<u8, T::MaxOutput>) {
		if let Err(e) = Self::settle(job, info, output, false) {
			log::error!(target: LOG_TARGET, "job {job} could not be settled: {e:?}");
		}
	}

	/// Slashes `fraction` of `who`'s stake: `share` of it to the beneficiary, the rest burnt. A provider left
	/// below the minimum stake loses its offers (it may bond more and offer again).
	pub(crate) fn slash(
		who: &T::AccountId,
		fraction: Perbill,
		beneficiary: Option<(&T::AccountId, Perbill)>,
	) -> BalanceOf<T> {
		let Some(mut provider) = Providers::<T>::get(who) else { return Zero::zero() };
		let reason: T::RuntimeHoldReason = HoldReason::ProviderStake.into();
		let amount = fraction.mul_floor(provider.stake);
		let mut to_beneficiary = Zero::zero();
		if let Some((to, share)) = beneficiary {
			to_beneficiary = T::Currency::transfer_on_hold(
				&reason,
				who,
				to,
				share.mul_floor(amount),
				Precision::BestEffort,
				Restriction::Free,
				Fortitude::Force,
			)
			.unwrap_or_else(|e| {
				log::error!(target: LOG_TARGET, "slash could not be paid out: {e:?}");
				Zero::zero()
			});
		}
		let burnt = T::Currency::burn_held(
			&reason,
			who,
			amount.saturating_sub(to_beneficiary),
			Precision::BestEffort,
			Fortitude::Force,
		)
		.unwrap_or_else(|e| {
			log::error!(target: LOG_TARGET, "slash could not be burnt: {e:?}");
			Zero::zero()
		});
		let slashed = to_beneficiary.saturating_add(burnt);
		provider.stake = provider.stake.saturating_sub(slashed);
		if provider.stake < T::MinProviderStake::get() {
			for offer in provider.offers.iter_mut() {
				if offer.capacity > 0 {
					Self::unindex_offer(offer.kind, who);
					offer.capacity = 0;
					Self::deposit_event(Event::OfferRemoved { provider: who.clone(), kind: offer.kind });
				}
			}
			provider.offers.retain(|o| o.in_flight > 0);
		}
		Providers::<T>::insert(who, provider);
		Self::deposit_event(Event::Slashed {
			who: who.clone(),
			amount: slashed,
			beneficiary: beneficiary.map(|(b, _)| b.clone()),
			to_beneficiary,
		});
		slashed
	}

	/// Runs the tasks due at `now`.
	pub(crate) fn run_due(now: BlockNumberFor<T>) -> Weight {
		let tasks = Due::<T>::take(now);
		if tasks.is_empty() {
			return T::DbWeight::get().reads_writes(1, 0);
		}
		let count = tasks.len() as u32;
		for task in tasks {
			match task {
				DueTask::Timeout(job) => Self::timeout(job),
				DueTask::Finalize(job) => Self::finalize(job, now),
				DueTask::Resolve(job) => Self::resolve(job),
				DueTask::Prune(job) => Self::prune(job),
				DueTask::Deliver(job) => Self::deliver(job, now),
			}
		}
		Self::run_due_weight(count)
	}

	/// What [`Self::run_due`] is charged for `count` tasks: as if each were a vote count (`on_initialize_disputes`)
	/// that upheld a stored output and went on to check its delivery, which may fail it as a timeout does
	/// (`on_initialize`).
	pub fn run_due_weight(count: u32) -> Weight {
		T::WeightInfo::on_initialize(count).saturating_add(T::WeightInfo::on_initialize_disputes(count))
	}

	fn timeout(job: JobId) {
		let Some(info) = Jobs::<T>::get(job) else { return };
		if !matches!(info.status, Status::Assigned) {
			return;
		}
		let provider = info.provider.clone();
		let owner = info.owner.clone();
		let kind_exists = Kinds::<T>::contains_key(info.kind);
		Self::fail(job, info, Failure::Timeout);
		if kind_exists {
			Self::slash(&provider, T::MissSlash::get(), Some((&owner, Perbill::from_percent(50))));
		}
	}

	/// An undisputed stored output: paid once its file is delivered, looked at again each `ChallengeWindow`
	/// while it waits for its encoder (the storage network drops it after its upload deadline), failed with a
	/// refund and a penalty if it is lost.
	fn deliver(job: JobId, now: BlockNumberFor<T>) {
		use DueTask::Deliver;
		let Some(info) = Jobs::<T>::get(job) else { return };
		let Status::Attested { output, until } = info.status.clone() else { return };
		if now < until || AwaitingDelivery::<T>::get(job).is_some_and(|at| at != now) {
			// Not yet, or a stale check (the job's checks were queued again after a dispute).
			return;
		}
		let Some((root, _)) = parse_stored_output(&output) else {
			Self::settle_or_log(job, info, output);
			return;
		};
		match T::StoredFiles::delivery(&root) {
			Delivery::Delivered => Self::settle_or_log(job, info, output),
			Delivery::Waiting => match Self::schedule(now.saturating_add(T::ChallengeWindow::get()), Deliver(job)) {
				Ok(at) => AwaitingDelivery::<T>::insert(job, at),
				Err(e) => {
					log::error!(target: LOG_TARGET, "job {job}: delivery check could not be queued ({e:?}); settling");
					Self::settle_or_log(job, info, output);
				},
			},
			Delivery::Lost => {
				let provider = info.provider.clone();
				let owner = info.owner.clone();
				Self::fail(job, info, Failure::NotDelivered);
				Self::slash(&provider, T::MissSlash::get(), Some((&owner, Perbill::from_percent(50))));
			},
		}
	}

	fn finalize(job: JobId, now: BlockNumberFor<T>) {
		let Some(info) = Jobs::<T>::get(job) else { return };
		if let Status::Attested { output, until } = info.status.clone() {
			if now >= until {
				Self::settle_or_log(job, info, output);
			}
		}
	}

	fn prune(job: JobId) {
		if Jobs::<T>::get(job).is_some_and(|i| matches!(i.status, Status::Done { .. } | Status::Failed(_))) {
			Jobs::<T>::remove(job);
		}
	}

	/// A job for the RPC.
	pub fn job_view(job: JobId) -> Option<JobView<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>> {
		let info = Jobs::<T>::get(job)?;
		let (status, output, proven, open_until): (&[u8], Option<Vec<u8>>, bool, _) = match &info.status {
			Status::Assigned => (b"assigned", None, false, None),
			Status::Attested { output, until } => (b"attested", Some(output.to_vec()), false, Some(*until)),
			Status::Disputed { output, until, .. } => (b"disputed", Some(output.to_vec()), false, Some(*until)),
			Status::Done { output, proven } => (b"done", Some(output.to_vec()), *proven, None),
			Status::Failed(Failure::Timeout) => (b"failed-timeout", None, false, None),
			Status::Failed(Failure::Overturned) => (b"failed-overturned", None, false, None),
			Status::Failed(Failure::NotDelivered) => (b"failed-not-delivered", None, false, None),
		};
		Some(JobView {
			owner: info.owner,
			kind: info.kind,
			provider: info.provider,
			escrow: info.escrow,
			price: info.price,
			deadline: info.deadline,
			status: status.to_vec(),
			output,
			proven,
			open_until,
		})
	}

	/// The job kinds, for the RPC.
	pub fn kinds_view() -> Vec<KindView> {
		Kinds::<T>::iter()
			.map(|(id, k)| KindView {
				id,
				name: k.name.to_vec(),
				proven: k.mode == Mode::Proven,
				stored_input: k.stored_input,
				min_input: k.min_input,
				max_input: k.max_input,
				unit_bytes: k.unit_bytes,
				has_circuit: k.circuit.is_some(),
				model: k.model,
				stored_output: k.stored_output.is_some(),
			})
			.collect()
	}

	/// A kind's offers, cheapest first, for the RPC.
	pub fn offers_view(kind: KindId) -> Vec<OfferView<T::AccountId, BalanceOf<T>>> {
		OffersByKind::<T>::get(kind)
			.into_iter()
			.filter_map(|(_, who)| {
				let p = Providers::<T>::get(&who)?;
				let o = p.offers.iter().find(|o| o.kind == kind)?;
				let hardware = match &o.hardware {
					Hardware::Cpu { cores } => alloc::format!("cpu:{cores}").into_bytes(),
					Hardware::Gpu { model, memory_gib } => {
						let mut h = b"gpu:".to_vec();
						h.extend_from_slice(model);
						h.extend_from_slice(alloc::format!(":{memory_gib}").as_bytes());
						h
					},
				};
				Some(OfferView {
					provider: who,
					peer_id: p.peer_id.to_vec(),
					kind,
					hardware,
					price: o.price,
					capacity: o.capacity,
					in_flight: o.in_flight,
					stake: p.stake,
				})
			})
			.collect()
	}

	/// The least `max_price` a job of `kind` on `size` bytes of input needs now (the price, plus the storage
	/// fee reserved for a stored output), and the provider it would go to first.
	pub fn quote(kind: KindId, size: u64) -> Option<(BalanceOf<T>, T::AccountId)> {
		let rules = Kinds::<T>::get(kind)?;
		let units: BalanceOf<T> = (size.div_ceil(rules.unit_bytes).max(1) as u128).try_into().ok()?;
		let reserve = Self::output_reserve(&rules).ok()?;
		OffersByKind::<T>::get(kind).into_iter().find_map(|(price, who)| {
			let p = Providers::<T>::get(&who)?;
			let free = p.unbonding_at.is_none() && p.offers.iter().any(|o| o.kind == kind && o.in_flight < o.capacity);
			free.then(|| (price.saturating_mul(units).saturating_add(reserve), who))
		})
	}

	/// The invariants: ledgers match their holds and their jobs' escrows, stakes match their holds, the offer
	/// index is sorted and matches the providers' offers, in-flight counts match the running jobs.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		let mut locked: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut in_flight: BTreeMap<(T::AccountId, KindId), u32> = BTreeMap::new();
		for (_, job) in Jobs::<T>::iter() {
			if matches!(job.status, Status::Assigned | Status::Attested { .. } | Status::Disputed { .. }) {
				let l = locked.entry(job.owner.clone()).or_insert_with(Zero::zero);
				*l = l.saturating_add(job.escrow);
				*in_flight.entry((job.provider.clone(), job.kind)).or_default() += 1;
				ensure!(job.price <= job.escrow, "a job's price exceeds its escrow");
			}
		}
		for (who, ledger) in Ledgers::<T>::iter() {
			let held = T::Currency::balance_on_hold(&HoldReason::Ledger.into(), &who);
			ensure!(held == ledger.free.saturating_add(ledger.locked), "a ledger does not match its hold");
			ensure!(
				locked.remove(&who).unwrap_or_else(Zero::zero) == ledger.locked,
				"a ledger's locked funds do not match its jobs' escrows"
			);
		}
		ensure!(locked.values().all(|l| l.is_zero()), "escrow without a ledger");
		for (who, p) in Providers::<T>::iter() {
			let held = T::Currency::balance_on_hold(&HoldReason::ProviderStake.into(), &who);
			ensure!(held == p.stake, "a stake does not match its hold");
			for o in &p.offers {
				ensure!(
					in_flight.remove(&(who.clone(), o.kind)).unwrap_or(0) == o.in_flight,
					"an offer's in-flight count does not match its jobs"
				);
			}
		}
		ensure!(in_flight.values().all(|n| *n == 0), "jobs in flight without an offer");
		for (who, job, ()) in ProviderJobs::<T>::iter() {
			let info = Jobs::<T>::get(job).ok_or("a provider's job index names no job")?;
			ensure!(
				info.provider == who &&
					matches!(info.status, Status::Assigned | Status::Attested { .. } | Status::Disputed { .. }),
				"a provider's job index names a job not running for it"
			);
		}
		for (id, job) in Jobs::<T>::iter() {
			if matches!(job.status, Status::Assigned | Status::Attested { .. } | Status::Disputed { .. }) {
				ensure!(ProviderJobs::<T>::contains_key(&job.provider, id), "a running job is not indexed");
			}
			if let Status::Disputed { jurors, .. } = &job.status {
				ensure!(
					jurors.iter().all(|(j, _)| JurorDuties::<T>::contains_key(j, id)),
					"a juror's duty is not indexed"
				);
			}
		}
		for (kind, offers) in OffersByKind::<T>::iter() {
			ensure!(offers.windows(2).all(|w| w[0].0 <= w[1].0), "an offer index is not sorted");
			for (price, who) in offers.iter() {
				let p = Providers::<T>::get(who).ok_or("an indexed offer without a provider")?;
				ensure!(
					p.offers.iter().any(|o| o.kind == kind && o.price == *price && o.capacity > 0),
					"an indexed offer does not match the provider's"
				);
			}
		}
		Self::channels_try_state()
	}
}
