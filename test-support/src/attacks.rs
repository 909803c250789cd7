//! Tools of the security suites: tamper with an instruction's accounts,
//! derive addresses an attacker would try, forge accounts.

use {
    crate::{tokens, TestChain},
    anchor_lang::prelude::Pubkey,
    solana_instruction::Instruction,
};

/// Points the first account of `ix` that is `old` at `new` instead.
pub fn swap(ix: &mut Instruction, old: &Pubkey, new: Pubkey) {
    ix.accounts
        .iter_mut()
        .find(|meta| meta.pubkey == *old)
        .unwrap_or_else(|| panic!("{old} is not an account of the instruction"))
        .pubkey = new;
}

/// Drops the signature of `key` from every account of `ix` it appears as.
pub fn unsign(ix: &mut Instruction, key: &Pubkey) {
    for meta in ix.accounts.iter_mut().filter(|meta| meta.pubkey == *key) {
        meta.is_signer = false;
    }
}

/// The address of `seeds` under the highest bump below the canonical one.
pub fn non_canonical_pda(seeds: &[&[u8]], program_id: &Pubkey) -> Pubkey {
    let (_, canonical) = Pubkey::find_program_address(seeds, program_id);
    (0..canonical)
        .rev()
        .find_map(|bump| {
            let bump = [bump];
            let mut with_bump = seeds.to_vec();
            with_bump.push(&bump);
            Pubkey::create_program_address(&with_bump, program_id).ok()
        })
        .expect("a non-canonical bump")
}

/// Writes a copy of the account at `from` to `to`, owned by `owner`, with
/// its data edited by `edit`.
pub fn forge(
    chain: &mut TestChain,
    from: &Pubkey,
    to: &Pubkey,
    owner: Pubkey,
    edit: impl FnOnce(&mut Vec<u8>),
) {
    let mut data = chain.svm.get_account(from).unwrap().data;
    edit(&mut data);
    tokens::write_account(chain, to, owner, data);
}
