"""HTML pages -> article records: the main text read directly from the article's container when it is
plain paragraphs, else by trafilatura; the page's own meta tags for the rest.

The metadata is read from the parsed tree directly (meta tags, JSON-LD, ``<title>``) because it is
where publishers put the time of day and zone, and it is several times faster than a full search;
a page with no publication time there is dated by its URL, then by the date it shows under its
headline, and only then by htmldate's search.
"""
from __future__ import annotations

import html as html_entities
import json
import re
from functools import lru_cache
from typing import Iterator
from urllib.parse import urlparse

from ..data import published_meta_names, update_labels
from ..errors import InputError
from ..model import Article, Failure, record_id
from ..settings import Config
from .common import decode_text, paragraphs, split_authors, unique, utf16_encoding
from .inputs import Input
from .published import choose_published, normalise_published, plausible

_TAG = re.compile(r"<[^>]+>")
_FOCUS_MIN_CHARS = 500  # an <article> with less text than this is no article body
_FOCUS_SHARE = 0.8  # ...nor one that holds less than this share of the page's paragraph text
# Reading a container of plain paragraphs directly (trafilatura reads the rest; on the development
# pages the direct reading scores as well as trafilatura's: see docs/quality.md).
_PLAIN_MIN_CHARS = 400  # a direct reading shorter than this is not trusted
_TEXT_BLOCKS = {"p", "h2", "h3", "h4", "h5", "h6", "blockquote", "li", "pre"}
_SKIPPED_BLOCKS = {"figure", "figcaption", "form"}
_HEADINGS = {"h2", "h3", "h4", "h5", "h6"}
_BOILERPLATE_CLASS = re.compile(
    r"share|social|related|newsletter|promo|advert|(?<![a-z])ads?(?![a-z])|subscri|comment|byline|author"
    r"|caption|credit|(?<![a-z])tags?(?![a-z])|tag-list|breadcrumb|hidden|sidebar|sign-?up|recommend"
    r"|more-|most-|read-?more|outbrain|taboola|widget|toolbar|meta|timestamp|footer|nav|menu|banner"
    r"|popup|modal|cookie|consent|sponsor|teaser|embed|button|icon|rating", re.I)
_BLOCK_MAX_LINK_SHARE = 0.5  # a block that is mostly link text is navigation
_WRAPPER_MAX_LINK_SHARE = 0.3  # a wrapper this link-heavy holds teasers, not the story...
_WRAPPER_MIN_CHARS = 100  # ...when it holds at least this much text
_LOOSE_MIN_CHARS = 20  # shorter runs between blocks are labels and separators
_MAX_LOOSE_SHARE = 0.1  # more running text than this outside blocks: the page needs trafilatura
# Elements trafilatura always deletes (its MANUALLY_CLEANED, less the ones it treats case by case:
# forms and figures; plus empty ones it unwraps: img, meta). Stripping them in one C-level pass first saves its many XPath walks over them
# (scripts are stripped here too, after the JSON-LD in them has been read).
_NEVER_TEXT = ("aside", "embed", "footer", "iframe", "menu", "object", "applet", "audio", "canvas",
               "map", "picture", "svg", "video", "button", "datalist", "dialog", "frame", "frameset",
               "input", "select", "option", "optgroup", "textarea", "nav", "noscript", "style", "script",
               "link", "label", "fieldset", "legend", "progress", "output", "source", "track", "head",
               "time", "img", "meta")
_ARTICLE_TYPE = re.compile(r"Article|BlogPosting|Report")  # JSON-LD types that describe the article itself
_BLOCK_END = re.compile(r"</(p|div|li|h[1-6]|blockquote|tr|section|article)>|<br\s*/?>", re.I)

# Meta names/properties, most specific first, for each field (the publication time's are a table:
# data/published_meta_names.tsv).
_META = {
    "title": ("og:title", "twitter:title", "headline", "dc.title"),
    "author": ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "byl"),
    "site": ("og:site_name", "application-name", "publisher"),
    "section": ("article:section", "section", "parsely-section", "category"),
    "tags": ("article:tag", "news_keywords", "keywords", "parsely-tags"),
    "locale": ("og:locale", "inlanguage", "language", "content-language"),
}
_SHOWN_DATE_REACH = 1500  # characters of text after the headline searched for the date it shows
_SHOWN_SEGMENT_MAX = 100  # longer runs of text are the story, not a date line
_SEPARATOR = re.compile(r"\s[|·•]\s")


def read(inp: Input, config: Config) -> Iterator[Article | Failure]:
    """One HTML file -> one article."""
    yield article_from_html(inp.read(config.max_bytes), inp.origin, config)


def article_from_html(page: bytes | str, origin: str, config: Config, *, url: str | None = None,
                      id_kind: str = "html") -> Article:
    """One HTML page -> its article; ``InputError`` when the page holds no article text."""
    raw = page if isinstance(page, bytes) else page.encode("utf-8")
    if not raw.strip():
        raise InputError(origin, "empty input: nothing to read")
    if utf16_encoding(raw):  # the HTML parser reads bytes as UTF-8 or a declared 8-bit charset
        raw = decode_text(raw, origin).encode("utf-8")
    if b"\x00" in raw[:8192]:
        raise InputError(origin, "binary file, not HTML (contains NUL bytes)")
    nul = raw.find(b"\x00")
    if nul >= 0:  # past the first 8 KB: lxml would silently end the page there
        raise InputError(origin, f"binary or corrupt: a NUL byte at byte {nul:,}")
    tree = _parse(raw, origin)
    # Everything read from the tree is read before trafilatura, which prunes the tree it is given.
    meta = _page_meta(tree)
    page_url = url or _first(meta, "url")
    captions = unique([_text_of(c) for c in tree.iter("figcaption")])
    title = _title(tree, meta)
    headings = {title} | {_text_of(h) for h in tree.iter("h1")}
    (published, published_source), language = _published(tree, meta, page_url, title), _language(tree)
    body = _drop_title(_drop_captions(_main_text(tree, config), captions), headings)
    if len(body) < config.min_body_chars:
        raise InputError(origin, "no article text found in this HTML page")
    return Article(
        id=record_id(id_kind, raw), origin=origin, url=page_url, body=body,
        source=_first(meta, "site") or _host(page_url), title=title,
        authors=split_authors(_first(meta, "author")), published=published, published_source=published_source,
        section=_first(meta, "section"), tags=_tags(meta), language=language, captions=captions,
    )


def page_published(page: bytes, *, url: str | None = None) -> tuple[str | None, str | None]:
    """Only the publication time of a page and how it was found (for date evaluation, where a page
    may hold no article)."""
    tree = _parse(page, "<page>")
    meta = _page_meta(tree)
    return _published(tree, meta, url or _first(meta, "url"), _title(tree, meta))


def fragment_text(fragment: str) -> str:
    """An HTML fragment (a feed item's content) -> plain text, one paragraph per block element."""
    text = _BLOCK_END.sub("\n\n", fragment)
    text = html_entities.unescape(_TAG.sub("", text))
    return "\n\n".join(paragraphs(text))


def _parse(data: bytes, origin: str):
    """Parse, decoding by the page's declared or detected charset (trafilatura's decoder).

    Every element is a plain ``HtmlElement``: lxml.html's default per-tag class lookup is a Python
    call for each element touched, which costs about a tenth of the extraction time on news pages.
    """
    from lxml import etree
    from trafilatura.utils import load_html

    try:
        tree = etree.fromstring(_utf8(data), parser=_html_parser())
    except (etree.ParserError, ValueError, TypeError):
        tree = None
    if tree is None or len(tree) < 1:
        tree = load_html(data)  # its repairs handle pages the plain parse cannot
    if tree is None:
        raise InputError(origin, "not parseable as HTML")
    return tree


def _utf8(data: bytes) -> bytes:
    """The page as UTF-8: as it is when it already is (most pages: trafilatura's decoder would decode
    it and the parser needs it encoded again), else decoded by its charset and re-encoded."""
    from trafilatura.utils import decode_file

    try:
        data.decode("utf-8")
        return data
    except UnicodeDecodeError:  # another charset, or compressed
        return decode_file(data).encode("utf-8")


@lru_cache(maxsize=1)
def _html_parser():
    from lxml import etree, html as lxml_html

    parser = lxml_html.HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8",
                                  remove_comments=True, remove_pis=True)
    parser.set_element_class_lookup(etree.ElementDefaultClassLookup(
        element=lxml_html.HtmlElement, comment=lxml_html.HtmlComment,
        pi=lxml_html.HtmlProcessingInstruction, entity=lxml_html.HtmlEntity))
    return parser


def _main_text(tree, config: Config) -> str:
    """The article body. A page whose article sits in one container of plain paragraphs is read
    directly; otherwise trafilatura's fast, precise mode reads the container (or the page), and when
    that finds too little, its recall-minded mode reads the whole page.

    trafilatura (2.3) works on its own copy of the tree it is given, so the page is parsed once and
    the container is lent to it in place rather than copied first.
    """
    from lxml import etree

    etree.strip_elements(tree, *_NEVER_TEXT, with_tail=False)
    container = _article_container(tree)
    if container is not None:
        text = _container_paragraphs(container)
        if text is not None and len(text) >= _PLAIN_MIN_CHARS:
            return text
        text = _trafilatura_on_container(container)
    else:
        text = _trafilatura_text(tree, favor_precision=True)
    if len(text) < max(config.min_body_chars, _PLAIN_MIN_CHARS):
        fuller_text = _trafilatura_text(tree, favor_precision=False)
        text = fuller_text if len(fuller_text) > len(text) else text
    return text


def _trafilatura_on_container(container) -> str:
    """trafilatura's precise reading of the article's container alone, as the body of a page of its
    own; the container is moved there for the call and put back (with its tail) afterwards."""
    from lxml import etree

    parent = container.getparent()
    index = parent.index(container)
    # made by the page's parser, so that its elements keep the plain class (no per-element lookup)
    part = _html_parser().makeelement("html")
    etree.SubElement(part, "body").append(container)
    try:
        return _trafilatura_text(part, favor_precision=True)
    finally:
        parent.insert(index, container)


def _trafilatura_text(tree, *, favor_precision: bool) -> str:
    import trafilatura  # heavy import, only for HTML

    doc = trafilatura.bare_extraction(tree, favor_precision=favor_precision, include_comments=False,
                                      include_tables=True, with_metadata=False, fast=True)
    return _paragraphs_of(doc.text if doc else "")


def _article_container(tree):
    """The smallest element that holds nearly all of the page's paragraph text, or None.

    Extraction cost grows with the page; reading only that container cuts it. Paragraphs are
    counted without their link text, so that lists of teaser links do not pass for article text, and
    the share test keeps pages whose text is spread over several containers on the whole-page path.
    """
    chars: dict = {}
    for paragraph in tree.iter("p"):
        length = len(paragraph.text_content()) - sum(len(a.text_content()) for a in paragraph.iter("a"))
        if length <= 0:
            continue
        for ancestor in paragraph.iterancestors():
            chars[ancestor] = chars.get(ancestor, 0) + length
    total = chars.get(tree, 0)
    best, best_depth = None, -1
    for element, count in chars.items():
        if count >= _FOCUS_MIN_CHARS and count >= _FOCUS_SHARE * total and element.tag not in ("html", "body"):
            depth = sum(1 for _ in element.iterancestors())
            if depth > best_depth:
                best, best_depth = element, depth
    return best


def _container_paragraphs(container) -> str | None:
    """The text of a container made of plain paragraphs, or None when it is not that simple.

    Paragraphs, headings, list items and quotes are kept; blocks under a boilerplate class (share,
    related, caption, ...), hidden ones, in figures or forms, under a link-heavy wrapper (teaser
    lists), made mostly of link text, repeating an earlier block, or headings after the last paragraph
    are not. Containers of several <article>s (teaser grids) or with running text outside those blocks
    (tables, text split by <br>) are left to trafilatura.
    """
    if sum(1 for _ in container.iter("article")) > 1:
        return None
    blocks: list[tuple[str, str]] = []  # (tag, text)
    seen: set[str] = set()  # a paragraph seen before is a second copy of the story
    loose = 0  # characters of running text outside any block

    def visit(element) -> None:
        nonlocal loose
        runs = [element.text] + [child.tail for child in element]
        loose += sum(len(run.strip()) for run in runs if run and len(run.strip()) >= _LOOSE_MIN_CHARS)
        for child in element:
            if not isinstance(child.tag, str) or child.tag in _SKIPPED_BLOCKS or child.tag == "a":
                continue
            if _BOILERPLATE_CLASS.search(f"{child.get('class') or ''} {child.get('id') or ''}") or _hidden(child):
                continue
            # each text is measured only where it decides something: a wrapper's text is that of
            # every block under it, and nested wrappers would measure it again at each level
            if child.tag in _TEXT_BLOCKS and not (child.tag in ("li", "blockquote") and _holds_blocks(child)):
                text = _text_of(child)
                if text and text not in seen and _link_chars(child) <= _BLOCK_MAX_LINK_SHARE * len(text):
                    blocks.append((child.tag, text))
                    seen.add(text)
            elif child.tag == "table":
                loose += len(_text_of(child))
            elif not _teaser_wrapper(child):
                visit(child)

    visit(container)
    while blocks and blocks[-1][0] in _HEADINGS:
        blocks.pop()  # a heading after the story introduces what follows it ("You may also like")
    text = "\n\n".join(b for _, b in blocks)
    return text if loose <= _MAX_LOOSE_SHARE * len(text) else None


def _link_chars(element) -> int:
    return sum(len(_text_of(a)) for a in element.iter("a"))


def _teaser_wrapper(element) -> bool:
    """A wrapper of 100 characters or more, over 30% of them link text (a list of teasers)."""
    links = _link_chars(element)
    # with links under 30% of 100 characters the test fails whatever the text: not measured
    if links <= _WRAPPER_MAX_LINK_SHARE * _WRAPPER_MIN_CHARS:
        return False
    length = len(_text_of(element))
    return length >= _WRAPPER_MIN_CHARS and links > _WRAPPER_MAX_LINK_SHARE * length


def _hidden(element) -> bool:
    style = (element.get("style") or "").replace(" ", "")
    return "display:none" in style or element.get("aria-hidden") == "true"


def _holds_blocks(element) -> bool:
    return any(True for _ in element.iterdescendants("p", "div", "figure", "table", "li"))


def _paragraphs_of(text: str) -> str:
    """trafilatura's text (one line per block) -> paragraphs separated by blank lines."""
    return "\n\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


def _page_meta(tree) -> dict[str, list[str]]:
    """Meta tags, JSON-LD and canonical link of a page -> {field: [values, best first]}."""
    by_key: dict[str, list[str]] = {}
    for element in tree.iter("meta"):
        key = (element.get("property") or element.get("name") or element.get("itemprop") or "").lower()
        value = element.get("content")
        if key and value and value.strip():
            by_key.setdefault(key, []).append(html_entities.unescape(value.strip()))
    found = {name: [v for key in keys for v in by_key.get(key, [])] for name, keys in _META.items()}
    meta_names = published_meta_names()
    found["published"] = [v for key in meta_names["before-json-ld"] for v in by_key.get(key, [])]
    found["published_meta_more"] = [v for key in meta_names["after-json-ld"] for v in by_key.get(key, [])]
    items = _json_ld(tree)
    articles = [item for item in items if _ARTICLE_TYPE.search(str(item.get("@type", "")))]
    found["published_ld"] = []
    for item in articles:
        found["published_ld"].append(str(item.get("datePublished") or ""))
        found["title"].append(str(item.get("headline") or ""))
        found["author"].extend(_ld_names(item.get("author")))
        found["site"].extend(_ld_names(item.get("publisher")))
    # A page described only as a WebPage, VideoObject, ... still dates itself: after the articles.
    found["published_ld"] += [str(item.get("datePublished") or "") for item in items if item not in articles]
    found["url"] = [link.get("href") for link in tree.iter("link")
                    if (link.get("rel") or "").lower() == "canonical" and link.get("href")]
    found["url"] += by_key.get("og:url", [])
    return {name: [v for v in values if v] for name, values in found.items()}


def _json_ld(tree) -> list[dict]:
    """The objects of the page's JSON-LD blocks (top level and ``@graph``)."""
    items: list[dict] = []
    for script in tree.iter("script"):
        if "ld+json" not in (script.get("type") or "") or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        stack = data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []
        items += [d for d in stack if isinstance(d, dict)]
    return items


def _ld_names(value) -> list[str]:
    if isinstance(value, list):
        return [name for v in value for name in _ld_names(v)]
    if isinstance(value, dict):
        return [str(value.get("name") or "")]
    return [str(value)] if value else []


def _first(meta: dict[str, list[str]], name: str) -> str | None:
    values = meta.get(name) or []
    return values[0] if values else None


def _title(tree, meta: dict[str, list[str]]) -> str | None:
    h1 = [_text_of(h) for h in tree.iter("h1")]
    title_tag = [_text_of(t) for t in tree.iter("title")]
    for candidate in meta.get("title", []) + h1[:1] + title_tag[:1]:
        if candidate:
            return candidate
    return None


def _published(tree, meta: dict[str, list[str]], url: str | None, title: str | None
               ) -> tuple[str | None, str | None]:
    """The publication time and how it was found: the page's meta tags, JSON-LD and ``<time>``
    elements first (they carry time and zone), weighed against the date it shows under its headline
    and the date in its URL; else the URL's date, the shown date, and last htmldate's search."""
    stated = ([(v, "meta") for v in meta.get("published", [])]
              + [(v, "json-ld") for v in meta.get("published_ld", [])]
              + [(v, "meta") for v in meta.get("published_meta_more", [])]
              + [(t.get("datetime"), "time") for t in tree.iter("time") if t.get("datetime")])
    published, source = choose_published(stated, url, _first(meta, "locale") or tree.get("lang"),
                                         shown=lambda: _shown_date(tree, title))
    if published:
        return published, source
    import htmldate

    # htmldate reads the tree before any stripping: dates in scripts are among its clues.
    found = normalise_published(htmldate.find_date(tree, url=url, original_date=True, extensive_search=True))
    return (found, "htmldate") if plausible(found) else (None, None)


def _shown_date(tree, title: str | None) -> str | None:
    """The first date the page shows after its headline (``YYYY-MM-DD``), passing over dates labelled
    as updates; None when none is shown within a short reach of it."""
    from htmldate.extractors import try_date_expr

    headline = _headline(tree, title)
    if headline is None:
        return None
    reach, after_update_label = 0, False
    earliest, latest = _date_bounds()
    for run in _runs_after(headline):
        text = " ".join(run.split()) if run else ""
        if not text:
            continue
        reach += len(text)
        if reach > _SHOWN_DATE_REACH:
            return None
        if len(text) > _SHOWN_SEGMENT_MAX:
            continue
        for part in _SEPARATOR.split(text):  # "Published 3 March | Updated 5 March" in one run
            labelled = bool(_update_label().search(part))
            day = try_date_expr(part, "%Y-%m-%d", True, earliest, latest)
            if day and not (labelled or after_update_label):
                return day
            after_update_label = labelled and not day
    return None


@lru_cache(maxsize=1)
def _update_label():
    """A label that makes the date after it a later one ("Updated 3:45 PM", "aktualisiert")."""
    return re.compile("|".join(re.escape(stem) for stem in update_labels()), re.I)


def _date_bounds():
    """The dates a web article can bear: the early web to tomorrow (whole days, so that htmldate's
    parse cache keeps working)."""
    from datetime import date, datetime, time, timedelta

    return datetime(1995, 1, 1), datetime.combine(date.today() + timedelta(days=1), time())


def _headline(tree, title: str | None):
    """The element that shows the article's headline: the h1 (else h2) whose text is the title or
    part of it, else the page's first h1."""
    wanted = " ".join(title.split()).casefold() if title else ""
    first_h1 = None
    for tag in ("h1", "h2"):
        for element in tree.iter(tag):
            text = _text_of(element).casefold()
            if tag == "h1" and first_h1 is None:
                first_h1 = element
            if text and wanted and (text == wanted or (len(text) >= 20 and (text in wanted or wanted in text))):
                return element
    return first_h1


def _runs_after(element) -> Iterator[str | None]:
    """The runs of text that follow an element, in page order (scripts and styles left out)."""
    node = element
    while node is not None:
        yield node.tail
        for sibling in node.itersiblings():
            yield from _text_runs(sibling)
        node = node.getparent()


def _text_runs(element) -> Iterator[str | None]:
    """An element's runs of text and its tail, in page order (walked, not recursed: no depth limit)."""
    from lxml import etree

    walker = etree.iterwalk(element, events=("start", "end"))
    for event, node in walker:
        if event == "end":
            yield node.tail
        elif isinstance(node.tag, str) and node.tag not in ("script", "style", "noscript", "template"):
            yield node.text
        else:
            walker.skip_subtree()


def _tags(meta: dict[str, list[str]]) -> list[str]:
    return unique([t.strip() for value in meta.get("tags", []) for t in value.split(",")])


def _language(tree) -> str | None:
    lang = (tree.get("lang") or tree.get("xml:lang") or "").strip()
    return lang.split("-")[0].lower() or None


def _text_of(element) -> str:
    return " ".join(element.text_content().split())


def _drop_captions(body: str, captions: list[str]) -> str:
    """Caption text that the extractor kept inside the body is removed: it belongs to ``captions``."""
    if not captions:
        return body
    kept = [p for p in body.split("\n\n") if not any(p == c or (len(p) > 20 and p in c) for c in captions)]
    return "\n\n".join(kept)


def _drop_title(body: str, headings: set[str | None]) -> str:
    """The headline is the record's ``title``; the extractor sometimes repeats it as the first paragraph."""
    first, _, rest = body.partition("\n\n")
    return rest if rest and first in headings else body


def _host(url: str | None) -> str | None:
    host = urlparse(url).hostname if url else None
    return host.removeprefix("www.") if host else None
