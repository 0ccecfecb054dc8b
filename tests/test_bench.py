"""bench/bench.py's pieces on tiny inputs: the comparison is fair. Never a timing."""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from notice_gen.render.pipeline import Pipeline
from tests.conftest import INPUTS, ROOT, docx_words


@pytest.fixture(scope="module")
def bench() -> Iterator[ModuleType]:
    """The script as a module (it is not a package); registered while used, as dataclasses need."""
    spec = importlib.util.spec_from_file_location("bench_script", ROOT / "bench" / "bench.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


def test_the_libreoffice_route_is_given_the_same_words(bench: ModuleType, tmp_path: Path) -> None:
    (source,) = bench.notices()[:1]
    (route,) = bench.route_docx(bench.route_template(tmp_path / "route.docx"), [source], tmp_path / "route")
    docx, _pdf = Pipeline(out_dir=tmp_path / "ours").render(source)
    assert docx_words(route) == docx_words(docx)


def test_pieces(bench: ModuleType, tmp_path: Path) -> None:
    sources = bench.notices()
    assert sources and set(sources) <= set(INPUTS)
    made = bench.make_batch(tmp_path / "in", 5, sources)
    assert len({p.name for p in made}) == 5 and made[3].read_bytes() == sources[3 % len(sources)].read_bytes()
    assert bench.tree_memory_mib(os.getpid()) > 0
    assert bench.table(["a", "b"], [["1", "2"]]) == ["| a | b |", "|---|---|", "| 1 | 2 |"]
    stat = bench.Stat([0.2, 0.1, 0.3], peak_mib=12.4)
    assert stat.cells() == ["200 ms", "100 ms – 300 ms", "", "12 MiB"]
