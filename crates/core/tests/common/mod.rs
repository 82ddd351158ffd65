//! Fixtures shared by the native tests.
#![allow(dead_code)]

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};
use uuid::Uuid;
use vizitka_core::model::ids::{new_id, Rng};
use vizitka_core::model::Ctx;
use vizitka_core::model::{Change, Contact, Crm, Email, EmailLabel, Organization, Role, TeamMember};

pub fn at(day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, day, 9, 0, 0).unwrap()
}

/// Ids and a clock for one test, deterministic.
pub struct World {
    pub crm: Crm,
    /// The team member acting ("Tester").
    pub me: Option<Uuid>,
    rng: Rng,
    ms: u64,
}

impl World {
    pub fn new() -> Self {
        Self::with_seed(7)
    }

    pub fn with_seed(seed: u64) -> Self {
        World { crm: Crm::new(), me: None, rng: Rng::new(seed), ms: 1_790_000_000_000 + seed * 1_000_000 }
    }

    /// A world where "Tester" is a team member and the one acting.
    pub fn with_tester() -> Self {
        let mut w = Self::new();
        let m = TeamMember::new(w.id(), at(1), "Tester");
        let id = m.id;
        w.act(1, |crm, ctx| crm.save_team_member(m, ctx).expect("valid member"));
        w.me = Some(id);
        w
    }

    pub fn id(&mut self) -> Uuid {
        self.ms += 1;
        new_id(self.ms, self.rng.bytes10())
    }

    /// Runs a user action the way the app does: compute, then apply.
    pub fn act<F>(&mut self, day: u32, f: F) -> Vec<Change>
    where
        F: FnOnce(&Crm, &mut Ctx) -> Vec<Change>,
    {
        self.act_at(at(day), f)
    }

    /// [`World::act`] at any time.
    pub fn act_at<F>(&mut self, now: DateTime<Utc>, f: F) -> Vec<Change>
    where
        F: FnOnce(&Crm, &mut Ctx) -> Vec<Change>,
    {
        let mut rng = self.rng.clone();
        let mut ms = self.ms;
        let mut next = || {
            ms += 1;
            new_id(ms, rng.bytes10())
        };
        let mut ctx = Ctx { now, me: self.me, new_id: &mut next };
        let changes = f(&self.crm, &mut ctx);
        self.ms += 1000;
        self.rng.next_u64();
        self.crm.apply(&changes);
        changes
    }

    /// Computes an action without applying it (what it would do, or refuse).
    pub fn compute<R>(&mut self, day: u32, f: impl FnOnce(&Crm, &mut Ctx) -> R) -> R {
        let mut rng = self.rng.clone();
        let mut ms = self.ms;
        let mut next = || {
            ms += 1;
            new_id(ms, rng.bytes10())
        };
        let mut ctx = Ctx { now: at(day), me: self.me, new_id: &mut next };
        let r = f(&self.crm, &mut ctx);
        // Ids it handed out are not handed out again.
        self.ms += 1000;
        self.rng.next_u64();
        r
    }

    pub fn org(&mut self, name: &str) -> Uuid {
        let mut o = Organization::new(self.id(), at(1));
        o.name = name.into();
        let id = o.id;
        self.act(1, |crm, ctx| crm.save_organization(o, ctx).expect("valid organization"));
        id
    }

    pub fn contact(&mut self, first: &str, last: &str, org: Option<Uuid>, role: Role, primary: bool) -> Uuid {
        let mut c = Contact::new(self.id(), at(1));
        c.first_name = first.into();
        c.last_name = last.into();
        c.organization_id = org;
        c.role = role;
        c.emails.push(Email { address: format!("{}@example.cz", first.to_lowercase()), label: EmailLabel::Work });
        let id = c.id;
        self.act(2, |crm, ctx| crm.save_contact(c, primary, ctx).expect("valid contact"));
        id
    }
}

/// Europe/Prague: CET, CEST from the last Sunday of March 01:00 UTC to the
/// last Sunday of October 01:00 UTC.
pub fn prague(t: DateTime<Utc>) -> i32 {
    let last_sunday = |month: u32| {
        let mut d = NaiveDate::from_ymd_opt(t.year(), month + 1, 1).unwrap() - Duration::days(1);
        while d.weekday() != Weekday::Sun {
            d -= Duration::days(1);
        }
        d.and_hms_opt(1, 0, 0).unwrap().and_utc()
    };
    if t >= last_sunday(3) && t < last_sunday(10) {
        120
    } else {
        60
    }
}

/// A local Prague time as UTC.
pub fn local(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    let naive = NaiveDate::from_ymd_opt(y, m, d).unwrap().and_hms_opt(h, min, 0).unwrap();
    let guess = naive.and_utc() - Duration::minutes(60);
    naive.and_utc() - Duration::minutes(i64::from(prague(guess)))
}
