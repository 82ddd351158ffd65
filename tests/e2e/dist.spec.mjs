// The release build as a host serves it: every asset has precompressed
// copies (.br, .gz) with exactly its bytes, the service worker never
// lists them, and a browser that takes Brotli or gzip gets them (serve.mjs serves
// them as nginx's gzip_static does).
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { test, expect, open } from "./helpers.mjs";

const dist = fileURLToPath(new URL("../../dist/", import.meta.url));

async function files(dir) {
  const out = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await files(path)));
    else out.push(path);
  }
  return out;
}

test("every asset of the release build has .br and .gz copies of the same bytes, served to a browser that takes them", async ({ page }) => {
  const all = await files(dist);
  const assets = all.filter((f) => /\.(wasm|js|css|html|webmanifest|svg)$/.test(f));
  expect(assets.some((f) => f.endsWith(".wasm"))).toBe(true);
  for (const f of assets) {
    const bytes = await readFile(f);
    const br = await readFile(`${f}.br`);
    const gz = await readFile(`${f}.gz`);
    expect(brotliDecompressSync(br).equals(bytes), `${f}.br`).toBe(true);
    expect(gunzipSync(gz).equals(bytes), `${f}.gz`).toBe(true);
    // Big files at least halve (small chunks of wasm compress less).
    if (bytes.length > 65536) expect(br.length, `${f}.br is smaller`).toBeLessThan(bytes.length / 2);
  }
  // Only what the app fetches goes into the offline cache.
  const sw = await readFile(join(dist, "sw.js"), "utf8");
  expect(sw).not.toMatch(/\.(br|gz)"/);

  const encodings = {};
  page.on("response", (r) => {
    if (/\.(wasm|js|css)$/.test(new URL(r.url()).pathname)) encodings[new URL(r.url()).pathname] = r.headers()["content-encoding"];
  });
  await open(page, "/contacts");
  const wasm = Object.keys(encodings).find((p) => p.endsWith(".wasm"));
  expect(wasm, "the wasm was fetched").toBeTruthy();
  // Chromium takes Brotli from a secure origin (loopback is one).
  expect(encodings[wasm]).toBe("br");
});
