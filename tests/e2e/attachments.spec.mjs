// Attachments (issue 5): files on a record by picker or drag and drop, in
// folders, previewed, confidential ones hidden; a bundle carries them, so
// export → wipe → import gives back the same bytes.
import { readFile } from "node:fs/promises";
import { test, expect, open, loadDemo, importBundle } from "./helpers.mjs";
import { schemaErrors } from "./bundle_schema.mjs";

/** A small PDF with every byte value after its end: a binary file. */
function pdfBytes() {
  const text = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";
  const tail = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7 + (i >> 8)) % 256));
  return Buffer.concat([Buffer.from(text, "latin1"), tail]);
}

// A 1×1 PNG.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");

async function firstContact(page) {
  await open(page, "/contacts");
  await page.locator(".contact-row").first().click();
  await expect(page.locator("#attach-file")).toBeAttached();
  return page.url();
}

async function downloadFile(page, name) {
  const row = page.locator(".attachment", { hasText: name });
  const [download] = await Promise.all([page.waitForEvent("download"), row.locator(".download").click()]);
  expect(download.suggestedFilename()).toBe(name);
  return readFile(await download.path());
}

test("attach a PDF, export the bundle, wipe, import, and download the same bytes", async ({ page }) => {
  await loadDemo(page);
  const contactUrl = await firstContact(page);
  const pdf = pdfBytes();

  // Picked into a folder.
  await page.locator("#attach-folder").fill("Smlouvy");
  await page.locator("#attach-file").setInputFiles({ name: "nabídka.pdf", mimeType: "application/pdf", buffer: pdf });
  await expect(page.locator(".notice")).toContainText("Files attached.");
  const folder = page.locator('.attachment-folder[data-folder="Smlouvy"]');
  await expect(folder.locator(".attachment")).toHaveCount(1);
  await expect(folder.locator(".folder-name")).toHaveText("Smlouvy");
  await expect(folder.locator(".sub")).toContainText(/application\/pdf · 4\.\d\sKB/);
  await expect(page.locator("main")).toContainText("Smlouvy / nabídka.pdf");

  // Previewed in the page.
  await folder.locator(".file-name").click();
  await expect(page.locator("#attachment-preview iframe")).toHaveAttribute("src", /^blob:/);
  await page.locator("#close-preview").click();
  await expect(page.locator("#attachment-preview")).toHaveCount(0);

  // An image by drag and drop, into no folder.
  await page.locator("#attach-folder").fill("");
  const dropped = await page.evaluateHandle((png) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(png)], "prodejna.png", { type: "image/png" }));
    return dt;
  }, [...PNG]);
  await page.dispatchEvent("#drop-zone", "drop", { dataTransfer: dropped });
  await expect(page.locator(".attachment", { hasText: "prodejna.png" })).toHaveCount(1);
  await page.locator(".attachment", { hasText: "prodejna.png" }).locator(".file-name").click();
  const img = page.locator("#attachment-preview img");
  await expect(img).toHaveAttribute("alt", "prodejna.png");
  await expect.poll(() => img.evaluate((i) => i.naturalWidth)).toBe(1);

  // A confidential file is hidden until asked for.
  await page.locator("#attach-confidential").check();
  await page.locator("#attach-file").setInputFiles({ name: "mzdy.txt", mimeType: "text/plain", buffer: Buffer.from("Mzda: 52 000 Kč\n") });
  await expect(page.locator(".show-confidential")).toContainText("Show confidential files (hidden: 1)");
  await expect(page.locator(".attachment", { hasText: "mzdy.txt" })).toHaveCount(0);
  await page.locator("#show-confidential").check();
  const secret = page.locator(".attachment", { hasText: "mzdy.txt" });
  await expect(secret.locator(".badge.confidential")).toBeVisible();
  await secret.locator(".file-name").click();
  await expect(page.locator("#attachment-preview pre")).toHaveText("Mzda: 52 000 Kč\n");

  // Over 50 MB: refused with a message, nothing attached.
  await page.locator("#attach-confidential").uncheck();
  const large = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(50 * 1024 * 1024 + 1)], "video.mp4", { type: "video/mp4" }));
    return dt;
  });
  await page.dispatchEvent("#drop-zone", "drop", { dataTransfer: large });
  await expect(page.locator("#attach-error")).toHaveText("video.mp4 is too large: files over 50 MB are refused.");
  await expect(page.locator(".attachment")).toHaveCount(3);

  // Settings counts the files against storage.
  await open(page, "/settings");
  await expect(page.locator("#storage-files")).toHaveText(/^Files: 3 \(4\.\d\sKB\)$/);

  // The backup leaves the confidential file out unless asked.
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#export-bundle").click()]);
  const bundle = JSON.parse(await readFile(await download.path(), "utf8"));
  expect(schemaErrors(bundle), "the export follows docs/bundle.schema.json").toBe("");
  expect(bundle.schema_version).toBe(8);
  expect(bundle.attachments.map((a) => a.name).sort()).toEqual(["nabídka.pdf", "prodejna.png"]);
  const pdfRecord = bundle.attachments.find((a) => a.name === "nabídka.pdf");
  const pdfEntry = bundle.files.find((f) => f.id === pdfRecord.id);
  expect(Buffer.from(pdfEntry.base64, "base64").equals(pdf)).toBe(true);

  await page.locator("#wipe-all").click();
  await page.locator(".modal .button.danger").click();
  await expect(page.locator("#storage-files")).toHaveText(/^Files: 0 \(0\sB\)$/);

  await importBundle(page, bundle);
  await expect(page.locator(".notice")).toContainText("Import finished");
  await expect(page.locator("#storage-files")).toHaveText(/^Files: 2 /);
  await open(page, new URL(contactUrl).pathname);
  const back = await downloadFile(page, "nabídka.pdf");
  expect(back.equals(pdf)).toBe(true);
  expect((await downloadFile(page, "prodejna.png")).equals(PNG)).toBe(true);
});

test("a file is moved to a folder, marked confidential and deleted", async ({ page }) => {
  await loadDemo(page);
  await firstContact(page);
  // A file dropped beside the drop zone is not opened in place of the app.
  const prevented = await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(["x"], "vedle.txt", { type: "text/plain" }));
    const drop = new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true });
    document.querySelector("h1").dispatchEvent(drop);
    return drop.defaultPrevented;
  });
  expect(prevented).toBe(true);
  await expect(page.locator(".attachment")).toHaveCount(0);
  await page.locator("#attach-file").setInputFiles({ name: "zapis.txt", mimeType: "text/plain", buffer: Buffer.from("Zápis z jednání") });
  const row = page.locator(".attachment", { hasText: "zapis.txt" });
  await row.locator(".edit").click();
  await page.locator(".file-editor .file-folder-input").fill("Jednání");
  await page.locator(".file-editor .file-name-input").fill("zápis 2026-11.txt");
  await page.locator(".file-editor button[type=submit]").click();
  await expect(page.locator('.attachment-folder[data-folder="Jednání"] .file-name')).toHaveText("zápis 2026-11.txt");
  await expect(page.locator("main")).toContainText("Jednání / zápis 2026-11.txt");

  await page.locator(".attachment .edit").click();
  await page.locator(".file-editor .file-confidential-input").check();
  await page.locator(".file-editor button[type=submit]").click();
  await expect(page.locator(".attachment")).toHaveCount(0);
  await page.locator("#show-confidential").check();
  await page.locator(".attachment .delete").click();
  await page.locator(".modal .button.danger").click();
  await expect(page.locator("#no-attachments")).toBeVisible();
  await expect(page.locator("#show-confidential")).toHaveCount(0);
});
