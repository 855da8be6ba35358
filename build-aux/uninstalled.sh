#!/usr/bin/env bash
# Run a program from the build tree with its schemas and samples found there.
set -eu
top="$(cd "$(dirname "$0")/.." && pwd)"
export GSETTINGS_SCHEMA_DIR="$top/_build/data"
export HSVIZ_SAMPLES_DIR="$top/data/samples"
exec "$@"
