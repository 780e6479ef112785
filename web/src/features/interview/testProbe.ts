/**
 * Observation point for the browser e2e tests. A test installs `window.__moodlensProbe`
 * before the app loads (Playwright's add_init_script) to read the numbers the page computes,
 * such as the face windows and the analysis rate. Nothing installs it in normal use, and it only
 * ever receives what the page would send to the server anyway: no frames, no landmarks.
 */
import type { FaceTrackingStats } from "./face/tracker";
import type { FaceWindow } from "./face/windows";
import type { Cue } from "./live/protocol";

export interface MoodLensProbe {
  faceWindow?: (window: FaceWindow, stats: FaceTrackingStats, cameraStartedAtMs: number | null) => void;
  /** Interview room: every cue as received, and the face-analysis rate every 2 s. */
  cue?: (cue: Cue) => void;
  roomStats?: (stats: { face: FaceTrackingStats | null }) => void;
}

export function testProbe(): MoodLensProbe | undefined {
  return (window as { __moodlensProbe?: MoodLensProbe }).__moodlensProbe;
}
