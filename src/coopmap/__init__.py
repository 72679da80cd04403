"""coopmap: turn a CSV of international partnerships into an interactive, offline map.

>>> import coopmap
>>> page = coopmap.build("partners.ods", home="Bretagne")  # doctest: +SKIP
>>> page.save("map.html")                                  # doctest: +SKIP
"""

__version__ = "0.1.0"

from .api import InvalidOption, Map, build, export, validate  # noqa: E402
from .errors import CoopmapError, InputError, OutputError, Problem  # noqa: E402

__all__ = [
    "CoopmapError", "InputError", "InvalidOption", "Map", "OutputError", "Problem",
    "build", "export", "validate", "__version__",
]  # fmt: skip
