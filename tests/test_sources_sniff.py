"""Which reader reads an input: from its first bytes, else its name (sources.sniff_kind), and the same
test for a string given to ``Dateline.extract``."""
from __future__ import annotations

import pytest

from dateline import Dateline
from dateline.sources import looks_like_html, sniff_kind

PAGE = (b"\n<!-- templates/article_main.tpl -->\n\n<!-- build 2020-11-30 -->\n  <!DOCTYPE html>\n<html><head>"
        + b'<meta name="description" content="The council met on Tuesday.">' * 30
        + b"<title>Council votes</title><script>var x = '<div>old browser</div>';</script></head><body><article>"
        + b"<p>The city council voted on Tuesday to approve the new budget after a long debate.</p>" * 8
        + b"</article></body></html>")


@pytest.mark.parametrize("head", [
    PAGE,
    b"<!DOCTYPE html><html><body><p>x</p></body></html>",
    b"\xef\xbb\xbf<html lang='en'><head></head></html>",
])
def test_pages_are_html_even_after_leading_comments(head):
    assert looks_like_html(head)
    assert sniff_kind("page.txt", head) == "html"


@pytest.mark.parametrize("head", [b"Plain words about a meeting.", b"<!-- a note --> and then plain words"])
def test_text_is_text(head):
    assert not looks_like_html(head)


def test_extract_reads_a_page_that_opens_with_a_comment_as_html_not_as_its_scripts():
    article = Dateline(workers=1, annotate=False).extract(PAGE)
    assert article.title == "Council votes"
    assert "<div>" not in article.body and "var x" not in article.body
