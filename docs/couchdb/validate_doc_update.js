function (newDoc, oldDoc, userCtx, secObj) {
  // Vizitka's validate_doc_update (docs/sync.md): the database holds
  // Vizitka's records and nothing else, whichever client writes. Who may
  // write is the database's _security (its members); this checks what.
  // Written for CouchDB 3's JavaScript (no arrow functions, no let).
  var KINDS = ["organization", "contact", "team_member", "activity", "link", "stage", "product", "campaign", "lead", "opportunity", "quote", "project", "handover", "delivered_item", "contract", "ticket", "supplier", "attachment", "rule", "template", "firing", "alert", "draft", "follow", "history"];
  if (newDoc._id.indexOf("_design/") === 0) {
    // Only admins write design documents (CouchDB's own rule).
    return;
  }
  // A record, or a record's review (what two devices disagreed about).
  var m = /^(review:)?([a-z_]+):([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.exec(newDoc._id);
  if (!m) {
    throw({ forbidden: "not a Vizitka record: " + newDoc._id });
  }
  if (KINDS.indexOf(m[2]) < 0) {
    throw({ forbidden: "no such kind of record: " + m[2] });
  }
  if (newDoc._deleted) {
    return;
  }
  if (m[1]) {
    if (newDoc.doc !== m[2] + ":" + m[3]) {
      throw({ forbidden: newDoc._id + ": not the review of the record its _id names" });
    }
    return;
  }
  if (newDoc.id !== m[3]) {
    throw({ forbidden: newDoc._id + ": its id is not the one its _id names" });
  }
  // History entries and links are never edited: a change is a new one.
  if (oldDoc && !oldDoc._deleted && (m[2] === "history" || m[2] === "link")) {
    throw({ forbidden: newDoc._id + ": a " + m[2] + " never changes" });
  }
}
