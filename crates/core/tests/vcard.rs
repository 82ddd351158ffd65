//! vCards in and out: what Vizitka writes reads back unchanged, and the
//! cards Google Contacts, Apple Contacts and Outlook write read right.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use chrono::NaiveDate;
use common::at;
use uuid::Uuid;
use vizitka_core::model::{Contact, DateKind, Email, EmailLabel, ImportantDate, Phone, PhoneLabel, Role};
use vizitka_core::vcard::{own_id, parse, write, Card, VcardError};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn full_contact() -> Contact {
    let mut c = Contact::new(Uuid::parse_str("019a0000-0000-7000-8000-000000000001").unwrap(), at(1));
    (c.title, c.first_name, c.last_name) = ("Ing.".into(), "Jana".into(), "Nováková".into());
    c.position = "Vedoucí nákupu; regiony".into();
    c.emails = vec![
        Email { address: "jana@pekarna.cz".into(), label: EmailLabel::Work },
        Email { address: "jana@seznam.cz".into(), label: EmailLabel::Personal },
    ];
    c.phones = vec![
        Phone { number: "+420 777 123 456".into(), label: PhoneLabel::Mobile },
        Phone { number: "+420 222 333 444".into(), label: PhoneLabel::Work },
        Phone { number: "222 333 445".into(), label: PhoneLabel::Fax },
    ];
    c.linkedin = "https://www.linkedin.com/in/jana-novakova".into();
    c.role = Role::DecisionMaker;
    c.preferred_call_time = "po–pá 9–11".into();
    c.communication_style = "Stručně, e-mailem, čísla dopředu.".into();
    c.important_dates = vec![
        ImportantDate { kind: DateKind::Birthday, label: String::new(), date: day(1985, 4, 12) },
        ImportantDate { kind: DateKind::Anniversary, label: String::new(), date: day(2010, 6, 5) },
        ImportantDate { kind: DateKind::Custom, label: "Svátek, jmeniny".into(), date: day(2000, 5, 24) },
    ];
    c.tags = vec!["vip".into(), "pekárny, Morava".into()];
    c.notes =
        "Řádek jedna\nŘádek dva: \\ zpětné lomítko; a středník, čárka — a dlouhý text, který se musí zalomit, protože je delší než 75 oktetů UTF-8."
            .into();
    c
}

#[test]
fn what_we_write_we_read_back_unchanged() {
    let c = full_contact();
    let card_text = write(&c, "Pekárna U Mlýna, s.r.o.");
    assert!(card_text.starts_with("BEGIN:VCARD\r\nVERSION:4.0\r\n"));
    assert!(card_text.lines().all(|l| l.len() <= 75), "folded at 75 octets");
    let cards = parse(&card_text).unwrap();
    assert_eq!(cards.len(), 1);
    assert_eq!(own_id(&cards[0].uid), Some(c.id));
    let mut back = Contact::new(c.id, c.created_at);
    let org = cards[0].fill(&mut back);
    assert_eq!(org, "Pekárna U Mlýna, s.r.o.");
    back.updated_at = c.updated_at;
    assert_eq!(back, c);
}

#[test]
fn google_contacts_3_0() {
    let text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Petr Dvořák\r\nN:Dvořák;Petr;;;\r\nEMAIL;TYPE=INTERNET;TYPE=WORK:petr@firma.cz\r\nEMAIL;TYPE=INTERNET;TYPE=HOME:petr.d@gmail.com\r\nTEL;TYPE=CELL:+420 603 111 222\r\nTEL;TYPE=WORK:+420 266 000 111\r\nADR;TYPE=WORK:;;Masarykova 12;Brno;;602 00;Czech Republic\r\nORG:Strojírny Vysočina\r\nTITLE:Technik\r\nBDAY:1979-02-28\r\nitem1.URL:https\\://www.linkedin.com/in/petr\r\nitem1.X-ABLabel:PROFILE\r\nNOTE:Potkali jsme se na veletrhu\\, Brno.\r\nCATEGORIES:myContacts,Veletrh\r\nEND:VCARD\r\n";
    let cards = parse(text).unwrap();
    let mut c = Contact::new(Uuid::nil(), at(1));
    let org = cards[0].fill(&mut c);
    assert_eq!((c.first_name.as_str(), c.last_name.as_str(), org.as_str(), c.position.as_str()), ("Petr", "Dvořák", "Strojírny Vysočina", "Technik"));
    assert_eq!(
        c.emails,
        vec![
            Email { address: "petr@firma.cz".into(), label: EmailLabel::Work },
            Email { address: "petr.d@gmail.com".into(), label: EmailLabel::Personal }
        ]
    );
    assert_eq!(c.phones.iter().map(|p| p.label).collect::<Vec<_>>(), [PhoneLabel::Mobile, PhoneLabel::Work]);
    assert_eq!(c.linkedin, "https://www.linkedin.com/in/petr");
    assert_eq!(c.important_dates, vec![ImportantDate { kind: DateKind::Birthday, label: String::new(), date: day(1979, 2, 28) }]);
    assert_eq!(c.tags, ["myContacts", "Veletrh"]);
    assert_eq!(c.notes, "Potkali jsme se na veletrhu, Brno.\nMasarykova 12, Brno, 602 00, Czech Republic");
    assert!(c.validate().is_empty(), "{:?}", c.validate());
}

#[test]
fn apple_contacts_with_labelled_urls_and_folded_lines() {
    let text = "BEGIN:VCARD\nVERSION:3.0\nPRODID:-//Apple Inc.//iPhone OS 17.0//EN\nN:Černá;Eva;Marie;Mgr.;\nFN:Mgr. Eva Marie Černá\nORG:Hotel Podkova;\nitem1.EMAIL;type=INTERNET;type=pref:eva@\n podkova.cz\nitem1.X-ABLabel:_$!<Work>!$_\nTEL;type=IPHONE;type=CELL;type=VOICE;type=pref:+420 777 000 111\nitem2.URL;type=pref:https://podkova.cz\nitem2.X-ABLabel:_$!<HomePage>!$_\nitem3.X-ABDATE;type=pref:2015-09-01\nX-ANNIVERSARY:2015-09-01\nEND:VCARD\nBEGIN:VCARD\nVERSION:3.0\nFN:Recepce\nEND:VCARD\n";
    let cards = parse(text).unwrap();
    assert_eq!(cards.len(), 2);
    let mut c = Contact::new(Uuid::nil(), at(1));
    cards[0].fill(&mut c);
    assert_eq!((c.title.as_str(), c.first_name.as_str(), c.last_name.as_str()), ("Mgr.", "Eva Marie", "Černá"));
    assert_eq!(c.emails[0].address, "eva@podkova.cz");
    assert_eq!(c.phones[0].label, PhoneLabel::Mobile);
    assert_eq!(c.notes, "HomePage: https://podkova.cz");
    assert_eq!(c.important_dates[0].kind, DateKind::Anniversary);
    let mut only_fn = Contact::new(Uuid::nil(), at(1));
    cards[1].fill(&mut only_fn);
    assert_eq!(only_fn.last_name, "Recepce");
}

#[test]
fn outlook_with_bare_types_and_quoted_printable() {
    let text = "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C5=A0=C5=A5astn=C3=BD;Tom=C3=A1=C5=A1\r\nFN:Tomáš Šťastný\r\nORG:Kovovýroba Šťastný\r\nTITLE:Jednatel\r\nTEL;WORK;VOICE:+420 569 123 456\r\nTEL;CELL;VOICE:+420 608 987 654\r\nTEL;WORK;FAX:+420 569 123 457\r\nEMAIL;PREF;INTERNET:tomas@kovo.cz\r\nNOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Dlouh=C3=A1 pozn=C3=A1mka, kter=C3=A1 se=\r\n zalomila=0D=0Ana dva =C5=99=C3=A1dky\r\nEND:VCARD\r\n";
    let cards = parse(text).unwrap();
    let mut c = Contact::new(Uuid::nil(), at(1));
    let org = cards[0].fill(&mut c);
    assert_eq!((c.first_name.as_str(), c.last_name.as_str(), org.as_str()), ("Tomáš", "Šťastný", "Kovovýroba Šťastný"));
    assert_eq!(c.phones.iter().map(|p| p.label).collect::<Vec<_>>(), [PhoneLabel::Work, PhoneLabel::Mobile, PhoneLabel::Fax]);
    assert_eq!(c.emails[0].address, "tomas@kovo.cz");
    assert_eq!(c.notes, "Dlouhá poznámka, která se zalomila\r\nna dva řádky");
}

#[test]
fn broken_files_are_named() {
    assert_eq!(parse("just text"), Err(VcardError::NoCards));
    assert_eq!(parse("BEGIN:VCARD\nVERSION:4.0\nFN:A\nEND:VCARD\nBEGIN:VCARD\nFN:B\n"), Err(VcardError::Unclosed { line: 5 }));
    assert_eq!(VcardError::Unclosed { line: 5 }.to_string(), "the card that begins on line 5 has no END:VCARD");
    assert_eq!(parse("").unwrap_err(), VcardError::NoCards);
    let _ = Card::default();
}

#[test]
fn importing_twice_updates_instead_of_duplicating_and_a_bad_card_imports_nothing() {
    let mut w = common::World::with_tester();
    let known = w.org("Strojírny Vysočina");
    let file = "BEGIN:VCARD\nVERSION:3.0\nN:Dvořák;Petr;;;\nEMAIL;TYPE=WORK:petr@firma.cz\nORG:Strojírny Vysočina\nEND:VCARD\nBEGIN:VCARD\nVERSION:4.0\nFN:Eva Malá\nEMAIL:eva@mala.cz\nORG:Cukrárna Malá\nEND:VCARD\n";
    let cards = parse(file).unwrap();
    let summary = w.compute(2, |crm, ctx| crm.import_cards(&cards, ctx).unwrap().1);
    assert_eq!(summary, vizitka_core::vcard::Imported { created: 2, updated: 0, organizations: 1, look_alikes: 0 });
    w.act(2, |crm, ctx| crm.import_cards(&cards, ctx).unwrap().0);
    assert_eq!(w.crm.contact_count(), 2);
    assert_eq!(w.crm.organization_count(), 2, "Cukrárna Malá made, Strojírny linked by name");
    let petr = w.crm.contacts().find(|c| c.last_name == "Dvořák").unwrap().id;
    assert_eq!(w.crm.contact(petr).unwrap().organization_id, Some(known));

    // The same people again, one with a new title: updated, not duplicated.
    let again = parse(&file.replace("N:Dvořák;Petr;;;", "N:Dvořák;Petr;;Ing.;")).unwrap();
    let summary = w.compute(3, |crm, ctx| crm.import_cards(&again, ctx).unwrap().1);
    assert_eq!(summary, vizitka_core::vcard::Imported { created: 0, updated: 2, organizations: 0, look_alikes: 0 });
    w.act(3, |crm, ctx| crm.import_cards(&again, ctx).unwrap().0);
    assert_eq!(w.crm.contact_count(), 2);
    assert_eq!(w.crm.contact(petr).unwrap().title, "Ing.");

    // Petr again under another email: a new contact, but one that looks
    // like him, which the import says.
    let other = parse("BEGIN:VCARD\nVERSION:4.0\nN:Dvorak;Petr;;;\nEMAIL:petr.dvorak@gmail.com\nEND:VCARD\n").unwrap();
    let summary = w.compute(3, |crm, ctx| crm.import_cards(&other, ctx).unwrap().1);
    assert_eq!((summary.created, summary.look_alikes), (1, 1));

    // What Vizitka exported comes back to the same contact by its UID.
    let exported = write(w.crm.contact(petr).unwrap(), "Strojírny Vysočina").replace("petr@firma.cz", "petr@nova-adresa.cz");
    w.act(4, |crm, ctx| crm.import_cards(&parse(&exported).unwrap(), ctx).unwrap().0);
    assert_eq!(w.crm.contact_count(), 2);
    assert_eq!(w.crm.contact(petr).unwrap().emails[0].address, "petr@nova-adresa.cz");

    // One bad card: nothing is imported, and the card is named.
    let bad = parse("BEGIN:VCARD\nFN:Nový Člověk\nEND:VCARD\nBEGIN:VCARD\nFN:Špatný Mail\nEMAIL:not-an-email\nEND:VCARD\n").unwrap();
    let errors = w.compute(5, |crm, ctx| crm.import_cards(&bad, ctx).unwrap_err());
    assert_eq!(errors[0].field, "cards[1].emails[0]");
    assert_eq!(w.crm.contact_count(), 2);
}
