//! The JSON-RPC endpoint over HTTP: POST on any path, `GET /health`, and the
//! CORS headers browsers need.

use {
    super::Endpoints,
    crate::chain::Chain,
    serde_json::json,
    std::{
        net::TcpListener,
        panic::{catch_unwind, AssertUnwindSafe},
        sync::{Arc, Mutex},
        thread,
    },
    tiny_http::{Header, Method, Request, Response, Server},
};

/// Requests are answered one at a time under the chain's lock; a few
/// workers keep slow clients from holding up the others.
const WORKERS: usize = 4;

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name, value).expect("valid header")
}

/// Serves the JSON-RPC API on `listener` from worker threads.
pub fn serve(listener: TcpListener, chain: Arc<Mutex<Chain>>, endpoints: Endpoints) {
    let server = Arc::new(Server::from_listener(listener, None).expect("a bound listener serves"));
    for _ in 0..WORKERS {
        let (server, chain) = (server.clone(), chain.clone());
        thread::spawn(move || {
            for request in server.incoming_requests() {
                answer(request, &chain, &endpoints);
            }
        });
    }
}

fn answer(mut request: Request, chain: &Mutex<Chain>, endpoints: &Endpoints) {
    let response = match request.method() {
        Method::Post => {
            let mut body = String::new();
            let body = request.as_reader().read_to_string(&mut body).map(|_| body);
            Response::from_string(json_rpc(chain, endpoints, body.unwrap_or_default()))
                .with_header(header("Content-Type", "application/json"))
        }
        Method::Get if request.url() == "/health" => Response::from_string("ok"),
        Method::Options => Response::from_string("")
            .with_header(header("Access-Control-Allow-Methods", "POST, GET, OPTIONS"))
            .with_header(header("Access-Control-Allow-Headers", "*"))
            .with_header(header("Access-Control-Max-Age", "86400")),
        _ => Response::from_string("Used HTTP Method is not allowed. POST or OPTIONS is required")
            .with_status_code(405),
    };
    // The client may have gone away; nothing to do about it.
    let _ = request.respond(response.with_header(header("Access-Control-Allow-Origin", "*")));
}

/// The JSON-RPC answer to `body`; a bug that panics costs one request, not
/// the server.
fn json_rpc(chain: &Mutex<Chain>, endpoints: &Endpoints, body: String) -> String {
    catch_unwind(AssertUnwindSafe(|| super::answer(chain, endpoints, &body)))
        .unwrap_or_else(|_| {
            let error = json!({ "code": -32603, "message": "Internal error" });
            json!({ "jsonrpc": "2.0", "id": null, "error": error })
        })
        .to_string()
}
