use {
    crate::{constants::*, errors::RegistryError, events::ModelSold, state::*},
    anchor_lang::prelude::*,
    anchor_spl::{
        token_2022::{self, Token2022},
        token_interface::{Mint, TokenAccount, TokenInterface},
    },
    hex_common::{
        bps::bps_of,
        nft::{freeze, thaw},
        token::transfer,
    },
};

/// Buys a listed model: the buyer pays the price it agreed to; the platform
/// takes its primary (first sale) or secondary fee, the original creator its
/// resale royalty (later sales), the seller the rest; the NFT moves to the
/// buyer, frozen again. The sale touches no revenue vault: each vault
/// settles the seller's owner share lazily, the next time it is touched
/// (`settle_owner_period` in the escrow), so nothing in a vault can block it.
#[event_cpi]
#[derive(Accounts)]
pub struct BuyModel<'info> {
    #[account(mut)]
    pub buyer: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump, constraint = !config.paused @ RegistryError::PlatformPaused)]
    pub config: Box<Account<'info, Config>>,
    #[account(
        mut,
        seeds = [MODEL_SEED, model.mint.as_ref()],
        bump = model.bump,
        constraint = !model.taken_down @ RegistryError::ModelTakenDown,
    )]
    pub model: Box<Account<'info, Model>>,
    #[account(
        mut,
        close = seller,
        seeds = [SALE_SEED, model.mint.as_ref()],
        bump = sale.bump,
        has_one = seller,
    )]
    pub sale: Box<Account<'info, ModelSale>>,
    /// CHECK: the seller recorded in the listing (has_one); receives the listing's rent.
    #[account(mut)]
    pub seller: UncheckedAccount<'info>,
    #[account(address = model.mint)]
    pub mint: Box<InterfaceAccount<'info, Mint>>,
    #[account(mut, token::mint = mint, token::authority = seller, token::token_program = token_program)]
    pub seller_ownership_token: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(mut, token::mint = mint, token::authority = buyer, token::token_program = token_program)]
    pub buyer_ownership_token: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(address = sale.payment_mint, mint::token_program = payment_token_program)]
    pub payment_mint: Box<InterfaceAccount<'info, Mint>>,
    #[account(mut, token::mint = payment_mint, token::authority = buyer, token::token_program = payment_token_program)]
    pub buyer_payment: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(mut, token::mint = payment_mint, token::authority = seller, token::token_program = payment_token_program)]
    pub seller_payment: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(mut, token::mint = payment_mint, token::authority = config.treasury, token::token_program = payment_token_program)]
    pub treasury_payment: Box<InterfaceAccount<'info, TokenAccount>>,
    /// The original creator's account for its resale royalty; omitted when
    /// the creator is the seller (the royalty is then part of the proceeds).
    #[account(mut, token::mint = payment_mint, token::authority = model.creator, token::token_program = payment_token_program)]
    pub creator_payment: Option<Box<InterfaceAccount<'info, TokenAccount>>>,
    pub payment_token_program: Interface<'info, TokenInterface>,
    pub token_program: Program<'info, Token2022>,
}

/// What the buyer saw and agreed to: the transaction fails if any of it
/// changed before it landed.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExpectedSale {
    pub price: u64,
    pub split_version: u32,
    pub model_version: u32,
}

/// How a sale price divides: platform fee, creator royalty, seller.
#[derive(Debug, PartialEq, Eq)]
pub struct SaleSplit {
    pub fee: u64,
    pub royalty: u64,
    pub seller: u64,
}

/// Fee and royalty round down, except that a non-zero fee rate never yields
/// a zero fee on a non-zero price.
pub fn split_sale(price: u64, fee_bps: u16, royalty_bps: u16) -> Result<SaleSplit> {
    let fee = if fee_bps > 0 && price > 0 {
        bps_of(price, fee_bps).max(1)
    } else {
        0
    };
    let royalty = bps_of(price, royalty_bps);
    let seller = price
        .checked_sub(fee)
        .and_then(|rest| rest.checked_sub(royalty))
        .ok_or(RegistryError::MathOverflow)?;
    Ok(SaleSplit {
        fee,
        royalty,
        seller,
    })
}

impl<'info> BuyModel<'info> {
    fn pay(&self, to: &InterfaceAccount<'info, TokenAccount>, amount: u64) -> Result<()> {
        transfer(
            self.payment_token_program.key(),
            &self.payment_mint,
            self.buyer_payment.to_account_info(),
            to.to_account_info(),
            self.buyer.to_account_info(),
            &[],
            amount,
        )
    }

    /// Thaws the seller's NFT account, moves the NFT as the approved
    /// delegate, and freezes the buyer's account.
    fn transfer_ownership(&self, model_seeds: &[&[u8]]) -> Result<()> {
        let token_program = self.token_program.key();
        let (mint, model) = (self.mint.to_account_info(), self.model.to_account_info());
        thaw(
            token_program,
            self.seller_ownership_token.to_account_info(),
            mint.clone(),
            model.clone(),
            model_seeds,
        )?;
        token_2022::transfer_checked(
            CpiContext::new_with_signer(
                token_program,
                token_2022::TransferChecked {
                    from: self.seller_ownership_token.to_account_info(),
                    mint: mint.clone(),
                    to: self.buyer_ownership_token.to_account_info(),
                    authority: model.clone(),
                },
                &[model_seeds],
            ),
            1,
            0,
        )?;
        freeze(
            token_program,
            self.buyer_ownership_token.to_account_info(),
            mint,
            model,
            model_seeds,
        )
    }
}

pub fn handler(ctx: Context<BuyModel>, expected: ExpectedSale) -> Result<()> {
    let accounts = &ctx.accounts;
    let price = accounts.sale.price;
    require!(price == expected.price, RegistryError::PriceMismatch);
    require!(
        accounts.model.split_version == expected.split_version
            && accounts.model.model_version == expected.model_version,
        RegistryError::SaleTermsChanged
    );
    require!(
        price >= accounts.config.min_model_sale_price,
        RegistryError::PriceBelowMinimum
    );
    let first_sale = accounts.model.sale_count == 0;
    let fees = &accounts.config.fees;
    let (fee_bps, royalty_bps) = if first_sale {
        (fees.primary_sale_fee_bps, 0)
    } else {
        (
            fees.secondary_sale_fee_bps,
            accounts.model.creator_resale_royalty_bps,
        )
    };
    let split = split_sale(price, fee_bps, royalty_bps)?;
    let (mint_key, bump) = (accounts.model.mint, [accounts.model.bump]);
    let model_seeds: &[&[u8]] = &[MODEL_SEED, mint_key.as_ref(), &bump];

    accounts.pay(&accounts.treasury_payment, split.fee)?;
    if accounts.seller.key() == accounts.model.creator {
        accounts.pay(&accounts.seller_payment, split.seller + split.royalty)?;
    } else {
        let creator_payment = accounts
            .creator_payment
            .as_ref()
            .ok_or(RegistryError::CreatorPaymentMissing)?;
        accounts.pay(creator_payment, split.royalty)?;
        accounts.pay(&accounts.seller_payment, split.seller)?;
    }
    accounts.transfer_ownership(model_seeds)?;

    let model = &mut ctx.accounts.model;
    model.sale_count = model
        .sale_count
        .checked_add(1)
        .ok_or(RegistryError::MathOverflow)?;
    model.owner = ctx.accounts.buyer.key();
    model.listed_for_sale = false;
    model.updated_at = Clock::get()?.unix_timestamp;
    emit_cpi!(ModelSold {
        model: model.key(),
        seller: ctx.accounts.seller.key(),
        buyer: ctx.accounts.buyer.key(),
        payment_mint: ctx.accounts.payment_mint.key(),
        price,
        platform_fee: split.fee,
        creator_royalty: split.royalty,
        seller_proceeds: split.seller,
        first_sale,
        split_version: expected.split_version,
        model_version: expected.model_version,
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sale_price_splits_without_losing_a_unit() {
        assert_eq!(
            split_sale(1_000_000, 500, 0).unwrap(),
            SaleSplit {
                fee: 50_000,
                royalty: 0,
                seller: 950_000
            }
        );
        assert_eq!(
            split_sale(999, 250, 750).unwrap(),
            SaleSplit {
                fee: 24,
                royalty: 74,
                seller: 901
            }
        );
        assert_eq!(split_sale(1, 500, 0).unwrap().fee, 1);
        assert_eq!(split_sale(39, 250, 0).unwrap().fee, 1);
        assert_eq!(split_sale(39, 0, 0).unwrap().fee, 0);
        let max = split_sale(u64::MAX, 250, 1_000).unwrap();
        assert_eq!(max.fee + max.royalty + max.seller, u64::MAX);
    }
}
