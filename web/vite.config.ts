/// <reference types="vitest/config" />
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { faceAssets } from "./vite-face-assets.ts";

// The API runs on FastAPI; in production it serves dist/ on the same origin, so the client only
// ever calls relative /v1 URLs. In development Vite forwards them to the local server.
const apiTarget = process.env.MOODLENS_API ?? "http://127.0.0.1:8000";

export default defineConfig({
  // faceAssets: face-api models and tfjs wasm binaries served from this origin (no CDN).
  plugins: [react(), faceAssets()],
  server: {
    proxy: {
      "/v1": { target: apiTarget, ws: true },
    },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: true,
  },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    // One worker: the machine's two cores are shared with the Python test suite.
    maxWorkers: 1,
    restoreMocks: true,
    // Component tests that type with user-event take 1-2 s; on a loaded two-core CI machine
    // one was seen to pass the default 5 s. A real hang still fails, just later.
    testTimeout: 20_000,
  },
});
