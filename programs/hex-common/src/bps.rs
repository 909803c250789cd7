//! Basis points: shares and fees as parts of 10,000, always rounded down.

/// A share or fee in basis points.
pub type Bps = u16;

/// Basis points in one whole.
pub const BPS_DENOMINATOR: Bps = 10_000;

/// floor(amount x bps / 10,000), in u128 so it cannot overflow: for `bps`
/// up to 10,000 (every share and fee) the result is at most `amount`.
pub fn bps_of(amount: u64, bps: Bps) -> u64 {
    (amount as u128 * bps as u128 / BPS_DENOMINATOR as u128) as u64
}

/// floor(amount x numerator / denominator), in u128; None when the result
/// does not fit in a u64 (a numerator above the denominator) or the
/// denominator is 0.
pub fn mul_div_floor(amount: u64, numerator: u64, denominator: u64) -> Option<u64> {
    let quotient = (amount as u128 * numerator as u128).checked_div(denominator as u128)?;
    u64::try_from(quotient).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_down_and_never_exceeds_the_amount() {
        assert_eq!(bps_of(9_999, 1), 0);
        assert_eq!(bps_of(10_000, 1), 1);
        assert_eq!(bps_of(u64::MAX, BPS_DENOMINATOR), u64::MAX);
        assert_eq!(bps_of(7, 5_000), 3);
        assert_eq!(bps_of(999, 3_333), 332);
        assert_eq!(bps_of(u64::MAX, 5_000), u64::MAX / 2);
        assert_eq!(mul_div_floor(10, 3, 4), Some(7));
        assert_eq!(mul_div_floor(u64::MAX, 15_000, 10_000), None);
        assert_eq!(mul_div_floor(1, 1, 0), None);
    }
}
