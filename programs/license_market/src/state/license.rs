use {
    crate::{
        constants::{ACCOUNT_VERSION, DISPUTE_RESOLUTION_SECS, VOLUME_TIERS},
        errors::MarketError,
        state::{volume_cost, LicenseTerms, Listing, PricingKind, VolumeTier},
    },
    anchor_lang::prelude::*,
};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub enum LicenseStatus {
    Active,
    /// Refunded by the platform arbiter after a dispute.
    Revoked,
}

/// What `verify_license` answers: whether the license is valid for the
/// holder at the time, and the terms it was sold under, for the gateway to
/// enforce (commercial use, territories, seats...).
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct LicenseAnswer {
    pub validity: LicenseValidity,
    pub terms: LicenseTerms,
}

/// Whether a license is valid for a holder at a time.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum LicenseValidity {
    Valid,
    Expired,
    /// The usage cap of the period is reached, or no credits are left for a unit.
    Exhausted,
    Revoked,
    /// The license is valid but held by someone else.
    NotHolder,
    /// The platform took the model down: no license of it is valid.
    TakenDown,
}

/// A license, at `[LICENSE_SEED, license NFT mint]`; the NFT sits frozen in
/// the holder's wallet and moves only through the market.
///
/// A license keeps the terms it was sold with: its price, caps, meter and
/// compute node are copied here at purchase, and later changes to the
/// listing never reach it.
///
/// A license bought without an upfront payment (pay-per-use) costs nothing
/// to mint. It may hold and withdraw credits, be metered against them, and
/// verify as valid while its credits cover a unit. It is not a sale: it
/// counts neither in the listing's `sold` nor in the model's license count.
/// Like any license, it may review the model or fork it under derivative
/// rights only once money reached the model from it (`total_paid > 0`, for
/// pay-per-use its first paid usage) and no payment of it is pending.
#[account]
#[derive(InitSpace)]
pub struct License {
    /// Layout version of this account (`ACCOUNT_VERSION` when written).
    pub account_version: u8,
    pub bump: u8,
    /// The license NFT (fixed offsets from here, for memcmp filters).
    pub mint: Pubkey,
    pub listing: Pubkey,
    pub model_mint: Pubkey,
    pub holder: Pubkey,
    pub kind: PricingKind,
    pub status: LicenseStatus,
    pub transferable: bool,
    pub derivative_rights: bool,
    /// Its number within the listing, from 1.
    pub serial: u64,
    pub created_at: i64,
    /// End of the paid time; 0 for a license that never expires.
    pub expires_at: i64,
    /// The listing's price when the license was bought: the unit price of
    /// pay-per-use and the minimum per period of revenue share. (Subscriptions
    /// renew at the listing's current price, which the holder confirms.)
    pub locked_price: u64,
    pub revenue_share_bps: u16,
    pub usage_cap: u64,
    pub usage_period_secs: i64,
    pub usage_period_start: i64,
    pub used_in_period: u64,
    pub total_units: u64,
    /// The meter's last record; a record must carry a larger number.
    pub last_usage_sequence: u64,
    /// Prepaid pay-per-use credits, in base units of the payment mint.
    pub credits: u64,
    pub revenue_reported: u64,
    /// Every unit paid for this license that reached the model.
    pub total_paid: u64,
    /// A purchase inside its refund window: the payment and the platform
    /// fee it will pay when it settles.
    pub pending_payment: u64,
    pub pending_fee: u64,
    pub refundable_until: i64,
    pub disputed: bool,
    /// Price asked by the holder for a resale; 0 when not for sale.
    pub resale_price: u64,
    /// The only key that records this license's usage: the listing's meter
    /// when the license was sold.
    pub meter_authority: Pubkey,
    /// The only wallet paid a compute share for this license's usage: the
    /// listing's node when the license was sold (the default key: none).
    pub compute_node: Pubkey,
    /// The listing's volume tiers when the license was sold (pay-per-use).
    pub volume_tiers: [VolumeTier; VOLUME_TIERS],
    /// The listing's terms when the license was sold.
    pub terms: LicenseTerms,
    /// Under terms that need it, the model's owner approved this holder's
    /// derivative (`approve_derivative`); a resale clears it.
    pub derivative_approved: bool,
    /// Trial units' worth of credits from the listing's trial budget: spent
    /// before the holder's own credits, never withdrawn (back to the budget
    /// if the license is closed).
    pub trial_credits: u64,
    /// Subscription: what its last paid period cost, the value a change of
    /// tier credits for the time left.
    pub period_price: u64,
    /// Room for fields a later layout adds without moving these.
    pub reserved: [u8; 6],
}

// The fields the SDK filters or reads licenses by.
hex_common::account_offsets!(License {
    account_version: u8,
    bump: u8,
    mint: Pubkey => LICENSE_MINT_OFFSET,
    listing: Pubkey => LICENSE_LISTING_OFFSET,
    model_mint: Pubkey => LICENSE_MODEL_MINT_OFFSET,
    holder: Pubkey => LICENSE_HOLDER_OFFSET,
    kind: PricingKind => LICENSE_KIND_OFFSET,
    status: LicenseStatus => LICENSE_STATUS_OFFSET,
    transferable: bool => LICENSE_TRANSFERABLE_OFFSET,
    derivative_rights: bool => LICENSE_DERIVATIVE_RIGHTS_OFFSET,
    serial: u64 => LICENSE_SERIAL_OFFSET,
    created_at: i64 => LICENSE_CREATED_AT_OFFSET,
    expires_at: i64 => LICENSE_EXPIRES_AT_OFFSET,
    locked_price: u64,
    revenue_share_bps: u16,
    usage_cap: u64,
    usage_period_secs: i64,
    usage_period_start: i64,
    used_in_period: u64,
    total_units: u64,
    last_usage_sequence: u64,
    credits: u64,
    revenue_reported: u64,
    total_paid: u64 => LICENSE_TOTAL_PAID_OFFSET,
    pending_payment: u64 => LICENSE_PENDING_PAYMENT_OFFSET,
    pending_fee: u64,
    refundable_until: i64,
    disputed: bool,
    resale_price: u64,
    meter_authority: Pubkey,
    compute_node: Pubkey,
    volume_tiers: [VolumeTier; VOLUME_TIERS],
    terms: LicenseTerms,
    derivative_approved: bool,
    trial_credits: u64,
    period_price: u64,
    reserved: [u8; 6],
});

/// What a purchase settles about the license it issues; the rest comes
/// from its listing.
pub struct NewLicense {
    pub bump: u8,
    pub mint: Pubkey,
    pub listing: Pubkey,
    pub holder: Pubkey,
    pub now: i64,
    pub expires_at: i64,
    /// Paid out at purchase (0 while the payment waits in escrow).
    pub total_paid: u64,
    /// Held in escrow until `refundable_until`, with its platform fee.
    pub pending_payment: u64,
    pub pending_fee: u64,
    pub refundable_until: i64,
}

impl License {
    /// A license issued under `listing` (its `issued` count already taking
    /// this one): the listing's pricing, terms, meter and node, locked in.
    pub fn new(listing: &Listing, new: NewLicense) -> Self {
        let pricing = listing.pricing;
        License {
            account_version: ACCOUNT_VERSION,
            bump: new.bump,
            mint: new.mint,
            listing: new.listing,
            model_mint: listing.model_mint,
            holder: new.holder,
            kind: pricing.kind,
            status: LicenseStatus::Active,
            transferable: listing.transferable,
            derivative_rights: listing.derivative_rights,
            serial: listing.issued,
            created_at: new.now,
            expires_at: new.expires_at,
            locked_price: pricing.price,
            revenue_share_bps: pricing.revenue_share_bps,
            usage_cap: pricing.usage_cap,
            usage_period_secs: pricing.period_secs,
            usage_period_start: new.now,
            used_in_period: 0,
            total_units: 0,
            last_usage_sequence: 0,
            credits: 0,
            revenue_reported: 0,
            total_paid: new.total_paid,
            pending_payment: new.pending_payment,
            pending_fee: new.pending_fee,
            refundable_until: new.refundable_until,
            disputed: false,
            resale_price: 0,
            meter_authority: listing.meter_authority,
            compute_node: listing.compute_node,
            volume_tiers: pricing.volume_tiers,
            terms: listing.terms,
            derivative_approved: false,
            trial_credits: 0,
            period_price: pricing.price,
            reserved: [0; 6],
        }
    }

    /// Trial and own credits together.
    pub fn spendable_credits(&self) -> u64 {
        self.credits.saturating_add(self.trial_credits)
    }

    /// Spends `cost` of credits, trial credits first.
    pub fn spend_credits(&mut self, cost: u64) -> Result<()> {
        require!(
            cost <= self.spendable_credits(),
            MarketError::InsufficientCredits
        );
        let from_trial = cost.min(self.trial_credits);
        self.trial_credits -= from_trial;
        self.credits -= cost - from_trial;
        Ok(())
    }

    /// What `units` more units of pay-per-use cost this license, after the
    /// units it already used, at the prices it was sold with.
    pub fn usage_cost(&self, units: u64) -> Option<u64> {
        volume_cost(
            self.locked_price,
            &self.volume_tiers,
            self.total_units,
            units,
        )
    }

    pub fn is_expired(&self, now: i64) -> bool {
        self.expires_at != 0 && now >= self.expires_at
    }

    fn usage_period_ended(&self, now: i64) -> bool {
        self.usage_period_secs > 0
            && now.saturating_sub(self.usage_period_start) >= self.usage_period_secs
    }

    /// Units recorded in the period that contains `now`.
    pub fn usage_in_period(&self, now: i64) -> u64 {
        if self.usage_period_ended(now) {
            0
        } else {
            self.used_in_period
        }
    }

    /// Starts the period that contains `now`, aligned on the first one.
    pub fn roll_usage_period(&mut self, now: i64) {
        if self.usage_period_ended(now) {
            let elapsed = now - self.usage_period_start;
            self.usage_period_start += elapsed - elapsed % self.usage_period_secs;
            self.used_in_period = 0;
        }
    }

    /// Extends the paid time by a period: from the expiry if the license is
    /// still valid, from now if it lapsed.
    pub fn extend(&mut self, period_secs: i64, now: i64) -> Result<()> {
        self.expires_at = self
            .expires_at
            .max(now)
            .checked_add(period_secs)
            .ok_or(MarketError::MathOverflow)?;
        Ok(())
    }

    pub fn validity(&self, holder: &Pubkey, now: i64, model_taken_down: bool) -> LicenseValidity {
        if self.status == LicenseStatus::Revoked {
            LicenseValidity::Revoked
        } else if model_taken_down {
            LicenseValidity::TakenDown
        } else if self.is_expired(now) {
            LicenseValidity::Expired
        } else if (self.usage_cap != 0 && self.usage_in_period(now) >= self.usage_cap)
            || (self.kind == PricingKind::PayPerUse
                && self
                    .usage_cost(1)
                    .is_none_or(|next_unit| self.spendable_credits() < next_unit))
        {
            LicenseValidity::Exhausted
        } else if &self.holder != holder {
            LicenseValidity::NotHolder
        } else {
            LicenseValidity::Valid
        }
    }

    /// Rejects use of a revoked or expired license.
    pub fn check_usable(&self, now: i64) -> Result<()> {
        require!(
            self.status == LicenseStatus::Active,
            MarketError::LicenseRevoked
        );
        require!(!self.is_expired(now), MarketError::LicenseExpired);
        Ok(())
    }

    /// Counts `units` under the sequence number, within the period's cap.
    pub fn count_usage(&mut self, units: u64, sequence: u64, now: i64) -> Result<()> {
        require!(units > 0, MarketError::ZeroAmount);
        require!(
            sequence > self.last_usage_sequence,
            MarketError::UsageReplayed
        );
        self.roll_usage_period(now);
        let used = self
            .used_in_period
            .checked_add(units)
            .ok_or(MarketError::UsageCapExceeded)?;
        require!(
            self.usage_cap == 0 || used <= self.usage_cap,
            MarketError::UsageCapExceeded
        );
        self.used_in_period = used;
        self.total_units = self
            .total_units
            .checked_add(units)
            .ok_or(MarketError::MathOverflow)?;
        self.last_usage_sequence = sequence;
        Ok(())
    }

    /// When an open dispute stops being the arbiter's to decide.
    pub fn dispute_deadline(&self) -> Result<i64> {
        self.refundable_until
            .checked_add(DISPUTE_RESOLUTION_SECS)
            .ok_or_else(|| MarketError::MathOverflow.into())
    }

    /// The buyer can take a pending purchase back: inside the refund window,
    /// or once a dispute's deadline passed without the arbiter deciding it.
    pub fn check_refundable(&self, now: i64) -> Result<()> {
        require!(self.pending_payment > 0, MarketError::NothingInEscrow);
        if self.disputed {
            require!(now >= self.dispute_deadline()?, MarketError::DisputeOpen);
        } else {
            require!(now < self.refundable_until, MarketError::RefundWindowClosed);
        }
        Ok(())
    }

    /// What a refund inside the window keeps for the model: for a
    /// subscription, the part of its pending payment the elapsed time used
    /// (the subscriber gets back the unused part, rounded in its favour),
    /// and the fee on that part; nothing for other kinds or after a dispute.
    pub fn used_part_of_pending(&self, now: i64) -> Result<(u64, u64)> {
        if self.kind != PricingKind::Subscription || self.disputed || self.usage_period_secs <= 0 {
            return Ok((0, 0));
        }
        let elapsed = now
            .saturating_sub(self.created_at)
            .clamp(0, self.usage_period_secs) as u128;
        let used = self.pending_payment as u128 * elapsed / self.usage_period_secs as u128;
        let fee = if self.pending_payment == 0 {
            0
        } else {
            self.pending_fee as u128 * used / self.pending_payment as u128
        };
        Ok((
            u64::try_from(used).map_err(|_| MarketError::MathOverflow)?,
            u64::try_from(fee).map_err(|_| MarketError::MathOverflow)?,
        ))
    }

    /// The value of a subscription's paid time left at `now`, at the price
    /// of its last paid period, which must be the current one.
    pub fn remaining_value(&self, now: i64) -> Result<u64> {
        let remaining = self.expires_at.saturating_sub(now).max(0);
        require!(
            remaining <= self.usage_period_secs,
            MarketError::RenewedAhead
        );
        let value =
            self.period_price as u128 * remaining as u128 / (self.usage_period_secs.max(1)) as u128;
        Ok(value as u64)
    }

    /// Moves the license onto another listing's terms from `now` on: its
    /// price, caps, meter, node and terms, a fresh usage period, and a paid
    /// period ending at `expires_at`.
    pub fn adopt_listing(
        &mut self,
        listing: &Listing,
        listing_key: Pubkey,
        now: i64,
        expires_at: i64,
    ) {
        self.listing = listing_key;
        self.transferable = listing.transferable;
        self.derivative_rights = listing.derivative_rights;
        self.derivative_approved = false;
        self.locked_price = listing.pricing.price;
        self.period_price = listing.pricing.price;
        self.usage_cap = listing.pricing.usage_cap;
        self.usage_period_secs = listing.pricing.period_secs;
        self.usage_period_start = now;
        self.used_in_period = 0;
        self.meter_authority = listing.meter_authority;
        self.compute_node = listing.compute_node;
        self.terms = listing.terms;
        self.expires_at = expires_at;
    }

    /// The arbiter decides an open dispute until its deadline.
    pub fn check_arbitrable(&self, now: i64) -> Result<()> {
        require!(
            now < self.dispute_deadline()?,
            MarketError::DisputeDeadlinePassed
        );
        Ok(())
    }

    /// No purchase payment pending in escrow (refundable or disputed).
    pub fn check_settled(&self) -> Result<()> {
        require!(
            self.pending_payment == 0 && !self.disputed,
            MarketError::PaymentPending
        );
        Ok(())
    }

    /// A verified purchase: money reached the model from this license and
    /// none of its payments is pending.
    pub fn check_paid(&self) -> Result<()> {
        self.check_settled()?;
        require!(self.total_paid > 0, MarketError::UnpaidLicense);
        Ok(())
    }

    /// A license changes hands only settled and without credits.
    pub fn check_resellable(&self) -> Result<()> {
        self.check_settled()?;
        // Trial credits were the original wallet's, not a buyer's.
        require!(
            self.credits == 0 && self.trial_credits == 0,
            MarketError::CreditsRemaining
        );
        Ok(())
    }
}
