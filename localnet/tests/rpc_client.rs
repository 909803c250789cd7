//! The chain through `RpcClient`, the client the Solana CLI uses (Agave
//! 3.1): accounts in every encoding, token transfers and their parsed
//! transaction meta, program accounts with filters, blocks and the cluster
//! methods. Every response is deserialised into Agave's own RPC types.

mod common;

use {
    common::{base64_of, funded, send, Localnet},
    serde_json::{json, Value},
    solana_account::ReadableAccount,
    solana_account_decoder::{
        parse_token::{TokenAccountType, UiAccountState, UiMint},
        parse_token_extension::UiExtension,
        UiAccount, UiAccountData, UiAccountEncoding, UiDataSliceConfig,
    },
    solana_compute_budget_interface::ComputeBudgetInstruction,
    solana_instruction::Instruction,
    solana_keypair::Keypair,
    solana_message::Message,
    solana_pubkey::Pubkey,
    solana_rpc_client::{
        api::client_error::{Error as ClientError, ErrorKind},
        rpc_client::RpcClient,
    },
    solana_rpc_client_types::{
        config::{
            CommitmentConfig, RpcAccountInfoConfig, RpcBlockConfig, RpcProgramAccountsConfig,
            RpcSimulateTransactionAccountsConfig, RpcSimulateTransactionConfig,
            RpcTransactionConfig, TransactionDetails, UiTransactionEncoding,
        },
        filter::{Memcmp, MemcmpEncodedBytes, RpcFilterType},
        request::{RpcError, RpcRequest, TokenAccountsFilter},
        response::{Response, RpcKeyedAccount},
    },
    solana_signature::Signature,
    solana_signer::Signer,
    solana_transaction::Transaction,
    solana_transaction_status::{
        option_serializer::OptionSerializer, EncodedTransaction, UiInstruction, UiMessage,
        UiParsedInstruction, UiTransactionTokenBalance,
    },
    spl_associated_token_account_interface::{
        address::get_associated_token_address_with_program_id,
        instruction::create_associated_token_account,
    },
    spl_token_2022_interface::{
        extension::{metadata_pointer, ExtensionType},
        instruction as token_instruction,
        state::Mint,
    },
    spl_token_metadata_interface::state::Field,
};

const DECIMALS: u8 = 6;

/// A mint of `program` with `extensions` space, the payer its authority.
fn create_mint_instructions(
    client: &RpcClient,
    payer: &Keypair,
    mint: &Keypair,
    program: &Pubkey,
    space: usize,
    lamports_for: usize,
) -> Vec<Instruction> {
    let lamports = client
        .get_minimum_balance_for_rent_exemption(lamports_for)
        .unwrap();
    vec![solana_system_interface::instruction::create_account(
        &payer.pubkey(),
        &mint.pubkey(),
        lamports,
        space as u64,
        program,
    )]
}

/// An SPL Token mint (82 bytes) with 6 decimals.
fn create_spl_mint(client: &RpcClient, payer: &Keypair) -> Pubkey {
    let mint = Keypair::new();
    let program = spl_token_interface::id();
    let mut instructions = create_mint_instructions(client, payer, &mint, &program, 82, 82);
    instructions.push(
        token_instruction::initialize_mint2(
            &program,
            &mint.pubkey(),
            &payer.pubkey(),
            None,
            DECIMALS,
        )
        .unwrap(),
    );
    send(client, payer, &instructions, &[&mint]);
    mint.pubkey()
}

/// A Token-2022 mint carrying its own metadata, as Hex's model and license
/// NFTs do: metadata pointer to itself, then the token-metadata extension
/// with one additional field.
fn create_mint_with_metadata(client: &RpcClient, payer: &Keypair) -> Pubkey {
    let mint = Keypair::new();
    let program = spl_token_2022_interface::id();
    let space = ExtensionType::try_calculate_account_len::<Mint>(&[ExtensionType::MetadataPointer])
        .unwrap();
    let mut instructions =
        create_mint_instructions(client, payer, &mint, &program, space, space + 512);
    instructions.push(
        metadata_pointer::instruction::initialize(
            &program,
            &mint.pubkey(),
            Some(payer.pubkey()),
            Some(mint.pubkey()),
        )
        .unwrap(),
    );
    instructions.push(
        token_instruction::initialize_mint2(&program, &mint.pubkey(), &payer.pubkey(), None, 0)
            .unwrap(),
    );
    instructions.push(spl_token_metadata_interface::instruction::initialize(
        &program,
        &mint.pubkey(),
        &payer.pubkey(),
        &mint.pubkey(),
        &payer.pubkey(),
        "Model".into(),
        "HEX".into(),
        "https://example.com/model.json".into(),
    ));
    instructions.push(spl_token_metadata_interface::instruction::update_field(
        &program,
        &mint.pubkey(),
        &payer.pubkey(),
        Field::Key("content_hash".into()),
        "abc123".into(),
    ));
    send(client, payer, &instructions, &[&mint]);
    mint.pubkey()
}

fn account_config(encoding: UiAccountEncoding) -> RpcAccountInfoConfig {
    RpcAccountInfoConfig {
        encoding: Some(encoding),
        commitment: Some(CommitmentConfig::finalized()),
        ..RpcAccountInfoConfig::default()
    }
}

fn ui_account(client: &RpcClient, address: &Pubkey, config: RpcAccountInfoConfig) -> UiAccount {
    client
        .get_ui_account_with_config(address, config)
        .unwrap()
        .value
        .expect("the account exists")
}

fn parsed(account: &UiAccount) -> (String, Value) {
    match &account.data {
        UiAccountData::Json(parsed) => (parsed.program.clone(), parsed.parsed.clone()),
        other => panic!("not parsed: {other:?}"),
    }
}

/// A mint read as `jsonParsed`: its program's name and the mint.
fn parsed_mint(client: &RpcClient, address: &Pubkey) -> (String, UiMint) {
    let account = ui_account(
        client,
        address,
        account_config(UiAccountEncoding::JsonParsed),
    );
    let (program, parsed) = parsed(&account);
    match serde_json::from_value(parsed).unwrap() {
        TokenAccountType::Mint(mint) => (program, mint),
        other => panic!("not a mint: {other:?}"),
    }
}

fn rpc_error_code(error: &ClientError) -> i64 {
    match error.kind() {
        ErrorKind::RpcError(RpcError::RpcResponseError { code, .. }) => *code,
        other => panic!("not an RPC error: {other:?}"),
    }
}

#[test]
fn accounts_come_in_every_encoding_and_token_2022_metadata_parses() {
    let chain = Localnet::start();
    let client = chain.client();
    let payer = funded(&client, 10);
    let spl_mint = create_spl_mint(&client, &payer);
    let nft_mint = create_mint_with_metadata(&client, &payer);

    // Every binary encoding decodes to the same bytes.
    let raw = client.get_account(&spl_mint).unwrap(); // base64+zstd, as RpcClient asks
    assert_eq!(raw.owner, spl_token_interface::id());
    assert_eq!(raw.data.len(), 82);
    for encoding in [
        UiAccountEncoding::Binary,
        UiAccountEncoding::Base58,
        UiAccountEncoding::Base64,
        UiAccountEncoding::Base64Zstd,
    ] {
        let account = ui_account(&client, &spl_mint, account_config(encoding));
        assert_eq!(account.space, Some(82), "{encoding:?}");
        let decoded: solana_account::Account = account.decode().expect("decodes");
        assert_eq!(decoded.data, raw.data, "{encoding:?}");
        assert_eq!(decoded.lamports, raw.lamports);
    }
    let zstd = ui_account(
        &client,
        &nft_mint,
        account_config(UiAccountEncoding::Base64Zstd),
    );
    assert!(matches!(
        zstd.data,
        UiAccountData::Binary(_, UiAccountEncoding::Base64Zstd)
    ));
    let nft_raw = client.get_account(&nft_mint).unwrap();
    assert_eq!(
        zstd.decode::<solana_account::Account>().unwrap().data,
        nft_raw.data
    );

    // Base58 stops at 128 bytes, as on Agave; a slice of the data is fine.
    let too_long = client
        .get_ui_account_with_config(&nft_mint, account_config(UiAccountEncoding::Base58))
        .unwrap_err();
    assert!(too_long.to_string().contains("RPC response error -32600: Encoded binary (base 58) data should be less than 128 bytes"), "{too_long}");
    let sliced = ui_account(
        &client,
        &nft_mint,
        RpcAccountInfoConfig {
            data_slice: Some(UiDataSliceConfig {
                offset: 4,
                length: 32,
            }),
            ..account_config(UiAccountEncoding::Base58)
        },
    );
    let sliced: solana_account::Account = sliced.decode().unwrap();
    assert_eq!(sliced.data, nft_raw.data[4..36]);

    // jsonParsed: the mint, and the Token-2022 mint's metadata in its
    // extensions, as a wallet reads them.
    let (program, mint) = parsed_mint(&client, &spl_mint);
    assert_eq!(program, "spl-token");
    assert_eq!((mint.decimals, mint.supply.as_str()), (DECIMALS, "0"));
    let (program, mint) = parsed_mint(&client, &nft_mint);
    assert_eq!(program, "spl-token-2022");
    let metadata = mint
        .extensions
        .iter()
        .find_map(|extension| match extension {
            UiExtension::TokenMetadata(metadata) => Some(metadata),
            _ => None,
        })
        .expect("the token-metadata extension");
    assert_eq!(
        (metadata.name.as_str(), metadata.symbol.as_str()),
        ("Model", "HEX")
    );
    assert_eq!(metadata.uri, "https://example.com/model.json");
    assert_eq!(
        metadata.additional_metadata,
        vec![("content_hash".to_string(), "abc123".to_string())]
    );
    assert!(mint.extensions.iter().any(
        |extension| matches!(extension, UiExtension::MetadataPointer(pointer)
        if pointer.metadata_address.as_deref() == Some(nft_mint.to_string().as_str()))
    ));

    // Other account types Agave parses: a sysvar; a wallet (system-owned,
    // no data) falls back to base64 as on Agave.
    let clock = ui_account(
        &client,
        &solana_sdk_ids::sysvar::clock::id(),
        account_config(UiAccountEncoding::JsonParsed),
    );
    assert_eq!(parsed(&clock).0, "sysvar");
    let wallet = ui_account(
        &client,
        &payer.pubkey(),
        account_config(UiAccountEncoding::JsonParsed),
    );
    assert!(matches!(
        wallet.data,
        UiAccountData::Binary(_, UiAccountEncoding::Base64)
    ));

    // getMultipleAccounts, base64+zstd; a missing account is null.
    let missing = Pubkey::new_unique();
    let accounts = client
        .get_multiple_accounts(&[spl_mint, missing, nft_mint])
        .unwrap();
    assert_eq!(accounts[0].as_ref().unwrap().data, raw.data);
    assert!(accounts[1].is_none());
    assert_eq!(accounts[2].as_ref().unwrap().data, nft_raw.data);
}

struct TokenFixture {
    chain: Localnet,
    client: RpcClient,
    payer: Keypair,
    mint: Pubkey,
    alice: Keypair,
    bob: Pubkey,
    alice_tokens: Pubkey,
    bob_tokens: Pubkey,
    create_bob_tokens: Signature,
    transfer: Signature,
}

fn ata(owner: &Pubkey, mint: &Pubkey) -> Pubkey {
    get_associated_token_address_with_program_id(owner, mint, &spl_token_interface::id())
}

/// A mint, Alice's and Bob's token accounts, 1.5 tokens minted to Alice and
/// 0.5 transferred to Bob.
fn token_fixture() -> TokenFixture {
    let chain = Localnet::start();
    let client = chain.client();
    let payer = funded(&client, 10);
    let mint = create_spl_mint(&client, &payer);
    let alice = funded(&client, 1);
    let bob = Pubkey::new_unique();
    let program = spl_token_interface::id();
    let (alice_tokens, bob_tokens) = (ata(&alice.pubkey(), &mint), ata(&bob, &mint));
    send(
        &client,
        &payer,
        &[create_associated_token_account(
            &payer.pubkey(),
            &alice.pubkey(),
            &mint,
            &program,
        )],
        &[],
    );
    let create_bob_tokens = send(
        &client,
        &payer,
        &[create_associated_token_account(
            &payer.pubkey(),
            &bob,
            &mint,
            &program,
        )],
        &[],
    );
    let mint_to = token_instruction::mint_to_checked(
        &program,
        &mint,
        &alice_tokens,
        &payer.pubkey(),
        &[],
        1_500_000,
        DECIMALS,
    )
    .unwrap();
    send(&client, &payer, &[mint_to], &[]);
    let transfer = token_instruction::transfer_checked(
        &program,
        &alice_tokens,
        &mint,
        &bob_tokens,
        &alice.pubkey(),
        &[],
        500_000,
        DECIMALS,
    )
    .unwrap();
    let transfer = send(&client, &alice, &[transfer], &[]);
    TokenFixture {
        chain,
        client,
        payer,
        mint,
        alice,
        bob,
        alice_tokens,
        bob_tokens,
        create_bob_tokens,
        transfer,
    }
}

fn parsed_transaction_config() -> RpcTransactionConfig {
    RpcTransactionConfig {
        encoding: Some(UiTransactionEncoding::JsonParsed),
        commitment: Some(CommitmentConfig::confirmed()),
        max_supported_transaction_version: Some(0),
    }
}

fn parsed_instruction(instruction: &UiInstruction) -> (&str, &Value) {
    match instruction {
        UiInstruction::Parsed(UiParsedInstruction::Parsed(parsed)) => {
            (parsed.program.as_str(), &parsed.parsed)
        }
        other => panic!("not parsed: {other:?}"),
    }
}

fn balance_of(
    balances: &OptionSerializer<Vec<UiTransactionTokenBalance>>,
    index: u8,
) -> &UiTransactionTokenBalance {
    let OptionSerializer::Some(balances) = balances else {
        panic!("token balances are recorded")
    };
    balances
        .iter()
        .find(|balance| balance.account_index == index)
        .expect("the account's balance")
}

#[test]
fn a_token_transfer_has_parsed_instructions_and_token_balances() {
    let fixture = token_fixture();
    let client = &fixture.client;
    let transaction = client
        .get_transaction_with_config(&fixture.transfer, parsed_transaction_config())
        .unwrap();
    let meta = transaction.transaction.meta.expect("meta");
    let EncodedTransaction::Json(ui_transaction) = &transaction.transaction.transaction else {
        panic!("json")
    };
    let UiMessage::Parsed(message) = &ui_transaction.message else {
        panic!("parsed message")
    };
    let (program, parsed) = parsed_instruction(&message.instructions[0]);
    assert_eq!(program, "spl-token");
    assert_eq!(parsed["type"], "transferChecked");
    assert_eq!(parsed["info"]["tokenAmount"]["uiAmountString"], "0.5");
    let index = |address: &Pubkey| {
        message
            .account_keys
            .iter()
            .position(|key| key.pubkey == address.to_string())
            .unwrap() as u8
    };
    let (alice, bob) = (index(&fixture.alice_tokens), index(&fixture.bob_tokens));
    let pre = (
        balance_of(&meta.pre_token_balances, alice),
        balance_of(&meta.pre_token_balances, bob),
    );
    let post = (
        balance_of(&meta.post_token_balances, alice),
        balance_of(&meta.post_token_balances, bob),
    );
    assert_eq!(pre.0.ui_token_amount.ui_amount_string, "1.5");
    assert_eq!(pre.1.ui_token_amount.ui_amount_string, "0");
    assert_eq!(post.0.ui_token_amount.ui_amount_string, "1");
    assert_eq!(post.1.ui_token_amount.amount, "500000");
    assert_eq!(pre.0.mint, fixture.mint.to_string());
    assert_eq!(
        post.1.owner,
        OptionSerializer::Some(fixture.bob.to_string())
    );
    assert_eq!(
        post.1.program_id,
        OptionSerializer::Some(spl_token_interface::id().to_string())
    );
    assert_eq!(meta.err, None);
    assert_eq!(meta.fee, 5_000);
    assert!(matches!(meta.compute_units_consumed, OptionSerializer::Some(units) if units > 0));

    // The associated token account program's create, with the system
    // program's createAccount among its parsed inner instructions.
    let created = client
        .get_transaction_with_config(&fixture.create_bob_tokens, parsed_transaction_config())
        .unwrap();
    let EncodedTransaction::Json(ui_transaction) = &created.transaction.transaction else {
        panic!("json")
    };
    let UiMessage::Parsed(message) = &ui_transaction.message else {
        panic!("parsed")
    };
    let (program, parsed) = parsed_instruction(&message.instructions[0]);
    assert_eq!(
        (program, parsed["type"].as_str()),
        ("spl-associated-token-account", Some("create"))
    );
    let OptionSerializer::Some(inner) = created.transaction.meta.unwrap().inner_instructions else {
        panic!("inner instructions are recorded")
    };
    let inner: Vec<(&str, &str)> = inner[0]
        .instructions
        .iter()
        .map(|instruction| {
            let (program, parsed) = parsed_instruction(instruction);
            (program, parsed["type"].as_str().unwrap())
        })
        .collect();
    assert!(inner.contains(&("system", "createAccount")), "{inner:?}");
    assert!(
        inner.contains(&("spl-token", "initializeAccount3")),
        "{inner:?}"
    );

    // The other encodings: the raw message, and the transaction's bytes.
    let json = client
        .get_transaction_with_config(
            &fixture.transfer,
            RpcTransactionConfig {
                encoding: Some(UiTransactionEncoding::Json),
                ..parsed_transaction_config()
            },
        )
        .unwrap();
    let EncodedTransaction::Json(ui_transaction) = &json.transaction.transaction else {
        panic!("json")
    };
    assert!(matches!(ui_transaction.message, UiMessage::Raw(_)));
    let loaded = json
        .transaction
        .meta
        .as_ref()
        .unwrap()
        .loaded_addresses
        .clone();
    assert!(
        matches!(loaded, OptionSerializer::Some(loaded) if loaded.writable.is_empty() && loaded.readonly.is_empty())
    );
    let base64 = client
        .get_transaction_with_config(
            &fixture.transfer,
            RpcTransactionConfig {
                encoding: Some(UiTransactionEncoding::Base64),
                ..parsed_transaction_config()
            },
        )
        .unwrap();
    let decoded = base64.transaction.transaction.decode().expect("decodes");
    assert_eq!(decoded.signatures[0], fixture.transfer);
    assert_eq!(base64.slot, json.slot);

    // The block it landed in.
    let block = client
        .get_block_with_config(
            json.slot,
            RpcBlockConfig {
                encoding: Some(UiTransactionEncoding::JsonParsed),
                transaction_details: Some(TransactionDetails::Full),
                rewards: Some(true),
                commitment: Some(CommitmentConfig::confirmed()),
                max_supported_transaction_version: Some(0),
            },
        )
        .unwrap();
    assert_eq!(block.block_height, Some(json.slot));
    assert_eq!(block.parent_slot, json.slot - 1);
    assert_eq!(block.block_time, json.block_time);
    let transactions = block.transactions.expect("full details");
    assert_eq!(transactions.len(), 1);
    assert!(transactions[0].meta.as_ref().unwrap().post_token_balances != OptionSerializer::None);
    let previous = client.get_block(json.slot - 1).unwrap();
    assert_eq!(previous.blockhash, block.previous_blockhash);
    assert!(client
        .get_blocks(json.slot - 2, Some(json.slot))
        .unwrap()
        .contains(&json.slot));
    assert_eq!(
        client.get_blocks_with_limit(json.slot, 1).unwrap(),
        vec![json.slot]
    );
    assert_eq!(
        client.get_block_time(json.slot).unwrap(),
        json.block_time.unwrap()
    );
    let history = client
        .get_signatures_for_address(&fixture.alice_tokens)
        .unwrap();
    assert_eq!(history[0].signature, fixture.transfer.to_string());
    drop(fixture.chain);
}

#[test]
fn token_methods_and_program_account_filters_answer_as_agave() {
    let fixture = token_fixture();
    let client = &fixture.client;
    let program = spl_token_interface::id();
    assert_eq!(
        client
            .get_token_account_balance(&fixture.alice_tokens)
            .unwrap()
            .ui_amount_string,
        "1"
    );
    assert_eq!(
        client
            .get_token_supply(&fixture.mint)
            .unwrap()
            .ui_amount_string,
        "1.5"
    );
    let largest = client.get_token_largest_accounts(&fixture.mint).unwrap();
    let largest: Vec<(String, String)> = largest
        .into_iter()
        .map(|balance| (balance.address, balance.amount.amount))
        .collect();
    assert_eq!(
        largest,
        vec![
            (fixture.alice_tokens.to_string(), "1000000".into()),
            (fixture.bob_tokens.to_string(), "500000".into())
        ]
    );
    let token_account = client
        .get_token_account(&fixture.alice_tokens)
        .unwrap()
        .expect("a token account");
    assert_eq!(
        (token_account.owner, token_account.state),
        (
            fixture.alice.pubkey().to_string(),
            UiAccountState::Initialized
        )
    );
    let by_owner = client
        .get_token_accounts_by_owner(
            &fixture.alice.pubkey(),
            TokenAccountsFilter::Mint(fixture.mint),
        )
        .unwrap();
    assert_eq!(by_owner.len(), 1);
    assert_eq!(by_owner[0].pubkey, fixture.alice_tokens.to_string());
    let wrong_program = client.get_token_accounts_by_owner(
        &fixture.alice.pubkey(),
        TokenAccountsFilter::ProgramId(Pubkey::new_unique()),
    );
    assert_eq!(rpc_error_code(&wrong_program.unwrap_err()), -32602);

    // A delegate, found by getTokenAccountsByDelegate.
    let delegate = Pubkey::new_unique();
    let approve = token_instruction::approve_checked(
        &program,
        &fixture.alice_tokens,
        &fixture.mint,
        &delegate,
        &fixture.alice.pubkey(),
        &[],
        250_000,
        DECIMALS,
    )
    .unwrap();
    send(client, &fixture.alice, &[approve], &[]);
    // Called directly: RpcClient 3.1's get_token_accounts_by_delegate sends
    // getTokenAccountsByOwner.
    let by_delegate = |delegate: &Pubkey, filter: Value| {
        let params = json!([delegate.to_string(), filter, { "encoding": "jsonParsed", "commitment": "confirmed" }]);
        client
            .send::<Response<Vec<RpcKeyedAccount>>>(RpcRequest::GetTokenAccountsByDelegate, params)
            .unwrap()
            .value
    };
    let delegated = by_delegate(&delegate, json!({ "programId": program.to_string() }));
    assert_eq!(delegated.len(), 1);
    assert_eq!(delegated[0].pubkey, fixture.alice_tokens.to_string());
    let (_, info) = parsed(&delegated[0].account);
    assert_eq!(info["info"]["delegate"], delegate.to_string());
    assert_eq!(info["info"]["delegatedAmount"]["uiAmountString"], "0.25");
    assert_eq!(
        by_delegate(&delegate, json!({ "mint": fixture.mint.to_string() })).len(),
        1
    );
    assert!(by_delegate(
        &Pubkey::new_unique(),
        json!({ "mint": fixture.mint.to_string() })
    )
    .is_empty());

    // getProgramAccounts: size, memcmp (base58 and base64) and the
    // token-account-state filter.
    let owner_filter =
        |encoded: MemcmpEncodedBytes| RpcFilterType::Memcmp(Memcmp::new(32, encoded));
    for owner in [
        MemcmpEncodedBytes::Base58(fixture.bob.to_string()),
        MemcmpEncodedBytes::Base64(base64_of(&fixture.bob.to_bytes())),
    ] {
        let config = RpcProgramAccountsConfig {
            filters: Some(vec![
                RpcFilterType::DataSize(165),
                owner_filter(owner),
                RpcFilterType::TokenAccountState,
            ]),
            account_config: account_config(UiAccountEncoding::Base64Zstd),
            with_context: Some(true),
            sort_results: None,
        };
        let accounts = client
            .get_program_ui_accounts_with_config(&program, config)
            .unwrap();
        assert_eq!(accounts.len(), 1);
        assert_eq!(accounts[0].0, fixture.bob_tokens);
        let account: solana_account::Account = accounts[0].1.decode().expect("base64+zstd decodes");
        assert_eq!(account.data().len(), 165);
    }
    let all_token_accounts = RpcProgramAccountsConfig {
        filters: Some(vec![RpcFilterType::TokenAccountState]),
        account_config: account_config(UiAccountEncoding::JsonParsed),
        ..RpcProgramAccountsConfig::default()
    };
    let parsed_accounts = client
        .get_program_ui_accounts_with_config(&program, all_token_accounts)
        .unwrap();
    assert_eq!(
        parsed_accounts.len(),
        2,
        "the two token accounts, not the mint"
    );
    assert!(parsed_accounts
        .iter()
        .all(|(_, account)| parsed(account).1["type"] == "account"));
    let too_many = RpcProgramAccountsConfig {
        filters: Some(vec![RpcFilterType::DataSize(165); 5]),
        ..RpcProgramAccountsConfig::default()
    };
    assert_eq!(
        rpc_error_code(
            &client
                .get_program_ui_accounts_with_config(&program, too_many)
                .unwrap_err()
        ),
        -32602
    );

    // A simulated transfer: the accounts as it would leave them, its inner
    // instructions, fee and token balances.
    let blockhash = client.get_latest_blockhash().unwrap();
    let transfer = token_instruction::transfer_checked(
        &program,
        &fixture.alice_tokens,
        &fixture.mint,
        &fixture.bob_tokens,
        &fixture.alice.pubkey(),
        &[],
        100_000,
        DECIMALS,
    )
    .unwrap();
    let transaction = Transaction::new_signed_with_payer(
        &[transfer],
        Some(&fixture.alice.pubkey()),
        &[&fixture.alice],
        blockhash,
    );
    let simulated = client
        .simulate_transaction_with_config(
            &transaction,
            RpcSimulateTransactionConfig {
                sig_verify: true,
                accounts: Some(RpcSimulateTransactionAccountsConfig {
                    encoding: Some(UiAccountEncoding::JsonParsed),
                    addresses: vec![fixture.bob_tokens.to_string()],
                }),
                inner_instructions: true,
                ..RpcSimulateTransactionConfig::default()
            },
        )
        .unwrap()
        .value;
    assert_eq!(simulated.err, None);
    let bob_after = simulated.accounts.unwrap()[0]
        .clone()
        .expect("Bob's tokens");
    assert_eq!(
        parsed(&bob_after).1["info"]["tokenAmount"]["amount"],
        "600000"
    );
    assert_eq!(simulated.fee, Some(5_000));
    assert!(simulated
        .post_token_balances
        .unwrap()
        .iter()
        .any(|balance| balance.ui_token_amount.amount == "600000"));
    assert_eq!(
        client
            .get_token_account_balance(&fixture.bob_tokens)
            .unwrap()
            .amount,
        "500000",
        "nothing was committed"
    );
    drop(fixture.payer);
}

#[test]
fn cluster_methods_answer_a_single_node_cluster() {
    let chain = Localnet::start();
    let client = chain.client();
    let payer = funded(&client, 2);
    let identity = client.get_identity().unwrap();
    assert_eq!(client.get_version().unwrap().solana_core, "3.1.14");
    assert_eq!(client.get_health().unwrap(), ());
    let nodes = client.get_cluster_nodes().unwrap();
    assert_eq!(nodes.len(), 1);
    assert_eq!(nodes[0].pubkey, identity.to_string());
    assert_eq!(format!("http://{}", nodes[0].rpc.unwrap()), chain.url);
    let votes = client.get_vote_accounts().unwrap();
    assert!(votes.current.is_empty() && votes.delinquent.is_empty());

    let schedule = client.get_epoch_schedule().unwrap();
    let epoch = client.get_epoch_info().unwrap();
    assert_eq!(epoch.epoch, schedule.get_epoch(epoch.absolute_slot));
    assert_eq!(
        epoch.slots_in_epoch,
        schedule.get_slots_in_epoch(epoch.epoch)
    );
    let leaders = client
        .get_leader_schedule(None)
        .unwrap()
        .expect("this epoch's schedule");
    assert_eq!(
        leaders[&identity.to_string()].len() as u64,
        epoch.slots_in_epoch
    );
    assert_eq!(
        client.get_slot_leaders(epoch.absolute_slot, 3).unwrap(),
        vec![identity; 3]
    );
    let production = client.get_block_production().unwrap().value;
    let (leader_slots, produced) = production.by_identity[&identity.to_string()];
    assert_eq!(leader_slots, produced);
    assert!(
        client
            .get_recent_performance_samples(Some(10))
            .unwrap()
            .len()
            <= 10
    );

    let supply = client.supply().unwrap().value;
    assert_eq!(supply.total, supply.circulating);
    assert!(supply.total > 0);
    assert_eq!(client.get_inflation_governor().unwrap().initial, 0.0);
    assert_eq!(client.get_inflation_rate().unwrap().epoch, epoch.epoch);
    assert_eq!(
        client.get_stake_minimum_delegation().unwrap(),
        1_000_000_000
    );
    let snapshot = client.get_highest_snapshot_slot().unwrap_err();
    assert_eq!(rpc_error_code(&snapshot), -32008, "no snapshots");
    assert_eq!(client.minimum_ledger_slot().unwrap(), 0);
    assert_eq!(client.get_first_available_block().unwrap(), 0);
    assert!(client.get_max_retransmit_slot().unwrap() >= epoch.absolute_slot);

    // A priority fee: quoted by getFeeForMessage, paid, and reported by
    // getRecentPrioritizationFees.
    let recipient = Pubkey::new_unique();
    let instructions = [
        ComputeBudgetInstruction::set_compute_unit_limit(200_000),
        ComputeBudgetInstruction::set_compute_unit_price(1_000),
        solana_system_interface::instruction::transfer(&payer.pubkey(), &recipient, 1_000_000),
    ];
    let blockhash = client.get_latest_blockhash().unwrap();
    let message = Message::new_with_blockhash(&instructions, Some(&payer.pubkey()), &blockhash);
    assert_eq!(client.get_fee_for_message(&message).unwrap(), 5_000 + 200);
    let signature = send(&client, &payer, &instructions, &[]);
    let fees = client.get_recent_prioritization_fees(&[recipient]).unwrap();
    let slot = client.get_signature_statuses(&[signature]).unwrap().value[0]
        .as_ref()
        .unwrap()
        .slot;
    assert!(
        fees.iter()
            .any(|fee| fee.slot == slot && fee.prioritization_fee == 1_000),
        "{fees:?}"
    );
    let paid = client
        .get_transaction_with_config(&signature, parsed_transaction_config())
        .unwrap();
    assert_eq!(paid.transaction.meta.unwrap().fee, 5_200);

    // Commitment and minContextSlot are accepted everywhere; a context slot
    // not reached yet is refused as on Agave.
    let processed =
        RpcClient::new_with_commitment(chain.url.clone(), CommitmentConfig::processed());
    assert!(processed.get_balance(&payer.pubkey()).unwrap() > 0);
    let future = json!([payer.pubkey().to_string(), { "commitment": "finalized", "minContextSlot": u64::MAX }]);
    let refused = client
        .send::<Value>(RpcRequest::GetBalance, future)
        .unwrap_err();
    assert_eq!(rpc_error_code(&refused), -32016);
    let below_confirmed = json!([signature.to_string(), { "commitment": "processed" }]);
    assert_eq!(
        rpc_error_code(
            &client
                .send::<Value>(RpcRequest::GetTransaction, below_confirmed)
                .unwrap_err()
        ),
        -32602
    );
}
