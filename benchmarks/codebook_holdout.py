"""How well a codebook-defined event type works: PROTEST held out of the built-in ontology and
defined again by benchmarks/codebooks/protest_holdout.yaml, scored on a PLOVER gold file.

Run: python benchmarks/codebook_holdout.py ../shared/eval/events/plover_gsr.jsonl
"""
from __future__ import annotations

import sys
from pathlib import Path

from dateline.evaluation.events import score_events
from dateline.settings import Config

CODEBOOK = Path(__file__).parent / "codebooks" / "protest_holdout.yaml"


def main() -> None:
    gold = Path(sys.argv[1])
    builtin = score_events(gold, Config())["per_type"].get("PROTEST")
    custom = score_events(gold, Config(codebook=str(CODEBOOK)), rename={"DEMONSTRATION": "PROTEST"})
    print(f"built-in PROTEST:        {builtin}")
    print(f"codebook DEMONSTRATION:  {custom['per_type'].get('PROTEST')}")
    print(f"macro-F1 over all types with the codebook: {custom['macro_f1']}")


if __name__ == "__main__":
    main()
