"""Article extraction scores: body text by whitespace tokens, title and authors by exact match,
publication dates by calendar day, and pages read per second -- over the whole set and its two halves."""
from __future__ import annotations

import gzip
import time
from collections import Counter
from pathlib import Path
from typing import Any

from ..errors import DatelineError, InputError
from ..settings import Config
from ..sources.common import split_authors
from ..sources.html import article_from_html, page_published
from . import HALVES, half_of, load_gold


def token_prf(predicted: str, gold: str) -> tuple[float, float, float]:
    """Bag-of-whitespace-tokens precision, recall and F1, as article-extraction benchmarks score."""
    p, g = Counter(predicted.split()), Counter(gold.split())
    common = sum((p & g).values())
    precision = common / sum(p.values()) if p else 0.0
    recall = common / sum(g.values()) if g else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def score_extraction(gold_path: Path, config: Config, half: str | None = None) -> dict[str, Any]:
    """Scores over all items and over each half (or over one half only, when ``half`` is given).

    Body P/R/F1 (means over items with gold text), title and author accuracy (items with a gold
    title / author), date accuracy by calendar day (items with a gold date; the date is read even from
    pages that hold no article), how the dates were found, and pages/s: CPU time of reading each page
    into a record a second time, one process (the first reading pays for imports and for tables
    built on first use, such as dateparser's per-language patterns).
    """
    if half is not None and half not in HALVES:
        raise DatelineError(f"--half: {half!r} is not one of {', '.join(HALVES)}")
    items = [item for item in load_gold(gold_path) if half is None or half_of(str(item["id"])) == half]
    results = [_score_item(gold_path, item, config) for item in items]
    for item, result in zip(items, results):
        result["seconds"] = _reading_seconds(_page(gold_path, item["html_path"]), item, config)
    if half is not None:
        return {half: _summary(results)}
    return {"all": _summary(results),
            **{name: _summary([r for r, i in zip(results, items) if half_of(str(i["id"])) == name])
               for name in HALVES}}


def _score_item(gold_path: Path, item: dict[str, Any], config: Config) -> dict[str, Any]:
    page = _page(gold_path, item["html_path"])
    gold = item.get("gold") or {}
    result: dict[str, Any] = {}
    try:
        article = article_from_html(page, item["html_path"], config, url=item.get("url"))
    except InputError:
        article = None
    if gold.get("text"):
        result["body"] = token_prf(article.body if article else "", gold["text"])
        result["no_article"] = article is None
    if gold.get("title"):
        result["title"] = _same(article.title if article else None, gold["title"])
    if gold.get("author"):
        found = [_norm(a) for a in article.authors] if article else []
        result["author"] = sorted(found) == sorted(_norm(a) for a in split_authors(gold["author"]))
    if gold.get("date"):
        # pages that hold no article still date themselves
        published, source = (article.published, article.published_source) if article else \
            page_published(page, url=item.get("url"))
        result["date"] = (published or "")[:10] == gold["date"][:10]
        result["date_source"] = source or "none"
    return result


def _reading_seconds(page: bytes, item: dict[str, Any], config: Config) -> float:
    start = time.process_time()
    try:
        article_from_html(page, item["html_path"], config, url=item.get("url"))
    except InputError:
        pass  # a page with no article still costs its time
    return time.process_time() - start


def _summary(results: list[dict[str, Any]]) -> dict[str, Any]:
    scores: dict[str, Any] = {"items": len(results)}
    bodies = [r["body"] for r in results if "body" in r]
    if bodies:
        for k, name in enumerate(("body_precision", "body_recall", "body_f1")):
            scores[name] = sum(b[k] for b in bodies) / len(bodies)
        scores["body_items"] = len(bodies)
        scores["body_no_article"] = sum(r["no_article"] for r in results if "body" in r)
    for name in ("title", "author", "date"):
        hits = [r[name] for r in results if name in r]
        if hits:
            scores[f"{name}_accuracy"] = sum(hits) / len(hits)
            scores[f"{name}_items"] = len(hits)
    dated = [r for r in results if "date" in r]
    if dated:
        sources = Counter(r["date_source"] for r in dated)
        scores["date_by_source"] = {
            source: f"{sum(r['date'] for r in dated if r['date_source'] == source)}/{count}"
            for source, count in sources.most_common()}
    seconds = sum(r["seconds"] for r in results)
    if results and seconds:
        scores["pages_per_second"] = len(results) / seconds
    return scores


def _same(found: str | None, gold: str) -> bool:
    return _norm(found or "") == _norm(gold)


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _page(gold_path: Path, html_path: str) -> bytes:
    """A gold item's page; ``html_path`` is relative to the gold file's folder or its parent."""
    for base in (gold_path.parent, gold_path.parent.parent):
        candidate = base / html_path
        if candidate.exists():
            data = candidate.read_bytes()
            return gzip.decompress(data) if html_path.endswith(".gz") else data
    raise DatelineError(f"{html_path}: page named by the gold file not found")
