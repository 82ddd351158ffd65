// Hostile files through the real import screens: every refused file of
// tests/fixtures/hostile/ (bundles in "replace everything" mode, the worst
// case) is refused with its message on the page, and afterwards the
// stored data is exactly what it was: the export is identical and so is
// what a reload reads. The native test (crates/core/tests/hostile.rs)
// checks each message, time and memory; this one checks the database.
import { readFileSync } from "node:fs";
import { test, expect, loadDemo, exportBundle, open } from "./helpers.mjs";

const dir = new URL("../fixtures/hostile/", import.meta.url);
const cases = readFileSync(new URL("expected.tsv", dir), "utf8")
  .split("\n")
  .filter((l) => l && !l.startsWith("#"))
  .map((l) => {
    const [name, how, text] = l.split("\t");
    return { name, how, text, bytes: readFileSync(new URL(name, dir)) };
  })
  .filter((c) => c.how === "refused");

/** The bundle without the moment of its export. */
const stored = (bundle) => JSON.stringify({ ...bundle, exported_at: null });

/**
 * Picks `file` in `input` and waits for the refusal in `error`: the one
 * shown before is gone first, so each wait is for this file's message.
 */
async function refused(page, input, error, c, mime) {
  const before = await page.$(error);
  await page.locator(input).setInputFiles({ name: c.name.split("/").pop(), mimeType: mime, buffer: c.bytes });
  if (before) await page.waitForFunction((el) => !el.isConnected, before);
  await expect(page.locator(error), c.name).toContainText(c.text.trim());
}

test("every hostile bundle, CSV and vCard is refused by name and the stored data stays byte for byte", async ({ page }) => {
  test.setTimeout(600_000);
  await loadDemo(page);
  const first = stored(await exportBundle(page));
  const counts = await page.locator("#record-counts").textContent();

  const of = (dir) => cases.filter((c) => c.name.startsWith(dir));
  expect(of("bundle/").length + of("csv/").length + of("vcard/").length).toBeGreaterThan(150);

  await open(page, "/settings");
  await page.locator("input[name=import-mode][value=replace]").check();
  for (const c of of("bundle/")) await refused(page, "#import-file", "#import-error", c, "application/json");
  for (const c of of("vcard/")) await refused(page, "#import-vcard", "#vcard-error", c, "text/vcard");

  await open(page, "/import/contact");
  for (const c of of("csv/")) {
    if (c.text.startsWith("Row ")) {
      // Read, but every row has a problem: listed by row and column.
      await page.locator("#csv-file").setInputFiles({ name: "rows.csv", mimeType: "text/csv", buffer: c.bytes });
      await page.locator("#csv-check").click();
      await expect(page.locator("#csv-rejected"), c.name).toContainText(c.text.trim());
      await expect(page.locator("#csv-summary"), c.name).toContainText("New records: 0");
    } else {
      await refused(page, "#csv-file", "#csv-error", c, "text/csv");
    }
  }

  expect(stored(await exportBundle(page))).toBe(first);
  await page.reload();
  await open(page, "/settings");
  await expect(page.locator("#record-counts")).toHaveText(counts);
  expect(stored(await exportBundle(page))).toBe(first);
});
