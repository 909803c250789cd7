//! `hex-localnet [--port N] [--quiet]`: the embedded local chain. Anza's
//! program runtime (LiteSVM) with the SBF builds of SPL Token, Token-2022 and
//! ATA, Hex's programs as native builtins, and a faucet, served over Solana
//! JSON-RPC on 127.0.0.1:N (default 8899) and its websocket PubSub on N + 1,
//! where web3.js looks for it.

mod chain;
mod native;
mod pubsub;
mod rpc;
mod token_balances;

use {
    chain::Chain,
    std::{
        fs::File,
        io::{ErrorKind, Write},
        net::TcpListener,
        process::exit,
        sync::{Arc, Mutex},
        thread,
        time::Duration,
    },
};

const DEFAULT_PORT: u16 = 8899;
/// How often the chain samples its performance, as Agave does.
const SAMPLE_PERIOD_SECS: u16 = 60;
const USAGE: &str = "usage: hex-localnet [--port N] [--quiet]";

struct Options {
    port: u16,
    quiet: bool,
}

fn parse_options(args: impl IntoIterator<Item = String>) -> Result<Options, String> {
    let mut options = Options {
        port: DEFAULT_PORT,
        quiet: false,
    };
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--port" => {
                let value = args
                    .next()
                    .ok_or(format!("--port needs a value; {USAGE}"))?;
                options.port = value
                    .parse()
                    .ok()
                    .filter(|port| *port > 0 && *port < u16::MAX)
                    .ok_or(format!(
                        "invalid port {value}: use a number from 1 to 65534"
                    ))?;
            }
            "--quiet" => options.quiet = true,
            other => return Err(format!("unknown argument {other}; {USAGE}")),
        }
    }
    Ok(options)
}

fn bind(port: u16) -> TcpListener {
    TcpListener::bind(("127.0.0.1", port)).unwrap_or_else(|error| {
        match error.kind() {
            ErrorKind::AddrInUse => eprintln!(
                "hex-localnet: port {port} on 127.0.0.1 is already in use; stop what uses it or pass --port N \
                 (N and N + 1 must be free)"
            ),
            _ => eprintln!("hex-localnet: cannot listen on 127.0.0.1:{port}: {error}"),
        }
        exit(1)
    })
}

/// The runtime with sysvars, builtins, SPL Token, Token-2022, ATA and Memo,
/// signature verification on, and Hex's programs.
fn runtime() -> litesvm::LiteSVM {
    let mut svm = litesvm::LiteSVM::new();
    native::install_hex_programs(&mut svm);
    svm
}

/// Blocks SIGINT and SIGTERM in this thread and in the threads it starts
/// from now on, so that only `wait_for_termination` receives them.
fn block_termination_signals() -> libc::sigset_t {
    // SAFETY: initialises a local signal set and changes this thread's mask.
    unsafe {
        let mut signals: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut signals);
        libc::sigaddset(&mut signals, libc::SIGINT);
        libc::sigaddset(&mut signals, libc::SIGTERM);
        libc::pthread_sigmask(libc::SIG_BLOCK, &signals, std::ptr::null_mut());
        signals
    }
}

fn wait_for_termination(signals: &libc::sigset_t) {
    let mut received = 0;
    // SAFETY: `signals` is initialised and blocked in every thread.
    unsafe { libc::sigwait(signals, &mut received) };
}

/// `getRecentPerformanceSamples`' samples: one a minute.
fn sample_performance(chain: &Mutex<Chain>) {
    loop {
        thread::sleep(Duration::from_secs(SAMPLE_PERIOD_SECS.into()));
        let mut chain = chain
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        chain.sample_performance(SAMPLE_PERIOD_SECS);
    }
}

fn announce(out: &mut File, options: &Options) -> std::io::Result<()> {
    let (port, ws_port) = (options.port, options.port + 1);
    writeln!(
        out,
        "Hex localnet ready at http://127.0.0.1:{port} (ws://127.0.0.1:{ws_port})"
    )?;
    if !options.quiet {
        writeln!(
            out,
            "model_registry {}, license_market {}, royalty_escrow {}; Ctrl-C stops the chain",
            model_registry::ID,
            license_market::ID,
            royalty_escrow::ID
        )?;
    }
    out.flush()
}

fn main() {
    // First: programs print their logs to fd 1 from here on.
    let mut out = native::redirect_program_stdout();
    let options = parse_options(std::env::args().skip(1)).unwrap_or_else(|message| {
        eprintln!("hex-localnet: {message}");
        exit(2)
    });
    let (http, ws) = (bind(options.port), bind(options.port + 1));
    let signals = block_termination_signals();

    let endpoints = rpc::Endpoints {
        rpc: http.local_addr().expect("a bound listener has an address"),
        pubsub: ws.local_addr().expect("a bound listener has an address"),
    };
    let chain = Arc::new(Mutex::new(Chain::new(runtime())));
    rpc::http::serve(http, chain.clone(), endpoints);
    thread::spawn({
        let chain = chain.clone();
        move || sample_performance(&chain)
    });
    thread::spawn(move || pubsub::serve(ws, chain));

    // Whoever started the chain may not read its output; it runs regardless.
    let _ = announce(&mut out, &options);
    wait_for_termination(&signals);
    exit(0);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Options, String> {
        parse_options(args.iter().map(|arg| arg.to_string()))
    }

    #[test]
    fn options_default_to_port_8899_and_output() {
        let options = parse(&[]).unwrap();
        assert_eq!((options.port, options.quiet), (8899, false));
        let options = parse(&["--quiet", "--port", "18899"]).unwrap();
        assert_eq!((options.port, options.quiet), (18899, true));
    }

    #[test]
    fn bad_options_are_rejected() {
        for args in [
            &["--port"][..],
            &["--port", "0"],
            &["--port", "65535"],
            &["--port", "x"],
            &["--verbose"],
        ] {
            assert!(parse(args).is_err(), "{args:?}");
        }
    }
}
