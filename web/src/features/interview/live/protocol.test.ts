import { describe, expect, it } from "vitest";
import { decodeAudioFrame, encodeAudioFrame, parseServerMessage, sanitizeFeatures } from "./protocol";

describe("audio frame encoding", () => {
  it("writes a 12-byte little-endian header (uint32 seq, float64 t_ms) then PCM16 LE", () => {
    const buf = encodeAudioFrame(258, 1.5, Int16Array.from([1, -2, 32767]));
    const bytes = new Uint8Array(buf);
    expect(buf.byteLength).toBe(12 + 6);
    expect(Array.from(bytes.slice(0, 4))).toEqual([2, 1, 0, 0]);
    // 1.5 as float64 LE: 0x3FF8000000000000
    expect(Array.from(bytes.slice(4, 12))).toEqual([0, 0, 0, 0, 0, 0, 0xf8, 0x3f]);
    expect(Array.from(bytes.slice(12))).toEqual([1, 0, 0xfe, 0xff, 0xff, 0x7f]);
    expect(decodeAudioFrame(buf)).toEqual({ seq: 258, tMs: 1.5, pcm: Int16Array.from([1, -2, 32767]) });
  });

  it("holds the largest seq a uint32 can", () => {
    expect(decodeAudioFrame(encodeAudioFrame(2 ** 32 - 1, 0, new Int16Array(1))).seq).toBe(2 ** 32 - 1);
  });
});

describe("parseServerMessage", () => {
  it("parses the protocol's messages", () => {
    // As the server sends it (moodlens/live/messages.py): `ready` says what may be captured.
    expect(
      parseServerMessage('{"type":"ready","last_seq":-1,"resumed":false,"capture":{"audio":true,"face":false}}'),
    ).toEqual({ type: "ready", last_seq: -1, resumed: false, capture: { audio: true, face: false } });
    expect(parseServerMessage('{"type":"ack","seq":7}')).toEqual({ type: "ack", seq: 7 });
    expect(parseServerMessage('{"type":"nack","expected":3}')).toEqual({ type: "nack", expected: 3 });
  });

  it("keeps the audio frame a cue answers and the transcript of a saved answer", () => {
    const cue = '{"type":"cue","cue":"pace","level":"ok","value":140,"message":"m","t_ms":5,"latency_ms":1,"seq":41}';
    expect(parseServerMessage(cue)).toMatchObject({ type: "cue", seq: 41 });
    // Cues no audio frame caused (attention, transcripts) come without `seq`.
    expect(parseServerMessage(cue.replace(',"seq":41', ""))).toMatchObject({ type: "cue", seq: null });
    expect(
      parseServerMessage('{"type":"answer_saved","question_id":"q","response_id":"r","transcript":"I led it."}'),
    ).toEqual({ type: "answer_saved", question_id: "q", response_id: "r", transcript: "I led it." });
  });

  it("skips what it does not understand", () => {
    expect(parseServerMessage("garbage")).toBeNull();
    expect(parseServerMessage('{"type":"ack","seq":"7"}')).toBeNull();
    expect(parseServerMessage('{"type":"mystery"}')).toBeNull();
    expect(parseServerMessage("[1,2]")).toBeNull();
  });
});

describe("sanitizeFeatures", () => {
  it("clamps to the server's ranges and replaces non-finite numbers", () => {
    expect(
      sanitizeFeatures({
        face_present_ratio: 1.2,
        yaw: 200,
        pitch: Number.NaN,
        roll: -181,
        gaze_on_camera: -0.1,
        movement_energy: Number.POSITIVE_INFINITY,
        smile: null,
      }),
    ).toEqual({
      face_present_ratio: 1,
      yaw: 180,
      pitch: null,
      roll: -180,
      gaze_on_camera: 0,
      movement_energy: 0,
      smile: null,
    });
  });
});
