// Sales, flow 4 of PRODUCT.md: an opportunity moves through the pipeline on
// the kanban board, by keyboard, with the "move to" menu and by drag and
// drop; lost asks why; the table shows the same; stages are edited in
// Settings.
import { test, expect, open, save } from "./helpers.mjs";

const column = (page, name) => page.locator(`.board .column[data-stage="${name}"]`);

test("an opportunity moves across the board by keyboard, menu and drag", async ({ page }) => {
  await open(page, "/organizations/new");
  await page.getByLabel("Name", { exact: true }).fill("Pekárna U Mlýna");
  await save(page);

  await open(page, "/opportunities");
  await expect(page.locator(".empty")).toContainText("No opportunities yet");
  await page.getByRole("link", { name: "New opportunity" }).click();
  await page.getByLabel("Name", { exact: true }).fill("Nová pec");
  await page.locator("#f-organization_id").fill("pekarna");
  await page.locator("#org-options button", { hasText: "Pekárna U Mlýna" }).click();
  await page.locator("#f-value").fill("120 000");
  await page.locator("#f-expected_close").fill("2026-12-15");
  await page.locator("#f-request_type").selectOption("tender");
  await save(page);
  await expect(page.locator("h1")).toHaveText("Nová pec");
  await expect(page.locator(".subtitle")).toContainText("CZK 120,000.00");
  await expect(page.locator(".stage-bar .stage[aria-pressed=true]")).toHaveText("Qualification");
  await expect(page.locator("dl.details")).toContainText("Tender");

  // A second deal, so columns sum.
  await open(page, "/opportunities/new");
  await page.getByLabel("Name", { exact: true }).fill("Servisní smlouva");
  await page.locator("#f-value").fill("30000,50");
  await save(page);

  await open(page, "/opportunities");
  const qualification = column(page, "Qualification");
  await expect(qualification.locator(".count")).toHaveText("2");
  await expect(qualification.locator(".total")).toHaveText("CZK 150,000.50");
  const card = () => page.locator(".deal-card", { hasText: "Nová pec" });

  // Keyboard: → moves to the next stage and the card keeps the focus.
  await card().focus();
  await page.keyboard.press("ArrowRight");
  await expect(column(page, "Needs analysis").locator(".deal-card")).toHaveCount(1);
  await expect(card()).toBeFocused();
  await page.keyboard.press("ArrowRight");
  await expect(column(page, "Proposal").locator(".deal-card")).toHaveCount(1);
  await page.keyboard.press("ArrowLeft");
  await expect(column(page, "Needs analysis").locator(".deal-card")).toHaveCount(1);
  await expect(qualification.locator(".total")).toHaveText("CZK 30,000.50");

  // The "move to" menu.
  await card().locator(".move-to").selectOption({ label: "Negotiation" });
  await expect(column(page, "Negotiation").locator(".deal-card")).toHaveCount(1);

  // Drag and drop with the mouse.
  await card().dragTo(column(page, "Proposal"));
  await expect(column(page, "Proposal").locator(".deal-card")).toHaveCount(1);
  await expect(column(page, "Negotiation").locator(".deal-card")).toHaveCount(0);
  await page.screenshot({ path: "test-results/screens/board-1280.png", fullPage: true });

  // Lost asks why; nothing moves without a reason, or on cancel.
  await card().locator(".move-to").selectOption({ label: "Lost" });
  await expect(page.getByRole("dialog")).toContainText("Why was the deal lost?");
  await page.getByRole("button", { name: "Mark as lost" }).click();
  await expect(page.getByRole("dialog")).toContainText("Write why the deal was lost.");
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(column(page, "Proposal").locator(".deal-card")).toHaveCount(1);
  await card().locator(".move-to").selectOption({ label: "Lost" });
  await page.locator("#f-lost_reason").fill("Too expensive");
  await page.getByRole("button", { name: "Mark as lost" }).click();
  await expect(column(page, "Lost").locator(".deal-card")).toHaveCount(1);

  // The table shows the same data, filtered the same way.
  await page.getByRole("button", { name: "Table" }).click();
  await expect(page.locator("a.deal-row")).toHaveCount(2);
  await expect(page.locator("a.deal-row", { hasText: "Nová pec" })).toContainText("Lost");
  await page.locator(".filters .search").fill("servis");
  await expect(page.locator("a.deal-row")).toHaveCount(1);
  await page.locator(".filters .search").fill("");
  await page.locator("#filter-month").fill("2026-12");
  await expect(page.locator("a.deal-row")).toHaveCount(1);
  await expect(page.locator("a.deal-row")).toContainText("Nová pec");

  // The opportunity page: its stage, the reason, the history of moves.
  await page.locator("a.deal-row").click();
  await expect(page.locator(".stage-bar .stage[aria-pressed=true]")).toHaveText("Lost");
  await expect(page.locator("dl.details")).toContainText("Too expensive");
  await expect(page.locator("#timeline")).toContainText("Stage: Proposal → Lost");
  await expect(page.locator("#timeline")).toContainText("Lost reason: (empty) → Too expensive");
  await page.locator(".stage-bar .stage", { hasText: "Negotiation" }).click();
  await expect(page.locator(".stage-bar .stage[aria-pressed=true]")).toHaveText("Negotiation");
  await expect(page.locator(".subtitle")).toContainText("75 %");

  // Stages in Settings: renamed; one with deals cannot be removed.
  await open(page, "/settings");
  const stageRows = page.locator("#pipeline-form .stage-row");
  await expect(stageRows).toHaveCount(6);
  await stageRows.nth(0).locator(".stage-name").fill("Lead in");
  await stageRows.filter({ has: page.locator('.stage-name[value="Qualification"]') }).count();
  await page.locator("#pipeline-form button[type=submit]").click();
  await expect(page.locator(".notice")).toContainText("Saved");
  await stageRows.nth(3).getByRole("button", { name: "Remove" }).click();
  await page.locator("#pipeline-form button[type=submit]").click();
  await expect(page.locator("#pipeline-form .error-summary")).toContainText("still used by 1 record");
  await open(page, "/opportunities");
  await expect(column(page, "Lead in")).toHaveCount(1);
  await expect(column(page, "Negotiation").locator(".deal-card")).toHaveCount(1);

  await page.setViewportSize({ width: 360, height: 740 });
  await page.screenshot({ path: "test-results/screens/board-360.png", fullPage: true });
});
