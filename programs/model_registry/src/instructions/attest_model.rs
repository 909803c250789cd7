use {
    crate::{constants::*, errors::RegistryError, events::ModelAttested, state::*},
    anchor_lang::prelude::*,
};

/// The platform's attester sets a model's quality tier and what it vouches
/// for (benchmarks confirmed, security audited, trained on the platform),
/// with a URI to the evidence.
#[event_cpi]
#[derive(Accounts)]
pub struct AttestModel<'info> {
    #[account(mut)]
    pub attester: Signer<'info>,
    #[account(
        seeds = [CONFIG_SEED],
        bump = config.bump,
        has_one = attester @ RegistryError::NotAttester,
    )]
    pub config: Box<Account<'info, Config>>,
    #[account(seeds = [MODEL_SEED, model.mint.as_ref()], bump = model.bump)]
    pub model: Box<Account<'info, Model>>,
    #[account(
        init_if_needed,
        payer = attester,
        space = 8 + ModelProfile::INIT_SPACE,
        seeds = [PROFILE_SEED, model.mint.as_ref()],
        bump,
    )]
    pub profile: Box<Account<'info, ModelProfile>>,
    pub system_program: Program<'info, System>,
}

pub fn handler(
    ctx: Context<AttestModel>,
    quality_tier: QualityTier,
    attestations: u8,
    evidence_uri: String,
) -> Result<()> {
    require!(
        attestations & !ATTESTATION_FLAGS == 0,
        RegistryError::InvalidAttestations
    );
    require!(
        evidence_uri.len() <= MAX_URI_LEN as usize,
        RegistryError::InvalidUri
    );
    let model_mint = ctx.accounts.model.mint;
    let profile = &mut ctx.accounts.profile;
    if profile.account_version == 0 {
        profile.set_inner(ModelProfile::empty(ctx.bumps.profile, model_mint));
    }
    profile.quality_tier = quality_tier;
    profile.attestations = attestations;
    profile.attester = ctx.accounts.attester.key();
    profile.attested_at = Clock::get()?.unix_timestamp;
    profile.evidence_uri = evidence_uri.clone();
    emit_cpi!(ModelAttested {
        model: ctx.accounts.model.key(),
        attester: ctx.accounts.attester.key(),
        quality_tier,
        attestations,
        evidence_uri,
    });
    Ok(())
}
