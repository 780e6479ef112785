// Lint rules for the web client. Besides the usual JS/TS/hooks checks, the zones below make the
// layering of src/ a check instead of a memory (docs/architecture.md, web/README.md):
//   - a feature never imports another feature: what two features share lives in lib/ (code),
//     components/ (UI pieces) or config/ (route paths);
//   - lib/, config/, components/ and client/ import no feature and not app/, which composes them.
// The rule is eslint-plugin-import-x's no-restricted-paths (the maintained fork of
// eslint-plugin-import, which does not support ESLint 10), registered under the `import` name.
import { readdirSync } from "node:fs";
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import importX from "eslint-plugin-import-x";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

const features = readdirSync(new URL("./src/features", import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

const featureZones = features.map((name) => ({
  target: `./src/features/${name}`,
  from: "./src/features",
  except: [`./${name}`],
  message: "Features do not import each other: move what they share to src/lib/ or src/components/.",
}));

const sharedZones = ["lib", "config", "components", "client"].map((dir) => ({
  target: `./src/${dir}`,
  from: ["./src/features", "./src/app"],
  message: `src/${dir}/ is shared code: it imports no feature and not app/.`,
}));

const featuresOffApp = {
  target: "./src/features",
  from: "./src/app",
  message: "app/ composes the features; a feature takes route paths from src/config/ and services from src/lib/.",
};

export default tseslint.config(
  {
    ignores: [
      "dist/**",
      "node_modules/**",
      "src/client/schema.d.ts",
      "src/client/live.d.ts",
      "src/features/reports/testing/demoReport.ts",
      "src/features/progress/testing/demoProgress.ts",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["src/**/*.{ts,tsx}"],
    languageOptions: { globals: globals.browser },
    plugins: { "react-hooks": reactHooks, import: importX },
    settings: {
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: "./tsconfig.json" })],
    },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
      "import/no-restricted-paths": ["error", { zones: [...featureZones, ...sharedZones, featuresOffApp] }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["scripts/**/*.mjs", "e2e/**/*.mjs", "*.ts", "*.js"],
    languageOptions: { globals: globals.node },
  },
  {
    files: ["e2e/**/*.mjs"],
    // The drivers run code inside the page (page.evaluate), which sees the browser's globals.
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  prettier,
);
