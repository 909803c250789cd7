//! Sending, simulating and looking up transactions; their results encoded by
//! `solana-transaction-status` (parsed instructions, inner instructions,
//! token balances, loaded addresses).

use {
    super::{
        accounts::{encoded_account, View},
        blocks::{latest_blockhash, unsupported_version},
        check_at_least_confirmed, check_context_slot,
        params::{hash, pubkey, signature, Params},
        to_json, with_context, RpcError, RpcResult,
    },
    crate::{
        chain::{account_keys, Chain, ExecutedTransaction, Simulation},
        token_balances,
    },
    base64::{prelude::BASE64_STANDARD, Engine},
    bincode::Options,
    litesvm::types::TransactionMetadata,
    serde::de::DeserializeOwned,
    serde_json::json,
    solana_account::ReadableAccount,
    solana_account_decoder::UiAccountEncoding,
    solana_message::{v0::LoadedAddresses, AccountKeys, VersionedMessage},
    solana_pubkey::Pubkey,
    solana_rpc_client_types::{
        config::{
            RpcContextConfig, RpcEncodingConfigWrapper, RpcRequestAirdropConfig,
            RpcSendTransactionConfig, RpcSignatureStatusConfig, RpcSignaturesForAddressConfig,
            RpcSimulateTransactionAccountsConfig, RpcSimulateTransactionConfig,
            RpcTransactionConfig, UiTransactionEncoding,
        },
        request::{
            MAX_GET_CONFIRMED_SIGNATURES_FOR_ADDRESS2_LIMIT, MAX_GET_SIGNATURE_STATUSES_QUERY_ITEMS,
        },
        response::{
            RpcBlockhash, RpcConfirmedTransactionStatusWithSignature, RpcSimulateTransactionResult,
            UiLoadedAddresses, UiTransactionReturnData, UiTransactionTokenBalance,
        },
    },
    solana_transaction::versioned::VersionedTransaction,
    solana_transaction_error::TransactionError,
    solana_transaction_status::{
        extract_memos::extract_and_fmt_memos, map_inner_instructions, parse_ui_inner_instructions,
        ConfirmedTransactionWithStatusMeta, TransactionBinaryEncoding,
        TransactionConfirmationStatus, TransactionStatus, TransactionWithStatusMeta,
    },
    std::any::type_name,
};

/// The largest transaction the network carries, in bytes.
const PACKET_DATA_SIZE: usize = 1232;
/// The longest encodings of a packet (Agave's goldens).
const MAX_BASE58_SIZE: usize = 1683;
const MAX_BASE64_SIZE: usize = 1644;

/// Agave's `decode_and_deserialize`: a transaction or message, with the
/// same limits and errors.
fn decode_and_deserialize<T: DeserializeOwned>(
    encoded: String,
    encoding: TransactionBinaryEncoding,
) -> Result<T, RpcError> {
    let (max, name) = match encoding {
        TransactionBinaryEncoding::Base58 => (MAX_BASE58_SIZE, "base58"),
        TransactionBinaryEncoding::Base64 => (MAX_BASE64_SIZE, "base64"),
    };
    if encoded.len() > max {
        return Err(RpcError::invalid_params(format!(
            "{name} encoded {} too large: {} bytes (max: encoded/raw {max}/{PACKET_DATA_SIZE})",
            type_name::<T>(),
            encoded.len(),
        )));
    }
    let bytes = match encoding {
        TransactionBinaryEncoding::Base58 => bs58::decode(encoded).into_vec().map_err(|error| {
            RpcError::invalid_params(format!("invalid base58 encoding: {error:?}"))
        })?,
        TransactionBinaryEncoding::Base64 => BASE64_STANDARD.decode(encoded).map_err(|error| {
            RpcError::invalid_params(format!("invalid base64 encoding: {error:?}"))
        })?,
    };
    if bytes.len() > PACKET_DATA_SIZE {
        return Err(RpcError::invalid_params(format!(
            "decoded {} too large: {} bytes (max: {PACKET_DATA_SIZE} bytes)",
            type_name::<T>(),
            bytes.len(),
        )));
    }
    bincode::options()
        .with_limit(PACKET_DATA_SIZE as u64)
        .with_fixint_encoding()
        .allow_trailing_bytes()
        .deserialize_from(&bytes[..])
        .map_err(|error| {
            RpcError::invalid_params(format!(
                "failed to deserialize {}: {error}",
                type_name::<T>()
            ))
        })
}

/// The transaction of `sendTransaction` and `simulateTransaction`.
fn decode_transaction(
    data: String,
    encoding: Option<UiTransactionEncoding>,
) -> Result<VersionedTransaction, RpcError> {
    let encoding = encoding.unwrap_or(UiTransactionEncoding::Base58);
    let binary = encoding.into_binary_encoding().ok_or_else(|| {
        RpcError::invalid_params(format!(
            "unsupported encoding: {encoding}. Supported encodings: base58, base64"
        ))
    })?;
    decode_and_deserialize(data, binary)
}

/// Agave's `sanitize_transaction`: the addresses the transaction loads from
/// lookup tables, or why the runtime would not take it.
fn sanitize(
    chain: &Chain,
    transaction: &VersionedTransaction,
) -> Result<LoadedAddresses, RpcError> {
    let invalid =
        |error: TransactionError| RpcError::invalid_params(format!("invalid transaction: {error}"));
    transaction
        .sanitize()
        .map_err(|_| invalid(TransactionError::SanitizeFailure))?;
    chain
        .loaded_addresses(&transaction.message)
        .map_err(invalid)
}

fn verify_signatures(transaction: &VersionedTransaction) -> Result<(), RpcError> {
    match transaction.verify_with_results().contains(&false) {
        true => Err(RpcError::server(
            -32003,
            "Transaction signature verification failure",
            None,
        )),
        false => Ok(()),
    }
}

/// A simulation's result as Agave reports it, with balances and token
/// balances before and after it.
struct SimulationReport<'a> {
    chain: &'a Chain,
    transaction: &'a VersionedTransaction,
    loaded: &'a LoadedAddresses,
    simulation: &'a Simulation,
}

impl SimulationReport<'_> {
    fn keys(&self) -> Vec<Pubkey> {
        account_keys(&self.transaction.message, self.loaded)
    }

    fn view(&self) -> View<'_> {
        View::with_overrides(self.chain, &self.simulation.post_accounts)
    }

    fn result(&self) -> RpcSimulateTransactionResult {
        let Simulation { err, meta, .. } = self.simulation;
        let keys = self.keys();
        let (before, after) = (View::of(self.chain), self.view());
        let balances = |view: View| {
            keys.iter()
                .map(|key| view.account(key).map_or(0, ReadableAccount::lamports))
                .collect()
        };
        let token_balances = |view: View| {
            token_balances::collect(&self.transaction.message, &keys, |key| view.account(key))
                .into_iter()
                .map(UiTransactionTokenBalance::from)
                .collect()
        };
        RpcSimulateTransactionResult {
            err: err.clone().map(Into::into),
            logs: Some(meta.logs.clone()),
            accounts: None,
            units_consumed: Some(meta.compute_units_consumed),
            loaded_accounts_data_size: None,
            return_data: return_data(meta),
            inner_instructions: None,
            replacement_blockhash: None,
            fee: Some(meta.fee),
            pre_balances: Some(balances(before)),
            post_balances: Some(balances(after)),
            pre_token_balances: Some(token_balances(before)),
            post_token_balances: Some(token_balances(after)),
            loaded_addresses: Some(UiLoadedAddresses::from(self.loaded)),
        }
    }
}

fn return_data(meta: &TransactionMetadata) -> Option<UiTransactionReturnData> {
    (!meta.return_data.data.is_empty()).then(|| meta.return_data.clone().into())
}

/// Agave's preflight failure: -32002 with the simulation's result.
fn preflight_failure(message: String, result: RpcSimulateTransactionResult) -> RpcError {
    RpcError::server(-32002, message, Some(json!(result)))
}

pub fn send_transaction(chain: &mut Chain, params: &Params) -> RpcResult {
    let (data, config): (String, Option<RpcSendTransactionConfig>) = params.parse(1)?;
    let config = config.unwrap_or_default();
    let transaction = decode_transaction(data, config.encoding)?;
    check_context_slot(chain, config.min_context_slot)?;
    let loaded = sanitize(chain, &transaction)?;
    if !config.skip_preflight {
        verify_signatures(&transaction)?;
        let simulation = chain.simulate(transaction.clone());
        if let Some(err) = &simulation.err {
            let report = SimulationReport {
                chain,
                transaction: &transaction,
                loaded: &loaded,
                simulation: &simulation,
            };
            return Err(preflight_failure(
                format!("Transaction simulation failed: {err}"),
                report.result(),
            ));
        }
    }
    // Agave would accept a transaction that cannot land and drop it later;
    // saying so at once spares the client a confirmation that never comes.
    match chain.execute(transaction.clone()) {
        Ok(signature) => Ok(json!(signature.to_string())),
        Err(err) => {
            let simulation = Simulation {
                err: Some(err.clone()),
                meta: TransactionMetadata::default(),
                post_accounts: Vec::new(),
            };
            let report = SimulationReport {
                chain,
                transaction: &transaction,
                loaded: &loaded,
                simulation: &simulation,
            };
            Err(preflight_failure(
                format!("Transaction was not executed: {err}"),
                report.result(),
            ))
        }
    }
}

/// The accounts that `simulateTransaction`'s `accounts` setting asks for,
/// as the simulation left them (none when it failed).
fn simulated_accounts(
    report: &SimulationReport,
    config: Option<RpcSimulateTransactionAccountsConfig>,
) -> Result<Option<Vec<Option<solana_account_decoder::UiAccount>>>, RpcError> {
    let Some(config) = config else {
        return Ok(None);
    };
    let encoding = config.encoding.unwrap_or(UiAccountEncoding::Base64);
    if matches!(
        encoding,
        UiAccountEncoding::Binary | UiAccountEncoding::Base58
    ) {
        return Err(RpcError::invalid_params("base58 encoding not supported"));
    }
    let number_of_accounts = report.keys().len();
    if config.addresses.len() > number_of_accounts {
        return Err(RpcError::invalid_params(format!(
            "Too many accounts provided; max {number_of_accounts}"
        )));
    }
    if report.simulation.err.is_some() {
        return Ok(Some(vec![None; config.addresses.len()]));
    }
    config
        .addresses
        .iter()
        .map(|address| encoded_account(report.view(), &pubkey(address)?, encoding, None))
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

pub fn simulate_transaction(chain: &mut Chain, params: &Params) -> RpcResult {
    let (data, config): (String, Option<RpcSimulateTransactionConfig>) = params.parse(1)?;
    let RpcSimulateTransactionConfig {
        sig_verify,
        replace_recent_blockhash,
        commitment: _,
        encoding,
        accounts,
        min_context_slot,
        inner_instructions,
    } = config.unwrap_or_default();
    let mut transaction = decode_transaction(data, encoding)?;
    check_context_slot(chain, min_context_slot)?;
    let mut replacement_blockhash: Option<RpcBlockhash> = None;
    if replace_recent_blockhash {
        if sig_verify {
            return Err(RpcError::invalid_params(
                "sigVerify may not be used with replaceRecentBlockhash",
            ));
        }
        transaction
            .message
            .set_recent_blockhash(chain.latest_blockhash().0);
        replacement_blockhash = Some(latest_blockhash(chain));
    }
    let loaded = sanitize(chain, &transaction)?;
    if sig_verify {
        verify_signatures(&transaction)?;
    }
    let simulation = chain.simulate(transaction.clone());
    let report = SimulationReport {
        chain,
        transaction: &transaction,
        loaded: &loaded,
        simulation: &simulation,
    };
    let mut result = report.result();
    result.accounts = simulated_accounts(&report, accounts)?;
    result.replacement_blockhash = replacement_blockhash;
    if inner_instructions {
        let keys = AccountKeys::new(transaction.message.static_account_keys(), Some(&loaded));
        result.inner_instructions = Some(
            map_inner_instructions(simulation.meta.inner_instructions.clone())
                .map(|inner| parse_ui_inner_instructions(inner, &keys))
                .collect(),
        );
    }
    with_context(chain, result)
}

pub fn get_fee_for_message(chain: &Chain, params: &Params) -> RpcResult {
    let (data, config): (String, Option<RpcContextConfig>) = params.parse(1)?;
    let message: VersionedMessage =
        decode_and_deserialize(data, TransactionBinaryEncoding::Base64)?;
    check_context_slot(chain, config.and_then(|config| config.min_context_slot))?;
    let message = chain.sanitize(&message).map_err(|error| {
        RpcError::invalid_params(format!("invalid transaction message: {error}"))
    })?;
    with_context(chain, chain.fee_for_message(&message))
}

/// The faucet; Agave's own takes a recent blockhash the chain does not need.
pub fn request_airdrop(chain: &mut Chain, params: &Params) -> RpcResult {
    let (to, lamports, config): (String, u64, Option<RpcRequestAirdropConfig>) = params.parse(2)?;
    let to = pubkey(&to)?;
    if let Some(blockhash) = config.and_then(|config| config.recent_blockhash) {
        hash(&blockhash)?;
    }
    chain
        .airdrop(&to, lamports)
        .map(|signature| json!(signature.to_string()))
        .map_err(|err| {
            RpcError::server(
                -32603,
                format!("Internal error: airdrop failed: {err}"),
                None,
            )
        })
}

fn transaction_status(executed: &ExecutedTransaction) -> TransactionStatus {
    let status = executed.with_meta.meta.status.clone();
    TransactionStatus {
        slot: executed.slot,
        confirmations: None,
        err: status.clone().err(),
        status,
        confirmation_status: Some(TransactionConfirmationStatus::Finalized),
    }
}

pub fn get_signature_statuses(chain: &Chain, params: &Params) -> RpcResult {
    let (signatures, _config): (Vec<String>, Option<RpcSignatureStatusConfig>) = params.parse(1)?;
    if signatures.len() > MAX_GET_SIGNATURE_STATUSES_QUERY_ITEMS {
        return Err(RpcError::invalid_params(format!(
            "Too many inputs provided; max {MAX_GET_SIGNATURE_STATUSES_QUERY_ITEMS}"
        )));
    }
    let statuses = signatures
        .iter()
        .map(|text| Ok(chain.transaction(&signature(text)?).map(transaction_status)))
        .collect::<Result<Vec<_>, RpcError>>()?;
    with_context(chain, statuses)
}

pub fn get_transaction(chain: &Chain, params: &Params) -> RpcResult {
    let (text, config): (
        String,
        Option<RpcEncodingConfigWrapper<RpcTransactionConfig>>,
    ) = params.parse(1)?;
    let signature = signature(&text)?;
    let config = config
        .map(|config| config.convert_to_current())
        .unwrap_or_default();
    check_at_least_confirmed(config.commitment)?;
    let Some(executed) = chain.transaction(&signature) else {
        return to_json(None::<()>);
    };
    let confirmed = ConfirmedTransactionWithStatusMeta {
        slot: executed.slot,
        tx_with_meta: TransactionWithStatusMeta::Complete(executed.with_meta.clone()),
        block_time: Some(executed.block_time),
    };
    let encoding = config.encoding.unwrap_or(UiTransactionEncoding::Json);
    to_json(
        confirmed
            .encode(encoding, config.max_supported_transaction_version)
            .map_err(unsupported_version)?,
    )
}

pub fn get_signatures_for_address(chain: &Chain, params: &Params) -> RpcResult {
    let (address, config): (String, Option<RpcSignaturesForAddressConfig>) = params.parse(1)?;
    let config = config.unwrap_or_default();
    let address = pubkey(&address)?;
    let before = config.before.as_deref().map(signature).transpose()?;
    let until = config.until.as_deref().map(signature).transpose()?;
    let limit = config
        .limit
        .unwrap_or(MAX_GET_CONFIRMED_SIGNATURES_FOR_ADDRESS2_LIMIT);
    if limit == 0 || limit > MAX_GET_CONFIRMED_SIGNATURES_FOR_ADDRESS2_LIMIT {
        return Err(RpcError::invalid_params(format!(
            "Invalid limit; max {MAX_GET_CONFIRMED_SIGNATURES_FOR_ADDRESS2_LIMIT}"
        )));
    }
    check_at_least_confirmed(config.commitment)?;
    check_context_slot(chain, config.min_context_slot)?;
    let after_before = chain
        .newest_first()
        .skip_while(|executed| before.is_some_and(|before| executed.signature() != before));
    let entries: Vec<RpcConfirmedTransactionStatusWithSignature> = after_before
        .skip(before.is_some() as usize)
        .take_while(|executed| until != Some(executed.signature()))
        .filter(|executed| executed.account_keys().contains(&address))
        .take(limit)
        .map(|executed| RpcConfirmedTransactionStatusWithSignature {
            signature: executed.signature().to_string(),
            slot: executed.slot,
            err: executed.err().map(Into::into),
            memo: extract_and_fmt_memos(&executed.with_meta),
            block_time: Some(executed.block_time),
            confirmation_status: Some(TransactionConfirmationStatus::Finalized),
        })
        .collect();
    to_json(entries)
}
