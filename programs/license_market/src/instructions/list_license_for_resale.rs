use {
    crate::{constants::*, errors::MarketError, events::LicenseResaleListed, state::*},
    anchor_lang::prelude::*,
    anchor_spl::{
        token_2022::{self, Token2022},
        token_interface::{Mint, TokenAccount},
    },
    hex_common::nft::{freeze, thaw},
    model_registry::{constants::CONFIG_SEED, state::Config},
};

/// Offers a transferable license for resale at a price in the listing's
/// payment mint (the License PDA becomes the NFT's delegate so the sale can
/// move it), or withdraws the offer with a price of 0.
#[event_cpi]
#[derive(Accounts)]
pub struct ListLicenseForResale<'info> {
    pub holder: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump, seeds::program = model_registry::ID)]
    pub config: Box<Account<'info, Config>>,
    #[account(
        mut,
        seeds = [LICENSE_SEED, license.mint.as_ref()],
        bump = license.bump,
        constraint = license.holder == holder.key() @ MarketError::NotLicenseHolder,
        constraint = license.transferable @ MarketError::NotTransferable,
        constraint = license.status == LicenseStatus::Active @ MarketError::LicenseRevoked,
    )]
    pub license: Box<Account<'info, License>>,
    #[account(address = license.mint)]
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

impl<'info> ListLicenseForResale<'info> {
    /// Approves the License PDA as the NFT's delegate, or revokes it.
    fn set_delegate(&self, approve: bool) -> Result<()> {
        let token_program = self.token_program.key();
        let bump = [self.license.bump];
        let seeds: &[&[u8]] = &[LICENSE_SEED, self.license.mint.as_ref(), &bump];
        let (account, mint, license) = (
            self.holder_license_token.to_account_info(),
            self.license_mint.to_account_info(),
            self.license.to_account_info(),
        );
        thaw(
            token_program,
            account.clone(),
            mint.clone(),
            license.clone(),
            seeds,
        )?;
        let owner = self.holder.to_account_info();
        if approve {
            token_2022::approve(
                CpiContext::new(
                    token_program,
                    token_2022::Approve {
                        to: account.clone(),
                        delegate: license.clone(),
                        authority: owner,
                    },
                ),
                1,
            )?;
        } else {
            token_2022::revoke(CpiContext::new(
                token_program,
                token_2022::Revoke {
                    source: account.clone(),
                    authority: owner,
                },
            ))?;
        }
        freeze(token_program, account, mint, license, seeds)
    }
}

pub fn handler(ctx: Context<ListLicenseForResale>, price: u64) -> Result<()> {
    let license = &ctx.accounts.license;
    if price > 0 {
        require!(!ctx.accounts.config.paused, MarketError::PlatformPaused);
        license.check_resellable()?;
    }
    ctx.accounts.set_delegate(price > 0)?;
    let license = &mut ctx.accounts.license;
    license.resale_price = price;
    let event = LicenseResaleListed {
        license: license.key(),
        holder: license.holder,
        price,
    };
    emit_cpi!(event);
    Ok(())
}
