//! A request's positional parameters, read as Agave's server reads them:
//! deserialised into the method's parameter types (Agave's own config types
//! from `solana-rpc-client-types`), optional trailing parameters omitted or
//! null, and the same -32602 errors when they do not fit.

use {
    super::RpcError,
    serde::de::DeserializeOwned,
    serde_json::{json, Value},
    solana_hash::Hash,
    solana_pubkey::Pubkey,
    solana_signature::Signature,
};

pub struct Params<'a> {
    values: &'a [Value],
}

/// The parameter list of a method: a tuple of its parameter types.
pub trait Positional: DeserializeOwned {
    const LEN: usize;
}

macro_rules! positional {
    ($len:literal: $($name:ident),+) => {
        impl<$($name: DeserializeOwned),+> Positional for ($($name,)+) {
            const LEN: usize = $len;
        }
    };
}
positional!(1: A);
positional!(2: A, B);
positional!(3: A, B, C);

impl<'a> Params<'a> {
    /// `None` unless the parameters are absent, null or an array.
    pub fn new(params: Option<&'a Value>) -> Option<Self> {
        match params {
            None | Some(Value::Null) => Some(Params { values: &[] }),
            Some(Value::Array(values)) => Some(Params { values }),
            Some(_) => None,
        }
    }

    /// The parameters of a method taking `T`, of which the first `required`
    /// must be given (jsonrpc-derive's rules, which Agave's server uses).
    pub fn parse<T: Positional>(&self, required: usize) -> Result<T, RpcError> {
        let given = self.values.len();
        if given < required {
            return Err(RpcError::invalid_params(format!(
                "`params` should have at least {required} argument(s)"
            )));
        }
        if given > T::LEN {
            return Err(RpcError {
                code: super::INVALID_PARAMS,
                message: format!(
                    "Invalid parameters: Expected from {required} to {} parameters.",
                    T::LEN
                ),
                data: Some(json!(format!("Got: {given}"))),
            });
        }
        let mut values = self.values.to_vec();
        values.resize(T::LEN, Value::Null);
        serde_json::from_value(Value::Array(values))
            .map_err(|error| RpcError::invalid_params(format!("Invalid params: {error}.")))
    }

    /// Checks that a method without parameters got none.
    pub fn none(&self) -> Result<(), RpcError> {
        match self.values {
            [] => Ok(()),
            given => Err(RpcError {
                code: super::INVALID_PARAMS,
                message: "Invalid parameters: No parameters were expected".into(),
                data: Some(json!(format!("{given:?}"))),
            }),
        }
    }
}

fn invalid_param(error: impl std::fmt::Debug) -> RpcError {
    RpcError::invalid_params(format!("Invalid param: {error:?}"))
}

/// An address given as a base-58 string (Agave's `verify_pubkey`).
pub fn pubkey(text: &str) -> Result<Pubkey, RpcError> {
    text.parse().map_err(invalid_param)
}

pub fn signature(text: &str) -> Result<Signature, RpcError> {
    text.parse().map_err(invalid_param)
}

pub fn hash(text: &str) -> Result<Hash, RpcError> {
    text.parse().map_err(invalid_param)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(values: Value) -> Vec<Value> {
        values.as_array().unwrap().clone()
    }

    #[test]
    fn optional_trailing_parameters_may_be_left_out() {
        let values = params(json!(["a"]));
        let parsed: (String, Option<u64>) = Params { values: &values }.parse(1).unwrap();
        assert_eq!(parsed, ("a".to_string(), None));
        let values = params(json!(["a", 7]));
        let parsed: (String, Option<u64>) = Params { values: &values }.parse(1).unwrap();
        assert_eq!(parsed.1, Some(7));
    }

    #[test]
    fn too_few_too_many_or_mistyped_parameters_are_invalid_params() {
        for values in [json!([]), json!(["a", 1, 2]), json!([1])] {
            let values = params(values);
            let error = Params { values: &values }
                .parse::<(String, Option<u64>)>(1)
                .unwrap_err();
            assert_eq!(error.code, -32602, "{values:?}");
        }
        let values = params(json!([1]));
        assert_eq!(Params { values: &values }.none().unwrap_err().code, -32602);
    }

    #[test]
    fn addresses_signatures_and_hashes_must_parse() {
        assert!(pubkey("11111111111111111111111111111111").is_ok());
        assert_eq!(
            pubkey("0OIl").unwrap_err().message,
            "Invalid param: Invalid"
        );
        assert!(signature("x").is_err());
        assert!(hash("x").is_err());
    }
}
