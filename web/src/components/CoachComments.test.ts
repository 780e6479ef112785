import { describe, expect, it } from "vitest";
import { formatMoment, parseMoment } from "./CoachComments";

describe("comment moments", () => {
  it("reads m:ss and plain seconds, and refuses anything else", () => {
    expect(parseMoment("1:05")).toBe(65_000);
    expect(parseMoment(" 90 ")).toBe(90_000);
    expect(parseMoment("0:00")).toBe(0);
    expect(parseMoment("1:75")).toBeNull();
    expect(parseMoment("abc")).toBeNull();
    expect(formatMoment(65_400)).toBe("1:05");
  });
});
