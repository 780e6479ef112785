import { describe, expect, it } from "vitest";
import { demoReport } from "./testing/demoReport";
import { placeMarkers, seriesPath, sessionExtent, timeTicks, transcriptTarget } from "./timelineModel";
import type { ReportEvent } from "./types";

function event(type: string, start: number, end: number, answer_index: number | null = 0): ReportEvent {
  return { type, label: type, start, end, answer_index };
}

describe("seriesPath", () => {
  it("breaks the line where values are missing instead of bridging the gap", () => {
    const d = seriesPath([0, 1, 2, 3, 4], [50, 60, null, 80, 90], 4, [0, 100]);
    expect(d).toBe("M0.00 50.00 L250.00 40.00 M750.00 20.00 L1000.00 10.00");
  });

  it("draws a lone point as a dot and clamps values to the axis", () => {
    expect(seriesPath([0, 1, 2], [null, 150, null], 2, [0, 100])).toBe("M500.00 0.00 l0.01 0");
  });
});

describe("placeMarkers", () => {
  it("keeps camera and speech cues in their own lanes and stacks overlapping markers", () => {
    const events = [
      event("long_pause", 10, 13),
      event("filler_burst", 11, 30),
      event("attention_dip", 11, 20),
      event("long_pause", 60, 63),
    ];
    const placed = placeMarkers(events, 100, 0.05);
    const byIndex = Object.fromEntries(placed.map((m) => [m.index, m]));
    expect(byIndex[0]).toMatchObject({ lane: "speech", row: 0 });
    expect(byIndex[1]).toMatchObject({ lane: "speech", row: 1 });
    expect(byIndex[2]).toMatchObject({ lane: "camera", row: 0 });
    expect(byIndex[3]).toMatchObject({ lane: "speech", row: 0, x: 0.6 });
  });
});

describe("transcriptTarget", () => {
  it("points a long pause at the pause, not at the word that ends where it starts", () => {
    const e = demoReport.events.find((x) => x.type === "long_pause")!;
    const target = transcriptTarget(demoReport, e)!;
    const seg = demoReport.answers[0]!.segments[target.segmentIndex!]!;
    expect(seg).toMatchObject({ type: "pause", start: e.start });
    expect(target.id).toBe(`answer-1-at-${target.segmentIndex}`);
  });

  it("falls back to the answer around the event's time when it names none", () => {
    const target = transcriptTarget(demoReport, event("face_out_of_view", 60, 62, null))!;
    expect(target.answerIndex).toBe(1);
    expect(target.segmentIndex).not.toBeNull();
  });

  it("targets the answer card of a typed answer (no timed words)", () => {
    const typed = {
      ...demoReport,
      answers: demoReport.answers.map((a, i) => (i === 1 ? { ...a, input_mode: "typed", segments: [] } : a)),
    };
    expect(transcriptTarget(typed, event("long_pause", 60, 63, 1))).toEqual({
      answerIndex: 1,
      segmentIndex: null,
      id: "answer-2",
    });
  });
});

describe("axis", () => {
  it("runs to the last recorded moment, not the wall-clock length, and picks round tick steps", () => {
    const last = demoReport.timeline.t[demoReport.timeline.t.length - 1]!;
    expect(sessionExtent(demoReport)).toBeGreaterThanOrEqual(last);
    // A 4-minute interview the overdue sweep ended 50 minutes after its start.
    const fourMinutes = {
      ...demoReport,
      session: { ...demoReport.session, duration_s: 3000 },
      timeline: { ...demoReport.timeline, t: [0, 120, 240] },
      answers: demoReport.answers.map((a) => ({ ...a, end: Math.min(a.end ?? 0, 230) })),
      events: demoReport.events.map((e) => ({ ...e, end: Math.min(e.end, 235) })),
    };
    expect(sessionExtent(fourMinutes)).toBe(240);
    const nothing = { ...fourMinutes, timeline: { ...fourMinutes.timeline, t: [] }, answers: [], events: [] };
    expect(sessionExtent(nothing)).toBe(3000);
    expect(timeTicks(86)).toEqual([0, 15, 30, 45, 60, 75]);
    expect(timeTicks(1800)).toEqual([0, 300, 600, 900, 1200, 1500, 1800]);
  });
});
