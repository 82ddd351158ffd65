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

test("vCards: a multi-card file imports, again without duplicates; contacts export as vCards", async ({ page }) => {
  const vcf = [
    "BEGIN:VCARD", "VERSION:3.0", "N:Dvořák;Petr;;Ing.;", "FN:Ing. Petr Dvořák", "ORG:Strojírny Vysočina", "TITLE:Technik",
    "EMAIL;TYPE=INTERNET;TYPE=WORK:petr@strojirny.cz", "TEL;TYPE=CELL:+420 603 111 222", "BDAY:1979-02-28", "END:VCARD",
    "BEGIN:VCARD", "VERSION:4.0", "FN:Eva Malá", "EMAIL:eva@mala.cz", "ORG:Cukrárna Malá", "NOTE:Dlouhá poznámka\\, která se", "  zalomila.", "END:VCARD",
    "",
  ].join("\r\n");
  const importVcf = async (text) => {
    await open(page, "/settings");
    await page.locator("#import-vcard").setInputFiles({ name: "contacts.vcf", mimeType: "text/vcard", buffer: Buffer.from(text) });
  };
  await importVcf(vcf);
  await expect(page.locator(".notice")).toContainText("Contacts imported: 2 new, 0 updated, 2 organizations made");
  await importVcf(vcf);
  await expect(page.locator(".notice")).toContainText("Contacts imported: 0 new, 2 updated, 0 organizations made");
  await open(page, "/contacts");
  await expect(page.locator(".contact-row")).toHaveCount(2);
  await page.locator(".contact-row", { hasText: "Malá" }).click();
  await expect(page.locator("main")).toContainText("Dlouhá poznámka, která se zalomila.");

  // A bad card: nothing changes, the card is named.
  await importVcf("BEGIN:VCARD\r\nFN:Nikdo\r\nEMAIL:not-an-email\r\nEND:VCARD\r\n");
  await expect(page.locator("#vcard-error")).toContainText("cards[0].emails[0]: not an email address");
  await open(page, "/contacts");
  await expect(page.locator(".contact-row")).toHaveCount(2);

  // One contact, and the whole list, as vCard 4.0.
  await page.locator(".contact-row", { hasText: "Dvořák" }).click();
  const [one] = await Promise.all([page.waitForEvent("download"), page.locator("#download-vcard").click()]);
  const card = await readFile(await one.path(), "utf8");
  expect(card).toContain("VERSION:4.0");
  expect(card).toContain("N:Dvořák;Petr;;Ing.;");
  expect(card).toContain("TEL;VALUE=text;TYPE=cell;PREF=1:+420 603 111 222");
  expect(card).toContain("BDAY:19790228");
  await open(page, "/contacts");
  const [all] = await Promise.all([page.waitForEvent("download"), page.locator("#export-vcard").click()]);
  const cards = await readFile(await all.path(), "utf8");
  expect(cards.match(/BEGIN:VCARD/g)).toHaveLength(2);
});

// A Google Contacts export ("Google CSV") of 50 people, three of them bad.
function googleCsv() {
  const header = "First Name,Middle Name,Last Name,Name Prefix,Name Suffix,Nickname,Organization Name,Organization Title,Birthday,Notes,Labels,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value";
  const rows = [];
  for (let i = 1; i <= 50; i++) {
    let last = `Příjmení${i}`;
    let email = `clovek${i}@firma${i % 5}.cz`;
    let phone = `+420 777 000 ${String(i).padStart(3, "0")}`;
    if (i === 7) last = ""; // no name
    if (i === 20) email = "not-an-email";
    if (i === 33) phone = "javascript:alert(1)";
    rows.push(`Jana${i},,${last},,,,Firma ${i % 5},"Obchod, nákup",,"Poznámka ""${i}""",* myContacts ::: Dodavatelé,* Work,${email},Mobile,${phone}`);
  }
  return [header, ...rows, ""].join("\r\n");
}

test("a Google Contacts CSV of 50 rows with 3 bad ones: mapped, checked, the good rows imported, the bad ones downloadable", async ({ page }) => {
  await open(page, "/contacts");
  await page.locator("#import-csv").click();
  await expect(page).toHaveURL(/\/import\/contact$/);
  const file = { name: "google.csv", mimeType: "text/csv", buffer: Buffer.from(googleCsv()) };
  await page.locator("#csv-file").setInputFiles(file);
  await expect(page.locator("#csv-info")).toContainText("google.csv · Rows: 50");
  // Mapped with no manual step.
  await expect(page.locator("#map-0")).toHaveValue("first_name");
  await expect(page.locator("#map-2")).toHaveValue("last_name");
  await expect(page.locator("#map-5")).toHaveValue("");
  await expect(page.locator("#map-6")).toHaveValue("organization");
  await expect(page.locator("#map-12")).toHaveValue("email");
  await expect(page.locator("#map-13")).toHaveValue("phone_label");
  await expect(page.locator("#csv-preview tbody tr")).toHaveCount(20);

  await page.locator("#csv-check").click();
  const summary = page.locator("#csv-summary");
  await expect(summary).toContainText("New records: 47");
  await expect(summary).toContainText("Organizations to be made: 5");
  await expect(page.locator("#csv-rejected")).toContainText("Rows with problems, not imported: 3");
  await expect(page.locator("#csv-rejected li")).toHaveText([
    "Row 8: Last Name: is required",
    "Row 21: E-mail 1 - Value: not an email address",
    "Row 34: Phone 1 - Value: not a phone number (digits, spaces, + ( ) - / . and an extension such as ext. 12)",
  ]);
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#csv-download-rejected").click()]);
  const rejected = (await readFile(await download.path(), "utf8")).slice(1).trimEnd().split("\r\n");
  expect(rejected).toHaveLength(4);
  expect(rejected[0]).toMatch(/,Problem$/);
  expect(rejected[2]).toContain("not-an-email");

  await page.locator("#csv-import").click();
  await expect(page).toHaveURL(/\/contacts$/);
  await expect(page.locator(".notice")).toContainText("Imported: 47 new, 0 updated, 5 organizations made");
  await expect(page.locator(".result-count")).toContainText("47 of 47");
  await page.locator(".toolbar input.search").fill("Příjmení12");
  await page.locator(".contact-row", { hasText: "Příjmení12" }).first().click();
  await expect(page.locator("main")).toContainText("clovek12@firma2.cz");
  await expect(page.locator("main")).toContainText("Firma 2");
  await expect(page.locator("main")).toContainText("Dodavatelé");

  // The same file again, saving the mapping on the way: nothing duplicated.
  await open(page, "/import/contact");
  await page.locator("#csv-file").setInputFiles(file);
  await page.locator("#map-9").selectOption("");
  await page.locator("#mapping-name").fill("Google");
  await page.locator("#save-mapping").click();
  await page.locator("#csv-check").click();
  await expect(summary).toContainText("New records: 0");
  await expect(summary).toContainText("Matching records already up to date: 47");
  // Saved: the next file with these headers gets it at once.
  await open(page, "/import/contact");
  await page.locator("#csv-file").setInputFiles(file);
  await expect(page.locator("#map-9")).toHaveValue("");
  await expect(page.locator("#saved-mapping option", { hasText: "Google" })).toHaveCount(1);

  // A file that is not CSV at all is refused with its reason.
  await page.locator("#csv-file").setInputFiles({ name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from('Name,Email\n"Jana,jana@x.cz\n') });
  await expect(page.locator("#csv-error")).toContainText("a quoted cell opened on line 2 never closes");
});
