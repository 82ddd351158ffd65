// Duplicates and merge (issue 5): a new contact that looks like one we
// have is flagged while typed; the duplicates page groups the two; a merge
// leaves one contact whose timeline holds both histories.
import { test, expect, open, save } from "./helpers.mjs";

async function contactWithCall(page, first, last, email, topic) {
  await open(page, "/contacts/new");
  await page.getByLabel("First name").fill(first);
  await page.getByLabel("Last name").fill(last);
  await page.locator("#add-email, button:has-text('Add email')").first().click();
  await page.locator("input[type=email]").first().fill(email);
  return async () => {
    await save(page);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${first} ${last}`);
    await page.locator("#log-call").click();
    await page.getByLabel("Topic").fill(topic);
    await page.getByLabel("When").fill("2026-11-20T08:00");
    await save(page);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${first} ${last}`);
  };
}

test("merge two contacts and see the survivor's timeline hold both histories", async ({ page }) => {
  await (await contactWithCall(page, "Jana", "Nováková", "jana@pekarna.cz", "Objednávka na jaro"))();
  const finish = await contactWithCall(page, "Jana", "Novakova", "JANA@pekarna.cz", "Reklamace rohlíků");
  await expect(page.locator("#duplicate-warning")).toContainText("Jana Nováková");
  await expect(page.locator("#duplicate-warning")).toContainText("same email");
  await finish();

  await open(page, "/contacts");
  await page.locator("#duplicates").click();
  await expect(page).toHaveURL(/\/duplicates\/contact$/);
  const group = page.locator(".duplicate-group");
  await expect(group).toHaveCount(1);
  await expect(group.locator(".score")).toHaveText("100");
  await expect(group.locator(".reasons")).toHaveText("same email, similar name");
  await group.getByRole("button", { name: "Merge…" }).click();
  const dialog = page.locator(".merge-dialog");
  await dialog.getByLabel("Jana Nováková").first().check();
  await page.locator("#merge-confirm").click();
  await expect(page.locator(".notice")).toContainText("Records merged.");
  await expect(page.locator("#no-duplicates")).toBeVisible();

  await open(page, "/contacts");
  await expect(page.locator(".contact-row")).toHaveCount(1);
  await page.locator(".contact-row").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Jana Nováková");
  await expect(page.locator("main")).toContainText("Objednávka na jaro");
  await expect(page.locator("main")).toContainText("Reklamace rohlíků");
  await expect(page.locator("main")).toContainText("Merged with");
});

test("a new organization or lead that looks like one we have says so while typed", async ({ page }) => {
  await open(page, "/organizations/new");
  await page.getByLabel("Name").fill("Pekárna U Mlýna, s.r.o.");
  await page.getByLabel("Company ID (IČO)").fill("27074358");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Pekárna U Mlýna, s.r.o.");

  await open(page, "/organizations/new");
  await expect(page.locator("#duplicate-warning")).toHaveCount(0);
  await page.getByLabel("Name").fill("PEKARNA u mlyna a.s.");
  await expect(page.locator("#duplicate-warning")).toContainText("Pekárna U Mlýna, s.r.o. (similar name)");
  await page.locator("#duplicate-warning a").click();
  await expect(page).toHaveURL(/\/organizations\/[0-9a-f-]{36}$/);

  await open(page, "/leads/new");
  await page.getByLabel("Last name").fill("Horák");
  await page.getByLabel("Email").fill("horak@firma.cz");
  await save(page);
  await open(page, "/leads/new");
  await page.getByLabel("Last name").fill("Novák");
  await page.getByLabel("Email").fill("HORAK@firma.cz");
  await expect(page.locator("#duplicate-warning")).toContainText("Horák (same email)");
});
