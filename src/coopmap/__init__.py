"""coopmap: turn a CSV of international partnerships into an interactive, offline map."""

__version__ = "0.1.0"
