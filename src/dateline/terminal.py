"""What the CLI prints for people: values from inputs made safe to print, and tables that fit the terminal.

Text from articles, file names and arguments is data. It reaches the terminal only as Rich ``Text``
(never parsed as markup) after ``plain`` has replaced control characters (ESC would start a terminal
escape sequence). Each table verb has a view: the few columns a person reads, sized to the console's
width with long values cut by an ellipsis; ``wide`` shows every column of the rows instead.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

# C0 controls (tab and newline are handled by the caller), DEL and C1 controls (0x9b is a one-byte CSI).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"\s+")
REPLACEMENT = "\ufffd"
ARROW = " -> "
_GAP = 3  # columns between two table columns: a padding space, the divider, a padding space


def plain(value: Any) -> str:
    """A value from an input as printable text: control characters shown as U+FFFD, tabs and newlines kept."""
    return _CONTROL.sub(REPLACEMENT, "" if value is None else str(value))


def one_line(value: Any) -> str:
    """A value as one line of table text: lists joined, missing values blank, runs of whitespace one space."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(one_line(v) for v in value if v is not None)
    return _SPACES.sub(" ", plain(value)).strip()


def line(*parts: Any) -> Text:
    """One line of output from parts: a value, or a (value, style) pair; every value is printed as text."""
    return Text.assemble(*((plain(p[0]), p[1]) if isinstance(p, tuple) else plain(p) for p in parts))


@dataclass(frozen=True)
class Column:
    """One column of a view: its header, its text for a row, and the narrowest it may become."""

    header: str
    text: Callable[[dict[str, Any]], str]
    min_width: int
    give: int = 0  # columns with a higher rank give way first when the table is too wide
    style: str = ""
    pair: Callable[[dict[str, Any]], tuple[str, str]] | None = None  # "a -> b": each side cut on its own
    keep_end: bool = False  # cut at the start ("…/news/story.txt"): a path's end says most


def _field(name: str) -> Callable[[dict[str, Any]], str]:
    return lambda row: one_line(row.get(name))


def _type_mode(row: dict[str, Any]) -> str:
    return "/".join(one_line(row.get(k)) for k in ("type", "mode") if row.get(k))


def _ends(row: dict[str, Any]) -> tuple[str, str]:
    return one_line(row.get("source_actor")) or "?", one_line(row.get("target_actor")) or "?"


def _sources(row: dict[str, Any]) -> str:
    """How many articles report the event and which outlets (each named once), or the one outlet of a raw row."""
    if "n_sources" not in row:
        return one_line(row.get("outlet"))
    outlets = list(dict.fromkeys(one_line(o) for o in row.get("outlets") or [] if o))
    return f"{row['n_sources']} ({', '.join(outlets)})" if outlets else str(row["n_sources"])


def _gap(row: dict[str, Any]) -> str:
    return "" if row.get("gap_days") is None else f"{row['gap_days']} d"


# Widths: "lloyd-austin -> sergei-shoigu" (29) and "CONSULT/phone" (13) stay whole at 80 columns.
_DATE = Column("date", _field("date"), 10)
_EVENT_VIEW = (_DATE, Column("type/mode", _type_mode, 13, give=1, style="bold"),
               Column("source -> target", lambda r: ARROW.join(_ends(r)), 21, pair=_ends),
               Column("place", _field("location_name"), 7, give=2), Column("sources", _sources, 9, give=3))
VIEWS: dict[str, tuple[Column, ...]] = {
    "events": _EVENT_VIEW,
    "timeline": _EVENT_VIEW,
    "contacts": (_DATE, Column("gap", _gap, 5), Column("mode", _field("mode"), 5, give=1),
                 Column("who -> whom", lambda r: ARROW.join(_ends(r)), 21, pair=_ends),
                 Column("sources (outlets)", _sources, 9, give=2)),
    "failures": (Column("origin", _field("origin"), 24, keep_end=True), Column("reason", _field("reason"), 24),
                 Column("tries", _field("attempts"), 5, give=1),
                 Column("last seen", lambda r: one_line(r.get("last_seen"))[:16], 10, give=2)),
    "articles": (Column("published", lambda r: one_line(r.get("published"))[:10], 10),
                 Column("outlet", _field("source"), 8, give=1), Column("title", _field("title"), 16),
                 Column("id", _field("id"), 16)),
}


def table(rows: list[dict[str, Any]], title: str, width: int, view: str | None = None,
          wide: bool = False) -> RenderableType:
    """The rows in ``width`` columns: the view's columns cut to fit; with ``wide`` (or without a view)
    every column, and with ``wide`` values wrap instead of being cut (one block per row if the columns
    cannot sit side by side)."""
    heading = Text(f"{plain(title)} ({len(rows)})", style="bold")
    if not rows:
        return heading
    columns = None if wide else VIEWS.get(view or "")
    if columns is None:  # every column; wrapped ones at least 20 wide (an id, a date, a short URL whole)
        columns = tuple(Column(name, _field(name), 20 if wide else 8) for name in rows[0])
    cells = [[c.text(row) for c in columns] for row in rows]
    natural = [max(len(c.header), _typical([len(r[k]) for r in cells])) for k, c in enumerate(columns)]
    fitted = _fit(natural, [min(c.min_width, n) for c, n in zip(columns, natural)],
                  [c.give for c in columns], width, drop=not wide)
    if fitted is None:
        return _blocks(heading, [c.header for c in columns], cells)
    keep, widths = fitted
    out = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for k in keep:
        out.add_column(Text(plain(columns[k].header)), width=widths[k], no_wrap=not wide,
                       overflow="fold" if wide else "ellipsis")
    for row, texts in zip(rows, cells):
        out.add_row(*(_cell(columns[k], row, texts[k], widths[k], wide) for k in keep))
    return Group(heading, out)


def _blocks(heading: Text, headers: list[str], cells: list[list[str]]) -> Group:
    """One block per row, a field a line: every value whole, however narrow the terminal."""
    parts: list[RenderableType] = [heading]
    for texts in cells:
        block = Table.grid(padding=(0, 2))
        block.add_column(style="bold", no_wrap=True)
        block.add_column(overflow="fold")
        for header, text in zip(headers, texts):
            block.add_row(Text(plain(header)), Text(text))
        parts += [Text(""), block]
    return Group(*parts)


def _cell(column: Column, row: dict[str, Any], text: str, width: int, wide: bool) -> Text:
    if column.pair is not None and not wide:
        return Text(pair(*column.pair(row), width), style=column.style)
    if column.keep_end and not wide and len(text) > width:
        return Text("…" + text[len(text) - width + 1:], style=column.style)
    return Text(text, style=column.style)


def pair(a: str, b: str, width: int) -> str:
    """ "a -> b" in ``width`` columns: the longer side gives way first, each cut with an ellipsis."""
    room = width - len(ARROW)
    if len(a) + len(b) <= room:
        return a + ARROW + b
    half = room // 2
    a_room = max(half, room - len(b))
    b_room = room - min(len(a), a_room)
    return _cut(a, a_room) + ARROW + _cut(b, b_room)


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[:max(width - 1, 0)] + "…"


def _typical(lengths: list[int]) -> int:
    """The width that holds nine values in ten: one outlier does not take the room of the others."""
    return sorted(lengths)[-(len(lengths) // 10) - 1] if lengths else 0


def _fit(natural: list[int], minimum: list[int], give: list[int], width: int,
         drop: bool) -> tuple[list[int], list[int]] | None:
    """Which columns to show and how wide. Columns give way by rank of ``give`` (then widest first)
    down to their minimum; if even the minimums do not fit, the columns that give way first are left
    out when ``drop`` (never squeezed to nothing), else None."""
    keep = list(range(len(natural)))
    widths = list(natural)

    def total(sizes: list[int]) -> int:
        return sum(sizes[k] for k in keep) + _GAP * (len(keep) - 1)

    while len(keep) > 1 and total(minimum) > width:
        if not drop:
            return None
        keep.remove(max(keep, key=lambda k: (give[k], k)))
    excess = total(widths) - width
    while excess > 0:
        shrinkable = [k for k in keep if widths[k] > minimum[k]]
        if not shrinkable:
            break
        widths[max(shrinkable, key=lambda k: (give[k], widths[k]))] -= 1
        excess -= 1
    return keep, widths


# How the sentence of a report marks each part of the event (and, for a terminal without colour, the
# key under it names the same words).
MARKS = (("trigger", "bold reverse"), ("source", "bold green"), ("target", "bold cyan"),
         ("date", "magenta"), ("place", "yellow"))


def event_view(event: dict[str, Any]) -> Group:
    """One merged event the way an analyst reads it: what, who to whom, when, where, then each report
    with its outlet, title and sentence, the trigger and arguments marked."""
    source, target = _ends(event)
    parts: list[RenderableType] = [
        line((_type_mode(event), "bold"), "  ", (source, "bold green"), ARROW, (target, "bold cyan")),
        line(("date ", "dim"), event.get("date") or "?", ("  place ", "dim"), event.get("location_name") or "-",
             ("  ", ""), event.get("modality") or "", ("  sources ", "dim"), str(event.get("n_sources")),
             ("  id ", "dim"), event.get("id"))]
    by_article: dict[str, list[dict[str, Any]]] = {}
    for report in event.get("reports") or []:
        by_article.setdefault(report["article_id"], []).append(report)
    for n, reports in enumerate(by_article.values(), 1):
        first = reports[0]
        parts += [Text(""), line((f"{n}. ", "bold"), (one_line(first.get("outlet")) or "(no outlet)", "bold"),
                                 " - ", one_line(first.get("title")) or "(no title)"),
                  Padding(line(one_line(first.get("published")), "  ", first.get("url") or first.get("origin"),
                               ("  article ", "dim"), first.get("article_id")), (0, 0, 0, 3))]
        for report in reports:
            parts += [Padding(marked_sentence(report), (0, 0, 0, 3)), Padding(_key(report), (0, 0, 0, 5))]
    return Group(*parts)


def _spans(report: dict[str, Any]) -> dict[str, tuple[int, int]]:
    """Where each part of the event is in the report's sentence (the first time its words occur)."""
    sentence = report.get("sentence") or ""
    found: dict[str, tuple[int, int]] = {}
    if report.get("trigger"):
        found["trigger"] = tuple(report["trigger"])
    for name, words in (("source", report.get("source_text")), ("target", report.get("target_text")),
                        ("date", report.get("date_text")), ("place", report.get("location_name"))):
        at = sentence.find(words) if words else -1
        if at >= 0:
            found[name] = (at, at + len(words))
    return found


def marked_sentence(report: dict[str, Any]) -> Text:
    """The sentence on one line, each part of the event in its style (``MARKS``)."""
    sentence = plain(report.get("sentence") or "").replace("\n", " ").replace("\t", " ")
    text = Text(sentence.rstrip())
    styles = dict(MARKS)
    for name, (start, end) in _spans(report).items():
        text.stylize(styles[name], start, end)
    return text


def _key(report: dict[str, Any]) -> Text:
    """The marked words by name: "trigger 'spoke'  source 'Lloyd Austin' (lloyd-austin) ..."."""
    sentence = report.get("sentence") or ""
    actors = {"source": report.get("source_actor"), "target": report.get("target_actor"), "date": report.get("date")}
    parts: list[Any] = []
    for name, (start, end) in sorted(_spans(report).items(), key=lambda item: item[1]):
        parts += [(f"{name} ", "dim"), (f"\u2018{one_line(sentence[start:end])}\u2019", dict(MARKS)[name])]
        parts += [f" ({one_line(actors[name])})" if actors.get(name) else "", "  "]
    return line(*parts) if parts else Text("(no part of the event found in the sentence)", style="dim")
