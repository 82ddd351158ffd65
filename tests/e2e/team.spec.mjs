// Team members: the first run's "you", others added and renamed in
// Settings; owners and assignees are picked from the team.
import { test, expect, open, save } from "./helpers.mjs";

test("the team: you, another member, renamed; owners come from it", async ({ page }) => {
  await open(page, "/settings");
  const rows = page.locator("#team-list li");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("Tester");
  await expect(rows.first()).toContainText("You");

  await page.locator("#member-name").fill("Eva Dvořáková");
  await page.locator("#member-email").fill("eva@firma.cz");
  await page.locator("#team-form button[type=submit]").click();
  await expect(rows).toHaveCount(2);
  await rows.filter({ hasText: "Eva" }).getByRole("button", { name: "Edit" }).click();
  await expect(page.locator("#member-email")).toHaveValue("eva@firma.cz");
  await page.locator("#member-name").fill("Eva Nová");
  await page.locator("#team-form button[type=submit]").click();
  await expect(rows.filter({ hasText: "Eva Nová" })).toHaveCount(1);
  await expect(rows).toHaveCount(2);

  // Bad input is refused with the field named.
  await page.locator("#member-name").fill("Petr");
  await page.locator("#member-email").fill("not-an-email");
  await page.locator("#team-form button[type=submit]").click();
  await expect(page.locator("#team-form .error-summary")).toContainText("Email: not an email address");
  await expect(rows).toHaveCount(2);

  // A new organization is yours by default; the owner can be anyone on the team.
  await open(page, "/organizations/new");
  await expect(page.locator("#f-owner_id option:checked")).toHaveText("Tester");
  await page.locator("#f-owner_id").selectOption({ label: "Eva Nová" });
  await page.getByLabel("Name", { exact: true }).fill("Kovovýroba Šťastný s.r.o.");
  await save(page);
  await expect(page.locator("dl.details")).toContainText("Eva Nová");

  // The stream tells who did what, and filters by team member.
  // The stream is under More since Reports took its place in the bar.
  await page.locator(".more-menu summary").click();
  await page.getByRole("link", { name: "Stream" }).click();
  await expect(page.locator("#stream li.item").first()).toContainText("Kovovýroba Šťastný s.r.o.");
  await expect(page.locator("#stream li.item").first()).toContainText("Tester");
  await page.locator("#stream-member").selectOption({ label: "Eva Nová" });
  await expect(page.locator("#stream li.item")).toHaveCount(0);

  // In Czech.
  await open(page, "/settings");
  await page.locator("#f-lang").selectOption("cs");
  await page.getByRole("link", { name: "Organizace" }).click();
  await page.locator(".org-row").first().click();
  await expect(page.locator("#log-call")).toHaveText("Zapsat hovor");
  await expect(page.locator("#timeline-title")).toHaveText("Časová osa");
  await page.screenshot({ path: "test-results/screens/organization-cs-1280.png", fullPage: true });
  await page.locator("#log-meeting").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Naplánovat schůzku");
  await page.setViewportSize({ width: 360, height: 740 });
  await page.screenshot({ path: "test-results/screens/meeting-form-cs-360.png", fullPage: true });
});
