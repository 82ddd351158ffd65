//! Loading from segments and the write log gives the same CRM as replaying
//! the log, and the first segments hold the top of the lists.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{at, World};
use vizitka_core::bundle;
use vizitka_core::model::demo::generate;
use vizitka_core::model::search::Query;
use vizitka_core::model::{Change, Crm, Kind};
use vizitka_core::segments::{decode_log_entry, encode, encode_bundle, encode_log_entry, kind_of_key, load_order, Assembly, Run, Segment};

fn snapshot(crm: &Crm) -> String {
    bundle::export(crm, at(1))
}

/// The bytes the writer stores for `segments`.
fn stored(segments: &[Segment], file: &[u8]) -> Vec<(String, Vec<u8>)> {
    segments.iter().map(|s| (s.key.clone(), s.bytes(file))).collect()
}

/// Segments in the order a load reads them.
fn in_load_order(crm: &Crm) -> Vec<(String, Vec<u8>)> {
    let mut segs = stored(&encode(crm), &[]);
    segs.sort_by_key(|(k, _)| (load_order(kind_of_key(k).unwrap()), k.clone()));
    segs
}

/// A CRM with history, compacted, and then a log of every kind of action.
fn compacted_and_logged() -> (Vec<(String, Vec<u8>)>, Vec<Vec<Change>>, Crm) {
    let mut w = World::new();
    let (orgs, contacts) = generate(5, 30, 2_500, at(1));
    w.act(2, |crm, ctx| crm.add_records(orgs, contacts, ctx));
    // Every sales kind too, so each goes through segments and the log.
    let stages = vizitka_core::model::pipeline::defaults(["Q", "N", "P", "J", "W", "L"], at(1));
    let org = w.crm.organizations().next().unwrap().id;
    let mut opp = vizitka_core::model::opportunity::Opportunity::new(w.id(), at(2), stages[0].id);
    opp.name = "Linka".into();
    opp.organization_id = Some(org);
    let opp_id = opp.id;
    w.act(2, |crm, ctx| crm.save_opportunity(opp, &stages, ctx).unwrap());
    let mut p = vizitka_core::model::product::Product::new(w.id(), at(2));
    p.name = "Servis".into();
    w.act(2, |crm, ctx| crm.save_product(p, ctx).unwrap());
    let mut lead = vizitka_core::model::lead::Lead::new(w.id(), at(2));
    lead.company = "Beta".into();
    w.act(2, |crm, ctx| crm.save_lead(lead, ctx).unwrap());
    let mut camp = vizitka_core::model::campaign::Campaign::new(w.id(), at(2));
    camp.name = "Veletrh".into();
    camp.targets = w.crm.contacts().map(|c| c.id).take(3).collect();
    w.act(2, |crm, ctx| crm.save_campaign(camp, ctx).unwrap());
    let mut q = w.compute(2, |crm, ctx| crm.new_quote(vizitka_core::model::Target { kind: Kind::Opportunity, id: opp_id }, at(2).date_naive(), ctx));
    q.items.push(vizitka_core::model::quote::QuoteItem {
        product_id: None,
        name: "Pec".into(),
        quantity: vizitka_core::model::money::Decimal::ONE,
        unit: String::new(),
        unit_price: 100_00,
        discount: vizitka_core::model::money::Decimal::ZERO,
        vat_rate: vizitka_core::model::money::Decimal::percent(21),
    });
    w.act(2, |crm, ctx| crm.save_quote(q, ctx).unwrap());
    w.act(2, |crm, ctx| crm.save_supplier(vizitka_core::model::supplier::Supplier::new(at(2)), ctx).unwrap());
    let segments = in_load_order(&w.crm);
    let mut log = Vec::new();
    let ids: Vec<_> = w.crm.contacts().map(|c| c.id).take(40).collect();
    for (i, id) in ids.iter().enumerate() {
        let changes = match i % 4 {
            0 => w.act(3, |crm, ctx| crm.delete_contact(*id, vizitka_core::model::ActivitiesOnDelete::Keep, ctx)),
            1 => w.act(3, |crm, ctx| {
                let mut c = crm.contact(*id).unwrap().clone();
                c.last_name = format!("Aaronová {i}");
                crm.save_contact(c, true, ctx).unwrap()
            }),
            2 => w.act(3, |crm, ctx| {
                let mut c = crm.contact(*id).unwrap().clone();
                c.organization_id = None;
                crm.save_contact(c, false, ctx).unwrap()
            }),
            _ => {
                let org = w.crm.contact(*id).unwrap().organization_id;
                match org {
                    Some(o) => w.act(3, |crm, ctx| {
                        let mut o = crm.organization(o).unwrap().clone();
                        o.name = format!("Přejmenovaná {i}");
                        crm.save_organization(o, ctx).unwrap()
                    }),
                    None => continue,
                }
            }
        };
        log.push(changes);
    }
    log.push(w.act(4, |crm, ctx| crm.move_opportunity(opp_id, stages[2].id, None, &stages, ctx).unwrap()));
    log.push(w.act(4, |crm, ctx| crm.delete_organization(org, vizitka_core::model::ActivitiesOnDelete::Keep, ctx)));
    let mut c = vizitka_core::model::Contact::new(w.id(), at(5));
    c.first_name = "Nový".into();
    c.last_name = "Abrahám".into();
    log.push(w.act(5, |crm, ctx| crm.save_contact(c, false, ctx).unwrap()));
    (segments, log, w.crm)
}

#[test]
fn segments_and_log_load_as_the_replayed_crm() {
    let (segments, log, expected) = compacted_and_logged();
    let mut assembly = Assembly::new(log);
    for (k, v) in &segments {
        assembly.add_segment(k, v).unwrap();
    }
    let loaded = assembly.finish();
    assert_eq!(snapshot(&loaded), snapshot(&expected));
    // The indexes agree too, not only the records.
    for text in ["aaronova", "prejmenovana", "abraham", "novak", "777", "a e"] {
        let q = Query::new(text);
        let (a, b) = (loaded.hits(&q), expected.hits(&q));
        for c in expected.contacts() {
            assert_eq!(a.contains(loaded.search_slot(c.id).unwrap()), b.contains(expected.search_slot(c.id).unwrap()), "{text:?}");
        }
    }
    for o in expected.organizations() {
        let ids = |crm: &Crm| crm.contacts_of(o.id).iter().map(|c| c.id).collect::<Vec<_>>();
        assert_eq!(ids(&loaded), ids(&expected));
        assert_eq!(loaded.history_of(o.id).len(), expected.history_of(o.id).len());
    }
}

#[test]
fn the_first_segments_hold_the_top_of_the_lists() {
    let (segments, log, expected) = compacted_and_logged();
    let mut assembly = Assembly::new(log);
    let orgs = segments.iter().take_while(|(k, _)| kind_of_key(k) == Some(Kind::Organization)).count();
    for (k, v) in &segments[..orgs + 1] {
        assembly.add_segment(k, v).unwrap();
    }
    let preview = assembly.preview();
    assert_eq!(preview.organization_count(), expected.organization_count());
    assert!(preview.contact_count() < expected.contact_count());
    let top = |crm: &Crm| {
        let mut names: Vec<(String, uuid::Uuid)> = crm.contacts().map(|c| (crm.sort_key(c.id).to_string(), c.id)).collect();
        names.sort();
        names.truncate(50);
        names
    };
    assert_eq!(top(&preview), top(&expected), "the first rows of the contact list are final");
    let first = top(&preview);
    assert!(first.iter().any(|(k, _)| k.starts_with("aaronova")), "contacts renamed after compaction are there");
    assert!(first.iter().any(|(k, _)| k.starts_with("abraham")), "a contact created after compaction is there");
}

fn load(segments: &[(String, Vec<u8>)]) -> Crm {
    let mut segments = segments.to_vec();
    segments.sort_by_key(|(k, _)| (load_order(kind_of_key(k).unwrap()), k.clone()));
    let mut assembly = Assembly::new(Vec::new());
    for (k, v) in &segments {
        assembly.add_segment(k, v).unwrap();
    }
    assembly.finish()
}

#[test]
fn an_imported_bundle_is_stored_as_its_own_bytes_and_loads_as_the_same_records() {
    let (_, _, crm) = compacted_and_logged();
    let file = bundle::export(&crm, at(9)).into_bytes();
    let (parsed, spans) = bundle::parse_with_spans(&file).unwrap();
    let spans = spans.expect("a current bundle has spans");
    let imported = bundle::combine(&Crm::new(), parsed.clone(), bundle::ImportMode::ReplaceAll);
    // Our own export is already canonical and in list order: each segment
    // is one run of the file, and its bytes are exactly what encoding the
    // CRM gives.
    let copied = encode_bundle(&parsed, Some((&file, &spans)));
    assert!(copied.iter().all(|s| matches!(s.runs[..], [Run::File(_)])), "one run per segment");
    assert!(stored(&copied, &file) == stored(&encode(&imported), &[]));
    // Whatever order the file lists records in, segments are in list order
    // and history in time order.
    let mut shuffled = parsed.clone();
    shuffled.records.organizations.reverse();
    shuffled.records.contacts.reverse();
    shuffled.records.history.reverse();
    assert!(parsed.records.history.len() > 1);
    assert_eq!(encode_bundle(&shuffled, None), encode(&imported));
    // A file listing records out of list order: each is its own run.
    let mut v: serde_json::Value = serde_json::from_slice(&file).unwrap();
    v["contacts"].as_array_mut().unwrap().reverse();
    let reversed = serde_json::to_vec(&v).unwrap();
    let (parsed_reversed, spans_reversed) = bundle::parse_with_spans(&reversed).unwrap();
    let copied = encode_bundle(&parsed_reversed, Some((&reversed, &spans_reversed.unwrap())));
    assert!(copied.iter().any(|s| s.runs.len() > 1));
    assert!(snapshot(&load(&stored(&copied, &reversed))) == snapshot(&imported));
    // A span the file does not hold is encoded instead: runs of both kinds.
    let cut = spans.of(Kind::Contact)[spans.of(Kind::Contact).len() / 2].end;
    let mixed = encode_bundle(&parsed, Some((&file[..cut], &spans)));
    assert!(mixed.iter().any(|s| s.runs.iter().any(|r| matches!(r, Run::File(_))) && s.runs.iter().any(|r| matches!(r, Run::Encoded(_)))));
    assert!(stored(&mixed, &file) == stored(&encode(&imported), &[]));

    // A hand-edited file: pretty-printed, an unknown field, escaped text.
    let mut v: serde_json::Value = serde_json::from_slice(&file).unwrap();
    v["contacts"][0]["nickname"] = "Honza".into();
    let pretty = serde_json::to_string_pretty(&v).unwrap().replace("\"Aaronová", "\"Aaronov\\u00e1");
    assert!(pretty.contains("Aaronov\\u00e1"));
    let (parsed, spans) = bundle::parse_with_spans(pretty.as_bytes()).unwrap();
    let copied = stored(&encode_bundle(&parsed, Some((pretty.as_bytes(), &spans.unwrap()))), pretty.as_bytes());
    let imported = bundle::combine(&Crm::new(), parsed, bundle::ImportMode::ReplaceAll);
    assert_ne!(copied, stored(&encode(&imported), &[]), "the file's own bytes were stored");
    let (got, want) = (snapshot(&load(&copied)), snapshot(&crm));
    let at = got.bytes().zip(want.bytes()).position(|(a, b)| a != b).unwrap_or(got.len().min(want.len()));
    assert!(
        got == want,
        "differs at {at}: {:?} / {:?}",
        &got[at.saturating_sub(200)..(at + 100).min(got.len())],
        &want[at.saturating_sub(200)..(at + 100).min(want.len())]
    );
}

#[test]
fn a_migrated_bundle_has_no_spans() {
    let (_, _, crm) = compacted_and_logged();
    let mut v: serde_json::Value = serde_json::from_str(&bundle::export(&crm, at(9))).unwrap();
    v["schema_version"] = 1.into();
    let (parsed, spans) = bundle::parse_with_spans(v.to_string().as_bytes()).unwrap();
    assert_eq!(spans, None, "migrated records were rewritten, so the file's bytes are not theirs");
    assert_eq!(parsed.records.contacts.len(), crm.contact_count());
}

#[test]
fn log_entries_read_back_every_kind_of_change() {
    let (_, log, _) = compacted_and_logged();
    let all: Vec<Change> = log.into_iter().flatten().collect();
    for kind in ["put_organization", "put_contact", "delete_organization", "delete_contact", "add_history"] {
        let json = String::from_utf8(encode_log_entry(&all)).unwrap();
        assert!(json.contains(&format!("{{\"op\":\"{kind}\"")), "the log has a {kind}");
    }
    assert_eq!(decode_log_entry("1", &encode_log_entry(&all)).unwrap(), all);

    // A migrated log was rewritten with sorted keys: "id" comes before "op".
    let id = "01998a66-8a80-7836-9793-4d3197c047c1";
    let sorted = format!(r#"[{{"id":"{id}","op":"delete_contact"}},{{"extra":1,"id":"{id}","op":"delete_organization"}}]"#);
    let id: uuid::Uuid = id.parse().unwrap();
    assert_eq!(decode_log_entry("2", sorted.as_bytes()).unwrap(), vec![Change::Delete(Kind::Contact, id), Change::Delete(Kind::Organization, id)]);

    for (bad, why) in [
        (r#"[{"op":"delete_contact"}]"#, "missing field `id`"),
        (r#"[{"op":"put_contact"}]"#, "missing field `record`"),
        (r#"[{"op":"explode","id":"x"}]"#, "unknown variant `explode`"),
        (r#"[{"id":"01998a66-8a80-7836-9793-4d3197c047c1"}]"#, "missing field `op`"),
        (r#"[{"record":{},"op":"put_contact"}]"#, "\"op\" must come before \"record\""),
    ] {
        let err = decode_log_entry("3", bad.as_bytes()).unwrap_err().to_string();
        assert!(err.contains(why), "{bad}: {err}");
    }
}
