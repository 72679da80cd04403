"""Rows that name one partner become one partner with its agreements in date order."""

from __future__ import annotations

import json

from coopmap.agreements import partner_groups
from coopmap.pipeline import Options, build_map, check_partners
from tests.conftest import DEFAULT_CSV, TODAY

HEADER = "id,partner,country,areas,type,signed,sectors,group,ended\n"


def frame_of(tmp_path, rows: str):
    path = tmp_path / "partners.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    frame, report, _ = check_partners(path, Options(today=TODAY, home=None))
    return frame, report


def test_same_name_and_country_or_same_group_make_one_partner(tmp_path):
    frame, report = frame_of(
        tmp_path,
        "b2,Land de Bavière,Allemagne,Bavière,Accord,2015,,,\n"
        "b1,LAND DE BAVIERE,DEU,Bavière,Accord,2005,,,\n"  # folded name, the country by its code
        "k1,Préfecture de Kyoto,Japon,Kyoto,Accord,,,kyoto,\n"
        "k2,Ville de Kyoto,Japon,Kyoto,Accord,2016,,kyoto,\n"
        "h,Land de Hesse,Allemagne,Hesse,Accord,2010,,,\n"
        "b3,Land de Bavière,Autriche,,Accord,2010,,,\n",  # another country: another partner
    )
    groups = [[frame["id"][i] for i in g] for g in partner_groups(frame)]
    assert groups == [["b1", "b2"], ["k2", "k1"], ["h"], ["b3"]]  # by date, undated last
    assert (report.partners, report.agreements, report.counted) == (4, 6, "4 partners (6 agreements)")


def test_a_member_placed_elsewhere_is_drawn_with_the_first_and_warned(tmp_path):
    frame, report = frame_of(
        tmp_path,
        "k1,Préfecture de Kyoto,Japon,Kyoto,Accord,2010,,kyoto,\nk2,Ville de Kyoto,Japon,Osaka,Accord,2016,,kyoto,\n",
    )
    assert [str(p) for p in report.warnings] == [
        f"{tmp_path / 'partners.csv'}:3:group: warning: an agreement of the partner of line 2, placed elsewhere: "
        "the map draws the partner where line 2 places it"
    ]


def test_the_page_has_one_entry_per_partner_with_its_agreements(tmp_path):
    path = tmp_path / "partners.csv"
    path.write_text(
        HEADER + "b2,Land de Bavière,Allemagne,Bavière,Déclaration,2015-03,Économie,,\n"
        "b1,Land de Bavière,Allemagne,Bavière,Accord,2005,Culture,,2012\n",
        encoding="utf-8",
    )
    html = build_map(path, Options(today=TODAY, home=None)).html
    data = json.loads(html.split('type="application/json"')[1].split(">", 1)[1].split("</script>")[0])
    (partner,) = data["partners"]
    assert partner["id"] == "b2" and partner["name"] == "Land de Bavière"
    assert [(a["id"], a["year"], a["endYear"], a["status"]) for a in partner["agreements"]] == [
        ("b1", 2005, 2012, "active"), ("b2", 2015, None, "active"),
    ]  # fmt: skip
    assert partner["agreements"][1]["signed"] == "mars 2015" and partner["agreements"][0]["ended"] == "2012"
    assert [data["types"][a["type"]]["label"] for a in partner["agreements"]] == ["Accord", "Déclaration"]


def test_the_default_data_has_erevan_and_catalonia_as_one_partner_each():
    html = build_map(DEFAULT_CSV, Options(today=TODAY)).html
    data = json.loads(html.split('type="application/json"')[1].split(">", 1)[1].split("</script>")[0])
    agreements = {p["id"]: [a["id"] for a in p["agreements"]] for p in data["partners"]}
    assert len(agreements) == 10
    assert agreements["erevan"] == ["erevan-2011", "erevan"]
    assert agreements["catalogne"] == ["catalogne", "catalogne-2017"]


def test_country_labels_are_named_in_the_page_language_largest_first(boundaries):
    from coopmap.boundaries import load_basemap
    from coopmap.webdata import country_labels

    basemap = load_basemap(boundaries.directory)
    labels = country_labels(basemap, boundaries.country_names)
    names = [label[2] for label in labels]
    assert names[:3] == ["Antarctique", "Russie", "Canada"]
    france = labels[names.index("France")]
    assert 42 < france[0] < 51 and -5 < france[1] < 8 and france[3] == 3  # inside mainland France, from zoom 3
    assert labels[names.index("Luxembourg")][3] == 6  # a small country waits for a closer zoom


def test_no_labels_leaves_them_out_of_the_page(tmp_path):
    with_labels = build_map(DEFAULT_CSV, Options(today=TODAY)).html
    without = build_map(DEFAULT_CSV, Options(today=TODAY, labels=False)).html
    assert '"labels":true' in with_labels and '"labels":false' in without
    assert "Antarctique" in with_labels and "Antarctique" not in without


def test_the_api_takes_labels_as_the_command_line_does():
    import coopmap

    page = coopmap.build(DEFAULT_CSV, labels=False, today=TODAY)
    assert '"labels":false' in page.html
