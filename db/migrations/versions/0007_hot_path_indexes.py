"""Indexes for the hot paths: the per-version figure lookups and the pending-work queries.

Without them `DELETE FROM figures WHERE version_id = ?` (every extraction, all of `reextract`)
scans the whole figures table, the extraction and diff stages find their pending versions by
scanning every `article_versions` row (text and compressed HTML inline), and delivery finds a
channel's delivered changes by scanning `change_deliveries` (its unique index starts with
change_id). tests/test_query_plans.py asserts the query plans use these.

Revision ID: 0007
Revises: 0006
"""
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

#: (index, table, columns): the models declare the same (db/models.py).
INDEXES = (
    ("ix_figures_version_id", "figures", ["version_id"]),
    ("ix_article_versions_extracted_with", "article_versions", ["extracted_with"]),
    ("ix_article_versions_diffed_at", "article_versions", ["diffed_at"]),
    ("ix_change_deliveries_channel_change", "change_deliveries", ["channel", "change_id"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
