/**
 * Camera and microphone access with the failures a candidate can act on: permission denied,
 * no device, device busy. Camera and microphone are opened separately so one failing leaves
 * the other usable (issue 5: the candidate may continue audio-only or typed-only).
 */

export type MediaKind = "camera" | "microphone";

export type MediaProblemKind =
  "denied" | "no_device" | "in_use" | "insecure" | "unsupported" | "audio_not_started" | "unknown";

export interface MediaProblem {
  kind: MediaProblemKind;
  device: MediaKind;
  title: string;
  guidance: string;
}

/**
 * 640x480 is what the face analysis uses (inputSize 320 downsamples it anyway); 15 frames/s is
 * more than the ~10 frames/s analysed and spares the camera pipeline.
 */
export const CAMERA_CONSTRAINTS: MediaTrackConstraints = {
  width: { ideal: 640 },
  height: { ideal: 480 },
  frameRate: { ideal: 15, max: 30 },
  facingMode: "user",
};

/**
 * Echo cancellation stays on (questions may be read aloud through the speakers). Noise
 * suppression and automatic gain are off: they remove quiet fillers ("um") and hide the real
 * speaking volume that the volume cue and the "too quiet" hint are about.
 */
export const MICROPHONE_CONSTRAINTS: MediaTrackConstraints = {
  channelCount: { ideal: 1 },
  echoCancellation: true,
  noiseSuppression: false,
  autoGainControl: false,
};

export async function openCamera(): Promise<MediaStream> {
  return open({ video: CAMERA_CONSTRAINTS, audio: false });
}

export async function openMicrophone(): Promise<MediaStream> {
  return open({ audio: MICROPHONE_CONSTRAINTS, video: false });
}

async function open(constraints: MediaStreamConstraints): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia) {
    // getUserMedia exists only in secure contexts (https or localhost).
    throw new DOMException(
      window.isSecureContext ? "getUserMedia unsupported" : "insecure context",
      window.isSecureContext ? "NotSupportedError" : "SecurityError",
    );
  }
  return navigator.mediaDevices.getUserMedia(constraints);
}

export function stopStream(stream: MediaStream | null | undefined): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

const NAMES: Record<MediaKind, string> = { camera: "camera", microphone: "microphone" };

/** Maps a getUserMedia failure to what the candidate can do about it. */
export function describeMediaError(error: unknown, device: MediaKind): MediaProblem {
  // DOMException is not an Error subclass in every environment: read the fields directly.
  const fields = typeof error === "object" && error !== null ? (error as { name?: unknown; message?: unknown }) : {};
  const name = typeof fields.name === "string" ? fields.name : "";
  const message = typeof fields.message === "string" ? fields.message : "";
  const d = NAMES[device];
  const kind = classify(name, message);
  switch (kind) {
    case "denied":
      return {
        kind,
        device,
        title: `Access to the ${d} was blocked`,
        guidance: `Allow the ${d} for this site: select the camera or lock icon next to the address, set the ${d} to Allow, then reload the page. You can also continue without it.`,
      };
    case "no_device":
      return {
        kind,
        device,
        title: `No ${d} was found`,
        guidance: `Connect a ${d} (or enable it in your system settings), then try again. You can also continue without it.`,
      };
    case "in_use":
      return {
        kind,
        device,
        title: `The ${d} is in use by another application`,
        guidance: `Close other apps or tabs that may be using the ${d} (video calls, recorders), then try again.`,
      };
    case "insecure":
      return {
        kind,
        device,
        title: `The ${d} is only available on a secure connection`,
        guidance: "Open MoodLens over https (or on localhost) to use the camera and microphone.",
      };
    case "unsupported":
      return {
        kind,
        device,
        title: `This browser cannot use the ${d}`,
        guidance: "Use a current version of Chromium, Chrome, Edge or Firefox.",
      };
    case "audio_not_started":
      return {
        kind,
        device,
        title: "Your browser did not start processing sound",
        guidance:
          "The microphone works, but the browser did not start its sound processing. Check that speakers or headphones are available (Firefox needs a sound output for this) and that this site may play sound, then try again.",
      };
    default:
      return {
        kind,
        device,
        title: `The ${d} could not be started`,
        guidance: `Try again, or reconnect the ${d}. ${message ? `(The browser said: ${message}.)` : ""}`.trim(),
      };
  }
}

function classify(name: string, message: string): MediaProblemKind {
  switch (name) {
    case "NotAllowedError":
    case "PermissionDeniedError": // older Chromium
      return "denied";
    case "SecurityError":
      return message.includes("insecure") ? "insecure" : "denied";
    case "NotFoundError":
    case "DevicesNotFoundError":
    case "OverconstrainedError": // no device satisfies the constraints: no usable device
      return "no_device";
    case "NotReadableError":
    case "TrackStartError":
    case "AbortError": // Firefox reports a busy device this way on some systems
      return "in_use";
    case "NotSupportedError":
      return "unsupported";
    case "AudioNotStartedError": // audio/capture.ts: the AudioContext never started
      return "audio_not_started";
    default:
      return "unknown";
  }
}
