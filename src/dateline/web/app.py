"""The HTTP API and web app: a thin shell over ``Dateline`` (every answer comes from its query methods).

Pages (``/events``, ``/events/{id}``, ``/map``...) are one HTML shell that the browser fills from the
page's JSON twin: the same path under ``/api`` (``/events`` -> ``/api/events``), also reached as
``/events.json`` or with ``Accept: application/json``. The process holds the database (``Dateline.hold``):
reads run on read-only snapshot views, ingests take turns on the one writer (docs/api.md).
"""
from __future__ import annotations

import hmac
import threading
from contextlib import asynccontextmanager
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.staticfiles import StaticFiles

from ..core import Dateline
from ..errors import DatelineError, InputError
from ..queries import PRECISIONS

MAX_PAGE = 500
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
PAGES = ("events", "map", "network", "contacts", "actors", "articles", "paste", "stats", "failures", "docs")
_SECURITY_HEADERS = {
    # Everything from this server, nothing from anywhere else; no framing, no sniffing.
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                               "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
_INGEST_KINDS = {"text/plain": "text", "text/html": "html", "application/xhtml+xml": "html",
                 "application/jsonl": "jsonl", "application/x-ndjson": "jsonl", "application/json": "jsonl",
                 "application/jsonlines": "jsonl"}

Text = Annotated[str | None, Query(max_length=200)]
Day = Annotated[date | None, Query(description="YYYY-MM-DD")]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"Rows per page (at most {MAX_PAGE}).")]
Cursor = Annotated[str | None, Query(max_length=120, description="`next` of the previous page.")]
_PRECISION = "|".join(PRECISIONS)
Modality = Literal["asserted", "negated", "hypothetical", "future", "any"]
Party = Annotated[str, Query(min_length=1, max_length=200, description="Actor id or name, ISO3 country, or COUNTRY:ROLE.")]
EventType = Annotated[str | None, Query(max_length=40, pattern=r"^[A-Za-z_]+$", description="PLOVER type, e.g. CONSULT.")]


def event_filters(
        actor: Text = None, country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$")] = None,
        role: Annotated[str | None, Query(max_length=10, pattern=r"^[A-Za-z]+$")] = None,
        type: EventType = None, mode: Annotated[str | None, Query(max_length=40)] = None,
        since: Day = None, until: Day = None, place: Text = None,
        near: Annotated[str | None, Query(max_length=60, description='"lat,lon" centre of a radius search')] = None,
        km: Annotated[float, Query(gt=0, le=20_000, allow_inf_nan=False)] = 50.0,
        modality: Modality = "asserted", outlet: Text = None, text: Text = None,
        min_confidence: Annotated[float | None, Query(ge=0, le=1, allow_inf_nan=False)] = None,
        precision: Annotated[str | None, Query(
            max_length=80, pattern=rf"^({_PRECISION})(,({_PRECISION}))*$",
            description=f"How precisely the place is known, one or more of {', '.join(PRECISIONS)} "
                        "(comma-separated), as `dateline events --precision`.")] = None,
        place_precision: Annotated[str | None, Query(include_in_schema=False)] = None,
) -> dict[str, Any]:
    """The filters of ``dateline events`` (plus confidence), validated."""
    if place_precision is not None:  # the first name of this filter, with another vocabulary: say so, not ignore it
        raise HTTPException(422, f"place_precision is now precision: one or more of {', '.join(PRECISIONS)}")
    return {"actor": actor, "country": country.upper() if country else None, "role": role, "type": type,
            "mode": mode, "since": since, "until": until, "place": place, "near": _centre(near), "km": km,
            "modality": modality, "outlet": outlet, "text": text, "min_confidence": min_confidence,
            "precision": precision}


Filters = Annotated[dict, Depends(event_filters)]


def _centre(near: str | None) -> tuple[float, float] | None:
    if not near:
        return None
    try:
        lat, lon = (float(x) for x in near.split(","))
    except ValueError:
        raise HTTPException(422, f'near: expected "lat,lon", got {near!r}') from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise HTTPException(422, "near: latitude must be within -90..90 and longitude within -180..180")
    return lat, lon


def _page(rows: list[dict], limit: int, key: str | None = "id", offset: int = 0) -> dict[str, Any]:
    """One page and the cursor of the next (None at the end): the last row's id, or an offset."""
    more = len(rows) > limit
    rows = rows[:limit]
    cursor = None
    if more:
        cursor = rows[-1][key] if key else f"o{offset + limit}"
    return {"rows": rows, "next": cursor}


def _offset(cursor: str | None) -> int:
    if cursor is None:
        return 0
    if not (cursor.startswith("o") and cursor[1:].isdigit() and len(cursor) < 12):
        raise HTTPException(400, f"unknown cursor {cursor!r}")
    return int(cursor[1:])


@lru_cache(maxsize=None)
def _asset(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def country_outlines() -> list[dict[str, str]]:
    """The web map's country outlines (data/world_outlines.tsv, built by scripts/build_outlines.py)."""
    from ..data import tsv_rows

    rows = tsv_rows("world_outlines.tsv")
    return [{"iso3": iso3, "name": name, "path": path} for iso3, name, path in rows[1:]]


def create_app(dl: Dateline, *, token: str | None = None) -> FastAPI:
    """The ASGI app over ``dl``, which it holds open; with ``token`` every request must carry it."""
    dl.hold()

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        yield
        dl.release()

    app = FastAPI(title="dateline", version="1", docs_url=None, redoc_url=None, lifespan=lifespan,
                  description="Events from news, with their evidence: the JSON twin of every web page. "
                              "See docs/api.md.")
    secret = token.encode() if token else None
    model_lock = threading.Lock()  # one language model in this process: one article read at a time

    def with_model(work, *args, **kwargs):
        with model_lock:
            return work(*args, **kwargs)

    @app.middleware("http")
    async def guard(request: Request, call_next):
        if secret is not None and not _authorised(request, secret):
            return JSONResponse({"detail": "a valid token is required (Authorization: Bearer TOKEN)"},
                                status_code=401, headers={"WWW-Authenticate": "Bearer", **_SECURITY_HEADERS})
        path = request.scope["path"]
        if not path.startswith(("/api/", "/static/")) and path != "/openapi.json":
            if path.endswith(".json"):
                request.scope["path"] = "/api" + path[:-5]
            elif "application/json" in request.headers.get("accept", "") and path.strip("/"):
                request.scope["path"] = "/api" + path
        response = await call_next(request)
        response.headers.update(_SECURITY_HEADERS)
        if secret is not None and request.query_params.get("token"):  # a page opened with ?token= keeps it
            response.set_cookie("dateline_token", request.query_params["token"], httponly=True, samesite="strict")
        return response

    @app.exception_handler(DatelineError)
    async def dateline_error(_request: Request, exc: DatelineError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=400)

    import duckdb

    @app.exception_handler(duckdb.Error)
    async def query_error(_request: Request, exc: duckdb.Error) -> JSONResponse:
        # Input only ever reaches SQL as parameters; a value the database still cannot take is the asker's.
        return JSONResponse({"detail": f"the query could not run with these values ({type(exc).__name__})"},
                            status_code=400)

    @app.exception_handler(RequestValidationError)
    async def bad_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [{"where": ".".join(str(p) for p in e.get("loc", ())), "problem": e.get("msg", "")}
                    for e in exc.errors()]
        return JSONResponse({"detail": problems}, status_code=422)

    # --- JSON API ---------------------------------------------------------------------------------

    @app.get("/api/articles", tags=["articles"])
    def articles(limit: Limit = 50, after: Cursor = None) -> dict:
        """Stored articles, newest publication first."""
        offset = _offset(after)
        with dl.store() as store:
            rows = store.articles(limit=limit + 1, offset=offset)
        return _page(rows, limit, None, offset)

    @app.get("/api/articles/{article_id}", tags=["articles"])
    def article(article_id: Annotated[str, _path_id()]) -> dict:
        """One article record (SCHEMA.md), by id or unique id prefix."""
        with dl.store() as store:
            record = store.article(article_id)
        if record is None:
            raise HTTPException(404, f"no single article with id {article_id!r}")
        return record.to_dict()

    @app.get("/api/events", tags=["events"])
    def events(filters: Filters, limit: Limit = 100, after: Cursor = None,
               raw: Annotated[bool, Query(description="Per-article rows instead of merged events.")] = False) -> dict:
        """Events (merged across articles unless raw) with every filter of `dateline events`, by date."""
        rows = dl.events(**filters, raw=raw, limit=limit + 1, after=after)
        return _page(rows, limit)

    @app.get("/api/events/histogram", tags=["events"])
    def histogram(filters: Filters, raw: bool = False) -> dict:
        """How many of the filtered events start in each month."""
        return {"rows": dl.histogram(**filters, raw=raw)}

    @app.get("/api/events/{event_id}", tags=["events"])
    def event(event_id: Annotated[str, _path_id()],
              triggers: Annotated[bool, Query(description="Also find each report's trigger by annotating its "
                                                          "article again (slower).")] = False) -> dict:
        """One merged event (its id, or any report's id or unique prefix) with every report (`dateline event`),
        each with its article's body, for the evidence in context."""
        record = with_model(dl.event, event_id, triggers=True) if triggers else dl.event(event_id, triggers=False)
        if record is None:
            raise HTTPException(404, f"no single event with id {event_id!r}")
        with dl.store() as store:
            bodies = {aid: store.article(aid) for aid in {r["article_id"] for r in record["reports"]}}
        for report in record["reports"]:
            article = bodies.get(report["article_id"])
            report["body"] = article.body if article else None
        return record

    @app.get("/api/map", tags=["events"])
    def places(filters: Filters, cell: Annotated[float, Query(ge=0, le=45, allow_inf_nan=False,
               description="Grid cell in degrees for clustering (0: one point per place).")] = 0.0) -> dict:
        """Merged events with a place, one point per place (or grid cell)."""
        return {"rows": dl.places(**filters, cell_degrees=cell)}

    @app.get("/api/outlines", tags=["map"])
    def outlines() -> JSONResponse:
        """Country outlines as SVG paths (x = longitude, y = -latitude), Natural Earth, simplified."""
        return JSONResponse({"rows": country_outlines()}, headers={"Cache-Control": "max-age=86400"})

    @app.get("/api/actors", tags=["actors"])
    def actors(limit: Limit = 50, after: Cursor = None) -> dict:
        """Actors of the stored articles, most mentioned first."""
        offset = _offset(after)
        with dl.store() as store:
            rows = store.actors(limit=offset + limit + 1)[offset:]
        return _page(rows, limit, None, offset)

    @app.get("/api/actors/{actor}", tags=["actors"])
    def actor(actor: Annotated[str, _path_id()], limit: Limit = 200) -> dict:
        """One actor: names, country, roles, offices held and when, main counterparts, timeline."""
        profile = dl.actor(actor)
        profile["timeline"] = dl.timeline(actor, limit=limit)
        return profile

    @app.get("/api/timeline/{actor}", tags=["actors"])
    def timeline(actor: Annotated[str, _path_id()], since: Day = None, until: Day = None,
                 type: EventType = None, modality: Modality = "asserted", raw: bool = False,
                 limit: Limit = MAX_PAGE) -> dict:
        """Events involving one actor, by date."""
        return {"rows": dl.timeline(actor, since=since, until=until, type=type, modality=modality, raw=raw,
                                    limit=limit)}

    @app.get("/api/contacts", tags=["actors"])
    def contacts(a: Party, b: Party, since: Day = None, until: Day = None, before: Day = None,
                 modality: Modality = "asserted", undated: bool = False) -> dict:
        """Every contact (CONSULT) between A and B, either direction, with the days since the previous one."""
        rows = dl.contacts(a, b, since=since, until=until, before=before, modality=modality, undated=undated)
        gaps = [r["gap_days"] for r in rows if r["gap_days"] is not None]
        return {"a": a, "b": b, "rows": rows, "last": rows[-1]["date"] if rows else None,
                "longest_gap_days": max(gaps) if gaps else None}

    @app.get("/api/network", tags=["actors"])
    def network(type: EventType = None, since: Day = None, until: Day = None, modality: Modality = "asserted",
                raw: bool = False, limit: Limit = MAX_PAGE) -> dict:
        """Dyad counts by event type; reciprocal types count A-B and B-A together."""
        rows = dl.network(type=type, since=since, until=until, modality=modality, raw=raw, limit=limit + 1)
        return {"rows": rows[:limit], "more": len(rows) > limit}

    @app.get("/api/stats", tags=["store"])
    def stats(top: Annotated[int, Query(ge=1, le=100)] = 10) -> dict:
        """Counts of articles, events and merged events; by type, by month; top actors."""
        return {"rows": dl.stats(top=top)}

    @app.get("/api/failures", tags=["store"])
    def failures(limit: Limit = 100, after: Cursor = None) -> dict:
        """Inputs that could not be read, with the reason and how often they were tried."""
        offset = _offset(after)
        with dl.store() as store:
            rows = store.failures()[offset:offset + limit + 1]
        return _page(rows, limit, None, offset)

    @app.post("/api/extract", tags=["articles"], openapi_extra=_body_schema(("text/plain", "text/html")))
    async def extract(request: Request, published: Annotated[str | None, Query(max_length=40)] = None,
                      url: Annotated[str | None, Query(max_length=2000)] = None) -> dict:
        """One article (plain text or HTML body) -> its record, with every layer; nothing is stored."""
        body = await _body(request, dl.config.max_bytes)
        try:
            record = await run_in_threadpool(with_model, dl.extract, body, published=published, url=url,
                                             origin="<posted>")
        except InputError as exc:
            raise HTTPException(422, exc.reason) from None
        return record.to_dict()

    @app.post("/api/ingest", tags=["articles"],
              openapi_extra=_body_schema(("text/plain", "text/html", "application/jsonl", "application/x-ndjson")))
    async def ingest(request: Request, published: Annotated[str | None, Query(max_length=40)] = None,
                     name: Annotated[str, Query(max_length=200, pattern=r"^[\w.\- ]+$",
                                                description="Origin to record for the posted input.")] = "posted") -> dict:
        """Store the articles of the body (text, HTML or JSON Lines, by Content-Type) and answer with the
        ingest summary; one ingest at a time, reads keep answering meanwhile."""
        body = await _body(request, dl.config.max_bytes)
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        kind = _INGEST_KINDS.get(media)
        if media and kind is None and media != "application/octet-stream":
            raise HTTPException(415, f"content type {media!r}: send text/plain, text/html or application/jsonl")
        summary = await run_in_threadpool(with_model, dl.ingest_data, body, origin=f"<{name}>", kind=kind,
                                          published=published)
        return {"new": summary.new, "existing": summary.existing, "failed": summary.failed,
                "failures": [{"origin": f.origin, "reason": f.reason} for f in summary.failures]}

    @app.get("/api/health", tags=["store"])
    def health() -> dict:
        """The server answers, and which database it holds."""
        return {"ok": True, "db": dl.config.db}

    # --- web pages --------------------------------------------------------------------------------

    app.mount("/static", StaticFiles(packages=[("dateline.web", "static")]), name="static")

    def shell() -> HTMLResponse:
        return HTMLResponse(_asset("static/page.html"))

    @app.get("/", include_in_schema=False)
    def home() -> HTMLResponse:
        return shell()

    for page in PAGES:
        app.add_api_route(f"/{page}", shell, include_in_schema=False, methods=["GET"])
    for page in ("events", "actors", "articles"):
        app.add_api_route(f"/{page}/{{item}}", shell, include_in_schema=False, methods=["GET"])

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    return app


def _body_schema(media_types: tuple[str, ...]) -> dict[str, Any]:
    """The OpenAPI description of a raw body (read by ``_body``, not parsed by FastAPI)."""
    return {"requestBody": {"required": True, "content": {
        media: {"schema": {"type": "string", "minLength": 1}} for media in media_types}}}


def _path_id() -> Any:
    from fastapi import Path

    return Path(min_length=1, max_length=200)


async def _body(request: Request, limit: int) -> bytes:
    """The request body, refused (413) past ``limit`` bytes without reading the rest."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, f"body too large: {int(declared):,} bytes, the limit is {limit:,} (setting max_bytes)")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HTTPException(413, f"body too large: over {limit:,} bytes (setting max_bytes)")
        chunks.append(chunk)
    body = b"".join(chunks)
    if not body.strip():
        raise HTTPException(422, "empty body: send the article's text or HTML")
    return body


def _authorised(request: Request, secret: bytes) -> bool:
    """The request carries the token: Authorization: Bearer, the cookie a page sets, or ?token=."""
    header = request.headers.get("authorization", "")
    offered = [header[7:] if header.lower().startswith("bearer ") else "",
               request.cookies.get("dateline_token", ""), request.query_params.get("token", "")]
    return any(hmac.compare_digest(o.encode(), secret) for o in offered if o)


def check_bind(host: str, token: str | None) -> None:
    """Refuse to listen beyond this machine without a token."""
    if host not in LOCAL_HOSTS and not token:
        raise DatelineError(f"--host {host}: listening beyond this machine needs --token (or DATELINE_TOKEN)")


__all__ = ["create_app", "check_bind", "country_outlines"]
