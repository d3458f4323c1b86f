//! Which contact field each CSV column fills: guessed from usual header
//! names, changeable by the person importing.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What a column becomes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", content = "name", rename_all = "camelCase")]
pub enum Target {
    Phone,
    Name,
    FirstName,
    LastName,
    Email,
    Company,
    /// Tags, separated by commas or semicolons.
    Tags,
    Status,
    /// A field of the contact's own, under this name.
    Field(String),
    /// Not imported.
    Skip,
}

/// The targets of the columns, in column order.
pub type Mapping = Vec<Target>;

/// A guess for each header: usual names for the known fields, anything else
/// kept as a field of its own under its header; a known field is taken once.
pub fn guess(headers: &[String]) -> Mapping {
    let mut taken: Vec<Target> = Vec::new();
    headers
        .iter()
        .map(|header| {
            let target = known(header).filter(|t| !taken.contains(t));
            match target {
                Some(target) => {
                    taken.push(target.clone());
                    target
                }
                None if header.trim().is_empty() => Target::Skip,
                None => Target::Field(header.trim().to_owned()),
            }
        })
        .collect()
}

fn known(header: &str) -> Option<Target> {
    let key: String = header
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    Some(match key.as_str() {
        "phone" | "phonenumber" | "mobile" | "mobilephone" | "mobilenumber" | "cell"
        | "cellphone" | "telephone" | "tel" | "number" | "sms" | "whatsapp" => Target::Phone,
        "name" | "fullname" | "contactname" | "contact" => Target::Name,
        "firstname" | "first" | "givenname" | "forename" => Target::FirstName,
        "lastname" | "last" | "surname" | "familyname" => Target::LastName,
        "email" | "emailaddress" | "mail" => Target::Email,
        "company" | "companyname" | "organization" | "organisation" | "business" | "account" => {
            Target::Company
        }
        "tags" | "tag" | "labels" | "label" => Target::Tags,
        "status" | "stage" | "leadstatus" => Target::Status,
        _ => return None,
    })
}

/// A mapping can be used only with exactly one phone column.
pub fn check(mapping: &Mapping, columns: usize) -> Result<(), String> {
    if mapping.len() != columns {
        return Err(format!(
            "the mapping names {} columns; the file has {columns}",
            mapping.len()
        ));
    }
    match mapping.iter().filter(|t| **t == Target::Phone).count() {
        0 => Err("choose the column that holds the phone number".into()),
        1 => Ok(()),
        _ => Err("only one column can be the phone number".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| (*n).to_owned()).collect()
    }

    #[test]
    fn usual_headers_map_to_their_fields_and_others_become_fields() {
        let mapping = guess(&headers(&[
            "First Name",
            "Last name",
            "Mobile",
            "E-mail",
            "Company Size",
            "",
            "Phone",
        ]));
        assert_eq!(
            mapping,
            vec![
                Target::FirstName,
                Target::LastName,
                Target::Phone,
                Target::Email,
                Target::Field("Company Size".into()),
                Target::Skip,
                Target::Field("Phone".into()),
            ],
            "a second phone column is kept as a field, not a second phone"
        );
        assert!(check(&mapping, 7).is_ok());
    }

    #[test]
    fn a_mapping_needs_one_phone_column() {
        assert!(check(&vec![Target::Name], 1).unwrap_err().contains("phone"));
        assert!(check(&vec![Target::Phone, Target::Phone], 2)
            .unwrap_err()
            .contains("only one"));
        assert!(check(&vec![Target::Phone], 2).is_err());
    }
}
