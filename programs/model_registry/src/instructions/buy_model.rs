use {
    crate::{
        constants::*,
        errors::RegistryError,
        events::ModelSold,
        ownership::{freeze, thaw},
        state::*,
    },
    anchor_lang::{
        prelude::*,
        solana_program::{instruction::Instruction, program::invoke_signed},
    },
    anchor_spl::{
        token_2022::{self, Token2022},
        token_interface::{self, Mint, TokenAccount, TokenInterface, TransferChecked},
    },
};

/// Accounts per revenue vault, in `remaining_accounts`, that a sale settles:
/// vault, vault token account, its payment mint, the seller's token account
/// for that mint, and that mint's token program.
pub const SETTLEMENT_ACCOUNTS_PER_VAULT: usize = 5;

/// Buys a listed model: the buyer pays the price it agreed to; the platform
/// takes its primary (first sale) or secondary fee, the original creator its
/// resale royalty (later sales), the seller the rest. Every revenue vault of
/// the model first pays the seller what the owner's share earned; then the
/// NFT moves to the buyer, frozen again.
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
    /// CHECK: the royalty escrow program, by address.
    #[account(address = ROYALTY_ESCROW_ID)]
    pub escrow_program: UncheckedAccount<'info>,
    /// CHECK: the escrow's event authority PDA; the escrow checks it.
    pub escrow_event_authority: UncheckedAccount<'info>,
}

/// How a sale price divides: platform fee, creator royalty, seller.
#[derive(Debug, PartialEq, Eq)]
pub struct SaleSplit {
    pub fee: u64,
    pub royalty: u64,
    pub seller: u64,
}

pub fn split_sale(price: u64, fee_bps: u16, royalty_bps: u16) -> Result<SaleSplit> {
    let part = |bps: u16| (price as u128 * bps as u128 / BPS_DENOMINATOR as u128) as u64;
    let (fee, royalty) = (part(fee_bps), part(royalty_bps));
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
        if amount == 0 {
            return Ok(());
        }
        token_interface::transfer_checked(
            CpiContext::new(
                self.payment_token_program.key(),
                TransferChecked {
                    from: self.buyer_payment.to_account_info(),
                    mint: self.payment_mint.to_account_info(),
                    to: to.to_account_info(),
                    authority: self.buyer.to_account_info(),
                },
            ),
            amount,
            self.payment_mint.decimals,
        )
    }

    /// Calls the escrow's settle_owner for every vault of the model, so the
    /// seller keeps what the owner's share earned before the sale.
    fn settle_vaults(
        &self,
        vaults: &'info [AccountInfo<'info>],
        model_seeds: &[&[u8]],
    ) -> Result<()> {
        require!(
            vaults.len() == self.model.vault_count as usize * SETTLEMENT_ACCOUNTS_PER_VAULT,
            RegistryError::VaultsNotSettled
        );
        let groups: Vec<&[AccountInfo<'info>]> =
            vaults.chunks(SETTLEMENT_ACCOUNTS_PER_VAULT).collect();
        for (index, group) in groups.iter().enumerate() {
            let [vault, vault_tokens, payment_mint, seller_destination, token_program] = group
            else {
                return err!(RegistryError::VaultsNotSettled);
            };
            require!(
                !groups[..index]
                    .iter()
                    .any(|earlier| earlier[0].key == vault.key),
                RegistryError::VaultsNotSettled
            );
            let destination = InterfaceAccount::<TokenAccount>::try_from(seller_destination)?;
            require!(
                destination.owner == self.seller.key(),
                RegistryError::VaultsNotSettled
            );
            let instruction = Instruction {
                program_id: ROYALTY_ESCROW_ID,
                accounts: vec![
                    AccountMeta::new_readonly(self.model.key(), true),
                    AccountMeta::new(vault.key(), false),
                    AccountMeta::new(vault_tokens.key(), false),
                    AccountMeta::new_readonly(payment_mint.key(), false),
                    AccountMeta::new(seller_destination.key(), false),
                    AccountMeta::new_readonly(token_program.key(), false),
                    AccountMeta::new_readonly(self.escrow_event_authority.key(), false),
                    AccountMeta::new_readonly(ROYALTY_ESCROW_ID, false),
                ],
                data: ESCROW_SETTLE_OWNER_DISCRIMINATOR.to_vec(),
            };
            let infos = [
                self.model.to_account_info(),
                vault.clone(),
                vault_tokens.clone(),
                payment_mint.clone(),
                seller_destination.clone(),
                token_program.clone(),
                self.escrow_event_authority.to_account_info(),
                self.escrow_program.to_account_info(),
            ];
            invoke_signed(&instruction, &infos, &[model_seeds])?;
        }
        Ok(())
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

pub fn handler<'info>(ctx: Context<'info, BuyModel<'info>>, expected_price: u64) -> Result<()> {
    let accounts = &ctx.accounts;
    let price = accounts.sale.price;
    require!(price == expected_price, RegistryError::PriceMismatch);
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

    accounts.settle_vaults(ctx.remaining_accounts, model_seeds)?;
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
        let max = split_sale(u64::MAX, 250, 1_000).unwrap();
        assert_eq!(max.fee + max.royalty + max.seller, u64::MAX);
    }
}
