//! Discovery data on chain: the owner files a model under a category, a
//! sub-kind and tags; the platform's attester alone sets its quality tier and
//! attestations. Both live in the model's profile at fixed offsets, which
//! the SDK's `getProgramAccounts` filters read.

use {
    hex_test_support::{registry::*, solana_keypair::Keypair, solana_signer::Signer, *},
    model_registry::{
        constants::*,
        errors::RegistryError,
        instructions::ConfigUpdate,
        state::{
            Category, ModelProfile, QualityTier, ATTESTED_BENCHMARKS, ATTESTED_SECURITY_AUDIT,
            PROFILE_CATEGORY_OFFSET, PROFILE_MODEL_MINT_OFFSET, PROFILE_TAGS_OFFSET,
        },
    },
};

struct Scene {
    platform: Platform,
    owner: Keypair,
    mint: Pubkey,
}

impl Scene {
    fn new() -> Self {
        let mut platform = Platform::new();
        let owner = platform.chain.funded_keypair(10 * SOL);
        let (mint, result) = platform.register_model(&owner, default_model_args());
        result.unwrap();
        Self {
            platform,
            owner,
            mint: mint.pubkey(),
        }
    }

    fn set_profile(
        &mut self,
        signer: &Keypair,
        category: Category,
        kind: u8,
        tags: &[&str],
    ) -> TxResult {
        let mut ix = set_model_profile_ix(&signer.pubkey(), &self.mint, category, kind, tags);
        // A stranger names the owner's NFT account: still not the owner.
        ix.accounts[1].pubkey = ownership_token_address(&self.owner.pubkey(), &self.mint);
        self.platform.chain.send(&[ix], &[signer])
    }

    fn attest(&mut self, attester: &Keypair, attestations: u8) -> TxResult {
        let ix = attest_model_ix(
            &attester.pubkey(),
            &self.mint,
            Attestation {
                quality_tier: QualityTier::Premium,
                attestations,
                evidence_uri: "https://audits.hex.example/med.pdf".to_string(),
            },
        );
        self.platform.chain.send(&[ix], &[attester])
    }

    fn profile(&self) -> ModelProfile {
        self.platform.chain.account(&profile_pda(&self.mint))
    }

    fn profile_bytes(&self) -> Vec<u8> {
        self.platform
            .chain
            .svm
            .get_account(&profile_pda(&self.mint))
            .unwrap()
            .data
    }
}

#[test]
fn the_owner_files_its_model_under_a_category_kind_and_tags_at_fixed_offsets() {
    let mut scene = Scene::new();
    let owner = scene.owner.insecure_clone();
    scene
        .set_profile(&owner, Category::DomainSpecific, 0, &["med", "llama-3"])
        .unwrap();
    let profile = scene.profile();
    assert_eq!(
        (profile.category, profile.kind, profile.model_mint),
        (Category::DomainSpecific, 0, scene.mint)
    );
    assert_eq!(profile.quality_tier, QualityTier::Community);
    let bytes = scene.profile_bytes();
    // Category::DomainSpecific is the sixth variant; its kind 0 is "medical".
    assert_eq!(&bytes[PROFILE_CATEGORY_OFFSET as usize..][..2], &[5, 0]);
    assert_eq!(Category::DomainSpecific.kinds()[0], "medical");
    assert_eq!(
        &bytes[PROFILE_MODEL_MINT_OFFSET as usize..][..32],
        scene.mint.as_ref()
    );
    let tags = PROFILE_TAGS_OFFSET as usize;
    assert_eq!(&bytes[tags..tags + 4], b"med\0");
    assert_eq!(&bytes[tags + TAG_LEN..tags + TAG_LEN + 7], b"llama-3");
    assert_eq!(
        &bytes[tags + 2 * TAG_LEN..tags + 4 * TAG_LEN],
        &[0; 2 * TAG_LEN]
    );

    // Refiled: the old tags are gone.
    scene
        .set_profile(&owner, Category::Language, 1, &["code"])
        .unwrap();
    let profile = scene.profile();
    assert_eq!((profile.category, profile.kind), (Category::Language, 1));
    assert_eq!(&profile.tags[0][..5], b"code\0");
    assert_eq!(profile.tags[1], [0; TAG_LEN]);
}

#[test]
fn a_profile_refuses_strangers_unknown_kinds_and_bad_tags_and_creates_nothing() {
    let mut scene = Scene::new();
    let owner = scene.owner.insecure_clone();
    let stranger = scene.platform.chain.funded_keypair(SOL);
    assert_error(
        &scene.set_profile(&stranger, Category::Vision, 0, &[]),
        RegistryError::NotModelOwner,
    );
    assert_error(
        &scene.set_profile(&owner, Category::Audio, 4, &[]),
        RegistryError::InvalidCategoryKind,
    );
    for tags in [
        &["Med"][..],
        &["a b"],
        &["a-very-long-tag-x"],
        &["x", "x"],
        &["a", "b", "c", "d", "e"],
        &[""],
    ] {
        assert_error(
            &scene.set_profile(&owner, Category::Vision, 0, tags),
            RegistryError::InvalidTag,
        );
    }
    assert!(!scene.platform.chain.exists(&profile_pda(&scene.mint)));
}

#[test]
fn only_the_attester_sets_tiers_and_attestations_and_the_authority_can_replace_it() {
    let mut scene = Scene::new();
    let authority = scene.platform.authority.insecure_clone();
    let owner = scene.owner.insecure_clone();
    // The owner cannot vouch for its own model.
    assert_error(
        &scene.attest(&owner, ATTESTED_BENCHMARKS),
        RegistryError::NotAttester,
    );
    assert_error(
        &scene.attest(&authority, 8),
        RegistryError::InvalidAttestations,
    );
    assert!(!scene.platform.chain.exists(&profile_pda(&scene.mint)));

    // The attester starts as the platform authority.
    scene
        .attest(&authority, ATTESTED_BENCHMARKS | ATTESTED_SECURITY_AUDIT)
        .unwrap();
    let profile = scene.profile();
    assert_eq!(
        (profile.quality_tier, profile.attestations, profile.attester),
        (QualityTier::Premium, 3, authority.pubkey())
    );
    assert_eq!(profile.evidence_uri, "https://audits.hex.example/med.pdf");
    // The owner's filing keeps the attester's fields, and the other way round.
    scene
        .set_profile(&owner, Category::Vision, 2, &["xray"])
        .unwrap();
    assert_eq!(
        (scene.profile().quality_tier, scene.profile().category),
        (QualityTier::Premium, Category::Vision)
    );

    let attester = scene.platform.chain.funded_keypair(SOL);
    let update = ConfigUpdate {
        attester: Some(attester.pubkey()),
        ..ConfigUpdate::default()
    };
    scene
        .platform
        .chain
        .send(
            &[update_config_ix(&authority.pubkey(), update)],
            &[&authority],
        )
        .unwrap();
    assert_error(&scene.attest(&authority, 0), RegistryError::NotAttester);
    scene.attest(&attester, 0).unwrap();
    assert_eq!(
        (scene.profile().attestations, scene.profile().attester),
        (0, attester.pubkey())
    );
    assert_eq!(scene.profile().category, Category::Vision);
}
