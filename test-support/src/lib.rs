//! Builders for the Rust integration tests: a chain with the Hex programs
//! running natively in the real runtime, and one helper per common setup so
//! that each test shows only what it is about.

pub mod attacks;
pub mod escrow;
pub mod market;
pub mod registry;
pub mod tokens;

pub use {
    anchor_lang::prelude::Pubkey, hex_native_runtime, license_market, model_registry,
    royalty_escrow, solana_keypair, solana_signer,
};
use {
    anchor_lang::{AccountDeserialize, Discriminator},
    hex_native_runtime::{add_native_program, anchor_entrypoint},
    litesvm::{
        types::{FailedTransactionMetadata, TransactionMetadata},
        LiteSVM,
    },
    solana_instruction::{error::InstructionError, Instruction},
    solana_keypair::Keypair,
    solana_signer::Signer,
    solana_transaction::Transaction,
    solana_transaction_error::TransactionError,
};

pub const SOL: u64 = 1_000_000_000;

pub type TxResult = Result<TransactionMetadata, FailedTransactionMetadata>;

pub struct TestChain {
    pub svm: LiteSVM,
}

impl Default for TestChain {
    fn default() -> Self {
        Self::new()
    }
}

impl TestChain {
    /// The runtime with SPL Token, Token-2022 and ATA (their SBF builds) and
    /// the three Hex programs.
    pub fn new() -> Self {
        let mut svm = LiteSVM::new();
        add_native_program(
            &mut svm,
            model_registry::ID,
            anchor_entrypoint!(model_registry),
        );
        add_native_program(
            &mut svm,
            license_market::ID,
            anchor_entrypoint!(license_market),
        );
        add_native_program(
            &mut svm,
            royalty_escrow::ID,
            anchor_entrypoint!(royalty_escrow),
        );
        Self { svm }
    }

    pub fn funded_keypair(&mut self, lamports: u64) -> Keypair {
        let keypair = Keypair::new();
        self.svm
            .airdrop(&keypair.pubkey(), lamports)
            .expect("airdrop");
        keypair
    }

    /// Sends one transaction paid by the first signer, then moves to a fresh
    /// blockhash so that a test may send the same instructions again.
    pub fn send(&mut self, instructions: &[Instruction], signers: &[&Keypair]) -> TxResult {
        let payer = signers.first().expect("at least one signer").pubkey();
        let transaction = Transaction::new_signed_with_payer(
            instructions,
            Some(&payer),
            signers,
            self.svm.latest_blockhash(),
        );
        let result = self.svm.send_transaction(transaction);
        self.svm.expire_blockhash();
        result
    }

    pub fn account<T: AccountDeserialize + Discriminator>(&self, address: &Pubkey) -> T {
        let account = self
            .svm
            .get_account(address)
            .unwrap_or_else(|| panic!("no account at {address}"));
        T::try_deserialize(&mut account.data.as_slice()).expect("account of the expected type")
    }

    pub fn lamports(&self, address: &Pubkey) -> u64 {
        self.svm.get_balance(address).unwrap_or(0)
    }

    pub fn exists(&self, address: &Pubkey) -> bool {
        self.svm
            .get_account(address)
            .is_some_and(|account| account.lamports > 0)
    }
}

/// The custom error code a failed transaction ended with.
pub fn custom_error_code(result: &TxResult) -> Option<u32> {
    match result {
        Err(failed) => match &failed.err {
            TransactionError::InstructionError(_, InstructionError::Custom(code)) => Some(*code),
            _ => None,
        },
        Ok(_) => None,
    }
}

/// An error a test expects: its code, and the program that raises it when
/// the code alone is ambiguous (the three Hex error enums all start at 6000).
pub trait ExpectedError: Into<u32> + std::fmt::Debug + Copy {
    /// The program that raises it; `None` for errors any program may raise
    /// (Anchor's own, or a token program's numbered errors).
    fn raised_by(&self) -> Option<Pubkey>;
}

impl ExpectedError for model_registry::errors::RegistryError {
    fn raised_by(&self) -> Option<Pubkey> {
        Some(model_registry::ID)
    }
}

impl ExpectedError for royalty_escrow::errors::EscrowError {
    fn raised_by(&self) -> Option<Pubkey> {
        Some(royalty_escrow::ID)
    }
}

impl ExpectedError for license_market::errors::MarketError {
    fn raised_by(&self) -> Option<Pubkey> {
        Some(license_market::ID)
    }
}

impl ExpectedError for anchor_lang::error::ErrorCode {
    fn raised_by(&self) -> Option<Pubkey> {
        None
    }
}

impl ExpectedError for u32 {
    fn raised_by(&self) -> Option<Pubkey> {
        None
    }
}

/// The program whose failure first reported `code` (the innermost one: a
/// caller that propagates a callee's error reports it after the callee).
fn program_raising(logs: &[String], code: u32) -> Option<Pubkey> {
    let suffix = format!(" failed: custom program error: {code:#x}");
    logs.iter().find_map(|line| {
        let program = line
            .strip_prefix("Program ")?
            .strip_suffix(suffix.as_str())?;
        program.parse().ok()
    })
}

/// Asserts that the transaction failed with this program error (an Anchor
/// `#[error_code]` variant, or one of Anchor's own `ErrorCode`s), raised by
/// the program that owns it.
#[track_caller]
pub fn assert_error(result: &TxResult, expected: impl ExpectedError) {
    let expected_code: u32 = expected.into();
    match result {
        Ok(_) => panic!("expected {expected:?} ({expected_code}), but the transaction succeeded"),
        Err(failed) => {
            assert_eq!(
                custom_error_code(result),
                Some(expected_code),
                "expected {expected:?} ({expected_code}), got {:?}; logs:\n{}",
                failed.err,
                failed.meta.logs.join("\n")
            );
            if let Some(program) = expected.raised_by() {
                assert_eq!(
                    program_raising(&failed.meta.logs, expected_code),
                    Some(program),
                    "expected {expected:?} from {program}; logs:\n{}",
                    failed.meta.logs.join("\n")
                );
            }
        }
    }
}

/// Asserts that the transaction failed inside `program_id` (for rejections
/// that come from a callee such as the system program, not from Hex).
#[track_caller]
pub fn assert_rejected_by(result: &TxResult, program_id: &Pubkey) {
    let failed = result
        .as_ref()
        .expect_err("the transaction should have failed");
    let failure = format!("Program {program_id} failed");
    assert!(
        failed
            .meta
            .logs
            .iter()
            .any(|line| line.starts_with(&failure)),
        "expected a failure in {program_id}; logs:\n{}",
        failed.meta.logs.join("\n")
    );
}

/// The PDA through which a program emits its CPI events.
pub fn event_authority(program_id: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[b"__event_authority"], program_id).0
}
