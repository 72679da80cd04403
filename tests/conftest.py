"""Shared fixtures: the real boundary data, and maps built once per test session."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from coopmap.boundaries import load_boundaries
from coopmap.pipeline import Options, build_map

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CSV = ROOT / "data" / "partners.csv"
TODAY = dt.date(2026, 1, 1)


@pytest.fixture(scope="session")
def boundaries():
    return load_boundaries()


@pytest.fixture(scope="session")
def built_maps(tmp_path_factory):
    """The default map in French and in English, written once: {'fr': Path, 'en': Path}."""
    folder = tmp_path_factory.mktemp("maps")
    paths = {}
    for lang in ("fr", "en"):
        build = build_map(DEFAULT_CSV, Options(lang=lang, data_date="2019-02-14", today=TODAY))
        paths[lang] = folder / f"map-{lang}.html"
        paths[lang].write_text(build.html, encoding="utf-8")
    return paths


def write_csv(tmp_path: Path, text: str, name: str = "partners.csv", encoding: str = "utf-8") -> Path:
    """A CSV file in tmp_path with a header prepended when the text has none."""
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path
