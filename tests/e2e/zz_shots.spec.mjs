import { test, expect, open, loadDemo } from "./helpers.mjs";
test.use({ timezoneId: "Europe/Prague", locale: "en-GB" });
test("shots", async ({ page }) => {
  test.setTimeout(180_000);
  await loadDemo(page);
  for (const lang of ["en", "cs"]) {
    if (lang === "cs") {
      await open(page, "/settings");
      await await page.locator("#f-lang").selectOption("cs");
    }
    for (const w of [1280, 360]) {
      await page.setViewportSize({ width: w, height: 900 });
      for (const [name, path] of [["dash", "/"], ["tickets", "/tickets"], ["report", "/tickets/report"], ["sla", "/reports/sla-compliance"], ["upsell", "/reports/upsell"], ["inbox", "/inbox"]]) {
        await open(page, path);
        await page.waitForTimeout(300);
        await page.screenshot({ path: `/tmp/shots/${lang}-${w}-${name}.png`, fullPage: name !== "tickets" });
      }
      await open(page, "/tickets");
      await page.locator(".ticket-row a").first().click();
      await page.waitForTimeout(300);
      await page.screenshot({ path: `/tmp/shots/${lang}-${w}-ticket.png`, fullPage: true });
    }
  }
});
