//! The attacks of /work/shared/SECURITY.md against the license market, one
//! test per class, each named after the attack and the rejection it must
//! meet. Every rejected attempt also checks that nothing moved: the bytes of
//! every token account, license, listing, vault and model a payment can
//! reach are compared before and after. Classes already covered by sales.rs,
//! refunds.rs or rejections.rs are not repeated here.

use {
    anchor_lang::{
        error::ErrorCode as AnchorError,
        solana_program::{instruction::Instruction, system_instruction},
        Discriminator,
    },
    anchor_spl::token_2022::spl_token_2022::{
        self,
        extension::{transfer_fee, transfer_hook, ExtensionType},
        instruction::initialize_permanent_delegate,
    },
    hex_test_support::{
        attacks::*,
        escrow::create_vault_ix,
        market::*,
        registry::{
            config_pda, default_model_args, model_pda, ownership_token_address, set_paused_ix,
        },
        royalty_escrow::errors::EscrowError,
        solana_keypair::Keypair,
        solana_signer::Signer,
        tokens::{self, balance, SPL_TOKEN, TOKEN_2022},
        *,
    },
    license_market::{
        constants::*,
        errors::MarketError,
        instructions::{CreateListingArgs, UpdateListingArgs},
        state::{CreatorSales, License, Listing, Review},
    },
};

/// floor(amount x bps / 10,000): the rounding the rules prescribe, computed
/// here rather than by the program.
fn floor_bps(amount: u64, bps: u64) -> u64 {
    (amount as u128 * bps as u128 / 10_000) as u64
}

const DAY: i64 = 24 * 60 * 60;
const MONTH: i64 = 30 * DAY;
const PRICE: u64 = 1_000;
const UNIT_PRICE: u64 = 100;
const CREDITS: u64 = 1_000;
const RESALE_PRICE: u64 = 2_000;

/// spl_token_2022::error::TokenError codes.
const TOKEN_OWNER_MISMATCH: u32 = 4;
const TOKEN_FIXED_SUPPLY: u32 = 5;
const TOKEN_ACCOUNT_FROZEN: u32 = 17;

/// The listings of a scene.
const REFUNDABLE: u64 = 1; // one-time, refundable for a day
const METERED: u64 = 2; // pay-per-use, 10% compute share
const SUBSCRIPTION: u64 = 3; // monthly
const RESALABLE: u64 = 4; // one-time, settled at purchase, transferable

/// A market with one license of each listing above, all held by `holder`;
/// the pay-per-use license holds CREDITS of credits.
struct Scene {
    market: MarketFixture,
    meter: Keypair,
    holder: Keypair,
    /// Owner of the compute node's payment account.
    node: Pubkey,
    refundable: Pubkey,
    metered: Pubkey,
    subscription: Pubkey,
    resalable: Pubkey,
}

impl Scene {
    fn new(token_program: Pubkey) -> Self {
        let mut market = MarketFixture::new(token_program);
        let meter = market.wallet(0);
        let node = Pubkey::new_unique();
        market.payment_account(&node);
        for args in [
            CreateListingArgs {
                refund_window_secs: DAY,
                ..listing_args(REFUNDABLE, one_time(PRICE), meter.pubkey())
            },
            CreateListingArgs {
                compute_node: node,
                ..listing_args(
                    METERED,
                    pay_per_use(UNIT_PRICE, 0, 0, 1_000),
                    meter.pubkey(),
                )
            },
            listing_args(SUBSCRIPTION, subscription(PRICE, MONTH, 0), meter.pubkey()),
            listing_args(RESALABLE, one_time(PRICE), meter.pubkey()),
        ] {
            market.create_listing(args).unwrap();
        }
        let holder = market.wallet(10 * PRICE);
        let mut buy = |listing_id, price| {
            let (mint, result) = market.buy(&holder, listing_id, price);
            result.unwrap();
            mint
        };
        let refundable = buy(REFUNDABLE, PRICE);
        let metered = buy(METERED, UNIT_PRICE);
        let subscription = buy(SUBSCRIPTION, PRICE);
        let resalable = buy(RESALABLE, PRICE);
        market
            .deposit_credits(&holder, METERED, &metered, CREDITS)
            .unwrap();
        Self {
            market,
            meter,
            holder,
            node,
            refundable,
            metered,
            subscription,
            resalable,
        }
    }

    fn keys(&self) -> MarketKeys {
        self.market.keys
    }

    fn listing(&self, listing_id: u64) -> Pubkey {
        self.market.keys.listing(listing_id)
    }

    fn licenses(&self) -> [Pubkey; 4] {
        [
            self.refundable,
            self.metered,
            self.subscription,
            self.resalable,
        ]
    }

    /// A fresh wallet (10 SOL) holding `amount` payment tokens.
    fn wallet(&mut self, amount: u64) -> Keypair {
        self.market.wallet(amount)
    }

    fn chain(&mut self) -> &mut TestChain {
        self.market.chain()
    }

    /// Everything a market payment or a license's state can reach.
    fn watched(&self) -> Vec<Pubkey> {
        let keys = self.keys();
        let holder = self.holder.pubkey();
        let mut watched = vec![
            keys.payment_account(&holder),
            keys.payment_account(&self.node),
            keys.payment_account(&keys.treasury),
            keys.payment_account(&keys.creator),
            keys.escrow_tokens(),
            keys.vault(),
            keys.vault_tokens(),
            creator_sales_pda(&keys.creator, &keys.payment_mint),
            model_pda(&keys.model_mint),
            config_pda(),
        ];
        for listing_id in [REFUNDABLE, METERED, SUBSCRIPTION, RESALABLE] {
            watched.push(keys.listing(listing_id));
        }
        for mint in self.licenses() {
            watched.extend([
                license_pda(&mint),
                mint,
                license_token_address(&holder, &mint),
                review_pda(&license_pda(&mint)),
            ]);
        }
        watched
    }

    /// The lamports, owner and bytes of every watched account.
    fn state(&self) -> Snapshot {
        self.market.snapshot(&self.watched())
    }

    fn attack(&mut self, ix: Instruction, signers: &[&Keypair]) -> TxResult {
        self.market.attack(ix, signers)
    }

    fn buy_ix(&self, buyer: &Pubkey, listing_id: u64, license_mint: &Pubkey) -> Instruction {
        let price = self.market.listing(listing_id).pricing.price;
        buy_license_ix(
            buyer,
            &self.keys(),
            &self.listing(listing_id),
            license_mint,
            price,
        )
    }

    fn usage_ix(&self, meter: &Pubkey, units: u64, sequence: u64) -> Instruction {
        let node = self.keys().payment_account(&self.node);
        record_usage_ix(
            meter,
            &self.keys(),
            &self.listing(METERED),
            &self.metered,
            Some(node),
            units,
            sequence,
        )
    }

    fn deposit_ix(&self, holder: &Pubkey, amount: u64) -> Instruction {
        deposit_credits_ix(
            holder,
            &self.keys(),
            &self.listing(METERED),
            &self.metered,
            amount,
        )
    }

    fn withdraw_ix(&self, holder: &Pubkey, amount: u64) -> Instruction {
        withdraw_credits_ix(
            holder,
            &self.keys(),
            &self.listing(METERED),
            &self.metered,
            amount,
        )
    }

    fn refund_ix(&self) -> Instruction {
        refund_license_ix(
            &self.holder.pubkey(),
            &self.keys(),
            &self.listing(REFUNDABLE),
            &self.refundable,
        )
    }

    /// Offers the resalable license for RESALE_PRICE and returns a buyer
    /// holding that much.
    fn offer_for_resale(&mut self) -> Keypair {
        let holder = self.holder.insecure_clone();
        let resalable = self.resalable;
        self.market
            .list_for_resale(&holder, &resalable, RESALE_PRICE)
            .unwrap();
        self.wallet(RESALE_PRICE)
    }

    fn resale_ix(&self, buyer: &Pubkey) -> Instruction {
        buy_resold_license_ix(
            buyer,
            &self.holder.pubkey(),
            &self.keys(),
            &self.listing(RESALABLE),
            &self.resalable,
            RESALE_PRICE,
        )
    }

    /// A second payment mint under the same token program.
    fn other_mint(&mut self) -> Pubkey {
        let authority = self.chain().funded_keypair(SOL);
        let program = self.keys().payment_token_program;
        tokens::create_mint(self.chain(), &authority, program, 6)
    }

    fn pause(&mut self) {
        let authority = self.market.platform.authority.insecure_clone();
        self.market
            .send(&[set_paused_ix(&authority.pubkey(), true)], &authority)
            .unwrap();
        assert!(self.market.config().paused);
    }
}

/// Runs `attack` with the account at `address` replaced by `forged` (owner
/// and data edits), then puts the genuine account back.
fn with_forged<R>(
    chain: &mut TestChain,
    address: &Pubkey,
    owner: Pubkey,
    edit: impl FnOnce(&mut Vec<u8>),
    attack: impl FnOnce(&mut TestChain) -> R,
) -> R {
    let genuine = chain.svm.get_account(address).unwrap();
    forge(chain, address, address, owner, edit);
    let result = attack(chain);
    chain.svm.set_account(*address, genuine).unwrap();
    result
}

// ---------------------------------------------------------------- Accounts

#[test]
fn missing_signer_buyer_holder_meter_arbiter_and_model_owner_instructions_without_their_signature_are_rejected_as_account_not_signer(
) {
    let mut scene = Scene::new(SPL_TOKEN);
    let resale_buyer = scene.offer_for_resale();
    scene
        .market
        .open_dispute(&scene.holder.insecure_clone(), &scene.refundable)
        .unwrap();
    let before = scene.state();
    let keys = scene.keys();
    let holder = scene.holder.pubkey();
    let creator = keys.creator;
    let ownership = ownership_token_address(&creator, &keys.model_mint);
    let arbiter = scene.market.platform.authority.pubkey();
    let license_mint = Keypair::new();

    let attacks: Vec<(Instruction, Pubkey)> = vec![
        (
            scene.buy_ix(&holder, RESALABLE, &license_mint.pubkey()),
            holder,
        ),
        (
            renew_license_ix(
                &holder,
                &keys,
                &scene.listing(SUBSCRIPTION),
                &scene.subscription,
                PRICE,
            ),
            holder,
        ),
        (scene.deposit_ix(&holder, 1), holder),
        (scene.withdraw_ix(&holder, CREDITS), holder),
        (scene.refund_ix(), holder),
        (open_dispute_ix(&holder, &scene.subscription), holder),
        (
            list_license_for_resale_ix(&holder, &scene.resalable, 0),
            holder,
        ),
        (
            review_model_ix(
                &holder,
                &keys.model_mint,
                &scene.resalable,
                5,
                "https://reviews.hex.example/forged.json",
            ),
            holder,
        ),
        (
            scene.resale_ix(&resale_buyer.pubkey()),
            resale_buyer.pubkey(),
        ),
        (
            scene.usage_ix(&scene.meter.pubkey(), 1, 1),
            scene.meter.pubkey(),
        ),
        (
            resolve_dispute_ix(
                &arbiter,
                &keys,
                &scene.listing(REFUNDABLE),
                &scene.refundable,
                &holder,
                true,
            ),
            arbiter,
        ),
        (
            create_listing_ix(
                &creator,
                &ownership,
                &keys,
                listing_args(9, one_time(1), creator),
            ),
            creator,
        ),
        (
            update_listing_ix(
                &creator,
                &ownership,
                &keys.model_mint,
                &scene.listing(RESALABLE),
                UpdateListingArgs {
                    price: Some(1),
                    ..Default::default()
                },
            ),
            creator,
        ),
        (
            close_listing_ix(
                &creator,
                &ownership,
                &keys.model_mint,
                &scene.listing(RESALABLE),
            ),
            creator,
        ),
    ];
    for (mut ix, authority) in attacks {
        unsign(&mut ix, &authority);
        // Only the license mint of a purchase still signs.
        let signers: Vec<&Keypair> = if ix.accounts.iter().any(|meta| meta.is_signer) {
            vec![&license_mint]
        } else {
            vec![]
        };
        let result = scene.attack(ix, &signers);
        assert_error(&result, AnchorError::AccountNotSigner);
    }
    assert_eq!(scene.state(), before);
    assert!(!scene.market.platform.chain.exists(&keys.listing(9)));
    assert!(!scene
        .market
        .platform
        .chain
        .exists(&license_pda(&license_mint.pubkey())));
}

#[test]
fn wrong_authority_strangers_the_previous_holder_and_the_creator_acting_as_holder_or_arbiter_are_rejected_as_not_license_holder_or_not_arbiter(
) {
    let mut scene = Scene::new(SPL_TOKEN);
    scene
        .market
        .open_dispute(&scene.holder.insecure_clone(), &scene.refundable)
        .unwrap();
    let keys = scene.keys();
    let holder = scene.holder.pubkey();
    let stranger = scene.wallet(10 * PRICE);
    let creator = scene.market.creator.insecure_clone();
    let before = scene.state();

    // A stranger takes the holder's credits, adds its own, or offers the
    // holder's license for sale through the holder's token account.
    let withdraw = scene.withdraw_ix(&stranger.pubkey(), CREDITS);
    let deposit = scene.deposit_ix(&stranger.pubkey(), 1);
    let mut offer = list_license_for_resale_ix(&stranger.pubkey(), &scene.resalable, 1);
    swap(
        &mut offer,
        &license_token_address(&stranger.pubkey(), &scene.resalable),
        license_token_address(&holder, &scene.resalable),
    );
    for ix in [withdraw, deposit, offer] {
        assert_error(
            &scene.market.send(&[ix], &stranger),
            MarketError::NotLicenseHolder,
        );
    }
    // The model's creator is not the platform's arbiter.
    let resolve = resolve_dispute_ix(
        &creator.pubkey(),
        &keys,
        &scene.listing(REFUNDABLE),
        &scene.refundable,
        &holder,
        false,
    );
    assert_error(
        &scene.market.send(&[resolve], &creator),
        MarketError::NotArbiter,
    );
    assert_eq!(scene.state(), before);

    // After a resale the previous holder has no rights left on the license.
    let seller = scene.holder.insecure_clone();
    let buyer = scene.offer_for_resale();
    let resale = scene.resale_ix(&buyer.pubkey());
    scene.market.send(&[resale], &buyer).unwrap();
    assert_eq!(
        scene.market.license(&scene.resalable).holder,
        buyer.pubkey()
    );
    let after_resale = scene.state();
    let mut offer_again = list_license_for_resale_ix(&seller.pubkey(), &scene.resalable, 1);
    swap(
        &mut offer_again,
        &license_token_address(&seller.pubkey(), &scene.resalable),
        license_token_address(&buyer.pubkey(), &scene.resalable),
    );
    assert_error(
        &scene.market.send(&[offer_again], &seller),
        MarketError::NotLicenseHolder,
    );
    assert_error(
        &scene.market.review(&seller, &scene.resalable, 1),
        MarketError::NotLicenseHolder,
    );
    assert_eq!(scene.state(), after_resale);
    assert_eq!(
        token_account_state(
            &scene.market.platform.chain,
            &license_token_address(&buyer.pubkey(), &scene.resalable)
        )
        .amount,
        1
    );
}

#[test]
fn owner_check_a_listing_license_config_model_vault_creator_sales_or_payment_account_with_the_right_layout_owned_by_another_program_is_rejected_as_owned_by_wrong_program(
) {
    let mut scene = Scene::new(SPL_TOKEN);
    let keys = scene.keys();
    let holder = scene.holder.insecure_clone();
    let before = scene.state();
    let fake_program = Pubkey::new_unique();
    let license_mint = Keypair::new();
    let buy = scene.buy_ix(&holder.pubkey(), RESALABLE, &license_mint.pubkey());
    let usage = scene.usage_ix(&scene.meter.pubkey(), 1, 1);
    let meter = scene.meter.insecure_clone();

    for forged in [
        scene.listing(RESALABLE),
        config_pda(),
        model_pda(&keys.model_mint),
        keys.vault(),
        creator_sales_pda(&keys.creator, &keys.payment_mint),
        keys.payment_account(&holder.pubkey()),
    ] {
        let result = with_forged(
            scene.chain(),
            &forged,
            fake_program,
            |_| {},
            |chain| chain.send(&[buy.clone()], &[&holder, &license_mint]),
        );
        assert_error(&result, AnchorError::AccountOwnedByWrongProgram);
    }
    for forged in [license_pda(&scene.metered), scene.listing(METERED)] {
        let result = with_forged(
            scene.chain(),
            &forged,
            fake_program,
            |_| {},
            |chain| chain.send(&[usage.clone()], &[&meter]),
        );
        assert_error(&result, AnchorError::AccountOwnedByWrongProgram);
    }

    assert_eq!(scene.state(), before);
    assert!(!scene
        .market
        .platform
        .chain
        .exists(&license_pda(&license_mint.pubkey())));
}

#[test]
fn type_cosplay_a_listing_passed_as_a_license_a_review_as_a_listing_and_forged_market_accounts_with_another_discriminator_are_rejected_by_discriminator(
) {
    let mut scene = Scene::new(SPL_TOKEN);
    let keys = scene.keys();
    let holder = scene.holder.insecure_clone();
    scene.market.review(&holder, &scene.resalable, 4).unwrap();
    let review = review_pda(&license_pda(&scene.resalable));
    let before = scene.state();
    let meter = scene.meter.insecure_clone();

    // The pay-per-use listing where its license is expected.
    let mut usage = scene.usage_ix(&meter.pubkey(), 1, 1);
    swap(
        &mut usage,
        &license_pda(&scene.metered),
        scene.listing(METERED),
    );
    assert_error(
        &scene.market.send(&[usage], &meter),
        AnchorError::AccountDiscriminatorMismatch,
    );
    // A review where a listing is expected.
    let license_mint = Keypair::new();
    let mut buy = scene.buy_ix(&holder.pubkey(), RESALABLE, &license_mint.pubkey());
    swap(&mut buy, &scene.listing(RESALABLE), review);
    assert_error(
        &scene.chain().send(&[buy], &[&holder, &license_mint]),
        AnchorError::AccountDiscriminatorMismatch,
    );
    // The creator's sales record where the license is expected.
    let mut withdraw = scene.withdraw_ix(&holder.pubkey(), CREDITS);
    swap(
        &mut withdraw,
        &license_pda(&scene.metered),
        creator_sales_pda(&keys.creator, &keys.payment_mint),
    );
    assert_error(
        &scene.market.send(&[withdraw], &holder),
        AnchorError::AccountDiscriminatorMismatch,
    );
    // The registry's config where the payout expects the model.
    let mut usage = scene.usage_ix(&meter.pubkey(), 1, 1);
    swap(&mut usage, &model_pda(&keys.model_mint), config_pda());
    assert_error(
        &scene.market.send(&[usage], &meter),
        AnchorError::AccountDiscriminatorMismatch,
    );

    // The license's own bytes, owned by the market, under a Listing's
    // discriminator; and the listing's under a License's.
    let usage = scene.usage_ix(&meter.pubkey(), 1, 1);
    for (address, discriminator) in [
        (license_pda(&scene.metered), Listing::DISCRIMINATOR),
        (scene.listing(METERED), License::DISCRIMINATOR),
    ] {
        let result = with_forged(
            scene.chain(),
            &address,
            license_market::ID,
            |data| data[..8].copy_from_slice(discriminator),
            |chain| chain.send(&[usage.clone()], &[&meter]),
        );
        assert_error(&result, AnchorError::AccountDiscriminatorMismatch);
    }

    assert_eq!(scene.state(), before);
    assert!(!scene
        .market
        .platform
        .chain
        .exists(&license_pda(&license_mint.pubkey())));
}

#[test]
fn wrong_pda_licenses_listings_escrow_tokens_creator_sales_and_vaults_at_other_addresses_and_non_canonical_bumps_are_rejected_by_seeds(
) {
    let mut scene = Scene::new(SPL_TOKEN);
    let keys = scene.keys();
    let holder = scene.holder.insecure_clone();
    let meter = scene.meter.insecure_clone();
    let before = scene.state();

    // Byte-for-byte copies, owned by their program, at other addresses.
    let license_copy = Pubkey::new_unique();
    let listing_copy = Pubkey::new_unique();
    let sales_copy = Pubkey::new_unique();
    let vault_copy = Pubkey::new_unique();
    let metered_license = license_pda(&scene.metered);
    let chain = scene.chain();
    forge(
        chain,
        &metered_license,
        &license_copy,
        license_market::ID,
        |_| {},
    );
    forge(
        chain,
        &keys.listing(METERED),
        &listing_copy,
        license_market::ID,
        |_| {},
    );
    let sales = creator_sales_pda(&keys.creator, &keys.payment_mint);
    forge(chain, &sales, &sales_copy, license_market::ID, |_| {});
    forge(
        chain,
        &keys.vault(),
        &vault_copy,
        royalty_escrow::ID,
        |_| {},
    );
    // A token account of the market authority, but not the escrow's PDA.
    let market_authority_account = tokens::token_account(
        chain,
        &market_authority(),
        &keys.payment_mint,
        &keys.payment_token_program,
    );
    // A token account of the vault, but not the vault's token account.
    let vault_account = tokens::token_account(
        chain,
        &keys.vault(),
        &keys.payment_mint,
        &keys.payment_token_program,
    );

    let usage = scene.usage_ix(&meter.pubkey(), 1, 1);
    for (genuine, copy) in [
        (metered_license, license_copy),
        (keys.listing(METERED), listing_copy),
        (sales, sales_copy),
        (keys.vault(), vault_copy),
        (keys.escrow_tokens(), market_authority_account),
        // The escrow's deposit checks the vault's token account.
        (keys.vault_tokens(), vault_account),
    ] {
        let mut ix = usage.clone();
        swap(&mut ix, &genuine, copy);
        assert_error(
            &scene.market.send(&[ix], &meter),
            AnchorError::ConstraintSeeds,
        );
    }
    let mut withdraw = scene.withdraw_ix(&holder.pubkey(), CREDITS);
    swap(
        &mut withdraw,
        &keys.escrow_tokens(),
        market_authority_account,
    );
    assert_error(
        &scene.market.send(&[withdraw], &holder),
        AnchorError::ConstraintSeeds,
    );

    // A new license and a new listing at valid but non-canonical bumps.
    let license_mint = Keypair::new();
    let off_license = non_canonical_pda(
        &[LICENSE_SEED, license_mint.pubkey().as_ref()],
        &license_market::ID,
    );
    let mut buy = scene.buy_ix(&holder.pubkey(), RESALABLE, &license_mint.pubkey());
    swap(&mut buy, &license_pda(&license_mint.pubkey()), off_license);
    assert_error(
        &scene.chain().send(&[buy], &[&holder, &license_mint]),
        AnchorError::ConstraintSeeds,
    );
    let off_listing = non_canonical_pda(
        &[LISTING_SEED, keys.model_mint.as_ref(), &9u64.to_le_bytes()],
        &license_market::ID,
    );
    let creator = scene.market.creator.insecure_clone();
    let mut create = create_listing_ix(
        &creator.pubkey(),
        &ownership_token_address(&creator.pubkey(), &keys.model_mint),
        &keys,
        listing_args(9, one_time(PRICE), meter.pubkey()),
    );
    swap(&mut create, &keys.listing(9), off_listing);
    assert_error(
        &scene.market.send(&[create], &creator),
        AnchorError::ConstraintSeeds,
    );

    assert_eq!(scene.state(), before);
    for address in [
        off_license,
        off_listing,
        keys.listing(9),
        license_pda(&license_mint.pubkey()),
    ] {
        assert!(!scene.market.platform.chain.exists(&address));
    }
    assert_eq!(
        balance(&scene.market.platform.chain, &market_authority_account),
        0
    );
    assert_eq!(balance(&scene.market.platform.chain, &vault_account), 0);
}

#[test]
fn pda_sharing_one_models_listing_license_or_vault_with_another_models_payout_and_one_mints_escrow_for_another_mint_are_rejected(
) {
    let mut scene = Scene::new(SPL_TOKEN);
    let keys = scene.keys();
    let creator = scene.market.creator.insecure_clone();
    let holder = scene.holder.insecure_clone();
    let meter = scene.meter.insecure_clone();

    // A second model of the same creator, with a vault in the same mint and
    // the same listings.
    let (second_mint, result) = scene
        .market
        .platform
        .register_model(&creator, default_model_args());
    result.unwrap();
    let other = MarketKeys {
        model_mint: second_mint.pubkey(),
        family_root: second_mint.pubkey(),
        ..keys
    };
    let vault = create_vault_ix(
        &creator.pubkey(),
        &other.model_mint,
        &other.payment_mint,
        &other.payment_token_program,
    );
    scene.market.send(&[vault], &creator).unwrap();
    for args in [
        CreateListingArgs {
            compute_node: scene.node,
            ..listing_args(METERED, pay_per_use(1, 0, 0, 1_000), meter.pubkey())
        },
        listing_args(RESALABLE, one_time(1), meter.pubkey()),
    ] {
        let create = create_listing_ix(
            &creator.pubkey(),
            &ownership_token_address(&creator.pubkey(), &other.model_mint),
            &other,
            args,
        );
        scene.market.send(&[create], &creator).unwrap();
    }
    // A second payment mint with a vault of the first model, whose listing
    // opens the market's escrow account for that mint.
    let second_payment = scene.other_mint();
    let in_second = MarketKeys {
        payment_mint: second_payment,
        ..keys
    };
    let vault = create_vault_ix(
        &creator.pubkey(),
        &keys.model_mint,
        &second_payment,
        &keys.payment_token_program,
    );
    scene.market.send(&[vault], &creator).unwrap();
    let create = create_listing_ix(
        &creator.pubkey(),
        &ownership_token_address(&creator.pubkey(), &keys.model_mint),
        &in_second,
        listing_args(7, one_time(1), meter.pubkey()),
    );
    scene.market.send(&[create], &creator).unwrap();
    assert!(scene
        .market
        .platform
        .chain
        .exists(&in_second.escrow_tokens()));
    let mut watched = scene.watched();
    watched.extend([
        other.vault(),
        other.vault_tokens(),
        model_pda(&other.model_mint),
        other.listing(METERED),
        other.listing(RESALABLE),
    ]);
    let before = snapshot(&scene.market.platform.chain, &watched);

    // The first model's listing paid into the second model's vault.
    let license_mint = Keypair::new();
    let buy = buy_license_ix(
        &holder.pubkey(),
        &other,
        &keys.listing(RESALABLE),
        &license_mint.pubkey(),
        PRICE,
    );
    assert_error(
        &scene.chain().send(&[buy], &[&holder, &license_mint]),
        MarketError::WrongListing,
    );
    // The first model's payout with the second model's vault.
    let mut buy = scene.buy_ix(&holder.pubkey(), RESALABLE, &license_mint.pubkey());
    swap(&mut buy, &keys.vault(), other.vault());
    swap(&mut buy, &keys.vault_tokens(), other.vault_tokens());
    assert_error(
        &scene.chain().send(&[buy], &[&holder, &license_mint]),
        AnchorError::ConstraintSeeds,
    );
    // The first model's license metered under the second model's listing.
    let usage = record_usage_ix(
        &meter.pubkey(),
        &other,
        &other.listing(METERED),
        &scene.metered,
        Some(keys.payment_account(&scene.node)),
        1,
        1,
    );
    assert_error(
        &scene.market.send(&[usage], &meter),
        MarketError::WrongListing,
    );
    // The first model's purchase settled into the second model's vault.
    scene.market.advance_time(DAY);
    let cranker = scene.wallet(0);
    let settle = settle_purchase_ix(&other, &keys.listing(REFUNDABLE), &scene.refundable);
    assert_error(
        &scene.market.send(&[settle], &cranker),
        MarketError::WrongListing,
    );
    // Credits in the first mint withdrawn from the second mint's escrow.
    let mut withdraw = scene.withdraw_ix(&holder.pubkey(), CREDITS);
    swap(
        &mut withdraw,
        &keys.escrow_tokens(),
        in_second.escrow_tokens(),
    );
    assert_error(
        &scene.market.send(&[withdraw], &holder),
        AnchorError::ConstraintSeeds,
    );

    assert_eq!(snapshot(&scene.market.platform.chain, &watched), before);
    assert!(!scene
        .market
        .platform
        .chain
        .exists(&license_pda(&license_mint.pubkey())));
}

#[test]
fn canonical_bumps_every_listing_license_creator_sales_and_review_stores_its_canonical_bump() {
    for token_program in [SPL_TOKEN, TOKEN_2022] {
        let mut scene = Scene::new(token_program);
        let keys = scene.keys();
        let holder = scene.holder.insecure_clone();
        scene.market.review(&holder, &scene.resalable, 5).unwrap();
        let chain = &scene.market.platform.chain;
        for listing_id in [REFUNDABLE, METERED, SUBSCRIPTION, RESALABLE] {
            let listing: Listing = chain.account(&keys.listing(listing_id));
            let (_, bump) = Pubkey::find_program_address(
                &[
                    LISTING_SEED,
                    keys.model_mint.as_ref(),
                    &listing_id.to_le_bytes(),
                ],
                &license_market::ID,
            );
            assert_eq!(listing.bump, bump);
        }
        for mint in scene.licenses() {
            let license: License = chain.account(&license_pda(&mint));
            let (_, bump) =
                Pubkey::find_program_address(&[LICENSE_SEED, mint.as_ref()], &license_market::ID);
            assert_eq!(license.bump, bump);
        }
        let sales: CreatorSales =
            chain.account(&creator_sales_pda(&keys.creator, &keys.payment_mint));
        let (_, bump) = Pubkey::find_program_address(
            &[
                CREATOR_SALES_SEED,
                keys.creator.as_ref(),
                keys.payment_mint.as_ref(),
            ],
            &license_market::ID,
        );
        assert_eq!(sales.bump, bump);
        let license = license_pda(&scene.resalable);
        let review: Review = chain.account(&review_pda(&license));
        let (_, bump) =
            Pubkey::find_program_address(&[REVIEW_SEED, license.as_ref()], &license_market::ID);
        assert_eq!(review.bump, bump);
    }
}

#[test]
fn duplicate_mutable_accounts_the_treasury_or_the_escrow_passed_as_the_payers_or_nodes_account_are_rejected_as_duplicate_mutable_accounts(
) {
    let mut scene = Scene::new(SPL_TOKEN);
    let keys = scene.keys();
    let holder = scene.holder.insecure_clone();
    let meter = scene.meter.insecure_clone();
    let buyer = scene.offer_for_resale();
    let before = scene.state();
    let holders = keys.payment_account(&holder.pubkey());
    let treasury = keys.payment_account(&keys.treasury);
    let escrow = keys.escrow_tokens();
    let node = keys.payment_account(&scene.node);

    // The buyer's payment account is the treasury's.
    let license_mint = Keypair::new();
    let mut buy = scene.buy_ix(&holder.pubkey(), RESALABLE, &license_mint.pubkey());
    swap(&mut buy, &holders, treasury);
    assert_error(
        &scene.chain().send(&[buy], &[&holder, &license_mint]),
        AnchorError::ConstraintDuplicateMutableAccount,
    );
    let mut resale = scene.resale_ix(&buyer.pubkey());
    swap(
        &mut resale,
        &keys.payment_account(&buyer.pubkey()),
        treasury,
    );
    assert_error(
        &scene.market.send(&[resale], &buyer),
        AnchorError::ConstraintDuplicateMutableAccount,
    );
    // Credits moved between the escrow and itself.
    let mut deposit = scene.deposit_ix(&holder.pubkey(), 1);
    swap(&mut deposit, &holders, escrow);
    let mut withdraw = scene.withdraw_ix(&holder.pubkey(), CREDITS);
    swap(&mut withdraw, &holders, escrow);
    let mut refund = scene.refund_ix();
    swap(&mut refund, &holders, escrow);
    for ix in [deposit, withdraw, refund] {
        assert_error(
            &scene.market.send(&[ix], &holder),
            AnchorError::ConstraintDuplicateMutableAccount,
        );
    }
    // The compute share paid back into the escrow, or to the treasury.
    for fake_node in [escrow, treasury] {
        let mut usage = scene.usage_ix(&meter.pubkey(), 1, 1);
        swap(&mut usage, &node, fake_node);
        assert_error(
            &scene.market.send(&[usage], &meter),
            AnchorError::ConstraintDuplicateMutableAccount,
        );
    }
    // Into the vault's own token account, where it would escape the vault's books.
    let mut usage = scene.usage_ix(&meter.pubkey(), 1, 1);
    swap(&mut usage, &node, keys.vault_tokens());
    assert_error(
        &scene.market.send(&[usage], &meter),
        MarketError::InvalidNodeAccount,
    );

    assert_eq!(scene.state(), before);
    assert_eq!(scene.market.balance_of(&buyer.pubkey()), RESALE_PRICE);
}

#[test]
fn reinitialisation_buying_with_a_used_license_mint_or_creating_a_listing_id_twice_is_refused_by_the_system_program(
) {
    let mut scene = Scene::new(SPL_TOKEN);
    let keys = scene.keys();
    let holder = scene.holder.insecure_clone();
    let license_mint = Keypair::new();
    let buy = scene.buy_ix(&holder.pubkey(), RESALABLE, &license_mint.pubkey());
    scene
        .chain()
        .send(&[buy.clone()], &[&holder, &license_mint])
        .unwrap();
    let license_before: License = scene.market.license(&license_mint.pubkey());
    let before = scene.state();

    let again = scene.chain().send(&[buy], &[&holder, &license_mint]);
    assert_rejected_by(&again, &anchor_lang::system_program::ID);
    let listing_before = scene.market.listing(RESALABLE);
    let creator = scene.market.creator.insecure_clone();
    let create = create_listing_ix(
        &creator.pubkey(),
        &ownership_token_address(&creator.pubkey(), &keys.model_mint),
        &keys,
        listing_args(RESALABLE, one_time(1), creator.pubkey()),
    );
    let twice = scene.market.send(&[create], &creator);
    assert_rejected_by(&twice, &anchor_lang::system_program::ID);

    assert_eq!(scene.state(), before);
    let license = scene.market.license(&license_mint.pubkey());
    assert_eq!(
        (license.serial, license.holder, license.created_at),
        (
            license_before.serial,
            license_before.holder,
            license_before.created_at
        )
    );
    let listing = scene.market.listing(RESALABLE);
    assert_eq!(
        (listing.pricing, listing.sold, listing.issued),
        (listing_before.pricing, 2, 2)
    );
}

#[test]
fn closing_and_revival_a_refunded_license_revived_in_the_same_transaction_or_used_later_is_rejected_as_owned_by_wrong_program_or_not_initialized(
) {
    let mut scene = Scene::new(SPL_TOKEN);
    let keys = scene.keys();
    let holder = scene.holder.insecure_clone();
    let license = license_pda(&scene.refundable);
    let rent = scene.market.platform.chain.lamports(&license);
    let before = scene.state();
    let holder_tokens = scene.market.balance_of(&holder.pubkey());

    // Refund, pay the closed license's rent back, refund again.
    let refund = scene.refund_ix();
    let revive = system_instruction::transfer(&holder.pubkey(), &license, rent);
    let result = scene
        .market
        .send(&[refund.clone(), revive.clone(), refund.clone()], &holder);
    assert_error(&result, AnchorError::AccountOwnedByWrongProgram);
    // Or, revived, disputed or settled in the same transaction.
    let dispute = open_dispute_ix(&holder.pubkey(), &scene.refundable);
    let result = scene
        .market
        .send(&[refund.clone(), revive, dispute.clone()], &holder);
    assert_error(&result, AnchorError::AccountOwnedByWrongProgram);
    assert_eq!(scene.state(), before);

    // In separate transactions the refunded license is simply gone.
    scene.market.send(&[refund.clone()], &holder).unwrap();
    assert!(!scene.market.platform.chain.exists(&license));
    let refunded = scene.state();
    assert_eq!(
        scene.market.balance_of(&holder.pubkey()),
        holder_tokens + PRICE
    );
    assert_error(
        &scene.market.send(&[refund], &holder),
        AnchorError::AccountNotInitialized,
    );
    assert_error(
        &scene.market.send(&[dispute], &holder),
        AnchorError::AccountNotInitialized,
    );
    scene.market.advance_time(DAY);
    let cranker = scene.wallet(0);
    let settle = settle_purchase_ix(&keys, &keys.listing(REFUNDABLE), &scene.refundable);
    assert_error(
        &scene.market.send(&[settle], &cranker),
        AnchorError::AccountNotInitialized,
    );
    assert_eq!(scene.state(), refunded);
    assert_eq!(
        scene.market.balance_of(&holder.pubkey()),
        holder_tokens + PRICE
    );
    assert_eq!(scene.market.listing(REFUNDABLE).sold, 0);
}

#[test]
fn arbitrary_cpi_a_fake_escrow_registry_token_or_system_program_or_event_authority_is_rejected_by_program_id_and_address_constraints(
) {
    let mut scene = Scene::new(SPL_TOKEN);
    let holder = scene.holder.insecure_clone();
    let before = scene.state();
    let fake_program = Pubkey::new_unique();
    let license_mint = Keypair::new();
    let buy = scene.buy_ix(&holder.pubkey(), RESALABLE, &license_mint.pubkey());

    // The license NFT's program (Token-2022) comes after the payment's
    // (SPL Token here): each is the only account of its address.
    for program in [
        royalty_escrow::ID,
        model_registry::ID,
        TOKEN_2022,
        SPL_TOKEN,
        anchor_lang::system_program::ID,
    ] {
        let mut ix = buy.clone();
        swap(&mut ix, &program, fake_program);
        assert_error(
            &scene.chain().send(&[ix], &[&holder, &license_mint]),
            AnchorError::InvalidProgramId,
        );
    }
    let mut refund = scene.refund_ix();
    swap(&mut refund, &model_registry::ID, fake_program);
    assert_error(
        &scene.market.send(&[refund], &holder),
        AnchorError::InvalidProgramId,
    );
    // The escrow checks its own event authority when the market calls it.
    let mut ix = buy.clone();
    swap(
        &mut ix,
        &event_authority(&royalty_escrow::ID),
        Pubkey::new_unique(),
    );
    let result = scene.chain().send(&[ix], &[&holder, &license_mint]);
    assert_error(&result, AnchorError::ConstraintAddress);
    assert_rejected_by(&result, &royalty_escrow::ID);

    assert_eq!(scene.state(), before);
    assert!(!scene
        .market
        .platform
        .chain
        .exists(&license_pda(&license_mint.pubkey())));
}

// ------------------------------------------------------------------ Tokens

#[test]
fn wrong_mint_a_buyer_holder_node_seller_or_treasury_account_of_another_mint_is_rejected_by_the_mint_constraint(
) {
    let mut scene = Scene::new(SPL_TOKEN);
    let keys = scene.keys();
    let holder = scene.holder.insecure_clone();
    let meter = scene.meter.insecure_clone();
    let buyer = scene.offer_for_resale();
    let other_mint = scene.other_mint();
    let program = keys.payment_token_program;
    let other_account = |scene: &mut Scene, owner: &Pubkey| {
        tokens::token_account(scene.chain(), owner, &other_mint, &program)
    };
    let node = scene.node;
    let holders_other = other_account(&mut scene, &holder.pubkey());
    let treasurys_other = other_account(&mut scene, &keys.treasury);
    let nodes_other = other_account(&mut scene, &node);
    let sellers_other = holders_other;
    let buyers_other = other_account(&mut scene, &buyer.pubkey());
    let before = scene.state();
    let holders = keys.payment_account(&holder.pubkey());

    let license_mint = Keypair::new();
    let buy = scene.buy_ix(&holder.pubkey(), RESALABLE, &license_mint.pubkey());
    for (genuine, other) in [
        (holders, holders_other),
        (keys.payment_account(&keys.treasury), treasurys_other),
    ] {
        let mut ix = buy.clone();
        swap(&mut ix, &genuine, other);
        assert_error(
            &scene.chain().send(&[ix], &[&holder, &license_mint]),
            AnchorError::ConstraintTokenMint,
        );
    }
    let mut deposit = scene.deposit_ix(&holder.pubkey(), 1);
    swap(&mut deposit, &holders, holders_other);
    assert_error(
        &scene.market.send(&[deposit], &holder),
        AnchorError::ConstraintTokenMint,
    );
    let mut usage = scene.usage_ix(&meter.pubkey(), 1, 1);
    swap(&mut usage, &keys.payment_account(&scene.node), nodes_other);
    assert_error(
        &scene.market.send(&[usage], &meter),
        AnchorError::ConstraintTokenMint,
    );
    let resale = scene.resale_ix(&buyer.pubkey());
    for (genuine, other) in [
        (keys.payment_account(&buyer.pubkey()), buyers_other),
        (holders, sellers_other),
    ] {
        let mut ix = resale.clone();
        swap(&mut ix, &genuine, other);
        assert_error(
            &scene.market.send(&[ix], &buyer),
            AnchorError::ConstraintTokenMint,
        );
    }

    assert_eq!(scene.state(), before);
    assert_eq!(scene.market.balance_of(&buyer.pubkey()), RESALE_PRICE);
}

#[test]
fn wrong_token_program_the_other_token_program_named_for_a_listings_payment_mint_is_rejected_by_the_mint_token_program_constraint(
) {
    for (mint_program, named) in [(SPL_TOKEN, TOKEN_2022), (TOKEN_2022, SPL_TOKEN)] {
        let mut scene = Scene::new(mint_program);
        let holder = scene.holder.insecure_clone();
        let meter = scene.meter.insecure_clone();
        let before = scene.state();
        let license_mint = Keypair::new();
        // The payment's token program is the first of `mint_program`
        // among a purchase's accounts (the license NFT's comes later).
        let mut buy = scene.buy_ix(&holder.pubkey(), RESALABLE, &license_mint.pubkey());
        swap(&mut buy, &mint_program, named);
        assert_error(
            &scene.chain().send(&[buy], &[&holder, &license_mint]),
            AnchorError::ConstraintMintTokenProgram,
        );
        let mut usage = scene.usage_ix(&meter.pubkey(), 1, 1);
        swap(&mut usage, &mint_program, named);
        assert_error(
            &scene.market.send(&[usage], &meter),
            AnchorError::ConstraintMintTokenProgram,
        );
        let mut withdraw = scene.withdraw_ix(&holder.pubkey(), CREDITS);
        swap(&mut withdraw, &mint_program, named);
        assert_error(
            &scene.market.send(&[withdraw], &holder),
            AnchorError::ConstraintMintTokenProgram,
        );
        assert_eq!(scene.state(), before);
    }
}

#[test]
fn token_account_not_owned_by_the_payer_a_victims_account_or_a_treasury_seller_or_refund_account_of_someone_else_is_rejected_by_the_token_owner_constraint(
) {
    let mut scene = Scene::new(SPL_TOKEN);
    let keys = scene.keys();
    let holder = scene.holder.insecure_clone();
    scene
        .market
        .open_dispute(&holder, &scene.refundable)
        .unwrap();
    let victim = scene.wallet(10 * PRICE);
    let accomplice = scene.wallet(0);
    let buyer = scene.offer_for_resale();
    let mut watched = scene.watched();
    watched.extend([
        keys.payment_account(&victim.pubkey()),
        keys.payment_account(&accomplice.pubkey()),
        keys.payment_account(&buyer.pubkey()),
    ]);
    let before = snapshot(&scene.market.platform.chain, &watched);
    let attacker = scene.wallet(10 * PRICE);
    let victims = keys.payment_account(&victim.pubkey());
    let attackers = keys.payment_account(&attacker.pubkey());
    let accomplices = keys.payment_account(&accomplice.pubkey());

    // Paying with the victim's tokens.
    let license_mint = Keypair::new();
    let mut buy = scene.buy_ix(&attacker.pubkey(), RESALABLE, &license_mint.pubkey());
    swap(&mut buy, &attackers, victims);
    assert_error(
        &scene.chain().send(&[buy], &[&attacker, &license_mint]),
        AnchorError::ConstraintTokenOwner,
    );
    // The platform fee paid to the buyer's own account.
    let mut buy = scene.buy_ix(&attacker.pubkey(), RESALABLE, &license_mint.pubkey());
    swap(&mut buy, &keys.payment_account(&keys.treasury), attackers);
    assert_error(
        &scene.chain().send(&[buy], &[&attacker, &license_mint]),
        AnchorError::ConstraintTokenOwner,
    );
    // The holder's credits funded from the victim's tokens.
    let mut deposit = scene.deposit_ix(&holder.pubkey(), 1);
    swap(
        &mut deposit,
        &keys.payment_account(&holder.pubkey()),
        victims,
    );
    assert_error(
        &scene.market.send(&[deposit], &holder),
        AnchorError::ConstraintTokenOwner,
    );
    // A resale's proceeds sent to the buyer's accomplice.
    let mut resale = scene.resale_ix(&buyer.pubkey());
    swap(
        &mut resale,
        &keys.payment_account(&holder.pubkey()),
        accomplices,
    );
    assert_error(
        &scene.market.send(&[resale], &buyer),
        AnchorError::ConstraintTokenOwner,
    );
    // The arbiter's refund of a dispute into the arbiter's own account.
    let arbiter = scene.market.platform.authority.insecure_clone();
    let arbiters = scene.market.payment_account(&arbiter.pubkey());
    let mut resolve = resolve_dispute_ix(
        &arbiter.pubkey(),
        &keys,
        &keys.listing(REFUNDABLE),
        &scene.refundable,
        &holder.pubkey(),
        true,
    );
    swap(
        &mut resolve,
        &keys.payment_account(&holder.pubkey()),
        arbiters,
    );
    assert_error(
        &scene.market.send(&[resolve], &arbiter),
        AnchorError::ConstraintTokenOwner,
    );

    assert_eq!(snapshot(&scene.market.platform.chain, &watched), before);
    assert_eq!(scene.market.balance_of(&attacker.pubkey()), 10 * PRICE);
    assert_eq!(balance(&scene.market.platform.chain, &arbiters), 0);
}

#[test]
fn token_2022_payment_mints_with_a_transfer_fee_transfer_hook_or_permanent_delegate_get_no_vault_so_no_listing(
) {
    let mut market = MarketFixture::new(TOKEN_2022);
    let creator = market.creator.insecure_clone();
    let authority = market.chain().funded_keypair(10 * SOL);
    let delegate = Pubkey::new_unique();
    let hook_program = Pubkey::new_unique();
    let chain = market.chain();
    let mints = [
        tokens::create_token_2022_mint_with_extensions(
            chain,
            &authority,
            &[ExtensionType::TransferFeeConfig],
            |mint| {
                vec![transfer_fee::instruction::initialize_transfer_fee_config(
                    &TOKEN_2022,
                    mint,
                    Some(&authority.pubkey()),
                    Some(&authority.pubkey()),
                    100,
                    u64::MAX,
                )
                .unwrap()]
            },
        ),
        tokens::create_token_2022_mint_with_extensions(
            chain,
            &authority,
            &[ExtensionType::TransferHook],
            |mint| {
                vec![transfer_hook::instruction::initialize(
                    &TOKEN_2022,
                    mint,
                    None,
                    Some(hook_program),
                )
                .unwrap()]
            },
        ),
        tokens::create_token_2022_mint_with_extensions(
            chain,
            &authority,
            &[ExtensionType::PermanentDelegate],
            |mint| vec![initialize_permanent_delegate(&TOKEN_2022, mint, &delegate).unwrap()],
        ),
    ];
    for mint in mints {
        let keys = MarketKeys {
            payment_mint: mint,
            ..market.keys
        };
        let vault = create_vault_ix(&creator.pubkey(), &keys.model_mint, &mint, &TOKEN_2022);
        assert_error(
            &market.send(&[vault], &creator),
            EscrowError::UnsupportedMintExtension,
        );
        let create = create_listing_ix(
            &creator.pubkey(),
            &ownership_token_address(&creator.pubkey(), &keys.model_mint),
            &keys,
            listing_args(1, one_time(PRICE), Pubkey::new_unique()),
        );
        assert_error(
            &market.send(&[create], &creator),
            AnchorError::AccountNotInitialized,
        );
        for address in [keys.vault(), keys.listing(1), keys.escrow_tokens()] {
            assert!(!market.platform.chain.exists(&address));
        }
    }
    assert_eq!(market.model().vault_count, 1);
}

#[test]
fn a_frozen_license_nft_cannot_be_burned_or_thawed_by_its_holder_and_no_second_token_can_be_minted()
{
    let mut scene = Scene::new(SPL_TOKEN);
    let holder = scene.holder.insecure_clone();
    let mint = scene.resalable;
    let account = license_token_address(&holder.pubkey(), &mint);
    let before = scene.state();

    let burn = spl_token_2022::instruction::burn_checked(
        &TOKEN_2022,
        &account,
        &mint,
        &holder.pubkey(),
        &[],
        1,
        0,
    )
    .unwrap();
    assert_error(&scene.market.send(&[burn], &holder), TOKEN_ACCOUNT_FROZEN);
    let thaw = spl_token_2022::instruction::thaw_account(
        &TOKEN_2022,
        &account,
        &mint,
        &holder.pubkey(),
        &[],
    )
    .unwrap();
    assert_error(&scene.market.send(&[thaw], &holder), TOKEN_OWNER_MISMATCH);
    // The mint authority was removed at purchase: nobody mints a second
    // token, not even into an account that is not frozen.
    let unfrozen = tokens::token_account(scene.chain(), &Pubkey::new_unique(), &mint, &TOKEN_2022);
    let mint_again = spl_token_2022::instruction::mint_to(
        &TOKEN_2022,
        &mint,
        &unfrozen,
        &holder.pubkey(),
        &[],
        1,
    )
    .unwrap();
    assert_error(
        &scene.market.send(&[mint_again], &holder),
        TOKEN_FIXED_SUPPLY,
    );

    assert_eq!(scene.state(), before);
    let chain = &scene.market.platform.chain;
    let mint_state = mint_state(chain, &mint);
    assert_eq!(mint_state.supply, 1);
    assert!(mint_state.mint_authority.is_none());
    assert_eq!(
        Option::<Pubkey>::from(mint_state.freeze_authority),
        Some(license_pda(&mint))
    );
    let account_state = token_account_state(chain, &account);
    assert_eq!(account_state.amount, 1);
    assert!(account_state.is_frozen());
    assert_eq!(token_account_state(chain, &unfrozen).amount, 0);
}

// ------------------------------------------------------------------- Money

#[test]
fn overflow_usage_priced_past_u64_max_is_rejected_as_insufficient_credits_and_moves_nothing() {
    let mut scene = Scene::new(SPL_TOKEN);
    let meter = scene.meter.insecure_clone();
    let before = scene.state();
    for units in [u64::MAX / UNIT_PRICE + 1, u64::MAX] {
        let usage = scene.usage_ix(&meter.pubkey(), units, 1);
        assert_error(
            &scene.market.send(&[usage], &meter),
            MarketError::InsufficientCredits,
        );
    }
    assert_eq!(scene.state(), before);
    let license = scene.market.license(&scene.metered);
    assert_eq!(
        (
            license.credits,
            license.total_units,
            license.used_in_period,
            license.last_usage_sequence
        ),
        (CREDITS, 0, 0, 0)
    );
}

#[test]
fn overflow_revenue_reported_past_u64_max_is_rejected_as_math_overflow_and_moves_nothing() {
    let mut market = MarketFixture::new(SPL_TOKEN);
    // A minimum of 1 per period and a share of 1 bps.
    market
        .create_listing(listing_args(
            1,
            revenue_share(1, MONTH, 1),
            Pubkey::new_unique(),
        ))
        .unwrap();
    // floor(u64::MAX x 1 / 10,000), computed here.
    let share_of_max = u64::MAX / 10_000;
    let holder = market.wallet(share_of_max + 10);
    let (license_mint, result) = market.buy(&holder, 1, 1);
    result.unwrap();
    market
        .report_revenue(&holder, 1, &license_mint, u64::MAX)
        .unwrap();
    let license = market.license(&license_mint);
    assert_eq!(license.revenue_reported, u64::MAX);
    assert_eq!(license.total_paid, 1 + share_of_max);
    let license = [license_pda(&license_mint), license_mint];
    let before = (
        market.balances(&holder.pubkey(), None, None),
        snapshot(&market.platform.chain, &license),
    );

    assert_error(
        &market.report_revenue(&holder, 1, &license_mint, 1),
        MarketError::MathOverflow,
    );
    assert_eq!(
        (
            market.balances(&holder.pubkey(), None, None),
            snapshot(&market.platform.chain, &license),
        ),
        before
    );
}

#[test]
fn rounding_many_one_unit_usage_records_pay_the_treasury_node_and_vault_exactly_what_left_the_credits(
) {
    let mut market = MarketFixture::new(SPL_TOKEN);
    let meter = market.wallet(0);
    let node = Pubkey::new_unique();
    market.payment_account(&node);
    // 13 a unit: a 20% fee of 2.6 and a 10% compute share of 1.3 round down.
    let unit_price = 13;
    let records = 40;
    market
        .create_listing(CreateListingArgs {
            compute_node: node,
            ..listing_args(1, pay_per_use(unit_price, 0, 0, 1_000), meter.pubkey())
        })
        .unwrap();
    let holder = market.wallet(10_000);
    let (license_mint, result) = market.buy(&holder, 1, unit_price);
    result.unwrap();
    let credits = unit_price * records;
    market
        .deposit_credits(&holder, 1, &license_mint, credits + 5)
        .unwrap();
    let before = market.balances(&holder.pubkey(), None, Some(&node));

    for sequence in 1..=records {
        market
            .record_usage(&meter, 1, &license_mint, Some(&node), 1, sequence)
            .unwrap();
    }
    // One more unit than the credits left pay for.
    assert_error(
        &market.record_usage(&meter, 1, &license_mint, Some(&node), 1, records + 1),
        MarketError::InsufficientCredits,
    );

    let after = market.balances(&holder.pubkey(), None, Some(&node));
    let spent = before.escrow - after.escrow;
    let (fee, compute, vault) = (
        after.treasury - before.treasury,
        after.node - before.node,
        after.vault - before.vault,
    );
    assert_eq!(spent, credits);
    assert_eq!(fee + compute + vault, spent);
    assert_eq!(after.total(), before.total());
    // Each record rounds the fee and the compute share down.
    assert_eq!((fee, compute), (2 * records, records));
    assert!(fee <= floor_bps(spent, 2_000) && compute <= floor_bps(spent, 1_000));
    let license = market.license(&license_mint);
    // A pay-per-use purchase pays nothing upfront.
    assert_eq!(license.total_paid, credits);
    assert_eq!(license.credits, 5);
    assert_eq!(after.escrow, license.credits);
    assert_eq!(license.total_units, records);
}

#[test]
fn a_paused_platform_never_blocks_refunds_disputes_settlement_credit_withdrawals_or_usage_but_blocks_listing_buying_renewing_and_resale(
) {
    let mut scene = Scene::new(SPL_TOKEN);
    let keys = scene.keys();
    let holder = scene.holder.insecure_clone();
    let meter = scene.meter.insecure_clone();
    let (disputed, result) = scene.market.buy(&holder, REFUNDABLE, PRICE);
    result.unwrap();
    let (to_settle, result) = scene.market.buy(&holder, REFUNDABLE, PRICE);
    result.unwrap();
    // A second transferable license, not yet offered, and the first offered.
    let (second, result) = scene.market.buy(&holder, RESALABLE, PRICE);
    result.unwrap();
    let buyer = scene.offer_for_resale();
    scene.pause();

    // Blocked: new listings, purchases, renewals, credits, resale.
    let before = scene.state();
    let creator = scene.market.creator.insecure_clone();
    let create = create_listing_ix(
        &creator.pubkey(),
        &ownership_token_address(&creator.pubkey(), &keys.model_mint),
        &keys,
        listing_args(9, one_time(PRICE), meter.pubkey()),
    );
    assert_error(
        &scene.market.send(&[create], &creator),
        MarketError::PlatformPaused,
    );
    assert_error(
        &scene.market.buy(&holder, RESALABLE, PRICE).1,
        MarketError::PlatformPaused,
    );
    let subscription = scene.subscription;
    assert_error(
        &scene
            .market
            .renew(&holder, SUBSCRIPTION, &subscription, PRICE),
        MarketError::PlatformPaused,
    );
    assert_error(
        &scene
            .market
            .deposit_credits(&holder, METERED, &scene.metered.clone(), 1),
        MarketError::PlatformPaused,
    );
    assert_error(
        &scene.market.list_for_resale(&holder, &second, RESALE_PRICE),
        MarketError::PlatformPaused,
    );
    let resale = scene.resale_ix(&buyer.pubkey());
    assert_error(
        &scene.market.send(&[resale], &buyer),
        MarketError::PlatformPaused,
    );
    assert_eq!(scene.state(), before);
    assert_eq!(scene.market.balance_of(&buyer.pubkey()), RESALE_PRICE);

    // Never blocked: refunds, disputes and their resolution, usage,
    // credit withdrawals, withdrawing a resale offer, settlement.
    let holders_before = scene.market.balance_of(&holder.pubkey());
    scene.market.send(&[scene.refund_ix()], &holder).unwrap();
    scene.market.open_dispute(&holder, &disputed).unwrap();
    let arbiter = scene.market.platform.authority.insecure_clone();
    scene
        .market
        .resolve_dispute(&arbiter, REFUNDABLE, &disputed, true)
        .unwrap();
    let node = scene.node;
    let metered = scene.metered;
    scene
        .market
        .record_usage(&meter, METERED, &metered, Some(&node), 2, 1)
        .unwrap();
    let left = CREDITS - 2 * UNIT_PRICE;
    scene
        .market
        .withdraw_credits(&holder, METERED, &metered, left)
        .unwrap();
    let resalable = scene.resalable;
    scene
        .market
        .list_for_resale(&holder, &resalable, 0)
        .unwrap();
    assert_eq!(scene.market.license(&resalable).resale_price, 0);
    scene.market.advance_time(DAY);
    let vault_before = scene.market.vault_balance();
    scene.market.settle(REFUNDABLE, &to_settle).unwrap();

    assert_eq!(
        scene.market.balance_of(&holder.pubkey()),
        holders_before + 2 * PRICE + left
    );
    assert_eq!(
        scene.market.vault_balance(),
        vault_before + PRICE - PRICE / 5
    );
    assert_eq!(scene.market.escrow_balance(), 0);
    assert_eq!(
        scene.market.balance_of(&node),
        floor_bps(2 * UNIT_PRICE, 1_000)
    );
    assert!(scene.market.config().paused);
}

#[test]
fn fees_an_escrowed_purchase_settles_at_the_fee_fixed_when_it_was_bought_even_after_the_creators_tier_lowers_it(
) {
    let mut market = MarketFixture::new(SPL_TOKEN);
    let whole = 1_000_000; // 6 decimals
    market
        .create_listing(CreateListingArgs {
            refund_window_secs: DAY,
            ..listing_args(1, one_time(whole), Pubkey::new_unique())
        })
        .unwrap();
    market
        .create_listing(listing_args(
            2,
            one_time(1_000 * whole),
            Pubkey::new_unique(),
        ))
        .unwrap();
    let buyer = market.wallet(1_002 * whole);
    let (escrowed, result) = market.buy(&buyer, 1, whole);
    result.unwrap();
    assert_eq!(market.license(&escrowed).pending_fee, whole / 5);
    // 1,000 whole units settled: the creator's fee drops to 18%.
    market.buy(&buyer, 2, 1_000 * whole).1.unwrap();
    let (later, result) = market.buy(&buyer, 1, whole);
    result.unwrap();
    assert_eq!(market.license(&later).pending_fee, whole * 18 / 100);
    assert_eq!(market.license(&escrowed).pending_fee, whole / 5);

    market.advance_time(DAY);
    let treasury = market.treasury_balance();
    let vault = market.vault_balance();
    market.settle(1, &escrowed).unwrap();
    assert_eq!(market.treasury_balance(), treasury + whole / 5);
    assert_eq!(market.vault_balance(), vault + whole - whole / 5);
    market.settle(1, &later).unwrap();
    assert_eq!(
        market.treasury_balance(),
        treasury + whole / 5 + whole * 18 / 100
    );
    assert_eq!(market.escrow_balance(), 0);
}
