use {
    crate::{constants::*, errors::RegistryError, state::Model},
    anchor_lang::prelude::*,
};

/// What the license market reports about a model.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum LicenseActivity {
    Issued,
    Refunded,
    Reviewed { rating: u8 },
}

/// Keeps the model's license count and rating in step with the market:
/// only the market's authority PDA can sign, so only real sales and
/// verified reviews count.
#[derive(Accounts)]
pub struct RecordLicenseActivity<'info> {
    #[account(
        address = hex_common::pda::market_authority() @ RegistryError::NotLicenseMarket
    )]
    pub market_authority: Signer<'info>,
    #[account(mut, seeds = [MODEL_SEED, model.mint.as_ref()], bump = model.bump)]
    pub model: Box<Account<'info, Model>>,
}

pub fn handler(ctx: Context<RecordLicenseActivity>, activity: LicenseActivity) -> Result<()> {
    let model = &mut ctx.accounts.model;
    match activity {
        LicenseActivity::Issued => {
            model.license_count = model
                .license_count
                .checked_add(1)
                .ok_or(RegistryError::MathOverflow)?
        }
        LicenseActivity::Refunded => {
            model.license_count = model
                .license_count
                .checked_sub(1)
                .ok_or(RegistryError::MathOverflow)?
        }
        LicenseActivity::Reviewed { rating } => {
            require!((1..=5).contains(&rating), RegistryError::InvalidRating);
            model.rating_sum = model
                .rating_sum
                .checked_add(rating as u64)
                .ok_or(RegistryError::MathOverflow)?;
            model.rating_count = model
                .rating_count
                .checked_add(1)
                .ok_or(RegistryError::MathOverflow)?;
        }
    }
    Ok(())
}
