//! Royalty escrow builders, and lineage fixtures: Model accounts written
//! directly, so that tests can build trees of any depth quickly.

use {
    crate::{event_authority, tokens, TestChain, TxResult, SOL},
    anchor_lang::{prelude::*, AccountSerialize, InstructionData, ToAccountMetas},
    model_registry::{
        constants::MAX_CONTRIBUTORS,
        state::{Contributor, Model},
    },
    royalty_escrow::{accounts, instruction, state::Vault},
    solana_instruction::{AccountMeta, Instruction},
    solana_keypair::Keypair,
    solana_signer::Signer,
};

pub use hex_common::pda::{
    family_pool as family_pool_pda, payout_preferences as payout_preferences_pda,
    pool_tokens as pool_tokens_pda, previous_owner_earnings as previous_owner_earnings_pda,
    vault as vault_pda, vault_tokens as vault_tokens_pda,
};

/// The escrow's accounts of `vault`, a vault in `payment_mint`.
pub fn vault_accounts(
    vault: Pubkey,
    payment_mint: &Pubkey,
    token_program: &Pubkey,
) -> accounts::VaultAccounts {
    accounts::VaultAccounts {
        vault,
        vault_tokens: vault_tokens_pda(&vault),
        payment_mint: *payment_mint,
        token_program: *token_program,
    }
}

/// A family's pool in one payment mint.
#[derive(Clone, Copy, Debug)]
pub struct FamilyKeys {
    pub root_mint: Pubkey,
    pub payment_mint: Pubkey,
    pub token_program: Pubkey,
}

impl FamilyKeys {
    pub fn pool(&self) -> Pubkey {
        family_pool_pda(&self.root_mint, &self.payment_mint)
    }

    pub fn pool_tokens(&self) -> Pubkey {
        pool_tokens_pda(&self.pool())
    }
}

/// The root's owner opens the family pool or changes its trend share.
pub fn set_trend_share_ix(
    owner: &Pubkey,
    family: &FamilyKeys,
    trend_share_bps: u16,
) -> Instruction {
    Instruction {
        program_id: royalty_escrow::ID,
        accounts: accounts::SetTrendShare {
            owner: *owner,
            ownership_token: crate::registry::ownership_token_address(owner, &family.root_mint),
            root_model: crate::registry::model_pda(&family.root_mint),
            config: crate::registry::config_pda(),
            payment_mint: family.payment_mint,
            family_pool: family.pool(),
            pool_tokens: family.pool_tokens(),
            token_program: family.token_program,
            system_program: anchor_lang::system_program::ID,
            event_authority: event_authority(&royalty_escrow::ID),
            program: royalty_escrow::ID,
        }
        .to_account_metas(None),
        data: instruction::SetTrendShare { trend_share_bps }.data(),
    }
}

/// Collects a member's family rewards into its vault.
pub fn collect_family_reward_ix(member_mint: &Pubkey, family: &FamilyKeys) -> Instruction {
    let vault = vault_pda(member_mint, &family.payment_mint);
    Instruction {
        program_id: royalty_escrow::ID,
        accounts: accounts::CollectFamilyReward {
            model: crate::registry::model_pda(member_mint),
            vault: vault_accounts(vault, &family.payment_mint, &family.token_program),
            family_pool: family.pool(),
            pool_tokens: family.pool_tokens(),
            event_authority: event_authority(&royalty_escrow::ID),
            program: royalty_escrow::ID,
        }
        .to_account_metas(None),
        data: instruction::CollectFamilyReward {}.data(),
    }
}

/// What `distribute` pays and to whom.
#[derive(Clone, Copy, Debug)]
pub struct Distribution {
    pub distributor: Pubkey,
    pub distributor_tokens: Pubkey,
    pub model_mint: Pubkey,
    pub payment_mint: Pubkey,
    pub token_program: Pubkey,
    pub slot: u8,
    pub recipient: Pubkey,
    /// The owner slot only: the account holding the ownership NFT.
    pub ownership_token: Option<Pubkey>,
}

pub fn distribute_ix(distribution: &Distribution) -> Instruction {
    let vault = vault_pda(&distribution.model_mint, &distribution.payment_mint);
    Instruction {
        program_id: royalty_escrow::ID,
        accounts: accounts::Distribute {
            distributor: distribution.distributor,
            config: crate::registry::config_pda(),
            model: crate::registry::model_pda(&distribution.model_mint),
            vault: vault_accounts(
                vault,
                &distribution.payment_mint,
                &distribution.token_program,
            ),
            ownership_token: distribution.ownership_token,
            recipient: distribution.recipient,
            recipient_tokens: crate::tokens::token_address(
                &distribution.recipient,
                &distribution.payment_mint,
                &distribution.token_program,
            ),
            preferences: payout_preferences_pda(&distribution.recipient),
            distributor_tokens: distribution.distributor_tokens,
            associated_token_program: anchor_spl::associated_token::ID,
            system_program: anchor_lang::system_program::ID,
            event_authority: event_authority(&royalty_escrow::ID),
            program: royalty_escrow::ID,
        }
        .to_account_metas(None),
        data: instruction::Distribute {
            slot: distribution.slot,
        }
        .data(),
    }
}

pub fn set_payout_preferences_ix(
    wallet: &Pubkey,
    opt_out: bool,
    allow_account_creation: bool,
) -> Instruction {
    Instruction {
        program_id: royalty_escrow::ID,
        accounts: accounts::SetPayoutPreferences {
            wallet: *wallet,
            preferences: payout_preferences_pda(wallet),
            system_program: anchor_lang::system_program::ID,
            event_authority: event_authority(&royalty_escrow::ID),
            program: royalty_escrow::ID,
        }
        .to_account_metas(None),
        data: instruction::SetPayoutPreferences {
            opt_out,
            allow_account_creation,
        }
        .data(),
    }
}

/// A model of the lineage tree, as the escrow sees it.
#[derive(Clone, Debug)]
pub struct ModelFixture {
    /// The ownership NFT mint (the model's identity).
    pub mint: Pubkey,
    pub owner: Pubkey,
    pub parent: Option<Pubkey>,
    pub parent_royalty_bps: u16,
    pub contributors: Vec<(Pubkey, u16)>,
    pub split_version: u32,
}

impl ModelFixture {
    pub fn model_address(&self) -> Pubkey {
        crate::registry::model_pda(&self.mint)
    }

    pub fn vault(&self, payment_mint: &Pubkey) -> Pubkey {
        vault_pda(&self.mint, payment_mint)
    }
}

/// Writes the fixture's Model account (as model_registry would). A model
/// written again keeps its sales (`record_sale`): owner of record and sale count.
pub fn write_model(chain: &mut TestChain, fixture: &ModelFixture) {
    let (model_address, bump) = Pubkey::find_program_address(
        &[model_registry::constants::MODEL_SEED, fixture.mint.as_ref()],
        &model_registry::ID,
    );
    let (owner, sale_count) = if chain.exists(&model_address) {
        let written: Model = chain.account(&model_address);
        (written.owner, written.sale_count)
    } else {
        (fixture.owner, 0)
    };
    let mut contributors = [Contributor::default(); MAX_CONTRIBUTORS];
    for (slot, (wallet, share_bps)) in fixture.contributors.iter().enumerate() {
        contributors[slot] = Contributor {
            wallet: *wallet,
            share_bps: *share_bps,
        };
    }
    let parent = fixture.parent.unwrap_or_default();
    let model = Model {
        account_version: 1,
        bump,
        mint: fixture.mint,
        creator: fixture.owner,
        parent,
        root: fixture.mint,
        depth: 0,
        open_source: true,
        content_hash: [1; 32],
        model_version: 1,
        fork_royalty_bps: 0,
        creator_resale_royalty_bps: 500,
        parent_royalty_bps: fixture.parent_royalty_bps,
        contributors,
        contributor_count: fixture.contributors.len() as u8,
        split_version: fixture.split_version,
        vault_count: 0,
        sale_count,
        children_count: 0,
        license_count: 0,
        gross_revenue: 0,
        rating_sum: 0,
        rating_count: 0,
        taken_down: false,
        created_at: 0,
        updated_at: 0,
        owner,
        listed_for_sale: false,
        derivative_license: Pubkey::default(),
        reserved: [0; 31],
    };
    let mut data = Vec::with_capacity(8 + Model::INIT_SPACE);
    model.try_serialize(&mut data).unwrap();
    let account = solana_account::Account {
        lamports: chain.svm.minimum_balance_for_rent_exemption(data.len()),
        data,
        owner: model_registry::ID,
        executable: false,
        rent_epoch: 0,
    };
    chain.svm.set_account(model_address, account).unwrap();
}

/// A sale of the fixture's model as the registry records it (a fixture):
/// the NFT moves to `buyer`, who becomes the owner of record, and the
/// model's sale count moves on.
pub fn record_sale(chain: &mut TestChain, fixture: &ModelFixture, buyer: &Pubkey) {
    let address = fixture.model_address();
    let mut model: Model = chain.account(&address);
    let seller = model.owner;
    model.owner = *buyer;
    model.sale_count += 1;
    let mut data = Vec::with_capacity(8 + Model::INIT_SPACE);
    model.try_serialize(&mut data).unwrap();
    tokens::write_account(chain, &address, model_registry::ID, data);
    tokens::write_token_account(chain, &seller, &fixture.mint, tokens::TOKEN_2022, 0);
    tokens::write_token_account(chain, buyer, &fixture.mint, tokens::TOKEN_2022, 1);
}

/// An NFT-like Token-2022 mint of supply 1 held by `owner` in its
/// associated token account, written directly (a fixture, not a registration).
pub fn ownership_nft(chain: &mut TestChain, owner: &Pubkey) -> Pubkey {
    let mint = Pubkey::new_unique();
    tokens::write_mint(chain, &mint, tokens::TOKEN_2022, 1, 0);
    tokens::write_token_account(chain, owner, &mint, tokens::TOKEN_2022, 1);
    mint
}

pub fn create_vault_ix(
    payer: &Pubkey,
    model_mint: &Pubkey,
    payment_mint: &Pubkey,
    token_program: &Pubkey,
) -> Instruction {
    let vault = vault_pda(model_mint, payment_mint);
    Instruction {
        program_id: royalty_escrow::ID,
        accounts: accounts::CreateVault {
            payer: *payer,
            model: crate::registry::model_pda(model_mint),
            payment_mint: *payment_mint,
            vault,
            vault_tokens: vault_tokens_pda(&vault),
            token_program: *token_program,
            registry_program: model_registry::ID,
            system_program: anchor_lang::system_program::ID,
            event_authority: event_authority(&royalty_escrow::ID),
            program: royalty_escrow::ID,
        }
        .to_account_metas(None),
        data: instruction::CreateVault {}.data(),
    }
}

/// A deposit into `model_mint`'s vault in `payment_mint`, from `source`
/// (a token account `depositor` signs for).
#[derive(Clone, Copy, Debug)]
pub struct VaultDeposit {
    pub depositor: Pubkey,
    pub source: Pubkey,
    pub model_mint: Pubkey,
    pub payment_mint: Pubkey,
    pub token_program: Pubkey,
    pub amount: u64,
}

pub fn deposit_ix(deposit: &VaultDeposit) -> Instruction {
    let VaultDeposit {
        depositor,
        source,
        model_mint,
        payment_mint,
        token_program,
        amount,
    } = *deposit;
    let vault = vault_pda(&model_mint, &payment_mint);
    Instruction {
        program_id: royalty_escrow::ID,
        accounts: accounts::Deposit {
            depositor,
            model: crate::registry::model_pda(&model_mint),
            vault: vault_accounts(vault, &payment_mint, &token_program),
            source,
            event_authority: event_authority(&royalty_escrow::ID),
            program: royalty_escrow::ID,
        }
        .to_account_metas(None),
        data: instruction::Deposit { amount }.data(),
    }
}

/// Releases the parent's share of `model_mint`'s vault into the vault of
/// `parent_mint` (the child's parent) for the same payment mint.
pub fn release_to_parent_ix(
    model_mint: &Pubkey,
    parent_mint: &Pubkey,
    payment_mint: &Pubkey,
    token_program: &Pubkey,
) -> Instruction {
    let (vault, parent_vault) = (
        vault_pda(model_mint, payment_mint),
        vault_pda(parent_mint, payment_mint),
    );
    Instruction {
        program_id: royalty_escrow::ID,
        accounts: accounts::ReleaseToParent {
            vault: vault_accounts(vault, payment_mint, token_program),
            parent_model: crate::registry::model_pda(parent_mint),
            parent_vault,
            parent_vault_tokens: vault_tokens_pda(&parent_vault),
            event_authority: event_authority(&royalty_escrow::ID),
            program: royalty_escrow::ID,
        }
        .to_account_metas(None),
        data: instruction::ReleaseToParent {}.data(),
    }
}

/// A contributor's claim of what `vault` owes its `slot`, into `destination`.
#[derive(Clone, Copy, Debug)]
pub struct ContributorClaim {
    pub contributor: Pubkey,
    pub vault: Pubkey,
    pub slot: u8,
    pub destination: Pubkey,
    pub payment_mint: Pubkey,
    pub token_program: Pubkey,
}

pub fn claim_contributor_ix(claim: &ContributorClaim) -> Instruction {
    let slot = claim.slot;
    Instruction {
        program_id: royalty_escrow::ID,
        accounts: accounts::ClaimContributor {
            contributor: claim.contributor,
            vault: vault_accounts(claim.vault, &claim.payment_mint, &claim.token_program),
            destination: claim.destination,
            event_authority: event_authority(&royalty_escrow::ID),
            program: royalty_escrow::ID,
        }
        .to_account_metas(None),
        data: instruction::ClaimContributor { slot }.data(),
    }
}

/// The owner's claim of its share of `model_mint`'s vault: `owner` holds
/// the ownership NFT in `ownership_token`.
#[derive(Clone, Copy, Debug)]
pub struct OwnerClaim {
    pub owner: Pubkey,
    pub ownership_token: Pubkey,
    pub model_mint: Pubkey,
    pub destination: Pubkey,
    pub payment_mint: Pubkey,
    pub token_program: Pubkey,
}

pub fn claim_owner_ix(claim: &OwnerClaim) -> Instruction {
    let vault = vault_pda(&claim.model_mint, &claim.payment_mint);
    Instruction {
        program_id: royalty_escrow::ID,
        accounts: accounts::ClaimOwner {
            owner: claim.owner,
            ownership_token: claim.ownership_token,
            model: crate::registry::model_pda(&claim.model_mint),
            vault: vault_accounts(vault, &claim.payment_mint, &claim.token_program),
            destination: claim.destination,
            event_authority: event_authority(&royalty_escrow::ID),
            program: royalty_escrow::ID,
        }
        .to_account_metas(None),
        data: instruction::ClaimOwner {}.data(),
    }
}

pub fn sync_split_ix(
    model_mint: &Pubkey,
    payment_mint: &Pubkey,
    token_program: &Pubkey,
    payouts: &[Pubkey],
) -> Instruction {
    let vault = vault_pda(model_mint, payment_mint);
    let mut accounts = accounts::SyncSplit {
        model: crate::registry::model_pda(model_mint),
        vault: vault_accounts(vault, payment_mint, token_program),
        event_authority: event_authority(&royalty_escrow::ID),
        program: royalty_escrow::ID,
    }
    .to_account_metas(None);
    accounts.extend(
        payouts
            .iter()
            .map(|payout| AccountMeta::new(*payout, false)),
    );
    Instruction {
        program_id: royalty_escrow::ID,
        accounts,
        data: instruction::SyncSplit {}.data(),
    }
}

/// Closes the owner period of `model_mint`'s vault after a sale; the
/// previous owner is the vault's owner of record.
pub fn settle_owner_period_ix(
    payer: &Pubkey,
    model_mint: &Pubkey,
    payment_mint: &Pubkey,
    previous_owner: &Pubkey,
) -> Instruction {
    let vault = vault_pda(model_mint, payment_mint);
    Instruction {
        program_id: royalty_escrow::ID,
        accounts: accounts::SettleOwnerPeriod {
            payer: *payer,
            model: crate::registry::model_pda(model_mint),
            vault,
            previous_owner_earnings: previous_owner_earnings_pda(&vault, previous_owner),
            system_program: anchor_lang::system_program::ID,
            event_authority: event_authority(&royalty_escrow::ID),
            program: royalty_escrow::ID,
        }
        .to_account_metas(None),
        data: instruction::SettleOwnerPeriod {}.data(),
    }
}

/// Who pays a previous owner, from which vault, and into which account.
pub struct PreviousOwnerPayment {
    pub sender: Pubkey,
    pub model_mint: Pubkey,
    pub payment_mint: Pubkey,
    pub token_program: Pubkey,
    pub previous_owner: Pubkey,
    pub rent_payer: Pubkey,
    pub destination: Pubkey,
}

pub fn pay_previous_owner_ix(payment: &PreviousOwnerPayment) -> Instruction {
    let vault = vault_pda(&payment.model_mint, &payment.payment_mint);
    Instruction {
        program_id: royalty_escrow::ID,
        accounts: accounts::PayPreviousOwner {
            sender: payment.sender,
            vault: vault_accounts(vault, &payment.payment_mint, &payment.token_program),
            previous_owner_earnings: previous_owner_earnings_pda(&vault, &payment.previous_owner),
            rent_payer: payment.rent_payer,
            destination: payment.destination,
            event_authority: event_authority(&royalty_escrow::ID),
            program: royalty_escrow::ID,
        }
        .to_account_metas(None),
        data: instruction::PayPreviousOwner {}.data(),
    }
}

/// Creates the vault of `fixture` for a payment mint.
pub fn create_vault(
    chain: &mut TestChain,
    payer: &Keypair,
    fixture: &ModelFixture,
    payment_mint: &Pubkey,
    token_program: &Pubkey,
) -> TxResult {
    chain.send(
        &[create_vault_ix(
            &payer.pubkey(),
            &fixture.mint,
            payment_mint,
            token_program,
        )],
        &[payer],
    )
}

/// A base model (one contributor at 20%) and its fork (10% to the parent,
/// one contributor at 15%), both with vaults for one payment mint.
pub struct Family {
    pub chain: TestChain,
    pub token_program: Pubkey,
    pub payment_mint: Pubkey,
    pub mint_authority: Keypair,
    pub base: ModelFixture,
    pub base_owner: Keypair,
    pub base_contributor: Keypair,
    pub fork: ModelFixture,
    pub fork_owner: Keypair,
    pub fork_contributor: Keypair,
}

impl Family {
    pub fn new(token_program: Pubkey) -> Self {
        Self::on(TestChain::new(), token_program)
    }
    pub fn on(mut chain: TestChain, token_program: Pubkey) -> Self {
        let mint_authority = chain.funded_keypair(10 * SOL);
        let payment_mint = tokens::create_mint(&mut chain, &mint_authority, token_program, 6);
        let (base_owner, base_contributor, fork_owner, fork_contributor) = (
            chain.funded_keypair(SOL),
            chain.funded_keypair(SOL),
            chain.funded_keypair(SOL),
            chain.funded_keypair(SOL),
        );
        let base = ModelFixture {
            mint: ownership_nft(&mut chain, &base_owner.pubkey()),
            owner: base_owner.pubkey(),
            parent: None,
            parent_royalty_bps: 0,
            contributors: vec![(base_contributor.pubkey(), 2_000)],
            split_version: 0,
        };
        let fork = ModelFixture {
            mint: ownership_nft(&mut chain, &fork_owner.pubkey()),
            owner: fork_owner.pubkey(),
            parent: Some(base.mint),
            parent_royalty_bps: 1_000,
            contributors: vec![(fork_contributor.pubkey(), 1_500)],
            split_version: 0,
        };
        let mut family = Family {
            chain,
            token_program,
            payment_mint,
            mint_authority,
            base,
            base_owner,
            base_contributor,
            fork,
            fork_owner,
            fork_contributor,
        };
        for fixture in [family.base.clone(), family.fork.clone()] {
            write_model(&mut family.chain, &fixture);
            let payer = family.chain.funded_keypair(SOL);
            create_vault(
                &mut family.chain,
                &payer,
                &fixture,
                &family.payment_mint,
                &token_program,
            )
            .expect("create_vault");
        }
        family
    }
    pub fn fund(&mut self, owner: &Pubkey, amount: u64) -> Pubkey {
        let authority = self.mint_authority.insecure_clone();
        tokens::mint_to(
            &mut self.chain,
            &authority,
            &self.payment_mint,
            &self.token_program,
            owner,
            amount,
        )
    }
    pub fn deposit(&mut self, fixture: &ModelFixture, amount: u64) -> TxResult {
        let depositor = self.chain.funded_keypair(SOL);
        let source = self.fund(&depositor.pubkey(), amount);
        let ix = deposit_ix(&VaultDeposit {
            depositor: depositor.pubkey(),
            source,
            model_mint: fixture.mint,
            payment_mint: self.payment_mint,
            token_program: self.token_program,
            amount,
        });
        self.chain.send(&[ix], &[&depositor])
    }
    pub fn vault(&self, fixture: &ModelFixture) -> Vault {
        self.chain.account(&fixture.vault(&self.payment_mint))
    }
}
