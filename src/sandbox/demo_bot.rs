//! The sandbox's demo sales bot: a short, scripted conversation for a solar
//! installer. It greets, asks whether the customer owns their home and what
//! their electric bill is, offers two times for a free consultation, and
//! "books" the one chosen. Pure: the simulated CloseBot keeps one
//! `Conversation` per lead and texts back what `reply` says.

/// Where a lead's conversation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Stage {
    #[default]
    New,
    /// Asked whether they want to save with solar.
    AskedInterest,
    /// Asked whether they own the home and about their bill.
    AskedHome,
    /// Offered two consultation times.
    OfferedTimes,
    Booked,
    /// Not a fit, or not interested; the bot only answers politely now.
    Closed,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Conversation {
    pub stage: Stage,
    pub monthly_bill: Option<u32>,
    pub homeowner: Option<bool>,
    pub booked_slot: Option<&'static str>,
}

/// What the bot texts back, and what it learnt (CloseBot's lead fields).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub text: String,
    /// The text booked a consultation (CloseBot's booking signal).
    pub booked: bool,
    pub tags: Vec<&'static str>,
}

pub const BUSINESS: &str = "Brightside Solar";
const SLOTS: [&str; 2] = ["Tuesday at 10:00 AM", "Wednesday at 2:30 PM"];

pub fn reply(conversation: &mut Conversation, text: &str) -> Reply {
    let words = Words::of(text);
    let said = |text: String| Reply {
        text,
        booked: false,
        tags: Vec::new(),
    };
    match conversation.stage {
        Stage::New => {
            conversation.stage = Stage::AskedInterest;
            said(format!(
                "Hi, this is Sam with {BUSINESS}. Thanks for texting! Are you looking to lower your electric bill with solar, or just checking prices for now?"
            ))
        }
        Stage::AskedInterest if words.declines() => close(conversation),
        Stage::AskedInterest => {
            conversation.stage = Stage::AskedHome;
            let lead_in = if words.any(&["price", "prices", "cost", "costs", "much"]) {
                "Most of our customers pay nothing upfront and save from the first month. "
            } else {
                "Great! "
            };
            said(format!(
                "{lead_in}Two quick questions so I can give you real numbers: do you own your home, and about how much is your monthly electric bill?"
            ))
        }
        Stage::AskedHome => ask_for_a_time(conversation, &words),
        Stage::OfferedTimes => match words.slot() {
            Some(slot) => book(conversation, slot),
            None if words.declines() => close(conversation),
            None => said(format!(
                "No problem. Which works better for a free 15-minute call: {} or {}? Or tell me a day and time that suits you.",
                SLOTS[0], SLOTS[1]
            )),
        },
        Stage::Booked if words.any(&["reschedule", "change", "cancel", "move"]) => {
            conversation.stage = Stage::OfferedTimes;
            said(format!(
                "Of course. Would {} or {} work instead?",
                SLOTS[0], SLOTS[1]
            ))
        }
        Stage::Booked => said(format!(
            "You're all set for {}. If anything changes, just text us here.",
            conversation.booked_slot.unwrap_or(SLOTS[0])
        )),
        Stage::Closed => said("Thanks for getting back to us! If you'd like a free solar estimate anytime, just text us here.".into()),
    }
}

fn ask_for_a_time(conversation: &mut Conversation, words: &Words) -> Reply {
    if let Some(bill) = words.amount() {
        conversation.monthly_bill = Some(bill);
    }
    if words.any(&["rent", "renting", "renter", "tenant", "landlord"]) {
        conversation.homeowner = Some(false);
        conversation.stage = Stage::Closed;
        return Reply {
            text: "Thanks for letting me know! Solar needs the owner's go-ahead, so if your landlord is ever interested we'd love to talk. Have a great day!".into(),
            booked: false,
            tags: vec!["renter"],
        };
    }
    if words.any(&["own", "owner", "homeowner", "yes", "yeah", "yep", "we"]) {
        conversation.homeowner = Some(true);
    }
    conversation.stage = Stage::OfferedTimes;
    let bill = match conversation.monthly_bill {
        Some(bill) => format!("With a bill around ${bill}, "),
        None => "With a typical bill, ".into(),
    };
    Reply {
        text: format!(
            "Thanks! {bill}you could save quite a bit. The next step is a free 15-minute call with a solar advisor. Would {} or {} work better?",
            SLOTS[0], SLOTS[1]
        ),
        booked: false,
        tags: vec!["qualified"],
    }
}

fn book(conversation: &mut Conversation, slot: &'static str) -> Reply {
    conversation.stage = Stage::Booked;
    conversation.booked_slot = Some(slot);
    Reply {
        text: format!(
            "You're booked for {slot} with a {BUSINESS} advisor. We'll text you a reminder the day before. Anything else I can help with?"
        ),
        booked: true,
        tags: vec!["appointment booked"],
    }
}

fn close(conversation: &mut Conversation) -> Reply {
    conversation.stage = Stage::Closed;
    Reply {
        text: "No problem at all. If you ever want a free estimate, just text us here. Have a great day!".into(),
        booked: false,
        tags: Vec::new(),
    }
}

/// A customer's text as lowercase words (digits and `:` kept: "2:30").
struct Words(Vec<String>);

impl Words {
    fn of(text: &str) -> Self {
        Self(
            text.to_lowercase()
                .split(|c: char| !(c.is_alphanumeric() || c == ':' || c == '$'))
                .filter(|w| !w.is_empty())
                .map(str::to_owned)
                .collect(),
        )
    }

    fn any(&self, wanted: &[&str]) -> bool {
        self.0.iter().any(|w| wanted.contains(&w.as_str()))
    }

    /// "no", "nope", "not interested" (but "not sure" is no answer yet).
    fn declines(&self) -> bool {
        let not_interested = self
            .0
            .windows(2)
            .any(|w| w[0] == "not" && w[1] == "interested");
        (not_interested || self.any(&["no", "nope", "nah"]))
            && !self.any(&["yes", "sure", "ok", "okay"])
    }

    /// "ok", "sure", "either works" — but not "not sure".
    fn agrees(&self) -> bool {
        self.any(&["yes", "sure", "ok", "okay", "either", "any", "works"])
            && !self.any(&["not", "no"])
    }

    /// A dollar amount ("$180", "180 a month", "about 200").
    fn amount(&self) -> Option<u32> {
        self.0
            .iter()
            .filter_map(|w| w.trim_start_matches('$').parse::<u32>().ok())
            .find(|n| (10..=5_000).contains(n))
    }

    /// The offered time the customer picked, if they picked one.
    fn slot(&self) -> Option<&'static str> {
        let first = self.any(&[
            "tue", "tues", "tuesday", "10", "10am", "10:00", "first", "morning",
        ]);
        let second = self.any(&[
            "wed",
            "weds",
            "wednesday",
            "2:30",
            "230",
            "2",
            "2pm",
            "second",
            "afternoon",
            "later",
        ]);
        match (first, second) {
            (true, false) => Some(SLOTS[0]),
            (false, true) => Some(SLOTS[1]),
            (true, true) => None,
            (false, false) if self.agrees() => Some(SLOTS[0]),
            (false, false) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn talk(lines: &[&str]) -> (Conversation, Vec<Reply>) {
        let mut conversation = Conversation::default();
        let replies = lines.iter().map(|l| reply(&mut conversation, l)).collect();
        (conversation, replies)
    }

    #[test]
    fn the_happy_path_greets_qualifies_offers_a_time_and_books_it() {
        let (conversation, replies) = talk(&[
            "Hi, I saw your ad",
            "Yes, I want to lower my bill",
            "I own my house, the bill is about $180 a month",
            "Wednesday works",
        ]);
        assert!(replies[0]
            .text
            .starts_with("Hi, this is Sam with Brightside Solar"));
        assert!(replies[1].text.contains("do you own your home"));
        assert!(
            replies[2].text.contains("around $180"),
            "{}",
            replies[2].text
        );
        assert!(replies[2]
            .text
            .contains("Tuesday at 10:00 AM or Wednesday at 2:30 PM"));
        assert!(replies[3]
            .text
            .starts_with("You're booked for Wednesday at 2:30 PM"));
        assert_eq!(replies.iter().filter(|r| r.booked).count(), 1);
        assert!(replies[3].booked);
        assert_eq!(replies[3].tags, vec!["appointment booked"]);
        assert_eq!(conversation.stage, Stage::Booked);
        assert_eq!(conversation.homeowner, Some(true));
        assert_eq!(conversation.monthly_bill, Some(180));
    }

    #[test]
    fn an_unclear_answer_to_the_times_is_asked_again_and_a_plain_yes_takes_the_first() {
        let (conversation, replies) = talk(&[
            "hello",
            "sure",
            "yes I own it",
            "hmm not sure",
            "ok that works",
        ]);
        assert!(replies[3]
            .text
            .starts_with("No problem. Which works better"));
        assert!(!replies[3].booked);
        assert!(replies[4].booked);
        assert_eq!(conversation.booked_slot, Some("Tuesday at 10:00 AM"));
    }

    #[test]
    fn naming_both_times_is_not_a_choice() {
        let (_, replies) = talk(&["hi", "yes", "own, $90", "tuesday or wednesday?"]);
        assert!(!replies[3].booked);
    }

    #[test]
    fn a_price_question_is_answered_before_qualifying() {
        let (_, replies) = talk(&["hi", "how much does it cost?"]);
        assert!(replies[1]
            .text
            .starts_with("Most of our customers pay nothing upfront"));
    }

    #[test]
    fn a_renter_is_thanked_and_the_conversation_closes() {
        let (conversation, replies) = talk(&["hi", "yes", "I rent an apartment", "ok"]);
        assert_eq!(conversation.stage, Stage::Closed);
        assert_eq!(conversation.homeowner, Some(false));
        assert!(replies[2].text.contains("landlord"));
        assert!(replies[3].text.starts_with("Thanks for getting back to us"));
        assert!(replies.iter().all(|r| !r.booked));
    }

    #[test]
    fn not_interested_closes_politely() {
        let (conversation, replies) = talk(&["hi", "no thanks, not interested"]);
        assert_eq!(conversation.stage, Stage::Closed);
        assert!(replies[1].text.starts_with("No problem at all"));
    }

    #[test]
    fn a_booked_customer_can_reschedule() {
        let (conversation, replies) = talk(&[
            "hi",
            "yes",
            "own",
            "tuesday",
            "can I reschedule?",
            "the afternoon one",
        ]);
        assert!(replies[4].text.starts_with("Of course"));
        assert!(replies[5].booked);
        assert_eq!(conversation.booked_slot, Some("Wednesday at 2:30 PM"));
    }

    #[test]
    fn every_reply_is_a_single_gsm_sms_or_two() {
        let (_, replies) = talk(&["hi", "how much?", "own, 250", "maybe", "2:30", "thanks"]);
        for r in replies {
            let count = crate::domain::segments::count(&r.text);
            assert!(count.segments <= 2, "{} → {count:?}", r.text);
        }
    }
}
