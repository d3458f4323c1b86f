//! What a user typed in a search box, turned into SQL once: a name
//! substring, phone digits (in any formatting) and words for the message
//! index. On SQLite names and digits are matched through the trigram
//! index `contacts_fts` and words through FTS5's `messages_fts`; on
//! Postgres through `pg_trgm`'s GIN indexes on the contacts' columns and
//! the `tsvector` index `messages_body_words`. A phone-like search does not
//! query the word index (digits there would only match numbers inside
//! message texts, slowly).

use sqlx::{Database, Encode, QueryBuilder, Type};

use super::engine::Kind;

pub(super) struct SearchText {
    name: String,
    digits: Option<String>,
    /// The words every matching message contains (empty: no word search).
    words: Vec<String>,
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
            words: if phone_like {
                Vec::new()
            } else {
                search_words(raw)
            },
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
        self.words.clear();
        self
    }

    /// The query over message text in `kind`'s index, when the search has
    /// words: FTS5's `MATCH` text or a `tsquery` (always bound, never
    /// spliced into the SQL).
    pub fn words(&self, kind: Kind) -> Option<String> {
        match kind {
            Kind::Sqlite => fts_query(&self.words),
            Kind::Postgres => tsquery(&self.words),
        }
    }

    /// Pushes `( … )`: the contact whose id is in `id_column` (name in
    /// `name_column`) matches by name, by phone or by a message's words.
    /// The indexed sources form one `IN (… UNION …)` list, which SQLite
    /// builds once per statement; separate `OR … IN` lists were each built
    /// again, which doubled the cost of a common word.
    pub fn push_contact_match<'a, DB: Database>(
        &self,
        query: &mut QueryBuilder<'a, DB>,
        id_column: &str,
        name_column: &str,
    ) where
        String: Encode<'a, DB> + Type<DB>,
    {
        if Kind::of::<DB>() == Kind::Postgres {
            return self.push_contact_match_pg(query, id_column);
        }
        query.push(" (");
        let indexed_name = self.indexed_name();
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
        if let Some(words) = fts_query(&self.words) {
            sources
                .push(
                    "SELECT m.contact_id FROM messages m WHERE m.id IN
                     (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ",
                )
                .push_bind_unseparated(words)
                .push_unseparated(")");
        }
        if !indexed_name && self.digits.is_none() && self.words.is_empty() {
            // Only the name predicate applies: an empty list keeps the SQL valid.
            sources.push("SELECT NULL WHERE FALSE");
        }
        query.push("))");
    }

    /// `push_contact_match` on Postgres: the same sources as one
    /// `IN (… UNION …)` list, each a bitmap scan of its own index. `pg_trgm`'s
    /// GIN indexes serve `ILIKE` with escaped wildcards too (`\` is
    /// Postgres's default `LIKE` escape), so the name needs no fallback.
    fn push_contact_match_pg<'a, DB: Database>(
        &self,
        query: &mut QueryBuilder<'a, DB>,
        id_column: &str,
    ) where
        String: Encode<'a, DB> + Type<DB>,
    {
        let pattern = format!("%{}%", escape_like(&self.name));
        if self.words.is_empty() {
            return self.push_columns_match_pg(query, id_column, pattern);
        }
        query.push(format!(" ({id_column} IN ("));
        let mut sources = query.separated(" UNION ");
        sources
            .push("SELECT id FROM contacts WHERE name ILIKE ")
            .push_bind_unseparated(pattern.clone());
        // Emails where SQLite searches them (its trigram index), so both
        // engines find the same contacts.
        if self.emails && self.indexed_name() {
            sources
                .push("SELECT id FROM contacts WHERE email ILIKE ")
                .push_bind_unseparated(pattern);
        }
        if let Some(digits) = &self.digits {
            sources
                .push("SELECT id FROM contacts WHERE phone_digits LIKE ")
                .push_bind_unseparated(format!("%{digits}%"));
        }
        if let Some(words) = tsquery(&self.words) {
            sources
                .push(
                    "SELECT contact_id FROM messages
                     WHERE to_tsvector('simple', body) @@ to_tsquery('simple', ",
                )
                .push_bind_unseparated(words)
                .push_unseparated(")");
        }
        query.push("))");
    }

    /// Without words, the same match as plain predicates on the contact's
    /// own columns: Postgres then chooses by its statistics between a
    /// `BitmapOr` of the trigram indexes (few matches) and walking the
    /// page's sort index, stopping at the page (many: a surname 10,000
    /// contacts share took 62 ms as an `IN (… UNION …)` list, 0.4 ms so).
    fn push_columns_match_pg<'a, DB: Database>(
        &self,
        query: &mut QueryBuilder<'a, DB>,
        id_column: &str,
        pattern: String,
    ) where
        String: Encode<'a, DB> + Type<DB>,
    {
        let table = id_column.rsplit_once('.').map_or("contacts", |(t, _)| t);
        query
            .push(format!(" ({table}.name ILIKE "))
            .push_bind(pattern.clone());
        if self.emails && self.indexed_name() {
            query
                .push(format!(" OR {table}.email ILIKE "))
                .push_bind(pattern);
        }
        if let Some(digits) = &self.digits {
            query
                .push(format!(" OR {table}.phone_digits LIKE "))
                .push_bind(format!("%{digits}%"));
        }
        query.push(")");
    }

    /// SQLite's trigram index serves `LIKE` from three characters on,
    /// without ESCAPE.
    fn indexed_name(&self) -> bool {
        !self.name.contains(['%', '_', '\\']) && self.name.chars().count() >= 3
    }
}

fn escape_like(raw: &str) -> String {
    raw.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// The search's words: runs of letters and digits, so no query syntax
/// from the user survives into either engine's query.
fn search_words(search: &str) -> Vec<String> {
    search
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Words of three letters or more also match as prefixes (as the user types).
fn is_prefix(word: &str) -> bool {
    word.chars().count() >= 3
}

/// Every word must appear (FTS5's implicit AND), each quoted.
fn fts_query(words: &[String]) -> Option<String> {
    let words: Vec<String> = words
        .iter()
        .map(|w| {
            if is_prefix(w) {
                format!("\"{w}\"*")
            } else {
                format!("\"{w}\"")
            }
        })
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// The same query as a `tsquery` for `to_tsquery('simple', …)`: quoted
/// lexemes (the words hold no quote), `:*` for prefixes, `&` between.
fn tsquery(words: &[String]) -> Option<String> {
    let words: Vec<String> = words
        .iter()
        .map(|w| {
            if is_prefix(w) {
                format!("'{w}':*")
            } else {
                format!("'{w}'")
            }
        })
        .collect();
    (!words.is_empty()).then(|| words.join(" & "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_become_a_quoted_fts_query_with_prefixes_from_three_letters() {
        let fts = |raw: &str| fts_query(&search_words(raw));
        assert_eq!(fts("book a demo").unwrap(), "\"book\"* \"a\" \"demo\"*");
        assert_eq!(
            fts("NEAR(\"x\" OR y)*").unwrap(),
            "\"NEAR\"* \"x\" \"OR\" \"y\""
        );
        assert_eq!(fts("+-()"), None);
    }

    #[test]
    fn words_become_a_tsquery_of_quoted_lexemes_without_the_users_operators() {
        let ts = |raw: &str| tsquery(&search_words(raw));
        assert_eq!(ts("book a demo").unwrap(), "'book':* & 'a' & 'demo':*");
        assert_eq!(
            ts("it's !a|b & (c:*)").unwrap(),
            "'it' & 's' & 'a' & 'b' & 'c'"
        );
        assert_eq!(ts("\"':&|!()*"), None);
    }

    #[test]
    fn phone_like_searches_use_digits_not_the_word_index() {
        let phone = SearchText::parse("+1 (202) 555-0123");
        assert_eq!(phone.digits.as_deref(), Some("12025550123"));
        assert_eq!(phone.words(Kind::Sqlite), None);
        assert_eq!(phone.words(Kind::Postgres), None);
        let words = SearchText::parse("kitchen remodel");
        assert_eq!(words.digits, None);
        assert!(words.words(Kind::Sqlite).is_some());
        assert!(words.words(Kind::Postgres).is_some());
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

    #[test]
    fn postgres_matches_through_its_own_indexes_with_bound_patterns() {
        let sql = |search: SearchText| {
            let mut q = QueryBuilder::<sqlx::Postgres>::new("");
            search.push_contact_match(&mut q, "c.id", "c.name");
            q.into_sql()
        };
        let words = sql(SearchText::parse("kitchen remodel"));
        assert!(words.contains("name ILIKE $1 UNION"), "{words}");
        assert!(words.contains("@@ to_tsquery('simple', $2)"), "{words}");
        assert!(!words.contains("contacts_fts") && !words.contains("kitchen"));
        let contacts = sql(SearchText::for_contacts("(202) 555"));
        assert!(contacts.contains("email ILIKE $2"), "{contacts}");
        assert!(contacts.contains("phone_digits LIKE $3"), "{contacts}");
        assert!(!contacts.contains("to_tsquery"));
    }
}
