use anchor_lang::prelude::*;

declare_id!("7BVe57V98ys8Fy76DZXX6jp6rSYarKxscBuRe2WvyDSU");

#[program]
pub mod royalty_escrow {}
