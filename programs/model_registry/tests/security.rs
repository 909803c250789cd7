//! The attacks of docs/SECURITY.md against the model registry, one test per
//! class, each named after the attack and the rejection it must meet. Every
//! rejected attempt also checks that nothing moved. Classes already covered
//! by another test file are not repeated here (see docs/SECURITY.md).

use {
    anchor_lang::{
        error::ErrorCode as AnchorError,
        solana_program::{
            instruction::{AccountMeta, Instruction},
            system_instruction,
        },
        AccountSerialize, Discriminator, InstructionData, ToAccountMetas,
    },
    anchor_spl::token_2022::spl_token_2022::{
        self,
        extension::StateWithExtensions,
        instruction::AuthorityType,
        state::{Account as TokenAccountState, AccountState, Mint as MintState},
    },
    hex_common::ids::MPL_TOKEN_METADATA,
    hex_test_support::{
        attacks::*,
        escrow::{claim_owner_ix, settle_owner_period_ix, vault_pda, vault_tokens_pda, OwnerClaim},
        registry::*,
        royalty_escrow::{errors::EscrowError, state::Vault},
        solana_keypair::Keypair,
        solana_signer::Signer,
        tokens::{self, balance, SPL_TOKEN, TOKEN_2022},
        *,
    },
    model_registry::{
        constants::{CONFIG_SEED, MARKET_AUTHORITY_SEED, MODEL_SEED, SALE_SEED},
        errors::RegistryError,
        instructions::LicenseActivity,
        state::{Config, Contributor, Model, ModelSale, ModelTerms},
    },
};

/// Index of `payment_token_program` among buy_model's accounts.
const BUY_PAYMENT_TOKEN_PROGRAM: usize = 13;

/// spl_token_2022::error::TokenError codes.
const TOKEN_INSUFFICIENT_FUNDS: u32 = 1;
const TOKEN_OWNER_MISMATCH: u32 = 4;
const TOKEN_FIXED_SUPPLY: u32 = 5;
const TOKEN_ACCOUNT_FROZEN: u32 = 17;

/// Writes `value` (an Anchor account, discriminator included) at `address`.
fn write_anchor_account<T: AccountSerialize>(chain: &mut TestChain, address: &Pubkey, value: &T) {
    let mut data = Vec::new();
    value.try_serialize(&mut data).unwrap();
    tokens::write_account(chain, address, model_registry::ID, data);
}

fn market_authority() -> Pubkey {
    Pubkey::find_program_address(&[MARKET_AUTHORITY_SEED], &license_market::ID).0
}

fn record_license_activity_ix(market_authority: &Pubkey, mint: &Pubkey) -> Instruction {
    Instruction {
        program_id: model_registry::ID,
        accounts: model_registry::accounts::RecordLicenseActivity {
            market_authority: *market_authority,
            model: model_pda(mint),
        }
        .to_account_metas(None),
        data: model_registry::instruction::RecordLicenseActivity {
            activity: LicenseActivity::Issued,
        }
        .data(),
    }
}

/// The five settlement accounts of one vault, as buy_model expects them.
fn settlement(model_mint: &Pubkey, vault_mint: &Pubkey, destination: &Pubkey) -> Vec<AccountMeta> {
    let vault = vault_pda(model_mint, vault_mint);
    vec![
        AccountMeta::new(vault, false),
        AccountMeta::new(vault_tokens_pda(&vault), false),
        AccountMeta::new_readonly(*vault_mint, false),
        AccountMeta::new(*destination, false),
        AccountMeta::new_readonly(SPL_TOKEN, false),
    ]
}

/// A Metaplex NFT as Token Metadata leaves it (SPL Token mint, metadata,
/// master edition), held by `holder`: its mint and the holder's token account.
fn metaplex_nft(chain: &mut TestChain, holder: &Pubkey) -> (Pubkey, Pubkey) {
    let mint = write_metaplex_nft(chain, SPL_TOKEN, holder, &Pubkey::new_unique());
    (mint, tokens::token_address(holder, &mint, &SPL_TOKEN))
}

fn metaplex_terms() -> ModelTerms {
    ModelTerms {
        content_hash: [3; 32],
        open_source: true,
        fork_royalty_bps: 500,
        creator_resale_royalty_bps: 600,
    }
}

/// What a rejected sale must leave untouched.
#[derive(Debug, PartialEq, Eq)]
struct Snapshot {
    buyer_payment: u64,
    creator_payment: u64,
    treasury_payment: u64,
    vault_tokens: u64,
    creator_nft: u64,
    sale_count: u32,
    listed: bool,
}

type Market = ModelSaleFixture;

/// What the attacks below build on a model for sale.
trait SaleAttacks {
    fn vault(&self) -> Pubkey;
    fn nft(&self, owner: &Pubkey) -> TokenAccountState;
    fn snapshot(&self, buyer: &Pubkey) -> Snapshot;
    fn claim_owner_ix(&self, owner: &Pubkey) -> Instruction;
}

impl SaleAttacks for Market {
    fn vault(&self) -> Pubkey {
        vault_pda(&self.mint, &self.payment_mint)
    }

    fn nft(&self, owner: &Pubkey) -> TokenAccountState {
        let account = self
            .platform
            .chain
            .svm
            .get_account(&ownership_token_address(owner, &self.mint))
            .unwrap();
        StateWithExtensions::<TokenAccountState>::unpack(&account.data)
            .unwrap()
            .base
    }

    fn snapshot(&self, buyer: &Pubkey) -> Snapshot {
        Snapshot {
            buyer_payment: self.payment_balance(buyer),
            creator_payment: self.payment_balance(&self.creator.pubkey()),
            treasury_payment: self.payment_balance(&self.platform.treasury),
            vault_tokens: balance(&self.platform.chain, &vault_tokens_pda(&self.vault())),
            creator_nft: self.nft(&self.creator.pubkey()).amount,
            sale_count: self.model().sale_count,
            listed: self.platform.chain.exists(&sale_pda(&self.mint)),
        }
    }

    fn claim_owner_ix(&self, owner: &Pubkey) -> Instruction {
        claim_owner_ix(&OwnerClaim {
            owner: *owner,
            ownership_token: ownership_token_address(owner, &self.mint),
            model_mint: self.mint,
            destination: self.payment_account(owner),
            payment_mint: self.payment_mint,
            token_program: self.token_program,
        })
    }
}

// ---------------------------------------------------------------- Accounts

#[test]
fn missing_signer_authority_owner_buyer_vault_and_market_instructions_without_their_signature_are_rejected_as_account_not_signer(
) {
    let mut market = Market::new();
    let creator = market.creator.insecure_clone();
    market.list(&creator, 1_000).unwrap();
    let buyer = market.buyer(1_000);
    let payer = market.chain().funded_keypair(SOL);
    let authority = market.platform.authority.pubkey();
    let before = market.snapshot(&buyer.pubkey());

    let mut pause = set_paused_ix(&authority, true);
    unsign(&mut pause, &authority);
    let mut take_down = set_taken_down_ix(&authority, &market.mint, true);
    unsign(&mut take_down, &authority);
    let contributors = vec![Contributor {
        wallet: payer.pubkey(),
        share_bps: 9_000,
    }];
    let mut set_contributors =
        set_contributors_ix(&creator.pubkey(), &market.mint, contributors, &[]);
    unsign(&mut set_contributors, &creator.pubkey());
    let mut cancel = cancel_model_sale_ix(&creator.pubkey(), &market.mint);
    unsign(&mut cancel, &creator.pubkey());
    let mut buy = market.sale_ix(&buyer.pubkey(), &creator.pubkey(), 1_000);
    unsign(&mut buy, &buyer.pubkey());
    // The escrow's vault and the market's authority PDA sign through their
    // programs only; named without a signature they are refused.
    let vault = market.vault();
    let mut record_vault = Instruction {
        program_id: model_registry::ID,
        accounts: model_registry::accounts::RecordVault {
            vault,
            model: model_pda(&market.mint),
        }
        .to_account_metas(None),
        data: model_registry::instruction::RecordVault {
            payment_mint: market.payment_mint,
        }
        .data(),
    };
    unsign(&mut record_vault, &vault);
    let mut record_license = record_license_activity_ix(&market_authority(), &market.mint);
    unsign(&mut record_license, &market_authority());

    for ix in [
        pause,
        take_down,
        set_contributors,
        cancel,
        buy,
        record_vault,
        record_license,
    ] {
        assert_error(
            &market.send(&[ix], &[&payer]),
            AnchorError::AccountNotSigner,
        );
    }
    assert_eq!(market.snapshot(&buyer.pubkey()), before);
    assert!(
        !market
            .platform
            .chain
            .account::<Config>(&config_pda())
            .paused
    );
    let model = market.model();
    assert!(!model.taken_down);
    assert_eq!(
        (model.split_version, model.vault_count, model.license_count),
        (0, 1, 0)
    );
}

#[test]
fn wrong_authority_a_stranger_cannot_cancel_a_listing_or_report_license_activity_and_a_purchase_cannot_name_another_seller(
) {
    let mut market = Market::new();
    let creator = market.creator.insecure_clone();
    market.list(&creator, 1_000).unwrap();
    let stranger = market.buyer(1_000);
    let before = market.snapshot(&stranger.pubkey());

    let mut cancel = cancel_model_sale_ix(&stranger.pubkey(), &market.mint);
    swap(
        &mut cancel,
        &ownership_token_address(&stranger.pubkey(), &market.mint),
        ownership_token_address(&creator.pubkey(), &market.mint),
    );
    assert_error(
        &market.send(&[cancel], &[&stranger]),
        RegistryError::NotModelOwner,
    );

    let record = record_license_activity_ix(&stranger.pubkey(), &market.mint);
    assert_error(
        &market.send(&[record], &[&stranger]),
        RegistryError::NotLicenseMarket,
    );

    // The listing is the creator's: a purchase naming the stranger as its
    // seller (to collect the listing's rent) does not match it.
    let mut buy = market.sale_ix(&stranger.pubkey(), &creator.pubkey(), 1_000);
    swap(&mut buy, &creator.pubkey(), stranger.pubkey());
    assert_error(
        &market.send(&[buy], &[&stranger]),
        AnchorError::ConstraintHasOne,
    );

    assert_eq!(market.snapshot(&stranger.pubkey()), before);
    assert_eq!(market.model().license_count, 0);
}

#[test]
fn owner_check_token_model_and_payment_accounts_with_the_right_layout_owned_by_another_program_are_rejected_as_owned_by_wrong_program(
) {
    let mut market = Market::new();
    let creator = market.creator.insecure_clone();
    let fake_program = Pubkey::new_unique();
    let thief = market.chain().funded_keypair(SOL);

    // An ownership "token account" of the model for the thief, amount 1, in
    // the token account layout but written by another program.
    let mint = market.mint;
    let forged_nft =
        tokens::write_token_account(market.chain(), &thief.pubkey(), &mint, fake_program, 1);
    let mut close = set_visibility_ix(&thief.pubkey(), &market.mint, false);
    swap(
        &mut close,
        &ownership_token_address(&thief.pubkey(), &market.mint),
        forged_nft,
    );
    assert_error(
        &market.send(&[close], &[&thief]),
        AnchorError::AccountOwnedByWrongProgram,
    );
    assert!(market.model().open_source);

    // A buyer paying from a payment "token account" another program wrote.
    market.list(&creator, 1_000).unwrap();
    let buyer = market.buyer(0);
    let payment_mint = market.payment_mint;
    let forged_payment = tokens::write_token_account(
        market.chain(),
        &buyer.pubkey(),
        &payment_mint,
        fake_program,
        1_000_000,
    );
    let before = market.snapshot(&buyer.pubkey());
    let mut buy = market.sale_ix(&buyer.pubkey(), &creator.pubkey(), 1_000);
    swap(
        &mut buy,
        &market.payment_account(&buyer.pubkey()),
        forged_payment,
    );
    assert_error(
        &market.send(&[buy], &[&buyer]),
        AnchorError::AccountOwnedByWrongProgram,
    );
    assert_eq!(market.snapshot(&buyer.pubkey()), before);

    // The model's own bytes at its own address, but owned by another program.
    let model = model_pda(&market.mint);
    forge(market.chain(), &model, &model, fake_program, |_| {});
    let open = set_visibility_ix(&creator.pubkey(), &market.mint, false);
    assert_error(
        &market.send(&[open], &[&creator]),
        AnchorError::AccountOwnedByWrongProgram,
    );
}

#[test]
fn type_cosplay_a_config_passed_as_a_model_or_a_model_as_a_listing_is_rejected_by_discriminator() {
    let mut market = Market::new();
    let creator = market.creator.insecure_clone();
    market.list(&creator, 1_000).unwrap();
    let authority = market.platform.authority.insecure_clone();
    let buyer = market.buyer(1_000);
    let before = market.snapshot(&buyer.pubkey());

    let mut take_down = set_taken_down_ix(&authority.pubkey(), &market.mint, true);
    swap(&mut take_down, &model_pda(&market.mint), config_pda());
    assert_error(
        &market.send(&[take_down], &[&authority]),
        AnchorError::AccountDiscriminatorMismatch,
    );

    let mut close = set_visibility_ix(&creator.pubkey(), &market.mint, false);
    swap(&mut close, &model_pda(&market.mint), sale_pda(&market.mint));
    assert_error(
        &market.send(&[close], &[&creator]),
        AnchorError::AccountDiscriminatorMismatch,
    );

    let mut buy = market.sale_ix(&buyer.pubkey(), &creator.pubkey(), 1_000);
    swap(&mut buy, &sale_pda(&market.mint), model_pda(&market.mint));
    assert_error(
        &market.send(&[buy], &[&buyer]),
        AnchorError::AccountDiscriminatorMismatch,
    );

    assert_eq!(market.snapshot(&buyer.pubkey()), before);
    let model = market.model();
    assert!(!model.taken_down && model.open_source);
}

#[test]
fn type_cosplay_a_forged_registry_account_with_another_discriminator_is_rejected_by_discriminator()
{
    let mut market = Market::new();
    let creator = market.creator.insecure_clone();
    // The model's bytes, owned by the registry, under a listing's discriminator.
    let model = model_pda(&market.mint);
    let mut data = market.chain().svm.get_account(&model).unwrap().data;
    data[..8].copy_from_slice(ModelSale::DISCRIMINATOR);
    tokens::write_account(market.chain(), &model, model_registry::ID, data);
    let close = set_visibility_ix(&creator.pubkey(), &market.mint, false);
    assert_error(
        &market.send(&[close], &[&creator]),
        AnchorError::AccountDiscriminatorMismatch,
    );
    // The config's bytes at its own address under a Model's discriminator.
    let config = config_pda();
    let mut data = market.chain().svm.get_account(&config).unwrap().data;
    data[..8].copy_from_slice(Model::DISCRIMINATOR);
    tokens::write_account(market.chain(), &config, model_registry::ID, data.clone());
    let authority = market.platform.authority.insecure_clone();
    let pause = set_paused_ix(&authority.pubkey(), true);
    assert_error(
        &market.send(&[pause], &[&authority]),
        AnchorError::AccountDiscriminatorMismatch,
    );
    assert_eq!(market.chain().svm.get_account(&config).unwrap().data, data);
}

#[test]
fn wrong_pda_copies_of_the_config_or_a_model_at_other_addresses_and_non_canonical_bumps_are_rejected_by_seeds(
) {
    let mut market = Market::new();
    let creator = market.creator.insecure_clone();
    let attacker = market.chain().funded_keypair(10 * SOL);

    // A Config naming the attacker as the platform authority, owned by the
    // registry, at an address of the attacker's choosing.
    let mut config: Config = market.platform.chain.account(&config_pda());
    config.authority = attacker.pubkey();
    let fake_config = Pubkey::new_unique();
    write_anchor_account(market.chain(), &fake_config, &config);
    let mut take_down = set_taken_down_ix(&attacker.pubkey(), &market.mint, true);
    swap(&mut take_down, &config_pda(), fake_config);
    assert_error(
        &market.send(&[take_down], &[&attacker]),
        AnchorError::ConstraintSeeds,
    );
    let mut pause = set_paused_ix(&attacker.pubkey(), true);
    swap(&mut pause, &config_pda(), fake_config);
    assert_error(
        &market.send(&[pause], &[&attacker]),
        AnchorError::ConstraintSeeds,
    );

    // A byte-for-byte copy of the model elsewhere.
    let copy = Pubkey::new_unique();
    let model = model_pda(&market.mint);
    forge(market.chain(), &model, &copy, model_registry::ID, |_| {});
    let mut close = set_visibility_ix(&creator.pubkey(), &market.mint, false);
    swap(&mut close, &model_pda(&market.mint), copy);
    assert_error(
        &market.send(&[close], &[&creator]),
        AnchorError::ConstraintSeeds,
    );

    // New PDAs at a valid but non-canonical bump.
    let mut list =
        list_model_for_sale_ix(&creator.pubkey(), &market.mint, &market.payment_mint, 1_000);
    let off_bump_sale = non_canonical_pda(&[SALE_SEED, market.mint.as_ref()], &model_registry::ID);
    swap(&mut list, &sale_pda(&market.mint), off_bump_sale);
    assert_error(
        &market.send(&[list], &[&creator]),
        AnchorError::ConstraintSeeds,
    );
    let new_mint = Keypair::new();
    let mut register =
        register_model_ix(&creator.pubkey(), &new_mint.pubkey(), default_model_args());
    let off_bump_model = non_canonical_pda(
        &[MODEL_SEED, new_mint.pubkey().as_ref()],
        &model_registry::ID,
    );
    swap(
        &mut register,
        &model_pda(&new_mint.pubkey()),
        off_bump_model,
    );
    assert_error(
        &market.send(&[register], &[&creator, &new_mint]),
        AnchorError::ConstraintSeeds,
    );

    let model = market.model();
    assert!(!model.taken_down && model.open_source);
    assert!(
        !market
            .platform
            .chain
            .account::<Config>(&config_pda())
            .paused
    );
    for address in [sale_pda(&market.mint), off_bump_sale, off_bump_model] {
        assert!(!market.platform.chain.exists(&address));
    }
}

#[test]
fn pda_sharing_another_models_listing_cannot_sell_or_cancel_this_model_and_is_rejected_by_seeds() {
    let mut market = Market::new();
    let creator = market.creator.insecure_clone();
    market.list(&creator, 1_000_000).unwrap();
    // The same creator lists a second model for 1 unit.
    let (other, result) = market
        .platform
        .register_model(&creator, default_model_args());
    result.unwrap();
    let other = other.pubkey();
    let cheap = DEFAULT_MIN_MODEL_SALE_PRICE;
    let list_other = list_model_for_sale_ix(&creator.pubkey(), &other, &market.payment_mint, cheap);
    market.send(&[list_other], &[&creator]).unwrap();
    let buyer = market.buyer(1_000_000);
    let before = market.snapshot(&buyer.pubkey());

    // Buy the first model at the second one's price.
    let mut buy = market.sale_ix(&buyer.pubkey(), &creator.pubkey(), cheap);
    swap(&mut buy, &sale_pda(&market.mint), sale_pda(&other));
    assert_error(
        &market.send(&[buy], &[&buyer]),
        AnchorError::ConstraintSeeds,
    );
    let mut cancel = cancel_model_sale_ix(&creator.pubkey(), &market.mint);
    swap(&mut cancel, &sale_pda(&market.mint), sale_pda(&other));
    assert_error(
        &market.send(&[cancel], &[&creator]),
        AnchorError::ConstraintSeeds,
    );

    assert_eq!(market.snapshot(&buyer.pubkey()), before);
    let other_sale: ModelSale = market.platform.chain.account(&sale_pda(&other));
    assert_eq!((other_sale.model_mint, other_sale.price), (other, cheap));
}

#[test]
fn canonical_bumps_the_config_models_forks_listings_and_metaplex_models_store_their_canonical_bump()
{
    let mut market = Market::new();
    let creator = market.creator.insecure_clone();
    let canonical = |seeds: &[&[u8]]| Pubkey::find_program_address(seeds, &model_registry::ID).1;

    let config: Config = market.platform.chain.account(&config_pda());
    assert_eq!(config.bump, canonical(&[CONFIG_SEED]));
    assert_eq!(
        market.model().bump,
        canonical(&[MODEL_SEED, market.mint.as_ref()])
    );

    let parent = market.mint;
    let (fork, result) = market
        .platform
        .fork_model(&creator, &parent, default_model_args());
    result.unwrap();
    let fork = fork.pubkey();
    let fork_model: Model = market.platform.chain.account(&model_pda(&fork));
    assert_eq!(fork_model.bump, canonical(&[MODEL_SEED, fork.as_ref()]));

    market.list(&creator, 1_000).unwrap();
    let sale: ModelSale = market.platform.chain.account(&sale_pda(&market.mint));
    assert_eq!(sale.bump, canonical(&[SALE_SEED, market.mint.as_ref()]));

    let (nft, holder_token) = metaplex_nft(market.chain(), &creator.pubkey());
    let register =
        register_metaplex_model_ix(&creator.pubkey(), &nft, holder_token, metaplex_terms());
    market.send(&[register], &[&creator]).unwrap();
    let metaplex_model: Model = market.platform.chain.account(&model_pda(&nft));
    assert_eq!(metaplex_model.bump, canonical(&[MODEL_SEED, nft.as_ref()]));
}

#[test]
fn reinitialisation_listing_twice_or_registering_a_metaplex_nft_again_is_refused_by_the_system_program(
) {
    let mut market = Market::new();
    let creator = market.creator.insecure_clone();
    market.list(&creator, 1_000).unwrap();
    let relist = market.list(&creator, 1);
    assert_rejected_by(&relist, &anchor_lang::system_program::ID);
    let sale: ModelSale = market.platform.chain.account(&sale_pda(&market.mint));
    assert_eq!(sale.price, 1_000);

    // Registered by its holder, then again by the next holder to become the
    // model's creator.
    let (nft, creator_token) = metaplex_nft(market.chain(), &creator.pubkey());
    let register =
        register_metaplex_model_ix(&creator.pubkey(), &nft, creator_token, metaplex_terms());
    market.send(&[register], &[&creator]).unwrap();
    let holder = market.chain().funded_keypair(SOL);
    tokens::write_token_account(market.chain(), &creator.pubkey(), &nft, SPL_TOKEN, 0);
    let holder_token =
        tokens::write_token_account(market.chain(), &holder.pubkey(), &nft, SPL_TOKEN, 1);
    let again = register_metaplex_model_ix(&holder.pubkey(), &nft, holder_token, metaplex_terms());
    assert_rejected_by(
        &market.send(&[again], &[&holder]),
        &anchor_lang::system_program::ID,
    );
    let model: Model = market.platform.chain.account(&model_pda(&nft));
    assert_eq!(model.creator, creator.pubkey());
    assert_eq!(
        market
            .platform
            .chain
            .account::<Config>(&config_pda())
            .model_count,
        2
    );
}

#[test]
fn closing_and_revival_a_listing_closed_by_a_purchase_cannot_be_bought_again_even_refunded_in_the_same_transaction(
) {
    let mut market = Market::new();
    let creator = market.creator.insecure_clone();
    market.list(&creator, 1_000).unwrap();
    let first = market.buyer(1_000);
    let second = market.buyer(1_000);
    let before = (
        market.snapshot(&first.pubkey()),
        market.payment_balance(&second.pubkey()),
    );

    // Buy, refund the closed listing's rent, buy again: the listing is now a
    // system account, not a ModelSale.
    let sale = sale_pda(&market.mint);
    let rent = market
        .platform
        .chain
        .svm
        .minimum_balance_for_rent_exemption(8 + <ModelSale as anchor_lang::Space>::INIT_SPACE);
    let buy_first = market.sale_ix(&first.pubkey(), &creator.pubkey(), 1_000);
    let revive = system_instruction::transfer(&first.pubkey(), &sale, rent);
    let buy_second = market.sale_ix(&second.pubkey(), &creator.pubkey(), 1_000);
    let result = market.send(
        &[buy_first.clone(), revive, buy_second.clone()],
        &[&first, &second],
    );
    assert_error(&result, AnchorError::AccountOwnedByWrongProgram);
    assert_eq!(
        (
            market.snapshot(&first.pubkey()),
            market.payment_balance(&second.pubkey())
        ),
        before
    );

    // In separate transactions the closed listing is simply gone.
    market.send(&[buy_first], &[&first]).unwrap();
    assert_error(
        &market.send(&[buy_second], &[&second]),
        AnchorError::AccountNotInitialized,
    );
    assert_eq!(market.payment_balance(&second.pubkey()), 1_000);
    assert_eq!(market.nft(&first.pubkey()).amount, 1);
    assert_eq!(market.nft(&second.pubkey()).amount, 0);
    assert_eq!(market.model().sale_count, 1);
}

#[test]
fn arbitrary_cpi_a_fake_token_or_payment_token_program_is_rejected_by_program_id_constraints() {
    let mut market = Market::new();
    let creator = market.creator.insecure_clone();
    market.list(&creator, 1_000).unwrap();
    let buyer = market.buyer(1_000);
    let fake_program = Pubkey::new_unique();
    let before = market.snapshot(&buyer.pubkey());
    let buy = market.sale_ix(&buyer.pubkey(), &creator.pubkey(), 1_000);

    let mut fake_nft_program = buy.clone();
    swap(&mut fake_nft_program, &TOKEN_2022, SPL_TOKEN);
    assert_error(
        &market.send(&[fake_nft_program], &[&buyer]),
        AnchorError::InvalidProgramId,
    );
    let mut fake_payment_program = buy;
    assert_eq!(
        fake_payment_program.accounts[BUY_PAYMENT_TOKEN_PROGRAM].pubkey,
        SPL_TOKEN
    );
    fake_payment_program.accounts[BUY_PAYMENT_TOKEN_PROGRAM].pubkey = fake_program;
    assert_error(
        &market.send(&[fake_payment_program], &[&buyer]),
        AnchorError::InvalidProgramId,
    );
    assert_eq!(market.snapshot(&buyer.pubkey()), before);

    let mut fake_cancel_program = cancel_model_sale_ix(&creator.pubkey(), &market.mint);
    swap(&mut fake_cancel_program, &TOKEN_2022, fake_program);
    assert_error(
        &market.send(&[fake_cancel_program], &[&creator]),
        AnchorError::InvalidProgramId,
    );
    assert!(market.platform.chain.exists(&sale_pda(&market.mint)));
}

#[test]
fn remaining_accounts_spoofing_vault_accounts_appended_to_a_sale_move_nothing_from_any_vault() {
    let mut market = Market::new();
    let creator = market.creator.insecure_clone();
    market.list(&creator, 1_000).unwrap();
    let buyer = market.buyer(1_000);
    let vault = market.vault();
    let vault_before = market.platform.chain.svm.get_account(&vault).unwrap().data;
    let vault_tokens_before = balance(&market.platform.chain, &vault_tokens_pda(&vault));
    // The old settlement layout, aimed at the buyer's own account.
    let mut ix = market.sale_ix(&buyer.pubkey(), &creator.pubkey(), 1_000);
    let buyer_account = market.payment_account(&buyer.pubkey());
    ix.accounts.extend(settlement(
        &market.mint,
        &market.payment_mint,
        &buyer_account,
    ));
    market.send(&[ix], &[&buyer]).unwrap();

    assert_eq!(market.payment_balance(&buyer.pubkey()), 0);
    assert_eq!(
        market.platform.chain.svm.get_account(&vault).unwrap().data,
        vault_before
    );
    assert_eq!(
        balance(&market.platform.chain, &vault_tokens_pda(&vault)),
        vault_tokens_before
    );
}

#[test]
fn remaining_accounts_spoofing_a_contributors_consent_named_without_its_signature_is_rejected() {
    let mut market = Market::new();
    let creator = market.creator.insecure_clone();
    let alice = Pubkey::new_unique();
    let named = vec![Contributor {
        wallet: alice,
        share_bps: 2_000,
    }];
    let set = set_contributors_ix(&creator.pubkey(), &market.mint, named.clone(), &[]);
    market.send(&[set], &[&creator]).unwrap();
    let mut remove = set_contributors_ix(&creator.pubkey(), &market.mint, vec![], &[alice]);
    unsign(&mut remove, &alice);
    assert_error(
        &market.send(&[remove], &[&creator]),
        RegistryError::ContributorConsentMissing,
    );
    let model = market.model();
    assert_eq!(&model.contributors[..1], &named[..]);
    assert_eq!(model.split_version, 1);
}

// ------------------------------------------------------------------ Tokens

#[test]
fn wrong_mint_paying_from_an_account_of_another_mint_or_naming_another_payment_mint_is_rejected() {
    let mut market = Market::new();
    let creator = market.creator.insecure_clone();
    market.list(&creator, 1_000).unwrap();
    let buyer = market.buyer(0);
    let other_authority = market.chain().funded_keypair(SOL);
    let other_mint = tokens::create_mint(market.chain(), &other_authority, SPL_TOKEN, 6);
    let other_payment = tokens::mint_to(
        market.chain(),
        &other_authority,
        &other_mint,
        &SPL_TOKEN,
        &buyer.pubkey(),
        1_000,
    );
    let before = market.snapshot(&buyer.pubkey());

    let mut pay_other = market.sale_ix(&buyer.pubkey(), &creator.pubkey(), 1_000);
    swap(
        &mut pay_other,
        &market.payment_account(&buyer.pubkey()),
        other_payment,
    );
    assert_error(
        &market.send(&[pay_other], &[&buyer]),
        AnchorError::ConstraintTokenMint,
    );
    let mut name_other = market.sale_ix(&buyer.pubkey(), &creator.pubkey(), 1_000);
    swap(&mut name_other, &market.payment_mint, other_mint);
    assert_error(
        &market.send(&[name_other], &[&buyer]),
        AnchorError::ConstraintAddress,
    );

    assert_eq!(market.snapshot(&buyer.pubkey()), before);
    assert_eq!(balance(&market.platform.chain, &other_payment), 1_000);
}

#[test]
fn wrong_token_program_a_listing_paid_under_the_other_token_program_is_rejected_by_the_token_program_constraint(
) {
    for (listed_in, named) in [(SPL_TOKEN, TOKEN_2022), (TOKEN_2022, SPL_TOKEN)] {
        let mut market = Market::paying_in(listed_in);
        let creator = market.creator.insecure_clone();
        market.list(&creator, 1_000).unwrap();
        let buyer = market.buyer(1_000);
        let before = market.snapshot(&buyer.pubkey());
        let mut buy = market.sale_ix(&buyer.pubkey(), &creator.pubkey(), 1_000);
        assert_eq!(buy.accounts[BUY_PAYMENT_TOKEN_PROGRAM].pubkey, listed_in);
        buy.accounts[BUY_PAYMENT_TOKEN_PROGRAM].pubkey = named;
        assert_error(
            &market.send(&[buy], &[&buyer]),
            AnchorError::ConstraintMintTokenProgram,
        );
        assert_eq!(market.snapshot(&buyer.pubkey()), before);
    }
}

#[test]
fn token_account_not_owned_by_the_payer_or_the_payee_is_rejected_by_the_token_owner_constraint() {
    let mut market = Market::new();
    let creator = market.creator.insecure_clone();
    market.list(&creator, 1_000).unwrap();
    let buyer = market.buyer(1_000);
    let victim = market.buyer(1_000);
    let accomplice = market.buyer(0);
    let before = market.snapshot(&buyer.pubkey());
    let victims = market.payment_account(&victim.pubkey());
    let accomplices = market.payment_account(&accomplice.pubkey());

    // Paying from another wallet's account.
    let mut ix = market.sale_ix(&buyer.pubkey(), &creator.pubkey(), 1_000);
    swap(&mut ix, &market.payment_account(&buyer.pubkey()), victims);
    assert_error(
        &market.send(&[ix], &[&buyer]),
        AnchorError::ConstraintTokenOwner,
    );
    // Redirecting the seller's proceeds or the platform's fee.
    for payee in [creator.pubkey(), market.platform.treasury] {
        let mut ix = market.sale_ix(&buyer.pubkey(), &creator.pubkey(), 1_000);
        swap(&mut ix, &market.payment_account(&payee), accomplices);
        assert_error(
            &market.send(&[ix], &[&buyer]),
            AnchorError::ConstraintTokenOwner,
        );
    }

    assert_eq!(market.snapshot(&buyer.pubkey()), before);
    assert_eq!(balance(&market.platform.chain, &victims), 1_000);
    assert_eq!(balance(&market.platform.chain, &accomplices), 0);
}

#[test]
fn a_frozen_ownership_nft_cannot_be_moved_thawed_or_burned_by_its_new_holder_after_a_sale() {
    let mut market = Market::new();
    let creator = market.creator.insecure_clone();
    market.list(&creator, 1_000).unwrap();
    let buyer = market.buyer(1_000);
    let ix = market.sale_ix(&buyer.pubkey(), &creator.pubkey(), 1_000);
    market.send(&[ix], &[&buyer]).unwrap();
    let held = ownership_token_address(&buyer.pubkey(), &market.mint);
    let destination = ownership_token_address(&creator.pubkey(), &market.mint);

    let transfer = spl_token_2022::instruction::transfer_checked(
        &TOKEN_2022,
        &held,
        &market.mint,
        &destination,
        &buyer.pubkey(),
        &[],
        1,
        0,
    )
    .unwrap();
    assert_error(&market.send(&[transfer], &[&buyer]), TOKEN_ACCOUNT_FROZEN);
    // Only the Model PDA is the freeze authority.
    let thaw = spl_token_2022::instruction::thaw_account(
        &TOKEN_2022,
        &held,
        &market.mint,
        &buyer.pubkey(),
        &[],
    )
    .unwrap();
    assert_error(&market.send(&[thaw], &[&buyer]), TOKEN_OWNER_MISMATCH);
    let burn = spl_token_2022::instruction::burn(
        &TOKEN_2022,
        &held,
        &market.mint,
        &buyer.pubkey(),
        &[],
        1,
    )
    .unwrap();
    assert_error(&market.send(&[burn], &[&buyer]), TOKEN_ACCOUNT_FROZEN);

    let nft = market.nft(&buyer.pubkey());
    assert_eq!((nft.amount, nft.state), (1, AccountState::Frozen));
}

#[test]
fn minting_a_second_ownership_nft_is_refused_by_the_token_program_its_mint_authority_is_gone() {
    let mut market = Market::new();
    let creator = market.creator.insecure_clone();
    // Into a fresh (not frozen) account of the creator's accomplice.
    let accomplice = Pubkey::new_unique();
    let mint = market.mint;
    let fresh = tokens::token_account(market.chain(), &accomplice, &mint, &TOKEN_2022);
    let mint_again = spl_token_2022::instruction::mint_to(
        &TOKEN_2022,
        &market.mint,
        &fresh,
        &creator.pubkey(),
        &[],
        1,
    )
    .unwrap();
    assert_error(&market.send(&[mint_again], &[&creator]), TOKEN_FIXED_SUPPLY);
    let take_authority = spl_token_2022::instruction::set_authority(
        &TOKEN_2022,
        &market.mint,
        Some(&creator.pubkey()),
        AuthorityType::MintTokens,
        &creator.pubkey(),
        &[],
    )
    .unwrap();
    assert_error(
        &market.send(&[take_authority], &[&creator]),
        TOKEN_FIXED_SUPPLY,
    );
    let account = market.platform.chain.svm.get_account(&market.mint).unwrap();
    let mint = StateWithExtensions::<MintState>::unpack(&account.data)
        .unwrap()
        .base;
    assert_eq!(mint.supply, 1);
    assert!(mint.mint_authority.is_none());
    assert_eq!(balance(&market.platform.chain, &fresh), 0);
}

#[test]
fn minting_a_second_ownership_nft_a_metaplex_import_that_can_still_mint_print_or_be_taken_by_a_delegate_is_refused(
) {
    let mut platform = Platform::new();
    let holder = platform.chain.funded_keypair(10 * SOL);
    let live = Some(Pubkey::new_unique());
    // (token program, mint authority if not the edition, max prints, permanent delegate)
    for (token_program, mint_authority, max_supply, permanent_delegate, expected) in [
        (
            SPL_TOKEN,
            live,
            Some(0),
            None,
            RegistryError::MintAuthorityNotMasterEdition,
        ),
        (
            TOKEN_2022,
            live,
            Some(0),
            None,
            RegistryError::MintAuthorityNotMasterEdition,
        ),
        (
            SPL_TOKEN,
            None,
            None,
            None,
            RegistryError::MasterEditionAllowsPrints,
        ),
        (
            TOKEN_2022,
            None,
            Some(0),
            live,
            RegistryError::MintHasPermanentDelegate,
        ),
    ] {
        let chain = &mut platform.chain;
        let mint = write_metaplex_nft(
            chain,
            token_program,
            &holder.pubkey(),
            &Pubkey::new_unique(),
        );
        let state = MintState {
            mint_authority: mint_authority
                .or(Some(metaplex_master_edition_pda(&mint)))
                .into(),
            ..metaplex_mint_state(&mint)
        };
        tokens::write_mint_state(chain, &mint, token_program, state, permanent_delegate);
        let edition = metaplex_master_edition_bytes(max_supply);
        tokens::write_account(
            chain,
            &metaplex_master_edition_pda(&mint),
            MPL_TOKEN_METADATA,
            edition,
        );
        let holder_token = tokens::token_address(&holder.pubkey(), &mint, &token_program);
        let ix =
            register_metaplex_model_ix(&holder.pubkey(), &mint, holder_token, metaplex_terms());
        assert_error(&chain.send(&[ix], &[&holder]), expected);
        assert!(!chain.exists(&model_pda(&mint)));
        assert_eq!(balance(chain, &holder_token), 1);
    }
    assert_eq!(
        platform.chain.account::<Config>(&config_pda()).model_count,
        0
    );
}

// ------------------------------------------------------------------- Money

#[test]
fn overflow_a_sale_at_u64_max_moves_nothing_when_underfunded_and_splits_without_losing_a_unit() {
    let mut market = Market::new();
    let creator = market.creator.insecure_clone();
    // A listing in a mint of its own, so that u64::MAX units can exist.
    let chain = &mut market.platform.chain;
    let authority = chain.funded_keypair(SOL);
    let big_mint = tokens::create_mint(chain, &authority, SPL_TOKEN, 0);
    for owner in [creator.pubkey(), market.platform.treasury] {
        tokens::token_account(chain, &owner, &big_mint, &SPL_TOKEN);
    }
    let list = list_model_for_sale_ix(&creator.pubkey(), &market.mint, &big_mint, u64::MAX);
    market.send(&[list], &[&creator]).unwrap();
    let buyer = market.buyer(0);
    let chain = &mut market.platform.chain;
    let buyer_tokens = tokens::mint_to(
        chain,
        &authority,
        &big_mint,
        &SPL_TOKEN,
        &buyer.pubkey(),
        u64::MAX - 1,
    );
    let parties = SaleParties {
        payment_mint: big_mint,
        ..market.parties(&buyer.pubkey(), &creator.pubkey())
    };
    let buy = buy_model_ix(&market.mint, &parties, market.expected_sale(u64::MAX));
    let big_balance = |market: &Market, owner: &Pubkey| {
        balance(
            &market.platform.chain,
            &tokens::token_address(owner, &big_mint, &SPL_TOKEN),
        )
    };

    let result = market.send(&[buy.clone()], &[&buyer]);
    assert_error(&result, TOKEN_INSUFFICIENT_FUNDS);
    assert_rejected_by(&result, &SPL_TOKEN);
    assert_eq!(big_balance(&market, &buyer.pubkey()), u64::MAX - 1);
    assert_eq!(big_balance(&market, &creator.pubkey()), 0);
    assert_eq!(market.nft(&creator.pubkey()).amount, 1);

    let chain = &mut market.platform.chain;
    tokens::mint_to(chain, &authority, &big_mint, &SPL_TOKEN, &buyer.pubkey(), 1);
    assert_eq!(balance(chain, &buyer_tokens), u64::MAX);
    market.send(&[buy], &[&buyer]).unwrap();
    let fee = (u64::MAX as u128 * 500 / 10_000) as u64;
    let treasury = market.platform.treasury;
    assert_eq!(big_balance(&market, &treasury), fee);
    assert_eq!(big_balance(&market, &creator.pubkey()), u64::MAX - fee);
    assert_eq!(big_balance(&market, &buyer.pubkey()), 0);
    assert_eq!(market.nft(&buyer.pubkey()).amount, 1);
}

#[test]
fn fee_above_cap_a_metaplex_model_asking_royalties_above_their_caps_is_rejected() {
    let mut platform = Platform::new();
    let creator = platform.chain.funded_keypair(10 * SOL);
    let (nft, holder_token) = metaplex_nft(&mut platform.chain, &creator.pubkey());
    for (terms, expected) in [
        (
            ModelTerms {
                fork_royalty_bps: 3_001,
                ..metaplex_terms()
            },
            RegistryError::ForkRoyaltyAboveCap,
        ),
        (
            ModelTerms {
                creator_resale_royalty_bps: 1_001,
                ..metaplex_terms()
            },
            RegistryError::InvalidResaleRoyalty,
        ),
        (
            ModelTerms {
                creator_resale_royalty_bps: 499,
                ..metaplex_terms()
            },
            RegistryError::InvalidResaleRoyalty,
        ),
    ] {
        let ix = register_metaplex_model_ix(&creator.pubkey(), &nft, holder_token, terms);
        assert_error(&platform.chain.send(&[ix], &[&creator]), expected);
    }
    assert!(!platform.chain.exists(&model_pda(&nft)));
    assert_eq!(
        platform.chain.account::<Config>(&config_pda()).model_count,
        0
    );
}

#[test]
fn claiming_as_the_previous_owner_after_a_sale_is_rejected_and_the_buyer_cannot_claim_what_the_seller_earned(
) {
    let mut market = Market::new();
    let creator = market.creator.insecure_clone();
    market.list(&creator, 1_000).unwrap();
    let buyer = market.buyer(1_000);
    let ix = market.sale_ix(&buyer.pubkey(), &creator.pubkey(), 1_000);
    market.send(&[ix], &[&buyer]).unwrap();
    assert_eq!(market.payment_balance(&creator.pubkey()), 950);

    let seller_claim = market.claim_owner_ix(&creator.pubkey());
    assert_error(
        &market.send(&[seller_claim.clone()], &[&creator]),
        EscrowError::NotModelOwner,
    );
    let buyer_claim = market.claim_owner_ix(&buyer.pubkey());
    assert_error(
        &market.send(&[buyer_claim.clone()], &[&buyer]),
        EscrowError::OwnerPeriodNotSettled,
    );
    let settle = settle_owner_period_ix(
        &buyer.pubkey(),
        &market.mint,
        &market.payment_mint,
        &creator.pubkey(),
    );
    market.send(&[settle], &[&buyer]).unwrap();
    assert_error(
        &market.send(&[buyer_claim], &[&buyer]),
        EscrowError::NothingToClaim,
    );
    assert_error(
        &market.send(&[seller_claim], &[&creator]),
        EscrowError::NotModelOwner,
    );
    // The seller's 10,000 wait in the vault for it alone.
    let vault: Vault = market.platform.chain.account(&market.vault());
    assert_eq!(vault.owed_to_previous_owners, 10_000);
    assert_eq!(
        balance(&market.platform.chain, &vault_tokens_pda(&market.vault())),
        10_000
    );
    assert_eq!(market.payment_balance(&creator.pubkey()), 950);
    assert_eq!(market.payment_balance(&buyer.pubkey()), 0);
}

#[test]
fn a_paused_platform_blocks_sales_but_never_an_owner_withdrawing_its_listing_or_claiming_its_revenue(
) {
    let mut market = Market::new();
    let creator = market.creator.insecure_clone();
    market.list(&creator, 1_000).unwrap();
    let buyer = market.buyer(1_000);
    let authority = market.platform.authority.insecure_clone();
    market
        .send(&[set_paused_ix(&authority.pubkey(), true)], &[&authority])
        .unwrap();
    let before = market.snapshot(&buyer.pubkey());
    let buy = market.sale_ix(&buyer.pubkey(), &creator.pubkey(), 1_000);
    assert_error(
        &market.send(&[buy], &[&buyer]),
        RegistryError::PlatformPaused,
    );
    assert_eq!(market.snapshot(&buyer.pubkey()), before);

    market
        .send(
            &[cancel_model_sale_ix(&creator.pubkey(), &market.mint)],
            &[&creator],
        )
        .unwrap();
    assert!(!market.platform.chain.exists(&sale_pda(&market.mint)));
    let claim = market.claim_owner_ix(&creator.pubkey());
    market.send(&[claim], &[&creator]).unwrap();
    assert_eq!(market.payment_balance(&creator.pubkey()), 10_000);
}
