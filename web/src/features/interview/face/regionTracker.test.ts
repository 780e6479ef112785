import { describe, expect, it } from "vitest";
import { boundsOf, FaceRegionTracker } from "./regionTracker";
import type { Point2 } from "./pose";

/** A square of landmarks of side `size` with its top-left corner at (x, y). */
function square(x: number, y: number, size: number): Point2[] {
  return [
    { x, y },
    { x: x + size, y },
    { x, y: y + size },
    { x: x + size, y: y + size },
  ];
}

describe("boundsOf", () => {
  it("is the tightest box around the points", () => {
    expect(
      boundsOf([
        { x: 3, y: 9 },
        { x: 1, y: 4 },
        { x: 7, y: 5 },
      ]),
    ).toEqual({ x: 1, y: 4, width: 6, height: 5 });
  });
});

describe("FaceRegionTracker", () => {
  it("needs the detector until a face is anchored", () => {
    const t = new FaceRegionTracker();
    expect(t.predict()).toBeNull();
    t.anchored(null, 0, null);
    expect(t.predict()).toBeNull();
  });

  it("predicts a detector-shaped region that follows the landmarks", () => {
    const t = new FaceRegionTracker({ detectEvery: 3 });
    // The detector box is 20 px wider and starts 10 px left of and 30 px above the landmarks.
    t.anchored({ x: 90, y: 70, width: 120, height: 130 }, 0.8, square(100, 100, 100));
    expect(t.trackedScore).toBe(0.8);
    expect(t.predict()).toEqual({ x: 90, y: 70, width: 120, height: 130 });
    // The head moves 10 px right: the region moves with it, same shape.
    expect(t.tracked(square(110, 100, 100))).toBe(true);
    expect(t.predict()).toEqual({ x: 100, y: 70, width: 120, height: 130 });
  });

  it("asks for the detector every detectEvery frames", () => {
    const t = new FaceRegionTracker({ detectEvery: 3 });
    const schedule: boolean[] = [];
    for (let frame = 0; frame < 9; frame++) {
      const region = t.predict();
      schedule.push(region === null);
      if (region === null) t.anchored({ x: 100, y: 100, width: 100, height: 100 }, 0.9, square(100, 100, 100));
      else expect(t.tracked(square(100, 100, 100))).toBe(true);
    }
    expect(schedule).toEqual([true, false, false, true, false, false, true, false, false]);
  });

  it("drops the track when the landmarks jump or change size more than a head does", () => {
    const jump = new FaceRegionTracker();
    jump.anchored({ x: 100, y: 100, width: 100, height: 100 }, 0.9, square(100, 100, 100));
    expect(jump.tracked(square(140, 100, 100))).toBe(false);
    expect(jump.predict()).toBeNull();
    expect(jump.trackedScore).toBe(0);

    const shrink = new FaceRegionTracker();
    shrink.anchored({ x: 100, y: 100, width: 100, height: 100 }, 0.9, square(100, 100, 100));
    expect(shrink.tracked(square(110, 110, 70))).toBe(false);

    const small = new FaceRegionTracker();
    small.anchored({ x: 100, y: 100, width: 100, height: 100 }, 0.9, square(100, 100, 100));
    expect(small.tracked(square(105, 100, 110))).toBe(true);
  });

  it("with detectEvery 1 never tracks", () => {
    const t = new FaceRegionTracker({ detectEvery: 1 });
    t.anchored({ x: 100, y: 100, width: 100, height: 100 }, 0.9, square(100, 100, 100));
    expect(t.predict()).toBeNull();
  });
});
