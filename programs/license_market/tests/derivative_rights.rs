//! A license with derivative rights lets its holder fork a closed model; the
//! registry reads the License through the market's IDL, checked here against
//! what the market writes.

use {
    anchor_lang::{AccountDeserialize, AccountSerialize},
    hex_test_support::{
        market::*,
        registry::{default_model_args, licensed_fork_model_ix, model_pda},
        solana_keypair::Keypair,
        solana_signer::Signer,
        tokens::SPL_TOKEN,
        *,
    },
    license_market::{errors::MarketError, instructions::CreateListingArgs},
    model_registry::{errors::RegistryError, instructions::RegisterModelArgs, state::Model},
};

const DAY: i64 = 24 * 60 * 60;

fn closed_model_market() -> MarketFixture {
    MarketFixture::with_model(
        SPL_TOKEN,
        RegisterModelArgs {
            open_source: false,
            ..default_model_args()
        },
    )
}

fn derivative_listing(
    listing_id: u64,
    pricing: license_market::state::Pricing,
) -> CreateListingArgs {
    with_derivative_rights(listing_args(listing_id, pricing, Pubkey::new_unique()))
}

fn fork(
    market: &mut MarketFixture,
    creator: &Keypair,
    license_mint: Option<&Pubkey>,
) -> (Pubkey, TxResult) {
    let mint = Keypair::new();
    let ix = licensed_fork_model_ix(
        &creator.pubkey(),
        &mint.pubkey(),
        &market.keys.model_mint,
        license_mint.map(license_pda),
        RegisterModelArgs {
            name: "Med Tuned Fork".to_string(),
            ..default_model_args()
        },
    );
    let result = market.chain().send(&[ix], &[creator, &mint]);
    (mint.pubkey(), result)
}

#[test]
fn the_registry_decodes_a_license_exactly_as_the_market_wrote_it() {
    let mut market = closed_model_market();
    market
        .create_listing(derivative_listing(1, subscription(1_000, 30 * DAY, 0)))
        .unwrap();
    let holder = market.wallet(1_000);
    let (license_mint, result) = market.buy(&holder, 1, 1_000);
    result.unwrap();
    let data = market
        .platform
        .chain
        .svm
        .get_account(&license_pda(&license_mint))
        .unwrap()
        .data;
    let license = market.license(&license_mint);
    let read =
        model_registry::license_market::accounts::License::try_deserialize(&mut &data[..]).unwrap();
    assert_eq!(
        (read.model_mint, read.holder, read.derivative_rights),
        (market.keys.model_mint, holder.pubkey(), true)
    );
    assert_eq!(
        (read.expires_at, read.total_paid, read.pending_payment),
        (license.expires_at, 1_000, 0)
    );
    assert!(license.expires_at > 0);
    // Every field, not only those: written back, it is the same account.
    let mut written = Vec::new();
    read.try_serialize(&mut written).unwrap();
    assert_eq!(written, data);
}

#[test]
fn a_license_with_derivative_rights_lets_its_holder_fork_a_closed_model() {
    let mut market = closed_model_market();
    market
        .create_listing(derivative_listing(1, one_time(1_000)))
        .unwrap();
    market
        .create_listing(listing_args(2, one_time(1_000), Pubkey::new_unique()))
        .unwrap();
    let licensed = market.wallet(1_000);
    let (derivative, result) = market.buy(&licensed, 1, 1_000);
    result.unwrap();
    let plain_holder = market.wallet(1_000);
    let (plain, result) = market.buy(&plain_holder, 2, 1_000);
    result.unwrap();

    assert_error(
        &fork(&mut market, &licensed, None).1,
        RegistryError::ParentNotOpenSource,
    );
    assert_error(
        &fork(&mut market, &plain_holder, Some(&plain)).1,
        RegistryError::InvalidDerivativeLicense,
    );
    // Someone else's license gives no right.
    assert_error(
        &fork(&mut market, &plain_holder, Some(&derivative)).1,
        RegistryError::InvalidDerivativeLicense,
    );
    let (child, result) = fork(&mut market, &licensed, Some(&derivative));
    result.unwrap();
    let child: Model = market.platform.chain.account(&model_pda(&child));
    assert_eq!(child.parent, market.keys.model_mint);
    assert_eq!(child.creator, licensed.pubkey());
}

#[test]
fn a_revoked_or_expired_license_gives_no_derivative_right() {
    let mut market = closed_model_market();
    market
        .create_listing(CreateListingArgs {
            refund_window_secs: DAY,
            ..derivative_listing(1, subscription(1_000, 30 * DAY, 0))
        })
        .unwrap();
    let revoked_holder = market.wallet(1_000);
    let (revoked, result) = market.buy(&revoked_holder, 1, 1_000);
    result.unwrap();
    market.open_dispute(&revoked_holder, &revoked).unwrap();
    let arbiter = market.platform.authority.insecure_clone();
    market.resolve_dispute(&arbiter, 1, &revoked, true).unwrap();
    assert_error(
        &fork(&mut market, &revoked_holder, Some(&revoked)).1,
        RegistryError::InvalidDerivativeLicense,
    );

    let expired_holder = market.wallet(1_000);
    let (expired, result) = market.buy(&expired_holder, 1, 1_000);
    result.unwrap();
    market.advance_time(DAY);
    market.settle(1, &expired).unwrap();
    market.advance_time(29 * DAY);
    assert_error(
        &fork(&mut market, &expired_holder, Some(&expired)).1,
        RegistryError::InvalidDerivativeLicense,
    );
}

#[test]
fn a_purchase_still_refundable_gives_no_derivative_right_until_it_settles() {
    let mut market = closed_model_market();
    market
        .create_listing(CreateListingArgs {
            refund_window_secs: DAY,
            ..derivative_listing(1, one_time(1_000))
        })
        .unwrap();
    let holder = market.wallet(1_000);
    let (license, result) = market.buy(&holder, 1, 1_000);
    result.unwrap();
    // Forking now, then refunding, would keep the fork for free.
    assert_error(
        &fork(&mut market, &holder, Some(&license)).1,
        RegistryError::InvalidDerivativeLicense,
    );
    market.advance_time(DAY);
    market.settle(1, &license).unwrap();
    let (child, result) = fork(&mut market, &holder, Some(&license));
    result.unwrap();
    assert_eq!(
        market
            .platform
            .chain
            .account::<Model>(&model_pda(&child))
            .parent,
        market.keys.model_mint
    );
}

/// A closed model with a monthly derivative listing (id 1), and a fork of
/// it made under one of its licenses: (market, forker, license mint, fork mint).
fn licensed_fork() -> (MarketFixture, Keypair, Pubkey, Pubkey) {
    let mut market = closed_model_market();
    market
        .create_listing(derivative_listing(1, subscription(1_000, 30 * DAY, 0)))
        .unwrap();
    let forker = market.wallet(2_000);
    let (license, result) = market.buy(&forker, 1, 1_000);
    result.unwrap();
    let (child, result) = fork(&mut market, &forker, Some(&license));
    result.unwrap();
    (market, forker, license, child)
}

/// A fork made under a license records it; when that license ends, the
/// fork sells no license and cannot be listed for sale until its owner
/// presents a valid one again (Story's "a derivative ends when its license
/// ends").
#[test]
fn a_fork_stops_selling_when_its_license_ends_until_its_owner_holds_a_valid_one() {
    let (mut market, forker, license, child) = licensed_fork();
    let child_model: Model = market.platform.chain.account(&model_pda(&child));
    assert_eq!(child_model.derivative_license, license_pda(&license));

    // The fork's own listing, sold while the license lasts.
    let child_keys = MarketKeys {
        model_mint: child,
        creator: forker.pubkey(),
        derivative_license: Some(license_pda(&license)),
        ..market.keys
    };
    let vault = hex_test_support::escrow::create_vault_ix(
        &forker.pubkey(),
        &child,
        &child_keys.payment_mint,
        &SPL_TOKEN,
    );
    market.send(&[vault], &forker).unwrap();
    let listing = create_listing_ix(
        &forker.pubkey(),
        &hex_test_support::registry::ownership_token_address(&forker.pubkey(), &child),
        &child_keys,
        listing_args(1, one_time(500), Pubkey::new_unique()),
    );
    market.send(&[listing], &forker).unwrap();
    let buy = |market: &mut MarketFixture, keys: &MarketKeys| {
        let buyer = market.wallet(500);
        let license_mint = Keypair::new();
        let ix = buy_license_ix(
            &buyer.pubkey(),
            keys,
            &keys.listing(1),
            &license_mint.pubkey(),
            500,
        );
        market.chain().send(&[ix], &[&buyer, &license_mint])
    };
    buy(&mut market, &child_keys).unwrap();
    // Without presenting its license: refused.
    let unlicensed = MarketKeys {
        derivative_license: None,
        ..child_keys
    };
    assert_error(
        &buy(&mut market, &unlicensed),
        MarketError::DerivativeLicenseEnded,
    );

    // The license expires: no sale of the fork's licenses, no listing of the fork.
    market.advance_time(31 * DAY);
    assert_error(
        &buy(&mut market, &child_keys),
        MarketError::DerivativeLicenseEnded,
    );
    let mut list = hex_test_support::registry::list_model_for_sale_ix(
        &forker.pubkey(),
        &child,
        &child_keys.payment_mint,
        10_000,
    );
    let placeholder = list.accounts.len() - 3;
    list.accounts[placeholder].pubkey = license_pda(&license);
    assert_error(
        &market.send(&[list.clone()], &forker),
        RegistryError::DerivativeLicenseEnded,
    );

    // Renewed: the fork sells again (the same license, valid again).
    market.renew(&forker, 1, &license, 1_000).unwrap();
    buy(&mut market, &child_keys).unwrap();
    market.send(&[list], &forker).unwrap();
}

#[test]
fn a_new_valid_license_relinks_the_fork_and_only_a_licensed_fork_records_one() {
    let (mut market, forker, first, child) = licensed_fork();
    market.advance_time(31 * DAY);
    let (second, result) = market.buy(&forker, 1, 1_000);
    result.unwrap();
    let relink = hex_test_support::registry::set_derivative_license_ix(
        &forker.pubkey(),
        &child,
        &license_pda(&second),
    );
    market.send(&[relink], &forker).unwrap();
    let child_model: Model = market.platform.chain.account(&model_pda(&child));
    assert_eq!(child_model.derivative_license, license_pda(&second));
    // An expired license is refused as the new one.
    let stale = hex_test_support::registry::set_derivative_license_ix(
        &forker.pubkey(),
        &child,
        &license_pda(&first),
    );
    assert_error(
        &market.send(&[stale], &forker),
        RegistryError::InvalidDerivativeLicense,
    );
    // The parent itself (no license behind it) records none.
    let creator = market.creator.insecure_clone();
    let base = market.keys.model_mint;
    let none = hex_test_support::registry::set_derivative_license_ix(
        &creator.pubkey(),
        &base,
        &license_pda(&second),
    );
    assert_error(
        &market.send(&[none], &creator),
        RegistryError::NoDerivativeLicense,
    );
}

/// Under terms that need the creator's approval, a license holder forks
/// only once the model's owner approved it; a resale clears the approval.
#[test]
fn derivatives_under_approval_wait_for_the_creators_approval() {
    use license_market::state::{DerivativePolicy, LicenseTerms};
    let mut market = closed_model_market();
    market
        .create_listing(CreateListingArgs {
            derivative_rights: true,
            terms: LicenseTerms {
                derivatives: DerivativePolicy::ApprovalRequired,
                ..LicenseTerms::STANDARD
            },
            ..listing_args(1, one_time(1_000), Pubkey::new_unique())
        })
        .unwrap();
    let holder = market.wallet(1_000);
    let (license, result) = market.buy(&holder, 1, 1_000);
    result.unwrap();
    assert_error(
        &fork(&mut market, &holder, Some(&license)).1,
        RegistryError::InvalidDerivativeLicense,
    );
    // Only the model's owner approves.
    let approve = |owner: &Keypair, market: &MarketFixture, approved| {
        approve_derivative_ix(&owner.pubkey(), &market.keys.model_mint, &license, approved)
    };
    let mut ix = approve(&holder, &market, true);
    // It names the owner's NFT account: still not the owner.
    ix.accounts[2].pubkey = hex_test_support::registry::ownership_token_address(
        &market.creator.pubkey(),
        &market.keys.model_mint,
    );
    assert_error(&market.send(&[ix], &holder), MarketError::NotModelOwner);
    let creator = market.creator.insecure_clone();
    let ix = approve(&creator, &market, true);
    market.send(&[ix], &creator).unwrap();
    assert!(market.license(&license).derivative_approved);
    fork(&mut market, &holder, Some(&license)).1.unwrap();
    // Terms without approval: nothing to approve.
    market
        .create_listing(derivative_listing(2, one_time(1_000)))
        .unwrap();
    let other = market.wallet(1_000);
    let (plain, result) = market.buy(&other, 2, 1_000);
    result.unwrap();
    let ix = approve_derivative_ix(&creator.pubkey(), &market.keys.model_mint, &plain, true);
    assert_error(
        &market.send(&[ix], &creator),
        MarketError::ApprovalNotRequired,
    );
}
