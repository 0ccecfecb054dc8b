#!/usr/bin/env bash
# Installs what notice_gen needs on a Debian machine; sourced by render.sh and test.sh.
#   setup.sh            the renderer: fonts, Pango/HarfBuzz, a virtualenv with notice_gen
#   setup.sh --test     also what the tests use: pytest & co., poppler, LibreOffice,
#                       a software token (SoftHSM2) and pkcs11-tool (opensc) for signing with PKCS#11,
#                       chromium for the web page's browser tests (Playwright drives it)
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

packages=(python3 python3-venv fontconfig fonts-liberation2
          libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0)
extra=""
if [[ "${1:-}" == "--test" ]]; then
  packages+=(poppler-utils libreoffice-writer-nogui softhsm2 opensc chromium)
  extra="[test]"
fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  # As root, apt-get directly; otherwise sudo without a prompt (-n): CI has no standard input.
  # env passes DEBIAN_FRONTEND through sudo, which would otherwise drop it.
  as_root=(env DEBIAN_FRONTEND=noninteractive)
  [[ "$(id -u)" -eq 0 ]] || as_root=(sudo -n env DEBIAN_FRONTEND=noninteractive)
  echo "Cài gói hệ thống: ${missing[*]}"
  "${as_root[@]}" apt-get update -q
  "${as_root[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

python=${PYTHON:-python3}
"$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
  || { echo "notice_gen cần Python 3.11 trở lên ($python là $("$python" --version 2>&1))" >&2; exit 2; }
# A venv made without python3-venv has no pip: make it again rather than reuse it.
[[ -x .venv/bin/pip ]] || { rm -rf .venv; "$python" -m venv .venv; }
# Reinstall only when pyproject.toml or setup.py changed since the last install of this kind.
stamp=".venv/.installed${extra}"
if [[ ! -f "$stamp" || pyproject.toml -nt "$stamp" || setup.py -nt "$stamp" ]]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".${extra}"
  touch "$stamp"
fi
