"""Interface strings and date formats in French and English; data stays as the CSV writes it."""

from __future__ import annotations

LANGUAGES = ("fr", "en")

MONTHS = {
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
}  # fmt: skip

STRINGS = {
    "fr": {
        "title": "Partenariats internationaux",
        "title_home": "{home} : partenariats internationaux",
        "map_label": "Carte des partenariats",
        "skip": "Aller à la recherche et à la liste des partenariats",
        "panel_label": "Explorer les partenariats",
        "search_label": "Rechercher un partenaire",
        "search_button": "Chercher",
        "search_found": "{name} : fiche ouverte.",
        "search_none": "Aucun partenaire ne correspond à « {query} ».",
        "filters": "Filtres",
        "types": "Type d'accord",
        "sectors": "Secteurs",
        "no_sector": "Secteur non précisé",
        "timeline": "Partenariats signés jusqu'en",
        "play": "Lancer la frise",
        "arcs": "Liens depuis {home}",
        "arcs_many": "Liens depuis chaque collectivité française",
        "arcs_thinned": "{n} liens : trop pour les tracer tous ; choisissez une collectivité ou cherchez un partenaire",
        "homes_filter": "Collectivité française",
        "homes_all": "Toutes ({n})",
        "homes_find": "Trouver une collectivité dans la liste",
        "homes_legend": "Collectivités françaises",
        "home_side": "Collectivité française",
        "home_line": "Avec {home}",
        "shared": "Ce partenaire est lié à {n} collectivités françaises",
        "shared_item": "{home} : {type}, {year}",
        "counter": "Partenaires affichés : {shown} sur {total}",
        "list": "Liste des partenariats",
        "not_located": "non localisé",
        "show_more": "Afficher les suivants",
        "country": "Pays",
        "type": "Type d'accord",
        "signed": "Signé",
        "since": "Partenariat depuis",
        "sectors_field": "Secteurs",
        "sectors_line": "Secteurs : {sectors}",
        "source": "Source",
        "data_source": "Source des données (nouvel onglet)",
        "more": "En savoir plus (nouvel onglet)",
        "date_unknown": "date non précisée",
        "reset": "Revenir à la vue d'ensemble",
        "fullscreen": "Plein écran",
        "zoom_in": "Zoom avant",
        "zoom_out": "Zoom arrière",
        "close": "Fermer la fiche",
        "legend": "Légende",
        "home": "{home} (territoire d'origine)",
        "data_date": "Données au {date}",
        "boundaries": "Frontières : Natural Earth (domaine public) ; villes : GeoNames (CC BY 4.0)",
        "noscript": "Cette carte interactive a besoin de JavaScript.",
        "summary_partners": "{n} partenariats",
        "summary_partners_one": "1 partenariat",
        "summary_countries": " dans {n} pays",
        "summary_countries_one": " dans 1 pays",
        "summary_years": ", signés de {first} à {last}",
        "summary_year": ", signés en {first}",
        "summary_types": "Par type d'accord : {types}.",
        "summary_unlocated": "{n} partenaires ne sont pas localisés sur la carte.",
        "summary_unlocated_one": "1 partenaire n'est pas localisé sur la carte.",
        "summary_list": "La liste des partenariats, après la carte, les présente tous.",
        "marker_label": "{name} — {type}, {year}",
        "cluster_zoom": "{n} partenaires — zoomer",
        "cluster_spread": "{n} partenaires — déplier",
        "search_count": "{n} partenaires correspondent à « {query} ».",
        "search_count_one": "1 partenaire correspond à « {query} ».",
        "search_unlocated": "{name} : non localisé, montré dans la liste.",
        "year_valuetext": "jusqu'en {year} — {n} partenaires",
        "year_valuetext_one": "jusqu'en {year} — 1 partenaire",
        "next_year": "Année suivante",
        "keys": "Raccourcis clavier",
        "keys_arrows": "Flèches : déplacer la carte",
        "keys_zoom": "+ et − : zoomer et dézoomer",
        "keys_tab": (
            "Tab : passer d'un partenaire (ou d'un groupe) à l'autre ; "
            "Entrée ou Espace : ouvrir sa fiche (ou zoomer sur le groupe)"
        ),
        "keys_escape": "Échap : fermer la fiche ou l'info-bulle",
        "wheel_hint": "Pour zoomer : {key} + molette, ou cliquez sur la carte",
    },
    "en": {
        "title": "International partnerships",
        "title_home": "{home}: international partnerships",
        "map_label": "Map of the partnerships",
        "skip": "Skip to the search and the list of partnerships",
        "panel_label": "Explore the partnerships",
        "search_label": "Search a partner",
        "search_button": "Search",
        "search_found": "{name}: details opened.",
        "search_none": "No partner matches “{query}”.",
        "filters": "Filters",
        "types": "Agreement type",
        "sectors": "Sectors",
        "no_sector": "Sector not given",
        "timeline": "Partnerships signed up to",
        "play": "Play the timeline",
        "arcs": "Links from {home}",
        "arcs_many": "Links from each French collectivity",
        "arcs_thinned": "{n} links: too many to draw them all; choose a collectivity or search a partner",
        "homes_filter": "French collectivity",
        "homes_all": "All ({n})",
        "homes_find": "Find a collectivity in the list",
        "homes_legend": "French collectivities",
        "home_side": "French collectivity",
        "home_line": "With {home}",
        "shared": "This partner is linked to {n} French collectivities",
        "shared_item": "{home}: {type}, {year}",
        "counter": "Partners shown: {shown} of {total}",
        "list": "List of partnerships",
        "not_located": "not located",
        "show_more": "Show more",
        "country": "Country",
        "type": "Agreement type",
        "signed": "Signed",
        "since": "Partnership since",
        "sectors_field": "Sectors",
        "sectors_line": "Sectors: {sectors}",
        "source": "Source",
        "data_source": "Data source (new tab)",
        "more": "Learn more (new tab)",
        "date_unknown": "date not given",
        "reset": "Back to the whole map",
        "fullscreen": "Full screen",
        "zoom_in": "Zoom in",
        "zoom_out": "Zoom out",
        "close": "Close the details",
        "legend": "Legend",
        "home": "{home} (home territory)",
        "data_date": "Data as of {date}",
        "boundaries": "Boundaries: Natural Earth (public domain); cities: GeoNames (CC BY 4.0)",
        "noscript": "This interactive map needs JavaScript.",
        "summary_partners": "{n} partnerships",
        "summary_partners_one": "1 partnership",
        "summary_countries": " in {n} countries",
        "summary_countries_one": " in 1 country",
        "summary_years": ", signed from {first} to {last}",
        "summary_year": ", signed in {first}",
        "summary_types": "By agreement type: {types}.",
        "summary_unlocated": "{n} partners are not located on the map.",
        "summary_unlocated_one": "1 partner is not located on the map.",
        "summary_list": "The list of partnerships, after the map, gives every one of them.",
        "marker_label": "{name} — {type}, {year}",
        "cluster_zoom": "{n} partners — zoom in",
        "cluster_spread": "{n} partners — spread out",
        "search_count": "{n} partners match “{query}”.",
        "search_count_one": "1 partner matches “{query}”.",
        "search_unlocated": "{name}: not located, shown in the list.",
        "year_valuetext": "up to {year} — {n} partners",
        "year_valuetext_one": "up to {year} — 1 partner",
        "next_year": "Next year",
        "keys": "Keyboard shortcuts",
        "keys_arrows": "Arrows: move the map",
        "keys_zoom": "+ and −: zoom in and out",
        "keys_tab": (
            "Tab: go from one partner (or group) to the next; Enter or Space: open its details (or zoom into the group)"
        ),
        "keys_escape": "Escape: close the details or the tooltip",
        "wheel_hint": "To zoom: {key} + wheel, or click the map",
    },
}


def strings(lang: str) -> dict[str, str]:
    """Every interface string of the page in ``lang``."""
    return STRINGS[lang]


def format_date(value: str, lang: str) -> str:
    """'2018-11-19' -> '19 novembre 2018' / '19 November 2018'; '2018-06' -> 'juin 2018'; '' -> ''."""
    parts = value.split("-") if value else []
    if len(parts) == 1:
        return parts[0]
    if len(parts) >= 2:
        month = MONTHS[lang][int(parts[1]) - 1]
        if len(parts) == 2:
            return f"{month} {parts[0]}"
        day = int(parts[2])
        if lang == "fr":
            return f"{'1er' if day == 1 else day} {month} {parts[0]}"
        return f"{day} {month} {parts[0]}"
    return ""
