//! CSV import: Google Contacts and Outlook files map with no manual step,
//! rows are matched (email, IČO, code) by the chosen mode, bad rows are
//! listed by row number with their column, and the good rows are one action.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use vizitka_core::csv::fields::{Key, Mode, Target};
use vizitka_core::csv::import::{auto_map, rejected_rows, SavedMapping, Table};
use vizitka_core::csv::{detect_delimiter, parse_rows};
use vizitka_core::i18n::Lang;
use vizitka_core::model::{EmailLabel, PhoneLabel, Problem, Role};

fn table(text: &str) -> Table {
    Table::new(parse_rows(text, detect_delimiter(text)).unwrap())
}

/// The headers Google Contacts writes ("Google CSV"), cut to the usual ones.
const GOOGLE: &str = "First Name,Middle Name,Last Name,Name Prefix,Name Suffix,Nickname,Organization Name,Organization Title,Organization Department,Birthday,Notes,Labels,E-mail 1 - Label,E-mail 1 - Value,E-mail 2 - Label,E-mail 2 - Value,Phone 1 - Label,Phone 1 - Value,Phone 2 - Label,Phone 2 - Value,Address 1 - Label,Address 1 - Formatted,Website 1 - Label,Website 1 - Value
Jana,,Nováková,Ing.,,,Pekárna U Mlýna,Vedoucí nákupu,,1985-04-12,\"Má ráda \"\"krátké\"\" e-maily\",* myContacts ::: VIP,* Work,jana@pekarna.cz,Home,jana@seznam.cz,Mobile,+420 777 123 456,Work Fax,222 333 445,Work,\"Mlýnská 1
602 00 Brno\",Profile,https://www.linkedin.com/in/jana-novakova
Petr,,Dvořák,,,,Strojírny Vysočina,,,--03-14,,* myContacts,,petr@strojirny.cz,,,Work,+420 567 111 222 ::: +420 602 111 222,,,,,,
";

/// What Outlook's "Export to a file" writes (a subset of its columns).
const OUTLOOK: &str = "\"Title\",\"First Name\",\"Middle Name\",\"Last Name\",\"Suffix\",\"Company\",\"Department\",\"Job Title\",\"Business Street\",\"Business City\",\"Business Phone\",\"Business Fax\",\"Home Phone\",\"Mobile Phone\",\"Birthday\",\"Categories\",\"E-mail Address\",\"E-mail Type\",\"E-mail Display Name\",\"E-mail 2 Address\",\"Notes\",\"Web Page\"
\"Mgr.\",\"Eva\",\"\",\"Malá\",\"\",\"Cukrárna Malá\",\"\",\"Majitelka\",\"Náměstí 3\",\"Tábor\",\"+420 381 222 333\",\"\",\"\",\"+420 605 444 555\",\"3/14/1979\",\"Zákazníci;VIP\",\"eva@mala.cz\",\"SMTP\",\"Eva Malá (eva@mala.cz)\",\"\",\"\",\"\"
\"\",\"Tomáš\",\"\",\"Bílý\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"0/0/00\",\"\",\"tomas@bily.cz\",\"SMTP\",\"\",\"\",\"\",\"\"
";

#[test]
fn google_contacts_headers_map_with_no_manual_step() {
    let t = table(GOOGLE);
    let m = auto_map(Target::Contact, &t.header);
    let at = |h: &str| m[t.header.iter().position(|x| x == h).unwrap()];
    assert_eq!(at("First Name"), Some(Key::FirstName));
    assert_eq!(at("Middle Name"), Some(Key::MiddleName));
    assert_eq!(at("Last Name"), Some(Key::LastName));
    assert_eq!(at("Name Prefix"), Some(Key::Title));
    assert_eq!(at("Organization Name"), Some(Key::Organization));
    assert_eq!(at("Organization Title"), Some(Key::Position));
    assert_eq!(at("E-mail 1 - Label"), Some(Key::EmailLabel));
    assert_eq!(at("E-mail 2 - Value"), Some(Key::Email));
    assert_eq!(at("Phone 1 - Label"), Some(Key::PhoneLabel));
    assert_eq!(at("Phone 2 - Value"), Some(Key::Phone));
    assert_eq!(at("Labels"), Some(Key::Tags));
    assert_eq!(at("Birthday"), Some(Key::Birthday));
    assert_eq!(at("Address 1 - Formatted"), Some(Key::Address));
    assert_eq!(at("Website 1 - Value"), Some(Key::Website));
    assert_eq!(at("Nickname"), None);
    assert_eq!(at("Organization Department"), None);

    let mut w = common::World::with_tester();
    let known = w.org("Strojírny Vysočina");
    // Already here under another email: the import says so.
    let known_petr = w.contact("Petr", "Dvořák", Some(known), vizitka_core::model::Role::Other, false);
    let plan = w.compute(2, |crm, ctx| crm.plan_csv_import(Target::Contact, &t, &m, Mode::Both, Lang::En, ctx));
    assert!(plan.rejected.is_empty(), "{:?}", plan.rejected);
    assert_eq!((plan.created, plan.updated, plan.organizations), (2, 0, 1), "Pekárna made, Strojírny linked by name");
    assert_eq!(plan.look_alikes, [1], "Petr Dvořák looks like the one we have");
    let _ = known_petr;
    w.act(2, |crm, ctx| crm.plan_csv_import(Target::Contact, &t, &m, Mode::Both, Lang::En, ctx).changes);

    let jana = w.crm.contacts().find(|c| c.last_name == "Nováková").unwrap().clone();
    assert_eq!((jana.title.as_str(), jana.first_name.as_str(), jana.position.as_str()), ("Ing.", "Jana", "Vedoucí nákupu"));
    assert_eq!(
        jana.emails.iter().map(|e| (e.address.as_str(), e.label)).collect::<Vec<_>>(),
        [("jana@pekarna.cz", EmailLabel::Work), ("jana@seznam.cz", EmailLabel::Personal)]
    );
    assert_eq!(
        jana.phones.iter().map(|p| (p.number.as_str(), p.label)).collect::<Vec<_>>(),
        [("+420 777 123 456", PhoneLabel::Mobile), ("222 333 445", PhoneLabel::Fax)]
    );
    assert_eq!(jana.tags, ["VIP"], "Google's system group is dropped");
    assert_eq!(jana.linkedin, "https://www.linkedin.com/in/jana-novakova");
    assert_eq!(jana.important_dates[0].date.to_string(), "1985-04-12");
    assert_eq!(jana.notes, "Mlýnská 1, 602 00 Brno\nMá ráda \"krátké\" e-maily");
    let org = w.crm.organization(jana.organization_id.unwrap()).unwrap();
    assert_eq!(org.name, "Pekárna U Mlýna");

    let petr = w.crm.contacts().find(|c| c.last_name == "Dvořák" && !c.phones.is_empty()).unwrap();
    assert_eq!(petr.organization_id, Some(known));
    assert_eq!(petr.phones.len(), 2, "two numbers in one cell");
    assert_eq!(petr.phones[1].label, PhoneLabel::Work);
    assert!(petr.important_dates.is_empty());
    assert_eq!(petr.notes, "Birthday: --03-14", "a birthday without a year is kept in the notes");

    // The same file again: nothing new, nothing duplicated.
    let again = w.compute(3, |crm, ctx| crm.plan_csv_import(Target::Contact, &t, &m, Mode::Both, Lang::En, ctx));
    assert_eq!((again.created, again.updated, again.unchanged, again.organizations), (0, 0, 2, 0));
    assert!(again.changes.is_empty());
}

#[test]
fn outlook_headers_map_and_typed_phones_keep_their_labels() {
    let t = table(OUTLOOK);
    let m = auto_map(Target::Contact, &t.header);
    let at = |h: &str| m[t.header.iter().position(|x| x == h).unwrap()];
    assert_eq!(at("Title"), Some(Key::Title));
    assert_eq!(at("Company"), Some(Key::Organization));
    assert_eq!(at("Job Title"), Some(Key::Position));
    assert_eq!(at("E-mail Address"), Some(Key::Email));
    assert_eq!(at("E-mail 2 Address"), Some(Key::Email));
    assert_eq!(at("Business Phone"), Some(Key::WorkPhone));
    assert_eq!(at("Mobile Phone"), Some(Key::Mobile));
    assert_eq!(at("Categories"), Some(Key::Tags));
    assert_eq!(at("E-mail Display Name"), None);

    let mut w = common::World::with_tester();
    let plan = w.compute(2, |crm, ctx| crm.plan_csv_import(Target::Contact, &t, &m, Mode::Both, Lang::Cs, ctx));
    assert!(plan.rejected.is_empty(), "{:?}", plan.rejected);
    w.act(2, |crm, ctx| crm.plan_csv_import(Target::Contact, &t, &m, Mode::Both, Lang::Cs, ctx).changes);
    let eva = w.crm.contacts().find(|c| c.last_name == "Malá").unwrap();
    assert_eq!(eva.title, "Mgr.");
    assert_eq!(eva.emails[0].label, EmailLabel::Work, "Outlook's SMTP type is no label");
    assert_eq!(eva.phones.iter().map(|p| p.label).collect::<Vec<_>>(), [PhoneLabel::Work, PhoneLabel::Mobile]);
    assert_eq!(eva.tags, ["Zákazníci", "VIP"]);
    assert_eq!(eva.important_dates[0].date.to_string(), "1979-03-14");
    let tomas = w.crm.contacts().find(|c| c.last_name == "Bílý").unwrap();
    assert!(tomas.important_dates.is_empty(), "0/0/00 is Outlook's empty date");
    assert_eq!(tomas.organization_id, None);
}

#[test]
fn bad_rows_are_listed_by_row_and_column_and_the_good_ones_still_import() {
    let text = "Jméno;Příjmení;E-mail;Telefon;Role\n\
                Jana;Nováková;jana@pekarna.cz;+420 777 123 456;Rozhoduje\n\
                Petr;;petr@x.cz;;\n\
                Eva;Malá;not-an-email;;\n\
                \n\
                Ota;Veselý;ota@vesely.cz;;CEO\n\
                Iva;Krátká;iva@kratka.cz;;technical\n\
                Ivo;Dlouhý;ivo@dlouhy.cz;javascript:alert(1);\n";
    let t = table(text);
    let m = auto_map(Target::Contact, &t.header);
    assert_eq!(m, [Some(Key::FirstName), Some(Key::LastName), Some(Key::Email), Some(Key::Phone), Some(Key::Role)]);
    let mut w = common::World::with_tester();
    let plan = w.compute(2, |crm, ctx| crm.plan_csv_import(Target::Contact, &t, &m, Mode::Both, Lang::Cs, ctx));
    assert_eq!(plan.created, 2);
    let rows: Vec<(usize, Option<usize>, Problem)> =
        plan.rejected.iter().map(|r| (Table::row_number(r.index), r.problems[0].column, r.problems[0].problem.clone())).collect();
    assert_eq!(
        rows,
        [(3, Some(1), Problem::Required), (4, Some(2), Problem::NotEmail), (6, Some(4), Problem::NotAChoice), (8, Some(3), Problem::NotPhone),]
    );
    let out = rejected_rows(&t, &plan, |r| format!("{} problem(s)", r.problems.len()), "Problem");
    assert_eq!(out.len(), 5);
    assert_eq!(out[0].last().unwrap(), "Problem");
    assert_eq!(out[2], ["Eva", "Malá", "not-an-email", "", "", "1 problem(s)"]);

    w.act(2, |crm, ctx| crm.plan_csv_import(Target::Contact, &t, &m, Mode::Both, Lang::Cs, ctx).changes);
    assert_eq!(w.crm.contact_count(), 2);
    let jana = w.crm.contacts().find(|c| c.last_name == "Nováková").unwrap();
    assert_eq!(jana.role, Role::DecisionMaker, "a role by its Czech label");
    assert_eq!(w.crm.contacts().find(|c| c.last_name == "Krátká").unwrap().role, Role::Technical, "or its code");
}

#[test]
fn modes_create_only_update_only_and_both() {
    let mut w = common::World::with_tester();
    let first = table("First Name,Last Name,E-mail\nJana,Nováková,jana@pekarna.cz\n");
    let m = auto_map(Target::Contact, &first.header);
    w.act(2, |crm, ctx| crm.plan_csv_import(Target::Contact, &first, &m, Mode::Both, Lang::En, ctx).changes);

    let t = table("First Name,Last Name,E-mail,Job Title\nJana,Nováková,JANA@pekarna.cz,Ředitelka\nPetr,Dvořák,petr@x.cz,\n");
    let m = auto_map(Target::Contact, &t.header);
    let count = |w: &mut common::World, mode| {
        let p = w.compute(3, |crm, ctx| crm.plan_csv_import(Target::Contact, &t, &m, mode, Lang::En, ctx));
        (p.created, p.updated, p.skipped)
    };
    assert_eq!(count(&mut w, Mode::Create), (1, 0, 1));
    assert_eq!(count(&mut w, Mode::Update), (0, 1, 1));
    assert_eq!(count(&mut w, Mode::Both), (1, 1, 0));
    w.act(3, |crm, ctx| crm.plan_csv_import(Target::Contact, &t, &m, Mode::Update, Lang::En, ctx).changes);
    assert_eq!(w.crm.contact_count(), 1);
    let jana = w.crm.contacts().next().unwrap();
    assert_eq!(jana.position, "Ředitelka");
    assert_eq!(jana.emails.len(), 1, "the same address in other case is not added again");
}

#[test]
fn organizations_match_by_ico_and_addresses_split() {
    let mut w = common::World::with_tester();
    let t = table("Název;IČO;DIČ;Web;Ulice;Město;PSČ;Země;Štítky\nPekárna U Mlýna;25596641;CZ25596641;https://pekarna.cz;Mlýnská 1;Brno;602 00;CZ;pekárny, Morava\nŠpatná;12345678;;;;;;;\n");
    let m = auto_map(Target::Organization, &t.header);
    assert!(m.iter().all(Option::is_some), "{m:?}");
    let plan = w.compute(2, |crm, ctx| crm.plan_csv_import(Target::Organization, &t, &m, Mode::Both, Lang::Cs, ctx));
    assert_eq!(plan.created, 1);
    assert_eq!(plan.rejected[0].problems[0].problem, Problem::BadIco);
    assert_eq!(plan.rejected[0].problems[0].column, Some(1));
    w.act(2, |crm, ctx| crm.plan_csv_import(Target::Organization, &t, &m, Mode::Both, Lang::Cs, ctx).changes);
    let o = w.crm.organizations().next().unwrap().clone();
    assert_eq!(o.billing_address.city, "Brno");
    assert_eq!(o.tags, ["pekárny", "Morava"]);

    // Renamed in the file, found by its IČO.
    let renamed = table("Name,Company ID (IČO),Industry\nPekárna U Mlýna s.r.o.,25 596 641,Potraviny\n");
    let m = auto_map(Target::Organization, &renamed.header);
    w.act(3, |crm, ctx| crm.plan_csv_import(Target::Organization, &renamed, &m, Mode::Both, Lang::En, ctx).changes);
    assert_eq!(w.crm.organization_count(), 1);
    let o2 = w.crm.organization(o.id).unwrap();
    assert_eq!((o2.name.as_str(), o2.industry.as_str(), o2.dic.as_str()), ("Pekárna U Mlýna s.r.o.", "Potraviny", "CZ25596641"));
}

#[test]
fn vizitka_exports_import_back() {
    // The header of the organizations list exported in Czech, then in English.
    for (lang, text) in [
        (Lang::Cs, "Název;IČO;DIČ;Obor;Web;E-mail;Telefon;Fakturační adresa;Hlavní kontakt;Vlastník;Štítky\nFirma;;;;;;;\"Vinohradská 12, 120 00 Praha 2, CZ\";;Tester;\n"),
        (Lang::En, "Name,Company ID (IČO),VAT ID (DIČ),Industry,Website,Email,Phone,Billing address,Primary contact,Owner,Tags\nFirma,,,,,,,\"Vinohradská 12, 120 00 Praha 2, CZ\",,Tester,\n"),
    ] {
        let mut w = common::World::with_tester();
        let t = table(text);
        let m = auto_map(Target::Organization, &t.header);
        assert_eq!(m[8], None, "the primary contact is not imported");
        assert_eq!(m[9], Some(Key::Owner));
        let plan = w.compute(2, |crm, ctx| crm.plan_csv_import(Target::Organization, &t, &m, Mode::Both, lang, ctx));
        assert!(plan.rejected.is_empty(), "{:?}", plan.rejected);
        w.act(2, |crm, ctx| crm.plan_csv_import(Target::Organization, &t, &m, Mode::Both, lang, ctx).changes);
        let o = w.crm.organizations().next().unwrap();
        assert_eq!((o.billing_address.postal_code.as_str(), o.billing_address.city.as_str()), ("120 00", "Praha 2"));
        assert_eq!(o.owner_id, w.me);
    }
}

#[test]
fn products_and_leads() {
    let mut w = common::World::with_tester();
    let t = table("Kód;Název;Jednotka;Cena;Měna;DPH;Aktivní\nSRV-1;Servisní hodina;h;1 250,50 Kč;Kč;21 %;Ano\nX;Vadný;ks;hodně;;;\n");
    let m = auto_map(Target::Product, &t.header);
    let plan = w.compute(2, |crm, ctx| crm.plan_csv_import(Target::Product, &t, &m, Mode::Both, Lang::Cs, ctx));
    assert_eq!((plan.created, plan.rejected.len()), (1, 1));
    assert_eq!(plan.rejected[0].problems[0].problem, Problem::NotANumber);
    w.act(2, |crm, ctx| crm.plan_csv_import(Target::Product, &t, &m, Mode::Both, Lang::Cs, ctx).changes);
    let p = w.crm.products().next().unwrap();
    assert_eq!((p.unit_price, p.currency.as_str(), p.vat_rate.to_string()), (125_050, "CZK", "21".to_string()));

    let t = table("Name,Company,Email,Lead Source,Status,Budget,Value\nJan Novák,Novák s.r.o.,jan@novak.cz,Referral,qualified,2,\"150 000\"\nEva Nová,,eva@x.cz,Billboard,,,\n");
    let m = auto_map(Target::Lead, &t.header);
    let plan = w.compute(3, |crm, ctx| crm.plan_csv_import(Target::Lead, &t, &m, Mode::Both, Lang::En, ctx));
    assert_eq!(plan.created, 1);
    assert_eq!(plan.rejected[0].problems[0].column, Some(3), "the unknown source is named");
    w.act(3, |crm, ctx| crm.plan_csv_import(Target::Lead, &t, &m, Mode::Both, Lang::En, ctx).changes);
    let l = w.crm.leads().next().unwrap();
    assert_eq!((l.first_name.as_str(), l.last_name.as_str(), l.budget, l.estimated_value), ("Jan", "Novák", 2, 15_000_000));
}

#[test]
fn a_saved_mapping_is_reused_for_the_headers_it_knows() {
    let headers: Vec<String> = ["Jméno", "Příjmení", "Interní číslo", "Poznámka"].map(String::from).to_vec();
    let mut m = auto_map(Target::Contact, &headers);
    assert_eq!(m[2], None);
    m[2] = Some(Key::Notes);
    m[3] = None;
    let saved = SavedMapping::new(" Účetní ", Target::Contact, &headers, &m);
    assert_eq!(saved.name, "Účetní");
    let json = serde_json::to_string(&saved).unwrap();
    let back: SavedMapping = serde_json::from_str(&json).unwrap();
    let other: Vec<String> = ["Příjmení", "Interní číslo", "E-mail", "Poznámka"].map(String::from).to_vec();
    assert_eq!(back.apply(&other), [Some(Key::LastName), Some(Key::Notes), Some(Key::Email), None]);
}

#[test]
fn real_phone_formats_import_as_written_and_match_the_same_person() {
    let text = "First Name,Last Name,E-mail 1 - Value,Phone 1 - Value,Phone 2 - Value\n\
                Jana,Nováková,jana@pekarna.cz,(+420) 222-333-444,\"602 123 456 ext. 12\"\n\
                Petr,Dvořák,petr@x.cz,+420 (0)602 999 888,\"222 333 445, kl. 25\"\n\
                Eva,Malá,eva@mala.cz,00420 605 444 555,+1 (555) 010-2345 x7\n\
                Ota,Veselý,ota@vesely.cz,+44 20 7946 0958,\"+421 905 123 456 ::: +49 (0)30 1234567\"\n";
    let t = table(text);
    let m = auto_map(Target::Contact, &t.header);
    let mut w = common::World::with_tester();
    let plan = w.compute(2, |crm, ctx| crm.plan_csv_import(Target::Contact, &t, &m, Mode::Both, Lang::En, ctx));
    assert!(plan.rejected.is_empty(), "{:?}", plan.rejected);
    assert_eq!(plan.created, 4);
    w.act(2, |crm, ctx| crm.plan_csv_import(Target::Contact, &t, &m, Mode::Both, Lang::En, ctx).changes);
    fn phones(w: &common::World, last: &str) -> Vec<String> {
        w.crm.contacts().find(|c| c.last_name == last).unwrap().phones.iter().map(|p| p.number.clone()).collect()
    }
    assert_eq!(phones(&w, "Nováková"), ["(+420) 222-333-444", "602 123 456 ext. 12"], "kept as typed");
    assert_eq!(phones(&w, "Dvořák"), ["+420 (0)602 999 888", "222 333 445, kl. 25"], "an extension after a comma is no second number");
    assert_eq!(phones(&w, "Malá"), ["00420 605 444 555", "+1 (555) 010-2345 x7"]);
    assert_eq!(phones(&w, "Veselý"), ["+44 20 7946 0958", "+421 905 123 456", "+49 (0)30 1234567"]);

    // The same numbers written another way add nothing to the contacts.
    let again = "E-mail,Phone\njana@pekarna.cz,+420 222 333 444\njana@pekarna.cz,602123456\neva@mala.cz,+420 605 444 555\n";
    let t = table(again);
    let m = auto_map(Target::Contact, &t.header);
    w.act(3, |crm, ctx| crm.plan_csv_import(Target::Contact, &t, &m, Mode::Update, Lang::En, ctx).changes);
    assert_eq!(phones(&w, "Nováková").len(), 2);
    assert_eq!(phones(&w, "Malá").len(), 2);

    // And a new contact with one of them is named as a likely duplicate.
    let t = table("First Name,Last Name,Phone\nJan,Jiný,+420 (0)222 333 444\n");
    let m = auto_map(Target::Contact, &t.header);
    let plan = w.compute(4, |crm, ctx| crm.plan_csv_import(Target::Contact, &t, &m, Mode::Both, Lang::En, ctx));
    assert_eq!(plan.look_alikes, [0], "the same phone as Jana's");
}

#[test]
fn an_unsafe_url_is_a_rejected_row_with_its_column() {
    let text = "First Name,Last Name,E-mail,LinkedIn,Website 1 - Value\n\
                Jana,Nováková,jana@pekarna.cz,javascript:alert(1),\n\
                Petr,Dvořák,petr@x.cz,,javascript:alert(1)\n\
                Eva,Malá,eva@mala.cz,,\"data:text/html;base64,PHNjcmlwdD4=\"\n\
                Ota,Veselý,ota@vesely.cz,https://www.linkedin.com/in/ota,www.vesely.cz\n";
    let t = table(text);
    let m = auto_map(Target::Contact, &t.header);
    assert_eq!(m[3], Some(Key::LinkedIn));
    assert_eq!(m[4], Some(Key::Website));
    let mut w = common::World::with_tester();
    let plan = w.compute(2, |crm, ctx| crm.plan_csv_import(Target::Contact, &t, &m, Mode::Both, Lang::En, ctx));
    let rows: Vec<(usize, Option<usize>, Problem)> =
        plan.rejected.iter().map(|r| (Table::row_number(r.index), r.problems[0].column, r.problems[0].problem.clone())).collect();
    assert_eq!(rows, [(2, Some(3), Problem::NotWebUrl), (3, Some(4), Problem::NotWebUrl), (4, Some(4), Problem::NotWebUrl)]);
    assert_eq!(plan.created, 1);
    w.act(2, |crm, ctx| crm.plan_csv_import(Target::Contact, &t, &m, Mode::Both, Lang::En, ctx).changes);
    let ota = w.crm.contacts().next().unwrap();
    assert_eq!(ota.linkedin, "https://www.linkedin.com/in/ota");
    assert_eq!(ota.notes, "https://www.vesely.cz", "a bare host is a web link");
    assert!(w.crm.contacts().all(|c| !c.notes.contains("javascript") && !c.notes.contains("data:")));

    // An organization's website the same way.
    let t = table("Name,Website\nDobrá,https://dobra.cz\nZlá,javascript:alert(1)\nHolá,firma.cz/kontakt\n");
    let m = auto_map(Target::Organization, &t.header);
    let plan = w.compute(3, |crm, ctx| crm.plan_csv_import(Target::Organization, &t, &m, Mode::Both, Lang::En, ctx));
    assert_eq!(plan.rejected.len(), 1);
    assert_eq!((Table::row_number(plan.rejected[0].index), plan.rejected[0].problems[0].column), (3, Some(1)));
    assert_eq!(plan.rejected[0].problems[0].problem, Problem::NotWebUrl);
    w.act(3, |crm, ctx| crm.plan_csv_import(Target::Organization, &t, &m, Mode::Both, Lang::En, ctx).changes);
    assert!(w.crm.organizations().any(|o| o.website == "https://firma.cz/kontakt"));
    assert!(w.crm.organizations().all(|o| o.website.is_empty() || o.website.starts_with("https://")));
}
