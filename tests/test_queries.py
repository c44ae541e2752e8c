"""Queries over merged events: contacts (the seed article's history), events filters, timeline, network, stats."""
from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from dateline.cli import app
from dateline.core import Dateline
from dateline.queries import write_graph


@pytest.fixture(scope="module")
def dl(demo_db) -> Dateline:
    return Dateline(db=demo_db, workers=1)


def test_contacts_austin_shoigu_history(dl: Dateline) -> None:
    rows = dl.contacts("Lloyd Austin", "Sergei Shoigu")
    days = [str(r["date"]) for r in rows]
    assert "2022-05-13" in days and "2022-10-21" in days and "2023-03-15" in days
    assert days == sorted(days)
    oct21 = rows[days.index("2022-10-21")]
    assert oct21["gap_days"] == 161 and oct21["n_sources"] >= 3
    assert all(r["article_ids"] and len(r["outlets"]) == r["n_sources"] for r in rows)


def test_contacts_before_and_since(dl: Dateline) -> None:
    before = dl.contacts("Lloyd Austin", "Sergei Shoigu", before=date(2022, 10, 21))
    assert [r["date"] for r in before] == ["2022-05-13"]
    since = dl.contacts("sergei-shoigu", "lloyd-austin", since=date(2022, 2, 24), until=date(2022, 10, 21))
    assert [r["date"] for r in since] == ["2022-05-13", "2022-10-21"] and since[-1]["n"] == 2


def test_contacts_by_country_and_role(dl: Dateline) -> None:
    rows = dl.contacts("USA:DEF", "RUS:DEF", since=date(2022, 2, 24), until=date(2022, 10, 21))
    assert [r["date"] for r in rows] == ["2022-05-13", "2022-10-21"]
    assert len(dl.contacts("USA", "RUS")) >= len(dl.contacts("Lloyd Austin", "Sergei Shoigu"))


def test_events_filters(dl: Dateline) -> None:
    merged = dl.events(type="CONSULT", actor="Lloyd Austin", since=date(2022, 10, 21), until=date(2022, 10, 21))
    raw = dl.events(type="CONSULT", actor="Lloyd Austin", since=date(2022, 10, 21), until=date(2022, 10, 21),
                    raw=True)
    assert len(merged) < len(raw)
    assert all(r["type"] == "CONSULT" for r in merged)
    assert dl.events(text="Reaper")
    assert all("Kestrel" in " ".join(o or "" for o in r["outlets"]) for r in dl.events(outlet="kestrel"))
    assert all(r["modality"] == "negated" for r in dl.events(modality="negated"))
    assert dl.events(country="UKR", role="DEF")
    located = dl.events(modality="any", raw=True, limit=1000)
    assert len(located) >= len(dl.events(modality="any", limit=1000))


def test_events_near(dl: Dateline) -> None:
    with dl.store() as store:
        row = store.db.execute("SELECT lat, lon FROM events WHERE lat IS NOT NULL LIMIT 1").fetchone()
    if row is None:
        pytest.skip("no located event in the examples")
    assert dl.events(near=(row[0], row[1]), km=10, modality="any", raw=True)
    assert not dl.events(near=(-89.0, 0.0), km=10, modality="any", raw=True)


def test_events_near_a_place_name_and_by_precision(dl: Dateline) -> None:
    """`--near PLACE` finds the place's point; `--precision` keeps the events placed that precisely."""
    from dateline.queries import place_point

    lat, lon = place_point("Kherson")
    assert abs(lat - 46.64) < 0.1 and abs(lon - 32.61) < 0.1
    assert place_point("Nowhere-at-all-ville") is None
    located = dl.events(modality="any", raw=True, limit=1000, precision="place,near,district,region,country")
    assert located and all(r["location_name"] for r in located)
    with dl.store() as store:
        kinds = {r[0] for r in store.db.execute("SELECT DISTINCT location_precision FROM events").fetchall()}
    assert "place" in kinds or "country" in kinds
    for kind in kinds - {None}:
        rows = dl.events(modality="any", raw=True, limit=1000, precision=kind)
        assert rows and len(rows) < len(dl.events(modality="any", raw=True, limit=1000))
    with pytest.raises(Exception, match="unknown precision"):
        dl.events(precision="street", raw=True)


def test_cli_events_near_place(dl: Dateline) -> None:
    result = CliRunner().invoke(app, ["events", "--db", dl.config.db, "--near", "Kherson", "--km", "30",
                                      "--modality", "any", "--raw", "--format", "json"])
    assert result.exit_code == 0, result.output
    bad = CliRunner().invoke(app, ["events", "--db", dl.config.db, "--near", "Nowhere-at-all-ville"])
    assert bad.exit_code != 0 and "neither a known place" in bad.output


def test_timeline_network_stats(dl: Dateline, tmp_path) -> None:
    line = dl.timeline("Sergei Shoigu")
    assert line and [r["date"] for r in line if r["date"]] == sorted(r["date"] for r in line if r["date"])
    net = dl.network(type="CONSULT")
    pair = [r for r in net if {r["source"], r["target"]} == {"lloyd-austin", "sergei-shoigu"}]
    assert len(pair) == 1 and pair[0]["events"] >= 4
    for name in ("g.graphml", "g.gexf", "g.json"):
        path = write_graph(net, tmp_path / name)
        assert "lloyd-austin" in path.read_text()
    assert json.loads((tmp_path / "g.json").read_text())["edges"]
    stats = {(r["measure"], r["key"]): r["count"] for r in dl.stats()}
    assert stats[("total", "merged events")] < stats[("total", "events")]
    assert stats[("by type", "CONSULT")] > 0 and ("top actors", "lloyd-austin") in stats


def test_cli_contacts_json(dl: Dateline) -> None:
    result = CliRunner().invoke(app, ["contacts", "Lloyd Austin", "Sergei Shoigu", "--db", dl.config.db,
                                      "--before", "2022-10-21", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout.splitlines()[0])["date"] == "2022-05-13"
    for verb in (["events", "--type", "CONSULT"], ["timeline", "lloyd-austin", "-f", "csv"], ["stats"],
                 ["network", "-f", "json"]):
        assert CliRunner().invoke(app, verb + ["--db", dl.config.db]).exit_code == 0


# --- the sorted copies of the merged events (query_tables) answer as merged_events itself -----------------

SEARCHES = [{"modality": "any"}, {}, {"actor": "Lloyd Austin"}, {"type": "CONSULT", "since": date(2022, 5, 1)},
            {"text": "kherson", "modality": "any"}, {"text": "d s", "modality": "any"}, {"country": "UKR"},
            {"until": date(2022, 3, 1), "modality": "any"}, {"outlet": "a", "min_confidence": 0.6},
            {"precision": "place,near"}, {"near": (46.64, 32.61), "km": 300, "modality": "any"},
            {"place": "kyiv", "role": "DEF", "modality": "any"}]
PAIRS = [("Lloyd Austin", "Sergei Shoigu"), ("sergei-shoigu", "lloyd-austin"), ("USA", "RUS"), ("USA:DEF", "RUS:DEF"),
         ("lloyd-austin", "lloyd-austin")]


def _answers(store) -> list:
    """Every page of each search (pages of 3, following the cursor) and the contacts of each pair."""
    from dateline import queries

    answers = []
    for filters in SEARCHES:
        pages, after = [], None
        while True:
            page = queries.events(store, limit=3, after=after, **filters)
            pages.append(page)
            if len(page) < 3:
                break
            after = page[-1]["id"]
        answers.append(pages)
    for a, b in PAIRS:
        answers.append(queries.contacts(store, a, b, undated=True, modality="any"))
        answers.append(queries.contacts(store, a, b, since=date(2022, 5, 1)))
    return answers


def test_sorted_copies_give_the_same_answers_and_follow_every_write(demo_db, tmp_path) -> None:
    import shutil

    from dateline import query_tables
    from dateline.merge import refresh_merges
    from dateline.store import Store

    db = tmp_path / "copy.duckdb"
    shutil.copy(demo_db, db)
    with Store(db) as store:
        assert query_tables.ready(store.db)  # an ingest builds them
        fast = _answers(store)
        assert sum(len(page) for page in fast[0]) > 30 and any(fast[-2 * len(PAIRS):])
        # an article whose Austin CONSULT is merged with other articles' reports of the same call
        article = store.db.execute(
            "SELECT e.article_id FROM events e JOIN event_members m ON m.event_id = e.id "
            "WHERE e.type = 'CONSULT' AND e.source_actor = 'lloyd-austin' AND m.merged_id IN "
            "(SELECT merged_id FROM event_members JOIN events ON events.id = event_id "
            " GROUP BY merged_id HAVING count(DISTINCT article_id) > 1) "
            "ORDER BY e.article_id LIMIT 1").fetchone()[0]
        store._remove([article])  # takes its merged events apart: the copies lose them too
        assert query_tables.ready(store.db)
        fast_removed = _answers(store)
        assert refresh_merges(store) > 0  # the other reports of those events merged again, copies follow
        assert query_tables.ready(store.db)
        fast_merged = _answers(store)
        store.db.execute(f"DROP TABLE {query_tables.SEARCH}")
        assert not query_tables.ready(store.db)
        assert _answers(store) == fast_merged  # merged_events itself answers alike
    shutil.copy(demo_db, db)
    with Store(db) as store:
        store.db.execute(f"DROP TABLE {query_tables.DYADS}")
        assert _answers(store) == fast
        store._remove([article])
        assert _answers(store) == fast_removed != fast


def test_merged_events_written_behind_the_copies_are_not_missed(demo_db, tmp_path) -> None:
    """A merged event the copies do not hold (written by other code) puts them out of use until rebuilt."""
    import shutil

    from dateline import query_tables
    from dateline.store import Store

    db = tmp_path / "copy.duckdb"
    shutil.copy(demo_db, db)
    with Store(db) as store:
        store.db.execute("INSERT INTO merged_events SELECT * REPLACE ('x-' || id AS id) FROM merged_events "
                         "WHERE type = 'CONSULT' AND date_start IS NOT NULL AND "
                         "list_sort([source_actor, target_actor]) = ['lloyd-austin', 'sergei-shoigu'] LIMIT 1")
        assert not query_tables.ready(store.db)
        from dateline import queries

        assert any(r["id"].startswith("x-") for r in queries.contacts(store, "lloyd-austin", "sergei-shoigu",
                                                                       undated=True, modality="any"))
        assert query_tables.ensure(store.db) and query_tables.ready(store.db)
        assert any(r["id"].startswith("x-") for r in queries.events(store, actor="lloyd-austin", limit=1000,
                                                                     modality="any"))


def test_copies_are_sorted_again_once_many_rows_were_rewritten(demo_db, tmp_path, monkeypatch) -> None:
    import shutil

    from dateline import query_tables
    from dateline.merge import refresh_merges
    from dateline.store import Store

    db = tmp_path / "copy.duckdb"
    shutil.copy(demo_db, db)
    with Store(db) as store:
        assert not query_tables.ensure(store.db)  # sorted by the ingest, nothing rewritten since
        articles = [r[0] for r in store.db.execute("SELECT article_id FROM events e JOIN merged_events m "
                                                   "ON m.id = e.id WHERE m.n_sources > 1 LIMIT 5").fetchall()]
        store._remove(articles)  # their merged events go, and the other reports of them merge again
        assert refresh_merges(store) > 0 and query_tables.ready(store.db)
        unsorted = store.db.execute(f"SELECT unsorted FROM {query_tables.STATE}").fetchone()[0]
        assert unsorted >= 5 and not query_tables.ensure(store.db)  # under RESORT_MIN: left as they are
        monkeypatch.setattr(query_tables, "RESORT_MIN", unsorted)
        monkeypatch.setattr(query_tables, "RESORT_SHARE", 0.0)
        assert query_tables.ensure(store.db) and query_tables.ready(store.db)
        assert store.db.execute(f"SELECT unsorted FROM {query_tables.STATE}").fetchone()[0] == 0
        dates = [r[0] for r in store.db.execute(f"SELECT date_start FROM {query_tables.SEARCH}").fetchall()]
        assert [d for d in dates if d] == sorted(d for d in dates if d)
