"""Time-expression scores: span P/R/F1 (relaxed overlap and strict) and value accuracy on matched spans."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from ..timex import find_timexes
from . import load_gold

Span = dict[str, Any]
# MEANTIME annotates the title and the first five sentences of each article (one line each in the
# converted text); expressions after that are unannotated, so neither side is scored there.
SCOPED_LINES = {"meantime": 6}


@lru_cache(maxsize=1)
def nlp() -> Any:
    """The spaCy pipeline, loaded once."""
    from ..nlp import load_model
    return load_model()


def scope_end(item: dict[str, Any]) -> int:
    """End offset of the annotated part of an item's text (its whole length unless the corpus says less)."""
    text, lines = item["text"], SCOPED_LINES.get(str(item.get("id", "")).split(":")[0].split("-")[0])
    if not lines:
        return len(text)
    cut = -1
    for _ in range(lines):
        cut = text.find("\n", cut + 1)
        if cut < 0:
            return len(text)
    return cut


def match(gold: list[Span], predicted: list[Span], strict: bool) -> list[tuple[Span, Span]]:
    """One-to-one pairs of gold and predicted spans, by exact offsets or by largest overlap."""
    pairs, used = [], set()
    for g in gold:
        best, best_overlap = None, 0
        for i, p in enumerate(predicted):
            overlap = min(g["end"], p["end"]) - max(g["start"], p["start"])
            exact = (g["start"], g["end"]) == (p["start"], p["end"])
            if i not in used and (exact if strict else overlap > best_overlap):
                best, best_overlap = i, overlap
                if strict:
                    break
        if best is not None:
            used.add(best)
            pairs.append((g, predicted[best]))
    return pairs


def prf(hits: int, n_pred: int, n_gold: int) -> dict[str, float]:
    """Precision, recall and F1 from counts."""
    precision = hits / n_pred if n_pred else 0.0
    recall = hits / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def tally(docs: list[tuple[list[Span], list[Span]]]) -> dict[str, Any]:
    """Span and value scores summed over documents of (gold, predicted) spans."""
    n_gold = sum(len(g) for g, _ in docs)
    n_pred = sum(len(p) for _, p in docs)
    relaxed = [pair for g, p in docs for pair in match(g, p, strict=False)]
    strict = sum(len(match(g, p, strict=True)) for g, p in docs)
    correct = sum(1 for g, p in relaxed if p.get("value") == g.get("value"))
    return {
        "gold": n_gold, "predicted": n_pred, "matched": len(relaxed), "matched_strict": strict,
        "value_correct": correct, "value_accuracy": round(correct / len(relaxed), 4) if relaxed else 0.0,
        "relaxed": prf(len(relaxed), n_pred, n_gold), "strict": prf(strict, n_pred, n_gold),
    }


def score_time(gold_path: Path, config: Any = None, half: str | None = None) -> dict[str, Any]:
    """Score find_timexes on a time gold file ({text, dct, timex}), the dct given as `published`."""
    items = load_gold(gold_path, half)
    scoped, whole = [], []
    for item, doc in zip(items, nlp().pipe(item["text"] for item in items)):
        predicted = find_timexes(doc, item.get("dct"))
        gold, end = item.get("timex") or [], scope_end(item)
        whole.append((gold, predicted))
        scoped.append(([g for g in gold if g["start"] < end], [p for p in predicted if p["start"] < end]))
    result = tally(scoped)
    result["items"] = len(items)
    result["whole_text"] = tally(whole)
    return result
