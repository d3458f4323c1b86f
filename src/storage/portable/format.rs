//! The export file, version 1: JSON Lines. The first line is the header
//! (`Header`); every other line is one row, `{"table": NAME, "row": {COLUMN:
//! VALUE, …}}`. Values are JSON integers (64-bit), strings (UTF-8 text) and
//! nulls, and two tagged objects for what JSON cannot carry exactly:
//! `{"real": "1.5"}` (a float, as Rust's shortest exact text) and
//! `{"base64": "…"}` (bytes).

use std::collections::BTreeMap;

use base64::Engine;
use serde::{Deserialize, Serialize};

use super::PortableError;

/// The header's `format`.
pub const FORMAT: &str = "closebot-sms-export";
/// The version this binary writes and reads.
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Header {
    pub format: String,
    pub version: u32,
    /// The last migration the exported database had applied.
    pub schema: i64,
    /// The version of closebot-sms that wrote the file.
    pub app: String,
    /// Unix milliseconds, when the snapshot was taken.
    pub exported_at: i64,
    /// Rows per table.
    pub tables: BTreeMap<String, u64>,
    /// The next id each id-generating table hands out is above this one
    /// (ids of deleted rows are never reused).
    pub sequences: BTreeMap<String, i64>,
}

impl Header {
    pub fn total_rows(&self) -> u64 {
        self.tables.values().sum()
    }
}

/// One stored value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

impl Serialize for Value {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        match self {
            Value::Null => s.serialize_none(),
            Value::Integer(i) => s.serialize_i64(*i),
            Value::Text(t) => s.serialize_str(t),
            Value::Real(f) => {
                let mut map = s.serialize_map(Some(1))?;
                map.serialize_entry("real", &format!("{f:?}"))?;
                map.end()
            }
            Value::Blob(b) => {
                let mut map = s.serialize_map(Some(1))?;
                let text = base64::engine::general_purpose::STANDARD.encode(b);
                map.serialize_entry("base64", &text)?;
                map.end()
            }
        }
    }
}

impl TryFrom<serde_json::Value> for Value {
    type Error = String;

    fn try_from(json: serde_json::Value) -> Result<Self, String> {
        use serde_json::Value as J;
        match json {
            J::Null => Ok(Value::Null),
            J::String(t) => Ok(Value::Text(t)),
            J::Number(n) => n
                .as_i64()
                .map(Value::Integer)
                .ok_or_else(|| format!("{n} is not a 64-bit integer (reals are {{\"real\": …}})")),
            J::Object(map) if map.len() == 1 => match map.into_iter().next() {
                Some((tag, J::String(text))) if tag == "real" => text
                    .parse()
                    .map(Value::Real)
                    .map_err(|_| format!("{text:?} is not a real number")),
                Some((tag, J::String(text))) if tag == "base64" => {
                    base64::engine::general_purpose::STANDARD
                        .decode(text)
                        .map(Value::Blob)
                        .map_err(|e| format!("bad base64: {e}"))
                }
                _ => Err("an object value must be {\"real\": …} or {\"base64\": …}".into()),
            },
            other => Err(format!("{other} is not a value this format knows")),
        }
    }
}

/// A row line as read: the table's name and its fields.
#[derive(Debug, Deserialize)]
pub struct RowLine {
    pub table: String,
    pub row: serde_json::Map<String, serde_json::Value>,
}

/// A row line as written: fields in the table's order, values borrowed.
pub struct RowOut<'a> {
    pub table: &'a str,
    pub fields: &'a [&'static str],
    pub values: &'a [Value],
}

impl Serialize for RowOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        struct Fields<'a>(&'a [&'static str], &'a [Value]);
        impl Serialize for Fields<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut map = s.serialize_map(Some(self.0.len()))?;
                for (name, value) in self.0.iter().zip(self.1) {
                    map.serialize_entry(name, value)?;
                }
                map.end()
            }
        }
        let mut map = s.serialize_map(Some(2))?;
        map.serialize_entry("table", self.table)?;
        map.serialize_entry("row", &Fields(self.fields, self.values))?;
        map.end()
    }
}

/// Parses and checks the header line: our format, a version this binary
/// reads, a schema no newer than its migrations (`known_schema`).
pub fn parse_header(line: &str, known_schema: i64) -> Result<Header, PortableError> {
    #[derive(Deserialize)]
    struct Probe {
        format: Option<String>,
        version: Option<u32>,
    }
    let probe: Probe = serde_json::from_str(line).map_err(|_| PortableError::NotAnExport)?;
    if probe.format.as_deref() != Some(FORMAT) {
        return Err(PortableError::NotAnExport);
    }
    match probe.version {
        Some(VERSION) => {}
        other => return Err(PortableError::UnknownVersion(other.unwrap_or(0))),
    }
    let header: Header = serde_json::from_str(line)
        .map_err(|e| PortableError::Corrupt(format!("line 1 (the header): {e}")))?;
    if header.schema > known_schema {
        return Err(PortableError::NewerSchema {
            file: header.schema,
            ours: known_schema,
        });
    }
    Ok(header)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_value_comes_back_exactly() {
        let values = [
            Value::Null,
            Value::Integer(i64::MIN),
            Value::Integer(i64::MAX),
            Value::Real(0.1 + 0.2),
            Value::Real(-1e300),
            Value::Real(f64::INFINITY),
            Value::Text("naïve \"quoted\" \n ☃ 🎉 \u{0}".into()),
            Value::Blob(vec![0, 255, 1, 254, 10, 13]),
            Value::Blob(Vec::new()),
        ];
        for value in values {
            let text = serde_json::to_string(&value).unwrap();
            let json: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(Value::try_from(json).unwrap(), value, "{text}");
        }
    }

    #[test]
    fn values_the_format_does_not_know_are_refused() {
        for text in [
            "1.5",
            "true",
            "[1]",
            "{\"real\": 1}",
            "{\"x\": \"1\"}",
            "18446744073709551615",
        ] {
            let json: serde_json::Value = serde_json::from_str(text).unwrap();
            assert!(Value::try_from(json).is_err(), "{text}");
        }
    }

    #[test]
    fn headers_of_other_formats_versions_and_newer_schemas_are_refused() {
        let header = |format: &str, version: u32, schema: i64| {
            format!(
                r#"{{"format":"{format}","version":{version},"schema":{schema},"app":"1","exportedAt":0,"tables":{{}},"sequences":{{}}}}"#
            )
        };
        assert!(parse_header(&header(FORMAT, 1, 10), 10).is_ok());
        assert!(matches!(
            parse_header(&header("other", 1, 10), 10),
            Err(PortableError::NotAnExport)
        ));
        assert!(matches!(
            parse_header("not json", 10),
            Err(PortableError::NotAnExport)
        ));
        assert!(matches!(
            parse_header(&header(FORMAT, 2, 10), 10),
            Err(PortableError::UnknownVersion(2))
        ));
        assert!(matches!(
            parse_header(&header(FORMAT, 1, 11), 10),
            Err(PortableError::NewerSchema { file: 11, ours: 10 })
        ));
    }
}
