// Serves dist/ on loopback like a static host with an SPA fallback: unknown
// paths get index.html, so /contacts/<id> reloads into the app; a file's
// precompressed copy (.br, .gz) when the browser accepts it.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize } from "node:path";

const root = normalize(process.argv[2] || "dist");
const port = Number(process.argv[3] || 4173);
// A subpath (like /vizitka/) serves the site there, as a GitHub Pages
// project site is, and nothing outside it.
const base = process.argv[4] || "/";
const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".webmanifest": "application/manifest+json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

const PRECOMPRESSED = [
  ["br", /\bbr\b/, ".br"],
  ["gzip", /\bgzip\b/, ".gz"],
];

createServer(async (req, res) => {
  const full = decodeURIComponent(new URL(req.url, "http://x").pathname);
  if (!full.startsWith(base) && full !== base.slice(0, -1)) {
    res.writeHead(404).end("not found");
    return;
  }
  const path = "/" + full.slice(base.length);
  let file = normalize(join(root, path));
  if (!file.startsWith(root)) {
    res.writeHead(403).end();
    return;
  }
  try {
    if ((await stat(file)).isDirectory()) file = join(file, "index.html");
  } catch {
    file = join(root, "index.html");
  }
  const headers = { "content-type": types[extname(file)] || "application/octet-stream", "cache-control": "no-cache", vary: "accept-encoding" };
  // As hosts with gzip_static/brotli_static do: the precompressed copy a
  // release build writes beside the file, when the browser takes it.
  const accepts = String(req.headers["accept-encoding"] || "");
  for (const [encoding, accepted, suffix] of PRECOMPRESSED) {
    if (!accepted.test(accepts)) continue;
    try {
      const body = await readFile(file + suffix);
      res.writeHead(200, { ...headers, "content-encoding": encoding });
      res.end(body);
      return;
    } catch {
      // None beside it: the file as it is.
    }
  }
  try {
    const body = await readFile(file);
    res.writeHead(200, headers);
    res.end(body);
  } catch {
    res.writeHead(404).end("not found");
  }
}).listen(port, "127.0.0.1", () => console.log(`serving ${root} on http://127.0.0.1:${port}${base}`));
