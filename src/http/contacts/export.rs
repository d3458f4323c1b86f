//! `GET /api/contacts/export`: every contact the filters select, streamed as
//! CSV (UTF-8 with a BOM, so spreadsheet apps read accents right), in
//! constant memory. A cell that begins with `=`, `+`, `-`, `@`, a tab or a
//! carriage return gets a leading `'`, so no formula runs when it is opened.

use axum::body::Body;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use futures_util::stream;

use super::views::tags_of;
use super::ContactQuery;
use crate::app_state::AppState;
use crate::clock::to_rfc3339;
use crate::http::error::{ApiResult, ErrorBody};
use crate::http::extract::ApiQuery;
use crate::storage::ContactListRow;

const HEADER: [&str; 11] = [
    "name",
    "phone",
    "email",
    "company",
    "status",
    "bot",
    "messages",
    "last contact",
    "tags",
    "opted out",
    "fields",
];
/// Rows written per chunk of the response body.
const ROWS_PER_CHUNK: usize = 500;

/// The contacts the filters select, as a CSV file.
#[utoipa::path(get,
    operation_id = "exportContacts", path = "/api/contacts/export", tag = "contacts", params(ContactQuery),
    responses((status = 200, description = "text/csv", content_type = "text/csv"), (status = 422, body = ErrorBody)))]
pub async fn export(
    State(app): State<AppState>,
    ApiQuery(query): ApiQuery<ContactQuery>,
) -> ApiResult<Response> {
    let (filter, (sort, descending)) = (query.filter(&app)?, query.sort()?);
    let rows = app.store.stream_contacts(filter, sort, descending);
    let mut first = Vec::from("\u{feff}".as_bytes());
    first.extend(csv_line(HEADER.iter().map(|h| (*h).to_owned())));
    let chunks = stream::unfold((Some(first), rows), |(pending, mut rows)| async move {
        if let Some(first) = pending {
            return Some((Ok::<_, std::io::Error>(first), (None, rows)));
        }
        let mut chunk = Vec::new();
        for _ in 0..ROWS_PER_CHUNK {
            match rows.recv().await {
                Some(Ok(row)) => chunk.extend(csv_line(cells(row))),
                Some(Err(e)) => {
                    tracing::error!(error = %e, "a contacts export broke off");
                    return Some((Err(std::io::Error::other(e.to_string())), (None, rows)));
                }
                None => break,
            }
        }
        (!chunk.is_empty()).then_some((Ok(chunk), (None, rows)))
    });
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"contacts.csv\"",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        Body::from_stream(chunks),
    )
        .into_response())
}

fn cells(r: ContactListRow) -> impl Iterator<Item = String> {
    let fields = r
        .fields_json
        .as_deref()
        .and_then(|f| serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(f).ok())
        .map(|map| {
            map.into_iter()
                .map(|(k, v)| match v {
                    serde_json::Value::String(s) => format!("{k}: {s}"),
                    other => format!("{k}: {other}"),
                })
                .collect::<Vec<_>>()
                .join("; ")
        })
        .unwrap_or_default();
    [
        r.name.unwrap_or_default(),
        r.phone,
        r.email.unwrap_or_default(),
        r.company.unwrap_or_default(),
        r.status,
        r.bot_name.unwrap_or_default(),
        r.message_count.to_string(),
        to_rfc3339(r.last_contact),
        tags_of(r.tags.as_deref()).join(", "),
        if r.opted_out { "yes" } else { "no" }.to_owned(),
        fields,
    ]
    .into_iter()
}

/// One CSV record with its cells neutralised against formula injection.
fn csv_line(cells: impl Iterator<Item = String>) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    writer
        .write_record(cells.map(|c| neutralised(&c)))
        .expect("writing CSV into memory cannot fail");
    writer
        .into_inner()
        .expect("an in-memory CSV writer flushes")
}

/// A cell a spreadsheet would read as a formula gets a leading `'`.
pub fn neutralised(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_ordinary_text_is_not() {
        for risky in [
            "=HYPERLINK(\"http://x\",\"y\")",
            "+1 555",
            "-2",
            "@SUM(A1)",
            "\tx",
            "\rx",
        ] {
            assert!(neutralised(risky).starts_with('\''), "{risky}");
        }
        assert_eq!(neutralised("Ada Lovelace"), "Ada Lovelace");
        assert_eq!(neutralised(""), "");
        let line = String::from_utf8(csv_line(["=1+1".to_owned(), "a, b".to_owned()].into_iter()))
            .unwrap();
        assert_eq!(line, "'=1+1,\"a, b\"\r\n");
    }
}
