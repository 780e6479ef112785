"""oidc re-authentication: proofs that stand in for a password (account deletion)

Revision ID: 2026_12_03_0017d
Revises: 2026_12_03_0018h
Create Date: 2026-12-03 15:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "2026_12_03_0017d"
down_revision: str | None = "2026_12_03_0018h"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "reauth_proofs",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("provider", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_reauth_proofs_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reauth_proofs")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_reauth_proofs_token_hash")),
    )
    with op.batch_alter_table("reauth_proofs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reauth_proofs_user_id"), ["user_id"], unique=False)

    with op.batch_alter_table("oidc_logins", schema=None) as batch_op:
        batch_op.add_column(sa.Column("user_id", sa.Uuid(), nullable=True))
        batch_op.create_index(batch_op.f("ix_oidc_logins_user_id"), ["user_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_oidc_logins_user_id_users"),
            "users",
            ["user_id"],
            ["id"],
            ondelete="CASCADE",
        )


def downgrade() -> None:
    with op.batch_alter_table("oidc_logins", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_oidc_logins_user_id_users"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_oidc_logins_user_id"))
        batch_op.drop_column("user_id")

    with op.batch_alter_table("reauth_proofs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reauth_proofs_user_id"))

    op.drop_table("reauth_proofs")
