"""Settings that live with the data: ``coopmap.toml`` beside the partners file (or ``--config FILE``).

Every build option (``title = "…"``, ``home = "Bretagne"``, ``data_date = 2024-06-30``…) and the
region's branding: a colour per agreement type, the home's colour, a logo inlined in the page, the link of
the source page. Options given on the command line or to the API win over the file. A wrong key or
value is refused with the file's line: ``coopmap.toml:4: data_date: …``.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
import stat
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .looks import HOME_COLOR, MIN_DISTANCE, PALETTE, contrast, distance
from .options import OptionError, validate_color, validate_http_url, validate_text
from .text import quoted

CONFIG_NAME = "coopmap.toml"
CONFIG_MAX_BYTES = 1_000_000  # a settings file is a few hundred bytes; this bounds a hostile one
# The build options a file may hold, and the TOML types each takes (validated then as the CLI's).
OPTION_TYPES: dict[str, tuple[type, ...]] = {
    "title": (str,), "home": (str,), "lang": (str,), "data_date": (str, dt.date), "data_lang": (str,),
    "tiles": (str,), "attribution": (str,), "embed_src": (str,), "sheet": (str, int), "keep_going": (bool,),
    "boundaries": (str,), "columns": (dict,), "max_rows": (int,), "max_columns": (int,),
    "max_cell_length": (int,), "max_megabytes": (int,),
}  # fmt: skip
BRANDING_KEYS = ("colors", "home_color", "logo", "logo_alt", "source", "source_label")
LOGO_TYPES = {".png": "image/png", ".svg": "image/svg+xml", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}
LOGO_MAX_BYTES = 100_000
LAND = "#f4f1ea"  # the basemap's land (layers.js): what the home is drawn over
HOME_OPACITY = 0.75  # the home's fill (layers.js)
# No type colour fainter on the land than the palette's faintest (Okabe and Ito's orange, about 2:1).
MIN_TYPE_CONTRAST = round(min(contrast(c, LAND) for c in PALETTE), 2)


@dataclass(frozen=True)
class Branding:
    """The region's own look: colours per type, the home's colour, a logo (a data: URI), a source link."""

    colors: tuple[tuple[str, str], ...] = ()
    home_color: str = HOME_COLOR
    logo: str = ""
    logo_alt: str = ""
    source: str = ""
    source_label: str = ""


NO_BRANDING = Branding()


@dataclass(frozen=True)
class Config:
    """A read settings file: the build options it holds, its branding, and the line of each key."""

    path: Path | None = None
    options: dict = field(default_factory=dict)
    branding: Branding = NO_BRANDING
    lines: dict[str, int] = field(default_factory=dict)

    def where(self, key: str) -> str:
        """``coopmap.toml:4``: the file and the line of ``key`` (``branding.logo``), for messages."""
        line = self.lines.get(key) or self.lines.get(key.rpartition(".")[0])
        return f"{self.path}:{line}" if line else str(self.path)


def _read_settings(path: Path) -> bytes:
    """The settings file's bytes: a regular file of at most CONFIG_MAX_BYTES, never a device or a pipe."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError(f"{path}: no such settings file") from None
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{path}: not a regular file (a folder, a device or a pipe): give a coopmap.toml file")
    if info.st_size > CONFIG_MAX_BYTES:
        raise InputError(f"{path}: {info.st_size:,} bytes: a settings file is at most {CONFIG_MAX_BYTES:,} bytes")
    with path.open("rb") as stream:
        raw = stream.read(CONFIG_MAX_BYTES + 1)
    if len(raw) > CONFIG_MAX_BYTES:  # it grew while we read it
        raise InputError(f"{path}: a settings file is at most {CONFIG_MAX_BYTES:,} bytes")
    return raw


def find_config(data: object, config: str | Path | bool | None) -> Config:
    """The settings for ``data``: ``config`` when a path, none when False, else coopmap.toml beside the file."""
    if config is False:
        return Config()
    if config is None or config is True:
        if not isinstance(data, str | Path):
            return Config()
        beside = Path(data).parent / CONFIG_NAME
        return load_config(beside) if beside.is_file() else Config()
    return load_config(Path(config))


def load_config(path: Path) -> Config:
    """Read and check ``path``: unknown keys, wrong types and bad branding values refused with their line."""
    try:
        text = _read_settings(path).decode("utf-8")
        table = tomllib.loads(text)
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text: save it as UTF-8") from None
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror})") from None
    except tomllib.TOMLDecodeError as error:
        where = re.search(r"\(at line (\d+), column (\d+)\)", str(error))
        place = f"{path}:{where.group(1)}:{where.group(2)}" if where else str(path)
        raise InputError(f"{place}: not valid TOML: {str(error).split(' (at line')[0]}") from None
    config = Config(path, lines=_key_lines(text))
    options = {}
    for key, value in table.items():
        if key == "branding":
            continue
        if key not in OPTION_TYPES:
            known = ", ".join([*OPTION_TYPES, "[branding]"])
            raise InputError(f"{config.where(key)}: unknown setting {quoted(key)}: the settings are {known}")
        if not isinstance(value, OPTION_TYPES[key]) or (isinstance(value, bool) and bool not in OPTION_TYPES[key]):
            raise InputError(f"{config.where(key)}: {key}: {_type_name(OPTION_TYPES[key])} expected")
        options[key] = value.isoformat() if isinstance(value, dt.date) else value
    if "boundaries" in options:
        options["boundaries"] = str(path.parent / options["boundaries"])
    branding = _branding(config, table.get("branding", {}))
    return Config(path, options, branding, config.lines)


def _branding(config: Config, table: object) -> Branding:
    if not isinstance(table, dict):
        raise InputError(f"{config.where('branding')}: branding: a [branding] table expected")
    for key in table:
        if key not in BRANDING_KEYS:
            raise InputError(
                f"{config.where('branding.' + key)}: unknown setting {quoted('branding.' + key)}: "
                f"[branding] holds {', '.join(BRANDING_KEYS)}"
            )
    home_color = _check(config, "branding.home_color", table.get("home_color"), _home_color) or HOME_COLOR
    colors = table.get("colors", {})
    if not isinstance(colors, dict):
        raise InputError(f"{config.where('branding.colors')}: branding.colors: a table of \"type\" = \"#rrggbb\"")
    checked = tuple(
        (kind, _check(config, f"branding.colors.{kind}", value, lambda c: _type_color(c, home_color)))
        for kind, value in colors.items()
    )
    logo = _check(config, "branding.logo", table.get("logo"), lambda name: _logo(config.path.parent, name))
    source = _check(config, "branding.source", table.get("source"), validate_http_url)
    return Branding(
        checked, home_color, logo or "",
        _check(config, "branding.logo_alt", table.get("logo_alt"), validate_text) or "",
        source or "",
        _check(config, "branding.source_label", table.get("source_label"), validate_text) or "",
    )  # fmt: skip


def _check(config: Config, key: str, value, validate):
    """``validate(value)`` for a text value; its refusal raised as the file's error at the key's line."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f"{config.where(key)}: {key}: text expected")
    try:
        return validate(value)
    except OptionError as error:
        raise InputError(f"{config.where(key)}: {key}: {error}") from None


def _color(text: str) -> str:
    color = validate_color(text)
    if len(color) != 7:
        raise OptionError(f"{quoted(text)}: write the colour as #rrggbb, e.g. #0072b2")
    return color


def _home_color(text: str) -> str:
    """The home's fill, over the land at its opacity, must stand out 3:1 (WCAG 1.4.11), as the a11y tests check."""
    color = _color(text)
    blended = "#" + "".join(
        f"{round(HOME_OPACITY * int(color[k:k + 2], 16) + (1 - HOME_OPACITY) * int(LAND[k:k + 2], 16)):02x}"
        for k in (1, 3, 5)
    )
    if contrast(blended, LAND) < 3:
        raise OptionError(f"{color} is too light for the home: it must stand out 3:1 from the land ({LAND}); "
                          "choose a darker colour")  # fmt: skip
    return color


def _type_color(text: str, home_color: str) -> str:
    color = _color(text)
    if distance(color, home_color) < MIN_DISTANCE:
        raise OptionError(f"{color} is too close to the home's colour {home_color}: choose another")
    if contrast(color, LAND) < MIN_TYPE_CONTRAST:
        raise OptionError(f"{color} is too faint on the map's land: its contrast is {contrast(color, LAND):.2f}:1, "
                          f"at least {MIN_TYPE_CONTRAST}:1 is needed (the palette's lightest colour)")  # fmt: skip
    return color


def _logo(folder: Path, name: str) -> str:
    """A small local image in the settings' folder as a data: URI (the page's CSP allows img-src data:).

    The file must be a regular file inside ``folder`` once links are resolved, so a shared settings file
    cannot publish an image from elsewhere on the machine, and it is never read past the size limit.
    """
    path = folder / name
    kind = LOGO_TYPES.get(path.suffix.lower())
    if kind is None:
        raise OptionError(f"{quoted(path.name)}: a logo is a .png, .svg or .jpg file")
    try:
        real = path.resolve(strict=True)
        inside = real.is_relative_to(folder.resolve(strict=True)) and real.is_file()
    except (OSError, RuntimeError):
        inside = False
    if not inside:
        raise OptionError(f"{quoted(name)}: a logo must be a file in {quoted(str(folder))}, the settings' folder")
    try:
        with real.open("rb") as file:
            raw = file.read(LOGO_MAX_BYTES + 1)
            if len(raw) > LOGO_MAX_BYTES:
                size = max(len(raw), real.stat().st_size)
                raise OptionError(f"{quoted(path.name)} is {size:,} bytes: a logo may be {LOGO_MAX_BYTES:,} at most")
    except OSError as error:
        raise OptionError(f"{quoted(str(path))}: cannot be read ({error.strerror})") from None
    magic = {"image/png": raw.startswith(b"\x89PNG\r\n\x1a\n"), "image/jpeg": raw.startswith(b"\xff\xd8\xff"),
             "image/svg+xml": b"<svg" in raw[:4096]}  # fmt: skip
    if not magic[kind]:
        raise OptionError(f"{quoted(path.name)} is not a {path.suffix.lower()[1:].upper()} image")
    return f"data:{kind};base64,{base64.b64encode(raw).decode('ascii')}"


def _key_lines(text: str) -> dict[str, int]:
    """The line of each key (``title``, ``branding.logo``, ``branding.colors.Culture``) and table."""
    lines: dict[str, int] = {}
    section = ""
    key = re.compile(r"""\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*=""")
    for number, line in enumerate(text.splitlines(), start=1):
        header = re.match(r"\s*\[\s*([^\]]+?)\s*\]", line)
        if header:
            section = ".".join(part.strip().strip("\"'") for part in header.group(1).split("."))
            lines.setdefault(section, number)
            continue
        match = key.match(line)
        if match:
            name = next(group for group in match.groups() if group is not None)
            lines.setdefault(f"{section}.{name}" if section else name, number)
    return lines


def _type_name(types: tuple[type, ...]) -> str:
    names = {str: "text", int: "a whole number", bool: "true or false", dict: "a table", dt.date: "a date"}
    return " or ".join(names[t] for t in types)
