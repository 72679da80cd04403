"""The package carries what it reads; the README's two commands are plain pip, and CI runs the second."""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import coopmap
from coopmap.packaged import data_path

from .conftest import DEFAULT_CSV
from .hostile_files import ods, ods_rows
from .test_headers import FRENCH

ROOT = Path(__file__).resolve().parents[1]
INSTALL = "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/coopmap build --data-date 2019-02-14"
TEST = "python3 -m venv .venv && .venv/bin/pip install '.[test]' && .venv/bin/python -m pytest"


def test_the_readme_commands_are_plain_pip_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.search(r"## Two commands\n.*?```sh\n(.*?)```", readme, re.S).group(1)
    assert [line for line in commands.splitlines() if line and not line.startswith("#")] == [INSTALL, TEST]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert ci[-1] == TEST


def test_the_package_data_globs_cover_every_file_the_package_reads():
    globs = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]
    assert {"static/*", "templates/*", "data/**/*", "vendor/*"} <= set(globs["coopmap"])
    for name in ("boundaries/admin1.fgb", "boundaries/countries.fgb", "boundaries/basemap.fgb", "places.tsv.gz"):
        assert data_path(*name.split("/")).is_file(), name


def test_a_french_headed_ods_builds_in_an_empty_folder_in_a_fresh_process(tmp_path):
    """What a new user does after pip install: nothing of this repository is in reach but the package."""
    with DEFAULT_CSV.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    rows[0] = [FRENCH[name] for name in rows[0]]
    ods(tmp_path / "partenaires.ods", {"Partenariats": ods_rows(rows)})
    package_folder = Path(coopmap.__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(package_folder)}
    env.pop("COOPMAP_BOUNDARIES", None)
    result = subprocess.run(
        [sys.executable, "-m", "coopmap", "build", "partenaires.ods", "--data-date", "2019-02-14"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("partenaires.ods: 10 partners (12 agreements): 9 mapped")
    page = (tmp_path / "output" / "map.html").read_text(encoding="utf-8")
    assert page == coopmap.build(DEFAULT_CSV, data_date="2019-02-14").html
