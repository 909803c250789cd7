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
    license_market::instructions::CreateListingArgs,
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
