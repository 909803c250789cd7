use anchor_lang::prelude::*;

#[error_code]
pub enum MarketError {
    #[msg("The platform is paused: new listings and sales are disabled until it resumes")]
    PlatformPaused,
    #[msg("The model has been taken down by the platform")]
    ModelTakenDown,
    #[msg("Only the holder of the model's ownership NFT can manage its listings")]
    NotModelOwner,
    #[msg("The price must be greater than zero")]
    ZeroPrice,
    #[msg("Subscriptions and revenue-share licenses need a period longer than zero seconds")]
    InvalidPeriod,
    #[msg("A revenue share must be between 1 and 10000 bps")]
    InvalidRevenueShare,
    #[msg("The compute share must be at most 5000 bps, and only pay-per-use listings have one")]
    InvalidComputeShare,
    #[msg("Only subscription and pay-per-use listings can cap usage")]
    UsageCapNotMetered,
    #[msg("The resale royalty must be at most 5000 bps")]
    InvalidResaleRoyalty,
    #[msg("The refund window is longer than the platform allows, or the pricing kind takes no upfront payment to refund")]
    InvalidRefundWindow,
    #[msg("The URI is empty or longer than 200 bytes")]
    InvalidUri,
    #[msg("The supply cap is below the licenses already sold")]
    SupplyCapBelowSold,
    #[msg("The listing is closed for good")]
    ListingClosed,
    #[msg("The listing is paused: it sells no licenses until its owner resumes it")]
    ListingInactive,
    #[msg("The listing's price is not the price the buyer agreed to: fetch the listing again")]
    PriceMismatch,
    #[msg("Every license of this listing is sold")]
    SoldOut,
    #[msg("The payment mint is not the listing's")]
    WrongPaymentMint,
    #[msg("The license belongs to another listing")]
    WrongListing,
    #[msg("The signer does not hold this license")]
    NotLicenseHolder,
    #[msg("The license was revoked")]
    LicenseRevoked,
    #[msg("The license has expired: renew it first")]
    LicenseExpired,
    #[msg("Only subscription licenses can be renewed")]
    NotRenewable,
    #[msg("Only pay-per-use licenses hold usage credits")]
    NotPayPerUse,
    #[msg("Only revenue-share licenses report revenue")]
    NotRevenueShare,
    #[msg("Usage is metered only on subscription and pay-per-use licenses")]
    UsageNotMetered,
    #[msg("Only the meter fixed when the license was sold can record its usage")]
    UnauthorizedMeter,
    #[msg("The usage sequence number must be greater than the last one recorded: this record was already counted")]
    UsageReplayed,
    #[msg("Recording this usage would pass the license's usage cap for the period")]
    UsageCapExceeded,
    #[msg("The license's prepaid credits do not cover this")]
    InsufficientCredits,
    #[msg("The amount must be greater than zero")]
    ZeroAmount,
    #[msg("Pass the compute node's token account: this listing pays a compute share")]
    NodeAccountMissing,
    #[msg("The node's account cannot be the model vault's token account")]
    InvalidNodeAccount,
    #[msg("No payment of this license waits in escrow")]
    NothingInEscrow,
    #[msg("The refund window has closed")]
    RefundWindowClosed,
    #[msg("The refund window is still open: the purchase settles after it ends")]
    RefundWindowOpen,
    #[msg("A dispute about this purchase is open: the platform arbiter decides it until 14 days after the refund window, then the buyer can refund it")]
    DisputeOpen,
    #[msg("No dispute is open on this license")]
    NoDispute,
    #[msg("Only the platform authority arbitrates disputes")]
    NotArbiter,
    #[msg("This license is not transferable")]
    NotTransferable,
    #[msg("The license's purchase is still refundable or disputed: wait until it settles")]
    PaymentPending,
    #[msg("Withdraw the license's usage credits before reselling it")]
    CreditsRemaining,
    #[msg("The license is not listed for resale")]
    NotForResale,
    #[msg("The license is listed for resale: withdraw the offer first")]
    ListedForResale,
    #[msg("A rating must be between 1 and 5")]
    InvalidRating,
    #[msg("This license has already reviewed the model")]
    AlreadyReviewed,
    #[msg("Arithmetic overflow")]
    MathOverflow,
    #[msg("This license has paid the model nothing yet: a pay-per-use license reviews and builds on the model after its first paid usage")]
    UnpaidLicense,
    #[msg("Pay-per-use licenses cost nothing to mint, so their listing cannot cap supply: set the supply cap to 0")]
    SupplyCapOnFreeLicenses,
    #[msg("Name the compute node (its wallet) of a listing with a compute share, and none (the default key) without one")]
    InvalidComputeNode,
    #[msg("The compute share goes to the node fixed when the license was sold: pass that node's token account")]
    WrongComputeNode,
    #[msg("The dispute's deadline has passed undecided: only the buyer can now take the refund, with refund_license")]
    DisputeDeadlinePassed,
    #[msg("The license still holds credits or a pending payment: withdraw the credits, or wait until the purchase settles, before closing it")]
    LicenseHoldsFunds,
    #[msg("Only a closed listing without licenses can be reclaimed: close it, and wait until every license of it is closed")]
    ListingInUse,
    #[msg("Volume tiers are for pay-per-use only: each from more units than the last, at a lower non-zero unit price, unused tiers zero and last")]
    InvalidVolumeTiers,
    #[msg("Territories: ISO 3166-1 alpha-2 codes in capitals, listed first, at least one for 'only' or 'except' and none for worldwide")]
    InvalidTerritories,
    #[msg("The terms' derivative policy must match the listing's derivative right (none without it), and reciprocal terms need derivatives")]
    InvalidDerivativeTerms,
    #[msg("A revenue-share cap belongs to a revenue-share listing and cannot be below its minimum per period")]
    InvalidRevenueShareCap,
    #[msg("This license's terms do not ask for the creator's approval of derivatives")]
    ApprovalNotRequired,
    #[msg("Trial units are for pay-per-use listings")]
    TrialsOnlyPayPerUse,
    #[msg("The listing's trial budget cannot pay a trial: buy without it, or ask the owner to fund trials")]
    TrialBudgetExhausted,
    #[msg("The listing offers no trial")]
    NoTrialOffered,
    #[msg("The trial budget holds less than that")]
    InsufficientTrialBudget,
    #[msg("Change to another subscription listing of the same model and payment mint")]
    InvalidTierChange,
    #[msg("The license is renewed beyond its current period: change tier once its last paid period has begun")]
    RenewedAhead,
    #[msg("This fork was made under a license that no longer lets its owner build on the parent: it sells no licenses until its owner presents a valid one (set_derivative_license)")]
    DerivativeLicenseEnded,
}
