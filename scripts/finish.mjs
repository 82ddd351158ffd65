// The last steps of every build, Trunk's (scripts/post-build) and the
// release build's (scripts/build.mjs), on the directory about to be served:
// 1. Writes the build id and the list of built files into sw.js, so the
//    service worker precaches every page's chunk and the app opens offline.
// 2. Writes 404.html, a copy of index.html, for static hosts that serve it
//    for unknown paths (so deep links like /contacts/<id> load the app).
// 3. With --compress, writes precompressed copies (scripts/compress.mjs);
//    they stay out of the service worker's list.
//
// Usage: node scripts/finish.mjs <dir> [--compress]
import { createHash } from "node:crypto";
import { copyFileSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { compress } from "./compress.mjs";

const dir = process.argv[2];
if (!dir) throw new Error("usage: finish.mjs <dir> [--compress]");

const files = readdirSync(dir, { recursive: true })
  .map((f) => f.split("\\").join("/"))
  .filter((f) => statSync(join(dir, f)).isFile() && f !== "sw.js" && f !== "404.html" && !/\.(br|gz)$/.test(f))
  .sort();
const hash = createHash("sha256");
for (const f of files) hash.update(readFileSync(join(dir, f)));
const build = hash.digest("hex").slice(0, 16);
// Relative to sw.js, which is at the base path.
const list = ["./", ...files].map((f) => JSON.stringify(f)).join(",");
const sw = join(dir, "sw.js");
writeFileSync(sw, readFileSync(sw, "utf8").replace("__BUILD_ID__", build).replace('"__PRECACHE__"', list));
copyFileSync(join(dir, "index.html"), join(dir, "404.html"));
if (process.argv.includes("--compress")) await compress(dir);
