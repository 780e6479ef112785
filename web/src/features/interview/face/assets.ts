/**
 * Where the face models and the tfjs wasm binaries are served from: the app's own origin.
 * `web/vite-face-assets.ts` copies them out of node_modules into these folders of the build
 * (and serves them in development); nothing is fetched from a CDN, so the analysis works
 * offline and no third party learns that a camera is in use.
 */
export const FACE_MODEL_DIR = "vendor/face-api/";
export const TFJS_WASM_DIR = "vendor/tfjs-wasm/";

function fromBase(dir: string): string {
  return `${import.meta.env.BASE_URL}${dir}`;
}

export function faceModelUrl(): string {
  // face-api's loadFromUri wants the folder without a trailing slash.
  return fromBase(FACE_MODEL_DIR).replace(/\/$/, "");
}

export function tfjsWasmUrl(): string {
  // tfjs appends the binary's file name to this prefix, so it keeps its trailing slash.
  return fromBase(TFJS_WASM_DIR);
}
