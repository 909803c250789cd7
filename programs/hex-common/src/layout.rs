//! Fixed byte offsets of account fields, for readers that do not decode the
//! whole account (the SDK's `getProgramAccounts` memcmp filters). Each Hex
//! program declares the offsets of its own accounts with `account_offsets!`.

/// Declares the byte offsets of an account's fields as stored on chain (the
/// 8-byte discriminator first) as `#[constant]`s, so they reach the IDL and
/// the SDK reads them from there, and pins them to the account.
///
/// The account's fields are listed in order with their types: an array as
/// `[T; N]`, a `String` as `String(max_len)`; `=> NAME` publishes a field's
/// offset (only before the first `String`: fields after it move with its
/// length). Each offset adds up the `INIT_SPACE` of the field types before it,
/// and the build fails unless the fields listed add up to the account's
/// `INIT_SPACE`: adding, removing or resizing a field means revisiting the
/// list, and so every offset behind it. Two fields of one size trading places
/// keep the size: the tests that read accounts at these offsets catch that.
#[macro_export]
macro_rules! account_offsets {
    ($account:ident { $($fields:tt)* }) => {
        $crate::account_offsets!(@fixed $account,
            <$account as ::anchor_lang::Discriminator>::DISCRIMINATOR.len(); $($fields)*);
    };
    // Fields at fixed offsets.
    (@fixed $account:ident, $at:expr; $field:ident: String($max_len:expr) $(, $($rest:tt)*)?) => {
        $crate::account_offsets!(@variable $account, $at + 4 + $max_len; $($($rest)*)?);
    };
    (@fixed $account:ident, $at:expr;
        $field:ident: [$elem:ty; $len:expr] $(=> $name:ident)? $(, $($rest:tt)*)?) => {
        $crate::account_offsets!(@publish $account, $field, $at $(, $name)?);
        $crate::account_offsets!(@fixed $account,
            $at + $len * <$elem as ::anchor_lang::Space>::INIT_SPACE; $($($rest)*)?);
    };
    (@fixed $account:ident, $at:expr; $field:ident: $ty:ty $(=> $name:ident)? $(, $($rest:tt)*)?) => {
        $crate::account_offsets!(@publish $account, $field, $at $(, $name)?);
        $crate::account_offsets!(@fixed $account,
            $at + <$ty as ::anchor_lang::Space>::INIT_SPACE; $($($rest)*)?);
    };
    // Fields after a `String`: counted for the size, no offset to publish.
    (@variable $account:ident, $at:expr; $field:ident: String($max_len:expr) $(, $($rest:tt)*)?) => {
        $crate::account_offsets!(@variable $account, $at + 4 + $max_len; $($($rest)*)?);
    };
    (@variable $account:ident, $at:expr; $field:ident: [$elem:ty; $len:expr] $(, $($rest:tt)*)?) => {
        $crate::account_offsets!(@variable $account,
            $at + $len * <$elem as ::anchor_lang::Space>::INIT_SPACE; $($($rest)*)?);
    };
    (@variable $account:ident, $at:expr; $field:ident: $ty:ty $(, $($rest:tt)*)?) => {
        $crate::account_offsets!(@variable $account,
            $at + <$ty as ::anchor_lang::Space>::INIT_SPACE; $($($rest)*)?);
    };
    (@publish $account:ident, $field:ident, $at:expr) => {};
    (@publish $account:ident, $field:ident, $at:expr, $name:ident) => {
        #[doc = concat!("Byte offset of `", stringify!($account), "::", stringify!($field), "` in the account's data.")]
        #[::anchor_lang::constant]
        pub const $name: u16 = $crate::layout::to_u16($at);
    };
    // The end of the list: the fields listed must be the whole account.
    (@fixed $account:ident, $at:expr;) => {
        $crate::account_offsets!(@end $account, $at);
    };
    (@variable $account:ident, $at:expr;) => {
        $crate::account_offsets!(@end $account, $at);
    };
    (@end $account:ident, $at:expr) => {
        const _: () = assert!(
            $at == <$account as ::anchor_lang::Discriminator>::DISCRIMINATOR.len()
                + <$account as ::anchor_lang::Space>::INIT_SPACE,
            concat!(
                "the fields listed in account_offsets! do not add up to ",
                stringify!($account),
                "'s layout: list its fields as they are now, and check the offsets it publishes",
            ),
        );
    };
}

/// A byte offset or size as published: accounts are far smaller than
/// 64 KiB, so it fits a `u16`, which the IDL knows (it has no `usize`); in a
/// constant, the build fails if it does not.
pub const fn to_u16(bytes: usize) -> u16 {
    assert!(
        bytes <= u16::MAX as usize,
        "an account layout beyond 64 KiB"
    );
    bytes as u16
}
