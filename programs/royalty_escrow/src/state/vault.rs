use {
    crate::{constants::*, errors::EscrowError, state::MemberPoints},
    anchor_lang::prelude::*,
    hex_common::bps::{bps_of, BPS_DENOMINATOR},
    model_registry::state::Model,
};

/// One recipient of a vault's income.
#[derive(
    AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, Default, PartialEq, Eq, InitSpace,
)]
pub struct Recipient {
    /// The parent's vault (parent slot), the contributor's wallet, or
    /// `Pubkey::default()` for the owner slot (the NFT holder at claim time).
    pub wallet: Pubkey,
    pub share_bps: u16,
    /// Earned in epochs closed by split changes.
    pub earned_in_closed_epochs: u64,
    /// Taken so far (released, claimed or settled).
    pub taken: u64,
}

/// Revenue of one model in one payment mint, at
/// `[VAULT_SEED, model mint, payment mint]`; its tokens sit in the token
/// account at `[VAULT_TOKENS_SEED, vault]`, owned by the vault.
///
/// Pull-based accounting: the vault only records its cumulative income. In
/// the current epoch (since the last split change) a recipient has earned
/// floor(epoch income x share / 10,000); what it is owed is that plus what it
/// earned in closed epochs, minus what it took. Nothing ever iterates over
/// the recipients to deposit, release or claim.
#[account]
#[derive(InitSpace)]
pub struct Vault {
    /// Layout version of this account (`ACCOUNT_VERSION` when written).
    pub account_version: u8,
    pub bump: u8,
    pub tokens_bump: u8,
    pub model_mint: Pubkey,
    pub payment_mint: Pubkey,
    pub token_program: Pubkey,
    /// The parent model's vault for the same payment mint (default for a base model).
    pub parent_vault: Pubkey,
    /// The model's split version this vault's shares come from.
    pub split_version: u32,
    /// Every unit that ever came in: deposits and releases from children.
    pub total_income: u64,
    /// Every unit that ever went out: releases to the parent and claims.
    pub total_paid_out: u64,
    /// Income assigned to recipients in closed epochs; the current epoch's
    /// income is `total_income - epoch_start`.
    pub epoch_start: u64,
    pub recipients: [Recipient; RECIPIENT_SLOTS],
    /// Who held the model during this vault's current owner period, and the
    /// model's `sale_count` when that period began. While they differ from
    /// the model's, a sale happened and the period must be settled
    /// (`settle_owner_period`) before the vault takes income or pays an owner.
    pub owner_of_record: Pubkey,
    pub owner_sale_count: u32,
    /// Owner shares settled to previous owners and not yet paid out.
    pub owed_to_previous_owners: u64,
    /// The model's trend points in its family pool for this payment mint,
    /// per epoch, until collected.
    pub trend_points: [MemberPoints; MEMBER_EPOCH_SLOTS],
    pub reserved: [u8; 20],
}

// The fields the SDK filters or reads vaults by.
hex_common::account_offsets!(Vault {
    account_version: u8,
    bump: u8,
    tokens_bump: u8,
    model_mint: Pubkey => VAULT_MODEL_MINT_OFFSET,
    payment_mint: Pubkey => VAULT_PAYMENT_MINT_OFFSET,
    token_program: Pubkey,
    parent_vault: Pubkey,
    split_version: u32,
    total_income: u64,
    total_paid_out: u64,
    epoch_start: u64,
    recipients: [Recipient; RECIPIENT_SLOTS] => VAULT_RECIPIENTS_OFFSET,
    owner_of_record: Pubkey,
    owner_sale_count: u32,
    owed_to_previous_owners: u64,
    trend_points: [MemberPoints; MEMBER_EPOCH_SLOTS],
    reserved: [u8; 20],
});

/// Bytes of one recipient in `Vault::recipients`, for reading a slot at
/// `VAULT_RECIPIENTS_OFFSET + slot * VAULT_RECIPIENT_SIZE`.
#[constant]
pub const VAULT_RECIPIENT_SIZE: u16 = hex_common::layout::to_u16(Recipient::INIT_SPACE);

/// The recipients a model's registry entry names: parent vault, contributors
/// and the owner's remainder, whose shares must sum to exactly 10,000 bps.
pub fn recipients_of(
    model: &Model,
    parent_vault: Pubkey,
) -> Result<[(Pubkey, u16); RECIPIENT_SLOTS]> {
    let mut recipients = [(Pubkey::default(), 0u16); RECIPIENT_SLOTS];
    recipients[PARENT_SLOT] = (parent_vault, model.parent_royalty_bps);
    let count = model.contributor_count as usize;
    require!(
        count <= OWNER_SLOT - FIRST_CONTRIBUTOR_SLOT,
        EscrowError::InvalidShares
    );
    for (slot, contributor) in model.contributors[..count].iter().enumerate() {
        recipients[FIRST_CONTRIBUTOR_SLOT + slot] = (contributor.wallet, contributor.share_bps);
    }
    let named: u64 = recipients.iter().map(|(_, share)| *share as u64).sum();
    let owner_share = (BPS_DENOMINATOR as u64)
        .checked_sub(named)
        .ok_or(EscrowError::InvalidShares)?;
    recipients[OWNER_SLOT].1 = owner_share as u16;
    Ok(recipients)
}

impl Vault {
    fn epoch_income(&self) -> u64 {
        self.total_income - self.epoch_start
    }

    /// What the recipient in `slot` may take now.
    pub fn owed(&self, slot: usize) -> Result<u64> {
        let recipient = &self.recipients[slot];
        recipient
            .earned_in_closed_epochs
            .checked_add(bps_of(self.epoch_income(), recipient.share_bps))
            .and_then(|earned| earned.checked_sub(recipient.taken))
            .ok_or_else(|| EscrowError::MathOverflow.into())
    }

    pub fn record_income(&mut self, amount: u64) -> Result<()> {
        self.total_income = self
            .total_income
            .checked_add(amount)
            .ok_or(EscrowError::MathOverflow)?;
        Ok(())
    }

    /// Books `amount` as taken by the recipient in `slot`.
    fn mark_taken(&mut self, slot: usize, amount: u64) -> Result<()> {
        let recipient = &mut self.recipients[slot];
        recipient.taken = recipient
            .taken
            .checked_add(amount)
            .ok_or(EscrowError::MathOverflow)?;
        Ok(())
    }

    /// Books `amount` as gone out of the vault's token account.
    fn record_paid_out(&mut self, amount: u64) -> Result<()> {
        self.total_paid_out = self
            .total_paid_out
            .checked_add(amount)
            .ok_or(EscrowError::MathOverflow)?;
        Ok(())
    }

    /// Marks everything `slot` is owed as taken and returns it.
    pub fn take_owed(&mut self, slot: usize) -> Result<u64> {
        let amount = self.owed(slot)?;
        self.mark_taken(slot, amount)?;
        self.record_paid_out(amount)?;
        Ok(amount)
    }

    /// Income not yet assigned to any recipient: rounding dust of the
    /// current epoch, less than one unit per recipient with a share.
    pub fn unassigned(&self) -> u64 {
        let income = self.epoch_income();
        income
            - self
                .recipients
                .iter()
                .map(|r| bps_of(income, r.share_bps))
                .sum::<u64>()
    }

    /// Whether a sale of the model closed this vault's owner period.
    pub fn owner_period_is_current(&self, model: &Model) -> bool {
        self.owner_sale_count == model.sale_count
    }

    /// Closes the owner period: what the owner's share earned so far moves
    /// to the previous owner's account of record, and the model's current
    /// owner starts a new period. Returns the amount settled.
    pub fn close_owner_period(&mut self, model: &Model) -> Result<u64> {
        let amount = self.owed(OWNER_SLOT)?;
        self.mark_taken(OWNER_SLOT, amount)?;
        self.owed_to_previous_owners = self
            .owed_to_previous_owners
            .checked_add(amount)
            .ok_or(EscrowError::MathOverflow)?;
        self.owner_of_record = model.owner;
        self.owner_sale_count = model.sale_count;
        Ok(amount)
    }

    /// Pays out `amount` that a previous owner was settled.
    pub fn pay_previous_owner(&mut self, amount: u64) -> Result<()> {
        self.owed_to_previous_owners = self
            .owed_to_previous_owners
            .checked_sub(amount)
            .ok_or(EscrowError::MathOverflow)?;
        self.record_paid_out(amount)
    }

    /// Closes the current epoch under the old shares: each recipient keeps
    /// what it earned; the epoch's dust carries over into the next epoch, so
    /// dust never accumulates across split changes.
    pub fn close_epoch(&mut self) -> Result<()> {
        let income = self.epoch_income();
        let mut assigned = 0u64;
        for recipient in self.recipients.iter_mut() {
            let earned = bps_of(income, recipient.share_bps);
            recipient.earned_in_closed_epochs = recipient
                .earned_in_closed_epochs
                .checked_add(earned)
                .ok_or(EscrowError::MathOverflow)?;
            assigned += earned;
        }
        self.epoch_start += assigned;
        Ok(())
    }

    /// Empties a slot whose recipient is replaced, right after `close_epoch`:
    /// marks what it earned in closed epochs as taken and returns it. The
    /// current epoch's dust is not its own: it stays for the next epoch.
    pub fn take_closed_earnings(&mut self, slot: usize) -> Result<u64> {
        let recipient = &self.recipients[slot];
        let amount = recipient
            .earned_in_closed_epochs
            .checked_sub(recipient.taken)
            .ok_or(EscrowError::MathOverflow)?;
        self.mark_taken(slot, amount)?;
        self.record_paid_out(amount)?;
        Ok(amount)
    }

    /// Everything the vault owes: each recipient's due and what previous
    /// owners were settled. Never more than the vault holds.
    pub fn total_owed(&self) -> Result<u64> {
        (0..RECIPIENT_SLOTS).try_fold(self.owed_to_previous_owners, |sum, slot| {
            sum.checked_add(self.owed(slot)?)
                .ok_or_else(|| EscrowError::MathOverflow.into())
        })
    }

    /// Installs new shares; every recipient keeps its slot's history.
    pub fn set_shares(&mut self, recipients: &[(Pubkey, u16); RECIPIENT_SLOTS]) {
        for (recipient, (wallet, share_bps)) in self.recipients.iter_mut().zip(recipients) {
            recipient.wallet = *wallet;
            recipient.share_bps = *share_bps;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vault_with_shares(shares: &[u16]) -> Vault {
        let mut recipients = [Recipient::default(); RECIPIENT_SLOTS];
        for (recipient, share) in recipients.iter_mut().zip(shares) {
            recipient.share_bps = *share;
        }
        Vault {
            account_version: 1,
            bump: 0,
            tokens_bump: 0,
            model_mint: Pubkey::default(),
            payment_mint: Pubkey::default(),
            token_program: Pubkey::default(),
            parent_vault: Pubkey::default(),
            split_version: 0,
            total_income: 0,
            total_paid_out: 0,
            epoch_start: 0,
            recipients,
            owner_of_record: Pubkey::default(),
            owner_sale_count: 0,
            owed_to_previous_owners: 0,
            trend_points: [MemberPoints::default(); MEMBER_EPOCH_SLOTS],
            reserved: [0; 20],
        }
    }

    #[test]
    fn many_tiny_deposits_never_pay_more_than_cumulative_floor() {
        let mut vault = vault_with_shares(&[3_333, 3_333, 3_334]);
        for _ in 0..10_000 {
            vault.record_income(1).unwrap();
            for slot in 0..3 {
                vault.take_owed(slot).unwrap();
            }
        }
        let taken: u64 = vault.recipients.iter().map(|r| r.taken).sum();
        assert_eq!(taken, 3_333 + 3_333 + 3_334);
        assert_eq!(vault.unassigned(), 0);
    }

    #[test]
    fn closing_an_epoch_keeps_earnings_and_carries_dust_forward() {
        let mut vault = vault_with_shares(&[3_333, 6_667]);
        vault.record_income(10).unwrap();
        assert_eq!((vault.owed(0).unwrap(), vault.owed(1).unwrap()), (3, 6));
        assert_eq!(vault.unassigned(), 1);
        vault.close_epoch().unwrap();
        let mut shares = [(Pubkey::default(), 0); RECIPIENT_SLOTS];
        shares[0].1 = 5_000;
        shares[1].1 = 5_000;
        vault.set_shares(&shares);
        assert_eq!((vault.owed(0).unwrap(), vault.owed(1).unwrap()), (3, 6));
        assert_eq!(vault.unassigned(), 1);
        vault.record_income(1).unwrap();
        // The carried unit and the new one split 1 / 1 under the new shares.
        assert_eq!((vault.owed(0).unwrap(), vault.owed(1).unwrap()), (4, 7));
        assert_eq!(vault.unassigned(), 0);
    }

    #[test]
    fn a_replaced_slot_takes_its_closed_earnings_and_leaves_the_dust() {
        let mut vault = vault_with_shares(&[5_000, 3_333, 1_667]);
        vault.record_income(7).unwrap();
        vault.close_epoch().unwrap();
        // 3 + 2 + 1 assigned, 1 unit of dust carried into the next epoch.
        assert_eq!(vault.take_closed_earnings(1).unwrap(), 2);
        assert_eq!(vault.unassigned(), 1);
        assert_eq!(vault.total_owed().unwrap(), 7 - 2 - vault.unassigned());
    }

    #[test]
    fn income_overflow_is_rejected() {
        let mut vault = vault_with_shares(&[10_000]);
        vault.record_income(u64::MAX).unwrap();
        assert!(vault.record_income(1).is_err());
        assert_eq!(vault.owed(0).unwrap(), u64::MAX);
    }
}
