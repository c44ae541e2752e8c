"""Event scores against gold sets of four kinds, told apart by each gold event's ``scheme``.

- PLOVER (plover_gsr): type precision / recall / F1 per type and macro over the gold types (a sentence's
  predicted types against its gold types); on sentences where the gold type is found, whether the
  source's and target's country and role match the gold actors.
- CAMEO-PentaClass (conflibert): accuracy of the penta class of the sentence's most confident event
  (PLOVER type -> penta class by ``data/events/mappings.tsv``); a sentence with no event is class 0,
  a statement.
- CASE2021-T2: gold labels mapped to PLOVER (same table; non-political labels -> NONE); the report's
  lead event type (or NONE) against it (the most confident asserted event of its first sentence with
  one; a protest leads over its policing); macro-F1 over the mapped classes.
- Types are scored on asserted events, as counting tools count; modality is not in these gold sets.
- event-location: for each gold event (trigger + place), the predicted event at that trigger (or
  reported by that word: "launched" in "launched an offensive", "killed" in "shot and killed"; else the
  sentence's most confident one) has the right location when its place overlaps a gold place span, or
  when the gold names no place and dateline gives none (an event with no stated location).

- news_judged (whole articles, most with no political event; ``political`` per article): precision and
  recall of asserted events (same sentence, same PLOVER type, one to one), silence on the articles without
  one ("no event" precision and recall), and on matched events whether the source and target are right
  (the same words as the gold span, or both absent).

``confidence`` calibration (PLOVER sets): how often events in each confidence band are of a gold type.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from ..settings import Config
from . import load_gold
from .actors import code_maps, gold_sector

NONE = "NONE"


def score_events(gold_path: Path, config: Config, rename: dict[str, str] | None = None, half: str | None = None) -> dict[str, Any]:
    """Scores for a gold events file; the scheme of its first event decides how.

    ``rename`` maps codebook type names to the gold's (to score a codebook-defined type)."""
    from ..events.ontology import load_ontology

    items = load_gold(gold_path, half)
    if items and "political" in items[0]:
        return _judged(items, list(_predict(items, config)))
    items = [i for i in items if i.get("events")]
    scheme = items[0]["events"][0]["scheme"] if items else ""
    predicted = list(_predict(items, config))
    for event in (e for events in predicted for e in events):
        event.record["type"] = (rename or {}).get(event.record["type"], event.record["type"])
    ontology = load_ontology()
    if scheme.startswith("PLOVER"):
        return _plover(items, predicted, ontology)
    if scheme == "CAMEO-PentaClass":
        return _penta(items, predicted, ontology)
    if scheme == "CASE2021-T2":
        return _case2021(items, predicted, ontology)
    if scheme == "event-location":
        return _locations(items, predicted)
    return {"items": len(items), "error": f"unknown scheme {scheme!r}"}


def _predict(items: list[dict], config: Config):
    """Each item's events (the extractor's own objects, trigger offsets included)."""
    from ..nlp import load_nlp

    nlp = load_nlp(tuple(config.actor_files), config.codebook or None)
    docs = []
    for n, item in enumerate(items):
        doc = nlp.make_doc(item["text"])
        doc._.published, doc._.article_id = item.get("date") or item.get("published"), f"gold{n}"
        docs.append(doc)
    for doc in nlp.pipe(docs, batch_size=64):
        yield doc._.dateline_events or []


def _plover(items: list[dict], predicted: list, ontology) -> dict[str, Any]:
    counts: dict[str, Counter] = defaultdict(Counter)
    actor_hits: Counter = Counter()
    bands: dict[str, Counter] = defaultdict(Counter)
    for item, events in zip(items, predicted):
        gold = {_plover_type(e, ontology) for e in item["events"]} - {None}
        found = {e.record["type"] for e in events if e.record["modality"] == "asserted"}
        for t in gold | found:
            counts[t]["tp" if t in gold and t in found else "fp" if t in found else "fn"] += 1
        for event in events:
            if event.record["modality"] == "asserted":
                bands[_band(event.record["confidence"])]["right" if event.record["type"] in gold else "wrong"] += 1
        _score_actors(item, events, ontology, actor_hits)
    gold_types = sorted(t for t, c in counts.items() if c["tp"] + c["fn"])
    per_type = {t: _prf(counts[t]) for t in gold_types}
    result: dict[str, Any] = {"items": len(items), "macro_f1": _mean(p["f1"] for p in per_type.values()),
                              "micro": _prf(sum(counts.values(), Counter())), "per_type": per_type}
    for side in ("source", "target"):
        for what in ("country", "role"):
            total = actor_hits[f"{side}_{what}_total"]
            result[f"{side}_{what}_match"] = round(actor_hits[f"{side}_{what}"] / total, 4) if total else None
    result["calibration"] = {band: {"events": c["right"] + c["wrong"],
                                    "right": round(c["right"] / (c["right"] + c["wrong"]), 4)}
                             for band, c in sorted(bands.items())}
    return result


def _plover_type(gold_event: dict, ontology) -> str | None:
    label = gold_event.get("type_plover_current") or gold_event.get("type")
    mapped = ontology.map_label("plover-0.5", label) if label in ontology.labels("plover-0.5") else None
    return mapped[0] if mapped else label


def _score_actors(item: dict, events: list, ontology, hits: Counter) -> None:
    """Source/target country and role of the first predicted event of each gold type."""
    countries = code_maps()[0]
    for gold in item["events"]:
        event = next((e.record for e in events if e.record["type"] == _plover_type(gold, ontology)), None)
        if event is None:
            continue
        for side, key in (("source", "source_actors"), ("target", "target_actors")):
            actors = gold.get(key) or []
            if not actors:
                continue
            mine = event.get(side) or {}
            codes = {countries.get(a.get("code"), a.get("code")) for a in actors}
            hits[f"{side}_country_total"] += 1
            hits[f"{side}_country"] += mine.get("country") in codes
            sectors = {gold_sector(a.get("sector")) for a in actors} - {None}
            if sectors:
                hits[f"{side}_role_total"] += 1
                hits[f"{side}_role"] += bool(sectors & set(mine.get("roles") or []))


def _top(events: list, asserted_only: bool = True) -> dict | None:
    """The most confident asserted event (or, when asked, the most confident of all, asserted first)."""
    records = [e.record for e in events if e.record["modality"] == "asserted"]
    if not records and not asserted_only:
        records = [e.record for e in events]
    return max(records, key=lambda r: r["confidence"], default=None)


def _lead(events: list) -> dict | None:
    """The lead event of a report: the most confident asserted event of the first sentence that has one
    (news reports, ACLED's among them, open with the event they are about)."""
    asserted = [e.record for e in events if e.record["modality"] == "asserted"]
    if not asserted:
        return None
    first = min(r["span"][0] for r in asserted)
    opening = [r for r in asserted if r["span"][0] == first]
    top = max(opening, key=lambda r: r["confidence"])
    if _policing(top) and any(r["type"] == "PROTEST" for r in opening):
        return max((r for r in opening if r["type"] == "PROTEST"), key=lambda r: r["confidence"])
    if (top["type"], top.get("mode")) == ("COERCE", "seize") and any(r["type"] == "RETREAT" for r in opening):
        # a place taken without a fight: conflict monitors record the transfer by the side that left
        return max((r for r in opening if r["type"] == "RETREAT"), key=lambda r: r["confidence"])
    return top


def _policing(record: dict) -> bool:
    """Tear gas, dispersal or arrests: how a protest is policed. Beside the protest they police, they are
    part of its story (ACLED's "protest with intervention"), so the protest leads; lethal force (firing,
    killing) stays an assault of its own."""
    return (record["type"], record.get("mode")) in (("ASSAULT", "crowd-control"), ("COERCE", "arrest"))


def _penta(items: list[dict], predicted: list, ontology) -> dict[str, Any]:
    to_penta = ontology.mapping("penta") | {f"root:{k}": v for k, v in ontology.mapping("penta-root").items()}
    right, confusion = 0, Counter()
    for item, events in zip(items, predicted):
        gold = int(str(item["events"][0]["type"]).removeprefix("PENTA"))
        top = _top(events, asserted_only=False)
        guess = _penta_class(top, to_penta) if top else 0
        right += guess == gold
        confusion[f"{gold}->{guess}"] += 1
    return {"items": len(items), "accuracy": round(right / len(items), 4) if items else None,
            "confusion": dict(sorted(confusion.items()))}


def _penta_class(event: dict, to_penta: dict[str, str]) -> int:
    """The CAMEO penta class of an event: from its CAMEO root when it has one (an appeal, 02, is a
    statement; a demand, 10, verbal conflict), else from its PLOVER type. CAMEO codes what is only
    announced as words: an intent to cooperate (03) is verbal cooperation, a refusal (12) or a threat
    (13) verbal conflict."""
    cameo = event.get("cameo") or ""
    if event.get("modality") in ("future", "hypothetical"):
        return 1 if event["type"] in COOPERATIVE else 3 if event["type"] in CONFLICTUAL else _root_class(cameo, to_penta)
    if event.get("modality") == "negated" and event["type"] in COOPERATIVE:
        return 3
    if cameo[:2].isdigit():
        return _root_class(cameo, to_penta)
    return int(to_penta.get(event["type"], 0))


COOPERATIVE = frozenset({"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"})
CONFLICTUAL = frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "THREATEN", "PROTEST"})


def _root_class(cameo: str, to_penta: dict[str, str]) -> int:
    """The penta class of a CAMEO code's root (``penta-root`` rows of mappings.tsv)."""
    return int(to_penta.get(f"root:{cameo[:2]}", 1))


def _case2021(items: list[dict], predicted: list, ontology) -> dict[str, Any]:
    counts: dict[str, Counter] = defaultdict(Counter)
    for item, events in zip(items, predicted):
        mapped = ontology.map_label("case2021", item["events"][0]["type"])
        gold = mapped[0] if mapped else NONE
        top = _lead(events)
        guess = top["type"] if top else NONE
        for label in {gold, guess}:
            counts[label]["tp" if label == gold == guess else "fn" if label == gold else "fp"] += 1
    per_type = {t: _prf(c) for t, c in sorted(counts.items()) if c["tp"] + c["fn"]}
    return {"items": len(items), "macro_f1": _mean(p["f1"] for p in per_type.values()), "per_type": per_type,
            "accuracy": round(sum(c["tp"] for c in counts.values()) / len(items), 4) if items else None}


def _locations(items: list[dict], predicted: list) -> dict[str, Any]:
    right = total = with_event = with_place = right_with_place = 0
    for item, events in zip(items, predicted):
        for gold in item["events"]:
            total += 1
            spans = gold.get("location_spans") or []
            with_place += bool(spans)
            trigger = (gold.get("trigger_start", -1), gold.get("trigger_end", -1))
            at_trigger = [e for e in events if _overlap(e.trigger, trigger)] or [
                e for e in events if any(_overlap(word, trigger) for word in e.words)]
            event = at_trigger[0].record if at_trigger else _top(events)
            with_event += event is not None
            place = (event or {}).get("location") or {}
            hit = _same_place(place, spans, gold.get("location")) if spans else not place
            right += hit
            right_with_place += hit and bool(spans)
    return {"items": len(items), "gold_events": total, "with_predicted_event": with_event,
            "location_accuracy": round(right / total, 4) if total else None,
            "gold_with_place": with_place,
            "accuracy_where_gold_has_place": round(right_with_place / with_place, 4) if with_place else None}


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _same_place(place: dict, spans: list[dict], names: str | None) -> bool:
    """Overlapping spans, or overlapping names: some gold spans have broken offsets (start == end), and
    there the words of the names stand in for the offsets ("Khost city" holds the gold "Khost", as its
    span would)."""
    if not place:
        return False
    if any(place["start"] < span["end"] and span["start"] < place["end"] for span in spans):
        return True
    gold_names = {n for n in (names or "").split(";")} | {span.get("text", "") for span in spans}
    predicted = _name_words(place.get("text", ""))
    return any(words and predicted and (words <= predicted or predicted <= words)
               for words in map(_name_words, gold_names))


def _name_words(name: str) -> frozenset[str]:
    return frozenset(name.casefold().split()) - {"the"}


def _coarse_band(confidence: float) -> str:
    """Three bands for a small set of whole articles (news_judged): below 0.5, 0.5-0.8, 0.8 and up."""
    return "0.0-0.5" if confidence < 0.5 else "0.5-0.8" if confidence < 0.8 else "0.8-1.0"


def _band(confidence: float) -> str:
    low = min(int(confidence * 10), 9) / 10
    return f"{low:.1f}-{low + 0.1:.1f}"


def _prf(c: Counter) -> dict[str, float]:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4),
            "gold": c["tp"] + c["fn"]}


def _mean(values) -> float:
    values = list(values)
    return round(sum(values) / len(values), 4) if values else 0.0


def _judged(items: list[dict], predicted: list) -> dict[str, Any]:
    """Scores on whole articles judged by hand (news_judged): see the module's docstring."""
    events, articles, actors = Counter(), Counter(), Counter()
    by_type: dict[str, Counter] = defaultdict(Counter)
    bands: dict[str, Counter] = defaultdict(Counter)
    for item, found in zip(items, predicted):
        mine = [e.record for e in found if e.record["modality"] == "asserted"]
        gold = [dict(g, span=_sentence_span(item["text"], g["sentence"])) for g in item.get("events") or []]
        articles[("political" if item["political"] else "quiet") + ("_silent" if not mine else "_coded")] += 1
        if not item["political"]:
            events["in_quiet_articles"] += len(mine)
        unmatched = list(gold)
        for record in mine:
            hit = next((g for g in unmatched if g["type"] == record["type"]
                        and _overlap(tuple(record["span"]), g["span"])), None)
            by_type[record["type"]]["tp" if hit else "fp"] += 1
            bands[_coarse_band(record["confidence"])]["right" if hit else "wrong"] += 1
            if hit is None:
                continue
            unmatched.remove(hit)
            for side in ("source", "target"):
                actors[f"{side}_total"] += 1
                actors[side] += _same_words((record.get(side) or {}).get("text"), hit.get(side))
        for g in unmatched:
            by_type[g["type"]]["fn"] += 1
    total = sum(by_type.values(), Counter())
    quiet = articles["quiet_silent"] + articles["quiet_coded"]
    silent = articles["quiet_silent"] + articles["political_silent"]
    return {"items": len(items), "events": _prf(total),
            "per_type": {t: _prf(c) for t, c in sorted(by_type.items())},
            "no_event": {"precision": round(articles["quiet_silent"] / silent, 4) if silent else 0.0,
                         "recall": round(articles["quiet_silent"] / quiet, 4) if quiet else 0.0,
                         "articles": quiet},
            "events_in_quiet_articles": events["in_quiet_articles"],
            "calibration": {band: {"events": c["right"] + c["wrong"],
                                   "right": round(c["right"] / (c["right"] + c["wrong"]), 4)}
                            for band, c in sorted(bands.items())},
            "source_right": round(actors["source"] / actors["source_total"], 4) if actors["source_total"] else None,
            "target_right": round(actors["target"] / actors["target_total"], 4) if actors["target_total"] else None}


def _sentence_span(text: str, sentence: str) -> tuple[int, int]:
    start = text.find(sentence)
    return (start, start + len(sentence)) if start >= 0 else (-1, -1)


def _same_words(mine: str | None, gold: str | None) -> bool:
    """Both absent, or the predicted actor's words and the gold span share a content word ("the Swedish
    prosecutor" and "Swedish prosecutors" do; a pronoun matches only itself)."""
    if not mine or not gold:
        return not mine and not gold
    return bool(_content_words(mine) & _content_words(gold)) or mine.casefold() == gold.casefold()


def _content_words(text: str) -> set[str]:
    words = {w.strip(".,'\"()").casefold().removesuffix("'s").removesuffix("s") for w in text.split()}
    return words - {"", "the", "a", "an", "of", "and", "for", "in", "on", "to", "its", "his", "her", "their"}
