use {
    crate::{
        constants::*, errors::EscrowError, events::Distributed, state::*, token::pay_from_vault,
    },
    anchor_lang::prelude::*,
    anchor_spl::{
        associated_token::{self, get_associated_token_address_with_program_id, AssociatedToken},
        token_interface::{Mint, TokenAccount, TokenInterface},
    },
    model_registry::{
        constants::{CONFIG_SEED, MODEL_SEED},
        state::{Config, Model},
    },
};

/// Permissionless (a keeper bot): pays a contributor, or the holder of the
/// model's ownership NFT, what the vault owes it, into its associated token
/// account, which the distributor creates if the recipient allows it. A
/// recipient who opted out is paid only by its own claim. The distributor
/// may take the platform's distributor fee out of the payment.
#[event_cpi]
#[derive(Accounts)]
#[instruction(slot: u8)]
pub struct Distribute<'info> {
    #[account(mut)]
    pub distributor: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump, seeds::program = model_registry::ID)]
    pub config: Box<Account<'info, Config>>,
    #[account(
        seeds = [MODEL_SEED, vault.model_mint.as_ref()],
        bump = model.bump,
        seeds::program = model_registry::ID,
    )]
    pub model: Box<Account<'info, Model>>,
    #[account(
        mut,
        seeds = [VAULT_SEED, vault.model_mint.as_ref(), vault.payment_mint.as_ref()],
        bump = vault.bump,
        constraint = (FIRST_CONTRIBUTOR_SLOT..=OWNER_SLOT).contains(&(slot as usize)) @ EscrowError::InvalidRecipientSlot,
        constraint = slot as usize != OWNER_SLOT || vault.owner_period_is_current(&model) @ EscrowError::OwnerPeriodNotSettled,
    )]
    pub vault: Box<Account<'info, Vault>>,
    #[account(
        mut,
        seeds = [VAULT_TOKENS_SEED, vault.key().as_ref()],
        bump = vault.tokens_bump,
    )]
    pub vault_tokens: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(address = vault.payment_mint)]
    pub payment_mint: Box<InterfaceAccount<'info, Mint>>,
    /// The owner slot only: the token account holding the ownership NFT,
    /// whose owner is the recipient.
    #[account(
        constraint = ownership_token.mint == vault.model_mint @ EscrowError::NotTheOwner,
        constraint = ownership_token.amount == 1 @ EscrowError::NotTheOwner,
    )]
    pub ownership_token: Option<Box<InterfaceAccount<'info, TokenAccount>>>,
    /// CHECK: the wallet paid: the contributor in `slot`, or the ownership
    /// NFT's holder (checked in the handler).
    pub recipient: UncheckedAccount<'info>,
    /// CHECK: the recipient's associated token account; created here if
    /// missing and allowed, then read as a token account.
    #[account(
        mut,
        address = get_associated_token_address_with_program_id(
            &recipient.key(),
            &payment_mint.key(),
            &token_program.key(),
        ) @ EscrowError::NotRecipientTokenAccount,
    )]
    pub recipient_tokens: UncheckedAccount<'info>,
    /// CHECK: the recipient's payout preferences, read if they exist.
    #[account(seeds = [PAYOUT_PREFERENCES_SEED, recipient.key().as_ref()], bump)]
    pub preferences: UncheckedAccount<'info>,
    #[account(mut, token::mint = payment_mint, token::token_program = token_program)]
    pub distributor_tokens: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(address = vault.token_program)]
    pub token_program: Interface<'info, TokenInterface>,
    pub associated_token_program: Program<'info, AssociatedToken>,
    pub system_program: Program<'info, System>,
}

impl<'info> Distribute<'info> {
    /// The wallet `slot` pays now.
    fn recipient_of(&self, slot: usize) -> Result<Pubkey> {
        if slot == OWNER_SLOT {
            let holder = self
                .ownership_token
                .as_ref()
                .ok_or(EscrowError::NotTheOwner)?;
            return Ok(holder.owner);
        }
        Ok(self.vault.recipients[slot].wallet)
    }

    /// The recipient's preferences (opt out, allow account creation), or
    /// the defaults when it has none.
    fn preferences(&self) -> Result<(bool, bool)> {
        Ok(read_optional::<PayoutPreferences>(&self.preferences)?
            .map_or((false, true), |preferences| {
                (preferences.opt_out, preferences.allow_account_creation)
            }))
    }

    /// The owner of the recipient's token account, read as a token account
    /// of the payment mint.
    fn recipient_account_owner(&self) -> Result<Pubkey> {
        require_keys_eq!(
            *self.recipient_tokens.owner,
            self.token_program.key(),
            EscrowError::NotRecipientTokenAccount
        );
        let data = self.recipient_tokens.try_borrow_data()?;
        let account = TokenAccount::try_deserialize(&mut &data[..])?;
        require_keys_eq!(
            account.mint,
            self.payment_mint.key(),
            EscrowError::NotRecipientTokenAccount
        );
        Ok(account.owner)
    }

    /// Pays `amount` out of the vault, if any.
    fn pay(&self, destination: AccountInfo<'info>, amount: u64) -> Result<()> {
        if amount == 0 {
            return Ok(());
        }
        pay_from_vault(
            &self.vault,
            &self.vault_tokens,
            destination,
            &self.payment_mint,
            self.token_program.key(),
            amount,
        )
    }

    /// Creates the recipient's associated token account if it is missing
    /// and the recipient allows it.
    fn ensure_recipient_account(&self, allow_account_creation: bool) -> Result<()> {
        if !self.recipient_tokens.data_is_empty() {
            return Ok(());
        }
        require!(allow_account_creation, EscrowError::RecipientAccountMissing);
        associated_token::create_idempotent(CpiContext::new(
            self.associated_token_program.key(),
            associated_token::Create {
                payer: self.distributor.to_account_info(),
                associated_token: self.recipient_tokens.to_account_info(),
                authority: self.recipient.to_account_info(),
                mint: self.payment_mint.to_account_info(),
                system_program: self.system_program.to_account_info(),
                token_program: self.token_program.to_account_info(),
            },
        ))
    }
}

pub fn handler(mut ctx: Context<Distribute>, slot: u8) -> Result<()> {
    let accounts = &mut ctx.accounts;
    let slot_index = slot as usize;
    require_keys_eq!(
        accounts.recipient.key(),
        accounts.recipient_of(slot_index)?,
        EscrowError::NotARecipient
    );
    let (opt_out, allow_account_creation) = accounts.preferences()?;
    require!(!opt_out, EscrowError::RecipientOptedOut);
    accounts.ensure_recipient_account(allow_account_creation)?;
    // An associated account whose owner was changed is not the recipient's.
    require_keys_eq!(
        accounts.recipient_account_owner()?,
        accounts.recipient.key(),
        EscrowError::NotRecipientTokenAccount
    );
    let amount = accounts.vault.take_owed(slot_index)?;
    require!(amount > 0, EscrowError::NothingToClaim);
    let distributor_fee = share_of(amount, accounts.config.family.distributor_fee_bps);
    let to_recipient = amount - distributor_fee;
    accounts.pay(accounts.recipient_tokens.to_account_info(), to_recipient)?;
    accounts.pay(
        accounts.distributor_tokens.to_account_info(),
        distributor_fee,
    )?;
    emit_cpi!(Distributed {
        vault: ctx.accounts.vault.key(),
        slot,
        recipient: ctx.accounts.recipient.key(),
        destination: ctx.accounts.recipient_tokens.key(),
        amount: to_recipient,
        distributor: ctx.accounts.distributor.key(),
        distributor_fee,
    });
    Ok(())
}
