import { useEffect, useRef, useState, type MutableRefObject } from "react";
import type { FaceFrame } from "../face/frames";
import type { LiveCapture } from "../liveCapture";
import { testProbe } from "../testProbe";
import { emptyCues, type CueView } from "./CuesPanel";
import type { InputMode } from "./roomMachine";

/**
 * The room's cue panel state. Face frames are sampled as they come (into refs, no re-render) and
 * summarised every 2 s into facing and steadiness; the server's cues are applied by the caller.
 * `onFaceFrame` is the ref the capture calls (useRoomStart wires it).
 */
export function useFaceCues(
  inputMode: InputMode,
  capture: MutableRefObject<LiveCapture | null>,
  onFaceFrame: MutableRefObject<(f: FaceFrame) => void>,
) {
  const [cues, setCues] = useState<CueView>(emptyCues);
  const facing = useRef<{ t: number; on: boolean }[]>([]);
  const motion = useRef<number[]>([]);

  onFaceFrame.current = (f: FaceFrame) => {
    const t = f.tMs;
    facing.current.push({ t, on: f.present && (f.gazeOnCamera ?? 0) >= 0.5 });
    while (facing.current.length && facing.current[0]!.t < t - 5_000) facing.current.shift();
    if (f.motion && f.motion.dtS > 0) motion.current.push(f.motion.faceWidths / f.motion.dtS);
  };

  // Face-derived cues are summarised every 2 s (not per frame: fewer re-renders).
  useEffect(() => {
    if (inputMode !== "camera") return;
    const id = setInterval(() => {
      const f = facing.current;
      const m = motion.current.splice(0);
      setCues((v) => ({
        ...v,
        facing: f.length ? f.filter((x) => x.on).length / f.length : 0,
        steadiness: m.length
          ? [...v.steadiness, 1 - Math.min(1, m.reduce((a, b) => a + b, 0) / m.length / 0.3)].slice(-20)
          : v.steadiness,
      }));
      testProbe()?.roomStats?.({ face: capture.current?.faceStats() ?? null });
    }, 2_000);
    return () => clearInterval(id);
  }, [inputMode, capture]);

  return { cues, setCues };
}
