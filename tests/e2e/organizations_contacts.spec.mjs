// PRODUCT.md flow 1: an organization, three contacts with roles, a primary.
import { test, expect, open, save, loadDemo } from "./helpers.mjs";

test("organization with three contacts: roles, primary, edit, delete, reload", async ({ page }) => {
  await open(page, "/organizations");
  await page.getByRole("link", { name: "New organization" }).click();
  await page.getByLabel("Name", { exact: true }).fill("Strojírny Vysočina s.r.o.");
  await page.getByLabel("Company ID (IČO)").fill("25596641");
  await page.getByLabel("VAT ID (DIČ)").fill("CZ25596641");
  await page.getByLabel("Website").fill("https://www.strojirny-vysocina.cz");
  await page.getByLabel("City").fill("Jihlava");
  await save(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Strojírny Vysočina s.r.o.");
  const orgUrl = page.url();

  const people = [
    { first: "Jana", last: "Nováková", role: "decision_maker", email: "jana@vysocina.cz", primary: false },
    { first: "Petr", last: "Svoboda", role: "technical", email: "petr@vysocina.cz", primary: true },
    { first: "Eva", last: "Dvořáková", role: "billing", email: "eva@vysocina.cz", primary: false },
  ];
  for (const p of people) {
    await page.goto(orgUrl);
    await page.getByRole("link", { name: "+ Add contact" }).click();
    await expect(page.locator("#org-picked")).toHaveText("Strojírny Vysočina s.r.o.");
    await page.getByLabel("First name").fill(p.first);
    await page.getByLabel("Last name").fill(p.last);
    await page.locator("#f-role").selectOption(p.role);
    await page.getByRole("button", { name: "+ Add email" }).click();
    await page.getByLabel("Email 1", { exact: true }).fill(p.email);
    if (p.primary) await page.getByLabel("Primary contact of the organization").check();
    await save(page);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${p.first} ${p.last}`);
  }

  await page.goto(orgUrl);
  const rows = page.locator("li.org-contact");
  await expect(rows).toHaveCount(3);
  await expect(rows.first()).toContainText("Petr Svoboda");
  await expect(rows.first()).toContainText("★ Primary contact");
  await expect(page.locator("li.org-contact", { hasText: "Jana Nováková" })).toContainText("Decision maker");
  await expect(page.locator("li.org-contact", { hasText: "Eva Dvořáková" })).toContainText("Billing");

  // Move the primary mark to Jana.
  await page.locator("li.org-contact", { hasText: "Jana Nováková" }).getByRole("button", { name: "Mark as primary" }).click();
  await expect(rows.first()).toContainText("Jana Nováková");
  await expect(page.locator("li.org-contact.is-primary")).toHaveCount(1);

  // Edit a contact; the history shows old and new values.
  await page.getByRole("link", { name: "Eva Dvořáková" }).click();
  await page.getByRole("link", { name: "Edit" }).click();
  await page.getByLabel("Job position").fill("Účetní");
  await page.getByRole("button", { name: "+ Add phone" }).click();
  await page.getByLabel("Phone 1", { exact: true }).fill("+420 777 123 456");
  await page.getByRole("button", { name: "+ Add date" }).click();
  await page.getByLabel("Date 1", { exact: true }).fill("1985-03-09");
  await save(page);
  await expect(page.locator(".subtitle")).toContainText("Účetní");
  await expect(page.locator("dd", { hasText: "Birthday" })).toContainText("Birthday: 9 Mar 1985");
  await expect(page.getByRole("link", { name: "+420 777 123 456" })).toHaveAttribute("href", "tel:+420777123456");
  await expect(page.locator("#timeline li.item.change").first()).toContainText("Job position");
  await expect(page.locator("#timeline li.item.change").first()).toContainText("Účetní");
  // The date comes back into the form as it was entered.
  await page.getByRole("link", { name: "Edit" }).click();
  await expect(page.getByLabel("Date 1", { exact: true })).toHaveValue("1985-03-09");
  await page.getByRole("link", { name: "Cancel" }).click();

  // Delete Petr, with confirmation.
  await page.goto(orgUrl);
  await page.getByRole("link", { name: "Petr Svoboda" }).click();
  await page.getByRole("button", { name: "Delete" }).click();
  await expect(page.getByRole("alertdialog")).toBeVisible();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete" }).click();
  await expect(page).toHaveURL(/\/contacts$/);

  // Everything is still there after a reload.
  await page.goto(orgUrl);
  await page.reload();
  await expect(page.locator("li.org-contact")).toHaveCount(2);
  await expect(page.locator("li.org-contact.is-primary")).toContainText("Jana Nováková");
  await open(page, "/contacts");
  await expect(page.locator(".result-count")).toHaveText("2 of 2");
});

test("refused input shows what is wrong and saves nothing", async ({ page }) => {
  await open(page, "/organizations/new");
  await page.getByLabel("Name", { exact: true }).fill("Zlá firma");
  await page.getByLabel("Company ID (IČO)").fill("12345678");
  await page.getByLabel("Website").fill("javascript:alert(document.cookie)");
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.locator(".error-summary")).toContainText("Please fix the highlighted fields.");
  await expect(page.locator("#err-ico")).toHaveText("not a valid IČO (8 digits with a valid check digit)");
  await expect(page.locator("#err-website")).toContainText("only http:// and https:// are allowed");
  await expect(page.locator("#err-email")).toHaveText("not an email address");

  // A 10 MB name is refused too, with the limit named.
  await page.getByLabel("Name", { exact: true }).evaluate((el) => {
    el.value = "x".repeat(10 * 1024 * 1024);
    el.dispatchEvent(new Event("input", { bubbles: true }));
  });
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.locator("#err-name")).toHaveText("is longer than 200 characters");

  await page.getByRole("link", { name: "Cancel" }).click();
  await expect(page.getByText("No organizations yet.")).toBeVisible();

  // A contact without an organization is allowed, with a hint.
  await open(page, "/contacts/new");
  await expect(page.locator(".hint", { hasText: "This contact has no organization" })).toBeVisible();
  await page.getByLabel("Last name").fill("Samostatný");
  await page.getByLabel("LinkedIn").fill("data:text/html,<script>alert(1)</script>");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.locator("#err-linkedin")).toContainText("not a web address");
  await page.getByLabel("LinkedIn").fill("https://www.linkedin.com/in/samostatny");
  await save(page);
  await expect(page.locator(".hint", { hasText: "This contact has no organization" })).toBeVisible();
  await expect(page.getByRole("link", { name: "https://www.linkedin.com/in/samostatny" })).toHaveAttribute("rel", "noopener noreferrer");
});

test("lists search instantly, sort by column, and keep real URLs", async ({ page }) => {
  await open(page, "/settings");
  await page.locator("#load-demo").click();
  await expect(page.locator("#record-counts")).toContainText("20 contacts");

  await open(page, "/contacts");
  await expect(page.locator(".result-count")).toHaveText("20 of 20");
  await page.getByRole("searchbox", { name: "Search", exact: true }).fill("dvorak");
  const rows = page.locator(".contact-row");
  await expect(rows.first()).toBeVisible();
  for (const name of await rows.locator("strong").allTextContents()) expect(name).toMatch(/Dvořák/);
  await page.getByRole("searchbox", { name: "Search", exact: true }).fill("");
  await expect(page.locator(".result-count")).toHaveText("20 of 20");

  // Sort by name descending: the column's header says how the list is sorted.
  const byName = page.getByRole("columnheader", { name: "Name", exact: true });
  await expect(byName).toHaveAttribute("aria-sort", "ascending");
  await byName.getByRole("button").click();
  await expect(byName).toHaveAttribute("aria-sort", "descending");
  await expect(byName).toContainText("▼");
  await expect(page.getByRole("columnheader", { name: "Organization", exact: true })).toHaveAttribute("aria-sort", "none");
  const names = await rows.locator("strong").allTextContents();
  const lasts = names.map((n) => n.split(" ").pop());
  expect([...lasts].sort((a, b) => b.localeCompare(a, "cs"))).toEqual(lasts);

  // A detail page has a real URL: reload and back/forward keep it.
  await rows.first().click();
  await expect(page).toHaveURL(/\/contacts\/[0-9a-f-]{36}$/);
  const name = await page.getByRole("heading", { level: 1 }).textContent();
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  await page.goBack();
  await expect(page).toHaveURL(/\/contacts$/);
  await page.goForward();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);

  // Organizations list links to detail with its contacts.
  await open(page, "/organizations");
  await expect(page.locator(".result-count")).toHaveText("5 of 5");
  await page.getByRole("searchbox", { name: "Search", exact: true }).fill("pekarna");
  await page.locator(".org-row").first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Pekárna U Mlýna a.s.");
  await expect(page.locator("li.org-contact")).toHaveCount(4);
});

test("screens at 1280 and 360 px", async ({ page }) => {
  await open(page, "/settings");
  await page.locator("#load-demo").click();
  await expect(page.locator("#record-counts")).toContainText("20 contacts");
  for (const [w, h] of [[1280, 800], [360, 740]]) {
    await page.setViewportSize({ width: w, height: h });
    for (const path of ["/contacts", "/organizations"]) {
      await open(page, path);
      await page.screenshot({ path: `test-results/screens/${path.slice(1)}-${w}.png` });
    }
    await page.locator(".org-row").first().click();
    await page.screenshot({ path: `test-results/screens/organization-${w}.png`, fullPage: true });
    // Nothing overflows the viewport sideways.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  }

  // The same screens in Czech, and a form showing its errors.
  await open(page, "/settings");
  await page.locator("#f-lang").selectOption("cs");
  for (const [w, h] of [[1280, 800], [360, 740]]) {
    await page.setViewportSize({ width: w, height: h });
    await open(page, "/contacts");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Kontakty");
    await page.screenshot({ path: `test-results/screens/contacts-cs-${w}.png` });
    await open(page, "/contacts/new");
    await page.getByLabel("LinkedIn").fill("javascript:alert(1)");
    await page.getByRole("button", { name: "Uložit" }).click();
    await expect(page.locator("#err-last_name")).toHaveText("je povinné");
    await page.screenshot({ path: `test-results/screens/contact-form-cs-${w}.png`, fullPage: true });
    let overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await open(page, "/search?q=nov");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Výsledky hledání");
    await expect(page.locator(".found-list li").first()).toBeVisible();
    await page.screenshot({ path: `test-results/screens/search-cs-${w}.png`, fullPage: true });
    overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  }
});

test("the global search finds organizations and contacts from any page", async ({ page }) => {
  await loadDemo(page);
  await open(page, "/organizations");
  await page.locator("#global-search").fill("novák");
  await page.locator("#global-search").press("Enter");
  await expect(page).toHaveURL(/\/search\?q=nov%C3%A1k$/);
  const orgs = page.locator(".found").nth(0);
  const contacts = page.locator(".found").nth(1);
  await expect(orgs.locator("li")).toHaveText([/Stavební firma Novák a syn/]);
  // Jan Novák, Jana Nováková, and the four people of Novák a syn.
  await expect(contacts.locator("li")).toHaveCount(6);
  // On the search page the results follow each keystroke.
  await page.locator("#global-search").fill("novák jan");
  await expect(contacts.locator("li a")).toHaveText(["Mgr. Jan Novák", "Jana Nováková"]);
  await expect(orgs.locator(".empty")).toBeVisible();
  await contacts.getByRole("link", { name: "Mgr. Jan Novák" }).click();
  await expect(page.locator("h1")).toHaveText("Mgr. Jan Novák");
  await page.goBack();
  await expect(page.locator("#global-search")).toHaveValue("novák jan");
  await expect(contacts.locator("li")).toHaveCount(2);
});
