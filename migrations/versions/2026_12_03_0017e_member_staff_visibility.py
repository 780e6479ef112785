"""members choose which of an institute's staff see what they share

Revision ID: 2026_12_03_0017e
Revises: 2026_12_03_0019p
Create Date: 2026-12-03 15:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "2026_12_03_0017e"
down_revision: str | None = "2026_12_03_0019p"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Existing memberships keep what they agreed to: every staff member sees their shares.
    with op.batch_alter_table("organization_members", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "staff_visibility",
                sa.String(length=20),
                server_default="all_staff",
                nullable=False,
            )
        )
    op.create_table(
        "member_staff_grants",
        sa.Column("member_id", sa.Uuid(), nullable=False),
        sa.Column("staff_member_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["organization_members.id"],
            name=op.f("fk_member_staff_grants_member_id_organization_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["staff_member_id"],
            ["organization_members.id"],
            name=op.f("fk_member_staff_grants_staff_member_id_organization_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_staff_grants")),
        sa.UniqueConstraint(
            "member_id",
            "staff_member_id",
            name=op.f("uq_member_staff_grants_member_id_staff_member_id"),
        ),
    )
    with op.batch_alter_table("member_staff_grants", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_member_staff_grants_member_id"), ["member_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_member_staff_grants_staff_member_id"), ["staff_member_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("member_staff_grants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_member_staff_grants_staff_member_id"))
        batch_op.drop_index(batch_op.f("ix_member_staff_grants_member_id"))
    op.drop_table("member_staff_grants")
    with op.batch_alter_table("organization_members", schema=None) as batch_op:
        batch_op.drop_column("staff_visibility")
