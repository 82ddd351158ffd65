// The release build: Vizitka cut into chunks of wasm, one per group of
// pages, so a phone downloads the shell before the first screen and the
// rest when a page needs it (issue 25). Trunk 0.21 cannot split a module,
// so this does what `trunk build --release` did, with the split in between:
//
//   cargo (feature `split`, relocations kept) → wasm-split-cli → wasm-bindgen
//   → wasm-opt -Oz (binaryen's JS API: one process for every chunk) → dist/
//
// index.html is Trunk's dialect (`trunk serve` still runs the unsplit dev
// build from it); here its `data-trunk` links are replaced by what they
// name. Everything built goes under dist/app-<build id>/, so a new build
// never meets an old file in a cache; the service worker precaches it all.
//
// The base path is a build setting: VIZITKA_BASE=/vizitka/ builds a site to
// serve at https://name.github.io/vizitka/ (default: the site root). Only
// index.html (and its 404.html copy) names it; sw.js, the manifest and the
// chunks refer to each other relatively, and the app reads it from the
// page (<meta name="vizitka-base">) for its links.
//
// VIZITKA_NAMES=1 keeps the functions' names in the wasm, so a profile in
// the browser's performance panel says where the time goes.
//
// Usage: [VIZITKA_BASE=/sub/] [VIZITKA_NAMES=1] node scripts/build.mjs [dist-dir]
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import binaryen from "binaryen";

const ROOT = new URL("..", import.meta.url).pathname;
const DIST = resolve(ROOT, process.argv[2] || "dist");
const TARGET = join(ROOT, "target");
const WORK = join(TARGET, "split-build");
const BASE = process.env.VIZITKA_BASE || "/";
const NAMES = process.env.VIZITKA_NAMES === "1";
if (!/^\/([A-Za-z0-9._~-]+\/)*$/.test(BASE)) throw new Error(`VIZITKA_BASE must be a path that starts and ends with "/", like /vizitka/ (got ${BASE})`);

function run(cmd, args) {
  execFileSync(cmd, args, { cwd: ROOT, stdio: "inherit" });
}

function step(what) {
  console.log(`\n== build: ${what}`);
}

// 1. Compile with the split points in and the relocations kept: wasm-split
//    needs them to move a function's code into another module.
step("cargo build --release --features split");
// `--config` adds to .cargo/config.toml's rustflags (SIMD, erased
// components); RUSTFLAGS would replace them.
run("cargo", [
  "build", "--release", "--target", "wasm32-unknown-unknown", "--features", "split", "--bin", "vizitka",
  "--config", 'target.wasm32-unknown-unknown.rustflags=["-Clink-args=--emit-relocs"]',
]);

// 2–4 depend only on cargo's wasm: kept in target/split-build/wasm-<its
// hash>, so building again with nothing changed in Rust (another base
// path, a CSS edit) takes seconds instead of a minute of optimizing.
const cargoWasm = readFileSync(join(TARGET, "wasm32-unknown-unknown/release/vizitka.wasm"));
// What stays in the shell besides what it needs itself (vendor/README.md):
// code every first screen needs (each downloads it before it paints
// anyway), and code seven groups or more share. Without them each set of
// groups sharing a function is a chunk of its own: 360 modules, 104 of
// them before the dashboard paints.
const SPLIT_RULES = ["--main-if-all-of", "dashboard,contacts,organizations", "--main-if-at-least", "7"];
const wasmDir = join(WORK, `wasm-${createHash("sha256").update(cargoWasm).update(NAMES ? "names" : "").update(SPLIT_RULES.join(" ")).digest("hex").slice(0, 16)}`);
if (existsSync(wasmDir)) {
  step("wasm-split, wasm-bindgen, wasm-opt: unchanged since the last build");
} else {
  rmSync(WORK, { recursive: true, force: true });
  splitBindOptimize(join(WORK, "tmp"));
  renameSync(join(WORK, "tmp"), wasmDir);
}
const app = join(WORK, "app");
rmSync(app, { recursive: true, force: true });
cpSync(wasmDir, app, { recursive: true });

function splitBindOptimize(out) {
  // 2. Cut: vizitka.wasm (the shell) plus split_<group>.wasm and the
  //    chunk_<n>.wasm of code that several groups share, and the JS that
  //    loads them (__wasm_split.js).
  step("wasm-split-cli");
  const split = join(WORK, "split");
  mkdirSync(split, { recursive: true });
  run("wasm-split-cli", [join(TARGET, "wasm32-unknown-unknown/release/vizitka.wasm"), split, "--out-name", "vizitka", ...SPLIT_RULES]);

  // 3. Bind the shell to JS. It keeps the linker's exports (the chunks
  //    import them) and the mangled names (the chunks are linked by name).
  step("wasm-bindgen");
  run("wasm-bindgen", ["--target", "web", "--keep-lld-exports", "--no-demangle", "--out-name", "vizitka", "--out-dir", out, join(split, "vizitka.wasm")]);
  for (const f of readdirSync(split)) {
    if (f !== "vizitka.wasm") renameSync(join(split, f), join(out, f));
  }
  for (const f of readdirSync(out)) if (f.endsWith(".d.ts")) rmSync(join(out, f));

  // 4. Optimize every module for size, in this one process: the npm
  //    wasm-opt is JavaScript, and starting it per chunk took minutes.
  step("wasm-opt -Oz");
  binaryen.setOptimizeLevel(2);
  binaryen.setShrinkLevel(2);
  binaryen.setDebugInfo(NAMES);
  for (const f of readdirSync(out).filter((f) => f.endsWith(".wasm"))) {
    const path = join(out, f);
    const module = binaryen.readBinary(readFileSync(path));
    module.optimize();
    if (!module.validate()) throw new Error(`wasm-opt: ${f} does not validate after optimizing`);
    writeFileSync(path, module.emitBinary());
    module.dispose();
  }
}

// 5. The loader: what Trunk's inline script did, as a file (the CSP allows
//    no inline script). The bench and the tests wait for the same event.
writeFileSync(
  join(app, "start.js"),
  `import init, * as bindings from "./vizitka.js";
const wasm = await init({ module_or_path: new URL("./vizitka_bg.wasm", import.meta.url) });
window.wasmBindings = bindings;
dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm } }));
`,
);

// 6. The page and the static files, as index.html's Trunk links say.
step("assets");
let html = readFileSync(join(ROOT, "index.html"), "utf8");
const links = [...html.matchAll(/<link data-trunk ([^>]*?)\/?>/g)];
const attr = (tag, name) => tag.match(new RegExp(`\\b${name}="([^"]*)"`))?.[1];
const stylesheets = [];
const staticFiles = [];
for (const [, attrs] of links) {
  const rel = attr(attrs, "rel");
  const href = attr(attrs, "href");
  if (rel === "css") {
    cpSync(join(ROOT, href), join(app, basename(href)));
    stylesheets.push(basename(href));
  } else if (rel === "copy-file" || rel === "copy-dir") {
    staticFiles.push(href);
  } else if (rel !== "rust") {
    throw new Error(`index.html: build.mjs does not know <link data-trunk rel="${rel}">`);
  }
}
const id = buildId(app);
rmSync(DIST, { recursive: true, force: true });
mkdirSync(DIST, { recursive: true });
const appDir = `app-${id}`;
renameSync(app, join(DIST, appDir));
for (const href of staticFiles) cpSync(join(ROOT, href), join(DIST, basename(href)), { recursive: true });

const head = [
  ...stylesheets.map((css) => `<link rel="stylesheet" href="/${appDir}/${css}" />`),
  `<link rel="modulepreload" href="/${appDir}/vizitka.js" />`,
  `<link rel="preload" href="/${appDir}/vizitka_bg.wasm" as="fetch" type="application/wasm" crossorigin />`,
  `<script type="module" src="/${appDir}/start.js"></script>`,
];
let first = true;
html = html.replace(/[ \t]*<link data-trunk [^>]*\/?>\n?/g, (m) => {
  if (!first) return "";
  first = false;
  const indent = m.match(/^[ \t]*/)[0];
  return head.map((l) => indent + l).join("\n") + "\n";
});
// Every link of the page is absolute (a deep link like /contacts/<id> must
// find them), so each gets the base path; the app reads it from the meta.
html = html.replace(/\b(href|src)="\//g, `$1="${BASE}`);
html = html.replace(/(<meta charset="utf-8" \/>\n)/, `$1    <meta name="vizitka-base" content="${BASE}" />\n`);
if (!html.includes('name="vizitka-base"')) throw new Error("index.html: no <meta charset> to put the base path after");
writeFileSync(join(DIST, "index.html"), html);

// 7. What scripts/post-build does after Trunk: the service worker's list,
//    the 404 copy, the precompressed copies.
step("service worker, 404.html, compression");
run("node", [join(ROOT, "scripts/finish.mjs"), DIST, "--compress"]);

const size = (f) => statSync(join(DIST, appDir, f)).size;
console.log(`\nbuilt ${relative(ROOT, DIST)}/ for ${BASE} (${appDir}): shell ${(size("vizitka_bg.wasm") / 1024).toFixed(0)} KB of wasm, ${readdirSync(join(DIST, appDir)).filter((f) => f.endsWith(".wasm") && !f.endsWith(".br") && !f.endsWith(".gz")).length} modules`);

function buildId(dir) {
  const hash = createHash("sha256");
  for (const f of readdirSync(dir, { recursive: true }).sort()) {
    const path = join(dir, f);
    if (existsSync(path) && statSync(path).isFile()) hash.update(f).update(readFileSync(path));
  }
  return hash.digest("hex").slice(0, 16);
}
