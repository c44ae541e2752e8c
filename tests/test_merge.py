"""Cross-article merging: matching rules, determinism, the three reports of the 21 Oct 2022 call, gold P/R."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from dateline.core import Dateline
from dateline.merge import _Side, cluster, dates_match, refresh_merges, score_pairs, sides_match
from dateline.store import Store

GOLD = Path(__file__).parent / "data" / "merge_gold.jsonl"
THREE = ["text/2022-10-21-capital-ledger-austin-shoigu.txt", "html/2022-10-21-harbour-courier-austin-shoigu.html",
         "jsonl/wire.jsonl"]


def _event(eid: str, day: str | None, precision: str | None = "day", src=("a", "USA"), tgt=("b", "RUS"),
           modality: str = "asserted", loc: str | None = None) -> dict:
    d = date.fromisoformat(day) if day else None
    return {"id": eid, "source_actor": src[0], "source_country": src[1], "target_actor": tgt[0],
            "target_country": tgt[1], "date_precision": precision, "date_start": d, "date_end": d,
            "location_country": loc, "modality": modality}


def test_sides_match_persons_exactly_and_countries_loosely() -> None:
    assert sides_match(_Side("lloyd-austin", "USA"), _Side("lloyd-austin", "USA"))
    assert not sides_match(_Side("lloyd-austin", "USA"), _Side("antony-blinken", "USA"))
    assert sides_match(_Side("usa", "USA"), _Side("lloyd-austin", "USA"))
    assert sides_match(_Side("USA:GOV", "USA"), _Side("joe-biden", "USA"))
    assert not sides_match(_Side(None, "USA"), _Side("sergei-shoigu", "RUS"))


def test_dates_fallback_window() -> None:
    day = _event("x", "2022-10-21")
    assert dates_match(_event("y", "2022-10-22", None), day, 2)
    assert not dates_match(_event("y", "2022-10-25", None), day, 2)
    assert not dates_match(_event("y", "2022-10-22"), day, 2)
    month = {**_event("m", "2022-05-01", "month"), "date_end": date(2022, 5, 31)}
    assert dates_match(month, _event("d", "2022-05-13"), 2)


def test_cluster_is_deterministic_and_reciprocal() -> None:
    events = [_event("e3", "2022-10-21", src=("b", "RUS"), tgt=("a", "USA")), _event("e1", "2022-10-21"),
              _event("e2", "2022-10-22", None), _event("e4", "2022-05-13"),
              _event("e5", "2022-10-21", modality="negated")]
    one = sorted(cluster(events, 2, reciprocal=True))
    two = sorted(cluster(list(reversed(events)), 2, reciprocal=True))
    assert one == two
    merged = {eid: mid for eid, mid, _, _ in one}
    assert merged["e1"] == merged["e2"] == merged["e3"] == "e1"
    assert merged["e4"] == "e4" and merged["e5"] == "e5"
    ordered = {eid: mid for eid, mid, _, _ in cluster(events, 2, reciprocal=False)}
    assert ordered["e3"] != ordered["e1"]


def test_location_must_agree() -> None:
    events = [_event("e1", "2022-10-21", loc="UKR"), _event("e2", "2022-10-21", loc="RUS"),
              _event("e3", "2022-10-21")]
    merged = {eid: mid for eid, mid, _, _ in cluster(events, 2, reciprocal=True)}
    assert merged["e1"] != merged["e2"] and merged["e3"] == merged["e1"]


def test_three_reports_of_the_21_october_call_merge(demo_db: str) -> None:
    with Store(demo_db, read_only=True) as store:
        rows = store.db.execute(
            "SELECT n_sources, article_ids, outlets FROM merged_events WHERE type = 'CONSULT' AND date = '2022-10-21' "
            "AND source_actor = 'lloyd-austin' AND target_actor = 'sergei-shoigu' AND modality = 'asserted'").fetchall()
        origins = dict(store.db.execute("SELECT id, origin FROM articles").fetchall())
    assert len(rows) == 1
    n_sources, article_ids, _ = rows[0]
    sources = {origins[a] for a in article_ids}
    assert n_sources == 4  # the three example articles and the seed
    for name in THREE:
        assert any(name.split("/")[-1] in o for o in sources)


def test_refresh_is_incremental_and_stable(demo_db: str, tmp_path) -> None:
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(Path(demo_db).read_bytes())
    with Store(copy) as store:
        before = store.db.execute("SELECT event_id, merged_id FROM event_members ORDER BY 1").fetchall()
        assert refresh_merges(store) == 0
        store.db.execute("DELETE FROM event_members; DELETE FROM merged_events")
        assert refresh_merges(store) == len(before)
        assert store.db.execute("SELECT event_id, merged_id FROM event_members ORDER BY 1").fetchall() == before


def test_gold_pairs_precision_recall(demo_db: str) -> None:
    pairs = [json.loads(line) for line in GOLD.read_text().splitlines() if line.strip()]
    with Store(demo_db, read_only=True) as store:
        scores = score_pairs(store, pairs)
    assert not scores["unmatched"]
    assert scores["precision"] >= 0.9 and scores["recall"] >= 0.65


def test_ingest_of_short_texts_merges_across_articles(tmp_path) -> None:
    texts = {"a.txt": "Defense Secretary Lloyd Austin spoke by phone with Russian Defense Minister Sergei Shoigu "
                      "on Friday, the Pentagon said.\n",
             "b.txt": "Russian Defence Minister Sergei Shoigu held a telephone conversation with US Defense "
                      "Secretary Lloyd Austin on Friday, Moscow said.\n"}
    for name, text in texts.items():
        (tmp_path / name).write_text(text)
    dl = Dateline(db=str(tmp_path / "t.duckdb"), workers=1)
    dl.ingest([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")], published="2022-10-21T12:00:00-04:00")
    rows = dl.events(type="CONSULT", actor="Lloyd Austin")
    assert len(rows) == 1 and rows[0]["n_sources"] == 2
    assert len(dl.events(type="CONSULT", actor="Lloyd Austin", raw=True)) == 2


def test_a_cluster_of_thousands_of_identical_reports_merges_in_bounded_memory(tmp_path) -> None:
    # 5,000 articles from 40 outlets report one call on one day: one merged event. Its lists were joined
    # to every member row (5,000 x 5,000 entries), which outgrew DuckDB's 512 MB limit.
    n = 5000
    with Store(tmp_path / "t.duckdb", memory_limit="512MB") as store:
        store.db.execute(
            "INSERT INTO events (id, article_id, type, source_actor, source_country, target_actor, target_country, "
            "date, date_precision, date_start, date_end, modality, sentence, outlet, url, published, "
            "source_roles, target_roles) "
            "SELECT 'e' || lpad(i::VARCHAR, 5, '0'), 'a' || lpad(i::VARCHAR, 5, '0'), 'CONSULT', 'lloyd-austin', "
            "'USA', 'sergei-shoigu', 'RUS', '2022-10-21', 'day', DATE '2022-10-21', DATE '2022-10-21', 'asserted', "
            "'Defense Secretary Lloyd Austin spoke by phone with Russian Defense Minister Sergei Shoigu on Friday.', "
            "'outlet ' || (i % 40), 'https://example.com/2022/10/21/austin-shoigu-' || i, '2022-10-21T12:00:00', [], [] "
            "FROM range(?) t(i)", [n])
        assert refresh_merges(store) == n
        rows = store.db.execute("SELECT id, n_sources, n_events, len(article_ids), len(outlets), len(urls), "
                                "len(sentences), article_ids[1], source_actor FROM merged_events").fetchall()
        members = store.db.execute("SELECT count(*), count(DISTINCT merged_id) FROM event_members").fetchone()
    assert rows == [("e00000", 40, n, n, n, n, n, "a00000", "lloyd-austin")]
    assert members == (n, 1)
