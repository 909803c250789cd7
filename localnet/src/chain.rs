//! The chain's state: the runtime, its slots and blockhashes, and the history
//! of executed transactions that the RPC methods read.
//!
//! Every executed transaction gets a slot (a block) of its own: the slot
//! advances and a new blockhash joins the window of recent ones, so identical
//! transactions re-signed with a fresh blockhash never collide.

use {
    litesvm::{
        types::{FailedTransactionMetadata, TransactionMetadata},
        LiteSVM,
    },
    solana_account::{AccountSharedData, ReadableAccount},
    solana_clock::Clock,
    solana_hash::Hash,
    solana_keypair::Keypair,
    solana_message::{v0::LoadedAddresses, Message, VersionedMessage},
    solana_pubkey::Pubkey,
    solana_signature::Signature,
    solana_signer::Signer,
    solana_transaction::versioned::VersionedTransaction,
    solana_transaction_error::TransactionError,
    std::{
        collections::{HashMap, VecDeque},
        time::{SystemTime, UNIX_EPOCH},
    },
};

/// How many blocks after its own a blockhash stays usable, as on Agave.
pub const MAX_PROCESSING_AGE: u64 = 150;
pub const LAMPORTS_PER_SIGNATURE: u64 = 5_000;
/// What the faucet can hand out over the chain's life: most of the
/// runtime's reserve of one million SOL.
const FAUCET_LAMPORTS: u64 = 900_000 * 1_000_000_000;
/// Size of an address lookup table's header; its addresses follow it.
const LOOKUP_TABLE_META_SIZE: usize = 56;

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

/// What a transaction did, as `getTransaction` reports it.
pub struct ExecutedTransaction {
    pub signature: Signature,
    pub slot: u64,
    pub block_time: i64,
    pub transaction: VersionedTransaction,
    pub loaded_addresses: LoadedAddresses,
    pub err: Option<TransactionError>,
    pub meta: TransactionMetadata,
    /// Lamports of `account_keys()` before and after, in that order.
    pub pre_balances: Vec<u64>,
    pub post_balances: Vec<u64>,
}

impl ExecutedTransaction {
    pub fn account_keys(&self) -> Vec<Pubkey> {
        account_keys(&self.transaction.message, &self.loaded_addresses)
    }

    /// The accounts this transaction stored: the writable ones, or only the
    /// fee payer when it failed.
    pub fn written_accounts(&self) -> Vec<Pubkey> {
        let message = &self.transaction.message;
        let static_keys = message.static_account_keys();
        if self.err.is_some() {
            return static_keys.first().copied().into_iter().collect();
        }
        let writable_static = static_keys
            .iter()
            .enumerate()
            .filter(|(index, _)| message.is_maybe_writable(*index, None))
            .map(|(_, key)| *key);
        writable_static
            .chain(self.loaded_addresses.writable.iter().copied())
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
    slot: u64,
    blockhashes: RecentBlockhashes,
    /// Executed transactions in order, and where each signature is in it.
    executed: Vec<ExecutedTransaction>,
    by_signature: HashMap<Signature, usize>,
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
            slot: 0,
            blockhashes: RecentBlockhashes::default(),
            executed: Vec::new(),
            by_signature: HashMap::new(),
            clock_offset: 0,
        };
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

    /// Moves the clock forward by `seconds`, in a new slot, and returns the
    /// new unix timestamp.
    pub fn advance_clock(&mut self, seconds: u64) -> i64 {
        self.clock_offset += seconds as i64;
        self.advance_slot();
        self.unix_timestamp()
    }

    /// A new slot with a fresh blockhash.
    fn advance_slot(&mut self) {
        self.slot += 1;
        self.svm.warp_to_slot(self.slot);
        self.svm.expire_blockhash();
        self.blockhashes
            .push(self.svm.latest_blockhash(), self.block_height());
        self.sync_clock();
    }

    /// Sets the Clock sysvar's time to now, so programs see the wall clock.
    fn sync_clock(&mut self) -> i64 {
        let mut clock: Clock = self.svm.get_sysvar();
        clock.unix_timestamp = self.unix_timestamp();
        self.svm.set_sysvar(&clock);
        clock.unix_timestamp
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

    /// The addresses a v0 message loads from lookup tables; those it cannot
    /// resolve are left out (the runtime then rejects the transaction).
    pub fn loaded_addresses(&self, message: &VersionedMessage) -> LoadedAddresses {
        let mut loaded = LoadedAddresses::default();
        for lookup in message.address_table_lookups().unwrap_or_default() {
            let table = self.lookup_table_addresses(&lookup.account_key);
            let resolve = |index: &u8| table.get(*index as usize).copied();
            loaded
                .writable
                .extend(lookup.writable_indexes.iter().filter_map(resolve));
            loaded
                .readonly
                .extend(lookup.readonly_indexes.iter().filter_map(resolve));
        }
        loaded
    }

    fn lookup_table_addresses(&self, table: &Pubkey) -> Vec<Pubkey> {
        let Some(account) = self.account(table) else {
            return Vec::new();
        };
        let addresses = account
            .data()
            .get(LOOKUP_TABLE_META_SIZE..)
            .unwrap_or_default();
        addresses
            .chunks_exact(32)
            .map(|bytes| Pubkey::try_from(bytes).expect("32 bytes"))
            .collect()
    }

    /// What the chain refuses before running a transaction at all.
    fn check_admissible(&self, transaction: &VersionedTransaction) -> Result<(), TransactionError> {
        if !self.is_blockhash_valid(transaction.message.recent_blockhash()) {
            return Err(TransactionError::BlockhashNotFound);
        }
        match transaction.signatures.first() {
            None => Err(TransactionError::SanitizeFailure),
            Some(signature) if self.by_signature.contains_key(signature) => {
                Err(TransactionError::AlreadyProcessed)
            }
            Some(_) => Ok(()),
        }
    }

    /// Runs a transaction without committing it.
    pub fn simulate(
        &mut self,
        transaction: VersionedTransaction,
        verify_signatures: bool,
    ) -> Simulation {
        if let Err(err) = self.check_admissible(&transaction) {
            return Simulation::rejected(err);
        }
        self.sync_clock();
        self.svm.set_sigverify(verify_signatures);
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
        self.check_admissible(&transaction)?;
        let signature = transaction.signatures[0];
        let loaded_addresses = self.loaded_addresses(&transaction.message);
        let keys = account_keys(&transaction.message, &loaded_addresses);
        let pre_balances = self.balances(&keys);
        let block_time = self.sync_clock();
        let (err, meta) = match self.svm.send_transaction(transaction.clone()) {
            Ok(meta) => (None, meta),
            Err(FailedTransactionMetadata { err, meta }) => (Some(err), meta),
        };
        let fee_charged = self.svm.get_transaction(&signature).is_some();
        if let (Some(err), false) = (&err, fee_charged) {
            return Err(err.clone());
        }
        let executed = ExecutedTransaction {
            signature,
            slot: self.slot,
            block_time,
            transaction,
            loaded_addresses,
            err,
            meta,
            pre_balances,
            post_balances: self.balances(&keys),
        };
        self.by_signature.insert(signature, self.executed.len());
        self.executed.push(executed);
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
    fn the_window_never_holds_more_than_the_valid_blockhashes() {
        let mut window = RecentBlockhashes::default();
        for height in 0..1_000 {
            window.push(hash(height as u8), height);
        }
        assert_eq!(window.window.len() as u64, MAX_PROCESSING_AGE + 1);
    }
}
