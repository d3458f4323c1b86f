//! Carrier compliance keywords (Twilio's default long-code set).
//!
//! A message is a keyword only when it is the keyword alone: case is ignored,
//! and so are surrounding spaces and punctuation ("Stop." counts, "stop please"
//! does not), which is how Twilio matches them.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keyword {
    OptOut,
    OptIn,
    Help,
}

const OPT_OUT: &[&str] = &[
    "STOP",
    "STOPALL",
    "UNSUBSCRIBE",
    "CANCEL",
    "END",
    "QUIT",
    "REVOKE",
    "OPTOUT",
];
const OPT_IN: &[&str] = &["START", "UNSTOP", "YES"];
const HELP: &[&str] = &["HELP", "INFO"];

/// The keyword a message consists of, with the normalised word, if any.
pub fn classify(body: &str) -> Option<(Keyword, String)> {
    let word = body
        .trim_matches(|c: char| c.is_whitespace() || c.is_ascii_punctuation())
        .to_uppercase();
    let keyword = if OPT_OUT.contains(&word.as_str()) {
        Keyword::OptOut
    } else if OPT_IN.contains(&word.as_str()) {
        Keyword::OptIn
    } else if HELP.contains(&word.as_str()) {
        Keyword::Help
    } else {
        return None;
    };
    Some((keyword, word))
}

/// "YES" re-subscribes an opted-out contact, but from anyone else it is the
/// most common answer to a sales bot's question, so it must reach the bot.
pub fn is_ambiguous_answer(word: &str) -> bool {
    word == "YES"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_opt_out_keyword_matches_in_any_case_with_outer_noise() {
        for word in OPT_OUT {
            for variant in [
                word.to_string(),
                word.to_lowercase(),
                format!("  {word}!  "),
                format!("\n{}.", word.to_lowercase()),
            ] {
                assert_eq!(
                    classify(&variant).map(|k| k.0),
                    Some(Keyword::OptOut),
                    "{variant:?}"
                );
            }
        }
    }

    #[test]
    fn opt_in_and_help_keywords_match() {
        assert_eq!(classify("start").unwrap().0, Keyword::OptIn);
        assert_eq!(classify("Unstop").unwrap().0, Keyword::OptIn);
        assert_eq!(classify("yes!").unwrap(), (Keyword::OptIn, "YES".into()));
        assert_eq!(classify(" help ").unwrap().0, Keyword::Help);
        assert_eq!(classify("INFO?").unwrap().0, Keyword::Help);
    }

    #[test]
    fn sentences_containing_keywords_are_not_keywords() {
        for body in [
            "stop please",
            "please stop",
            "I want to cancel my order",
            "st op",
            "stopp",
            "",
            "   ",
        ] {
            assert_eq!(classify(body), None, "{body:?}");
        }
    }
}
