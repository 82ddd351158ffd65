// PRODUCT.md flow 10 (reports and the dashboard): the dormant-contacts
// report lists the right people and its CSV is its table; every number
// leads to the records behind it; the dashboard is the start page.
import fs from "node:fs/promises";
import { test, expect, open, save, loadDemo, exportBundle, importBundle, saveFilter, openSavedFilter } from "./helpers.mjs";

const NOW = new Date("2026-11-23T09:00:00Z");

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
 * The demo company at NOW, read from its own export: when each contact
 * last had an email, call or meeting (tasks and notes are our own work),
 * sorted into active (30 days), in between, dormant (90 days) and never —
 * worked out here independently of the app's report.
 */
async function demoEngagement(page) {
  await page.clock.install({ time: NOW });
  await loadDemo(page);
  const b = await exportBundle(page);
  const interactions = new Map(
    b.activities.filter((a) => ["email", "call", "meeting"].includes(a.kind) && a.at && new Date(a.at) <= NOW).map((a) => [a.id, new Date(a.at)]),
  );
  const last = new Map();
  for (const l of b.links) {
    const t = interactions.get(l.activity_id);
    if (l.record_kind === "contact" && t && !(last.get(l.record_id) >= t)) last.set(l.record_id, t);
  }
  const name = (c) => [c.title, c.first_name, c.last_name].filter(Boolean).join(" ");
  const silent = (c) => (last.has(c.id) ? (NOW - last.get(c.id)) / 86_400_000 : Infinity);
  const people = b.contacts.map((c) => ({ id: c.id, name: name(c), days: silent(c) }));
  const by = (keep) => people.filter(keep).sort((x, y) => y.days - x.days);
  return {
    active: by((p) => p.days <= 30),
    between: by((p) => p.days > 30 && p.days < 90),
    dormant: by((p) => p.days >= 90 && p.days !== Infinity),
    never: by((p) => p.days === Infinity),
  };
}

test("a dormant-contacts report lists the right people and its CSV matches the table", async ({ page }) => {
  const who = await demoEngagement(page);
  // The demo's story: ten active, four in between, four long silent, two never contacted.
  expect([who.active.length, who.between.length, who.dormant.length, who.never.length]).toEqual([10, 4, 4, 2]);
  await open(page, "/reports/dormant-contacts");
  const rows = page.locator("#report-table tbody tr");
  await expect(rows).toHaveCount(6);
  const table = page.locator("#report-table");
  // Who is in it, by the contacts its names link to (two people may share a name).
  const linked = () => rows.locator(":scope > :first-child a").evaluateAll((as) => as.map((a) => a.getAttribute("href").split("/").pop()));
  const ids = (list) => list.map((p) => p.id);
  await expect.poll(async () => (await linked()).slice(2)).toEqual(ids(who.dormant));
  await expect.poll(async () => (await linked()).slice(0, 2).sort()).toEqual(ids(who.never).sort());
  // The longest silent first: the never contacted, then 200, 150, 120 and 95 days.
  await expect(rows.nth(0).locator("td").nth(1)).toHaveText("Never contacted");
  await expect(rows.nth(1).locator("td").nth(1)).toHaveText("Never contacted");
  await expect(rows.first().locator("td").nth(2)).toHaveText("–");
  await expect(rows.first().locator("td").nth(2).getByRole("link")).toHaveCount(0);
  await expect(rows.locator("td:nth-child(4)")).toHaveText(["–", "–", "200", "150", "120", "95"]);
  // The chart splits everyone, and says so in words.
  await expect(page.locator("#report-chart svg[role=img] desc")).toHaveText("Active: Contacts 10; In between: Contacts 4; Last contact long ago: Contacts 4; Never contacted: Contacts 2");

  // Its CSV is exactly the table.
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#report-csv").click()]);
  expect(download.suggestedFilename()).toMatch(/^vizitka-report-dormant-contacts-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = parseCsv(await fs.readFile(await download.path(), "utf8"));
  expect(csv).toEqual(await tableText(page));
  expect(csv).toHaveLength(7);

  // A shorter threshold, kept in the URL: the four in between (35–70 days) are dormant too.
  await page.locator("#report-dormant").fill("30");
  await page.locator("#report-dormant").dispatchEvent("change");
  await expect(page).toHaveURL(/dormant=30/);
  await expect(rows).toHaveCount(10);
  await expect.poll(async () => (await linked()).filter((id) => ids(who.between).includes(id)).sort()).toEqual(ids(who.between).sort());
  await page.reload();
  await expect(rows).toHaveCount(10);

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
  const latest = who.dormant[who.dormant.length - 1];
  await open(page, "/reports/dormant-contacts");
  await table.getByRole("link", { name: "95", exact: true }).click();
  await expect(page).toHaveURL(`/contacts/${latest.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(latest.name);
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
  await demoEngagement(page);
  // A task due this afternoon (it is 10:00 in Prague).
  await open(page, "/contacts");
  await page.locator(".contact-row").first().click();
  await page.locator("#log-task").click();
  await page.getByLabel("Subject").fill("Zavolat kvůli smlouvě");
  await page.getByLabel("Due").fill("2026-11-23T15:00");
  await save(page);
  // The brand leads home.
  await page.locator("a.brand").click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Dashboard");
  await expect(page.locator("#dash-tasks")).toContainText("Zavolat kvůli smlouvě");
  // The demo's day: two tasks overdue and two due today, two meetings this week.
  await expect(page.locator("#dash-tasks li.overdue")).toHaveCount(2);
  await expect(page.locator("#dash-tasks")).toContainText("Poslat ceník servisních hodin");
  await expect(page.locator("#dash-tasks")).toContainText("Připravit podklady na schůzku");
  await expect(page.locator("#dash-meetings li")).toHaveText([/Prezentace školení/, /Kontrolní den/]);
  await expect(page.locator("#dash-deadlines li").first()).toBeVisible();
  await expect(page.locator("#dash-pipeline-table tbody tr").last()).toContainText("Open pipeline");
  await expect(page.locator("#dash-dormant li").first()).toBeVisible();
  await page.locator("#dash-pipeline h2 a").click();
  await expect(page).toHaveURL(/\/reports\/pipeline-by-stage$/);
});
