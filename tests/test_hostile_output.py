"""Faults while writing: nothing the user had is lost, nothing is left half-written, no litter stays behind."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

import coopmap
from coopmap import output
from coopmap.cli import cli
from coopmap.errors import OutputError
from coopmap.output import remove_stale_temporaries, write_together

from .conftest import DEFAULT_CSV

# The folder holding the coopmap under test (src/, or site-packages for an installed one): for subprocesses.
SRC = Path(coopmap.__file__).resolve().parents[1]


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """partners.csv, and an earlier map and snippet, in one folder."""
    shutil.copy(DEFAULT_CSV, tmp_path / "partners.csv")
    (tmp_path / "map.html").write_text("earlier map")
    (tmp_path / "map.embed.html").write_text("earlier snippet")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def build(*args):
    return CliRunner().invoke(cli, ["build", "--data-date", "2019-02-14", *args])


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def untouched(folder: Path) -> bool:
    return (folder / "map.html").read_text() == "earlier map" and (
        folder / "map.embed.html"
    ).read_text() == "earlier snippet"


# -- an output that is an input ------------------------------------------------------------------------------


def test_building_over_the_input_is_refused(folder):
    before = (folder / "partners.csv").read_bytes()
    result = build("partners.csv", "-o", "partners.csv")
    assert (result.exit_code, result.stderr) == (
        1, "Error: partners.csv: is the input file partners.csv: refusing to write over it (choose another -o)\n"
    )  # fmt: skip
    assert (folder / "partners.csv").read_bytes() == before


def test_a_symlink_or_a_hard_link_to_the_input_is_the_input(folder):
    (folder / "alias.csv").symlink_to("partners.csv")
    os.link(folder / "partners.csv", folder / "hard.csv")
    before = (folder / "partners.csv").read_bytes()
    for args in (["alias.csv", "-o", "partners.csv"], ["partners.csv", "-o", "hard.csv"]):
        result = build(*args)
        assert result.exit_code == 1 and "refusing to write over it" in result.stderr
    result = CliRunner().invoke(cli, ["export", "alias.csv", "-o", "partners.csv"])
    assert (result.exit_code, result.stderr) == (
        1, "Error: partners.csv: is the input file alias.csv: refusing to write over it (choose another -o)\n"
    )  # fmt: skip
    assert (folder / "partners.csv").read_bytes() == before


def test_a_snippet_that_would_land_on_the_input_is_refused(folder):
    shutil.copy(folder / "partners.csv", folder / "map.embed.csv")
    result = build("map.embed.csv", "-o", "map.csv")  # the snippet of map.csv is map.embed.html, not the input
    assert result.exit_code == 0, result.output
    shutil.copy(folder / "partners.csv", folder / "x.embed.html")
    result = build("x.embed.html", "-o", "x.html")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: x.embed.html: is the input file x.embed.html: refusing to write over it (choose another -o)\n"
    )


# -- one transaction -----------------------------------------------------------------------------------------


def test_an_unwritable_snippet_leaves_the_earlier_map(folder):
    (folder / "map.embed.html").unlink()
    (folder / "map.embed.html").mkdir()
    result = build("partners.csv", "-o", "map.html")
    assert (result.exit_code, result.stderr) == (
        1, "Error: map.embed.html: is a folder; nothing was written, the previous files are untouched\n"
    )  # fmt: skip
    assert (folder / "map.html").read_text() == "earlier map"
    assert listing(folder) == ["map.embed.html", "map.html", "partners.csv"]


def test_a_failed_second_rename_puts_the_first_file_back(folder, monkeypatch):
    real_replace = os.replace
    calls = []

    def replace(source, target):
        calls.append(target)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OutputError, match=r"map.embed.html: could not be written \(No space left on device\)"):
        write_together({folder / "map.html": "new map", folder / "map.embed.html": "new snippet"})
    assert untouched(folder)
    assert listing(folder) == ["map.embed.html", "map.html", "partners.csv"]


def test_a_full_disk_while_writing_changes_nothing(folder, monkeypatch):
    real_fdopen = os.fdopen

    class Full:
        def __init__(self, stream):
            self.stream = stream

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.stream.close()

        def write(self, data):
            raise OSError(28, "No space left on device")

    def fdopen(fd, mode):
        return Full(real_fdopen(fd, mode)) if "w" in mode else real_fdopen(fd, mode)

    monkeypatch.setattr(os, "fdopen", fdopen)
    result = build("partners.csv", "-o", "map.html")
    assert (result.exit_code, result.stderr) == (
        1, "Error: map.html: could not be written (No space left on device); nothing was written, "
        "the previous files are untouched\n",
    )  # fmt: skip
    assert untouched(folder) and listing(folder) == ["map.embed.html", "map.html", "partners.csv"]


@pytest.fixture
def small_disk(tmp_path):
    """A 64 kB tmpfs (needs root); the default map (0.8 MB) cannot fit."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(disk)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here (not root)")
    try:
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def test_a_really_full_disk_changes_nothing(small_disk, monkeypatch):
    (small_disk / "map.html").write_text("earlier map")
    (small_disk / "map.embed.html").write_text("earlier snippet")
    monkeypatch.chdir(small_disk.parent)
    result = build(str(DEFAULT_CSV), "-o", "disk/map.html")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: disk/map.html: could not be written (No space left on device); nothing was written, "
        "the previous files are untouched\n"
    )
    assert untouched(small_disk) and listing(small_disk) == ["map.embed.html", "map.html"]


# -- permissions ---------------------------------------------------------------------------------------------


def test_an_existing_output_keeps_its_mode(folder):
    os.chmod(folder / "map.html", 0o640)
    os.chmod(folder / "map.embed.html", 0o604)
    assert build("partners.csv", "-o", "map.html").exit_code == 0
    assert oct((folder / "map.html").stat().st_mode & 0o777) == oct(0o640)
    assert oct((folder / "map.embed.html").stat().st_mode & 0o777) == oct(0o604)


def test_a_new_output_follows_the_umask(folder):
    old = os.umask(0o027)
    try:
        assert build("partners.csv", "-o", "new/map.html").exit_code == 0
    finally:
        os.umask(old)
    assert oct((folder / "new" / "map.html").stat().st_mode & 0o777) == oct(0o640)


# -- signals and leftovers -------------------------------------------------------------------------------------


def dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_stale_temporaries_of_dead_builds_are_removed_and_live_ones_kept(folder):
    stale = folder / f".map.html.{dead_pid()}.abc123.tmp"
    stale.write_text("half a map")
    sleeper = subprocess.Popen(["sleep", "30"])
    try:
        live = folder / f".map.html.{sleeper.pid}.def456.tmp"
        live.write_text("a build still writing")
        other = folder / ".notes.txt.1.x.tmp"
        other.write_text("not ours")
        assert build("partners.csv", "-o", "map.html").exit_code == 0
        assert not stale.exists() and live.exists() and other.exists()
    finally:
        sleeper.kill()
        sleeper.wait()
    assert remove_stale_temporaries(folder / "map.html") == [live]


WRITER = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from coopmap.output import write_together

    real_fsync = os.fsync
    def slow_fsync(fd):
        real_fsync(fd)
        print("writing", flush=True)
        time.sleep(30)
    os.fsync = slow_fsync
    folder = Path(sys.argv[1])
    write_together({folder / "map.html": "new map " * 100_000, folder / "map.embed.html": "new snippet"})
    """
)


def start_writer(folder: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    process = subprocess.Popen([sys.executable, "-c", WRITER, str(folder)], stdout=subprocess.PIPE, text=True, env=env)
    assert process.stdout.readline() == "writing\n"  # the map's temporary file is written, not yet renamed
    return process


def test_sigterm_mid_write_removes_the_temporaries_and_keeps_the_old_files(folder):
    writer = start_writer(folder)
    writer.send_signal(signal.SIGTERM)
    assert writer.wait(timeout=20) == 128 + signal.SIGTERM
    assert untouched(folder)
    assert listing(folder) == ["map.embed.html", "map.html", "partners.csv"]


def test_sigkill_mid_write_keeps_the_old_files_and_the_next_build_cleans_up(folder):
    writer = start_writer(folder)
    writer.kill()
    writer.wait(timeout=20)
    assert untouched(folder)
    leftovers = [name for name in listing(folder) if name.endswith(".tmp")]
    assert len(leftovers) == 1 and leftovers[0].startswith(f".map.html.{writer.pid}.")
    assert build("partners.csv", "-o", "map.html").exit_code == 0
    assert listing(folder) == ["map.embed.html", "map.html", "partners.csv"]


def test_concurrent_builds_each_write_whole_files(folder):
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    command = [sys.executable, "-m", "coopmap", "build", "partners.csv", "-o", "map.html", "--data-date", "2019-02-14"]
    builds = [subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for _ in range(3)]
    assert [b.wait(timeout=120) for b in builds] == [0, 0, 0]
    single = build("partners.csv", "-o", "single.html")
    assert single.exit_code == 0
    assert (folder / "map.html").read_bytes() == (folder / "single.html").read_bytes()
    assert not [name for name in listing(folder) if name.endswith(".tmp")]


WRITES = re.compile(r"\.write_(text|bytes)\(|open\([^)]*[\"'][wax]b?[\"']|O_WRONLY|O_CREAT|os\.replace\(|mkstemp\(")


def test_output_is_the_only_writer():
    """Maps, snippets and exports go through output.py; derive.py writes boundary files with GDAL, on purpose;
    vendoring.py fills the package's own vendor/ folder when it is built, standalone (in pip's build
    environment, where coopmap's modules cannot be imported)."""
    writers = [p.name for p in sorted((SRC / "coopmap").glob("*.py")) if WRITES.search(p.read_text(encoding="utf-8"))]
    assert writers == [Path(output.__file__).name, "vendoring.py"]
