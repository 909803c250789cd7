use {
    crate::{constants::*, errors::RegistryError},
    anchor_lang::prelude::*,
};

/// The brief's taxonomy of models; each category has its sub-kinds
/// (`ModelProfile::kind`, an index into `Category::kinds`).
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub enum Category {
    Uncategorized,
    Language,
    Vision,
    Audio,
    Multimodal,
    DomainSpecific,
}

impl Category {
    /// The sub-kinds of the category, in the order of their index.
    pub fn kinds(&self) -> &'static [&'static str] {
        match self {
            Category::Uncategorized => &["other"],
            Category::Language => &[
                "chat",
                "code",
                "translation",
                "summarization",
                "embedding",
                "other",
            ],
            Category::Vision => &[
                "classification",
                "detection",
                "segmentation",
                "generation",
                "other",
            ],
            Category::Audio => &["speech-to-text", "text-to-speech", "music", "other"],
            Category::Multimodal => &["image-text", "video", "document", "other"],
            Category::DomainSpecific => &["medical", "legal", "finance", "science", "other"],
        }
    }
}

/// Quality tiers of the brief, set only by the platform's attester.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub enum QualityTier {
    Community,
    Verified,
    Premium,
    Enterprise,
    Exclusive,
}

/// Attestation flags (`ModelProfile::attestations`).
pub const ATTESTED_BENCHMARKS: u8 = 1;
pub const ATTESTED_SECURITY_AUDIT: u8 = 2;
pub const ATTESTED_TRAINED_ON_PLATFORM: u8 = 4;
pub const ATTESTATION_FLAGS: u8 =
    ATTESTED_BENCHMARKS | ATTESTED_SECURITY_AUDIT | ATTESTED_TRAINED_ON_PLATFORM;

/// A tag: lowercase ASCII letters, digits and '-', zero-padded.
pub type Tag = [u8; TAG_LEN];

/// How a model is found and what the platform vouches for, at
/// `[PROFILE_SEED, model mint]`. Category, kind and tags are the owner's;
/// tier, attestations and their evidence are the attester's. Fixed offsets,
/// so that `getProgramAccounts` finds models by category (one byte), kind
/// (two bytes) or a tag (one filter per tag slot).
#[account]
#[derive(InitSpace)]
pub struct ModelProfile {
    /// Layout version of this account (`ACCOUNT_VERSION` when written).
    pub account_version: u8,
    pub bump: u8,
    pub model_mint: Pubkey,
    pub category: Category,
    pub kind: u8,
    pub tags: [[u8; TAG_LEN]; MAX_TAGS],
    pub quality_tier: QualityTier,
    pub attestations: u8,
    pub attester: Pubkey,
    pub attested_at: i64,
    #[max_len(MAX_URI_LEN)]
    pub evidence_uri: String,
    pub reserved: [u8; 32],
}

hex_common::account_offsets!(ModelProfile {
    account_version: u8,
    bump: u8,
    model_mint: Pubkey => PROFILE_MODEL_MINT_OFFSET,
    category: Category => PROFILE_CATEGORY_OFFSET,
    kind: u8,
    tags: [u8; TAG_LEN * MAX_TAGS] => PROFILE_TAGS_OFFSET,
    quality_tier: QualityTier => PROFILE_QUALITY_TIER_OFFSET,
    attestations: u8,
    attester: Pubkey,
    attested_at: i64,
    evidence_uri: String(MAX_URI_LEN as usize),
    reserved: [u8; 32],
});

impl ModelProfile {
    /// A profile with nothing set: uncategorized, community tier.
    pub fn empty(bump: u8, model_mint: Pubkey) -> Self {
        ModelProfile {
            account_version: ACCOUNT_VERSION,
            bump,
            model_mint,
            category: Category::Uncategorized,
            kind: 0,
            tags: [[0; TAG_LEN]; MAX_TAGS],
            quality_tier: QualityTier::Community,
            attestations: 0,
            attester: Pubkey::default(),
            attested_at: 0,
            evidence_uri: String::new(),
            reserved: [0; 32],
        }
    }
}

/// Checks a category's sub-kind index.
pub fn validate_kind(category: Category, kind: u8) -> Result<()> {
    require!(
        (kind as usize) < category.kinds().len(),
        RegistryError::InvalidCategoryKind
    );
    Ok(())
}

/// Packs up to `MAX_TAGS` tags, each 1 to `TAG_LEN` characters of
/// lowercase ASCII letters, digits or '-', without duplicates.
pub fn pack_tags(tags: &[String]) -> Result<[Tag; MAX_TAGS]> {
    require!(tags.len() <= MAX_TAGS, RegistryError::InvalidTag);
    let mut packed = [[0u8; TAG_LEN]; MAX_TAGS];
    for (slot, tag) in tags.iter().enumerate() {
        let valid = (1..=TAG_LEN).contains(&tag.len())
            && tag
                .bytes()
                .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-')
            && !tags[..slot].contains(tag);
        require!(valid, RegistryError::InvalidTag);
        packed[slot][..tag.len()].copy_from_slice(tag.as_bytes());
    }
    Ok(packed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_pack_zero_padded_and_refuse_bad_ones() {
        let packed = pack_tags(&["med".into(), "llama-3".into()]).unwrap();
        assert_eq!(&packed[0][..4], b"med\0");
        assert_eq!(&packed[1][..7], b"llama-3");
        assert_eq!(packed[2], [0; TAG_LEN]);
        for bad in [
            vec!["".to_string()],
            vec!["Med".into()],
            vec!["a b".into()],
            vec!["x".repeat(TAG_LEN + 1)],
            vec!["a".into(), "a".into()],
            vec!["a".into(), "b".into(), "c".into(), "d".into(), "e".into()],
        ] {
            assert!(pack_tags(&bad).is_err(), "{bad:?}");
        }
    }
}
