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
        "pause": "Arrêter la frise",
        "arcs": "Liens depuis {home}",
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
        "more": "En savoir plus (nouvel onglet)",
        "date_unknown": "date non précisée",
        "reset": "Revenir à la vue d'ensemble",
        "fullscreen": "Plein écran",
        "fullscreen_exit": "Quitter le plein écran",
        "zoom_in": "Zoom avant",
        "zoom_out": "Zoom arrière",
        "close": "Fermer la fiche",
        "legend": "Légende",
        "home": "{home} (territoire d'origine)",
        "data_date": "Données au {date}",
        "boundaries": "Frontières : Natural Earth (domaine public)",
        "noscript": "Cette carte interactive a besoin de JavaScript.",
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
        "pause": "Stop the timeline",
        "arcs": "Links from {home}",
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
        "more": "Learn more (new tab)",
        "date_unknown": "date not given",
        "reset": "Back to the whole map",
        "fullscreen": "Full screen",
        "fullscreen_exit": "Exit full screen",
        "zoom_in": "Zoom in",
        "zoom_out": "Zoom out",
        "close": "Close the details",
        "legend": "Legend",
        "home": "{home} (home territory)",
        "data_date": "Data as of {date}",
        "boundaries": "Boundaries: Natural Earth (public domain)",
        "noscript": "This interactive map needs JavaScript.",
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
