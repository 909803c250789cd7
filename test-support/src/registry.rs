//! Model registry builders.

use {
    crate::{
        escrow::{
            create_vault_ix, deposit_ix, pay_previous_owner_ix, settle_owner_period_ix,
            PreviousOwnerPayment,
        },
        event_authority,
        tokens::{self, balance, SPL_TOKEN, TOKEN_2022},
        TestChain, TxResult, SOL,
    },
    anchor_lang::{prelude::Pubkey, system_program, InstructionData, ToAccountMetas},
    anchor_spl::{associated_token, token_2022},
    hex_common::ids::MPL_TOKEN_METADATA,
    model_registry::{
        accounts, instruction,
        instructions::{ConfigUpdate, ExpectedSale, InitializeConfigArgs, RegisterModelArgs},
        state::{
            Category, Contributor, CreatorTier, FamilySettings, FeeSchedule, Model, ModelTerms,
            QualityTier,
        },
    },
    solana_instruction::{AccountMeta, Instruction},
    solana_keypair::Keypair,
    solana_signer::Signer,
};

pub use hex_common::pda::{
    config as config_pda, model as model_pda, model_profile as profile_pda, model_sale as sale_pda,
};

pub fn ownership_token_address(owner: &Pubkey, mint: &Pubkey) -> Pubkey {
    associated_token::get_associated_token_address_with_program_id(owner, mint, &token_2022::ID)
}

/// The platform's lowest model sale price in the tests' configs (base units).
pub const DEFAULT_MIN_MODEL_SALE_PRICE: u64 = 1_000;

/// The brief's fee schedule: 20% on licenses, 5% / 2.5% on primary / secondary
/// model sales, creator tiers at 1k / 10k / 100k units of lifetime sales.
pub fn default_config_args(treasury: Pubkey) -> InitializeConfigArgs {
    InitializeConfigArgs {
        treasury,
        fees: FeeSchedule {
            license_fee_bps: 2_000,
            primary_sale_fee_bps: 500,
            secondary_sale_fee_bps: 250,
            license_resale_fee_bps: 250,
        },
        fee_caps: FeeSchedule {
            license_fee_bps: 2_500,
            primary_sale_fee_bps: 1_000,
            secondary_sale_fee_bps: 500,
            license_resale_fee_bps: 500,
        },
        creator_tiers: [
            CreatorTier {
                min_lifetime_sales: 1_000,
                license_fee_bps: 1_800,
            },
            CreatorTier {
                min_lifetime_sales: 10_000,
                license_fee_bps: 1_500,
            },
            CreatorTier {
                min_lifetime_sales: 100_000,
                license_fee_bps: 1_200,
            },
        ],
        max_fork_royalty_bps: 3_000,
        max_refund_window_secs: 7 * 24 * 60 * 60,
        min_model_sale_price: DEFAULT_MIN_MODEL_SALE_PRICE,
        family: default_family_settings(),
    }
}

/// Family pools: trend shares up to 3% (3 x 3% stays below the lowest tier's
/// 12% fee), weekly epochs, no distributor fee.
pub fn default_family_settings() -> FamilySettings {
    FamilySettings {
        max_trend_share_bps: 300,
        epoch_secs: 7 * 24 * 60 * 60,
        distributor_fee_bps: 0,
    }
}

pub fn default_model_args() -> RegisterModelArgs {
    RegisterModelArgs {
        name: "Llama-3 Med Tuned".to_string(),
        symbol: "HEXM".to_string(),
        uri: "https://models.hex.example/llama3-med.json".to_string(),
        content_hash: [7; 32],
        open_source: true,
        fork_royalty_bps: 1_000,
        creator_resale_royalty_bps: 750,
    }
}

pub fn initialize_config_ix(authority: &Pubkey, args: InitializeConfigArgs) -> Instruction {
    Instruction {
        program_id: model_registry::ID,
        accounts: accounts::InitializeConfig {
            authority: *authority,
            config: config_pda(),
            program_data: None,
            registry_program: model_registry::ID,
            system_program: system_program::ID,
            event_authority: event_authority(&model_registry::ID),
            program: model_registry::ID,
        }
        .to_account_metas(None),
        data: instruction::InitializeConfig { args }.data(),
    }
}

fn platform_authority(authority: &Pubkey) -> accounts::PlatformAuthority {
    accounts::PlatformAuthority {
        authority: *authority,
        config: config_pda(),
    }
}

pub fn set_paused_ix(authority: &Pubkey, paused: bool) -> Instruction {
    Instruction {
        program_id: model_registry::ID,
        accounts: accounts::SetPaused {
            platform: platform_authority(authority),
            event_authority: event_authority(&model_registry::ID),
            program: model_registry::ID,
        }
        .to_account_metas(None),
        data: instruction::SetPaused { paused }.data(),
    }
}

pub fn update_config_ix(authority: &Pubkey, update: ConfigUpdate) -> Instruction {
    Instruction {
        program_id: model_registry::ID,
        accounts: accounts::UpdateConfig {
            platform: platform_authority(authority),
            event_authority: event_authority(&model_registry::ID),
            program: model_registry::ID,
        }
        .to_account_metas(None),
        data: instruction::UpdateConfig { update }.data(),
    }
}

pub fn propose_authority_ix(authority: &Pubkey, new_authority: &Pubkey) -> Instruction {
    Instruction {
        program_id: model_registry::ID,
        accounts: accounts::ProposeAuthority {
            platform: platform_authority(authority),
            event_authority: event_authority(&model_registry::ID),
            program: model_registry::ID,
        }
        .to_account_metas(None),
        data: instruction::ProposeAuthority {
            new_authority: *new_authority,
        }
        .data(),
    }
}

pub fn accept_authority_ix(new_authority: &Pubkey) -> Instruction {
    Instruction {
        program_id: model_registry::ID,
        accounts: accounts::AcceptAuthority {
            new_authority: *new_authority,
            config: config_pda(),
            event_authority: event_authority(&model_registry::ID),
            program: model_registry::ID,
        }
        .to_account_metas(None),
        data: instruction::AcceptAuthority {}.data(),
    }
}

fn new_model_accounts(creator: &Pubkey, mint: &Pubkey) -> accounts::NewModel {
    accounts::NewModel {
        creator: *creator,
        config: config_pda(),
        model: model_pda(mint),
        mint: *mint,
        ownership_token: ownership_token_address(creator, mint),
        token_program: token_2022::ID,
        associated_token_program: associated_token::ID,
        system_program: system_program::ID,
    }
}

pub fn register_model_ix(creator: &Pubkey, mint: &Pubkey, args: RegisterModelArgs) -> Instruction {
    Instruction {
        program_id: model_registry::ID,
        accounts: accounts::RegisterModel {
            new_model: new_model_accounts(creator, mint),
            event_authority: event_authority(&model_registry::ID),
            program: model_registry::ID,
        }
        .to_account_metas(None),
        data: instruction::RegisterModel { args }.data(),
    }
}

pub fn fork_model_ix(
    creator: &Pubkey,
    mint: &Pubkey,
    parent_mint: &Pubkey,
    args: RegisterModelArgs,
) -> Instruction {
    licensed_fork_model_ix(creator, mint, parent_mint, None, args)
}

/// A fork presenting `derivative_license`, as a closed parent requires.
pub fn licensed_fork_model_ix(
    creator: &Pubkey,
    mint: &Pubkey,
    parent_mint: &Pubkey,
    derivative_license: Option<Pubkey>,
    args: RegisterModelArgs,
) -> Instruction {
    Instruction {
        program_id: model_registry::ID,
        accounts: accounts::ForkModel {
            new_model: new_model_accounts(creator, mint),
            parent_model: model_pda(parent_mint),
            derivative_license,
            event_authority: event_authority(&model_registry::ID),
            program: model_registry::ID,
        }
        .to_account_metas(None),
        data: instruction::ForkModel { args }.data(),
    }
}

pub fn model_owner_accounts(owner: &Pubkey, mint: &Pubkey) -> accounts::ModelOwner {
    accounts::ModelOwner {
        owner: *owner,
        ownership_token: ownership_token_address(owner, mint),
        model: model_pda(mint),
    }
}

/// `co_signers` are contributors consenting to a smaller share.
pub fn set_contributors_ix(
    owner: &Pubkey,
    mint: &Pubkey,
    contributors: Vec<Contributor>,
    co_signers: &[Pubkey],
) -> Instruction {
    let mut accounts = accounts::SetContributors {
        model_owner: model_owner_accounts(owner, mint),
        event_authority: event_authority(&model_registry::ID),
        program: model_registry::ID,
    }
    .to_account_metas(None);
    accounts.extend(
        co_signers
            .iter()
            .map(|signer| AccountMeta::new_readonly(*signer, true)),
    );
    Instruction {
        program_id: model_registry::ID,
        accounts,
        data: instruction::SetContributors { contributors }.data(),
    }
}

pub fn publish_version_ix(
    owner: &Pubkey,
    mint: &Pubkey,
    content_hash: [u8; 32],
    uri: &str,
) -> Instruction {
    Instruction {
        program_id: model_registry::ID,
        accounts: accounts::PublishVersion {
            model_owner: model_owner_accounts(owner, mint),
            mint: *mint,
            token_program: token_2022::ID,
            system_program: system_program::ID,
            event_authority: event_authority(&model_registry::ID),
            program: model_registry::ID,
        }
        .to_account_metas(None),
        data: instruction::PublishVersion {
            content_hash,
            uri: uri.to_string(),
        }
        .data(),
    }
}

pub fn set_visibility_ix(owner: &Pubkey, mint: &Pubkey, open_source: bool) -> Instruction {
    Instruction {
        program_id: model_registry::ID,
        accounts: accounts::SetVisibility {
            model_owner: model_owner_accounts(owner, mint),
            event_authority: event_authority(&model_registry::ID),
            program: model_registry::ID,
        }
        .to_account_metas(None),
        data: instruction::SetVisibility { open_source }.data(),
    }
}

/// The owner files the model under `category` / `kind` with `tags`.
pub fn set_model_profile_ix(
    owner: &Pubkey,
    mint: &Pubkey,
    category: Category,
    kind: u8,
    tags: &[&str],
) -> Instruction {
    Instruction {
        program_id: model_registry::ID,
        accounts: accounts::SetModelProfile {
            model_owner: model_owner_accounts(owner, mint),
            profile: profile_pda(mint),
            system_program: system_program::ID,
            event_authority: event_authority(&model_registry::ID),
            program: model_registry::ID,
        }
        .to_account_metas(None),
        data: instruction::SetModelProfile {
            category,
            kind,
            tags: tags.iter().map(|tag| tag.to_string()).collect(),
        }
        .data(),
    }
}

/// What the attester vouches for about a model.
#[derive(Clone, Debug)]
pub struct Attestation {
    pub quality_tier: QualityTier,
    pub attestations: u8,
    pub evidence_uri: String,
}

pub fn attest_model_ix(attester: &Pubkey, mint: &Pubkey, attestation: Attestation) -> Instruction {
    Instruction {
        program_id: model_registry::ID,
        accounts: accounts::AttestModel {
            attester: *attester,
            config: config_pda(),
            model: model_pda(mint),
            profile: profile_pda(mint),
            system_program: system_program::ID,
            event_authority: event_authority(&model_registry::ID),
            program: model_registry::ID,
        }
        .to_account_metas(None),
        data: instruction::AttestModel {
            quality_tier: attestation.quality_tier,
            attestations: attestation.attestations,
            evidence_uri: attestation.evidence_uri,
        }
        .data(),
    }
}

/// The owner of a fork made under a license presents `license` (a License PDA).
pub fn set_derivative_license_ix(owner: &Pubkey, mint: &Pubkey, license: &Pubkey) -> Instruction {
    Instruction {
        program_id: model_registry::ID,
        accounts: accounts::SetDerivativeLicense {
            model_owner: model_owner_accounts(owner, mint),
            derivative_license: *license,
            event_authority: event_authority(&model_registry::ID),
            program: model_registry::ID,
        }
        .to_account_metas(None),
        data: instruction::SetDerivativeLicense {}.data(),
    }
}

pub fn set_taken_down_ix(authority: &Pubkey, mint: &Pubkey, taken_down: bool) -> Instruction {
    Instruction {
        program_id: model_registry::ID,
        accounts: accounts::SetTakenDown {
            authority: *authority,
            config: config_pda(),
            model: model_pda(mint),
            event_authority: event_authority(&model_registry::ID),
            program: model_registry::ID,
        }
        .to_account_metas(None),
        data: instruction::SetTakenDown { taken_down }.data(),
    }
}

pub fn list_model_for_sale_ix(
    owner: &Pubkey,
    mint: &Pubkey,
    payment_mint: &Pubkey,
    price: u64,
) -> Instruction {
    Instruction {
        program_id: model_registry::ID,
        accounts: accounts::ListModelForSale {
            model_owner: model_owner_accounts(owner, mint),
            config: config_pda(),
            mint: *mint,
            payer: *owner,
            sale: sale_pda(mint),
            payment_mint: *payment_mint,
            token_program: token_2022::ID,
            system_program: system_program::ID,
            event_authority: event_authority(&model_registry::ID),
            program: model_registry::ID,
            derivative_license: None,
        }
        .to_account_metas(None),
        data: instruction::ListModelForSale { price }.data(),
    }
}

pub fn cancel_model_sale_ix(owner: &Pubkey, mint: &Pubkey) -> Instruction {
    Instruction {
        program_id: model_registry::ID,
        accounts: accounts::CancelModelSale {
            model_owner: model_owner_accounts(owner, mint),
            mint: *mint,
            sale: sale_pda(mint),
            token_program: token_2022::ID,
            event_authority: event_authority(&model_registry::ID),
            program: model_registry::ID,
        }
        .to_account_metas(None),
        data: instruction::CancelModelSale {}.data(),
    }
}

/// Who takes part in a model sale, and in which payment mint.
pub struct SaleParties {
    pub buyer: Pubkey,
    pub seller: Pubkey,
    pub creator: Pubkey,
    pub treasury: Pubkey,
    pub payment_mint: Pubkey,
    pub payment_token_program: Pubkey,
}

/// Buys a listed model at the terms the buyer saw. The sale touches no
/// revenue vault.
pub fn buy_model_ix(mint: &Pubkey, parties: &SaleParties, expected: ExpectedSale) -> Instruction {
    let payment = |owner: &Pubkey| {
        crate::tokens::token_address(owner, &parties.payment_mint, &parties.payment_token_program)
    };
    Instruction {
        program_id: model_registry::ID,
        accounts: accounts::BuyModel {
            buyer: parties.buyer,
            config: config_pda(),
            model: model_pda(mint),
            sale: sale_pda(mint),
            seller: parties.seller,
            mint: *mint,
            seller_ownership_token: ownership_token_address(&parties.seller, mint),
            buyer_ownership_token: ownership_token_address(&parties.buyer, mint),
            payment_mint: parties.payment_mint,
            buyer_payment: payment(&parties.buyer),
            seller_payment: payment(&parties.seller),
            treasury_payment: payment(&parties.treasury),
            creator_payment: (parties.seller != parties.creator).then(|| payment(&parties.creator)),
            payment_token_program: parties.payment_token_program,
            token_program: token_2022::ID,
            event_authority: event_authority(&model_registry::ID),
            program: model_registry::ID,
        }
        .to_account_metas(None),
        data: instruction::BuyModel { expected }.data(),
    }
}

/// A Token Metadata PDA of `mint`: its metadata, or with `b"edition"` its
/// (master) edition.
fn metaplex_pda(mint: &Pubkey, suffix: &[&[u8]]) -> Pubkey {
    let program = MPL_TOKEN_METADATA;
    let seeds = [
        &[b"metadata".as_ref(), program.as_ref(), mint.as_ref()],
        suffix,
    ]
    .concat();
    Pubkey::find_program_address(&seeds, &program).0
}

pub fn metaplex_metadata_pda(mint: &Pubkey) -> Pubkey {
    metaplex_pda(mint, &[])
}

/// The start of a Metaplex `MetadataV1` account's Borsh layout (key, update
/// authority, mint, name, symbol, uri), as far as registration reads it.
pub fn metaplex_metadata_bytes(update_authority: &Pubkey, mint: &Pubkey, name: &str) -> Vec<u8> {
    let mut data = vec![4u8];
    data.extend_from_slice(update_authority.as_ref());
    data.extend_from_slice(mint.as_ref());
    for text in [name, "MPL", "https://nft.example/1.json"] {
        data.extend_from_slice(&(text.len() as u32).to_le_bytes());
        data.extend_from_slice(text.as_bytes());
    }
    data.resize(679, 0);
    data
}

pub fn metaplex_master_edition_pda(mint: &Pubkey) -> Pubkey {
    metaplex_pda(mint, &[b"edition"])
}

/// A Metaplex `MasterEditionV2` account as Token Metadata writes it: key 6,
/// supply 0 and `max_supply` (Borsh), zero-padded to the 282 bytes it
/// allocates.
pub fn metaplex_master_edition_bytes(max_supply: Option<u64>) -> Vec<u8> {
    let mut data = vec![6u8];
    data.extend_from_slice(&0u64.to_le_bytes());
    match max_supply {
        Some(max_supply) => {
            data.push(1);
            data.extend_from_slice(&max_supply.to_le_bytes());
        }
        None => data.push(0),
    }
    data.resize(282, 0);
    data
}

/// The mint of a Metaplex NFT as Token Metadata leaves it: supply 1,
/// decimals 0, its master edition as mint and freeze authority.
pub fn metaplex_mint_state(mint: &Pubkey) -> token_2022::spl_token_2022::state::Mint {
    let edition = Some(metaplex_master_edition_pda(mint)).into();
    token_2022::spl_token_2022::state::Mint {
        mint_authority: edition,
        supply: 1,
        decimals: 0,
        is_initialized: true,
        freeze_authority: edition,
    }
}

/// Writes a Metaplex NFT as Token Metadata leaves it (fixtures): the mint of
/// `metaplex_mint_state` under `token_program`, its one token in `holder`'s
/// associated token account, its metadata naming `update_authority`, and a
/// master edition of max supply 0. Returns the mint.
pub fn write_metaplex_nft(
    chain: &mut TestChain,
    token_program: Pubkey,
    holder: &Pubkey,
    update_authority: &Pubkey,
) -> Pubkey {
    let mint = Pubkey::new_unique();
    tokens::write_mint_state(
        chain,
        &mint,
        token_program,
        metaplex_mint_state(&mint),
        None,
    );
    tokens::write_token_account(chain, holder, &mint, token_program, 1);
    let metadata = metaplex_metadata_bytes(update_authority, &mint, "LoRA #7");
    tokens::write_account(
        chain,
        &metaplex_metadata_pda(&mint),
        MPL_TOKEN_METADATA,
        metadata,
    );
    let edition = metaplex_master_edition_bytes(Some(0));
    tokens::write_account(
        chain,
        &metaplex_master_edition_pda(&mint),
        MPL_TOKEN_METADATA,
        edition,
    );
    mint
}

/// Registers the Metaplex NFT `mint` for `creator`, who holds it in
/// `holder_token`.
pub fn register_metaplex_model_ix(
    creator: &Pubkey,
    mint: &Pubkey,
    holder_token: Pubkey,
    args: ModelTerms,
) -> Instruction {
    Instruction {
        program_id: model_registry::ID,
        accounts: accounts::RegisterMetaplexModel {
            creator: *creator,
            config: config_pda(),
            mint: *mint,
            metadata: metaplex_metadata_pda(mint),
            master_edition: metaplex_master_edition_pda(mint),
            holder_token,
            model: model_pda(mint),
            system_program: system_program::ID,
            event_authority: event_authority(&model_registry::ID),
            program: model_registry::ID,
        }
        .to_account_metas(None),
        data: instruction::RegisterMetaplexModel { terms: args }.data(),
    }
}

/// A chain with an initialised platform.
pub struct Platform {
    pub chain: TestChain,
    pub authority: Keypair,
    pub treasury: Pubkey,
}

impl Platform {
    pub fn new() -> Self {
        let mut chain = TestChain::new();
        let authority = chain.funded_keypair(10 * SOL);
        let treasury = Pubkey::new_unique();
        chain
            .send(
                &[initialize_config_ix(
                    &authority.pubkey(),
                    default_config_args(treasury),
                )],
                &[&authority],
            )
            .expect("initialize_config");
        Self {
            chain,
            authority,
            treasury,
        }
    }

    /// Forks `parent_mint` for `creator`; returns the child's ownership NFT mint.
    pub fn fork_model(
        &mut self,
        creator: &Keypair,
        parent_mint: &Pubkey,
        args: RegisterModelArgs,
    ) -> (Keypair, TxResult) {
        let mint = Keypair::new();
        let result = self.chain.send(
            &[fork_model_ix(
                &creator.pubkey(),
                &mint.pubkey(),
                parent_mint,
                args,
            )],
            &[creator, &mint],
        );
        (mint, result)
    }

    /// Registers a model for `creator`; returns the ownership NFT mint.
    pub fn register_model(
        &mut self,
        creator: &Keypair,
        args: RegisterModelArgs,
    ) -> (Keypair, TxResult) {
        let mint = Keypair::new();
        let result = self.chain.send(
            &[register_model_ix(&creator.pubkey(), &mint.pubkey(), args)],
            &[creator, &mint],
        );
        (mint, result)
    }
}

impl Default for Platform {
    fn default() -> Self {
        Self::new()
    }
}

/// A registered model with a revenue vault in `payment_mint` holding 10,000
/// units of owner revenue, and funded participants.
pub struct ModelSaleFixture {
    pub platform: Platform,
    pub creator: Keypair,
    pub mint: Pubkey,
    pub payment_mint: Pubkey,
    pub token_program: Pubkey,
    pub mint_authority: Keypair,
}

impl ModelSaleFixture {
    pub fn new() -> Self {
        Self::paying_in(SPL_TOKEN)
    }

    pub fn paying_in(token_program: Pubkey) -> Self {
        let mut platform = Platform::new();
        let creator = platform.chain.funded_keypair(10 * SOL);
        let (mint, result) = platform.register_model(&creator, default_model_args());
        result.unwrap();
        let mint = mint.pubkey();
        let mint_authority = platform.chain.funded_keypair(10 * SOL);
        let chain = &mut platform.chain;
        let payment_mint = tokens::create_mint(chain, &mint_authority, token_program, 6);
        chain
            .send(
                &[create_vault_ix(
                    &creator.pubkey(),
                    &mint,
                    &payment_mint,
                    &token_program,
                )],
                &[&creator],
            )
            .unwrap();
        let mut market = ModelSaleFixture {
            platform,
            creator,
            mint,
            payment_mint,
            token_program,
            mint_authority,
        };
        market.deposit(10_000);
        for owner in [market.platform.treasury, market.creator.pubkey()] {
            tokens::token_account(
                &mut market.platform.chain,
                &owner,
                &market.payment_mint,
                &token_program,
            );
        }
        market
    }

    pub fn chain(&mut self) -> &mut TestChain {
        &mut self.platform.chain
    }

    pub fn send(&mut self, instructions: &[Instruction], signers: &[&Keypair]) -> TxResult {
        self.platform.chain.send(instructions, signers)
    }

    pub fn fund(&mut self, owner: &Pubkey, amount: u64) -> Pubkey {
        let authority = self.mint_authority.insecure_clone();
        let (payment_mint, token_program) = (self.payment_mint, self.token_program);
        tokens::mint_to(
            self.chain(),
            &authority,
            &payment_mint,
            &token_program,
            owner,
            amount,
        )
    }

    pub fn deposit(&mut self, amount: u64) {
        let payer = self.chain().funded_keypair(SOL);
        let source = self.fund(&payer.pubkey(), amount);
        let ix = deposit_ix(&crate::escrow::VaultDeposit {
            depositor: payer.pubkey(),
            source,
            model_mint: self.mint,
            payment_mint: self.payment_mint,
            token_program: self.token_program,
            amount,
        });
        self.send(&[ix], &[&payer]).unwrap();
    }

    pub fn buyer(&mut self, amount: u64) -> Keypair {
        let buyer = self.chain().funded_keypair(10 * SOL);
        self.fund(&buyer.pubkey(), amount);
        let mint = self.mint;
        tokens::token_account(self.chain(), &buyer.pubkey(), &mint, &TOKEN_2022);
        buyer
    }

    pub fn list(&mut self, seller: &Keypair, price: u64) -> TxResult {
        let ix = list_model_for_sale_ix(&seller.pubkey(), &self.mint, &self.payment_mint, price);
        self.send(&[ix], &[seller])
    }

    pub fn payment_account(&self, owner: &Pubkey) -> Pubkey {
        tokens::token_address(owner, &self.payment_mint, &self.token_program)
    }

    pub fn payment_balance(&self, owner: &Pubkey) -> u64 {
        balance(&self.platform.chain, &self.payment_account(owner))
    }

    pub fn model(&self) -> Model {
        self.platform.chain.account(&model_pda(&self.mint))
    }

    pub fn parties(&self, buyer: &Pubkey, seller: &Pubkey) -> SaleParties {
        SaleParties {
            buyer: *buyer,
            seller: *seller,
            creator: self.creator.pubkey(),
            treasury: self.platform.treasury,
            payment_mint: self.payment_mint,
            payment_token_program: self.token_program,
        }
    }

    /// A purchase from `seller` at `price` and the versions the model shows now.
    pub fn sale_ix(&self, buyer: &Pubkey, seller: &Pubkey, price: u64) -> Instruction {
        buy_model_ix(
            &self.mint,
            &self.parties(buyer, seller),
            self.expected_sale(price),
        )
    }

    /// After a sale, a keeper settles the vault's owner period and pays the
    /// seller what its owner share earned, into its associated account;
    /// returns the keeper (who paid, and got back, the earnings account's rent).
    pub fn pay_seller_its_share(&mut self, seller: &Pubkey) -> Keypair {
        let keeper = self.platform.chain.funded_keypair(SOL);
        let settle =
            settle_owner_period_ix(&keeper.pubkey(), &self.mint, &self.payment_mint, seller);
        let pay = pay_previous_owner_ix(&PreviousOwnerPayment {
            sender: keeper.pubkey(),
            model_mint: self.mint,
            payment_mint: self.payment_mint,
            token_program: self.token_program,
            previous_owner: *seller,
            rent_payer: keeper.pubkey(),
            destination: self.payment_account(seller),
        });
        self.send(&[settle, pay], &[&keeper]).unwrap();
        keeper
    }

    /// What a buyer sees of the listed model now: its price and versions.
    pub fn expected_sale(&self, price: u64) -> ExpectedSale {
        let model = self.model();
        ExpectedSale {
            price,
            split_version: model.split_version,
            model_version: model.model_version,
        }
    }
}
