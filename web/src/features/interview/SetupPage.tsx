import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import { Alert } from "../../components/Alert";
import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { deviceCheckForSession } from "../../config/paths";
import { describeError } from "../../lib/apiError";
import { useMyConsents } from "../../lib/privacy";
import { Choice } from "./Choice";
import { JobDescriptionField, type JobDraft } from "./JobDescriptionField";
import { useDiscardSession, usePutJobDescription } from "./jobDescriptionApi";
import { useCreateSession, useTemplates, type Template } from "./room/api";
import { ConsentStep } from "./SetupConsentStep";
import "./interview.css";

const ROLE_LABEL: Record<Template["role_track"], string> = {
  sde: "Software engineer",
  product: "Product manager",
  data_analyst: "Data analyst",
  sales: "Sales",
  hr: "HR / people",
};
const ROUND_LABEL: Record<Template["round_type"], string> = {
  hr: "HR screen",
  behavioral: "Behavioural",
  technical_intro: "Technical introduction",
  case: "Case",
};
const DIFFICULTY_LABEL: Record<Template["difficulty"], string> = { easy: "Easy", medium: "Medium", hard: "Hard" };
const DURATIONS = [
  { value: 10, hint: "About 4-5 questions: a quick warm-up." },
  { value: 20, hint: "About 8-10 questions with follow-ups: a realistic round." },
  { value: 30, hint: "A full round with room for deeper follow-ups." },
] as const;

/**
 * Practice setup (issue 5, steps 1-2): the consent step first when there is no current consent
 * (nothing is captured before it), then role, round, difficulty and duration.
 */
export function SetupPage() {
  const consents = useMyConsents();
  // Accepting the consent swaps the form under the candidate's focus; the setup form then
  // takes focus so keyboard and screen-reader users are not dropped at the top of the page.
  const [consentStepShown, setConsentStepShown] = useState(false);
  useEffect(() => {
    if (consents.data && !consents.data.has_current) setConsentStepShown(true);
  }, [consents.data]);
  return (
    <div className="page">
      <PageHeading title="Set up a practice interview" />
      {consents.isPending ? (
        <Loading label="Checking your privacy choices…" />
      ) : consents.isError ? (
        <Alert tone="error" title="Your privacy choices could not be loaded">
          <p>{describeError(consents.error)} Reload the page to try again.</p>
        </Alert>
      ) : !consents.data.has_current ? (
        <ConsentStep />
      ) : (
        <SessionForm
          recordingAllowed={Boolean(consents.data.items[0]?.scopes.includes("recording"))}
          takeFocus={consentStepShown}
        />
      )}
    </div>
  );
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

function SessionForm({ recordingAllowed, takeFocus = false }: { recordingAllowed: boolean; takeFocus?: boolean }) {
  const templates = useTemplates();
  const ids = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const create = useCreateSession();
  const navigate = useNavigate();
  const [role, setRole] = useState<Template["role_track"] | "">("");
  const [round, setRound] = useState<Template["round_type"] | "">("");
  const [difficulty, setDifficulty] = useState<Template["difficulty"] | "">("");
  const [duration, setDuration] = useState<10 | 20 | 30>(10);
  const [recording, setRecording] = useState(false);
  const [job, setJob] = useState<JobDraft>({ text: "", source: "paste", filename: null });
  const putJob = usePutJobDescription();
  const discard = useDiscardSession();
  const list = useMemo(() => templates.data ?? [], [templates.data]);

  const roles = unique(list.map((t) => t.role_track));
  const r = role || roles[0] || "";
  const rounds = unique(list.filter((t) => t.role_track === r).map((t) => t.round_type));
  const rd = round && rounds.includes(round) ? round : (rounds[0] ?? "");
  const levels = unique(list.filter((t) => t.role_track === r && t.round_type === rd).map((t) => t.difficulty));
  const df =
    difficulty && levels.includes(difficulty) ? difficulty : levels.includes("medium") ? "medium" : (levels[0] ?? "");
  const template = list.find((t) => t.role_track === r && t.round_type === rd && t.difficulty === df);
  const loaded = templates.isSuccess;
  useEffect(() => {
    if (takeFocus && loaded) heading.current?.focus();
  }, [takeFocus, loaded]);

  if (templates.isPending) return <Loading label="Loading interview types…" />;
  if (templates.isError)
    return (
      <Alert tone="error" title="Interview types could not be loaded">
        <p>{describeError(templates.error)}</p>
      </Alert>
    );

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!template) return;
    putJob.reset();
    create.mutate(
      { template_id: template.id, duration_minutes: duration, recording_enabled: recordingAllowed && recording },
      {
        onSuccess: (session) => {
          if (!job.text.trim()) {
            void navigate(deviceCheckForSession(session.id));
            return;
          }
          putJob.mutate(
            { sessionId: session.id, body: job },
            {
              onSuccess: () => void navigate(deviceCheckForSession(session.id)),
              // A session the job could not be set on would practise something else: remove it.
              onError: () => discard.mutate(session.id),
            },
          );
        },
      },
    );
  };
  const busy = create.isPending || putJob.isPending;

  return (
    <form className="card form stack setup-form" onSubmit={onSubmit} aria-busy={busy} aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`} ref={heading} tabIndex={-1}>
        Choose your interview
      </h2>
      <div className="setup-form__grid">
        <label className="field">
          <span className="field__label" id={`${ids}-role`}>
            Role
          </span>
          <select
            aria-labelledby={`${ids}-role`}
            value={r}
            onChange={(e) => setRole(e.target.value as Template["role_track"])}
          >
            {roles.map((x) => (
              <option key={x} value={x}>
                {ROLE_LABEL[x]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label" id={`${ids}-round`}>
            Round
          </span>
          <select
            aria-labelledby={`${ids}-round`}
            value={rd}
            onChange={(e) => setRound(e.target.value as Template["round_type"])}
          >
            {rounds.map((x) => (
              <option key={x} value={x}>
                {ROUND_LABEL[x]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label" id={`${ids}-difficulty`}>
            Difficulty
          </span>
          <select
            aria-labelledby={`${ids}-difficulty`}
            value={df}
            onChange={(e) => setDifficulty(e.target.value as Template["difficulty"])}
          >
            {levels.map((x) => (
              <option key={x} value={x}>
                {DIFFICULTY_LABEL[x]}
              </option>
            ))}
          </select>
        </label>
      </div>
      {template ? (
        <p className="setup-form__description" aria-live="polite">
          <strong>{template.title}.</strong> {template.description}
        </p>
      ) : null}
      <fieldset className="choice-group">
        <legend>Duration</legend>
        {DURATIONS.map((d) => (
          <Choice
            key={d.value}
            type="radio"
            name="duration"
            checked={duration === d.value}
            onChange={() => setDuration(d.value)}
            label={`${d.value} minutes`}
            hint={d.hint}
          />
        ))}
      </fieldset>
      {recordingAllowed ? (
        <Choice
          type="checkbox"
          role="switch"
          checked={recording}
          onChange={(e) => setRecording(e.target.checked)}
          label="Record this session (off by default)"
        />
      ) : null}
      <JobDescriptionField value={job} onChange={setJob} />
      {create.isError ? (
        <Alert tone="error" title="The session could not be created">
          <p>{describeError(create.error)}</p>
        </Alert>
      ) : null}
      {putJob.isError ? (
        <Alert tone="error" title="The job description could not be used">
          <p>{describeError(putJob.error)}</p>
        </Alert>
      ) : null}
      <div className="button-row">
        <button type="submit" className="button button--primary" disabled={!template || busy}>
          {busy ? "Creating…" : "Continue to the device check"}
        </button>
      </div>
    </form>
  );
}
