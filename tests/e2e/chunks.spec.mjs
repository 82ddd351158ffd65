// The release build is cut into chunks of wasm (scripts/build.mjs): the
// shell, and one chunk per group of pages, fetched when a page opens.
// Here: what a phone downloads before its first screen, a chunk that does
// not arrive, and pages never opened before opening offline.
import { fileURLToPath } from "node:url";
import { test as plain } from "@playwright/test";
import { test, expect, open, loadDemo, underServiceWorker } from "./helpers.mjs";
import { firstScreen } from "./first_screen.mjs";

const dist = fileURLToPath(new URL("../../dist/", import.meta.url));

// Issue 25 asks for 400 KB. The first screen is 628–629 KB today (1,460 KB
// before the split, 687–722 before the rules, the reminders and the search
// left the shell): the shell holds the store, every record's decoder and
// the router. This bound stops it from growing while the rest moves out;
// lower it with every cut.
const FIRST_SCREEN_BUDGET_KB = 640;
// Each set of page groups sharing code is a chunk of its own; without the
// build's rule of what stays in the shell (scripts/build.mjs) the dashboard
// needed 104 files. Every file is one more request and one more module to
// instantiate before the page runs.
const FIRST_SCREEN_FILES = 60;

/**
 * A page without the service worker (it would answer from its cache; the
 * point here is the network), with the uncaught errors and the names of
 * the files it fetched.
 */
async function watchedPage(browser) {
  const context = await browser.newContext({ serviceWorkers: "block" });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  const fetched = [];
  page.on("request", (r) => fetched.push(new URL(r.url()).pathname.split("/").pop()));
  return { context, page, errors, fetched };
}

test("before the dashboard or a list paints, a phone downloads the shell and that page's chunk, within the budget", () => {
  for (const group of ["dashboard", "contacts", "organizations"]) {
    const { gzipped, files, all } = firstScreen(dist, group);
    console.log(`first screen (${group}): ${(gzipped / 1024).toFixed(0)} KB gzipped in ${files.length} files; all ${all.modules} modules: ${(all.gzipped / 1024).toFixed(0)} KB`);
    expect(gzipped / 1024, `${group}: ${files.join(", ")}`).toBeLessThan(FIRST_SCREEN_BUDGET_KB);
    expect(files.length, `${group}: ${files.join(", ")}`).toBeLessThan(FIRST_SCREEN_FILES);
    // The split is real: most of the app is not in the first screen.
    expect(gzipped).toBeLessThan(all.gzipped * 0.5);
  }
});

plain("a page whose chunk does not arrive says so, and opens on the next try; the app keeps working", async ({ browser }) => {
  // No service worker: it would answer from its cache, and the point here
  // is the network failing.
  const context = await browser.newContext({ serviceWorkers: "block" });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  // Blocked from the start: pointing at a link fetches its page's code.
  let blocked = true;
  await page.route("**/split_admin.wasm", (route) => (blocked ? route.abort("internetdisconnected") : route.continue()));
  await open(page, "/contacts");

  await page.locator("a[href='/settings']:visible").first().click();
  const failed = page.locator("main .page-failed");
  await expect(failed).toContainText("could not be loaded");
  await expect(failed).toHaveAttribute("role", "alert");
  // The app around it is alive: the list opens, and back to Settings fails
  // again while the network is down.
  await page.locator("nav a[href='/contacts']:visible").first().click();
  await expect(page.locator("main h1")).toHaveText("Contacts");
  await page.locator("a[href='/settings']:visible").first().click();
  await expect(failed).toBeVisible();

  // The network is back: "Try again" opens the page.
  blocked = false;
  await page.locator("#page-retry").click();
  await expect(page.locator("main h1")).toHaveText("Settings");
  await expect(failed).toHaveCount(0);

  // And a failure is recovered by simply navigating there again.
  await page.route("**/split_sales.wasm", (route) => (blocked ? route.abort("internetdisconnected") : route.continue()));
  blocked = true;
  await page.goto("/leads");
  await expect(failed).toBeVisible();
  blocked = false;
  await page.locator("nav a[href='/contacts']:visible").first().click();
  await page.locator("nav a[href='/leads']:visible").first().click();
  await expect(page.locator("main h1")).toHaveText("Leads");
  expect(errors, "no uncaught error: the wasm did not abort").toEqual([]);
  await context.close();
});

plain("the rules' code comes after the first screen; an action it does not reach is refused with a message and goes through on the next try", async ({ browser }) => {
  const { context, page, errors, fetched } = await watchedPage(browser);
  await open(page, "/contacts");
  // Fetched once the records are loaded (the rules run what came due),
  // never before the list: the list's row was painted first.
  await expect.poll(() => fetched).toContain("split_background.wasm");
  expect(fetched.indexOf("split_background.wasm")).toBeGreaterThan(fetched.indexOf("split_contacts.wasm"));

  // A fresh page whose background chunk does not arrive.
  let blocked = true;
  const cold = await context.newPage();
  cold.on("pageerror", (e) => errors.push(e.message));
  await cold.route("**/split_background.wasm", (route) => (blocked ? route.abort("internetdisconnected") : route.continue()));
  await open(cold, "/contacts/new", { iAm: false });
  await cold.getByLabel("First name").fill("Eva");
  await cold.getByLabel("Last name").fill("Bezsítě");
  await cold.getByRole("button", { name: "Save" }).click();
  await expect(cold.locator(".notice.error")).toContainText("This part of the app could not be loaded");
  // Nothing was written, and the form keeps what was typed.
  await expect(cold.locator("form.form-page")).toBeVisible();
  await expect(cold.getByLabel("Last name")).toHaveValue("Bezsítě");
  await page.reload();
  await expect(page.locator("main .loading")).toHaveCount(0);
  await expect(page.locator(".contact-row", { hasText: "Bezsítě" })).toHaveCount(0);

  // The network is back: the same Save goes through, once.
  blocked = false;
  await cold.getByRole("button", { name: "Save" }).click();
  await expect(cold.locator("form.form-page")).toHaveCount(0);
  await expect(cold.locator("main h1")).toContainText("Eva Bezsítě");
  await page.reload();
  await expect(page.locator(".contact-row", { hasText: "Bezsítě" })).toHaveCount(1);
  expect(errors, "no uncaught error: the wasm did not abort").toEqual([]);
  await context.close();
});

plain("a page's code is fetched when the pointer is on its link, so the click does not wait for it", async ({ browser }) => {
  const context = await browser.newContext({ serviceWorkers: "block" });
  const page = await context.newPage();
  const fetched = [];
  page.on("request", (r) => fetched.push(new URL(r.url()).pathname.split("/").pop()));
  await open(page, "/contacts");
  await page.waitForTimeout(500);
  // Nothing but the list's own code came with the load.
  expect(fetched).toContain("split_contacts.wasm");
  for (const group of ["after_sale", "admin", "people", "sales"]) expect(fetched).not.toContain(`split_${group}.wasm`);

  const tickets = page.locator("nav a[href='/tickets']:visible").first();
  await tickets.hover();
  await expect.poll(() => fetched).toContain("split_after_sale.wasm");
  await expect(page.locator("main h1")).toHaveText("Contacts");
  await page.waitForTimeout(300);
  fetched.length = 0;
  await tickets.click();
  await expect(page.locator("main h1")).toHaveText("Tickets");
  expect(fetched.filter((f) => f.endsWith(".wasm")), "nothing left to fetch at the click").toEqual([]);

  // The keyboard's focus on a link is intent too.
  await page.locator("nav a[href='/reports']:visible").first().focus();
  await expect.poll(() => fetched).toContain("split_admin.wasm");
  await context.close();
});

test("offline, a page never opened before still opens: every chunk is in the service worker's cache", async ({ page, context }) => {
  await loadDemo(page);
  await underServiceWorker(page);
  const cached = await page.evaluate(async () => {
    const names = await caches.keys();
    const cache = await caches.open(names.find((n) => n.startsWith("vizitka-")));
    return (await cache.keys()).map((r) => new URL(r.url).pathname);
  });
  expect(cached.filter((p) => p.endsWith(".wasm")).length).toBeGreaterThan(8);

  await context.setOffline(true);
  // Sales, after-sale, agenda, admin: groups this page has not loaded.
  for (const [path, title] of [["/leads", "Leads"], ["/tickets", "Tickets"], ["/tasks", "Tasks"], ["/reports", "Reports"]]) {
    await page.goto(path);
    await expect(page.locator("main h1").first()).toContainText(title);
  }
  await context.setOffline(false);
});

plain("the demo and the vCard reader come when asked for; one that does not arrive says so and the next try works", async ({ browser }) => {
  const { context, page, errors, fetched } = await watchedPage(browser);
  await open(page, "/");
  await expect(page.locator("#getting-started")).toBeVisible();
  // The first run's dashboard offers both, and fetched neither.
  expect(fetched).not.toContain("split_demo.wasm");
  expect(fetched).not.toContain("split_vcard.wasm");

  let blocked = true;
  await page.route(/split_(demo|vcard)\.wasm$/, (route) => (blocked ? route.abort("internetdisconnected") : route.continue()));
  await page.locator("#load-demo").click();
  await expect(page.locator(".notice.error")).toContainText("could not be loaded");
  await expect(page.locator("#getting-started")).toBeVisible();
  await page.locator("#import-vcard").setInputFiles({
    name: "one.vcf",
    mimeType: "text/vcard",
    buffer: Buffer.from("BEGIN:VCARD\r\nVERSION:3.0\r\nN:Dvořák;Jan;;;\r\nFN:Jan Dvořák\r\nEND:VCARD\r\n"),
  });
  await expect(page.locator("#vcard-error")).toContainText("could not be loaded");

  blocked = false;
  await page.locator("#import-vcard").setInputFiles({
    name: "one.vcf",
    mimeType: "text/vcard",
    buffer: Buffer.from("BEGIN:VCARD\r\nVERSION:3.0\r\nN:Dvořák;Jan;;;\r\nFN:Jan Dvořák\r\nEND:VCARD\r\n"),
  });
  await expect(page.locator(".notice")).toContainText("1");
  await expect(page.locator("#vcard-error")).toHaveCount(0);
  await page.goto("/contacts");
  await expect(page.locator(".contact-row")).toHaveCount(1);
  await expect(page.locator(".contact-row")).toContainText("Dvořák");
  expect(errors, "no uncaught error: the wasm did not abort").toEqual([]);
  await context.close();
});
