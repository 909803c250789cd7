use anchor_lang::prelude::*;

#[error_code]
pub enum RegistryError {
    #[msg("The platform is paused: new registrations and sales are disabled until it resumes")]
    PlatformPaused,
    #[msg("A fee is above its cap: lower the fee or raise the cap (caps are at most 3000 bps)")]
    FeeAboveCap,
    #[msg("A fee cap is above the platform's absolute limit of 3000 bps")]
    FeeCapTooHigh,
    #[msg("Creator tiers must have increasing sales thresholds and non-increasing fees")]
    InvalidCreatorTiers,
    #[msg("The maximum refund window must be between 0 and 30 days")]
    InvalidRefundWindow,
    #[msg("Only the program's upgrade authority can initialise the platform")]
    NotUpgradeAuthority,
    #[msg("The model name is empty or longer than 32 bytes")]
    InvalidName,
    #[msg("The model symbol is longer than 10 bytes")]
    SymbolTooLong,
    #[msg("The metadata URI is empty or longer than 200 bytes")]
    InvalidUri,
    #[msg("The fork royalty is above the platform's cap for fork royalties")]
    ForkRoyaltyAboveCap,
    #[msg("The creator's resale royalty must be between 500 and 1000 bps (5-10%)")]
    InvalidResaleRoyalty,
    #[msg("The signer is not the platform authority")]
    Unauthorized,
    #[msg("Only an open-source model can be forked without a license granting derivative rights")]
    ParentNotOpenSource,
    #[msg("The model was taken down by the platform")]
    ModelTakenDown,
    #[msg("The signer does not hold the model's ownership NFT")]
    NotModelOwner,
    #[msg("A model names at most 16 contributors")]
    TooManyContributors,
    #[msg("Each contributor needs a wallet and a share above 0 bps")]
    InvalidContributor,
    #[msg("A contributor is named twice")]
    DuplicateContributor,
    #[msg("The parent's royalty and the contributors' shares exceed 10000 bps: leave the owner a remainder of 0 or more")]
    SharesExceedTotal,
    #[msg("A contributor whose share shrinks or is removed must co-sign the change")]
    ContributorConsentMissing,
    #[msg("Only a royalty escrow vault of this model can register itself")]
    NotAnEscrowVault,
    #[msg("The price must be greater than zero")]
    ZeroPrice,
    #[msg("The listing's price is not the price the buyer agreed to: fetch the listing again")]
    PriceMismatch,
    #[msg("The model is listed for sale: cancel the sale before changing its contributors, visibility or version")]
    ModelListedForSale,
    #[msg("Pass the original creator's token account for the payment mint: it receives the resale royalty")]
    CreatorPaymentMissing,
    #[msg("That account is not the Metaplex Token Metadata account of this mint")]
    InvalidMetaplexMetadata,
    #[msg("Only the NFT's holder can register it as a model: sign with the wallet whose token account holds it")]
    NotMetaplexHolder,
    #[msg("The mint is not an NFT: it needs a supply of 1 and 0 decimals")]
    NotAnNft,
    #[msg("Only the license market's authority can record license activity")]
    NotLicenseMarket,
    #[msg("A rating must be between 1 and 5")]
    InvalidRating,
    #[msg("The license does not allow this fork: it must be an active, unexpired, settled license of the parent, held by the forking creator, from a listing with derivative rights")]
    InvalidDerivativeLicense,
    #[msg("Token-2022 payment mints with transfer fees, hooks, permanent delegates, confidential transfers, pausing, default-frozen accounts or non-transferability are not accepted: their transfers would not move what the split says")]
    UnsupportedMintExtension,
    #[msg("Arithmetic overflow")]
    MathOverflow,
    #[msg(
        "The model's contributors or version changed since the buyer saw it: fetch the model again"
    )]
    SaleTermsChanged,
    #[msg("The price is below the platform's minimum model sale price")]
    PriceBelowMinimum,
    #[msg("That account is not the Metaplex master edition of this mint: pass the Token Metadata edition PDA of the mint (a print edition cannot be registered)")]
    InvalidMasterEdition,
    #[msg("The NFT's master edition allows prints (its max supply is not 0): only a one-of-a-kind Metaplex NFT can be registered as a model")]
    MasterEditionAllowsPrints,
    #[msg("The mint's mint authority must be its Metaplex master edition, as Token Metadata sets it, so that no second token can be minted")]
    MintAuthorityNotMasterEdition,
    #[msg("The mint's freeze authority must be its Metaplex master edition or none, as Token Metadata sets it")]
    FreezeAuthorityNotMasterEdition,
    #[msg("The Token-2022 mint has a permanent delegate, who could take the NFT from its holder: it cannot be registered as a model")]
    MintHasPermanentDelegate,
    #[msg("The signer is not the authority the platform authority proposed")]
    NotPendingAuthority,
    #[msg("A family reward epoch lasts from 60 seconds to 90 days")]
    InvalidEpochLength,
    #[msg("The distributor fee cannot exceed 100 bps")]
    DistributorFeeAboveCap,
    #[msg("The trend share cap x 3 (the widest rating multiplier ratio) must stay below the lowest license fee, or wash trading for trend points would pay")]
    TrendShareCapTooHigh,
    #[msg(
        "Tags: at most 4, each 1-16 characters of lowercase letters, digits or '-', no duplicates"
    )]
    InvalidTag,
    #[msg("That sub-kind does not exist in the category")]
    InvalidCategoryKind,
    #[msg("Only the platform's attester sets quality tiers and attestations")]
    NotAttester,
    #[msg(
        "Unknown attestation flags: benchmarks (1), security audit (2), trained on platform (4)"
    )]
    InvalidAttestations,
    #[msg("This fork was made under a license that no longer lets its owner build on the parent (ended, revoked, or held by someone else): present a valid one with set_derivative_license")]
    DerivativeLicenseEnded,
    #[msg("Only a fork of a closed model made under a license records one")]
    NoDerivativeLicense,
}
