//! A request's positional parameters, read with errors (-32602) that say
//! what is wrong.

use {super::RpcError, serde_json::Value, std::str::FromStr};

static NO_CONFIG: Value = Value::Null;

pub struct Params<'a> {
    values: &'a [Value],
}

impl<'a> Params<'a> {
    /// `None` unless the parameters are absent or an array.
    pub fn new(params: Option<&'a Value>) -> Option<Self> {
        match params {
            None | Some(Value::Null) => Some(Params { values: &[] }),
            Some(Value::Array(values)) => Some(Params { values }),
            Some(_) => None,
        }
    }

    pub fn required(&self, index: usize, what: &str) -> Result<&'a Value, RpcError> {
        self.values.get(index).ok_or_else(|| {
            RpcError::invalid_params(format!("missing parameter {index}: expected {what}"))
        })
    }

    pub fn optional(&self, index: usize) -> Option<&'a Value> {
        self.values.get(index)
    }

    pub fn str(&self, index: usize, what: &str) -> Result<&'a str, RpcError> {
        string(self.required(index, what)?, what)
    }

    /// A parameter given as a string: an address, a signature, a blockhash.
    pub fn parse<T: FromStr>(&self, index: usize, what: &str) -> Result<T, RpcError> {
        parse(self.required(index, what)?, what)
    }

    pub fn u64(&self, index: usize, what: &str) -> Result<u64, RpcError> {
        self.required(index, what)?.as_u64().ok_or_else(|| {
            RpcError::invalid_params(format!("invalid {what}: expected an unsigned integer"))
        })
    }

    pub fn array(&self, index: usize, what: &str) -> Result<&'a [Value], RpcError> {
        self.required(index, what)?
            .as_array()
            .map(Vec::as_slice)
            .ok_or_else(|| RpcError::invalid_params(format!("invalid {what}: expected an array")))
    }

    /// The optional configuration object at `index` (`Null` when absent).
    pub fn config(&self, index: usize) -> &'a Value {
        self.values
            .get(index)
            .filter(|value| value.is_object())
            .unwrap_or(&NO_CONFIG)
    }
}

pub fn string<'a>(value: &'a Value, what: &str) -> Result<&'a str, RpcError> {
    value
        .as_str()
        .ok_or_else(|| RpcError::invalid_params(format!("invalid {what}: expected a string")))
}

pub fn parse<T: FromStr>(value: &Value, what: &str) -> Result<T, RpcError> {
    parse_str(string(value, what)?, what)
}

pub fn parse_str<T: FromStr>(text: &str, what: &str) -> Result<T, RpcError> {
    text.parse()
        .map_err(|_| RpcError::invalid_params(format!("invalid {what}: {text}")))
}

/// An optional string setting of a configuration object.
pub fn option<'a>(config: &'a Value, key: &str) -> Option<&'a str> {
    config.get(key).and_then(Value::as_str)
}

/// An optional boolean setting of a configuration object.
pub fn flag(config: &Value, key: &str) -> bool {
    config.get(key).and_then(Value::as_bool).unwrap_or(false)
}
