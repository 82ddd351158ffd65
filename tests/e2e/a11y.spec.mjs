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
    const bad = Object.entries(found).filter(([, v]) => v.length > 0);
    expect(bad, bad.map(([p, v]) => `${p}\n  ${v.join("\n  ")}`).join("\n")).toEqual([]);
    expect(Object.keys(found).length).toBeGreaterThan(55);
  });
}
