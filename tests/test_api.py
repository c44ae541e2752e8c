"""The HTTP API (dateline.web) through Starlette's test client: every endpoint against the examples store,
each kind of bad request (4xx, never 500), the token rules, ingest and extract, and reads beside a write."""
from __future__ import annotations

import json
import shutil
import warnings

import pytest

warnings.filterwarnings("ignore", message=".*install `httpx2`")  # starlette 1.x prefers httpx2; httpx works
fastapi = pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from dateline.core import Dateline  # noqa: E402
from dateline.errors import DatelineError  # noqa: E402
from dateline.web import check_bind, create_app  # noqa: E402

AUSTIN_SHOIGU_CALL = "46b57adbd8bfd58b-e0"  # the 2022-10-21 call, reported by three articles


@pytest.fixture(scope="module")
def reader(examples_db, tmp_path_factory):
    db = tmp_path_factory.mktemp("api") / "read.duckdb"
    shutil.copy(examples_db, db)
    dl = Dateline(db=str(db), workers=1)
    yield TestClient(create_app(dl)), dl
    dl.release()


@pytest.fixture(scope="module")
def client(reader) -> TestClient:
    return reader[0]


@pytest.fixture
def writer(examples_db, tmp_path):
    """A server over a fresh copy of the store, without annotation (ingest tests need no model)."""
    db = tmp_path / "write.duckdb"
    shutil.copy(examples_db, db)
    dl = Dateline(db=str(db), annotate=False, max_bytes=20_000)
    yield TestClient(create_app(dl)), dl
    dl.release()


# --- every endpoint -----------------------------------------------------------------------------------

def test_events_are_merged_with_every_filter_and_pages_follow_each_other(client) -> None:
    everything = client.get("/api/events", params={"modality": "any", "limit": 500}).json()["rows"]
    pages, cursor = [], None
    while True:
        page = client.get("/api/events", params={"modality": "any", "limit": 7, **({"after": cursor} if cursor else {})}).json()
        pages += page["rows"]
        cursor = page["next"]
        if cursor is None:
            break
    assert [r["id"] for r in pages] == [r["id"] for r in everything]  # no overlap, no gap, same order
    austin = client.get("/api/events", params={"actor": "Lloyd Austin", "type": "consult", "since": "2022-10-01",
                                               "until": "2022-10-31", "mode": "phone"}).json()["rows"]
    assert AUSTIN_SHOIGU_CALL in [r["id"] for r in austin]
    assert all(r["type"] == "CONSULT" and r["date"].startswith("2022-10") for r in austin)
    near_kherson = client.get("/api/events", params={"near": "46.64,32.61", "km": 30, "modality": "any"}).json()["rows"]
    assert near_kherson and all("Kherson" in (r["location_name"] or "") for r in near_kherson)
    placed = client.get("/api/events", params={"precision": "place", "min_confidence": 0.5}).json()["rows"]
    assert placed and len(placed) < len(everything)
    vague = client.get("/api/events", params={"precision": "region,country,context"}).json()["rows"]
    assert vague and not {r["id"] for r in vague} & {r["id"] for r in placed if r["n_sources"] == 1}
    assert client.get("/api/events", params={"country": "ukr", "role": "mil", "outlet": "garrison",
                                             "text": "kherson", "place": "kherson"}).json()["rows"]
    raw = client.get("/api/events", params={"raw": True, "modality": "any", "limit": 500}).json()["rows"]
    assert len(raw) > len(everything) and "article_id" in raw[0]


def test_the_api_and_the_cli_answer_from_the_same_queries(client, examples_db, tmp_path) -> None:
    """One query layer: `dateline events` and GET /api/events give the same events in the same order."""
    from typer.testing import CliRunner

    from dateline.cli import app

    db = tmp_path / "cli.duckdb"  # the API's process holds its own copy open
    shutil.copy(examples_db, db)
    for options in ({"modality": "any"}, {"actor": "Lloyd Austin", "type": "CONSULT"}, {"country": "UKR"}):
        args = [f"--{name}={value}" for name, value in options.items()]
        result = CliRunner().invoke(app, ["events", "--db", str(db), "--format", "json", "--limit", "500", *args])
        assert result.exit_code == 0, result.output
        cli_ids = [json.loads(line)["id"] for line in result.stdout.splitlines() if line.strip()]
        api_ids = [r["id"] for r in client.get("/api/events", params={**options, "limit": 500}).json()["rows"]]
        assert cli_ids == api_ids and cli_ids


def test_histogram_counts_the_filtered_events_by_month(client) -> None:
    rows = client.get("/api/events/histogram", params={"actor": "Lloyd Austin", "type": "CONSULT"}).json()["rows"]
    months = {r["month"]: r["events"] for r in rows}
    assert months["2022-10"] >= 1 and months["2022-05"] >= 1


def test_one_event_has_every_source_with_its_article(client) -> None:
    event = client.get(f"/api/events/{AUSTIN_SHOIGU_CALL}").json()
    assert (event["type"], event["mode"], event["date"], event["cameo"]) == ("CONSULT", "phone", "2022-10-21", "041")
    assert event["n_sources"] == len({r["article_id"] for r in event["reports"]}) == 3
    for report in event["reports"]:
        assert report["body"][report["span_start"]:report["span_end"]].strip() == report["sentence"].strip()
        assert report["title"] and report["confidence"] > 0 and "date_precision" in report
    member = event["reports"][1]["id"]  # a member event's id leads to the same merged event
    assert client.get(f"/api/events/{member}").json()["id"] == event["id"]
    assert client.get("/events/%s.json" % AUSTIN_SHOIGU_CALL).json()["id"] == event["id"]  # the page's JSON twin
    twin = client.get(f"/events/{AUSTIN_SHOIGU_CALL}", headers={"Accept": "application/json"})
    assert twin.json()["id"] == event["id"]


def test_contacts_give_the_dates_and_the_gap(client) -> None:
    answer = client.get("/api/contacts", params={"a": "Lloyd Austin", "b": "Sergei Shoigu"}).json()
    by_date = {r["date"]: r for r in answer["rows"]}
    assert by_date["2022-10-21"]["gap_days"] == 161 and "2022-05-13" in by_date
    before = client.get("/api/contacts", params={"a": "Lloyd Austin", "b": "Sergei Shoigu", "before": "2022-10-21"}).json()
    assert [r["date"] for r in before["rows"]] == ["2022-05-13"]


def test_actor_articles_network_stats_failures_map_outlines(client) -> None:
    austin = client.get("/api/actors/lloyd-austin").json()
    assert austin["country"] == "USA" and "DEF" in austin["roles"]
    assert austin["offices"][0]["start"] == "2021-01-22"
    assert austin["counterparts"][0]["other"] == "sergei-shoigu"
    assert any(r["id"] == AUSTIN_SHOIGU_CALL for r in austin["timeline"])
    assert client.get("/api/timeline/lloyd-austin", params={"type": "CONSULT"}).json()["rows"]
    actors = client.get("/api/actors", params={"limit": 3}).json()
    more = client.get("/api/actors", params={"limit": 3, "after": actors["next"]}).json()
    assert len(actors["rows"]) == 3 and not {r["id"] for r in actors["rows"]} & {r["id"] for r in more["rows"]}
    articles = client.get("/api/articles", params={"limit": 5}).json()
    assert len(articles["rows"]) == 5 and articles["next"]
    record = client.get(f"/api/articles/{articles['rows'][0]['id']}").json()
    assert record["schema"] == "dateline/1" and record["body"]
    network = client.get("/api/network").json()
    assert {"source": "lloyd-austin", "target": "sergei-shoigu", "type": "CONSULT"}.items() <= network["rows"][0].items()
    stats = client.get("/api/stats").json()["rows"]
    assert {"measure": "total", "key": "articles", "count": 22} in stats
    assert client.get("/api/failures").json() == {"rows": [], "next": None}
    points = client.get("/api/map", params={"modality": "any"}).json()["rows"]
    assert any(p["name"] == "Kherson" and p["feature"] == "city" for p in points)
    clustered = client.get("/api/map", params={"modality": "any", "cell": 10}).json()["rows"]
    assert sum(p["events"] for p in clustered) == sum(p["events"] for p in points) and len(clustered) < len(points)
    outlines = {r["iso3"]: r for r in client.get("/api/outlines").json()["rows"]}
    assert outlines["UKR"]["path"].startswith("M") and len(outlines) > 200
    assert client.get("/api/health").json()["ok"] is True


def test_schema_and_pages_are_served_from_here(client) -> None:
    schema = client.get("/openapi.json").json()
    assert "/api/events" in schema["paths"] and "/api/ingest" in schema["paths"]
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/static/app.js" in docs.text
    assert "cdn" not in docs.text.lower()  # no page of this server loads anything from elsewhere
    csp = docs.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "connect-src 'self'" in csp
    for path in ("/", "/events", "/map", "/contacts", "/paste", f"/events/{AUSTIN_SHOIGU_CALL}", "/actors/usa"):
        assert client.get(path).status_code == 200
    assert client.get("/static/app.css").status_code == 200


# --- bad requests: a clear 4xx, never a 500 ----------------------------------------------------------

@pytest.mark.parametrize(("path", "params", "status"), [
    ("/api/events", {"limit": 0}, 422), ("/api/events", {"limit": 501}, 422), ("/api/events", {"limit": "x"}, 422),
    ("/api/events", {"since": "2022-13-01"}, 422), ("/api/events", {"until": "yesterday"}, 422),
    ("/api/events", {"near": "46.6"}, 422), ("/api/events", {"near": "91,10"}, 422), ("/api/events", {"near": "a,b"}, 422),
    ("/api/events", {"km": -1}, 422), ("/api/events", {"km": "inf"}, 422), ("/api/events", {"km": "nan"}, 422),
    ("/api/events", {"modality": "maybe"}, 422), ("/api/events", {"type": "x'; DROP TABLE events; --"}, 422),
    ("/api/events", {"country": "US"}, 422), ("/api/events", {"min_confidence": 2}, 422),
    ("/api/events", {"precision": "street"}, 422), ("/api/events", {"place_precision": "city"}, 422), ("/api/events", {"after": "no-such-event"}, 400),
    ("/api/events", {"actor": "x" * 201}, 422), ("/api/map", {"cell": 90}, 422),
    ("/api/articles", {"after": "42"}, 400), ("/api/actors", {"after": "o-1"}, 400),
    ("/api/articles/ffffffffffffffff", {}, 404), ("/api/events/no-such-event", {}, 404),
    ("/api/contacts", {"a": "USA"}, 422), ("/api/contacts", {"a": "", "b": "RUS"}, 422),
    ("/api/network", {"since": "2022-02-30"}, 422), ("/api/stats", {"top": 0}, 422),
    ("/api/timeline/usa", {"modality": "?"}, 422), ("/api/no-such-endpoint", {}, 404),
])
def test_bad_requests_answer_4xx_with_a_reason(client, path, params, status) -> None:
    response = client.get(path, params=params)
    assert response.status_code == status, response.text
    assert response.json()["detail"]


def test_text_from_a_request_is_data_not_sql(client, reader) -> None:
    sneaky = "'; DELETE FROM events; --"
    for name in ("text", "actor", "place", "outlet", "mode"):
        assert client.get("/api/events", params={name: sneaky}).json()["rows"] == []
    assert client.get("/api/contacts", params={"a": sneaky, "b": "RUS"}).json()["rows"] == []
    assert client.get("/api/stats").json()["rows"][1]["count"] > 0  # events are all still there


def test_reads_cannot_write() -> None:
    """A read view of the held database is a read-only transaction: a write through it fails."""
    import duckdb

    from dateline.store import Store

    store = Store(":memory:")
    view = store.view()
    with pytest.raises(duckdb.Error, match="read-only"):
        view.db.execute("DELETE FROM articles")
    view.close()
    store.close()


def test_reads_answer_while_a_write_holds_the_database(reader) -> None:
    client, dl = reader
    with dl._write_lock:  # as during a long ingest
        assert client.get("/api/events", params={"limit": 2}).status_code == 200
        assert client.get("/api/contacts", params={"a": "Lloyd Austin", "b": "Sergei Shoigu"}).json()["rows"]


# --- ingest and extract -------------------------------------------------------------------------------

def test_ingest_stores_text_html_and_json_lines_once(writer) -> None:
    client, _dl = writer
    text = "Harbour officials in Valletta reopened the northern quay on Monday after a week of repairs."
    first = client.post("/api/ingest", content=text, headers={"Content-Type": "text/plain"}).json()
    assert first == {"new": 1, "existing": 0, "failed": 0, "failures": []}
    again = client.post("/api/ingest", content=text, headers={"Content-Type": "text/plain"}).json()
    assert (again["new"], again["existing"]) == (0, 1)  # re-sending adds nothing twice
    html = ("<html><head><title>Quay reopens</title></head><body><article><p>" + text.replace("Monday", "Tuesday")
            + " Ferries are expected to call there again from next week.</p></article></body></html>")
    assert client.post("/api/ingest", content=html, headers={"Content-Type": "text/html"}).json()["new"] == 1
    lines = "\n".join(json.dumps({"title": f"Note {i}", "text": f"A short wire note number {i} about quays and ferries."})
                      for i in range(3)) + "\n{not json\n"
    batch = client.post("/api/ingest", content=lines, headers={"Content-Type": "application/jsonl"}).json()
    assert batch["new"] == 3 and batch["failed"] == 1 and batch["failures"][0]["reason"]
    stored = client.get("/api/articles", params={"limit": 500}).json()["rows"]
    assert len(stored) == 22 + 5
    assert client.get("/api/failures").json()["rows"]


def test_ingest_refuses_a_body_too_large_an_empty_one_and_unknown_types(writer) -> None:
    client, _dl = writer
    assert client.post("/api/ingest", content=b"x" * 20_001, headers={"Content-Type": "text/plain"}).status_code == 413
    assert client.post("/api/ingest", content=b"  ", headers={"Content-Type": "text/plain"}).status_code == 422
    assert client.post("/api/ingest", content=b"abc", headers={"Content-Type": "image/png"}).status_code == 415
    assert client.post("/api/extract", content=b"y" * 20_001).status_code == 413
    assert client.post("/api/ingest", content=b"Quay news.", params={"name": "../../etc"}).status_code == 422
    assert client.get("/api/articles", params={"limit": 500}).json()["rows"].__len__() == 22  # nothing stored


def test_extract_returns_the_record_and_stores_nothing(reader) -> None:
    client, dl = reader
    text = "Ukraine's foreign minister Dmytro Kuleba met his Polish counterpart in Warsaw on Thursday."
    record = client.post("/api/extract", content=text, params={"published": "2022-03-03T10:00:00+00:00"}).json()
    assert record["body"].startswith("Ukraine's") and any(p["text"] == "Warsaw" for p in record["places"])
    assert any(t["value"] == "2022-03-03" for t in record["timexes"])
    assert client.post("/api/extract", content=text, params={"published": "not a date"}).status_code == 422
    assert client.get("/api/stats").json()["rows"][0] == {"measure": "total", "key": "articles", "count": 22}


# --- token rules ----------------------------------------------------------------------------------------

def test_a_token_is_required_on_every_request_once_set(examples_db, tmp_path) -> None:
    db = tmp_path / "token.duckdb"
    shutil.copy(examples_db, db)
    dl = Dateline(db=str(db))
    client = TestClient(create_app(dl, token="s3cret-token"))
    for path in ("/api/events", "/events", "/static/app.js", "/openapi.json", "/docs"):
        assert client.get(path).status_code == 401
    assert client.get("/api/events", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.get("/api/events", headers={"Authorization": "Bearer s3cret-token"}).status_code == 200
    assert client.post("/api/ingest", content=b"Quay news from the harbour.").status_code == 401
    page = client.get("/events", params={"token": "s3cret-token"})  # a browser opens a page with ?token=
    assert page.status_code == 200 and "dateline_token" in page.headers["set-cookie"]
    assert client.get("/api/events").status_code == 200  # ...and its scripts then carry the cookie
    dl.release()


def test_listening_beyond_this_machine_needs_a_token() -> None:
    check_bind("127.0.0.1", None)
    check_bind("0.0.0.0", "t")
    with pytest.raises(DatelineError, match="--token"):
        check_bind("0.0.0.0", None)


def test_serve_command_refuses_an_open_address_without_a_token(tmp_path) -> None:
    from typer.testing import CliRunner

    from dateline.cli import app

    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "x.duckdb"), "--host", "0.0.0.0"])
    assert result.exit_code == 2 and "--token" in result.output
