//! Reading a reply as a 1–5 score. Only a reply that is the score and
//! nothing else counts ("5!", "four", "4/5", "4 stars", "⭐⭐⭐⭐"); anything
//! more ("4 people need a quote") is a message for the bot.

const WORDS: [(&str, u8); 5] = [
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
];
const STARS: [char; 3] = ['⭐', '★', '🌟'];
/// Emoji presentation selector (after ⭐ or a keycap digit on some phones).
const VARIATION_SELECTOR: char = '\u{FE0F}';
/// Turns the digit before it into a keycap emoji (5️⃣).
const KEYCAP: char = '\u{20E3}';

/// The score a reply consists of, if it is one.
pub fn parse_score(reply: &str) -> Option<u8> {
    let text: String = reply
        .chars()
        .filter(|c| *c != VARIATION_SELECTOR)
        .collect::<String>()
        .to_lowercase();
    let text = trim_outer(&text);
    if let Some(stars) = star_count(text) {
        return u8::try_from(stars).ok().filter(|s| (1..=5).contains(s));
    }
    let (score, rest) = leading_score(text)?;
    let rest = out_of_five(rest.trim_start());
    let rest = rest.trim_start();
    let rest = rest
        .strip_prefix("stars")
        .or_else(|| rest.strip_prefix("star"))
        .unwrap_or(rest);
    let rest = trim_outer(rest);
    (rest.is_empty() || star_count(rest).is_some()).then_some(score)
}

fn trim_outer(text: &str) -> &str {
    text.trim_matches(|c: char| c.is_whitespace() || c.is_ascii_punctuation() && c != '/')
}

/// How many stars `text` is, when it is only stars (spaces allowed).
fn star_count(text: &str) -> Option<usize> {
    let mut count = 0;
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        if !STARS.contains(&c) {
            return None;
        }
        count += 1;
    }
    (count > 0).then_some(count)
}

/// A single digit 1–5 (maybe a keycap) or its word, and what follows it.
fn leading_score(text: &str) -> Option<(u8, &str)> {
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    if digits == 1 {
        let score = text.as_bytes()[0] - b'0';
        let rest = &text[1..];
        let rest = rest.strip_prefix(KEYCAP).unwrap_or(rest);
        return (1..=5).contains(&score).then_some((score, rest));
    }
    if digits > 1 {
        return None;
    }
    WORDS.iter().find_map(|(word, score)| {
        let rest = text.strip_prefix(word)?;
        let whole_word = !rest.starts_with(|c: char| c.is_alphanumeric());
        whole_word.then_some((*score, rest))
    })
}

/// Drops a trailing "/5", "out of 5" or "of five" when `rest` starts with one.
fn out_of_five(rest: &str) -> &str {
    let scale = rest
        .strip_prefix('/')
        .or_else(|| rest.strip_prefix("out of"))
        .or_else(|| rest.strip_prefix("of"));
    let Some(scale) = scale.map(str::trim_start) else {
        return rest;
    };
    for five in ["5", "five"] {
        if let Some(after) = scale.strip_prefix(five) {
            if !after.starts_with(|c: char| c.is_alphanumeric()) {
                return after;
            }
        }
    }
    rest
}

#[cfg(test)]
mod tests {
    use super::parse_score;

    #[test]
    fn a_score_alone_in_any_usual_form_counts() {
        let cases = [
            ("4", 4),
            ("5!", 5),
            (" 3 ", 3),
            ("1", 1),
            ("five", 5),
            ("Four.", 4),
            ("TWO!!", 2),
            ("⭐⭐⭐⭐", 4),
            ("⭐️⭐️⭐️", 3),
            ("★ ★", 2),
            ("4/5", 4),
            ("5 / 5!", 5),
            ("3 out of 5", 3),
            ("four of five", 4),
            ("4 stars", 4),
            ("1 star", 1),
            ("5 ⭐", 5),
            ("5️⃣", 5),
            ("\"4\"", 4),
        ];
        for (reply, score) in cases {
            assert_eq!(parse_score(reply), Some(score), "{reply:?}");
        }
    }

    #[test]
    fn anything_more_or_out_of_range_is_a_message_for_the_bot() {
        for reply in [
            "4 people need a quote",
            "yes",
            "",
            "!!",
            "0",
            "6",
            "10",
            "45",
            "4.5",
            "3-4",
            "4/10",
            "fourteen",
            "⭐⭐⭐⭐⭐⭐",
            "I'd say 4",
            "5 more questions",
            "one more thing",
        ] {
            assert_eq!(parse_score(reply), None, "{reply:?}");
        }
    }
}
