"""Change tracking: which versions were diffed, and which sources are known to be failing.

`article_versions.diffed_at` makes change detection run once per version (idempotent, and a
crash mid-stage is finished by the next cycle); `sources.failing_since` lets a broken source be
alerted once, not every cycle, until it recovers.

Versions stored before this migration are marked as diffed: they are the baseline, so upgrading
an existing database does not flood the alert channels with its whole history.

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("article_versions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("diffed_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.add_column(sa.Column("failing_since", sa.DateTime(), nullable=True))
    op.execute("UPDATE article_versions SET diffed_at = fetched_at")


def downgrade() -> None:
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.drop_column("failing_since")
    with op.batch_alter_table("article_versions", schema=None) as batch_op:
        batch_op.drop_column("diffed_at")
