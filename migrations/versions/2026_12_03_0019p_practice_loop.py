"""practice loop: the job a session practises for, retried answers, a question's job focus

Revision ID: 2026_12_03_0019p
Revises: 2026_12_03_0017d
Create Date: 2026-12-03 15:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "2026_12_03_0019p"
down_revision: str | None = "2026_12_03_0017d"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "job_descriptions",
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("profile_json", sa.JSON(none_as_null=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            name=op.f("fk_job_descriptions_session_id_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_descriptions")),
        sa.UniqueConstraint("session_id", name=op.f("uq_job_descriptions_session_id")),
    )
    op.create_table(
        "answer_retries",
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column("question_id", sa.Uuid(), nullable=False),
        sa.Column("attempt_no", sa.Integer(), nullable=False),
        sa.Column("transcript_text", sa.Text(), nullable=False),
        sa.Column("input_mode", sa.String(length=10), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("analysis_json", sa.JSON(none_as_null=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["questions.id"],
            name=op.f("fk_answer_retries_question_id_questions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sessions.id"],
            name=op.f("fk_answer_retries_session_id_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answer_retries")),
        sa.UniqueConstraint(
            "question_id", "attempt_no", name=op.f("uq_answer_retries_question_id_attempt_no")
        ),
    )
    with op.batch_alter_table("answer_retries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_answer_retries_question_id"), ["question_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_answer_retries_session_id"), ["session_id"], unique=False
        )
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("job_focus", sa.JSON(none_as_null=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.drop_column("job_focus")
    with op.batch_alter_table("answer_retries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_answer_retries_session_id"))
        batch_op.drop_index(batch_op.f("ix_answer_retries_question_id"))
    op.drop_table("answer_retries")
    op.drop_table("job_descriptions")
