import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId } from "react";
import { Link } from "react-router";
import { Alert } from "../components/Alert";
import { describeError, unwrap } from "../lib/apiError";
import { useApi } from "../lib/services";
import { deviceCheckForSession } from "../config/paths";
import { reportKeys } from "../lib/reportQuery";

/** POST /end for a session the room did not end; refreshes the lists and its report. */
export function useEndSession(sessionId: string) {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: () =>
      unwrap(api.POST("/v1/sessions/{session_id}/end", { params: { path: { session_id: sessionId } } })),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ["sessions"] });
      void client.invalidateQueries({ queryKey: reportKeys.report(sessionId) });
    },
  });
}

/**
 * A session still "live" with no room open (the tab was closed, or ending failed): say so and
 * offer to end it, so it always gets its report. While time is left, going back is offered too.
 */
export function EndSessionOffer({
  sessionId,
  title,
  timeLeftS,
  onEnded,
}: {
  sessionId: string;
  title: string;
  timeLeftS: number | null;
  onEnded?: () => void;
}) {
  const end = useEndSession(sessionId);
  const noteId = useId();
  return (
    <div className="stack end-offer">
      <p id={noteId} className="end-offer__note">
        This session was not ended: the tab may have been closed, or ending it failed. End it now to build your report
        from the answers you gave; its length counts only the time you practised.
      </p>
      <div className="button-row">
        <button
          type="button"
          className="button button--primary"
          aria-describedby={noteId}
          // aria-disabled, not disabled: a disabled button drops keyboard focus on the body.
          aria-disabled={end.isPending}
          onClick={() => {
            if (!end.isPending) end.mutate(undefined, { onSuccess: () => onEnded?.() });
          }}
        >
          {end.isPending ? "Ending…" : "End and build report"}
          <span className="visually-hidden">: {title}</span>
        </button>
        {timeLeftS !== null && timeLeftS > 0 && !end.isPending ? (
          <Link to={deviceCheckForSession(sessionId)}>
            Go back to the interview<span className="visually-hidden">: {title}</span>
          </Link>
        ) : null}
      </div>
      {end.isError ? (
        <Alert tone="error" title="The session could not be ended">
          <p>{describeError(end.error)} Try again in a moment.</p>
        </Alert>
      ) : null}
    </div>
  );
}
