use {
    anchor_lang::error::ErrorCode as AnchorError,
    anchor_spl::token_2022::spl_token_2022::{
        extension::StateWithExtensions,
        instruction::transfer_checked,
        state::{Account as TokenAccountState, AccountState},
    },
    hex_test_support::{
        escrow::{claim_owner_ix, previous_owner_earnings_pda, vault_pda, OwnerClaim},
        registry::*,
        solana_keypair::Keypair,
        solana_signer::Signer,
        tokens::{self, SPL_TOKEN, TOKEN_2022},
        *,
    },
    model_registry::errors::RegistryError,
};

type Market = ModelSaleFixture;

/// The sale flows these tests drive.
trait SaleFlows {
    fn buy(&mut self, buyer: &Keypair, seller: &Pubkey, expected_price: u64) -> TxResult;
    fn nft_account(&self, owner: &Pubkey) -> TokenAccountState;
}

impl SaleFlows for Market {
    fn buy(&mut self, buyer: &Keypair, seller: &Pubkey, expected_price: u64) -> TxResult {
        let ix = self.sale_ix(&buyer.pubkey(), seller, expected_price);
        self.platform.chain.send(&[ix], &[buyer])
    }

    fn nft_account(&self, owner: &Pubkey) -> TokenAccountState {
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
}

/// The seller's owner share of the vault, settled after the sale and paid
/// out by a keeper into the seller's associated token account; the keeper
/// gets the earnings account's rent back.
fn settle_and_pay_seller(market: &mut Market, seller: &Pubkey) {
    let keeper = market.pay_seller_its_share(seller);
    let vault = vault_pda(&market.mint, &market.payment_mint);
    assert!(!market
        .platform
        .chain
        .exists(&previous_owner_earnings_pda(&vault, seller)));
    assert_eq!(
        market.platform.chain.lamports(&keeper.pubkey()),
        SOL - 5_000,
        "only the fee: the earnings account's rent came back"
    );
}

#[test]
fn a_first_sale_pays_the_platform_5_percent_and_the_seller_keeps_its_revenue() {
    let mut market = Market::new();
    let creator = market.creator.insecure_clone();
    market.list(&creator, 1_000_000).unwrap();
    let buyer = market.buyer(1_000_000);
    market.buy(&buyer, &creator.pubkey(), 1_000_000).unwrap();

    assert_eq!(market.payment_balance(&market.platform.treasury), 50_000);
    assert_eq!(market.payment_balance(&creator.pubkey()), 950_000);
    assert_eq!(market.payment_balance(&buyer.pubkey()), 0);
    assert_eq!(market.model().owner, buyer.pubkey());
    assert!(!market.model().listed_for_sale);
    // The 10,000 the owner's share earned before the sale stay the seller's.
    settle_and_pay_seller(&mut market, &creator.pubkey());
    assert_eq!(market.payment_balance(&creator.pubkey()), 950_000 + 10_000);
    let bought = market.nft_account(&buyer.pubkey());
    assert_eq!((bought.amount, bought.state), (1, AccountState::Frozen));
    assert_eq!(market.nft_account(&creator.pubkey()).amount, 0);
    assert_eq!(market.model().sale_count, 1);
    assert!(!market.platform.chain.exists(&sale_pda(&market.mint)));

    // From now on the owner's share is the buyer's, and only what came after.
    market.deposit(5_000);
    let buyer_tokens = tokens::token_address(&buyer.pubkey(), &market.payment_mint, &SPL_TOKEN);
    let claim = claim_owner_ix(&OwnerClaim {
        owner: buyer.pubkey(),
        ownership_token: ownership_token_address(&buyer.pubkey(), &market.mint),
        model_mint: market.mint,
        destination: buyer_tokens,
        payment_mint: market.payment_mint,
        token_program: SPL_TOKEN,
    });
    market.platform.chain.send(&[claim], &[&buyer]).unwrap();
    assert_eq!(market.payment_balance(&buyer.pubkey()), 5_000);
}

#[test]
fn a_resale_pays_the_platform_2_5_percent_and_the_creator_its_royalty() {
    let mut market = Market::new();
    let creator = market.creator.insecure_clone();
    market.list(&creator, 1_000_000).unwrap();
    let first_buyer = market.buyer(1_000_000);
    market
        .buy(&first_buyer, &creator.pubkey(), 1_000_000)
        .unwrap();
    market.list(&first_buyer, 2_000_000).unwrap();
    let second_buyer = market.buyer(2_000_000);
    market
        .buy(&second_buyer, &first_buyer.pubkey(), 2_000_000)
        .unwrap();

    assert_eq!(
        market.payment_balance(&market.platform.treasury),
        50_000 + 50_000
    );
    assert_eq!(
        market.payment_balance(&creator.pubkey()),
        950_000 + 150_000,
        "7.5% resale royalty"
    );
    // The vault saw no income after the first sale: its owner share is
    // still the creator's, whatever happened to the NFT since.
    settle_and_pay_seller(&mut market, &creator.pubkey());
    assert_eq!(market.payment_balance(&creator.pubkey()), 960_000 + 150_000);
    assert_eq!(market.payment_balance(&first_buyer.pubkey()), 1_800_000);
    assert_eq!(market.nft_account(&second_buyer.pubkey()).amount, 1);
    assert_eq!(market.model().sale_count, 2);
}

#[test]
fn rejects_a_purchase_at_a_price_the_buyer_did_not_agree_to() {
    let mut market = Market::new();
    let creator = market.creator.insecure_clone();
    market.list(&creator, 1_000_000).unwrap();
    let buyer = market.buyer(2_000_000);
    assert_error(
        &market.buy(&buyer, &creator.pubkey(), 900_000),
        RegistryError::PriceMismatch,
    );
    assert_eq!(market.payment_balance(&buyer.pubkey()), 2_000_000);
    assert_eq!(market.nft_account(&creator.pubkey()).amount, 1);
}

#[test]
fn rejects_listings_by_anyone_but_the_owner_and_purchases_by_the_seller() {
    let mut market = Market::new();
    let stranger = market.platform.chain.funded_keypair(SOL);
    let mut ix = list_model_for_sale_ix(&stranger.pubkey(), &market.mint, &market.payment_mint, 1);
    ix.accounts[1].pubkey = ownership_token_address(&market.creator.pubkey(), &market.mint);
    assert_error(
        &market.platform.chain.send(&[ix], &[&stranger]),
        RegistryError::NotModelOwner,
    );
    let creator = market.creator.insecure_clone();
    assert_error(&market.list(&creator, 0), RegistryError::PriceBelowMinimum);
    market.list(&creator, 1_000).unwrap();
    market.fund(&creator.pubkey(), 1_000);
    // Seller and buyer would be the same writable accounts.
    assert_error(
        &market.buy(&creator, &creator.pubkey(), 1_000),
        AnchorError::ConstraintDuplicateMutableAccount,
    );
}

#[test]
fn a_listed_nft_still_cannot_move_by_plain_transfer() {
    let mut market = Market::new();
    let creator = market.creator.insecure_clone();
    market.list(&creator, 1_000).unwrap();
    let thief = market.buyer(0);
    let transfer = transfer_checked(
        &TOKEN_2022,
        &ownership_token_address(&creator.pubkey(), &market.mint),
        &market.mint,
        &ownership_token_address(&thief.pubkey(), &market.mint),
        &creator.pubkey(),
        &[],
        1,
        0,
    )
    .unwrap();
    // spl_token_2022::error::TokenError::AccountFrozen
    assert_error(&market.platform.chain.send(&[transfer], &[&creator]), 17u32);
}

#[test]
fn a_cancelled_listing_cannot_be_bought() {
    let mut market = Market::new();
    let creator = market.creator.insecure_clone();
    market.list(&creator, 1_000).unwrap();
    market
        .platform
        .chain
        .send(
            &[cancel_model_sale_ix(&creator.pubkey(), &market.mint)],
            &[&creator],
        )
        .unwrap();
    assert!(!market.platform.chain.exists(&sale_pda(&market.mint)));
    let creator_nft = market.nft_account(&creator.pubkey());
    assert!(creator_nft.delegate.is_none());
    assert_eq!(creator_nft.state, AccountState::Frozen);
    let buyer = market.buyer(1_000);
    assert_error(
        &market.buy(&buyer, &creator.pubkey(), 1_000),
        AnchorError::AccountNotInitialized,
    );
}

#[test]
fn rejects_new_listings_while_the_platform_is_paused() {
    let mut market = Market::new();
    let authority = market.platform.authority.insecure_clone();
    market
        .platform
        .chain
        .send(&[set_paused_ix(&authority.pubkey(), true)], &[&authority])
        .unwrap();
    let creator = market.creator.insecure_clone();
    assert_error(&market.list(&creator, 1_000), RegistryError::PlatformPaused);
}

#[test]
fn only_a_real_escrow_vault_of_the_model_can_count_itself() {
    use anchor_lang::{InstructionData, ToAccountMetas};
    let mut market = Market::new();
    assert_eq!(
        market.model().vault_count,
        1,
        "the vault opened in setup counted itself"
    );
    let impostor = market.platform.chain.funded_keypair(SOL);
    let ix = anchor_lang::solana_program::instruction::Instruction {
        program_id: model_registry::ID,
        accounts: model_registry::accounts::RecordVault {
            vault: impostor.pubkey(),
            model: model_pda(&market.mint),
        }
        .to_account_metas(None),
        data: model_registry::instruction::RecordVault {
            payment_mint: market.payment_mint,
        }
        .data(),
    };
    assert_error(
        &market.platform.chain.send(&[ix], &[&impostor]),
        RegistryError::NotAnEscrowVault,
    );
    assert_eq!(market.model().vault_count, 1);
}

#[test]
fn rejects_a_sale_priced_in_a_token_2022_mint_that_does_not_conserve_amounts() {
    use anchor_spl::token_2022::spl_token_2022::{
        extension::ExtensionType, instruction::initialize_permanent_delegate,
    };
    let mut market = Market::new();
    let creator = market.creator.insecure_clone();
    // A permanent delegate could take back the platform fee and the royalty.
    let delegate = Pubkey::new_unique();
    market.payment_mint = tokens::create_token_2022_mint_with_extensions(
        &mut market.platform.chain,
        &creator,
        &[ExtensionType::PermanentDelegate],
        |mint| vec![initialize_permanent_delegate(&TOKEN_2022, mint, &delegate).unwrap()],
    );
    assert_error(
        &market.list(&creator, 1_000),
        RegistryError::UnsupportedMintExtension,
    );
    assert!(!market.platform.chain.exists(&sale_pda(&market.mint)));
}
