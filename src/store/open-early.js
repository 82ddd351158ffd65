// Opens the app's database while its wasm is still on the way. At a cold
// start the browser spent 70–200 ms opening the database and reading it
// for the first time, after the wasm had started and before the first
// list row; here it overlaps the wasm's download and compilation
// (docs/performance.md). The app takes this connection (`Store::open`,
// src/store/mod.rs) when it is of the schema it expects; else it closes
// it and opens the database itself, with its upgrade.
//
// Only an open that changes nothing: without a version no upgrade runs,
// and a database that does not exist yet is not made here (the abort
// below), since only the app's upgrade knows its stores.
(() => {
  let request;
  try {
    request = indexedDB.open("vizitka");
  } catch {
    return; // No IndexedDB: the app says so when it opens it.
  }
  window.vizitkaOpening = new Promise((resolve) => {
    request.onupgradeneeded = () => request.transaction.abort();
    request.onerror = (event) => {
      event.preventDefault();
      resolve(null);
    };
    request.onsuccess = () => {
      const db = request.result;
      // Another tab upgrades before the app took this connection: let it.
      db.onversionchange = () => {
        db.close();
        db.vizitkaClosed = true;
      };
      // The open alone left the browser's first read of the database to
      // the app's load (it took as long as the open had). The load's
      // first requests, made now and not used: the app reads again in
      // one transaction of its own, so what it loads is consistent.
      try {
        const tx = db.transaction(["segments", "log", "meta"], "readonly");
        tx.objectStore("segments").getAllKeys();
        tx.objectStore("log").getAllKeys();
        tx.objectStore("meta").get("generation");
      } catch {
        // A store missing (an old schema): the app upgrades it.
      }
      resolve(db);
    };
  });
})();
