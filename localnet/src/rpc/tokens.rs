//! SPL Token and Token-2022: the token methods, read with the token
//! programs' own state types (extensions included) and answered with
//! Agave's amounts and parsed accounts.

use {
    super::{
        accounts::{keyed_accounts, program_accounts, View},
        check_context_slot,
        params::{pubkey, Params},
        with_context, RpcError, RpcResult,
    },
    crate::chain::Chain,
    solana_account::{AccountSharedData, ReadableAccount},
    solana_account_decoder::{
        encode_ui_account,
        parse_account_data::{AccountAdditionalDataV3, SplTokenAdditionalDataV2},
        parse_token::{
            get_token_account_mint, is_known_spl_token_id, token_amount_to_ui_amount_v3,
        },
        UiAccount, UiAccountEncoding,
    },
    solana_pubkey::Pubkey,
    solana_rpc_client_types::{
        config::{CommitmentConfig, RpcAccountInfoConfig, RpcTokenAccountsFilter},
        filter::{Memcmp, RpcFilterType},
        request::NUM_LARGEST_ACCOUNTS,
        response::RpcTokenAccountBalance,
    },
    spl_token_2022_interface::{
        extension::{
            interest_bearing_mint::InterestBearingConfig, scaled_ui_amount::ScaledUiAmountConfig,
            BaseStateWithExtensions, StateWithExtensions,
        },
        state::{Account, Mint},
    },
};

/// Offsets in a token account: its mint, its owner, its optional delegate.
const MINT_OFFSET: usize = 0;
const OWNER_OFFSET: usize = 32;
const DELEGATE_TAG_OFFSET: usize = 72;
const DELEGATE_OFFSET: usize = 76;

/// A mint's decimals and the UI-amount settings of its extensions, at the
/// clock's time (Agave's `get_additional_mint_data`).
fn additional_mint_data(chain: &Chain, data: &[u8]) -> Result<SplTokenAdditionalDataV2, RpcError> {
    let mint = StateWithExtensions::<Mint>::unpack(data)
        .map_err(|_| RpcError::invalid_params("Invalid param: Token mint could not be unpacked"))?;
    let now = chain.clock_unix_timestamp();
    Ok(SplTokenAdditionalDataV2 {
        decimals: mint.base.decimals,
        interest_bearing_config: mint
            .get_extension::<InterestBearingConfig>()
            .map(|config| (*config, now))
            .ok(),
        scaled_ui_amount_config: mint
            .get_extension::<ScaledUiAmountConfig>()
            .map(|config| (*config, now))
            .ok(),
    })
}

/// A mint's token program and additional data; wrapped SOL's mint needs no
/// account (Agave's `get_mint_owner_and_additional_data`).
fn mint_owner_and_data(
    view: View,
    mint: &Pubkey,
) -> Result<(Pubkey, SplTokenAdditionalDataV2), RpcError> {
    if mint == &spl_token_interface::native_mint::id() {
        return Ok((
            spl_token_interface::id(),
            SplTokenAdditionalDataV2::with_decimals(spl_token_interface::native_mint::DECIMALS),
        ));
    }
    let account = view
        .account(mint)
        .ok_or_else(|| RpcError::invalid_params("Invalid param: could not find mint"))?;
    Ok((
        *account.owner(),
        additional_mint_data(view.chain, account.data())?,
    ))
}

/// A token account or mint as `jsonParsed`, a token account's amounts with
/// its mint's decimals (Agave's `get_parsed_token_account`).
pub fn parsed_token_account(
    view: View,
    address: &Pubkey,
    account: &AccountSharedData,
) -> UiAccount {
    let additional_data = get_token_account_mint(account.data())
        .and_then(|mint| view.account(&mint))
        .and_then(|mint| additional_mint_data(view.chain, mint.data()).ok())
        .map(|data| AccountAdditionalDataV3 {
            spl_token_additional_data: Some(data),
        });
    encode_ui_account(
        address,
        account,
        UiAccountEncoding::JsonParsed,
        additional_data,
        None,
    )
}

/// The account at `address`, which a token program must own (`not_ours`
/// otherwise).
fn token_program_account<'a>(
    chain: &'a Chain,
    address: &str,
    not_ours: &str,
) -> Result<&'a AccountSharedData, RpcError> {
    let account = chain
        .account(&pubkey(address)?)
        .ok_or_else(|| RpcError::invalid_params("Invalid param: could not find account"))?;
    match is_known_spl_token_id(account.owner()) {
        true => Ok(account),
        false => Err(RpcError::invalid_params(not_ours)),
    }
}

pub fn get_token_account_balance(chain: &Chain, params: &Params) -> RpcResult {
    let (address, _commitment): (String, Option<CommitmentConfig>) = params.parse(1)?;
    let not_a_token_account = "Invalid param: not a Token account";
    let account = token_program_account(chain, &address, not_a_token_account)?;
    let token_account = StateWithExtensions::<Account>::unpack(account.data())
        .map_err(|_| RpcError::invalid_params(not_a_token_account))?;
    let (_, data) = mint_owner_and_data(View::of(chain), &token_account.base.mint)?;
    with_context(
        chain,
        token_amount_to_ui_amount_v3(token_account.base.amount, &data),
    )
}

pub fn get_token_supply(chain: &Chain, params: &Params) -> RpcResult {
    let (mint, _commitment): (String, Option<CommitmentConfig>) = params.parse(1)?;
    let account = token_program_account(chain, &mint, "Invalid param: not a Token mint")?;
    let supply = StateWithExtensions::<Mint>::unpack(account.data())
        .map_err(|_| RpcError::invalid_params("Invalid param: mint could not be unpacked"))?
        .base
        .supply;
    let data = additional_mint_data(chain, account.data())?;
    with_context(chain, token_amount_to_ui_amount_v3(supply, &data))
}

/// Initialized token accounts of a mint or of a token program, passing
/// `filters`.
fn token_accounts<'a>(
    chain: &'a Chain,
    program: &Pubkey,
    mint: Option<&Pubkey>,
    mut filters: Vec<RpcFilterType>,
) -> Vec<(&'a Pubkey, &'a AccountSharedData)> {
    filters.push(RpcFilterType::TokenAccountState);
    if let Some(mint) = mint {
        filters.push(RpcFilterType::Memcmp(Memcmp::new_raw_bytes(
            MINT_OFFSET,
            mint.to_bytes().into(),
        )));
    }
    program_accounts(chain, program, &filters)
}

/// The 20 token accounts of a mint holding the most, largest first.
pub fn get_token_largest_accounts(chain: &Chain, params: &Params) -> RpcResult {
    let (mint, _commitment): (String, Option<CommitmentConfig>) = params.parse(1)?;
    let mint = pubkey(&mint)?;
    let (program, data) = mint_owner_and_data(View::of(chain), &mint)?;
    if !is_known_spl_token_id(&program) {
        return Err(RpcError::invalid_params("Invalid param: not a Token mint"));
    }
    let mut balances: Vec<(u64, Pubkey)> = token_accounts(chain, &program, Some(&mint), Vec::new())
        .into_iter()
        .map(|(address, account)| {
            let amount = StateWithExtensions::<Account>::unpack(account.data())
                .map_or(0, |account| account.base.amount);
            (amount, *address)
        })
        .collect();
    balances.sort_unstable_by(|a, b| b.cmp(a));
    balances.truncate(NUM_LARGEST_ACCOUNTS);
    let balances: Vec<RpcTokenAccountBalance> = balances
        .into_iter()
        .map(|(amount, address)| RpcTokenAccountBalance {
            address: address.to_string(),
            amount: token_amount_to_ui_amount_v3(amount, &data),
        })
        .collect();
    with_context(chain, balances)
}

/// The token program and, optionally, the mint that `{mint}` or
/// `{programId}` selects (Agave's `get_token_program_id_and_mint`).
fn program_and_mint(
    chain: &Chain,
    filter: RpcTokenAccountsFilter,
) -> Result<(Pubkey, Option<Pubkey>), RpcError> {
    match filter {
        RpcTokenAccountsFilter::Mint(mint) => {
            let mint = pubkey(&mint)?;
            let (program, _) = mint_owner_and_data(View::of(chain), &mint)?;
            if !is_known_spl_token_id(&program) {
                return Err(RpcError::invalid_params("Invalid param: not a Token mint"));
            }
            Ok((program, Some(mint)))
        }
        RpcTokenAccountsFilter::ProgramId(program) => {
            let program = pubkey(&program)?;
            match is_known_spl_token_id(&program) {
                true => Ok((program, None)),
                false => Err(RpcError::invalid_params(
                    "Invalid param: unrecognized Token program id",
                )),
            }
        }
    }
}

/// The token accounts that a `{mint}` or `{programId}` filter selects and
/// whose `field` (owner, delegate) is the address, encoded.
fn token_accounts_by(
    chain: &Chain,
    params: &Params,
    field: fn(&Pubkey) -> Vec<RpcFilterType>,
) -> RpcResult {
    let (address, filter, config): (String, RpcTokenAccountsFilter, Option<RpcAccountInfoConfig>) =
        params.parse(2)?;
    let address = pubkey(&address)?;
    let config = config.unwrap_or_default();
    check_context_slot(chain, config.min_context_slot)?;
    let encoding = config.encoding.unwrap_or(UiAccountEncoding::Binary);
    let (program, mint) = program_and_mint(chain, filter)?;
    let accounts = token_accounts(chain, &program, mint.as_ref(), field(&address));
    with_context(
        chain,
        keyed_accounts(chain, accounts, encoding, config.data_slice, true)?,
    )
}

pub fn get_token_accounts_by_owner(chain: &Chain, params: &Params) -> RpcResult {
    token_accounts_by(chain, params, |owner| {
        vec![RpcFilterType::Memcmp(Memcmp::new_raw_bytes(
            OWNER_OFFSET,
            owner.to_bytes().into(),
        ))]
    })
}

/// Token accounts whose delegate is the address.
pub fn get_token_accounts_by_delegate(chain: &Chain, params: &Params) -> RpcResult {
    token_accounts_by(chain, params, |delegate| {
        vec![
            RpcFilterType::Memcmp(Memcmp::new_raw_bytes(
                DELEGATE_TAG_OFFSET,
                1u32.to_le_bytes().into(),
            )),
            RpcFilterType::Memcmp(Memcmp::new_raw_bytes(
                DELEGATE_OFFSET,
                delegate.to_bytes().into(),
            )),
        ]
    })
}
