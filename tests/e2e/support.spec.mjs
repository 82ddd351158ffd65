// Support, flows 7 and 8 of PRODUCT.md: a customer with a support
// contract (critical: first response within 4 business hours, 8–16) calls
// on Friday at 15:00; the problem is reported from a phone in two taps; the
// first response is due on Monday at 11:00; waiting on the customer for a
// day moves it; past it the breach shows in the ticket, the list and the
// inbox.
import { test, expect, open } from "./helpers.mjs";

test.use({ timezoneId: "Europe/Prague", locale: "en-GB" });

/** Moves the fake clock to `iso` and holds it there, through one of the
 * app's 30 s ticks: the app's time is then at most 30 s before `iso` (so
 * checks pick times where that makes no difference), an action's `iso`. */
async function at(page, iso) {
  await page.clock.pauseAt(new Date(Date.parse(iso) - 30_000));
  await page.clock.runFor(30_000);
}

test("a critical ticket from Friday 15:00 is due Monday 11:00, waiting moves it, and its breach shows everywhere", async ({ page }) => {
  await page.clock.install({ time: new Date("2026-11-06T13:30:00Z") });
  await open(page, "/organizations/new");
  await page.getByLabel("Name", { exact: true }).fill("Keramika Hrubá");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.locator("#after-sale")).toBeVisible();

  // The support contract: business hours 8–16, critical 4 h to respond.
  await page.locator("#after-sale a", { hasText: "New contract" }).click();
  await page.getByLabel("Name", { exact: true }).fill("Podpora pecí");
  await page.locator("#f-state").selectOption("active");
  await page.locator("#f-has-sla").check();
  await page.locator("#f-sla-calendar-start").fill("08:00");
  await page.locator("#f-sla-calendar-end").fill("16:00");
  await page.locator("#sla-first-critical").fill("4");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.locator("#sla")).toContainText("08:00–16:00");

  // On a phone: the bar's button, then the form, sent Friday at 15:00.
  await page.setViewportSize({ width: 360, height: 780 });
  await open(page, "/");
  const report = page.locator("#report-problem");
  await expect(report).toBeInViewport();
  await report.click();
  await expect(page).toHaveURL(/\/tickets\/report$/);
  await page.locator("#f-who").fill("keram");
  await page.locator("#who-options button", { hasText: "Keramika Hrubá" }).click();
  await page.locator("#f-what").fill("Pec netopí\nPo výpadku proudu nenaběhne.");
  await page.locator("#priority-critical").check();
  await at(page, "2026-11-06T14:00:00Z");
  await page.locator("#report-save").click();
  await expect(page.locator("h1")).toHaveText("T-2026-0001 Pec netopí");
  const first = page.locator("#sla-first_response");
  await expect(first.locator(".due")).toHaveText("Due 9 Nov 2026 11:00");
  await expect(first.locator(".state")).toHaveText("On track");
  await expect(page.locator("#sla")).toContainText("Terms of contract Podpora pecí");
  await page.setViewportSize({ width: 1280, height: 800 });

  // Monday 9:00: 2 of 4 hours used; the customer is asked for a photo.
  await at(page, "2026-11-09T08:00:30Z");
  await expect(first.locator(".used")).toHaveText("2 h / 4 h");
  await page.locator("#ticket-status").selectOption("waiting_on_customer");
  await expect(page.locator("#sla-paused")).toBeVisible();
  await expect(first.locator(".due")).toHaveText("Paused while waiting");

  // Tuesday 9:00 the photo comes: 2 hours left, due at 11:00.
  await at(page, "2026-11-10T08:00:30Z");
  await page.locator("#ticket-status").selectOption("open");
  await expect(first.locator(".due")).toHaveText("Due 10 Nov 2026 11:00");
  await expect(page.locator("#sla-paused-total")).toHaveText("Paused: 8 h");
  await expect(page.locator("#status-history li")).toHaveCount(3);

  // 10:40: at risk; 11:05: breached, in the ticket, the list and the inbox.
  await at(page, "2026-11-10T09:40:30Z");
  await expect(first.locator(".state")).toHaveText("At risk");
  await at(page, "2026-11-10T10:05:30Z");
  await expect(first.locator(".state")).toHaveText("Breached");
  await expect(first.locator(".due")).toHaveText("Was due 10 Nov 2026 11:00");
  await open(page, "/tickets");
  const row = page.locator(".ticket-row", { hasText: "T-2026-0001" });
  await expect(row.locator(".cell.sla")).toHaveText("Breached");
  await page.locator("#filter-sla").selectOption("breached");
  await expect(page).toHaveURL(/sla=breached/);
  await expect(page.locator(".ticket-row")).toHaveCount(1);
  // The calendar file reminds of the resolution still due (Tuesday 15:00).
  const [ics] = await Promise.all([page.waitForEvent("download"), page.locator("#due-dates-ics").click()]);
  const fs = await import("node:fs/promises");
  const text = await fs.readFile(await ics.path(), "utf8");
  expect(text).toContain("SUMMARY:Resolution: T-2026-0001 Pec netopí");
  expect(text).toContain("DTSTART:20261110T140000Z");
  expect(text).toContain("BEGIN:VALARM");
  await open(page, "/inbox");
  await expect(page.locator(".reminder-item", { hasText: "T-2026-0001" })).toContainText("Breached: First response, was due 10 Nov 2026 11:00");

  await open(page, "/reports/sla-compliance");
  const critical = page.locator("#report-table tbody tr", { hasText: "Critical" });
  // Priority, tickets, responses met, responses breached.
  await expect(critical.locator("td").nth(2)).toHaveText("1");
  await critical.locator("td").nth(2).locator("a").click();
  await expect(page).toHaveURL(/\/tickets\//);

  // The global search finds it by its number.
  await page.locator("#global-search").fill("T-2026-0001");
  await expect(page.locator("#search-suggestions li", { hasText: "T-2026-0001 Pec netopí" })).toBeVisible();

  // Answering now does not undo the breach.
  await open(page, "/tickets");
  await row.locator("a").click();
  await page.locator("#mark-responded").click();
  await expect(page.locator("#mark-responded")).toHaveCount(0);
  await expect(first.locator(".state")).toHaveText("Breached");
});

test("a ticket without a contract uses the default SLA from Settings, and none means no SLA", async ({ page }) => {
  await page.clock.install({ time: new Date("2026-11-09T07:50:00Z") });
  await open(page, "/organizations/new");
  await page.getByLabel("Name", { exact: true }).fill("Pekárna U Mlýna");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.locator("#after-sale")).toBeVisible();
  await page.locator("#after-sale a", { hasText: "Report a problem" }).click();
  await expect(page.locator("#who-picked")).toHaveText("Pekárna U Mlýna");
  // Monday 9:00.
  await at(page, "2026-11-09T08:00:00Z");
  await page.locator("#report-save").click();
  await expect(page.locator(".error-summary")).toContainText("What is wrong");
  await page.locator("#f-what").fill("Tiskárna účtenek nefunguje");
  await page.locator("#report-save").click();
  await expect(page.locator("#sla-none")).toBeVisible();
  const ticket = page.url();

  await open(page, "/settings");
  await page.locator("#sla-defaults #f-has-sla").check();
  await page.locator("#sla-defaults-form button[type=submit]").click();
  await expect(page.locator(".notice")).toContainText("Saved");
  await page.goto(ticket);
  // Normal: 8 business hours (9–17) from Monday 9:00.
  await expect(page.locator("#sla-first_response .due")).toHaveText("Due 9 Nov 2026 17:00");
  await expect(page.locator("#sla")).toContainText("Default terms from Settings");
});
