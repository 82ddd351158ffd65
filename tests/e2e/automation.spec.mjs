// Workflow rules in the browser: the built-in rules act on a fake clock,
// a firing runs exactly once across reloads and open tabs, and a rule's
// draft is sent through the compose form.
import { test, expect, open, save, catchMailto, loadDemo } from "./helpers.mjs";

const DAY = 24 * 3600 * 1000;

async function newContact(page, first, last, email) {
  await open(page, "/contacts/new");
  await page.getByLabel("First name").fill(first);
  await page.getByLabel("Last name").fill(last);
  await page.locator("#add-email, button:has-text('Add email')").first().click();
  await page.locator("input[type=email]").first().fill(email);
  await save(page);
}

async function followUpTasks(page, name) {
  await open(page, "/tasks");
  return page.locator("#tasks li", { hasText: `Follow up with ${name}` });
}

test("a new contact: a welcome draft at once, one follow-up task 7 days later, after reloads and in two tabs", async ({ page, context }) => {
  await page.clock.install({ time: new Date("2026-11-02T09:00:00Z") });
  await catchMailto(page);
  await newContact(page, "Jana", "Nováková", "jana@example.cz");

  // The welcome email is drafted at once and waits in the inbox.
  await open(page, "/inbox");
  const draft = page.locator("#inbox li", { hasText: "Email draft: Welcome, Jana" });
  await expect(draft).toHaveCount(1);
  await expect(draft).toContainText("jana@example.cz");
  await expect(await followUpTasks(page, "Jana Nováková")).toHaveCount(0);

  // A second tab is open too when the week has passed.
  const other = await context.newPage();
  await open(other, "/tasks");
  await page.clock.fastForward(7 * DAY + 60 * 1000);
  await page.reload();
  await expect(await followUpTasks(page, "Jana Nováková")).toHaveCount(1);
  await other.reload();
  await expect(await followUpTasks(other, "Jana Nováková")).toHaveCount(1);
  // Later ticks and another reload do not make another.
  await page.clock.fastForward(60 * 1000);
  await page.reload();
  await expect(await followUpTasks(page, "Jana Nováková")).toHaveCount(1);
  await other.close();

  // The task is on the contact's timeline, due now and assigned to you.
  await open(page, "/contacts");
  await page.locator(".contact-row", { hasText: "Nováková" }).first().click();
  await expect(page.locator("#timeline")).toContainText("Follow up with Jana Nováková");

  // Writing the draft: the compose form is filled in; sending logs the
  // email on the contact and the draft leaves the inbox.
  await open(page, "/inbox");
  await page.locator("#inbox li", { hasText: "Email draft" }).locator(".write-draft").click();
  await expect(page.getByLabel("Subject")).toHaveValue("Welcome, Jana");
  await expect(page.getByLabel("To")).toHaveValue("jana@example.cz");
  await expect(page.getByLabel("Message")).toHaveValue(/Dear Nováková,/);
  await page.locator("#compose-send").click();
  await expect(page.locator("form.form-page")).toHaveCount(0);
  expect(await page.evaluate(() => window.__mailto)).toMatch(/^mailto:jana@example\.cz\?subject=Welcome%2C%20Jana&body=Dear%20Nov/);
  await open(page, "/inbox");
  await expect(page.locator("#inbox li", { hasText: "Email draft" })).toHaveCount(0);
});

test("two tabs that both catch up when they open store each firing once", async ({ page, context }) => {
  await page.clock.install({ time: new Date("2026-11-02T09:00:00Z") });
  await newContact(page, "Petr", "Malý", "petr@example.cz");
  await newContact(page, "Eva", "Veselá", "eva@example.cz");
  await page.clock.fastForward(8 * DAY);
  // Both tabs start at the same moment; each finds the two follow-ups due.
  const other = await context.newPage();
  await Promise.all([page.reload(), other.goto("/tasks")]);
  await expect(await followUpTasks(other, "Petr Malý")).toHaveCount(1);
  await expect(await followUpTasks(page, "Eva Veselá")).toHaveCount(1);
  await page.reload();
  await expect(await followUpTasks(page, "Petr Malý")).toHaveCount(1);
  await expect(await followUpTasks(page, "Eva Veselá")).toHaveCount(1);
});

test("sample data stands for customers you have: it sets off no rule", async ({ page }) => {
  await page.clock.install({ time: new Date("2026-11-02T09:00:00Z") });
  await loadDemo(page);
  await open(page, "/inbox");
  await expect(page.locator("#inbox-empty, #inbox")).toBeVisible();
  await expect(page.locator("#inbox li", { hasText: "Email draft" })).toHaveCount(0);
  await page.clock.fastForward(8 * DAY);
  await page.reload();
  await open(page, "/tasks");
  await page.locator("#tasks-everyone").click();
  await expect(page.locator("#tasks-everyone")).toHaveAttribute("aria-pressed", "true");
  await expect(page.locator("#tasks li", { hasText: "Follow up with" })).toHaveCount(0);
  await open(page, "/rules");
  await expect(page.locator("#pending-count")).toHaveText("Waiting to run: 0");
  await expect(page.locator("#log-empty")).toBeVisible();
});

test("a quote marked sent brings a reminder three days later", async ({ page }) => {
  await page.clock.install({ time: new Date("2026-11-23T08:00:00Z") });
  await newContact(page, "Jana", "Nováková", "jana@example.cz");
  await open(page, "/contacts");
  await page.locator(".contact-row", { hasText: "Nováková" }).first().click();
  await page.locator("#new-quote-here").click();
  await page.locator("#add-line").click();
  await page.locator(".line-name").first().fill("Servis");
  await page.locator(".line-price").first().fill("1000");
  await save(page);
  await page.locator("#status-sent").click();
  await expect(page.locator("#status-sent")).toHaveAttribute("aria-pressed", "true");
  await open(page, "/inbox");
  await expect(page.locator("#inbox li", { hasText: "Follow up on quote" })).toHaveCount(0);
  await page.clock.fastForward(3 * DAY + 60 * 1000);
  const reminder = page.locator("#inbox li", { hasText: "Follow up on quote 2026-0001" });
  await expect(reminder).toHaveCount(1);
  await reminder.getByRole("button", { name: "Dismiss" }).click();
  await expect(reminder).toHaveCount(0);
  await page.reload();
  await expect(page.locator("#inbox li", { hasText: "Follow up on quote 2026-0001" })).toHaveCount(0);
});

test("the rules page: turn a rule off, edit one with its sentence, see the log, follow a record", async ({ page }) => {
  await page.clock.install({ time: new Date("2026-11-02T09:00:00Z") });
  await open(page, "/rules");
  const rules = page.locator("#rules li");
  await expect(rules).toHaveCount(4);
  await expect(rules.first()).toContainText("When a contact is created, wait 7 days, then create a task “Follow up with {name}”.");
  await expect(page.locator("#log-empty")).toBeVisible();

  // The welcome off: a new contact gets no draft.
  await page.locator("#rules li", { hasText: "Welcome a new contact" }).locator(".rule-toggle").uncheck();
  await expect(page.locator("#rules li", { hasText: "Welcome a new contact" })).toContainText("Off");

  // The follow-up after 2 days, and a tag; the sentence follows the edit.
  await page.locator("#rules li a.rule-name", { hasText: "Follow up with a new contact" }).click();
  await page.locator("#delay-amount").fill("2");
  await page.locator("#add-action").click();
  await page.locator(".rule-action").nth(1).locator(".action-type").selectOption("add_tag");
  await page.locator(".rule-action").nth(1).locator(".action-tag").fill("new");
  await expect(page.locator("#rule-description")).toHaveText(
    "When a contact is created, wait 2 days, then create a task “Follow up with {name}”, add the tag “new”.",
  );
  await page.locator("#add-condition").click();
  await page.locator(".condition .cond-field").selectOption("role");
  await page.locator(".condition .cond-op").selectOption("is_not");
  await page.locator(".condition .cond-value").selectOption("billing");
  await expect(page.locator("#rule-description")).toContainText("if Role is not “Billing”");
  await page.screenshot({ path: "test-results/screens/rule-form.png", fullPage: true });
  await save(page);
  await expect(page).toHaveURL(/\/rules$/);
  await expect(rules).toHaveCount(4);

  await newContact(page, "Jana", "Nováková", "jana@example.cz");
  await open(page, "/inbox");
  await expect(page.locator("#inbox li", { hasText: "Email draft" })).toHaveCount(0);
  await page.clock.fastForward(2 * DAY + 60 * 1000);
  await page.reload();
  await expect(await followUpTasks(page, "Jana Nováková")).toHaveCount(1);
  await open(page, "/contacts");
  await page.locator(".contact-row", { hasText: "Nováková" }).first().click();
  await expect(page.locator(".tags, .tag").first()).toContainText("new");

  // Follow the contact; a change by someone else comes to the inbox.
  await page.locator("#follow").click();
  await expect(page.locator("#follow")).toHaveAttribute("aria-pressed", "true");
  await open(page, "/settings");
  const team = page.locator("#team-list li");
  await page.locator("#member-name").fill("Petra");
  await page.locator("#team-form button[type=submit]").click();
  await team.filter({ hasText: "Petra" }).getByRole("button", { name: "This is me" }).click();
  await open(page, "/contacts");
  await page.locator(".contact-row", { hasText: "Nováková" }).first().click();
  await page.locator("a.button", { hasText: "Edit" }).click();
  await page.getByLabel("Position").fill("Ředitelka");
  await save(page);
  await open(page, "/settings");
  await team.filter({ hasText: "Tester" }).getByRole("button", { name: "This is me" }).click();
  await open(page, "/inbox");
  const change = page.locator("#inbox li", { hasText: "Jana Nováková" }).filter({ hasText: "Position" });
  await expect(change).toHaveCount(1);
  await expect(change).toContainText("Petra");

  // The log lists the runs with their outcome.
  await open(page, "/rules");
  await expect(page.locator("#firing-log tbody tr")).toHaveCount(1);
  await expect(page.locator("#firing-log tbody tr").first()).toContainText("Follow up with a new contact");
  await expect(page.locator("#firing-log tbody tr").first()).toContainText("Done");
  await page.screenshot({ path: "test-results/screens/rules.png", fullPage: true });
  await page.setViewportSize({ width: 360, height: 800 });
  await page.screenshot({ path: "test-results/screens/rules-360.png", fullPage: true });
});
