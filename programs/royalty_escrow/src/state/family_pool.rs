use {
    crate::{constants::*, errors::EscrowError},
    anchor_lang::prelude::*,
};

/// A closed epoch whose rewards members may still collect.
#[derive(
    AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, Default, PartialEq, Eq, InitSpace,
)]
pub struct ClosedEpoch {
    pub epoch: u64,
    /// Pool income of the epoch, divided by points.
    pub income: u64,
    pub points: u128,
    /// Rewards collected so far; the rest rolls over when the epoch expires.
    pub collected: u64,
}

/// A member's trend points in one epoch, kept in its vault.
#[derive(
    AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, Default, PartialEq, Eq, InitSpace,
)]
pub struct MemberPoints {
    pub epoch: u64,
    /// 0: a free entry (never earned, or collected).
    pub points: u64,
}

/// The reward pool of a model family (a lineage root and its descendants)
/// in one payment mint, at `[FAMILY_POOL_SEED, root mint, payment mint]`;
/// its tokens sit at `[POOL_TOKENS_SEED, pool]`.
///
/// Each member's license revenue pays `trend_share_bps` into the pool and
/// earns the member trend points (kept in its vault). When an epoch ends its
/// income is divided by points; a member collects its reward into its vault
/// during the `COLLECT_WINDOW_EPOCHS` epochs that follow. What is not
/// collected by then, and the income of an epoch without points, rolls into
/// the current epoch.
#[account]
#[derive(InitSpace)]
pub struct FamilyPool {
    /// Layout version of this account (`ACCOUNT_VERSION` when written).
    pub account_version: u8,
    pub bump: u8,
    pub tokens_bump: u8,
    pub root_mint: Pubkey,
    pub payment_mint: Pubkey,
    pub token_program: Pubkey,
    /// Chosen by the root's owner, within the platform's cap (which also
    /// applies at payment time, should the platform lower it).
    pub trend_share_bps: u16,
    /// The epoch length and start, fixed when the pool was created.
    pub epoch_secs: i64,
    pub origin: i64,
    pub current_epoch: u64,
    pub current_income: u64,
    pub current_points: u128,
    /// Closed epochs still collectable, at `epoch % COLLECT_WINDOW_EPOCHS`.
    pub closed: [ClosedEpoch; COLLECT_WINDOW_EPOCHS],
    /// Every unit that ever came in (trend shares) and went out (rewards).
    pub total_income: u64,
    pub total_collected: u64,
    /// Every unit that ever rolled over into a later epoch.
    pub total_rolled_over: u64,
    pub reserved: [u8; 32],
}

// The fields the SDK filters pools by.
hex_common::account_offsets!(FamilyPool {
    account_version: u8,
    bump: u8,
    tokens_bump: u8,
    root_mint: Pubkey => FAMILY_POOL_ROOT_MINT_OFFSET,
    payment_mint: Pubkey => FAMILY_POOL_PAYMENT_MINT_OFFSET,
    token_program: Pubkey,
    trend_share_bps: u16,
    epoch_secs: i64,
    origin: i64,
    current_epoch: u64,
    current_income: u64,
    current_points: u128,
    closed: [ClosedEpoch; COLLECT_WINDOW_EPOCHS],
    total_income: u64,
    total_collected: u64,
    total_rolled_over: u64,
    reserved: [u8; 32],
});

fn add(a: u64, b: u64) -> Result<u64> {
    a.checked_add(b)
        .ok_or_else(|| EscrowError::MathOverflow.into())
}

impl FamilyPool {
    /// The epoch `now` falls in.
    pub fn epoch_at(&self, now: i64) -> u64 {
        (now.saturating_sub(self.origin) / self.epoch_secs) as u64
    }

    /// Whether the closed `epoch` can still be collected.
    pub fn is_collectable(&self, epoch: u64) -> bool {
        epoch < self.current_epoch && self.current_epoch <= epoch + COLLECT_WINDOW_EPOCHS as u64
    }

    /// Moves the pool to the epoch `now` falls in: expired epochs give back
    /// what was not collected, the ending epoch is kept for collection (or
    /// rolls over at once if nobody earned points in it).
    pub fn advance(&mut self, now: i64) -> Result<()> {
        let new_epoch = self.epoch_at(now);
        if new_epoch <= self.current_epoch {
            return Ok(());
        }
        let window = COLLECT_WINDOW_EPOCHS as u64;
        let mut rolled_over = 0u64;
        for closed in self.closed.iter_mut() {
            if closed.points > 0 && closed.epoch + window < new_epoch {
                rolled_over = add(rolled_over, closed.income - closed.collected)?;
                *closed = ClosedEpoch::default();
            }
        }
        let ending = ClosedEpoch {
            epoch: self.current_epoch,
            income: self.current_income,
            points: self.current_points,
            collected: 0,
        };
        if ending.points > 0 && ending.epoch + window >= new_epoch {
            self.closed[(ending.epoch % window) as usize] = ending;
        } else {
            rolled_over = add(rolled_over, ending.income)?;
        }
        self.total_rolled_over = add(self.total_rolled_over, rolled_over)?;
        self.current_epoch = new_epoch;
        self.current_income = rolled_over;
        self.current_points = 0;
        Ok(())
    }

    /// Books a trend share paid in, and the points it gives its member.
    pub fn record_income(&mut self, amount: u64, points: u64) -> Result<()> {
        self.current_income = add(self.current_income, amount)?;
        self.total_income = add(self.total_income, amount)?;
        self.current_points = self
            .current_points
            .checked_add(points as u128)
            .ok_or(EscrowError::MathOverflow)?;
        Ok(())
    }

    /// The reward of `points` earned in the closed `epoch`:
    /// floor(income x points / epoch points).
    pub fn reward_of(&self, epoch: u64, points: u64) -> Result<u64> {
        let closed = &self.closed[(epoch % COLLECT_WINDOW_EPOCHS as u64) as usize];
        require!(
            closed.epoch == epoch && closed.points > 0,
            EscrowError::MathOverflow
        );
        // points <= closed.points, so the quotient is at most the income.
        Ok((closed.income as u128 * points as u128 / closed.points) as u64)
    }

    /// Collects a member's rewards of every collectable epoch, clearing its
    /// entries (expired ones too: their rewards rolled over). Returns the total.
    pub fn collect(&mut self, member: &mut [MemberPoints; MEMBER_EPOCH_SLOTS]) -> Result<u64> {
        let mut total = 0u64;
        for entry in member.iter_mut() {
            if entry.points == 0 || entry.epoch >= self.current_epoch {
                continue;
            }
            if self.is_collectable(entry.epoch) {
                let reward = self.reward_of(entry.epoch, entry.points)?;
                let closed =
                    &mut self.closed[(entry.epoch % COLLECT_WINDOW_EPOCHS as u64) as usize];
                closed.collected = add(closed.collected, reward)?;
                total = add(total, reward)?;
            }
            *entry = MemberPoints::default();
        }
        self.total_collected = add(self.total_collected, total)?;
        Ok(total)
    }

    /// What the pool holds: the current epoch's income and what closed
    /// epochs have not paid yet. Always equal to its token balance.
    pub fn holdings(&self) -> Result<u64> {
        self.closed
            .iter()
            .try_fold(self.current_income, |sum, closed| {
                add(sum, closed.income - closed.collected)
            })
    }
}

/// Adds `points` to a member's entry for the pool's current epoch, reusing
/// a free or expired entry. With one entry per collectable epoch plus the
/// current one, an entry is always free.
pub fn accrue_points(
    member: &mut [MemberPoints; MEMBER_EPOCH_SLOTS],
    pool: &FamilyPool,
    points: u64,
) -> Result<()> {
    if points == 0 {
        return Ok(());
    }
    let current = pool.current_epoch;
    let index = member
        .iter()
        .position(|entry| entry.points > 0 && entry.epoch == current)
        .or_else(|| {
            member.iter().position(|entry| {
                entry.points == 0 || (entry.epoch < current && !pool.is_collectable(entry.epoch))
            })
        })
        .ok_or(EscrowError::MathOverflow)?;
    let entry = &mut member[index];
    if entry.epoch != current {
        *entry = MemberPoints {
            epoch: current,
            points: 0,
        };
    }
    entry.points = entry
        .points
        .checked_add(points)
        .ok_or(EscrowError::MathOverflow)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const WEEK: i64 = 7 * 24 * 60 * 60;

    fn pool() -> FamilyPool {
        FamilyPool {
            account_version: 1,
            bump: 0,
            tokens_bump: 0,
            root_mint: Pubkey::default(),
            payment_mint: Pubkey::default(),
            token_program: Pubkey::default(),
            trend_share_bps: 300,
            epoch_secs: WEEK,
            origin: 1_000,
            current_epoch: 0,
            current_income: 0,
            current_points: 0,
            closed: [ClosedEpoch::default(); COLLECT_WINDOW_EPOCHS],
            total_income: 0,
            total_collected: 0,
            total_rolled_over: 0,
            reserved: [0; 32],
        }
    }

    fn at_epoch(epoch: i64) -> i64 {
        1_000 + epoch * WEEK
    }

    #[test]
    fn an_epoch_divides_its_income_by_points_and_keeps_the_dust() {
        let mut pool = pool();
        let (mut a, mut b) = (
            [MemberPoints::default(); MEMBER_EPOCH_SLOTS],
            [MemberPoints::default(); MEMBER_EPOCH_SLOTS],
        );
        for (member, points) in [(&mut a, 1u64), (&mut b, 2)] {
            pool.record_income(50, points).unwrap();
            accrue_points(member, &pool, points).unwrap();
        }
        // Not collectable while the epoch runs.
        assert_eq!(pool.collect(&mut a).unwrap(), 0);
        pool.advance(at_epoch(1)).unwrap();
        assert_eq!(pool.collect(&mut a).unwrap(), 33);
        assert_eq!(pool.collect(&mut b).unwrap(), 66);
        assert_eq!(pool.collect(&mut b).unwrap(), 0);
        assert_eq!(pool.holdings().unwrap(), 1);
        // The unit of dust rolls over when the epoch expires.
        pool.advance(at_epoch(1 + COLLECT_WINDOW_EPOCHS as i64))
            .unwrap();
        assert_eq!((pool.current_income, pool.total_rolled_over), (1, 1));
        assert_eq!(pool.holdings().unwrap(), 1);
    }

    #[test]
    fn a_late_member_collects_within_the_window_and_loses_it_after() {
        let mut pool = pool();
        let mut late = [MemberPoints::default(); MEMBER_EPOCH_SLOTS];
        pool.record_income(100, 10).unwrap();
        accrue_points(&mut late, &pool, 10).unwrap();
        pool.advance(at_epoch(COLLECT_WINDOW_EPOCHS as i64))
            .unwrap();
        let mut on_time = late;
        assert_eq!(pool.collect(&mut on_time).unwrap(), 100);

        let mut pool_after = pool.clone();
        pool_after.closed[0].collected = 0;
        pool_after.total_collected = 0;
        pool_after
            .advance(at_epoch(COLLECT_WINDOW_EPOCHS as i64 + 1))
            .unwrap();
        assert_eq!(pool_after.collect(&mut late).unwrap(), 0);
        assert_eq!(late, [MemberPoints::default(); MEMBER_EPOCH_SLOTS]);
        assert_eq!(pool_after.current_income, 100);
    }

    #[test]
    fn income_of_an_epoch_without_points_rolls_into_the_next() {
        let mut pool = pool();
        pool.record_income(7, 0).unwrap();
        pool.advance(at_epoch(3)).unwrap();
        assert_eq!((pool.current_epoch, pool.current_income), (3, 7));
        assert_eq!(pool.holdings().unwrap(), 7);
    }

    #[test]
    fn a_member_earning_every_epoch_always_finds_a_free_entry() {
        let mut pool = pool();
        let mut member = [MemberPoints::default(); MEMBER_EPOCH_SLOTS];
        for epoch in 0..20 {
            pool.advance(at_epoch(epoch)).unwrap();
            pool.record_income(10, 1).unwrap();
            accrue_points(&mut member, &pool, 1).unwrap();
        }
        pool.advance(at_epoch(20)).unwrap();
        // Epochs 16 to 19 are still collectable; earlier ones rolled over.
        let collected = pool.collect(&mut member).unwrap();
        assert!(collected > 40);
        assert_eq!(pool.holdings().unwrap(), 200 - collected);
        assert_eq!(
            pool.holdings().unwrap(),
            pool.total_income - pool.total_collected
        );
    }
}
