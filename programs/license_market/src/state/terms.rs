use {
    crate::{
        constants::MAX_TERRITORIES,
        errors::MarketError,
        state::{Pricing, PricingKind},
    },
    anchor_lang::prelude::*,
};

/// What a license lets its holder build on the model.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub enum DerivativePolicy {
    None,
    Allowed,
    /// Each derivative needs the creator's approval.
    ApprovalRequired,
}

/// Where a license may be used.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub enum TerritoryScope {
    Worldwide,
    /// Only in the listed territories.
    Only,
    /// Everywhere but the listed territories.
    Except,
}

/// A territory: an ISO 3166-1 alpha-2 code in capitals (b"US"); unused: zeros.
pub type Territory = [u8; 2];

/// The terms a listing sells under, in a form a gateway can enforce; copied
/// into each license at purchase, shown in its NFT's metadata and returned
/// by `verify_license`. The terms URI of the listing carries the prose.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub struct LicenseTerms {
    pub commercial_use: bool,
    pub attribution_required: bool,
    pub derivatives: DerivativePolicy,
    /// Derivatives must be offered under these same terms.
    pub reciprocal: bool,
    pub territory_scope: TerritoryScope,
    pub territories: [[u8; 2]; MAX_TERRITORIES],
    /// Revenue share: the most one period's payment can be (0: no cap); the
    /// floor is the listing's minimum per period.
    pub revenue_share_cap: u64,
    /// Seats or downloads the license covers, for the gateway (0: unlimited).
    pub seats: u32,
}

impl LicenseTerms {
    /// Commercial use, attribution, no derivatives, worldwide: the terms of
    /// a listing that says nothing more.
    pub const STANDARD: LicenseTerms = LicenseTerms {
        commercial_use: true,
        attribution_required: true,
        derivatives: DerivativePolicy::None,
        reciprocal: false,
        territory_scope: TerritoryScope::Worldwide,
        territories: [[0; 2]; MAX_TERRITORIES],
        revenue_share_cap: 0,
        seats: 0,
    };

    /// Terms agree with themselves, with the listing's derivative right and
    /// with its pricing. A free license (one-time at price 0) is
    /// non-commercial and grants no derivatives.
    pub fn validate(&self, pricing: &Pricing, derivative_rights: bool) -> Result<()> {
        let used = self
            .territories
            .iter()
            .take_while(|code| **code != [0; 2])
            .count();
        let territories_valid = self.territories[..used]
            .iter()
            .all(|code| code.iter().all(u8::is_ascii_uppercase))
            && self.territories[used..].iter().all(|code| *code == [0; 2])
            && ((self.territory_scope == TerritoryScope::Worldwide) == (used == 0));
        require!(territories_valid, MarketError::InvalidTerritories);
        require!(
            derivative_rights == (self.derivatives != DerivativePolicy::None)
                && (!self.reciprocal || derivative_rights),
            MarketError::InvalidDerivativeTerms
        );
        require!(
            self.revenue_share_cap == 0
                || (pricing.kind == PricingKind::RevenueShare
                    && self.revenue_share_cap >= pricing.price),
            MarketError::InvalidRevenueShareCap
        );
        require!(
            pricing.price > 0
                || (pricing.kind == PricingKind::OneTime
                    && !self.commercial_use
                    && self.derivatives == DerivativePolicy::None),
            MarketError::ZeroPrice
        );
        Ok(())
    }

    /// The revenue-share payment of a period: the share, at least the
    /// minimum, at most the cap.
    pub fn revenue_share_payment(&self, share: u64, minimum: u64) -> u64 {
        let payment = share.max(minimum);
        if self.revenue_share_cap == 0 {
            payment
        } else {
            payment.min(self.revenue_share_cap)
        }
    }

    /// The terms as one line of the license NFT's metadata, e.g.
    /// `commercial=no;attribution=yes;derivatives=none;reciprocal=no;territories=only:US,CA;seats=5`.
    pub fn metadata_text(&self) -> String {
        let yes_no = |flag: bool| if flag { "yes" } else { "no" };
        let derivatives = match self.derivatives {
            DerivativePolicy::None => "none",
            DerivativePolicy::Allowed => "allowed",
            DerivativePolicy::ApprovalRequired => "approval",
        };
        let codes: Vec<&str> = self
            .territories
            .iter()
            .take_while(|code| **code != [0; 2])
            .map(|code| std::str::from_utf8(code).unwrap_or("??"))
            .collect();
        let territories = match self.territory_scope {
            TerritoryScope::Worldwide => "worldwide".to_string(),
            TerritoryScope::Only => format!("only:{}", codes.join(",")),
            TerritoryScope::Except => format!("except:{}", codes.join(",")),
        };
        format!(
            "commercial={};attribution={};derivatives={derivatives};reciprocal={};territories={territories};seats={}",
            yes_no(self.commercial_use),
            yes_no(self.attribution_required),
            yes_no(self.reciprocal),
            self.seats,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one_time(price: u64) -> Pricing {
        Pricing {
            kind: PricingKind::OneTime,
            price,
            period_secs: 0,
            usage_cap: 0,
            revenue_share_bps: 0,
            compute_share_bps: 0,
            volume_tiers: Default::default(),
        }
    }

    #[test]
    fn terms_read_as_one_metadata_line() {
        let terms = LicenseTerms {
            commercial_use: false,
            territory_scope: TerritoryScope::Only,
            territories: [*b"US", *b"CA", [0; 2], [0; 2]],
            seats: 5,
            ..LicenseTerms::STANDARD
        };
        assert_eq!(
            terms.metadata_text(),
            "commercial=no;attribution=yes;derivatives=none;reciprocal=no;territories=only:US,CA;seats=5"
        );
    }

    #[test]
    fn a_free_license_is_non_commercial_without_derivatives() {
        let free = LicenseTerms {
            commercial_use: false,
            ..LicenseTerms::STANDARD
        };
        assert!(free.validate(&one_time(0), false).is_ok());
        assert!(LicenseTerms::STANDARD
            .validate(&one_time(0), false)
            .is_err());
        let allowed = LicenseTerms {
            derivatives: DerivativePolicy::Allowed,
            ..free
        };
        assert!(allowed.validate(&one_time(0), true).is_err());
        assert!(allowed.validate(&one_time(1), true).is_ok());
        assert!(allowed.validate(&one_time(1), false).is_err());
    }

    #[test]
    fn territories_are_capital_pairs_listed_first_and_only_with_a_scope() {
        let with = |scope, territories| LicenseTerms {
            territory_scope: scope,
            territories,
            ..LicenseTerms::STANDARD
        };
        let none = [[0; 2]; MAX_TERRITORIES];
        assert!(with(TerritoryScope::Worldwide, none)
            .validate(&one_time(1), false)
            .is_ok());
        assert!(
            with(TerritoryScope::Except, [*b"RU", [0; 2], [0; 2], [0; 2]])
                .validate(&one_time(1), false)
                .is_ok()
        );
        for bad in [
            with(TerritoryScope::Only, none),
            with(TerritoryScope::Worldwide, [*b"US", [0; 2], [0; 2], [0; 2]]),
            with(TerritoryScope::Only, [*b"us", [0; 2], [0; 2], [0; 2]]),
            with(TerritoryScope::Only, [[0; 2], *b"US", [0; 2], [0; 2]]),
        ] {
            assert!(bad.validate(&one_time(1), false).is_err(), "{bad:?}");
        }
    }
}
