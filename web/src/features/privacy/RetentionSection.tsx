import { useRef, useState, type FormEvent } from "react";
import { Alert } from "../../components/Alert";
import { Loading } from "../../components/Loading";
import { useReturnFocus } from "../../components/useReturnFocus";
import { describeError } from "../../lib/apiError";
import { useMyConsents, usePrivacySettings, useUpdatePrivacySettings } from "./api";
import { ConfirmPanel } from "../../components/ConfirmPanel";
import { retentionLabel } from "./format";
import type { PrivacySettings, PrivacySettingsBody, RetentionDays } from "./types";

const CHOICES: { value: RetentionDays; hint: string }[] = [
  { value: 30, hint: "Sessions are deleted 30 days after you practised." },
  { value: 90, hint: "Sessions are deleted 90 days after you practised." },
  { value: 365, hint: "Sessions are deleted one year after you practised." },
  { value: null, hint: "Sessions stay until you delete them yourself." },
];

/** True when the new choice deletes sessions the old one kept. */
export function shortensRetention(before: number | null, after: number | null): boolean {
  if (after === null) return false;
  return before === null || after < before;
}

export function RetentionSection() {
  const settings = usePrivacySettings();
  const consents = useMyConsents();
  const recordingAllowed = Boolean(consents.data?.items[0]?.scopes.includes("recording"));
  return (
    <section className="card settings-section" aria-labelledby="retention-title">
      <h2 id="retention-title">Keeping your data</h2>
      <p className="settings-section__lead">
        How long MoodLens keeps your sessions (transcripts, scores, the numbers captured while you spoke, and
        recordings). Deleted data is removed for good.
      </p>
      {settings.isPending ? (
        <Loading label="Loading your settings…" />
      ) : settings.isError ? (
        <Alert tone="error" title="Your settings could not be loaded">
          <p>{describeError(settings.error)}</p>
        </Alert>
      ) : (
        <RetentionForm current={settings.data} recordingAllowed={recordingAllowed} />
      )}
    </section>
  );
}

function RetentionForm({ current, recordingAllowed }: { current: PrivacySettings; recordingAllowed: boolean }) {
  const update = useUpdatePrivacySettings();
  const [retention, setRetention] = useState<RetentionDays>(current.retention_days as RetentionDays);
  const [recordingDefault, setRecordingDefault] = useState(current.recording_default);
  const [minutes, setMinutes] = useState(String(current.practice_minutes_per_day));
  const [pending, setPending] = useState<PrivacySettingsBody | null>(null);
  const saveButton = useRef<HTMLButtonElement>(null);
  useReturnFocus(pending !== null, saveButton);
  const [saved, setSaved] = useState(false);
  const minutesValue = Number(minutes);
  const minutesValid = Number.isInteger(minutesValue) && minutesValue >= 5 && minutesValue <= 240;

  const save = (body: PrivacySettingsBody) => {
    setSaved(false);
    update.mutate(body, {
      onSuccess: () => {
        setPending(null);
        setSaved(true);
      },
    });
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!minutesValid) return;
    const body: PrivacySettingsBody = {
      retention_days: retention,
      recording_default: recordingDefault && recordingAllowed,
      practice_minutes_per_day: minutesValue,
    };
    if (current.chosen && shortensRetention(current.retention_days ?? null, retention)) setPending(body);
    else save(body);
  };

  return (
    <form className="form" noValidate onSubmit={onSubmit} aria-busy={update.isPending}>
      {!current.chosen && (
        <Alert tone="info">
          <p>You have not chosen yet: until you do, sessions stay until you delete them.</p>
        </Alert>
      )}
      <fieldset className="choice-group">
        <legend>Delete my sessions after</legend>
        {CHOICES.map((c) => (
          <label key={String(c.value)} className="choice">
            <input
              type="radio"
              name="retention"
              checked={retention === c.value}
              onChange={() => setRetention(c.value)}
            />
            <span>
              {retentionLabel(c.value)}
              <span className="choice__hint">{c.hint}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <label className="choice">
        <input
          type="checkbox"
          checked={recordingDefault && recordingAllowed}
          disabled={!recordingAllowed}
          onChange={(e) => setRecordingDefault(e.target.checked)}
        />
        <span>
          Record new sessions by default
          <span className="choice__hint">
            {recordingAllowed
              ? "Off unless you turn it on; you can still choose per session."
              : "Allow recording in “What MoodLens captures” first."}
          </span>
        </span>
      </label>
      <div className={minutesValid ? "field" : "field field--invalid"}>
        <label htmlFor="practice-minutes">Daily practice goal (minutes)</label>
        <input
          id="practice-minutes"
          type="number"
          inputMode="numeric"
          min={5}
          max={240}
          value={minutes}
          aria-invalid={minutesValid ? undefined : true}
          aria-describedby={minutesValid ? undefined : "practice-minutes-error"}
          onChange={(e) => setMinutes(e.target.value)}
        />
        {!minutesValid && (
          <p id="practice-minutes-error" className="field__error">
            Enter a whole number of minutes between 5 and 240.
          </p>
        )}
      </div>
      {update.isError && <Alert tone="error">{describeError(update.error)}</Alert>}
      {saved && !update.isPending && <Alert tone="success">Your settings are saved.</Alert>}
      {pending ? (
        <ConfirmPanel
          title={`Delete sessions older than ${retentionLabel(pending.retention_days)}?`}
          tone="danger"
          onCancel={() => setPending(null)}
          actions={
            <>
              <button
                type="button"
                className="button button--danger"
                onClick={() => save(pending)}
                disabled={update.isPending}
              >
                {update.isPending ? "Saving…" : "Yes, keep only " + retentionLabel(pending.retention_days)}
              </button>
              <button type="button" className="button" onClick={() => setPending(null)}>
                Cancel
              </button>
            </>
          }
        >
          <p>
            Sessions older than {retentionLabel(pending.retention_days)} will be permanently deleted within the hour:
            their transcripts, scores, recommendations, recordings and exports. This cannot be undone. Download your
            data first if you want a copy.
          </p>
        </ConfirmPanel>
      ) : (
        <button
          type="submit"
          className="button button--primary"
          disabled={update.isPending || !minutesValid}
          ref={saveButton}
        >
          {update.isPending ? "Saving…" : "Save"}
        </button>
      )}
    </form>
  );
}
