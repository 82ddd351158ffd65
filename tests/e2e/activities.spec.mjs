// PRODUCT.md flow 3: from a contact, log a call, schedule a meeting (and
// export it as .ics), compose an email, add a follow-up task; all show on
// the contact's and the organization's timeline, newest first.
import fs from "node:fs/promises";
import ICAL from "ical.js";
import { test, expect, open, save, loadDemo, catchMailto, openRecord } from "./helpers.mjs";

test.use({ timezoneId: "Europe/Prague", locale: "en-GB" });

const titles = (page) => page.locator("#timeline li.item.activity .item-title");

/**
 * The timeline shows `expected` newest first: the first of them on top,
 * and all of them in that order among the demo company's own history.
 */
async function expectNewestFirst(page, expected) {
  await expect(titles(page).first()).toHaveText(expected[0]);
  await expect.poll(async () => (await titles(page).allTextContents()).filter((t) => expected.includes(t))).toEqual(expected);
}

/** The meeting's .ics as the user downloads it: raw text and parsed event. */
async function downloadIcs(page) {
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#download-ics").click()]);
  expect(download.suggestedFilename()).toMatch(/^meeting-.*\.ics$/);
  const text = await fs.readFile(await download.path(), "utf8");
  const calendar = new ICAL.Component(ICAL.parse(text));
  return { text, vevent: calendar.getFirstSubcomponent("vevent") };
}

test("from a contact: call, meeting, email and task on both timelines; .ics; history in the stream", async ({ page }) => {
  // Monday 23 November 2026, 9:00 in Prague; time runs on from there.
  await page.clock.install({ time: new Date("2026-11-23T08:00:00Z") });
  await catchMailto(page);
  await loadDemo(page);
  await open(page, "/organizations");
  await openRecord(page, page.locator(".org-row").first());
  const orgName = await page.getByRole("heading", { level: 1 }).textContent();
  const orgUrl = page.url();
  const people = page.locator("li.org-contact a strong");
  await expect(people).toHaveCount(4);
  const jana = await people.nth(0).textContent();
  const petr = await people.nth(1).textContent();
  await people.nth(0).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(jana);
  const contactUrl = page.url();

  // Log a call that happened an hour ago.
  await page.locator("#log-call").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Log call");
  await page.getByLabel("Topic").fill("Price of the spring order");
  await page.getByLabel("When").fill("2026-11-23T08:00");
  await page.getByLabel("Duration (minutes)").fill("15");
  await page.getByLabel("Outcome").fill("Wants a quote");
  await save(page);
  await expect(page).toHaveURL(contactUrl);

  // Schedule a meeting on Wednesday with two participants.
  await page.locator("#log-meeting").click();
  await page.getByLabel("Subject").fill("Visit, plant tour; \"Q1\"");
  await page.getByLabel("Start").fill("2026-11-25T10:00");
  await page.getByLabel("End", { exact: true }).fill("2026-11-25T11:30");
  await page.getByLabel("Place or link").fill("Recepce, Brno");
  const participants = page.locator("#participants");
  await expect(participants.getByLabel(jana)).toBeChecked();
  // Listed as on the organization's page: the second is the second contact.
  await expect(participants.locator("li").nth(1)).toContainText(petr);
  await participants.locator("li").nth(1).getByRole("checkbox").check();
  await save(page);
  await expect(page).toHaveURL(contactUrl);

  // Compose an email: the mail app opens with it, and it is logged as sent.
  await page.locator("#log-email-compose").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Compose email");
  await expect(page.getByLabel("To")).not.toHaveValue("");
  await page.getByLabel("Subject").fill("Quote & terms");
  await page.getByLabel("Message").fill("Hello,\nthe quote is attached.");
  await page.locator("#compose-send").click();
  await expect(page).toHaveURL(contactUrl);
  const mailto = await page.evaluate(() => window.__mailto);
  expect(mailto).toMatch(/^mailto:[^?]+@[^?]+\?subject=Quote%20%26%20terms&body=Hello%2C%0D%0Athe%20quote%20is%20attached\.$/);

  // A follow-up task due tomorrow.
  await page.locator("#log-task").click();
  await page.getByLabel("Subject").fill("Send the quote");
  await page.getByLabel("Due").fill("2026-11-24T16:00");
  await save(page);

  // Newest first: the meeting (Wed), the task (Tue), the email (now), the
  // call (an hour ago), then the demo's past with this contact.
  const order = ["Visit, plant tour; \"Q1\"", "Send the quote", "Quote & terms", "Price of the spring order"];
  await expectNewestFirst(page, order);
  await expect(titles(page).nth(3)).toHaveText(order[3]);
  const days = page.locator("#timeline .day-head");
  await expect(days.nth(0)).toHaveText("25 Nov 2026");
  await expect(days.nth(1)).toHaveText("24 Nov 2026");
  await expect(days.nth(2)).toHaveText("23 Nov 2026");
  await expect(days).not.toHaveCount(3);
  await page.screenshot({ path: "test-results/screens/timeline-1280.png", fullPage: true });
  await page.setViewportSize({ width: 360, height: 740 });
  await page.screenshot({ path: "test-results/screens/timeline-360.png", fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.goto(orgUrl);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(orgName);
  await expectNewestFirst(page, order);
  // Filter by kind: the newest call is ours, the others the demo's.
  await page.locator("#timeline-filter-call").click();
  await expect(titles(page).first()).toHaveText("Price of the spring order");
  await expect.poll(async () => (await titles(page).allTextContents()).filter((t) => order.includes(t))).toEqual(["Price of the spring order"]);
  await page.locator("#timeline-filter-all").click();

  // Mark the task done from the timeline.
  const task = page.locator("#timeline li.item.activity", { hasText: "Send the quote" });
  await task.getByRole("checkbox").check();
  await expect(task).toHaveClass(/done/);

  // The meeting as .ics, read by an independent parser (ical.js).
  await page.locator("#timeline .item-title", { hasText: "Visit, plant tour" }).click();
  let { text, vevent } = await downloadIcs(page);
  expect(text.split("\r\n").every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
  expect(text.endsWith("\r\n")).toBe(true);
  const event = new ICAL.Event(vevent);
  expect(event.summary).toBe("Visit, plant tour; \"Q1\"");
  expect(event.location).toBe("Recepce, Brno");
  expect(event.startDate.toJSDate().toISOString()).toBe("2026-11-25T09:00:00.000Z");
  expect(event.endDate.toJSDate().toISOString()).toBe("2026-11-25T10:30:00.000Z");
  expect(vevent.getFirstPropertyValue("dtstart").isUtc ?? vevent.getFirstProperty("dtstart").toICALString().endsWith("Z")).toBeTruthy();
  const uid = event.uid;
  expect(uid).toMatch(/@vizitka$/);
  expect(vevent.getFirstPropertyValue("sequence")).toBe(0);
  const attendees = vevent.getAllProperties("attendee").map((p) => p.getFirstValue());
  expect(attendees).toHaveLength(2);
  expect(attendees.every((a) => a.startsWith("mailto:"))).toBe(true);

  // Edited: the same UID, a higher SEQUENCE.
  await page.getByRole("link", { name: "Edit" }).click();
  await page.getByLabel("Place or link").fill("Zasedačka 2");
  await save(page);
  ({ vevent } = await downloadIcs(page));
  expect(vevent.getFirstPropertyValue("uid")).toBe(uid);
  expect(vevent.getFirstPropertyValue("sequence")).toBe(1);
  expect(vevent.getFirstPropertyValue("location")).toBe("Zasedačka 2");

  // Edit the contact's phone: the change shows on its timeline and in the stream.
  await page.goto(contactUrl);
  await page.getByRole("link", { name: "Edit" }).click();
  await page.getByLabel("Phone 1", { exact: true }).fill("+420 777 000 111");
  await save(page);
  const change = page.locator("#timeline li.item.change").first();
  await expect(change).toContainText("changed");
  await expect(change).toContainText("+420 777 000 111");
  await expect(change).toContainText("Tester");

  // The stream is under More since Reports took its place in the bar.
  await page.locator(".more-menu summary").click();
  await page.getByRole("link", { name: "Stream" }).click();
  const latest = page.locator("#stream li.item").first();
  await expect(latest).toContainText("changed");
  await expect(latest).toContainText(jana);
  await expect(latest).toContainText("+420 777 000 111");
  // Meetings only: ours, edited then created, newest first; then the demo's.
  await page.locator("#stream-filter-meeting").click();
  const meetings = page.locator("#stream li.item");
  await expect(meetings.nth(0)).toContainText("changed", { timeout: 10_000 });
  await expect(meetings.nth(0)).toContainText("Visit, plant tour");
  await expect(meetings.nth(1)).toContainText("created");
  await expect(meetings.nth(1)).toContainText("Visit, plant tour");
  await expect(meetings.nth(2)).not.toContainText("Visit, plant tour");
  await page.screenshot({ path: "test-results/screens/stream-1280.png", fullPage: true });

  // The global search finds activities by their subject and text.
  await page.locator("#global-search").fill("spring order");
  await page.locator("#global-search").press("Enter");
  const activities = page.locator(".found").nth(2);
  await expect(activities.locator("li a")).toHaveText(["Price of the spring order"]);

  // Everything survives a reload.
  await page.goto(orgUrl);
  await expectNewestFirst(page, order);

  // The calendar: this week, by keyboard.
  await page.getByRole("link", { name: "Calendar" }).click();
  await expect(page.locator("#day-2026-11-25")).toContainText("Visit, plant tour");
  await expect(page.locator("#day-2026-11-24 .cal-item.done")).toContainText("Send the quote");
  await page.locator("#day-2026-11-23").focus();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await expect(page.locator("#day-2026-11-25")).toBeFocused();
  await page.screenshot({ path: "test-results/screens/calendar-week-1280.png", fullPage: true });
  await page.locator("#cal-month").click();
  await expect(page.locator("#cal-title")).toHaveText("November 2026");
  await page.locator("#day-2026-11-25").focus();
  await page.keyboard.press("PageDown");
  await expect(page.locator("#cal-title")).toHaveText("December 2026");
  await page.keyboard.press("Home");
  await expect(page.locator("#cal-title")).toHaveText("November 2026");
  await page.setViewportSize({ width: 360, height: 740 });
  await page.screenshot({ path: "test-results/screens/calendar-month-360.png", fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.locator("#day-2026-11-25").focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Visit, plant tour; \"Q1\"");

  // Everything upcoming as one .ics: our meeting and the demo's two this
  // week, and the demo's six open tasks (ours is done).
  await page.getByRole("link", { name: "Calendar" }).click();
  const [all] = await Promise.all([page.waitForEvent("download"), page.locator("#download-upcoming").click()]);
  const upcoming = new ICAL.Component(ICAL.parse(await fs.readFile(await all.path(), "utf8")));
  const summaries = (kind) => upcoming.getAllSubcomponents(kind).map((e) => e.getFirstPropertyValue("summary")).sort();
  expect(summaries("vevent")).toEqual(["Kontrolní den", "Prezentace školení", "Visit, plant tour; \"Q1\""]);
  expect(summaries("vtodo")).toEqual([
    "Objednat školení obsluhy",
    "Poslat ceník servisních hodin",
    "Potvrdit termín instalace",
    "Připravit návrh servisní smlouvy",
    "Připravit podklady na schůzku",
    "Zavolat kvůli reklamaci faktury",
  ]);
});

test("a failed activity save changes nothing and says why", async ({ page }) => {
  await loadDemo(page);
  await open(page, "/contacts");
  await openRecord(page, page.locator(".contact-row").first());
  const before = await page.locator("#timeline li.item.activity").count();
  expect(before).toBeGreaterThan(0);
  await page.locator("#log-meeting").click();
  await page.getByLabel("Subject").fill("");
  await page.getByLabel("Place or link").fill("javascript:alert(1)");
  await page.getByLabel("End", { exact: true }).fill("2026-01-01T08:00");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.locator(".error-summary")).toContainText("Subject: is required");
  await expect(page.locator(".error-summary")).toContainText("Place or link: not a web address");
  await expect(page.locator(".error-summary")).toContainText("End: ends before it starts");
  await page.getByRole("link", { name: "Cancel" }).click();
  await expect(page.locator("#timeline li.item.activity")).toHaveCount(before);
});

test("a task shows in the inbox when due, snoozes, and leaves when done", async ({ page }) => {
  // Monday 23 November 2026, 9:00 in Prague.
  await page.clock.install({ time: new Date("2026-11-23T08:00:00Z") });
  await loadDemo(page);
  await open(page, "/contacts");
  await page.locator(".contact-row").first().click();
  await page.locator("#log-task").click();
  await page.getByLabel("Subject").fill("Call back about the invoice");
  await page.getByLabel("Due").fill("2026-11-23T10:00");
  await save(page);

  const reminder = page.locator("#inbox li", { hasText: "Call back about the invoice" });
  await page.getByRole("link", { name: /^Inbox/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Inbox");
  await expect(reminder).toHaveCount(0);

  // 10:01: due. The clock ticks the inbox and its badge.
  await page.clock.fastForward("01:01:00");
  await expect(reminder).toBeVisible();
  await expect(reminder).toContainText("Task due");
  await expect(page.locator("#inbox-count")).not.toHaveText("0");
  await page.screenshot({ path: "test-results/screens/inbox-1280.png" });

  // Snoozed for an hour: gone, and back after it.
  await reminder.getByRole("button", { name: "Snooze 1 hour" }).click();
  await expect(reminder).toHaveCount(0);
  await page.clock.fastForward("01:00:30");
  await expect(reminder).toBeVisible();

  // The tasks page lists it as overdue; done there, it leaves the inbox.
  await page.getByRole("link", { name: "Tasks" }).click();
  const row = page.locator("#tasks li", { hasText: "Call back about the invoice" });
  await expect(row).toHaveClass(/overdue/);
  await expect(page.locator("#tasks section[aria-label=Overdue]")).toContainText("Call back about the invoice");
  await page.setViewportSize({ width: 360, height: 740 });
  await page.screenshot({ path: "test-results/screens/tasks-360.png", fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  // The row leaves as soon as the task is done: click, not check (which
  // would wait to see a box that is already gone).
  await row.getByRole("checkbox").click();
  await expect(row).toHaveCount(0);
  await page.getByRole("link", { name: /^Inbox/ }).click();
  await expect(reminder).toHaveCount(0);
});

test("a meeting's summary becomes tasks; deleting the contact deletes its activities when asked", async ({ page }) => {
  // Notifications, allowed: the test records what the app shows.
  await page.addInitScript(() => {
    window.__notes = [];
    window.Notification = class {
      constructor(title, options) {
        window.__notes.push(`${title}: ${options?.body ?? ""}`);
      }
      static permission = "granted";
      static requestPermission() {
        return Promise.resolve("granted");
      }
    };
  });
  await loadDemo(page);
  await open(page, "/organizations");
  await openRecord(page, page.locator(".org-row").first());
  const orgUrl = page.url();
  const taskTitles = page.locator("#timeline .item-title");
  await page.locator("#timeline-filter-task").click();
  await expect(taskTitles.first()).toBeVisible();
  const tasksBefore = await taskTitles.count();
  await page.locator("#timeline-filter-all").click();
  const person = page.locator("li.org-contact a").first();
  const name = await person.innerText();
  await person.click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(name);
  const contactUrl = page.url();
  const itsOwn = await page.locator("#timeline li.item.activity").count();
  await page.locator("#timeline-filter-task").click();
  const itsOwnTasks = await taskTitles.count();
  await page.locator("#timeline-filter-all").click();

  await page.locator("#log-meeting").click();
  await page.getByLabel("Subject").fill("Kick-off");
  await save(page);
  await page.locator("#timeline .item-title", { hasText: "Kick-off" }).click();
  await page.getByRole("link", { name: "Edit" }).click();
  await page.getByLabel("Summary").fill("- send the price list\n- order paper\n- book the next visit");
  await save(page);
  const lines = page.locator("#summary-lines li");
  await expect(lines).toHaveCount(3);
  await lines.nth(0).getByRole("checkbox").check();
  await lines.nth(2).getByRole("checkbox").check();
  await page.locator("#summary-to-tasks").click();
  await expect(page.getByText("Tasks created")).toBeVisible();

  await page.goto(orgUrl);
  await page.locator("#timeline-filter-task").click();
  await expect(taskTitles).toHaveCount(tasksBefore + 2);
  await expect(page.locator("#timeline")).not.toContainText("order paper");
  await expect(page.locator("#timeline")).toContainText("send the price list");
  await expect(page.locator("#timeline")).toContainText("book the next visit");

  // Undated tasks never come due; a meeting starting now is in the inbox, and notified.
  await page.goto(contactUrl);
  await page.locator("#log-meeting").click();
  await page.getByLabel("Subject").fill("Right now");
  const now = await page.evaluate(() => {
    const d = new Date(Date.now() + 5 * 60_000);
    const p = (n) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
  });
  await page.getByLabel("Start").fill(now);
  await page.getByLabel("End", { exact: true }).fill("");
  await save(page);
  await expect.poll(() => page.evaluate(() => window.__notes)).toContainEqual(expect.stringContaining("Right now: Meeting soon"));

  // Deleting the contact, with its activities: they leave the organization's timeline too.
  await page.goto(contactUrl);
  await page.getByRole("button", { name: "Delete" }).click();
  const dialog = page.getByRole("alertdialog");
  // Its own from the demo, and the four made here.
  await expect(dialog).toContainText(`Its activities (${itsOwn + 4})`);
  await dialog.getByLabel("Delete them too").check();
  await dialog.getByRole("button", { name: "Delete" }).click();
  // Stored before the page is reloaded (a reload drops an action in flight).
  await expect(page.locator(".notice")).toContainText("Deleted");
  await page.goto(orgUrl);
  await page.locator("#timeline-filter-task").click();
  await expect(taskTitles).toHaveCount(tasksBefore - itsOwnTasks);
  await page.locator("#timeline-filter-all").click();
  for (const gone of ["Kick-off", "Right now", "send the price list", "book the next visit"]) {
    await expect(page.locator("#timeline")).not.toContainText(gone);
  }
});
