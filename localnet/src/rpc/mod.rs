//! Solana JSON-RPC 2.0 over the chain: every method of Agave's RPC that a
//! client can call against a single node, with Agave's parameter and result
//! types (`solana-rpc-client-types`) and its encoders (`solana-account-decoder`,
//! `solana-transaction-status`), so that unmodified clients (web3.js, Anchor,
//! the Solana CLI's `RpcClient`, wallets) work.

pub mod accounts;
mod blocks;
mod cluster;
pub mod http;
mod params;
mod tokens;
mod transactions;

use {
    crate::chain::Chain,
    params::Params,
    serde::Serialize,
    serde_json::{json, Value},
    solana_rpc_client_types::{
        config::CommitmentConfig,
        response::{Response, RpcResponseContext},
    },
    std::{
        net::SocketAddr,
        sync::{Mutex, PoisonError},
    },
};

pub const INVALID_REQUEST: i64 = -32600;
pub const INVALID_PARAMS: i64 = -32602;

/// A JSON-RPC error: code, message and optional data, as Agave sends them.
#[derive(Debug)]
pub struct RpcError {
    pub code: i64,
    pub message: String,
    pub data: Option<Value>,
}

impl RpcError {
    pub fn invalid_params(message: impl Into<String>) -> Self {
        RpcError {
            code: INVALID_PARAMS,
            message: message.into(),
            data: None,
        }
    }

    fn invalid_request() -> Self {
        RpcError {
            code: INVALID_REQUEST,
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

    /// One of Agave's server errors (`RpcCustomError`).
    fn server(code: i64, message: impl Into<String>, data: Option<Value>) -> Self {
        RpcError {
            code,
            message: message.into(),
            data,
        }
    }

    fn block_not_available(slot: u64) -> Self {
        Self::server(-32004, format!("Block not available for slot {slot}"), None)
    }

    fn min_context_slot_not_reached(context_slot: u64) -> Self {
        Self::server(
            -32016,
            "Minimum context slot has not been reached",
            Some(json!({ "contextSlot": context_slot })),
        )
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

/// A result as JSON.
fn to_json(value: impl Serialize) -> RpcResult {
    serde_json::to_value(value).map_err(|error| RpcError {
        code: -32603,
        message: format!("Internal error: {error}"),
        data: None,
    })
}

/// `{"context": {"slot", "apiVersion"}, "value": ...}`, the envelope of most
/// of Agave's responses.
fn with_context<T: Serialize>(chain: &Chain, value: T) -> RpcResult {
    to_json(Response {
        context: RpcResponseContext::new(chain.slot()),
        value,
    })
}

/// The bank a request reads. A single node has one: every commitment level
/// sees the chain as it is, whose every executed transaction is final.
/// Only `minContextSlot` can refuse a request.
fn check_context_slot(chain: &Chain, min_context_slot: Option<u64>) -> Result<(), RpcError> {
    match min_context_slot {
        Some(min) if chain.slot() < min => {
            Err(RpcError::min_context_slot_not_reached(chain.slot()))
        }
        _ => Ok(()),
    }
}

/// Agave's ledger methods answer at `confirmed` or `finalized` only.
fn check_at_least_confirmed(commitment: Option<CommitmentConfig>) -> Result<(), RpcError> {
    match commitment.unwrap_or_default().is_at_least_confirmed() {
        true => Ok(()),
        false => Err(RpcError::invalid_params(
            "Method does not support commitment below `confirmed`",
        )),
    }
}

/// Where the node serves, for `getClusterNodes`.
#[derive(Clone, Copy)]
pub struct Endpoints {
    pub rpc: SocketAddr,
    pub pubsub: SocketAddr,
}

/// Dispatches one JSON-RPC method.
fn handle(chain: &mut Chain, endpoints: &Endpoints, method: &str, params: &Params) -> RpcResult {
    match method {
        // The node and the cluster.
        "getHealth" => cluster::get_health(params),
        "getVersion" => cluster::get_version(params),
        "getIdentity" => cluster::get_identity(chain, params),
        "getGenesisHash" => cluster::get_genesis_hash(chain, params),
        "getClusterNodes" => cluster::get_cluster_nodes(chain, endpoints, params),
        "getVoteAccounts" => cluster::get_vote_accounts(params),
        "getLeaderSchedule" => cluster::get_leader_schedule(chain, params),
        "getSlotLeader" => cluster::get_slot_leader(chain, params),
        "getSlotLeaders" => cluster::get_slot_leaders(chain, params),
        "getEpochInfo" => cluster::get_epoch_info(chain, params),
        "getEpochSchedule" => cluster::get_epoch_schedule(chain, params),
        "getInflationGovernor" => cluster::get_inflation_governor(params),
        "getInflationRate" => cluster::get_inflation_rate(chain, params),
        "getInflationReward" => cluster::get_inflation_reward(chain, params),
        "getStakeMinimumDelegation" => cluster::get_stake_minimum_delegation(chain, params),
        "getHighestSnapshotSlot" => cluster::get_highest_snapshot_slot(params),
        "getMinimumBalanceForRentExemption" => {
            cluster::get_minimum_balance_for_rent_exemption(chain, params)
        }
        "getRecentPrioritizationFees" => cluster::get_recent_prioritization_fees(chain, params),
        // Slots and blocks.
        "getSlot" => blocks::get_slot(chain, params),
        "getBlockHeight" => blocks::get_block_height(chain, params),
        "getTransactionCount" => blocks::get_transaction_count(chain, params),
        "getMaxRetransmitSlot" | "getMaxShredInsertSlot" => blocks::get_max_slot(chain, params),
        "minimumLedgerSlot" | "getFirstAvailableBlock" => blocks::get_first_available_block(params),
        "getLatestBlockhash" => blocks::get_latest_blockhash(chain, params),
        "isBlockhashValid" => blocks::is_blockhash_valid(chain, params),
        "getBlock" => blocks::get_block(chain, params),
        "getBlocks" => blocks::get_blocks(chain, params),
        "getBlocksWithLimit" => blocks::get_blocks_with_limit(chain, params),
        "getBlockTime" => blocks::get_block_time(chain, params),
        "getBlockCommitment" => blocks::get_block_commitment(params),
        "getBlockProduction" => blocks::get_block_production(chain, params),
        "getRecentPerformanceSamples" => blocks::get_recent_performance_samples(chain, params),
        // Accounts.
        "getBalance" => accounts::get_balance(chain, params),
        "getAccountInfo" => accounts::get_account_info(chain, params),
        "getMultipleAccounts" => accounts::get_multiple_accounts(chain, params),
        "getProgramAccounts" => accounts::get_program_accounts(chain, params),
        "getLargestAccounts" => accounts::get_largest_accounts(chain, params),
        "getSupply" => accounts::get_supply(chain, params),
        // SPL Token and Token-2022.
        "getTokenAccountBalance" => tokens::get_token_account_balance(chain, params),
        "getTokenSupply" => tokens::get_token_supply(chain, params),
        "getTokenLargestAccounts" => tokens::get_token_largest_accounts(chain, params),
        "getTokenAccountsByOwner" => tokens::get_token_accounts_by_owner(chain, params),
        "getTokenAccountsByDelegate" => tokens::get_token_accounts_by_delegate(chain, params),
        // Transactions.
        "getFeeForMessage" => transactions::get_fee_for_message(chain, params),
        "requestAirdrop" => transactions::request_airdrop(chain, params),
        "sendTransaction" => transactions::send_transaction(chain, params),
        "simulateTransaction" => transactions::simulate_transaction(chain, params),
        "getSignatureStatuses" => transactions::get_signature_statuses(chain, params),
        "getTransaction" => transactions::get_transaction(chain, params),
        "getSignaturesForAddress" => transactions::get_signatures_for_address(chain, params),
        // The chain's own, for tests.
        "hex_advanceClock" => {
            let (seconds,): (u64,) = params.parse(1)?;
            Ok(json!(chain.advance_clock(seconds)))
        }
        "hex_setAccount" => set_account(chain, params),
        _ => Err(RpcError::method_not_found()),
    }
}

/// Answers one JSON-RPC request object.
fn respond(chain: &Mutex<Chain>, endpoints: &Endpoints, request: &Value) -> Value {
    let id = request.get("id").cloned().unwrap_or(Value::Null);
    let result = match (
        request["method"].as_str(),
        Params::new(request.get("params")),
    ) {
        (Some(method), Some(params)) => {
            let mut chain = chain.lock().unwrap_or_else(PoisonError::into_inner);
            handle(&mut chain, endpoints, method, &params)
        }
        (Some(_), None) => Err(RpcError::invalid_params("`params` should be an array")),
        _ => Err(RpcError::invalid_request()),
    };
    match result {
        Ok(result) => json!({ "jsonrpc": "2.0", "id": id, "result": result }),
        Err(error) => json!({ "jsonrpc": "2.0", "id": id, "error": error.to_json() }),
    }
}

/// Answers the body of an HTTP request: one JSON-RPC request or a batch.
pub fn answer(chain: &Mutex<Chain>, endpoints: &Endpoints, body: &str) -> Value {
    match serde_json::from_str::<Value>(body) {
        Ok(Value::Array(batch)) if !batch.is_empty() => Value::Array(
            batch
                .iter()
                .map(|request| respond(chain, endpoints, request))
                .collect(),
        ),
        Ok(request @ Value::Object(_)) => respond(chain, endpoints, &request),
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
fn set_account(chain: &mut Chain, params: &Params) -> RpcResult {
    use base64::{prelude::BASE64_STANDARD, Engine};
    let (address, account): (String, Value) = params.parse(2)?;
    let address = params::pubkey(&address)?;
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
