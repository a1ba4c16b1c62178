"""An index on articles.last_checked: the spider's start finds the articles due for a re-check
by index ranges, not by reading every article of the source.

The revisit policy (scraper/revisit.py) is an age band per published-date range; the due query
(`due_clause`) is a union of index ranges: each band younger than the longest interval by its
published dates (ix_articles_published), and everything not checked for the longest interval by
its last check (this index), whatever its age. Nothing derived from the policy is stored, so a
changed REVISIT_POLICY applies from the next crawl on, with nothing to recompute.
tests/test_query_plans.py asserts the plan.

Revision ID: 0010
Revises: 0009
"""
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_articles_last_checked", "articles", ["last_checked"])


def downgrade() -> None:
    op.drop_index("ix_articles_last_checked", table_name="articles")
