#![cfg(not(target_arch = "wasm32"))]
//! Field rules: a good and a bad case for each.

use vizitka_core::model::validate::{is_dic, is_email, is_ico, is_phone, parse_tags, web_url_host};
use vizitka_core::model::{Contact, Email, EmailLabel, Organization, Phone, PhoneLabel, Problem};

mod common;
use common::at;

fn problems_of_org(o: &Organization) -> Vec<(String, Problem)> {
    o.validate().into_iter().map(|e| (e.field, e.problem)).collect()
}

fn org() -> Organization {
    let mut o = Organization::new(uuid::Uuid::nil(), at(1));
    o.name = "Pekárna U Mlýna s.r.o.".into();
    o
}

#[test]
fn ico_checksum() {
    // Real registry numbers.
    assert!(is_ico("25596641"));
    assert!(is_ico("00006947"));
    assert!(is_ico("27082440"));
    assert!(!is_ico("25596642"), "wrong check digit");
    assert!(!is_ico("2559664"), "seven digits");
    assert!(!is_ico("255966411"), "nine digits");
    assert!(!is_ico("2559664a"));
    assert!(!is_ico("2559 664"));
}

#[test]
fn dic_shape() {
    assert!(is_dic("CZ25596641"));
    assert!(is_dic("CZ7103192745"));
    assert!(is_dic("SK2020317068"));
    assert!(!is_dic("25596641"), "no country prefix");
    assert!(!is_dic("cz25596641"), "lowercase prefix");
    assert!(!is_dic("CZ1234"), "too short");
    assert!(!is_dic("CZ12345678AB"), "letters in a Czech one");
}

#[test]
fn emails() {
    for good in ["jana@firma.cz", "jana.novakova+crm@sub.firma.cz", "j@xn--dvok-0na.cz", "jan@dvořák.cz"] {
        assert!(is_email(good), "{good}");
    }
    for bad in [
        "",
        "jana",
        "jana@",
        "@firma.cz",
        "jana@firma",
        "jana novak@firma.cz",
        "jana@@firma.cz",
        "jana@firma..cz",
        ".jana@firma.cz",
        "jana@firma.c",
        "a@b.123",
        "jana\t@firma.cz",
        "jana\u{7f}@firma.cz",
        "jana,n@firma.cz",
        "jaňa n@firma.cz",
        "jana@fir ma.cz",
    ] {
        assert!(!is_email(bad), "{bad}");
    }
}

#[test]
fn phones() {
    for good in ["+420 777 123 456", "777123456", "(02) 1234-5678", "+44 20 7946 0958", "603/123/456"] {
        assert!(is_phone(good), "{good}");
    }
    for bad in ["12", "call me", "+420 777 + 123", "777-ABC-123", "1234567890123456789012", "777 123 456 ✆", "+420 777 123 456\n"] {
        assert!(!is_phone(bad), "{bad}");
    }
}

#[test]
fn only_http_urls_are_links() {
    assert_eq!(web_url_host("https://www.firma.cz/kontakt"), Some("www.firma.cz"));
    assert_eq!(web_url_host("http://firma.cz"), Some("firma.cz"));
    assert_eq!(web_url_host("HTTPS://FIRMA.CZ"), Some("FIRMA.CZ"));
    assert_eq!(web_url_host("https://dvořák.cz/o-nás"), Some("dvořák.cz"));
    for bad in [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,<script>x</script>",
        "ftp://firma.cz",
        "//firma.cz",
        "firma.cz",
        "https://",
        "https://firma",
        "https://fir ma.cz",
        "vbscript:msgbox",
        "https://firma.cz/a b",
        "https://firma.cz/\t",
        "https://firma.cz/\u{7f}",
        "https://firma.cz/\"x",
        "https://firma.cz/<b>",
        "https://dvořák.cz/\u{a0}",
        "https://dvořák.cz/\u{85}",
    ] {
        assert_eq!(web_url_host(bad), None, "{bad}");
    }
}

#[test]
fn organization_rules() {
    assert!(problems_of_org(&org()).is_empty());

    let mut o = org();
    o.name = "   ".into();
    assert_eq!(problems_of_org(&o), vec![("name".into(), Problem::Required)]);

    let mut o = org();
    o.website = "javascript:alert(document.cookie)".into();
    o.ico = "12345678".into();
    o.email = "not-an-email".into();
    o.phone = "call me".into();
    let fields: Vec<String> = problems_of_org(&o).into_iter().map(|(f, _)| f).collect();
    assert_eq!(fields, ["ico", "website", "email", "phone"]);

    let mut o = org();
    o.name = "x".repeat(10 * 1024 * 1024);
    assert_eq!(problems_of_org(&o), vec![("name".into(), Problem::TooLong { max: 200 })]);

    let mut o = org();
    o.billing_address.city = "Brno".repeat(100);
    assert_eq!(problems_of_org(&o), vec![("billing_address.city".into(), Problem::TooLong { max: 200 })]);
}

#[test]
fn length_counts_characters_not_bytes() {
    let mut o = org();
    o.name = "ř".repeat(200); // 400 bytes, 200 characters
    assert!(problems_of_org(&o).is_empty());
}

#[test]
fn contact_rules() {
    let mut c = Contact::new(uuid::Uuid::nil(), at(1));
    c.last_name = "Nováková".into();
    assert!(c.validate().is_empty());

    c.emails = vec![
        Email { address: "jana@firma.cz".into(), label: EmailLabel::Work },
        Email { address: "jana(at)firma.cz".into(), label: EmailLabel::Personal },
    ];
    c.phones = vec![Phone { number: "777 123 456".into(), label: PhoneLabel::Mobile }, Phone { number: "".into(), label: PhoneLabel::Work }];
    c.linkedin = "https://www.facebook.com/jana".into();
    let got: Vec<(String, Problem)> = c.validate().into_iter().map(|e| (e.field, e.problem)).collect();
    assert_eq!(
        got,
        vec![("emails[1]".into(), Problem::NotEmail), ("phones[1]".into(), Problem::Required), ("linkedin".into(), Problem::NotLinkedIn),]
    );

    c.emails.truncate(1);
    c.phones.truncate(1);
    c.linkedin = "https://cz.linkedin.com/in/jana-novakova".into();
    c.last_name = String::new();
    let got: Vec<String> = c.validate().into_iter().map(|e| e.field).collect();
    assert_eq!(got, ["last_name"]);

    c.last_name = "Nováková".into();
    c.linkedin = "javascript:alert(1)".into();
    assert_eq!(c.validate()[0].problem, Problem::NotWebUrl);
}

#[test]
fn tags_are_parsed_and_checked() {
    assert_eq!(parse_tags(" vip, partner , ,vip,"), ["vip", "partner"]);
    let mut o = org();
    o.tags = vec!["ok".into(), "a,b".into(), "x".repeat(51)];
    let fields: Vec<String> = o.validate().into_iter().map(|e| e.field).collect();
    assert_eq!(fields, ["tags[1]", "tags[2]"]);
}

#[test]
fn utf8_is_checked_like_the_standard_library_and_names_the_first_bad_byte() {
    let long_czech = "Příliš žluťoučký kůň úpěl ďábelské ódy. ".repeat(50);
    let mut cases: Vec<Vec<u8>> = vec![b"".to_vec(), b"plain ascii".to_vec(), long_czech.clone().into_bytes(), "😀 a 中文".into()];
    for bad in [&b"\xC3"[..], b"\xC3\x28", b"\xE2\x82", b"\xED\xA0\x80", b"\xC0\xAF", b"\xF5\x80\x80\x80", b"\xFF", b"\x80"] {
        for at in [0, 7, 600, long_czech.len()] {
            let mut v = long_czech.as_bytes()[..at].to_vec();
            v.extend_from_slice(bad);
            v.extend_from_slice(b"tail");
            cases.push(v);
        }
    }
    for bytes in &cases {
        let std = std::str::from_utf8(bytes).map_err(|e| e.valid_up_to());
        assert_eq!(vizitka_core::model::validate::utf8(bytes), std, "{bytes:?}");
    }
}

/// Found by `scripts/fuzz`: a DIČ with a letter beyond ASCII second split
/// that letter and panicked (in the browser, the app would have died).
#[test]
fn a_dic_with_any_letters_is_judged_without_a_panic() {
    for s in ["CČ12345678", "Č", "ČZ12345678", "C\u{feff}Z25000071", "ž", "", "CZ"] {
        assert!(!is_dic(s), "{s}");
    }
}
