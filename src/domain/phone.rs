//! E.164 phone numbers: the only form in which numbers are stored and shown.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A phone number in E.164 form: `+` followed by 8 to 15 digits, no leading zero.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PhoneNumber(String);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("`{0}` is not a phone number in E.164 form (for example +15005550006)")]
pub struct InvalidPhoneNumber(pub String);

impl PhoneNumber {
    /// Strict parse: the input must already be E.164 (surrounding spaces ignored).
    pub fn parse(raw: &str) -> Result<Self, InvalidPhoneNumber> {
        let candidate = raw.trim();
        let digits = candidate
            .strip_prefix('+')
            .ok_or_else(|| InvalidPhoneNumber(raw.to_owned()))?;
        let well_formed = (8..=15).contains(&digits.len())
            && digits.bytes().all(|b| b.is_ascii_digit())
            && !digits.starts_with('0');
        if well_formed {
            Ok(Self(candidate.to_owned()))
        } else {
            Err(InvalidPhoneNumber(raw.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The digits without the leading `+`, used for searching by digits.
    pub fn digits(&self) -> &str {
        &self.0[1..]
    }
}

/// Only the digits of free-form input such as `+1 (202) 555-0123`.
pub fn digits_only(raw: &str) -> String {
    raw.chars().filter(char::is_ascii_digit).collect()
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for PhoneNumber {
    type Error = InvalidPhoneNumber;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<PhoneNumber> for String {
    fn from(value: PhoneNumber) -> Self {
        value.0
    }
}

impl AsRef<str> for PhoneNumber {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_e164_numbers() {
        assert_eq!(
            PhoneNumber::parse("+15005550006").unwrap().as_str(),
            "+15005550006"
        );
        assert_eq!(
            PhoneNumber::parse(" +447700900123 ").unwrap().as_str(),
            "+447700900123"
        );
    }

    #[test]
    fn rejects_anything_else() {
        for bad in [
            "15005550006",
            "+1 500 555 0006",
            "+0123456789",
            "+123",
            "+1234567890123456",
            "",
            "+",
            "abc",
        ] {
            assert!(PhoneNumber::parse(bad).is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn digits_only_strips_formatting() {
        assert_eq!(digits_only("+1 (202) 555-0123"), "12025550123");
        assert_eq!(
            PhoneNumber::parse("+12025550123").unwrap().digits(),
            "12025550123"
        );
    }
}
