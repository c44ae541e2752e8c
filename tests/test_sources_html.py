"""HTML reader: main text by trafilatura, time of day and zone from meta tags, captions apart."""
from __future__ import annotations

import pytest

from dateline.errors import InputError
from dateline.settings import Config
from dateline.sources.html import article_from_html, fragment_text

PARAGRAPH = ("Defense Secretary Lloyd Austin spoke with Russian Defense Minister Sergei Shoigu on Friday, "
             "the Pentagon said, the first call between the two in more than five months. ")
PAGE = f"""<!doctype html><html lang="en-US"><head><title>Austin and Shoigu speak | Harbour Courier</title>
<meta property="og:site_name" content="Harbour Courier">
<meta property="article:published_time" content="2022-10-21T16:47:00+00:00">
<meta name="author" content="Maria Keller">
<meta property="article:section" content="World">
<meta name="keywords" content="Lloyd Austin, Sergei Shoigu">
<script>var tracking = "2019-01-01";</script></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Austin and Shoigu speak by phone</h1>
<figure><img src="a.jpg"><figcaption>Lloyd Austin at the Pentagon in June. (Photo: Pool)</figcaption></figure>
<p>{PARAGRAPH * 2}</p><p>{PARAGRAPH}</p><p>The two last spoke on May 13, officials said.</p></article>
<footer>Copyright Harbour Courier. All rights reserved.</footer></body></html>"""


def test_html_page_gives_body_metadata_and_full_time():
    record = article_from_html(PAGE, "page.html", Config())
    assert record.body.startswith("Defense Secretary Lloyd Austin spoke")
    # Stated in UTC on an en-US page: the same instant, in the publisher's zone.
    assert record.published == "2022-10-21T12:47:00-04:00"
    assert record.title == "Austin and Shoigu speak | Harbour Courier" or record.title.startswith("Austin and Shoigu")
    assert record.authors == ["Maria Keller"]
    assert record.source == "Harbour Courier"
    assert record.section == "World"
    assert record.tags == ["Lloyd Austin", "Sergei Shoigu"]
    assert record.language == "en"
    assert record.captions == ["Lloyd Austin at the Pentagon in June. (Photo: Pool)"]
    assert "Pool" not in record.body and "All rights reserved" not in record.body


def test_html_without_an_article_is_refused_by_name():
    with pytest.raises(InputError, match="no article text"):
        article_from_html("<html><body><nav><a href='/'>Home</a></nav></body></html>", "menu.html", Config())


def test_fragment_text_keeps_paragraphs():
    assert fragment_text("<p>First &amp; one.</p><p>Second<br>line</p>") == "First & one.\n\nSecond\n\nline"


def _plain_page(extra: str = "") -> str:
    story = "".join(f"<p>Paragraph {n} of the story tells what the ministers said about the talks.</p>"
                    for n in range(8))
    return (f"<html><body><nav><a href='/'>Home</a></nav><div class='story'>{story}"
            f"<div class='share-tools'><p>Share this story with your friends and family today</p></div>"
            f"<div class='related-links'><p>Another story that readers also liked very much</p></div>"
            f"<div style='display: none'><p>A hidden copy of the text that no reader ever sees</p></div>"
            f"{extra}</div></body></html>")


def test_plain_paragraph_container_is_read_directly_without_boilerplate():
    from lxml import html as lxml_html

    from dateline.sources.html import _article_container, _container_paragraphs

    tree = lxml_html.fromstring(_plain_page())
    text = _container_paragraphs(_article_container(tree))
    assert text.split("\n\n") == [f"Paragraph {n} of the story tells what the ministers said about the talks."
                                  for n in range(8)]


def test_containers_that_are_not_plain_paragraphs_are_left_to_trafilatura():
    from lxml import html as lxml_html

    from dateline.sources.html import _article_container, _container_paragraphs

    table = "<table><tr><td>" + "Figures in a table are running text outside paragraphs. " * 20 + "</td></tr></table>"
    teasers = "<article><p>One teaser</p></article><article><p>Two teasers</p></article>"
    for extra in (table, teasers, "<div>" + "Text split by line breaks<br>" * 40 + "</div>"):
        tree = lxml_html.fromstring(_plain_page(extra))
        assert _container_paragraphs(_article_container(tree)) is None


def test_a_story_printed_twice_on_the_page_is_read_once():
    from lxml import html as lxml_html

    from dateline.sources.html import _container_paragraphs

    paragraphs = "".join(f"<p>Paragraph {n} of a story that the page prints twice over.</p>" for n in range(5))
    tree = lxml_html.fromstring(f"<div><div>{paragraphs}</div><section>{paragraphs}</section></div>")
    assert len(_container_paragraphs(tree).split("\n\n")) == 5


def test_a_heading_after_the_story_is_not_part_of_it():
    from lxml import html as lxml_html

    from dateline.sources.html import _container_paragraphs

    paragraphs = "".join(f"<p>Paragraph {n} of a story about the talks between the two ministers.</p>"
                         for n in range(5))
    tree = lxml_html.fromstring(f"<div><h2>The talks</h2>{paragraphs}<h3>More from the region</h3></div>")
    blocks = _container_paragraphs(tree).split("\n\n")
    assert blocks[0] == "The talks" and blocks[-1].startswith("Paragraph 4")


def _dated_page(head: str = "", header: str = "", url_meta: str = "") -> str:
    story = "".join(f"<p>Paragraph {n} says the harbour board met on Tuesday to vote on the new ferry fares.</p>"
                    for n in range(8))
    return (f"<html><head><title>Ferry fares rise at last | Bay Ledger</title>{head}{url_meta}</head><body>"
            f"<div class='masthead'>Thursday, 9 September 2021</div>"
            f"<h1>Ferry fares rise at last</h1><div class='byline'>By Ana Ruiz {header}</div>"
            f"<div class='story'>{story}</div></body></html>")


def test_page_without_a_stated_date_takes_the_first_date_shown_after_its_headline():
    # the masthead's date (today's, before the headline) is not the story's
    record = article_from_html(_dated_page(header="| 3 March 2021"), "page.html", Config())
    assert (record.published, record.published_source) == ("2021-03-03", "text")


@pytest.mark.parametrize("header", [
    "| Published 3 March 2021 | Updated 5 March 2021",
    "| Updated: 5 March 2021 | First published 3 March 2021",
    "| Updated: | 5 March 2021 | Published | 3 March 2021",
])
def test_a_date_labelled_as_an_update_is_not_the_publication_date(header):
    assert article_from_html(_dated_page(header=header), "page.html", Config()).published == "2021-03-03"


def test_the_url_date_comes_before_a_shown_date_and_sources_are_recorded():
    page = _dated_page(header="| 3 March 2021")
    record = article_from_html(page, "page.html", Config(), url="https://ledger.example.com/2021/03/02/fares/")
    assert (record.published, record.published_source) == ("2021-03-02", "url")
    ld = '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2021-03-01T10:00:00+01:00"}</script>'
    assert article_from_html(_dated_page(head=ld), "p.html", Config()).published_source == "json-ld"
    meta = '<meta property="article:published_time" content="2021-03-01T10:00:00+01:00">'
    assert article_from_html(_dated_page(head=meta), "p.html", Config()).published_source == "meta"


@pytest.mark.parametrize("shown, expected", [
    # the page shows its reader the New York day: the instant in New York's zone
    ("| March 3, 2021", "2021-03-03T21:30:00-05:00"),
    # the page shows the UTC day: the publisher writes in UTC, whatever its locale says
    ("| March 4, 2021", "2021-03-04T02:30:00+00:00"),
])
def test_a_utc_time_takes_the_day_the_page_shows(shown, expected):
    head = ('<meta property="og:locale" content="en_US">'
            '<meta property="article:published_time" content="2021-03-04T02:30:00Z">')
    assert article_from_html(_dated_page(head=head, header=shown), "p.html", Config()).published == expected


def test_the_shown_date_is_not_read_from_scripts_after_the_headline():
    header = '<script>var built = "1 January 2021";</script> | 3 March 2021'
    assert article_from_html(_dated_page(header=header), "page.html", Config()).published == "2021-03-03"


def test_the_headline_is_the_heading_that_carries_the_title_not_the_first_h1():
    page = _dated_page(header="| 3 March 2021", head='<meta property="og:title" content="Ferry fares rise at last">')
    page = page.replace("<div class='masthead'>", "<h1 class='logo'>Bay Ledger</h1><div class='masthead'>")
    assert article_from_html(page, "page.html", Config()).published == "2021-03-03"


def test_less_common_publication_meta_tags_date_a_page_after_json_ld():
    citation = '<meta name="citation_publication_date" content="2021-03-01">'
    record = article_from_html(_dated_page(head=citation, header="| 3 March 2021"), "p.html", Config())
    assert (record.published, record.published_source) == ("2021-03-01", "meta")
    ld = '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2021-02-28"}</script>'
    record = article_from_html(_dated_page(head=citation + ld), "p.html", Config())
    assert (record.published, record.published_source) == ("2021-02-28", "json-ld")


def test_the_container_lent_to_trafilatura_is_put_back_where_it_was():
    # the page is read again (whole) when the container gives too little: trafilatura must leave the
    # tree as it was given (it works on a copy), and the container must go back with its tail
    from lxml import etree, html as lxml_html

    from dateline.sources.html import _trafilatura_on_container

    story = "".join(f"<p>Paragraph {n} of the story tells what the ministers said.</p>" for n in range(6))
    tree = lxml_html.fromstring(f"<html><body><nav>Home</nav><div id='story'>{story}</div>tail text"
                                f"<footer>Copyright</footer></body></html>")
    before = etree.tostring(tree)
    text = _trafilatura_on_container(tree.get_element_by_id("story"))
    assert text.startswith("Paragraph 0 of the story")
    assert etree.tostring(tree) == before
