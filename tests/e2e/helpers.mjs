import { test as base, expect } from "@playwright/test";

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

/** Opens the app and waits until the records are loaded. */
export async function open(page, path = "/contacts") {
  await page.goto(path);
  await expect(page.locator("main .loading")).toHaveCount(0);
  await expect(page.locator("main .page").first()).toBeVisible();
}

export async function loadDemo(page) {
  await open(page, "/settings");
  await page.locator("#load-demo").click();
  await expect(page.locator("#record-counts")).toContainText("5 organizations, 20 contacts");
}

/** Saves the current form and waits for the detail page. */
export async function save(page) {
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.locator("form.form-page")).toHaveCount(0);
}

export async function exportBundle(page) {
  await open(page, "/settings");
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#export-bundle").click()]);
  const fs = await import("node:fs/promises");
  return JSON.parse(await fs.readFile(await download.path(), "utf8"));
}

export async function importBundle(page, json, mode = "replace") {
  await open(page, "/settings");
  await page.locator(`input[name=import-mode][value=${mode}]`).check();
  const buffer = Buffer.from(typeof json === "string" ? json : JSON.stringify(json));
  await page.locator("#import-file").setInputFiles({ name: "bundle.json", mimeType: "application/json", buffer });
}
