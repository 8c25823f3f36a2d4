//! The referendum tracks: who may dispatch what, and how much support and time a decision needs.
//!
//! Every referendum names an origin; its track follows from that origin and sets the deposit that lets it be
//! decided, how long it prepares, how long it may be decided, how long approval must hold (confirmation), how
//! long an approved call waits before it is enacted, and the approval (aye share of conviction-weighted votes)
//! and support (aye turnout, before conviction, as a share of active issuance) thresholds over the decision
//! period. Root — runtime upgrades — is the slowest and needs the most support; the whitelisted track is fast
//! because the technical committee vouched for the exact call first.
//!
//! With `fast-runtime` all periods are a few blocks, so local networks and tests go from submission to
//! enactment in under a minute; without it they are days, as on Polkadot.

use alloc::borrow::Cow;
use pallet_referenda::{Curve, Track, TrackInfo};
use sp_runtime::Perbill;

use super::origins;
use crate::{currency::ZG, Balance, BlockNumber, OriginCaller};

/// A track's name as stored on chain (fixed-size, zero-padded).
const fn name(s: &str) -> [u8; 25] {
	let bytes = s.as_bytes();
	let mut out = [0u8; 25];
	let mut i = 0;
	while i < bytes.len() && i < 25 {
		out[i] = bytes[i];
		i += 1;
	}
	out
}

const fn pct(p: u32) -> Perbill {
	Perbill::from_percent(p)
}

/// Linear from `ceil` at the start of the decision period down to `floor` at its end.
const fn linear(floor: Perbill, ceil: Perbill) -> Curve {
	Curve::LinearDecreasing { length: Perbill::one(), floor, ceil }
}

#[cfg(not(feature = "fast-runtime"))]
mod periods {
	use crate::configs::consensus::{HOURS, MINUTES};
	use crate::BlockNumber;
	pub const DAYS: BlockNumber = HOURS * 24;
	pub const ROOT: [BlockNumber; 4] = [2 * HOURS, 14 * DAYS, DAYS, DAYS];
	pub const WHITELISTED: [BlockNumber; 4] = [30 * MINUTES, 14 * DAYS, 10 * MINUTES, 10 * MINUTES];
	pub const CANCEL: [BlockNumber; 4] = [2 * HOURS, 7 * DAYS, 3 * HOURS, 10 * MINUTES];
	pub const TREASURY: [BlockNumber; 4] = [2 * HOURS, 14 * DAYS, 3 * HOURS, DAYS];
	pub const SMALL: [BlockNumber; 4] = [10 * MINUTES, 7 * DAYS, 2 * HOURS, DAYS];
	pub const BIG: [BlockNumber; 4] = [HOURS, 14 * DAYS, 12 * HOURS, DAYS];
}
#[cfg(feature = "fast-runtime")]
mod periods {
	use crate::BlockNumber;
	// [prepare, decision, confirm, min enactment], in 3 s blocks.
	pub const ROOT: [BlockNumber; 4] = [2, 40, 5, 2];
	pub const WHITELISTED: [BlockNumber; 4] = [1, 40, 2, 1];
	pub const CANCEL: [BlockNumber; 4] = [1, 40, 2, 1];
	pub const TREASURY: [BlockNumber; 4] = [2, 40, 5, 2];
	pub const SMALL: [BlockNumber; 4] = [1, 40, 3, 2];
	pub const BIG: [BlockNumber; 4] = [2, 40, 5, 2];
}

const fn info(
	track_name: &str,
	max_deciding: u32,
	decision_deposit: Balance,
	[prepare, decision, confirm, enactment]: [BlockNumber; 4],
	min_approval: Curve,
	min_support: Curve,
) -> TrackInfo<Balance, BlockNumber> {
	TrackInfo {
		name: name(track_name),
		max_deciding,
		decision_deposit,
		prepare_period: prepare,
		decision_period: decision,
		confirm_period: confirm,
		min_enactment_period: enactment,
		min_approval,
		min_support,
	}
}

/// Track ids. Stable: they are part of every stored referendum.
pub mod ids {
	pub const ROOT: u16 = 0;
	pub const WHITELISTED_CALLER: u16 = 1;
	pub const REFERENDUM_CANCELLER: u16 = 10;
	pub const REFERENDUM_KILLER: u16 = 11;
	pub const TREASURER: u16 = 20;
	pub const SMALL_SPENDER: u16 = 30;
	pub const BIG_SPENDER: u16 = 31;
}

const TRACKS: [Track<u16, Balance, BlockNumber>; 7] = [
	Track {
		id: ids::ROOT,
		info: info("root", 1, 100_000 * ZG, periods::ROOT, linear(pct(50), pct(100)), linear(pct(1), pct(20))),
	},
	Track {
		id: ids::WHITELISTED_CALLER,
		info: info(
			"whitelisted_caller",
			10,
			10_000 * ZG,
			periods::WHITELISTED,
			linear(pct(50), pct(100)),
			linear(pct(1), pct(5)),
		),
	},
	Track {
		id: ids::REFERENDUM_CANCELLER,
		info: info(
			"referendum_canceller",
			100,
			10_000 * ZG,
			periods::CANCEL,
			linear(pct(50), pct(100)),
			linear(pct(1), pct(10)),
		),
	},
	Track {
		id: ids::REFERENDUM_KILLER,
		info: info(
			"referendum_killer",
			100,
			50_000 * ZG,
			periods::CANCEL,
			linear(pct(50), pct(100)),
			linear(pct(1), pct(10)),
		),
	},
	Track {
		id: ids::TREASURER,
		info: info(
			"treasurer",
			10,
			10_000 * ZG,
			periods::TREASURY,
			linear(pct(50), pct(100)),
			linear(pct(1), pct(10)),
		),
	},
	Track {
		id: ids::SMALL_SPENDER,
		info: info(
			"small_spender",
			50,
			1_000 * ZG,
			periods::SMALL,
			linear(pct(50), pct(100)),
			linear(pct(1), pct(5)),
		),
	},
	Track {
		id: ids::BIG_SPENDER,
		info: info(
			"big_spender",
			20,
			10_000 * ZG,
			periods::BIG,
			linear(pct(50), pct(100)),
			linear(pct(1), pct(10)),
		),
	},
];

/// The tracks of zg's OpenGov.
pub struct TracksInfo;
impl pallet_referenda::TracksInfo<Balance, BlockNumber> for TracksInfo {
	type Id = u16;
	type RuntimeOrigin = <crate::RuntimeOrigin as frame_support::traits::OriginTrait>::PalletsOrigin;

	fn tracks() -> impl Iterator<Item = Cow<'static, Track<Self::Id, Balance, BlockNumber>>> {
		TRACKS.iter().map(Cow::Borrowed)
	}

	fn track_for(origin: &Self::RuntimeOrigin) -> Result<Self::Id, ()> {
		match origin {
			OriginCaller::system(frame_system::RawOrigin::Root) => Ok(ids::ROOT),
			OriginCaller::Origins(custom) => Ok(match custom {
				origins::Origin::WhitelistedCaller => ids::WHITELISTED_CALLER,
				origins::Origin::ReferendumCanceller => ids::REFERENDUM_CANCELLER,
				origins::Origin::ReferendumKiller => ids::REFERENDUM_KILLER,
				origins::Origin::Treasurer => ids::TREASURER,
				origins::Origin::SmallSpender => ids::SMALL_SPENDER,
				origins::Origin::BigSpender => ids::BIG_SPENDER,
			}),
			_ => Err(()),
		}
	}
}
