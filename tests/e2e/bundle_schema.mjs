// The bundle's published contract (docs/bundle.schema.json), checked by an
// independent validator (Ajv, JSON Schema 2020-12) on every bundle the
// e2e suite exports.
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";

const schema = JSON.parse(readFileSync(new URL("../../docs/bundle.schema.json", import.meta.url), "utf8"));
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

/** The ways `bundle` breaks the schema, one line each ("" when none). */
export function schemaErrors(bundle) {
  if (validate(bundle)) return "";
  return validate.errors
    .slice(0, 20)
    .map((e) => `${e.instancePath || "/"} ${e.message}${e.params && Object.keys(e.params).length ? " " + JSON.stringify(e.params) : ""}`)
    .join("\n");
}

const def = (s) => {
  while (s && s.$ref) s = schema.$defs[s.$ref.split("/").pop()];
  return s;
};
const alternatives = (s) => [...(s.anyOf || []), ...(s.oneOf || [])];

/** Every field the schema names, as paths ("/contacts/emails/label"). */
function fieldsOf(s, path = "", out = new Set(), depth = 0) {
  s = def(s);
  if (!s || depth > 12) return out;
  for (const alt of alternatives(s)) fieldsOf(alt, path, out, depth + 1);
  if (s.type === "array") fieldsOf(s.items, path, out, depth + 1);
  for (const [name, sub] of Object.entries((s.type === "object" && s.properties) || {})) {
    out.add(`${path}/${name}`);
    fieldsOf(sub, `${path}/${name}`, out, depth + 1);
  }
  return out;
}

function filledIn(s, value, path = "", out = new Set()) {
  s = def(s);
  if (!s || value === null || value === undefined) return out;
  for (const alt of alternatives(s)) filledIn(alt, value, path, out);
  if (s.type === "array" && Array.isArray(value)) value.forEach((v) => filledIn(s.items, v, path, out));
  if (s.type === "object" && value && typeof value === "object" && !Array.isArray(value)) {
    for (const [name, sub] of Object.entries(s.properties || {})) {
      // A tagged variant's fields count only when the tag is its own.
      if (name in value && (sub.const === undefined || value[name] === sub.const)) {
        out.add(`${path}/${name}`);
        filledIn(sub, value[name], `${path}/${name}`, out);
      }
    }
  }
  return out;
}

/** The fields the schema names that `bundle` never fills: none, for a
 * bundle with every field filled, so the schema names no field the app
 * does not write. */
export function fieldsNotIn(bundle) {
  const filled = filledIn(schema, bundle);
  return [...fieldsOf(schema)].filter((f) => !filled.has(f));
}
