// After the sale, flow 6 of PRODUCT.md: a won deal becomes a delivery
// project with milestones, is handed over with a protocol (a serialized
// item ×2 and one more, one reservation) that is signed and frozen, its
// items land on the organization with warranties from the signing date,
// the protocol prints with both parties and signature blocks; a contract
// comes to the inbox 7 days before its cancel-by date and "Renew" makes
// the renewal deal.
import { test, expect, open, save } from "./helpers.mjs";

test.use({ timezoneId: "Europe/Prague", locale: "en-GB" });

const DAY = 24 * 60 * 60 * 1000;

async function pickOrg(page, text, name) {
  await page.locator("#f-organization_id").fill(text);
  await page.locator("#org-options button", { hasText: name }).click();
}

test("a won deal is delivered, handed over and its items carry warranties from the signing", async ({ page }) => {
  await page.clock.install({ time: new Date("2026-11-02T09:00:00Z") });
  await open(page, "/settings");
  await page.locator("#supplier-form #f-name").fill("Vizitka s.r.o.");
  await page.locator("#supplier-form #f-ico").fill("27074358");
  await page.locator("#supplier-form button[type=submit]").click();
  await expect(page.locator(".notice")).toContainText("Saved");

  for (const [name, months] of [["Server R740", "36"], ["Switch 24p", "24"]]) {
    await open(page, "/products/new");
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.locator("#f-unit").fill("ks");
    await page.locator("#f-unit_price").fill("100 000");
    await page.locator("#f-warranty_months").fill(months);
    await save(page);
  }

  await open(page, "/organizations/new");
  await page.getByLabel("Name", { exact: true }).fill("Pekárna U Mlýna");
  await page.locator("#f-ico").fill("25596641");
  await page.locator("#f-billing_address-city").fill("Kolín");
  await save(page);
  await expect(page.locator("#after-sale")).toContainText("Nothing delivered yet");

  await open(page, "/contacts/new");
  await page.getByLabel("First name").fill("Jana");
  await page.getByLabel("Last name").fill("Nováková");
  await pickOrg(page, "pekarna", "Pekárna U Mlýna");
  await page.locator("#f-primary").check();
  await save(page);

  // The deal is won: the delivery starts from it in one click.
  await open(page, "/opportunities/new");
  await page.getByLabel("Name", { exact: true }).fill("Nová serverovna");
  await pickOrg(page, "pekarna", "Pekárna U Mlýna");
  await page.locator("#f-value").fill("300 000");
  await save(page);
  await expect(page.locator("#start-project")).toHaveCount(0);
  await page.locator(".stage-bar .stage", { hasText: "Won" }).click();
  await page.locator("#start-project").click();
  await expect(page.locator("h1")).toHaveText("Nová serverovna");
  await expect(page.locator(".subtitle")).toHaveText("Pekárna U Mlýna");

  // Two milestones, added from the keyboard; the strip shows them.
  for (const [name, due] of [["Instalace", "2026-11-10"], ["Školení", "2026-11-20"]]) {
    await page.locator("#new-milestone-name").fill(name);
    await page.locator("#new-milestone-due").fill(due);
    await page.locator("#new-milestone-name").press("Enter");
    await expect(page.locator("#milestones .milestone-name").last()).toHaveValue(/./);
  }
  await expect(page.locator("#milestones tr.milestone")).toHaveCount(2);
  await expect(page.locator("#milestone-strip svg polygon")).toHaveCount(2);
  await expect(page.locator("#milestone-strip .strip-summary")).toHaveText("Milestones done: 0/2, overdue: 0; planned 2 Nov 2026 to 2 Dec 2026.");
  await page.locator("#milestones .milestone-done").first().check();
  await expect(page.locator("#milestone-strip .strip-summary")).toContainText("Milestones done: 1/2");

  // The handover protocol: a serialized server ×2 and a switch.
  await page.locator("#new-handover").click();
  await expect(page.locator("h1")).toHaveText("New handover protocol PP-2026-0001");
  await page.locator("#add-product").selectOption({ label: "Server R740" });
  await page.locator("#add-product").selectOption({ label: "Switch 24p" });
  await page.locator(".line-quantity").first().fill("2");
  await page.locator(".line-serials").first().fill("SN-1");
  await page.locator("#add-defect").click();
  await page.locator(".defect-description").fill("Chybí záslepka v racku");
  await page.locator(".defect-fix-by").fill("2026-11-30");
  // One serial for two pieces is refused, naming the line; nothing is stored.
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.locator(".error-summary")).toContainText("one serial number per piece");
  await page.locator(".line-serials").first().fill("SN-1, SN-2");
  await save(page);
  await expect(page.locator("h1")).toHaveText("Handover protocol PP-2026-0001");
  await expect(page.locator(".handover-items tbody tr")).toHaveCount(2);
  await expect(page.locator(".handover-items")).toContainText("SN-1, SN-2");

  // Signed ten days later, with the reservation; it freezes.
  await page.clock.fastForward(10 * DAY);
  await page.locator("input[name=result][value=with_reservations]").check();
  await page.locator("#sign-on").fill("2026-11-12");
  await page.locator("#sign-handover").click();
  await expect(page.locator(".notice")).toContainText("Signed");
  await expect(page.locator(".badges")).toContainText("Accepted with reservations");
  await expect(page.locator("#content-hash")).toHaveText(/^[0-9a-f]{64}$/);
  await expect(page.getByRole("link", { name: "Edit" })).toHaveCount(0);
  await expect(page.locator("#delivered li")).toHaveCount(2);

  // The organization: two delivered items, warranties from the signing date.
  await page.locator(".subtitle a").click();
  const items = page.locator("#after-sale-items .delivered-item");
  await expect(items).toHaveCount(2);
  await expect(items.filter({ hasText: "Server R740" })).toContainText("SN-1, SN-2");
  await expect(items.filter({ hasText: "Server R740" }).locator(".warranty-until")).toHaveText("Warranty until 12 Nov 2029");
  await expect(items.filter({ hasText: "Switch 24p" }).locator(".warranty-until")).toHaveText("Warranty until 12 Nov 2028");
  await expect(page.locator("#after-sale-projects")).toContainText("Nová serverovna");
  await expect(page.locator("#after-sale-handovers")).toContainText("PP-2026-0001");
  await page.screenshot({ path: "test-results/screens/after-sale-1280.png", fullPage: true });

  // The print: both parties, the items, the reservation, signature blocks.
  await page.locator("#after-sale-handovers a").click();
  await page.locator("#print-handover").click();
  await expect(page.locator(".handover-doc h1")).toHaveText("Handover and acceptance protocol PP-2026-0001");
  await expect(page.locator(".parties")).toContainText("Vizitka s.r.o.");
  await expect(page.locator(".parties")).toContainText("Pekárna U Mlýna");
  await expect(page.locator(".parties")).toContainText("25596641");
  await expect(page.locator(".signatures .signature")).toHaveCount(2);
  await expect(page.locator(".signatures")).toContainText("Jana Nováková");
  await expect(page.locator(".signatures")).toContainText("Tester");
  await expect(page.locator(".handover-doc")).toContainText("Chybí záslepka v racku");
  await page.screenshot({ path: "test-results/screens/handover-print-1280.png", fullPage: true });

  // A contract ending 9 February with a month's notice: cancel by 9 January.
  await open(page, "/contracts/new");
  await page.getByLabel("Name", { exact: true }).fill("Servisní smlouva");
  await page.locator("#f-number").fill("2026/014");
  await pickOrg(page, "pekarna", "Pekárna U Mlýna");
  await page.locator("#f-state").selectOption("active");
  await page.locator("#f-end").fill("2027-02-09");
  await page.locator("#f-notice").fill("1");
  await page.locator("#f-value").fill("5 000");
  // SLA in business hours, Monday to Thursday; a resolution shorter than
  // the first response is refused, naming the row.
  await page.locator("#f-has-sla").check();
  await page.locator("#sla-day-4").uncheck();
  await page.locator("#sla-resolve-critical").fill("1");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.locator(".error-summary")).toContainText("Resolution (h) 1: ends before it starts");
  await page.locator("#sla-resolve-critical").fill("8");
  await save(page);
  await expect(page.locator("#sla")).toContainText("Mon, Tue, Wed, Thu 09:00–17:00");
  await expect(page.locator("#cancel-by")).toHaveText("9 Jan 2027");
  await open(page, "/inbox");
  await expect(page.locator("main .page")).not.toContainText("Servisní smlouva");

  // On 2 January the cancel-by date is 7 days away: in the inbox.
  await page.clock.fastForward(51 * DAY);
  const reminder = page.locator(".reminder-item", { hasText: "Servisní smlouva" });
  await expect(reminder).toContainText("Cancel by 9 Jan 2027");
  await reminder.locator(".item-title").click();
  await page.locator("#renew").click();
  await expect(page.locator("h1")).toHaveText("Renewal: 2026/014 Servisní smlouva");
  await expect(page.locator("dl.details")).toContainText("Pekárna U Mlýna");
  await expect(page.locator(".subtitle")).toContainText("CZK 60,000.00");
});

test("projects and contracts list with filters in the URL, and the pages fit a phone", async ({ page }) => {
  await open(page, "/organizations/new");
  await page.getByLabel("Name", { exact: true }).fill("Kavárna Dobrá");
  await save(page);
  await page.locator("#after-sale a", { hasText: "New project" }).click();
  await page.getByLabel("Name", { exact: true }).fill("Nový kávovar");
  await page.locator("#f-planned_end").fill("2020-01-01");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.locator("#err-planned_end")).toContainText("before");
  await page.locator("#f-planned_end").fill("2030-01-01");
  await save(page);
  await open(page, "/projects?status=done");
  await expect(page.locator(".project-row")).toHaveCount(0);
  await page.locator("#filter-status").selectOption("planned");
  await expect(page).toHaveURL(/status=planned/);
  await expect(page.locator(".project-row")).toHaveCount(1);
  for (const w of [1280, 360]) {
    await page.setViewportSize({ width: w, height: 800 });
    await page.locator(".project-row a").click();
    await expect(page.locator("#milestone-strip")).toBeVisible();
    await page.screenshot({ path: `test-results/screens/project-${w}.png`, fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.goBack();
  }
});

test("the demo's delivery in Czech, at 1280 and 360 px", async ({ page }) => {
  await open(page, "/settings");
  await page.locator("#f-lang").selectOption("cs");
  await page.locator("#load-demo").click();
  await expect(page.locator("#record-counts")).toContainText(/: 5 \S+, 20 \S+$/);
  for (const w of [1280, 360]) {
    await page.setViewportSize({ width: w, height: 800 });
    const shots = [
      ["/projects", ".project-row", "projects"],
      ["/contracts", ".contract-row", "contracts"],
      ["/handovers", ".handover-row", "handovers"],
      ["/", "#dash-after-sale li", "dashboard"],
      ["/inbox", ".reminder-item", "inbox"],
    ];
    for (const [path, ready, name] of shots) {
      await open(page, path);
      await expect(page.locator(ready).first()).toBeVisible();
      await page.screenshot({ path: `test-results/screens/${name}-cs-${w}.png`, fullPage: true });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${path} at ${w}`).toBeLessThanOrEqual(0);
    }
    await open(page, "/projects");
    await page.locator(".project-row a", { hasText: "Průmyslová pec" }).click();
    await expect(page.locator("#milestone-strip .strip-summary")).toContainText("Splněné milníky: 2/3, po termínu: 1");
    await page.screenshot({ path: `test-results/screens/project-cs-${w}.png`, fullPage: true });
    await page.locator("#project-handovers a").first().click();
    await expect(page.locator("#defects")).toContainText("Chybí krycí plech");
    await page.screenshot({ path: `test-results/screens/handover-cs-${w}.png`, fullPage: true });
    await page.locator("#print-handover").click();
    await expect(page.locator(".handover-doc h1")).toContainText("Předávací a přejímací protokol PP-");
    await page.screenshot({ path: `test-results/screens/handover-print-cs-${w}.png`, fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `print at ${w}`).toBeLessThanOrEqual(0);
  }
  // The dashboard and the inbox have the service contract's notice date.
  await open(page, "/inbox");
  await expect(page.locator(".reminder-item", { hasText: "Servis a revize zařízení" })).toContainText("Vypovědět do");
});
