#!/usr/bin/env bash
# The test suite on a fresh Debian machine: install what is needed, lint, then run pytest.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh --test
.venv/bin/ruff check notice_gen tests tools bench
exec .venv/bin/python -m pytest "$@"
