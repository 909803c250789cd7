//! The websocket PubSub API: what web3.js's `confirmTransaction` and
//! `onAccountChange`/`onLogs`/`onSlotChange` listen to.
//!
//! Transactions execute as soon as they are sent, so each connection polls
//! the chain for what its subscriptions wait on: signatures now in the
//! history, new slots, and the transactions executed since its last look.

use {
    crate::{
        chain::{Chain, ExecutedTransaction},
        rpc::accounts::{encode, filter_allows, verify_filters, View},
    },
    serde::{de::DeserializeOwned, Serialize},
    serde_json::{json, Value},
    solana_account::{AccountSharedData, ReadableAccount},
    solana_account_decoder::{UiAccountEncoding, UiDataSliceConfig},
    solana_pubkey::Pubkey,
    solana_rpc_client_types::{
        config::{RpcAccountInfoConfig, RpcProgramAccountsConfig, RpcTransactionLogsFilter},
        filter::RpcFilterType,
        response::{
            ProcessedSignatureResult, Response, RpcKeyedAccount, RpcLogsResponse,
            RpcResponseContext, RpcSignatureResult, SlotInfo,
        },
    },
    solana_signature::Signature,
    std::{
        collections::{BTreeMap, HashMap},
        io::ErrorKind,
        net::{TcpListener, TcpStream},
        sync::{
            atomic::{AtomicU64, Ordering},
            Arc, Mutex, PoisonError,
        },
        thread,
        time::Duration,
    },
    tungstenite::{Error as WsError, Message, WebSocket},
};

static NEXT_SUBSCRIPTION: AtomicU64 = AtomicU64::new(0);
/// How long a connection waits for a request before looking at the chain.
const POLL_INTERVAL: Duration = Duration::from_millis(10);

pub fn serve(listener: TcpListener, chain: Arc<Mutex<Chain>>) {
    for stream in listener.incoming().flatten() {
        let chain = chain.clone();
        thread::spawn(move || {
            if let Ok(socket) = tungstenite::accept(stream) {
                Connection::new(&chain).run(socket, &chain);
            }
        });
    }
}

/// How an account subscription shows accounts: Agave's default is base58.
struct AccountFormat {
    encoding: UiAccountEncoding,
    data_slice: Option<UiDataSliceConfig>,
}

impl AccountFormat {
    fn new(config: &RpcAccountInfoConfig) -> Self {
        AccountFormat {
            encoding: config.encoding.unwrap_or(UiAccountEncoding::Binary),
            data_slice: config.data_slice,
        }
    }

    fn encode(&self, chain: &Chain, address: &Pubkey, account: &AccountSharedData) -> Value {
        json!(encode(
            View::of(chain),
            address,
            account,
            self.encoding,
            self.data_slice
        ))
    }
}

enum Subscription {
    /// Notified once, when the transaction has executed.
    Signature(Signature),
    Slot,
    Root,
    Account {
        address: Pubkey,
        format: AccountFormat,
    },
    Program {
        program: Pubkey,
        format: AccountFormat,
        filters: Vec<RpcFilterType>,
    },
    /// Logs of every transaction, or of those that mention an address.
    Logs {
        mentions: Option<Pubkey>,
    },
}

impl Subscription {
    fn notification_method(&self) -> &'static str {
        match self {
            Subscription::Signature(_) => "signatureNotification",
            Subscription::Slot => "slotNotification",
            Subscription::Root => "rootNotification",
            Subscription::Account { .. } => "accountNotification",
            Subscription::Program { .. } => "programNotification",
            Subscription::Logs { .. } => "logsNotification",
        }
    }
}

fn invalid_params(message: impl Into<String>) -> Value {
    json!({ "code": -32602, "message": message.into() })
}

fn address_param(value: &Value, what: &str) -> Result<Pubkey, Value> {
    value
        .as_str()
        .and_then(|text| text.parse().ok())
        .ok_or_else(|| {
            invalid_params(format!(
                "Invalid Request: {what} is not a valid base58 address"
            ))
        })
}

/// The optional configuration at `params[1]`, as Agave's config type.
fn config_param<T: DeserializeOwned + Default>(params: &Value) -> Result<T, Value> {
    match &params[1] {
        Value::Null => Ok(T::default()),
        config => serde_json::from_value(config.clone())
            .map_err(|error| invalid_params(format!("Invalid params: {error}."))),
    }
}

/// The subscription a `*Subscribe` request asks for.
fn subscription(method: &str, params: &Value) -> Result<Subscription, Value> {
    match method {
        "signatureSubscribe" => params[0]
            .as_str()
            .and_then(|text| text.parse().ok())
            .map(Subscription::Signature)
            .ok_or_else(|| invalid_params("Invalid Request: invalid signature")),
        "slotSubscribe" => Ok(Subscription::Slot),
        "rootSubscribe" => Ok(Subscription::Root),
        "accountSubscribe" => Ok(Subscription::Account {
            address: address_param(&params[0], "the account")?,
            format: AccountFormat::new(&config_param(params)?),
        }),
        "programSubscribe" => {
            let config: RpcProgramAccountsConfig = config_param(params)?;
            let filters = config.filters.unwrap_or_default();
            verify_filters(&filters).map_err(|error| invalid_params(error.message))?;
            Ok(Subscription::Program {
                program: address_param(&params[0], "the program")?,
                format: AccountFormat::new(&config.account_config),
                filters,
            })
        }
        "logsSubscribe" => match serde_json::from_value(params[0].clone()) {
            Ok(RpcTransactionLogsFilter::All | RpcTransactionLogsFilter::AllWithVotes) => {
                Ok(Subscription::Logs { mentions: None })
            }
            Ok(RpcTransactionLogsFilter::Mentions(addresses)) => match addresses.as_slice() {
                [address] => Ok(Subscription::Logs {
                    mentions: Some(address_param(&json!(address), "mentions")?),
                }),
                _ => Err(invalid_params("Invalid Request: Only 1 address supported")),
            },
            Err(_) => Err(invalid_params(
                "Invalid Request: use \"all\" or {\"mentions\": [address]}",
            )),
        },
        _ => Err(json!({ "code": -32601, "message": "Method not found" })),
    }
}

fn notification(method: &str, subscription: u64, result: Value) -> Message {
    let params = json!({ "result": result, "subscription": subscription });
    Message::text(json!({ "jsonrpc": "2.0", "method": method, "params": params }).to_string())
}

/// `{"context": {"slot": ...}, "value": ...}`, as PubSub notifications carry.
fn in_slot(slot: u64, value: impl Serialize) -> Value {
    json!(Response {
        context: RpcResponseContext {
            slot,
            api_version: None,
        },
        value,
    })
}

struct Connection {
    subscriptions: BTreeMap<u64, Subscription>,
    /// What of the chain this connection has already looked at.
    seen_transactions: usize,
    seen_slot: u64,
}

impl Connection {
    fn new(chain: &Mutex<Chain>) -> Self {
        let chain = chain.lock().unwrap_or_else(PoisonError::into_inner);
        Connection {
            subscriptions: BTreeMap::new(),
            seen_transactions: chain.transaction_count(),
            seen_slot: chain.slot(),
        }
    }

    fn run(mut self, mut socket: WebSocket<TcpStream>, chain: &Mutex<Chain>) {
        if socket
            .get_ref()
            .set_read_timeout(Some(POLL_INTERVAL))
            .is_err()
        {
            return;
        }
        loop {
            let reply = match socket.read() {
                Ok(Message::Text(text)) => self.handle(&text),
                Ok(Message::Close(_)) => {
                    // Sends the close frame tungstenite queued in reply: a
                    // client that sees none reconnects (web3.js does).
                    let _ = socket.flush();
                    return;
                }
                Ok(_) => None,
                Err(WsError::Io(error))
                    if matches!(error.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) =>
                {
                    None
                }
                Err(_) => return,
            };
            let notifications =
                self.due_notifications(&chain.lock().unwrap_or_else(PoisonError::into_inner));
            for message in reply.into_iter().chain(notifications) {
                if socket.send(message).is_err() {
                    return;
                }
            }
        }
    }

    /// The reply to a request; none to a notification (web3.js pings that way).
    fn handle(&mut self, text: &str) -> Option<Message> {
        let request: Value = serde_json::from_str(text).ok()?;
        let id = request.get("id")?;
        let method = request["method"].as_str().unwrap_or_default();
        let params = &request["params"];
        let result = if method.ends_with("Unsubscribe") {
            let removed = params[0]
                .as_u64()
                .and_then(|id| self.subscriptions.remove(&id));
            removed
                .map(|_| json!(true))
                .ok_or_else(|| invalid_params("Invalid subscription id."))
        } else {
            subscription(method, params).map(|subscription| {
                let id = NEXT_SUBSCRIPTION.fetch_add(1, Ordering::Relaxed);
                self.subscriptions.insert(id, subscription);
                json!(id)
            })
        };
        let response = match result {
            Ok(result) => json!({ "jsonrpc": "2.0", "id": id, "result": result }),
            Err(error) => json!({ "jsonrpc": "2.0", "id": id, "error": error }),
        };
        Some(Message::text(response.to_string()))
    }

    /// What the subscriptions are due since the last look at the chain.
    fn due_notifications(&mut self, chain: &Chain) -> Vec<Message> {
        let changes = Changes::since(chain, self.seen_transactions, self.seen_slot);
        let mut due = Vec::new();
        self.subscriptions.retain(|id, subscription| {
            let results = subscription.results(chain, &changes);
            let finished = subscription.is_one_shot() && !results.is_empty();
            let method = subscription.notification_method();
            due.extend(
                results
                    .into_iter()
                    .map(|result| notification(method, *id, result)),
            );
            !finished
        });
        self.seen_transactions = chain.transaction_count();
        self.seen_slot = chain.slot();
        due
    }
}

/// What happened on the chain since a connection last looked at it.
struct Changes<'a> {
    new_slot: Option<u64>,
    executed: &'a [ExecutedTransaction],
    /// The accounts stored, each with the last slot it was stored in.
    written: HashMap<Pubkey, u64>,
}

impl<'a> Changes<'a> {
    fn since(chain: &'a Chain, seen_transactions: usize, seen_slot: u64) -> Self {
        let executed = chain.executed_since(seen_transactions);
        Changes {
            new_slot: (chain.slot() != seen_slot).then_some(chain.slot()),
            executed,
            written: written_accounts(executed),
        }
    }
}

impl Subscription {
    /// A signature subscription ends with its one notification.
    fn is_one_shot(&self) -> bool {
        matches!(self, Subscription::Signature(_))
    }

    /// The `result`s of the notifications due for `changes`.
    fn results(&self, chain: &Chain, changes: &Changes) -> Vec<Value> {
        match self {
            Subscription::Signature(signature) => chain
                .transaction(signature)
                .map(signature_result)
                .into_iter()
                .collect(),
            Subscription::Slot => changes.new_slot.map(slot_result).into_iter().collect(),
            Subscription::Root => changes
                .new_slot
                .map(|slot| json!(slot))
                .into_iter()
                .collect(),
            Subscription::Account { address, format } => {
                let account = || format.encode(chain, address, &current_account(chain, address));
                let slot = changes.written.get(address);
                slot.map(|slot| in_slot(*slot, account()))
                    .into_iter()
                    .collect()
            }
            Subscription::Program {
                program,
                format,
                filters,
            } => program_results(chain, &changes.written, program, format, filters),
            Subscription::Logs { mentions } => changes
                .executed
                .iter()
                .filter(|executed| {
                    mentions.is_none_or(|address| executed.account_keys().contains(&address))
                })
                .map(logs_result)
                .collect(),
        }
    }
}

fn written_accounts(executed: &[ExecutedTransaction]) -> HashMap<Pubkey, u64> {
    executed
        .iter()
        .flat_map(|executed| {
            executed
                .written_accounts()
                .into_iter()
                .map(|address| (address, executed.slot))
        })
        .collect()
}

/// The account as it is now; a closed account shows as empty.
fn current_account(chain: &Chain, address: &Pubkey) -> AccountSharedData {
    chain.account(address).cloned().unwrap_or_default()
}

fn signature_result(executed: &ExecutedTransaction) -> Value {
    let result = ProcessedSignatureResult {
        err: executed.err().map(Into::into),
    };
    in_slot(
        executed.slot,
        RpcSignatureResult::ProcessedSignature(result),
    )
}

fn slot_result(slot: u64) -> Value {
    json!(SlotInfo {
        slot,
        parent: slot.saturating_sub(1),
        root: slot,
    })
}

fn logs_result(executed: &ExecutedTransaction) -> Value {
    let value = RpcLogsResponse {
        signature: executed.signature().to_string(),
        err: executed.err().map(Into::into),
        logs: executed.logs().to_vec(),
    };
    in_slot(executed.slot, value)
}

fn program_results(
    chain: &Chain,
    written: &HashMap<Pubkey, u64>,
    program: &Pubkey,
    format: &AccountFormat,
    filters: &[RpcFilterType],
) -> Vec<Value> {
    written
        .iter()
        .filter_map(|(address, slot)| {
            let account = chain.account(address)?;
            let matches = account.owner() == program
                && filters
                    .iter()
                    .all(|filter| filter_allows(filter, account.data()));
            matches.then(|| {
                let account = encode(
                    View::of(chain),
                    address,
                    account,
                    format.encoding,
                    format.data_slice,
                );
                in_slot(
                    *slot,
                    RpcKeyedAccount {
                        pubkey: address.to_string(),
                        account,
                    },
                )
            })
        })
        .collect()
}
