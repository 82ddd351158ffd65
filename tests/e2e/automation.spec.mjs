// Workflow rules in the browser: the built-in rules act on a fake clock,
// a firing runs exactly once across reloads and open tabs, and a rule's
// draft is sent through the compose form.
import { test, expect, open, save } from "./helpers.mjs";

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

/** A mailto: link would open the mail app; the page records it instead. */
async function catchMailto(page) {
  await page.addInitScript(() => {
    document.addEventListener(
      "click",
      (e) => {
        const a = e.target.closest && e.target.closest('a[href^="mailto:"]');
        if (a) {
          window.__mailto = a.href;
          e.preventDefault();
        }
      },
      true,
    );
  });
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
  await page.locator("a.contact-row", { hasText: "Nováková" }).first().click();
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

test("a quote marked sent brings a reminder three days later", async ({ page }) => {
  await page.clock.install({ time: new Date("2026-11-23T08:00:00Z") });
  await newContact(page, "Jana", "Nováková", "jana@example.cz");
  await open(page, "/contacts");
  await page.locator("a.contact-row", { hasText: "Nováková" }).first().click();
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
