import { useId, useState, type FormEvent } from "react";
import { Alert } from "../../components/Alert";
import { Loading } from "../../components/Loading";
import { describeError } from "../../lib/apiError";
import { useAcceptConsent, useConsentText, usePrivacySettings, useUpdatePrivacySettings } from "../../lib/privacy";
import type { ConsentText, RetentionDays } from "../../lib/privacyTypes";
import { describeModes } from "./captureConsent";
import { Choice } from "./Choice";

/** Setup's first step when there is no current consent: nothing is captured before it. */
export function ConsentStep() {
  const text = useConsentText();
  if (text.isPending) return <Loading label="Loading what MoodLens captures…" />;
  if (text.isError)
    return (
      <Alert tone="error" title="The consent text could not be loaded">
        <p>{describeError(text.error)}</p>
      </Alert>
    );
  return <ConsentForm text={text.data} />;
}

const RETENTION: { value: RetentionDays; label: string }[] = [
  { value: 30, label: "30 days" },
  { value: 90, label: "90 days" },
  { value: 365, label: "1 year" },
  { value: null, label: "Until I delete them" },
];

const CAPTURE_LABEL = {
  microphone: "Microphone, for spoken answers",
  camera: "Camera, for camera cues",
} as const;

function ConsentForm({ text }: { text: ConsentText }) {
  const accept = useAcceptConsent();
  const settings = usePrivacySettings();
  const update = useUpdatePrivacySettings();
  const summaryId = useId();
  const [camera, setCamera] = useState(false);
  const [microphone, setMicrophone] = useState(false);
  // Recording is off unless the candidate turns it on (DESIGN §8); it records the microphone.
  const [recording, setRecording] = useState(false);
  const [retention, setRetention] = useState<RetentionDays | undefined>(undefined);
  const scope = (id: string) => text.scopes.find((s) => s.id === id);
  const current = settings.data;
  const retentionValue = retention !== undefined ? retention : ((current?.retention_days ?? 90) as RetentionDays);
  const choice = { camera, microphone };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    // Each device is optional: typed practice needs neither (the server enforces the same).
    const wanted = [
      ...(microphone ? ["microphone"] : []),
      ...(camera ? ["camera"] : []),
      ...(recording && microphone ? ["recording"] : []),
    ];
    const scopes = wanted.filter((id) => scope(id));
    try {
      // Consent first: the server only takes a recording default once recording is allowed.
      await accept.mutateAsync({ consent_version: text.version, scopes });
      const recordingDefault = recording && microphone;
      if (current && (retentionValue !== current.retention_days || current.recording_default !== recordingDefault)) {
        await update.mutateAsync({
          retention_days: retentionValue,
          recording_default: recordingDefault,
          practice_minutes_per_day: current.practice_minutes_per_day,
        });
      }
    } catch {
      // Shown below from the mutations' error state.
    }
  };

  const error = accept.error ?? update.error;
  return (
    <section className="card stack" aria-labelledby="consent-step-title">
      <h2 id="consent-step-title">Before you start: what MoodLens captures</h2>
      <div className="consent-text">{text.text}</div>
      <form className="form" noValidate onSubmit={(e) => void onSubmit(e)} aria-busy={accept.isPending}>
        <fieldset className="choice-group" aria-describedby={summaryId}>
          <legend>I allow (consent version {text.version}); each is optional</legend>
          {(["microphone", "camera"] as const).map((id) => {
            const s = scope(id);
            return (
              <Choice
                key={id}
                type="checkbox"
                name={id}
                checked={id === "camera" ? camera : microphone}
                onChange={(e) => {
                  if (id === "camera") setCamera(e.target.checked);
                  else {
                    setMicrophone(e.target.checked);
                    // A recording is the microphone's audio: it goes with it.
                    if (!e.target.checked) setRecording(false);
                  }
                }}
                label={CAPTURE_LABEL[id]}
                hint={s?.description}
              />
            );
          })}
          {scope("recording") ? (
            <Choice
              type="checkbox"
              role="switch"
              name="recording"
              checked={recording}
              disabled={!microphone}
              onChange={(e) => setRecording(e.target.checked)}
              label="Record my sessions (off unless you turn it on)"
              hint={microphone ? scope("recording")?.description : "Needs the microphone."}
            />
          ) : null}
        </fieldset>
        <p id={summaryId} className="consent-summary" role="status">
          With these choices you can practise with {describeModes(choice)}.
          {camera && !microphone ? " Camera cues come with spoken answers: allow the microphone too to use them." : ""}
        </p>
        <fieldset className="choice-group">
          <legend>Keep my sessions for</legend>
          {RETENTION.map((r) => (
            <Choice
              key={String(r.value)}
              type="radio"
              name="retention"
              checked={retentionValue === r.value}
              onChange={() => setRetention(r.value)}
              label={r.label}
            />
          ))}
        </fieldset>
        {error ? <Alert tone="error">{describeError(error)}</Alert> : null}
        <div className="button-row">
          <button type="submit" className="button button--primary" disabled={accept.isPending || update.isPending}>
            {accept.isPending ? "Saving…" : "Accept and continue"}
          </button>
        </div>
      </form>
    </section>
  );
}
