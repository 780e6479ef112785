// Shared helpers for the typed-client scripts. Plain Node (no deps beyond openapi-typescript's
// own CLI) so they run in CI before anything else is built.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const webDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const schemaJson = join(webDir, "openapi.json");
export const schemaTypes = join(webDir, "src", "client", "schema.d.ts");
// The live stream's server messages (Pydantic models in moodlens/live/messages.py), kept and
// generated the same way as the REST contract.
export const liveSchemaJson = join(webDir, "live-protocol.json");
export const liveSchemaTypes = join(webDir, "src", "client", "live.d.ts");

/** The `moodlens` console script; MOODLENS_BIN overrides it (e.g. a different venv). */
export function moodlensBin() {
  return process.env.MOODLENS_BIN ?? resolve(webDir, "..", ".venv", "bin", "moodlens");
}

/** One canonical text form so formatting never shows up as drift. */
export function canonicalJson(value) {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** The schema as the server describes it, printed without running a server. */
export function serverSchemaText() {
  const bin = moodlensBin();
  let out;
  try {
    out = execFileSync(bin, ["openapi"], {
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
      stdio: ["ignore", "pipe", "inherit"],
    });
  } catch (err) {
    throw new Error(`could not run \`${bin} openapi\` (is the Python env installed?): ${err.message}`, {
      cause: err,
    });
  }
  try {
    return canonicalJson(JSON.parse(out));
  } catch {
    throw new Error(`\`${bin} openapi\` did not print JSON; first bytes: ${out.slice(0, 200)}`);
  }
}

/** The live protocol's message schema as the server's models describe it. */
export function serverLiveSchemaText() {
  const python = process.env.MOODLENS_PYTHON ?? resolve(webDir, "..", ".venv", "bin", "python");
  let out;
  try {
    out = execFileSync(python, ["-m", "moodlens.live.messages"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
  } catch (err) {
    throw new Error(`could not run \`${python} -m moodlens.live.messages\`: ${err.message}`, { cause: err });
  }
  return canonicalJson(JSON.parse(out));
}

/** Types generated from a schema file, as text, using the pinned openapi-typescript CLI. */
export function generateTypes(fromJsonPath) {
  const dir = mkdtempSync(join(tmpdir(), "moodlens-client-"));
  const out = join(dir, "schema.d.ts");
  try {
    execFileSync(
      process.execPath,
      [join(webDir, "node_modules", "openapi-typescript", "bin", "cli.js"), fromJsonPath, "-o", out],
      // openapi-typescript prints progress on stderr; keep it quiet unless it fails.
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    return readFileSync(out, "utf8");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function writeIfChanged(path, text) {
  let current = null;
  try {
    current = readFileSync(path, "utf8");
  } catch {
    // missing file: written below
  }
  if (current === text) return false;
  writeFileSync(path, text);
  return true;
}
