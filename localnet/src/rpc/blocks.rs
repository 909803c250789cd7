//! Slots, blocks and blockhashes.
//!
//! Every slot is a block, produced by this node: the genesis block, then one
//! per executed transaction or clock advance. The current slot is the one
//! the next transaction lands in; its block is complete (and readable with
//! `getBlock`) once the chain has moved past it, which a transaction does at
//! once. Every block is final: there are no forks.

use {
    super::{
        check_at_least_confirmed, check_context_slot,
        params::{hash, pubkey, Params},
        to_json, with_context, RpcError, RpcResult,
    },
    crate::chain::Chain,
    serde_json::json,
    solana_rpc_client_types::{
        config::{
            RpcBlockConfig, RpcBlockProductionConfig, RpcBlocksConfigWrapper, RpcContextConfig,
            RpcEncodingConfigWrapper, UiTransactionEncoding,
        },
        request::MAX_GET_CONFIRMED_BLOCKS_RANGE,
        response::{
            RpcBlockCommitment, RpcBlockProduction, RpcBlockProductionRange, RpcBlockhash,
            RpcPerfSample,
        },
    },
    solana_transaction_status::{BlockEncodingOptions, EncodeError},
    std::collections::HashMap,
};

/// How many performance samples Agave keeps and serves.
pub const PERFORMANCE_SAMPLES_LIMIT: usize = 720;

/// The context check every `[config]`-only method makes.
fn context_config(chain: &Chain, params: &Params) -> Result<(), RpcError> {
    let (config,): (Option<RpcContextConfig>,) = params.parse(0)?;
    check_context_slot(chain, config.and_then(|config| config.min_context_slot))
}

pub fn get_slot(chain: &Chain, params: &Params) -> RpcResult {
    context_config(chain, params)?;
    Ok(json!(chain.slot()))
}

pub fn get_block_height(chain: &Chain, params: &Params) -> RpcResult {
    context_config(chain, params)?;
    Ok(json!(chain.block_height()))
}

pub fn get_transaction_count(chain: &Chain, params: &Params) -> RpcResult {
    context_config(chain, params)?;
    Ok(json!(chain.transaction_count()))
}

/// The highest slot retransmitted or inserted: the current one.
pub fn get_max_slot(chain: &Chain, params: &Params) -> RpcResult {
    params.none()?;
    Ok(json!(chain.slot()))
}

/// The chain keeps its whole ledger, from the genesis block.
pub fn get_first_available_block(params: &Params) -> RpcResult {
    params.none()?;
    Ok(json!(0))
}

pub fn latest_blockhash(chain: &Chain) -> RpcBlockhash {
    let (blockhash, last_valid_block_height) = chain.latest_blockhash();
    RpcBlockhash {
        blockhash: blockhash.to_string(),
        last_valid_block_height,
    }
}

pub fn get_latest_blockhash(chain: &Chain, params: &Params) -> RpcResult {
    context_config(chain, params)?;
    with_context(chain, latest_blockhash(chain))
}

pub fn is_blockhash_valid(chain: &Chain, params: &Params) -> RpcResult {
    let (blockhash, config): (String, Option<RpcContextConfig>) = params.parse(1)?;
    let blockhash = hash(&blockhash)?;
    check_context_slot(chain, config.and_then(|config| config.min_context_slot))?;
    with_context(chain, chain.is_blockhash_valid(&blockhash))
}

/// Agave's error for a transaction newer than the client said it reads.
pub fn unsupported_version(error: EncodeError) -> RpcError {
    let EncodeError::UnsupportedTransactionVersion(version) = error;
    RpcError::server(
        -32015,
        format!(
            "Transaction version ({version}) is not supported by the requesting client. Please try \
             the request again with the following configuration parameter: \
             \"maxSupportedTransactionVersion\": {version}"
        ),
        None,
    )
}

pub fn get_block(chain: &Chain, params: &Params) -> RpcResult {
    let (slot, config): (u64, Option<RpcEncodingConfigWrapper<RpcBlockConfig>>) =
        params.parse(1)?;
    let config = config
        .map(|config| config.convert_to_current())
        .unwrap_or_default();
    check_at_least_confirmed(config.commitment)?;
    let options = BlockEncodingOptions {
        transaction_details: config.transaction_details.unwrap_or_default(),
        show_rewards: config.rewards.unwrap_or(true),
        max_supported_transaction_version: config.max_supported_transaction_version,
    };
    let block = chain
        .confirmed_block(slot)
        .ok_or_else(|| RpcError::block_not_available(slot))?;
    let encoding = config.encoding.unwrap_or(UiTransactionEncoding::Json);
    let block = block
        .encode_with_options(encoding, options)
        .map_err(unsupported_version)?;
    to_json(block)
}

/// The blocks from `start_slot` to `end_slot`, the last complete one at most.
fn blocks_between(chain: &Chain, start_slot: u64, end_slot: u64) -> Vec<u64> {
    match chain.last_block_slot() {
        Some(last) if start_slot <= end_slot.min(last) => {
            (start_slot..=end_slot.min(last)).collect()
        }
        _ => Vec::new(),
    }
}

pub fn get_blocks(chain: &Chain, params: &Params) -> RpcResult {
    let (start_slot, wrapper, config): (
        u64,
        Option<RpcBlocksConfigWrapper>,
        Option<RpcContextConfig>,
    ) = params.parse(1)?;
    let (end_slot, wrapped_config) = wrapper.map(|wrapper| wrapper.unzip()).unwrap_or_default();
    let config = config.or(wrapped_config).unwrap_or_default();
    check_at_least_confirmed(config.commitment)?;
    check_context_slot(chain, config.min_context_slot)?;
    let end_slot =
        end_slot.unwrap_or_else(|| start_slot.saturating_add(MAX_GET_CONFIRMED_BLOCKS_RANGE));
    let last = chain.last_block_slot().unwrap_or_default();
    if end_slot.min(last) >= start_slot
        && end_slot.min(last) - start_slot > MAX_GET_CONFIRMED_BLOCKS_RANGE
    {
        return Err(RpcError::invalid_params(format!(
            "Slot range too large; max {MAX_GET_CONFIRMED_BLOCKS_RANGE}"
        )));
    }
    Ok(json!(blocks_between(chain, start_slot, end_slot)))
}

pub fn get_blocks_with_limit(chain: &Chain, params: &Params) -> RpcResult {
    let (start_slot, limit, config): (u64, usize, Option<RpcContextConfig>) = params.parse(2)?;
    let config = config.unwrap_or_default();
    check_at_least_confirmed(config.commitment)?;
    if limit as u64 > MAX_GET_CONFIRMED_BLOCKS_RANGE {
        return Err(RpcError::invalid_params(format!(
            "Limit too large; max {MAX_GET_CONFIRMED_BLOCKS_RANGE}"
        )));
    }
    check_context_slot(chain, config.min_context_slot)?;
    if limit == 0 {
        return Ok(json!([]));
    }
    let end_slot = start_slot.saturating_add(limit as u64 - 1);
    Ok(json!(blocks_between(chain, start_slot, end_slot)))
}

/// A complete block's time; the current slot's is the clock's now.
pub fn get_block_time(chain: &Chain, params: &Params) -> RpcResult {
    let (slot,): (u64,) = params.parse(1)?;
    if slot == chain.slot() {
        return Ok(json!(chain.clock_unix_timestamp()));
    }
    let block = chain
        .block(slot)
        .ok_or_else(|| RpcError::block_not_available(slot))?;
    Ok(json!(block.block_time))
}

/// No stake votes on blocks here: no commitment array, no stake.
pub fn get_block_commitment(params: &Params) -> RpcResult {
    let (_slot,): (u64,) = params.parse(1)?;
    to_json(RpcBlockCommitment::<[u64; 32]> {
        commitment: None,
        total_stake: 0,
    })
}

/// This node led every slot and produced a block in each.
pub fn get_block_production(chain: &Chain, params: &Params) -> RpcResult {
    let (config,): (Option<RpcBlockProductionConfig>,) = params.parse(0)?;
    let config = config.unwrap_or_default();
    let identity = config.identity.as_deref().map(pubkey).transpose()?;
    let schedule = chain.epoch_schedule();
    let (first_slot, last_slot) = match config.range {
        None => (
            schedule.get_first_slot_in_epoch(schedule.get_epoch(chain.slot())),
            chain.slot(),
        ),
        Some(range) => {
            let last_slot = range.last_slot.unwrap_or(chain.slot());
            if last_slot < range.first_slot {
                return Err(RpcError::invalid_params(format!(
                    "lastSlot, {last_slot}, cannot be less than firstSlot, {}",
                    range.first_slot
                )));
            }
            (range.first_slot, last_slot)
        }
    };
    if last_slot > chain.slot() {
        return Err(RpcError::invalid_params(format!(
            "lastSlot, {last_slot}, is too large; max {}",
            chain.slot()
        )));
    }
    let leader = chain.identity();
    let slots = (last_slot - first_slot + 1) as usize;
    let by_identity: HashMap<String, (usize, usize)> = match identity {
        Some(identity) if identity != leader => HashMap::new(),
        _ => HashMap::from([(leader.to_string(), (slots, slots))]),
    };
    with_context(
        chain,
        RpcBlockProduction {
            by_identity,
            range: RpcBlockProductionRange {
                first_slot,
                last_slot,
            },
        },
    )
}

/// Agave's samples of the last hours, one a minute, newest first.
pub fn get_recent_performance_samples(chain: &Chain, params: &Params) -> RpcResult {
    let (limit,): (Option<usize>,) = params.parse(0)?;
    let limit = limit.unwrap_or(PERFORMANCE_SAMPLES_LIMIT);
    if limit > PERFORMANCE_SAMPLES_LIMIT {
        return Err(RpcError::invalid_params(format!(
            "Invalid limit; max {PERFORMANCE_SAMPLES_LIMIT}"
        )));
    }
    let samples: Vec<RpcPerfSample> = chain
        .performance_samples()
        .take(limit)
        .map(|sample| RpcPerfSample {
            slot: sample.slot,
            num_transactions: sample.num_transactions,
            num_non_vote_transactions: Some(sample.num_transactions),
            num_slots: sample.num_slots,
            sample_period_secs: sample.period_secs,
        })
        .collect();
    to_json(samples)
}
