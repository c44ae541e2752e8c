from dateline.evaluation.events import _same_place


def test_a_place_is_right_when_its_span_overlaps_the_gold_span():
    gold = [{"start": 10, "end": 15, "text": "Khost"}]
    assert _same_place({"start": 10, "end": 20, "text": "Khost city"}, gold, "Khost")
    assert not _same_place({"start": 30, "end": 36, "text": "Kabul"}, gold, "Khost")


def test_with_broken_gold_offsets_the_names_words_stand_in_for_the_span():
    broken = [{"start": 12, "end": 12, "text": "Khost"}]
    assert _same_place({"start": 66, "end": 76, "text": "Khost city"}, broken, "Khost")
    assert _same_place({"start": 0, "end": 11, "text": "the Jaffna Peninsula"}, broken, "Jaffna; Peninsula")
    assert not _same_place({"start": 66, "end": 74, "text": "Khostabad"}, broken, "Khost")
    assert not _same_place({"start": 66, "end": 71, "text": "Kabul"}, broken, "Khost")


def _record(type_, mode, confidence, start=0):
    return {"type": type_, "mode": mode, "confidence": confidence, "modality": "asserted", "span": [start, 80]}


class _Event:
    def __init__(self, record):
        self.record = record


def test_a_protest_leads_over_the_tear_gas_or_arrests_that_police_it():
    from dateline.evaluation.events import _lead

    policed = [_Event(_record("ASSAULT", "crowd-control", 0.9)), _Event(_record("PROTEST", "demo", 0.7))]
    assert _lead(policed)["type"] == "PROTEST"
    arrests = [_Event(_record("COERCE", "arrest", 0.9)), _Event(_record("PROTEST", "demo", 0.7))]
    assert _lead(arrests)["type"] == "PROTEST"
    # lethal force is an assault of its own; a protest in a later sentence does not lead
    shot = [_Event(_record("ASSAULT", "firearms", 0.9)), _Event(_record("PROTEST", "demo", 0.7))]
    assert _lead(shot)["type"] == "ASSAULT"
    later = [_Event(_record("ASSAULT", "crowd-control", 0.9)), _Event(_record("PROTEST", "demo", 0.7, 90))]
    assert _lead(later)["type"] == "ASSAULT"


def test_whole_articles_are_scored_with_a_calibration_by_confidence_band():
    from dateline.evaluation.events import _judged

    text = "Police arrested two men in Lagos. The team won the match. Rebels attacked a base."
    item = {"text": text, "political": True, "events": [
        {"type": "COERCE", "sentence": "Police arrested two men in Lagos.", "source": "Police", "target": "two men"},
        {"type": "ASSAULT", "sentence": "Rebels attacked a base.", "source": "Rebels", "target": "a base"}]}
    found = [_Event(_record("COERCE", "arrest", 0.9, 0) | {"span": [0, 33]}),  # right, sure
             _Event(_record("ASSAULT", None, 0.3, 34) | {"span": [34, 57]}),  # the match: wrong, unsure
             _Event(_record("ASSAULT", None, 0.6, 58) | {"span": [58, 81]})]  # right, middling
    scores = _judged([item], [found])
    assert scores["calibration"] == {"0.0-0.5": {"events": 1, "right": 0.0}, "0.5-0.8": {"events": 1, "right": 1.0},
                                     "0.8-1.0": {"events": 1, "right": 1.0}}
    assert scores["events"]["precision"] == round(2 / 3, 4)
