"""The printable report's job section (issue 18): for a session practised for a job, the
job's skills the answers covered, each with the answer sentences that used it, and the ones
that never came up, each with the job text's sentence that named it.

It reads `report["job_skills"]` (`practice.schemas.JobCoverageOut`: what GET
/v1/sessions/{id}/practice serves as `job`), which the export attaches; a session without a
job has none and the section is left out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from moodlens.reports.render_common import e

QUOTES_SHOWN = 2  # a PDF line each: the web report lists every quote


def _quote(q: Mapping[str, Any]) -> str:
    attempt = int(q.get("attempt_no") or 1)
    where = f"Q{q.get('sequence_no', '?')}" + (f", attempt {attempt}" if attempt > 1 else "")
    return f"<li>\u201c{e(q.get('text'))}\u201d <span class='muted'>({e(where)})</span></li>"


def _covered(rows: Sequence[Mapping[str, Any]]) -> str:
    items = []
    for r in rows:
        quotes = list(r.get("quotes") or [])
        more = len(quotes) - QUOTES_SHOWN
        extra = f"<li class='muted'>and {more} more</li>" if more > 0 else ""
        items.append(
            f"<li><b>{e(r['name'])}</b><ul class='quotes'>"
            f"{''.join(_quote(q) for q in quotes[:QUOTES_SHOWN])}{extra}</ul></li>"
        )
    return "".join(items)


def _missing(rows: Sequence[Mapping[str, Any]]) -> str:
    return "".join(
        f"<li><b>{e(r['name'])}</b> <span class='muted'>the job says: "
        f"\u201c{e(r.get('evidence'))}\u201d</span></li>"
        for r in rows
    )


def job_skills_html(report: Mapping[str, Any]) -> str:
    job = report.get("job_skills")
    if not isinstance(job, Mapping):
        return ""
    covered = list(job.get("covered") or [])
    missing = list(job.get("never_came_up") or [])
    out = "<section class='job'><h2>The job's skills in your answers</h2>"
    out += (
        f"<h3>Covered ({len(covered)})</h3><ul class='job-covered'>{_covered(covered)}</ul>"
        if covered
        else "<p>None of the job's skills came up in your answers yet.</p>"
    )
    out += (
        f"<h3>Never came up ({len(missing)})</h3><ul class='job-missing'>{_missing(missing)}</ul>"
        if missing
        else "<p>Every skill the job names came up in your answers.</p>"
    )
    return out + "</section>"
