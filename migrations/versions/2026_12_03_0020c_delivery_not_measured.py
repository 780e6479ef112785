"""session_scores.confidence_score is NULL when delivery was not measured (typed answers)

Revision ID: 2026_12_03_0020c
Revises: 2026_12_03_0017e
Create Date: 2026-12-03 16:00:00

A typed-only session has no voice or camera, so its delivery score was the role baseline
(60-62) stored as if measured (issue 15). The column becomes nullable and rows whose stored
summary says delivery was not measured lose that number. Downgrade puts the baseline back
from the summary (the number the row held before), so no row is left without a value.
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "2026_12_03_0020c"
down_revision: str | None = "2026_12_03_0017e"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_scores = sa.table(
    "session_scores",
    sa.column("id", sa.Uuid()),
    sa.column("confidence_score", sa.Double()),
    sa.column("summary_json", sa.JSON()),
)


def _delivery(summary: Any) -> dict[str, Any] | None:
    if not isinstance(summary, dict):
        return None
    dims = summary.get("dimensions")
    d = dims.get("confidence") if isinstance(dims, dict) else None
    return d if isinstance(d, dict) else None


def upgrade() -> None:
    with op.batch_alter_table("session_scores", schema=None) as batch_op:
        batch_op.alter_column("confidence_score", existing_type=sa.Double(), nullable=True)
    bind = op.get_bind()
    rows = bind.execute(sa.select(_scores.c.id, _scores.c.summary_json)).all()
    for row_id, summary in rows:
        d = _delivery(summary)
        if d is not None and d.get("measured") is False:
            bind.execute(
                _scores.update().where(_scores.c.id == row_id).values(confidence_score=None)
            )


def downgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(_scores.c.id, _scores.c.summary_json).where(_scores.c.confidence_score.is_(None))
    ).all()
    for row_id, summary in rows:
        d = _delivery(summary)
        value = float(d["score"]) if d is not None and d.get("score") is not None else 50.0
        bind.execute(_scores.update().where(_scores.c.id == row_id).values(confidence_score=value))
    with op.batch_alter_table("session_scores", schema=None) as batch_op:
        batch_op.alter_column("confidence_score", existing_type=sa.Double(), nullable=False)
