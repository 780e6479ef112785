import { useState } from "react";
import { Link, useParams } from "react-router";
import { instituteMemberPath, paths } from "../../config/paths";
import { Alert } from "../../components/Alert";
import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { describeError } from "../../lib/apiError";
import { useDashboard } from "./api";
import { ColumnChart, HBarChart } from "./charts";
import { formatChange, formatDate, formatWeek, scoreLabel, trendLabel } from "./format";
import type { Cohort, Dashboard, MemberRow, ScoreKey } from "./types";
import { SCORE_KEYS } from "./types";
import "./orgs.css";

/** The institute admin's cohort dashboard (owner and admins only; the server enforces it). */
export function DashboardPage() {
  const { orgId = "" } = useParams();
  const query = useDashboard(orgId);
  return (
    <div className="page orgs-page">
      <p className="back-link">
        <Link to={paths.institute}>← Institute</Link>
      </p>
      {query.isPending ? (
        <>
          <PageHeading title="Cohort dashboard" />
          <Loading label="Loading the cohort dashboard…" />
        </>
      ) : query.isError ? (
        <>
          <PageHeading title="Cohort dashboard" />
          <Alert tone="error" title="The dashboard could not be shown">
            <p>{describeError(query.error)}</p>
          </Alert>
        </>
      ) : (
        <DashboardView d={query.data} />
      )}
    </div>
  );
}

function DashboardView({ d }: { d: Dashboard }) {
  return (
    <>
      <PageHeading title={`${d.organization_name}: cohort`} />
      <p className="page-lead">
        Scores of members who chose to share their progress. Answers and face cues stay private unless a member shares a
        session, and each member sees in their activity that you viewed their data.
      </p>
      <dl className="stat-row">
        <div className="stat">
          <dt>Members</dt>
          <dd>{d.member_count}</dd>
        </div>
        <div className="stat">
          <dt>Sharing their progress</dt>
          <dd>{d.sharing_count}</dd>
        </div>
        {d.cohort && (
          <div className="stat">
            <dt>Completed sessions</dt>
            <dd>{d.cohort.session_count}</dd>
          </div>
        )}
      </dl>
      {d.cohort ? (
        <CohortView cohort={d.cohort} labels={d.labels} />
      ) : (
        <Alert tone="info" title={`Fewer than ${d.threshold} members share their progress`}>
          <p>{d.message}</p>
          <p>
            Cohort figures are withheld below {d.threshold} so that no one&apos;s scores can be picked out of an
            average. Members turn sharing on themselves on their Institute page.
          </p>
        </Alert>
      )}
      <MemberTable orgId={d.organization_id} rows={d.members} labels={d.labels} />
    </>
  );
}

function CohortView({ cohort, labels }: { cohort: Cohort; labels: Dashboard["labels"] }) {
  const [key, setKey] = useState<ScoreKey>("overall");
  return (
    <>
      {cohort.notes.length > 0 && (
        <Alert tone="info" title="Some figures are withheld">
          <ul>
            {cohort.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </Alert>
      )}
      {cohort.averages && (
        <section className="card orgs-section" aria-labelledby="readiness-title">
          <h2 id="readiness-title">Readiness by dimension</h2>
          <p className="orgs-section__lead">
            Mean of each sharing member&apos;s average score (0–100); every member counts once.
            {cohort.weakest_dimension &&
              ` The cohort's weakest area is ${cohort.weakest_dimension.label} (${cohort.weakest_dimension.score}).`}
          </p>
          <HBarChart
            title="Average score per dimension"
            valueHeader="Average score"
            max={100}
            bars={SCORE_KEYS.flatMap((k) => {
              // Delivery is null when no member's sessions measured it (typed answers only).
              const value = cohort.averages?.[k];
              return value == null ? [] : [{ label: scoreLabel(k, labels), value }];
            })}
          />
        </section>
      )}
      {cohort.distribution && (
        <section className="card orgs-section" aria-labelledby="distribution-title">
          <h2 id="distribution-title">How members are spread</h2>
          <div className="field field--inline">
            <label htmlFor="distribution-key">Score</label>
            <select id="distribution-key" value={key} onChange={(e) => setKey(e.target.value as ScoreKey)}>
              {SCORE_KEYS.map((k) => (
                <option key={k} value={k}>
                  {scoreLabel(k, labels)}
                </option>
              ))}
            </select>
          </div>
          <ColumnChart
            title={`Members by average ${scoreLabel(key, labels).toLowerCase()} score`}
            valueHeader="Members"
            bars={(cohort.distribution[key] ?? []).map((b) => ({
              label: b.end === 100 ? `${b.start}–100` : `${b.start}–${b.end - 1}`,
              value: b.count,
            }))}
          />
        </section>
      )}
      <section className="card orgs-section" aria-labelledby="weekly-title">
        <h2 id="weekly-title">Sessions per week</h2>
        <ColumnChart
          title="Completed sessions per week, last 8 weeks"
          valueHeader="Sessions"
          bars={cohort.sessions_per_week.map((w) => ({ label: formatWeek(w.week_start), value: w.count }))}
        />
      </section>
      {cohort.improvement_after_3 && (
        <section className="card orgs-section" aria-labelledby="improvement-title">
          <h2 id="improvement-title">Improvement after 3 sessions</h2>
          <p className="orgs-section__lead">
            Session 3 minus session 1, averaged over the {cohort.improvement_after_3.members} members with three scored
            sessions.
          </p>
          <ul className="cohort-delta-list">
            {SCORE_KEYS.map((k) => (
              <li key={k}>
                <span>{scoreLabel(k, labels)}</span>{" "}
                <strong>{formatChange(cohort.improvement_after_3?.change[k])}</strong>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section className="card orgs-section" aria-labelledby="attention-title">
        <h2 id="attention-title">Members needing attention</h2>
        {cohort.needs_attention.length === 0 ? (
          <p>No sharing member has a dimension below 50 or a falling score right now.</p>
        ) : (
          <ul className="attention-list">
            {cohort.needs_attention.map((a) => (
              <li key={a.user_id}>
                <strong>{a.name}</strong>: weakest area {a.weakest.label} ({a.weakest.score}). {a.reasons.join(" ")}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function MemberTable({ orgId, rows, labels }: { orgId: string; rows: MemberRow[]; labels: Dashboard["labels"] }) {
  return (
    <section className="card orgs-section" aria-labelledby="members-title">
      <h2 id="members-title">Members who share their progress</h2>
      {rows.length === 0 ? (
        <p>No member shares their progress yet.</p>
      ) : (
        <>
          <p className="orgs-section__lead">
            Open a name to see that member&apos;s sessions and scores. They see in their activity that you did.
          </p>
          <div className="table-scroll">
            <table className="data-table" aria-labelledby="members-title">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Sessions</th>
                  <th scope="col">Latest</th>
                  <th scope="col">Average</th>
                  <th scope="col">Trend</th>
                  <th scope="col">Weakest area</th>
                  <th scope="col">Last session</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((m) => (
                  <tr key={m.user_id}>
                    <th scope="row">
                      <Link to={instituteMemberPath(orgId, m.user_id)}>{m.name}</Link>
                    </th>
                    <td>{m.session_count}</td>
                    <td>{m.latest ? m.latest.overall : "–"}</td>
                    <td>{m.average ? m.average.overall : "–"}</td>
                    <td>{trendLabel(m.trend)}</td>
                    <td>{m.weakest ? `${scoreLabel(m.weakest.dimension, labels)} (${m.weakest.score})` : "–"}</td>
                    <td>{m.last_session_at ? formatDate(m.last_session_at) : "–"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
