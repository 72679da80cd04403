#!/usr/bin/env bash
# Fetch Natural Earth 1:10m (public domain) as Debian's qgis-common ships it, then derive data/boundaries/.
# Usage: scripts/fetch-natural-earth.sh [WORKDIR]   (needs apt-get and pip install '.[derive]'; run from the repository root)
set -euo pipefail
work=${1:-$(mktemp -d)}
mkdir -p "$work"
(cd "$work" && apt-get download qgis-common && dpkg -x qgis-common_*.deb extracted)
gpkg="$work/extracted/usr/share/qgis/resources/data/world_map.gpkg"
coopmap boundaries derive "$gpkg" --out src/coopmap/data/boundaries
