//! Hex model registry: models as Token-2022 ownership NFTs, their versions,
//! forks and the lineage tree, and the platform configuration.

use anchor_lang::prelude::*;

pub mod constants;
pub mod derivative_license;
pub mod errors;
pub mod events;
pub mod instructions;
pub mod metadata;
pub mod state;

use {
    instructions::*,
    state::{Category, Contributor, ModelTerms, QualityTier},
};

declare_id!(hex_common::ids::MODEL_REGISTRY);

// The license market depends on this crate, so the registry reads its
// License accounts (a fork's derivative license) through its committed IDL
// (`idls/`, a link to `sdk/idl/`, which `npm run idl` writes and checks):
// the layout comes from the market's own definition, never from a copy.
declare_program!(license_market);
// declare_program! reads the IDL where cargo does not look: naming it here
// rebuilds this crate whenever it is regenerated.
const _: &[u8] = include_bytes!("../../../idls/license_market.json");

#[program]
pub mod model_registry {
    use super::*;

    /// Creates the platform configuration: authority, treasury, fee schedule
    /// under hard caps, creator tiers and limits.
    pub fn initialize_config(
        ctx: Context<InitializeConfig>,
        args: InitializeConfigArgs,
    ) -> Result<()> {
        instructions::initialize_config::handler(ctx, args)
    }

    /// Registers a base model: mints its ownership NFT with Token-2022
    /// metadata to the creator and records the model.
    pub fn register_model(ctx: Context<RegisterModel>, args: RegisterModelArgs) -> Result<()> {
        instructions::register_model::handler(ctx, args)
    }

    /// Changes platform settings under the fee caps written at
    /// initialisation; what was already bought keeps its terms.
    pub fn update_config(ctx: Context<UpdateConfig>, update: ConfigUpdate) -> Result<()> {
        instructions::update_config::handler(ctx, update)
    }

    /// Names the next platform authority (first step of a transfer).
    pub fn propose_authority(ctx: Context<ProposeAuthority>, new_authority: Pubkey) -> Result<()> {
        instructions::propose_authority::handler(ctx, new_authority)
    }

    /// The proposed authority takes over (second step).
    pub fn accept_authority(ctx: Context<AcceptAuthority>) -> Result<()> {
        instructions::accept_authority::handler(ctx)
    }

    /// Pauses or resumes new registrations and sales. Refunds, withdrawals
    /// and claims keep working while paused.
    pub fn set_paused(ctx: Context<SetPaused>, paused: bool) -> Result<()> {
        instructions::set_paused::handler(ctx, paused)
    }

    /// Forks a model into a child that pays the parent its fork royalty: an
    /// open model by anyone, a closed one with a license granting derivative rights.
    pub fn fork_model(ctx: Context<ForkModel>, args: RegisterModelArgs) -> Result<()> {
        instructions::fork_model::handler(ctx, args)
    }

    /// Names the model's contributors and their shares (owner signs; any
    /// contributor whose share shrinks co-signs).
    #[access_control(not_listed_for_sale(&ctx.accounts.model_owner))]
    pub fn set_contributors(
        ctx: Context<SetContributors>,
        contributors: Vec<Contributor>,
    ) -> Result<()> {
        instructions::set_contributors::handler(ctx, contributors)
    }

    /// Publishes a new version of a model: new content hash and URI.
    #[access_control(not_listed_for_sale(&ctx.accounts.model_owner))]
    pub fn publish_version(
        ctx: Context<PublishVersion>,
        content_hash: [u8; 32],
        uri: String,
    ) -> Result<()> {
        instructions::publish_version::handler(ctx, content_hash, uri)
    }

    /// Opens a model to forks or closes it.
    #[access_control(not_listed_for_sale(&ctx.accounts.model_owner))]
    pub fn set_visibility(ctx: Context<SetVisibility>, open_source: bool) -> Result<()> {
        instructions::set_visibility::handler(ctx, open_source)
    }

    /// Platform takedown of a model, or its restoration.
    pub fn set_taken_down(ctx: Context<SetTakenDown>, taken_down: bool) -> Result<()> {
        instructions::set_taken_down::handler(ctx, taken_down)
    }

    /// Counts a new revenue vault of the model (for display); signed by the
    /// vault itself.
    pub fn record_vault(ctx: Context<RecordVault>, payment_mint: Pubkey) -> Result<()> {
        instructions::record_vault::handler(ctx, payment_mint)
    }

    /// Counts a license issued or refunded, or a review, on the model;
    /// signed by the license market's authority PDA.
    pub fn record_license_activity(
        ctx: Context<RecordLicenseActivity>,
        activity: LicenseActivity,
    ) -> Result<()> {
        instructions::record_license_activity::handler(ctx, activity)
    }

    /// Offers the model's ownership NFT for sale at a price in any SPL mint.
    pub fn list_model_for_sale(ctx: Context<ListModelForSale>, price: u64) -> Result<()> {
        instructions::list_model_for_sale::handler(ctx, price)
    }

    /// Withdraws the offer.
    pub fn cancel_model_sale(ctx: Context<CancelModelSale>) -> Result<()> {
        instructions::cancel_model_sale::handler(ctx)
    }

    /// Buys a listed model at the price, split version and model version
    /// the buyer agreed to. Touches no revenue vault: each settles the
    /// seller's share lazily.
    pub fn buy_model(ctx: Context<BuyModel>, expected: ExpectedSale) -> Result<()> {
        instructions::buy_model::handler(ctx, expected)
    }

    /// Registers an existing Metaplex Token Metadata NFT as a base model.
    pub fn register_metaplex_model(
        ctx: Context<RegisterMetaplexModel>,
        terms: ModelTerms,
    ) -> Result<()> {
        instructions::register_metaplex_model::handler(ctx, terms)
    }

    /// The owner files its model under a category, a sub-kind and up to
    /// four tags, for discovery.
    pub fn set_model_profile(
        ctx: Context<SetModelProfile>,
        category: Category,
        kind: u8,
        tags: Vec<String>,
    ) -> Result<()> {
        instructions::set_model_profile::handler(ctx, category, kind, tags)
    }

    /// The platform's attester sets a model's quality tier and attestations.
    pub fn attest_model(
        ctx: Context<AttestModel>,
        quality_tier: QualityTier,
        attestations: u8,
        evidence_uri: String,
    ) -> Result<()> {
        instructions::attest_model::handler(ctx, quality_tier, attestations, evidence_uri)
    }

    /// The owner of a fork made under a license presents a valid one again.
    pub fn set_derivative_license(ctx: Context<SetDerivativeLicense>) -> Result<()> {
        instructions::set_derivative_license::handler(ctx)
    }
}
