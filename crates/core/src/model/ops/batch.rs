//! Many records saved as one user action (an import): each is saved against
//! the records before it, and their changes add up to one transaction.

use std::collections::HashMap;

use uuid::Uuid;

use crate::model::record::Change;
use crate::model::search::fold;
use crate::model::validate::FieldError;
use crate::model::Organization;
use crate::model::{Crm, Ctx};

pub struct Batch {
    /// The records as they will be once the batch is stored.
    pub next: Crm,
    pub changes: Vec<Change>,
    /// Organizations by folded name, filled on first use.
    orgs: Option<HashMap<String, Uuid>>,
    pub organizations_made: usize,
}

impl Batch {
    pub fn new(crm: &Crm) -> Batch {
        Batch { next: crm.clone(), changes: Vec::new(), orgs: None, organizations_made: 0 }
    }

    /// Adds the changes of one saved record; `true` when there were any.
    pub fn add(&mut self, more: Vec<Change>) -> bool {
        self.next.apply(&more);
        let any = !more.is_empty();
        self.changes.extend(more);
        any
    }

    /// The organization named `name` (diacritics and case ignored), made
    /// with that name when there is none. Problems are the new
    /// organization's (a name too long).
    pub fn organization_named(&mut self, name: &str, ctx: &mut Ctx) -> Result<Uuid, Vec<FieldError>> {
        let key = fold(name.trim());
        let next = &self.next;
        let orgs = self.orgs.get_or_insert_with(|| next.organizations().map(|o| (fold(o.name.trim()), o.id)).collect());
        if let Some(id) = orgs.get(&key) {
            return Ok(*id);
        }
        let mut o = Organization::new((ctx.new_id)(), ctx.now);
        o.name = name.trim().to_string();
        o.owner_id = ctx.me;
        let id = o.id;
        let more = self.next.save_organization(o, ctx)?;
        self.orgs.get_or_insert_with(HashMap::new).insert(key, id);
        self.add(more);
        self.organizations_made += 1;
        Ok(id)
    }
}
