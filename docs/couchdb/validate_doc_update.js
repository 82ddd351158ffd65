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
  var m = /^([a-z_]+):([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.exec(newDoc._id);
  if (!m) {
    throw({ forbidden: "not a Vizitka record: " + newDoc._id });
  }
  if (KINDS.indexOf(m[1]) < 0) {
    throw({ forbidden: "no such kind of record: " + m[1] });
  }
  if (newDoc._deleted) {
    return;
  }
  if (newDoc.id !== m[2]) {
    throw({ forbidden: newDoc._id + ": its id is not the one its _id names" });
  }
  // History entries and links are never edited: a change is a new one.
  if (oldDoc && !oldDoc._deleted && (m[1] === "history" || m[1] === "link")) {
    throw({ forbidden: newDoc._id + ": a " + m[1] + " never changes" });
  }
}
