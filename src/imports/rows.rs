//! One CSV row, read through the mapping: a contact to create or update, or
//! the reason it cannot be. Phone numbers in national formats are read with
//! libphonenumber's rules (the `phonenumber` crate) for the default country.

use std::collections::BTreeMap;

use super::columns::{Mapping, Target};
use crate::domain::phone::PhoneNumber;

/// What a valid row says of its contact; `None` leaves a field as it is.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedContact {
    pub phone: PhoneNumber,
    pub name: Option<String>,
    pub email: Option<String>,
    pub company: Option<String>,
    pub tags: Vec<String>,
    pub status: Option<String>,
    pub fields: BTreeMap<String, String>,
}

/// Reads numbers without a `+` as numbers of `country` (ISO 3166 code).
pub struct RowReader<'a> {
    pub mapping: &'a Mapping,
    pub country: phonenumber::country::Id,
    pub statuses: &'a [&'static str],
}

const MAX_TEXT: usize = 200;
const MAX_FIELD: usize = 1_000;

impl RowReader<'_> {
    pub fn read(&self, record: &csv::StringRecord) -> Result<ImportedContact, String> {
        let mut phone = None;
        let (mut name, mut first, mut last) = (None, None, None);
        let mut contact = ImportedContact {
            phone: PhoneNumber::parse("+10000000000").expect("a valid placeholder"),
            name: None,
            email: None,
            company: None,
            tags: Vec::new(),
            status: None,
            fields: BTreeMap::new(),
        };
        for (target, cell) in self.mapping.iter().zip(record.iter()) {
            let cell = cell.trim();
            if cell.is_empty() {
                continue;
            }
            let short = |what: &str| -> Result<String, String> {
                if cell.chars().count() > MAX_TEXT {
                    Err(format!("{what} is longer than {MAX_TEXT} characters"))
                } else {
                    Ok(cell.to_owned())
                }
            };
            match target {
                Target::Phone => phone = Some(self.phone(cell)?),
                Target::Name => name = Some(short("the name")?),
                Target::FirstName => first = Some(short("the first name")?),
                Target::LastName => last = Some(short("the last name")?),
                Target::Email => {
                    if !crate::alerts::config::looks_like_email(cell) {
                        return Err(format!("`{cell}` is not an email address"));
                    }
                    contact.email = Some(short("the email")?);
                }
                Target::Company => contact.company = Some(short("the company")?),
                Target::Tags => contact.tags = tags(cell)?,
                Target::Status => {
                    let status = cell.to_lowercase();
                    if !self.statuses.contains(&status.as_str()) {
                        return Err(format!(
                            "`{cell}` is not a status ({})",
                            self.statuses.join(", ")
                        ));
                    }
                    contact.status = Some(status);
                }
                Target::Field(key) => {
                    if cell.chars().count() > MAX_FIELD {
                        return Err(format!("{key} is longer than {MAX_FIELD} characters"));
                    }
                    contact.fields.insert(key.clone(), cell.to_owned());
                }
                Target::Skip => {}
            }
        }
        contact.phone = phone.ok_or("no phone number")?;
        contact.name = name.or_else(|| match (first, last) {
            (Some(f), Some(l)) => Some(format!("{f} {l}")),
            (one, other) => one.or(other),
        });
        Ok(contact)
    }

    /// A number written with `+` is taken as E.164 when its shape is one
    /// (as the webhooks take it: a number that texted us must match); one
    /// written without is read by the country's rules and must be valid there.
    fn phone(&self, raw: &str) -> Result<PhoneNumber, String> {
        let bad = || format!("`{raw}` is not a phone number");
        if raw.starts_with('+') {
            let compact: String = raw
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '+')
                .collect();
            if let Ok(number) = PhoneNumber::parse(&compact) {
                return Ok(number);
            }
        }
        let parsed = phonenumber::parse(Some(self.country), raw).map_err(|_| bad())?;
        if !parsed.is_valid() {
            return Err(bad());
        }
        let e164 = parsed.format().mode(phonenumber::Mode::E164).to_string();
        PhoneNumber::parse(&e164).map_err(|_| bad())
    }
}

fn tags(cell: &str) -> Result<Vec<String>, String> {
    let mut tags: Vec<String> = Vec::new();
    for tag in cell
        .split([',', ';'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        if tag.chars().count() > 50 {
            return Err(format!("tag `{tag}` is longer than 50 characters"));
        }
        if !tags.iter().any(|t| t.eq_ignore_ascii_case(tag)) {
            tags.push(tag.to_owned());
        }
    }
    Ok(tags)
}

#[cfg(test)]
mod tests {
    use super::*;

    const STATUSES: [&str; 3] = ["new", "active", "qualified"];

    fn read(mapping: &Mapping, cells: &[&str]) -> Result<ImportedContact, String> {
        RowReader {
            mapping,
            country: phonenumber::country::Id::US,
            statuses: &STATUSES,
        }
        .read(&csv::StringRecord::from(cells.to_vec()))
    }

    #[test]
    fn national_and_international_numbers_become_e164() {
        let mapping = vec![Target::Phone];
        for raw in [
            "(202) 555-0123",
            "202.555.0123",
            "+1 202 555 0123",
            "2025550123",
        ] {
            assert_eq!(
                read(&mapping, &[raw]).unwrap().phone.as_str(),
                "+12025550123",
                "{raw}"
            );
        }
        assert_eq!(
            read(&mapping, &["+44 20 7946 0958"])
                .unwrap()
                .phone
                .as_str(),
            "+442079460958"
        );
        assert_eq!(
            read(&mapping, &["+1 (555) 124-0009"])
                .unwrap()
                .phone
                .as_str(),
            "+15551240009"
        );
        for bad in ["555", "not a number", "+1 202 555 01234567 890"] {
            assert!(
                read(&mapping, &[bad])
                    .unwrap_err()
                    .contains("not a phone number"),
                "{bad}"
            );
        }
    }

    #[test]
    fn names_tags_fields_and_their_limits() {
        let mapping = vec![
            Target::FirstName,
            Target::LastName,
            Target::Phone,
            Target::Tags,
            Target::Field("Industry".into()),
            Target::Status,
        ];
        let row = read(
            &mapping,
            &[
                "Ada",
                "Lovelace",
                "2025550123",
                "vip; kitchen, VIP",
                "Retail",
                "Qualified",
            ],
        )
        .unwrap();
        assert_eq!(row.name.as_deref(), Some("Ada Lovelace"));
        assert_eq!(row.tags, ["vip", "kitchen"]);
        assert_eq!(row.fields["Industry"], "Retail");
        assert_eq!(row.status.as_deref(), Some("qualified"));
        let long = "x".repeat(201);
        assert!(read(&mapping, &[&long, "", "2025550123", "", "", ""])
            .unwrap_err()
            .contains("longer than 200"));
        assert!(read(&mapping, &["", "", "2025550123", "", "", "hot"])
            .unwrap_err()
            .contains("not a status"));
        assert_eq!(
            read(&mapping, &["Ada", "", "", "", "", ""]).unwrap_err(),
            "no phone number"
        );
    }
}
