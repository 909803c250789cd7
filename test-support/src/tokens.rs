//! Payment mints and token accounts for tests, under SPL Token or Token-2022.

use {
    crate::{TestChain, SOL},
    anchor_lang::{prelude::Pubkey, solana_program::program_pack::Pack},
    anchor_spl::{
        associated_token::{
            get_associated_token_address_with_program_id,
            spl_associated_token_account::instruction::create_associated_token_account_idempotent,
        },
        token::spl_token,
        token_2022::spl_token_2022::{
            self,
            state::{Account as AccountState, Mint as MintState},
        },
    },
    solana_keypair::Keypair,
    solana_signer::Signer,
};

pub const SPL_TOKEN: Pubkey = spl_token::ID;
pub const TOKEN_2022: Pubkey = spl_token_2022::ID;

/// A mint under `token_program` whose authority is `authority`.
pub fn create_mint(
    chain: &mut TestChain,
    authority: &Keypair,
    token_program: Pubkey,
    decimals: u8,
) -> Pubkey {
    let mint = Keypair::new();
    let space = 82;
    let create = anchor_lang::solana_program::system_instruction::create_account(
        &authority.pubkey(),
        &mint.pubkey(),
        chain.svm.minimum_balance_for_rent_exemption(space),
        space as u64,
        &token_program,
    );
    let initialize = spl_token_2022::instruction::initialize_mint2(
        &token_program,
        &mint.pubkey(),
        &authority.pubkey(),
        None,
        decimals,
    )
    .unwrap();
    chain
        .send(&[create, initialize], &[authority, &mint])
        .expect("create mint");
    mint.pubkey()
}

pub fn token_address(owner: &Pubkey, mint: &Pubkey, token_program: &Pubkey) -> Pubkey {
    get_associated_token_address_with_program_id(owner, mint, token_program)
}

/// The owner's associated token account, created if needed.
pub fn token_account(
    chain: &mut TestChain,
    owner: &Pubkey,
    mint: &Pubkey,
    token_program: &Pubkey,
) -> Pubkey {
    let payer = chain.funded_keypair(SOL);
    let create =
        create_associated_token_account_idempotent(&payer.pubkey(), owner, mint, token_program);
    chain
        .send(&[create], &[&payer])
        .expect("create token account");
    token_address(owner, mint, token_program)
}

/// Mints `amount` to the owner's associated token account.
pub fn mint_to(
    chain: &mut TestChain,
    mint_authority: &Keypair,
    mint: &Pubkey,
    token_program: &Pubkey,
    owner: &Pubkey,
    amount: u64,
) -> Pubkey {
    let destination = token_account(chain, owner, mint, token_program);
    let mint_to = spl_token_2022::instruction::mint_to(
        token_program,
        mint,
        &destination,
        &mint_authority.pubkey(),
        &[],
        amount,
    )
    .unwrap();
    chain.send(&[mint_to], &[mint_authority]).expect("mint_to");
    destination
}

/// Writes a mint account directly (a fixture): no mint or freeze authority.
pub fn write_mint(
    chain: &mut TestChain,
    mint: &Pubkey,
    token_program: Pubkey,
    supply: u64,
    decimals: u8,
) {
    let state = MintState {
        mint_authority: None.into(),
        supply,
        decimals,
        is_initialized: true,
        freeze_authority: None.into(),
    };
    write_mint_state(chain, mint, token_program, state, None);
}

/// Writes a mint account directly (a fixture) from its base state, with a
/// Token-2022 permanent-delegate extension when `permanent_delegate` is set.
pub fn write_mint_state(
    chain: &mut TestChain,
    mint: &Pubkey,
    token_program: Pubkey,
    state: MintState,
    permanent_delegate: Option<Pubkey>,
) {
    use spl_token_2022::extension::{
        permanent_delegate::PermanentDelegate, BaseStateWithExtensionsMut, ExtensionType,
        StateWithExtensionsMut,
    };
    let extensions: &[ExtensionType] = match permanent_delegate {
        Some(_) => &[ExtensionType::PermanentDelegate],
        None => &[],
    };
    let mut data =
        vec![0u8; ExtensionType::try_calculate_account_len::<MintState>(extensions).unwrap()];
    let mut account = StateWithExtensionsMut::<MintState>::unpack_uninitialized(&mut data).unwrap();
    account.base = state;
    account.pack_base();
    if let Some(delegate) = permanent_delegate {
        account
            .init_extension::<PermanentDelegate>(true)
            .unwrap()
            .delegate = Some(delegate).try_into().unwrap();
        account.init_account_type().unwrap();
    }
    write_account(chain, mint, token_program, data);
}

/// Writes the owner's associated token account directly (a fixture) and
/// returns its address.
pub fn write_token_account(
    chain: &mut TestChain,
    owner: &Pubkey,
    mint: &Pubkey,
    token_program: Pubkey,
    amount: u64,
) -> Pubkey {
    let address = token_address(owner, mint, &token_program);
    write_token_account_at(chain, &address, owner, mint, token_program, amount);
    address
}

/// Writes a token account of `owner` at any address (a fixture).
pub fn write_token_account_at(
    chain: &mut TestChain,
    address: &Pubkey,
    owner: &Pubkey,
    mint: &Pubkey,
    token_program: Pubkey,
    amount: u64,
) {
    let state = AccountState {
        mint: *mint,
        owner: *owner,
        amount,
        delegate: None.into(),
        state: spl_token_2022::state::AccountState::Initialized,
        is_native: None.into(),
        delegated_amount: 0,
        close_authority: None.into(),
    };
    let mut data = vec![0u8; AccountState::LEN];
    AccountState::pack(state, &mut data).unwrap();
    write_account(chain, address, token_program, data);
}

/// Writes an account directly (a fixture), rent-exempt.
pub fn write_account(chain: &mut TestChain, address: &Pubkey, owner: Pubkey, data: Vec<u8>) {
    let account = solana_account::Account {
        lamports: chain.svm.minimum_balance_for_rent_exemption(data.len()),
        data,
        owner,
        executable: false,
        rent_epoch: 0,
    };
    chain.svm.set_account(*address, account).unwrap();
}

/// The balance of a token account (0 if it does not exist).
pub fn balance(chain: &TestChain, token_account: &Pubkey) -> u64 {
    chain
        .svm
        .get_account(token_account)
        .filter(|account| account.data.len() >= 72)
        .map(|account| u64::from_le_bytes(account.data[64..72].try_into().unwrap()))
        .unwrap_or(0)
}

/// A Token-2022 mint (mint and freeze authority `authority`) carrying
/// `extensions`, which `initialize` sets up between the account's creation
/// and `initialize_mint2`, as Token-2022 requires.
pub fn create_token_2022_mint_with_extensions(
    chain: &mut TestChain,
    authority: &Keypair,
    extensions: &[spl_token_2022::extension::ExtensionType],
    initialize: impl FnOnce(&Pubkey) -> Vec<anchor_lang::solana_program::instruction::Instruction>,
) -> Pubkey {
    let mint = Keypair::new();
    let space = spl_token_2022::extension::ExtensionType::try_calculate_account_len::<MintState>(
        extensions,
    )
    .unwrap();
    let mut instructions = vec![
        anchor_lang::solana_program::system_instruction::create_account(
            &authority.pubkey(),
            &mint.pubkey(),
            chain.svm.minimum_balance_for_rent_exemption(space),
            space as u64,
            &TOKEN_2022,
        ),
    ];
    instructions.extend(initialize(&mint.pubkey()));
    instructions.push(
        spl_token_2022::instruction::initialize_mint2(
            &TOKEN_2022,
            &mint.pubkey(),
            &authority.pubkey(),
            Some(&authority.pubkey()),
            6,
        )
        .unwrap(),
    );
    chain
        .send(&instructions, &[authority, &mint])
        .expect("create Token-2022 mint with extensions");
    mint.pubkey()
}
