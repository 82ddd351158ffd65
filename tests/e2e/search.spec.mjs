// Global search from the keyboard (issue 5): Ctrl+K or "/" reaches the box
// from anywhere, "novak" finds "Novák", ↑ ↓ choose and Enter opens.
import { test, expect, open, loadDemo, openRecord, exportBundle, importBundle } from "./helpers.mjs";

test("Ctrl+K, type without accents, arrow down, Enter opens the record", async ({ page }) => {
  await loadDemo(page);
  await open(page, "/tasks");
  await page.locator("main").click();
  await page.keyboard.press("Control+k");
  await expect(page.locator("#global-search")).toBeFocused();
  await page.keyboard.type("novak");
  const list = page.locator("#search-suggestions");
  await expect(list).toBeVisible();
  const first = list.locator("li").first();
  await expect(first).toContainText("Novák");
  await expect(list.locator("li .kind", { hasText: "Organization" }).first()).toBeVisible();
  await page.keyboard.press("ArrowDown");
  await expect(first).toHaveAttribute("aria-selected", "true");
  const title = (await first.locator(".title").textContent()).trim();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);

  // "/" outside a field focuses the box; Escape closes the list; Enter
  // with nothing chosen opens every result.
  await page.locator("main h1").click();
  await page.keyboard.press("/");
  await expect(page.locator("#global-search")).toBeFocused();
  await page.keyboard.press("Control+a");
  await page.keyboard.type("dvorak");
  await expect(list).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(list).toHaveCount(0);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/search\?q=dvorak$/);
  await expect(page.locator(".found").nth(1)).toContainText("Dvořák");
});

// A list's rows are places that show whichever records the search puts
// there: a keystroke patches their text and links. It must not rewrite
// what did not change (every class and role of thirty rows, which on a
// phone cost a third of each keystroke), and a search that finds nothing
// leaves the rows ready for the next one.
test("a list search shows the right records and touches only what changed in its rows", async ({ page }) => {
  await loadDemo(page);
  await open(page, "/contacts");
  const rows = page.locator(".vlist .contact-row");
  await expect(rows).toHaveCount(20);
  await page.evaluate(() => {
    window.__attrs = [];
    new MutationObserver((records) => {
      for (const r of records) if (r.target.closest(".vrow")) window.__attrs.push(r.attributeName);
    }).observe(document.querySelector("main"), { subtree: true, attributes: true });
  });
  const search = page.locator(".toolbar input.search");
  await search.fill("zzzz");
  await expect(page.locator(".empty-row")).toHaveText("Nothing matches the search.");
  await expect(rows).toHaveCount(0);
  await search.fill("novak");
  await expect(page.locator(".empty-row")).toHaveCount(0);
  await expect(rows.first()).toContainText("Novák");
  await search.fill("");
  await expect(rows).toHaveCount(20);
  await search.fill("dvorak");
  await expect(rows.first()).toContainText("Dvořák");
  const touched = await page.evaluate(() => window.__attrs);
  expect(touched.filter((name) => name === "class" || name === "role")).toEqual([]);
  // The patched row leads to its own record.
  await openRecord(page, rows.first().locator("a.row-link"));
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Dvořák");
});

test("a search typed while the rest of the records load is kept, and finds them once they are in", async ({ page }) => {
  // More contacts than the load's first read (5 segments of 1,000): the
  // list shows those first and the rest come after.
  await open(page, "/contacts");
  const bundle = await exportBundle(page);
  const hex = (n, width) => n.toString(16).padStart(width, "0");
  bundle.contacts = Array.from({ length: 6500 }, (_, i) => ({
    id: `01930000-0000-7000-8000-${hex(0x100000 + i, 12)}`,
    first_name: i % 100 === 7 ? "Nora" : "Jan",
    last_name: `Kontakt ${String(i).padStart(4, "0")}`,
    created_at: "2026-01-01T08:00:00Z",
    updated_at: "2026-01-01T08:00:00Z",
  }));
  await importBundle(page, bundle);
  await expect(page.locator(".notice")).toContainText("Import finished");

  // As a user who starts typing as soon as the list shows: the moment the
  // search box appears, before the rest of the records are in.
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      const box = document.querySelector("main input.search");
      if (!box) return;
      observer.disconnect();
      window.__typedWhileLoading = !/·/.test(document.querySelector(".result-count")?.textContent ?? "·") ? "after" : "during";
      box.value = "nora";
      box.dispatchEvent(new Event("input", { bubbles: true }));
    }).observe(document, { subtree: true, childList: true });
  });
  await page.goto("/contacts");
  const count = page.locator(".result-count");
  await expect(count).not.toContainText("·");
  expect(await page.evaluate(() => window.__typedWhileLoading)).toBe("during");
  await expect(page.locator("main input.search")).toHaveValue("nora");
  // All 65 Noras, also those of the segments read after the search.
  await expect(count).toHaveText(/^65 of 6,?500/);
  await expect(page.locator(".contact-row").first()).toContainText("Nora");
});
