"""DuckDB store: idempotent, transactional, failures kept."""
from __future__ import annotations

import pytest

from dateline.errors import StoreError
from dateline.model import Article, Failure
from dateline.store import Store


def _article(n: int) -> Article:
    return Article(id=f"{n:016x}", origin=f"a{n}.txt", body=f"Body {n}.", title=f"Title {n}",
                   published=f"2022-10-{n + 10:02d}", published_source="meta", authors=["A B"], tags=["x"])


def test_writing_the_same_articles_twice_stores_them_once(tmp_path):
    with Store(tmp_path / "t.duckdb") as store:
        first = store.write([_article(1), _article(2)])
        again = store.write([_article(2), _article(3), _article(3)])
        assert (first.new, first.existing) == (2, 0)
        assert (again.new, again.existing) == (1, 2)
        assert store.counts()["articles"] == 3


def test_a_stored_record_reads_back_whole(tmp_path):
    original = _article(4)
    original.entities = [{"start": 0, "end": 4, "text": "Body", "label": "ORG", "actor": None}]
    with Store(tmp_path / "t.duckdb") as store:
        store.write([original])
        assert store.article(original.id[:10]) == original
        assert store.article("ffff") is None


def test_a_database_from_before_published_source_takes_new_records(tmp_path):
    import duckdb

    path = tmp_path / "old.duckdb"
    with Store(path) as store:
        store.write([_article(5)])
    with duckdb.connect(str(path)) as db:
        db.execute("ALTER TABLE articles DROP COLUMN published_source")
    with Store(path, read_only=True) as store:  # read as it is
        assert store.article(_article(5).id).published_source is None
    with Store(path) as store:  # opened for writing: the column is added
        store.write([_article(6)])
        assert store.article(_article(6).id) == _article(6)


def test_failures_are_kept_and_counted_not_duplicated(tmp_path):
    with Store(tmp_path / "t.duckdb") as store:
        store.record_failures([Failure("bad.txt", "empty input: nothing to read")])
        store.record_failures([Failure("bad.txt", "empty input: nothing to read")])
        rows = store.failures()
        assert len(rows) == 1 and rows[0]["attempts"] == 2


def test_a_failed_batch_stores_nothing_and_keeps_what_was_there(tmp_path):
    with Store(tmp_path / "t.duckdb") as store:
        store.write([_article(1)])
        broken = _article(2)
        broken.authors = object()  # cannot be stored: the whole batch must roll back
        with pytest.raises(StoreError):
            store.write([_article(3), broken])
        assert store.counts()["articles"] == 1


def test_read_only_store_of_a_missing_file_says_so(tmp_path):
    with pytest.raises(StoreError, match="no such database"):
        Store(tmp_path / "missing.duckdb", read_only=True)


def test_an_event_without_a_place_takes_the_articles_context_place():
    from dateline.store import event_row

    body = "MOGADISHU (AP) - Talks began. They ended."
    places = [{"start": 0, "end": 9, "text": "MOGADISHU", "geonameid": 53654, "lat": 2.037, "lon": 45.344,
               "country": "SOM", "feature": "city", "precision": "place"}]
    article = Article(id="a1", origin="x.txt", body=body, places=places)
    row = event_row(article, {"id": "e1", "location": None})
    assert "MOGADISHU" in row and row[-1] == "context" and "SOM" not in row  # merging ignores its country
    placed = event_row(article, {"id": "e2", "location": {**places[0], "text": "Mogadishu"}})
    assert placed[-1] == "place"


def test_an_event_at_a_name_nothing_places_keeps_the_name_and_takes_the_context_point():
    from dateline.store import event_row

    body = "MOGADISHU (AP) - Gunmen raided Ceel Baraf overnight."
    places = [{"start": 0, "end": 9, "text": "MOGADISHU", "geonameid": 53654, "lat": 2.037, "lon": 45.344,
               "country": "SOM", "feature": "city", "precision": "place"}]
    article = Article(id="a1", origin="x.txt", body=body, places=places)
    village = {"start": 31, "end": 41, "text": "Ceel Baraf", "geonameid": None, "lat": None, "lon": None}
    row = event_row(article, {"id": "e1", "location": village})
    assert "Ceel Baraf" in row and 2.037 in row and 53654 not in row and row[-1] == "context"


def test_an_articles_context_place_is_found_once_for_all_its_events(monkeypatch):
    # found per event, it read every place of the article for each: a 1 MB article's 6,000 events and
    # 8,000 places took a minute to store
    from dateline import places as places_module
    from dateline.store import event_row, event_rows

    body = "MOGADISHU (AP) - Talks began. They ended. Police arrested two men in Kismayo."
    places = [{"start": 0, "end": 9, "text": "MOGADISHU", "geonameid": 53654, "lat": 2.037, "lon": 45.344,
               "country": "SOM", "feature": "city", "precision": "place"},
              {"start": 70, "end": 77, "text": "Kismayo", "geonameid": 55671, "lat": -0.358, "lon": 42.545,
               "country": "SOM", "feature": "city", "precision": "place"}]
    events = [{"id": "e1", "location": None}, {"id": "e2", "location": {**places[1]}}, {"id": "e3"}]
    article = Article(id="a1", origin="x.txt", body=body, places=places, events=events)
    calls = []
    real = places_module.context_place
    monkeypatch.setattr(places_module, "context_place", lambda *a: calls.append(1) or real(*a))
    rows = event_rows(article)
    assert len(calls) == 1
    assert rows == [event_row(article, event) for event in events]
    assert [row[-1] for row in rows] == ["context", "place", "context"] and "Kismayo" in rows[1]
