// Hostile text: script tags, event handlers, attribute breakers, unsafe
// URLs and RTL overrides, typed into every text field of the record forms
// and imported through a bundle, CSV and vCard. None runs, none renders
// as markup, no unsafe URL becomes a link, print views included, and a
// CSV export defuses formulas. (The Content-Security-Policy would stop an
// inline script anyway; these tests check that none is ever made.)
import { readFile } from "node:fs/promises";
import { test, expect, loadDemo, exportBundle, importBundle, open } from "./helpers.mjs";

const PAYLOADS = [
  "<script>window.__xss=1</script>",
  '"><img src=x onerror="window.__xss=2">',
  "<svg onload=window.__xss=3></svg>",
  "' onmouseover='window.__xss=4' x='",
  "<iframe srcdoc=\"<script>parent.__xss=5</script>\"></iframe>",
  "\u202Egnp.exe <b>tučně</b>",
  "=HYPERLINK(\"http://zlo.example\",\"klik\")",
];
// For one-line fields, some of which hold 20 characters at most: if one
// ran, `x` is undefined and the page error fails the test.
const SHORT = ["<script>x()</script>", '"><b>x()</b>', "<svg onload=x()>", "' onclick='x()' '", "\u202Eexe.<b>x</b>", "=1+1"];
const UNSAFE_URLS = ["javascript:window.__xss=6", "data:text/html,<script>window.__xss=7</script>", "vbscript:msgbox(1)", "JaVaScRiPt:window.__xss=8"];

/** Nothing ran, no payload became an element, no unsafe link exists. */
async function clean(page, where) {
  expect(await page.evaluate(() => window.__xss), `${where}: a payload ran`).toBeUndefined();
  const injected = await page.evaluate(
    () => document.querySelectorAll('main script, img[src="x"], [onerror], [onload], [onmouseover], [onclick], main iframe[srcdoc], main b').length,
  );
  expect(injected, `${where}: a payload became markup`).toBe(0);
  const links = await page.evaluate(() => [...document.querySelectorAll("a[href], iframe[src]")].map((a) => a.getAttribute("href") || a.getAttribute("src")));
  for (const href of links) expect(href, `${where}: an unsafe link`).not.toMatch(/^\s*(javascript|data|vbscript):/i);
}

/** Fills every free-text field of the form on the page with a payload. */
async function fillAll(page, form = "form.form-page") {
  const fields = page.locator(`${form} textarea, ${form} input[type="text"]:not([inputmode]):not([role="combobox"])`);
  const n = await fields.count();
  let filled = 0;
  for (let i = 0; i < n; i++) {
    const f = fields.nth(i);
    const id = [await f.getAttribute("id"), await f.getAttribute("aria-label")].join(" ");
    // Dates, numbers, codes and tags have their own syntax.
    if (/date|_at|number|ico|dic|tags|time|hours|value|price|quantity|percent|serial|postal|probability|discount|rate|vat|months|days|years|minutes|count|budget|sla-|^f-(to|cc)\b/i.test(id)) continue;
    if (!(await f.isEditable())) continue;
    const long = (await f.evaluate((e) => e.tagName)) === "TEXTAREA";
    await f.fill(long ? PAYLOADS.join("\n") : SHORT[filled % SHORT.length]);
    filled++;
  }
  return filled;
}

/** Fills the form on the page with payloads, saves it, and checks the page it leads to. */
async function saveWithPayloads(page, where) {
  const filled = await fillAll(page);
  expect(filled, `${where}: text fields`).toBeGreaterThan(0);
  await page.locator("form.form-page").getByRole("button", { name: "Save" }).click();
  await expect(page.locator("form.form-page"), `${where}: saved`).toHaveCount(0);
  await expect(page.locator("main")).toContainText(/window\.__xss|x\(\)/);
  await clean(page, where);
}

test("payloads typed into every text field of every record form are stored and shown as text", async ({ page }) => {
  test.setTimeout(300_000);
  await loadDemo(page);
  const b = await exportBundle(page);
  const first = (list) => list[0].id;
  const forms = [
    `/organizations/${first(b.organizations)}/edit`,
    `/contacts/${first(b.contacts)}/edit`,
    `/leads/${first(b.leads)}/edit`,
    `/opportunities/${first(b.opportunities)}/edit`,
    `/quotes/${first(b.quotes)}/edit`,
    `/products/${first(b.products)}`,
    `/campaigns/${first(b.campaigns)}/edit`,
    `/projects/${first(b.projects)}/edit`,
    `/contracts/${first(b.contracts)}/edit`,
    `/tickets/${first(b.tickets)}/edit`,
  ];
  for (const path of forms) {
    await open(page, path);
    // Unsafe URLs are refused where a URL is typed, and become no link.
    const urls = page.locator('form.form-page input[type="url"]');
    const kept = [];
    for (let i = 0; i < (await urls.count()); i++) {
      kept.push(await urls.nth(i).inputValue());
      await urls.nth(i).fill(UNSAFE_URLS[i % UNSAFE_URLS.length]);
    }
    if (kept.length > 0) {
      await page.getByRole("button", { name: "Save" }).click();
      await expect(page.locator(".error-summary"), path).toContainText("http");
      await clean(page, `${path} (refused URL)`);
      for (let i = 0; i < kept.length; i++) await urls.nth(i).fill(kept[i]);
    }
    await saveWithPayloads(page, path);
  }
  // Where they are shown again: lists, search, the dashboard, print views.
  for (const path of ["/", "/organizations", "/contacts", "/leads", "/opportunities?view=table", "/tickets", "/projects", "/contracts", `/quotes/${first(b.quotes)}/print`, `/handovers/${first(b.handovers)}/print`, "/search?q=script"]) {
    await open(page, path);
    await clean(page, path);
  }
});

test("payloads typed into activities, a handover protocol, a rule, a template, a problem report, the team and your company are shown as text", async ({ page }) => {
  test.setTimeout(240_000);
  await loadDemo(page);
  const b = await exportBundle(page);
  for (const kind of ["email", "call", "meeting", "task", "note"]) {
    await open(page, `/activities/${b.activities.find((a) => a.kind === kind).id}/edit`);
    await saveWithPayloads(page, `a ${kind}`);
  }
  await open(page, `/projects/${b.projects[0].id}`);
  await page.locator("#new-handover").click();
  await saveWithPayloads(page, "a handover protocol");
  await page.goto(page.url() + "/print");
  await clean(page, "the protocol's print");

  await open(page, "/rules/new");
  await saveWithPayloads(page, "a rule");
  await open(page, "/rules");
  await page.locator(".template-name").first().click();
  await saveWithPayloads(page, "a template");
  await open(page, "/inbox");
  await clean(page, "the inbox");

  await open(page, "/tickets/report");
  await page.locator("#f-who").fill(b.organizations[0].name.slice(0, 5));
  await page.locator("#who-options button").first().click();
  await page.locator("#f-what").fill(PAYLOADS.join("\n"));
  await page.locator("#report-save").click();
  await expect(page.locator("h1")).toContainText("window.__xss=1");
  await clean(page, "a problem report");

  // Settings: a team member's name, and your company as quotes print it.
  await open(page, "/settings");
  await page.locator("#member-name").fill(SHORT[0]);
  await page.locator("#member-email").fill("zlo@firma.cz");
  await page.locator("#team-form button[type=submit]").click();
  await expect(page.locator("#team-list")).toContainText(SHORT[0]);
  const website = page.locator('#supplier-form input[type="url"]');
  await website.fill(UNSAFE_URLS[0]);
  await page.locator("#supplier-form").getByRole("button", { name: "Save" }).click();
  await expect(page.locator("#supplier-form .error-summary")).toContainText("http");
  await website.fill("https://www.firma.cz");
  const filled = await fillAll(page, "#supplier-form");
  expect(filled, "your company: text fields").toBeGreaterThanOrEqual(4);
  await page.locator("#supplier-form").getByRole("button", { name: "Save" }).click();
  await expect(page.locator("#supplier-form .error-summary")).toHaveCount(0);
  await clean(page, "settings");
  await open(page, `/quotes/${b.quotes[0].id}/print`);
  await expect(page.locator("main")).toContainText("x()");
  await clean(page, "a quote's print with your company's payloads");
});

test("payloads imported through a bundle, a CSV and a vCard are shown as text, and a CSV export defuses formulas", async ({ page }) => {
  test.setTimeout(180_000);
  await loadDemo(page);
  const b = await exportBundle(page);
  b.organizations[0].name = PAYLOADS[0];
  b.organizations[0].notes = PAYLOADS.join("\n");
  b.contacts[0].first_name = PAYLOADS[1];
  b.contacts[0].last_name = PAYLOADS[6];
  b.contacts[0].position = PAYLOADS[2];
  b.quotes[0].title = PAYLOADS[3];
  await importBundle(page, b, "replace");
  await expect(page.getByText("Import finished.")).toBeVisible();
  // A bundle with an unsafe URL is refused whole, naming the field.
  const bad = structuredClone(b);
  bad.organizations[1].website = UNSAFE_URLS[0];
  await importBundle(page, bad, "replace");
  await expect(page.locator("#import-error")).toContainText("organizations");
  await expect(page.locator("#import-error")).toContainText("website");

  const csv = ["First Name,Last Name,Notes", `"${PAYLOADS[1].replaceAll('"', '""')}",Nováková,"${PAYLOADS[0]}"`, `Petr,"${PAYLOADS[6].replaceAll('"', '""')}",${PAYLOADS[2]}`, ""].join("\r\n");
  await open(page, "/import/contact");
  await page.locator("#csv-file").setInputFiles({ name: "x.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.locator("#csv-check").click();
  await page.locator("#csv-import").click();
  await expect(page).toHaveURL(/\/contacts$/);

  const vcf = ["BEGIN:VCARD", "VERSION:4.0", `FN:${PAYLOADS[0]}`, "N:Zlá;Eva;;;", `NOTE:${PAYLOADS[1]}`, `URL:${UNSAFE_URLS[0]}`, `URL;TYPE=linkedin:${UNSAFE_URLS[3]}`, "END:VCARD", ""].join("\r\n");
  await open(page, "/settings");
  await page.locator("#import-vcard").setInputFiles({ name: "x.vcf", mimeType: "text/vcard", buffer: Buffer.from(vcf) });
  await expect(page.locator(".notice")).toContainText("Contacts imported");

  for (const path of ["/", "/organizations", `/organizations/${b.organizations[0].id}`, "/contacts", `/contacts/${b.contacts[0].id}`, `/quotes/${b.quotes[0].id}`, `/quotes/${b.quotes[0].id}/print`, `/handovers/${b.handovers[0].id}/print`, "/search?q=Eva"]) {
    await open(page, path);
    await clean(page, path);
  }
  await open(page, "/contacts");
  await page.locator(".contact-row", { hasText: "Zlá" }).first().click();
  await expect(page.locator("main")).toContainText("javascript:window.__xss=6");
  await clean(page, "the vCard's contact");

  // Every cell a spreadsheet would run is written as text.
  await open(page, "/contacts");
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#export-csv").click()]);
  const text = await readFile(await download.path(), "utf8");
  const cells = text.split(/[,\r\n]+/).map((c) => c.replace(/^"|"$/g, ""));
  expect(cells.some((c) => c.startsWith("'=HYPERLINK"))).toBe(true);
  expect(cells.filter((c) => /^[=+@]/.test(c))).toEqual([]);
});
