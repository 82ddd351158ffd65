// A person's static site is often at a subpath (https://name.github.io/vizitka/).
// scripts/test builds the site for the base /vizitka/ into dist-sub/ too
// (VIZITKA_BASE, scripts/build.mjs); the config serves it 100 ports up.
// The smoke: load, navigate, reload a deep link, offline — and nothing
// fetched or linked outside the base.
import { test, expect, open, underServiceWorker } from "./helpers.mjs";

test("served under /vizitka/: loads, navigates, reloads a deep link and works offline, all inside its base", async ({ page, context, baseURL }) => {
  const url = new URL(baseURL);
  url.port = String(Number(url.port) + 100);
  const site = `${url.origin}/vizitka/`;
  const outside = [];
  page.on("request", (r) => {
    const u = new URL(r.url());
    if (u.protocol === url.protocol && u.host === url.host && !u.pathname.startsWith("/vizitka/")) outside.push(u.pathname);
  });

  await open(page, `${site}settings`);
  await page.locator("#load-demo").click();
  await expect(page.locator("#record-counts")).toContainText(/: 5 \S+, 20 \S+$/);

  // Every link of the app carries the base.
  const hrefs = await page.locator("a[href^='/']").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  expect(hrefs.length).toBeGreaterThan(5);
  expect(hrefs.filter((h) => !h.startsWith("/vizitka/"))).toEqual([]);

  // Navigate by the bar, then into a contact.
  await page.locator("nav a[href='/vizitka/contacts']").first().click();
  await expect(page).toHaveURL(`${site}contacts`);
  await expect(page.locator(".result-count")).toHaveText("20 of 20");
  await page.locator(".contact-row a.row-link").first().click();
  await expect(page).toHaveURL(new RegExp(`^${site}contacts/[0-9a-f-]{36}$`));
  const name = await page.locator("main h1").textContent();

  // A deep link reloads into the same page.
  await page.reload();
  await expect(page.locator("main h1")).toHaveText(name);

  // The service worker's scope is the base: offline, the site still opens.
  expect(await underServiceWorker(page)).toBe(`${site}sw.js`);
  await context.setOffline(true);
  await page.goto(`${site}organizations`);
  await expect(page.locator(".result-count")).toHaveText("5 of 5");
  await page.goto(`${site}tickets`);
  await expect(page.locator("main h1").first()).toContainText("Tickets");
  await context.setOffline(false);

  expect(outside, "nothing fetched outside /vizitka/").toEqual([]);
});
