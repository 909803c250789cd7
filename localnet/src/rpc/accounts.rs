//! Accounts: balances, account data in every encoding Agave serves (encoded
//! by `solana-account-decoder` itself), `getProgramAccounts` and its filters,
//! the largest accounts and the supply.

use {
    super::{
        check_context_slot,
        params::{pubkey, Params},
        to_json, tokens, with_context, RpcError, RpcResult, INVALID_REQUEST,
    },
    crate::chain::Chain,
    solana_account::{AccountSharedData, ReadableAccount},
    solana_account_decoder::{
        encode_ui_account, parse_token::is_known_spl_token_id, UiAccount, UiAccountData,
        UiAccountEncoding, UiDataSliceConfig, MAX_BASE58_BYTES,
    },
    solana_pubkey::Pubkey,
    solana_rpc_client_types::{
        config::{
            RpcAccountInfoConfig, RpcContextConfig, RpcLargestAccountsConfig,
            RpcLargestAccountsFilter, RpcProgramAccountsConfig, RpcSupplyConfig,
        },
        filter::RpcFilterType,
        request::{MAX_GET_PROGRAM_ACCOUNT_FILTERS, MAX_MULTIPLE_ACCOUNTS, NUM_LARGEST_ACCOUNTS},
        response::{OptionalContext, RpcAccountBalance, RpcKeyedAccount, RpcSupply},
    },
    spl_token_2022_interface::{generic_token_account::GenericTokenAccount, state::Account},
};

/// The accounts a response shows: the chain's, or a simulation's results
/// over them.
#[derive(Clone, Copy)]
pub struct View<'a> {
    pub chain: &'a Chain,
    overrides: &'a [(Pubkey, AccountSharedData)],
}

impl<'a> View<'a> {
    pub fn of(chain: &'a Chain) -> Self {
        View {
            chain,
            overrides: &[],
        }
    }

    pub fn with_overrides(chain: &'a Chain, overrides: &'a [(Pubkey, AccountSharedData)]) -> Self {
        View { chain, overrides }
    }

    pub fn account(&self, address: &Pubkey) -> Option<&'a AccountSharedData> {
        let overridden = self.overrides.iter().find(|(key, _)| key == address);
        overridden
            .map(|(_, account)| account)
            .or_else(|| self.chain.account(address))
    }
}

/// An account as Agave encodes it: `encode_ui_account`, and a token
/// account's `jsonParsed` amounts with its mint's decimals and UI-amount
/// extensions.
pub fn encode(
    view: View,
    address: &Pubkey,
    account: &AccountSharedData,
    encoding: UiAccountEncoding,
    data_slice: Option<UiDataSliceConfig>,
) -> UiAccount {
    if encoding == UiAccountEncoding::JsonParsed && is_known_spl_token_id(account.owner()) {
        tokens::parsed_token_account(view, address, account)
    } else {
        encode_ui_account(address, account, encoding, None, data_slice)
    }
}

/// `encode`, refusing base58 for more than 128 bytes, as Agave's RPC does.
pub fn encode_checked(
    view: View,
    address: &Pubkey,
    account: &AccountSharedData,
    encoding: UiAccountEncoding,
    data_slice: Option<UiDataSliceConfig>,
) -> Result<UiAccount, RpcError> {
    let len = data_slice.map_or(account.data().len(), |slice| {
        slice
            .length
            .min(account.data().len().saturating_sub(slice.offset))
    });
    let base58 = matches!(
        encoding,
        UiAccountEncoding::Binary | UiAccountEncoding::Base58
    );
    if base58 && len > MAX_BASE58_BYTES {
        return Err(RpcError {
            code: INVALID_REQUEST,
            message: format!(
                "Encoded binary (base 58) data should be less than {MAX_BASE58_BYTES} bytes, please use Base64 encoding."
            ),
            data: None,
        });
    }
    Ok(encode(view, address, account, encoding, data_slice))
}

/// The account at `address` if it exists, encoded.
pub fn encoded_account(
    view: View,
    address: &Pubkey,
    encoding: UiAccountEncoding,
    data_slice: Option<UiDataSliceConfig>,
) -> Result<Option<UiAccount>, RpcError> {
    view.account(address)
        .map(|account| encode_checked(view, address, account, encoding, data_slice))
        .transpose()
}

/// Agave's `filter_allows`.
pub fn filter_allows(filter: &RpcFilterType, data: &[u8]) -> bool {
    match filter {
        RpcFilterType::DataSize(size) => data.len() as u64 == *size,
        RpcFilterType::Memcmp(compare) => compare.bytes_match(data),
        RpcFilterType::TokenAccountState => Account::valid_account_data(data),
    }
}

/// Agave's `verify_filters`.
pub fn verify_filters(filters: &[RpcFilterType]) -> Result<(), RpcError> {
    if filters.len() > MAX_GET_PROGRAM_ACCOUNT_FILTERS {
        return Err(RpcError::invalid_params(format!(
            "Too many filters provided; max {MAX_GET_PROGRAM_ACCOUNT_FILTERS}"
        )));
    }
    for filter in filters {
        filter
            .verify()
            .map_err(|error| RpcError::invalid_params(format!("Invalid param: {error:?}")))?;
    }
    Ok(())
}

/// The accounts owned by `program` that pass every filter, by address.
pub fn program_accounts<'a>(
    chain: &'a Chain,
    program: &Pubkey,
    filters: &[RpcFilterType],
) -> Vec<(&'a Pubkey, &'a AccountSharedData)> {
    let mut accounts: Vec<_> = chain
        .accounts()
        .filter(|(_, account)| account.owner() == program)
        .filter(|(_, account)| {
            filters
                .iter()
                .all(|filter| filter_allows(filter, account.data()))
        })
        .collect();
    accounts.sort_unstable_by_key(|(address, _)| **address);
    accounts
}

/// Keyed accounts as Agave's token and program-account methods list them:
/// `jsonParsed` token accounts that parse (others are left out), any other
/// encoding as is.
pub fn keyed_accounts(
    chain: &Chain,
    accounts: Vec<(&Pubkey, &AccountSharedData)>,
    encoding: UiAccountEncoding,
    data_slice: Option<UiDataSliceConfig>,
    token_program: bool,
) -> Result<Vec<RpcKeyedAccount>, RpcError> {
    let view = View::of(chain);
    let keyed = |(address, account): (&Pubkey, &AccountSharedData)| -> Result<_, RpcError> {
        let account = match token_program && encoding == UiAccountEncoding::JsonParsed {
            true => tokens::parsed_token_account(view, address, account),
            false => encode_checked(view, address, account, encoding, data_slice)?,
        };
        Ok(RpcKeyedAccount {
            pubkey: address.to_string(),
            account,
        })
    };
    let accounts = accounts
        .into_iter()
        .map(keyed)
        .collect::<Result<Vec<_>, _>>()?;
    let parsed_only = token_program && encoding == UiAccountEncoding::JsonParsed;
    Ok(accounts
        .into_iter()
        .filter(|keyed| !parsed_only || matches!(keyed.account.data, UiAccountData::Json(_)))
        .collect())
}

pub fn get_balance(chain: &Chain, params: &Params) -> RpcResult {
    let (address, config): (String, Option<RpcContextConfig>) = params.parse(1)?;
    let address = pubkey(&address)?;
    check_context_slot(chain, config.and_then(|config| config.min_context_slot))?;
    with_context(chain, chain.balance(&address))
}

pub fn get_account_info(chain: &Chain, params: &Params) -> RpcResult {
    let (address, config): (String, Option<RpcAccountInfoConfig>) = params.parse(1)?;
    let address = pubkey(&address)?;
    let config = config.unwrap_or_default();
    check_context_slot(chain, config.min_context_slot)?;
    let encoding = config.encoding.unwrap_or(UiAccountEncoding::Binary);
    let account = encoded_account(View::of(chain), &address, encoding, config.data_slice)?;
    with_context(chain, account)
}

pub fn get_multiple_accounts(chain: &Chain, params: &Params) -> RpcResult {
    let (addresses, config): (Vec<String>, Option<RpcAccountInfoConfig>) = params.parse(1)?;
    if addresses.len() > MAX_MULTIPLE_ACCOUNTS {
        return Err(RpcError::invalid_params(format!(
            "Too many inputs provided; max {MAX_MULTIPLE_ACCOUNTS}"
        )));
    }
    let addresses = addresses
        .iter()
        .map(|address| pubkey(address))
        .collect::<Result<Vec<_>, _>>()?;
    let config = config.unwrap_or_default();
    check_context_slot(chain, config.min_context_slot)?;
    let encoding = config.encoding.unwrap_or(UiAccountEncoding::Base64);
    let accounts = addresses
        .iter()
        .map(|address| encoded_account(View::of(chain), address, encoding, config.data_slice))
        .collect::<Result<Vec<_>, _>>()?;
    with_context(chain, accounts)
}

pub fn get_program_accounts(chain: &Chain, params: &Params) -> RpcResult {
    let (program, config): (String, Option<RpcProgramAccountsConfig>) = params.parse(1)?;
    let program = pubkey(&program)?;
    let RpcProgramAccountsConfig {
        filters,
        account_config,
        with_context: context_requested,
        sort_results: _,
    } = config.unwrap_or_default();
    let filters = filters.unwrap_or_default();
    verify_filters(&filters)?;
    check_context_slot(chain, account_config.min_context_slot)?;
    let encoding = account_config.encoding.unwrap_or(UiAccountEncoding::Binary);
    let accounts = keyed_accounts(
        chain,
        program_accounts(chain, &program, &filters),
        encoding,
        account_config.data_slice,
        is_known_spl_token_id(&program),
    )?;
    match context_requested.unwrap_or_default() {
        true => with_context(chain, accounts),
        false => to_json(OptionalContext::NoContext(accounts)),
    }
}

/// The 20 accounts with the most lamports. Every account circulates: the
/// chain has no non-circulating (locked-up) accounts.
pub fn get_largest_accounts(chain: &Chain, params: &Params) -> RpcResult {
    let (config,): (Option<RpcLargestAccountsConfig>,) = params.parse(0)?;
    let config = config.unwrap_or_default();
    let mut accounts: Vec<RpcAccountBalance> = match config.filter {
        Some(RpcLargestAccountsFilter::NonCirculating) => Vec::new(),
        Some(RpcLargestAccountsFilter::Circulating) | None => chain
            .accounts()
            .map(|(address, account)| RpcAccountBalance {
                address: address.to_string(),
                lamports: account.lamports(),
            })
            .collect(),
    };
    accounts.sort_unstable_by(|a, b| b.lamports.cmp(&a.lamports).then(a.address.cmp(&b.address)));
    accounts.truncate(NUM_LARGEST_ACCOUNTS);
    with_context(chain, accounts)
}

/// All the lamports there are, all circulating.
pub fn get_supply(chain: &Chain, params: &Params) -> RpcResult {
    let (_config,): (Option<RpcSupplyConfig>,) = params.parse(0)?;
    let total = chain.capitalization();
    with_context(
        chain,
        RpcSupply {
            total,
            circulating: total,
            non_circulating: 0,
            non_circulating_accounts: Vec::new(),
        },
    )
}
