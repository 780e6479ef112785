import { memo } from "react";
import { AnswerHabits } from "./DeliveryHabits";
import { BAND_LABEL, formatClock, formatInterval, formatScore, isMeasured } from "./format";
import { FactorList } from "./ScoreExplanation";
import { eventLabel } from "./TimelineChart";
import { answerDomId } from "./timelineModel";
import { TranscriptText } from "./Transcript";
import { DIMENSIONS, type Answer, type ReportReady } from "./types";

const STAR_PARTS = ["situation", "task", "action", "result"] as const;

interface Props {
  report: ReportReady;
  answer: Answer;
  answerIndex: number;
  targetSegment: number | null;
  isTarget: boolean;
  onSelectEvent: (eventIndex: number) => void;
  onBackToTimeline: () => void;
}

/** One answer: the question, its scores, the marked transcript, what it covered and its moments. */
export const AnswerCard = memo(function AnswerCard({
  report,
  answer,
  answerIndex,
  targetSegment,
  isTarget,
  onSelectEvent,
  onBackToTimeline,
}: Props) {
  const headingId = `${answerDomId(answerIndex)}-title`;
  const typed = answer.input_mode === "typed";
  const a = answer.analysis;
  return (
    <article
      className={`card answer-card${isTarget ? " is-target" : ""}`}
      id={answerDomId(answerIndex)}
      tabIndex={-1}
      aria-labelledby={headingId}
    >
      <header className="answer-card__head">
        <p className="answer-card__eyebrow">
          Answer {answerIndex + 1}
          {answer.start !== null && answer.end !== null && (
            <>
              {" "}
              · <time>{formatClock(answer.start)}</time>–<time>{formatClock(answer.end)}</time>
            </>
          )}{" "}
          · {typed ? "Typed" : "Spoken"}
          {answer.question_source === "follow_up" || answer.follow_up_reason ? " · Follow-up" : ""}
        </p>
        <h3 id={headingId} className="answer-card__question">
          {answer.question_text}
        </h3>
      </header>

      <dl className="answer-scores">
        <div>
          <dt>Answer score</dt>
          <dd>
            {formatScore(answer.overall.score)} <span className="muted small">({formatInterval(answer.overall)})</span>
          </dd>
        </div>
        {DIMENSIONS.map((k) => {
          const d = answer.scores[k];
          return d ? (
            <div key={k} className={`answer-scores__dim answer-scores__dim--${d.band}`}>
              <dt>{d.label}</dt>
              <dd>
                {isMeasured(d) ? (
                  <>
                    {formatScore(d.score)}
                    {d.band === "low" && <span className="muted small"> · {BAND_LABEL.low.toLowerCase()}</span>}
                  </>
                ) : (
                  <span className="muted small">not measured</span>
                )}
              </dd>
            </div>
          ) : null;
        })}
      </dl>

      {answer.warnings.length > 0 && (
        <ul className="warning-list" aria-label={`Notes on answer ${answerIndex + 1}`}>
          {answer.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}

      <h4 className="answer-card__sub">Transcript</h4>
      {typed ? (
        <p className="muted small">Typed answer: judged on its words only, with no timing or camera cues.</p>
      ) : (
        <p className="muted small">
          <mark className="seg-filler seg-filler--legend">filler</mark> and{" "}
          <span className="seg-pause seg-pause--legend">‖ pause</span> are marked with their time in the session.
        </p>
      )}
      <TranscriptText answer={answer} answerIndex={answerIndex} targetSegment={targetSegment} />
      {isTarget && (
        <button type="button" className="button button--small" onClick={onBackToTimeline}>
          Back to the timeline
        </button>
      )}

      <AnswerHabits answer={answer} answerIndex={answerIndex} />

      {answer.event_indices.length > 0 && (
        <>
          <h4 className="answer-card__sub">Moments in this answer</h4>
          <ul className="moment-list">
            {answer.event_indices.map((i) => {
              const e = report.events[i];
              return e ? (
                <li key={i}>
                  <button type="button" className="link-button" onClick={() => onSelectEvent(i)}>
                    {eventLabel(report, e)} at {formatClock(e.start)}
                  </button>
                </li>
              ) : null;
            })}
          </ul>
        </>
      )}

      <details className="disclosure">
        <summary>What this answer covered and why it scored so</summary>
        <div className="stack">
          {a.star_expected && (
            <div>
              <h5>STAR parts</h5>
              <ul className="star-list">
                {STAR_PARTS.map((part) => {
                  const sentence = a.star[part];
                  return (
                    <li key={part} className={sentence ? "star-list__found" : "star-list__missing"}>
                      <strong>{part.charAt(0).toUpperCase() + part.slice(1)}:</strong>{" "}
                      {sentence ? `“${sentence}”` : "not found"}
                    </li>
                  );
                })}
              </ul>
            </div>
          )}
          {(a.key_points_covered.length > 0 || a.key_points_missed.length > 0) && (
            <div>
              <h5>Expected points</h5>
              <ul>
                {a.key_points_covered.map((p) => (
                  <li key={`c-${p}`}>Covered: {p}</li>
                ))}
                {a.key_points_missed.map((p) => (
                  <li key={`m-${p}`}>Not covered: {p}</li>
                ))}
              </ul>
            </div>
          )}
          {a.specifics.length > 0 && <p>Specifics: {a.specifics.join(", ")}</p>}
          {DIMENSIONS.map((k) => {
            const d = answer.scores[k];
            return d ? (
              <div key={k}>
                <h5>
                  {d.label} {formatScore(d.score)}
                </h5>
                <FactorList
                  factors={d.factors}
                  label={d.label}
                  listName={`Reasons behind the ${d.label} score of answer ${answerIndex + 1}`}
                />
              </div>
            ) : null;
          })}
        </div>
      </details>
    </article>
  );
});
