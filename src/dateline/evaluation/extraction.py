"""Article extraction scores: body text by whitespace tokens, publication dates by calendar day."""
from __future__ import annotations

import gzip
from collections import Counter
from pathlib import Path
from typing import Any

from ..errors import DatelineError, InputError
from ..settings import Config
from ..sources.html import article_from_html, page_published
from . import load_gold


def token_prf(predicted: str, gold: str) -> tuple[float, float, float]:
    """Bag-of-whitespace-tokens precision, recall and F1, as article-extraction benchmarks score."""
    p, g = Counter(predicted.split()), Counter(gold.split())
    common = sum((p & g).values())
    precision = common / sum(p.values()) if p else 0.0
    recall = common / sum(g.values()) if g else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def score_extraction(gold_path: Path, config: Config, half: str | None = None) -> dict[str, Any]:
    """Mean body P/R/F1 over items with gold text; date accuracy over items with a gold date."""
    items = load_gold(gold_path, half)
    text_scores, date_hits, date_total, failed = [], 0, 0, 0
    for item in items:
        page = _page(gold_path, item["html_path"])
        gold = item.get("gold") or {}
        if gold.get("text"):
            try:
                body = article_from_html(page, item["html_path"], config, url=item.get("url")).body
            except InputError:
                body, failed = "", failed + 1
            text_scores.append(token_prf(body, gold["text"]))
        if gold.get("date"):
            date_total += 1
            published = page_published(page, url=item.get("url")) or ""
            date_hits += published[:10] == gold["date"][:10]
    scores: dict[str, Any] = {"items": len(items)}
    if text_scores:
        for k, name in enumerate(("body_precision", "body_recall", "body_f1")):
            scores[name] = sum(s[k] for s in text_scores) / len(text_scores)
        scores["body_items"] = len(text_scores)
        scores["body_no_article"] = failed
    if date_total:
        scores["date_accuracy"] = date_hits / date_total
        scores["date_items"] = date_total
    return scores


def _page(gold_path: Path, html_path: str) -> bytes:
    """A gold item's page; ``html_path`` is relative to the gold file's folder or its parent."""
    for base in (gold_path.parent, gold_path.parent.parent):
        candidate = base / html_path
        if candidate.exists():
            data = candidate.read_bytes()
            return gzip.decompress(data) if html_path.endswith(".gz") else data
    raise DatelineError(f"{html_path}: page named by the gold file not found")
