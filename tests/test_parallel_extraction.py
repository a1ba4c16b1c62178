"""A big extraction (a reextract, a first cycle of thousands) runs in worker processes and
writes exactly what the extraction in one process writes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from db.models import ArticleVersion, Figure
from db.store import Store
from monitor.extract import EXTRACTOR_VERSION
from monitor.service import extract_workers
from monitor.service.figure_stage import extract_pending
from scraper.items import ArticleItem
from tests.helpers.cli import run_cli

PARKS = ("Yangpu Economic Development Zone", "Haikou Jiangdong New Area", "Wenchang International Aerospace City")


def _article(number: int) -> ArticleItem:
    park = PARKS[number % len(PARKS)]
    text = (f"{park} has landed {number + 3} projects. In 2023 the zone attracted total investment of "
            f"{number % 9 + 1}.5 billion yuan. Officials said more enterprises would come.")
    return ArticleItem(
        url=f"https://en.hainan.gov.cn/englishsite/test/{number}.shtml", source="hainan_gov_en", host="en.hainan.gov.cn",
        language="en", title=f"{park} grows", text=text, html="<html></html>",
        published=date(2024, 1, 1) + timedelta(days=number), parks=(),
    )


def _figures(store: Store) -> list[tuple]:
    with store.session() as session:
        return sorted(session.execute(select(
            Figure.version_id, Figure.park, Figure.metric, Figure.value, Figure.period, Figure.quote, Figure.binding,
        )).all())


@pytest.mark.slow
def test_worker_processes_write_the_same_figures(tmp_path, monkeypatch) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'store.db'}")
    try:
        store.save_many([_article(number) for number in range(450)])
        written_here = extract_pending(store, workers=1)
        here = _figures(store)
        assert written_here == len(here) >= 900  # two figures per article

        monkeypatch.setattr(extract_workers, "PARALLEL_FROM", 100)
        reported: list[tuple[int, int]] = []
        written_by_workers = extract_pending(store, everything=True, workers=2,
                                             progress=lambda done, total: reported.append((done, total)))
        assert written_by_workers == written_here
        assert _figures(store) == here
        assert reported[-1] == (450, 450) and len(reported) == 3  # three batches of at most 200
        with store.session() as session:
            assert set(session.scalars(select(ArticleVersion.extracted_with))) == {EXTRACTOR_VERSION}
    finally:
        store.close()


def test_a_small_job_stays_in_this_process() -> None:
    with extract_workers.figure_mapper(extract_workers.PARALLEL_FROM - 1, workers=4) as mapper:
        result = mapper([("Yangpu Economic Development Zone has landed 12 projects.", "en", date(2024, 7, 1))])
        assert isinstance(result, list)  # computed here, not a pool's lazy map
        [[figure]] = result
        assert (figure.park, figure.metric, figure.value) == ("yangpu", "projects_landed", 12)


def test_reextract_takes_a_number_of_workers(tmp_path) -> None:
    db = f"sqlite:///{tmp_path / 'store.db'}"
    store = Store.open(db)
    store.save_many([_article(number) for number in range(3)])
    store.close()
    done = run_cli("--db", db, "reextract", "--workers", "1", "--json")
    assert done.returncode == 0, done.stderr
    assert '"figures": 6' in done.stdout
    refused = run_cli("--db", db, "reextract", "--workers", "0")
    assert refused.returncode == 2 and "--workers" in refused.stderr
