// The benchmark driver (run by scripts/bench, not part of the tests).
// For each bundle: imports it through the UI into a fresh profile, then
// times cold start, search, one edit and export, and the peer baselines on
// the same records. Prints a Markdown table.
import { chromium } from "@playwright/test";
import { readFile, stat } from "node:fs/promises";
import { firstScreen } from "../e2e/first_screen.mjs";

// Arguments: the app's URL, then bundles; one after `--reports` is
// measured for the reports row only.
const args = process.argv.slice(2);
const baseURL = args.shift();
const reportsAt = args.indexOf("--reports");
const reportsFile = reportsAt >= 0 ? args.splice(reportsAt, 2)[1] : null;
const bundles = args;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", ...(process.env.BENCH_CHROMIUM_ARGS || "").split(" ").filter(Boolean)],
});

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)];
const ms = (x) => `${Math.round(x)} ms`;

// Resolves with performance.now() when `test()` first holds after a DOM change.
// A cold start's marks, taken by an observer the page gets before its own
// scripts run: watch() starts only when the page's main thread is free,
// and a load keeps it busy, so a row already shown was timed at the end of
// the load (a 2.3 s "first row" that was on screen at 0.5 s).
const MARKS = {
  row: "() => !!document.querySelector('.contact-row')",
  full: "() => !/·/.test(document.querySelector('.result-count')?.textContent ?? '·')",
};
const markOnStart = (context) =>
  context.addInitScript((marks) => {
    window.__marks = {};
    const tests = Object.entries(marks).map(([k, src]) => [k, new Function(`return (${src})()`)]);
    new MutationObserver(() => {
      for (const [k, test] of tests) if (!(k in window.__marks) && test()) window.__marks[k] = performance.now();
    }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
  }, MARKS);
/** Waits for the cold start's mark `name` and returns its time. */
const mark = async (page, name) => {
  await page.waitForFunction((n) => window.__marks && n in window.__marks, name, { timeout: 180_000, polling: 50 });
  return page.evaluate((n) => window.__marks[n], name);
};

const watch = (page, fnSource) =>
  page.evaluate(
    (src) =>
      new Promise((resolve) => {
        const test = new Function(`return (${src})()`);
        if (test()) return resolve(performance.now());
        const obs = new MutationObserver(() => {
          if (test()) {
            obs.disconnect();
            resolve(performance.now());
          }
        });
        obs.observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
      }),
    fnSource,
  );

// Trunk's loader announces the wasm's exports; its linear memory is where
// the records live, which the JS heap leaves out.
const keepWasm = () => addEventListener("TrunkApplicationStarted", (e) => (window.__wasm = e.detail.wasm));

// After a garbage collection: the wasm's linear memory and the JS heap, in bytes.
async function memory(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("HeapProfiler.collectGarbage");
  const heap = (await cdp.send("Runtime.getHeapUsage")).usedSize;
  await cdp.detach();
  return { wasm: await page.evaluate(() => window.__wasm?.memory?.buffer.byteLength ?? 0), heap };
}

// Imports `file` through the UI (replace all) into a fresh profile, from
// the change event to "Import finished."; pushes its time and phases.
async function freshImport(file, imports) {
  // The bench's own probes (`watch`) build functions from text, which the
  // app's Content-Security-Policy forbids to the page's scripts.
  const context = await browser.newContext({ bypassCSP: true });
  await context.addInitScript(keepWasm);
  const page = await context.newPage();
  page.on("pageerror", (e) => console.error("page error:", e.message));
  await page.goto(`${baseURL}/settings`);
  await page.waitForSelector("#import-file");
  await page.locator("input[name=import-mode][value=replace]").check();
  await page.evaluate(() => {
    document.querySelector("#import-file").addEventListener("change", () => (window.__t0 = performance.now()), { capture: true });
  });
  const done = watch(page, `() => [...document.querySelectorAll('.notice')].some(n => /Import finished/.test(n.textContent))`);
  await page.locator("#import-file").setInputFiles(file);
  const t1 = await done;
  const phases = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType("measure").filter((m) => m.name.startsWith("vizitka:")).map((m) => [m.name.slice(8), m.duration])));
  imports.push({ time: t1 - (await page.evaluate(() => window.__t0)), phases, memory: await memory(page) });
  return { context, page };
}

// Every report and the dashboard on one bundle (100,000 contacts and
// 200,000 activities): from a click on its link (the app loaded) to its
// table (or "no records") painted; the median of three each.
const REPORTS = ["pipeline-by-stage", "pipeline-by-month", "win-rate", "leads-by-source", "quotes-by-status", "activities", "contacts-per-organization", "active-contacts", "dormant-contacts"];
async function runReports(file) {
  console.error(`measuring reports on ${file}`);
  const bundle = JSON.parse(await readFile(file, "utf8"));
  const imports = [];
  const { context, page } = await freshImport(file, imports);
  await page.goto(`${baseURL}/reports`);
  await page.waitForSelector("#report-dormant-contacts");
  const click = async (selector, shownTest) => {
    const runs = [];
    const computes = [];
    for (let i = 0; i < 3; i++) {
      await page.goto(`${baseURL}/reports`);
      await page.waitForSelector("#report-dormant-contacts");
      const shown = watch(page, shownTest);
      const t0 = await page.evaluate((selector) => {
        const t = performance.now();
        document.querySelector(selector).click();
        return t;
      }, selector);
      runs.push((await shown) - t0);
      computes.push(await page.evaluate(() => performance.getEntriesByName("vizitka:report").pop()?.duration ?? NaN));
    }
    if (process.env.BENCH_VERBOSE) console.error(selector, "click → painted:", runs.map(Math.round).join(", "), "compute:", computes.map(Math.round).join(", "));
    return median(runs);
  };
  const times = {};
  for (const id of REPORTS) {
    times[id] = await click(`#report-${id}`, `() => document.querySelector('[data-report="${id}"] #report-table tbody tr, [data-report="${id}"] #report-empty') !== null`);
  }
  times.dashboard = await click("a.brand", `() => document.querySelector('#dash-pipeline-table tbody tr') !== null`);
  await context.close();
  if (process.env.BENCH_VERBOSE) console.error("reports:", JSON.stringify(times));
  return { contacts: bundle.contacts.length, activities: bundle.activities.length, bytes: (await stat(file)).size, import: imports[0].time, times };
}

async function runOne(file) {
  console.error(`measuring ${file}`);
  const size = (await stat(file)).size;
  const bundle = JSON.parse(await readFile(file, "utf8"));
  const n = bundle.contacts.length;
  const row = { contacts: n, bytes: size };
  // Import through the UI (replace all), from the change event to "Import
  // finished.", each time into a fresh profile; the median of three, since
  // one import on a shared machine varies by a few hundred ms.
  const imports = [];
  let context, page;
  for (let i = 0; i < 3; i++) {
    if (context) await context.close();
    ({ context, page } = await freshImport(file, imports));
  }
  if (process.env.BENCH_VERBOSE) console.error("imports:", imports.map((r) => Math.round(r.time)).join(", "));
  const typical = [...imports].sort((a, b) => a.time - b.time)[1];
  row.import = typical.time;
  row.phases = typical.phases;
  row.memImport = typical.memory;

  // Cold start: a new page (new wasm instance) to the first painted row;
  // the median of five, since one start varies by a few hundred ms.
  await page.close();
  const colds = [];
  const fulls = [];
  let cold;
  await markOnStart(context);
  for (let i = 0; i < 5; i++) {
    if (cold) await cold.close();
    cold = await context.newPage();
    await cold.goto(`${baseURL}/contacts`, { waitUntil: "commit" });
    colds.push(await mark(cold, "row")); // from navigation start
    fulls.push(await mark(cold, "full"));
  }
  row.full = median(fulls);
  row.cold = median(colds);
  if (process.env.BENCH_VERBOSE) console.error("cold starts:", colds.map(Math.round).join(", "), "fully loaded:", fulls.map(Math.round).join(", "));
  await cold.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
  Object.assign(row.phases, await cold.evaluate(() => Object.fromEntries(performance.getEntriesByType("measure").filter((m) => m.name.startsWith("vizitka:")).map((m) => [m.name.slice(8), m.duration]))));
  row.phases.wasmStart = await cold.evaluate(() => performance.getEntriesByType("resource").find((e) => e.name.endsWith(".wasm"))?.responseEnd ?? 0);

  row.memLoad = await memory(cold);

  // Search: keystroke to updated list (DOM updated, effects run), 20 queries.
  const queries = process.env.BENCH_QUERIES ? process.env.BENCH_QUERIES.split(",") : ["d", "dv", "dvo", "dvor", "novak", "jana", "777", "+420 6", "praha", "pek", "kucer", "sro", "ing", "tereza h", "@seznam", "horak", "cerna", "x", "marek 1", ""];
  // Each query typed into the box `selector` names: keystroke to the page
  // updated (DOM updated, effects run).
  const keystrokes = async (selector, list, page = cold) => {
    const out = [];
    for (const q of list) {
      out.push(
        await page.evaluate(
          async ([selector, q]) => {
            const input = document.querySelector(selector);
            const t0 = performance.now();
            input.value = q;
            input.dispatchEvent(new Event("input", { bubbles: true }));
            await new Promise((r) => setTimeout(r, 0));
            return performance.now() - t0;
          },
          [selector, q],
        ),
      );
    }
    return out;
  };
  const times = await keystrokes(".toolbar input.search", queries);
  if (process.env.BENCH_VERBOSE) console.error(queries.map((q, i) => `${JSON.stringify(q)} ${Math.round(times[i])}`).join(", "));
  row.searchMedian = median(times);
  row.searchP95 = p95(times);

  // Global search (the top bar): keystroke to the suggestions of every
  // kind painted, the same queries (but the empty one), then emptied.
  const global = await keystrokes("#global-search", queries.filter((q) => q !== ""));
  await keystrokes("#global-search", [""]);
  if (process.env.BENCH_VERBOSE) console.error("global search:", global.map(Math.round).join(", "));
  row.globalMedian = median(global);
  row.globalP95 = p95(global);

  // Save one edited contact: click Save → the detail page shows the change.
  const id = bundle.contacts[Math.floor(n / 2)].id;
  await cold.goto(`${baseURL}/contacts/${id}/edit`);
  await cold.waitForSelector("#f-position");
  await cold.locator("#f-position").fill("Změřeno");
  const saved = watch(cold, `() => document.querySelector('.subtitle')?.textContent.includes('Změřeno')`);
  const t0 = await cold.evaluate(() => {
    const t = performance.now();
    document.querySelector("form.form-page button[type=submit]").click();
    return t;
  });
  row.edit = (await saved) - t0;
  row.commit = await cold.evaluate(() => performance.getEntriesByName("vizitka:commit").pop()?.duration ?? NaN);

  // Another tab: the same edit there shows here, read from the change log
  // (no reload of every record). Both pages' clocks on the epoch.
  const tab = await context.newPage();
  await tab.goto(`${baseURL}/contacts/${id}`);
  await watch(tab, `() => document.querySelector('.subtitle')?.textContent.includes('Změřeno')`);
  const loadsBefore = await tab.evaluate(() => performance.getEntriesByName("vizitka:load").length);
  await cold.goto(`${baseURL}/contacts/${id}/edit`);
  await cold.waitForSelector("#f-position");
  await cold.locator("#f-position").fill("Změřeno ve druhé kartě");
  const seen = tab.evaluate(
    () =>
      new Promise((resolve) => {
        const shown = () => document.querySelector(".subtitle")?.textContent.includes("ve druhé kartě");
        const obs = new MutationObserver(() => {
          if (shown()) {
            obs.disconnect();
            resolve(performance.timeOrigin + performance.now());
          }
        });
        obs.observe(document, { subtree: true, childList: true, characterData: true });
      }),
  );
  const s0 = await cold.evaluate(() => {
    const t = performance.timeOrigin + performance.now();
    document.querySelector("form.form-page button[type=submit]").click();
    return t;
  });
  row.otherTab = (await seen) - s0;
  if ((await tab.evaluate(() => performance.getEntriesByName("vizitka:load").length)) !== loadsBefore) throw new Error("the other tab reloaded everything");
  await tab.close();

  // Log a note on the same contact: click Save → its page shows the note
  // (the action writes an activity, its links and a history entry).
  await cold.goto(`${baseURL}/activities/new?kind=note&contact=${id}`);
  await cold.waitForSelector("#f-body");
  await cold.locator("#f-body").fill("Změřená poznámka");
  const logged = watch(cold, `() => location.pathname === '/contacts/${id}' && (document.querySelector('#timeline')?.textContent ?? '').includes('Změřená poznámka')`);
  const a0 = await cold.evaluate(() => {
    const t = performance.now();
    document.querySelector("form.form-page button[type=submit]").click();
    return t;
  });
  row.note = (await logged) - a0;
  row.noteCommit = await cold.evaluate(() => performance.getEntriesByName("vizitka:commit").pop()?.duration ?? NaN);

  // A contact with 5,000 activities: click its link (the app is loaded)
  // to the first page of its timeline painted; the median of five.
  const heavy = (bundle.links ?? []).find((l) => l.record_kind === "contact")?.record_id;
  if (heavy) {
    const opens = [];
    for (let i = 0; i < 5; i++) {
      await cold.goto(`${baseURL}/contacts`);
      await cold.waitForSelector(".contact-row");
      const shown = watch(cold, `() => document.querySelectorAll('#timeline li.item').length >= 50`);
      const t0 = await cold.evaluate((id) => {
        const a = document.createElement("a");
        a.href = `/contacts/${id}`;
        document.querySelector("main").append(a);
        const t = performance.now();
        a.click();
        return t;
      }, heavy);
      opens.push((await shown) - t0);
    }
    if (process.env.BENCH_VERBOSE) console.error("5,000-activity contact opens:", opens.map(Math.round).join(", "));
    row.heavy = median(opens);
  }

  // The kanban with 20,000 opportunities: click the Pipeline link (the
  // app is loaded) to every column and its first cards painted; median of 5.
  if ((bundle.opportunities ?? []).length > 0) {
    const boards = [];
    for (let i = 0; i < 5; i++) {
      await cold.goto(`${baseURL}/contacts`);
      await cold.waitForSelector(".contact-row");
      const stages = bundle.stages.length;
      const shown = watch(cold, `() => document.querySelectorAll('.board .column').length === ${stages} && document.querySelectorAll('.deal-card').length >= 50`);
      const t0 = await cold.evaluate(() => {
        const t = performance.now();
        document.querySelector('a[href="/opportunities"]').click();
        return t;
      });
      boards.push((await shown) - t0);
    }
    if (process.env.BENCH_VERBOSE) console.error(`kanban with ${bundle.opportunities.length} opportunities:`, boards.map(Math.round).join(", "));
    row.kanban = median(boards);
    row.opportunities = bundle.opportunities.length;
  }

  // After the sale: an organization with 30 projects, contracts and
  // delivered items, link click to its after-sale card painted; then the
  // contracts list (10,000 at 100,000 contacts) to its first rows; median of 5.
  if ((bundle.contracts ?? []).length > 0) {
    const org = bundle.contracts.find((c) => bundle.contracts.filter((d) => d.organization_id === c.organization_id).length >= 30)?.organization_id ?? bundle.contracts[0].organization_id;
    const click = async (href, ready) => {
      const runs = [];
      for (let i = 0; i < 5; i++) {
        await cold.goto(`${baseURL}/contacts`);
        await cold.waitForSelector(".contact-row");
        const shown = watch(cold, ready);
        const t0 = await cold.evaluate((href) => {
          const a = document.createElement("a");
          a.href = href;
          document.querySelector("main").append(a);
          const t = performance.now();
          a.click();
          return t;
        }, href);
        runs.push((await shown) - t0);
      }
      return runs;
    };
    const orgRuns = await click(`/organizations/${org}`, `() => document.querySelectorAll('#after-sale-items .delivered-item').length >= 30 && document.querySelectorAll('#after-sale-contracts li').length >= 30`);
    const listRuns = await click("/contracts", `() => document.querySelectorAll('.contract-row').length >= 10`);
    // Every ticket's SLA state is computed for the list (sorted by due time).
    const ticketRuns = (bundle.tickets ?? []).length > 0 ? await click("/tickets", `() => document.querySelectorAll('.ticket-row').length >= 10`) : [];
    if (process.env.BENCH_VERBOSE) console.error("organization with after-sale card:", orgRuns.map(Math.round).join(", "), "contracts list:", listRuns.map(Math.round).join(", "));
    row.afterSale = median(orgRuns);
    row.contractsList = median(listRuns);
    row.contracts = bundle.contracts.length;
    if (ticketRuns.length > 0) {
      row.ticketsList = median(ticketRuns);
      row.tickets = bundle.tickets.length;
    }
  }

  // Duplicates among every contact: click the list's Duplicates link to
  // the groups shown (or "none"); median of 3.
  {
    const runs = [];
    for (let i = 0; i < 3; i++) {
      await cold.goto(`${baseURL}/contacts`);
      await cold.waitForSelector(".contact-row");
      await cold.waitForSelector("#duplicates");
      const shown = watch(cold, `() => document.querySelector('.duplicate-group, #no-duplicates') !== null`);
      const t0 = await cold.evaluate(() => {
        const t = performance.now();
        document.querySelector("#duplicates").click();
        return t;
      });
      runs.push((await shown) - t0);
    }
    if (process.env.BENCH_VERBOSE) console.error("duplicates:", runs.map(Math.round).join(", "));
    row.duplicates = median(runs);
  }

  // Export: click to the download.
  await cold.goto(`${baseURL}/settings`);
  await cold.waitForSelector("#export-bundle");
  const e0 = Date.now();
  const [download] = await Promise.all([cold.waitForEvent("download"), cold.locator("#export-bundle").click()]);
  await download.path();
  row.export = Date.now() - e0;
  const exportPhases = await cold.evaluate(() => Object.fromEntries(performance.getEntriesByType("measure").filter((m) => m.name.startsWith("vizitka:export")).map((m) => [m.name.slice(8), m.duration])));
  Object.assign(row.phases, exportPhases);
  row.memExport = await memory(cold);

  // A phone: the CPU slowed 4× and a 360 px screen, the same data. Cold
  // start to the first row (median of 5), then the list's search box:
  // keystroke times and the longest task while typing.
  if (process.env.BENCH_PHONE !== "0") {
    const starts = [];
    let phone;
    for (let i = 0; i < 5; i++) {
      if (phone) await phone.close();
      phone = await context.newPage();
      await phone.setViewportSize({ width: 360, height: 740 });
      const cdp = await context.newCDPSession(phone);
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
      await phone.goto(`${baseURL}/contacts`, { waitUntil: "commit" });
      starts.push(await mark(phone, "row"));
    }
    row.phoneCold = median(starts);
    await mark(phone, "full");
    await phone.evaluate(() => {
      window.__longest = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
      }).observe({ type: "longtask" });
    });
    const typed = await keystrokes(".toolbar input.search", queries, phone);
    row.phoneSearchP95 = p95(typed);
    row.phoneLongest = await phone.evaluate(() => window.__longest);
    if (process.env.BENCH_VERBOSE) console.error("phone cold starts:", starts.map(Math.round).join(", "), "phone keystrokes:", typed.map(Math.round).join(", "));
    await phone.close();
  }
  await context.close();

  // A leak test: the same bundle imported 20 times in one page; memory
  // after the 2nd, 10th and 20th (wasm memory never shrinks: it keeps the
  // high-water mark, which must stop rising).
  if (process.env.BENCH_LEAK !== "0") {
    const leak = [];
    const { context: lc, page: lp } = await freshImport(file, leak);
    const after = [];
    for (let i = 2; i <= 20; i++) {
      // The last "Import finished." fades first, so the next one is new.
      await lp.waitForSelector(".notice", { state: "detached", timeout: 20000 });
      const done = watch(lp, `() => [...document.querySelectorAll('.notice')].some(n => /Import finished/.test(n.textContent))`);
      await lp.locator("#import-file").setInputFiles(file);
      await done;
      after.push(await memory(lp));
    }
    if (process.env.BENCH_VERBOSE) console.error("wasm memory after imports 2–20 (MB):", after.map((m) => (m.wasm / 1e6).toFixed(1)).join(", "));
    row.leak = [after[0], after[8], after[18]];
    await lc.close();
  }

  // Peer baselines on the same contact records, in a blank page of the same origin.
  if (process.env.BENCH_PEERS === "0") return row;
  const peer = await browser.newContext();
  const bp = await peer.newPage();
  await bp.route("**/bench-blank", (r) => r.fulfill({ contentType: "text/html", body: "<!doctype html><title>baseline</title>" }));
  await bp.goto(`${baseURL}/bench-blank`);
  // A same-origin document without the app; Dexie's UMD build defines window.Dexie.
  await bp.evaluate((src) => (0, eval)(src), await readFile("node_modules/dexie/dist/dexie.js", "utf8"));
  // Too big for the devtools protocol at 100k: the page fetches the file
  // (scripts/bench links bench-out/ into the served folder).
  const name = file.split("/").pop();
  const loaded = await bp.evaluate(async (name) => {
    window.__records = (await (await fetch(`/bench-out/${name}`)).json()).contacts;
    return window.__records.length;
  }, name);
  if (loaded !== n) throw new Error(`baseline page loaded ${loaded} records`);
  Object.assign(
    row,
    await bp.evaluate(async () => {
      const records = window.__records;
      const db = new Dexie("bench-dexie");
      db.version(1).stores({ contacts: "id" });
      let t = performance.now();
      await db.contacts.bulkPut(records);
      const dexiePut = performance.now() - t;
      t = performance.now();
      const back = await db.contacts.toArray();
      const dexieRead = performance.now() - t;
      if (back.length !== records.length) throw new Error("dexie lost records");
      db.close();

      const open = () =>
        new Promise((res, rej) => {
          const r = indexedDB.open("bench-raw", 1);
          r.onupgradeneeded = () => r.result.createObjectStore("contacts", { keyPath: "id" });
          r.onsuccess = () => res(r.result);
          r.onerror = () => rej(r.error);
        });
      const raw = await open();
      t = performance.now();
      await new Promise((res, rej) => {
        const tx = raw.transaction("contacts", "readwrite");
        const s = tx.objectStore("contacts");
        for (const r of records) s.put(r);
        tx.oncomplete = res;
        tx.onerror = () => rej(tx.error);
      });
      const rawPut = performance.now() - t;
      t = performance.now();
      const all = await new Promise((res, rej) => {
        const r = raw.transaction("contacts").objectStore("contacts").getAll();
        r.onsuccess = () => res(r.result);
        r.onerror = () => rej(r.error);
      });
      const rawRead = performance.now() - t;
      if (all.length !== records.length) throw new Error("raw lost records");
      raw.close();
      return { dexiePut, dexieRead, rawPut, rawRead };
    }),
  );
  await peer.close();
  return row;
}

// Two devices syncing through pouchdb-server on loopback (scripts/bench
// starts it): the first imports `file` and connects to an empty database
// (every record pushed in batches), the second connects empty (every
// record pulled); then an edit on the first, timed until the second shows it.
async function runSync(file) {
  const couch = process.env.VIZITKA_TEST_COUCH;
  console.error(`measuring sync of ${file} through ${couch}`);
  const admin = async (method, path, body) => {
    const r = await fetch(couch + path, { method, headers: { "content-type": "application/json" }, body: body && JSON.stringify(body) });
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status}`);
    return r.json();
  };
  const db = `bench${Date.now()}`;
  await admin("PUT", `/${db}`, {});
  await admin("PUT", "/_users/org.couchdb.user:bench", { name: "bench", password: "heslo", roles: [], type: "user" }).catch(() => {});
  const requests = (page) => {
    const seen = [];
    page.on("request", (r) => r.url().startsWith(couch) && seen.push(`${r.method()} ${new URL(r.url()).pathname.split("/").pop()}`));
    return seen;
  };
  const connect = async (page) => {
    await page.goto(`${baseURL}/settings`);
    await page.locator("#sync-server").fill(couch);
    await page.locator("#sync-db").fill(db);
    await page.locator("#sync-user").fill("bench");
    await page.locator("#sync-password").fill("heslo");
    const t0 = Date.now();
    await page.locator("#sync-connect").click();
    await page.locator("#sync-status .label", { hasText: /^Synced$/ }).waitFor({ state: "attached", timeout: 900_000 });
    return Date.now() - t0;
  };
  const { context: a, page: first } = await freshImport(file, []);
  const sentA = requests(first);
  const push = await connect(first);
  const docs = (await admin("GET", `/${db}`)).doc_count;
  const b = await browser.newContext({ bypassCSP: true });
  const second = await b.newPage();
  const sentB = requests(second);
  const pull = await connect(second);
  const contacts = await second.evaluate(() => document.querySelector("#record-counts")?.textContent ?? "");
  // One contact open on both; edited on the first.
  await first.goto(`${baseURL}/contacts`);
  const link = first.locator(".vlist .vrow a").first();
  const href = await link.getAttribute("href");
  await second.goto(`${baseURL}${href}`);
  await first.goto(`${baseURL}${href}/edit`);
  await first.getByLabel("Job position").fill("Synchronizace");
  const t0 = Date.now();
  await first.getByRole("button", { name: "Save" }).click();
  await second.locator(".detail-page", { hasText: "Synchronizace" }).waitFor({ timeout: 60_000 });
  const edit = Date.now() - t0;
  await a.close();
  await b.close();
  const count = (seen, what) => seen.filter((r) => r.endsWith(what)).length;
  return { docs, contacts, push, pull, edit, pushBatches: count(sentA, "_bulk_docs"), pushRequests: sentA.length, pullPages: count(sentB, "_changes"), pullRequests: sentB.length };
}

const rows = [];
for (const file of bundles) rows.push(await runOne(file));
const sync = process.env.VIZITKA_TEST_COUCH && process.env.BENCH_SYNC !== "0" ? await runSync(bundles[0]) : null;
const reports = reportsFile ? await runReports(reportsFile) : null;
await browser.close();

const screens = ["dashboard", "contacts"].map((g) => [g, firstScreen("dist", g)]);
const kb = (b) => `${Math.round(b / 1024)} KB`;

const lines = [];
lines.push(`| measure | ${rows.map((r) => `${r.contacts.toLocaleString("en")} contacts`).join(" | ")} | target (100k) |`);
lines.push(`|---|${rows.map(() => "---:").join("|")}|---|`);
const line = (name, f, target) => lines.push(`| ${name} | ${rows.map(f).join(" | ")} | ${target} |`);
line("bundle size", (r) => `${(r.bytes / 1e6).toFixed(1)} MB`, "");
line("import through the UI (median of 3)", (r) => ms(r.import), "< 1.5 s");
line("Dexie bulkPut (same contacts)", (r) => ms(r.dexiePut), "import ≥ 4× faster");
line("raw IndexedDB put per record", (r) => ms(r.rawPut), "");
line("cold start → first list row (median of 5)", (r) => ms(r.cold), "< 1 s");
line("… every record loaded", (r) => ms(r.full), "");
line("Dexie toArray", (r) => ms(r.dexieRead), "");
line("raw IndexedDB getAll", (r) => ms(r.rawRead), "");
line("search keystroke → list, median", (r) => ms(r.searchMedian), "");
line("search keystroke → list, p95", (r) => ms(r.searchP95), "< 30 ms");
line("global search keystroke → suggestions, median", (r) => ms(r.globalMedian), "");
line("global search keystroke → suggestions, p95", (r) => ms(r.globalP95), "< 50 ms");
line("save one edited contact (commit)", (r) => ms(r.commit), "< 20 ms");
line("… click to updated page", (r) => ms(r.edit), "");
line("… the same edit shown in another open tab", (r) => ms(r.otherTab), "< 300 ms");
line("log a note on a contact (commit)", (r) => ms(r.noteCommit), "");
line("… click to the contact's page with it", (r) => ms(r.note), "");
line("export", (r) => ms(r.export), "< 1 s");
line("contact with 5,000 activities → timeline (median of 5)", (r) => (r.heavy ? ms(r.heavy) : "–"), "< 300 ms");
line("kanban (opportunities = contacts / 5) → first screen (median of 5)", (r) => (r.kanban ? `${ms(r.kanban)} (${r.opportunities.toLocaleString("en")})` : "–"), "< 500 ms");
line("duplicates among all contacts → groups shown (median of 3)", (r) => ms(r.duplicates), "< 3 s");
line("organization page with its after-sale card, 30 of each (median of 5)", (r) => (r.afterSale ? ms(r.afterSale) : "–"), "< 100 ms");
line("contracts list (contracts = contacts / 10) → first rows (median of 5)", (r) => (r.contractsList ? `${ms(r.contractsList)} (${r.contracts.toLocaleString("en")})` : "–"), "< 200 ms");
line("tickets list with their SLA states (tickets = contacts / 5) → first rows (median of 5)", (r) => (r.ticketsList ? `${ms(r.ticketsList)} (${r.tickets.toLocaleString("en")})` : "–"), "< 200 ms");
line("phone (CPU 4× slower, 360 px): cold start → first list row (median of 5)", (r) => (r.phoneCold ? ms(r.phoneCold) : "–"), "≤ 1.5 s at 10k, ≤ 3 s at 100k");
line("… search keystroke → list, p95", (r) => (r.phoneSearchP95 ? ms(r.phoneSearchP95) : "–"), "≤ 60 ms");
line("… longest task while typing in the search box", (r) => (r.phoneLongest !== undefined ? ms(r.phoneLongest) : "–"), "≤ 200 ms");
const mb = (b) => `${(b / 1e6).toFixed(1)} MB`;
const mem = (m) => (m ? `${mb(m.wasm)} + ${mb(m.heap)}` : "–");
line("memory after load: wasm + JS heap", (r) => mem(r.memLoad), "wasm ≤ 2× bundle");
line("… after an import", (r) => mem(r.memImport), "");
line("… after an export", (r) => mem(r.memExport), "");
line("… after the 2nd, 10th and 20th import of the bundle in one page", (r) => (r.leak ? r.leak.map(mem).join(" → ") : "–"), "no growth");
lines.push("");
const { shell, all } = screens[0][1];
lines.push(`Release wasm: the shell ${kb(shell.raw)} raw, ${kb(shell.gzipped)} gzipped; all ${all.modules} modules ${kb(all.raw)} raw, ${kb(all.gzipped)} gzipped. First screen (wasm + JS, gzipped): ${screens.map(([g, s]) => `${g} ${kb(s.gzipped)}`).join(", ")} (target ≤ 400 KB).`);
console.log(lines.join("\n"));
if (reports) {
  const n = (x) => x.toLocaleString("en");
  console.log(`\nReports on ${n(reports.contacts)} contacts and ${n(reports.activities)} activities (${(reports.bytes / 1e6).toFixed(1)} MB, imported in ${ms(reports.import)}): click → table painted, median of 3 (target < 200 ms each)\n`);
  console.log("| report | time |\n|---|---:|");
  for (const [id, t] of Object.entries(reports.times)) console.log(`| ${id} | ${ms(t)} |`);
}
if (sync) {
  console.log(`\nSync through pouchdb-server on loopback (in memory), the first bundle: ${sync.docs.toLocaleString("en")} documents (${sync.contacts})\n`);
  console.log("| measure | time | requests |\n|---|---:|---|");
  console.log(`| device A (imported) connects to an empty database → synced | ${ms(sync.push)} | ${sync.pushBatches} \`_bulk_docs\` of ≤ 500, ${sync.pushRequests} in all |`);
  console.log(`| device B (empty) connects → every record pulled | ${ms(sync.pull)} | ${sync.pullPages} \`_changes\` pages of ≤ 500, ${sync.pullRequests} in all |`);
  console.log(`| an edit saved on A → shown on B's open page | ${ms(sync.edit)} | (target < 2 s) |`);
}
console.log("\nPhases (ms):");
for (const r of rows) console.log(`${r.contacts}: ` + Object.entries(r.phases).map(([k, v]) => `${k} ${Math.round(v)}`).join(", "));
