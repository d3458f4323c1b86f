//! How a filtered, sorted page of a list is read. Without table statistics
//! SQLite prefers an index on a filtered column (status, bot) and then sorts
//! every match: 30,000 matches sorted for a page of 50. When the matches
//! are many, walking the sort's own index and stopping at the page is far
//! cheaper; when they are few, sorting them is. The count, which runs first
//! on the filters' indexes, decides.

use super::engine::Kind;

/// Above this many matches, walking the sort index beats sorting them.
const SORT_AT_MOST: i64 = 5_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ListPlan {
    /// Find the matches through the filters' indexes, then sort them.
    ByFilters,
    /// Walk the sort's index and test each row against the filters.
    BySortIndex,
}

impl ListPlan {
    pub(super) fn for_matches(total: i64) -> Self {
        if total > SORT_AT_MOST {
            Self::BySortIndex
        } else {
            Self::ByFilters
        }
    }

    /// `column` as a filter term: for the sort-index plan hidden from
    /// SQLite's planner with its unary `+` (SQLite-only, kept to this
    /// function; Postgres plans with statistics and gets the column as is).
    pub(super) fn filter_column<DB: sqlx::Database>(self, column: &str) -> String {
        match (self, Kind::of::<DB>()) {
            (Self::BySortIndex, Kind::Sqlite) => format!("+{column}"),
            _ => column.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn many_matches_walk_the_sort_index_and_few_are_sorted() {
        assert_eq!(ListPlan::for_matches(50_000), ListPlan::BySortIndex);
        assert_eq!(ListPlan::for_matches(120), ListPlan::ByFilters);
        let sqlite = |plan: ListPlan| plan.filter_column::<sqlx::Sqlite>("c.status");
        assert_eq!(sqlite(ListPlan::BySortIndex), "+c.status");
        assert_eq!(sqlite(ListPlan::ByFilters), "c.status");
        let postgres = ListPlan::BySortIndex.filter_column::<sqlx::Postgres>("c.status");
        assert_eq!(postgres, "c.status");
    }
}
