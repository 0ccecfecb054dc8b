#!/usr/bin/env bash
# The main job on a fresh Debian machine: install what is needed, then render inputs/ into outputs/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
exec .venv/bin/notice-gen render inputs -o outputs "$@"
