"""pending jobs: taskiq messages kept while Redis is unreachable

Revision ID: 2026_12_03_0018h
Revises: 2026_12_03_0017c
Create Date: 2026-12-03 10:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "2026_12_03_0018h"
down_revision: str | None = "2026_12_03_0017c"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pending_jobs",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("task_id", sa.String(length=64), nullable=False),
        sa.Column("task_name", sa.String(length=100), nullable=False),
        sa.Column("queue_name", sa.String(length=100), nullable=False),
        sa.Column("message", sa.LargeBinary(), nullable=False),
        sa.Column("labels", sa.JSON(none_as_null=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pending_jobs")),
    )
    with op.batch_alter_table("pending_jobs", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pending_jobs_created_at"), ["created_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("pending_jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pending_jobs_created_at"))
    op.drop_table("pending_jobs")
