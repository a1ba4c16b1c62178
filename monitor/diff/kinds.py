"""The kinds of change (DESIGN.md §Changes): the values of `changes.kind`."""

from __future__ import annotations

NEW_ARTICLE = "new_article"
ARTICLE_REVISED = "article_revised"
FIGURE_NEW = "figure_new"
FIGURE_CHANGED = "figure_changed"
SOURCE_FAILING = "source_failing"

KINDS = (NEW_ARTICLE, ARTICLE_REVISED, FIGURE_NEW, FIGURE_CHANGED, SOURCE_FAILING)
