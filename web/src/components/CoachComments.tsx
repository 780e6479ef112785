import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { components } from "../client/schema";
import { Alert } from "./Alert";
import { describeError, unwrap } from "../lib/apiError";
import { useApi } from "../lib/services";

type Comment = components["schemas"]["CommentOut"];
type Answer = { question_id: string; sequence_no: number; question_text: string };

/** m:ss from milliseconds since the session start. */
export function formatMoment(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/** "1:05" or "65" (seconds) to milliseconds; null when it is neither. */
export function parseMoment(text: string): number | null {
  const m = /^\s*(?:(\d+):)?(\d{1,2}|\d+)\s*$/.exec(text);
  if (!m) return null;
  const minutes = m[1] ? Number(m[1]) : 0;
  const seconds = Number(m[2]);
  if (m[1] && seconds >= 60) return null;
  return (minutes * 60 + seconds) * 1000;
}

function pin(c: Comment): string {
  if (c.t_ms !== null) return `at ${formatMoment(c.t_ms)}`;
  if (c.question_sequence_no !== null) return `on answer ${c.question_sequence_no}`;
  return "on an answer";
}

const commentsKey = (sessionId: string) => ["comments", sessionId] as const;

/**
 * Coaches' comments on a session. The member sees them on the report, replies and deletes;
 * staff of the institute the session is shared with also start comments (`answers` lets them
 * pin one to an answer). Renders nothing for a member whose session has no comments.
 */
export function CoachComments({ sessionId, answers = [] }: { sessionId: string; answers?: Answer[] }) {
  const api = useApi();
  const client = useQueryClient();
  const path = { params: { path: { session_id: sessionId } } };
  const thread = useQuery({
    queryKey: commentsKey(sessionId),
    queryFn: ({ signal }) => unwrap(api.GET("/v1/sessions/{session_id}/comments", { ...path, signal })),
    retry: false,
  });
  const refresh = () => void client.invalidateQueries({ queryKey: commentsKey(sessionId) });
  const add = useMutation({
    mutationFn: (body: { body: string; t_ms?: number; question_id?: string; parent_id?: string }) =>
      unwrap(api.POST("/v1/sessions/{session_id}/comments", { ...path, body })),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (commentId: string) =>
      unwrap(
        api.DELETE("/v1/sessions/{session_id}/comments/{comment_id}", {
          params: { path: { session_id: sessionId, comment_id: commentId } },
        }),
      ),
    onSuccess: refresh,
  });

  if (thread.isPending) return null;
  if (thread.isError) {
    // Staff see why (e.g. the session is no longer shared); a member's report stays quiet.
    return answers.length > 0 ? <Alert tone="error">{describeError(thread.error)}</Alert> : null;
  }
  const data = thread.data;
  const top = data.items.filter((c) => c.parent_id === null);
  if (!data.can_comment && top.length === 0) return null;
  const replies = (id: string) => data.items.filter((c) => c.parent_id === id);

  return (
    <section className="card coach-comments" aria-labelledby={`comments-${sessionId}`}>
      <h2 id={`comments-${sessionId}`}>Coach comments</h2>
      {data.viewer === "member" && (
        <p className="coach-comments__lead">
          Your institute's coaches see this session because you shared it. You can reply, and delete any comment.
        </p>
      )}
      {(add.isError || remove.isError) && <Alert tone="error">{describeError(add.error ?? remove.error)}</Alert>}
      <ul className="coach-comments__list">
        {top.map((c) => (
          <li key={c.id} className="coach-comment" data-testid="coach-comment">
            <CommentBody comment={c} onDelete={() => remove.mutate(c.id)} />
            <ul className="coach-comments__replies">
              {replies(c.id).map((r) => (
                <li key={r.id}>
                  <CommentBody comment={r} onDelete={() => remove.mutate(r.id)} />
                </li>
              ))}
            </ul>
            <ReplyForm busy={add.isPending} onReply={(text) => add.mutate({ body: text, parent_id: c.id })} />
          </li>
        ))}
      </ul>
      {data.can_comment && <NewCommentForm answers={answers} busy={add.isPending} onAdd={(body) => add.mutate(body)} />}
    </section>
  );
}

function CommentBody({ comment, onDelete }: { comment: Comment; onDelete: () => void }) {
  return (
    <div className="coach-comment__body">
      <p className="coach-comment__meta">
        <strong>{comment.author_name}</strong> ({comment.author_role}) · {pin(comment)}
      </p>
      <p>{comment.body}</p>
      {comment.can_delete && (
        <button type="button" className="button button--quiet" onClick={onDelete}>
          Delete
        </button>
      )}
    </div>
  );
}

function ReplyForm({ busy, onReply }: { busy: boolean; onReply: (text: string) => void }) {
  const [text, setText] = useState("");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    onReply(text.trim());
    setText("");
  };
  return (
    <form className="coach-comments__reply" onSubmit={submit}>
      <label>
        Reply
        <input value={text} onChange={(e) => setText(e.target.value)} maxLength={2000} />
      </label>
      <button type="submit" className="button" disabled={busy || !text.trim()}>
        Reply
      </button>
    </form>
  );
}

function NewCommentForm({
  answers,
  busy,
  onAdd,
}: {
  answers: Answer[];
  busy: boolean;
  onAdd: (body: { body: string; t_ms?: number; question_id?: string }) => void;
}) {
  const [text, setText] = useState("");
  const [target, setTarget] = useState("moment");
  const [moment, setMoment] = useState("0:00");
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return setError("Write the comment first.");
    if (target === "moment") {
      const t = parseMoment(moment);
      if (t === null) return setError("Give the moment as m:ss, e.g. 1:05.");
      onAdd({ body: text.trim(), t_ms: t });
    } else {
      onAdd({ body: text.trim(), question_id: target });
    }
    setError(null);
    setText("");
  };
  return (
    <form className="coach-comments__new" onSubmit={submit}>
      {error && <Alert tone="error">{error}</Alert>}
      <label>
        Pin to
        <select value={target} onChange={(e) => setTarget(e.target.value)}>
          <option value="moment">A moment of the timeline</option>
          {answers.map((a) => (
            <option key={a.question_id} value={a.question_id}>
              Answer {a.sequence_no}: {a.question_text.slice(0, 60)}
            </option>
          ))}
        </select>
      </label>
      {target === "moment" && (
        <label>
          Moment (m:ss)
          <input value={moment} onChange={(e) => setMoment(e.target.value)} inputMode="numeric" />
        </label>
      )}
      <label>
        Comment
        <textarea value={text} onChange={(e) => setText(e.target.value)} maxLength={2000} rows={3} />
      </label>
      <button type="submit" className="button button--primary" disabled={busy}>
        {busy ? "Adding…" : "Add comment"}
      </button>
    </form>
  );
}
