"""Device leases and per-device push state, so that pushes never overlap and can resume.

A lease names the run that holds a device until it expires: a second run on the
same device is refused while the lease is live, and takes it over once it has
expired, or at once when the holder ran on the same machine and its process is gone
(a run killed with ``kill -9``). A push state row says, per change and device, how far a
run got: written before and after every send, so that a resumed run never sends
a device's commands twice.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision: str | None = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "device_leases",
        sa.Column("host", sa.String(100), primary_key=True),
        sa.Column("change_id", sa.Integer, nullable=False),
        sa.Column("run_id", sa.String(32), nullable=False),
        sa.Column("holder", sa.String(200), nullable=False),
        sa.Column("machine", sa.String(200), nullable=False),
        sa.Column("pid", sa.Integer, nullable=False),
        sa.Column("acquired_at", sa.String(32), nullable=False),
        sa.Column("expires_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "push_states",
        sa.Column("change_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("host", sa.String(100), primary_key=True),
        sa.Column("state", sa.String(40), nullable=False),
        sa.Column("run_id", sa.String(32), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("push_states")
    op.drop_table("device_leases")
