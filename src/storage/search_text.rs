//! What a user typed in a search box, turned into SQL once: a name
//! substring, phone digits (in any formatting) and words for the message
//! index. Names and digits are matched through the trigram index
//! `contacts_fts`; a phone-like search does not query the word index
//! (digits there would only match numbers inside message texts, slowly).

use sqlx::{Database, Encode, QueryBuilder, Type};

pub(super) struct SearchText {
    name: String,
    digits: Option<String>,
    words: Option<String>,
    /// Also match email addresses (the contacts list).
    emails: bool,
}

impl SearchText {
    pub fn parse(raw: &str) -> Self {
        let raw = raw.trim();
        let digits = crate::domain::phone::digits_only(raw);
        let visible = raw.chars().filter(|c| !c.is_whitespace()).count();
        let phone_like = digits.len() >= 3 && digits.len() * 2 >= visible;
        Self {
            name: raw.to_owned(),
            digits: phone_like.then_some(digits),
            words: if phone_like { None } else { fts_query(raw) },
            emails: false,
        }
    }

    /// The search of the contacts list: names, phones and emails, not words.
    pub fn for_contacts(raw: &str) -> Self {
        let mut search = Self::parse(raw).without_words();
        search.emails = true;
        search
    }

    /// The same search over names and phones only.
    pub fn without_words(mut self) -> Self {
        self.words = None;
        self
    }

    /// The FTS5 query over message text, when the search has words.
    pub fn words(&self) -> Option<&str> {
        self.words.as_deref()
    }

    /// Pushes `( … )`: the contact whose id is in `id_column` (name in
    /// `name_column`) matches by name, by phone or by a message's words.
    /// The indexed sources form one `IN (… UNION …)` list, which SQLite
    /// builds once per statement; separate `OR … IN` lists were each built
    /// again, which doubled the cost of a common word.
    /// The SQL is SQLite's (FTS5 tables); callers check `Store::sqlite_only_search`.
    pub fn push_contact_match<'a, DB: Database>(
        &self,
        query: &mut QueryBuilder<'a, DB>,
        id_column: &str,
        name_column: &str,
    ) where
        String: Encode<'a, DB> + Type<DB>,
    {
        query.push(" (");
        // The trigram index serves `LIKE` from three characters on, without ESCAPE.
        let plain = !self.name.contains(['%', '_', '\\']);
        let indexed_name = plain && self.name.chars().count() >= 3;
        if !indexed_name {
            query
                .push(format!("{name_column} LIKE "))
                .push_bind(format!("%{}%", escape_like(&self.name)))
                .push(" ESCAPE '\\' OR ");
        }
        query.push(format!("{id_column} IN ("));
        let mut sources = query.separated(" UNION ");
        if indexed_name {
            sources
                .push("SELECT contact_id FROM contacts_fts WHERE name LIKE ")
                .push_bind_unseparated(format!("%{}%", self.name));
        }
        if self.emails && indexed_name {
            sources
                .push("SELECT contact_id FROM contacts_fts WHERE email LIKE ")
                .push_bind_unseparated(format!("%{}%", self.name));
        }
        if let Some(digits) = &self.digits {
            sources
                .push("SELECT contact_id FROM contacts_fts WHERE phone_digits LIKE ")
                .push_bind_unseparated(format!("%{digits}%"));
        }
        if let Some(words) = &self.words {
            sources
                .push(
                    "SELECT m.contact_id FROM messages m WHERE m.id IN
                     (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ",
                )
                .push_bind_unseparated(words.clone())
                .push_unseparated(")");
        }
        if !indexed_name && self.digits.is_none() && self.words.is_none() {
            // Only the name predicate applies: an empty list keeps the SQL valid.
            sources.push("SELECT NULL WHERE FALSE");
        }
        query.push("))");
    }
}

fn escape_like(raw: &str) -> String {
    raw.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// Every word must appear; words of three letters or more also match as
/// prefixes (as the user types). No FTS syntax from the user is interpreted.
fn fts_query(search: &str) -> Option<String> {
    let words: Vec<String> = search
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            if w.chars().count() >= 3 {
                format!("\"{w}\"*")
            } else {
                format!("\"{w}\"")
            }
        })
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_become_a_quoted_fts_query_with_prefixes_from_three_letters() {
        assert_eq!(
            fts_query("book a demo").unwrap(),
            "\"book\"* \"a\" \"demo\"*"
        );
        assert_eq!(
            fts_query("NEAR(\"x\" OR y)*").unwrap(),
            "\"NEAR\"* \"x\" \"OR\" \"y\""
        );
        assert_eq!(fts_query("+-()"), None);
    }

    #[test]
    fn phone_like_searches_use_digits_not_the_word_index() {
        let phone = SearchText::parse("+1 (202) 555-0123");
        assert_eq!(phone.digits.as_deref(), Some("12025550123"));
        assert_eq!(phone.words(), None);
        let words = SearchText::parse("kitchen remodel");
        assert_eq!(words.digits, None);
        assert!(words.words().is_some());
    }

    #[test]
    fn short_or_wildcard_names_fall_back_to_an_escaped_like() {
        let sql = |raw: &str| {
            let mut q = QueryBuilder::<sqlx::Sqlite>::new("");
            SearchText::parse(raw).push_contact_match(&mut q, "c.id", "c.name");
            q.into_sql()
        };
        assert!(sql("Okafor").contains("contacts_fts WHERE name LIKE"));
        assert!(!sql("Okafor").contains("c.name LIKE"));
        assert!(sql("Al").contains("c.name LIKE"));
        assert!(sql("kitchen remodel").contains("name LIKE ? UNION SELECT m.contact_id"));
        assert!(sql("50%").contains("ESCAPE"));
        assert_eq!(escape_like("50%_off\\"), "50\\%\\_off\\\\");
    }
}
