//! One alert for a batch: counts per kind and the first few examples, as an
//! email or as a short SMS.

use std::collections::BTreeMap;

use super::kinds::AlertKind;

/// Examples listed per kind in an email.
const EXAMPLES: usize = 5;
/// An alert SMS stays within two segments.
const SMS_CHARS: usize = 300;

/// What a batch holds, oldest first.
pub struct Batch {
    pub items: Vec<(AlertKind, String)>,
}

impl Batch {
    fn by_kind(&self) -> BTreeMap<AlertKind, Vec<&str>> {
        let mut kinds: BTreeMap<AlertKind, Vec<&str>> = BTreeMap::new();
        for (kind, line) in &self.items {
            kinds.entry(*kind).or_default().push(line);
        }
        kinds
    }

    /// "3 delivery failures, 1 new lead".
    pub fn headline(&self) -> String {
        self.by_kind()
            .iter()
            .map(|(kind, lines)| kind.counted(lines.len()))
            .collect::<Vec<_>>()
            .join(", ")
    }

    pub fn email_subject(&self) -> String {
        format!("CloseBot SMS: {}", self.headline())
    }

    pub fn email_text(&self, dashboard_url: &str) -> String {
        let mut text = String::new();
        for (kind, lines) in self.by_kind() {
            text.push_str(&format!("{}:\n", capitalised(&kind.counted(lines.len()))));
            for line in lines.iter().take(EXAMPLES) {
                text.push_str(&format!("  - {line}\n"));
            }
            if lines.len() > EXAMPLES {
                text.push_str(&format!("  … and {} more\n", lines.len() - EXAMPLES));
            }
            text.push('\n');
        }
        text.push_str(&format!(
            "See them in the dashboard: {dashboard_url}\n\nYou get this because alerts are switched on in CloseBot SMS → Settings → Notifications.\n"
        ));
        text
    }

    /// A short SMS: the counts, and the first example when it fits.
    pub fn sms_text(&self) -> String {
        let mut text = format!("CloseBot SMS: {}.", self.headline());
        if let Some((_, first)) = self.items.first() {
            let with_example = format!("{text} E.g. {first}");
            text = with_example;
        }
        match text.char_indices().nth(SMS_CHARS) {
            Some((cut, _)) => format!("{}…", &text[..cut]),
            None => text,
        }
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn burst(failures: usize) -> Batch {
        let mut items: Vec<(AlertKind, String)> = (0..failures)
            .map(|i| {
                (
                    AlertKind::DeliveryFailure,
                    format!("to +1555000{i:04} failed"),
                )
            })
            .collect();
        items.push((AlertKind::NewLead, "Ada texted for the first time".into()));
        Batch { items }
    }

    #[test]
    fn a_burst_is_one_message_with_counts_and_a_few_examples() {
        let batch = burst(500);
        assert_eq!(
            batch.email_subject(),
            "CloseBot SMS: 500 delivery failures, 1 new lead"
        );
        let text = batch.email_text("https://sms.example.com");
        assert_eq!(text.matches("  - to +1555").count(), 5);
        assert!(text.contains("… and 495 more"));
        assert!(text.contains("1 new lead:") || text.contains("1 new lead"));
        let sms = batch.sms_text();
        assert!(sms.starts_with(
            "CloseBot SMS: 500 delivery failures, 1 new lead. E.g. to +15550000000 failed"
        ));
        assert!(sms.chars().count() <= SMS_CHARS + 1);
    }
}
