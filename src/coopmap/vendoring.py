"""Front-end packages from npm: fetched, checked by their sha512 and unpacked into coopmap/vendor/.

``vendor.json`` lists each package (version, tarball URL, the registry's ``integrity``, the files to take
and what to name them). ``python -m coopmap.vendoring`` fills ``src/coopmap/vendor/`` in a checkout;
building a wheel (setup.py's ``build_py``) does the same into the wheel. Standard library only: it runs
inside pip's isolated build.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import sys
import tarfile
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
SPEC = HERE / "vendor.json"
VENDOR = HERE / "vendor"
STAMP = "VENDORED.json"  # what was unpacked, so a second run with the same spec downloads nothing
COMMAND = "python -m coopmap.vendoring"


class VendorError(Exception):
    """A package could not be fetched, or is not the one vendor.json pins."""


def load_spec(spec: Path = SPEC) -> list[dict]:
    return json.loads(spec.read_text(encoding="utf-8"))["packages"]


def check_integrity(data: bytes, integrity: str, name: str) -> None:
    """Refuse bytes whose digest is not the registry's ``sha512-BASE64``."""
    algorithm, _, expected = integrity.partition("-")
    if algorithm != "sha512":
        raise VendorError(f"{name}: only sha512 integrity is accepted, not {algorithm!r}")
    actual = base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")
    if actual != expected:
        raise VendorError(f"{name}: integrity mismatch: expected sha512-{expected}, got sha512-{actual}; refused")


def fetch(url: str) -> bytes:
    """A tarball from the registry (or a local file:// one)."""
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.read()
    except OSError as error:
        raise VendorError(f"cannot download {url}: {error}") from error


def unpack(data: bytes, files: dict[str, str], dest: Path, name: str) -> None:
    """Copy the chosen members of an npm tarball (paths under ``package/``) to ``dest`` under new names."""
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for member_path, target in sorted(files.items()):
            if "/" in target or target.startswith("."):
                raise VendorError(f"{name}: bad target name {target!r}")
            try:
                member = tar.getmember("package/" + member_path)
            except KeyError:
                raise VendorError(f"{name}: the tarball has no {member_path}") from None
            if not member.isfile():
                raise VendorError(f"{name}: {member_path} is not a regular file")
            (dest / target).write_bytes(tar.extractfile(member).read())


def vendor(dest: Path = VENDOR, spec: Path = SPEC, log=None) -> Path:
    """Fill ``dest`` with every package of ``spec``; nothing is downloaded when it already holds them."""
    packages = load_spec(spec)
    stamp = dest / STAMP
    wanted = json.dumps(packages, sort_keys=True)
    if (
        stamp.is_file()
        and stamp.read_text(encoding="utf-8") == wanted
        and all((dest / target).is_file() for p in packages for target in p["files"].values())
    ):
        return dest
    dest.mkdir(parents=True, exist_ok=True)
    for package in packages:
        name = f"{package['name']}@{package['version']}"
        if log:
            log(f"vendoring {name} from {package['tarball']}")
        data = fetch(package["tarball"])
        check_integrity(data, package["integrity"], name)
        unpack(data, package["files"], dest, name)
    stamp.write_text(wanted, encoding="utf-8")
    return dest


def main() -> None:
    try:
        path = vendor(log=lambda message: print(message, file=sys.stderr))
    except VendorError as error:
        raise SystemExit(f"coopmap vendoring: {error}") from None
    print(f"front-end packages in {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
