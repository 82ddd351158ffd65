//! Search keys: lowercase, Czech diacritics folded, phone digits added, so
//! "dvorak 777123" finds "Ing. Jan Dvořák, +420 777 123 456".

/// Lowercase and strip diacritics of Czech and Slovak letters (and the
/// common Western ones), character by character.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        let base = match c {
            'á' | 'Á' | 'ä' | 'Ä' | 'à' | 'À' | 'â' | 'Â' | 'ã' | 'å' => 'a',
            'č' | 'Č' | 'ç' | 'Ç' | 'ć' | 'Ć' => 'c',
            'ď' | 'Ď' => 'd',
            'é' | 'É' | 'ě' | 'Ě' | 'ë' | 'Ë' | 'è' | 'È' | 'ê' | 'Ê' => 'e',
            'í' | 'Í' | 'ï' | 'ì' | 'î' => 'i',
            'ľ' | 'Ľ' | 'ĺ' | 'Ĺ' | 'ł' | 'Ł' => 'l',
            'ň' | 'Ň' | 'ñ' | 'Ñ' | 'ń' => 'n',
            'ó' | 'Ó' | 'ö' | 'Ö' | 'ô' | 'Ô' | 'ò' | 'õ' | 'ő' => 'o',
            'ř' | 'Ř' | 'ŕ' | 'Ŕ' => 'r',
            'š' | 'Š' | 'ś' | 'Ś' => 's',
            'ť' | 'Ť' => 't',
            'ú' | 'Ú' | 'ů' | 'Ů' | 'ü' | 'Ü' | 'ù' | 'û' | 'ű' => 'u',
            'ý' | 'Ý' | 'ÿ' => 'y',
            'ž' | 'Ž' | 'ź' | 'ż' => 'z',
            'ß' => {
                out.push_str("ss");
                continue;
            }
            other => {
                out.extend(other.to_lowercase());
                continue;
            }
        };
        out.push(base);
    }
    out
}

pub fn digits(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_digit()).collect()
}

/// A prepared query: folded words that must all occur in a key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    words: Vec<String>,
}

impl Query {
    pub fn new(text: &str) -> Self {
        Query { words: fold(text).split_whitespace().map(str::to_string).collect() }
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Whether every record this query matches is also matched by
    /// `earlier` (typing "dvo" → "dvor"), so its result can be narrowed
    /// instead of searching everything again.
    pub fn narrows(&self, earlier: &Query) -> bool {
        earlier.words.iter().all(|w| self.words.iter().any(|n| n.contains(w.as_str())))
    }

    pub fn matches(&self, key: &str) -> bool {
        self.words.iter().all(|w| key.contains(w.as_str()))
    }
}
