// Sales, flow 4 of PRODUCT.md: an opportunity moves through the pipeline on
// the kanban board, by keyboard, with the "move to" menu and by drag and
// drop; lost asks why; the table shows the same; stages are edited in
// Settings.
import { test, expect, open, save } from "./helpers.mjs";

test.use({ timezoneId: "Europe/Prague", locale: "en-GB" });

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
  // The next key waits for the focus to follow the card (it lands after the move is stored).
  await expect(card()).toBeFocused();
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
  await expect(page.locator(".deal-row")).toHaveCount(2);
  await expect(page.locator(".deal-row", { hasText: "Nová pec" })).toContainText("Lost");
  await page.locator(".filters .search").fill("servis");
  await expect(page.locator(".deal-row")).toHaveCount(1);
  await page.locator(".filters .search").fill("");
  await page.locator("#filter-month").fill("2026-12");
  await expect(page.locator(".deal-row")).toHaveCount(1);
  await expect(page.locator(".deal-row")).toContainText("Nová pec");
  // The view and its filters are the URL: a reload (or a saved filter) keeps them.
  await expect(page).toHaveURL(/\/opportunities\?view=table&month=2026-12$/);
  await page.reload();
  await expect(page.locator("#filter-month")).toHaveValue("2026-12");
  await expect(page.locator(".deal-row")).toHaveCount(1);
  await expect(page.locator("#save-filter")).toBeVisible();

  // The opportunity page: its stage, the reason, the history of moves.
  await page.locator(".deal-row").click();
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

  // In Czech: the board, its money and the stage names the user gave.
  await page.setViewportSize({ width: 1280, height: 800 });
  await open(page, "/settings");
  await page.locator("#f-lang").selectOption("cs");
  await open(page, "/opportunities");
  await expect(page.locator("h1")).toHaveText("Obchody");
  await expect(column(page, "Lead in").locator(".total")).toHaveText("30 000,50 Kč");
  await page.screenshot({ path: "test-results/screens/board-cs-1280.png", fullPage: true });
  await page.locator(".deal-card", { hasText: "Nová pec" }).locator(".deal-name").click();
  await expect(page.locator("#timeline")).toContainText("Fáze: Lost → Negotiation");
  await page.screenshot({ path: "test-results/screens/opportunity-cs-1280.png", fullPage: true });
});

test("a quote with three lines at two VAT rates: totals, print, sent, follow-up 3 days later", async ({ page }) => {
  await page.clock.install({ time: new Date("2026-11-23T08:00:00Z") });
  // Your company, printed as the supplier.
  await open(page, "/settings");
  await page.locator("#supplier-form #f-name").fill("Vizitka s.r.o.");
  await page.locator("#supplier-form #f-ico").fill("27074358");
  await page.locator("#supplier-form #f-bank_account").fill("123456789/0800");
  await page.locator("#supplier-form button[type=submit]").click();
  await expect(page.locator(".notice")).toContainText("Saved");

  // The catalogue: a furnace at 21 %, service hours at 12 %.
  for (const [name, unit, price, vat] of [["Pec", "ks", "150 000", "21"], ["Servis", "h", "800", "12"]]) {
    await open(page, "/products/new");
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.locator("#f-unit").fill(unit);
    await page.locator("#f-unit_price").fill(price);
    await page.locator("#f-vat_rate").selectOption(vat);
    await save(page);
  }
  await expect(page.locator(".product-row")).toHaveCount(2);
  await expect(page.locator(".product-row", { hasText: "Servis" })).toContainText("CZK 800.00");

  await open(page, "/organizations/new");
  await page.getByLabel("Name", { exact: true }).fill("Pekárna U Mlýna");
  await page.locator("#f-ico").fill("25596641");
  await page.locator("#f-billing_address-city").fill("Kolín");
  await save(page);

  // From the organization: a new quote, numbered for the year.
  await page.locator("#new-quote-here").click();
  await expect(page.locator("h1")).toHaveText("New quote 2026-0001");
  await page.locator("#add-product").selectOption({ label: "Pec" });
  await page.locator("#add-product").selectOption({ label: "Servis" });
  await page.locator(".line-quantity").nth(1).fill("1,5");
  await page.locator("#add-line").click();
  await page.locator(".line-name").nth(2).fill("Doprava");
  await page.locator(".line-quantity").nth(2).fill("2");
  await page.locator(".line-price").nth(2).fill("999,90");
  // 21 %: 151 999.80 + VAT 31 919.96; 12 %: 1 200.00 + VAT 144.00.
  await expect(page.locator("#grand-total")).toHaveText("CZK 185,263.76");
  // A bad number is named, and nothing is saved.
  await page.locator(".line-quantity").nth(2).fill("two");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.locator(".error-summary")).toContainText("Quantity 3: not a number");
  await page.locator(".line-quantity").nth(2).fill("2");
  await save(page);

  await expect(page.locator("h1")).toHaveText("Quote 2026-0001");
  const vat = page.locator("#vat-summary tbody tr");
  await expect(vat).toHaveCount(2);
  await expect(vat.nth(0)).toContainText("21 %");
  await expect(vat.nth(0)).toContainText("CZK 151,999.80");
  await expect(vat.nth(0)).toContainText("CZK 31,919.96");
  await expect(vat.nth(1)).toContainText("12 %");
  await expect(vat.nth(1)).toContainText("CZK 144.00");
  await expect(page.locator("#grand-total")).toHaveText("CZK 185,263.76");

  // The printable page: supplier, customer, items; print CSS hides the app.
  await page.locator("#print-quote").click();
  await expect(page.locator(".quote-doc")).toContainText("Vizitka s.r.o.");
  await expect(page.locator(".quote-doc")).toContainText("123456789/0800");
  await expect(page.locator(".quote-doc")).toContainText("Pekárna U Mlýna");
  await expect(page.locator(".quote-doc #grand-total")).toHaveText("CZK 185,263.76");
  await page.emulateMedia({ media: "print" });
  await expect(page.locator(".topbar")).toBeHidden();
  await page.screenshot({ path: "test-results/screens/quote-print.png", fullPage: true });
  await page.emulateMedia({ media: "screen" });
  await page.locator(".print-actions a", { hasText: "Back" }).click();

  // Sent: the date, a logged email, and (the built-in rule's) reminder in 3 days.
  await page.locator("#status-sent").click();
  await expect(page.locator("#status-sent")).toHaveAttribute("aria-pressed", "true");
  await expect(page.locator("#timeline")).toContainText("Quote sent: 2026-0001");
  await open(page, "/inbox");
  await expect(page.locator("main")).not.toContainText("Follow up on quote");
  await page.clock.fastForward(3 * 24 * 3600 * 1000 + 60 * 1000);
  await expect(page.locator("#inbox li", { hasText: "Follow up on quote 2026-0001" })).toHaveCount(1);

  // The organization lists its quote.
  await open(page, "/organizations");
  await page.locator(".org-row").first().click();
  await expect(page.locator("#record-quotes")).toContainText("2026-0001");
  await expect(page.locator("#record-quotes")).toContainText("Sent");
});

test("a lead is scored and converted, linking the duplicate it found; a campaign counts what it produced", async ({ page }) => {
  // Someone we already know, by email.
  await open(page, "/contacts/new");
  await page.getByLabel("First name").fill("Jana");
  await page.getByLabel("Last name").fill("Nováková");
  await page.getByRole("button", { name: "+ Add email" }).click();
  await page.getByLabel("Email 1", { exact: true }).fill("jana@pekarna.cz");
  await page.locator("#f-tags").fill("veletrh");
  await save(page);

  // A campaign with a target list (added by tag).
  await open(page, "/campaigns/new");
  await page.getByLabel("Name", { exact: true }).fill("Veletrh Brno 2026");
  await page.locator("#f-channel").selectOption("event");
  await save(page);
  await page.locator("#targets-tag").selectOption("veletrh");
  await page.locator("#add-by-tag").click();
  await expect(page.locator("#targets li")).toHaveCount(1);
  await expect(page.locator("#campaign-stats")).toContainText("Targets1");

  // The lead: qualified by BANT, from the campaign.
  await open(page, "/leads/new");
  await page.getByLabel("First name").fill("Jana");
  await page.getByLabel("Last name").fill("Nováková");
  await page.locator("#f-company").fill("Pekárna U Mlýna, s.r.o.");
  await page.locator("#f-email").fill("JANA@pekarna.cz");
  await page.locator("#f-source").selectOption("event");
  await page.locator("#f-budget").selectOption("3");
  await page.locator("#f-authority").selectOption("2");
  await page.locator("#f-need").selectOption("3");
  await page.locator("#f-timeline").selectOption("1");
  await page.locator("#f-estimated_value").fill("250 000");
  await page.locator("#f-campaign_id").selectOption({ label: "Veletrh Brno 2026" });
  await save(page);
  // 9 of 15 points: 60, medium.
  await expect(page.locator("#lead-score")).toContainText("60");
  await expect(page.locator("#lead-score")).toContainText("Medium");
  await expect(page.locator("#score-formula")).toHaveText("(Budget 3 + Authority 2 + Need 3 + Timeline 1 + Engagement 0) / 15 × 100 = 60");

  // Three calls logged with the lead: engagement 2, score 73, high.
  const leadPath = new URL(page.url()).pathname;
  for (const topic of ["First call", "Second call", "Third call"]) {
    await page.locator("#log-call").click();
    await page.getByLabel("Topic").fill(topic);
    await save(page);
    await open(page, leadPath);
  }
  await expect(page.locator("#score-formula")).toContainText("Engagement 2) / 15 × 100 = 73");
  await expect(page.locator("#lead-score")).toContainText("High");

  // The list sorts by score and filters.
  await open(page, "/leads/new");
  await page.locator("#f-company").fill("Malá firma");
  await save(page);
  await open(page, "/leads");
  await expect(page.locator(".lead-row").first()).toContainText("Jana Nováková");
  await page.locator("#filter-score").selectOption("40");
  await expect(page.locator(".lead-row")).toHaveCount(1);
  await page.locator(".lead-row").click();

  // Convert: the contact with the same email is offered and chosen.
  await page.locator("#convert-lead").click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.locator("#convert-contact")).toContainText("same email");
  await expect(dialog.locator("#convert-contact input[type=radio]:checked")).not.toHaveValue("new");
  await expect(dialog.locator("#convert-organization input[value=new]")).toBeChecked();
  await dialog.locator("#f-opportunity-name").fill("Pece pro Pekárnu");
  await page.screenshot({ path: "test-results/screens/lead-convert-1280.png" });
  await dialog.getByRole("button", { name: "Convert" }).click();

  // The new opportunity, linked to both; the lead's calls moved to it.
  await expect(page.locator("h1")).toHaveText("Pece pro Pekárnu");
  await expect(page.locator("dl.details")).toContainText("Pekárna U Mlýna, s.r.o.");
  await expect(page.locator(".subtitle")).toContainText("CZK 250,000.00");
  await expect(page.locator("#timeline")).toContainText("Second call");
  await page.locator("#involved a", { hasText: "Jana Nováková" }).click();
  await expect(page.locator("h1")).toHaveText("Jana Nováková");
  await expect(page.locator("#timeline")).toContainText("First call");
  await expect(page.locator("#record-opportunities")).toContainText("Pece pro Pekárnu");

  // The lead stays, converted, and cannot be converted again.
  await open(page, "/leads");
  await page.locator(".lead-row", { hasText: "Jana" }).click();
  await expect(page.locator("#converted")).toContainText("Pece pro Pekárnu");
  await expect(page.locator("#convert-lead")).toHaveCount(0);

  // The campaign counts its lead and opportunity.
  await open(page, "/campaigns");
  await page.locator(".campaign-row").click();
  await expect(page.locator("#campaign-stats")).toContainText("Leads1");
  await expect(page.locator("#campaign-stats")).toContainText("Pipeline1");

  await page.setViewportSize({ width: 360, height: 740 });
  await open(page, "/leads");
  await page.screenshot({ path: "test-results/screens/leads-360.png", fullPage: true });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
