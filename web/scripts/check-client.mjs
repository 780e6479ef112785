// Fails when the committed contract drifted from the server or the generated types are stale.
// Run from CI (make test). Fix with: npm run sync:client
import { readFileSync } from "node:fs";
import {
  generateTypes,
  liveSchemaJson,
  liveSchemaTypes,
  schemaJson,
  schemaTypes,
  serverLiveSchemaText,
  serverSchemaText,
} from "./client-lib.mjs";

const problems = [];
const readOrEmpty = (path) => {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
};

try {
  if (serverSchemaText() !== readOrEmpty(schemaJson)) {
    problems.push("web/openapi.json differs from `moodlens openapi` (the server's API changed)");
  }
  if (generateTypes(schemaJson) !== readOrEmpty(schemaTypes)) {
    problems.push("web/src/client/schema.d.ts is stale for web/openapi.json");
  }
  if (serverLiveSchemaText() !== readOrEmpty(liveSchemaJson)) {
    problems.push("web/live-protocol.json differs from moodlens.live.messages (the live protocol changed)");
  }
  if (generateTypes(liveSchemaJson) !== readOrEmpty(liveSchemaTypes)) {
    problems.push("web/src/client/live.d.ts is stale for web/live-protocol.json");
  }
} catch (err) {
  problems.push(err.message);
}

if (problems.length > 0) {
  for (const p of problems) console.error(`check:client: ${p}`);
  console.error("Regenerate with: npm --prefix web run sync:client  (then fix type errors and commit)");
  process.exit(1);
}
console.log("check:client: openapi.json, live-protocol.json and generated types match the server");
