"""France's official list of communes (INSEE's Code officiel géographique), to give GeoNames' French places
their INSEE code.

Derive-time only. The list comes from the npm package ``@etalab/decoupage-administratif`` (MIT; data:
INSEE, Licence Ouverte 2.0), fetched from the npm registry and checked against its published integrity
hash. It has no coordinates: a commune gets its code when exactly one GeoNames place of its region bears
its name.
"""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

from .errors import InputError
from .names import fold
from .vendoring import VendorError, check_integrity, fetch

PACKAGE = "@etalab/decoupage-administratif"
VERSION = "6.0.0"
TARBALL = "https://registry.npmjs.org/@etalab/decoupage-administratif/-/decoupage-administratif-6.0.0.tgz"
INTEGRITY = "sha512-XavYsFlbcM/prKr8hNHPKER94IHw/dsxNM4nxjWMYk6PLFACpEedvn/7wK8Baozm0dCYhWWcf+7bcWpA5pmCaQ=="
MEMBER = "package/data/communes.json"
# INSEE's overseas region codes -> the country code GeoNames files those places under.
OVERSEAS = {"01": "GP", "02": "MQ", "03": "GF", "04": "RE", "06": "YT"}


def read_communes(tarball: Path | None = None) -> list[dict]:
    """The current communes (code, name, region), from a local copy of the package's tarball or the registry."""
    try:
        data = Path(tarball).read_bytes() if tarball else fetch(TARBALL)
        check_integrity(data, INTEGRITY, f"{PACKAGE}@{VERSION}")
    except VendorError as error:
        raise InputError(str(error)) from None
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        member = archive.extractfile(MEMBER)
        if member is None:
            raise InputError(f"{PACKAGE} {VERSION}: no {MEMBER} in the package")
        communes = json.loads(member.read().decode("utf-8"))
    return [c for c in communes if c.get("type") == "commune-actuelle"]


def insee_codes(places: dict[str, dict], communes: list[dict]) -> dict[str, tuple[str, str]]:
    """GeoNames id -> (INSEE code, official name), for each commune whose name exactly one place of its
    region bears.

    ``places`` are GeoNames records (``geonameid``, ``name``, ``countrycode``, ``admin1code``); GeoNames'
    French admin-1 codes are INSEE's region codes, and overseas regions are countries of their own.
    """
    named: dict[tuple[str, str, str], list[tuple[str, str]]] = {}
    for commune in communes:
        country = OVERSEAS.get(commune["region"], "FR")
        region = commune["region"] if country == "FR" else ""
        named.setdefault((country, region, fold(commune["nom"])), []).append((commune["code"], commune["nom"]))
    codes: dict[str, tuple[str, str]] = {}
    # Own names first; then, for the communes still without a place, GeoNames' alternates ('Dunkirk').
    for own in (True, False):
        by_name: dict[tuple[str, str, str], list[str]] = {}
        for ident, place in places.items():
            if ident in codes or place["countrycode"] not in ("FR", *OVERSEAS.values()):
                continue
            country = place["countrycode"]
            region = (place.get("admin1code") or "") if country == "FR" else ""
            names = [place["name"]] if own else place.get("alternatenames") or ()
            for key in {fold(name) for name in names}:
                by_name.setdefault((country, region, key), []).append(ident)
        taken = {code for code, _ in codes.values()}
        for key, idents in by_name.items():
            found = named.get(key, ())
            if len(idents) == 1 and idents[0] not in codes and len(found) == 1 and found[0][0] not in taken:
                codes[idents[0]] = found[0]
                taken.add(found[0][0])
    return codes

