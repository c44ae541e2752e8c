"""What an article is about, from the words it uses: politics, or another field of news.

News of sport, business, entertainment, technology and science, and health uses the words of conflict
and cooperation in other senses: teams "attack" and "defeat" each other and are named by their
countries, companies "hold talks" with a country about sales, stars "fight" and "reject" offers. An
article is of such a domain when that domain's words (``data/events/domains.tsv``) are frequent in it
and the words of politics are not; the political checks then ask more of a candidate event
(``political.py``, ``official_in_other_news``).
"""
from __future__ import annotations

from collections import Counter
from functools import lru_cache

from ..data import tsv_rows

POLITICS = "politics"
# An article is of another domain when that domain has at least this many words in it...
MIN_DOMAIN_WORDS = 4
# ... and at least this many times as many as politics has (plus one).
DOMAIN_OVER_POLITICS = 2.0
# Parts of speech counted: the words that name what an article is about.
_COUNTED_POS = frozenset({"NOUN", "PROPN", "VERB"})


@lru_cache(maxsize=None)
def domain_words() -> dict[str, tuple[str, ...]]:
    """Lemma -> the domains it points to (a word may point to two: "fan", "star")."""
    table: dict[str, list[str]] = {}
    for word, domain in tsv_rows("events/domains.tsv"):
        table.setdefault(word, []).append(domain)
    return {word: tuple(domains) for word, domains in table.items()}


def domain_counts(doc) -> Counter:
    """How many of each domain's words the article uses."""
    table = domain_words()
    counts: Counter = Counter()
    for token in doc:
        if token.pos_ in _COUNTED_POS:
            for domain in table.get(token.lemma_.lower(), ()):
                counts[domain] += 1
    return counts


def article_domain(doc) -> str | None:
    """The article's non-political domain ("sport", "business", ...), or None when it is about
    politics or about nothing in particular. Computed once per Doc."""
    cache = doc.user_data
    if "dateline_domain" not in cache:
        counts = domain_counts(doc)
        politics = counts.pop(POLITICS, 0)
        domain = None
        if counts:
            best, n = counts.most_common(1)[0]
            if n >= MIN_DOMAIN_WORDS and n >= DOMAIN_OVER_POLITICS * (politics + 1):
                domain = best
        cache["dateline_domain"] = domain
    return cache["dateline_domain"]
