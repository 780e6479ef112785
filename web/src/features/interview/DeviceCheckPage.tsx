import { useEffect, useRef } from "react";
import { Link, useSearchParams } from "react-router";
import { paths } from "../../config/paths";
import { Alert } from "../../components/Alert";
import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { describeError } from "../../lib/apiError";
import { useMyConsents } from "../../lib/privacy";
import { meterFraction, MIC_HINT_TEXT } from "./audio/level";
import { allowedModes, captureOf, type AnswerMode, type CaptureChoice } from "./captureConsent";
import { CAMERA_HINT_TEXT } from "./device/cameraCheck";
import type { MediaProblem } from "./device/media";
import { useDeviceCheck, type CheckDevices } from "./device/useDeviceCheck";
import "./interview.css";

/**
 * Device check (issue 5, step 3): camera preview with a face indicator, microphone meter with
 * hints, and guidance when a device is blocked, missing or busy. Nothing is captured before the
 * candidate has accepted the current consent and pressed the start button, and nothing leaves
 * the device during the check.
 */
export function DeviceCheckPage() {
  const consents = useMyConsents();

  return (
    <div className="page">
      <PageHeading title="Check your camera and microphone" />
      <p className="page-lead">
        This check runs on this device only: the picture and the sound are analysed in your browser and are not sent or
        stored.
      </p>
      {consents.isPending ? (
        <Loading label="Checking your privacy choices…" />
      ) : consents.isError ? (
        <Alert tone="error" title="The check cannot start yet">
          <p>{describeError(consents.error)}</p>
        </Alert>
      ) : !consents.data.has_current ? (
        <Alert tone="info" title="Consent needed first">
          <p>
            Before MoodLens uses your camera or microphone, accept the current consent, which explains what is captured
            and where it is processed: <Link to={paths.settings}>Privacy and data settings</Link>.
          </p>
        </Alert>
      ) : (
        <CheckForConsent capture={captureOf(consents.data)} />
      )}
    </div>
  );
}

/** Only the devices the consent allows are checked, and only the modes it allows offered. */
function CheckForConsent({ capture }: { capture: CaptureChoice }) {
  // Camera cues come with spoken answers: without the microphone the camera is not used.
  const devices = { microphone: capture.microphone, camera: capture.camera && capture.microphone };
  return (
    <>
      {devices.microphone ? (
        <DeviceCheck devices={devices} />
      ) : (
        <Alert tone="info" title="Typed answers only">
          <p>
            Your consent allows neither spoken answers nor camera cues, so there is nothing to check: you will type your
            answers. To answer out loud, allow the microphone in{" "}
            <Link to={paths.settings}>Privacy and data settings</Link>.
          </p>
        </Alert>
      )}
      {devices.microphone && !devices.camera ? (
        <p className="device-check__consent-note">
          The camera stays off: your consent does not include it, so there are no camera cues. You can allow it in{" "}
          <Link to={paths.settings}>Privacy and data settings</Link>.
        </p>
      ) : null}
      <ContinueToRoom capture={capture} />
    </>
  );
}

function DeviceCheck({ devices }: { devices: CheckDevices }) {
  const video = useRef<HTMLVideoElement>(null);
  const { state, start } = useDeviceCheck(video, devices);
  const cameraOn = state.phase === "running" && !state.cameraProblem;
  const micOn = state.phase === "running" && !state.microphoneProblem;
  const cameraHeading = useRef<HTMLHeadingElement>(null);
  const micHeading = useRef<HTMLHeadingElement>(null);
  const withCamera = devices.camera;
  // The start button disappears once pressed, which drops keyboard focus on the body; the
  // first panel (what to look at next) takes it instead. Focus the user moved is left alone.
  useEffect(() => {
    if (state.phase !== "running") return;
    const active = document.activeElement;
    if (!active || active === document.body) (withCamera ? cameraHeading : micHeading).current?.focus();
  }, [state.phase, withCamera]);

  return (
    <div className="stack">
      {state.phase === "idle" ? (
        <div className="stack">
          <p>Your browser will ask to use your {devices.camera ? "camera and microphone" : "microphone"}.</p>
          <button type="button" className="button button--primary" onClick={() => void start()}>
            {devices.camera ? "Turn on camera and microphone" : "Turn on microphone"}
          </button>
        </div>
      ) : null}
      {state.phase === "starting" ? <Loading label="Starting your camera and microphone…" /> : null}

      <div className="device-check" hidden={state.phase === "idle"}>
        <section className="card device-check__panel" aria-labelledby="camera-heading" hidden={!devices.camera}>
          <h2 id="camera-heading" ref={cameraHeading} tabIndex={-1}>
            Camera
          </h2>
          {state.cameraProblem ? <Problem problem={state.cameraProblem} onRetry={() => void start()} /> : null}
          <video
            ref={video}
            className="device-check__video"
            muted
            playsInline
            aria-label="Camera preview (mirrored)"
            hidden={!cameraOn}
          />
          {cameraOn ? (
            <p
              role="status"
              className={`device-check__hint device-check__hint--${state.cameraHint === "face_in_frame" ? "ok" : "warn"}`}
            >
              {CAMERA_HINT_TEXT[state.cameraHint]}
            </p>
          ) : null}
          {state.analysisError ? (
            <Alert tone="error" title="Face analysis could not start">
              <p>The preview still works, but live attention cues will be missing. ({state.analysisError})</p>
            </Alert>
          ) : null}
        </section>

        <section className="card device-check__panel" aria-labelledby="mic-heading">
          <h2 id="mic-heading" ref={micHeading} tabIndex={-1}>
            Microphone
          </h2>
          {state.microphoneProblem ? <Problem problem={state.microphoneProblem} onRetry={() => void start()} /> : null}
          {micOn ? (
            <>
              <div
                role="meter"
                aria-label="Microphone level"
                aria-valuemin={-60}
                aria-valuemax={0}
                aria-valuenow={Math.round(Math.max(-60, state.levelDbfs ?? -60))}
                aria-valuetext={state.levelDbfs === null ? "no sound yet" : `${Math.round(state.levelDbfs)} dB`}
                className="level-meter"
              >
                <span
                  className="level-meter__fill"
                  style={{ width: `${meterFraction(state.levelDbfs ?? -120) * 100}%` }}
                />
              </div>
              <p
                role="status"
                className={`device-check__hint device-check__hint--${state.micHint === "ok" ? "ok" : "warn"}`}
              >
                {MIC_HINT_TEXT[state.micHint]}
              </p>
            </>
          ) : null}
          {/* Browsers' echo cancellation does not remove speech synthesis or a screen reader's
              voice, so through speakers either would be transcribed with the answer. */}
          <p className="device-check__tip">
            Tip: use headphones if you turn on "Read questions aloud" or use a screen reader, so their voice is not
            picked up with your answer.
          </p>
        </section>
      </div>

      {state.phase === "running" && state.cameraProblem && state.microphoneProblem ? (
        <p>You can still practise by typing your answers.</p>
      ) : null}

      {state.faceStats ? (
        <details className="device-check__details">
          <summary>Analysis details</summary>
          <p>
            Face analysis: {state.faceStats.fps.toFixed(1)} frames per second ({state.faceStats.backend}, median{" "}
            {Math.round(state.faceStats.medianMs)} ms per frame).
          </p>
        </details>
      ) : null}
    </div>
  );
}

function Problem({ problem, onRetry }: { problem: MediaProblem; onRetry: () => void }) {
  return (
    <div className="stack">
      <Alert tone="error" title={problem.title}>
        <p>{problem.guidance}</p>
      </Alert>
      <button type="button" className="button" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}

/** Room of a session with the chosen input mode ("camera", "audio" or "typed"). */
export function roomPath(sessionId: string, mode: AnswerMode): string {
  return `/practice/${encodeURIComponent(sessionId)}?mode=${mode}`;
}

const CONTINUE_LABEL: Record<AnswerMode, string> = {
  camera: "Start the interview",
  audio: "Continue audio-only",
  typed: "Continue typed-only",
};

/**
 * When the check is part of starting a session (`?session=<id>` from the setup page), the ways
 * on into the room that the consent allows: with both devices, audio-only, or typed answers.
 */
function ContinueToRoom({ capture }: { capture: CaptureChoice }) {
  const [params] = useSearchParams();
  const sessionId = params.get("session");
  if (!sessionId) return null;
  const modes = allowedModes(capture);
  return (
    <section className="card stack" aria-labelledby="continue-heading">
      <h2 id="continue-heading">Ready?</h2>
      <p>The interview starts when you continue: the session timer runs from then.</p>
      <div className="button-row">
        {modes.map((m, i) => (
          <Link key={m} className={i === 0 ? "button button--primary" : "button"} to={roomPath(sessionId, m)}>
            {CONTINUE_LABEL[m]}
          </Link>
        ))}
      </div>
    </section>
  );
}
