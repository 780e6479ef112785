// Regenerates src/client/schema.d.ts from openapi.json, and live-protocol.json + src/client/live.d.ts
// from the live stream's message models.
// `--from-server` first refreshes openapi.json from `moodlens openapi` (the contract's source).
import { readFileSync } from "node:fs";
import {
  canonicalJson,
  generateTypes,
  liveSchemaJson,
  liveSchemaTypes,
  schemaJson,
  schemaTypes,
  serverLiveSchemaText,
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
  // The live protocol's schema is small and read straight from the models every time.
  const liveChanged = writeIfChanged(liveSchemaJson, serverLiveSchemaText());
  console.log(liveChanged ? "live-protocol.json updated" : "live-protocol.json already current");
  const liveTypesChanged = writeIfChanged(liveSchemaTypes, generateTypes(liveSchemaJson));
  console.log(liveTypesChanged ? "src/client/live.d.ts regenerated" : "src/client/live.d.ts already current");
} catch (err) {
  console.error(`gen:client failed: ${err.message}`);
  process.exit(1);
}
