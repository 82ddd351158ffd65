// What a browser fetches from a release build (scripts/build.mjs) before a
// page of `group` paints: the loader, the shell, that group's chunk and the
// shared chunks it needs, as __wasm_split.js lists them. Sizes are of the
// gzipped copies beside each file. Used by chunks.spec.mjs and the bench.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

export function firstScreen(dist, group) {
  const index = readFileSync(join(dist, "index.html"), "utf8");
  const dir = join(dist, index.match(/\/(app-[0-9a-f]+)\/start\.js/)[1]);
  const loader = readFileSync(join(dir, "__wasm_split.js"), "utf8");
  // export const __wasm_split_load_<group> = …("./split_<group>.wasm")…, [__chunk_1, …]
  const entry = loader.match(new RegExp(`__wasm_split_load_${group} = [\\s\\S]*?, \\[([^\\]]*)\\]`));
  if (!entry) throw new Error(`no chunk group ${group} in __wasm_split.js`);
  const chunks = (entry[1].match(/__chunk_\d+/g) ?? []).map((c) => `${c.slice(2)}.wasm`);
  const files = ["start.js", "vizitka.js", "vizitka_bg.wasm", "__wasm_split.js", `split_${group}.wasm`, ...chunks];
  const gz = (f) => statSync(join(dir, `${f}.gz`)).size;
  const wasm = readdirSync(dir).filter((f) => f.endsWith(".wasm"));
  return {
    files,
    gzipped: files.reduce((sum, f) => sum + gz(f), 0),
    shell: { raw: statSync(join(dir, "vizitka_bg.wasm")).size, gzipped: gz("vizitka_bg.wasm") },
    all: { modules: wasm.length, raw: wasm.reduce((s, f) => s + statSync(join(dir, f)).size, 0), gzipped: wasm.reduce((s, f) => s + gz(f), 0) },
  };
}
