import { describe, expect, it } from "vitest";
import { timeWarning } from "./announce";

describe("timeWarning", () => {
  it("says nothing until 5 minutes are left, then changes once more at 1 minute", () => {
    const said = [null, 1200, 301, 300, 200, 61, 60, 10, 0].map(timeWarning);
    expect(said).toEqual([
      "",
      "",
      "",
      "About 5 minutes of the session left.",
      "About 5 minutes of the session left.",
      "About 5 minutes of the session left.",
      "About 1 minute of the session left.",
      "About 1 minute of the session left.",
      "About 1 minute of the session left.",
    ]);
    // Distinct texts in order = what a live region announces: two warnings, each once.
    expect([...new Set(said.filter(Boolean))]).toHaveLength(2);
  });
});
