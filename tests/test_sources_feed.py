"""RSS/Atom reader: entry fields, kept UTC offsets, HTML content, item failures, non-feeds."""
from __future__ import annotations

from pathlib import Path

import pytest

from dateline.errors import InputError
from dateline.model import Article, Failure
from dateline.settings import Config
from dateline.sources import Input, read_input

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>The Hill</title>
  <link>https://thehill.com/</link>
  <language>en-us</language>
  <item>
    <title>Biden defense secretary holds call with Russian counterpart</title>
    <link>https://thehill.com/policy/defense/austin-shoigu/</link>
    <guid>https://thehill.com/?p=3697523</guid>
    <pubDate>Fri, 21 Oct 2022 16:47:00 +0300</pubDate>
    <dc:creator>Julia Shapero</dc:creator>
    <category>Lloyd Austin</category>
    <category>Sergei Shoygu</category>
    <description>Defense Secretary Lloyd Austin spoke with his Russian counterpart on Friday.

The Pentagon gave few details.</description>
  </item>
  <item>
    <title>An item with no text</title>
    <link>https://thehill.com/empty/</link>
    <description></description>
  </item>
  <item>
    <title>Kyiv says power restored</title>
    <link>https://thehill.com/kyiv-power/</link>
    <pubDate>Sat, 22 Oct 2022 08:00:00 GMT</pubDate>
    <author>editor@example.com (Ann Lee)</author>
    <description>Short teaser.</description>
    <content:encoded><![CDATA[<p>Power was restored in <b>Kyiv</b> on Saturday.</p><p>Officials said repairs continue.</p>]]></content:encoded>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Example Wire</title>
  <link href="https://www.example.com/"/>
  <id>urn:example:feed</id>
  <updated>2022-10-21T12:47:00-04:00</updated>
  <entry>
    <title>Talks resume in Geneva</title>
    <link href="https://www.example.com/geneva"/>
    <id>urn:example:1</id>
    <published>2022-10-21T12:47:00-04:00</published>
    <updated>2022-10-22T09:00:00-04:00</updated>
    <author><name>Bo Chen</name></author>
    <author><name>Ann Lee</name></author>
    <category term="Diplomacy"/>
    <content type="text">Negotiators met in Geneva on Friday.</content>
  </entry>
  <entry>
    <title>Only updated</title>
    <id>urn:example:2</id>
    <updated>2022-10-23T07:30:00+05:30</updated>
    <summary>A summary used as the body.</summary>
  </entry>
</feed>
"""


def read_all(path: Path) -> list[Article | Failure]:
    return list(read_input(Input(origin=path.name, path=path), Config()))


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_rss_items_become_articles_with_offsets_kept(tmp_path):
    first, empty, third = read_all(write(tmp_path / "hill.rss", RSS))
    assert isinstance(first, Article)
    assert first.origin == "hill.rss#1"
    assert first.title == "Biden defense secretary holds call with Russian counterpart"
    assert first.url == "https://thehill.com/policy/defense/austin-shoigu/"
    assert first.published == "2022-10-21T16:47:00+03:00" and first.published_source == "feed"
    assert first.authors == ["Julia Shapero"]
    assert first.tags == ["Lloyd Austin", "Sergei Shoygu"]
    assert first.source == "The Hill"
    assert first.language == "en"
    assert first.body == ("Defense Secretary Lloyd Austin spoke with his Russian counterpart on Friday."
                          "\n\nThe Pentagon gave few details.")
    assert empty == Failure("hill.rss#2", "item 2: no body text")
    assert third.origin == "hill.rss#3"
    assert third.published == "2022-10-22T08:00:00+00:00"
    assert third.authors == ["Ann Lee"]


def test_html_content_preferred_over_summary_and_made_text(tmp_path):
    third = read_all(write(tmp_path / "hill.xml", RSS))[2]
    assert third.body == "Power was restored in Kyiv on Saturday.\n\nOfficials said repairs continue."


def test_atom_entries(tmp_path):
    first, second = read_all(write(tmp_path / "wire.atom", ATOM))
    assert first.origin == "wire.atom#1"
    assert first.published == "2022-10-21T12:47:00-04:00"
    assert first.authors == ["Bo Chen", "Ann Lee"]
    assert first.tags == ["Diplomacy"]
    assert first.url == "https://www.example.com/geneva"
    assert first.body == "Negotiators met in Geneva on Friday."
    assert first.source == "Example Wire"
    assert second.published == "2022-10-23T07:30:00+05:30"
    assert second.body == "A summary used as the body."


def test_source_falls_back_to_the_feed_link_host(tmp_path):
    text = ATOM.replace("<title>Example Wire</title>", "")
    first = read_all(write(tmp_path / "wire.atom", text))[0]
    assert first.source == "example.com"


def test_ids_are_stable_and_distinct(tmp_path):
    one = read_all(write(tmp_path / "a.rss", RSS))
    two = read_all(write(tmp_path / "b.rss", RSS))
    ids = [r.id for r in one if isinstance(r, Article)]
    assert ids == [r.id for r in two if isinstance(r, Article)]
    assert len(set(ids)) == 2 and all(len(i) == 16 for i in ids)


def test_rss_1_0_rdf(tmp_path):
    rdf = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://news.example.org/"><title>Old Wire</title>
    <link>https://news.example.org/</link><description>d</description></channel>
  <item rdf:about="https://news.example.org/1"><title>Ceasefire holds</title>
    <link>https://news.example.org/1</link><dc:date>2022-10-21T09:00:00+02:00</dc:date>
    <description>The ceasefire held overnight, both sides said.</description></item>
</rdf:RDF>"""
    [article] = read_all(write(tmp_path / "old.rdf", rdf))
    assert article.published == "2022-10-21T09:00:00+02:00"
    assert article.source == "Old Wire"
    assert article.body == "The ceasefire held overnight, both sides said."


@pytest.mark.parametrize("name, content, reason", [
    ("empty.xml", "", "empty input"),
    ("note.xml", '<?xml version="1.0"?>\n<note><to>Tove</to><from>Jani</from><heading>Reminder</heading></note>\n',
     "not an RSS or Atom feed"),
    ("broken.rss", '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>x</title>',
     "not an RSS or Atom feed: line 2, column 44: no element found"),
])
def test_non_feeds_raise(tmp_path, name, content, reason):
    path = write(tmp_path / name, content)
    with pytest.raises(InputError) as caught:
        read_all(path)
    assert caught.value.origin == name
    assert caught.value.reason.startswith(reason)


def test_feed_with_no_items_gives_nothing(tmp_path):
    path = write(tmp_path / "quiet.rss", '<rss version="2.0"><channel><title>Quiet</title></channel></rss>')
    assert read_all(path) == []
