"""``dateline check``: statements found in text, anchors, and the seed article's two claims."""
from __future__ import annotations

from datetime import date

from dateline.check import find_anchor, statements
from dateline.core import Dateline


def test_statements_are_found() -> None:
    body = ("Austin spoke with Shoigu on Friday, the first time the pair are known to have spoken in more than "
            "five months. Friday's call is only the second time the pair have spoken since the war began in "
            "February. It was the first call between them since May 13.")
    found = statements(body)
    assert [f["kind"] for f in found] == ["gap", "count", "first since"]
    assert found[0]["months"] == 5 and found[0]["qualifier"] == "more than"
    assert found[1]["nth"] == 2 and "the war began" in found[1]["anchor"]


def test_anchor_chosen_by_the_pair_countries() -> None:
    assert find_anchor("the war began in February", {"USA", "RUS"}).day == date(2022, 2, 24)
    assert find_anchor("the war began", {"ISR"}).day == date(2023, 10, 7)
    assert find_anchor("the war began", {"FRA"}) is None
    assert find_anchor("Russia launched its invasion in February", set()).day == date(2022, 2, 24)


def test_seed_article_claims_agree(demo_db, seed_path) -> None:
    dl = Dateline(db=demo_db, workers=1)
    with dl.store() as store:
        seed_id = store.db.execute("SELECT id FROM articles WHERE origin LIKE ?", [f"%{seed_path.name}"]).fetchone()[0]
    rows = dl.check(seed_id)
    by_kind = {r["kind"]: r for r in rows}
    assert by_kind["gap"]["agrees"] is True and "2022-05-13" in by_kind["gap"]["database"]
    assert "161 days" in by_kind["gap"]["database"]
    assert by_kind["count"]["agrees"] is True and by_kind["count"]["database"].startswith("2 contact")
    assert len(by_kind["count"]["evidence"]) == 2
    assert dl.check("no-such-article") == []
