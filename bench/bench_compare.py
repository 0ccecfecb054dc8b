"""What a change costs in render time: two revisions of notice-gen, interleaved, on the same inputs.

    .venv/bin/python bench/bench_compare.py a1bf205^ main     # writes bench/RESULTS-compare.md

Each revision is exported with `git archive` into a temporary folder (no worktree, nothing in the
repository changes) and run in processes of its own, with this virtual environment. A round starts
one process per revision, in alternating order (old then new, then new then old: a machine that
slows down or speeds up during the run weighs on both alike); each process renders every input of
the OLD revision's inputs/ once to warm up, then ``--reps`` times, DOCX and PDF, as `render` does
(`Pipeline.render`: read and validate the YAML, compose, both renderers, write the files). Wall and
CPU time are recorded per render; the report gives, per revision, the minimum and the median of the
time per notice (the inputs' total over their count), its spread, and the ratios. On a shared
machine the minimum and the CPU time are the steadier figures; see bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS-compare.md"

# Run inside each exported tree (PYTHONPATH is the tree): one warm process, times per render.
WORKER = """
import gc, json, sys, time
from pathlib import Path
from notice_gen.render.pipeline import Pipeline
inputs, out, reps = [Path(p) for p in sys.argv[1].split(":")], Path(sys.argv[2]), int(sys.argv[3])
pipeline = Pipeline(out_dir=out)
for path in inputs:
    pipeline.render(path)
samples = []
for _ in range(reps):
    for path in inputs:
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        pipeline.render(path)
        samples.append([path.name, time.perf_counter() - wall, time.process_time() - cpu])
print(json.dumps(samples))
"""


def export(revision: str, folder: Path) -> tuple[Path, str]:
    """The tree of ``revision`` unpacked in ``folder``, and its commit id."""
    commit = subprocess.run(
        ["git", "rev-parse", "--short", revision], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()
    tree = folder / commit
    tree.mkdir()
    archive = subprocess.run(["git", "archive", "--format=tar", commit], cwd=ROOT, check=True, capture_output=True)
    tar = folder / f"{commit}.tar"
    tar.write_bytes(archive.stdout)
    with tarfile.open(tar) as source:
        source.extractall(tree, filter="data")
    return tree, commit


def run(tree: Path, inputs: list[Path], out: Path, reps: int) -> list[list]:
    environment = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run(
        [sys.executable, "-c", WORKER, ":".join(map(str, inputs)), str(out), str(reps)],
        cwd=tree,
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout)


def per_notice(samples: list[list], count: int, column: int) -> list[float]:
    """Seconds per notice in each repetition: the inputs' total divided by their number."""
    values = [sample[column] for sample in samples]
    return [sum(values[k : k + count]) / count for k in range(0, len(values), count)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old")
    parser.add_argument("new", nargs="?", default="HEAD")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--reps", type=int, default=4)
    parser.add_argument("--no-write", action="store_true", help="print only, do not write RESULTS-compare.md")
    args = parser.parse_args()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="notice-gen-compare-") as temporary:
        folder = Path(temporary)
        trees = dict(export(revision, folder) for revision in (args.old, args.new))  # tree → commit
        old_tree, new_tree = trees
        inputs = sorted((old_tree / "inputs").glob("*.yaml"))
        samples: dict[Path, list[list]] = {tree: [] for tree in trees}
        for round_number in range(args.rounds):
            order = (old_tree, new_tree) if round_number % 2 == 0 else (new_tree, old_tree)
            for tree in order:
                samples[tree] += run(tree, inputs, folder / f"out-{trees[tree]}", args.reps)
            print(f"round {round_number + 1}/{args.rounds} done", file=sys.stderr)
    load_after = os.getloadavg()
    rows, medians, minima = [], {}, {}
    for tree, commit in trees.items():
        wall = per_notice(samples[tree], len(inputs), 1)
        cpu = per_notice(samples[tree], len(inputs), 2)
        medians[tree], minima[tree] = statistics.median(wall), min(wall)
        deciles = statistics.quantiles(wall, n=10)
        rows.append(
            f"| {commit} | {len(wall)} | {min(wall) * 1000:.0f} | {statistics.median(wall) * 1000:.0f} | "
            f"{deciles[0] * 1000:.0f} – {deciles[-1] * 1000:.0f} | {max(wall) * 1000:.0f} | "
            f"{min(cpu) * 1000:.0f} | {statistics.median(cpu) * 1000:.0f} |"
        )
    names = [path.name for path in inputs]
    by_input = []
    for name in names:
        cells = []
        for tree in trees:
            times = [s[1] for s in samples[tree] if s[0] == name]
            cells.append(f"{min(times) * 1000:.0f} / {statistics.median(times) * 1000:.0f}")
        by_input.append(f"| {name} | {' | '.join(cells)} |")
    ratio_median = medians[new_tree] / medians[old_tree]
    ratio_min = minima[new_tree] / minima[old_tree]
    old_commit, new_commit = trees[old_tree], trees[new_tree]
    text = "\n".join(
        [
            "# Render time of two revisions (bench/bench_compare.py)",
            "",
            f"`.venv/bin/python bench/bench_compare.py {args.old} {args.new} --rounds {args.rounds} "
            f"--reps {args.reps}`, {dt.date.today().isoformat()}, {platform.node()}, {os.cpu_count()} CPUs, "
            f"Python {platform.python_version()}; "
            f"load average {load_before[0]:.2f} at the start, {load_after[0]:.2f} at the end.",
            "",
            f"Every notice of `inputs/` at {old_commit} ({len(inputs)} notices, DOCX + PDF, warm process, "
            f"`Pipeline.render`), {args.rounds} rounds × {args.reps} repetitions per revision, the two "
            "revisions' processes interleaved. Milliseconds per notice:",
            "",
            "| revision | repetitions | min | median | 10th – 90th percentile | max | CPU min | CPU median |",
            "|---|---|---|---|---|---|---|---|",
            *rows,
            "",
            f"{new_commit} against {old_commit}: **{(ratio_median - 1) * 100:+.1f} %** on the medians, "
            f"**{(ratio_min - 1) * 100:+.1f} %** on the minima.",
            "",
            f"Per input, min / median (ms): {old_commit} | {new_commit}",
            "",
            f"| input | {old_commit} | {new_commit} |",
            "|---|---|---|",
            *by_input,
            "",
        ]
    )
    print(text)
    if not args.no_write:
        RESULTS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
