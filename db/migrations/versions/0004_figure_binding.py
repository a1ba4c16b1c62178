"""How sure a figure's park is: `figures.binding`, and `changes.possible` for the changes built on it.

A figure whose park the sentence names (or refers to with "the zone", 园区) is alerted; a figure
whose park is only carried over from earlier sentences is kept, listed by `changes --all`, and
not alerted by default.  Rows stored before this migration count as named, as they were alerted
then; `hainan-monitor reextract` recomputes them.

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("figures", sa.Column("binding", sa.String(16), nullable=False, server_default="named"))
    op.add_column("changes", sa.Column("possible", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    # A plain DROP COLUMN: a batch rebuild of the tables would break the views that read them
    op.drop_column("changes", "possible")
    op.drop_column("figures", "binding")
