"""The query views show how each figure's park was found (`binding`, migration 0004).

Someone reading `latest_figures` or `figure_history` with sqlite3, Datasette or pandas sees the
same confidence the alerts act on: a `carried` figure is one the monitor keeps but never alerts.
The views are otherwise those of migration 0003, so downgrading restores them unchanged.

Revision ID: 0009
Revises: 0008
"""
import importlib

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_VIEWS_0003 = importlib.import_module("db.migrations.versions.0003_query_views")

FIGURE_HISTORY = _VIEWS_0003.FIGURE_HISTORY.replace("    f.quote,\n", "    f.quote,\n    f.binding,\n")
LATEST_FIGURES = _VIEWS_0003.LATEST_FIGURES.replace("bound, quote,", "bound, quote, binding,")


def upgrade() -> None:
    for statement in _VIEWS_0003.DROP_VIEWS:
        op.execute(statement)
    op.execute(FIGURE_HISTORY)
    op.execute(LATEST_FIGURES)


def downgrade() -> None:
    for statement in _VIEWS_0003.DROP_VIEWS:
        op.execute(statement)
    for statement in _VIEWS_0003.CREATE_VIEWS:
        op.execute(statement)
