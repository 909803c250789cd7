//! SPL token accounts and mints: the token methods of the RPC and their
//! `jsonParsed` shape. SPL Token and Token-2022 share the base layouts read
//! here; Token-2022's extensions follow them and are not parsed.

use {
    super::{
        accounts::{keyed_account, AccountEncoding},
        params::{option, parse_str, Params},
        with_context, RpcError, RpcResult,
    },
    crate::chain::Chain,
    serde_json::{json, Value},
    solana_account::{AccountSharedData, ReadableAccount},
    solana_pubkey::Pubkey,
};

pub const SPL_TOKEN: Pubkey = Pubkey::from_str_const("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");
pub const TOKEN_2022: Pubkey =
    Pubkey::from_str_const("TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb");

const MINT_LEN: usize = 82;
const ACCOUNT_LEN: usize = 165;
/// Token-2022 marks what an account with extensions is, right after the
/// base account layout.
const ACCOUNT_TYPE_OFFSET: usize = ACCOUNT_LEN;
const ACCOUNT_TYPE_MINT: u8 = 1;
const ACCOUNT_TYPE_ACCOUNT: u8 = 2;

fn is_token_program(program: &Pubkey) -> bool {
    program == &SPL_TOKEN || program == &TOKEN_2022
}

#[derive(Debug, PartialEq)]
enum Kind {
    Mint,
    Account,
}

fn kind(data: &[u8]) -> Option<Kind> {
    match data.len() {
        MINT_LEN => Some(Kind::Mint),
        ACCOUNT_LEN => Some(Kind::Account),
        _ => match data.get(ACCOUNT_TYPE_OFFSET) {
            Some(&ACCOUNT_TYPE_MINT) => Some(Kind::Mint),
            Some(&ACCOUNT_TYPE_ACCOUNT) => Some(Kind::Account),
            _ => None,
        },
    }
}

fn pubkey_at(data: &[u8], offset: usize) -> Pubkey {
    Pubkey::try_from(&data[offset..offset + 32]).expect("32 bytes")
}

fn u64_at(data: &[u8], offset: usize) -> u64 {
    u64::from_le_bytes(data[offset..offset + 8].try_into().expect("8 bytes"))
}

/// A `COption<Pubkey>`: a 4-byte tag, then the key.
fn optional_pubkey_at(data: &[u8], offset: usize) -> Option<Pubkey> {
    (data[offset] == 1).then(|| pubkey_at(data, offset + 4))
}

#[derive(Debug, PartialEq)]
struct TokenAccount {
    mint: Pubkey,
    owner: Pubkey,
    amount: u64,
    delegate: Option<Pubkey>,
    frozen: bool,
    /// The rent-exempt reserve of a wrapped SOL account.
    native_reserve: Option<u64>,
    delegated_amount: u64,
    close_authority: Option<Pubkey>,
}

impl TokenAccount {
    /// An initialized token account, from the data of an account owned by a
    /// token program.
    fn unpack(data: &[u8]) -> Option<Self> {
        const STATE_UNINITIALIZED: u8 = 0;
        const STATE_FROZEN: u8 = 2;
        if kind(data)? != Kind::Account || data[108] == STATE_UNINITIALIZED {
            return None;
        }
        Some(TokenAccount {
            mint: pubkey_at(data, 0),
            owner: pubkey_at(data, 32),
            amount: u64_at(data, 64),
            delegate: optional_pubkey_at(data, 72),
            frozen: data[108] == STATE_FROZEN,
            native_reserve: (data[109] == 1).then(|| u64_at(data, 113)),
            delegated_amount: u64_at(data, 121),
            close_authority: optional_pubkey_at(data, 129),
        })
    }
}

#[derive(Debug, PartialEq)]
struct Mint {
    mint_authority: Option<Pubkey>,
    supply: u64,
    decimals: u8,
    freeze_authority: Option<Pubkey>,
}

impl Mint {
    fn unpack(data: &[u8]) -> Option<Self> {
        if kind(data)? != Kind::Mint || data[45] == 0 {
            return None;
        }
        Some(Mint {
            mint_authority: optional_pubkey_at(data, 0),
            supply: u64_at(data, 36),
            decimals: data[44],
            freeze_authority: optional_pubkey_at(data, 46),
        })
    }
}

/// Agave's `UiTokenAmount`.
fn token_amount(amount: u64, decimals: u8) -> Value {
    json!({
        "amount": amount.to_string(),
        "decimals": decimals,
        "uiAmount": amount as f64 / 10f64.powi(decimals as i32),
        "uiAmountString": ui_amount_string(amount, decimals),
    })
}

/// The amount in whole tokens, exactly, without trailing zeros.
fn ui_amount_string(amount: u64, decimals: u8) -> String {
    let digits = format!("{amount:0>width$}", width = decimals as usize + 1);
    let (whole, fraction) = digits.split_at(digits.len() - decimals as usize);
    match fraction.trim_end_matches('0') {
        "" => whole.to_string(),
        fraction => format!("{whole}.{fraction}"),
    }
}

fn token_account(chain: &Chain, address: &Pubkey) -> Option<(TokenAccount, Mint)> {
    let account = chain
        .account(address)
        .filter(|account| is_token_program(account.owner()))?;
    let token_account = TokenAccount::unpack(account.data())?;
    let mint = mint(chain, &token_account.mint)?;
    Some((token_account, mint))
}

fn mint(chain: &Chain, address: &Pubkey) -> Option<Mint> {
    let account = chain
        .account(address)
        .filter(|account| is_token_program(account.owner()))?;
    Mint::unpack(account.data())
}

fn optional_string(key: Option<Pubkey>) -> Value {
    key.map_or(Value::Null, |key| json!(key.to_string()))
}

fn parsed_token_account(account: &TokenAccount, mint: &Mint) -> Value {
    let mut info = json!({
        "isNative": account.native_reserve.is_some(),
        "mint": account.mint.to_string(),
        "owner": account.owner.to_string(),
        "state": if account.frozen { "frozen" } else { "initialized" },
        "tokenAmount": token_amount(account.amount, mint.decimals),
    });
    if let Some(delegate) = account.delegate {
        info["delegate"] = json!(delegate.to_string());
        info["delegatedAmount"] = token_amount(account.delegated_amount, mint.decimals);
    }
    if let Some(reserve) = account.native_reserve {
        info["rentExemptReserve"] = token_amount(reserve, mint.decimals);
    }
    if let Some(close_authority) = account.close_authority {
        info["closeAuthority"] = json!(close_authority.to_string());
    }
    json!({ "type": "account", "info": info })
}

fn parsed_mint(mint: &Mint) -> Value {
    json!({ "type": "mint", "info": {
        "decimals": mint.decimals,
        "freezeAuthority": optional_string(mint.freeze_authority),
        "isInitialized": true,
        "mintAuthority": optional_string(mint.mint_authority),
        "supply": mint.supply.to_string(),
    }})
}

/// The `jsonParsed` data of a token account or mint (Agave's
/// `ParsedAccount`), or `None` for any other account.
pub fn parsed_account_data(chain: &Chain, account: &AccountSharedData) -> Option<Value> {
    let program = match account.owner() {
        owner if owner == &SPL_TOKEN => "spl-token",
        owner if owner == &TOKEN_2022 => "spl-token-2022",
        _ => return None,
    };
    let data = account.data();
    let parsed = match kind(data)? {
        Kind::Mint => parsed_mint(&Mint::unpack(data)?),
        Kind::Account => {
            let token_account = TokenAccount::unpack(data)?;
            parsed_token_account(&token_account, &mint(chain, &token_account.mint)?)
        }
    };
    Some(json!({ "program": program, "parsed": parsed, "space": data.len() }))
}

pub fn get_token_account_balance(chain: &mut Chain, params: &Params) -> RpcResult {
    let address: Pubkey = params.parse(0, "token account address")?;
    let (account, mint) = token_account(chain, &address)
        .ok_or_else(|| RpcError::invalid_params("Invalid param: not a Token account"))?;
    Ok(with_context(
        chain,
        token_amount(account.amount, mint.decimals),
    ))
}

pub fn get_token_supply(chain: &mut Chain, params: &Params) -> RpcResult {
    let address: Pubkey = params.parse(0, "mint address")?;
    let mint = mint(chain, &address)
        .ok_or_else(|| RpcError::invalid_params("Invalid param: not a Token mint"))?;
    Ok(with_context(
        chain,
        token_amount(mint.supply, mint.decimals),
    ))
}

/// The token program and, optionally, the mint that `{mint}` or
/// `{programId}` selects.
fn owner_filter(chain: &Chain, filter: &Value) -> Result<(Pubkey, Option<Pubkey>), RpcError> {
    if let Some(mint) = option(filter, "mint") {
        let mint: Pubkey = parse_str(mint, "mint")?;
        let program = chain
            .account(&mint)
            .map(|account| *account.owner())
            .filter(is_token_program)
            .ok_or_else(|| RpcError::invalid_params("Invalid param: could not find mint"))?;
        return Ok((program, Some(mint)));
    }
    let program = option(filter, "programId")
        .ok_or_else(|| RpcError::invalid_params("the filter needs a mint or a programId"))?;
    let program: Pubkey = parse_str(program, "programId")?;
    if !is_token_program(&program) {
        return Err(RpcError::invalid_params(
            "Invalid param: unrecognized Token program id",
        ));
    }
    Ok((program, None))
}

pub fn get_token_accounts_by_owner(chain: &mut Chain, params: &Params) -> RpcResult {
    let owner: Pubkey = params.parse(0, "owner address")?;
    let (program, mint) =
        owner_filter(chain, params.required(1, "a {mint} or {programId} filter")?)?;
    let encoding = AccountEncoding::from_config(params.config(2))?;
    let accounts: Vec<Value> = chain
        .accounts()
        .filter(|(_, account)| account.owner() == &program)
        .filter(|(_, account)| {
            TokenAccount::unpack(account.data()).is_some_and(|token_account| {
                token_account.owner == owner && mint.is_none_or(|mint| token_account.mint == mint)
            })
        })
        .map(|(address, account)| keyed_account(address, encoding.encode(chain, account)))
        .collect();
    Ok(with_context(chain, json!(accounts)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token_account_data(len: usize, state: u8) -> Vec<u8> {
        let mut data = vec![0; len];
        data[0..32].copy_from_slice(&[7; 32]);
        data[32..64].copy_from_slice(&[8; 32]);
        data[64..72].copy_from_slice(&1_500_000u64.to_le_bytes());
        data[108] = state;
        if len > ACCOUNT_LEN {
            data[ACCOUNT_TYPE_OFFSET] = ACCOUNT_TYPE_ACCOUNT;
        }
        data
    }

    #[test]
    fn token_accounts_are_read_from_the_base_layout() {
        let expected = TokenAccount {
            mint: Pubkey::new_from_array([7; 32]),
            owner: Pubkey::new_from_array([8; 32]),
            amount: 1_500_000,
            delegate: None,
            frozen: false,
            native_reserve: None,
            delegated_amount: 0,
            close_authority: None,
        };
        assert_eq!(
            TokenAccount::unpack(&token_account_data(ACCOUNT_LEN, 1)),
            Some(expected)
        );
        // A Token-2022 account with the immutable-owner extension.
        let with_extension = TokenAccount::unpack(&token_account_data(170, 2)).unwrap();
        assert!(with_extension.frozen);
        assert_eq!(
            TokenAccount::unpack(&token_account_data(ACCOUNT_LEN, 0)),
            None
        );
        assert_eq!(TokenAccount::unpack(&[0; MINT_LEN]), None);
    }

    #[test]
    fn mints_are_read_from_the_base_layout() {
        let mut data = vec![0; MINT_LEN];
        data[0] = 1;
        data[4..36].copy_from_slice(&[9; 32]);
        data[36..44].copy_from_slice(&42u64.to_le_bytes());
        data[44] = 6;
        data[45] = 1;
        let mint = Mint::unpack(&data).unwrap();
        assert_eq!(mint.mint_authority, Some(Pubkey::new_from_array([9; 32])));
        assert_eq!(
            (mint.supply, mint.decimals, mint.freeze_authority),
            (42, 6, None)
        );
        data[45] = 0;
        assert_eq!(Mint::unpack(&data), None, "uninitialized");
    }

    #[test]
    fn ui_amounts_match_the_validator() {
        assert_eq!(token_amount(1_500_000, 6)["uiAmountString"], "1.5");
        assert_eq!(token_amount(1_500_000, 6)["uiAmount"], 1.5);
        assert_eq!(token_amount(2_000_000, 6)["uiAmountString"], "2");
        assert_eq!(token_amount(7, 0)["uiAmountString"], "7");
        assert_eq!(token_amount(0, 9)["uiAmountString"], "0");
        assert_eq!(token_amount(1, 9)["uiAmountString"], "0.000000001");
        assert_eq!(token_amount(u64::MAX, 0)["amount"], "18446744073709551615");
        assert_eq!(ui_amount_string(1, 30), format!("0.{}1", "0".repeat(29)));
    }
}
