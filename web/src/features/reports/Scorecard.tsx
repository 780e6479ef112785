import { BAND_LABEL, formatInterval, formatScore, isMeasured } from "./format";
import { DIMENSIONS, type Dimension, type ReportReady, type Score } from "./types";

const LEVEL_LABEL: Record<string, string> = {
  strong: "Strong",
  developing: "Developing",
  "needs work": "Needs work",
  needs_work: "Needs work",
};

export function levelLabel(level: string): string {
  return LEVEL_LABEL[level] ?? level.charAt(0).toUpperCase() + level.slice(1);
}

/** A 0-100 track with the likely range shaded and the score marked; the text says the same. */
function RangeBar({ score }: { score: Score }) {
  const [low, high] = score.interval;
  const lo = Math.max(0, Math.min(100, low ?? score.score));
  const hi = Math.max(lo, Math.min(100, high ?? score.score));
  return (
    <span className="range-bar" aria-hidden="true">
      <span className="range-bar__range" style={{ left: `${lo}%`, width: `${hi - lo}%` }} />
      <span className="range-bar__score" style={{ left: `${Math.max(0, Math.min(100, score.score))}%` }} />
    </span>
  );
}

function DimensionScore({ dim }: { dim: Dimension }) {
  if (!isMeasured(dim)) {
    return (
      <li className="dim-score dim-score--low">
        <h3 className="dim-score__label">{dim.label}</h3>
        <p className="dim-score__value">
          <span className="dim-score__level">Not measured</span>
        </p>
        <p className="dim-score__meta">{dim.warnings[0] ?? "Nothing was observed for this score."}</p>
      </li>
    );
  }
  return (
    <li className={`dim-score dim-score--${dim.band}`}>
      <h3 className="dim-score__label">{dim.label}</h3>
      <p className="dim-score__value">
        <span className="dim-score__number">{formatScore(dim.score)}</span>
        <span className="dim-score__of">/100</span>
        <span className="visually-hidden">,</span> <span className="dim-score__level">{levelLabel(dim.level)}</span>
      </p>
      <RangeBar score={dim} />
      <p className="dim-score__meta">
        Likely range {formatInterval(dim)} · {BAND_LABEL[dim.band]}
        {dim.band === "low" && (
          <>
            {" "}
            <span className="warn-mark" aria-hidden="true">
              !
            </span>
            <span className="visually-hidden">(read with care)</span>
          </>
        )}
      </p>
    </li>
  );
}

/** Overall score and the four dimensions, each with its likely range and how much evidence stands behind it. */
export function Scorecard({ report }: { report: ReportReady }) {
  const { overall } = report;
  return (
    <section className="card report-section" aria-labelledby="scores-title" id="scores">
      <h2 id="scores-title">Scorecard</h2>
      <div className="scorecard">
        <div className="scorecard__overall" data-testid="overall-score">
          <p className="scorecard__caption">Overall</p>
          <p className="scorecard__value">
            <span className="scorecard__number">{formatScore(overall.score)}</span>
            <span className="scorecard__of">/100</span>
          </p>
          <RangeBar score={overall} />
          <p className="scorecard__meta">
            Likely range {formatInterval(overall)} · {BAND_LABEL[overall.band]}
          </p>
        </div>
        <ul className="scorecard__dims" aria-label="Scores by dimension">
          {DIMENSIONS.map((k) => {
            const dim = report.dimensions[k];
            return dim ? <DimensionScore key={k} dim={dim} /> : null;
          })}
        </ul>
      </div>
      <p className="report-summary">{report.summary_text}</p>
      <p className="muted small">
        The overall score weighs communication 30 %, delivery 25 %, structure 25 % and relevance 20 %. “Likely range” is
        where the score would probably land on another day; less evidence (short answers, face rarely in view, an
        unclear transcript) widens it and pulls the score toward a typical one instead of marking you down. Scoring
        version {report.scoring_version}.
      </p>
    </section>
  );
}
