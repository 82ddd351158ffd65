// A new user's first day (issue 20): the first screen offers the ways to
// start, real address-book phone numbers import, an unsafe link in a CSV is
// a rejected row, files are found by name, a lead's status reads as its
// label in the history, and a person's name is "Jméno" in Czech.
import { test, expect, open, save, loadDemo, exportBundle, answerWhoAreYou, openRecord } from "./helpers.mjs";

/** The first screen's cards are on screen: nothing pushed below the fold. */
async function onScreen(page, selector) {
  const box = await page.locator(selector).boundingBox();
  const { height } = page.viewportSize();
  expect(box, selector).not.toBeNull();
  expect(box.y + box.height, `${selector} is on the first screen`).toBeLessThanOrEqual(height);
}

test("an empty database's first screen offers the three ways to start, beside 'who are you?' on a phone", async ({ page }) => {
  await open(page, "/", { iAm: false });
  const start = page.locator("#getting-started");
  await expect(start).toBeVisible();
  await expect(start.getByRole("heading", { level: 2 })).toHaveText("Three ways to start");
  await expect(start.getByRole("button", { name: "Load demo data" })).toBeVisible();
  await expect(start.getByText("A backup (.json)")).toBeVisible();
  await expect(start.getByRole("link", { name: "Google or Outlook (.csv)" })).toHaveAttribute("href", "/import/contact");
  await expect(start.getByText("A phone's contacts (.vcf)")).toBeVisible();
  await expect(start.getByRole("link", { name: "Add the first organization" })).toHaveAttribute("href", "/organizations/new");
  // No dashboard of zeros.
  await expect(page.locator("#dash-pipeline")).toHaveCount(0);
  await page.screenshot({ path: "test-results/screens/first-screen-1280.png", fullPage: true });

  // A phone: "who are you?" and the first ways to start both on the first screen.
  await page.setViewportSize({ width: 360, height: 740 });
  await onScreen(page, "#who-form button[type=submit]");
  await onScreen(page, "#getting-started #load-demo");
  await onScreen(page, "#getting-started label.file >> nth=0");
  await page.screenshot({ path: "test-results/screens/first-screen-360.png" });
  await page.setViewportSize({ width: 1280, height: 800 });

  // Answered, then the demo from here: the dashboard fills and the card goes.
  await answerWhoAreYou(page, "Tester");
  await start.getByRole("button", { name: "Load demo data" }).click();
  await expect(page.getByText("Demo data loaded.")).toBeVisible();
  await expect(start).toHaveCount(0);
  await expect(page.locator("#dash-tasks li").first()).toBeVisible();
  await expect(page.locator("#dash-meetings li")).toHaveCount(2);
  await expect(page.locator("#dash-pipeline-table tbody tr").last()).toContainText("Open pipeline");
});

test("a backup restored from the first screen brings everything back", async ({ page, browser }) => {
  await loadDemo(page);
  const bundle = await exportBundle(page);

  const other = await browser.newContext();
  const fresh = await other.newPage();
  await open(fresh, "/");
  await expect(fresh.locator("#getting-started")).toBeVisible();
  await fresh.locator("#getting-started #import-file").setInputFiles({
    name: "vizitka.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(bundle)),
  });
  await expect(fresh.getByText("Import finished.")).toBeVisible();
  await expect(fresh.locator("#getting-started")).toHaveCount(0);
  await open(fresh, "/contacts");
  await expect(fresh.locator(".result-count")).toHaveText("20 of 20");
  await other.close();
});

test("a bad backup picked on the first screen is refused with the reason, and nothing changes", async ({ page }) => {
  await open(page, "/");
  await page.locator("#getting-started #import-file").setInputFiles({ name: "x.json", mimeType: "application/json", buffer: Buffer.from("[1, 2") });
  await expect(page.locator("#import-error")).toContainText("The file was not imported; your data is unchanged.");
  await expect(page.locator("#getting-started")).toBeVisible();
});

/** A CSV import of `text` as contacts, up to the check. */
async function checkCsv(page, text) {
  await open(page, "/import/contact");
  await page.locator("#csv-file").setInputFiles({ name: "contacts.csv", mimeType: "text/csv", buffer: Buffer.from(text) });
  await page.locator("#csv-check").click();
}

test("address-book phone numbers import as written, dial right, and match the same person", async ({ page }) => {
  const csv = [
    "First Name,Last Name,E-mail 1 - Value,Phone 1 - Value,Phone 2 - Value",
    "Jana,Nováková,jana@pekarna.cz,(+420) 222-333-444,602 123 456 ext. 12",
    'Petr,Dvořák,petr@strojirny.cz,+420 (0)602 999 888,"222 333 445, kl. 25"',
    "Eva,Malá,eva@mala.cz,00420 605 444 555,+1 (555) 010-2345 x7",
    "Ota,Veselý,ota@vesely.cz,+44 20 7946 0958,+421 905 123 456",
    "",
  ].join("\r\n");
  await checkCsv(page, csv);
  await expect(page.locator("#csv-summary")).toContainText("New records: 4");
  await expect(page.locator("#csv-rejected")).toHaveCount(0);
  await page.locator("#csv-import").click();
  await expect(page.locator(".notice")).toContainText("Imported: 4 new, 0 updated, 0 organizations made");

  await page.locator(".contact-row", { hasText: "Nováková" }).click();
  await expect(page.getByRole("link", { name: "(+420) 222-333-444" })).toHaveAttribute("href", "tel:+420222333444");
  await expect(page.getByRole("link", { name: "602 123 456 ext. 12" })).toHaveAttribute("href", "tel:602123456;ext=12");
  await open(page, "/contacts");
  await page.locator(".contact-row", { hasText: "Dvořák" }).click();
  await expect(page.getByRole("link", { name: "+420 (0)602 999 888" })).toHaveAttribute("href", "tel:+420602999888");
  await expect(page.getByRole("link", { name: "222 333 445, kl. 25" })).toHaveAttribute("href", "tel:222333445;ext=25");

  // The same number written another way is the same person.
  await checkCsv(page, "First Name,Last Name,Phone\r\nJan,Jiný,+420 222 333 444\r\n");
  await expect(page.locator("#csv-look-alikes")).toContainText("1");
  // And the search finds it by its digits however it is typed.
  await page.locator("#global-search").fill("222333444");
  await expect(page.locator("#search-suggestions")).toContainText("Jana Nováková");
});

test("a CSV row with an unsafe link is rejected by row and column, and nothing of it is kept", async ({ page }) => {
  const csv = [
    "First Name,Last Name,E-mail 1 - Value,Website 1 - Value,LinkedIn",
    "Jana,Nováková,jana@pekarna.cz,https://pekarna.cz,",
    "Petr,Dvořák,petr@x.cz,javascript:alert(1),",
    "Eva,Malá,eva@mala.cz,,javascript:alert(2)",
    "",
  ].join("\r\n");
  await checkCsv(page, csv);
  await expect(page.locator("#csv-summary")).toContainText("New records: 1");
  await expect(page.locator("#csv-rejected li")).toHaveText([
    "Row 3: Website 1 - Value: not a web address (only http:// and https:// are allowed)",
    "Row 4: LinkedIn: not a web address (only http:// and https:// are allowed)",
  ]);
  await page.locator("#csv-import").click();
  await expect(page.locator(".result-count")).toHaveText("1 of 1");
  await page.locator(".contact-row").click();
  await expect(page.locator("main")).toContainText("https://pekarna.cz");
  await expect(page.locator("main")).not.toContainText("javascript");
});

test("a file is found by its name from the search box, a confidential one never", async ({ page }) => {
  await loadDemo(page);
  await open(page, "/contacts");
  await openRecord(page, page.locator(".contact-row").first());
  const name = await page.getByRole("heading", { level: 1 }).textContent();
  const contactUrl = page.url();
  await page.locator("#attach-file").setInputFiles({ name: "Smlouva o dílo 2026.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n%%EOF\n") });
  await expect(page.locator(".notice")).toContainText("Files attached.");
  await page.locator("#attach-confidential").check();
  await page.locator("#attach-file").setInputFiles({ name: "Mzdy smluvní.xlsx", mimeType: "application/vnd.ms-excel", buffer: Buffer.from("x") });
  await expect(page.locator(".notice")).toContainText("Files attached.");

  await page.locator("#global-search").fill("smlouva o dilo");
  await page.locator("#global-search").press("Enter");
  const files = page.locator(".found", { has: page.getByRole("heading", { name: /^Files/ }) });
  await expect(files.locator("li a")).toHaveText(["Smlouva o dílo 2026.pdf"]);
  await expect(files.locator("li")).toContainText(name);
  await page.locator("#global-search").fill("mzdy");
  await page.locator("#global-search").press("Enter");
  await expect(page.getByRole("heading", { name: /^Files/ })).toHaveCount(0);
  await page.goto("/search?q=smlouva%20o%20dilo");
  await files.locator("li a").click();
  await expect(page).toHaveURL(contactUrl);
});

test("a lead's status change reads as its label in the history, in English and Czech", async ({ page }) => {
  await loadDemo(page);
  await open(page, "/leads");
  await page.locator(".lead-row", { hasText: "Petra Malá" }).click();
  await page.getByRole("link", { name: "Edit" }).click();
  await page.locator("#f-status").selectOption("qualified");
  await save(page);
  const change = page.locator("#timeline li.item.change").first();
  await expect(change).toContainText("Status: New → Qualified");
  await expect(change).not.toContainText("qualified");
  await open(page, "/settings");
  await page.locator("#f-lang").selectOption("cs");
  await page.goBack();
  await expect(page.locator("#timeline li.item.change").first()).toContainText("Stav: Nový → Kvalifikovaný");
});

test("in Czech a person's name is 'Jméno', and counts take their noun's form", async ({ browser }) => {
  const context = await browser.newContext({ locale: "cs-CZ" });
  const page = await context.newPage();
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Kdo jste?" })).toBeVisible();
  await expect(page.locator("label[for=who-name]")).toHaveText("Jméno");
  await answerWhoAreYou(page, "Jana");
  await page.goto("/settings");
  await expect(page.locator("label[for=member-name]")).toHaveText("Jméno");
  await expect(page.locator("#record-counts")).toHaveText("Záznamy: 0 organizací, 0 kontaktů");
  await page.locator("#load-demo").click();
  await expect(page.locator("#record-counts")).toHaveText("Záznamy: 5 organizací, 20 kontaktů");
  await expect(page.locator("#inbox-count")).toHaveAttribute("aria-label", /^\d+ připomín(ka|ky|ek)$/);
  await context.close();
});
