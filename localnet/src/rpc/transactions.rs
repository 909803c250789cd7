//! Sending, simulating and looking up transactions.

use {
    super::{
        accounts::AccountEncoding,
        latest_blockhash,
        params::{flag, option, parse, parse_str, Params},
        with_context, RpcError, RpcResult,
    },
    crate::chain::{account_keys, Chain, ExecutedTransaction, Simulation, LAMPORTS_PER_SIGNATURE},
    base64::{prelude::BASE64_STANDARD, Engine},
    litesvm::types::TransactionMetadata,
    serde_json::{json, Value},
    solana_message::{compiled_instruction::CompiledInstruction, VersionedMessage},
    solana_pubkey::Pubkey,
    solana_signature::Signature,
    solana_transaction::versioned::VersionedTransaction,
    solana_transaction_error::TransactionError,
};

/// The largest transaction the network carries, in bytes.
const PACKET_DATA_SIZE: usize = 1232;
const MAX_SIGNATURE_STATUSES: usize = 256;
const MAX_SIGNATURES_FOR_ADDRESS: u64 = 1_000;

fn decode(text: &str, encoding: Option<&str>, what: &str) -> Result<Vec<u8>, RpcError> {
    let bytes = match encoding {
        None | Some("base58") => bs58::decode(text).into_vec().ok(),
        Some("base64") => BASE64_STANDARD.decode(text).ok(),
        Some(other) => {
            return Err(RpcError::invalid_params(format!(
                "unsupported encoding {other}: use base64 or base58"
            )))
        }
    };
    bytes.ok_or_else(|| {
        RpcError::invalid_params(format!(
            "the {what} is not valid {}",
            encoding.unwrap_or("base58")
        ))
    })
}

/// The transaction of `sendTransaction` and `simulateTransaction`.
fn decode_transaction(params: &Params) -> Result<VersionedTransaction, RpcError> {
    let text = params.str(0, "an encoded transaction")?;
    let bytes = decode(text, option(params.config(1), "encoding"), "transaction")?;
    if bytes.len() > PACKET_DATA_SIZE {
        return Err(RpcError::invalid_params(format!(
            "transaction too large: {} bytes (max: {PACKET_DATA_SIZE} bytes)",
            bytes.len()
        )));
    }
    let transaction: VersionedTransaction = bincode::deserialize(&bytes).map_err(|error| {
        RpcError::invalid_params(format!("failed to deserialize the transaction: {error}"))
    })?;
    transaction
        .sanitize()
        .map_err(|error| RpcError::invalid_params(format!("invalid transaction: {error}")))?;
    Ok(transaction)
}

/// `{"Ok": null}` or `{"Err": ...}`, the status of Agave's responses.
fn status_json(err: &Option<TransactionError>) -> Value {
    match err {
        None => json!({ "Ok": null }),
        Some(err) => json!({ "Err": err }),
    }
}

fn return_data_json(meta: &TransactionMetadata) -> Option<Value> {
    let return_data = &meta.return_data;
    (!return_data.data.is_empty()).then(|| {
        json!({
            "programId": return_data.program_id.to_string(),
            "data": [BASE64_STANDARD.encode(&return_data.data), "base64"],
        })
    })
}

/// How instructions are shown: with account indexes (`json`), or with the
/// addresses themselves (Agave's "partially decoded" form of `jsonParsed`).
enum InstructionForm<'a> {
    Compiled,
    Decoded(&'a [Pubkey]),
}

impl InstructionForm<'_> {
    fn render(&self, instruction: &CompiledInstruction, stack_height: Option<u8>) -> Value {
        let data = bs58::encode(&instruction.data).into_string();
        let mut json = match self {
            InstructionForm::Compiled => json!({
                "programIdIndex": instruction.program_id_index,
                "accounts": instruction.accounts,
                "data": data,
            }),
            InstructionForm::Decoded(keys) => {
                let address = |index: u8| {
                    keys.get(index as usize)
                        .map_or(String::new(), Pubkey::to_string)
                };
                json!({
                    "programId": address(instruction.program_id_index),
                    "accounts": instruction.accounts.iter().map(|index| address(*index)).collect::<Vec<_>>(),
                    "data": data,
                })
            }
        };
        if let Some(stack_height) = stack_height {
            json["stackHeight"] = json!(stack_height);
        }
        json
    }

    fn inner_instructions(&self, meta: &TransactionMetadata) -> Value {
        let groups = meta
            .inner_instructions
            .iter()
            .enumerate()
            .filter(|(_, inner)| !inner.is_empty());
        let groups: Vec<Value> = groups
            .map(|(index, inner)| {
                let instructions: Vec<Value> = inner
                    .iter()
                    .map(|inner| self.render(&inner.instruction, Some(inner.stack_height)))
                    .collect();
                json!({ "index": index, "instructions": instructions })
            })
            .collect();
        json!(groups)
    }
}

/// The `data` of a failed preflight: Agave's simulation result.
fn preflight_failure(err: &TransactionError, meta: &TransactionMetadata) -> Value {
    json!({
        "err": err,
        "logs": meta.logs,
        "accounts": null,
        "unitsConsumed": meta.compute_units_consumed,
        "returnData": return_data_json(meta),
        "innerInstructions": null,
    })
}

/// Agave's preflight: signatures, then a simulation that must succeed.
fn preflight(chain: &mut Chain, transaction: &VersionedTransaction) -> Result<(), RpcError> {
    if transaction.verify_with_results().contains(&false) {
        return Err(RpcError {
            code: -32003,
            message: "Transaction signature verification failure".into(),
            data: None,
        });
    }
    let Simulation { err, meta, .. } = chain.simulate(transaction.clone(), true);
    match err {
        None => Ok(()),
        Some(err) => Err(RpcError {
            code: -32002,
            message: format!("Transaction simulation failed: {err}"),
            data: Some(preflight_failure(&err, &meta)),
        }),
    }
}

pub fn send_transaction(chain: &mut Chain, params: &Params) -> RpcResult {
    let transaction = decode_transaction(params)?;
    if !flag(params.config(1), "skipPreflight") {
        preflight(chain, &transaction)?;
    }
    // Agave would accept a transaction that cannot land and drop it later;
    // saying so at once spares the client a confirmation that never comes.
    chain
        .execute(transaction)
        .map(|signature| json!(signature.to_string()))
        .map_err(|err| RpcError {
            code: -32002,
            message: format!("Transaction was not executed: {err}"),
            data: Some(preflight_failure(&err, &TransactionMetadata::default())),
        })
}

/// The accounts that `simulateTransaction`'s `accounts` setting asks for,
/// as the simulation left them.
fn simulated_accounts(
    chain: &Chain,
    config: &Value,
    simulation: &Simulation,
) -> Result<Value, RpcError> {
    let Some(accounts) = config
        .get("accounts")
        .filter(|accounts| !accounts.is_null())
    else {
        return Ok(Value::Null);
    };
    let encoding = AccountEncoding::from_config(accounts)?;
    let addresses = accounts["addresses"]
        .as_array()
        .ok_or_else(|| RpcError::invalid_params("accounts.addresses must be an array"))?;
    let accounts = addresses
        .iter()
        .map(|address| {
            let address: Pubkey = parse(address, "address")?;
            let written = simulation
                .post_accounts
                .iter()
                .find(|(key, _)| key == &address);
            let account = written
                .map(|(_, account)| account)
                .or_else(|| chain.account(&address));
            Ok(account.map_or(Value::Null, |account| encoding.encode(chain, account)))
        })
        .collect::<Result<Vec<_>, RpcError>>()?;
    Ok(json!(accounts))
}

pub fn simulate_transaction(chain: &mut Chain, params: &Params) -> RpcResult {
    let mut transaction = decode_transaction(params)?;
    let config = params.config(1);
    let verify_signatures = flag(config, "sigVerify");
    let replace_blockhash = flag(config, "replaceRecentBlockhash");
    if verify_signatures && replace_blockhash {
        return Err(RpcError::invalid_params(
            "sigVerify may not be used with replaceRecentBlockhash",
        ));
    }
    if replace_blockhash {
        transaction
            .message
            .set_recent_blockhash(chain.latest_blockhash().0);
    }
    let loaded = chain.loaded_addresses(&transaction.message);
    let keys = account_keys(&transaction.message, &loaded);
    let simulation = chain.simulate(transaction, verify_signatures);
    let inner_instructions = match flag(config, "innerInstructions") {
        true => InstructionForm::Decoded(&keys).inner_instructions(&simulation.meta),
        false => Value::Null,
    };
    let mut value = json!({
        "err": simulation.err,
        "logs": simulation.meta.logs,
        "accounts": simulated_accounts(chain, config, &simulation)?,
        "unitsConsumed": simulation.meta.compute_units_consumed,
        "returnData": return_data_json(&simulation.meta),
        "innerInstructions": inner_instructions,
    });
    if replace_blockhash {
        value["replacementBlockhash"] = latest_blockhash(chain);
    }
    Ok(with_context(chain, value))
}

pub fn get_fee_for_message(chain: &mut Chain, params: &Params) -> RpcResult {
    let bytes = decode(
        params.str(0, "a base64 message")?,
        Some("base64"),
        "message",
    )?;
    let message: VersionedMessage = bincode::deserialize(&bytes).map_err(|error| {
        RpcError::invalid_params(format!("failed to deserialize the message: {error}"))
    })?;
    // Agave answers null for a message whose blockhash has expired.
    let fee = chain
        .is_blockhash_valid(message.recent_blockhash())
        .then(|| message.header().num_required_signatures as u64 * LAMPORTS_PER_SIGNATURE);
    Ok(with_context(chain, json!(fee)))
}

pub fn request_airdrop(chain: &mut Chain, params: &Params) -> RpcResult {
    let to: Pubkey = params.parse(0, "recipient address")?;
    let lamports = params.u64(1, "lamports")?;
    chain
        .airdrop(&to, lamports)
        .map(|signature| json!(signature.to_string()))
        .map_err(|err| RpcError::internal(format!("airdrop failed: {err}")))
}

fn signature_status(executed: &ExecutedTransaction) -> Value {
    json!({
        "slot": executed.slot,
        "confirmations": null,
        "err": executed.err,
        "status": status_json(&executed.err),
        "confirmationStatus": "finalized",
    })
}

pub fn get_signature_statuses(chain: &mut Chain, params: &Params) -> RpcResult {
    let signatures = params.array(0, "signatures")?;
    if signatures.len() > MAX_SIGNATURE_STATUSES {
        return Err(RpcError::invalid_params(format!(
            "Too many inputs provided; max {MAX_SIGNATURE_STATUSES}"
        )));
    }
    let statuses = signatures
        .iter()
        .map(|signature| {
            let signature: Signature = parse(signature, "signature")?;
            Ok(chain
                .transaction(&signature)
                .map_or(Value::Null, signature_status))
        })
        .collect::<Result<Vec<_>, RpcError>>()?;
    Ok(with_context(chain, json!(statuses)))
}

fn header_json(message: &VersionedMessage) -> Value {
    let header = message.header();
    json!({
        "numRequiredSignatures": header.num_required_signatures,
        "numReadonlySignedAccounts": header.num_readonly_signed_accounts,
        "numReadonlyUnsignedAccounts": header.num_readonly_unsigned_accounts,
    })
}

fn lookups_json(message: &VersionedMessage) -> Option<Value> {
    let lookups = message.address_table_lookups()?;
    let lookups: Vec<Value> = lookups
        .iter()
        .map(|lookup| {
            json!({
                "accountKey": lookup.account_key.to_string(),
                "writableIndexes": lookup.writable_indexes,
                "readonlyIndexes": lookup.readonly_indexes,
            })
        })
        .collect();
    Some(json!(lookups))
}

/// The message as `getTransaction` shows it with the `json` encoding.
fn message_json(message: &VersionedMessage) -> Value {
    let instructions: Vec<Value> = message
        .instructions()
        .iter()
        .map(|instruction| InstructionForm::Compiled.render(instruction, None))
        .collect();
    let mut json = json!({
        "accountKeys": message.static_account_keys().iter().map(Pubkey::to_string).collect::<Vec<_>>(),
        "header": header_json(message),
        "recentBlockhash": message.recent_blockhash().to_string(),
        "instructions": instructions,
    });
    if let Some(lookups) = lookups_json(message) {
        json["addressTableLookups"] = lookups;
    }
    json
}

/// The message as `getTransaction` shows it with the `jsonParsed` encoding.
fn parsed_message_json(executed: &ExecutedTransaction, keys: &[Pubkey]) -> Value {
    let message = &executed.transaction.message;
    let static_count = message.static_account_keys().len();
    let writable_loaded = static_count + executed.loaded_addresses.writable.len();
    let account_keys: Vec<Value> = keys
        .iter()
        .enumerate()
        .map(|(index, key)| {
            json!({
                "pubkey": key.to_string(),
                "signer": message.is_signer(index),
                "writable": if index < static_count { message.is_maybe_writable(index, None) } else { index < writable_loaded },
                "source": if index < static_count { "transaction" } else { "lookupTable" },
            })
        })
        .collect();
    let instructions: Vec<Value> = message
        .instructions()
        .iter()
        .map(|instruction| InstructionForm::Decoded(keys).render(instruction, None))
        .collect();
    let mut json = json!({
        "accountKeys": account_keys,
        "recentBlockhash": message.recent_blockhash().to_string(),
        "instructions": instructions,
    });
    if let Some(lookups) = lookups_json(message) {
        json["addressTableLookups"] = lookups;
    }
    json
}

fn meta_json(executed: &ExecutedTransaction, form: &InstructionForm) -> Value {
    let meta = &executed.meta;
    let loaded = &executed.loaded_addresses;
    let addresses = |keys: &[Pubkey]| keys.iter().map(Pubkey::to_string).collect::<Vec<_>>();
    let mut json = json!({
        "err": executed.err,
        "status": status_json(&executed.err),
        "fee": meta.fee,
        "preBalances": executed.pre_balances,
        "postBalances": executed.post_balances,
        "logMessages": meta.logs,
        "innerInstructions": form.inner_instructions(meta),
        "preTokenBalances": [],
        "postTokenBalances": [],
        "rewards": [],
        "loadedAddresses": { "writable": addresses(&loaded.writable), "readonly": addresses(&loaded.readonly) },
        "computeUnitsConsumed": meta.compute_units_consumed,
    });
    if let Some(return_data) = return_data_json(meta) {
        json["returnData"] = return_data;
    }
    json
}

fn transaction_json(
    executed: &ExecutedTransaction,
    encoding: Option<&str>,
) -> Result<Value, RpcError> {
    let transaction = &executed.transaction;
    let signatures = || {
        transaction
            .signatures
            .iter()
            .map(Signature::to_string)
            .collect::<Vec<_>>()
    };
    let keys = executed.account_keys();
    let (transaction, form) = match encoding {
        None | Some("json") => (
            json!({ "signatures": signatures(), "message": message_json(&transaction.message) }),
            InstructionForm::Compiled,
        ),
        Some("jsonParsed") => (
            json!({ "signatures": signatures(), "message": parsed_message_json(executed, &keys) }),
            InstructionForm::Decoded(&keys),
        ),
        Some(binary @ ("base64" | "base58")) => {
            let bytes = bincode::serialize(transaction).expect("transactions serialize");
            let encoded = match binary {
                "base64" => BASE64_STANDARD.encode(bytes),
                _ => bs58::encode(bytes).into_string(),
            };
            (json!([encoded, binary]), InstructionForm::Compiled)
        }
        Some(other) => {
            return Err(RpcError::invalid_params(format!(
                "unsupported encoding {other}: use json, jsonParsed, base64 or base58"
            )))
        }
    };
    Ok(json!({
        "slot": executed.slot,
        "blockTime": executed.block_time,
        "transaction": transaction,
        "meta": meta_json(executed, &form),
    }))
}

/// `getTransaction`'s configuration: an object, or the encoding alone
/// (the older form).
fn transaction_config<'a>(params: &Params<'a>) -> (Option<&'a str>, &'a Value) {
    let config = params.config(1);
    let encoding = params.optional(1).and_then(Value::as_str);
    (encoding.or_else(|| option(config, "encoding")), config)
}

pub fn get_transaction(chain: &mut Chain, params: &Params) -> RpcResult {
    let signature: Signature = params.parse(0, "signature")?;
    let (encoding, config) = transaction_config(params);
    let Some(executed) = chain.transaction(&signature) else {
        return Ok(Value::Null);
    };
    let max_version = config
        .get("maxSupportedTransactionVersion")
        .and_then(Value::as_u64);
    let version = match (&executed.transaction.message, max_version) {
        (VersionedMessage::Legacy(_), _) => json!("legacy"),
        (VersionedMessage::V0(_), Some(_)) => json!(0),
        (VersionedMessage::V0(_), None) => {
            return Err(RpcError {
                code: -32015,
                message: "Transaction version (0) is not supported by the requesting client. Please try the request \
                          again with the following configuration parameter: \"maxSupportedTransactionVersion\": 0"
                    .into(),
                data: None,
            })
        }
    };
    let mut json = transaction_json(executed, encoding)?;
    // Agave reports the version only to clients that said which they support.
    if max_version.is_some() {
        json["version"] = version;
    }
    Ok(json)
}

pub fn get_signatures_for_address(chain: &mut Chain, params: &Params) -> RpcResult {
    let address: Pubkey = params.parse(0, "address")?;
    let config = params.config(1);
    let limit = config
        .get("limit")
        .and_then(Value::as_u64)
        .unwrap_or(MAX_SIGNATURES_FOR_ADDRESS);
    if !(1..=MAX_SIGNATURES_FOR_ADDRESS).contains(&limit) {
        return Err(RpcError::invalid_params(format!(
            "Invalid limit; max {MAX_SIGNATURES_FOR_ADDRESS}"
        )));
    }
    let bound = |key: &str| {
        option(config, key)
            .map(|text| parse_str::<Signature>(text, key))
            .transpose()
    };
    let (before, until) = (bound("before")?, bound("until")?);
    let newest_first = chain.newest_first();
    let after_before = newest_first
        .skip_while(|executed| before.is_some_and(|before| executed.signature != before));
    let entries: Vec<Value> = after_before
        .skip(before.is_some() as usize)
        .take_while(|executed| until != Some(executed.signature))
        .filter(|executed| executed.account_keys().contains(&address))
        .take(limit as usize)
        .map(|executed| {
            json!({
                "signature": executed.signature.to_string(),
                "slot": executed.slot,
                "err": executed.err,
                "memo": null,
                "blockTime": executed.block_time,
                "confirmationStatus": "finalized",
            })
        })
        .collect();
    Ok(json!(entries))
}
