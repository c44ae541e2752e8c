"""The web app in a real headless browser (Debian's chromium driven by Playwright), against a server over
a database built from examples/: every page renders with no console error and no request leaving
127.0.0.1; search, an event, the Austin-Shoigu contacts, pasting an article. Skipped where chromium or
Playwright is missing (.ci/run installs both). Screenshots go to test-output/screenshots/."""
from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[1] / "test-output" / "screenshots"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="chromium is not installed (apt-get install chromium)")


@pytest.fixture(scope="module")
def base_url(examples_db, tmp_path_factory):
    """A dateline server (uvicorn, in a thread) on a free local port, over a copy of the examples store."""
    import uvicorn

    from dateline.core import Dateline
    from dateline.web import create_app

    db = tmp_path_factory.mktemp("web") / "web.duckdb"
    shutil.copy(examples_db, db)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(Dateline(db=str(db), workers=1)), host="127.0.0.1",
                                           port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--no-sandbox", "--disable-background-networking", "--disable-component-update",
            "--disable-default-apps", "--disable-sync", "--no-first-run", "--disable-features=Translate"])
        yield chromium
        chromium.close()


class Visit:
    """One page with its console errors and every request it made that left 127.0.0.1."""

    def __init__(self, browser, base_url: str):
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.base = base_url
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", self._request)

    def _request(self, request) -> None:
        url = urlparse(request.url)
        if url.scheme not in ("data", "about", "blob") and url.hostname != "127.0.0.1":
            self.outside.append(request.url)

    def open(self, path: str) -> "Visit":
        self.page.goto(self.base + path)
        self.page.wait_for_selector("body[data-ready=true]", timeout=30_000)
        return self

    def follow(self, selector: str) -> None:
        """Click a link or button that opens another page, and wait until that page is drawn."""
        with self.page.expect_navigation():
            self.page.locator(selector).first.click()
        self.page.wait_for_selector("body[data-ready=true]", timeout=30_000)

    def text(self) -> str:
        return self.page.inner_text("main")

    def shot(self, name: str, selector: str | None = None) -> None:
        """A screenshot of the window, or of one element of the page."""
        SHOTS.mkdir(parents=True, exist_ok=True)
        if selector:
            self.page.locator(selector).first.screenshot(path=str(SHOTS / f"{name}.png"))
        else:
            self.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)

    def clean(self) -> None:
        assert self.errors == [], self.errors
        assert self.outside == [], self.outside
        self.page.close()


@pytest.fixture
def visit(browser, base_url):
    opened: list[Visit] = []

    def make() -> Visit:
        opened.append(Visit(browser, base_url))
        return opened[-1]

    yield make
    for v in opened:
        v.clean()


PAGES = ["/", "/events", "/map", "/network", "/contacts", "/actors", "/actors/lloyd-austin", "/articles",
         "/paste", "/stats", "/failures", "/docs", "/contacts?a=Lloyd+Austin&b=Sergei+Shoigu"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_without_errors_or_outside_requests(visit, path: str) -> None:
    v = visit().open(path)
    assert "Something is not right" not in v.text()
    assert v.page.locator("main h1").count() == 1


def test_search_then_open_an_event(visit) -> None:
    v = visit().open("/events")
    v.page.fill("input[name=actor]", "Lloyd Austin")
    v.page.select_option("select[name=modality]", "any")
    v.follow("form.filters button[type=submit]")
    assert "actor=Lloyd+Austin" in v.page.url and "text=" not in v.page.url  # empty fields stay out of the URL
    assert v.page.locator("svg.hist rect").count() >= 1
    rows = v.page.locator("main tbody tr")
    assert rows.count() >= 3
    assert "lloyd-austin" in v.page.inner_text("main tbody")
    v.shot("events")
    v.follow("main tbody tr a[href^='/events/']")
    assert "/events/" in v.page.url
    assert v.page.locator("mark.evidence").count() >= 1
    assert "Confidence" in v.text() and "Evidence" in v.text()


def test_event_page_shows_place_on_the_map_and_every_source(visit) -> None:
    v = visit().open("/events/46b57adbd8bfd58b-e0")  # the 2022-10-21 Austin-Shoigu call, three reports
    body = v.text()
    assert "2022-10-21" in body and "CONSULT" in body and "phone" in body
    assert "Evidence (3 articles" in body
    assert v.page.locator("section.card").count() == 3  # one card per article, its reports marked in it
    assert v.page.locator("mark.evidence").count() >= 3
    assert "sergei-shoigu" in v.page.locator("main dl.facts").inner_text()


def test_event_page_puts_its_place_on_a_map(visit) -> None:
    v = visit().open("/events/5a5a8ca047d6bd12-e0")  # Ukrainian forces enter Kherson
    assert "Kherson" in v.text()
    assert v.page.locator("svg.map circle.point").count() == 1
    assert v.page.locator("svg.map path.land").count() > 150
    v.shot("event")


def test_contacts_page_answers_the_seed_question(visit) -> None:
    v = visit().open("/contacts?a=Lloyd+Austin&b=Sergei+Shoigu")
    body = v.text()
    assert "2022-05-13" in body and "2022-10-21" in body
    assert "161 days" in body
    v.shot("contacts")


def test_map_draws_outlines_and_points(visit) -> None:
    v = visit().open("/map?modality=any")
    assert v.page.locator("svg.map path.land").count() > 150
    assert v.page.locator("svg.map circle.point").count() >= 3
    v.shot("map", "svg.map")
    v.page.locator("svg.map a").first.focus()  # each point is a link: Enter opens its events
    with v.page.expect_navigation():
        v.page.keyboard.press("Enter")
    v.page.wait_for_selector("body[data-ready=true]")
    assert "/events" in v.page.url and v.page.locator("main tbody tr").count() >= 1


def test_paste_an_article_highlights_its_layers(visit) -> None:
    v = visit().open("/paste")
    v.page.fill("#paste-text", "KYIV, March 3 - Ukraine's foreign minister Dmytro Kuleba met his Polish counterpart "
                               "in Warsaw on Thursday to discuss fuel deliveries, the ministry said.")
    v.page.fill("#paste-published", "2022-03-03T10:00:00+00:00")
    v.page.click("#main form button[type=submit]")
    v.page.wait_for_selector("#paste-result .article-body", timeout=120_000)
    assert v.page.locator("#paste-result .hl-place").count() >= 1
    assert v.page.locator("#paste-result .hl-date").count() >= 1
    assert v.page.locator("#paste-result .hl-entity").count() >= 1
    v.shot("paste")


def test_narrow_window_has_no_sideways_scroll(visit) -> None:
    v = visit()
    v.page.set_viewport_size({"width": 380, "height": 800})
    v.open("/events")
    overflow = v.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1
