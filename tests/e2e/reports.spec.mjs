// PRODUCT.md flow 10 (reports and the dashboard): the dormant-contacts
// report lists the right people and its CSV is its table; every number
// leads to the records behind it; the dashboard is the start page.
import fs from "node:fs/promises";
import { test, expect, open, save, loadDemo, exportBundle, importBundle, saveFilter, openSavedFilter } from "./helpers.mjs";

const NOW = new Date("2026-11-23T09:00:00Z");
const daysAgo = (n) => new Date(NOW.getTime() - n * 86_400_000).toISOString();
const id = (n) => `01900000-0000-7000-8000-${String(n).padStart(12, "0")}`;

/** RFC 4180 as the app writes it: a BOM, quoted cells, CRLF. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = "";
  let quoted = false;
  text = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") row.push(cell), (cell = "");
    else if (c === "\r") continue;
    else if (c === "\n") row.push(cell), rows.push(row), (row = []), (cell = "");
    else cell += c;
  }
  return rows;
}

const tableText = (page) =>
  page.locator("#report-table tr").evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));

/**
 * The demo's 20 contacts, all created in 2025; the first called 5 days
 * ago (active), the second 40 days ago (neither), the third 120 days ago
 * (dormant); the others never contacted (dormant too).
 */
async function contactsWithHistory(page) {
  await page.clock.install({ time: NOW });
  await loadDemo(page);
  const b = await exportBundle(page);
  for (const c of b.contacts) c.created_at = c.updated_at = "2025-06-01T08:00:00.000Z";
  const calls = [
    [b.contacts[0], 5],
    [b.contacts[1], 40],
    [b.contacts[2], 120],
  ];
  calls.forEach(([c, days], i) => {
    const at = daysAgo(days);
    b.activities.push({ id: id(900 + i), created_at: at, updated_at: at, kind: "call", subject: `Call ${days} days ago`, at });
    b.links.push({ id: id(950 + i), activity_id: id(900 + i), record_kind: "contact", record_id: c.id });
  });
  await importBundle(page, b, "replace");
  await expect(page.getByText("Import finished.")).toBeVisible();
  const name = (c) => [c.title, c.first_name, c.last_name].filter(Boolean).join(" ");
  return { active: name(b.contacts[0]), between: name(b.contacts[1]), silent: name(b.contacts[2]), silentId: b.contacts[2].id };
}

test("a dormant-contacts report lists the right people and its CSV matches the table", async ({ page }) => {
  const who = await contactsWithHistory(page);
  await open(page, "/reports/dormant-contacts");
  const rows = page.locator("#report-table tbody tr");
  await expect(rows).toHaveCount(18);
  const table = page.locator("#report-table");
  await expect(table).not.toContainText(who.active);
  await expect(table).not.toContainText(who.between);
  // The longest silent first: the never contacted, then the one called 120 days ago.
  await expect(rows.last()).toContainText(who.silent);
  await expect(rows.last().locator("td").nth(2)).toHaveText("120");
  await expect(rows.first().locator("td").nth(1)).toHaveText("Never contacted");
  await expect(rows.first().locator("td").nth(2)).toHaveText("–");
  await expect(rows.first().locator("td").nth(2).getByRole("link")).toHaveCount(0);
  // The chart splits everyone, and says so in words.
  await expect(page.locator("#report-chart svg[role=img] desc")).toHaveText("Active: Contacts 1; In between: Contacts 1; Last contact long ago: Contacts 1; Never contacted: Contacts 17");

  // Its CSV is exactly the table.
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#report-csv").click()]);
  expect(download.suggestedFilename()).toMatch(/^vizitka-report-dormant-contacts-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = parseCsv(await fs.readFile(await download.path(), "utf8"));
  expect(csv).toEqual(await tableText(page));
  expect(csv).toHaveLength(19);

  // A shorter threshold, kept in the URL: the one called 40 days ago is dormant too.
  await page.locator("#report-dormant").fill("30");
  await page.locator("#report-dormant").dispatchEvent("change");
  await expect(page).toHaveURL(/dormant=30/);
  await expect(rows).toHaveCount(19);
  await expect(table).toContainText(who.between);
  await page.reload();
  await expect(rows).toHaveCount(19);

  // "Create a follow-up task for each": once; a second time adds none.
  await page.locator("#follow-up-all").click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Create a follow-up task for each" }).click();
  await expect(page.getByText(/Follow-up tasks created: \d+\./)).toBeVisible();
  const made = Number((await page.getByText(/Follow-up tasks created/).textContent()).match(/\d+/)[0]);
  expect(made).toBeGreaterThan(0);
  await page.locator("#follow-up-all").click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Create a follow-up task for each" }).click();
  await expect(page.getByText("Follow-up tasks created: 0.")).toBeVisible();

  // The days link to the contact.
  await table.getByRole("link", { name: "120", exact: true }).click();
  await expect(page).toHaveURL(`/contacts/${who.silentId}`);
  await expect(page.locator(".timeline")).toContainText("Call 120 days ago");
});

test("the pipeline report: a chart with its words, filters in the URL, every number leads to its deals", async ({ page }) => {
  await loadDemo(page);
  await open(page, "/reports");
  await page.locator("#report-pipeline-by-stage").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Pipeline by stage");
  await expect(page.locator("#chart-title")).toHaveText("Pipeline by stage");
  await expect(page.locator("#report-chart desc")).toContainText("Needs analysis: Value");
  const row = page.locator("#report-table tbody tr", { hasText: "Needs analysis" });
  await expect(row.locator("td").first()).toHaveText("2");
  await expect(page.locator("#report-table tfoot")).toContainText("Open pipeline");

  // The 2 opens the two deals behind it; each leads to its page.
  await row.locator("td").first().getByRole("link").click();
  await expect(page).toHaveURL(/\/reports\/pipeline-by-stage\/records\?row=1&col=1/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Needs analysis — Deals");
  const links = page.locator(".record-row a");
  await expect(links).toHaveCount(2);
  const name = await links.first().textContent();
  await page.locator("#back-to-report").click();
  await expect(page).toHaveURL(/\/reports\/pipeline-by-stage$/);
  await page.goBack();
  await links.first().click();
  await expect(page).toHaveURL(/\/opportunities\//);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);

  // A filter is part of the URL; the demo's deals are all the user's, so
  // "no owner" finds none, and says so.
  await open(page, "/reports/pipeline-by-stage");
  await page.locator("#report-owner").selectOption("none");
  await expect(page).toHaveURL(/owner=none/);
  await expect(page.locator("#report-empty")).toHaveText("No records match these filters.");

  // Win rate by owner: every report has its table; saved, it is one click away.
  await open(page, "/reports/win-rate?period=all&by=owner");
  await expect(page.locator("#report-by")).toHaveValue("owner");
  await expect(page.locator("#report-table thead")).toContainText("Win rate");
  await saveFilter(page, "Wins per person");
  await open(page, "/contacts");
  await openSavedFilter(page, "Wins per person");
  await expect(page).toHaveURL(/\/reports\/win-rate\?period=all&by=owner$/);
  await expect(page.locator("#report-by")).toHaveValue("owner");
});

test("the dashboard is the start page: my tasks, the open pipeline, quiet key contacts", async ({ page }) => {
  await contactsWithHistory(page);
  // A task due this afternoon (it is 10:00 in Prague).
  await open(page, "/contacts");
  await page.locator("a.contact-row").first().click();
  await page.locator("#log-task").click();
  await page.getByLabel("Subject").fill("Zavolat kvůli smlouvě");
  await page.getByLabel("Due").fill("2026-11-23T15:00");
  await save(page);
  // The brand leads home.
  await page.locator("a.brand").click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Dashboard");
  await expect(page.locator("#dash-tasks")).toContainText("Zavolat kvůli smlouvě");
  await expect(page.locator("#dash-pipeline-table tbody tr").last()).toContainText("Open pipeline");
  await expect(page.locator("#dash-dormant li").first()).toBeVisible();
  await page.locator("#dash-pipeline h2 a").click();
  await expect(page).toHaveURL(/\/reports\/pipeline-by-stage$/);
});
