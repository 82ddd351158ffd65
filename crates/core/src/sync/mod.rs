//! Sync with a CouchDB database (issue 26), the part that is pure data:
//! how a record becomes a CouchDB document and back ([`doc`]), what the
//! replication endpoints send and answer ([`protocol`]), the three-way
//! merge of two devices' edits ([`merge`]), and what each record's sync
//! state is — its server revision, the version last agreed with the server,
//! whether it waits to go up ([`state`]) — and what two devices disagreed
//! about, for a person to settle on any device ([`review`]).
//!
//! The app stays local-first: the IndexedDB copy is the one it reads, and
//! a server only ever adds to it through the same changes a user action
//! makes. Nothing here decides by a device's clock.

pub mod doc;
pub mod merge;
pub mod protocol;
pub mod review;
pub mod state;

pub use doc::{doc_id, from_doc, parse_doc_id, to_doc, DocError, Incoming};
pub use merge::{merge3, FieldConflict, Merged};
pub use protocol::{Rev, Seq};
pub use review::{Review, Settle, Why};
pub use state::SyncState;
