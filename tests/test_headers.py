"""Headers as people write them: French or English, any case, accents and spacing; --columns for the rest."""

from __future__ import annotations

import csv

import pytest
from click.testing import CliRunner

import coopmap
from coopmap.cli import cli
from coopmap.headers import known_header
from coopmap.partners import load_table, validate_partners

from .conftest import DEFAULT_CSV, TODAY
from .hostile_files import ods, ods_rows

FRENCH = {
    "id": "Identifiant", "partner": "Nom du partenaire", "country": "Pays", "areas": "Régions",
    "type": "Type d'accord", "signed": "Date de signature", "since": "Début du partenariat",
    "sectors": "Secteurs", "description": "Description", "url": "Lien", "lat": "Latitude", "lon": "Longitude",
}  # fmt: skip


def _rows() -> list[list[str]]:
    with DEFAULT_CSV.open(encoding="utf-8", newline="") as stream:
        return list(csv.reader(stream))


@pytest.mark.parametrize(
    "header, column",
    [
        ("Partenaire", "partner"), ("NOM DU PARTENAIRE", "partner"), ("Collectivité partenaire", "partner"),
        ("  pays ", "country"), ("Country", "country"), ("Régions", "areas"), ("Zones", "areas"),
        ("Territoires", "areas"), ("Type d’accord", "type"), ("type_d_accord", "type"), ("Type", "type"),
        ("Date de signature", "signed"), ("Année", "signed"), ("annee", "signed"), ("Date", "signed"),
        ("Début du partenariat", "since"), ("Depuis", "since"), ("Secteurs", "sectors"),
        ("Domaines", "sectors"), ("Thématiques", "sectors"), ("Lien", "url"), ("URL", "url"), ("Site", "url"),
        ("Lat", "lat"), ("Latitude", "lat"), ("Lon", "lon"), ("Lng", "lon"), ("Longitude", "lon"),
        ("Identifiant", "id"), ("ID", "id"), ("Date de fin", "ended"), ("Fin", "ended"),
        ("Statut", "status"), ("Groupe", "group"), ("Collectivité française", "home"),
        ("Collectivité", "home"), ("Territoire français", "home"), ("Commentaire", None), ("Nom", None),
    ],
)  # fmt: skip
def test_headers_in_french_and_english(header, column):
    assert known_header(header) == column


def test_a_french_headed_ods_builds_in_an_empty_folder_the_same_map(tmp_path, monkeypatch):
    rows = _rows()
    rows[0] = [FRENCH[name] for name in rows[0]]
    ods(tmp_path / "partenaires.ods", {"Feuille1": ods_rows(rows)})
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["build", "partenaires.ods", "--data-date", "2019-02-14", "-o", "carte.html"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("partenaires.ods: 10 partners (12 agreements): 9 mapped")
    english = coopmap.build(DEFAULT_CSV, data_date="2019-02-14")
    assert (tmp_path / "carte.html").read_text(encoding="utf-8") == english.html


def test_messages_name_the_users_own_header(tmp_path):
    rows = _rows()
    rows[0] = [FRENCH[name] for name in rows[0]] + ["Budget"]
    rows[2][2] = "Atlantide"
    ods(tmp_path / "partenaires.ods", {"Feuille1": ods_rows(rows)})
    report = coopmap.validate(tmp_path / "partenaires.ods", today=TODAY)
    lines = [str(p) for p in report.problems]
    assert lines[0] == f"{tmp_path}/partenaires.ods:1:Budget: warning: unknown column 'Budget' is ignored"
    assert lines[1].startswith(f"{tmp_path}/partenaires.ods:3:Pays: unknown country 'Atlantide'")


def test_columns_maps_any_other_header(tmp_path, monkeypatch):
    path = tmp_path / "liste.csv"
    path.write_text("Nom;Nation;Accord;Année\nVille d'Erevan;Arménie;Jumelage;2018\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["validate", "liste.csv", "--columns", "partner=Nom, type=Accord"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "liste.csv: 1 partners, no errors, 0 warning(s)"
    built = coopmap.build(path, columns={"partner": "nom", "type": "ACCORD"})
    assert list(built.partners["partner"]) == ["Ville d'Erevan"]


@pytest.mark.parametrize(
    "value, message",
    [
        ("partenaire=Nom", "unknown column 'partenaire': the columns are id, partner, country"),
        ("partner", "'partner': write COLUMN=HEADER pairs separated by commas, e.g. partner=Nom"),
        ("partner=", "column partner: give the header of the file that holds it, e.g. partner=Nom"),
        ("partner=Nom,type=nom", "header 'Nom' is given to two columns"),
    ],
)
def test_a_wrong_columns_option_is_a_usage_error(value, message, tmp_path):
    result = CliRunner().invoke(cli, ["build", str(DEFAULT_CSV), "-o", str(tmp_path / "m.html"), "--columns", value])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1].startswith(f"Error: Invalid value for '--columns': {message}")
    with pytest.raises(coopmap.InvalidOption, match="^columns: "):
        coopmap.build(DEFAULT_CSV, columns=value)


def test_a_header_named_by_columns_but_absent_is_a_file_error(tmp_path):
    result = CliRunner().invoke(cli, ["validate", str(DEFAULT_CSV), "--columns", "partner=Nom"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].startswith(
        f"Error: {DEFAULT_CSV}:1: no column 'Nom' (given for partner) in the header: found 'id', 'partner'"
    )


def test_two_headers_meaning_one_column_are_refused(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("Partenaire,Pays,Country,Type,Année\nErevan,Arménie,Arménie,Accord,2018\n", encoding="utf-8")
    with pytest.raises(coopmap.InputError) as caught:
        coopmap.validate(path)
    expected = ":1:Country: columns 'Pays' and 'Country' both mean 'country': keep one"
    assert str(caught.value.problems[0]).endswith(expected)


def _ids(tmp_path, text: str) -> list[str]:
    path = tmp_path / "p.csv"
    path.write_text("partner,country,type,signed,id\n" + text, encoding="utf-8")
    frame, problems = validate_partners(load_table(path), TODAY)
    assert [p for p in problems if p.is_error] == []
    return list(frame["id"])


def test_missing_ids_become_stable_unique_slugs(tmp_path):
    rows = "Ville d'Erevan,AM,Accord,2018,\nVille d’Erevan,AM,Jumelage,2019,\nKraków,PL,Accord,2010,\n"
    assert _ids(tmp_path, rows) == ["ville-d-erevan", "ville-d-erevan-2", "krakow"]
    # A row added at the end, and an id given by hand elsewhere, change no earlier slug.
    more = rows + "Ville d'Erevan,AM,Culture,2020,\nNouveau,AM,Accord,2020,ville-d-erevan-3\n"
    assert _ids(tmp_path, more) == ["ville-d-erevan", "ville-d-erevan-2", "krakow", "ville-d-erevan-4",
                                    "ville-d-erevan-3"]  # fmt: skip
    assert _ids(tmp_path, "北京,CN,Accord,2010,\n") == ["partner"]
