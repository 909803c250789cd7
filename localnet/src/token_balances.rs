//! The token balances of a transaction's accounts, as Agave's ledger records
//! them before and after the transaction (`preTokenBalances`,
//! `postTokenBalances`): every account of the transaction that is a token
//! account of SPL Token or Token-2022, except the programs it invokes, with
//! its mint, owner, program and amount in its mint's decimals.

use {
    solana_account::{AccountSharedData, ReadableAccount},
    solana_account_decoder::{
        parse_account_data::SplTokenAdditionalDataV2,
        parse_token::{is_known_spl_token_id, token_amount_to_ui_amount_v3},
    },
    solana_message::VersionedMessage,
    solana_pubkey::Pubkey,
    solana_transaction_status::TransactionTokenBalance,
    spl_token_2022_interface::{
        extension::StateWithExtensions,
        state::{Account, Mint},
    },
};

/// A mint's decimals: wrapped SOL's without its account, others from the
/// mint account of a token program.
fn mint_decimals<'a>(
    mint: &Pubkey,
    account: &impl Fn(&Pubkey) -> Option<&'a AccountSharedData>,
) -> Option<u8> {
    if mint == &spl_token_interface::native_mint::id() {
        return Some(spl_token_interface::native_mint::DECIMALS);
    }
    let mint = account(mint).filter(|mint| is_known_spl_token_id(mint.owner()))?;
    StateWithExtensions::<Mint>::unpack(mint.data())
        .ok()
        .map(|mint| mint.base.decimals)
}

fn token_balance<'a>(
    index: usize,
    address: &Pubkey,
    account: &impl Fn(&Pubkey) -> Option<&'a AccountSharedData>,
) -> Option<TransactionTokenBalance> {
    let program = account(address).filter(|token| is_known_spl_token_id(token.owner()))?;
    let token = StateWithExtensions::<Account>::unpack(program.data()).ok()?;
    let decimals = mint_decimals(&token.base.mint, account)?;
    Some(TransactionTokenBalance {
        account_index: index as u8,
        mint: token.base.mint.to_string(),
        // The raw amount in the mint's decimals, without interest or
        // scaling, as Agave's ledger records it.
        ui_token_amount: token_amount_to_ui_amount_v3(
            token.base.amount,
            &SplTokenAdditionalDataV2::with_decimals(decimals),
        ),
        owner: token.base.owner.to_string(),
        program_id: program.owner().to_string(),
    })
}

/// The token balances of the accounts `keys` of `message` (static keys, then
/// those loaded from lookup tables), reading accounts with `account`. Empty
/// unless the transaction names a token program.
pub fn collect<'a>(
    message: &VersionedMessage,
    keys: &[Pubkey],
    account: impl Fn(&Pubkey) -> Option<&'a AccountSharedData>,
) -> Vec<TransactionTokenBalance> {
    if !keys.iter().any(is_known_spl_token_id) {
        return Vec::new();
    }
    let invoked = |index: usize| {
        message
            .instructions()
            .iter()
            .any(|instruction| instruction.program_id_index as usize == index)
    };
    keys.iter()
        .enumerate()
        .filter(|(index, address)| !invoked(*index) && !is_known_spl_token_id(address))
        .filter_map(|(index, address)| token_balance(index, address, &account))
        .collect()
}
