// Global search from the keyboard (issue 5): Ctrl+K or "/" reaches the box
// from anywhere, "novak" finds "Novák", ↑ ↓ choose and Enter opens.
import { test, expect, open, loadDemo } from "./helpers.mjs";

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
