"""Time `notice-gen import` on this machine (issue 11: a 5-page DOCX or PDF under 300 ms warm).

    .venv/bin/python bench/bench_import.py            # writes bench/RESULTS-import.md

Each input of inputs/ is rendered once (DOCX and PDF); then each output is imported
REPEAT times in this process, after one import to warm it up (module imports, font
metrics), and the median and the fastest run are reported, in wall-clock and CPU time,
with the page count. The machine is shared and noisy (±30 %): the fastest run shows what
the code costs, the median what a user waits. As bench.py, this is a report, never a
test: timings depend on the machine and its load.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from notice_gen.importer import import_file  # noqa: E402
from notice_gen.render.pipeline import Pipeline  # noqa: E402

RESULTS = ROOT / "bench" / "RESULTS-import.md"
REPEAT = 31
GOAL_MS = 300.0


def pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def timed(path: Path) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds of each import: on a shared machine the CPU time is the steadier."""
    import_file(path)  # warm-up
    wall, cpu = [], []
    for _ in range(REPEAT):
        start, start_cpu = time.perf_counter(), time.process_time()
        import_file(path).yaml_text()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return wall, cpu


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        pipeline = Pipeline(out_dir=Path(folder))
        rendered = [(source, *pipeline.render(source)) for source in sorted((ROOT / "inputs").glob("*.yaml"))]
        del pipeline  # rendered first, all of them: the imports are timed without the renderer's work between
        gc.collect()
        for source, docx, pdf in rendered:
            count = pages(pdf)
            for path in (docx, pdf):
                wall, cpu = timed(path)
                ms = [statistics.median(wall) * 1000, min(wall) * 1000, statistics.median(cpu) * 1000, min(cpu) * 1000]
                rows.append((source.stem, path.suffix[1:], count, *ms))
                print(f"{source.stem}.{path.suffix[1:]}: {count} trang, {ms[0]:.0f} ms", file=sys.stderr)
    widest = [r for r in rows if r[2] == max(r[2] for r in rows)]
    worst = {kind: max((r for r in widest if r[1] == kind), key=lambda r: r[5]) for kind in ("docx", "pdf")}
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    lines = [
        "# `notice-gen import`: thời gian đo được",
        "",
        f"Máy: {platform.machine()}, {os.cpu_count()} CPU, Python {platform.python_version()}, "
        f"tải trung bình lúc đo {load:.1f}; ngày {dt.date.today().isoformat()}. "
        f"{REPEAT} lần nhập mỗi tệp trong một tiến trình đã khởi động (sau một lần làm nóng), "
        "gồm đọc tệp, nhận dạng, kiểm tra bằng mô hình và viết YAML; không gồm ghi tệp. "
        "Máy dùng chung nên thời gian dao động (±30 %): lần nhanh nhất cho biết phần mềm tốn bao nhiêu, "
        "trung vị cho biết người dùng chờ bao lâu.",
        "",
        "| tệp | loại | trang | trung vị | nhanh nhất | CPU trung vị | CPU nhanh nhất |",
        "|---|---|---|---|---|---|---|",
        *(
            f"| {r[0]} | {r[1]} | {r[2]} | {r[3]:.0f} ms | {r[4]:.0f} ms | {r[5]:.0f} ms | {r[6]:.0f} ms |"
            for r in rows
        ),
        "",
        f"Mục tiêu (issue 11): thông báo {widest[0][2]} trang dưới {GOAL_MS:.0f} ms (tệp chậm nhất trong số đó), "
        "xét theo thời gian CPU trung vị: trên máy dùng chung, thời gian thực còn gồm lúc chờ tiến trình khác.",
        *(
            f"- {kind.upper()} ({worst[kind][0]}): CPU trung vị {worst[kind][5]:.0f} ms, "
            f"nhanh nhất {worst[kind][6]:.0f} ms; thời gian thực trung vị {worst[kind][3]:.0f} ms, "
            f"nhanh nhất {worst[kind][4]:.0f} ms: "
            + ("**đạt**." if worst[kind][5] < GOAL_MS else "**chưa đạt**.")
            + ("" if worst[kind][3] < GOAL_MS else f" (thời gian thực trung vị trên {GOAL_MS:.0f} ms ở tải này)")
            for kind in ("docx", "pdf")
        ),
        *(
            f"- Chậm nhất mọi cỡ ({kind.upper()}): {r[0]}, {r[2]} trang, trung vị {r[3]:.0f} ms, "
            f"nhanh nhất {r[4]:.0f} ms."
            for kind in ("docx", "pdf")
            for r in [max((r for r in rows if r[1] == kind), key=lambda r: r[3])]
        ),
        "",
    ]
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print(f"Đã ghi {RESULTS}", file=sys.stderr)


if __name__ == "__main__":
    main()
