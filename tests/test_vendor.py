"""The front-end packages from npm: taken only when their sha512 is the pinned one, and shipped in the wheel."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile

import pytest

from coopmap import vendoring

from .conftest import ROOT


def fake_tarball(path, files: dict[str, bytes]) -> bytes:
    """An npm-like tarball: every file under package/."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, content in files.items():
            info = tarfile.TarInfo("package/" + name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    path.write_bytes(buffer.getvalue())
    return buffer.getvalue()


def sha512(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def spec(tmp_path, tarball, integrity: str):
    path = tmp_path / "vendor.json"
    package = {"name": "fake", "version": "1.0.0", "tarball": tarball.as_uri(), "integrity": integrity,
               "files": {"dist/fake.min.js": "fake.min.js", "LICENSE": "fake.LICENSE"}}  # fmt: skip
    path.write_text(json.dumps({"packages": [package]}), encoding="utf-8")
    return path


def test_a_package_with_its_pinned_hash_is_unpacked_under_its_new_names(tmp_path):
    tarball = tmp_path / "fake-1.0.0.tgz"
    data = fake_tarball(tarball, {"dist/fake.min.js": b"var fake = 1;\n", "LICENSE": b"ISC\n", "README.md": b"x"})
    dest = tmp_path / "vendor"
    vendoring.vendor(dest, spec(tmp_path, tarball, sha512(data)))
    assert (dest / "fake.min.js").read_bytes() == b"var fake = 1;\n"
    assert (dest / "fake.LICENSE").read_bytes() == b"ISC\n"
    assert sorted(p.name for p in dest.iterdir()) == ["VENDORED.json", "fake.LICENSE", "fake.min.js"]
    # a second run with the same spec downloads nothing: the tarball may be gone
    tarball.unlink()
    vendoring.vendor(dest, spec(tmp_path, tarball, sha512(data)))


def test_a_wrong_hash_is_refused_and_nothing_is_written(tmp_path):
    tarball = tmp_path / "fake-1.0.0.tgz"
    fake_tarball(tarball, {"dist/fake.min.js": b"alert('not the package we pinned')", "LICENSE": b"ISC\n"})
    pinned = sha512(b"the real package's bytes")
    dest = tmp_path / "vendor"
    with pytest.raises(vendoring.VendorError, match=re.escape("fake@1.0.0: integrity mismatch: expected " + pinned)):
        vendoring.vendor(dest, spec(tmp_path, tarball, pinned))
    assert not (dest / "fake.min.js").exists()


def test_only_sha512_is_accepted(tmp_path):
    tarball = tmp_path / "fake-1.0.0.tgz"
    data = fake_tarball(tarball, {"dist/fake.min.js": b"1", "LICENSE": b"ISC\n"})
    sha1 = "sha1-" + base64.b64encode(hashlib.sha1(data).digest()).decode("ascii")
    with pytest.raises(vendoring.VendorError, match="only sha512"):
        vendoring.vendor(tmp_path / "vendor", spec(tmp_path, tarball, sha1))


def test_a_missing_member_is_named(tmp_path):
    tarball = tmp_path / "fake-1.0.0.tgz"
    data = fake_tarball(tarball, {"LICENSE": b"ISC\n"})
    with pytest.raises(vendoring.VendorError, match="the tarball has no dist/fake.min.js"):
        vendoring.vendor(tmp_path / "vendor", spec(tmp_path, tarball, sha512(data)))


def test_the_pinned_packages_are_what_the_page_reads():
    packages = vendoring.load_spec()
    assert [p["name"] for p in packages] == ["supercluster", "kdbush"]
    assert all(p["integrity"].startswith("sha512-") and p["tarball"].startswith("https://registry.npmjs.org/")
               for p in packages)  # fmt: skip


def test_the_built_wheel_holds_the_vendored_files(tmp_path):
    """pip builds the wheel as on a fresh machine (isolated, from the registries); the files come with it."""
    if not (ROOT / "setup.py").is_file():
        pytest.skip("not a source checkout")
    source = tmp_path / "source"  # a checkout that never ran the vendoring command
    skip = shutil.ignore_patterns(".git", ".venv", "vendor", "build", "output", "results", "*.egg-info", "__pycache__")
    shutil.copytree(ROOT, source, ignore=skip)
    out = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-q", "-w", str(out)],
                   check=True, timeout=600)  # fmt: skip
    (wheel,) = out.glob("coopmap-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        script = archive.read("coopmap/vendor/supercluster.min.js")
    assert {"coopmap/vendor/supercluster.min.js", "coopmap/vendor/supercluster.LICENSE",
            "coopmap/vendor/kdbush.LICENSE"} <= names  # fmt: skip
    assert b"Supercluster" in script


def test_a_missing_vendored_file_stops_the_build_with_the_command_to_run():
    from coopmap.errors import CoopmapError
    from coopmap.render import vendored

    assert "Supercluster" in vendored("supercluster.min.js")
    with pytest.raises(CoopmapError, match=re.escape("vendor/absent.js is missing") + ".*python -m coopmap.vendoring"):
        vendored("absent.js")
