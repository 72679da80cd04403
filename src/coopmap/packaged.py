"""Where the files shipped inside the package are: found through importlib.resources, from any folder."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def data_path(*parts: str) -> Path:
    """A file or folder of ``coopmap/data/`` (installed as plain files, so a real path)."""
    return Path(str(resources.files("coopmap").joinpath("data", *parts)))
