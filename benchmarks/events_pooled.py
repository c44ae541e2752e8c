"""The pooled event figure over every development set, with each set's tune and check halves.

    python benchmarks/events_pooled.py [--sets plover,penta,case,location,judged] [--json OUT]

Each set is coded once; its items are then scored whole and by half (``evaluation.half_of``). The
pooled figure is the mean of the sets' headline figures: PLOVER macro-F1 (plover_gsr), penta accuracy
(conflibert), mapped macro-F1 (case2021), location accuracy (event_location) and event F1 on news_judged.
A change is kept only if the pooled figure and the check half both improve (docs/quality.md).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from dateline.evaluation import half_of, load_gold
from dateline.evaluation import events as ev
from dateline.events.ontology import load_ontology
from dateline.settings import Config

EVAL = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval" / "events"
SETS = {  # name: (file, scorer, headline figure)
    "plover": ("plover_gsr.jsonl", ev._plover, lambda s: s["macro_f1"]),
    "penta": ("conflibert_cameo_train.jsonl", ev._penta, lambda s: s["accuracy"]),
    "case": ("case2021_task2.jsonl", ev._case2021, lambda s: s["macro_f1"]),
    "location": ("event_location.jsonl", lambda i, p, o: ev._locations(i, p), lambda s: s["location_accuracy"]),
    "judged": ("news_judged.jsonl", None, lambda s: s["events"]["f1"]),
}


def score_set(name: str, config: Config) -> dict:
    file, scorer, headline = SETS[name]
    items = load_gold(EVAL / file)
    if name != "judged":
        items = [i for i in items if i.get("events")]
    predicted = list(ev._predict(items, config))
    ontology = load_ontology()
    out = {}
    for half in ("all", "tune", "check"):
        pairs = [(i, p) for n, (i, p) in enumerate(zip(items, predicted))
                 if half == "all" or half_of(i.get("id", n)) == half]
        subset, preds = [i for i, _ in pairs], [p for _, p in pairs]
        scores = ev._judged(subset, preds) if scorer is None else scorer(subset, preds, ontology)
        out[half] = {"figure": headline(scores), "scores": scores}
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sets", default=",".join(SETS))
    parser.add_argument("--json")
    args = parser.parse_args()
    config = Config.load()
    results = {}
    for name in args.sets.split(","):
        began = time.perf_counter()
        results[name] = score_set(name, config)
        r = results[name]
        print(f"{name:9} all {r['all']['figure']:.4f}  tune {r['tune']['figure']:.4f}  "
              f"check {r['check']['figure']:.4f}   ({time.perf_counter() - began:.0f} s)", flush=True)
    for half in ("all", "tune", "check"):
        pooled = sum(r[half]["figure"] for r in results.values()) / len(results)
        print(f"pooled {half}: {pooled:.4f}")
    if "judged" in results:
        j = results["judged"]["all"]["scores"]
        print("judged:", json.dumps({k: v for k, v in j.items() if k != "per_type"}))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    sys.exit(main())
