import { describe, expect, it } from "vitest";
import { allowedModes, captureOf, clampMode, describeModes, whyNot } from "./captureConsent";

const both = { camera: true, microphone: true };
const mic = { camera: false, microphone: true };
const camOnly = { camera: true, microphone: false };
const none = { camera: false, microphone: false };

describe("answer modes from the consent", () => {
  it("offers camera cues only with both devices, spoken answers with the microphone, typed always", () => {
    expect(allowedModes(both)).toEqual(["camera", "audio", "typed"]);
    expect(allowedModes(mic)).toEqual(["audio", "typed"]);
    // Camera cues come with spoken answers: the camera alone allows typed answers only.
    expect(allowedModes(camOnly)).toEqual(["typed"]);
    expect(allowedModes(none)).toEqual(["typed"]);
  });

  it("falls back to the best allowed mode below the requested one", () => {
    expect(clampMode("camera", both)).toBe("camera");
    expect(clampMode("camera", mic)).toBe("audio");
    expect(clampMode("audio", none)).toBe("typed");
    expect(clampMode("typed", both)).toBe("typed");
  });

  it("reads the newest consent and says what is possible and why not", () => {
    const list = {
      current_version: "v2",
      has_current: true,
      items: [
        {
          id: "2",
          consent_version: "v2",
          scopes: ["microphone"],
          client: null,
          created_at: "2026-12-03T10:00:00Z",
          current: true,
        },
        {
          id: "1",
          consent_version: "v1",
          scopes: ["camera", "microphone"],
          client: null,
          created_at: "2026-11-03T10:00:00Z",
          current: false,
        },
      ],
    };
    expect(captureOf(list)).toEqual(mic);
    expect(captureOf(undefined)).toEqual(none);
    expect(describeModes(mic)).toBe("spoken answers or typed answers");
    expect(describeModes(both)).toBe("spoken answers with camera cues, spoken answers or typed answers");
    expect(whyNot("camera", mic)).toMatch(/camera/);
    expect(whyNot("audio", camOnly)).toMatch(/microphone/);
    expect(whyNot("audio", mic)).toBeNull();
  });
});
