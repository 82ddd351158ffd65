// The segment writer (see writer.rs): runs in a dedicated worker and
// rewrites every segment in one IndexedDB transaction. On the page's own
// thread the browser makes no progress on a transaction while the page
// computes; here it stores a large import while the page builds its indexes.
//
// In:  {open: name, version}                       warm the connection up
//      {rewrite: name, version, keys, runs,        runs: per segment, a list of
//       file?: ArrayBuffer,                          Uint8Array | [start, end] in file
//       files?: {clear, put: [[id, type, bytes]]}, attachments' bytes (absent: untouched)
//       expect: null | {generation, log: [key]},   compaction's stale check
//       abortAfter: null | n}                      a test fault: abort after n puts
//      {breakForTest: true}                        a test fault: throw, uncaught
// Out: {generation} | {stale: true} | {aborted: why} | {error: name, message}
"use strict";

let connection = null; // {name, version, db: Promise<IDBDatabase>}

function open(name, version) {
  if (connection && connection.name === name && connection.version === version) return connection.db;
  if (connection) connection.db.then((db) => db.close(), () => {});
  const opening = new Promise((resolve, reject) => {
    const request = indexedDB.open(name, version);
    // The page's connection creates and upgrades the schema; a database
    // this writer would have to create is not the one it was sent to.
    request.onupgradeneeded = () => request.transaction.abort();
    request.onsuccess = () => {
      const db = request.result;
      // Another tab upgrades the schema: step aside (the page is told).
      db.onversionchange = () => {
        db.close();
        if (connection && connection.db === opening) connection = null;
      };
      resolve(db);
    };
    request.onerror = () => reject(request.error || new Error("the database could not be opened"));
  });
  connection = { name, version, db: opening };
  // A failed open is retried by the next rewrite.
  opening.catch(() => {
    if (connection && connection.db === opening) connection = null;
  });
  return opening;
}

// One segment: its runs of records joined by commas into a JSON array.
function assemble(runs, file) {
  const parts = runs.map((r) => (ArrayBuffer.isView(r) ? r : new Uint8Array(file, r[0], r[1] - r[0])));
  let length = 2 + Math.max(parts.length - 1, 0); // brackets and commas
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  out[0] = 0x5b; // [
  let at = 1;
  parts.forEach((p, i) => {
    if (i > 0) out[at++] = 0x2c; // ,
    out.set(p, at);
    at += p.length;
  });
  out[at] = 0x5d; // ]
  return out;
}

const result = (request) =>
  new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });

async function rewrite(m) {
  const db = await open(m.rewrite, m.version);
  const stores = m.files ? ["segments", "log", "meta", "files"] : ["segments", "log", "meta"];
  const tx = db.transaction(stores, "readwrite");
  const finished = new Promise((resolve) => {
    tx.oncomplete = () => resolve(null);
    tx.onabort = () => resolve(tx.error || new Error("the browser aborted the transaction"));
  });
  try {
    return await fill(tx, finished, m);
  } catch (e) {
    // Never commit half of a rewrite.
    try {
      tx.abort();
    } catch (_) {}
    await finished;
    throw e;
  }
}

async function fill(tx, finished, m) {
  const segments = tx.objectStore("segments");
  const log = tx.objectStore("log");
  const meta = tx.objectStore("meta");
  const stored = (await result(meta.get("generation"))) || 0;
  if (m.expect) {
    const known = new Set(m.expect.log);
    const keys = await result(log.getAllKeys());
    if (stored !== m.expect.generation || keys.some((k) => !known.has(k))) {
      tx.abort();
      await finished;
      return { stale: true };
    }
  }
  const generation = stored + 1;
  meta.put(generation, "generation");
  segments.clear();
  log.clear();
  // A test fault: abort once `abortAfter` puts are made (checked without
  // an await, so the transaction stays active between puts).
  let puts = 0;
  const crash = () => m.abortAfter === puts;
  const crashed = async () => {
    tx.abort();
    await finished;
    return { aborted: "aborted by a test fault" };
  };
  for (let i = 0; i < m.keys.length; i++) {
    if (crash()) return crashed();
    segments.put(assemble(m.runs[i], m.file), m.keys[i]);
    puts++;
  }
  if (m.files) {
    const files = tx.objectStore("files");
    if (m.files.clear) files.clear();
    for (const [id, type, bytes] of m.files.put) {
      if (crash()) return crashed();
      files.put(new Blob([bytes], { type }), id);
      puts++;
    }
  }
  if (crash()) return crashed();
  if (tx.commit) tx.commit();
  const error = await finished;
  return error ? { error: error.name || "Error", message: error.message || "" } : { generation };
}

// A test fault: from then on the worker answers nothing, like one that
// could not start, and reports an error it did not catch.
let broken = false;

onmessage = (event) => {
  const m = event.data;
  if (broken) return;
  if (m.breakForTest) {
    broken = true;
    throw new Error("broken by a test fault");
  }
  handle(m);
};

async function handle(m) {
  if (m.open) {
    open(m.open, m.version).catch(() => {});
    return;
  }
  let reply;
  try {
    reply = await rewrite(m);
  } catch (e) {
    reply = { error: (e && e.name) || "Error", message: (e && e.message) || String(e) };
  }
  postMessage(reply);
}
