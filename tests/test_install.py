"""The package as users install it (issue 18): a wheel built with `python -m build`, installed
into a fresh virtualenv, run from a folder that is not the repository.

Slow (the fresh venv installs every dependency), but it is the only test that sees what an
installed notice-gen sees: the subpackages, the data files and the built-in templates.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document as open_docx

from tests.conftest import ROOT

INPUT = ROOT / "inputs" / "001-so-ket-6-thang-2021.yaml"


def _run(args: list[str | Path], cwd: Path, timeout: int = 900) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "NOTICE_GEN_TEMPLATES")}
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """bin/ of a fresh venv holding the wheel of this checkout (and its dependencies only)."""
    work = tmp_path_factory.mktemp("install")
    source = work / "source"  # a copy, so the build leaves nothing in the checkout
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".git", ".venv", "outputs", "build", "*.egg-info",
                                                                "__pycache__", ".pytest_cache", ".ruff_cache"))
    built = _run([sys.executable, "-m", "build", "--wheel", "--outdir", work / "dist", source], cwd=work)
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = (work / "dist").glob("notice_gen-*.whl")
    venv = work / "venv"
    made = _run([sys.executable, "-m", "venv", venv], cwd=work)
    assert made.returncode == 0, made.stderr
    pip = _run([venv / "bin" / "python", "-m", "pip", "install", "-q", "--disable-pip-version-check", wheel], cwd=work)
    assert pip.returncode == 0, pip.stdout + pip.stderr
    return venv / "bin"


def test_wheel_carries_subpackages_data_and_templates(installed: Path) -> None:
    (wheel,) = installed.parent.parent.glob("dist/notice_gen-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for subpackage in ("cli", "notice", "render", "templates", "check", "lint", "tasks", "issuing"):
        assert f"notice_gen/{subpackage}/__init__.py" in names
    assert "notice_gen/data/units/BTTTT.toml" in names
    for template in ("bo", "tinh", "vpcp"):
        for part in ("manifest.toml", "notice.docx", "notice.html", "notice.css"):
            assert f"notice_gen/templates/builtin/{template}/{part}" in names


def test_installed_wheel_renders_checks_and_lists_templates_elsewhere(installed: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "van-phong"
    elsewhere.mkdir()
    shutil.copy(INPUT, elsewhere / "hop.yaml")

    listed = _run([installed / "notice-gen", "templates", "list"], cwd=elsewhere)
    assert listed.returncode == 0, listed.stderr
    for template in ("bo", "tinh", "vpcp"):
        assert any(line.startswith(f"{template} ") for line in listed.stdout.splitlines()), listed.stdout
    assert "site-packages" in listed.stdout  # the installed templates, not a checkout's

    rendered = _run([installed / "notice-gen", "render", "hop.yaml", "-o", "ra"], cwd=elsewhere)
    assert rendered.returncode == 0, rendered.stdout + rendered.stderr
    docx, pdf = elsewhere / "ra" / "hop.docx", elsewhere / "ra" / "hop.pdf"
    assert "THÔNG BÁO" in "\n".join(p.text for p in open_docx(str(docx)).paragraphs)
    assert pdf.read_bytes().startswith(b"%PDF")

    checked = _run([installed / "notice-gen", "check", docx, pdf], cwd=elsewhere)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.count("đạt: 0 lỗi") == 2

    # python -m works as well as the console script
    module = _run([installed / "python", "-m", "notice_gen", "--version"], cwd=elsewhere)
    assert module.returncode == 0 and "notice-gen" in module.stdout.lower() + module.stderr.lower()
