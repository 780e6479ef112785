import { useId, useRef, useState, type FormEvent } from "react";
import { Alert } from "../../components/Alert";
import { Loading } from "../../components/Loading";
import { useReturnFocus } from "../../components/useReturnFocus";
import { describeError } from "../../lib/apiError";
import { useAcceptConsent, useConsentText, useMyConsents } from "./api";
import { ConfirmPanel } from "../../components/ConfirmPanel";
import { formatDateTime } from "./format";
import type { ConsentRecord, ConsentText } from "./types";

/** What MoodLens captures, the consent given, and changing it (e.g. withdrawing recording). */
export function ConsentSection() {
  const text = useConsentText();
  const mine = useMyConsents();

  return (
    <section className="card settings-section" aria-labelledby="consent-title">
      <h2 id="consent-title">What MoodLens captures</h2>
      {text.isPending || mine.isPending ? (
        <Loading label="Loading your consent…" />
      ) : text.isError || mine.isError ? (
        <Alert tone="error" title="Your consent could not be loaded">
          <p>{describeError(text.error ?? mine.error)}</p>
        </Alert>
      ) : (
        <ConsentBody text={text.data} latest={mine.data.items[0]} hasCurrent={mine.data.has_current} />
      )}
    </section>
  );
}

function ConsentBody({
  text,
  latest,
  hasCurrent,
}: {
  text: ConsentText;
  latest: ConsentRecord | undefined;
  hasCurrent: boolean;
}) {
  const [editing, setEditing] = useState(!hasCurrent);
  return (
    <div className="stack">
      {hasCurrent && latest ? (
        <p>
          You accepted version {latest.consent_version} on {formatDateTime(latest.created_at)}, allowing:{" "}
          {latest.scopes.map((s) => text.scopes.find((x) => x.id === s)?.label ?? s).join(", ")}.
        </p>
      ) : (
        <Alert tone="info" title={latest ? "The consent text has changed" : "Consent needed before practising"}>
          <p>
            {latest
              ? `Please read version ${text.version} and accept it to keep practising.`
              : "Read what is captured and where it is processed, then accept to start practising."}
          </p>
        </Alert>
      )}
      <details open={!hasCurrent}>
        <summary>Read the consent text (version {text.version})</summary>
        <div className="consent-text">{text.text}</div>
      </details>
      {editing ? (
        <ConsentForm text={text} latest={latest} onDone={() => setEditing(false)} canCancel={hasCurrent} />
      ) : (
        <button type="button" className="button" onClick={() => setEditing(true)}>
          Change what I allow
        </button>
      )}
    </div>
  );
}

function ConsentForm({
  text,
  latest,
  onDone,
  canCancel,
}: {
  text: ConsentText;
  latest: ConsentRecord | undefined;
  onDone: () => void;
  canCancel: boolean;
}) {
  const accept = useAcceptConsent();
  const errorId = useId();
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(latest?.scopes ?? []));
  const [problem, setProblem] = useState<string | null>(null);
  const [confirmWithdraw, setConfirmWithdraw] = useState(false);
  const acceptButton = useRef<HTMLButtonElement>(null);
  useReturnFocus(confirmWithdraw, acceptButton);
  const withdrawsRecording = Boolean(latest?.scopes.includes("recording")) && !chosen.has("recording");

  const toggle = (id: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(id);
    else next.delete(id);
    setChosen(next);
  };

  const send = () => {
    accept.mutate({ consent_version: text.version, scopes: [...chosen] }, { onSuccess: () => onDone() });
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const missing = text.scopes.filter((s) => s.required && !chosen.has(s.id));
    if (missing.length > 0) {
      setProblem(`Practice sessions need: ${missing.map((s) => s.label).join(" and ")}.`);
      return;
    }
    // The server refuses this too: a recording is the microphone's audio.
    if (chosen.has("recording") && !chosen.has("microphone")) {
      setProblem("Recording keeps your microphone's audio: allow the microphone too, or leave recording off.");
      return;
    }
    setProblem(null);
    if (withdrawsRecording) setConfirmWithdraw(true);
    else send();
  };

  return (
    <form className="form" noValidate onSubmit={onSubmit} aria-busy={accept.isPending}>
      <fieldset className="choice-group" aria-describedby={problem ? errorId : undefined}>
        <legend>I allow</legend>
        {text.scopes.map((scope) => (
          <label key={scope.id} className="choice">
            <input
              type="checkbox"
              name={scope.id}
              checked={chosen.has(scope.id)}
              onChange={(e) => toggle(scope.id, e.target.checked)}
            />
            <span>
              {scope.label}
              {scope.required ? " (needed to practise)" : ""}
              <span className="choice__hint">{scope.description}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {problem && (
        <p id={errorId} className="field__error" role="alert">
          {problem}
        </p>
      )}
      {accept.isError && <Alert tone="error">{describeError(accept.error)}</Alert>}
      {confirmWithdraw ? (
        <ConfirmPanel
          title="Stop recording?"
          onCancel={() => setConfirmWithdraw(false)}
          actions={
            <>
              <button type="button" className="button button--primary" onClick={send} disabled={accept.isPending}>
                {accept.isPending ? "Saving…" : "Yes, stop recording"}
              </button>
              <button type="button" className="button" onClick={() => setConfirmWithdraw(false)}>
                Keep recording allowed
              </button>
            </>
          }
        >
          <p>
            New sessions will not be recorded and recordings cannot be uploaded any more. Recordings you already have
            stay until you delete those sessions or your retention period ends.
          </p>
        </ConfirmPanel>
      ) : (
        <div className="button-row">
          <button type="submit" className="button button--primary" disabled={accept.isPending} ref={acceptButton}>
            {accept.isPending ? "Saving…" : `Accept version ${text.version}`}
          </button>
          {canCancel && (
            <button type="button" className="button button--quiet" onClick={onDone}>
              Cancel
            </button>
          )}
        </div>
      )}
    </form>
  );
}
