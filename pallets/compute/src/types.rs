//! The pallet's stored types.

use super::*;

/// A job kind's rules, set by governance.
#[derive(
	CloneNoBound, DebugNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, DecodeWithMemTracking, TypeInfo,
	MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxKeyLen))]
#[codec(mel_bound())]
pub struct JobKind<MaxKeyLen: Get<u32>> {
	/// A name for people (`digits-mlp`, `matmul-i8`, `train-digits`).
	pub name: BoundedVec<u8, ConstU32<32>>,
	/// The commitment to the model or program the kind runs (a public input of its proofs; part of what
	/// re-executing providers must run).
	pub model: H256,
	/// Whether the input is a zg storage file root (large inputs: datasets, models) instead of inline bytes.
	pub stored_input: bool,
	/// Inline input bounds in bytes (for stored inputs: the file's size bounds).
	pub min_input: u64,
	/// See `min_input`.
	pub max_input: u64,
	/// Bytes of input per unit of work (the price of a job is the offer's price × units).
	pub unit_bytes: u64,
	/// The largest output (proven kinds: the exact output length).
	pub max_output: u32,
	/// How results are settled.
	pub mode: Mode,
	/// The kind's circuit, if it has one: required by proven kinds, and lets disputes of attested results be
	/// decided by a proof.
	pub circuit: Option<Circuit<MaxKeyLen>>,
	/// Whether the output is a file put into zg storage (a trained model): the output is then
	/// `zg_primitives::compute::stored_output` (root and size), the chain stores that file for the job's owner,
	/// paid from the job's escrow, and the provider is paid only once its node has delivered it.
	pub stored_output: Option<StoredOutput>,
}

/// How a kind's output files are stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen)]
pub struct StoredOutput {
	/// The largest output file, in bytes (the escrow reserves the storage fee for this size).
	pub max_size: u64,
	/// The storage rounds paid for.
	pub periods: u32,
}

/// How a kind's results are settled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen)]
pub enum Mode {
	/// A proof against the kind's verifying key pays at once.
	Proven,
	/// A signed result commitment pays after a challenge window without a successful dispute.
	Attested,
}

/// A proof system and a verifying key.
#[derive(
	CloneNoBound, DebugNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, DecodeWithMemTracking, TypeInfo,
	MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxKeyLen))]
#[codec(mel_bound())]
pub struct Circuit<MaxKeyLen: Get<u32>> {
	/// The proof system.
	pub system: ProofSystem,
	/// The compressed verifying key.
	pub vk: BoundedVec<u8, MaxKeyLen>,
}

/// The hardware behind an offer.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen)]
pub enum Hardware {
	/// CPU cores.
	Cpu {
		/// Cores given to jobs.
		cores: u16,
	},
	/// A GPU.
	Gpu {
		/// Its model, as the driver names it.
		model: BoundedVec<u8, ConstU32<32>>,
		/// Its memory in GiB.
		memory_gib: u16,
	},
}

/// What a provider sells for one job kind.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen)]
pub struct Offer<Balance> {
	/// The kind.
	pub kind: KindId,
	/// The hardware.
	pub hardware: Hardware,
	/// Price per unit of work.
	pub price: Balance,
	/// Jobs of this kind it runs at once.
	pub capacity: u32,
	/// Jobs of this kind assigned and not yet settled.
	pub in_flight: u32,
}

/// A registered provider.
#[derive(CloneNoBound, DebugNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, TypeInfo, MaxEncodedLen)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct ProviderInfo<T: Config> {
	/// Stake held (slashable).
	pub stake: BalanceOf<T>,
	/// The libp2p peer id of its node.
	pub peer_id: BoundedVec<u8, T::MaxPeerIdLen>,
	/// The ed25519 key that signs its attestations.
	pub attestation_key: [u8; 32],
	/// Its offers, one per kind.
	pub offers: BoundedVec<Offer<BalanceOf<T>>, T::MaxOffers>,
	/// Set when it deregistered: its stake can be withdrawn from this block on (if nothing is in flight).
	pub unbonding_at: Option<BlockNumberFor<T>>,
	/// Its stake stays slashable until this block: the end of the last dispute window (and vote) of its results.
	pub liable_until: BlockNumberFor<T>,
	/// Jobs in flight over all kinds, plus open disputes it is a juror of.
	pub duties: u32,
}

/// A job's input.
#[derive(
	CloneNoBound, DebugNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, DecodeWithMemTracking, TypeInfo,
	MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxInput))]
#[codec(mel_bound())]
pub enum JobInput<MaxInput: Get<u32>> {
	/// Bytes on chain.
	Inline(BoundedVec<u8, MaxInput>),
	/// A file in zg storage: its root (the size is read from the storage network).
	Stored(H256),
}

impl<MaxInput: Get<u32>> JobInput<MaxInput> {
	/// The bytes that stand for the input in proofs and attestations: the inline bytes, or the root.
	pub fn statement_bytes(&self) -> &[u8] {
		match self {
			JobInput::Inline(bytes) => bytes,
			JobInput::Stored(root) => root.as_bytes(),
		}
	}
}

/// A job.
#[derive(CloneNoBound, DebugNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, TypeInfo, MaxEncodedLen)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct JobInfo<T: Config> {
	/// Who pays.
	pub owner: T::AccountId,
	/// The kind.
	pub kind: KindId,
	/// The input.
	pub input: JobInput<T::MaxInlineInput>,
	/// The provider it was assigned to.
	pub provider: T::AccountId,
	/// Locked from the owner's ledger: the most the owner would pay.
	pub escrow: BalanceOf<T>,
	/// The price agreed at assignment (the offer's price × units, at most `escrow`).
	pub price: BalanceOf<T>,
	/// A result must be on chain by this block.
	pub deadline: BlockNumberFor<T>,
	/// Where it stands.
	pub status: Status<T>,
}

/// Where a job stands.
#[derive(CloneNoBound, DebugNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, TypeInfo, MaxEncodedLen)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub enum Status<T: Config> {
	/// Assigned; the provider is running it.
	Assigned,
	/// An attested result, open to dispute until `until`.
	Attested {
		/// The output.
		output: BoundedVec<u8, T::MaxOutput>,
		/// The end of the challenge window.
		until: BlockNumberFor<T>,
	},
	/// An attested result under dispute by re-execution.
	Disputed {
		/// The attested output.
		output: BoundedVec<u8, T::MaxOutput>,
		/// Who disputes it (its bond is held).
		challenger: T::AccountId,
		/// The hash of the output the challenger says is right.
		claim: H256,
		/// The drawn providers and their votes (hashes of the output each computed).
		jurors: BoundedVec<(T::AccountId, Option<H256>), T::Jurors>,
		/// Votes are counted at this block.
		until: BlockNumberFor<T>,
	},
	/// Settled: the provider was paid for this output.
	Done {
		/// The output.
		output: BoundedVec<u8, T::MaxOutput>,
		/// Whether it was proven (by the provider's proof, or a challenger's) rather than attested.
		proven: bool,
	},
	/// Failed: the owner was refunded in full.
	Failed(Failure),
}

/// Why a job failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen)]
pub enum Failure {
	/// No result by the deadline.
	Timeout,
	/// The attested result was shown wrong (by a proof or by re-execution).
	Overturned,
	/// The output file never reached the storage network.
	NotDelivered,
}

/// A user's funds for jobs (held in its own account).
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode, TypeInfo, MaxEncodedLen)]
pub struct Ledger<Balance> {
	/// Available for new jobs or withdrawal.
	pub free: Balance,
	/// Locked in the escrow of running jobs.
	pub locked: Balance,
}

/// Work scheduled for a block.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo, MaxEncodedLen)]
pub enum DueTask {
	/// The job's deadline has passed: refund and penalise if no result came.
	Timeout(JobId),
	/// The challenge window of an attested result closed: pay.
	Finalize(JobId),
	/// Count a re-execution dispute's votes.
	Resolve(JobId),
	/// Forget a finished job.
	Prune(JobId),
	/// The challenge window of an attested stored output closed: pay once the file is delivered.
	Deliver(JobId),
}

/// The evidence of a dispute.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub enum Evidence {
	/// A proof, against the kind's circuit, that `output` (not the attested one) is the job's output. Decided at
	/// once.
	Proof {
		/// The right output.
		output: Vec<u8>,
		/// The proof.
		proof: Vec<u8>,
	},
	/// Re-execution by providers drawn at random among those offering the kind; the majority decides.
	Reexecute {
		/// The hash (blake2-256) of the output the challenger says is right.
		claim: H256,
	},
}

/// What an inference service charges and runs. Fixed for the service's life except its prices, which a provider
/// may cut at once but raise only with notice ([`Service::next`]).
#[derive(CloneNoBound, DebugNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, TypeInfo, MaxEncodedLen)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct Service<T: Config> {
	/// The provider.
	pub provider: T::AccountId,
	/// The model's name, as OpenAI-style clients ask for it (`"model": "zg-ngram-1"`).
	pub model: BoundedVec<u8, ConstU32<64>>,
	/// The hash of the model's weights: what every response receipt must name.
	pub weights: H256,
	/// How tokens are counted.
	pub tokenizer: Tokenizer,
	/// The price of a prompt token.
	pub input_price: BalanceOf<T>,
	/// The price of a completion token.
	pub output_price: BalanceOf<T>,
	/// Where the provider's gateway serves it (an `http(s)://` URL).
	pub endpoint: BoundedVec<u8, ConstU32<256>>,
	/// Raised prices `(input, output)` and the block from which they apply (`PriceNotice` after they were set).
	pub next: Option<(BalanceOf<T>, BalanceOf<T>, BlockNumberFor<T>)>,
	/// Set when the provider retired it: no new requests; removable after `ServiceRetention`.
	pub retired_at: Option<BlockNumberFor<T>>,
}

impl<T: Config> Service<T> {
	/// The prices `(input, output)` that apply at `now`.
	pub fn prices_at(&self, now: BlockNumberFor<T>) -> (BalanceOf<T>, BalanceOf<T>) {
		match self.next {
			Some((input, output, from)) if now >= from => (input, output),
			_ => (self.input_price, self.output_price),
		}
	}
}

/// A user's payment channel to one provider: funds held in the user's account, paid out by vouchers.
#[derive(CloneNoBound, DebugNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, TypeInfo, MaxEncodedLen)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct Channel<T: Config> {
	/// Its number (vouchers and receipts name it).
	pub id: ChannelId,
	/// The ed25519 key that signs its vouchers.
	pub key: [u8; 32],
	/// Everything the user has put in.
	pub deposit: BalanceOf<T>,
	/// Paid to the provider so far: the amount of the last voucher redeemed. `deposit - redeemed` is held.
	pub redeemed: BalanceOf<T>,
	/// The nonce of the last voucher redeemed.
	pub nonce: u64,
	/// The highest receipt nonce a dispute has used (one slash per response).
	pub disputed: u64,
	/// Set when the user asked for a refund: the channel can be closed (and the rest released) from this block.
	pub refund_at: Option<BlockNumberFor<T>>,
}

/// A voucher: the channel key's signature on the cumulative amount owed and a nonce.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen)]
pub struct Voucher<Balance> {
	/// The cumulative amount owed to the provider (not the increment).
	pub amount: Balance,
	/// Greater than the nonce of every voucher redeemed before.
	pub nonce: u64,
	/// ed25519 over `zg_primitives::compute::inference::voucher_message`.
	pub signature: [u8; 64],
}

/// What makes a response receipt provably wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen)]
pub enum WrongResponse {
	/// It names a service of another provider.
	Service,
	/// It names a model (weights hash) other than its service's.
	Model,
	/// Its prompt token count is not the count of its prompt.
	InputTokens,
	/// Its completion token count is not the count of its completion.
	OutputTokens,
}
