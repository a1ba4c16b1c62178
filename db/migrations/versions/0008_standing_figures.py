"""The diff's memory: `standing_figures`, the reports a new figure is compared with, per key.

Before it, the diff read every earlier figure of a key for each new figure (the cost grew with
the store: 133,526 rows for 67 keys at 100k articles). The table keeps, per (park, metric,
period, qualifier, unit), only what the comparison can still use (monitor/diff/standing.py).

It is derived from `figures`, so no data moves here: `store_state` gets the row
('standing_figures', 'stale') and the diff builds the table from the stored figures on first
use (one linear pass), as it does again after a re-extraction rewrites figures already diffed.

Revision ID: 0008
Revises: 0007
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "standing_figures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("park", sa.String(length=128), nullable=False),
        sa.Column("metric", sa.String(length=64), nullable=False),
        sa.Column("period", sa.String(length=32), nullable=True),
        sa.Column("qualifier", sa.String(length=16), nullable=False),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("binding", sa.String(length=16), nullable=False),
        sa.Column("bound", sa.String(length=16), nullable=False),
        sa.Column("published", sa.Date(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("version_number", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["version_id"], ["article_versions.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_standing_figures_key", "standing_figures", ["park", "metric", "period", "qualifier", "unit"])
    op.create_index("ix_standing_figures_article_id", "standing_figures", ["article_id"])
    state = op.create_table(
        "store_state",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("value", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("name"),
    )
    op.bulk_insert(state, [{"name": "standing_figures", "value": "stale", "updated_at": None}])


def downgrade() -> None:
    op.drop_table("store_state")
    op.drop_index("ix_standing_figures_article_id", table_name="standing_figures")
    op.drop_index("ix_standing_figures_key", table_name="standing_figures")
    op.drop_table("standing_figures")
