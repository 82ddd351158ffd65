// Writes `f.br` and `f.gz` beside every text and wasm file under a
// directory (a release build's dist/), for hosts that serve precompressed
// files (nginx `gzip_static`/`brotli_static`, Netlify, Cloudflare Pages).
// Best compression, deterministic bytes: the same build gives the same files.
// Used by scripts/finish.mjs.
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";

const COMPRESSIBLE = /\.(wasm|js|mjs|css|html|json|webmanifest|svg|txt)$/;

async function* files(dir) {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) yield* files(path);
    else if (COMPRESSIBLE.test(e.name)) yield path;
  }
}

export async function compress(root) {
  for await (const path of files(root)) {
    const bytes = await readFile(path);
    const br = brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    });
    await writeFile(`${path}.br`, br);
    await writeFile(`${path}.gz`, gzipSync(bytes, { level: 9 }));
  }
}
