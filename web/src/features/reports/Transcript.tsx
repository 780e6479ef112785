import { memo, type ReactNode } from "react";
import { formatClock, spokenClock } from "./format";
import { segmentDomId } from "./timelineModel";
import type { Answer } from "./types";

interface Props {
  answer: Answer;
  /** Position of the answer in the report's `answers`, for stable DOM ids. */
  answerIndex: number;
  /** Segment the timeline last pointed at, highlighted until another is chosen. */
  targetSegment: number | null;
}

/**
 * The timed transcript of a spoken answer. Fillers are marked (<mark>) and pauses of 0.6 s or
 * more are shown in place; both carry their time from the start of the session. Every piece
 * has an id so the timeline can scroll to it and move focus there.
 */
export const TranscriptText = memo(function TranscriptText({ answer, answerIndex, targetSegment }: Props) {
  if (answer.segments.length === 0) {
    return <p className="transcript transcript--plain">{answer.transcript || <em>No words were recorded.</em>}</p>;
  }
  const parts: ReactNode[] = [];
  answer.segments.forEach((s, i) => {
    const id = segmentDomId(answerIndex, i);
    const target = i === targetSegment ? " is-target" : "";
    if (s.type === "pause") {
      const duration = s.duration_s ?? s.end - s.start;
      const long = duration >= 2;
      parts.push(
        <span
          key={i}
          id={id}
          tabIndex={-1}
          className={`seg-pause${long ? " seg-pause--long" : ""}${target}`}
          data-segment-type="pause"
        >
          <span aria-hidden="true">
            ‖ {duration.toFixed(1)} s <span className="seg-time">{formatClock(s.start)}</span>
          </span>
          <span className="visually-hidden">
            ({long ? "long " : ""}pause of {duration.toFixed(1)} seconds at {spokenClock(s.start)})
          </span>
        </span>,
        " ",
      );
    } else if (s.type === "filler" || s.filler) {
      // type "filler": heard by the acoustic detector but missing from the transcript's words.
      const heardOnly = s.type === "filler";
      parts.push(
        <mark
          key={i}
          id={id}
          tabIndex={-1}
          className={`seg-filler${heardOnly ? " seg-filler--heard" : ""}${target}`}
          data-segment-type="filler"
        >
          {heardOnly ? `(${s.text || "um"})` : s.text}
          <span className="seg-time" aria-hidden="true">
            {formatClock(s.start)}
          </span>
          <span className="visually-hidden">
            {" "}
            (filler{heardOnly ? " heard, not in the transcript," : ""} at {spokenClock(s.start)})
          </span>
        </mark>,
        " ",
      );
    } else {
      parts.push(
        <span key={i} id={id} tabIndex={-1} className={`seg-word${target}`}>
          {s.text}
        </span>,
        " ",
      );
    }
  });
  return <p className="transcript">{parts}</p>;
});
