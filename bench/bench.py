"""Measure notice-gen against the docxtpl + LibreOffice route on this machine; write bench/RESULTS.md.

    .venv/bin/python bench/bench.py              # about 10 minutes on 2 cores
    .venv/bin/python bench/bench.py --quick      # smaller counts, to try the script

Every figure is the median over repetitions with its spread (min–max) and the
peak memory of the processes measured. What is measured, and why so, is in
bench/README.md. Nothing here is ever part of the test suite's pass or fail:
timings depend on the machine and its load, so they are reported, not asserted.
"""

from __future__ import annotations

import argparse
import cProfile
import ctypes
import datetime as dt
import io
import os
import platform
import pstats
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from importlib import metadata
from multiprocessing import get_context
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from notice_gen import templates  # noqa: E402
from notice_gen.notice.model import load_notice  # noqa: E402
from notice_gen.render import batch  # noqa: E402
from notice_gen.render.compose import compose  # noqa: E402
from notice_gen.render.pipeline import Pipeline  # noqa: E402

RESULTS = ROOT / "bench" / "RESULTS.md"
CLI = ROOT / ".venv" / "bin" / "notice-gen"
TEMPLATE = "bo"  # the notices measured are those of inputs/ printed with it (3–5 pages)
LO_CALL = 20  # files per LibreOffice call in the route's batch mode (issue 7)
ROUTE = f"docxtpl, then LibreOffice {LO_CALL} files a call"
ROUTE_ONE_CALL = "docxtpl, then LibreOffice all files in one call"
VERSIONS = ("weasyprint", "pydyf", "fonttools", "docxtpl", "python-docx", "lxml", "Jinja2")


# ---------------------------------------------------------------------------- figures


@dataclass
class Stat:
    """Seconds per notice (or per run) over the repetitions, and the peak memory in MiB."""

    times: list[float]
    peak_mib: float | None = None
    cpu: list[float] = field(default_factory=list)
    load: list[float] = field(default_factory=list)  # the machine's load average before each run

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    def cells(self) -> list[str]:
        cpu = f"{statistics.median(self.cpu) * 1000:.0f} ms" if self.cpu else ""
        peak = f"{self.peak_mib:.0f} MiB" if self.peak_mib is not None else ""
        return [_duration(self.median), f"{_duration(min(self.times))} – {_duration(max(self.times))}", cpu, peak]


def _duration(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """A Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def timed(action: Callable[[], object], repeat: int) -> Stat:
    """Wall and CPU time of ``action`` after one warm-up call."""
    action()
    stat = Stat([])
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        stat.times.append(time.perf_counter() - wall)
        stat.cpu.append(time.process_time() - cpu)
    return stat


def own_peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def in_fresh_process(function: Callable[..., Any], *args: Any) -> Any:
    """Run ``function`` in a new interpreter, so that its imports, caches and peak memory are its own."""
    with ProcessPoolExecutor(1, get_context("spawn")) as pool:
        return pool.submit(function, *args).result()


def command(args: Sequence[str | Path], repeat: int, *, warm_up: bool = True) -> Stat:
    """Wall time of a command and the peak memory of its largest process (ru_maxrss of the tree)."""
    probe = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, capture_output=True); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    stat, peaks = Stat([]), []
    for index in range(repeat + warm_up):
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", probe, *map(str, args)], capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        if done.returncode:
            raise RuntimeError(f"{' '.join(map(str, args))} failed:\n{done.stderr[-2000:]}")
        if index or not warm_up:
            stat.times.append(elapsed)
            peaks.append(int(done.stdout) / 1024)
    stat.peak_mib = max(peaks)
    return stat


# ---------------------------------------------------------------------------- inputs


def notices() -> list[Path]:
    """The inputs/ files printed with TEMPLATE: the notices every figure is about."""
    return [p for p in sorted((ROOT / "inputs").glob("*.yaml")) if load_notice(p).template == TEMPLATE]


def make_batch(folder: Path, count: int, sources: Sequence[Path]) -> list[Path]:
    """``count`` input files in ``folder``, the sources in turn, each under its own name."""
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for index in range(count):
        source = sources[index % len(sources)]
        made.append(folder / f"{index:04d}-{source.name}")
        shutil.copy(source, made[-1])
    return made


def route_template(path: Path) -> Path:
    """The docxtpl template a user of the LibreOffice route would keep: notice-gen's own, with
    the manifest's measurements written into it once, so both routes print the same content."""
    from notice_gen.render.docx import DocxRenderer

    template = templates.find(TEMPLATE)
    renderer = DocxRenderer(template)
    prepared = _open_docx(template.docx_path)
    renderer._page(prepared)
    renderer._styles(prepared)
    renderer._tables(prepared)
    prepared.save(str(path))
    return path


def _open_docx(path: Path) -> Any:
    from docx import Document

    return Document(str(path))


def route_docx(template_path: Path, sources: Sequence[Path], out: Path) -> list[Path]:
    """The route's first step: docxtpl fills the template, one DOCX per notice. The text is
    notice-gen's (composed), so the route is given the same words for free; without notice-gen's
    no-break marks, which plain docxtpl would not turn into Word's (a typist types none either)."""
    from docxtpl import DocxTemplate
    from jinja2 import Environment

    template = templates.find(TEMPLATE)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for source in sources:
        doc = compose(load_notice(source), template, joins=False)
        tpl = DocxTemplate(str(template_path))
        tpl.render(templates.context(doc, template), Environment(autoescape=True), autoescape=True)
        written.append(out / f"{source.stem}.docx")
        tpl.save(str(written[-1]))
    return written


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(files: Sequence[Path], out: Path, profile: Path) -> list[str]:
    """``soffice --headless --convert-to pdf`` on ``files`` in one call, with a private profile."""
    return [
        str(soffice()),
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(out),
        *map(str, files),
    ]


# ---------------------------------------------------------------------------- measurements (in fresh processes)


def measure_warm(sources: list[Path], repeat: int) -> dict[str, Stat]:
    """Per notice, in one warm process: notice-gen's steps, WeasyPrint alone, docxtpl alone."""
    from weasyprint import HTML

    from notice_gen.render.docx import DocxRenderer
    from notice_gen.render.pdf import PdfRenderer

    batch.tune_gc()  # as a worker does
    template = templates.find(TEMPLATE)
    docx, pdf = DocxRenderer(template), PdfRenderer(template)
    docs = [compose(load_notice(p), template) for p in sources]
    htmls = [pdf.html.render(templates.context(doc, template)) for doc in docs]
    found: dict[str, Stat] = {}

    def per_notice(name: str, action: Callable[[int], object]) -> None:
        stats = [timed(lambda i=i: action(i), repeat) for i in range(len(sources))]
        found[name] = Stat([t for s in stats for t in s.times], cpu=[c for s in stats for c in s.cpu])

    with tempfile.TemporaryDirectory() as scratch:
        for name, formats in (("DOCX only", ("docx",)), ("PDF only", ("pdf",)), ("DOCX + PDF", ("docx", "pdf"))):
            pipeline = Pipeline(out_dir=Path(scratch) / name.replace(" ", ""), formats=formats)
            per_notice(f"notice-gen, {name}", lambda i, p=pipeline: p.update(sources[i], force=True))
        per_notice("  of which: load + compose", lambda i: compose(load_notice(sources[i]), template))
        per_notice("  of which: DOCX render", lambda i: docx.render(docs[i]))
        per_notice("  of which: PDF render", lambda i: pdf.render(docs[i]))
        per_notice(
            "WeasyPrint alone, same HTML and CSS",
            lambda i: (
                HTML(string=htmls[i], base_url=str(template.folder) + "/", url_fetcher=pdf.fetcher)
                .render(stylesheets=[pdf.css], font_config=pdf.font_config)
                .write_pdf(pdf_version="1.7")
            ),
        )
        route = route_template(Path(scratch) / "route.docx")
        per_notice("docxtpl alone (the route's DOCX)", lambda i: route_docx(route, [sources[i]], Path(scratch) / "r"))
    peak = own_peak_mib()
    for stat in found.values():
        stat.peak_mib = peak
    return found


def measure_profiles(source: Path, repeat: int) -> dict[str, str]:
    """cProfile of the two renderers on one notice: where the time goes."""
    from notice_gen.render.docx import DocxRenderer
    from notice_gen.render.pdf import PdfRenderer

    template = templates.find(TEMPLATE)
    doc = compose(load_notice(source), template)
    found = {}
    for name, renderer in (("DOCX", DocxRenderer(template)), ("PDF", PdfRenderer(template))):
        renderer.render(doc)
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(repeat):
            renderer.render(doc)
        profile.disable()
        found[name] = profile_summary(profile, repeat)
    return found


def profile_summary(profile: cProfile.Profile, calls: int, lines: int = 14) -> str:
    """The functions with the most cumulative time, per notice, with short file names."""
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(lines)
    text = out.getvalue().replace(str(ROOT / ".venv" / "lib"), "…").replace(str(ROOT) + "/", "")
    kept = [line for line in text.splitlines() if line.strip() and not line.startswith(("   Ordered", "   List"))]
    return f"(per notice: divide by {calls})\n" + "\n".join(kept)


def measure_route_batch(sources: list[Path], profile: Path) -> list[float]:
    """docxtpl over all sources, then LibreOffice on all the DOCX: in calls of 20 files (the
    issue's batch mode), and in one call for all (LibreOffice's best case). The seconds of each
    of the two routes, docxtpl included in both."""
    with tempfile.TemporaryDirectory() as scratch:
        route = route_template(Path(scratch) / "route.docx")  # the user's template exists already
        start = time.perf_counter()
        files = route_docx(route, sources, Path(scratch) / "docx")
        docxtpl = time.perf_counter() - start
        found = []
        for size in (LO_CALL, len(files)):
            out = Path(scratch) / f"pdf{size}"
            start = time.perf_counter()
            for first in range(0, len(files), size):
                subprocess.run(convert(files[first : first + size], out, profile), check=True, capture_output=True)
            found.append(docxtpl + time.perf_counter() - start)
            if len(list(out.glob("*.pdf"))) != len(sources):
                raise RuntimeError(f"LibreOffice converted {len(list(out.glob('*.pdf')))} of {len(sources)} files")
    return found


def measure_memory(files: list[Path], out: Path, jobs: int, sample_at: Sequence[int]) -> dict[int, float]:
    """Memory (PSS) of the whole process tree (this process, fork server, workers) in MiB,
    at its highest so far, after each notice of a batch through notice_gen.render.batch, as the CLI runs it."""
    settings = batch.Settings(out_dir=out, formats=("docx", "pdf"), force=True)
    peak, found = 0.0, {}
    for index, outcome in enumerate(batch.run(files, settings, jobs), 1):
        if outcome.status != "rendered":
            raise RuntimeError(f"{outcome.path}: {outcome.message} {outcome.details}")
        peak = max(peak, tree_memory_mib(os.getpid()))
        if index in sample_at:
            found[index] = peak
    return found


def measure_leak(sources: list[Path], count: int) -> tuple[float, float, float]:
    """One process rendering ``count`` notices, never replaced: its memory after 50 and after all, MiB per notice."""
    with tempfile.TemporaryDirectory() as scratch:
        pipeline = Pipeline(out_dir=Path(scratch))
        at_50 = 0.0
        for index in range(count):
            pipeline.update(sources[index % len(sources)], force=True)
            if index + 1 == 50:
                at_50 = tree_memory_mib(os.getpid(), tree=False)
        at_end = tree_memory_mib(os.getpid(), tree=False)
    return at_50, at_end, (at_end - at_50) / (count - 50)


def tree_memory_mib(root: int, *, tree: bool = True) -> float:
    """Memory of ``root`` and (with ``tree``) all its descendants, from /proc: the proportional
    set size, so pages a fork server shares with its workers count once, not once a process."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir() if tree else []:
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue

    def under_root(pid: int) -> bool:
        while pid > 1:
            if pid == root:
                return True
            pid = parents.get(pid, 0)
        return False

    members = [root] + [pid for pid in parents if pid != root and under_root(pid)]
    return sum(_pss_kib(pid) for pid in members) / 1024


def _pss_kib(pid: int) -> int:
    for line in _read(f"/proc/{pid}/smaps_rollup").splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return 0


# ---------------------------------------------------------------------------- the run


def machine() -> list[str]:
    info = _read("/proc/cpuinfo").splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), "?")
    memory = next((line.split()[1] for line in _read("/proc/meminfo").splitlines() if line.startswith("MemTotal")), "0")
    versions = ", ".join(f"{name} {metadata.version(name)}" for name in VERSIONS)
    lo = "not installed"
    if soffice():
        lo = subprocess.run([str(soffice()), "--version"], capture_output=True, text=True).stdout.strip() or "?"
    return [
        f"- Date: {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %z}",
        f"- Machine: {cpu}; {batch.usable_cpus()} usable CPUs; {int(memory) // 1024} MiB RAM;"
        f" {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}; {versions}",
        f"- System libraries: {libraries()}",
        f"- LibreOffice: {lo}",
    ]


def libraries() -> str:
    """Pango and HarfBuzz as WeasyPrint loads them, and whether it subsets fonts with HarfBuzz."""
    from weasyprint.text import ffi

    pango = ffi.pango.pango_version()
    try:
        hb = ctypes.CDLL("libharfbuzz.so.0")
        hb.hb_version_string.restype = ctypes.c_char_p
        harfbuzz = hb.hb_version_string().decode()
    except OSError:
        harfbuzz = "?"
    subset = ffi.harfbuzz_subset is not None and ffi.harfbuzz.hb_version_atleast(4, 1, 0)
    how = "HarfBuzz (libharfbuzz-subset0)" if subset else "fontTools (slower: install libharfbuzz-subset0)"
    return f"Pango {pango // 10000}.{pango // 100 % 100}.{pango % 100}, HarfBuzz {harfbuzz}; fonts subset by {how}"


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


@dataclass
class Target:
    what: str
    goal: str
    measured: str
    met: bool
    note: str = ""


def run(args: argparse.Namespace) -> list[str]:
    sources = notices()
    log(f"notices: {', '.join(p.stem for p in sources)}; load average {load()}")
    pages = _pages(sources)
    rows: list[list[str]] = []
    lines = [
        "# Benchmark results",
        "",
        "Written by `bench/bench.py`; bench/README.md says what is measured and why.",
        "",
    ]
    lines += machine()
    start_load = load()
    lines.append(f"- Notices: {', '.join(f'{p.stem} ({pages[p]} pages)' for p in sources)}")
    lines.append(f"- Repetitions: {args.repeat} (warm), {args.cold} (cold runs and LibreOffice)")
    lines.append("")

    log("warm, per notice")
    warm = in_fresh_process(measure_warm, sources, args.repeat)
    for name, stat in warm.items():
        rows.append([name + " (warm, per notice)", *stat.cells()])

    log("cold CLI runs")
    cold: dict[str, Stat] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for formats in ("docx", "pdf", "docx,pdf"):
            name = f"notice-gen, cold CLI, one file, {formats.replace(',', ' + ').upper()}"
            cold[name] = command(
                [CLI, "render", sources[0], "-o", Path(scratch) / formats, "-f", formats, "--force"], args.cold
            )
        for count in (3, 6):  # where starting workers pays off (notice_gen/render/batch.py: FILES_PER_WORKER)
            folder = make_batch(Path(scratch) / f"in{count}", count, sources)[0].parent
            for jobs in (1, 2):
                cold[f"notice-gen, cold CLI, {count} files, --jobs {jobs}"] = command(
                    [CLI, "render", folder, "-o", Path(scratch) / f"o{count}-{jobs}", "--force", "--jobs", jobs],
                    args.cold,
                )
        cold["notice-gen --help"] = command([CLI, "--help"], args.repeat)
    for name, stat in cold.items():
        rows.append([name, *stat.cells()])

    route: dict[str, Stat] = {}
    if soffice():
        log("LibreOffice, one file per call and 20 files per call")
        with tempfile.TemporaryDirectory() as scratch:
            folder = Path(scratch)
            profile = folder / "profile"
            docx = in_fresh_process(route_docx, route_template(folder / "t.docx"), sources, folder / "docx")
            route["LibreOffice, one file per call"] = command(convert(docx[:1], folder / "pdf", profile), args.cold)
            twenty = [shutil.copy(docx[i % len(docx)], folder / "docx" / f"{i:02d}.docx") for i in range(20)]
            stat = command(convert(list(map(Path, twenty)), folder / "pdf20", profile), args.cold)
            route["LibreOffice, 20 files in one call (per file)"] = Stat(
                [t / 20 for t in stat.times], peak_mib=stat.peak_mib
            )
        for name, stat in route.items():
            rows.append([name, *stat.cells()])

    lines += [
        "## Per notice",
        "",
        *table(["what", "median", "spread (min – max)", "CPU (median)", "peak memory"], rows),
        "",
    ]

    log(f"{args.batch} notices: notice-gen --jobs 1, --jobs {batch.usable_cpus()}, and the LibreOffice route")
    batch_rows, batches = run_batches(sources, args)
    lines += [
        "## Batches",
        "",
        "Run in turn at each repetition; the load average is the machine's, just before each run:",
        f"above 0 it counts other work, which takes CPUs from --jobs {batch.usable_cpus()} first.",
        "",
        *table(["what", "median", "spread (min – max)", "per notice", "load average", "peak memory"], batch_rows),
        "",
    ]

    log(f"memory over {args.memory} notices")
    memory_lines, growth, leak = run_memory(sources, args)
    lines += memory_lines

    log("profiles")
    profiles = in_fresh_process(measure_profiles, sources[0], args.repeat)

    targets = verdicts(warm, cold, batches, args.batch, growth, leak)
    lines += [
        "## Targets (issue 7)",
        "",
        *table(
            ["what", "target", "measured", "met?"],
            [[t.what, t.goal, t.measured, "yes" if t.met else f"**no**: {t.note}"] for t in targets],
        ),
        "",
    ]
    lines += ratios(warm, route, batches)
    lines += [f"Load average (1, 5, 15 min) at the start: {start_load}; at the end: {load()}.", ""]
    lines += ["## Where the time goes (cProfile, warm, one notice)", ""]
    for name, text in profiles.items():
        lines += [f"### {name}", "", "```", text, "```", ""]
    return lines


def _pages(sources: Sequence[Path]) -> dict[Path, int]:
    import pdfplumber

    with tempfile.TemporaryDirectory() as scratch:
        pipeline = Pipeline(out_dir=Path(scratch), formats=("pdf",))
        found = {}
        for source in sources:
            (pdf,) = pipeline.render(source)
            with pdfplumber.open(pdf) as document:
                found[source] = len(document.pages)
    return found


def run_batches(sources: list[Path], args: argparse.Namespace) -> tuple[list[list[str]], dict[str, Stat]]:
    """notice-gen with one worker and with one per CPU, and the two routes, in turn at each
    repetition, so that a burst of other work on the machine slows all of them alike; the
    load average before each run is kept."""
    jobs = batch.usable_cpus()
    found: dict[str, Stat] = {}

    def add(name: str, seconds: float, before: float, peak: float | None = None) -> None:
        stat = found.setdefault(name, Stat([]))
        stat.times.append(seconds)
        stat.load.append(before)
        stat.peak_mib = max(stat.peak_mib or 0, peak) if peak else None

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        files = make_batch(folder / "in", args.batch, sources)
        for attempt in range(args.batch_repeat):
            for n in sorted({1, jobs}):
                before = os.getloadavg()[0]
                out = folder / f"o{n}-{attempt}"
                run = command([CLI, "render", folder / "in", "-o", out, "--jobs", n], 1, warm_up=False)
                add(f"--jobs {n}", run.times[0], before, run.peak_mib)
            if soffice():
                before = os.getloadavg()[0]
                routes = in_fresh_process(measure_route_batch, files, folder / "profile")
                for name, seconds in zip((ROUTE, ROUTE_ONE_CALL), routes, strict=True):
                    add(name, seconds, before)
    rows = []
    for name, stat in found.items():
        label = name if name.startswith("docxtpl") else f"notice-gen render {name}, DOCX + PDF"
        loads = ", ".join(f"{x:.1f}" for x in stat.load)
        peak = f"{stat.peak_mib:.0f} MiB (largest process)" if stat.peak_mib else ""
        per = _duration(stat.median / args.batch)
        rows.append([f"{args.batch} notices: {label}", *stat.cells()[:2], per, loads, peak])
    return rows, found


def run_memory(sources: list[Path], args: argparse.Namespace) -> tuple[list[str], float, float]:
    jobs = batch.usable_cpus()
    with tempfile.TemporaryDirectory() as scratch:
        files = make_batch(Path(scratch) / "in", args.memory, sources)
        marks = sorted({50, 100, 250, 500, args.memory} & set(range(1, args.memory + 1)))
        peaks = in_fresh_process(measure_memory, files, Path(scratch) / "out", jobs, marks)
    at_50, at_end, leak = in_fresh_process(measure_leak, sources, args.leak)
    growth = peaks[args.memory] / peaks[50] - 1
    lines = [
        f"## Memory over a {args.memory}-notice batch (--jobs {jobs}, workers replaced every "
        f"{batch.WORKER_NOTICES} notices)",
        "",
        "Memory of the whole process tree (command, fork server, workers; proportional set size), highest so far:",
        "",
        *table(["after notice", *map(str, marks)], [["MiB", *(f"{peaks[m]:.0f}" for m in marks)]]),
        "",
        f"Growth from the 50th notice to the {args.memory}th: {growth:+.1%}.",
        "",
        f"Without replacing the process, one process rendering {args.leak} notices grows from {at_50:.0f} MiB"
        f" (50th) to {at_end:.0f} MiB: {leak * 1024:.0f} KiB per notice that Python cannot give back"
        " (see bench/README.md).",
        "",
    ]
    return lines, growth, leak


def verdicts(
    warm: dict[str, Stat], cold: dict[str, Stat], batches: dict[str, Stat], count: int, growth: float, leak: float
) -> list[Target]:
    """Each target of issue 7, met or not; a miss says by how much and where the time went."""

    def ms(name: str) -> str:
        return _duration(warm[name].median)

    # The render of one format, as the README has always given it; the steps both formats share
    # (reading, validating and composing the YAML) and writing are shown beside it.
    found = []
    for fmt, goal in (("PDF", 0.150), ("DOCX", 0.030)):
        render, whole = warm[f"  of which: {fmt} render"], warm[f"notice-gen, {fmt} only"]
        shared = f"all steps {_duration(whole.median)}, of which load + compose {ms('  of which: load + compose')}"
        found.append(
            Target(
                f"{fmt} per notice, warm batch",
                f"≤ {goal * 1000:.0f} ms",
                f"{_duration(render.median)} ({shared})",
                render.median <= goal,
                _over(render.median, goal),
            )
        )
    jobs = batch.usable_cpus()
    one, many = batches["--jobs 1"].median, batches[f"--jobs {jobs}"].median
    loads = ", ".join(f"{x:.1f}" for x in batches[f"--jobs {jobs}"].load)
    busy = f"other work shared the {jobs} CPUs (load average before the runs: {loads})"
    if ROUTE in batches:
        ratio = batches[ROUTE].median / many
        found.append(
            Target(
                f"{count} notices, DOCX + PDF, against docxtpl + LibreOffice",
                "≥ 2× the throughput",
                f"{ratio:.2f}× (--jobs {jobs})",
                ratio >= 2,
                f"{2 / ratio - 1:.0%} too slow: one PDF takes {ms('  of which: PDF render')} in WeasyPrint,"
                f" about what LibreOffice takes a file, so the margin comes from the {jobs} CPUs; {busy}",
            )
        )
    if jobs > 1:
        speedup = one / many
        found.append(
            Target(
                f"--jobs {jobs} against --jobs 1",
                "≥ 1.7× faster",
                f"{speedup:.2f}×",
                speedup >= 1.7,
                f"short by {1.7 - speedup:.2f}×; {busy}",
            )
        )
    helps = cold["notice-gen --help"]
    found.append(
        Target("notice-gen --help", "< 0.3 s", _duration(helps.median), helps.median < 0.3, _over(helps.median, 0.3))
    )
    found.append(
        Target(
            "memory, 50th → last notice of the batch",
            "grows < 20 %",
            f"{growth:+.1%}",
            growth < 0.2,
            f"each worker keeps {leak * 1024:.0f} KiB a notice until it is replaced (WORKER_NOTICES)",
        )
    )
    return found


def _over(measured: float, goal: float) -> str:
    return f"{measured / goal - 1:.0%} over ({_duration(measured - goal)})"


def ratios(warm: dict[str, Stat], route: dict[str, Stat], batches: dict[str, Stat]) -> list[str]:
    pdf = warm["  of which: PDF render"].median
    floor = warm["WeasyPrint alone, same HTML and CSS"].median
    lines = ["## Ratios", ""]
    lines.append(f"- notice-gen's PDF render is {pdf / floor:.2f}× WeasyPrint alone on the same HTML and CSS.")
    if route:
        one = route["LibreOffice, one file per call"].median
        twenty = route["LibreOffice, 20 files in one call (per file)"].median
        both = warm["notice-gen, DOCX + PDF"].median
        docxtpl = warm["docxtpl alone (the route's DOCX)"].median
        lines.append(
            f"- Per notice, warm: notice-gen DOCX + PDF {_duration(both)}; docxtpl + LibreOffice "
            f"{_duration(docxtpl + twenty)} (20 per call, {(docxtpl + twenty) / both:.1f}× slower) or "
            f"{_duration(docxtpl + one)} (one per call, {(docxtpl + one) / both:.1f}× slower)."
        )
    for name, stat in batches.items():
        if not name.startswith("docxtpl"):
            against = [f"{batches[r].median / stat.median:.2f}× ({r})" for r in (ROUTE, ROUTE_ONE_CALL) if r in batches]
            lines.append(f"- notice-gen {name}: the throughput of the route: {'; '.join(against)}.")
    lines.append("")
    return lines


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9, help="repetitions of each warm measurement")
    parser.add_argument("--cold", type=int, default=5, help="repetitions of cold runs and LibreOffice calls")
    parser.add_argument("--batch", type=int, default=200, help="notices in the batch comparison")
    parser.add_argument("--batch-repeat", type=int, default=3, help="repetitions of each batch")
    parser.add_argument("--memory", type=int, default=1000, help="notices in the memory batch")
    parser.add_argument("--leak", type=int, default=300, help="notices in one process to measure its growth")
    parser.add_argument("--quick", action="store_true", help="small counts, to try the script (not for RESULTS.md)")
    parser.add_argument("--output", type=Path, default=RESULTS, help="where to write the results")
    args = parser.parse_args(argv)
    if args.quick:
        args.repeat, args.cold, args.batch, args.batch_repeat, args.memory, args.leak = 3, 2, 20, 1, 60, 60
    text = "\n".join(run(args)).rstrip() + "\n"
    args.output.write_text(text, encoding="utf-8")
    print(text)
    log(f"written to {args.output}")


if __name__ == "__main__":
    main()
