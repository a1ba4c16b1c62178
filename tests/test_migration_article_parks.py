"""Migration 0005: the comma-separated `articles.relevance` becomes `article_parks` rows."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import inspect, text

from db import migrate
from db.engine import make_engine


def test_relevance_strings_become_park_rows_and_the_views_survive(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    command.upgrade(migrate._config(engine), "0003")
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO sources (id, name, host, title) VALUES (1, 'hainan_gov_en', 'h', '')"))
        for article_id, relevance in ((1, "yangpu,sanya-cbd"), (2, "park terms"), (3, "")):
            connection.execute(
                text(
                    "INSERT INTO articles (id, url, source_id, language, title, relevance, first_seen, last_seen, last_checked)"
                    " VALUES (:id, :url, 1, 'en', 't', :relevance, '2024-07-01', '2024-07-01', '2024-07-01')"
                ),
                {"id": article_id, "url": f"https://h/{article_id}", "relevance": relevance},
            )
        connection.execute(
            text(
                "INSERT INTO article_versions (article_id, number, fetched_at, content_hash, title, text, html_zlib)"
                " VALUES (1, 1, '2024-07-01', 'h', 't', 'text', x'00')"
            )
        )
    migrate.upgrade(engine)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM article_versions")).scalar() == 1  # nothing cascaded away
        rows = connection.execute(text("SELECT article_id, park FROM article_parks ORDER BY article_id, park")).all()
        assert [tuple(row) for row in rows] == [(1, "sanya-cbd"), (1, "yangpu")]
        assert "relevance" not in {column["name"] for column in inspect(connection).get_columns("articles")}
        assert connection.execute(text("SELECT count(*) FROM latest_figures")).scalar() == 0
        assert connection.execute(text("SELECT count(*) FROM figure_history")).scalar() == 0

    command.downgrade(migrate._config(engine), "0003")
    with engine.connect() as connection:
        restored = connection.execute(text("SELECT id, relevance FROM articles ORDER BY id")).all()
        assert [tuple(row) for row in restored] == [(1, "sanya-cbd,yangpu"), (2, ""), (3, "")]
