//! The websocket PubSub API: what web3.js's `confirmTransaction` and
//! `onAccountChange`/`onLogs`/`onSlotChange` listen to.
//!
//! Transactions execute as soon as they are sent, so each connection polls
//! the chain for what its subscriptions wait on: signatures now in the
//! history, new slots, and the transactions executed since its last look.

use {
    crate::{
        chain::{Chain, ExecutedTransaction},
        rpc::accounts::{keyed_account, AccountEncoding, AccountFilter},
    },
    serde_json::{json, Value},
    solana_account::{AccountSharedData, ReadableAccount},
    solana_pubkey::Pubkey,
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

enum Subscription {
    /// Notified once, when the transaction has executed.
    Signature(Signature),
    Slot,
    Root,
    Account {
        address: Pubkey,
        encoding: AccountEncoding,
    },
    Program {
        program: Pubkey,
        encoding: AccountEncoding,
        filters: Vec<AccountFilter>,
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

fn encoding_param(config: &Value) -> Result<AccountEncoding, Value> {
    AccountEncoding::from_config(config).map_err(|error| invalid_params(error.message))
}

/// The subscription a `*Subscribe` request asks for.
fn subscription(method: &str, params: &Value) -> Result<Subscription, Value> {
    let config = if params[1].is_object() {
        &params[1]
    } else {
        &Value::Null
    };
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
            encoding: encoding_param(config)?,
        }),
        "programSubscribe" => Ok(Subscription::Program {
            program: address_param(&params[0], "the program")?,
            encoding: encoding_param(config)?,
            filters: AccountFilter::parse_all(config)
                .map_err(|error| invalid_params(error.message))?,
        }),
        "logsSubscribe" => match &params[0] {
            Value::String(filter) if filter == "all" || filter == "allWithVotes" => {
                Ok(Subscription::Logs { mentions: None })
            }
            Value::Object(filter) => match filter
                .get("mentions")
                .and_then(Value::as_array)
                .map(Vec::as_slice)
            {
                Some([address]) => Ok(Subscription::Logs {
                    mentions: Some(address_param(address, "mentions")?),
                }),
                _ => Err(invalid_params("Invalid Request: Only 1 address supported")),
            },
            _ => Err(invalid_params(
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
fn in_slot(slot: u64, value: Value) -> Value {
    json!({ "context": { "slot": slot }, "value": value })
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
            Subscription::Account { address, encoding } => {
                let account = || encoding.encode(chain, &current_account(chain, address));
                let slot = changes.written.get(address);
                slot.map(|slot| in_slot(*slot, account()))
                    .into_iter()
                    .collect()
            }
            Subscription::Program {
                program,
                encoding,
                filters,
            } => program_results(chain, &changes.written, program, encoding, filters),
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
    in_slot(executed.slot, json!({ "err": executed.err }))
}

fn slot_result(slot: u64) -> Value {
    json!({ "parent": slot.saturating_sub(1), "root": slot, "slot": slot })
}

fn logs_result(executed: &ExecutedTransaction) -> Value {
    let value = json!({ "signature": executed.signature.to_string(), "err": executed.err, "logs": executed.meta.logs });
    in_slot(executed.slot, value)
}

fn program_results(
    chain: &Chain,
    written: &HashMap<Pubkey, u64>,
    program: &Pubkey,
    encoding: &AccountEncoding,
    filters: &[AccountFilter],
) -> Vec<Value> {
    written
        .iter()
        .filter_map(|(address, slot)| {
            let account = chain.account(address)?;
            let matches = account.owner() == program
                && filters.iter().all(|filter| filter.matches(account.data()));
            matches.then(|| {
                in_slot(
                    *slot,
                    keyed_account(address, encoding.encode(chain, account)),
                )
            })
        })
        .collect()
}
