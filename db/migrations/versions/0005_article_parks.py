"""The parks an article names become rows (`article_parks`), not a comma-separated column.

`articles.relevance` held "yangpu,sanya-cbd" (or the marker "park terms"), and finding a park's
articles meant a LIKE over that string: no index, and a park id that is a prefix of another
needed comma padding to be safe. One row per (article, park) is indexable, portable across
SQLite and PostgreSQL, and joins like any other table. Articles that were relevant only through
generic park terms simply have no rows.

The column is dropped with a plain `ALTER TABLE … DROP COLUMN` (SQLite 3.35+), never with
`batch_alter_table`: a batch rebuild drops the old `articles` table, and with foreign keys on
(db/engine.py turns them on for every connection) that DROP cascades to every version and figure.

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

#: What the crawl stored before this migration for "relevant, but names no park of the gazetteer".
_GENERIC_MARKER = "park terms"


def upgrade() -> None:
    parks = op.create_table(
        "article_parks",
        sa.Column("article_id", sa.Integer(), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("park", sa.String(length=64), primary_key=True),
    )
    op.create_index("ix_article_parks_park", "article_parks", ["park"])
    connection = op.get_bind()
    rows = [
        {"article_id": article_id, "park": park}
        for article_id, relevance in connection.execute(sa.text("SELECT id, relevance FROM articles"))
        for park in dict.fromkeys((relevance or "").split(","))
        if park and park != _GENERIC_MARKER
    ]
    if rows:
        op.bulk_insert(parks, rows)
    op.drop_column("articles", "relevance")


def downgrade() -> None:
    op.add_column("articles", sa.Column("relevance", sa.Text(), nullable=False, server_default=""))
    connection = op.get_bind()
    named: dict[int, list[str]] = {}
    for article_id, park in connection.execute(sa.text("SELECT article_id, park FROM article_parks ORDER BY park")):
        named.setdefault(article_id, []).append(park)
    for article_id, parks in named.items():
        connection.execute(
            sa.text("UPDATE articles SET relevance = :relevance WHERE id = :id"),
            {"relevance": ",".join(parks), "id": article_id},
        )
    op.drop_index("ix_article_parks_park", table_name="article_parks")
    op.drop_table("article_parks")
