"""Writes are atomic: a failed write leaves the previous file whole and no temporary file behind."""

from __future__ import annotations

import os

import pytest

from coopmap.errors import OutputError
from coopmap.output import write_atomic


def test_write_replaces_the_file(tmp_path):
    target = tmp_path / "map.html"
    target.write_text("old")
    assert write_atomic(target, "nouvelle carte é") == len("nouvelle carte é".encode())
    assert target.read_text(encoding="utf-8") == "nouvelle carte é"
    assert os.listdir(tmp_path) == ["map.html"]


def test_failed_rename_keeps_the_old_file_and_leaves_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "map.html"
    target.write_text("old")

    def refuse(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OutputError, match="map.html: could not be written \\(No space left on device\\)"):
        write_atomic(target, "new")
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["map.html"]


def test_unwritable_folder_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(OutputError, match="cannot write here"):
        write_atomic(blocker / "map.html", "x")
