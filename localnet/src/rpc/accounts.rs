//! Account queries: balances, account data in the encodings clients ask for,
//! and `getProgramAccounts` with its filters.

use {
    super::{
        params::{option, parse, Params},
        token, with_context, RpcError, RpcResult,
    },
    crate::chain::Chain,
    base64::{prelude::BASE64_STANDARD, Engine},
    serde_json::{json, Value},
    solana_account::{AccountSharedData, ReadableAccount},
    solana_pubkey::Pubkey,
};

/// Agave's cap on the addresses of one `getMultipleAccounts`.
const MAX_MULTIPLE_ACCOUNTS: usize = 100;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Encoding {
    /// The legacy default: data as a bare base58 string.
    Binary,
    Base58,
    Base64,
    /// Parsed for token accounts and mints, base64 otherwise (as on Agave).
    JsonParsed,
}

/// How to render an account's data, from a request's configuration.
#[derive(Clone, Copy, Debug)]
pub struct AccountEncoding {
    encoding: Encoding,
    /// Offset and length of the part of the data to return.
    slice: Option<(usize, usize)>,
}

impl AccountEncoding {
    pub fn from_config(config: &Value) -> Result<Self, RpcError> {
        let encoding = match option(config, "encoding") {
            None | Some("binary") => Encoding::Binary,
            Some("base58") => Encoding::Base58,
            Some("base64") => Encoding::Base64,
            Some("jsonParsed") => Encoding::JsonParsed,
            Some(other) => {
                return Err(RpcError::invalid_params(format!(
                    "unsupported encoding {other}: use base64, base58 or jsonParsed"
                )))
            }
        };
        let slice = match config.get("dataSlice") {
            None => None,
            Some(slice) => match (slice["offset"].as_u64(), slice["length"].as_u64()) {
                (Some(offset), Some(length)) => Some((offset as usize, length as usize)),
                _ => {
                    return Err(RpcError::invalid_params(
                        "dataSlice needs an offset and a length",
                    ))
                }
            },
        };
        Ok(AccountEncoding { encoding, slice })
    }

    /// An account as Agave's `UiAccount`.
    pub fn encode(&self, chain: &Chain, account: &AccountSharedData) -> Value {
        json!({
            "data": self.encode_data(chain, account),
            "executable": account.executable(),
            "lamports": account.lamports(),
            "owner": account.owner().to_string(),
            "rentEpoch": account.rent_epoch(),
            "space": account.data().len(),
        })
    }

    fn encode_data(&self, chain: &Chain, account: &AccountSharedData) -> Value {
        let data = self.sliced(account.data());
        let parsed = match (self.encoding, self.slice) {
            (Encoding::JsonParsed, None) => token::parsed_account_data(chain, account),
            _ => None,
        };
        match (self.encoding, parsed) {
            (_, Some(parsed)) => parsed,
            (Encoding::Binary, _) => json!(bs58::encode(data).into_string()),
            (Encoding::Base58, _) => json!([bs58::encode(data).into_string(), "base58"]),
            (Encoding::Base64 | Encoding::JsonParsed, _) => {
                json!([BASE64_STANDARD.encode(data), "base64"])
            }
        }
    }

    fn sliced<'a>(&self, data: &'a [u8]) -> &'a [u8] {
        let Some((offset, length)) = self.slice else {
            return data;
        };
        let start = offset.min(data.len());
        &data[start..start.saturating_add(length).min(data.len())]
    }
}

/// `{"pubkey": ..., "account": ...}`, an element of `getProgramAccounts`.
pub fn keyed_account(address: &Pubkey, account: Value) -> Value {
    json!({ "pubkey": address.to_string(), "account": account })
}

/// A `getProgramAccounts` (or `programSubscribe`) filter.
#[derive(Debug, PartialEq)]
pub enum AccountFilter {
    DataSize(usize),
    Memcmp { offset: usize, bytes: Vec<u8> },
}

impl AccountFilter {
    fn parse(filter: &Value) -> Result<Self, RpcError> {
        if let Some(size) = filter.get("dataSize") {
            let size = size
                .as_u64()
                .ok_or_else(|| RpcError::invalid_params("dataSize must be an unsigned integer"))?;
            return Ok(AccountFilter::DataSize(size as usize));
        }
        let Some(memcmp) = filter.get("memcmp") else {
            return Err(RpcError::invalid_params(format!(
                "unsupported filter {filter}: use memcmp or dataSize"
            )));
        };
        let offset = memcmp["offset"]
            .as_u64()
            .ok_or_else(|| RpcError::invalid_params("memcmp needs an offset"))?;
        let text = memcmp["bytes"]
            .as_str()
            .ok_or_else(|| RpcError::invalid_params("memcmp needs bytes"))?;
        let bytes = match option(memcmp, "encoding") {
            None | Some("base58") => bs58::decode(text).into_vec().ok(),
            Some("base64") => BASE64_STANDARD.decode(text).ok(),
            Some(other) => {
                return Err(RpcError::invalid_params(format!(
                    "unsupported memcmp encoding {other}"
                )))
            }
        }
        .ok_or_else(|| RpcError::invalid_params(format!("memcmp bytes {text} do not decode")))?;
        Ok(AccountFilter::Memcmp {
            offset: offset as usize,
            bytes,
        })
    }

    /// The `filters` of a configuration object.
    pub fn parse_all(config: &Value) -> Result<Vec<Self>, RpcError> {
        match config.get("filters") {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(Value::Array(filters)) => filters.iter().map(AccountFilter::parse).collect(),
            Some(_) => Err(RpcError::invalid_params("filters must be an array")),
        }
    }

    pub fn matches(&self, data: &[u8]) -> bool {
        match self {
            AccountFilter::DataSize(size) => data.len() == *size,
            AccountFilter::Memcmp { offset, bytes } => {
                let end = offset.saturating_add(bytes.len());
                data.get(*offset..end) == Some(bytes.as_slice())
            }
        }
    }
}

pub fn get_balance(chain: &mut Chain, params: &Params) -> RpcResult {
    let address: Pubkey = params.parse(0, "address")?;
    Ok(with_context(chain, json!(chain.balance(&address))))
}

fn encode_if_exists(chain: &Chain, address: &Pubkey, encoding: &AccountEncoding) -> Value {
    chain
        .account(address)
        .map_or(Value::Null, |account| encoding.encode(chain, account))
}

pub fn get_account_info(chain: &mut Chain, params: &Params) -> RpcResult {
    let address: Pubkey = params.parse(0, "address")?;
    let encoding = AccountEncoding::from_config(params.config(1))?;
    Ok(with_context(
        chain,
        encode_if_exists(chain, &address, &encoding),
    ))
}

pub fn get_multiple_accounts(chain: &mut Chain, params: &Params) -> RpcResult {
    let addresses = params.array(0, "addresses")?;
    if addresses.len() > MAX_MULTIPLE_ACCOUNTS {
        return Err(RpcError::invalid_params(format!(
            "Too many inputs provided; max {MAX_MULTIPLE_ACCOUNTS}"
        )));
    }
    let encoding = AccountEncoding::from_config(params.config(1))?;
    let accounts = addresses
        .iter()
        .map(|address| {
            Ok(encode_if_exists(
                chain,
                &parse(address, "address")?,
                &encoding,
            ))
        })
        .collect::<Result<Vec<_>, RpcError>>()?;
    Ok(with_context(chain, json!(accounts)))
}

pub fn get_program_accounts(chain: &mut Chain, params: &Params) -> RpcResult {
    let program: Pubkey = params.parse(0, "program address")?;
    let config = params.config(1);
    let encoding = AccountEncoding::from_config(config)?;
    let filters = AccountFilter::parse_all(config)?;
    let accounts: Vec<Value> = chain
        .accounts()
        .filter(|(_, account)| account.owner() == &program)
        .filter(|(_, account)| filters.iter().all(|filter| filter.matches(account.data())))
        .map(|(address, account)| keyed_account(address, encoding.encode(chain, account)))
        .collect();
    let with_context_requested = config.get("withContext").and_then(Value::as_bool) == Some(true);
    Ok(if with_context_requested {
        with_context(chain, json!(accounts))
    } else {
        json!(accounts)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(json: Value) -> AccountFilter {
        AccountFilter::parse(&json).unwrap()
    }

    #[test]
    fn memcmp_compares_base58_or_base64_bytes_at_an_offset() {
        let data = [1, 2, 3, 4];
        let base58 = filter(
            json!({ "memcmp": { "offset": 1, "bytes": bs58::encode([2, 3]).into_string() } }),
        );
        let base64 = filter(
            json!({ "memcmp": { "offset": 2, "bytes": BASE64_STANDARD.encode([3, 4]), "encoding": "base64" } }),
        );
        assert_eq!(
            base58,
            AccountFilter::Memcmp {
                offset: 1,
                bytes: vec![2, 3]
            }
        );
        assert!(base58.matches(&data) && base64.matches(&data));
        assert!(!base58.matches(&[1, 2, 4, 4]));
        let past_the_end = filter(
            json!({ "memcmp": { "offset": 3, "bytes": bs58::encode([4, 5]).into_string() } }),
        );
        assert!(!past_the_end.matches(&data));
        let huge_offset = AccountFilter::Memcmp {
            offset: usize::MAX,
            bytes: vec![1],
        };
        assert!(!huge_offset.matches(&data));
    }

    #[test]
    fn data_size_matches_the_exact_length() {
        assert!(filter(json!({ "dataSize": 4 })).matches(&[0; 4]));
        assert!(!filter(json!({ "dataSize": 5 })).matches(&[0; 4]));
    }

    #[test]
    fn unknown_or_malformed_filters_are_invalid_params() {
        for bad in [
            json!({ "tokenAccountState": {} }),
            json!({ "dataSize": -1 }),
            json!({ "memcmp": { "bytes": "1" } }),
            json!({ "memcmp": { "offset": 0, "bytes": "0OIl" } }),
        ] {
            assert_eq!(
                AccountFilter::parse(&bad).unwrap_err().code,
                -32602,
                "{bad}"
            );
        }
    }

    #[test]
    fn data_slices_are_clamped_to_the_data() {
        let slice = |offset: u64, length: u64| {
            let config = json!({ "encoding": "base64", "dataSlice": { "offset": offset, "length": length } });
            AccountEncoding::from_config(&config)
                .unwrap()
                .sliced(&[1, 2, 3, 4])
                .to_vec()
        };
        assert_eq!(slice(1, 2), [2, 3]);
        assert_eq!(slice(3, 10), [4]);
        assert!(slice(9, 1).is_empty());
        assert_eq!(slice(0, u64::MAX), [1, 2, 3, 4]);
    }
}
