//! The model-sale holes of the security review, each performed as the
//! attacker would and now refused with a named error, nothing moved.

use {
    anchor_spl::token_2022::spl_token_2022::instruction::freeze_account,
    hex_test_support::{
        escrow::{claim_owner_ix, create_vault_ix, vault_pda, vault_tokens_pda, OwnerClaim},
        market::transaction_size,
        registry::*,
        solana_keypair::Keypair,
        solana_signer::Signer,
        tokens::{self, SPL_TOKEN, TOKEN_2022},
        *,
    },
    model_registry::{errors::RegistryError, state::Contributor},
};

type Market = ModelSaleFixture;

const PRICE: u64 = 1_000_000;

/// Everything a failed purchase must leave as it was.
#[derive(Debug, PartialEq, Eq)]
struct SaleSnapshot {
    balances: Vec<u64>,
    model: Vec<u8>,
    nft_holder: Pubkey,
}

fn snapshot(market: &Market, buyer: &Keypair) -> SaleSnapshot {
    let holders = [
        buyer.pubkey(),
        market.creator.pubkey(),
        market.platform.treasury,
    ];
    let chain = &market.platform.chain;
    let nft_holder = holders
        .iter()
        .find(|holder| tokens::balance(chain, &ownership_token_address(holder, &market.mint)) == 1)
        .copied()
        .unwrap_or_default();
    SaleSnapshot {
        balances: holders
            .iter()
            .map(|holder| market.payment_balance(holder))
            .collect(),
        model: chain
            .svm
            .get_account(&model_pda(&market.mint))
            .unwrap()
            .data,
        nft_holder,
    }
}

#[test]
fn hole_1_a_seller_cannot_change_a_listed_model_before_the_sale_lands() {
    let mut market = Market::new();
    let creator = market.creator.insecure_clone();
    market.list(&creator, PRICE).unwrap();
    let buyer = market.buyer(PRICE);
    let before = snapshot(&market, &buyer);

    // The front-run: a wallet of the seller's own takes the owner's whole share.
    let accomplice = Contributor {
        wallet: Pubkey::new_unique(),
        share_bps: 10_000,
    };
    let changes = [
        set_contributors_ix(&creator.pubkey(), &market.mint, vec![accomplice], &[]),
        set_visibility_ix(&creator.pubkey(), &market.mint, false),
        publish_version_ix(&creator.pubkey(), &market.mint, [9; 32], "ipfs://other"),
    ];
    for change in changes {
        assert_error(
            &market.send(&[change], &[&creator]),
            RegistryError::ModelListedForSale,
        );
    }
    assert_eq!(snapshot(&market, &buyer), before);

    // The buyer still gets exactly what it saw.
    let ix = market.sale_ix(&buyer.pubkey(), &creator.pubkey(), PRICE);
    market.send(&[ix], &[&buyer]).unwrap();
    assert_eq!(market.model().contributor_count, 0);
    assert_eq!(market.model().owner, buyer.pubkey());
}

#[test]
fn hole_1_a_cancel_change_relist_race_fails_with_sale_terms_changed() {
    let mut market = Market::new();
    let creator = market.creator.insecure_clone();
    market.list(&creator, PRICE).unwrap();
    let buyer = market.buyer(PRICE);
    let accomplice = Contributor {
        wallet: Pubkey::new_unique(),
        share_bps: 10_000,
    };
    // A contributor of the seller's own, then a new model version.
    let changes = [
        set_contributors_ix(&creator.pubkey(), &market.mint, vec![accomplice], &[]),
        publish_version_ix(&creator.pubkey(), &market.mint, [9; 32], "ipfs://v2"),
    ];
    for change in changes {
        let seen = market.expected_sale(PRICE);
        let cancel = cancel_model_sale_ix(&creator.pubkey(), &market.mint);
        market.send(&[cancel, change], &[&creator]).unwrap();
        market.list(&creator, PRICE).unwrap();
        let before = snapshot(&market, &buyer);
        let ix = buy_model_ix(
            &market.mint,
            &market.parties(&buyer.pubkey(), &creator.pubkey()),
            seen,
        );
        assert_error(
            &market.send(&[ix], &[&buyer]),
            RegistryError::SaleTermsChanged,
        );
        assert_eq!(snapshot(&market, &buyer), before);
    }
}

/// An attacker opens a vault of the model in a mint it controls and freezes
/// the vault's token account; `count` such vaults.
fn open_junk_vaults(market: &mut Market, count: usize) -> Vec<Pubkey> {
    let attacker = market.platform.chain.funded_keypair(10 * SOL);
    (0..count)
        .map(|_| {
            let junk = tokens::create_token_2022_mint_with_extensions(
                &mut market.platform.chain,
                &attacker,
                &[],
                |_| vec![],
            );
            let vault = vault_pda(&market.mint, &junk);
            let create = create_vault_ix(&attacker.pubkey(), &market.mint, &junk, &TOKEN_2022);
            let freeze = freeze_account(
                &TOKEN_2022,
                &vault_tokens_pda(&vault),
                &junk,
                &attacker.pubkey(),
                &[],
            )
            .unwrap();
            market.send(&[create, freeze], &[&attacker]).unwrap();
            junk
        })
        .collect()
}

#[test]
fn hole_2_junk_vaults_frozen_by_a_third_party_cannot_block_a_sale() {
    let mut market = Market::new();
    let creator = market.creator.insecure_clone();
    market.list(&creator, PRICE).unwrap();
    let buyer = market.buyer(PRICE);
    let sale = market.sale_ix(&buyer.pubkey(), &creator.pubkey(), PRICE);
    let with_one_vault = transaction_size(&market.platform.chain, &[sale.clone()], &[&buyer]);

    let junk_mints = open_junk_vaults(&mut market, 20);
    assert_eq!(market.model().vault_count, 21);
    let with_21_vaults = transaction_size(&market.platform.chain, &[sale.clone()], &[&buyer]);
    assert_eq!(
        with_one_vault, with_21_vaults,
        "same bytes and accounts at any vault count"
    );

    market.send(&[sale], &[&buyer]).unwrap();
    assert_eq!(market.model().owner, buyer.pubkey());
    assert_eq!(
        market.payment_balance(&creator.pubkey()),
        PRICE - PRICE * 500 / 10_000
    );

    // The real vault is untouched by the junk: the seller's share settles
    // and is paid, a deposit lands, and the new owner claims it.
    market.pay_seller_its_share(&creator.pubkey());
    assert_eq!(
        market.payment_balance(&creator.pubkey()),
        PRICE - PRICE * 500 / 10_000 + 10_000
    );
    market.deposit(4_000);
    let claim = claim_owner_ix(&OwnerClaim {
        owner: buyer.pubkey(),
        ownership_token: ownership_token_address(&buyer.pubkey(), &market.mint),
        model_mint: market.mint,
        destination: market.payment_account(&buyer.pubkey()),
        payment_mint: market.payment_mint,
        token_program: SPL_TOKEN,
    });
    market.send(&[claim], &[&buyer]).unwrap();
    assert_eq!(market.payment_balance(&buyer.pubkey()), 4_000);

    // The junk vaults stay the attacker's problem: still frozen, still unsettled.
    let junk_vault = vault_pda(&market.mint, &junk_mints[0]);
    assert!(market.platform.chain.exists(&junk_vault));
}

#[test]
fn hole_7_a_dust_priced_wash_sale_is_refused() {
    let mut market = Market::new();
    let creator = market.creator.insecure_clone();
    let before = snapshot(&market, &creator);
    assert_error(
        &market.list(&creator, DEFAULT_MIN_MODEL_SALE_PRICE - 1),
        RegistryError::PriceBelowMinimum,
    );
    assert_error(&market.list(&creator, 1), RegistryError::PriceBelowMinimum);
    assert!(!market.platform.chain.exists(&sale_pda(&market.mint)));
    assert!(!market.model().listed_for_sale);
    assert_eq!(snapshot(&market, &creator), before);

    // At the minimum, the first sale still pays the primary fee, rounded
    // down but never to nothing.
    market.list(&creator, DEFAULT_MIN_MODEL_SALE_PRICE).unwrap();
    let buyer = market.buyer(DEFAULT_MIN_MODEL_SALE_PRICE);
    let ix = market.sale_ix(
        &buyer.pubkey(),
        &creator.pubkey(),
        DEFAULT_MIN_MODEL_SALE_PRICE,
    );
    market.send(&[ix], &[&buyer]).unwrap();
    let fee = (DEFAULT_MIN_MODEL_SALE_PRICE * 500 / 10_000).max(1);
    assert_eq!(market.payment_balance(&market.platform.treasury), fee);
    assert_eq!(
        market.payment_balance(&creator.pubkey()),
        DEFAULT_MIN_MODEL_SALE_PRICE - fee
    );
}

#[test]
fn a_resale_without_the_creators_account_is_refused_with_creator_payment_missing() {
    let mut market = Market::new();
    let creator = market.creator.insecure_clone();
    market.list(&creator, PRICE).unwrap();
    let first_buyer = market.buyer(PRICE);
    let ix = market.sale_ix(&first_buyer.pubkey(), &creator.pubkey(), PRICE);
    market.send(&[ix], &[&first_buyer]).unwrap();
    market.list(&first_buyer, PRICE).unwrap();
    let second_buyer = market.buyer(PRICE);
    let mut resale = market.sale_ix(&second_buyer.pubkey(), &first_buyer.pubkey(), PRICE);
    // The optional creator account, left out (Anchor reads the program id as None).
    let creator_account = market.payment_account(&creator.pubkey());
    for meta in resale
        .accounts
        .iter_mut()
        .filter(|meta| meta.pubkey == creator_account)
    {
        *meta = anchor_lang::prelude::AccountMeta::new_readonly(model_registry::ID, false);
    }
    let before = snapshot(&market, &second_buyer);
    assert_error(
        &market.send(&[resale], &[&second_buyer]),
        RegistryError::CreatorPaymentMissing,
    );
    assert_eq!(snapshot(&market, &second_buyer), before);
}
