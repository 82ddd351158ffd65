//! Search keys: lowercase, Czech diacritics folded, phone digits added, so
//! "dvorak 777123" finds "Ing. Jan Dvořák, +420 777 123 456".

/// Lowercase and strip diacritics of Czech and Slovak letters (and the
/// common Western ones), character by character.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(&mut out, s);
    out
}

/// [`fold`], appended to `out`. Runs of ASCII are copied and lowercased in bulk:
/// most of a Czech name is ASCII, and this runs for every record at load.
pub fn fold_into(out: &mut String, s: &str) {
    let mut rest = s;
    while !rest.is_empty() {
        let ascii = rest.bytes().position(|b| !b.is_ascii()).unwrap_or(rest.len());
        if ascii > 0 {
            let from = out.len();
            out.push_str(&rest[..ascii]);
            out[from..].make_ascii_lowercase();
            rest = &rest[ascii..];
        }
        let Some(c) = rest.chars().next() else { break };
        rest = &rest[c.len_utf8()..];
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
}

/// The ASCII digits of `s`, appended to `out`.
/// A prepared query: folded words that must all occur in a key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    words: Vec<String>,
}

impl Query {
    /// A word that looks like part of a phone number ("+420", "777-123")
    /// is searched as its digits, the way phone numbers are indexed.
    pub fn new(text: &str) -> Self {
        let words = fold(text)
            .split_whitespace()
            .map(|w| {
                let phone_like = w.bytes().any(|b| b.is_ascii_digit()) && w.bytes().all(|b| b.is_ascii_digit() || b"+-()/.".contains(&b));
                if phone_like {
                    w.chars().filter(char::is_ascii_digit).collect()
                } else {
                    w.to_string()
                }
            })
            .collect();
        Query { words }
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
use super::Kind;

/// Every record's search key in one contiguous string, so a query word is
/// found with one scan of memory instead of a hash lookup and a string
/// search per record. Records get a slot; an updated record gets a new slot
/// and its old one goes dead until the next rebuild.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    hay: String,
    /// Where each slot's key starts in `hay`; each key ends with '\n'.
    starts: Vec<usize>,
    /// Each slot's record, so a search's matches are named without a
    /// lookup per match (`None`: a dead slot).
    owner: Vec<Option<(Kind, Uuid)>>,
    slot_of: IdMap<u32>,
    dead: usize,
}

/// Which slots a query matched, one bit per slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hits(Vec<u64>);

impl Hits {
    /// How many slots matched.
    pub fn count(&self) -> usize {
        self.0.iter().map(|w| w.count_ones() as usize).sum()
    }

    pub fn contains(&self, slot: u32) -> bool {
        self.0.get(slot as usize / 64).is_some_and(|w| w & (1 << (slot % 64)) != 0)
    }
}

impl SearchIndex {
    pub fn set(&mut self, kind: Kind, id: Uuid, key: &str) {
        self.set_with(kind, id, |hay| hay.push_str(key));
    }

    /// Gives `id` a new slot whose key `write` appends to the index, so
    /// building a key allocates nothing.
    pub fn set_with(&mut self, kind: Kind, id: Uuid, write: impl FnOnce(&mut String)) {
        if let Some(old) = self.slot_of.get(&id) {
            self.owner[*old as usize] = None;
            self.dead += 1;
        }
        let slot = self.owner.len() as u32;
        let start = self.hay.len();
        self.starts.push(start);
        write(&mut self.hay);
        // Query words never contain whitespace, so with one key per line no
        // match spans two keys.
        if self.hay[start..].contains('\n') {
            let fixed = self.hay[start..].replace('\n', " ");
            self.hay.truncate(start);
            self.hay.push_str(&fixed);
        }
        self.hay.push('\n');
        self.owner.push(Some((kind, id)));
        self.slot_of.insert(id, slot);
        self.maybe_rebuild();
    }

    /// Room for `records` more keys of about `bytes` in all.
    pub fn reserve(&mut self, records: usize, bytes: usize) {
        self.hay.reserve(bytes);
        self.starts.reserve(records);
        self.owner.reserve(records);
        self.slot_of.reserve(records);
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

    /// The records whose slots `hits` holds, in slot order.
    pub fn records<'a>(&'a self, hits: &'a Hits) -> impl Iterator<Item = (Kind, Uuid)> + 'a {
        hits.0.iter().enumerate().flat_map(move |(i, &word)| {
            let mut rest = word;
            std::iter::from_fn(move || {
                while rest != 0 {
                    let b = rest.trailing_zeros() as usize;
                    rest &= rest - 1;
                    if let Some(Some(record)) = self.owner.get(i * 64 + b) {
                        return Some(*record);
                    }
                }
                None
            })
        })
    }

    /// Slots in use, live or dead.
    pub fn len(&self) -> usize {
        self.owner.len()
    }

    pub fn is_empty(&self) -> bool {
        self.owner.is_empty()
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
        let live: Vec<(Kind, Uuid, String)> =
            self.owner.iter().flatten().filter_map(|&(kind, id)| Some((kind, id, self.key(id)?.to_string()))).collect();
        self.clear();
        for (kind, id, key) in live {
            self.set(kind, id, &key);
        }
    }

    /// The slots whose key contains every word of the query. The longest
    /// word (usually the rarest) scans the whole index; the others then
    /// only check the keys it found, unless it found many.
    pub fn hits(&self, query: &Query) -> Hits {
        let n = self.owner.len();
        let mut words: Vec<&str> = query.words.iter().map(String::as_str).collect();
        words.sort_by_key(|w| std::cmp::Reverse(w.len()));
        let Some((first, rest)) = words.split_first() else {
            let mut all = vec![u64::MAX; n.div_ceil(64)];
            for (slot, owner) in self.owner.iter().enumerate() {
                if owner.is_none() {
                    all[slot / 64] &= !(1 << (slot % 64));
                }
            }
            return Hits(all);
        };
        let (mut bits, mut count) = self.scan(first);
        for w in rest {
            if count * 16 < n {
                let finder = memchr::memmem::Finder::new(w.as_bytes());
                for (i, word) in bits.iter_mut().enumerate() {
                    let mut rest = *word;
                    while rest != 0 {
                        let b = rest.trailing_zeros() as usize;
                        rest &= rest - 1;
                        if finder.find(self.key_bytes(i * 64 + b)).is_none() {
                            *word &= !(1 << b);
                            count -= 1;
                        }
                    }
                }
            } else {
                let (other, _) = self.scan(w);
                count = 0;
                for (a, b) in bits.iter_mut().zip(&other) {
                    *a &= b;
                    count += a.count_ones() as usize;
                }
            }
        }
        Hits(bits)
    }

    fn key_bytes(&self, slot: usize) -> &[u8] {
        let end = self.starts.get(slot + 1).copied().unwrap_or(self.hay.len());
        &self.hay.as_bytes()[self.starts[slot]..end]
    }

    /// One pass over the index for `word`: the live slots whose key has it,
    /// and how many. After a hit the scan jumps to the next key.
    fn scan(&self, word: &str) -> (Vec<u64>, usize) {
        let mut bits = vec![0u64; self.owner.len().div_ceil(64)];
        let mut count = 0;
        let hay = self.hay.as_bytes();
        let finder = memchr::memmem::Finder::new(word.as_bytes());
        let mut at = 0;
        let mut slot = 0;
        while let Some(found) = finder.find(&hay[at..]) {
            let pos = at + found;
            // Matches come in order, so the owning slot only moves forward.
            while slot + 1 < self.starts.len() && self.starts[slot + 1] <= pos {
                slot += 1;
            }
            if self.owner[slot].is_some() {
                bits[slot / 64] |= 1 << (slot % 64);
                count += 1;
            }
            at = self.starts.get(slot + 1).copied().unwrap_or(hay.len());
        }
        (bits, count)
    }
}
