//! The chain binary on free ports, for tests that drive it as clients do,
//! and what those tests share.

use {
    solana_instruction::Instruction,
    solana_keypair::Keypair,
    solana_rpc_client::rpc_client::RpcClient,
    solana_rpc_client_types::config::CommitmentConfig,
    solana_signature::Signature,
    solana_signer::Signer,
    solana_transaction::Transaction,
    std::{
        io::{BufRead, BufReader},
        net::TcpListener,
        process::{Child, Command, Stdio},
    },
};

/// A running `hex-localnet`, stopped when dropped.
pub struct Localnet {
    child: Child,
    pub url: String,
}

/// A port P such that P and P + 1 are free now.
fn free_port_pair() -> u16 {
    loop {
        let first = TcpListener::bind("127.0.0.1:0").expect("a free port");
        let port = first.local_addr().unwrap().port();
        if port < u16::MAX - 1 && TcpListener::bind(("127.0.0.1", port + 1)).is_ok() {
            return port;
        }
    }
}

impl Localnet {
    pub fn start() -> Self {
        // Another process may take a port between the check and the start.
        for _ in 0..5 {
            let port = free_port_pair();
            let mut child = Command::new(env!("CARGO_BIN_EXE_hex-localnet"))
                .args(["--port", &port.to_string(), "--quiet"])
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .expect("the chain starts");
            let stdout = BufReader::new(child.stdout.take().unwrap());
            let ready = stdout.lines().map_while(Result::ok).find_map(|line| {
                Some(
                    line.split("ready at ")
                        .nth(1)?
                        .split(' ')
                        .next()?
                        .to_string(),
                )
            });
            match ready {
                Some(url) => return Localnet { child, url },
                None => {
                    let _ = child.wait();
                }
            }
        }
        panic!("the chain did not start");
    }

    /// The client the Solana CLI uses, reading at `confirmed`.
    pub fn client(&self) -> RpcClient {
        RpcClient::new_with_commitment(self.url.clone(), CommitmentConfig::confirmed())
    }
}

impl Drop for Localnet {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A new keypair holding `sol` SOL from the faucet.
pub fn funded(client: &RpcClient, sol: u64) -> Keypair {
    let keypair = Keypair::new();
    let signature = client
        .request_airdrop(&keypair.pubkey(), sol * 1_000_000_000)
        .expect("the faucet pays");
    assert!(client.confirm_transaction(&signature).unwrap());
    keypair
}

/// Sends `instructions`, paid by `payer`, and waits until confirmed.
pub fn send(
    client: &RpcClient,
    payer: &Keypair,
    instructions: &[Instruction],
    signers: &[&Keypair],
) -> Signature {
    let blockhash = client.get_latest_blockhash().unwrap();
    let mut all_signers = vec![payer];
    all_signers.extend_from_slice(signers);
    let transaction = Transaction::new_signed_with_payer(
        instructions,
        Some(&payer.pubkey()),
        &all_signers,
        blockhash,
    );
    client.send_and_confirm_transaction(&transaction).unwrap()
}

pub fn base64_of(bytes: &[u8]) -> String {
    use base64::{prelude::BASE64_STANDARD, Engine};
    BASE64_STANDARD.encode(bytes)
}
