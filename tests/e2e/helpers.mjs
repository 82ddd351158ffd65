import { test as base, expect } from "@playwright/test";
import { schemaErrors } from "./bundle_schema.mjs";

/** Every test fails if the page logs an error or throws. */
export const test = base.extend({
  page: async ({ page }, use) => {
    const problems = [];
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(`console.error: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    await use(page);
    expect(problems, "no console errors").toEqual([]);
  },
});

export { expect };

/**
 * Opens the app and waits until the records are loaded. The first run asks
 * "who are you?"; `iAm` answers it (as "Tester") unless it is false, e.g.
 * when the test must reach the page before anything is written.
 */
export async function open(page, path = "/contacts", { iAm = "Tester" } = {}) {
  await page.goto(path);
  await expect(page.locator("main .loading")).toHaveCount(0);
  await expect(page.locator("main .page").first()).toBeVisible();
  if (iAm && (await page.locator("#who-form").count()) > 0) await answerWhoAreYou(page, iAm);
}

/**
 * Answers the first run's "who are you?": picks `name` from the team, or
 * adds them to it.
 */
export async function answerWhoAreYou(page, name = "Tester") {
  const known = page.locator(".welcome .choices button", { hasText: name });
  if ((await known.count()) > 0) {
    await known.first().click();
  } else {
    await page.locator("#who-name").fill(name);
    await page.locator("#who-form button[type=submit]").click();
  }
  await expect(page.locator("#who-form")).toHaveCount(0);
}

/**
 * Puts the page under the service worker (the first load happens before it
 * controls the page; one more load puts the page under it) and returns the
 * worker's script URL.
 */
export async function underServiceWorker(page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  return page.evaluate(() => navigator.serviceWorker.controller.scriptURL);
}

/** Opens a record from a list and waits for its page: its chunk may still be on its way after the click. */
export async function openRecord(page, link) {
  await link.click();
  await expect(page.locator(".detail-page")).toBeVisible();
}

export async function loadDemo(page) {
  await open(page, "/settings");
  await page.locator("#load-demo").click();
  // "5 organizations, 20 contacts" or "5 organizací, 20 kontaktů".
  await expect(page.locator("#record-counts")).toContainText(/: 5 \S+, 20 \S+$/);
}

/** "Save filter": keeps the list or report as it is now under `name`. */
export async function saveFilter(page, name) {
  await page.locator("#save-filter").click();
  await page.locator("#filter-name").fill(name);
  await page.locator("#save-filter-confirm").click();
}

/** Opens the saved filter `name` from the More menu. */
export async function openSavedFilter(page, name) {
  await page.locator(".more-menu summary").click();
  await page.locator(".saved-filter a", { hasText: name }).click();
}

/** Saves the current form and waits for the detail page. */
export async function save(page) {
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.locator("form.form-page")).toHaveCount(0);
}

/** Exports a backup from Settings; every one must follow docs/bundle.schema.json. */
export async function exportBundle(page, { confidential = false } = {}) {
  await open(page, "/settings");
  if (confidential) await page.locator("#export-confidential").check();
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#export-bundle").click()]);
  const fs = await import("node:fs/promises");
  const bundle = JSON.parse(await fs.readFile(await download.path(), "utf8"));
  expect(schemaErrors(bundle), "the export follows docs/bundle.schema.json").toBe("");
  return bundle;
}

export async function importBundle(page, json, mode = "replace", { iAm = "Tester" } = {}) {
  await open(page, "/settings", { iAm });
  await page.locator(`input[name=import-mode][value=${mode}]`).check();
  const buffer = Buffer.from(typeof json === "string" ? json : JSON.stringify(json));
  await page.locator("#import-file").setInputFiles({ name: "bundle.json", mimeType: "application/json", buffer });
}

/** A mailto: link would open the mail app; the page records it in `window.__mailto` instead. */
export async function catchMailto(page) {
  await page.addInitScript(() => {
    document.addEventListener(
      "click",
      (e) => {
        const a = e.target.closest && e.target.closest('a[href^="mailto:"]');
        if (a) {
          window.__mailto = a.href;
          e.preventDefault();
        }
      },
      true,
    );
  });
}
