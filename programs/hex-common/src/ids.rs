//! The programs' addresses (each program's `declare_id!` names its own here).

use anchor_lang::prelude::*;

pub const MODEL_REGISTRY: Pubkey = pubkey!("5eE2VbyQoBL4ntQ7kD1Rhn5yzhZGs3oU4w8ZvxgKKJ83");
pub const LICENSE_MARKET: Pubkey = pubkey!("9Mv1E1G8q8BC6BG1sKVFJYtWRQ4w6vKwsj9ywTaSJdXo");
pub const ROYALTY_ESCROW: Pubkey = pubkey!("7BVe57V98ys8Fy76DZXX6jp6rSYarKxscBuRe2WvyDSU");

/// The Metaplex Token Metadata program, whose NFTs can be registered as models.
pub const MPL_TOKEN_METADATA: Pubkey = pubkey!("metaqbxxUerdq28cj1RbAWkYQm3ybzjb6a8bt518x1s");
