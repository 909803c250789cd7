use anchor_lang::prelude::*;

declare_id!("9Mv1E1G8q8BC6BG1sKVFJYtWRQ4w6vKwsj9ywTaSJdXo");

#[program]
pub mod license_market {}
