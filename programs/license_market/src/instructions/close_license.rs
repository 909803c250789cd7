use {
    crate::{
        constants::*, errors::MarketError, events::LicenseClosed, license_nft::HeldLicenseNft,
        state::*,
    },
    anchor_lang::prelude::*,
    anchor_spl::{
        token_2022::Token2022,
        token_interface::{Mint, TokenAccount},
    },
};

/// The holder ends a license it no longer needs (expired, or simply not
/// wanted) once it holds no credits and no pending payment (trial credits
/// left go back to the listing's trial budget): the NFT is
/// burned and the License, the NFT mint and the token account are closed,
/// every lamport of their rent to the holder.
#[event_cpi]
#[derive(Accounts)]
pub struct CloseLicense<'info> {
    #[account(mut)]
    pub holder: Signer<'info>,
    #[account(
        mut,
        seeds = [LICENSE_SEED, license.mint.as_ref()],
        bump = license.bump,
        constraint = license.holder == holder.key() @ MarketError::NotLicenseHolder,
        constraint = license.credits == 0 && license.pending_payment == 0 @ MarketError::LicenseHoldsFunds,
    )]
    pub license: Box<Account<'info, License>>,
    #[account(mut, address = license.listing @ MarketError::WrongListing)]
    pub listing: Box<Account<'info, Listing>>,
    #[account(mut, address = license.mint)]
    pub license_mint: Box<InterfaceAccount<'info, Mint>>,
    #[account(
        mut,
        token::mint = license_mint,
        token::authority = holder,
        token::token_program = token_program,
    )]
    pub holder_license_token: Box<InterfaceAccount<'info, TokenAccount>>,
    pub token_program: Program<'info, Token2022>,
}

pub fn handler(mut ctx: Context<CloseLicense>) -> Result<()> {
    let accounts = &mut ctx.accounts;
    let holder = accounts.holder.to_account_info();
    let lamports_before = holder.lamports();
    let license_bump = [accounts.license.bump];
    let license_seeds: &[&[u8]] = &[LICENSE_SEED, accounts.license.mint.as_ref(), &license_bump];
    HeldLicenseNft {
        token_program: accounts.token_program.key(),
        mint: accounts.license_mint.to_account_info(),
        holder_token: accounts.holder_license_token.to_account_info(),
        license: accounts.license.to_account_info(),
        license_seeds,
    }
    .burn(holder.clone())?;
    accounts.listing.count_open_license(false)?;
    // Unused trial credits go back to the trial budget they came from.
    let listing = &mut accounts.listing;
    listing.trial_budget = listing
        .trial_budget
        .checked_add(accounts.license.trial_credits)
        .ok_or(MarketError::MathOverflow)?;
    accounts.license.close(holder.clone())?;
    emit_cpi!(LicenseClosed {
        license: ctx.accounts.license.key(),
        holder: holder.key(),
        rent_returned: holder.lamports() - lamports_before,
    });
    Ok(())
}
