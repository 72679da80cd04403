"""What a new user meets: the wheel's size, its install in a fresh venv, a build from an empty folder.

    python bench/package.py

Builds the wheel (``pip wheel . --no-deps``), installs it with its dependencies into a fresh venv (from
whatever index pip is configured with: the figure depends on the network and pip's cache), then, in an
empty folder, builds a French-headed ``.ods`` of ``data/partners.csv`` with the installed ``coopmap`` and
checks that the API gives the same page from a DataFrame.
"""

from __future__ import annotations

import csv
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.hostile_files import ods, ods_rows  # noqa: E402  (a small .ods writer, standard library only)

FRENCH = {
    "id": "Identifiant", "partner": "Nom du partenaire", "country": "Pays", "areas": "Régions",
    "type": "Type d'accord", "signed": "Date de signature", "since": "Début du partenariat",
    "sectors": "Secteurs", "description": "Description", "url": "Lien", "lat": "Latitude", "lon": "Longitude",
}  # fmt: skip
NOTEBOOK = """\
import sys, coopmap, pandas as pd
page = coopmap.build(pd.read_csv(sys.argv[1]), data_date="2019-02-14")
assert page.html == open(sys.argv[2], encoding="utf-8").read(), "the DataFrame's map differs from the .ods's"
print(len(page._repr_html_()))
"""


def timed(command: list[str], **kwargs) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, **kwargs)
    return time.perf_counter() - start


def french_ods(folder: Path) -> Path:
    with (ROOT / "data" / "partners.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    rows[0] = [FRENCH[name] for name in rows[0]]
    return ods(folder / "partenaires.ods", {"Partenariats": ods_rows(rows)})


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        wheel_time = timed([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w",
                            str(scratch / "wheels")])  # fmt: skip
        (wheel,) = (scratch / "wheels").glob("coopmap-*.whl")
        venv = scratch / "venv"
        install_time = timed([sys.executable, "-m", "venv", str(venv)])
        install_time += timed([str(venv / "bin" / "pip"), "install", "-q", str(wheel)])
        empty = scratch / "empty"
        empty.mkdir()
        french_ods(empty)
        build_time = timed([str(venv / "bin" / "coopmap"), "build", "partenaires.ods", "-o", "carte.html",
                            "--data-date", "2019-02-14"], cwd=empty, capture_output=True)  # fmt: skip
        page = empty / "carte.html"
        frame_check = subprocess.run(
            [str(venv / "bin" / "python"), "-c", NOTEBOOK, str(ROOT / "data" / "partners.csv"), str(page)],
            check=True, capture_output=True, text=True, cwd=empty,
        )
        print(f"wheel            {wheel.name}: {wheel.stat().st_size / 1e6:.2f} MB (built in {wheel_time:.1f} s)")
        print(f"install          fresh venv + pip install of the wheel and its dependencies: {install_time:.1f} s")
        print(f"build            coopmap build partenaires.ods in an empty folder: {build_time:.1f} s, "
              f"{page.stat().st_size / 1e6:.2f} MB")  # fmt: skip
        print(f"DataFrame        same bytes as the .ods; _repr_html_ {int(frame_check.stdout) / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
