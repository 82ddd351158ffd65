//! The iCalendar export (RFC 5545), read back by an independent parser
//! (the `ical` crate) and checked line by line.
#![cfg(not(target_arch = "wasm32"))]

use chrono::{DateTime, TimeZone, Utc};
use ical::parser::ical::component::IcalCalendar;
use ical::property::Property;
use vizitka_core::ical::{calendar, escape, Event, Item, Person, Priority, Todo, TodoStatus};

fn t(d: u32, h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, d, h, m, 0).unwrap()
}

fn person(name: &str, email: &str) -> Person {
    Person { name: name.into(), email: email.into() }
}

fn meeting() -> Event {
    Event {
        uid: "01998aff-3488-79e6-bdf9-9072eff4607e@vizitka".into(),
        sequence: 2,
        start: t(24, 9, 30),
        end: t(24, 10, 45),
        summary: "Schůzka: rozpočet 2027, Q1; \"návrh\"".into(),
        description: "Agenda:\n1. Ceny\\slevy\r\n2. Dodávky, termíny; smlouva\n".to_string()
            + "Žluťoučký kůň úpěl ďábelské ódy 😀 ".repeat(8).trim_end(),
        location: "Zasedačka 2, Brno".into(),
        organizer: Some(person("Jana Nováková", "jana@firma.cz")),
        attendees: vec![person("Novák, Petr", "petr.novak@zakaznik.cz"), person("", "info@zakaznik.cz"), person("Bez adresy", "")],
        updated_at: t(22, 8, 0),
        all_day: false,
        alarms: Vec::new(),
    }
}

fn task() -> Todo {
    Todo {
        uid: "01998aff-0000-7000-8000-000000000001@vizitka".into(),
        sequence: 0,
        due: Some(t(25, 16, 0)),
        summary: "Poslat nabídku".into(),
        description: String::new(),
        priority: Priority::High,
        status: TodoStatus::Done,
        completed: Some(t(23, 11, 5)),
        assignee: Some(person("Jana Nováková", "jana@firma.cz")),
        updated_at: t(23, 11, 5),
    }
}

fn parse(text: &str) -> IcalCalendar {
    let mut calendars = ical::IcalParser::new(text.as_bytes());
    let cal = calendars.next().expect("one calendar").expect("parses");
    assert!(calendars.next().is_none());
    cal
}

fn prop<'a>(props: &'a [Property], name: &str) -> &'a Property {
    props.iter().find(|p| p.name == name).unwrap_or_else(|| panic!("{name} is there"))
}

fn value<'a>(props: &'a [Property], name: &str) -> &'a str {
    prop(props, name).value.as_deref().unwrap_or("")
}

fn param<'a>(p: &'a Property, name: &str) -> Option<&'a str> {
    p.params.as_ref()?.iter().find(|(k, _)| k == name).map(|(_, v)| v[0].as_str())
}

/// RFC 5545 3.3.11, the reverse of the escaping.
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') | Some('N') => out.push('\n'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn a_meeting_reads_back_with_every_field() {
    let m = meeting();
    let text = calendar(&[Item::Event(m.clone())], t(22, 12, 0));
    let cal = parse(&text);
    assert_eq!(value(&cal.properties, "VERSION"), "2.0");
    assert!(value(&cal.properties, "PRODID").contains("Vizitka"));
    assert_eq!(cal.events.len(), 1);
    let e = &cal.events[0].properties;
    assert_eq!(value(e, "UID"), m.uid);
    assert_eq!(value(e, "SEQUENCE"), "2");
    assert_eq!(value(e, "DTSTAMP"), "20261122T120000Z");
    assert_eq!(value(e, "DTSTART"), "20261124T093000Z");
    assert_eq!(value(e, "DTEND"), "20261124T104500Z");
    assert_eq!(value(e, "LAST-MODIFIED"), "20261122T080000Z");
    assert_eq!(unescape(value(e, "SUMMARY")), m.summary);
    assert_eq!(unescape(value(e, "DESCRIPTION")), m.description.replace("\r\n", "\n"));
    assert_eq!(unescape(value(e, "LOCATION")), m.location);
    let organizer = prop(e, "ORGANIZER");
    assert_eq!(organizer.value.as_deref(), Some("mailto:jana@firma.cz"));
    assert_eq!(param(organizer, "CN"), Some("Jana Nováková"));
    let attendees: Vec<&Property> = e.iter().filter(|p| p.name == "ATTENDEE").collect();
    assert_eq!(attendees.len(), 2, "someone without an address cannot be invited");
    assert_eq!(attendees[0].value.as_deref(), Some("mailto:petr.novak@zakaznik.cz"));
    assert_eq!(param(attendees[0], "CN"), Some("Novák, Petr"), "a comma in a name is quoted");
    assert_eq!(param(attendees[0], "ROLE"), Some("REQ-PARTICIPANT"));
    assert_eq!(attendees[1].value.as_deref(), Some("mailto:info@zakaznik.cz"));
    assert_eq!(param(attendees[1], "CN"), None);
}

#[test]
fn a_task_reads_back_with_status_priority_and_dates() {
    let text = calendar(&[Item::Todo(task())], t(22, 12, 0));
    let cal = parse(&text);
    assert_eq!(cal.todos.len(), 1);
    let p = &cal.todos[0].properties;
    assert_eq!(value(p, "DUE"), "20261125T160000Z");
    assert_eq!(value(p, "PRIORITY"), "1");
    assert_eq!(value(p, "STATUS"), "COMPLETED");
    assert_eq!(value(p, "COMPLETED"), "20261123T110500Z");
    assert_eq!(value(p, "SUMMARY"), "Poslat nabídku");
    assert!(p.iter().all(|p| p.name != "DESCRIPTION"), "empty text is left out");

    let open = Todo { status: TodoStatus::Open, priority: Priority::Low, due: None, ..task() };
    let p = &parse(&calendar(&[Item::Todo(open)], t(22, 12, 0))).todos[0].properties;
    assert_eq!(value(p, "STATUS"), "NEEDS-ACTION");
    assert_eq!(value(p, "PRIORITY"), "9");
    assert!(p.iter().all(|p| p.name != "DUE" && p.name != "COMPLETED"));
}

#[test]
fn lines_end_in_crlf_and_fold_at_75_octets_between_characters() {
    let mut m = meeting();
    // Two-, three- and four-byte characters at every offset around the fold.
    for pad in 0..4 {
        m.summary = format!("{}{}", "x".repeat(pad), "řž€😀 ".repeat(40).trim_end());
        let text = calendar(&[Item::Event(m.clone()), Item::Todo(task())], t(22, 12, 0));
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        assert!(!text.replace("\r\n", "").contains(['\r', '\n']), "no bare CR or LF");
        let lines: Vec<&str> = text.split_terminator("\r\n").collect();
        for (i, line) in lines.iter().enumerate() {
            assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
            let folded = lines.get(i + 1).is_some_and(|next| next.starts_with(' '));
            assert!(!(folded && line.ends_with(' ')), "a fold never leaves a space at a line's end: {line:?}");
        }
        assert!(lines.iter().filter(|l| l.starts_with(' ')).count() > 8, "long values fold");
        let e = &parse(&text).events[0].properties;
        assert_eq!(unescape(value(e, "SUMMARY")), m.summary, "unfolding restores the text");
    }
}

#[test]
fn a_space_where_a_line_folds_moves_to_the_next_line() {
    // "SUMMARY:" and 66 letters take 74 octets; the space is the 75th.
    let summary = format!("{} {}", "a".repeat(66), "b".repeat(10));
    let m = Event { summary: summary.clone(), ..meeting() };
    let text = calendar(&[Item::Event(m)], t(22, 12, 0));
    assert!(text.contains(&format!("SUMMARY:{}\r\n  {}\r\n", "a".repeat(66), "b".repeat(10))));
    assert_eq!(value(&parse(&text).events[0].properties, "SUMMARY"), summary);
}

#[test]
fn text_escaping_follows_rfc_5545() {
    assert_eq!(escape("a,b;c\\d"), "a\\,b\\;c\\\\d");
    assert_eq!(escape("one\r\ntwo\nthree\rfour"), "one\\ntwo\\nthree\\nfour");
    assert_eq!(escape("tab\there\u{7}bell"), "tab\therebell");
    assert_eq!(escape("Příliš: \"ok\""), "Příliš: \"ok\"");
}

#[test]
fn a_re_export_after_an_edit_keeps_the_uid_and_raises_the_sequence() {
    let first = meeting();
    let edited = Event {
        sequence: first.sequence + 1,
        summary: "Schůzka přesunuta".into(),
        start: t(25, 9, 0),
        end: t(25, 10, 0),
        updated_at: t(23, 9, 0),
        ..first.clone()
    };
    let a = &parse(&calendar(&[Item::Event(first)], t(22, 12, 0))).events[0].properties;
    let b = &parse(&calendar(&[Item::Event(edited)], t(23, 12, 0))).events[0].properties;
    assert_eq!(value(a, "UID"), value(b, "UID"));
    assert!(value(b, "SEQUENCE").parse::<u32>().unwrap() > value(a, "SEQUENCE").parse::<u32>().unwrap());
}

mod common;

/// A meeting scheduled from a contact, with two participants, read back
/// from its `.ics`: attendees by `mailto:`, the UID from its id, and a
/// higher SEQUENCE after an edit.
#[test]
fn a_meeting_activity_exports_with_its_participants_and_sequence() {
    use vizitka_core::model::{Activity, ActivityKind, Role, Target};
    let mut w = common::World::with_tester();
    let org = w.org("Hotel Podkova");
    let jana = w.contact("Jana", "Nováková", Some(org), Role::Other, false);
    let petr = w.contact("Petr", "Dvořák", Some(org), Role::Technical, false);
    let mut m = Activity::new(w.id(), common::at(3), ActivityKind::Meeting);
    m.subject = "Prohlídka, sál; \"A\"".into();
    m.at = Some(t(24, 9, 0));
    m.end = Some(t(24, 10, 30));
    m.place = "Recepce".into();
    m.participants = vec![jana, petr];
    let targets = w.crm.with_organizations(&[Target::contact(jana)]);
    let saved = m.clone();
    w.act(3, |crm, ctx| crm.save_activity(saved, &targets, ctx).unwrap());
    let export = |crm: &vizitka_core::model::Crm| {
        let a = crm.activity(m.id).unwrap();
        calendar(&[vizitka_core::ical::activity_item(crm, a).unwrap()], t(23, 8, 0))
    };
    let cal = parse(&export(&w.crm));
    let e = &cal.events[0];
    assert_eq!(value(&e.properties, "UID"), format!("{}@vizitka", m.id));
    assert_eq!(value(&e.properties, "SEQUENCE"), "0");
    assert_eq!(unescape(value(&e.properties, "SUMMARY")), "Prohlídka, sál; \"A\"");
    assert_eq!(value(&e.properties, "DTSTART"), "20261124T090000Z");
    assert_eq!(value(&e.properties, "DTEND"), "20261124T103000Z");
    assert_eq!(value(&e.properties, "LOCATION"), "Recepce");
    let attendees: Vec<&str> = e.properties.iter().filter(|p| p.name == "ATTENDEE").filter_map(|p| p.value.as_deref()).collect();
    assert_eq!(attendees, ["mailto:jana@example.cz", "mailto:petr@example.cz"]);

    let mut edited = w.crm.activity(m.id).unwrap().clone();
    edited.place = "Sál B".into();
    w.act(4, |crm, ctx| crm.save_activity(edited, &targets, ctx).unwrap());
    let cal = parse(&export(&w.crm));
    assert_eq!(value(&cal.events[0].properties, "SEQUENCE"), "1", "an edit raises the sequence");
    assert_eq!(value(&cal.events[0].properties, "UID"), format!("{}@vizitka", m.id), "the UID stays");
}

/// Found by `scripts/fuzz`: tabs where a line folds were lost (the `ical`
/// crate, like many parsers, trims the end of a line), and so was
/// whitespace ending a value.
#[test]
fn tabs_and_spaces_at_a_fold_survive_another_parser() {
    for n in 55..80 {
        for gap in ["\t", "\t\t", " \t", "  "] {
            let mut e = meeting();
            e.summary = format!("{}{gap}žluťoučký kůň", "x".repeat(n));
            e.description = format!("Konec řádku{gap}");
            let cal = parse(&calendar(&[Item::Event(e.clone())], t(22, 8, 0)));
            let props = &cal.events[0].properties;
            assert_eq!(unescape(prop(props, "SUMMARY").value.as_deref().unwrap_or_default()), e.summary, "{n} {gap:?}");
            assert_eq!(unescape(prop(props, "DESCRIPTION").value.as_deref().unwrap_or_default()), "Konec řádku");
        }
    }
}
