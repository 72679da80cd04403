"""How much input coopmap accepts, and the refusal that names each limit and the option raising it."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import InputError


@dataclass(frozen=True)
class Limits:
    """Bounds on one input file; the defaults keep a build under about 1 GB of memory and 20 s.

    ``megabytes`` bounds the file on disk, a workbook's decompressed content and its text.
    """

    megabytes: int = 50
    rows: int = 100_000
    columns: int = 100
    cell_length: int = 10_000

    @property
    def bytes(self) -> int:
        return self.megabytes * 1_000_000


# The option that raises each limit, for the messages.
OPTIONS = {
    "megabytes": "--max-megabytes", "rows": "--max-rows",
    "columns": "--max-columns", "cell_length": "--max-cell-length",
}  # fmt: skip


def over_limit(where: str, what: str, limits: Limits, name: str) -> InputError:
    """The error for ``what`` (e.g. 'more than 100,000 rows') going past ``limits.<name>``."""
    value = f"{getattr(limits, name):,}" + (" MB" if name == "megabytes" else "")
    return InputError(f"{where}: {what}: the limit is {value} (raise it with {OPTIONS[name]})")


DEFAULT_LIMITS = Limits()
