// Faults a user cannot cause on purpose: the browser deleting the
// database (eviction), a full disk, a database left by an older version.
import { readFileSync } from "node:fs";
import { test, expect, loadDemo, exportBundle, open, save } from "./helpers.mjs";

/** What a browser short of disk does: deletes the site's database, and
 * leaves its localStorage. */
async function evict(page) {
  await page.goto("/manifest.webmanifest");
  await page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const r = indexedDB.deleteDatabase("vizitka");
        r.onsuccess = resolve;
        r.onerror = () => reject(r.error);
      }),
  );
}

test("a database the browser deleted is named with its size and last backup, and that backup brings everything back", async ({ page }) => {
  await loadDemo(page);
  const counts = await page.locator("#record-counts").textContent();
  const backup = await exportBundle(page);

  await evict(page);
  await page.goto("/contacts");
  const notice = page.locator("#evicted");
  await expect(notice).toContainText("Your data is missing from this browser");
  await expect(notice).toContainText(/This device had [\d,]+ records here, last saved /);
  await expect(notice).toContainText("Your last backup was exported");
  // Not an empty CRM as if nothing happened: the notice stays until answered.
  await page.reload();
  await expect(notice).toBeVisible();

  await page.locator("#evicted-import-file").setInputFiles({ name: "backup.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(backup)) });
  await expect(notice).toHaveCount(0);
  await open(page, "/settings");
  await expect(page.locator("#record-counts")).toHaveText(counts);
  await page.reload();
  await expect(page.locator("main .page").first()).toBeVisible();
  await expect(notice).toHaveCount(0);
});

test("after an eviction with no backup, starting empty is a choice the notice does not repeat", async ({ page }) => {
  await open(page, "/contacts/new");
  await page.getByLabel("First name").fill("Jana");
  await page.getByLabel("Last name").fill("Nováková");
  await save(page);

  await evict(page);
  await page.goto("/contacts");
  await expect(page.locator("#evicted")).toContainText("No backup was ever exported from this device");
  await page.locator("#start-empty").click();
  await expect(page.locator("#evicted")).toHaveCount(0);
  await page.reload();
  await expect(page.locator("main .page").first()).toBeVisible();
  await expect(page.locator("#evicted")).toHaveCount(0);
});

/** Fills this site's storage to the last few KB, as other data fills a
 * phone's disk: a database of filler, written until the browser says no. */
async function fillStorage(page) {
  await page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open("filler", 1);
        open.onupgradeneeded = () => open.result.createObjectStore("f", { autoIncrement: true });
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          let size = 1 << 20;
          const next = () => {
            const tx = db.transaction("f", "readwrite");
            // Random bytes: the browser compresses what it stores.
            const bytes = new Uint8Array(size);
            for (let i = 0; i < size; i += 65536) crypto.getRandomValues(bytes.subarray(i, i + 65536));
            tx.objectStore("f").put(bytes);
            tx.oncomplete = next;
            tx.onabort = () => {
              if (tx.error && tx.error.name !== "QuotaExceededError") return reject(tx.error);
              if (size <= 1024) {
                db.close();
                return resolve();
              }
              size >>= 2;
              next();
            };
          };
          next();
        };
      }),
  );
}

async function freeStorage(page) {
  await page.evaluate(() => new Promise((resolve) => (indexedDB.deleteDatabase("filler").onsuccess = resolve)));
}

test("a full disk: the save fails and says why, the form keeps what was typed, earlier data and export still work", async ({ page }) => {
  // A site with 40 MB of storage, as on a phone short of disk (set before
  // the site first opens its database, which is when the browser reads it).
  await page.goto("/manifest.webmanifest");
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Storage.overrideQuotaForOrigin", { origin: new URL(page.url()).origin, quotaSize: 40 << 20 });
  await loadDemo(page);
  const before = await exportBundle(page);
  await open(page, "/contacts");
  await page.locator(".contact-row").first().click();
  await page.getByRole("link", { name: "Edit" }).click();
  const note = "Volal ve čtvrtek, chce nabídku na servis. ".repeat(400);

  await fillStorage(page);
  await page.getByLabel("Notes").fill(note);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.locator(".notice.error")).toContainText("Saving failed");
  await expect(page.locator(".notice.error")).toContainText("storage is full");
  // Nothing typed is lost: the form is still open with the note.
  await expect(page.locator("form.form-page")).toBeVisible();
  await expect(page.getByLabel("Notes")).toHaveValue(note);

  // Export still works (in another tab), and holds the data as it was.
  const other = await page.context().newPage();
  const during = await exportBundle(other);
  await other.close();
  expect({ ...during, exported_at: null }).toEqual({ ...before, exported_at: null });

  // Room again: the same form saves.
  await freeStorage(page);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.locator("form.form-page")).toHaveCount(0);
  await page.reload();
  await expect(page.locator("main")).toContainText("Volal ve čtvrtek");
});

test("a database of an older schema is upgraded with its records when the app opens", async ({ page }) => {
  await open(page, "/contacts");
  const version = () => page.evaluate(async () => (await indexedDB.databases()).find((d) => d.name === "vizitka")?.version);
  const current = await version();
  expect(current).toBeGreaterThanOrEqual(8);

  // The oldest schema (no meta store) and the one before this, as the
  // browser kept them: the page upgrades them before showing anything.
  for (const v of [1, current - 1]) {
    const fixture = JSON.parse(readFileSync(new URL(`../fixtures/schema/v${v}.json`, import.meta.url), "utf8"));
    await page.goto("/manifest.webmanifest");
    await page.evaluate(
      ({ v, contacts }) =>
        new Promise((resolve, reject) => {
          const gone = indexedDB.deleteDatabase("vizitka");
          gone.onerror = () => reject(gone.error);
          gone.onsuccess = () => {
            const open = indexedDB.open("vizitka", v);
            open.onupgradeneeded = () => {
              const db = open.result;
              db.createObjectStore("segments");
              db.createObjectStore("log", { autoIncrement: true });
              if (v >= 2) db.createObjectStore("meta");
              if (v >= 5) db.createObjectStore("files");
            };
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const db = open.result;
              const tx = db.transaction("segments", "readwrite");
              tx.objectStore("segments").put(new TextEncoder().encode(JSON.stringify(contacts)), "contact/00000");
              tx.oncomplete = () => (db.close(), resolve());
              tx.onerror = () => reject(tx.error);
            };
          };
        }),
      { v, contacts: fixture.contacts },
    );
    await open(page, "/contacts");
    for (const c of fixture.contacts) await expect(page.locator(".contact-row", { hasText: c.last_name }).first(), `schema ${v}: ${c.last_name}`).toBeVisible();
    expect(await version(), `schema ${v} upgraded`).toBe(current);
  }
});
