//! CSV imports of contacts: the file is read once to count and preview it,
//! then a background run creates or updates each row's contact by phone (never
//! a duplicate), accounts for every row, resumes after a restart from the
//! last committed batch, and can send a first message, paced to the sending
//! number's rate.

pub mod columns;
pub mod rows;
pub mod runner;

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use columns::Mapping;
use rows::RowReader;

/// Rows one import may have.
pub const MAX_ROWS: usize = 500_000;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ImportOptions {
    /// What each column becomes, in column order.
    pub columns: Mapping,
    /// ISO 3166 code of numbers written without `+` (e.g. `US`, `GB`).
    pub default_country: String,
    /// Status of the contacts a row creates when it names none.
    pub default_status: String,
    #[schema(required = true)]
    pub first_message: Option<FirstMessage>,
}

/// A first text to every contact the import creates or updates.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FirstMessage {
    /// The route whose number it goes out from.
    pub route_id: String,
    pub body: String,
    /// The sending number's rate (a US long code: 1 segment a second).
    pub segments_per_second: f64,
}

/// A CSV file read into records: its header and its rows (lossy UTF-8).
pub struct Sheet {
    pub headers: Vec<String>,
    pub rows: Vec<csv::StringRecord>,
}

/// Reads a CSV file, guessing `,`, `;` or tab from the header line.
pub fn read_sheet(content: &[u8]) -> Result<Sheet, String> {
    let text = String::from_utf8_lossy(content);
    let text = text.trim_start_matches('\u{feff}');
    let first_line = text.lines().next().unwrap_or_default();
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| first_line.matches(*d as char).count())
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| format!("the file is not CSV: {e}"))?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    if headers.iter().all(|h| h.is_empty()) {
        return Err("the file has no header row".into());
    }
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("row {}: {e}", index + 2))?;
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        rows.push(record);
        if rows.len() > MAX_ROWS {
            return Err(format!("the file has more than {MAX_ROWS} rows; split it"));
        }
    }
    Ok(Sheet { headers, rows })
}

pub fn country(code: &str) -> Result<phonenumber::country::Id, String> {
    code.trim()
        .to_uppercase()
        .parse()
        .map_err(|_| format!("`{code}` is not a country code (like US or GB)"))
}

/// What one previewed row will become.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PreviewRow {
    /// The row's number in the file (the header is row 1).
    pub row_number: i64,
    pub cells: Vec<String>,
    /// `create`, `update`, `skip` (a duplicate in the file) or `reject`.
    pub outcome: &'static str,
    /// The phone as it will be stored, when readable.
    #[schema(required = true)]
    pub phone: Option<String>,
    #[schema(required = true)]
    pub name: Option<String>,
    /// Why a row is skipped or rejected.
    #[schema(required = true)]
    pub reason: Option<String>,
}

/// The first `limit` rows read through the options; `known` says which
/// phones already have a contact, `suppressed` which opted out.
pub fn preview(
    sheet: &Sheet,
    options: &ImportOptions,
    statuses: &[&'static str],
    known: &HashSet<String>,
    suppressed: &HashSet<String>,
    limit: usize,
) -> Result<Vec<PreviewRow>, String> {
    let reader = RowReader {
        mapping: &options.columns,
        country: country(&options.default_country)?,
        statuses,
    };
    let mut seen: HashSet<String> = HashSet::new();
    Ok(sheet
        .rows
        .iter()
        .take(limit)
        .enumerate()
        .map(|(index, record)| {
            let row_number = index as i64 + 2;
            let cells = record.iter().map(str::to_owned).collect();
            match reader.read(record) {
                Err(reason) => PreviewRow {
                    row_number,
                    cells,
                    outcome: "reject",
                    phone: None,
                    name: None,
                    reason: Some(reason),
                },
                Ok(contact) => {
                    let phone = contact.phone.as_str().to_owned();
                    let (outcome, reason) = if !seen.insert(phone.clone()) {
                        (
                            "skip",
                            Some("the same phone is on an earlier row".to_owned()),
                        )
                    } else if suppressed.contains(&phone) {
                        ("reject", Some("the number opted out".to_owned()))
                    } else if known.contains(&phone) {
                        ("update", None)
                    } else {
                        ("create", None)
                    };
                    PreviewRow {
                        row_number,
                        cells,
                        outcome,
                        phone: Some(phone),
                        name: contact.name,
                        reason,
                    }
                }
            }
        })
        .collect())
}

/// The phones the first `limit` rows name (for the preview's lookups).
pub fn phones(
    sheet: &Sheet,
    options: &ImportOptions,
    statuses: &[&'static str],
    limit: usize,
) -> Vec<String> {
    let Ok(country) = country(&options.default_country) else {
        return Vec::new();
    };
    let reader = RowReader {
        mapping: &options.columns,
        country,
        statuses,
    };
    sheet
        .rows
        .iter()
        .take(limit)
        .filter_map(|r| reader.read(r).ok())
        .map(|c| c.phone.as_str().to_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semicolon_files_with_a_bom_and_blank_lines_are_read() {
        let sheet =
            read_sheet("\u{feff}Name;Phone\nAda;2025550123\n\n;\nBen;+12025550124\n".as_bytes())
                .unwrap();
        assert_eq!(sheet.headers, ["Name", "Phone"]);
        assert_eq!(sheet.rows.len(), 2);
        assert!(read_sheet(b"").is_err());
    }

    #[test]
    fn the_preview_says_what_each_row_becomes() {
        let sheet = read_sheet(b"phone,name\n2025550123,Ada\n2025550123,Ada again\nnope,Bob\n2025550199,Cy\n2025550188,Di\n").unwrap();
        let options = ImportOptions {
            columns: columns::guess(&sheet.headers),
            default_country: "us".into(),
            default_status: "new".into(),
            first_message: None,
        };
        let known: HashSet<String> = ["+12025550199".to_owned()].into();
        let suppressed: HashSet<String> = ["+12025550188".to_owned()].into();
        let rows = preview(&sheet, &options, &["new"], &known, &suppressed, 10).unwrap();
        let outcomes: Vec<&str> = rows.iter().map(|r| r.outcome).collect();
        assert_eq!(outcomes, ["create", "skip", "reject", "update", "reject"]);
        assert_eq!(rows[0].row_number, 2);
        assert_eq!(rows[4].reason.as_deref(), Some("the number opted out"));
        assert!(country("XX").is_err());
    }
}
