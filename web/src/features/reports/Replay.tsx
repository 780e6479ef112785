import { useCallback, useEffect, useRef, useState, type RefObject } from "react";
import { Alert } from "../../components/Alert";
import { ApiError, describeError } from "../../lib/apiError";
import { useRecordingBlob, useRecordingStatus } from "./api";
import { formatClock } from "./format";

export interface ReplayHandle {
  /** Seek the replay to `seconds` from the session start; loads the recording first if needed. */
  seek: (seconds: number) => void;
}

interface Props {
  sessionId: string;
  handle: RefObject<ReplayHandle | null>;
  onTime: (seconds: number | null) => void;
}

function formatBytes(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)} GB`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(n / 1e3))} kB`;
}

/** Seconds of context shown before an event, so the replay starts just ahead of the moment. */
const LEAD_IN_S = 1;

/**
 * The session's own recording, when the candidate chose to keep one. It is owner-only and
 * behind the bearer token, so it is fetched into memory on request (not on page load: it can be
 * large) and played from an object URL. A timeline event seeks it, loading it first if needed.
 */
export function Replay({ sessionId, handle, onTime }: Props) {
  const status = useRecordingStatus(sessionId, true);
  const info = status.data;
  const playable = info?.complete === true && info.playback_url !== null;
  const [load, setLoad] = useState(false);
  const file = useRecordingBlob(playable ? (info?.playback_url ?? null) : null, load);
  const media = useRef<HTMLVideoElement & HTMLAudioElement>(null);
  const pendingSeek = useRef<number | null>(null);
  const [seekNote, setSeekNote] = useState<string | null>(null);

  const applySeek = useCallback((seconds: number) => {
    const el = media.current;
    if (!el) {
      pendingSeek.current = seconds;
      return;
    }
    const t = Math.max(0, seconds - LEAD_IN_S);
    el.currentTime = t;
    setSeekNote(`Replay moved to ${formatClock(t)}.`);
  }, []);

  useEffect(() => {
    handle.current = playable
      ? {
          seek: (seconds) => {
            setLoad(true);
            applySeek(seconds);
          },
        }
      : null;
    return () => {
      handle.current = null;
    };
  }, [handle, playable, applySeek]);

  if (status.isPending) return null;
  if (status.isError) {
    // 404: no recording for this session (or not the owner's): nothing to replay, nothing to say.
    if (status.error instanceof ApiError && status.error.status === 404) return null;
    return (
      <section className="card report-section replay" aria-labelledby="replay-title">
        <h2 id="replay-title">Replay</h2>
        <Alert tone="error">{describeError(status.error)}</Alert>
      </section>
    );
  }
  if (!info || !info.recording_enabled) return null;

  const isVideo = (info.content_type ?? "video/webm").startsWith("video/");
  return (
    <section className="card report-section replay" aria-labelledby="replay-title" id="replay">
      <h2 id="replay-title">Replay</h2>
      {!playable ? (
        <p className="muted">
          Recording was on for this session, but the upload did not finish, so there is nothing to replay.
        </p>
      ) : file.url ? (
        <>
          {isVideo ? (
            <video
              ref={media}
              className="replay__media"
              src={file.url}
              controls
              preload="metadata"
              aria-label="Your session recording"
              onLoadedMetadata={() => {
                if (pendingSeek.current !== null) {
                  applySeek(pendingSeek.current);
                  pendingSeek.current = null;
                }
              }}
              onTimeUpdate={(e) => onTime(e.currentTarget.currentTime)}
              onEnded={() => onTime(null)}
            />
          ) : (
            <audio
              ref={media}
              className="replay__media replay__media--audio"
              src={file.url}
              controls
              preload="metadata"
              aria-label="Your session recording"
              onLoadedMetadata={() => {
                if (pendingSeek.current !== null) {
                  applySeek(pendingSeek.current);
                  pendingSeek.current = null;
                }
              }}
              onTimeUpdate={(e) => onTime(e.currentTarget.currentTime)}
              onEnded={() => onTime(null)}
            />
          )}
          <p className="muted small" aria-live="polite">
            {seekNote ?? "Only you can see this recording. The transcript below is its text version."}
          </p>
        </>
      ) : (
        <div className="stack">
          <p className="muted">
            Only you can see this recording. It is loaded on request because it can be large
            {info.bytes_received > 0 ? ` (${formatBytes(info.bytes_received)})` : ""}.
          </p>
          <button type="button" className="button" onClick={() => setLoad(true)} disabled={file.isLoading}>
            {file.isLoading ? "Loading the recording…" : "Load the recording"}
          </button>
          {file.error && <Alert tone="error">{describeError(file.error)}</Alert>}
        </div>
      )}
    </section>
  );
}
