"""Measure notice-gen on the notices in inputs/: warm per-notice times, a cold CLI run, peak memory.

    .venv/bin/python bench/bench.py [--repeat 9]

Prints a table of medians with their spread (min–max). It is never part of the
test suite: timings depend on the machine, so they are reported, not asserted.
"""

from __future__ import annotations

import argparse
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from notice_gen import templates  # noqa: E402
from notice_gen.compose import compose  # noqa: E402
from notice_gen.model import load_notice  # noqa: E402
from notice_gen.render_docx import DocxRenderer  # noqa: E402
from notice_gen.render_pdf import PdfRenderer  # noqa: E402


def timed(action: Callable[[], object], repeat: int) -> list[float]:
    action()  # warm-up: caches, lazy imports, font configuration
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def row(name: str, times: list[float]) -> str:
    median = statistics.median(times) * 1000
    return f"| {name} | {median:.0f} ms | {min(times) * 1000:.0f}–{max(times) * 1000:.0f} ms |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()

    inputs = sorted((ROOT / "inputs").glob("*.yaml"))
    template = templates.find("bo")
    docx, pdf = DocxRenderer(template), PdfRenderer(template)
    documents = [compose(load_notice(path), template) for path in inputs]

    lines = [
        f"Machine: {platform.machine()}, {platform.processor() or '?'}, Python {platform.python_version()}",
        f"Notices: {len(inputs)} ({', '.join(p.stem for p in inputs)}), {args.repeat} repetitions",
        "",
        "| step (per notice, warm process) | median | spread |",
        "|---|---|---|",
    ]
    for path, doc in zip(inputs, documents, strict=True):
        lines.append(
            row(f"{path.stem}: load + compose", timed(lambda p=path: compose(load_notice(p), template), args.repeat))
        )
        lines.append(row(f"{path.stem}: DOCX", timed(lambda d=doc: docx.render(d), args.repeat)))
        lines.append(row(f"{path.stem}: PDF", timed(lambda d=doc: pdf.render(d), args.repeat)))

    cli = ROOT / ".venv" / "bin" / "notice-gen"
    with tempfile.TemporaryDirectory() as out:
        cold = timed(
            lambda: subprocess.run([str(cli), "render", str(inputs[0]), "-o", out], check=True, capture_output=True),
            max(3, args.repeat // 3),
        )
        helps = timed(lambda: subprocess.run([str(cli), "--help"], check=True, capture_output=True), args.repeat)
    lines.append(row(f"cold CLI: render {inputs[0].name} (DOCX + PDF)", cold))
    lines.append(row("cold CLI: notice-gen --help", helps))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    lines += ["", f"Peak memory of this process: {peak:.0f} MiB"]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
