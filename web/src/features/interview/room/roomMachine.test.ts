import { describe, expect, it } from "vitest";
import {
  initialRoomState,
  roomReducer,
  SpeechGate,
  type RoomAction,
  type RoomQuestion,
  type RoomState,
} from "./roomMachine";

const q = (id: string, followUpReason: string | null = null): RoomQuestion => ({
  id,
  sequenceNo: 1,
  text: `Question ${id}`,
  followUpReason,
  expectedSeconds: 90,
  timeLeftS: 600,
});

const run = (actions: RoomAction[], from: RoomState = initialRoomState) => actions.reduce(roomReducer, from);

describe("roomReducer", () => {
  it("goes question -> answering -> saving -> saved -> next question", () => {
    let s = run([{ type: "started" }, { type: "questionLoaded", question: q("a") }]);
    expect(s.phase).toBe("question");
    s = roomReducer(s, { type: "answerStarted", at: 1000 });
    expect(s).toMatchObject({ phase: "answering", answerStartedAt: 1000 });
    s = roomReducer(s, { type: "answerEnded" });
    expect(s.phase).toBe("saving");
    // A confirmation for another question is ignored.
    expect(roomReducer(s, { type: "answerSaved", questionId: "zzz" }).phase).toBe("saving");
    s = roomReducer(s, { type: "answerSaved", questionId: "a" });
    expect(s).toMatchObject({ phase: "loading", answered: 1, unconfirmed: 0 });
    s = roomReducer(s, { type: "questionLoaded", question: q("b", "missing_result") });
    expect(s.phase).toBe("question");
    expect(s.question?.followUpReason).toBe("missing_result");
  });

  it("moves on after a save timeout and counts the unconfirmed answer", () => {
    const s = run([
      { type: "started" },
      { type: "questionLoaded", question: q("a") },
      { type: "answerStarted", at: 0 },
      { type: "answerEnded" },
      { type: "saveTimedOut", questionId: "a" },
    ]);
    expect(s).toMatchObject({ phase: "loading", answered: 1, unconfirmed: 1 });
    // A late confirmation after moving on changes nothing.
    expect(roomReducer(s, { type: "answerSaved", questionId: "a" })).toBe(s);
  });

  it("ends when the server has no more questions (204)", () => {
    const s = run([{ type: "started" }, { type: "noMoreQuestions" }]);
    expect(s).toMatchObject({ phase: "ending", endReason: "time" });
    expect(roomReducer(s, { type: "ended" }).phase).toBe("ended");
  });

  it("ends on request, once", () => {
    const s = run([{ type: "started" }, { type: "questionLoaded", question: q("a") }, { type: "endRequested" }]);
    expect(s).toMatchObject({ phase: "ending", endReason: "user" });
    expect(roomReducer(s, { type: "noMoreQuestions" })).toBe(s);
  });

  it("pauses and resumes without losing the phase; no answer starts while paused", () => {
    let s = run([{ type: "started" }, { type: "questionLoaded", question: q("a") }, { type: "pause" }]);
    expect(s).toMatchObject({ phase: "question", paused: true });
    expect(roomReducer(s, { type: "answerStarted", at: 5 })).toBe(s);
    s = roomReducer(s, { type: "resume" });
    expect(s.paused).toBe(false);
    s = roomReducer(s, { type: "answerStarted", at: 5 });
    expect(s.phase).toBe("answering");
  });

  it("a typed answer goes straight to the next question", () => {
    const s = run([{ type: "started" }, { type: "questionLoaded", question: q("a") }, { type: "typedSubmitted" }]);
    expect(s).toMatchObject({ phase: "loading", answered: 1 });
  });

  it("ignores out-of-order actions", () => {
    const s = run([{ type: "started" }]);
    expect(roomReducer(s, { type: "answerEnded" })).toBe(s);
    expect(roomReducer(s, { type: "answerStarted", at: 1 })).toBe(s);
  });
});

describe("SpeechGate", () => {
  it("reports speech after 300 ms of voice and the end after 6 s of silence", () => {
    const g = new SpeechGate();
    const events: (string | null)[] = [];
    let t = 0;
    for (let i = 0; i < 20; i++) events.push(g.update(-20, 50, (t += 50)));
    expect(events.filter(Boolean)).toEqual(["speech_started"]);
    expect(events.indexOf("speech_started")).toBe(5);
    const silent: (string | null)[] = [];
    for (let i = 0; i < 130; i++) silent.push(g.update(-70, 50, (t += 50)));
    expect(silent.filter(Boolean)).toEqual(["long_silence"]);
    expect(silent.indexOf("long_silence")).toBe(119);
  });

  it("ignores short clicks", () => {
    const g = new SpeechGate();
    expect(g.update(-10, 50, 50)).toBeNull();
    for (let t = 100; t < 10_000; t += 50) expect(g.update(-80, 50, t)).toBeNull();
  });
});
