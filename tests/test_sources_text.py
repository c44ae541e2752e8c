"""Plain-text reader: header fields, captions, tags and body kept apart."""
from __future__ import annotations

import dateline
from dateline.sources.text import article_from_text, parse_text

BYLINE_AND_UPDATED = """World

Ministers agree to keep talking

By Ana Lima and Tom Berg
Updated 3:45 PM EDT, Fri October 21, 2022

The two ministers spoke by phone for an hour, officials said.

They agreed to talk again next month.
"""


def test_seed_record_has_header_fields_apart_from_body(seed_path):
    record = next(dateline.read(str(seed_path)))
    assert record.title == "Biden defense secretary holds call with Russian counterpart"
    assert record.authors == ["Julia Shapero"]
    assert record.published == "2022-10-21T12:47:00-04:00" and record.published_source == "text"
    assert record.section == "Defense"
    assert record.body.startswith("Defense Secretary Lloyd Austin spoke")
    assert any("Yves Herman" in c for c in record.captions)
    assert "Yves Herman" not in record.body and "NATO headquarters" not in record.body
    assert "Tags" not in record.body and "Vladimir Putin" not in record.body.split("\n\n")[-1][-20:]


def test_seed_tag_line_is_split_into_names_without_duplicates(seed_path):
    record = next(dateline.read(str(seed_path)))
    assert record.tags[:4] == ["Biden", "Defense Department", "Lloyd Austin", "Oleksii Reznikov"]
    assert "Sergei Shoygu" in record.tags and "Russia-Ukraine war" in record.tags
    assert len(record.tags) == len({t.lower() for t in record.tags})


def test_by_a_and_b_with_updated_line():
    parts = parse_text(BYLINE_AND_UPDATED)
    assert parts.authors == ["Ana Lima", "Tom Berg"]
    assert parts.published == "2022-10-21T15:45:00-04:00"
    assert parts.title == "Ministers agree to keep talking"
    assert parts.section == "World"
    assert parts.body[0].startswith("The two ministers")


def test_wire_dateline_gives_the_source_and_keeps_the_body():
    text = "WASHINGTON (Reuters) - The Pentagon said on Friday that the call took place.\n\nMore text follows here."
    record = article_from_text(text, "wire.txt")
    assert record.source == "Reuters"
    assert record.body.startswith("WASHINGTON (Reuters) - The Pentagon")
    assert record.title is None and record.authors == []


def test_text_with_no_header_is_all_body():
    text = "Officials met in Geneva on Monday to discuss the grain deal.\n\nNo agreement was reached."
    record = article_from_text(text, "plain.txt")
    assert record.body == text
    assert record.title is None and record.published is None and record.captions == []


def test_same_bytes_same_id_and_different_bytes_different_id():
    first = article_from_text("One paragraph of news text.", "a.txt")
    again = article_from_text("One paragraph of news text.", "b.txt")
    other = article_from_text("Another paragraph of news text.", "a.txt")
    assert first.id == again.id != other.id


def test_caption_paragraph_inside_body_is_moved_to_captions():
    text = ("Troops left the city on Friday, officials said.\n\n"
            "Soldiers ride a tank near Kharkiv on Sept. 10, 2022. (AP Photo/Jane Doe)\n\n"
            "The withdrawal followed weeks of fighting.")
    record = article_from_text(text, "c.txt")
    assert record.captions == ["Soldiers ride a tank near Kharkiv on Sept. 10, 2022. (AP Photo/Jane Doe)"]
    assert "AP Photo" not in record.body
