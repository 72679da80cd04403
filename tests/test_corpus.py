"""Every malformed file a newcomer can think of gets the exact, clear message written beside it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from coopmap.cli import cli

CORPUS = Path(__file__).parent / "corpus"
CASES = sorted(p for p in CORPUS.iterdir() if p.suffix in (".csv", ".xlsx"))


def test_the_corpus_covers_at_least_25_bad_files():
    assert len(CASES) >= 25
    assert all(p.with_suffix(".expected").exists() for p in CASES)


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_validate_reports_the_expected_messages(path, monkeypatch):
    monkeypatch.chdir(CORPUS)
    result = CliRunner().invoke(cli, ["validate", path.name])
    *messages, exit_line = path.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    assert result.stderr.splitlines() == messages
    assert f"exit {result.exit_code}" == exit_line
    assert "Traceback" not in result.output


@pytest.mark.parametrize("path", [p for p in CASES if "warnings" not in p.name], ids=lambda p: p.stem)
def test_build_refuses_bad_files_and_keeps_the_earlier_map(path, monkeypatch, tmp_path):
    monkeypatch.chdir(CORPUS)
    earlier = tmp_path / "map.html"
    earlier.write_text("the earlier map")
    result = CliRunner().invoke(cli, ["build", path.name, "-o", str(earlier)])
    assert result.exit_code == 1
    assert earlier.read_text() == "the earlier map"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.html"]
