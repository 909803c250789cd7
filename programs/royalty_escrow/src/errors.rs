use anchor_lang::prelude::*;

#[error_code]
pub enum EscrowError {
    #[msg("The model's split changed since this vault last settled: call sync_split first")]
    SplitOutdated,
    #[msg("The vault already uses the model's current split")]
    SplitAlreadyCurrent,
    #[msg("Shares must sum to exactly 10000 bps (parent + contributors + owner)")]
    InvalidShares,
    #[msg("Nothing to claim: this recipient has taken everything it is owed")]
    NothingToClaim,
    #[msg("The signer is not the contributor in this recipient slot")]
    NotARecipient,
    #[msg("That slot is not a contributor slot (1-16)")]
    InvalidRecipientSlot,
    #[msg("The signer does not hold the model's ownership NFT")]
    NotModelOwner,
    #[msg("That vault is not the parent model's vault for this payment mint")]
    WrongParentVault,
    #[msg("Payment mints with transfer fees, transfer hooks, permanent delegates, confidential transfers, pausing or non-transferability are not accepted: their transfers would not move what the split says")]
    UnsupportedMintExtension,
    #[msg("A replaced contributor is owed revenue: pass its token account for the payment mint")]
    MissingPayoutAccount,
    #[msg("The amount must be greater than zero")]
    ZeroAmount,
    #[msg("Arithmetic overflow")]
    MathOverflow,
    #[msg("The model was sold since this vault last settled its owner: call settle_owner_period first")]
    OwnerPeriodNotSettled,
    #[msg("The vault's owner period is current: no sale to settle")]
    OwnerPeriodAlreadyCurrent,
    #[msg(
        "Pay a previous owner into its own associated token account, or sign as the previous owner"
    )]
    NotPreviousOwnerAccount,
    #[msg("Only the owner of the family's root model sets its trend share")]
    NotAFamilyRoot,
    #[msg("The trend share is above the platform's cap")]
    TrendShareAboveCap,
    #[msg(
        "The model is listed for sale: cancel the sale before changing its family's trend share"
    )]
    ModelListedForSale,
    #[msg("That is not the family pool of this model's root for this payment mint")]
    WrongFamilyPool,
    #[msg("No family reward to collect: the model earned no points in an epoch that ended in the collection window")]
    NothingToCollect,
    #[msg("The recipient opted out of distribution: only its own claim pays it")]
    RecipientOptedOut,
    #[msg("Distribute pays into the recipient's associated token account for the payment mint")]
    NotRecipientTokenAccount,
    #[msg("The recipient's associated token account does not exist and its preferences do not let a keeper create it")]
    RecipientAccountMissing,
}
