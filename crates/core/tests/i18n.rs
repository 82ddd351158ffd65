#![cfg(not(target_arch = "wasm32"))]
//! Every string exists in both languages; formats follow each locale.

use chrono::NaiveDate;
use vizitka_core::i18n::{self, format_bytes, format_date, format_money, format_number, Lang, T};
use vizitka_core::model::Problem;

/// Texts that are rightly the same in both languages.
const SAME: &[T] =
    &[T::AppName, T::FieldLinkedIn, T::LabelFax, T::FieldDic, T::FieldRole, T::SettingsData, T::Lead, T::SourceWeb, T::ChannelWeb, T::SlaLabel];

#[test]
fn every_text_is_translated() {
    let mut bad = Vec::new();
    for &k in T::ALL {
        if k.en().trim().is_empty() || k.cs().trim().is_empty() || (!SAME.contains(&k) && k.en() == k.cs()) {
            bad.push(k);
        }
    }
    assert!(bad.is_empty(), "missing or untranslated: {bad:?}");
}

#[test]
fn problems_read_in_czech() {
    assert_eq!(i18n::problem(Lang::Cs, &Problem::NotEmail), "není e-mailová adresa");
    assert_eq!(i18n::problem(Lang::En, &Problem::NotEmail), "not an email address");
    assert_eq!(i18n::field(Lang::Cs, "emails[1]"), "E-mail 2");
    assert_eq!(i18n::field(Lang::En, "billing_address.city"), "Billing address");
}

#[test]
fn language_from_browser_preferences() {
    assert_eq!(Lang::from_preferences(["en-US", "cs"]), Lang::En);
    assert_eq!(Lang::from_preferences(["de-DE", "cs-CZ"]), Lang::Cs);
    assert_eq!(Lang::from_preferences(["sk"]), Lang::Cs);
    assert_eq!(Lang::from_preferences(["de-DE"]), Lang::Cs);
}

#[test]
fn dates_numbers_and_money() {
    let d = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
    assert_eq!(format_date(Lang::Cs, d), "2.\u{a0}11.\u{a0}2026");
    assert_eq!(format_date(Lang::En, d), "2 Nov 2026");
    assert_eq!(format_number(Lang::Cs, 123456789, 2), "1\u{202f}234\u{202f}567,89");
    assert_eq!(format_number(Lang::En, 123456789, 2), "1,234,567.89");
    assert_eq!(format_number(Lang::En, -5, 2), "-0.05");
    assert_eq!(format_number(Lang::Cs, 999, 0), "999");
    assert_eq!(format_money(Lang::Cs, 123450, "CZK"), "1\u{202f}234,50\u{a0}Kč");
    assert_eq!(format_money(Lang::En, 123450, "CZK"), "CZK\u{a0}1,234.50");
    assert_eq!(format_money(Lang::Cs, 1000, "EUR"), "10,00\u{a0}EUR");
    assert!(format_money(Lang::En, i64::MIN + 1, "CZK").len() > 20);
    assert_eq!(format_bytes(Lang::En, 1536), "1.5\u{a0}KB");
    assert_eq!(format_bytes(Lang::Cs, 70), "70\u{a0}B", "whole bytes have no decimals");
    assert_eq!(format_bytes(Lang::Cs, 5 * 1024 * 1024), "5,0\u{a0}MB");
}

#[test]
fn a_number_takes_the_form_of_its_noun() {
    use vizitka_core::i18n::{count, import_counts, Noun};
    assert_eq!(count(Lang::Cs, 1, Noun::Contact), "1 kontakt");
    assert_eq!(count(Lang::Cs, 3, Noun::Contact), "3 kontakty");
    assert_eq!(count(Lang::Cs, 5, Noun::Contact), "5 kontaktů");
    assert_eq!(count(Lang::Cs, 0, Noun::Contact), "0 kontaktů");
    assert_eq!(count(Lang::Cs, 22, Noun::Contact), "22 kontaktů", "digits follow CLDR: 2–4 only");
    assert_eq!(count(Lang::Cs, 1, Noun::Year), "1 rok");
    assert_eq!(count(Lang::Cs, 4, Noun::Year), "4 roky");
    assert_eq!(count(Lang::Cs, 40, Noun::Year), "40 let");
    assert_eq!(count(Lang::Cs, 2, Noun::Day), "2 dny");
    assert_eq!(count(Lang::Cs, 1, Noun::Reminder), "1 připomínka");
    assert_eq!(count(Lang::Cs, 12_500, Noun::Organization), "12\u{202f}500 organizací");
    assert_eq!(count(Lang::En, 1, Noun::Organization), "1 organization");
    assert_eq!(count(Lang::En, 0, Noun::Organization), "0 organizations");
    assert_eq!(count(Lang::En, 2, Noun::Record), "2 records");
    assert_eq!(import_counts(Lang::En, 47, 1, 5), "47 new, 1 updated, 5 organizations made");
    assert_eq!(import_counts(Lang::Cs, 1, 2, 1), "1 nový, 2 aktualizované, 1 nová organizace");
    for &n in Noun::ALL {
        let (en, cs) = n.forms();
        assert!(en.iter().chain(cs.iter()).all(|f| !f.trim().is_empty()), "{n:?}");
    }
}

#[test]
fn a_persons_name_is_jmeno_and_a_things_nazev() {
    use vizitka_core::model::Kind;
    assert_eq!(i18n::field_of(Lang::Cs, Kind::TeamMember, "name"), "Jméno");
    assert_eq!(i18n::field_of(Lang::Cs, Kind::Organization, "name"), "Název");
    assert_eq!(i18n::field_of(Lang::En, Kind::TeamMember, "name"), "Name");
}
