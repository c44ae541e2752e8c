"""The store under re-sent articles, corrected dates, wrong files, concurrent readers and writers."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from dateline import Dateline, StoreError
from dateline.core import IngestLock
from dateline.store import Store, fingerprint

ROOT = Path(__file__).resolve().parents[1]
TEXTS = ROOT / "examples" / "text"
TALKS = ("Trade talks in Rome\n\nThe foreign ministers of Spain and Italy met in Rome on Monday to talk about "
         "trade, ports and the war in Ukraine.\n\nThey said the talks went well and would go on in Madrid.")


def _texts(folder: Path, body: str = TALKS, count: int = 1) -> Path:
    folder.mkdir(exist_ok=True)
    for n in range(count):
        (folder / f"talks{n}.txt").write_text(body.replace("Monday", f"Monday {n}") if n else body)
    return folder


def test_the_fingerprint_ignores_line_ends_spacing_and_invisible_characters():
    body = "One paragraph.\n\nTwo  paragraphs, café."
    assert fingerprint(body) == fingerprint(body.replace("\n", "\r\n")) == fingerprint(" " + body + "\n") \
        == fingerprint(body.replace("é", "e\u0301")) == fingerprint(body.replace("Two", "T\u200bwo"))
    assert fingerprint(body) != fingerprint(body.replace("Two", "Three"))


def test_the_same_article_in_another_container_is_stored_once(tmp_path):
    db = str(tmp_path / "t.duckdb")
    dl = Dateline(db=db, annotate=False)
    assert dl.ingest([str(TEXTS)]).new == 7
    (tmp_path / "again.jsonl").write_text("".join(json.dumps(a.to_dict()) + "\n" for a in dl.read(str(TEXTS))))
    crlf = tmp_path / "crlf"
    crlf.mkdir()
    for path in TEXTS.glob("*.txt"):
        (crlf / path.name).write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    summary = dl.ingest([str(tmp_path / "again.jsonl"), str(crlf)])
    assert (summary.new, summary.existing, summary.failed) == (0, 14, 0)
    with Store(db, read_only=True) as store:
        assert store.counts()["articles"] == 7


def test_stored_articles_are_found_before_the_model_reads_them(tmp_path, monkeypatch):
    from dateline import pipeline

    db = str(tmp_path / "t.duckdb")
    folder = _texts(tmp_path / "in", count=2)
    Dateline(db=db, workers=1).ingest([str(folder)])
    annotated = []
    real = pipeline._annotate_batch
    monkeypatch.setattr(pipeline, "_annotate_batch", lambda batch, *a: annotated.extend(batch) or real(batch, *a))
    summary = Dateline(db=db, workers=1).ingest([str(folder)])
    assert (summary.new, summary.existing) == (0, 2) and annotated == []


def test_a_corrected_published_date_replaces_the_stored_article(tmp_path):
    db = str(tmp_path / "t.duckdb")
    folder = _texts(tmp_path / "in")
    dl = Dateline(db=db, workers=1)
    dl.ingest([str(folder)], published="2022-10-21")
    with Store(db, read_only=True) as store:
        before = store.counts()
    summary = dl.ingest([str(folder)], published="2022-11-03")
    assert (summary.new, summary.existing, summary.replaced) == (0, 0, 1)
    with Store(db, read_only=True) as store:
        assert store.counts() == before
        assert {r[0] for r in store.db.execute("SELECT published FROM articles").fetchall()} == {"2022-11-03"}
        assert {r[0] for r in store.db.execute("SELECT published FROM events").fetchall()} <= {"2022-11-03"}
        events, members = store.db.execute(
            "SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM event_members)").fetchone()
        assert events == members  # merged events redone, none left pointing at the old events
    assert dl.ingest([str(folder)], published="2022-11-03").existing == 1  # the same date: nothing to do


@pytest.mark.parametrize("name, content", [("events.jsonl", b'{"id": 1}\n'), ("events.csv", b"id,type\n1,X\n"),
                                           ("events.parquet", b"PAR1\x00\x00PAR1"), ("new.csv", None)])
def test_a_db_that_is_no_duckdb_file_is_refused(tmp_path, name, content):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(StoreError, match="duckdb"):
        Dateline(db=str(path), annotate=False).ingest([str(TEXTS)])
    assert path.read_bytes() == content if content is not None else not path.exists()


def test_a_query_runs_while_an_ingest_is_under_way(tmp_path):
    db = str(tmp_path / "t.duckdb")
    folder = _texts(tmp_path / "in", count=6)
    Dateline(db=db, annotate=False).ingest([str(folder / "talks0.txt")])
    seen = []

    def query_from_another_process(item) -> None:
        if len(seen) == 3:  # after the first batches were written, while the ingest goes on
            code = f"from dateline.store import Store; print(Store({db!r}, read_only=True).counts()['articles'])"
            seen.append(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120))
        seen.append(item)

    Dateline(db=db, annotate=False, batch_size=2).ingest([str(folder)], progress=query_from_another_process)
    done = seen[3]
    assert done.returncode == 0, done.stderr
    assert 1 <= int(done.stdout) <= 6


def test_a_second_ingest_is_refused_by_name(tmp_path):
    db = str(tmp_path / "t.duckdb")
    with IngestLock(db):
        with pytest.raises(StoreError, match="another ingest is writing to this database"):
            Dateline(db=db, annotate=False).ingest([str(TEXTS)])
    assert Dateline(db=db, annotate=False).ingest([str(TEXTS)]).new == 7  # free again once it ends


def test_a_writer_waits_for_a_reader_to_let_the_file_go(tmp_path):
    db = str(tmp_path / "t.duckdb")
    Dateline(db=db, annotate=False).ingest([str(TEXTS)])
    code = ("import time, duckdb; c = duckdb.connect(%r, read_only=True); print('open', flush=True); "
            "time.sleep(2); c.close()" % db)
    reader = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert reader.stdout.readline().strip() == "open"
    with Store(db, wait=60) as store:  # opened once the reader has closed, not refused
        assert store.counts()["articles"] == 7
    reader.wait(timeout=60)


def test_a_merged_event_counts_each_outlet_once(tmp_path):
    db = str(tmp_path / "t.duckdb")
    call = "Defence ministers Lloyd Austin and Sergei Shoigu spoke by phone on Friday, 21 October 2022."
    lines = [{"body": f"{call} {extra}", "source": outlet, "published": "2022-10-22T10:00:00+00:00"}
             for outlet, extra in (("Harbour Courier", "It was their first call since May."),
                                   ("Harbour Courier", "The Pentagon gave no details of the call."),
                                   ("Ledger Line", "Moscow said the war was discussed."))]
    (tmp_path / "wire.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines))
    Dateline(db=db, workers=1).ingest([str(tmp_path / "wire.jsonl")])
    rows = Dateline(db=db).events(type="CONSULT", limit=10)
    assert rows and max(r["n_sources"] for r in rows) == 2
