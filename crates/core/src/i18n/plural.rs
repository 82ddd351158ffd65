//! Nouns after a number, in the form the number asks for: English has
//! one and other ("1 contact", "2 contacts"); Czech (as CLDR has it for
//! digits) one, few for 2–4 and many for the rest: "1 kontakt",
//! "3 kontakty", "5 kontaktů", "22 kontaktů".

use super::{format_number, Lang};

macro_rules! nouns {
    ($($key:ident => [$en1:expr, $en:expr], [$cs1:expr, $cs2:expr, $cs5:expr];)*) => {
        /// A counted noun.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Noun { $($key),* }

        impl Noun {
            pub const ALL: &'static [Noun] = &[$(Noun::$key),*];

            /// English one and other; Czech one, few and many.
            pub fn forms(self) -> ([&'static str; 2], [&'static str; 3]) {
                match self { $(Noun::$key => ([$en1, $en], [$cs1, $cs2, $cs5])),* }
            }
        }
    };
}

nouns! {
    Organization => ["organization", "organizations"], ["organizace", "organizace", "organizací"];
    Contact => ["contact", "contacts"], ["kontakt", "kontakty", "kontaktů"];
    Record => ["record", "records"], ["záznam", "záznamy", "záznamů"];
    Reminder => ["reminder", "reminders"], ["připomínka", "připomínky", "připomínek"];
    Year => ["year", "years"], ["rok", "roky", "let"];
    Day => ["day", "days"], ["den", "dny", "dní"];
    Hour => ["hour", "hours"], ["hodina", "hodiny", "hodin"];
    Minute => ["minute", "minutes"], ["minuta", "minuty", "minut"];
    Activity => ["activity", "activities"], ["aktivita", "aktivity", "aktivit"];
    NewRecord => ["new", "new"], ["nový", "nové", "nových"];
    UpdatedRecord => ["updated", "updated"], ["aktualizovaný", "aktualizované", "aktualizovaných"];
    NewOrganization => ["organization made", "organizations made"], ["nová organizace", "nové organizace", "nových organizací"];
    Selected => ["selected", "selected"], ["vybraný", "vybrané", "vybraných"];
}

/// The form of `noun` that follows `n`.
pub fn noun(lang: Lang, n: i64, noun: Noun) -> &'static str {
    let (en, cs) = noun.forms();
    match lang {
        Lang::En => en[usize::from(n.unsigned_abs() != 1)],
        Lang::Cs => match n.unsigned_abs() {
            1 => cs[0],
            2..=4 => cs[1],
            _ => cs[2],
        },
    }
}

/// `n` and its noun: "1 kontakt", "3 kontakty", "1 250 kontaktů".
pub fn count(lang: Lang, n: i64, what: Noun) -> String {
    format!("{} {}", format_number(lang, n, 0), noun(lang, n, what))
}

/// What an import did: "47 new, 0 updated, 5 organizations made" /
/// "47 nových, 0 aktualizovaných, 5 nových organizací".
pub fn import_counts(lang: Lang, created: usize, updated: usize, organizations: usize) -> String {
    format!(
        "{}, {}, {}",
        count(lang, created as i64, Noun::NewRecord),
        count(lang, updated as i64, Noun::UpdatedRecord),
        count(lang, organizations as i64, Noun::NewOrganization)
    )
}
