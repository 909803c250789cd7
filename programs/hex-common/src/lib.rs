//! What Hex's three programs share: their ids and seeds (so each can find
//! the others' accounts), basis-point math, the layout version of their
//! accounts and the offsets they publish, token transfers, frozen NFTs and
//! the payment-mint rule.
//! A library, not a program: each program re-publishes in its IDL the
//! constants its clients need.

pub mod bps;
pub mod ids;
pub mod layout;
pub mod nft;
pub mod payment_mint;
pub mod pda;
pub mod seeds;
pub mod token;

/// Layout version written into every account the programs create.
pub const ACCOUNT_VERSION: u8 = 1;
