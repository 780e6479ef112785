/**
 * Which ways of answering the candidate's consent allows (issue 11 §4). The consent asks for
 * each device on its own: the microphone for spoken answers, the camera for camera cues
 * (which come with spoken answers); typed answers need neither. The server enforces the same
 * rule on the live stream, so the client never offers what it would refuse.
 */
import type { ConsentList } from "../../lib/privacyTypes";

export type AnswerMode = "camera" | "audio" | "typed";

export interface CaptureChoice {
  camera: boolean;
  microphone: boolean;
}

/** What the newest consent allows (the newest decides, as on the server). */
export function captureOf(list: ConsentList | undefined): CaptureChoice {
  const scopes = list?.items[0]?.scopes ?? [];
  return { camera: scopes.includes("camera"), microphone: scopes.includes("microphone") };
}

/** The modes the choice allows, best first; typed answers are always possible. */
export function allowedModes(c: CaptureChoice): AnswerMode[] {
  const modes: AnswerMode[] = [];
  if (c.microphone && c.camera) modes.push("camera");
  if (c.microphone) modes.push("audio");
  modes.push("typed");
  return modes;
}

/** The requested mode if allowed, otherwise the best allowed one below it. */
export function clampMode(requested: AnswerMode, c: CaptureChoice): AnswerMode {
  const allowed = allowedModes(c);
  if (allowed.includes(requested)) return requested;
  return requested === "camera" && allowed.includes("audio") ? "audio" : "typed";
}

const MODE_TEXT: Record<AnswerMode, string> = {
  camera: "spoken answers with camera cues",
  audio: "spoken answers",
  typed: "typed answers",
};

/** "spoken answers with camera cues, spoken answers or typed answers" */
export function describeModes(c: CaptureChoice): string {
  const parts = allowedModes(c).map((m) => MODE_TEXT[m]);
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(", ")} or ${parts[parts.length - 1]}`;
}

/** Why a mode is not offered, in plain words (null when it is). */
export function whyNot(mode: AnswerMode, c: CaptureChoice): string | null {
  if (allowedModes(c).includes(mode)) return null;
  if (mode === "audio" || !c.microphone)
    return "Spoken answers need the microphone, which your consent does not allow.";
  return "Camera cues need the camera, which your consent does not allow.";
}
