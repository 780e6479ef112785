/**
 * Serves the face-analysis files from this app's origin (DESIGN §6, §8: nothing from a CDN).
 *
 * - the three face-api models the client loads (tiny detector, tiny 68-point landmarks,
 *   expressions), straight from the npm package; the package's other models (age/gender,
 *   recognition, full landmarks, SSD) are deliberately not copied, so they cannot be loaded;
 * - the tfjs wasm binaries of @tensorflow/tfjs-backend-wasm@4.22.0, the version bundled in
 *   face-api's ESM build (a different version would not match the JavaScript side).
 *
 * `vite build` emits them under dist/vendor/; `vite dev` serves them from node_modules.
 * The folder names match src/features/interview/face/assets.ts.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Plugin } from "vite";

const FACE_MODELS = ["tiny_face_detector_model", "face_landmark_68_tiny_model", "face_expression_model"];
const WASM_FILES = ["tfjs-backend-wasm.wasm", "tfjs-backend-wasm-simd.wasm", "tfjs-backend-wasm-threaded-simd.wasm"];

interface Asset {
  /** Path inside the build output, without leading slash. */
  fileName: string;
  source: string;
}

function assets(): Asset[] {
  const nm = (p: string) => fileURLToPath(new URL(`./node_modules/${p}`, import.meta.url));
  return [
    ...FACE_MODELS.flatMap((m) => [
      {
        fileName: `vendor/face-api/${m}-weights_manifest.json`,
        source: nm(`@vladmandic/face-api/model/${m}-weights_manifest.json`),
      },
      { fileName: `vendor/face-api/${m}.bin`, source: nm(`@vladmandic/face-api/model/${m}.bin`) },
    ]),
    ...WASM_FILES.map((f) => ({
      fileName: `vendor/tfjs-wasm/${f}`,
      source: nm(`@tensorflow/tfjs-backend-wasm/dist/${f}`),
    })),
  ];
}

const TYPES: Record<string, string> = {
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".bin": "application/octet-stream",
};

export function faceAssets(): Plugin {
  let base = "/";
  return {
    name: "moodlens-face-assets",
    configResolved(config) {
      base = config.base;
    },
    configureServer(server) {
      const byPath = new Map(assets().map((a) => [`${base}${a.fileName}`, a.source]));
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? "").split("?")[0] ?? "";
        const source = byPath.get(path);
        if (!source) return next();
        const ext = path.slice(path.lastIndexOf("."));
        res.setHeader("Content-Type", TYPES[ext] ?? "application/octet-stream");
        res.end(readFileSync(source));
      });
    },
    generateBundle() {
      for (const a of assets()) {
        this.emitFile({ type: "asset", fileName: a.fileName, source: readFileSync(a.source) });
      }
    },
  };
}
