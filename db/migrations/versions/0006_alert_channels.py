"""Alert channels' start: a channel added to an existing store is sent the changes detected
from the time it is first seen, not the store's whole history in one digest.

A channel that already delivered something starts at its oldest delivered change's detection
time, so whatever it still has pending stays pending.

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "alert_channels",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("first_seen", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.execute(
        "INSERT INTO alert_channels (name, first_seen) "
        "SELECT d.channel, MIN(c.detected_at) FROM change_deliveries AS d "
        "JOIN changes AS c ON c.id = d.change_id GROUP BY d.channel"
    )


def downgrade() -> None:
    op.drop_table("alert_channels")
