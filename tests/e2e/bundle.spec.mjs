// PRODUCT.md flow 11 (the JSON bundle) and the data-safety promises.
import { test, expect, open, loadDemo, exportBundle, importBundle } from "./helpers.mjs";

const records = (b) => ({ organizations: b.organizations, contacts: b.contacts, history: b.history });

test("export, wipe, import gives back the same data", async ({ page }) => {
  await loadDemo(page);
  await expect(page.locator(".reminder")).toContainText("You have not exported a backup yet.");
  const first = await exportBundle(page);
  await expect(page.locator(".reminder")).toHaveCount(0);
  expect(first.format).toBe("vizitka-bundle");
  expect(first.contacts).toHaveLength(20);
  await expect(page.locator("#last-export")).toContainText("Last export");

  await page.locator("#wipe-all").click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete all data" }).click();
  await expect(page.locator("#record-counts")).toContainText("0 organizations, 0 contacts");

  await importBundle(page, first, "replace");
  await expect(page.getByText("Import finished.")).toBeVisible();
  await expect(page.locator("#record-counts")).toContainText("5 organizations, 20 contacts");
  await page.reload();
  await expect(page.locator("#record-counts")).toContainText("5 organizations, 20 contacts");

  const second = await exportBundle(page);
  expect(records(second)).toEqual(records(first));
});

test("a malformed bundle is refused with the place named, and nothing changes", async ({ page }) => {
  await loadDemo(page);
  const good = await exportBundle(page);

  await importBundle(page, "{ this is not json");
  await expect(page.locator("#import-error")).toContainText("The file was not imported; your data is unchanged.");
  await expect(page.locator("#import-error")).toContainText("not a JSON file");

  const bad = structuredClone(good);
  bad.contacts[12].emails[0].address = "not-an-email";
  bad.organizations[0].website = "javascript:alert(1)";
  bad.contacts.push({ ...bad.contacts[0], id: "01900000-0000-7000-8000-00000000abcd", organization_id: "01900000-0000-7000-8000-000000000000" });
  await importBundle(page, bad, "replace");
  const error = page.locator("#import-error");
  await expect(error).toContainText("contacts[12].emails[0]: not an email address");
  await expect(error).toContainText("organizations[0].website");
  await expect(error).toContainText("contacts[20].organization_id: refers to a record that does not exist");

  await importBundle(page, { ...good, schema_version: 99 });
  await expect(error).toContainText("newer than this app knows");
  await importBundle(page, { ...good, format: "something-else" });
  await expect(error).toContainText('format is "something-else"');

  await expect(page.locator("#record-counts")).toContainText("5 organizations, 20 contacts");
  expect(records(await exportBundle(page))).toEqual(records(good));
});

test("merge keeps the newer version of each record", async ({ page }) => {
  await loadDemo(page);
  const bundle = await exportBundle(page);
  const c = bundle.contacts[0];
  c.position = "Změněno v jiném zařízení";
  c.updated_at = "2099-01-01T00:00:00Z";
  const older = bundle.contacts[1];
  older.position = "Starší verze";
  older.updated_at = "2000-01-01T00:00:00Z";
  await importBundle(page, bundle, "merge");
  await expect(page.getByText("Import finished.")).toBeVisible();
  await open(page, `/contacts/${c.id}`);
  await expect(page.locator(".subtitle")).toContainText("Změněno v jiném zařízení");
  await open(page, `/contacts/${older.id}`);
  await expect(page.locator(".subtitle")).not.toContainText("Starší verze");
});

// docs/bundle.schema.json is the bundle's contract for other programs: a
// bundle of every schema version comes out of the app as it says (the
// export helper checks each export with Ajv), the fixture with every field
// filled fills every field it names, and it refuses what the app never writes.
test("every export follows the published bundle schema, which names exactly the fields the app writes", async ({ page }) => {
  const { readFile } = await import("node:fs/promises");
  const { schemaErrors, fieldsNotIn } = await import("./bundle_schema.mjs");
  await open(page, "/settings");
  let last;
  for (let v = 1; v <= 8; v++) {
    const file = await readFile(new URL(`../fixtures/schema/v${v}.json`, import.meta.url), "utf8");
    await importBundle(page, file, "replace");
    await expect(page.getByText("Import finished.")).toBeVisible();
    last = await exportBundle(page, { confidential: true });
    expect(last.schema_version).toBe(8);
  }
  expect(last.attachments.some((a) => a.confidential)).toBe(true);
  expect(fieldsNotIn(last), "fields the schema names that the app did not write").toEqual([]);

  const broken = [
    (b) => (b.contacts[0].nickname = "Honza"),
    (b) => (b.quotes[0].items[0].quantity = 1.5),
    (b) => (b.tickets[0].status = "pending"),
    (b) => (b.organizations[0].id = "42"),
    (b) => (b.contracts[0].start = "1. 1. 2026"),
    (b) => delete b.format,
  ];
  for (const damage of broken) {
    const b = structuredClone(last);
    damage(b);
    expect(schemaErrors(b), String(damage)).not.toBe("");
  }
});
