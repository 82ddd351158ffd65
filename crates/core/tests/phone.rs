//! Phone numbers as address books and phone apps write them: accepted as
//! typed, one person's number matched however it is written.

use vizitka_core::model::phone::{self, key, parse, same, tel_uri};

/// (as written, the digits dialled, international, extension, tel: URI).
const WRITTEN: &[(&str, &str, bool, Option<&str>, &str)] = &[
    // Czech Republic: the demo data, Google's and Outlook's exports.
    ("+420 602 123 456", "420602123456", true, None, "tel:+420602123456"),
    ("(+420) 222-333-444", "420222333444", true, None, "tel:+420222333444"),
    ("( +420 ) 222 333 444", "420222333444", true, None, "tel:+420222333444"),
    ("+420 (0)602 123 456", "420602123456", true, None, "tel:+420602123456"),
    ("00420 602 123 456", "420602123456", true, None, "tel:+420602123456"),
    ("602 123 456", "602123456", false, None, "tel:602123456"),
    ("602123456", "602123456", false, None, "tel:602123456"),
    ("602 123 456 ext. 12", "602123456", false, Some("12"), "tel:602123456;ext=12"),
    ("222 333 444 kl. 25", "222333444", false, Some("25"), "tel:222333444;ext=25"),
    ("222 333 444, kl. 25", "222333444", false, Some("25"), "tel:222333444;ext=25"),
    ("+420 222 333 444 #301", "420222333444", true, Some("301"), "tel:+420222333444;ext=301"),
    ("+420\u{a0}602\u{a0}123\u{a0}456", "420602123456", true, None, "tel:+420602123456"),
    ("+420 602/123/456", "420602123456", true, None, "tel:+420602123456"),
    ("602.123.456", "602123456", false, None, "tel:602123456"),
    // Slovakia, Germany, Austria, Poland.
    ("+421 905 123 456", "421905123456", true, None, "tel:+421905123456"),
    ("+49 (0)30 1234567", "49301234567", true, None, "tel:+49301234567"),
    ("030 1234567", "0301234567", false, None, "tel:0301234567"),
    ("+43 1 5350000", "4315350000", true, None, "tel:+4315350000"),
    ("+48 22 123 45 67", "48221234567", true, None, "tel:+48221234567"),
    // The United Kingdom and the United States (Outlook's own samples).
    ("+44 20 7946 0958", "442079460958", true, None, "tel:+442079460958"),
    ("+44 (0)20 7946 0958", "442079460958", true, None, "tel:+442079460958"),
    ("020 7946 0958", "02079460958", false, None, "tel:02079460958"),
    ("+1 (555) 010-2345 x7", "15550102345", true, Some("7"), "tel:+15550102345;ext=7"),
    ("(555) 010-2345", "5550102345", false, None, "tel:5550102345"),
    ("555-010-2345x123", "5550102345", false, Some("123"), "tel:5550102345;ext=123"),
    ("+1-555-010-2345 ext 99", "15550102345", true, Some("99"), "tel:+15550102345;ext=99"),
    ("+1 555 010 2345 Ext. 4", "15550102345", true, Some("4"), "tel:+15550102345;ext=4"),
    // What a vCard 4.0 TEL URI holds once "tel:" is taken off.
    ("+1-555-010-2345;ext=5555", "15550102345", true, Some("5555"), "tel:+15550102345;ext=5555"),
];

#[test]
fn real_world_numbers_are_accepted_as_written_and_understood() {
    for (written, digits, international, extension, uri) in WRITTEN {
        if digits.is_empty() {
            assert!(parse(written).is_none(), "{written:?} should be refused");
            continue;
        }
        let n = parse(written).unwrap_or_else(|| panic!("{written:?} was refused"));
        assert_eq!(n.digits, *digits, "{written:?}");
        assert_eq!(n.international, *international, "{written:?}");
        assert_eq!(n.extension.as_deref(), *extension, "{written:?}");
        assert_eq!(tel_uri(written).as_deref(), Some(*uri), "{written:?}");
        assert!(phone::is_phone(written));
    }
}

#[test]
fn one_number_however_written_is_one_phone() {
    let same_number = [
        "+420 602 123 456",
        "(+420) 602-123-456",
        "+420 (0)602 123 456",
        "00420 602 123 456",
        "602 123 456",
        "602 123 456 ext. 12",
        "+420 602 123 456 x7",
        "602123456 kl. 3",
        "+420\u{a0}602\u{a0}123\u{a0}456",
    ];
    for a in same_number {
        assert_eq!(key(a).as_deref(), Some("602123456"), "{a:?}");
        for b in same_number {
            assert!(same(a, b), "{a:?} = {b:?}");
        }
    }
    let london = ["+44 20 7946 0958", "+44 (0)20 7946 0958", "020 7946 0958", "0044 20 7946 0958"];
    for a in london {
        for b in london {
            assert!(same(a, b), "{a:?} = {b:?}");
        }
    }
    assert!(!same("+420 602 123 456", "+420 602 123 457"));
    assert!(!same("+1 (555) 010-2345", "+44 20 7946 0958"));
    assert_eq!(key("112"), None, "too short to tell people apart");
}

#[test]
fn what_is_not_a_number_is_refused() {
    for bad in [
        "",
        "   ",
        "javascript:alert(1)",
        "call me",
        "602 123 456 ext.",
        "x12",
        "+420 +602 123 456",
        "420+602123456",
        "12",
        "1234567890123456789012",
        "602 123 456 ext. 123456789",
        "+420 602 123 456; DROP TABLE",
        "602 123 456 fax7",
        &"9".repeat(phone::MAX_LEN + 1),
    ] {
        assert!(parse(bad).is_none(), "{bad:?} should be refused");
        assert_eq!(tel_uri(bad), None);
    }
}

/// Every number the earlier rule accepted stays valid: a stored record
/// or an older bundle is never refused after an upgrade.
#[test]
fn every_number_the_old_rule_took_is_still_taken() {
    fn old_rule(s: &str) -> bool {
        let digits = s.bytes().filter(u8::is_ascii_digit).count();
        let plus_ok = !s.contains('+') || (s.trim_start().starts_with('+') && s.bytes().filter(|&b| b == b'+').count() == 1);
        (3..=20).contains(&digits)
            && s.len() <= 40
            && plus_ok
            && s.bytes().all(|b| b.is_ascii_digit() || matches!(b, b' ' | b'+' | b'(' | b')' | b'-' | b'/' | b'.'))
    }
    // Every string of up to five characters over the old alphabet, with digits around them.
    let alphabet = [b'1', b'0', b' ', b'+', b'(', b')', b'-', b'/', b'.'];
    let mut tried = 0;
    for len in 0..=5u32 {
        for mut n in 0..alphabet.len().pow(len) {
            let mut middle = Vec::new();
            for _ in 0..len {
                middle.push(alphabet[n % alphabet.len()]);
                n /= alphabet.len();
            }
            let Ok(middle) = String::from_utf8(middle) else { continue };
            for s in [format!("602{middle}123"), format!("{middle}602123456"), format!("602123{middle}")] {
                // The validators trim first; the old rule was only ever asked about trimmed values.
                let s = s.trim().to_string();
                if old_rule(&s) {
                    tried += 1;
                    assert!(phone::is_phone(&s), "{s:?} was valid and must stay so");
                }
            }
        }
    }
    assert!(tried > 10_000, "{tried}");
    // Short ones too: the digits are counted as written, a national (0) with them.
    for s in ["+1(0)2", "+1 (0) 2", "00 1", "112"] {
        assert!(old_rule(s) && phone::is_phone(s), "{s:?}");
    }
}
