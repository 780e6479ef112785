// Regenerates src/client/schema.d.ts from openapi.json.
// `--from-server` first refreshes openapi.json from `moodlens openapi` (the contract's source).
import { readFileSync } from "node:fs";
import {
  canonicalJson,
  generateTypes,
  schemaJson,
  schemaTypes,
  serverSchemaText,
  writeIfChanged,
} from "./client-lib.mjs";

try {
  if (process.argv.includes("--from-server")) {
    const changed = writeIfChanged(schemaJson, serverSchemaText());
    console.log(changed ? "openapi.json updated from `moodlens openapi`" : "openapi.json already current");
  } else {
    // Normalise the committed schema so check-client compares like with like.
    writeIfChanged(schemaJson, canonicalJson(JSON.parse(readFileSync(schemaJson, "utf8"))));
  }
  const changed = writeIfChanged(schemaTypes, generateTypes(schemaJson));
  console.log(changed ? "src/client/schema.d.ts regenerated" : "src/client/schema.d.ts already current");
} catch (err) {
  console.error(`gen:client failed: ${err.message}`);
  process.exit(1);
}
