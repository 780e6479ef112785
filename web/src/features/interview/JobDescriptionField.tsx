import { useId } from "react";
import { Alert } from "../../components/Alert";
import { describeError } from "../../lib/apiError";
import { useExtractJobDescription, type JobDescriptionBody } from "./jobDescriptionApi";

// The server's limits, repeated so the candidate learns them before sending.
export const JOB_MAX_CHARS = 20_000;
const JOB_MAX_FILE_MB = 2;

export type JobDraft = JobDescriptionBody & { text: string };

/**
 * "Practise for a job": paste the posting, or upload it (.txt, .pdf, .docx) to have its text
 * read out. The text stays editable; the server checks it again when the session is set up.
 */
export function JobDescriptionField({ value, onChange }: { value: JobDraft; onChange: (next: JobDraft) => void }) {
  const ids = useId();
  const extract = useExtractJobDescription();
  const found = extract.data?.profile;

  const onFile = (file: File | undefined) => {
    if (!file) return;
    extract.mutate(file, {
      onSuccess: (data) => onChange({ text: data.text, source: data.source, filename: data.filename ?? null }),
    });
  };

  return (
    <fieldset className="choice-group job-description">
      <legend>Practise for a job (optional)</legend>
      <label className="field__label" htmlFor={`${ids}-text`}>
        Job description
      </label>
      <span className="choice__hint" id={`${ids}-hint`}>
        Paste the posting&rsquo;s duties and requirements (English, up to {JOB_MAX_CHARS.toLocaleString()} characters).
        Questions will aim at the skills and duties it names, and the report will show which of them your answers
        covered. The text is kept with this session and deleted with it.
      </span>
      <textarea
        id={`${ids}-text`}
        aria-describedby={`${ids}-hint`}
        rows={6}
        maxLength={JOB_MAX_CHARS}
        value={value.text}
        onChange={(e) => onChange({ ...value, text: e.target.value, source: value.filename ? value.source : "paste" })}
      />
      <label className="field__label" htmlFor={`${ids}-file`}>
        Or upload it (.txt, .pdf or .docx, up to {JOB_MAX_FILE_MB} MB)
      </label>
      <input
        id={`${ids}-file`}
        type="file"
        accept=".txt,.pdf,.docx,text/plain,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        onChange={(e) => onFile(e.target.files?.[0])}
        disabled={extract.isPending}
      />
      {extract.isPending ? <p role="status">Reading the file…</p> : null}
      {extract.isError ? (
        <Alert tone="error" title="The file could not be used">
          <p>{describeError(extract.error)}</p>
        </Alert>
      ) : null}
      {found && value.filename ? (
        <p role="status">
          Read {value.filename}: found {found.skills.length} skills
          {found.skills.length > 0
            ? ` (${found.skills
                .slice(0, 6)
                .map((s) => s.name)
                .join(", ")}${found.skills.length > 6 ? "…" : ""})`
            : ""}{" "}
          and {found.duties.length} duties.
        </p>
      ) : null}
    </fieldset>
  );
}
