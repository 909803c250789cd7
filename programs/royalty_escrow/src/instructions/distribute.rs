use {
    crate::{
        constants::*, errors::EscrowError, events::Distributed, instructions::vault_accounts::*,
        state::*,
    },
    anchor_lang::prelude::*,
    anchor_spl::{
        associated_token::{self, get_associated_token_address_with_program_id, AssociatedToken},
        token_interface::TokenAccount,
    },
    hex_common::bps::bps_of,
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
        constraint = (FIRST_CONTRIBUTOR_SLOT..=OWNER_SLOT).contains(&(slot as usize)) @ EscrowError::InvalidRecipientSlot,
        constraint = slot as usize != OWNER_SLOT || vault.owner_period_is_current(&model) @ EscrowError::OwnerPeriodNotSettled,
    )]
    pub vault: VaultAccounts<'info>,
    /// The owner slot only: the token account holding the ownership NFT,
    /// whose owner is the recipient.
    #[account(
        constraint = ownership_token.mint == vault.model_mint @ EscrowError::NotModelOwner,
        constraint = ownership_token.amount == 1 @ EscrowError::NotModelOwner,
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
            &vault.payment_mint.key(),
            &vault.token_program.key(),
        ) @ EscrowError::NotRecipientTokenAccount,
    )]
    pub recipient_tokens: UncheckedAccount<'info>,
    /// CHECK: the recipient's payout preferences, read if they exist.
    #[account(seeds = [PAYOUT_PREFERENCES_SEED, recipient.key().as_ref()], bump)]
    pub preferences: UncheckedAccount<'info>,
    #[account(mut, token::mint = vault.payment_mint, token::token_program = vault.token_program)]
    pub distributor_tokens: Box<InterfaceAccount<'info, TokenAccount>>,
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
                .ok_or(EscrowError::NotModelOwner)?;
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
            self.vault.token_program.key(),
            EscrowError::NotRecipientTokenAccount
        );
        let data = self.recipient_tokens.try_borrow_data()?;
        let account = TokenAccount::try_deserialize(&mut &data[..])?;
        require_keys_eq!(
            account.mint,
            self.vault.payment_mint.key(),
            EscrowError::NotRecipientTokenAccount
        );
        Ok(account.owner)
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
                mint: self.vault.payment_mint.to_account_info(),
                system_program: self.system_program.to_account_info(),
                token_program: self.vault.token_program.to_account_info(),
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
    let distributor_fee = bps_of(amount, accounts.config.family.distributor_fee_bps);
    let to_recipient = amount - distributor_fee;
    let vault = &accounts.vault;
    vault.pay(accounts.recipient_tokens.to_account_info(), to_recipient)?;
    vault.pay(
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
