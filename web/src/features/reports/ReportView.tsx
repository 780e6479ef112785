import { useCallback, useEffect, useRef, useState } from "react";
import { Link } from "react-router";
import { reportPath } from "../../config/paths";
import { AnswerCard } from "./AnswerCard";
import { Drills, StrengthsAndImprovements } from "./Coaching";
import { SessionHabits } from "./DeliveryHabits";
import { ComparisonTable } from "../../components/ComparisonTable";
import { ExportButtons } from "./ExportButtons";
import { formatClock, formatDate, formatDateTime } from "./format";
import { Replay, type ReplayHandle } from "./Replay";
import { ScoreExplanation } from "./ScoreExplanation";
import { PracticePanel } from "./practice/PracticePanel";
import { SessionSharing } from "./SessionSharing";
import { CoachComments } from "../../components/CoachComments";
import { Scorecard } from "./Scorecard";
import { TimelineChart } from "./TimelineChart";
import { transcriptTarget, type TranscriptTarget } from "./timelineModel";
import { DIMENSIONS, type ReportReady } from "./types";

function prefersReducedMotion(): boolean {
  return typeof window.matchMedia === "function" && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
}

/** Every low-evidence note of the report in one place, so none is missed next to the scores. */
function lowEvidenceNotes(report: ReportReady): string[] {
  const notes = [...report.warnings];
  for (const k of DIMENSIONS) {
    const d = report.dimensions[k];
    if (!d) continue;
    if (d.band === "low") {
      notes.push(
        `${d.label}: little evidence stands behind this score (likely range ${Math.round(d.interval[0] ?? d.score)}–${Math.round(
          d.interval[1] ?? d.score,
        )}), so it has been pulled toward a typical score. Treat it as a rough guide.`,
      );
    }
    for (const w of d.warnings) notes.push(`${d.label}: ${w}`);
  }
  return [...new Set(notes)];
}

export function ReportView({ report }: { report: ReportReady }) {
  const { session } = report;
  const [selected, setSelected] = useState<number | null>(null);
  const [target, setTarget] = useState<TranscriptTarget | null>(null);
  const [jump, setJump] = useState(0);
  const [playhead, setPlayhead] = useState<number | null>(null);
  const replay = useRef<ReplayHandle | null>(null);

  const selectEvent = useCallback(
    (index: number) => {
      const event = report.events[index];
      if (!event) return;
      setSelected(index);
      setTarget(transcriptTarget(report, event));
      setJump((n) => n + 1);
      replay.current?.seek(event.start);
    },
    [report],
  );

  // Scroll after the highlight has rendered, then move focus there so keyboard and screen
  // reader users land on the moment too (preventScroll: the scroll above already placed it).
  useEffect(() => {
    if (jump === 0 || !target) return;
    const el = document.getElementById(target.id);
    if (!el) return;
    el.scrollIntoView?.({ block: "center", behavior: prefersReducedMotion() ? "auto" : "smooth" });
    el.focus({ preventScroll: true });
  }, [jump, target]);

  const backToTimeline = useCallback(() => {
    const marker = selected !== null ? document.querySelector<HTMLElement>(`[data-event-index="${selected}"]`) : null;
    const el = marker ?? document.getElementById("timeline");
    el?.scrollIntoView?.({ block: "center", behavior: prefersReducedMotion() ? "auto" : "smooth" });
    el?.focus({ preventScroll: true });
  }, [selected]);

  const notes = lowEvidenceNotes(report);
  const comparison = report.comparison;

  return (
    <div className="report">
      <p className="page-lead">
        {session.title}
        {session.ended_at ? ` · ${formatDateTime(session.ended_at)}` : ""}
        {session.duration_s ? ` · ${formatClock(session.duration_s)} long` : ""} · {session.answered} answer
        {session.answered === 1 ? "" : "s"}
        {session.unanswered > 0 ? ` (${session.unanswered} unanswered)` : ""}
      </p>

      <aside className="coaching-note" aria-labelledby="coaching-note-title">
        <p id="coaching-note-title" className="coaching-note__title">
          Coaching support only — do not over-interpret
        </p>
        <p>{report.disclaimer}</p>
      </aside>

      <ExportButtons sessionId={session.id} />

      <SessionSharing sessionId={session.id} />

      <CoachComments sessionId={session.id} />

      <nav className="report-toc" aria-label="On this page">
        <ul>
          <li>
            <a href="#scores">Scorecard</a>
          </li>
          <li>
            <a href="#explanation">Why these scores</a>
          </li>
          <li>
            <a href="#drills">Drills</a>
          </li>
          <li>
            <a href="#comparison">Compared with last time</a>
          </li>
          <li>
            <a href="#timeline">Timeline</a>
          </li>
          <li>
            <a href="#answers">Answers</a>
          </li>
        </ul>
      </nav>

      <Scorecard report={report} />

      {notes.length > 0 && (
        <section className="card report-section read-with-care" aria-labelledby="care-title" id="warnings">
          <h2 id="care-title">Read with care</h2>
          <ul className="warning-list">
            {notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </section>
      )}

      <ScoreExplanation dimensions={report.dimensions} />
      <StrengthsAndImprovements
        strengths={report.strengths}
        improvements={report.improvements}
        labels={report.labels}
      />
      <Drills drills={report.drills} labels={report.labels} />

      <section className="card report-section" aria-labelledby="comparison-title" id="comparison">
        <h2 id="comparison-title">Compared with your previous session</h2>
        {comparison.available && comparison.dimensions ? (
          <>
            <p className="muted">
              Against{" "}
              {comparison.previous_session_id ? (
                <Link to={reportPath(comparison.previous_session_id)}>
                  {comparison.previous_title ?? "your previous session"}
                </Link>
              ) : (
                "your previous session"
              )}
              {comparison.previous_ended_at ? ` of ${formatDate(comparison.previous_ended_at)}` : ""}. “About the same”
              means the change is within what the scores can measure.
            </p>
            {comparison.versions_differ && (
              <p className="muted">The two sessions were scored with different rule versions; compare with care.</p>
            )}
            <ComparisonTable
              labels={report.labels}
              overall={comparison.overall}
              dimensions={comparison.dimensions}
              metrics={comparison.metrics}
              caption="Scores, this session against the previous one"
            />
          </>
        ) : comparison.unavailable_reason ? (
          <p className="muted">{comparison.unavailable_reason}</p>
        ) : (
          <p className="muted">This is your first session with a report, so there is nothing to compare with yet.</p>
        )}
      </section>

      <TimelineChart report={report} selected={selected} onSelect={selectEvent} playhead={playhead} />

      <Replay sessionId={session.id} handle={replay} onTime={setPlayhead} />

      <SessionHabits report={report} />

      <section className="report-section" aria-labelledby="answers-title" id="answers">
        <h2 id="answers-title">Answers</h2>
        <div className="answer-list">
          {report.answers.map((a, i) => (
            <AnswerCard
              key={a.question_id}
              report={report}
              answer={a}
              answerIndex={i}
              targetSegment={target?.answerIndex === i ? target.segmentIndex : null}
              isTarget={target?.answerIndex === i}
              onSelectEvent={selectEvent}
              onBackToTimeline={backToTimeline}
            />
          ))}
        </div>
      </section>

      <PracticePanel sessionId={session.id} />
    </div>
  );
}
