// Bulk actions (issue 5): rows selected by click and shift-click, one
// action for all of them with one history entry, and an undo.
import { test, expect, open, loadDemo, saveFilter, openSavedFilter } from "./helpers.mjs";

test("bulk-tag 10 contacts with a shift-click range, see one history entry, and undo", async ({ page }) => {
  await loadDemo(page);
  await open(page, "/contacts");
  const boxes = page.locator(".vrow .pick input");
  await boxes.nth(0).click();
  await boxes.nth(9).click({ modifiers: ["Shift"] });
  await expect(page.locator("#bulk-bar .bulk-count")).toHaveText("10 selected");
  const first = (await page.locator(".vrow .row").nth(0).locator(".cell.name strong").textContent()).trim();
  const tenth = (await page.locator(".vrow .row").nth(9).locator(".cell.name strong").textContent()).trim();
  const eleventh = (await page.locator(".vrow .row").nth(10).locator(".cell.name strong").textContent()).trim();

  await page.locator("#bulk-action").selectOption("add_tag");
  await page.locator("#bulk-value").fill("konference");
  await page.locator("#bulk-apply").click();
  await expect(page.locator(".notice")).toContainText("Records changed: 10");
  await expect(page.locator("#bulk-bar")).toHaveCount(0);

  const tagged = async (name) => {
    await open(page, "/contacts");
    await page.locator(".contact-row", { hasText: name }).first().click();
    // The page has opened (its code may still be arriving) before counting.
    await expect(page.locator("main h1")).toContainText(name);
    return (await page.locator("main .tag", { hasText: "konference" }).count()) === 1;
  };
  expect(await tagged(first)).toBe(true);
  expect(await tagged(tenth)).toBe(true);
  expect(await tagged(eleventh)).toBe(false);
  // The contact's history shows the one entry for all ten.
  await open(page, "/contacts");
  await page.locator(".contact-row", { hasText: first }).first().click();
  await expect(page.locator("main")).toContainText("10 records at once");

  // Undo: every contact as it was.
  await open(page, "/contacts");
  await boxes.nth(0).click();
  await boxes.nth(1).click();
  await page.locator("#bulk-action").selectOption("add_tag");
  await page.locator("#bulk-value").fill("druhý");
  await page.locator("#bulk-apply").click();
  await page.locator("#undo").click();
  await expect(page.locator(".notice")).toContainText("Undone");
  expect(await tagged(first)).toBe(true);
  await expect(page.locator("main .tag", { hasText: "druhý" })).toHaveCount(0);
  await expect(page.locator("main")).toContainText("Undone: every record is back as it was");
});

test("after a search, a row's box and link are the record the row shows", async ({ page }) => {
  await loadDemo(page);
  await open(page, "/contacts");
  const rows = page.locator(".vrow");
  const nameIn = async (i) => (await rows.nth(i).locator(".cell.name strong").textContent()).trim();
  const first = await nameIn(0);
  const target = await nameIn(5);
  // A row is a place in the list: the search puts another record in it,
  // and its box, its link and its cells must all follow.
  await page.locator(".toolbar input.search").fill(target);
  const row = rows.filter({ has: page.locator(".cell.name strong").getByText(target, { exact: true }) });
  await expect(row).toHaveCount(1);
  await row.locator(".pick input").click();
  await expect(page.locator("#bulk-bar .bulk-count")).toHaveText("1 selected");
  await page.locator("#bulk-action").selectOption("add_tag");
  await page.locator("#bulk-value").fill("hledaný");
  await page.locator("#bulk-apply").click();
  await expect(page.locator(".notice")).toContainText("Records changed: 1");
  await row.locator("a.row-link").click();
  await expect(page.locator("main h1")).toContainText(target);
  await expect(page.locator("main .tag", { hasText: "hledaný" })).toHaveCount(1);
  await open(page, "/contacts");
  await page.locator(".contact-row", { hasText: first }).first().click();
  await expect(page.locator("main h1")).toContainText(first);
  await expect(page.locator("main .tag", { hasText: "hledaný" })).toHaveCount(0);
});

test("select every row a search matches, delete them, and undo the delete", async ({ page }) => {
  await loadDemo(page);
  await open(page, "/organizations");
  const count = page.locator(".result-count");
  const total = Number((await count.textContent()).match(/of (\d+)/)[1]);
  await page.locator(".toolbar input.search").fill("a");
  const shown = Number((await count.textContent()).match(/^(\d+)/)[1]);
  expect(shown).toBeGreaterThan(1);
  await page.locator("#select-all").click();
  await expect(page.locator("#bulk-bar .bulk-count")).toHaveText(`${shown} selected`);
  await page.locator("#bulk-action").selectOption("delete");
  await page.locator("#bulk-apply").click();
  await page.locator(".modal button.danger, .modal .button.primary").last().click();
  await expect(page.locator(".notice")).toContainText(`Records changed: ${shown}`);
  await page.locator(".toolbar input.search").fill("");
  await expect(count).toContainText(`of ${total - shown}`);
  await page.locator("#undo").click();
  await expect(page.locator(".notice")).toContainText("Undone");
  await expect(count).toContainText(`of ${total}`);
});

test("a list filtered by owner and tag is saved by name and opens from the menu", async ({ page }) => {
  await loadDemo(page);
  await open(page, "/contacts");
  const boxes = page.locator(".vrow .pick input");
  await boxes.nth(0).click();
  await boxes.nth(2).click({ modifiers: ["Shift"] });
  await page.locator("#bulk-action").selectOption("add_tag");
  await page.locator("#bulk-value").fill("veletrh");
  await page.locator("#bulk-apply").click();
  await expect(page.locator(".notice")).toContainText("Records changed: 3");

  await page.locator("#filter-tag").selectOption("veletrh");
  await expect(page).toHaveURL(/\/contacts\?tag=veletrh$/);
  await expect(page.locator(".result-count")).toContainText("3 of 20");
  await page.locator("#filter-owner").selectOption("none");
  await expect(page.locator(".result-count")).toContainText("0 of 20");
  await page.locator("#filter-owner").selectOption("me");
  await expect(page.locator(".result-count")).toContainText("3 of 20");
  await saveFilter(page, "Moji z veletrhu");
  await expect(page.locator(".notice")).toContainText("Filter saved");

  await page.locator("#clear-filters").click();
  await expect(page.locator(".result-count")).toContainText("20 of 20");
  await openSavedFilter(page, "Moji z veletrhu");
  await expect(page).toHaveURL(/\/contacts\?owner=me&tag=veletrh$/);
  await expect(page.locator(".result-count")).toContainText("3 of 20");
  // Still there after a reload: the filters live on this device.
  await page.reload();
  await page.locator(".more-menu summary").click();
  await expect(page.locator(".saved-filter a", { hasText: "Moji z veletrhu" })).toHaveCount(1);
});

test("the leads list's filters are in its URL and save the same way", async ({ page }) => {
  await loadDemo(page);
  await open(page, "/leads");
  await page.locator("#filter-source").selectOption("referral");
  await expect(page).toHaveURL(/\/leads\?source=referral$/);
  await expect(page.locator(".lead-row")).toHaveCount(1);
  await saveFilter(page, "Doporučení");
  await open(page, "/contacts");
  await openSavedFilter(page, "Doporučení");
  await expect(page.locator("#filter-source")).toHaveValue("referral");
  await expect(page.locator(".lead-row")).toHaveCount(1);
});

test("leads and the board take the owner filter every list has, beside their own", async ({ page }) => {
  await loadDemo(page);
  await open(page, "/leads");
  await page.locator("#filter-source").selectOption("referral");
  // The demo's leads and deals are all someone's.
  await page.locator("#filter-owner").selectOption("none");
  await expect(page).toHaveURL(/\/leads\?source=referral&owner=none$/);
  await expect(page.locator(".result-count")).toContainText("0 of 3");
  // Clearing the common filters keeps the list's own.
  await page.locator("#clear-filters").click();
  await expect(page).toHaveURL(/\/leads\?source=referral$/);
  await expect(page.locator(".lead-row")).toHaveCount(1);

  await open(page, "/opportunities");
  const cards = page.locator(".deal-card");
  await expect(cards.first()).toBeVisible();
  const all = await cards.count();
  await page.locator("#filter-owner").selectOption("none");
  await expect(page).toHaveURL(/\/opportunities\?owner=none$/);
  await expect(cards).toHaveCount(0);
  await page.getByRole("button", { name: "Table" }).click();
  await expect(page).toHaveURL(/\/opportunities\?view=table&owner=none$/);
  await expect(page.locator(".deal-row")).toHaveCount(0);
  await page.locator("#clear-filters").click();
  await expect(page).toHaveURL(/\/opportunities\?view=table$/);
  await expect(page.locator(".deal-row")).toHaveCount(all);
});
