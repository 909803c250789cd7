use {
    crate::{
        constants::*, errors::RegistryError, events::ContributorsSet, instructions::model_owner::*,
        state::*,
    },
    anchor_lang::prelude::*,
};

/// The model's owner names its contributors and their shares. A contributor
/// whose share would shrink or vanish must co-sign (as a signer among the
/// remaining accounts). The split version moves on, so each revenue vault
/// settles what was earned under the old split before it takes new revenue.
#[event_cpi]
#[derive(Accounts)]
pub struct SetContributors<'info> {
    pub model_owner: ModelOwner<'info>,
}

fn validate(model: &Model, contributors: &[Contributor]) -> Result<()> {
    require!(
        contributors.len() <= MAX_CONTRIBUTORS,
        RegistryError::TooManyContributors
    );
    require!(
        contributors
            .iter()
            .all(|c| c.share_bps > 0 && c.wallet != Pubkey::default()),
        RegistryError::InvalidContributor
    );
    for (index, contributor) in contributors.iter().enumerate() {
        require!(
            !contributors[..index]
                .iter()
                .any(|earlier| earlier.wallet == contributor.wallet),
            RegistryError::DuplicateContributor
        );
    }
    let named = contributors.iter().map(|c| c.share_bps as u32).sum::<u32>()
        + model.parent_royalty_bps as u32;
    require!(
        named <= BPS_DENOMINATOR as u32,
        RegistryError::SharesExceedTotal
    );
    Ok(())
}

fn new_share(contributors: &[Contributor], wallet: &Pubkey) -> u16 {
    contributors
        .iter()
        .find(|c| &c.wallet == wallet)
        .map_or(0, |c| c.share_bps)
}

pub fn handler(ctx: Context<SetContributors>, contributors: Vec<Contributor>) -> Result<()> {
    let model = &ctx.accounts.model_owner.model;
    validate(model, &contributors)?;
    let current = &model.contributors[..model.contributor_count as usize];
    for old in current
        .iter()
        .filter(|old| new_share(&contributors, &old.wallet) < old.share_bps)
    {
        require!(
            ctx.remaining_accounts
                .iter()
                .any(|account| account.is_signer && account.key() == old.wallet),
            RegistryError::ContributorConsentMissing
        );
    }
    let model = &mut ctx.accounts.model_owner.model;
    model.contributors = [Contributor::default(); MAX_CONTRIBUTORS];
    model.contributors[..contributors.len()].copy_from_slice(&contributors);
    model.contributor_count = contributors.len() as u8;
    model.split_version = model
        .split_version
        .checked_add(1)
        .ok_or(RegistryError::MathOverflow)?;
    model.updated_at = Clock::get()?.unix_timestamp;
    emit_cpi!(ContributorsSet {
        model: model.key(),
        split_version: model.split_version,
        contributors,
    });
    Ok(())
}
