//! Attachments: files on any record, in folders, confidential or not; they
//! go with their record when it is deleted or merged, and a bundle carries
//! their bytes as base64, restored byte for byte.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{at, World};
use uuid::Uuid;
use vizitka_core::bundle::{self, base64, ImportError};
use vizitka_core::model::attachment::{clean_file_name, MAX_FILE_BYTES};
use vizitka_core::model::ops::attachments::{FileEdit, NewFile};
use vizitka_core::model::ops::duplicates::MergePlan;
use vizitka_core::model::{ActivitiesOnDelete, Activity, ActivityKind, Change, Kind, Problem, Role, Target};

/// Every byte value, then a pseudo-random tail: what a PDF or a JPEG has.
fn binary(len: usize) -> Vec<u8> {
    let mut x = 0x2545_f491_u32;
    (0..len)
        .map(|i| {
            if i < 256 {
                i as u8
            } else {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                x as u8
            }
        })
        .collect()
}

fn file(w: &mut World, name: &str, media_type: &str, size: u64) -> NewFile {
    NewFile { id: w.id(), name: name.into(), media_type: media_type.into(), size }
}

fn attach(w: &mut World, to: Target, files: Vec<NewFile>, folder: &str, confidential: bool) -> Vec<Uuid> {
    let ids = files.iter().map(|f| f.id).collect();
    w.act(3, |crm, ctx| crm.attach(to, files, folder, confidential, ctx).expect("attached"));
    ids
}

#[test]
fn base64_round_trips_every_length_and_refuses_what_is_not_base64() {
    for len in 0..=300 {
        let bytes = binary(len);
        let text = base64::encode(&bytes);
        assert_eq!(text.len(), len.div_ceil(3) * 4);
        assert_eq!(base64::decode(&text), Ok(bytes), "length {len}");
    }
    assert_eq!(base64::encode(b"Vizitka"), "Vml6aXRrYQ==");
    assert_eq!(base64::decode("Vml6aXRrYQ=="), Ok(b"Vizitka".to_vec()));
    assert_eq!(base64::decode("Vml6aXRrYQ"), Err(10), "a length that is not a multiple of four");
    assert_eq!(base64::decode("Vml6a-RrYQ=="), Err(5), "a character outside the alphabet");
    assert_eq!(base64::decode("Vm=6"), Err(2), "padding only at the end");
    assert_eq!(base64::decode("V==="), Err(1));
}

#[test]
fn files_are_attached_in_folders_with_one_history_entry_on_the_record() {
    let mut w = World::with_tester();
    let org = w.org("Pekárna U Mlýna");
    let to = Target::organization(org);
    let pdf = file(&mut w, "C:\\Users\\jana\\Smlouva 2026.pdf", "application/pdf", 12_345);
    let photo = file(&mut w, "prodejna.jpg", "image/jpeg", 400_000);
    let changes = w.act(3, |crm, ctx| crm.attach(to, vec![pdf, photo], " Smlouvy ", false, ctx).unwrap());
    assert_eq!(changes.len(), 3, "two files and one history entry");

    let files = w.crm.attachments_of(org);
    assert_eq!(files.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(), ["prodejna.jpg", "Smlouva 2026.pdf"], "no path, sorted by name");
    assert!(files.iter().all(|a| a.folder == "Smlouvy" && a.record_kind == Kind::Organization && !a.confidential));
    assert_eq!(w.crm.attachment_totals(), (2, 412_345));

    let history = w.crm.history_of(org);
    let entry = history.first().unwrap();
    assert_eq!(entry.changes[0].field, "attachments");
    assert_eq!(entry.changes[0].new, serde_json::json!(["Smlouvy / Smlouva 2026.pdf", "Smlouvy / prodejna.jpg"]));
}

#[test]
fn a_file_over_50_mb_or_for_a_missing_record_is_refused_and_nothing_is_attached() {
    let mut w = World::with_tester();
    let c = w.contact("Jana", "Nováková", None, Role::Other, false);
    let ok = file(&mut w, "nabidka.pdf", "application/pdf", 1_000);
    let big = file(&mut w, "video.mp4", "video/mp4", MAX_FILE_BYTES + 1);
    let errors = w.compute(3, |crm, ctx| crm.attach(Target::contact(c), vec![ok, big], "", false, ctx)).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].field, "files[1].size");
    assert_eq!(errors[0].problem, Problem::FileTooLarge { max_mb: 50 });
    assert_eq!(errors[0].problem.to_string(), "files over 50 MB are refused");

    let lost = file(&mut w, "a.txt", "text/plain", 1);
    let errors = w.compute(3, |crm, ctx| crm.attach(Target::contact(Uuid::nil()), vec![lost], "", false, ctx)).unwrap_err();
    assert_eq!(errors[0].problem, Problem::Missing);
    assert!(w.crm.attachments().next().is_none());

    // A type that is not a MIME type is dropped rather than kept.
    let odd = file(&mut w, "x.bin", "<script>", 5);
    let id = attach(&mut w, Target::contact(c), vec![odd], "", false)[0];
    assert_eq!(w.crm.attachment(id).unwrap().media_type, "");
}

#[test]
fn file_names_keep_their_extension_and_lose_paths_and_control_characters() {
    assert_eq!(clean_file_name("/home/jana/nabídka.pdf"), "nabídka.pdf");
    assert_eq!(clean_file_name("a\u{0}b\nc.txt"), "abc.txt");
    let long = format!("{}.docx", "x".repeat(400));
    let cleaned = clean_file_name(&long);
    assert_eq!(cleaned.chars().count(), 255);
    assert!(cleaned.ends_with("x.docx"));
}

#[test]
fn a_file_is_renamed_moved_and_marked_confidential_and_deleted_with_history() {
    let mut w = World::with_tester();
    let c = w.contact("Jana", "Nováková", None, Role::Other, false);
    let f = file(&mut w, "plat.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", 9_000);
    let id = attach(&mut w, Target::contact(c), vec![f], "", false)[0];

    let edit = FileEdit { name: "mzda 2026.xlsx".into(), folder: "HR".into(), confidential: true };
    w.act(4, |crm, ctx| crm.edit_attachment(id, edit.clone(), ctx).unwrap());
    let a = w.crm.attachment(id).unwrap();
    assert_eq!((a.name.as_str(), a.folder.as_str(), a.confidential, a.updated_at), ("mzda 2026.xlsx", "HR", true, at(4)));
    let entry = w.crm.history_of(c)[0].clone();
    assert_eq!((entry.changes[0].old.as_str(), entry.changes[0].new.as_str()), (Some("plat.xlsx"), Some("HR / mzda 2026.xlsx")));
    assert_eq!(
        (entry.changes[1].field.as_str(), &entry.changes[1].old, entry.changes[1].new.as_str()),
        ("confidential", &serde_json::Value::Null, Some("HR / mzda 2026.xlsx"))
    );
    assert!(w.compute(5, |crm, ctx| crm.edit_attachment(id, edit, ctx)).unwrap().is_empty(), "nothing changed, nothing saved");

    let bad = FileEdit { name: "a/b".into(), folder: String::new(), confidential: false };
    assert_eq!(
        w.compute(5, |crm, ctx| crm.edit_attachment(id, bad, ctx)).unwrap_err()[0].problem,
        Problem::BadFileName,
        "a typed name is not a path"
    );

    w.act(6, |crm, ctx| crm.delete_attachment(id, ctx));
    assert!(w.crm.attachment(id).is_none() && w.crm.attachments_of(c).is_empty());
    assert_eq!(w.crm.history_of(c)[0].changes[0].old, serde_json::json!(["HR / mzda 2026.xlsx"]));
}

#[test]
fn deleting_a_record_deletes_its_files_and_merging_moves_them_to_the_survivor() {
    let mut w = World::with_tester();
    let keep = w.contact("Jan", "Dvořák", None, Role::Other, false);
    let gone = w.contact("Jan", "Dvorak", None, Role::Other, false);
    let (f1, f2) = (file(&mut w, "a.pdf", "application/pdf", 10), file(&mut w, "b.pdf", "application/pdf", 20));
    attach(&mut w, Target::contact(keep), vec![f1], "", false);
    let moved = attach(&mut w, Target::contact(gone), vec![f2], "Smlouvy", false)[0];

    let plan = MergePlan { survivor: keep, others: vec![gone], picks: vec![] };
    w.act(5, |crm, ctx| crm.merge(Kind::Contact, &plan, ctx).unwrap());
    assert_eq!(w.crm.attachments_of(keep).len(), 2);
    assert_eq!(w.crm.attachment(moved).unwrap().record_id, keep);
    assert!(w.crm.attachments_of(gone).is_empty());

    let changes = w.act(6, |crm, ctx| crm.delete_contact(keep, ActivitiesOnDelete::Keep, ctx));
    assert_eq!(changes.iter().filter(|c| matches!(c, Change::Delete(Kind::Attachment, _))).count(), 2);
    assert_eq!(w.crm.attachment_totals(), (0, 0));

    // An activity's files go with the activity.
    let mut call = Activity::new(w.id(), at(7), ActivityKind::Call);
    call.at = Some(at(7));
    let call_id = call.id;
    w.act(7, |crm, ctx| crm.save_activity(call, &[], ctx).unwrap());
    let f = file(&mut w, "zaznam.txt", "text/plain", 3);
    attach(&mut w, Target { kind: Kind::Activity, id: call_id }, vec![f], "", false);
    w.act(8, |crm, ctx| crm.delete_activity(call_id, ctx));
    assert_eq!(w.crm.attachment_totals(), (0, 0));
}

/// A CRM with a binary PDF on a contact and a confidential file on an
/// organization, and the bytes of each.
fn with_files() -> (World, Vec<(Uuid, Vec<u8>)>) {
    let mut w = World::with_tester();
    let org = w.org("Pekárna U Mlýna");
    let c = w.contact("Jana", "Nováková", Some(org), Role::Other, false);
    let pdf = binary(70_001);
    let secret = b"plat: 50 000 Kc\n".to_vec();
    let f = file(&mut w, "nabídka.pdf", "application/pdf", pdf.len() as u64);
    let p = attach(&mut w, Target::contact(c), vec![f], "", false)[0];
    let f = file(&mut w, "mzdy.txt", "text/plain", secret.len() as u64);
    let s = attach(&mut w, Target::organization(org), vec![f], "HR", true)[0];
    (w, vec![(p, pdf), (s, secret)])
}

#[test]
fn a_bundle_carries_the_files_and_restores_them_byte_for_byte() {
    let (w, files) = with_files();
    let bytes_of = |id: Uuid| files.iter().find(|(f, _)| *f == id).unwrap().1.clone();
    let text = bundle::export_parts(&w.crm, at(9), |_| true).assemble(bytes_of);
    assert!(text.ends_with("\"}]}"), "the files come last");
    let parsed = bundle::parse(text.as_bytes()).expect("a valid bundle");
    assert_eq!(parsed.records.attachments.len(), 2);
    assert_eq!(parsed.files.len(), 2);
    for f in &parsed.files {
        assert_eq!(f.bytes, bytes_of(f.id), "byte for byte");
    }
    let again = bundle::combine(&vizitka_core::model::Crm::new(), parsed, bundle::ImportMode::ReplaceAll);
    assert_eq!(again.attachment_totals(), w.crm.attachment_totals());
    assert_eq!(bundle::export(&again, at(9)).len(), bundle::export_parts(&w.crm, at(9), |_| true).assemble(|_| Vec::new()).len());

    // Without the opt-in, confidential files and their records stay out.
    let plain = bundle::export_parts(&w.crm, at(9), |a| !a.confidential);
    assert_eq!(plain.files.0.len(), 1);
    let parsed = bundle::parse(plain.assemble(bytes_of).as_bytes()).unwrap();
    assert!(parsed.records.attachments.iter().all(|a| !a.confidential));
    assert!(!String::from_utf8_lossy(&serde_json::to_vec(&parsed.records.attachments).unwrap()).contains("mzdy"));
}

#[test]
fn a_bundle_whose_files_do_not_match_its_attachments_is_refused_naming_the_place() {
    let (w, files) = with_files();
    let bytes_of = |id: Uuid| files.iter().find(|(f, _)| *f == id).unwrap().1.clone();
    let problems = |text: &str| match bundle::parse(text.as_bytes()) {
        Err(ImportError::Invalid { errors, .. }) => errors.iter().map(|e| e.to_string()).collect::<Vec<_>>(),
        other => panic!("expected problems, got {other:?}"),
    };

    // A file's bytes cut short.
    let short = bundle::export_parts(&w.crm, at(9), |_| true).assemble(|id| {
        let mut b = bytes_of(id);
        b.pop();
        b
    });
    let p = problems(&short);
    assert_eq!(p.len(), 2);
    assert!(p[0].starts_with("attachments[0].size: the file's contents are missing"), "{p:?}");

    // Not base64.
    let parts = bundle::export_parts(&w.crm, at(9), |_| true);
    let head = parts.head.clone();
    let broken = format!("{head}{}Zm9v!A==\"}}]}}", parts.files.open(0));
    assert_eq!(problems(&broken), ["files[0].base64: not base64 (at character 5)"]);

    // A file that belongs to no attachment.
    let stray = format!("{head}{}Zm9v\"}}]}}", parts.files.open(0).replace(&parts.files.0[0].to_string(), &Uuid::nil().to_string()));
    let p = problems(&stray);
    assert!(p.contains(&"files[0].id: refers to a record that does not exist".to_string()), "{p:?}");
}

#[test]
fn a_schema_4_bundle_imports_into_the_current_schema_unchanged() {
    let (w, _) = with_files();
    let mut crm = w.crm.clone();
    for id in crm.attachments().map(|a| a.id).collect::<Vec<_>>() {
        crm.apply_one(Change::Delete(Kind::Attachment, id));
    }
    let current = format!("\"schema_version\":{}", vizitka_core::model::SCHEMA_VERSION);
    let text = bundle::export(&crm, at(9)).replace(&current, "\"schema_version\":4");
    let parsed = bundle::parse(text.as_bytes()).expect("an older bundle imports");
    assert_eq!(parsed.schema_version, vizitka_core::model::SCHEMA_VERSION);
    assert_eq!(parsed.records.contacts.len(), 1);
    assert!(parsed.files.is_empty());
}

#[test]
fn the_global_search_finds_files_by_name_but_never_a_confidential_one() {
    use vizitka_core::model::search::Query;
    let mut w = World::with_tester();
    let org = w.org("Pekárna U Mlýna");
    let pdf = file(&mut w, "Smlouva o dílo 2026.pdf", "application/pdf", 1_000);
    let secret = file(&mut w, "Mzdy smluvních partnerů.xlsx", "application/vnd.ms-excel", 1_000);
    let [pdf] = attach(&mut w, Target::organization(org), vec![pdf], "Smlouvy", false)[..] else { panic!() };
    let [secret] = attach(&mut w, Target::organization(org), vec![secret], "", true)[..] else { panic!() };
    let files = |w: &World, q: &str| w.crm.find(&Query::new(q)).files;
    assert_eq!(files(&w, "smlouva"), [pdf], "by name, without case");
    assert_eq!(files(&w, "dilo"), [pdf], "without accents");
    assert_eq!(files(&w, "smlouvy"), [pdf], "by folder");
    assert!(files(&w, "mzdy").is_empty(), "a confidential file is not found");
    assert_eq!(w.crm.find(&Query::new("smlouva")).matched.files, 1);

    // Marked confidential later, renamed, deleted: the search follows.
    let edit = FileEdit { name: "Smlouva o dílo 2026.pdf".into(), folder: "Smlouvy".into(), confidential: true };
    w.act(4, |crm, ctx| crm.edit_attachment(pdf, edit, ctx).unwrap());
    assert!(files(&w, "smlouva").is_empty());
    let edit = FileEdit { name: "Mzdy 2026.xlsx".into(), folder: String::new(), confidential: false };
    w.act(4, |crm, ctx| crm.edit_attachment(secret, edit, ctx).unwrap());
    assert_eq!(files(&w, "mzdy 2026"), [secret]);
    w.act(5, |crm, ctx| crm.delete_attachment(secret, ctx));
    assert!(files(&w, "mzdy").is_empty());
}
