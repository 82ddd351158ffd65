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

use uuid::Uuid;

use super::ids::IdMap;

/// Every record's search key in one contiguous string, so a query word is
/// found with one scan of memory instead of a hash lookup and a string
/// search per record. Records get a slot; an updated record gets a new slot
/// and its old one goes dead until the next rebuild.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    hay: String,
    /// Where each slot's key starts in `hay`; each key ends with '\n'.
    starts: Vec<usize>,
    owner: Vec<Option<Uuid>>,
    slot_of: IdMap<u32>,
    dead: usize,
}

/// Which slots a query matched, one bit per slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hits(Vec<u64>);

impl Hits {
    pub fn contains(&self, slot: u32) -> bool {
        self.0.get(slot as usize / 64).is_some_and(|w| w & (1 << (slot % 64)) != 0)
    }
}

impl SearchIndex {
    pub fn set(&mut self, id: Uuid, key: &str) {
        if let Some(old) = self.slot_of.get(&id) {
            self.owner[*old as usize] = None;
            self.dead += 1;
        }
        let slot = self.owner.len() as u32;
        self.starts.push(self.hay.len());
        // Keys never contain '\n' (they are folded single lines), and query
        // words never contain whitespace, so no match spans two keys.
        self.hay.extend(key.chars().map(|c| if c == '\n' { ' ' } else { c }));
        self.hay.push('\n');
        self.owner.push(Some(id));
        self.slot_of.insert(id, slot);
        self.maybe_rebuild();
    }

    pub fn remove(&mut self, id: Uuid) {
        if let Some(slot) = self.slot_of.remove(&id) {
            self.owner[slot as usize] = None;
            self.dead += 1;
            self.maybe_rebuild();
        }
    }

    pub fn clear(&mut self) {
        *self = SearchIndex::default();
    }

    pub fn slot(&self, id: Uuid) -> Option<u32> {
        self.slot_of.get(&id).copied()
    }

    pub fn key(&self, id: Uuid) -> Option<&str> {
        let slot = *self.slot_of.get(&id)? as usize;
        let end = self.starts.get(slot + 1).copied().unwrap_or(self.hay.len()) - 1;
        Some(&self.hay[self.starts[slot]..end])
    }

    fn maybe_rebuild(&mut self) {
        if self.dead < 1_000 || self.dead * 2 < self.owner.len() {
            return;
        }
        let live: Vec<(Uuid, String)> =
            self.owner.iter().flatten().filter_map(|id| Some((*id, self.key(*id)?.to_string()))).collect();
        self.clear();
        for (id, key) in live {
            self.set(id, &key);
        }
    }

    /// The slots whose key contains every word of the query.
    pub fn hits(&self, query: &Query) -> Hits {
        let words = (self.owner.len() + 63) / 64;
        let mut all: Option<Vec<u64>> = None;
        for w in &query.words {
            let mut bits = vec![0u64; words];
            let mut slot = 0usize;
            for (pos, _) in self.hay.match_indices(w.as_str()) {
                // Matches come in order, so the owning slot only moves forward.
                while slot + 1 < self.starts.len() && self.starts[slot + 1] <= pos {
                    slot += 1;
                }
                if self.owner[slot].is_some() {
                    bits[slot / 64] |= 1 << (slot % 64);
                }
            }
            all = Some(match all {
                None => bits,
                Some(mut acc) => {
                    acc.iter_mut().zip(&bits).for_each(|(a, b)| *a &= b);
                    acc
                }
            });
        }
        Hits(all.unwrap_or_else(|| vec![u64::MAX; words]))
    }
}
