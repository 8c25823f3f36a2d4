//! The origins a referendum can dispatch with besides root, one per governance track. A track's origin is what
//! the enacted call runs as, so each grants exactly the power of its track: cancelling a referendum, spending up
//! to a limit from the treasury, or dispatching a call the technical committee whitelisted.

pub use pallet_custom_origins::*;

#[frame_support::pallet]
pub mod pallet_custom_origins {
	use crate::{currency::ZG, Balance};
	use frame_support::pallet_prelude::*;

	#[pallet::config]
	pub trait Config: frame_system::Config {}

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[derive(
		PartialEq,
		Eq,
		Clone,
		MaxEncodedLen,
		Encode,
		Decode,
		DecodeWithMemTracking,
		TypeInfo,
		Debug,
	)]
	#[pallet::origin]
	pub enum Origin {
		/// Dispatches a call the technical committee whitelisted (a fast track for urgent fixes).
		WhitelistedCaller,
		/// Cancels a referendum and refunds its deposits.
		ReferendumCanceller,
		/// Kills a referendum and slashes its deposits.
		ReferendumKiller,
		/// Rejects treasury spends and manages the treasury; spends up to [`TREASURER_SPEND`].
		Treasurer,
		/// Spends up to [`SMALL_SPEND`] from the treasury.
		SmallSpender,
		/// Spends up to [`BIG_SPEND`] from the treasury.
		BigSpender,
	}

	/// What each spender origin may spend in one go.
	pub const SMALL_SPEND: Balance = 10_000 * ZG;
	pub const BIG_SPEND: Balance = 1_000_000 * ZG;
	pub const TREASURER_SPEND: Balance = 10_000_000 * ZG;

	macro_rules! decl_unit_ensures {
		( $($name:ident),* ) => { $(
			/// Succeeds only for this custom origin.
			pub struct $name;
			impl<O: OriginTrait + From<Origin>> EnsureOrigin<O> for $name
			where
				for<'a> &'a O::PalletsOrigin: TryInto<&'a Origin>,
			{
				type Success = ();
				fn try_origin(o: O) -> Result<Self::Success, O> {
					match o.caller().try_into() {
						Ok(Origin::$name) => return Ok(()),
						_ => (),
					}
					Err(o)
				}
				#[cfg(feature = "runtime-benchmarks")]
				fn try_successful_origin() -> Result<O, ()> {
					Ok(O::from(Origin::$name))
				}
			}
		)* };
	}
	decl_unit_ensures!(WhitelistedCaller, ReferendumCanceller, ReferendumKiller, Treasurer);

	/// Succeeds for the spender origins, yielding the most they may spend.
	pub struct Spender;
	impl<O: OriginTrait + From<Origin>> EnsureOrigin<O> for Spender
	where
		for<'a> &'a O::PalletsOrigin: TryInto<&'a Origin>,
	{
		type Success = Balance;
		fn try_origin(o: O) -> Result<Self::Success, O> {
			let limit = match o.caller().try_into() {
				Ok(Origin::SmallSpender) => Some(SMALL_SPEND),
				Ok(Origin::BigSpender) => Some(BIG_SPEND),
				Ok(Origin::Treasurer) => Some(TREASURER_SPEND),
				_ => None,
			};
			limit.ok_or(o)
		}
		#[cfg(feature = "runtime-benchmarks")]
		fn try_successful_origin() -> Result<O, ()> {
			Ok(O::from(Origin::Treasurer))
		}
	}
}
