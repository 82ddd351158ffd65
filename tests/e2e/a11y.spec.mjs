// Accessibility: axe-core's WCAG 2.1 A and AA rules over every page — each
// list, record page and form, the dashboard, reports, settings, the print
// view and the first screen — in English and in Czech, with no serious or
// critical violation.
import AxeBuilder from "@axe-core/playwright";
import { test, expect, open, loadDemo, exportBundle } from "./helpers.mjs";

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** The serious and critical violations on the page as it is now, as readable lines. */
async function violations(page) {
  const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) => v.nodes.map((n) => `${v.impact} ${v.id}: ${n.target.join(" ")} — ${n.failureSummary.split("\n").slice(1).join(" ").trim()}`));
}

/** Opens `path` the way a user does (the app loaded, the page painted). */
async function visit(page, path) {
  await page.goto(path);
  await expect(page.locator("main .loading")).toHaveCount(0);
  await expect(page.locator("main .page").first()).toBeVisible();
  // Let virtualized lists and charts measure and paint.
  await page.waitForTimeout(150);
}

/** Every page of the app with demo data, by path. */
function pages(b) {
  const first = (list) => list[0].id;
  const meeting = b.activities.find((a) => a.kind === "meeting").id;
  const call = b.activities.find((a) => a.kind === "call").id;
  const task = b.activities.find((a) => a.kind === "task").id;
  const contact = first(b.contacts);
  const organization = first(b.organizations);
  const reports = [
    "pipeline-by-stage",
    "pipeline-by-month",
    "win-rate",
    "leads-by-source",
    "quotes-by-status",
    "activities",
    "contacts-per-organization",
    "active-contacts",
    "dormant-contacts",
    "sla-compliance",
    "tickets-by-status",
    "tickets-per-organization",
    "tickets-per-item",
    "expiring-per-month",
    "projects-on-time",
    "upsell",
  ];
  return [
    "/",
    "/contacts",
    "/contacts/new",
    `/contacts/${contact}`,
    `/contacts/${contact}/edit`,
    "/organizations",
    "/organizations/new",
    `/organizations/${organization}`,
    `/organizations/${organization}/edit`,
    "/leads",
    "/leads/new",
    `/leads/${first(b.leads)}`,
    `/leads/${first(b.leads)}/edit`,
    "/opportunities",
    "/opportunities?view=table",
    "/opportunities/new",
    `/opportunities/${first(b.opportunities)}`,
    `/opportunities/${first(b.opportunities)}/edit`,
    "/quotes",
    "/quotes/new",
    `/quotes/${first(b.quotes)}`,
    `/quotes/${first(b.quotes)}/edit`,
    `/quotes/${first(b.quotes)}/print`,
    "/products",
    "/products/new",
    `/products/${first(b.products)}`,
    "/campaigns",
    "/campaigns/new",
    `/campaigns/${first(b.campaigns)}`,
    `/campaigns/${first(b.campaigns)}/edit`,
    `/activities/${meeting}`,
    `/activities/${call}/edit`,
    `/activities/${task}`,
    `/activities/new?kind=meeting&contact=${contact}`,
    `/activities/new?kind=email&contact=${contact}`,
    `/activities/new?kind=note&organization=${organization}`,
    `/activities/new?kind=call&contact=${contact}`,
    `/activities/new?kind=task&contact=${contact}`,
    "/projects",
    "/projects/new",
    `/projects/${first(b.projects)}`,
    `/projects/${first(b.projects)}/edit`,
    "/handovers",
    "/handovers/new",
    `/handovers/${first(b.handovers)}`,
    `/handovers/${first(b.handovers)}/print`,
    "/contracts",
    "/contracts/new",
    `/contracts/${first(b.contracts)}`,
    `/contracts/${first(b.contracts)}/edit`,
    `/delivered-items/${first(b.delivered_items)}`,
    "/tickets",
    "/tickets/new",
    "/tickets/report",
    `/tickets/${first(b.tickets)}`,
    `/tickets/${first(b.tickets)}/edit`,
    "/stream",
    "/tasks",
    "/calendar",
    "/inbox",
    "/search?q=nov",
    "/duplicates/contact",
    "/import/contact",
    "/settings",
    "/rules",
    "/rules/new",
    "/reports",
    ...reports.map((r) => `/reports/${r}`),
    "/reports/pipeline-by-stage/records?row=1&col=1",
    "/no-such-page",
  ];
}

/**
 * Pages in the states a user brings them to: a dialog open, a file read,
 * suggestions shown, a rule with a condition and an action of each kind.
 */
function states(b) {
  const contact = b.contacts[0].id;
  const csv = "First Name,Last Name,E-mail 1 - Value,Phone 1 - Value\r\nJana,Nováková,jana@pekarna.cz,(+420) 222-333-444\r\nPetr,,bad-email,\r\n";
  return {
    "contact delete dialog": async (page) => {
      await visit(page, `/contacts/${contact}`);
      await page.getByRole("button", { name: /^(Delete|Smazat)$/ }).click();
      await expect(page.getByRole("alertdialog")).toBeVisible();
    },
    "CSV import, a file read and checked": async (page) => {
      await visit(page, "/import/contact");
      await page.locator("#csv-file").setInputFiles({ name: "c.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
      await page.locator("#csv-check").click();
      await expect(page.locator("#csv-summary")).toBeVisible();
    },
    "search suggestions": async (page) => {
      await visit(page, "/contacts");
      await page.locator("#global-search").fill("nov");
      await expect(page.locator("#search-suggestions li").first()).toBeVisible();
    },
    "calendar month": async (page) => {
      await visit(page, "/calendar");
      await page.locator("#cal-month").click();
    },
    "a duplicates merge": async (page) => {
      await visit(page, "/duplicates/contact");
      const merge = page.locator(".duplicates-page button", { hasText: /Merge…|Sloučit…/ }).first();
      if ((await merge.count()) > 0) await merge.click();
    },
    "a rule with a condition and every kind of action": async (page) => {
      await visit(page, "/rules/new");
      await page.locator("#add-condition").click();
      for (const kind of ["remind", "draft_email", "set_field", "add_tag"]) {
        await page.locator("#add-action").click();
        await page.locator(".rule-action .action-type").last().selectOption(kind);
      }
    },
    "a contact's organization picker open": async (page) => {
      await visit(page, "/contacts/new");
      await page.locator("#f-organization_id").fill("a");
      await expect(page.locator("#org-options li").first()).toBeVisible();
    },
    "an activity's link picker open": async (page) => {
      await visit(page, `/activities/new?kind=note&contact=${contact}`);
      await page.locator("#f-link-search").fill("a");
      await expect(page.locator(".link-search .options li").first()).toBeVisible();
    },
    "an opportunity's contact picker open": async (page) => {
      await visit(page, "/opportunities/new");
      await page.locator("#f-involved-search").fill("a");
      await expect(page.locator(".options li").first()).toBeVisible();
    },
  };
}

for (const lang of ["en", "cs"]) {
  test(`every page has no serious or critical accessibility violation (${lang})`, async ({ page }) => {
    test.setTimeout(300_000);
    await page.addInitScript((l) => localStorage.setItem("vizitka.lang", l), lang);
    // The first screen: "who are you?" and the ways to start, nothing stored yet.
    await open(page, "/", { iAm: false });
    await expect(page.locator("#getting-started")).toBeVisible();
    const found = { "/ (first run)": await violations(page) };

    await loadDemo(page);
    const b = await exportBundle(page);
    const paths = pages(b);
    for (const path of paths) {
      await visit(page, path);
      found[path] = await violations(page);
    }
    await visit(page, "/rules");
    const rule = await page.locator("a.rule-name").first().getAttribute("href");
    const template = await page.locator("a[href^='/templates/']").first().getAttribute("href");
    for (const path of [rule, template]) {
      await visit(page, path);
      found[path] = await violations(page);
    }
    for (const [name, reach] of Object.entries(states(b))) {
      await reach(page);
      await page.waitForTimeout(150);
      found[name] = await violations(page);
      await page.keyboard.press("Escape");
    }
    const bad = Object.entries(found).filter(([, v]) => v.length > 0);
    expect(bad, bad.map(([p, v]) => `${p}\n  ${v.join("\n  ")}`).join("\n")).toEqual([]);
    expect(Object.keys(found).length).toBeGreaterThan(65);
  });
}
