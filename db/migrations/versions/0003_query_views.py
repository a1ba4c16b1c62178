"""Query views: `figure_history` and `latest_figures`, for people who query the SQLite file directly.

The tables are normalised for the monitor (figures point at versions, versions at articles);
a user with `sqlite3`, Datasette or pandas wants one row per figure with its article's URL and
date. "Latest" follows the change detector's rule (DESIGN.md): only each article's current
version counts, and newer means a later published date, then a later fetch.

The SQL runs on SQLite and PostgreSQL alike: PostgreSQL needs an alias on every subquery in
FROM, and sorts NULLs first in a descending order where SQLite sorts them last, so an undated
article would win there; `NULLS LAST` says what both should do.

SQLite checks views when a table is renamed, so a later migration that rebuilds `figures`,
`articles`, `article_versions` or `sources` with `batch_alter_table` must drop these views
first and create them again afterwards (DROP_VIEWS / CREATE_VIEWS below).

Revision ID: 0003
Revises: 0002
"""
from alembic import op


revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


FIGURE_HISTORY = """
CREATE VIEW figure_history AS
SELECT
    f.id AS figure_id,
    f.park,
    f.metric,
    f.value,
    f.unit,
    f.qualifier,
    f.bound,
    f.period,
    f.quote,
    a.url AS article_url,
    a.title AS article_title,
    a.published,
    a.language,
    s.name AS source,
    v.number AS version,
    v.fetched_at,
    (v.number = (SELECT MAX(latest.number) FROM article_versions AS latest
                 WHERE latest.article_id = a.id)) AS is_current_version,
    f.extractor_version
FROM figures AS f
JOIN article_versions AS v ON v.id = f.version_id
JOIN articles AS a ON a.id = f.article_id
JOIN sources AS s ON s.id = a.source_id
"""

LATEST_FIGURES = """
CREATE VIEW latest_figures AS
SELECT park, metric, period, qualifier, value, unit, bound, quote,
       article_url, article_title, published, source, version, fetched_at
FROM (
    SELECT h.*,
           ROW_NUMBER() OVER (
               PARTITION BY h.park, h.metric, h.period, h.qualifier
               ORDER BY h.published DESC NULLS LAST, h.fetched_at DESC, h.version DESC, h.figure_id DESC
           ) AS newest_first
    FROM figure_history AS h
    WHERE h.is_current_version
) AS ranked
WHERE newest_first = 1
"""

CREATE_VIEWS = (FIGURE_HISTORY, LATEST_FIGURES)
DROP_VIEWS = ("DROP VIEW IF EXISTS latest_figures", "DROP VIEW IF EXISTS figure_history")


def upgrade() -> None:
    for statement in CREATE_VIEWS:
        op.execute(statement)


def downgrade() -> None:
    for statement in DROP_VIEWS:
        op.execute(statement)
