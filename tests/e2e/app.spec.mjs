// The app itself: loads from the release build, works offline, speaks Czech.
import { test, expect, open, loadDemo, exportBundle, importBundle, answerWhoAreYou, save, underServiceWorker, openRecord } from "./helpers.mjs";

test("the release build loads and shows the shell", async ({ page }) => {
  await open(page, "/");
  await expect(page.getByRole("navigation")).toContainText("Contacts");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Dashboard");
  // An unknown address says so and marks no section of the bar as here.
  await open(page, "/automation");
  await expect(page.getByText("Page not found.")).toBeVisible();
  await expect(page.locator(".topbar nav [aria-current=page]")).toHaveCount(0);
  // Finding duplicates is part of its list.
  await open(page, "/duplicates/organization");
  await expect(page.locator(".topbar nav [aria-current=page]")).toHaveText("Organizations");
});

test("offline after the first visit: reload still works with the data", async ({ page, context }) => {
  await loadDemo(page);
  await underServiceWorker(page);

  await context.setOffline(true);
  await page.goto("/organizations");
  await expect(page.locator(".result-count")).toHaveText("5 of 5");
  await page.reload();
  await expect(page.locator(".result-count")).toHaveText("5 of 5");
  await expect(page.locator(".offline")).toBeVisible();
  await context.setOffline(false);
});

test("Czech UI: labels, formats, and the language switch", async ({ browser }) => {
  const context = await browser.newContext({ locale: "cs-CZ" });
  const page = await context.newPage();
  const errors = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto("/contacts");
  await expect(page.getByRole("heading", { name: "Kdo jste?" })).toBeVisible();
  await answerWhoAreYou(page, "Jana");
  const nav = page.getByRole("navigation");
  await expect(nav).toContainText("Kontakty");
  await expect(nav).toContainText("Organizace");
  await expect(nav).toContainText("Nastavení");
  await expect(page.getByRole("link", { name: "Nový kontakt" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "cs");

  await page.goto("/organizations/new");
  await page.getByLabel("Název").fill("Firma");
  await page.getByLabel("IČO").fill("123");
  await page.getByRole("button", { name: "Uložit" }).click();
  await expect(page.locator("#err-ico")).toHaveText("není platné IČO (8 číslic se správnou kontrolní číslicí)");

  await page.goto("/settings");
  await page.locator("#f-lang").selectOption("en");
  await expect(nav).toContainText("Contacts");
  await page.reload();
  await expect(nav).toContainText("Contacts", { timeout: 10_000 });
  expect(errors).toEqual([]);
  await context.close();
});

test("settings show whether storage is persistent and how much is used", async ({ page }) => {
  await loadDemo(page);
  await expect(page.locator("#storage-persisted")).not.toBeEmpty();
  await expect(page.locator("#storage-usage")).toContainText("Used");
});

test("a full disk: the action fails with a message, nothing changes, and it works once there is room", async ({ page }) => {
  // Nothing written before the quota is set (Chromium applies it only then).
  await open(page, "/settings", { iAm: false });
  const cdp = await page.context().newCDPSession(page);
  const origin = new URL(page.url()).origin;
  await cdp.send("Storage.overrideQuotaForOrigin", { origin, quotaSize: 1 });
  await page.locator("#load-demo").click();
  await expect(page.getByRole("alert")).toContainText("Saving failed; nothing was changed.");
  await expect(page.getByRole("alert")).toContainText("storage is full");

  // The button is below the fold: the message must still be in view.
  await expect(page.getByRole("alert")).toBeInViewport();
  await page.screenshot({ path: "test-results/screens/storage-full-1280.png" });
  await page.setViewportSize({ width: 360, height: 740 });
  await expect(page.getByRole("alert")).toBeInViewport();
  await page.screenshot({ path: "test-results/screens/storage-full-360.png" });
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(page.locator("#record-counts")).toContainText("0 organizations, 0 contacts");
  await open(page, "/contacts", { iAm: false });
  await expect(page.locator(".result-count")).toHaveText("0 of 0");

  await cdp.send("Storage.overrideQuotaForOrigin", { origin });
  await loadDemo(page);
  await page.reload();
  await open(page, "/settings");
  await expect(page.locator("#record-counts")).toContainText("5 organizations, 20 contacts");
});

test("a full disk during an import: refused with a message, nothing changes", async ({ page, browser }) => {
  const records = (b) => ({ organizations: b.organizations, contacts: b.contacts, history: b.history });
  const elsewhere = await browser.newContext();
  const other = await elsewhere.newPage();
  await loadDemo(other);
  const bundle = await exportBundle(other);
  await elsewhere.close();

  // Chromium applies a quota override only before the origin's first write.
  await open(page, "/settings", { iAm: false });
  const cdp = await page.context().newCDPSession(page);
  const origin = new URL(page.url()).origin;
  await cdp.send("Storage.overrideQuotaForOrigin", { origin, quotaSize: 1 });
  await importBundle(page, bundle, "replace", { iAm: false });
  await expect(page.locator("#import-error")).toContainText("storage is full");
  await expect(page.locator("#record-counts")).toContainText("0 organizations, 0 contacts");
  await page.reload();
  await expect(page.locator("#record-counts")).toContainText("0 organizations, 0 contacts");

  await cdp.send("Storage.overrideQuotaForOrigin", { origin });
  await importBundle(page, bundle, "replace");
  await expect(page.getByText("Import finished.")).toBeVisible();
  await page.reload();
  await expect(page.locator("#record-counts")).toContainText("5 organizations, 20 contacts");
  expect(records(await exportBundle(page))).toEqual(records(bundle));
});

test("two open tabs stay in sync", async ({ page, context }) => {
  await loadDemo(page);
  const other = await context.newPage();
  await open(other, "/organizations");
  await expect(other.locator(".result-count")).toHaveText("5 of 5");

  await open(page, "/organizations/new");
  await page.getByLabel("Name", { exact: true }).fill("Nová z první záložky s.r.o.");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Nová z první záložky s.r.o.");

  await expect(other.locator(".result-count")).toHaveText("6 of 6");
  // Only the new entry of the log was read: no reload of every record.
  expect(await other.evaluate(() => performance.getEntriesByName("vizitka:load").length)).toBe(1);
  expect(await other.evaluate(() => performance.getEntriesByName("vizitka:catch-up").length)).toBeGreaterThan(0);
  await other.close();
});

test("two tabs edit one contact: the later save is stopped, shows both versions, and a merge keeps both edits", async ({ page, context }) => {
  await loadDemo(page);
  await open(page, "/contacts");
  await openRecord(page, page.locator(".contact-row").first());
  const edit = new URL(page.url()).pathname + "/edit";
  const name = await page.getByRole("heading", { level: 1 }).textContent();
  await open(page, edit);
  const other = await context.newPage();
  await open(other, edit);

  // The other tab renames her and changes her position, and saves first.
  await other.getByLabel("First name").fill("Johana");
  await other.getByLabel("Job position").fill("Ředitelka");
  await save(other);

  // This tab, still showing the old name, changes the position too.
  await page.getByLabel("Job position").fill("Jednatelka");
  await page.getByRole("button", { name: "Save" }).click();
  const panel = page.locator("#conflict");
  await expect(panel).toContainText("Saved in another tab while you were editing");
  await expect(page.locator("form.form-page")).toBeVisible();
  // Each field is preset to the side that changed it; both changed the position.
  await expect(panel.locator("tr", { hasText: "First name" })).toContainText("Johana");
  await expect(panel.locator('input[name="conflict-first_name"][value="theirs"]')).toBeChecked();
  await expect(panel.locator('input[name="conflict-position"][value="mine"]')).toBeChecked();
  await expect(panel.locator("tr.both")).toContainText("Job position");

  await page.locator("#conflict-apply").click();
  await expect(panel).toHaveCount(0);
  await expect(page.getByLabel("First name")).toHaveValue("Johana");
  await expect(page.getByLabel("Job position")).toHaveValue("Jednatelka");
  await save(page);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Johana");
  await expect(page.locator("main")).toContainText("Jednatelka");
  expect(name).not.toContain("Johana");

  // "Take the saved version" puts theirs in the form, as stored.
  await open(other, edit);
  await open(page, edit);
  await other.getByLabel("Job position").fill("Majitelka");
  await save(other);
  await page.getByLabel("Job position").fill("Obchodnice");
  await page.getByRole("button", { name: "Save" }).click();
  await page.locator("#conflict-theirs").click();
  await expect(page.getByLabel("Job position")).toHaveValue("Majitelka");
  await other.close();
});

test("a contact deleted in another tab while its form is open is not brought back unasked", async ({ page, context }) => {
  await loadDemo(page);
  await open(page, "/contacts");
  await openRecord(page, page.locator(".contact-row").first());
  const record = new URL(page.url()).pathname;
  await open(page, record + "/edit");
  const other = await context.newPage();
  await open(other, record);
  await other.getByRole("button", { name: "Delete" }).click();
  await other.getByRole("alertdialog").getByRole("button", { name: "Delete" }).click();
  await expect(other).toHaveURL(/\/contacts$/);

  await page.getByLabel("Job position").fill("Jednatelka");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.locator("#gone")).toContainText("Deleted in another tab while you were editing");
  await expect(page.locator("form.form-page")).toBeVisible();
  await open(other, record);
  await expect(other.locator("main")).toContainText("This record does not exist");

  // Asked to, it is saved again with what the form holds.
  await page.locator("#gone-restore").click();
  await save(page);
  await expect(page.locator("main")).toContainText("Jednatelka");
  await open(other, record);
  await expect(other.locator("main")).toContainText("Jednatelka");
  await other.close();
});

test("two idle tabs leave each other alone: with no rule due, a minute passes without a reload or a re-sorted list", async ({ page, context }) => {
  // Real time: a fake clock also fakes performance.measure, which is
  // what counts the loads and sorts.
  test.setTimeout(120_000);
  await loadDemo(page);
  await open(page, "/contacts");
  const other = await context.newPage();
  await open(other, "/contacts");
  const work = (p) =>
    p.evaluate(() => ({
      loads: performance.getEntriesByName("vizitka:load").length,
      sorts: performance.getEntriesByName("vizitka:list:sort").length,
    }));
  const before = [await work(page), await work(other)];
  expect(before.map((w) => w.loads)).toEqual([1, 1]);
  // Two ticks of the rules' timer (every 30 s) in both tabs.
  await page.waitForTimeout(65_000);
  expect([await work(page), await work(other)]).toEqual(before);
  await other.close();
});

test("another tab upgrading the database asks this one to reload, nothing lost", async ({ page, context }) => {
  await loadDemo(page);
  const other = await context.newPage();
  await other.goto("/icons/icon.svg");
  await other.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const r = indexedDB.open("vizitka", 99);
        r.onsuccess = () => {
          r.result.close();
          resolve();
        };
        r.onerror = () => reject(r.error);
      }),
  );
  await expect(page.getByRole("alert")).toContainText("Vizitka was updated in another tab");
  await expect(page.getByRole("button", { name: "Reload" })).toBeVisible();
  await other.close();
});

test("Settings in two tabs: an untouched editor shows the other tab's save; edits are never overwritten unasked", async ({ page, context }) => {
  await loadDemo(page);
  await open(page, "/settings");
  const other = await context.newPage();
  await open(other, "/settings");
  const saveIn = (p, form) => p.locator(form).getByRole("button", { name: "Save", exact: true }).click();

  // Your company: saved twice from one tab is no conflict; the other tab follows.
  const company = (p) => p.locator("#supplier-form").getByLabel("Name", { exact: true });
  await company(page).fill("Firma A");
  await saveIn(page, "#supplier-form");
  await expect(company(other)).toHaveValue("Firma A");
  await company(page).fill("Firma B");
  await saveIn(page, "#supplier-form");
  await expect(page.locator("#conflict")).toHaveCount(0);
  await expect(company(other)).toHaveValue("Firma B");
  // Both edit: the later save shows both versions.
  await company(page).fill("Firma D");
  await company(other).fill("Firma C");
  await saveIn(other, "#supplier-form");
  await expect(company(page)).toHaveValue("Firma D");
  await saveIn(page, "#supplier-form");
  await expect(page.locator("#conflict")).toContainText("Saved in another tab while you were editing");

  // The stages: the other tab renames one; this untouched editor shows it.
  const stage = (p, i) => p.locator("#pipeline-form").getByLabel(`Name ${i}`, { exact: true });
  await stage(other, 1).fill("Zájem");
  await saveIn(other, "#pipeline-form");
  await expect(stage(page, 1)).toHaveValue("Zájem");
  // Both rename the second: this tab's save is refused once, saying so.
  await stage(page, 2).fill("Analýza");
  await stage(other, 2).fill("Potřeby");
  await saveIn(other, "#pipeline-form");
  await saveIn(page, "#pipeline-form");
  await expect(page.locator("#pipeline-stale")).toContainText("Nothing of yours is saved yet");
  await expect(stage(page, 2)).toHaveValue("Analýza");
  await expect(stage(other, 2)).toHaveValue("Potřeby");
  // Save again keeps this tab's version, knowingly.
  await saveIn(page, "#pipeline-form");
  await expect(page.locator("#pipeline-stale")).toHaveCount(0);
  await expect(stage(other, 2)).toHaveValue("Analýza");

  // A team member edited in both: "take the saved version" fills the form with it.
  const edit = (p) => p.locator("#team-list li", { hasText: "Tester" }).getByRole("button", { name: "Edit" }).click();
  await edit(page);
  await edit(other);
  await page.locator("#member-name").fill("Tester Testovič");
  await other.locator("#member-email").fill("tester@firma.cz");
  await other.locator("#team-form button[type=submit]").click();
  await expect(page.locator("#team-list")).toContainText("tester@firma.cz");
  await page.locator("#team-form button[type=submit]").click();
  await expect(page.locator("#team-stale")).toBeVisible();
  await page.locator("#team-stale button").click();
  await expect(page.locator("#member-name")).toHaveValue("Tester");
  await expect(page.locator("#member-email")).toHaveValue("tester@firma.cz");

  // The default SLA terms: the same.
  await page.locator("#f-has-sla").check();
  await page.locator("#sla-first-critical").fill("2");
  await saveIn(page, "#sla-defaults-form");
  await expect(other.locator("#sla-first-critical")).toHaveValue("2");
  await page.locator("#sla-resolve-critical").fill("10");
  await other.locator("#sla-first-critical").fill("3");
  await saveIn(other, "#sla-defaults-form");
  await expect(page.locator("#sla-first-critical")).toHaveValue("2");
  await saveIn(page, "#sla-defaults-form");
  await expect(page.locator("#sla-defaults-stale")).toBeVisible();
  await page.locator("#sla-defaults-stale button").click();
  await expect(page.locator("#sla-first-critical")).toHaveValue("3");
  await other.close();
});

test("a phone has a bottom tab bar: Dashboard, Contacts, Pipeline, Tasks and More, with search and Report a problem one tap away", async ({ page }) => {
  await loadDemo(page);
  await page.setViewportSize({ width: 360, height: 740 });
  await open(page, "/");
  const tabs = page.getByRole("navigation", { name: "Main sections" });
  await expect(tabs).toBeInViewport();
  await expect(tabs.locator(".tab")).toHaveText(["Dashboard", "Contacts", "Pipeline", "Tasks", /^More/]);
  // The desktop's strip of links is not there to scroll sideways.
  await expect(page.locator(".topbar nav")).toBeHidden();
  await expect(page.locator("#report-problem")).toBeInViewport();
  await expect(page.locator(".global-search input")).toBeInViewport();

  await tabs.getByRole("link", { name: "Pipeline" }).click();
  await expect(page).toHaveURL(/\/opportunities$/);
  await expect(tabs.getByRole("link", { name: "Pipeline" })).toHaveAttribute("aria-current", "page");

  // More: every other section, and the inbox's count.
  await tabs.locator("#tab-more-button").click();
  const sheet = page.locator("#tab-more");
  await expect(sheet.getByRole("link")).toHaveText([
    "Organizations", "Leads", "Quotes", "Projects", "Tickets", "Calendar", /^Inbox/, "Reports",
    "Contracts", "Handover protocols", "Stream", "Products", "Campaigns", "Automation", "Settings",
  ]);
  await page.screenshot({ path: "test-results/screens/tab-bar-more-360.png" });
  await sheet.getByRole("link", { name: "Projects" }).click();
  await expect(page).toHaveURL(/\/projects$/);
  await expect(sheet).toHaveCount(0);
  await expect(tabs.locator("#tab-more-button")).toHaveClass(/active/);

  // A form's Save stays above the bar.
  await open(page, "/contacts/new");
  const save = page.locator(".form-actions").getByRole("button", { name: "Save" });
  await expect(save).toBeInViewport();
  const [bar, button] = [await tabs.boundingBox(), await save.boundingBox()];
  expect(button.y + button.height).toBeLessThanOrEqual(bar.y + 1);
  await page.screenshot({ path: "test-results/screens/tab-bar-form-360.png" });

  // A laptop keeps its bar.
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(tabs).toBeHidden();
  await expect(page.locator(".topbar nav")).toBeVisible();
});
