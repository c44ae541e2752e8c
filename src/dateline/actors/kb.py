"""Actor knowledge base: countries, metonyms, organisations, groups, role words and dated office holders.

Everything is read from the TSV tables in ``dateline/data/actors`` (documented in docs/actors-kb.md) once per
set of user files; user files extend or override the built-in rows (see ``load_kb``).
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from dateline.actors.tables import Names as _Names, fold, norm_key
from dateline.data import data_text

TABLES = ("countries", "metonyms", "organisations", "roles", "holders", "name_variants", "groups")
_COLUMNS = {"countries": 6, "metonyms": 4, "organisations": 6, "roles": 4, "holders": 10, "name_variants": 4,
            "groups": 6}
_SUFFIXES = frozenset("jr sr ii iii iv".split())
_REGNAL = frozenset("king queen pope emperor prince emir sheikh".split())
_DEPUTY = frozenset("deputy vice assistant junior under".split())
_ROMAN = re.compile(r"[ivx]+")
_CONSONANT_Y = re.compile(r"([aeo])y(?=[bcdfghjklmnpqrstvwxz])")


def _cells(row: list[str], n: int) -> list[str]:
    """A row cut or padded to n stripped cells."""
    return [c.strip() for c in row[:n]] + [""] * (n - len(row))


def _split(cell: str, sep: str = "|") -> tuple[str, ...]:
    """Non-empty parts of a list cell."""
    return tuple(p.strip() for p in cell.split(sep) if p.strip())


def _pad(date: str, end: bool) -> str:
    """A full ISO day for a partial date (YYYY or YYYY-MM): the first day, or the last when ``end``."""
    parts = date.split("-")
    if len(parts) == 1:
        return date + ("-12-31" if end else "-01-01")
    if len(parts) == 2:
        return date + ("-31" if end else "-01")
    return date


def _table_of(path: Path) -> str:
    """Which table a user file extends, from the end of its name (``my-holders.tsv`` -> holders)."""
    stem = path.name.rsplit(".", 1)[0]
    for name in sorted(TABLES, key=len, reverse=True):
        if stem == name or stem.endswith(("-" + name, "_" + name, "." + name)):
            return name
    raise ValueError(f"{path}: file name must end with one of {', '.join(TABLES)} (e.g. my-holders.tsv)")


def _read(text: str, table: str) -> list[list[str]]:
    """Rows of one table text, skipping blank lines and # comments."""
    n = _COLUMNS[table]
    return [_cells(line.split("\t"), n) for line in text.splitlines() if line.strip() and not line.startswith("#")]


class KnowledgeBase:
    """Lookups over the actor tables; build it with ``load_kb``."""

    def __init__(self, tables: dict[str, list[list[str]]]) -> None:
        """Index merged table rows (one list of rows per table name)."""
        self.countries: dict[str, dict] = {}
        self._country_names = _Names()
        for iso, name, aliases, demonyms, _caps, _note in tables["countries"]:
            self.countries[iso] = {"iso3": iso, "name": name, "aliases": _split(aliases), "demonyms": _split(demonyms)}
        for iso, row in self.countries.items():  # names first, then demonyms, so a name never loses to a demonym
            for alias in (row["name"], *row["aliases"], iso):
                self._country_names.add(alias, iso)
        names = set()
        for iso, row in self.countries.items():
            names |= {row["name"], *row["aliases"]}
        # nationality words that are nobody's name ("Angolan", not "Bosnia" or "Georgia")
        self.demonyms = frozenset(d for row in self.countries.values() for d in row["demonyms"]) - names
        for iso, row in self.countries.items():
            for dem in row["demonyms"]:
                if not self._country_names.get(dem):
                    self._country_names.add(dem, iso)
        self._metonyms: dict[str, tuple[str, tuple[str, ...]]] = {}
        for iso, _name, _aliases, _dems, caps, _note in tables["countries"]:
            for cap in _split(caps):
                self._metonyms[norm_key(cap)] = (iso, ("GOV",))
        for text, iso, roles, _note in tables["metonyms"]:
            self._metonyms[norm_key(text)] = (iso, _split(roles, " "))
        self.organisations: dict[str, dict] = {}
        self._org_names = _Names()
        for oid, name, aliases, country, roles, _note in tables["organisations"]:
            self.organisations[oid] = {"id": oid, "name": name, "country": country or None, "roles": _split(roles, " ")}
            for alias in (name, *_split(aliases)):
                self._org_names.add(alias, oid)
        self.groups: dict[str, dict] = {}
        self._group_names = _Names()
        for gid, name, aliases, country, roles, _note in tables["groups"]:
            self.groups[gid] = {"id": gid, "name": name, "country": country or None, "roles": _split(roles, " ")}
            for alias in (name, *_split(aliases)):
                self._group_names.add(alias, gid)
        self._roles: dict[str, tuple[tuple[str, ...], str | None]] = {}
        for phrase, roles, office, _note in tables["roles"]:
            self._roles[norm_key(phrase)] = (_split(roles, " "), office or None)
        self._tokens: dict[str, str] = {}
        self._honorifics: set[str] = set()
        for variant, canonical, kind, _note in tables["name_variants"]:
            if kind == "honorific":
                self._honorifics.add(fold(variant))
            else:
                self._tokens[fold(variant)] = fold(canonical)
        self._index_holders(tables["holders"])

    def _index_holders(self, rows: list[list[str]]) -> None:
        """Build person rows and the name, surname and office indexes."""
        aliases: dict[str, list[str]] = {}
        names: dict[str, str] = {}
        for pid, name, alias, *_ in rows:
            names.setdefault(pid, name)
            aliases.setdefault(pid, [])
            aliases[pid] += [a for a in _split(alias) if a not in aliases[pid]]
        self._people: dict[str, list[dict]] = {}
        self._offices: dict[tuple[str, str], list[dict]] = {}
        for pid, name, _alias, place, office, roles, title, start, end, comment in rows:
            org = self.organisations.get(place)
            offices = _split(office)
            row = {"id": pid, "name": names[pid], "country": org["country"] if org else place,
                   "org": org["id"] if org else None, "office": offices[0] if offices else None,
                   "offices": offices, "roles": _split(roles, " "), "title": title, "start": start or None,
                   "end": end or None, "aliases": tuple(aliases[pid]), "comment": comment or None}
            self._people.setdefault(pid, []).append(row)
            for key in offices:
                self._offices.setdefault((place.upper() if not org else place, key), []).append(row)
        self._by_name: dict[str, set[str]] = {}
        self._by_surname: dict[str, set[str]] = {}
        for pid, rows_ in self._people.items():
            for alias in (rows_[0]["name"], *rows_[0]["aliases"]):
                tokens = self._name_tokens(alias)
                if not tokens:
                    continue
                for key in self._keys(tokens):
                    self._by_name.setdefault(key, set()).add(pid)
                last = [t for t in tokens if not _ROMAN.fullmatch(t)][-1:] or tokens[-1:]
                for key in self._keys(last):
                    self._by_surname.setdefault(key, set()).add(pid)
        for rows_ in self._people.values():
            rows_.sort(key=lambda r: r["start"] or "")

    # --- countries, places, organisations, roles -------------------------------------------------------
    def country_of(self, text: str) -> str | None:
        """ISO3 code for a country name, short name or demonym ("Russian" -> "RUS"); None if unknown."""
        hit = self._country_names.get(text)
        if hit is None and text.strip().endswith("s"):
            hit = self._country_names.get(text.strip()[:-1])  # plural demonyms: Russians, Americans
        return hit

    def metonym(self, text: str) -> tuple[str, tuple[str, ...]] | None:
        """(country, roles) for a capital or seat of power ("the Kremlin" -> ("RUS", ("GOV", "HEAD")))."""
        return self._metonyms.get(norm_key(text))

    def igo(self, text: str) -> dict | None:
        """{"id","name","country","roles"} of an organisation named or abbreviated by text; None if unknown."""
        oid = self._org_names.get(text)
        return dict(self.organisations[oid]) if oid else None

    def igo_in(self, text: str) -> dict | None:
        """Like ``igo`` for the longest organisation name inside text ("Red Cross operating in Iraq" -> icrc)."""
        oid = self._org_names.find_in(text)
        return dict(self.organisations[oid]) if oid else None

    def group(self, text: str) -> dict | None:
        """{"id","name","country","roles"} of an ethnic, religious or national-movement group; None if unknown."""
        gid = self._group_names.get(text)
        return dict(self.groups[gid]) if gid else None

    def group_in(self, text: str) -> dict | None:
        """Like ``group`` for the longest group name inside text ("ethnic Albanian Kosovars" -> ...)."""
        gid = self._group_names.find_in(text)
        return dict(self.groups[gid]) if gid else None

    def roles_of(self, phrase: str) -> tuple[tuple[str, ...], str | None]:
        """(roles, office key) of the longest title or group noun in phrase; ((), None) when none."""
        tokens = norm_key(phrase).split()
        for n in range(min(len(tokens), 7), 0, -1):
            for i in range(len(tokens) - n, -1, -1):
                hit = self._role(tokens[i:i + n])
                if hit:
                    roles, office = hit
                    if office and i > 0 and tokens[i - 1] in _DEPUTY:
                        office = None  # "deputy defence minister" is not the minister
                    return roles, office
        return (), None

    def _role(self, tokens: list[str]) -> tuple[tuple[str, ...], str | None] | None:
        """The roles entry for these tokens, also trying the last one in the singular."""
        head, last = " ".join(tokens[:-1]), tokens[-1]
        for form in (last, last[:-3] + "y" if last.endswith("ies") else "", last[:-3] + "man" if last.endswith("men")
                     else "", last[:-2] if last.endswith("es") else "", last[:-1] if last.endswith("s") else ""):
            if form and (hit := self._roles.get(f"{head} {form}".strip())):
                return hit
        return None

    # --- people ------------------------------------------------------------------------------------------
    def _name_tokens(self, name: str) -> list[str]:
        """Folded name parts with honorifics, initials and generational suffixes dropped, variants unified."""
        tokens = [t for t in re.split(r"[^0-9a-z]+", re.sub(r"['’ʼ`.]", "", fold(name))) if t]
        while len(tokens) > 1 and tokens[0] in self._honorifics and (len(tokens) > 2 or tokens[0] not in _REGNAL):
            tokens = tokens[1:]  # "President Putin" -> putin; "King Charles" stays whole
        if len(tokens) > 2 and tokens[-1] in _SUFFIXES:
            tokens = tokens[:-1]
        out = []
        for tok in tokens:
            tok = self._tokens.get(tok) or (re.sub(r"(iy|yy|yi|ii)$", "y", tok) if len(tok) > 4 else tok)
            out.append(tok)
        return out

    @staticmethod
    def _keys(tokens: list[str]) -> tuple[str, str]:
        """The plain key and the looser key (Shoygu ~ Shoigu, Aleksandr ~ Alexandr, doubled letters)."""
        plain = " ".join(tokens)
        loose = re.sub(r"(.)\1", r"\1", _CONSONANT_Y.sub(r"\1i", plain).replace("ks", "x"))
        return plain, loose

    def _match(self, name: str) -> list[str]:
        """Ids of known people whose name or a variant matches name (full, then without middle parts)."""
        tokens = self._name_tokens(name)
        tries = [tokens, [t for t in tokens if len(t) > 1]]
        if len(tries[1]) > 2:
            tries.append([tries[1][0], tries[1][-1]])
        for toks in tries:
            if not toks:
                continue
            for key in self._keys(toks):
                if key in self._by_name:
                    return sorted(self._by_name[key])
        return []

    def person(self, name: str) -> list[dict]:
        """All office-holder rows of the known people whose name matches any variant of name."""
        return [dict(r) for pid in self._match(name) for r in self._people[pid]]

    def person_by_surname(self, surname: str) -> list[dict]:
        """All office-holder rows of the known people with this surname (or one-word alias)."""
        tokens = self._name_tokens(surname)
        ids: set[str] = set()
        for key in self._keys(tokens[-1:]) if tokens else ():
            ids |= self._by_surname.get(key, set())
        return [dict(r) for pid in sorted(ids) for r in self._people[pid]]

    def canonical_id(self, name: str) -> str:
        """Stable id for a person name: the known person's id, else a slug of the normalised name."""
        ids = self._match(name)
        if ids:
            return max(ids, key=lambda pid: self._people[pid][-1]["start"] or "")
        return "-".join(self._name_tokens(name)) or norm_key(name).replace(" ", "-")

    def office_holder(self, country: str, office: str, on: str) -> dict | None:
        """The row of whoever held office in country (ISO3, name or organisation) on ISO date on."""
        place = self._place(country)
        key = office.strip().lower().replace(" ", "_").replace("defense", "defence")
        if (place, key) not in self._offices:
            key = self.roles_of(office)[1] or key
        day = _pad(on, end=False)
        rows = [r for r in self._offices.get((place, key), ())
                if _pad(r["start"] or "0000", False) <= day <= _pad(r["end"] or "9999", True)]
        return dict(max(rows, key=lambda r: _pad(r["start"] or "0000", False))) if rows else None

    def _place(self, country: str) -> str:
        """ISO3 or organisation id for a country or organisation written any known way."""
        text = country.strip()
        if text.upper() in self.countries:
            return text.upper()
        if text in self.organisations:
            return text
        return self.country_of(text) or (self.igo(text) or {}).get("id") or text.upper()


def _builtin(table: str) -> str:
    """The shipped text of one table."""
    return data_text(f"actors/{table}.tsv")


def _row_key(table: str, row: list[str]) -> tuple:
    """The key under which a row replaces another: id, text or phrase; id + office + start for holders."""
    if table == "holders":
        return row[0], _split(row[4])[:1], row[7]
    return (norm_key(row[0]) if table in ("metonyms", "roles") else row[0],)


@lru_cache(maxsize=8)
def load_kb(extra: tuple[str, ...] = ()) -> KnowledgeBase:
    """The knowledge base from the shipped tables plus user files (same formats), loaded once per tuple."""
    merged: dict[str, dict[tuple, list[str]]] = {t: {} for t in TABLES}
    for table in TABLES:
        for row in _read(_builtin(table), table):
            merged[table][_row_key(table, row)] = row
    for path in map(Path, extra):
        table = _table_of(path)
        for row in _read(path.read_text(encoding="utf-8"), table):
            if table == "holders" and row[1] == "-":  # deletion: all rows of the id (and office, if given)
                office = _split(row[4])[:1]
                for key in [k for k in merged[table] if k[0] == row[0] and (not office or k[1] == office)]:
                    del merged[table][key]
                continue
            merged[table][_row_key(table, row)] = row
    return KnowledgeBase({t: list(rows.values()) for t, rows in merged.items()})
