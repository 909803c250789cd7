//! The chain's state: the runtime, its slots, blocks and blockhashes, and the
//! ledger of executed transactions that the RPC methods read.
//!
//! Every executed transaction gets a slot (a block) of its own: the slot
//! advances and a new blockhash joins the window of recent ones, so identical
//! transactions re-signed with a fresh blockhash never collide. The current
//! slot is the one the next transaction lands in; every slot before it is a
//! complete block, final at once (a single node has no forks).

use {
    crate::token_balances,
    agave_feature_set::FeatureSet,
    agave_reserved_account_keys::ReservedAccountKeys,
    litesvm::{
        types::{FailedTransactionMetadata, TransactionMetadata},
        LiteSVM,
    },
    solana_account::{AccountSharedData, ReadableAccount},
    solana_clock::Clock,
    solana_compute_budget_instruction::instructions_processor::process_compute_budget_instructions,
    solana_epoch_schedule::EpochSchedule,
    solana_fee::FeeFeatures,
    solana_hash::Hash,
    solana_keypair::Keypair,
    solana_message::{
        v0::LoadedAddresses, Message, SanitizedMessage, SanitizedVersionedMessage, VersionedMessage,
    },
    solana_pubkey::Pubkey,
    solana_signature::Signature,
    solana_signer::Signer,
    solana_slot_hashes::SlotHashes,
    solana_svm_transaction::svm_message::SVMMessage,
    solana_transaction::versioned::VersionedTransaction,
    solana_transaction_error::TransactionError,
    solana_transaction_status::{
        map_inner_instructions, ConfirmedBlock, TransactionStatusMeta, TransactionWithStatusMeta,
        VersionedTransactionWithStatusMeta,
    },
    std::{
        collections::{HashMap, HashSet, VecDeque},
        ops::Range,
        time::{SystemTime, UNIX_EPOCH},
    },
};

/// How many blocks after its own a blockhash stays usable, as on Agave.
pub const MAX_PROCESSING_AGE: u64 = 150;
/// What the faucet can hand out over the chain's life: most of the
/// runtime's reserve of one million SOL.
const FAUCET_LAMPORTS: u64 = 900_000 * 1_000_000_000;
/// The runtime's fee per signature (LiteSVM's default fee structure).
const LAMPORTS_PER_SIGNATURE: u64 = 5_000;
/// How many recent blocks `getRecentPrioritizationFees` covers (Agave's
/// prioritization fee cache).
const RECENT_PRIORITIZATION_FEE_BLOCKS: u64 = 150;
/// How many performance samples are kept (Agave keeps 720: 12 hours).
const PERFORMANCE_SAMPLES_KEPT: usize = 720;

/// The blockhashes a transaction may reference, each with the last block
/// height at which it is still valid (Agave's `lastValidBlockHeight`).
#[derive(Default)]
pub struct RecentBlockhashes {
    window: VecDeque<(Hash, u64)>,
}

impl RecentBlockhashes {
    /// Records the blockhash of the block at `block_height` and forgets
    /// those no longer valid at that height.
    pub fn push(&mut self, hash: Hash, block_height: u64) {
        while self
            .window
            .front()
            .is_some_and(|(_, last_valid)| *last_valid < block_height)
        {
            self.window.pop_front();
        }
        self.window
            .push_back((hash, block_height + MAX_PROCESSING_AGE));
    }

    /// The newest blockhash and its last valid block height.
    pub fn latest(&self) -> (Hash, u64) {
        *self
            .window
            .back()
            .expect("the chain pushes a blockhash when it starts")
    }

    pub fn contains(&self, hash: &Hash) -> bool {
        self.window.iter().any(|(recent, _)| recent == hash)
    }
}

/// An executed transaction as the ledger keeps it.
pub struct ExecutedTransaction {
    pub slot: u64,
    pub block_time: i64,
    /// The transaction and its status meta, as Agave's ledger stores them:
    /// status, fee, balances and token balances before and after, logs,
    /// inner instructions, loaded addresses, return data, compute units.
    pub with_meta: VersionedTransactionWithStatusMeta,
    /// The compute-unit price it paid, in micro-lamports.
    pub compute_unit_price: u64,
}

impl ExecutedTransaction {
    pub fn signature(&self) -> Signature {
        self.with_meta.transaction.signatures[0]
    }

    pub fn err(&self) -> Option<TransactionError> {
        self.with_meta.meta.status.clone().err()
    }

    pub fn logs(&self) -> &[String] {
        self.with_meta
            .meta
            .log_messages
            .as_deref()
            .unwrap_or_default()
    }

    pub fn account_keys(&self) -> Vec<Pubkey> {
        account_keys(
            &self.with_meta.transaction.message,
            &self.with_meta.meta.loaded_addresses,
        )
    }

    /// The accounts this transaction stored: the writable ones, or only the
    /// fee payer when it failed.
    pub fn written_accounts(&self) -> Vec<Pubkey> {
        let message = &self.with_meta.transaction.message;
        let static_keys = message.static_account_keys();
        if self.err().is_some() {
            return static_keys.first().copied().into_iter().collect();
        }
        let writable_static = static_keys
            .iter()
            .enumerate()
            .filter(|(index, _)| message.is_maybe_writable(*index, None))
            .map(|(_, key)| *key);
        writable_static
            .chain(
                self.with_meta
                    .meta
                    .loaded_addresses
                    .writable
                    .iter()
                    .copied(),
            )
            .collect()
    }
}

/// The keys of a message in the runtime's order: static, then those loaded
/// from lookup tables (writable, then readonly).
pub fn account_keys(message: &VersionedMessage, loaded: &LoadedAddresses) -> Vec<Pubkey> {
    let static_keys = message.static_account_keys().iter();
    static_keys
        .chain(&loaded.writable)
        .chain(&loaded.readonly)
        .copied()
        .collect()
}

/// A complete block.
struct BlockRecord {
    blockhash: Hash,
    block_time: i64,
    /// Where its transactions are in the ledger.
    transactions: Range<usize>,
}

/// A complete block, as `getBlock` and `getBlockTime` read it.
pub struct Block<'a> {
    pub blockhash: Hash,
    pub previous_blockhash: Hash,
    pub block_time: i64,
    pub transactions: &'a [ExecutedTransaction],
}

/// One performance sample: the transactions and slots of a period.
pub struct PerformanceSample {
    pub slot: u64,
    pub num_transactions: u64,
    pub num_slots: u64,
    pub period_secs: u16,
}

/// The outcome of running a transaction without committing it.
pub struct Simulation {
    pub err: Option<TransactionError>,
    pub meta: TransactionMetadata,
    /// The writable accounts as the transaction left them.
    pub post_accounts: Vec<(Pubkey, AccountSharedData)>,
}

impl Simulation {
    fn rejected(err: TransactionError) -> Self {
        Simulation {
            err: Some(err),
            meta: TransactionMetadata::default(),
            post_accounts: Vec::new(),
        }
    }
}

pub struct Chain {
    svm: LiteSVM,
    /// Pays `requestAirdrop`s; funded once from the runtime's own reserve.
    faucet: Keypair,
    identity: Pubkey,
    genesis_hash: Hash,
    reserved_account_keys: HashSet<Pubkey>,
    /// The runtime's features: `LiteSVM::new()` enables them all.
    feature_set: FeatureSet,
    slot: u64,
    blockhashes: RecentBlockhashes,
    /// The complete blocks, by slot.
    blocks: Vec<BlockRecord>,
    /// Executed transactions in order, and where each signature is in it.
    executed: Vec<ExecutedTransaction>,
    by_signature: HashMap<Signature, usize>,
    /// Newest first, and where the last sample ended.
    performance_samples: VecDeque<PerformanceSample>,
    sampled_up_to: (u64, usize),
    /// Seconds added to the wall clock (`hex_advanceClock`), for expiry tests.
    clock_offset: i64,
}

fn wall_clock_seconds() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs() as i64)
}

impl Chain {
    pub fn new(svm: LiteSVM) -> Self {
        // The chain checks blockhashes against its own window of recent ones.
        let mut svm = svm.with_blockhash_check(false);
        let genesis_hash = svm.latest_blockhash();
        let faucet = Keypair::new();
        svm.airdrop(&faucet.pubkey(), FAUCET_LAMPORTS)
            .expect("the runtime's reserve funds the faucet");
        let mut chain = Chain {
            svm,
            faucet,
            identity: Keypair::new().pubkey(),
            genesis_hash,
            reserved_account_keys: ReservedAccountKeys::new_all_activated().active,
            feature_set: FeatureSet::all_enabled(),
            slot: 0,
            blockhashes: RecentBlockhashes::default(),
            blocks: Vec::new(),
            executed: Vec::new(),
            by_signature: HashMap::new(),
            performance_samples: VecDeque::new(),
            sampled_up_to: (0, 0),
            clock_offset: 0,
        };
        chain.sync_clock();
        chain.advance_slot();
        chain
    }

    pub fn slot(&self) -> u64 {
        self.slot
    }

    /// One block per slot here.
    pub fn block_height(&self) -> u64 {
        self.slot
    }

    pub fn genesis_hash(&self) -> Hash {
        self.genesis_hash
    }

    pub fn identity(&self) -> Pubkey {
        self.identity
    }

    pub fn transaction_count(&self) -> usize {
        self.executed.len()
    }

    pub fn latest_blockhash(&self) -> (Hash, u64) {
        self.blockhashes.latest()
    }

    pub fn is_blockhash_valid(&self, hash: &Hash) -> bool {
        self.blockhashes.contains(hash)
    }

    pub fn unix_timestamp(&self) -> i64 {
        wall_clock_seconds() + self.clock_offset
    }

    /// The Clock sysvar's time: what programs last saw.
    pub fn clock_unix_timestamp(&self) -> i64 {
        self.svm.get_sysvar::<Clock>().unix_timestamp
    }

    pub fn epoch_schedule(&self) -> EpochSchedule {
        self.svm.get_sysvar()
    }

    pub fn is_feature_active(&self, feature: &Pubkey) -> bool {
        self.feature_set.is_active(feature)
    }

    /// Moves the clock forward by `seconds`, in a new slot, and returns the
    /// new unix timestamp.
    pub fn advance_clock(&mut self, seconds: u64) -> i64 {
        self.clock_offset += seconds as i64;
        self.advance_slot();
        self.unix_timestamp()
    }

    /// Closes the current slot's block and opens a new slot with a fresh
    /// blockhash.
    fn advance_slot(&mut self) {
        let first_transaction = self.blocks.last().map_or(0, |block| block.transactions.end);
        self.blocks.push(BlockRecord {
            blockhash: self.svm.latest_blockhash(),
            block_time: self.clock_unix_timestamp(),
            transactions: first_transaction..self.executed.len(),
        });
        self.slot += 1;
        self.svm.warp_to_slot(self.slot);
        self.svm.expire_blockhash();
        self.blockhashes
            .push(self.svm.latest_blockhash(), self.block_height());
        self.record_slot_hash();
        self.sync_clock();
    }

    /// Adds the slot and its blockhash to the SlotHashes sysvar (the newest
    /// 512, as on a validator): the address lookup table program accepts
    /// only a slot found there as the `recentSlot` of a new table.
    fn record_slot_hash(&mut self) {
        let mut slot_hashes: SlotHashes = self.svm.get_sysvar();
        slot_hashes.add(self.slot, self.svm.latest_blockhash());
        self.svm.set_sysvar(&slot_hashes);
    }

    /// Sets the Clock sysvar's time to now, so programs see the wall clock.
    fn sync_clock(&mut self) -> i64 {
        let mut clock: Clock = self.svm.get_sysvar();
        clock.unix_timestamp = self.unix_timestamp();
        self.svm.set_sysvar(&clock);
        clock.unix_timestamp
    }

    /// The slot of the newest complete block.
    pub fn last_block_slot(&self) -> Option<u64> {
        self.blocks.len().checked_sub(1).map(|slot| slot as u64)
    }

    pub fn block(&self, slot: u64) -> Option<Block<'_>> {
        let record = self.blocks.get(usize::try_from(slot).ok()?)?;
        let previous_blockhash = match slot {
            0 => Hash::default(),
            _ => self.blocks[slot as usize - 1].blockhash,
        };
        Some(Block {
            blockhash: record.blockhash,
            previous_blockhash,
            block_time: record.block_time,
            transactions: &self.executed[record.transactions.clone()],
        })
    }

    /// A complete block as Agave's ledger hands it to `getBlock`: no rewards
    /// (the chain pays none).
    pub fn confirmed_block(&self, slot: u64) -> Option<ConfirmedBlock> {
        let block = self.block(slot)?;
        Some(ConfirmedBlock {
            previous_blockhash: block.previous_blockhash.to_string(),
            blockhash: block.blockhash.to_string(),
            parent_slot: slot.saturating_sub(1),
            transactions: block
                .transactions
                .iter()
                .map(|executed| TransactionWithStatusMeta::Complete(executed.with_meta.clone()))
                .collect(),
            rewards: Vec::new(),
            num_partitions: None,
            block_time: Some(block.block_time),
            block_height: Some(slot),
        })
    }

    /// The compute-unit price of each recent block: the lowest its
    /// transactions paid, 0 when it has none.
    pub fn recent_prioritization_fees(&self) -> impl Iterator<Item = (u64, u64)> + '_ {
        let blocks = self.blocks.len() as u64;
        (blocks.saturating_sub(RECENT_PRIORITIZATION_FEE_BLOCKS)..blocks).map(|slot| {
            let transactions = &self.executed[self.blocks[slot as usize].transactions.clone()];
            let lowest = transactions
                .iter()
                .map(|executed| executed.compute_unit_price)
                .min();
            (slot, lowest.unwrap_or_default())
        })
    }

    /// Records a performance sample: what happened since the last one.
    pub fn sample_performance(&mut self, period_secs: u16) {
        let (slot, transactions) = self.sampled_up_to;
        self.performance_samples.push_front(PerformanceSample {
            slot: self.slot,
            num_transactions: (self.executed.len() - transactions) as u64,
            num_slots: self.slot - slot,
            period_secs,
        });
        self.performance_samples.truncate(PERFORMANCE_SAMPLES_KEPT);
        self.sampled_up_to = (self.slot, self.executed.len());
    }

    /// The performance samples, newest first.
    pub fn performance_samples(&self) -> impl Iterator<Item = &PerformanceSample> {
        self.performance_samples.iter()
    }

    /// An account that exists (has lamports).
    pub fn account(&self, address: &Pubkey) -> Option<&AccountSharedData> {
        self.svm
            .accounts_db()
            .get_account_ref(address)
            .filter(|account| account.lamports() > 0)
    }

    pub fn accounts(&self) -> impl Iterator<Item = (&Pubkey, &AccountSharedData)> {
        self.svm
            .accounts_db()
            .inner
            .iter()
            .filter(|(_, account)| account.lamports() > 0)
    }

    /// All the lamports there are.
    pub fn capitalization(&self) -> u64 {
        self.accounts().map(|(_, account)| account.lamports()).sum()
    }

    /// Writes an account directly (hex_setAccount fixtures).
    pub fn set_account(
        &mut self,
        address: Pubkey,
        account: solana_account::Account,
    ) -> Result<(), String> {
        self.svm
            .set_account(address, account)
            .map_err(|error| format!("{error:?}"))
    }

    pub fn balance(&self, address: &Pubkey) -> u64 {
        self.account(address)
            .map_or(0, |account| account.lamports())
    }

    pub fn minimum_balance_for_rent_exemption(&self, data_len: usize) -> u64 {
        self.svm.minimum_balance_for_rent_exemption(data_len)
    }

    pub fn transaction(&self, signature: &Signature) -> Option<&ExecutedTransaction> {
        self.by_signature
            .get(signature)
            .map(|index| &self.executed[*index])
    }

    /// Transactions executed after the first `count`, oldest first.
    pub fn executed_since(&self, count: usize) -> &[ExecutedTransaction] {
        self.executed.get(count..).unwrap_or_default()
    }

    /// Transactions executed so far, newest first.
    pub fn newest_first(&self) -> impl Iterator<Item = &ExecutedTransaction> {
        self.executed.iter().rev()
    }

    /// The message as the runtime sanitizes it, addresses from lookup
    /// tables loaded, or the runtime's reason to refuse it.
    pub fn sanitize(
        &self,
        message: &VersionedMessage,
    ) -> Result<SanitizedMessage, TransactionError> {
        let message = SanitizedVersionedMessage::try_from(message.clone())
            .map_err(|_| TransactionError::SanitizeFailure)?;
        SanitizedMessage::try_new(message, self.svm.accounts_db(), &self.reserved_account_keys)
            .map_err(TransactionError::from)
    }

    /// The addresses a v0 message loads from lookup tables.
    pub fn loaded_addresses(
        &self,
        message: &VersionedMessage,
    ) -> Result<LoadedAddresses, TransactionError> {
        Ok(match self.sanitize(message)? {
            SanitizedMessage::V0(loaded) => loaded.loaded_addresses.into_owned(),
            SanitizedMessage::Legacy(_) => LoadedAddresses::default(),
        })
    }

    /// The compute-unit price and the prioritization fee a message sets
    /// (0 when its compute-budget instructions are invalid, as on Agave).
    fn compute_unit_price_and_fee(&self, message: &SanitizedMessage) -> (u64, u64) {
        process_compute_budget_instructions(
            SVMMessage::program_instructions_iter(message),
            &self.feature_set,
        )
        .map(|limits| (limits.compute_unit_price, limits.get_prioritization_fee()))
        .unwrap_or_default()
    }

    /// What a message costs to send, while its blockhash is valid: its
    /// signatures and its priority fee (Agave's `get_fee_for_message`).
    pub fn fee_for_message(&self, message: &SanitizedMessage) -> Option<u64> {
        if !self.is_blockhash_valid(message.recent_blockhash()) {
            return None;
        }
        let (_, prioritization_fee) = self.compute_unit_price_and_fee(message);
        Some(solana_fee::calculate_fee(
            message,
            false,
            LAMPORTS_PER_SIGNATURE,
            prioritization_fee,
            FeeFeatures::from(&self.feature_set),
        ))
    }

    /// What the chain refuses before running a transaction at all.
    fn check_admissible(
        &self,
        transaction: &VersionedTransaction,
    ) -> Result<SanitizedMessage, TransactionError> {
        if !self.is_blockhash_valid(transaction.message.recent_blockhash()) {
            return Err(TransactionError::BlockhashNotFound);
        }
        match transaction.signatures.first() {
            None => Err(TransactionError::SanitizeFailure),
            Some(signature) if self.by_signature.contains_key(signature) => {
                Err(TransactionError::AlreadyProcessed)
            }
            Some(_) => self.sanitize(&transaction.message),
        }
    }

    /// Runs a transaction without committing it, signatures unchecked.
    pub fn simulate(&mut self, transaction: VersionedTransaction) -> Simulation {
        if let Err(err) = self.check_admissible(&transaction) {
            return Simulation::rejected(err);
        }
        self.sync_clock();
        self.svm.set_sigverify(false);
        let result = self.svm.simulate_transaction(transaction);
        self.svm.set_sigverify(true);
        match result {
            Ok(simulated) => Simulation {
                err: None,
                meta: simulated.meta,
                post_accounts: simulated.post_accounts,
            },
            Err(failed) => Simulation {
                err: Some(failed.err),
                meta: failed.meta,
                post_accounts: Vec::new(),
            },
        }
    }

    /// Executes a transaction in a slot of its own and records it: a success,
    /// or a failure whose fee was charged. A transaction the runtime refuses
    /// outright (bad signature, unknown blockhash, payer unable to pay the
    /// fee) leaves no trace and its error is returned.
    pub fn execute(
        &mut self,
        transaction: VersionedTransaction,
    ) -> Result<Signature, TransactionError> {
        let message = self.check_admissible(&transaction)?;
        let (compute_unit_price, _) = self.compute_unit_price_and_fee(&message);
        let loaded_addresses = match &message {
            SanitizedMessage::V0(loaded) => loaded.loaded_addresses.clone().into_owned(),
            SanitizedMessage::Legacy(_) => LoadedAddresses::default(),
        };
        let signature = transaction.signatures[0];
        let keys = account_keys(&transaction.message, &loaded_addresses);
        let pre_balances = self.balances(&keys);
        let pre_token_balances =
            token_balances::collect(&transaction.message, &keys, |key| self.account(key));
        let block_time = self.sync_clock();
        let (status, meta) = match self.svm.send_transaction(transaction.clone()) {
            Ok(meta) => (Ok(()), meta),
            Err(FailedTransactionMetadata { err, meta }) => (Err(err), meta),
        };
        let fee_charged = self.svm.get_transaction(&signature).is_some();
        if let (Err(err), false) = (&status, fee_charged) {
            return Err(err.clone());
        }
        let post_token_balances =
            token_balances::collect(&transaction.message, &keys, |key| self.account(key));
        let return_data = (!meta.return_data.data.is_empty()).then_some(meta.return_data);
        let meta = TransactionStatusMeta {
            status,
            fee: meta.fee,
            pre_balances,
            post_balances: self.balances(&keys),
            inner_instructions: Some(map_inner_instructions(meta.inner_instructions).collect()),
            log_messages: Some(meta.logs),
            pre_token_balances: Some(pre_token_balances),
            post_token_balances: Some(post_token_balances),
            rewards: Some(Vec::new()),
            loaded_addresses,
            return_data,
            compute_units_consumed: Some(meta.compute_units_consumed),
            cost_units: None,
        };
        self.by_signature.insert(signature, self.executed.len());
        self.executed.push(ExecutedTransaction {
            slot: self.slot,
            block_time,
            with_meta: VersionedTransactionWithStatusMeta { transaction, meta },
            compute_unit_price,
        });
        self.advance_slot();
        Ok(signature)
    }

    fn balances(&self, keys: &[Pubkey]) -> Vec<u64> {
        keys.iter().map(|key| self.balance(key)).collect()
    }

    /// The faucet: a transfer signed by the faucet's keypair.
    pub fn airdrop(&mut self, to: &Pubkey, lamports: u64) -> Result<Signature, TransactionError> {
        let faucet = &self.faucet;
        let transfer =
            solana_system_interface::instruction::transfer(&faucet.pubkey(), to, lamports);
        let message = Message::new_with_blockhash(
            &[transfer],
            Some(&faucet.pubkey()),
            &self.latest_blockhash().0,
        );
        let transaction =
            VersionedTransaction::try_new(VersionedMessage::Legacy(message), &[faucet])
                .expect("the faucet signs its own transfer");
        self.execute(transaction)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash(n: u8) -> Hash {
        Hash::new_from_array([n; 32])
    }

    #[test]
    fn a_blockhash_is_valid_until_its_last_valid_block_height() {
        let mut window = RecentBlockhashes::default();
        window.push(hash(0), 10);
        assert_eq!(window.latest(), (hash(0), 10 + MAX_PROCESSING_AGE));
        for height in 11..=10 + MAX_PROCESSING_AGE {
            window.push(hash(1), height);
            assert!(window.contains(&hash(0)), "still valid at height {height}");
        }
        window.push(hash(2), 11 + MAX_PROCESSING_AGE);
        assert!(!window.contains(&hash(0)));
        assert!(window.contains(&hash(1)));
        assert_eq!(window.latest(), (hash(2), 11 + 2 * MAX_PROCESSING_AGE));
    }

    #[test]
    fn every_slot_joins_the_slot_hashes_sysvar() {
        let mut chain = Chain::new(LiteSVM::new());
        let first = chain.slot();
        chain.advance_clock(1);
        let slot_hashes: SlotHashes = chain.svm.get_sysvar();
        assert_eq!(
            slot_hashes.get(&first),
            Some(&chain.blockhashes.window[0].0)
        );
        assert_eq!(
            slot_hashes.get(&chain.slot()),
            Some(&chain.latest_blockhash().0)
        );
        assert_eq!(
            slot_hashes.first().map(|(slot, _)| *slot),
            Some(chain.slot()),
            "newest first"
        );
    }

    #[test]
    fn every_slot_is_a_block_and_a_transaction_lands_in_its_slots_block() {
        let mut chain = Chain::new(LiteSVM::new());
        assert_eq!(chain.block(0).unwrap().blockhash, chain.genesis_hash());
        let signature = chain.airdrop(&Pubkey::new_unique(), 1_000_000).unwrap();
        let executed = chain.transaction(&signature).unwrap();
        let slot = executed.slot;
        assert_eq!(executed.with_meta.meta.pre_token_balances, Some(Vec::new()));
        assert_eq!(executed.with_meta.meta.post_balances[1], 1_000_000);
        assert_eq!(
            (chain.slot(), chain.last_block_slot()),
            (slot + 1, Some(slot))
        );
        let block = chain.block(slot).unwrap();
        assert_eq!(block.transactions[0].signature(), signature);
        assert_eq!(
            block.previous_blockhash,
            chain.block(slot - 1).unwrap().blockhash
        );
        assert!(chain.block(slot - 1).unwrap().transactions.is_empty());
        assert!(
            chain.block(chain.slot()).is_none(),
            "the current slot's block is open"
        );
    }

    #[test]
    fn the_window_never_holds_more_than_the_valid_blockhashes() {
        let mut window = RecentBlockhashes::default();
        for height in 0..1_000 {
            window.push(hash(height as u8), height);
        }
        assert_eq!(window.window.len() as u64, MAX_PROCESSING_AGE + 1);
    }
}
