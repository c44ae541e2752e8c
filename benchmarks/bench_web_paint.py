"""First paint and time to a drawn page in a real browser (Debian's chromium via Playwright).

Starts the app (uvicorn, in a thread) over a database (``--db``, e.g. the 1M-event store that
``bench_api.py --keep FILE`` leaves), opens each page ``--runs`` times in a fresh tab and reports the
median first contentful paint (the browser's own measure) and the time until the page is drawn from
its JSON twin (``body[data-ready]``). Target: first paint < 1 s.
Run: python benchmarks/bench_web_paint.py --db FILE [--runs 5]
"""
from __future__ import annotations

import argparse
import socket
import statistics
import threading
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--event", default=None, help="An event id for the event page (else the first one).")
    args = parser.parse_args()
    import uvicorn
    from playwright.sync_api import sync_playwright

    from dateline.core import Dateline
    from dateline.web import create_app

    dl = Dateline(db=args.db)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(dl), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    event = args.event or dl.events(limit=1)[0]["id"]
    pages = ["/events", f"/events/{event}", "/map", "/contacts?a=Lloyd+Austin&b=Sergei+Shoigu", "/network"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                    args=["--no-sandbox", "--disable-background-networking"])
        for path in pages:
            paints, drawn = [], []
            for _ in range(args.runs):
                page = browser.new_page()
                start = time.perf_counter()
                page.goto(f"http://127.0.0.1:{port}{path}")
                page.wait_for_selector("body[data-ready=true]", timeout=60_000)
                drawn.append((time.perf_counter() - start) * 1000)
                paints.append(page.evaluate(
                    "performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1"))
                page.close()
            print(f"{path:<45} first paint {statistics.median(paints):7.0f} ms   drawn {statistics.median(drawn):7.0f} ms")
        browser.close()
    server.should_exit = True


if __name__ == "__main__":
    main()
