use {
    crate::{
        activity::record_activity, constants::*, errors::MarketError, events::ModelReviewed,
        state::*,
    },
    anchor_lang::prelude::*,
    model_registry::{
        constants::{MARKET_AUTHORITY_SEED, MODEL_SEED},
        instructions::LicenseActivity,
        program::ModelRegistry,
        state::Model,
    },
};

/// A verified review: the holder of a license of the model that paid it
/// rates it 1 to 5 with a URI to the text. One review per license.
#[event_cpi]
#[derive(Accounts)]
pub struct ReviewModel<'info> {
    #[account(mut)]
    pub reviewer: Signer<'info>,
    #[account(
        seeds = [LICENSE_SEED, license.mint.as_ref()],
        bump = license.bump,
        constraint = license.holder == reviewer.key() @ MarketError::NotLicenseHolder,
        constraint = license.status == LicenseStatus::Active @ MarketError::LicenseRevoked,
    )]
    pub license: Box<Account<'info, License>>,
    #[account(
        mut,
        seeds = [MODEL_SEED, license.model_mint.as_ref()],
        bump = model.bump,
        seeds::program = model_registry::ID,
    )]
    pub model: Box<Account<'info, Model>>,
    #[account(
        init_if_needed,
        payer = reviewer,
        space = 8 + Review::INIT_SPACE,
        seeds = [REVIEW_SEED, license.key().as_ref()],
        bump,
    )]
    pub review: Box<Account<'info, Review>>,
    /// CHECK: PDA that reports the rating to the registry; holds no data.
    #[account(seeds = [MARKET_AUTHORITY_SEED], bump)]
    pub market_authority: UncheckedAccount<'info>,
    pub registry_program: Program<'info, ModelRegistry>,
    pub system_program: Program<'info, System>,
}

pub fn handler(ctx: Context<ReviewModel>, rating: u8, uri: String) -> Result<()> {
    require!(
        ctx.accounts.review.rating == 0,
        MarketError::AlreadyReviewed
    );
    // Verified purchases only: a refundable purchase could rate, then refund;
    // a pay-per-use license that paid nothing could rate for free.
    ctx.accounts.license.check_paid()?;
    require!((1..=5).contains(&rating), MarketError::InvalidRating);
    validate_uri(&uri)?;
    let license = &ctx.accounts.license;
    ctx.accounts.review.set_inner(Review {
        account_version: ACCOUNT_VERSION,
        bump: ctx.bumps.review,
        license: license.key(),
        model_mint: license.model_mint,
        reviewer: ctx.accounts.reviewer.key(),
        rating,
        uri,
        created_at: Clock::get()?.unix_timestamp,
    });
    record_activity(
        &ctx.accounts.registry_program,
        ctx.accounts.market_authority.to_account_info(),
        ctx.accounts.model.to_account_info(),
        LicenseActivity::Reviewed { rating },
    )?;
    let review = &ctx.accounts.review;
    let event = ModelReviewed {
        review: review.key(),
        license: review.license,
        model_mint: review.model_mint,
        reviewer: review.reviewer,
        rating,
        uri: review.uri.clone(),
    };
    emit_cpi!(event);
    Ok(())
}
