// Data out: any list (as searched) exports as CSV a spreadsheet opens
// safely (issue 5's first slice).
import { test, expect, open, save, loadDemo } from "./helpers.mjs";
import { readFile } from "node:fs/promises";

async function exportCsv(page) {
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#export-csv").click()]);
  return { name: download.suggestedFilename(), text: await readFile(await download.path(), "utf8") };
}

test("the contacts list exports as CSV, searched, with formulas defused", async ({ page }) => {
  await loadDemo(page);
  await open(page, "/contacts/new");
  await page.getByLabel("First name").fill("Eva");
  await page.getByLabel("Last name").fill("=1+1");
  await save(page);

  await open(page, "/contacts");
  let { name, text } = await exportCsv(page);
  expect(name).toMatch(/^vizitka-contacts-\d{4}-\d{2}-\d{2}\.csv$/);
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const lines = text.slice(1).trimEnd().split("\r\n");
  expect(lines[0]).toBe("Title,First name,Last name,Job position,Organization,Role,Email,Phone,Owner,Tags,Notes");
  expect(lines).toHaveLength(22);
  // A spreadsheet shows it as text instead of computing 2.
  expect(text).toContain(`Eva,"'=1+1"`);

  // The rows are the list's current ones.
  await page.locator(".toolbar input.search").fill("eva");
  await expect(page.locator(".result-count")).toContainText(/^\d+ of 21/);
  ({ text } = await exportCsv(page));
  const shown = await page.locator(".contact-row").count();
  expect(text.slice(1).trimEnd().split("\r\n")).toHaveLength(shown + 1);

  // In Czech: semicolons, Czech headers.
  await open(page, "/settings");
  await page.locator("#f-lang").selectOption("cs");
  await open(page, "/organizations");
  ({ text } = await exportCsv(page));
  expect(text.slice(1).split("\r\n")[0]).toBe("Název;IČO;DIČ;Obor;Web;E-mail;Telefon;Fakturační adresa;Hlavní kontakt;Vlastník;Štítky");
});
