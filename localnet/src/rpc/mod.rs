//! Solana JSON-RPC 2.0 over the chain, with the shapes Agave's RPC returns,
//! so that unmodified web3.js and Anchor clients work.

pub mod accounts;
pub mod http;
mod params;
mod token;
mod transactions;

use {
    crate::chain::Chain,
    params::Params,
    serde_json::{json, Value},
    solana_hash::Hash,
    std::sync::{Mutex, PoisonError},
};

/// The Agave release whose RPC this server imitates.
pub const API_VERSION: &str = "3.1.14";
/// `getVersion`'s feature-set identifier. Agave derives it from the active
/// features; clients only display it.
const FEATURE_SET: u32 = 0;
const SLOTS_PER_EPOCH: u64 = 432_000;

/// A JSON-RPC error: code, message and optional data.
#[derive(Debug)]
pub struct RpcError {
    pub code: i64,
    pub message: String,
    pub data: Option<Value>,
}

impl RpcError {
    pub fn invalid_params(message: impl Into<String>) -> Self {
        RpcError {
            code: -32602,
            message: message.into(),
            data: None,
        }
    }

    fn invalid_request() -> Self {
        RpcError {
            code: -32600,
            message: "Invalid request".into(),
            data: None,
        }
    }

    fn method_not_found() -> Self {
        RpcError {
            code: -32601,
            message: "Method not found".into(),
            data: None,
        }
    }

    pub fn internal(message: impl Into<String>) -> Self {
        RpcError {
            code: -32603,
            message: message.into(),
            data: None,
        }
    }

    fn to_json(&self) -> Value {
        let mut error = json!({ "code": self.code, "message": self.message });
        if let Some(data) = &self.data {
            error["data"] = data.clone();
        }
        error
    }
}

pub type RpcResult = Result<Value, RpcError>;

/// `{"context": {...}, "value": ...}`, the envelope of most Agave responses.
pub fn with_context(chain: &Chain, value: Value) -> Value {
    json!({ "context": { "slot": chain.slot(), "apiVersion": API_VERSION }, "value": value })
}

/// Dispatches one JSON-RPC method.
fn handle(chain: &mut Chain, method: &str, params: &Params) -> RpcResult {
    match method {
        "getHealth" => Ok(json!("ok")),
        "getVersion" => Ok(json!({ "solana-core": API_VERSION, "feature-set": FEATURE_SET })),
        "getGenesisHash" => Ok(json!(chain.genesis_hash().to_string())),
        "getIdentity" => Ok(json!({ "identity": chain.identity().to_string() })),
        "getSlot" => Ok(json!(chain.slot())),
        "getBlockHeight" => Ok(json!(chain.block_height())),
        "getTransactionCount" => Ok(json!(chain.transaction_count())),
        "getEpochInfo" => Ok(epoch_info(chain)),
        "getLatestBlockhash" => Ok(with_context(chain, latest_blockhash(chain))),
        "isBlockhashValid" => {
            let hash: Hash = params.parse(0, "a blockhash")?;
            Ok(with_context(chain, json!(chain.is_blockhash_valid(&hash))))
        }
        "getMinimumBalanceForRentExemption" => {
            let data_len = params.u64(0, "a data length")?;
            Ok(json!(
                chain.minimum_balance_for_rent_exemption(data_len as usize)
            ))
        }
        "getRecentPrioritizationFees" => Ok(json!([])),
        "getBalance" => accounts::get_balance(chain, params),
        "getAccountInfo" => accounts::get_account_info(chain, params),
        "getMultipleAccounts" => accounts::get_multiple_accounts(chain, params),
        "getProgramAccounts" => accounts::get_program_accounts(chain, params),
        "getTokenAccountBalance" => token::get_token_account_balance(chain, params),
        "getTokenSupply" => token::get_token_supply(chain, params),
        "getTokenAccountsByOwner" => token::get_token_accounts_by_owner(chain, params),
        "getFeeForMessage" => transactions::get_fee_for_message(chain, params),
        "requestAirdrop" => transactions::request_airdrop(chain, params),
        "sendTransaction" => transactions::send_transaction(chain, params),
        "simulateTransaction" => transactions::simulate_transaction(chain, params),
        "getSignatureStatuses" => transactions::get_signature_statuses(chain, params),
        "getTransaction" => transactions::get_transaction(chain, params),
        "getSignaturesForAddress" => transactions::get_signatures_for_address(chain, params),
        "hex_advanceClock" => {
            let seconds = params.u64(0, "a number of seconds")?;
            Ok(json!(chain.advance_clock(seconds)))
        }
        "hex_setAccount" => set_account(chain, params),
        _ => Err(RpcError::method_not_found()),
    }
}

fn epoch_info(chain: &Chain) -> Value {
    json!({
        "absoluteSlot": chain.slot(),
        "blockHeight": chain.block_height(),
        "epoch": chain.slot() / SLOTS_PER_EPOCH,
        "slotIndex": chain.slot() % SLOTS_PER_EPOCH,
        "slotsInEpoch": SLOTS_PER_EPOCH,
        "transactionCount": chain.transaction_count(),
    })
}

pub fn latest_blockhash(chain: &Chain) -> Value {
    let (blockhash, last_valid_block_height) = chain.latest_blockhash();
    json!({ "blockhash": blockhash.to_string(), "lastValidBlockHeight": last_valid_block_height })
}

/// Answers one JSON-RPC request object.
fn respond(chain: &Mutex<Chain>, request: &Value) -> Value {
    let id = request.get("id").cloned().unwrap_or(Value::Null);
    let result = match (
        request["method"].as_str(),
        Params::new(request.get("params")),
    ) {
        (Some(method), Some(params)) => {
            let mut chain = chain.lock().unwrap_or_else(PoisonError::into_inner);
            handle(&mut chain, method, &params)
        }
        _ => Err(RpcError::invalid_request()),
    };
    match result {
        Ok(result) => json!({ "jsonrpc": "2.0", "id": id, "result": result }),
        Err(error) => json!({ "jsonrpc": "2.0", "id": id, "error": error.to_json() }),
    }
}

/// Answers the body of an HTTP request: one JSON-RPC request or a batch.
pub fn answer(chain: &Mutex<Chain>, body: &str) -> Value {
    match serde_json::from_str::<Value>(body) {
        Ok(Value::Array(batch)) if !batch.is_empty() => Value::Array(
            batch
                .iter()
                .map(|request| respond(chain, request))
                .collect(),
        ),
        Ok(request @ Value::Object(_)) => respond(chain, &request),
        Ok(_) => {
            json!({ "jsonrpc": "2.0", "id": null, "error": RpcError::invalid_request().to_json() })
        }
        Err(_) => {
            let error = RpcError {
                code: -32700,
                message: "Parse error".into(),
                data: None,
            };
            json!({ "jsonrpc": "2.0", "id": null, "error": error.to_json() })
        }
    }
}

/// Test fixtures: writes an account as given, like solana-test-validator's
/// `--account` but at any time (for accounts of programs the chain does not
/// run, such as Metaplex Token Metadata).
/// `[address, { lamports, data: [base64, "base64"], owner, executable }]`.
fn set_account(chain: &mut Chain, params: &Params) -> Result<Value, RpcError> {
    use base64::{prelude::BASE64_STANDARD, Engine};
    let address: solana_pubkey::Pubkey = params.parse(0, "an address")?;
    let account = params.required(1, "an account { lamports, data, owner, executable }")?;
    let invalid = |what: &str| RpcError::invalid_params(format!("hex_setAccount: {what}"));
    let lamports = account["lamports"]
        .as_u64()
        .ok_or_else(|| invalid("lamports must be an unsigned integer"))?;
    let data = account["data"][0]
        .as_str()
        .ok_or_else(|| invalid("data must be [base64, \"base64\"]"))?;
    let data = BASE64_STANDARD
        .decode(data)
        .map_err(|_| invalid("data is not valid base64"))?;
    let owner = account["owner"]
        .as_str()
        .and_then(|owner| owner.parse().ok())
        .ok_or_else(|| invalid("owner must be an address"))?;
    let executable = account["executable"].as_bool().unwrap_or(false);
    let account = solana_account::Account {
        lamports,
        data,
        owner,
        executable,
        rent_epoch: u64::MAX,
    };
    chain
        .set_account(address, account)
        .map_err(|error| invalid(&error))?;
    Ok(Value::Null)
}
