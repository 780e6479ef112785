import type { Cue } from "../live/protocol";

export interface CueView {
  /** Rolling words per minute from the server; null until enough speech (>= 15 s / 30 words). */
  paceWpm: number | null;
  paceLevel: Cue["level"] | null;
  fillers: number;
  /** Latest pause cue: seconds of the current pause, or null. */
  pauseS: number | null;
  pauseMessage: string | null;
  speaking: boolean;
  /** Share of recent camera frames facing the camera, 0-1; null without a camera. */
  facing: number | null;
  attentionMessage: string | null;
  /** Recent steadiness samples (0 = a lot of head movement, 1 = steady), oldest first. */
  steadiness: number[];
  lastMessage: string | null;
  /** Latency of the last cue, ms (server receive -> cue sent). */
  latencyMs: number | null;
  lastCueAt: number | null;
  /** The server's transcripts are behind the speech (busy); they arrive late, never lost. */
  transcriptsBehind: boolean;
}

export const emptyCues: CueView = {
  paceWpm: null,
  paceLevel: null,
  fillers: 0,
  pauseS: null,
  pauseMessage: null,
  speaking: false,
  facing: null,
  attentionMessage: null,
  steadiness: [],
  lastMessage: null,
  latencyMs: null,
  lastCueAt: null,
  transcriptsBehind: false,
};

/** Folds one server cue into the panel's view. */
export function applyCue(view: CueView, cue: Cue, now: number): CueView {
  const next: CueView = { ...view, latencyMs: cue.latency_ms, lastCueAt: now };
  if (cue.level !== "ok" && cue.cue !== "speaking") next.lastMessage = cue.message;
  switch (cue.cue) {
    case "pace":
      next.paceWpm = cue.value;
      next.paceLevel = cue.level;
      break;
    case "filler":
      // The value is the count in the server's window when given; otherwise count cues.
      next.fillers = view.fillers + 1;
      break;
    case "pause":
      next.pauseS = cue.value;
      next.pauseMessage = cue.message;
      break;
    case "speaking":
      next.speaking = cue.value === null ? cue.level !== "ok" || /start|speak/i.test(cue.message) : cue.value > 0;
      break;
    case "attention":
      next.attentionMessage = cue.message;
      break;
    case "volume":
      break;
    case "transcripts":
      next.transcriptsBehind = cue.level !== "ok";
      if (cue.level === "ok" && view.transcriptsBehind) next.lastMessage = cue.message;
      break;
  }
  return next;
}

const PACE_MIN = 60;
const PACE_MAX = 220;
const pct = (wpm: number) => ((Math.min(PACE_MAX, Math.max(PACE_MIN, wpm)) - PACE_MIN) / (PACE_MAX - PACE_MIN)) * 100;

function PaceBand() {
  return <span className="pace-gauge__band" style={{ left: `${pct(120)}%`, width: `${pct(160) - pct(120)}%` }} />;
}

function Explain({ id, children }: { id: string; children: string }) {
  return (
    <p id={id} className="cue__explain">
      {children}
    </p>
  );
}

/**
 * Live cues (DESIGN §8/§8b): observable delivery only, never emotions. Each cue is a focusable,
 * named group whose explanation shows on hover and keyboard focus and is its description for
 * screen readers; the latest non-routine cue is also announced through a polite status line.
 */
export function CuesPanel({ view, lagging }: { view: CueView; lagging: boolean }) {
  const paceText =
    view.paceWpm === null
      ? "Shown after about 15 seconds of speech"
      : `${Math.round(view.paceWpm)} words per minute${view.paceWpm < 120 ? " (slower than the band)" : view.paceWpm > 160 ? " (faster than the band)" : " (in the band)"}`;
  const steady = view.steadiness.length ? view.steadiness[view.steadiness.length - 1]! : null;
  return (
    <section className="card cues" aria-labelledby="cues-heading">
      <h2 id="cues-heading">Live cues</h2>
      {lagging ? (
        <p className="cues__lag" role="status">
          Cues are running late (the server is busy). Keep going: your answers are still captured.
        </p>
      ) : null}
      {view.transcriptsBehind ? (
        <p className="cues__lag cues__lag--transcripts">
          Transcripts are catching up (the server is busy). Keep going: every word is kept.
        </p>
      ) : null}
      {/* Announced politely, one cue at a time (they are sparse by design, DESIGN §8b). */}
      <p className="cues__latest" role="status">
        {view.lastMessage ? (
          <>
            <span className="cues__latest-label">Latest cue:</span> {view.lastMessage}
          </>
        ) : null}
      </p>
      <div
        className="cue"
        tabIndex={0}
        role="group"
        aria-labelledby="cue-pace-title"
        aria-describedby="cue-pace-explain"
      >
        <h3 id="cue-pace-title">Pace</h3>
        {/* A meter needs a value: until there is one the gauge is decoration and the text says why. */}
        {view.paceWpm === null ? (
          <div className="pace-gauge" aria-hidden="true">
            <PaceBand />
          </div>
        ) : (
          <div
            className="pace-gauge"
            role="meter"
            aria-label="Speaking pace"
            aria-valuemin={PACE_MIN}
            aria-valuemax={PACE_MAX}
            aria-valuenow={Math.round(Math.min(PACE_MAX, Math.max(PACE_MIN, view.paceWpm)))}
            aria-valuetext={paceText}
          >
            <PaceBand />
            <span className="pace-gauge__needle" style={{ left: `${pct(view.paceWpm)}%` }} />
          </div>
        )}
        <p className="cue__value">{paceText}</p>
        <Explain id="cue-pace-explain">
          Target band 120-160 words per minute (shaded), a common range for clear interview answers. Short stretches
          read high, so the number appears after about 15 seconds of speech.
        </Explain>
      </div>
      <div
        className="cue"
        tabIndex={0}
        role="group"
        aria-labelledby="cue-filler-title"
        aria-describedby="cue-filler-explain"
      >
        <h3 id="cue-filler-title">Fillers</h3>
        <p className="cue__value">
          <span className="cue__count">{view.fillers}</span> filler cue{view.fillers === 1 ? "" : "s"} this session
        </p>
        <Explain id="cue-filler-explain">
          Counts bursts of "um"/"uh" the server heard (3 or more in 30 seconds). Up to about 3 a minute is normal
          speech.
        </Explain>
      </div>
      <div
        className="cue"
        tabIndex={0}
        role="group"
        aria-labelledby="cue-pause-title"
        aria-describedby="cue-pause-explain"
      >
        <h3 id="cue-pause-title">Pauses</h3>
        <p className="cue__value">{view.speaking ? "Speaking" : (view.pauseMessage ?? "No long pauses so far")}</p>
        <Explain id="cue-pause-explain">
          Short pauses (under 2 seconds) help listeners follow. Long silences are noted; after about 6 seconds of
          silence the answer ends by itself.
        </Explain>
      </div>
      <div
        className="cue"
        tabIndex={0}
        role="group"
        aria-labelledby="cue-attention-title"
        aria-describedby="cue-attention-explain"
      >
        <h3 id="cue-attention-title">Facing the camera</h3>
        <p className="cue__value">
          {view.facing === null
            ? "No camera in this session"
            : `${Math.round(view.facing * 100)} % of the last few seconds`}
          {view.attentionMessage ? ` · ${view.attentionMessage}` : ""}
        </p>
        <Explain id="cue-attention-explain">
          Whether your head points toward the camera, measured from your face position only (no eye tracking). Looking
          away to think is normal.
        </Explain>
      </div>
      <div
        className="cue"
        tabIndex={0}
        role="group"
        aria-labelledby="cue-steady-title"
        aria-describedby="cue-steady-explain"
      >
        <h3 id="cue-steady-title">Steadiness</h3>
        <div className="cue-trend" aria-hidden="true">
          {view.steadiness.map((v, i) => (
            <span key={i} style={{ height: `${Math.max(8, v * 100)}%` }} />
          ))}
        </div>
        <p className="cue__value">
          {steady === null
            ? "No camera data yet"
            : steady > 0.7
              ? "Steady"
              : steady > 0.4
                ? "Some head movement"
                : "A lot of head movement"}
        </p>
        <Explain id="cue-steady-explain">
          How still your head is, from face landmarks. Natural nods while talking are fine.
        </Explain>
      </div>
      <p className="cues__note">
        <strong>Do not over-interpret these cues.</strong> They describe visible and audible behaviour only (pace,
        fillers, pauses, facing the camera, head movement), not how you feel or how good your answer is. The report
        after the session explains them properly.
      </p>
      {view.latencyMs !== null ? <p className="cues__meta">Last cue latency: {Math.round(view.latencyMs)} ms</p> : null}
    </section>
  );
}
