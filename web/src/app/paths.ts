// Moved to src/config/paths.ts (issue 16 §4); this re-export lasts until the last importer moves.
export * from "../config/paths";
