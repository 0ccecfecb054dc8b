"""A batch of notices, rendered in this process or in worker processes.

Rendering is CPU-bound Python (docxtpl, WeasyPrint's layout), so only processes
scale. The workers are forked from a fork server that has imported notice_gen
and the renderers once, or spawned where there is no fork server (Windows);
never forked from this process, whose threads and GLib, Pango and fontconfig
state a child must not inherit. Each worker builds one Pipeline, so it parses
each template, its CSS and the font configuration once.

WeasyPrint 70 keeps some native memory after every PDF (about 0.13 MB,
bench/RESULTS.md), which Python cannot give back. A worker is therefore used
for at most WORKER_NOTICES notices, then replaced, so a batch of any length
stays memory-flat. For the same reason a batch longer than that goes to one
worker even with --jobs 1.

Results come back in the order of the files, whatever the number of workers,
so the log reads the same; each file's outputs are the same bytes whatever
worker made them. A file that fails is reported and the batch goes on.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..errors import InputError, NoticeError
from .pipeline import Pipeline

WORKER_NOTICES = 50  # notices a worker renders before it is replaced (memory, see above)
# Starting the workers costs about what three notices take to render (bench/README.md):
# below that many files per worker, one process is as fast.
FILES_PER_WORKER = 3
GC_THRESHOLD = 10_000  # allocations between young collections in a worker (Python's default: 700)

Status = Literal["rendered", "unchanged", "invalid", "failed"]


@dataclass(frozen=True)
class Settings:
    """What a worker needs to build its Pipeline and render as the command line asked."""

    out_dir: Path
    formats: tuple[str, ...]
    templates_dir: Path | None = None
    final: bool = False
    force: bool = False

    def pipeline(self) -> Pipeline:
        return Pipeline(out_dir=self.out_dir, formats=self.formats, templates_dir=self.templates_dir, final=self.final)


@dataclass(frozen=True)
class Outcome:
    """One file's result, as the command line reports it; plain data, so it crosses processes."""

    path: Path
    status: Status
    message: str
    details: tuple[str, ...] = ()
    outputs: tuple[Path, ...] = ()


def render_one(pipeline: Pipeline, path: Path, force: bool) -> Outcome:
    """Render one file and say how it went; never raises, so a batch goes on past any file."""
    try:
        outputs, written = pipeline.update(path, force=force)
    except InputError as exc:
        return Outcome(path, "invalid", "dữ liệu không hợp lệ, không ghi tệp nào:", tuple(map(str, exc.problems)))
    except NoticeError as exc:
        return Outcome(path, "failed", "không kết xuất được:", (str(exc),))
    except Exception as exc:  # a bug of ours: report it, keep the batch going
        return Outcome(path, "failed", _internal(exc))
    return Outcome(path, "rendered" if written else "unchanged", "", (), tuple(outputs))


def usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def default_jobs(files: int) -> int:
    """One worker per usable CPU, but no more than the files keep busy."""
    return max(1, min(usable_cpus(), files // FILES_PER_WORKER))


def run(files: Sequence[Path], settings: Settings, jobs: int) -> Iterator[Outcome]:
    """Each file's Outcome, in the order of ``files``."""
    if jobs <= 1 and len(files) <= WORKER_NOTICES:
        pipeline = settings.pipeline()
        for path in files:
            yield render_one(pipeline, path, settings.force)
        return
    context = _context(settings.formats)
    # Each round's pool ends with it: its workers are replaced after about WORKER_NOTICES each.
    size = WORKER_NOTICES * jobs
    for start in range(0, len(files), size):
        yield from _round(files[start : start + size], settings, jobs, context)


def _round(
    files: Sequence[Path], settings: Settings, jobs: int, context: multiprocessing.context.BaseContext
) -> Iterator[Outcome]:
    pool = ProcessPoolExecutor(
        min(jobs, len(files)),
        context,
        initializer=_start_worker,
        initargs=(settings, dict(os.environ), os.getcwd()),
    )
    try:
        futures: list[Future[Outcome]] = [pool.submit(_work, path) for path in files]
        for path, future in zip(files, futures, strict=True):
            try:
                yield future.result()
            except BrokenProcessPool:
                yield Outcome(
                    path,
                    "failed",
                    "tiến trình kết xuất dừng đột ngột khi đang làm tệp này hoặc một tệp chạy cùng lúc; "
                    "hãy kết xuất riêng tệp này để biết",
                )
            except Exception as exc:  # e.g. an Outcome that could not be sent back
                yield Outcome(path, "failed", _internal(exc))
    finally:
        # On Ctrl-C or an early stop: drop the files not started; those running finish whole.
        pool.shutdown(wait=True, cancel_futures=True)


def _context(formats: tuple[str, ...]) -> multiprocessing.context.BaseContext:
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # Imported once by the fork server, not by every worker; only the renderers asked for.
    modules = ["notice_gen.render.batch"] + [f"notice_gen.render.{fmt}" for fmt in formats]
    context.set_forkserver_preload(modules)
    return context


_worker: tuple[Pipeline, bool] | None = None  # a worker's Pipeline and --force


def _start_worker(settings: Settings, environment: dict[str, str], cwd: str) -> None:
    """Once per worker: this batch's environment and folder (a fork server started earlier has
    its own: NOTICE_GEN_TEMPLATES, SOURCE_DATE_EPOCH, relative paths), then its Pipeline.
    Ctrl-C is the main process's to handle."""
    global _worker
    tune_gc()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.environ.clear()
    os.environ.update(environment)
    os.chdir(cwd)
    _worker = settings.pipeline(), settings.force


def tune_gc() -> None:
    """Tune the cycle collector of a process that renders many notices.

    WeasyPrint makes many short-lived objects, and by default a full collection walks every
    module, style and font the process holds: about 6 % of a notice's time. What the process
    holds now is frozen out of collection (in a worker, this also keeps its pages shared with
    the fork server), and the youngest generation is collected less often: about 3 %, with the
    same memory (bench/README.md)."""
    gc.freeze()
    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])


def _work(path: Path) -> Outcome:
    assert _worker is not None, "worker used before _start_worker"
    pipeline, force = _worker
    return render_one(pipeline, path, force)


def _internal(exc: BaseException) -> str:
    return f"lỗi nội bộ của notice-gen ({type(exc).__name__}: {exc}); xin báo lại kèm tệp này"
