"""The errors coopmap reports to people, and the problems found in their files."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or doubtful) in an input file, at a line and a column."""

    path: str
    line: int
    column: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        label = "" if self.severity == "error" else f"{self.severity}: "
        return f"{self.path}:{self.line}:{self.column}: {label}{self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def sort_key(self, columns: tuple[str, ...]) -> tuple:
        """File order: by line, then by the column's place in ``columns``."""
        place = columns.index(self.column) if self.column in columns else len(columns)
        return (self.line, place, self.column, self.message)


class CoopmapError(Exception):
    """An error whose message is meant for the user; the CLI prints it without a traceback."""

    exit_code = 1


class InputError(CoopmapError):
    """The input file cannot be used as it is; ``problems`` lists every reason found."""

    def __init__(self, message: str, problems: tuple[Problem, ...] = ()):
        super().__init__(message)
        self.problems = problems


class OutputError(CoopmapError):
    """The result could not be written."""
