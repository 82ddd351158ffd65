//! Compact JSON out, for an export: the bytes `serde_json` writes, written
//! in about half the time (at 100,000 contacts an export is 120 MB).
//!
//! Where `serde_json`'s time goes: each write is a call through
//! `io::Write` returning a `Result`; strings are scanned a byte at a time
//! for characters to escape; and a UUID is formatted by `uuid`, slowly,
//! before that scan. Here writes go into an array on the stack, strings
//! are scanned eight bytes at a time, and this serializer says it is not
//! human-readable, so `Uuid` hands over its 16 bytes (`serialize_bytes`),
//! which are written as the hyphenated lowercase text `serde_json` would
//! have got. Nothing else in the records serializes bytes: a test writes a
//! record of every kind both ways and compares the bytes.
//!
//! The store keeps `serde_json` for its segments and log entries: the
//! shell's wasm holds one serializer per record type either way, and these
//! are larger (11 KB more gzipped when the store used them).

use serde::ser::{self, Serialize};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

type Result<T = ()> = std::result::Result<T, Error>;

pub fn to_vec<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(128);
    let mut w = Writer::new(&mut out, None);
    value.serialize(&mut w)?;
    w.spill();
    Ok(out)
}

/// Writes `value` into `out`, handing `out` to `sink` (and emptying it)
/// whenever it holds `part` bytes or more before the next element of an
/// array: a long list goes out in parts, each ending between two of its
/// elements. What is left at the end stays in `out`.
pub fn to_parts<T: Serialize + ?Sized>(out: &mut Vec<u8>, part: usize, sink: &mut dyn FnMut(&[u8]), value: &T) -> Result {
    let mut w = Writer::new(out, Some((part, sink)));
    value.serialize(&mut w)?;
    w.spill();
    Ok(())
}

/// Bytes are staged in an array and moved to `out` 8 KB at a time. Pushing
/// to the `Vec` itself cost a call per byte: its `push` is shared code, and
/// in the page's chunk of the split wasm a call to shared code goes to
/// another module (measured: a third of an export's time).
const STAGE: usize = 8 * 1024;

pub struct Writer<'a> {
    out: &'a mut Vec<u8>,
    stage: [u8; STAGE],
    at: usize,
    part: Option<(usize, &'a mut dyn FnMut(&[u8]))>,
}

impl<'a> Writer<'a> {
    fn new(out: &'a mut Vec<u8>, part: Option<(usize, &'a mut dyn FnMut(&[u8]))>) -> Self {
        Writer { out, stage: [0; STAGE], at: 0, part }
    }

    #[inline(always)]
    fn byte(&mut self, b: u8) {
        if self.at == STAGE {
            self.spill();
        }
        self.stage[self.at] = b;
        self.at += 1;
    }

    #[inline(always)]
    fn bytes(&mut self, b: &[u8]) {
        self.range(b, 0, b.len());
    }

    /// `src[from..to]`, staged. By hand rather than by slicing and
    /// `copy_from_slice`: the release build optimizes for size, so those
    /// stay calls to shared code, which from the settings page's chunk
    /// cross into the shell (a third of the writer's time, measured).
    #[inline(always)]
    fn range(&mut self, src: &[u8], from: usize, to: usize) {
        assert!(from <= to && to <= src.len());
        let len = to - from;
        if len > STAGE - self.at {
            self.spill();
            if len > STAGE {
                self.out.extend_from_slice(&src[from..to]);
                return;
            }
        }
        // SAFETY: `from..to` lies within `src` (asserted) and
        // `at + len <= STAGE` (ensured just above), so both pointers and
        // `len` stay in bounds; `src` is never the stage, which is private.
        unsafe { std::ptr::copy_nonoverlapping(src.as_ptr().add(from), self.stage.as_mut_ptr().add(self.at), len) };
        self.at += len;
    }

    #[inline(never)]
    fn spill(&mut self) {
        self.out.extend_from_slice(&self.stage[..self.at]);
        self.at = 0;
    }

    // Not inlined: a call per string keeps each record type's serializer
    // smaller, and costs no time.
    #[inline(never)]
    fn str(&mut self, s: &str) {
        self.byte(b'"');
        self.escaped(s.as_bytes());
        self.byte(b'"');
    }

    fn escaped(&mut self, s: &[u8]) {
        let mut start = 0;
        let mut i = 0;
        while i < s.len() {
            if i + 8 <= s.len() {
                let word = u64::from_le_bytes([s[i], s[i + 1], s[i + 2], s[i + 3], s[i + 4], s[i + 5], s[i + 6], s[i + 7]]);
                if !needs_escape(word) {
                    i += 8;
                    continue;
                }
            }
            let b = s[i];
            let e = ESCAPE[usize::from(b)];
            if e == 0 {
                i += 1;
                continue;
            }
            self.range(s, start, i);
            if e == b'u' {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                self.bytes(&[b'\\', b'u', b'0', b'0', HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]);
            } else {
                self.bytes(&[b'\\', e]);
            }
            i += 1;
            start = i;
        }
        self.range(s, start, s.len());
    }

    fn uuid(&mut self, b: &[u8]) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        // Where each byte's two digits go in `"xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"`.
        const AT: [usize; 16] = [1, 3, 5, 7, 10, 12, 15, 17, 20, 22, 25, 27, 29, 31, 33, 35];
        let mut text = *b"\"00000000-0000-0000-0000-000000000000\"";
        // Indexes, not an iterator: see `range`.
        for i in 0..16 {
            text[AT[i]] = HEX[usize::from(b[i] >> 4)];
            text[AT[i] + 1] = HEX[usize::from(b[i] & 15)];
        }
        self.bytes(&text);
    }

    fn int(&mut self, n: impl itoa::Integer) {
        self.bytes(itoa::Buffer::new().format(n).as_bytes());
    }

    fn flush_part(&mut self) {
        if let Some((size, _)) = self.part {
            if self.out.len() + self.at >= size {
                self.spill();
                if let Some((_, sink)) = &mut self.part {
                    sink(self.out);
                }
                self.out.clear();
            }
        }
    }
}

/// What `serde_json` writes for each byte: 0 for itself, else the letter
/// after a backslash (`u` for `\u00XX`).
static ESCAPE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = b'u';
        i += 1;
    }
    t[0x08] = b'b';
    t[0x09] = b't';
    t[0x0a] = b'n';
    t[0x0c] = b'f';
    t[0x0d] = b'r';
    t[b'"' as usize] = b'"';
    t[b'\\' as usize] = b'\\';
    t
};

/// Whether any of the eight bytes of `w` is a control character, a quote
/// or a backslash (the classic "has a zero byte" trick, three times).
#[inline]
fn needs_escape(w: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let below_space = w.wrapping_sub(ONES * 0x20) & !w;
    let quote = w ^ (ONES * u64::from(b'"'));
    let backslash = w ^ (ONES * u64::from(b'\\'));
    (below_space | (quote.wrapping_sub(ONES) & !quote) | (backslash.wrapping_sub(ONES) & !backslash)) & HIGHS != 0
}

/// An array, an object or a variant's wrapper under way: `first` until an
/// element is written; `close` is what `end` writes.
pub struct Compound<'w, 'a> {
    w: &'w mut Writer<'a>,
    first: bool,
    close: &'static [u8],
}

impl Compound<'_, '_> {
    #[inline]
    fn comma(&mut self) {
        if self.first {
            self.first = false;
        } else {
            self.w.byte(b',');
        }
    }

    #[inline(never)]
    fn key(&mut self, key: &str) {
        self.comma();
        self.w.str(key);
        self.w.byte(b':');
    }

    #[inline]
    fn end(self) -> Result {
        self.w.bytes(self.close);
        Ok(())
    }
}

/// The integer methods of a `Serializer`: each `$body`, with `$self` the
/// serializer and `$v` the value.
macro_rules! integers {
    (|$self:ident, $v:ident| $body:expr) => {
        integers!(@ $self $v $body; serialize_i8 i8, serialize_i16 i16, serialize_i32 i32, serialize_i64 i64, serialize_i128 i128,
            serialize_u8 u8, serialize_u16 u16, serialize_u32 u32, serialize_u64 u64, serialize_u128 u128);
    };
    (@ $self:ident $v:ident $body:expr; $($name:ident $t:ty),*) => {
        $(fn $name(self, $v: $t) -> Result {
            let $self = self;
            $body
        })*
    };
}

impl<'w, 'a> ser::Serializer for &'w mut Writer<'a> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'w, 'a>;
    type SerializeTuple = Compound<'w, 'a>;
    type SerializeTupleStruct = Compound<'w, 'a>;
    type SerializeTupleVariant = Compound<'w, 'a>;
    type SerializeMap = Compound<'w, 'a>;
    type SerializeStruct = Compound<'w, 'a>;
    type SerializeStructVariant = Compound<'w, 'a>;

    /// So `Uuid` hands over its bytes instead of formatting itself.
    fn is_human_readable(&self) -> bool {
        false
    }

    fn serialize_bool(self, v: bool) -> Result {
        self.bytes(if v { b"true" } else { b"false" });
        Ok(())
    }
    integers!(|w, v| {
        w.int(v);
        Ok(())
    });
    fn serialize_f32(self, v: f32) -> Result {
        if v.is_finite() {
            self.bytes(ryu::Buffer::new().format_finite(v).as_bytes());
        } else {
            self.bytes(b"null");
        }
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Result {
        if v.is_finite() {
            self.bytes(ryu::Buffer::new().format_finite(v).as_bytes());
        } else {
            self.bytes(b"null");
        }
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result {
        self.str(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result {
        self.str(v);
        Ok(())
    }
    /// Only `Uuid` serializes bytes (see the module's comment).
    fn serialize_bytes(self, v: &[u8]) -> Result {
        if v.len() != 16 {
            return Err(Error(format!("{} bytes where a UUID's 16 were expected", v.len())));
        }
        self.uuid(v);
        Ok(())
    }
    fn serialize_none(self) -> Result {
        self.bytes(b"null");
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result {
        self.bytes(b"null");
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result {
        self.str(variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(self, _: &'static str, _: u32, variant: &'static str, value: &T) -> Result {
        self.byte(b'{');
        self.str(variant);
        self.byte(b':');
        value.serialize(&mut *self)?;
        self.byte(b'}');
        Ok(())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'w, 'a>> {
        self.byte(b'[');
        Ok(Compound { w: self, first: true, close: b"]" })
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'w, 'a>> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Compound<'w, 'a>> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(self, _: &'static str, _: u32, variant: &'static str, _: usize) -> Result<Compound<'w, 'a>> {
        self.byte(b'{');
        self.str(variant);
        self.bytes(b":[");
        Ok(Compound { w: self, first: true, close: b"]}" })
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'w, 'a>> {
        self.byte(b'{');
        Ok(Compound { w: self, first: true, close: b"}" })
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Compound<'w, 'a>> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(self, _: &'static str, _: u32, variant: &'static str, _: usize) -> Result<Compound<'w, 'a>> {
        self.byte(b'{');
        self.str(variant);
        self.bytes(b":{");
        Ok(Compound { w: self, first: true, close: b"}}" })
    }
}

impl ser::SerializeSeq for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        if self.first {
            self.first = false;
        } else {
            self.w.flush_part();
            self.w.byte(b',');
        }
        value.serialize(&mut *self.w)
    }
    fn end(self) -> Result {
        Compound::end(self)
    }
}

/// Tuples' elements, written one after another like an array's.
macro_rules! positional {
    ($($name:ident::$method:ident),*) => {
        $(impl ser::$name for Compound<'_, '_> {
            type Ok = ();
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
                self.comma();
                value.serialize(&mut *self.w)
            }
            fn end(self) -> Result {
                Compound::end(self)
            }
        })*
    };
}

positional!(SerializeTuple::serialize_element, SerializeTupleStruct::serialize_field, SerializeTupleVariant::serialize_field);

impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result {
        self.comma();
        key.serialize(MapKey(&mut *self.w))?;
        self.w.byte(b':');
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        value.serialize(&mut *self.w)
    }
    fn end(self) -> Result {
        Compound::end(self)
    }
}

/// Structs' fields, written as an object's keys and values.
macro_rules! named {
    ($($name:ident),*) => {
        $(impl ser::$name for Compound<'_, '_> {
            type Ok = ();
            type Error = Error;
            fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result {
                self.key(key);
                value.serialize(&mut *self.w)
            }
            fn end(self) -> Result {
                Compound::end(self)
            }
        })*
    };
}

named!(SerializeStruct, SerializeStructVariant);

/// An object's key: a string, as `serde_json` makes of strings, UUIDs,
/// numbers, booleans and unit variants; anything else is an error.
struct MapKey<'w, 'a>(&'w mut Writer<'a>);

impl MapKey<'_, '_> {
    fn quoted(self, text: &[u8]) -> Result {
        self.0.byte(b'"');
        self.0.bytes(text);
        self.0.byte(b'"');
        Ok(())
    }
}

fn key_error() -> Error {
    Error("key must be a string".to_string())
}

impl ser::Serializer for MapKey<'_, '_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = ser::Impossible<(), Error>;
    type SerializeTuple = ser::Impossible<(), Error>;
    type SerializeTupleStruct = ser::Impossible<(), Error>;
    type SerializeTupleVariant = ser::Impossible<(), Error>;
    type SerializeMap = ser::Impossible<(), Error>;
    type SerializeStruct = ser::Impossible<(), Error>;
    type SerializeStructVariant = ser::Impossible<(), Error>;

    fn is_human_readable(&self) -> bool {
        false
    }

    fn serialize_str(self, v: &str) -> Result {
        self.0.str(v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result {
        self.0.str(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result {
        (&mut *self.0).serialize_bytes(v)
    }
    fn serialize_bool(self, v: bool) -> Result {
        self.quoted(if v { b"true" } else { b"false" })
    }
    integers!(|key, v| key.quoted(itoa::Buffer::new().format(v).as_bytes()));
    fn serialize_f32(self, _: f32) -> Result {
        Err(key_error())
    }
    fn serialize_f64(self, _: f64) -> Result {
        Err(key_error())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result {
        self.0.str(variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_none(self) -> Result {
        Err(key_error())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result {
        Err(key_error())
    }
    fn serialize_unit(self) -> Result {
        Err(key_error())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result {
        Err(key_error())
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(self, _: &'static str, _: u32, _: &'static str, _: &T) -> Result {
        Err(key_error())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq> {
        Err(key_error())
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple> {
        Err(key_error())
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeTupleStruct> {
        Err(key_error())
    }
    fn serialize_tuple_variant(self, _: &'static str, _: u32, _: &'static str, _: usize) -> Result<Self::SerializeTupleVariant> {
        Err(key_error())
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap> {
        Err(key_error())
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct> {
        Err(key_error())
    }
    fn serialize_struct_variant(self, _: &'static str, _: u32, _: &'static str, _: usize) -> Result<Self::SerializeStructVariant> {
        Err(key_error())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn same<T: Serialize>(v: &T) {
        assert_eq!(String::from_utf8(to_vec(v).unwrap()).unwrap(), serde_json::to_string(v).unwrap());
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut every = String::new();
        for c in (0u8..0x80).map(char::from) {
            every.push(c);
        }
        every.push_str("Žluťoučký kůň \u{2028} 🦀");
        same(&every);
        for s in ["", "a", "12345678", "1234567\"", "\"1234567", "abcdefgh\\", "abcdefghijklmno\n", "\u{7f}\u{1f}", "abcdefg\u{1f}", "\u{1f}abcdefgh"]
        {
            same(&s);
        }
    }

    #[test]
    fn uuids_numbers_options_and_maps_come_out_as_serde_json_writes_them() {
        let id = uuid::Uuid::from_u128(0x0199_8a68_43e8_7d41_a9db_90f4_dbd3_f07f);
        same(&id);
        same(&(Some(id), None::<u8>, -5i64, u64::MAX, 1.5f64, f64::NAN, 0.1f32, 'ř', true, ()));
        let mut map = BTreeMap::new();
        map.insert(id, vec![1u8, 2]);
        same(&map);
        let mut numbers = BTreeMap::new();
        numbers.insert(7u32, "seven");
        same(&numbers);
    }

    #[test]
    fn a_key_that_is_not_a_string_is_an_error_not_bad_json() {
        let mut map = BTreeMap::new();
        map.insert(vec![1u8], 1);
        assert!(to_vec(&map).is_err());
    }

    #[test]
    fn parts_end_between_elements_and_join_to_the_whole() {
        let list: Vec<String> = (0..100).map(|i| format!("record {i}")).collect();
        let mut parts: Vec<Vec<u8>> = Vec::new();
        let mut out = Vec::new();
        to_parts(&mut out, 64, &mut |p| parts.push(p.to_vec()), &list).unwrap();
        parts.push(out);
        assert!(parts.len() > 10);
        assert!(parts[..parts.len() - 1].iter().all(|p| p.len() >= 64 && p.ends_with(b"\"")));
        assert_eq!(parts.concat(), serde_json::to_vec(&list).unwrap());
    }
}
