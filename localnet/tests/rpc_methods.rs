//! An independent check of the chain's JSON-RPC surface against Agave's
//! documented API: every HTTP method of Agave's JSON-RPC is called, with a
//! commitment wherever Agave takes one, and must be answered, unless it is
//! listed below as not applicable to a single node, answered with Agave's
//! own error for that case, and named in the README.

mod common;

use {
    common::{base64_of, funded, send, Localnet},
    serde_json::{json, Value},
    solana_keypair::Keypair,
    solana_message::Message,
    solana_pubkey::Pubkey,
    solana_rpc_client::{api::client_error::ErrorKind, rpc_client::RpcClient},
    solana_rpc_client_types::request::{RpcError, RpcRequest},
    solana_signer::Signer,
    solana_transaction::Transaction,
};

/// The HTTP methods of Agave's JSON-RPC API, as documented at
/// <https://solana.com/docs/rpc/http> and served by Agave 3.1.
const AGAVE_HTTP_METHODS: [&str; 52] = [
    "getAccountInfo",
    "getBalance",
    "getBlock",
    "getBlockCommitment",
    "getBlockHeight",
    "getBlockProduction",
    "getBlockTime",
    "getBlocks",
    "getBlocksWithLimit",
    "getClusterNodes",
    "getEpochInfo",
    "getEpochSchedule",
    "getFeeForMessage",
    "getFirstAvailableBlock",
    "getGenesisHash",
    "getHealth",
    "getHighestSnapshotSlot",
    "getIdentity",
    "getInflationGovernor",
    "getInflationRate",
    "getInflationReward",
    "getLargestAccounts",
    "getLatestBlockhash",
    "getLeaderSchedule",
    "getMaxRetransmitSlot",
    "getMaxShredInsertSlot",
    "getMinimumBalanceForRentExemption",
    "getMultipleAccounts",
    "getProgramAccounts",
    "getRecentPerformanceSamples",
    "getRecentPrioritizationFees",
    "getSignatureStatuses",
    "getSignaturesForAddress",
    "getSlot",
    "getSlotLeader",
    "getSlotLeaders",
    "getStakeMinimumDelegation",
    "getSupply",
    "getTokenAccountBalance",
    "getTokenAccountsByDelegate",
    "getTokenAccountsByOwner",
    "getTokenLargestAccounts",
    "getTokenSupply",
    "getTransaction",
    "getTransactionCount",
    "getVersion",
    "getVoteAccounts",
    "isBlockhashValid",
    "minimumLedgerSlot",
    "requestAirdrop",
    "sendTransaction",
    "simulateTransaction",
];

/// Deprecated methods Agave 2.0 removed: Agave 3.1 answers "Method not
/// found" to them, and so does the chain.
const REMOVED_FROM_AGAVE: [&str; 11] = [
    "getConfirmedBlock",
    "getConfirmedBlocks",
    "getConfirmedBlocksWithLimit",
    "getConfirmedSignaturesForAddress2",
    "getConfirmedTransaction",
    "getFeeCalculatorForBlockhash",
    "getFeeRateGovernor",
    "getFees",
    "getRecentBlockhash",
    "getSnapshotSlot",
    "getStakeActivation",
];

/// Methods that do not apply to a single node that keeps its state in
/// memory, with the error Agave gives in that case (the README lists every
/// method, these among the ones that do not apply).
const NOT_APPLICABLE: [(&str, i64); 1] = [
    // No snapshots are taken: Agave's "No snapshot".
    ("getHighestSnapshotSlot", -32008),
];

const README: &str = include_str!("../../README.md");

/// What the calls need: a funded wallet, a mint, token accounts with a
/// delegate, a transaction in the ledger, one ready to send.
struct Fixture {
    payer: Keypair,
    mint: Pubkey,
    tokens: Pubkey,
    delegate: Pubkey,
    signature: String,
    slot: u64,
    transfer: Transaction,
    message: Message,
}

fn fixture(client: &RpcClient) -> Fixture {
    let payer = funded(client, 10);
    let (mint, program) = (Keypair::new(), spl_token_interface::id());
    let tokens = spl_associated_token_account_interface::address::get_associated_token_address(
        &payer.pubkey(),
        &mint.pubkey(),
    );
    let delegate = Pubkey::new_unique();
    let rent = client.get_minimum_balance_for_rent_exemption(82).unwrap();
    send(
        client,
        &payer,
        &[
            solana_system_interface::instruction::create_account(
                &payer.pubkey(),
                &mint.pubkey(),
                rent,
                82,
                &program,
            ),
            spl_token_2022_interface::instruction::initialize_mint2(
                &program,
                &mint.pubkey(),
                &payer.pubkey(),
                None,
                2,
            )
            .unwrap(),
            spl_associated_token_account_interface::instruction::create_associated_token_account(
                &payer.pubkey(),
                &payer.pubkey(),
                &mint.pubkey(),
                &program,
            ),
            spl_token_2022_interface::instruction::mint_to(
                &program,
                &mint.pubkey(),
                &tokens,
                &payer.pubkey(),
                &[],
                100,
            )
            .unwrap(),
            spl_token_2022_interface::instruction::approve(
                &program,
                &tokens,
                &delegate,
                &payer.pubkey(),
                &[],
                10,
            )
            .unwrap(),
        ],
        &[&mint],
    );
    let signature = client.get_signatures_for_address(&tokens).unwrap()[0].clone();
    let blockhash = client.get_latest_blockhash().unwrap();
    let transfer_instruction = solana_system_interface::instruction::transfer(
        &payer.pubkey(),
        &Pubkey::new_unique(),
        1_000_000,
    );
    let transfer = Transaction::new_signed_with_payer(
        std::slice::from_ref(&transfer_instruction),
        Some(&payer.pubkey()),
        &[&payer],
        blockhash,
    );
    let message =
        Message::new_with_blockhash(&[transfer_instruction], Some(&payer.pubkey()), &blockhash);
    Fixture {
        payer,
        mint: mint.pubkey(),
        tokens,
        delegate,
        signature: signature.signature,
        slot: signature.slot,
        transfer,
        message,
    }
}

/// Parameters for each method, with a commitment wherever Agave takes one.
fn params(method: &str, fixture: &Fixture) -> Value {
    let payer = fixture.payer.pubkey().to_string();
    let (mint, tokens) = (fixture.mint.to_string(), fixture.tokens.to_string());
    let finalized = json!({ "commitment": "finalized" });
    let confirmed = json!({ "commitment": "confirmed" });
    let context = json!({ "commitment": "confirmed", "minContextSlot": 0 });
    let transfer = base64_of(&bincode::serialize(&fixture.transfer).unwrap());
    match method {
        "getAccountInfo" => json!([payer, { "encoding": "jsonParsed", "commitment": "processed" }]),
        "getBalance" => json!([payer, context]),
        "getBlock" => {
            json!([fixture.slot, { "encoding": "jsonParsed", "maxSupportedTransactionVersion": 0, "commitment": "confirmed" }])
        }
        "getBlockCommitment" => json!([fixture.slot]),
        "getBlockHeight"
        | "getEpochInfo"
        | "getLatestBlockhash"
        | "getSlot"
        | "getSlotLeader"
        | "getStakeMinimumDelegation"
        | "getTransactionCount" => json!([context]),
        "getBlockProduction" => json!([{ "commitment": "finalized", "identity": null }]),
        "getBlockTime" => json!([fixture.slot]),
        "getBlocks" => json!([0, fixture.slot, confirmed]),
        "getBlocksWithLimit" => json!([0, 10, confirmed]),
        "getFeeForMessage" => json!([
            base64_of(&bincode::serialize(&fixture.message).unwrap()),
            context
        ]),
        "getInflationGovernor" => json!([finalized]),
        "getInflationReward" => json!([[payer], { "epoch": 0, "commitment": "confirmed" }]),
        "getLargestAccounts" => json!([{ "commitment": "finalized", "filter": "circulating" }]),
        "getLeaderSchedule" => json!([null, finalized]),
        "getMinimumBalanceForRentExemption" => json!([165, finalized]),
        "getMultipleAccounts" => {
            json!([[payer, mint], { "encoding": "base64+zstd", "commitment": "confirmed" }])
        }
        "getProgramAccounts" => json!([spl_token_interface::id().to_string(), {
            "encoding": "jsonParsed", "commitment": "confirmed", "withContext": true,
            "filters": ["tokenAccountState", { "memcmp": { "offset": 0, "bytes": mint } }],
        }]),
        "getRecentPerformanceSamples" => json!([5]),
        "getRecentPrioritizationFees" => json!([[payer]]),
        "getSignatureStatuses" => {
            json!([[fixture.signature], { "searchTransactionHistory": true }])
        }
        "getSignaturesForAddress" => json!([tokens, { "limit": 5, "commitment": "confirmed" }]),
        "getSlotLeaders" => json!([fixture.slot, 2]),
        "getSupply" => {
            json!([{ "commitment": "finalized", "excludeNonCirculatingAccountsList": true }])
        }
        "getTokenAccountBalance" => json!([tokens, confirmed]),
        "getTokenAccountsByDelegate" => {
            json!([fixture.delegate.to_string(), { "mint": mint }, { "encoding": "jsonParsed", "commitment": "confirmed" }])
        }
        "getTokenAccountsByOwner" => {
            json!([payer, { "programId": spl_token_interface::id().to_string() }, { "encoding": "base64", "commitment": "confirmed" }])
        }
        "getTokenLargestAccounts" | "getTokenSupply" => json!([mint, confirmed]),
        "getTransaction" => {
            json!([fixture.signature, { "encoding": "jsonParsed", "commitment": "confirmed", "maxSupportedTransactionVersion": 0 }])
        }
        "getVoteAccounts" => {
            json!([{ "commitment": "finalized", "keepUnstakedDelinquents": true }])
        }
        "isBlockhashValid" => json!([fixture.message.recent_blockhash.to_string(), context]),
        "requestAirdrop" => json!([payer, 1_000, finalized]),
        "sendTransaction" => {
            json!([transfer, { "encoding": "base64", "preflightCommitment": "confirmed", "maxRetries": 0 }])
        }
        "simulateTransaction" => {
            json!([transfer, { "sigVerify": true, "innerInstructions": true, "encoding": "base64", "commitment": "processed" }])
        }
        _ => json!([]),
    }
}

/// A call's result, or its error's code and message.
fn call(client: &RpcClient, method: &'static str, params: Value) -> Result<Value, (i64, String)> {
    client
        .send::<Value>(RpcRequest::Custom { method }, params)
        .map_err(|error| match error.kind() {
            ErrorKind::RpcError(RpcError::RpcResponseError { code, message, .. }) => {
                (*code, message.clone())
            }
            other => panic!("{method}: not an RPC error: {other:?}"),
        })
}

#[test]
fn every_agave_http_method_is_answered_or_documented_as_not_applicable() {
    let chain = Localnet::start();
    let client = chain.client();
    let fixture = fixture(&client);
    // Past the first block of epoch 1, where epoch 0's rewards would be.
    while client.get_slot().unwrap()
        <= client
            .get_epoch_schedule()
            .unwrap()
            .get_first_slot_in_epoch(1)
    {
        call(&client, "hex_advanceClock", json!([0])).unwrap();
    }
    let mut unanswered = Vec::new();
    for method in AGAVE_HTTP_METHODS {
        let result = call(&client, method, params(method, &fixture));
        match (
            NOT_APPLICABLE.iter().find(|(name, _)| *name == method),
            result,
        ) {
            (None, Ok(_)) => {}
            (None, Err(error)) => unanswered.push(format!("{method}: {error:?}")),
            (Some((_, code)), Err((got, _))) if got == *code => {}
            (Some(_), result) => unanswered.push(format!(
                "{method}: expected its not-applicable error, got {result:?}"
            )),
        }
    }
    assert!(unanswered.is_empty(), "{unanswered:#?}");
    let undocumented: Vec<_> = AGAVE_HTTP_METHODS
        .into_iter()
        .filter(|method| !README.contains(&format!("`{method}`")))
        .collect();
    assert!(
        undocumented.is_empty(),
        "the README's list of methods lacks {undocumented:?}"
    );
    for method in REMOVED_FROM_AGAVE {
        assert_eq!(
            call(&client, method, json!([])).unwrap_err().0,
            -32601,
            "{method}"
        );
    }
}
