//! The node, the cluster it forms alone, epochs, leaders, inflation and fees.
//!
//! A single node is the whole cluster: it leads every slot, has no vote
//! accounts (the chain runs without consensus), pays no inflation rewards and
//! takes no snapshots. These methods answer as Agave does on such a cluster.

use {
    super::{
        check_context_slot, params::pubkey, params::Params, to_json, with_context, Endpoints,
        RpcError, RpcResult,
    },
    crate::chain::Chain,
    serde_json::{json, Value},
    solana_epoch_info::EpochInfo,
    solana_rpc_client_types::{
        config::{
            CommitmentConfig, RpcContextConfig, RpcEpochConfig, RpcGetVoteAccountsConfig,
            RpcLeaderScheduleConfig, RpcLeaderScheduleConfigWrapper,
        },
        request::MAX_GET_SLOT_LEADERS,
        response::{
            RpcContactInfo, RpcIdentity, RpcInflationGovernor, RpcInflationRate, RpcLeaderSchedule,
            RpcPrioritizationFee, RpcVersionInfo, RpcVoteAccountStatus,
        },
    },
    solana_system_interface::MAX_PERMITTED_DATA_LENGTH,
    solana_version::Version,
};

/// Agave's cap on the accounts of `getRecentPrioritizationFees`: those one
/// transaction may lock.
const MAX_TX_ACCOUNT_LOCKS: usize = 128;

pub fn get_health(params: &Params) -> RpcResult {
    params.none()?;
    Ok(json!("ok"))
}

/// The Agave release whose RPC this node serves, and its feature set.
pub fn get_version(params: &Params) -> RpcResult {
    params.none()?;
    let version = Version::default();
    to_json(RpcVersionInfo {
        solana_core: version.to_string(),
        feature_set: Some(version.feature_set),
    })
}

pub fn get_identity(chain: &Chain, params: &Params) -> RpcResult {
    params.none()?;
    to_json(RpcIdentity {
        identity: chain.identity().to_string(),
    })
}

pub fn get_genesis_hash(chain: &Chain, params: &Params) -> RpcResult {
    params.none()?;
    Ok(json!(chain.genesis_hash().to_string()))
}

/// The one node: its JSON-RPC and PubSub addresses; it has no gossip, TPU,
/// TVU or repair ports (transactions come in over JSON-RPC).
pub fn get_cluster_nodes(chain: &Chain, endpoints: &Endpoints, params: &Params) -> RpcResult {
    params.none()?;
    let version = Version::default();
    to_json(vec![RpcContactInfo {
        pubkey: chain.identity().to_string(),
        gossip: None,
        tvu: None,
        tpu: None,
        tpu_quic: None,
        tpu_forwards: None,
        tpu_forwards_quic: None,
        tpu_vote: None,
        serve_repair: None,
        rpc: Some(endpoints.rpc),
        pubsub: Some(endpoints.pubsub),
        version: Some(version.to_string()),
        feature_set: Some(version.feature_set),
        shred_version: Some(0),
    }])
}

/// No vote accounts: the chain runs without votes or stake.
pub fn get_vote_accounts(params: &Params) -> RpcResult {
    let (config,): (Option<RpcGetVoteAccountsConfig>,) = params.parse(0)?;
    if let Some(vote_pubkey) = config.and_then(|config| config.vote_pubkey) {
        pubkey(&vote_pubkey)?;
    }
    to_json(RpcVoteAccountStatus {
        current: Vec::new(),
        delinquent: Vec::new(),
    })
}

/// The newest epoch whose leader schedule is known at the current slot
/// (Agave computes the next epoch's ahead).
fn leader_schedule_epoch(chain: &Chain) -> u64 {
    chain
        .epoch_schedule()
        .get_leader_schedule_epoch(chain.slot())
}

/// This node leads every slot of every epoch up to the next one.
pub fn get_leader_schedule(chain: &Chain, params: &Params) -> RpcResult {
    let (options, config): (
        Option<RpcLeaderScheduleConfigWrapper>,
        Option<RpcLeaderScheduleConfig>,
    ) = params.parse(0)?;
    let (slot, options_config) = options.map(|options| options.unzip()).unwrap_or_default();
    let config = options_config.or(config).unwrap_or_default();
    let identity = config.identity.as_deref().map(pubkey).transpose()?;
    let schedule = chain.epoch_schedule();
    let epoch = schedule.get_epoch(slot.unwrap_or(chain.slot()));
    if epoch > leader_schedule_epoch(chain) {
        return Ok(Value::Null);
    }
    let leader = chain.identity();
    let mut by_identity = RpcLeaderSchedule::new();
    if identity.is_none_or(|identity| identity == leader) {
        let slots = schedule.get_slots_in_epoch(epoch) as usize;
        by_identity.insert(leader.to_string(), (0..slots).collect());
    }
    to_json(by_identity)
}

pub fn get_slot_leader(chain: &Chain, params: &Params) -> RpcResult {
    let (config,): (Option<RpcContextConfig>,) = params.parse(0)?;
    check_context_slot(chain, config.and_then(|config| config.min_context_slot))?;
    Ok(json!(chain.identity().to_string()))
}

pub fn get_slot_leaders(chain: &Chain, params: &Params) -> RpcResult {
    let (start_slot, limit): (u64, u64) = params.parse(2)?;
    let limit = limit as usize;
    if limit > MAX_GET_SLOT_LEADERS {
        return Err(RpcError::invalid_params(format!(
            "Invalid limit; max {MAX_GET_SLOT_LEADERS}"
        )));
    }
    let last_slot = start_slot.saturating_add(limit.saturating_sub(1) as u64);
    let last_epoch = chain.epoch_schedule().get_epoch(last_slot);
    if limit > 0 && last_epoch > leader_schedule_epoch(chain) {
        let epoch = leader_schedule_epoch(chain) + 1;
        return Err(RpcError::invalid_params(format!(
            "Invalid slot range: leader schedule for epoch {epoch} is unavailable"
        )));
    }
    Ok(json!(vec![chain.identity().to_string(); limit]))
}

pub fn get_epoch_info(chain: &Chain, params: &Params) -> RpcResult {
    let (config,): (Option<RpcContextConfig>,) = params.parse(0)?;
    check_context_slot(chain, config.and_then(|config| config.min_context_slot))?;
    let schedule = chain.epoch_schedule();
    let (epoch, slot_index) = schedule.get_epoch_and_slot_index(chain.slot());
    to_json(EpochInfo {
        epoch,
        slot_index,
        slots_in_epoch: schedule.get_slots_in_epoch(epoch),
        absolute_slot: chain.slot(),
        block_height: chain.block_height(),
        transaction_count: Some(chain.transaction_count() as u64),
    })
}

/// The EpochSchedule sysvar: the runtime's, with warm-up epochs.
pub fn get_epoch_schedule(chain: &Chain, params: &Params) -> RpcResult {
    params.none()?;
    to_json(chain.epoch_schedule())
}

/// Inflation is off: the chain pays no rewards.
pub fn get_inflation_governor(params: &Params) -> RpcResult {
    let (_commitment,): (Option<CommitmentConfig>,) = params.parse(0)?;
    to_json(RpcInflationGovernor {
        initial: 0.0,
        terminal: 0.0,
        taper: 0.0,
        foundation: 0.0,
        foundation_term: 0.0,
    })
}

pub fn get_inflation_rate(chain: &Chain, params: &Params) -> RpcResult {
    params.none()?;
    to_json(RpcInflationRate {
        total: 0.0,
        validator: 0.0,
        foundation: 0.0,
        epoch: chain.epoch_schedule().get_epoch(chain.slot()),
    })
}

/// No address earns rewards: null for each, once the epoch asked for has
/// ended; before, Agave's answer that the first block of the next epoch is
/// not available.
pub fn get_inflation_reward(chain: &Chain, params: &Params) -> RpcResult {
    let (addresses, config): (Vec<String>, Option<RpcEpochConfig>) = params.parse(1)?;
    for address in &addresses {
        pubkey(address)?;
    }
    let config = config.unwrap_or_default();
    check_context_slot(chain, config.min_context_slot)?;
    let schedule = chain.epoch_schedule();
    let current_epoch = schedule.get_epoch(chain.slot());
    let epoch = config.epoch.unwrap_or(current_epoch.saturating_sub(1));
    let boundary = schedule.get_first_slot_in_epoch(epoch.saturating_add(1));
    if boundary >= chain.slot() {
        return Err(RpcError::block_not_available(boundary));
    }
    Ok(json!(vec![Value::Null; addresses.len()]))
}

/// 1 SOL once the feature that raised it is active, as on Agave.
pub fn get_stake_minimum_delegation(chain: &Chain, params: &Params) -> RpcResult {
    let (config,): (Option<RpcContextConfig>,) = params.parse(0)?;
    check_context_slot(chain, config.and_then(|config| config.min_context_slot))?;
    let raised =
        chain.is_feature_active(&agave_feature_set::stake_raise_minimum_delegation_to_1_sol::id());
    with_context(chain, if raised { 1_000_000_000u64 } else { 1 })
}

/// The chain keeps its state in memory and takes no snapshots.
pub fn get_highest_snapshot_slot(params: &Params) -> RpcResult {
    params.none()?;
    Err(RpcError::server(-32008, "No snapshot", None))
}

pub fn get_minimum_balance_for_rent_exemption(chain: &Chain, params: &Params) -> RpcResult {
    let (data_len, _commitment): (usize, Option<CommitmentConfig>) = params.parse(1)?;
    if data_len as u64 > MAX_PERMITTED_DATA_LENGTH {
        return Err(RpcError::invalid_request());
    }
    Ok(json!(chain.minimum_balance_for_rent_exemption(data_len)))
}

/// The compute-unit price paid in each of the recent blocks (the lowest of
/// its transactions', 0 for an empty block).
pub fn get_recent_prioritization_fees(chain: &Chain, params: &Params) -> RpcResult {
    let (addresses,): (Option<Vec<String>>,) = params.parse(0)?;
    let addresses = addresses.unwrap_or_default();
    if addresses.len() > MAX_TX_ACCOUNT_LOCKS {
        return Err(RpcError::invalid_params(format!(
            "Too many inputs provided; max {MAX_TX_ACCOUNT_LOCKS}"
        )));
    }
    for address in &addresses {
        pubkey(address)?;
    }
    let fees: Vec<RpcPrioritizationFee> = chain
        .recent_prioritization_fees()
        .map(|(slot, prioritization_fee)| RpcPrioritizationFee {
            slot,
            prioritization_fee,
        })
        .collect();
    to_json(fees)
}
