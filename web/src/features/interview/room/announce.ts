/**
 * What the room's visually hidden status line says about the session clock. The clock itself
 * is not a live region (a screen reader would read it every half second); this text changes
 * only twice, so each warning is announced once: at 5 minutes left and at 1 minute left.
 */
export function timeWarning(leftS: number | null): string {
  if (leftS === null || leftS > 300) return "";
  return leftS > 60 ? "About 5 minutes of the session left." : "About 1 minute of the session left.";
}
